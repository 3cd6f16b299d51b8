"""Panels a designer would sign: the panels the text flows through end at a similar height,
no panel of the folded piece is blank, a list keeps two items on each side of a break,
gaps are never stretched past one and a half times, pictures take the width they ask for,
and a booklet has no page with a line or two on it.

Every measure is read back from the built PDFs (tests/panelfill.py: pypdf and pypdfium2).
The leaflets are made as a new user makes them: `leaflet new`, then a text written in.
"""
from __future__ import annotations

import re

import ctypes
from collections import Counter
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image

from leaflet.folds import sheet as fold_sheet
from panelfill import flow_fills, panel_fills
from pdfcheck import MM

SENTENCES = (
    "Nerves carry signals from the brain to the muscles of the arms and legs",
    "When the covering of a nerve is damaged, the signal slows down or stops",
    "Many people first notice a weak hand or a foot that drags when they walk",
    "The weakness often comes slowly, over months or years, and may change from week to week",
    "A doctor who knows the nerves can measure how fast they carry a signal",
    "Treatment does not cure the illness, but it helps most people keep their strength",
    "Regular infusions are given in hospital or, for some, at home",
    "Talk to your nurse if you feel tired for days after a treatment",
    "Exercise that suits your body keeps the muscles you have in use",
    "Family and friends can help most when they know what the illness does",
)

ONE_WARNING = "1 warning; nothing stopped the build"


def words(count: int, start: int = 0) -> str:
    """About ``count`` words of plain English sentences, from sentence ``start`` on."""
    out, n, i = [], 0, start
    while n < count:
        sentence = SENTENCES[i % len(SENTENCES)]
        out.append(sentence + ".")
        n += len(sentence.split())
        i += 1
    return " ".join(out)


def content(total: int, picture: bool = False) -> list[dict]:
    """About ``total`` words in sections: a heading, two paragraphs, now and then a
    bulleted list or a box, and a picture after the first section when asked for."""
    blocks, used, section = [], 0, 0
    while used < total:
        section += 1
        size = max(12, min(60, (total - used) // 2))
        blocks += [{"heading": f"Part {section} of living with it"},
                   {"text": words(size, section) + "\n\n" + words(size // 2 + 8, section + 3)}]
        used += size + size // 2 + 14
        if picture and section == 1:
            blocks.append({"image": {"src": "images/photo.png", "alt": "A nurse with a patient",
                                     "caption": "At the clinic"}})
        if section % 2 == 0 and used < total:
            blocks.append({"bullets": [words(5, section + k)[:60] for k in range(4)]})
            used += 40
        if section % 3 == 0 and used < total:
            blocks.append({"box": {"heading": "In brief", "text": words(20, section)}})
            used += 22
    return blocks


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """An empty project, the current folder."""
    (tmp_path / "leaflets").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new_leaflet(cli, root: Path, name: str, fold: str, paper: str, blocks: list) -> Path:
    """`leaflet new`, then the paper and the English text a user writes in; its print PDF."""
    assert cli("new", name, "--fold", fold, "--lang", "en").code == 0
    folder = root / "leaflets" / name
    spec = (folder / "leaflet.yaml").read_text().replace("paper: A4", f"paper: {paper}")
    (folder / "leaflet.yaml").write_text(spec)
    document = yaml.safe_load((folder / "en.yaml").read_text())
    document["content"] = blocks
    (folder / "en.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    (folder / "images").mkdir()
    Image.new("RGB", (1400, 900), (80, 130, 190)).save(folder / "images" / "photo.png")
    return root / "output" / name / f"{name}-en-print.pdf"


def assert_even_and_none_blank(pdf: Path, fold: str, paper: str) -> None:
    fills = panel_fills(pdf, fold, paper)
    blank = [name for name, fill in fills.items() if fill <= 0]
    assert not blank, f"{pdf.name}: blank panels {blank}"
    flow = flow_fills(pdf, fold, paper)
    if min(flow) < 0.85:  # all nearly full is even enough
        assert max(flow) - min(flow) <= 1 / 3, f"{pdf.name}: uneven panels {flow}"


def test_the_samples_have_even_panels_and_no_blank_one(project, cli):
    assert cli("build").code == 0
    for folder in sorted((project / "leaflets").iterdir()):
        if not (folder / "leaflet.yaml").is_file():
            continue
        spec = yaml.safe_load((folder / "leaflet.yaml").read_text())
        for pdf in sorted((project / "output" / folder.name).glob("*-print.pdf")):
            assert_even_and_none_blank(pdf, spec["fold"], spec.get("paper", "A4"))


@pytest.mark.parametrize("fold,total", [("bifold", 300), ("bifold", 550), ("trifold", 450),
                                        ("trifold", 800), ("zfold", 450), ("zfold", 800)])
def test_medium_and_long_texts_balance_over_every_panel(root, cli, fold, total):
    pdf = new_leaflet(cli, root, "x", fold, "A4", content(total, picture=True))
    run = cli("build")
    assert run.code == 0, run.err
    assert "blank" not in run.err and "fills only" not in run.err
    assert_even_and_none_blank(pdf, fold, "A4")


def test_a_new_users_600_word_zfold_on_letter_fills_every_panel_evenly(root, cli):
    """The issue's case: the outside-left panel came out blank, inside right half empty."""
    pdf = new_leaflet(cli, root, "z", "zfold", "letter", content(600, picture=True))
    run = cli("build")
    assert run.code == 0 and run.err == "", run.err
    assert_even_and_none_blank(pdf, "zfold", "letter")
    assert min(flow_fills(pdf, "zfold", "letter")) > 0.5


@pytest.mark.parametrize("fold", ["trifold", "zfold"])
def test_a_short_text_is_spread_over_its_panels_with_a_warning(root, cli, fold):
    """130 words cannot fill a six-panel fold: no panel is left blank, and the user is
    told that a bifold would suit the text."""
    pdf = new_leaflet(cli, root, "s", fold, "A4", content(130))
    run = cli("build")
    assert run.code == 0, run.err
    fullest = max(flow_fills(pdf, fold, "A4"))
    assert len(run.lines) == 2 and run.lines[0].startswith(
        "leaflets/s/en.yaml:1:8: warning: the text fills only about "), run.err
    assert run.lines[0].endswith("% of the 4 panels it flows through (add text, or choose a "
                                 "smaller fold: 'fold: bifold' in leaflet.yaml)")
    said = int(run.lines[0].split("about ")[1].split("%")[0])
    assert abs(said - fullest * 100) <= 3  # what the reader measures, give or take a line
    assert run.lines[1] == ONE_WARNING
    assert_even_and_none_blank(pdf, fold, "A4")


def test_a_panel_left_blank_is_named_in_a_warning(root, cli):
    """A heading and its one-line paragraph, for four panels: they stay together on the
    first, and the three others are named."""
    new_leaflet(cli, root, "b", "trifold", "A4",
                [{"heading": "Only this"}, {"text": "One short paragraph."}])
    run = cli("build")
    assert run.code == 0
    assert run.lines == ["leaflets/b/en.yaml:1:8: warning: the inside left, inside middle "
                         "and inside right panels are blank: the text is too short for a trifold "
                         "(add text, or choose a smaller fold: 'fold: bifold' in leaflet.yaml)",
                         ONE_WARNING]


def panel_text(pdf: Path, side: int, x0: float, x1: float) -> str:
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[side]
        return page.get_textpage().get_text_bounded(x0, 0, x1, page.get_size()[1])
    finally:
        document.close()


def test_a_list_keeps_two_items_on_each_side_of_a_panel_break(root, cli):
    """Lead texts of many lengths put the list's break at every item in turn; no panel
    ever holds just one of its items."""
    items = [f"Point {n} {'of the list ' * 3}" for n in range(1, 7)]
    sheet = fold_sheet("zfold", "A4")
    broken = 0
    for lead in range(40, 220, 12):
        name = f"l{lead}"
        blocks = [{"heading": "Before the list"}, {"text": words(lead)},
                  {"text": words(lead // 2, 4)}, {"bullets": items},
                  {"heading": "After the list"}, {"text": words(300 - lead, 2)}]
        pdf = new_leaflet(cli, root, name, "zfold", "A4", blocks)
        run = cli("build", name)
        assert run.code == 0, run.err
        counts = []
        for panel in sheet.panels:
            left = float(pypdf.PdfReader(pdf).pages[panel.side].trimbox[0])
            text = panel_text(pdf, panel.side, left + panel.x, left + panel.x + panel.width)
            counts.append(sum(f"Point {n} " in text for n in range(1, 7)))
        seen = [c for c in counts if c]
        assert sum(seen) == 6 and all(c >= 2 for c in seen), f"{name}: {counts}"
        broken += len(seen) > 1
    assert broken, "no variant broke the list: the test shows nothing"


def body_lines(pdf: Path, side: int, x0: float, x1: float) -> list[tuple[float, float]]:
    """(baseline as minus its height on the page, and font size) of each line in a panel,
    top to bottom."""
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    try:
        textpage = document[side].get_textpage()
        lines: dict[float, float] = {}
        for i in range(textpage.count_chars()):
            if not textpage.get_text_range(i, 1).strip():
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
            if x0 <= x.value <= x1:
                size = round(raw.FPDFText_GetFontSize(textpage.raw, i), 2)
                key = round(y.value, 1)
                lines[key] = max(lines.get(key, 0.0), size)
    finally:
        document.close()
    return sorted((-y, size) for y, size in lines.items())


def test_gaps_between_paragraphs_stretch_at_most_one_and_a_half_times(root, cli):
    blocks = [{"heading": "Living with it"}]
    blocks += [{"text": words(18 + 9 * (n % 4), n)} for n in range(16)]
    pdf = new_leaflet(cli, root, "g", "trifold", "A4", blocks)
    assert cli("build").code == 0
    sheet = fold_sheet("trifold", "A4")
    left = float(pypdf.PdfReader(pdf).pages[1].trimbox[0])
    gaps = []
    for panel in sheet.side(1):
        lines = body_lines(pdf, 1, left + panel.x, left + panel.x + panel.width)
        body = Counter(size for _, size in lines).most_common(1)[0][0]
        gaps += [round(b - a, 2) for (a, sa), (b, sb) in zip(lines, lines[1:])
                 if sa == sb == body]
    leading = Counter(gaps).most_common(1)[0][0]  # between the lines of a paragraph
    paragraph_gap = leading * 0.5                  # the style's space after a paragraph
    assert max(gaps) > leading + 0.9 * paragraph_gap  # there are paragraph breaks here
    assert max(gaps) <= leading + 1.5 * paragraph_gap + 0.5


def image_boxes(pdf: Path, side: int) -> list[tuple[float, float, float, float]]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        import pypdfium2.raw as raw

        return [obj.get_bounds() for obj in
                document[side].get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])]
    finally:
        document.close()


@pytest.mark.parametrize("width,align", [("30mm", "center"), ("40%", "right"), (None, None)])
def test_an_image_takes_the_width_and_place_it_asks_for(root, cli, width, align):
    image = {"src": "images/photo.png", "alt": "A nurse"}
    image.update({"width": width, "align": align} if width else {})
    pdf = new_leaflet(cli, root, "i", "zfold", "A4",
                      [{"heading": "A picture"}, {"image": image}, {"text": words(40)}])
    run = cli("build")
    assert run.code == 0, run.err
    sheet = fold_sheet("zfold", "A4")
    trim = float(pypdf.PdfReader(pdf).pages[1].trimbox[0])
    (x0, _, x1, _), = image_boxes(pdf, 1)
    panel = next(p for p in sheet.side(1) if trim + p.x <= (x0 + x1) / 2 <= trim + p.x + p.width)
    left = trim + panel.x
    column = (left + sheet.margin_x, left + panel.width - sheet.margin_x)
    column_width = column[1] - column[0]
    expected = {"30mm": 30 * MM, "40%": 0.4 * column_width, None: column_width}[width]
    assert x1 - x0 == pytest.approx(expected, abs=0.3)
    if align == "center":
        assert (x0 + x1) / 2 == pytest.approx(sum(column) / 2, abs=0.3)
    else:
        assert (x1 if align == "right" else x0) == pytest.approx(
            column[1] if align == "right" else column[0], abs=0.3)
    # The HTML edition sizes and places it alike (CSS's pt is the PDF's point).
    page = (pdf.parent / "i-en.html").read_text()
    style = re.search(r'<figure>\s*<img [^>]*?(?:style="([^"]*)")?>', page).group(1) or ""
    assert style == {"30mm": "width:85.0pt;display:block;margin-left:auto;margin-right:auto",
                     "40%": "width:40%;display:block;margin-left:auto", None: ""}[width]


def test_the_resolution_warning_works_on_the_printed_width_and_says_the_pixels_needed(
        root, cli):
    image = {"src": "images/small.png", "alt": "An icon", "width": "40mm"}
    new_leaflet(cli, root, "r", "bifold", "A4", [{"image": image}, {"text": words(60)}])
    Image.new("RGB", (400, 400), (200, 60, 60)).save(
        root / "leaflets" / "r" / "images" / "small.png")  # 254 ppi at 40 mm
    run = cli("build")
    assert run.code == 0, run.err
    assert ("warning: the image is 254 ppi at its printed size (40 mm wide); print shops want "
            "300 (use an image at least 472 pixels wide, or print it at most 33 mm wide: "
            "'width: 33mm' in its block)") in run.err
    image["width"] = "30mm"  # 339 ppi: sharp enough
    document = yaml.safe_load((root / "leaflets" / "r" / "en.yaml").read_text())
    document["content"][0]["image"]["width"] = "30mm"
    (root / "leaflets" / "r" / "en.yaml").write_text(yaml.safe_dump(document))
    run = cli("build")
    assert run.code == 0 and "ppi" not in run.err, run.err


@pytest.mark.parametrize("width", ["big", "0%", "140%", "-3mm"])
def test_a_width_that_is_not_one_is_an_error_at_its_line(root, cli, width):
    image = {"src": "images/photo.png", "alt": "A nurse", "width": width}
    new_leaflet(cli, root, "w", "bifold", "A4", [{"image": image}])
    run = cli("check")
    assert run.code == 1
    assert any(f"error: '{width}' is not an image width (write a share of the column, such as "
               "40%, or a length, such as 30mm)" in line for line in run.lines), run.err


def test_no_booklet_page_holds_a_lonely_line_or_two(project, cli):
    """The sample booklet (whose MMN leaflet ended on a page of two lines), and its MMN
    leaflet made longer by some lines at a time: a leaflet's last page shares the text of
    the one before rather than hold a line or two."""
    da = project / "leaflets" / "mmn" / "da.yaml"
    original = da.read_text()
    for extra in (0, 10, 25, 40, 55, 70):
        document = yaml.safe_load(original)
        if extra:
            document["content"].append({"text": " ".join(["Ord i en ekstra sætning."] * extra)})
        da.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
        run = cli("booklet", "patientinfo-da")
        assert run.code == 0, run.err
        pdf = project / "output" / "booklets" / "patientinfo-da.pdf"
        document_pdf = pdfium.PdfDocument(str(pdf))
        width, height = document_pdf[0].get_size()
        count = len(document_pdf)
        document_pdf.close()
        for index in range(2, count - 1):  # the leaflets' pages
            # Body lines only: not the running head at the top, nor the page number.
            lines = [down for down, size in body_lines(pdf, index, 0, width)
                     if 15 * MM < -down < height - 15 * MM and abs(size - 10) < 0.3]
            assert not lines or len(lines) >= 4, f"+{extra}: page {index + 1}: {len(lines)} lines"


def test_a_panel_break_parts_the_text_and_each_part_is_balanced(root, cli):
    """Text before the break fills two panels; after it, the rest is shared out over the
    two left, instead of filling one and leaving the outside left panel a few lines."""
    blocks = content(260) + [{"break": "panel"}] + content(300)
    pdf = new_leaflet(cli, root, "k", "zfold", "A4", blocks)
    run = cli("build")
    assert run.code == 0 and run.err == "", run.err
    assert_even_and_none_blank(pdf, "zfold", "A4")
    fills = flow_fills(pdf, "zfold", "A4")
    assert abs(fills[2] - fills[3]) <= 0.15, fills


def test_a_blank_back_panel_is_named(root, cli):
    new_leaflet(cli, root, "e", "zfold", "A4", content(600))
    document = yaml.safe_load((root / "leaflets" / "e" / "en.yaml").read_text())
    document["back"] = []
    (root / "leaflets" / "e" / "en.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    run = cli("build")
    assert run.code == 0
    assert run.lines == ["leaflets/e/en.yaml:1:8: warning: the back panel is blank: nothing is "
                         "written for it (give 'back:' a few lines and '- contact: "
                         "organisation')", ONE_WARNING]


def test_a_short_text_of_small_paragraphs_keeps_each_paragraph_on_one_panel(root, cli):
    """With room to spare, spreading a text over its panels needs no paragraph broken
    over a fold: each starts and ends on the same panel, and no panel is blank."""
    paragraphs = [f"Point {k}. {words(14 + 4 * (k % 3), k)} End {k}." for k in range(9)]
    pdf = new_leaflet(cli, root, "p", "trifold", "A4",
                      [{"heading": "What it is"}] + [{"text": p} for p in paragraphs])
    assert cli("build").code == 0
    assert_even_and_none_blank(pdf, "trifold", "A4")
    sheet = fold_sheet("trifold", "A4")
    trim = float(pypdf.PdfReader(pdf).pages[0].trimbox[0])
    texts = [" ".join(panel_text(pdf, panel.side, trim + panel.x,
                                 trim + panel.x + panel.width).split())
             for panel in sheet.panels if panel.name in sheet.flow_order]
    for paragraph in paragraphs:
        head, tail = paragraph.split(". ")[0] + ".", paragraph.rsplit(". ", 1)[1]
        holding = [i for i, text in enumerate(texts) if head in text]
        assert len(holding) == 1, f"{head!r} in panels {holding}"
        assert tail in texts[holding[0]].split(head, 1)[1], f"{paragraph!r} is broken"

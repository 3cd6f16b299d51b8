"""Booklets: the imposition geometry on its own, the booklet file's problems as a volunteer
reads them, and the built PDFs read back with independent readers.

The imposed order is checked the way a print shop would check it: by reading the
page numbers printed on each half of each sheet side (PDFium's text with
positions) and comparing them with the printers' rule n,1 / 2,n-1 / n-2,3 / …
"""
from __future__ import annotations

import re
import shutil
import time
from collections import Counter
from pathlib import Path

import pypdf
import pytest
import yaml

from leaflet.booklet import impose
from pdfcheck import MM, chars, page_text, render

SAMPLES = Path(__file__).resolve().parents[1] / "leaflets"
BOOKLET = "booklets/patientinfo-da.yaml"
A5 = (148 * MM, 210 * MM)
BLEED = 3 * MM
FOOTER = 15 * MM      # page numbers stand below this, measured from the bottom trim
HEAD = 15 * MM        # running heads stand above this, measured from the top trim


# --- the geometry alone, no PDF ----------------------------------------------------------

def test_eight_pages_in_the_printers_order():
    # n,1 / 2,n-1 / n-2,3 / 4,n-3 with n = 8, written 1-based as printers say it.
    assert [(left + 1, right + 1) for left, right in impose.order(8)] == [
        (8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("total", [4, 8, 12, 16, 40, 64])
def test_every_page_once_and_each_leaf_backs_onto_its_neighbour(total):
    sides = impose.order(total)
    assert len(sides) == total // 2
    assert sorted(p for side in sides for p in side) == list(range(total))
    for sheet in range(total // 4):
        (out_left, out_right), (in_left, in_right) = sides[2 * sheet], sides[2 * sheet + 1]
        # Turned over on the short edge, the right half's back is the left half of the inside.
        assert in_left == out_right + 1 and out_left == in_right + 1
        # Each side holds a pair that meets at the spine: they add up to n - 1 (from 0).
        assert out_left + out_right == in_left + in_right == total - 1


def test_a_count_that_is_not_a_multiple_of_four_is_refused():
    with pytest.raises(ValueError):
        impose.order(10)


@pytest.mark.parametrize("count, keep_last, expected", [
    (4, 1, [0, 1, 2, 3]),
    (5, 1, [0, 1, 2, 3, None, None, None, 4]),
    (13, 1, list(range(12)) + [None, None, None, 12]),
    (6, 0, [0, 1, 2, 3, 4, 5, None, None]),
])
def test_blank_pages_go_before_the_back_cover(count, keep_last, expected):
    assert impose.padded(count, keep_last) == expected


def test_creep_moves_each_inner_sheet_further_towards_the_spine():
    width, creep = A5[0], 0.1 * MM
    sides = impose.plan(16, width, BLEED, creep)
    assert [side.face for side in sides] == ["outside", "inside"] * 4
    for side in sides:
        shift = side.sheet * creep
        assert side.left.x == pytest.approx(shift)              # its right edge passes the spine
        assert side.right.x == pytest.approx(width - shift)
        assert side.left.clip == pytest.approx((-BLEED, width))  # cut at the spine
        assert side.right.clip == pytest.approx((width, 2 * width + BLEED))
    assert impose.max_shift(16, creep) == pytest.approx(3 * creep)
    assert impose.max_shift(13, creep) == pytest.approx(3 * creep)


def test_without_creep_the_pages_meet_at_the_spine():
    sides = impose.plan(8, 100.0, BLEED)
    assert {(s.left.x, s.right.x) for s in sides} == {(0.0, 100.0)}


# --- the booklet file and what a volunteer is told --------------------------------------

def position(file: str, needle: str, point: str = "") -> str:
    text = Path("leaflets", file).read_text(encoding="utf-8")
    index = text.index(needle) + (needle.index(point) if point else 0)
    line = text.count("\n", 0, index) + 1
    return f"leaflets/{file}:{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / "leaflets" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_sample_builds_both_pdfs(project, cli):
    run = cli("booklet", "patientinfo-da")
    assert run.code == 0, run.err
    assert run.out.split() == ["wrote", "output/booklets/patientinfo-da.pdf",
                               "wrote", "output/booklets/patientinfo-da-print.pdf"]
    assert "Traceback" not in run.err


def test_unknown_key_and_unknown_leaflet_say_what_was_meant(project, cli):
    edit(project, BOOKLET, "title:", "titel:")
    edit(project, BOOKLET, "[mmn, forening]", "[mnm, forening, mmn]")
    run = cli("booklet", "patientinfo-da")
    assert run.code == 1
    assert run.lines == [
        f"{position(BOOKLET, 'titel:')}: error: unknown key 'titel' in the booklet "
        "(did you mean 'title'?)",
        f"{position(BOOKLET, 'titel:')}: error: the booklet needs the key 'title'",
        f"{position(BOOKLET, '[mnm', 'mnm')}: error: there is no leaflet 'mnm' "
        "(did you mean 'mmn'?)",
        "3 errors; nothing was written",
    ]
    assert not (project / "output").exists()


def test_a_leaflet_without_the_language_is_named_at_its_place(project, cli):
    edit(project, BOOKLET, "language: da", "language: en")
    run = cli("booklet", "patientinfo-da")
    assert run.code == 1
    assert run.lines[0] == (
        f"{position(BOOKLET, 'forening]', 'forening')}: error: the leaflet 'forening' has no "
        "text in 'en': there is no forening/en.yaml (it has: da; translate it, or take it "
        "out of this booklet)")
    assert not (project / "output").exists()


@pytest.mark.parametrize("old, new, message", [
    ("page: A5", "page: A6", "unknown page size 'A6' (expected one of: A5, A4, half-letter)"),
    ("imposition: saddle", "imposition: sadle",
     "unknown imposition 'sadle' (did you mean 'saddle'?)"),
    ("creep: 0.1mm", "creep: 1cm", "'1cm' is not a creep (write the paper's thickness with "
                                   "its unit, up to 0.5mm, for example 0.1mm)"),
    ("language: da", "language: dansk", "'dansk' is not a language code (use a two-letter "
                                        "code such as da, nl or en)"),
    ("[mmn, forening]", "[mmn, mmn]", "the leaflet 'mmn' is listed twice (a booklet prints "
                                      "each leaflet once)"),
])
def test_wrong_values(project, cli, old, new, message):
    edit(project, BOOKLET, old, new)
    run = cli("booklet", "patientinfo-da")
    assert run.code == 1
    value = new.split(": ")[1] if ": " in new else new
    point = "mmn]" if new == "[mmn, mmn]" else value
    assert f"{position(BOOKLET, point)}: error: {message}" in run.lines, run.err
    assert not (project / "output").exists()


def test_a_problem_in_a_leaflet_is_reported_at_the_leaflets_line(project, cli):
    edit(project, "mmn/da.yaml", "  - heading: Anden behandling",
         "  - heading: Anden ≥ behandling")
    run = cli("booklet", "patientinfo-da")
    assert run.code == 1
    assert run.lines[0] == (
        f"{position('mmn/da.yaml', 'Anden ≥', '≥')}: error: the font has no glyph for '≥' "
        "(U+2265); it would not print (replace it with a similar character or write it out "
        "in words)")


def test_a_block_taller_than_a_page_is_an_error_at_the_block(project, cli):
    bullets = "".join(f"        - Punkt nummer {n}, som er ret langt og fylder en hel linje\n"
                      for n in range(60))
    edit(project, "mmn/da.yaml", "      heading: Kort om MMN\n      bullets:\n",
         "      heading: Kort om MMN\n      bullets:\n" + bullets)
    run = cli("booklet", "patientinfo-da")
    assert run.code == 1
    assert re.fullmatch(re.escape(position("mmn/da.yaml", "heading: Kort om MMN")) +
                        r": error: this block does not fit on one page \(A5 booklet page\): "
                        r"it is \d+ mm too tall \(split it into smaller blocks\)", run.lines[0])


def test_a_failed_build_leaves_the_earlier_booklet_as_it_was(project, cli):
    assert cli("booklet", "patientinfo-da").code == 0
    out = project / "output" / "booklets"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(project, BOOKLET, "leaflets:", "leaflet:")
    run = cli("booklet", "patientinfo-da")
    assert run.code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_unknown_booklet_is_a_usage_error(project, cli):
    run = cli("booklet", "patientinfo-dk")
    assert run.code == 2
    assert run.lines == ["leaflet: error: no booklet 'patientinfo-dk' in leaflets/booklets "
                         "(did you mean 'patientinfo-da'?)"]


def test_without_a_name_every_booklet_is_built(project, cli):
    shutil.copy(project / "leaflets" / BOOKLET, project / "leaflets/booklets/kopi.yaml")
    edit(project, "booklets/kopi.yaml", "imposition: saddle", "imposition: none")
    edit(project, "booklets/kopi.yaml", "creep: 0.1mm", "")
    run = cli("booklet", "--out", "ud")
    assert run.code == 0, run.err
    assert sorted(p.name for p in (project / "ud" / "booklets").iterdir()) == [
        "kopi.pdf", "patient-info-en-print.pdf", "patient-info-en.pdf",
        "patientinfo-da-print.pdf", "patientinfo-da.pdf"]


# --- the sample booklet, read back -------------------------------------------------------

@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The sample booklet, built once for this module; returns output/booklets."""
    from leaflet.booklet.make import make

    root = tmp_path_factory.mktemp("booklet")
    shutil.copytree(SAMPLES, root / "leaflets")
    make(root, None, "patientinfo-da")
    return root / "output" / "booklets"


@pytest.fixture(scope="module")
def screen(out) -> Path:
    return out / "patientinfo-da.pdf"


@pytest.fixture(scope="module")
def sheets(out) -> Path:
    return out / "patientinfo-da-print.pdf"


def box(page, name):
    return [float(v) for v in getattr(page, name)]


def digits_in(found) -> str | None:
    text = "".join(c.text for c in sorted(found, key=lambda c: c.x0))
    return text or None


def folio(path: Path, index: int) -> str | None:
    """The page number printed at the foot of a page of the reading PDF."""
    return digits_in([c for c in chars(path, index) if c.y1 < FOOTER])


def halves(path: Path, index: int) -> tuple[list, list, list[float]]:
    """The characters in the footer zone of a sheet side, left and right of the spine."""
    trim = box(pypdf.PdfReader(path).pages[index], "trimbox")
    spine = (trim[0] + trim[2]) / 2
    left, right = [], []
    for c in chars(path, index):
        if trim[1] < c.y0 and c.y1 < trim[1] + FOOTER:
            (left if (c.x0 + c.x1) / 2 < spine else right).append(c)
    return left, right, trim


def expected_sides(pages: int) -> list[tuple[int | None, int | None]]:
    """The printers' rule, 1-based: n,1 / 2,n-1 / n-2,3 / …, n padded to a multiple of 4
    with blank pages (None) placed before the back cover, which stays the last page."""
    total = -(-pages // 4) * 4
    at = {p: p for p in range(1, pages)}
    at[total] = pages
    sides = []
    for k in range(total // 4):
        sides.append((at.get(total - 2 * k), at.get(2 * k + 1)))
        sides.append((at.get(2 * k + 2), at.get(total - 2 * k - 1)))
    return sides


def check_imposed_order(screen: Path, sheets: Path) -> int:
    """Every number printed on the sheets stands where the rule puts it; returns how many."""
    pages = len(pypdf.PdfReader(screen).pages)
    printed = {n: folio(screen, n - 1) for n in range(1, pages + 1)}
    sides = expected_sides(pages)
    assert len(pypdf.PdfReader(sheets).pages) == len(sides)
    seen = 0
    for index, pair in enumerate(sides):
        left, right, _ = halves(sheets, index)
        got = (digits_in(left), digits_in(right))
        want = tuple(printed[p] if p else None for p in pair)
        assert got == want, f"sheet side {index + 1}: pages {pair}"
        seen += sum(1 for w in want if w)
    return seen


def test_imposed_order_read_off_the_sheets(screen, sheets):
    assert check_imposed_order(screen, sheets) >= 8


def test_cover_and_back_cover_share_the_outside_of_the_outer_sheet(screen, sheets):
    left, right, trim = halves(sheets, 0)
    text = {"left": "", "right": ""}
    spine = (trim[0] + trim[2]) / 2
    for c in chars(sheets, 0):
        text["left" if c.x1 < spine else "right"] += c.text
    assert "Patientinformation" in text["right"]
    assert "Kontakt" in text["left"] and "Patientinformation" not in text["left"]


def test_sheets_are_twice_the_page_with_trim_and_bleed_boxes(sheets):
    for page in pypdf.PdfReader(sheets).pages:
        tx0, ty0, tx1, ty1 = box(page, "trimbox")
        assert (tx1 - tx0, ty1 - ty0) == pytest.approx((2 * A5[0], A5[1]), abs=0.01)
        assert box(page, "bleedbox") == pytest.approx(
            [tx0 - BLEED, ty0 - BLEED, tx1 + BLEED, ty1 + BLEED], abs=0.01)
        mx0, my0, mx1, my1 = box(page, "mediabox")
        assert min(tx0 - mx0, ty0 - my0, mx1 - tx1, my1 - ty1) >= BLEED + 8 * MM
        assert "/Annots" not in page  # links are removed, not left where they do not belong


def test_marks_outside_the_bleed_and_colour_cut_at_the_spine(sheets):
    """Pixels of the outer sheet's outside: the cover's colour runs into the bleed on the
    fore-edge, stops at the spine, and crop and fold marks stand beyond the bleed."""
    scale = 4
    image = render(sheets, 0, scale)
    trim = box(pypdf.PdfReader(sheets).pages[0], "trimbox")
    height = image.height / scale

    def pixel(x, y):
        return image.getpixel((round(x * scale), round((height - y) * scale)))

    spine, middle = (trim[0] + trim[2]) / 2, (trim[1] + trim[3]) / 2
    blue = pixel(spine + 20 * MM, trim[3] - 5 * MM)
    assert blue[2] > 100 and blue[0] < 100, blue
    assert pixel(trim[2] + 2 * MM, middle) == blue            # in the fore-edge bleed
    assert pixel(spine + 10 * MM, trim[3] + 2 * MM) == blue   # in the head bleed
    assert pixel(spine + 0.5 * MM, middle) == blue            # up to the spine …
    assert pixel(spine - 0.5 * MM, trim[3] - 5 * MM) == (255, 255, 255)  # … and not past it
    assert pixel(trim[2] + BLEED + 1 * MM, middle) == (255, 255, 255)    # nothing past the bleed
    # The fold mark: dashes on the spine above the sheet, beyond the bleed.
    above = [pixel(spine, trim[3] + BLEED + d / 4 * MM) for d in range(40)]
    assert any(sum(p) < 600 for p in above)  # a thin dark line, greyed by anti-aliasing


def test_creep_read_back_from_the_page_numbers(screen, sheets):
    """With creep 0.1 mm, the pages of sheet k stand k × 0.1 mm nearer the spine."""
    pages = len(pypdf.PdfReader(screen).pages)
    centre = {}
    for n in range(1, pages + 1):
        found = [c for c in chars(screen, n - 1) if c.y1 < FOOTER]
        if found:
            centre[n] = (min(c.x0 for c in found) + max(c.x1 for c in found)) / 2
    checked = 0
    for index, pair in enumerate(expected_sides(pages)):
        sheet = index // 2
        left, right, trim = halves(sheets, index)
        for half, found, page in ((0, left, pair[0]), (1, right, pair[1])):
            if not found:
                continue
            x = (min(c.x0 for c in found) + max(c.x1 for c in found)) / 2 - trim[0]
            nominal = half * A5[0] + centre[page]
            towards_spine = (x - nominal) * (1 if half == 0 else -1)
            assert towards_spine == pytest.approx(sheet * 0.1 * MM, abs=0.02), (index, page)
            checked += 1
    assert checked >= 8


def test_page_labels_match_the_printed_numbers(screen):
    reader = pypdf.PdfReader(screen)
    labels = reader.page_labels
    assert labels[0] == "Forside" and labels[-1] == "Bagside"
    numbered = 0
    for index in range(len(reader.pages)):
        printed = folio(screen, index)
        if printed is not None:
            assert printed == labels[index] == str(index + 1)
            numbered += 1
        elif 0 < index < len(reader.pages) - 1:
            assert labels[index] == str(index + 1)
    assert numbered >= 8


def _outline(reader):
    """[(title, page index, [(child title, page index), …]), …] of the bookmarks."""
    entries = []
    for item in reader.outline:
        if isinstance(item, list):
            entries[-1][2].extend((c.title, reader.get_destination_page_number(c)) for c in item)
        else:
            entries.append((item.title, reader.get_destination_page_number(item), []))
    return entries


def _headings(leaflet: str) -> list[str]:
    data = yaml.safe_load((SAMPLES / leaflet / "da.yaml").read_text(encoding="utf-8"))
    return [b["heading"] for b in data["content"] + data.get("back", []) if "heading" in b]


def _titles(leaflet: str) -> str:
    return yaml.safe_load((SAMPLES / leaflet / "da.yaml").read_text(encoding="utf-8"))["title"]


def _lines(found) -> list[list]:
    """Characters grouped into lines: by the middle of their height, descenders and all."""
    lines: list[list] = []
    for c in sorted(found, key=lambda c: -(c.y0 + c.y1) / 2):
        middle = (c.y0 + c.y1) / 2
        if lines and abs(lines[-1][0] - middle) < 4:
            lines[-1][1].append(c)
        else:
            lines.append((middle, [c]))
    return [sorted(line, key=lambda c: c.x0) for _, line in lines]


def _toc(screen: Path) -> dict[str, str]:
    """Contents lines read back: {the text left of the number: the number at the right}."""
    toc = {}
    for line in _lines(chars(screen, 1)):
        number = "".join(c.text for c in line if c.x0 > A5[0] - 30 * MM)
        if number:
            toc["".join(c.text for c in line if c.x0 <= A5[0] - 30 * MM)] = number
    return toc


def test_contents_bookmarks_and_printed_numbers_agree(screen):
    reader = pypdf.PdfReader(screen)
    labels = reader.page_labels
    outline = _outline(reader)
    assert [title for title, _, _ in outline] == [
        "Patientinformation", "Indhold", _titles("mmn"), _titles("forening")]
    toc = _toc(screen)
    assert len(toc) == 2
    for title, page, children in outline[2:]:
        assert chars(screen, page - 1), f"a blank page before {title}"  # none between leaflets
        assert toc[title.replace(" ", "")] == labels[page] == folio(screen, page) == str(page + 1)
        assert title in page_text(screen, page)
        leaflet = "mmn" if title == _titles("mmn") else "forening"
        assert [t for t, _ in children] == _headings(leaflet)
        for heading, at in children:
            assert heading in page_text(screen, at).replace("\r\n", " ").replace("\n", " ")


def test_contents_link_to_the_leaflets(screen):
    reader = pypdf.PdfReader(screen)
    targets = []
    for annot in reader.pages[1]["/Annots"]:
        dest = annot.get_object()["/Dest"]
        targets.append(reader.get_page_number(dest[0].get_object()))
    assert targets == [page for _, page, _ in _outline(reader)[2:]]


def test_running_heads_and_body_size(screen):
    reader = pypdf.PdfReader(screen)
    outline = _outline(reader)
    starts = [page for _, page, _ in outline[2:]] + [len(reader.pages) - 1]
    height = A5[1]
    for (title, first, _), end in zip(outline[2:], starts[1:]):
        for index in range(first + 1, end):
            found = [c for c in chars(screen, index) if c.y0 > height - HEAD]
            if folio(screen, index) is None:  # a blank page before the next leaflet
                assert not chars(screen, index)
                continue
            assert "".join(c.text for c in sorted(found, key=lambda c: c.x0)) == \
                title.replace(" ", "")
    sizes = Counter(round(c.size, 1) for c in chars(screen, 2))
    assert sizes.most_common(1)[0][0] == 10.0


def test_reading_pdf_says_what_it_is(screen):
    reader = pypdf.PdfReader(screen)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert reader.metadata.title == "Patientinformation"
    assert reader.metadata.author == "GBS|CIDP Patientforening"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    assert root["/PageMode"] == "/UseOutlines"
    assert {tuple(round(v, 2) for v in p.mediabox[2:]) for p in reader.pages} == {
        tuple(round(v, 2) for v in A5)}


def test_reading_pdf_is_tagged_in_reading_order(screen):
    """Like the leaflets' screen PDFs: a structure tree whose top-level headings are the
    cover's title, the contents, each leaflet's title and the back cover's."""
    reader = pypdf.PdfReader(screen)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean)
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    kids = [k.get_object() for k in document["/K"]]
    h1 = [k for k in kids if k["/S"] == "/H1"]
    assert len(h1) == 2 + 2 + 1
    assert [k["/S"] for k in kids].count("/TOC") == 1
    toc = next(k for k in kids if k["/S"] == "/TOC")
    assert [k.get_object()["/S"] for k in toc["/K"]] == ["/TOCI", "/TOCI"]
    assert [k["/S"] for k in kids].count("/H2") == len(_headings("mmn") + _headings("forening"))


def test_cover_has_the_logo(screen):
    page = pypdf.PdfReader(screen).pages[0]
    images = [x for x in page["/Resources"]["/XObject"].values()
              if x.get_object()["/Subtype"] == "/Image"]
    assert images


@pytest.mark.parametrize("name", ["patientinfo-da.pdf", "patientinfo-da-print.pdf"])
def test_fonts_embedded_and_subset(out, name):
    for page in pypdf.PdfReader(out / name).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
            assert re.match(r"^/[A-Z]{6}\+NotoSans", font["/BaseFont"])


def test_rebuilds_are_identical(out, tmp_path):
    from leaflet.booklet.make import make

    shutil.copytree(SAMPLES, tmp_path / "leaflets")
    make(tmp_path, None, "patientinfo-da")
    for name in ("patientinfo-da.pdf", "patientinfo-da-print.pdf"):
        assert (tmp_path / "output" / "booklets" / name).read_bytes() == (out / name).read_bytes()


# --- other page sizes, and a booklet of ten leaflets ------------------------------------

@pytest.mark.parametrize("page, size, sheet", [
    ("A4", (210 * MM, 297 * MM), (420 * MM, 297 * MM)),
    ("half-letter", (396, 612), (792, 612)),
])
def test_page_sizes(project, cli, page, size, sheet):
    edit(project, BOOKLET, "page: A5", f"page: {page}")
    assert cli("booklet", "patientinfo-da").code == 0
    out = project / "output" / "booklets"
    assert {tuple(round(v, 1) for v in p.mediabox[2:])
            for p in pypdf.PdfReader(out / "patientinfo-da.pdf").pages} == {
        tuple(round(v, 1) for v in size)}
    for side in pypdf.PdfReader(out / "patientinfo-da-print.pdf").pages:
        tx0, ty0, tx1, ty1 = box(side, "trimbox")
        assert (tx1 - tx0, ty1 - ty0) == pytest.approx(sheet, abs=0.01)
    check_imposed_order(out / "patientinfo-da.pdf", out / "patientinfo-da-print.pdf")


def test_ten_leaflets_in_a_few_seconds(project, cli):
    leaflets = project / "leaflets"
    ids = ["mmn", "forening"]
    for n in range(2, 10):
        shutil.copytree(leaflets / "mmn", leaflets / f"mmn{n}")
        edit(project, f"mmn{n}/da.yaml", "\ntitle: MMN\n", f"\ntitle: MMN {n}\n")
        ids.append(f"mmn{n}")
    (leaflets / "booklets" / "ti.yaml").write_text(
        f"title: Ti foldere\nlanguage: da\nleaflets: [{', '.join(ids)}]\n"
        "imposition: saddle\ncreep: 0.1mm\n", encoding="utf-8")
    started = time.perf_counter()
    run = cli("booklet", "ti")
    elapsed = time.perf_counter() - started
    assert run.code == 0, run.err
    assert elapsed < 10, f"{elapsed:.1f} s"
    out = project / "output" / "booklets"
    reader = pypdf.PdfReader(out / "ti.pdf")
    assert [t for t, _, _ in _outline(reader)[2:]] == [_titles("mmn"), _titles("forening")] + [
        f"MMN {n}" for n in range(2, 10)]
    assert all(page_text(out / "ti.pdf", page - 1).strip() for _, page, _ in _outline(reader)[2:])
    assert check_imposed_order(out / "ti.pdf", out / "ti-print.pdf") >= 40


def test_check_covers_the_booklets_too(project, cli):
    path = project / "leaflets" / "booklets" / "patientinfo-da.yaml"
    path.write_text(path.read_text().replace("leaflets: [mmn, forening]",
                                             "leaflets: [mmn, foreningen]"))
    run = cli("check")
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1)
                if l.startswith("leaflets:"))
    assert run.code == 1
    assert (f"leaflets/booklets/patientinfo-da.yaml:{line}:17: error: there is no leaflet "
            "'foreningen' (did you mean 'forening'?)") in run.lines


@pytest.mark.parametrize("short_lines", [1, 2])
def test_a_block_that_cannot_split_before_a_short_ending_still_builds(project, cli, short_lines):
    """A box too tall for half a page, then a line or two: evening out the last two pages
    may not lower them below the box (that is no overflow, only a height too low)."""
    en = project / "leaflets" / "mmn-clinic" / "en.yaml"
    content = en.read_text().split("\nback:\n")[0]
    box = "  - box:\n      heading: A tall box\n      bullets:\n" + "".join(
        f"        - Item number {i} of the list that is long enough to wrap a little further\n"
        for i in range(14))
    ending = "".join(f"  - text: A short line {i}.\n" for i in range(short_lines))
    en.write_text(content + "\n" + box + ending)  # and no back panel: the short lines end it
    (project / "leaflets" / "booklets" / "tall.yaml").write_text(
        "title: Test\nlanguage: en\nleaflets: [mmn-clinic]\npage: A5\nimposition: saddle\n")
    run = cli("booklet", "tall")
    assert run.code == 0, run.err
    pdf = project / "output" / "booklets" / "tall.pdf"
    text = " ".join(page_text(pdf, i) for i in range(len(pypdf.PdfReader(pdf).pages)))
    text = " ".join(text.split())
    assert "Item number 13 of the list" in text and f"A short line {short_lines - 1}." in text

"""The sample tri-fold, built and read back with independent readers."""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from pdfcheck import MM, chars, page_text, render

A4_LANDSCAPE = (297 * MM, 210 * MM)
BLEED = 3 * MM
FOLDS = {0: (97 * MM, 197 * MM), 1: (100 * MM, 200 * MM)}  # outside, inside
HEADINGS = ["Hvad er MMN?", "Hvad skyldes MMN?", "Hvordan stilles diagnosen?", "Kort om MMN",
            "Hvordan behandles MMN?", "Anden behandling", "Hverdagen med MMN",
            "Hvor kan du få hjælp?", "Om foreningen"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Build the samples once for this module; returns the output folder."""
    import shutil

    from leaflet.build.make import make

    root = tmp_path_factory.mktemp("samples")
    shutil.copytree(Path(__file__).resolve().parents[1] / "leaflets", root / "leaflets")
    make(root, None)
    return root / "output"


@pytest.fixture(scope="module")
def print_pdf(built) -> Path:
    return built / "mmn" / "mmn-da-print.pdf"


@pytest.fixture(scope="module")
def screen_pdf(built) -> Path:
    return built / "mmn" / "mmn-da-screen.pdf"


def box(page, name):
    return [float(v) for v in getattr(page, name)]


def test_print_has_two_sides_with_trim_and_bleed_boxes(print_pdf):
    reader = pypdf.PdfReader(print_pdf)
    assert len(reader.pages) == 2
    for page in reader.pages:
        tx0, ty0, tx1, ty1 = box(page, "trimbox")
        assert (tx1 - tx0, ty1 - ty0) == pytest.approx(A4_LANDSCAPE, abs=0.01)
        assert box(page, "bleedbox") == pytest.approx(
            [tx0 - BLEED, ty0 - BLEED, tx1 + BLEED, ty1 + BLEED], abs=0.01)
        mx0, my0, mx1, my1 = box(page, "mediabox")
        # The media box holds the marks: at least 8 mm beyond the bleed on every side.
        assert tx0 - BLEED - mx0 >= 8 * MM and mx1 - tx1 - BLEED >= 8 * MM
        assert ty0 - BLEED - my0 >= 8 * MM and my1 - ty1 - BLEED >= 8 * MM


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


@pytest.mark.parametrize("name", ["print", "screen"])
def test_every_font_is_embedded_and_subset(built, name):
    reader = pypdf.PdfReader(built / "mmn" / f"mmn-da-{name}.pdf")
    fonts = list(_fonts(reader))
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"]
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert re.match(r"^/[A-Z]{6}\+NotoSans", font["/BaseFont"]), font["/BaseFont"]


def test_bold_is_really_bold(print_pdf):
    names = {str(font["/BaseFont"]).split("+")[1] for font in _fonts(pypdf.PdfReader(print_pdf))}
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= names


def _operators(reader):
    ops = set()
    for page in reader.pages:
        for _, op in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
            ops.add(op.decode())
    return ops


def test_print_colours_are_cmyk_and_screen_colours_rgb(print_pdf, screen_pdf):
    print_ops, screen_ops = _operators(pypdf.PdfReader(print_pdf)), _operators(pypdf.PdfReader(screen_pdf))
    assert {"k"} <= print_ops and not {"rg", "RG", "g", "G"} & print_ops
    assert {"rg"} <= screen_ops and not {"k", "K"} & screen_ops


def _trim_chars(print_pdf, side):
    page = pypdf.PdfReader(print_pdf).pages[side]
    tx0, ty0, tx1, ty1 = box(page, "trimbox")
    inside = [c for c in chars(print_pdf, side) if c.x0 >= tx0 and c.x1 <= tx1 and c.y0 >= ty0]
    return inside, (tx0, ty0, tx1, ty1)


@pytest.mark.parametrize("side", [0, 1])
def test_no_text_within_4mm_of_a_fold_or_the_trim(print_pdf, side):
    inside, (tx0, ty0, tx1, ty1) = _trim_chars(print_pdf, side)
    assert len(inside) > 500
    for c in inside:
        assert c.x0 - tx0 >= 4 * MM and tx1 - c.x1 >= 4 * MM, c
        assert c.y0 - ty0 >= 4 * MM and ty1 - c.y1 >= 4 * MM, c
        for fold in FOLDS[side]:
            assert c.x1 <= tx0 + fold - 4 * MM or c.x0 >= tx0 + fold + 4 * MM, (c, fold / MM)


@pytest.mark.parametrize("side", [0, 1])
def test_body_text_is_never_below_9pt(print_pdf, side):
    inside, _ = _trim_chars(print_pdf, side)
    assert min(c.size for c in inside) >= 9 - 0.01


def test_slug_line_sits_outside_the_trim(print_pdf):
    page = pypdf.PdfReader(print_pdf).pages[0]
    tx0, ty0, tx1, ty1 = box(page, "trimbox")
    text = page_text(print_pdf, 0)
    assert "mmn-da · trifold A4 · 22.11.2026 · outside" in text
    slug = [c for c in chars(print_pdf, 0) if c.y1 < ty0 - BLEED]
    assert slug and all(c.size < 9 for c in slug)


def test_cover_colour_runs_into_the_bleed_and_marks_stay_outside(print_pdf):
    page = pypdf.PdfReader(print_pdf).pages[0]
    tx0, ty0, tx1, ty1 = box(page, "trimbox")
    height = float(page.mediabox.height)
    image = render(print_pdf, 0, scale=2)

    def pixel(x, y):  # PDF points → image pixel (origin top left)
        return image.getpixel((round(x * 2), round((height - y) * 2)))

    middle = (ty0 + ty1) / 2
    assert pixel(tx1 + BLEED / 2, middle) != (255, 255, 255)      # cover colour in the bleed
    assert pixel(tx1 + BLEED + 1 * MM, middle) == (255, 255, 255)  # and no further
    # Crop marks: dark in the margin beside each corner, nothing inside the bleed corner.
    assert sum(pixel(tx0 - BLEED - 5 * MM, ty0)) < 3 * 200
    assert pixel(tx0 - BLEED / 2, ty0 - BLEED / 2) == (255, 255, 255)
    # Fold marks: dashes in the margin at each fold of the outside.
    for fold in FOLDS[0]:
        column = [sum(pixel(tx0 + fold, y)) for y in
                  [ty1 + BLEED + (2 + i * 0.25) * MM for i in range(24)]]
        assert min(column) < 3 * 200, fold / MM


def test_screen_pdf_has_the_panels_in_reading_order(screen_pdf):
    reader = pypdf.PdfReader(screen_pdf)
    widths = [round(float(p.mediabox.width) / MM) for p in reader.pages]
    assert widths == [100, 97, 100, 100, 97, 100]  # cover, flap, inside ×3 (narrow last), back
    assert all(round(float(p.mediabox.height) / MM) == 210 for p in reader.pages)
    texts = [page_text(screen_pdf, i) for i in range(6)]
    assert texts[0].startswith("MMN")
    assert texts[1].startswith("Hvad er MMN?")
    assert "Om foreningen" in texts[5] and "www.gbs-cidp.dk" in texts[5]
    everything = "\n".join(texts)
    positions = [everything.index(h) for h in HEADINGS]
    assert positions == sorted(positions)


def test_screen_pdf_metadata_language_and_bookmarks(screen_pdf):
    reader = pypdf.PdfReader(screen_pdf)
    assert reader.metadata.title == "MMN – Multifokal motorisk neuropati"
    assert reader.metadata.author == "GBS|CIDP Patientforening"
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append((item.title, reader.get_destination_page_number(item)))
    walk(reader.outline)
    assert titles[0] == ("MMN – Multifokal motorisk neuropati", 0)
    assert [t for t, _ in titles[1:]] == [h for h in HEADINGS if h != "Kort om MMN"]
    assert [p for _, p in titles] == sorted(p for _, p in titles)


def test_screen_pdf_links_work(screen_pdf):
    reader = pypdf.PdfReader(screen_pdf)
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            action = annot.get_object().get("/A", {})
            if "/URI" in action:
                uris.add(action["/URI"])
    assert {"https://www.gbs-cidp.org", "https://www.gbs-cidp.dk",
            "mailto:kontakt@gbs-cidp.dk", "tel:+4540200290"} <= uris


def test_qr_code_decodes_to_the_website(screen_pdf):
    zxingcpp = pytest.importorskip("zxingcpp")
    found = zxingcpp.read_barcodes(render(screen_pdf, 5, scale=3))
    assert [r.text for r in found] == ["https://www.gbs-cidp.dk"]


def test_rebuilds_are_byte_identical(project, cli, tmp_path):
    assert cli("build", "--out", "a").code == 0
    assert cli("build", "--out", "b").code == 0
    for name in ("mmn-da-print.pdf", "mmn-da-screen.pdf"):
        assert (project / "a" / "mmn" / name).read_bytes() == (project / "b" / "mmn" / name).read_bytes()

"""Kerning: the shipped pairs are the fonts' own, measured widths include them, and the PDF
places glyphs by them (read back with pypdfium2) while its text still extracts whole."""
from __future__ import annotations

import ctypes
import json

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from leaflet.layout import fonts, kerning


def test_the_shipped_table_is_the_fonts_own_kerning():
    pytest.importorskip("fontTools")
    folder = fonts.fonts_folder()
    shipped = json.loads((folder / kerning.TABLE).read_text("utf-8"))
    for face in fonts.FACES.values():
        assert expand(shipped[face]) == kerning.read_gpos(str(folder / face)), \
            f"run: python -m leaflet.layout.kerning fonts ({face} changed)"


def expand(rows: dict[str, dict[str, str]]) -> dict[str, int]:
    """The table's rows ({"A": {"-70": "VW"}}) as the pairs read_gpos gives ({"AV": -70})."""
    return {left + right: int(units) for left, row in rows.items()
            for units, rights in row.items() for right in rights}


def test_widths_include_the_pairs():
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    fonts.register()
    face = getFont(fonts.REGULAR)
    av = face.pairs("A", "V")
    assert av < 0  # Noto Sans kerns A and V closer
    apart = stringWidth("A", fonts.REGULAR, 10) + stringWidth("V", fonts.REGULAR, 10)
    assert stringWidth("AV", fonts.REGULAR, 10) == pytest.approx(apart + av / 100)
    # no pair across a word space: a line is its words and its spaces
    assert stringWidth("A V", fonts.REGULAR, 10) == pytest.approx(
        apart + stringWidth(" ", fonts.REGULAR, 10))


def origins(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[0].get_textpage()
        x, y = ctypes.c_double(), ctypes.c_double()
        out = []
        for i in range(textpage.count_chars()):
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
            out.append((textpage.get_text_range(i, 1), x.value))
        return out, textpage.get_text_bounded()
    finally:
        pdf.close()


def test_the_pdf_places_glyphs_by_the_pairs_and_reads_as_written(tmp_path):
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfgen.canvas import Canvas

    fonts.register()
    path = tmp_path / "kern.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.setFont(fonts.REGULAR, 20)
    canvas.drawString(50, 700, "AVATAR Tokyo")
    canvas.save()
    assert b"TJ" in path.read_bytes() or b"TJ" in _inflated(path)
    placed, text = origins(path)
    assert text.strip() == "AVATAR Tokyo"
    face = getFont(fonts.REGULAR)
    for (a, xa), (b, xb) in zip(placed, placed[1:]):
        if a.strip() and b.strip():
            unkerned = super(kerning.KernedTTFont, face).stringWidth(a, 20)
            assert xb - xa == pytest.approx(unkerned + face.pairs(a, b) / 50, abs=0.02), a + b
    assert any(face.pairs(a, b) for (a, _), (b, _) in zip(placed, placed[1:]))


def _inflated(path) -> bytes:
    from pypdf import PdfReader

    return PdfReader(str(path)).pages[0].get_contents().get_data()

"""Reading built PDFs back with independent readers (pypdf, pypdfium2)."""
from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4


@dataclass
class Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def chars(path, page_index: int) -> list[Char]:
    """Every visible character of a page, with its box in PDF points and its font size."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[page_index].get_textpage()
        out = []
        for i in range(textpage.count_chars()):
            text = textpage.get_text_range(i, 1)
            if not text.strip():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(i)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            out.append(Char(text, x0, y0, x1, y1, size))
        return out
    finally:
        pdf.close()


def page_text(path, page_index: int) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page_index].get_textpage().get_text_bounded()
    finally:
        pdf.close()


def render(path, page_index: int, scale: float = 1.0):
    """The page as a Pillow image, one pixel per point at scale 1."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page_index].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()

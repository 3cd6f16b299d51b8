"""How full each panel of a built print PDF is, read back with pypdf (the TrimBox) and
pypdfium2 (every character and image), never from leaflet's own layout.

A panel's fill is how far down its lowest mark reaches, as a share of the text area's
height (the sheet's height less its top and bottom margins). The panels' x-ranges and the
margins come from the fold's geometry (folds/), which says where the sheet is folded.
"""
from __future__ import annotations

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from leaflet.folds import sheet as fold_sheet


def marks(pdf, side: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every visible character and image on a side."""
    page = pdf[side]
    textpage = page.get_textpage()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())
             if textpage.get_text_range(i, 1).strip()]
    boxes += [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    return boxes


def panel_fills(path, fold: str, paper: str) -> dict[str, float]:
    """{panel name: fill}; 0.0 for a panel with nothing on it."""
    sheet = fold_sheet(fold, paper)
    reader = pypdf.PdfReader(str(path))
    pdf = pdfium.PdfDocument(str(path))
    text_height = sheet.height - sheet.margin_top - sheet.margin_bottom
    fills = {}
    try:
        for side in range(len(sheet.side_names)):
            left, _, _, top = (float(v) for v in reader.pages[side].trimbox)
            found = marks(pdf, side)
            for panel in sheet.side(side):
                x0, x1 = left + panel.x, left + panel.x + panel.width
                inside = [b for b in found if x0 <= (b[0] + b[2]) / 2 <= x1
                          and top - sheet.height <= b[1] <= top]
                lowest = min((b[1] for b in inside), default=top - sheet.margin_top)
                fills[panel.name] = (top - sheet.margin_top - lowest) / text_height
    finally:
        pdf.close()
    return fills


def flow_fills(path, fold: str, paper: str) -> list[float]:
    """The fills of the panels the content list flows through, in reading order."""
    fills = panel_fills(path, fold, paper)
    return [fills[name] for name in fold_sheet(fold, paper).flow_order]

"""The laid-out panels drawn onto a canvas: their colour fields and their content, the
same for the print sheet, the screen pages and the proof.
"""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from leaflet.folds import Panel
from leaflet.layout.paragraphs import HeadingPara
from leaflet.layout.structure import draw_tagged
from leaflet.layout.typeset import Layout, PanelLayout

BAND = 4 * mm  # the colour band along the top of every panel but the cover


def draw_side(canvas, layout: Layout, side: int, bleed: float, primary: str) -> None:
    """One side of the flat sheet, origin at its lower-left trim corner."""
    sheet = layout.sheet
    for panel in sheet.side(side):
        draw_background(canvas, panel, panel.x, sheet, bleed, primary)
    for panel in sheet.side(side):
        draw_panel(canvas, layout.panels[panel.name], panel.x, sheet.height)


def draw_background(canvas, panel: Panel, x: float, sheet, bleed: float, primary: str) -> None:
    """Colour fields: the cover in the primary colour, a band atop the others; into the bleed."""
    left = x - bleed if panel.x == 0 else x
    right = x + panel.width + (bleed if panel.x + panel.width >= sheet.width - 0.01 else 0)
    canvas.saveState()
    canvas.setFillColor(HexColor(primary))
    if panel.name == "cover":
        canvas.rect(left, -bleed, right - left, sheet.height + 2 * bleed, stroke=0, fill=1)
    else:
        canvas.rect(left, sheet.height - BAND, right - left, BAND + bleed, stroke=0, fill=1)
    canvas.restoreState()


def draw_panel(canvas, layout: PanelLayout, x: float, height: float, outline: str = "") -> None:
    top = height - layout.sheet.margin_top
    left = x + layout.sheet.margin_x
    for i, placed in enumerate(layout.items):
        y = top - placed.y - placed.height
        draw_tagged(canvas, placed.flowable, left + placed.x, y)
        if outline and isinstance(placed.flowable, HeadingPara):
            key = f"{outline}h{i}"
            canvas.bookmarkHorizontal(key, 0, y + placed.height + 4)
            canvas.addOutlineEntry(placed.flowable.outline_title, key, 1)

"""Proofs for people, not presses: see where the folds fall before 500 copies are printed.

- The proof PDF shows both sides of the flat sheet as they will print, with the
  panel outlines, the fold lines, the safe zone text stays inside, and each
  panel's name and place in the reading order drawn over it.
- The fold test sheet is for plain paper: print it on both sides with the
  leaflet's duplex setting, fold it along the dashed lines, and the big numbers
  must read 1, 2, 3 … as the leaflet is opened. If they do not, the duplex
  setting or the panel order is wrong, and nothing has been wasted.
"""
from __future__ import annotations

from io import BytesIO

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm

from leaflet.layout import fonts
from leaflet.folds import Sheet
from leaflet.render.canvas import Meta, new_canvas
from leaflet.render.panels import draw_side
from leaflet.render.print_pdf import turn_for_duplex
from leaflet.layout.typeset import Layout

FOLD = HexColor("#d62728")
SAFE = HexColor("#2ca02c")
OUTLINE = HexColor("#1f77b4")
NOTE = HexColor("#c2185b")
DUPLEX_WORDS = {
    "short-edge": "print on both sides, flipping on the SHORT edge",
    "long-edge": "print on both sides, flipping on the LONG edge",
}


def reading_numbers(sheet: Sheet) -> dict[str, int]:
    return {name: number for number, name in enumerate(sheet.reading_order, 1)}


def proof_pdf(layout: Layout, leaflet, meta: Meta) -> bytes:
    """Both sides as printed (with bleed), the panel map drawn over them."""
    sheet, bleed = layout.sheet, leaflet.spec.bleed
    buffer = BytesIO()
    canvas = new_canvas(buffer, (sheet.width + 2 * bleed, sheet.height + 2 * bleed), meta)
    for side in range(len(sheet.side_names)):
        canvas.saveState()
        canvas.translate(bleed, bleed)
        draw_side(canvas, layout, side, bleed, leaflet.organisation.colours.primary)
        _panel_map(canvas, sheet, side, sheet.side_names[side])
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _panel_map(canvas, sheet: Sheet, side: int, side_name: str) -> None:
    numbers = reading_numbers(sheet)
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.setStrokeColor(OUTLINE)
    canvas.rect(0, 0, sheet.width, sheet.height)  # the trim
    for panel in sheet.side(side):
        canvas.setStrokeColor(SAFE)
        canvas.setDash(2, 2)
        canvas.rect(panel.x + sheet.margin_x, sheet.margin_bottom,
                    panel.width - 2 * sheet.margin_x,
                    sheet.height - sheet.margin_top - sheet.margin_bottom)
        _tag(canvas, panel.x + panel.width / 2, 2.5 * mm,
             f"{numbers[panel.name]}. {panel.label} · {panel.width / mm:.1f} mm")
    canvas.setStrokeColor(FOLD)
    canvas.setDash(4, 3)
    for x in sheet.folds(side):
        canvas.line(x, 0, x, sheet.height)
    canvas.restoreState()
    _tag(canvas, sheet.width / 2, sheet.height - 7 * mm, f"{side_name} · proof, not for print")


def _tag(canvas, x: float, y: float, text: str) -> None:
    """A small label on a white ground, centred on x."""
    canvas.saveState()
    canvas.setFont(fonts.BOLD, 7)
    width = canvas.stringWidth(text, fonts.BOLD, 7) + 4 * mm
    canvas.setFillColor(Color(1, 1, 1, alpha=0.85))
    canvas.rect(x - width / 2, y - 1.5 * mm, width, 4.5 * mm, stroke=0, fill=1)
    canvas.setFillColor(NOTE)
    canvas.drawCentredString(x, y, text)
    canvas.restoreState()


def fold_test_pdf(sheet: Sheet, duplex: str, meta: Meta) -> bytes:
    """A plain-paper dummy: big reading-order numbers on every panel, dashed folds."""
    fonts.register()
    numbers = reading_numbers(sheet)
    buffer = BytesIO()
    canvas = new_canvas(buffer, (sheet.width, sheet.height), meta)
    for side in range(len(sheet.side_names)):
        canvas.saveState()
        turn_for_duplex(canvas, sheet, side, duplex)
        for panel in sheet.side(side):
            centre = panel.x + panel.width / 2
            canvas.setFillColor(HexColor("#1a1a1a"))
            canvas.setFont(fonts.BOLD, 110)
            canvas.drawCentredString(centre, sheet.height / 2 - 15 * mm, str(numbers[panel.name]))
            canvas.setFont(fonts.REGULAR, 12)
            canvas.drawCentredString(centre, sheet.height / 2 - 30 * mm, panel.label)
        canvas.setStrokeColor(FOLD)
        canvas.setDash(4, 3)
        for x in sheet.folds(side):
            canvas.line(x, 0, x, sheet.height)
        canvas.setFillColor(NOTE)
        canvas.setFont(fonts.REGULAR, 9)
        canvas.drawCentredString(
            sheet.width / 2, sheet.height - 12 * mm,
            f"{sheet.side_names[side]} · {DUPLEX_WORDS[duplex]} · fold on the dashed lines "
            "· the numbers must read 1, 2, 3 … as you open it")
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()

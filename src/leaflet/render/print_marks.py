"""Printers' marks outside the bleed: crop marks, dashed fold marks, the slug line.

All coordinates are relative to the trim's lower-left corner, in points. Marks
start a little beyond the bleed, so none of them can show on the trimmed sheet.
"""
from __future__ import annotations

from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm

REGISTRATION = CMYKColor(1, 1, 1, 1)  # prints on every plate, as shops expect of marks
GAP = 2 * mm          # between the bleed edge and the start of a mark
LENGTH = 6 * mm
MARK_ROOM = GAP + LENGTH + 5 * mm  # beyond the bleed: marks plus the slug line
WIDTH = 0.25


def crop_marks(canvas, width: float, height: float, bleed: float) -> None:
    start, end = bleed + GAP, bleed + GAP + LENGTH
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(WIDTH)
    for x, sx in ((0, -1), (width, 1)):
        for y, sy in ((0, -1), (height, 1)):
            canvas.line(x + sx * start, y, x + sx * end, y)   # horizontal, beside the corner
            canvas.line(x, y + sy * start, x, y + sy * end)   # vertical, above/below it
    canvas.restoreState()


def fold_marks(canvas, folds, height: float, bleed: float) -> None:
    start, end = bleed + GAP, bleed + GAP + LENGTH
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(WIDTH)
    canvas.setDash(1.5 * mm, 1 * mm)
    for x in folds:
        canvas.line(x, -start, x, -end)
        canvas.line(x, height + start, x, height + end)
    canvas.restoreState()


def slug(canvas, text: str, font: str, bleed: float) -> None:
    """One line of small type below the sheet: what this is, for whoever handles it."""
    canvas.saveState()
    canvas.setFillColor(REGISTRATION)
    canvas.setFont(font, 6)
    canvas.drawString(LENGTH + bleed + GAP + 2 * mm, -(bleed + GAP + LENGTH), text)
    canvas.restoreState()

"""The print PDF: the flat sheet, one page per side, with bleed, boxes and marks.

It is CMYK: ReportLab converts every colour at the canvas (canvas.to_cmyk; greys
become black ink only), and images are drawn from their CMYK copies.
"""
from __future__ import annotations

from io import BytesIO

from leaflet.layout import fonts
from leaflet.layout.typeset import Layout
from leaflet.model import Leaflet
from leaflet.render import print_marks
from leaflet.render.canvas import Meta, new_canvas, to_cmyk
from leaflet.render.panels import draw_side


def print_pdf(layout: Layout, leaflet: Leaflet, meta: Meta) -> bytes:
    """The flat sheet, one page per side, with bleed, boxes and the marks the shop asked for."""
    sheet, spec = layout.sheet, leaflet.spec
    bleed, wanted = spec.bleed, spec.print.marks
    margin = bleed + (print_marks.MARK_ROOM if wanted else 0)
    size = (sheet.width + 2 * margin, sheet.height + 2 * margin)
    buffer = BytesIO()
    canvas = new_canvas(buffer, size, meta, enforceColorSpace=to_cmyk)
    canvas.for_print = True  # images are drawn from their CMYK copies
    for side, side_name in enumerate(sheet.side_names):
        canvas.setTrimBox((margin, margin, margin + sheet.width, margin + sheet.height))
        canvas.setBleedBox((margin - bleed, margin - bleed,
                            margin + sheet.width + bleed, margin + sheet.height + bleed))
        canvas.saveState()
        canvas.translate(margin, margin)
        canvas.saveState()
        turn_for_duplex(canvas, sheet, side, spec.print.duplex)
        draw_side(canvas, layout, side, bleed, leaflet.organisation.colours.primary)
        canvas.restoreState()
        if "crop" in wanted:
            print_marks.crop_marks(canvas, sheet.width, sheet.height, bleed)
        if "fold" in wanted:
            print_marks.fold_marks(canvas, sheet.folds(side), sheet.height, bleed)
        if "slug" in wanted:
            print_marks.slug(canvas, f"{meta.slug} · {side_name}", fonts.REGULAR, bleed)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def turn_for_duplex(canvas, sheet, side: int, duplex: str) -> None:
    """Turned over on its long edge, the second side comes out upside down: draw it so."""
    if side == 1 and duplex == "long-edge":
        canvas.translate(sheet.width, sheet.height)
        canvas.rotate(180)

"""The print PDF: the flat sheet, one page per side, with bleed, boxes and marks.

It is PDF/X-4 for the press the leaflet names (print: profile:): every colour goes
through that press's profile at the canvas (colour.py; greys on black ink alone, solid
black overprinting), images are drawn from their copies in the press's CMYK, and the
profile is embedded as the output intent (pdfx.py).
"""
from __future__ import annotations

from io import BytesIO

from leaflet.layout import fonts
from leaflet.layout.typeset import Layout
from leaflet.model import Leaflet
from leaflet.render import print_marks
from leaflet.render.canvas import Meta, new_print_canvas
from leaflet.render.panels import draw_side
from leaflet.render.pdfx import make_pdfx


def print_pdf(layout: Layout, leaflet: Leaflet, meta: Meta) -> bytes:
    """The flat sheet, one page per side, with bleed, boxes and the marks the shop asked for."""
    sheet, spec = layout.sheet, leaflet.spec
    bleed, wanted = spec.bleed, spec.print.marks
    margin = bleed + (print_marks.MARK_ROOM if wanted else 0)
    size = (sheet.width + 2 * margin, sheet.height + 2 * margin)
    buffer = BytesIO()
    canvas = new_print_canvas(buffer, size, meta, spec.print.profile)
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
    make_pdfx(canvas, spec.print.profile)
    canvas.save()
    return buffer.getvalue()


def turn_for_duplex(canvas, sheet, side: int, duplex: str) -> None:
    """Turned over on its long edge, the second side comes out upside down: draw it so."""
    if side == 1 and duplex == "long-edge":
        canvas.translate(sheet.width, sheet.height)
        canvas.rotate(180)

"""The screen PDF: one page per panel in reading order, sRGB, tagged for screen readers,
with bookmarks for the headings.
"""
from __future__ import annotations

from io import BytesIO

from leaflet.layout.structure import Tagger
from leaflet.layout.typeset import Layout
from leaflet.model import Leaflet
from leaflet.render.canvas import Meta, new_canvas
from leaflet.render.panels import draw_background, draw_panel
from leaflet.render.tags import add_structure


def screen_pdf(layout: Layout, leaflet: Leaflet, meta: Meta) -> bytes:
    """One page per panel, in reading order, with bookmarks for the headings."""
    sheet = layout.sheet
    buffer = BytesIO()
    first = sheet.panel(sheet.reading_order[0])
    canvas = new_canvas(buffer, (first.width, sheet.height), meta)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showOutline()
    canvas.tagger = tagger = Tagger()
    for number, name in enumerate(sheet.reading_order):
        panel = sheet.panel(name)
        canvas.setPageSize((panel.width, sheet.height))
        tagger.new_page()
        with tagger.artifact(canvas):
            draw_background(canvas, panel, 0, sheet, 0, leaflet.organisation.colours.primary)
        if number == 0:
            canvas.bookmarkPage("cover")
            canvas.addOutlineEntry(meta.title, "cover", 0)
        draw_panel(canvas, layout.panels[name], 0, sheet.height, outline=f"p{number}")
        canvas.showPage()
    add_structure(canvas, tagger, meta.title, meta.author, meta.lang)
    canvas.save()
    return buffer.getvalue()

"""Draw a finished layout: the print sheet (both sides, bleed, marks) and the screen pages.

Both PDFs draw the same laid-out panels. The print PDF is CMYK (ReportLab
converts every colour at the canvas; greys become black ink only), the screen
PDF stays sRGB. Both are written in invariant mode so rebuilds are identical.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, HexColor, toColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from . import fonts, marks
from .flowables import HeadingPara
from .images import Cache
from .tagging import Tagger, add_structure, draw_tagged
from .folds import Panel
from .model import Leaflet
from .typeset import Layout, PanelLayout

# ASCII85 makes every image a quarter larger, for nothing a PDF of ours needs.
rl_config.useA85 = 0


class _CompressingOnce:
    """zlib, as ReportLab's PDF writer uses it, remembering its last few large results.
    An image's pixels are compressed anew for every PDF it goes into, and the logo goes
    into two for every leaflet: most of the cost of drawing it, spent on the same bytes."""

    LARGE = 64 * 1024

    def __init__(self, zlib):
        self._zlib, self._done = zlib, Cache(8)

    def compress(self, data, *args):
        if len(data) < self.LARGE or args:
            return self._zlib.compress(data, *args)
        if data not in self._done:
            self._done[data] = self._zlib.compress(data)
        return self._done[data]

    def __getattr__(self, name):
        return getattr(self._zlib, name)


pdfdoc.zlib = _CompressingOnce(pdfdoc.zlib)

BAND = 4 * mm  # the colour band along the top of every panel but the cover


@dataclass(frozen=True)
class Meta:
    """What the PDFs say about themselves."""

    title: str
    author: str
    subject: str
    lang: str
    slug: str


def to_cmyk(colour):
    """Every colour the print canvas sees, as CMYK: greys on black ink alone, so
    text stays sharp; other colours with full grey replacement (K = 1 − max)."""
    colour = toColor(colour)
    if isinstance(colour, CMYKColor):
        return colour
    r, g, b = colour.red, colour.green, colour.blue
    k = 1 - max(r, g, b)
    if k >= 1 - 1e-9:
        return CMYKColor(0, 0, 0, 1, alpha=colour.alpha)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return CMYKColor(*(round(v, 4) for v in (c, m, y, k)), alpha=colour.alpha)


def new_canvas(buffer, size, meta: Meta, **kw) -> Canvas:
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=fonts.register(), initialFontSize=9, lang=meta.lang, **kw)
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setCreator("leaflet")
    canvas.setProducer("leaflet (ReportLab)")
    return canvas


def print_pdf(layout: Layout, leaflet: Leaflet, meta: Meta) -> bytes:
    """The flat sheet, one page per side, with bleed, boxes and the marks the shop asked for."""
    sheet, spec = layout.sheet, leaflet.spec
    bleed, wanted = spec.bleed, spec.print.marks
    margin = bleed + (marks.MARK_ROOM if wanted else 0)
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
            marks.crop_marks(canvas, sheet.width, sheet.height, bleed)
        if "fold" in wanted:
            marks.fold_marks(canvas, sheet.folds(side), sheet.height, bleed)
        if "slug" in wanted:
            marks.slug(canvas, f"{meta.slug} · {side_name}", fonts.REGULAR, bleed)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def turn_for_duplex(canvas, sheet, side: int, duplex: str) -> None:
    """Turned over on its long edge, the second side comes out upside down: draw it so."""
    if side == 1 and duplex == "long-edge":
        canvas.translate(sheet.width, sheet.height)
        canvas.rotate(180)


def draw_side(canvas, layout: Layout, side: int, bleed: float, primary: str) -> None:
    """One side of the flat sheet, origin at its lower-left trim corner."""
    sheet = layout.sheet
    for panel in sheet.side(side):
        _background(canvas, panel, panel.x, sheet, bleed, primary)
    for panel in sheet.side(side):
        _draw_panel(canvas, layout.panels[panel.name], panel.x, sheet.height)


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
            _background(canvas, panel, 0, sheet, 0, leaflet.organisation.colours.primary)
        if number == 0:
            canvas.bookmarkPage("cover")
            canvas.addOutlineEntry(meta.title, "cover", 0)
        _draw_panel(canvas, layout.panels[name], 0, sheet.height, outline=f"p{number}")
        canvas.showPage()
    add_structure(canvas, tagger, meta.title, meta.author, meta.lang)
    canvas.save()
    return buffer.getvalue()


def _background(canvas, panel: Panel, x: float, sheet, bleed: float, primary: str) -> None:
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


def _draw_panel(canvas, layout: PanelLayout, x: float, height: float, outline: str = "") -> None:
    top = height - layout.sheet.margin_top
    left = x + layout.sheet.margin_x
    for i, placed in enumerate(layout.items):
        y = top - placed.y - placed.height
        draw_tagged(canvas, placed.flowable, left + placed.x, y)
        if outline and isinstance(placed.flowable, HeadingPara):
            key = f"{outline}h{i}"
            canvas.bookmarkHorizontal(key, 0, y + placed.height + 4)
            canvas.addOutlineEntry(placed.flowable.outline_title, key, 1)

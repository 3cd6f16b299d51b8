"""Blocks of the model → ReportLab flowables, each remembering its source position."""
from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from leaflet import markup
from leaflet.layout import qr
from leaflet.layout.images import Cache, pixel_bytes
from leaflet.layout.paragraphs import HeadingPara, ListItemPara, TextPara
from leaflet.labels import label
from leaflet.layout.structure import Element, Group
from leaflet.model import (Box, Bullets, Contact, Heading, Image, Leaflet, Paragraphs, PanelBreak,
                    References, Text, contact_lines)

QR_SIZE = 25 * mm  # decodes reliably from print at arm's length
BOX_PADDING = 3.2 * mm
LOGO_HEIGHT = 14 * mm


class Break(Flowable):
    """The next flowable starts on a new panel."""

    def __init__(self, pos):
        super().__init__()
        self.pos = pos

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class BoxFlowable(Flowable):
    """A highlighted box (accent background, primary frame) that is never split."""

    def __init__(self, content: list, fill: str, stroke: str):
        super().__init__()
        self.content, self.fill, self.stroke = content, fill, stroke

    def wrap(self, aw, ah):
        inner = aw - 2 * BOX_PADDING
        height = 0.0
        for i, flowable in enumerate(self.content):
            _, h = flowable.wrap(inner, 10_000)
            height += h + (flowable.getSpaceAfter() if i < len(self.content) - 1 else 0)
        self.width, self.height = aw, height + 2 * BOX_PADDING
        return self.width, self.height

    def split(self, aw, ah):
        return []

    role = "Div"  # in the structure tree: a group holding the box's heading and items

    def draw(self):
        self.draw_frame(self.canv, 0, 0)
        for flowable, x, y in self.placements(0, 0):
            flowable.drawOn(self.canv, x, y)

    def draw_frame(self, canvas, x: float, y: float) -> None:
        canvas.saveState()
        canvas.setFillColor(HexColor(self.fill))
        canvas.setStrokeColor(HexColor(self.stroke))
        canvas.setLineWidth(0.8)
        canvas.roundRect(x, y, self.width, self.height, 2 * mm, stroke=1, fill=1)
        canvas.restoreState()

    def placements(self, x: float, y: float):
        """(flowable, x, y) of the box's insides, for a box whose corner is at (x, y)."""
        top = y + self.height - BOX_PADDING
        for flowable in self.content:
            top -= flowable.height
            yield flowable, x + BOX_PADDING, top
            top -= flowable.getSpaceAfter()

    def draw_tagged(self, canvas, tagger, x: float, y: float) -> None:
        """The frame as an artifact, the insides as a Div of their own elements."""
        from leaflet.layout.structure import draw_tagged

        with tagger.artifact(canvas):
            self.draw_frame(canvas, x, y)
        with tagger.within(Element("Div")):
            for flowable, fx, fy in self.placements(x, y):
                draw_tagged(canvas, flowable, fx, fy)


class QRCode(Flowable):
    """A QR code of a URL, drawn as vector squares on a light square of its own: the quiet
    zone of four modules on every side that readers need (ISO/IEC 18004) lies within
    the flowable, so nothing set beside it, and no coloured ground beneath, comes closer."""

    role = "Figure"
    QUIET = 4  # modules

    def __init__(self, url: str, alt: str, size: float = QR_SIZE):
        super().__init__()
        self.url, self.size, self.alt = url, size, alt

    def wrap(self, aw, ah):
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self):
        rows = qr.modules(self.url)
        module = self.size / (len(rows) + 2 * self.QUIET)
        top = self.size - self.QUIET * module
        path = self.canv.beginPath()
        for r, row in enumerate(rows):
            c = self.QUIET
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    path.rect(c * module, top - (r + 1) * module, count * module, module)
                c += count
        self.canv.saveState()
        self.canv.setFillColor(HexColor("#ffffff"))
        self.canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        self.canv.setFillColor(HexColor("#000000"))
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


class FitImage(Flowable):
    """An image as wide as the column (or as ``max_height`` allows), aspect kept.

    It is drawn from a copy made for each PDF: CMYK over ``background`` for print,
    sRGB with transparency for screen, each at the resolution that medium needs.
    """

    role = "Figure"
    sized_by_block = True  # an image block's width: can print it smaller; the logo's size is ours

    def __init__(self, path: str, max_height: float = 100 * mm, background: str = "#ffffff",
                 pos=None, alt: str = ""):
        super().__init__()
        self.path, self.max_height, self.background, self.pos = path, max_height, background, pos
        self.alt = alt  # "" marks a decoration: an artifact, skipped by screen readers
        self.drawing = self.pixels = None
        if path.lower().endswith(".svg"):
            from leaflet.layout.images import load_svg

            self.drawing = load_svg(Path(path))  # vectors: no pixels, no resolution to check
        else:
            from leaflet.layout.images import open_image, seen_size

            with open_image(path) as image:
                self.pixels = seen_size(image)

    wanted: float | None = None  # points wide, when the image block set a length
    share: float = 1.0           # of the column, when it set a percentage

    def wrap(self, aw, ah):
        w, h = self.pixels or (self.drawing.width, self.drawing.height)
        target = min(aw, self.wanted) if self.wanted else aw * self.share
        scale = min(target / w, self.max_height / h)
        self.width, self.height = w * scale, h * scale
        return self.width, self.height

    def draw(self):
        if self.drawing is not None:
            from reportlab.graphics import renderPDF
            from reportlab.graphics.shapes import STATE_DEFAULTS

            from leaflet.layout import fonts

            # The renderer sets its default font before drawing anything, and that font is
            # Helvetica, which is never embedded: make the default ours while it draws.
            default = STATE_DEFAULTS["fontName"]
            STATE_DEFAULTS["fontName"] = fonts.register()
            try:
                self.canv.saveState()
                self.canv.scale(self.width / self.drawing.width,
                                self.height / self.drawing.height)
                renderPDF.draw(self.drawing, self.canv, 0, 0)
                self.canv.restoreState()
            finally:
                STATE_DEFAULTS["fontName"] = default
            return

        for_print = getattr(self.canv, "for_print", None)  # the print canvas's converter
        image, mode = _prepared(self.path, round(self.width, 2), for_print, self.background)
        mask = None if for_print or mode != "RGBA" else "auto"
        self.canv.drawImage(image, 0, 0, self.width, self.height, mask=mask)


def _prepared(path: str, width: float, for_print, background: str):
    """The image as ReportLab reads it, and its mode. Cached by the file's bytes, with the
    pixels ReportLab takes from it: the logo, say, is drawn on every leaflet's cover
    and back, in two PDFs."""
    from reportlab.lib.utils import ImageReader

    from leaflet.layout.images import content_key, prepare

    key = (content_key(path), width, for_print, background)
    if key not in _PREPARED:
        colour = HexColor(background)
        rgb = tuple(round(v * 255) for v in (colour.red, colour.green, colour.blue))
        image = prepare(path, width, for_print, rgb)
        _PREPARED[key] = ImageReader(image), image.mode
    return _PREPARED[key]


_PREPARED = Cache(100_000_000, lambda value: pixel_bytes(value[0]._image))


class Builder:
    """Turns one leaflet's blocks into flowables with one set of styles."""

    def __init__(self, leaflet: Leaflet, styles: dict):
        self.leaflet = leaflet
        self.styles = styles
        self.colours = leaflet.organisation.colours
        self.lang = leaflet.content.lang

    def para(self, text: Text | str, style, role: str = "P", kind=None, plain: bool = False,
             **kw) -> Paragraph:
        """A paragraph of ``text`` in a style given by name (or as a style); ``role`` is its
        element in the screen PDF's structure tree. ``plain`` text (the organisation's
        name) is printed as written, its stars and brackets too."""
        value = text.value if isinstance(text, Text) else text
        style = self.styles[style] if isinstance(style, str) else style
        marked = markup.escape(value) if plain else markup.to_reportlab(value,
                                                                       self.colours.primary)
        flowable = (kind or TextPara)(marked, style, **kw)
        flowable.pos = text.pos if isinstance(text, Text) else None
        flowable.source = text if isinstance(text, Text) else None
        flowable.role = role
        return flowable

    def list_items(self, items, style: str, group, bullet) -> list[Flowable]:
        out = []
        for number, item in enumerate(items, 1):
            flowable = self.para(item, style, role="LI", bulletText=bullet(number),
                                 kind=ListItemPara)
            flowable.group = group
            out.append(flowable)
        return out

    def blocks(self, blocks) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            out += self.block(block)
        return out

    def block(self, block) -> list[Flowable]:
        if isinstance(block, Heading):
            flowable = HeadingPara(markup.to_reportlab(block.text.value), self.styles["heading"],
                                   markup.plain(block.text.value))
            flowable.pos = block.text.pos
            return [flowable]
        if isinstance(block, Paragraphs):
            return [self.para(p, "body") for p in block.paragraphs]
        if isinstance(block, Bullets):
            return self.list_items(block.items, "bullet", Group("L", ListNumbering="Disc"),
                                   lambda n: "•")
        if isinstance(block, References):
            return self.list_items(block.items, "reference", Group("L", ListNumbering="Decimal"),
                                   lambda n: f"{n}.")
        if isinstance(block, Box):
            inner = []
            if block.heading:
                inner.append(self.para(block.heading, "box-heading", role="H3"))
            inner += self.blocks(block.blocks)
            box = BoxFlowable(inner, self.colours.accent, self.colours.primary)
            box.pos = block.pos
            return [box]
        if isinstance(block, PanelBreak):
            return [Break(block.pos)]
        if isinstance(block, Contact):
            return self.contact(block)
        if isinstance(block, Image):
            return self.image(block)
        raise TypeError(f"unknown block {block!r}")

    def contact(self, block: Contact) -> list[Flowable]:
        org = self.leaflet.organisation
        out = []
        if org.logo:
            out += [self.logo(LOGO_HEIGHT), Spacer(1, 2 * mm)]
        out.append(self.para(org.name, "contact-name", plain=True))
        for key, shown, href in contact_lines(org):
            # Built here as ReportLab markup, not read as Markdown: the organisation's
            # fields are plain text, and a link is made only of what safe_link allows.
            link = markup.safe_link(href)
            text = markup.escape(shown)
            if link:
                text = (f'<a href="{markup.escape(link)}" color="{self.colours.primary}">'
                        f"{text}</a>")
            line = TextPara(f"<b>{markup.escape(label(self.lang, key))}:</b> {text}",
                            self.styles["contact"])
            line.role = "P"
            out.append(line)
        if org.website:
            qr = label(self.lang, "qr").format(org.website)
            out += [Spacer(1, 3 * mm), QRCode(org.website, qr)]
        for flowable in out:
            flowable.pos = flowable.pos if isinstance(flowable, FitImage) else block.pos
            flowable.at_foot = True  # the contact block sits at the foot of its panel
        return out

    def logo(self, height: float, background: str = "#ffffff") -> FitImage:
        """The organisation's logo, described in the leaflet's language."""
        org = self.leaflet.organisation
        logo = FitImage(str(org.logo), height, background, org.logo_pos,
                        label(self.lang, "logo").format(org.name.value))
        logo.sized_by_block = False
        return logo

    def image(self, block: Image, background: str = "#ffffff") -> list[Flowable]:
        picture = FitImage(str(block.src), background=background, alt=block.alt)
        picture.pos = block.pos
        picture.wanted, picture.share = block.width, block.width_share or 1.0
        picture.hAlign = block.align.upper()  # typeset places it so in its column
        out = [picture]
        if block.caption:
            style = self.styles["caption"]
            if block.align != "left":  # the caption stands under the picture
                style = ParagraphStyle(f"caption-{block.align}", parent=style,
                                       alignment=TA_CENTER if block.align == "center" else TA_RIGHT)
            out.append(self.para(block.caption, style, role="Caption"))
        return out

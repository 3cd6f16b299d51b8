"""Blocks of the model → ReportLab flowables, each remembering its source position."""
from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus.paragraph import (  # how it splits words, and draws a bullet
    _drawBullet, _HSFrag, _SplitFragHY)

from leaflet import markup
from leaflet.layout import qr
from leaflet.layout.images import Cache, pixel_bytes
from leaflet.labels import label
from leaflet.layout.structure import Element, Group
from leaflet.model import (Box, Bullets, Contact, Heading, Image, Leaflet, Paragraphs, PanelBreak,
                    References, Text, contact_lines)

QR_SIZE = 25 * mm  # decodes reliably from print at arm's length
BOX_PADDING = 3.2 * mm
LOGO_HEIGHT = 14 * mm
SOFT_HYPHEN = "\u00ad"  # drawn as a hyphen at a line's end; read as "the word goes on"


class Break(Flowable):
    """The next flowable starts on a new panel."""

    def __init__(self, pos):
        super().__init__()
        self.pos = pos

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class TextPara(Paragraph):
    """A paragraph that reads as it was written when its text is taken out of the PDF, as
    a screen reader does. Each line is drawn on its own, so a reader would glue the last
    word of a line to the first of the next, and keep the hyphen of a word that
    hyphenation broke: see :func:`mark_line_ends`."""

    def __init__(self, text, style, *args, **kw):
        super().__init__(text, style, *args, **kw)
        self.plain = _plain(self.frags)  # before breaking lines turns the frags into words

    plan = None  # the total-fit lines last made (see layout/justify.py)
    keep = None  # a split-off head's planned lines, kept when it is wrapped again

    def breakLines(self, width):
        """Total-fit lines for justified text (first-fit for the rest, and wherever
        the planned lines do not come out as planned)."""
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        # Wrapped again and again at one width (each try of the balancing, each look at
        # what follows a heading): the same lines, made once. split() forgets them, as
        # ReportLab's split marks the line ends of the lines it splits.
        key = (tuple(widths), self.style, self.keep)
        made = self.__dict__.get("_made")
        if made is not None and made[0] == key:
            self.plan = made[2]
            return made[1]
        lines = self._break(width, widths)
        self._made = (key, lines, self.plan)
        return lines

    def _break(self, width, widths):
        from reportlab.lib.enums import TA_JUSTIFY

        from leaflet.layout import justify

        self.plan = None
        if self.style.alignment != TA_JUSTIFY:
            return super().breakLines(width)
        plan = self.keep if self.keep and self.keep.widths[:1] == widths[:1] else None
        if plan is None:  # the same paragraph is wrapped to the same width many times
            key = tuple(widths)
            plans = self.__dict__.setdefault("_plans", {})
            if key not in plans:
                plans[key] = justify.plan(self, widths)
            plan = plans[key]
        if plan is None:
            return super().breakLines(width)
        style = self.style
        self.style = justify.no_shrink(style)
        try:
            lines = super().breakLines(plan.fake)
        finally:
            self.style = style
        if not justify.apply(lines, plan):
            return super().breakLines(width)
        self.plan = plan
        return lines

    def overhang(self) -> float:
        """How far the widest line sticks out of the column with its spaces at their
        narrowest: only a word too long for any line does."""
        lines = getattr(getattr(self, "blPara", None), "lines", ())
        if self.plan is not None:
            return 0.0
        return max((-(line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0.0))
                    for line in lines), default=0.0)

    def split(self, aw, ah):
        if self.__dict__.get("_marked") is self.blPara:  # drawn before: split it unmarked
            for words, index, word in reversed(self._unmarked):
                words[index] = word
            self._marked = None
        parts = super().split(aw, ah)
        self.__dict__.pop("_made", None)
        if len(parts) == 2 and self.plan is not None:
            # The head keeps the lines it had in the whole paragraph (total-fit of the
            # head alone could differ); the tail is broken anew for its own column.
            from leaflet.layout.justify import Plan

            n = len(parts[0].blPara.lines)
            parts[0].keep = Plan(self.plan.widths[:n], self.plan.fake[:n], self.plan.texts[:n],
                                 self.plan.tracks[:n])
        if len(parts) == 2:
            # The head's own text stops at the split: take what follows it from the whole,
            # so its last line ends as that line does in the whole paragraph.
            head = parts[0]
            if self.plain.startswith(head.plain + " "):
                head.plain += " "
            elif head.plain.endswith("-") and not self.plain.startswith(head.plain):
                head.plain = head.plain[:-1]  # a hyphen of hyphenation's
        return parts

    def draw(self):
        # once for its lines, though they are drawn in the print and the screen PDF
        if self.__dict__.get("_marked") is not self.blPara:
            self._unmarked = mark_line_ends(self.plain, self.blPara)
            self._marked = self.blPara
        super().draw()


def _plain(frags) -> str:
    """The text of a paragraph's frags, white space as single spaces."""
    parts = []
    for frag in frags:
        if hasattr(frag, "text"):
            parts.append(frag.text)
        elif hasattr(frag, "words"):  # a split-off part of a paragraph without markup
            parts.append(" ".join(frag.words))
        elif isinstance(frag, list):  # a word made of frags: [width, (frag, text), …]
            word = "".join(text for _, text in frag[1:])
            if isinstance(frag, _SplitFragHY) and word.endswith("-"):
                word = word[:-1]  # hyphenation's, taken away when the word is joined again
            parts.append(word + (" " if isinstance(frag, _HSFrag) else ""))
    return " ".join("".join(parts).split())


def mark_line_ends(text: str, para) -> list[tuple[list, int, object]]:
    """Compare each broken line of ``para`` (a Paragraph's blPara) with the paragraph's
    ``text``: a line that ends between two words gets a space after its last
    glyph (where it changes nothing), and a hyphen that hyphenation added becomes a soft
    hyphen, the same glyph, which a reader joins to the rest of the word. Drawing twice
    marks once; a line that does not match the text is left as it is. Returns what it
    changed, (a line's words, the index, the word it replaced), to undo it with."""
    changed: list[tuple[list, int, object]] = []
    at = 0
    for index, line in enumerate(para.lines):
        words, texts = _words(line)
        drawn = " ".join((" " if words is texts else "").join(texts).split())
        if drawn.endswith(SOFT_HYPHEN):  # marked before
            drawn = drawn[:-1] + "-"
        if text.startswith(drawn, at):
            at += len(drawn)
            if text.startswith(" ", at):
                _end_line(para, index, " ", changed)
        elif drawn.endswith("-") and text.startswith(drawn[:-1], at):
            at += len(drawn) - 1
            _end_line(para, index, SOFT_HYPHEN, changed)
        else:
            break
        at += text.startswith(" ", at)
    return changed


def _words(line) -> tuple[list, list]:
    """A broken line's words and their texts: a line of plain text is (extra space,
    [words]), one with markup has frags, each with its text."""
    if isinstance(line, tuple):
        return line[1], line[1]
    return line.words, [getattr(frag, "text", "") for frag in line.words]


def _end_line(para, index: int, mark: str, changed: list) -> None:
    """A space after line ``index``'s last word, or a soft hyphen instead of its hyphen."""
    words, texts = _words(para.lines[index])
    last = max((i for i, text in enumerate(texts) if text), default=None)
    if last is None:
        return
    old = texts[last]
    if mark == " ":
        new = old if old.endswith(" ") else old + " "
    else:
        new = old[:-1] + SOFT_HYPHEN if old.endswith("-") else old
    if new == old:
        return
    changed.append((words, last, words[last]))
    if words is not texts:
        words[last] = words[last].clone(text=new)
    elif hasattr(old, "__sp__"):  # ReportLab's soft-hyphen word would drop ours: plain text
        words[last] = new
    else:  # keep ReportLab's kind of word (the head of a hyphenated one, say)
        words[last] = type(old)(new)


class ListItemPara(TextPara):
    """A list item: its bullet (or number) is its label (Lbl) for a screen reader, the
    rest its body (LBody)."""

    role = "LI"

    def draw_tagged(self, canvas, tagger, x: float, y: float) -> None:
        body = tagger.element_for(self)
        box = (x, y, x + self.width, y + self.height)
        bullet = self.bulletText
        if bullet and hasattr(body, "item"):
            label = Element("Lbl")
            body.item.kids.insert(body.item.kids.index(body), label)
            with tagger.marked_in(canvas, label, box):
                canvas.saveState()
                canvas.translate(x, y)
                _drawBullet(canvas, 0, self._first_baseline(), bullet, self.style, rtl=False)
                canvas.restoreState()
        self.bulletText = None  # drawn already, as the label
        try:
            with tagger.marked_in(canvas, body, box):
                self.drawOn(canvas, x, y)
        finally:
            self.bulletText = bullet

    def _first_baseline(self) -> float:
        """Where ReportLab's drawPara puts the first line, and with it the bullet."""
        from reportlab import rl_config

        first = self.blPara if self.blPara.kind == 0 else self.blPara.lines[0]
        if rl_config.paraFontSizeHeightOffset:
            return self.height - first.fontSize
        return self.height - getattr(first, "ascent", first.fontSize)


class HeadingPara(TextPara):
    """A heading: kept with what follows, and a bookmark in the screen PDF."""

    role = "H2"

    def __init__(self, text: str, style, plain_text: str):
        super().__init__(text, style)
        self.outline_title = plain_text


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

"""Flowables → panels: the content flows through the panels in reading order.

The layout is computed once, without a canvas, and then drawn as often as
needed (print sheet and screen pages share panel sizes). Headings keep with
the first lines of what follows, paragraphs leave no widow or orphan line, a
box never splits, and content that does not fit at the readability floor is a
problem that names the panel and how much is too much.
"""
from __future__ import annotations

import re
from collections import deque
from copy import copy
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from leaflet import markup
from leaflet.layout import styles as style_sheet
from leaflet.errors import LeafletError, Pos, error, warning
from leaflet.layout.flowables import Break, Builder
from leaflet.folds import Panel, Sheet
from leaflet.model import Leaflet

BODY_SIZES = (10.0, 9.75, 9.5, 9.25, 9.0)  # tried in turn until the content fits
MAX_FEATHER = 4 * mm   # the most added above a heading to even a panel's foot
GUTTER = 5 * mm        # between text columns
SAFE_FROM_FOLD = 4 * mm  # no text nearer than this to a fold or the trim
COVER_LOGO = 16 * mm   # the logo's height at the foot of the cover
FOOT_GAP = 3 * mm


@dataclass
class Placed:
    flowable: Flowable
    x: float  # from the left of the panel's text area
    y: float  # from the top of the panel's text area down to the flowable's top
    height: float


@dataclass
class PanelLayout:
    panel: Panel
    sheet: Sheet
    columns: int = 1
    items: list[Placed] = field(default_factory=list)

    @property
    def text_height(self) -> float:
        return self.sheet.height - self.sheet.margin_top - self.sheet.margin_bottom

    @property
    def text_width(self) -> float:
        return self.panel.width - 2 * self.sheet.margin_x

    def frames(self) -> list["Frame"]:
        width = (self.text_width - GUTTER * (self.columns - 1)) / self.columns
        return [Frame(self, i * (width + GUTTER), width) for i in range(self.columns)]


@dataclass
class Frame:
    """One column of a panel: where flowables are placed, top to bottom."""

    layout: PanelLayout
    x: float
    width: float
    items: list[Placed] = field(default_factory=list)
    reserved: float = 0.0  # room kept free at the foot (the cover's organisation line)

    @property
    def height(self) -> float:
        return self.layout.text_height - self.reserved

    def place(self, flowable: Flowable, y: float, height: float) -> None:
        placed = Placed(flowable, self.x, y, height)
        self.items.append(placed)
        self.layout.items.append(placed)

    def unplace(self) -> Flowable:
        placed = self.items.pop()
        self.layout.items.remove(placed)
        return placed.flowable


@dataclass
class Layout:
    sheet: Sheet
    panels: dict[str, PanelLayout]
    body_size: float
    problems: list = field(default_factory=list)


class Overflow(Exception):
    def __init__(self, panel: Panel, excess: float, pos: Pos | None):
        self.panel, self.excess, self.pos = panel, excess, pos


def typeset(leaflet: Leaflet, sheet: Sheet) -> Layout:
    """Lay the leaflet out at the largest body size that fits, down to 9 pt."""
    far_too_long(leaflet, sheet)
    for size in BODY_SIZES:
        try:
            layout = _typeset_at(leaflet, sheet, size)
        except Overflow as exc:
            overflow = exc
            continue
        layout.problems += too_wide(layout)
        if size < BODY_SIZES[0]:
            layout.problems.append(warning(
                leaflet.content.title.pos,
                f"text set at {size:g} pt instead of {BODY_SIZES[0]:g} pt to fit"))
        return layout
    pos = overflow.pos or leaflet.content.title.pos
    raise LeafletError([error(
        pos, f"the text does not fit: the {overflow.panel.label} panel overflows by "
             f"{overflow.excess / mm:.0f} mm even at {BODY_SIZES[-1]:g} pt",
        f"shorten the text by about {max(1, round(overflow.excess / (BODY_SIZES[-1] * 1.38)))} "
        "lines, or move a block to another panel")])


# Room on a sheet, counted generously: characters 0.42 em wide on average (Noto Sans
# runs nearer 0.5), lines 1.38 body sizes apart, the smallest body size, every panel full.
CHAR_WIDTH_EM, LEADING = 0.42, 1.38


def far_too_long(leaflet: Leaflet, sheet: Sheet) -> None:
    """Refuse at once a text that could never fit, twice what the sheet holds even by a
    generous count (a whole book pasted in, say), instead of laying it out five times
    over to say by how much it overflows."""
    from leaflet.model import texts

    size = BODY_SIZES[-1]
    height = sheet.height - sheet.margin_top - sheet.margin_bottom
    area = sum(panel.width - 2 * sheet.margin_x for panel in sheet.panels) * height
    room = int(area / (CHAR_WIDTH_EM * size * LEADING * size))
    written, past = 0, None
    for text in texts(leaflet.content):
        written += len(text.value)
        if past is None and written > room:
            past = text  # from about here on, nothing could fit
    if written > 2 * room:
        raise LeafletError([error(
            past.pos, f"the text is far too long for a {leaflet.spec.fold}: it has "
                      f"{written} characters, and even at {size:g} pt about {room} fit; "
                      "from about here on nothing would",
            f"shorten it to under {room} characters, or make two leaflets of it")])


def too_wide(layout: Layout) -> list:
    """An error for every line that sticks out of its column into the 4 mm kept clear of
    folds and trim: a word too long to fit (a web address, say), which would otherwise
    print over a fold or off the sheet. (Justified lines may overhang by a hair; the
    margin takes that.)"""
    allowed = layout.sheet.margin_x - SAFE_FROM_FOLD
    problems = []
    for panel in layout.panels.values():
        for placed in panel.items:
            flowable = placed.flowable
            lines = getattr(getattr(flowable, "blPara", None), "lines", ())
            excess = max((-_extra_space(line) for line in lines), default=0.0)
            if hasattr(flowable, "overhang"):  # total-fit lines may shrink their spaces
                excess = flowable.overhang()
            if excess > allowed:
                problems.append(_too_wide_problem(flowable, excess, panel.panel))
    return problems


def _extra_space(line) -> float:
    return line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0.0)


def _too_wide_problem(flowable, excess: float, panel: Panel):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    source = getattr(flowable, "source", None)
    text = markup.plain(source.value) if source else ""
    style = flowable.style
    # Split at breakable spaces only: a no-break space joins words into one unbreakable run.
    words = [w for w in re.split(r"[ \t\n]+", text) if w] or [""]
    word = max(words, key=lambda w: stringWidth(w, style.fontName, style.fontSize))
    at = source.pos_of(source.value.find(word)) if source and word in source.value else (
        getattr(flowable, "pos", None) or Pos("?"))
    shown = word if len(word) <= 40 else word[:37] + "…"
    return error(at, f"'{shown}' is too long for a line in the {panel.label} panel: it sticks "
                     f"out {excess / mm:.1f} mm", "break it with a soft hyphen (U+00AD), or "
                     "for a web address write [short text](address)")


def _typeset_at(leaflet: Leaflet, sheet: Sheet, size: float) -> Layout:
    sty = style_sheet.make(leaflet.organisation.colours.primary, leaflet.content.lang, size,
                           leaflet.content.hyphenation)
    builder = Builder(leaflet, sty)
    columns = leaflet.spec.columns
    panels = {p.name: PanelLayout(p, sheet, columns if p.name in sheet.flow_order else 1)
              for p in sheet.panels}
    flow = deque(builder.blocks(leaflet.content.content))
    fill(flow, [f for name in sheet.flow_order for f in panels[name].frames()])
    back = panels["back"].frames()
    fill(deque(builder.blocks(leaflet.content.back)), back, feather=False)
    for frame in back:
        _to_foot(frame)
    cover = panels["cover"].frames()[0]
    foot = _cover_foot(leaflet, builder, cover.width)
    cover.reserved = sum(h for _, h in foot) + FOOT_GAP * len(foot)
    fill(deque(cover_flowables(leaflet, builder, cover.width)), [cover], feather=False)
    y = cover.layout.text_height - cover.reserved + FOOT_GAP  # the foot, drawn after the rest
    for flowable, h in foot:
        cover.place(flowable, y, h)
        y += h + FOOT_GAP
    return Layout(sheet, panels, size)


def _cover_foot(leaflet: Leaflet, builder: Builder, width: float):
    """The organisation's logo and name at the foot of the cover, with their heights."""
    org = leaflet.organisation
    foot = [builder.para(org.name, "cover-org", plain=True)]
    if org.logo:
        foot.insert(0, builder.logo(COVER_LOGO, org.colours.primary))
    return [(flowable, flowable.wrap(width, 1000)[1]) for flowable in foot]


def fitted_para(builder: Builder, text, style_name: str, width: float) -> Paragraph:
    """Large type (a cover title) set smaller where its longest word would not fit the width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = builder.styles[style_name]
    words = markup.plain(text.value).split() or [""]
    widest = max(stringWidth(word, style.fontName, style.fontSize) for word in words)
    if widest > width:
        scale = width / widest * 0.98
        style = copy(style)
        style.fontSize, style.leading = style.fontSize * scale, style.leading * scale
    return builder.para(text, style)


def cover_flowables(leaflet: Leaflet, builder: Builder, width: float) -> list[Flowable]:
    from reportlab.platypus import Spacer

    content = leaflet.content
    title = fitted_para(builder, content.title, "title", width)
    title.role = "H1"
    out: list[Flowable] = [Spacer(1, 38 * mm), title]
    if content.subtitle:
        out.append(fitted_para(builder, content.subtitle, "subtitle", width))
    if content.cover_text:
        out += [builder.para(p, "cover-text") for p in _paragraphs(content.cover_text)]
    if content.cover_image:
        out += builder.image(content.cover_image, leaflet.organisation.colours.primary)
    return out


def _paragraphs(text):
    from leaflet.source.validate import split_paragraphs
    return split_paragraphs(text)


def fill(queue: deque, frames: list[Frame], feather: bool = True) -> None:
    """Place flowables from ``queue`` into ``frames`` in order; raise Overflow if some are left."""
    skip = None  # after a panel break, the panel's other columns stay empty
    for frame in frames:
        if frame.layout is skip:
            continue
        full = _fill_frame(queue, frame)
        if feather and full:
            _feather(frame)
        if queue and isinstance(queue[0], Break):
            queue.popleft()
            skip = frame.layout
        if not queue:
            return
    while queue and isinstance(queue[0], Break):
        queue.popleft()
    if queue:
        last = frames[-1]
        need = sum(_needed(f, last.width) for f in queue)
        raise Overflow(last.layout.panel, need, getattr(queue[0], "pos", None))


def _fill_frame(queue: deque, frame: Frame) -> bool:
    """Fill one column; True when it ended for lack of room (not a break or the end)."""
    width, height, y = frame.width, frame.height, 0.0
    while queue:
        flowable = queue[0]
        if isinstance(flowable, Break):
            if frame.layout.items:
                return False  # the caller moves on to the next panel
            queue.popleft()  # a break at the top of an empty panel changes nothing
            continue
        before = flowable.getSpaceBefore() if frame.items else 0.0
        room = height - y - before
        _, h = flowable.wrap(width, room)
        if h + _keep_height(flowable, queue, width) <= room + 0.01:
            queue.popleft()
            frame.place(flowable, y + before, h)
            y += before + h + flowable.getSpaceAfter()
            continue
        if isinstance(flowable, Paragraph) and not _keeps_with_next(flowable):
            parts = flowable.split(width, room)
            if len(parts) == 2:
                first, rest = parts
                _carry_over(flowable, first, rest)
                _, h = first.wrap(width, room)
                frame.place(first, y + before, h)
                queue[0] = rest
                return True
        if not frame.items:
            raise Overflow(frame.layout.panel, h - room, getattr(flowable, "pos", None))
        # A heading is never the last thing in a column: it moves on with its text.
        while len(frame.items) > 1 and _keeps_with_next(frame.items[-1].flowable):
            queue.appendleft(frame.unplace())
        return True
    return False


def _to_foot(frame: Frame) -> None:
    """Move what belongs at the foot (the contact block) down to the bottom of the column."""
    items = frame.items
    first = next((i for i, item in enumerate(items) if getattr(item.flowable, "at_foot", 0)),
                 None)
    if first is None or not items:
        return
    spare = frame.height - (items[-1].y + items[-1].height)
    for item in items[first:]:
        item.y += max(0.0, spare)


def _carry_over(whole: Paragraph, *parts: Paragraph) -> None:
    """A paragraph split over two columns stays one paragraph: same source, same element."""
    part_of = getattr(whole, "part_of", None) or object()
    for part in parts:
        part.part_of = part_of
        for name in ("pos", "role", "group"):
            if hasattr(whole, name):
                setattr(part, name, getattr(whole, name))


def _keeps_with_next(flowable: Flowable) -> bool:
    return bool(getattr(getattr(flowable, "style", None), "keepWithNext", 0))


def _keep_height(flowable: Flowable, queue: deque, width: float) -> float:
    """Room that must follow a keep-with-next flowable: what the next one needs at least."""
    if not _keeps_with_next(flowable) or len(queue) < 2 or isinstance(queue[1], Break):
        return 0.0
    nxt = queue[1]
    _, h = nxt.wrap(width, 10_000)
    if isinstance(nxt, Paragraph):
        lines = len(getattr(nxt, "blPara", None).lines) if hasattr(nxt, "blPara") else 0
        if lines >= 4:  # it may split after two lines (no orphan, no widow)
            h = 2 * nxt.style.leading
    return nxt.getSpaceBefore() + h


def _needed(flowable: Flowable, width: float) -> float:
    _, h = flowable.wrap(width, 10_000)
    return flowable.getSpaceBefore() + h + flowable.getSpaceAfter()


def _feather(frame: Frame) -> None:
    """Even a full column's foot: share the spare room out between its blocks,
    twice as much above a heading as between paragraphs, never more than MAX_FEATHER."""
    items = frame.items
    spare = frame.height - (items[-1].y + items[-1].height) if items else 0
    weights = [2 if _keeps_with_next(item.flowable) else 1 for item in items[1:]]
    if spare <= 0 or not weights:
        return
    unit = min(spare / sum(weights), MAX_FEATHER / 2)
    shift = 0.0
    for item, weight in zip(items[1:], weights):
        shift += unit * weight
        item.y += shift

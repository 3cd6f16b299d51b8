"""Flowables → panels: the content flows through the panels in reading order.

The layout is computed once, without a canvas, and then drawn as often as
needed (print sheet and screen pages share panel sizes). The panels' columns are
filled by layout/columns.py (headings keep with the first lines of what follows,
paragraphs leave no widow or orphan line, a box never splits); here the body size is
chosen, the panels balanced, the cover set, and content that does not fit at the
readability floor is a problem that names the panel and how much is too much.
"""
from __future__ import annotations

import re
from collections import deque
from copy import copy
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from leaflet import markup
from leaflet.layout import balance
from leaflet.layout import styles as style_sheet
from leaflet.errors import LeafletError, Pos, error, warning
from leaflet.layout.columns import Frame, Overflow, Placed, fill, to_foot
from leaflet.layout.flowables import Break, Builder
from leaflet.folds import Panel, Sheet
from leaflet.model import Leaflet

BODY_SIZES = (10.0, 9.75, 9.5, 9.25, 9.0)  # tried in turn until the content fits
GUTTER = 5 * mm        # between text columns
SAFE_FROM_FOLD = 4 * mm  # no text nearer than this to a fold or the trim
COVER_LOGO = 16 * mm   # the logo's height at the foot of the cover
FOOT_GAP = 3 * mm


@dataclass
class PanelLayout:
    """What one panel holds: its flowables, placed in its columns."""

    panel: Panel
    sheet: Sheet
    columns: int = 1
    items: list[Placed] = field(default_factory=list)
    limit: float | None = None  # a balanced flow fills its columns only this far down
    whole: bool = False  # paragraphs are not split between its columns (a short text)

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
class Layout:
    """A leaflet typeset: each panel's layout, and the problems found."""

    sheet: Sheet
    panels: dict[str, PanelLayout]
    problems: list = field(default_factory=list)


def typeset(leaflet: Leaflet, sheet: Sheet) -> Layout:
    """Lay the leaflet out at the largest body size that fits, down to 9 pt."""
    far_too_long(leaflet, sheet)
    overflow = first = None
    for size in BODY_SIZES:
        try:
            layout = _typeset_at(leaflet, sheet, size)
        except Overflow as exc:
            overflow, first = exc, first or exc
            continue
        layout.problems += too_wide(layout)
        layout.problems += balance.blank_panels(layout, leaflet.spec.fold,
                                                leaflet.content.title.pos)
        if first is not None:  # the panel that did not fit at the full size
            layout.problems.append(warning(
                first.pos or leaflet.content.title.pos,
                f"the text is set at {size:g} pt instead of {BODY_SIZES[0]:g} pt so that the "
                f"{first.panel.label} panel holds it",
                f"shorten the text by about {_lines(first.excess, BODY_SIZES[0])} lines "
                f"to keep {BODY_SIZES[0]:g} pt"))
        return layout
    raise LeafletError([overflow_error(overflow, leaflet.content.title.pos)])


def overflow_error(overflow: Overflow, title: Pos):
    """At the block that no longer fits: by how much, how many lines to cut, and where
    there is room to move a block, if any panel has enough."""
    hint = f"shorten the text by about {_lines(overflow.excess, BODY_SIZES[-1])} lines"
    free, name = overflow.room
    if free >= overflow.excess and name:
        hint += f", or move a block to the {name} panel, which has {free / mm:.0f} mm free"
    return error(overflow.pos or title,
                 f"the text does not fit: the {overflow.panel.label} panel overflows by "
                 f"{overflow.excess / mm:.0f} mm even at {BODY_SIZES[-1]:g} pt", hint)


def _lines(height: float, size: float) -> int:
    return max(1, round(height / (size * LEADING)))


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
    panels = {p.name: PanelLayout(p, sheet, 1) for p in sheet.panels}
    panels.update(balanced_flow(builder.blocks(leaflet.content.content), sheet, columns))
    back = panels["back"].frames()
    fill(deque(builder.blocks(leaflet.content.back)), back, feather=False)
    for frame in back:
        to_foot(frame)
    cover = panels["cover"].frames()[0]
    foot = _cover_foot(leaflet, builder, cover.width)
    cover.reserved = sum(h for _, h in foot) + FOOT_GAP * len(foot)
    fill(deque(cover_flowables(leaflet, builder, cover.width)), [cover], feather=False)
    y = cover.layout.text_height - cover.reserved + FOOT_GAP  # the foot, drawn after the rest
    for flowable, h in foot:
        cover.place(flowable, y, h)
        y += h + FOOT_GAP
    return Layout(sheet, panels)


def balanced_flow(flowables: list, sheet: Sheet, columns: int) -> dict[str, PanelLayout]:
    """The panels the content list flows through, filled only as far down as it takes for
    all of it to fit (see balance.py). Raises Overflow when it does not fit at all.

    A panel break parts the content: each part is balanced over the panels it needs (the
    last part over all that are left), so a break never leaves a panel half empty."""
    names = list(sheet.flow_order)
    panels = _flow_at(flowables, sheet, columns, None, names)
    if balance.fill_of(panels[names[-1]]) >= balance.NEARLY_FULL:
        return panels  # every panel nearly full: even already, and no tries to pay for
    parts = [part for part in _parts(flowables) if part]
    for index, part in enumerate(parts):
        if not names:  # cannot be, as the greedy fill above held it all; never lose text
            return _flow_at(flowables, sheet, columns, None, list(sheet.flow_order))
        span = names
        if index < len(parts) - 1:  # as many panels as it takes at full height
            greedy = _flow_at(part, sheet, columns, None, names)
            span = names[:max(1, sum(1 for name in names if greedy[name].items))]
        panels.update(_balanced(part, sheet, columns, span))
        names = names[len(span):]
    return panels


def _parts(flowables: list) -> list[list]:
    """The content between panel breaks."""
    parts: list[list] = [[]]
    for flowable in flowables:
        if isinstance(flowable, Break):
            parts.append([])
        else:
            parts[-1].append(flowable)
    return parts


def _balanced(flowables: list, sheet: Sheet, columns: int, names: list) -> dict:
    """``flowables`` over the panels ``names``, at the lowest height that holds them. A
    short text, with room to spare, is first tried with every paragraph kept whole: a
    paragraph broken over a fold for want of room it does not lack reads as a fault."""
    if len(names) * columns == 1:
        return _flow_at(flowables, sheet, columns, None, names)
    panels = _lowest(flowables, sheet, columns, names, whole=False)
    if max(balance.fill_of(panel) for panel in panels.values()) < balance.SHORT:
        try:
            whole = _lowest(flowables, sheet, columns, names, whole=True)
        except Overflow:
            return panels
        fills = [balance.fill_of(panel) for panel in whole.values()]
        if min(fills) > 0 and max(fills) - min(fills) <= balance.EVEN_ENOUGH:
            return whole
        return _flow_at(flowables, sheet, columns, _limit(panels), names)  # measured anew
    return panels


def _limit(panels: dict) -> float | None:
    return next(iter(panels.values())).limit


def _lowest(flowables: list, sheet: Sheet, columns: int, names: list, whole: bool) -> dict:
    full = sheet.height - sheet.margin_top - sheet.margin_bottom
    greedy = _flow_at(flowables, sheet, columns, None, names, whole)
    placed = sum(item.height for panel in greedy.values() for item in panel.items)
    shared = placed / (len(names) * columns)  # each column's even share of the content

    def fits(height: float) -> bool:
        try:
            _flow_at(flowables, sheet, columns, height, names, whole)
        except Overflow:
            return False
        return True

    # A little under the even share: the space above a column's first block is dropped.
    height = balance.lowest_height(fits, full, min(0.9 * shared, full))
    # Laid out once more at the height found: every try wraps and splits the same
    # flowables anew, so only the last fill's measures are the ones to draw with.
    return _flow_at(flowables, sheet, columns, height, names, whole)


def _flow_at(flowables: list, sheet: Sheet, columns: int, limit: float | None,
             names: list, whole: bool = False) -> dict:
    panels = {name: PanelLayout(sheet.panel(name), sheet, columns, limit=limit, whole=whole)
              for name in names}
    fill(deque(flowables), [frame for name in names for frame in panels[name].frames()])
    return panels


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



"""Balancing: the content list ends its panels at a similar height.

Filled greedily, the content would run each panel to its foot and leave the last
ones half empty or blank. Like CSS columns with ``column-fill: balance``, the flow
is tried at a few column heights (from its even share upwards, then halving the gap)
and laid out at the lowest height at which everything still fits: the panels then
end close together, with the usual rules kept (headings with their text, boxes
whole, no widow line, no list item alone). Each try is one greedy fill, so balancing
costs about four; a flow whose last panel is nearly full already is left as it is.
"""
from __future__ import annotations

from typing import Callable

PRECISION = 2.0  # points: finer would only move a line by a hair
STEP = 14.0  # points: about a line of body text, the first step up from the even share
NEARLY_FULL = 0.8  # a greedy flow whose last panel is this full needs no balancing
SHORT = 0.5        # a balanced flow filling its panels less than this has room to spare...
EVEN_ENOUGH = 0.15  # ... and keeps its paragraphs whole if its panels still end this close


def lowest_height(fits: Callable[[float], bool], full: float, low: float = 0.0) -> float | None:
    """The lowest column height (to within PRECISION) at which ``fits(height)`` is true,
    or None when only the full height will do. ``fits`` is assumed true at ``full`` and
    false at ``low`` (the content's height shared out over the columns, say).

    The answer is most often a line or two above ``low``: heights a line above it, then
    two, four, … are tried first, and the gap where it changed is then halved. Three or
    four tries instead of the seven or eight of halving from ``low`` to ``full``."""
    high, step = full, STEP
    while low + step < high:
        if fits(low + step):
            high = low + step
            break
        low, step = low + step, 2 * step
    while high - low > PRECISION:
        middle = (low + high) / 2
        if fits(middle):
            high = middle
        else:
            low = middle
    return high if high < full else None


SPARSE = 0.4  # a flow that fills less of its panels than this looks lost on the sheet


def fill_of(panel) -> float:
    """How far down a laid-out panel's last item reaches, as a share of its text height."""
    bottom = max((item.y + item.height for item in panel.items), default=0.0)
    return bottom / panel.text_height


def blank_panels(layout, fold: str, pos) -> list:
    """Warnings for a folded piece with a blank panel, or a text too short for its fold:
    each names the panels and says what would help."""
    from leaflet.errors import warning

    smaller = ("add text, or choose a smaller fold: 'fold: bifold' in leaflet.yaml"
               if fold != "bifold" else "add text, or make the leaflet a flyer of its own")
    sheet, panels = layout.sheet, layout.panels
    problems = []
    blank = [name for name in sheet.reading_order if not panels[name].items]
    flowed = [name for name in blank if name in sheet.flow_order]
    if flowed:
        problems.append(warning(pos, f"{_named(flowed, panels)}: the text is too short "
                                     f"for a {fold}", smaller))
    elif max(fill_of(panels[name]) for name in sheet.flow_order) < SPARSE:
        fullest = max(fill_of(panels[name]) for name in sheet.flow_order)
        problems.append(warning(pos, f"the text fills only about {fullest:.0%} of the "
                                     f"{len(sheet.flow_order)} panels it flows through", smaller))
    fixed = [name for name in blank if name not in sheet.flow_order]
    if fixed:
        problems.append(warning(pos, f"{_named(fixed, panels)}: nothing is written for "
                                     f"{'it' if len(fixed) == 1 else 'them'}",
                                "give 'back:' a few lines and '- contact: organisation'"))
    return problems


def _named(names: list, panels) -> str:
    """'the back panel is blank', 'the inside middle and inside right panels are blank'."""
    labels = [panels[name].panel.label for name in names]
    if len(labels) == 1:
        return f"the {labels[0]} panel is blank"
    return f"the {', '.join(labels[:-1])} and {labels[-1]} panels are blank"

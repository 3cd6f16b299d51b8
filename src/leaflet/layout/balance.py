"""Balancing: the content list ends its panels at a similar height.

Filled greedily, the content would run each panel to its foot and leave the last
ones half empty or blank. Like CSS columns with ``column-fill: balance``, the flow
is tried at lower and lower column heights (a binary search) and laid out at the
lowest height at which everything still fits: the panels then end close together,
with the usual rules kept (headings with their text, boxes whole, no widow line,
no list item alone). Each try is one greedy fill, so balancing costs about eight; a
flow whose last panel is nearly full already is left as it is.
"""
from __future__ import annotations

from typing import Callable

PRECISION = 2.0  # points: finer would only move a line by a hair
NEARLY_FULL = 0.8  # a greedy flow whose last panel is this full needs no balancing


def lowest_height(fits: Callable[[float], bool], full: float, low: float = 0.0) -> float | None:
    """The lowest column height (to within PRECISION) at which ``fits(height)`` is true,
    or None when only the full height will do. ``fits`` is assumed true at ``full`` and
    false at ``low`` (the content's height shared out over the columns, say)."""
    high = full
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
    order = layout.sheet.reading_order
    blank = [name for name in order if not layout.panels[name].items]
    if blank:
        names = ", ".join(layout.panels[name].panel.label for name in blank)
        return [warning(pos, f"the {_panels(blank)} {names} {_be(blank)} blank: the text is "
                             f"too short for a {fold}", smaller)]
    flowed = [layout.panels[name] for name in layout.sheet.flow_order]
    fullest = max(fill_of(panel) for panel in flowed)
    if fullest < SPARSE:
        return [warning(pos, f"the text fills only about {fullest:.0%} of the "
                             f"{len(flowed)} panels it flows through", smaller)]
    return []


def _panels(names) -> str:
    return "panel" if len(names) == 1 else "panels"


def _be(names) -> str:
    return "is" if len(names) == 1 else "are"

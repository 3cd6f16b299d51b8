"""Balancing: the content list ends its panels at a similar height.

Filled greedily, the content would run each panel to its foot and leave the last
ones half empty or blank. Like CSS columns with ``column-fill: balance``, the flow
is tried at lower and lower column heights (a binary search) and laid out at the
lowest height at which everything still fits: the panels then end close together,
with the usual rules kept (headings with their text, boxes whole, no widow line,
no list item alone). Each try is one greedy fill, so balancing costs about eight.
"""
from __future__ import annotations

from typing import Callable

PRECISION = 2.0  # points: finer would only move a line by a hair


def lowest_height(fits: Callable[[float], bool], full: float) -> float | None:
    """The lowest column height (to within PRECISION) at which ``fits(height)`` is true,
    or None when only the full height will do. ``fits`` is assumed true at ``full``."""
    low, high = 0.0, full
    while high - low > PRECISION:
        middle = (low + high) / 2
        if fits(middle):
            high = middle
        else:
            low = middle
    return high if high < full else None

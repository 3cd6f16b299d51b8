"""Columns filled top to bottom: each flowable placed under the one before, a paragraph
split where it may go on in the next column (no widow or orphan line), a heading kept
with the first lines of its text, a list kept together at least two items a side, a box
never split; and a full column's foot evened by opening its gaps (feathering).
"""
from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from leaflet.errors import Pos
from leaflet.folds import Panel
from leaflet.layout.flowables import Break

MAX_FEATHER = 4 * mm   # the most added to one gap to even a panel's foot
MAX_STRETCH = 0.5      # ... and never more than half the gap's normal size
LONG_ITEM = 6  # lines: a list item this long may split over two columns like a paragraph


@dataclass
class Placed:
    """A flowable placed in a panel's text area."""

    flowable: Flowable
    x: float  # from the left of the panel's text area
    y: float  # from the top of the panel's text area down to the flowable's top
    height: float


@dataclass
class Frame:
    """One column of a panel: where flowables are placed, top to bottom."""

    layout: object  # the typeset.PanelLayout it is a column of
    x: float
    width: float
    items: list[Placed] = field(default_factory=list)
    reserved: float = 0.0  # room kept free at the foot (the cover's organisation line)

    @property
    def height(self) -> float:
        full = self.layout.text_height - self.reserved
        return full if self.layout.limit is None else min(full, self.layout.limit)

    def place(self, flowable: Flowable, y: float, height: float) -> None:
        placed = Placed(flowable, self.x + _indent(flowable, self.width), y, height)
        self.items.append(placed)
        self.layout.items.append(placed)

    def unplace(self) -> Flowable:
        placed = self.items.pop()
        self.layout.items.remove(placed)
        return placed.flowable


class Overflow(Exception):
    def __init__(self, panel: Panel, excess: float, pos: Pos | None,
                 room: tuple[float, str] = (0.0, "")):
        self.panel, self.excess, self.pos = panel, excess, pos
        self.room = room  # the most free room left in one panel, and that panel's name


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
        raise Overflow(last.layout.panel, need, _spilled_at(queue), _most_room(frames))


def _spilled_at(queue: deque) -> Pos | None:
    """Where the text that no longer fits starts: a heading moved on with its text, so
    the text after it is what grew."""
    for flowable in queue:
        if not _keeps_with_next(flowable) and getattr(flowable, "pos", None):
            return flowable.pos
    return getattr(queue[0], "pos", None)


def _most_room(frames: list[Frame]) -> tuple[float, str]:
    """The most free room left at the foot of one column, and its panel's name."""
    best = (0.0, "")
    for frame in frames:
        used = frame.items[-1].y + frame.items[-1].height if frame.items else 0.0
        if frame.height - used > best[0]:
            best = (frame.height - used, frame.layout.panel.label)
    return best


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
        if h + _keep_height(flowable, queue, width, frame.layout.whole) <= room + 0.01:
            queue.popleft()
            frame.place(flowable, y + before, h)
            y += before + h + flowable.getSpaceAfter()
            continue
        if _splits(flowable) and not frame.layout.whole:
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
        _keep_list_together(frame, queue)
        # A heading is never the last thing in a column: it moves on with its text.
        while len(frame.items) > 1 and _keeps_with_next(frame.items[-1].flowable):
            queue.appendleft(frame.unplace())
        return True
    return False


def _splits(flowable: Flowable) -> bool:
    """Whether a flowable may end one column and go on in the next."""
    if not isinstance(flowable, Paragraph) or _keeps_with_next(flowable):
        return False
    if getattr(flowable, "role", "") == "LI":
        return len(getattr(getattr(flowable, "blPara", None), "lines", ())) >= LONG_ITEM
    return True


def _keep_list_together(frame: Frame, queue: deque) -> None:
    """A list broken at a column's foot keeps at least two items on each side: one item
    alone at the top of the next column (or at the foot of this one) reads as a stray."""
    def group(flowable):
        return getattr(flowable, "group", None) if getattr(flowable, "role", "") == "LI" else None

    items, here = frame.items, group(frame.items[-1].flowable)
    if here is None or not queue or group(queue[0]) is not here:
        return
    placed = len(list(itertools.takewhile(lambda p: group(p.flowable) is here, reversed(items))))
    left = len(list(itertools.takewhile(lambda f: group(f) is here, queue)))
    move = placed if placed < 2 or placed + left < 4 else (1 if left < 2 else 0)
    for _ in range(min(move, len(items) - 1)):
        queue.appendleft(frame.unplace())


def _indent(flowable: Flowable, width: float) -> float:
    """How far right a flowable narrower than its column sits: a picture set to ``align``."""
    spare = width - getattr(flowable, "width", width)
    align = getattr(flowable, "hAlign", "LEFT").lower()
    return max(0.0, spare) * {"center": 0.5, "centre": 0.5, "right": 1.0}.get(align, 0.0)


def to_foot(frame: Frame) -> None:
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


def _keep_height(flowable: Flowable, queue: deque, width: float, whole: bool) -> float:
    """Room that must follow a keep-with-next flowable: what the next one needs at least."""
    if not _keeps_with_next(flowable) or len(queue) < 2 or isinstance(queue[1], Break):
        return 0.0
    nxt = queue[1]
    _, h = nxt.wrap(width, 10_000)
    if isinstance(nxt, Paragraph):
        lines = len(getattr(nxt, "blPara", None).lines) if hasattr(nxt, "blPara") else 0
        if lines >= 4 and not whole:  # it may split after two lines (no orphan, no widow)
            h = 2 * nxt.style.leading
    return flowable.getSpaceAfter() + nxt.getSpaceBefore() + h


def _needed(flowable: Flowable, width: float) -> float:
    _, h = flowable.wrap(width, 10_000)
    return flowable.getSpaceBefore() + h + flowable.getSpaceAfter()


def _feather(frame: Frame) -> None:
    """Even a full column's foot: open up the gaps between its blocks, all by the same
    factor, never past one and a half times their normal size (nor by more than
    MAX_FEATHER each); the gap under a heading stays, so it keeps with its text."""
    items = frame.items
    spare = frame.height - (items[-1].y + items[-1].height) if items else 0
    gaps = [0.0 if _keeps_with_next(above.flowable) else
            max(0.0, below.y - above.y - above.height)
            for above, below in zip(items, items[1:])]
    if spare <= 0 or sum(gaps) <= 0:
        return
    factor = min(spare / sum(gaps), MAX_STRETCH)
    shift = 0.0
    for item, gap in zip(items[1:], gaps):
        shift += min(gap * factor, MAX_FEATHER)
        item.y += shift

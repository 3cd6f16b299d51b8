"""Fold geometry: where the panels of a flat sheet lie, in points, and how they read.

Pure geometry: nothing here knows about ReportLab or PDF. Each fold is one
module with a ``sheet(paper)`` function; :data:`FOLDS` maps the names users
write in leaflet.yaml to them.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from leaflet.units import MM


@dataclass(frozen=True)
class Panel:
    """One panel of a folded sheet: where it lies on its side of the sheet, and its names."""

    name: str   # what the panel is: 'cover', 'flap', 'inside-left', …
    label: str  # the printers' name, used in messages and proofs
    side: int   # 0 = outside (printed first), 1 = inside
    x: float    # left edge, measured from the left trim edge of its side
    width: float


@dataclass(frozen=True)
class Sheet:
    """The flat sheet in landscape, its two sides, and how the folded piece reads."""

    width: float
    height: float
    side_names: tuple[str, ...]
    panels: tuple[Panel, ...]
    reading_order: tuple[str, ...]  # every panel, as a reader meets them
    flow_order: tuple[str, ...]     # the panels the content list flows through
    # What a reader sees, folded: the panels side by side, left to right, per view.
    views: tuple[tuple[str, tuple[str, ...]], ...] = ()
    margin_x: float = 7 * MM        # text from the trim and from every fold
    margin_top: float = 11 * MM
    margin_bottom: float = 11 * MM

    def panel(self, name: str) -> Panel:
        return next(p for p in self.panels if p.name == name)

    def side(self, index: int) -> tuple[Panel, ...]:
        return tuple(p for p in self.panels if p.side == index)

    def folds(self, index: int) -> tuple[float, ...]:
        """The x of each fold line on a side: where one panel meets the next."""
        return tuple(p.x for p in self.side(index) if p.x > 0)


# The names users write in leaflet.yaml; each is a module of this package.
FOLDS = ("trifold", "zfold", "bifold")


def sheet(fold: str, paper: str) -> Sheet:
    return import_module(f"{__name__}.{fold}").sheet(paper)

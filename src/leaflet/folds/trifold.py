"""The roll-fold (letter-fold) tri-fold: one landscape sheet, two folds, six panels.

Seen from the outside, left to right: the inner flap, the back, the cover.
On the inside, left to right: inside left, inside middle, inside right.

The inner flap is the panel that folds in first, so it rolls inside the other
two; it is made 2–3 mm narrower than the others so it does not buckle against
the fold (A4: 100 / 100 / 97 mm; US Letter: 3.6875 / 3.6875 / 3.625 in). The
narrow panel sits at the left of the outside and, once the sheet is turned over
on its short edge, at the right of the inside, right behind the flap.

A reader meets the panels in this order: the cover; the inner flap, seen when
the cover is opened; the three inside panels, seen when the flap is opened;
and last the back. The content flows flap → inside left → middle → right.
"""
from __future__ import annotations

from leaflet.units import INCH, MM, PAPERS
from leaflet.folds import Panel, Sheet

# (wide, narrow) panel widths per paper; two wide panels and one narrow fill the sheet.
WIDTHS = {"A4": (100 * MM, 97 * MM), "letter": (3.6875 * INCH, 3.625 * INCH)}


def sheet(paper: str) -> Sheet:
    short, long = PAPERS[paper]
    wide, narrow = WIDTHS[paper]
    panels = (
        Panel("flap", "inner flap", 0, 0.0, narrow),
        Panel("back", "back", 0, narrow, wide),
        Panel("cover", "cover", 0, narrow + wide, wide),
        Panel("inside-left", "inside left", 1, 0.0, wide),
        Panel("inside-middle", "inside middle", 1, wide, wide),
        Panel("inside-right", "inside right", 1, 2 * wide, narrow),
    )
    return Sheet(
        width=long,
        height=short,
        side_names=("outside", "inside"),
        panels=panels,
        reading_order=("cover", "flap", "inside-left", "inside-middle", "inside-right", "back"),
        views=(("closed", ("cover",)), ("opened", ("inside-left", "flap")),
               ("inside", ("inside-left", "inside-middle", "inside-right")), ("back", ("back",))),
        flow_order=("flap", "inside-left", "inside-middle", "inside-right"),
    )

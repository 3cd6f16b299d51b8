"""The Z-fold (accordion fold): one landscape sheet, two folds in opposite directions,
three equal panels a side (A4: 99 mm; US Letter: 3.667 in).

Call the printed-first side the outside: outside left, back, cover, left to
right. The cover is folded back along its left edge and the outside-left panel
forward along its right, so the closed piece shows the cover on top, and it
opens like a book: the cover swings left to show inside left and inside
middle, and pulling the last panel out to the right shows the whole inside as
one spread of three. Seen closed from behind, the inside-right panel is the
back of the piece, so it should read on its own as well as in the spread.
Turned over, the fully opened sheet shows outside left and back beside the
cover.

Reading order: cover, inside left, inside middle, inside right, outside left,
back. The content flows through the inside spread and on to outside left;
the back panel (beside the cover) carries the back blocks. The two sides
print with a short-edge flip.
"""
from __future__ import annotations

from leaflet.units import PAPERS
from leaflet.folds import Panel, Sheet


def sheet(paper: str) -> Sheet:
    short, long = PAPERS[paper]
    third = long / 3
    panels = (
        Panel("outside-left", "outside left", 0, 0.0, third),
        Panel("back", "back", 0, third, third),
        Panel("cover", "cover", 0, 2 * third, third),
        Panel("inside-left", "inside left", 1, 0.0, third),
        Panel("inside-middle", "inside middle", 1, third, third),
        Panel("inside-right", "inside right", 1, 2 * third, third),
    )
    return Sheet(
        width=long,
        height=short,
        side_names=("outside", "inside"),
        panels=panels,
        reading_order=("cover", "inside-left", "inside-middle", "inside-right",
                       "outside-left", "back"),
        views=(("closed", ("cover",)), ("opened", ("inside-left", "inside-middle")),
               ("inside", ("inside-left", "inside-middle", "inside-right")),
               ("back", ("outside-left", "back"))),
        flow_order=("inside-left", "inside-middle", "inside-right", "outside-left"),
    )

"""The bi-fold (single fold, folder): one landscape sheet folded once in the
middle into four pages of half its size (A4 → four A5 pages; US Letter →
four 5.5 × 8.5 in pages).

Outside, left to right: the back, the cover. Inside: the left page, the right
page. A reader meets the cover, opens it to the inside spread, and closes it
on the back. The content flows inside left → inside right; the back page
carries the back blocks. Pages this wide can take two text columns
(``columns: 2`` in leaflet.yaml). The two sides print with a short-edge flip.
"""
from __future__ import annotations

from leaflet.units import MM, PAPERS
from leaflet.folds import Panel, Sheet


def sheet(paper: str) -> Sheet:
    short, long = PAPERS[paper]
    half = long / 2
    panels = (
        Panel("back", "back", 0, 0.0, half),
        Panel("cover", "cover", 0, half, half),
        Panel("inside-left", "inside left", 1, 0.0, half),
        Panel("inside-right", "inside right", 1, half, half),
    )
    return Sheet(
        width=long,
        height=short,
        side_names=("outside", "inside"),
        panels=panels,
        reading_order=("cover", "inside-left", "inside-right", "back"),
        views=(("closed", ("cover",)), ("inside", ("inside-left", "inside-right")),
               ("back", ("back",))),
        flow_order=("inside-left", "inside-right"),
        margin_x=12 * MM,
        margin_top=13 * MM,
        margin_bottom=13 * MM,
    )

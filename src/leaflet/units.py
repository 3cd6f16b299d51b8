"""Lengths and paper sizes, all in PDF points (1/72 inch)."""
from __future__ import annotations

import re

MM = 72 / 25.4
INCH = 72.0

UNITS = {"mm": MM, "cm": 10 * MM, "in": INCH, "pt": 1.0}

# Portrait width × height of the flat sheet, in points.
PAPERS = {
    "A4": (210 * MM, 297 * MM),
    "letter": (8.5 * INCH, 11 * INCH),
}

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$")


def parse_length(text: str) -> float | None:
    """'3mm' → 8.50…; None when the text is not a length with a unit."""
    match = _LENGTH.match(text)
    if not match:
        return None
    return float(match.group(1)) * UNITS[match.group(2)]


def mm(points: float) -> float:
    return points / MM

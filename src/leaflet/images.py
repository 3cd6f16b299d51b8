"""Images: what a file really holds, and whether it is sharp enough where it is placed."""
from __future__ import annotations

from pathlib import Path

MAX_PIXELS = 40_000_000       # a 6000 × 6000 photo is plenty for any leaflet
FORMATS = ("PNG", "JPEG")
PRINT_PPI, MIN_PPI = 300, 150  # what shops want; below the minimum it prints visibly blurred


class NotAnImage(Exception):
    """The file cannot be used as an image; the message says why, in plain words."""


def inspect(path: Path) -> tuple[int, int]:
    """The image's size in pixels, after checking it is a whole PNG or JPEG of sane size."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            if image.format not in FORMATS:
                raise NotAnImage(f"is a {image.format} image; use PNG or JPEG")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise NotAnImage(f"is too large ({width} × {height} pixels; at most "
                                 f"{MAX_PIXELS // 1_000_000} million): make it smaller first")
            image.verify()
    except NotAnImage:
        raise
    except Image.DecompressionBombError:
        raise NotAnImage("is too large to open safely: make it smaller first") from None
    except (OSError, SyntaxError, ValueError):
        raise NotAnImage("is not a PNG or JPEG image, or it is damaged") from None
    return width, height


def ppi(pixels_wide: int, points_wide: float) -> float:
    """Effective resolution of an image placed ``points_wide`` wide."""
    return pixels_wide / (points_wide / 72)

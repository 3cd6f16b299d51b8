"""Colour for the press: sRGB → CMYK through the press profile the leaflet prints on.

The organisation's colours and every picture are converted with littleCMS (Pillow's
ImageCms), relative colorimetric with black-point compensation: what the designer saw on
screen, as near as the press can print it. Greys (text, rules) go on black ink alone,
so they print sharp whatever the registration of the plates; near-black text prints as
solid black (100 % K), which the print canvas overprints (canvas.py).

The profiles are built from free measurement data by scripts/build-profiles.sh (see
profiles/NOTICE); a wheel carries them as the data package leaflet/profiles/.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, toColor

from leaflet.render.profiles import profile_bytes


@dataclass(frozen=True)
class Press:
    """A press condition: its profile, the most ink it takes, what the shop calls it."""

    name: str          # as in leaflet.yaml's print: profile:
    condition: str     # the OutputConditionIdentifier a print shop recognises
    registry: str      # the characterisation data the profile is built from
    ink_limit: float   # total area coverage, 3.0 = 300 %
    description: str


PRESSES = {press.name: press for press in (
    Press("fogra39", "FOGRA39", "FOGRA39L", 3.0,
          "Offset, coated paper (ISO 12647-2:2004, paper type 1/2)"),
    Press("fogra29", "FOGRA29", "FOGRA29L", 2.8,
          "Offset, uncoated white paper (ISO 12647-2:2004, paper type 4)"),
    Press("gracol", "CGATS TR 006", "TR006", 3.0,
          "Offset, coated paper, GRACoL (CGATS TR 006, US)"),
    Press("swop", "CGATS TR 003", "TR003", 3.0,
          "Web offset, coated paper, SWOP (CGATS TR 003, US)"),
)}

# Greys at least this dark print as solid black: near-black text (#1a1a1a) is meant as
# black, and at 90 % it would be screened into dots instead of printing solid.
SOLID_FROM = 0.85


# littleCMS normally precalculates a conversion into a grid of samples and interpolates
# in it: 20–27 ms to set up, then fast for millions of pixels. Unprecalculated, it sets up
# in under a millisecond and is exact (the grid is off by up to 3 % of an ink), but costs
# about 1 µs a distinct pixel: the right choice for the colours and a logo, not a photo.
GRID_FROM = 250_000  # pixels


@functools.cache
def _to_press(name: str, exact: bool):
    """The littleCMS transform sRGB → the press's CMYK, made once per process."""
    from io import BytesIO

    from PIL import ImageCms

    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
    if exact:
        flags |= ImageCms.Flags.NOOPTIMIZE
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(BytesIO(profile_bytes(name))),
        "RGB", "CMYK", ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=flags)


def image_to_cmyk(name: str, image):
    """An RGB picture in the press's CMYK."""
    from PIL import ImageCms

    exact = image.width * image.height < GRID_FROM
    return ImageCms.applyTransform(image.convert("RGB"), _to_press(name, exact))


@dataclass(frozen=True)
class PicturesFor:
    """What the print canvas converts its pictures with (as ``for_print``): equal for equal
    presses, so a cache of converted pictures serves every print PDF of one press."""

    press: str

    def __call__(self, image):
        return image_to_cmyk(self.press, image)

    def ink(self, rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
        """A colour in the press's CMYK as a CMYK picture holds it, 0–255 an ink."""
        return tuple(round(v * 255) for v in _rgb_to_cmyk(self.press, rgb))


@functools.cache
def _rgb_to_cmyk(name: str, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
    from PIL import Image

    r, g, b = rgb
    if r == g == b:  # grey: black ink alone
        k = 1 - r / 255
        return (0.0, 0.0, 0.0, 1.0 if k >= SOLID_FROM else round(k, 4))
    pixel = image_to_cmyk(name, Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
    return tuple(round(v / 255, 4) for v in pixel)


def press_colour(name: str, colour) -> CMYKColor:
    """Any colour the print canvas is given, as the press's CMYK. CMYK colours pass as they
    are (registration marks are meant for every plate)."""
    colour = toColor(colour)
    if isinstance(colour, CMYKColor):
        return colour
    rgb = tuple(round(v * 255) for v in (colour.red, colour.green, colour.blue))
    return CMYKColor(*_rgb_to_cmyk(name, rgb), alpha=colour.alpha)


def is_solid_black(colour) -> bool:
    """100 % K and no other ink: what print overprints (it hides nothing beneath)."""
    return (isinstance(colour, CMYKColor) and colour.black >= 1 and colour.density >= 1
            and colour.cyan == colour.magenta == colour.yellow == 0)


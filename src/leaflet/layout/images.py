"""Images: what a file really holds, and whether it is sharp enough where it is placed."""
from __future__ import annotations

import hashlib
import math
from io import BytesIO
from pathlib import Path

from leaflet.files import NotAFile, read_file

MAX_PIXELS = 40_000_000       # a 6000 × 6000 photo is plenty for any leaflet
MAX_SIDE = 20_000             # pixels on either side: a 1 × 39 000 000 strip is no picture
MAX_IMAGE_BYTES = 50_000_000  # a phone's photo is 2–12 MB
FORMATS = ("PNG", "JPEG")
PRINT_PPI, MIN_PPI = 300, 150  # what shops want; below the minimum it prints visibly blurred


class NotAnImage(Exception):
    """The file cannot be used as an image; the message says why, in plain words."""


def inspect(path: Path) -> tuple[int, int] | None:
    """The image's size in pixels, after checking it is a whole PNG or JPEG of sane size;
    None for an SVG drawing (vectors have no resolution)."""
    from PIL import Image

    if path.suffix.lower() == ".svg":
        load_svg(path)
        return None
    data = image_bytes(path)
    try:
        with open_bytes(data) as image:
            if image.format not in FORMATS:
                raise NotAnImage(f"is a {image.format} image; use PNG, JPEG or SVG")
            width, height = image.size  # turned or not, the same pixels
            if max(width, height) > MAX_SIDE:
                raise NotAnImage(f"is too large ({width} × {height} pixels; at most "
                                 f"{MAX_SIDE} on a side): make it smaller first")
            if width * height > MAX_PIXELS:
                raise NotAnImage(f"is too large ({width} × {height} pixels; at most "
                                 f"{MAX_PIXELS // 1_000_000} million): make it smaller first")
            image.verify()  # a PNG's every chunk; a JPEG's header
        if image.format == "JPEG" and not data.rstrip(b"\0").endswith(b"\xff\xd9"):
            raise OSError("no end-of-image marker: cut off")
        with open_bytes(data) as image:  # verify() leaves an image unusable
            return seen_size(image)
    except NotAnImage:
        raise
    except Image.DecompressionBombError:
        raise NotAnImage("is too large to open safely: make it smaller first") from None
    except (OSError, SyntaxError, ValueError):
        raise NotAnImage("is not a PNG, JPEG or SVG image, or it is damaged") from None


MAX_SVG_BYTES = 2_000_000
MAX_SVG_ELEMENTS = 5_000  # a logo has a few hundred shapes; svglib takes 0.4 ms for each
# Elements an SVG logo may not have, by their name without a namespace prefix.
_SVG_REFUSED = {
    "image": "refers to other image files",
    "text": "has text in it: convert the text to outlines (paths) in your drawing program, "
            "or the shop would get a font that is not embedded",
    "tspan": "has text in it: convert the text to outlines (paths) in your drawing program",
    "textPath": "has text in it: convert the text to outlines (paths) in your drawing program",
    "use": "uses references ('<use>')",
    "foreignObject": "holds a piece of another kind of document",
    "script": "has a script in it",
}


def image_bytes(path, limit: int = MAX_IMAGE_BYTES) -> bytes:
    """The picture file's bytes, if it is a regular file of a sane size."""
    try:
        return read_file(path, limit)
    except NotAFile as exc:
        raise NotAnImage(str(exc)) from None


def open_image(path):
    """The picture, opened (not yet decoded) from its bytes, read once and with care."""
    return open_bytes(image_bytes(path))


def open_bytes(data: bytes):
    """The picture in ``data``, opened (not yet decoded) by the reader of its format when
    that is PNG or JPEG: Image.open would first import Pillow's readers of five formats,
    some 8 ms of a cold build. Anything else goes to Image.open, to tell what it is."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        from PIL.PngImagePlugin import PngImageFile as reader
    elif data.startswith(b"\xff\xd8\xff"):
        from PIL.JpegImagePlugin import JpegImageFile as reader
    else:
        from PIL import Image

        return Image.open(BytesIO(data))
    return reader(BytesIO(data))


def load_svg(path: Path):
    """An SVG logo as a ReportLab drawing, after refusing what would read other files,
    expand without limit, or print with a font that is not embedded."""
    data = image_bytes(path, MAX_SVG_BYTES)
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    if key not in _DRAWINGS:
        _DRAWINGS[key] = _drawing(path, data)
    return _DRAWINGS[key]


def _drawing(path: Path, data: bytes):
    if b"<!ENTITY" in data:
        raise NotAnImage("is an SVG that declares XML entities")
    from lxml import etree
    from svglib.svglib import SvgRenderer

    # Parsed once, as XML, nothing fetched and nothing expanded; then checked by element,
    # so a prefix ('<svg:text>') hides nothing.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise NotAnImage("is not an SVG drawing leaflet can read (it is not well-formed "
                         "XML)") from None
    for count, element in enumerate(root.iter()):
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if name in _SVG_REFUSED:
            raise NotAnImage(f"is an SVG that {_SVG_REFUSED[name]}")
        if count >= MAX_SVG_ELEMENTS:
            raise NotAnImage(f"is an SVG of more than {MAX_SVG_ELEMENTS} shapes, too many for "
                             "a logo: simplify it in the drawing program (or use a PNG)")
    try:
        drawing = SvgRenderer(str(path), external_reference_root=str(path.parent)).render(root)
    except Exception:  # svglib raises many kinds: any of them means unusable
        drawing = None
    if drawing is None or not all(math.isfinite(side) and 0 < side < 1e6
                                  for side in (drawing.width, drawing.height)):
        raise NotAnImage("is not an SVG drawing leaflet can read (its size is missing or "
                         "not a number)")
    return drawing


def ppi(pixels_wide: int, points_wide: float) -> float:
    """Effective resolution of an image placed ``points_wide`` wide."""
    return pixels_wide / (points_wide / 72)


SCREEN_PPI = 150  # what the screen PDF's copies are made for at their placed size
KEPT_PPI = {PRINT_PPI: 450, SCREEN_PPI: 225}  # up to this a copy keeps its pixels, as
# shops' PDF/X settings do for print (above 450 ppi, to 300)


def prepare(path: Path, width_pt: float, for_print,
            background: tuple[int, int, int] = (255, 255, 255)):
    """The image as it goes into a PDF. For print (``for_print`` converts an RGB picture
    for the press, render/colour.py): in the press's CMYK over the colour behind it, at
    300 to 450 ppi at its placed size. For screen (``for_print`` None): sRGB at 150 to
    225 ppi, with its transparency. See copy_for()."""
    from PIL import Image

    print_key, image = copy_for(str(path), width_pt, PRINT_PPI)
    if not for_print:
        _, image = copy_for(str(path), width_pt, SCREEN_PPI)
        return image if _has_transparency(image) else image.convert("RGB")
    key = (print_key, for_print)
    if key not in _CONVERTED:  # once, however many backgrounds it is flattened onto
        alpha = image.getchannel("A")
        _CONVERTED[key] = (for_print(image.convert("RGB")),
                           None if alpha.getextrema()[0] == 255 else alpha)
    cmyk, alpha = _CONVERTED[key]
    if alpha is None:
        return cmyk
    flat = Image.new("CMYK", cmyk.size, for_print.ink(background))
    flat.paste(cmyk, mask=alpha)  # flattened in the press's inks: only edges differ
    return flat


def copy_for(path: str, width_pt: float, ppi_wanted: int) -> tuple[tuple, object]:
    """(its key, the picture as a PDF takes it placed ``width_pt`` wide): halved (each
    pixel the average of four) while it stays at ``ppi_wanted`` or more, then resampled
    to ``ppi_wanted`` only if that still left it above KEPT_PPI; at or below, kept as it
    is. So a logo placed at a few sizes has one copy for each PDF, made in a few
    milliseconds. The screen's copy is made from the print's: a quarter of the pixels."""
    from PIL import Image

    if ppi_wanted == PRINT_PPI:
        source_key, source = content_key(path), _rgba(path)
    else:
        source_key, source = copy_for(path, width_pt, PRINT_PPI)
    halvings = 0
    while ppi(source.width >> (halvings + 1), width_pt) >= ppi_wanted:
        halvings += 1
    resampled = ppi(source.width >> halvings, width_pt) > KEPT_PPI[ppi_wanted]
    key = (source_key, ppi_wanted, halvings) + ((round(width_pt, 2),) if resampled else ())
    if key not in _SCALED:
        made = source.reduce(1 << halvings) if halvings else source
        if resampled:  # a photo, say: made for this one size
            width = max(1, round(width_pt / 72 * ppi_wanted))
            height = max(1, round(made.height * width / made.width))
            made = made.resize((width, height), Image.Resampling.LANCZOS)
        _SCALED[key] = made
    return key, _SCALED[key]


def content_key(path) -> str:
    """What a cache of pictures is keyed by: the file's bytes, not its name. A file saved
    anew is read anew (in `leaflet watch`), and the same logo kept in several folders is
    decoded once."""
    return hashlib.blake2b(image_bytes(path), digest_size=16).hexdigest()


class Cache(dict):
    """A dict that forgets its oldest entries once what it holds passes ``limit`` bytes,
    as ``weigh`` counts a value: a long `leaflet watch` over many large pictures keeps a
    bounded amount of them, however many it has seen."""

    def __init__(self, limit: int, weigh):
        super().__init__()
        self.limit, self.weigh, self.used, self.weights = limit, weigh, 0, {}

    def __setitem__(self, key, value):
        if key in self:
            self.used -= self.weights.pop(key)
            super().__delitem__(key)
        weight = self.weigh(value)
        while self and self.used + weight > self.limit:
            oldest = next(iter(self))
            self.used -= self.weights.pop(oldest)
            super().__delitem__(oldest)
        super().__setitem__(key, value)
        self.weights[key] = weight
        self.used += weight


def pixel_bytes(image) -> int:
    return image.width * image.height * len(image.getbands())


_DECODED = Cache(200_000_000, pixel_bytes)
_SCALED = Cache(100_000_000, pixel_bytes)
_CONVERTED = Cache(100_000_000, lambda value: pixel_bytes(value[0]))
# Each drawing is bounded by MAX_SVG_ELEMENTS, so a count bounds the bytes: sixteen.
_DRAWINGS = Cache(16, lambda drawing: 1)


def _rgba(path: str):
    """The decoded image, once per process however often it is placed."""
    data = image_bytes(path)
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    if key not in _DECODED:
        with open_bytes(data) as source:
            _DECODED[key] = as_seen(source).convert("RGBA")
    return _DECODED[key]


def as_seen(image):
    """The picture as a viewer shows it: turned as the camera's orientation tag says (a
    phone photo is stored on its side), and 16-bit grey scaled to 8 bits (converted as
    it is, every grey above 255 of 65535 would print white)."""
    from PIL import ImageOps

    turned = _orientation(image) not in (None, 1)
    if image.mode.startswith("I;16") or image.mode == "I":
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return ImageOps.exif_transpose(image) if turned else image


def seen_size(image) -> tuple[int, int]:
    """Width and height as the picture is seen: swapped when the camera turned it."""
    turned = _orientation(image) in (5, 6, 7, 8)  # a quarter turn
    return (image.height, image.width) if turned else image.size


def _orientation(image) -> int | None:
    """A JPEG's orientation tag: where cameras write it, read from the file's header (a
    PNG's would be found only by decoding the whole picture)."""
    return image.getexif().get(0x0112) if image.format == "JPEG" else None


def _has_transparency(image) -> bool:
    return image.getchannel("A").getextrema()[0] < 255

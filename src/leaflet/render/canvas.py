"""A new PDF canvas as every PDF of ours wants it: invariant (rebuilds are identical),
compressed, the fonts registered (each subset with a name of its own), the metadata set;
and the print canvas, which paints in the press's colours.

Loading this module also gives ReportLab's PDF writer its shortcuts, each writing the
bytes it wrote before: large streams compressed once, pictures named once, what the
objects say encoded from ASCII directly, the names of keys made once.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as canvas_module
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from leaflet.layout import fonts
from leaflet.layout.images import Cache
from leaflet.render import subset_names  # noqa: F401  (names each font subset by its content)
from leaflet.render.colour import PicturesFor, is_solid_black, press_colour

# ASCII85 makes every image a quarter larger, for nothing a PDF of ours needs.
rl_config.useA85 = 0


class _CompressingOnce:
    """zlib, as ReportLab's PDF writer uses it, remembering its results from KEPT bytes up.
    An image's pixels are compressed anew for every PDF it goes into, and the logo goes
    into two for every leaflet; under `leaflet watch` each rebuild embeds the same font
    subsets again: the same bytes, compressed once.

    Large streams (pictures, the press profile) are compressed at zlib's fastest level:
    in less than half the time, for a few kB more (the profile 51 → 53 kB, the logo in
    CMYK 13 → 17 kB); text, fonts and small streams at its usual level."""

    KEPT = 16 * 1024
    LARGE = 64 * 1024
    FAST = 1

    def __init__(self, zlib):
        # (compressed, bytes held): the data it was made from is kept too, as the key
        self._zlib, self._done = zlib, Cache(50_000_000, lambda kept: kept[1])

    def compress(self, data, *args):
        if len(data) < self.KEPT or args:
            return self._zlib.compress(data, *args)
        if data not in self._done:
            level = self.FAST if len(data) >= self.LARGE else self._zlib.Z_DEFAULT_COMPRESSION
            compressed = self._zlib.compress(data, level)
            self._done[data] = compressed, len(data) + len(compressed)
        return self._done[data][0]

    def __getattr__(self, name):
        return getattr(self._zlib, name)


pdfdoc.zlib = _CompressingOnce(pdfdoc.zlib)


class _NamingOnce:
    """ReportLab's naming of a picture by the MD5 of its pixels, which it does at every
    placement (the logo: twice a PDF, 1 ms each), remembering its names from KEPT bytes
    up: looking the pixels up costs a fifth of hashing them again."""

    def __init__(self, digest):
        # (name, bytes held): the pixels are kept too, as the key
        self._digest, self._done = digest, Cache(50_000_000, lambda kept: kept[1])

    def __call__(self, data):
        if not isinstance(data, bytes) or len(data) < _CompressingOnce.KEPT:
            return self._digest(data)
        if data not in self._done:
            self._done[data] = self._digest(data), len(data)
        return self._done[data][0]


canvas_module._digester = _NamingOnce(canvas_module._digester)


def _plain_text_at_once(encode):
    """ReportLab's encoding of what a PDF object says ('/Type', '12 0 R', a number) in
    PDFDocEncoding, which goes through a codec written in Python, tens of thousands of
    times a PDF: the same bytes straight from ASCII, where they are the same. (Codes 24
    to 31 have no character in PDFDocEncoding: text with one goes the long way, and is
    refused there as before.)"""
    unmapped = bytes(range(24, 32))

    def encoded(text):
        if text.__class__ is str and text.isascii():
            data = text.encode("ascii")
            if len(data.translate(None, unmapped)) == len(data):
                return data
        return encode(text)

    return encoded


pdfdoc.pdfdocEnc = _plain_text_at_once(pdfdoc.pdfdocEnc)
# a dictionary's keys, the same few dozen names again and again
pdfdoc.PDFName = functools.lru_cache(maxsize=4096)(pdfdoc.PDFName)


@dataclass(frozen=True, kw_only=True)
class Meta:
    """What the PDFs say about themselves."""

    title: str
    author: str
    subject: str
    lang: str
    slug: str


class PrintCanvas(Canvas):
    """The canvas of the print PDFs: every colour in the press's CMYK (colour.py), solid
    black overprinting, no links (PDF/X allows no annotations, and paper has nothing to
    click)."""

    def setFillColor(self, aColor, alpha=None):
        super().setFillColor(aColor, alpha)
        _overprint_black(self, self._fillColorObj)

    def beginText(self, x=0, y=0, direction=None):
        return _PrintText(self, x, y, direction=direction)

    def linkURL(self, *args, **kw):
        pass

    def linkRect(self, *args, **kw):
        pass

    def linkAbsolute(self, *args, **kw):
        pass


class _PrintText(PDFTextObject):
    """Text as the print canvas draws it: body text (solid black) overprints."""

    def setFillColor(self, aColor, alpha=None):
        super().setFillColor(aColor, alpha)
        _overprint_black(self, self._fillColorObj)


def _overprint_black(target, colour) -> None:
    """Solid black is printed over what lies beneath (/op true, /OPM 1: the zero C, M and Y
    leave the other plates alone), so a hair of misregistration shows no white edge; any
    other colour knocks out, or white text would vanish into the cover beneath it."""
    black = is_solid_black(colour)
    target.setFillOverprint(black)
    target.setOverprintMask(black)


def new_print_canvas(buffer, size, meta: Meta, press: str) -> Canvas:
    """A canvas for a print PDF made for ``press`` (a name in colour.PRESSES): PDF 1.6, as
    PDF/X-4 asks; images drawn from their copies in the press's CMYK (``for_print``)."""
    canvas = new_canvas(buffer, size, meta, kind=PrintCanvas, pdfVersion=(1, 6),
                        enforceColorSpace=functools.partial(press_colour, press))
    canvas.for_print = PicturesFor(press)
    return canvas


def new_canvas(buffer, size, meta: Meta, kind=Canvas, **kw) -> Canvas:
    canvas = kind(buffer, pagesize=size, invariant=1, pageCompression=1,
                  initialFontName=fonts.register(), initialFontSize=9, lang=meta.lang, **kw)
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setCreator("leaflet")
    canvas.setProducer("leaflet (ReportLab)")
    return canvas

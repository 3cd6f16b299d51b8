"""A new PDF canvas as every PDF of ours wants it: invariant (rebuilds are identical),
compressed, the fonts registered, the metadata set; and the colour rule of print.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, toColor
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from leaflet.layout import fonts
from leaflet.layout.images import Cache

# ASCII85 makes every image a quarter larger, for nothing a PDF of ours needs.
rl_config.useA85 = 0


class _CompressingOnce:
    """zlib, as ReportLab's PDF writer uses it, remembering its last few large results.
    An image's pixels are compressed anew for every PDF it goes into, and the logo goes
    into two for every leaflet: most of the cost of drawing it, spent on the same bytes."""

    LARGE = 64 * 1024

    def __init__(self, zlib):
        self._zlib, self._done = zlib, Cache(50_000_000, len)

    def compress(self, data, *args):
        if len(data) < self.LARGE or args:
            return self._zlib.compress(data, *args)
        if data not in self._done:
            self._done[data] = self._zlib.compress(data)
        return self._done[data]

    def __getattr__(self, name):
        return getattr(self._zlib, name)


pdfdoc.zlib = _CompressingOnce(pdfdoc.zlib)



@dataclass(frozen=True, kw_only=True)
class Meta:
    """What the PDFs say about themselves."""

    title: str
    author: str
    subject: str
    lang: str
    slug: str


def to_cmyk(colour):
    """Every colour the print canvas sees, as CMYK: greys on black ink alone, so
    text stays sharp; other colours with full grey replacement (K = 1 − max)."""
    colour = toColor(colour)
    if isinstance(colour, CMYKColor):
        return colour
    r, g, b = colour.red, colour.green, colour.blue
    k = 1 - max(r, g, b)
    if k >= 1 - 1e-9:
        return CMYKColor(0, 0, 0, 1, alpha=colour.alpha)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return CMYKColor(*(round(v, 4) for v in (c, m, y, k)), alpha=colour.alpha)


def new_canvas(buffer, size, meta: Meta, **kw) -> Canvas:
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=fonts.register(), initialFontSize=9, lang=meta.lang, **kw)
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setCreator("leaflet")
    canvas.setProducer("leaflet (ReportLab)")
    return canvas

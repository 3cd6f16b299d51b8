"""The fonts (Noto Sans, package data in leaflet/fonts/): registered as one family, and
asked which characters they have.

ReportLab silently drops a character its font lacks, and silently sets
<b>/<i> in regular type when no family is registered; both are handled here
so they can never happen quietly.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FAMILY = "NotoSans"
FACES = {  # ReportLab font name → file in fonts/
    "NotoSans": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoSans-Italic": "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic": "NotoSans-BoldItalic.ttf",
}
REGULAR, BOLD = "NotoSans", "NotoSans-Bold"

# Characters that never need a glyph: line breaks, and the soft hyphen, which
# is only drawn (as a hyphen) when a line breaks there.
_INVISIBLE = set("\n\r\t\u00ad\u200b\u200c\u200d\u2060\ufeff")


@lru_cache(maxsize=1)
def fonts_folder() -> Path:
    """The fonts: package data of an installed leaflet (a wheel maps the checkout's fonts/
    to leaflet/fonts/, see pyproject.toml); in an editable install, which runs from the
    checkout, the checkout's fonts/ itself.

    Found beside our own modules, where importlib.resources.files() would find them in
    any install pip makes (pip never installs into a zip), without the 10 ms its import
    costs a build with nothing to do."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "fonts"
    return packaged if packaged.is_dir() else package.parents[1] / "fonts"


@lru_cache(maxsize=None)
def register() -> str:
    """Register the family once per process; returns the regular face's name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from leaflet.layout.kerning import KernedTTFont, install

    install()  # kerned widths and kerned text (layout/kerning.py)
    from leaflet.layout import justify

    justify.install()  # letter-spaced lines drawn with their character spacing
    folder = fonts_folder()
    for name, file in FACES.items():
        pdfmetrics.registerFont(KernedTTFont(name, str(folder / file)))
    for bold, italic, name in ((0, 0, "NotoSans"), (1, 0, "NotoSans-Bold"),
                               (0, 1, "NotoSans-Italic"), (1, 1, "NotoSans-BoldItalic")):
        addMapping(FAMILY, bold, italic, name)
    return REGULAR


@lru_cache(maxsize=None)
def coverage() -> frozenset[int]:
    """Code points every face of the family can draw (read from the registered fonts, so
    each font file is parsed once)."""
    from reportlab.pdfbase import pdfmetrics

    register()
    # Glyph 0 is .notdef, the empty box a font draws for what it lacks: not a glyph.
    sets = [{code for code, glyph in pdfmetrics.getFont(name).face.charToGlyph.items() if glyph}
            for name in FACES]
    return frozenset(set.intersection(*sets))


def missing(text: str) -> list[tuple[int, str]]:
    """(index, character) for each character the fonts cannot draw."""
    have = coverage()
    absent = {ch for ch in set(text) if ord(ch) not in have and ch not in _INVISIBLE}
    return [(i, ch) for i, ch in enumerate(text) if ch in absent] if absent else []

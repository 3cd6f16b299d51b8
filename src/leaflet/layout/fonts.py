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
    """Make the family known once per process; returns the regular face's name.

    Each face's file is read the first time ReportLab asks for that face: parsing one takes
    10 to 15 ms, and most leaflets never set a word in italics."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from leaflet.layout import justify, kerning
    from leaflet.layout.kerning import KernedTTFont

    kerning.install()  # kerned widths and kerned text
    justify.install()  # letter-spaced lines drawn with their character spacing
    # ReportLab's getFont() calls findFontAndRegister() for a name it does not know yet.
    find_elsewhere = pdfmetrics.findFontAndRegister

    def find(name):
        file = FACES.get(str(name))
        if file is None:
            return find_elsewhere(name)
        font = KernedTTFont(name, str(fonts_folder() / file))
        pdfmetrics.registerFont(font)  # which maps the family's four styles to this face,
        map_family()  # so they are mapped back
        return font

    def map_family():
        for bold, italic, name in ((0, 0, "NotoSans"), (1, 0, "NotoSans-Bold"),
                                   (0, 1, "NotoSans-Italic"), (1, 1, "NotoSans-BoldItalic")):
            addMapping(FAMILY, bold, italic, name)

    pdfmetrics.findFontAndRegister = find
    map_family()
    return REGULAR


@lru_cache(maxsize=None)
def coverage() -> frozenset[int]:
    """Code points the family can draw: the regular face's, which every face of the family
    shares (tests/test_fonts.py checks it), so that no other face is read for it."""
    from reportlab.pdfbase import pdfmetrics

    register()
    # Glyph 0 is .notdef, the empty box a font draws for what it lacks: not a glyph.
    face = pdfmetrics.getFont(REGULAR).face
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


def missing(text: str) -> list[tuple[int, str]]:
    """(index, character) for each character the fonts cannot draw."""
    have = coverage()
    absent = {ch for ch in set(text) if ord(ch) not in have and ch not in _INVISIBLE}
    return [(i, ch) for i, ch in enumerate(text) if ch in absent] if absent else []

"""Paragraph styles from the organisation's colours, a body size and a language.

ParagraphStyle accepts any keyword silently, so every style is made here and
nowhere else, from names we have checked.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from leaflet.layout import fonts
from leaflet.labels import hyphenation_dictionary

INK = "#1a1a1a"  # body text: near black, a single ink (K) in print
WHITE = "#ffffff"
PREFERRED_BODY = 10.0
MIN_BODY = 9.0  # the readability floor for patient leaflets


@lru_cache(maxsize=None)
def hyphenator(lang: str, exceptions: tuple[str, ...] = ()):
    """Word → possible (head, tail) breaks, longest head first, keeping the letters each
    language's rules keep on each side (see layout/hyphenation.py). ``exceptions`` are
    the user's words written with their only allowed breaks, as in 'Pa-tient-for-ening';
    they win over our list of medical words, which wins over the patterns. The
    function's ``joints(word)`` says which breaks are a compound's joints."""
    from leaflet.layout.hyphenation import marked_breaks, medical_words, min_letters, pyphen_for

    dictionary = hyphenation_dictionary(lang)
    if not dictionary:
        return ""
    words = medical_words()
    words.update({w.replace("-", "").lower(): w.lower() for w in exceptions})
    left, right = min_letters(lang)
    iterate = pyphen_for(dictionary, left=left, right=right).iterate

    def breaks(word: str):
        fixed = words.get(word.lower())
        if fixed is None:
            yield from iterate(word)
            return
        for cut in reversed(marked_breaks(fixed)[0]):
            yield word[:cut], word[cut:]

    def joints(word: str) -> set[int]:
        fixed = words.get(word.lower())
        return marked_breaks(fixed)[1] if fixed else set()

    breaks.joints = joints
    return breaks


def make(primary: str, lang: str, body: float = PREFERRED_BODY,
         exceptions: tuple[str, ...] = ()) -> dict[str, ParagraphStyle]:
    regular = fonts.register()
    hyphenation = hyphenator(lang, exceptions)
    # As colour objects: ReportLab reads a '#rrggbb' string anew each time it sets it,
    # through a slow path (a literal_eval that fails), for every line it draws.
    ink, white, primary = HexColor(INK), HexColor(WHITE), HexColor(primary)
    leading = round(body * 1.38, 2)
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=body, leading=leading, textColor=ink,
        # Justified only with hyphenation; without, word spaces would gape.
        alignment=TA_JUSTIFY if hyphenation else TA_LEFT, spaceAfter=leading * 0.5,
        allowWidows=0, allowOrphans=0, splitLongWords=0,
        hyphenationLang=hyphenation, embeddedHyphenation=1, uriWasteReduce=0.3,
    )
    heading = ParagraphStyle(
        "heading", parent=base, fontName=fonts.BOLD, fontSize=body * 1.45,
        leading=body * 1.8, textColor=primary, alignment=TA_LEFT, hyphenationLang="",
        spaceBefore=leading * 0.9, spaceAfter=leading * 0.35, keepWithNext=1,
    )
    return {
        "body": base,
        "bullet": ParagraphStyle("bullet", parent=base, alignment=TA_LEFT, leftIndent=body * 1.3,
                                 bulletIndent=body * 0.2, bulletColor=primary,
                                 bulletFontName=regular, spaceAfter=leading * 0.25),
        "heading": heading,
        "box-heading": ParagraphStyle("box-heading", parent=heading, fontSize=body * 1.25,
                                      leading=body * 1.6, spaceBefore=0),
        "caption": ParagraphStyle("caption", parent=base, fontName=fonts.FAMILY + "-Italic",
                                  fontSize=body * 0.9, leading=leading * 0.9, alignment=TA_LEFT),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=54,
                                leading=60, textColor=white, alignment=TA_LEFT, hyphenationLang=""),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=fonts.BOLD, fontSize=17,
                                   leading=21, textColor=white, alignment=TA_LEFT,
                                   hyphenationLang="", spaceBefore=6, spaceAfter=14),
        "cover-text": ParagraphStyle("cover-text", parent=base, fontSize=11.5, leading=16,
                                     textColor=white, alignment=TA_LEFT),
        "cover-org": ParagraphStyle("cover-org", parent=base, fontName=fonts.BOLD, fontSize=11,
                                    leading=14, textColor=white, alignment=TA_LEFT,
                                    hyphenationLang=""),
        "contact-name": ParagraphStyle("contact-name", parent=base, fontName=fonts.BOLD,
                                       fontSize=body * 1.15, leading=body * 1.5,
                                       textColor=primary, alignment=TA_LEFT, hyphenationLang=""),
        "contact": ParagraphStyle("contact", parent=base, alignment=TA_LEFT, hyphenationLang="",
                                  spaceAfter=2),
        "reference": ParagraphStyle("reference", parent=base, fontSize=MIN_BODY,
                                    leading=MIN_BODY * 1.3, alignment=TA_LEFT,
                                    leftIndent=MIN_BODY * 1.6, bulletIndent=0,
                                    bulletFontName=regular, bulletFontSize=MIN_BODY,
                                    spaceAfter=2),
        "small": ParagraphStyle("small", parent=base, fontSize=MIN_BODY, leading=MIN_BODY * 1.3,
                                alignment=TA_LEFT),
    }

"""Typographic punctuation per language, from what a keyboard types.

- Straight quotes become the language's quotes: Danish »…« and ›…‹, English and Dutch
  “…” and ‘…’, German „…“ and ‚…‘; an apostrophe becomes ’ (don’t, patiënt’s, ’s avonds).
- A hyphen between two numbers becomes an en dash (40–60), and so does a hyphen with a
  space on each side (a dash in a sentence); dates (2024-05-01) and phone numbers stay.
- A no-break space joins what must stay on one line: a number and its unit or % sign
  (85 %, 10 mg), the groups of a number (100 000), an abbreviation and the next word (fx
  prednisolon).

Every change swaps one character for one, so text split into spans (bold, links) is
changed as one text and split again at the same places. The leaflet's
``punctuation: as-written`` turns all of it off.
"""
from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
APOSTROPHE = "\u2019"
# (open double, close double, open single, close single)
QUOTES = {
    "da": ("\u00bb", "\u00ab", "\u203a", "\u2039"),  # »…« ›…‹
    "nb": ("\u00ab", "\u00bb", "\u2019", "\u2019"),  # «…»
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),  # ”…”
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),  # „…“ ‚…‘
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),  # “…” ‘…’
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
}
ABBREVIATIONS = {
    "da": "fx f.eks. bl.a. ca. dvs. mv. evt. jf. kl. nr. pga. ifm. vha.",
    "nl": "bijv. bv. o.a. ca. d.w.z. dr. nr. z.g.a. mevr. dhr. i.p.v.",
    "en": "e.g. i.e. Dr. Mr. Mrs. Ms. No. approx. ca. vs. cf.",
    "de": "z.B. ca. bzw. Dr. Nr. d.h. u.a. ggf. evtl.",
}
UNITS = ("%|‰|mg|µg|mcg|g|kg|ml|mL|dl|l|L|mm|cm|m|km|°C|°|mmol|IE|IU|kr\\.?|€|kcal|"
         "timer|dage|uger|måneder|år|hours|days|weeks|months|years|uur|dagen|weken|"
         "maanden|jaar|Stunden|Tage|Wochen|Jahre|min|sek|sec|h")
NUMBER_UNIT = re.compile(rf"(?<=\d) (?=(?:{UNITS})(?![\w]))")
THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")  # 100 000, 1 250 000
RANGE = re.compile(r"(?<![\d\w.,-])(\d+)-(?=\d+(?![\d\w-]))")
SPACED_HYPHEN = re.compile(r"(?<= )-(?= )")
ELISION = re.compile(r"(?:s|t|n|k|tis|em|til|cause|\d\d)\b")  # 's avonds, 't, '90s


def smarten(texts: list[str], lang: str) -> list[str]:
    """``texts`` (the spans of one paragraph, in order) with typographic punctuation."""
    whole = "".join(texts)
    if not whole:
        return texts
    out = _quotes(whole, lang.split("-")[0])
    out = RANGE.sub(lambda m: m.group(1) + "\u2013", out)
    out = SPACED_HYPHEN.sub("\u2013", out)
    out = NUMBER_UNIT.sub(NBSP, out)
    out = THOUSANDS.sub(lambda m: m.group(0).replace(" ", NBSP), out)
    out = _abbreviations(out, lang.split("-")[0])
    assert len(out) == len(whole)  # one character for one: the spans keep their places
    pieces, at = [], 0
    for text in texts:
        pieces.append(out[at:at + len(text)])
        at += len(text)
    return pieces


def _quotes(text: str, lang: str) -> str:
    open2, close2, open1, close1 = QUOTES.get(lang, QUOTES["en"])
    chars = list(text)
    single_open = False
    for i, char in enumerate(chars):
        if char not in "\"'":
            continue
        before = chars[i - 1] if i else " "  # as already set: a quote just inside a quote
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = before.isspace() or before in "([{\u2013\u2014/" or before in (open2, open1)
        if char == '"':
            chars[i] = open2 if opening and not after.isspace() else close2
        elif before.isalnum() and after.isalnum():
            chars[i] = APOSTROPHE  # don't, patiënt's
        elif opening:
            if after.isdigit() or (ELISION.match(text, i + 1) and not _closes_later(text, i)):
                chars[i] = APOSTROPHE
            else:
                chars[i], single_open = open1, True
        elif single_open:
            chars[i], single_open = close1, False
        else:
            chars[i] = APOSTROPHE  # the patients' homes
    return "".join(chars)


def _closes_later(text: str, i: int) -> bool:
    """Whether a quote opened at ``i`` is closed before the sentence ends: 'tis' quoted."""
    end = text.find("'", i + 1)
    return end != -1 and (end + 1 == len(text) or not text[end + 1].isalnum()) and \
        not any(mark in text[i:end] for mark in ".!?")


def _abbreviations(text: str, lang: str) -> str:
    words = ABBREVIATIONS.get(lang, "").split()
    if not words:
        return text
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r") (?=\S)",
                         re.IGNORECASE)
    return pattern.sub(lambda m: m.group(0)[:-1] + NBSP, text)


# --- the model's texts --------------------------------------------------------------------

def typographic(leaflet):
    """The leaflet with typographic punctuation in every text a reader sees (the title,
    the blocks, captions and picture descriptions), unless its text says
    ``punctuation: as-written``. Positions stay right: one character for one."""
    from dataclasses import replace

    content = leaflet.content
    if getattr(content, "punctuation", "typographic") != "typographic":
        return leaflet
    fix = _Fixer(content.lang)
    content = replace(
        content, title=fix.text(content.title), subtitle=fix.text(content.subtitle),
        cover_text=fix.text(content.cover_text), cover_image=fix.block(content.cover_image),
        content=tuple(map(fix.block, content.content)), back=tuple(map(fix.block, content.back)))
    return replace(leaflet, content=content)


class _Fixer:
    def __init__(self, lang: str):
        self.lang = lang

    def text(self, text):
        from dataclasses import replace

        if text is None:
            return None
        value = smarten_markup(text.value, self.lang)
        return text if value == text.value else replace(text, value=value)

    def block(self, block):
        from dataclasses import fields, replace

        from leaflet.model import Text

        if block is None:
            return None
        changes = {}
        for f in fields(block):
            value = getattr(block, f.name)
            if isinstance(value, Text):
                changes[f.name] = self.text(value)
            elif f.name == "alt" and isinstance(value, str):
                changes[f.name] = smarten([value], self.lang)[0]
            elif isinstance(value, tuple) and value and not isinstance(value[0], (str, int)):
                changes[f.name] = tuple(self.text(v) if isinstance(v, Text) else self.block(v)
                                        for v in value)
        return replace(block, **changes) if changes else block


@lru_cache(maxsize=4096)  # under `leaflet watch` every text but the one edited comes again
def smarten_markup(value: str, lang: str) -> str:
    """``value`` in our Markdown subset with its visible text made typographic; the
    markers and link addresses are left as they are."""
    shown = visible(value)
    if not shown:
        return value
    new = smarten(["".join(value[i] for i in shown)], lang)[0]
    chars = list(value)
    for i, char in zip(shown, new):
        chars[i] = char
    return "".join(chars)


def visible(value: str, start: int = 0, end: int | None = None) -> list[int]:
    """Indices of the characters of ``value[start:end]`` a reader sees: not the ** and *
    around bold and italic, not a link's brackets and address."""
    from leaflet.markup import _INLINE

    end = len(value) if end is None else end
    out, at = [], start
    for match in _INLINE.finditer(value, start, end):
        out += range(at, match.start())
        for group in ("bold", "italic", "label"):
            if match.group(group) is not None:
                out += visible(value, match.start(group), match.end(group))
        at = match.end()
    out += range(at, end)
    return out

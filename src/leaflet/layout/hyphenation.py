"""pyphen's hyphenation patterns, loaded lazily: the same break points, without the wait.

pyphen's HyphDict parses every pattern of a dictionary when it loads it: ~60 ms each
for Dutch or English, in every build process, though a leaflet meets a few hundred
of the ~15 000 patterns. Here loading only strips the digits off all lines at once
(bytes.translate runs in C) to get each pattern's letters, its key; a pattern's values
are parsed the first time a word meets it, with pyphen's own parser, and kept.
"""
from __future__ import annotations

import re

import pyphen
from pyphen import AlternativeParser, DataInt, ignored, parse, parse_hex

DIGIT = re.compile(r"\d")  # pyphen's parser reads any Unicode digit, not only 0-9


def pyphen_for(dictionary: str, **options) -> pyphen.Pyphen:
    """pyphen.Pyphen(lang=dictionary, **options), with lazily loaded patterns."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(dictionary)]
    # Pyphen takes its patterns from this cache when they are there; ours break alike.
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = LazyHyphDict(path)
    return pyphen.Pyphen(lang=dictionary, **options)


class LazyHyphDict:
    """Stands in for pyphen.HyphDict: ``positions(word)`` gives the same DataInts."""

    def __init__(self, path):
        # The first line names the encoding (see "man 4 hunspell"). pyphen keeps its
        # newline, which codec names ignore but its cp1251 check does not: stripped here.
        with path.open("rb") as fd:
            encoding = fd.readline().decode().strip()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        lines = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
        text = "\n".join(lines)
        # In UTF-8 the bytes 0-9 are only ever those digits, and bytes.translate is ~20
        # times faster than str.translate on text that is not ASCII.
        stripped = text.encode().translate(None, b"0123456789").decode()
        if DIGIT.search(stripped):  # digits of another script: rare, and slower
            stripped = DIGIT.sub("", text)
        # key → the raw line until a word meets it, then (start, values), or None
        # for a pattern of only zeros, which pyphen leaves out.
        self.patterns: dict[str, str | tuple | None] = {}
        for key, line in zip(stripped.split("\n"), lines):
            if key == line or line.startswith(ignored):
                continue  # empty, a comment, a setting, or no digits: only zeros
            if "^^" in line or "/" in line or key in self.patterns:
                self._add_now(line)  # hex letters, alternatives or a repeat: as pyphen does
            else:
                self.patterns[key] = line
        self.cache: dict[str, list[DataInt]] = {}
        # pyphen counts only patterns with a nonzero value; a longer all-zero key here
        # costs a few look-ups that find nothing, never a different break.
        self.maxlen = max(map(len, self.patterns))

    def _add_now(self, line: str) -> None:
        # A later pattern replaces an earlier one with the same letters, unless it is
        # only zeros: pyphen skips those before storing.
        key, pattern = parse_line(line)
        if pattern:
            self.patterns[key] = pattern

    def positions(self, word: str) -> list[DataInt]:
        """pyphen.HyphDict.positions, line for line, but a pattern is parsed when first hit."""
        word = word.lower()
        points = self.cache.get(word)
        if points is None:
            pointed_word = f".{word}."
            references = [0] * (len(pointed_word) + 1)
            patterns = self.patterns

            for i in range(len(pointed_word) - 1):
                stop = min(i + self.maxlen, len(pointed_word)) + 1
                for j in range(i + 1, stop):
                    pattern = patterns.get(pointed_word[i:j])
                    if not pattern:
                        continue
                    # Inline, not a method: this loop runs ~maxlen times per letter.
                    if pattern.__class__ is str:
                        pattern = patterns[pointed_word[i:j]] = parse_line(pattern)[1]
                        if not pattern:
                            continue
                    offset, values = pattern
                    slice_ = slice(i + offset, i + offset + len(values))
                    references[slice_] = map(max, values, references[slice_])

            self.cache[word] = points = [
                DataInt(i - 1, reference=reference)
                for i, reference in enumerate(references) if reference % 2]
        return points


def parse_line(line: str) -> tuple[str, tuple | None]:
    """One pattern line → (key, (start, values)), as HyphDict.__init__ parses it;
    None instead of (start, values) when all values are zero."""
    pattern = parse_hex(lambda match: chr(int(match.group(1), 16)), line)
    if "/" in pattern and "=" in pattern:
        pattern, alternative = pattern.split("/", 1)
        factory = AlternativeParser(pattern, alternative)
    else:
        factory = int
    tags, values = zip(*[(string, factory(i or "0")) for i, string in parse(pattern)])
    key = "".join(tags)
    if max(values) == 0:
        return key, None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return key, (start, values[start:end])


# Letters kept before and after a break, as each language's rules allow: two and two
# in Danish, Dutch and German; English keeps three at a word's end (TeX's 2 and 3).
# pyphen's default of two everywhere gives breaks like 'Fo-undation' in English.
MIN_LETTERS = {"da": (2, 2), "nl": (2, 2), "de": (2, 2), "nb": (2, 2), "sv": (2, 2),
               "en": (2, 3)}
DEFAULT_MIN_LETTERS = (3, 3)  # where we know no rule: the cautious choice

# Words our leaflets use that the patterns break wrongly ('immung-lobulin'), with their
# breaks: '=' a compound's joint (taken before the other breaks), '-' any other break.
# One list for all languages, each spelling once; the user's own list wins over it.
MEDICAL = """
im-mun=glo-bu-lin im-mun=glo-bu-li-ner im-mun=glo-bu-li-net im-mu-no=glo-bu-lin
im-mu-no=glo-bu-li-ne im-mu-no=glob-u-lin im-mu-no=glob-u-lins im-mun=sy-ste-met
im-mun=sy-stem im-mun=dæm-pen-de cy-klo=fos-fa-mid cy-clo=phos-pha-mid cy-clo=phos-pha-mide
cy-clo=fos-fa-mi-de aza-thi-o-prin aza-thi-o-prine aza-thi-o-pri-ne pred-ni-so-lon
pred-ni-so-lo-ne pred-ni-so-lone fas-cic-u-la-tions fas-ci-ku-la-tio-ner fas-ci-cu-la-ties
tom-mel=fin-ge-ren tom-mel=fin-ger kon-takt=op-lys-nin-ger pa-tient=for-e-ning
pa-tient=for-e-nin-gen phys-i-o=ther-a-py fy-si-o=te-ra-pi fy-si-o=the-ra-pie
neu-ro=pa-ti neu-ro=pa-thie neu-rop-a-thy poly=neu-ro=pa-ti face=book face=book=grup-pe
face=book=groep ple-xus plas-ma=fe-re-se plas-ma=phe-re-sis gan-gli-o-si-de gan-gli-o-sides
mye-li-ne mye-lin my-e-lin mul-ti=fo-kal mul-ti=fo-ca-le mul-ti=fo-cal
"""


def min_letters(lang: str) -> tuple[int, int]:
    """(before, after): the fewest letters a break may leave on each side."""
    return MIN_LETTERS.get(lang.split("-")[0], DEFAULT_MIN_LETTERS)


def medical_words() -> dict[str, str]:
    """The built-in list: lowercase word without marks → the word with its marks."""
    return {word.replace("-", "").replace("=", ""): word for word in MEDICAL.split()}


def marked_breaks(marked: str) -> tuple[list[int], set[int]]:
    """'im-mun=glo-bu-lin' → ([2, 5, 8, 10], {5}): where it breaks, and which of those
    are a compound's joints."""
    cuts, joints, at = [], set(), 0
    for char in marked:
        if char in "-=":
            cuts.append(at)
            if char == "=":
                joints.add(at)
        else:
            at += 1
    return cuts, joints

"""The lazily loaded patterns break every word exactly where pyphen's own HyphDict does."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyphen
import pytest

from leaflet.layout.hyphenation import LazyHyphDict, medical_words, min_letters, pyphen_for
from leaflet.labels import hyphenation_dictionary
from leaflet.layout.styles import hyphenator

SAMPLES = Path(__file__).resolve().parents[1] / "leaflets"
LANGS = ("da", "nl", "en")  # the sample leaflets' languages
# Uppercase, accents, ligatures, letters whose lowercase is longer ('İ'), other scripts.
ODD_WORDS = ("ÆBLEGRØDEN", "Ærøskøbing", "patiëntenvereniging", "PATIËNTENVERENIGING", "naïeve",
             "Straße", "STRASSE", "Überempfindlichkeit", "coöperatie", "İstanbul", "ﬁnancial",
             "Ångström", "ÉÉN", "café", "Nervenentzündung", "Ωmega", "x", "", "..", "a.b")


@lru_cache(maxsize=None)
def path(lang: str) -> Path:
    return pyphen.LANGUAGES[pyphen.language_fallback(hyphenation_dictionary(lang))]


@lru_cache(maxsize=None)
def sample_words() -> tuple[str, ...]:
    text = "\n".join(p.read_text("utf-8") for p in sorted(SAMPLES.glob("*/??.yaml")))
    words = dict.fromkeys(re.findall(r"[^\W\d_]+", text))
    return tuple(words) + tuple(w.upper() for w in words)


def points(hyph_dict, word: str):
    return [(int(p), p.data, type(p)) for p in hyph_dict.positions(word)]


@pytest.mark.parametrize("lang", LANGS + ("de", "ca"))  # ca has '/' alternatives
def test_positions_are_pyphens_for_every_pattern_and_sample_word(lang):
    theirs, ours = pyphen.HyphDict(path(lang)), LazyHyphDict(path(lang))
    keys = list(dict.fromkeys([*theirs.patterns, *ours.patterns]))  # ours keep all-zero ones
    keys = keys[::7] if len(keys) > 20000 else keys  # de has 66,000: a fixed seventh of them
    words = [*keys, *sample_words(), *ODD_WORDS]
    wrong = [w for w in words if points(ours, w) != points(theirs, w)]
    assert wrong == []


# Every kind of line pyphen reads specially, the rare ones made up.
ODD_DIC = """UTF-8
LEFTHYPHENMIN 2
% a comment with digits 1a2
  # another 3b
.ab1c
ab1c
ab0c
x1y
x2y
q0r
q3r
kabi1nett
kabinett
z1z0z
zzz
^^e4b1c
ä2d
as5szon2y/sz=,2,1
d7dzs2é./dzs=dzs,1,4
l·9l/=,2,1
m\u0663n
o12p
   s1t\t
r0s0t0u0v0w0
"""


def test_odd_lines_read_as_pyphen_reads_them(tmp_path):
    dic = tmp_path / "hyph_xx.dic"
    dic.write_text(ODD_DIC, "utf-8")
    theirs, ours = pyphen.HyphDict(dic), LazyHyphDict(dic)
    keys = list(dict.fromkeys([*theirs.patterns, *ours.patterns]))
    words = [a + b for a in keys for b in ["", *keys]] + ["ASSZONY", "Kabinett", "DDZSÉ"]
    wrong = [w for w in words if points(ours, w) != points(theirs, w)]
    assert wrong == []


def test_alternatives_carry_pyphens_data():
    theirs, ours = pyphen.HyphDict(path("ca")), LazyHyphDict(path("ca"))
    for word in ("col·legi", "COL·LEGI", "il·lusió", "paral·lel"):
        assert any(data for _, data, _ in points(ours, word)), word
        assert points(ours, word) == points(theirs, word)


@pytest.mark.parametrize("lang", LANGS)
def test_loading_parses_no_pattern_until_a_word_needs_it(lang):
    ours = LazyHyphDict(path(lang))
    assert all(isinstance(line, str) for line in ours.patterns.values())
    ours.positions("hyphenation")
    parsed = [key for key, found in ours.patterns.items() if not isinstance(found, str)]
    assert 0 < len(parsed) < 100


@pytest.mark.parametrize("lang", LANGS + ("ca",))
def test_hyphenator_breaks_as_pyphen_does(lang, monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})  # a fresh cache, to see which dict is used
    assert isinstance(pyphen_for(hyphenation_dictionary(lang)).hd, LazyHyphDict)
    # cache=False: pyphen parses the dictionary itself, eagerly, as before.
    left, right = min_letters(lang)
    reference = pyphen.Pyphen(filename=path(lang), left=left, right=right, cache=False).iterate
    breaks = hyphenator(lang)
    medical = medical_words()  # our own breaks for these: see test_medical_words_...
    words = [w for w in (*sample_words(), *ODD_WORDS, "col·legi", "COL·LEGI")
             if w.lower() not in medical]
    assert [list(breaks(w)) for w in words] == [list(reference(w)) for w in words]

"""Patterns over all of Unicode that libraries compile as they load, compiled when used.

Python compiles a character class one character at a time, and a class that reaches far
into Unicode costs milliseconds. Three such patterns are compiled as our libraries load,
and a build uses none of them:

- ReportLab's ``paragraph.uri_pat``, for breaking long web addresses when a paragraph sets
  ``uriWasteReduce`` (ours never do); it is case-insensitive as well, so Python also folds
  the case of 65 000 characters: 55 ms, a sixth of a cold one-leaflet build;
- ReportLab's splitter of Chinese, Japanese and Korean text (6 ms);
- PyYAML's test for unprintable characters (8 ms), used by its pure-Python reader, which
  reads only a file libyaml has refused (``source/loader.py``).

``install()``, which the command line calls first, makes ``re.compile`` return, for such
a pattern from those libraries, a stand-in that compiles it on first use: the same
pattern, the same results, paid for only by the program that uses it.
"""
from __future__ import annotations

import re
import sys

_compile = re.compile
_LIBRARIES = ("reportlab.", "yaml.")
_FAR = "\u2000"  # a class reaching past here has thousands of characters to go through


class _CompiledOnFirstUse:
    __slots__ = ("_arguments", "_pattern")

    def __init__(self, pattern: str, flags: int):
        self._arguments = (pattern, flags)
        self._pattern = None

    def __getattr__(self, name: str):
        if self._pattern is None:
            self._pattern = _compile(*self._arguments)
        return getattr(self._pattern, name)


def _compile_when_used(pattern, flags=0):
    loader = sys._getframe(1).f_globals.get("__name__", "")
    if loader.startswith(_LIBRARIES) and isinstance(pattern, str) and max(pattern, default="") > _FAR:
        return _CompiledOnFirstUse(pattern, flags)
    return _compile(pattern, flags)


def install() -> None:
    """From now on, patterns reaching far into Unicode that ReportLab or PyYAML compile as
    they load are compiled on first use."""
    re.compile = _compile_when_used

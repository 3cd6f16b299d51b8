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

``install()``, which the command line calls first, makes ``re.compile`` return, for a
pattern of those libraries with such a range, a stand-in that compiles it on first use:
the same pattern, the same results, paid for only by the program that uses it. Every
other pattern is compiled at once, as before.
"""
from __future__ import annotations

import re
import sys

_compile = re.compile
_LIBRARIES = ("reportlab.", "yaml.")
_RANGE = _compile(r"(.)-(.)", re.S)  # a range in a character class, as the text spells it
_WIDE = 1000  # characters in a range: Python goes through each of them one by one


class _CompiledOnFirstUse:
    """Stands in for a compiled pattern: its attributes are the pattern's, compiled the
    first time one is asked for."""

    __slots__ = ("_arguments", "_pattern")

    def __init__(self, pattern: str, flags: int):
        self._arguments = (pattern, flags)
        self._pattern = None

    def __getattr__(self, name: str):
        if name in self.__slots__:  # not set yet: a copy in the making
            raise AttributeError(name)
        if self._pattern is None:
            self._pattern = _compile(*self._arguments)
        return getattr(self._pattern, name)

    def __reduce__(self):
        return re.compile, self._arguments


def _is_wide(pattern) -> bool:
    return isinstance(pattern, str) and any(
        ord(last) - ord(first) > _WIDE for first, last in _RANGE.findall(pattern))


def _compile_when_used(pattern, flags=0):
    loader = sys._getframe(1).f_globals.get("__name__", "")
    if loader.startswith(_LIBRARIES) and _is_wide(pattern):
        return _CompiledOnFirstUse(pattern, flags)
    return _compile(pattern, flags)


def install() -> None:
    """From now on, patterns with a range of thousands of characters that ReportLab or
    PyYAML compile are compiled on first use."""
    re.compile = _compile_when_used

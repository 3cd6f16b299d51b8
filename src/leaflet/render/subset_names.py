"""Subset fonts with names of their own.

A subset font's PDF name is a six-letter tag, '+', the font's name. ReportLab numbers
the tags (AAAAAA+NotoSans-Regular for every first subset of every file), so two of our
PDFs placed on one imposed sheet carry two different fonts under one name, and some
RIPs take one for the other. Here the tag is made from the subset itself (the font and
the characters in it): the same subset gets the same name in every build (output stays
byte-identical), and different subsets get different names.
"""
from __future__ import annotations

import hashlib

from reportlab.pdfbase import ttfonts

_numbered = ttfonts.TTFont.addObjects


def subset_tag(font_name: str, subset) -> bytes:
    """Six capital letters from a hash of the font's name and the subset's characters."""
    digest = hashlib.blake2b(repr((font_name, list(subset))).encode(), digest_size=8).digest()
    return bytes(ord("A") + byte % 26 for byte in digest[:6])


def _add_objects(self, doc):
    """TTFont.addObjects, with ReportLab's numbered tags replaced by tags of the subsets'
    content: the numbering function is swapped for the call (one document at a time)."""
    state = self.state.get(doc)
    subsets = state.subsets if state is not None else []
    numbering = ttfonts.SUBSETN
    ttfonts.SUBSETN = lambda n: subset_tag(self.face.name.decode("latin-1", "replace"),
                                           subsets[n])
    try:
        _numbered(self, doc)
    finally:
        ttfonts.SUBSETN = numbering


ttfonts.TTFont.addObjects = _add_objects

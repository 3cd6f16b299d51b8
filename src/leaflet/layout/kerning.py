"""Kerning from the font's own pair adjustments, in the widths lines are broken with and
in the PDF text, which stays extractable.

Noto Sans has no legacy 'kern' table: its pairs are in the GPOS table, under the 'kern'
feature, as glyph pairs (format 1) and class pairs (format 2). Reading them with fontTools
costs a third of a second per process (its import, then the tables), so they are read
once, when the fonts change, into fonts/kerning.json: every nonzero pair among the
letters, digits and punctuation of the Latin, Greek and Cyrillic alphabets we print
(``python -m leaflet.layout.kerning fonts`` writes it; tests/test_kerning.py checks it is
current). A build reads that table, a few milliseconds per face, when it first measures
text in the face. Other characters are not kerned.

ReportLab neither reads nor applies kerning. Here a face is a TTFont whose stringWidth
adds its pairs, so first-fit, total-fit and justification all measure kerned text, and
the text object writes each run as a TJ array whose numbers move the glyphs by exactly
those pairs ([(T) 80 (able)] TJ). Pairs across a word space are left out (a space has
no kerning in Noto Sans): a line's width is then its words' widths plus its spaces.
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

TABLE = "kerning.json"
REPERTOIRE = "".join(chr(c) for c in [*range(0x21, 0x7F), *range(0xA1, 0x250),
                                      *range(0x386, 0x3D0), *range(0x400, 0x460),
                                      *range(0x2010, 0x2027), 0x2039, 0x203A, 0x20AC])


class Pairs:
    """One face's pair adjustments in 1/1000 em, from the shipped table. Only the rows of
    the characters a text has met are unpacked: a leaflet meets a few dozen of the ~600."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.rows: dict[str, dict[str, str]] | None = None  # as stored: see grouped()
        self.table: dict[str, int] = {}  # "AV" → -70, for the characters met so far
        self.met: set[str] = set()

    def __call__(self, left: str, right: str) -> int:
        self.meet(left)
        return self.table.get(left + right, 0)

    def meet(self, text: str) -> None:
        """Unpack the pairs that start with a character of ``text`` not met before."""
        new = set(text) - self.met
        if not new:
            return
        if self.rows is None:
            self.rows = _shipped(self.path.parent).get(self.path.name, {})
        for left in new:
            for units, rights in self.rows.get(left, {}).items():
                self.table.update(zip(map(left.__add__, rights), repeat(int(units))))
        self.met |= new


def grouped(pairs: dict[str, int]) -> dict[str, dict[str, str]]:
    """{"AV": -70, "AW": -70} as the table stores it, {"A": {"-70": "VW"}}: a third of the
    size, and read five times faster than a pair a key."""
    rows: dict[str, dict[str, str]] = {}
    for pair, units in sorted(pairs.items()):
        row = rows.setdefault(pair[0], {})
        row[str(units)] = row.get(str(units), "") + pair[1]
    return rows


_SHIPPED: dict = {}


def _shipped(folder: Path) -> dict:
    if folder not in _SHIPPED:
        from leaflet.files import read_file

        _SHIPPED[folder] = json.loads(read_file(folder / TABLE, 4_000_000))
    return _SHIPPED[folder]


def read_gpos(path: str, chars: str = REPERTOIRE) -> dict[str, int]:
    """Every nonzero 'kern' pair among ``chars`` in a font file, in 1/1000 em
    (fontTools: only to write the shipped table)."""
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(path, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    glyph = font.getBestCmap()
    subtables = []
    if "GPOS" in font:
        gpos = font["GPOS"].table
        lookups = sorted({i for record in gpos.FeatureList.FeatureRecord
                          if record.FeatureTag == "kern" for i in record.Feature.LookupListIndex})
        for index in lookups:
            lookup = gpos.LookupList.Lookup[index]
            for sub in lookup.SubTable:
                if lookup.LookupType == 9:
                    sub = sub.ExtSubTable if sub.ExtensionLookupType == 2 else None
                elif lookup.LookupType != 2:
                    sub = None
                if sub is not None:
                    subtables.append(_Subtable(sub))
    have = [c for c in chars if ord(c) in glyph]
    out = {}
    for a in have:
        for b in have:
            for sub in subtables:
                found = sub.value(glyph[ord(a)], glyph[ord(b)])
                if found is not None:
                    if found:
                        out[a + b] = round(found * scale)
                    break
    return out


def write_table(folder: Path) -> Path:
    """fonts/kerning.json from the font files in ``folder``."""
    table = {p.name: grouped(read_gpos(str(p))) for p in sorted(folder.glob("*.ttf"))}
    path = folder / TABLE
    path.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                    + "\n", "utf-8")
    return path


class _Subtable:
    """One pair positioning subtable, read as the OpenType spec reads it: the first that
    covers the first glyph and has the pair decides. fontTools reads the font lazily:
    only the rows of the glyphs met are decompiled (all of them would take half a
    second per face)."""

    def __init__(self, table):
        self.table = table
        self.format = table.Format
        self.coverage = {name: i for i, name in enumerate(table.Coverage.glyphs)}
        self.rows: dict[int, dict] = {}  # first glyph's index → {second: value}
        if self.format == 2:
            self.class1 = table.ClassDef1.classDefs
            self.class2 = table.ClassDef2.classDefs

    def value(self, first: str, second: str):
        index = self.coverage.get(first)
        if index is None:
            return None
        if self.format == 1:
            row = self.rows.get(index)
            if row is None:
                row = self.rows[index] = {record.SecondGlyph: _x(record.Value1)
                                          for record in self.table.PairSet[index].PairValueRecord}
            return row.get(second)
        c1 = self.class1.get(first, 0)
        row = self.rows.get(c1)
        if row is None:
            row = self.rows[c1] = [_x(c2.Value1) for c2 in self.table.Class1Record[c1].Class2Record]
        return row[self.class2.get(second, 0)] or None


def _x(value_record) -> int:
    return getattr(value_record, "XAdvance", 0) or 0 if value_record is not None else 0


class KernedTTFont(TTFont):
    """A TrueType face whose widths include its kerning pairs."""

    def __init__(self, name: str, path: str):
        super().__init__(name, path)
        self.pairs = Pairs(path)
        self.widths: dict[tuple[str, float], float] = {}
        self.kerns_of: dict[str, dict[int, int]] = {}
        self.face.makeSubset = _remembered(self.face.makeSubset)

    def kerns(self, text: str) -> dict[int, int]:
        """{index: adjustment in 1/1000 em} for each pair text[index-1], text[index] that
        has one (the table has no pair with a space); not to be changed. Remembered per
        text: each line is drawn in the print and the screen PDF, and under `leaflet
        watch` again after every save."""
        found = self.kerns_of.get(text)
        if found is None:
            self.pairs.meet(text)
            table = self.pairs.table
            found = {i: units for i, units in
                     enumerate(map(table.get, map(str.__add__, text, text[1:])), 1) if units}
            if len(self.kerns_of) > 100_000:
                self.kerns_of.clear()
            self.kerns_of[text] = found
        return found

    def kerned(self, text: str) -> float:
        """The sum of the pairs in ``text``, in 1/1000 em."""
        self.pairs.meet(text)
        return sum(map(self.pairs.table.get, map(str.__add__, text, text[1:]), repeat(0)))

    def stringWidth(self, text, size, encoding="utf8"):
        if isinstance(text, bytes):
            text = text.decode(encoding)
        key = (text, size)
        width = self.widths.get(key)
        if width is None:  # measured once per word and size: a paragraph measures
            width = super().stringWidth(text, size, encoding)  # its words many times
            if len(text) > 1:
                width += self.kerned(text) * size / 1000
            if len(self.widths) > 100_000:
                self.widths.clear()
            self.widths[key] = width
        return width


def _remembered(make_subset):
    """ReportLab's subsetter, remembering its last few subsets: the same characters in the
    same order make the same bytes, and under `leaflet watch` each rebuild's PDFs mostly
    embed the subsets of the one before."""
    @lru_cache(maxsize=8)
    def made(codes: tuple) -> bytes:
        return make_subset(list(codes))

    return lambda codes: made(tuple(codes))


def install() -> None:
    """Make ReportLab's text objects write kerned runs for our faces (once)."""
    from reportlab.pdfgen import textobject

    cls = textobject.PDFTextObject
    if getattr(cls, "_kerned", False):
        return
    plain = cls._formatText

    def _formatText(self, text):
        from reportlab.pdfbase.pdfmetrics import getFont

        font = getFont(self._fontname)
        if not isinstance(font, KernedTTFont) or type(text) is not str or len(text) < 2:
            return plain(self, text)
        kerns = font.kerns(text)
        if not kerns:
            return plain(self, text)
        return _kerned_runs(self, font, text, kerns)

    cls._formatText = _formatText
    cls._kerned = True


def _kerned_runs(tx, font, text: str, kerns: dict) -> str:
    """The PDF operators for ``text`` as ReportLab writes them, as TJ arrays with the kerns
    (a run in another subset starts with a Tf, as ReportLab's own)."""
    from reportlab.lib.rl_accel import fp_str

    canvas = tx._canvas
    out, at = [], 0
    for subset, chunk in font.splitString(text, canvas._doc):
        if subset != tx._curSubset:
            out.append(f"{font.getSubsetInternalName(subset, canvas._doc)} "
                       f"{fp_str(tx._fontsize)} Tf {fp_str(tx._leading)} TL")
            tx._curSubset = subset
        parts, start = [], 0
        for index in [k for k in kerns if at <= k < at + len(chunk)]:  # in order: see kerns()
            i = index - at
            if i > start:
                parts.append(f"({canvas._escape(chunk[start:i])})")
            parts.append(fp_str(-kerns[index]))
            start = i
        parts.append(f"({canvas._escape(chunk[start:])})")
        out.append(f"[{' '.join(parts)}] TJ")
        at += len(chunk)
    return " ".join(out)


if __name__ == "__main__":  # python -m leaflet.layout.kerning fonts
    import sys

    print(f"wrote {write_table(Path(sys.argv[1]))}")

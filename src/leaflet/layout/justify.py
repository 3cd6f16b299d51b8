"""Total-fit breaking for a ReportLab Paragraph: its words and hyphenation points become
fragments for :mod:`leaflet.layout.linebreak`, and the lines it picks are made by
ReportLab itself, so that links, colours, bold, soft hyphens and splitting across panels
all stay ReportLab's.

How: ReportLab breaks first-fit, and a line width for each line may be given. Given
each chosen line's own natural width (plus a hair) as its width, first-fit puts exactly
the chosen words on it, and hyphenates exactly the chosen word. Then each line's
extra space is set against the real column: negative where its spaces shrink, which
ReportLab's justified drawing honours. The lines are checked against the plan, and
a paragraph whose lines come out otherwise keeps ReportLab's own first-fit lines.

A line the breaker letter-spaces (see linebreak.LETTER_SPACE_FROM) is drawn with the
PDF's character spacing (Tc), the same for each glyph of the line: the glyphs stay
whole words for text extraction, and the kerning's TJ numbers still apply.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    _FK_BREAK, _getFragWords, _handleBulletWidth, _hy_letters_pat, _hy_pfx_pat, _hy_sfx_pat,
    _HSFrag, _processed_frags, split)

from leaflet.layout import linebreak
from leaflet.layout.linebreak import END, HYPHEN, SPACE, Fragment

PRETOLERANCE = 1.0  # a line ratio: spaces up to 1.5× natural, see linebreak.STRETCH
HAIR = 0.001  # points added to a planned line's width, so that its last word fits
TRACK = 0.02  # of the em: the most a letter gap may grow (0.2 pt at 10 pt), as microtype
SHY = "\u00ad"


@lru_cache(maxsize=100_000)
def width_of(text: str, font: str, size: float) -> float:
    """A word's width, measured once per word, font and size."""
    return stringWidth(text, font, size)


class Plan:
    """Lines picked for one paragraph: the widths ReportLab is given to make them, and
    their texts to check what it made."""

    def __init__(self, widths: list[float], fake: list[float], texts: list[str],
                 tracks: list[float] | None = None):
        self.widths, self.fake, self.texts = widths, fake, texts
        self.tracks = tracks or [0.0] * len(texts)  # each line's added letter gap, points


def plan(para, widths: list[float]) -> Plan | None:
    """Total-fit lines for ``para`` (a Paragraph, wrapped to ``widths`` as
    Paragraph.breakLines takes them), or None where first-fit must do."""
    words = _words(para)
    if words is None:
        return None
    hyphenate = para.style.hyphenationLang
    hyphenate = hyphenate if callable(hyphenate) else None
    min_length = getattr(para.style, "hyphenationMinWordLength", 5)
    real = list(widths)
    _handleBulletWidth(para.bulletText, para.style, real)  # as ReportLab narrows line 1
    # The same words at the same widths break the same way: under `leaflet watch` every
    # paragraph but the one edited, and a paragraph the panel balancing wraps again.
    size = para.style.fontSize  # letter-spacing is measured in its em
    key = (tuple((tuple(pieces), space) for pieces, space in words), hyphenate, min_length,
           tuple(widths), tuple(real), size)
    if key not in _PLANS:
        if len(_PLANS) >= 10_000:
            _PLANS.clear()
        _PLANS[key] = _plan(words, hyphenate, min_length, widths, real, size)
    return _PLANS[key]


_PLANS: dict[tuple, Plan | None] = {}


def _plan(words, hyphenate, min_length, widths: list[float], real: list[float],
          size: float) -> Plan | None:
    bullet = widths[0] - real[0]
    # As TeX does: first without hyphenation, kept when every line's spaces stay within
    # 1.5 times natural (fewer hyphens, and no word looked up in the patterns); then with.
    lines = None
    for hyphens, tolerances in ((None, (PRETOLERANCE,)), (hyphenate, None)):
        fragments, texts = [], []
        for pieces, space in words:
            word_fragments, word_texts = _word(tuple(pieces), space, hyphens, min_length)
            fragments += word_fragments
            texts += word_texts
        if not fragments:
            return None
        fragments[-1] = Fragment(fragments[-1].width, END)
        lines = linebreak.break_lines(fragments, real, *([tolerances] if tolerances else []))
        if lines:
            break
    if not lines:
        return None
    fake, line_texts, tracks = [], [], []
    for i, line in enumerate(lines):
        fake.append(line.natural + HAIR + (bullet if i == 0 else 0.0))
        line_texts.append(_text(texts, fragments, line))
        tracks.append(line.tracking * TRACK * size)
    return Plan([widths[min(i, len(widths) - 1)] for i in range(len(lines))], fake,
                line_texts, tracks)


def _words(para):
    """[(pieces, space after)] for each word, a piece being (text, font, size); None for
    a paragraph with what only first-fit handles (line breaks, images, shaping)."""
    style = para.style
    frags = para.frags
    if style.endDots or getattr(style, "shaping", 0):
        return None
    if len(frags) == 1 and not (hasattr(frags[0], "cbDefn") or hasattr(frags[0], "backColor")
                                or _processed_frags(frags)):
        f = frags[0]
        words = split(f.text) if hasattr(f, "text") else [w for w in f.words if w.strip()]
        space = width_of(" ", f.fontName, f.fontSize)
        return [([(str(w), f.fontName, f.fontSize)], space if i < len(words) - 1 else 0.0)
                for i, w in enumerate(words)]
    out = []
    for word in _getFragWords(frags, None):
        pieces = []
        for frag, text in word[1:]:
            if getattr(frag, "_fkind", None) == _FK_BREAK or hasattr(frag, "cbDefn"):
                return None
            if text:
                pieces.append((text, frag.fontName, frag.fontSize))
        last = word[-1][0]
        space = width_of(" ", last.fontName, last.fontSize) if isinstance(word, _HSFrag) else 0.0
        if pieces:
            out.append((pieces, space))
        elif out and not out[-1][1]:  # an empty word carries the space after a bold one
            out[-1] = (out[-1][0], space)
    if out:
        out[-1] = (out[-1][0], 0.0)
    return out


@lru_cache(maxsize=50_000)
def _word(pieces, space, hyphenate, min_length) -> tuple[tuple, tuple]:
    """The word's fragments (split at its hyphenation points) and their texts, once per
    word, font, size and hyphenation."""
    fragments, texts = [], []
    _add_word(fragments, texts, pieces, space, hyphenate, min_length)
    return tuple(fragments), tuple(texts)


def _add_word(fragments, texts, pieces, space, hyphenate, min_length) -> None:
    """The word's fragments (split at its hyphenation points) and their texts. A word
    with soft hyphens breaks only there, and is measured without them, as ReportLab
    draws it."""
    text = "".join(t for t, _, _ in pieces)
    if SHY in text:
        cuts, at = [], 0
        for char in text.strip(SHY):
            if char == SHY:
                cuts.append(at)
            else:
                at += 1
        cuts, joints = sorted(set(cuts) - {0}), set()
        pieces = tuple((t.replace(SHY, ""), font, size) for t, font, size in pieces)
        text = text.replace(SHY, "")
    else:
        cuts, joints = _cuts(text, hyphenate, min_length)
    starts = [0] + cuts
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(text)
        width = _measure(pieces, start, stop)
        if stop < len(text):
            font, size = _font_at(pieces, stop - 1)
            penalty = (linebreak.HYPHEN_PENALTY if not joints else linebreak.JOINT_PENALTY
                       if stop in joints else linebreak.INSIDE_PART_PENALTY)
            # its letter gaps, the one before the hyphen among them, may grow
            track = TRACK * size * (stop - start)
            fragments.append(Fragment(width, HYPHEN, width_of("-", font, size), penalty, track))
        else:
            track = TRACK * _font_at(pieces, start)[1] * (stop - start - 1)
            fragments.append(Fragment(width, SPACE, space, track=track))
        texts.append(text[start:stop])


@lru_cache(maxsize=50_000)
def _cuts(text: str, hyphenate, min_length) -> tuple[list[int], set[int]]:
    """Where ReportLab's hyphenation may break ``text`` (the word without its leading
    and trailing punctuation, letters only, at least ``min_length`` of them), and which
    of those breaks are a compound's joints."""
    if not hyphenate or SHY in text:
        return [], set()
    prefix = _hy_pfx_pat.match(text)
    prefix = prefix.group(0) if prefix else ""
    suffix = _hy_sfx_pat.search(text)
    suffix = suffix.group(0) if suffix else ""
    core = text[len(prefix):len(text) - len(suffix)]
    if len(core) < min_length or not _hy_letters_pat.match(core):
        return [], set()
    cuts = sorted({len(prefix) + len(head) for head, _ in hyphenate(core)
                   if 0 < len(head) < len(core)})
    joints = getattr(hyphenate, "joints", None)
    return cuts, {len(prefix) + j for j in joints(core)} if joints else set()


def _measure(pieces, start: int, stop: int) -> float:
    width, at = 0.0, 0
    for text, font, size in pieces:
        a, b = max(start - at, 0), min(stop - at, len(text))
        if a < b:
            width += width_of(text[a:b], font, size)
        at += len(text)
    return width


def _font_at(pieces, index: int):
    at = 0
    for text, font, size in pieces:
        if index < at + len(text):
            return font, size
        at += len(text)
    return pieces[-1][1], pieces[-1][2]


def _text(texts, fragments, line) -> str:
    out = []
    for i in range(line.start, line.stop):
        out.append(texts[i])
        if i < line.stop - 1 and fragments[i].joint == SPACE:
            out.append(" ")
    if line.hyphenated:
        out.append("-")
    return "".join(out)


def no_shrink(style: ParagraphStyle) -> ParagraphStyle:
    """The style without ReportLab's own space shrinking, which would let first-fit put
    one more word on a planned line."""
    copy = style.__dict__.get("_no_shrink")
    if copy is None:
        copy = ParagraphStyle(style.name, parent=style, spaceShrinkage=0)
        style._no_shrink = copy
    return copy


def line_text(line) -> str:
    """What a broken ReportLab line says (words joined as drawn)."""
    if isinstance(line, tuple):
        return " ".join(str(w) for w in line[1])
    return " ".join("".join(getattr(f, "text", "") for f in line.words).split())


def apply(blPara, plan: Plan) -> bool:
    """Give the lines ReportLab made from the plan's widths their real extra space; False
    (and nothing changed) where they are not the planned lines."""
    lines = blPara.lines
    if len(lines) != len(plan.texts):
        return False
    for line, text in zip(lines, plan.texts):
        if line_text(line).replace(SHY, "-") != " ".join(text.split()):
            return False
    for i, line in enumerate(lines):
        shift = plan.widths[i] - plan.fake[i]
        track = plan.tracks[i]
        if track:  # Tc moves every glyph but the first: what is left goes to the spaces
            shift -= track * (len(" ".join(plan.texts[i].split())) - 1)
        if isinstance(line, tuple):
            lines[i] = (line[0] + shift, Tracked(line[1], track) if track else line[1])
        else:
            line.extraSpace += shift
            line.tracking = track
    return True


class Tracked(list):
    """A plain line's words, with the character spacing it is drawn with."""

    def __init__(self, words, tracking: float):
        super().__init__(words)
        self.tracking = tracking


def install() -> None:
    """Make ReportLab draw a justified line with its ``tracking`` as character spacing,
    and look for a web address to break only in a word that can be one (once). Its
    functions are looked up by name for every line and every word."""
    from reportlab.platypus import paragraph

    if getattr(paragraph, "_tracked", False):
        return
    addresses = paragraph._uri_split_pairs

    def _uri_split_pairs(word):
        # ReportLab asks this of each word it tries to hyphenate. Its pattern matches
        # only a word with '://' in it, and is the costliest to compile of all it has
        # (see leaflet.deferred_patterns): a build with no such word never compiles it.
        if isinstance(word, str) and "://" not in word:
            return None
        return addresses(word)

    paragraph._uri_split_pairs = _uri_split_pairs
    plain, marked = paragraph._justifyDrawParaLine, paragraph._justifyDrawParaLineX

    def _justifyDrawParaLine(tx, offset, extraspace, words, last=0):
        tracking = getattr(words, "tracking", 0.0)
        if tracking:
            tx.setCharSpace(tracking)
        try:
            return plain(tx, offset, extraspace, words, last)
        finally:
            if tracking:
                tx.setCharSpace(0)

    def _justifyDrawParaLineX(tx, offset, line, last=0):
        tracking = getattr(line, "tracking", 0.0)
        if tracking:
            tx.setCharSpace(tracking)
        try:
            return marked(tx, offset, line, last)
        finally:
            if tracking:
                tx.setCharSpace(0)

    paragraph._justifyDrawParaLine = _justifyDrawParaLine
    paragraph._justifyDrawParaLineX = _justifyDrawParaLineX
    paragraph._tracked = True

"""Paragraphs that read as they were written: ReportLab's Paragraph with total-fit lines
(layout/justify.py), whose line ends a reader joins back into the text (a space after a
line's last word, a soft hyphen for hyphenation's hyphen); and the list items and headings
made of them."""
from __future__ import annotations

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (  # how it splits words, and draws a bullet
    _drawBullet, _HSFrag, _SplitFragHY)

from leaflet.layout.structure import Element

SOFT_HYPHEN = "\u00ad"  # drawn as a hyphen at a line's end; read as "the word goes on"


class TextPara(Paragraph):
    """A paragraph that reads as it was written when its text is taken out of the PDF, as
    a screen reader does. Each line is drawn on its own, so a reader would glue the last
    word of a line to the first of the next, and keep the hyphen of a word that
    hyphenation broke: see :func:`mark_line_ends`."""

    def __init__(self, text, style, *args, **kw):
        super().__init__(text, style, *args, **kw)
        self.plain = _plain(self.frags)  # before breaking lines turns the frags into words

    plan = None  # the total-fit lines last made (see layout/justify.py)
    keep = None  # a split-off head's planned lines, kept when it is wrapped again

    def breakLines(self, width):
        """Total-fit lines for justified text (first-fit for the rest, and wherever
        the planned lines do not come out as planned)."""
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        # Wrapped again and again at one width (each try of the balancing, each look at
        # what follows a heading): the same lines, made once. split() forgets them, as
        # ReportLab's split marks the line ends of the lines it splits.
        key = (tuple(widths), self.style, self.keep)
        made = self.__dict__.get("_made")
        if made is not None and made[0] == key:
            self.plan = made[2]
            return made[1]
        lines = self._break(width, widths)
        self._made = (key, lines, self.plan)
        return lines

    def _break(self, width, widths):
        from reportlab.lib.enums import TA_JUSTIFY

        from leaflet.layout import justify

        self.plan = None
        if self.style.alignment != TA_JUSTIFY:
            return super().breakLines(width)
        plan = self.keep if self.keep and self.keep.widths[:1] == widths[:1] else None
        if plan is None:  # the same paragraph is wrapped to the same width many times
            key = tuple(widths)
            plans = self.__dict__.setdefault("_plans", {})
            if key not in plans:
                plans[key] = justify.plan(self, widths)
            plan = plans[key]
        if plan is None:
            return super().breakLines(width)
        style = self.style
        self.style = justify.no_shrink(style)
        try:
            lines = super().breakLines(plan.fake)
        finally:
            self.style = style
        if not justify.apply(lines, plan):
            return super().breakLines(width)
        self.plan = plan
        return lines

    def overhang(self) -> float:
        """How far the widest line sticks out of the column with its spaces at their
        narrowest: only a word too long for any line does."""
        lines = getattr(getattr(self, "blPara", None), "lines", ())
        if self.plan is not None:
            return 0.0
        return max((-(line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0.0))
                    for line in lines), default=0.0)

    def split(self, aw, ah):
        if self.__dict__.get("_marked") is self.blPara:  # drawn before: split it unmarked
            for words, index, word in reversed(self._unmarked):
                words[index] = word
            self._marked = None
        parts = super().split(aw, ah)
        self.__dict__.pop("_made", None)
        if len(parts) == 2 and self.plan is not None:
            # The head keeps the lines it had in the whole paragraph (total-fit of the
            # head alone could differ); the tail is broken anew for its own column.
            from leaflet.layout.justify import Plan

            n = len(parts[0].blPara.lines)
            parts[0].keep = Plan(self.plan.widths[:n], self.plan.fake[:n], self.plan.texts[:n],
                                 self.plan.tracks[:n])
        if len(parts) == 2:
            # The head's own text stops at the split: take what follows it from the whole,
            # so its last line ends as that line does in the whole paragraph.
            head = parts[0]
            if self.plain.startswith(head.plain + " "):
                head.plain += " "
            elif head.plain.endswith("-") and not self.plain.startswith(head.plain):
                head.plain = head.plain[:-1]  # a hyphen of hyphenation's
        return parts

    def draw(self):
        # once for its lines, though they are drawn in the print and the screen PDF
        if self.__dict__.get("_marked") is not self.blPara:
            self._unmarked = mark_line_ends(self.plain, self.blPara)
            self._marked = self.blPara
        super().draw()


def _plain(frags) -> str:
    """The text of a paragraph's frags, white space as single spaces."""
    parts = []
    for frag in frags:
        if hasattr(frag, "text"):
            parts.append(frag.text)
        elif hasattr(frag, "words"):  # a split-off part of a paragraph without markup
            parts.append(" ".join(frag.words))
        elif isinstance(frag, list):  # a word made of frags: [width, (frag, text), …]
            word = "".join(text for _, text in frag[1:])
            if isinstance(frag, _SplitFragHY) and word.endswith("-"):
                word = word[:-1]  # hyphenation's, taken away when the word is joined again
            parts.append(word + (" " if isinstance(frag, _HSFrag) else ""))
    return " ".join("".join(parts).split())


def mark_line_ends(text: str, para) -> list[tuple[list, int, object]]:
    """Compare each broken line of ``para`` (a Paragraph's blPara) with the paragraph's
    ``text``: a line that ends between two words gets a space after its last
    glyph (where it changes nothing), and a hyphen that hyphenation added becomes a soft
    hyphen, the same glyph, which a reader joins to the rest of the word. Drawing twice
    marks once; a line that does not match the text is left as it is. Returns what it
    changed, (a line's words, the index, the word it replaced), to undo it with."""
    changed: list[tuple[list, int, object]] = []
    at = 0
    for index, line in enumerate(para.lines):
        words, texts = _words(line)
        drawn = " ".join((" " if words is texts else "").join(texts).split())
        if drawn.endswith(SOFT_HYPHEN):  # marked before
            drawn = drawn[:-1] + "-"
        if text.startswith(drawn, at):
            at += len(drawn)
            if text.startswith(" ", at):
                _end_line(para, index, " ", changed)
        elif drawn.endswith("-") and text.startswith(drawn[:-1], at):
            at += len(drawn) - 1
            _end_line(para, index, SOFT_HYPHEN, changed)
        else:
            break
        at += text.startswith(" ", at)
    return changed


def _words(line) -> tuple[list, list]:
    """A broken line's words and their texts: a line of plain text is (extra space,
    [words]), one with markup has frags, each with its text."""
    if isinstance(line, tuple):
        return line[1], line[1]
    return line.words, [getattr(frag, "text", "") for frag in line.words]


def _end_line(para, index: int, mark: str, changed: list) -> None:
    """A space after line ``index``'s last word, or a soft hyphen instead of its hyphen."""
    words, texts = _words(para.lines[index])
    last = max((i for i, text in enumerate(texts) if text), default=None)
    if last is None:
        return
    old = texts[last]
    if mark == " ":
        new = old if old.endswith(" ") else old + " "
    else:
        new = old[:-1] + SOFT_HYPHEN if old.endswith("-") else old
    if new == old:
        return
    changed.append((words, last, words[last]))
    if words is not texts:
        words[last] = words[last].clone(text=new)
    elif hasattr(old, "__sp__"):  # ReportLab's soft-hyphen word would drop ours: plain text
        words[last] = new
    else:  # keep ReportLab's kind of word (the head of a hyphenated one, say)
        words[last] = type(old)(new)


class ListItemPara(TextPara):
    """A list item: its bullet (or number) is its label (Lbl) for a screen reader, the
    rest its body (LBody)."""

    role = "LI"

    def draw_tagged(self, canvas, tagger, x: float, y: float) -> None:
        body = tagger.element_for(self)
        box = (x, y, x + self.width, y + self.height)
        bullet = self.bulletText
        if bullet and hasattr(body, "item"):
            label = Element("Lbl")
            body.item.kids.insert(body.item.kids.index(body), label)
            with tagger.marked_in(canvas, label, box):
                canvas.saveState()
                canvas.translate(x, y)
                _drawBullet(canvas, 0, self._first_baseline(), bullet, self.style, rtl=False)
                canvas.restoreState()
        self.bulletText = None  # drawn already, as the label
        try:
            with tagger.marked_in(canvas, body, box):
                self.drawOn(canvas, x, y)
        finally:
            self.bulletText = bullet

    def _first_baseline(self) -> float:
        """Where ReportLab's drawPara puts the first line, and with it the bullet."""
        from reportlab import rl_config

        first = self.blPara if self.blPara.kind == 0 else self.blPara.lines[0]
        if rl_config.paraFontSizeHeightOffset:
            return self.height - first.fontSize
        return self.height - getattr(first, "ascent", first.fontSize)


class HeadingPara(TextPara):
    """A heading: kept with what follows, and a bookmark in the screen PDF."""

    role = "H2"

    def __init__(self, text: str, style, plain_text: str):
        super().__init__(text, style)
        self.outline_title = plain_text

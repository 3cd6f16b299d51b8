"""Total-fit line breaking (Knuth and Plass, 1981) for justified text.

A paragraph comes in as a row of fragments: words, or the pieces of a word between its
hyphenation points. After each fragment is a joint: a word space, a hyphenation point,
or the paragraph's end. Every joint but the end may end a line; this module picks the set
of line ends whose lines together are the most even, where first-fit would fill each
line in turn and leave the gaps to fall where they may.

Word spaces may stretch (half a space stretches a line to 1.5 times its spaces; two
spaces at most unless nothing else fits) and shrink to two thirds. A line is judged by
its badness (how far its spaces are from natural, cubed) plus demerits for a hyphen,
for two hyphenated line ends in a row, for a very loose line next to a tight one, and
for a last line that is a single short word. A third hyphenated line end in a row is
allowed, at a heavy price, only where every way without one has a line over 2× (as
TeX's final pass relaxes its limits only when nothing fits within them). A line whose
spaces would open wider than 2× may have its letters spaced a hair apart (each gap by
at most what its fragment allows, as microtype does) to take the rest of its slack. Nothing here
knows ReportLab: widths come in as numbers, line ends go out as fragment indices.
"""
from __future__ import annotations

from dataclasses import dataclass

SPACE, HYPHEN, END = 0, 1, 2  # the kinds of joint after a fragment

STRETCH = 0.5  # of a space's width: a line whose spaces are 1.5× natural has ratio 1
SHRINK = 1 / 3  # of a space's width: spaces never get narrower than two thirds
SHRINK_WEIGHT = 2.5  # squeezed spaces look worse: 0.8× costs as much as 1.75×
TOLERANCES = (2.0, 4.0)  # ratios tried in turn: spaces up to 2.0×, then up to 3.0×
LINE_PENALTY = 10
HYPHEN_PENALTY = 50
JOINT_PENALTY = 20  # a break at a compound's joint ('immun-globulin') reads best
INSIDE_PART_PENALTY = 150  # any other break in a compound whose joints are known
DOUBLE_HYPHEN_DEMERITS = 3000  # two hyphenated line ends in a row
TRIPLE_HYPHEN_DEMERITS = 100_000  # a third in a row, where allowed: as bad as a 1.8× line
FINAL_HYPHEN_DEMERITS = 5000  # the line before the last ends in a hyphen
FITNESS_DEMERITS = 3000  # a very loose line next to a tight one, or loose next to tight
SHORT_LAST_DEMERITS = 100_000  # a last line that is a single short word: as bad as a 1.8× line
SHORT_LAST = 0.2  # "short": less than this share of the line
LETTER_SPACE_FROM = 1.9  # a line's ratio (2: spaces twice natural) past which letters space out
MAX_HYPHENS_IN_A_ROW = 2  # a third only where every way without one has a line over 2×


@dataclass(frozen=True)
class Fragment:
    """What the breaker places whole: a word, or a word's part up to a hyphenation point."""

    width: float  # its glyphs, in points
    joint: int  # SPACE, HYPHEN or END: what follows it
    joint_width: float = 0.0  # the space's width, or the hyphen's drawn at a line's end
    penalty: float = HYPHEN_PENALTY  # of a line ending at this hyphenation point
    track: float = 0.0  # how much wider letter-spacing may make it, in points


@dataclass(frozen=True)
class Line:
    """A line the breaker chose: the fragments it holds, and how it is set."""

    start: int  # index of its first fragment
    stop: int  # one past its last
    natural: float  # its width with natural spaces (and its hyphen, if it ends in one)
    hyphenated: bool
    tracking: float = 0.0  # the share of its letter-spacing room used, 0 to 1


@dataclass
class _Node:
    """A place a line may end, with the best way found to reach it (an active node)."""

    position: int  # fragments before it are placed
    line: int  # lines before it
    fitness: int
    hyphens: int  # hyphenated line ends in a row up to it
    demerits: float
    previous: "_Node | None"
    natural: float = 0.0
    hyphenated: bool = False
    tracking: float = 0.0


def break_lines(fragments: list[Fragment], widths: list[float],
                tolerances=TOLERANCES + (None,)) -> list[Line] | None:
    """The best lines for ``fragments`` in lines of ``widths`` (the last repeated), or None
    when a fragment is wider than its line even alone (or no line stays within the
    last of ``tolerances``, None being any stretch)."""
    if not fragments:
        return []
    prefix = _Prefix(fragments)
    relax = any(fragment.joint == HYPHEN for fragment in fragments)
    for tolerance in tolerances:
        # Within the first tolerance the rule of two hyphens in a row holds where it can;
        # past it (every way has a line over 2×), a third in a row may buy a better line.
        if not relax:
            mosts = (MAX_HYPHENS_IN_A_ROW,)
        elif tolerance == tolerances[0]:
            mosts = (MAX_HYPHENS_IN_A_ROW, MAX_HYPHENS_IN_A_ROW + 1)
        else:
            mosts = (MAX_HYPHENS_IN_A_ROW + 1,)
        for most in mosts:
            lines = _best(fragments, widths, prefix, tolerance, most)
            if lines is not None:
                return lines
    return None


class _Prefix:
    """Sums of fragment and space widths up to each joint, so a line's width is a
    subtraction however long the paragraph."""

    def __init__(self, fragments: list[Fragment]):
        self.width = [0.0]
        self.space = [0.0]
        self.track = [0.0]
        for fragment in fragments:
            self.width.append(self.width[-1] + fragment.width)
            self.track.append(self.track[-1] + fragment.track)
            self.space.append(self.space[-1] + (fragment.joint_width
                                                if fragment.joint == SPACE else 0.0))


def _fitness(ratio: float) -> int:
    """0 tight, 1 decent, 2 loose, 3 very loose, as TeX's classes."""
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1.0:
        return 2
    return 3


def _best(fragments, widths, prefix: _Prefix, tolerance, most) -> list[Line] | None:
    """One pass: lines whose ratio stays within ``tolerance`` (None: any stretch), with
    at most ``most`` hyphenated line ends in a row."""
    active: dict[tuple, _Node] = {(0, 1, 0): _Node(0, 0, 1, 0, 0.0, None)}
    last_index = len(fragments) - 1
    last_width = len(widths) - 1
    sum_width, sum_space, sum_track = prefix.width, prefix.space, prefix.track  # ~40 times
    for index, fragment in enumerate(fragments):  # a word: its sums inline, not as calls
        stop = index + 1
        final = index == last_index
        hyphen = fragment.joint_width if fragment.joint == HYPHEN else 0.0
        new: dict[tuple, _Node] = {}
        for key, node in list(active.items()):
            start = node.position
            width = widths[node.line if node.line < last_width else last_width]
            spaces = sum_space[index] - sum_space[start]
            natural = sum_width[stop] - sum_width[start] + spaces + hyphen
            if natural - spaces * SHRINK > width + 1e-6:
                del active[key]  # too long even squeezed, and only gets longer
                continue
            room = sum_track[stop] - sum_track[start]
            judged = _judge(fragments, node, stop, natural, spaces, width, final, tolerance,
                            most, room)
            if judged is None:
                continue
            demerits, fitness, hyphens, tracking = judged
            total = node.demerits + demerits
            new_key = (stop, fitness if not final else 1, hyphens)
            if new_key not in new or total < new[new_key].demerits:
                new[new_key] = _Node(stop, node.line + 1, fitness, hyphens, total, node,
                                     natural, fragment.joint == HYPHEN, tracking)
        if final:
            if not new:
                return None
            return _lines(min(new.values(), key=lambda n: n.demerits), fragments)
        active.update(new)
        if not active:
            return None
    return None


def _judge(fragments, node: _Node, stop: int, natural: float, spaces: float, width: float,
           final: bool, tolerance, most, room: float):
    """(demerits, fitness class, hyphens in a row, share of its letter-spacing ``room``
    used) of the line from ``node`` to ``stop``, or None where it may not be."""
    fragment = fragments[stop - 1]
    hyphenated = fragment.joint == HYPHEN
    hyphens = node.hyphens + 1 if hyphenated else 0
    if hyphens > most:
        return None
    if final:
        if natural > width + 1e-6:  # the last line keeps its natural spaces
            return None
        demerits = LINE_PENALTY ** 2
        if stop - node.position == 1 and node.position > 0 and natural < SHORT_LAST * width:
            demerits += SHORT_LAST_DEMERITS
        elif (node.position > 0 and natural < SHORT_LAST * width / 2):
            demerits += SHORT_LAST_DEMERITS / 2
        if node.hyphens:
            demerits += FINAL_HYPHEN_DEMERITS
        return demerits, 1, 0, 0.0
    slack = width - natural
    tracking = 0.0
    past = slack - LETTER_SPACE_FROM * spaces * STRETCH  # what spaces over 2× would take
    if past > 0 and room > 0 and spaces > 0:
        used = min(past, room)
        slack -= used
        tracking = used / room
    if spaces <= 0:  # one word alone on a line: it cannot be justified
        if slack < -1e-6 or tolerance is not None:
            return None
        ratio = 10.0
    elif slack >= 0:
        ratio = slack / (spaces * STRETCH)
    else:
        ratio = slack / (spaces * SHRINK) * SHRINK_WEIGHT
    if ratio < -SHRINK_WEIGHT - 1e-9 or (tolerance is not None and ratio > tolerance):
        return None
    badness = min(100 * abs(ratio) ** 3, 100_000)
    demerits = (LINE_PENALTY + badness) ** 2
    if hyphenated:
        demerits += fragment.penalty ** 2
        if node.hyphens:
            demerits += DOUBLE_HYPHEN_DEMERITS
        if hyphens > MAX_HYPHENS_IN_A_ROW:
            demerits += TRIPLE_HYPHEN_DEMERITS
    fitness = _fitness(ratio)
    if abs(fitness - node.fitness) > 1:
        demerits += FITNESS_DEMERITS * (abs(fitness - node.fitness) - 1)
    return demerits, fitness, hyphens, tracking


def _lines(node: _Node, fragments) -> list[Line]:
    out = []
    while node.previous is not None:
        out.append(Line(node.previous.position, node.position, node.natural, node.hyphenated,
                        node.tracking))
        node = node.previous
    return out[::-1]

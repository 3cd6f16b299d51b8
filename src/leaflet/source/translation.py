"""Translations that stay in step with their source language.

The blocks of a translation are paired with the source's by an alignment: blocks
of the same kind, in the same order, and among those the pairs that look most
alike in what survives translation (paragraph and item counts, length, numbers,
links, emphasis). So a block deleted or added on one side is named correctly even
where the kinds alone would be ambiguous (heading, text, heading, text …).

A paired block whose words are the source's own is reported as untranslated.
A translator who has checked a translation runs ``leaflet review ID --lang en``:
it records the source blocks' fingerprints in en.yaml (``reviewed: …``) and the
source text as reviewed in ``reviewed/en.txt`` beside it. Later, a changed source
block no longer matches its fingerprint: the translated block paired with it is
reported as out of date, with the words that changed. ``review`` refuses a
translation that still has untranslated or missing blocks.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from pathlib import Path

from leaflet.errors import Problem, error, warning
from leaflet.files import NotAFile, read_file
from leaflet.model import (Box, Bullets, Contact, Content, Heading, Image, Paragraphs, PanelBreak,
                           References)
from leaflet.source.loader import display_path

KINDS = {Heading: "heading", Paragraphs: "text", Bullets: "list of bullets",
         References: "list of references", Box: "box", Image: "image", PanelBreak: "panel break",
         Contact: "contact block"}
MAX_CELLS = 40_000  # blocks × blocks weighed one by one (a leaflet has some 20); past that,
#                     kinds and order only, in linear time


def kind(block) -> str:
    return KINDS[type(block)]


def words(block) -> str:
    """The block's text, for fingerprints and for quoting a block in a message."""
    if isinstance(block, Image):
        return f"{block.src.name}\n{prose(block)}"
    return prose(block)


def prose(block) -> str:
    """What a translator translates in the block (an image's file name is not)."""
    if isinstance(block, Heading):
        return block.text.value
    if isinstance(block, Paragraphs):
        return "\n\n".join(p.value for p in block.paragraphs)
    if isinstance(block, (Bullets, References)):
        return "\n".join(item.value for item in block.items)
    if isinstance(block, Box):
        head = block.heading.value if block.heading else ""
        return "\n".join([head] + [prose(b) for b in block.blocks])
    if isinstance(block, Image):
        return f"{block.alt}\n{block.caption.value if block.caption else ''}"
    return ""


def fingerprint(block) -> str:
    data = f"{kind(block)}\n{' '.join(words(block).split())}"
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:6]


def fingerprints(content: Content) -> list[str]:
    return [fingerprint(block) for block in content.content + content.back]


# --- pairing the blocks ---------------------------------------------------------------------

_ANCHOR = re.compile(r"\d+(?:[.,]\d+)?|https?://\S+|mailto:\S+|tel:\S+|\*\*|(?<!\*)\*(?!\*)")


def _shape(block) -> tuple:
    """What a translation keeps of a block: its parts, its length, its numbers and links."""
    text = prose(block)
    parts = (len(block.paragraphs) if isinstance(block, Paragraphs) else
             len(block.items) if isinstance(block, (Bullets, References)) else
             len(block.blocks) + bool(block.heading) if isinstance(block, Box) else 1)
    anchors = _ANCHOR.findall(text)
    return parts, max(len(text), 1), sorted(anchors), " ".join(text.split())


def _alike(a: tuple, b: tuple) -> float:
    (parts_a, len_a, anchors_a, text_a), (parts_b, len_b, anchors_b, text_b) = a, b
    score = 1.0 + (1.0 if parts_a == parts_b else -0.5 * min(abs(parts_a - parts_b), 2))
    score -= min(abs(math.log(len_b / len_a)), 2.0)  # a translation runs 0.7–1.4× as long
    if anchors_a or anchors_b:
        shared = sum((Counter(anchors_a) & Counter(anchors_b)).values())
        score += 2.0 * shared / max(len(anchors_a), len(anchors_b))
    if text_a and text_a == text_b:
        score += 3.0  # left untranslated: surely its pair
    return max(score, 0.2)


def align(source: list, translated: list) -> list[tuple[int | None, int | None]]:
    """Pairs (i, j) of source and translated blocks in order; (i, None) is a source block
    with no counterpart, (None, j) a translated block with none. The pairing with the
    greatest total likeness wins (Needleman–Wunsch, no cost for a gap)."""
    n, m = len(source), len(translated)
    if n * m > MAX_CELLS:
        return _align_by_kind(source, translated)
    like = _likeness_table(source, translated)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + like[i][j] if like[i][j] is not None else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n or j < m:
        here = like[i][j] if i < n and j < m else None
        if here is not None and best[i][j] == best[i + 1][j + 1] + here:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs


def _likeness_table(source: list, translated: list) -> list[list[float | None]]:
    """likeness of every source block with every translated one. A heading's words say
    little across languages, so the section it opens counts too: two headings are alike
    as much as the blocks after them are."""
    shapes_a, shapes_b = [_shape(b) for b in source], [_shape(b) for b in translated]
    table = [[_alike(shapes_a[i], shapes_b[j]) if type(a) is type(b) else None
              for j, b in enumerate(translated)] for i, a in enumerate(source)]
    for i, a in enumerate(source[:-1]):
        if isinstance(a, Heading):
            for j, b in enumerate(translated[:-1]):
                if table[i][j] is not None and table[i + 1][j + 1] is not None:
                    table[i][j] += 0.5 * table[i + 1][j + 1]
    return table


def _align_by_kind(source: list, translated: list, reach: int = 8):
    """The cheap pairing for files far larger than a leaflet, in linear time: blocks of the
    same kind in order; where the kinds differ, the side whose other block's kind comes
    sooner (looked for at most ``reach`` blocks ahead) has a block the other lacks."""
    a, b = [kind(x) for x in source], [kind(x) for x in translated]
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
            continue
        extra_a = next((k for k in range(1, reach) if a[i + k:i + k + 1] == [b[j]]), reach)
        extra_b = next((k for k in range(1, reach) if b[j + k:j + k + 1] == [a[i]]), reach)
        if extra_a <= extra_b:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs + [(k, None) for k in range(i, len(a))] + [(None, k) for k in range(j, len(b))]


# --- what is reported -----------------------------------------------------------------------

def compare(source: Content, translation: Content) -> list[Problem]:
    """Warnings at the translation's lines for every block behind or apart from the source."""
    if not translation.block_pos or not source.block_pos:
        return []  # a file with broken blocks: its errors are reported already
    problems: list[Problem] = []
    if translation.reviewed is None:
        problems.append(warning(
            translation.title.pos,
            f"this translation has not been reviewed against {display_path(source.path)}",
            f"when it matches the source, run: leaflet review {translation.path.parent.name} "
            f"--lang {translation.lang}"))
    old = _reviewed_text(translation)
    if old and translation.reviewed:
        old = _as_reviewed(old, list(translation.reviewed), fingerprints(source))
    # The content and the back are compared each on its own.
    sections = ((source.content, translation.content, 0, 0),
                (source.back, translation.back, len(source.content), len(translation.content)))
    for src_blocks, own_blocks, src_start, own_start in sections:
        src_pos = source.block_pos[src_start:src_start + len(src_blocks)]
        own_pos = translation.block_pos[own_start:own_start + len(own_blocks)]
        problems += _compare_blocks(source, translation, old, (src_blocks, src_pos),
                                    (own_blocks, own_pos))
    return problems


def unfinished(source: Content, translation: Content) -> list[Problem]:
    """What stops `review`: untranslated and missing blocks, as errors."""
    return [error(p.pos, p.message, "translate it first, then run leaflet review")
            for p in compare(source, translation)
            if p.message.startswith(("untranslated:", "missing:"))]


def _compare_blocks(source, translation, old, src, own):
    (src_blocks, src_pos), (own_blocks, own_pos) = src, own
    src_name = display_path(source.path)
    recorded = set(translation.reviewed or ())
    problems = []
    pairs = align(list(src_blocks), list(own_blocks))
    for n, (i, j) in enumerate(pairs):
        if j is None:
            later = next((b for _, b in pairs[n:] if b is not None), None)
            where = (own_pos[later] if later is not None else
                     own_pos[-1] if own_pos else translation.title.pos)
            block = src_blocks[i]
            quoted = f" ({_quote(block)})" if words(block).strip() else ""
            hint = ("add '- contact: organisation'" if isinstance(block, Contact) else
                    "add '- break: panel'" if isinstance(block, PanelBreak) else
                    "translate it")
            problems.append(warning(
                where, f"missing: the {kind(block)} at {src_name}:{src_pos[i].line}{quoted} "
                       "has no counterpart here",
                hint + (" and put it here" if later is not None else "")))
        elif i is None:
            if translation.reviewed is not None:
                continue  # added on purpose (a Dutch reference list): the review accepted it
            problems.append(warning(
                own_pos[j], f"this {kind(own_blocks[j])} has no counterpart in {src_name}",
                "remove it, or add it to the source too"))
        elif _untranslated(src_blocks[i], own_blocks[j]):
            problems.append(warning(
                own_pos[j], f"untranslated: this {kind(own_blocks[j])} is word for word the "
                            f"one at {src_name}:{src_pos[i].line} ({_quote(own_blocks[j])})",
                f"translate it into '{translation.lang}'"))
        elif translation.reviewed is not None and fingerprint(src_blocks[i]) not in recorded:
            change = _what_changed(old.get(fingerprint(src_blocks[i])), src_blocks[i])
            problems.append(warning(
                own_pos[j], f"out of date: the {kind(src_blocks[i])} at "
                            f"{src_name}:{src_pos[i].line} changed since this translation "
                            f"was reviewed{': ' + change if change else ''}",
                "update this block, then run leaflet review"))
    return problems


def _untranslated(source, translated) -> bool:
    """The same words as the source, and enough of them to be a sentence or a heading
    (a name such as 'MMN' reads the same in every language; references are cited as
    published)."""
    if isinstance(source, (References, PanelBreak, Contact)):
        return False
    text = " ".join(prose(source).split())
    return len(re.findall(r"\w{2,}", text)) >= 2 and text == " ".join(prose(translated).split())


def _quote(block) -> str:
    text = " ".join(words(block).split())
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


# --- the source text as reviewed, to show what changed -------------------------------------

REVIEWED_LINE = re.compile(r"(?m)^reviewed:.*\n?")
REVIEWED_COMMENT = "# Written by 'leaflet review': the source blocks this translation matches.\n"
SNAPSHOT_HEAD = ("# Written by 'leaflet review': the text of {source} as this translation was "
                 "checked against it,\n# so that a later change can be shown word by word. "
                 "Do not edit; it is replaced at each review.\n")
MAX_SNAPSHOT_BYTES = 1_000_000


def snapshot_path(translation_path: Path) -> Path:
    return translation_path.parent / "reviewed" / f"{translation_path.stem}.txt"


def record_review(path: Path, source: Content) -> str:
    """The text of ``path`` with its ``reviewed:`` line set to the source's fingerprints."""
    text = path.read_text(encoding="utf-8")
    line = f'reviewed: "{" ".join(fingerprints(source))}"\n'
    if REVIEWED_LINE.search(text):
        return REVIEWED_LINE.sub(lambda _: line, text, count=1)
    return text + ("" if text.endswith("\n") else "\n") + "\n" + REVIEWED_COMMENT + line


def snapshot(source: Content) -> str:
    """The source's blocks as reviewed: '@@ fingerprint' then the block's words."""
    out = [SNAPSHOT_HEAD.format(source=source.path.name)]
    for block in source.content + source.back:
        out.append(f"@@ {fingerprint(block)}\n{' '.join(words(block).split())}\n")
    return "".join(out)


def _reviewed_text(translation: Content) -> dict[str, str]:
    """fingerprint → the block's words, as last reviewed; {} when there is no record."""
    try:
        data = read_file(snapshot_path(translation.path), MAX_SNAPSHOT_BYTES)
    except NotAFile:
        return {}
    text = data.decode("utf-8", errors="replace")
    return dict(re.findall(r"(?m)^@@ ([0-9a-f]{6})\n(.*)$", text))


def _as_reviewed(old: dict[str, str], reviewed: list[str], now: list[str]) -> dict[str, str]:
    """For each block changed since the review (by its fingerprint now), its words as they
    were reviewed: the reviewed block in its place, once the blocks unchanged since are
    lined up. Fingerprints are all but unique, which keeps the lining up near linear."""
    import difflib  # here, not at the top: most builds never need it

    found = {}
    matcher = difflib.SequenceMatcher(None, reviewed, now, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                if reviewed[i1 + k] in old:
                    found[now[j1 + k]] = old[reviewed[i1 + k]]
    return found


MAX_DIFF_WORDS = 2_000  # a block's words compared word by word; past that, the first ones


def _what_changed(before: str | None, block) -> str:
    """The words of ``block`` that changed since the review: "'a' → 'b'", "added 'c'" …"""
    if before is None:
        return ""
    a = before.split()[:MAX_DIFF_WORDS]
    b = " ".join(words(block).split()).split()[:MAX_DIFF_WORDS]
    import difflib

    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            changes.append(f"'{_clip(a[i1:i2])}' → '{_clip(b[j1:j2])}'")
        elif op == "delete":
            changes.append(f"removed '{_clip(a[i1:i2])}'")
        elif op == "insert":
            changes.append(f"added '{_clip(b[j1:j2])}'")
    more = f" and {len(changes) - 3} more changes" if len(changes) > 3 else ""
    return ", ".join(changes[:3]) + more


def _clip(items: list[str], limit: int = 40) -> str:
    text = " ".join(items)
    return text if len(text) <= limit else text[:limit - 1] + "…"

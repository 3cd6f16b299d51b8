"""Translations that stay in step with their source language.

Each block of the source (da.yaml, say) has a short fingerprint. A translator
who has checked a translation against the source as it is now runs
``leaflet review ID --lang en``, which records the source's fingerprints in
en.yaml (``reviewed: …``). Later, a changed source block no longer matches its
recorded fingerprint, and exactly the translated block beside it is reported
as out of date. Blocks are paired by their kind and order, so a block missing
or added on one side is reported too.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

from leaflet.errors import Problem, warning
from leaflet.model import (Box, Bullets, Contact, Content, Heading, Image, Paragraphs, PanelBreak,
                    References)
from leaflet.source.loader import display_path

KINDS = {Heading: "heading", Paragraphs: "text", Bullets: "list of bullets",
         References: "list of references", Box: "box", Image: "image", PanelBreak: "panel break",
         Contact: "contact block"}


def kind(block) -> str:
    return KINDS[type(block)]


def words(block) -> str:
    """The block's text, for fingerprints and for quoting a block in a message."""
    if isinstance(block, Heading):
        return block.text.value
    if isinstance(block, Paragraphs):
        return "\n\n".join(p.value for p in block.paragraphs)
    if isinstance(block, (Bullets, References)):
        return "\n".join(item.value for item in block.items)
    if isinstance(block, Box):
        head = block.heading.value if block.heading else ""
        return "\n".join([head] + [words(b) for b in block.blocks])
    if isinstance(block, Image):
        return f"{block.src.name}\n{block.alt}\n{block.caption.value if block.caption else ''}"
    return ""


def fingerprint(block) -> str:
    data = f"{kind(block)}\n{' '.join(words(block).split())}"
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:6]


def fingerprints(content: Content) -> list[str]:
    return [fingerprint(block) for block in content.content + content.back]


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
    # The content and the back are compared each on its own, block by block.
    sections = ((source.content, translation.content, 0, 0),
                (source.back, translation.back, len(source.content), len(translation.content)))
    for src_blocks, own_blocks, src_start, own_start in sections:
        src_pos = source.block_pos[src_start:src_start + len(src_blocks)]
        own_pos = translation.block_pos[own_start:own_start + len(own_blocks)]
        problems += _compare_blocks(source, translation, src_blocks, own_blocks, src_pos, own_pos)
    return problems


def _compare_blocks(source, translation, src_blocks, own_blocks, src_pos, own_pos):
    src_name = display_path(source.path)
    reviewed = translation.reviewed is not None
    recorded = set(translation.reviewed or ())
    matcher = difflib.SequenceMatcher(None, [kind(b) for b in src_blocks],
                                      [kind(b) for b in own_blocks], autojunk=False)
    problems = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if reviewed and fingerprint(src_blocks[i]) not in recorded:
                    problems.append(warning(
                        own_pos[j], f"out of date: the {kind(src_blocks[i])} at "
                                    f"{src_name}:{src_pos[i].line} changed since this "
                                    "translation was reviewed",
                        "update this block, then run leaflet review"))
            continue
        for i in range(i1, i2):
            where = own_pos[j1] if j1 < len(own_pos) else (own_pos[-1] if own_pos
                                                           else translation.title.pos)
            problems.append(warning(
                where, f"missing: the {kind(src_blocks[i])} at {src_name}:{src_pos[i].line} "
                       f"({_quote(src_blocks[i])}) has no counterpart here"))
        if not reviewed:
            for j in range(j1, j2):
                problems.append(warning(
                    own_pos[j], f"this {kind(own_blocks[j])} has no counterpart in {src_name}"))
    return problems


def _quote(block) -> str:
    text = " ".join(words(block).split())
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


REVIEWED_LINE = re.compile(r"(?m)^reviewed:.*\n?")
REVIEWED_COMMENT = "# Written by 'leaflet review': the source blocks this translation matches.\n"


def record_review(path: Path, source: Content) -> str:
    """The text of ``path`` with its ``reviewed:`` line set to the source's fingerprints."""
    text = path.read_text(encoding="utf-8")
    line = f'reviewed: "{" ".join(fingerprints(source))}"\n'
    if REVIEWED_LINE.search(text):
        return REVIEWED_LINE.sub(lambda _: line, text, count=1)
    return text + ("" if text.endswith("\n") else "\n") + "\n" + REVIEWED_COMMENT + line

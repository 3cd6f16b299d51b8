"""Safe YAML loading that keeps the position of every value.

PyYAML's composer gives us nodes with marks; we turn them into :class:`Node`
values that remember where they stand, so any later step can point at the
user's line. Anchors and aliases are refused: a leaflet never needs them, and
refusing them rules out "billion laughs" expansion outright. Nesting is
limited too (:data:`MAX_DEPTH`), counted from the parser's events before any
node is built.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from leaflet.errors import LeafletError, Pos, error
from leaflet.files import NotAFile, read_file

MAX_FILE_BYTES = 1_000_000
# Real leaflets nest fewer than 10 levels. libyaml's composer recurses in C once a level
# and kills the process (segmentation fault) some 35 000 levels down, where no
# RecursionError can catch it; the pure-Python one raises RecursionError near 490.
MAX_DEPTH = 100
MAX_VALUES = 20_000  # keys, texts and list items in one file: a leaflet has a few hundred


@dataclass
class Node:
    """A YAML value with its position.

    ``value`` is a plain scalar, a list of nodes or a dict of str → node.
    ``text`` is a scalar exactly as written (so ``phone: 4020`` or a language
    code ``no`` stay text when text is wanted).
    """

    value: Any
    pos: Pos
    text: str = ""
    style: str | None = None
    where: tuple[tuple[int, int], ...] = ()  # text scalars: (line, col) of each character
    comment: Pos | None = None  # a '#' comment right after an unquoted value: it cuts the text
    key_pos: dict[str, Pos] = field(default_factory=dict)

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not (self.is_map or self.is_list)


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to where they stand."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def load(path: Path) -> Node:
    """Read one YAML file; raise LeafletError with a plain message if it is not usable."""
    shown = display_path(path)
    text = _read_text(path, shown)
    # libyaml accepts a few things PyYAML refuses (a tab after 'key:'); where a tab is,
    # the pure-Python parser decides, so both parsers accept exactly the same files.
    root, loader = (_compose_fast(text, shown) if _FAST and "\t" not in text
                    else (None, None))
    if loader is None:
        root, loader = _compose(text, shown)
    if root is None:
        raise LeafletError([error(Pos(shown, 1, 1), "the file is empty",
                                  "write the keys this file needs, see README.md")])
    _count_values(root, shown)
    problems: list = []
    node = _convert(root, loader, shown, problems)  # recursion stays within MAX_DEPTH
    if problems:
        raise LeafletError(problems)
    return node


_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml: the same YAML, parsed in C


class _Source:
    """The file's text, and where each of its lines starts."""

    def __init__(self, text: str):
        self.source = text
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def _compose_fast(text: str, shown: str):
    """Parse with libyaml; (None, None) on any YAML error, so that the pure-Python
    parser can run again and give its clearer words for it."""
    try:
        # libyaml's parser does not recurse, its composer (below) does: the depth is
        # counted here, and reading stops at the first level too deep.
        anchors, depth = [], 0
        for event in yaml.parse(text, Loader=_FAST):
            if getattr(event, "anchor", None) is not None:
                anchors.append(error(_pos(shown, event.start_mark),
                                     f"YAML anchors and aliases ('&{event.anchor}', "
                                     f"'*{event.anchor}') are not supported",
                                     "write the value out in full"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LeafletError([_too_deep(shown, event.start_mark)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        if anchors:
            raise LeafletError(anchors)
        loader = _FAST(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None, None
    loader.text = _Source(text)
    return root, loader


def _too_deep(shown: str, mark):
    return error(_pos(shown, mark), f"lists or keys are nested more than {MAX_DEPTH} levels "
                 "deep here", "a leaflet needs only a few levels: look for a '[', '{' or '- ' "
                 "repeated by mistake")


def _compose(text: str, shown: str):
    loader = _Loader(text)
    loader.shown_path = shown
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise LeafletError([_syntax_problem(shown, exc, text)]) from None
    except yaml.YAMLError as exc:
        raise LeafletError([error(Pos(shown, 1, 1), f"cannot read this YAML file: {exc}")]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise LeafletError(loader.problems)
    loader.text = _Source(text)
    return root, loader


def _read_text(path: Path, shown: str) -> str:
    pos = Pos(shown, 1, 1)
    try:
        data = read_file(path, MAX_FILE_BYTES)
    except NotAFile as exc:
        raise LeafletError([error(pos, f"the file {exc}")]) from None
    if b"\0" in data:
        raise LeafletError([error(pos, "this is not a text file",
                                  "save it as plain text (UTF-8) from your editor")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LeafletError([error(Pos(shown, line, col), "the file is not UTF-8 text",
                                  "save it as UTF-8 from your editor")]) from None
    # Every line break YAML knows (old Mac \r, U+0085, U+2028, U+2029) as \n: the same
    # lines for YAML as for our line numbers.
    text = _LINE_BREAKS.sub("\n", text)
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise LeafletError([error(Pos(shown, line, col),
                                  f"an invisible control character (U+{ord(bad.group()):04X}) "
                                  "is in the file here", "delete it; it cannot be printed")])
    return text


_LINE_BREAKS = re.compile("\r\n|[\r\u0085\u2028\u2029]")
# What YAML refuses in a file: C0 controls but tab and line feed, DEL, C1 controls, and
# the noncharacters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff"
                      "\ufffe\uffff]")


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases instead of expanding them."""

    shown_path = ""

    def __init__(self, stream):
        super().__init__(stream)
        self.problems = []
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        deeper = isinstance(event, yaml.CollectionStartEvent)
        if deeper and self.depth == MAX_DEPTH:  # before Python's recursion limit, with a place
            raise LeafletError([_too_deep(self.shown_path, event.start_mark)])
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            mark = event.start_mark
            self.problems.append(error(
                Pos(self.shown_path, mark.line + 1, mark.column + 1),
                f"YAML anchors and aliases ('&{anchor}', '*{anchor}') are not supported",
                "write the value out in full"))
            if isinstance(event, yaml.AliasEvent):
                self.get_event()
                return yaml.ScalarNode("tag:yaml.org,2002:null", "", mark, mark)
        self.depth += deeper
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= deeper


def _count_values(root, shown: str) -> None:
    """Refuse a file of more values than any leaflet has, before each is looked at."""
    count, todo = 0, [root]
    while todo:
        node = todo.pop()
        count += 1
        if count > MAX_VALUES:
            raise LeafletError([error(_pos(shown, node.start_mark),
                                      f"the file holds more than {MAX_VALUES} values; a "
                                      "leaflet has a few hundred",
                                      "is this the file you meant? Make two leaflets of it")])
        if isinstance(node, yaml.SequenceNode):  # reversed: popped in the file's order
            todo.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            todo.extend(reversed([value for pair in node.value for value in pair]))


def _pos(shown: str, mark) -> Pos:
    return Pos(shown, mark.line + 1, mark.column + 1)


def _convert(node, loader: _Loader, shown: str, problems: list) -> Node:
    pos = _pos(shown, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except Exception:  # PyYAML's constructors raise many kinds for a value they
            value = node.value  # cannot make ('!!int abc', 2026-02-30): keep the text
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = node.value  # dates and the like: keep the text
        where = _char_positions(loader, node) if isinstance(value, str) else ()
        comment = None
        if not node.style:
            _check_plain_lines(loader, node, shown, problems)
            comment = _comment_after(loader, node, shown)
        return Node(value, pos, text=node.value, style=node.style, where=where, comment=comment)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, loader, shown, problems) for item in node.value], pos)
    mapping: dict[str, Node] = {}
    key_pos: dict[str, Pos] = {}
    for key_node, value_node in node.value:
        kpos = _pos(shown, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(error(kpos, "a key must be a plain word"))
            continue
        key = key_node.value
        if key in mapping:
            first = key_pos[key]
            problems.append(error(kpos, f"duplicate key '{key}' (first given on line {first.line})",
                                  "keep one of them"))
            continue
        mapping[key] = _convert(value_node, loader, shown, problems)
        key_pos[key] = kpos
    return Node(mapping, pos, key_pos=key_pos)


def _check_plain_lines(loader: "_Loader", node, shown: str, problems: list) -> None:
    """An unquoted text whose next line starts with '- ' swallowed a list item
    indented too far: YAML reads it as more of the same text."""
    first, last = node.start_mark.line, node.end_mark.line
    for number in range(first + 1, last + 1):
        start = loader.text.line_starts[number]
        stop = loader.text.source.find("\n", start)
        line = loader.text.source[start:stop if stop >= 0 else None]
        if line.lstrip().startswith("- "):
            col = len(line) - len(line.lstrip()) + 1
            problems.append(error(Pos(shown, number + 1, col),
                                  "this line is read as more of the text above, not as a new item",
                                  "line its '-' up with the '-' of the items above it"))


_COMMENT = re.compile(r"[ \t]+#")


def _comment_after(loader: "_Loader", node, shown: str) -> Pos | None:
    end = node.end_mark
    match = _COMMENT.match(loader.text.source, end.index)  # matched in place: linear
    if not match:
        return None
    return Pos(shown, end.line + 1, end.column + match.end() - end.index)


def _literal_positions(loader, node):
    """A '|' block keeps its lines as they are: line k of the value is the k-th line
    after the header, at the block's indentation. None if the block is not that plain."""
    lines = node.value.split("\n")
    first = node.start_mark.line + 1  # 0-based number of the block's first line
    source_lines = loader.text.line_starts
    if first + len(lines) - 1 > len(source_lines):
        return None
    positions = []
    for k, text in enumerate(lines):
        number = first + k
        if number >= len(source_lines):
            return None
        start = source_lines[number]
        stop = loader.text.source.find("\n", start)
        raw = loader.text.source[start:stop if stop >= 0 else None]
        indent = len(raw) - len(text) if text and raw.endswith(text) else None
        if text and indent is None:
            return None
        column = (indent or 0) + 1
        positions.extend((number + 1, column + i) for i in range(len(text) + 1))
    return tuple(positions[:len(node.value)])


def _char_positions(loader: "_Loader", node) -> tuple[tuple[int, int], ...]:
    """Where each character of a text scalar stands in the file.

    The value's characters are found in order in the source between the node's
    marks; folded line breaks, escapes and indentation are stepped over. Where a
    character cannot be found, the last position found stands in for it.
    """
    if node.style == "|":
        literal = _literal_positions(loader, node)
        if literal is not None:
            return literal
    raw = loader.text.source[node.start_mark.index:node.end_mark.index]
    last = max(len(raw) - 1, 0)
    line, col, done = node.start_mark.line + 1, node.start_mark.column + 1, 0
    positions, at = [], 0
    if node.style in ("|", ">"):
        at = raw.find("\n") + 1  # past the '|' header line
    for char in node.value:
        step = 0
        if node.style == '"' and raw.startswith("\\", at) and not raw.startswith("\\\n", at):
            step = len(_ESCAPE.match(raw, at).group())  # the character is written "\t", "\0"
        elif not char.isspace():
            found = raw.find(char, at, at + 12)
            if found >= 0:
                at = found
            step = 1
        elif node.style == '"' and raw.startswith(char, at):
            step = 1  # a space as written: keep up with it, an escape may follow
        offset = min(at, last)
        if offset > done:  # walk (line, col) forward to offset
            breaks = raw.count("\n", done, offset)
            if breaks:
                line += breaks
                col = offset - raw.rfind("\n", done, offset)
            else:
                col += offset - done
            done = offset
        positions.append((line, col))
        at += step
    return tuple(positions)


# A backslash escape in a double-quoted value: '\\' and what YAML reads after it.
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)?", re.S)


# YAML's own wording, turned into what a volunteer can act on.
_SYNTAX_HINTS = [
    ("while scanning an alias", "a value that starts with '*' must be in double quotes",
     'write it as "**Vigtigt** …" with the quotes'),
    ("while scanning an anchor", "a value that starts with '&' must be in double quotes",
     'write it as "& …" with the quotes'),
    ("expected a single document", "a second YAML document starts here ('---')",
     "a file holds one document: remove the '---' line"),
    ("found character '\\t'", "a tab character here; YAML needs spaces",
     "indent with spaces, not tabs"),
    ("mapping values are not allowed", "a ': ' inside a value confuses YAML",
     "put the whole value in double quotes"),
    ("could not find expected ':'", "a line here is not 'key: value'",
     "check the indentation, or a quote that is not closed"),
    ("found unexpected end of stream", "a quote is never closed",
     "close the quote, or put the value in double quotes"),
    ("found undefined alias", "YAML aliases ('*name') are not supported",
     "write the value out in full"),
    ("expected ',' or ']'", "a list in [ ] is not closed",
     "close it with ']'"),
    ("expected ',' or '}'", "a mapping in { } is not closed",
     "close it with '}'"),
    ("expected <block end>", "the indentation here does not line up",
     "align this line with the lines above it, using spaces"),
    ("did not find expected key", "the indentation here does not line up",
     "align this line with the keys above it, using spaces"),
    ("did not find expected '-' indicator", "a list item is not lined up",
     "start every item of the list with '- ' at the same indentation"),
    ("found unknown escape character", "an unknown backslash escape in a double-quoted value",
     "write \\\\ for a backslash, or use single quotes"),
]


_AT_OPENING = ("found unexpected end of stream", "expected ',' or ']'", "expected ',' or '}'",
               "while scanning an alias", "while scanning an anchor")


def _starts_line(exc: yaml.MarkedYAMLError, source: str) -> bool:
    """Whether the ': ' YAML stumbled on ends the first word of its line (a key out of line)."""
    mark = exc.problem_mark
    line = source.split("\n")[mark.line] if mark else ""
    return bool(re.fullmatch(r"\s+[\w-]+", line[:mark.column])) if mark else False


def _syntax_problem(shown: str, exc: yaml.MarkedYAMLError, source: str = ""):
    mark = exc.problem_mark or exc.context_mark
    pos = _pos(shown, mark) if mark else Pos(shown, 1, 1)
    raw = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if "found character '\\t'" not in raw:  # a tab is said where it is
        from leaflet.source import yaml_mistakes  # only a file YAML cannot read needs it

        slip = yaml_mistakes.find(source, pos.line, raw)
        if slip is not None:
            return error(Pos(shown, slip.line, slip.col), slip.message, slip.hint)
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in raw:
            if needle in _AT_OPENING and exc.context_mark:
                pos = _pos(shown, exc.context_mark)  # where the quote, '[' or '*' opened
            if needle == "mapping values are not allowed" and _starts_line(exc, source):
                return error(pos, "the indentation here does not line up",
                             "align this key with the keys above it, using spaces")
            return error(pos, message, hint)
    return error(pos, f"YAML syntax: {raw}")

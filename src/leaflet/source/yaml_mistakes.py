"""Common slips in a YAML file, found at the line the slip is on.

PyYAML notices a slip only where reading can no longer go on, often lines later: a
quote never closed runs on to the next quote; a text line indented too little ends
the text, and the next line fails. When YAML has stopped, these checks look back
from where it stopped for the slip a person makes, and name its own line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A slip found on a line of a YAML file, and how to mend it."""

    line: int  # from 1
    col: int   # from 1
    message: str
    hint: str


_VALUE_START = re.compile(r"^(\s*(?:-\s+)?[\w-]+:\s+|\s*-\s+)")
_STRUCTURE = re.compile(r"^\s*(?:[\w-]+:(?:\s|$)|-(?:\s|$)|#)")
_BLOCK_HEADER = re.compile(r"^(\s*)(?:-\s+)?(?:[\w-]+:\s+)?[|>][-+0-9]*\s*(?:#.*)?$")


def find(source: str, stopped: int, problem: str) -> Mistake | None:
    """The slip behind YAML's ``problem`` (its words) at line ``stopped`` (from 1), if it
    is one of those a person makes."""
    lines = source.split("\n")
    stopped = min(max(stopped, 1), len(lines))
    for check in (_runaway_quote, _text_after_quote, _dash_without_space, _dedented_text,
                  _key_indented_too_little):
        found = check(lines, stopped, problem)
        if found is not None:
            return found
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _runaway_quote(lines, stopped, problem):
    """A value that opens a quote and never closes it on its line, followed by lines that
    look like keys or items: the quote ran on, and YAML stopped where it was closed by
    another value's quote."""
    for number in range(stopped - 1, 0, -1):
        line = lines[number - 1]
        start = _VALUE_START.match(line)
        if not start or len(line) <= start.end() or line[start.end()] not in "\"'":
            continue
        quote, rest = line[start.end()], line[start.end() + 1:]
        if _closes(rest, quote):
            continue
        # The lines up to where the quote is closed: keys or items among them mean it ran
        # on past its line; plain words are a long quoted text going on, as YAML allows.
        close = next((n for n in range(number, len(lines)) if quote in lines[n]), stopped - 1)
        between = lines[number:max(close + 1, number + 1)]
        if any(_STRUCTURE.match(text) and text.strip() for text in between):
            return Mistake(number, start.end() + 1, "a quote is never closed",
                           "close the quote, or put the value in double quotes")
        return None
    return None


def _closes(rest: str, quote: str) -> bool:
    if quote == "'":
        return bool(re.search(r"(?<!')'(?!')", rest.replace("''", "")))
    return bool(re.search(r'(?<!\\)"', rest))


_QUOTED_THEN_TEXT = re.compile(r"""^(\s*(?:-\s+)?[\w-]+:\s+|\s*-\s+)(["'])([^"'\n]*)\2[ \t]*[^\s#]""")


def _text_after_quote(lines, stopped, problem):
    """'heading: "Anden" behandling': YAML takes the quoted word as the whole value."""
    match = _QUOTED_THEN_TEXT.match(lines[stopped - 1])
    if not match:
        return None
    value = lines[stopped - 1][match.end(1):].rstrip()
    whole = "'" + value.replace("'", "''") + "'" if match.group(2) == '"' else f'"{value}"'
    return Mistake(stopped, match.end(1) + 1,
                   "text follows the closing quote, so YAML cannot read the value",
                   f"put the whole value in quotes: {whole}")


def _dash_without_space(lines, stopped, problem):
    """'-Sygdommen …' among list items: a dash needs a space to start an item."""
    for number in (stopped, stopped - 1):
        if number < 1:
            continue
        line = lines[number - 1]
        match = re.match(r"^(\s*)-([^\s\-].*)$", line)
        if match and _neighbour_is_item(lines, number, len(match.group(1))):
            return Mistake(number, len(match.group(1)) + 1,
                           "a list item starts with '- ' (a dash and a space)",
                           f"write '- {match.group(2).strip()[:30]}'")
    return None


def _neighbour_is_item(lines, number: int, indent: int) -> bool:
    """Whether the line before or after, at the same indentation, is a '- ' item."""
    for other in (number - 1, number + 1):
        if 1 <= other <= len(lines):
            text = lines[other - 1]
            if _indent(text) == indent and re.match(r"\s*-\s", text):
                return True
    return False


def _dedented_text(lines, stopped, problem):
    """A line of a '|' or '>' text indented less than the lines before it: YAML ends the
    text there and cannot read the line as anything else."""
    number = 0
    while number < stopped:
        header = _BLOCK_HEADER.match(lines[number])
        number += 1
        if not header:
            continue
        block_indent = None
        while number < stopped:
            line = lines[number]
            number += 1
            if not line.strip():
                continue
            if block_indent is None:
                block_indent = _indent(line)
                continue
            if _indent(line) >= block_indent:
                continue
            if not _STRUCTURE.match(line) and _indent(line) > _indent(header.group(0)):
                return Mistake(number, _indent(line) + 1,
                               "this line of the text is indented less than the lines above it",
                               f"indent it by {block_indent} spaces, like them")
            number -= 1  # the text ended: this line may open the next one
            break
    return None


def _key_indented_too_little(lines, stopped, problem):
    """'box:' then 'heading:' indented no deeper than 'box' itself, then 'bullets:' deeper:
    the line that is out of step is 'heading', not the one YAML stopped at."""
    if "mapping values are not allowed" not in problem:
        return None
    before = [n for n in range(stopped - 1, 0, -1)
              if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")][:2]
    if len(before) < 2:
        return None
    key, opener = before
    here, key_line, opener_line = lines[stopped - 1], lines[key - 1], lines[opener - 1]
    opener_key = re.match(r"^(\s*(?:-\s+)?)[\w-]+:\s*(?:#.*)?$", opener_line)
    if (opener_key and re.match(r"^\s*[\w-]+:\s", key_line)
            and _indent(key_line) <= len(opener_key.group(1)) < _indent(here)):
        return Mistake(key, _indent(key_line) + 1,
                       "this line is indented less than the lines that belong with it",
                       f"indent it by {_indent(here)} spaces, like the line below it")
    return None

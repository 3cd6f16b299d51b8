"""Problems in a user's files, reported GCC-style: ``path:line:col: error: message``.

Every step that finds something wrong makes a :class:`Problem` and carries on,
so the user sees every problem of a build at once. Only when a step cannot go
on does it raise :class:`LeafletError` with everything found so far.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Pos:
    """Where a value stands in a user's file (line and column count from 1)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One problem in a user's file: where, what, and what to do about it."""

    pos: Pos
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning": reported, but the build goes on

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        # One problem, one line: a line break or control character quoted from the user's
        # text is shown escaped, so editors still read path:line:col.
        text = f"{self.pos}: {self.severity}: {_visible(self.message)}"
        return f"{text} ({_visible(self.hint)})" if self.hint else text


def _visible(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


def error(pos: Pos, message: str, hint: str = "") -> Problem:
    return Problem(pos, message, hint)


def warning(pos: Pos, message: str, hint: str = "") -> Problem:
    return Problem(pos, message, hint, "warning")


class UsageError(Exception):
    """The command line asks for something that is not there (exit status 2)."""


class LeafletError(Exception):
    """One or more problems in the user's files; the build stops."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


class Problems:
    """A collector: steps add problems, and :meth:`check` stops on errors."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, problem: Problem) -> None:
        if problem not in self.items:
            self.items.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    def check(self) -> None:
        """Raise with every problem so far if any of them is an error."""
        if self.errors:
            raise LeafletError(self.items)


def ordered(problems: list[Problem]) -> list[Problem]:
    """The problems as a command shows them: every error, then every warning (each group in
    the order found), and one line for what several builds found at one place.

    The same logo, say, printed at two sizes by two folds gives two messages that differ
    only in their numbers: the first is shown, saying how many more there are.
    """
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        key = (problem.severity, problem.pos, re.sub(r"\d+", "#", problem.message))
        groups.setdefault(key, []).append(problem)
    shown = []
    for same in groups.values():
        first, more = same[0], len(same) - 1
        if more:
            first = replace(first, message=f"{first.message} (and {more} more place"
                                           f"{'s' if more != 1 else ''} like it)")
        shown.append(first)
    return [p for p in shown if p.is_error] + [p for p in shown if not p.is_error]


def summary(problems: list[Problem], outcome: str) -> str:
    """One line after the problems: '2 errors, 1 warning; nothing was written'."""
    shown = ordered(problems)
    count = {severity: sum(p.severity == severity for p in shown)
             for severity in ("error", "warning")}
    parts = [f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in count.items() if n]
    return f"{', '.join(parts)}; {outcome}" if parts else outcome

"""Problems in a user's files, reported GCC-style: ``path:line:col: error: message``.

Every step that finds something wrong makes a :class:`Problem` and carries on,
so the user sees every problem of a build at once. Only when a step cannot go
on does it raise :class:`LeafletError` with everything found so far.
"""
from __future__ import annotations

from dataclasses import dataclass


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

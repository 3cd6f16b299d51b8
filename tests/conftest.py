"""Shared fixtures: a copy of the sample project in a temporary folder, and the CLI."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leaflet.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "leaflets"


@pytest.fixture(autouse=True)
def _deterministic_env(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("LEAFLET_DEBUG", raising=False)
    # One job at a time in-process: forking the test runner for every small build costs more
    # than it saves. tests/test_incremental.py runs the parallel path on purpose.
    monkeypatch.setenv("LEAFLET_JOBS", "1")
    # The leaflet processes the tests start may keep their compiled modules (CI machines
    # often say not to): each would otherwise compile leaflet anew, a fifth of a second.
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the sample leaflets; the current folder is the project root."""
    shutil.copytree(SAMPLES, tmp_path / "leaflets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Run:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def cli(capsys):
    """Run the command line in-process: cli('build', 'mmn') → Run(code, out, err)."""

    def run(*args: str) -> Run:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run

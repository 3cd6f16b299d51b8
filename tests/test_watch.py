"""`leaflet watch` learns of a save from the kernel (inotify) on Linux, polls elsewhere."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from leaflet.build.watch import Inotify, snapshot, watch

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


@linux
def test_every_kind_of_save_is_an_event(tmp_path: Path):
    events = Inotify.start(tmp_path)
    assert events is not None
    assert not events.wait(tmp_path, timeout=0.05)  # nothing happened
    (tmp_path / "da.yaml").write_text("title: A\n")
    assert events.wait(tmp_path, timeout=5)
    assert not events.wait(tmp_path, timeout=0.05)  # the save was read whole
    # An editor that saves by writing a copy and renaming it over the file:
    (tmp_path / ".da.yaml.swp").write_text("title: B\n")
    os.replace(tmp_path / ".da.yaml.swp", tmp_path / "da.yaml")
    assert events.wait(tmp_path, timeout=5)
    (tmp_path / "images").mkdir()
    assert events.wait(tmp_path, timeout=5)
    (tmp_path / "images" / "logo.png").write_bytes(b"new")  # in a folder made since
    assert events.wait(tmp_path, timeout=5)


def test_the_watch_builds_once_at_the_start_and_once_per_change(tmp_path: Path):
    (tmp_path / "da.yaml").write_text("title: A\n")
    calls = []

    def build() -> str:
        calls.append(snapshot(tmp_path))
        if len(calls) == 1:
            (tmp_path / "da.yaml").write_text("title: B, longer\n")
        return "ok"

    lines = []
    watch(build, tmp_path, echo=lambda line, flush: lines.append(line), rounds=3)
    assert len(calls) == 2 and calls[0] != calls[1]
    assert all(line.startswith("ok (") and "done at" in line for line in lines)

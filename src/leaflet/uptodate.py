"""A build with nothing to do, answered in a few milliseconds.

After a build succeeds, the output folder gets a snapshot
(``.leaflet-snapshot.json``): for that command (its leaflets, languages and
options), the size and modification time of every file and folder the build
could have read (all of leaflets/, the fonts, leaflet's own code, images kept
elsewhere), of the outputs and the build record, the day it ran on, and what a
build with nothing to do prints. When the same command finds all of that
unchanged, it prints those lines and stops, before YAML, ReportLab or even our
model is imported. Anything else (a file saved, added or removed, another day)
goes the normal way through the build record (incremental.py), which compares
contents. This module therefore imports nothing of ours.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

SNAPSHOT = ".leaflet-snapshot.json"
KEEP = 8  # commands remembered: `build`, `build mmn --lang da`, …


def request(root: Path, out: Path, ids, langs, proof: bool, preview: bool) -> str:
    """The command, as far as it decides what a build reads and makes."""
    return json.dumps([os.path.abspath(root), os.path.abspath(out), list(ids), list(langs),
                       proof, preview])


def day() -> list[str]:
    """What a text without an 'updated' date prints on its slug."""
    return [time.strftime("%Y-%m-%d"), os.environ.get("SOURCE_DATE_EPOCH", "")]


def stats(paths) -> dict[str, list[int] | None]:
    result: dict[str, list[int] | None] = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            result[path] = None
        else:
            result[path] = [stat.st_mtime_ns, stat.st_size]
    return result


def watched(root: Path, fonts: Path) -> list[str]:
    """Every file and folder the build may read; a folder's time changes when a file
    is added, removed or renamed in it."""
    paths = []
    for folder in (root / "leaflets", fonts, Path(__file__).parent):
        for top, folders, files in os.walk(folder):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            paths.append(top)
            paths += (os.path.join(top, name) for name in sorted(files))
    return paths


def answer(out: Path, key: str) -> dict | None:
    """What the last build of this command printed, if nothing has changed since."""
    try:
        entry = json.loads((out / SNAPSHOT).read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(entry, dict) or entry.get("day") != day():
        return None
    files = entry.get("files")
    if not isinstance(files, dict) or not files or stats(files) != files:
        return None
    return entry.get("say")


def save(out: Path, key: str, before: dict, after: list[Path], say: dict) -> bytes:
    """The snapshot file's new text: ``before`` was taken before the build read
    anything (so a file saved during the build is seen as changed next time);
    ``after`` are the files the build left, taken now."""
    try:
        snapshots = json.loads((out / SNAPSHOT).read_text(encoding="utf-8"))
        if not isinstance(snapshots, dict):
            snapshots = {}
    except (OSError, ValueError):
        snapshots = {}
    snapshots.pop(key, None)
    snapshots[key] = {"day": day(), "files": {**before, **stats(map(str, after))}, "say": say}
    for old in list(snapshots)[:-KEEP]:
        del snapshots[old]
    return json.dumps(snapshots, indent=1).encode("utf-8")

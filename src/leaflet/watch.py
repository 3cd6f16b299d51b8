"""`leaflet watch`: build again whenever a file under leaflets/ is saved.

It looks at the files' modification times twice a second (no extra library,
works on every system and in every editor's way of saving) and never stops on
a broken file: it says what is wrong and waits for the next save.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue  # saved away while we looked: the next look will see it
    return found


def watch(build: Callable[[], str], folder: Path, echo=print, interval: float = 0.5,
          rounds: int | None = None) -> None:
    """Call ``build`` (which returns a one-line summary) now and after every change."""
    seen = None
    while rounds is None or rounds > 0:
        now = snapshot(folder)
        if now != seen:
            seen = now
            started = time.perf_counter()
            summary = build()
            echo(f"{summary} ({time.perf_counter() - started:.1f} s) · watching {folder}, "
                 "Ctrl-C to stop", flush=True)
        if rounds is not None:
            rounds -= 1
        time.sleep(interval)

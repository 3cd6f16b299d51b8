"""`leaflet watch`: build again whenever a file under leaflets/ is saved.

It looks at the files' modification times ten times a second (no extra library,
works on every system and in every editor's way of saving) and never stops on
a broken file: it says what is wrong and waits for the next save.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file's (modification time, size); os.scandir, so ten looks a second cost
    next to nothing."""
    found = {}
    folders = [str(folder)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue  # removed while we looked: the next look will see it
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue  # saved away while we looked: the next look will see it
    return found


def watch(build: Callable[[], str], folder: Path, echo=print, interval: float = 0.1,
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

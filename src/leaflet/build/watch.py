"""`leaflet watch`: build again whenever a file under leaflets/ is saved.

On Linux the kernel tells us of every save (inotify, through the C library: no
extra package), so a rebuild starts a few milliseconds after the editor writes:
at once when the save's last step (the file closed, or renamed into place) is seen,
else after a short quiet.
Elsewhere, or when the kernel refuses (too many watches), it looks at the files'
modification times ten times a second. Either way what decides is the files'
times and sizes: an event only says when to look. It never stops on a broken
file: it says what is wrong and waits for the next save.
"""
from __future__ import annotations

import gc
import os
import select
import struct
import sys
import time
from pathlib import Path
from typing import Callable

POLL = 0.1      # seconds between looks, without events
SETTLE = 0.01   # seconds of quiet after an unfinished save: an editor's save is several writes


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
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue  # saved away while we looked: the next look will see it
    return found


def watch(build: Callable[[], str], folder: Path, echo=print, interval: float = POLL,
          rounds: int | None = None) -> None:
    """Call ``build`` (which returns a one-line summary) now and after every change."""
    events = Inotify.start(folder)
    seen = None
    try:
        while rounds is None or rounds > 0:
            now = snapshot(folder)
            if now != seen:
                seen = now
                _build_and_tell(build, folder, echo)
            if rounds is not None:
                rounds -= 1
            if events is None:
                time.sleep(interval)
            elif events.wait(folder, timeout=1.0) and not events.finished:
                events.wait(folder, timeout=SETTLE)  # the rest of the same save
    finally:
        gc.unfreeze()  # the process goes on: a test's, say


def _build_and_tell(build: Callable[[], str], folder: Path, echo) -> None:
    started = time.perf_counter()
    summary = build()
    took = time.perf_counter() - started
    echo(f"{summary} ({took:.1f} s, done at {time.strftime('%H:%M:%S')}) · watching "
         f"{folder}, Ctrl-C to stop", flush=True)
    # Python's full garbage collection looks through every object the process holds,
    # tens of ms with the caches a watch keeps: done now, while the result is read, and
    # what lives on is set aside (frozen), so that the collections during the next
    # build look only at that build's own objects.
    gc.collect()
    gc.freeze()


class Inotify:
    """Linux's file-system events for every folder under one folder."""

    MASK = (0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800)
    # IN_MODIFY, ATTRIB, CLOSE_WRITE, MOVED_FROM, MOVED_TO, CREATE, DELETE, DELETE_SELF,
    # MOVE_SELF: whatever an editor's save, a copy or a rename does.
    LAST_STEPS = 0x4 | 0x8 | 0x80 | 0x200 | 0x400 | 0x800
    # ATTRIB, CLOSE_WRITE, MOVED_TO, DELETE, DELETE_SELF, MOVE_SELF: a save ends with one;
    # after a MODIFY or CREATE more writes are to come.

    def __init__(self, libc, fd: int):
        self.libc, self.fd = libc, fd
        self.finished = True  # whether the last event read ended a save

    @classmethod
    def start(cls, folder: Path) -> "Inotify | None":
        """Events for ``folder``, or None where the system has none to give."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return None
        if fd < 0:
            return None
        events = cls(libc, fd)
        return events if events.add(folder) else None

    def add(self, folder: Path) -> bool:
        """Watch every folder under ``folder`` (again: new ones are added, known ones
        keep their watch); False when the kernel refuses one."""
        for top, folders, _ in os.walk(folder):
            folders[:] = [f for f in folders if not f.startswith(".")]
            if self.libc.inotify_add_watch(self.fd, os.fsencode(top), self.MASK) < 0:
                return False
        return True

    def wait(self, folder: Path, timeout: float) -> bool:
        """True when something changed within ``timeout`` seconds."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            while data := os.read(self.fd, 65536):
                self.finished = bool(self._last_mask(data) & self.LAST_STEPS)
        except BlockingIOError:
            pass
        self.add(folder)  # a folder made since (images/, say) is watched too
        return True

    @staticmethod
    def _last_mask(data: bytes) -> int:
        """The mask of the last of the events in ``data``: each is a header (watch,
        mask, cookie, length of the name) and the name (man 7 inotify)."""
        at, mask = 0, 0
        while at + 16 <= len(data):
            _, mask, _, length = struct.unpack_from("iIII", data, at)
            at += 16 + length
        return mask

"""Reading the user's files only when they are files, and writing so that no reader
ever sees half of one and a failed build leaves the earlier outputs as they were.

Shared by every stage that reads or writes: builds and booklets their inputs and
outputs, `review` and `new` the user's own files, `schema` the editor schemas.
"""
from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from glob import escape as glob_escape
from pathlib import Path

from leaflet.errors import UsageError


class NotAFile(Exception):
    """A path that cannot be read as a file of ours; the message says why, in plain words."""


def read_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. A FIFO, a device (a link
    to /dev/zero, say) or a folder is refused at once, without waiting or reading
    without end: it is opened without blocking and checked before a byte is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotAFile("is not there") from None
    except IsADirectoryError:
        raise NotAFile("is a folder, not a file") from None
    except OSError as exc:
        raise NotAFile(f"cannot be read ({exc.strerror})") from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise NotAFile("is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile("is not a regular file (a pipe or a device?)")
        if status.st_size > limit:
            raise NotAFile(f"is too large ({_size(status.st_size)}; at most {_size(limit)})")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # as much as the file has (asking for ``limit`` would set that much memory
            # aside for every read), and then whatever it may have grown by
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:
                data += handle.read(limit + 1 - len(data))
    except OSError as exc:
        raise NotAFile(f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while we read
        raise NotAFile(f"is too large (at most {_size(limit)})")
    return data


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{count // 1000} kB"


def rewrite_own_file(path: Path, data: bytes) -> None:
    """Write the user's own file anew (a translation `review` marks): through a link to
    where the file really is, with the file's own permissions, safely on disk."""
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(os.stat(target).st_mode)
    write_all([(target, data)], durable=True, mode=mode)


def write_atomically(path: Path, data: bytes, durable: bool = False) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a PDF."""
    write_all([(path, data)], durable)


def write_all(files, durable: bool = False, mode: int = 0o644) -> None:
    """Write every (path, bytes), all or nothing as far as a file system allows: each goes
    to a temporary file beside its path first, and only when all are written are they
    renamed into place, with Ctrl-C held off for those few renames.

    ``durable`` waits until the disk has each file (fsync) before the rename: for the
    user's own files. Outputs need not wait (a few ms a file): if a power cut loses
    one, the build record, which compares contents and sizes, sees it and the next build
    makes it again."""
    temps: list[tuple[Path, Path]] = []
    path = None
    try:
        for path, data in files:
            with _interrupts_held():  # so no temporary file is made and then forgotten
                temp = _temporary(path)
                temps.append((temp, path))
            with open(temp, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(temp, mode)
    except BaseException as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a folder that is a file, read-only, a full disk
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}; nothing was "
                             "written") from None
        raise
    # A folder where a file should go is the one failure a rename meets that writing the
    # temporary file did not: found before the first rename, so nothing is half replaced.
    blocked = next((path for _, path in temps if path.is_dir() and not path.is_symlink()), None)
    if blocked is not None:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {blocked}: a folder of that name is in the way; "
                         "nothing was written")
    try:
        with _interrupts_held(then_raise=False):  # once the renames begin, the build is done
            for temp, path in temps:
                os.replace(temp, path)
    except OSError as exc:  # a folder where a file should go, say
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files that builds killed outright (their process is gone) left
    anywhere in ``folder``: a kill -9 leaves no half file in place, but its temporaries."""
    for top, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                _remove_if_stale(Path(top) / name)


def _remove_if_stale(temporary: Path) -> None:
    parts = temporary.name[:-len(".tmp")].rsplit(".", 2)  # .<name>, <pid>, <random>
    pid = parts[1] if len(parts) == 3 else ""
    if pid.isdigit() and not _alive(int(pid)):
        temporary.unlink(missing_ok=True)


def _temporary(path: Path) -> Path:
    """A new empty '.<name>.<pid>.<random>.tmp' beside ``path``; first removes those that
    builds killed outright (their process is gone) left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        _remove_if_stale(stale)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                dir=path.parent)
    os.close(fd)
    return Path(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its files alone
    return True


@contextmanager
def _interrupts_held(then_raise: bool = True):
    """Hold Ctrl-C until the block is done, then act on it (``then_raise``) or let it go
    (main thread only; elsewhere nothing to hold)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and then_raise:
        raise KeyboardInterrupt

"""Draw side by side: one function here, the others in forked copies of this process.

A build of one leaflet in one language (a volunteer's rebuild after a change)
would otherwise leave every core but one idle while the print and the screen
PDF are drawn one after the other. The layout is done once, before the fork,
so both copies draw the same lines; each child sends its bytes back through a
pipe. Several jobs at once already keep every core busy (pipeline.run_jobs),
so they do not come here.
"""
from __future__ import annotations

import gc
import os
import signal
from typing import Callable


def can_fork() -> bool:
    return hasattr(os, "fork")


def side_by_side(here: Callable[[], object], *elsewhere: Callable[[], bytes]) -> list:
    """[here(), *(f() for f in elsewhere)], the ``elsewhere`` ones in child processes."""
    # The copies share this process's memory until either writes to it; a collection
    # run in either would write to every object it looks at, and so copy it all.
    gc.freeze()
    children = [_start(task) for task in elsewhere]
    try:
        results = [here()]
        for pid, pipe in children:
            with os.fdopen(pipe, "rb") as reader:
                data = reader.read()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 or not data.startswith(b"ok"):
                raise RuntimeError("drawing in a second process failed: "
                                   + data[2:].decode("utf-8", "replace"))
            results.append(data[2:])
        return results
    except BaseException:
        for pid, _ in children:  # Ctrl-C or a failure here: the copies are not needed
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        raise
    finally:
        gc.unfreeze()


def _start(task: Callable[[], bytes]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # The child: Ctrl-C is the parent's to handle; os._exit, so no buffered output of
    # the parent is printed twice and no cleanup of the parent's runs here.
    os.close(reader)
    gc.disable()  # a short life: no collection needed, none to copy pages for
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        data, status = b"ok" + task(), 0
    except BaseException as exc:  # reported by the parent as an internal error
        data, status = f"no{type(exc).__name__}: {exc}".encode(), 1
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(data)
    os._exit(status)

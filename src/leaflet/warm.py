"""A warm helper process, so that `leaflet build` does not start from nothing each time.

Two thirds of a one-leaflet build is getting ready: starting Python, importing
ReportLab, reading the fonts and the hyphenation patterns. After a build or check,
`leaflet` leaves a helper behind that has done all that once and then waits
(for 15 minutes after the last request). The next `leaflet build`, `check` or
`booklet` hands its command line, folder, environment and terminal to the helper,
which forks a copy of itself to run the command exactly as `leaflet` would
(the same code, the same bytes, the same messages), and passes back its exit status.
Ctrl-C is passed on to the copy.

This is the zygote of Android and Chrome, or the Gradle daemon, made small.
The helper serves one user and one Python; it listens on a Unix socket in
a folder only that user can open (XDG_RUNTIME_DIR, else a private folder in
/tmp), and it retires as soon as it is asked by a different version of leaflet
(or with other fonts). LEAFLET_WARM=0 turns it off (it is off where the variable
CI is set, as CI services do, unless LEAFLET_WARM=1); where there is no fork()
or no passing of file descriptors (Windows), leaflet simply builds in its own
process, as it does whenever the helper cannot be reached.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
import zlib
from pathlib import Path

IDLE_SECONDS = 15 * 60
_INT = struct.Struct("!i")

inside = False  # True in the helper's copies: they must not ask a helper themselves
wanted = False  # set by ask(): no helper answered, so start one after this command
_root = ""  # the project of that command: the helper starts by building from it


def enabled() -> bool:
    # In CI every build is a one-off: a helper would only linger there.
    ci = os.environ.get("CI", "").lower() in ("1", "true")
    return (not inside and os.environ.get("LEAFLET_WARM", "0" if ci else "1") != "0"
            and hasattr(socket, "send_fds") and hasattr(os, "fork"))


def folder() -> Path | None:
    """This user's and this Python's private folder for the socket, or None when no folder
    is private enough to trust (another user could then talk to the helper)."""
    chosen = os.environ.get("LEAFLET_WARM_DIR")
    if not chosen:
        base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
        tag = zlib.crc32(f"{sys.executable}|{sys.version}".encode())
        chosen = os.path.join(base, f"leaflet-{os.getuid()}-{tag:08x}")
    try:
        os.makedirs(chosen, mode=0o700, exist_ok=True)
        info = os.stat(chosen)
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return Path(chosen)


def version() -> str:
    """What the helper's loaded code and fonts were read from: a helper with another
    version must not answer."""
    from . import fonts

    package = Path(__file__).parent
    paths = sorted(str(p) for p in package.rglob("*.py")) + sorted(
        str(fonts.fonts_folder() / name) for name in fonts.FACES.values())
    stats = []
    for path in paths:
        try:
            info = os.stat(path)
            stats.append(f"{path}:{info.st_mtime_ns}:{info.st_size}")
        except OSError:
            stats.append(f"{path}:-")
    return f"{sys.executable}|{sys.version}|" + "|".join(stats)


# --- the command's side ----------------------------------------------------------------

def ask(argv: list[str], root: Path) -> int | None:
    """Have the helper run ``argv`` (a command on the project in ``root``): its exit
    status, or None when no helper took it (the caller then runs the command itself;
    ``wanted`` says whether to start a helper)."""
    global wanted, _root
    if not enabled():
        return None
    _root = os.path.abspath(root)
    place = folder()
    if place is None:
        return None
    wanted = True
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)  # a closed standard stream: run here, where it is handled
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(str(place / "s"))
    except OSError:
        return None
    with client:
        return _talk(client, argv)


def _talk(client: socket.socket, argv: list[str]) -> int | None:
    global wanted
    mask = os.umask(0)
    os.umask(mask)
    message = json.dumps({
        "version": version(), "argv": argv, "cwd": os.getcwd(), "env": dict(os.environ),
        "umask": mask, "encoding": [sys.stdout.encoding, sys.stderr.encoding],
    }).encode()
    pid = None
    stops = []  # signals that came before the copy's pid

    def pass_on(number, frame):
        if pid is None:
            stops.append(number)
            return
        try:
            os.killpg(pid, number)  # the copy and its workers, as a terminal would
        except ProcessLookupError:
            pass  # it has just ended

    code = cpu_ms = peak_kb = None
    # From the moment the copy may exist, Ctrl-C is its to handle, not this process's.
    previous = {number: signal.signal(number, pass_on)
                for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        socket.send_fds(client, [_INT.pack(len(message)) + message], [0, 1, 2])
        pid = _read(client)
        if pid is not None:
            wanted = False
            for number in stops:
                pass_on(number, None)
            code, cpu_ms, peak_kb = _read(client), _read(client), _read(client)
    except OSError:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if pid is None:  # no copy was made (a helper of another version retires)
        if stops:
            raise KeyboardInterrupt
        return None
    if code is None:
        print("leaflet: error: the build stopped before it finished (killed?); "
              "earlier outputs are unchanged", file=sys.stderr)
        return 1
    stats = os.environ.get("LEAFLET_WARM_STATS")  # bench.py: what the copy used
    if stats and cpu_ms is not None and peak_kb is not None:
        with open(stats, "a", encoding="utf-8") as file:
            file.write(f"{cpu_ms} {peak_kb}\n")
    return code


def _read(connection: socket.socket) -> int | None:
    data = b""
    while len(data) < _INT.size:
        more = connection.recv(_INT.size - len(data))
        if not more:
            return None
        data += more
    return _INT.unpack(data)[0]


def start() -> None:
    """Start a helper in the background, on its own, with nothing of ours open."""
    place = folder()
    if place is None:
        return
    try:
        os.posix_spawn(sys.executable,
                       [sys.executable, "-m", "leaflet.warm", str(place), _root],
                       dict(os.environ), setsid=True, file_actions=[
                           (os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0)
                           for fd in (0, 1, 2)])
    except (OSError, AttributeError, NotImplementedError, TypeError):
        pass  # no helper: the next build is a cold one, nothing worse


def stop(place: Path) -> bool:
    """Ask the helper listening in ``place`` to retire; True if one did."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(str(place / "s"))
            message = json.dumps({"version": ""}).encode()
            client.sendall(_INT.pack(len(message)) + message)
            return _read(client) is None
    except OSError:
        return False


# --- the helper's side -----------------------------------------------------------------

def serve(place: Path, root: str = "") -> None:
    import fcntl

    lock = open(place / "lock", "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another helper is starting or running
    lock.truncate(0)
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    mine = version()
    cli = _preload(root)
    path = str(place / "s")
    try:
        os.unlink(path)  # left by a helper that was killed
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    bound = os.stat(path).st_ino
    listener.settimeout(IDLE_SECONDS)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the copies reap themselves
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                return
            with connection:
                if not _serve_one(connection, listener, mine, cli):
                    return
    finally:
        try:
            if os.stat(path).st_ino == bound:  # not a newer helper's socket
                os.unlink(path)
        except OSError:
            pass


def _preload(root: str = ""):
    """Everything a build needs before it starts, done once (then frozen, so the copies
    share it with the helper instead of each copying it)."""
    import gc

    from reportlab.graphics.barcode import qrencoder  # noqa: F401

    from . import (booklet, cli, fonts, html, images, job, pipeline, render,  # noqa: F401
                   styles, tagging, typeset)

    fonts.coverage()
    for lang in ("da", "nl", "en", "de", "sv", "nb", "fr"):
        breaks = styles.hyphenator(lang)
        if breaks:
            list(breaks("behandling"))  # the patterns are read on the first word
    _build_once(pipeline, root)
    gc.collect()
    gc.freeze()
    return cli


def _build_once(pipeline, root: str) -> None:
    """Build one leaflet here, into a folder then removed: the first of the project the
    helper was started from (its logo is on every leaflet), else the sample tri-fold.
    The first build in a process costs twice what the next one does (ReportLab's
    tables for each font and image kind, patterns compiled on first use, the pictures
    scaled): paid here once, not by every copy. Nothing of it can show in a user's
    build: the caches it fills are keyed by what files hold, and the copies give the
    same bytes as a build on its own (tests/test_warm.py)."""
    import contextlib
    import shutil
    import tempfile

    from .fonts import fonts_folder

    for project in (root, str(fonts_folder().parent)):
        try:
            first = pipeline.discover(Path(project))[:1]
        except Exception:
            continue  # not a project (any more): try the next
        if not first:
            continue
        out = tempfile.mkdtemp(prefix="leaflet-warm-")
        jobs = os.environ.get("LEAFLET_JOBS")
        os.environ["LEAFLET_JOBS"] = "1"
        try:
            with open(os.devnull, "w") as nowhere, contextlib.redirect_stdout(nowhere), \
                    contextlib.redirect_stderr(nowhere):
                pipeline.make(Path(project), Path(out), first, [], write=True)
            return
        except Exception:
            continue  # it does not build now: the copies will say why
        finally:
            shutil.rmtree(out, ignore_errors=True)
            if jobs is None:
                os.environ.pop("LEAFLET_JOBS")
            else:
                os.environ["LEAFLET_JOBS"] = jobs


def _serve_one(connection, listener, mine: str, cli) -> bool:
    """Run one command in a copy; False when the helper should retire."""
    connection.settimeout(5)
    try:
        data, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
        if len(data) < _INT.size:
            raise OSError("short")
        size = _INT.unpack(data[:_INT.size])[0]
        data = data[_INT.size:]
        while len(data) < size:
            more = connection.recv(size - len(data))
            if not more:
                raise OSError("short")
            data += more
        request = json.loads(data)
    except (OSError, ValueError):
        return True
    if request.get("version") != mine or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return False
    if os.fork() == 0:
        try:
            listener.close()
            _run(connection, request, fds, cli)
        finally:
            os._exit(1)
    for fd in fds:
        os.close(fd)
    return True


def _run(connection, request: dict, fds: list[int], cli) -> None:
    """In the copy: become the command the user ran, run it, send its exit status."""
    global inside
    inside = True
    os.setpgid(0, 0)  # a process group of its own, as a command run from a shell has
    connection.settimeout(None)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
        os.close(fd)
    out_encoding, err_encoding = request["encoding"]
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", encoding=out_encoding, closefd=False,
                      errors="backslashreplace", buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", encoding=err_encoding, closefd=False,
                      errors="backslashreplace", buffering=1)
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    code = 1
    try:
        connection.sendall(_INT.pack(os.getpid()))  # for the command to pass Ctrl-C on
        os.chdir(request["cwd"])
        sys.argv = ["leaflet", *request["argv"]]
        code = cli.main(request["argv"])
    except SystemExit as exc:  # argparse: --help, a usage error
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are unchanged", file=sys.stderr)
        code = 130
    except OSError as exc:
        print(f"leaflet: error: {exc}", file=sys.stderr)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:
                pass
        try:
            connection.sendall(_INT.pack(code) + _used())
        except OSError:
            pass
        # Nothing it started may outlive it holding the user's terminal (the workers of
        # a build end before this; this is for a bug of ours).
        os.killpg(0, signal.SIGKILL)


def _used() -> bytes:
    """CPU milliseconds and peak memory (KiB) of this copy and the processes it waited for."""
    import resource

    me, children = (resource.getrusage(who)
                    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    return _INT.pack(round(cpu * 1000)) + _INT.pack(max(me.ru_maxrss, children.ru_maxrss))


if __name__ == "__main__":  # `python -m leaflet.warm FOLDER`, as start() runs it
    from leaflet import warm  # the module the rest of leaflet imports, not a second copy

    os.closerange(3, 1 << 16)  # a pipe inherited from whoever ran leaflet stays theirs
    warm.serve(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")

"""The build record: what the output folder holds, from which inputs, made by which tool.

One file, ``output/.leaflet-build.json``, answers two questions:

- **Is a job current?** For every job (a leaflet in a language) it keeps a
  fingerprint of everything that went into it (its files and images, the
  organisation, the options, and :func:`tool_fingerprint`), the files it wrote
  with their hashes, and the warnings it gave. A job whose fingerprint and files
  are unchanged is not run again; its warnings are told again, so a build with
  nothing to do says what a full one says.
- **Has anything at all changed?** For the last few commands (their leaflets,
  languages and options) it keeps the size and modification time of every file
  and folder the build could have read and of the files it left, the day, and
  what it printed. When the same command finds all of that unchanged, it prints
  those lines and stops in a few milliseconds, before YAML, ReportLab or even
  our model is imported. So this module imports nothing of ours but ``settings``
  and the fonts' and profiles' folders, and reads no file's content on that path.

The tool is part of both: our code, the fonts, the press profiles, and the versions of the libraries
that draw (ReportLab, pypdf, Pillow, pyphen, PyYAML, svglib, pypdfium2). Upgrading
any of them builds everything again. ``--force``, or deleting the output folder,
does too.
"""
from __future__ import annotations

import json
import os
import stat
import sys
import time
import zlib
from functools import lru_cache
from pathlib import Path

from leaflet import __version__, settings
from leaflet.layout.fonts import fonts_folder
from leaflet.render.profiles import profiles_folder

RECORD = ".leaflet-build.json"
FORMAT = 2
MAX_RECORD_BYTES = 50_000_000
KEEP = 8  # commands remembered: `build`, `build mmn --lang da`, …
PACKAGE = Path(__file__).resolve().parents[1]
# The libraries whose upgrade can change a PDF, as their .dist-info folders name them.
LIBRARIES = ("reportlab", "pypdf", "pillow", "pyphen", "pyyaml", "svglib", "pypdfium2")


# --- the tool ------------------------------------------------------------------------------


def tool_paths() -> list[str]:
    """Our code, fonts and press profiles, every file and folder (a folder's time changes
    when a file is added, removed or renamed in it)."""
    paths = []
    for folder in (PACKAGE, fonts_folder(), profiles_folder()):
        for top, folders, files in os.walk(folder):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            paths.append(top)
            paths += (os.path.join(top, name) for name in sorted(files))
    return paths


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Each library's installed version, as the name of its .dist-info folder says it
    (``reportlab-4.2.5.dist-info``): one look at each folder of the module search path,
    where importlib.metadata would cost 70 ms."""
    versions = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            name, _, rest = entry.lower().partition("-")
            if rest.endswith(".dist-info") and name in LIBRARIES and name not in versions:
                versions[name] = rest[:-len(".dist-info")]
    return dict(sorted(versions.items()))


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """leaflet's version, code, fonts and profiles, and its libraries' versions.

    Two checksums, not a cryptographic hash: this tells a changed tool from the one that
    built, which no one crafts collisions for, and a build with nothing to do asks it
    before anything else, where OpenSSL's start-up (hashlib) would cost it 4 ms."""
    parts = [__version__, json.dumps(library_versions(), sort_keys=True)]
    parts += (f"{os.path.relpath(path, PACKAGE)}\0{_stat(path)}" for path in tool_paths())
    data = "\0".join(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


# --- jobs ----------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    stat = path.stat()
    return _file_hash(str(path), stat.st_mtime_ns, stat.st_size)


def fingerprint(tool: str, inputs: list[Path], options: dict) -> str:
    """A job's fingerprint: the tool, the options and the content of every input file."""
    import hashlib

    digest = hashlib.sha256(tool.encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    for path in sorted(set(inputs)):
        digest.update(str(path).encode() + b"\0" + file_hash(path).encode())
    return digest.hexdigest()


class Record:
    """The record of one output folder, as read at the start of a build."""

    def __init__(self, out: Path):
        self.out = out
        self.path = out / RECORD
        data = _load(self.path)  # None: no record, or a damaged one: build everything
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and isinstance(data.get("jobs"), dict) and isinstance(data.get("commands"), dict)):
            data = {"jobs": {}, "commands": {}}
        self.jobs: dict = data["jobs"]
        self.commands: dict = data["commands"]

    def is_current(self, name: str, fingerprint: str, outputs: list[Path]) -> bool:
        entry = self.jobs.get(name)
        if not isinstance(entry, dict) or entry.get("fingerprint") != fingerprint:
            return False
        recorded = entry.get("outputs")
        if not isinstance(recorded, dict):
            return False
        for path in outputs:
            key = path.relative_to(self.out).as_posix()
            if key not in recorded or not path.is_file() or file_hash(path) != recorded[key]:
                return False
        return True

    def problems(self, name: str) -> list:
        from leaflet.errors import Pos, Problem

        return [Problem(Pos(*p["pos"]), p["message"], p["hint"], p["severity"])
                for p in self.jobs.get(name, {}).get("problems", [])]

    def update(self, name: str, fingerprint: str, outputs: dict[Path, bytes],
               problems: list) -> None:
        import hashlib

        self.jobs[name] = {
            "fingerprint": fingerprint,
            "outputs": {path.relative_to(self.out).as_posix(): hashlib.sha256(data).hexdigest()
                        for path, data in outputs.items()},
            "problems": [{"pos": [p.pos.path, p.pos.line, p.pos.col], "message": p.message,
                          "hint": p.hint, "severity": p.severity} for p in problems],
        }

    def remember(self, command: str, tool: str, before: dict, after: list[Path],
                 say: dict) -> None:
        """What ``command`` read (``before``: stats taken before it read anything, so a file
        saved during the build counts as changed) and wrote (``after``, taken now), with
        which tool, and what it said."""
        self.commands.pop(command, None)
        self.commands[command] = {"day": _day(), "tool": tool,
                                  "files": {**before, **stats(map(str, after))}, "say": say}
        for old in list(self.commands)[:-KEEP]:
            del self.commands[old]

    def text(self) -> bytes:
        return json.dumps({"format": FORMAT, "jobs": self.jobs, "commands": self.commands},
                          indent=1, sort_keys=True).encode("utf-8")


# --- commands with nothing to do -----------------------------------------------------------


def command(root: Path, out: Path, ids, langs, proof: bool, preview: bool) -> str:
    """The command, as far as it decides what a build reads and makes."""
    return json.dumps([os.path.abspath(root), os.path.abspath(out), list(ids), list(langs),
                       proof, preview])


def stats(paths) -> dict[str, list | None]:
    return {path: _stat(path) for path in paths}


def watched(root: Path, inputs=()) -> dict[str, list | None]:
    """The stats of every file and folder under leaflets/ and of ``inputs`` (images kept
    elsewhere): a folder's time changes when a file is added, removed or renamed in it."""
    paths = [str(path) for path in inputs]
    for top, folders, files in os.walk(root / "leaflets"):
        folders.sort()
        paths.append(top)
        paths += (os.path.join(top, name) for name in sorted(files))
    return stats(paths)


def answer(out: Path, command: str, tool: str) -> dict | None:
    """What the last build of ``command`` printed, if nothing has changed since; else None."""
    try:
        entry = _load(out / RECORD)["commands"][command]
        files, say = entry["files"], entry["say"]
        if entry["day"] != _day() or entry["tool"] != tool:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, dict) or not files or not isinstance(say, dict):
        return None
    return say if stats(files) == files else None


def _load(path: Path):
    """The record's JSON, or None. Only a regular file of sane size is opened: the output
    folder is the user's too, and a pipe there must not hang a build."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_RECORD_BYTES:
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _day() -> list[str]:
    """What a text without an 'updated' date prints on its slug."""
    date = settings.source_date()
    return [time.strftime("%Y-%m-%d"), date.isoformat() if date else ""]


def _stat(path: str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]

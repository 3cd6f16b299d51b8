"""Rebuild only what changed.

The output folder keeps a record (``.leaflet-build.json``) of every job it
built: a fingerprint of everything that went into it (the leaflet's files,
images, organisation, fonts, the tool's own code and the options), the files
it wrote with their hashes, and the warnings it gave. A job whose fingerprint
and files are unchanged is not run again; its warnings are told again, so a
no-op build says what a full one says. Deleting the output folder, or
``--force``, builds everything.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .errors import Pos, Problem

RECORD = ".leaflet-build.json"
FORMAT = 1


@lru_cache(maxsize=None)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    stat = path.stat()
    return _file_hash(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def tool_hash() -> str:
    """Our own code and fonts: a changed tool rebuilds everything."""
    from . import __version__, fonts

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")) + sorted(fonts.fonts_folder().glob("*.ttf")):
        digest.update(path.name.encode() + file_hash(path).encode())
    return digest.hexdigest()


def fingerprint(inputs: list[Path], options: dict) -> str:
    digest = hashlib.sha256(tool_hash().encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    for path in sorted(set(inputs)):
        digest.update(str(path).encode() + b"\0" + file_hash(path).encode())
    return digest.hexdigest()


class Record:
    """What the output folder holds, and from which inputs."""

    def __init__(self, out: Path):
        self.out = out
        self.path = out / RECORD
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.jobs = data["jobs"] if data.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.jobs = {}  # no record, or a damaged one: build everything

    def is_current(self, name: str, fingerprint: str, outputs: list[Path]) -> bool:
        entry = self.jobs.get(name)
        if not entry or entry.get("fingerprint") != fingerprint:
            return False
        recorded = entry.get("outputs", {})
        for path in outputs:
            key = path.relative_to(self.out).as_posix()
            if key not in recorded or not path.is_file() or file_hash(path) != recorded[key]:
                return False
        return True

    def problems(self, name: str) -> list[Problem]:
        return [Problem(Pos(*p["pos"]), p["message"], p["hint"], p["severity"])
                for p in self.jobs.get(name, {}).get("problems", [])]

    def update(self, name: str, fingerprint: str, outputs: dict[Path, bytes],
               problems: list[Problem]) -> None:
        self.jobs[name] = {
            "fingerprint": fingerprint,
            "outputs": {path.relative_to(self.out).as_posix(): hashlib.sha256(data).hexdigest()
                        for path, data in outputs.items()},
            "problems": [{"pos": [p.pos.path, p.pos.line, p.pos.col], "message": p.message,
                          "hint": p.hint, "severity": p.severity} for p in problems],
        }

    def text(self) -> bytes:
        return json.dumps({"format": FORMAT, "jobs": self.jobs}, indent=1,
                          sort_keys=True).encode("utf-8")

"""Where the press profiles are, and their bytes. Kept apart from colour.py, which needs
ReportLab and Pillow, because a build with nothing to do (build/record.py) looks at the
profiles' folder without importing either."""
from __future__ import annotations

import functools
from pathlib import Path


def profiles_folder() -> Path:
    """The profiles: package data leaflet/profiles/ of an installed leaflet (pyproject.toml
    maps the checkout's profiles/ there); in an editable install the checkout's own."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "profiles"
    return packaged if packaged.is_dir() else package.parents[1] / "profiles"


@functools.cache
def profile_bytes(name: str) -> bytes:
    return (profiles_folder() / f"{name}.icc").read_bytes()

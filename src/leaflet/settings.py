"""The environment variables leaflet reads, in one place.

Each is read when asked for, not at import, so a test or a `watch` sees a change.
"""
from __future__ import annotations

import os


def jobs() -> int | None:
    """LEAFLET_JOBS=N: at most N leaflets built at once (1: one after another);
    None, when unset or not a positive number: one per core."""
    wanted = os.environ.get("LEAFLET_JOBS", "")
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else None


def source_date():
    """The datetime.date of SOURCE_DATE_EPOCH (seconds since 1970, as reproducible builds
    set it); None when unset or not a date (milliseconds, say)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit() or len(epoch) > 11:
        return None
    import datetime as dt  # here, not above: a build with nothing to do needs none of it

    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def debug() -> bool:
    """LEAFLET_DEBUG: show the traceback of an internal error."""
    return bool(os.environ.get("LEAFLET_DEBUG"))


def in_ci() -> bool:
    """CI=true or 1, as CI services set it: no progress line."""
    return os.environ.get("CI", "").lower() in ("1", "true")

"""leaflet: typeset printable, fold-ready leaflets from YAML."""

__all__ = ["build", "check"]
__version__ = "0.1.0"


def build(root=".", out=None, ids=(), langs=()):
    """Build the leaflets under ``root``; returns the written paths. Raises LeafletError."""
    from pathlib import Path

    from .pipeline import make
    return make(Path(root), Path(out) if out else None, ids, langs).written


def check(root=".", ids=(), langs=()):
    """Check the leaflets under ``root``; returns the warnings. Raises LeafletError."""
    from pathlib import Path

    from .pipeline import make
    return make(Path(root), None, ids, langs, write=False).problems.warnings

"""JSON Schemas of the files users write, generated from the field tables (fields.py).

Editors that speak YAML (VS Code with the YAML extension, JetBrains IDEs, …)
read the first-line comment ``# yaml-language-server: $schema=…`` and then
complete keys, show the help and flag mistakes while one types.
"""
from __future__ import annotations

import json
from pathlib import Path

from leaflet.source import fields as F

BASE = "https://leaflet.invalid/schemas"  # an id, never fetched: the files are local
FILES = {  # schema name → (title, table)
    "organisation": ("leaflets/organisation.yaml: who publishes", F.ORGANISATION),
    "leaflet": ("leaflets/<id>/leaflet.yaml: the format of a leaflet", F.LEAFLET),
    "content": ("leaflets/<id>/<language>.yaml: a leaflet's text", F.CONTENT),
    "booklet": ("leaflets/booklets/<name>.yaml: a booklet of leaflets", F.BOOKLET),
}
NAMES = tuple(FILES)
PATTERNS = {
    "length": r"^\s*\d+(\.\d+)?\s*(mm|cm|in|pt)\s*$",
    "size": r"^\s*\d+(\.\d+)?\s*(%|mm|cm|in|pt)\s*$",
    "colour": r"^#[0-9a-fA-F]{6}$",
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "url": r"^https://",
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
}
# A number or yes/no where text is wanted is read as the text it was written as.
TEXTUAL = {"type": ["string", "number", "boolean"]}


def schema(name: str) -> dict:
    title, table = FILES[name]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{BASE}/{name}.schema.json", "title": title, **_object(table)}


def _object(table: dict) -> dict:
    out = {"type": "object", "additionalProperties": False,
           "properties": {key: _value(spec) for key, spec in table.items()}}
    if F.required(table):
        out["required"] = list(F.required(table))
    return out


def _value(spec: F.Field) -> dict:
    out: dict = {"description": spec.help} if spec.help else {}
    if spec.kind in PATTERNS:
        out.update(type="string", pattern=PATTERNS[spec.kind])
    elif spec.choices:
        out["enum"] = list(spec.choices)
    elif spec.kind == "list":
        out.update(type="array", items=_value(spec.items))
    elif spec.kind == "map":
        out.update(_object(spec.fields))
    elif spec.kind == "blocks":
        out.update(type="array", items={"oneOf": [
            {**_object({kind: F.Field(block.kind, block.help, True, block.choices,
                                      block.items, block.fields)}),
             "description": block.help}
            for kind, block in F.BLOCKS.items()]})
    else:  # text, string, path
        out.update(TEXTUAL)
    return out


def text(name: str) -> str:
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def write(leaflets: Path) -> list[Path]:
    """Write (or refresh) leaflets/schemas/*.schema.json; the paths that changed."""
    from leaflet.files import write_all

    changed = stale(leaflets)
    write_all(changed.items(), durable=True)
    return list(changed)


def stale(leaflets: Path) -> dict[Path, bytes]:
    """The schema files that are missing or out of date, with what they should hold."""
    found = {}
    for name in NAMES:
        path = leaflets / "schemas" / f"{name}.schema.json"
        data = text(name).encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            found[path] = data
    return found


def modeline(name: str, depth: int) -> str:
    """The first line that points an editor at the schema from a file ``depth`` folders
    below leaflets/."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{name}.schema.json\n"

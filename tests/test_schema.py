"""The JSON Schemas editors use, generated from the same table the tool checks with."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

from leaflet.source import editor_schemas as ours  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "leaflets"


def validator(name):
    return jsonschema.Draft202012Validator(ours.schema(name))


def test_the_committed_schemas_are_the_generated_ones():
    for name in ours.NAMES:
        committed = (SAMPLES / "schemas" / f"{name}.schema.json").read_text()
        assert committed == ours.text(name), f"run: leaflet schema ({name} is out of date)"


def sample_files():
    yield "organisation", SAMPLES / "organisation.yaml"
    for folder in sorted(p for p in SAMPLES.iterdir() if (p / "leaflet.yaml").is_file()):
        yield "leaflet", folder / "leaflet.yaml"
        for path in sorted(folder.glob("*.yaml")):
            if path.name != "leaflet.yaml":
                yield "content", path
    for path in sorted((SAMPLES / "booklets").glob("*.yaml")):
        yield "booklet", path


@pytest.mark.parametrize("name,path", list(sample_files()), ids=lambda v: str(v)[-20:])
def test_every_sample_file_is_valid_and_points_at_its_schema(name, path):
    text = path.read_text()
    depth = len(path.relative_to(SAMPLES).parts) - 1
    assert text.startswith(ours.modeline(name, depth))
    assert (path.parent / ours.modeline(name, depth).split("=")[1].strip()).resolve().is_file()
    validator(name).validate(yaml.safe_load(text))


EVERYTHING = """\
title: T
subtitle: S
updated: "2026-01-31"
cover: {text: Hello}
hyphenation: [Pa-tient]
content:
  - heading: H
  - text: Some **text**.
  - bullets: [a, b]
  - references: [r]
  - box: {heading: B, text: t, bullets: [x]}
  - break: panel
back:
  - contact: organisation
"""


@pytest.mark.parametrize("edit,valid", [
    (lambda s: s, True),
    (lambda s: s.replace("bullets: [a, b]", "bulets: [a, b]"), False),
    (lambda s: s.replace("title: T\n", ""), False),
    (lambda s: s.replace("break: panel", "break: page"), False),
    (lambda s: s.replace('"2026-01-31"', "31-01-2026"), False),
    (lambda s: s.replace("cover: {text: Hello}", "cover: {txt: Hello}"), False),
    (lambda s: s.replace("box: {heading: B,", "box: {header: B,"), False),
])
def test_the_schema_and_the_tool_agree(project, cli, edit, valid):
    text = edit(EVERYTHING)
    schema_ok = validator("content").is_valid(yaml.safe_load(text))
    (project / "leaflets" / "mmn" / "da.yaml").write_text(text)
    assert (schema_ok, cli("check", "mmn", "--lang", "da").code == 0) == (valid, valid)


@pytest.mark.parametrize("name,document,valid", [
    ("leaflet", {"fold": "zfold", "paper": "letter", "bleed": "0.125in", "columns": 2,
                 "print": {"marks": [], "duplex": "long-edge"}}, True),
    ("leaflet", {"fold": "gatefold"}, False),
    ("leaflet", {"bleed": "3"}, False),
    ("organisation", {"name": "X", "colours": {"primary": "#12345"}}, False),
    ("organisation", {"website": "https://x.org"}, False),
])
def test_leaflet_and_organisation_schemas(name, document, valid):
    assert validator(name).is_valid(document) == valid


def test_schema_command_writes_and_then_says_up_to_date(project, cli):
    import shutil

    shutil.rmtree(project / "leaflets" / "schemas")
    assert cli("schema").out.count("wrote ") == 4
    assert cli("schema").out == "the schemas are up to date\n"
    assert json.loads((project / "leaflets/schemas/content.schema.json").read_text())["title"]

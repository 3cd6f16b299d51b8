"""Rebuild only what changed; build in parallel with the same result; start fast."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ALL = 15  # mmn in da, en, nl, forening in da, mmn-clinic in en: print, screen and HTML each
RECORD = ".leaflet-build.json"


def written(run):
    return sorted(Path(line.split(" ", 1)[1]).name for line in run.out.splitlines()
                  if line.startswith("wrote "))


def test_a_noop_build_writes_nothing_and_repeats_the_warnings(project, cli):
    first = cli("build")
    assert len(written(first)) == ALL
    stamps = {p: p.stat().st_mtime_ns for p in (project / "output").rglob("*.pdf")}
    again = cli("build")
    assert written(again) == []
    assert f"{ALL} files up to date (--force builds them again)" in again.out
    assert again.err == first.err  # the same warnings, in the same order
    assert {p: p.stat().st_mtime_ns for p in (project / "output").rglob("*.pdf")} == stamps


def test_changing_the_danish_text_rebuilds_only_the_danish_outputs(project, cli):
    assert cli("build").code == 0
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er ikke arvelig!"))
    assert written(cli("build")) == ["mmn-da-print.pdf", "mmn-da-screen.pdf", "mmn-da.html"]


def test_a_changed_image_or_organisation_rebuilds_what_uses_it(project, cli):
    assert cli("build").code == 0
    image = project / "leaflets" / "forening" / "images" / "nerve.png"
    image.write_bytes(image.read_bytes() + b"\0")  # same picture, other bytes
    assert written(cli("build")) == ["forening-da-print.pdf", "forening-da-screen.pdf", "forening-da.html"]
    org = project / "leaflets" / "organisation.yaml"
    org.write_text(org.read_text().replace("40 200 290", "40 200 291"))
    assert len(written(cli("build"))) == ALL - 3  # not the clinic's leaflet: it has its own publisher


def test_force_a_deleted_output_or_a_deleted_folder_build_again(project, cli):
    assert cli("build").code == 0
    assert len(written(cli("build", "--force"))) == ALL
    (project / "output" / "mmn" / "mmn-en-print.pdf").unlink()
    assert written(cli("build")) == ["mmn-en-print.pdf", "mmn-en-screen.pdf", "mmn-en.html"]
    (project / "output" / "mmn" / "mmn-nl-screen.pdf").write_bytes(b"%PDF-1.4 damaged")
    assert written(cli("build")) == ["mmn-nl-print.pdf", "mmn-nl-screen.pdf", "mmn-nl.html"]
    import shutil

    shutil.rmtree(project / "output")
    assert len(written(cli("build"))) == ALL


def test_proofs_are_built_when_first_asked_for(project, cli):
    assert cli("build", "mmn", "--lang", "da").code == 0
    assert written(cli("build", "mmn", "--lang", "da", "--proof")) == [
        "mmn-da-print.pdf", "mmn-da-proof.pdf", "mmn-da-screen.pdf", "mmn-da.html",
        "mmn-foldtest.pdf"]
    assert written(cli("build", "mmn", "--lang", "da")) == []


def leaflet(project, *args, jobs="1"):
    env = {**os.environ, "LEAFLET_JOBS": jobs}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def test_parallel_and_serial_builds_give_the_same_bytes_and_messages(project):
    serial = leaflet(project, "-m", "leaflet", "build", "--out", "serial", jobs="1")
    parallel = leaflet(project, "-m", "leaflet", "build", "--out", "parallel", jobs="2")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert serial.stderr == parallel.stderr
    assert serial.stdout.replace("serial", "X") == parallel.stdout.replace("parallel", "X")
    files = sorted(p.relative_to(project / "serial") for p in (project / "serial").rglob("*.*")
                   if p.name != RECORD)
    assert len(files) == ALL
    for name in files:
        assert (project / "serial" / name).read_bytes() == (project / "parallel" / name).read_bytes()
    # The build record agrees too, but for the file times of what each command read and left.
    serial_record, parallel_record = (json.loads((project / out / RECORD).read_text())
                                      for out in ("serial", "parallel"))
    assert serial_record["jobs"] == parallel_record["jobs"]


def imports(run) -> set[str]:
    return {line.split("|")[-1].strip() for line in run.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["--help"], ["check"], ["build"]])
def test_help_check_and_a_noop_build_do_not_import_reportlab_or_pypdf(project, args):
    assert leaflet(project, "-m", "leaflet", "build").returncode == 0  # so check/build are no-ops
    run = leaflet(project, "-X", "importtime", "-m", "leaflet", *args)
    assert run.returncode == 0, run.stderr
    imported = {name.split(".")[0] for name in imports(run)}
    assert "leaflet" in imported
    assert not {"reportlab", "pypdf", "PIL", "pyphen"} & imported


def test_a_noop_build_is_answered_from_the_record_before_any_yaml_is_read(project):
    assert leaflet(project, "-m", "leaflet", "build").returncode == 0
    run = leaflet(project, "-X", "importtime", "-m", "leaflet", "build")
    assert run.returncode == 0, run.stderr
    assert f"{ALL} files up to date" in run.stdout
    assert {"leaflet.cli", "leaflet.build.record"} <= imports(run)
    assert not {"yaml", "leaflet.model", "leaflet.build.make", "dataclasses",
                "importlib.metadata", "socket"} & imports(run)


def forget_commands(out: Path) -> None:
    """The record without what earlier commands saw: the next build checks every file."""
    path = out / RECORD
    data = json.loads(path.read_text())
    data["commands"] = {}
    path.write_text(json.dumps(data))


def test_the_quick_answer_is_exactly_what_a_full_noop_check_says(project, cli):
    da = project / "leaflets" / "mmn" / "da.yaml"  # the translations now lag: warnings
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er ikke arvelig!"))
    first = cli("build", "mmn", "forening", "-v")
    assert first.code == 0 and "warning" in first.err
    fast = cli("build", "mmn", "forening", "-v")
    forget_commands(project / "output")
    slow = cli("build", "mmn", "forening", "-v")  # loads and compares every file
    assert (fast.code, fast.out, fast.err) == (slow.code, slow.out, slow.err)
    assert fast.err == first.err
    assert fast.out.count("up to date: output/") == ALL - 3  # mmn and forening


def test_whatever_changed_the_quick_answer_gives_way_to_the_full_check(project, cli):
    from leaflet.build import record

    assert cli("build").code == 0
    da = project / "leaflets" / "mmn" / "da.yaml"
    os.utime(da)  # saved again, unchanged: checked in full, nothing built
    run = cli("build")
    assert written(run) == [] and f"{ALL} files up to date" in run.out
    (project / "leaflets" / "mmn" / "de.yaml").write_text(da.read_text())  # a new file
    spec = project / "leaflets" / "mmn" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace("languages: [da, en, nl]",
                                             "languages: [da, en, nl, de]"))
    run = cli("build")  # leaflet.yaml changed: all of mmn, none of forening
    assert "mmn-de-print.pdf" in written(run) and len(written(run)) == 12
    (project / "output" / "mmn" / "mmn-en.html").unlink()
    assert written(cli("build")) == ["mmn-en-print.pdf", "mmn-en-screen.pdf", "mmn-en.html"]
    key = record.command(Path("."), Path("output"), [], [], False, False)
    tool = record.tool_fingerprint()
    assert record.answer(Path("output"), key, tool) is not None
    os.environ["SOURCE_DATE_EPOCH"] = "0"  # another day (the fixture removes it again)
    assert record.answer(Path("output"), key, tool) is None
    del os.environ["SOURCE_DATE_EPOCH"]
    assert record.answer(Path("output"), record.command(
        Path("."), Path("output"), ["mmn"], [], False, False), tool) is None  # another command
    assert record.answer(Path("output"), key, "another tool") is None


def test_an_upgraded_library_builds_everything_again(project, cli, monkeypatch):
    """The tool's fingerprint holds the versions of the libraries that draw: a new
    ReportLab may set a line differently, so nothing built by the old one is current."""
    from leaflet.build import record

    versions = record.library_versions()
    assert {"reportlab", "pypdf", "pillow", "pyphen"} <= set(versions)
    assert all(version[0].isdigit() for version in versions.values()), versions
    assert len(written(cli("build"))) == ALL
    assert written(cli("build")) == []
    monkeypatch.setattr(record, "library_versions",
                        lambda: {**versions, "reportlab": versions["reportlab"] + ".post1"})
    record.tool_fingerprint.cache_clear()
    try:
        assert len(written(cli("build"))) == ALL
    finally:
        record.tool_fingerprint.cache_clear()


@pytest.mark.parametrize("argv", [
    ["build"], ["build", "-q"], ["build", "mmn", "forening", "--verbose"],
    ["build", "--lang", "da,en", "mmn"], ["build", "--lang=nl", "--force", "--proof", "--preview"],
    ["build", "--out", "elsewhere", "--root=proj", "-v", "-q"],
    ["build", "--lang", ""], ["build", "-q", "mmn", "forening"]])
def test_a_plain_build_is_read_as_argparse_reads_it(argv):
    from leaflet.cli import parser, plain_build

    assert vars(plain_build(argv)) == vars(parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["check"], [], ["build", "--help"], ["build", "-qv"], ["build", "--prev"], ["build", "--"],
    ["build", "--lang"], ["build", "--lang", "-q"], ["build", "mmn", "-q", "forening"],
    ["build", "--unknown"], ["build", "-"], ["build", "--out="], ["build", "--out", " "]])
def test_anything_else_is_left_to_argparse(argv):
    from leaflet.cli import plain_build

    assert plain_build(argv) is None

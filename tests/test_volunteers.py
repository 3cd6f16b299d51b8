"""For volunteers: a new leaflet that builds at once, and a watch that survives mistakes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest


@pytest.mark.parametrize("fold,lang", [("trifold", "da"), ("zfold", "en"), ("bifold", "nl")])
def test_new_leaflet_builds_at_once(tmp_path, monkeypatch, cli, fold, lang):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leaflets").mkdir()
    run = cli("new", "cidp", "--fold", fold, "--lang", lang)
    assert run.code == 0, run.err
    assert "created leaflets/cidp/leaflet.yaml" in run.out.replace(str(tmp_path) + "/", "")
    assert (tmp_path / "leaflets" / "organisation.yaml").is_file()
    build = cli("build")
    assert build.code == 0, build.err
    # Not a warning, but the one a skeleton of a few lines earns: too short for its fold.
    *warnings, summary = build.lines
    assert warnings and all(": warning: " in line and "add text" in line for line in warnings)
    assert summary == f"{len(warnings)} warning{'s' if len(warnings) > 1 else ''}; nothing stopped the build"
    pages = len(pypdf.PdfReader(tmp_path / "output" / "cidp" / f"cidp-{lang}-screen.pdf").pages)
    assert pages == (4 if fold == "bifold" else 6)


def test_new_refuses_to_overwrite_and_bad_names(project, cli):
    run = cli("new", "mmn")
    assert (run.code, run.lines) == (2, ["leaflet: error: leaflets/mmn exists already; "
                                         "choose another name"])
    assert cli("new", "My Leaflet").code == 2
    assert cli("new", "x", "--lang", "qq").code == 2
    assert cli("new", "x", "--fold", "gatefold").code == 2


class Watcher:
    """`leaflet watch` in a subprocess, with its output read line by line."""

    def __init__(self, root: Path):
        env = {**os.environ, "LEAFLET_JOBS": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "leaflet", "watch", "mmn", "--lang", "da"], cwd=root,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def next_summary(self, timeout=30) -> list[str]:
        """The lines up to and including the next summary line."""
        lines, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if "watching" in line:
                return lines
        raise AssertionError(f"no summary in time: {lines}")

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=30)
        return self.process.returncode, out


def test_watch_survives_broken_and_fixed_files_in_turn(project):
    da = project / "leaflets" / "mmn" / "da.yaml"
    good = da.read_text()
    watcher = Watcher(project)
    try:
        assert watcher.next_summary()[-1].startswith("ok: 3 written, 0 up to date")
        time.sleep(0.05)
        da.write_text(good.replace("title: MMN", "title: [MMN"))  # a broken save
        lines = watcher.next_summary()
        assert any("leaflets/mmn/da.yaml:" in l and "error:" in l for l in lines), lines
        assert "nothing written, waiting for a fix" in lines[-1]
        da.write_text(good.replace("title: MMN", "titel: MMN"))  # broken another way
        assert "unknown key 'titel'" in "\n".join(watcher.next_summary())
        da.write_text(good.replace("MMN er ikke arvelig.", "MMN er ikke arvelig!"))  # fixed
        assert watcher.next_summary()[-1].startswith("ok: 3 written")
    finally:
        code, rest = watcher.stop()
    assert code == 0 and "Traceback" not in rest and "stopped watching" in rest


def test_previews_show_each_panel_and_the_folded_leaflet(project, cli):
    from PIL import Image, ImageChops

    from pdfcheck import render

    assert cli("build", "mmn", "--lang", "en", "--preview").code == 0
    folder = project / "output" / "mmn" / "preview"
    names = sorted(p.name for p in folder.glob("*.png"))
    assert names == sorted(f"mmn-en-{n}.png" for n in [
        "panel-cover", "panel-flap", "panel-inside-left", "panel-inside-middle",
        "panel-inside-right", "panel-back", "closed", "opened", "inside", "back"])
    screen = project / "output" / "mmn" / "mmn-en-screen.pdf"
    for page, panel in enumerate(["cover", "flap", "inside-left"]):
        preview = Image.open(folder / f"mmn-en-panel-{panel}.png").convert("RGB")
        fresh = render(screen, page, scale=110 / 72)
        assert preview.size == fresh.size
        assert ImageChops.difference(preview, fresh).getbbox() is None  # the PDF, exactly
    closed = Image.open(folder / "mmn-en-closed.png")
    inside = Image.open(folder / "mmn-en-inside.png")
    assert closed.size == Image.open(folder / "mmn-en-panel-cover.png").size
    widths = [Image.open(folder / f"mmn-en-panel-inside-{p}.png").width
              for p in ("left", "middle", "right")]
    assert inside.width == sum(widths) + 2 * 3


def test_quiet_says_only_what_is_wrong_and_verbose_lists_everything(project, cli):
    quiet = cli("build", "--quiet")
    assert (quiet.code, quiet.out) == (0, "")
    assert all(": warning: " in line for line in quiet.lines)  # warnings still shown
    verbose = cli("build", "--verbose")
    assert verbose.out.count("up to date: ") == 15
    assert "[1/" not in quiet.err + verbose.err  # no progress line when not on a terminal


def test_a_closed_pipe_is_not_an_error(project):
    run = subprocess.run(f"{sys.executable} -m leaflet build -v | head -1", shell=True,
                         cwd=project, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr

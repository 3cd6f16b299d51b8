"""`leaflet watch` learns of a save from the kernel (inotify) on Linux, polls elsewhere."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from leaflet.build.watch import Inotify, snapshot, watch

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


@linux
def test_every_kind_of_save_is_an_event(tmp_path: Path):
    events = Inotify.start(tmp_path)
    assert events is not None
    assert not events.wait(tmp_path, timeout=0.05)  # nothing happened
    (tmp_path / "da.yaml").write_text("title: A\n")
    assert events.wait(tmp_path, timeout=5)
    assert not events.wait(tmp_path, timeout=0.05)  # the save was read whole
    # An editor that saves by writing a copy and renaming it over the file:
    (tmp_path / ".da.yaml.swp").write_text("title: B\n")
    os.replace(tmp_path / ".da.yaml.swp", tmp_path / "da.yaml")
    assert events.wait(tmp_path, timeout=5)
    (tmp_path / "images").mkdir()
    assert events.wait(tmp_path, timeout=5)
    (tmp_path / "images" / "logo.png").write_bytes(b"new")  # in a folder made since
    assert events.wait(tmp_path, timeout=5)


@linux
def test_a_save_is_finished_when_the_file_is_closed_or_renamed_into_place(tmp_path: Path):
    """The watch builds at once after a save's last step, and waits a moment after a
    write that may have more to come."""
    events = Inotify.start(tmp_path)
    with open(tmp_path / "da.yaml", "w") as file:
        file.write("title: A\n")
        file.flush()
        assert events.wait(tmp_path, timeout=5) and not events.finished
    assert events.wait(tmp_path, timeout=5) and events.finished
    (tmp_path / ".da.yaml.swp").write_text("title: B\n")
    os.replace(tmp_path / ".da.yaml.swp", tmp_path / "da.yaml")
    assert events.wait(tmp_path, timeout=5) and events.finished


def test_the_watch_builds_once_at_the_start_and_once_per_change(tmp_path: Path):
    (tmp_path / "da.yaml").write_text("title: A\n")
    calls = []

    def build() -> str:
        calls.append(snapshot(tmp_path))
        if len(calls) == 1:
            (tmp_path / "da.yaml").write_text("title: B, longer\n")
        return "ok"

    lines = []
    watch(build, tmp_path, echo=lambda line, flush: lines.append(line), rounds=3)
    assert len(calls) == 2 and calls[0] != calls[1]
    assert all(line.startswith("ok (") and "done at" in line for line in lines)


def test_links_that_lead_back_up_are_not_followed(tmp_path: Path):
    """Two links to a parent folder made the watch walk without end, at full CPU."""
    (tmp_path / "mmn").mkdir()
    (tmp_path / "mmn" / "da.yaml").write_text("title: A\n")
    (tmp_path / "mmn" / "up").symlink_to("..")
    (tmp_path / "mmn" / "up2").symlink_to(tmp_path)
    assert list(snapshot(tmp_path)) == [str(tmp_path / "mmn" / "da.yaml")]
    if sys.platform.startswith("linux"):
        assert Inotify.start(tmp_path) is not None


def test_image_caches_are_bounded_in_bytes():
    from leaflet.layout.images import Cache

    cache = Cache(100, len)
    for key in range(10):
        cache[key] = b"x" * 30
    assert list(cache) == [7, 8, 9] and cache.used == 90


@pytest.mark.parametrize("remembers", ["picture names", "compressed streams"])
def test_what_the_pdf_writer_remembers_is_bounded_by_the_bytes_it_holds(remembers, monkeypatch):
    """Each entry holds the large data it was made from (a picture's pixels): that is what
    is weighed, so a watch over many pictures keeps at most the limit of them."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas

    import leaflet.render.canvas  # noqa: F401  (puts them in place)

    if remembers == "picture names":
        remember, done = canvas._digester, canvas._digester._done
    else:
        remember, done = pdfdoc.zlib.compress, pdfdoc.zlib._done
    monkeypatch.setattr(done, "limit", 3_000_000)
    for n in range(10):
        remember(bytes([n, 255 - n]) * 500_000)  # a megabyte each, ten different ones
    assert 2_000_000 <= done.used <= 3_000_000
    assert len(done) <= 3


def test_rebuilds_in_one_process_give_the_bytes_of_a_fresh_process(project, cli, tmp_path):
    """What a watch keeps from build to build (lines, kerning, picture names, compressed
    streams) changes how fast, never what: a text edited and put back, rebuilt in the same
    process, gives the PDFs a new process gives."""
    import shutil
    import subprocess

    text = project / "leaflets" / "mmn" / "da.yaml"
    original = text.read_text(encoding="utf-8")
    out = project / "output" / "mmn"
    assert cli("build", "mmn", "--lang", "da").code == 0
    text.write_text(original.replace("MMN står for", "MMN står altid for", 1), encoding="utf-8")
    assert cli("build", "mmn", "--lang", "da").code == 0
    edited = (out / "mmn-da-print.pdf").read_bytes()
    text.write_text(original, encoding="utf-8")
    assert cli("build", "mmn", "--lang", "da").code == 0

    fresh = tmp_path / "fresh"
    shutil.copytree(project / "leaflets", fresh / "leaflets")
    subprocess.run([sys.executable, "-m", "leaflet", "build", "mmn", "--lang", "da", "-q"],
                   cwd=fresh, check=True, timeout=120)
    for name in ("mmn-da-print.pdf", "mmn-da-screen.pdf"):
        assert (out / name).read_bytes() == (fresh / "output" / "mmn" / name).read_bytes(), name
    assert edited != (out / "mmn-da-print.pdf").read_bytes()

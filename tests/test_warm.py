"""The warm helper process (warm.py): what it builds is what a build on its own builds,
byte for byte and message for message; Ctrl-C reaches it; an outdated helper retires."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from leaflet import warm

from test_interrupt import make_project
from test_interrupt import outputs as all_outputs

pytestmark = pytest.mark.skipif(not (hasattr(os, "fork") and hasattr(__import__("socket"),
                                                                      "send_fds")),
                                reason="no fork() or no passing of file descriptors here")


class Helper:
    """Runs `python -m leaflet` with the warm helper on, in a folder of its own."""

    def __init__(self):
        # short: a Unix socket's path must stay under about 100 bytes
        self.folder = Path(tempfile.mkdtemp(prefix="lw"))

    def env(self, **more) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("LEAFLET_JOBS", "LEAFLET_WARM")}
        return {**env, "LEAFLET_WARM": "1", "LEAFLET_WARM_DIR": str(self.folder), **more}

    def run(self, root: Path, *args: str, **env) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "leaflet", *args], cwd=root,
                              env=self.env(**env), capture_output=True, text=True, timeout=120)

    def pid(self) -> int | None:
        try:
            return int((self.folder / "lock").read_text())
        except (OSError, ValueError):
            return None

    def wait_until_listening(self, timeout: float = 30) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if (self.folder / "s").exists() and self.pid():
                return self.pid()
            time.sleep(0.05)
        raise AssertionError("no warm helper started after a build")

    def end(self) -> None:
        warm.stop(self.folder)
        pid = self.pid()
        if pid and alive(pid):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)


def outputs(out: Path) -> dict[str, bytes]:
    """What a build wrote, but the snapshot of file times that makes a no-op build quick."""
    return {name: data for name, data in all_outputs(out).items()
            if name != ".leaflet-snapshot.json"}


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
        return status != "Z"
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False


def gone(pid: int, timeout: float = 10) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def helper():
    one = Helper()
    yield one
    one.end()


def cold(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LEAFLET_JOBS"}
    return subprocess.run([sys.executable, "-m", "leaflet", *args], cwd=root,
                          env={**env, "LEAFLET_WARM": "0"}, capture_output=True, text=True,
                          timeout=120)


def test_the_helper_builds_the_same_bytes_and_says_the_same(project, helper):
    alone = cold(project, "build")
    assert alone.returncode == 0, alone.stderr
    expected = outputs(project / "output")
    shutil.rmtree(project / "output")

    first = helper.run(project, "build", "mmn", "--lang", "da")  # cold; leaves a helper
    assert first.returncode == 0, first.stderr
    helper.wait_until_listening()
    shutil.rmtree(project / "output")

    stats = helper.folder / "stats"
    warmed = helper.run(project, "build", LEAFLET_WARM_STATS=str(stats))
    assert warmed.returncode == 0, warmed.stderr
    assert stats.read_text().count("\n") == 1, "the helper did not build it"
    assert (warmed.stdout, warmed.stderr) == (alone.stdout, alone.stderr)
    assert outputs(project / "output") == expected

    again = helper.run(project, "build", "--force", LEAFLET_WARM_STATS=str(stats))
    assert stats.read_text().count("\n") == 2
    assert again.stdout == alone.stdout
    assert outputs(project / "output") == expected


def test_problems_and_checks_through_the_helper_read_as_without_it(project, helper):
    helper.run(project, "check", "mmn")
    helper.wait_until_listening()
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(da.read_text(encoding="utf-8").replace("title:", "titel:", 1),
                  encoding="utf-8")
    for args in (["build", "mmn"], ["check"], ["build", "mmn", "--lang", "xx"],
                 ["build", "--no-such-option"], ["booklet", "nosuch"]):
        stats = helper.folder / "stats"
        stats.unlink(missing_ok=True)
        warmed, alone = helper.run(project, *args, LEAFLET_WARM_STATS=str(stats)), cold(
            project, *args)
        assert warmed.returncode == alone.returncode != 0, args
        assert (warmed.stdout, warmed.stderr) == (alone.stdout, alone.stderr), args
        assert stats.exists() == (args != ["build", "--no-such-option"]), args  # usage: here
    assert not (project / "output").exists()


def test_ctrl_c_reaches_the_build_in_the_helper(tmp_path, helper):
    root = make_project(tmp_path, 30)
    helper.run(root, "check", "mmn01")
    server = helper.wait_until_listening()
    process = subprocess.Popen([sys.executable, "-m", "leaflet", "build"], cwd=root,
                               env=helper.env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)  # laying out: thirty leaflets in three languages take some seconds
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 130, (out, err)
    assert err.strip().splitlines() == ["interrupted; earlier outputs are unchanged"]
    assert not list(root.rglob("*.pdf"))  # all or nothing, and it was nothing
    children = Path(f"/proc/{server}/task/{server}/children")
    if children.exists():  # the copy that built, and its workers, have ended
        end = time.monotonic() + 10
        while children.read_text().split() and time.monotonic() < end:
            time.sleep(0.05)
        assert children.read_text().split() == []
    assert alive(server)


def test_no_helper_in_ci_unless_asked_for(project, helper):
    env = helper.env(CI="true")
    del env["LEAFLET_WARM"]
    run = subprocess.run([sys.executable, "-m", "leaflet", "check", "mmn"], cwd=project,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    time.sleep(1)
    assert helper.pid() is None


def test_a_helper_asked_by_another_version_retires(project, helper):
    helper.run(project, "check", "mmn")
    server = helper.wait_until_listening()
    assert warm.stop(helper.folder)  # what a newer leaflet's request does
    assert gone(server)
    assert not (helper.folder / "s").exists()
    after = helper.run(project, "check", "mmn")  # on its own, and it starts a new helper
    assert after.returncode == 0, after.stderr
    assert helper.wait_until_listening() != server


def test_an_image_saved_anew_is_read_anew_by_a_process_that_lives_on(project, cli):
    """The watch and the warm helper keep decoded images; a logo replaced under the same
    name must not go on printing the old one."""
    from PIL import Image

    logo = project / "leaflets" / "images" / "logo.png"
    assert cli("build", "mmn", "--lang", "da").code == 0
    first = (project / "output" / "mmn" / "mmn-da-screen.pdf").read_bytes()
    with Image.open(logo) as image:
        Image.new("RGBA", image.size, (200, 30, 30, 255)).save(logo)
    assert cli("build", "mmn", "--lang", "da").code == 0
    second = (project / "output" / "mmn" / "mmn-da-screen.pdf").read_bytes()
    assert second != first
    shutil.rmtree(project / "output")
    assert cold(project, "build", "mmn", "--lang", "da").returncode == 0
    assert (project / "output" / "mmn" / "mmn-da-screen.pdf").read_bytes() == second

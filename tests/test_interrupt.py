"""Stopped builds, builds side by side, and every PDF whole.

- A build killed midway (SIGKILL) leaves every earlier PDF as it was, and never a half PDF
  under a .pdf name. It may leave its temporary files behind (hidden
  '.<name>.<pid>.<random>.tmp', never *.pdf); the next build clears them away.
- Ctrl-C (SIGINT to the process group, as a terminal sends it) ends with one short line,
  exit status 130, no traceback, no temporary file, and the outputs all as they were (or,
  if it came too late to stop anything, exit 0 with all of them new).
- Two builds into the same output folder at once both finish, and every PDF is whole.
- Every PDF the samples build passes the strict check (pypdf in strict mode reads every
  page; qpdf --check).

The builds here run as real processes (``python -m leaflet build``) in their own process
group, so that signals reach the workers as they would from a terminal; every process
started here is ended by the fixture that started it.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import SAMPLES
from pdfcheck import strict_check

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX signals")

TEMPORARY = re.compile(r"\..+\.[0-9A-Za-z_]+\.tmp")  # the atomic write's '.<name>.….tmp'


# --- helpers -------------------------------------------------------------------------------

def make_project(root: Path, copies: int) -> Path:
    """The samples' organisation with ``copies`` copies of the mmn leaflet (3 languages
    each): mmn01, mmn02, …"""
    leaflets = root / "leaflets"
    leaflets.mkdir(parents=True)
    shutil.copy(SAMPLES / "organisation.yaml", leaflets)
    shutil.copytree(SAMPLES / "images", leaflets / "images")
    for n in range(1, copies + 1):
        shutil.copytree(SAMPLES / "mmn", leaflets / f"mmn{n:02}")
    return root


def change_every_pdf(root: Path) -> None:
    """An edit that changes every PDF the next build makes (the phone number on the back)."""
    organisation = root / "leaflets" / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    phone = re.search(r'^phone: "([^"]+)"', text, re.M)
    assert phone, "the sample organisation should have a quoted phone number"
    organisation.write_text(text.replace(phone.group(1), phone.group(1)[:-1] + "9"),
                            encoding="utf-8")


def outputs(out: Path) -> dict[str, bytes]:
    """Every file the builds wrote (PDFs, and whatever else a build writes beside them),
    temporary files aside."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.endswith(".tmp")}


def pdfs(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in outputs(out).items() if name.endswith(".pdf")}


def children(pid: int) -> list[str]:
    """The worker processes of ``pid`` (Linux); [] where /proc cannot tell."""
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


class Builds:
    """Starts ``python -m leaflet build`` processes, each in its own process group, and
    ends every one of them (and its workers) that is still running at teardown."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []

    def start(self, root: Path, *args: str) -> subprocess.Popen:
        return self._start([sys.executable, "-m", "leaflet", "build", *args], root)

    def start_script(self, root: Path, script: str) -> subprocess.Popen:
        return self._start([sys.executable, "-c", script], root)

    def _start(self, command: list[str], root: Path) -> subprocess.Popen:
        # the machine's cores, as a user's build gets them (conftest sets LEAFLET_JOBS=1)
        env = {k: v for k, v in os.environ.items() if k not in ("LEAFLET_JOBS", "LEAFLET_DEBUG")}
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.started.append(process)
        return process

    @staticmethod
    def signal(process: subprocess.Popen, signum: int) -> None:
        """Send ``signum`` to the build and its workers, as a terminal does."""
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            pass

    def end_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.signal(process, signal.SIGKILL)
            try:
                process.communicate(timeout=30)
            except (subprocess.TimeoutExpired, ValueError):
                pass
            if process.returncode is None or process.returncode < 0:
                # killed: its workers (same process group) may have outlived it
                self.signal(process, signal.SIGKILL)


@pytest.fixture
def builds():
    tracker = Builds()
    yield tracker
    tracker.end_all()


def wait_for_jobs(process: subprocess.Popen, timeout: float = 30) -> None:
    """Until the build is laying out: its worker processes have been running for 0.3 s
    (0.6 s from the start where /proc cannot tell). Not the moment the workers start:
    see test_ctrl_c_as_the_workers_start_exits_with_a_short_message."""
    if not Path(f"/proc/{process.pid}").exists():
        time.sleep(0.6)
        return
    deadline = time.monotonic() + timeout
    while not children(process.pid):
        assert process.poll() is None, "the build ended before its jobs ran"
        assert time.monotonic() < deadline, "the build never started its jobs"
        time.sleep(0.005)
    time.sleep(0.3)
    assert process.poll() is None, "the build ended before it could be interrupted"


def finish(process: subprocess.Popen, timeout: float, give_up_on=()) -> tuple[object, str]:
    """(exit status, stderr) of a build; the status is "hung" if it has not ended after
    ``timeout`` s, or "gave up" once stderr shows one of ``give_up_on`` and the process
    lingers (the fixture ends it)."""
    err: list[str] = []
    threads = [threading.Thread(target=lambda: err.extend(process.stderr), daemon=True),
               threading.Thread(target=lambda: process.stdout.read(), daemon=True)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        text = "".join(err)
        if time.monotonic() > deadline:
            return "hung", text
        if any(needle in text for needle in give_up_on):
            time.sleep(1)  # time to end by itself, if it is going to
            if process.poll() is None:
                return "gave up", "".join(err)
        time.sleep(0.01)
    for thread in threads:
        thread.join(timeout=5)
    return process.returncode, "".join(err)


def wait_for_writing(process: subprocess.Popen, out: Path, before: dict[str, bytes],
                     timeout: float = 120) -> None:
    """Until the build starts writing: a temporary file, or a file that was not there."""
    deadline = time.monotonic() + timeout
    old = {out / name for name in before}
    while True:
        assert process.poll() is None, "the build ended before it was seen writing"
        assert time.monotonic() < deadline, "the build never started writing"
        if out.is_dir():
            for path in out.rglob("*"):
                if path.name.endswith(".tmp") or (path.is_file() and path not in old):
                    return
        time.sleep(0.001)


def assert_outputs_whole(out: Path, before: dict[str, bytes],
                         temporary_allowed: bool) -> dict[str, bytes]:
    """Every PDF in ``out`` is its earlier self byte for byte, or a whole PDF that passes
    the strict check; every earlier output is still there; temporary files (if allowed at
    all) are the atomic write's hidden '.<name>.XXXX.tmp', never named *.pdf."""
    after = outputs(out)
    assert set(before) <= set(after), f"earlier outputs gone: {set(before) - set(after)}"
    for name, data in after.items():
        if name.endswith(".pdf") and before.get(name) != data:
            strict_check(out / name)
    for path in out.rglob("*.tmp"):
        assert temporary_allowed, f"a temporary file was left behind: {path}"
        assert TEMPORARY.fullmatch(path.name), f"not a temporary file of the atomic write: {path}"
    return after


# --- SIGKILL -------------------------------------------------------------------------------

def test_killed_build_leaves_earlier_outputs_byte_identical(tmp_path, builds):
    """SIGKILL 0.3 s into a build of 20 leaflets × 3 languages: nothing half-written."""
    root = make_project(tmp_path, 20)
    first = subprocess.run([sys.executable, "-m", "leaflet", "build", "mmn20"], cwd=root,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    out = root / "output"
    before = outputs(out)
    assert len(pdfs(out)) == 6
    change_every_pdf(root)

    process = builds.start(root)
    time.sleep(0.3)
    assert process.poll() is None, "the build finished before it could be killed"
    builds.signal(process, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    after = assert_outputs_whole(out, before, temporary_allowed=True)
    # mmn20 is written last of all, long after 0.3 s: its PDFs are the earlier ones.
    assert {name: after[name] for name in before} == before


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_a_killed_build_leaves_no_worker_behind(tmp_path, builds):
    """SIGKILL to the command alone (not to its process group, as a terminal would send
    it): its workers see that their parent is gone and end within a second."""
    root = make_project(tmp_path, 20)
    process = builds.start(root)
    wait_for_jobs(process)
    workers = children(process.pid)
    assert len(workers) >= 2, "the build ran its jobs in one process"
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    deadline = time.monotonic() + 5
    while any(alive(int(pid)) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(int(pid))], "workers outlived the build"


@pytest.mark.parametrize("command", [["build"], ["check"], ["booklet"], ["build", "--force"]])
def test_a_command_leaves_no_process_running(project, builds, command):
    """Each command runs in a process group of its own: when it has ended, the group is
    empty (no helper, no worker, nothing in the background)."""
    process = builds._start([sys.executable, "-m", "leaflet", *command], project)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    time.sleep(0.2)
    assert not group_alive(process.pid), f"{command}: a process of it is still running"


def built_then_changed(tmp_path, copies: int, *ids: str):
    """A project built once (its outputs remembered), then changed so every PDF is stale."""
    root = make_project(tmp_path, copies)
    first = subprocess.run([sys.executable, "-m", "leaflet", "build", *ids], cwd=root,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    out = root / "output"
    before = outputs(out)
    change_every_pdf(root)
    return root, out, before


def test_build_killed_while_writing_never_leaves_a_half_pdf(tmp_path, builds):
    """SIGKILL the moment the build starts writing its PDFs: each PDF is the earlier one or
    a whole new one (a temporary file may stay), and the next build mends everything and
    clears the temporary files away."""
    root, out, before = built_then_changed(tmp_path, 6)

    process = builds.start(root)
    wait_for_writing(process, out, before)
    builds.signal(process, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert_outputs_whole(out, before, temporary_allowed=True)

    again = builds.start(root)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0 and "Traceback" not in err, err
    # the killed build's temporary files are cleared away by the next build
    after = assert_outputs_whole(out, before, temporary_allowed=False)
    assert set(after) == set(before)
    assert all(after[name] != before[name] for name in before if name.endswith(".pdf")), \
        "the build after the kill must bring every PDF up to date"


# --- SIGINT (Ctrl-C) -----------------------------------------------------------------------

def assert_short_interrupt_message(process: subprocess.Popen, out: str, err: str) -> None:
    assert process.returncode == 130, (process.returncode, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 100 and "interrupted" in lines[0], err


def test_ctrl_c_while_laying_out_exits_with_a_short_message(tmp_path, builds):
    root, out, before = built_then_changed(tmp_path, 20, "mmn20")

    process = builds.start(root)
    wait_for_jobs(process)
    builds.signal(process, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)

    assert_short_interrupt_message(process, stdout, stderr)
    assert outputs(out) == before
    assert_outputs_whole(out, before, temporary_allowed=False)


def test_ctrl_c_while_writing_leaves_whole_pdfs_and_no_temporary_file(tmp_path, builds):
    """A real Ctrl-C the moment the first file of the build appears: every PDF whole, all
    of them the earlier ones or all of them new, and no temporary file left."""
    root, out, before = built_then_changed(tmp_path, 2)

    process = builds.start(root)
    wait_for_writing(process, out, before)
    builds.signal(process, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)

    if process.returncode == 0:  # it wrote the last file before the signal came
        assert "Traceback" not in stderr, stderr
    else:
        assert_short_interrupt_message(process, stdout, stderr)
    after = assert_outputs_whole(out, before, temporary_allowed=False)
    new = [name for name in pdfs(out) if after[name] != before[name]]
    assert len(new) in (0, len(pdfs(out))), f"some PDFs replaced, others not: {new}"


CTRL_C_AT = """
import os, signal, sys, {module} as target

real, calls = target.{name}, []

def then_ctrl_c(*args, **kwargs):  # a real Ctrl-C, right after call number {call}
    result = real(*args, **kwargs)
    calls.append(1)
    if len(calls) == {call}:
        os.kill(os.getpid(), signal.SIGINT)
    return result

target.{name} = then_ctrl_c
from leaflet.cli import main
sys.exit(main(["build"]))
"""


@pytest.mark.parametrize("module,name,call", [
    ("tempfile", "mkstemp", 1),  # the first temporary file has just been made
    ("os", "chmod", 3),          # the third file is written, the others not yet
    ("os", "replace", 1),        # the renames have begun: the build ends as a success
], ids=["temporary-made", "writing", "renaming"])
def test_ctrl_c_while_writing_is_all_or_nothing(tmp_path, builds, module, name, call):
    """Ctrl-C (a real SIGINT, at a chosen moment of the writing): either exit 130 with every
    earlier output as it was, or exit 0 with every output new; never a temporary left."""
    root, out, before = built_then_changed(tmp_path, 2)

    process = builds.start_script(root, CTRL_C_AT.format(module=module, name=name, call=call))
    stdout, stderr = process.communicate(timeout=120)

    after = assert_outputs_whole(out, before, temporary_allowed=False)
    if process.returncode == 0:
        assert "Traceback" not in stderr, stderr
        assert all(after[name] != before[name] for name in before if name.endswith(".pdf"))
    else:
        assert_short_interrupt_message(process, stdout, stderr)
        changed = sorted(name for name in after if after[name] != before.get(name))
        assert not changed, f"exit 130 says the earlier outputs are unchanged; changed: {changed}"


def test_ctrl_c_as_the_workers_start_exits_with_a_short_message(tmp_path, builds):
    """Ctrl-C to the whole process group (as a terminal sends it) after the workers are
    forked and before the pool's manager thread starts: once a lost Ctrl-C, worker
    tracebacks or a hang; now exit 130, one line, nothing written."""
    root = make_project(tmp_path, 3)
    script = textwrap.dedent("""
        import os, signal, sys, time
        import concurrent.futures.process as pool

        start = pool._ExecutorManagerThread.start

        def ctrl_c_then_start(self):  # the workers are forked; the manager not yet started
            os.killpg(os.getpgrp(), signal.SIGINT)
            time.sleep(1)
            start(self)

        pool._ExecutorManagerThread.start = ctrl_c_then_start
        from leaflet.cli import main
        sys.exit(main(["build"]))
    """)
    process = builds.start_script(root, script)
    code, err = finish(process, timeout=20,
                       give_up_on=("internal error", "Traceback", "interrupted"))
    assert code == 130, (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    assert not (root / "output").exists()


def test_ctrl_c_while_starting_exits_with_a_short_message(project, builds):
    script = textwrap.dedent("""
        import sys

        class CtrlC:  # Ctrl-C arrives while leaflet.build.make is being imported
            def find_spec(self, name, path=None, target=None):
                if name == "leaflet.build.make":
                    raise KeyboardInterrupt

        sys.meta_path.insert(0, CtrlC())
        from leaflet.cli import main
        sys.exit(main(["build"]))
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 130, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert not (project / "output").exists()


# --- two builds at once --------------------------------------------------------------------

def test_two_builds_into_one_folder_at_once_both_finish_with_whole_pdfs(tmp_path, builds):
    root = make_project(tmp_path, 2)
    one, two = builds.start(root, "--force"), builds.start(root, "--force")
    for process in (one, two):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0 and "Traceback" not in err, err
    out = root / "output"
    assert_outputs_whole(out, {}, temporary_allowed=False)
    made = pdfs(out)
    assert len(made) == 2 * 3 * 2
    # and both made the same bytes, so it does not matter whose file won
    alone = builds.start(root, "--force", "--out", "alone")
    _, err = alone.communicate(timeout=300)
    assert alone.returncode == 0, err
    assert pdfs(root / "alone") == made


# --- the strict check on everything the samples build -------------------------------------

def test_every_pdf_the_samples_build_passes_the_strict_check(project, cli):
    """Every leaflet with its proofs, and every booklet: each PDF in output/."""
    run = cli("build", "--proof")
    assert run.code == 0, run.err
    expected = {"mmn-da-print.pdf", "mmn-da-screen.pdf", "mmn-da-proof.pdf", "mmn-foldtest.pdf"}
    if (project / "leaflets" / "booklets").is_dir():
        run = cli("booklet")
        assert run.code == 0, run.err
        expected |= {f"{path.stem}.pdf"
                     for path in (project / "leaflets" / "booklets").glob("*.yaml")}
    built = sorted((project / "output").rglob("*.pdf"))
    names = {path.name for path in built}
    assert expected <= names, names
    for path in built:
        strict_check(path)

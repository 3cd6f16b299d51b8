"""Find the leaflets, run every step for each language, and write the PDFs atomically.

The steps, top to bottom: load and validate every file a build touches
(collecting every problem), check the glyphs, lay out, draw, and only when
nothing anywhere failed, write. A failed build leaves earlier outputs as they were.
"""
from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from glob import escape as glob_escape
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import job, schema, source
from .errors import LeafletError, Pos, Problems, error
from .job import Job, JobResult
from .model import Content, Leaflet, LeafletSpec, Organisation

NOT_LEAFLETS = {"booklets", "images", "schemas"}


class UsageError(Exception):
    """The command line asks for something that is not there (exit status 2)."""


@dataclass
class Result:
    problems: Problems
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # up to date: not built again


@dataclass
class Project:
    root: Path
    organisation: Organisation | None
    leaflets: list[tuple[LeafletSpec, list[Content]]]


def leaflets_folder(root: Path) -> Path:
    folder = root / "leaflets"
    if not folder.is_dir():
        raise UsageError(f"there is no leaflets/ folder in {root} (run in the folder that "
                         "holds leaflets/, or give it with --root)")
    return folder


def discover(root: Path) -> list[str]:
    """The leaflet folders: every folder of leaflets/ with YAML files in it."""
    folder = leaflets_folder(root)
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and p.name not in NOT_LEAFLETS and not p.name.startswith(".")
                  and any(p.glob("*.yaml")))


def load_project(root: Path, ids, langs, problems: Problems) -> Project:
    """Read and validate everything the build of ``ids`` in ``langs`` touches."""
    folder = leaflets_folder(root)
    known = discover(root)
    ids = list(ids) or known
    for wanted in ids:
        if wanted not in known:
            hint = schema.suggest(wanted, known) if known else "there are no leaflets yet"
            raise UsageError(f"no leaflet '{wanted}' in {folder} ({hint})")
    organisation = None
    if not (folder / "organisation.yaml").is_file():
        problems.add(error(Pos(source.display_path(folder / "organisation.yaml")),
                           "there is no organisation.yaml",
                           "create it with at least the line 'name: <your organisation>'"))
    else:
        organisation = _load(folder / "organisation.yaml", problems,
                             lambda node: schema.read_organisation(node, folder, problems))
    leaflets = []
    for leaflet_id in ids:
        spec, contents = _load_leaflet(folder / leaflet_id, langs, problems)
        if spec is not None:
            leaflets.append((spec, contents))
    if langs and not any(spec.languages and set(langs) & set(spec.languages)
                         for spec, _ in leaflets) and not problems.errors:
        raise UsageError(f"no leaflet has the language(s) {', '.join(langs)}")
    return Project(root, organisation, leaflets)


def _load(path: Path, problems: Problems, read):
    try:
        node = source.load(path)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return None
    return read(node)


def _load_leaflet(folder: Path, langs, problems: Problems):
    if not (folder / "leaflet.yaml").is_file():
        problems.add(error(Pos(source.display_path(folder / "leaflet.yaml")),
                           "every leaflet folder needs a leaflet.yaml, and this one has none",
                           "copy one from another leaflet: it says the fold, paper and languages"))
        return None, []
    available = sorted(p.stem for p in folder.glob("*.yaml")
                       if p.name != "leaflet.yaml" and schema.LANGUAGE_CODE.match(p.stem))
    spec = _load(folder / "leaflet.yaml", problems,
                 lambda node: schema.read_leaflet_spec(node, folder, available, problems))
    if spec is None:
        return None, []
    if not spec.languages and not problems.errors:
        problems.add(error(Pos(source.display_path(folder / "leaflet.yaml"), 1, 1),
                           f"the leaflet '{folder.name}' has no language file",
                           f"add a text file such as {folder.name}/da.yaml"))
    loaded = {}
    for lang in spec.languages:
        if langs and lang not in langs and lang != spec.source:
            continue
        path = folder / f"{lang}.yaml"
        content = _load(path, problems, lambda node: schema.read_content(node, path, problems))
        if content is not None:
            loaded[lang] = content
    _compare_translations(spec, loaded, langs, problems)
    return spec, [c for lang, c in loaded.items() if not langs or lang in langs]


def _compare_translations(spec: LeafletSpec, loaded: dict, langs, problems: Problems) -> None:
    from .translation import compare

    original = loaded.get(spec.source)
    if original is None:
        return
    for lang, content in loaded.items():
        if lang != spec.source and (not langs or lang in langs):
            problems.extend(compare(original, content))


def review(root: Path, leaflet_id: str, langs=()) -> list[Path]:
    """Record that the translations of a leaflet match its source as it is now."""
    from .translation import record_review

    problems = Problems()
    project = load_project(root, [leaflet_id], langs, problems)
    problems.check()
    spec, contents = project.leaflets[0]
    if spec.source is None:
        raise UsageError(f"the leaflet '{leaflet_id}' names no source language "
                         "(add 'source: da' to its leaflet.yaml)")
    _, everything = _load_leaflet(spec.folder, (), problems)
    original = next(c for c in everything if c.lang == spec.source)
    written = []
    for content in contents:
        if content.lang != spec.source:
            text = record_review(content.path, original)
            write_atomically(content.path, text.encode("utf-8"), durable=True)
            written.append(content.path)
    return written


def make(root: Path, out: Path | None, ids=(), langs=(), write: bool = True,
         proof: bool = False, force: bool = False, preview: bool = False,
         progress=None) -> Result:
    """Build (or with ``write=False`` only check) the leaflets; raise LeafletError on errors.

    Jobs whose inputs are unchanged since the last build are not run again (see
    incremental.py); the others run in parallel when there are several.
    """
    from . import uptodate
    from .fonts import fonts_folder
    from .incremental import Record, fingerprint

    problems = Problems()
    out = out or root / "output"
    # Taken before anything is read, so a file saved during the build counts as changed.
    seen = uptodate.stats(uptodate.watched(Path(os.path.abspath(root)), fonts_folder()))
    project = load_project(root, ids, langs, problems)
    record = Record(out)
    plan = [Job(Leaflet(spec, content, project.organisation), out, write, proof, preview)
            for spec, contents in project.leaflets for content in contents
            if project.organisation is not None]
    seen.update(uptodate.stats(os.path.abspath(path) for one in plan
                               for path in job.inputs(one)))  # images kept elsewhere too
    results: dict[str, JobResult] = {}
    todo = []
    unchanged: list[Path] = []
    for one in plan:
        key = fingerprint(job.inputs(one), job.options(one))
        expected = list(job.output_paths(one).values()) if write else []
        if not force and record.is_current(job.name(one), key, expected):
            results[job.name(one)] = JobResult({}, record.problems(job.name(one)))
            unchanged += expected
        else:
            todo.append((one, key))
    for (one, key), result in zip(todo, run_jobs([one for one, _ in todo], progress)):
        results[job.name(one)] = result
    for one in plan:  # the messages in the order of the plan, however the jobs ran
        problems.extend(results[job.name(one)].problems)
    problems.check()
    result = Result(problems, unchanged=unchanged)
    files = []
    for one, key in todo:
        outputs = results[job.name(one)].outputs
        files += outputs.items()
        result.written += outputs
        if write:
            record.update(job.name(one), key, outputs, results[job.name(one)].problems)
    if write and todo:
        files.append((record.path, record.text()))
    write_all(files)
    if write:  # what the same command, with nothing changed, will answer at once
        every = [path for one in plan for path in job.output_paths(one).values()]
        say = {"problems": [str(p) for p in result.problems.items],
               "unchanged": [str(path) for path in every]}
        key = uptodate.request(root, out, ids, langs, proof, preview)
        try:
            write_atomically(out / uptodate.SNAPSHOT,
                             uptodate.save(out, key, seen, every + [record.path], say))
        except KeyboardInterrupt:  # the outputs are all written: finish as a success
            pass
    return result


def run_jobs(jobs: list[Job], progress=None) -> list[JobResult]:
    """Run jobs, on every core when there are several; results in the order given.
    LEAFLET_JOBS=1 runs them one after another (LEAFLET_JOBS=N: at most N at once).
    ``progress(done, total, name)`` is told as each job ends."""
    wanted = os.environ.get("LEAFLET_JOBS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    workers = min(len(jobs), cores)
    tell = progress or (lambda done, total, name: None)
    if workers < 2:
        from .forks import can_fork

        if len(jobs) == 1 and cores > 1 and jobs[0].render and can_fork():
            jobs = [replace(jobs[0], fork=True)]  # its print and screen PDFs side by side
        results = []
        for one in jobs:
            results.append(job.run(one))
            tell(len(results), len(jobs), job.name(one))
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Done once here and shared by the forked workers: the modules, the parsed fonts,
    # the hyphenation patterns, the QR encoder.
    from reportlab.graphics.barcode import qrencoder  # noqa: F401
    from . import fonts, html, render, styles, typeset  # noqa: F401

    fonts.register()
    for lang in sorted({one.leaflet.content.lang for one in jobs}):
        styles.hyphenator(lang)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_leave_ctrl_c_to_the_parent)
    try:
        # The first submit forks the workers. Ctrl-C is held meanwhile, so they start
        # with it held too (until their initializer ignores it): one that arrives now
        # reaches this process alone, when it is let through below.
        with _ctrl_c_blocked():
            futures = {pool.submit(job.run, one): job.name(one) for one in jobs}
        for done, future in enumerate(as_completed(futures), 1):
            tell(done, len(jobs), futures[future])
        return [future.result() for future in futures]
    except KeyboardInterrupt:
        # The jobs running end, the others never start; waited for here, not left to the
        # interpreter's exit, which a copy in the warm helper (warm.py) does not go through.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)


@contextmanager
def _ctrl_c_blocked():
    """SIGINT blocked (kept pending) for this thread and what it forks or starts."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _leave_ctrl_c_to_the_parent() -> None:
    """Workers ignore Ctrl-C: the parent stops them, and says so once, in plain words."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def write_atomically(path: Path, data: bytes, durable: bool = False) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a PDF."""
    write_all([(path, data)], durable)


def write_all(files, durable: bool = False) -> None:
    """Write every (path, bytes), all or nothing as far as a file system allows: each goes
    to a temporary file beside its path first, and only when all are written are they
    renamed into place, with Ctrl-C held off for those few renames.

    ``durable`` waits until the disk has each file (fsync) before the rename: for the
    user's own files. Outputs need not wait (a few ms a file): if a power cut loses
    one, the build record and the snapshot, which compare contents and sizes, see it
    and the next build makes it again."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            with _interrupts_held():  # so no temporary file is made and then forgotten
                temp = _temporary(path)
                temps.append((temp, path))
            with open(temp, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    with _interrupts_held(then_raise=False):  # once the renames begin, the build is done
        for temp, path in temps:
            os.replace(temp, path)


def _temporary(path: Path) -> Path:
    """A new empty '.<name>.<pid>.<random>.tmp' beside ``path``; first removes those that
    builds killed outright (their process is gone) left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        pid = stale.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                dir=path.parent)
    os.close(fd)
    return Path(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its files alone
    return True


@contextmanager
def _interrupts_held(then_raise: bool = True):
    """Hold Ctrl-C until the block is done, then act on it (``then_raise``) or let it go
    (main thread only; elsewhere nothing to hold)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and then_raise:
        raise KeyboardInterrupt

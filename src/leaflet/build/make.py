"""`leaflet build` and `check`: plan a job per leaflet and language, skip the current
ones, run the others, and write every output at once.

The steps, top to bottom: read and validate every file the build touches
(collecting every problem), plan the jobs, run those whose inputs changed (each
checks its glyphs and images, lays out and draws), and only when nothing anywhere
failed, write the outputs and the build record together. A failed build leaves
earlier outputs as they were.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from leaflet.build import job, record
from leaflet.build.job import Job, JobResult
from leaflet.build.parallel import run_jobs
from leaflet.errors import Problems, ordered
from leaflet.files import remove_stale_temporaries, write_all, write_atomically
from leaflet.model import Leaflet
from leaflet.source.project import load_project


@dataclass
class Result:
    """What a build or a check did: its problems, the files it wrote, those up to date."""

    problems: Problems
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # up to date: not built again


def make(root: Path, out: Path | None, ids=(), langs=(), *, write: bool = True,
         proof: bool = False, force: bool = False, preview: bool = False,
         progress=None) -> Result:
    """Build (or with ``write=False`` only check) the leaflets; raise LeafletError on errors.

    Jobs whose inputs are unchanged since the last build are not run again (see
    record.py); the others run in parallel when there are several.
    """
    problems = Problems()
    out = out or root / "output"
    # Taken before anything is read, so a file saved during the build counts as changed.
    seen = record.watched(Path(os.path.abspath(root)))
    project = load_project(root, ids, langs, problems)
    built = record.Record(out)
    tool = record.tool_fingerprint()
    # With errors in the files already, the build can only fail: the jobs then look for
    # the rest of the problems (glyphs, images, overflow) without drawing anything.
    draw = write and not problems.errors
    plan = [Job(leaflet=Leaflet(spec, content, project.organisation_of(spec)), out=out,
                draw=draw, proof=proof, preview=preview)
            for spec, contents in project.leaflets for content in contents
            if project.organisation_of(spec) is not None]
    results: dict[str, JobResult] = {}
    todo = []
    unchanged: list[Path] = []
    for one in plan:
        key = record.fingerprint(tool, job.inputs(one), job.options(one))
        expected = list(job.output_paths(one).values()) if write else []
        if not force and built.is_current(job.name(one), key, expected):
            results[job.name(one)] = JobResult({}, built.problems(job.name(one)))
            unchanged += expected
        else:
            todo.append((one, key))
    for (one, key), result in zip(todo, run_jobs([one for one, _ in todo], progress)):
        results[job.name(one)] = result
    for one in plan:  # the messages in the order of the plan, however the jobs ran
        problems.extend(results[job.name(one)].problems)
    problems.check()
    result = Result(problems, unchanged=unchanged)
    if not write:
        return result
    files = []
    for one, key in todo:
        outputs = results[job.name(one)].outputs
        files += outputs.items()
        result.written += outputs
        built.update(job.name(one), key, outputs, results[job.name(one)].problems)
    remove_stale_temporaries(out)
    write_all(files)
    # Then the record: what the same command, with nothing changed, will answer at once
    # (the outputs' times are known only now; images kept outside leaflets/ count as
    # read). A build stopped before this point is built again next time, never trusted.
    seen.update(record.stats(os.path.abspath(path) for one in plan for path in job.inputs(one)))
    every = [path for one in plan for path in job.output_paths(one).values()]
    built.remember(record.command(root, out, ids, langs, proof, preview), tool, seen, every,
                   {"problems": [str(p) for p in ordered(result.problems.items)],
                    "unchanged": [str(path) for path in every]})
    try:
        write_atomically(built.path, built.text())
    except KeyboardInterrupt:  # the outputs are all written: finish as a success
        pass
    return result

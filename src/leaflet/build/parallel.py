"""Run several jobs at once, one per core, in worker processes that die with the
command: a Ctrl-C or a kill of `leaflet` leaves none of them behind.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager

from leaflet import settings
from leaflet.build import job
from leaflet.build.job import Job, JobResult

PARENT_CHECK = 0.2  # seconds between a worker's looks at whether its parent still runs


def run_jobs(jobs: list[Job], progress=None) -> list[JobResult]:
    """Run jobs, on every core when there are several; results in the order given.
    LEAFLET_JOBS=1 runs them one after another (LEAFLET_JOBS=N: at most N at once).
    ``progress(done, total, name)`` is told as each job ends."""
    workers = min(len(jobs), settings.jobs() or os.cpu_count() or 1)
    tell = progress or (lambda done, total, name: None)
    if workers < 2:
        results = []
        for one in jobs:
            results.append(job.run(one))
            tell(len(results), len(jobs), job.name(one))
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Done once here and shared by the forked workers: the modules, the parsed fonts and
    # their kerning, the hyphenation patterns, the QR encoder, the presses' colour transforms.
    from reportlab.pdfbase.pdfmetrics import getFont

    from leaflet.layout import fonts, justify, punctuation, qr, styles, typeset  # noqa: F401
    from leaflet.render import colour, html, print_pdf, screen_pdf  # noqa: F401

    qr.encoder()
    fonts.register()
    for face in (fonts.REGULAR, fonts.BOLD):  # the italic faces only where a text sets them
        getFont(face).kerned("ab")
    for lang in sorted({one.leaflet.content.lang for one in jobs}):
        styles.hyphenator(lang)
    for press in sorted({one.leaflet.spec.print.profile for one in jobs}):
        colour.press_colour(press, "#808081")

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_worker_start, initargs=(os.getpid(),))
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
        # The jobs running end, the others never start; waited for here, so the command
        # ends only when its workers have.
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


def _worker_start(parent: int) -> None:
    """Workers ignore Ctrl-C (the parent stops them, and says so once, in plain words),
    and end as soon as their parent is gone, killed or not: a worker never outlives the
    command that started it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)



"""QR codes: ReportLab's encoder, with its choice of mask scored faster.

An encoder tries the eight masks and keeps the one whose pattern scores fewest penalty
points (long runs, 2 × 2 blocks, finder-like patterns, too much dark). ReportLab scores
a module at a time in Python, most of the cost of a code; here the same rules, with
ReportLab's own counts, are scored on rows as strings, so the same mask is chosen
(tests/test_qr.py compares the two on many addresses).
"""
from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

FINDER_LIKE = "10111010000"  # ReportLab's rule 3 pattern: dark, light, 3 dark, light, …
RUN = re.compile(r"0{5,}|1{5,}")


@lru_cache(maxsize=32)
def modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The dark and light modules of a QR code (error correction M), row by row."""
    qrencoder = encoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    if code.version is None:
        code.version = code.calculate_version()
    code.makeImpl(False, best_mask(code))
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def best_mask(code) -> int:
    """The mask ReportLab's QRCode.getBestMaskPattern picks: the first of the lowest score."""
    scores = []
    for mask in range(8):
        code.makeImpl(True, mask)
        scores.append(penalty(code.modules))
    return scores.index(min(scores))


def penalty(rows) -> int:
    """QRUtil.getLostPoint(code) of ReportLab, for the modules ``rows``."""
    lines = ["".join("1" if m else "0" for m in row) for row in rows]
    n = len(lines)
    score = 0
    for line in lines + ["".join(column) for column in zip(*lines)]:
        # rule 1: a run of five or more alike counts its length - 2
        score += sum(len(run) - 2 for run in RUN.findall(line))
    for line in lines:  # rule 3, as ReportLab scores it: in rows only (its column scan
        at = line.find(FINDER_LIKE)  # compares a tuple with a list), never at the last place
        while 0 <= at < n - len(FINDER_LIKE):
            score += 40
            at = line.find(FINDER_LIKE, at + len(FINDER_LIKE))
    # rule 2: 3 for each 2 × 2 block alike; a row as the bits of a number
    bits = [int(line, 2) for line in lines]
    inner = (1 << (n - 1)) - 1
    for above, below in zip(bits, bits[1:]):
        alike = ~(above ^ below)  # the columns where the two rows agree
        # a block: two neighbouring columns that agree, whose upper modules match too
        score += 3 * bin(alike & (alike >> 1) & ~(above ^ (above >> 1)) & inner).count("1")
    dark = sum(line.count("1") for line in lines)  # rule 4: far from half dark
    return score + 10 * (abs(100 * dark // (n * n) - 50) // 5)


def encoder():
    """ReportLab's QR encoder, loaded from its file alone: importing it as usual runs its
    package's __init__, which imports every barcode ReportLab has (15 ms of a cold build);
    the encoder itself needs only re and itertools."""
    import reportlab.graphics

    name = "reportlab.graphics.barcode.qrencoder"
    if name not in sys.modules:
        path = Path(reportlab.graphics.__file__).parent / "barcode" / "qrencoder.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]

"""Reading built PDFs back with independent readers (pypdf, pypdfium2)."""
from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4


@dataclass
class Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def chars(path, page_index: int) -> list[Char]:
    """Every visible character of a page, with its box in PDF points and its font size."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[page_index].get_textpage()
        out = []
        for i in range(textpage.count_chars()):
            text = textpage.get_text_range(i, 1)
            if not text.strip():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(i)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            out.append(Char(text, x0, y0, x1, y1, size))
        return out
    finally:
        pdf.close()


def page_text(path, page_index: int) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page_index].get_textpage().get_text_bounded()
    finally:
        pdf.close()


def render(path, page_index: int, scale: float = 1.0):
    """The page as a Pillow image, one pixel per point at scale 1."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page_index].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


# --- strict structural checks: every PDF the suite writes must pass them ----------------

def qpdf_available() -> bool:
    import shutil

    return shutil.which("qpdf") is not None


def qpdf_check(path) -> None:
    """``qpdf --check``: the cross-reference table, every object and every stream decode
    without an error or a warning. Skips the test when qpdf is not installed (.ci/run
    installs it)."""
    import subprocess

    import pytest

    if not qpdf_available():
        pytest.skip("qpdf is not installed: `qpdf --check` not run")
    run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                         timeout=60)
    report = (run.stdout + run.stderr).strip()
    # 0: no problems; 2: errors; 3: warnings only (qpdf repaired something): both fail here.
    assert run.returncode == 0, f"qpdf --check {path} exited {run.returncode}:\n{report}"
    assert "WARNING" not in report.upper(), f"qpdf --check {path}:\n{report}"


def pypdf_strict_check(path) -> int:
    """Open with pypdf in strict mode (no repairs: a broken xref or object is an error) and
    read every page: its boxes, its content streams and its text. Returns the page count."""
    import logging
    import warnings

    from pypdf import PdfReader

    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-"), f"{path} does not start with %PDF-"
    assert data.rstrip().endswith(b"%%EOF"), f"{path} does not end with %%EOF (cut short?)"
    logged: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            logged.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # what pypdf had to repair is an error here
            reader = PdfReader(path, strict=True)
            assert len(reader.pages) > 0, f"{path} has no pages"
            for page in reader.pages:
                assert page.mediabox.width > 0 and page.mediabox.height > 0
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                page.extract_text()
    finally:
        logger.removeHandler(handler)
    assert not logged, f"pypdf warned while reading {path}: {logged}"
    return len(reader.pages)


def strict_check(path) -> None:
    """The strict check every PDF the test suite writes must pass: pypdf in strict mode
    reads every page, then ``qpdf --check`` (skipped when qpdf is not installed)."""
    pypdf_strict_check(path)
    qpdf_check(path)

#!/usr/bin/env python3
"""Benchmark `leaflet` as whole processes, and compare it with a bare ReportLab script,
Typst and WeasyPrint.

Run it with the Python that has leaflet installed:

    python bench/bench.py            # 5 runs of every scenario, 1 warm-up round
    python bench/bench.py --quick    # 1 run, a smaller corpus: a smoke test

Standard library only. Every figure is a whole process started with
subprocess and reaped with os.wait4: wall time around the process, CPU time
(user + sys) and peak RSS (ru_maxrss) of that one process. The runs go round
robin (scenario A, B, C, ..., then A, B, C again), and what a target compares
leaflet with runs right after leaflet's scenario in every round: the targets
are judged on the ratios of those pairs, each measured in the same moment. Each
scenario works in its own temporary copy of leaflets/ (``--root``); nothing is
written into the project.

See bench/README.md for what each row means.
"""
from __future__ import annotations

import argparse
import html
import inspect
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PROJECT = Path(__file__).resolve().parents[1]
PY = sys.executable
LEAFLET = [PY, "-m", "leaflet"]

# ---------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float        # seconds
    cpu: float         # seconds, user + sys of the process (and anything it waited for)
    rss: int           # bytes, ru_maxrss
    status: int        # exit status
    out_bytes: int
    out_files: int
    wrote: int         # "wrote PATH" lines leaflet printed: the files it (re)built
    stdout: str
    stderr: str


def maxrss_bytes(ru_maxrss: int) -> int:
    # Linux and the BSDs report KiB, macOS reports bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_process(argv: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int, int, str, str]:
    """Start ``argv``, wait for it with wait4: (wall s, cpu s, rss bytes, status, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env)
        _, wait_status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(wait_status)  # Popen must not wait again
        out.seek(0)
        err.seek(0)
        return (wall, usage.ru_utime + usage.ru_stime, maxrss_bytes(usage.ru_maxrss),
                proc.returncode, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def process_env(cache_in: Path | None = None) -> dict:
    """Python as users have it: compiled modules (.pyc) are written and reused, even where
    the shell says PYTHONDONTWRITEBYTECODE (then every run would compile leaflet's own
    modules from source again). Any per-user cache goes into ``cache_in``, so a cold run
    starts without one."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if cache_in is not None:
        env["XDG_CACHE_HOME"] = str(cache_in / ".cache")
    return env


def tree_size(paths: list[Path]) -> tuple[int, int]:
    """Bytes and number of files of the PDFs under (or at) ``paths``."""
    total = count = 0
    for path in paths:
        files = [path] if path.is_file() else (path.rglob("*.pdf") if path.is_dir() else [])
        for file in files:
            total += file.stat().st_size
            count += 1
    return total, count


@dataclass
class Scenario:
    name: str
    argv: list[str] = field(default_factory=list)
    cwd: Path | None = None
    outputs: list[Path] = field(default_factory=list)   # measured after each run
    prepare: Callable[[int], None] | None = None       # before each run (untimed); gets the run index
    skip: str = ""                                       # a reason: the row prints it, nothing runs
    kind: str = "leaflet"                                # leaflet | startup | reportlab | typst | weasyprint
    key: str = ""                                        # how targets() finds the row
    runs: list[Run] = field(default_factory=list)
    failed: str = ""

    def measure(self, index: int) -> None:
        if self.skip or self.failed:
            return
        if self.prepare:
            self.prepare(index)
        env = process_env(self.cwd if self.kind == "leaflet" else None)
        wall, cpu, rss, status, stdout, stderr = run_process(self.argv, self.cwd or Path.cwd(), env)
        size, count = tree_size(self.outputs)
        wrote = sum(1 for line in stdout.splitlines() if line.startswith("wrote "))
        run = Run(wall, cpu, rss, status, size, count, wrote, stdout, stderr)
        if status != 0:
            last = [line for line in stderr.strip().splitlines() if line.strip()]
            self.failed = f"FAILED (exit {status}): {last[-1] if last else 'no message'}"
            self.last_failed = run
            return
        self.runs.append(run)


@dataclass
class WatchScenario(Scenario):
    """`leaflet watch` running: each run changes one word and waits for its 'ok:' line.
    wall is from the save to that line (however the watch learns of the save, included);
    cpu is what the watch process and the children it waited for used meanwhile (/proc,
    in ticks)."""
    text_file: Path | None = None
    original: str = ""
    process: subprocess.Popen | None = None

    def measure(self, index: int) -> None:
        if self.skip or self.failed:
            return
        try:
            if self.process is None:
                self.process = subprocess.Popen(self.argv, cwd=self.cwd, env=process_env(self.cwd),
                                                text=True, stdout=subprocess.PIPE,
                                                stderr=subprocess.STDOUT)
                self.wait_for_summary()  # the first build: untimed
            cpu = self.cpu()
            toggle_one_word(self.text_file, self.original)
            start = time.perf_counter()
            said = self.wait_for_summary()
            wall = time.perf_counter() - start
        except RuntimeError as exc:
            self.failed = f"FAILED: {exc}"
            self.stop()
            return
        size, count = tree_size(self.outputs)
        wrote = sum(1 for line in said if line.startswith("wrote "))
        self.runs.append(Run(wall, self.cpu() - cpu, self.peak(), 0, size, count, wrote,
                             "\n".join(said), ""))

    def wait_for_summary(self, timeout: float = 120) -> list[str]:
        said, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("leaflet watch ended: " + " / ".join(said[-3:]))
            said.append(line.rstrip("\n"))
            if line.startswith("ok:"):
                return said
            if "watching" in line or "waiting" in line:  # a summary, but not a good one
                raise RuntimeError(line.strip())
        raise RuntimeError("no answer from leaflet watch")

    def cpu(self) -> float:
        try:  # utime, stime, and those of waited-for children (the forked drawing)
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return 0.0

    def peak(self) -> int:
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
        return 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# ---------------------------------------------------------------- the projects to build


def copy_project(dest: Path) -> Path:
    """A copy of the project's leaflets/ under ``dest`` (the fonts come with the installed package)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT / "leaflets", dest / "leaflets",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pdf"))
    return dest


def set_languages(leaflet_yaml: str, langs: list[str]) -> str:
    line = f"languages: [{', '.join(langs)}]"
    if re.search(r"^languages:.*$", leaflet_yaml, flags=re.M):
        return re.sub(r"^languages:.*$", line, leaflet_yaml, count=1, flags=re.M)
    return leaflet_yaml.rstrip("\n") + "\n" + line + "\n"


def set_title(text_yaml: str, title: str) -> str:
    if re.search(r"^title:.*$", text_yaml, flags=re.M):
        return re.sub(r"^title:.*$", f"title: {title}", text_yaml, count=1, flags=re.M)
    return f"title: {title}\n" + text_yaml


def synthetic_corpus(dest: Path, leaflets: int, langs: list[str], source: str = "mmn",
                     source_lang: str = "da") -> Path:
    """``leaflets`` copies of leaflets/<source>/, its <source_lang>.yaml as every language in ``langs``."""
    src = PROJECT / "leaflets" / source
    folder = dest / "leaflets"
    folder.mkdir(parents=True, exist_ok=True)
    # What the leaflets share (organisation.yaml, images/, ...), but no other leaflet and no booklet.
    for entry in (PROJECT / "leaflets").iterdir():
        if entry.is_file():
            shutil.copy2(entry, folder / entry.name)
        elif entry.is_dir() and entry.name != "booklets" and not (entry / "leaflet.yaml").exists():
            shutil.copytree(entry, folder / entry.name)
    spec = (src / "leaflet.yaml").read_text(encoding="utf-8")
    text = (src / f"{source_lang}.yaml").read_text(encoding="utf-8")
    for number in range(1, leaflets + 1):
        leaflet = folder / f"syn{number:02d}"
        # the leaflet's own images and the like, but none of its YAML files
        shutil.copytree(src, leaflet, ignore=shutil.ignore_patterns("*.yaml", "__pycache__"))
        (leaflet / "leaflet.yaml").write_text(set_languages(spec, langs), encoding="utf-8")
        for lang in langs:
            (leaflet / f"{lang}.yaml").write_text(
                set_title(text, f"MMN {number} {lang.upper()}"), encoding="utf-8")
    return dest


def toggle_one_word(path: Path, original: str) -> None:
    """Append a word to the first paragraph of the file, or take it away again: one text changed."""
    current = path.read_text(encoding="utf-8")
    if current != original:
        path.write_text(original, encoding="utf-8")
        return
    lines = original.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if re.match(r"^\s*-?\s*text:\s*[|>]", line):
            for later in range(index + 1, len(lines)):
                if lines[later].strip():
                    body = lines[later].rstrip("\n")
                    lines[later] = body + " ekstra" + lines[later][len(body):]
                    path.write_text("".join(lines), encoding="utf-8")
                    return
    # No block text found: change the title instead, still one text.
    path.write_text(set_title(original, "MMN ekstra"), encoding="utf-8")


def leaflet_help() -> str:
    _, _, _, _, out, err = run_process(LEAFLET + ["--help"], PROJECT.parent)
    return out + err


# ---------------------------------------------------------------- the same text, for Typst and WeasyPrint

YAML_TO_JSON = (
    "import json, sys, yaml\n"
    "print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8')), default=str))\n")


def read_text_yaml(path: Path) -> dict:
    """The text file as data. bench.py is stdlib only, so PyYAML (a dependency of leaflet,
    hence installed beside it) is asked in a child process of the same Python."""
    proc = subprocess.run([PY, "-c", YAML_TO_JSON, str(path)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"cannot read {path}: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout)


INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[(.+?)\]\((\S+?)\)", re.S)


def inline(text: str, plain: Callable[[str], str], bold, italic, link) -> str:
    text = " ".join(text.split())
    out, pos = [], 0
    for match in INLINE.finditer(text):
        out.append(plain(text[pos:match.start()]))
        if match.group(1) is not None:
            out.append(bold(plain(match.group(1))))
        elif match.group(2) is not None:
            out.append(italic(plain(match.group(2))))
        else:
            out.append(link(plain(match.group(3)), match.group(4)))
        pos = match.end()
    out.append(plain(text[pos:]))
    return "".join(out)


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def blocks(data: dict) -> list[tuple[str, object]]:
    """(kind, value) for the text's cover, content and back, in reading order."""
    items: list[tuple[str, object]] = [("title", data.get("title", "")),
                                       ("subtitle", data.get("subtitle", ""))]
    cover = data.get("cover") or {}
    if isinstance(cover, dict) and cover.get("text"):
        items += [("text", p) for p in paragraphs(cover["text"])]
    items.append(("break", None))

    def walk(seq):
        for block in seq or []:
            if not isinstance(block, dict):
                continue
            if "heading" in block:
                items.append(("heading", block["heading"]))
            elif "text" in block:
                items.extend(("text", p) for p in paragraphs(block["text"]))
            elif "bullets" in block:
                items.append(("bullets", list(block["bullets"] or [])))
            elif "box" in block:
                box = block["box"] or {}
                inner: list[tuple[str, object]] = []
                if box.get("heading"):
                    inner.append(("heading", box["heading"]))
                if box.get("text"):
                    inner.extend(("text", p) for p in paragraphs(box["text"]))
                if box.get("bullets"):
                    inner.append(("bullets", list(box["bullets"])))
                items.append(("box", inner))
            elif "contact" in block:
                items.append(("text", "GBS|CIDP Patientforening · https://www.gbs-cidp.dk · "
                                      "kontakt@gbs-cidp.dk · 40 200 290"))
    walk(data.get("content"))
    items.append(("break", None))
    walk(data.get("back"))
    return items


def typst_escape(text: str) -> str:
    return re.sub(r"([\\#$*_<>@\[\]`~=\-+/\"'])", r"\\\1", text)


def typst_inline(text: str) -> str:
    return inline(text, typst_escape, lambda t: f"*{t}*", lambda t: f"_{t}_",
                  lambda t, url: f'#link("{url}")[{t}]')


def typst_document(data: dict, lang: str, font: bool) -> str:
    """A tri-fold in Typst: A4 landscape, 3 columns, 10 pt, justified and hyphenated."""
    lines = [
        '#set page(paper: "a4", flipped: true, margin: 10mm, columns: 3)',
        "#set columns(gutter: 14mm)",
        "#set text(" + ('font: "Noto Sans", ' if font else "")
        + f'size: 10pt, lang: "{lang}", hyphenate: true)',
        "#set par(justify: true, spacing: 0.6em)",
        '#show heading: set text(size: 12pt, fill: rgb("#1d5a96"))',
        "",
    ]

    def emit(kind, value, into):
        if kind == "title":
            into.append(f"#text(size: 36pt, weight: \"bold\", fill: rgb(\"#1d5a96\"))"
                        f"[{typst_inline(str(value))}]\n")
        elif kind == "subtitle":
            into.append(f"#text(size: 14pt)[{typst_inline(str(value))}]\n")
        elif kind == "heading":
            into.append(f"== {typst_inline(str(value))}\n")
        elif kind == "text":
            into.append(f"{typst_inline(str(value))}\n")
        elif kind == "bullets":
            into.extend(f"- {typst_inline(str(item))}" for item in value)
            into.append("")
        elif kind == "box":
            inner: list[str] = []
            for k, v in value:
                emit(k, v, inner)
            into.append('#block(fill: rgb("#e8f0f8"), stroke: rgb("#1d5a96"), inset: 6pt, '
                        "breakable: false, width: 100%)[\n" + "\n".join(inner) + "\n]\n")
        elif kind == "break":
            into.append("#colbreak()\n")

    for kind, value in blocks(data):
        emit(kind, value, lines)
    return "\n".join(lines) + "\n"


def html_inline(text: str) -> str:
    return inline(text, lambda t: html.escape(t, quote=False), lambda t: f"<b>{t}</b>",
                  lambda t: f"<i>{t}</i>", lambda t, url: f'<a href="{html.escape(url)}">{t}</a>')


def html_document(data: dict, lang: str, fonts: Path | None) -> str:
    """The same tri-fold as HTML for WeasyPrint: A4 landscape, column-count 3, 10 pt."""
    faces = ""
    family = "sans-serif"
    if fonts:
        family = "'Noto Sans Bench'"
        for file, weight, style in (("NotoSans-Regular.ttf", "normal", "normal"),
                                    ("NotoSans-Bold.ttf", "bold", "normal"),
                                    ("NotoSans-Italic.ttf", "normal", "italic"),
                                    ("NotoSans-BoldItalic.ttf", "bold", "italic")):
            faces += (f"@font-face {{ font-family: 'Noto Sans Bench'; font-weight: {weight}; "
                      f"font-style: {style}; src: url('{(fonts / file).as_uri()}'); }}\n")
    style = faces + f"""
@page {{ size: A4 landscape; margin: 10mm; }}
body {{ column-count: 3; column-gap: 14mm; font: 10pt/1.25 {family};
        text-align: justify; hyphens: auto; margin: 0; }}
h1 {{ font-size: 36pt; color: #1d5a96; margin: 0; }}
.subtitle {{ font-size: 14pt; }}
h2 {{ font-size: 12pt; color: #1d5a96; break-after: avoid; margin: 0.8em 0 0.3em; }}
p {{ margin: 0 0 0.6em; orphans: 2; widows: 2; }}
.box {{ background: #e8f0f8; border: 1pt solid #1d5a96; padding: 6pt; break-inside: avoid; }}
.break {{ break-after: column; }}
"""
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
           f"<title>{html.escape(str(data.get('title', '')))}</title>"
           f"<style>{style}</style></head><body>"]

    def emit(kind, value, into):
        if kind == "title":
            into.append(f"<h1>{html_inline(str(value))}</h1>")
        elif kind == "subtitle":
            into.append(f'<p class="subtitle">{html_inline(str(value))}</p>')
        elif kind == "heading":
            into.append(f"<h2>{html_inline(str(value))}</h2>")
        elif kind == "text":
            into.append(f"<p>{html_inline(str(value))}</p>")
        elif kind == "bullets":
            into.append("<ul>" + "".join(f"<li>{html_inline(str(i))}</li>" for i in value)
                        + "</ul>")
        elif kind == "box":
            inner: list[str] = []
            for k, v in value:
                emit(k, v, inner)
            into.append('<div class="box">' + "".join(inner) + "</div>")
        elif kind == "break":
            into.append('<div class="break"></div>')

    for kind, value in blocks(data):
        emit(kind, value, out)
    out.append("</body></html>")
    return "\n".join(out)


TYPST_DRIVER = """\
import sys, typst
fonts = [sys.argv[1]] if sys.argv[1] else []
pairs = sys.argv[2:]
for source, target in zip(pairs[::2], pairs[1::2]):
    typst.compile(source, output=target, font_paths=fonts)
"""

WEASY_DRIVER = """\
import sys, weasyprint
pairs = sys.argv[1:]
for source, target in zip(pairs[::2], pairs[1::2]):
    weasyprint.HTML(filename=source).write_pdf(target)
"""


# The floor for one cold leaflet: what a minimal script that sets the same text costs,
# interpreter start and imports included. Its text comes from the same helpers as the
# Typst and HTML documents (inline, paragraphs, blocks: copied in by reportlab_script),
# so all three set the same blocks; it reads the YAML itself, as leaflet does.
REPORTLAB_HEAD = """\
# A bare ReportLab script, written by leaflet's bench/bench.py: a text file of leaflet's
# as one PDF, A4 landscape, three columns. Usage: python THIS TEXT.yaml FONTS-FOLDER OUT.pdf
from __future__ import annotations

import re
import sys
from html import escape
from typing import Callable

import yaml
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

"""

REPORTLAB_BODY = """
source, fonts, target = sys.argv[1:]
for (bold, italic), face in {(0, 0): "NotoSans-Regular", (1, 0): "NotoSans-Bold",
                             (0, 1): "NotoSans-Italic", (1, 1): "NotoSans-BoldItalic"}.items():
    pdfmetrics.registerFont(TTFont(face, f"{fonts}/{face}.ttf"))
    addMapping("NotoSans", bold, italic, face)

blue, tint = HexColor("#1d5a96"), HexColor("#e8f0f8")
body = ParagraphStyle("text", fontName="NotoSans-Regular", fontSize=10, leading=12.5,
                      alignment=TA_JUSTIFY, spaceAfter=6, hyphenationLang="da_DK",
                      embeddedHyphenation=1, bulletFontName="NotoSans-Regular")
styles = {
    "text": body,
    "title": ParagraphStyle("title", body, fontName="NotoSans-Bold", fontSize=36, leading=42,
                            textColor=blue, alignment=TA_LEFT, hyphenationLang=""),
    "subtitle": ParagraphStyle("subtitle", body, fontSize=14, leading=18, alignment=TA_LEFT,
                               hyphenationLang=""),
    "heading": ParagraphStyle("heading", body, fontName="NotoSans-Bold", fontSize=12, leading=15,
                              textColor=blue, alignment=TA_LEFT, hyphenationLang="",
                              spaceBefore=8, spaceAfter=3, keepWithNext=1),
    "bullet": ParagraphStyle("bullet", body, leftIndent=10, spaceAfter=2),
}
boxed = {kind: ParagraphStyle(kind + "-box", style, backColor=tint)
         for kind, style in styles.items()}


def markup(text):
    return inline(text, lambda t: escape(t, quote=False), lambda t: f"<b>{t}</b>",
                  lambda t: f"<i>{t}</i>", lambda t, url: f'<a href="{escape(url)}">{t}</a>')


story = []


def flow(kind, value, style):
    if kind == "break":
        story.append(FrameBreak())
    elif kind == "box":
        for inner_kind, inner_value in value:
            flow(inner_kind, inner_value, boxed)
    elif kind == "bullets":
        story.extend(Paragraph(markup(str(item)), style["bullet"], bulletText="\u2022")
                     for item in value)
    elif value:
        story.append(Paragraph(markup(str(value)), style[kind]))


data = yaml.safe_load(open(source, encoding="utf-8"))
for kind, value in blocks(data):
    flow(kind, value, styles)

page = landscape(A4)
margin, gutter = 10 * mm, 14 * mm
width = (page[0] - 2 * margin - 2 * gutter) / 3
frames = [Frame(margin + column * (width + gutter), margin, width, page[1] - 2 * margin,
                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
          for column in range(3)]
doc = BaseDocTemplate(target, pagesize=page, invariant=1, title=str(data.get("title", "")),
                      pageTemplates=[PageTemplate("trifold", frames)])
doc.build(story)
"""


def reportlab_script() -> str:
    helpers = "\n\n".join(inspect.getsource(helper) for helper in (inline, paragraphs, blocks))
    return (REPORTLAB_HEAD + f"INLINE = re.compile({INLINE.pattern!r}, re.S)\n\n\n"
            + helpers + "\n" + REPORTLAB_BODY)


def fonts_folder() -> Path | None:
    """leaflet's own Noto Sans (package data; the checkout's fonts/ in an editable install),
    asked in a child process: bench.py is stdlib only."""
    proc = subprocess.run(
        [PY, "-c", "from leaflet.layout.fonts import fonts_folder; print(fonts_folder())"],
        capture_output=True, text=True)
    folder = Path(proc.stdout.strip()) if proc.returncode == 0 else None
    return folder if folder and (folder / "NotoSans-Regular.ttf").is_file() else None


def module_version(module: str) -> str | None:
    """The module's version if this Python can import it (asked in a child: stdlib only here)."""
    code = (f"import importlib.metadata as m, {module}\n"
            f"try: print(m.version({module!r}))\n"
            f"except Exception: print(getattr({module}, '__version__', '?'))\n")
    proc = subprocess.run([PY, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    return proc.stdout.strip() or "?"


def binary_version(binary: str) -> str:
    proc = subprocess.run([binary, "--version"], capture_output=True, text=True)
    return (proc.stdout.strip().split() or ["?"])[-1] if proc.returncode == 0 else "?"


# ---------------------------------------------------------------- the scenarios


def scenarios(work: Path, quick: bool, notes: list[str]) -> list[Scenario]:
    rows: list[Scenario] = []
    leaflet_id, lang = "mmn", "da"

    def fresh(out: Path):
        """Cold: remove the output folder (and the build record in it), and anything else a
        build may have left beside leaflets/ in the copy, such as a cache."""
        root = out.parent

        def prepare(_i):
            for entry in root.iterdir():
                if entry.name != "leaflets":
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        return prepare

    # (1) one leaflet, one language, cold: no earlier output
    one = copy_project(work / "one")
    rows.append(Scenario(f"leaflet: 1 leaflet cold ({leaflet_id}-{lang}, print+screen)",
                         LEAFLET + ["build", leaflet_id, "--lang", lang, "--root", str(one)],
                         one, [one / "output"], fresh(one / "output"), key="one"))

    # (2) the sample set, everything in leaflets/
    samples = copy_project(work / "samples")
    count = sum(1 for p in (samples / "leaflets").iterdir() if (p / "leaflet.yaml").is_file())
    rows.append(Scenario(f"leaflet: sample set cold ({count} leaflets, all languages)",
                         LEAFLET + ["build", "--root", str(samples)],
                         samples, [samples / "output"], fresh(samples / "output")))

    # (3) ten leaflets in one call, one language each (compared with Typst's ten)
    ten = synthetic_corpus(work / "ten", 10, [lang])
    rows.append(Scenario("leaflet: 10 leaflets × 1 language, one call",
                         LEAFLET + ["build", "--root", str(ten)],
                         ten, [ten / "output"], fresh(ten / "output"), key="ten"))

    # (4) the synthetic corpus
    n, langs = (5, ["da", "en"]) if quick else (30, ["da", "en", "nl", "de"])
    corpus = synthetic_corpus(work / "corpus", n, langs)
    rows.append(Scenario(f"leaflet: corpus {n} × {len(langs)} languages ({n * len(langs)} texts)",
                         LEAFLET + ["build", "--root", str(corpus)],
                         corpus, [corpus / "output"], fresh(corpus / "output"), key="corpus"))

    # (5) no-op rebuild: the same build again, nothing changed
    noop = copy_project(work / "noop")
    noop_argv = LEAFLET + ["build", leaflet_id, "--lang", lang, "--root", str(noop)]

    def built_once(root: Path, argv: list[str]):
        def prepare(_i):
            if not (root / "output").exists():
                status = run_process(argv, root, process_env(root))[3]
                if status != 0:
                    raise SystemExit(f"bench: the untimed first build failed: {' '.join(argv)}")
        return prepare

    rows.append(Scenario(f"leaflet: no-op rebuild ({leaflet_id}-{lang}, nothing changed)",
                         noop_argv, noop, [noop / "output"], built_once(noop, noop_argv),
                         key="noop"))

    # (6) rebuild after one text changed: a word added to (or taken from) one paragraph
    edit = copy_project(work / "edit")
    edit_argv = LEAFLET + ["build", leaflet_id, "--lang", lang, "--root", str(edit)]
    text_file = edit / "leaflets" / leaflet_id / f"{lang}.yaml"
    original = text_file.read_text(encoding="utf-8")
    first_build = built_once(edit, edit_argv)

    def change_one(i):
        first_build(i)
        toggle_one_word(text_file, original)

    rows.append(Scenario(f"leaflet: rebuild after one word changed ({leaflet_id}-{lang})",
                         edit_argv, edit, [edit / "output"], change_one))

    # (6a) the same change while `leaflet watch` runs: no start-up, modules and fonts loaded
    live = copy_project(work / "watch")
    live_file = live / "leaflets" / leaflet_id / f"{lang}.yaml"
    rows.append(WatchScenario(
        f"leaflet: the same change under `leaflet watch` ({leaflet_id}-{lang})",
        LEAFLET + ["watch", leaflet_id, "--lang", lang, "--root", str(live)], live,
        [live / "output"], key="watch", text_file=live_file,
        original=live_file.read_text(encoding="utf-8")))

    # (7) a booklet of 64 pages with imposition: only if the command exists
    help_text = leaflet_help()
    has_booklet = re.search(r"^\s+booklet\b", help_text, flags=re.M) is not None
    booklet = Scenario("leaflet: booklet 64 pages + imposition", kind="leaflet")
    if not has_booklet:
        booklet.skip = "n/a (no booklet command yet)"
    elif not (PROJECT / "leaflets" / "booklets").is_dir():
        booklet.skip = "n/a (booklet command exists; no leaflets/booklets/ to build)"
    else:
        broot = copy_project(work / "booklet")
        booklet.argv = LEAFLET + ["booklet", "--root", str(broot)]
        booklet.cwd, booklet.outputs = broot, [broot / "output"]
        booklet.prepare = fresh(broot / "output")
        notes.append("booklet: ran `leaflet booklet --root ROOT` on a copy of leaflets/booklets/; "
                     "check it is a 64-page booklet")
    rows.append(booklet)

    # (8) start-up
    rows.append(Scenario("start-up: python -c pass (interpreter only)", [PY, "-c", "pass"],
                         work, kind="startup"))
    rows.append(Scenario("start-up: python -c 'import leaflet.cli'",
                         [PY, "-c", "import leaflet.cli"], work, kind="startup"))
    rows.append(Scenario("start-up: python -m leaflet --help", LEAFLET + ["--help"], work,
                         kind="startup"))

    # (9) the same text in a bare ReportLab script, Typst and WeasyPrint
    text_yaml = PROJECT / "leaflets" / leaflet_id / f"{lang}.yaml"
    data = read_text_yaml(text_yaml)
    fonts = fonts_folder()
    cmp_dir = work / "compare"
    cmp_dir.mkdir()

    bare = Scenario("reportlab: bare script, 1 tri-fold (one PDF)", kind="reportlab",
                    key="reportlab")
    if fonts is None:
        bare.skip = "n/a (leaflet's fonts not found)"
    else:
        script = cmp_dir / "bare_reportlab.py"
        script.write_text(reportlab_script(), encoding="utf-8")
        bare_pdf = cmp_dir / "reportlab.pdf"
        bare.name = bare.name[:-1] + f"; reportlab {module_version('reportlab')})"
        bare.argv = [PY, str(script), str(text_yaml), str(fonts), str(bare_pdf)]
        bare.cwd, bare.outputs = cmp_dir, [bare_pdf]
        bare.prepare = lambda _i: bare_pdf.unlink(missing_ok=True)
    rows.append(bare)

    typst_version = module_version("typst")
    typst_binary = shutil.which("typst")
    typst_single = Scenario("typst: 1 tri-fold", kind="typst", key="typst1")
    typst_ten = Scenario("typst: 10 tri-folds, one process", kind="typst", key="typst10")
    if typst_version is None and typst_binary is None:
        typst_single.skip = typst_ten.skip = "not installed (pip install typst)"
    else:
        sources = []
        for number in range(1, 11):
            doc = dict(data, title=f"MMN {number}" if number > 1 else data.get("title", ""))
            path = cmp_dir / f"trifold{number:02d}.typ"
            path.write_text(typst_document(doc, lang, fonts is not None), encoding="utf-8")
            sources.append(path)
        targets = [cmp_dir / f"typst{number:02d}.pdf" for number in range(1, 11)]
        pairs = [str(p) for pair in zip(sources, targets) for p in pair]
        if typst_version is not None:
            how = f"python package {typst_version}"
            typst_single.argv = [PY, "-c", TYPST_DRIVER, str(fonts or "")] + pairs[:2]
            typst_ten.argv = [PY, "-c", TYPST_DRIVER, str(fonts or "")] + pairs
        else:
            how = f"binary {binary_version(typst_binary)}"
            font_args = ["--font-path", str(fonts)] if fonts else []
            typst_single.argv = [typst_binary, "compile", *font_args, pairs[0], pairs[1]]
            # ten compiles in one process: the binary is run ten times by one small shell
            script = " && ".join(
                " ".join([f'"{typst_binary}"', "compile", *font_args, f'"{s}"', f'"{t}"'])
                for s, t in zip(sources, targets))
            typst_ten.argv = ["/bin/sh", "-c", script]
            typst_ten.name = "typst: 10 tri-folds, one shell (10 processes)"
        typst_single.name += f" ({how})"
        typst_ten.name += f" ({how})"
        for row in (typst_single, typst_ten):
            row.cwd = cmp_dir
        typst_single.outputs = targets[:1]
        typst_ten.outputs = targets
        typst_single.prepare = lambda _i: [t.unlink(missing_ok=True) for t in targets[:1]]
        typst_ten.prepare = lambda _i: [t.unlink(missing_ok=True) for t in targets]
    rows += [typst_single, typst_ten]

    weasy_version = module_version("weasyprint")
    weasy = Scenario("weasyprint: 1 tri-fold", kind="weasyprint", key="weasy")
    if weasy_version is None:
        weasy.skip = "not installed (pip install weasyprint)"
    else:
        page = cmp_dir / "trifold.html"
        page.write_text(html_document(data, lang, fonts), encoding="utf-8")
        target = cmp_dir / "weasyprint.pdf"
        weasy.name += f" (python package {weasy_version})"
        weasy.argv = [PY, "-c", WEASY_DRIVER, str(page), str(target)]
        weasy.cwd, weasy.outputs = cmp_dir, [target]
        weasy.prepare = lambda _i: target.unlink(missing_ok=True)
    rows.append(weasy)
    return rows


# Each comparison runs right after the leaflet scenario a target compares it with: on a
# shared machine what else runs changes from minute to minute, and a pair measured within
# a second shares the moment. (Typst's single build is compared with the watch and the
# no-op build; it runs after the watch, the closer of the two.)
RUN_AFTER = {"reportlab": "one", "weasy": "reportlab", "typst10": "ten", "typst1": "watch"}


def run_order(rows: list[Scenario]) -> list[Scenario]:
    """The rows in the order each round runs them: the table's, each comparison moved to
    just after the row it is compared with."""
    keys = {row.key for row in rows}
    moved = {key for key, after in RUN_AFTER.items() if after in keys}
    order: list[Scenario] = []

    def place(row: Scenario) -> None:
        order.append(row)
        for follower in rows:
            if follower.key in moved and RUN_AFTER[follower.key] == row.key:
                place(follower)

    for row in rows:
        if row.key not in moved:
            place(row)
    return order


# ---------------------------------------------------------------- the report


def median(values):
    return statistics.median(values) if values else None


def figures(row: Scenario) -> dict | None:
    if not row.runs:
        return None
    return {"wall_ms": median([r.wall for r in row.runs]) * 1000,
            "cpu_ms": median([r.cpu for r in row.runs]) * 1000,
            "peak_mb": max(r.rss for r in row.runs) / 2**20,
            "out_kb": row.runs[-1].out_bytes / 1024,
            "files": row.runs[-1].out_files,
            "wrote": row.runs[-1].wrote if row.kind == "leaflet" else None,
            "wall_min_ms": min(r.wall for r in row.runs) * 1000,
            "wall_max_ms": max(r.wall for r in row.runs) * 1000,
            "walls_ms": [round(r.wall * 1000, 1) for r in row.runs],  # round by round
            "runs": len(row.runs)}


def table(rows: list[Scenario]) -> str:
    head = ("scenario", "wall ms", "cpu ms", "peak MB", "output KB", "files", "wrote")
    lines = []
    for row in rows:
        fig = figures(row)
        if fig is None:
            lines.append((row.name, row.skip or row.failed or "no run"))
            continue
        lines.append((row.name,
                      f"{fig['wall_ms']:.0f}", f"{fig['cpu_ms']:.0f}",
                      f"{fig['peak_mb']:.1f}",
                      f"{fig['out_kb']:.1f}" if fig["files"] else "-",
                      str(fig["files"]) if fig["files"] else "-",
                      "-" if fig["wrote"] is None else str(fig["wrote"])))
    width = max(len(head[0]), *(len(line[0]) for line in lines))
    nums = [7, 7, 7, 9, 5, 5]
    fmt_head = f"{head[0]:<{width}}  " + "  ".join(f"{h:>{w}}" for h, w in zip(head[1:], nums))
    out = [fmt_head, "-" * len(fmt_head)]
    for line in lines:
        if len(line) == 2:
            out.append(f"{line[0]:<{width}}  {line[1]}")
        else:
            out.append(f"{line[0]:<{width}}  " + "  ".join(f"{v:>{w}}" for v, w in zip(line[1:], nums)))
    return "\n".join(out)


def pdf_sizes(row: Scenario, pattern: str) -> int | None:
    for path in row.outputs:
        for file in (path.rglob(pattern) if path.is_dir() else []):
            return file.stat().st_size
    return None


def targets(rows: dict[str, Scenario], quick: bool) -> list[str]:
    """The issue's targets: each figure, its limit and PASS / FAIL (n/a without a figure)."""
    def fig(key, what="wall_ms"):
        row = rows.get(key)
        got = figures(row) if row else None
        return got[what] if got else None

    def check(label, ok, detail):
        verdict = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        return f"{verdict}  {label}: {detail}"

    def ratios(key, other_key) -> list[float]:
        """wall(key) / wall(other_key) in each round (run i of both rows)."""
        ours, theirs = rows[key].runs, rows[other_key].runs
        if len(ours) != len(theirs):  # a run failed: the rounds no longer line up
            return []
        return [a.wall / b.wall for a, b in zip(ours, theirs) if b.wall > 0]

    def within(label, key, times, other_key, other_name):
        """wall(key) ≤ times × wall(other_key), judged on the median of the rounds' ratios
        (each pair ran back to back), the medians of the rows beside it"""
        got, other = fig(key), fig(other_key)
        if got is None or other is None:
            return check(label, None, "n/a")
        limit = f"{times:g} × {other:.0f} ms" if times != 1 else f"{other:.0f} ms"
        paired = ratios(key, other_key)
        if not paired:
            return check(label, got <= times * other,
                         f"{got:.0f} ms vs limit {limit} ({other_name}); {got / other:.2f}×")
        ratio = statistics.median(paired)
        spread = (f", {min(paired):.2f}–{max(paired):.2f}× in {len(paired)} rounds"
                  if len(paired) > 1 else "")
        return check(label, ratio <= times,
                     f"{ratio:.2f}× (limit {times:g}×){spread}; medians {got:.0f} ms vs "
                     f"{limit} ({other_name})")

    def faster(label, key, other_key, other_name):
        """wall(key) < wall(other_key)"""
        got, other = fig(key), fig(other_key)
        if got is None or other is None:
            return check(label, None, "n/a")
        return check(label, got < other, f"{got:.0f} ms vs limit {other:.0f} ms ({other_name})")

    out = [
        within("1 leaflet cold within 1.6× a bare ReportLab script", "one", 1.6, "reportlab",
               "bare script"),
        within("10 leaflets in one call within 3× Typst's ten in one process", "ten", 3, "typst10",
               "Typst's ten"),
        faster("no-op rebuild faster than Typst's single build", "noop", "typst1",
               "Typst's one"),
        within("a save under `leaflet watch` shown as a new PDF within Typst's single build",
               "watch", 1, "typst1", "Typst's one"),
    ]
    peak = fig("corpus", "peak_mb")
    label = "corpus 30 × 4 languages: peak memory under 200 MB"
    if quick:
        label += " (--quick: smaller corpus, not the target)"
    out.append(check(label, None if peak is None or quick else peak < 200,
                     "n/a" if peak is None else f"{peak:.1f} MB vs limit 200 MB "
                     f"({rows['corpus'].name.split(': ', 1)[1]})"))
    one, weasy = fig("one"), fig("weasy")
    out.append(check("1 leaflet cold at least 4× faster than WeasyPrint",
                     None if one is None or weasy is None else 4 * one <= weasy,
                     "n/a" if one is None or weasy is None else
                     f"{one:.0f} ms vs limit {weasy:.0f} / 4 = {weasy / 4:.0f} ms; "
                     f"{weasy / one:.1f}× faster"))
    one_row = rows.get("one")
    organisation = PROJECT / "leaflets" / "organisation.yaml"
    if organisation.is_file() and re.search(r"^logo:", organisation.read_text(encoding="utf-8"),
                                            flags=re.M):
        size_note = " [mmn-da as the sample has it: with the organisation's logo]"
    else:
        size_note = " [mmn-da]"
    for face, limit in (("print", 150), ("screen", 100)):
        size = pdf_sizes(one_row, f"*-{face}.pdf") if one_row and one_row.runs else None
        out.append(check(f"text-only tri-fold under {limit} KB ({face})",
                         None if size is None else size < limit * 1024,
                         "n/a" if size is None else
                         f"{size / 1024:.1f} KB vs limit {limit} KB{size_note}"))
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"machine: {platform.platform()}; {cpu}; {os.cpu_count()} CPUs; "
            f"Python {platform.python_version()} ({platform.python_implementation()})")


def project_state() -> str:
    try:
        proc = subprocess.run(["git", "-C", str(PROJECT), "describe", "--always", "--dirty"],
                              capture_output=True, text=True)
        if proc.returncode == 0:
            return f"leaflet at {proc.stdout.strip()}"
    except OSError:
        pass
    return "leaflet (no git)"


def tool_state() -> dict[str, tuple[int, int]]:
    """mtime and size of every file of the leaflet package this Python imports, and of its
    fonts: an editable install changed during the run mixes versions (and a changed tool
    makes a no-op rebuild build everything)."""
    proc = subprocess.run([PY, "-c", "import leaflet, os; print(os.path.dirname(leaflet.__file__))"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {}
    # every file in every subpackage (build/, layout/, ...) and the package data
    files = [f for f in Path(proc.stdout.strip()).rglob("*")
             if f.is_file() and "__pycache__" not in f.parts]
    fonts = fonts_folder()  # the checkout's fonts/ in an editable install
    files += list(fonts.glob("*")) if fonts else []
    state = {}
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        state[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return state


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--runs", type=int, default=None, help="timed runs per scenario (default 5)")
    args.add_argument("--warmup", type=int, default=None,
                      help="untimed rounds first (default 1; 0 with --quick)")
    args.add_argument("--quick", action="store_true",
                      help="1 run, no warm-up, a corpus of 5 leaflets × 2 languages")
    args.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args.add_argument("--keep", action="store_true", help="keep the temporary folder")
    opts = args.parse_args(argv)
    runs = opts.runs if opts.runs is not None else (1 if opts.quick else 5)
    warmup = opts.warmup if opts.warmup is not None else (0 if opts.quick else 1)
    if runs < 1:
        args.error("--runs must be at least 1")

    probe = subprocess.run([PY, "-c", "import leaflet.cli"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"bench: {PY} cannot import leaflet; run bench.py with the Python that has it "
              "installed (pip install -e .)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="leaflet-bench-"))
    notes: list[str] = []
    rows: list[Scenario] = []
    try:
        rows = scenarios(work, opts.quick, notes)
        keys = {row.key: row for row in rows if row.key}
        total = warmup + runs
        before = tool_state()
        started = time.perf_counter()
        for index in range(total):
            label = "warm-up" if index < warmup else f"run {index - warmup + 1}/{runs}"
            print(f"bench: {label} ...", file=sys.stderr, flush=True)
            for row in run_order(rows):
                row.measure(index)
            if index < warmup:
                for row in rows:
                    row.runs.clear()
        elapsed = time.perf_counter() - started
        after = tool_state()
        changed = sorted("/".join(Path(p).parts[-2:]) for p in set(before) | set(after)
                         if before.get(p) != after.get(p))
        if changed:
            notes.append("WARNING: leaflet's own files changed during the benchmark ("
                         + ", ".join(changed[:8]) + ("…" if len(changed) > 8 else "")
                         + "): the runs mix versions, and a changed tool makes the no-op "
                         "rebuild build everything; run it again on a quiet tree")

        print()
        print(f"leaflet benchmark: medians of {runs} run{'s' if runs != 1 else ''}"
              f"{f' after {warmup} warm-up round' if warmup else ''}"
              f"{', --quick' if opts.quick else ''}; whole processes")
        print(table(rows))
        print()
        print("targets:")
        for line in targets(keys, opts.quick):
            print("  " + line)
        print()
        print(machine())
        print(f"{project_state()}; {elapsed:.0f} s in all; temporary copies in "
              f"{work if opts.keep else 'a removed temporary folder'}")
        messages: dict[str, dict[str, int]] = {}
        for row in rows:
            for run in row.runs[-1:]:
                for line in run.stderr.splitlines():
                    if line.strip():
                        # one line for the same message about every synthetic copy
                        short = re.sub(r"\S*leaflet-bench-[^/]*/[^/]*/", "", line.strip())
                        short = re.sub(r"syn\d\d", "synNN", short)
                        # and one for a message repeated at many lines of a file
                        short = re.sub(r"\.yaml:\d+(:\d+)?", ".yaml:N", short)
                        short = re.sub(r"\('[^']*'\)", "('…')", short)
                        short = re.sub(r"^\d+ warnings?", "N warnings", short)
                        where = messages.setdefault(short, {})
                        name = row.name.split(" (")[0]
                        where[name] = where.get(name, 0) + 1
        if messages or notes:
            print()
            print("notes (what the processes said on stderr in their last run):")
            for message, where in sorted(messages.items()):
                print(f"  {message[:200]}")
                print("      from " + "; ".join(f"{name} ×{n}" for name, n in sorted(where.items())))
            for note in notes:
                print(f"  {note}")
        if opts.json:
            opts.json.write_text(json.dumps({
                "machine": machine(), "project": project_state(), "runs": runs, "warmup": warmup,
                "quick": opts.quick,
                "rows": [{"name": r.name, "skip": r.skip, "failed": r.failed,
                          **(figures(r) or {})} for r in rows],
                "targets": targets(keys, opts.quick)}, indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8")
        return 1 if any(row.failed for row in rows) else 0
    finally:
        for row in rows:
            if isinstance(row, WatchScenario):
                row.stop()
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

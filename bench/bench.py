#!/usr/bin/env python3
"""Benchmark `leaflet` as whole processes, and compare it with Typst and WeasyPrint.

Run it with the Python that has leaflet installed:

    python bench/bench.py            # 5 runs of every scenario, 1 warm-up round
    python bench/bench.py --quick    # 1 run, a smaller corpus: a smoke test

Standard library only. Every figure is a whole process started with
subprocess and reaped with os.wait4: wall time around the process, CPU time
(user + sys) and peak RSS (ru_maxrss) of that one process. The runs go round
robin (scenario A, B, C, ..., then A, B, C again), so leaflet and the tools it
is compared with are measured side by side under the same conditions. Each
scenario works in its own temporary copy of leaflets/ (``--root``); nothing is
written into the project.

See bench/README.md for what each row means.
"""
from __future__ import annotations

import argparse
import html
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
WARM_DIR: Path | None = None  # leaflet's warm helper's folder for this benchmark (warm.py)
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


def leaflet_env(warm: bool) -> dict:
    """The helper of this benchmark, in its own folder (so no helper of the user's, of
    another version, answers); or none at all."""
    if not warm or WARM_DIR is None:
        return {"LEAFLET_WARM": "0"}
    return {"LEAFLET_WARM": "1", "LEAFLET_WARM_DIR": str(WARM_DIR)}


def start_warm_helper(work: Path) -> str:
    """Start leaflet's warm helper and wait until it listens; a note on how it went."""
    root = copy_project(work / "start-helper")
    env = {**os.environ, **leaflet_env(True)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    run_process(LEAFLET + ["check", "--root", str(root)], root, env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (WARM_DIR / "s").exists():
            return "leaflet's warm helper started before the runs (rows marked * use it)"
        time.sleep(0.05)
    return "WARNING: leaflet's warm helper did not start: every leaflet row built on its own"


def stop_warm_helper() -> None:
    try:
        os.kill(int((WARM_DIR / "lock").read_text()), signal.SIGTERM)
    except (OSError, ValueError, TypeError):
        pass


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
    kind: str = "leaflet"                                # leaflet | startup | typst | weasyprint
    warm: bool = True                                    # leaflet may hand it to its warm helper
    helped: int = 0                                      # timed runs its helper did
    runs: list[Run] = field(default_factory=list)
    failed: str = ""

    def measure(self, index: int) -> None:
        if self.skip or self.failed:
            return
        if self.prepare:
            self.prepare(index)
        # Python as users have it: compiled modules (.pyc) are written and reused, even
        # where the shell says PYTHONDONTWRITEBYTECODE (then every run would compile
        # leaflet's own modules from source again).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if self.kind == "leaflet" and self.cwd:
            # any per-user cache goes into the copy, so a cold run starts without it
            env["XDG_CACHE_HOME"] = str(self.cwd / ".cache")
        stats = None
        if self.kind == "leaflet":
            env.update(leaflet_env(self.warm))
            if self.warm:
                stats = self.cwd / ".warm-stats"
                stats.unlink(missing_ok=True)
                env["LEAFLET_WARM_STATS"] = str(stats)
        wall, cpu, rss, status, stdout, stderr = run_process(self.argv, self.cwd or Path.cwd(), env)
        if stats is not None and stats.exists():  # the helper's copy did the work: count it
            self.helped += 1
            for line in stats.read_text().splitlines():
                copy_ms, copy_kib = (int(v) for v in line.split())
                cpu += copy_ms / 1000
                rss = max(rss, maxrss_bytes(copy_kib))
            stats.unlink()
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
    """`leaflet watch` running: each run changes one word and waits for its 'ok' line.
    wall is from the save to that line (the watch's look for changes included); cpu is
    what the watch process and the copies it forked used meanwhile (/proc, in ticks)."""
    text_file: Path | None = None
    original: str = ""
    process: subprocess.Popen | None = None

    def measure(self, index: int) -> None:
        if self.skip or self.failed:
            return
        try:
            if self.process is None:
                env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                env["XDG_CACHE_HOME"] = str(self.cwd / ".cache")
                self.process = subprocess.Popen(self.argv, cwd=self.cwd, env=env, text=True,
                                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
            if "watching" in line:
                if not line.startswith("ok:"):
                    raise RuntimeError(line.strip())
                return said
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
                         one, [one / "output"], fresh(one / "output")))

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
                         ten, [ten / "output"], fresh(ten / "output")))

    # (4) the synthetic corpus
    n, langs = (5, ["da", "en"]) if quick else (30, ["da", "en", "nl", "de"])
    corpus = synthetic_corpus(work / "corpus", n, langs)
    rows.append(Scenario(f"leaflet: corpus {n} × {len(langs)} languages ({n * len(langs)} texts)",
                         LEAFLET + ["build", "--root", str(corpus)],
                         corpus, [corpus / "output"], fresh(corpus / "output")))

    # (5) no-op rebuild: the same build again, nothing changed
    noop = copy_project(work / "noop")
    noop_argv = LEAFLET + ["build", leaflet_id, "--lang", lang, "--root", str(noop)]

    def built_once(root: Path, argv: list[str]):
        def prepare(_i):
            if not (root / "output").exists():
                env = {**os.environ, **leaflet_env(True)}
                status = run_process(argv, root, env)[3]
                if status != 0:
                    raise SystemExit(f"bench: the untimed first build failed: {' '.join(argv)}")
        return prepare

    rows.append(Scenario(f"leaflet: no-op rebuild ({leaflet_id}-{lang}, nothing changed)",
                         noop_argv, noop, [noop / "output"], built_once(noop, noop_argv)))

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

    # (6a) one leaflet cold again, with no warm helper: every run starts from nothing
    alone = copy_project(work / "alone")
    rows.append(Scenario(f"leaflet: 1 leaflet cold, no warm helper ({leaflet_id}-{lang})",
                         LEAFLET + ["build", leaflet_id, "--lang", lang, "--root", str(alone)],
                         alone, [alone / "output"], fresh(alone / "output"), warm=False))

    # (6b) the same change while `leaflet watch` runs: no start-up, modules and fonts loaded
    live = copy_project(work / "watch")
    live_file = live / "leaflets" / leaflet_id / f"{lang}.yaml"
    rows.append(WatchScenario(
        f"leaflet: the same change under `leaflet watch` ({leaflet_id}-{lang})",
        LEAFLET + ["watch", leaflet_id, "--lang", lang, "--root", str(live)], live,
        [live / "output"], text_file=live_file, original=live_file.read_text(encoding="utf-8")))

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

    # (9) the same text in Typst and WeasyPrint
    data = read_text_yaml(PROJECT / "leaflets" / leaflet_id / f"{lang}.yaml")
    fonts = PROJECT / "fonts"
    fonts = fonts if (fonts / "NotoSans-Regular.ttf").is_file() else None
    cmp_dir = work / "compare"
    cmp_dir.mkdir()

    typst_version = module_version("typst")
    typst_binary = shutil.which("typst")
    typst_single = Scenario("typst: 1 tri-fold", kind="typst")
    typst_ten = Scenario("typst: 10 tri-folds, one process", kind="typst")
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
    weasy = Scenario("weasyprint: 1 tri-fold", kind="weasyprint")
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
            "runs": len(row.runs)}


def table(rows: list[Scenario]) -> str:
    head = ("scenario", "wall ms", "cpu ms", "peak MB", "output KB", "files", "wrote")
    lines = []
    for row in rows:
        fig = figures(row)
        if fig is None:
            lines.append((row.name, row.skip or row.failed or "no run"))
            continue
        lines.append((row.name + (" *" if row.helped else ""),
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
    def fig(key, what="wall_ms"):
        row = rows.get(key)
        got = figures(row) if row else None
        return got[what] if got else None

    def check(label, ok, detail):
        verdict = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        return f"{verdict}  {label}: {detail}"

    out = []
    one, typ1 = fig("one"), fig("typst1")
    out.append(check("cold build of one leaflet within 4× Typst's single build",
                     None if one is None or typ1 is None else one <= 4 * typ1,
                     "n/a" if one is None or typ1 is None else
                     f"{one:.0f} ms vs 4 × {typ1:.0f} = {4 * typ1:.0f} ms ({one / typ1:.1f}×)"))
    ten, typ10 = fig("ten"), fig("typst10")
    out.append(check("ten leaflets in one call within 2× Typst's ten",
                     None if ten is None or typ10 is None else ten <= 2 * typ10,
                     "n/a" if ten is None or typ10 is None else
                     f"{ten:.0f} ms vs 2 × {typ10:.0f} = {2 * typ10:.0f} ms ({ten / typ10:.1f}×)"))
    noop = fig("noop")
    out.append(check("no-op rebuild faster than Typst's single build",
                     None if noop is None or typ1 is None else noop < typ1,
                     "n/a" if noop is None or typ1 is None else f"{noop:.0f} ms vs {typ1:.0f} ms"))
    weasy = fig("weasy")
    out.append(check("one leaflet at least 4× faster than WeasyPrint",
                     None if one is None or weasy is None else 4 * one <= weasy,
                     "n/a" if one is None or weasy is None else
                     f"{one:.0f} ms vs {weasy:.0f} ms ({weasy / one:.1f}× faster)"))
    peak = fig("corpus", "peak_mb")
    corpus = rows.get("corpus")
    label = "peak memory under 200 MB for the 120-output corpus"
    if quick:
        label += " (--quick: smaller corpus, not the target)"
    out.append(check(label, None if peak is None or quick else peak < 200,
                     "n/a" if peak is None else f"{peak:.1f} MB ({corpus.name.split(': ', 1)[1]})"))
    one_row = rows.get("one")
    organisation = PROJECT / "leaflets" / "organisation.yaml"
    if organisation.is_file() and re.search(r"^logo:", organisation.read_text(encoding="utf-8"),
                                            flags=re.M):
        size_note = " [mmn-da as the sample has it: with the organisation's logo]"
    else:
        size_note = " [mmn-da]"
    if one_row and one_row.runs:
        printed, screen = pdf_sizes(one_row, "*-print.pdf"), pdf_sizes(one_row, "*-screen.pdf")
        out.append(check("text-only tri-fold under 150 KB (print)",
                         None if printed is None else printed < 150 * 1024,
                         "n/a" if printed is None else f"{printed / 1024:.1f} KB{size_note}"))
        out.append(check("text-only tri-fold under 100 KB (screen)",
                         None if screen is None else screen < 100 * 1024,
                         "n/a" if screen is None else f"{screen / 1024:.1f} KB{size_note}"))
    else:
        out.append(check("text-only tri-fold under 150 KB (print) / 100 KB (screen)", None, "n/a"))
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
    """mtime and size of every file of the leaflet package this Python imports, and of fonts/:
    an editable install changed during the run mixes versions (and a changed tool makes
    a no-op rebuild build everything)."""
    proc = subprocess.run([PY, "-c", "import leaflet, os; print(os.path.dirname(leaflet.__file__))"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {}
    files = list(Path(proc.stdout.strip()).rglob("*.py")) + list((PROJECT / "fonts").glob("*"))
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

    global WARM_DIR
    work = Path(tempfile.mkdtemp(prefix="leaflet-bench-"))
    WARM_DIR = work / "w"
    notes: list[str] = []
    rows: list[Scenario] = []
    try:
        rows = scenarios(work, opts.quick, notes)
        print("bench: starting leaflet's warm helper ...", file=sys.stderr, flush=True)
        notes.append(start_warm_helper(work))
        keys = {"one": rows[0], "samples": rows[1], "ten": rows[2], "corpus": rows[3],
                "noop": rows[4], "edit": rows[5]}
        for row in rows:
            if row.kind == "typst":
                keys["typst1" if "1 tri-fold" in row.name else "typst10"] = row
            if row.kind == "weasyprint":
                keys["weasy"] = row
        total = warmup + runs
        before = tool_state()
        started = time.perf_counter()
        for index in range(total):
            label = "warm-up" if index < warmup else f"run {index - warmup + 1}/{runs}"
            print(f"bench: {label} ...", file=sys.stderr, flush=True)
            for row in rows:
                row.measure(index)
            if index < warmup:
                for row in rows:
                    row.runs.clear()
                    row.helped = 0
        elapsed = time.perf_counter() - started
        after = tool_state()
        changed = sorted(Path(p).name for p in set(before) | set(after)
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
        stop_warm_helper()
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

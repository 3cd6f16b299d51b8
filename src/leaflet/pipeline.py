"""Find the leaflets, run every step for each language, and write the PDFs atomically.

The steps, top to bottom: load and validate every file a build touches
(collecting every problem), check the glyphs, lay out, draw, and only when
nothing anywhere failed, write. A failed build leaves earlier outputs as they were.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import schema, source
from .errors import LeafletError, Pos, Problems, error, warning
from .labels import hyphenation_dictionary, is_right_to_left
from .model import (Box, Bullets, Content, Heading, Image, Leaflet, LeafletSpec, Organisation,
                    Paragraphs, References)

NOT_LEAFLETS = {"booklets", "images"}


class UsageError(Exception):
    """The command line asks for something that is not there (exit status 2)."""


@dataclass
class Result:
    problems: Problems
    written: list[Path] = field(default_factory=list)


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
            write_atomically(content.path, text.encode("utf-8"))
            written.append(content.path)
    return written


def texts(content: Content):
    """Every text of a leaflet that will be printed, for checks that look at characters."""
    for text in (content.title, content.subtitle, content.cover_text):
        if text:
            yield text
    yield from _block_texts(content.content + content.back)


def _block_texts(blocks):
    for block in blocks:
        if isinstance(block, Heading):
            yield block.text
        elif isinstance(block, Paragraphs):
            yield from block.paragraphs
        elif isinstance(block, (Bullets, References)):
            yield from block.items
        elif isinstance(block, Box):
            if block.heading:
                yield block.heading
            yield from _block_texts(block.blocks)
        elif getattr(block, "caption", None):
            yield block.caption


def check_glyphs(content: Content, organisation: Organisation, problems: Problems) -> None:
    from . import fonts

    # The raw value is checked: the markup's own characters are all in the font.
    for text in list(texts(content)) + [organisation.name]:
        rtl = next((i for i, ch in enumerate(text.value) if is_right_to_left(ch)), None)
        if rtl is not None:
            problems.add(error(
                text.pos_of(rtl),
                "right-to-left text (Arabic, Hebrew) cannot be typeset correctly yet",
                "leaflet would print its words in the wrong order, so it refuses; "
                "use a PDF made with another tool for this language for now"))
            continue
        for index, char in fonts.missing(text.value):
            problems.add(error(
                text.pos_of(index),
                f"the font has no glyph for '{char}' (U+{ord(char):04X}); it would not print",
                "replace it with a similar character or write it out in words"))


def images_of(content: Content):
    if content.cover_image:
        yield content.cover_image
    for block in content.content + content.back:
        if isinstance(block, Image):
            yield block


def check_images(content: Content, problems: Problems) -> None:
    from .images import NotAnImage, inspect

    for image in images_of(content):
        try:
            inspect(image.src)
        except NotAnImage as exc:
            written = os.path.relpath(image.src, content.path.parent)
            problems.add(error(image.pos, f"the image '{written}' {exc}"))


def check_resolution(layout, problems: Problems) -> None:
    """Warn of images below 300 ppi where they are placed; refuse those below 150 ppi."""
    from .images import MIN_PPI, PRINT_PPI, ppi

    for panel in layout.panels.values():
        for placed in panel.items:
            pixels = getattr(placed.flowable, "pixels", None)
            if not pixels:
                continue
            value = ppi(pixels[0], placed.flowable.width)
            pos = placed.flowable.pos
            message = (f"the image is {value:.0f} ppi at its printed size "
                       f"({placed.flowable.width / 72 * 25.4:.0f} mm wide)")
            if value < MIN_PPI:
                problems.add(error(pos, message + f"; print needs at least {MIN_PPI}",
                                   f"use an image at least {pixels[0] * PRINT_PPI / value:.0f} "
                                   "pixels wide"))
            elif value < PRINT_PPI - 0.5:
                problems.add(warning(pos, message + f"; print shops want {PRINT_PPI}"))


def slug_date(content: Content) -> str:
    """The date on the slug: the text's own 'updated', else SOURCE_DATE_EPOCH, else today."""
    if content.updated:
        return content.updated
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def make(root: Path, out: Path | None, ids=(), langs=(), write: bool = True,
         proof: bool = False) -> Result:
    """Build (or with ``write=False`` only check) the leaflets; raise LeafletError on errors."""
    problems = Problems()
    project = load_project(root, ids, langs, problems)
    outputs: dict[Path, bytes] = {}
    if project.organisation is not None:
        for spec, contents in project.leaflets:
            for content in contents:
                leaflet = Leaflet(spec, content, project.organisation)
                outputs.update(_leaflet_outputs(leaflet, out or root / "output", write, problems,
                                                proof))
    problems.check()
    result = Result(problems)
    for path, data in outputs.items():
        write_atomically(path, data)
        result.written.append(path)
    return result


def _leaflet_outputs(leaflet: Leaflet, out: Path, render: bool, problems: Problems,
                     proof: bool = False):
    from . import folds, labels, typeset

    check_glyphs(leaflet.content, leaflet.organisation, problems)
    check_images(leaflet.content, problems)
    if problems.errors:
        return {}
    if not hyphenation_dictionary(leaflet.content.lang):
        problems.add(warning(
            leaflet.content.title.pos,
            f"no hyphenation dictionary for '{leaflet.content.lang}': the text is set "
            "ragged-right, without hyphenation",
            "mark long words' breaks with soft hyphens (U+00AD) if lines look uneven"))
    sheet = folds.sheet(leaflet.spec.fold, leaflet.spec.paper)
    try:
        layout = typeset.typeset(leaflet, sheet)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return {}
    problems.extend(layout.problems)
    check_resolution(layout, problems)
    if not render or problems.errors:
        return {}
    from . import render as draw

    spec, content = leaflet.spec, leaflet.content
    name = f"{spec.id}-{content.lang}"
    title = content.title.value + (f" – {content.subtitle.value}" if content.subtitle else "")
    meta = draw.Meta(
        title=title, author=leaflet.organisation.name.value, subject=title, lang=content.lang,
        slug=f"{name} · {spec.fold} {spec.paper} · "
             f"{labels.format_date(content.lang, slug_date(content))}")
    folder = out / spec.id
    outputs = {folder / f"{name}-print.pdf": draw.print_pdf(layout, leaflet, meta),
               folder / f"{name}-screen.pdf": draw.screen_pdf(layout, leaflet, meta)}
    if proof:
        from . import proof as proofs

        outputs[folder / f"{name}-proof.pdf"] = proofs.proof_pdf(layout, leaflet, meta)
        outputs[folder / f"{spec.id}-foldtest.pdf"] = proofs.fold_test_pdf(
            sheet, spec.print.duplex, draw.Meta(f"{spec.id}: fold test", meta.author,
                                                "fold test", content.lang, ""))
    return outputs


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

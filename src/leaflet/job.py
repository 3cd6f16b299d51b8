"""One leaflet in one language: check its characters and images, lay it out once,
and draw every PDF it needs. Jobs share nothing, so they can run in parallel.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LeafletError, Problem, Problems, error, warning
from .labels import hyphenation_dictionary, is_right_to_left
from .model import (Box, Bullets, Content, Heading, Image, Leaflet, Organisation, Paragraphs,
                    References)


@dataclass(frozen=True)
class Job:
    leaflet: Leaflet
    out: Path
    render: bool = True   # False: check only (lay out, draw nothing)
    proof: bool = False
    preview: bool = False
    fork: bool = False    # draw print and screen side by side (forks.py): a job alone


@dataclass
class JobResult:
    outputs: dict[Path, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def run(job: Job) -> JobResult:
    problems = Problems()
    outputs = _outputs(job, problems)
    return JobResult(outputs if not problems.errors else {}, problems.items)


def name(job: Job) -> str:
    return f"{job.leaflet.spec.id}-{job.leaflet.content.lang}"


def output_paths(job: Job) -> dict[str, Path]:
    """The files a job writes, by kind."""
    spec = job.leaflet.spec
    folder, base = job.out / spec.id, name(job)
    paths = {"print": folder / f"{base}-print.pdf", "screen": folder / f"{base}-screen.pdf",
             "html": folder / f"{base}.html"}
    if job.proof:
        paths["proof"] = folder / f"{base}-proof.pdf"
        paths["foldtest"] = folder / f"{spec.id}-foldtest.pdf"
    if job.preview:
        from .folds import sheet

        layout = sheet(spec.fold, spec.paper)
        names = [f"panel-{name}" for name in layout.reading_order] + [v for v, _ in layout.views]
        for picture in names:
            paths[f"preview-{picture}"] = folder / "preview" / f"{base}-{picture}.png"
    return paths


def inputs(job: Job) -> list[Path]:
    """Every file whose change changes what the job makes."""
    leaflet = job.leaflet
    files = [leaflet.spec.folder / "leaflet.yaml", leaflet.content.path,
             leaflet.spec.folder.parent / "organisation.yaml"]
    files += [image.src for image in images_of(leaflet.content)]
    if leaflet.organisation.logo:
        files.append(leaflet.organisation.logo)
    return files


def options(job: Job) -> dict:
    """What besides the files decides the output: today's date when the text has none."""
    return {"slug-date": slug_date(job.leaflet.content)}


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
        rtl = None
        if text.value and max(text.value) >= "\u0590":  # where right-to-left letters begin
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


def check_images(leaflet: Leaflet, problems: Problems) -> None:
    """Every image the leaflet prints, the organisation's logo included, must be usable."""
    from .images import NotAnImage, inspect

    content, org = leaflet.content, leaflet.organisation
    pictures = [("image", image.src, image.pos, content.path.parent)
                for image in images_of(content)]
    if org.logo:
        pictures.append(("logo", org.logo, org.logo_pos, leaflet.spec.folder.parent))
    for what, path, pos, folder in pictures:
        try:
            inspect(path)
        except NotAnImage as exc:
            problems.add(error(pos, f"the {what} '{os.path.relpath(path, folder)}' {exc}"))


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


def _outputs(job: Job, problems: Problems):
    leaflet, render, proof = job.leaflet, job.render, job.proof
    from . import folds, labels, typeset

    check_glyphs(leaflet.content, leaflet.organisation, problems)
    check_images(leaflet, problems)
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
    paths = output_paths(job)
    from . import html

    def screen_and_html():
        return draw.screen_pdf(layout, leaflet, meta), html.render(leaflet).encode("utf-8")

    def print_sheet():
        return draw.print_pdf(layout, leaflet, meta)

    if job.fork:
        from .forks import side_by_side

        (screen, page), sheet_pdf = side_by_side(screen_and_html, print_sheet)
    else:
        sheet_pdf, (screen, page) = print_sheet(), screen_and_html()
    outputs = {paths["print"]: sheet_pdf, paths["screen"]: screen, paths["html"]: page}
    if proof:
        from . import proof as proofs

        outputs[paths["proof"]] = proofs.proof_pdf(layout, leaflet, meta)
        outputs[paths["foldtest"]] = proofs.fold_test_pdf(
            sheet, spec.print.duplex, draw.Meta(f"{spec.id}: fold test", meta.author,
                                                "fold test", content.lang, ""))
    if job.preview:
        from .preview import previews

        for picture, data in previews(outputs[paths["screen"]], sheet).items():
            outputs[paths[f"preview-{picture}"]] = data
    return outputs



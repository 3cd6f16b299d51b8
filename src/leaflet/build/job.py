"""One leaflet in one language: check its characters and images, lay it out once,
and draw every file it needs. Jobs share nothing, so they can run in parallel.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from leaflet import markup, settings
from leaflet.errors import LeafletError, Problem, Problems, warning
from leaflet.folds import sheet as fold_sheet
from leaflet.labels import format_date, hyphenation_dictionary
from leaflet.model import Content, Leaflet, images_of


@dataclass(frozen=True, kw_only=True)
class Job:
    """One leaflet in one language to build (or only to check), and where its files go."""

    leaflet: Leaflet
    out: Path
    draw: bool = True     # False: check only (lay out, draw nothing)
    proof: bool = False
    preview: bool = False


@dataclass
class JobResult:
    """What one job made: each output's bytes by its path (not yet written), and the
    problems it found."""

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
        layout = fold_sheet(spec.fold, spec.paper)
        names = [f"panel-{name}" for name in layout.reading_order] + [v for v, _ in layout.views]
        for picture in names:
            paths[f"preview-{picture}"] = folder / "preview" / f"{base}-{picture}.png"
    return paths


def inputs(job: Job) -> list[Path]:
    """Every file whose change changes what the job makes."""
    leaflet = job.leaflet
    files = [leaflet.spec.folder / "leaflet.yaml", leaflet.content.path,
             leaflet.organisation.path or leaflet.spec.folder.parent / "organisation.yaml"]
    files += [image.src for image in images_of(leaflet.content)]
    if leaflet.organisation.logo:
        files.append(leaflet.organisation.logo)
    return files


def options(job: Job) -> dict:
    """What besides the files decides the output: today's date when the text has none."""
    return {"slug-date": slug_date(job.leaflet.content)}


def slug_date(content: Content) -> str:
    """The date on the slug: the text's own 'updated', else SOURCE_DATE_EPOCH, else today."""
    if content.updated:
        return content.updated
    return (settings.source_date() or dt.date.today()).isoformat()


def _outputs(job: Job, problems: Problems) -> dict[Path, bytes]:
    """The steps: check, lay out, draw; {} as soon as one found an error."""
    from leaflet.layout import preflight, punctuation, typeset

    leaflet = punctuation.typographic(job.leaflet)  # the same quotes in PDFs and HTML
    preflight.check_glyphs(leaflet.content, leaflet.organisation, problems)
    preflight.check_images(leaflet, problems)
    if problems.errors:
        return {}
    if not hyphenation_dictionary(leaflet.content.lang):
        problems.add(warning(
            leaflet.content.title.pos,
            f"no hyphenation dictionary for '{leaflet.content.lang}': the text is set "
            "ragged-right, without hyphenation",
            "mark long words' breaks with soft hyphens (U+00AD) if lines look uneven"))
    sheet = fold_sheet(leaflet.spec.fold, leaflet.spec.paper)
    try:
        layout = typeset.typeset(leaflet, sheet)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return {}
    problems.extend(layout.problems)
    preflight.check_resolution(layout, problems)
    if not job.draw or problems.errors:
        return {}
    return _draw(job, leaflet, layout, sheet)


def _draw(job: Job, leaflet, layout, sheet) -> dict[Path, bytes]:
    from leaflet.render import html, print_pdf, screen_pdf
    from leaflet.render.canvas import Meta

    spec, content = leaflet.spec, leaflet.content
    title = markup.plain(content.title.value) + (
        f" – {markup.plain(content.subtitle.value)}" if content.subtitle else "")
    meta = Meta(title=title, author=leaflet.organisation.name.value, subject=title,
                lang=content.lang,
                slug=f"{name(job)} · {spec.fold} {spec.paper} · "
                     f"{format_date(content.lang, slug_date(content))}")
    paths = output_paths(job)
    outputs = {paths["print"]: print_pdf.print_pdf(layout, leaflet, meta),
               paths["screen"]: screen_pdf.screen_pdf(layout, leaflet, meta),
               paths["html"]: html.page(leaflet).encode("utf-8")}
    if job.proof:
        from leaflet.render import proof

        outputs[paths["proof"]] = proof.proof_pdf(layout, leaflet, meta)
        outputs[paths["foldtest"]] = proof.fold_test_pdf(
            sheet, spec.print.duplex, Meta(title=f"{spec.id}: fold test", author=meta.author,
                                           subject="fold test", lang=content.lang, slug=""))
    if job.preview:
        from leaflet.render.preview import previews

        for picture, data in previews(outputs[paths["screen"]], sheet).items():
            outputs[paths[f"preview-{picture}"]] = data
    return outputs

"""Booklets: several leaflets typeset again, together, on the pages of a booklet.

``leaflets/booklets/<name>.yaml`` gives a title, a language and the leaflets in
order. The steps, top to bottom (:func:`make`):

  read      the booklet file → :class:`BookletSpec`; every problem at once, with
            "did you mean" for unknown keys and unknown leaflet ids
  load      the leaflets in the booklet's language (``project.load_project``),
            checked as a build checks them (glyphs, images)
  typeset   the cover; the contents; each leaflet from the next page, its title
            in a colour band, its text flowing through as many pages as it needs
            (``columns.fill``, ``flowables.Builder``); the back cover with the
            organisation's contact details
  render    the reading PDF (tagged like the leaflets' screen PDFs; bookmarks per
            leaflet and heading, page labels, /Lang, links); with ``imposition:
            saddle`` the same pages once more in CMYK with bleed, put onto sheets by
            impose.py
  write     both, atomically, only when nothing failed

Page numbers are the pages' places in the booklet, the cover being page 1. The
cover, the contents, blank pages and the back cover carry no printed number;
the page labels make a viewer show the printed numbers ("Forside" for the
cover, then 2, 3, …, "Bagside" for the back cover).

The leaflets' ``contact`` blocks (name, addresses and QR code on each back
panel) are left out of the chapters: the booklet prints them once, on its back
cover.
"""
from __future__ import annotations

from pathlib import Path

from leaflet.booklet import impose
from leaflet.booklet.draw import meta, print_pages_pdf, screen_pdf
from leaflet.booklet.layout import typeset_book
from leaflet.booklet.spec import Loaded, booklet_path, booklets_folder, load, names
from leaflet.build.make import Result
from leaflet.errors import LeafletError, Problems, UsageError, warning
from leaflet.files import write_atomically
from leaflet.labels import hyphenation_dictionary
from leaflet.layout import preflight
from leaflet.source.loader import display_path


def make(root: Path, out: Path | None, name: str | None = None) -> Result:
    """Build one booklet (or every booklet when ``name`` is None); raise LeafletError when
    any file has an error, having written nothing."""
    paths = [booklet_path(root, name)] if name else [booklets_folder(root) / f"{n}.yaml"
                                                     for n in names(root)]
    if not paths:
        raise UsageError(f"there are no booklets in {display_path(booklets_folder(root))}"
                         " (write one as README.md shows under 'Booklets')")
    out = (out or root / "output") / "booklets"
    problems = Problems()
    outputs: dict[Path, bytes] = {}
    for path in paths:
        loaded = load(root, path, problems)
        if loaded is not None:
            outputs.update(lay_out_and_draw(loaded, out, problems))
    problems.check()
    result = Result(problems)
    for path, data in outputs.items():
        write_atomically(path, data)
        result.written.append(path)
    return result


def lay_out_and_draw(loaded: Loaded, out: Path, problems: Problems) -> dict[Path, bytes]:
    """Lay the booklet out and draw its PDFs: {path: bytes}; {} when a step failed."""
    spec = loaded.spec
    if not hyphenation_dictionary(spec.lang):
        problems.add(warning(spec.lang_pos, f"no hyphenation dictionary for '{spec.lang}': the "
                             "text is set ragged-right, without hyphenation"))
    try:
        book = typeset_book(loaded)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return {}
    preflight.check_resolution(_AsLayout(book), problems)
    if problems.errors:
        return {}
    outputs = {out / f"{spec.name}.pdf": screen_pdf(book)}
    if spec.imposition == "saddle":
        fmt = spec.page
        sides = impose.plan(len(book.pages), fmt.width, fmt.bleed, spec.creep, keep_last=1)
        page_bleed = fmt.bleed + impose.max_shift(len(book.pages), spec.creep)
        sheets = impose.sheets_pdf(sides, fmt.width, fmt.height, fmt.bleed, meta(book),
                                   f"{spec.name} · {fmt.name} pages, saddle stitch, "
                                   f"{len(sides) * 2} pages", spec.press)
        outputs[out / f"{spec.name}-print.pdf"] = impose.impose_pdf(
            print_pages_pdf(book, page_bleed), sheets, sides, page_bleed,
            impose.sheet_margin(fmt.bleed), fmt.height, fmt.bleed)
    return outputs


class _AsLayout:
    """What preflight.check_resolution reads of a layout: its panels, here the booklet's pages."""

    def __init__(self, book):
        self.panels = {page.number: page.layout for page in book.pages if page.layout}

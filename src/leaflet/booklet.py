"""Booklets: several leaflets typeset again, together, on the pages of a booklet.

``leaflets/booklets/<name>.yaml`` gives a title, a language and the leaflets in
order. The steps, top to bottom (:func:`make`):

  read      the booklet file → :class:`BookletSpec`; every problem at once, with
            "did you mean" for unknown keys and unknown leaflet ids
  load      the leaflets in the booklet's language (``pipeline.load_project``),
            checked as a build checks them (glyphs, images)
  typeset   the cover; the contents; each leaflet from a right-hand page, its title
            in a colour band, its text flowing through as many pages as it needs
            (``typeset.fill``, ``flowables.Builder``); the back cover with the
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

from dataclasses import dataclass
from pathlib import Path

from . import pipeline, schema, source
from .errors import LeafletError, Pos, Problems, error, warning
from .fields import Field
from .labels import is_language
from .model import Leaflet, Organisation, Text
from .pipeline import Result, UsageError
from .units import INCH, MM, parse_length

# --- the booklet file --------------------------------------------------------------------


@dataclass(frozen=True)
class PageFormat:
    name: str
    width: float    # points, the trimmed page
    height: float
    bleed: float
    columns: int    # text columns: A4 pages are too wide for one


PAGES = {
    "A5": PageFormat("A5", 148 * MM, 210 * MM, 3 * MM, 1),
    "A4": PageFormat("A4", 210 * MM, 297 * MM, 3 * MM, 2),
    "half-letter": PageFormat("half-letter", 5.5 * INCH, 8.5 * INCH, 0.125 * INCH, 1),
}
BOOKLET = {  # what leaflets/booklets/<name>.yaml may say (as fields.py describes the others)
    "title": Field("text", "The booklet's title, on its cover.", required=True),
    "language": Field("string", "Its language, e.g. da: every leaflet needs a text in it.",
                      required=True),
    "leaflets": Field("list", "The leaflets (their folder names), in order.", required=True,
                      items=Field("string")),
    "page": Field("choice", "The page size.", choices=tuple(PAGES)),
    "imposition": Field("choice", "saddle: also a PDF with the pages on sheets, to fold and "
                        "staple.", choices=("none", "saddle")),
    "creep": Field("length", "The paper's thickness, e.g. 0.1mm: inner sheets' pages move "
                   "that much per sheet towards the spine."),
}
MAX_CREEP = 0.5 * MM  # creep is the paper's thickness: 0.05–0.3 mm for booklet paper

# Words on the page labels of the covers, per language (English for the others).
COVER_LABELS = {"da": ("Forside", "Bagside"), "en": ("Cover", "Back cover"),
                "nl": ("Voorkant", "Achterkant"), "de": ("Titelseite", "Rückseite")}


@dataclass(frozen=True)
class BookletSpec:
    name: str
    path: Path
    title: Text | None  # None only while reporting the problems of a file without one
    lang: str
    leaflets: tuple[tuple[str, Pos], ...]  # leaflet ids in order, each where it is written
    page: PageFormat = PAGES["A5"]
    imposition: str = "none"
    creep: float = 0.0                     # points: the paper's thickness
    lang_pos: Pos | None = None


def read_booklet(node: source.Node, path: Path, known: list[str],
                 problems: Problems) -> BookletSpec | None:
    """The booklet file → a spec; every wrong value is a problem at its line."""
    r = schema.Reader(problems)
    keys = r.mapping(node, BOOKLET, "the booklet")
    title = r.text(keys.get("title"), "the booklet's title", required=True)
    lang = r.string(keys.get("language"), "language")
    if "language" in keys and not (schema.LANGUAGE_CODE.match(lang) and is_language(lang)):
        r.fail(keys["language"].pos, f"'{lang}' is not a language code",
               "use a two-letter code such as da, nl or en")
        lang = ""
    ids = _read_ids(r, keys.get("leaflets"), known)
    page = r.choice(keys.get("page"), BOOKLET["page"].choices, "page size", "A5")
    imposition = r.choice(keys.get("imposition"), BOOKLET["imposition"].choices, "imposition",
                          "none")
    creep = 0.0
    if "creep" in keys:
        text = r.string(keys["creep"], "creep")
        value = parse_length(text)
        if value is None or value > MAX_CREEP:
            r.fail(keys["creep"].pos, f"'{text}' is not a creep",
                   "write the paper's thickness with its unit, up to 0.5mm, for example 0.1mm")
        elif imposition != "saddle":
            r.warn(keys["creep"].pos, "creep is used only with 'imposition: saddle'")
        else:
            creep = value
    if not lang:
        return None  # without a language there are no leaflets to check
    return BookletSpec(path.stem, path, title, lang, tuple(ids), PAGES[page], imposition, creep,
                       keys["language"].pos)


def _read_ids(r: schema.Reader, node: source.Node | None, known: list[str]):
    ids: list[tuple[str, Pos]] = []
    for item in r.items(node, "leaflets"):
        leaflet_id = r.string(item, "a leaflet id")
        if not leaflet_id:
            if item.is_scalar:  # a list or a map here has been reported by the reader
                r.fail(item.pos, "a leaflet id is empty")
        elif leaflet_id not in known:
            r.fail(item.pos, f"there is no leaflet '{leaflet_id}'",
                   schema.suggest(leaflet_id, known) if known else "leaflets/ has no leaflets yet")
        elif leaflet_id in (seen for seen, _ in ids):
            r.fail(item.pos, f"the leaflet '{leaflet_id}' is listed twice",
                   "a booklet prints each leaflet once")
        else:
            ids.append((leaflet_id, item.pos))
    if node is not None and node.is_list and not node.value:
        r.fail(node.pos, "the list of leaflets is empty", "write the ids, e.g. [mmn, forening]")
    return ids


# --- loading ------------------------------------------------------------------------------


@dataclass
class Loaded:
    spec: BookletSpec
    organisation: Organisation
    leaflets: list[Leaflet]


def booklets_folder(root: Path) -> Path:
    return pipeline.leaflets_folder(root) / "booklets"


def names(root: Path) -> list[str]:
    folder = booklets_folder(root)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def booklet_path(root: Path, name: str) -> Path:
    """leaflets/booklets/<name>.yaml; a name that is not there is a usage error."""
    name = name[:-5] if name.endswith(".yaml") else name
    known = names(root)
    if name not in known:
        hint = schema.suggest(name, known) if known else "there are no booklets yet"
        raise UsageError(f"no booklet '{name}' in {source.display_path(booklets_folder(root))} "
                         f"({hint})")
    return booklets_folder(root) / f"{name}.yaml"


def load(root: Path, path: Path, problems: Problems) -> Loaded | None:
    """Read the booklet file and every leaflet it names, in its language; None (with the
    problems added) when anything is wrong."""
    from . import fonts

    try:
        node = source.load(path)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return None
    spec = read_booklet(node, path, pipeline.discover(root), problems)
    if spec is None:
        return None
    for index, char in fonts.missing(spec.title.value if spec.title else ""):
        problems.add(error(spec.title.pos_of(index), f"the font has no glyph for '{char}' "
                           f"(U+{ord(char):04X}); it would not print",
                           "replace it with a similar character or write it out in words"))
    organisation, leaflets = _load_leaflets(root, spec, problems)
    if problems.errors or not leaflets:
        return None
    return Loaded(spec, organisation, leaflets)


def check_files(root: Path, problems: Problems) -> None:
    """What `leaflet check` asks of booklets: their files, and that each leaflet they name
    has a text in their language (the leaflets themselves are checked as leaflets)."""
    for name in names(root):
        path = booklet_path(root, name)
        try:
            node = source.load(path)
        except LeafletError as exc:
            problems.extend(exc.problems)
            continue
        spec = read_booklet(node, path, pipeline.discover(root), problems)
        if spec is not None:
            folder = pipeline.leaflets_folder(root)
            for leaflet_id, pos in spec.leaflets:
                _has_language(folder / leaflet_id, spec, pos, problems)


def _load_leaflets(root: Path, spec: BookletSpec, problems: Problems):
    """The organisation and the booklet's leaflets in its language, checked as a build
    checks them (characters, images)."""
    from . import job

    folder = pipeline.leaflets_folder(root)
    present = [(i, pos) for i, pos in spec.leaflets
               if _has_language(folder / i, spec, pos, problems)]
    if not present:
        return None, []
    try:
        project = pipeline.load_project(root, [i for i, _ in present], [spec.lang], problems)
    except UsageError as exc:  # no leaflet lists the language in its leaflet.yaml
        problems.add(error(spec.lang_pos, str(exc)))
        return None, []
    found = {leaflet_spec.id: (leaflet_spec, contents)
             for leaflet_spec, contents in project.leaflets}
    leaflets = []
    for leaflet_id, pos in present:
        leaflet_spec, contents = found.get(leaflet_id, (None, []))
        content = next((c for c in contents if c.lang == spec.lang), None)
        if leaflet_spec is not None and content is None:
            problems.add(error(pos, f"the leaflet '{leaflet_id}' does not list the language "
                                    f"'{spec.lang}' in its leaflet.yaml"))
        elif content is not None and project.organisation is not None:
            leaflets.append(Leaflet(leaflet_spec, content, project.organisation))
    for leaflet in leaflets:
        job.check_glyphs(leaflet.content, leaflet.organisation, problems)
        job.check_images(leaflet, problems)
    return project.organisation, leaflets


def _has_language(folder: Path, spec: BookletSpec, pos: Pos, problems: Problems) -> bool:
    if (folder / f"{spec.lang}.yaml").is_file():
        return True
    have = sorted(p.stem for p in folder.glob("*.yaml")
                  if p.name != "leaflet.yaml" and schema.LANGUAGE_CODE.match(p.stem))
    problems.add(error(pos, f"the leaflet '{folder.name}' has no text in '{spec.lang}': "
                            f"there is no {folder.name}/{spec.lang}.yaml",
                       ("it has: " + ", ".join(have) + "; translate it, or take it out of "
                        "this booklet") if have else "write its text first"))
    return False


# --- building -----------------------------------------------------------------------------


def make(root: Path, out: Path | None, name: str | None = None) -> Result:
    """Build one booklet (or every booklet when ``name`` is None); raise LeafletError when
    any file has an error, having written nothing."""
    paths = [booklet_path(root, name)] if name else [booklets_folder(root) / f"{n}.yaml"
                                                     for n in names(root)]
    if not paths:
        raise UsageError(f"there are no booklets in {source.display_path(booklets_folder(root))}"
                         " (write one as README.md shows under 'Booklets')")
    out = (out or root / "output") / "booklets"
    problems = Problems()
    outputs: dict[Path, bytes] = {}
    for path in paths:
        loaded = load(root, path, problems)
        if loaded is not None:
            outputs.update(build(loaded, out, problems))
    problems.check()
    result = Result(problems)
    for path, data in outputs.items():
        pipeline.write_atomically(path, data)
        result.written.append(path)
    return result


def build(loaded: Loaded, out: Path, problems: Problems) -> dict[Path, bytes]:
    """Lay the booklet out and draw its PDFs: {path: bytes}; {} when a step failed."""
    from . import impose, job
    from .labels import hyphenation_dictionary

    spec = loaded.spec
    if not hyphenation_dictionary(spec.lang):
        problems.add(warning(spec.lang_pos, f"no hyphenation dictionary for '{spec.lang}': the "
                             "text is set ragged-right, without hyphenation"))
    from .booklet_layout import typeset_book
    from .booklet_render import meta, print_pages_pdf, screen_pdf

    try:
        book = typeset_book(loaded)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return {}
    job.check_resolution(_AsLayout(book), problems)
    if problems.errors:
        return {}
    outputs = {out / f"{spec.name}.pdf": screen_pdf(book)}
    if spec.imposition == "saddle":
        fmt = spec.page
        sides = impose.plan(len(book.pages), fmt.width, fmt.bleed, spec.creep, keep_last=1)
        page_bleed = fmt.bleed + impose.max_shift(len(book.pages), spec.creep)
        sheets = impose.sheets_pdf(sides, fmt.width, fmt.height, fmt.bleed, meta(book),
                                   f"{spec.name} · {fmt.name} pages, saddle stitch, "
                                   f"{len(sides) * 2} pages")
        outputs[out / f"{spec.name}-print.pdf"] = impose.impose_pdf(
            print_pages_pdf(book, page_bleed), sheets, sides, page_bleed,
            impose.sheet_margin(fmt.bleed), fmt.height, fmt.bleed)
    return outputs


class _AsLayout:
    """What job.check_resolution reads of a layout: its panels, here the booklet's pages."""

    def __init__(self, book):
        self.panels = {page.number: page.layout for page in book.pages if page.layout}

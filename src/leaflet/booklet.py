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
  render    the reading PDF (bookmarks per leaflet and heading, page labels, /Lang,
            links); with ``imposition: saddle`` the same pages once more in CMYK with
            bleed, put onto sheets by impose.py
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

from collections import deque
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from reportlab.platypus import Flowable

from . import pipeline, schema, source
from .errors import LeafletError, Pos, Problems, error, warning
from .labels import is_language, label
from .model import Contact, Leaflet, Organisation, Text
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
IMPOSITIONS = ("none", "saddle")
BOOKLET_KEYS = ("title", "language", "leaflets", "page", "imposition", "creep")
MAX_CREEP = 0.5 * MM  # creep is the paper's thickness: 0.05–0.3 mm for booklet paper

# Words on the page labels of the covers, per language (English for the others).
COVER_LABELS = {"da": ("Forside", "Bagside"), "en": ("Cover", "Back cover"),
                "nl": ("Voorkant", "Achterkant"), "de": ("Titelseite", "Rückseite")}


@dataclass(frozen=True)
class BookletSpec:
    name: str
    path: Path
    title: Text
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
    keys = r.mapping(node, BOOKLET_KEYS, "the booklet", required=("title", "language", "leaflets"))
    title = r.text(keys.get("title"), "the booklet's title", required=True)
    lang = r.string(keys.get("language"), "language")
    if "language" in keys and not (schema.LANGUAGE_CODE.match(lang) and is_language(lang)):
        r.fail(keys["language"].pos, f"'{lang}' is not a language code",
               "use a two-letter code such as da, nl or en")
        lang = ""
    ids = _read_ids(r, keys.get("leaflets"), known)
    page = r.choice(keys.get("page"), tuple(PAGES), "page size", "A5")
    imposition = r.choice(keys.get("imposition"), IMPOSITIONS, "imposition", "none")
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
    if title is None or not lang:
        return None
    return BookletSpec(path.stem, path, title, lang, tuple(ids), PAGES[page], imposition, creep,
                       keys["language"].pos)


def _read_ids(r: schema.Reader, node: source.Node | None, known: list[str]):
    ids: list[tuple[str, Pos]] = []
    for item in r.items(node, "leaflets"):
        leaflet_id = r.string(item, "a leaflet id")
        if not leaflet_id:
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
    """Read the booklet file and every leaflet it names, in its language."""
    from . import fonts, job

    try:
        node = source.load(path)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return None
    spec = read_booklet(node, path, pipeline.discover(root), problems)
    if spec is None:
        return None
    for index, char in fonts.missing(spec.title.value):
        problems.add(error(spec.title.pos_of(index), f"the font has no glyph for '{char}' "
                           f"(U+{ord(char):04X}); it would not print",
                           "replace it with a similar character or write it out in words"))
    folder = pipeline.leaflets_folder(root)
    present = [(i, pos) for i, pos in spec.leaflets if _has_language(folder / i, spec, pos,
                                                                   problems)]
    try:
        project = pipeline.load_project(root, [i for i, _ in present], [spec.lang], problems)
    except UsageError as exc:
        problems.add(error(spec.lang_pos, str(exc)))
        return None
    by_id = {leaflet_spec.id: (leaflet_spec, contents)
             for leaflet_spec, contents in project.leaflets}
    leaflets = []
    for leaflet_id, pos in present:
        leaflet_spec, contents = by_id.get(leaflet_id, (None, []))
        content = next((c for c in contents if c.lang == spec.lang), None)
        if leaflet_spec is not None and content is None:
            problems.add(error(pos, f"the leaflet '{leaflet_id}' does not list the language "
                                    f"'{spec.lang}' in its leaflet.yaml"))
        elif content is not None and project.organisation is not None:
            leaflets.append(Leaflet(leaflet_spec, content, project.organisation))
    for leaflet in leaflets:
        job.check_glyphs(leaflet.content, leaflet.organisation, problems)
        job.check_images(leaflet, problems)
    if problems.errors or not leaflets:
        return None
    return Loaded(spec, project.organisation, leaflets)


def _has_language(folder: Path, spec: BookletSpec, pos: Pos, problems: Problems) -> bool:
    if (folder / f"{spec.lang}.yaml").is_file():
        return True
    have = sorted(p.stem for p in folder.glob("*.yaml")
                  if p.name != "leaflet.yaml" and schema.LANGUAGE_CODE.match(p.stem))
    problems.add(error(pos, f"the leaflet '{folder.name}' has no text in '{spec.lang}' "
                            f"(no {folder.name}/{spec.lang}.yaml)",
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

    def __init__(self, book: "Book"):
        self.panels = {page.number: page.layout for page in book.pages if page.layout}


# --- typesetting ----------------------------------------------------------------------------

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 20 * MM, 20 * MM
HEAD_Y, FOLIO_Y = 11 * MM, 10 * MM  # baselines of the running head (from the top trim) and
#                                     of the page number (from the bottom trim)
BAND_PAD_TOP, BAND_PAD_BOTTOM, BAND_GAP = 14 * MM, 7 * MM, 8 * MM  # a leaflet's title band
MAX_PAGES = 2000  # a runaway layout stops here instead of filling the disk


class TocEntry(Flowable):
    """A line of the contents: a leaflet's title (and subtitle), its page number at the
    right of the title, and on screen a link to the leaflet."""

    NUMBER_WIDTH = 14 * MM

    def __init__(self, parts: list, number_style, key: str):
        super().__init__()
        self.parts, self.number_style, self.key = parts, number_style, key
        self.number: int | None = None  # known once the leaflets are laid out

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(part.wrap(aw - self.NUMBER_WIDTH, 10_000)[1] for part in self.parts)
        return self.width, self.height

    def split(self, aw, ah):
        return []

    def getSpaceBefore(self):
        return 3 * MM

    def getSpaceAfter(self):
        return 3 * MM

    def draw(self):
        from reportlab.platypus import Paragraph

        canvas, y = self.canv, self.height
        for part in self.parts:
            y -= part.height
            part.drawOn(canvas, 0, y)
        # Set in the title's style, right-aligned: its baseline is the title's first baseline.
        number = Paragraph(str(self.number), self.number_style)
        _, h = number.wrap(self.NUMBER_WIDTH, 1000)
        number.drawOn(canvas, self.width - self.NUMBER_WIDTH, self.height - h)
        if not getattr(canvas, "for_print", False):
            canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)


@dataclass
class Chapter:
    leaflet: Leaflet
    key: str                    # its bookmark
    title: str                  # plain text: the running head and the bookmark
    entry: TocEntry
    first: int = 0              # the page its title is on


@dataclass
class Page:
    kind: str                   # cover | contents | opener | text | blank | back
    layout: object = None       # a typeset.PanelLayout; None for a blank page
    chapter: Chapter | None = None
    number: int = 0             # its place in the booklet, from 1
    band: list = field(default_factory=list)  # opener: (flowable, height) in the title band
    band_height: float = 0.0

    @property
    def folio(self) -> bool:
        """Whether the page number is printed on it."""
        return self.kind in ("opener", "text")


@dataclass
class Book:
    spec: BookletSpec
    organisation: Organisation
    pages: list[Page]
    chapters: list[Chapter]


def page_sheet(fmt: PageFormat, margin_top: float = MARGIN_TOP):
    """A booklet page as typeset.py sees a panel: a 'sheet' of a single panel."""
    from .folds import Panel, Sheet

    panel = Panel("page", f"{fmt.name} booklet page", 0, 0.0, fmt.width)
    return Sheet(width=fmt.width, height=fmt.height, side_names=("page",), panels=(panel,),
                 reading_order=("page",), flow_order=("page",), margin_x=MARGIN_X,
                 margin_top=margin_top, margin_bottom=MARGIN_BOTTOM)


class PageRun:
    """Pages made as the text asks for them, for :func:`typeset.fill` to walk.

    ``new_page(index)`` makes the index-th page of the run. Iterating yields the
    columns of page after page; ``run[-1]`` is the last column made (what fill
    measures an overflow against).
    """

    def __init__(self, new_page):
        self.new_page = new_page
        self.pages: list[Page] = []
        self._frames: list = []

    def __iter__(self):
        index = 0
        while True:
            while index >= len(self._frames):
                if len(self.pages) >= MAX_PAGES:
                    return
                page = self.new_page(len(self.pages))
                self.pages.append(page)
                self._frames += page.layout.frames()
            yield self._frames[index]
            index += 1

    def __getitem__(self, index):
        return self._frames[index]

    def used(self) -> list[Page]:
        """The pages that received something (the last one made may have stayed empty)."""
        pages = list(self.pages)
        while len(pages) > 1 and not pages[-1].layout.items:
            pages.pop()
        return pages


def book_styles(primary: str, lang: str, exceptions=()) -> dict:
    """The leaflets' styles (styles.make, body at 10 pt) and the few a booklet adds."""
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    from . import fonts, styles

    sty = dict(styles.make(primary, lang, styles.PREFERRED_BODY, tuple(exceptions)))
    body = sty["body"]
    sty["chapter-title"] = ParagraphStyle("chapter-title", parent=sty["title"], fontSize=30,
                                          leading=34)
    sty["chapter-subtitle"] = ParagraphStyle("chapter-subtitle", parent=sty["subtitle"],
                                             fontSize=14, leading=18, spaceBefore=4,
                                             spaceAfter=0)
    sty["lead"] = ParagraphStyle("lead", parent=body, fontSize=11.5, leading=16,
                                 textColor=primary, alignment=TA_LEFT, spaceAfter=10)
    sty["toc-title"] = ParagraphStyle("toc-title", parent=body, fontName=fonts.BOLD,
                                      fontSize=11.5, leading=15, textColor=primary,
                                      alignment=TA_LEFT, hyphenationLang="", spaceAfter=0)
    sty["toc-number"] = ParagraphStyle("toc-number", parent=sty["toc-title"], alignment=TA_RIGHT)
    sty["toc-subtitle"] = ParagraphStyle("toc-subtitle", parent=body, alignment=TA_LEFT,
                                         hyphenationLang="", spaceAfter=0)
    sty["page-title"] = ParagraphStyle("page-title", parent=sty["heading"], spaceBefore=0,
                                       keepWithNext=0)
    return sty


def typeset_book(loaded: Loaded) -> Book:
    """Every page of the booklet, laid out; a block too tall for any page is an error."""
    from .flowables import Builder

    spec, org = loaded.spec, loaded.organisation
    front = Builder(loaded.leaflets[0], book_styles(org.colours.primary, spec.lang))
    chapters = [_chapter(n, leaflet, front) for n, leaflet in enumerate(loaded.leaflets)]
    pages = [cover_page(spec, org, chapters, front)]
    pages += contents_pages(spec, chapters, front)
    for chapter in chapters:
        if len(pages) % 2:  # the next page would be a left-hand one
            pages.append(Page("blank"))
        chapter.first = len(pages) + 1
        chapter.entry.number = chapter.first
        pages += chapter_pages(spec, chapter)
    pages.append(back_page(spec, org, front))
    for number, page in enumerate(pages, 1):
        page.number = number
    return Book(spec, org, pages, chapters)


def _chapter(index: int, leaflet: Leaflet, front) -> Chapter:
    from . import markup

    content = leaflet.content
    parts = [front.para(content.title, "toc-title")]
    if content.subtitle:
        parts.append(front.para(content.subtitle, "toc-subtitle"))
    key = f"leaflet{index + 1}"
    return Chapter(leaflet, key, markup.plain(content.title.value),
                   TocEntry(parts, front.styles["toc-number"], key))


def _fill(queue: deque, run: PageRun) -> list[Page]:
    """Flow ``queue`` through the run's pages; a block no page can hold is an error."""
    from .typeset import Overflow, fill

    try:
        fill(queue, run)
    except Overflow as exc:
        raise LeafletError([error(
            exc.pos or Pos("booklet"),
            f"this block does not fit on one page ({exc.panel.label}): it is "
            f"{exc.excess / MM:.0f} mm too tall", "split it into smaller blocks")]) from None
    return run.used()


def cover_page(spec: BookletSpec, org: Organisation, chapters, front) -> Page:
    """The title, the leaflets inside, and at the foot the logo and the organisation."""
    from reportlab.platypus import Spacer

    from .flowables import FitImage
    from .typeset import COVER_LOGO, FOOT_GAP, PanelLayout, fitted_para

    sheet = page_sheet(spec.page)
    layout = PanelLayout(sheet.panels[0], sheet)
    frame = layout.frames()[0]
    foot = [front.para(org.name, "cover-org")]
    if org.logo:
        foot.insert(0, FitImage(str(org.logo), COVER_LOGO, org.colours.primary, org.logo_pos))
    foot = [(flowable, flowable.wrap(frame.width, 1000)[1]) for flowable in foot]
    frame.reserved = sum(h for _, h in foot) + FOOT_GAP * len(foot)
    flow = [Spacer(1, 40 * MM), fitted_para(front, spec.title, "title", frame.width),
            front.para(" · ".join(chapter.title for chapter in chapters), "cover-text")]
    if sum(f.wrap(frame.width, 10_000)[1] + f.getSpaceAfter() for f in flow) > frame.height:
        flow.pop()  # too many leaflets to list them on the cover: the contents do
    for flowable in flow:
        flowable.wrap(frame.width, frame.height)
    y = 0.0
    for flowable in flow:
        frame.place(flowable, y, flowable.height)
        y += flowable.height + flowable.getSpaceAfter()
    y = layout.text_height - frame.reserved + FOOT_GAP
    for flowable, h in foot:
        frame.place(flowable, y, h)
        y += h + FOOT_GAP
    return Page("cover", layout)


def contents_pages(spec: BookletSpec, chapters, front) -> list[Page]:
    from .typeset import PanelLayout

    sheet = page_sheet(spec.page)
    run = PageRun(lambda index: Page("contents", PanelLayout(sheet.panels[0], sheet)))
    flow = [front.para(label(spec.lang, "contents"), "page-title")]
    return _fill(deque(flow + [chapter.entry for chapter in chapters]), run)


def chapter_pages(spec: BookletSpec, chapter: Chapter) -> list[Page]:
    """A leaflet's pages: its title in a colour band atop a right-hand page, then its text
    through as many pages as it needs."""
    from .flowables import Builder
    from .typeset import PanelLayout, fitted_para

    leaflet, fmt = chapter.leaflet, spec.page
    content = leaflet.content
    builder = Builder(leaflet, book_styles(leaflet.organisation.colours.primary, spec.lang,
                                           content.hyphenation))
    width = fmt.width - 2 * MARGIN_X
    band = [fitted_para(builder, content.title, "chapter-title", width)]
    if content.subtitle:
        band.append(fitted_para(builder, content.subtitle, "chapter-subtitle", width))
    band = [(flowable, flowable.wrap(width, 1000)[1]) for flowable in band]
    band_height = (BAND_PAD_TOP + BAND_PAD_BOTTOM + sum(h for _, h in band)
                   + sum(f.getSpaceBefore() for f, _ in band[1:]))
    opener, text = page_sheet(fmt, band_height + BAND_GAP), page_sheet(fmt)

    def new_page(index: int) -> Page:
        if index == 0:
            return Page("opener", PanelLayout(opener.panels[0], opener, fmt.columns), chapter,
                        band=band, band_height=band_height)
        return Page("text", PanelLayout(text.panels[0], text, fmt.columns), chapter)

    return _fill(deque(chapter_flowables(builder, leaflet)), PageRun(new_page))


def chapter_flowables(builder, leaflet: Leaflet) -> list:
    """The leaflet's text as it reads: its cover lines, the content, the back panel; its
    contact block is left for the booklet's back cover."""
    from .schema import split_paragraphs

    content = leaflet.content
    out = []
    if content.cover_text:
        out += [builder.para(p, "lead") for p in split_paragraphs(content.cover_text)]
    if content.cover_image:
        out += builder.image(content.cover_image)
    blocks = [b for b in content.content + content.back if not isinstance(b, Contact)]
    return out + builder.blocks(blocks)


def back_page(spec: BookletSpec, org: Organisation, front) -> Page:
    """The organisation's contact details and QR code, at the foot of the back cover."""
    from .typeset import PanelLayout

    sheet = page_sheet(spec.page)
    layout = PanelLayout(sheet.panels[0], sheet)
    flow = [front.para(label(spec.lang, "contact"), "page-title")]
    flow += front.contact(Contact(spec.title.pos))
    if org.website:
        flow.append(front.para(label(spec.lang, "scan"), "small"))
    page = _fill(deque(flow), PageRun(lambda index: Page("back", layout)))[0]
    items = page.layout.items
    drop = layout.text_height - (items[-1].y + items[-1].height)
    for placed in items:  # the block stands at the foot of the page
        placed.y += max(0.0, drop)
    return page


# --- drawing --------------------------------------------------------------------------------


def meta(book: Book):
    from .render import Meta

    spec = book.spec
    titles = ", ".join(chapter.title for chapter in book.chapters)
    return Meta(title=spec.title.value, author=book.organisation.name.value,
                subject=f"{spec.title.value}: {titles}", lang=spec.lang, slug="")


def draw_page(canvas, book: Book, page: Page, bleed: float) -> list:
    """One page, origin at its lower-left trim corner, colour into ``bleed`` around it.
    Returns (heading, y of its top) for each heading drawn, for the bookmarks."""
    from reportlab.lib.colors import HexColor

    fmt, primary = book.spec.page, book.organisation.colours.primary
    width, height = fmt.width, fmt.height
    canvas.saveState()
    canvas.setFillColor(HexColor(primary))
    if page.kind == "cover":
        canvas.rect(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, stroke=0, fill=1)
    elif page.kind == "opener":
        canvas.rect(-bleed, height - page.band_height, width + 2 * bleed,
                    page.band_height + bleed, stroke=0, fill=1)
    canvas.restoreState()
    y = height - BAND_PAD_TOP
    for flowable, h in page.band:
        y -= h + (flowable.getSpaceBefore() if flowable is not page.band[0][0] else 0)
        flowable.drawOn(canvas, MARGIN_X, y)
    headings = []
    if page.layout is not None:
        sheet = page.layout.sheet
        top = height - sheet.margin_top
        for placed in page.layout.items:
            y = top - placed.y - placed.height
            placed.flowable.drawOn(canvas, sheet.margin_x + placed.x, y)
            if getattr(placed.flowable, "outline_title", None):
                headings.append((placed.flowable.outline_title, y + placed.height))
    if page.kind == "text":
        _running_head(canvas, page.chapter.title, width, height, primary)
    if page.folio:
        _folio(canvas, page.number, width)
    return headings


def _running_head(canvas, title: str, width: float, height: float, primary: str) -> None:
    from reportlab.lib.colors import HexColor

    from . import fonts

    canvas.saveState()
    canvas.setFillColor(HexColor(primary))
    canvas.setStrokeColor(HexColor(primary))
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.drawCentredString(width / 2, height - HEAD_Y, title)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, height - HEAD_Y - 2.5 * MM, width - MARGIN_X, height - HEAD_Y - 2.5 * MM)
    canvas.restoreState()


def _folio(canvas, number: int, width: float) -> None:
    from reportlab.lib.colors import HexColor

    from . import fonts
    from .styles import INK

    canvas.saveState()
    canvas.setFillColor(HexColor(INK))
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawCentredString(width / 2, FOLIO_Y, str(number))
    canvas.restoreState()


def screen_pdf(book: Book) -> bytes:
    """The booklet in reading order: sRGB, bookmarks per leaflet and per heading, page
    labels as printed, /Lang, title and author, working links."""
    from reportlab.pdfbase.pdfdoc import PDFPageLabel

    from .render import new_canvas

    spec = book.spec
    buffer = BytesIO()
    canvas = new_canvas(buffer, (spec.page.width, spec.page.height), meta(book))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showOutline()
    cover, back = COVER_LABELS.get(spec.lang, COVER_LABELS["en"])
    canvas.addPageLabel(0, prefix=cover)
    canvas.addPageLabel(1, style=PDFPageLabel.ARABIC, start=2)
    canvas.addPageLabel(len(book.pages) - 1, prefix=back)
    for page in book.pages:
        if page.kind == "cover":
            canvas.bookmarkPage("cover")
            canvas.addOutlineEntry(spec.title.value, "cover", 0)
        elif page.kind == "contents" and page.number == 2:
            canvas.bookmarkPage("contents")
            canvas.addOutlineEntry(label(spec.lang, "contents"), "contents", 0)
        elif page.kind == "opener":
            canvas.bookmarkPage(page.chapter.key)
            canvas.addOutlineEntry(page.chapter.title, page.chapter.key, 0)
        for n, (title, y) in enumerate(draw_page(canvas, book, page, 0)):
            key = f"p{page.number}h{n}"
            canvas.bookmarkHorizontal(key, 0, y + 4)
            canvas.addOutlineEntry(title, key, 1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def print_pages_pdf(book: Book, bleed: float) -> bytes:
    """The pages once more for print, to be imposed: CMYK, images at 300 ppi, each page
    with ``bleed`` of colour around its trim."""
    from .render import new_canvas, to_cmyk

    fmt = book.spec.page
    buffer = BytesIO()
    canvas = new_canvas(buffer, (fmt.width + 2 * bleed, fmt.height + 2 * bleed), meta(book),
                        enforceColorSpace=to_cmyk)
    canvas.for_print = True  # images from their CMYK copies; no links
    for page in book.pages:
        canvas.saveState()
        canvas.translate(bleed, bleed)
        draw_page(canvas, book, page, bleed)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()

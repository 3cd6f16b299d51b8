"""Booklet pages: the cover, the contents, each leaflet from the next page, the
back cover; the leaflets' text flowing through as many pages as it needs.

Reuses the leaflets' typesetting (``flowables.Builder``, ``columns.fill``) on
pages instead of panels; the result, a :class:`Book`, is drawn by draw.py.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.platypus import Flowable

from leaflet.source import loader
from leaflet.booklet.spec import BookletSpec, Loaded, PageFormat
from leaflet.errors import LeafletError, Pos, error
from leaflet.layout import balance
from leaflet.labels import label
from leaflet.model import Contact, Leaflet, Organisation
from leaflet.units import MM

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 20 * MM, 20 * MM
HEAD_Y, FOLIO_Y = 11 * MM, 10 * MM  # baselines of the running head (from the top trim) and
#                                     of the page number (from the bottom trim)
BAND_PAD_TOP, BAND_PAD_BOTTOM, BAND_GAP = 14 * MM, 7 * MM, 8 * MM  # a leaflet's title band
LONELY = 0.25  # a leaflet's last page filled less than this is balanced with the one before
MAX_PAGES = 2000  # a runaway layout stops here instead of filling the disk


class TocEntry(Flowable):
    """A line of the contents: a leaflet's title (and subtitle), its page number at the
    right of the title, and on screen a link to the leaflet."""

    NUMBER_WIDTH = 14 * MM
    role = "TOCI"  # in the structure tree, inside the contents' TOC element

    def __init__(self, parts: list, number_style, key: str, page_word: str, group=None):
        super().__init__()
        self.parts, self.number_style, self.key = parts, number_style, key
        self.page_word = page_word  # "Side", for the link's description
        self.number: int | None = None  # known once the leaflets are laid out
        self.group = group
        for part in parts:  # read as "MMN Multifokal motorisk neuropati 3", not glued
            part.plain += " "

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
            words = "".join(part.plain for part in self.parts).strip()
            canvas.linkRect(f"{words}, {self.page_word} {self.number}", self.key,
                            (0, 0, self.width, self.height), relative=1)


@dataclass
class Chapter:
    """One leaflet in the booklet: its title, its contents entry, the page it starts on."""

    leaflet: Leaflet
    key: str                    # its bookmark
    title: str                  # plain text: the running head and the bookmark
    entry: TocEntry
    first: int = 0              # the page its title is on


@dataclass
class Page:
    """One page of the booklet, in reading order: what kind it is and what is set on it."""

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
    """The booklet laid out: its pages in reading order, and the chapters they belong to."""

    spec: BookletSpec
    organisation: Organisation
    pages: list[Page]
    chapters: list[Chapter]


def page_sheet(fmt: PageFormat, margin_top: float = MARGIN_TOP):
    """A booklet page as typeset.py sees a panel: a 'sheet' of a single panel."""
    from leaflet.folds import Panel, Sheet

    panel = Panel("page", f"{fmt.name} booklet page", 0, 0.0, fmt.width)
    return Sheet(width=fmt.width, height=fmt.height, side_names=("page",), panels=(panel,),
                 reading_order=("page",), flow_order=("page",), margin_x=MARGIN_X,
                 margin_top=margin_top, margin_bottom=MARGIN_BOTTOM)


class PageRun:
    """Pages made as the text asks for them, for :func:`columns.fill` to walk.

    ``new_page(index)`` makes the index-th page of the run. Iterating yields the
    columns of page after page; ``run[-1]`` is the last column made (what fill
    measures an overflow against).
    """

    def __init__(self, new_page, queue: deque | None = None):
        self.new_page = new_page
        self.pages: list[Page] = []
        self._frames: list = []
        self.queue = queue  # the queue being filled in, when the caller wants left_at
        self.left_at: list[list] = []  # per page: what was still to place when it was made

    def __iter__(self):
        index = 0
        while True:
            while index >= len(self._frames):
                if len(self.pages) >= MAX_PAGES:
                    return
                self.left_at.append(list(self.queue or ()))
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

    from leaflet.layout import fonts
    from leaflet.layout import styles

    sty = dict(styles.make(primary, lang, styles.PREFERRED_BODY, tuple(exceptions)))
    body, primary = sty["body"], sty["heading"].textColor  # a colour object, as styles.make
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
    from leaflet.layout.flowables import Builder
    from leaflet.layout.punctuation import typographic
    from leaflet.layout.structure import Group

    spec, org = loaded.spec, loaded.organisation
    leaflets = [typographic(leaflet) for leaflet in loaded.leaflets]
    # The booklet's own pages speak for organisation.yaml, whoever publishes its first leaflet.
    front = Builder(replace(leaflets[0], organisation=org),
                    book_styles(org.colours.primary, spec.lang))
    contents = Group("TOC")  # the entries share one element in the structure tree
    chapters = [_chapter(n, leaflet, front, contents) for n, leaflet in enumerate(leaflets)]
    pages = [cover_page(spec, org, chapters, front)]
    pages += contents_pages(spec, chapters, front)
    for chapter in chapters:
        # Each leaflet starts on the next page, left or right: a blank page between two
        # leaflets reads as a printing fault. The blanks that saddle stitching needs go
        # before the back cover (impose.padded).
        chapter.first = len(pages) + 1
        chapter.entry.number = chapter.first
        pages += chapter_pages(spec, chapter, org)
    pages += back_pages(spec, org, front)
    for number, page in enumerate(pages, 1):
        page.number = number
    return Book(spec, org, pages, chapters)


def _chapter(index: int, leaflet: Leaflet, front, contents) -> Chapter:
    from leaflet import markup

    content = leaflet.content
    parts = [front.para(content.title, "toc-title")]
    if content.subtitle:
        parts.append(front.para(content.subtitle, "toc-subtitle"))
    key = f"leaflet{index + 1}"
    return Chapter(leaflet, key, markup.plain(content.title.value),
                   TocEntry(parts, front.styles["toc-number"], key, label(front.lang, "page"),
                            contents))


def _fill(queue: deque, run: PageRun, spec: BookletSpec) -> list[Page]:
    """Flow ``queue`` through the run's pages; a block no page can hold is an error (at the
    block's line, or the booklet file's for what the booklet adds itself)."""
    from leaflet.layout.columns import Overflow, fill

    try:
        fill(queue, run)
    except Overflow as exc:
        raise LeafletError([error(
            exc.pos or Pos(loader.display_path(spec.path)),
            f"this block does not fit on one page ({exc.panel.label}): it is "
            f"{exc.excess / MM:.0f} mm too tall", "split it into smaller blocks")]) from None
    return run.used()


def cover_page(spec: BookletSpec, org: Organisation, chapters, front) -> Page:
    """The title, the leaflets inside, and at the foot the logo and the organisation."""
    from reportlab.platypus import Spacer

    from leaflet.layout.typeset import COVER_LOGO, FOOT_GAP, PanelLayout, fitted_para

    sheet = page_sheet(spec.page)
    layout = PanelLayout(sheet.panels[0], sheet)
    frame = layout.frames()[0]
    foot = [front.para(org.name, "cover-org", plain=True)]
    if org.logo:
        foot.insert(0, front.logo(COVER_LOGO, org.colours.primary))
    foot = [(flowable, flowable.wrap(frame.width, 1000)[1]) for flowable in foot]
    frame.reserved = sum(h for _, h in foot) + FOOT_GAP * len(foot)
    title = fitted_para(front, spec.title, "title", frame.width)
    title.role = "H1"
    inside = front.para(" · ".join(chapter.title for chapter in chapters), "cover-text")
    flow = [Spacer(1, 40 * MM), title, inside]
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
    from leaflet.layout.typeset import PanelLayout

    sheet = page_sheet(spec.page)
    run = PageRun(lambda index: Page("contents", PanelLayout(sheet.panels[0], sheet)))
    flow = [front.para(label(spec.lang, "contents"), "page-title", role="H1")]
    return _fill(deque(flow + [chapter.entry for chapter in chapters]), run, spec)


def chapter_pages(spec: BookletSpec, chapter: Chapter, org: Organisation) -> list[Page]:
    """A leaflet's pages: its title in a colour band atop its first page, then its text
    through as many pages as it needs."""
    from leaflet.layout.flowables import Builder
    from leaflet.layout.typeset import PanelLayout, fitted_para

    leaflet, fmt = chapter.leaflet, spec.page
    content = leaflet.content
    builder = Builder(leaflet, book_styles(leaflet.organisation.colours.primary, spec.lang,
                                           content.hyphenation))
    width = fmt.width - 2 * MARGIN_X
    band = [fitted_para(builder, content.title, "chapter-title", width)]
    band[0].role = "H1"
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

    own = _same_file(leaflet.organisation.path, org.path)
    flowables = chapter_flowables(builder, leaflet, own)
    queue = deque(flowables)
    run = PageRun(new_page, queue)
    pages = _fill(queue, run, spec)
    if len(pages) < 2 or balance.fill_of(pages[-1].layout) >= LONELY:
        return pages
    # A last page with a line or two on it: the last two pages share their text out evenly,
    # laid out again at the lowest height that still holds it on two pages.
    from leaflet.layout.columns import Overflow, fill

    count, rest = len(pages), run.left_at[len(pages) - 2]

    def last_two(height: float | None) -> PageRun:
        def new_lower_page(index: int) -> Page:
            page = new_page(count - 2 + index)
            page.layout.limit = height
            return page
        return PageRun(new_lower_page)

    def fits(height: float) -> bool:
        run = last_two(height)
        try:
            fill(deque(rest), run)
        except Overflow:  # a block taller than this height: not an error, only too low
            return False
        return len(run.used()) <= 2

    height = balance.lowest_height(fits, pages[-1].layout.text_height)
    return pages[:-2] + _fill(deque(rest), last_two(height), spec)


def _same_file(a: Path | None, b: Path | None) -> bool:
    """Whether two organisations are one file (named the same way or not)."""
    return a == b or (a is not None and b is not None and a.resolve() == b.resolve())


def chapter_flowables(builder, leaflet: Leaflet, own: bool = True) -> list:
    """The leaflet's text as it reads: its cover lines, the content, the back panel; its
    contact block is left for the booklet's back cover when the booklet's publisher is the
    leaflet's (``own``), and kept where it stands when another publisher's."""
    from leaflet.source.validate import split_paragraphs

    content = leaflet.content
    out = []
    if content.cover_text:
        out += [builder.para(p, "lead") for p in split_paragraphs(content.cover_text)]
    if content.cover_image:
        out += builder.image(content.cover_image)
    for block in content.content + content.back:
        if isinstance(block, Contact):
            out += [] if own else _kept_together(builder.contact(block))
        else:
            out += builder.blocks([block])
    return out


def _kept_together(flowables: list) -> list:
    """Another publisher's contact block moves to the next page whole, its QR code with
    its address: each part but the last keeps with the next one, as a heading does."""
    import copy
    from types import SimpleNamespace

    for flowable in flowables[:-1]:
        style = getattr(flowable, "style", None)
        style = copy.copy(style) if style is not None else SimpleNamespace()
        style.keepWithNext = 1
        flowable.style = style
    return flowables


def back_pages(spec: BookletSpec, org: Organisation, front) -> list[Page]:
    """The back cover: the organisation's contact details and QR code at its foot."""
    from leaflet.layout.typeset import PanelLayout

    sheet = page_sheet(spec.page)
    flow = [front.para(label(spec.lang, "contact"), "page-title", role="H1")]
    flow += front.contact(Contact(spec.title.pos))
    if org.website:
        flow.append(front.para(label(spec.lang, "scan"), "small"))
    run = PageRun(lambda index: Page("back", PanelLayout(sheet.panels[0], sheet)))
    pages = _fill(deque(flow), run, spec)
    if len(pages) == 1:  # as it always is, unless a name runs to many lines
        layout = pages[0].layout
        drop = layout.text_height - (layout.items[-1].y + layout.items[-1].height)
        for placed in layout.items:
            placed.y += max(0.0, drop)
    return pages


# --- drawing --------------------------------------------------------------------------------

"""Drawing a laid-out booklet: the reading PDF (tagged, bookmarked, labelled) and
the pages once more in CMYK with bleed, for impose.py to put onto sheets.
"""
from __future__ import annotations

from io import BytesIO

from leaflet.booklet.spec import COVER_LABELS, PageFormat
from leaflet.booklet.layout import BAND_PAD_TOP, FOLIO_Y, HEAD_Y, MARGIN_X, Book, Page
from leaflet.labels import label
from leaflet.units import MM


def meta(book: Book):
    from leaflet.markup import plain
    from leaflet.render.canvas import Meta

    spec = book.spec
    title = plain(spec.title.value)
    titles = ", ".join(chapter.title for chapter in book.chapters)
    return Meta(title=title, author=book.organisation.name.value,
                subject=f"{title}: {titles}", lang=spec.lang, slug="")


def draw_page(canvas, book: Book, page: Page, bleed: float) -> list:
    """One page, origin at its lower-left trim corner, colour into ``bleed`` around it.
    On a tagged canvas (the reading PDF) the text is marked content in reading order and
    the colour fields, running head and page number are artifacts. Returns (heading, y of
    its top) for each heading drawn, for the bookmarks."""
    from leaflet.layout.structure import draw_tagged

    fmt = book.spec.page
    # A leaflet's pages in its publisher's colour; the booklet's own in organisation.yaml's.
    colour = (page.chapter.leaflet.organisation if page.chapter else book.organisation
              ).colours.primary
    with _artifact(canvas):
        _colour_fields(canvas, page, fmt, bleed, colour)
    y = fmt.height - BAND_PAD_TOP
    for flowable, h in page.band:
        y -= h + (flowable.getSpaceBefore() if flowable is not page.band[0][0] else 0)
        draw_tagged(canvas, flowable, MARGIN_X, y)
    headings = []
    if page.layout is not None:
        sheet = page.layout.sheet
        top = fmt.height - sheet.margin_top
        for placed in page.layout.items:
            y = top - placed.y - placed.height
            draw_tagged(canvas, placed.flowable, sheet.margin_x + placed.x, y)
            if getattr(placed.flowable, "outline_title", None):
                headings.append((placed.flowable.outline_title, y + placed.height))
    with _artifact(canvas):
        if page.kind == "text":
            _running_head(canvas, page.chapter.title, fmt.width, fmt.height, colour)
        if page.folio:
            _folio(canvas, page.number, fmt.width)
    return headings


def _artifact(canvas):
    """Decoration: an artifact on a tagged canvas, plain drawing on any other."""
    from contextlib import nullcontext

    tagger = getattr(canvas, "tagger", None)
    return tagger.artifact(canvas) if tagger is not None else nullcontext()


def _colour_fields(canvas, page: Page, fmt: PageFormat, bleed: float, primary: str) -> None:
    """The cover in the primary colour, and the band behind a leaflet's title; into the bleed."""
    from reportlab.lib.colors import HexColor

    canvas.saveState()
    canvas.setFillColor(HexColor(primary))
    if page.kind == "cover":
        canvas.rect(-bleed, -bleed, fmt.width + 2 * bleed, fmt.height + 2 * bleed,
                    stroke=0, fill=1)
    elif page.kind == "opener":
        canvas.rect(-bleed, fmt.height - page.band_height, fmt.width + 2 * bleed,
                    page.band_height + bleed, stroke=0, fill=1)
    canvas.restoreState()


def _running_head(canvas, title: str, width: float, height: float, primary: str) -> None:
    from reportlab.lib.colors import HexColor

    from leaflet.layout import fonts

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

    from leaflet.layout import fonts
    from leaflet.layout.styles import INK

    canvas.saveState()
    canvas.setFillColor(HexColor(INK))
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawCentredString(width / 2, FOLIO_Y, str(number))
    canvas.restoreState()


def screen_pdf(book: Book) -> bytes:
    """The booklet in reading order: sRGB, tagged like the leaflets' screen PDFs
    (render/tags.py), bookmarks per leaflet and per heading, page labels as printed, /Lang,
    title and author, working links."""
    from reportlab.pdfbase.pdfdoc import PDFPageLabel

    from leaflet.render.canvas import new_canvas
    from leaflet.layout.structure import Tagger
    from leaflet.render.tags import add_structure

    spec = book.spec
    buffer = BytesIO()
    canvas = new_canvas(buffer, (spec.page.width, spec.page.height), meta(book))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showOutline()
    canvas.tagger = tagger = Tagger()
    cover, back = COVER_LABELS.get(spec.lang, COVER_LABELS["en"])
    canvas.addPageLabel(0, prefix=cover)
    canvas.addPageLabel(1, style=PDFPageLabel.ARABIC, start=2)
    canvas.addPageLabel(len(book.pages) - 1, prefix=back)
    for page in book.pages:
        tagger.new_page()
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
    add_structure(canvas, tagger, spec.title.value, book.organisation.name.value, spec.lang)
    canvas.save()
    return buffer.getvalue()


def print_pages_pdf(book: Book, bleed: float) -> bytes:
    """The pages once more for print, to be imposed: CMYK, images at 300 ppi, each page
    with ``bleed`` of colour around its trim."""
    from leaflet.render.canvas import new_print_canvas
    from leaflet.render.pdfx import make_pdfx

    fmt = book.spec.page
    buffer = BytesIO()
    canvas = new_print_canvas(buffer, (fmt.width + 2 * bleed, fmt.height + 2 * bleed),
                              meta(book), book.spec.press)  # images in CMYK; no links
    for page in book.pages:
        canvas.saveState()
        canvas.translate(bleed, bleed)
        draw_page(canvas, book, page, bleed)
        canvas.restoreState()
        canvas.showPage()
    make_pdfx(canvas, book.spec.press)
    canvas.save()
    return buffer.getvalue()

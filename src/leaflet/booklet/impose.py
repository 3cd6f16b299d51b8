"""Saddle-stitch imposition: which booklet page goes where, on which side of which sheet.

In printers' words: a saddle-stitched booklet is a stack of sheets, each twice
the page size (A5 pages on A4 landscape), folded once down the middle and
stapled through the fold, the spine. Its page count is a multiple of four,
because every sheet carries four pages; a booklet that falls short is padded
with blank pages, placed before the back cover so that the cover stays outside.
For n pages, the outermost sheet carries n | 1 on its outside and 2 | n-1 on its
inside, the next sheet n-2 | 3 and 4 | n-3, and so on inwards (left | right, as
the side lies face up). The sheets print on both sides, turned over on their
short edge (about the spine), outside first, outermost sheet first.

Creep (shingling): nested sheets fold around each other, so after folding the
inner sheets stick out at the fore-edge and lose more there when the booklet is
trimmed. Compensation moves every page of sheet k (0 = outermost) ``k × creep``
towards the spine, ``creep`` being the paper's thickness: the innermost of S
sheets moves (S - 1) × creep. The page's bleed still covers the sheet's edge
(the pages are drawn with bleed enough for the largest shift), and at the spine
each page is cut off where the neighbouring page begins.

The geometry (:func:`plan`) is pure: page counts and sizes in, placements in
points out. pypdf appears only in the last step, :func:`impose_pdf`, which puts
the pages of a PDF onto the sheet sides of another.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

FACES = ("outside", "inside")


@dataclass(frozen=True)
class Placement:
    """One page on one half of a sheet side. Lengths in points, from the sheet's lower-left
    trim corner."""

    page: int | None           # index into the booklet's pages in reading order; None: blank
    x: float                   # where the page's left trim edge lies on the sheet
    clip: tuple[float, float]  # the part of the sheet (x from, x to) the page may print on
    shift: float = 0.0         # creep: how far the page moved towards the spine


@dataclass(frozen=True)
class SheetSide:
    """One side of one sheet of the imposed booklet: the two pages printed on it."""

    sheet: int    # 0 = the outermost sheet
    face: str     # 'outside' | 'inside'
    left: Placement
    right: Placement

    @property
    def number(self) -> int:
        """This side's place in the print PDF, from 0: sheet 1 outside, sheet 1 inside, …"""
        return 2 * self.sheet + FACES.index(self.face)


def padded(count: int, keep_last: int = 0) -> list[int | None]:
    """The booklet's pages (indices 0…count-1) padded with blanks (None) to a multiple of 4;
    the blanks go before the last ``keep_last`` pages (the back cover stays outside)."""
    if count < 1:
        raise ValueError("a booklet has at least one page")
    keep_last = min(keep_last, count - 1)
    blanks = -count % 4
    pages: list[int | None] = list(range(count))
    at = count - keep_last
    return pages[:at] + [None] * blanks + pages[at:]


def order(total: int) -> list[tuple[int, int]]:
    """(left, right) positions, from 0, for each sheet side: n,1 / 2,n-1 / n-2,3 / …"""
    if total % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {total}")
    sides = []
    for sheet in range(total // 4):
        sides.append((total - 1 - 2 * sheet, 2 * sheet))        # outside
        sides.append((2 * sheet + 1, total - 2 - 2 * sheet))    # inside
    return sides


def creep_shift(sheet: int, creep: float) -> float:
    """How far the pages of sheet ``sheet`` (0 = outermost) move towards the spine."""
    return sheet * creep


def max_shift(count: int, creep: float) -> float:
    """The largest creep shift in a booklet of ``count`` pages (before padding)."""
    sheets = (count + -count % 4) // 4
    return creep_shift(sheets - 1, creep)


def plan(count: int, page_width: float, bleed: float, creep: float = 0.0,
         keep_last: int = 0) -> list[SheetSide]:
    """Every sheet side of a saddle-stitched booklet of ``count`` pages, in print order.

    The sheet is ``2 × page_width`` wide; the spine lies at ``page_width``. A left
    page shows from the sheet's outer bleed to the spine, a right page from the
    spine to the outer bleed.
    """
    pages = padded(count, keep_last)
    sides = []
    for number, (left, right) in enumerate(order(len(pages))):
        sheet, face = divmod(number, 2)
        shift = creep_shift(sheet, creep)
        sides.append(SheetSide(
            sheet, FACES[face],
            Placement(pages[left], shift, (-bleed, page_width), shift),
            Placement(pages[right], page_width - shift, (page_width, 2 * page_width + bleed),
                      shift)))
    return sides


def sheet_margin(bleed: float) -> float:
    """From the sheet's media box to its trim: the bleed, then room for the marks."""
    from leaflet.render.print_marks import MARK_ROOM

    return bleed + MARK_ROOM


def sheets_pdf(sides: list[SheetSide], page_width: float, height: float, bleed: float,
               meta, slug: str, press: str) -> bytes:
    """One page per sheet side, pages not yet placed: TrimBox (the flat sheet), BleedBox,
    crop marks at the corners and a dashed fold mark at the spine, all outside the bleed,
    and a slug line saying which sheet and side it is."""
    from leaflet.layout import fonts
    from leaflet.render import print_marks
    from leaflet.render.canvas import new_print_canvas
    from leaflet.render.pdfx import make_pdfx

    width, margin = 2 * page_width, sheet_margin(bleed)
    buffer = BytesIO()
    canvas = new_print_canvas(buffer, (width + 2 * margin, height + 2 * margin), meta, press)
    count = len(sides) // 2
    for side in sides:
        canvas.setTrimBox((margin, margin, margin + width, margin + height))
        canvas.setBleedBox((margin - bleed, margin - bleed,
                            margin + width + bleed, margin + height + bleed))
        canvas.saveState()
        canvas.translate(margin, margin)
        print_marks.crop_marks(canvas, width, height, bleed)
        print_marks.fold_marks(canvas, (page_width,), height, bleed)
        print_marks.slug(canvas, f"{slug} · sheet {side.sheet + 1} of {count}, {side.face}",
                   fonts.REGULAR, bleed)
        canvas.restoreState()
        canvas.showPage()
    make_pdfx(canvas, press)  # the imposed file is this one, its pages merged in
    canvas.save()
    return buffer.getvalue()


def impose_pdf(pages: bytes, sheets: bytes, sides: list[SheetSide], page_bleed: float,
               margin: float, height: float, bleed: float) -> bytes:
    """Put the pages of ``pages`` onto the sheet sides of ``sheets``, as ``sides`` says.

    ``pages`` holds one page per booklet page, each with ``page_bleed`` around its
    trim; ``sheets`` one page per sheet side (boxes and marks drawn), whose trim
    starts ``margin`` from its lower-left corner. Links are removed, not moved: on
    paper there is nothing to click, and a link to a page of the reading order
    would point nowhere on a sheet.
    """
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject, RectangleObject

    source = PdfReader(BytesIO(pages))
    writer = PdfWriter(clone_from=PdfReader(BytesIO(sheets)))
    for side in sides:
        target = writer.pages[side.number]
        for placed in (side.left, side.right):
            if placed.page is None:
                continue
            page = source.pages[placed.page]
            if NameObject("/Annots") in page:
                del page[NameObject("/Annots")]
            # What may show, in the page's own coordinates: pypdf clips a merged page to its
            # crop box, so the spine side ends where the neighbouring page begins.
            x0, x1 = (x - placed.x + page_bleed for x in placed.clip)
            page.cropbox = RectangleObject((x0, page_bleed - bleed,
                                            x1, page_bleed + height + bleed))
            offset = Transformation().translate(margin + placed.x - page_bleed,
                                                margin - page_bleed)
            target.merge_transformed_page(page, offset)
        if NameObject("/Annots") in target:
            del target[NameObject("/Annots")]
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.pdf_header = "%PDF-1.6"  # as the sheets say (PDF/X-4); pypdf would write 1.3
    out = BytesIO()
    writer.write(out)
    return out.getvalue()

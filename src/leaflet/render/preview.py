"""Pictures of a leaflet for a web page, an e-mail or a quick look: each panel,
and the leaflet as a reader holds it (closed, first opened, the inside).

The panels are rendered from the screen PDF with PDFium (pypdfium2), so the
pictures show exactly what the PDF holds; the folded views put those panels
side by side, with a thin shadow where a fold is.
"""
from __future__ import annotations

import io

from leaflet.folds import Sheet

DPI = 110
GAP = 3  # pixels of shadow between panels, where the folds are


def previews(screen_pdf: bytes, sheet: Sheet) -> dict[str, bytes]:
    """PNG files by name: one per panel ('panel-cover', …) and one per view ('closed', …)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(screen_pdf)
    try:
        panels = {name: document[i].render(scale=DPI / 72).to_pil().convert("RGB")
                  for i, name in enumerate(sheet.reading_order)}
    finally:
        document.close()
    pictures = {f"panel-{name}": image for name, image in panels.items()}
    for view, names in sheet.views:
        pictures[view] = _side_by_side([panels[name] for name in names])
    return {name: _png(image) for name, image in pictures.items()}


def _side_by_side(images):
    from PIL import Image

    width = sum(image.width for image in images) + GAP * (len(images) - 1)
    height = max(image.height for image in images)
    canvas = Image.new("RGB", (width, height), (150, 150, 150))
    x = 0
    for image in images:
        canvas.paste(image, (x, 0))
        x += image.width + GAP
    return canvas


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()

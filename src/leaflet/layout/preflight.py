"""Checks made before anything is drawn: every character has a glyph in the font, every
picture can be read, and every picture is sharp enough where it is placed.

ReportLab would silently drop a missing character and print a blurred picture;
these turn both into problems at the user's line.
"""
from __future__ import annotations

import math

import os
import re

from leaflet.errors import Problems, error, warning
from leaflet.labels import is_right_to_left
from leaflet.layout import fonts
from leaflet.layout.images import MIN_PPI, PRINT_PPI, NotAnImage, inspect, ppi
from leaflet.model import Content, Leaflet, Organisation, images_of, texts

# Embeddings, overrides and isolates: invisible, and they reorder what follows them.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def check_glyphs(content: Content, organisation: Organisation, problems: Problems) -> None:
    """Refuse a character the font lacks, and right-to-left text, at its line and column."""
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
        control = DIRECTION_CONTROLS.search(text.value)
        if control:
            problems.add(error(
                text.pos_of(control.start()),
                f"an invisible direction control (U+{ord(control.group()):04X}) is in the "
                "text here; it would turn words around where the text is copied or read",
                "delete it"))
            continue
        for index, char in fonts.missing(text.value):
            problems.add(error(
                text.pos_of(index),
                f"the font has no glyph for '{char}' (U+{ord(char):04X}); it would not print",
                "replace it with a similar character or write it out in words"))


def check_images(leaflet: Leaflet, problems: Problems) -> None:
    """Every image the leaflet prints, the organisation's logo included, must be usable."""
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
                fix = f"use an image at least {pixels[0] * PRINT_PPI / value:.0f} pixels wide"
                sharp = math.floor(placed.flowable.width / 72 * 25.4 * value / PRINT_PPI)
                if placed.flowable.sized_by_block and sharp >= 10:  # else: only a larger one
                    fix += f", or print it at most {sharp} mm wide: 'width: {sharp}mm' in its block"
                problems.add(warning(pos, message + f"; print shops want {PRINT_PPI}", fix))

"""What each file a user writes may say: its keys, what kind of value each takes,
the choices, and a line of help.

This table is the one description of the files. validate.py checks files against
it (unknown keys, required keys, choices) and reads the values; editor_schemas.py
turns it into JSON Schemas, so editors complete keys and flag mistakes as
volunteers type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from leaflet.folds import FOLDS
from leaflet.model import PRESS_PROFILES
from leaflet.units import PAPERS


@dataclass(frozen=True)
class Field:
    """What one key of a file may hold."""

    kind: str  # text, string, choice, length, size (length or %), colour, date, url, email, path, number, list,
    #            map, blocks
    help: str = ""
    required: bool = False
    choices: tuple = ()
    items: "Field | None" = None              # list: what each item is
    fields: dict = field(default_factory=dict)  # map: its keys


def keys(table: dict) -> tuple[str, ...]:
    return tuple(table)


def required(table: dict) -> tuple[str, ...]:
    return tuple(key for key, spec in table.items() if spec.required)


MARKS = ("crop", "fold", "slug")
DUPLEX = ("short-edge", "long-edge")
PROFILES = PRESS_PROFILES

COLOURS = {
    "primary": Field("colour", "Cover, headings, rules and the box frame, as \"#rrggbb\"."),
    "accent": Field("colour", "The box background, as \"#rrggbb\"."),
}

ORGANISATION = {
    "name": Field("text", "The organisation's name, on the cover and the back.", required=True),
    "website": Field("url", "Its web site, starting with https://; the QR code opens it."),
    "email": Field("email", "Its e-mail address."),
    "phone": Field("string", "Its phone number, in quotes so it stays text; with the "
                   "country code (+45 …) its link works from abroad."),
    "logo": Field("path", "A PNG, JPEG or SVG logo, relative to leaflets/."),
    "colours": Field("map", "The organisation's colours.", fields=COLOURS),
}

PRINT = {
    "marks": Field("list", "Marks for the print shop; [] for none.",
                   items=Field("choice", choices=MARKS)),
    "duplex": Field("choice", "How the sheet turns over between its two sides.",
                    choices=DUPLEX),
    "profile": Field("choice", "The press the print PDF is made for: fogra39 (coated, "
                     "Europe), fogra29 (uncoated), gracol (coated, US), swop (US web); "
                     "default fogra39 for A4, gracol for letter.", choices=PROFILES),
}

LEAFLET = {
    "fold": Field("choice", "How the sheet is folded.", choices=FOLDS),
    "paper": Field("choice", "The flat sheet before folding, printed landscape.",
                   choices=tuple(PAPERS)),
    "bleed": Field("length", "How far colour runs past the trim: 3mm, or 0.125in."),
    "source": Field("string", "The language the others are translated from, e.g. da."),
    "languages": Field("list", "The languages to build; default: every <language>.yaml here.",
                       items=Field("string")),
    "columns": Field("number", "Text columns per panel.", choices=(1, 2)),
    "print": Field("map", "What the print shop wants.", fields=PRINT),
    "organisation": Field("path", "Who publishes this leaflet, if not organisation.yaml: a "
                          "file with the same keys, relative to leaflets/, e.g. "
                          "organisations/clinic.yaml."),
}

IMAGE = {
    "src": Field("path", "A PNG, JPEG or SVG file, relative to this file.", required=True),
    "alt": Field("string", "What the picture shows, for readers who cannot see it; \"\" for "
                 "a decoration.", required=True),
    "caption": Field("text", "A caption under the picture."),
    "width": Field("size", "How wide it is printed: a share of the column (40%) or a length "
                   "(30mm); default: the whole column."),
    "align": Field("choice", "Where a picture narrower than the column sits.",
                   choices=("left", "center", "right")),
}

TEXT_HELP = ("Text: **bold**, *italic*, [link](https://…); a blank line starts a new "
             "paragraph.")

BOX = {
    "heading": Field("text", "The box's heading."),
    "text": Field("text", TEXT_HELP),
    "bullets": Field("list", "Points, one per item.", items=Field("text")),
}

BLOCKS = {
    "heading": Field("text", "A section heading."),
    "text": Field("text", TEXT_HELP),
    "bullets": Field("list", "A list of points.", items=Field("text")),
    "references": Field("list", "A numbered list of sources.", items=Field("text")),
    "box": Field("map", "A highlighted box that is never split across panels.", fields=BOX),
    "image": Field("map", "A picture.", fields=IMAGE),
    "break": Field("choice", "The next block starts on a new panel.", choices=("panel",)),
    "contact": Field("choice", "The organisation's contact details and a QR code.",
                     choices=("organisation",)),
}

COVER = {
    "text": Field("text", "A sentence or two under the title."),
    "image": Field("path", "A picture on the cover, relative to this file."),
    "alt": Field("string", "What the cover picture shows."),
}

CONTENT = {
    "title": Field("text", "The leaflet's title, on the cover.", required=True),
    "subtitle": Field("text", "A line under the title."),
    "updated": Field("date", "When the text was last revised, \"YYYY-MM-DD\"."),
    "cover": Field("map", "Extras on the cover.", fields=COVER),
    "content": Field("blocks", "The text, flowing through the panels in reading order.",
                     required=True),
    "back": Field("blocks", "The back panel."),
    "hyphenation": Field("list", "Words with their only allowed breaks: Pa-tient-for-ening.",
                         items=Field("string")),
    "punctuation": Field("choice", "typographic (the default) turns straight quotes into the "
                         "language's quotes, 40-60 into 40–60 and keeps 85 % together; "
                         "as-written prints them as typed.",
                         choices=("typographic", "as-written")),
    "reviewed": Field("string", "Written by 'leaflet review'; do not edit by hand."),
}

PAGE_SIZES = ("A5", "A4", "half-letter")  # a booklet's pages (booklet/spec.py)
BOOKLET = {  # what leaflets/booklets/<name>.yaml may say
    "title": Field("text", "The booklet's title, on its cover.", required=True),
    "language": Field("string", "Its language, e.g. da: every leaflet needs a text in it.",
                      required=True),
    "leaflets": Field("list", "The leaflets (their folder names), in order.", required=True,
                      items=Field("string")),
    "page": Field("choice", "The page size.", choices=PAGE_SIZES),
    "imposition": Field("choice", "saddle: also a PDF with the pages on sheets, to fold and "
                        "staple.", choices=("none", "saddle")),
    "creep": Field("length", "The paper's thickness, e.g. 0.1mm: inner sheets' pages move "
                   "that much per sheet towards the spine."),
}

"""The typed model of a leaflet, checked and complete: later steps never see YAML.

Every value a later step may complain about keeps its :class:`Pos`, so an
overflow or a missing glyph can still point at the user's line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from leaflet.errors import Pos

_LINE_BREAK = re.compile(r"\n\s*")  # with the white space after it


@dataclass(frozen=True)
class Text:
    """A text as the user wrote it (inline markup not yet applied)."""

    value: str
    pos: Pos
    where: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    # (line, column) of each character of ``value`` in the file, where known

    def pos_of(self, index: int) -> Pos:
        """The position of character ``index`` of the value, as near as YAML lets us."""
        if index < len(self.where):
            return Pos(self.pos.path, *self.where[index])
        return self.pos

    def part(self, start: int, end: int, value: str | None = None) -> "Text":
        """The characters start…end as a text of their own, positions kept."""
        where = self.where[start:end]
        pos = Pos(self.pos.path, *where[0]) if where else self.pos
        return Text(self.value[start:end] if value is None else value, pos, where)

    def folded(self) -> "Text":
        """Line breaks (and the white space after them) as single spaces, ends trimmed."""
        value = self.value
        body = value.strip()
        lead = len(value) - len(value.lstrip())
        chars, where, at = [], [], 0
        for brk in _LINE_BREAK.finditer(body):
            chars += [body[at:brk.start()], " "]  # the line, then one space for the break
            where.extend(self.where[lead + at:lead + brk.start() + 1])
            at = brk.end()
        chars.append(body[at:])
        where.extend(self.where[lead + at:lead + len(body)])
        text = "".join(chars)
        pos = Pos(self.pos.path, *where[0]) if where else self.pos
        return Text(text, pos, tuple(where) if len(where) == len(text) else ())


@dataclass(frozen=True)
class Colours:
    """The organisation's colours: the primary (cover, headings), the accent (boxes)."""

    primary: str = "#1d5a96"
    accent: str = "#e8f0f8"


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """Who publishes a leaflet (organisation.yaml): name, contact, logo and colours."""

    name: Text
    website: str = ""
    email: str = ""
    phone: str = ""
    logo: Path | None = None
    colours: Colours = Colours()
    logo_pos: Pos | None = None
    path: Path | None = None  # the file it was read from: a build depends on it


# The press conditions a print PDF can be made for (render/colour.py has their profiles),
# and the one each paper size gets unless leaflet.yaml names another.
PRESS_PROFILES = ("fogra39", "fogra29", "gracol", "swop")
DEFAULT_PRESS = {"A4": "fogra39", "letter": "gracol", "half-letter": "gracol"}


def default_press(paper: str) -> str:
    return DEFAULT_PRESS.get(paper, "fogra39")


@dataclass(frozen=True)
class PrintProfile:
    """How the print PDF is made: its marks, how the sheet turns, the press condition."""

    marks: tuple[str, ...] = ("crop", "fold", "slug")
    duplex: str = "short-edge"
    profile: str = "fogra39"  # the press condition (PRESS_PROFILES)


@dataclass(frozen=True, kw_only=True)
class LeafletSpec:
    """A leaflet's layout (leaflet.yaml): fold, paper, bleed, languages, print settings."""

    id: str
    folder: Path
    fold: str = "trifold"
    paper: str = "A4"
    bleed: float = 0.0  # points
    source: str | None = None
    languages: tuple[str, ...] = ()
    columns: int = 1
    print: PrintProfile = PrintProfile()
    organisation: Path | None = None  # its own publisher's file; None: organisation.yaml


# Blocks of content, in the order they flow.

@dataclass(frozen=True)
class Heading:
    """A heading: it keeps with the text after it."""

    text: Text


@dataclass(frozen=True)
class Paragraphs:
    """Running text, one or more paragraphs."""

    paragraphs: tuple[Text, ...]


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[Text, ...]


@dataclass(frozen=True)
class References:
    """A numbered list of sources, set a little smaller than the body."""

    items: tuple[Text, ...]


@dataclass(frozen=True)
class Box:
    """A highlighted box that is never split across panels."""

    pos: Pos
    heading: Text | None
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class Image:
    """A picture in the text, with what a screen reader says of it, and its caption."""

    pos: Pos
    src: Path
    alt: str
    caption: Text | None = None
    width: float | None = None        # points, when the user gave a length
    width_share: float | None = None  # of the column (0–1], when the user gave a percentage
    align: str = "left"               # left | center | right, in its column


@dataclass(frozen=True)
class PanelBreak:
    """What follows starts on the next panel."""

    pos: Pos


@dataclass(frozen=True)
class Contact:
    """The organisation's contact details and a QR code of its web site."""

    pos: Pos


Block = Union[Heading, Paragraphs, Bullets, References, Box, Image, PanelBreak, Contact]


@dataclass(frozen=True, kw_only=True)
class Content:
    """One language's text of a leaflet."""

    lang: str
    path: Path
    title: Text
    subtitle: Text | None = None
    updated: str | None = None
    cover_text: Text | None = None
    cover_image: Image | None = None
    content: tuple[Block, ...] = ()
    back: tuple[Block, ...] = ()
    hyphenation: tuple[str, ...] = ()  # words with their only allowed breaks: 'Pa-tient'
    punctuation: str = "typographic"  # or "as-written": quotes and dashes as typed
    reviewed: tuple[str, ...] | None = None  # source block hashes, as last reviewed
    block_pos: tuple[Pos, ...] = ()  # where each block of content + back starts


@dataclass(frozen=True)
class Leaflet:
    """Everything one build of one leaflet in one language needs."""

    spec: LeafletSpec
    content: Content
    organisation: Organisation
    extra: dict = field(default_factory=dict, compare=False)


def texts(content: Content):
    """Every text of a leaflet that will be printed, for checks that look at characters."""
    for text in (content.title, content.subtitle, content.cover_text):
        if text:
            yield text
    yield from _block_texts(content.content + content.back)


def _block_texts(blocks):
    for block in blocks:
        if isinstance(block, Heading):
            yield block.text
        elif isinstance(block, Paragraphs):
            yield from block.paragraphs
        elif isinstance(block, (Bullets, References)):
            yield from block.items
        elif isinstance(block, Box):
            if block.heading:
                yield block.heading
            yield from _block_texts(block.blocks)
        elif getattr(block, "caption", None):
            yield block.caption


def images_of(content: Content):
    """The content's pictures: the cover's, then every image block's."""
    if content.cover_image:
        yield content.cover_image
    for block in content.content + content.back:
        if isinstance(block, Image):
            yield block


def contact_lines(org: Organisation) -> list[tuple[str, str, str]]:
    """(label key, text shown, link) for the organisation's web site, e-mail and phone."""
    lines = []
    if org.website:
        lines.append(("web", org.website.split("://", 1)[1].rstrip("/"), org.website))
    if org.email:
        lines.append(("email", org.email, f"mailto:{org.email}"))
    if org.phone:
        lines.append(("phone", org.phone, "tel:" + dialled(org.phone)))
    return lines


def dialled(phone: str) -> str:
    """The number as a tel: link wants it (E.164 when the country code is written):
    '+45 40 20 02 90' → '+4540200290', '0045 …' → '+45…', '+31 (0)20 …' → '+3120…'."""
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if phone.startswith("+"):
        phone = phone.replace("(0)", "")  # the trunk 0 is not dialled from abroad
    return re.sub(r"[^0-9+]", "", phone)

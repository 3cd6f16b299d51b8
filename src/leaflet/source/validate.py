"""Raw YAML nodes → the typed model, collecting every problem on the way.

Each file kind is described by a table of keys; each key's reader owns its
message. Unknown keys get a "did you mean" from the known ones.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from leaflet import markup
from leaflet.errors import Pos, Problems, error, warning
from leaflet.source import fields as F
from leaflet.folds import FOLDS
from leaflet.labels import is_language
from leaflet.model import (Block, Box, Bullets, Colours, Contact, Content, Heading, Image,
                    LeafletSpec, Organisation, Paragraphs, PanelBreak, PrintProfile,
                    References, Text, default_press)
from leaflet.source.loader import Node
from leaflet.units import PAPERS, parse_length

MARKS, DUPLEX = F.MARKS, F.DUPLEX
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# An e-mail address and a phone number as the organisation writes them: plain text, with
# nothing that could close a link or start markup.
_PART = r"[^@\s\[\]()<>\"',;:\\*]+"
EMAIL = re.compile(rf"{_PART}@{_PART}\.{_PART}")
PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{1,30}")
DEFAULT_BLEED = {"A4": "3mm", "letter": "0.125in"}
# Control characters but tab and line break (both read as a space). The file itself may not
# hold them (loader.py), but a double-quoted escape makes them: "\0", "\x07", "\e", "\r".
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def suggest(word: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(choices)


class Reader:
    """Reads values out of nodes, adding a problem for each wrong one."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def fail(self, pos: Pos, message: str, hint: str = "") -> None:
        self.problems.add(error(pos, message, hint))

    def warn(self, pos: Pos, message: str, hint: str = "") -> None:
        self.problems.add(warning(pos, message, hint))

    def mapping(self, node: Node, table: dict, what: str) -> dict[str, Node]:
        """The node's keys, after checking them against the ``table`` of fields.py."""
        keys, required = F.keys(table), F.required(table)
        if not node.is_map:
            self.fail(node.pos, f"{what} must be a set of 'key: value' lines")
            return {}
        for key, value in node.value.items():
            if key not in keys:
                self.fail(node.key_pos[key], f"unknown key '{key}' in {what}", suggest(key, keys))
        for key in required:
            if key not in node.value:
                self.fail(node.pos, f"{what} needs the key '{key}'")
        return {k: v for k, v in node.value.items() if k in keys}

    def text(self, node: Node | None, what: str, required=False, printed=True) -> Text | None:
        if node is None:
            return None
        if node.is_map and len(node.value) == 1:
            key = next(iter(node.value))
            self.fail(node.pos, f"{what} must be a text, but the ': ' after '{key}' makes YAML "
                      "read it as 'key: value'", "put the whole text in double quotes")
            return None
        if not node.is_scalar or node.value is None:
            if node.value is None and not required:
                return None
            self.fail(node.pos, f"{what} must be a text")
            return None
        if printed and node.comment:
            self.warn(node.comment, "the text after ' #' is a YAML comment and will not print",
                      "put the whole text in double quotes to keep it")
        # A number or yes/no where text is wanted is meant as text: keep it as written.
        value = node.value if isinstance(node.value, str) else node.text
        if required and not value.strip():
            self.fail(node.pos, f"{what} is empty")
            return None
        text = self.without_controls(Text(value, node.pos,
                                          node.where if value == node.value else ()))
        for offset, message in markup.problems(text.value):
            self.fail(text.pos_of(offset), message)
        return text

    def without_controls(self, text: Text) -> Text:
        """Each control character is refused where it stands, then left out, so that no
        later check (the font's glyphs) reports it a second time."""
        bad = {match.start() for match in CONTROL.finditer(text.value)}
        for index in sorted(bad):
            self.fail(text.pos_of(index), "the escape here makes an invisible control "
                      f"character (U+{ord(text.value[index]):04X}) that cannot be printed",
                      "remove the '\\' and the characters after it")
        if not bad:
            return text
        keep = [i for i in range(len(text.value)) if i not in bad]
        where = tuple(text.where[i] for i in keep) if len(text.where) == len(text.value) else ()
        return Text("".join(text.value[i] for i in keep), text.pos, where)

    def string(self, node: Node | None, what: str, default: str = "") -> str:
        text = self.text(node, what, printed=False)
        return text.value.strip() if text else default

    def choice(self, node: Node | None, choices, what: str, default: str) -> str:
        if node is None:
            return default
        value = self.string(node, what, default)
        if value not in choices:
            self.fail(node.pos, f"unknown {what} '{value}'", suggest(value, choices))
            return default
        return value

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not node.is_list:
            self.fail(node.pos, f"{what} must be a list ('- ' before each item)")
            return []
        return node.value


# organisation.yaml

def read_organisation(node: Node, folder: Path, problems: Problems,
                      path: Path | None = None) -> Organisation | None:
    """An organisation's file (``path``); its logo is named relative to ``folder``."""
    r = Reader(problems)
    keys = r.mapping(node, F.ORGANISATION, "the organisation")
    name = r.text(keys.get("name"), "the organisation's name", required=True)
    website = r.string(keys.get("website"), "website")
    if website and not (website.startswith("https://") and markup.safe_link(website)):
        r.fail(keys["website"].pos, "the website must be an address that starts with https://",
               f"write https://{website.split('://', 1)[-1]}")
        website = ""
    email = r.string(keys.get("email"), "email")
    if email and not EMAIL.fullmatch(email):
        r.fail(keys["email"].pos, f"'{email}' is not an e-mail address")
        email = ""
    phone = r.string(keys.get("phone"), "phone")
    if phone and not PHONE.fullmatch(phone):
        r.fail(keys["phone"].pos, f"'{phone}' is not a phone number",
               "write digits, spaces and an optional + with the country code: +45 40 20 02 90")
        phone = ""
    colours = read_colours(r, keys.get("colours"))
    logo = None
    if "logo" in keys:
        logo = resolve_path(r, keys["logo"], folder, "the logo")
    if name is None:
        return None
    return Organisation(name=name, website=website, email=email, phone=phone, logo=logo,
                        colours=colours, logo_pos=keys["logo"].pos if logo else None,
                        path=path)


def read_colours(r: Reader, node: Node | None) -> Colours:
    if node is None:
        return Colours()
    keys = r.mapping(node, F.COLOURS, "colours")
    values = {}
    for key, value_node in keys.items():
        value = r.string(value_node, f"the colour '{key}'")
        if HEX_COLOUR.match(value):
            values[key] = value.lower()
        else:
            r.fail(value_node.pos, f"'{value}' is not a colour",
                   'write it as "#rrggbb" in quotes, for example "#1d5a96"')
    return Colours(**values)


def resolve_path(r: Reader, node: Node, folder: Path, what: str) -> Path | None:
    """A file named relative to ``folder``; it must stay inside the project."""
    value = r.string(node, what)
    if not value:
        return None
    path = (folder / value).resolve()
    project = folder.resolve()
    while project.name != "leaflets" and project.parent != project:
        project = project.parent
    if project.name == "leaflets" and project not in path.parents:
        r.fail(node.pos, f"{what} '{value}' lies outside the leaflets folder",
               "put the file inside leaflets/ and name it relative to this file")
        return None
    if path.exists() and not path.is_file():
        r.fail(node.pos, f"{what} '{value}' is not a regular file (a folder, a pipe or a "
               "device)", "name the file itself")
        return None
    if not path.is_file():
        r.fail(node.pos, f"{what} '{value}' was not found", f"looked for {path}")
        return None
    return path


# <id>/leaflet.yaml

def read_leaflet_spec(node: Node, folder: Path, available: list[str],
                      problems: Problems) -> LeafletSpec:
    r = Reader(problems)
    keys = r.mapping(node, F.LEAFLET, "leaflet.yaml")
    fold = r.choice(keys.get("fold"), FOLDS, "fold", "trifold")
    paper = r.choice(keys.get("paper"), tuple(PAPERS), "paper", "A4")
    bleed_text = r.string(keys.get("bleed"), "bleed", DEFAULT_BLEED[paper])
    bleed = parse_length(bleed_text)
    if bleed is None or bleed > 20 * 72 / 25.4:
        r.fail(keys["bleed"].pos, f"'{bleed_text}' is not a bleed",
               "write a length up to 20mm with its unit, for example 3mm or 0.125in")
        bleed = parse_length(DEFAULT_BLEED[paper])
    languages = read_languages(r, keys.get("languages"), folder, available)
    source = None
    if "source" in keys and ("languages" not in keys or keys["languages"].is_list):
        source = r.string(keys["source"], "source")
        if source not in languages:
            r.fail(keys["source"].pos, f"the source language '{source}' is not one of the "
                   "leaflet's languages", "expected one of: " + ", ".join(languages))
    columns = 1
    if "columns" in keys:
        value = keys["columns"].value
        if value not in (1, 2) or isinstance(value, bool):
            r.fail(keys["columns"].pos, "columns must be 1 or 2")
        else:
            columns = value
    return LeafletSpec(id=folder.name, folder=folder, fold=fold, paper=paper, bleed=bleed,
                       source=source, languages=languages, columns=columns,
                       print=read_print_profile(r, keys.get("print"), paper),
                       organisation=read_publisher(r, keys.get("organisation"), folder.parent))


def read_publisher(r: Reader, node: Node | None, leaflets: Path) -> Path | None:
    """The leaflet's own organisation file, named relative to leaflets/."""
    if node is None:
        return None
    path = resolve_path(r, node, leaflets, "the organisation file")
    if path is not None and path.suffix != ".yaml":
        r.fail(node.pos, f"the organisation file '{node.text}' must be a .yaml file",
               "name a file with the keys of organisation.yaml, e.g. organisations/clinic.yaml")
        return None
    return path


def read_languages(r: Reader, node: Node | None, folder: Path, available: list[str]):
    if node is None:
        return tuple(available)
    languages = []
    for item in r.items(node, "languages"):
        code = r.string(item, "a language code")
        if not LANGUAGE_CODE.match(code) or not is_language(code):
            r.fail(item.pos, f"'{code}' is not a language code",
                   "use a two-letter code such as da, nl or en")
        elif code not in available:
            r.fail(item.pos, f"there is no {code}.yaml for the language '{code}'",
                   f"create {folder.name}/{code}.yaml or remove '{code}' from the list")
        elif code in languages:
            r.fail(item.pos, f"the language '{code}' is listed twice")
        else:
            languages.append(code)
    return tuple(languages)


def read_print_profile(r: Reader, node: Node | None, paper: str) -> PrintProfile:
    press = default_press(paper)
    if node is None:
        return PrintProfile(profile=press)
    keys = r.mapping(node, F.PRINT, "print")
    marks = PrintProfile().marks
    if "marks" in keys:
        marks = tuple(r.choice(item, MARKS, "mark", "crop")
                      for item in r.items(keys["marks"], "marks"))
    duplex = r.choice(keys.get("duplex"), DUPLEX, "duplex", "short-edge")
    profile = keys.get("profile")
    if profile is not None and str(profile.value).lower() in NEAREST_PROFILE:
        paper_kind, ours = NEAREST_PROFILE[str(profile.value).lower()]
        r.fail(profile.pos, f"leaflet has no profile for {str(profile.value).upper()}",
               f"for {paper_kind} paper write 'profile: {ours}', the {paper_kind} press "
               "condition leaflet carries")
    else:
        press = r.choice(profile, F.PROFILES, "print profile", press)
    return PrintProfile(marks, duplex, press)


# Press conditions a print shop may name that leaflet has no profile for (their measurement
# data is not free), and the one of ours for the same kind of paper.
NEAREST_PROFILE = {"fogra47": ("uncoated", "fogra29"), "fogra52": ("uncoated", "fogra29"),
                   "fogra51": ("coated", "fogra39")}


# <id>/<lang>.yaml

BLOCK_KINDS = F.keys(F.BLOCKS)


def read_content(node: Node, path: Path, problems: Problems) -> Content | None:
    r = Reader(problems)
    keys = r.mapping(node, F.CONTENT, "the leaflet's text")
    title = r.text(keys.get("title"), "the title", required=True)
    updated = None
    if "updated" in keys:
        updated = r.string(keys["updated"], "updated")
        if not _is_date(updated):
            r.fail(keys["updated"].pos, f"'{updated}' is not a date",
                   'write it as "YYYY-MM-DD" in quotes, for example "2026-11-22"')
            updated = None
    cover_text = cover_image = None
    if "cover" in keys:
        cover = r.mapping(keys["cover"], F.COVER, "the cover")
        cover_text = r.text(cover.get("text"), "the cover text")
        if "image" in cover:
            cover_image = read_image(r, keys["cover"], path.parent, cover)
    content = read_blocks(r, keys.get("content"), path.parent, "content")
    back = read_blocks(r, keys.get("back"), path.parent, "back")
    block_pos = tuple(item.pos for key in ("content", "back")
                      for item in r.items(keys.get(key), key) if key in keys)
    hyphenation = tuple(read_hyphenation(r, keys.get("hyphenation")))
    punctuation = r.choice(keys.get("punctuation"), F.CONTENT["punctuation"].choices,
                           "punctuation", "typographic")
    reviewed = None
    if "reviewed" in keys:
        reviewed = tuple(r.string(keys["reviewed"], "reviewed").split())
    if "content" in keys and not content and keys["content"].is_list:
        r.fail(keys["content"].pos, "the content is empty", "add a heading and a text")
    if title is None:
        return None
    if len(block_pos) != len(content) + len(back):
        block_pos = ()  # some blocks were wrong: their problems are reported already
    return Content(lang=path.stem, path=path, title=title,
                   subtitle=r.text(keys.get("subtitle"), "the subtitle"), updated=updated,
                   cover_text=cover_text, cover_image=cover_image, content=tuple(content),
                   back=tuple(back), hyphenation=hyphenation, punctuation=punctuation,
                   reviewed=reviewed,
                   block_pos=block_pos)


def _is_date(text: str) -> bool:
    import datetime

    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(
            datetime.date.fromisoformat(text))
    except ValueError:
        return False


def read_hyphenation(r: Reader, node: Node | None):
    for item in r.items(node, "hyphenation"):
        word = r.string(item, "a word")
        if not re.fullmatch(r"\w+(-\w+)+", word):
            r.fail(item.pos, f"'{word}' is not a word with its breaks marked",
                   "write it with a hyphen at each place it may break, e.g. Pa-tient-for-ening")
        else:
            yield word


def read_blocks(r: Reader, node: Node | None, folder: Path, what: str) -> list[Block]:
    blocks = []
    for item in r.items(node, what):
        block = read_block(r, item, folder)
        if block is not None:
            blocks.append(block)
    return blocks


def read_block(r: Reader, item: Node, folder: Path) -> Block | None:
    if not item.is_map or len(item.value) != 1:
        if item.is_map and "src" in item.value:
            r.fail(item.pos, "an image is written '- image: {src: …, alt: …}'")
        else:
            r.fail(item.pos, "each item must be one block such as '- text: …' or '- heading: …'",
                   "expected one of: " + ", ".join(BLOCK_KINDS))
        return None
    kind, value = next(iter(item.value.items()))
    reader = BLOCK_READERS.get(kind)
    if reader is None:
        r.fail(item.key_pos[kind], f"unknown block '{kind}'", suggest(kind, BLOCK_KINDS))
        return None
    return reader(r, value, folder)


def read_heading(r: Reader, node: Node, folder: Path):
    text = r.text(node, "a heading", required=True)
    return Heading(text) if text else None


def read_paragraphs(r: Reader, node: Node, folder: Path):
    text = r.text(node, "a text", required=True)
    if text is None:
        return None
    return Paragraphs(tuple(split_paragraphs(text)))


def split_paragraphs(text: Text) -> list[Text]:
    """A blank line starts a new paragraph; a single line break is a space."""
    paragraphs = []
    for match in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text.value):
        paragraphs.append(text.part(match.start(), match.end()).folded())
    return paragraphs


def read_references(r: Reader, node: Node, folder: Path):
    bullets = read_bullets(r, node, folder, "references")
    return References(bullets.items) if bullets else None


def read_bullets(r: Reader, node: Node, folder: Path, what: str = "bullets"):
    items = [r.text(item, "an item", required=True) for item in r.items(node, what)]
    items = [t.folded() for t in items if t]
    if node.is_list and not node.value:
        r.fail(node.pos, f"the list of {what} is empty")
    return Bullets(tuple(items)) if items else None


def read_box(r: Reader, node: Node, folder: Path):
    keys = r.mapping(node, F.BOX, "a box")
    blocks = []
    for key in ("text", "bullets"):
        if key in keys:
            block = BLOCK_READERS[key](r, keys[key], folder)
            if block:
                blocks.append(block)
    if node.is_map and not blocks:
        r.fail(node.pos, "the box is empty", "give it a text or bullets")
    heading = r.text(keys.get("heading"), "the box heading")
    return Box(node.pos, heading, tuple(blocks)) if blocks else None


def read_image(r: Reader, node: Node, folder: Path, keys=None):
    keys = keys if keys is not None else r.mapping(node, F.IMAGE, "an image")
    src_key = "image" if "image" in keys else "src"
    if src_key not in keys:
        return None
    src = resolve_path(r, keys[src_key], folder, "the image")
    if "alt" not in keys:
        r.fail(node.pos, "an image needs 'alt': a few words on what it shows, for readers who "
               "cannot see it", 'write alt: "" if the picture is only decoration')
    alt = r.string(keys.get("alt"), "alt")
    caption = r.text(keys.get("caption"), "a caption")
    width, share = read_image_width(r, keys.get("width"))
    align = r.choice(keys.get("align"), ("left", "center", "right"), "alignment", "left")
    return Image(keys[src_key].pos, src, alt, caption, width, share, align) if src else None


def read_image_width(r: Reader, node: Node | None) -> tuple[float | None, float | None]:
    """(points, None) for a length, (None, share of the column) for a percentage."""
    text = r.string(node, "the image width")
    if not text:
        return None, None
    if text.endswith("%"):
        try:
            share = float(text[:-1]) / 100
        except ValueError:
            share = 0.0
        if 0 < share <= 1:
            return None, share
    else:
        points = parse_length(text)
        if points and points <= 1000:
            return points, None
    r.fail(node.pos, f"'{text}' is not an image width",
           "write a share of the column, such as 40%, or a length, such as 30mm")
    return None, None


def read_break(r: Reader, node: Node, folder: Path):
    r.choice(node, ("panel",), "break", "panel")
    return PanelBreak(node.pos)


def read_contact(r: Reader, node: Node, folder: Path):
    r.choice(node, ("organisation",), "contact", "organisation")
    return Contact(node.pos)


BLOCK_READERS: dict[str, Callable] = {
    "heading": read_heading,
    "text": read_paragraphs,
    "bullets": read_bullets,
    "references": read_references,
    "box": read_box,
    "image": read_image,
    "break": read_break,
    "contact": read_contact,
}

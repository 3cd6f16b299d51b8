"""`leaflet new`: a leaflet folder with commented files that build at once."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from leaflet.files import write_all
from leaflet.folds import FOLDS
from leaflet.model import default_press
from leaflet.source.validate import DEFAULT_BLEED
from leaflet.units import PAPERS

LEAFLET_YAML = """\
# The format of this leaflet. Its text is in {lang}.yaml.
{publisher}fold: {fold:<8}     # trifold (roll fold, 6 panels) | zfold (6 panels) | bifold (4 pages)
paper: {paper:<7}     # A4 | letter: the flat sheet, before it is folded
# bleed: {bleed:<7}   # how far colour runs past the edge; the default follows the paper
languages: [{lang}]    # one file per language in this folder, e.g. [{lang}, {other}]
{columns}print:
  marks: [crop, fold, slug]   # marks for the print shop; [] for none
  duplex: short-edge          # how the sheet turns over: short-edge | long-edge
  profile: {profile:<19}# the press: fogra39 (coated, Europe) | fogra29 (uncoated) |
                              # gracol (coated, US) | swop (US web); ask your print shop
"""

TEXTS = {
    "da": {
        "title": "Titel",
        "subtitle": "En undertitel, der siger, hvad folderen handler om",
        "cover": "En eller to sætninger på forsiden om, hvem folderen er til.",
        "heading": "Den første overskrift",
        "text": "Skriv teksten her. Et tomt linjeskift begynder et nyt afsnit.\n\n"
                "**Fed**, *kursiv* og [et link](https://www.example.org) kan bruges i teksten.",
        "bullets": ["Et punkt", "Et punkt mere"],
        "box": "Kort fortalt",
        "back": "Om os",
        "back_text": "Et par linjer om foreningen. Kontaktoplysningerne står nedenfor.",
    },
    "en": {
        "title": "Title",
        "subtitle": "A subtitle that says what the leaflet is about",
        "cover": "One or two sentences on the cover, saying whom the leaflet is for.",
        "heading": "The first heading",
        "text": "Write the text here. A blank line starts a new paragraph.\n\n"
                "**Bold**, *italic* and [a link](https://www.example.org) may be used.",
        "bullets": ["A point", "Another point"],
        "box": "In brief",
        "back": "About us",
        "back_text": "A few lines about the organisation. Its contact details follow.",
    },
}

CONTENT_YAML = """\
# The text of the leaflet in this language. Lines starting with # are notes
# for you; they are not printed.
title: {title}
subtitle: {subtitle}
cover:
  text: {cover}
content:               # flows through the panels in reading order
  - heading: {heading}
  - text: |
{text}
  - bullets:
{bullets}
  - box:               # a highlighted box, never split across panels
      heading: {box}
      bullets:
{box_bullets}
back:                  # the back panel
  - heading: {back}
  - text: {back_text}
  - contact: organisation   # name, website, e-mail, phone and a QR code
"""

ORGANISATION_YAML = """\
# Who publishes the leaflets. Name, website, e-mail and phone are printed on the back.
name: {name}
website: https://www.example.org
email: contact@example.org
phone: "+45 12 34 56 78"      # in quotes, so it stays text
colours:
  primary: "#1d5a96"          # cover, headings, box frame
  accent: "#e8f0f8"           # box background
"""


class Exists(Exception):
    """The leaflet folder is there already: nothing is overwritten."""


PUBLISHER_LINE = "organisation: {path}   # who publishes it (default: organisation.yaml)\n"


def new(root: Path, leaflet_id: str, fold: str, lang: str, paper: str = "A4",
        organisation: str | None = None) -> list[Path]:
    """Create leaflets/<id>/ (and its organisation's file if missing); the written paths.

    ``organisation`` is a publisher's file relative to leaflets/ (organisations/clinic.yaml);
    None means leaflets/organisation.yaml.
    """
    if fold not in FOLDS or paper not in PAPERS:
        raise ValueError(fold, paper)
    folder = root / "leaflets" / leaflet_id
    if os.path.lexists(folder):  # a link counts, even one that leads nowhere
        raise Exists(str(folder))
    words = TEXTS.get(lang, TEXTS["en"])
    columns = "columns: 2         # text columns on each page\n" if fold == "bifold" else ""
    files = {
        folder / "leaflet.yaml": LEAFLET_YAML.format(
            fold=fold, lang=lang, other="da" if lang == "en" else "en", columns=columns,
            paper=paper, bleed=DEFAULT_BLEED[paper], profile=default_press(paper),
            publisher=PUBLISHER_LINE.format(path=organisation) if organisation else ""),
        folder / f"{lang}.yaml": CONTENT_YAML.format(
            **{k: v for k, v in words.items() if k not in ("text", "bullets")},
            text=_indent(words["text"], 6),
            bullets="\n".join(f"      - {b}" for b in words["bullets"]),
            box_bullets="\n".join(f"        - {b}" for b in words["bullets"])),
    }
    publisher = root / "leaflets" / (organisation or "organisation.yaml")
    if not os.path.lexists(publisher):  # never written through a link
        files[publisher] = ORGANISATION_YAML.format(name="Our organisation")
    from leaflet.source import editor_schemas

    def head(path: Path) -> str:
        if path == publisher:
            return editor_schemas.modeline("organisation", len(Path(organisation or "x").parts) - 1)
        return editor_schemas.modeline("leaflet" if path.name == "leaflet.yaml" else "content", 1)

    out = {path: (head(path) + text).encode("utf-8") for path, text in files.items()}
    out.update(editor_schemas.stale(root / "leaflets"))
    try:  # all of it or, if the disk says no, none of it
        write_all(out.items(), durable=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return list(out)


def _indent(text: str, spaces: int) -> str:
    return "\n".join((" " * spaces + line) if line else "" for line in text.splitlines())

"""`leaflet new`: a leaflet folder with commented files that build at once."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from leaflet.files import write_all
from leaflet.folds import FOLDS

LEAFLET_YAML = """\
# The format of this leaflet. Its text is in {lang}.yaml.
fold: {fold}          # trifold (roll fold, 6 panels) | zfold (6 panels) | bifold (4 pages)
paper: A4             # A4 | letter: the flat sheet, before it is folded
bleed: 3mm            # how far colour runs past the edge, to be cut off
languages: [{lang}]   # one file per language in this folder, e.g. [{lang}, en]
{columns}print:
  marks: [crop, fold, slug]   # marks for the print shop; [] for none
  duplex: short-edge          # how the sheet turns over: short-edge | long-edge
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


def new(root: Path, leaflet_id: str, fold: str, lang: str) -> list[Path]:
    """Create leaflets/<id>/ (and leaflets/organisation.yaml if missing); the written paths."""
    if fold not in FOLDS:
        raise ValueError(fold)
    folder = root / "leaflets" / leaflet_id
    if os.path.lexists(folder):  # a link counts, even one that leads nowhere
        raise Exists(str(folder))
    words = TEXTS.get(lang, TEXTS["en"])
    columns = "columns: 2            # text columns on each page\n" if fold == "bifold" else ""
    files = {
        folder / "leaflet.yaml": LEAFLET_YAML.format(fold=fold, lang=lang, columns=columns),
        folder / f"{lang}.yaml": CONTENT_YAML.format(
            **{k: v for k, v in words.items() if k not in ("text", "bullets")},
            text=_indent(words["text"], 6),
            bullets="\n".join(f"      - {b}" for b in words["bullets"]),
            box_bullets="\n".join(f"        - {b}" for b in words["bullets"])),
    }
    organisation = root / "leaflets" / "organisation.yaml"
    if not os.path.lexists(organisation):  # never written through a link
        files[organisation] = ORGANISATION_YAML.format(name="Our organisation")
    from leaflet.source import editor_schemas

    heads = {"leaflet.yaml": ("leaflet", 1), "organisation.yaml": ("organisation", 0)}
    out = {path: (editor_schemas.modeline(*heads.get(path.name, ("content", 1))) + text)
           .encode("utf-8") for path, text in files.items()}
    out.update(editor_schemas.stale(root / "leaflets"))
    try:  # all of it or, if the disk says no, none of it
        write_all(out.items(), durable=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return list(out)


def _indent(text: str, spaces: int) -> str:
    return "\n".join((" " * spaces + line) if line else "" for line in text.splitlines())

"""A catalogue of broken inputs and what a volunteer is told about each.

Every case takes the sample project, makes one small edit (sometimes a few, to
show that all problems come out together), runs ``check`` and then ``build``, and
expects, from both:

- the exit status (1 for a problem in the user's files, 2 for a usage error),
- exactly the problem lines below, GCC-style, and for status 1 the closing
  "N errors, M warnings; nothing was written" line,
- no Python traceback and no "internal error",
- nothing written: no output/ folder afterwards.

Positions are computed from the edited file (where the needle text stands), so
the cases survive edits to the sample text. Cases the tool gets wrong today are
marked ``xfail(strict=True)`` with the behaviour it should have.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

DA, SPEC, ORG = "mmn/da.yaml", "mmn/leaflet.yaml", "organisation.yaml"


# --- edits: each returns a function that changes the copied project -------------------

def replace(file: str, old: str, new: str):
    """Replace the one occurrence of ``old`` in ``leaflets/<file>``."""

    def apply(root: Path) -> None:
        path = root / "leaflets" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur exactly once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return apply


def set_key(file: str, key: str, value: str):
    """Set the top-level ``key: value`` line (added at the end when the sample has none)."""

    def apply(root: Path) -> None:
        path = root / "leaflets" / file
        text = path.read_text(encoding="utf-8")
        line = re.compile(rf"^{re.escape(key)}:.*$", re.M)
        assert len(line.findall(text)) <= 1, f"{key} should be set at most once in {file}"
        if line.search(text):
            text = line.sub(lambda _: f"{key}: {value}", text)
        else:
            text = text.rstrip("\n") + f"\n{key}: {value}\n"
        path.write_text(text, encoding="utf-8")

    return apply


def write(file: str, content: str | bytes):
    """Replace ``leaflets/<file>`` with ``content`` (creating folders as needed)."""

    def apply(root: Path) -> None:
        path = root / "leaflets" / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return apply


def delete(file: str):
    def apply(root: Path) -> None:
        path = root / "leaflets" / file
        assert path.is_file(), f"{file} should exist in the sample"
        path.unlink()

    return apply


def recode(file: str, encoding: str):
    """Save the file again in another encoding, as an editor might."""

    def apply(root: Path) -> None:
        path = root / "leaflets" / file
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    return apply


# --- expected lines: computed after the edits, in the project folder -------------------

def position(file: str, needle: str, point: str = "") -> str:
    """``leaflets/<file>:LINE:COL`` of the first ``needle`` (of ``point`` inside it)."""
    text = Path("leaflets", file).read_bytes().decode("utf-8", errors="replace")
    index = text.find(needle)
    assert index >= 0, f"{needle!r} is not in {file}"
    if point:
        assert point in needle, f"{point!r} is not inside {needle!r}"
        index += needle.index(point)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"leaflets/{file}:{line}:{col}"


def line_of(file: str, needle: str) -> int:
    return int(position(file, needle).split(":")[1])


def leaflet_ids() -> list[str]:
    """The sample's leaflets: the folders that hold a leaflet.yaml."""
    return sorted(p.parent.name for p in Path("leaflets").glob("*/leaflet.yaml"))


def err(file: str, needle: str, message: str, point: str = "") -> str:
    """The exact line ``path:line:col: error: message`` at ``needle``."""
    return f"{position(file, needle, point)}: error: {message}"


def err_like(file: str, needle: str, pattern: str, point: str = "") -> re.Pattern:
    """An error at exactly ``needle`` whose message matches ``pattern``."""
    return re.compile(re.escape(position(file, needle, point)) + r": error: " + pattern)


def on_line(file: str, needle: str, pattern: str) -> re.Pattern:
    """An error on ``needle``'s line (any column) whose message matches ``pattern``."""
    return re.compile(re.escape(f"leaflets/{file}:{line_of(file, needle)}:") + r"\d+: error: "
                      + pattern)


TAB = "a tab character here; YAML needs spaces (indent with spaces, not tabs)"
COLON = "a ': ' inside a value confuses YAML (put the whole value in double quotes)"
QUOTE = "a quote is never closed (close the quote, or put the value in double quotes)"
ALIGN = "the indentation here does not line up (align this line with the lines above it, using spaces)"
ANCHOR = "YAML anchors and aliases ('&{0}', '*{0}') are not supported (write the value out in full)"
EMPTY = "the file is empty (write the keys this file needs, see README.md)"
LIST = "{} must be a list ('- ' before each item)"
BLEED = "'{}' is not a bleed (write a length up to 20mm with its unit, for example 3mm or 0.125in)"
COLOUR = "'{}' is not a colour (write it as \"#rrggbb\" in quotes, for example \"#1d5a96\")"
DATE = "'{}' is not a date (write it as \"YYYY-MM-DD\" in quotes, for example \"2026-11-22\")"
GLYPH = ("the font has no glyph for '{}' (U+{:04X}); it would not print "
         "(replace it with a similar character or write it out in words)")
LINK = "the link '{}' must start with https://, mailto: or tel:"
CONTROL = ("the escape here makes an invisible control character (U+{:04X}) that cannot be "
           "printed (remove the '\\' and the characters after it)")
DEEP = ("lists or keys are nested more than 100 levels deep here (a leaflet needs only a "
        "few levels: look for a '[', '{' or '- ' repeated by mistake)")
OUTSIDE = ("the image '{}' lies outside the leaflets folder "
           "(put the file inside leaflets/ and name it relative to this file)")
BLOCK = (re.escape("each item must be one block such as '- text: …' or '- heading: …' ")
         + r"\(expected one of: heading, text, bullets(, [a-z]+)*\)")

NEW_BLOCK_AT = "  - heading: Anden behandling\n"  # a place in the content to add a block


def add_block(yaml: str):
    """Add a content block before the heading 'Anden behandling'."""
    return replace(DA, NEW_BLOCK_AT, yaml + NEW_BLOCK_AT)


PARAGRAPH = """\
      Fysioterapi og ergoterapi kan hjælpe dig med at holde kroppen i gang
      og klare hverdagen. Hjælpemidler kan gøre bestemte ting lettere, fx en
      knappekrog til skjorten. Træn gerne, men ikke for hårdt. For meget
      træning uden faglig vejledning kan give ømme muskler og dårligere
      kræfter.
"""

BILLION_LAUGHS = "\n".join(
    [f'a: &a [{", ".join(9 * ["lol"])}]']
    + [f"{b}: &{b} [{', '.join(9 * ['*' + a])}]" for a, b in zip("abcdefgh", "bcdefghi")]
    + ["title: *i", "content: *i", ""])


def case(id, edits, expect, code=1, args=(), xfail=""):
    """One row: ``edits`` to the sample, ``expect()`` → the problem lines, exit ``code``."""
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(edits, expect, code, args, id=id, marks=marks)


CASES = [
    # --- YAML syntax -------------------------------------------------------------------
    case("yaml-tab-indentation",
         [replace(DA, "  - heading: Hvad er MMN?", "\t- heading: Hvad er MMN?")],
         lambda: [err(DA, "\t- heading: Hvad er MMN?", TAB)]),
    case("yaml-tab-after-key",
         [replace(DA, "subtitle: Multifokal", "subtitle:\tMultifokal")],
         lambda: [err(DA, "subtitle:\t", TAB, point="\t")]),
    case("yaml-tab-in-text-block",
         [replace(DA, "      MMN står for", "\tMMN står for")],
         lambda: [err(DA, "\tMMN står for", TAB)]),
    case("yaml-unclosed-quote",
         [replace(DA, "  - heading: Anden behandling", '  - heading: "Anden behandling')],
         lambda: [err(DA, '"Anden behandling', QUOTE)]),
    case("yaml-unclosed-quote-before-another-quote",
         [replace(DA, "title: MMN", 'title: "MMN')],
         lambda: [err(DA, 'title: "MMN', QUOTE, point='"')]),
    case("yaml-colon-in-value",
         [replace(DA, "  - heading: Anden behandling", "  - heading: Anden behandling: medicin")],
         lambda: [err(DA, ": medicin", COLON)]),
    case("yaml-colon-in-bullet",
         [replace(DA, "        - Det er vigtigt", "        - Vigtigt: Det er vigtigt")],
         lambda: [err_like(DA, "Vigtigt: Det", r".*': '.*double quotes.*")]),
    case("yaml-list-item-misaligned",
         [replace(DA, "  - heading: Anden behandling", "   - heading: Anden behandling")],
         lambda: [err(DA, "   - heading: Anden", ALIGN, point="-")]),
    case("yaml-key-indented-one-space",
         [replace(DA, "subtitle: Multifokal", " subtitle: Multifokal")],
         lambda: [on_line(DA, " subtitle:", r"the indentation here does not line up .*")]),
    case("yaml-text-line-dedented",
         [replace(DA, "      sygdom, hvor kroppens eget", "    sygdom, hvor kroppens eget")],
         lambda: [on_line(DA, "    sygdom, hvor kroppens eget", r".*indent.*")]),
    case("yaml-bullet-dash-without-space",
         [replace(DA, "        - Sygdommen begynder", "        -Sygdommen begynder")],
         lambda: [err_like(DA, "-Sygdommen", r".*'- '.*")]),
    case("yaml-bullet-indented-too-far",
         [replace(DA, "        - Sygdommen begynder", "          - Sygdommen begynder")],
         lambda: [err_like(DA, "- Sygdommen", r".*")]),
    case("yaml-value-starts-with-bold",
         [add_block("  - text: **Vigtigt** ring til lægen\n")],
         lambda: [err_like(DA, "**Vigtigt**", r".*quotes.*")]),
    case("yaml-quoted-word-then-text",
         [replace(DA, "  - heading: Anden behandling", '  - heading: "Anden" behandling')],
         lambda: [err_like(DA, '"Anden" behandling', r".*quote.*")]),
    case("yaml-unclosed-quote-on-the-subtitle",
         [replace(DA, "subtitle: Multifokal", 'subtitle: "Multifokal')],
         lambda: [err(DA, 'subtitle: "Multifokal', QUOTE, point='"')]),
    case("yaml-box-heading-indented-too-little",  # level with 'box', so not inside it
         [replace(DA, "      heading: Kort om MMN", "    heading: Kort om MMN")],
         lambda: [err(DA, "    heading: Kort om MMN", "this line is indented less than the "
                      "lines that belong with it (indent it by 6 spaces, like the line below "
                      "it)", point="heading")]),
    case("yaml-unclosed-flow-list",
         [set_key(SPEC, "languages", "[da")],
         lambda: [err(SPEC, "[da", "a list in [ ] is not closed (close it with ']')")]),
    case("yaml-two-documents",
         [write(DA, "title: MMN\ncontent:\n  - text: Hej\n---\ntitle: MMN\n")],
         lambda: [err_like(DA, "---", r"(?!YAML syntax).*---.*")]),
    case("yaml-duplicate-key",
         [set_key(SPEC, "paper", "A4\npaper: letter")],
         lambda: [err(SPEC, "paper: letter", "duplicate key 'paper' (first given on line "
                      f"{line_of(SPEC, 'paper: A4')}) (keep one of them)")]),
    case("yaml-duplicate-key-in-box",
         [replace(DA, "      heading: Kort om MMN", "      heading: Kort om MMN\n      heading: Igen")],
         lambda: [err(DA, "heading: Igen", "duplicate key 'heading' (first given on line "
                      f"{line_of(DA, 'heading: Kort om MMN')}) (keep one of them)")]),
    case("yaml-anchor-and-alias",
         [replace(DA, "  - heading: Hvad er MMN?", "  - heading: &h Hvad er MMN?\n  - heading: *h")],
         lambda: [err(DA, "&h", ANCHOR.format("h")), err(DA, "*h", ANCHOR.format("h"))]),
    case("yaml-non-scalar-key",
         [replace(DA, "title: MMN", "? [a, b]\n: x\ntitle: MMN")],
         lambda: [err(DA, "[a, b]", "a key must be a plain word")]),
    case("yaml-nested-too-deep",  # the file is level 1, so the 100th '[' is level 101
         [set_key(SPEC, "languages", "[" * 150 + "da" + "]" * 150)],
         lambda: [err(SPEC, "[" * 51 + "da", DEEP)]),

    # --- files that are not YAML text ---------------------------------------------------
    case("file-empty", [write(DA, "")], lambda: [err(DA, "", EMPTY)]),
    case("file-only-comments", [write(DA, "# kommer senere\n")], lambda: [err(DA, "", EMPTY)]),
    case("file-binary", [write(DA, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")],
         lambda: [err(DA, "", "this is not a text file "
                      "(save it as plain text (UTF-8) from your editor)")]),
    case("file-utf16", [recode(DA, "utf-16")],
         lambda: [err(DA, "", "this is not a text file "
                      "(save it as plain text (UTF-8) from your editor)")]),
    case("file-not-utf8", [recode(DA, "cp1252")],
         lambda: [err(DA, "\ufffd", "the file is not UTF-8 text (save it as UTF-8 from your editor)")]),
    case("file-too-large", [write(DA, "title: MMN\ncontent:\n" + 100_000 * "  - text: Hej\n")],
         lambda: [err(DA, "", "the file is too large (1.4 MB; at most 1.0 MB)")]),
    case("file-organisation-missing", [delete(ORG)],
         lambda: ["leaflets/organisation.yaml: error: there is no organisation.yaml "
                  "(create it with at least the line 'name: <your organisation>')"]),
    case("file-leaflet-yaml-missing", [delete(SPEC)],
         lambda: [re.compile(r"leaflets/mmn/leaflet\.yaml(:\d+:\d+)?: error: .+")]),

    # --- unknown keys and blocks --------------------------------------------------------
    case("unknown-key-in-box",
         [replace(DA, "      bullets:", "      bulets:")],
         lambda: [err(DA, "bulets:", "unknown key 'bulets' in a box (did you mean 'bullets'?)"),
                  err(DA, "heading: Kort om MMN",
                      "the box is empty (give it a text or bullets)")]),
    case("unknown-key-titel",
         [replace(DA, "title: MMN", "titel: MMN")],
         lambda: [err(DA, "titel:", "unknown key 'titel' in the leaflet's text "
                      "(did you mean 'title'?)"),
                  err(DA, "titel:", "the leaflet's text needs the key 'title'")]),
    case("unknown-block-heding",
         [replace(DA, "  - heading: Hvad er MMN?", "  - heding: Hvad er MMN?")],
         lambda: [err(DA, "heding:", "unknown block 'heding' (did you mean 'heading'?)")]),
    case("unknown-key-colors",
         [replace(ORG, "colours:", "colors:")],
         lambda: [err(ORG, "colors:", "unknown key 'colors' in the organisation "
                      "(did you mean 'colours'?)")]),
    case("unknown-key-in-leaflet-yaml",
         [set_key(SPEC, "paper", "A4\npapper: A5")],
         lambda: [err(SPEC, "papper:", "unknown key 'papper' in leaflet.yaml "
                      "(did you mean 'paper'?)")]),

    # --- wrong types --------------------------------------------------------------------
    case("type-content-not-a-list",
         [write(DA, "title: MMN\ncontent: MMN er en sjælden sygdom.\n")],
         lambda: [err(DA, "MMN er en", LIST.format("content"))]),
    case("type-bullets-not-a-list",
         [add_block("  - bullets: prednisolon, plasmaferese\n")],
         lambda: [err(DA, "prednisolon, plasmaferese", LIST.format("bullets"))]),
    case("type-title-a-list",
         [replace(DA, "title: MMN", "title: [MMN, CIDP]")],
         lambda: [err(DA, "[MMN, CIDP]", "the title must be a text")]),
    case("type-marks-not-a-list",
         [replace(SPEC, "marks: [crop, fold, slug]", "marks: crop")],
         lambda: [err(SPEC, "marks: crop", LIST.format("marks"), point="crop")]),
    case("type-languages-not-a-list",
         [set_key(SPEC, "languages", "da"), set_key(SPEC, "source", "da")],
         lambda: [err(SPEC, "languages: da", LIST.format("languages"), point="da")]),
    case("type-box-not-a-mapping",
         [add_block("  - box: Vigtigt\n")],
         lambda: [err(DA, "Vigtigt\n", "a box must be a set of 'key: value' lines")]),
    case("type-item-not-a-block",
         [replace(DA, "  - heading: Hvad er MMN?", "  - Hvad er MMN?")],
         lambda: [err_like(DA, "Hvad er MMN?", BLOCK)]),
    case("type-file-a-list",
         [write(DA, "- title: MMN\n- content: []\n")],
         lambda: [err(DA, "", "the leaflet's text must be a set of 'key: value' lines")]),

    # --- missing or empty required values -----------------------------------------------
    case("missing-title",
         [replace(DA, "title: MMN\n", "")],
         lambda: [err(DA, "subtitle:", "the leaflet's text needs the key 'title'")]),
    case("missing-content",
         [write(DA, "title: MMN\nback:\n  - contact: organisation\n")],
         lambda: [err(DA, "title:", "the leaflet's text needs the key 'content'")]),
    case("empty-title",
         [replace(DA, "title: MMN", 'title: "  "')],
         lambda: [err(DA, '"  "', "the title is empty")]),
    case("empty-content",
         [write(DA, "title: MMN\ncontent: []\n")],
         lambda: [err(DA, "[]", "the content is empty (add a heading and a text)")]),
    case("missing-organisation-name",
         [replace(ORG, "name: GBS|CIDP Patientforening\n", "")],
         lambda: [err(ORG, "website:", "the organisation needs the key 'name'")]),

    # --- invalid values -----------------------------------------------------------------
    case("colour-short",
         [replace(ORG, '"#1d5a96"', '"#1d5a9"')],
         lambda: [err(ORG, '"#1d5a9"', COLOUR.format("#1d5a9"))]),
    case("colour-name",
         [replace(ORG, '"#1d5a96"', "blue")],
         lambda: [err(ORG, "blue", COLOUR.format("blue"))]),
    # Unquoted, '#1d5a96' is a YAML comment; the message quotes '' but the hint fixes it.
    case("colour-unquoted",
         [replace(ORG, '"#1d5a96"', "#1d5a96")],
         lambda: [err(ORG, " #1d5a96", COLOUR.format(""))]),
    case("bleed-without-unit",
         [set_key(SPEC, "bleed", "3")],
         lambda: [err(SPEC, "bleed: 3", BLEED.format("3"), point="3")]),
    case("bleed-too-large",
         [set_key(SPEC, "bleed", "30mm")],
         lambda: [err(SPEC, "30mm", BLEED.format("30mm"))]),
    case("bleed-decimal-comma",
         [set_key(SPEC, "bleed", "3,5mm")],
         lambda: [err(SPEC, "3,5mm", BLEED.format("3,5mm"))]),
    case("unknown-fold",
         [set_key(SPEC, "fold", "trifol")],
         lambda: [err(SPEC, "trifol\n", "unknown fold 'trifol' (did you mean 'trifold'?)")]),
    case("unknown-paper",
         [set_key(SPEC, "paper", "A3")],
         lambda: [err(SPEC, "A3", "unknown paper 'A3' (expected one of: A4, letter)")]),
    case("unknown-duplex",
         [replace(SPEC, "duplex: short-edge", "duplex: short")],
         lambda: [err(SPEC, "short\n", "unknown duplex 'short' (did you mean 'short-edge'?)")]),
    case("unknown-mark",
         [replace(SPEC, "[crop, fold, slug]", "[crop, folds, slug]")],
         lambda: [err(SPEC, "folds", "unknown mark 'folds' (did you mean 'fold'?)")]),
    case("language-without-file",
         [set_key(SPEC, "languages", "[da, fo]")],
         lambda: [err(SPEC, "fo]", "there is no fo.yaml for the language 'fo' "
                      "(create mmn/fo.yaml or remove 'fo' from the list)")]),
    case("language-not-a-code",
         [set_key(SPEC, "languages", "[da, dansk]")],
         lambda: [err(SPEC, "dansk", "'dansk' is not a language code "
                      "(use a two-letter code such as da, nl or en)")]),
    case("language-twice",
         [set_key(SPEC, "languages", "[da, da]")],
         lambda: [err(SPEC, "da]", "the language 'da' is listed twice")]),
    case("source-not-a-language",
         [set_key(SPEC, "languages", "[da]"), set_key(SPEC, "source", "fo")],
         lambda: [err(SPEC, "source: fo", "the source language 'fo' is not one of the "
                      "leaflet's languages (expected one of: da)", point="fo")]),
    case("columns-three",
         [set_key(SPEC, "columns", "3")],
         lambda: [err(SPEC, "columns: 3", "columns must be 1 or 2", point="3")]),
    case("website-without-scheme",
         [replace(ORG, "https://www.gbs-cidp.dk", "www.gbs-cidp.dk")],
         lambda: [err(ORG, "www.gbs-cidp.dk", "the website must be an address that starts "
                      "with https:// (write https://www.gbs-cidp.dk)")]),
    case("email-invalid",
         [replace(ORG, "kontakt@gbs-cidp.dk", "kontakt at gbs-cidp.dk")],
         lambda: [err(ORG, "kontakt at", "'kontakt at gbs-cidp.dk' is not an e-mail address")]),
    case("date-wrong-order",
         [replace(DA, '"2026-11-22"', "22-11-2026")],
         lambda: [err(DA, "22-11-2026", DATE.format("22-11-2026"))]),
    case("date-impossible",
         [replace(DA, '"2026-11-22"', '"2026-13-45"')],
         lambda: [err(DA, '"2026-13-45"', DATE.format("2026-13-45"))]),
    case("break-unknown",
         [add_block("  - break: page\n")],
         lambda: [err(DA, "page", "unknown break 'page' (did you mean 'panel'?)")]),
    case("contact-unknown",
         [replace(DA, "  - contact: organisation", "  - contact: me")],
         lambda: [err(DA, "contact: me", "unknown contact 'me' "
                      "(expected one of: organisation)", point="me")]),

    # --- text: links and characters -----------------------------------------------------
    case("link-without-scheme-in-text",
         [replace(DA, "(https://www.gbs-cidp.org)", "(www.gbs-cidp.org)")],
         lambda: [err(DA, "www.gbs-cidp.org", LINK.format("www.gbs-cidp.org"))]),
    case("link-without-scheme-in-heading",
         [replace(DA, "  - heading: Hvor kan du få hjælp?",
                  "  - heading: Hvor kan du få hjælp? Se [x](www.example.org)")],
         lambda: [err(DA, "www.example.org", LINK.format("www.example.org"))]),
    case("control-escape-nul-in-text",
         [add_block('  - text: "Hej\\0med dig"\n')],
         lambda: [err(DA, "\\0med dig", CONTROL.format(0))]),
    case("control-escape-bell-in-heading",
         [replace(DA, "  - heading: Anden behandling", '  - heading: "Anden\\a behandling"')],
         lambda: [err(DA, "\\a behandling", CONTROL.format(7))]),
    case("glyph-missing-at-paragraph-start",
         [replace(DA, "      Næsten 85 % af", "      ≥ 85 % af")],
         lambda: [err(DA, "≥", GLYPH.format("≥", ord("≥")))]),
    case("glyph-missing-inside-line",
         [replace(DA, "Næsten 85 %", "Næsten ≥ 85 %")],
         lambda: [err(DA, "≥", GLYPH.format("≥", ord("≥")))]),
    case("glyph-missing-on-later-line-of-paragraph",
         [replace(DA, "holder som regel tre til seks uger", "holder som regel ≥ 3 uger")],
         lambda: [err(DA, "≥", GLYPH.format("≥", ord("≥")))]),
    case("glyph-missing-emoji-in-heading",
         [replace(DA, "  - heading: Anden behandling", "  - heading: Anden behandling 💊")],
         lambda: [err(DA, "💊", GLYPH.format("💊", ord("💊")))]),

    # --- layout -------------------------------------------------------------------------
    case("overflow-text-30-times-longer",
         [replace(DA, PARAGRAPH, 30 * PARAGRAPH)],
         lambda: [err_like(DA, PARAGRAPH.strip(),
                           r"the text does not fit: the inside right panel overflows by \d+ mm "
                           r"even at 9 pt \(shorten the text by about \d+ lines\)")]),

    case("overflow-text-a-whole-book",  # refused before layout, at the text that passes the room
         [replace(DA, PARAGRAPH, 150 * PARAGRAPH)],
         lambda: [err_like(DA, PARAGRAPH.strip(),
                           r"the text is far too long for a trifold: it has \d+ characters, and "
                           r"even at 9 pt about \d+ fit; from about here on nothing would "
                           r"\(shorten it to under \d+ characters, or make two leaflets of it\)")]),

    # --- images -------------------------------------------------------------------------
    case("image-outside-leaflets-folder",
         [add_block("  - image: {src: ../../etc/passwd, alt: x}\n")],
         lambda: [err(DA, "../../etc/passwd", OUTSIDE.format("../../etc/passwd"))]),
    case("image-absolute-path",
         [add_block("  - image: {src: /etc/passwd, alt: x}\n")],
         lambda: [err(DA, "/etc/passwd", OUTSIDE.format("/etc/passwd"))]),
    case("image-missing",
         [add_block("  - image: {src: images/nerve.png, alt: En nerve}\n")],
         lambda: [err(DA, "images/nerve.png", "the image 'images/nerve.png' was not found "
                      f"(looked for {Path('leaflets/mmn/images/nerve.png').resolve()})")]),
    case("image-not-a-picture",
         [write("mmn/images/nerve.png", b"this is not a picture\n"),
          add_block("  - image: {src: images/nerve.png, alt: En nerve}\n")],
         lambda: [err_like(DA, "images/nerve.png", r"the image 'images/nerve\.png' .+")]),
    case("image-without-image-key",
         [add_block("  - src: images/nerve.png\n    alt: En nerve\n")],
         lambda: [err(DA, "src: images/nerve.png",
                      "an image is written '- image: {src: …, alt: …}'")]),
    case("logo-outside-leaflets-folder",
         [replace(ORG, "logo: images/logo.png", "logo: ../logo.png")],
         lambda: [err(ORG, "../logo.png", "the logo '../logo.png' lies outside the leaflets "
                      "folder (put the file inside leaflets/ and name it relative to this file)")]),

    # --- several problems in several files: all of them, in one run ---------------------
    case("errors-in-three-files",
         [replace(DA, "title: MMN", "titel: MMN"),
          replace(DA, "  - heading: Anden behandling", "  - heding: Anden behandling"),
          set_key(SPEC, "paper", "A3"),
          replace(ORG, '"#1d5a96"', '"#1d5a9"')],
         lambda: [err(ORG, '"#1d5a9"', COLOUR.format("#1d5a9")),
                  err(SPEC, "A3", "unknown paper 'A3' (expected one of: A4, letter)"),
                  err(DA, "titel:", "unknown key 'titel' in the leaflet's text "
                      "(did you mean 'title'?)"),
                  err(DA, "titel:", "the leaflet's text needs the key 'title'"),
                  err(DA, "heding:", "unknown block 'heding' (did you mean 'heading'?)")]),
    case("syntax-error-and-value-error-in-two-files",
         [replace(DA, "  - heading: Hvad er MMN?", "\t- heading: Hvad er MMN?"),
          replace(SPEC, "duplex: short-edge", "duplex: short")],
         lambda: [err(SPEC, "short\n", "unknown duplex 'short' (did you mean 'short-edge'?)"),
                  err(DA, "\t- heading", TAB)]),

    # --- usage errors: exit 2 -----------------------------------------------------------
    case("usage-unknown-leaflet-id", [],
         lambda: ["leaflet: error: no leaflet 'mnm' in leaflets (did you mean 'mmn'?)"],
         code=2, args=("mnm",)),
    case("usage-unknown-leaflet-id-far-off", [],
         lambda: ["leaflet: error: no leaflet 'brochure' in leaflets "
                  f"(expected one of: {', '.join(leaflet_ids())})"],
         code=2, args=("brochure",)),
    case("usage-root-without-leaflets-folder", [],
         lambda: ["leaflet: error: there is no leaflets/ folder in nowhere "
                  "(run in the folder that holds leaflets/, or give it with --root)"],
         code=2, args=("--root", "nowhere")),
    case("usage-unknown-language", [],
         lambda: ["leaflet: error: no leaflet has the language(s) fo"],
         code=2, args=("--lang", "fo")),
]


def errors_only(run) -> list[str]:
    """stderr without warnings: the sample's own warnings (e.g. a translation not yet
    reviewed) come and go with the sample text and are not what these cases test."""
    return [line for line in run.lines if not WARNING.match(line)]


WARNING = re.compile(r"\S+:\d+:\d+: warning: ")


@pytest.mark.parametrize("edits, expect, code, args", CASES)
def test_bad_input(project, cli, edits, expect, code, args):
    for edit in edits:
        edit(project)
    expected = expect()
    for command in ("check", "build"):
        run = cli(command, *args)
        assert "Traceback" not in run.err + run.out
        assert "internal error" not in run.err
        assert run.code == code, f"{command}: exit {run.code}\n{run.err}"
        assert run.out == ""
        lines = errors_only(run)
        if code == 1:
            n = len(expected)
            w = len(run.lines) - len(lines)  # the sample's own warnings, counted once each
            summary = (f"{n} error{'s' if n != 1 else ''}"
                       + (f", {w} warning{'s' if w != 1 else ''}" if w else "")
                       + "; nothing was written")
            assert lines[-1] == summary, f"{command}:\n{run.err}"
            lines = lines[:-1]
        assert len(lines) == len(expected), f"{command}:\n{run.err}"
        for line, want in zip(lines, expected):
            if isinstance(want, re.Pattern):
                assert want.fullmatch(line), f"{command}: {line!r} does not match {want.pattern!r}"
            else:
                assert line == want, command
        assert not (project / "output").exists(), f"{command} wrote output/"


# --- standalone cases ------------------------------------------------------------------

def test_billion_laughs_is_refused_quickly(project, cli):
    write(DA, BILLION_LAUGHS)(project)
    start = time.monotonic()
    run = cli("build")
    assert time.monotonic() - start < 5
    assert run.code == 1 and "Traceback" not in run.err
    problems, summary = errors_only(run)[:-1], run.lines[-1]
    assert problems[0] == err(DA, "&a", ANCHOR.format("a"))
    every = re.compile(r"leaflets/mmn/da\.yaml:\d+:\d+: error: "
                       + re.escape(ANCHOR.format("@")).replace("@", r"\w"))
    assert all(every.fullmatch(line) for line in problems), run.err
    assert summary == f"{len(problems)} errors; nothing was written"
    assert not (project / "output").exists()


def test_failed_build_leaves_earlier_pdfs_as_they_were(project, cli):
    first = cli("build")
    assert first.code == 0, first.err
    def outputs():
        return {str(p.relative_to(project)): (p.read_bytes(), p.stat().st_mtime_ns)
                for p in sorted((project / "output").rglob("*")) if p.is_file()}

    before = outputs()
    assert {"output/mmn/mmn-da-print.pdf", "output/mmn/mmn-da-screen.pdf"} <= set(before)

    replace(DA, "      bullets:", "      bulets:")(project)
    second = cli("build")
    assert second.code == 1 and "Traceback" not in second.err
    assert errors_only(second)[-1] == "2 errors; nothing was written"
    assert outputs() == before  # same files, byte-identical, untouched; no temporary files left


def test_a_build_with_an_error_in_its_files_lays_out_the_rest_but_draws_nothing(
        project, cli, monkeypatch):
    """The other texts are still laid out (an overflow there is reported with the rest),
    but drawing their PDFs would be time spent on files never written."""
    from leaflet.layout import typeset
    from leaflet.render import print_pdf, screen_pdf

    calls = []
    monkeypatch.setattr(print_pdf, "print_pdf", lambda *a: calls.append("print"))
    monkeypatch.setattr(screen_pdf, "screen_pdf", lambda *a: calls.append("screen"))
    laid_out = typeset.typeset
    monkeypatch.setattr(typeset, "typeset", lambda *a: calls.append("layout") or laid_out(*a))
    replace(DA, "      bullets:", "      bulets:")(project)
    run = cli("build")
    assert run.code == 1 and errors_only(run)[-1] == "2 errors; nothing was written"
    assert calls and set(calls) == {"layout"}


def test_failed_build_does_not_create_the_out_folder(project, cli):
    set_key(SPEC, "paper", "A3")(project)
    run = cli("build", "--out", "dist")
    assert run.code == 1
    assert errors_only(run) == [err(SPEC, "A3", "unknown paper 'A3' (expected one of: A4, letter)"),
                         "1 error; nothing was written"]
    assert not (project / "dist").exists() and not (project / "output").exists()


def test_check_of_good_files_writes_nothing(project, cli):
    run = cli("check")
    assert (run.code, errors_only(run), run.out) == (0, [], "ok: no errors\n")
    assert not (project / "output").exists()


def test_hash_inside_unquoted_value_is_not_silently_dropped(project, cli):
    replace(DA, "  - heading: Hverdagen med MMN", "  - heading: Tip #1 til hverdagen med MMN")(project)
    run = cli("check")
    where = position(DA, "#1 til")
    assert any(line.startswith(f"{where}: ") and "#" in line.split(": ", 1)[1]
               for line in run.lines), run.err


def test_a_word_too_long_for_any_line_is_refused_not_printed_over_the_fold(project, cli):
    """Digits are never hyphenated: eighty of them cannot fit a 83 mm column."""
    replace(DA, "MMN står for", "1234567890" * 8 + " MMN står for")(project)
    run = cli("build", "mmn", "--lang", "da")
    line, col = position(DA, "1234567890").split(":")[1:]
    assert run.code == 1
    assert run.lines[0].startswith(
        f"leaflets/mmn/da.yaml:{line}:{col}: error: '1234567890123456789012345678901234567…' "
        "is too long for a line in the inner flap panel: it sticks out ")
    assert run.lines[0].endswith(" mm (break it with a soft hyphen (U+00AD), or for a web "
                                 "address write [short text](address))")
    assert not (project / "output").exists()

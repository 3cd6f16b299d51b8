"""Bad input never hurts: properties checked on generated input (hypothesis).

- Any text saved as a leaflet file, read by loader.load and every reader of validate.py, gives
  problems (LeafletError, or problems collected), never any other exception, and every
  problem points into the file.
- Any YAML document built from dicts, lists and scalars, saved as da.yaml, makes
  ``leaflet check`` exit 0 or 1: never 3 (internal error), never a traceback.
- Markup: markup.plain(text) is what ReportLab draws for any text; and any paragraph
  that builds comes out of the screen PDF exactly as written.
- Limits: an image over images.MAX_PIXELS is refused with a clear message (the 1 MB
  YAML limit and the alias bomb are in test_bad_input.py already).
- What the properties found, each as a plain test with its smallest input (xfail while
  it is still a defect).

Runs are derandomized with small example counts so the suite stays fast and repeatable;
LEAFLET_FUZZ=N multiplies the counts for a deeper run by hand
(``LEAFLET_FUZZ=20 pytest tests/test_properties.py``).
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import subprocess
import sys
import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from leaflet import markup
from leaflet.cli import main
from leaflet.errors import LeafletError, Pos, Problems
from leaflet.layout import fonts, preflight
from leaflet.layout.images import MAX_PIXELS
from leaflet.model import Organisation, Text, texts
from leaflet.source import loader, validate

from pdfcheck import strict_check

FUZZ = max(1, int(os.environ.get("LEAFLET_FUZZ", "1") or 1))


def examples(n: int, shrink: bool = True) -> settings:
    # database=None: nothing written under the (changing) current folder; derandomize:
    # the same examples on every run, so a failure here is never a fluke.
    # deadline=None: a build takes longer than hypothesis's 200 ms, and how long varies.
    # shrink=False for builds: shrinking a failing PDF example takes hypothesis's full five
    # minutes; the assertion shows the text as generated instead.
    phases = tuple(Phase) if shrink else tuple(p for p in Phase if p != Phase.shrink)
    return settings(derandomize=True, database=None, max_examples=n * FUZZ, deadline=None,
                    phases=phases,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


# --- strategies ---------------------------------------------------------------------------

# Pieces that mean something to YAML, to the schema or to the markup, so generated text
# hits the interesting paths far more often than uniform random characters would.
YAML_PIECES = [
    "title: ", "subtitle: ", "content:\n", "back:\n", "cover:\n", "  text: ", "  - text: ",
    "  - heading: ", "  - bullets:\n", "      - ", "  - box:\n", "  - image: ", "{src: x.png}",
    "  - break: panel\n", "  - contact: organisation\n", "fold: ", "trifold", "paper: A4\n",
    "languages: [da, en]\n", "name: ", "colours:\n", "  primary: ", '"#1d5a96"', "logo: ",
    "- ", "? ", ": ", ":", "-", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "&a ", "*a", "<<: *a\n", "!!str ", "!!binary ", "!!python/object:os.system ", "!x ",
    "!!timestamp ", "!!float ", "!!int ", "!!set ", "!!omap ", "|\n", "|-\n", ">\n", "|2\n",
    "{", "}", "[", "]", ",", '"', "'", "#", " #", "\\", "\\x00", "\\u2028", "\\U0001F600",
    "\\", "\n", "\n\n", "  ", "    ", "\t", "\r", "\r\n", "\x00", "\x85", "\u2028", "\ufeff",
    "\u00ad", "\u200b", "**", "*", "[link](https://example.org)", "[x](javascript:x)", "](",
    "<b>", "&amp;", "&", "<", ">", "%", "@", "`", "~", "null", "yes", "no", "0o17", "1e9",
    ".inf", ".nan", "2026-02-30", "12:30:00", "é", "ø", "ß", "Ω", "Ж", "€", "≥", "😀",
    "\u05d0", "\u0627", "\U00010000", "\ufffd", "\uffff",
]


def yaml_ish_text():
    piece = st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8))
    short = st.lists(piece, max_size=60).map("".join)
    # A very long line, or a great many lines, of one piece (well under the 1 MB limit).
    long = st.builds(lambda text, n: text * n, st.sampled_from(
        ["x", "a: b ", "- a\n", "[a], ", "{a: b}, ", "  - text: Hej\n", "é", "\t", "'",
         '"\\"', "\n", "#", "*", "**x** ", "\r", "\u2028"]),
        st.integers(1_000, 60_000))
    # Nesting hundreds or thousands deep, closed or not (tens of thousands, once a crash:
    # test_nesting_tens_of_thousands_deep_is_a_problem_not_a_crash).
    deep = st.builds(lambda opening, n, closed: opening * n + (
        {"[": "]", "{a: ": "}"}.get(opening, "") * n if closed else ""),
        st.sampled_from(["[", "- ", "{a: "]), st.integers(300, 5_000), st.booleans())
    return st.one_of(short, short, short, st.text(max_size=200), long, deep)


# The keys README.md documents (written out here, so the test does not follow the code).
BLOCK_KINDS = ("heading", "text", "bullets", "references", "box", "image", "break", "contact")
KNOWN_KEYS = BLOCK_KINDS + (
    "title", "subtitle", "updated", "cover", "content", "back", "hyphenation", "reviewed",
    "fold", "paper", "bleed", "source", "languages", "columns", "print", "marks", "duplex",
    "name", "website", "email", "phone", "logo", "colours", "primary", "accent",
    "src", "alt", "caption")


def scalars():
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(),
        st.dates(), st.datetimes(),
        st.sampled_from(["panel", "organisation", "images/logo.png", "../../etc/passwd",
                         "/etc/passwd", "https://example.org", "trifold", "A4", "da", "3mm",
                         "#1d5a96", "**", "*", "[a](b)", "- a", "a: b", " # c", "", " "]),
        st.text(max_size=40),
    )


def documents():
    keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=10), st.integers(),
                     st.booleans(), st.none())
    tree = st.recursive(scalars(), lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4)), max_leaves=16)
    block = st.dictionaries(st.sampled_from(BLOCK_KINDS), tree, min_size=1, max_size=1)
    blocks = st.lists(st.one_of(block, block, block, tree), max_size=6)
    leaflet_like = st.fixed_dictionaries(
        {"title": st.one_of(st.text(max_size=20), tree), "content": st.one_of(blocks, tree)},
        optional={key: tree for key in ("subtitle", "updated", "cover", "hyphenation",
                                        "reviewed")} | {"back": blocks})
    return st.one_of(tree, leaflet_like, leaflet_like)


# --- (a) any text as a leaflet file --------------------------------------------------------

def read_everything(path: Path) -> list:
    """What a build does with one file before layout: load it, read it as each kind of
    file, and look at every text's markup and glyphs. Returns the problems found."""
    problems = Problems()
    try:
        node = loader.load(path)
    except LeafletError as exc:
        return exc.problems
    folder = path.parent
    validate.read_organisation(node, folder.parent, problems)
    validate.read_leaflet_spec(node, folder, ["da", "en"], problems)
    content = validate.read_content(node, path, problems)
    if content is not None:
        organisation = Organisation(name=Text("Org", Pos(str(path), 1, 1)))
        preflight.check_glyphs(content, organisation, problems)
        for text in texts(content):
            markup.plain(text.value)
            markup.to_reportlab(text.value)
            text.pos_of(len(text.value) // 2)
    return problems.items


@examples(150)
@given(text=yaml_ish_text(),  # raw: bytes instead of the text, one time in four
       raw=st.one_of(st.none(), st.none(), st.none(), st.binary(max_size=200)))
def test_any_text_as_a_leaflet_file_gives_problems_never_a_crash(tmp_path_factory, text, raw):
    folder = tmp_path_factory.mktemp("leaflets") / "x"
    folder.mkdir()
    path = folder / "da.yaml"
    data = raw if raw is not None else text.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    found = read_everything(path)  # anything but LeafletError propagates and fails
    try:  # lines as YAML counts them: \r\n, \r, \n, U+0085, U+2028 and U+2029 end one
        lines = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", data.decode("utf-8-sig"))) + 1
    except UnicodeDecodeError:
        lines = data.count(b"\n") + 1
    for problem in found:
        assert problem.pos.path == loader.display_path(path), problem
        assert 0 <= problem.pos.line <= lines + 1, (problem, lines)
        assert problem.pos.col >= 0, problem
        assert problem.message and "Traceback" not in problem.message


# --- (b) any YAML document as da.yaml ------------------------------------------------------

GCC_LINE = re.compile(r"leaflets/[^:]+(:\d+:\d+)?: (error|warning): .+")


@examples(60)
@given(document=documents(), flow=st.sampled_from([False, None, True]),
       unicode=st.booleans())
def test_any_yaml_document_is_checked_without_an_internal_error(project, cli, document, flow,
                                                                unicode):
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=unicode)
    (project / "leaflets" / "mmn" / "da.yaml").write_text(text, encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")  # the other texts are the samples, unchanged
    assert run.code in (0, 1), (text, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err, (text, run.err)
    lines = run.lines
    if run.code == 1:
        assert re.fullmatch(r"\d+ errors?(, \d+ warnings?)?; nothing was written", lines[-1]), run.err
        lines = lines[:-1]
    for line in lines:  # one problem a line, however odd the text it quotes
        assert GCC_LINE.fullmatch(line), (text, line)
    assert not (project / "output").exists()


# --- (c) markup ----------------------------------------------------------------------------

MARKUP_PIECES = ["**", "*", "[", "]", "(", ")", "](", "[a](https://example.org)",
                 "**bold**", "*italic*", " ", "\n", "\n\n", "<", ">", "&", "&amp;", "&#65;",
                 "<b>", "</i>", "<a href='x'>", '"', "'", "\\", "\t", "\x00", "é", "😀", "a",
                 "word", "-"]


def drawn_by_reportlab(text: str) -> str:
    """The characters ReportLab's paragraph parser makes of markup.to_reportlab(text):
    exactly what a Paragraph draws, before line breaking."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paraparser import ParaParser

    style = ParagraphStyle("probe", fontName=fonts.register(), fontSize=10)
    _, fragments, _ = ParaParser().parse(markup.to_reportlab(text, "#1d5a96"), style)
    return "".join(getattr(fragment, "text", "") for fragment in fragments)


@examples(300)
@given(text=st.one_of(st.lists(st.sampled_from(MARKUP_PIECES) | st.text(max_size=5),
                               max_size=30).map("".join), st.text(max_size=80)))
def test_plain_is_what_reportlab_draws(text):
    assert drawn_by_reportlab(text) == markup.plain(text)
    if not set(text) & set("*["):
        assert markup.plain(text) == text


@examples(300)
@given(text=st.lists(st.sampled_from(MARKUP_PIECES + ["[b](www.x)", "[c](javascript:x)",
                                                      "(d)"]) | st.text(max_size=5),
                     max_size=30).map("".join))
def test_every_link_a_reader_would_get_is_checked(text):
    """validate.py refuses a text by markup.problems, so a link parse() makes, at any depth
    (in bold, in italic, in a label), must be among them, at its place in the text."""
    bad = {span.href for span in markup.parse(text)
           if span.href and not span.href.startswith(markup.LINK_SCHEMES)}
    found = [(offset, re.match(r"the link '(.*)' must", message, re.S)[1])
             for offset, message in markup.problems(text)]
    assert all(text.startswith(url, offset) for offset, url in found), found
    # [a]() is refused too, though its empty href leaves no link to follow
    assert {url for _, url in found} - {""} == bad


@lru_cache(maxsize=None)
def printable() -> tuple[str, ...]:
    """Characters the fonts draw visibly: no controls, format characters, line or
    paragraph separators, noncharacters, and no right-to-left letters (refused)."""
    out = []
    for code in sorted(fonts.coverage()):
        char = chr(code)
        if (unicodedata.category(char) in ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp")
                or code in (0xFFFE, 0xFFFF) or 0xFDD0 <= code <= 0xFDEF
                or unicodedata.bidirectional(char) in ("R", "AL")):
            continue
        out.append(char)
    return tuple(out)


def as_pdfium_reads(text: str) -> str:
    """PDFium (not the PDF) decomposes the Latin ligature characters U+FB00–FB06 into their
    letters, drops variation selectors and a combining mark repeated on the same letter;
    pypdf reads all of them back exactly as written."""
    def spelled_out(ch: str) -> str:  # its compatibility decomposition, one step: ﬅ → ſt
        codes = unicodedata.decomposition(ch).split()[1:]
        return "".join(chr(int(code, 16)) for code in codes)

    text = "".join(spelled_out(ch) if 0xFB00 <= ord(ch) <= 0xFB06 else ch for ch in text)
    text = re.sub("[\ufe00-\ufe0f]", "", text)
    # the same combining mark twice on one letter: PDFium keeps one (it drops a glyph drawn
    # again at the same place, as in fake bold)
    return re.sub(r"([\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u2de0-\u2dff"
                  r"\ufe20-\ufe2f])\1+", r"\1", text)


def words(alphabet, max_size=14):
    """Words that neither start nor end with a combining mark. PDFium misreads both (pypdf
    reads them as written): a mark after a space, with no letter to sit on, swaps places
    with the space; a space after a mark at the end of an italic word, before a bold one,
    is left out."""
    def letters_around_marks(word: str) -> str:
        if unicodedata.category(word[0]) in ("Mn", "Me"):
            word = "a" + word
        if unicodedata.category(word[-1]) in ("Mn", "Me"):
            word += "a"
        return word

    return st.text(alphabet=alphabet, min_size=1, max_size=max_size).map(letters_around_marks)


@st.composite
def paragraphs(draw, with_markup: bool):
    """A paragraph of words of printable characters, weighted towards letters so lines
    break and words hyphenate; with markup: bold, italic, links and lone markup
    characters between them. Words are at most 14 characters: see
    test_a_word_wider_than_the_column_is_never_cut_off for longer ones."""
    letters = st.sampled_from("abcdefghijklmnopqrstuvwxyzæøåéABCDEFGHIJKLMNOPQRSTUVWXYZ")
    anything = st.sampled_from(printable()).filter(
        lambda ch: with_markup or ch not in "*[]()")
    alphabet = st.one_of(letters, letters, letters, anything)
    word = words(alphabet)
    if with_markup:
        word = st.one_of(
            word, word, word,
            word.map(lambda w: f"**{w.strip('*')}**" if w.strip("*").strip() else w),
            word.map(lambda w: f"*{w.strip('*')}*" if w.strip("*").strip() else w),
            st.tuples(words(letters), words(letters)).map(
                lambda p: f"[{p[0]}](https://example.org/{p[1]})"),
            st.sampled_from(["*", "**", "[", "]", "(", ")", "[x]", "(y)", "a*b", "2*3"]))
    separator = st.sampled_from([" ", " ", " ", " ", "-", "\n", " - ", "/", "\u00a0"])
    parts = draw(st.lists(st.tuples(word, separator), min_size=8, max_size=80))
    return "".join(w + s for w, s in parts).strip() or "x"


def as_a_reader_should_see(text: str) -> str:
    """README: a single line break is a space, a blank line starts a new paragraph; then
    the markup's own characters go."""
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return " ".join(markup.plain(re.sub(r"\s*\n\s*", " ", p.strip())) for p in paragraphs)


def build_paragraph(root: Path, text: str, lang: str) -> tuple[int, str]:
    """Build a bi-fold whose content is the one text; the exit status and stderr."""
    leaflets = root / "leaflets"
    (leaflets / "p").mkdir(parents=True, exist_ok=True)
    (leaflets / "organisation.yaml").write_text("name: Org\n", encoding="utf-8")
    (leaflets / "p" / "leaflet.yaml").write_text("fold: bifold\npaper: A4\n", encoding="utf-8")
    for old in (leaflets / "p").glob("??.yaml"):
        old.unlink()
    # as written: quotes and dashes made typographic are tests/test_punctuation.py's
    document = {"title": "T", "updated": "2026-01-01", "punctuation": "as-written",
                "content": [{"text": text}]}
    (leaflets / "p" / f"{lang}.yaml").write_text(
        yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["build", "--force", "--root", str(root)])
        except SystemExit as exc:
            code = exc.code
    return code, err.getvalue()


def content_text(pdf: Path) -> str:
    """The text on the bi-fold's two inside pages (screen PDF pages 2 and 3) as PDFium
    extracts it, after checking that every character of it lies on its page (text off the
    page is text a reader never sees)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for index in (1, 2):
            page = document[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                x0, y0, x1, y1 = textpage.get_charbox(i)
                char = textpage.get_text_range(i, 1)
                assert -0.5 <= x0 and x1 <= width + 0.5 and -0.5 <= y0 and y1 <= height + 0.5, \
                    f"{char!r} at ({x0:.1f}, {y0:.1f})–({x1:.1f}, {y1:.1f}) is off the page"
            # the whole text, not get_text_bounded: that leaves out the line breaks PDFium
            # sometimes makes up between two words of one line (where the font changes)
            texts.append(textpage.get_text_range())
        return "\n".join(texts)
    finally:
        document.close()


def squeezed_glyphs(pdf: Path, pages=(1, 2)) -> list[tuple[str, str, float]]:
    """Pairs of neighbouring characters on a line set closer than 80 % of the first one's
    advance width (in the narrowest face of the family, at the size PDFium reports):
    glyphs squeezed onto each other, which no extraction of the text would notice."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register()
    found = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in pages:
            textpage = document[page].get_textpage()
            before = None
            for i in range(textpage.count_chars()):
                char = textpage.get_text_range(i, 1)
                if (not char.strip() or char in "\x02\ufffe"
                        or unicodedata.category(char) in ("Mn", "Me", "Cf")):
                    continue
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
                if before and x.value == before[1] and y.value == before[2]:
                    continue  # one glyph, several characters: a ligature PDFium spells out
                if before and abs(before[2] - y.value) < 0.5 and x.value > before[1] - 1:
                    need = 0.8 * min(stringWidth(before[0], face, before[3])
                                     for face in fonts.FACES)
                    if x.value - before[1] < need:
                        found.append((before[0], char, round(x.value - before[1], 2)))
                before = (char, x.value, y.value, size)
    finally:
        document.close()
    return found


def matches_as_written(extracted: str, expected: str) -> bool:
    """Whether PDFium's text is the expected text, line breaks aside.

    Whitespace runs compare equal to one space. Where PDFium reports \\x02 (U+FFFE in the
    whole page's text), a line ended in a hyphen: one the hyphenation added (nothing in the text), or a hyphen of the text
    itself, in a word or before a space the line break took; so \\x02 and the line break
    after it match '', '-' or '- '. A line may also break right after a '-', or before or
    after a '/', of the text without a space in the text.
    """
    expected = " ".join(expected.replace("\u00ad", "").split())
    pattern = []
    for token in re.findall(r"[\x02\ufffe]\s*|[-/]\r?\n|\r?\n/|\s+|.", extracted.strip(),
                           re.S):
        if token[0] in "\x02\ufffe":
            pattern.append("(?:- ?)?")
        elif token[0] in "-/" and len(token) > 1:
            pattern.append(re.escape(token[0]) + " ?")
        elif token[-1] == "/" and len(token) > 1:
            pattern.append(" ?/")
        elif token.isspace():
            pattern.append(" ")
        else:
            pattern.append(re.escape(token))
    return re.fullmatch("".join(pattern), expected) is not None


@pytest.mark.parametrize("with_markup", [False, True], ids=["plain", "markup"])
@examples(13, shrink=False)
@given(data=st.data(), lang=st.sampled_from(["da", "en", "de", "tr"]))
def test_text_that_builds_comes_out_of_the_pdf_as_written(tmp_path_factory, with_markup, data,
                                                          lang):
    text = data.draw(paragraphs(with_markup), label="text")
    root = tmp_path_factory.mktemp("built")
    expected = as_pdfium_reads(as_a_reader_should_see(text))
    code, err = build_paragraph(root, text, lang)
    assert code in (0, 1) and "Traceback" not in err, err
    assume(code == 0)  # a problem the user is told about (a link we cannot follow, say)
    screen = root / "output" / "p" / f"p-{lang}-screen.pdf"
    for pdf in (screen, root / "output" / "p" / f"p-{lang}-print.pdf"):
        strict_check(pdf)
    extracted = content_text(screen)
    assert matches_as_written(extracted, expected), (expected, extracted)
    assert not squeezed_glyphs(screen), (expected, squeezed_glyphs(screen))


def test_the_comparison_is_not_blind():
    assert matches_as_written("well\x02\r\nknown, hyphen\x02\r\nated", "well-known, hyphenated")
    assert matches_as_written("a  b\r\nc", "a b c")
    assert matches_as_written("U\x02aa", "U- aa") and matches_as_written("U\ufffeaa", "Uaa")
    assert matches_as_written("and\r\n/or", "and/or") and matches_as_written("a/\r\nb", "a/b")
    assert not matches_as_written("ab c", "a b c")
    assert not matches_as_written("a b", "a b c")
    assert not matches_as_written("a-b", "a b")


# --- defects found: explicit reproducers ---------------------------------------------------

@pytest.mark.parametrize("text", ["Start " + "x" * 90 + " end",
                                  "Start " + "ord/" * 30 + "slut end",
                                  "Start " + "ord\xa0" * 30 + "slut end",
                                  "Start " + "ord\xa0" * 22 + "slut end"],
                         ids=["long-word", "slashes", "no-break-spaces", "no-break-squeezed"])
def test_a_word_wider_than_the_column_is_never_cut_off(tmp_path, text):
    """Refused with a message at the file, or printed as written: never cut off at the
    trim, never squeezed until the words print over each other. (Found by the property
    above; fixed in 7471bc8.)"""
    code, err = build_paragraph(tmp_path, text, "en")
    assert "Traceback" not in err
    if code == 1:  # refused with a clear message: fine
        assert "p/en.yaml:" in err
        return
    screen = tmp_path / "output/p/p-en-screen.pdf"
    assert matches_as_written(content_text(screen), text.replace("\xa0", " "))
    assert not squeezed_glyphs(screen)


def test_too_long_message_names_the_phrase_joined_by_no_break_spaces(tmp_path):
    code, err = build_paragraph(tmp_path, "Start " + "ord\xa0" * 22 + "slut end", "en")
    assert code == 1, err
    assert "'ord" in err and "'Start'" not in err, err


def test_a_character_the_font_draws_as_notdef_is_refused(tmp_path):
    assert fonts.missing("a\uffffb") == [(1, "\uffff")]


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1b", "\x7f", "\x9f", "\uffff"],
                         ids=["VT", "FF", "ESC", "DEL", "U+009F", "U+FFFF"])
def test_a_control_character_in_a_file_is_a_problem_not_a_crash(project, cli, char):
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(f"title: MMN{char}\ncontent:\n  - text: Hej\n", encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1 and "Traceback" not in run.err, run.err
    assert run.lines[0].startswith("leaflets/mmn/da.yaml:1:"), run.err


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool maybe",
                                   "!!timestamp 2026", "!!int 0x"])
def test_a_yaml_type_tag_that_does_not_fit_is_a_problem_not_a_crash(project, cli, value):
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(f"title: MMN\ncontent:\n  - text: {value}\n", encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code in (0, 1) and "internal error" not in run.err, run.err


@pytest.mark.parametrize("line", ["updated: 2026-02-30", "updated: 2026-13-01",
                                  "subtitle: 2026-02-30"])
def test_an_unquoted_impossible_date_is_a_problem_not_a_crash(project, cli, line):
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(f"title: MMN\n{line}\ncontent:\n  - text: Hej\n", encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code in (0, 1) and "internal error" not in run.err, run.err


@pytest.mark.parametrize("text", ["title: " + "[" * 400 + "\n",
                                  "title: " + "[" * 600 + "]" * 600 + "\ncontent: []\n",
                                  "- " * 600 + "x\n"], ids=["unclosed", "closed", "dashes"])
def test_deeply_nested_yaml_is_a_problem_not_a_crash(project, cli, text):
    (project / "leaflets" / "mmn" / "da.yaml").write_text(text, encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1 and "Traceback" not in run.err and "internal error" not in run.err, \
        run.err


@pytest.mark.parametrize("text", ["title: a\r  b\r", "title: MMN\r\rcontent: a\r  b", "~\r-",
                                  "0\x850", "title: a\u2028  b\u2028", "title: a\u2029  b"])
def test_yaml_line_breaks_other_than_newline_are_read_not_a_crash(project, cli, text):
    (project / "leaflets" / "mmn" / "da.yaml").write_bytes(text.encode("utf-8"))
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1 and "internal error" not in run.err, run.err


@pytest.mark.parametrize("line", ['"bul\\nlets": x\n', '  - "hea\\rding": x\n'],
                         ids=["newline", "carriage-return"])
def test_a_message_quoting_a_line_break_stays_on_one_line(project, cli, line):
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text("title: MMN\ncontent:\n  - text: Hej\n" + line, encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1, run.err
    assert "\r" not in run.err
    for problem in run.lines[:-1]:
        assert GCC_LINE.fullmatch(problem), run.err


# Tens of thousands deep once killed the process (segmentation fault, exit 139) in
# libyaml's composer, which recurses in C: hence a subprocess, not the in-process CLI.
@pytest.mark.parametrize("text,where", [
    ("title: " + "[" * 50_000 + "]" * 50_000 + "\n", "1:107"),  # the 100th '[' (101 levels)
    ("- " * 50_000 + "x\n", "1:201"),  # the 101st '- '
    # Key in key by indentation: the 1 MB limit stops this near 1 400 levels, short of a
    # crash, but the limit holds here too.
    ("".join(" " * i + "a:\n" for i in range(200)) + " " * 200 + "x\n", "101:101"),
], ids=["brackets", "dashes", "indented-keys"])
def test_nesting_tens_of_thousands_deep_is_a_problem_not_a_crash(project, text, where):
    (project / "leaflets" / "mmn" / "da.yaml").write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "leaflet", "check", "mmn", "--lang", "da"],
                         cwd=project, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, (run.returncode, run.stderr[-500:])
    assert run.stderr == (f"leaflets/mmn/da.yaml:{where}: error: lists or keys are nested "
                          f"more than {loader.MAX_DEPTH} levels deep here (a leaflet needs "
                          "only a few levels: look for a '[', '{' or '- ' repeated by "
                          "mistake)\n1 error; nothing was written\n"), run.stderr[-500:]


@pytest.mark.parametrize("escape,char", [("\\0", "\0"), ("\\x07", "\x07"), ("\\e", "\x1b"),
                                         ("\\r", "\r"), ("\\x7f", "\x7f")],
                         ids=["NUL", "BEL", "ESC", "CR", "DEL"])
def test_a_nul_in_a_text_is_refused_not_dropped(project, cli, escape, char):
    """A control character written as an escape passes the file's own check; a NUL would
    print as nothing (the fonts map U+0000 to the empty glyph '.null')."""
    da = project / "leaflets" / "mmn" / "da.yaml"
    text = da.read_text(encoding="utf-8")
    item = f'  - text: "Hej\\t{escape}{escape}med dig"'  # after a tab: positions keep up
    da.write_text(text.replace("\ncontent:\n", f"\ncontent:\n{item}\n", 1), encoding="utf-8")
    line = text[:text.index("\ncontent:\n")].count("\n") + 3
    col = item.index(escape) + 1
    message = (f"error: the escape here makes an invisible control character "
               f"(U+{ord(char):04X}) that cannot be printed (remove the '\\' and the "
               "characters after it)")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1
    assert run.lines == [f"leaflets/mmn/da.yaml:{line}:{col}: {message}",
                         f"leaflets/mmn/da.yaml:{line}:{col + len(escape)}: {message}",
                         "2 errors; nothing was written"], run.err


def test_tab_and_line_break_escapes_in_a_text_stay_allowed(project, cli):
    da = project / "leaflets" / "mmn" / "da.yaml"
    text = da.read_text(encoding="utf-8")
    da.write_text(text.replace("\ncontent:\n", '\ncontent:\n  - text: "Hej\\tmed\\ndig"\n', 1),
                  encoding="utf-8")
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 0, run.err


def test_a_bracket_before_a_link_stays_literal():
    # Found by the PDF property with '[ a a a a * a\n[A](https://example.org/A)': the first
    # '[' disappeared and the link took in 'b [c'. More cases in test_markup.py.
    assert markup.plain("a [b [c](https://example.org)") == "a [b c"


# --- (4) limits ----------------------------------------------------------------------------

def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels (the pixel data is one tiny row)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("width,height", [(7000, 7000), (60_000, 60_000), (2**31 - 1, 1)])
def test_an_image_over_the_pixel_limit_is_refused(project, cli, width, height):
    assert width * height > MAX_PIXELS
    (project / "leaflets" / "mmn" / "images").mkdir()
    (project / "leaflets" / "mmn" / "images" / "huge.png").write_bytes(png_header(width, height))
    da = project / "leaflets" / "mmn" / "da.yaml"
    text = da.read_text(encoding="utf-8")
    text = text.replace("\ncontent:\n", "\ncontent:\n  - image: {src: images/huge.png, alt: x}\n", 1)
    da.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - image: {src: images/huge.png, alt: x}") + 1
    for command in ("check", "build"):
        run = cli(command)
        assert run.code == 1 and "Traceback" not in run.err, run.err
        errors = [l for l in run.lines if ": error: " in l]  # (translations warn of the image)
        assert len(errors) == 1 and errors[0].startswith(f"leaflets/mmn/da.yaml:{line}:"), run.err
        assert re.fullmatch(
            rf"leaflets/mmn/da\.yaml:{line}:\d+: error: the image 'images/huge\.png' is too "
            r"large (\(\d+ × \d+ pixels; at most \d+ (million|on a side)\): make it smaller first"
            r"|to open safely: make it smaller first)", errors[0]), run.err
        assert re.fullmatch(r"1 error(, \d+ warnings?)?; nothing was written", run.lines[-1]), \
            run.err
    assert not (project / "output").exists()


def _folded_by_the_first_rule(text):
    """Text.folded as it was first written: the same results, one regex step a character."""
    import re

    from leaflet.model import Text

    value = text.value
    lead = len(value) - len(value.lstrip())
    chars, where = [], []
    for match in re.finditer(r"[^\n]+?(?=\s*\n|$)|\s*\n\s*", value.strip()):
        start = lead + match.start()
        if "\n" in match.group():
            chars.append(" ")
            where.extend(text.where[start:start + 1])
        else:
            chars.append(match.group())
            where.extend(text.where[start:start + len(match.group())])
    joined = "".join(chars)
    return joined, tuple(where) if len(where) == len(joined) else ()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é\n\t\r\u00a0\u2028", max_size=40))
def test_folding_lines_keeps_each_characters_place(value):
    from leaflet.errors import Pos
    from leaflet.model import Text

    text = Text(value, Pos("x.yaml", 1, 1), tuple((1 + i // 10, 1 + i % 10)
                                                  for i in range(len(value))))
    folded = text.folded()
    assert (folded.value, folded.where) == _folded_by_the_first_rule(text)

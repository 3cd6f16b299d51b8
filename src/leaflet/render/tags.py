"""Tagged PDF for the screen edition: what a screen reader needs, in reading order.

While the screen PDF is drawn, every piece of content is either wrapped in a
marked-content sequence with an MCID and recorded as part of a structure
element (H1, H2, P, L/LI/LBody, Figure, …), or marked as an artifact
(backgrounds, rules, box frames): layout/structure.py. ReportLab writes no
structure tree, so :func:`add_structure` adds one to the canvas's document
before it is saved, as ReportLab objects (no second pass over the PDF): the tree in reading order,
the parent tree, /StructParents on pages and link annotations (each link gets
a Link element and a description), /MarkInfo, and XMP metadata that names
PDF/UA-1.
"""
from __future__ import annotations

from leaflet.labels import label
from leaflet.layout.structure import Element, Tagger

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

def link_description(uri: str, lang: str) -> str:
    """What a screen reader says of a link, in the document's language."""
    for scheme, key in (("mailto:", "email"), ("tel:", "phone")):
        if uri.startswith(scheme):
            return f"{label(lang, key)} {uri[len(scheme):]}"
    return label(lang, "link").format(uri)


def add_structure(canvas, tagger: Tagger, title: str, author: str, lang: str) -> None:
    """Give the canvas's document its structure tree, parent tree, marks and XMP
    metadata; call after the last showPage and before save."""
    from html import escape

    from reportlab.pdfbase.pdfdoc import (LinkAnnotation, PDFArray, PDFDictionary, PDFName,
                                          PDFStream, PDFString)

    doc = canvas._doc
    ref = doc.Reference  # registers an object once and returns its "n 0 R"
    pages = doc.Pages.pages
    page_refs = [ref(page) for page in pages]
    by_mcid: list[dict[int, object]] = [{} for _ in pages]

    def build(element: Element, parent) -> object:
        node = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.tag),
                              "P": parent})
        element.node, element.ref = node, ref(node)
        kids = []
        page_of_kids = {kid[0] for kid in element.kids if isinstance(kid, tuple)}
        if len(page_of_kids) == 1:
            node["Pg"] = page_refs[page_of_kids.pop()]
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(build(kid, element.ref))
                continue
            page, mcid = kid
            by_mcid[page][mcid] = element.ref
            kids.append(mcid if "Pg" in node.dict else PDFDictionary(
                {"Type": PDFName("MCR"), "Pg": page_refs[page], "MCID": mcid}))
        node["K"] = PDFArray(kids)
        if element.alt is not None:
            node["Alt"] = PDFString(element.alt)
        if element.attributes:
            node["A"] = PDFDictionary({"O": PDFName("List"), **{
                key: PDFName(value) for key, value in element.attributes.items()}})
        return element.ref

    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    document = build(tagger.document, ref(root))
    nums = []
    for index, page in enumerate(pages):
        _add_page_keys(page, StructParents=index, Tabs=PDFName("S"))
        marks = by_mcid[index]
        nums += [index, ref(PDFArray([marks[m] for m in sorted(marks)]))]
    next_key = len(pages)
    for index, page in enumerate(pages):
        for annot_ref in page.Annots or []:
            annot = doc.idToObject[annot_ref.name]
            action = getattr(annot, "dict", {}).get("A")  # linkURL's; linkRect's are others
            if action is not None and "URI" in action.dict:
                description = link_description(str(action["URI"].s), lang)
                annot["Contents"] = PDFString(description)
                annot["StructParent"] = next_key
                rect = annot["Rect"].sequence
            elif isinstance(annot, LinkAnnotation):  # within the document: it says where
                description = annot.Contents
                annot.permitted = (*annot.permitted, "StructParent")
                annot.otherkw["StructParent"] = next_key
                rect = annot.Rect
            else:
                continue
            x0, y0, x1, y1 = (float(v) for v in rect)
            holder = (_element_at(tagger.document, index, (x0 + x1) / 2, (y0 + y1) / 2)
                      or tagger.document)
            link = ref(PDFDictionary({
                "Type": PDFName("StructElem"), "S": PDFName("Link"), "P": holder.ref,
                "Pg": page_refs[index], "Alt": PDFString(description),
                "K": PDFArray([PDFDictionary({"Type": PDFName("OBJR"), "Obj": annot_ref,
                                              "Pg": page_refs[index]})])}))
            holder.node["K"].sequence.append(link)
            nums += [next_key, link]
            next_key += 1
    root["K"] = PDFArray([document])
    root["ParentTree"] = ref(PDFDictionary({"Nums": PDFArray(nums)}))
    root["ParentTreeNextKey"] = next_key
    catalog = doc.Catalog
    catalog.StructTreeRoot = root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    xmp = XMP.format(title=escape(title), author=escape(author), lang=escape(lang))
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp.encode("utf-8"), filters=[])  # uncompressed, as XMP is meant to be findable


def _add_page_keys(page, **entries) -> None:
    """ReportLab writes only the page keys it knows; StructParents and Tabs are not among them."""
    page.__NoDefault__ = [*type(page).__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(page, key, value)


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

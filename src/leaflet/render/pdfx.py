"""PDF/X-4 for the print PDFs: what a print shop's preflight looks for.

ReportLab writes no output intent. As tags.py adds the screen PDF's structure tree,
:func:`make_pdfx` adds to the canvas's document, before it is saved and without a second
pass over the file: the OutputIntent with the press profile embedded (the condition the
colours were converted for), and XMP metadata that names PDF/X-4 and repeats the
document information (title, dates, producer, /Trapped) as the standard asks. The rest
of PDF/X-4 comes from the print canvas (canvas.py): PDF 1.6, CMYK only, no annotations,
fonts embedded as subsets with names of their own, Trim and Bleed boxes on every page.
"""
from __future__ import annotations

import hashlib
import uuid
from html import escape

from leaflet.render.colour import PRESSES
from leaflet.render.profiles import profile_bytes

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def make_pdfx(canvas, press: str) -> None:
    """Give the print canvas's document its output intent and PDF/X-4 metadata; call
    after the last showPage and before save."""
    from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFName, PDFStream,
                                          PDFString, PDFZCompress)

    doc, condition = canvas._doc, PRESSES[press]
    profile = PDFStream(PDFDictionary({"N": 4}), profile_bytes(press), filters=[PDFZCompress])
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(condition.condition),
        "OutputCondition": PDFString(condition.description),
        "RegistryName": PDFString("http://www.color.org"),
        "Info": PDFString(f"{condition.description}, from {condition.registry} data"),
        "DestOutputProfile": doc.Reference(profile)})
    catalog = doc.Catalog
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
    catalog.OutputIntents = PDFArray([intent])
    info = doc.info
    info.trapped = "False"
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp(info, doc._timeStamp, f"{press}\0{canvas._pagesize}").encode("utf-8"), filters=[])  # uncompressed: findable


def xmp(info, stamp, kind: str = "") -> str:
    """The XMP packet, saying what the document information says (PDF/X wants both).
    ``kind`` (press and page size) tells apart files with one title: a leaflet on A4 and
    on letter, a booklet's pages and its imposed sheets."""
    yyyy, mm, dd, hh, mi, ss = stamp.YMDhms
    date = f"{yyyy:04d}-{mm:02d}-{dd:02d}T{hh:02d}:{mi:02d}:{ss:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"
    # The same document gives the same ID: builds stay byte-identical.
    seed = hashlib.blake2b(f"{info.title}\0{info.subject}\0{date}\0{kind}".encode(),
                           digest_size=16)
    return XMP.format(title=escape(info.title), author=escape(info.author),
                      subject=escape(info.subject), date=date,
                      creator=escape(info.creator), producer=escape(info.producer),
                      document_id=uuid.UUID(bytes=seed.digest()))

"""The shortcuts render/canvas.py gives ReportLab's PDF writer write the bytes it wrote."""
from __future__ import annotations

import codecs

import pytest

import leaflet.render.canvas  # noqa: F401  (puts them in place)


def reportlabs_own(text: str) -> bytes:
    return codecs.encode(text, "extpdfdoc")


@pytest.mark.parametrize("text", [
    "/Type", "12 0 R", "0.5 0 0 rg", "(Hello) Tj\n", "\t\r\n", "".join(map(chr, range(32, 127))),
    "", "é", "Ærø €", "a\u00adb", "smukke “citater” – og —",
])
def test_plain_text_is_encoded_as_reportlabs_codec_encodes_it(text):
    from reportlab.pdfbase import pdfdoc

    assert pdfdoc.pdfdocEnc(text) == reportlabs_own(text)
    assert pdfdoc.pdfdocEnc(text.encode("utf-8")) == text.encode("utf-8")  # bytes pass through


@pytest.mark.parametrize("code", range(24, 32))
def test_a_code_pdfdocencoding_lacks_is_refused_as_before(code):
    from reportlab.pdfbase import pdfdoc

    with pytest.raises(UnicodeEncodeError):
        reportlabs_own(f"a{chr(code)}b")
    with pytest.raises(UnicodeEncodeError):
        pdfdoc.pdfdocEnc(f"a{chr(code)}b")


def test_names_are_written_as_before():
    from reportlab.pdfbase import pdfdoc

    for name in ("Type", "StructElem", "A B", "Ø", "x#y", "Type"):
        assert pdfdoc.PDFName(name) == pdfdoc.PDFName.__wrapped__(name)
    assert pdfdoc.PDFName("A B") == "/A#20B"

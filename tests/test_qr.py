"""The QR code keeps its quiet zone: four light modules on every side (ISO/IEC 18004),
measured on the printed sheet as a phone would see it."""
from __future__ import annotations

import pytest

from leaflet.layout import qr

from pdfcheck import render

zxingcpp = pytest.importorskip("zxingcpp")


def test_the_qr_code_on_the_print_sheet_has_four_light_modules_around_it(project, cli):
    """With text set right after the contact block, below the code."""
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(da.read_text().replace(
        "  - contact: organisation\n",
        "  - contact: organisation\n  - text: Ring gerne, vi svarer hver dag.\n"))
    run = cli("build", "mmn", "--lang", "da")
    assert run.code == 0, run.err
    sheet = render(project / "output" / "mmn" / "mmn-da-print.pdf", 0, scale=4).convert("L")
    [found] = zxingcpp.read_barcodes(sheet)
    assert found.text == "https://www.gbs-cidp.dk"
    corners = (found.position.top_left, found.position.top_right,
               found.position.bottom_left, found.position.bottom_right)
    left, right = min(p.x for p in corners), max(p.x for p in corners)
    top, bottom = min(p.y for p in corners), max(p.y for p in corners)
    module = (right - left) / len(qr.modules(found.text))
    assert module > 4  # pixels: the code was found at a size where this means something
    inner, outer = round(module * 0.5), round(module * 4)
    ring = [sheet.getpixel((x, y))
            for x in range(left - outer, right + outer + 1)
            for y in range(top - outer, bottom + outer + 1)
            if not (left - inner <= x <= right + inner and top - inner <= y <= bottom + inner)]
    assert min(ring) > 200, "something dark within four modules of the code"


@pytest.mark.parametrize("url", ["https://www.gbs-cidp.dk", "https://x.org", "https://a.b/" + "c" * 60,
                                 "https://example.org/mmn?lang=da&page=2#behandling",
                                 "https://" + "w" * 150 + ".dk"])
def test_the_mask_is_the_one_reportlabs_encoder_picks(url):
    """The faster score chooses as ReportLab does: the same modules as its own make()."""
    encoder = qr.encoder()
    code = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    assert qr.modules(url) == tuple(tuple(bool(m) for m in row) for row in code.modules)
    for mask in range(8):
        code.makeImpl(True, mask)
        assert qr.penalty(code.modules) == encoder.QRUtil.getLostPoint(code)

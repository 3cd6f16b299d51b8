"""Every fold on every paper: boxes, fold positions and text clear of folds and trim."""
from __future__ import annotations

import re

import pypdf
import pytest

from pdfcheck import MM, chars

IN = 72.0
# fold → paper → (trim size, bleed, fold x on the outside, fold x on the inside, screen page widths)
CASES = {
    ("trifold", "A4"): ((297 * MM, 210 * MM), 3 * MM, (97 * MM, 197 * MM), (100 * MM, 200 * MM),
                        [100 * MM, 97 * MM, 100 * MM, 100 * MM, 97 * MM, 100 * MM]),
    ("trifold", "letter"): ((11 * IN, 8.5 * IN), 0.125 * IN, (3.625 * IN, 7.3125 * IN),
                            (3.6875 * IN, 7.375 * IN),
                            [3.6875 * IN, 3.625 * IN, 3.6875 * IN, 3.6875 * IN, 3.625 * IN,
                             3.6875 * IN]),
    ("zfold", "A4"): ((297 * MM, 210 * MM), 3 * MM, (99 * MM, 198 * MM), (99 * MM, 198 * MM),
                      [99 * MM] * 6),
    ("zfold", "letter"): ((11 * IN, 8.5 * IN), 0.125 * IN, (11 / 3 * IN, 22 / 3 * IN),
                          (11 / 3 * IN, 22 / 3 * IN), [11 / 3 * IN] * 6),
    ("bifold", "A4"): ((297 * MM, 210 * MM), 3 * MM, (148.5 * MM,), (148.5 * MM,),
                       [148.5 * MM] * 4),
    ("bifold", "letter"): ((11 * IN, 8.5 * IN), 0.125 * IN, (5.5 * IN,), (5.5 * IN,),
                           [5.5 * IN] * 4),
}


def set_format(project, leaflet, fold, paper, columns=1):
    spec = project / "leaflets" / leaflet / "leaflet.yaml"
    text = re.sub(r"(?m)^fold: \w+", f"fold: {fold}", spec.read_text())
    text = re.sub(r"(?m)^paper: \w+", f"paper: {paper}", text)
    text = re.sub(r"(?m)^(bleed|columns): .*\n", "", text)  # the paper's default bleed
    spec.write_text(text + f"columns: {columns}\n")


@pytest.mark.parametrize("fold,paper", list(CASES), ids=[f"{f}-{p}" for f, p in CASES])
def test_fold_and_paper(project, cli, fold, paper):
    size, bleed, outside, inside, widths = CASES[fold, paper]
    # The MMN text fills six panels; the association's bi-fold is written for four pages.
    leaflet = "forening" if fold == "bifold" else "mmn"
    set_format(project, leaflet, fold, paper, columns=2 if fold == "bifold" else 1)
    run = cli("build", leaflet)
    assert run.code == 0, run.err
    printed = project / "output" / leaflet / f"{leaflet}-da-print.pdf"
    reader = pypdf.PdfReader(printed)
    assert len(reader.pages) == 2
    for side, folds in enumerate((outside, inside)):
        page = reader.pages[side]
        tx0, ty0, tx1, ty1 = (float(v) for v in page.trimbox)
        assert (tx1 - tx0, ty1 - ty0) == pytest.approx(size, abs=0.01)
        assert [float(v) for v in page.bleedbox] == pytest.approx(
            [tx0 - bleed, ty0 - bleed, tx1 + bleed, ty1 + bleed], abs=0.01)
        text = [c for c in chars(printed, side) if tx0 <= c.x0 and c.x1 <= tx1 and c.y0 >= ty0]
        assert len(text) > 300
        for c in text:
            assert min(c.x0 - tx0, tx1 - c.x1, c.y0 - ty0, ty1 - c.y1) >= 4 * MM, c
            for x in folds:
                assert c.x1 <= tx0 + x - 4 * MM or c.x0 >= tx0 + x + 4 * MM, (c, x / MM)
            assert c.size >= 9 - 0.01
    screen = pypdf.PdfReader(project / "output" / leaflet / f"{leaflet}-da-screen.pdf")
    assert [float(p.mediabox.width) for p in screen.pages] == pytest.approx(widths, abs=0.01)
    assert all(float(p.mediabox.height) == pytest.approx(size[1], abs=0.01) for p in screen.pages)


def test_long_edge_duplex_turns_the_inside(project, cli):
    """Long-edge duplex: the inside is drawn upside down, so its first line is at the bottom."""
    def first_heading_y():
        assert cli("build", "mmn").code == 0
        printed = project / "output" / "mmn" / "mmn-da-print.pdf"
        return chars(printed, 1)[0].y0  # the first character drawn: inside left, top line

    upright = first_heading_y()
    spec = project / "leaflets" / "mmn" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace("duplex: short-edge", "duplex: long-edge"))
    turned = first_heading_y()
    assert upright > 150 * MM and turned < 60 * MM


def test_marks_can_be_left_out(project, cli):
    spec = project / "leaflets" / "mmn" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace("marks: [crop, fold, slug]", "marks: []"))
    assert cli("build", "mmn").code == 0
    page = pypdf.PdfReader(project / "output" / "mmn" / "mmn-da-print.pdf").pages[0]
    # Without marks the media box is the bleed box: bare bleed, as some shops want.
    assert [float(v) for v in page.mediabox] == pytest.approx([float(v) for v in page.bleedbox])

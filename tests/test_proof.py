"""Proofs and the fold test sheet: a panel map a volunteer can check before printing."""
from __future__ import annotations

import pypdf
import pytest

from pdfcheck import MM, chars, page_text

# fold → the big numbers on each side of the fold test, left to right (reading order).
EXPECTED = {
    "trifold": ("2 6 1", "3 4 5"),
    "zfold": ("5 6 1", "2 3 4"),
    "bifold": ("4 1", "2 3"),
}


def numbers_left_to_right(path, side):
    big = [c for c in chars(path, side) if c.size > 100]
    return " ".join(c.text for c in sorted(big, key=lambda c: c.x0))


@pytest.mark.parametrize("fold", list(EXPECTED))
def test_fold_test_numbers_follow_the_reading_order(project, cli, fold):
    leaflet = "forening" if fold == "bifold" else "mmn"
    spec = project / "leaflets" / leaflet / "leaflet.yaml"
    spec.write_text(spec.read_text().replace("fold: trifold", f"fold: {fold}"))
    assert cli("build", leaflet, "--lang", "da", "--proof").code == 0
    test_sheet = project / "output" / leaflet / f"{leaflet}-foldtest.pdf"
    assert tuple(numbers_left_to_right(test_sheet, side) for side in (0, 1)) == EXPECTED[fold]


def test_long_edge_fold_test_turns_the_inside(project, cli):
    spec = project / "leaflets" / "mmn" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace("duplex: short-edge", "duplex: long-edge"))
    assert cli("build", "mmn", "--lang", "da", "--proof").code == 0
    test_sheet = project / "output" / "mmn" / "mmn-foldtest.pdf"
    assert numbers_left_to_right(test_sheet, 1) == "5 4 3"  # upside down, so right to left
    assert "flipping on the LONG edge" in page_text(test_sheet, 0)


def test_proof_shows_the_sheet_with_bleed_and_the_panel_map(project, cli):
    assert cli("build", "mmn", "--lang", "da", "--proof").code == 0
    proof = project / "output" / "mmn" / "mmn-da-proof.pdf"
    reader = pypdf.PdfReader(proof)
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == pytest.approx(((297 + 6) * MM, (210 + 6) * MM), abs=0.01)
    outside, inside = page_text(proof, 0), page_text(proof, 1)
    for tag in ("2. inner flap · 97.0 mm", "6. back · 100.0 mm", "1. cover · 100.0 mm",
                "outside · proof, not for print"):
        assert tag in outside
    for tag in ("3. inside left · 100.0 mm", "5. inside right · 97.0 mm"):
        assert tag in inside
    assert "Hvad er MMN?" in outside  # the real content, under the map


def test_proofs_are_only_written_when_asked_for(project, cli):
    assert cli("build", "mmn").code == 0
    assert not list((project / "output" / "mmn").glob("*proof*"))
    assert not list((project / "output" / "mmn").glob("*foldtest*"))

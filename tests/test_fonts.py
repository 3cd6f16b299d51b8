"""The family's faces, read by fontTools (not ReportLab): what the glyph check relies on,
and every face in a PDF that uses it."""
from __future__ import annotations

import pytest

from leaflet.layout import fonts


def test_every_face_draws_what_the_regular_face_draws():
    """fonts.coverage() reads only the regular face: right only while the faces agree."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    folder = fonts.fonts_folder()
    drawn = {name: {code for code, glyph in ttlib.TTFont(folder / file).getBestCmap().items()
                    if glyph != ".notdef"}
             for name, file in fonts.FACES.items()}
    assert all(codes == drawn[fonts.REGULAR] for codes in drawn.values())
    assert fonts.coverage() == frozenset(drawn[fonts.REGULAR])
    assert ord("ø") in fonts.coverage() and ord("≥") not in fonts.coverage()


def test_each_face_a_text_uses_is_embedded_and_no_other(project, cli):
    """Italic only where the text asks for it: a face is read when first set, not before."""
    import pypdf

    da = project / "leaflets" / "mmn" / "da.yaml"
    assert cli("build", "mmn", "--lang", "da").code == 0
    pdf = project / "output" / "mmn" / "mmn-da-screen.pdf"
    assert embedded(pdf) == {"NotoSans-Regular", "NotoSans-Bold"}
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er *ikke* arvelig."))
    assert cli("build", "mmn", "--lang", "da").code == 0
    assert embedded(pdf) == {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"}
    assert "MMN er ikke arvelig." in "".join(
        page.extract_text() for page in pypdf.PdfReader(pdf).pages).replace("\n", " ")


def embedded(path) -> set[str]:
    """The families of the PDF's fonts, without the subset prefix (ABCDEF+)."""
    import pypdf

    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
    return names

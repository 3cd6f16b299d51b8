"""Images: CMYK for print, sRGB with transparency for screen, resolution told truthfully."""
from __future__ import annotations

import io

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from conftest import SAMPLES

FORENING = "leaflets/forening/da.yaml"


def image_objects(path, page):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [o.get_metadata() for o in pdf[page].get_objects(
            filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])]
    finally:
        pdf.close()


def xobjects(path):
    for page in pypdf.PdfReader(path).pages:
        for obj in page["/Resources"].get("/XObject", {}).values():
            yield obj.get_object()


def test_print_images_are_cmyk_and_screen_images_srgb_with_transparency(project, cli):
    assert cli("build", "forening").code == 0
    out = project / "output" / "forening"
    printed = list(xobjects(out / "forening-da-print.pdf"))
    screen = list(xobjects(out / "forening-da-screen.pdf"))
    assert printed and all(x["/ColorSpace"] == "/DeviceCMYK" for x in printed)
    assert screen and all(x["/ColorSpace"] == "/DeviceRGB" for x in screen)
    # The logo is drawn with its transparency on screen (a soft mask), flattened for print.
    assert any("/SMask" in x for x in screen) and not any("/SMask" in x for x in printed)


def test_images_are_300_to_450_ppi_for_print_and_150_to_225_for_screen(project, cli):
    assert cli("build", "forening").code == 0
    out = project / "output" / "forening"
    for name, low, high in (("print", 300, 450), ("screen", 150, 225)):
        found = [m for p in (0, 1) for m in image_objects(out / f"forening-da-{name}.pdf", p)]
        assert found
        for meta in found:
            assert low - 2 <= meta.horizontal_dpi <= high + 2, (name, meta.horizontal_dpi)


def test_a_copy_is_halved_while_it_stays_sharp_and_resampled_only_past_its_limit():
    from leaflet.layout import images

    mm = 72 / 25.4
    logo = str(SAMPLES / "images" / "logo.png")  # 1500 pixels wide

    def width(width_mm, ppi):
        return images.copy_for(logo, width_mm * mm, ppi)[1].width

    cover, back = (images.copy_for(logo, w * mm, 300)[1] for w in (57, 50))
    assert cover is back and cover.width == 750  # 334 and 381 ppi: one copy for both
    assert width(120, 300) == 1500  # 318 ppi: as it is
    assert width(20, 300) == round(20 / 25.4 * 300)  # halved twice: 476 ppi, past 450
    assert width(57, 150) == width(50, 150) == 375  # 167 and 190 ppi on screen
    assert width(20, 150) == round(20 / 25.4 * 150)


def put_image(project, image: Image.Image, name="test.png"):
    image.save(project / "leaflets" / "forening" / "images" / name)
    da = project / FORENING
    da.write_text(da.read_text().replace("src: images/nerve.png", f"src: images/{name}"))


def test_black_in_a_print_image_is_the_presss_rich_black_within_its_ink_limit(project, cli):
    """Pictures go through the press profile (FOGRA39 for A4): black is a rich black,
    mostly K, within the 300 % the press takes; white takes no ink."""
    image = Image.new("RGB", (1200, 400), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 599, 399), fill="black")
    put_image(project, image)
    assert cli("build", "forening").code == 0
    reader = pypdf.PdfReader(project / "output" / "forening" / "forening-da-print.pdf")
    pictures = [i for p in reader.pages for i in p.images if i.image.mode == "CMYK"]
    ours = min(pictures, key=lambda i: abs(i.image.width / i.image.height - 3))  # ours is 3:1
    cmyk = ours.image
    c, m, y, k = cmyk.getpixel((5, 5))
    assert k >= 0.95 * 255 and min(c, m, y) > 0.3 * 255
    assert c + m + y + k <= 3.0 * 255 + 2
    assert cmyk.getpixel((cmyk.width - 5, 5)) == (0, 0, 0, 0)


def test_a_low_resolution_image_is_reported_with_the_ppi_a_reader_measures(project, cli):
    put_image(project, Image.new("RGB", (440, 160), "#88aacc"))
    run = cli("build", "forening")
    assert run.code == 0, run.err
    warnings = [l for l in run.lines if "ppi at its printed size" in l]
    assert len(warnings) == 1
    line = next(i for i, l in enumerate((project / FORENING).read_text().splitlines(), 1)
                if "src: images/test.png" in l)
    assert warnings[0].startswith(f"{FORENING}:{line}:12: warning: the image is ")
    reported = int(warnings[0].split("the image is ")[1].split(" ppi")[0])
    measured = [m.horizontal_dpi for m in image_objects(
        project / "output" / "forening" / "forening-da-print.pdf", 1)]
    assert any(abs(reported - value) < 1 for value in measured), (reported, measured)
    assert 150 < reported < 300


def test_an_image_far_too_coarse_for_print_is_an_error(project, cli):
    put_image(project, Image.new("RGB", (200, 70), "#88aacc"))
    run = cli("build", "forening")
    assert run.code == 1
    assert any("error: the image is" in l and "print needs at least 150" in l for l in run.lines)
    assert not (project / "output").exists()


def test_a_jpeg_works_too(project, cli):
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 640), "#336699").save(buffer, "JPEG", quality=90)
    (project / "leaflets" / "forening" / "images" / "photo.jpg").write_bytes(buffer.getvalue())
    da = project / FORENING
    da.write_text(da.read_text().replace("src: images/nerve.png", "src: images/photo.jpg"))
    assert cli("build", "forening").code == 0


LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">
  <rect width="300" height="100" rx="12" fill="#ffffff"/>
  <circle cx="50" cy="50" r="36" fill="#1d5a96"/>
  <rect x="100" y="30" width="180" height="16" fill="#000000"/>
</svg>"""


def use_svg_logo(project, svg: str):
    (project / "leaflets" / "images" / "logo.svg").write_text(svg)
    org = project / "leaflets" / "organisation.yaml"
    org.write_text(org.read_text().replace("logo: images/logo.png", "logo: images/logo.svg"))


def test_an_svg_logo_is_drawn_as_vectors_in_cmyk_with_no_standard_font(project, cli):
    use_svg_logo(project, LOGO_SVG)
    assert cli("build", "mmn", "--lang", "da").code == 0
    printed = project / "output" / "mmn" / "mmn-da-print.pdf"
    reader = pypdf.PdfReader(printed)
    ops = {op.decode() for page in reader.pages
           for _, op in pypdf.generic.ContentStream(page.get_contents(), reader).operations}
    assert "k" in ops and not {"rg", "RG"} & ops
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert all("+NotoSans" in name for name in fonts), fonts
    assert not list(xobjects(printed))  # no bitmap: the logo is vectors


@pytest.mark.parametrize("inside,why", [
    ('<text x="0" y="20">GBS</text>', "has text in it: convert the text to outlines (paths)"),
    ('<image href="/etc/passwd" width="9" height="9"/>', "refers to other image files"),
])
def test_svg_that_would_print_wrong_or_read_other_files_is_refused(project, cli, inside, why):
    use_svg_logo(project, LOGO_SVG.replace("</svg>", inside + "</svg>"))
    run = cli("build", "mmn", "--lang", "da")
    assert run.code == 1
    assert any(f"error: the logo 'images/logo.svg' is an SVG that {why}" in l for l in run.lines), run.err

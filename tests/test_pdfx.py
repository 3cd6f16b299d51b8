"""The print PDFs are PDF/X-4 in calibrated colour, read back by independent readers:
pikepdf for the file's structure and content streams, Pillow's ImageCms (littleCMS) with
the profile embedded in the file for colour, Ghostscript's separations for the plates.
"""
from __future__ import annotations

import collections
import hashlib
import io
import math
import shutil
import subprocess

import pikepdf
import pytest
from PIL import Image, ImageCms

from leaflet.cli import main

from conftest import SAMPLES

PRIMARY = "#1d5a96"  # leaflets/organisation.yaml
CLINIC_PRIMARY = "#2e6b3f"  # leaflets/organisations/clinic.yaml, the publisher of mmn-clinic


def on_letter(path) -> bool:
    """The US clinic's leaflet and the English booklet made of it are on Letter paper."""
    return "mmn-clinic" in path.name or "patient-info-en" in path.name
REGISTRATION = (1.0, 1.0, 1.0, 1.0)  # marks outside the bleed, meant for every plate


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The samples built once: every print PDF and the imposed booklet."""
    root = tmp_path_factory.mktemp("pdfx")
    shutil.copytree(SAMPLES, root / "leaflets")
    assert main(["build", "--root", str(root)]) == 0
    assert main(["booklet", "--root", str(root)]) == 0
    return root / "output"


def print_pdfs(output):
    found = sorted(output.glob("*/*-print.pdf"))
    assert len(found) >= 5  # mmn in three languages, forening, the booklet's sheets
    return found


# What a page's content stream paints with, read operator by operator.

Painted = collections.namedtuple("Painted", "op fill overprint mode area")


def painting(page) -> list[Painted]:
    """Each text show and each filled rectangle: its fill colour (a CMYK tuple, or the
    operator if not DeviceCMYK), whether it overprints, and for rectangles the area."""
    states = page.Resources.get("/ExtGState", {})
    state = {"fill": None, "op": False, "opm": 0}
    stack, rects, out = [], [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(dict(state))
        elif op == "Q":
            state = stack.pop()
        elif op == "k":
            state["fill"] = tuple(float(v) for v in operands)
        elif op in ("rg", "g", "sc", "scn", "cs"):
            state["fill"] = op
        elif op == "gs":
            extgstate = states[operands[0]]
            state["op"] = bool(extgstate.get("/op", state["op"]))
            state["opm"] = int(extgstate.get("/OPM", state["opm"]))
        elif op == "re":
            rects.append(abs(float(operands[2]) * float(operands[3])))
        elif op in ("f", "f*", "B", "b") and rects:
            out.append(Painted("fill", state["fill"], state["op"], state["opm"], sum(rects)))
            rects = []
        elif op in ("n", "S", "s"):
            rects = []
        elif op in ("Tj", "TJ", "'", '"'):
            out.append(Painted("text", state["fill"], state["op"], state["opm"], 0))
    return out


def embedded_profile(pdf) -> ImageCms.ImageCmsProfile:
    intent = pdf.Root.OutputIntents[0]
    return ImageCms.ImageCmsProfile(io.BytesIO(intent.DestOutputProfile.read_bytes()))


def lab_of_cmyk(profile, cmyk) -> tuple[float, float, float]:
    """How the press prints a CMYK colour, as the file's own profile says (L*a*b*, D50)."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    lab = ImageCms.applyTransform(pixel, ImageCms.buildTransform(
        profile, ImageCms.createProfile("LAB", 5000), "CMYK", "LAB",
        ImageCms.Intent.RELATIVE_COLORIMETRIC)).getpixel((0, 0))
    return decode_lab(lab)


def lab_of_srgb(hex_colour: str) -> tuple[float, float, float]:
    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    lab = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB", 5000), "RGB", "LAB",
        ImageCms.Intent.RELATIVE_COLORIMETRIC)).getpixel((0, 0))
    return decode_lab(lab)


def decode_lab(lab) -> tuple[float, float, float]:
    """Pillow's 8-bit LAB (littleCMS's Lab 8): L* scaled to 0…255, a* and b* plus 128."""
    l, a, b = lab
    return (l * 100 / 255, a - 128, b - 128)


def test_every_print_pdf_is_pdf_x4_with_its_output_intent(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version >= "1.6", path
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1 and intents[0].S == "/GTS_PDFX"
            # A4 and A5 default to Europe's coated press; the clinic's Letter to the US's
            expected = "CGATS TR 006" if on_letter(path) else "FOGRA39"
            assert str(intents[0].OutputConditionIdentifier) == expected, path
            profile = embedded_profile(pdf).profile
            assert profile.xcolor_space.strip() == "CMYK" and profile.device_class == "prtr"
            meta = pdf.open_metadata()
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4", path
            assert meta["pdf:Trapped"] == "False" and pdf.docinfo.Trapped == "/False"
            assert meta["dc:title"] == str(pdf.docinfo.Title)
            assert meta["dc:description"] == str(pdf.docinfo.Subject)
            assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)
            digits = "".join(ch for ch in meta["xmp:CreateDate"] if ch.isdigit())
            assert digits[:14] == str(pdf.docinfo.CreationDate)[2:16]  # D:YYYYMMDDHHmmSS
            assert meta["xmpMM:VersionID"] and meta["xmpMM:RenditionClass"] == "default"
            for page in pdf.pages:
                assert "/Annots" not in page, path
                trim, bleed = page.TrimBox, page.BleedBox
                assert bleed[0] < trim[0] and bleed[2] > trim[2]


def test_the_screen_pdf_keeps_its_links_and_is_no_print_file(built):
    with pikepdf.open(built / "mmn" / "mmn-da-screen.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert any("/Annots" in page for page in pdf.pages)


def test_body_text_is_solid_black_and_overprints(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            texts = [p for page in pdf.pages for p in painting(page) if p.op == "text"]
            assert all(isinstance(t.fill, tuple) and len(t.fill) == 4 for t in texts), path
            black = [t for t in texts if t.fill == (0, 0, 0, 1)]
            assert len(black) > len(texts) / 2, path  # the body text
            assert all(t.overprint and t.mode == 1 for t in black), path
            # Nothing else overprints: white text on the cover would vanish.
            assert not any(t.overprint for t in texts if t.fill != (0, 0, 0, 1)), path
            # No text in a grey that is almost black: it would be screened into dots.
            assert not any(t.fill[:3] == (0, 0, 0) and 0.8 < t.fill[3] < 1 for t in texts)


def test_the_primary_colour_prints_within_delta_e_5_of_its_srgb_value(built):
    for path in print_pdfs(built):
        target = lab_of_srgb(CLINIC_PRIMARY if "mmn-clinic" in path.name else PRIMARY)
        with pikepdf.open(path) as pdf:
            fills = [p for p in painting(pdf.pages[0]) if p.op == "fill"]
            cover = max(fills, key=lambda p: p.area)  # the cover in the primary colour
            printed = lab_of_cmyk(embedded_profile(pdf), cover.fill)
            assert math.dist(printed, target) < 5, (path, cover.fill, printed, target)
            c, m, y, _ = cover.fill
            if "mmn-clinic" in path.name:
                assert y > c > m  # a green: yellow and cyan, little magenta
            else:
                assert c > m > y  # a blue: cyan, then magenta


def test_no_fill_and_no_picture_exceeds_the_ink_limit(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for painted in painting(page):
                    if isinstance(painted.fill, tuple) and painted.fill != REGISTRATION:
                        assert sum(painted.fill) <= 3.0, (path, painted)
                pictures = {name: x for name, x in page.Resources.get("/XObject", {}).items()
                            if x.get("/Subtype") == "/Image"}
                for name, raw in pictures.items():
                    image = pikepdf.PdfImage(raw).as_pil_image()
                    assert image.mode == "CMYK", (path, name)
                    assert max_ink(image) <= 3.0 * 255 + 4, (path, name)


def max_ink(image) -> int:
    from PIL import ImageMath

    c, m, y, k = image.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=c, m=m, y=y, k=k)
    return total.getextrema()[1]


def font_programs(pdf) -> dict[str, set[str]]:
    """Every embedded font's name → the digests of the font programs under that name."""
    found = collections.defaultdict(set)

    def walk(resources):
        for font in resources.get("/Font", {}).values():
            program = font.FontDescriptor.FontFile2.read_bytes()
            found[str(font.BaseFont)].add(hashlib.sha256(program).hexdigest())
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                walk(xobject.Resources)

    for page in pdf.pages:
        walk(page.Resources)
    return found


def test_subset_fonts_have_names_of_their_own(built):
    """One name, one font program: across every print PDF together, as on one imposed
    sheet; and the names are subset names, not ReportLab's AAAAAA for every first subset."""
    everywhere = collections.defaultdict(set)
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            for name, programs in font_programs(pdf).items():
                everywhere[name] |= programs
    assert len(everywhere) >= 6
    for name, programs in everywhere.items():
        assert len(programs) == 1, name
        tag, _, base = name.lstrip("/").partition("+")
        assert len(tag) == 6 and tag.isupper() and base.startswith("NotoSans"), name
    assert not any(name.startswith("/AAAAAA+") for name in everywhere)


def test_the_booklet_sheets_have_pages_of_differing_fonts_under_differing_names(built):
    with pikepdf.open(built / "booklets" / "patientinfo-da-print.pdf") as pdf:
        names = font_programs(pdf)
    regular = [name for name in names if name.endswith("NotoSans-Regular")]
    assert len(regular) >= 2  # the sheets' slug line and the pages' text: two subsets


@pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript (gs) is not installed")
def test_the_separations_carry_body_text_on_the_black_plate_alone(built, tmp_path):
    """Ghostscript's separations of the inside of the tri-fold: where the black plate is
    solid (the body text), the cyan, magenta and yellow plates are empty."""
    subprocess.run(["gs", "-q", "-dSAFER", "-sDEVICE=tiffsep", "-r100", "-dFirstPage=2",
                    "-dLastPage=2", "-o", str(tmp_path / "sep.tif"),
                    str(built / "mmn" / "mmn-da-print.pdf")], check=True, timeout=120)
    plates = {name: Image.open(tmp_path / f"sep({name}).tif").convert("L")
              for name in ("Cyan", "Magenta", "Yellow", "Black")}
    black = plates["Black"].tobytes()
    solid = [i for i, v in enumerate(black) if v < 20]  # tiffsep: 0 is full ink
    assert len(solid) > 20_000
    for name in ("Cyan", "Magenta", "Yellow"):
        plate = plates[name].tobytes()
        inked = sum(1 for i in solid if plate[i] < 200)
        # Only where the key-facts box's light ground lies under its text.
        assert inked < len(solid) * 0.25, (name, inked, len(solid))


@pytest.mark.parametrize("paper, profile, condition", [
    ("letter", None, "CGATS TR 006"),
    ("A4", "fogra29", "FOGRA29"),
    ("A4", "swop", "CGATS TR 003"),
])
def test_the_press_follows_the_paper_or_print_profile(project, cli, paper, profile, condition):
    spec = project / "leaflets" / "forening" / "leaflet.yaml"
    text = spec.read_text().replace("paper: A4", f"paper: {paper}")
    if profile:
        text = text.replace("  duplex: short-edge", f"  duplex: short-edge\n  profile: {profile}")
    spec.write_text(text)
    run = cli("build", "forening")
    assert run.code == 0, run.err
    with pikepdf.open(project / "output" / "forening" / "forening-da-print.pdf") as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == condition
        profile_bytes = intent.DestOutputProfile.read_bytes()
    name = profile or "gracol"
    assert profile_bytes == (SAMPLES.parent / "profiles" / f"{name}.icc").read_bytes()


def test_an_unknown_print_profile_is_an_error_with_a_suggestion(project, cli):
    spec = project / "leaflets" / "forening" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace(
        "  duplex: short-edge", "  duplex: short-edge\n  profile: fogra39l"))
    run = cli("check", "forening")
    assert run.code == 1
    line = next(i for i, l in enumerate(spec.read_text().splitlines(), 1) if "fogra39l" in l)
    assert any(l.startswith(f"leaflets/forening/leaflet.yaml:{line}:12: error: unknown print "
                            "profile 'fogra39l'") and "fogra39" in l for l in run.lines), run.err


def test_a_press_condition_we_have_no_profile_for_points_to_ours_for_that_paper(project, cli):
    """FOGRA47 is what many European shops name for uncoated paper; its data is not free."""
    spec = project / "leaflets" / "forening" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace(
        "  duplex: short-edge", "  duplex: short-edge\n  profile: fogra47"))
    run = cli("build", "forening")
    assert run.code == 1 and not (project / "output" / "forening").exists()
    line = next(i for i, l in enumerate(spec.read_text().splitlines(), 1) if "fogra47" in l)
    assert run.lines[0] == (f"leaflets/forening/leaflet.yaml:{line}:12: error: leaflet has no "
                            "profile for FOGRA47 (for uncoated paper write 'profile: fogra29', "
                            "the uncoated press condition leaflet carries)")


def test_the_build_script_makes_the_committed_profiles_byte_for_byte(tmp_path):
    """Where ArgyllCMS and the measurement data are installed: one profile rebuilt."""
    from pathlib import Path

    if not shutil.which("colprof") or not Path("/usr/share/color/icc/TR003.ti3").is_file():
        pytest.skip("needs ArgyllCMS (colprof) and icc-profiles-free")
    repo = SAMPLES.parent
    subprocess.run(["bash", str(repo / "scripts" / "build-profiles.sh"), str(tmp_path), "swop"],
                   check=True, timeout=300, capture_output=True)
    assert (tmp_path / "swop.icc").read_bytes() == (repo / "profiles" / "swop.icc").read_bytes()


def test_one_text_printed_for_two_presses_has_two_document_ids(project, cli):
    """A copy of a leaflet for letter paper has the same title, subject and date."""
    leaflets = project / "leaflets"
    shutil.copytree(leaflets / "forening", leaflets / "forening-us")
    spec = leaflets / "forening-us" / "leaflet.yaml"
    spec.write_text(spec.read_text().replace("paper: A4", "paper: letter"))
    assert cli("build", "forening", "forening-us").code == 0
    ids, titles = set(), set()
    for name in ("forening", "forening-us"):
        with pikepdf.open(project / "output" / name / f"{name}-da-print.pdf") as pdf:
            ids.add(str(pdf.open_metadata()["xmpMM:DocumentID"]))
            titles.add(str(pdf.docinfo.Title))
    assert len(titles) == 1 and len(ids) == 2


def test_every_press_a_leaflet_may_name_has_a_profile_and_a_condition():
    """The names leaflet.yaml accepts (model.py) and the presses colour.py knows agree."""
    from leaflet.model import DEFAULT_PRESS, PRESS_PROFILES
    from leaflet.render.colour import PRESSES
    from leaflet.render.profiles import profiles_folder

    assert set(PRESS_PROFILES) == set(PRESSES) >= set(DEFAULT_PRESS.values())
    assert all((profiles_folder() / f"{name}.icc").is_file() for name in PRESSES)

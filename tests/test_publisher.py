"""A leaflet may name its own publisher: its colours, contact block, QR code, links and
HTML edition follow that file, while the other leaflets keep organisation.yaml."""
from __future__ import annotations

from pathlib import Path

import pypdfium2
from pypdf import PdfReader

from leaflet.model import dialled


def links(path: Path) -> set[str]:
    found = set()
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_a_clinic_leaflet_beside_the_association_s(project, cli):
    run = cli("build", "mmn-clinic", "mmn", "--lang", "en")
    assert run.code == 0, run.err
    screen = project / "output/mmn-clinic/mmn-clinic-en-screen.pdf"
    words = text(screen)
    assert "Lakeside Neuromuscular Clinic" in words and "+1 555 010 0199" in words
    assert "GBS|CIDP" not in words and "gbs-cidp.dk" not in words
    assert links(screen) >= {"https://neuro.example.com", "mailto:clinic@example.com",
                             "tel:+15550100199"}
    assert not any("gbs-cidp" in link for link in links(screen))
    # the association's leaflet, built in the same run, still says who it is
    assert "GBS|CIDP" in text(project / "output/mmn/mmn-en-screen.pdf")
    html = (project / "output/mmn-clinic/mmn-clinic-en.html").read_text(encoding="utf-8")
    assert 'href="tel:+15550100199"' in html and "gbs-cidp" not in html
    assert "#2e6b3f" in html  # the clinic's colour


def test_the_clinic_s_colour_is_on_its_cover(project, cli):
    assert cli("build", "mmn-clinic").code == 0
    bitmap = pypdfium2.PdfDocument(str(project / "output/mmn-clinic/mmn-clinic-en-screen.pdf"))[0]
    image = bitmap.render(scale=0.5).to_pil().convert("RGB")
    colours = image.getcolors(1 << 20)
    most = max(colours)[1]
    assert most == (0x2e, 0x6b, 0x3f), most  # the cover is the clinic's green, not our blue


def test_one_booklet_holds_both_publishers(project, cli):
    run = cli("booklet", "patient-info-en")
    assert run.code == 0, run.err
    book = project / "output/booklets/patient-info-en.pdf"
    words = text(book)
    assert "Lakeside Neuromuscular Clinic" in words and "GBS|CIDP" in words
    assert {"tel:+15550100199"} <= links(book)
    pdf = pypdfium2.PdfDocument(str(book))
    opener = next(page for page in pdf
                  if page.get_textpage().get_text_range().startswith("MMN care"))
    band = opener.render(scale=0.5).to_pil().convert("RGB")
    assert band.getpixel((band.width // 2, 5)) == (0x2e, 0x6b, 0x3f)  # its title band: the clinic's


def test_a_missing_organisation_file_is_an_error_at_its_line(project, cli):
    spec = project / "leaflets/mmn-clinic/leaflet.yaml"
    spec.write_text(spec.read_text().replace("organisations/clinic.yaml",
                                             "organisations/clinc.yaml"))
    run = cli("check", "mmn-clinic")
    assert run.code == 1
    line = next(n for n, l in enumerate(spec.read_text().splitlines(), 1) if l.startswith("organisation:"))
    assert any(l.startswith(f"leaflets/mmn-clinic/leaflet.yaml:{line}:15: error: the "
                            "organisation file 'organisations/clinc.yaml' was not found")
               for l in run.lines), run.err


def test_a_mistake_in_the_clinic_s_file_is_reported_there(project, cli):
    org = project / "leaflets/organisations/clinic.yaml"
    org.write_text(org.read_text().replace('"#2e6b3f"', '"green"'))
    run = cli("check", "mmn-clinic")
    assert run.code == 1
    assert any(l.startswith("leaflets/organisations/clinic.yaml:") and "'green' is not a colour"
               in l for l in run.lines), run.err


def test_changing_the_clinic_rebuilds_only_its_leaflet(project, cli):
    assert cli("build").code == 0
    org = project / "leaflets/organisations/clinic.yaml"
    org.write_text(org.read_text().replace("Lakeside", "Lakeshore"))
    run = cli("build")
    assert run.code == 0
    assert sorted(Path(l.split()[-1]).parent.name for l in run.out.splitlines()
                  if l.startswith("wrote")) == ["mmn-clinic"] * 3


def test_phone_links_dial_the_country_code():
    assert dialled("+45 40 20 02 90") == "+4540200290"
    assert dialled("0045 40 20 02 90") == "+4540200290"
    assert dialled("+31 (0)20 123 4567") == "+31201234567"
    assert dialled("40 200 290") == "40200290"  # as written: no country to guess


def test_new_takes_the_paper_and_the_publisher(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    run = cli("new", "cidp", "--lang", "en", "--paper", "letter",
              "--organisation", "organisations/clinic.yaml")
    assert run.code == 0, run.err
    assert (tmp_path / "leaflets/organisations/clinic.yaml").is_file()
    assert not (tmp_path / "leaflets/organisation.yaml").exists()  # nobody uses it
    assert cli("build").code == 0
    page = PdfReader(tmp_path / "output/cidp/cidp-en-print.pdf").pages[0]
    trim, bleed = [float(x) for x in page.trimbox], [float(x) for x in page.bleedbox]
    assert round(trim[2] - trim[0], 1) == 792.0 and round(trim[3] - trim[1], 1) == 612.0
    assert round(trim[0] - bleed[0], 2) == 9.0  # 0.125in: the letter paper's default


def test_new_refuses_an_organisation_outside_leaflets(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    run = cli("new", "cidp", "--organisation", "../elsewhere.yaml")
    assert run.code == 2 and "cannot be an organisation file" in run.err
    assert not (tmp_path / "leaflets").exists()


def image_count(path: Path) -> int:
    """Pictures drawn on the pages (the QR code is drawn as vector shapes, not a picture)."""
    count = 0
    for page in PdfReader(path).pages:
        for ref in (page.get("/Resources", {}).get("/XObject") or {}).values():
            count += ref.get_object().get("/Subtype") == "/Image"
    return count


def test_the_association_s_logo_stays_off_the_clinic_s_leaflet_and_the_clinic_s_goes_on(
        project, cli):
    assert cli("build", "mmn-clinic", "mmn", "--lang", "en").code == 0
    assert image_count(project / "output/mmn/mmn-en-screen.pdf") == 2  # cover and back
    assert image_count(project / "output/mmn-clinic/mmn-clinic-en-screen.pdf") == 0
    from PIL import Image

    Image.new("RGB", (900, 300), (46, 107, 63)).save(project / "leaflets/images/clinic.png")
    org = project / "leaflets/organisations/clinic.yaml"
    org.write_text(org.read_text() + "logo: images/clinic.png\n")
    assert cli("build", "mmn-clinic").code == 0
    assert image_count(project / "output/mmn-clinic/mmn-clinic-en-screen.pdf") == 2


def test_a_publisher_s_file_outside_organisations_is_pointed_there(project, cli):
    (project / "leaflets/clinic").mkdir()
    (project / "leaflets/organisations/clinic.yaml").rename(project / "leaflets/clinic/org.yaml")
    run = cli("check")
    assert run.code == 1
    assert ("leaflets/clinic/leaflet.yaml: error: every leaflet folder needs a leaflet.yaml, and "
            "this one has none (copy one from another leaflet: it says the fold, paper and "
            "languages; a publisher's file goes in leaflets/organisations/)") in run.lines

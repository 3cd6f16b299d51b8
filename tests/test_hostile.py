"""Hostile and unlucky input: nothing hangs, nothing explodes, no link or file escapes.

Each case changes a copy of the samples and runs leaflet as a user would (a process of
its own), under a time and a memory limit. Whatever the case, leaflet must end with
exit 0, 1 or 2 (never 3, "a bug of ours"), without a traceback, within seconds; what
it wrote stays in the output folder; and no link in anything it wrote is other than
https, mailto or tel.
"""
from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "leaflets"
SECONDS = 20               # a case that takes longer has hung
MEMORY = 2 * 1024 ** 3     # address space: a case that needs more has exploded


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def png(path: Path, size, mode="RGB", **info) -> None:
    from PIL import Image

    Image.new(mode, size).save(path, **info)


def svg_logo(root: Path, text: str) -> None:
    """The organisation's logo as an SVG of ``text``."""
    (root / L / "images" / "logo.svg").write_text(text)
    replace_in(root / ORG, "images/logo.png", "images/logo.svg")


def fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def link(path: Path, target: str) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(target)


L = "leaflets"
ORG, DA, MMN = f"{L}/organisation.yaml", f"{L}/mmn/da.yaml", f"{L}/mmn"
SVG = "http://www.w3.org/2000/svg"
# name: (what is done to the copy, the command, the exit status, words the message has)
CASES = {
    # Files that are not files
    "language-file-is-a-fifo": (lambda r: fifo(r / DA), ["build"], 1, "not a regular file"),
    "language-file-is-dev-zero": (lambda r: link(r / DA, "/dev/zero"), ["build"], 1,
                                  "not a regular file"),
    "organisation-is-a-folder": (lambda r: (os.remove(r / ORG), os.mkdir(r / ORG)), ["build"],
                                 1, ""),
    "booklet-file-is-a-fifo": (lambda r: fifo(r / L / "booklets" / "x.yaml"), ["check"], 1,
                               "not a regular file"),
    "logo-is-a-fifo": (lambda r: fifo(r / L / "images" / "logo.png"), ["build"], 1,
                       "not a regular file"),
    "logo-is-dev-zero": (lambda r: link(r / L / "images" / "logo.png", "/dev/zero"), ["build"],
                         1, "lies outside the leaflets folder"),
    "picture-link-to-a-folder": (lambda r: link(r / L / "images" / "logo.png", "/tmp"),
                                 ["build"], 1, "folder"),
    # Small files, huge cost
    "png-one-pixel-wide-and-very-tall": (
        lambda r: png(r / L / "images" / "logo.png", (1, 30_000), "L"), ["build"], 1,
        "too large"),
    "png-of-forty-million-pixels": (
        lambda r: png(r / L / "images" / "logo.png", (8000, 6000), "1"), ["build"], 1,
        "too large"),
    "text-file-over-a-megabyte": (
        lambda r: (r / DA).write_text("title: x\ncontent:\n  - text: " + "a " * 600_000),
        ["build"], 1, "too large"),
    "bold-markers-repeated": (
        lambda r: replace_in(r / DA, "title: MMN", "title: \"" + "**a " * 20_000 + "\""),
        ["check"], 1, ""),
    "one-line-list-of-a-megabyte": (
        lambda r: (r / DA).write_text("title: x\ncontent:\n  - bullets: ["
                                      + ", ".join(["punkt"] * 140_000) + "]\n"),
        ["check"], 1, "more than 20000 values"),
    "italic-markers-repeated": (
        lambda r: replace_in(r / DA, "title: MMN", "title: \"" + "*a **b " * 10_000 + "\""),
        ["check"], 1, ""),
    "links-repeated": (
        lambda r: replace_in(r / DA, "title: MMN",
                             "title: \"" + "[a](https://x.org) " * 5_000 + "\""),
        ["check"], 1, ""),
    # Mistakes that must be the user's, not ours
    "truncated-jpeg": (
        lambda r: (png(r / L / "images" / "logo.jpg", (400, 300), "RGB", format="JPEG"),
                   (r / L / "images" / "logo.jpg").write_bytes(
                       (r / L / "images" / "logo.jpg").read_bytes()[:-200]),
                   replace_in(r / ORG, "images/logo.png", "images/logo.jpg")),
        ["build"], 1, "damaged"),
    "svg-with-nan-size": (
        lambda r: svg_logo(r, f'<svg xmlns="{SVG}" width="NaN" height="10"/>'),
        ["build"], 1, "SVG"),
    "svg-with-prefixed-text": (
        lambda r: svg_logo(r, f'<svg:svg xmlns:svg="{SVG}" width="10" height="10">'
                              '<svg:text x="1" y="5">Hi</svg:text></svg:svg>'),
        ["build"], 1, "has text in it"),
    "svg-that-is-not-xml": (
        lambda r: svg_logo(r, "<svg><g></svg>"),
        ["build"], 1, "not well-formed"),
    "svg-with-entities": (
        lambda r: svg_logo(r, '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                              f'<svg xmlns="{SVG}" width="10" height="10">&b;</svg>'),
        ["build"], 1, "declares XML entities"),
    "bidi-override-in-a-title": (
        lambda r: replace_in(r / DA, "title: MMN", "title: \"MMN \u202egninrav\""),
        ["build"], 1, "invisible direction control (U+202E)"),
    "svg-of-twenty-thousand-shapes": (
        lambda r: svg_logo(r, f'<svg xmlns="{SVG}" width="900" height="300">'
                              + '<path d="M1 1 L50 80 L90 10 Z"/>' * 20_000 + "</svg>"),
        ["build"], 1, "more than 5000 shapes"),
    "one-word-of-sixty-thousand-letters": (
        lambda r: replace_in(r / DA, "subtitle: ", "subtitle: " + "a" * 60_000 + " "),
        ["check"], 1, "far too long"),
    "text-in-utf-16": (
        lambda r: (r / DA).write_bytes((r / DA).read_text().encode("utf-16")),
        ["build"], 1, "UTF-8"),
    "leaflet-yaml-is-dev-urandom": (lambda r: link(r / MMN / "leaflet.yaml", "/dev/urandom"),
                                    ["build"], 1, "not a regular file"),
    "picture-linked-from-outside": (
        lambda r: (shutil.copy(r / L / "images" / "logo.png", r / "logo.png"),
                   link(r / L / "images" / "logo.png", str(r / "logo.png"))),
        ["build"], 1, "lies outside the leaflets folder"),
    "javascript-link-in-a-text": (
        lambda r: replace_in(r / DA, "title: MMN", "title: \"[x](javascript:alert(1))\""),
        ["build"], 1, "must start with https://"),
    "mailto-link-with-a-quote": (
        lambda r: replace_in(r / DA, "title: MMN", "title: '[x](mailto:a\"@b.c)'"),
        ["build"], 1, "must start with https://"),
    "tel-link-with-a-space": (  # not a link at all: printed as written, nothing to click
        lambda r: replace_in(r / DA, "title: MMN", "title: \"[x](tel:+45 40)\""),
        ["build"], 0, ""),
    "folder-name-not-utf8": (
        lambda r: os.mkdir(os.path.join(os.fsencode(r / L), b"\xff\xfe")), ["build"], None, ""),
    "link-to-the-whole-disk-as-a-leaflet": (lambda r: link(r / L / "disk", "/"), ["check"], None,
                                            ""),
    "link-to-an-anchor": (lambda r: replace_in(r / DA, "title: MMN", "title: \"[x](#top)\""),
                          ["build"], 1, "must start with https://"),
    "plain-http-link": (lambda r: replace_in(r / DA, "title: MMN",
                                             "title: \"[x](http://example.org)\""),
                        ["build"], 1, "write https://example.org"),
    "output-folder-is-a-file": (lambda r: (r / "output").write_text("x"), ["build"], 2,
                                "cannot write"),
    "output-file-is-a-folder": (lambda r: (r / "output" / "mmn" / "mmn-da.html").mkdir(
        parents=True), ["build", "mmn", "--lang", "da"], 2, "cannot write"),
    "build-record-of-the-wrong-shape": (
        lambda r: ((r / "output").mkdir(), (r / "output" / ".leaflet-build.json").write_text(
            '{"format": 2, "jobs": [], "commands": 3}')), ["build"], 0, ""),
    "new-with-a-language-code-that-is-a-path": (lambda r: None,
                                                ["new", "x", "--lang", "nb-x/y"], 2,
                                                "not a language code"),
    "new-where-schemas-is-a-file": (
        lambda r: (shutil.rmtree(r / L / "schemas"), (r / L / "schemas").write_text("")),
        ["new", "y"], 2, "cannot write"),
    "leaflet-name-too-long": (lambda r: None, ["build", "x" * 5000], 2, "no leaflet"),
    # Links and markup from the organisation
    "email-that-smuggles-a-link": (
        lambda r: replace_in(r / ORG, "kontakt@gbs-cidp.dk",
                             "a@b.c](javascript:alert(1))"), ["build"], 1,
        "is not an e-mail address"),
    "phone-with-markup": (lambda r: replace_in(r / ORG, '"+45 40 200 290"', '"40 **200** 290"'),
                          ["build"], 1, "is not a phone number"),
    "website-with-javascript": (lambda r: replace_in(r / ORG, "https://www.gbs-cidp.dk",
                                                     "javascript:alert(1)"), ["build"], 1,
                                "must be an address that starts with https://"),
    "website-with-a-quote": (lambda r: replace_in(r / ORG, "https://www.gbs-cidp.dk",
                                                  "https://x.org/\\\"onload=x"), ["build"], 1,
                             "https://"),
}


def leaflet(root: Path, args: list[str], env: dict | None = None):
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    started = time.monotonic()
    try:
        run = subprocess.run([sys.executable, "-m", "leaflet", *args], cwd=root,
                             capture_output=True, text=True, timeout=SECONDS,
                             env={**os.environ, **(env or {})}, preexec_fn=limits)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: no answer after {SECONDS} s")
    return run, time.monotonic() - started


def links_written(folder: Path) -> list[str]:
    """Every link target in what leaflet wrote: PDF /URI entries and HTML hrefs."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            import pypdf

            for page in pypdf.PdfReader(path).pages:
                for annot in page.get("/Annots", []) or []:
                    action = annot.get_object().get("/A")
                    if action is not None and "/URI" in action:
                        found.append(str(action["/URI"]))
        elif path.suffix == ".html":
            found += re.findall(r'href="([^"]*)"', path.read_text(encoding="utf-8"))
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes and links")
@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_ends_plainly(tmp_path, name):
    change, args, expected, words = CASES[name]
    root = tmp_path / "project"
    shutil.copytree(SAMPLES, root / L)
    change(root)
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(root / "output")}
    run, seconds = leaflet(root, args + (["--out", "output"] if args[0] == "build" else []))
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.returncode in (0, 1, 2), run.stderr
    if expected is not None:
        assert run.returncode == expected, run.stderr
    assert words in run.stderr, run.stderr
    assert seconds < SECONDS
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(root / "output")}
    made = {p for p in after - before if not p.is_relative_to(root / L)}
    assert made == set(), f"written outside the output folder: {made}"
    if (root / "output").is_dir():
        for target in links_written(root / "output"):
            assert target.startswith(("https://", "mailto:", "tel:")), target
            assert not re.search(r"[\s<>\"'`]", target), target


def test_a_date_in_milliseconds_is_not_a_date(project):
    run, _ = leaflet(project, ["build", "mmn", "--lang", "da"],
                     {"SOURCE_DATE_EPOCH": "1700000000000"})
    assert run.returncode == 0, run.stderr


def test_a_title_with_markup_has_none_in_the_pdfs_own_title(project):
    replace_in(project / DA, "title: MMN", "title: \"**MMN**\"")
    run, _ = leaflet(project, ["build", "mmn", "--lang", "da"])
    assert run.returncode == 0, run.stderr
    import pypdf

    for kind in ("print", "screen"):
        title = pypdf.PdfReader(project / "output" / "mmn" / f"mmn-da-{kind}.pdf").metadata.title
        assert title.startswith("MMN – ") and "*" not in title


def test_new_never_writes_through_a_link(project):
    outside = project.parent / "outside.yaml"
    link(project / ORG, str(outside))  # a link to nowhere: new must not create its target
    run, _ = leaflet(project, ["new", "cidp"])
    assert run.returncode == 0, run.stderr
    assert not outside.exists()
    assert (project / ORG).is_symlink()


FORENING = f"{L}/forening/da.yaml"


def printed_image(pdf: Path):
    """The tallest picture in a PDF (the logo is wide and low), as PDFium decodes it, and
    where it is placed (left, bottom, right, top)."""
    import pypdfium2 as pdfium

    found = []
    for page in pdfium.PdfDocument(str(pdf)):
        for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            image = obj.get_bitmap().to_pil()
            found.append((image.height, image, obj.get_bounds()))
    assert found, "no picture"
    _, image, where = max(found, key=lambda item: item[0])
    return image, where


def test_a_sixteen_bit_grey_picture_prints_grey_not_white(project):
    from PIL import Image

    Image.new("I;16", (1200, 1200), 30000).save(
        project / L / "forening" / "images" / "grey.png")
    replace_in(project / FORENING, "src: images/nerve.png", "src: images/grey.png")
    run, _ = leaflet(project, ["build", "forening"])
    assert run.returncode == 0, run.stderr
    image, _ = printed_image(project / "output" / "forening" / "forening-da-screen.pdf")
    grey = image.convert("L").getpixel((image.width // 2, image.height // 2))
    assert 100 <= grey <= 135  # 30000 / 65535 of white: about 117


def test_a_phone_photo_turned_by_its_orientation_tag_prints_upright(project):
    from PIL import Image

    photo = Image.new("RGB", (1600, 1200), "white")  # stored on its side: 4:3 landscape
    photo.paste((200, 0, 0), (0, 0, 1600, 100))       # a red band along the stored top
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to view": the viewer sees it 3:4 portrait
    photo.save(project / L / "forening" / "images" / "phone.jpg", exif=exif.tobytes())
    replace_in(project / FORENING, "src: images/nerve.png", "src: images/phone.jpg")
    run, _ = leaflet(project, ["build", "forening"])
    assert run.returncode == 0, run.stderr
    image, (left, bottom, right, top) = printed_image(
        project / "output" / "forening" / "forening-da-screen.pdf")
    assert top - bottom > right - left  # placed upright: taller than wide
    assert image.height > image.width
    red = image.convert("RGB").getpixel((image.width - 5, image.height // 2))
    assert red[0] > 150 and red[1] < 80  # the stored top is now the right-hand edge


def test_review_writes_through_a_link_and_keeps_the_files_mode(project):
    real = project / L / "mmn" / "texts" / "en.yaml"
    real.parent.mkdir()
    (project / L / "mmn" / "en.yaml").rename(real)
    (project / L / "mmn" / "en.yaml").symlink_to("texts/en.yaml")
    real.chmod(0o600)
    run, _ = leaflet(project, ["review", "mmn", "--lang", "en"])
    assert run.returncode == 0, run.stderr
    assert (project / L / "mmn" / "en.yaml").is_symlink()
    assert "reviewed:" in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o600


def test_review_never_writes_through_a_linked_reviewed_folder(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project / L / "mmn" / "reviewed", elsewhere)
    shutil.rmtree(project / L / "mmn" / "reviewed")
    (project / L / "mmn" / "reviewed").symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    en = (project / L / "mmn" / "en.yaml").read_bytes()
    run, _ = leaflet(project, ["review", "mmn", "--lang", "en"])
    assert run.returncode == 2, run.stderr
    assert "leaflets/mmn/reviewed should be the folder where review keeps the source " \
           "text; move that file away" in run.stderr
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert (project / L / "mmn" / "en.yaml").read_bytes() == en  # nothing half done


def test_temporaries_of_a_killed_build_are_removed_by_the_next(project):
    (project / "output" / "mmn").mkdir(parents=True)
    stale = project / "output" / "mmn" / ".mmn-en-print.pdf.999999999.k2j3h4.tmp"
    stale.write_bytes(b"half a PDF")  # a build killed outright; no process has that pid
    mine = project / "output" / "mmn" / f".mmn-en-print.pdf.{os.getpid()}.abc.tmp"
    mine.write_bytes(b"a build still running")  # a live process's: left alone
    run, _ = leaflet(project, ["build", "mmn", "--lang", "da"])
    assert run.returncode == 0, run.stderr
    assert not stale.exists() and mine.exists()


def test_the_organisations_name_is_printed_as_written(project):
    """Its fields are plain text: stars and brackets in the name are no markup."""
    replace_in(project / ORG, "name: GBS|CIDP Patientforening",
               'name: "**GBS**|CIDP [Patientforening](https://evil.example)"')
    run, _ = leaflet(project, ["build", "forening"])
    assert run.returncode == 0, run.stderr
    import pypdfium2 as pdfium

    pdf = project / "output" / "forening" / "forening-da-screen.pdf"
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(pdf)))
    assert "**GBS**|CIDP [Patientforening](https://evil.example)" in text
    assert "https://evil.example" not in links_written(project / "output")


def test_a_folder_in_the_way_of_one_output_leaves_every_output_as_it_was(project):
    out = project / "output" / "mmn"
    assert leaflet(project, ["build", "mmn", "--lang", "da"])[0].returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    replace_in(project / "leaflets" / "mmn" / "da.yaml", "MMN er ikke arvelig.",
               "MMN er slet ikke arvelig.")
    screen = out / "mmn-da-screen.pdf"
    screen.unlink()
    screen.mkdir()  # written after the print PDF: its rename must not happen alone
    run, _ = leaflet(project, ["build", "mmn", "--lang", "da"])
    assert run.returncode == 2, run.stderr
    assert "a folder of that name is in the way; nothing was written" in run.stderr
    assert "Traceback" not in run.stderr
    after = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    del before["mmn-da-screen.pdf"]
    assert after == before


@pytest.mark.parametrize("command", [["build", "--out="], ["build", "--out", ""],
                                     ["booklet", "--out", ""]])
def test_an_empty_output_folder_is_refused_not_taken_for_the_current_one(project, command):
    run, _ = leaflet(project, command)
    assert run.returncode == 2
    assert "argument --out: invalid folder value: ''" in run.stderr
    assert not list(project.glob("*.pdf")) and not list(project.glob("*/*.pdf"))


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_a_file_larger_than_its_size_says_is_read_whole_and_still_bounded():
    """A file may grow between the look at its size and the read (/proc's files say 0
    bytes and have more): all of it is read, and the limit still holds."""
    from leaflet.files import NotAFile, read_file

    status = read_file("/proc/self/status", 1_000_000)
    assert os.stat("/proc/self/status").st_size == 0
    assert b"\nPid:" in status and status.endswith(b"\n")
    with pytest.raises(NotAFile, match="too large"):
        read_file("/proc/self/status", 100)

"""veraPDF, the reference validator, checks every screen PDF and the booklet against
PDF/UA-1. It needs Java and veraPDF's jars: .ci/run sets them up with
../shared/tools/verapdf/setup-verapdf.sh and says where in LEAFLET_VERAPDF_CP; without
them the test is skipped, and says why."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "leaflets"


def classpath() -> str | None:
    """Where veraPDF and its driver are: LEAFLET_VERAPDF_CP, or the setup script's folder."""
    given = os.environ.get("LEAFLET_VERAPDF_CP")
    if given:
        return given
    made = Path(os.environ.get("TMPDIR", "/tmp")) / "verapdf-here"
    if (made / "VPCheck.class").is_file() and (made / "vera.jar").is_file():
        jars = ["jaxb-runtime", "txw2", "istack-commons-runtime", "stax-ex", "FastInfoset"]
        return ":".join([str(made / "vera.jar"), *(f"/usr/share/java/{j}.jar" for j in jars),
                         str(made)])
    return None


CP = classpath()


@pytest.mark.skipif(not shutil.which("java") or CP is None,
                    reason="veraPDF is not set up (Java and ../shared/tools/verapdf/"
                           "setup-verapdf.sh, as .ci/run does)")
def test_every_screen_pdf_and_the_booklet_pass_pdf_ua_1(tmp_path):
    from leaflet.booklet.make import make as make_booklet
    from leaflet.build.make import make

    shutil.copytree(SAMPLES, tmp_path / "leaflets")
    make(tmp_path, None)
    make_booklet(tmp_path, None)
    pdfs = sorted((tmp_path / "output").rglob("*-screen.pdf"))
    pdfs += sorted((tmp_path / "output" / "booklets").glob("*[!t].pdf"))  # not *-print.pdf
    assert len(pdfs) == 7  # mmn in three languages, forening, mmn-clinic; two booklets
    run = subprocess.run(["java", "-cp", CP, "VPCheck", "ua1", *map(str, pdfs)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    verdicts = [line for line in run.stdout.splitlines() if line.startswith("compliant=")]
    assert len(verdicts) == len(pdfs), run.stdout
    assert all(line.startswith("compliant=true") for line in verdicts), run.stdout

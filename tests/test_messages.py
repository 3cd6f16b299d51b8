"""How a command shows its problems: errors first, then warnings, then one summary line;
what several builds found at one place is said once."""
from __future__ import annotations

import re

from PIL import Image

PROBLEM = re.compile(r"\S+:\d+:\d+: (error|warning): ")


def test_errors_come_before_warnings_and_a_summary_ends(project, cli):
    da = project / "leaflets/mmn/da.yaml"  # translations now lag behind: warnings
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er ikke arvelig!"))
    spec = project / "leaflets/forening/leaflet.yaml"  # a later leaflet: an error
    spec.write_text(spec.read_text().replace("paper: A4", "paper: A3"))
    run = cli("build")
    assert run.code == 1
    kinds = [PROBLEM.match(line).group(1) for line in run.lines[:-1]]
    assert kinds == sorted(kinds) and kinds[0] == "error" and "warning" in kinds, run.err
    assert run.lines[-1] == f"1 error, {kinds.count('warning')} warnings; nothing was written"


def test_check_says_how_many_warnings(project, cli):
    da = project / "leaflets/mmn/da.yaml"
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er ikke arvelig!"))
    run = cli("check")
    assert run.code == 0
    assert run.out.splitlines()[-1] == f"ok: no errors, {len(run.lines)} warnings"


def test_a_warning_every_build_finds_is_shown_once(project, cli):
    # A logo of modest resolution, printed at two sizes by two folds: one line, not one a build.
    Image.new("RGB", (200, 130), "red").save(project / "leaflets/images/logo.png")
    run = cli("build")
    assert run.code == 0, run.err
    logo = [line for line in run.lines if "organisation.yaml" in line and "ppi" in line]
    assert len(logo) == 1, run.err
    assert re.fullmatch(r"leaflets/organisation\.yaml:\d+:\d+: warning: the image is \d+ ppi at "
                        r"its printed size \(\d+ mm wide\); print shops want 300 \(and \d+ more "
                        r"places? like it\)", logo[0]), logo[0]
    assert cli("build").lines == run.lines  # the quick answer says the same

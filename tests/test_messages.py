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
                        r"places? like it\) \(use an image at least \d+ pixels wide\)", logo[0]), logo[0]
    assert cli("build").lines == run.lines  # the quick answer says the same


GROWN = "      og klare hverdagen."  # in the text under 'Hverdagen med MMN', the inside right panel
MORE = " Flere ord her, som gør teksten lidt længere end før."


def grow(project, times: int):
    da = project / "leaflets/mmn/da.yaml"
    da.write_text(da.read_text().replace(GROWN, GROWN + MORE * times))
    return da


def block_of(path, needle: str) -> int:
    """The line of the first text line of the block holding ``needle``."""
    lines = path.read_text().splitlines()
    n = next(i for i, l in enumerate(lines) if needle in l)
    while not lines[n - 1].strip().startswith("- text:"):
        n -= 1
    return n + 1


def test_the_shrink_warning_names_the_panel_and_the_text_that_grew(project, cli):
    da = grow(project, 24)
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 0, run.err
    line = block_of(da, "Fysioterapi og ergoterapi")
    assert re.fullmatch(rf"leaflets/mmn/da\.yaml:{line}:7: warning: the text is set at "
                        r"9\.\d+ pt instead of 10 pt so that the inside right panel holds it "
                        r"\(shorten the text by about \d+ lines to keep 10 pt\)",
                        run.lines[0]), run.err


def test_the_overflow_error_is_at_the_text_that_no_longer_fits(project, cli):
    da = grow(project, 72)
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1
    line = block_of(da, "Fysioterapi og ergoterapi")
    assert re.fullmatch(rf"leaflets/mmn/da\.yaml:{line}:7: error: the text does not fit: the "
                        r"inside right panel overflows by \d+ mm even at 9 pt \(shorten the "
                        r"text by about \d+ lines\)", run.lines[0]), run.err


def test_the_overflow_error_points_to_a_panel_with_room_when_there_is_one(project, cli):
    # Everything after 'Hverdagen med MMN' is pushed to the last panel: the one before has room.
    da = project / "leaflets/mmn/da.yaml"
    da.write_text(da.read_text().replace("  - heading: Hverdagen med MMN\n",
                                         "  - break: panel\n  - heading: Hverdagen med MMN\n"))
    grow(project, 25)
    run = cli("check", "mmn", "--lang", "da")
    assert run.code == 1
    assert re.search(r"overflows by \d+ mm even at 9 pt \(shorten the text by about \d+ lines, "
                     r"or move a block to the [a-z ]+ panel, which has \d+ mm free\)",
                     run.lines[0]), run.err


def test_a_build_with_warnings_ends_with_a_summary_line_each_time(project, cli):
    da = project / "leaflets/mmn/da.yaml"
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er ikke arvelig!"))
    first = cli("build")
    assert first.code == 0
    count = len([l for l in first.lines if ": warning: " in l])
    assert count and first.lines[-1] == f"{count} warnings; nothing stopped the build"
    assert cli("build").err == first.err  # the quick answer, word for word

"""The press colours, at the cheapest level: sRGB → CMYK through each shipped profile."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from leaflet.model import DEFAULT_PRESS, PRESS_PROFILES
from leaflet.render.colour import PRESSES, image_to_cmyk, press_colour
from leaflet.render.profiles import profile_bytes


def test_every_press_a_leaflet_may_name_has_its_profile():
    assert set(PRESSES) == set(PRESS_PROFILES)
    assert set(DEFAULT_PRESS.values()) <= set(PRESSES)


@pytest.mark.parametrize("press", sorted(PRESSES))
def test_no_srgb_colour_takes_more_ink_than_the_press_allows(press):
    steps = [round(i * 255 / 31) for i in range(32)]
    cube = Image.new("RGB", (32 * 32, 32))
    cube.putdata([(r, g, b) for b in steps for r in steps for g in steps])
    c, m, y, k = (channel.tobytes() for channel in image_to_cmyk(press, cube).split())
    most = max(map(sum, zip(c, m, y, k)))
    assert most <= PRESSES[press].ink_limit * 255 + 2
    assert most >= (PRESSES[press].ink_limit - 0.4) * 255  # the limit is used, not wasted


@pytest.mark.parametrize("press", sorted(PRESSES))
def test_greys_are_black_ink_alone_and_near_black_is_solid(press):
    assert press_colour(press, "#808080").cmyk() == (0, 0, 0, pytest.approx(0.498, abs=0.001))
    assert press_colour(press, "#1a1a1a").cmyk() == (0, 0, 0, 1)
    assert press_colour(press, "#000000").cmyk() == (0, 0, 0, 1)
    assert press_colour(press, "#ffffff").cmyk() == (0, 0, 0, 0)


@pytest.mark.parametrize("press", sorted(PRESSES))
def test_each_profile_is_a_cmyk_output_profile_that_reads_back(press):
    profile = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes(press))).profile
    assert profile.xcolor_space.strip() == "CMYK" and profile.device_class == "prtr"
    assert PRESSES[press].registry in profile.profile_description
    assert len(profile_bytes(press)) < 80_000  # embedded in every print PDF

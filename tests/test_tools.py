"""The tools beside the generator, run as a person runs them."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from conftest import SiteDir, course_md, require
from PIL import Image

pytestmark = pytest.mark.browser

RED = (220, 20, 20)


def red_pixels(path: Path) -> int:
    """How many pixels of the picture are (nearly) the photo's red."""
    with Image.open(path) as shot:
        rgb = shot.convert("RGB")
        colours = rgb.getcolors(rgb.width * rgb.height) or []
    return sum(
        count
        for count, (r, g, b) in colours
        if abs(r - RED[0]) < 8 and abs(g - RED[1]) < 8 and abs(b - RED[2]) < 8
    )


def test_screenshots_show_lazy_images_below_the_first_screen(site: SiteDir, tmp_path: Path):
    """A full-page shot does not scroll: a lazy photo far down the page must still be loaded."""
    require("chromium", shutil.which("chromium") is not None)
    require("playwright (Python)", importlib.util.find_spec("playwright") is not None)
    import screenshots

    photo = tmp_path / "red.png"
    Image.new("RGB", (96, 96), RED).save(photo)
    site.write("files/people/jdoe.png", photo.read_bytes())
    people = site.content / "people.yaml"
    people.write_text(
        people.read_text().replace(
            "  role: Addiction medicine, hub lead\n",
            "  role: Addiction medicine, hub lead\n"
            "  photo: files/people/jdoe.png\n  photo_alt: Jane Doe in a red square\n",
        )
    )
    long_body = "\n\n".join(f"Paragraph {n} about the course." for n in range(60))
    site.write("courses/oud-echo.md", course_md(extra="faculty: [jdoe]\n", body=long_body))
    shots = tmp_path / "shots"
    assert (
        screenshots.main(
            [
                "--content",
                str(site.content),
                "--out",
                str(shots),
                "--widths",
                "1280",
                "--as-of",
                "2026-01-01",
            ]
        )
        == 0
    )
    [course] = sorted(shots.glob("course-upcoming*-1280.png"))
    with Image.open(course) as shot:
        assert shot.height > 3000  # the photo is far below the first screen
    # The photo is drawn as a circle 96 pixels across: about 7,200 red pixels when loaded.
    assert red_pixels(course) > 6000

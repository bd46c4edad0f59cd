"""Pictures as pages show them: sizes and formats, upright and without metadata, loaded in
order; social cards for links to pages; the QR code of a course's address for its flyer."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import segno
from conftest import SiteDir, course_md, require
from PIL import ExifTags, Image

from echo_site import cards, images
from echo_site.views import CardStyle, CardView, QrView

BASE = "https://echo.example.org/"
SITE_TITLE = "Project ECHO at Example Health"
PHOTO_ALT = "Clinicians around a laptop during an ECHO session"


def phone_photo(width: int = 2000, height: int = 1500) -> bytes:
    """A JPEG as a phone saves it: stored sideways with EXIF orientation 6 (turn 90° clockwise
    to show), with GPS tags; its stored top-left corner is red, the rest a blue gradient."""
    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    picture = Image.merge(
        "RGB", (picture.getchannel(0).point(lambda v: v // 4),) * 2 + (picture.getchannel(0),)
    )
    picture.paste((220, 20, 20), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (43.0, 42.0, 10.5),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (72.0, 17.0, 4.2),
    }
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def png(width: int, height: int, colour: tuple[int, int, int] = (30, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def test_the_phone_photo_is_what_it_claims() -> None:
    # The fixture itself: the GPS tags and the orientation are really in the file.
    with Image.open(io.BytesIO(phone_photo())) as photo:
        exif = photo.getexif()
        assert photo.size == (2000, 1500)
        assert exif[ExifTags.Base.Orientation] == 6
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def picture_site(site: SiteDir) -> SiteDir:
    """A course with a phone photo and a faculty member with a wide PNG portrait; a page whose
    Markdown opens with a picture and shows a small one further down."""
    site.write("files/images/team.jpg", phone_photo())
    site.write("files/people/jdoe.png", png(300, 200))
    site.write("files/images/small.png", png(300, 200, (200, 160, 20)))
    site.write(
        "people.yaml",
        "jdoe:\n  name: Jane Doe\n  photo: files/people/jdoe.png\n  photo_alt: Jane Doe\n",
    )
    site.write(
        "courses/oud-echo.md",
        course_md(
            extra=f"faculty: [jdoe]\nimage: files/images/team.jpg\nimage_alt: {PHOTO_ALT}\n",
            body="About the course.\n\n![A small chart](/files/images/small.png)\n",
        ),
    )
    site.write(
        "pages/about.md",
        '---\ntitle: About\n---\n![Our team at work](files/images/team.jpg "The team")\n\n'
        "Some text.\n\n![A small chart](../files/images/small.png)\n",
    )
    site.build()
    return site


def file_of(site: SiteDir, page_url: str, src: str) -> Path:
    """The output file a URL on a page points at."""
    path = urlsplit(urljoin(BASE + page_url.lstrip("/"), src)).path
    return site.output / path.lstrip("/")


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def srcset(value: str) -> list[tuple[str, int]]:
    return [(url, int(w.rstrip("w"))) for url, w in (part.split() for part in value.split(", "))]


def test_a_photo_is_published_upright_in_sizes_and_formats_without_metadata(site: SiteDir) -> None:
    picture_site(site)
    page = site.html("/courses/oud-echo/")
    img = page.select_one("img.course-image")
    source = img.find_parent("picture").select_one("source")
    assert source["type"] == "image/webp"
    assert img["alt"] == PHOTO_ALT
    # Upright, the photo is 1500×2000: every width below it, then its own; never wider.
    expected = [(400, 533), (800, 1067), (1200, 1600), (1500, 2000)]
    for candidates, kind in ((srcset(source["srcset"]), "WEBP"), (srcset(img["srcset"]), "JPEG")):
        sizes = []
        for url, width in candidates:
            with Image.open(file_of(site, "/courses/oud-echo/", url)) as made:
                assert made.format == kind and made.width == width
                sizes.append(made.size)
                assert not made.getexif(), "no EXIF: no GPS, no camera, no orientation tag"
                assert "icc_profile" not in made.info and "exif" not in made.info
                # The red corner, stored top-left, is top-right once the photo is upright.
                rgb = made.convert("RGB")
                red, _, blue = rgb.getpixel((made.width - 3, 2))
                assert red > 150 and blue < 100, url
                red, _, blue = rgb.getpixel((2, 2))
                assert red < 100, url
        assert sizes == expected
    assert (img["width"], img["height"]) == ("1500", "2000")
    assert source["sizes"] == img["sizes"] and img["sizes"]
    with Image.open(file_of(site, "/courses/oud-echo/", img["src"])) as fallback:
        assert fallback.format == "JPEG" and fallback.width == 800
    # The original stays published as it was uploaded: links to it keep working.
    assert (site.output / "files/images/team.jpg").read_bytes() == phone_photo()


def test_a_portrait_is_cut_square_and_never_made_larger(site: SiteDir) -> None:
    picture_site(site)
    page = site.html("/courses/oud-echo/")
    img = page.select_one(".people img")
    source = img.find_parent("picture").select_one("source")
    assert (img["width"], img["height"]) == ("200", "200")  # the 300×200 PNG's middle square
    assert img["sizes"] == "96px"
    for candidates, kind in ((srcset(source["srcset"]), "WEBP"), (srcset(img["srcset"]), "PNG")):
        made = []
        for url, width in candidates:
            with Image.open(file_of(site, "/courses/oud-echo/", url)) as square:
                assert square.format == kind and square.size == (width, width)
                made.append(width)
        assert made == [96, 192, 200]


def test_a_picture_smaller_than_every_step_is_published_at_its_own_size(site: SiteDir) -> None:
    picture_site(site)
    chart = site.html("/about/").select("img")[1]
    assert (chart["width"], chart["height"]) == ("300", "200")
    assert "srcset" not in chart.attrs  # one size: its own
    with Image.open(file_of(site, "/about/", chart["src"])) as made:
        assert made.size == (300, 200) and made.format == "PNG"
    webp = srcset(chart.find_parent("picture").select_one("source")["srcset"])
    assert [w for _, w in webp] == [300]


def test_the_first_picture_of_a_page_loads_at_once_and_the_others_when_scrolled_to(
    site: SiteDir,
) -> None:
    picture_site(site)
    course = site.html("/courses/oud-echo/").select("main picture img")
    assert [(i.get("loading"), i.get("fetchpriority"), i.get("decoding")) for i in course] == [
        ("eager", "high", None),  # the course's picture, above the fold
        ("lazy", None, "async"),  # the chart in "About this course"
        ("lazy", None, "async"),  # the portrait
    ]
    about = site.html("/about/").select("main img")
    assert [(i["loading"], i.get("fetchpriority")) for i in about] == [
        ("eager", "high"),  # the page opens with it
        ("lazy", None),
    ]
    assert about[0]["alt"] == "Our team at work" and about[0]["title"] == "The team"
    assert srcset(about[0]["srcset"])[-1][1] == 1500  # the same photo, the same sizes


def test_a_picture_that_is_not_a_photo_is_shown_as_it_is(site: SiteDir) -> None:
    site.write("files/images/diagram.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.write("files/images/broken.jpg", b"not really a picture")
    site.write(
        "pages/about.md",
        "---\ntitle: About\n---\n![A diagram](/files/images/diagram.svg)\n\n"
        "![A picture](/files/images/broken.jpg)\n",
    )
    result = site.build(strict=True)
    assert not result.warnings
    imgs = site.html("/about/").select("main img")
    assert [i["src"] for i in imgs] == [
        "../files/images/diagram.svg",
        "../files/images/broken.jpg",
    ]
    assert not site.html("/about/").select("picture")


def test_an_unchanged_picture_is_not_made_again(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture_site(site)
    made: list[tuple[str, int, str]] = []
    original = images.variant_bytes

    def counted(info, width, height, kind, square, decoded=None):  # type: ignore[no-untyped-def]
        made.append((info.path, width, kind))
        return original(info, width, height, kind, square, decoded)

    monkeypatch.setattr(images, "variant_bytes", counted)
    site.write("pages/about.md", "---\ntitle: About us\n---\nNo pictures any more.\n")
    site.build(jobs=1)
    assert made == []
    site.write("files/people/jdoe.png", png(300, 200, (10, 10, 200)))
    site.build(jobs=1)
    assert sorted(made) == sorted(
        ("files/people/jdoe.png", w, kind) for w in (96, 192, 200) for kind in ("WEBP", "PNG")
    )
    img = site.html("/courses/oud-echo/").select_one(".people img")
    with Image.open(file_of(site, "/courses/oud-echo/", img["src"])) as portrait:
        assert portrait.convert("RGB").getpixel((5, 5)) == (10, 10, 200)


# -- social cards ------------------------------------------------------------------------------


def og(page, name: str) -> str:  # type: ignore[no-untyped-def]
    tag = page.select_one(f'meta[property="{name}"]') or page.select_one(f'meta[name="{name}"]')
    return str(tag["content"])


def test_courses_and_recordings_have_a_social_card_unless_they_have_a_picture(
    site: SiteDir,
) -> None:
    site.write("courses/oud-echo.md", course_md())
    site.write(
        "recordings/choosing-moud.md",
        "---\ntitle: Choosing medication together\ndate: 2026-01-14\ncourse: oud-echo\n"
        "video: https://vimeo.com/123456789\n---\nA shared decision.\n",
    )
    site.write(
        "recordings/grand-rounds.md", "---\ntitle: Grand rounds\ndate: 2026-01-20\n---\nHi.\n"
    )
    picture_site(site)  # the course has a picture of its own
    # A recording's link shows its course's picture (its own title is the link's text);
    # recordings of no course share the site's recordings card.
    page = site.html("/recordings/choosing-moud/")
    assert og(page, "og:image") == og(site.html("/courses/oud-echo/"), "og:image")
    page = site.html("/recordings/grand-rounds/")
    assert og(page, "og:image") == BASE + "recordings/card.png"
    assert og(page, "og:image:alt").endswith("Recordings of past ECHO sessions. " + SITE_TITLE)
    for url, card in (
        ("/recordings/grand-rounds/", "recordings/card.png"),
        ("/courses/oud-echo/", None),
    ):
        page = site.html(url)
        image = og(page, "og:image")
        assert og(page, "twitter:image") == image
        assert image.startswith(BASE)
        file = site.output / image.removeprefix(BASE)
        with Image.open(file) as shown:
            assert shown.size == (int(og(page, "og:image:width")), int(og(page, "og:image:height")))
            assert Image.MIME[shown.format] == og(page, "og:image:type")
        if card:
            assert file == site.output / card and shown.size == (1200, 630)
        else:  # the course's own photo, in JPEG: not every site reads WebP
            assert shown.format == "JPEG" and shown.size == (1200, 1600)
            assert og(page, "og:image:alt") == PHOTO_ALT


def test_a_vimeo_recording_has_its_card_as_thumbnail(site: SiteDir) -> None:
    site.write("courses/oud-echo.md", course_md())
    site.write(
        "recordings/choosing-moud.md",
        "---\ntitle: Choosing medication together\ndate: 2026-01-14\ncourse: oud-echo\n"
        "video: https://vimeo.com/123456789\n---\nA shared decision.\n",
    )
    site.build()
    page = site.html("/recordings/choosing-moud/")
    (video,) = [
        json.loads(s.string)
        for s in page.select('script[type="application/ld+json"]')
        if json.loads(s.string)["@type"] == "VideoObject"
    ]
    # Vimeo gives no thumbnail: the course's card stands in.
    assert video["thumbnailUrl"] == BASE + "courses/oud-echo/card.png"
    assert not (site.output / "recordings/choosing-moud/card.png").exists()
    course = site.html("/courses/oud-echo/")
    (data,) = [json.loads(s.string) for s in course.select('script[type="application/ld+json"]')]
    assert data["image"] == BASE + "courses/oud-echo/card.png"


def card_view(title: str, style: CardStyle | None = None) -> CardView:
    return CardView(
        title,
        "Recording · March 4, 2026",
        "Project ECHO at Example Health",
        style or cards.card_style("#00693e"),
    )


def test_a_social_card_is_the_same_bytes_from_the_same_inputs() -> None:
    first = cards.social_card(card_view("Buprenorphine starts in primary care"))
    again = cards.social_card(card_view("Buprenorphine starts in primary care"))
    other = cards.social_card(card_view("Buprenorphine starts in primary care, revised"))
    assert first == again != other
    with Image.open(io.BytesIO(first)) as card:
        assert card.format == "PNG" and card.size == (1200, 630)


@pytest.mark.parametrize("fonts", ["found", "pillow"])
def test_a_long_title_wraps_inside_the_card(fonts: str, tmp_path: Path) -> None:
    brand = "#00693e"
    style = cards.card_style(brand) if fonts == "found" else cards.card_style(brand, (tmp_path,))
    if fonts == "found":
        require("DejaVu fonts (fonts-dejavu-core)", bool(style.bold_font))
    else:
        assert style.bold_font == "" and style.fonts_digest == ""
    title = (
        "Supporting families through perinatal substance use: screening, brief intervention, "
        "referral and the first weeks after birth in rural primary care practices"
    )
    with Image.open(io.BytesIO(cards.social_card(card_view(title, style)))) as card:
        assert card.size == (1200, 630)
        below_band = card.convert("L").crop((0, 30, 1200, 630))
        ink = Image.eval(below_band, lambda v: 255 if v < 128 else 0)
        left, _, right, bottom = ink.getbbox() or (0, 0, 0, 0)
        assert left >= cards.MARGIN - 4 and right <= 1200 - cards.MARGIN + 4
        assert bottom < 600 - 40


def test_the_brand_colour_makes_the_card() -> None:
    style = cards.card_style("#7a0019")
    assert (style.accent, style.paper) == ("#7a0019", "#ffffff")
    with Image.open(io.BytesIO(cards.social_card(card_view("A title", style)))) as card:
        assert card.convert("RGB").getpixel((600, 5)) == (0x7A, 0x00, 0x19)


# -- the QR code on the printed course page ------------------------------------------------------


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark modules a segno SVG draws: one path of horizontal runs, one unit a module."""
    (path,) = re.findall(r'<path stroke="#000"[^>]*d="([^"]+)"', svg)
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)[1])  # type: ignore[index]
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            for column in range(int(x), int(x + values[0])):
                grid[int(y)][column] = True
            x += values[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return grid


def test_a_course_page_prints_a_qr_code_of_its_address(site: SiteDir) -> None:
    site.write("courses/oud-echo.md", course_md())
    site.build()
    page = site.html("/courses/oud-echo/")
    qr = page.select_one(".print-only img")
    assert qr["src"] == "qr.svg" and qr["alt"]
    svg = (site.output / "courses/oud-echo/qr.svg").read_text()
    assert svg.startswith("<svg") and 'viewBox="' in svg
    modules = svg_modules(svg)
    expected = segno.make(BASE + "courses/oud-echo/", error="m", micro=False)
    assert modules == [[bool(v) for v in row] for row in expected.matrix_iter(border=4)]
    try:
        import zxingcpp
    except ImportError:
        zxingcpp = None
    require("zxing-cpp (a QR code reader)", zxingcpp is not None)
    picture = Image.new("L", (len(modules), len(modules)), 255)
    picture.putdata([0 if dark else 255 for row in modules for dark in row])
    picture = picture.resize((picture.width * 8, picture.height * 8), Image.Resampling.NEAREST)
    (found,) = zxingcpp.read_barcodes(picture)
    assert found.text == BASE + "courses/oud-echo/"


def test_the_qr_code_follows_the_published_address() -> None:
    one = cards.qr_svg(QrView("https://echo.example.org/courses/a/"))
    assert one == cards.qr_svg(QrView("https://echo.example.org/courses/a/"))
    assert one != cards.qr_svg(QrView("https://example.org/echo/courses/a/"))


def test_a_new_output_folder_takes_pictures_cards_and_qr_codes_from_the_cache(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As CI does with its cache restored: the costly files come from the cache's store."""
    from echo_site.pipeline import BuildOptions, build

    picture_site(site)
    cache = site.output.parent / ".echo-cache"
    made: list[str] = []
    original_variant, original_card, original_qr = (
        images.variant_bytes,
        cards.social_card,
        cards.qr_svg,
    )

    def variant(info, width, height, kind, square, decoded=None):  # type: ignore[no-untyped-def]
        made.append(f"{info.path} {width} {kind}")
        return original_variant(info, width, height, kind, square, decoded)

    def card(view):  # type: ignore[no-untyped-def]
        made.append(f"card {view.title}")
        return original_card(view)

    def qr(view):  # type: ignore[no-untyped-def]
        made.append(f"qr {view.url}")
        return original_qr(view)

    monkeypatch.setattr(images, "variant_bytes", variant)
    monkeypatch.setattr(cards, "social_card", card)
    monkeypatch.setattr(cards, "qr_svg", qr)

    def build_into(name: str) -> dict[str, bytes]:
        output = site.root / name / "output"
        options = BuildOptions(
            content_dir=site.content,
            output_dir=output,
            as_of=dt.date(2026, 1, 1),
            search=False,
            jobs=1,
            cache_dir=cache,
        )
        build(options)
        return files_in(output)

    first = build_into("elsewhere")
    assert made == []
    assert first == files_in(site.output)
    # A damaged entry in the store is made again, never published.
    stored = sorted((cache / "outputs").rglob("*"))
    damaged = next(p for p in stored if p.is_file())
    damaged.unlink()
    damaged.write_bytes(b"damaged")
    assert build_into("third") == first
    assert len(made) == 1


def test_a_colour_profile_is_applied_then_dropped(site: SiteDir) -> None:
    """Phones tag photos with a profile (Display P3); pages get sRGB pixels and no profile."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (500, 300), (200, 100, 50)).save(out, "JPEG", quality=95, icc_profile=profile)
    site.write("files/images/tagged.jpg", out.getvalue())
    site.write("pages/about.md", "---\ntitle: About\n---\n![A colour](/files/images/tagged.jpg)\n")
    site.build()
    img = site.html("/about/").select_one("img")
    for url, _ in srcset(img["srcset"]):
        with Image.open(file_of(site, "/about/", url)) as made:
            assert "icc_profile" not in made.info
            red, green, blue = made.convert("RGB").getpixel((made.width // 2, made.height // 2))
            assert abs(red - 200) < 8 and abs(green - 100) < 8 and abs(blue - 50) < 8


def test_a_video_shows_its_course_picture_before_it_plays_and_never_a_card(site: SiteDir) -> None:
    """A social card is words on a picture: the play button would sit on them. A recording of a
    course with no picture shows a plain frame; one of a course with a picture shows it."""
    site.write("files/images/clinic.png", png(1600, 900))
    site.write(
        "courses/with-picture.md",
        course_md(
            title="Pictured ECHO", extra="image: files/images/clinic.png\nimage_alt: A clinic\n"
        ),
    )
    site.write("courses/plain.md", course_md(title="Plain ECHO"))
    for course in ("with-picture", "plain"):
        site.write(
            f"recordings/{course}-talk.md",
            f"---\ntitle: A talk\ndate: 2026-01-14\ncourse: {course}\n"
            "video: https://vimeo.com/123456789\n---\nHi.\n",
        )
    site.build("2026-02-01")
    pictured = site.html("/recordings/with-picture-talk/")
    poster = pictured.select_one("a.video-facade img")
    assert poster is not None and poster["alt"] == ""
    shared = pictured.select_one('meta[property="og:image"]')["content"]
    assert urlsplit(shared).path.endswith(poster["src"].lstrip("./"))
    plain = site.html("/recordings/plain-talk/")
    assert plain.select_one("a.video-facade") is not None
    assert plain.select_one("a.video-facade img") is None
    # Links to the recording still show its course's card.
    assert plain.select_one('meta[property="og:image"]')["content"].endswith(
        "/courses/plain/card.png"
    )

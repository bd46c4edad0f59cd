"""Screenshots of every page type, at desktop and phone widths, for a person to look at.

    python tools/screenshots.py [--out screenshots/] [--content content] [--as-of 2026-11-28]

Builds the site into a temporary folder (with search), serves it on 127.0.0.1 under its
base_url's path, finds one page of each type in what was built (course pages of each status and
registration state, recordings with YouTube, Vimeo, a video file or expired credit, program pages
with a table or footnotes, ...), and writes full-page PNGs with Debian's Chromium. Requests to
other hosts are refused, so video frames show as empty boxes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from static_host import CHROMIUM_ARGS, WIDTHS, serve  # noqa: E402

from echo_site.content import LoadOptions, load_site  # noqa: E402
from echo_site.pipeline import BuildOptions, build  # noqa: E402


def _read(output: Path, path: str) -> str:
    return (output / path.strip("/") / "index.html").read_text(encoding="utf-8")


def _first(output: Path, folder: str, test: Any) -> Iterator[str]:
    for file in sorted((output / folder).glob("*/index.html")):
        text = file.read_text(encoding="utf-8")
        if test(text):
            yield f"/{folder}/{file.parent.name}/"


NOT_PAGES = {
    "courses",
    "recordings",
    "topics",
    "audiences",
    "search",
    "enduring-materials",
    "pagefind",
    "files",
    "assets",
}


def page_types(output: Path) -> list[tuple[str, str]]:
    """(name, site path) for one page of each type found in the built site."""
    found: list[tuple[str, str]] = [("home", "/"), ("courses", "/courses/")]
    seen: set[str] = set()
    for path in _first(output, "courses", lambda _: True):
        text = _read(output, path)
        badges = re.search(r'<p class="badges"[^>]*>(.*?)</p>', text, re.S)
        status = re.findall(r'badge badge-([a-z-]+)">([^<]+)<', badges.group(1) if badges else "")
        registration = re.search(r'class="register-box register-([a-z]+)"', text)
        name = "course-" + status[0][0] if status else "course"
        name += "-registration-" + (registration.group(1) if registration else "none")
        if name not in seen:
            seen.add(name)
            found.append((name, path))
    found += [
        ("course-credit-disclosures", path)
        for path in list(_first(output, "courses", lambda t: 'class="disclosures"' in t))[:1]
    ]
    found.append(("enduring-materials", "/enduring-materials/"))
    found.append(("credit", "/enduring-materials/credit/"))
    for name, test in (
        ("recording-credit-disclosures", lambda t: 'class="disclosures"' in t),
        ("recording-youtube", lambda t: "youtube-nocookie.com/embed" in t),
        ("recording-vimeo", lambda t: "player.vimeo.com" in t),
        ("recording-video-file", lambda t: "<video" in t),
        ("recording-credit-expired", lambda t: "credit-expired" in t),
    ):
        found += [(name, path) for path in list(_first(output, "recordings", test))[:1]]
    pages = sorted(
        p.parent.name for p in output.glob("*/index.html") if p.parent.name not in NOT_PAGES
    )
    for name, marker in (("page-table", "<table"), ("page-footnotes", 'class="footnotes')):
        match = next((p for p in pages if marker in _read(output, f"/{p}/")), None)
        if match:
            found.append((name, f"/{match}/"))
    for name, folder in (("topic", "topics"), ("audience", "audiences")):
        found += [(name, path) for path in list(_first(output, folder, lambda _: True))[:1]]
    found.append(("search", "/search/"))
    found.append(("not-found", "/no/such/page/"))
    return found


def search_word(output: Path) -> str:
    """A word from the first course's title, to show search results."""
    path = next(_first(output, "courses", lambda _: True), None)
    if path is None:
        return "ECHO"
    title = re.search(r"<h1[^>]*>([^<]+)</h1>", _read(output, path))
    words = re.findall(r"[A-Za-z]{5,}", title.group(1) if title else "")
    return words[0] if words else "ECHO"


# A full-page screenshot does not scroll, so lazy images below the first screen would come out
# blank: scroll through the page (as a reader would), load every lazy image, then go back up.
_LOAD_EVERYTHING = """async () => {
    const step = Math.max(window.innerHeight, 200);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
        window.scrollTo(0, y);
        await new Promise(requestAnimationFrame);
    }
    const lazy = [...document.querySelectorAll('img[loading="lazy"]')];
    lazy.forEach((image) => { image.loading = "eager"; });
    await Promise.all(lazy.map((image) => image.decode().catch(() => null)));
    window.scrollTo(0, 0);
    await new Promise(requestAnimationFrame);
}"""


def load_lazy_images(page: Any) -> None:
    """Load the page's lazy images, so a full-page screenshot shows them."""
    page.evaluate(_LOAD_EVERYTHING)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 28))
    parser.add_argument(
        "--widths",
        default=",".join(map(str, WIDTHS)),
        help="comma-separated viewport widths (default 1280,375)",
    )
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        parser.error("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    widths = [int(w) for w in args.widths.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="echo-screenshots-") as temp:
        output = Path(temp) / "site"
        build(BuildOptions(content_dir=args.content, output_dir=output, as_of=args.as_of))
        site, _ = load_site(args.content, LoadOptions())
        server, origin = serve(output, site.config.base_path)
        base = origin + site.config.base_path
        written = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, headless=True, args=CHROMIUM_ARGS
                )
                types = page_types(output)
                word = search_word(output)
                for width in widths:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, device_scale_factor=1
                    )
                    context.route(
                        lambda url: urlsplit(url).hostname != "127.0.0.1",
                        lambda route: route.abort(),
                    )
                    page = context.new_page()
                    for name, path in types:
                        query = f"?q={word}" if name == "search" else ""
                        page.goto(base + path.lstrip("/") + query, wait_until="load")
                        if name == "search":
                            page.locator("#search-results a").first.wait_for(timeout=10_000)
                        load_lazy_images(page)
                        file = args.out / f"{name}-{width}.png"
                        page.screenshot(path=str(file), full_page=True)
                        written.append(file)
                        if (
                            name.startswith("course-")
                            and width == widths[0]
                            and not any(f.name.startswith("course-print") for f in written)
                        ):
                            page.emulate_media(media="print")
                            file = args.out / f"course-print-{width}.png"
                            page.screenshot(path=str(file), full_page=True)
                            written.append(file)
                            page.emulate_media(media="screen")
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    for file in written:
        print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main())

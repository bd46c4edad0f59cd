"""Site paths: where each source is published, and links that work under any sub-path.

Inside the site every link is written relative to the page that carries it, so the same output
works at the domain root, under a sub-path such as /echo/, and in the local preview. Only
canonical addresses, feeds and sitemaps use the absolute `base_url`.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import SplitResult, quote, urlsplit

_URL_SAFE = "/:@!$&'()*+,;=-._~%#?"
SECTION_URLS = {"pages": "/", "courses": "/courses/", "recordings": "/recordings/"}


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def split_url(text: str) -> SplitResult | None:
    """Split an address into its parts; None for one no browser could follow (`https://[TBD]`)."""
    try:
        return urlsplit(text)
    except ValueError:
        return None


def url_scheme(text: str) -> str:
    """The scheme of an address (`https`, `mailto`), or "" for a path; never raises."""
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def page_url(kind_folder: str, slug: str) -> str:
    """Return the site path of a source file: pages/index.md is "/", courses/x.md "/courses/x/"."""
    if kind_folder == "pages":
        return "/" if slug == "index" else f"/{slug}/"
    return f"{SECTION_URLS[kind_folder]}{slug}/"


def content_path_to_url(content_path: str) -> str | None:
    """Map a path inside content/ ("courses/x.md", "files/a.pdf") to its site path."""
    parts = content_path.split("/")
    if parts[0] == "files":
        return "/" + quote(content_path)
    if len(parts) == 2 and parts[0] in SECTION_URLS and parts[1].endswith(".md"):
        return page_url(parts[0], parts[1][:-3])
    return None


def output_file(url: str) -> str:
    """Return the output file for a site path: "/courses/" is written as courses/index.html."""
    if "#" in url or "?" in url:
        url = url.split("#")[0].split("?")[0]
    path = url.lstrip("/")
    if not path or path[-1] == "/":
        return path + "index.html"
    return path


def relative_url(from_page: str, target: str) -> str:
    """Return `target` (a site path, maybe with a #fragment) as a link from page `from_page`."""
    if not target.startswith("/") or target.startswith("//"):
        return target
    path, mark, rest = _split_suffix(target)
    from_dir = from_page if from_page.endswith("/") else from_page[: from_page.rfind("/") + 1]
    here = from_dir.strip("/").split("/") if from_dir.strip("/") else []
    there = path.strip("/").split("/") if path.strip("/") else []
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:])
    if not relative:
        relative = "./"
    elif path.endswith("/"):
        relative += "/"
    return relative + mark + rest


def _split_suffix(target: str) -> tuple[str, str, str]:
    """Split "/a/b/?q#f" into ("/a/b/", "?", "q#f"): the path and what follows it."""
    for index, char in enumerate(target):
        if char in "?#":
            return target[:index], char, target[index + 1 :]
    return target, "", ""


def absolute_url(base_url: str, target: str) -> str:
    """Return a site path as a full address under `base_url`."""
    if urlsplit(target).scheme:
        return target
    return base_url.rstrip("/") + "/" + quote(target.lstrip("/"), safe=_URL_SAFE)


def base_path_url(base_path: str, target: str) -> str:
    """Return a site path under the site's base path, for pages served at any depth (404)."""
    if urlsplit(target).scheme or not target.startswith("/"):
        return target
    return base_path.rstrip("/") + target


def resolve_link(page: str, content_path: str, href: str) -> str | None:
    """Return the site path an internal Markdown link points at, or None for external links.

    Editors may write a site path (/courses/), a path relative to the page (../about/), a path
    to another source file (../courses/x.md) or a file (/files/a.pdf, files/a.pdf).
    """
    parts = split_url(href)
    if parts is None or parts.scheme or parts.netloc:
        return None
    path, fragment = parts.path, f"#{parts.fragment}" if parts.fragment else ""
    if not path:
        return page + fragment if fragment else None
    if path.startswith("/"):
        target = path
    elif path.endswith(".md"):
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(content_path), path))
        target = content_path_to_url(joined) or "/" + joined
    elif path.startswith("files/"):
        target = "/" + path
    else:
        from_dir = page if page.endswith("/") else posixpath.dirname(page) + "/"
        target = posixpath.normpath(posixpath.join(from_dir, path))
        if path.endswith("/") and not target.endswith("/"):
            target += "/"
    if target.startswith("//"):
        target = "/" + target.lstrip("/")
    return target + fragment


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """A name as an address: "Atención primaria" is atencion-primaria; 精神健康 stays 精神健康."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug and len(slug) * 2 >= len(re.sub(r"\W", "", text)):
        return slug
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-") or "item"

"""What code shapes a build's output: echo-site's own, its message catalogues and the libraries
it renders with.

Render keys and the build cache both include it, so new code never reuses old work.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import zoneinfo
from functools import lru_cache
from pathlib import Path

_LIBRARIES = (  # (module, distribution) of the libraries that shape the output
    ("jinja2", "jinja2"),
    ("markdown_it", "markdown-it-py"),
    ("mdit_py_plugins", "mdit-py-plugins"),
    ("icalendar", "icalendar"),
    ("pagefind", "pagefind"),
    ("pagefind_bin", "pagefind-bin"),
    ("yaml", "pyyaml"),
    ("markupsafe", "markupsafe"),
    ("tzdata", "tzdata"),
    ("babel", "babel"),
    ("PIL", "pillow"),
    ("segno", "segno"),
)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of echo-site's own code and the libraries that shape its output."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    # The message catalogues are the theme's words: a changed translation makes new pages.
    for catalogue in sorted(package.glob("locale/*/LC_MESSAGES/*.po")):
        digest.update(catalogue.relative_to(package).as_posix().encode())
        digest.update(catalogue.read_bytes())
    for module, distribution in _LIBRARIES:
        digest.update(f"{distribution}={_installed_version(module, distribution)}".encode())
    for folder in zoneinfo.TZPATH:  # the system's time zone rules, which zoneinfo reads first
        rules = Path(folder) / "tzdata.zi"
        if rules.is_file():
            info = rules.stat()
            digest.update(f"{rules}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _installed_version(module: str, distribution: str) -> str:
    """The version in the name of the library's .dist-info folder beside it.

    importlib.metadata would say the same, but takes fifty times as long to import and ask, and
    a build that changes nothing has half a second in all.
    """
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return "none"
    origin = Path(spec.origin)
    folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent
    prefix = distribution.replace("-", "_").lower() + "-"
    try:
        names = sorted(
            name
            for name in os.listdir(folder)  # noqa: PTH208 - names only, once per library
            if name.lower().startswith(prefix) and name.endswith(".dist-info")
        )
    except OSError:
        names = []
    if names:
        return ",".join(names)
    info = origin.stat()  # installed some other way: its code's size and time then
    return f"{origin}:{info.st_size}:{info.st_mtime_ns}"

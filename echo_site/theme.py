"""Where templates come from: a site's own folder first, then the default theme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _default_templates() -> Path:
    """The default theme: inside the package when installed from a wheel, else the checkout's.

    A wheel carries `templates/` as `echo_site/templates` (pyproject.toml maps it there). A
    checkout, and an editable install of it, has no such folder: the theme is `templates/` at the
    top of the repository, so an edit to it shows at once. The packaged folder is looked for
    first because beside an installed package (site-packages) a `templates` folder may belong to
    something else.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


DEFAULT_TEMPLATES = _default_templates()


@dataclass(frozen=True)
class Theme:
    """Template folders, searched in order: a site's own templates first, then the defaults."""

    dirs: tuple[Path, ...] = (DEFAULT_TEMPLATES,)

"""Where templates come from: a site's own folder first, then the default theme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Theme:
    """Template folders, searched in order: a site's own templates first, then the defaults."""

    dirs: tuple[Path, ...] = (DEFAULT_TEMPLATES,)

"""`build.py new`: a starter file with every field, explained, that builds as it is."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from . import schema
from .sources import suggest_slug

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FOLDERS = {"course": "courses", "recording": "recordings", "page": "pages"}
_SECTIONS = {"course": schema.COURSE, "recording": schema.RECORDING, "page": schema.PAGE}
_BODIES = {
    "course": "Describe the course: who it is for, what participants will learn (a list of "
    "objectives works well), and how sessions run.\n",
    "recording": "Summarize the session: the question it answered and the key points.\n",
    "page": "Write the page here. Use ## for headings, - for lists, and [words](/courses/) for "
    "links.\n",
}


def starter_text(kind: str, slug: str, today: dt.date) -> str:
    """The starter file: required fields filled in, optional ones commented out with their help."""
    title = " ".join("ECHO" if w == "echo" else w.capitalize() for w in slug.split("-"))
    if kind == "course" and not title.endswith("ECHO"):
        title += " ECHO"
    start = today + dt.timedelta(days=42)
    filled: dict[str, Any] = {
        "title": title,
        "summary": "One or two sentences for lists.",
        "date": today.isoformat(),
        "time": "12:00-13:00",
        "sessions": [{"date": start.isoformat(), "title": "First session"}],
    }
    lines = ["---"]
    for spec in _SECTIONS[kind].fields:
        lines.append(f"# {spec.help}" + (" Required." if spec.required else ""))
        if spec.name == "draft":
            lines.append("# Set to false, or remove the line, to publish.")
            lines.append("draft: true")
        elif spec.name in filled and (spec.required or spec.name == "time"):
            lines.extend(_yaml_lines(spec.name, filled[spec.name]))
        elif spec.kind == "section" and spec.section is not None:
            # A rule takes count or ends, not both: the starter shows count.
            example = {
                f.name: f.example
                for f in spec.section.fields
                if f.example is not None and f.name != "ends"
            }
            lines.extend("# " + line for line in _yaml_lines(spec.name, example))
        else:
            lines.extend("# " + line for line in _yaml_lines(spec.name, spec.example))
        lines.append("")
    lines[-1] = "---"
    lines.append("")
    lines.append(_BODIES[kind])
    return "\n".join(lines)


def _yaml_lines(name: str, value: Any) -> list[str]:
    """`name: value` as block YAML lines."""
    if isinstance(value, dict):
        return [f"{name}:", *(f"  {k}: {_scalar(v)}" for k, v in value.items())]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [f"{name}:"]
        for item in value:
            for index, (k, v) in enumerate(item.items()):
                lines.append(f"  {'- ' if index == 0 else '  '}{k}: {_scalar(v)}")
        return lines
    return [f"{name}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if (
        ": " in text
        or " #" in text
        or text[:1] in "[]{},&*!|>'\"%@`#-?"
        or re.match(r"^\d{1,2}:\d\d", text)
    ):
        return '"' + text.replace('"', '\\"') + '"'
    return text


def write_starter(content_dir: Path, kind: str, slug: str, today: dt.date | None = None) -> int:
    """Write content/<folder>/<slug>.md; refuse bad names and existing files."""
    if not _SLUG.match(slug):
        print(
            f"build.py new: error: {slug!r} cannot be used in a web address; try "
            f"{suggest_slug(slug)}",
            file=sys.stderr,
        )
        return 2
    if not content_dir.is_dir():
        print(
            f"build.py new: error: the content folder {content_dir} does not exist", file=sys.stderr
        )
        return 2
    path = content_dir / _FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        print(f"build.py new: error: {path} already exists; choose another name", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter_text(kind, slug, today or dt.date.today()), encoding="utf-8")
    print(f"Wrote {path}. It is a draft: preview it with python build.py serve --drafts.")
    return 0

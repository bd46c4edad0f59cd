"""Starter files: `new` writes one, `init` a whole hub, `theme` copies default templates.

Every starter file is written from `schema.py`: each field under its help, the ones in use
filled in and the others commented out with an example, so an editor can read what they may
write where they write it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import schema
from .schedule import WEEKDAYS
from .sources import suggest_slug
from .theme import DEFAULT_TEMPLATES

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
    values: dict[str, Any] = {
        "title": title,
        "summary": "One or two sentences for lists.",
        "date": today.isoformat(),
        "time": "12:00-13:00",
        "sessions": [{"date": start.isoformat(), "title": "First session"}],
    }
    section = _SECTIONS[kind]
    filled = {f.name: values[f.name] for f in section.fields if f.required or f.name == "time"} | {
        "draft": True
    }
    notes = {"draft": "Set to false, or remove the line, to publish."}
    return _document(_field_lines(section, filled, notes=notes), _BODIES[kind])


def _document(lines: list[str], body: str) -> str:
    """A Markdown file: front matter from `lines` (which end with a blank line), then `body`."""
    return "\n".join(["---", *lines[:-1], "---", "", body])


def _field_lines(
    section: schema.Section,
    filled: Mapping[str, Any],
    *,
    notes: Mapping[str, str] | None = None,
    indent: str = "",
) -> list[str]:
    """Each field of `section` under its help: `filled` ones as YAML, the others as comments."""
    lines = []
    for spec in section.fields:
        lines.append(f"{indent}# {spec.help}" + (" Required." if spec.required else ""))
        if notes and spec.name in notes:
            lines.append(f"{indent}# {notes[spec.name]}")
        if spec.name in filled:
            lines.extend(indent + line for line in _yaml_lines(spec.name, filled[spec.name]))
        else:
            lines.extend(f"{indent}# {line}" for line in _yaml_lines(spec.name, _example(spec)))
        lines.append("")
    return lines


def _example(spec: schema.Field) -> Any:
    if spec.name == "draft":
        return True  # the value worth knowing: false is what leaving the line out means
    if spec.kind == "section" and spec.section is not None:
        # A rule takes count or ends, not both: the starter shows count. A credit takes type
        # or types (the field its type is required `unless` given): the starter shows type.
        others = {"ends"} | {f.unless for f in spec.section.fields if f.unless}
        return {
            f.name: f.example
            for f in spec.section.fields
            if f.example is not None and f.name not in others
        }
    return spec.example


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


def write_starter(
    content_dir: Path,
    kind: str,
    slug: str,
    today: dt.date | None = None,
    *,
    prog: str = "echo-site new",
    run: str = "echo-site",
) -> int:
    """Write content/<folder>/<slug>.md; refuse bad names and existing files.

    `prog` names the command in error messages and `run` starts the program in hints, as the
    person typed them (`build.py new` and `python build.py`, or the installed `echo-site`).
    """
    if not _SLUG.match(slug):
        print(
            f"{prog}: error: {slug!r} cannot be used in a web address; try {suggest_slug(slug)}",
            file=sys.stderr,
        )
        return 2
    if not content_dir.is_dir():
        print(f"{prog}: error: the content folder {content_dir} does not exist", file=sys.stderr)
        return 2
    path = content_dir / _FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        print(f"{prog}: error: {path} already exists; choose another name", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter_text(kind, slug, today or dt.date.today()), encoding="utf-8")
    folder = "" if content_dir == Path("content") else f" --content {shlex.quote(str(content_dir))}"
    print(f"Wrote {path}. It is a draft: preview it with {run} serve --drafts{folder}.")
    return 0


# -- init: a new hub -------------------------------------------------------------------------

_COURSE = "opioid-use-disorder-echo"
_SESSION_TITLES = (
    "The landscape in our region",
    "Buprenorphine basics",
    "Starting buprenorphine in the fentanyl era",
    "Methadone, and when to refer",
    "Pregnancy and opioid use disorder",
    "Co-occurring mental health conditions",
    "Naloxone and harm reduction",
    "Keeping patients in care",
)


def hub_files(today: dt.date) -> dict[str, str]:
    """The files of a new hub by path: a small site that builds with --strict, dated from today.

    The course's first session was two weeks ago, so that its recording has happened; the
    other seven are still to come, every two weeks, and show as the hub's upcoming sessions.
    """
    first = today - dt.timedelta(days=14)
    site = {
        "title": "Project ECHO at Example Health",
        "base_url": "https://echo.example.org/",
        "timezone": "America/New_York",
        "contact_email": "echo@example.org",
        "organization": "Example Health",
        "nav": [
            {"title": "Courses", "url": "/courses/"},
            {"title": "Recordings", "url": "/enduring-materials/"},
            {"title": "Participate", "url": "/participate/"},
        ],
    }
    lead = {
        "name": "Jane Doe",
        "credentials": "MD, MPH",
        "role": "Addiction medicine, hub lead",
        "organization": "Example Health",
    }
    course = {
        "title": "Opioid Use Disorder ECHO",
        "summary": schema.COURSE.field("summary").example,
        "topics": ["Substance use", "Primary care"],
        "audience": ["Physicians", "Nurses", "Pharmacists"],
        "time": "12:00-13:00",
        "sessions": [
            {"title": _SESSION_TITLES[0], "presenters": ["jdoe"]},
            *({"title": title} for title in _SESSION_TITLES[1:]),
        ],
        "schedule": {
            "starts": first.isoformat(),
            "every": "2 weeks",
            "on": WEEKDAYS[first.weekday()],
            "count": len(_SESSION_TITLES),
        },
        "faculty": ["jdoe", "rroe"],
        "registration": {"url": f"https://forms.example.org/{_COURSE}"},
    }
    notes = {"sessions": "With a schedule, sessions take its dates in order: no date on each."}
    recording = {
        "title": _SESSION_TITLES[0],
        "date": first.isoformat(),
        "course": _COURSE,
        "presenters": ["jdoe"],
    }
    home = {"title": site["title"], "summary": _HOME_SUMMARY}
    participate = {
        "title": schema.PAGE.field("title").example,
        "summary": schema.PAGE.field("summary").example,
    }
    people = [
        "# Faculty and staff. The id (jdoe) is what courses and recordings name in faculty and",
        "# presenters. Lines starting with # are comments: remove the # to use a field.",
        "jdoe:",
        *_field_lines(schema.PERSON, lead, indent="  "),
        "rroe:",
        "  name: Richard Roe",
        "  credentials: PharmD",
        "  role: Clinical pharmacist",
        "",
    ]
    return {
        "README.md": _README,
        ".gitignore": _GITIGNORE,
        "content/site.yaml": "\n".join([_SITE_HEADER, *_field_lines(schema.SITE, site)]),
        "content/people.yaml": "\n".join(people),
        "content/pages/index.md": _document(_field_lines(schema.PAGE, home), _HOME_BODY),
        "content/pages/participate.md": _document(
            _field_lines(schema.PAGE, participate), _PARTICIPATE_BODY
        ),
        f"content/courses/{_COURSE}.md": _document(
            _field_lines(schema.COURSE, course, notes=notes), _COURSE_BODY
        ),
        "content/recordings/the-landscape-in-our-region.md": _document(
            _field_lines(schema.RECORDING, recording), _RECORDING_BODY
        ),
    }


def init_hub(folder: Path, today: dt.date, *, prog: str, run: str) -> int:
    """Write a new hub into `folder`, which must be new or empty: init never overwrites."""
    if folder.exists() and not folder.is_dir():
        print(f"{prog}: error: {folder} is a file; give a new or empty folder", file=sys.stderr)
        return 2
    if folder.is_dir() and any(folder.iterdir()):
        print(
            f"{prog}: error: {folder} is not empty; init starts a hub in a new or empty folder "
            "and never overwrites files",
            file=sys.stderr,
        )
        return 2
    files = hub_files(today)
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"Started a hub in {folder} ({len(files)} files). Preview it with:")
    print(f"  {run} serve --content {folder / 'content'} --output {folder / 'output'}")
    print(f"{folder / 'README.md'} says how to build it, publish it and change its templates.")
    return 0


# -- theme: copy default templates to change them --------------------------------------------


def theme_files() -> list[str]:
    """The default theme's files, as paths inside it (page.html, assets/style.css)."""
    return sorted(
        path.relative_to(DEFAULT_TEMPLATES).as_posix()
        for path in DEFAULT_TEMPLATES.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )


def copy_theme_files(names: Sequence[str], templates_dir: Path, *, prog: str, run: str) -> int:
    """List the default theme, or copy the named files into `templates_dir`, never over a file."""
    available = theme_files()
    if not names:
        print(f"The default theme is in {DEFAULT_TEMPLATES}:")
        for name in available:
            print(f"  {name}")
        print(
            f"To change a file, copy it into {templates_dir} and edit the copy there, "
            f"for example: {run} theme page.html"
        )
        return 0
    for name in names:
        if name not in available:
            close = difflib.get_close_matches(name, available, n=1)
            hint = f"did you mean {close[0]}?" if close else f"{run} theme lists them"
            print(f"{prog}: error: the theme has no file {name}; {hint}", file=sys.stderr)
            return 2
        if (templates_dir / name).exists():
            print(
                f"{prog}: error: {templates_dir / name} already exists; edit it there, or "
                "delete it to copy the default again",
                file=sys.stderr,
            )
            return 2
    for name in names:
        target = templates_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_TEMPLATES / name, target)
        print(f"Copied {name} to {target}: the build now uses your copy.")
    return 0


_SITE_HEADER = """\
# Site-wide settings. Lines starting with # are comments: remove the # in front of a setting to
# use it. Replace the example values (Example Health, echo@example.org) with your hub's.
"""

_HOME_SUMMARY = "Free, case-based learning over video for clinicians and community partners."

_HOME_BODY = """\
Welcome to Project ECHO at Example Health. Specialists and community clinicians meet over video
for a short talk and de-identified case discussions, so that people get expert-informed care
close to home.

- Browse the [current and upcoming courses](/courses/) and register for one that fits your work.
- Watch [recordings of past sessions](/enduring-materials/).
- Check [what you need to participate](/participate/).
"""

_PARTICIPATE_BODY = """\
## Equipment

A computer, tablet or phone with a camera, a microphone and an internet connection.

## Registering

Each course page has a Register button while registration is open. Sessions are free.
"""

_COURSE_BODY = """\
A cohort of primary care clinicians, nurses and pharmacists who learn together to treat opioid
use disorder. Each session opens with a short talk, followed by a de-identified case from a
participant.

By the end of the series, participants will be able to:

- start and continue buprenorphine in primary care;
- refer for methadone when it is the better choice;
- support patients through pregnancy and co-occurring conditions.
"""

_RECORDING_BODY = """\
How people with opioid use disorder are treated in our region today, where the gaps are, and
what this series will cover.
"""

_GITIGNORE = """\
# Written by echo-site: the built site, its build cache, and its working files.
/output/
/.echo-cache/
/.echo-site-staging-*/
/.*.echo-site-lock
"""

_README = """\
# Project ECHO hub website

This folder is a Project ECHO hub's website, built with echo-site. You write Markdown and YAML
in `content/`; echo-site turns them into a website in `output/` that any static web host can
serve.

- `content/site.yaml`: the site's name, address, time zone and menu.
- `content/people.yaml`: faculty and staff.
- `content/pages/`: program pages; `index.md` is the home page.
- `content/courses/` and `content/recordings/`: one file per course and per recording.
- `content/files/`: pictures, PDFs and other files that content names.
- `templates/` (only if you make one): your changes to how the pages look.

Every starter file explains its fields in comments (lines starting with `#`): remove the `#` in
front of a field to use it. Replace the examples (Example Health, Jane Doe, echo@example.org)
with your hub's own.

## Install echo-site

echo-site is a program you install once, for example with pipx, from an echo-site wheel or
from the echo-site repository (put its address in place of `<address>`):

```sh
pipx install path/to/echo_site-<version>-py3-none-any.whl
pipx install git+<address>
echo-site --help
```

## Preview while you edit

Run the commands in this folder:

```sh
echo-site serve            # http://localhost:8000/, reloads on every save
echo-site serve --drafts   # also shows files marked draft: true
```

## Build the website

```sh
echo-site --strict
```

This writes the whole site into `output/`. `--strict` stops at any warning (a broken link, a
picture without a description). Build with the address the site will live at, for example
`echo-site --strict --base-url https://echo.example.org/`, and copy `output/` to the web host.
Rebuild every day, so that courses, registration and credit follow the date.

`echo-site check --strict` builds into a temporary folder and checks every link and the HTML.
The HTML check needs html-validate (`npm install --global html-validate`); without it, add
`--no-html-validation`.

## Add a course, a recording or a page

```sh
echo-site new course my-new-echo
echo-site new recording my-recording
echo-site new page my-page
```

Each writes a starter file under `content/`, marked `draft: true` until you publish it.

## Change how the pages look

The pages' templates and style sheet come with echo-site. To change one, copy it into
`templates/` in this folder and edit the copy; the build then uses your copy instead:

```sh
echo-site theme                     # lists the theme's files and where they are installed
echo-site theme page.html           # copies it to templates/page.html
echo-site theme assets/style.css    # copies the style sheet to templates/assets/style.css
```

Copy only the files you change, so the others keep following echo-site's updates. Delete your
copy to go back to the default.
"""

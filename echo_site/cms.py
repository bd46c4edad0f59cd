"""Editing in the browser: Decap CMS's configuration, made from the schema and the site.

Nobody writes the CMS's `config.yml` by hand. Every field in `schema.py` has a form widget
chosen here from its kind (`WIDGETS`); required fields, defaults and help come from the schema;
suggestions (topics, audiences), people and courses come from the site as it was built. The
admin page and its configuration are outputs of the build like any other file (views.py).
"""

from __future__ import annotations

import json
import posixpath
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from markupsafe import Markup

from . import colors, formats, schema
from .model import DEFAULT_ACCENT, DEFAULT_PRIMARY, CmsSettings, Disclosure, Site

# The Decap CMS release the admin page loads, the same as package.json's (a test holds them
# together), and the digest of its script: a browser runs the script only when its bytes are
# exactly these, wherever it is loaded from.
DECAP_CMS_VERSION = "3.16.3"
DECAP_SERVER_VERSION = "3.11.3"
DECAP_CMS_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
DECAP_CMS_CDN = f"https://unpkg.com/decap-cms@{DECAP_CMS_VERSION}/dist/decap-cms.js"
# Where the preview serves Decap CMS from node_modules (serve --cms), under /admin/.
LOCAL_SCRIPT_FOLDER = f"decap-cms@{DECAP_CMS_VERSION}"

# Fields the form leaves to administrators: editing them in the browser could lock editors out
# or open the site to scripts. They stay in site.yaml as written (Decap keeps fields it has no
# widget for).
ADMIN_ONLY = {
    ("site.yaml", "cms"): "where the repository is and who may publish",
    ("site.yaml", "raw_html"): "raw HTML lets content carry scripts",
}
# Required by the build only in some cases, which it checks and explains itself.
OPTIONAL_IN_FORMS = {
    ("course", "sessions"): "a schedule rule may date the sessions instead",
    ("course credit", "type"): "several types may be listed under types instead",
    ("recording credit", "type"): "several types may be listed under types instead",
}
# Text fields that take a sentence or two, or lines of their own: a larger box.
LONG_TEXT = frozenset({"summary", "description", "address", "funding"})
# Optional groups that start open: the brand colours are two fields an office looks for.
OPEN_SECTIONS = frozenset({("site.yaml", "colors")})


@dataclass(frozen=True)
class LocalCms:
    """Editing on this computer (serve --cms): Decap's local server, no account."""

    proxy_url: str  # decap-server's API, such as http://127.0.0.1:8081/api/v1
    site_url: str  # the preview, such as http://localhost:8000/
    content_folder: str = "content"  # the content folder, inside the folder decap-server edits


@dataclass(frozen=True)
class Context:
    """What widgets need to know besides the schema: the site's values and folders."""

    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    timezones: tuple[str, ...]
    content: str  # the content folder's path in the repository


Widget = Callable[[schema.Field, str, Context], dict[str, Any]]


def _string(pattern: str, message: str) -> Widget:
    def widget(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
        return {"widget": "string", "pattern": [pattern, message]}

    return widget


def _text(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "text" if spec.name in LONG_TEXT else "string"}


def _markdown(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {
        "widget": "markdown",
        "buttons": ["bold", "italic", "link", "bulleted-list", "numbered-list"],
        "editor_components": [],
        "modes": ["rich_text", "raw"],
    }


_DATE = {
    "widget": "datetime",
    "format": "YYYY-MM-DD",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "picker_utc": True,
}


def _date(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return dict(_DATE)


def _date_list(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {
        "widget": "list",
        "label_singular": "date",
        "field": {"name": "date", "label": "Date", **_DATE},
    }


def _timezone(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "select", "options": list(context.timezones)}


def _bool(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "boolean"}


def _number(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "number", "value_type": "float", "min": 0, "max": 1000, "step": 0.25}


def _count(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "number", "value_type": "int", "min": 1, "max": 10000, "step": 1}


def _choice(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "select", "options": list(spec.choices)}


def _people(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    # people.yaml's list form (`people:` then `- id: ...`): Decap reaches into a file's list
    # with `*` in a path.
    return {
        "widget": "relation",
        "collection": "people",
        "file": "people",
        "value_field": "people.*.id",
        "search_fields": ["people.*.name", "people.*.id"],
        "display_fields": ["people.*.name"],
        "multiple": True,
        "options_length": 50,
    }


def _course(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {
        "widget": "relation",
        "collection": "courses",
        "value_field": "{{slug}}",
        "search_fields": ["title"],
        "display_fields": ["title"],
        "options_length": 50,
    }


def _text_list(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    known = {"topics": context.topics, "audience": context.audiences}.get(spec.name, ())
    return {
        "widget": "list",
        "label_singular": {"topics": "topic"}.get(spec.name, spec.name),
        "field": {
            "name": spec.name,
            "label": spec.name.capitalize(),
            "widget": "echo-suggest",
            "suggestions": list(known),
        },
    }


def _path_list(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {
        "widget": "list",
        "label_singular": "old address",
        "field": {
            "name": "address",
            "label": "Old address",
            "widget": "string",
            "pattern": ["^/\\S*$", "a path on this site, starting with /"],
        },
    }


_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg")


def _file(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    # Uploads go where the schema's example puts such files: files/flyers/, files/slides/, ...
    folder = posixpath.dirname(str(spec.example)) or "files"
    image = str(spec.example).lower().endswith(_IMAGE_SUFFIXES)
    return {
        "widget": "image" if image else "file",
        "media_folder": f"/{context.content}/{folder}",
        "public_folder": folder,
        "choose_url": False,
    }


def _section(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    assert spec.section is not None
    return {
        "widget": "object",
        "collapsed": not spec.required and (section, spec.name) not in OPEN_SECTIONS,
        "fields": form_fields(spec.section, context, optional=not spec.required),
    }


def _sections(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    assert spec.section is not None
    first, second = (spec.section.fields + spec.section.fields)[:2]
    return {
        "widget": "list",
        "label_singular": spec.section.name,
        "collapsed": False,
        "summary": f"{{{{fields.{first.name}}}}} {{{{fields.{second.name}}}}}",
        "fields": form_fields(spec.section, context, listed=True),
    }


def _text_map(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    return {"widget": "echo-text-map", "key_label": "Credit type", "value_label": "Statement"}


def _disclosures(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    # "none", or a list of company and relationship: templates/assets/admin/cms.js.
    return {"widget": "echo-disclosures", "none": "none"}


# The widget for every kind of field in the schema; a kind without one fails a test.
def _color(spec: schema.Field, section: str, context: Context) -> dict[str, Any]:
    # Decap's colour picker, with a box to type the value; the build checks its contrast.
    return {"widget": "color", "allowInput": True}


WIDGETS: dict[str, Widget] = {
    "text": _text,
    "markdown": _markdown,
    "link": _string(
        r"^(/|files/|[A-Za-z][A-Za-z0-9+.-]*:)\S*$",
        "a site path such as /courses/, a file under files/, or a full https:// address",
    ),
    "url": _string(r"^https?://\S+$", "a full address starting with https://"),
    "email": _string(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", "an email address"),
    "contact": _string(
        r"^([^@\s]+@[^@\s]+\.[A-Za-z]{2,}|https?://\S+)$", "an email or https:// address"
    ),
    "date": _date,
    "date_list": _date_list,
    "time_range": _string(
        r"^\d{1,2}:\d{2}\s*(-|–|—|to)\s*\d{1,2}:\d{2}$",
        "start-end on a 24-hour clock, such as 12:00-13:00",
    ),
    "timezone": _timezone,
    "bool": _bool,
    "number": _number,
    "count": _count,
    "choice": _choice,
    "people": _people,
    "course": _course,
    "text_list": _text_list,
    "path_list": _path_list,
    "file": _file,
    "video": _string(
        r"^(https?://\S+|/?files/\S+)$",
        "a YouTube or Vimeo address, or a video file under files/",
    ),
    "captions": _string(r"^(true|false|/?files/\S+\.vtt)$", "true, or a .vtt file under files/"),
    "section": _section,
    "sections": _sections,
    "text_map": _text_map,
    "disclosures": _disclosures,
    "language": _string(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "a language code such as en"),
    "repo": _string(r"^[\w.-]+(/[\w.-]+)+$", "OWNER/NAME"),
    "color": _color,
}


def form_field(
    spec: schema.Field,
    section: schema.Section,
    context: Context,
    *,
    listed: bool = False,
    optional: bool = False,
) -> dict[str, Any]:
    """One field of a form: its widget, whether it is required, its default and its help.

    Fields of list items (`listed`) get no default: Decap would start every new file with an
    item holding it (a session that is only `cancelled: false`); nor do the fields of a group
    that may be left out (`optional`), or every new file would have the group (a credit that
    is only `claim_days: 30`). In such a group no field is required by the form either, or
    Decap would refuse to save without the group; the build says what a group that is given
    lacks.
    """
    widget = WIDGETS[spec.kind](spec, section.name, context)
    required = spec.required and (section.name, spec.name) not in OPTIONAL_IN_FORMS
    hint = spec.help.replace(", in quotes", "")  # quoting is YAML's business, not the form's
    if required and optional:
        required = False
        hint += " Needed when this group is filled in."
    field: dict[str, Any] = {
        "name": spec.name,
        "label": spec.name.replace("_", " ").capitalize(),
        **widget,
        "required": required,
        "hint": hint,
    }
    if spec.default is not None and not listed and not optional:
        default = spec.default
        if widget["widget"] == "select":
            default = str(default)
        field["default"] = default
    return field


def form_fields(
    section: schema.Section, context: Context, *, listed: bool = False, optional: bool = False
) -> list[dict[str, Any]]:
    """The form of a section: every field but those left to administrators."""
    return [
        form_field(spec, section, context, listed=listed, optional=optional)
        for spec in section.fields
        if (section.name, spec.name) not in ADMIN_ONLY
    ]


def _context(site: Site, content: str) -> Context:
    topics = sorted({t for c in site.courses for t in c.topics}, key=str.casefold)
    audiences = sorted({a for c in site.courses for a in c.audience}, key=str.casefold)
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc/" not in z)
    return Context(tuple(topics), tuple(audiences), (*zones, "UTC"), content)


def _body(label: str, required: bool) -> dict[str, Any]:
    return {"name": "body", "label": label, "widget": "markdown", "required": required}


def cms_config(site: Site, local: LocalCms | None) -> dict[str, Any]:
    """Decap CMS's configuration for this site: every collection, every field."""
    settings: CmsSettings | None = site.config.cms
    if local is not None:
        content = local.content_folder
    else:
        content = settings.content_folder if settings else "content"
    context = _context(site, content)
    config: dict[str, Any] = {}
    if local is not None:
        config["backend"] = {"name": "proxy", "proxy_url": local.proxy_url, "branch": "main"}
        site_url = local.site_url
    else:
        assert settings is not None
        config["backend"] = _backend(settings)
        if settings.review:
            config["publish_mode"] = "editorial_workflow"
        site_url = site.config.base_url
    config.update(
        site_url=site_url,
        display_url=site_url,
        locale="en",
        media_folder=f"{content}/files",
        public_folder="files",
        slug={"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        collections=_collections(site, content, context),
    )
    return config


def _backend(settings: CmsSettings) -> dict[str, Any]:
    backend: dict[str, Any] = {
        "name": settings.backend,
        "repo": settings.repo,
        "branch": settings.branch,
    }
    for name in ("base_url", "auth_endpoint", "api_root", "app_id"):
        value = getattr(settings, name)
        if value:
            backend[name] = value
    if settings.backend == "gitlab" and settings.app_id:
        backend["auth_type"] = "pkce"
    if settings.backend == "github":
        backend["squash_merges"] = True
    return backend


def _collections(site: Site, content: str, context: Context) -> list[dict[str, Any]]:
    def folder(
        name: str, label: str, singular: str, section: schema.Section, body: str, preview: str
    ) -> dict[str, Any]:
        return {
            "name": name,
            "label": label,
            "label_singular": singular,
            "folder": f"{content}/{name}",
            "extension": "md",
            "format": "echo-frontmatter",  # templates/assets/admin/cms.js: one-field edits
            "create": True,
            "slug": "{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}}",
            "preview_path": preview,
            "sortable_fields": ["title"],
            "fields": [*form_fields(section, context), _body(body, False)],
        }

    person = {
        "name": "id",
        "label": "Id",
        "widget": "string",
        "pattern": ["^\\S+$", "one word without spaces, such as jdoe"],
        "required": True,
        "hint": "What courses and recordings name this person by: one word, never changed "
        "once used.",
    }
    return [
        folder(
            "courses", "Courses", "Course", schema.COURSE, "About this course", "courses/{{slug}}/"
        ),
        folder(
            "recordings",
            "Recordings",
            "Recording",
            schema.RECORDING,
            "Summary",
            "recordings/{{slug}}/",
        ),
        folder("pages", "Pages", "Page", schema.PAGE, "Text", "{{slug}}/"),
        {
            "name": "people",
            "label": "People",
            "format": "echo-yaml",  # a file collection's format is the collection's
            "files": [
                {
                    "name": "people",
                    "label": "Faculty and staff",
                    "file": f"{content}/people.yaml",
                    "fields": [
                        {
                            "name": "people",
                            "label": "People",
                            "label_singular": "person",
                            "widget": "list",
                            "collapsed": True,
                            "summary": "{{fields.name}} ({{fields.id}})",
                            "fields": [person, *form_fields(schema.PERSON, context)],
                        }
                    ],
                }
            ],
        },
        {
            "name": "settings",
            "label": "Site settings",
            "format": "echo-yaml",
            "files": [
                {
                    "name": "site",
                    "label": "Site settings",
                    "file": f"{content}/site.yaml",
                    "fields": form_fields(schema.SITE, context),
                }
            ],
        },
    ]


# -- the config as a view's value, and as a file ------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """A mapping inside a view: views hold no dicts, only tuples and frozen dataclasses."""

    items: tuple[tuple[str, Any], ...]


def freeze(value: Any) -> Any:
    """Dicts and lists as `Mapping`s and tuples, for a view."""
    if isinstance(value, dict):
        return Mapping(tuple((key, freeze(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """The dicts and lists a frozen value was made from."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


def config_yaml(config: Any) -> bytes:
    """The config file: YAML, in the order it was made, one line a value."""
    head = "# Made by echo-site from its schema and this site's content: do not edit.\n"
    text = yaml.safe_dump(
        thaw(config), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return (head + text).encode()


def preview_data(site: Site) -> Markup:
    """What the admin page's previews show besides the entry: the site around it (header,
    brand colours), people with their disclosures, titles, the credit statements, how to claim
    credit, and each course's recordings.

    JSON, safe inside a <script> element.
    """
    config = site.config
    zones = {config.timezone} | {course.timezone for course in site.courses}
    recordings: dict[str, list[dict[str, Any]]] = {}
    for recording in site.recordings:  # oldest first, as the course page lists them
        if recording.course and site.course(recording.course):
            credit = recording.credit
            recordings.setdefault(recording.course, []).append(
                {
                    "title": recording.title,
                    "url": recording.url,
                    "date": recording.date.isoformat(),
                    "duration_minutes": recording.duration_minutes,
                    "credit": {
                        "released": credit.released.isoformat(),
                        "expires": credit.expires.isoformat(),
                        "lines": [{"type": c.type, "hours": c.hours} for c in credit.lines],
                    }
                    if credit
                    else None,
                }
            )
    data = {
        "people": {
            person_id: {
                "name": person.display_name,
                "plain_name": person.name,  # as the build's messages name them
                "role": person.role,
                "organization": person.organization,
                "photo": person.photo,
                "photo_alt": person.photo_alt,
                "disclosure": _disclosure(person.disclosure),
            }
            for person_id, person in sorted(site.people.items())
        },
        "courses": {course.slug: course.title for course in site.courses},
        "recordings": recordings,
        "statements": dict(config.credit_statements),
        "joint_accreditation_statement": config.joint_accreditation_statement,
        "mitigation_statement": config.mitigation_statement,
        "commercial_support_statement": config.commercial_support_statement,
        "claiming_credit": {
            "instructions": config.claiming_credit.instructions,
            "url": config.claiming_credit.url,
        }
        if config.claiming_credit
        else None,
        "timezone": config.timezone,
        "zone_names": {zone: formats.friendly_zone(zone) for zone in sorted(zones)},
        "clock": config.clock,
        "contact": config.contact_email,
        "title": config.title,
        "description": config.description,
        "organization": config.organization,
        "organization_url": config.organization_url,
        "logo": config.logo,
        "logo_alt": config.logo_alt,
        "nav": [{"title": link.title, "url": link.url} for link in config.nav],
        "proposal_url": config.proposal_url,
        "donate_url": config.donate_url,
        "brand": colors.brand_properties(config.primary_color, config.accent_color),
        "default_colors": {"primary": DEFAULT_PRIMARY, "accent": DEFAULT_ACCENT},
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _disclosure(disclosure: Disclosure | None) -> dict[str, Any] | None:
    """A disclosure as the previews read one: each relationship as [company, nature]."""
    if disclosure is None:
        return None
    return {
        "relationships": [[r.company, r.relationship] for r in disclosure.relationships],
        "date": disclosure.date.isoformat(),
    }

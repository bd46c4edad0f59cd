"""Check and convert what editors wrote, field by field, into typed values with clear problems.

`FieldReader` walks a YAML document through a `schema.Section`: it reports unknown fields with a
"did you mean", missing and empty required fields, wrong types and malformed values, each at the
line where the editor wrote it, and returns the values converted (dates, times, paths, ids).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zoneinfo
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import SplitResult, parse_qs

from .colors import parse_hex
from .errors import Problem, did_you_mean, suggestion
from .languages import catalogue_for, catalogue_languages
from .model import Reference, Source, Video
from .safety import is_safe_link, meeting_link_in, redact_meeting_links
from .schema import Field, Section
from .urls import split_url, url_scheme
from .yamlsafe import YamlDocument, YamlPath

_NO_PARTS = SplitResult("", "", "", "", "")
# Dates outside these years are typing mistakes, and calendars cannot hold some of them.
FIRST_YEAR, LAST_YEAR = 1900, 2199
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}):(\d{2})$")
_CLOCK_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_TRUE_WORDS = {"true", "yes", "on", "y"}
_FALSE_WORDS = {"false", "no", "off", "n"}
_US_ZONES = {
    "eastern": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "central": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mountain": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "pacific": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
}
_KIND_WORDS = {
    "text": "text",
    "markdown": "text",
    "link": "a link",
    "url": "a web address",
    "email": "an email address",
    "contact": "an email or web address",
    "date": "a date",
    "date_list": "a list of dates",
    "time_range": "a time range",
    "timezone": "a time zone",
    "bool": "true or false",
    "number": "a number",
    "count": "a whole number",
    "choice": "one of the choices",
    "people": "a list of people ids",
    "course": "a course slug",
    "text_list": "a list",
    "path_list": "a list of addresses",
    "file": "a file path",
    "video": "a video address",
    "captions": "true or a .vtt file",
    "section": "a group of fields",
    "sections": "a list",
    "text_map": "a group of fields",
    "language": "a language code",
    "color": 'a colour such as "#00693e"',
    "repo": "a repository name",
    "disclosures": "none, or a list of company and relationship",
}
# What `disclosures:` says when there is nothing to disclose.
NO_DISCLOSURES = "none"


@lru_cache(maxsize=1)
def _all_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass
class Values:
    """The converted values of one section, and where the section was written.

    A field the editor left out (or that failed to convert) reads as None; a name the section
    does not have raises `KeyError`, so a typo in the code cannot pass for an empty field.
    """

    section: Section
    path: YamlPath
    data: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        self.section.field(name)
        return self.data.get(name)

    def __contains__(self, name: str) -> bool:
        """Tell whether the field has a value."""
        self.section.field(name)
        return self.data.get(name) is not None


class FieldReader:
    """Read one document's values through schema sections, collecting problems as it goes."""

    def __init__(
        self,
        doc: YamlDocument,
        display_path: str,
        problems: list[Problem],
        noun: str,
    ) -> None:
        self.doc = doc
        self.display_path = display_path
        self.problems = problems
        self.noun = noun
        # People, courses and files the document names; checked once everything is loaded.
        self.references: list[Reference] = []

    # -- where things are ------------------------------------------------------------------

    def source(self, path: YamlPath = (), *, key: bool = False) -> Source:
        position = self.doc.where(path, key=key)
        return Source(self.display_path, position.line, position.column)

    def problem(
        self, path: YamlPath, message: str, hint: str, *, key: bool = False, severity: str = "error"
    ) -> None:
        where = self.source(path, key=key)
        self.problems.append(
            Problem(where.path, where.line, where.column, message, hint, severity)  # type: ignore[arg-type]
        )

    # -- sections --------------------------------------------------------------------------

    def section(
        self, section: Section, value: Any, path: YamlPath = (), noun: str | None = None
    ) -> Values | None:
        """Check a mapping against `section` and return its converted values."""
        noun = noun or self.noun
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.problem(
                path,
                f"this should be fields (name: value) of {_article(noun)}",
                f"write one field per line, such as {section.fields[0].name}: "
                f"{_yaml_example(section.fields[0].example)}",
            )
            return None
        values = Values(section, path)
        for key in value:
            if key not in section.names:
                close = did_you_mean(key, section.names)
                hint = (
                    f"did you mean '{close}'?"
                    if close
                    else f"remove it; {_article(noun)} can have: {', '.join(section.names)}"
                )
                self.problem(
                    (*path, key), f"'{key}' is not a field of {_article(noun)}", hint, key=True
                )
        for spec in section.fields:
            raw = value.get(spec.name)
            field_path = (*path, spec.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                comment = self._comment_after(field_path) if spec.name in value else None
                if comment is not None:
                    self.problem(
                        field_path,
                        f"'{spec.name}' is empty: YAML reads what follows # as a comment",
                        f'put the value in quotes: {spec.name}: "{comment}"',
                    )
                elif spec.required and not (spec.unless and value.get(spec.unless) is not None):
                    self._missing(spec, noun, path, present=spec.name in value)
                continue
            values.data[spec.name] = self.convert(spec, raw, field_path, noun)
        return values

    def _comment_after(self, path: YamlPath) -> str | None:
        """The text after `key: #` on the key's line, when a value was lost to a comment."""
        where = self.doc.where(path, key=True)
        row = where.line - self.doc.first_line
        if not 0 <= row < len(self.doc.lines):
            return None
        line = self.doc.lines[row][where.column - 1 :]
        _, colon, rest = line.partition(":")
        if colon and rest[:1] in (" ", "\t") and rest.strip().startswith("#"):
            return rest.strip()
        return None

    def _missing(self, spec: Field, noun: str, path: YamlPath, *, present: bool) -> None:
        example = f"{spec.name}: {_yaml_example(spec.example)}"
        if present:
            self.problem(
                (*path, spec.name),
                f"'{spec.name}' is empty",
                f"write the {spec.name} after the colon, for example {example}",
            )
        else:
            self.problem(
                path, f"{_article(noun)} needs '{spec.name}'", f"add a line such as {example}"
            )

    # -- values ----------------------------------------------------------------------------

    def convert(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> Any:
        """Return `raw` converted to what `spec.kind` means, or None after reporting why not."""
        method = getattr(self, f"_read_{spec.kind}")
        return method(spec, raw, path, noun)

    def _wrong_type(self, spec: Field, path: YamlPath) -> None:
        want = _KIND_WORDS.get(spec.kind, spec.kind)
        self.problem(
            path,
            f"'{spec.name}' should be {want}",
            f"write it like this: {spec.name}: {_yaml_example(spec.example)}",
        )

    def _scalar_text(self, raw: Any, path: YamlPath) -> str | None:
        if isinstance(raw, (dict, list)):
            return None
        if isinstance(raw, str):
            return raw
        return self.doc.raw_text.get(path, str(raw))

    def _read_text(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._scalar_text(raw, path)
        if text is None:
            self._wrong_type(spec, path)
            return None
        if self._check_meeting_link(text, path):
            text = redact_meeting_links(text)
        return text.strip()

    _read_markdown = _read_text

    def _read_language(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is not None and not _LANGUAGE.match(text):
            self.problem(
                path, f"{text!r} is not a language code", "use a code such as en, es or fr-CA"
            )
            return None
        if text is not None and catalogue_for(text) is None:
            self.problem(
                path,
                f"echo-site has no translation into {text!r} yet: buttons, labels and dates "
                "are shown in English",
                "write one of: " + ", ".join(catalogue_languages()) + " (or a regional code "
                "such as es-MX), or add a catalogue for it (README.md, Languages)",
                severity="warning",
            )
        return text

    def _read_repo(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        # Editors copy the address from the browser: take OWNER/NAME out of it.
        name = re.sub(r"^(?:https?://[^/]+/|git@[^:]+:)", "", text).removesuffix(".git").strip("/")
        if not _REPO.match(name) or ".." in name:
            self.problem(
                path,
                f"{text!r} is not a repository name",
                f"write it as OWNER/NAME, like {spec.name}: {_yaml_example(spec.example)}",
            )
            return None
        return name

    def _read_choice(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._scalar_text(raw, path)
        if text is None:
            self._wrong_type(spec, path)
            return None
        text = text.strip().lower()
        if text not in spec.choices:
            self.problem(
                path,
                f"{text!r} is not a choice for '{spec.name}'",
                suggestion(text, spec.choices, "write one of: " + ", ".join(spec.choices)),
            )
            return None
        return text

    def _read_bool(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower() if not isinstance(raw, (dict, list)) else ""
        if text in _TRUE_WORDS:
            return True
        if text in _FALSE_WORDS:
            return False
        self.problem(
            path,
            f"'{spec.name}' should be true or false",
            f"write {spec.name}: true or {spec.name}: false",
        )
        return None

    def _read_number(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> float | None:
        number = _as_number(raw)
        if number is None or number < 0 or number > 1000:
            self.problem(
                path,
                f"'{spec.name}' should be a number such as 1 or 1.5",
                f"write {spec.name}: {_yaml_example(spec.example)}",
            )
            return None
        return number

    def _read_count(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> int | None:
        number = _as_number(raw)
        if number is None or number != int(number) or not 1 <= number <= 10000:
            self.problem(
                path,
                f"'{spec.name}' should be a whole number of at least 1",
                f"write {spec.name}: {_yaml_example(spec.example)}",
            )
            return None
        return int(number)

    def _read_date(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> dt.date | None:
        text = self._scalar_text(raw, path)
        if text is None:
            self._wrong_type(spec, path)
            return None
        return self.parse_date(text, path, spec.name)

    def parse_date(self, text: str, path: YamlPath, name: str) -> dt.date | None:
        text = text.strip()
        if _DATE.match(text):
            year = int(text[:4])
            if not FIRST_YEAR <= year <= LAST_YEAR:
                if year == 0:
                    self.problem(
                        path,
                        f"{text} is not a real date (there is no year 0)",
                        "check the year; dates are written YYYY-MM-DD",
                    )
                else:
                    when = "past" if year < FIRST_YEAR else "future"
                    self.problem(
                        path,
                        f"{text} is too far in the {when}",
                        "check the year; dates are written YYYY-MM-DD",
                    )
                return None
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                year, month, _ = (int(part) for part in text.split("-"))
                if not 1 <= month <= 12:
                    reason = f"there is no month {month}"
                else:
                    last = _days_in_month(year, month)
                    reason = f"{dt.date(year, month, 1):%B %Y} has {last} days"
                self.problem(
                    path,
                    f"{text} is not a real date ({reason})",
                    "check the day and month; dates are written YYYY-MM-DD",
                )
                return None
        guess = _guess_date(text)
        hint = (
            f"write it as {name}: {guess.isoformat()}"
            if guess
            else f"write dates as YYYY-MM-DD, for example {name}: 2026-01-14"
        )
        self.problem(path, f"{text!r} is not a date in the form YYYY-MM-DD", hint)
        return None

    def _read_date_list(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> tuple[dt.date, ...] | None:
        items = raw if isinstance(raw, list) else [raw]
        dates = []
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(raw, list) else path
            text = self._scalar_text(item, item_path)
            if text is None:
                self._wrong_type(spec, item_path)
                continue
            date = self.parse_date(text, item_path, spec.name)
            if date:
                dates.append(date)
        return tuple(dates)

    def _read_time_range(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> tuple[dt.time, dt.time] | None:
        text = self._scalar_text(raw, path)
        if text is None:
            self._wrong_type(spec, path)
            return None
        text = text.strip()
        example = f'{spec.name}: "12:00-13:00"'
        if isinstance(raw, int) and path in self.doc.unquoted:
            self.problem(
                path,
                f"'{spec.name}' reads as the number {raw}",
                f"write the time in quotes with a start and an end, like {example}",
            )
            return None
        if _CLOCK_TIME.match(text):
            begins = text.zfill(5)
            ends = f"{(int(begins[:2]) + 1) % 24:02d}{begins[2:]}"
            quoted = (
                ""
                if path not in self.doc.unquoted
                else (" (without quotes, some YAML tools read 12:30 as the number 750)")
            )
            self.problem(
                path,
                f"'{spec.name}' gives only a start time{quoted}",
                f'write it in quotes with an end time, like {spec.name}: "{begins}-{ends}"',
            )
            return None
        match = _TIME_RANGE.match(text)
        if not match:
            self.problem(
                path,
                f"{text!r} is not a time range",
                f"write it in quotes as start-end on a 24-hour clock, like {example}",
            )
            return None
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            self.problem(
                path,
                f"{text!r} is not a real time",
                "hours go from 00 to 23 and minutes from 00 to 59; 1 pm is 13:00",
            )
            return None
        start, end = dt.time(h1, m1), dt.time(h2, m2)
        if end <= start:
            self.problem(
                path,
                f"the session would end ({end:%H:%M}) before it starts ({start:%H:%M})",
                f"use the 24-hour clock, like {example} for noon to 1 pm",
            )
            return None
        return start, end

    def _read_timezone(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._scalar_text(raw, path)
        if text is None:
            self._wrong_type(spec, path)
            return None
        text = text.strip()
        known = _all_timezones()
        if text in known and ("/" in text or text == "UTC"):
            return text
        lowered = text.lower().replace(" time", "").replace(" ", "")
        guess = _US_ZONES.get(lowered) or did_you_mean(text, known, cutoff=0.7)
        hint = (
            f"did you mean {spec.name}: {guess}?"
            if guess
            else f"use an IANA time zone name such as {spec.name}: America/New_York"
        )
        if text in known:
            self.problem(
                path, f"{text} does not follow daylight saving time the way a region does", hint
            )
        else:
            self.problem(path, f"{text!r} is not a known time zone", hint)
        return None

    def _read_color(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        color = parse_hex(text)
        if color is None:
            self.problem(
                path,
                f"{text!r} is not a colour the site can use",
                f"write it as # and six hexadecimal digits, in quotes, like "
                f'{spec.name}: "{spec.example}"',
            )
        return color

    def _read_email(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        text = text.removeprefix("mailto:")
        if not _EMAIL.match(text):
            self.problem(
                path,
                f"{text!r} is not an email address",
                f"write it like {spec.name}: echo@example.org",
            )
            return None
        return text

    def _read_url(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None or _redacted(text):
            return None
        if not is_safe_link(text):
            self.problem(
                path,
                f"'{spec.name}' uses a kind of link web pages must not carry",
                "use a web address that starts with https://",
            )
            return None
        parts = split_url(text) or _NO_PARTS
        if parts.scheme not in ("http", "https") or not parts.netloc:
            hint = (
                f"write the full address: {spec.name}: https://{text}"
                if "." in text and not parts.scheme
                else f"write a full address such as {spec.name}: {_yaml_example(spec.example)}"
            )
            self.problem(path, f"{text!r} is not a full web address", hint)
            return None
        return text

    def _read_contact(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        if _EMAIL.match(text.removeprefix("mailto:")):
            return text.removeprefix("mailto:")
        return self._read_url(spec, text, path, noun)

    def _read_link(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        """A link in a menu or resource list: a site path, a file, or a full address."""
        text = self._read_text(spec, raw, path, noun)
        if text is None or _redacted(text):
            return None
        if not is_safe_link(text):
            self.problem(
                path,
                f"'{spec.name}' uses a kind of link web pages must not carry",
                "use a web address that starts with https://, or a path such as /courses/",
            )
            return None
        parts = split_url(text)
        if parts is None:
            self.problem(
                path,
                f"{text!r} is not a full web address",
                "write it like https://example.org/page",
            )
            return None
        if parts.scheme in ("http", "https"):
            if not parts.netloc:
                self.problem(
                    path,
                    f"{text!r} is not a full web address",
                    "write it like https://example.org/page",
                )
                return None
            return text
        if parts.scheme:
            return text
        if text.startswith("files/") or text.startswith("/files/"):
            file = self._read_file(spec, text, path, noun)
            return "/" + file if file else None
        if not text.startswith("/"):
            self.problem(
                path,
                f"{text!r} is not a site path or a full web address",
                f"start site paths with /, like /{text.lstrip('./')}, or write a full "
                "https:// address",
            )
            return None
        return text

    def _read_path_list(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> tuple[str, ...] | None:
        items = self._read_text_list(spec, raw, path, noun) or ()
        paths = []
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(raw, list) else path
            cleaned = posixpath.normpath("/" + item.strip().lstrip("/"))
            parts = split_url(item)
            if parts is None or parts.scheme or parts.netloc or ".." in item.split("/"):
                self.problem(
                    item_path,
                    f"{item!r} is not an address on this site",
                    "write the old address as a path, like /courses/old-name/",
                )
                continue
            if item.endswith("/") and cleaned != "/":
                cleaned += "/"
            paths.append(cleaned)
        return tuple(paths)

    def _read_text_list(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> tuple[str, ...] | None:
        items = raw if isinstance(raw, list) else [raw]
        texts = []
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(raw, list) else path
            text = self._scalar_text(item, item_path)
            if text is None:
                self.problem(
                    item_path,
                    f"each item of '{spec.name}' should be plain text",
                    f"write it like {spec.name}: {_yaml_example(spec.example)}",
                )
                continue
            if text.strip():
                texts.append(text.strip())
        return tuple(texts)

    def _read_people(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> tuple[str, ...] | None:
        ids = self._read_text_list(spec, raw, path, noun) or ()
        for index, person in enumerate(ids):
            item_path = (*path, index) if isinstance(raw, list) else path
            self.references.append(Reference("person", person, person, self.source(item_path)))
        return ids

    def _read_course(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        slug = text.removeprefix("/courses/").removeprefix("courses/").removesuffix("/")
        slug = slug.removesuffix(".md")
        self.references.append(Reference("course", slug, text, self.source(path)))
        return slug

    def _read_file(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> str | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        if url_scheme(text) in ("http", "https"):
            self.problem(
                path,
                f"'{spec.name}' should be a file under files/, not a web address",
                f"save the file in content/files/ and write {spec.name}: "
                f"{_yaml_example(spec.example)}",
            )
            return None
        cleaned = text.strip().lstrip("/").removeprefix("content/")
        normalized = posixpath.normpath(cleaned)
        if (
            normalized.startswith("..")
            or posixpath.isabs(text.removeprefix("/files/"))
            or not normalized.startswith("files/")
            or "\\" in text
        ):
            self.problem(
                path,
                f"{text!r} is outside content/files/",
                "put the file in content/files/ and write its path from there, like "
                f"{_yaml_example(spec.example)}",
            )
            return None
        self.references.append(Reference("file", normalized, text, self.source(path)))
        return normalized

    def _read_video(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> Video | None:
        text = self._read_text(spec, raw, path, noun)
        if text is None:
            return None
        video = parse_video_url(text)
        if video:
            return video
        if url_scheme(text) in ("http", "https"):
            self.problem(
                path,
                f"{text!r} is not a YouTube or Vimeo video address",
                "copy the address from the video's page, like "
                "https://www.youtube.com/watch?v=XXXXXXXXXXX, or put the file under files/",
            )
            return None
        file = self._read_file(spec, text, path, noun)
        return Video("file", file, file) if file else None

    def _read_captions(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> bool | str | None:
        if isinstance(raw, bool) or str(raw).strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
            return self._read_bool(spec, raw, path, noun)
        file = self._read_file(spec, raw, path, noun)
        if file and not file.lower().endswith(".vtt"):
            self.problem(
                path,
                "captions should be a WebVTT file (.vtt)",
                "export the captions as .vtt, or write captions: true when the video "
                "host captions the video",
            )
            return None
        return file

    def _read_section(self, spec: Field, raw: Any, path: YamlPath, noun: str) -> Values | None:
        assert spec.section is not None
        return self.section(spec.section, raw, path, spec.section.name)

    def _read_sections(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> list[Values] | None:
        assert spec.section is not None
        if not isinstance(raw, list):
            first = _yaml_example(spec.example[0] if spec.example else "...")
            self.problem(
                path,
                f"'{spec.name}' should be a list, each item starting with '- '",
                f"write {spec.name}: on its own line, then each item on a line starting with "
                f"'  - ', like:  - {first}",
            )
            return None
        items = []
        for index, item in enumerate(raw):
            values = self.section(spec.section, item, (*path, index), spec.section.name)
            if values is not None:
                items.append(values)
        return items

    def _read_disclosures(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> tuple[tuple[str, str], ...] | None:
        """`none` (an empty tuple), or each relationship as (company, relationship)."""
        assert spec.section is not None
        hint = (
            f"write {spec.name}: {NO_DISCLOSURES} when there are no relevant financial "
            "relationships, or list each one on a line such as "
            "- {company: Northfield Pharmaceuticals, relationship: advisory board}"
        )
        if not isinstance(raw, (dict, list)):
            text = self._scalar_text(raw, path)
            if text is not None and text.strip().lower() == NO_DISCLOSURES:
                return ()
            self.problem(path, f"'{spec.name}' should be {NO_DISCLOSURES} or a list", hint)
            return None
        if not raw:
            self.problem(path, f"the list of {spec.name} is empty", hint)
            return None
        items = raw if isinstance(raw, list) else [raw]  # one relationship, written as fields
        found = []
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(raw, list) else path
            values = self.section(spec.section, item, item_path, spec.section.name)
            if values is not None and values["company"] and values["relationship"]:
                found.append((values["company"], values["relationship"]))
        return tuple(found) if len(found) == len(items) else None

    def _read_text_map(
        self, spec: Field, raw: Any, path: YamlPath, noun: str
    ) -> dict[str, str] | None:
        if not isinstance(raw, dict):
            self._wrong_type(spec, path)
            return None
        result = {}
        for key, value in raw.items():
            text = self._scalar_text(value, (*path, key))
            if text is None or not text.strip():
                self.problem(
                    (*path, key),
                    f"the statement for '{key}' should be text",
                    "write the statement in quotes after the credit type and a colon",
                )
                continue
            result[key] = text.strip()
        return result

    def _check_meeting_link(self, text: str, path: YamlPath) -> bool:
        """Warn about a private meeting link or passcode; the caller leaves it out."""
        link = meeting_link_in(text)
        if link:
            self.problem(
                path,
                f"this looks like a private meeting link or passcode ({link}); it was left out "
                "of the site",
                "meeting links are sent privately after registration; remove it here",
                severity="warning",
            )
        return bool(link)


def parse_video_url(url: str) -> Video | None:
    """Recognize a YouTube or Vimeo address and return the video's id."""
    parts = split_url(url.strip())
    if parts is None:
        return None
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "live", "shorts", "v"):
            video_id = segments[1]
        if video_id and _YOUTUBE_ID.match(video_id):
            return Video("youtube", video_id, f"https://www.youtube.com/watch?v={video_id}")
    elif host == "youtu.be" and segments and _YOUTUBE_ID.match(segments[0]):
        return Video("youtube", segments[0], f"https://www.youtube.com/watch?v={segments[0]}")
    elif host in ("vimeo.com", "player.vimeo.com"):
        numeric = [s for s in segments if s.isdigit()]
        if numeric:
            # Unlisted Vimeo videos carry a privacy hash after the id; keep it so embeds play.
            after = segments[segments.index(numeric[0]) + 1 :] if numeric else []
            hash_part = after[0] if after and re.match(r"^[0-9a-f]{6,}$", after[0]) else None
            hash_part = hash_part or parse_qs(parts.query).get("h", [None])[0]
            video_id = f"{numeric[0]}?h={hash_part}" if hash_part else numeric[0]
            return Video("vimeo", video_id, url.strip())
    return None


def _redacted(text: str) -> bool:
    """Tell whether a private meeting link or passcode was taken out of `text`."""
    return "sent privately after registration)" in text


def _as_number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    try:
        return float(str(raw).strip())
    except ValueError:
        return None


def _days_in_month(year: int, month: int) -> int:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - dt.timedelta(days=1)).day


def _guess_date(text: str) -> dt.date | None:
    for pattern in ("%m/%d/%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%d %B %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _article(noun: str) -> str:
    if noun.endswith(".yaml"):
        return noun
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _yaml_example(example: Any) -> str:
    if isinstance(example, bool):
        return "true" if example else "false"
    if isinstance(example, list):
        return "[" + ", ".join(_yaml_example(item) for item in example) + "]"
    if isinstance(example, dict):
        return "{" + ", ".join(f"{k}: {_yaml_example(v)}" for k, v in example.items()) + "}"
    if isinstance(example, str) and (":" in example or "#" in example):
        return f'"{example}"'
    return str(example)

"""Render keys, computed in one place from what an output is made of.

An output is made by a template (or a maker function) from one frozen view and, for pages, the
site settings. Its key is a digest of exactly those: the view's contents, the settings, the
template with everything it extends, includes or imports, and the code. Nothing is listed by
hand, so a page cannot show anything its key does not cover: equal keys, equal bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from operator import attrgetter
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup


def fingerprint(value: object, memo: dict[int, bytes] | None = None) -> bytes:
    """A digest of a plain value: frozen dataclasses, tuples, strings, numbers, dates, bytes.

    Anything else (a dict, a list, a function, an object that looks things up) is refused:
    views hold plain values, so that their digest says everything they can show. A record read
    from a source file carries `digest`, the digest of everything it was read from, and counts
    by that. `memo` keeps the digests of dataclasses already seen (by identity) within a build.
    """
    digest = hashlib.sha256()
    _Walker(digest.update, {} if memo is None else memo).walk(value)
    return digest.digest()


class _Walker:
    def __init__(self, write: Callable[[bytes], None], memo: dict[int, bytes]) -> None:
        self.write = write
        self.memo = memo

    def walk(self, value: object) -> None:
        write = self.write
        kind = type(value)
        if kind is str:
            data = value.encode()  # type: ignore[attr-defined]
            write(b"s%d:" % len(data))
            write(data)
        elif kind is tuple:
            write(b"(")
            for item in value:  # type: ignore[attr-defined]
                self.walk(item)
            write(b")")
        elif value is None:
            write(b"N")
        elif kind is bool:
            write(b"T" if value else b"F")
        elif kind is int:
            write(b"i%d;" % value)  # type: ignore[str-format]
        elif kind is float:
            write(b"f" + repr(value).encode() + b";")
        elif kind is Markup:
            data = str(value).encode()
            write(b"m%d:" % len(data))
            write(data)
        elif kind is dt.date:
            write(b"d" + value.isoformat().encode())  # type: ignore[attr-defined]
        elif kind is dt.datetime:
            moment: dt.datetime = value  # type: ignore[assignment]
            write(b"t" + moment.isoformat().encode() + b"@" + _zone_name(moment).encode())
        elif kind is dt.time:
            write(b"h" + value.isoformat().encode())  # type: ignore[attr-defined]
        elif kind is bytes:
            write(b"b%d:" % len(value))  # type: ignore[arg-type]
            write(value)  # type: ignore[arg-type]
        elif is_dataclass(value) and not isinstance(value, type):
            self.dataclass(value)
        else:
            raise TypeError(
                f"a view may hold only plain values, not {kind.__name__}: {value!r:.80}"
            )

    def dataclass(self, value: Any) -> None:
        key = id(value)
        known = self.memo.get(key)
        if known is None:
            kind = type(value)
            digest = hashlib.sha256(_class_tag(kind))
            made_from = value.digest if getattr(kind, "identified_by_digest", False) else None
            if made_from:
                # A record is a function of what it was read from, which `digest` names.
                digest.update(b"R" + made_from.encode())
            else:
                _Walker(digest.update, self.memo).walk(_field_values(kind)(value))
            known = self.memo[key] = digest.digest()
        self.write(b"D" + known)


def _zone_name(moment: dt.datetime) -> str:
    zone = moment.tzinfo
    return str(getattr(zone, "key", None) or moment.tzname() or "")


# Per class, computed once: its name and a quick getter of its fields' values.
_TAGS: dict[type, bytes] = {}
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _class_tag(kind: type) -> bytes:
    tag = _TAGS.get(kind)
    if tag is None:
        tag = _TAGS[kind] = f"{kind.__module__}.{kind.__qualname__}".encode()
    return tag


def _field_values(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    getter = _GETTERS.get(kind)
    if getter is None:
        names = [f.name for f in fields(kind)]
        single = attrgetter(*names) if names else (lambda _: ())
        getter = single if len(names) != 1 else (lambda obj: (single(obj),))
        _GETTERS[kind] = getter
    return getter


def template_digest(env: jinja2.Environment, name: str, cache: dict[str, str]) -> str:
    """A digest of a template and every template it extends, includes or imports."""
    if name in cache:
        return cache[name]
    seen: dict[str, str] = {}
    pending = [name]
    dynamic = False
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        assert env.loader is not None
        source, filename, _ = env.loader.get_source(env, current)
        seen[current] = f"{filename}\0{source}"
        for found in jinja2.meta.find_referenced_templates(env.parse(source, current, filename)):
            if found is None:
                dynamic = True
            else:
                pending.append(found)
    if dynamic:  # a template chosen at render time: every template counts
        for other in env.list_templates():
            if other not in seen:
                assert env.loader is not None
                source, filename, _ = env.loader.get_source(env, other)
                seen[other] = f"{filename}\0{source}"
    digest = hashlib.sha256()
    for template, text in sorted(seen.items()):
        digest.update(f"{template}\0{text}\0".encode())
    cache[name] = digest.hexdigest()
    return cache[name]


def combine(parts: Iterable[bytes | str]) -> str:
    """One key from several digests and names."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()

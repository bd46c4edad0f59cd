"""Render keys, computed in one place from what an output is made of.

An output is made by a template (or a maker function) from one frozen view and, for pages, the
site settings. Its key is a digest of exactly those: the view's contents, the settings, the
template with everything it extends, includes or imports, and the code. Nothing is listed by
hand, so a page cannot show anything its key does not cover: equal keys, equal bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

import jinja2
from markupsafe import Markup


def fingerprint(value: object, memo: dict[int, bytes] | None = None) -> bytes:
    """A digest of a plain value: frozen dataclasses, tuples, strings, numbers, dates, bytes.

    Anything else (a dict, a list, a function, an object that looks things up) is refused:
    views hold plain values, so that their digest says everything they can show. A record read
    from a source file carries `digest`, the digest of everything it was read from, and counts
    by that. `memo` keeps the digests of dataclasses already seen (by identity) within a build.
    """
    out: list[bytes] = []
    _encode(value, out, {} if memo is None else memo)
    return hashlib.sha256(b"".join(out)).digest()


def _encode(value: object, out: list[bytes], memo: dict[int, bytes]) -> None:
    """Append an unambiguous encoding of `value` to `out` (tagged, lengths before text)."""
    kind = type(value)
    if kind is str:
        data = value.encode()  # type: ignore[attr-defined]
        out.append(b"s%d:%s" % (len(data), data))
    elif kind is tuple:
        out.append(b"(")
        for item in value:  # type: ignore[attr-defined]
            _encode(item, out, memo)
        out.append(b")")
    elif value is None:
        out.append(b"N")
    else:
        scalar = _SCALARS.get(kind)
        if scalar is not None:
            out.append(scalar(value))
            return
        known = memo.get(id(value))
        if known is None:
            known = _dataclass(value, memo)
        out.append(known)


def _dataclass(value: Any, memo: dict[int, bytes]) -> bytes:
    """A dataclass's encoding: its class, and its fields' values or, for a record read from a
    source, the digest of what it was read from (a record is a function of its inputs)."""
    kind = type(value)
    tag = _TAGS.get(kind)
    if tag is None:
        if not (is_dataclass(value) and not isinstance(value, type)):
            raise TypeError(
                f"a view may hold only plain values, not {kind.__name__}: {value!r:.80}"
            )
        tag = _TAGS[kind] = f"{kind.__module__}.{kind.__qualname__}".encode()
    made_from = value.digest if getattr(kind, "identified_by_digest", False) else None
    if made_from:
        body = b"R" + made_from.encode()
    else:
        inner: list[bytes] = []
        for item in _field_values(kind)(value):
            _encode(item, inner, memo)
        body = b"".join(inner)
    encoded = memo[id(value)] = b"D" + tag + hashlib.sha256(body).digest()
    return encoded


def _datetime(moment: dt.datetime) -> bytes:
    return b"t" + moment.isoformat().encode() + b"@" + _zone_name(moment).encode()


def _markup(text: Markup) -> bytes:
    data = str(text).encode()
    return b"m%d:%s" % (len(data), data)


_SCALARS: dict[type, Callable[[Any], bytes]] = {
    bool: lambda v: b"T" if v else b"F",
    int: lambda v: b"i%d;" % v,
    float: lambda v: b"f" + repr(v).encode() + b";",
    Markup: _markup,
    dt.date: lambda v: b"d" + v.isoformat().encode(),
    dt.datetime: _datetime,
    dt.time: lambda v: b"h" + v.isoformat().encode(),
    bytes: lambda v: b"b%d:%s" % (len(v), v),
}


def _zone_name(moment: dt.datetime) -> str:
    zone = moment.tzinfo
    return str(getattr(zone, "key", None) or moment.tzname() or "")


# Per class, computed once: its name and a quick getter of its fields' values.
_TAGS: dict[type, bytes] = {}
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


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
    assert env.loader is not None
    seen: dict[str, str] = {}
    pending = [name]
    dynamic = False
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound:
            if current == name:
                raise
            seen[current] = "missing"  # an include that may be missing: its arrival counts
            continue
        seen[current] = f"{filename}\0{source}"
        names = referenced_templates(source)
        if names is None:
            dynamic = True
        else:
            pending.extend(names)
    if dynamic:  # a template named at render time: every template counts
        for other in env.list_templates():
            if other not in seen:
                source, filename, _ = env.loader.get_source(env, other)
                seen[other] = f"{filename}\0{source}"
    digest = hashlib.sha256()
    for template, text in sorted(seen.items()):
        digest.update(f"{template}\0{text}\0".encode())
    cache[name] = digest.hexdigest()
    return cache[name]


# The tags through which a Jinja template loads another, and a name written as a plain string.
_LOADS = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\s+(.*?)[-+]?%\}", re.S)
_NAMED = re.compile(r"""^(?:"([^"\\{}]*)"|'([^'\\{}]*)')(?:\s|$)""")


@lru_cache(maxsize=256)
def referenced_templates(source: str) -> tuple[str, ...] | None:
    """The templates a template's text names in extends, include, import and from tags; None
    when one is named by an expression (a variable, a list), known only at render time.

    Read from the text, not Jinja's parse (a tenth of the time, which every build pays for
    every template): any tag it cannot read as a plain name counts as "any template", and a
    tag inside a comment only adds a template to the key, so the answer errs on the safe side.
    """
    found = []
    for argument in _LOADS.findall(source):
        named = _NAMED.match(argument.strip())
        if named is None:
            return None
        found.append(named.group(1) if named.group(1) is not None else named.group(2))
    return tuple(found)


def combine(parts: Iterable[bytes | str]) -> str:
    """One key from several digests and names."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()

"""What planning reads of the site, noted as it happens, so that an edit plans again only the
outputs that read what it changed.

The planner makes the site's outputs in units (planner.py): the own page of each page, course
and recording, the calendars of each course, the home page, the lists, the enduring materials,
the credit page, the feed, the site's calendar; what is left (the sitemap, redirects, theme
files) it makes every time. While a unit is planned, every attribute it reads of a record,
person or picture is noted, as a `Read`: (kind, name, attribute), and every one its views hold
whole counts as read whole (`WHOLE`). A unit's views are a function of what it read and of the
build's settings, so when none of that changed since the last build, its outputs' keys are the
last build's and it is not planned again. Nothing is listed by hand: a field the planner starts
reading tomorrow is noted tomorrow.

What changed is found by comparing the site with the last one: records by the digest of their
source (a record is a function of what it was read from) and, for the records read again, field
by field against what they were; people and pictures by their values. The site's settings, and
who is in each of its collections in what order, are compared whole: when they changed,
everything is planned again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import sys
import typing
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from .keys import fingerprint
from .model import Course, ImageInfo, Page, Person, Recording, Site, SiteConfig
from .views import NOT_PLANNED, Output

Read = tuple[str, str, str]  # kind ("recording", "person", ...), which one, the attribute read
WHOLE = "*"  # the attribute of a read that took the whole object (a view holds it)

# What notes its reads, and what names one of it. The site itself and its settings do not: a
# build whose settings changed, or whose site gained or lost a record, person or picture (or
# reordered them), plans everything again (SiteState.shape).
_KINDS: dict[type, tuple[str, str]] = {
    Course: ("course", "slug"),
    Recording: ("recording", "slug"),
    Page: ("page", "slug"),
    Person: ("person", "id"),
    ImageInfo: ("image", "path"),
}
_get = object.__getattribute__

# The reads of the unit being planned: by object id, the object and the attributes read of it;
# None when no unit is being planned.
_noted: dict[int, tuple[Any, set[str]]] | None = None


def _noting(self: Any, name: str) -> Any:
    value = _get(self, name)
    if _noted is not None and name[0] != "_":  # not Python's own (__class__, __dict__)
        found = _noted.get(id(self))
        if found is None:
            _noted[id(self)] = (self, {name})
        else:
            found[1].add(name)
    return value


@contextmanager
def noting_reads() -> Iterator[None]:
    """Let the site's objects note their reads while the block runs (only then: it costs)."""
    global _depth
    if _depth == 0:
        for kind in _KINDS:
            kind.__getattribute__ = _noting  # type: ignore[method-assign,assignment]
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            for kind in _KINDS:
                del kind.__getattribute__


_depth = 0  # how many blocks are noting reads (the outermost installs and removes the hook)


class Reads:
    """The reads of a unit, as they were noted: by object id, the object and what was read."""

    def __init__(self) -> None:
        self.noted: dict[int, tuple[Any, set[str]]] = {}
        self.whole: dict[int, Any] = {}  # objects read whole, by id
        self.pieces: set[str] = set()

    def share(self, piece: str) -> None:
        """The unit shows a piece another unit made: what making it read counts here too."""
        self.pieces.add(piece)

    def held(self, objects: Iterable[Any]) -> None:
        """Objects the unit's views hold whole: any change to one counts."""
        self.whole.update((id(obj), obj) for obj in objects)

    def attributes(self) -> Iterator[tuple[type, str]]:
        """What attributes were read, of what kind of object."""
        return ((type(obj), name) for obj, names in self.noted.values() for name in names)

    def hashes(self) -> list[int]:
        """The reads as the next build checks them: a read of a whole object stands for the
        others of it (any change to it changes the whole)."""
        whole = self.whole
        found = {read_hash((*identity(obj), WHOLE)) for obj in whole.values()}
        for key, (obj, attributes) in self.noted.items():
            if key not in whole:
                kind, name = identity(obj)
                found.update(read_hash((kind, name, attribute)) for attribute in attributes)
        found.update(read_hash(_piece(piece)) for piece in self.pieces)
        return list(found)


def _piece(name: str) -> Read:
    return ("piece", name, "")


def read_hash(read: Read) -> int:
    """A read as 32 bits (a checksum, quick to take). Two reads with one hash only plan a
    unit more than it needs: a unit is never kept when something it read changed."""
    return zlib.crc32("\0".join(read).encode())


@contextmanager
def reads_of() -> Iterator[Reads]:
    """Note the reads made in the block (a nested block's count for the outer one too)."""
    global _noted
    outer = _noted
    found = Reads()
    _noted = found.noted
    try:
        yield found
    finally:
        _noted = outer
        if outer is not None:
            for key, (obj, attributes) in found.noted.items():
                known = outer.get(key)
                if known is None:
                    outer[key] = (obj, set(attributes))
                else:
                    known[1].update(attributes)


def identity(obj: Any) -> tuple[str, str]:
    kind, attribute = _KINDS[type(obj)]
    return kind, _get(obj, attribute)


def held_whole(views: Iterable[object]) -> Iterator[Any]:
    """The records, people and pictures the views hold whole.

    Only the fields whose declared type may hold one are looked into (their types are checked
    by mypy): most of a view is text, links and dates."""
    pending = list(views)
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind is tuple:
            pending.extend(value)  # type: ignore[arg-type]
        elif kind in _KINDS:
            yield value
        elif value is not None:
            getter = _HOLDING.get(kind)
            if getter is None:
                getter = _HOLDING[kind] = _holding_fields(kind)
            pending.extend(getter(value))


def _holding_fields(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    """A getter of the fields of `kind` that may hold a record, a person or a picture."""
    if not is_dataclass(kind):
        return lambda _: ()  # text, a number, a date: nothing inside
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError, AttributeError):  # a type named only for type checkers: all
        hints = {}
    names = [f.name for f in fields(kind) if _may_hold(hints.get(f.name, Any), set())]
    if not names:
        return lambda _: ()
    getter = attrgetter(*names)
    return getter if len(names) > 1 else lambda value: (getter(value),)


_HOLDING: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
_PLAIN = (str, int, float, bool, bytes, type(None), dt.date, dt.datetime, dt.time, Markup)


def _may_hold(hint: Any, seen: set[type]) -> bool:
    if hint in _KINDS:
        return True
    if hint in _PLAIN:
        return False
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return False
    if origin is not None:  # a union, an optional, a tuple
        return any(_may_hold(arg, seen) for arg in typing.get_args(hint) if arg is not Ellipsis)
    if isinstance(hint, type) and is_dataclass(hint):
        if hint in seen:
            return False  # its fields are being looked at already
        seen.add(hint)
        try:
            hints = typing.get_type_hints(hint)
        except (NameError, TypeError, AttributeError):
            return True
        return any(_may_hold(hints.get(f.name, Any), seen) for f in fields(hint))
    return True  # anything else (Any, a mapping, an alias): it may


# -- what changed since the last build ----------------------------------------------------------


@dataclass(frozen=True)
class SiteState:
    """The site as the next build compares it."""

    records: dict[tuple[str, str], str]  # (kind, slug) -> the record's digest
    people: dict[str, bytes]  # id -> fingerprint
    images: dict[str, bytes]  # path -> fingerprint
    config: bytes
    shape: str  # who is in each of the site's collections, in order, and its other fields

    def __getstate__(self) -> dict[str, Any]:
        # Kept compact: 10,000 records as two strings load in a moment, not 20,000 objects.
        state = dict(self.__dict__)
        records = state.pop("records")
        state["record_kinds"] = _joined(kind for kind, _ in records)
        state["record_names"] = _joined(name for _, name in records)
        state["record_digests"] = _joined(records.values())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        keys = zip(
            _split(state.pop("record_kinds")), _split(state.pop("record_names")), strict=True
        )
        state["records"] = dict(zip(keys, _split(state.pop("record_digests")), strict=True))
        object.__setattr__(self, "__dict__", state)


def site_state(site: Site) -> SiteState:
    shape = [(f.name, _members(getattr(site, f.name))) for f in fields(site)]
    return SiteState(
        {identity(item): item.digest for item in site.published},
        {key: fingerprint(person) for key, person in site.people.items()},
        {key: fingerprint(info) for key, info in site.images.items()},
        fingerprint(site.config),
        hashlib.sha256(repr(shape).encode()).hexdigest(),
    )


def _members(value: Any) -> Any:
    """A site's field as its shape: its members by name, in order (their contents aside)."""
    if type(value) in _KINDS:
        return identity(value)
    if isinstance(value, SiteConfig):
        return "config"  # compared by value apart
    if isinstance(value, dict):
        return [(key, _members(item)) for key, item in value.items()]
    if isinstance(value, tuple | list):
        return [_members(item) for item in value]
    return repr(value)


def changed_reads(
    before: SiteState,
    now: SiteState,
    site: Site,
    replaced: Callable[[], Iterable[object]],
    attributes: Mapping[str, frozenset[str]],
) -> set[Read] | None:
    """The reads whose value changed since `before`, of the `attributes` read of each kind;
    None when the site's settings did or most records changed (planning it all is as quick)."""
    if now.config != before.config or now.shape != before.shape:
        return None
    records = now.records.keys() | before.records.keys()
    changed = {key for key in records if now.records.get(key) != before.records.get(key)}
    if len(changed) > max(16, len(now.records) // 8):
        return None
    found: set[Read] = set()

    def whole(kind: str, name: str) -> None:
        found.update((kind, name, attribute) for attribute in attributes.get(kind, ()))
        found.add((kind, name, WHOLE))

    if changed:
        old = {identity(item): item for item in replaced() if type(item) in _KINDS}
        named = ((identity(item), item) for item in site.published)
        current = {key: item for key, item in named if key in changed}
        for kind, name in changed:
            was, is_now = old.get((kind, name)), current.get((kind, name))
            found.add((kind, name, WHOLE))
            if was is None or is_now is None:
                whole(kind, name)
                continue
            for attribute in attributes.get(kind, ()):
                if _value(was, attribute) != _value(is_now, attribute):
                    found.add((kind, name, attribute))
    for kind, then, current_values in (
        ("person", before.people, now.people),
        ("image", before.images, now.images),
    ):
        for key in then.keys() | current_values.keys():
            if then.get(key) != current_values.get(key):
                whole(kind, key)
    return found


def _value(record: object, name: str) -> bytes:
    value = getattr(record, name)
    return b"" if callable(value) else fingerprint(value)


# -- the plan a build leaves for the next ---------------------------------------------------------


@dataclass(frozen=True)
class PlanMemory:
    """The units of a build's plan, what each read, and what its site was: in flat arrays, so
    that the next build loads it at once and reads only what an edit touched.

    Unit `i` read the hashes `needs[needs_at[i]:needs_at[i + 1]]`, made the outputs
    `outputs[outputs_at[i]:...]` (without views) and showed the pictures, cards and codes
    `made[made_at[i]:...]`."""

    settings: bytes  # everything planning reads besides the site
    start: frozenset[int]  # read before any unit was planned: what every unit depends on
    units: tuple[str, ...]
    needs: array[int]
    needs_at: array[int]
    outputs: tuple[tuple[str, str, str | None, bool, str], ...]  # path, maker, url, ...
    outputs_at: array[int]
    made: tuple[str, ...]
    made_at: array[int]
    made_outputs: dict[str, str]  # path -> maker
    pieces: dict[str, array[int]]  # what making each shared piece read
    site: SiteState
    attributes: dict[str, frozenset[str]]  # kind -> every attribute read of objects of it

    def __getstate__(self) -> dict[str, Any]:
        # Kept compact (see SiteState): names and outputs as a few long strings.
        state = dict(self.__dict__)
        state["units"] = _joined(self.units)
        state["made"] = _joined(self.made)
        rows = self.outputs
        state["outputs"] = (
            _joined(row[0] for row in rows),
            _joined(row[1] for row in rows),
            _joined(_NO_URL if row[2] is None else row[2] for row in rows),
            bytes(row[3] for row in rows),
            _joined(row[4] for row in rows),
        )
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["units"] = tuple(_split(state["units"]))
        state["made"] = tuple(_split(state["made"]))
        paths, makers, urls, searchable, groups = state["outputs"]
        state["outputs"] = tuple(
            zip(
                _split(paths),
                _split(makers),
                [None if url == _NO_URL else url for url in _split(urls)],
                [bool(flag) for flag in searchable],
                _split(groups),
                strict=True,
            )
        )
        object.__setattr__(self, "__dict__", state)

    def still_planned(
        self, settings: bytes, now: SiteState, site: Site, replaced: Callable[[], Iterable[object]]
    ) -> KeptUnits | None:
        """The units whose reads did not change; None when everything must be planned."""
        if settings != self.settings:
            return None
        found = changed_reads(self.site, now, site, replaced, self.attributes)
        if found is None:
            return None
        changed = {read_hash(read) for read in found}
        for name, hashes in self.pieces.items():
            if not changed.isdisjoint(hashes):
                changed.add(read_hash(_piece(name)))
        if not changed.isdisjoint(self.start):
            return None
        # Where each changed read's hash is among the units' needs: found in their bytes.
        touched: set[int] = set()
        raw, size = self.needs.tobytes(), self.needs.itemsize
        for value in changed:
            wanted = value.to_bytes(size, sys.byteorder)
            at = raw.find(wanted)
            while at >= 0:
                if at % size == 0:
                    touched.add(bisect.bisect_right(self.needs_at, at // size) - 1)
                at = raw.find(wanted, at + 1)
        return KeptUnits(self, {n: i for i, n in enumerate(self.units) if i not in touched})


class KeptUnits:
    """The last build's units still as they were: their outputs, their reads, their pictures."""

    def __init__(self, memory: PlanMemory, index: dict[str, int]) -> None:
        self.memory = memory
        self.index = index

    def get(self, name: str) -> int | None:
        return self.index.get(name)

    def outputs(self, unit: int) -> list[Output]:
        memory = self.memory
        rows = memory.outputs[memory.outputs_at[unit] : memory.outputs_at[unit + 1]]
        return [Output(p, m, NOT_PLANNED, u, s, g) for p, m, u, s, g in rows]

    def made(self, unit: int) -> dict[str, Output]:
        memory = self.memory
        paths = memory.made[memory.made_at[unit] : memory.made_at[unit + 1]]
        return {path: Output(path, memory.made_outputs[path], NOT_PLANNED) for path in paths}

    def needs(self, unit: int) -> array[int]:
        return self.memory.needs[self.memory.needs_at[unit] : self.memory.needs_at[unit + 1]]


class PlanRecorder:
    """The units of this build's plan, as they are planned or kept, for the next build."""

    def __init__(self) -> None:
        self.units: list[str] = []
        self.needs = array(_HASH)
        self.needs_at = array("I", [0])
        self.outputs: list[tuple[str, str, str | None, bool, str]] = []
        self.outputs_at = array("I", [0])
        self.made: list[str] = []
        self.made_at = array("I", [0])
        self.pieces: dict[str, array[int]] = {}
        self.attributes: set[tuple[type, str]] = set()  # read by the units planned now
        self._run: list[Any] = []  # kept units not copied yet: memory, first, end

    def planned_unit(
        self, name: str, reads: Reads, outputs: Iterable[Output], made: Iterable[str]
    ) -> None:
        self.attributes.update(reads.attributes())
        self._flush()
        self._add(
            name,
            reads.hashes(),
            [(o.path, o.maker, o.url, o.searchable, o.group) for o in outputs],
            sorted(set(made)),
        )

    def kept_unit(self, name: str, kept: KeptUnits, unit: int) -> None:
        """A unit of the last build kept as it was (copied with its neighbours, in one go)."""
        if self._run and (self._run[0] is not kept.memory or self._run[2] != unit):
            self._flush()
        if not self._run:
            self._run = [kept.memory, unit, unit]
        self._run[2] = unit + 1

    def _flush(self) -> None:
        if not self._run:
            return
        memory, first, end = self._run
        self._run = []
        self.units.extend(memory.units[first:end])
        for column, offsets, values, starts in (
            (self.needs, self.needs_at, memory.needs, memory.needs_at),
            (self.outputs, self.outputs_at, memory.outputs, memory.outputs_at),
            (self.made, self.made_at, memory.made, memory.made_at),
        ):
            base, shift = starts[first], len(column) - starts[first]
            column.extend(values[base : starts[end]])
            offsets.extend(at + shift for at in starts[first + 1 : end + 1])

    def piece(self, name: str, reads: Reads) -> None:
        """What making a piece units share read (Reads.share)."""
        self.attributes.update(reads.attributes())
        self.pieces[name] = array(_HASH, reads.hashes())

    def _add(
        self,
        name: str,
        needs: Iterable[int],
        outputs: Iterable[tuple[str, str, str | None, bool, str]],
        made: Iterable[str],
    ) -> None:
        self.units.append(name)
        self.needs.extend(needs)
        self.needs_at.append(len(self.needs))
        self.outputs.extend(outputs)
        self.outputs_at.append(len(self.outputs))
        self.made.extend(made)
        self.made_at.append(len(self.made))

    def memory(
        self,
        settings: bytes,
        now: SiteState,
        start: Reads | None,
        made: dict[str, str],
        before: PlanMemory | None,
    ) -> PlanMemory:
        """What this plan leaves for the next build: `before` is the last one, when units
        were kept from it (what they read is known from it); `start` None: `before`'s."""
        self._flush()
        known = before.attributes if before else {}
        by_kind = {kind: set(names) for kind, names in known.items()}
        read = self.attributes | (set(start.attributes()) if start else set())
        for kind, attribute in read:
            by_kind.setdefault(_KINDS[kind][0], set()).add(attribute)
        pieces = {**(before.pieces if before else {}), **self.pieces}
        return PlanMemory(
            settings,
            frozenset(start.hashes()) if start else before.start if before else frozenset(),
            tuple(self.units),
            self.needs,
            self.needs_at,
            tuple(self.outputs),
            self.outputs_at,
            tuple(self.made),
            self.made_at,
            made,
            pieces,
            now,
            {kind: frozenset(names) for kind, names in sorted(by_kind.items())},
        )


_HASH = "I"  # an array of read hashes: 32 bits
_NO_URL = "\x01"  # an output that is not a page (no address holds this character)


def _joined(values: Iterable[str]) -> str:
    return "\0".join(values)


def _split(text: str) -> list[str]:
    return text.split("\0") if text else []

"""The search index's filters, written in one order: the same pages always make the same bytes.

Pagefind keeps a filter's values in a hash map seeded afresh in every run, so a bundle with
filters (`data-pagefind-filter`) lists them in a different order each time, and the names of the
files that list them (content hashes) change with it. Everything else in a bundle is already
the same from run to run. `canonical_filters` decodes the filter files and the metadata file
that names them, sorts their values, and writes them again under names made from their new
bytes; the metadata's new name goes into pagefind-entry.json. Pagefind reads these files by the
names the metadata gives and checks nothing else about them.

The files are gzip-compressed, signed "pagefind_dcd", CBOR: only arrays, text, byte strings and
unsigned integers, which is all this module reads and writes.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
from typing import Any

_SIGNATURE = b"pagefind_dcd"
_FILTER = re.compile(r"^filter/(?P<language>[^_/]+)_(?P<hash>[0-9a-f]+)\.pf_filter$")
_META = re.compile(r"^pagefind\.(?P<language>[^_/]+)_(?P<hash>[0-9a-f]+)\.pf_meta$")
_ENTRY = "pagefind-entry.json"
_FILTERS_IN_META = 3  # the metadata's list of (filter name, file hash)


def canonical_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    """A bundle's files (paths inside the bundle) with its filters in a stable order; a bundle
    without filters is returned as it is."""
    filters = {path: match for path in files if (match := _FILTER.match(path))}
    if not filters:
        return files
    result = {path: data for path, data in files.items() if path not in filters}
    renamed: dict[str, str] = {}
    for path, match in filters.items():
        name, values = _read(files[path])
        data = _write([name, sorted(values, key=lambda pair: pair[0])])
        digest = hashlib.sha256(data).hexdigest()[:7]
        renamed[f"{match['language']}_{match['hash']}"] = f"{match['language']}_{digest}"
        result[f"filter/{match['language']}_{digest}.pf_filter"] = data
    for path in [p for p in result if _META.match(p)]:
        match = _META.match(path)
        assert match is not None
        meta = _read(result.pop(path))
        meta[_FILTERS_IN_META] = sorted(
            ([name, renamed.get(chunk, chunk)] for name, chunk in meta[_FILTERS_IN_META]),
            key=lambda pair: pair[0],
        )
        data = _write(meta)
        old = f"{match['language']}_{match['hash']}"
        new = f"{match['language']}_{hashlib.sha256(data).hexdigest()[:10]}"
        result[f"pagefind.{new}.pf_meta"] = data
        if _ENTRY in result:
            result[_ENTRY] = result[_ENTRY].replace(f'"{old}"'.encode(), f'"{new}"'.encode())
    return result


def _read(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind file")
    value, end = _decode(raw, len(_SIGNATURE))
    if end != len(raw):
        raise ValueError("unexpected bytes after a Pagefind file's value")
    return value


def _write(value: Any) -> bytes:
    out = bytearray(_SIGNATURE)
    _encode(value, out)
    return gzip.compress(bytes(out), compresslevel=9, mtime=0)


def _decode(raw: bytes, at: int) -> tuple[Any, int]:
    """One CBOR value at `at`, and where it ends."""
    major, info = raw[at] >> 5, raw[at] & 0x1F
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(raw[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"CBOR item {raw[at - 1]:#x} is not one Pagefind writes")
    if major == 0:
        return number, at
    if major in (2, 3):
        chunk = raw[at : at + number]
        return (chunk.decode() if major == 3 else bytes(chunk)), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(raw, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} is not one Pagefind writes")


def _encode(value: Any, out: bytearray) -> None:
    if isinstance(value, bool) or (isinstance(value, int) and value < 0):
        raise ValueError(f"{value!r} is not a value Pagefind writes")
    if isinstance(value, int):
        _head(0, value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        encoded = value.encode()
        _head(3, len(encoded), out)
        out += encoded
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    else:
        raise ValueError(f"{value!r} is not a value Pagefind writes")


def _head(major: int, number: int, out: bytearray) -> None:
    """The shortest head for a number, as CBOR's canonical form (and Pagefind) writes it."""
    if number < 24:
        out.append(major << 5 | number)
    elif number < 1 << 8:
        out += struct.pack(">BB", major << 5 | 24, number)
    elif number < 1 << 16:
        out += struct.pack(">BH", major << 5 | 25, number)
    elif number < 1 << 32:
        out += struct.pack(">BI", major << 5 | 26, number)
    else:
        out += struct.pack(">BQ", major << 5 | 27, number)

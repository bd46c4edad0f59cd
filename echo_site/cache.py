"""The build cache's files: what the last build read, rendered and wrote, kept beside output/.

Only the incremental layer (incremental.py) uses them.

Four files: quick.pickle, enough to see that nothing changed; state.pickle, what was rendered
and written (and the sources read since the table); parsed.pickle, a table of every source read,
by columns; parsed.records, what was read from each, pickled one after another and unpickled
only when a build needs it. Each pickle is written atomically with a checksum and tied to the
code that wrote it. Anything unexpected (another version, a truncated or edited file, a failed
unpickle) makes the cache empty, so a damaged cache costs a cold build and never a wrong site.
Entries are trusted only when what they describe still looks the same on disk (size, mtime,
inode), and so is parsed.records, which is only ever replaced whole.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import pickle
import uuid
from array import array
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .model import ImageInfo
from .output import OutputEntry, OutputTable, files_as_written
from .version import code_version

if TYPE_CHECKING:  # a build that changes nothing never loads the stages
    from .reads import PlanMemory

FORMAT = 10
_STATE_FILE = "state.pickle"
_QUICK_FILE = "quick.pickle"
_PARSED_FILE = "parsed.pickle"
_RECORDS_FILE = "parsed.records"
_STORE_FOLDER = "outputs"
_REWRITE_PARSED_AFTER = 0.1  # share of sources changed since parsed.pickle was written
StatKey = tuple[int, int, int]  # size, mtime_ns, inode


def stat_key(path: Path) -> StatKey:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass
class ParsedEntry:
    """One source file as it was last read: its stat, digest, what it was read with, and what
    was read (the record, its problems and references), pickled."""

    stat: StatKey
    digest: str
    settings: str
    blob: bytes


class SourceTable:
    """What was read from every source, by columns, as parsed.pickle holds it.

    Columns of plain values load in milliseconds where 10,000 entry objects take a quarter of
    a second. The records themselves stay pickled, one after another, in parsed.records,
    mapped into memory and unpickled one by one when a build asks for them.
    """

    data: bytes | mmap.mmap  # parsed.records, mapped

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.stats = array("q")  # size, mtime_ns, inode of each source
        self.offsets = array("q", [0])  # where each record starts in parsed.records
        self.digests: list[str] = []
        self.settings: list[str] = []
        # parsed.records as it was written: trusted while it looks the same (it is only ever
        # replaced whole), as sources and output files are
        self.records: StatKey = (0, 0, 0)
        self._init_memory()

    @classmethod
    def write(cls, path: Path, sources: Sources) -> SourceTable:
        """Write every source's record to `path`, one after another; return their table.

        Records go to the file one at a time, so the 45 MB of a large site are never all
        gathered in memory at once.
        """
        table = cls()
        with _replacing(path) as file:
            for key, found in sources.entries():
                entry = found if isinstance(found, ParsedEntry) else sources.entry(found)
                file.write(entry.blob)
                table.keys.append(key)
                table.stats.extend(entry.stat)
                table.offsets.append(table.offsets[-1] + len(entry.blob))
                table.digests.append(entry.digest)
                table.settings.append(entry.settings)
        table.records = stat_key(path)
        table._init_memory()
        return table

    def map(self, path: Path) -> bool:
        """Map parsed.records into memory; False unless it is the file this table describes."""
        try:
            with path.open("rb") as file:
                info = os.fstat(file.fileno())
                if (info.st_size, info.st_mtime_ns, info.st_ino) != self.records:
                    return False
                if info.st_size != self.offsets[-1]:
                    return False
                self.data = (
                    mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if info.st_size else b""
                )
        except (OSError, ValueError):
            return False
        return True

    def _init_memory(self) -> None:
        self.rows = {key: row for row, key in enumerate(self.keys)}
        self.data = b""

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("rows", "data")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._init_memory()

    def stat(self, row: int) -> StatKey:
        at = 3 * row
        return (self.stats[at], self.stats[at + 1], self.stats[at + 2])

    def blob(self, row: int) -> bytes:
        return self.data[self.offsets[row] : self.offsets[row + 1]]

    def entry(self, row: int) -> ParsedEntry:
        return ParsedEntry(self.stat(row), self.digests[row], self.settings[row], self.blob(row))


@dataclass
class Sources:
    """The sources as the last build read them: the table on disk, and entries read since
    (None for a source gone), so an edit does not rewrite the table."""

    table: SourceTable | None = None
    changes: dict[str, ParsedEntry | None] = field(default_factory=dict)

    def get(self, key: str) -> ParsedEntry | int | None:
        """The entry read since the table was written, or the table's row, or None."""
        if key in self.changes:
            return self.changes[key]
        if self.table is None:
            return None
        return self.table.rows.get(key)

    def entries(self) -> list[tuple[str, ParsedEntry | int]]:
        """Every source by key: its entry read since, or its row in the table."""
        found: dict[str, ParsedEntry | int] = dict(self.table.rows) if self.table else {}
        for key, entry in self.changes.items():
            if entry is None:
                found.pop(key, None)
            else:
                found[key] = entry
        return sorted(found.items())

    def entry(self, row: int) -> ParsedEntry:
        """The table's entry at `row`."""
        assert self.table is not None
        return self.table.entry(row)

    def __len__(self) -> int:
        rows = self.table.rows if self.table is not None else {}
        gone = sum(1 for key, entry in self.changes.items() if entry is None and key in rows)
        added = sum(1 for key, entry in self.changes.items() if entry and key not in rows)
        return len(rows) - gone + added


@dataclass
class BuildState:
    """Everything one build leaves for the next."""

    parsed: Sources = field(default_factory=Sources)
    outputs: Mapping[str, OutputEntry] = field(default_factory=dict)
    renders: dict[str, str] = field(default_factory=dict)  # output path -> render key
    search: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    shards: dict[str, tuple[str, ...]] = field(default_factory=dict)  # search part -> its pages
    # what each picture pages show was found to be (None: not a picture), by file, with its stat
    images: dict[str, tuple[StatKey, ImageInfo | None]] = field(default_factory=dict)
    # costly outputs kept in the store (outputs/), by render key: the digest of their bytes
    stored: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    plan: PlanMemory | None = None  # the units of the plan, with what each read


@dataclass
class QuickState:
    """What a build that changes nothing needs: read first, and small.

    The files of the site are kept as one string of paths and arrays of their stats (size,
    mtime, inode), which load in a millisecond where 26,000 entries take fifty.
    """

    fingerprint: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    paths: str = ""  # the site's files, separated by NUL
    sizes: array[int] = field(default_factory=lambda: array("q"))
    mtimes: array[int] = field(default_factory=lambda: array("q"))
    inodes: array[int] = field(default_factory=lambda: array("q"))

    @classmethod
    def of(cls, state: BuildState) -> QuickState:
        outputs = OutputTable.of(state.outputs)
        return cls(
            state.fingerprint,
            state.summary,
            "\0".join(outputs.paths),
            outputs.sizes,
            outputs.mtimes,
            outputs.inodes,
        )

    def intact(self, output_dir: Path) -> bool:
        """Whether every file of the site is still on disk as this build left it."""
        if not self.paths:
            return False
        paths = self.paths.split("\0")
        return all(files_as_written(output_dir, paths, self.sizes, self.mtimes, self.inodes))


@dataclass
class _Stored:
    """What state.pickle holds: the state, its sources as changes to parsed.pickle's table."""

    state: BuildState
    parsed_id: str


class BuildCache:
    """Load and save build state in a folder; an unusable file reads as an empty state.

    `quick.pickle` holds the fingerprint and the stats of the site's files (enough to see that
    nothing changed); `parsed.pickle` what was read from every source (the bulk, rewritten only
    when many sources changed); `state.pickle` the rest, and the sources changed since.
    """

    def __init__(self, folder: Path, *, in_memory: bool = False) -> None:
        self.folder = folder
        # A long-lived process (the preview) keeps the last state instead of reading it again,
        # and writes it to disk when it has a moment (flush), not before showing an edit.
        self.in_memory = in_memory
        self._memory: tuple[StatKey, BuildState] | None = None
        self._unsaved: tuple[BuildState, QuickState] | None = None
        self._parsed: tuple[str, SourceTable] | None = None  # parsed.pickle, as read or written
        # In memory only: what the last build decoded from each source's record, by the
        # digest of its pickled bytes (incremental.BuildMemory.decoder).
        self.decoded: dict[bytes, Any] = {}

    @property
    def file(self) -> Path:
        return self.folder / _STATE_FILE

    @property
    def quick_file(self) -> Path:
        return self.folder / _QUICK_FILE

    @property
    def parsed_file(self) -> Path:
        return self.folder / _PARSED_FILE

    @property
    def records_file(self) -> Path:
        return self.folder / _RECORDS_FILE

    def stored_file(self, key: str) -> Path:
        """Where the store keeps the output of this render key (see BuildState.stored)."""
        return self.folder / _STORE_FOLDER / key[:2] / key

    def load_quick(self) -> QuickState:
        if self._unsaved is not None:
            return self._unsaved[1]
        state = _read(self.quick_file)
        return state if isinstance(state, QuickState) else QuickState()

    def load(self, quick: QuickState | None = None) -> BuildState:
        quick = quick or self.load_quick()
        if self._unsaved is not None:
            return replace(self._unsaved[0])
        if self._memory is not None and self._memory[0] == _stat_or_none(self.file):
            return replace(self._memory[1])
        stored = _read(self.file)
        if not isinstance(stored, _Stored) or stored.state.fingerprint != quick.fingerprint:
            return BuildState()
        table = self._table(stored.parsed_id)
        if table is None:
            return BuildState()
        return replace(stored.state, parsed=Sources(table, dict(stored.state.parsed.changes)))

    def _table(self, parsed_id: str) -> SourceTable | None:
        """parsed.pickle's table, with its records mapped; None unless both are intact."""
        if self._parsed is not None and self._parsed[0] == parsed_id:
            return self._parsed[1]
        base = _read(self.parsed_file)
        if not (isinstance(base, tuple) and len(base) == 2 and base[0] == parsed_id):
            return None
        table = base[1]
        if not isinstance(table, SourceTable) or not table.map(self.records_file):
            return None
        self._parsed = (parsed_id, table)
        return table

    def save(self, state: BuildState) -> None:
        self._unsaved = (state, QuickState.of(state))
        if not self.in_memory:
            self.flush()

    def flush(self) -> None:
        """Write the state kept in memory to disk, for the next process to use."""
        if self._unsaved is None:
            return
        heavy, quick = self._unsaved
        self.folder.mkdir(parents=True, exist_ok=True)
        sources = heavy.parsed
        on_disk = self._parsed
        if (
            on_disk is None
            or sources.table is not on_disk[1]
            or len(sources.changes) > _REWRITE_PARSED_AFTER * max(len(sources), 100)
        ):
            table = SourceTable.write(self.records_file, sources)
            if not table.map(self.records_file):
                raise OSError(f"{self.records_file} changed while it was written")
            on_disk = (uuid.uuid4().hex, table)
            _write(self.parsed_file, on_disk)
            self._parsed = on_disk
            sources = Sources(table, {})
        outputs = OutputTable.of(heavy.outputs)
        light = replace(heavy, parsed=Sources(None, sources.changes), outputs=outputs)
        _write(self.file, _Stored(light, on_disk[0]))
        _write(self.quick_file, quick)
        self._unsaved = None
        if self.in_memory:
            self._memory = (_stat_or_none(self.file) or (0, 0, 0), replace(heavy, parsed=sources))

    def clear(self) -> None:
        for path in (self.file, self.quick_file, self.parsed_file, self.records_file):
            path.unlink(missing_ok=True)


def _stat_or_none(path: Path) -> StatKey | None:
    try:
        return stat_key(path)
    except OSError:
        return None


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = data[: data.find(b"\n")]
    payload = memoryview(data)[len(header) + 1 :]  # not a copy of fifty megabytes
    expected = f"echo-site cache {FORMAT} {code_version()} ".encode()
    if not header.startswith(expected):
        return None
    if header[len(expected) :].decode(errors="replace") != hashlib.sha256(payload).hexdigest():
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # any damage means a cold build, never a crash or a wrong site
        return None


def _write(path: Path, state: Any) -> None:
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    header = f"echo-site cache {FORMAT} {code_version()} {hashlib.sha256(payload).hexdigest()}\n"
    with _replacing(path) as file:
        file.write(header.encode())
        file.write(payload)


@contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A new file that takes the place of `path` once it is written whole."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with temporary.open("wb") as file:
        yield file
    temporary.replace(path)


def file_digest(path: Path) -> str:
    """The same digest sources.read_text gives a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()

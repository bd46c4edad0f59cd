"""The build cache: what the last build read, rendered and wrote, kept beside output/.

One file holds it all, written atomically with a checksum and tied to the code that wrote it.
Anything unexpected (another version, a truncated or edited file, a failed unpickle) makes the
cache empty, so a damaged cache costs a cold build and never a wrong site. Entries are trusted
only when what they describe still looks the same on disk (size, mtime, inode).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import uuid
from array import array
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Problem
from .output import OutputEntry

FORMAT = 6
_STATE_FILE = "state.pickle"
_QUICK_FILE = "quick.pickle"
_PARSED_FILE = "parsed.pickle"
_REWRITE_PARSED_AFTER = 0.1  # share of sources changed since parsed.pickle was written
_LIBRARIES = (  # (module, distribution) of the libraries that shape the output
    ("jinja2", "jinja2"),
    ("markdown_it", "markdown-it-py"),
    ("mdit_py_plugins", "mdit-py-plugins"),
    ("icalendar", "icalendar"),
    ("pagefind", "pagefind"),
    ("pagefind_bin", "pagefind-bin"),
    ("yaml", "pyyaml"),
)

StatKey = tuple[int, int, int]  # size, mtime_ns, inode


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of echo-site's own code and the libraries that shape its output."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    for module, distribution in _LIBRARIES:
        digest.update(f"{distribution}={_installed_version(module, distribution)}".encode())
    return digest.hexdigest()


def _installed_version(module: str, distribution: str) -> str:
    """The version in the name of the library's .dist-info folder beside it.

    importlib.metadata would say the same, but takes fifty times as long to import and ask, and
    a build that changes nothing has half a second in all.
    """
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return "none"
    origin = Path(spec.origin)
    folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent
    prefix = distribution.replace("-", "_").lower() + "-"
    try:
        names = sorted(
            name
            for name in os.listdir(folder)  # noqa: PTH208 - names only, once per library
            if name.lower().startswith(prefix) and name.endswith(".dist-info")
        )
    except OSError:
        names = []
    if names:
        return ",".join(names)
    info = origin.stat()  # installed some other way: its code's size and time then
    return f"{origin}:{info.st_size}:{info.st_mtime_ns}"


def stat_key(path: Path) -> StatKey:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass
class ParsedEntry:
    """One source file as it was last read: its stat, digest, the settings, and what was read.

    What was read (the record, its problems and references) is kept pickled, so an entry that
    is reused is saved again without pickling it again.
    """

    stat: StatKey
    digest: str
    settings: str
    blob: bytes
    unpickled: Any = field(default=None, repr=False, compare=False)  # kept in memory only

    def read(self) -> tuple[Any, list[Problem], tuple[Any, ...]]:
        if self.unpickled is None:
            self.unpickled = pickle.loads(self.blob)
        item, problems, references = self.unpickled
        return item, list(problems), references

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "unpickled": None}


@dataclass
class BuildState:
    """Everything one build leaves for the next."""

    parsed: dict[str, ParsedEntry] = field(default_factory=dict)
    outputs: dict[str, OutputEntry] = field(default_factory=dict)
    renders: dict[str, str] = field(default_factory=dict)  # output path -> render key
    search: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    fingerprint: str = ""
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class QuickState:
    """What a build that changes nothing needs: read first, and small.

    The files of the site are kept as one string of paths and one array of their stats (size,
    mtime, inode), which load in a millisecond where 26,000 entries take fifty.
    """

    fingerprint: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    paths: str = ""  # the site's files, separated by NUL
    stats: array = field(default_factory=lambda: array("q"))

    @classmethod
    def of(cls, state: BuildState) -> QuickState:
        stats = array("q")
        for path in state.outputs:
            entry = state.outputs[path]
            stats.extend((entry.size, entry.mtime_ns, entry.inode))
        return cls(state.fingerprint, state.summary, "\0".join(state.outputs), stats)

    def intact(self, output_dir: Path) -> bool:
        """Whether every file of the site is still on disk as this build left it."""
        if not self.paths:
            return False
        root = str(output_dir) + os.sep
        stats = self.stats
        for index, path in enumerate(self.paths.split("\0")):
            try:
                info = os.lstat(root + path)
            except OSError:
                return False
            at = 3 * index
            if (info.st_size, info.st_mtime_ns, info.st_ino) != tuple(stats[at : at + 3]):
                return False
        return True


@dataclass
class _Stored:
    """What state.pickle holds: the state without its sources, and how they differ from the
    ones in parsed.pickle (an entry, or None for a source gone)."""

    state: BuildState
    parsed_id: str
    changes: dict[str, ParsedEntry | None]


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
        self._parsed: tuple[str, dict[str, ParsedEntry]] | None = None  # parsed.pickle, as read

    @property
    def file(self) -> Path:
        return self.folder / _STATE_FILE

    @property
    def quick_file(self) -> Path:
        return self.folder / _QUICK_FILE

    @property
    def parsed_file(self) -> Path:
        return self.folder / _PARSED_FILE

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
        base = _read(self.parsed_file)
        if not (isinstance(base, tuple) and len(base) == 2 and base[0] == stored.parsed_id):
            return BuildState()
        self._parsed = base
        parsed = dict(base[1])
        for key, entry in stored.changes.items():
            if entry is None:
                parsed.pop(key, None)
            else:
                parsed[key] = entry
        return replace(stored.state, parsed=parsed)

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
        parsed_id, base = self._parsed or ("", {})
        changes: dict[str, ParsedEntry | None] = {
            key: entry for key, entry in heavy.parsed.items() if not _same(base.get(key), entry)
        }
        changes.update({key: None for key in base if key not in heavy.parsed})
        if not parsed_id or len(changes) > _REWRITE_PARSED_AFTER * max(len(heavy.parsed), 100):
            parsed_id = uuid.uuid4().hex
            self._parsed = (parsed_id, dict(heavy.parsed))
            _write(self.parsed_file, self._parsed)
            changes = {}
        _write(self.file, _Stored(replace(heavy, parsed={}), parsed_id, changes))
        _write(self.quick_file, quick)
        self._unsaved = None
        if self.in_memory:
            self._memory = (_stat_or_none(self.file) or (0, 0, 0), heavy)

    def clear(self) -> None:
        self.file.unlink(missing_ok=True)
        self.quick_file.unlink(missing_ok=True)
        self.parsed_file.unlink(missing_ok=True)


def _same(old: ParsedEntry | None, new: ParsedEntry) -> bool:
    return old is not None and (old.stat, old.digest, old.settings) == (
        new.stat,
        new.digest,
        new.settings,
    )


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
    expected = f"echo-site cache {code_version()} ".encode()
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
    header = f"echo-site cache {code_version()} {hashlib.sha256(payload).hexdigest()}\n"
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with temporary.open("wb") as file:
        file.write(header.encode())
        file.write(payload)
    temporary.replace(path)


class ParseCache:
    """Records read from source files, reused while a file and the settings are unchanged."""

    def __init__(
        self, entries: dict[str, ParsedEntry], stats: dict[str, StatKey] | None = None
    ) -> None:
        self.entries = entries
        self.stats = stats or {}  # stats already taken this build, by path
        self.used: dict[str, ParsedEntry] = {}

    def lookup(
        self, content_dir: Path, folder: str, path: Path, settings: str
    ) -> tuple[Any, list[Problem], tuple[Any, ...]] | None:
        key = f"{folder}/{path.name}"
        entry = self.entries.get(key)
        if entry is None or entry.settings != settings:
            return None
        try:
            current = self.stats.get(str(path)) or stat_key(path)
            if current != entry.stat:
                # Touched but maybe not changed (a checkout, a save without edits).
                if file_digest(path) != entry.digest:
                    return None
                entry = ParsedEntry(current, entry.digest, settings, entry.blob, entry.unpickled)
            result = entry.read()
        except Exception:  # an unreadable entry is a miss
            return None
        self.used[key] = entry
        return result

    def store(
        self, folder: str, path: Path, settings: str, blob: bytes, digest: str, read: Any = None
    ) -> None:
        """Keep what was read from `path`, pickled as (record, problems, references).

        `read` is that tuple unpickled, when the caller has it: a preview reuses it as is.
        """
        try:
            current = stat_key(path)
        except OSError:
            return
        self.used[f"{folder}/{path.name}"] = ParsedEntry(
            current, digest or file_digest(path), settings, blob, read
        )


def file_digest(path: Path) -> str:
    """The same digest sources.read_text gives a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()

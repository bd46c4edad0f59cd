"""The write stage: put a rendered site into output/ atomically, and nowhere else.

A first build writes a staging folder beside output/ and renames it into place. Later builds
change only what changed: new bytes are staged first, a journal lists every replacement, and
the old versions are kept (as hard links) until all replacements are done. An interrupted build
is rolled back from the journal when the next build starts, so output/ is either the previous
site or the new one, and unchanged files keep their bytes, inode and mtime (uploads skip them).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import posixpath
import shutil
import signal
import threading
import uuid
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MARKER = ".echo-site"
MARKER_TEXT = b"This folder is written by echo-site; each build updates it.\n"
_STAGING_PREFIX = ".echo-site-staging-"
_JOURNAL = "journal.json"


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class OutputEntry:
    """What the build last wrote at a path, and how the file looked on disk afterwards."""

    digest: str
    size: int
    mtime_ns: int
    inode: int


class OutputTable(Mapping[str, OutputEntry]):
    """What output/ holds, as the cache keeps it: by columns, so that 26,000 entries load and
    save in milliseconds; an entry is made when it is asked for. A table is never changed."""

    def __init__(self, entries: Mapping[str, OutputEntry] | None = None) -> None:
        entries = entries or {}
        values = entries.values()
        self.paths = list(entries)
        self.digests = [entry.digest for entry in values]
        self.sizes = array("q", [entry.size for entry in values])
        self.mtimes = array("q", [entry.mtime_ns for entry in values])
        self.inodes = array("q", [entry.inode for entry in values])
        self._rows: dict[str, int] | None = None

    @classmethod
    def of(cls, entries: Mapping[str, OutputEntry]) -> OutputTable:
        return entries if isinstance(entries, OutputTable) else cls(entries)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_rows": None}

    def rows(self) -> dict[str, int]:
        """Each path's row: also the quickest way to ask whether a path is in the table."""
        if self._rows is None:
            self._rows = {path: row for row, path in enumerate(self.paths)}
        return self._rows

    def __getitem__(self, path: str) -> OutputEntry:
        row = self.rows()[path]
        return OutputEntry(self.digests[row], self.sizes[row], self.mtimes[row], self.inodes[row])

    def __contains__(self, path: object) -> bool:
        return path in self.rows()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def on_disk(self, output_dir: Path) -> OutputTable:
        """The entries whose files are still on disk as they were written."""
        return self.where(self.as_written(output_dir))

    def as_written(self, output_dir: Path) -> bytes:
        """One byte a row: 1 when its file is still on disk as it was written, else 0."""
        stats = (self.sizes, self.mtimes, self.inodes)
        return bytes(files_as_written(output_dir, self.paths, *stats))

    def where(self, flags: bytes) -> OutputTable:
        """The entries of the rows flagged (`as_written`)."""
        return self._rows_where(map(bool, flags))

    def only(self, paths: Collection[str]) -> OutputTable:
        """The entries of these paths."""
        return self._rows_where(path in paths for path in self.paths)

    def plus(self, entries: Mapping[str, OutputEntry]) -> OutputTable:
        """A table with these entries added, or put in place of those of the same paths."""
        kept = self._rows_where(path not in entries for path in self.paths)
        combined = OutputTable(entries)
        combined.paths[:0] = kept.paths
        combined.digests[:0] = kept.digests
        combined.sizes[:0] = kept.sizes
        combined.mtimes[:0] = kept.mtimes
        combined.inodes[:0] = kept.inodes
        return combined

    def _rows_where(self, wanted: Iterable[bool]) -> OutputTable:
        rows = [row for row, take in enumerate(wanted) if take]
        if len(rows) == len(self.paths):
            return self
        subset = OutputTable()
        subset.paths = [self.paths[row] for row in rows]
        subset.digests = [self.digests[row] for row in rows]
        subset.sizes = array("q", [self.sizes[row] for row in rows])
        subset.mtimes = array("q", [self.mtimes[row] for row in rows])
        subset.inodes = array("q", [self.inodes[row] for row in rows])
        return subset


def files_as_written(
    output_dir: Path,
    paths: Iterable[str],
    sizes: array[int],
    mtimes: array[int],
    inodes: array[int],
) -> Iterator[bool]:
    """For each file, whether its size, mtime and inode are still those recorded."""
    root = str(output_dir) + os.sep
    for row, path in enumerate(paths):
        try:
            info = os.lstat(root + path)
        except OSError:
            yield False
            continue
        yield (
            info.st_size == sizes[row]
            and info.st_mtime_ns == mtimes[row]
            and info.st_ino == inodes[row]
        )


Payload = bytes | Path  # bytes to write, or a file to copy


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int = 0
    changed: tuple[str, ...] = ()  # the paths written or removed


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def safe_relative(path: str) -> str:
    """Return a normalized path inside the output folder, or raise for anything that escapes."""
    normalized = posixpath.normpath(path.replace("\\", "/"))
    if (
        not path
        or posixpath.isabs(path)
        or normalized.startswith("../")
        or normalized == ".."
        or normalized == "."
        or "\x00" in path
        or normalized.split("/")[0] == MARKER
    ):
        raise OutputError(f"refusing to write {path!r} outside the output folder")
    return normalized


def check_output_folder(output_dir: Path, protected: Mapping[str, Path]) -> None:
    """Refuse output folders that would replace content, templates or an unrelated folder."""
    target = output_dir.resolve()
    for name, folder in protected.items():
        folder = folder.resolve()
        if target == folder or folder.is_relative_to(target) or target.is_relative_to(folder):
            raise OutputError(
                f"the output folder {output_dir} overlaps the {name} folder "
                f"{folder}; choose another --output"
            )
    if target == Path.cwd().resolve() or target == Path.home().resolve() or target.parent == target:
        raise OutputError(
            f"the output folder {output_dir} would replace a folder you work in; "
            "choose another --output"
        )
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputError(f"{output_dir} exists and is not a folder; choose another --output")
    if output_dir.is_dir() and not (output_dir / MARKER).is_file() and any(output_dir.iterdir()):
        raise OutputError(
            f"{output_dir} holds files that echo-site did not write; empty it or "
            "choose another --output"
        )


@contextmanager
def build_lock(output_dir: Path) -> Iterator[None]:
    """Let one build at a time write a given output folder; recover from a killed one first."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output_dir.parent / f".{output_dir.name}.echo-site-lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            recover(output_dir)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def recover(output_dir: Path) -> None:
    """Roll back a build that was killed while replacing files; remove its staging folder."""
    prefix = f"{_STAGING_PREFIX}{output_dir.name}-"
    for staging in sorted(output_dir.parent.glob(prefix + "*")):
        journal = staging / _JOURNAL
        if journal.is_file() and output_dir.is_dir():
            _roll_back(output_dir, staging, json.loads(journal.read_text()))
        shutil.rmtree(staging, ignore_errors=True)


class SiteWriter:
    """Stage a new site beside output/, then make it output/ in one step (or throw it away).

    Files are added as they are made, so they need not all be in memory. A first build stages
    a whole tree and renames it into place. Later builds stage only files whose bytes changed,
    then replace them with a journal (see `_apply`). Use inside `build_lock`:

        writer = SiteWriter(output_dir, known, keep)
        writer.put("index.html", data); ...
        stats, entries = writer.commit()     # or writer.discard()

    `known` is what the previous build wrote that is still on disk as it was written, checked
    by size, mtime and inode when this build began (`OutputTable.on_disk`): a file it holds is
    unchanged when its digest is. Files it does not hold are compared byte by byte. `keep`
    lists files of the previous build that stay as they are (their entries must be in `known`).
    """

    def __init__(
        self,
        output_dir: Path,
        known: Mapping[str, OutputEntry] | None = None,
        keep: Collection[str] = (),
    ) -> None:
        self.output_dir = output_dir
        self.known = known
        self.keep = frozenset(keep)
        self.first = not output_dir.is_dir()
        self.staging = (
            output_dir.parent / f"{_STAGING_PREFIX}{output_dir.name}-{uuid.uuid4().hex[:12]}"
        )
        self.entries: dict[str, OutputEntry] = {}  # files put; kept ones are in `known`
        self.staged: dict[str, str] = {}  # path -> file in staging (updates only)
        self.digests: dict[str, str] = {}
        self.folders: set[str] = set()
        self.unchanged = len(self.keep)
        self._staged_root = str(self.staging)  # a first build puts every file under it

    def put(self, path: str, payload: Payload) -> None:
        """Add one file of the new site: bytes to write, or a file to copy."""
        path = safe_relative(path)
        if self.first:
            self.digests[path] = _put(payload, _prepare(self._staged_root, path, self.folders))
            return
        digest = _digest(payload)
        previous = self.known.get(path) if self.known is not None else None
        if previous is not None:  # on disk as it was written, which this build checked
            unchanged = previous.digest == digest
        else:
            unchanged = _same_on_disk(self.output_dir / path, payload)
        if unchanged:
            self.entries[path] = previous or _entry(digest, self.output_dir / path)
            self.unchanged += 1
            return
        staged = f"new-{len(self.staged)}"
        _put(payload, self.staging / staged)
        self.staged[path] = staged
        self.digests[path] = digest

    def keep_also(self, paths: Collection[str]) -> None:
        """Keep these files of the previous build as well (their entries are in `known`)."""
        added = frozenset(paths) - self.keep
        self.keep |= added
        self.unchanged += len(added)

    def read(self, path: str) -> bytes:
        """The bytes a file will have once committed (staged, or unchanged on disk)."""
        path = safe_relative(path)
        if self.first:
            return (self.staging / path).read_bytes()
        staged = self.staged.get(path)
        return (self.staging / staged if staged else self.output_dir / path).read_bytes()

    def commit(self) -> tuple[WriteStats, OutputTable]:
        """Make the staged site output/; return what was written and what output/ holds."""
        try:
            if self.first:
                (self.staging / MARKER).write_bytes(MARKER_TEXT)
                self.staging.rename(self.output_dir)
                root = str(self.output_dir)
                for path, digest in self.digests.items():
                    self.entries[path] = _entry(digest, os.path.join(root, path))  # noqa: PTH118
                stats = WriteStats(len(self.digests), 0, 0, tuple(self.digests))
                return stats, OutputTable(self.entries)
            wanted = set(self.entries) | set(self.staged)
            existing = set(self.known) if self.known is not None else set(_walk(self.output_dir))
            removals = sorted(
                p for p in existing - wanted - self.keep if (self.output_dir / p).is_file()
            )
            changes = sorted(self.staged.items())
            if changes or removals:
                _apply(self.output_dir, self.staging, changes, removals)
            for path, _ in changes:
                self.entries[path] = _entry(self.digests[path], self.output_dir / path)
            kept = OutputTable.of(self.known or {}).only(self.keep)
            changed = tuple(sorted([*(path for path, _ in changes), *removals]))
            stats = WriteStats(len(changes), self.unchanged, len(removals), changed)
            return stats, kept.plus(self.entries)
        finally:
            self.discard()

    def discard(self) -> None:
        """Throw the staged files away; output/ stays as it was."""
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> SiteWriter:
        try:
            self.staging.mkdir()
        except BaseException:
            self.discard()
            raise
        return self

    def __exit__(self, *error: object) -> None:
        self.discard()


def _apply(
    output_dir: Path, staging: Path, changes: list[tuple[str, str]], removals: list[str]
) -> None:
    """Replace and remove files with a journal, so a killed build can be rolled back."""
    steps: list[dict[str, str | None]] = []
    for index, (path, staged) in enumerate(changes):
        existed = (output_dir / path).exists()
        steps.append({"path": path, "new": staged, "old": f"old-{index}" if existed else None})
    for index, path in enumerate(removals):
        steps.append({"path": path, "new": None, "old": f"gone-{index}"})
    journal = staging / _JOURNAL
    journal.write_text(json.dumps(steps))
    _sync(journal)
    with _stops_held() as stopped:
        _replace_all(output_dir, staging, steps)
        if stopped():
            # Stopped while replacing: put the previous site back before the stop is handled.
            _roll_back(output_dir, staging, steps)
        journal.unlink()


def _replace_all(output_dir: Path, staging: Path, steps: list[dict[str, str | None]]) -> None:
    for step in steps:
        target = output_dir / str(step["path"])
        if step["old"]:
            os.link(target, staging / step["old"], follow_symlinks=False)
        if step["new"]:
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / step["new"]).replace(target)
        else:
            target.unlink()
            _remove_empty_folders(target.parent, output_dir)


def _roll_back(output_dir: Path, staging: Path, steps: list[dict[str, str | None]]) -> None:
    for step in reversed(steps):
        target = output_dir / str(step["path"])
        backup = staging / step["old"] if step["old"] else None
        if backup and backup.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            backup.replace(target)
        elif step["new"] and not (staging / step["new"]).exists() and target.exists():
            target.unlink()  # a file this build added
            _remove_empty_folders(target.parent, output_dir)


def _same_on_disk(target: Path, payload: Payload) -> bool:
    """Whether a file the last build's record does not vouch for already holds `payload`."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return False
    if not target.is_file() or target.is_symlink():
        return False
    data = payload if isinstance(payload, bytes) else payload.read_bytes()
    return info.st_size == len(data) and target.read_bytes() == data


def _digest(payload: Payload) -> str:
    if isinstance(payload, bytes):
        return digest_bytes(payload)
    info = payload.stat()
    return f"copy:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def _put(payload: Payload, target: Path | str) -> str:
    if isinstance(payload, bytes):
        with open(target, "wb") as file:
            file.write(payload)
    else:
        _copy_regular_file(payload, target)
    return _digest(payload)


def _entry(digest: str, path: Path | str) -> OutputEntry:
    info = os.lstat(path)
    return OutputEntry(digest, info.st_size, info.st_mtime_ns, info.st_ino)


def _prepare(root: str, relative: str, made: set[str]) -> str:
    """The file `relative` under `root`, its folder made. Strings, not Paths: a first build
    puts tens of thousands of files."""
    folder = posixpath.dirname(relative)
    if folder and folder not in made:
        os.makedirs(os.path.join(root, folder), exist_ok=True)  # noqa: PTH103, PTH118
        made.add(folder)
    return os.path.join(root, relative)  # noqa: PTH118


def _walk(output_dir: Path) -> Iterator[str]:
    for folder, _, names in os.walk(output_dir):
        for name in names:
            relative = (Path(folder) / name).relative_to(output_dir).as_posix()
            if relative != MARKER:
                yield relative


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _copy_regular_file(source: Path, target: Path | str) -> None:
    """Copy a file's bytes, refusing to follow a symbolic link put there since it was checked."""
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer, 1024 * 1024)


def _sync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


@contextmanager
def _stops_held() -> Iterator[Callable[[], bool]]:
    """Hold Ctrl+C and termination while files are replaced (milliseconds), then act on them.

    Yields a function that tells whether a stop arrived; the stop is handled on leaving.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False  # signals reach the main thread; this build is not interrupted
        return
    received: list[int] = []
    previous = {
        stop: signal.signal(stop, lambda number, _: received.append(number))
        for stop in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield lambda: bool(received)
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        if received:
            handler = previous[signal.Signals(received[0])]
            if callable(handler):
                handler(received[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), received[0])

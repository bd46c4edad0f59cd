"""What makes builds incremental, behind one boundary.

A build asks this layer a few things and otherwise reads as if every build were cold:

- `unchanged()`: nothing a build reads has changed since the last one (names and stats of every
  file), so the build can stop at once;
- `reader()`: reads Markdown sources again only when their bytes or what they are read with
  changed, and otherwise gives back what was read last time;
- `to_make()`: the outputs to make again: those whose render key changed, or whose file is no
  longer what was written;
- `search_parts()`: the parts of the search index to make again: those whose pages changed;
- `stored_outputs()`: outputs that take long to make (pictures' sizes, social cards), kept by
  render key in the cache folder, so that a build into a new output folder (CI with its cache
  restored) takes them from there instead of making them again;
- `save()`: what this build read, rendered and wrote, for the next one.

Keys are never listed here: a source is remembered by everything it is read with, an output by
its render key (keys.py, computed from its view), a search part by the keys of its pages. The
files themselves are cache.py's; a damaged, stale or foreign cache costs a cold build, never a
wrong site. A build without a cache (`--no-cache`) uses the same layer with nothing to remember.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import pickle
import shutil
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .cache import (
    BuildCache,
    BuildState,
    ParsedEntry,
    QuickState,
    Sources,
    StatKey,
    file_digest,
    stat_key,
)
from .model import ImageInfo
from .output import OutputEntry, OutputTable, digest_bytes
from .version import code_version

if TYPE_CHECKING:  # a build that changes nothing never loads the stages
    from multiprocessing.connection import Connection

    from .content import InspectImages, ReadSources
    from .documents import ReadSettings
    from .reads import PlanMemory

T = TypeVar("T")


@dataclass(frozen=True)
class SearchPlan:
    """Which parts of the search index to make again, and the files of those kept."""

    todo: tuple[str, ...]
    kept_files: frozenset[str]
    state: dict[str, tuple[str, tuple[str, ...]]]  # part -> (key, files); files once made


class BuildMemory:
    """What the last build left, and what this one leaves: one build's view of the cache."""

    def __init__(
        self,
        store: BuildCache | None,
        settings: object,
        watched: Sequence[Path],
        output_dir: Path,
    ) -> None:
        """`settings` are everything the build was asked for (options, date, code, folders);
        `watched` the folders it reads; `store` None for a build that remembers nothing."""
        self.store = store
        self.output_dir = output_dir
        self.quick = store.load_quick() if store else QuickState()
        self.fingerprint, self.stats = _fingerprint(settings, watched) if store else ("", {})
        self.state = BuildState()
        self._known: Callable[[], OutputTable] = OutputTable
        self._sources: dict[str, ParsedEntry | None] = {}  # read or reused this build
        self._images: dict[str, tuple[StatKey, ImageInfo | None]] = {}  # this build's pictures
        self._stored: dict[str, str] = {}  # store entries found intact this build
        self._rows: set[str] = set()  # sources whose row in the table is reused as it is
        self._replaced: list[bytes] = []  # what the sources read again had given before
        self._decoded_before: dict[bytes, Any] = {}  # the preview's records, by _blob_name
        self.plan: PlanMemory | None = None  # this build's plan, for the next

    @property
    def compiled_templates(self) -> Path | None:
        """Where compiled templates are kept between builds."""
        return self.store.folder / "templates" if self.store else None

    def unchanged(self) -> dict[str, Any] | None:
        """The last build's summary if nothing it read changed and its files are intact."""
        quick = self.quick
        same = bool(self.fingerprint) and quick.fingerprint == self.fingerprint
        return quick.summary if same and quick.intact(self.output_dir) else None

    def recall(self, beside: bool = False) -> None:
        """Load what the last build left; check its files on disk meanwhile, in a process of
        its own (`beside`) or a thread.

        The process is forked only where processes fork and no other thread runs: a child
        forked beside threads may wait forever on a lock one of them held (the preview, which
        serves pages from threads, checks in a thread).
        """
        if self.store is None:
            return
        self.state = self.store.load(self.quick)
        outputs = OutputTable.of(self.state.outputs)
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if beside and can_fork and threading.active_count() == 1 and outputs:
            self._known = _checked_beside(outputs, self.output_dir)
        else:
            self._known = _in_background(lambda: outputs.on_disk(self.output_dir))

    # -- sources -------------------------------------------------------------------------------

    def reader(self, read: ReadSources) -> ReadSources:
        """`read`, for only the sources not read before with the same bytes and settings."""
        if self.store is None:
            return read

        def remembering(
            content_dir: Path, sources: Sequence[tuple[str, str]], settings: ReadSettings
        ) -> list[bytes]:
            # Everything a source is read with besides its own bytes: read's arguments.
            call = hashlib.sha256(repr((str(content_dir), settings)).encode()).hexdigest()
            found: list[bytes | None] = [self._recalled(f, p, call) for f, p in sources]
            todo = [i for i, blob in enumerate(found) if blob is None]
            # The stat is taken before the bytes are read: a file saved meanwhile is read again.
            before = [_stat_and_digest(self._stat, sources[i][1]) for i in todo]
            fresh = read(content_dir, [sources[i] for i in todo], settings)
            for index in todo:
                old = self._previous_blob(_key(*sources[index]))
                if old is not None:
                    self._replaced.append(old)
            for index, blob, seen in zip(todo, fresh, before, strict=True):
                found[index] = blob
                if seen is not None:  # a file that cannot be read is reported, not remembered
                    entry = ParsedEntry(seen[0], seen[1], call, blob)
                    self._sources[_key(*sources[index])] = entry
            return [blob for blob in found if blob is not None]

        return remembering

    def decoder(self) -> Callable[[bytes], Any]:
        """What reads a source's record from the bytes `reader()` gives: pickle.loads, or in a
        long-lived process (the preview), the objects it decoded from the same bytes last build,
        so that a site it already holds is not decoded again for each edit."""
        store = self.store
        if store is None or not store.in_memory:
            return pickle.loads
        before: dict[bytes, Any] = store.decoded
        now: dict[bytes, Any] = {}
        store.decoded = now  # only this build's records stay remembered
        self._decoded_before = before

        def decode(blob: bytes) -> Any:
            found = _decoded(blob, before)
            now[_blob_name(blob)] = found
            return found

        return decode

    def _recalled(self, folder: str, path: str, call: str) -> bytes | None:
        key = _key(folder, path)
        parsed = self.state.parsed
        found = parsed.get(key)
        if found is None:
            return None
        table = parsed.table
        if isinstance(found, int):
            assert table is not None
            stat, digest, used = table.stat(found), table.digests[found], table.settings[found]
        else:
            stat, digest, used = found.stat, found.digest, found.settings
        if used != call:
            return None
        try:
            current = self._stat(path)
            if current != stat and file_digest(Path(path)) != digest:
                return None  # touched and changed; touched only (a checkout) is reused
        except OSError:
            return None
        if isinstance(found, int):
            assert table is not None
            blob = table.blob(found)
            if current == stat:
                self._rows.add(key)
                return blob
        else:
            blob = found.blob
        self._sources[key] = ParsedEntry(current, digest, call, blob)
        return blob

    def _previous_blob(self, key: str) -> bytes | None:
        found = self.state.parsed.get(key)
        if isinstance(found, int):
            table = self.state.parsed.table
            assert table is not None
            return table.blob(found)
        return found.blob if found is not None else None

    @property
    def remembers(self) -> bool:
        """Whether this build is remembered for the next (not --no-cache)."""
        return self.store is not None

    def replaced_records(self) -> list[object]:
        """The records the sources read again this build had given the last one."""
        return [_decoded(blob, self._decoded_before)[0] for blob in self._replaced]

    def _stat(self, path: str) -> StatKey:
        return self.stats.get(path) or stat_key(Path(path))

    # -- pictures ------------------------------------------------------------------------------

    def inspector(self, inspect: InspectImages) -> InspectImages:
        """`inspect`, for only the pictures whose files changed since they were last read."""
        if self.store is None:
            return inspect
        known = self.state.images

        def remembering(pictures: Sequence[tuple[str, Path]]) -> list[ImageInfo | None]:
            found: list[ImageInfo | None] = []
            todo: list[int] = []
            stats: list[StatKey | None] = []
            for index, (path, file) in enumerate(pictures):
                name = str(file)
                try:
                    stat: StatKey | None = self._stat(name)
                except OSError:
                    stat = None
                stats.append(stat)
                before = known.get(name)
                info = before[1] if before else None
                same = before is not None and stat is not None and before[0] == stat
                if same and (info is None or info.path == path):
                    found.append(info)
                    self._images[name] = (stat, info)  # type: ignore[assignment]
                else:
                    found.append(None)
                    todo.append(index)
            # The stat is taken before the bytes are read: a file saved meanwhile is read again.
            for index, info in zip(todo, inspect([pictures[i] for i in todo]), strict=True):
                found[index] = info
                stat = stats[index]
                if stat is not None:
                    self._images[str(pictures[index][1])] = (stat, info)
            return found

        return remembering

    # -- outputs ---------------------------------------------------------------------------------

    def on_disk(self) -> OutputTable | None:
        """What the last build wrote that is still on disk as it was written; None if nothing."""
        known = self._known()
        return known if self.state.outputs else None

    def to_make(self, paths: Sequence[str], keys: Sequence[str]) -> tuple[list[int], set[str]]:
        """The outputs (by index) to make again, and the paths kept as they are."""
        renders, present = self.state.renders, self._known().rows()
        keep = {
            path
            for path, key in zip(paths, keys, strict=True)
            if renders.get(path) == key and path in present
        }
        return [i for i, path in enumerate(paths) if path not in keep], keep

    def stored_outputs(self, wanted: Mapping[int, str]) -> dict[int, bytes]:
        """The bytes of the outputs (by index, with their render keys) the store has intact."""
        if self.store is None:
            return {}
        found: dict[int, bytes] = {}
        known = self.state.stored
        for index, key in wanted.items():
            digest = known.get(key)
            if digest is None:
                continue
            try:
                data = self.store.stored_file(key).read_bytes()
            except OSError:
                continue
            if digest_bytes(data) == digest:  # a damaged entry is made again, never used
                found[index] = data
                self._stored[key] = digest
        return found

    def _next_store(
        self, outputs: Mapping[str, OutputEntry], costly: Mapping[str, str]
    ) -> dict[str, str]:
        """Keep this build's costly outputs in the store: a hard link to each new one (a copy
        across devices); entries no output uses any more are removed."""
        assert self.store is not None
        kept = dict(self._stored)
        previous = self.state.stored
        for path, key in costly.items():
            entry = outputs.get(path)
            if key in kept or entry is None:
                continue
            if previous.get(key) == entry.digest:
                kept[key] = entry.digest  # in the store already; checked when it is used
                continue
            target = self.store.stored_file(key)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{key}.{os.getpid()}")
                temporary.unlink(missing_ok=True)
                try:
                    os.link(self.output_dir / path, temporary)
                except OSError:
                    shutil.copyfile(self.output_dir / path, temporary)
                temporary.replace(target)
            except OSError:
                continue  # the store is an optimisation: without the entry, it is made again
            kept[key] = entry.digest
        for key in previous.keys() - kept.keys():
            self.store.stored_file(key).unlink(missing_ok=True)
        return kept

    # -- search ----------------------------------------------------------------------------------

    def search_parts(
        self, parts: Mapping[str, tuple[str, ...]], page_keys: Mapping[str, str], language: str
    ) -> SearchPlan:
        """Parts whose pages (by their keys) or language changed, or whose files are gone."""
        known = self._known()
        state: dict[str, tuple[str, tuple[str, ...]]] = {}
        todo: list[str] = []
        kept: set[str] = set()
        for folder, urls in sorted(parts.items()):
            key = _digest(folder, language, *(f"{url}\0{page_keys[url]}" for url in urls))
            previous = self.state.search.get(folder)
            if previous and previous[0] == key and all(p in known for p in previous[1]):
                state[folder] = previous
                kept.update(previous[1])
            else:
                state[folder] = (key, ())
                todo.append(folder)
        return SearchPlan(tuple(todo), frozenset(kept), state)

    def previous_search(self) -> tuple[SearchPlan, dict[str, tuple[str, ...]]]:
        """The last build's search index as it is, and its parts' pages (the preview shows an
        edit before it brings the index up to date)."""
        known = self._known()
        kept = {p for _, paths in self.state.search.values() for p in paths if p in known}
        return SearchPlan((), frozenset(kept), dict(self.state.search)), dict(self.state.shards)

    # -- for the next build ------------------------------------------------------------------------

    def save(
        self,
        outputs: Mapping[str, OutputEntry],
        renders: dict[str, str],
        search: dict[str, tuple[str, tuple[str, ...]]],
        shards: dict[str, tuple[str, ...]],
        summary: dict[str, Any],
        costly: Mapping[str, str] = {},
    ) -> None:
        """Remember this build; `costly` are the outputs (path -> render key) to store."""
        if self.store is None:
            return
        self.store.save(
            BuildState(
                parsed=self._next_sources(),
                outputs=outputs,
                renders=renders,
                search=search,
                shards=shards,
                images=self._images,
                stored=self._next_store(outputs, costly),
                fingerprint=self.fingerprint,
                summary=summary,
                plan=self.plan,
            )
        )

    def _next_sources(self) -> Sources:
        """The sources this build read: the same table, and what differs from it."""
        table = self.state.parsed.table
        changes: dict[str, ParsedEntry | None] = dict(self._sources)
        if table is not None:
            changes.update(
                (key, None) for key in table.rows if key not in self._rows and key not in changes
            )
        return Sources(table, changes)


def _blob_name(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=20).digest()


def _decoded(blob: bytes, known: Mapping[bytes, Any]) -> Any:
    """What a source's blob holds: as decoded before, when it was (the preview), or now."""
    found = known.get(_blob_name(blob)) if known else None
    return pickle.loads(blob) if found is None else found


def _stat_and_digest(stat: Callable[[str], StatKey], path: str) -> tuple[StatKey, str] | None:
    try:
        return stat(path), file_digest(Path(path))
    except OSError:
        return None


def _key(folder: str, path: str) -> str:
    return f"{folder}/{os.path.basename(path)}"  # noqa: PTH119 - no Path per source


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _checked_beside(outputs: OutputTable, output_dir: Path) -> Callable[[], OutputTable]:
    """`outputs.on_disk(output_dir)`, its files stated in a process forked for it, on another
    core, while this one loads and plans the site; a call that waits for the answer.

    A thread would get the interpreter only between this process's own steps: at 10,000 pages
    the build waited 70 to 100 ms for its 27,000 files. What comes back is one flag a file,
    compressed; a process that fails is answered for by checking here.
    """
    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    process = fork.Process(
        target=_send_as_written,
        args=(outputs, output_dir, sender),
        name="echo-site-verify",
        daemon=True,
    )
    process.start()
    sender.close()

    @functools.cache
    def result() -> OutputTable:
        try:
            flags: bytes | None = zlib.decompress(receiver.recv_bytes())
        except (EOFError, OSError, zlib.error):
            flags = None
        finally:
            receiver.close()
            process.join()
        if flags is None or len(flags) != len(outputs):
            return outputs.on_disk(output_dir)
        return outputs.where(flags)

    return result


def _send_as_written(outputs: OutputTable, output_dir: Path, sender: Connection) -> None:
    sender.send_bytes(zlib.compress(outputs.as_written(output_dir)))
    sender.close()


def _in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a thread; return a call that waits for its result (or raises its error)."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the caller, who raises it
            failure.append(error)

    thread = threading.Thread(target=run, name="echo-site-verify", daemon=True)
    thread.start()

    def result() -> T:
        thread.join()
        if failure:
            raise failure[0]
        return outcome[0]

    return result


def _fingerprint(settings: object, watched: Sequence[Path]) -> tuple[str, dict[str, StatKey]]:
    """Everything a build reads, by name and stat: equal fingerprints build equal sites.

    Also returns the stats taken, by path, so reading the content need not take them again.
    """
    digest = hashlib.sha256()
    digest.update(repr((code_version(), settings)).encode())
    stats: dict[str, StatKey] = {}
    for folder in watched:
        pending = [str(folder)]
        while pending:
            current = pending.pop()
            try:
                entries = sorted(os.scandir(current), key=_by_name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                info = entry.stat(follow_symlinks=False)
                stats[entry.path] = (info.st_size, info.st_mtime_ns, info.st_ino)
    digest.update("".join(f"{path}\0{stat}\n" for path, stat in stats.items()).encode())
    return digest.hexdigest(), stats


_by_name = attrgetter("name")

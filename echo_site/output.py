"""The write stage: put a rendered site into output/ atomically, and nowhere else.

The new site is built in a staging folder beside output/ and swapped in with one rename, so a
failed or interrupted build leaves the previous output/ exactly as it was. Files whose bytes did
not change are hard-linked from the previous output, keeping their mtime (uploads skip them).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import posixpath
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MARKER = ".echo-site"
MARKER_TEXT = b"This folder is written by echo-site; each build replaces it.\n"
_STAGING_PREFIX = ".echo-site-staging-"
_RETIRED_PREFIX = ".echo-site-retired-"


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int


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
    if output_dir.is_dir() and any(output_dir.iterdir()) and not (output_dir / MARKER).is_file():
        raise OutputError(
            f"{output_dir} holds files that echo-site did not write; empty it or "
            "choose another --output"
        )


@contextmanager
def build_lock(output_dir: Path) -> Iterator[None]:
    """Let one build at a time write a given output folder."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output_dir.parent / f".{output_dir.name}.echo-site-lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _remove_leftovers(output_dir)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_leftovers(output_dir: Path) -> None:
    """Remove staging folders of builds that were killed, and restore a half-finished swap."""
    parent = output_dir.parent
    prefix_staging = f"{_STAGING_PREFIX}{output_dir.name}-"
    prefix_retired = f"{_RETIRED_PREFIX}{output_dir.name}-"
    for entry in sorted(parent.iterdir()):
        if entry.name.startswith(prefix_retired) and not output_dir.exists():
            entry.rename(output_dir)  # the swap was interrupted between its two renames
        elif entry.name.startswith((prefix_staging, prefix_retired)):
            shutil.rmtree(entry, ignore_errors=True)


def write_site(output_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> WriteStats:
    """Write `files` and `copies` as the new output/, then swap it in. Call inside `build_lock`."""
    staging = output_dir.parent / f"{_STAGING_PREFIX}{output_dir.name}-{uuid.uuid4().hex[:12]}"
    previous = output_dir if output_dir.is_dir() else None
    written = unchanged = 0
    try:
        staging.mkdir()
        made: set[str] = set()
        for path, data in sorted(files.items()):
            relative = safe_relative(path)
            target = _prepare(staging, relative, made)
            if previous and _same_bytes(previous / relative, data):
                os.link(previous / relative, target, follow_symlinks=False)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        for path, source in sorted(copies.items()):
            relative = safe_relative(path)
            target = _prepare(staging, relative, made)
            if previous and _same_file(previous / relative, source):
                os.link(previous / relative, target, follow_symlinks=False)
                unchanged += 1
            else:
                _copy_regular_file(source, target)
                written += 1
        (staging / MARKER).write_bytes(MARKER_TEXT)
        _swap_in(staging, output_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return WriteStats(written, unchanged)


def _prepare(staging: Path, relative: str, made: set[str]) -> Path:
    folder = posixpath.dirname(relative)
    if folder and folder not in made:
        (staging / folder).mkdir(parents=True, exist_ok=True)
        made.add(folder)
    return staging / relative


def _same_bytes(old: Path, data: bytes) -> bool:
    try:
        info = old.lstat()
        if not old.is_file() or old.is_symlink() or info.st_size != len(data):
            return False
        return old.read_bytes() == data
    except OSError:
        return False


def _same_file(old: Path, source: Path) -> bool:
    try:
        a, b = old.lstat(), source.lstat()
        if a.st_size != b.st_size or old.is_symlink():
            return False
        return old.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _copy_regular_file(source: Path, target: Path) -> None:
    """Copy a file's bytes, refusing to follow a symbolic link put there since it was checked."""
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer, 1024 * 1024)


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Make `staging` the output folder in one step where the system allows it."""
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    if _exchange(staging, output_dir):
        shutil.rmtree(staging)  # now holds the previous site
        return
    retired = output_dir.parent / f"{_RETIRED_PREFIX}{output_dir.name}-{uuid.uuid4().hex[:12]}"
    output_dir.rename(retired)
    staging.rename(output_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))

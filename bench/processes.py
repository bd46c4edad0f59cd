#!/usr/bin/env python3
"""Where a cold build's processor time goes, process by process.

    python bench/processes.py CONTENT_DIR [--interval 0.1]

Builds CONTENT_DIR cold into a temporary folder (no cache) and reads, every `--interval`
seconds, the processor time (user + system, from /proc) of the build process and of every
process under it: the render and reading workers, Pagefind. Prints each kind's total and, for
every two seconds of the build, how the cores were shared: where a build is bound by the
processor, and which process holds it. Linux only; like run.py, a measurement, never a test.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """`pid` and every process under it (children of any of their threads)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            threads = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for thread in threads:
            try:
                text = (thread / "children").read_text()
            except OSError:
                continue
            pending.extend(int(child) for child in text.split())
    return found


def cpu_seconds(pid: int) -> tuple[str, float, float] | None:
    """The process's name, and its user and system seconds so far."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return name, int(fields[11]) / TICK, int(fields[12]) / TICK


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--as-of", default="2026-11-28")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="echo-processes-"))
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(args.content)]
    command += ["--output", str(work / "output"), "--no-cache", "--as-of", args.as_of]
    seen: dict[int, tuple[str, float, float]] = {}
    shares: dict[int, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    try:
        started = time.perf_counter()
        build = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        while build.poll() is None:
            moment = int((time.perf_counter() - started) // 2) * 2
            for pid in tree(build.pid):
                now = cpu_seconds(pid)
                if now is None:
                    continue
                name, user, system = now
                kind = "build" if pid == build.pid else ("worker" if name == "python" else name)
                before = seen.get(pid, (kind, 0.0, 0.0))
                shares[moment][kind] += user + system - before[1] - before[2]
                seen[pid] = (kind, user, system)
            time.sleep(args.interval)
        wall = time.perf_counter() - started
        print((build.stdout.read() if build.stdout else "").strip())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    totals: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for kind, user, system in seen.values():
        total = totals[kind]
        total[0] += user
        total[1] += system
        total[2] += 1
    print(f"\nwall {wall:.1f} s on {len(os.sched_getaffinity(0))} cores")
    for kind, (user, system, count) in sorted(totals.items(), key=lambda kv: -sum(kv[1][:2])):
        print(f"{kind:10} {int(count):3d} process(es)  user {user:6.1f} s  system {system:6.1f} s")
    print("\nprocessor seconds in each 2 s of the build:")
    for moment in sorted(shares):
        parts = ", ".join(f"{k} {v:.1f}" for k, v in sorted(shares[moment].items()))
        print(f"  {moment:4d} s  {parts}")
    return build.returncode


if __name__ == "__main__":
    sys.exit(main())

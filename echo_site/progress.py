"""Build progress on a terminal: a bar for builds that take over a second; silence elsewhere."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Show which stage a build is in; quiet in CI, in pipes, and for quick builds."""

    def __init__(self, stream: TextIO | None, delay: float = 1.0) -> None:
        self.stream = stream
        self.delay = delay
        self.started = time.monotonic()
        self.shown = False
        self.name = ""
        self.marks: list[tuple[str, float]] = [("starting", time.perf_counter())]

    @classmethod
    def quiet(cls) -> Progress:
        return cls(None)

    @classmethod
    def for_terminal(cls, stream: TextIO | None = None) -> Progress:
        # sys.stderr is read when called, not at import: it may have been replaced since.
        stream = stream or sys.stderr
        interactive = stream.isatty() and os.environ.get("CI", "").lower() not in ("1", "true")
        return cls(stream if interactive and os.environ.get("TERM") != "dumb" else None)

    def phase(self, name: str, total: int = 0) -> None:
        self.name = name
        self.marks.append((name, time.perf_counter()))
        self._draw(f"{name}{f' ({total})' if total else ''}")

    def timings(self) -> tuple[tuple[str, float], ...]:
        """Seconds spent in each stage so far."""
        ends = [at for _, at in self.marks[1:]] + [time.perf_counter()]
        return tuple((name, end - at) for (name, at), end in zip(self.marks, ends, strict=True))

    def done(self) -> None:
        if self.stream and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _draw(self, text: str) -> None:
        if self.stream is None or (time.monotonic() - self.started < self.delay and not self.shown):
            return
        stages = (
            "reading content",
            "planning pages",
            "rendering pages",
            "indexing search",
            "writing files",
        )
        step = next((i for i, s in enumerate(stages) if text.startswith(s)), 0) + 1
        filled = round(24 * step / len(stages))
        bar = "#" * filled + "." * (24 - filled)
        self.stream.write(f"\r\x1b[K[{bar}] {text}")
        self.stream.flush()
        self.shown = True

"""Problems found in content: data, collected across a build and reported together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in what an editor wrote, with where it is and what to do about it."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{max(self.line, 1)}:{max(self.column, 1)}: "
        label = "warning: " if self.severity == "warning" else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{label}{self.message}{hint}"

    def as_error(self) -> Problem:
        """Return this problem as an error (what `--strict` does to warnings)."""
        return Problem(self.path, self.line, self.column, self.message, self.hint, "error")


class BuildFailed(Exception):
    """A build stopped because content has errors; nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=problem_sort_key))
        super().__init__(f"{len(self.errors)} error(s) in content")

    def __reduce__(self) -> tuple[type[BuildFailed], tuple[tuple[Problem, ...]]]:
        # Raised in a worker process, it crosses back to the build whole.
        return (BuildFailed, (self.problems,))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


class BuildCancelled(Exception):
    """A build given up because newer changes arrived (the preview); nothing was written."""


def problem_sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.message)


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """Return the closest of `choices` to `word`, if any is close enough to suggest."""
    options = sorted(set(choices))
    lowered = {choice.lower(): choice for choice in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    import difflib  # only when there is a mistake to suggest a fix for

    matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[matches[0]] if matches else None


def suggestion(word: str, choices: Iterable[str], fallback: str) -> str:
    """Return a "did you mean" hint for `word`, or `fallback` when nothing is close."""
    match = did_you_mean(word, choices)
    return f"did you mean {match!r}?" if match else fallback


def summarize(problems: Iterable[Problem]) -> str:
    """Return a one-line count such as "2 errors, 1 warning"."""
    problems = list(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) or "no problems"

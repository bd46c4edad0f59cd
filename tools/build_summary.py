"""A build's figures as a Markdown table, for the summary page of a CI run.

    python build.py --strict --summary-json build.json
    python tools/build_summary.py build.json >> "$GITHUB_STEP_SUMMARY"

The workflow shows it after every build, so a hub sees when its publishing slows down and how
much of the site each build could take from the cache.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def summary_table(figures: dict[str, Any]) -> str:
    """The figures `build.py --summary-json` wrote, as a Markdown table with a heading."""
    files = figures["files"]
    share = f" ({figures['reused'] / files:.0%})" if files else ""
    rows = [
        ("Build time", f"{figures['seconds']:.1f} s"),
        ("Pages", f"{figures['pages']:,}"),
        (
            "Files",
            f"{files:,}: {figures['written']:,} written, {figures['unchanged']:,} unchanged, "
            f"{figures['removed']:,} removed",
        ),
        ("Reused from the build cache", f"{figures['reused']:,} of {files:,} files{share}"),
        ("Warnings", f"{figures['warnings']:,}"),
    ]
    if figures["nothing_changed"]:
        rows[0] = ("Build time", f"{figures['seconds']:.1f} s (nothing had changed)")
    rows += [(f"… {stage}", f"{seconds:.1f} s") for stage, seconds in figures["timings"].items()]
    lines = [
        f"### Site build, as of {figures['as_of']}",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/build_summary.py SUMMARY.json", file=sys.stderr)
        return 2
    figures = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    sys.stdout.write(summary_table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

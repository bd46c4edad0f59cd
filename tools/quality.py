"""Lighthouse and the Nu HTML Checker on the pages visitors land on, for both test hubs.

    python tools/quality.py [--as-of 2026-11-28] [--runs 1] [--json FILE]

Builds the sample hub (content/) and the second hub (tests/hubs/mountain-hub) with search,
serves each the way a static host does (compressed, under its base path) and runs Lighthouse
with its default mobile settings on the home page, the course list, a course, a recording,
enduring materials, a topic page and a program page; then the Nu HTML Checker on every page
of both sites. Prints a Markdown table: the four Lighthouse scores, the layout shift and the
largest contentful paint of each page, and the checker's errors.

Its tools are pinned in tools/quality/package.json; the first run installs them there with
npm (Lighthouse 12.2.3, the last for Node 20, and vnu-jar, which needs Java). Lighthouse
drives Debian's Chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "quality"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from static_host import serve  # noqa: E402

from echo_site.pipeline import BuildOptions, build  # noqa: E402

HUBS = {"sample": ROOT / "content", "mountain": ROOT / "tests/hubs/mountain-hub/content"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def install_tools() -> tuple[Path, Path]:
    """Lighthouse's command and the checker's jar, installed from the pinned versions."""
    lighthouse = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
    vnu = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not (lighthouse.is_file() and vnu.is_file()):
        print("installing Lighthouse and the Nu HTML Checker (npm) ...", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=TOOLS,
            check=True,
        )
    return lighthouse, vnu


def pages_of(output: Path) -> list[tuple[str, str]]:
    """(page type, site path) for the pages the issue names, found in what was built."""

    def first(folder: str, suffix: str = "/index.html") -> str:
        found = sorted((output / folder).glob("*" + suffix))
        return f"/{folder}/{found[0].parent.name}/" if found else ""

    program = next(
        (
            f"/{p.parent.name}/"
            for p in sorted(output.glob("*/index.html"))
            if p.parent.name
            not in {"courses", "recordings", "topics", "audiences", "search", "enduring-materials"}
        ),
        "",
    )
    course = ""
    for path in sorted((output / "courses").glob("*/index.html")):
        if 'class="button button-large button-block"' in path.read_text(encoding="utf-8"):
            course = f"/courses/{path.parent.name}/"  # one open for registration
            break
    return [
        ("home", "/"),
        ("courses", "/courses/"),
        ("course", course or first("courses")),
        ("recording", first("recordings")),
        ("enduring materials", "/enduring-materials/"),
        ("topic", first("topics")),
        ("program page", program),
    ]


def lighthouse(command: Path, url: str, runs: int) -> dict[str, float]:
    """Median scores (0-100), layout shift and largest contentful paint over `runs` runs."""
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            report = Path(scratch) / "report.json"
            subprocess.run(
                [
                    "node",
                    str(command),
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "chromium"},
                check=False,
                capture_output=True,
            )
            if not report.is_file():
                raise SystemExit(f"Lighthouse made no report for {url}")
            data = json.loads(report.read_text())
        audits = data["audits"]
        sample = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
        sample["cls"] = audits["cumulative-layout-shift"].get("numericValue", float("nan"))
        sample["lcp"] = audits["largest-contentful-paint"].get("numericValue", float("nan")) / 1000
        sample["failed"] = [  # type: ignore[assignment]
            a["id"]
            for a in audits.values()
            if a.get("score") is not None
            and a["score"] < 1
            and a.get("scoreDisplayMode") == "binary"
        ]
        samples.append(sample)
    result: dict[str, Any] = {
        key: statistics.median(s[key] for s in samples) for key in (*CATEGORIES, "cls", "lcp")
    }
    result["failed"] = sorted({f for s in samples for f in s["failed"]})  # type: ignore[attr-defined]
    return result


def nu_check(jar: Path, folder: Path) -> list[str]:
    """The Nu HTML Checker's errors on every page of a built site."""
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "gnu",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    lighthouse_command, jar = install_tools()
    import datetime as dt

    rows: list[tuple[str, str, dict[str, Any]]] = []
    nu_errors: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for hub, content in HUBS.items():
            output = Path(scratch) / hub / "output"
            build(
                BuildOptions(
                    content_dir=content,
                    output_dir=output,
                    as_of=dt.date.fromisoformat(args.as_of),
                    use_cache=False,
                )
            )
            nu_errors[hub] = nu_check(jar, output)
            site_yaml = (content / "site.yaml").read_text(encoding="utf-8")
            base = next(
                line.split(":", 1)[1].strip()
                for line in site_yaml.splitlines()
                if line.startswith("base_url:")
            )
            prefix = urlsplit(base).path or "/"
            server, origin = serve(output, prefix)
            try:
                for kind, path in pages_of(output):
                    url = origin + prefix.rstrip("/") + path
                    print(f"{hub} {kind}: {url}", file=sys.stderr)
                    rows.append(
                        (hub, f"{kind} `{path}`", lighthouse(lighthouse_command, url, args.runs))
                    )
            finally:
                server.shutdown()
                server.server_close()
    print(
        "| hub | page | performance | accessibility | best practices | SEO | layout shift | LCP |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for hub, page, scores in rows:
        print(
            f"| {hub} | {page} | {scores['performance']:.0f} | {scores['accessibility']:.0f} | "
            f"{scores['best-practices']:.0f} | {scores['seo']:.0f} | {scores['cls']:.3f} | "
            f"{scores['lcp']:.1f} s |"
        )
    print()
    for hub, errors in nu_errors.items():
        print(f"Nu HTML Checker, {hub} hub: {len(errors)} error(s)")
        for line in errors[:20]:
            print(f"  {line}")
    failing = [(hub, page, s["failed"]) for hub, page, s in rows if s["failed"]]
    if failing:
        print("\nAudits that did not pass:")
        for hub, page, failed in failing:
            print(f"  {hub} {page}: {', '.join(failed)}")
    if args.json:
        args.json.write_text(json.dumps({"pages": rows, "nu": nu_errors}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

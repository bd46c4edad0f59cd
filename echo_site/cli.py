"""The command line: build (the default), serve, check, new, init and theme.

The same for the installed `echo-site` and for `python build.py` in a checkout; messages name
the program as the person typed it. Exit status: 0 success, 1 content errors, 2 usage errors
(bad options or folders).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from .errors import BuildFailed, Problem, summarize
from .output import OutputError, build_lock
from .pipeline import BuildOptions, BuildResult, build
from .progress import Progress

COMMANDS = ("build", "serve", "check", "new", "init", "theme")
PROGRAM = "echo-site"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (0 for all)")
    return value


def _base_url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a full address such as https://example.org/echo/"
        )
    return text.rstrip("/") + "/"


def _site_options(parser: argparse.ArgumentParser, *, output_default: str = "output") -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(output_default),
        metavar="DIR",
        help=f"where the site is written (default: {output_default})",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        default=None,
        metavar="DIR",
        help="templates that override the defaults (default: templates/ beside "
        "the content folder, when there is one)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the build date (default: today in the site's time zone)",
    )
    parser.add_argument(
        "--base-url",
        type=_base_url,
        default=None,
        metavar="URL",
        help="publish at this address instead of site.yaml's base_url",
    )
    parser.add_argument("--drafts", action="store_true", help="include content marked draft")
    parser.add_argument(
        "--no-search", dest="search", action="store_false", help="skip the search index"
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to use (default: every core)",
    )
    parser.add_argument(
        "--no-cache",
        dest="use_cache",
        action="store_false",
        help="build everything from scratch, without reading or updating the build cache",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the build cache is kept (default: .echo-cache beside the output folder)",
    )


def how_to_run(program: str) -> str:
    """What a person types to start the program: `python build.py`, or `echo-site`."""
    return f"python {program}" if program.endswith(".py") else program


def make_parser(command: str, program: str = PROGRAM) -> argparse.ArgumentParser:
    prog = program if command == "build" else f"{program} {command}"
    if command == "build":
        parser = argparse.ArgumentParser(
            prog=prog,
            description="Build the ECHO hub site from content/ into output/.",
            epilog=f"Other commands: {program} serve (live preview), {program} check (build "
            f"and check links and HTML), {program} new course|recording|page SLUG, "
            f"{program} init DIR (start a new hub), {program} theme [FILE ...] (copy default "
            "templates to change them).",
        )
        _site_options(parser)
        parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
        parser.add_argument(
            "--timings", action="store_true", help="print the seconds each stage took"
        )
        parser.add_argument(
            "--summary-json",
            type=Path,
            metavar="FILE",
            help="also write the build's figures (pages, files, reused, seconds, stages) to FILE "
            "as JSON, for CI to show",
        )
    elif command == "serve":
        parser = argparse.ArgumentParser(
            prog=prog,
            description="Preview the site while you edit: "
            "rebuilds on every save and reloads the browser.",
        )
        _site_options(parser)
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="address to listen on (default: 127.0.0.1, this computer only)",
        )
        parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
        parser.add_argument(
            "--cms",
            action="store_true",
            help="edit in the browser at /admin/: starts Decap CMS's local server "
            "(decap-server, from npm), which saves into your files, with no account",
        )
        parser.add_argument(
            "--cms-port",
            type=int,
            default=8081,
            metavar="N",
            help="the port of Decap CMS's local server (default: 8081)",
        )
    elif command == "check":
        parser = argparse.ArgumentParser(
            prog=prog,
            description="Build into a temporary folder and "
            "check every link, anchor, image and the HTML, without "
            "touching output/.",
        )
        _site_options(parser)
        parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
        parser.add_argument(
            "--no-html-validation",
            dest="validate_html",
            action="store_false",
            help="skip the HTML validator",
        )
    elif command == "new":
        parser = argparse.ArgumentParser(
            prog=prog, description="Write a starter file with every field, explained."
        )
        parser.add_argument("kind", choices=("course", "recording", "page"))
        parser.add_argument("slug", help="the file name without .md: lowercase, digits, hyphens")
        parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    elif command == "init":
        parser = argparse.ArgumentParser(
            prog=prog,
            description="Start a new hub in a new or empty folder: content/ with a course, a "
            "recording and two pages, a README.md that says how to build it, and a .gitignore.",
        )
        parser.add_argument(
            "folder", type=Path, metavar="DIR", help="the new hub's folder: new, or empty"
        )
    else:
        parser = argparse.ArgumentParser(
            prog=prog,
            description="List the default theme's files, or copy some into your templates "
            "folder to change them there: the build uses your copy instead of the default.",
        )
        parser.add_argument(
            "files",
            nargs="*",
            metavar="FILE",
            help="theme files to copy, such as page.html or assets/style.css",
        )
        parser.add_argument(
            "--templates",
            type=Path,
            default=Path("templates"),
            metavar="DIR",
            help="your templates folder (default: templates)",
        )
    return parser


def options_from(args: argparse.Namespace, **overrides: object) -> BuildOptions:
    values: dict[str, object] = {
        "content_dir": args.content,
        "output_dir": args.output,
        "as_of": args.as_of,
        "base_url": args.base_url,
        "include_drafts": args.drafts,
        "strict": getattr(args, "strict", False),
        "templates_dir": args.templates,
        "search": args.search,
        "jobs": args.jobs,
        "use_cache": args.use_cache,
        "cache_dir": args.cache_dir,
    }
    values.update(overrides)
    return BuildOptions(**values)  # type: ignore[arg-type]


def print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(problem, file=stream)


def report_success(result: BuildResult, stream: TextIO) -> None:
    print_problems(result.warnings, sys.stderr)
    warned = f", {summarize(result.warnings)}" if result.warnings else ""
    if result.nothing_changed:
        print(
            f"Nothing changed: {result.pages} pages are up to date as of {result.as_of} "
            f"({result.seconds:.2f} s{warned}).",
            file=stream,
        )
        return
    details = f"{result.written} written, {result.unchanged} unchanged"
    if result.removed:
        details += f", {result.removed} removed"
    if result.reused:
        details += f"; {result.reused} reused from the cache"
    print(
        f"Built {result.pages} pages ({result.files} files: {details}) "
        f"as of {result.as_of} in {result.seconds:.2f} s{warned}.",
        file=stream,
    )


def run_build(
    args: argparse.Namespace, prog: str = PROGRAM, kept: list[object] | None = None
) -> int:
    if not args.content.is_dir():
        print(f"{prog}: error: the content folder {args.content} does not exist", file=sys.stderr)
        return 2
    try:
        result = build(options_from(args), progress=Progress.for_terminal(), kept=kept)
    except BuildFailed as failure:
        print_problems(failure.problems, sys.stderr)
        print(
            f"Build failed: {summarize(failure.problems)}. The previous site in "
            f"{args.output} was left as it was.",
            file=sys.stderr,
        )
        return 1
    except OutputError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    if kept is not None:
        kept.append(result)
        gc.freeze()  # and out of the collector's way until the process ends
    report_success(result, sys.stdout)
    if getattr(args, "timings", False):
        for stage, seconds in result.timings:
            print(f"  {stage}: {seconds:.2f} s", file=sys.stderr)
    if getattr(args, "summary_json", None) is not None:
        try:
            args.summary_json.write_text(
                json.dumps(build_summary(result), indent=2) + "\n", encoding="utf-8"
            )
        except OSError as error:
            print(f"{prog}: error: cannot write {args.summary_json}: {error}", file=sys.stderr)
            return 2
    return 0


def build_summary(result: BuildResult) -> dict[str, object]:
    """What a finished build did, as plain values: how long it took and how much it reused."""
    return {
        "as_of": result.as_of.isoformat(),
        "pages": result.pages,
        "files": result.files,
        "written": result.written,
        "unchanged": result.unchanged,
        "removed": result.removed,
        "reused": result.reused,
        "nothing_changed": result.nothing_changed,
        "warnings": len(result.warnings),
        "seconds": round(result.seconds, 3),
        "timings": {stage: round(seconds, 3) for stage, seconds in result.timings},
    }


def run(program: str = PROGRAM) -> NoReturn:
    """The command line (build.py and the echo-site command): one command, then the process
    ends at once. What a build made (hundreds of thousands of objects at 10,000 pages) is kept
    until then and handed back to the system whole, instead of being freed object by object
    and walked by Python's cycle collector on the way out: a tenth of a second of a build that
    changed one page."""
    made: list[object] = []
    code = main(program=program, kept=made)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(
    argv: Sequence[str] | None = None,
    *,
    program: str = PROGRAM,
    kept: list[object] | None = None,
) -> int:
    """Run one command; `program` is how it was started (build.py passes its own name).

    A build appends what it made to `kept`, for a caller that ends the process right after
    (`run`).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else "build"
    if argv and argv[0] == command:
        argv = argv[1:]
    parser = make_parser(command, program)
    args = parser.parse_args(argv)
    run = how_to_run(program)
    # A terminated build cleans up its staging folder like an interrupted one.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if command == "build":
            return run_build(args, parser.prog, kept)
        if command == "serve":
            from .serve import serve

            return serve(
                options_from(args),
                host=args.host,
                port=args.port,
                prog=parser.prog,
                cms_port=args.cms_port if args.cms else None,
            )
        if command == "check":
            from .check import run_check

            return run_check(
                options_from(args), validate_html_pages=args.validate_html, prog=parser.prog
            )
        from . import scaffold

        if command == "new":
            return scaffold.write_starter(
                args.content, args.kind, args.slug, prog=parser.prog, run=run
            )
        if command == "init":
            return scaffold.init_hub(args.folder, dt.date.today(), prog=parser.prog, run=run)
        return scaffold.copy_theme_files(args.files, args.templates, prog=parser.prog, run=run)
    except KeyboardInterrupt:
        output = getattr(args, "output", None)
        if output is not None and output.parent.is_dir():
            with build_lock(output):  # takes away whatever the stopped build had begun
                pass
        print("Stopped.", file=sys.stderr)
        return 130 if os.name == "posix" else 1

"""The theme's message catalogues: collect the messages, update every catalogue, start a new one.

    python tools/messages.py              # every catalogue in step with the code and the
                                          # templates: new messages empty, unused ones dropped
                                          # (English translates each as itself)
    python tools/messages.py --init fr    # start a French catalogue from messages.pot
    python tools/messages.py --check      # list what a catalogue lacks or keeps for nothing

Messages are collected as babel.cfg says (pybabel reads it too), with one keyword besides
gettext's own: `plural_forms(singular, plural)`, the plural messages templates hand to scripts.
tests/test_languages.py runs the same check: a catalogue that lacks a message, leaves one
empty or keeps one no code uses fails the suite.
"""

from __future__ import annotations

import argparse
import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "echo_site" / "locale"
KEYWORDS = {**DEFAULT_KEYWORDS, "plural_forms": (1, 2)}
SOURCE_LANGUAGE = "en"
_SOURCES = {"echo_site", "templates"}  # the folders babel.cfg's patterns name


def extract() -> Catalog:
    """Every message the code and the default theme use, with where they use it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    catalogue = _catalogue(None)
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
        directory_filter=lambda path: Path(path).relative_to(ROOT).parts[0] in _SOURCES,
    )
    for filename, line, message, comments, context in found:
        where = Path(filename).as_posix()
        catalogue.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return catalogue


def _catalogue(language: str | None) -> Catalog:
    """An empty catalogue (the template's, without a language) with echo-site's header."""
    return Catalog(
        locale=language,
        header_comment=(
            "# The words of echo-site's default theme"
            + (f", in {language}" if language else "")
            + ".\n# tools/messages.py keeps the msgids in step with the code and the "
            "templates: translate the msgstr lines."
        ),
        project="echo-site",
        version="0.1.0",
        msgid_bugs_address="",
        last_translator="echo-site contributors",
        language_team="echo-site contributors",
        charset="utf-8",
        fuzzy=False,
    )


def catalogue_files() -> dict[str, Path]:
    """The shipped catalogues, by language."""
    return {p.parent.parent.name: p for p in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))}


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language)


def write(path: Path, catalogue: Catalog) -> bool:
    """Write a catalogue unless only its dates would change; whether it was written."""
    text = BytesIO()
    write_po(text, catalogue, width=100, ignore_obsolete=True, include_lineno=False)
    data = text.getvalue()
    if path.is_file() and _undated(path.read_bytes()) == _undated(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _undated(data: bytes) -> bytes:
    return re.sub(rb'^"(POT-Creation|PO-Revision)-Date: [^"]*"$', b"", data, flags=re.M)


def _key(message: Message) -> object:
    return (message.id, message.context)


def problems(template: Catalog, language: str, catalogue: Catalog) -> list[str]:
    """What a catalogue lacks (or leaves empty) and what it keeps that no code uses."""
    wanted = {_key(m): m for m in template if m.id}
    have = {_key(m): m for m in catalogue if m.id}
    found = []
    for key, message in wanted.items():
        translated = have.get(key)
        if translated is None:
            found.append(f"{language}: missing {_show(message)}")
        elif translated.fuzzy or not _complete(translated, catalogue.num_plurals):
            found.append(f"{language}: not translated {_show(message)}")
    found += [f"{language}: unused {_show(m)}" for k, m in have.items() if k not in wanted]
    for message, errors in catalogue.check():
        found += [f"{language}: {_show(message)}: {error}" for error in errors]
    return found


def _complete(message: Message, plurals: int) -> bool:
    if isinstance(message.id, (list, tuple)):
        strings = message.string if isinstance(message.string, (list, tuple)) else ()
        return len(strings) == plurals and all(strings)
    return bool(message.string)


def _show(message: Message) -> str:
    text = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
    context = f" (context {message.context!r})" if message.context else ""
    return f"{text!r}{context}" + (f" at {where}" if where else "")


def update(template: Catalog) -> None:
    """The template (messages.pot, for translators' tools) and every catalogue in step with the
    code; English translates each message as itself."""
    write(LOCALE / "messages.pot", template)
    for language, path in catalogue_files().items():
        catalogue = read(path, language)
        catalogue.update(template, no_fuzzy_matching=True)
        if language == SOURCE_LANGUAGE:
            for message in catalogue:
                if message.id:
                    message.string = (
                        tuple(message.id[:1] + message.id[1:] * (catalogue.num_plurals - 1))
                        if isinstance(message.id, (list, tuple))
                        else message.id
                    )
        write(path, catalogue)


def init(template: Catalog, language: str) -> Path:
    path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    if path.exists():
        raise SystemExit(f"{path} already exists: run without --init to update it")
    catalogue = _catalogue(language)
    catalogue.update(template, no_fuzzy_matching=True)
    write(path, catalogue)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--init", metavar="LANGUAGE", help="start a catalogue for a language")
    group.add_argument("--check", action="store_true", help="only report what is missing")
    args = parser.parse_args(argv)
    template = extract()
    if args.check:
        found = [
            problem
            for language, path in catalogue_files().items()
            for problem in problems(template, language, read(path, language))
        ]
        print("\n".join(found) or "every catalogue is complete")
        return 1 if found else 0
    if args.init:
        print(f"started {init(template, args.init).relative_to(ROOT)}: translate each msgstr")
        return 0
    update(template)
    print(f"{len(template)} messages; updated {', '.join(catalogue_files())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

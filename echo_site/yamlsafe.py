"""Read YAML the way editors mean it, with a line for every value.

PyYAML reads YAML 1.1: `on`/`no` become booleans, `12:30` the integer 750, bad dates raise bare
errors, duplicate keys vanish and aliases can expand without bound. This module builds plain Python
values from the parser's event stream instead, so that:

- only `true`/`false`, decimal numbers and `null` are typed; everything else (dates, times,
  `on`, `yes`, `01234`) stays the text the editor typed, for the validator to read with a line;
- anchors, aliases, explicit tags, duplicate keys and absurd nesting are refused as problems;
- every value and key keeps its line and column in the file.

The C parser (libyaml) is used when PyYAML was built with it; both parsers feed the same builder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from yaml import events

from .errors import Problem

YamlPath = tuple[str | int, ...]
MAX_DEPTH = 40

_UNTYPED = "tag:yaml.org,2002:str"
_TYPED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
    _UNTYPED,
}
_COMMENT_AFTER_VALUE = re.compile(r"\s+#\S")
_CONTROL_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]"
)
_OTHER_LINE_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


class _Resolver(yaml.resolver.BaseResolver):
    """Resolve plain scalars like YAML 1.2's core schema, minus timestamps and octal."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _PureParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Resolver):
    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Resolver.__init__(self)


def _fast_parser() -> type:
    """libyaml's parser with our resolver, when PyYAML was built with libyaml (about 8x faster)."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return _PureParser

    class _FastParser(CParser, _Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Resolver.__init__(self)

    return _FastParser


_PARSER = _fast_parser()


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class YamlDocument:
    """Plain values read from YAML, with where each value and key was written."""

    data: Any
    positions: dict[YamlPath, Position] = field(default_factory=dict)
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    raw_text: dict[YamlPath, str] = field(default_factory=dict)
    unquoted: set[YamlPath] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)  # the YAML text, line by line
    first_line: int = 1  # the file line of lines[0]

    def text_position(self, path: YamlPath) -> tuple[int, int]:
        """Where the text of a value starts in the file: for `key: |`, the next line's indent."""
        position = self.where(path)
        row = position.line - self.first_line
        line = self.lines[row] if 0 <= row < len(self.lines) else ""
        marker = line[position.column - 1 : position.column]
        if marker in ("|", ">") and row + 1 < len(self.lines):
            following = self.lines[row + 1]
            return position.line + 1, len(following) - len(following.lstrip(" ")) + 1
        return position.line, position.column + (1 if marker in ("'", '"') else 0)

    def where(self, path: YamlPath, *, key: bool = False) -> Position:
        """Return where the value (or key) at `path` was written, or its nearest ancestor."""
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                return table[path]
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(1, 1))


def parse_yaml(
    text: str,
    display_path: str,
    problems: list[Problem],
    *,
    first_line: int = 1,
    pure: bool = False,
) -> YamlDocument | None:
    """Parse one YAML document; report problems and return None when it cannot be read.

    `first_line` is the file line of the text's first line (front matter starts on line 2).
    """
    control = _CONTROL_CHARACTER.search(text)
    if control:
        line = text.count("\n", 0, control.start())
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        problems.append(
            Problem(
                display_path,
                line + first_line,
                column,
                f"this line holds an invisible control character (U+{ord(control.group()):04X})",
                "delete it and retype the text around it; it often comes from pasting out of a "
                "word processor",
            )
        )
        return None
    # YAML also breaks lines at U+0085, U+2028 and U+2029; as spaces they keep lines counted.
    text = text.translate(_OTHER_LINE_BREAKS)
    builder = _Builder(text, display_path, first_line, problems)
    parser = None
    try:
        parser = (_PureParser if pure else _PARSER)(text)
        while True:
            event = parser.get_event()
            if isinstance(event, events.StreamEndEvent):
                break
            if not builder.feed(event):
                return None
    except yaml.MarkedYAMLError as error:
        problem = _syntax_problem(error, text.split("\n"), display_path, first_line)
        last_line = first_line + max(text.count("\n") - (1 if text.endswith("\n") else 0), 0)
        if problem.line > last_line:  # "found unexpected end of stream" points past the end
            problem = replace(problem, line=last_line, column=1)
        problems.append(problem)
        return None
    except yaml.YAMLError as error:  # reader errors (control characters) carry no mark class
        mark = getattr(error, "problem_mark", None) or getattr(error, "mark", None)
        line = (mark.line if mark else 0) + first_line
        problems.append(
            Problem(
                display_path,
                line,
                1,
                f"YAML could not read this: {error}",
                "remove unusual characters from this line",
            )
        )
        return None
    finally:
        dispose = getattr(parser, "dispose", None) if parser is not None else None
        if dispose:
            dispose()
    return builder.document()


class _Builder:
    """Turn parser events into plain values, positions and problems, without recursion."""

    def __init__(self, text: str, display_path: str, first_line: int, problems: list[Problem]):
        self.lines = text.split("\n")
        self.display_path = display_path
        self.first_line = first_line
        self.problems = problems
        self.doc = YamlDocument(data=None, lines=self.lines, first_line=first_line)
        self.documents = 0
        # Each frame: [container, path, pending key or None]
        self.stack: list[list[Any]] = []
        self.done = False

    def document(self) -> YamlDocument:
        return self.doc

    def _position(self, mark: Any) -> Position:
        return Position(mark.line + self.first_line, mark.column + 1)

    def _fail(self, mark: Any, message: str, hint: str) -> bool:
        pos = self._position(mark)
        self.problems.append(Problem(self.display_path, pos.line, pos.column, message, hint))
        return False

    def feed(self, event: Any) -> bool:
        if isinstance(event, (events.StreamStartEvent, events.DocumentEndEvent)):
            return True
        if isinstance(event, events.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                return self._fail(
                    event.start_mark,
                    "this holds more than one YAML document",
                    "keep a single block of fields; remove the extra '---' line",
                )
            return True
        if isinstance(event, events.AliasEvent):
            return self._fail(
                event.start_mark,
                f"YAML aliases (*{event.anchor}) are not supported",
                "write the value out in full instead of referring to an anchor",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            return self._fail(
                event.start_mark,
                f"YAML anchors (&{anchor}) are not supported",
                "remove the '&' name and write each value out in full",
            )
        if isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
            self.stack.pop()
            return True
        if len(self.stack) >= MAX_DEPTH:
            return self._fail(
                event.start_mark,
                "the fields are nested too deeply",
                "flatten the structure; content fields never nest this far",
            )

        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _TYPED_TAGS:
            return self._fail(
                event.start_mark,
                f"YAML tags such as {_as_written(tag)} are not supported",
                "remove the tag that starts with '!'",
            )

        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            return self._take_key(event)

        value: Any
        if isinstance(event, events.MappingStartEvent):
            value = {}
        elif isinstance(event, events.SequenceStartEvent):
            value = []
        else:
            value = self._scalar(event)
        path = self._place(value, event)
        if isinstance(value, (dict, list)):
            self.stack.append([value, path, None])
        return True

    def _take_key(self, event: Any) -> bool:
        if not isinstance(event, events.ScalarEvent):
            return self._fail(
                event.start_mark,
                "a field name must be a plain word",
                "write each field as 'name: value'",
            )
        mapping, path, _ = self.stack[-1]
        key = event.value
        key_path = (*path, key)
        position = self._position(event.start_mark)
        if key in mapping:
            first = self.doc.key_positions[key_path]
            self.problems.append(
                Problem(
                    self.display_path,
                    position.line,
                    position.column,
                    f"'{key}' is given twice (first on line {first.line})",
                    "keep one of them; YAML would silently use only the last",
                )
            )
            key = _DuplicateKey(key)
        else:
            self.doc.key_positions[key_path] = position
        self.stack[-1][2] = key
        return True

    def _place(self, value: Any, event: Any) -> YamlPath:
        position = self._position(event.start_mark)
        if not self.stack:
            self.doc.data = value
            path: YamlPath = ()
        else:
            frame = self.stack[-1]
            container, parent_path = frame[0], frame[1]
            if isinstance(container, dict):
                key = frame[2]
                frame[2] = None
                if isinstance(key, _DuplicateKey):
                    return (*parent_path, "\0duplicate")
                container[key] = value
                path = (*parent_path, key)
            else:
                container.append(value)
                path = (*parent_path, len(container) - 1)
        self.doc.positions[path] = position
        if isinstance(event, events.ScalarEvent):
            self.doc.raw_text[path] = event.value
            if event.implicit[0] and not event.style:  # the C parser gives "" for plain
                self.doc.unquoted.add(path)
                self._warn_swallowed_comment(event, path)
        return path

    def _scalar(self, event: Any) -> Any:
        text = event.value
        if event.tag == _UNTYPED or (event.tag is None and not event.implicit[0]) or event.style:
            return text
        resolved = _Resolver().resolve(yaml.ScalarNode, text, event.implicit)
        if event.tag not in (None, "!"):
            resolved = event.tag
        if resolved == "tag:yaml.org,2002:bool":
            return text.lower() == "true"
        if resolved == "tag:yaml.org,2002:int":
            try:
                return int(text)
            except ValueError:
                return text
        if resolved == "tag:yaml.org,2002:float":
            try:
                return float(text)
            except ValueError:
                return text
        if resolved == "tag:yaml.org,2002:null":
            return None
        return text

    def _warn_swallowed_comment(self, event: Any, path: YamlPath) -> None:
        """Warn when a '#' cuts an unquoted value short (`title: Session #5` reads "Session")."""
        if not path or not isinstance(path[-1], str):
            return
        end = event.end_mark
        if end.line >= len(self.lines):
            return
        rest = self.lines[end.line][end.column :]
        if not _COMMENT_AFTER_VALUE.match(rest):
            return
        comment = rest.strip()
        position = self._position(end)
        self.problems.append(
            Problem(
                self.display_path,
                position.line,
                position.column,
                f"YAML read '{path[-1]}' as {event.value!r} and treated {comment!r} as a comment",
                f'put the whole value in quotes: {path[-1]}: "{event.value} {comment}"',
                "warning",
            )
        )


class _DuplicateKey(str):
    """Marks the second occurrence of a key, whose value is read but not kept."""


def _syntax_problem(
    error: yaml.MarkedYAMLError, lines: list[str], display_path: str, first_line: int
) -> Problem:
    """Translate a parser error into what an editor can act on."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    row = mark.line if mark else 0
    line_text = lines[row] if row < len(lines) else ""
    message, hint = "YAML could not read this line", "check the quotes, colons and indentation here"
    at_mark = line_text[mark.column] if mark and mark.column < len(line_text) else ""
    if "'\\t'" in problem or "tab" in problem or (at_mark == "\t" and "token" in problem):
        message, hint = (
            "a tab character is used for indenting",
            "YAML needs spaces: replace the tab with spaces",
        )
    elif "flow sequence" in context or "flow mapping" in context:
        mark = error.context_mark or mark
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        kind = "list" if opening == "[" else "group"
        message = f"a {opening} {kind} is opened here but never closed"
        hint = f"add the closing {closing} at the end of the {kind}"
    elif "quoted scalar" in context:
        mark = error.context_mark or mark
        message = "a quote is opened here but never closed"
        hint = "add the closing quote at the end of the value"
    elif (opened := _unclosed_quote_above(lines, row)) is not None:
        message = "a quote is opened here but never closed"
        hint = "add the closing quote at the end of the value"
        return Problem(display_path, opened[0] + first_line, opened[1], message, hint)
    elif (start := _flow_start(line_text)) is not None:
        key, _, value = line_text.strip().partition(":")
        message = f"YAML reads a value that starts with '{start}' as a list or a group"
        hint = f'put the whole value in quotes: {key}: "{value.strip()}"'
        return Problem(display_path, row + first_line, 1, message, hint)
    elif _quote_ends_early(line_text):
        key, _, value = line_text.strip().partition(":")
        inner = value.strip()[1:-1]
        message = "the quotes around this value end early"
        hint = (
            f'use double quotes around a value with an apostrophe: {key}: "{inner}"'
            if value.strip().startswith("'")
            else f"use single quotes around a value with double quotes: {key}: '{inner}'"
        )
        mark = None
        return Problem(display_path, row + first_line, 1, message, hint)
    elif (
        "mapping values are not allowed" in problem
        and line_text.count(": ") + line_text.endswith(":") > 1
    ):
        key, _, value = line_text.strip().partition(": ")
        message = "a second ':' on this line confuses YAML"
        hint = f'put the value in quotes: {key}: "{value}"'
    elif "mapping values are not allowed" in problem and row > 0 and ":" not in lines[row - 1]:
        message, hint = "this line is missing its ':'", "write each field as 'name: value'"
        return Problem(display_path, row - 1 + first_line, 1, message, hint)
    elif "could not find expected ':'" in problem:
        mark = error.context_mark or mark
        message, hint = "this line is missing its ':'", "write each field as 'name: value'"
    elif (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "mapping values are not allowed" in problem
    ):
        message = "the indentation does not line up"
        hint = "line fields up under each other, using spaces only"
    elif "did not find expected '-' indicator" in problem:
        message, hint = (
            "a list item is not lined up",
            "start each list item with '- ' at the same indent",
        )
    elif "found character" in problem and "cannot start any token" in problem:
        character = problem.split("'")[1] if "'" in problem else "?"
        message = f"YAML cannot start a value with {character!r}"
        hint = "put the value in quotes"
    elif problem:
        message = f"YAML could not read this ({problem})"
    line = (mark.line if mark else 0) + first_line
    column = (mark.column + 1) if mark else 1
    return Problem(display_path, line, column, message, hint)


def _quote_ends_early(line_text: str) -> bool:
    """Tell whether a quoted value holds its own quote character (`title: 'it's'`)."""
    _, colon, value = line_text.partition(": ")
    value = value.strip()
    if not colon or len(value) < 3 or value[0] not in "'\"" or value[-1] != value[0]:
        return False
    inner = value[1:-1].replace("''", "") if value[0] == "'" else value[1:-1].replace('\\"', "")
    return value[0] in inner


def _as_written(tag: str) -> str:
    """Show a tag the way it was typed: tag:yaml.org,2002:python/object is !!python/object."""
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?[\w-]+:\s+(["'])""")


def _unclosed_quote_above(lines: list[str], row: int) -> tuple[int, int] | None:
    """Find a value whose quote was opened and never closed, which YAML reports lines later."""
    for index in range(min(row, len(lines) - 1), max(-1, row - 30), -1):
        match = _OPENING_QUOTE.match(lines[index])
        if not match:
            continue
        quote = match.group(1)
        rest = lines[index][match.end() :]
        if quote == "'":
            rest = rest.replace("''", "")
        else:
            rest = rest.replace('\\"', "")
        if quote not in rest:
            return index, match.start(1) + 1
    return None


def _flow_start(line_text: str) -> str | None:
    """`title: [Draft] About`: a value that starts like a list but goes on after it."""
    _, colon, value = line_text.partition(": ")
    value = value.strip()
    if not colon or not value or value[0] not in "[{":
        return None
    closing = "]" if value[0] == "[" else "}"
    end = value.find(closing)
    return value[0] if end != -1 and value[end + 1 :].strip() else None

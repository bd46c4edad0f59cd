"""The one Markdown renderer: CommonMark with tables, footnotes and heading anchors.

Raw HTML is escaped unless the site turns it on. Links are resolved to site paths (and kept, with
their source line, for link checks), then written relative to the page so sub-path hosting
works. Private meeting links are taken out, and images without alt text are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Problem
from .model import LinkRef, Markdown, Source
from .safety import meeting_link_in, redact_meeting_links
from .urls import relative_url, resolve_link

# Tokens whose text is shown as written: a meeting link in code or raw HTML is as public as in
# a sentence.
_TEXTS = ("text", "code_inline", "html_inline")
_VERBATIM_BLOCKS = ("fence", "code_block", "html_block")


@lru_cache(maxsize=2)
def markdown_parser(raw_html: bool = False) -> MarkdownIt:
    """Return the configured parser; one per process and setting."""
    md = MarkdownIt("commonmark", {"html": raw_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    md.add_render_rule("footnote_anchor", _render_footnote_anchor)
    return md


def render_markdown(
    text: str,
    *,
    page: str,
    content_path: str,
    display_path: str,
    first_line: int,
    problems: list[Problem],
    raw_html: bool = False,
    first_column: int = 1,
) -> Markdown:
    """Render Markdown that will appear on the page at site path `page`.

    `content_path` is the source's path inside content/ (for links to other .md files);
    `first_line` is the file line where `text` starts, so problems point at the file.
    """
    if not text.strip():
        return Markdown("")
    md = markdown_parser(raw_html)
    env: EnvType = {}
    tokens = md.parse(text, env)
    context = _Context(
        page, content_path, display_path, first_line, text, problems, first_column - 1
    )
    _shift_headings(tokens)
    links: list[LinkRef] = []
    heading_ids: list[str] = []
    first_paragraph = ""
    opens_with_image = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrs.get("id"):
            heading_ids.append(str(token.attrs["id"]))
        if token.type in _VERBATIM_BLOCKS and context.private:
            _redact_block(token, context)
        if token.type == "inline" and token.children is not None:
            before = len(context.images)
            links.extend(_process_inline(token, context))
            if index == 1 and len(context.images) > before:
                opens_with_image = True
            if not first_paragraph and index and tokens[index - 1].type == "paragraph_open":
                first_paragraph = _plain_text(token.children)
    heading_ids.extend(
        f"fn{n}" for n in range(1, len(env.get("footnotes", {}).get("list", {})) + 1)
    )
    html = md.renderer.render(tokens, md.options, env)
    return Markdown(
        html,
        tuple(links),
        tuple(heading_ids),
        first_paragraph[:300],
        tuple(dict.fromkeys(context.images)),
        opens_with_image,
    )


class _Context:
    def __init__(
        self,
        page: str,
        content_path: str,
        display_path: str,
        first_line: int,
        text: str,
        problems: list[Problem],
        column_offset: int = 0,
    ) -> None:
        self.column_offset = column_offset
        # One search of the whole text decides whether any token needs a closer look.
        self.private = meeting_link_in(text) is not None
        self.page = page
        self.content_path = content_path
        self.display_path = display_path
        self.first_line = first_line
        self.text = text
        self.problems = problems
        self.images: list[str] = []  # pictures under files/, in the order they appear

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, split only when a link or a problem needs its column."""
        return self.text.split("\n")

    def source(self, row: int, needle: str) -> Source:
        text = self.lines[row] if 0 <= row < len(self.lines) else ""
        column = text.find(needle) + 1 if needle and needle in text else 1
        return Source(self.display_path, row + self.first_line, column + self.column_offset)

    def warn(self, source: Source, message: str, hint: str) -> None:
        self.problems.append(
            Problem(source.path, source.line, source.column, message, hint, "warning")
        )


def _process_inline(inline: Token, context: _Context) -> list[LinkRef]:
    if not context.private and "[" not in inline.content and "<" not in inline.content:
        return []  # no link or image: each starts with [ or, as an autolink, with <
    row = inline.map[0] if inline.map else 0
    links = []
    kept: list[Token] = []
    skip_close = 0
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            row += 1
        if context.private and child.type in _TEXTS and meeting_link_in(child.content):
            _warn_private(context, row, meeting_link_in(child.content) or "")
            child.content = redact_meeting_links(child.content)
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if context.private and meeting_link_in(href):
                context.warn(
                    context.source(row, href),
                    f"this links to a private meeting ({href}); the link was left out of the page",
                    "meeting links are sent privately after registration; remove it here",
                )
                skip_close += 1
                continue
            links.extend(_rewrite(child, "href", href, row, context))
        elif child.type == "link_close" and skip_close:
            skip_close -= 1
            continue
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            if not _plain_text(child.children or []).strip():
                context.warn(
                    context.source(row, src),
                    f"the image {src} has no alt text",
                    "describe the picture between the brackets: ![What it shows]("
                    + src
                    + "); for a purely decorative image, leave it out",
                )
            found = _rewrite(child, "src", src, row, context)
            picture = _picture_path(found[0].target) if found else None
            if picture:
                # Pages show it in every size and format made of it (render.py, by this mark).
                child.attrs["data-picture"] = picture
                context.images.append(picture)
            links.extend(found)
        kept.append(child)
    inline.children = kept
    return links


def _redact_block(token: Token, context: _Context) -> None:
    """Take private meeting links and passcodes out of a code or HTML block."""
    link = meeting_link_in(token.content)
    if not link:
        return
    start, end = token.map or (0, 0)
    row = next((r for r in range(start, end) if link in context.lines[r]), start)
    _warn_private(context, row, link)
    token.content = redact_meeting_links(token.content)


def _warn_private(context: _Context, row: int, link: str) -> None:
    context.warn(
        context.source(row, link),
        f"this looks like a private meeting link or passcode ({link}); it was left out of the page",
        "meeting links are sent privately after registration; remove it here",
    )


def _rewrite(token: Token, attr: str, href: str, row: int, context: _Context) -> list[LinkRef]:
    target = resolve_link(context.page, context.content_path, href)
    if target is None:
        return []
    token.attrs[attr] = relative_url(context.page, target)
    return [LinkRef(target, context.source(row, href))]


PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def _picture_path(target: str) -> str | None:
    """The file under files/ an image shows, when it is one the build can make sizes of."""
    path = unquote(target.partition("#")[0].partition("?")[0])
    if path.startswith("/files/") and path.lower().endswith(PICTURE_SUFFIXES):
        return path[1:]
    return None


def _shift_headings(tokens: Sequence[Token]) -> None:
    """Make the body's top heading level h2: the page title is the only h1."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels or min(levels) > 1:
        return
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _plain_text(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(_plain_text(child.children))
    return "".join(parts)


def _render_table_open(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    # A wide table scrolls inside its own focusable region instead of widening the page.
    return '<section class="table-scroll" aria-label="Table" tabindex="0">\n<table>\n'


def _render_table_close(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    return "</table>\n</section>\n"


def _render_footnote_anchor(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    number = int(token.meta["id"]) + 1
    sub = f":{token.meta['subId']}" if token.meta.get("subId", 0) > 0 else ""
    return (
        f' <a href="#fnref{number}{sub}" class="footnote-backref" '
        f'aria-label="Back to reference {number}">↩︎</a>'
    )

"""Render views into files: pages from Jinja templates, calendars, feeds and the hosts' files.

This stage only reads views and returns bytes for output paths; it never writes. What makes a
file, and the key that says when it must be made again, sit side by side in `Renderer`: both
take the same things, the view, the template (or maker) and, for pages, the site settings.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import cards, cms, colors, feeds, formats, hosting, images, structured_data
from .calendars import (
    AddToCalendar,
    CalendarPieces,
    calendar_file,
    course_subscription,
)
from .calendars import session_links as calendar_links
from .errors import BuildFailed, Problem
from .keys import combine, fingerprint, template_digest
from .languages import messages, same_language
from .model import Course, Markdown, Session
from .theme import Theme
from .urls import absolute_url, base_path_url, relative_url, slugify
from .version import code_version
from .views import AssetView, ImageView, Output, Picture, SiteSettings, View
from .workers import SMALL_BATCH, Workers


@dataclass
class Pieces:
    """What makers reuse within one process: calendars' time zones, the last picture decoded."""

    calendars: CalendarPieces = field(default_factory=CalendarPieces)
    decoded: images.Decoded = field(default_factory=images.Decoded)


# Files made by a function of their view alone (every other output is a template's).
MAKERS: dict[str, Callable[[Any, Pieces], bytes]] = {
    "calendar": lambda view, pieces: calendar_file(view, pieces.calendars),
    "feed": lambda view, _: feeds.atom_feed(view),
    "sitemap": lambda view, _: feeds.sitemap(view),
    "robots": lambda view, _: feeds.robots(view),
    "headers": lambda view, _: hosting.headers_file(view),
    "redirects": lambda view, _: hosting.redirects_file(view),
    "asset": lambda view, _: _asset_bytes(view),
    "image": lambda view, pieces: _image_bytes(view, pieces.decoded),
    "card": lambda view, _: cards.social_card(view),
    "qr": lambda view, _: cards.qr_svg(view),
    "cms_config": lambda view, _: cms.config_yaml(view.config),
}
_TEMPLATE_EXTENSIONS = ("html", "xml")  # the theme's templates (its other files are assets)
# Makers whose files take long enough to make that the incremental layer keeps them by key.
COSTLY_MAKERS = frozenset({"image", "card", "qr"})  # a QR code: 4 ms, choosing its mask


def make_environment(theme: Theme, compiled: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: autoescaping, strict undefined, our filters.

    `compiled` is a folder that keeps compiled templates between builds (keyed by their source).
    Every filter and global is a function of its arguments and the page being rendered.

    Words and dates are in the language of the template's `language` variable: the page's
    (its view's meta.language), or the site's where base.html includes the header and footer
    with `language` set to it. `_()`, `ngettext()` and `{% trans %}` read its catalogue.
    """
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.dirs]),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        # An environment serves one build (a worker's too: workers end with the build), so its
        # templates never change under it; checking their files at every page costs 5%.
        auto_reload=False,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext
    )
    env.globals["_"] = _translated  # called some thirty times a page
    env.filters.update(
        long_date=_in_language(formats.long_date),
        medium_date=_in_language(formats.medium_date),
        short_date=_in_language(formats.short_date),
        month_short=_in_language(formats.month_short),
        hours=_in_language(formats.hours),
        credit_hours=_in_language(formats.credit_hours),
        duration=_in_language(formats.duration),
        zone_label=formats.zone_label,
        time_range=_in_language(formats.time_range),
        usual_time=_in_language(formats.usual_time),
        slugify=slugify,
        markdown=_markdown_html,
        cadence=_in_language(formats.cadence),
        zone_name=_in_language(formats.zone_name),
        capitalized=formats.capitalized,
        calendar_links=_calendar_links,
        subscription=lambda course, ahead, base: course_subscription(base, course, ahead),
        mix=colors.mix,
    )
    env.globals.update(
        url=_url,
        absolute=_absolute,
        asset=_asset,
        topic_url=lambda name: f"/topics/{slugify(name)}/",
        audience_url=lambda name: f"/audiences/{slugify(name)}/",
        lang_attr=_lang_attr,
        plural_forms=_plural_forms,
    )
    return env


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> str:
    return messages(context["language"]).lookup(message)


@jinja2.pass_context
def _translated(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
    """`_()`: what the i18n extension's (new-style) `_` gives, the message in the page's
    language, escaped and formatted with `variables`, without its three calls deep through the
    template context: 8% of the time a page takes to render."""
    text = _gettext(context, message)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: float) -> str:
    return messages(context["language"]).lookup_plural(singular, plural, count)


@jinja2.pass_context
def _pgettext(context: jinja2.runtime.Context, where: str, message: str) -> str:
    return messages(context["language"]).lookup_context(where, message)


def _in_language(function: Callable[..., str]) -> Callable[..., str]:
    """A formats function as a filter: in the language the template is writing."""

    @jinja2.pass_context
    def localized(context: jinja2.runtime.Context, value: Any, *args: Any) -> str:
        return function(value, *args, language=context["language"])

    return localized


@jinja2.pass_context
def _calendar_links(
    context: jinja2.runtime.Context, session: Session, course: Course, base: str
) -> AddToCalendar:
    return calendar_links(base, course, session, context["language"])


@jinja2.pass_context
def _lang_attr(context: jinja2.runtime.Context, language: str | None) -> Markup:
    """` lang="es"` on an element whose text is in another language than what surrounds it."""
    if not language or same_language(language, context["language"]):
        return Markup("")
    return Markup(' lang="%s"') % language


@jinja2.pass_context
def _plural_forms(context: jinja2.runtime.Context, singular: str, plural: str) -> dict[str, str]:
    """A message's plural forms for a script (languages.Messages.plural_forms): `|tojson`."""
    return messages(context["language"]).plural_forms(singular, plural)


# How markdown.py writes a picture under files/ (src and alt escaped, title optional).
_PICTURE = re.compile(
    r'<img src="[^"]*" alt="(?P<alt>[^"]*)"(?: title="(?P<title>[^"]*)")? '
    r'data-picture="(?P<source>[^"]*)" />'
)
PROSE_SIZES = "(min-width: 40rem) 38rem, calc(100vw - 2rem)"


@jinja2.pass_context
def _markdown_html(
    context: jinja2.runtime.Context,
    markdown: Markdown,
    picture: Callable[..., str] | None = None,
    sizes: str = PROSE_SIZES,
) -> Markup:
    """Markdown HTML becomes markup here and only here: it was escaped when it was rendered.

    With `picture` (the theme's macro), each picture under files/ is shown by it, in the sizes
    and formats the page's view holds (`pictures`); the page's key covers them.
    """
    html = markdown.html
    if markdown.images and picture is not None:
        pictures: dict[str, Picture] = {p.source: p for p in context.get("pictures", ())}

        def replace(match: re.Match[str]) -> str:
            found = pictures.get(match["source"])
            if found is None:
                return match[0]
            title = Markup(match["title"]) if match["title"] else ""
            return str(picture(found, Markup(match["alt"]), sizes, title=title)).strip()

        html = _PICTURE.sub(replace, html)
    return Markup(html)


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    if context["link_mode"] == "base-path":
        return base_path_url(context["site"].base_path, target)
    return relative_url(context["current_url"], target)


@jinja2.pass_context
def _absolute(context: jinja2.runtime.Context, target: str) -> str:
    return absolute_url(context["site"].base_url, target)


@jinja2.pass_context
def _asset(context: jinja2.runtime.Context, name: str) -> str:
    return _url(context, "/assets/" + context["assets"][name])


def collect_assets(theme: Theme) -> dict[str, tuple[str, bytes]]:
    """Theme files under assets/, by name, with fingerprinted output names (style.1a2b3c4d.css)."""
    found: dict[str, Path] = {}
    for folder in reversed(theme.dirs):
        assets = folder / "assets"
        if assets.is_dir():
            for path in sorted(assets.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[path.relative_to(assets).as_posix()] = path
    result = {}
    for name, path in sorted(found.items()):
        data = path.read_bytes()
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        result[name] = (f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}", data)
    if "style.css" not in result:
        raise BuildFailed(
            [
                Problem(
                    "templates/assets/style.css",
                    1,
                    1,
                    "the theme has no style.css",
                    "restore it from the default templates",
                )
            ]
        )
    return result


def _asset_bytes(view: AssetView) -> bytes:
    return view.data


def _image_bytes(view: ImageView, decoded: images.Decoded) -> bytes:
    return images.variant_bytes(
        view.source, view.width, view.height, view.format, view.square, decoded
    )


class Renderer:
    """Make outputs from their views, and say by their keys when they must be made again."""

    def __init__(
        self,
        theme: Theme,
        settings: SiteSettings,
        asset_bytes: dict[str, bytes],
        compiled_templates: Path | None = None,
    ) -> None:
        """`asset_bytes` are the theme files' bytes, as `settings.assets` digests them."""
        self.theme = theme
        self.settings = settings
        self.env = make_environment(theme, compiled_templates)
        self.pieces = Pieces()
        # What a page can carry inline: a theme file's text (pictures and fonts are linked).
        texts = {n: text for n, data in asset_bytes.items() if (text := _text(data)) is not None}
        # What a worker is sent to make the same renderer (`__reduce__`).
        self._made_of = (theme, settings, {n: asset_bytes[n] for n in texts}, compiled_templates)
        self._globals = {
            "site": settings.config,
            "drafts": settings.drafts,
            "assets": {name: fingerprinted for name, fingerprinted, _ in settings.assets},
            "asset_text": lambda name: Markup(texts[name]),
        }
        self._settings = fingerprint(settings)
        self._templates: dict[str, str] = {}

    def __reduce__(self) -> tuple[Callable[..., Renderer], tuple[Any, ...]]:
        """A worker is sent what the renderer is made of, and makes it once (`_in_worker`)."""
        digest = hashlib.sha256(pickle.dumps(self._made_of)).hexdigest()
        return _in_worker, (digest, self._made_of)

    def made_with(self) -> str:
        """What every key counts besides its view: the code, the site's settings and the
        theme's templates (all of them: a page kept unplanned keeps its key only when none
        changed)."""
        templates = (
            template_digest(self.env, name, self._templates)
            for name in sorted(self.env.list_templates(extensions=_TEMPLATE_EXTENSIONS))
        )
        return combine((code_version(), self._settings, *templates))

    def keys(self, outputs: Iterable[Output]) -> list[str]:
        """What each output is made of, digested: the same key always makes the same bytes."""
        memo: dict[int, bytes] = {}  # digests of values views share, while they are all alive
        return [self._key(output, memo) for output in outputs]

    def _key(self, output: Output, memo: dict[int, bytes]) -> str:
        view = fingerprint(output.view, memo)
        if output.maker in MAKERS:
            return combine((code_version(), output.maker, view))
        try:
            template = template_digest(self.env, output.maker, self._templates)
        except jinja2.TemplateError as error:
            raise BuildFailed([template_problem(error, self.theme)]) from None
        return combine((code_version(), output.maker, template, self._settings, view))

    def render(self, output: Output) -> bytes:
        """The bytes of the output: its maker's, or its template's with the site settings."""
        maker = MAKERS.get(output.maker)
        if maker is not None:
            return maker(output.view, self.pieces)
        return self.env.get_template(output.maker).render(self._context(output.view)).encode()

    def _context(self, view: View) -> dict[str, Any]:
        meta = view.meta  # type: ignore[union-attr]  # every page view has one
        json_ld = structured_data.for_view(view, self.settings.config)
        return {
            **self._globals,
            **{f.name: getattr(view, f.name) for f in fields(view)},
            "view": view,
            "current_url": meta.url,
            "link_mode": meta.link_mode,
            "json_ld": [Markup(_json_for_script(data)) for data in json_ld],
            "language": meta.language,
        }

    def compile_all(self) -> None:
        """Compile every template now, once, so forked workers start with them compiled."""
        try:
            for name in self.env.list_templates(extensions=_TEMPLATE_EXTENSIONS):
                self.env.get_template(name)
        except jinja2.TemplateError as error:
            raise BuildFailed([template_problem(error, self.theme)]) from None


def stream_outputs(
    renderer: Renderer, outputs: list[Output], which: list[int], workers: Workers
) -> Iterator[bytes]:
    """Yield the bytes of the outputs at `which`, in order, as the workers make them."""
    if len(which) >= SMALL_BATCH:
        renderer.compile_all()  # once: the workers read them from the compiled-template folder
    yield from workers.stream(partial(_render_one, renderer), [outputs[i] for i in which])


def _render_one(renderer: Renderer, output: Output) -> bytes:
    try:
        return renderer.render(output)
    except jinja2.TemplateError as error:  # where it happened is only known here
        raise BuildFailed([template_problem(error, renderer.theme)]) from None


# The renderer of the build a worker works for, by a digest of what it is made of.
_RENDERERS: dict[str, Renderer] = {}


def _in_worker(digest: str, made_of: tuple[Any, ...]) -> Renderer:
    renderer = _RENDERERS.get(digest)
    if renderer is None:
        _RENDERERS.clear()
        renderer = _RENDERERS[digest] = Renderer(*made_of)
    return renderer


def _text(data: bytes) -> str | None:
    try:
        return data.decode()
    except UnicodeDecodeError:
        return None


def _json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element: no "</script>" or "<!--" can close it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def template_problem(error: jinja2.TemplateError, theme: Theme) -> Problem:
    """Point a template error at its template file and line."""
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if not filename or not line:
        tb = error.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if any(name.startswith(str(d)) for d in theme.dirs):
                filename, line = name, tb.tb_lineno
            tb = tb.tb_next
    display = _template_display(filename, theme) if filename else "templates"
    message = getattr(error, "message", None) or str(error)
    return Problem(
        display,
        line or 1,
        1,
        f"template error: {message}",
        "fix the template at this line (content cannot cause this)",
    )


def _template_display(filename: str, theme: Theme) -> str:
    path = Path(filename)
    for folder in theme.dirs:
        try:
            return (Path(folder.name) / path.relative_to(folder)).as_posix()
        except ValueError:
            continue
    return path.as_posix()

"""Render keys are digests of what an output is made of: views hold plain values only, and a
template's key covers every template it loads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from echo_site.keys import fingerprint, referenced_templates, template_digest
from echo_site.model import EMPTY_MARKDOWN, Page, Source


@dataclasses.dataclass(frozen=True)
class Card:
    title: str
    when: dt.datetime
    tags: tuple[str, ...]


NY = zoneinfo.ZoneInfo("America/New_York")


def test_equal_values_have_equal_digests_and_any_difference_shows() -> None:
    card = Card("Pain ECHO", dt.datetime(2026, 1, 14, 12, tzinfo=NY), ("a", "b"))
    assert fingerprint(card) == fingerprint(dataclasses.replace(card))
    for changed in (
        dataclasses.replace(card, title="Pain ECHO "),
        dataclasses.replace(
            card, when=card.when.replace(tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
        ),
        dataclasses.replace(card, tags=("a", "b", "")),
        dataclasses.replace(card, tags=("ab",)),
    ):
        assert fingerprint(changed) != fingerprint(card), changed
    # Text and markup render differently under autoescaping, so they differ here too.
    assert fingerprint(Markup("<b>x</b>")) != fingerprint("<b>x</b>")
    assert fingerprint((1, True)) != fingerprint((True, 1))
    assert fingerprint(1.0) != fingerprint(1)


@pytest.mark.parametrize("value", [{"a": 1}, ["a"], {1}, lambda: 1, object()])
def test_a_view_may_not_hold_anything_that_looks_things_up(value: object) -> None:
    with pytest.raises(TypeError, match="plain values"):
        fingerprint(Card("x", dt.datetime(2026, 1, 1, tzinfo=NY), (value,)))  # type: ignore[arg-type]


def test_a_record_counts_by_what_it_was_read_from() -> None:
    page = Page(
        "about", "About", None, None, None, False, (), EMPTY_MARKDOWN, Source("x"), digest="d1"
    )
    same_source = dataclasses.replace(page, title="Another title read from the same source")
    assert fingerprint(page) == fingerprint(same_source)  # a record is a function of its inputs
    assert fingerprint(page) != fingerprint(dataclasses.replace(page, digest="d2"))
    # Without a digest (a record made by hand), it counts by its values.
    bare = dataclasses.replace(page, digest="")
    assert fingerprint(bare) != fingerprint(dataclasses.replace(bare, title="Other"))


def test_the_templates_a_template_loads_are_read_from_its_tags() -> None:
    source = (
        '{% extends "base.html" %}\n{% from "macros.html" import card with context %}\n'
        "{# a comment #}{% include 'part.html' ignore missing %}{% import \"m.html\" as m %}"
    )
    assert referenced_templates(source) == ("base.html", "macros.html", "part.html", "m.html")
    assert referenced_templates("{% include name %}") is None
    assert referenced_templates('{% include ["a.html", "b.html"] %}') is None


def test_a_template_key_changes_with_every_template_it_loads(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    files = {
        "page.html": '{% extends "base.html" %}{% block main %}{{ m.x() }}{% endblock %}'
        '{% import "macros.html" as m %}',
        "base.html": "<main>{% block main %}{% endblock %}</main>",
        "macros.html": "{% macro x() %}x{% endmacro %}",
        "other.html": "unrelated",
        "dynamic.html": "{% include which %}",
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)))

    def key(name: str) -> str:
        return template_digest(env, name, {})

    before = key("page.html")
    (folder / "other.html").write_text("still unrelated, changed")
    assert key("page.html") == before
    (folder / "macros.html").write_text("{% macro x() %}y{% endmacro %}")
    assert key("page.html") != before
    # A template named at render time: every template counts.
    dynamic = key("dynamic.html")
    (folder / "other.html").write_text("changed again")
    assert key("dynamic.html") != dynamic

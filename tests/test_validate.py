"""Reading fields through the schema: a name the schema lacks is a mistake in the code, not a blank."""

from __future__ import annotations

import re

import pytest

from echo_site import schema
from echo_site.errors import Problem
from echo_site.validate import FieldReader, Values
from echo_site.yamlsafe import parse_yaml


def _read(section: schema.Section, text: str) -> tuple[Values, list[Problem]]:
    problems: list[Problem] = []
    doc = parse_yaml(text, "x.md", problems)
    assert doc is not None
    values = FieldReader(doc, "x.md", problems, section.name).section(section, doc.data)
    assert values is not None
    return values, problems


@pytest.mark.parametrize("section", schema.ALL_SECTIONS, ids=lambda s: s.name)
def test_every_field_of_a_section_reads_and_any_other_name_raises(section):
    values, _ = _read(section, "{}\n")
    for name in section.names:
        assert values[name] is None  # a field nobody wrote
        assert name not in values
    unknown = section.names[0] + "x"
    message = f"the {section.name} section has no field '{unknown}'"
    with pytest.raises(KeyError, match=re.escape(message)):
        values[unknown]
    with pytest.raises(KeyError, match=re.escape(message)):
        unknown in values  # noqa: B015 - the lookup itself is what is tested
    with pytest.raises(KeyError, match=re.escape(message)):
        section.field(unknown)


def test_nested_values_know_their_own_section():
    text = (
        "title: Oud ECHO\n"
        "registration:\n  url: https://forms.example.org/oud\n  closes: 2026-01-10\n"
        "sessions:\n  - date: 2026-01-14\n    title: The landscape\n"
    )
    values, problems = _read(schema.COURSE, text)
    assert [p.message for p in problems] == ["a course needs 'summary'"]
    registration = values["registration"]
    assert registration["closes"].isoformat() == "2026-01-10"
    assert registration["status"] is None
    with pytest.raises(KeyError, match="the registration section has no field 'close'"):
        registration["close"]
    # A session's fields are not the course's: `summary` belongs to the course only.
    (session,) = values["sessions"]
    assert session["title"] == "The landscape"
    with pytest.raises(KeyError, match="the session section has no field 'summary'"):
        session["summary"]
    assert values["summary"] is None

"""What an accredited ECHO program publishes (issue 14): several credit types with their
statements, disclosures before the activity and the warnings that keep them current, claim
windows for live sessions, the page of recordings with credit, and guest presenters.

Each test builds a small hub in tmp_path and reads what a learner, a calendar or a search engine
would: the parsed HTML, the iCalendar files and the JSON-LD.
"""

from __future__ import annotations

import json
import textwrap

import icalendar
import pytest
from conftest import SITE_YAML, SiteDir, course_md, text_of

from echo_site.errors import BuildFailed

AMA = "AMA PRA Category 1 Credit"
ANCC = "ANCC Nursing Contact Hours"
ACPE = "ACPE Pharmacy Credit"
AMA_STATEMENT = (
    "Example Health designates this live activity for a maximum of 1.0 AMA PRA Category 1 Credit."
)
ANCC_STATEMENT = "Nurses who attend a session in full receive the contact hours shown."
ACPE_STATEMENT = "This knowledge-based activity provides the contact hours shown."
JOINT = "In support of improving patient care, Example Health is jointly accredited."
MITIGATION = "All relevant financial relationships listed have been mitigated."
COMMERCIAL = "This activity received no commercial support."
INSTRUCTIONS = "After each session, complete its evaluation in the portal."
PORTAL = "https://ce.example.org/"
EVALUATION = "https://ce.example.org/evaluation/oud"

ACCREDITED_SITE = (
    SITE_YAML
    + f"""\
  {ACPE}: "{ACPE_STATEMENT}"
joint_accreditation_statement: "{JOINT}"
mitigation_statement: "{MITIGATION}"
commercial_support_statement: "{COMMERCIAL}"
claiming_credit:
  instructions: "{INSTRUCTIONS}"
  url: {PORTAL}
"""
)

PEOPLE = """\
jdoe:
  name: Jane Doe
  credentials: MD, MPH
  disclosures: none
  disclosed: 2025-06-01
rroe:
  name: Richard Roe
  credentials: PharmD
  disclosures:
    - {company: Northfield Pharmaceuticals, relationship: advisory board}
    - {company: Glucosense Devices, relationship: research grant}
  disclosed: 2025-09-01
dplan:
  name: Dana Planner
  credentials: MSN, RN
  disclosures: none
  disclosed: 2025-09-01
"""

GUEST = """\
    guests:
      - name: Maria Lopez
        credentials: RN
        role: Nurse care manager
        organization: Valley Clinic
        disclosures: none
        disclosed: 2025-10-01
"""

JOINT_CREDIT = f"""\
credit:
  types:
    - {{type: {AMA}, hours_per_session: 1.0}}
    - {{type: {ANCC}, hours_per_session: 1.25}}
    - {{type: {ACPE}, hours_per_session: 1.0}}
  claim_url: {EVALUATION}
  claim_days: 30
"""


def joint_course(*, credit: str = JOINT_CREDIT, extra: str = "", guest: str = GUEST) -> str:
    """A course with three sessions (one cancelled), planners, a hub team and a guest."""
    sessions = f"""\
sessions:
  - date: 2026-01-14
    title: The landscape in our region
    presenters: [jdoe]
  - date: 2026-01-28
    title: Buprenorphine basics
    presenters: [rroe]
{guest}  - date: 2026-02-11
    title: Harm reduction
    cancelled: true
  - date: 2026-02-25
    title: Keeping patients in care
    presenters: [jdoe]
"""
    return course_md(
        sessions=sessions, extra=f"faculty: [jdoe]\nplanners: [dplan]\n{credit}{extra}"
    )


def recording(
    *,
    credit: str,
    slug: str = "bup-starts",
    title: str = "Buprenorphine starts",
    day: str = "2026-01-28",
    extra: str = "",
) -> tuple[str, str]:
    text = f"""\
---
title: {title}
date: {day}
presenters: [rroe]
duration_minutes: 45
{extra}{textwrap.dedent(credit)}---
How to start buprenorphine.
"""
    return f"recordings/{slug}.md", text


def accredited(site: SiteDir) -> SiteDir:
    site.write("site.yaml", ACCREDITED_SITE)
    site.write("people.yaml", PEOPLE)
    return site


def messages(site: SiteDir, as_of: str) -> list[str]:
    return [str(w) for w in site.build(as_of).warnings]


def words(node) -> str:  # type: ignore[no-untyped-def]
    """Text as a reader sees it: whitespace collapsed, nothing added between inline tags."""
    return " ".join(node.get_text().split())


# -- several credit types, each with its statement -----------------------------------------------


def test_a_jointly_accredited_course_shows_each_type_with_its_hours_and_statement(site):
    accredited(site).write("courses/oud-echo.md", joint_course())
    result = site.build("2026-01-20")
    assert result.warnings == ()
    page = site.html("/courses/oud-echo/")
    panel = [text_of(li) for li in page.select(".panel-credit .credit-lines li")]
    assert panel == [
        f"{AMA}: 1 hour per session",
        f"{ANCC}: 1.25 hours per session",
        f"{ACPE}: 1 hour per session",
    ]
    facts = {text_of(t): t.find_next_sibling("dd") for t in page.select(".facts dt")}
    assert [text_of(li) for li in facts["Credit"].select("li")] == panel
    section = page.select_one("#course-credit")
    statements = [text_of(p) for p in section.select(":scope > .statement, .credit-types dd")]
    assert statements == [JOINT, AMA_STATEMENT, ANCC_STATEMENT, ACPE_STATEMENT]
    types = [text_of(dt) for dt in section.select(".credit-types dt")]
    assert types == [
        f"{AMA}: 1 hour for each session attended",
        f"{ANCC}: 1.25 hours for each session attended",
        f"{ACPE}: 1 hour for each session attended",
    ]
    # The course list shows every type with its hours too.
    card = site.html("/courses/").select_one(".course-card")
    assert [text_of(li) for li in card.select(".credit-lines li")] == panel


def test_json_ld_names_every_credential_and_one_type_stays_text(make_site):
    joint = accredited(make_site("joint"))
    joint.write("courses/oud-echo.md", joint_course())
    joint.build("2026-01-20")
    single = make_site("single")
    single.write(
        "courses/oud-echo.md",
        course_md(extra=f"credit:\n  type: {AMA}\n  hours_per_session: 1.0\n"),
    )
    single.build("2026-01-20")

    def course_data(site: SiteDir) -> dict:
        script = site.html("/courses/oud-echo/").find("script", type="application/ld+json")
        return json.loads(script.string)

    assert course_data(joint)["educationalCredentialAwarded"] == [AMA, ANCC, ACPE]
    assert course_data(single)["educationalCredentialAwarded"] == AMA


def test_a_recording_offers_several_types_released_and_expiring_together(site):
    path, text = recording(
        credit=f"""\
        credit:
          types:
            - {{type: {AMA}, hours: 0.75}}
            - {{type: {ANCC}, hours: 1.0}}
          released: 2026-03-02
          expires: 2029-03-01
          claim_url: https://cme.example.org/claim/123
        """
    )
    accredited(site).write(path, text)
    site.build("2026-03-02")
    box = site.html("/recordings/bup-starts/").select_one("#recording-credit")
    assert [words(li) for li in box.select(".credit-lines li")] == [
        f"{AMA}: 0.75 hours",
        f"{ANCC}: 1 hour",
    ]
    # The statements close the page, where the panel's link leads.
    page = site.html("/recordings/bup-starts/")
    statements = page.select_one("#accreditation-heading").parent
    assert [text_of(dt) for dt in statements.select(".credit-types dt")] == [AMA, ANCC]
    assert [text_of(p) for p in statements.select(".statement")] == [
        JOINT,
        AMA_STATEMENT,
        ANCC_STATEMENT,
    ]
    assert [a["href"] for a in box.select("a")] == [
        "https://cme.example.org/claim/123",
        "#accreditation-heading",
    ]
    # Lists say which credit and how many hours, not only that there is credit.
    item = site.html("/enduring-materials/").select_one(".recording-item")
    assert text_of(item.select_one(".badge-open")) == "Credit available"
    assert text_of(item.select_one(".credit-summary")) == (
        f"{AMA}: 0.75 hours; {ANCC}: 1 hour · until March 1, 2029"
    )
    # After expiry the page says which credit it no longer offers.
    site.build("2029-03-02")
    box = site.html("/recordings/bup-starts/").select_one("#recording-credit")
    assert f"no longer offers {AMA} or {ANCC}." in text_of(box)
    assert box.select(".statement") == []


def test_the_form_with_one_type_is_unchanged(site):
    """Today's form: one type, its hours, the statement; no joint statement without one."""
    site.write(
        "courses/oud-echo.md",
        course_md(extra=f"credit:\n  type: {AMA}\n  hours_per_session: 1.5\n"),
    )
    assert site.build("2026-01-10").warnings == ()
    section = site.html("/courses/oud-echo/").select_one("#course-credit")
    assert [text_of(dt) for dt in section.select("dt")] == [
        f"{AMA}: 1.5 hours for each session attended"
    ]
    assert [text_of(p) for p in section.select(".statement")] == [AMA_STATEMENT]
    assert section.select(".disclosures, .claiming-credit, .claim-window") == []


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (
            f"credit:\n  type: {AMA}\n  types:\n    - {{type: {ANCC}}}\n",
            "content/courses/oud-echo.md:12:3: this credit gives both type and types — move the "
            "type into the list under types, so that each type has its own hours",
        ),
        (
            f"credit:\n  types:\n    - {{type: {AMA}}}\n    - {{type: {AMA}, hours_per_session: 2}}\n",
            f"content/courses/oud-echo.md:14:14: the credit type '{AMA}' is listed twice — list "
            "each type once, with its hours",
        ),
        (
            "credit:\n  types: []\n",
            "content/courses/oud-echo.md:12:10: the list of credit types is empty — list each "
            "type with its hours, or remove types",
        ),
        (
            "credit:\n  hours_per_session: 1\n",
            "content/courses/oud-echo.md:12:3: a course credit needs 'type' — add a line such as "
            f"type: {AMA}",
        ),
    ],
    ids=["type-and-types", "twice", "empty", "no-type"],
)
def test_credit_types_are_checked(site, credit, expected):
    site.write("courses/oud-echo.md", course_md(extra=credit))
    with pytest.raises(BuildFailed) as failure:
        site.build("2026-01-10")
    assert [str(p) for p in failure.value.problems] == [expected]


def test_a_type_in_the_list_without_a_statement_is_a_warning_at_its_line(site):
    credit = f"credit:\n  types:\n    - {{type: {AMA}}}\n    - {{type: APA CE Credit}}\n"
    site.write("courses/oud-echo.md", course_md(extra=credit))
    assert messages(site, "2026-01-10") == [
        "content/courses/oud-echo.md:14:14: warning: there is no statement for the credit type "
        f"'APA CE Credit' in site.yaml — did you mean '{AMA}'?"
    ]


# -- disclosures --------------------------------------------------------------------------------


def test_disclosures_of_everyone_in_control_come_before_the_sessions(site):
    accredited(site).write("courses/oud-echo.md", joint_course())
    site.build("2026-01-20")
    page = site.html("/courses/oud-echo/")
    section = page.select_one(".disclosures")
    listed = [words(li) for li in section.select(".disclosure-list li")]
    assert listed == [
        "Dana Planner, MSN, RN (planner): no relevant financial relationships.",
        "Jane Doe, MD, MPH (hub team, presenter): no relevant financial relationships.",
        "Richard Roe, PharmD (presenter): Northfield Pharmaceuticals (advisory board); "
        "Glucosense Devices (research grant).",
        "Maria Lopez, RN (guest presenter): no relevant financial relationships.",
    ]
    assert [text_of(p) for p in section.select(".statement")] == [MITIGATION, COMMERCIAL]
    # Before the sessions, in the order a reader meets them.
    order = [tag.get("id") for tag in page.select("#disclosures-heading, #sessions-heading")]
    assert order == ["disclosures-heading", "sessions-heading"]


def test_a_recording_with_credit_shows_its_planners_and_presenters_disclosures(site):
    path, text = recording(
        credit=f"""\
        credit:
          type: {AMA}
          hours: 1.0
          released: 2026-03-02
          expires: 2029-03-01
        """,
        extra="planners: [dplan]\n",
    )
    accredited(site).write(path, text)
    assert site.build("2026-03-02").warnings == ()
    page = site.html("/recordings/bup-starts/")
    names = [text_of(n) for n in page.select(".disclosures .disclosure-name")]
    assert names == ["Dana Planner, MSN, RN", "Richard Roe, PharmD"]
    # Before the video: the panel comes first in the page.
    text = str(page)
    assert text.index('class="disclosures"') < text.index('class="main-col"')


def test_no_disclosures_are_shown_or_checked_without_a_mitigation_statement(site):
    """A hub that does not publish disclosures (as every hub before them) sees no change."""
    site.write(
        "people.yaml", PEOPLE.replace("  disclosed: 2025-06-01\n", "  disclosed: 2020-01-01\n")
    )
    site.write("courses/oud-echo.md", joint_course(guest=""))
    site.write("site.yaml", SITE_YAML + f'  {ACPE}: "{ACPE_STATEMENT}"\n')
    assert site.build("2026-01-20").warnings == ()
    assert site.html("/courses/oud-echo/").select(".disclosures") == []


@pytest.mark.parametrize(
    ("as_of", "warned"),
    [
        ("2026-06-01", False),  # disclosed 2025-06-01: exactly a year, still good
        ("2026-06-02", True),  # a year and a day
    ],
)
def test_a_disclosure_is_good_for_one_year(site, as_of, warned):
    course = joint_course().replace("  - date: 2026-02-25", "  - date: 2026-07-01")
    accredited(site).write("courses/oud-echo.md", course)
    found = [m for m in messages(site, as_of) if "Jane Doe" in m]
    expected = (
        "content/courses/oud-echo.md:8:18: warning: the disclosure of Jane Doe (jdoe) is dated "
        f"2025-06-01, more than a year before the build date ({as_of}), and this course offers "
        "credit — ask for a new disclosure, and update disclosed: in content/people.yaml:5"
    )
    assert found == ([expected] if warned else [])
    if warned:
        with pytest.raises(BuildFailed) as failure:
            site.build(as_of, strict=True)
        assert expected.replace("warning: ", "") in [str(p) for p in failure.value.problems]


def test_someone_without_a_disclosure_on_file_is_named_with_the_file(site):
    people = PEOPLE + "ccoord:\n  name: Casey Coordinator\n"
    accredited(site).write("people.yaml", people)
    course = joint_course(guest="    guests:\n      - {name: Maria Lopez, credentials: RN}\n")
    site.write("courses/oud-echo.md", course.replace("faculty: [jdoe]", "faculty: [jdoe, ccoord]"))
    assert messages(site, "2026-01-20") == [
        "content/courses/oud-echo.md:13:9: warning: the guest presenter Maria Lopez has no "
        "disclosure on file, and this course offers credit — add disclosures: (none, or each "
        "company and relationship) and disclosed: (the day they were made) to the guest here",
        "content/courses/oud-echo.md:20:17: warning: Casey Coordinator (ccoord) has no "
        "disclosure on file, and this course offers credit — add disclosures: (none, or each "
        "company and relationship) and disclosed: (the day they were made) to ccoord in "
        "content/people.yaml",
    ]
    listed = [words(li) for li in site.html("/courses/oud-echo/").select(".disclosure-list li")]
    assert "Casey Coordinator (hub team): no disclosure on file yet." in listed


def test_only_activities_that_still_offer_credit_are_checked(site):
    """An ended course, and a recording whose credit expired, keep the disclosures they had."""
    accredited(site).write("people.yaml", PEOPLE.replace("2025-06-01", "2020-01-01"))
    site.write("courses/oud-echo.md", joint_course())
    path, text = recording(
        credit=f"""\
        credit:
          type: {AMA}
          released: 2026-03-02
          expires: 2027-03-01
        """,
        extra="presenters: [jdoe]\n",
    )
    site.write(path, text.replace("presenters: [rroe]\n", "", 1))
    # While the course runs, and before the recording's credit is released, both are checked.
    warned = messages(site, "2026-02-20")
    assert any("oud-echo.md" in m for m in warned) and any("bup-starts.md" in m for m in warned)
    assert any("bup-starts.md" in m for m in messages(site, "2026-03-02"))  # the course ended
    assert messages(site, "2027-03-02") == []  # and the credit expired


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            "  disclosures: none\n",
            "content/people.yaml:3:3: these disclosures have no date — add disclosed: with the "
            "day they were made, such as disclosed: 2026-01-12",
        ),
        (
            "  disclosed: 2026-01-12\n",
            "content/people.yaml:3:3: disclosed gives a date, but there are no disclosures — "
            "add disclosures: none, or list each company and relationship",
        ),
        (
            "  disclosures: []\n  disclosed: 2026-01-12\n",
            "content/people.yaml:3:16: the list of disclosures is empty — write disclosures: "
            "none when there are no relevant financial relationships, or list each one on a "
            "line such as - {company: Northfield Pharmaceuticals, relationship: advisory board}",
        ),
        (
            "  disclosures: nothing\n  disclosed: 2026-01-12\n",
            "content/people.yaml:3:16: 'disclosures' should be none or a list — write "
            "disclosures: none when there are no relevant financial relationships, or list each "
            "one on a line such as - {company: Northfield Pharmaceuticals, relationship: "
            "advisory board}",
        ),
        (
            "  disclosures:\n    - {company: Northfield Pharmaceuticals}\n  disclosed: 2026-01-12\n",
            "content/people.yaml:4:7: a disclosure needs 'relationship' — add a line such as "
            "relationship: advisory board",
        ),
    ],
    ids=["no-date", "no-disclosures", "empty-list", "not-none", "no-relationship"],
)
def test_disclosures_are_written_with_their_date(site, fields, expected):
    site.write("people.yaml", "jdoe:\n  name: Jane Doe\n" + fields)
    with pytest.raises(BuildFailed) as failure:
        site.build("2026-01-10")
    assert [str(p) for p in failure.value.problems] == [expected]


# -- claiming credit for live sessions -------------------------------------------------------------


def claim(site: SiteDir, number: int):
    return site.html("/courses/oud-echo/").select_one(f"#session-{number} .claim")


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("2026-01-13", None),  # the day before the session
        ("2026-01-14", "until February 13, 2026"),  # the day it is held
        ("2026-02-13", "until February 13, 2026"),  # the last of its 30 days
        ("2026-02-14", "gone"),
    ],
)
def test_a_session_can_be_claimed_from_the_day_it_is_held_until_its_window_closes(
    site, as_of, shown
):
    accredited(site).write("courses/oud-echo.md", joint_course())
    site.build(as_of)
    found = claim(site, 1)
    if shown in (None, "gone"):
        assert found is None
        links = [a["href"] for a in site.html("/courses/oud-echo/").select("#session-1 a")]
        assert EVALUATION not in links
        return
    link = found.select_one("a")
    assert link["href"] == EVALUATION
    assert words(link) == "Claim credit for this session: The landscape in our region"
    assert text_of(found.select_one(".meta")) == shown


def test_cancelled_sessions_and_courses_without_a_claim_link_have_none(make_site):
    with_link = accredited(make_site("with"))
    with_link.write("courses/oud-echo.md", joint_course())
    with_link.build("2026-02-11")
    claims = [s.get("id") for s in with_link.html("/courses/oud-echo/").select(".session")]
    shown = [n for n in claims if claim(with_link, int(n.split("-")[1])) is not None]
    assert shown == ["session-1", "session-2"]  # session 3 is cancelled, 4 is ahead
    section = with_link.html("/courses/oud-echo/").select_one("#course-credit")
    assert "until 30 days after it" in text_of(section.select_one(".claim-window"))
    without = accredited(make_site("without"))
    without.write(
        "courses/oud-echo.md",
        joint_course(credit=JOINT_CREDIT.replace(f"  claim_url: {EVALUATION}\n", "")),
    )
    assert [str(w) for w in without.build("2026-02-11").warnings] == [
        "content/courses/oud-echo.md:32:3: warning: claim_days gives a claim window, but there "
        "is no claim_url — add claim_url: the address where learners claim credit for a session"
    ]
    assert without.html("/courses/oud-echo/").select(".claim, .claim-window") == []


def test_calendar_files_do_not_change_with_a_claim_link(make_site):
    files = {}
    for name, credit in (
        ("with", JOINT_CREDIT),
        ("without", JOINT_CREDIT.replace(f"  claim_url: {EVALUATION}\n  claim_days: 30\n", "")),
    ):
        site = accredited(make_site(name))
        site.write("courses/oud-echo.md", joint_course(credit=credit))
        site.build("2026-01-20")
        folder = site.output / "courses" / "oud-echo"
        files[name] = {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))}
    assert files["with"] == files["without"]
    assert "session-1.ics" in files["with"]


def test_how_to_claim_comes_from_site_yaml_on_courses_and_on_pages_that_ask(site):
    accredited(site).write("courses/oud-echo.md", joint_course())
    site.write(
        "pages/participate.md",
        "---\ntitle: Participate\nclaiming_credit: true\n---\nEquipment and registration.\n",
    )
    assert site.build("2026-01-20").warnings == ()
    for url in ("/courses/oud-echo/", "/participate/"):
        help = site.html(url).select_one(".claiming-credit")
        assert text_of(help.select_one("h2, h3")) == "How to claim credit", url
        assert text_of(help.select_one("p")) == INSTRUCTIONS
        assert [a["href"] for a in help.select("a")] == [PORTAL]


def test_a_page_asking_for_claim_instructions_site_yaml_lacks_is_warned_about(site):
    site.write(
        "pages/participate.md",
        "---\ntitle: Participate\nclaiming_credit: true\n---\nEquipment and registration.\n",
    )
    assert messages(site, "2026-01-10") == [
        "content/pages/participate.md:3:18: warning: this page shows how to claim credit, but "
        "site.yaml does not say how — add claiming_credit: to site.yaml, with instructions: "
        "(and url: for the continuing education portal)"
    ]
    assert site.html("/participate/").select(".claiming-credit") == []


# -- recordings with credit, by type ---------------------------------------------------------------


def credit_recordings(site: SiteDir) -> None:
    """Three recordings: two types, one type, and one whose credit has expired."""
    for slug, title, day, credit in (
        (
            "joint",
            "Joint session",
            "2026-01-28",
            f"credit:\n  types:\n    - {{type: {AMA}, hours: 0.75}}\n    - {{type: {ANCC}, hours: 1}}\n"
            "  released: 2026-03-02\n  expires: 2029-03-01\n",
        ),
        (
            "physicians",
            "For physicians",
            "2026-02-11",
            f"credit:\n  type: {AMA}\n  hours: 1.5\n  released: 2026-03-02\n  expires: 2028-12-31\n",
        ),
        (
            "expired",
            "Expired session",
            "2023-01-11",
            f"credit:\n  type: {ANCC}\n  released: 2023-02-01\n  expires: 2026-01-31\n",
        ),
    ):
        path, text = recording(credit=credit, slug=slug, title=title, day=day)
        site.write(path, text)


def test_the_credit_page_lists_recordings_with_credit_now_by_type(site):
    credit_recordings(site)
    site.build("2026-03-02")
    page = site.html("/enduring-materials/credit/")
    assert text_of(page.find("h1")) == "Recordings with credit"
    groups = {
        text_of(group.find("h2")): [
            (text_of(item.find("a")), text_of(item.select_one(".credit-summary")))
            for item in group.select(".recording-item")
        ]
        for group in page.select(".credit-group")
    }
    assert groups == {
        AMA: [
            ("For physicians", "1.5 hours · credit until December 31, 2028"),
            ("Joint session", "0.75 hours · credit until March 1, 2029"),
        ],
        ANCC: [("Joint session", "1 hour · credit until March 1, 2029")],
    }
    jumps = [(text_of(a), a["href"]) for a in page.select(".credit-types-nav a")]
    assert jumps == [
        (f"{AMA} (2)", "#credit-ama-pra-category-1-credit"),
        (f"{ANCC} (1)", "#credit-ancc-nursing-contact-hours"),
    ]
    # The enduring materials page and each recording with credit lead there.
    lead = site.html("/enduring-materials/").select_one(".credit-link a")
    assert text_of(lead) == "2 recordings with credit you can earn now"
    assert lead["href"] == "credit/"
    more = site.html("/recordings/joint/").find("a", string="More recordings with credit")
    assert more["href"] == "../../enduring-materials/credit/"


def test_the_credit_page_says_when_no_recording_offers_credit(site):
    credit_recordings(site)
    site.build("2029-03-02")
    page = site.html("/enduring-materials/credit/")
    assert page.select(".credit-group") == []
    assert "No recording offers credit right now." in text_of(page.find("main"))
    assert site.html("/enduring-materials/").select(".credit-link") == []


def test_the_credit_page_address_belongs_to_the_generator(site):
    site.write(
        "pages/about.md", "---\ntitle: About\naliases: [/enduring-materials/credit/]\n---\nHi.\n"
    )
    with pytest.raises(BuildFailed) as failure:
        site.build("2026-01-10")
    assert [str(p) for p in failure.value.problems] == [
        "content/pages/about.md:3:11: the alias /enduring-materials/credit/ would replace the "
        "page of recordings with credit — remove this alias or choose another old address"
    ]


def test_recordings_carry_their_credit_types_for_the_search_filter(site):
    credit_recordings(site)
    site.build("2026-03-02", search=True)
    filters = {
        slug: [
            tag.get_text()
            for tag in site.html(f"/recordings/{slug}/").select("[data-pagefind-filter]")
        ]
        for slug in ("joint", "physicians", "expired")
    }
    assert filters == {"joint": [AMA, ANCC], "physicians": [AMA], "expired": []}
    options = site.html("/search/").select("select[name=credit] option")
    assert [(o["value"], text_of(o)) for o in options] == [
        ("", "Every course, recording and page"),
        (AMA, f"Recordings that offer {AMA}"),
        (ANCC, f"Recordings that offer {ANCC}"),
    ]


# -- guest presenters ----------------------------------------------------------------------------


def test_guest_presenters_are_shown_like_people_everywhere_a_session_is(site):
    accredited(site).write("courses/oud-echo.md", joint_course())
    site.build("2026-01-20")
    page = site.html("/courses/oud-echo/")
    presenters = text_of(page.select_one("#session-2 .meta"))
    assert presenters == "Presenters: Richard Roe, PharmD; Maria Lopez, RN"
    upcoming = text_of(site.html("/").select_one(".upcoming-list li"))
    assert "(Richard Roe, PharmD; Maria Lopez, RN)" in upcoming
    calendar = icalendar.Calendar.from_ical(
        (site.output / "courses/oud-echo/session-2.ics").read_bytes()
    )
    [event] = calendar.walk("VEVENT")
    assert "Presenters: Richard Roe, PharmD; Maria Lopez, RN" in str(event["description"])
    data = json.loads(page.find("script", type="application/ld+json").string)
    event = data["hasCourseInstance"][0]["subEvent"][1]
    assert event["performer"][1] == {
        "@type": "Person",
        "name": "Maria Lopez",
        "honorificSuffix": "RN",
        "jobTitle": "Nurse care manager",
        "affiliation": {"@type": "Organization", "name": "Valley Clinic"},
    }


def test_a_recording_names_its_guests_with_its_faculty(site):
    path, text = recording(
        credit="",
        extra="guests:\n  - {name: Maria Lopez, credentials: RN, organization: Valley Clinic}\n",
    )
    site.write(path, text)
    site.build("2026-03-02")
    page = site.html("/recordings/bup-starts/")
    faculty = [text_of(n) for n in page.select("#faculty-heading ~ .people .person-name")]
    assert faculty == ["Richard Roe, PharmD", "Maria Lopez, RN"]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [p["name"] for p in data["creator"]] == ["Richard Roe", "Maria Lopez"]


def test_ids_are_still_checked_while_guests_are_not(site):
    course = joint_course().replace("presenters: [rroe]", "presenters: [rore]")
    accredited(site).write("courses/oud-echo.md", course)
    with pytest.raises(BuildFailed) as failure:
        site.build("2026-01-20")
    assert [str(p) for p in failure.value.problems] == [
        "content/courses/oud-echo.md:11:18: there is no person 'rore' in people.yaml — did you "
        "mean 'rroe'?"
    ]


def test_a_misspelled_guest_field_gets_a_suggestion(site):
    accredited(site).write(
        "courses/oud-echo.md",
        joint_course(guest="    guests:\n      - {name: Maria Lopez, credential: RN}\n"),
    )
    with pytest.raises(BuildFailed) as failure:
        site.build("2026-01-20")
    assert [str(p) for p in failure.value.problems] == [
        "content/courses/oud-echo.md:13:29: 'credential' is not a field of a guest presenter — "
        "did you mean 'credentials'?"
    ]


# -- the search filter ----------------------------------------------------------------------------

SIX_TYPES = [AMA, ANCC, ACPE, "APA CE Credit", "ASWB ACE Credit", "IPCE Credit"]


def test_the_search_index_with_credit_filters_is_the_same_in_every_build(make_site):
    """Pagefind lists a filter's values in a new order in every run (six types: 720 orders);
    the build writes them in one, so the index is byte-identical from build to build."""
    trees = []
    for name in ("one", "two"):
        site = make_site(name)
        statements = "".join(f'  {kind}: "The statement for {kind}."\n' for kind in SIX_TYPES[2:])
        site.write("site.yaml", SITE_YAML + statements)
        for number in range(8):
            kinds = [k for i, k in enumerate(SIX_TYPES) if (number + i) % 3]
            lines = "".join(f"    - {{type: {kind}, hours: 1}}\n" for kind in kinds)
            credit = f"credit:\n  types:\n{lines}  released: 2026-03-02\n  expires: 2029-03-01\n"
            path, text = recording(credit=credit, slug=f"r{number}", title=f"Recording {number}")
            site.write(path, text)
        site.build("2026-03-02", search=True, use_cache=False)
        folder = site.output / "pagefind"
        files = (p for p in folder.rglob("*") if p.is_file())
        trees.append({p.relative_to(folder).as_posix(): p.read_bytes() for p in files})
    one, two = trees
    assert any(path.startswith("filter/") for path in one)
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []

"""The editing page's previews show what the published page will show.

templates/assets/admin/previews.js ports the build's rules to the browser: schedule rules,
dates and times, meeting patterns, statuses, claim windows, disclosures, brand colours. Here
Node runs its ports, as the browser runs them, against the Python they port: many generated
schedule rules, dates, times, claim windows and colours, and every course of the sample hub and
the mountain hub, planned from its own file as the preview reads it and compared with its built
page and with the build's statuses on many days. Node also draws the preview of every course
and recording of both hubs, as Decap would, and its credit, disclosures, guests and claim links
are compared with the built pages. The previews in the real editing page are in
test_cms_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
import zoneinfo
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SiteDir, require, run_in_node, text_of

from echo_site import colors, formats, timeline
from echo_site.cms import LocalCms
from echo_site.content import load_site
from echo_site.model import Course, ScheduleRule
from echo_site.pipeline import BuildOptions, build
from echo_site.schedule import ScheduleError, expand, parse_every
from echo_site.urls import slugify

PREVIEWS = ROOT / "templates" / "assets" / "admin" / "previews.js"
HUBS = {
    "sample": ROOT / "content",
    "mountain": ROOT / "tests" / "hubs" / "mountain-hub" / "content",
}

_HARNESS = """
const fs = require("fs");
const yaml = require(process.argv[2]);
global.window = {};
eval(fs.readFileSync(process.argv[3], "utf8"));
const r = window.echoSitePreviewRules;
const iso = (day) => (day === null ? null : r.isoDay(day));
const calls = {
  expand(schedule) {
    const rule = r.readRule(schedule);
    const found = r.expand(rule);
    return { dates: found.dates.map(iso), unmatched: found.unmatched.map(iso), cadence: r.cadence(rule) };
  },
  dates(text) {
    const day = r.dayOf(text);
    return [r.longDate(day), r.mediumDate(day), r.monthShort(day)];
  },
  when(text, start, end, clock, zone) {
    return r.timeRange(start, end, clock, r.zoneLabel(r.dayOf(text), start, zone));
  },
  pattern(days) { return r.meetingPattern(days.map(r.dayOf), null); },
  usualTime(ranges, clock, name) {
    return r.usualTime(ranges.map(([start, end]) => ({ start, end })), clock, name);
  },
  claim(day, cancelled, credit, today) {
    return iso(r.claimCloses(r.dayOf(day), cancelled, credit, r.dayOf(today)));
  },
  disclosure(date, today) { return r.disclosureStatus({ date }, r.dayOf(today)); },
  hours: r.hours, duration: r.duration, slugify: r.slugify, parseHex: r.parseHex, mix: r.mix,
  contrast: r.contrast, nearestPassing: r.nearestPassing, brand: r.brandProperties,
  course(file, days, settings) {
    const text = fs.readFileSync(file, "utf8");
    const data = yaml.load(/^---\\r?\\n([\\s\\S]*?)^---/m.exec(text)[1], { schema: yaml.CORE_SCHEMA });
    return days.map((today) => {
      const plan = r.planCourse(data, r.dayOf(today), settings);
      return {
        status: plan.status, registration: plan.registration, next: plan.next && iso(plan.next.day),
        nextWhen: plan.next && plan.next.when, pattern: plan.pattern, time: plan.time,
        sessions: plan.sessions.map((s) => [s.title, s.when, s.cancelled, s.past]),
        problems: plan.problems,
      };
    });
  },
};
const results = JSON.parse(fs.readFileSync(0, "utf8")).map(([name, args]) => {
  try {
    return { value: calls[name](...args) };
  } catch (error) {
    if (error instanceof r.ScheduleProblem) return { problem: error.message };
    throw error;
  }
});
process.stdout.write(JSON.stringify(results));
"""


def run_previews(tmp_path: Path, calls: list[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
    """Each call of previews.js's rules, run by Node: {"value": ...} or {"problem": message}."""
    results = run_in_node(tmp_path, _HARNESS, PREVIEWS, calls, timeout=120)
    assert isinstance(results, list) and len(results) == len(calls)
    return results


def values(tmp_path: Path, calls: list[tuple[str, list[Any]]]) -> list[Any]:
    results = run_previews(tmp_path, calls)
    assert all("value" in r for r in results), [r for r in results if "value" not in r]
    return [r["value"] for r in results]


# -- schedule rules ------------------------------------------------------------------------------

WEEKDAY_WORDS = (
    ("monday", "mon", "Mondays"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed", "Wednesdays"),
    ("thursday", "thu", "thurs"),
    ("friday", "fri", "Fridays"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
ORDINAL_WORDS = ("first", "2nd", "second", "third", "3rd", "fourth", "fifth", "5th", "last")
EVERY_WORDS = ("1 week", "2 weeks", "3 weeks", "weekly", "biweekly", "every other week")
EVERY_WORDS_MONTH = ("1 month", "2 months", "monthly", "every 3 months", "other month")


def random_rule(chance: random.Random) -> dict[str, Any]:
    """A schedule as an editor writes it in the form: words, dates as text."""
    starts = dt.date(2025, 1, 1) + dt.timedelta(chance.randrange(4 * 365))
    if chance.random() < 0.55:
        every = chance.choice(EVERY_WORDS)
        days = chance.sample(range(7), chance.choice((1, 1, 1, 2, 3)))
        on = " and ".join(chance.choice(WEEKDAY_WORDS[d]) for d in days)
    else:
        every = chance.choice(EVERY_WORDS_MONTH)
        ordinals = chance.sample(ORDINAL_WORDS, chance.choice((1, 1, 2)))
        on = " and ".join(ordinals) + " " + chance.choice(WEEKDAY_WORDS[chance.randrange(7)])
    schedule: dict[str, Any] = {"starts": starts.isoformat(), "every": every, "on": on}
    if chance.random() < 0.6:
        schedule["count"] = chance.randrange(1, 30)
    else:
        schedule["ends"] = (starts + dt.timedelta(chance.randrange(0, 400))).isoformat()
    return schedule


def python_expand(schedule: dict[str, Any]) -> dict[str, Any]:
    every, unit = parse_every(schedule["every"])
    rule = ScheduleRule(
        dt.date.fromisoformat(schedule["starts"]),
        every,
        unit,
        schedule["on"],
        schedule.get("count"),
        dt.date.fromisoformat(schedule["ends"]) if "ends" in schedule else None,
        tuple(dt.date.fromisoformat(d) for d in schedule.get("except", ())),
    )
    dates, unmatched = expand(rule)
    return {
        "dates": [d.isoformat() for d in dates],
        "unmatched": [d.isoformat() for d in unmatched],
        "cadence": formats.cadence(rule),
    }


def test_schedule_rules_give_the_builds_dates_and_words(tmp_path):
    chance = random.Random(13)
    schedules = [random_rule(chance) for _ in range(400)]
    # Skipped dates: some the rule gives (they move the rest later), and one it does not.
    for schedule in schedules[::3]:
        dates = python_expand(schedule)["dates"]
        schedule["except"] = [*chance.sample(dates, min(2, len(dates))), "2031-02-28"]
    schedules += [
        {"starts": "2026-09-17", "every": "2 weeks", "on": "thursday", "count": 13},
        {"starts": "2026-01-01", "every": "1 month", "on": "fifth friday", "count": 6},
        {"starts": "2026-01-31", "every": "1 month", "on": "last sunday", "ends": "2026-12-31"},
        {"starts": "2028-02-29", "every": "monthly", "on": "first and last monday", "count": 9},
        {"starts": "2026-03-02", "every": "weekly", "on": "monday, wednesday", "count": 5},
    ]
    results = values(tmp_path, [("expand", [s]) for s in schedules])
    for schedule, result in zip(schedules, results, strict=True):
        assert result == python_expand(schedule), schedule


@pytest.mark.parametrize(
    "schedule",
    [
        {"starts": "2026-01-01", "every": "fortnight", "on": "thursday", "count": 3},
        {"starts": "2026-01-01", "every": "60 weeks", "on": "thursday", "count": 3},
        {"starts": "2026-01-01", "every": "2", "on": "thursday", "count": 3},
        {"starts": "2026-01-01", "every": "1 week", "on": "thursdy", "count": 3},
        {"starts": "2026-01-01", "every": "1 week", "on": "first thursday", "count": 3},
        {"starts": "2026-01-01", "every": "1 month", "on": "thursday", "count": 3},
        {"starts": "2026-01-01", "every": "1 month", "on": "first monday and tuesday", "count": 3},
    ],
)
def test_a_rule_the_build_refuses_is_refused_in_its_words(tmp_path, schedule):
    (result,) = run_previews(tmp_path, [("expand", [schedule])])
    with pytest.raises(ScheduleError) as refused:
        python_expand(schedule)
    assert result == {"problem": refused.value.message}


# -- dates, times and words ---------------------------------------------------------------------


def test_dates_times_and_numbers_read_as_on_the_page(tmp_path):
    chance = random.Random(12)
    days = [dt.date(2024, 1, 1) + dt.timedelta(chance.randrange(7 * 365)) for _ in range(150)]
    days.append(dt.date(2028, 2, 29))
    # The zones whose abbreviations browsers know as the tz database writes them.
    zones = (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "UTC",
        "Europe/London",
        "Europe/Berlin",
    )
    times = []
    for day in days:
        start = chance.randrange(6 * 60, 20 * 60, 15)
        end = start + chance.choice((30, 60, 75, 90, 120, 480))
        end = min(end, 23 * 60 + 59)
        times.append((day, start, end, chance.choice((12, 24)), chance.choice(zones)))
    # Odd eighths are halfway between two cents: Python rounds them to the even one.
    numbers = [0.25, 0.5, 0.75, 1, 1.0, 1.25, 1.5, 2, 10, 12.5, 0.1, 1.005, 2.675]
    numbers += [0.125, 0.375, 0.625, 0.875, 1.125, 2.375, 10.625, 12.875]
    minutes = [1, 44, 58, 60, 61, 90, 120, 125, 600]
    topics = ["Substance use", "Atención primaria", "Pain & palliation", "精神健康", "HIV/AIDS"]
    calls: list[tuple[str, list[Any]]] = [("dates", [d.isoformat()]) for d in days]
    calls += [("when", [d.isoformat(), s, e, c, z]) for d, s, e, c, z in times]
    calls += [("hours", [n]) for n in numbers] + [("duration", [m]) for m in minutes]
    calls += [("slugify", [t]) for t in topics]
    results = iter(values(tmp_path, calls))
    for day in days:
        assert next(results) == [
            formats.long_date(day),
            formats.medium_date(day),
            formats.month_short(day),
        ]
    for day, start, end, clock, zone in times:
        tz = zoneinfo.ZoneInfo(zone)
        begins = dt.datetime.combine(day, dt.time(start // 60, start % 60), tzinfo=tz)
        ends = dt.datetime.combine(day, dt.time(end // 60, end % 60), tzinfo=tz)
        assert next(results) == formats.time_range(begins, ends, clock), (day, zone)
    for number in numbers:
        assert next(results) == formats.hours(number)
    for count in minutes:
        assert next(results) == formats.duration(count)
    for topic in topics:
        assert next(results) == slugify(topic)


def test_meeting_patterns_and_usual_times(tmp_path):
    start = dt.date(2026, 1, 14)  # a Wednesday
    series = [
        [],
        [start],
        [start + dt.timedelta(7 * n) for n in range(6)],
        [start + dt.timedelta(14 * n) for n in range(6)],
        [start + dt.timedelta(7 * n) for n in (0, 1, 3, 4)],
        [start, start + dt.timedelta(1), start + dt.timedelta(9)],
        [start + dt.timedelta(28 * n) for n in range(3)],
    ]
    ranges = [
        [(720, 780)],
        [(720, 780), (720, 810), (720, 780)],
        [(540, 600), (780, 840)],
        [(690, 750), (690, 750)],
    ]
    zone = zoneinfo.ZoneInfo("America/New_York")

    def session(start: int, end: int) -> SimpleNamespace:
        day = dt.date(2026, 3, 4)
        return SimpleNamespace(
            start=dt.datetime.combine(day, dt.time(start // 60, start % 60), tzinfo=zone),
            end=dt.datetime.combine(day, dt.time(end // 60, end % 60), tzinfo=zone),
        )

    calls: list[tuple[str, list[Any]]] = [("pattern", [[d.isoformat() for d in s]]) for s in series]
    calls += [("usualTime", [r, c, "Eastern Time"]) for r in ranges for c in (12, 24)]
    results = iter(values(tmp_path, calls))
    for days in series:
        dated = [SimpleNamespace(date=d) for d in days]
        assert next(results) == formats.meeting_pattern(dated, None)  # type: ignore[arg-type]
    for times in ranges:
        for clock in (12, 24):
            sessions = [session(s, e) for s, e in times]
            assert next(results) == formats.usual_time(sessions, clock)  # type: ignore[arg-type]


# -- brand colours ------------------------------------------------------------------------------


def test_brand_colours_are_mixed_and_checked_as_the_build_does(tmp_path):
    chance = random.Random(7)
    shades = [f"#{chance.randrange(1 << 24):06x}" for _ in range(300)]
    shades += ["#000000", "#ffffff", "#00693e", "#0b5f78", "#f3c969", "#060606", "#fafafa"]
    calls: list[tuple[str, list[Any]]] = []
    for shade in shades:
        calls.append(("brand", [shade, shades[-1 - shades.index(shade)]]))
        calls.append(("nearestPassing", [shade, colors.WHITE, colors.AA]))
        calls.append(("contrast", [shade, colors.INK]))
    calls += [("parseHex", [text]) for text in ("#0A6", "00aa66", " #00AA66 ", "#00aa6", "teal")]
    results = iter(values(tmp_path, calls))
    for shade in shades:
        other = shades[-1 - shades.index(shade)]
        assert next(results) == [list(p) for p in colors.brand_properties(shade, other)]
        assert next(results) == colors.nearest_passing(shade, colors.WHITE)
        assert next(results) == pytest.approx(colors.contrast(shade, colors.INK), rel=1e-12)
    for text in ("#0A6", "00aa66", " #00AA66 ", "#00aa6", "teal"):
        assert next(results) == colors.parse_hex(text)


def test_pages_and_previews_set_the_same_brand_colours(site: SiteDir):
    """base.html's custom properties, and the editing page's data for the previews."""
    site.write(
        "site.yaml",
        (site.content / "site.yaml").read_text()
        + 'colors:\n  primary: "#7a1f5c"\n  accent: "#a8e0d0"\n',
    )
    site.build(local_cms=LocalCms("http://127.0.0.1:8081/api/v1", "http://localhost:8000/"))
    expected = colors.brand_properties("#7a1f5c", "#a8e0d0")
    head = site.html("/").select_one("head style")
    assert head is not None
    assert head.string == ":root{" + ";".join(f"{k}:{v}" for k, v in expected) + "}"
    data = json.loads(site.html("/admin/").select_one("#echo-site-cms").string)
    assert data["brand"] == [list(p) for p in expected]


# -- courses, planned from their files ----------------------------------------------------------


def preview_data(output: Path) -> dict[str, Any]:
    page = BeautifulSoup((output / "admin" / "index.html").read_text(), "lxml")
    data = json.loads(page.select_one("#echo-site-cms").string)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("hub", sorted(HUBS))
def test_a_course_planned_from_its_file_shows_what_its_page_shows(hub, tmp_path):
    """Each course's file, read as the editing page reads it, planned as of the build date:
    the badges, the next session, the pattern and time, and every session's date, time and
    title are those of the built page; its statuses on other days are the build's."""
    content = HUBS[hub]
    as_of = dt.date(2026, 11, 28)
    output = tmp_path / "output"
    build(
        BuildOptions(
            content_dir=content,
            output_dir=output,
            as_of=as_of,
            include_drafts=True,
            search=False,
            use_cache=False,
            local_cms=LocalCms("http://127.0.0.1:8081/api/v1", "http://localhost:8000/"),
        )
    )
    settings = preview_data(output)
    site, _ = load_site(content)
    sweep = [dt.date(2025, 12, 1) + dt.timedelta(5 * n) for n in range(100)]
    courses = sorted(site.courses, key=lambda c: c.slug)
    assert courses

    def days_of(course: Course) -> list[dt.date]:
        """The build date, then days where statuses change, then every fifth day."""
        closes = course.registration.closes if course.registration else None
        edges = [course.first_day, course.last_day, *([closes] if closes else [])]
        edges += [s.date for s in course.sessions]
        near = [day + dt.timedelta(shift) for day in edges for shift in (-1, 0, 1)]
        return [as_of, *near, *sweep]

    calls: list[tuple[str, list[Any]]] = [
        (
            "course",
            [
                str(content / "courses" / f"{c.slug}.md"),
                [d.isoformat() for d in days_of(c)],
                settings,
            ],
        )
        for c in courses
    ]
    plans = values(tmp_path, calls)
    for course, plan in zip(courses, plans, strict=True):
        days = days_of(course)
        today, *others = plan
        page = BeautifulSoup((output / course.url.strip("/") / "index.html").read_text(), "lxml")
        for hidden in page.select(".local-time, .visually-hidden"):
            hidden.decompose()
        panel = page.select_one("aside.panel")
        assert today["problems"] == []
        registration = today["registration"] or ("open" if course.format == "open" else None)
        assert [b["class"] for b in panel.select(".badges .badge")] == [
            ["badge", f"badge-{today['status']}"],
            *([["badge", f"badge-{registration}"]] if registration else []),
        ], course.slug
        if today["nextWhen"]:
            assert text_of(panel.select_one(".panel-label")) == "Next session"
            assert text_of(panel.select_one(".panel-when")) == today["nextWhen"]
        else:
            assert panel.select_one(".panel-label") is None
        assert text_of(panel.select_one(".panel-pattern")) == f"{today['pattern']}, {today['time']}"
        listed = [
            [
                text_of(s.select_one(".session-title")).removeprefix("Cancelled "),
                text_of(s.select_one(".session-when del") or s.select_one(".session-when")),
                "session-cancelled" in s["class"],
                "session-past" in s["class"],
            ]
            for s in page.select("li.session")
        ]
        assert today["sessions"] == listed, course.slug
        for day, other in zip(days[1:], others, strict=True):
            built_next = timeline.next_session(course, day)
            assert (other["status"], other["registration"], other["next"]) == (
                timeline.course_status(course, day),
                timeline.registration_status(course, day),
                built_next.date.isoformat() if built_next else None,
            ), (course.slug, day)


# -- credit: claim windows, disclosures, and the previews drawn whole -----------------------------


def test_claim_windows_and_disclosures_age_as_the_build_decides(tmp_path):
    chance = random.Random(14)
    claim = "https://ce.example.org/evaluation"
    credits: list[dict[str, Any] | None] = [
        {"claim_url": claim, "claim_days": 1},
        {"claim_url": claim, "claim_days": 7},
        {"claim_url": claim, "claim_days": 60},
        {"claim_url": claim},  # 30 days
        {"claim_days": 30},  # no address: no window
        None,
    ]
    cases = []
    for _ in range(60):
        day = dt.date(2026, 1, 1) + dt.timedelta(chance.randrange(400))
        credit, cancelled = chance.choice(credits), chance.random() < 0.2
        for shift in (-1, 0, 1, 6, 7, 8, 29, 30, 31, 59, 60, 61):
            cases.append((day, cancelled, credit, day + dt.timedelta(shift)))
    disclosed = [dt.date(2024, 2, 29), dt.date(2025, 11, 28), dt.date(2025, 12, 31)]
    ages = [
        (day, timeline.add_years(day, 1) + dt.timedelta(shift))
        for day in disclosed
        for shift in (-1, 0, 1, 2)
    ]
    calls: list[tuple[str, list[Any]]] = [
        ("claim", [day.isoformat(), cancelled, credit, today.isoformat()])
        for day, cancelled, credit, today in cases
    ]
    calls += [("disclosure", [day.isoformat(), today.isoformat()]) for day, today in ages]
    results = iter(values(tmp_path, calls))
    for day, cancelled, credit, today in cases:
        written = credit or {}
        built = SimpleNamespace(
            claim_url=written.get("claim_url"), claim_days=written.get("claim_days") or 30
        )
        closes = timeline.claim_closes(
            SimpleNamespace(credit=built if credit else None),  # type: ignore[arg-type]
            SimpleNamespace(date=day, cancelled=cancelled),  # type: ignore[arg-type]
            today,
        )
        assert next(results) == (closes.isoformat() if closes else None), (day, credit, today)
    for day, today in ages:
        status = timeline.disclosure_status(SimpleNamespace(date=day), today)  # type: ignore[arg-type]
        assert next(results) == status, (day, today)


# previews.js drawn by Node as Decap draws it, with an `h` that writes HTML, on a given day.
_RENDER = """
const fs = require("fs");
const yaml = require(process.argv[2]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const RealDate = Date;
const now = RealDate.parse(input.now);
global.Date = class extends RealDate {
  constructor(...args) { if (args.length) super(...args); else super(now); }
  static now() { return now; }
};
const escape = (value) => String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;")
  .replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const NAMES = { className: "class", htmlFor: "for", tabIndex: "tabindex" };
const EMPTY = new Set(["br", "img", "source", "track", "input"]);
function html(node) {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (Array.isArray(node)) return node.map(html).join("");
  if (typeof node !== "object") return escape(node);
  let inner = html(node.children);
  let attributes = "";
  for (const [name, value] of Object.entries(node.props)) {
    if (name === "key" || name === "style" || value === null || value === undefined ||
        value === false || typeof value === "function") continue;
    if (name === "dangerouslySetInnerHTML") { inner = value.__html; continue; }
    attributes += " " + (NAMES[name] || name) + (value === true ? "" : `="${escape(value)}"`);
  }
  const open = `<${node.type}${attributes}>`;
  return EMPTY.has(node.type) ? open : `${open}${inner}</${node.type}>`;
}
const templates = {};
global.window = {
  h: (type, props, ...children) => ({ type, props: props || {}, children }),
  createClass: (spec) => spec,
  CMS: {
    registerPreviewStyle() {},
    registerPreviewTemplate(name, spec) { templates[name] = spec; },
  },
  document: {
    baseURI: "http://localhost:8000/admin/",
    currentScript: { dataset: { root: "../" } },
    getElementById: (id) => (id === "echo-site-cms" ? { textContent: JSON.stringify(input.site) } : null),
  },
};
eval(fs.readFileSync(process.argv[3], "utf8"));
const drawn = input.entries.map(([collection, slug, file]) => {
  const text = fs.readFileSync(file, "utf8");
  const data = yaml.load(/^---\\r?\\n([\\s\\S]*?)^---/m.exec(text)[1], { schema: yaml.CORE_SCHEMA });
  const entry = { get: (key) => ({ data, slug })[key], getIn: ([, name]) => data[name] };
  const props = { entry, getAsset: () => null, widgetFor: () => null, widgetsFor: () => null };
  return html(templates[collection].render.call({ props }));
});
process.stdout.write(JSON.stringify(drawn));
"""


def draw_previews(
    tmp_path: Path, site: dict[str, Any], now: dt.datetime, entries: list[tuple[str, str, Path]]
) -> list[BeautifulSoup]:
    """Each entry's preview (collection, slug, file) as Node draws it at `now`, parsed."""
    node = shutil.which("node")
    js_yaml = ROOT / "node_modules" / "js-yaml"
    require("node and js-yaml (npm install)", node is not None and js_yaml.is_dir())
    harness = tmp_path / "previews-render.js"
    harness.write_text(_RENDER)
    request = {
        "site": site,
        "now": now.isoformat(),
        "entries": [[collection, slug, str(file)] for collection, slug, file in entries],
    }
    result = subprocess.run(
        [str(node), str(harness), str(js_yaml), str(PREVIEWS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    drawn = json.loads(result.stdout)
    assert isinstance(drawn, list) and len(drawn) == len(entries)
    return [BeautifulSoup(html, "lxml") for html in drawn]


def shown(soup: BeautifulSoup, selector: str) -> list[str]:
    return [text_of(node) for node in soup.select(selector)]


# What a course's preview shows as its page does: the credit in the panel, the facts and its own
# section (statements, claim window, how to claim, disclosures), each session's presenters and
# guests, claim link and actions, the hub team and the recordings with their credit.
COURSE_PARTS = (
    ".page-band h1",
    "aside.panel .badges",
    "aside.panel .register-box",
    "aside.panel .panel-credit",
    ".main-col .facts",
    "#course-credit",
    "#course-credit .disclosure-list li",
    "li.session .session-title",
    "li.session .meta",
    "li.session .session-actions",
    ".people li",
    ".recording-list li",
)
# And a recording's: the credit panel whole (credit box, disclosures, the credit page's link),
# its faculty with guests, and the accreditation statements that close it.
RECORDING_PARTS = (
    ".page-band .eyebrow",
    ".page-band h1",
    ".page-band .meta",
    "aside.panel",
    "aside.panel .disclosure-list li",
    ".link-list",
    ".people li",
    "section[aria-labelledby=accreditation-heading]",
)
# And a page's: how to claim credit, when it asks for it (claiming_credit: true).
PAGE_PARTS = (".page-header h1", ".claiming-credit")
PARTS = {"courses": COURSE_PARTS, "recordings": RECORDING_PARTS, "pages": PAGE_PARTS}


AS_OF = dt.date(2026, 11, 28)


def compare_previews(content: Path, tmp_path: Path, only: frozenset[str] | None = None) -> set[str]:
    """Build the hub as of AS_OF, draw the preview of each of its courses, recordings and pages
    (but the home page; `only`: those slugs) from its file at noon that day, and compare what
    they show, part by part, with the built pages. The parts that had something to compare."""
    output = tmp_path / "output"
    build(
        BuildOptions(
            content_dir=content,
            output_dir=output,
            as_of=AS_OF,
            include_drafts=True,
            search=False,
            use_cache=False,
            local_cms=LocalCms("http://127.0.0.1:8081/api/v1", "http://localhost:8000/"),
        )
    )
    site, _ = load_site(content)
    records = [
        *(("courses", c) for c in site.courses),
        *(("recordings", r) for r in site.recordings),
        *(("pages", p) for p in site.pages if p.slug != "index"),
    ]
    records = [(name, r) for name, r in records if only is None or r.slug in only]
    assert only is None or {r.slug for _, r in records} == only
    entries = [(name, r.slug, content / name / f"{r.slug}.md") for name, r in records]
    noon = dt.datetime.combine(AS_OF, dt.time(12), tzinfo=zoneinfo.ZoneInfo(site.config.timezone))
    drawn = draw_previews(tmp_path, preview_data(output), noon, entries)
    seen = set()
    for (collection, record), preview in zip(records, drawn, strict=True):
        slug, url = record.slug, record.url
        built = BeautifulSoup((output / url.strip("/") / "index.html").read_text(), "lxml")
        for node in [
            *built.select(".local-time, .print-only"),
            *preview.select(".echo-preview-note"),
        ]:
            node.decompose()
        for selector in PARTS[collection]:
            assert shown(preview, selector) == shown(built, selector), (slug, selector)
            seen |= {selector} if built.select(selector) else set()
        for selector in (".claim a", "aside.panel a.button", ".more-credit a"):
            links = [a["href"] for a in preview.select(selector)]
            # The preview writes the site's addresses in full, the page relative to itself.
            address = urljoin("http://localhost:8000/", url)
            hrefs = [urljoin(address, a["href"]) for a in built.select(selector)]
            assert links == hrefs, (slug, selector)
        assert [a["class"] for a in preview.select("aside.panel")] == [
            a["class"] for a in built.select("aside.panel")
        ], slug
    return seen


@pytest.mark.parametrize("hub", sorted(HUBS))
def test_every_preview_shows_the_credit_its_page_shows(hub, tmp_path):
    """Every course, recording and page of the hub (but the home page), its file drawn by the
    editing page's previews as of the build date, shows what its built page shows: credit of
    one type or several with their statements, disclosures, claim links, guest presenters,
    credit available, coming or expired, how to claim credit."""
    seen = compare_previews(HUBS[hub], tmp_path)
    if hub == "sample":
        # The sample hub has all of it: the comparison is not of empty sections.
        assert seen == {selector for parts in PARTS.values() for selector in parts}


# Where the pages' words turn on a count: one session, one presenter, one credit type of one
# hour, a claim window of one day, a guest with no credentials and none on file, another with
# two relationships, hours that round to the even cent, three expired types ("A, B or C").
WORDING = {
    "courses/one-session-echo.md": """\
---
title: One session ECHO
summary: A single session, with one type of credit.
time: "12:00-13:00"
sessions:
  - date: 2026-11-27
    title: The only session
    presenters: [twisniewski]
    guests:
      - name: Sam Guest
        organization: Valley Clinic
      - name: Pat Advisor
        credentials: PharmD
        disclosures:
          - {company: Northfield Pharmaceuticals, relationship: speakers bureau}
          - {company: Acme Devices, relationship: consultant}
        disclosed: 2026-10-01
planners: [rcote]
credit:
  type: ACPE Pharmacy Credit
  hours_per_session: 1
  claim_url: https://ce.example.org/evaluations/one
  claim_days: 1
---
One session.
""",
    "recordings/one-hour-of-credit.md": """\
---
title: One hour of credit
date: 2026-10-15
duration_minutes: 60
presenters: [hwhitcomb]
planners: [mokafor]
guests:
  - {name: Sam Guest, role: Community health worker}
credit:
  type: CHES Continuing Education Contact Hours
  hours: 1
  released: 2026-11-01
  expires: 2029-10-31
---
An hour.
""",
    "recordings/credit-coming-soon.md": """\
---
title: Credit coming soon
date: 2026-11-20
presenters: [twisniewski]
credit:
  types:
    - {type: AMA PRA Category 1 Credit, hours: 1}
    - {type: ANCC Nursing Contact Hours, hours: 0.125}
    - {type: ACPE Pharmacy Credit, hours: 0.625}
  released: 2026-12-15
  expires: 2029-12-14
---
Soon.
""",
    "recordings/credit-long-expired.md": """\
---
title: Credit long expired
date: 2023-01-10
presenters: [mokafor]
credit:
  types:
    - {type: AMA PRA Category 1 Credit, hours: 1}
    - {type: ANCC Nursing Contact Hours, hours: 1}
    - {type: ACPE Pharmacy Credit, hours: 1}
  released: 2023-02-01
  expires: 2025-12-31
---
Expired.
""",
}


def test_previews_word_counts_as_the_pages_do(tmp_path):
    """One and several, each as its page words it: the sample hub with entries whose words
    turn on a count, each drawn by the previews and compared with its built page."""
    content = tmp_path / "content"
    shutil.copytree(HUBS["sample"], content)
    for name, text in WORDING.items():
        (content / name).write_text(text)
    slugs = frozenset(Path(name).stem for name in WORDING)
    seen = compare_previews(content, tmp_path, only=slugs)
    assert seen >= {
        "#course-credit .disclosure-list li",
        "li.session .session-actions",
        "aside.panel .disclosure-list li",
        "section[aria-labelledby=accreditation-heading]",
    }
    # What was compared has the words that turn on a count.
    words = {
        "courses/one-session-echo": (
            "1 session, November 27, 2026",
            "ACPE Pharmacy Credit: 1 hour per session",
            "ACPE Pharmacy Credit: 1 hour for each session attended",
            "until 1 day after it",
            "Presenters: Tomasz Wiśniewski, MD; Sam Guest; Pat Advisor, PharmD",
            "Claim credit for this session : The only session until November 28, 2026",
            "Sam Guest (guest presenter) : no disclosure on file yet.",
            "(speakers bureau); Acme Devices (consultant).",
        ),
        "recordings/one-hour-of-credit": (
            "Contact Hours : 1 hour Available until",
            "Sam Guest (guest presenter) : no disclosure on file yet.",
        ),
        "recordings/credit-coming-soon": (
            "AMA PRA Category 1 Credit: 1 hour ANCC",
            "ANCC Nursing Contact Hours: 0.12 hours ACPE Pharmacy Credit: 0.62 hours",
        ),
        "recordings/credit-long-expired": (
            "no longer offers AMA PRA Category 1 Credit, ANCC Nursing Contact Hours or ACPE "
            "Pharmacy Credit.",
        ),
    }
    for url, phrases in words.items():
        page = BeautifulSoup((tmp_path / "output" / url / "index.html").read_text(), "lxml")
        shown_text = text_of(page.main)
        for phrase in phrases:
            assert phrase in shown_text, (url, phrase)

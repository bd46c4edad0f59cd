#!/usr/bin/env python3
"""Generate a synthetic ECHO hub of N pages, and the same Markdown bodies as a plain Hugo site.

    python bench/generate.py --pages 10000 --out /tmp/hub [--seed 1]

writes

    OUT/content/   a valid echo-site hub: site.yaml, people.yaml (~60 people), ~20 program pages,
                   courses (about 3% of N; dated sessions or schedule rules, 6-24 sessions each,
                   2024-2027 around 2026-11-28) and recordings (the rest), each body ~2 KB of
                   varied prose with headings, lists, links to other pages of the hub and an
                   occasional table; a few small files under files/.
    OUT/hugo/      a Hugo site with the same bodies as plain pages (title front matter only) and a
                   minimal theme that puts the body in <main data-pagefind-body>.

N counts program pages + courses + recordings; listing pages (course list, topics, ...) come on
top. The output depends only on N and the seed. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 11, 28)
GENERATOR_VERSION = "2"
PROGRAM_PAGES = 20

# -- vocabulary -------------------------------------------------------------------------------

TOPICS = [
    "Substance use",
    "Primary care",
    "Mental health",
    "Aging and dementia",
    "Pain management",
    "Maternal and child health",
    "Rural health",
    "Community health",
    "Schools",
    "Infectious disease",
    "Chronic disease",
    "Tobacco treatment",
    "Suicide prevention",
    "Oral health",
    "Palliative care",
]
AUDIENCES = [
    "Physicians",
    "Nurse practitioners",
    "Physician assistants",
    "Nurses",
    "Pharmacists",
    "Behavioral health clinicians",
    "Social workers",
    "Community health workers",
    "Care coordinators",
    "Peer recovery specialists",
    "School nurses",
    "Counselors",
    "Public health staff",
    "Emergency medical services",
]
COURSE_SUBJECTS = [
    "Opioid Use Disorder",
    "Medications for Addiction Treatment",
    "Dementia Care",
    "Chronic Pain",
    "Perinatal Substance Use",
    "School Mental Health",
    "Diabetes Management",
    "Hepatitis C",
    "HIV Prevention",
    "Suicide Prevention",
    "Tobacco Treatment",
    "Community Health Worker",
    "Long COVID",
    "Heart Failure",
    "Child Psychiatry",
    "Autism Care",
    "Geriatric Mental Health",
    "Palliative Care",
    "Harm Reduction",
    "Stimulant Use",
    "Alcohol Use Disorder",
    "Hypertension Control",
    "Oral Health",
    "Antimicrobial Stewardship",
    "Youth Substance Use",
    "Trauma-Informed Care",
    "Behavioral Health Integration",
    "Kidney Disease",
    "Asthma in Schools",
    "Cancer Survivorship",
]
COURSE_QUALIFIERS = [
    "",
    "in Primary Care",
    "for Rural Clinics",
    "for Community Partners",
    "for Nurses",
    "for Pharmacists",
    "in Schools",
    "for Emergency Departments",
    "Mountain West",
    "Northern New England",
    "for Tribal Health Programs",
    "Advanced",
]
RECORDING_SUBJECTS = [
    "Buprenorphine starts",
    "Naloxone distribution",
    "Low-dose buprenorphine initiation",
    "Methadone take-home doses",
    "Extended-release naltrexone",
    "Urine drug testing",
    "Cognitive screening",
    "Deprescribing",
    "Caregiver strain",
    "Non-drug approaches to pain",
    "Opioid tapering",
    "Motivational interviewing",
    "Safety planning",
    "Lethal means counseling",
    "Insulin titration",
    "Continuous glucose monitoring",
    "Hepatitis C treatment",
    "PrEP prescribing",
    "Smoking cessation medications",
    "Vaping among teens",
    "Postpartum depression",
    "Neonatal opioid withdrawal",
    "Prenatal care and substance use",
    "ADHD assessment",
    "Anxiety in adolescents",
    "Collaborative care",
    "Stigma and language",
    "Trauma-informed practice",
    "Contingency management",
    "Stimulant use disorder",
    "Alcohol withdrawal",
    "Sleep problems",
    "Fall prevention",
    "Advance care planning",
    "Goals-of-care conversations",
    "Blood pressure self-monitoring",
    "Heart failure medications",
    "Wound care",
    "Syringe services",
    "Fentanyl test strips",
    "Benzodiazepine tapering",
    "Chronic kidney disease staging",
    "Asthma action plans",
    "Social needs screening",
    "Housing instability",
    "Food insecurity",
    "Telehealth visits",
    "Interpreter services",
    "Peer support",
    "Recovery housing",
]
SETTINGS = [
    "in primary care",
    "in rural communities",
    "in the emergency department",
    "in pregnancy",
    "for older adults",
    "in schools",
    "in community health centers",
    "at home",
    "in the jail setting",
    "for adolescents",
    "in long-term care",
    "on home visits",
    "in pharmacies",
    "in tribal clinics",
    "after hospital discharge",
    "with limited specialist access",
    "in small practices",
    "for veterans",
    "in recovery programs",
    "across care transitions",
]
TITLE_PREFIXES = ["", "", "", "", "Case clinic: ", "Update: ", "Panel: ", "Ask the expert: "]
TITLE_SUFFIXES = [
    "",
    "",
    "",
    "",
    ": what works",
    ": a practical approach",
    ": common pitfalls",
    ", step by step",
    ": what the evidence says",
    ": questions from the field",
]

FIRST_NAMES = [
    "Margaret",
    "José",
    "Keiko",
    "Thomas",
    "Aisha",
    "Harold",
    "Nadia",
    "Bethany",
    "Daniel",
    "Renée",
    "Priya",
    "Samuel",
    "Lucía",
    "Ingrid",
    "Omar",
    "Grace",
    "Mateo",
    "Hannah",
    "Kwame",
    "Elena",
    "Rachel",
    "Victor",
    "Mei",
    "Patrick",
    "Fatima",
    "Jonas",
    "Amara",
    "Colin",
    "Yusuf",
    "Sofia",
    "Anders",
    "Tamar",
    "Leila",
    "Owen",
    "Chloé",
    "Rafael",
    "Nora",
    "Isaac",
    "Zainab",
    "Henrik",
    "Maya",
    "Gabriel",
    "Ruth",
    "Diego",
    "Abigail",
    "Tomás",
    "Esther",
    "Malik",
]
LAST_NAMES = [
    "Okafor",
    "Núñez",
    "Yamamoto",
    "Brennan",
    "Patel",
    "Whitcomb",
    "Thompson",
    "Frost",
    "Lindqvist",
    "Côté",
    "Raman",
    "Hughes",
    "Ortega",
    "Berg",
    "Haddad",
    "Kim",
    "Alvarez",
    "Schultz",
    "Mensah",
    "Petrova",
    "Cohen",
    "Moreau",
    "Chen",
    "Gallagher",
    "Rahman",
    "Fischer",
    "Adeyemi",
    "MacLeod",
    "Demir",
    "Rossi",
    "Nilsson",
    "Levi",
    "Karimi",
    "Evans",
    "Dubois",
    "Santos",
    "Byrne",
    "Weiss",
    "Bello",
    "Larsen",
    "Iyer",
    "Fontaine",
    "Stein",
    "Vargas",
    "Doyle",
    "Ferreira",
    "Abernathy",
    "Qureshi",
]
CREDENTIALS = [
    "MD",
    "MD, MPH",
    "DO",
    "PharmD",
    "RN",
    "RN, BSN",
    "NP",
    "PA-C",
    "MSW, LICSW",
    "PhD",
    "PsyD",
    "MPH",
    "CHW",
    "LADC",
    "DNP, APRN",
    "MEd",
    "BA",
    "CRS",
]
ROLES = [
    "Addiction medicine",
    "Family medicine",
    "Geriatrics",
    "Psychiatry",
    "Clinical pharmacist",
    "Nurse care manager",
    "ECHO facilitator",
    "Program coordinator",
    "Behavioral health",
    "Obstetrics and gynecology",
    "Pediatrics",
    "Infectious disease",
    "Pain medicine",
    "Community health worker",
    "Peer recovery coach",
    "School nurse consultant",
    "Palliative care",
    "Endocrinology",
    "Public health",
    "Social work",
]
ORGANIZATIONS = [
    "Example Health",
    "North Country Health Center",
    "Valley Regional Hospital",
    "Riverbend Community Health",
    "State Department of Health",
    "Granite Recovery Network",
    "Lakeside Family Practice",
    "University Medical Center",
    "Highland Tribal Health",
    "Coastal Pharmacy Cooperative",
]
PLACES = [
    "Coos County",
    "the North Country",
    "the Upper Valley",
    "Sullivan County",
    "the Northeast Kingdom",
    "Cheshire County",
    "the Seacoast",
    "Grafton County",
    "the Monadnock region",
    "Franklin County",
    "rural Maine",
    "the Lakes Region",
    "Carroll County",
    "Windham County",
]
CLINICIANS = [
    "primary care clinicians",
    "nurses",
    "pharmacists",
    "behavioral health staff",
    "community health workers",
    "care coordinators",
    "school nurses",
    "peer recovery coaches",
    "medical assistants",
    "emergency physicians",
    "social workers",
    "midwives",
    "nurse practitioners",
    "front-desk staff",
    "practice managers",
]
PATIENTS = [
    "patients with opioid use disorder",
    "older adults living alone",
    "pregnant patients",
    "adolescents",
    "people leaving incarceration",
    "patients with chronic pain",
    "families caring for someone with dementia",
    "veterans",
    "people experiencing homelessness",
    "patients who live far from a specialist",
    "new parents",
    "students",
    "people with limited English",
    "patients with several chronic conditions",
]
OUTCOMES = [
    "retention in treatment",
    "fewer emergency visits",
    "better blood pressure control",
    "earlier diagnosis",
    "safer prescribing",
    "fewer overdoses",
    "shorter waits",
    "higher screening rates",
    "less caregiver burnout",
    "more same-day starts",
    "better follow-up after discharge",
    "fewer missed appointments",
]
TOOLS = [
    "a one-page protocol",
    "a shared registry",
    "the PHQ-9",
    "the Mini-Cog",
    "a warm handoff",
    "standing orders",
    "a pharmacy callback",
    "a patient-facing handout",
    "a team huddle",
    "the electronic health record reminder",
    "a text-message check-in",
    "the COWS scale",
    "a structured case template",
    "a prescription drug monitoring program check",
]
BARRIERS = [
    "transportation",
    "stigma",
    "time in the visit",
    "insurance prior authorization",
    "staff turnover",
    "limited broadband",
    "pharmacy stocking",
    "childcare",
    "weather",
    "distance to the nearest specialist",
    "fear of legal consequences",
    "language",
]
ACTIONS = [
    "start treatment the same day",
    "check in by phone within 48 hours",
    "document the plan in a shared note",
    "involve a family member when the patient agrees",
    "review the medication list at every visit",
    "offer naloxone to everyone at risk",
    "schedule follow-up before the patient leaves",
    "use plain, person-first language",
    "ask about goals before changing the plan",
    "share the case at the next ECHO session",
    "coordinate with the local pharmacy",
    "screen again after three months",
]
EXTERNAL_LINKS = [
    ("SAMHSA National Helpline", "https://www.samhsa.gov/find-help/national-helpline"),
    ("FindTreatment.gov", "https://findtreatment.gov/"),
    ("the 988 Suicide and Crisis Lifeline", "https://988lifeline.org/"),
    ("CDC clinical guidance", "https://www.cdc.gov/"),
    ("the ASAM practice guideline", "https://www.asam.org/quality-care/clinical-guidelines"),
    ("the Alzheimer's Association", "https://www.alz.org/"),
    ("MedlinePlus", "https://medlineplus.gov/"),
    ("Project ECHO", "https://projectecho.unm.edu/"),
]
HEADINGS = [
    "Key points",
    "Why it matters",
    "What we discussed",
    "Case discussion",
    "Practical steps",
    "Resources",
    "Questions from participants",
    "Background",
    "What changed",
    "Take-home points",
    "For the care team",
    "Next steps",
    "Learning objectives",
    "In practice",
]

SENTENCES = [
    "{Person} opened the session with an overview of {subject} {setting}.",
    "Many {clinicians} told us that {barrier} is the main reason {patients} miss care.",
    "The group agreed that {tool} makes it easier to {action}.",
    "In {place}, teams that adopted {tool} reported {outcome} within a year.",
    "A participating practice presented a de-identified case about {subject_l} {setting}.",
    "The discussion turned to how {clinicians} can {action} without adding work to the visit.",
    "{Person} reminded the group that {barrier} affects {patients} more than most of us assume.",
    "Specialists on the call suggested starting small: {action}, then build from there.",
    "Several clinics in {place} now {action}, and they see {outcome}.",
    "There is no single right answer, but {tool} gives the team a shared starting point.",
    "The evidence for {subject_l} is strongest when {clinicians} and {clinicians2} work together.",
    "Participants asked how to handle {barrier}; the panel shared what has worked elsewhere.",
    "It helps to {action}, especially for {patients}.",
    "Over {number} practices have taken part since the series began in {year}.",
    "About {percent} percent of respondents said they would {action} after the session.",
    "When {barrier} gets in the way, a phone visit or {tool} can bridge the gap.",
    "The case presenter described a patient who had struggled with {barrier} for years.",
    "Recommendations from the group focused on {outcome} rather than on any one medication.",
    "{Person} walked through a typical week in a clinic that offers {subject_l}.",
    "Teams new to this work often worry about {barrier}; in practice it is manageable.",
    "The slides include a summary table and links to the guidance mentioned on the call.",
    "A pharmacist on the panel explained how {tool} prevents errors at the counter.",
    "For {patients}, the most important step is to {action}.",
    "Nobody has to do this alone: the ECHO network is there to think cases through together.",
]

LIST_ITEMS = [
    "{Action} whenever possible.",
    "Use {tool} to keep the whole team on the same page.",
    "Expect {barrier} to come up, and plan for it.",
    "Track {outcome} over time, not just at one visit.",
    "Involve {clinicians} early.",
    "Ask {patients} what matters most to them.",
    "Remember that {subject_l} {setting} looks different from one clinic to the next.",
    "Bring a case to the next session if you are unsure.",
    "Share {tool} with partners in {place}.",
]

TABLE_ROWS = [
    ("Screening", "At intake and yearly", "Medical assistant"),
    ("Brief intervention", "Same visit", "Clinician"),
    ("Referral", "Within a week", "Care coordinator"),
    ("Follow-up call", "48 hours", "Nurse"),
    ("Medication review", "Every visit", "Pharmacist"),
    ("Case review", "Monthly", "Whole team"),
    ("Caregiver check-in", "Every 3 months", "Social worker"),
    ("Safety plan update", "After any crisis", "Behavioral health"),
]

_SLUG_CLEAN = re.compile(r"[^a-z0-9]+")
_FIELD = re.compile(r"\{(\w+)\}")


# -- plan -------------------------------------------------------------------------------------


@dataclass
class Person:
    id: str
    name: str
    credentials: str
    role: str
    organization: str
    photo: str | None = None


@dataclass
class Item:
    kind: str  # page | course | recording
    slug: str
    title: str
    url: str
    date: dt.date | None = None
    meta: dict = field(default_factory=dict)
    body: str = ""


def slugify(text: str, taken: set[str], limit: int = 60) -> str:
    base = _SLUG_CLEAN.sub("-", text.lower().replace("'", "")).strip("-")
    if len(base) > limit:
        base = base[:limit].rsplit("-", 1)[0]
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def people_plan(rng: random.Random, count: int = 60) -> list[Person]:
    people, ids = [], set()
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = _SLUG_CLEAN.sub("", (first[0] + last).lower().encode("ascii", "ignore").decode())
        pid, n = base, 2
        while pid in ids:
            pid, n = f"{base}{n}", n + 1
        ids.add(pid)
        people.append(
            Person(
                pid,
                f"{first} {last}",
                rng.choice(CREDENTIALS),
                rng.choice(ROLES),
                rng.choice(ORGANIZATIONS),
                f"files/people/{pid}.png" if len(people) < 8 else None,
            )
        )
    return people


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date:
    first = dt.date(year, month, 1)
    days = [first + dt.timedelta((weekday - first.weekday()) % 7 + 7 * n) for n in range(5)]
    days = [d for d in days if d.month == month]
    return days[-1] if ordinal == -1 else days[ordinal - 1]


def rule_dates(starts: dt.date, every: int, unit: str, weekday: int, ordinals, count: int):
    """Candidate dates of a schedule rule (before `except`), enough for `count` + 1 sessions."""
    out: list[dt.date] = []
    if unit == "week":
        day = starts + dt.timedelta((weekday - starts.weekday()) % 7)
        while len(out) < count + 1:
            out.append(day)
            day += dt.timedelta(7 * every)
        return out
    year, month = starts.year, starts.month
    anchored = False
    while len(out) < count + 1:
        in_month = sorted(nth_weekday(year, month, weekday, o) for o in ordinals)
        in_month = [d for d in in_month if d >= starts]
        if in_month or anchored:
            anchored = True
            out.extend(in_month)
            for _ in range(every):
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def course_plan(rng: random.Random, count: int, taken: set[str], people: list[Person]):
    courses = []
    span = (dt.date(2027, 6, 30) - dt.date(2024, 1, 8)).days
    for index in range(count):
        subject = COURSE_SUBJECTS[index % len(COURSE_SUBJECTS)]
        qualifier = rng.choice(COURSE_QUALIFIERS)
        title = " ".join(p for p in (subject, qualifier, "ECHO") if p)
        starts = dt.date(2024, 1, 8) + dt.timedelta(rng.randrange(span))
        n = rng.randint(6, 24)
        style = rng.random()
        weekday = rng.choice((1, 2, 3))  # tuesday-thursday
        if style < 0.4:
            every, unit, ordinals = 1, "week", None
        elif style < 0.75:
            every, unit, ordinals = 2, "week", None
        else:
            every, unit = 1, "month"
            ordinals = rng.choice(((1,), (2,), (3,), (-1,), (1, 3), (2, 4)))
        candidates = rule_dates(starts, every, unit, weekday, ordinals, n)
        skipped = None
        if n > 8 and rng.random() < 0.3:
            skipped = candidates[n // 2]
            dates = [d for d in candidates if d != skipped][:n]
        else:
            dates = candidates[:n]
        if unit == "week":
            on = WEEKDAYS[weekday]
        else:
            on = " and ".join(ORDINAL_WORDS[o] for o in ordinals) + " " + WEEKDAYS[weekday]
        hour = rng.choice((7, 8, 12, 12, 12, 15, 16))
        minutes = rng.choice((0, 0, 30))
        length = rng.choice((60, 60, 75, 90))
        start = dt.datetime(2000, 1, 1, hour, minutes)
        end = start + dt.timedelta(minutes=length)
        team = rng.sample(people, rng.randint(3, 6))
        cadence = "monthly" if unit == "month" else ("weekly" if every == 1 else "every other week")
        slug = slugify(title + (" " + str(starts.year) if rng.random() < 0.6 else ""), taken)
        meta = {
            "topics": rng.sample(TOPICS, rng.randint(1, 3)),
            "audience": rng.sample(AUDIENCES, rng.randint(2, 5)),
            "format": "open" if rng.random() < 0.2 else "cohort",
            "timezone": rng.choice(("America/Chicago", "America/Denver"))
            if rng.random() < 0.1
            else None,
            "time": f"{start:%H:%M}-{end:%H:%M}",
            "dates": dates,
            "style": "dated" if rng.random() < 0.5 else rng.choice(("rule", "rule-titled")),
            "rule": {
                "starts": starts,
                "every": f"{every} {unit}" + ("s" if every > 1 else ""),
                "on": on,
                "count" if rng.random() < 0.7 else "ends": n,
                "except": skipped,
            },
            "session_titles": [
                f"{rng.choice(RECORDING_SUBJECTS)} {rng.choice(SETTINGS)}" for _ in dates
            ],
            "presenters": [[p.id for p in rng.sample(team, rng.choice((1, 1, 2)))] for _ in dates],
            "cancelled": rng.randrange(len(dates)) if rng.random() < 0.2 else None,
            "faculty": [p.id for p in team],
            "credit": rng.random() < 0.6,
            "hours": rng.choice((1.0, 1.0, 1.5)),
            "registration": rng.random() < 0.85,
            # An override only on courses still running: on an ended one it draws a warning.
            "status": rng.choice(("waitlist", "full"))
            if rng.random() < 0.05 and dates[-1] >= AS_OF
            else None,
            "flyer": rng.random() < 0.3,
            "image": rng.randrange(4) if rng.random() < 0.4 else None,
            "summary": f"{subject} case-based learning for "
            f"{rng.choice(CLINICIANS)} and {rng.choice(CLINICIANS)}, {cadence}"
            f" over video with specialists on every call.",
        }
        courses.append(Item("course", slug, title, f"/courses/{slug}/", dates[0], meta))
    return courses


def recording_plan(rng, count, taken, people, courses):
    # Sessions that have happened by AS_OF, to hang recordings on.
    past = [(c, d) for c in courses for d in c.meta["dates"] if d < AS_OF]
    recordings = []
    span = (AS_OF - dt.date(2021, 6, 1)).days
    for _ in range(count):
        title = (
            rng.choice(TITLE_PREFIXES)
            + rng.choice(RECORDING_SUBJECTS)
            + " "
            + rng.choice(SETTINGS)
            + rng.choice(TITLE_SUFFIXES)
        )
        course = None
        if past and rng.random() < 0.6:
            course, date = rng.choice(past)
        else:
            date = dt.date(2021, 6, 1) + dt.timedelta(rng.randrange(span))
        slug = slugify(title, taken)
        presenters = [p.id for p in rng.sample(people, rng.choice((1, 1, 1, 2)))]
        meta: dict = {"course": course.slug if course else None, "presenters": presenters}
        r = rng.random()
        if r < 0.8:
            vid = "".join(
                rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
                for _ in range(11)
            )
            meta["video"] = f"https://www.youtube.com/watch?v={vid}"
        elif r < 0.9:
            meta["video"] = f"https://vimeo.com/{rng.randrange(100000000, 999999999)}"
        meta["captions"] = "video" in meta and rng.random() < 0.9
        meta["duration"] = rng.randint(25, 95)
        meta["slides"] = rng.random() < 0.08
        meta["resources"] = rng.sample(EXTERNAL_LINKS, rng.choice((0, 1, 1, 2, 3)))
        if rng.random() < 0.3:
            released = date + dt.timedelta(rng.randint(14, 60))
            reviewed = released + dt.timedelta(rng.randint(0, 300)) if rng.random() < 0.3 else None
            start = reviewed or released
            expires = start.replace(year=start.year + 3, day=min(start.day, 28)) - dt.timedelta(
                rng.choice((1, 1, 30))
            )
            meta["credit"] = {
                "type": rng.choice(CREDIT_TYPES),
                "hours": rng.choice((0.5, 0.75, 1.0, 1.0, 1.5)),
                "released": released,
                "reviewed": reviewed,
                "expires": expires,
            }
        meta["draft"] = rng.random() < 0.003
        recordings.append(Item("recording", slug, title, f"/recordings/{slug}/", date, meta))
    return recordings


PAGE_TITLES = [
    ("index", "Project ECHO at Example Health"),
    ("about", "About Project ECHO"),
    ("participate", "What you need to participate"),
    ("how-a-session-works", "How a session works"),
    ("contact", "Contact us"),
    ("propose-a-course", "Propose a course"),
    ("support", "Support our work"),
    ("continuing-education", "Continuing education credit"),
    ("faq", "Frequently asked questions"),
    ("for-presenters", "For presenters"),
    ("case-presentations", "Presenting a case"),
    ("privacy", "Privacy and case confidentiality"),
    ("accessibility", "Accessibility"),
    ("partners", "Our partners"),
    ("community-echo", "Community ECHO programs"),
    ("clinical-echo", "Clinical ECHO programs"),
    ("evaluation", "How we evaluate our programs"),
    ("news", "News from the hub"),
    ("team", "The hub team"),
    ("technical-help", "Technical help for video sessions"),
]

CREDIT_STATEMENTS = {
    "AMA PRA Category 1 Credit": "Example Health is accredited by the ACCME to provide "
    "continuing medical education for physicians. Example Health designates this activity for "
    "a maximum of the number of AMA PRA Category 1 Credits™ shown on this page. Physicians "
    "should claim only the credit commensurate with the extent of their participation.",
    "ANCC Nursing Contact Hours": "Example Health is accredited as a provider of nursing "
    "continuing professional development by the ANCC Commission on Accreditation. Nurses who "
    "attend in full and complete the evaluation receive the contact hours shown.",
    "ACPE Pharmacy Credit": "Example Health is accredited by ACPE as a provider of continuing "
    "pharmacy education. This knowledge-based activity provides the contact hours shown.",
}
CREDIT_TYPES = list(CREDIT_STATEMENTS)


# -- prose ------------------------------------------------------------------------------------


# Template fields filled with a word from a list.
_WORD_LISTS = {
    "clinicians": CLINICIANS,
    "clinicians2": CLINICIANS,
    "patients": PATIENTS,
    "outcome": OUTCOMES,
    "tool": TOOLS,
    "barrier": BARRIERS,
    "action": ACTIONS,
    "place": PLACES,
}


class Prose:
    """Varied Markdown bodies from templates; links point at pages that exist in the hub."""

    def __init__(self, rng: random.Random, people: list[Person], targets: list[Item]) -> None:
        self.rng = rng
        self.people = people
        self.targets = targets

    def fill(self, template: str, subject: str, setting: str) -> str:
        rng = self.rng

        def value(match: re.Match) -> str:
            key = match.group(1)
            if key == "Person":
                return rng.choice(self.people).name
            if key == "subject":
                return subject
            if key == "subject_l":
                keep = len(subject) > 1 and subject[1].isupper()
                return subject if keep else subject[0].lower() + subject[1:]
            if key == "setting":
                return setting
            if key in _WORD_LISTS:
                return rng.choice(_WORD_LISTS[key])
            if key == "Action":
                a = rng.choice(ACTIONS)
                return a[0].upper() + a[1:]
            if key == "number":
                return str(rng.randint(12, 240))
            if key == "percent":
                return str(rng.randint(40, 95))
            if key == "year":
                return str(rng.randint(2015, 2025))
            return key

        return _FIELD.sub(value, template)

    def link(self) -> str:
        target = self.rng.choice(self.targets)
        return f"[{target.title}]({target.url})"

    def paragraph(self, subject: str, setting: str, sentences: int) -> str:
        rng = self.rng
        parts = [self.fill(rng.choice(SENTENCES), subject, setting) for _ in range(sentences)]
        roll = rng.random()
        if roll < 0.35:
            parts.append(f"See also {self.link()}.")
        elif roll < 0.5:
            name, url = rng.choice(EXTERNAL_LINKS)
            parts.append(f"More is available from [{name}]({url}).")
        if rng.random() < 0.2:
            i = rng.randrange(len(parts))
            words = parts[i].split(" ")
            j = rng.randrange(len(words))
            words[j] = f"**{words[j]}**" if rng.random() < 0.5 else f"*{words[j]}*"
            parts[i] = " ".join(words)
        return " ".join(parts)

    def bullets(self, subject: str, setting: str) -> str:
        rng = self.rng
        templates = rng.sample(LIST_ITEMS, rng.randint(3, 6))
        items = [self.fill(t, subject, setting) for t in templates]
        if rng.random() < 0.5:
            items[rng.randrange(len(items))] += f" ({self.link()})"
        marker = "1." if rng.random() < 0.25 else "-"
        return "\n".join(f"{marker} {item}" for item in items)

    def table(self) -> str:
        rows = self.rng.sample(TABLE_ROWS, self.rng.randint(3, 5))
        lines = ["| Step | When | Who |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        return "\n".join(lines)

    def body(self, subject: str, setting: str, size: int, intro: str = "") -> str:
        """Intro paragraph, then sections (a heading and one to three blocks) until ~`size`."""
        rng = self.rng
        blocks = [intro + self.paragraph(subject, setting, rng.randint(2, 4))]
        headings = rng.sample(HEADINGS, 6)
        table_left = rng.random() < 0.15
        length = len(blocks[0])
        while length < size and headings:
            level = "##" if rng.random() < 0.85 else "###"
            section = [f"{level} {headings.pop()}"]
            previous = "heading"
            for _ in range(rng.randint(1, 3)):
                roll = rng.random()
                if table_left and roll < 0.2:
                    block, previous, table_left = self.table(), "table", False
                elif roll < 0.45 and previous != "list":
                    block, previous = self.bullets(subject, setting), "list"
                else:
                    block, previous = self.paragraph(subject, setting, rng.randint(2, 5)), "p"
                section.append(block)
            blocks.extend(section)
            length += sum(len(b) + 2 for b in section)
        if rng.random() < 0.6:
            links = ", ".join(self.link() for _ in range(rng.randint(1, 3)))
            blocks.append(f"Related: {links}.")
        return "\n\n".join(blocks) + "\n"


# -- writing ----------------------------------------------------------------------------------

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf0000000301010078d4d0a0000000"
    "0049454e44ae426082"
)
PDF_STUB = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def site_yaml() -> str:
    lines = [
        "# Generated by bench/generate.py",
        "title: Project ECHO at Example Health",
        "base_url: https://echo.example.org/",
        "timezone: America/New_York",
        "contact_email: echo@example.org",
        "organization: Example Health",
        "language: en",
        "proposal_url: https://forms.example.org/echo-proposal",
        "donate_url: https://giving.example.org/echo",
        "nav:",
        "  - {title: Courses, url: /courses/}",
        "  - {title: Enduring materials, url: /enduring-materials/}",
        "  - {title: About ECHO, url: /about/}",
        "  - {title: Participate, url: /participate/}",
        "  - {title: Contact, url: /contact/}",
        "credit_statements:",
    ]
    lines += [f"  {name}: {q(text)}" for name, text in CREDIT_STATEMENTS.items()]
    return "\n".join(lines) + "\n"


def people_yaml(people: list[Person]) -> str:
    out = ["# Generated by bench/generate.py"]
    for p in people:
        out += [
            f"{p.id}:",
            f"  name: {q(p.name)}",
            f"  credentials: {q(p.credentials)}",
            f"  role: {q(p.role)}",
            f"  organization: {q(p.organization)}",
        ]
        if p.photo:
            out += [f"  photo: {p.photo}", f"  photo_alt: {q('Portrait of ' + p.name)}"]
    return "\n".join(out) + "\n"


def course_md(c: Item) -> str:
    m = c.meta
    out = ["---", f"title: {q(c.title)}", f"summary: {q(m['summary'])}"]
    out.append("topics: [" + ", ".join(q(t) for t in m["topics"]) + "]")
    out.append("audience: [" + ", ".join(q(a) for a in m["audience"]) + "]")
    out.append(f"format: {m['format']}")
    if m["timezone"]:
        out.append(f"timezone: {m['timezone']}")
    out.append(f'time: "{m["time"]}"')
    dates = m["dates"]
    if m["style"] != "dated":
        rule = m["rule"]
        out += [
            "schedule:",
            f"  starts: {rule['starts']}",
            f"  every: {rule['every']}",
            f"  on: {rule['on']}",
        ]
        if "count" in rule:
            out.append(f"  count: {rule['count']}")
        else:
            out.append(f"  ends: {dates[-1]}")
        if rule["except"]:
            out.append(f"  except: [{rule['except']}]")
    if m["style"] != "rule":
        out.append("sessions:")
        for i, day in enumerate(dates):
            first = "  - " if m["style"] == "dated" else None
            if first:
                out.append(f"  - date: {day}")
                out.append(f"    title: {q(m['session_titles'][i])}")
            else:
                out.append(f"  - title: {q(m['session_titles'][i])}")
            out.append("    presenters: [" + ", ".join(m["presenters"][i]) + "]")
            if m["cancelled"] == i:
                out.append("    cancelled: true")
                out.append(
                    "    description: Cancelled because of the weather; the topic moves "
                    "to the next session."
                )
    out.append("faculty: [" + ", ".join(m["faculty"]) + "]")
    if m["credit"]:
        out += ["credit:", f"  type: {CREDIT_TYPES[0]}", f"  hours_per_session: {m['hours']}"]
    if m["registration"]:
        closes = dates[0] - dt.timedelta(days=3)
        out += [
            "registration:",
            f"  url: https://forms.example.org/echo/{c.slug}",
            f"  closes: {closes}",
        ]
        if m["status"]:
            out.append(f"  status: {m['status']}")
    if m["flyer"]:
        out.append(f"flyer: files/flyers/{c.slug}.pdf")
    if m["image"] is not None:
        out += [
            f"image: files/images/course-{m['image']}.png",
            "image_alt: Illustration of two clinicians on a video call",
        ]
    out += ["contact: echo@example.org", "---", ""]
    return "\n".join(out) + c.body


def recording_md(r: Item) -> str:
    m = r.meta
    out = ["---", f"title: {q(r.title)}", f"date: {r.date}"]
    if m["course"]:
        out.append(f"course: {m['course']}")
    out.append("presenters: [" + ", ".join(m["presenters"]) + "]")
    if "video" in m:
        out.append(f"video: {m['video']}")
        out.append(f"captions: {'true' if m['captions'] else 'false'}")
    out.append(f"duration_minutes: {m['duration']}")
    if m["slides"]:
        out.append(f"slides: files/slides/{r.slug}.pdf")
    if m["resources"]:
        out.append("resources:")
        out += [f"  - {{title: {q(t)}, url: {q(u)}}}" for t, u in m["resources"]]
    credit = m.get("credit")
    if credit:
        out += [
            "credit:",
            f"  type: {credit['type']}",
            f"  hours: {credit['hours']}",
            f"  released: {credit['released']}",
        ]
        if credit["reviewed"]:
            out.append(f"  reviewed: {credit['reviewed']}")
        out += [
            f"  expires: {credit['expires']}",
            f"  claim_url: https://cme.example.org/claim/{r.slug}",
        ]
    if m["draft"]:
        out.append("draft: true")
    out += ["---", ""]
    return "\n".join(out) + r.body


def page_md(p: Item) -> str:
    return (
        "\n".join(["---", f"title: {q(p.title)}", f"summary: {q(p.meta['summary'])}", "---", ""])
        + p.body
    )


HUGO_CONFIG = """\
baseURL = "https://echo.example.org/"
languageCode = "en"
title = "Project ECHO at Example Health"
"""
HUGO_BASEOF = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
</head>
<body>
<header><a href="/">{{ .Site.Title }}</a>
<nav><a href="/courses/">Courses</a> <a href="/recordings/">Recordings</a>
<a href="/about/">About</a></nav></header>
{{ block "main" . }}{{ end }}
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"""
HUGO_PAGE = """\
{{ define "main" }}
<main data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}
<main data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
</main>
{{ end }}
"""


def hugo_md(title: str, body: str) -> str:
    return f"---\ntitle: {q(title)}\n---\n\n{body}"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def generate(pages: int, out: Path, seed: int = 1) -> dict:
    """Write out/content and out/hugo for a hub of about `pages` pages; return a summary."""
    rng = random.Random(seed)
    n_courses = max(3, round(pages * 0.03))
    n_pages = min(PROGRAM_PAGES, max(1, pages - n_courses - 1))
    n_recordings = max(1, pages - n_pages - n_courses)

    taken = {slug for slug, _ in PAGE_TITLES}
    people = people_plan(rng)
    program = [
        Item("page", slug, title, "/" if slug == "index" else f"/{slug}/")
        for slug, title in PAGE_TITLES[:n_pages]
    ]
    courses = course_plan(rng, n_courses, taken, people)
    recordings = recording_plan(rng, n_recordings, taken, people, courses)

    published = program + courses + [r for r in recordings if not r.meta["draft"]]
    prose = Prose(rng, people, published)
    for p in program:
        p.meta["summary"] = prose.fill(rng.choice(SENTENCES), "ECHO", "in our region")
        intro = (
            "Browse the [current and upcoming courses](/courses/) or the "
            "[enduring materials](/enduring-materials/). "
            if p.slug == "index"
            else ""
        )
        p.body = prose.body("ECHO", "in our region", rng.randint(1400, 2000), intro)
    for c in courses:
        subject = rng.choice(RECORDING_SUBJECTS)
        setting = rng.choice(SETTINGS)
        objectives = "\n".join(
            f"- {prose.fill(t, subject, setting)}" for t in rng.sample(LIST_ITEMS, 4)
        )
        intro = f"{c.meta['summary']}\n\nBy the end of the series, participants will:\n\n"
        c.body = prose.body(subject, setting, rng.randint(1200, 1800), intro + objectives + "\n\n")
    for r in recordings:
        setting = next((s for s in SETTINGS if s in r.title), rng.choice(SETTINGS))
        subject = next((s for s in RECORDING_SUBJECTS if s in r.title), "This topic")
        r.body = prose.body(subject, setting, rng.randint(1400, 2000))

    if out.exists():
        for sub in ("content", "hugo"):
            shutil.rmtree(out / sub, ignore_errors=True)
    content = out / "content"
    for folder in (
        "pages",
        "courses",
        "recordings",
        "files/people",
        "files/images",
        "files/flyers",
        "files/slides",
    ):
        (content / folder).mkdir(parents=True, exist_ok=True)
    write(content / "site.yaml", site_yaml())
    write(content / "people.yaml", people_yaml(people))
    for person in people:
        if person.photo:
            (content / person.photo).write_bytes(PNG_1PX)
    for i in range(4):
        (content / f"files/images/course-{i}.png").write_bytes(PNG_1PX)
    for p in program:
        write(content / "pages" / f"{p.slug}.md", page_md(p))
    for c in courses:
        write(content / "courses" / f"{c.slug}.md", course_md(c))
        if c.meta["flyer"]:
            (content / f"files/flyers/{c.slug}.pdf").write_bytes(PDF_STUB)
    for r in recordings:
        write(content / "recordings" / f"{r.slug}.md", recording_md(r))
        if r.meta["slides"]:
            (content / f"files/slides/{r.slug}.pdf").write_bytes(PDF_STUB)

    hugo = out / "hugo"
    for folder in ("content/courses", "content/recordings", "layouts"):
        (hugo / folder).mkdir(parents=True, exist_ok=True)
    write(hugo / "hugo.toml", HUGO_CONFIG)
    write(hugo / "layouts" / "baseof.html", HUGO_BASEOF)
    write(hugo / "layouts" / "page.html", HUGO_PAGE)
    write(hugo / "layouts" / "list.html", HUGO_LIST)
    write(hugo / "content" / "courses" / "_index.md", hugo_md("Courses", ""))
    write(hugo / "content" / "recordings" / "_index.md", hugo_md("Recordings", ""))
    for p in program:
        name = "_index.md" if p.slug == "index" else f"{p.slug}.md"
        write(hugo / "content" / name, hugo_md(p.title, p.body))
    for c in courses:
        write(hugo / "content" / "courses" / f"{c.slug}.md", hugo_md(c.title, c.body))
    for r in recordings:
        if not r.meta["draft"]:
            write(hugo / "content" / "recordings" / f"{r.slug}.md", hugo_md(r.title, r.body))

    summary = {
        "generator": GENERATOR_VERSION,
        "pages": pages,
        "seed": seed,
        "program_pages": len(program),
        "courses": len(courses),
        "recordings": len(recordings),
        "draft_recordings": sum(1 for r in recordings if r.meta["draft"]),
        "people": len(people),
        "sample_recording": next(r.slug for r in recordings if not r.meta["draft"]),
        "body_bytes": sum(len(i.body.encode()) for i in program + courses + recordings),
    }
    write(out / "hub.json", json.dumps(summary, indent=2) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        default=10000,
        help="program pages + courses + recordings (default: 10000)",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.pages < 10:
        parser.error("--pages must be at least 10")
    started = time.perf_counter()
    summary = generate(args.pages, args.out, args.seed)
    seconds = time.perf_counter() - started
    print(
        f"Generated {summary['program_pages']} program pages, {summary['courses']} courses and "
        f"{summary['recordings']} recordings ({summary['body_bytes'] / 1e6:.1f} MB of Markdown "
        f"bodies) in {args.out} in {seconds:.1f} s.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every field an editor can write, in one place.

The validator reads fields through these specifications, `build.py new` writes starter files from
them, and a test checks that the editor's guide documents each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Field:
    """One field: its name, what kind of value it takes, and how to explain it to an editor."""

    name: str
    kind: str
    help: str
    required: bool = False
    example: Any = None
    choices: tuple[str, ...] = ()
    section: Section | None = None
    default: Any = None  # what the build assumes when the field is left out (forms start with it)
    unless: str | None = None  # a required field is not needed when this other field is given


@dataclass(frozen=True)
class Section:
    """A mapping of fields: a file's front matter, or a nested block such as `registration`."""

    name: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        """Return the field called `name`; a name the section lacks is a mistake in the code."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"the {self.name} section has no field {name!r}") from None

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        # Every value a document's code reads goes through here: one dict lookup, not a scan.
        return {f.name: f for f in self.fields}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


NAV_LINK = Section(
    "nav item",
    (
        Field("title", "text", "The words shown in the menu.", True, "Courses"),
        Field(
            "url",
            "link",
            "A site address such as /courses/, or a full https:// address.",
            True,
            "/courses/",
        ),
    ),
)

BRAND_COLORS = Section(
    "colors",
    (
        Field(
            "primary",
            "color",
            "The main brand colour, as #rrggbb: the header, buttons and links. White text on it "
            "must have a contrast of at least 4.5:1 (the build checks, and suggests a shade).",
            False,
            "#00693e",
        ),
        Field(
            "accent",
            "color",
            "A second colour, as #rrggbb, for highlights behind dark text. The text on it must "
            "have a contrast of at least 4.5:1 (checked).",
            False,
            "#f2c75c",
        ),
    ),
)

FOOTER_LINK = Section(
    "footer link",
    (
        Field("title", "text", "The words of the link.", True, "LinkedIn"),
        Field(
            "url",
            "link",
            "A full https:// address, or a site address such as /about/.",
            True,
            "https://www.linkedin.com/company/example-echo",
        ),
    ),
)

FOOTER = Section(
    "footer",
    (
        Field(
            "address",
            "text",
            "The program's postal address, shown in the footer; line breaks are kept.",
            False,
            "One Medical Center Drive, Lebanon, NH 03756",
        ),
        Field(
            "phone",
            "text",
            "A phone number for questions, shown in the footer.",
            False,
            "603-555-0100",
        ),
        Field(
            "privacy_url",
            "link",
            "The organization's privacy notice, linked from every page.",
            False,
            "https://www.example.org/privacy",
        ),
        Field(
            "accessibility_url",
            "link",
            "The accessibility statement, linked from every page.",
            False,
            "https://www.example.org/accessibility",
        ),
        Field(
            "nondiscrimination_url",
            "link",
            "The nondiscrimination notice and language assistance services, linked from every "
            "page (health systems must link it).",
            False,
            "https://www.example.org/nondiscrimination",
        ),
        Field(
            "funding",
            "text",
            "A sentence acknowledging who funds the program, shown in the footer.",
            False,
            "This program is supported by a grant from the Example Foundation.",
        ),
        Field(
            "social",
            "sections",
            "The program's pages on social networks: a list of title and url.",
            False,
            [{"title": "LinkedIn", "url": "https://www.linkedin.com/company/example-echo"}],
            section=FOOTER_LINK,
        ),
        Field(
            "links",
            "sections",
            "More links for the footer, such as the parent organization's pages: title and url.",
            False,
            [{"title": "Careers", "url": "https://www.example.org/careers"}],
            section=FOOTER_LINK,
        ),
    ),
)

CLAIMING_CREDIT = Section(
    "claiming credit",
    (
        Field(
            "instructions",
            "text",
            "How learners claim credit for a live session and get their certificate, in a few "
            "sentences: shown with the credit of every course, and on pages that ask for it.",
            True,
            "After each session, sign in to the continuing education portal with the email "
            "address you registered with and complete the session's evaluation.",
        ),
        Field(
            "url",
            "url",
            "The continuing education portal, where learners claim credit, see their transcript "
            "and print certificates.",
            False,
            "https://ce.example.org/",
        ),
    ),
)

CMS = Section(
    "cms",
    (
        Field(
            "backend",
            "choice",
            "Where the site's repository is kept: github, gitlab or gitea.",
            True,
            "github",
            choices=("github", "gitlab", "gitea"),
        ),
        Field(
            "repo",
            "repo",
            "The repository, as OWNER/NAME (GitLab: GROUP/NAME or GROUP/SUBGROUP/NAME).",
            True,
            "example-health/echo-site",
        ),
        Field(
            "branch",
            "text",
            "The branch the site is published from.",
            False,
            "main",
            default="main",
        ),
        Field(
            "base_url",
            "url",
            "The sign-in (OAuth) server editors log in through; for Gitea, the Gitea server.",
            False,
            "https://echo-cms-auth.example.org",
        ),
        Field(
            "auth_endpoint",
            "text",
            "The sign-in path on base_url, when it is not auth.",
            False,
            "auth",
        ),
        Field(
            "api_root",
            "url",
            "The API address of a self-hosted GitLab, Gitea or GitHub Enterprise.",
            False,
            "https://git.example.org/api/v1",
        ),
        Field(
            "app_id",
            "text",
            "GitLab and Gitea: the OAuth application's id, for sign-in without a server.",
            False,
            "4b5e1c0a9d",
        ),
        Field(
            "review",
            "bool",
            "true: every change is a draft, then in review, then ready, and is published by "
            "merging its pull request. false: saving publishes at once.",
            False,
            True,
            default=True,
        ),
        Field(
            "admin",
            "bool",
            "false leaves the editing page /admin/ out of the published site.",
            False,
            True,
            default=True,
        ),
        Field(
            "content_folder",
            "text",
            "Where the content folder is in the repository, when it is not content/.",
            False,
            "content",
            default="content",
        ),
        Field(
            "script_url",
            "link",
            "Where the editing page loads Decap CMS from, to host it yourself "
            "(the same pinned version; see the administrator's guide).",
            False,
            "/files/decap-cms/decap-cms.js",
        ),
    ),
)

SITE = Section(
    "site.yaml",
    (
        Field(
            "title",
            "text",
            "The site's name, shown on every page.",
            True,
            "Project ECHO at Example Health",
        ),
        Field(
            "base_url",
            "url",
            "The full address the site is published at, ending in /.",
            True,
            "https://echo.example.org/",
        ),
        Field(
            "timezone",
            "timezone",
            "The hub's time zone (an IANA name); courses use it unless they give their own.",
            True,
            "America/New_York",
        ),
        Field(
            "contact_email",
            "email",
            "The program's email address, shown in the footer.",
            True,
            "echo@example.org",
        ),
        Field(
            "organization", "text", "The organization that runs the hub.", False, "Example Health"
        ),
        Field(
            "organization_url",
            "url",
            "The organization's website; the header and footer link to it.",
            False,
            "https://www.example.org/",
        ),
        Field(
            "logo",
            "file",
            "The program's logo under files/ (SVG or PNG, wide rather than tall), shown in the "
            "header. Without one, the site's title is shown.",
            False,
            "files/brand/logo.svg",
        ),
        Field(
            "logo_alt",
            "text",
            "What the logo says, for people who cannot see it (usually the program's name).",
            False,
            "Project ECHO at Example Health",
        ),
        Field(
            "colors",
            "section",
            "The brand colours: primary and accent.",
            False,
            {"primary": "#00693e", "accent": "#f2c75c"},
            section=BRAND_COLORS,
        ),
        Field(
            "social_image",
            "file",
            "The picture link previews show for pages without their own (1200×630 works best).",
            False,
            "files/brand/social.png",
        ),
        Field(
            "social_image_alt",
            "text",
            "What the social image shows.",
            False,
            "Clinicians on a video call",
        ),
        Field(
            "footer",
            "section",
            "What the footer of every page shows besides the contact address: address, phone, "
            "policy links, funding, social networks and more links.",
            False,
            {"privacy_url": "https://www.example.org/privacy"},
            section=FOOTER,
        ),
        Field(
            "language",
            "language",
            "The language of the site's text (a language code).",
            False,
            "en",
            default="en",
        ),
        Field(
            "proposal_url",
            "url",
            "The external form for course proposals.",
            False,
            "https://forms.example.org/echo-proposal",
        ),
        Field(
            "donate_url",
            "url",
            "The external page for gifts to the program.",
            False,
            "https://giving.example.org/echo",
        ),
        Field(
            "nav",
            "sections",
            "The main menu, in order: a list of title and url.",
            False,
            [{"title": "Courses", "url": "/courses/"}],
            section=NAV_LINK,
        ),
        Field(
            "credit_statements",
            "text_map",
            "The reviewed accreditation wording for each credit type. "
            "Courses and recordings name a type; its statement is shown with them.",
            False,
            {
                "AMA PRA Category 1 Credit": "Example Health designates this live activity for a "
                "maximum of 1.0 AMA PRA Category 1 Credit™."
            },
        ),
        Field(
            "joint_accreditation_statement",
            "text",
            "For a jointly accredited provider: the joint accreditation statement, shown with "
            "the credit of every course and recording.",
            False,
            "In support of improving patient care, Example Health is jointly accredited by the "
            "ACCME, the ACPE and the ANCC to provide continuing education for the healthcare "
            "team.",
        ),
        Field(
            "mitigation_statement",
            "text",
            "That relevant financial relationships were mitigated. With it, every page with "
            "credit shows the disclosures of everyone who controls its content, and the build "
            "checks that each is on file and less than a year old.",
            False,
            "All relevant financial relationships listed for these individuals have been "
            "mitigated.",
        ),
        Field(
            "commercial_support_statement",
            "text",
            "Whether the activities receive commercial support, shown with the disclosures.",
            False,
            "This activity received no commercial support.",
        ),
        Field(
            "claiming_credit",
            "section",
            "How learners claim credit for live sessions: instructions and the continuing "
            "education portal.",
            False,
            None,
            section=CLAIMING_CREDIT,
        ),
        Field(
            "description",
            "text",
            "One or two sentences about the hub, for search engines and link previews.",
            False,
            "Free tele-mentoring for clinicians and communities.",
        ),
        Field(
            "clock",
            "choice",
            "How times are shown: 12 (1:00 pm) or 24 (13:00).",
            False,
            "12",
            choices=("12", "24"),
            default="12",
        ),
        Field(
            "raw_html",
            "bool",
            "true lets Markdown carry raw HTML. Off by default: HTML in content is shown as text.",
            False,
            False,
            default=False,
        ),
        Field(
            "cms",
            "section",
            "Editing in the browser (Decap CMS at /admin/): where the repository is and how "
            "changes are reviewed.",
            False,
            None,
            section=CMS,
        ),
    ),
)

DISCLOSURE = Section(
    "disclosure",
    (
        Field(
            "company",
            "text",
            "The ineligible company (one whose business is health care products used by or on "
            "patients).",
            True,
            "Northfield Pharmaceuticals",
        ),
        Field(
            "relationship",
            "text",
            "The nature of the relationship: consultant, advisory board, speakers' bureau, "
            "research grant, stock.",
            True,
            "advisory board",
        ),
    ),
)

DISCLOSURES_HELP = (
    "Relevant financial relationships with ineligible companies in the past 24 months: none, "
    "or a list of company and relationship. Shown on pages with credit."
)
DISCLOSED_HELP = (
    "The day the disclosure was made (YYYY-MM-DD); it is good for a year from that day."
)

PERSON = Section(
    "person",
    (
        Field("name", "text", "The person's full name.", True, "Jane Doe"),
        Field(
            "credentials",
            "text",
            "Degrees and certifications, shown after the name.",
            False,
            "MD, MPH",
        ),
        Field(
            "role", "text", "What they do, in a few words.", False, "Addiction medicine, hub lead"
        ),
        Field("organization", "text", "Where they work.", False, "Example Health"),
        Field("photo", "file", "A portrait under files/.", False, "files/people/jdoe.jpg"),
        Field(
            "photo_alt",
            "text",
            "What the photo shows, for people who cannot see it.",
            False,
            "Jane Doe smiling, in a clinic hallway",
        ),
        Field(
            "disclosures",
            "disclosures",
            DISCLOSURES_HELP,
            False,
            [{"company": "Northfield Pharmaceuticals", "relationship": "advisory board"}],
            section=DISCLOSURE,
        ),
        Field("disclosed", "date", DISCLOSED_HELP, False, "2026-01-12"),
    ),
)

GUEST = Section(
    "guest presenter",
    (
        Field("name", "text", "The guest's full name.", True, "Maria Lopez"),
        Field(
            "credentials", "text", "Degrees and certifications, shown after the name.", False, "RN"
        ),
        Field("role", "text", "What they do, in a few words.", False, "Nurse care manager"),
        Field("organization", "text", "Where they work.", False, "Valley Clinic"),
        Field("disclosures", "disclosures", DISCLOSURES_HELP, False, "none", section=DISCLOSURE),
        Field("disclosed", "date", DISCLOSED_HELP, False, "2026-01-05"),
    ),
)

SESSION = Section(
    "session",
    (
        Field(
            "date",
            "date",
            "The day of the session (YYYY-MM-DD). Leave it out when the course has a "
            "schedule rule.",
            False,
            "2026-01-14",
        ),
        Field("title", "text", "The session's topic.", False, "The landscape in our region"),
        Field("presenters", "people", "Who presents: ids from people.yaml.", False, ["jdoe"]),
        Field(
            "guests",
            "sections",
            "Presenters who are not in people.yaml, such as a guest who presents once: name, "
            "credentials, organization.",
            False,
            [{"name": "Maria Lopez", "credentials": "RN", "organization": "Valley Clinic"}],
            section=GUEST,
        ),
        Field(
            "time",
            "time_range",
            "This session's time when it differs from the course's, in quotes.",
            False,
            "12:00-13:30",
        ),
        Field(
            "cancelled",
            "bool",
            "true when the session will not be held; it stays listed, marked cancelled.",
            False,
            False,
            default=False,
        ),
        Field(
            "description",
            "markdown",
            "More about the session (Markdown).",
            False,
            "Case discussion: starting buprenorphine in the emergency department.",
        ),
    ),
)

SCHEDULE = Section(
    "schedule",
    (
        Field("starts", "date", "The first day the rule may fall on.", True, "2026-02-19"),
        Field("every", "text", "How often: 1 week, 2 weeks, 1 month or N months.", True, "2 weeks"),
        Field(
            "on",
            "text",
            "The weekday; with months, which one: first tuesday, first and third "
            "wednesday, last friday.",
            True,
            "thursday",
        ),
        Field(
            "count", "count", "How many sessions are held (skipped dates do not count).", False, 8
        ),
        Field(
            "ends",
            "date",
            "Instead of count: the last day the rule may fall on.",
            False,
            "2026-05-28",
        ),
        Field(
            "except", "date_list", "Dates the rule skips (holidays, breaks).", False, ["2026-04-16"]
        ),
    ),
)

COURSE_CREDIT_TYPE = Section(
    "course credit type",
    (
        Field(
            "type",
            "text",
            "The credit type; its statement comes from credit_statements in site.yaml.",
            True,
            "ANCC Nursing Contact Hours",
        ),
        Field("hours_per_session", "number", "Credit hours for each session attended.", False, 1.0),
    ),
)

COURSE_CREDIT = Section(
    "course credit",
    (
        Field(
            "type",
            "text",
            "The credit type; its statement comes from credit_statements in site.yaml. "
            "For several types, list them under types instead.",
            True,
            "AMA PRA Category 1 Credit",
            unless="types",
        ),
        Field("hours_per_session", "number", "Credit hours for each session attended.", False, 1.0),
        Field(
            "types",
            "sections",
            "Several credit types (a jointly accredited course), each with its type and "
            "hours_per_session, instead of type.",
            False,
            [
                {"type": "AMA PRA Category 1 Credit", "hours_per_session": 1.0},
                {"type": "ANCC Nursing Contact Hours", "hours_per_session": 1.0},
            ],
            section=COURSE_CREDIT_TYPE,
        ),
        Field(
            "claim_url",
            "url",
            "Where learners claim credit for a session (the evaluation): each session links to "
            "it from the day it is held until its claim window closes.",
            False,
            "https://ce.example.org/evaluation/oud-echo",
        ),
        Field(
            "claim_days",
            "count",
            "How many days after a session its credit can still be claimed.",
            False,
            30,
            default=30,
        ),
    ),
)

REGISTRATION = Section(
    "registration",
    (
        Field(
            "url",
            "url",
            "The external registration form.",
            False,
            "https://forms.example.org/oud-echo",
        ),
        Field("closes", "date", "The last day to register.", False, "2026-01-10"),
        Field(
            "status",
            "choice",
            "Set this only to override what the dates decide: open, closed, waitlist or full.",
            False,
            "open",
            choices=("open", "closed", "waitlist", "full"),
        ),
    ),
)

COURSE = Section(
    "course",
    (
        Field(
            "title",
            "text",
            "The course's name, usually ending in ECHO.",
            True,
            "Opioid Use Disorder ECHO",
        ),
        Field(
            "summary",
            "text",
            "One or two sentences for lists.",
            True,
            "Twice-monthly case-based learning on treating opioid use disorder in primary care.",
        ),
        Field(
            "topics",
            "text_list",
            "Subjects, for the topic pages and filters.",
            False,
            ["Substance use", "Primary care"],
        ),
        Field(
            "audience",
            "text_list",
            "Who the course is for.",
            False,
            ["Physicians", "Nurses", "Community health workers"],
        ),
        Field(
            "format",
            "choice",
            "cohort (fixed dates, attendance expected) or open (join any time).",
            False,
            "cohort",
            choices=("cohort", "open"),
            default="cohort",
        ),
        Field(
            "language",
            "language",
            "The language the course is taught in, when it is not the site's (a language code "
            "such as es): its page, its sessions in calendars and its recordings are in it.",
            False,
            "es",
        ),
        Field(
            "timezone",
            "timezone",
            "The course's time zone when it is not the site's.",
            False,
            "America/New_York",
        ),
        Field(
            "time",
            "time_range",
            "The usual session time, in quotes, local to the time zone.",
            False,
            "12:00-13:00",
        ),
        Field(
            "sessions",
            "sections",
            "Every session, in order (at least one).",
            True,
            [
                {
                    "date": "2026-01-14",
                    "title": "The landscape in our region",
                    "presenters": ["jdoe"],
                }
            ],
            section=SESSION,
        ),
        Field(
            "schedule",
            "section",
            "A rule that dates the sessions instead of dating each one.",
            False,
            None,
            section=SCHEDULE,
        ),
        Field("faculty", "people", "The hub team: ids from people.yaml.", False, ["jdoe"]),
        Field(
            "planners",
            "people",
            "Who planned the course (for accredited credit, their disclosures are shown): ids "
            "from people.yaml.",
            False,
            ["jdoe", "rroe"],
        ),
        Field(
            "credit",
            "section",
            "Continuing education credit for attending.",
            False,
            None,
            section=COURSE_CREDIT,
        ),
        Field("registration", "section", "How to register.", False, None, section=REGISTRATION),
        Field("flyer", "file", "A PDF flyer under files/.", False, "files/flyers/oud-echo.pdf"),
        Field(
            "image", "file", "A picture for the course under files/.", False, "files/images/oud.jpg"
        ),
        Field(
            "image_alt", "text", "What the picture shows.", False, "Two clinicians on a video call"
        ),
        Field(
            "contact",
            "contact",
            "An email address (or web address) for questions about this course.",
            False,
            "echo@example.org",
        ),
        Field(
            "draft",
            "bool",
            "true keeps the course off the published site.",
            False,
            False,
            default=False,
        ),
        Field(
            "aliases",
            "path_list",
            "Old addresses of this course; each redirects here.",
            False,
            ["/courses/old-name/"],
        ),
    ),
)

RESOURCE = Section(
    "resource",
    (
        Field("title", "text", "The link's words.", True, "Treatment guide"),
        Field(
            "url",
            "link",
            "A full https:// address, or a file under files/.",
            True,
            "https://example.org/guide.pdf",
        ),
    ),
)

RECORDING_CREDIT_TYPE = Section(
    "recording credit type",
    (
        Field(
            "type",
            "text",
            "The credit type; its statement comes from site.yaml.",
            True,
            "ANCC Nursing Contact Hours",
        ),
        Field("hours", "number", "Credit hours for watching the recording.", False, 1.0),
    ),
)

RECORDING_CREDIT = Section(
    "recording credit",
    (
        Field(
            "type",
            "text",
            "The credit type; its statement comes from site.yaml. For several types, list them "
            "under types instead.",
            True,
            "AMA PRA Category 1 Credit",
            unless="types",
        ),
        Field("hours", "number", "Credit hours for watching the recording.", False, 1.0),
        Field(
            "types",
            "sections",
            "Several credit types (jointly accredited), each with its type and hours, instead "
            "of type; the dates and claim_url below are theirs too.",
            False,
            [
                {"type": "AMA PRA Category 1 Credit", "hours": 1.0},
                {"type": "ANCC Nursing Contact Hours", "hours": 1.0},
            ],
            section=RECORDING_CREDIT_TYPE,
        ),
        Field("released", "date", "The day credit became available.", True, "2025-11-01"),
        Field("reviewed", "date", "The day the material was last reviewed.", False, "2025-11-01"),
        Field(
            "expires",
            "date",
            "The last day credit can be claimed: at most 3 years after released or reviewed.",
            True,
            "2028-10-31",
        ),
        Field(
            "claim_url",
            "url",
            "Where learners claim credit.",
            False,
            "https://cme.example.org/claim/123",
        ),
    ),
)

RECORDING = Section(
    "recording",
    (
        Field(
            "title", "text", "The session's title.", True, "Buprenorphine starts in primary care"
        ),
        Field("date", "date", "When the session was held.", True, "2025-10-08"),
        Field(
            "course",
            "course",
            "The slug of the course it belongs to.",
            False,
            "opioid-use-disorder-echo",
        ),
        Field(
            "language",
            "language",
            "The language of the recording, when it is not its course's or the site's (a "
            "language code such as es).",
            False,
            "es",
        ),
        Field("presenters", "people", "Who presented: ids from people.yaml.", False, ["jdoe"]),
        Field(
            "guests",
            "sections",
            "Presenters who are not in people.yaml: name, credentials, organization.",
            False,
            [{"name": "Maria Lopez", "credentials": "RN", "organization": "Valley Clinic"}],
            section=GUEST,
        ),
        Field(
            "planners",
            "people",
            "Who planned the recording as an enduring material (their disclosures are shown "
            "with its credit): ids from people.yaml.",
            False,
            ["jdoe"],
        ),
        Field(
            "video",
            "video",
            "A YouTube or Vimeo address, or a video file under files/.",
            False,
            "https://www.youtube.com/watch?v=XXXXXXXXXXX",
        ),
        Field(
            "captions",
            "captions",
            "true when the video host captions it, or a .vtt file under files/.",
            False,
            True,
        ),
        Field("duration_minutes", "count", "The recording's length in minutes.", False, 58),
        Field(
            "slides",
            "file",
            "The slides as a file under files/.",
            False,
            "files/slides/bup-starts.pdf",
        ),
        Field(
            "resources",
            "sections",
            "Further reading: a list of title and url.",
            False,
            [{"title": "Treatment guide", "url": "https://example.org/guide.pdf"}],
            section=RESOURCE,
        ),
        Field(
            "credit",
            "section",
            "Enduring-material credit for watching.",
            False,
            None,
            section=RECORDING_CREDIT,
        ),
        Field(
            "draft",
            "bool",
            "true keeps the recording off the published site.",
            False,
            False,
            default=False,
        ),
        Field(
            "aliases",
            "path_list",
            "Old addresses of this recording; each redirects here.",
            False,
            ["/recordings/old-name/"],
        ),
    ),
)

PAGE = Section(
    "page",
    (
        Field("title", "text", "The page's title.", True, "What you need to participate"),
        Field(
            "summary",
            "text",
            "One or two sentences for lists and link previews.",
            False,
            "A device with a camera and an internet connection is all it takes.",
        ),
        Field(
            "image",
            "file",
            "A picture for the top of the page (the home page's is shown beside its headline).",
            False,
            "files/images/clinic-team.jpg",
        ),
        Field(
            "image_alt",
            "text",
            "What the picture shows, for people who cannot see it.",
            False,
            "A nurse and a physician on a video call",
        ),
        Field(
            "language",
            "language",
            "The language of the page, when it is not the site's (a language code such as es).",
            False,
            "es",
        ),
        Field(
            "claiming_credit",
            "bool",
            "true shows how to claim credit (claiming_credit in site.yaml) at the end of the page.",
            False,
            True,
            default=False,
        ),
        Field(
            "draft",
            "bool",
            "true keeps the page off the published site.",
            False,
            False,
            default=False,
        ),
        Field(
            "aliases",
            "path_list",
            "Old addresses of this page; each redirects here.",
            False,
            ["/participate.html"],
        ),
    ),
)

ALL_SECTIONS = (
    SITE,
    NAV_LINK,
    BRAND_COLORS,
    FOOTER,
    FOOTER_LINK,
    CLAIMING_CREDIT,
    CMS,
    PERSON,
    DISCLOSURE,
    COURSE,
    SESSION,
    GUEST,
    SCHEDULE,
    COURSE_CREDIT,
    COURSE_CREDIT_TYPE,
    REGISTRATION,
    RECORDING,
    RESOURCE,
    RECORDING_CREDIT,
    RECORDING_CREDIT_TYPE,
    PAGE,
)

"""The editing page (/admin/): Decap CMS's configuration, made from the schema and the site.

Every field of the schema has a widget; required fields, defaults and help come from the schema;
people and courses are picked by id while their names show; uploads go into content/files/.
The page and its configuration are outputs of the build, published only when site.yaml's `cms`
asks for them, and made for this computer's files under `serve --cms`. people.yaml may list
people under `people:` (the form the editing page writes) as well as by id.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, SiteDir, course_md, require, run_in_node, text_of

from echo_site import cms, schema
from echo_site.errors import BuildFailed

CMS_YAML = """\
cms:
  backend: github
  repo: example-health/echo-site
  base_url: https://echo-cms-auth.example.org
"""

PEOPLE_LIST = """\
# Faculty, in the list form the editing page writes.
people:
  # Hub team
  - id: jdoe
    name: Jane Doe
    credentials: MD, MPH
  - id: rroe
    name: Richard Roe
"""


def config_of(site: SiteDir) -> dict[str, Any]:
    data = yaml.safe_load((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def field(fields: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """The form field at a dotted path, such as "sessions.presenters"."""
    name, _, rest = path.partition(".")
    found = next(f for f in fields if f["name"] == name)
    if not rest:
        return found
    return field(found["fields"], rest)


def form_names(fields: list[dict[str, Any]]) -> set[str]:
    """Every field of a form and of the groups and lists inside it, as dotted paths."""
    names = set()
    for item in fields:
        names.add(item["name"])
        for inner in form_names(item.get("fields", [])):
            names.add(f"{item['name']}.{inner}")
    return names


@pytest.fixture
def cms_site(site: SiteDir) -> SiteDir:
    site.write("site.yaml", (site.content / "site.yaml").read_text() + CMS_YAML)
    site.write("people.yaml", PEOPLE_LIST)
    site.write("courses/oud-echo.md", course_md(extra="topics: [Substance use]\n"))
    site.write("files/flyers/oud.pdf", b"%PDF-1.4\n")
    return site


# -- every field has a widget ------------------------------------------------------------------


def test_every_kind_of_field_in_the_schema_has_a_widget():
    kinds = {f.kind for section in schema.ALL_SECTIONS for f in section.fields}
    assert kinds - set(cms.WIDGETS) == set()


def test_the_forms_hold_every_field_of_the_schema(cms_site):
    """Each file's form has a widget for each of its fields, down to sessions and credit;
    only the fields left to administrators are missing, each for a stated reason."""
    cms_site.build()
    config = config_of(cms_site)
    forms = {
        "course": collection(config, "courses")["fields"],
        "recording": collection(config, "recordings")["fields"],
        "page": collection(config, "pages")["fields"],
        "site.yaml": collection(config, "settings")["files"][0]["fields"],
        "person": field(collection(config, "people")["files"][0]["fields"], "people")["fields"],
    }

    def expected(section: schema.Section) -> set[str]:
        names = set()
        for spec in section.fields:
            if (section.name, spec.name) in cms.ADMIN_ONLY:
                continue
            names.add(spec.name)
            # Disclosures ("none" or a list) have one widget of their own for the whole value.
            if spec.section is not None and spec.kind in ("section", "sections"):
                names |= {f"{spec.name}.{inner}" for inner in expected(spec.section)}
        return names

    sections = {
        "course": schema.COURSE,
        "recording": schema.RECORDING,
        "page": schema.PAGE,
        "site.yaml": schema.SITE,
        "person": schema.PERSON,
    }
    for name, section in sections.items():
        extra = {"body"} if name in ("course", "recording", "page") else set()
        extra |= {"id"} if name == "person" else set()
        assert form_names(forms[name]) == expected(section) | extra, name
    # Whatever is left to administrators is a field of the schema, with a reason.
    for (section_name, name), why in cms.ADMIN_ONLY.items():
        section = next(s for s in schema.ALL_SECTIONS if s.name == section_name)
        assert section.field(name) and why


def test_required_fields_defaults_and_help_come_from_the_schema(cms_site):
    cms_site.build()
    course = collection(config_of(cms_site), "courses")["fields"]
    assert field(course, "title") == {
        "name": "title",
        "label": "Title",
        "widget": "string",
        "required": True,
        "hint": schema.COURSE.field("title").help,
    }
    assert field(course, "format")["default"] == "cohort"
    assert field(course, "format")["options"] == ["cohort", "open"]
    assert field(course, "draft")["default"] is False
    # A list item's fields start empty: a new course has no half-made session.
    assert "default" not in field(course, "sessions.cancelled")
    # A group that may be left out requires nothing until it is filled in; the build checks it.
    assert field(course, "schedule.starts")["required"] is False
    assert field(course, "schedule.starts")["hint"].endswith("Needed when this group is filled in.")
    # A credit names its type, or lists several under types: the form needs neither.
    assert field(course, "credit.type")["required"] is False
    assert "Needed" not in field(course, "credit.type")["hint"]
    assert field(course, "credit.types.type")["required"] is True
    assert field(course, "sessions")["required"] is False  # a schedule rule can date them
    summary = field(course, "summary")
    assert summary["widget"] == "text" and summary["required"] is True


def test_widgets_write_what_the_build_reads(cms_site):
    cms_site.build()
    config = config_of(cms_site)
    course = collection(config, "courses")["fields"]
    date = field(course, "sessions.date")
    assert (date["widget"], date["format"], date["time_format"]) == (
        "datetime",
        "YYYY-MM-DD",
        False,
    )
    pattern = re.compile(field(course, "time")["pattern"][0])
    assert pattern.match("12:00-13:00") and not pattern.match("12:00")
    assert field(course, "schedule")["widget"] == "object"
    assert field(course, "schedule.except")["field"]["widget"] == "datetime"
    assert field(course, "schedule.count")["value_type"] == "int"
    assert field(course, "timezone")["widget"] == "select"
    assert "America/New_York" in field(course, "timezone")["options"]
    assert field(course, "registration.status")["options"] == [
        "open",
        "closed",
        "waitlist",
        "full",
    ]
    # Uploads land where the schema's examples put such files, under content/files/.
    flyer = field(course, "flyer")
    assert (flyer["widget"], flyer["media_folder"], flyer["public_folder"]) == (
        "file",
        "/content/files/flyers",
        "files/flyers",
    )
    assert field(course, "image")["widget"] == "image"
    assert (config["media_folder"], config["public_folder"]) == ("content/files", "files")


def test_site_settings_give_the_look_of_the_site_fitting_widgets(cms_site):
    """What an office sets first: the brand colours (open, with a colour picker), the logo (an
    image upload under files/brand/), the organization's address, and the footer."""
    cms_site.build()
    settings = collection(config_of(cms_site), "settings")["files"][0]["fields"]
    colors = field(settings, "colors")
    assert (colors["widget"], colors["collapsed"]) == ("object", False)
    for name in ("primary", "accent"):
        assert field(settings, f"colors.{name}")["widget"] == "color"
        assert field(settings, f"colors.{name}")["allowInput"] is True
    logo = field(settings, "logo")
    assert (logo["widget"], logo["media_folder"], logo["public_folder"]) == (
        "image",
        "/content/files/brand",
        "files/brand",
    )
    assert field(settings, "logo_alt")["widget"] == "string"
    assert re.match(field(settings, "organization_url")["pattern"][0], "https://www.example.org/")
    footer = field(settings, "footer")
    assert (footer["widget"], footer["collapsed"]) == ("object", True)
    assert field(settings, "footer.address")["widget"] == "text"  # lines of their own
    assert field(settings, "footer.funding")["widget"] == "text"
    assert field(settings, "footer.phone")["widget"] == "string"
    assert field(settings, "footer.social")["summary"] == "{{fields.title}} {{fields.url}}"
    # Other optional groups still start folded: a course's credit, registration and schedule.
    course = collection(config_of(cms_site), "courses")["fields"]
    assert [field(course, name)["collapsed"] for name in ("credit", "registration")] == [
        True,
        True,
    ]


def test_people_and_courses_are_picked_by_id_while_their_names_show(cms_site):
    cms_site.build()
    config = config_of(cms_site)
    faculty = field(collection(config, "courses")["fields"], "faculty")
    assert faculty | {"multiple": True} == faculty
    assert (faculty["collection"], faculty["file"], faculty["value_field"]) == (
        "people",
        "people",
        "people.*.id",
    )
    assert faculty["display_fields"] == ["people.*.name"]
    presenters = field(collection(config, "courses")["fields"], "sessions.presenters")
    assert presenters["value_field"] == "people.*.id"
    course = field(collection(config, "recordings")["fields"], "course")
    assert (course["collection"], course["value_field"]) == ("courses", "{{slug}}")
    people = collection(config, "people")["files"][0]
    assert people["file"] == "content/people.yaml"


def test_topics_and_audiences_suggest_the_values_the_site_uses(cms_site):
    cms_site.write(
        "courses/pain-echo.md",
        course_md(title="Pain ECHO", extra="topics: [Pain, Primary care]\naudience: [Nurses]\n"),
    )
    cms_site.build()
    course = collection(config_of(cms_site), "courses")["fields"]
    topics = field(course, "topics")
    assert topics["widget"] == "list"
    assert topics["field"]["widget"] == "echo-suggest"
    assert topics["field"]["suggestions"] == ["Pain", "Primary care", "Substance use"]
    assert field(course, "audience")["field"]["suggestions"] == ["Nurses"]


def test_collections_are_the_content_folders_and_the_slug_is_the_file_name(cms_site):
    cms_site.build()
    config = config_of(cms_site)
    courses = collection(config, "courses")
    assert (courses["folder"], courses["extension"], courses["slug"]) == (
        "content/courses",
        "md",
        "{{slug}}",
    )
    assert courses["preview_path"] == "courses/{{slug}}/"
    assert collection(config, "settings")["files"][0]["file"] == "content/site.yaml"
    # Files are saved by the editing page's own formats, which change only edited fields.
    assert courses["format"] == "echo-frontmatter"
    assert collection(config, "settings")["format"] == "echo-yaml"
    assert collection(config, "people")["format"] == "echo-yaml"


# -- the published editing page ------------------------------------------------------------------


def test_the_backend_and_review_come_from_site_yaml(cms_site):
    cms_site.build()
    config = config_of(cms_site)
    assert config["backend"] == {
        "name": "github",
        "repo": "example-health/echo-site",
        "branch": "main",
        "base_url": "https://echo-cms-auth.example.org",
        "squash_merges": True,
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert config["site_url"] == "https://echo.example.org/"
    assert "local_backend" not in config


def test_gitlab_without_review(site):
    site.write(
        "site.yaml",
        (site.content / "site.yaml").read_text()
        + "cms:\n  backend: gitlab\n  repo: https://gitlab.example.org/echo/hub/site.git\n"
        "  app_id: 4b5e1c0a9d\n  review: false\n  branch: production\n",
    )
    site.build()
    config = config_of(site)
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "echo/hub/site",
        "branch": "production",
        "app_id": "4b5e1c0a9d",
        "auth_type": "pkce",
    }
    assert "publish_mode" not in config


def test_the_editing_page_loads_the_pinned_decap_cms(cms_site):
    cms_site.build()
    page = BeautifulSoup((cms_site.output / "admin/index.html").read_text(), "lxml")
    script = page.find("script", src=cms.DECAP_CMS_CDN)
    assert script["integrity"] == cms.DECAP_CMS_INTEGRITY
    assert script["crossorigin"] == "anonymous"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="cms-config-url")["href"] == "config.yml"
    data = json.loads(page.find("script", id="echo-site-cms").string)
    assert data["people"]["jdoe"]["name"] == "Jane Doe, MD, MPH"
    assert data["courses"] == {"oud-echo": "Opioid Use Disorder ECHO"}
    own = [s["src"] for s in page.find_all("script", src=re.compile("^../assets/admin/"))]
    assert [Path(src).name.split(".")[0] for src in own] == ["js-yaml", "previews", "cms"]
    for src in own:
        assert (cms_site.output / "admin" / src).resolve().is_file()
    # The previews find the site's stylesheet and its root, wherever the site is published.
    previews = page.find("script", src=re.compile("/previews\\."))
    assert (cms_site.output / "admin" / previews["data-style"]).resolve() == next(
        (cms_site.output / "assets").glob("style.*.css")
    )
    assert (cms_site.output / "admin" / previews["data-root"]).resolve() == cms_site.output
    sitemap = (cms_site.output / "sitemap.xml").read_text()
    assert "/admin/" not in sitemap


def test_the_previews_get_disclosures_statements_and_how_to_claim_credit(cms_site):
    """What the previews show of credit besides the entry comes with the editing page: people's
    disclosures, the site's statements, how to claim credit, and the types of the course's
    recordings."""
    text = (cms_site.content / "site.yaml").read_text()
    cms_site.write(
        "site.yaml",
        text + 'joint_accreditation_statement: "Jointly accredited."\n'
        'mitigation_statement: "Mitigated."\n'
        "claiming_credit:\n  instructions: Complete the evaluation.\n",
    )
    cms_site.write(
        "people.yaml",
        PEOPLE_LIST.replace(
            "    credentials: MD, MPH\n",
            "    credentials: MD, MPH\n    disclosures: none\n    disclosed: 2026-01-12\n",
        )
        + "    disclosures:\n"
        "      - {company: Northfield Pharmaceuticals, relationship: advisory board}\n"
        "    disclosed: 2025-12-01\n"
        "  - id: kplan\n    name: Kim Planner\n",
    )
    cms_site.write(
        "recordings/bup-starts.md",
        "---\ntitle: Buprenorphine starts\ndate: 2026-01-14\ncourse: oud-echo\ncredit:\n"
        "  types:\n    - {type: AMA PRA Category 1 Credit, hours: 0.75}\n"
        "    - {type: ANCC Nursing Contact Hours}\n"
        "  released: 2026-02-01\n  expires: 2029-01-31\n---\nHow to start.\n",
    )
    cms_site.build()
    page = BeautifulSoup((cms_site.output / "admin/index.html").read_text(), "lxml")
    data = json.loads(page.find("script", id="echo-site-cms").string)
    people = data["people"]
    assert (people["jdoe"]["name"], people["jdoe"]["plain_name"]) == (
        "Jane Doe, MD, MPH",
        "Jane Doe",
    )
    assert people["jdoe"]["disclosure"] == {"relationships": [], "date": "2026-01-12"}
    assert people["rroe"]["disclosure"] == {
        "relationships": [["Northfield Pharmaceuticals", "advisory board"]],
        "date": "2025-12-01",
    }
    assert people["kplan"]["disclosure"] is None
    assert data["joint_accreditation_statement"] == "Jointly accredited."
    assert data["mitigation_statement"] == "Mitigated."
    assert data["commercial_support_statement"] is None
    assert data["claiming_credit"] == {"instructions": "Complete the evaluation.", "url": None}
    (recording,) = data["recordings"]["oud-echo"]
    assert recording["credit"] == {
        "released": "2026-02-01",
        "expires": "2029-01-31",
        "lines": [
            {"type": "AMA PRA Category 1 Credit", "hours": 0.75},
            {"type": "ANCC Nursing Contact Hours", "hours": None},
        ],
    }


def test_a_hub_can_host_decap_cms_itself(cms_site):
    cms_site.write("files/decap-cms/decap-cms.js", "/* the pinned file */\n")
    text = (cms_site.content / "site.yaml").read_text()
    cms_site.write("site.yaml", text + "  script_url: /files/decap-cms/decap-cms.js\n")
    cms_site.build()
    page = BeautifulSoup((cms_site.output / "admin/index.html").read_text(), "lxml")
    script = page.find("script", integrity=cms.DECAP_CMS_INTEGRITY)
    assert script["src"] == "../files/decap-cms/decap-cms.js"


def test_no_cms_section_means_no_editing_page(site):
    site.build()
    assert not (site.output / "admin").exists()
    assert not list((site.output / "assets").glob("admin/*"))


def test_admin_false_leaves_the_editing_page_out(cms_site):
    cms_site.write("site.yaml", (cms_site.content / "site.yaml").read_text() + "  admin: false\n")
    cms_site.build()
    assert not (cms_site.output / "admin").exists()


def test_a_mistake_in_the_cms_section_is_reported_at_its_line(cms_site):
    text = (cms_site.content / "site.yaml").read_text()
    cms_site.write("site.yaml", text.replace("example-health/echo-site", "echo site"))
    with pytest.raises(BuildFailed) as failure:
        cms_site.build()
    line = text.splitlines().index("  repo: example-health/echo-site") + 1
    assert [str(p) for p in failure.value.problems] == [
        f"content/site.yaml:{line}:9: 'echo site' is not a repository name — write it as "
        "OWNER/NAME, like repo: example-health/echo-site"
    ]


# -- serve --cms: the same page, for this computer's files --------------------------------------


def test_the_local_editing_page_edits_this_computers_files(cms_site):
    local = cms.LocalCms("http://127.0.0.1:8081/api/v1", "http://localhost:8000/", "content")
    cms_site.build(local_cms=local)
    config = config_of(cms_site)
    assert config["backend"] == {
        "name": "proxy",
        "proxy_url": "http://127.0.0.1:8081/api/v1",
        "branch": "main",
    }
    assert "publish_mode" not in config  # saving writes the file: the preview rebuilds
    assert config["site_url"] == "http://localhost:8000/"
    page = BeautifulSoup((cms_site.output / "admin/index.html").read_text(), "lxml")
    script = page.find("script", integrity=cms.DECAP_CMS_INTEGRITY)
    assert script["src"] == f"{cms.LOCAL_SCRIPT_FOLDER}/decap-cms.js"
    assert page.find("script", attrs={"data-local": "true"})


def test_serve_cms_works_without_a_cms_section(site):
    local = cms.LocalCms("http://127.0.0.1:8081/api/v1", "http://localhost:8000/", "content")
    site.build(local_cms=local)
    assert config_of(site)["backend"]["name"] == "proxy"


def test_the_build_is_the_same_incrementally(cms_site, tmp_path):
    """The editing page's files follow the site: a new topic is suggested after an edit."""
    cms_site.build()
    cms_site.write("courses/oud-echo.md", course_md(extra="topics: [Substance use, Harm]\n"))
    cms_site.build()
    incremental = (cms_site.output / "admin/config.yml").read_bytes()
    cold = SiteDir(tmp_path / "cold")
    cold.content.parent.mkdir(parents=True)
    cold.content.symlink_to(cms_site.content)
    cold.build(use_cache=False)
    assert (cold.output / "admin/config.yml").read_bytes() == incremental
    topics = field(collection(config_of(cms_site), "courses")["fields"], "topics")
    assert topics["field"]["suggestions"] == ["Harm", "Substance use"]


# -- people.yaml's list form ------------------------------------------------------------------------


def test_people_may_be_listed_under_people(site):
    site.write("people.yaml", PEOPLE_LIST)
    site.write("courses/oud-echo.md", course_md(extra="faculty: [jdoe, rroe]\n"))
    site.build(strict=True)
    names = [text_of(n) for n in site.html("/courses/oud-echo/").select(".person-name")]
    assert names == ["Jane Doe, MD, MPH", "Richard Roe"]


def test_both_forms_in_one_people_yaml(site):
    site.write("people.yaml", PEOPLE_LIST + "kdoe:\n  name: Kim Doe\n")
    site.write("courses/oud-echo.md", course_md(extra="faculty: [kdoe, jdoe]\n"))
    site.build(strict=True)
    names = [text_of(n) for n in site.html("/courses/oud-echo/").select(".person-name")]
    assert names == ["Kim Doe", "Jane Doe, MD, MPH"]


def test_mistakes_in_the_list_form_are_reported_at_their_lines(site):
    site.write(
        "people.yaml",
        "people:\n"
        "  - id: jdoe\n    name: Jane Doe\n"
        "  - name: No Id\n"
        "  - id: jdoe\n    name: Jane Again\n"
        "  - id: j doe\n    name: Spaced\n"
        "  - id: kdoe\n    nmae: Kim\n",
    )
    with pytest.raises(BuildFailed) as failure:
        site.build()
    assert [str(p) for p in failure.value.problems] == [
        "content/people.yaml:4:5: this person has no id — add a line such as id: jdoe (what "
        "courses and recordings name them by)",
        "content/people.yaml:5:9: the id 'jdoe' is used for two people — give each person "
        "their own id",
        "content/people.yaml:7:9: the id 'j doe' contains spaces — use an id without spaces, "
        "like jdoe",
        "content/people.yaml:9:5: a person needs 'name' — add a line such as name: Jane Doe",
        "content/people.yaml:10:5: 'nmae' is not a field of a person — did you mean 'name'?",
    ]


# -- pinned versions ---------------------------------------------------------------------------------


def test_package_json_pins_the_versions_the_code_names():
    package = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    assert package["decap-cms"] == cms.DECAP_CMS_VERSION
    assert package["decap-server"] == cms.DECAP_SERVER_VERSION
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert lock["node_modules/decap-cms"]["version"] == cms.DECAP_CMS_VERSION
    assert lock["node_modules/decap-server"]["version"] == cms.DECAP_SERVER_VERSION


def test_the_integrity_digest_is_that_of_the_npm_package():
    script = ROOT / "node_modules/decap-cms/dist/decap-cms.js"
    require("decap-cms (npm install)", script.is_file())
    digest = base64.b64encode(hashlib.sha384(script.read_bytes()).digest()).decode()
    assert f"sha384-{digest}" == cms.DECAP_CMS_INTEGRITY


def test_the_yaml_reader_of_the_editing_page_is_npms_js_yaml():
    package = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    npm = ROOT / "node_modules/js-yaml/dist/js-yaml.min.js"
    require("js-yaml (npm install)", npm.is_file())
    vendored = ROOT / "templates/assets/admin/js-yaml.min.js"
    assert vendored.read_bytes() == npm.read_bytes()
    assert f"js-yaml {package['js-yaml']}" in vendored.read_text()[:80]


# -- saving: the editing page's formats, run by Node as the browser runs them -------------------

_FORMATS_HARNESS = """
const fs = require("fs");
const formats = {};
global.window = {
  jsyaml: require(process.argv[2]),
  CMS: {
    registerPreviewStyle() {}, registerPreviewTemplate() {}, registerWidget() {},
    registerCustomFormat(name, extension, format) { formats[name] = format; },
  },
  h() {}, createClass(spec) { return spec; },
};
global.document = { currentScript: null, getElementById() { return null; } };
eval(fs.readFileSync(process.argv[3], "utf8"));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const results = cases.map(({ format, text, edit, order }) => {
  const format_ = formats[format];
  const data = text === null ? {} : format_.fromFile(text);
  new Function("data", edit)(data);
  return format_.toFile(data, order || []);
});
process.stdout.write(JSON.stringify(results));
"""


def save_with_the_editing_page(tmp_path: Path, cases: list[dict[str, Any]]) -> list[str]:
    """What cms.js's formats write for each case: a file as read, an edit of its data (JS)."""
    script = ROOT / "templates" / "assets" / "admin" / "cms.js"
    saved = run_in_node(tmp_path, _FORMATS_HARNESS, script, cases, timeout=60)
    assert isinstance(saved, list)
    return saved


HAND_WRITTEN = """\
---
# Comments, flow lists, quotes and an order of our own.
title: "Buprenorphine: the first visit"   # quoted because of the colon
date: 2026-01-14
sessions:
  # the first two
  - {date: 2026-01-14, title: One, presenters: [jdoe]}

  - date: 2026-01-28
    title: Two
time: "12:00-13:00"
image_alt: Two clinicians
---

Body *text*.
"""


STATEMENTS = """\
title: Project ECHO at Example Health
# Reviewed wording, by credit type.
credit_statements:
  # Physicians
  AMA PRA Category 1 Credit: >-
    Example Health designates this live activity for a maximum of 1.0 AMA PRA
    Category 1 Credit.
  ANCC Contact Hours: >-
    Nurses earn contact hours.
cms: {backend: github, repo: example/site}
"""


def test_saving_changes_only_what_was_edited(tmp_path):
    people = (
        "# Everyone.\npeople:\n  # Hub team\n  - id: jdoe\n    name: Jane Doe\n"
        "    credentials: MD   # checked\n\n  # Pharmacy\n  - id: rroe\n    name: Richard Roe\n"
    )
    saved = save_with_the_editing_page(
        tmp_path,
        [
            {"format": "echo-frontmatter", "text": HAND_WRITTEN, "edit": ""},
            {
                "format": "echo-frontmatter",
                "text": HAND_WRITTEN,
                "edit": "data.sessions[1].cancelled = true;",
            },
            {
                "format": "echo-frontmatter",
                "text": HAND_WRITTEN,
                "edit": "data.image_alt = ''; data.summary = 'New: a summary';"
                " data.body = 'Other text.\\n';",
                "order": ["title", "summary", "date", "sessions", "time", "image_alt"],
            },
            {
                "format": "echo-yaml",
                "text": people,
                "edit": "data.people[1].name = 'Rick Roe';"
                " data.people.push({id: 'kdoe', name: 'Kim Doe', role: ''});",
            },
            {
                "format": "echo-yaml",
                "text": STATEMENTS,
                "edit": "data.credit_statements['ANCC Contact Hours'] = 'Nurses who attend a"
                " session in full and complete the evaluation receive 1.0 contact hour.';",
            },
            {
                "format": "echo-frontmatter",
                "text": None,
                "edit": "data.time = '12:00-13:00'; data.title = 'New ECHO';"
                " data.sessions = [{date: '2027-01-13', title: ''}]; data.body = 'About.';",
                "order": ["title", "time", "sessions"],
            },
        ],
    )
    unchanged, cancelled, edited, people_saved, statements, new = saved
    assert unchanged == HAND_WRITTEN
    assert cancelled == HAND_WRITTEN.replace(
        "    title: Two\n", "    title: Two\n    cancelled: true\n"
    )
    assert edited == (
        HAND_WRITTEN.replace("image_alt: Two clinicians\n", "").replace(
            "---\n\nBody *text*.\n", "summary: 'New: a summary'\n---\n\nOther text.\n"
        )
    )
    assert people_saved == (
        people.replace("Richard Roe", "Rick Roe") + "  - id: kdoe\n    name: Kim Doe\n"
    )
    # One statement of several: folded at 80 characters, as written by hand.
    assert statements == STATEMENTS.replace(
        "  ANCC Contact Hours: >-\n    Nurses earn contact hours.\n",
        "  ANCC Contact Hours: >-\n    Nurses who attend a session in full and complete the "
        "evaluation receive 1.0\n    contact hour.\n",
    )
    # A new file: fields in the form's order, empty ones left out; Decap adds the last newline.
    assert new == (
        "---\ntitle: New ECHO\ntime: 12:00-13:00\nsessions:\n  - date: 2027-01-13\n---\n\nAbout."
    )


def test_a_page_cannot_take_the_editing_pages_address(cms_site):
    cms_site.write("pages/admin.md", "---\ntitle: Administration\n---\nText.\n")
    with pytest.raises(BuildFailed) as failure:
        cms_site.build()
    assert [str(p) for p in failure.value.problems] == [
        "content/pages/admin.md:1:1: this would be published at /admin/, which the editing "
        "page (site.yaml's cms) already uses — rename the file so each address has one source"
    ]

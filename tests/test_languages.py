"""Languages: a Spanish course in an English hub, an all-Spanish hub, and complete catalogues.

The hubs are real content folders built with the real pipeline; pages are read with
BeautifulSoup, calendars with icalendar, feeds with ElementTree and structured data with json.
The catalogue tests extract every message the code and the templates use, with Babel, as
tools/messages.py does, and fail when a shipped catalogue lacks one.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import messages as catalogue_tool
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from conftest import ROOT, SITE_YAML, SiteDir, course_md, text_of

from echo_site.languages import catalogue_for, messages

SPANISH_HUB = ROOT / "tests" / "hubs" / "spanish-hub" / "content"
MOUNTAIN_HUB = ROOT / "tests" / "hubs" / "mountain-hub" / "content"
SPANISH_COURSE = ROOT / "tests" / "hubs" / "spanish-course" / "courses" / "salud-rural-echo.md"
AS_OF = "2026-11-28"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM = "{http://www.w3.org/2005/Atom}"

ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
)
ENGLISH_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"


def copy_hub(source: Path, site: SiteDir) -> None:
    shutil.copytree(source, site.content)


def json_ld(page: BeautifulSoup) -> list[dict[str, object]]:
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def language_of(node: Tag) -> str:
    """The language an element is in: its own lang, or its nearest ancestor's."""
    for element in (node, *node.parents):
        if isinstance(element, Tag) and element.get("lang"):
            return str(element["lang"])
    return ""


def spanish_catalogue() -> dict[str, str]:
    """English msgid -> Spanish msgstr, for every message whose Spanish differs."""
    path = ROOT / "echo_site" / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalogue = read_po(source, locale="es")
    found = {}
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english and english not in strings:
                found[english] = strings[0]
    return found


def english_fragments() -> set[str]:
    """The English interface's wording, cut at each placeholder: what must never show on a
    Spanish page. Fragments of one short word are left out (they could be names)."""
    fragments = set()
    for english in spanish_catalogue():
        for part in re.split(r"%\([a-z_]+\)[sd]|\{[a-z]+\}", english):
            part = part.strip(" .,:;()“”")
            if len(part) >= 4 and (" " in part or part[:1].isupper()):
                fragments.add(part)
    return fragments


def visible_words(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(text, language) of everything a visitor sees or hears: text nodes outside scripts and
    styles, alt text, aria labels and titles."""
    found = []
    for node in page.find_all(string=True):
        parent = node.parent
        if parent is None or parent.name in ("script", "style", "noscript", "[document]"):
            continue
        if node.__class__.__name__ in ("Comment", "Doctype"):
            continue
        text = " ".join(node.split())
        if text:
            found.append((text, language_of(parent)))
    for element in page.find_all(True):
        for attribute in ("alt", "aria-label", "title", "placeholder"):
            value = element.get(attribute)
            if isinstance(value, str) and value.strip() and element.name != "html":
                found.append((value, language_of(element)))
    return found


# -- catalogues ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted() -> object:
    return catalogue_tool.extract()


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_shipped_catalogue_has_every_message_the_code_and_templates_use(
    extracted: object, language: str
):
    path = catalogue_tool.catalogue_files()[language]
    problems = catalogue_tool.problems(extracted, language, catalogue_tool.read(path, language))  # type: ignore[arg-type]
    assert problems == []


def test_a_catalogue_that_lacks_a_message_or_leaves_one_empty_fails(extracted: object):
    path = catalogue_tool.catalogue_files()["es"]
    catalogue = catalogue_tool.read(path, "es")
    catalogue.delete("Page not found")
    catalogue["Skip to main content"].string = ""
    problems = catalogue_tool.problems(extracted, "es", catalogue)  # type: ignore[arg-type]
    assert any(p.startswith("es: missing 'Page not found'") for p in problems), problems
    assert any(p.startswith("es: not translated 'Skip to main content'") for p in problems)


def test_the_template_messages_are_found_in_the_templates(extracted: object):
    """The extraction reads the templates, not just the code: a test of the test's source."""
    where = {
        location[0]
        for message in extracted  # type: ignore[attr-defined]
        for location in message.locations
    }
    assert {"templates/course.html", "templates/404.html", "echo_site/formats.py"} <= where


def test_regional_tags_read_their_language_and_unknown_ones_fall_back_to_english():
    assert catalogue_for("es-MX") == "es" and catalogue_for("ES") == "es"
    assert catalogue_for("fr-CA") is None
    assert messages("es-MX").gettext("Search") == "Buscar"
    assert messages("fr").gettext("Search") == "Search"
    # Plural forms, fractions included: 1.5 hours is plural in Spanish and in English.
    assert messages("es").ngettext("%(num)s hour", "%(num)s hours", 1) == "1 hora"
    assert messages("es").ngettext("%(num)s hour", "%(num)s hours", 1.5) == "1.5 horas"


# -- a Spanish course in an English hub ----------------------------------------------------------


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    """The mountain hub (English) with a course taught in Spanish."""
    site = SiteDir(tmp_path_factory.mktemp("bilingual"))
    copy_hub(MOUNTAIN_HUB, site)
    shutil.copy(SPANISH_COURSE, site.content / "courses" / SPANISH_COURSE.name)
    result = site.build(AS_OF, strict=True)
    assert result.warnings == ()
    return site


def test_the_spanish_course_page_is_spanish_inside_the_english_site(bilingual: SiteDir):
    page = bilingual.html("/courses/salud-rural-echo/")
    assert page.html["lang"] == "es"
    # The site's own parts stay English, and say so.
    assert page.find("header")["lang"] == "en"
    assert page.find("footer")["lang"] == "en"
    assert "Skip to main content" not in text_of(page.find("main"))
    assert text_of(page.select_one(".skip-link")) == "Saltar al contenido principal"
    main = page.find("main")
    assert language_of(main) == "es"
    words = text_of(main)
    for spanish in (
        "Próxima sesión",
        "jueves, 10 de diciembre de 2026",
        "El segundo jueves de cada mes",
        "Inscripción abierta",
        "Sesiones",
        "Ponente:",
        "1 hora por sesión",
        "Añadir al calendario",
    ):
        assert spanish in words, spanish
    # The English words it replaced are nowhere in the Spanish parts.
    for text, language in visible_words(page):
        if language == "es":
            for english in ("Next session", "Sessions", "Registration", "Add to calendar"):
                assert english not in text, (english, text)
    # Names from site.yaml (the credit type) and people.yaml (roles) stay English, marked so.
    credit = main.find(string=re.compile("Nursing Contact Hours"))
    assert credit is not None and language_of(credit.parent) == "en"


def test_the_english_pages_mark_the_spanish_course_where_they_name_it(bilingual: SiteDir):
    home = bilingual.html("/")
    assert home.html["lang"] == "en"
    titles = [a for a in home.select("main a") if "Salud Rural" in text_of(a)]
    assert titles and all(language_of(a) == "es" for a in titles)
    # An English course's page has no Spanish in it.
    english = bilingual.html("/courses/rural-behavioral-health-echo/")
    assert english.html["lang"] == "en"
    assert not english.find("header").get("lang")
    assert "Next session" in text_of(english.find("main"))


def test_the_spanish_course_carries_its_language_in_calendars_feed_and_json_ld(
    bilingual: SiteDir,
):
    folder = bilingual.output / "courses" / "salud-rural-echo"
    calendar = icalendar.Calendar.from_ical((folder / "session-2.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        assert event[name].params["LANGUAGE"] == "es", name
    assert str(event["LOCATION"]) == "En línea (videoconferencia)"
    assert "El enlace de la reunión se envía a los participantes inscritos." in str(
        event["DESCRIPTION"]
    )
    # The site's calendar marks the Spanish course's sessions, and leaves English ones as before.
    every = icalendar.Calendar.from_ical((bilingual.output / "calendar.ics").read_bytes())
    languages = {
        str(e["SUMMARY"]): e["SUMMARY"].params.get("LANGUAGE") for e in every.walk("VEVENT")
    }
    assert languages["ECHO de Salud Rural en Español: Hablar del alcohol sin juzgar"] == "es"
    assert {v for k, v in languages.items() if "Salud Rural" not in k} == {None}

    feed = ET.parse(bilingual.output / "feed.xml").getroot()
    assert feed.get(XML_LANG) == "en"
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    spanish = entries["ECHO de Salud Rural en Español"]
    assert spanish.get(XML_LANG) == "es"
    # Its category is a word of the feed's, which is English.
    assert spanish.find(f"{ATOM}category").get("term") == "Course"  # type: ignore[union-attr]
    assert all(e.get(XML_LANG) is None for t, e in entries.items() if "Salud" not in (t or ""))

    (course,) = [
        d for d in json_ld(bilingual.html("/courses/salud-rural-echo/")) if d["@type"] == "Course"
    ]
    assert course["inLanguage"] == "es"
    (other,) = [
        d
        for d in json_ld(bilingual.html("/courses/rural-behavioral-health-echo/"))
        if d["@type"] == "Course"
    ]
    assert other["inLanguage"] == "en"


def test_add_to_calendar_links_speak_the_course_language(bilingual: SiteDir):
    page = bilingual.html("/courses/salud-rural-echo/")
    google = next(a["href"] for a in page.select("a[href*='action=TEMPLATE']"))
    query = parse_qs(urlsplit(google).query)
    assert query["location"] == ["En línea (videoconferencia)"]
    assert (
        "Página del curso: https://health.example.edu/echo/courses/salud-rural-echo/"
        in (query["details"][0])
    )


# -- the whole hub in Spanish --------------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    site = SiteDir(tmp_path_factory.mktemp("spanish"))
    copy_hub(SPANISH_HUB, site)
    result = site.build(AS_OF, strict=True)
    assert result.warnings == ()
    return site


def spanish_pages(site: SiteDir) -> list[tuple[str, BeautifulSoup]]:
    pages = []
    for file in sorted(site.output.rglob("*.html")):
        relative = file.relative_to(site.output).as_posix()
        if relative.startswith(("admin/", "files/", "pagefind/")):
            continue
        pages.append((relative, BeautifulSoup(file.read_bytes(), "lxml")))
    return pages


def test_every_visible_word_of_the_spanish_hub_is_spanish(spanish: SiteDir):
    fragments = english_fragments()
    english_words = re.compile(
        r"\b(" + "|".join((ENGLISH_MONTHS + " " + ENGLISH_DAYS).split()) + r"|am|pm)\b"
    )
    pages = spanish_pages(spanish)
    assert len(pages) >= 12
    problems = []
    for name, page in pages:
        assert page.html["lang"] == "es", name
        # Nothing in it says it is in another language: it is all Spanish.
        others = [e.name for e in page.find_all(attrs={"lang": True}) if e.name != "html"]
        others += [e.name for e in page.find_all(attrs={"srclang": True}) if e["srclang"] != "es"]
        assert others == [], (name, others)
        for text, _language in visible_words(page):
            problems += [
                (name, f, text) for f in fragments if re.search(rf"\b{re.escape(f)}\b", text)
            ]
            if english_words.search(text):
                problems.append((name, "date or time", text))
    assert problems == []


def test_the_spanish_hub_writes_dates_times_and_numbers_in_spanish(spanish: SiteDir):
    course = spanish.html("/courses/diabetes-echo/")
    words = text_of(course.find("main"))
    assert "jueves, 3 de diciembre de 2026, 12:00–1:00 p. m. PST" in words
    assert "Cada dos semanas, los jueves" in words
    assert "1,5 horas por sesión" in words
    assert "6 sesiones, del 5 de noviembre de 2026 al 28 de enero de 2027" in words
    assert "Hora del Pacífico. Cada sesión se muestra" in words  # the zone starts a sentence
    recording = spanish.html("/recordings/control-prenatal-a-distancia/")
    assert "Celebrada el miércoles, 4 de marzo de 2026 · 55 minutos" in text_of(recording)
    ended = spanish.html("/courses/salud-materna-echo/")
    assert "Terminado" in text_of(ended.select_one(".badges"))
    assert "Cancelada" in text_of(ended.select_one(".session-cancelled"))
    home = spanish.html("/")
    assert text_of(home.select_one(".skip-link")) == "Saltar al contenido principal"
    assert home.find("a", string="El curso actual")  # one course: not "El 1 curso actual"
    missing = BeautifulSoup((spanish.output / "404.html").read_bytes(), "lxml")
    assert text_of(missing.find("h1")) == "Página no encontrada"


def test_the_spanish_hub_feeds_calendars_and_json_ld_are_spanish(spanish: SiteDir):
    feed = ET.parse(spanish.output / "feed.xml").getroot()
    assert feed.get(XML_LANG) == "es"
    assert all(e.get(XML_LANG) is None for e in feed.iter(f"{ATOM}entry"))
    calendar = icalendar.Calendar.from_ical(
        (spanish.output / "courses" / "diabetes-echo" / "upcoming.ics").read_bytes()
    )
    assert (
        str(calendar["X-WR-CALNAME"]) == "ECHO de Diabetes en Atención Primaria: próximas sesiones"
    )
    for event in calendar.walk("VEVENT"):
        assert event["SUMMARY"].params["LANGUAGE"] == "es"
        assert str(event["LOCATION"]) == "En línea (videoconferencia)"
    data = json_ld(spanish.html("/recordings/control-prenatal-a-distancia/"))
    assert {d.get("inLanguage") for d in data if d["@type"] == "VideoObject"} == {"es"}


# -- editors' side -------------------------------------------------------------------------------


def test_a_language_without_a_catalogue_builds_in_english_with_a_warning(site: SiteDir):
    site.write("courses/cours.md", course_md(title="ECHO en français", extra="language: fr\n"))
    result = site.build()
    assert any("no translation into 'fr'" in str(w) for w in result.warnings), result.warnings
    page = site.html("/courses/cours/")
    assert page.html["lang"] == "fr"
    assert "Next session" in text_of(page) or "Sessions" in text_of(page)


def test_a_recording_takes_its_course_language_unless_it_gives_its_own(site: SiteDir):
    site.write("courses/curso.md", course_md(title="ECHO en español", extra="language: es\n"))
    for slug, extra in (("una", ""), ("two", "language: en\n")):
        site.write(
            f"recordings/{slug}.md",
            f"---\ntitle: {slug}\ncourse: curso\ndate: 2026-01-14\n{extra}---\nTexto.\n",
        )
    site.build("2026-02-01")
    assert site.html("/recordings/una/").html["lang"] == "es"
    assert site.html("/recordings/two/").html["lang"] == "en"
    assert "Celebrada el" in text_of(site.html("/recordings/una/"))


def test_a_page_in_spanish_and_a_site_in_spanish(site: SiteDir):
    site.write("pages/acerca.md", "---\ntitle: Acerca de\nlanguage: es\n---\nTexto.\n")
    site.build()
    page = site.html("/acerca/")
    assert page.html["lang"] == "es" and page.find("header")["lang"] == "en"
    site.write("site.yaml", SITE_YAML + "language: es-MX\n")
    site.build()
    home = site.html("/")
    assert home.html["lang"] == "es-MX" and not home.find("header").get("lang")
    assert text_of(home.select_one(".skip-link")) == "Saltar al contenido principal"


def test_the_starter_files_offer_the_language_field(site: SiteDir):
    made = site.cli("new", "course", "salud-echo")
    assert made.returncode == 0, made.stderr
    text = (site.root / "content" / "courses" / "salud-echo.md").read_text(encoding="utf-8")
    assert "# language: es" in text


def test_a_changed_translation_changes_the_code_version_render_keys_include(tmp_path: Path):
    """Render keys include version.code_version(): it must read the catalogues, found by
    their place rather than listed, so a new wording (or a new language) re-renders pages."""
    import importlib.util

    package = tmp_path / "echo_site"
    shutil.copytree(
        ROOT / "echo_site", package, ignore=shutil.ignore_patterns("__pycache__", "templates")
    )

    def version_of() -> str:
        spec = importlib.util.spec_from_file_location("copied_version", package / "version.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return str(module.code_version())

    before = version_of()
    assert version_of() == before
    spanish = package / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    spanish.write_text(
        spanish.read_text(encoding="utf-8").replace('msgstr "Buscar"', 'msgstr "Búsqueda"'),
        encoding="utf-8",
    )
    changed = version_of()
    assert changed != before
    french = package / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
    french.parent.mkdir(parents=True)
    french.write_bytes(spanish.read_bytes())
    assert version_of() not in (before, changed)

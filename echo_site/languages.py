"""The theme's words in each language: its message catalogues, and the locale pages are written in.

Every word the theme prints, in templates and in the code that makes views, is an English
message looked up in echo_site/locale/<language>/LC_MESSAGES/messages.po (read with Babel the
first time a build needs that language; the .po files are package data, so an installed
echo-site carries them, and their digest is part of `version.code_version`). A language tag
such as es-MX reads the es catalogue and formats dates and numbers the way CLDR says Mexico
does. A language without a catalogue shows the English messages (the build warns).

Messages are format strings, as in Jinja's "newstyle" gettext: `%(name)s` takes a value and a
literal percent sign is written `%%`. Messages for scripts (search.js) name their values
`{name}` and are not formatted here.
"""

from __future__ import annotations

import gettext
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the messages' own language: the msgids are English
# Numbers a plural category is looked for among (Spanish "many" is a million).
_PLURAL_SAMPLES = (*range(0, 201), 1000, 10_000, 100_000, 1_000_000)


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=1)
def catalogue_languages() -> tuple[str, ...]:
    """The languages echo-site has a catalogue for ("en", "es")."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def catalogue_for(tag: str) -> str | None:
    """The catalogue a language tag reads (es-MX: es), or None when there is none."""
    parts = tag.replace("_", "-").split("-")
    known = {name.lower(): name for name in catalogue_languages()}
    for length in range(len(parts), 0, -1):
        found = known.get("_".join(parts[:length]).lower())
        if found:
            return found
    return None


def same_language(first: str, second: str) -> bool:
    """Whether two language tags name the same language, whatever their case."""
    return first.replace("_", "-").lower() == second.replace("_", "-").lower()


class Messages:
    """One language's messages and its locale: what a page in that language says, and how."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.catalogue = catalogue_for(tag)
        self._translations: gettext.NullTranslations = (
            _read_catalogue(self.catalogue) if self.catalogue else gettext.NullTranslations()
        )

    @cached_property
    def locale(self) -> Any:
        """Babel's locale for the tag (es-MX), else for its language (es), else English's."""
        from babel import Locale, UnknownLocaleError

        parts = self.tag.replace("_", "-").split("-")
        for length in range(len(parts), 0, -1):
            try:
                return Locale.parse("-".join(parts[:length]), sep="-")
            except (ValueError, UnknownLocaleError):
                continue
        return Locale.parse(SOURCE_LANGUAGE)

    @property
    def english(self) -> bool:
        """Whether dates and numbers are written in echo-site's own English way."""
        return self.tag.replace("_", "-").split("-")[0].lower() == "en"

    def gettext(self, message: str, **variables: object) -> str:
        return self.lookup(message) % variables

    def ngettext(self, singular: str, plural: str, count: float, **variables: object) -> str:
        """The form for `count` (`num` in the message unless given), fractions included."""
        variables.setdefault("num", count)
        return self.lookup_plural(singular, plural, count) % variables

    def pgettext(self, context: str, message: str, **variables: object) -> str:
        return self.lookup_context(context, message) % variables

    # The translations as they are, not formatted: what Jinja's gettext formats itself.

    def lookup(self, message: str) -> str:
        return self._translations.gettext(message)

    def lookup_plural(self, singular: str, plural: str, count: float) -> str:
        return self._translations.ngettext(singular, plural, self.plural_number(count))

    def lookup_context(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def plural_number(self, count: float) -> int:
        """A whole number in the same plural category as `count`: gettext's plural rules take
        whole numbers only, and 1.5 hours is plural in English but singular in French."""
        if float(count).is_integer():
            return int(count)
        category = self.locale.plural_form(count)
        return next((n for n in _PLURAL_SAMPLES if self.locale.plural_form(n) == category), 2)

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """Every plural form of a message for scripts, by CLDR category ("one", "other"): the
        browser's Intl.PluralRules picks one. Not formatted: its values are `{name}` for the
        script to fill in."""
        forms: dict[str, str] = {}
        for category in sorted({*self.locale.plural_form.tags, "other"}):
            sample = next(
                (n for n in _PLURAL_SAMPLES if self.locale.plural_form(n) == category), None
            )
            if sample is not None:
                forms[category] = self._translations.ngettext(singular, plural, sample)
        return forms


@lru_cache(maxsize=16)
def messages(tag: str) -> Messages:
    """The messages of a language tag, read once per process."""
    return Messages(tag)


def _read_catalogue(language: str) -> gettext.NullTranslations:
    """A catalogue read from its .po file: no compiled file to keep in step with it."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with catalogue_path(language).open("rb") as source:
        catalogue = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)

"""What may never reach public pages: unsafe link schemes and private meeting links."""

from __future__ import annotations

import re

from .urls import url_scheme

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]")

# Join links and passcodes are sent privately to registrants; registration forms are public.
_MEETING_LINK = re.compile(
    r"""(?ix)
    \b(?:https?://)?
    (?:[\w-]+\.)*
    (?:
        (?:zoom\.us|zoomgov\.com)/(?:j|w|s|my|wc/join)/[^\s)\]>"']*
      | teams\.microsoft\.com/(?:l/meetup-join|meet)/[^\s)\]>"']*
      | teams\.live\.com/meet/[^\s)\]>"']*
      | meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}[^\s)\]>"']*
      | webex\.com/(?:meet|join|wbxmjs/joinservice|[\w-]+/j\.php)[^\s)\]>"']*
      | gotomeet(?:ing)?\.(?:com|me)/(?:join/)?[^\s)\]>"']*
      | meet\.goto\.com/[^\s)\]>"']+
      | app\.goto\.com/meeting/[^\s)\]>"']*
    )
    """
)
# "Passcode: 123456", "passcode 123456", "password is ECHO2026", "?pwd=abc": a code given, not
# the word mentioned ("password" alone needs "is" or a colon: "your password 2 times" is prose).
_PASSCODE = re.compile(
    r"(?i)(?:\b(?:(?:pass ?code|meeting (?:id|password))\s*(?:is\s+|[:=#]\s*|\s)"
    r"|password\s*(?:is\s+|[:=#]\s*))"
    r"\S*\d(?:[\d -]*\d)?\S*"
    r"|[?&]pwd=\S+)"
)


# Every match of the two patterns above holds one of these words. Most texts hold none, and
# looking for them costs a tenth of running the patterns, which try at every word.
_WORDS = ("zoom", "teams.", "meet.google", "webex", "gotomeet", "pass", "meeting", "pwd=")
_ANY_WORD = re.compile("(?i)" + "|".join(re.escape(word) for word in _WORDS))
# The only other letters that re's IGNORECASE takes for ASCII ones: İ and ı for i, ſ for s,
# the Kelvin sign for k. str.lower() folds every other letter as re does.
_RE_ONLY_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_hold_meeting_link(text: str) -> bool:
    """Tell cheaply whether `text` could hold a meeting link or passcode (False: it cannot)."""
    if not text.isascii() and any(letter in text for letter in _RE_ONLY_FOLDS):
        return _ANY_WORD.search(text) is not None
    lowered = text.lower()
    return any(word in lowered for word in _WORDS)


def meeting_link_in(text: str) -> str | None:
    """Return the first private meeting link or passcode in `text`, if there is one."""
    if not _may_hold_meeting_link(text):
        return None
    match = _MEETING_LINK.search(text) or _PASSCODE.search(text)
    return match.group(0) if match else None


def redact_meeting_links(text: str) -> str:
    """Replace private meeting links and passcodes with a note that they are sent privately."""
    if not _may_hold_meeting_link(text):
        return text
    text = _MEETING_LINK.sub("(meeting link sent privately after registration)", text)
    return _PASSCODE.sub("(passcode sent privately after registration)", text)


def is_safe_link(url: str) -> bool:
    """Tell whether a link may appear in an href: web, mail, phone, or a path in the site."""
    stripped = _CONTROL_AND_SPACE.sub("", url).lower()
    scheme = url_scheme(stripped)
    if not scheme:
        return not stripped.startswith("//")
    return scheme in SAFE_SCHEMES

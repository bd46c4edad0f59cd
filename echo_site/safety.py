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


def meeting_link_in(text: str) -> str | None:
    """Return the first private meeting link or passcode in `text`, if there is one."""
    match = _MEETING_LINK.search(text) or _PASSCODE.search(text)
    return match.group(0) if match else None


def redact_meeting_links(text: str) -> str:
    """Replace private meeting links and passcodes with a note that they are sent privately."""
    text = _MEETING_LINK.sub("(meeting link sent privately after registration)", text)
    return _PASSCODE.sub("(passcode sent privately after registration)", text)


def is_safe_link(url: str) -> bool:
    """Tell whether a link may appear in an href: web, mail, phone, or a path in the site."""
    stripped = _CONTROL_AND_SPACE.sub("", url).lower()
    scheme = url_scheme(stripped)
    if not scheme:
        return not stripped.startswith("//")
    return scheme in SAFE_SCHEMES

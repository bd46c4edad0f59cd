"""Brand colours: WCAG contrast, and shades that meet it.

Contrast follows WCAG 2.1's definition of relative luminance, so the build can refuse a
colour that would make buttons or links unreadable and suggest the nearest one that is not.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
INK = "#1b1f23"  # the theme's text colour
AA = 4.5  # for normal text


def parse_hex(text: str) -> str | None:
    """'#0A6' or '00aa66' as '#00aa66'; None for anything else."""
    match = _HEX.match(text.strip())
    if not match:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _channels(color: str) -> tuple[float, float, float]:
    value = int(color[1:], 16)
    return ((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255


def luminance(color: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(color: str, other: str, weight: float) -> str:
    """`weight` of `color` and the rest of `other`, as #rrggbb."""
    mixed = (
        round((a * weight + b * (1 - weight)) * 255)
        for a, b in zip(_channels(color), _channels(other), strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


def nearest_passing(color: str, against: str, ratio: float = AA) -> str:
    """The shade of `color`, toward black or white (whichever helps), that reaches `ratio`."""
    toward = "#000000" if luminance(against) > 0.5 else WHITE
    for step in range(1, 101):
        shade = mix(color, toward, 1 - step / 100)
        if contrast(shade, against) >= ratio:
            return shade
    return toward


def brand_properties(primary: str, accent: str) -> tuple[tuple[str, str], ...]:
    """The theme's CSS custom properties for two brand colours, as base.html sets them in each
    page's head: the editing page's previews set the same (a test holds them together)."""
    return (
        ("--primary", primary),
        ("--primary-dark", mix(primary, "#000000", 0.75)),
        ("--primary-tint", mix(primary, WHITE, 0.08)),
        ("--primary-soft", mix(primary, WHITE, 0.18)),
        ("--accent", accent),
        ("--accent-tint", mix(accent, WHITE, 0.3)),
    )

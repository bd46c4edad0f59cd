"""Files some static hosts read: `_headers` and `_redirects` (Netlify, Cloudflare Pages).

Other hosts ignore them; the redirect pages written for aliases work everywhere.
"""

from __future__ import annotations

from .views import HeadersView, RedirectsView


def headers_file(view: HeadersView) -> bytes:
    """Fingerprinted assets never change under their name: let browsers keep them for a year."""
    base = view.base_path
    lines = [
        f"{base}assets/*",
        "  Cache-Control: public, max-age=31536000, immutable",
        f"{base}*",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
    ]
    return ("\n".join(lines) + "\n").encode()


def redirects_file(view: RedirectsView) -> bytes:
    """Permanent redirects from each alias to its page."""
    return ("\n".join(view.lines) + "\n").encode() if view.lines else b""

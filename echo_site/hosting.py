"""Files some static hosts read: `_headers` and `_redirects` (Netlify, Cloudflare Pages).

Other hosts ignore them; the redirect pages written for aliases work everywhere.
"""

from __future__ import annotations

from .model import Site


def headers_file(site: Site) -> bytes:
    """Fingerprinted assets never change under their name: let browsers keep them for a year."""
    base = site.config.base_path
    lines = [
        f"{base}assets/*",
        "  Cache-Control: public, max-age=31536000, immutable",
        f"{base}*",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
    ]
    return ("\n".join(lines) + "\n").encode()


def redirects_file(site: Site) -> bytes:
    """Permanent redirects from each alias to its page."""
    base = site.config.base_path.rstrip("/")
    lines = [
        f"{base}{alias.path} {base}{item.url} 301"
        for item in site.published
        for alias in item.aliases
    ]
    return ("\n".join(sorted(lines)) + "\n").encode() if lines else b""

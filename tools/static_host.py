"""A built site as visitors get it: served like a static host, looked at in Debian's Chromium.

The browser tests and tools/screenshots.py share this. The host serves `index.html` for a
folder (redirecting `/courses` to `/courses/`), the site's `404.html` with status 404 for
anything missing, and nothing outside the site, under whatever path the site is published at.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import re
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

WIDTHS = (1280, 375)  # desktop and phone
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

for _type, _suffix in (
    ("text/vtt", ".vtt"),
    ("video/webm", ".webm"),
    ("application/wasm", ".wasm"),
    ("image/svg+xml", ".svg"),
    ("text/javascript", ".js"),
):
    mimetypes.add_type(_type, _suffix)


_COMPRESSED = re.compile(r"^(text/|application/(json|xml|atom\+xml|javascript)|image/svg)")


def serve(root: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `root` at path `prefix` on 127.0.0.1 from a thread; return the server and origin.

    Stop it with `server.shutdown()` and `server.server_close()`.
    """
    server = _Server(("127.0.0.1", 0), _handler(root.resolve(), prefix))
    threading.Thread(target=server.serve_forever, name=f"serve {root.name}", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _handler(root: Path, prefix: str) -> type[http.server.BaseHTTPRequestHandler]:
    class StaticHost(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._serve(body=True)

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def _serve(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            file = None
            if path.startswith(prefix):
                candidate = (root / path[len(prefix) :]).resolve()
                if candidate.is_relative_to(root) and candidate.is_dir():
                    if not path.endswith("/"):
                        self.send_response(301)
                        self.send_header("Location", path + "/")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    candidate = candidate / "index.html"
                if candidate.is_relative_to(root) and candidate.is_file():
                    file = candidate
            status = 200
            if file is None:
                status, file = 404, root / "404.html"
            data = file.read_bytes()
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind.startswith("text/"):
                kind += "; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            # As static hosts do: text compressed for browsers that ask, fingerprinted theme
            # files cached for a year (their names change when they do).
            if _COMPRESSED.match(kind) and "gzip" in self.headers.get("Accept-Encoding", ""):
                data = gzip.compress(data, mtime=0)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            if "/assets/" in path:
                self.send_header("Cache-Control", "public, max-age=31536000, immutable")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

    return StaticHost


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # not a navigation away mid-reply
            super().handle_error(request, client_address)

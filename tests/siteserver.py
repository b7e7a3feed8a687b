"""A static file server on 127.0.0.1 that behaves like a GitHub Pages project site.

Only ``/SUBPATH/`` exists; a missing file gets the site's own ``404.html``
with status 404. Every request is recorded, and the server can be stopped
and started again on the same port (to test what a page does offline).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
import time
import urllib.parse
from pathlib import Path

GZIP_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")


class _Handler(http.server.SimpleHTTPRequestHandler):
    server_version = "TestPages/1"

    def log_message(self, *args):  # keep test output clean
        pass

    def _site_path(self) -> Path | None:
        path = urllib.parse.urlsplit(self.path).path
        prefix = self.server.prefix
        if not path.startswith(prefix):
            return None
        rel = urllib.parse.unquote(path[len(prefix) :])
        target = (self.server.root / rel).resolve()
        if self.server.root not in target.parents and target != self.server.root:
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirected below
            target = target / "index.html"
        return target

    def date_time_string(self, timestamp=None):
        # The Date header, by the server's clock: a test may set it apart from the machine's (clock_offset).
        if timestamp is None:
            timestamp = time.time() + self.server.site.clock_offset
        return super().date_time_string(timestamp)

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def _serve(self, head: bool):
        target = self._site_path()
        # Who asked: Sec-Fetch-Dest is "document", "image"... for what a page loads, "empty" for a script's
        # fetch(), whose Referer names the script's page or worker (sw.js: the service worker saving files).
        record = {
            "path": self.path,
            "status": 200,
            "dest": self.headers.get("Sec-Fetch-Dest"),
            "referer": self.headers.get("Referer") or "",
            "time": time.time(),
        }
        self.server.requests.append(record)
        path = urllib.parse.urlsplit(self.path).path
        if path in self.server.site.slow:
            # Wi-Fi that works, slowly: the answer begins this many seconds after the request (sooner once stopped).
            self.server.release.wait(self.server.site.slow[path])
        if path in self.server.stalled:
            # Connected, and no answer begins (a venue's Wi-Fi without internet) while the path stays stalled;
            # then the answer comes as usual, or never once the server stops.
            record["status"] = 0
            while path in self.server.stalled and not self.server.release.wait(0.05):
                pass
            if path in self.server.stalled:
                self.close_connection = True
                return
            record["status"] = 200
        if target is not None and target.is_dir():
            record["status"] = 301
            self.send_response(301)
            self.send_header("Location", urllib.parse.urlsplit(self.path).path + "/")
            self.end_headers()
            return
        if target is None or not target.is_file():
            record["status"] = 404
            body = (self.server.root / "404.html").read_bytes() if (self.server.root / "404.html").is_file() else b"404"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        # GitHub Pages compresses text; do the same so page weights are what visitors get.
        if target.suffix in GZIP_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", ""):
            stat = target.stat()
            body = _gzipped(target, stat.st_mtime_ns, stat.st_size)
            self.send_header("Content-Encoding", "gzip")
        else:
            body = target.read_bytes()
        record["bytes"] = len(body)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except ConnectionError:
                record["hung_up"] = True  # the browser stopped the download (a page left while it loaded)


@functools.lru_cache(maxsize=2048)
def _gzipped(target: Path, mtime_ns: int, size: int) -> bytes:
    """The file compressed, once per version of it (its time and size): a site's worker downloads every page of
    the site in each browser context of a test run, and compressing them again each time took the CPU the tests
    run on."""
    return gzip.compress(target.read_bytes(), 6, mtime=0)


class _PagesServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that stops a download (a page left while its images load) closes the connection:
        # normal for a web server, not worth a traceback in the test output. Anything else is printed.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """Serve ``root`` at ``http://127.0.0.1:PORT/SUBPATH/``."""

    def __init__(self, root: Path, subpath: str = "/poster-gallery/", port: int = 0):
        self.root = Path(root).resolve()
        self.subpath = "/" + subpath.strip("/") + "/" if subpath.strip("/") else "/"
        self._port = port
        self._httpd = None
        self.requests: list[dict] = []
        self.stalled: set[str] = set()  # request paths whose answer waits while they are in it (or until stop())
        self.slow: dict[str, float] = {}  # request paths whose answer begins so many seconds after the request
        self.clock_offset = 0.0  # seconds the server's clock (its answers' Date) is ahead of the machine's
        self._release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}{self.subpath}"

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``: where a site's real origin is pointed at this server."""
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> SiteServer:
        self._release.clear()
        httpd = _PagesServer(("127.0.0.1", self._port), _Handler)
        httpd.root = self.root
        httpd.prefix = self.subpath
        httpd.requests = self.requests
        httpd.stalled = self.stalled
        httpd.site = self
        httpd.release = self._release
        self._port = httpd.server_address[1]
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

"""Local stand-ins on 127.0.0.1 for GitHub's attachment hosts, answering as the real ones do.

* ``github``: ``GET /user-attachments/assets/<uuid>`` (an image dropped into an issue) and
  ``GET /user-attachments/files/<id>/<name>`` (any other file) answer ``302 Found`` with a presigned address
  on the storage host, as github.com does; an unknown address answers ``404 Not Found`` (what github.com
  also answers for a private repository's attachment when nobody is signed in).
* ``storage``: the presigned address answers the bytes with the Content-Type GitHub stored
  (``image/jpeg``, ``application/pdf``, ...) and a Content-Length, or in chunks without one; without the
  ``X-Amz-Signature`` parameter it answers ``403`` with S3's ``AccessDenied`` XML.
* ``elsewhere``: a host that is not GitHub's, serving whatever it is given.

Every request is recorded (host, path), so a test can say exactly which hosts were asked for what.
"""

from __future__ import annotations

import http.server
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass


@dataclass
class StoredFile:
    data: bytes
    content_type: str
    chunked: bool = False  # send without Content-Length, in pieces
    declared_length: int | None = None  # a Content-Length to announce instead of the real one
    redirect: str | None = None  # for the github host: where to send the download instead of the storage host
    trickle: float = 0.0  # seconds between bytes: a host that answers, but ever so slowly


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        host = self.server.standin
        host.hosts.requests.append((host.name, self.path))
        path = urllib.parse.urlsplit(self.path).path
        stored = host.files.get(path)
        if host.name == "github":
            if stored is None:
                return self._answer(404, b"Not Found", "text/plain; charset=utf-8")
            bucket = (
                "github-production-user-asset-6210df"
                if "/assets/" in path
                else "github-production-repository-file-5c1aeb"
            )
            target = stored.redirect or (
                f"{host.hosts.storage.origin}/{bucket}/{zlib.crc32(path.encode()):08x}"
                "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=0f1e2d"
            )
            if stored.redirect is None:
                host.hosts.storage.files[urllib.parse.urlsplit(target).path] = stored
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if host.name == "storage" and "X-Amz-Signature=" not in self.path:
            return self._answer(
                403,
                b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
                b"<Message>Access Denied</Message></Error>",
                "application/xml",
            )
        if stored is None:
            return self._answer(404, b"Not Found", "text/plain; charset=utf-8")
        self.send_response(200)
        self.send_header("Content-Type", stored.content_type)
        if stored.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(stored.data), 65536):
                piece = stored.data[start : start + 65536]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(stored.declared_length or len(stored.data)))
        self.end_headers()
        try:
            if stored.trickle:
                for byte in stored.data:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(stored.trickle)
            else:
                self.wfile.write(stored.data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should for a file over the limit

    def _answer(self, status: int, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Host:
    def __init__(self, hosts: AttachmentHosts, name: str):
        self.hosts = hosts
        self.name = name
        self.files: dict[str, StoredFile] = {}
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.standin = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    @property
    def origin(self) -> str:
        return f"http://{self.netloc}"


class AttachmentHosts:
    """The github, storage and elsewhere stand-ins; ``environ`` points the gallery at the first two."""

    def __init__(self):
        self.requests: list[tuple[str, str]] = []
        self.github = _Host(self, "github")
        self.storage = _Host(self, "storage")
        self.elsewhere = _Host(self, "elsewhere")

    @property
    def environ(self) -> dict[str, str]:
        return {"GALLERY_ATTACHMENT_HOSTS": f"{self.github.netloc},{self.storage.netloc}"}

    def image(self, uuid: str, data: bytes, content_type: str = "image/jpeg", **options) -> str:
        """An image dropped into an issue; returns its address as GitHub writes it."""
        path = f"/user-attachments/assets/{uuid}"
        self.github.files[path] = StoredFile(data, content_type, **options)
        return self.github.origin + path

    def file(self, number: int, name: str, data: bytes, content_type: str = "application/pdf", **options) -> str:
        """Any other file dropped into an issue (a PDF, ...); returns its address as GitHub writes it."""
        path = f"/user-attachments/files/{number}/{urllib.parse.quote(name)}"
        self.github.files[path] = StoredFile(data, content_type, **options)
        return self.github.origin + path

    def close(self) -> None:
        for host in (self.github, self.storage, self.elsewhere):
            host.server.shutdown()
            host.server.server_close()

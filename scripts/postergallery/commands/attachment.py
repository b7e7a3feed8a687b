"""A poster file attached to an issue: find GitHub's attachment links in a form answer, and download one.

A file dropped into an issue is stored by GitHub and written into the text as a link to
``https://github.com/user-attachments/assets/<uuid>`` (images) or
``https://github.com/user-attachments/files/<id>/<name>`` (other files such as PDFs); older issues have
``https://github.com/OWNER/REPO/assets/<id>/<uuid>``, ``.../files/<id>/<name>`` or
``https://user-images.githubusercontent.com/<id>/<name>``. Downloading one answers with a redirect to
GitHub's storage: ``github-production-user-asset-6210df.s3.amazonaws.com`` or
``private-user-images.githubusercontent.com`` for images, ``objects.githubusercontent.com`` for files.

Only those hosts are ever contacted, over https, for the first request and for every redirect; no
credentials are sent. The answer is read in pieces and refused as soon as it is larger than the limit,
and its first bytes decide whether it is a poster file at all (the Content-Type is not trusted).

For tests only, ``GALLERY_ATTACHMENT_HOSTS`` (a comma-separated list of ``host[:port]``) replaces the
list, and those hosts may also be reached over plain http.
"""

from __future__ import annotations

import http.client
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from postergallery.i18n import N_, TemplateError, megabytes
from postergallery.stages.load import poster_suffix

GITHUB_ATTACHMENT_HOSTS = (
    "github.com",
    "user-images.githubusercontent.com",
    "private-user-images.githubusercontent.com",
    "objects.githubusercontent.com",
    "github-production-user-asset-6210df.s3.amazonaws.com",
    "github-production-repository-file-5c1aeb.s3.amazonaws.com",
)
HOSTS_ENV = "GALLERY_ATTACHMENT_HOSTS"
# The paths GitHub gives an attachment (see the module's docstring); any other address on an allowed host,
# such as a file in a repository or a release, is not an attachment.
ATTACHMENT_PATH = re.compile(
    r"^/(?:user-attachments/(?:assets/[0-9A-Za-z-]+|files/\d+/[^/]+)"
    r"|[\w.-]+/[\w.-]+/(?:assets/\d+/[0-9A-Za-z-]+|files/\d+/[^/]+)"
    r"|\d+/[^/]+)$"
)
# Addresses in the text: bare, in a Markdown link or image, or in the <img src="..."> GitHub writes for images.
URL_RE = re.compile(r"""https?://[^\s<>"'`()\[\]]+""", re.IGNORECASE)
CHUNK = 64 * 1024
TIMEOUT = 30  # seconds without a byte
DEADLINE = 180  # seconds for the whole download
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class AllowedHosts:
    """Where attachments may come from; ``plain_http`` only for the hosts a test names."""

    hosts: frozenset[str]
    plain_http: bool = False

    def allows(self, url: str) -> bool:
        """Whether ``url`` may be requested: an allowed host, https (or http for a test's hosts), no password."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        scheme = parts.scheme.lower()
        if scheme not in (("https", "http") if self.plain_http else ("https",)):
            return False
        if not parts.hostname or parts.username is not None or parts.password is not None:
            return False
        default = {"https": 443, "http": 80}[scheme]
        key = parts.hostname.lower() if port in (None, default) else f"{parts.hostname.lower()}:{port}"
        return key in self.hosts


def allowed_hosts(environ=os.environ) -> AllowedHosts:
    """GitHub's attachment hosts, or the test's stand-ins named in ``GALLERY_ATTACHMENT_HOSTS``."""
    named = environ.get(HOSTS_ENV, "").strip()
    if named:
        return AllowedHosts(frozenset(h.strip().lower() for h in named.split(",") if h.strip()), plain_http=True)
    return AllowedHosts(frozenset(GITHUB_ATTACHMENT_HOSTS))


def find_links(text: str, hosts: AllowedHosts) -> tuple[list[str], list[str]]:
    """``(attachments, other_links)`` in ``text``, each listed once, in the order written."""
    attachments: list[str] = []
    others: list[str] = []
    for match in URL_RE.finditer(text):
        url = match.group().rstrip(".,;:!?")
        target = attachments if hosts.allows(url) and ATTACHMENT_PATH.match(urlsplit(url).path) else others
        if url not in target:
            target.append(url)
    return attachments, others


class AttachmentError(TemplateError):
    """The attachment cannot be used; ``template`` and ``params`` make the message."""


class _AllowedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an allowed host, at most MAX_REDIRECTS times."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, hosts: AllowedHosts):
        self.allowed = hosts

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not self.allowed.allows(newurl):
            raise AttachmentError(
                N_(
                    "GitHub sent the download of the attached file on to {host}, which is not "
                    "one of GitHub's own addresses, so it was not downloaded."
                ),
                host=urlsplit(newurl).netloc or newurl,
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(
    url: str, hosts: AllowedHosts, max_bytes: int, *, timeout: float = TIMEOUT, deadline: float = DEADLINE
) -> tuple[bytes, str]:
    """The attachment's bytes and their suffix (``.jpg``, ...); raises AttachmentError saying why not."""
    if not hosts.allows(url):
        raise AttachmentError(
            N_("the file is not an attachment stored by GitHub; drag the file itself into the field.")
        )
    # No ProxyHandler: nothing in the environment may send the download anywhere else.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _AllowedRedirects(hosts),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers={"User-Agent": "poster-gallery", "Accept": "*/*"})
    limit_mb = megabytes(max_bytes)
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > max_bytes:
                raise AttachmentError(
                    N_("the file is {size} MB, more than the limit of {limit} MB."),
                    size=megabytes(int(length)),
                    limit=limit_mb,
                )
            data = bytearray()
            while True:
                chunk = response.read1(CHUNK)  # one receive at most, so a trickle cannot outlast the deadline
                if not chunk:
                    break
                data += chunk
                if len(data) > max_bytes:
                    raise AttachmentError(N_("the file is more than the limit of {limit} MB."), limit=limit_mb)
                if time.monotonic() - started > deadline:
                    raise AttachmentError(
                        N_(
                            "the file took more than {seconds} seconds to download; try again "
                            "later by saving the issue again."
                        ),
                        seconds=f"{deadline:g}",
                    )
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403, 404):
            raise AttachmentError(
                N_(
                    "GitHub did not hand out the file (HTTP {status}). Attach it again. (In a "
                    "private repository GitHub gives attached files only to people who are signed "
                    "in; there, add the poster with a pull request as the committee guide "
                    "describes.)"
                ),
                status=exc.code,
            ) from None
        raise AttachmentError(
            N_("GitHub did not hand out the file (HTTP {status}); try again later by saving the issue again."),
            status=exc.code,
        ) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise AttachmentError(
            N_("the file could not be downloaded ({reason}); try again later by saving the issue again."),
            reason=str(reason),
        ) from None
    if not data:
        raise AttachmentError(N_("the file is empty (0 bytes); attach it again."))
    suffix = poster_suffix(bytes(data[:16]))
    if suffix is None:
        raise AttachmentError(
            N_(
                "the file is not a JPG, PNG, WebP, AVIF or PDF file; export the poster as a JPG or PDF "
                "and attach that file."
            )
        )
    return bytes(data), suffix

"""HTTP to the form services from the committee's computer: one bounded request at a time.

Standard library only (``urllib.request``). Every request has a timeout, a cap on the size of
the answer, a plain User-Agent and no cookies. Redirects are never followed blindly:
``open_page`` follows them only to the hosts the caller names and stops at the pages that mean
"refused" (Google's sign-in, ``formrestricted`` and ``closedform``), so that the caller can say
what they mean instead of reading the wrong page.

The services' real addresses are used everywhere (and stay in mkdocs.yml); only tests point
them at local stand-ins, through environment variables read here and nowhere else:
``GALLERY_GOOGLE_FORMS_ORIGIN`` (for https://docs.google.com and the https://forms.gle short
links), ``GALLERY_TALLY_ORIGIN`` (https://tally.so) and ``GALLERY_FORMSPREE_ORIGIN``
(https://formspree.io), each an origin such as ``http://127.0.0.1:8123``, and ``GALLERY_SITE_ORIGIN``
for the published site's origin (``site_url``), which ``vote doctor --watch`` reads.
"""

from __future__ import annotations

import http.client
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from postergallery import urls
from postergallery.i18n import N_, TemplateError

TIMEOUT_SECONDS = 15
MAX_BYTES = 5_000_000  # a Google Form's page is a few hundred KB
MAX_REDIRECTS = 5
USER_AGENT = "poster-gallery-vote-check/1 (Python urllib)"
REDIRECTS = (301, 302, 303, 307, 308)
# Real origin -> the environment variable that may point it at a stand-in (tests only).
OVERRIDES = {
    "https://docs.google.com": "GALLERY_GOOGLE_FORMS_ORIGIN",
    "https://forms.gle": "GALLERY_GOOGLE_FORMS_ORIGIN",
    "https://tally.so": "GALLERY_TALLY_ORIGIN",
    "https://formspree.io": "GALLERY_FORMSPREE_ORIGIN",
}
SITE_OVERRIDE = "GALLERY_SITE_ORIGIN"  # the published site, whatever its origin (tests only)


class Unreachable(TemplateError):
    """No usable answer: DNS, connection, timeout, or the service's own failure (5xx)."""


@dataclass(frozen=True)
class Answer:
    """A service's answer to one request; ``url`` and ``location`` are real addresses, not the stand-in's."""

    status: int
    url: str
    headers: dict = field(repr=False)  # lower-case name -> value
    body: bytes = field(repr=False)
    too_large: bool = False

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.body.decode(charset, "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str | None:
        """Where a redirect leads (an absolute real address), or None."""
        return self.headers.get("location") if self.status in REDIRECTS else None


class Origins:
    """Maps the services' real origins to the ones actually contacted (the same, unless a test says otherwise)."""

    def __init__(self, overrides: dict[str, str] | None = None):
        self.overrides = {real: wire.rstrip("/") for real, wire in (overrides or {}).items() if wire}

    @classmethod
    def from_environment(cls, environ=None, *, site_url: str = "") -> Origins:
        """The overrides the environment sets; with ``site_url``, the published site's origin among them."""
        environ = os.environ if environ is None else environ
        overrides = {real: environ.get(name, "") for real, name in OVERRIDES.items()}
        if site_url:
            overrides[_split_origin(site_url)[0]] = environ.get(SITE_OVERRIDE, "")
        return cls(overrides)

    def wire(self, url: str) -> str:
        """The address to contact for ``url``."""
        origin, rest = _split_origin(url)
        wire = self.overrides.get(origin)
        return wire + rest if wire else url

    def real(self, url: str) -> str:
        """The real address for an address on a stand-in (the first real origin mapped to it)."""
        origin, rest = _split_origin(url)
        for real, wire in self.overrides.items():
            if wire.lower() == origin:
                return real + rest
        return url


def _split_origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    rest = urllib.parse.urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return urls.origin(parts).lower(), rest


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other: the caller decides whether to follow it. (urllib's own
    redirect handler reads the new address before asking, and one it cannot read raises ValueError.)"""

    def http_error_302(self, req, fp, code, msg, headers):
        return None  # the next handler raises HTTPError with this answer, which request() reads

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_NoRedirects)


def request(
    method: str, url: str, origins: Origins, *, data: bytes | None = None, headers: dict | None = None
) -> Answer:
    """One request to ``url`` (its real address); raises ``Unreachable`` when there is no usable answer."""
    wire = origins.wire(url)
    host = urls.host(url) or url
    req = urllib.request.Request(wire, data=data, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        try:
            response = _OPENER.open(req, timeout=TIMEOUT_SECONDS)
        except urllib.error.HTTPError as exc:  # a redirect, 4xx or 5xx: still an answer
            response = exc
        try:
            status, raw_headers = response.status, response.headers
            body = response.read(MAX_BYTES + 1)
        finally:
            response.close()
    except TimeoutError:
        raise Unreachable(
            N_("{host} did not answer within {seconds} seconds"), host=host, seconds=TIMEOUT_SECONDS
        ) from None
    except urllib.error.URLError as exc:
        raise Unreachable(N_("{host} cannot be reached ({reason})"), host=host, reason=str(exc.reason)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise Unreachable(
            N_("{host} cannot be reached ({reason})"), host=host, reason=str(exc) or type(exc).__name__
        ) from None
    if status >= 500:
        raise Unreachable(
            N_("{host} answered {status}: the service has a problem of its own; try again later"),
            host=host,
            status=status,
        )
    headers_out = {name.lower(): value for name, value in raw_headers.items()}
    if "location" in headers_out:
        try:
            target = urllib.parse.urljoin(wire, headers_out["location"].strip())
            origin, rest = _split_origin(target)
        except ValueError:  # an address no one can follow (e.g. "http://[bad/"): not a redirect at all
            del headers_out["location"]
        else:
            # A redirect on the same server stays with the same service; one elsewhere is named by its real address.
            headers_out["location"] = (
                _split_origin(url)[0] + rest if origin == _split_origin(wire)[0] else origins.real(target)
            )
    return Answer(status, url, headers_out, body[:MAX_BYTES], too_large=len(body) > MAX_BYTES)


def open_page(url: str, origins: Origins, hosts, *, stop_paths=()) -> Answer:
    """GET ``url``, following redirects to ``hosts`` only; a redirect elsewhere, or to a path ending in one of
    ``stop_paths``, is returned as it is (its ``location`` says where it leads)."""
    for _ in range(MAX_REDIRECTS + 1):
        answer = request("GET", url, origins)
        target = answer.location
        if target is None:
            return answer
        parts = urllib.parse.urlsplit(target)
        if not urls.is_web(parts) or parts.hostname not in hosts or parts.path.rstrip("/").endswith(tuple(stop_paths)):
            return answer
        url = target
    return answer


def post_form(
    url: str,
    fields: list[tuple[str, str]],
    origins: Origins,
    *,
    accept_json: bool,
    site_origin: str = "",
    referer: str = "",
) -> Answer:
    """POST ``fields`` form-encoded, as the vote page's ``fetch`` does (no cookies, the site's Origin)."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "Accept": "application/json" if accept_json else "*/*",
    }
    if site_origin:
        headers["Origin"] = site_origin
    if referer:
        headers["Referer"] = referer
    return request("POST", url, origins, data=urllib.parse.urlencode(fields).encode("utf-8"), headers=headers)

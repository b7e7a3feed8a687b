"""Web addresses people write (``site_url``, poster links, the vote form, a form link): the shared checks.

Every reader of an address says in its own words what is wrong with it; what counts as
wrong is decided here once: the characters an address may not hold, how it is split
without a traceback, and which schemes are the web's.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

WEB_SCHEMES = ("http", "https")
# This computer: a form service stand-in during tests and rehearsals may be reached over plain http.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Characters no address may hold: spaces and control characters are not part of an address, and quotes,
# angle brackets, backticks and backslashes would end the HTML attribute or Markdown link it is written into.
_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def has_unsafe_characters(url: str) -> bool:
    """Whether ``url`` holds a space, a control character, a quote or another character an address cannot."""
    return _UNSAFE.search(url) is not None


def split(url: str) -> SplitResult | None:
    """``url`` in its parts (scheme and host in lower case), or None when it cannot be split (``https://[x``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def is_web(parts: SplitResult) -> bool:
    """Whether the address is an http or https address with a host."""
    return parts.scheme in WEB_SCHEMES and bool(parts.hostname)


def host(url: str) -> str:
    """The host of ``url`` in lower case, without port; "" when it has none or cannot be split."""
    parts = split(url)
    return (parts.hostname or "") if parts else ""


def origin(parts: SplitResult) -> str:
    """``scheme://host[:port]`` of an address, as written."""
    return f"{parts.scheme}://{parts.netloc}"


def page_address(rel: str) -> str:
    """The address, relative to the site, of the page a Markdown file of ``docs/`` becomes with directory URLs (as
    MkDocs and Zensical make them): ``map.md`` and ``map/index.md`` are both at ``map/``, as is ``map/README.md``;
    ``index.md`` is at ""."""
    stem = rel.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return stem + "/"

"""QR codes that lead a phone to a poster's page: SVG files made at build time with segno.

Each poster gets ``poster/<slug>/qr.<digest>.svg``, encoding the absolute
address of its page (``site_url`` + ``poster/<slug>/``). The poster page,
the kiosk slideshow and the printed labels all show that same file. The
name carries a digest of the content, like the renditions, so browsers and
the kiosk's offline cache may keep it for good.

A QR code needs an absolute address, so ``site_url`` is required as soon as
there is a poster: ``check`` reports its absence as an error in
``mkdocs.yml`` (see ``site_url_problems``).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import segno

from postergallery import urls
from postergallery.features import Feature, PageFile, Pages
from postergallery.i18n import Translator
from postergallery.model import Poster, Problem
from postergallery.stages.cache import published_name
from postergallery.stages.settings import Settings
from postergallery.stages.writer import GENERATED_MARKER, atomic_write_bytes

# Medium error correction: survives a crease, a glare spot or a smudge on a printed label,
# and the code of a typical poster address stays at version 4-6 (33-41 modules).
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@dataclass(frozen=True)
class QrCode:
    """The QR code of one poster page."""

    slug: str
    url: str  # what the code encodes: the absolute address of the poster page
    filename: str  # e.g. "qr.1a2b3c4d5e.svg", inside poster/<slug>/
    svg: str | Path  # the drawing, or the gallery's cache file that holds it (see poster_codes)

    @property
    def path(self) -> str:
        """Site-relative path of the SVG file."""
        return f"poster/{self.slug}/{self.filename}"

    @property
    def short_url(self) -> str:
        """The address as people type it: without ``https://`` and the final slash."""
        return short_url(self.url)


def short_url(url: str) -> str:
    """``https://org.github.io/repo/poster/x/`` -> ``org.github.io/repo/poster/x``."""
    return url.split("://", 1)[-1].rstrip("/")


def qr_svg(url: str) -> str:
    """An SVG drawing of the QR code for ``url``; it scales to any size (only a viewBox, no width)."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, nl=False, omitsize=True, border=QUIET_ZONE, dark="#000", light="#fff")
    return f"<!-- {GENERATED_MARKER} -->\n" + out.getvalue().decode("ascii") + "\n"


def poster_code(settings: Settings, poster: Poster) -> QrCode:
    """The QR code of ``poster``'s page, encoded now."""
    url = _page_url(settings, poster)
    return _drawn(poster, url, qr_svg(url))


def poster_codes(settings: Settings, posters: list[Poster], cache: Path | None = None) -> dict[str, QrCode]:
    """The QR code of every poster, by slug; empty without ``site_url`` (``check`` reports that).

    With ``cache`` (a folder), each code is kept there as a file, made once and published as it is (a hard
    link, like the renditions): encoding takes tens of milliseconds a code in pure Python, which a rebuild
    with nothing changed should not pay for every poster. The file's name holds the digest of its content,
    so a rebuild reads none of them.
    """
    if not settings.site_url:
        return {}
    if cache is None:
        return {p.slug: poster_code(settings, p) for p in posters}
    try:
        known = {name.split(".", 1)[0]: name for name in os.listdir(cache) if _CACHED_NAME.fullmatch(name)}
    except OSError:
        known = {}
    codes = {}
    for poster in posters:
        url = _page_url(settings, poster)
        key = hashlib.sha256(f"{url}|{ERROR_LEVEL}|{QUIET_ZONE}|{segno.__version__}".encode()).hexdigest()[:32]
        name = known.get(key)
        if name is None:
            svg = qr_svg(url)
            name = f"{key}.{_digest(svg)}.svg"
            try:
                atomic_write_bytes(cache / name, svg.encode("ascii"))
            except OSError:  # a cache that cannot be written only costs time
                codes[poster.slug] = _drawn(poster, url, svg)
                continue
        codes[poster.slug] = QrCode(poster.slug, url, _published(name.split(".")[1]), cache / name)
    return codes


_CACHED_NAME = re.compile(r"[0-9a-f]{32}\.[0-9a-f]{64}\.svg")  # what poster_codes keeps: <key>.<sha256>.svg


def _page_url(settings: Settings, poster: Poster) -> str:
    return settings.absolute_url(f"poster/{poster.slug}/")


def _drawn(poster: Poster, url: str, svg: str) -> QrCode:
    """A code held in memory (no cache file), named by its content like the cached ones."""
    return QrCode(poster.slug, url, _published(_digest(svg)), svg)


def _digest(svg: str) -> str:
    return hashlib.sha256(svg.encode("ascii")).hexdigest()


def _published(digest: str) -> str:
    return published_name("qr", digest, "svg")


# The host of the demo's site_url (mkdocs.yml as it comes): no gallery is published there.
PLACEHOLDER_SITE_HOST = "example.github.io"


def is_example_site(site_url: str) -> bool:
    """Whether ``site_url`` is the demo's example address, where no gallery is published."""
    return urls.host(site_url) == PLACEHOLDER_SITE_HOST


def leads_to_the_demo(settings: Settings, posters: list[Poster]) -> bool:
    """Whether the QR codes of posters of the committee's own lead to the demo's example site_url."""
    if not is_example_site(settings.site_url):
        return False
    from postergallery.commands.demo import demo_slugs

    return any(p.slug not in demo_slugs() for p in posters)


def site_url_problems(settings: Settings, posters: list[Poster], tr: Translator) -> list[Problem]:
    """An error when there are posters (so QR codes to make) but no usable ``site_url``; a warning for posters of
    the committee's own and still the demo's example ``site_url``.

    Nothing when mkdocs.yml could not be read at all: its site_url may well be right, and the problem that
    the file cannot be read is said already.
    """
    if is_example_site(settings.site_url):
        if not leads_to_the_demo(settings, posters):
            return []  # the demo, as it comes: its QR codes lead nowhere, which is no one's loss
        # A warning, not an error: the template is built with posters of its own by rehearsals and benchmarks, and
        # the site works; what goes wrong are QR codes, above all printed ones, which check and the build now name.
        severity = "warning"
        message = tr(
            "site_url is still the demo's example address ({url}): the QR codes on the poster pages, kiosk "
            "screens and printed labels would send phones there, where your gallery is not. Write the address "
            "the site is published at, e.g. site_url: https://ORG.github.io/REPO/",
            url=settings.site_url,
        )
    elif settings.site_url or not posters or not settings.config_read:
        return []
    else:
        severity = "error"
        message = tr(
            "the QR codes on the poster pages, kiosk screens and printed labels are made from site_url, so "
            "mkdocs.yml needs a valid site_url: the full address of the published site, e.g. "
            "site_url: https://ORG.github.io/REPO/"
        )
    return [Problem(settings.config_name, None, None, message, severity)]


def qr_files(site) -> Pages:
    """Each poster's QR code as its own SVG file, beside the poster's page."""
    return Pages([PageFile(code.path, code.svg, template_html=False) for code in site.qr.values()])


# Its files go into the posters' own folders (poster/<slug>/): no name of its own at the top of docs/.
FEATURE = Feature("qr", (), qr_files)

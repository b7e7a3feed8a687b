"""`python scripts/gallery.py build && zensical build` gives a working gallery (Material's successor).

Zensical reads mkdocs.yml but runs no MkDocs hooks, so the gallery's pages must come from the
generator alone. Checked: the home page, a poster page, the committee guide and, when the build
makes them, the vote page and the kiosk: every local link, image and script they use exists.
tests/browser/test_zensical_site.py opens the same site in Chromium. The site is built by the
``zensical_site`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import html.parser
import posixpath
import urllib.parse
from pathlib import Path

import pytest
import yaml

from projectkit import DEMO_CONFIG


def posters(site: Path) -> list[str]:
    """The slugs of the posters the site was built from (the project folder holds site/ and posters/)."""
    return sorted(p.name for p in (site.parent / "posters").iterdir() if p.is_dir())


class _References(html.parser.HTMLParser):
    """Every href, src and srcset URL in a page, and the text of its <h1>."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_h1 = self._in_h1 or tag == "h1"
        for name in ("href", "src"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


def read_page(site: Path, page: str) -> tuple[_References, set[str], list[str]]:
    """The page's references; the site files its local ones lead to; and those that lead nowhere."""
    refs = _References()
    refs.feed((site / page / "index.html").read_text("utf-8"))
    targets, missing = set(), []
    for url in refs.urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # external, or only a fragment
        target = posixpath.normpath(posixpath.join(page, urllib.parse.unquote(parts.path)))
        path = site / target
        if path.is_dir() or url.endswith("/"):
            path = path / "index.html"
        if target.startswith("..") or not path.is_file():
            missing.append(url)
        targets.add(target)
    return refs, targets, missing


def heading(refs: _References) -> str:
    return refs.h1.replace("¶", "").strip()  # the permalink sign MkDocs' toc adds to headings


def test_site_settings_hold_only_values_zensical_can_read():
    """Zensical rejects a YAML date or date-time under `extra` ("unsupported dynamic value")."""
    import datetime

    config = yaml.load(DEMO_CONFIG.read_text("utf-8"), Loader=yaml.SafeLoader)

    def dates(value, where):
        if isinstance(value, dict):
            return [d for k, v in value.items() for d in dates(v, f"{where}.{k}")]
        if isinstance(value, list):
            return [d for i, v in enumerate(value) for d in dates(v, f"{where}[{i}]")]
        return [where] if isinstance(value, (datetime.date, datetime.datetime)) else []

    assert dates(config.get("extra"), "extra") == []


def test_home_page(zensical_site):
    refs, targets, missing = read_page(zensical_site, ".")
    assert missing == []
    assert heading(refs) == "Galeri Poster Dialog Nasional Vokasi"
    assert (
        sorted(t.split("/")[1] for t in targets if t.startswith("poster/") and t.count("/") == 1)
        == posters(zensical_site)
        == ["hidroponik-nft-pekarangan", "kaigo-bahasa-jepang-perawat-lansia", "las-smaw-dari-nol-ke-sertifikasi"]
    )
    assert {"assets/gallery/gallery.css", "guide", "about", "how-to-vote"} <= targets


def test_poster_page(zensical_site):
    page = "poster/las-smaw-dari-nol-ke-sertifikasi"
    refs, targets, missing = read_page(zensical_site, page)
    assert missing == []
    assert heading(refs) == "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G"
    # A JPG poster offers its large image for download (originals: pdf); the original is not published.
    assert not (zensical_site / page / "las-smaw-dari-nol-ke-sertifikasi.jpg").exists()
    renditions = sorted(
        t.split("/")[-1].split(".")[0] for t in targets if t.startswith(page + "/") and t.endswith((".webp", ".jpg"))
    )
    assert {"display", "zoom"} <= set(renditions)
    pdf_poster = "poster/kaigo-bahasa-jepang-perawat-lansia"
    assert (zensical_site / pdf_poster / "kaigo-bahasa-jepang-perawat-lansia.pdf").read_bytes() == (
        zensical_site.parent / "posters" / "kaigo-bahasa-jepang-perawat-lansia" / "poster.pdf"
    ).read_bytes()
    assert {"role/alumni", "center/bbpvp-serang", "tag/las"} <= targets


def test_committee_guide(zensical_site):
    refs, targets, missing = read_page(zensical_site, "guide")
    assert missing == []
    assert heading(refs) == "Panduan Panitia: Menambahkan Poster"


@pytest.mark.parametrize("page", ["vote", "kiosk/all"])
def test_vote_and_kiosk_pages_when_the_build_makes_them(zensical_site, page):
    if not (zensical_site / page / "index.html").is_file():
        pytest.skip(f"this build makes no /{page}/ page")
    refs, targets, missing = read_page(zensical_site, page)
    assert missing == []
    text = (zensical_site / page / "index.html").read_text("utf-8")
    if page == "kiosk/all":  # the slideshow itself, and the poster list it reads
        assert (zensical_site / "kiosk" / "index.html").is_file() and 'href="../"' in text
        text = (zensical_site / "poster" / "posters.json").read_text("utf-8")
    for slug in posters(zensical_site):  # every poster is offered
        assert slug in text, slug

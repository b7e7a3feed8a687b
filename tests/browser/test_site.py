"""The demo site in a real browser, served under a GitHub Pages sub-path: every page and link works."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from postergallery.commands.demo import DEMO_POSTERS

from browserkit import DESKTOP, PHONE, screenshot

# What these pages do online: the site's worker, saving the site for offline, has tests of its own.
pytestmark = pytest.mark.without_site_worker


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "img", "script"):
                self.urls.append(attrs[name])
        if attrs.get("srcset"):
            self.urls += [part.split()[0] for part in attrs["srcset"].split(",")]


def test_home_shows_every_demo_poster(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    cards = page.locator(".pg-card")
    posters = sorted(p.slug for p in DEMO_POSTERS)
    assert cards.count() == len(posters)
    assert sorted(cards.evaluate_all("els => els.map(e => e.dataset.slug)")) == posters
    assert page.title() == "Galeri Poster Dialog Nasional Vokasi"
    screenshot(page, "home-phone")
    assert watch.problems() == [] and watch.external == []


def test_every_link_and_asset_on_every_page_resolves_under_the_subpath(demo_site, demo_server):
    """Crawl the built HTML like a link checker: each local href/src must exist when served at /poster-gallery/."""
    import urllib.request

    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 20
    checked = set()
    broken = []
    for html_file in pages:
        rel = html_file.relative_to(demo_site).as_posix()
        page_url = demo_server.url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = _Links()
        parser.feed(html_file.read_text("utf-8"))
        for ref in parser.urls:
            url = urljoin(page_url, ref).split("#")[0]
            if not url.startswith("http://127.0.0.1") or url in checked:
                continue
            checked.add(url)
            path = urlsplit(url).path
            if not path.startswith("/poster-gallery/"):
                broken.append(f"{rel}: {ref} leaves the sub-path")
                continue
            try:
                with urllib.request.urlopen(url) as response:
                    assert response.status == 200
            except Exception as exc:
                broken.append(f"{rel}: {ref} -> {exc}")
    assert broken == []
    assert len(checked) > 100


def test_poster_page_shows_metadata_and_the_poster(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "poster/kaigo-bahasa-jepang-perawat-lansia/")
    assert page.title() == "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia - Galeri Poster Dialog Nasional Vokasi"
    assert page.locator("h1").first.inner_text() == "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia"
    img = page.locator(".pg-poster__img")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert re.match(r"Poster berjudul Kaigo", img.get_attribute("alt"))
    assert page.locator(".pg-download a").inner_text().startswith("Unduh poster asli (PDF")
    screenshot(page, "poster-desktop")
    assert watch.problems() == [] and watch.external == []


def test_the_download_button_saves_the_pdf_or_the_large_image_under_the_posters_name(demo_site, demo_server, new_page):
    """With the defaults a PDF poster offers its PDF, a JPG poster its large image; each saves as <slug>.<ext>."""
    page, watch = new_page(DESKTOP, accept_downloads=True)
    for slug, source in (
        ("kaigo-bahasa-jepang-perawat-lansia", "poster.pdf"),
        ("las-smaw-dari-nol-ke-sertifikasi", None),
    ):
        page.goto(demo_server.url + f"poster/{slug}/")
        button = page.locator(".pg-download a")
        with page.expect_download() as info:
            button.click()
        download = info.value
        saved = Path(download.path()).read_bytes()
        if source:
            assert download.suggested_filename == f"{slug}.pdf"
            assert saved == (demo_site.parent / "posters" / slug / source).read_bytes()
            assert re.fullmatch(r"Unduh poster asli \(PDF, \d+ KB\)", button.inner_text())
        else:
            zoom = next((demo_site / "poster" / slug).glob("zoom.*.jpg"))
            assert download.suggested_filename == f"{slug}.jpg" and saved == zoom.read_bytes()
            assert re.fullmatch(
                r"Unduh poster sebagai gambar besar \(JPG, \d+ × \d+ piksel, [\d.]+ [KM]B\)", button.inner_text()
            )
            assert not (demo_site / "poster" / slug / f"{slug}.jpg").exists()
    assert watch.problems() == [] and watch.external == []

"""The gallery built with `python scripts/gallery.py build && zensical build`, in Chromium.

The site comes from the ``zensical_site`` fixture (tests/conftest.py); tests/test_zensical.py
checks its files and links. Here: the pages load under a GitHub Pages sub-path without errors or
failed requests, and their images really decode.
"""

from __future__ import annotations

import pytest

from siteserver import SiteServer

BROKEN_IMAGES = (
    "[...document.images].filter(i => i.loading !== 'lazy' && i.complete && i.naturalWidth === 0).map(i => i.src)"
)


@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    server = SiteServer(zensical_site, "/poster-gallery/").start()
    yield server
    server.stop()


def test_home_and_poster_page(zensical_site, zensical_server, new_page):
    page, watch = new_page()
    page.goto(zensical_server.url, wait_until="networkidle")
    assert (
        page.locator(".pg-card").count()
        == len([p for p in (zensical_site.parent / "posters").iterdir() if p.is_dir()])
        == 3
    )
    assert page.evaluate("[...document.querySelectorAll('.pg-card img')].slice(0, 2).every(i => i.naturalWidth > 0)")
    assert page.evaluate(BROKEN_IMAGES) == []
    page.locator(".pg-card__link", has_text="Dari Nol ke Sertifikasi").click()
    page.wait_for_load_state("networkidle")
    assert page.url == zensical_server.url + "poster/las-smaw-dari-nol-ke-sertifikasi/"
    assert page.locator("h1").inner_text() == "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G"
    # A phone picks a smaller rendition from srcset; any of them must have decoded.
    image = page.evaluate("(i => [i.naturalWidth, i.currentSrc])(document.querySelector('.pg-poster__img'))")
    assert image[0] > 300 and "/poster-gallery/poster/las-smaw-dari-nol-ke-sertifikasi/" in image[1], image
    assert watch.problems() == [] and watch.external == [], (watch.console_errors, watch.page_errors, watch.failed)


@pytest.mark.parametrize("path", ["guide/", "vote/", "kiosk/", "kiosk/all/"])
def test_other_pages(zensical_site, zensical_server, new_page, path):
    if not (zensical_site / path / "index.html").is_file():
        pytest.skip(f"this build makes no /{path}")
    page, watch = new_page()
    page.goto(zensical_server.url + path, wait_until="networkidle")
    if path == "kiosk/":  # the slideshow: its first poster shows; the other slide waits for the next one
        page.wait_for_function(
            "document.body.dataset.state === 'playing'"
            " && document.querySelector('.kiosk__slide.is-front .kiosk__img').naturalWidth > 0"
        )
        # (the slide not shown yet has its poster and QR code images still without an address)
        page.evaluate("document.querySelectorAll('.kiosk__slide img:not([src])').forEach(i => i.remove())")
    assert page.evaluate(BROKEN_IMAGES) == []
    assert watch.problems() == [] and watch.external == []

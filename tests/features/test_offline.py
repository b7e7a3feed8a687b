"""Offline and installable (features/offline.py): the app manifest and icons the gallery build writes, the budget
setting, and the list the site's service worker keeps, made from a built site's files.

The worker itself runs in Chromium in tests/browser/test_offline_visit.py.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from postergallery.features import offline
from postergallery.i18n import Translator
from postergallery.stages.settings import read_settings

POSTER = "title: {title}\nauthors:\n  - Budi\nrole: alumni\ncenter: BPVP Bandung\nalt: A poster.\n"


def test_the_manifest_and_its_icons(project):
    project.add_poster("las-smaw", POSTER.format(title="Las SMAW"))
    text = project.config.read_text("utf-8").replace(
        "  font: false\n", "  font: false\n  palette:\n    primary: teal\n"
    )
    project.config.write_text(text, "utf-8")
    result = project.build()
    assert result.ok, result.problems
    app = project.root / "docs" / "app"
    assert sorted(p.name for p in app.iterdir()) == ["icon-192.png", "icon-512.png", "manifest.webmanifest", "offline"]
    assert (app / "offline" / "index.md").read_text("utf-8").count(
        "This page is not saved on this phone yet. Open it again when you are online."
    ) == 1
    data = json.loads((app / "manifest.webmanifest").read_text("utf-8"))
    assert data == {
        "name": "Test Gallery",
        "short_name": "Test Gallery",
        "lang": "en",
        "start_url": "../",
        "scope": "../",
        "id": "../",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#009485",  # Material's teal
        "icons": [
            {"src": f"icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": purpose}
            for purpose in ("any", "maskable")
            for n in (192, 512)
        ],
    }
    for n in (192, 512):
        icon = Image.open(io.BytesIO((app / f"icon-{n}.png").read_bytes()))
        assert (icon.format, icon.size) == ("PNG", (n, n))
        # Full bleed for a maskable icon: the corners are the theme colour, the poster stays in the middle.
        assert icon.convert("RGB").getpixel((0, 0)) == (0, 0x94, 0x85)
        assert icon.convert("RGB").getpixel((n // 2, n // 4 + 1)) == (255, 255, 255)
    # The same icons again: a rebuild with nothing changed writes nothing.
    assert project.build().written.written == []


def test_a_long_site_name_gets_a_short_name_in_the_site_language(project):
    project.write_config(language="id")
    text = project.config.read_text("utf-8").replace("site_name: Test Gallery", "site_name: Galeri Poster Vokasi 2026")
    project.config.write_text(text, "utf-8")
    assert project.build().ok
    data = json.loads((project.root / "docs/app/manifest.webmanifest").read_text("utf-8"))
    assert (data["name"], data["short_name"], data["theme_color"]) == (
        "Galeri Poster Vokasi 2026",
        "Galeri Poster",
        "#4051b5",
    )


def test_the_offline_budget_setting(project):
    settings, problems = read_settings(project.config)
    assert settings.offline_budget_mb == 30 and settings.offline_budget_bytes == 30_000_000 and problems == []
    project.write_config("posters: posters\noffline_budget_mb: 12.5")
    assert read_settings(project.config)[0].offline_budget_bytes == 12_500_000
    project.write_config("posters: posters\noffline_budget_mb: -1")
    settings, problems = read_settings(project.config, lang="en")
    assert settings.offline_budget_mb == 30
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:20:24: -1 is out of range; use a value between 0 and 1000."
    ]


def _site(tmp_path, files: dict[str, int]):
    site = tmp_path / "site"
    for rel, size in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * size)
    return site


FILES = {
    "index.html": 1000,
    "about/index.html": 500,
    "poster/index.html": 800,
    "poster/a/index.html": 700,
    "map/index.html": 400,  # a page another feature adds: listed like any other
    "vote/index.html": 600,  # right after the gallery: a vote made offline waits on the phone
    "404.html": 100,
    "assets/stylesheets/main.1234.min.css": 300,
    "assets/javascripts/bundle.1234.min.js": 300,
    "assets/javascripts/bundle.1234.min.js.map": 9000,
    "assets/javascripts/lunr/min/lunr.de.min.js": 9000,
    "assets/gallery/gallery.js": 200,
    "app/manifest.webmanifest": 50,
    "app/icon-192.png": 50,
    "poster/posters.json": 100,
    "sitemap.xml": 100,
    "sitemap.xml.gz": 100,
    "kiosk/index.html": 300,
    "kiosk/sw.js": 300,
    "sw.js": 300,
    "poster/a/qr.0123456789.svg": 10,
    "poster/a/thumb.0123456789.webp": 2000,
    "poster/a/thumb2x.0123456789.webp": 3000,
    "poster/b/thumb.0123456789.webp": 1000,
    "poster/a/display.0123456789.webp": 4000,
    "poster/a/zoom.0123456789.jpg": 9000,
    "poster/a/social.0123456789.jpg": 9000,
    "poster/a/a.pdf": 9000,
}


def test_the_plan_keeps_pages_first_then_images_within_the_budget(tmp_path):
    site = _site(tmp_path, FILES)
    report = offline.plan(site, 10_000_000)
    assert [rel for rel, _ in report.pages] == [
        "app/icon-192.png",
        "app/manifest.webmanifest",
        "assets/gallery/gallery.js",
        "assets/javascripts/bundle.1234.min.js",
        "assets/stylesheets/main.1234.min.css",
        "poster/posters.json",
        "index.html",
        "vote/index.html",
        "poster/index.html",
        "poster/a/index.html",
        "404.html",
        "about/index.html",
        "map/index.html",
    ]
    assert [rel for rel, _ in report.images] == [
        "poster/a/qr.0123456789.svg",
        "poster/a/thumb.0123456789.webp",  # what a phone's card shows, not thumb2x as well
        "poster/b/thumb.0123456789.webp",
        "poster/a/display.0123456789.webp",
    ]
    assert report.left_out == [] and report.size == 5100 + 7010
    # 1 byte short: the poster image is left out, and the build says so.
    short = offline.plan(site, report.size - 1)
    assert short.left_out == [("poster/a/display.0123456789.webp", 4000)]
    assert short.summary(Translator("en")) == (
        "offline copy for visitors' phones: 16 files, 8 KB (pages and their files 5 KB, thumbnails and poster images "
        "3 KB); offline_budget_mb is 12 KB. Left out beyond the budget: 1 file, 4 KB (display); a poster image left "
        "out is saved when it is opened, a page is not. Raise offline_budget_mb to keep everything."
    )
    # Nothing after the first file that does not fit: the order is the order of importance.
    assert [p for p, _ in offline.plan(site, 4600).left_out][:3] == ["about/", "map/", "poster/a/qr.0123456789.svg"]


def test_the_worker_names_every_page_by_its_digest_and_changes_with_any_of_them(tmp_path):
    site = _site(tmp_path, FILES)
    tr = Translator("en")
    first = offline.write_site_worker(site, 10_000_000, tr)
    text = (site / "sw.js").read_text("utf-8")
    pages = json.loads(re.search(r"^var PAGES = (.*); //", text, re.M).group(1))
    index, plan = ["", offline._digest(site / "index.html")], ["map/", offline._digest(site / "map/index.html")]
    assert [index + [(site / "index.html").stat().st_size], plan + [(site / "map/index.html").stat().st_size]] == [
        entry for entry in pages if entry[0] in ("", "map/")
    ]
    assert f"var VERSION = {json.dumps(first.version)};" in text
    mtime = (site / "sw.js").stat().st_mtime_ns
    assert offline.write_site_worker(site, 10_000_000, tr).version == first.version
    assert (site / "sw.js").stat().st_mtime_ns == mtime  # nothing changed: not written again
    (site / "about/index.html").write_text("changed", "utf-8")
    assert offline.write_site_worker(site, 10_000_000, tr).version != first.version


def test_the_worker_lists_addresses_as_a_browser_asks_for_them_and_every_file_the_pages_read(tmp_path):
    """A floor plan named 'Denah Pameran.svg' is asked for as Denah%20Pameran.svg: listed unencoded, it was saved
    but never served offline, and a '#' in a name cut the address, so that no install ever succeeded. The words on
    the posters (texts.json), which the gallery's filter reads, and pictures under docs/assets/ are kept too."""
    site = _site(
        tmp_path,
        {
            "index.html": 100,
            "Denah Pameran.svg": 100,
            "foto #1.svg": 100,
            "peta/Ruang Selatan/index.html": 100,
            "assets/denah.jpg": 100,
            "poster/texts.json": 100,
            "poster/a/thumb.0123456789.webp": 100,
        },
    )
    report = offline.write_site_worker(site, 10_000_000, Translator("en"))
    kept = {rel for rel, _ in report.pages}
    assert {"Denah Pameran.svg", "foto #1.svg", "assets/denah.jpg", "poster/texts.json"} <= kept
    text = (site / "sw.js").read_text("utf-8")
    pages = [address for address, *_ in json.loads(re.search(r"^var PAGES = (.*); //", text, re.M).group(1))]
    assert {"Denah%20Pameran.svg", "foto%20%231.svg", "peta/Ruang%20Selatan/", "assets/denah.jpg"} <= set(pages)
    images = json.loads(re.search(r"^var IMAGES = (.*); //", text, re.M).group(1))
    assert images == [["poster/a/thumb.0123456789.webp", 100]]  # with its size, for a phone short of room


@pytest.mark.parametrize(
    "palette, colour",
    [({"primary": "teal"}, "#009485"), ([{"primary": "deep orange"}, {"primary": "red"}], "#ff6e42"), ({}, "#4051b5")],
)
def test_theme_colour_from_materials_palette(palette, colour):
    assert offline.theme_colour(palette) == colour

"""Offline and installable: the web app manifest with its icons, and the site's service worker.

Visitors browse on phones over crowded venue Wi-Fi, which drops. Two parts:

* ``app/`` (written by the gallery build, into ``docs/``): ``manifest.webmanifest`` (name, colours, icons,
  and ``start_url`` and ``scope`` relative to the manifest, so the installed app opens the site under any
  sub-path) and the icons, PNG files of 192 and 512 pixels drawn by the build, full bleed so that they
  serve as maskable icons too.
  And ``app/offline/``, the page the worker answers with, at the address asked for, when a page it has not
  saved cannot be fetched (a poster added after the deploy the phone saved, a mistyped address): it says, in
  the site's language, that the page is not saved on this phone yet, and leads to the gallery.
* ``sw.js`` at the site root (written by ``write_site_worker`` into the built site, after MkDocs has
  written every page, so that it lists every page whichever feature made it and the theme's files under
  their final names). It carries the list of what a phone keeps: the pages with the files they need, each
  with a digest of its content and its size, then the thumbnails and poster images (``thumb``, then ``display``) up
  to ``offline_budget_mb``; what does not fit is said in words (``OfflineReport.summary``). Its
  ``VERSION`` is a digest of that list, so every deploy that changes anything gives a new worker, which
  browsers install beside the old one; see ``templates/site_sw.js`` for how it switches.

The kiosk slideshow keeps its own worker (``kiosk/sw.js``, features/kiosk.py): its scope, the folder
``kiosk/``, is narrower than the site's, and a browser lets the worker with the narrowest scope control a
page, so each page has exactly one of them. The site worker therefore leaves ``kiosk/`` out of its list.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from postergallery.features import Feature, PageFile, Pages, vote
from postergallery.features.kiosk import CACHEABLE
from postergallery.i18n import N_, Translator
from postergallery.stages.render import TEMPLATES, PageRenderer, Site, make_environment
from postergallery.stages.sitesize import human_size
from postergallery.stages.writer import atomic_write_bytes

APP_DIR = "app/"
MANIFEST = APP_DIR + "manifest.webmanifest"
OFFLINE_PAGE = APP_DIR + "offline/"  # the worker's answer for a page neither saved nor reachable
ICON_SIZES = (192, 512)
WORKER = "sw.js"
WORKER_SOURCE = TEMPLATES / "site_sw.js"
DIGEST_CHARS = 16  # of a page's SHA-256, in hex: what the worker checks a downloaded page against
BACKGROUND = "#ffffff"
# Material's primary colours (theme.palette.primary), for the address bar and the icons.
MATERIAL_COLOURS = {
    "red": "#ef5350",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#000000",
    "white": "#ffffff",
}
DEFAULT_COLOUR = MATERIAL_COLOURS["indigo"]
SHORT_NAME = N_("Posters")

# What the worker never keeps: the kiosk (its own worker), the worker itself, source maps, the sitemap.
_NEVER = re.compile(r"^(kiosk/|sw\.js$|sitemap\.xml)|\.(map|gz)$")
_POSTER_FILE = re.compile(r"^poster/([^/]+)/([a-z0-9]+)\.[0-9a-f]+\.[a-z0-9]+$")
_SHELL_SUFFIXES = (".css", ".js", ".mjs", ".png", ".svg", ".ico", ".webmanifest", ".woff2", ".json")
_DATA = ("poster/posters.json", "poster/texts.json", "search/search_index.json")  # the filters and search read them
# Pictures of the hand-written pages (the floor plan, a logo in docs/): kept after the pages, before the posters' images.
_PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")
# In the order they are saved (a poster page shows its QR code). The cards' picture on most phones (two
# cards across, up to about 2.3 device pixels per CSS pixel) is thumb; a denser screen asks for thumb2x,
# which the worker answers offline with the poster's saved thumb or display image (STAND_INS, site_sw.js).
PRECACHED_KINDS = ("qr", "thumb", "display")


def theme_colour(palette) -> str:
    """The primary colour of ``theme.palette`` (a group of settings or a list of them, as Material takes)."""
    if isinstance(palette, list):
        palette = palette[0] if palette else {}
    name = palette.get("primary") if isinstance(palette, dict) else None
    return MATERIAL_COLOURS.get(str(name).lower().replace(" ", "-"), DEFAULT_COLOUR) if name else DEFAULT_COLOUR


# ------------------------------------------------------------------------- the app ---


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def icon_png(size: int, colour: str) -> bytes:
    """A square icon: a poster on a board, white on ``colour``, inside the middle 60 % (the part a maskable icon
    keeps whatever shape the phone cuts). The same bytes for the same size and colour."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), _rgb(colour))
    draw = ImageDraw.Draw(image)
    u = size / 100
    draw.rectangle((33 * u, 24 * u, 67 * u, 72 * u), fill=(255, 255, 255))  # the poster
    draw.rectangle((38 * u, 29 * u, 62 * u, 43 * u), fill=_rgb(colour))  # its picture
    for top in (48, 54, 60):  # its lines of text
        draw.rectangle((38 * u, top * u, (62 if top != 60 else 54) * u, (top + 2.5) * u), fill=_rgb(colour))
    draw.rectangle((46 * u, 72 * u, 54 * u, 78 * u), fill=(255, 255, 255))  # the stand
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def manifest_data(site: Site) -> dict:
    s = site.settings
    short = s.site_name if len(s.site_name) <= 12 else site.tr(SHORT_NAME)
    icons = [
        {"src": f"icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": purpose}
        for purpose in ("any", "maskable")
        for n in ICON_SIZES
    ]
    data = {
        "name": s.site_name,
        "short_name": short,
        "lang": site.tr.lang,
        "start_url": "../",  # relative to this file: the site root, under any sub-path
        "scope": "../",
        "id": "../",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": s.theme_colour,
        "icons": icons,
    }
    if s.site_description:
        data["description"] = s.site_description
    return data


class OfflinePage(PageRenderer):
    def page(self) -> str:
        heading = self.site.tr("Not saved on this phone")
        meta = {"title": heading, "hide": ["navigation", "toc"], "search": {"exclude": True}}
        return self.render_page("offline.html.j2", meta, here=OFFLINE_PAGE, heading=heading)


def app_files(site: Site) -> Pages:
    text = json.dumps(manifest_data(site), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    files = [
        PageFile(MANIFEST, text, template_html=False),
        PageFile(OFFLINE_PAGE + "index.md", OfflinePage(site).page()),
    ]
    for n in ICON_SIZES:
        files.append(PageFile(f"{APP_DIR}icon-{n}.png", icon_png(n, site.settings.theme_colour), template_html=False))
    return Pages(files)


FEATURE = Feature("offline", (APP_DIR,), app_files, hidden=(APP_DIR,))


# ---------------------------------------------------------------- the site worker ---


@dataclass
class OfflineReport:
    """What the site's worker keeps on a phone, and what the budget left out."""

    budget: int  # bytes
    pages: list[tuple[str, int]] = field(default_factory=list)  # (address, bytes): pages and their files
    images: list[tuple[str, int]] = field(default_factory=list)  # thumbnails, QR codes and poster images
    left_out: list[tuple[str, int]] = field(default_factory=list)
    version: str = ""

    @property
    def size(self) -> int:
        return sum(n for _, n in self.pages + self.images)

    def summary(self, tr: Translator) -> str:
        count = len(self.pages) + len(self.images)
        text = tr.ngettext(
            "offline copy for visitors' phones: {count} file, {size} (pages and their files {pages}, thumbnails "
            "and poster images {images}); offline_budget_mb is {budget}.",
            "offline copy for visitors' phones: {count} files, {size} (pages and their files {pages}, thumbnails "
            "and poster images {images}); offline_budget_mb is {budget}.",
            count,
            count=count,
            size=human_size(self.size, tr),
            pages=human_size(sum(n for _, n in self.pages), tr),
            images=human_size(sum(n for _, n in self.images), tr),
            budget=human_size(self.budget, tr),
        )
        if self.left_out:
            kinds = sorted({_kind(path) for path, _ in self.left_out})
            text += " " + tr.ngettext(
                "Left out beyond the budget: {count} file, {size} ({kinds}); a poster image left out is saved when "
                "it is opened, a page is not. Raise offline_budget_mb to keep everything.",
                "Left out beyond the budget: {count} files, {size} ({kinds}); a poster image left out is saved when "
                "it is opened, a page is not. Raise offline_budget_mb to keep everything.",
                len(self.left_out),
                count=len(self.left_out),
                size=human_size(sum(n for _, n in self.left_out), tr),
                kinds=", ".join(kinds),
            )
        return text


def _kind(path: str) -> str:
    found = _POSTER_FILE.match(path)
    if found:
        return found.group(2)
    return "html" if path.endswith("/") or path.endswith(".html") else path.rsplit(".", 1)[-1]


def _address(rel: str) -> str:
    """The address a browser asks for: ``poster/x/`` for ``poster/x/index.html``, ``Denah%20Pameran.svg`` for a
    file with a space (a ``#`` in a name, unencoded, would end the address)."""
    if rel == "index.html":
        return ""
    return urllib.parse.quote(rel[: -len("index.html")] if rel.endswith("/index.html") else rel, safe=_PATH_SAFE)


# What a browser leaves as it is in an address's path (WHATWG URL's path percent-encode set, and %).
_PATH_SAFE = "".join(c for c in map(chr, range(0x21, 0x7F)) if c not in '"#<>?`{}%')


def _page_order(rel: str) -> tuple:
    """The gallery, then the vote page (a vote made offline waits on the phone), then the posters' pages."""
    address = _address(rel)
    return (address != "", address != vote.HERE, not address.startswith("poster/"), address)


def _search_languages(site_dir: Path) -> list[str]:
    try:
        config = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))["config"]
        return [str(lang) for lang in config.get("lang", [])]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def plan(site_dir: Path, budget: int) -> OfflineReport:
    """What the worker keeps, in the order it saves it, within ``budget`` bytes."""
    sizes = _file_sizes(site_dir)
    files = sorted(sizes)
    langs = [lang for lang in _search_languages(site_dir) if lang != "en"]
    lunr = {"assets/javascripts/lunr/min/lunr.stemmer.support.min.js"} if langs else set()
    lunr |= {f"assets/javascripts/lunr/min/lunr.{lang}.min.js" for lang in langs}
    if len(langs) > 1:
        lunr.add("assets/javascripts/lunr/min/lunr.multi.min.js")
    shell: list[str] = []
    pages: list[str] = []
    pictures: list[str] = []
    images: dict[str, list[str]] = {kind: [] for kind in PRECACHED_KINDS}
    for rel in files:
        if _NEVER.search(rel):
            continue
        if rel.endswith(".html"):
            pages.append(rel)
        elif rel.startswith("assets/javascripts/lunr/"):
            if rel in lunr:
                shell.append(rel)
        elif rel.startswith(("assets/", APP_DIR)) and rel.endswith(_SHELL_SUFFIXES) or rel in _DATA:
            shell.append(rel)
        else:
            found = _POSTER_FILE.match(rel)
            if found and found.group(2) in images:
                images[found.group(2)].append(rel)
            elif not rel.startswith((APP_DIR, "poster/")) and rel.lower().endswith(_PICTURE_SUFFIXES):
                pictures.append(rel)
    report = OfflineReport(budget)
    total = 0
    ordered = [(rel, report.pages) for rel in shell + sorted(pages, key=_page_order) + pictures]
    ordered += [(rel, report.images) for kind in PRECACHED_KINDS for rel in images[kind]]
    for rel, target in ordered:
        size = sizes[rel]
        if report.left_out or total + size > budget:
            report.left_out.append((_address(rel), size))
        else:
            total += size
            target.append((rel, size))
    return report


def _file_sizes(site_dir: Path) -> dict[str, int]:
    """Every file under ``site_dir`` (not links) and its size, site-relative: one walk, one stat a file (a
    thousand posters make some 7,000 files)."""
    sizes: dict[str, int] = {}
    folders = [(site_dir, "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((Path(entry.path), prefix + entry.name + "/"))
                elif entry.is_file(follow_symlinks=False):
                    sizes[prefix + entry.name] = entry.stat(follow_symlinks=False).st_size
    return sizes


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_CHARS]


def worker_text(site_dir: Path, report: OfflineReport, tr: Translator) -> str:
    pages = [[_address(rel), _digest(site_dir / rel), size] for rel, size in report.pages]
    images = [[_address(rel), size] for rel, size in report.images]
    env = make_environment(tr)
    source = WORKER_SOURCE.read_text("utf-8")
    report.version = hashlib.sha256(json.dumps([source, pages, images]).encode()).hexdigest()[:DIGEST_CHARS]
    return env.get_template(WORKER_SOURCE.name).render(
        version=report.version, pages=pages, images=images, image_name=CACHEABLE, offline_page=OFFLINE_PAGE
    )


def write_site_worker(site_dir: Path, budget_bytes: int, tr: Translator) -> OfflineReport:
    """Write ``sw.js`` into the built site ``site_dir``; return what it keeps (written only when it changed)."""
    report = plan(site_dir, budget_bytes)
    text = worker_text(site_dir, report, tr).encode("utf-8")
    target = site_dir / WORKER
    if not target.is_file() or target.read_bytes() != text:
        atomic_write_bytes(target, text)
    return report

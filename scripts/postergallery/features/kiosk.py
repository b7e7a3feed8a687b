"""The kiosk: a slideshow of the posters for the TVs and monitors at the venue, and its index of links.

The files it writes:

* ``kiosk/index.html``: the slideshow, at the address staff type by hand at the venue
  (``.../kiosk/``), so that it starts at once. A standalone HTML page, not a
  themed Markdown page: a screen needs no site header, navigation, search or
  footer, and a plain page behaves the same under every engine that builds
  the site from ``mkdocs.yml`` (MkDocs, Zensical), which copy it untouched.
  Its script (``overrides/assets/gallery/kiosk.js``) reads the poster
  manifest (``poster/posters.json``) and re-reads it every few minutes.
* ``kiosk/sw.js``: the service worker that keeps the slideshow going
  when the venue Wi-Fi drops. It must sit next to the slideshow page: a
  service worker only controls pages at or below its own folder, and GitHub
  Pages cannot send the header that would lift that limit. Its scope,
  ``kiosk/``, is narrower than the site worker's (features/offline.py), so the
  slideshow's pages have this worker and no other. The build writes
  into it which files it may keep for good (``CACHEABLE``): a worker decides
  that in every request, also right after the browser restarted it, before
  any page could tell it anything; and a changed rule changes the worker's
  bytes, which is what makes browsers install the new worker.
* ``kiosk/all/index.md``: a normal page of the site listing ready-made slideshow
  links (all posters, per role, per training centre) and the label pages; the
  slideshow's help line links to it.
* ``kiosk/show/``: where the slideshow used to be. Its page sends the browser on
  to ``kiosk/`` with the same settings, and its worker (``RETIRED_WORKER``)
  deletes what the old worker saved and unregisters itself, so screens set up
  with the old address keep working.

The ``kiosk`` settings section under ``extra.gallery`` gives the defaults a
slideshow address can override (see ``KioskSettings``); the page's
configuration also carries the orders an address may ask for (``ORDERS``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from markupsafe import Markup
from yaml.nodes import MappingNode

from postergallery.features import Feature, PageFile, Pages, manifest, results
from postergallery.i18n import N_
from postergallery.readers import SettingsContext, read_number, read_text, section_entries
from postergallery.stages.cache import PUBLISHED_NAME
from postergallery.stages.render import TEMPLATES, PageRenderer, relative
from postergallery.yamlsource import is_null

ORDERS = ("shuffle", "title", "newest", "board")  # kiosk.js accepts these (its configuration carries them)
SHOW_DIR = "kiosk/"
INDEX_DIR = "kiosk/all/"
OLD_SHOW_DIR = "kiosk/show/"  # the slideshow's address until it moved to kiosk/ itself
WORKER_SOURCE = TEMPLATES / "kiosk_sw.js"
RETIRED_WORKER = TEMPLATES / "kiosk_sw_retired.js"
# The paths the service worker answers from its cache first and keeps: the renditions and QR codes in the posters'
# folders, whose names change whenever their content does (stages/cache.py published_name).
CACHEABLE = rf"/poster/[^/]+/{PUBLISHED_NAME}$"

# The words kiosk.js shows, by the name it knows them by.
SCRIPT_WORDS = {
    "paused": N_("Paused"),
    "offline": N_("Offline: showing the posters saved on this screen"),
    "empty": N_("There are no posters to show yet."),
    "nomatch": N_("No poster matches the choice in this slideshow's address."),
    "unreachable": N_("The poster list could not be loaded yet; trying again…"),
    "board": N_("Board {board}"),
    "scan.view": N_("Scan to view"),
    "scan.vote": N_("Scan to view & vote"),  # while the site has a vote that has not closed (the poster list's "vote")
}


@dataclass(frozen=True)
class KioskSettings:
    """``extra.gallery.kiosk``: what a slideshow does when its address does not say otherwise."""

    interval: float = 15  # seconds each poster stays on screen
    order: str = "shuffle"  # shuffle | title | newest | board
    refresh_minutes: float = 5  # how often the screens re-read the poster list
    transition: float = 1  # seconds of the cross-fade between two posters


def _read_order(node, ctx):
    value = read_text(20)(node, ctx)
    if value is None:
        return None
    if value.lower() not in ORDERS:
        ctx.error(node, "'{value}' is not a slideshow order; use shuffle, title, newest or board.", value=value)
        return None
    return value.lower()


_READERS = {
    "interval": read_number(3, 600),
    "order": _read_order,
    "refresh_minutes": read_number(1, 60),
    "transition": read_number(0, 5),
}


def read_kiosk_settings(node, ctx: SettingsContext) -> KioskSettings:
    """The ``kiosk`` section under ``extra.gallery`` (defaults where absent or invalid)."""
    result = KioskSettings()
    if node is None or is_null(node):
        return result
    if not isinstance(node, MappingNode):
        ctx.error(node, "extra.gallery.kiosk must be a group of settings, one per line, indented under 'kiosk:'.")
        return result
    for key, (_knode, vnode) in section_entries(node, ctx, "extra.gallery.kiosk", _READERS).items():
        value = _READERS[key](vnode, ctx)
        if value is not None:
            result = replace(result, **{key: value})
    return result


def script_json(data) -> Markup:
    """JSON to put inside ``<script type="application/json">``: ``<`` escaped so no text can end the element."""
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def worker_source(env) -> str:
    """The service worker's code, with the pattern of the files it keeps for good (``CACHEABLE``) written in."""
    return env.get_template(WORKER_SOURCE.name).render(cacheable=CACHEABLE)


class KioskPages(PageRenderer):
    """Renders the slideshow page, its service worker and the kiosk index."""

    def files(self) -> Iterable[tuple[str, str]]:
        """(docs-relative path, text) of every kiosk file."""
        yield INDEX_DIR + "index.md", self.index()
        yield SHOW_DIR + "index.html", self.show()
        yield SHOW_DIR + "sw.js", worker_source(self.env)
        yield OLD_SHOW_DIR + "index.html", self.env.get_template("kiosk_moved.html.j2").render()
        yield OLD_SHOW_DIR + "sw.js", self.env.get_template(RETIRED_WORKER.name).render()

    def show(self) -> str:
        s = self.site
        k = s.settings.kiosk
        root = relative(SHOW_DIR, "")
        words = {key: s.tr(text) for key, text in SCRIPT_WORDS.items()}
        config = {
            "root": root,
            "manifest": root + manifest.PATH,
            "worker": "sw.js",
            "lang": s.tr.lang,
            "interval": k.interval,
            "order": k.order,
            "orders": list(ORDERS),
            "refresh": k.refresh_minutes,
            "transition": k.transition,
            "scopes": list(results.SCOPES),  # the order of the results' slides (mode=results)
            "words": words,
        }
        return self.env.get_template("kiosk.html.j2").render(
            root=root, index=INDEX_DIR.removeprefix(SHOW_DIR), config=script_json(config)
        )

    def index(self) -> str:
        s = self.site
        k = s.settings.kiosk
        heading = s.tr("Screens at the venue")
        meta = {
            "title": heading,
            "description": s.tr(
                "Poster slideshow links for the TVs and monitors at the venue, and poster labels to print."
            ),
            "hide": ["navigation", "toc"],
            # The committee's page: the site's search is for visitors looking for posters.
            "search": {"exclude": True},
        }
        example_center = s.centers[0].slug if s.centers else "bpvp-bandung"
        example_tag = s.tags[0].slug if s.tags else "las"
        example_poster = min(p.slug for p in s.posters) if s.posters else "las-smaw"  # stable when titles change
        example_path = f"{SHOW_DIR}?interval=20&order=title&center={example_center}"
        example_url = s.settings.absolute_url(example_path) or example_path
        return self.render_page(
            "kiosk_index.html.j2",
            meta,
            here=INDEX_DIR,
            heading=heading,
            kiosk=k,
            example_center=example_center,
            example_tag=example_tag,
            example_poster=example_poster,
            example_url=example_url,
        )


def kiosk_pages(site) -> Pages:
    return Pages(
        [PageFile(path, text, template_html=not path.endswith(".js")) for path, text in KioskPages(site).files()]
    )


FEATURE = Feature("kiosk", ("kiosk/",), kiosk_pages, hidden=("kiosk/",))

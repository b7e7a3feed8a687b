"""The kiosk: a slideshow of the posters for the TVs and monitors at the venue, and its index of links.

Three files are generated:

* ``kiosk/show/index.html``: the slideshow. A standalone HTML page, not a
  themed Markdown page: a screen needs no site header, navigation, search or
  footer, and a plain page behaves the same under every engine that builds
  the site from ``mkdocs.yml`` (MkDocs, Zensical), which copy it untouched.
  Its script (``overrides/assets/gallery/kiosk.js``) reads the poster
  manifest (``poster/posters.json``) and re-reads it every few minutes.
* ``kiosk/show/sw.js``: the service worker that keeps the slideshow going
  when the venue Wi-Fi drops. It must sit next to the slideshow page: a
  service worker only controls pages at or below its own folder, and GitHub
  Pages cannot send the header that would lift that limit. The build writes
  into it which files it may keep for good (``CACHEABLE``): a worker decides
  that in every request, also right after the browser restarted it, before
  any page could tell it anything; and a changed rule changes the worker's
  bytes, which is what makes browsers install the new worker.
* ``kiosk/index.md``: a normal page of the site listing ready-made slideshow
  links (all posters, per role, per training centre) and the label pages.

The ``kiosk`` settings section under ``extra.gallery`` gives the defaults a
slideshow address can override (see ``KioskSettings``); the page's
configuration also carries the orders an address may ask for (``ORDERS``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Iterable

from markupsafe import Markup
from yaml.nodes import MappingNode

from postergallery.features import Feature, PageFile, Pages, manifest
from postergallery.i18n import register
from postergallery.stages.cache import PUBLISHED_NAME
from postergallery.stages.render import TEMPLATES, PageRenderer, relative
from postergallery.readers import SettingsContext, read_number, read_text, section_entries
from postergallery.yamlsource import is_null

ORDERS = ("shuffle", "title", "newest")  # kiosk.js accepts these (its configuration carries them)
SHOW_DIR = "kiosk/show/"
WORKER_SOURCE = TEMPLATES / "kiosk_sw.js"
# The paths the service worker answers from its cache first and keeps: the renditions and QR codes in the posters'
# folders, whose names change whenever their content does (stages/cache.py published_name).
CACHEABLE = rf"/poster/[^/]+/{PUBLISHED_NAME}$"


@dataclass(frozen=True)
class KioskSettings:
    """``extra.gallery.kiosk``: what a slideshow does when its address does not say otherwise."""

    interval: float = 15  # seconds each poster stays on screen
    order: str = "shuffle"  # shuffle | title | newest
    refresh_minutes: float = 5  # how often the screens re-read the poster list
    transition: float = 1  # seconds of the cross-fade between two posters


def _read_order(node, ctx):
    value = read_text(20)(node, ctx)
    if value is None:
        return None
    if value.lower() not in ORDERS:
        ctx.error(node, "'{value}' is not a slideshow order; use shuffle, title or newest.", value=value)
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
        ctx.error(node, "extra.gallery.kiosk must be a group of settings, one per line, indented under "
                  "'kiosk:'.")
        return result
    for key, (knode, vnode) in section_entries(node, ctx, "extra.gallery.kiosk", _READERS).items():
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
        yield "kiosk/index.md", self.index()
        yield SHOW_DIR + "index.html", self.show()
        yield SHOW_DIR + "sw.js", worker_source(self.env)

    def show(self) -> str:
        s = self.site
        k = s.settings.kiosk
        root = relative(SHOW_DIR, "")
        words = {key: s.tr.label("kiosk." + key) for key in ("paused", "offline", "empty", "nomatch", "unreachable")}
        config = {
            "root": root, "manifest": root + manifest.PATH, "worker": "sw.js", "lang": s.tr.lang,
            "interval": k.interval, "order": k.order, "orders": list(ORDERS), "refresh": k.refresh_minutes,
            "transition": k.transition, "words": words,
        }
        return self.env.get_template("kiosk.html.j2").render(root=root, config=script_json(config))

    def index(self) -> str:
        s = self.site
        k = s.settings.kiosk
        heading = s.tr.label("kiosk.index.title")
        meta = {"title": heading, "description": s.tr.label("kiosk.index.description"),
                "hide": ["navigation", "toc"]}
        example_center = s.centers[0].slug if s.centers else "bpvp-bandung"
        example_tag = s.tags[0].slug if s.tags else "las"
        example_poster = min(p.slug for p in s.posters) if s.posters else "las-smaw"  # stable when titles change
        example_path = f"{SHOW_DIR}?interval=20&order=title&center={example_center}"
        example_url = s.settings.absolute_url(example_path) or example_path
        return self.render_page("kiosk_index.html.j2", meta, here="kiosk/", heading=heading, kiosk=k,
                            example_center=example_center, example_tag=example_tag,
                            example_poster=example_poster, example_url=example_url)


def kiosk_pages(site) -> Pages:
    return Pages([PageFile(path, text, template_html=not path.endswith(".js"))
                  for path, text in KioskPages(site).files()])


FEATURE = Feature("kiosk", ("kiosk/",), kiosk_pages, hidden=("kiosk/",))


register(
    labels={
        "kiosk.title": {"id": "Tayangan poster", "en": "Poster slideshow"},
        "kiosk.scan": {"id": "Pindai untuk melihat & memilih", "en": "Scan to view & vote"},
        "kiosk.paused": {"id": "Dijeda", "en": "Paused"},
        "kiosk.offline": {"id": "Tidak tersambung: menampilkan poster yang tersimpan",
                          "en": "Offline: showing the posters saved on this screen"},
        "kiosk.loading": {"id": "Memuat poster…", "en": "Loading the posters…"},
        "kiosk.empty": {"id": "Belum ada poster untuk ditampilkan.", "en": "There are no posters to show yet."},
        "kiosk.nomatch": {"id": "Tidak ada poster yang cocok dengan pilihan di alamat tayangan ini.",
                          "en": "No poster matches the choice in this slideshow's address."},
        "kiosk.unreachable": {"id": "Daftar poster belum dapat dimuat; mencoba lagi…",
                              "en": "The poster list could not be loaded yet; trying again…"},
        "kiosk.help": {"id": "Klik untuk layar penuh · ← → ganti poster · Spasi jeda · F layar penuh",
                       "en": "Click for full screen · ← → change poster · Space pause · F full screen"},
        "kiosk.noscript": {"id": "Tayangan ini memerlukan JavaScript.", "en": "This slideshow needs JavaScript."},
        "kiosk.index.title": {"id": "Layar di lokasi acara", "en": "Screens at the venue"},
        "kiosk.index.description": {
            "id": "Tautan tayangan poster untuk TV dan monitor di lokasi acara, dan label poster untuk dicetak.",
            "en": "Poster slideshow links for the TVs and monitors at the venue, and poster labels to print."},
        "kiosk.index.intro": {
            "id": "Buka salah satu tautan di bawah pada peramban (browser) komputer yang tersambung ke TV atau "
                  "monitor, lalu klik sekali pada layar untuk tampilan penuh. Poster berganti sendiri, dan "
                  "poster baru muncul dalam {minutes} menit tanpa perlu menyentuh layar.",
            "en": "Open one of the links below in the browser of the computer connected to the TV or monitor, "
                  "then click the screen once for full screen. The posters change by themselves, and new "
                  "posters appear within {minutes} minutes without anyone touching the screen."},
        "kiosk.index.screens": {"id": "Tayangan", "en": "Slideshows"},
        "kiosk.index.options": {"id": "Pengaturan di alamat tayangan", "en": "Settings in the slideshow address"},
        "kiosk.index.options.intro": {
            "id": "Tambahkan pengaturan ke alamat tayangan setelah tanda ?, dipisahkan dengan &, misalnya {example}. "
                  "Beberapa nilai dipisahkan koma, misalnya role=trainee,alumni.",
            "en": "Add settings to the slideshow address after a ?, separated by &, e.g. {example}. "
                  "Several values are separated by commas, e.g. role=trainee,alumni."},
        "kiosk.index.setting": {"id": "Pengaturan", "en": "Setting"},
        "kiosk.index.meaning": {"id": "Arti", "en": "Meaning"},
        "kiosk.param.interval": {"id": "detik setiap poster tampil (bawaan {value})",
                                 "en": "seconds each poster stays on screen (default {value})"},
        "kiosk.param.order": {"id": "urutan: shuffle (acak), title (menurut judul) atau newest (terbaru dulu); "
                                    "bawaan {value}",
                              "en": "order: shuffle, title (by title) or newest (newest first); default {value}"},
        "kiosk.param.role": {"id": "peran: instructor, trainee atau alumni",
                             "en": "role: instructor, trainee or alumni"},
        "kiosk.param.center": {"id": "balai, seperti pada tautan di atas, misalnya {example}",
                               "en": "training centre, as in the links above, e.g. {example}"},
        "kiosk.param.tag": {"id": "topik, misalnya {example}", "en": "topic, e.g. {example}"},
        "kiosk.param.start": {"id": "poster pertama yang tampil (nama folder poster), misalnya {example}",
                              "en": "the first poster to show (the poster's folder name), e.g. {example}"},
        "kiosk.param.refresh": {"id": "menit antara pembacaan ulang daftar poster (bawaan {value})",
                                "en": "minutes between two readings of the poster list (default {value})"},
        "kiosk.param.transition": {"id": "detik perpindahan memudar antarposter (bawaan {value})",
                                   "en": "seconds of the fade between two posters (default {value})"},
        "kiosk.index.keys": {"id": "Tombol dan perilaku", "en": "Keys and behaviour"},
        "kiosk.index.keys.text": {
            "id": "← dan →: poster sebelumnya dan berikutnya. Spasi: jeda dan lanjut. F atau klik: layar penuh. "
                  "Penunjuk tetikus hilang setelah beberapa detik tidak bergerak, dan layar tidak masuk mode "
                  "tidur selama tayangan berjalan (bila peramban mendukung).",
            "en": "← and →: previous and next poster. Space: pause and continue. F or a click: full screen. "
                  "The mouse pointer hides after a few seconds without movement, and the screen does not go to "
                  "sleep while the slideshow runs (where the browser supports it)."},
        "kiosk.index.offline": {
            "id": "Bila Wi-Fi terputus, layar terus menampilkan poster yang sudah tersimpan dan tersambung lagi "
                  "dengan sendirinya. Biarkan tayangan berjalan beberapa menit saat masih tersambung agar semua "
                  "poster tersimpan.",
            "en": "When the Wi-Fi drops, the screen keeps showing the posters it has saved and reconnects by "
                  "itself. Let the slideshow run for a few minutes while connected so that every poster is "
                  "saved."},
        "kiosk.index.labels": {"id": "Label untuk dicetak", "en": "Labels to print"},
        "kiosk.index.labels.intro": {
            "id": "Kartu berisi judul, penulis, balai, peran dan kode QR, untuk digunting dan ditempel di samping "
                  "setiap poster.",
            "en": "Cards with the title, authors, training centre, role and a QR code, to cut out and stick "
                  "next to each poster."},
        "kiosk.index.labels.a6": {"id": "Semua label, A6 (4 per halaman A4)", "en": "All labels, A6 (4 per A4 page)"},
        "kiosk.index.labels.a5": {"id": "Semua label, A5 (2 per halaman A4)", "en": "All labels, A5 (2 per A4 page)"},
    },
    messages={
        "'{value}' is not a slideshow order; use shuffle, title or newest.":
            "'{value}' bukan urutan tayangan; gunakan shuffle (acak), title (judul) atau newest (terbaru).",
        "extra.gallery.kiosk must be a group of settings, one per line, indented under 'kiosk:'.":
            "extra.gallery.kiosk harus berupa sekumpulan pengaturan, satu per baris, menjorok di bawah 'kiosk:'.",
    },
)

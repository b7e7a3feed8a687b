"""Offline and installable (features/offline.py, templates/site_sw.js, assets/gallery/offline.js) in Chromium.

After a first visit the site's service worker has saved every page and, within the budget, the thumbnails and
poster images; with the network cut (``context.set_offline(True)``) every saved page opens, filters work and
the poster shows. A new deploy replaces the saved pages in one step, and a half-published one never does.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse

import pytest

from postergallery.features import offline
from postergallery.features.qr import short_url
from postergallery.i18n import Translator

from browserkit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    SAVED,
    SAVED_PAGES,
    TOOK_OVER,
    TOUCH,
    until,
    until_holds,
)
from siteserver import SiteServer

KAIGO = "poster/kaigo-bahasa-jepang-perawat-lansia/"
BUDGET = 30_000_000


def saved_site(page, url, report) -> None:
    """Open ``url`` and wait until the worker has saved the site."""
    page.goto(url)
    assert page.evaluate(SAVED, len(report.images)), "the worker did not save the site within 60 s"


@pytest.fixture(scope="module")
def demo_report(demo_site):
    return offline.plan(demo_site, BUDGET)


def test_the_plan_keeps_every_file_of_the_gallery_s_own_scripts_and_styles(demo_site, demo_report):
    """The "my list" page draws its QR code with a vendored module (.mjs): offline it needs it as much as
    gallery.js."""
    kept = {rel for rel, _ in demo_report.pages}
    own = {
        p.relative_to(demo_site).as_posix()
        for p in (demo_site / "assets" / "gallery").rglob("*")
        if p.is_file() and p.name != "LICENSE"
    }
    assert "assets/gallery/vendor/lean-qr/lean-qr.min.mjs" in own
    assert sorted(own - kept) == []


def test_the_plan_lists_every_page_and_the_images_within_the_budget(demo_site, demo_report):
    pages = {rel for rel, _ in demo_report.pages if rel.endswith(".html")}
    built = {p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.html")}
    assert pages == {rel for rel in built if not rel.startswith("kiosk/")}
    assert demo_report.pages[0][0].startswith(("app/", "assets/"))
    assert demo_report.left_out == []
    kinds = [offline._kind(rel) for rel, _ in demo_report.images]
    assert kinds == sorted(kinds, key=offline.PRECACHED_KINDS.index)  # QR codes, then thumbnails, then posters
    shown = len(list((demo_site / "poster").glob("*/display.*")))
    assert kinds.count("display") == kinds.count("thumb") == shown
    # A small budget keeps the pages first and says what it left out.
    small = offline.plan(demo_site, demo_report.size - 1)
    assert small.left_out and small.left_out[-1][0].rsplit("/", 1)[-1].startswith("display.")
    assert small.summary(Translator("en")).endswith(
        "Left out beyond the budget: 1 file, "
        + offline.human_size(small.left_out[0][1], Translator("en"))
        + " (display); a poster image left out is saved when it is opened, a page is not. Raise "
        "offline_budget_mb to keep everything."
    )


def test_a_slideshow_opened_where_the_site_is_saved_reads_the_poster_list_from_the_site(
    demo_server, demo_report, new_page
):
    """A venue screen's browser visited the site, so the site's worker is in charge, before the slideshow was
    opened there: that worker answered the slideshow's first read of the poster list from its saved copy, whose
    Date set the screen's clock back by the copy's age (the QR code asking to vote after voting closed) and whose
    posters were the saved deploy's, until the slideshow's own worker took over. That read goes to the site."""
    page, _ = new_page(DESKTOP)
    saved_site(page, demo_server.url, demo_report)
    page.add_init_script("window.__worker = navigator.serviceWorker.controller.scriptURL")  # as the page opens
    with page.expect_response(lambda response: response.url.endswith("/poster/posters.json")) as listed:
        page.goto(demo_server.url + "kiosk/")
    assert page.evaluate("window.__worker") == demo_server.url + "sw.js"  # the site's (then the slideshow's)
    assert listed.value.ok and listed.value.from_service_worker is False


def test_after_one_visit_every_page_opens_offline(demo_server, demo_site, demo_report, new_page):
    page, watch = new_page(PHONE, **TOUCH, device_scale_factor=2)
    saved_site(page, demo_server.url, demo_report)
    page.context.set_offline(True)
    # Every page the build made, whichever feature made it, comes from the worker.
    for rel, _ in demo_report.pages:
        if not rel.endswith(".html") or rel == "404.html":
            continue
        address = offline._address(rel)
        response = page.goto(demo_server.url + address)
        assert response is not None and response.ok, address  # the network is cut: the worker answered
        assert page.locator("h1").first.is_visible(), address
        if address == "map/":  # the floor plan, a hand-written file in docs/
            page.wait_for_function("() => { const i = document.querySelector('.pg-map__img'); return i.complete }")
            assert page.evaluate("document.querySelector('.pg-map__img').naturalWidth") == 1200
    # The gallery's filters work offline, from the address and from the form.
    page.goto(demo_server.url + "?role=alumni")
    shown = page.locator(".pg-card").evaluate_all("els => els.filter(e => e.checkVisibility()).length")
    assert 0 < shown < page.locator(".pg-card").count()
    # A poster page shows its poster: saved at this size, or the same poster in another size.
    page.goto(demo_server.url + KAIGO)
    page.wait_for_function(
        "() => { const i = document.querySelector('.pg-poster__img'); return i.complete && i.naturalWidth > 0 }"
    )
    page.goto(demo_server.url + "poster/")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    page.locator(".pg-card img").first.scroll_into_view_if_needed()
    broken = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
    assert broken == []
    # The vote list's small pictures are not saved in advance: each comes as its poster's saved thumbnail.
    page.goto(demo_server.url + "vote/")
    first = page.locator(".pg-vote__thumb").first
    assert "/mini." in first.get_attribute("src")
    first.evaluate("i => i.complete || new Promise(r => { i.onload = r; i.onerror = r; })")  # shown, or broken
    assert first.evaluate("i => i.naturalWidth") == 400


@pytest.mark.parametrize("address", ["poster/poster-baru-sesudah-deploy/", "salah-alamat/"])
def test_offline_a_page_not_saved_says_so_and_leads_to_the_gallery(demo_server, demo_report, new_page, address):
    """A poster added after the deploy the phone saved, reached from its label, or a mistyped address: offline,
    the gallery says the page is not saved on this phone yet (not the browser's "no internet"), at the address
    asked for (to open again online), styled like the site, with a link to the gallery that works offline."""
    page, watch = new_page(PHONE, **TOUCH)
    saved_site(page, demo_server.url, demo_report)
    page.context.set_offline(True)
    response = page.goto(demo_server.url + address)
    assert response is not None and response.ok
    assert page.url == demo_server.url + address
    assert page.locator("h1").inner_text() == "Belum tersimpan di ponsel ini"
    assert page.locator(".pg-offline__note").inner_text() == (
        "Halaman ini belum tersimpan di ponsel ini. Buka lagi saat ponsel terhubung ke internet."
    )
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # styled
    home = page.get_by_role("link", name="Kembali ke galeri", exact=True)
    assert home.evaluate("a => a.href") == demo_server.url
    home.click()
    page.wait_for_url(demo_server.url)
    assert page.locator(".pg-card").count() == 11
    assert watch.problems() == [], watch.failed + watch.console_errors


def test_offline_an_address_typed_from_a_label_opens_the_saved_page(demo_server, demo_report, new_page):
    """A label prints a poster's address as people type it, without https:// and the final slash. Online the host
    sends it on to the page; offline the worker does, and the page saved on the phone answers, not "not saved"."""
    page, watch = new_page(PHONE, **TOUCH)
    saved_site(page, demo_server.url, demo_report)
    page.context.set_offline(True)
    typed = "http://" + short_url(demo_server.url + KAIGO)
    assert not typed.endswith("/")
    response = page.goto(typed + "?dari=label")
    assert response is not None and response.ok
    assert page.url == demo_server.url + KAIGO + "?dari=label"
    assert page.locator("h1").inner_text() == "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia"
    # A mistyped one goes on to the page that says it is not saved, at the folder's address.
    page.goto(demo_server.url + "salah-alamat")
    assert page.url == demo_server.url + "salah-alamat/"
    assert page.locator("h1").inner_text() == "Belum tersimpan di ponsel ini"
    # Wi-Fi connected, internet gone: the request is not refused, it is never answered. The worker waited for it,
    # and the visitor for ever, with the page saved on the phone: a saved folder's address is sent on at once.
    page.context.set_offline(False)
    stalled = urllib.parse.urlsplit(typed).path
    demo_server.stalled.add(stalled)
    try:
        page.goto(typed, timeout=10_000)
        assert page.url == demo_server.url + KAIGO
        assert page.locator("h1").inner_text() == "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia"
    finally:
        demo_server.stalled.discard(stalled)
    assert watch.problems() == [], watch.failed + watch.console_errors


def test_the_zoom_image_is_saved_when_opened(demo_server, demo_report, new_page):
    page, _ = new_page(PHONE, **TOUCH)
    saved_site(page, demo_server.url + KAIGO, demo_report)
    zoom = page.locator("a.pg-zoom").get_attribute("href")
    page.locator("a.pg-zoom").tap()
    page.wait_for_selector(".pswp--open .pswp__img:not(.pswp__img--placeholder)")
    page.evaluate("history.back()")
    page.wait_for_selector(".pswp", state="detached")
    page.context.set_offline(True)
    page.reload()
    page.locator("a.pg-zoom").tap()
    page.wait_for_function(
        "(src) => { const i = document.querySelector('.pswp__img:not(.pswp__img--placeholder)');"
        " return i && i.src.endsWith(src) && i.complete && i.naturalWidth > 2000 }",
        arg=zoom,
    )


def test_the_app_is_installable_under_the_sub_path(demo_server, demo_report, playwright_instance, tmp_path):
    """Chromium's own installability check, the one Lighthouse's "installable-manifest" audit reported until
    Lighthouse 12 removed it, in a browser profile of its own (a private window is never installable)."""
    context = playwright_instance.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    try:
        page = context.new_page()
        saved_site(page, demo_server.url, demo_report)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == demo_server.url + "app/manifest.webmanifest" and manifest["errors"] == []
        data = json.loads(manifest["data"])
        assert data["start_url"] == data["scope"] == data["id"] == "../" and data["display"] == "standalone"
        assert data["name"] == "Galeri Poster Dialog Nasional Vokasi" and data["short_name"] == "Galeri Poster"
        assert {(i["src"], i["sizes"], i["purpose"]) for i in data["icons"]} == {
            (f"icon-{n}.png", f"{n}x{n}", p) for n in (192, 512) for p in ("any", "maskable")
        }
        for n in (192, 512):
            icon = page.evaluate(
                "async (src) => { const b = await (await fetch(src)).blob(); const i = await createImageBitmap(b);"
                " return [b.type, i.width, i.height]; }",
                demo_server.url + f"app/icon-{n}.png",
            )
            assert icon == ["image/png", n, n]
    finally:
        context.close()


@pytest.fixture
def deploy(demo_site, tmp_path):
    """A copy of the demo site on its own server, to publish changed versions of."""
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    server = SiteServer(site, "/poster-gallery/").start()
    yield site, server
    server.stop()


def _heading(page) -> str:
    return page.locator("h1").first.inner_text()


def test_a_new_deploy_replaces_the_saved_pages_at_once_and_a_half_published_one_never(deploy, new_page):
    site, server = deploy
    tr = Translator("id")
    report = offline.write_site_worker(site, BUDGET, tr)
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    about = site / "about" / "index.html"
    guide = site / "guide" / "index.html"
    old_about, old_guide = about.read_text("utf-8"), guide.read_text("utf-8")

    def version():
        return page.evaluate(SAVED_PAGES)

    [first] = version()
    # Half published: the new worker is out, one of its pages is still the old one. Its install fails,
    # and the old deploy's pages all stay (never a mix).
    about.write_text(old_about.replace("</h1>", " (2)</h1>", 1), "utf-8")
    guide.write_text(old_guide.replace("</h1>", " (2)</h1>", 1), "utf-8")
    offline.write_site_worker(site, BUDGET, tr)
    guide.write_text(old_guide, "utf-8")
    failed = page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        try { await registration.update(); } catch (e) { return 'update: ' + e; }
        const worker = registration.installing;
        if (!worker) return 'no install';
        await new Promise(done => worker.addEventListener('statechange', () => worker.state === 'redundant' && done()));
        return worker.state;
    }""")
    assert failed == "redundant"
    # The old deploy's pages stay; what the failed install saved is kept for its next try, and never served.
    assert first in version() and len(version()) == 2
    page.context.set_offline(True)
    page.goto(server.url + "about/")
    assert not _heading(page).endswith("(2)")
    page.context.set_offline(False)
    # Published in full: the next check installs the new deploy, which replaces the old one.
    guide.write_text(old_guide.replace("</h1>", " (2)</h1>", 1), "utf-8")
    page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        await registration.update();
        const worker = registration.installing || registration.waiting;
        if (worker) await new Promise(done => {
            if (worker.state === 'activated') done();
            worker.addEventListener('statechange', () => worker.state === 'activated' && done());
        });
    }""")
    [second] = version()
    assert second != first
    page.context.set_offline(True)
    for path in ("about/", "guide/"):
        page.goto(server.url + path)
        assert _heading(page).endswith("(2)"), path


# What the worker has saved, site-relative, by cache: "pages" (this deploy's) and "images".
SAVED_FILES = """async () => {
    const scope = (await navigator.serviceWorker.ready).scope, out = {pages: [], images: []};
    for (const name of await caches.keys()) {
        const kind = name.startsWith('poster-site-images ') ? 'images' : 'pages';
        for (const r of await (await caches.open(name)).keys()) out[kind].push(r.url.slice(scope.length));
    }
    return out;
}"""


def _poster_files(site, kind: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.glob(f"poster/*/{kind}.*"))


def _update(page) -> str:
    """Ask the worker to look for a new deploy; the new worker's last state: 'activated' or 'redundant'."""
    return page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        await registration.update();
        const worker = registration.installing || registration.waiting;
        if (!worker) return 'no new worker';
        return await new Promise(done => {
            const look = () => ['activated', 'redundant'].includes(worker.state) && done(worker.state);
            worker.addEventListener('statechange', look);
            look();
        });
    }""")


def _next_deploy_with_room(page, server, room: int, budget: int = BUDGET) -> str:
    """Leave the site ``room`` bytes of storage beyond what it uses, publish a deploy that changes the about page,
    and return what became of its worker (``_update``)."""
    usage = page.evaluate("async () => (await navigator.storage.estimate()).usage")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": server.origin, "quotaSize": usage + room})
    about = server.root / "about" / "index.html"
    about.write_text(about.read_text("utf-8").replace("</h1>", " (2)</h1>", 1), "utf-8")
    offline.write_site_worker(server.root, budget, Translator("id"))
    return _update(page)


def test_a_full_phone_makes_room_for_the_next_deploy_s_pages(deploy, new_page):
    """The zoom images a visitor opened fill the phone's storage: the next deploy still installs, as the
    files saved on demand make room for its pages."""
    site, server = deploy
    tr = Translator("id")
    report = offline.write_site_worker(site, BUDGET, tr)
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    zooms = [server.url + f for f in _poster_files(site, "zoom")]
    page.evaluate("(urls) => Promise.all(urls.map(u => fetch(u).then(r => r.blob())))", zooms)
    until(
        page,
        "async (n) => (await (await caches.open('poster-site-images ' + (await navigator.serviceWorker.ready).scope))"
        ".keys()).filter(r => r.url.includes('/zoom.')).length === n",
        len(zooms),
    )
    pages = sum(size for _, size in report.pages)
    zoom_bytes = sum((site / z).stat().st_size for z in _poster_files(site, "zoom"))
    assert zoom_bytes > pages  # room enough once they go
    # A second copy of the pages (the new deploy's cache, before the old one goes) does not fit.
    assert _next_deploy_with_room(page, server, pages // 2) == "activated"
    saved = page.evaluate(SAVED_FILES)
    assert [f for f in saved["images"] if "/zoom." in f] == []
    assert {rel for rel, _ in report.images} <= set(saved["images"])  # the listed images stayed
    page.context.set_offline(True)
    page.goto(server.url + "about/")
    assert _heading(page).endswith("(2)")


def test_a_phone_full_but_for_its_saved_images_gives_them_up_for_the_next_deploy_s_pages(deploy, new_page):
    """Nothing saved on demand, and no room for a second copy of the pages: the saved images make room, as the
    pages come first (the images are saved again afterwards, as room allows)."""
    site, server = deploy
    tr = Translator("id")
    report = offline.write_site_worker(site, BUDGET, tr)
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    pages = sum(size for _, size in report.pages)
    room = pages // 2
    assert room + sum(size for _, size in report.images) > pages
    assert _next_deploy_with_room(page, server, room) == "activated"
    page.context.set_offline(True)
    page.goto(server.url + "about/")
    assert _heading(page).endswith("(2)")


def test_a_phone_too_full_for_the_next_deploy_even_without_its_images_keeps_them(deploy, new_page):
    """Where forgetting every saved image would still leave too little room for the next deploy's pages, the
    images stay: the install fails (and is tried again on a later visit), and the saved site goes on working
    offline with its pictures, where it used to lose them for nothing."""
    site, server = deploy
    tr = Translator("id")
    budget = sum(size for _, size in offline.plan(site, BUDGET).pages) + 400_000  # a few images
    report = offline.write_site_worker(site, budget, tr)
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    before = page.evaluate(SAVED_FILES)
    assert sorted(before["images"]) == sorted(rel for rel, _ in report.images)
    pages = sum(size for _, size in report.pages)
    room = pages // 10  # and the images' room besides: less than the pages need
    assert room + sum(size for _, size in report.images) < pages
    assert _next_deploy_with_room(page, server, room, budget) == "redundant"
    after = page.evaluate(SAVED_FILES)
    assert sorted(after["images"]) == sorted(before["images"])
    assert set(before["pages"]) <= set(after["pages"])  # (with what the failed install saved, for its next try)
    page.context.set_offline(True)
    page.goto(server.url + KAIGO)
    assert page.evaluate("() => document.querySelector('.pg-poster img').naturalWidth") > 0


def test_files_opened_on_demand_are_kept_up_to_a_limit_the_newest_first(deploy, new_page):
    site, server = deploy
    report = offline.write_site_worker(site, 0, Translator("id"))  # pages only: every image is saved on demand
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    files = [f for kind in ("qr", "thumb2x", "display", "zoom") for f in _poster_files(site, kind)]
    assert len(files) > 40
    for rel in files:  # one after the other, as a visitor opens them
        page.evaluate("(u) => fetch(u).then(r => r.blob())", server.url + rel)
        until(page, "async (u) => (await caches.match(u)) !== undefined", server.url + rel)
    until(
        page,
        "async () => (await (await caches.open('poster-site-images ' + (await navigator.serviceWorker.ready).scope))"
        ".keys()).length <= 30",
    )
    assert page.evaluate(SAVED_FILES)["images"] == files[-30:]


def _forget(page, urls: list[str]) -> None:
    """Take ``urls`` out of the worker's saved images and the browser's HTTP cache: as if never saved."""
    page.evaluate(
        """async (urls) => { const cache = await caches.open('poster-site-images ' +
            (await navigator.serviceWorker.ready).scope); for (const u of urls) await cache.delete(u); }""",
        urls,
    )
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


def test_a_poster_image_gone_from_the_server_after_a_deploy_shows_another_size(deploy, new_page):
    """A saved page names an image not saved (any more) that the server no longer has (a deploy renamed it):
    the poster shows in another saved size instead of a broken image."""
    site, server = deploy
    report = offline.write_site_worker(site, BUDGET, Translator("id"))
    page, _ = new_page(PHONE)
    saved_site(page, server.url + KAIGO, report)
    address = page.evaluate("document.querySelector('.pg-poster__img').currentSrc")
    image = address[len(server.url) :]
    assert image.startswith(KAIGO + "thumb2x.")  # a phone's poster image, saved when the page opened it
    _forget(page, [address])
    (site / image).unlink()
    page.reload()
    page.wait_for_function(
        "() => { const i = document.querySelector('.pg-poster__img'); return i.complete && i.naturalWidth > 0 }"
    )
    assert page.evaluate("document.querySelector('.pg-poster__img').currentSrc") == address
    assert [r["status"] for r in server.requests if r["path"].endswith(image)][-1] == 404


def test_a_poster_image_without_answer_shows_another_size_or_waits_for_its_answer(deploy, new_page):
    """Wi-Fi connected, internet gone: after 8 s without an answer a card shows its poster in another saved
    size; a poster with no other size saved keeps waiting for its own image, which comes in the end."""
    site, server = deploy
    report = offline.write_site_worker(site, BUDGET, Translator("id"))
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    cards = page.locator(".pg-card img")
    first, second = (cards.nth(n).evaluate("i => i.currentSrc") for n in (0, 1))
    folder = second[len(server.url) :].rsplit("/", 1)[0]
    others = [server.url + rel for rel, _ in report.images if rel.startswith(folder + "/")]
    _forget(page, [first] + others)  # the second poster: nothing else of it is saved either
    server.stalled.update("/poster-gallery/" + url[len(server.url) :] for url in (first, second))
    page.reload(wait_until="domcontentloaded")
    shown = "(n) => { const i = document.querySelectorAll('.pg-card img')[n]; return i.complete && i.naturalWidth > 0 }"
    page.wait_for_function(shown, arg=0, timeout=20_000)  # after 8 s: the first card's other saved size
    assert not page.evaluate(shown, 1)  # nothing to stand in for it: still waiting, not broken
    page.evaluate("new Promise(r => setTimeout(r, 2000))")  # two more seconds of the page's clock
    assert page.evaluate("document.querySelectorAll('.pg-card img')[1].complete") is False
    server.stalled.clear()
    page.wait_for_function(shown, arg=1)
    assert cards.nth(1).evaluate("i => i.currentSrc") == second


def _asked_for(page, server, path: str) -> None:
    """Wait until the server has been asked for ``path``: 50 ms of the page's clock at a time, 20 s at most."""
    for _ in range(400):
        if any(r["path"] == path for r in server.requests):
            break
        page.evaluate("new Promise(r => setTimeout(r, 50))")
    assert any(r["path"] == path for r in server.requests)


def test_a_fill_under_way_does_not_hold_back_the_next_deploy(deploy, new_page):
    """A worker takes over only once the one before it has no event under way: the old worker's fill of the
    images, which over venue Wi-Fi takes minutes, stops for a newer deploy instead of holding it back."""
    site, server = deploy
    tr = Translator("id")
    report = offline.write_site_worker(site, BUDGET, tr)
    held = "/poster-gallery/" + report.images[0][0]
    server.stalled.add(held)  # the fill's first download gets no answer
    page, _ = new_page(PHONE)
    page.goto(server.url + "about/")
    _asked_for(page, server, held)  # by the fill
    [old] = page.evaluate(SAVED_PAGES)
    about = site / "about" / "index.html"
    about.write_text(about.read_text("utf-8").replace("</h1>", " (2)</h1>", 1), "utf-8")
    offline.write_site_worker(site, BUDGET, tr)
    page.evaluate("async () => { await (await navigator.serviceWorker.ready).update(); }")
    until(page, TOOK_OVER, old, 20_000)
    assert [r["status"] for r in server.requests if r["path"] == held] == [0]  # still held: the fill was left


def test_a_new_deploy_takes_over_at_once_though_the_old_worker_was_starting_when_it_was_installed(deploy, new_page):
    """A phone stops an idle worker and starts it again for the next request. Where the worker in place is still
    starting when the new deploy's worker has saved its pages, Chromium does not ask it to finish, and the new
    deploy waits until it goes idle by itself: minutes while a visitor browses. The page wakes it and has the new
    worker ask again (offline.js, hurry), so the new deploy takes over as soon as the old worker has started."""
    site, server = deploy
    tr = Translator("id")
    report = offline.write_site_worker(site, BUDGET, tr)
    sw = site / "sw.js"
    # The deploy in place: a worker that takes 4 s to start once active, as on a slow phone; this opens the window.
    slow = "if (self.registration.active) { var started = Date.now(); while (Date.now() - started < 4000) {} }\n"
    sw.write_text(slow + sw.read_text("utf-8"), "utf-8")
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    [old] = page.evaluate(SAVED_PAGES)
    about = site / "about" / "index.html"
    about.write_text(about.read_text("utf-8").replace("</h1>", " (2)</h1>", 1), "utf-8")
    offline.write_site_worker(site, BUDGET, tr)
    held = "/poster-gallery/about/"
    server.stalled.add(held)  # the new worker's install waits for the changed page
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")  # the worker in place stopped while idle
    page.evaluate("() => { navigator.serviceWorker.ready.then(r => r.update()); }")
    _asked_for(page, server, held)  # by the install
    # The visitor opens another page: the worker in place starts for it (4 s), and meanwhile the install ends.
    page.evaluate("() => { fetch('guide/'); }")
    page.evaluate("new Promise(r => setTimeout(r, 300))")
    server.stalled.discard(held)
    until(page, TOOK_OVER, old, 20_000)
    # (The old pages are deleted inside the new worker's activation, which then still claims the pages: the new
    # worker is 'activating' for a moment after they have gone.)
    until(page, "async () => (await navigator.serviceWorker.ready).active.state === 'activated'", None, 10_000)


PAGE_COUNTS = """async () => { const out = []; for (const n of await caches.keys()) if (n.startsWith('poster-site-pages '))
    out.push((await (await caches.open(n)).keys()).length); return out; }"""


def test_two_deploys_close_together_never_leave_an_empty_copy_of_the_pages(deploy, new_page):
    """Deploy 2's worker waits while the worker in place answers a slow request; deploy 3's starts saving its pages.
    Deploy 2 then takes over, and its activation deletes the other deploys' pages, those deploy 3 is still saving
    included. Deploy 3's install went on into the deleted cache, 'succeeded', took over, and offline every page
    failed. It now finds its copy incomplete and fails; deploy 2's stays whole, and deploy 3 comes next time."""
    site, server = deploy
    tr = Translator("id")
    report = offline.write_site_worker(site, BUDGET, tr)
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    slow = "/poster-gallery/poster/baru/thumb.0123456789.webp"  # the worker in place answers it, slowly
    server.stalled.add(slow)
    page.evaluate("(u) => { fetch(u).catch(() => {}); }", server.origin + slow)
    about, vote = site / "about" / "index.html", site / "vote" / "index.html"
    about.write_text(about.read_text("utf-8").replace("</h1>", " (2)</h1>", 1), "utf-8")
    offline.write_site_worker(site, BUDGET, tr)
    page.evaluate("async () => { await (await navigator.serviceWorker.ready).update(); }")
    until(page, "async () => !!(await navigator.serviceWorker.getRegistration()).waiting", None, 20_000)
    vote.write_text(vote.read_text("utf-8").replace("</h1>", " (3)</h1>", 1), "utf-8")
    offline.write_site_worker(site, BUDGET, tr)
    server.stalled.add("/poster-gallery/vote/")  # deploy 3's install, half way on a slow network
    page.evaluate("() => { navigator.serviceWorker.getRegistration().then((r) => r.update()); }")
    until_holds(  # most of its pages saved
        page,
        lambda: any(r["path"] == "/poster-gallery/vote/" and r["status"] == 0 for r in list(server.requests)),
        "deploy 3's install waits for vote/",
    )
    server.stalled.discard(slow)  # the worker in place goes idle: deploy 2 takes over
    until(
        page,
        "async () => (await navigator.serviceWorker.getRegistration()).active.state === 'activated' && "
        "(await caches.keys()).filter(n => n.startsWith('poster-site-pages ')).length === 1",
        None,
        20_000,
    )
    server.stalled.discard("/poster-gallery/vote/")  # deploy 3's install goes on
    until(
        page,
        "async () => { const r = await navigator.serviceWorker.getRegistration(); "
        "return !r.installing && !r.waiting && r.active.state === 'activated'; }",
        None,
        30_000,
    )
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")  # what is offline is the worker's
    page.context.set_offline(True)
    page.goto(server.url + "about/")  # failed (net::ERR_FAILED): deploy 3 had taken over with no pages saved
    assert _heading(page).endswith("(2)")
    assert page.evaluate(PAGE_COUNTS) == [len(report.pages)]  # deploy 2's, whole; no empty copy beside it
    page.context.set_offline(False)
    assert _update(page) == "activated"  # deploy 3, next time
    page.context.set_offline(True)
    for path, heading in (("about/", "(2)"), ("vote/", "(3)")):
        page.goto(server.url + path)
        assert _heading(page).endswith(heading), path


def test_a_file_whose_name_has_a_space_or_a_hash_is_saved_and_served_offline(deploy, new_page):
    """'Denah Pameran.svg' is asked for as Denah%20Pameran.svg: listed as written, it was saved but never served
    offline; and 'foto #1.svg' cut the worker's address at '#', so that no install of the site ever succeeded."""
    site, server = deploy
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>'
    for name in ("Denah Pameran.svg", "foto #1.svg"):
        (site / name).write_text(svg, "utf-8")
    report = offline.write_site_worker(site, BUDGET, Translator("id"))
    page, _ = new_page(PHONE)
    saved_site(page, server.url, report)
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")  # what is offline is the worker's
    page.context.set_offline(True)
    fetched = "async (url) => { const r = await fetch(url); return [r.status, await r.text()]; }"
    for address in ("Denah%20Pameran.svg", "foto%20%231.svg"):
        assert page.evaluate(fetched, server.url + address) == [200, svg], address

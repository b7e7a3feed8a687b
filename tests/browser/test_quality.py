"""Budgets a visitor on a phone feels: accessibility, layout stability, page weight, speed with many posters.

Every kind of page is checked with axe-core (WCAG 2.1 A and AA), for console errors, failed and
external requests, and photographed at phone and desktop sizes (test-artifacts/screenshots/).
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from browserkit import DESKTOP, PHONE, SAVED, TOUCH, build_site, screenshot
from projectkit import ROOT, make_large_gallery
from siteserver import SiteServer

PAGE_KINDS = {
    "home": "",
    "home-filtered": "?role=alumni",  # on a phone the filters open by themselves
    "poster": "poster/kaigo-bahasa-jepang-perawat-lansia/",
    "role": "role/alumni/",
    "center": "center/bpvp-padang/",
    "tag": "tag/kewirausahaan/",
    "all": "poster/",
    "vote": "vote/",
    "about": "about/",
    "how-to-vote": "how-to-vote/",
    "guide": "guide/",
    "map": "map/",
    "map-chosen": "map/#board-B3",
}
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def scroll_through(page):
    page.evaluate("""async () => {
        for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y); await new Promise(r => setTimeout(r, 30));
        }
        scrollTo(0, 0);
        // Back at the top, the theme fades its tabs in again: contrast is judged once every transition
        // has finished, not halfway through a fade.
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        const finite = document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().endTime < Infinity);
        await Promise.all(finite.map(a => a.finished.catch(() => null)));
    }""")


# The site's worker shows nothing on a page (offline.js only registers it); its download of the whole site beside
# axe took a third of these tests' CPU. What it does is tested in test_offline_visit.py.
@pytest.mark.without_site_worker
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_page_kind_is_accessible_and_clean(demo_server, new_page, kind, size):
    # The phone is a touch screen without a mouse, as the visitors' phones are.
    page, watch = new_page(PHONE, **TOUCH) if size == "phone" else new_page(DESKTOP)
    page.goto(demo_server.url + PAGE_KINDS[kind])
    scroll_through(page)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    broken = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
    assert broken == []
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow
    screenshot(page, f"{kind}-{size}")
    assert watch.problems() == [] and watch.external == []


@pytest.mark.parametrize(
    "where",
    [
        ".pg-meta dd",  # the details (programme, centre, date…) beside their names
        ".pg-summary p",  # a shop's or a centre's address in the summary
    ],
)
def test_a_long_word_on_a_poster_page_never_makes_a_small_phone_s_page_wider(demo_server, new_page, where):
    """A long one-word value on a 320 px phone, as a poster.yml may give (the demo's are shorter), breaks instead of
    widening the page: an address in the summary made it 456 px wide, the poster cut off at the right."""
    page, watch = new_page({"width": 320, "height": 640}, **TOUCH)
    page.goto(demo_server.url + PAGE_KINDS["poster"])
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    values = page.locator(where)
    assert values.count() >= 1
    values.last.evaluate("e => { e.textContent = 'Info: https://www.instagram.com/busanamuslim.sitihasanah'; }")
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    assert watch.problems() == []


def test_wide_code_and_tables_scroll_from_the_keyboard_on_a_phone(demo_server, new_page):
    """The guide's YAML examples and field table are wider than a phone: the Tab key reaches each, it
    shows the focus ring and scrolls with the arrow keys, although Material drops the focus of code
    blocks on touch screens."""
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url + "guide/")
    assert page.evaluate("matchMedia('(hover: none)').matches")
    wide = (
        "(tag) => [...document.querySelectorAll('.md-typeset pre > code, .md-typeset__scrollwrap')]"
        ".find(e => e.tagName === tag && e.scrollWidth > e.clientWidth + 1)"
    )
    for tag in ("CODE", "DIV"):  # a code block, a table
        region = page.evaluate_handle(wide, tag)
        assert region.evaluate("e => e.getAttribute('tabindex')") == "0"
        for _ in range(300):
            if region.evaluate("e => document.activeElement === e"):
                break
            page.keyboard.press("Tab")
        assert region.evaluate("e => document.activeElement === e && e.matches(':focus-visible')"), tag
        assert region.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=region)
    assert watch.problems() == []


def test_every_code_block_of_the_guide_has_a_copy_button_that_copies_it(demo_server, new_page):
    """Material's copy button (content.code.copy): the poster.yml template lands on the clipboard as it is."""
    from postergallery.commands.scaffold import PosterValues, poster_yml
    from postergallery.i18n import Translator

    page, watch = new_page(DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page.goto(demo_server.url + "guide/")
    blocks = page.locator(".md-typeset pre > code")
    page.wait_for_function("() => document.querySelectorAll('.md-typeset pre > nav.md-code__nav').length > 0")
    # The links example, the poster.yml template, the `new` command, the complete example, a board and the
    # floor plan's positions (tests/test_schema.py reads them from the Markdown), and the commands inside
    # numbered steps (vote setup, vote doctor, vote doctor --watch, tally): every fence of the guide, indented
    # or not, is a code block, never text run into its step.
    fences = len(re.findall(r"^ *```", (ROOT / "docs/guide.md").read_text("utf-8"), re.M)) // 2
    assert blocks.count() == page.locator(".md-typeset pre > nav > button.md-code__button").count() == fences == 10
    steps = page.locator(".md-typeset ol > li").all_inner_texts()
    assert not [step for step in steps if re.search(r"^\d+\. ", step, re.M)]  # no step swallowed the next
    template = page.locator(".md-typeset pre", has_text='title: ""')
    template.hover()
    template.locator("button.md-code__button").click()
    # Everything but the last line end, which the copy leaves out.
    assert page.evaluate("navigator.clipboard.readText()") == poster_yml(PosterValues(), Translator("id")).rstrip("\n")
    assert watch.problems() == []


LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(total), 1500);
})"""


@pytest.mark.parametrize("path", ["", "poster/kaigo-bahasa-jepang-perawat-lansia/"])
def test_cumulative_layout_shift_stays_below_002(demo_server, new_page, path):
    page, _ = new_page(PHONE)
    # A slow network makes late images and scripts show any shift they cause.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8},
    )
    page.goto(demo_server.url + path, wait_until="load")
    assert page.evaluate(LAYOUT_SHIFT) < 0.02


def transferred_before_scrolling(page, url):
    """Bytes over the wire (compressed, headers excluded) for a first visit, without scrolling."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes, urls = {}, {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on(
        "Network.dataReceived",
        lambda e: sizes.__setitem__(e["requestId"], sizes.get(e["requestId"], 0) + e["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    return sum(sizes.values()), sorted(urls.values())


@pytest.fixture(scope="module")
def gallery60(tmp_path_factory):
    site = build_site(make_large_gallery(tmp_path_factory.mktemp("g60"), 60))
    server = SiteServer(site, "/poster-gallery/").start()
    yield server
    server.stop()


def test_home_page_with_60_posters_is_within_500_kb_and_lazy(gallery60, new_page):
    page, watch = new_page(PHONE)
    total, urls = transferred_before_scrolling(page, gallery60.url)
    thumbs = [u for u in urls if "/thumb" in u]
    print(f"home page, 60 posters, before scrolling: {total} bytes, {len(thumbs)} thumbnails")
    assert total <= 500_000, total
    # Only what is near the first screen: two cards across, and Chromium fetches lazy pictures within
    # 1,250 px of it, so the first four rows of the 60.
    assert 1 <= len(thumbs) <= 8 and all("/thumb." in u for u in thumbs), thumbs
    before = len(gallery60.requests)
    scroll_through(page)
    # The page reached "network idle" before scrolling, so waiting for it again would not wait: wait until
    # every card's picture has arrived (or failed, which watch.problems() reports).
    page.wait_for_function("[...document.querySelectorAll('.pg-card img')].every(i => i.complete)")
    later = [r["path"] for r in gallery60.requests[before:] if "/thumb" in r["path"]]
    assert len(later) >= 50  # the rest arrive while scrolling
    assert watch.problems() == []


def test_saving_for_offline_waits_until_the_page_has_loaded_and_stays_within_the_budget(gallery60, browser):
    """With the service worker running as on a phone (no request interception, which would bypass it): the
    first visit's own transfer stays within the budget, and the worker's first request comes after the
    page's load event."""
    from postergallery.features import offline

    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        before = len(gallery60.requests)
        total, _ = transferred_before_scrolling(page, gallery60.url)
        assert total <= 500_000, total
        loaded = page.evaluate("(performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd)")
        report = offline.plan(gallery60.root, 30_000_000)
        assert page.evaluate(SAVED, len(report.images))
        saved = [r for r in gallery60.requests[before:] if r["referer"].endswith("/sw.js")]
        assert saved and min(r["time"] for r in saved) * 1000 >= loaded
        wire = sum(r.get("bytes", 0) for r in saved)
        print(
            f"home page, 60 posters: first visit {total} bytes; then saved for offline {len(saved)} files, "
            f"{wire} bytes over the wire ({report.size} bytes kept, {len(report.left_out)} left out)"
        )
        assert report.left_out == [] and report.size <= 30_000_000
    finally:
        context.close()


def test_a_phone_fetches_the_first_card_first_at_phone_size(gallery60, new_page):
    """What the home page's first paint waits for on a phone (Lighthouse's: 412 × 823 CSS px at 1.75):
    the first card's picture, asked for at high priority and at the phone size (two cards across: 400 px)."""
    page, watch = new_page({"width": 412, "height": 823}, device_scale_factor=1.75, **TOUCH)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    asked = []
    cdp.on("Network.requestWillBeSent", lambda e: asked.append((e["request"]["url"], e["request"]["initialPriority"])))
    page.goto(gallery60.url, wait_until="load")
    first = page.locator(".pg-card__img").first
    assert first.get_attribute("fetchpriority") == "high" and first.get_attribute("loading") is None
    current = first.evaluate("i => i.complete && i.naturalWidth ? i.currentSrc : ''")
    assert re.search(r"/poster/[^/]+/thumb\.[0-9a-f]{10}\.webp$", current), current
    thumbs = [(url, priority) for url, priority in asked if "/thumb" in url]
    assert thumbs[0] == (current, "High")
    assert all(priority == "Low" and "/thumb." in url for url, priority in thumbs[1:]), thumbs
    assert watch.problems() == []


@pytest.fixture(scope="module")
def gallery1000(tmp_path_factory):
    site = build_site(make_large_gallery(tmp_path_factory.mktemp("g1000"), 1000))
    server = SiteServer(site, "/poster-gallery/").start()
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.without_site_worker
def test_home_page_with_1000_posters_loads_within_800_kb_and_filters(gallery1000, new_page):
    """Weight and behaviour with 1000 posters; the filter's speed is measured by benchmarks/gallery_filter.py.
    (What the site's worker saves for offline, and within what budget, is tested on the 60 posters above.)"""
    page, watch = new_page(PHONE)
    total, _ = transferred_before_scrolling(page, gallery1000.url)
    print(f"home page, 1000 posters, before scrolling: {total} bytes")
    assert total <= 800_000, total
    assert page.locator(".pg-card").count() == 1000

    def shown():
        return page.locator(".pg-card").evaluate_all("els => els.filter(e => e.checkVisibility()).length")

    assert shown() == 96  # the first step of the list; the rest follow while scrolling
    assert page.locator(".pg-filters__status").inner_text() == "Menampilkan semua 1000 poster"
    page.click(".pg-filters__toggle")
    page.select_option("#pg-center", "bpvp-medan")
    assert shown() == 83 and page.locator(".pg-more").is_hidden()
    page.select_option("#pg-center", "")
    page.select_option("#pg-sort", "newest")
    dates = page.locator(".pg-card").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.date)"
    )
    assert dates == sorted(dates, reverse=True) and len(dates) == 96
    page.locator(".pg-more").scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('.pg-card')].filter(e => e.checkVisibility()).length >= 192")
    # Once the batches have moved every card, the page order is the visible order.
    page.wait_for_function("""() => {
        const shown = [...document.querySelectorAll('.pg-card')].filter(e => e.checkVisibility());
        const first = [...document.querySelector('.pg-grid').children].slice(0, shown.length);
        return shown.every((e, i) => e === first[i]);
    }""")
    assert watch.problems() == []


@pytest.mark.without_site_worker
def test_back_from_a_poster_far_down_a_long_list_returns_to_it(gallery1000, new_page):
    """Past the first 96 cards, a poster opened, then Back, on a phone that loads the list again (it kept no copy
    of the page): the list came back with 96 cards, the browser scrolled to where the 150th had been, and the
    visitor stood at the end of the page with the card nowhere to be seen. Then, with as many cards as before, the
    card came back some way from where it had stood, or off the screen: the cards above it not drawn again were
    laid out at a guessed height."""
    page, watch = new_page(PHONE)
    page.goto(gallery1000.url + "?sort=newest")
    page.locator(".pg-more").click()  # and, as the list grows near it, the next steps come by themselves
    shown = "[...document.querySelectorAll('.pg-card')].filter(e => e.checkVisibility())"
    page.wait_for_function(f"{shown}.length >= 192")
    slug = page.evaluate(f"{shown}[149].dataset.slug")
    card = f"document.querySelector('.pg-card[data-slug=\"{slug}\"]').getBoundingClientRect()"
    page.evaluate(f"scrollBy(0, {card}.top - 100)")
    left = page.evaluate(f"[{shown}.length, scrollY]")
    assert left[0] > 150 and left[1] > 30_000
    # Where the card stands at the tap, written down by the page as the tap comes in. (Not read before the tap:
    # where the list grows meanwhile, Playwright tries the tap again, and scrolls the link to the screen's end
    # first, moving the card 410 px down, about 1 run in 40 on a busy machine.)
    page.evaluate(
        f"addEventListener('click', () => sessionStorage.setItem('tapped at', {card}.top), {{capture: true}})"
    )
    page.locator(f".pg-card[data-slug='{slug}'] .pg-card__link").click()
    page.wait_for_url(f"**/poster/{slug}/")
    page.go_back()
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "back_forward"
    # The card opened is where it stood on the screen, among as many cards as before.
    page.wait_for_function(f"{card}.height > 0")
    top, count, before = page.evaluate(f"[{card}.top, {shown}.length, Number(sessionStorage.getItem('tapped at'))]")
    assert 0 < before < PHONE["height"]
    assert abs(top - before) <= 8, (top, before)  # a line of a card drawn again may grow by a few pixels
    assert count >= left[0]  # more, where the list grew by itself after `left` was read
    # Left again by another way than a card (an address typed), the browser restores the place as on any page.
    page.evaluate("scrollBy(0, -5000)")
    again = page.evaluate("scrollY")
    page.goto(gallery1000.url + f"poster/{slug}/")
    page.go_back()
    page.wait_for_function(f"{card}.height > 0")
    assert abs(page.evaluate("scrollY") - again) <= 8 and page.evaluate("history.scrollRestoration") == "auto"
    assert watch.problems() == []

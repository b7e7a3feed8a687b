"""My list: saving posters from the cards and the poster page, the "seen" marks, the list page, and a list
carried to another browser by its link and its QR code. Against the demo site (Indonesian), in Chromium.
"""

from __future__ import annotations

import io
import json

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from browserkit import ARTIFACTS, DESKTOP, PHONE, QR_ONLY, RECORD_PAGESHOWS, TOUCH, back_to_the_kept_page

# What these pages do online: the site's worker, saving the site for offline, has tests of its own.
pytestmark = pytest.mark.without_site_worker

KAIGO = "kaigo-bahasa-jepang-perawat-lansia"
BARISTA = "barista-kopi-gayo-kedai-sendiri"
WEB = "web-kasir-umkm-desa"
TITLES = {
    KAIGO: "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia",
    BARISTA: "Barista Kopi Gayo: Dari Pelatihan ke Kedai Sendiri",
    WEB: "Aplikasi Kasir Web untuk UMKM Desa",
}
UNKEPT = (
    "Peramban ini tidak menyimpan daftar Anda (mode pribadi, atau penyimpanannya mati atau penuh): daftar hanya "
    "bertahan sampai Anda meninggalkan halaman ini."
)
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def save_button(page, slug):
    return page.locator(f'.pg-card[data-slug="{slug}"] button.pg-save')


def stored(page, name="saved"):
    return page.evaluate(f"JSON.parse(localStorage.getItem('pg-mylist:/poster-gallery/:{name}') || 'null')")


def list_slugs(page, grid="[data-pg-own-grid]"):
    return page.locator(f"{grid} > .pg-card").evaluate_all("els => els.map(e => e.dataset.slug)")


def test_a_card_is_saved_from_the_keyboard_and_stays_saved_after_a_reload(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    assert page.locator(".pg-card button.pg-save").count() == 11  # one on every card
    button = save_button(page, KAIGO)
    assert button.get_attribute("aria-label") == f"Simpan ke daftar saya: {TITLES[KAIGO]}"
    assert button.get_attribute("aria-pressed") == "false"
    # The button follows the card's link in the keyboard order.
    page.locator(f'.pg-card[data-slug="{KAIGO}"] a.pg-card__link').focus()
    page.keyboard.press("Tab")
    assert button.evaluate("b => document.activeElement === b")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name=f"Simpan ke daftar saya: {TITLES[KAIGO]}", pressed=True).count() == 1
    save_button(page, BARISTA).focus()
    page.keyboard.press("Space")
    assert stored(page) == [KAIGO, BARISTA]
    assert page.locator(".pg-mylist-nav").inner_text() == "Daftar saya (2)"
    # Pressed looks different: the bookmark is filled.
    assert button.evaluate("b => getComputedStyle(b.querySelector('svg')).fill") != save_button(page, WEB).evaluate(
        "b => getComputedStyle(b.querySelector('svg')).fill"
    )
    page.reload()
    assert save_button(page, KAIGO).get_attribute("aria-pressed") == "true"
    assert save_button(page, WEB).get_attribute("aria-pressed") == "false"
    # The poster page knows it too, and takes it out again.
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    on_page = page.locator("button[data-pg-save]")
    assert on_page.get_attribute("aria-pressed") == "true"
    assert on_page.get_attribute("aria-label") == f"Simpan ke daftar saya: {TITLES[KAIGO]}"
    assert on_page.inner_text().strip() == "Tersimpan di daftar saya"
    on_page.focus()
    page.keyboard.press("Space")
    assert on_page.get_attribute("aria-pressed") == "false"
    assert stored(page) == [BARISTA]
    page.go_back()
    page.reload()
    assert save_button(page, KAIGO).get_attribute("aria-pressed") == "false"
    assert watch.problems() == [] and watch.external == []


def test_the_poster_page_s_button_says_when_the_poster_is_saved_and_keeps_its_name(demo_server, new_page):
    """The filled button alone left a visitor wondering whether the poster was saved (and a second tap to "save"
    takes it out): its words say so. Its accessible name stays the same; aria-pressed tells a screen reader."""
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    button = page.locator("button[data-pg-save]")
    name = f"Simpan ke daftar saya: {TITLES[KAIGO]}"
    assert button.inner_text().strip() == "Simpan ke daftar saya"
    expect(button).to_have_accessible_name(name)
    assert button.get_attribute("aria-pressed") == "false"
    button.tap()
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text().strip() == "Tersimpan di daftar saya"
    expect(button).to_have_accessible_name(name)
    assert page.get_by_role("button", name=name, exact=True, pressed=True).count() == 1
    button.tap()
    assert button.inner_text().strip() == "Simpan ke daftar saya"
    expect(button).to_have_accessible_name(name)
    assert watch.problems() == []


def test_the_posters_opened_are_marked_seen_in_the_grid(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url + "role/alumni/")
    assert page.locator(".pg-card__seen").count() == 0
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    assert stored(page, "seen") == [KAIGO]
    page.goto(demo_server.url + "role/alumni/")
    marks = page.locator(".pg-card__seen")
    assert marks.count() == 1
    assert marks.first.inner_text().strip() == "Sudah dilihat"
    assert page.locator(f'.pg-card[data-slug="{KAIGO}"] .pg-card__seen').count() == 1
    # Read with the card's link.
    link = page.locator(f'.pg-card[data-slug="{KAIGO}"] a.pg-card__link')
    assert page.get_by_role("link", name=f"{TITLES[KAIGO]} Sudah dilihat").count() == 1, link.inner_text()
    page.goto(demo_server.url)
    assert page.locator(".pg-card__seen").count() == 1
    assert watch.problems() == []


@pytest.mark.without_site_worker
@pytest.mark.parametrize("width", [320, 360, 412])
def test_the_seen_mark_is_whole_on_a_phone_s_card_beside_the_save_button(demo_server, new_page, width):
    """At the card's top left, the mark lay under the save button on every phone: only "Sudah" showed at 320 px."""
    page, watch = new_page({"width": width, "height": 800}, **TOUCH)
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    page.goto(demo_server.url)
    card = page.locator(f'.pg-card[data-slug="{KAIGO}"]')
    box = {
        name: card.locator(css).bounding_box()
        for name, css in (("card", ":scope"), ("mark", ".pg-card__seen"), ("button", ".pg-save"))
    }
    mark, button = box["mark"], box["button"]
    assert mark["y"] >= button["y"] + button["height"] or mark["x"] + mark["width"] <= button["x"]  # apart
    assert box["card"]["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["card"]["x"] + box["card"]["width"]
    text = card.locator(".pg-card__seen span:last-child")
    assert text.evaluate("e => e.scrollWidth <= e.clientWidth && e.getClientRects().length === 1")  # not cut
    assert watch.problems() == []


def test_back_to_the_gallery_shows_the_poster_just_opened_as_seen_and_saved(demo_server, new_page):
    """Phones keep the page left in their back/forward cache, where no storage event reaches it: Back from a
    poster page shows the gallery as it was left unless it reads the lists again."""
    page, watch = new_page(PHONE, bfcache=True)
    page.add_init_script(RECORD_PAGESHOWS)
    page.goto(demo_server.url)
    page.locator(f'.pg-card[data-slug="{KAIGO}"] a.pg-card__link').click()
    page.wait_for_url(f"**/poster/{KAIGO}/")
    page.locator("button[data-pg-save]").click()
    back_to_the_kept_page(page)
    assert page.locator(".pg-card__seen").count() == 1
    assert page.locator(f'.pg-card[data-slug="{KAIGO}"] .pg-card__seen').inner_text().strip() == "Sudah dilihat"
    assert save_button(page, KAIGO).get_attribute("aria-pressed") == "true"
    assert page.locator(".pg-mylist-nav").inner_text() == "Daftar saya (1)"
    assert watch.problems() == []


def test_a_poster_saved_in_one_tab_shows_as_saved_in_another(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    other = page.context.new_page()
    other.goto(demo_server.url + f"poster/{KAIGO}/")
    other.locator("button[data-pg-save]").click()
    page.wait_for_function(
        "slug => document.querySelector(`.pg-card[data-slug='${slug}'] .pg-save`).ariaPressed === 'true'", arg=KAIGO
    )
    assert page.locator(".pg-mylist-nav").inner_text() == "Daftar saya (1)"
    assert watch.problems() == []


def test_without_javascript_no_button_is_shown(demo_server, new_page):
    page, watch = new_page(PHONE, java_script_enabled=False)
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    assert page.locator("button[data-pg-save]").count() == 1
    assert not page.locator("button[data-pg-save]").is_visible()
    assert not page.locator(".pg-mylist-nav").is_visible()
    page.goto(demo_server.url)
    assert page.locator(".pg-save").count() == 0
    assert not page.locator(".pg-mylist-nav").is_visible()
    page.goto(demo_server.url + "list/")
    assert page.locator(".pg-mylist__nojs").inner_text() == (
        "Daftar saya memerlukan JavaScript, yang dimatikan di peramban ini."
    )
    assert watch.problems() == []


def test_a_browser_that_keeps_nothing_still_saves_for_the_page_and_says_so(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }})"
    )
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    note = page.locator("[data-pg-mylist-unkept]")
    assert note.inner_text() == UNKEPT and note.is_visible()
    button = page.locator("button[data-pg-save]")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(".pg-mylist-nav").inner_text() == "Daftar saya (1)"
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert watch.problems() == []


def test_a_full_storage_is_said_when_a_poster_is_saved(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }"
    )
    page.goto(demo_server.url)
    note = page.locator("[data-pg-mylist-unkept]")
    save_button(page, WEB).click()
    assert save_button(page, WEB).get_attribute("aria-pressed") == "true"
    assert note.inner_text() == UNKEPT
    assert watch.problems() == []


def saved_three(page, server):
    page.goto(server.url)
    for slug in (WEB, KAIGO, BARISTA):
        save_button(page, slug).click()
    page.goto(server.url + "list/")
    page.wait_for_selector("[data-pg-qr]:not([hidden])")


def test_the_list_page_shows_the_saved_posters_and_carries_them_by_link_and_qr_code(demo_server, new_page, browser):
    page, watch = new_page(PHONE, device_scale_factor=2)
    saved_three(page, demo_server)
    assert page.locator("h1").inner_text() == "Daftar saya"
    assert page.locator("[data-pg-list-status]").inner_text() == "3 poster di daftar saya."
    # In the order of the demo's boards: A3, A5, B4.
    assert list_slugs(page) == [BARISTA, WEB, KAIGO]
    cards = page.locator("[data-pg-own-grid] > .pg-card")
    assert cards.locator(".pg-card__title").all_inner_texts() == [TITLES[BARISTA], TITLES[WEB], TITLES[KAIGO]]
    assert cards.first.locator("a").get_attribute("href") == demo_server.url + f"poster/{BARISTA}/"
    cards.locator("img").first.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('[data-pg-own-grid] img')].every(i => i.complete)")
    assert (
        page.evaluate("[...document.querySelectorAll('[data-pg-own-grid] img')].filter(i => !i.naturalWidth).length")
        == 0
    )
    url = demo_server.url + f"list/?p={BARISTA},{WEB},{KAIGO}"
    link = page.locator("[data-pg-share-link]")
    assert link.inner_text() == url and link.get_attribute("href") == url
    code = page.locator("[data-pg-qr]")
    assert code.get_attribute("role") == "img"
    assert code.get_attribute("aria-label") == f"Kode QR menuju {url}"
    code.scroll_into_view_if_needed()
    assert [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())), formats=QR_ONLY)] == [url]
    # Taking a poster out here keeps its card (to put it back) and shortens the link and the code at once.
    save_button(page, BARISTA).click()
    assert list_slugs(page) == [BARISTA, WEB, KAIGO]
    shorter = demo_server.url + f"list/?p={WEB},{KAIGO}"
    page.wait_for_function(
        "url => document.querySelector('[data-pg-qr]').getAttribute('aria-label').endsWith(url)", arg=shorter
    )
    assert link.inner_text() == shorter
    assert [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())), formats=QR_ONLY)] == [
        shorter
    ]
    assert page.locator("[data-pg-list-status]").inner_text() == "2 poster di daftar saya."
    assert watch.problems() == [] and watch.external == []


def test_a_shared_link_opened_in_another_browser_shows_the_list_and_merges_it(demo_server, new_page):
    page, watch = new_page(PHONE)
    # This browser has a list of its own already.
    page.goto(demo_server.url)
    save_button(page, WEB).click()
    page.goto(demo_server.url + f"list/?p={KAIGO},no-such-poster,{BARISTA},BAD!,{WEB}")
    shared = page.locator("[data-pg-shared]")
    shared.wait_for(state="visible")
    assert shared.locator("h2").first.inner_text() == "Daftar yang dibagikan kepada Anda"
    assert shared.locator("[data-pg-shared-count]").inner_text() == "Tautan ini memuat 3 poster."
    assert shared.locator("[data-pg-shared-unknown]").inner_text() == (
        "2 poster dalam tautan tidak ada di galeri ini dan dilewati."
    )
    assert list_slugs(page, "[data-pg-shared-grid]") == [BARISTA, WEB, KAIGO]  # in board order
    assert list_slugs(page) == [WEB]
    merge = page.get_by_role("button", name="Simpan poster-poster ini ke daftar saya")
    merge.click()
    assert page.locator("[data-pg-merge-status]").inner_text() == "2 poster ditambahkan ke daftar saya."
    assert stored(page) == [WEB, KAIGO, BARISTA]
    assert list_slugs(page) == [BARISTA, WEB, KAIGO]
    assert page.locator("[data-pg-list-status]").inner_text() == "3 poster di daftar saya."
    merge.click()
    assert page.locator("[data-pg-merge-status]").inner_text() == "0 poster ditambahkan ke daftar saya."
    page.goto(demo_server.url)
    assert save_button(page, BARISTA).get_attribute("aria-pressed") == "true"
    assert watch.problems() == []


def test_a_shared_link_with_nothing_of_this_gallery_offers_nothing_to_save(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url + "list/?p=poster-yang-sudah-dihapus,salah-ketik")
    shared = page.locator("[data-pg-shared]")
    shared.wait_for(state="visible")
    assert shared.locator("[data-pg-shared-count]").inner_text() == "Tautan ini memuat 0 poster."
    assert shared.locator("[data-pg-shared-unknown]").inner_text() == (
        "2 poster dalam tautan tidak ada di galeri ini dan dilewati."
    )
    expect(page.locator("[data-pg-merge]")).to_be_hidden()
    assert watch.problems() == []


def test_a_link_made_by_hand_past_sixty_posters_says_only_the_first_sixty_are_shown(demo_server, new_page):
    """The site's own links carry at most 60 posters; the ones after those are not blamed on the gallery."""
    page, watch = new_page(PHONE)
    slugs = [KAIGO, *(f"poster-lain-{n}" for n in range(59)), WEB, BARISTA]
    page.goto(demo_server.url + "list/?p=" + ",".join(slugs))
    unknown = page.locator("[data-pg-shared-unknown]")
    unknown.wait_for(state="visible")
    assert page.locator("[data-pg-shared-count]").inner_text() == "Tautan ini memuat 1 poster."
    assert unknown.inner_text() == (
        "59 poster dalam tautan tidak ada di galeri ini dan dilewati. "
        "Tautan ini memuat lebih dari 60 poster: yang ditampilkan hanya 60 yang pertama."
    )
    assert list_slugs(page, "[data-pg-shared-grid]") == [KAIGO]
    assert watch.problems() == []


def test_a_saved_poster_taken_out_of_the_gallery_is_said_and_removed_when_the_visitor_asks(demo_server, new_page):
    """It is not dropped on its own: for a few minutes after a deploy a poster saved from a newer page is not yet
    in the phone's saved poster list, and would be lost."""
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    page.evaluate(
        "list => localStorage.setItem('pg-mylist:/poster-gallery/:saved', JSON.stringify(list))",
        ["poster-yang-sudah-dihapus", WEB],
    )
    page.reload()
    assert page.locator(".pg-mylist-nav").inner_text() == "Daftar saya (2)"
    page.goto(demo_server.url + "list/")
    missing = page.locator("[data-pg-missing]")
    missing.wait_for(state="visible")
    assert missing.inner_text() == "1 poster yang disimpan sudah tidak ada di galeri. Hapus dari daftar saya"
    assert page.locator("[data-pg-list-status]").inner_text() == "1 poster di daftar saya."
    assert list_slugs(page) == [WEB]
    assert stored(page) == ["poster-yang-sudah-dihapus", WEB]  # nothing taken out yet
    page.get_by_role("button", name="Hapus dari daftar saya").click()
    assert stored(page) == [WEB]
    assert missing.inner_text() == "1 poster dihapus dari daftar saya."
    assert missing.evaluate("p => document.activeElement === p")  # where the button was
    assert list_slugs(page) == [WEB]
    page.reload()
    page.locator("[data-pg-own-grid] > .pg-card").first.wait_for()
    expect(missing).to_be_hidden()
    page.goto(demo_server.url)
    assert page.locator(".pg-mylist-nav").inner_text() == "Daftar saya (1)"
    assert watch.problems() == []


def test_the_list_follows_the_boards_when_the_posters_have_them(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    boards = {WEB: "B12", KAIGO: "A3", BARISTA: "B2"}

    def with_boards(route):
        data = json.loads(route.fetch().text())
        for poster in data["posters"]:
            if poster["slug"] in boards:
                poster["board"] = boards[poster["slug"]]
            else:
                poster.pop("board", None)  # as in a gallery where only some posters have a board
        route.fulfill(json=data)

    page.route("**/poster/posters.json", with_boards)
    page.goto(demo_server.url + f"list/?p={WEB},{BARISTA},{KAIGO},hidroponik-nft-pekarangan")
    page.locator("[data-pg-shared-grid] > .pg-card").first.wait_for()
    assert list_slugs(page, "[data-pg-shared-grid]") == [KAIGO, BARISTA, WEB, "hidroponik-nft-pekarangan"]
    assert watch.problems() == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_my_list_is_accessible(demo_server, new_page, size):
    """With saved posters, a seen one and a shared list: the list page, the gallery and a poster page."""
    page, watch = new_page(PHONE, **TOUCH) if size == "phone" else new_page(DESKTOP)
    saved_three(page, demo_server)
    page.goto(demo_server.url + f"poster/{KAIGO}/")
    for path in (f"list/?p={KAIGO},{WEB},gone", "", f"poster/{KAIGO}/"):
        page.goto(demo_server.url + path)
        if path.startswith("list/"):
            page.wait_for_selector("[data-pg-qr]:not([hidden])")
        page.wait_for_load_state("networkidle")
        if path == "":  # axe sees the seen mark and the pressed buttons too
            assert page.locator(".pg-card__seen").count() == 1
            assert page.locator(".pg-card button.pg-save[aria-pressed=true]").count() == 3
        violations = Axe().run(page, options=WCAG).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == [], path
        assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert watch.problems() == [] and watch.external == []


def test_phone_screenshot_of_my_list(demo_server, new_page):
    """The README's picture of My list on a phone (test-artifacts/screenshots/mylist-phone.png): the top of
    the page, with the saved posters, one of them seen."""
    page, watch = new_page(PHONE, device_scale_factor=1.5)
    page.goto(demo_server.url)
    for slug in (WEB, KAIGO, BARISTA, "hidroponik-nft-pekarangan"):
        save_button(page, slug).click()
    page.goto(demo_server.url + f"poster/{BARISTA}/")
    page.goto(demo_server.url + "list/")
    page.wait_for_selector("[data-pg-qr]:not([hidden])")
    page.wait_for_function("() => [...document.querySelectorAll('[data-pg-own-grid] img')].every(i => i.complete)")
    target = ARTIFACTS / "screenshots" / "mylist-phone.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert Image.open(target).size == (585, 1266)
    assert watch.problems() == []

"""What a visitor does on a phone or a laptop: filter, search, zoom, share, move between posters.

All against the demo site built with `mkdocs build --strict`, served like GitHub Pages under
/poster-gallery/, in Debian's Chromium.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browserkit import DESKTOP, PHONE, TOUCH, screenshot, until_holds, until_routed

# What these pages do online: the site's worker, saving the site for offline, has tests of its own.
pytestmark = pytest.mark.without_site_worker

ROLE_COUNTS = {"instructor": 4, "trainee": 3, "alumni": 4}
KAIGO = "poster/kaigo-bahasa-jepang-perawat-lansia/"


def visible_slugs(page):
    return page.locator(".pg-card").evaluate_all("els => els.filter(e => e.checkVisibility()).map(e => e.dataset.slug)")


def query(page):
    return page.evaluate("location.search")


def back_to_another_document(page, steps: int = 1) -> None:
    """``history.go(-steps)`` by the page's own script, as a phone's back gesture, to an entry of another document.
    Run just after the call returns: a page loading from the browser's cache can replace the document before
    Playwright hears the call's answer ("Execution context was destroyed")."""
    page.evaluate("(steps) => setTimeout(() => history.go(-steps))", steps)


def test_role_filter_narrows_the_grid_and_lives_in_the_url(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    page.click(".pg-filters__toggle")
    page.select_option("#pg-role", "alumni")
    assert len(visible_slugs(page)) == ROLE_COUNTS["alumni"]
    assert query(page) == "?role=alumni"
    roles = page.locator(".pg-card").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.role)"
    )
    assert set(roles) == {"alumni"}
    assert page.locator(".pg-filters__status").inner_text() == "Menampilkan 4 dari 11 poster"
    page.select_option("#pg-center", "bpvp-padang")
    assert visible_slugs(page) == ["busana-muslim-usaha-rumahan"]
    assert query(page) == "?role=alumni&center=bpvp-padang"
    assert watch.problems() == []


def test_tag_and_text_filters_combine(demo_server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(demo_server.url)
    page.select_option("#pg-tag", "kewirausahaan")
    assert sorted(visible_slugs(page)) == [
        "barista-kopi-gayo-kedai-sendiri",
        "busana-muslim-usaha-rumahan",
        "hidroponik-nft-pekarangan",
    ]
    page.fill("#pg-q", "kopi")
    assert visible_slugs(page) == ["barista-kopi-gayo-kedai-sendiri"]
    assert query(page) == "?q=kopi&tag=kewirausahaan"


@pytest.mark.parametrize(
    "words, expected",
    [
        ("LAS smaw", ["las-smaw-dari-nol-ke-sertifikasi"]),  # title, any case
        ("hendra", ["k3-bengkel-otomotif"]),  # author
        ("kendari", ["papan-simulasi-instalasi-listrik"]),  # centre
        ("refrigerasi", ["perawatan-ac-split-hemat-energi"]),  # programme
        ("bekerja jepang", ["kaigo-bahasa-jepang-perawat-lansia"]),  # summary, words in any order
        # A topic the site offers in its list and on every poster page, and the board number printed in the hall:
        # the search said "no poster matches".
        ("metode pelatihan", ["k3-bengkel-otomotif", "papan-simulasi-instalasi-listrik"]),
        ("A3", ["barista-kopi-gayo-kedai-sendiri"]),
    ],
)
def test_text_filter_searches_title_authors_centre_programme_summary_topics_and_board(
    demo_server, new_page, words, expected
):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    page.fill("#pg-q", words)
    page.wait_for_function(
        "n => [...document.querySelectorAll('.pg-card')].filter(e => e.checkVisibility()).length === n",
        arg=len(expected),
    )
    assert visible_slugs(page) == expected
    assert watch.problems() == []


def test_a_failed_download_of_the_summaries_is_tried_again_with_the_next_words_typed(demo_server, new_page):
    """Words found only in a summary need the poster list: on venue Wi-Fi its download can fail. The next
    words typed try again (before, the search found nothing of any summary for the rest of the visit), and
    "no poster matches" waits while it is on its way."""
    page, watch = new_page(PHONE)
    failed: list = []
    held: list = []

    def first_fails(route):
        if route.request.url in failed:
            held.append(route)
        else:
            failed.append(route.request.url)
            route.abort("timedout")

    page.route("**/poster/posters.json", first_fails)
    page.route("**/poster/texts.json", first_fails)
    page.goto(demo_server.url)
    page.fill("#pg-q", "bekerja")  # only in the summary of the Kaigo poster
    no_match = page.locator(".pg-nomatch")
    no_match.wait_for(state="visible")  # both downloads failed: only the cards' own words were searched
    assert sorted(u.rsplit("/", 1)[1] for u in failed) == ["posters.json", "texts.json"]
    page.fill("#pg-q", "bekerja jep")
    until_holds(page, lambda: len(held) == 2, "both asked for again")
    assert sorted(r.request.url.rsplit("/", 1)[1] for r in held) == ["posters.json", "texts.json"]
    assert no_match.is_hidden()  # on their way: not said yet
    assert page.locator(".pg-filters__status").inner_text() == "Menampilkan 0 dari 11 poster"
    for route in held:
        route.continue_()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pg-card')].filter(e => e.checkVisibility()).length === 1"
    )
    assert visible_slugs(page) == ["kaigo-bahasa-jepang-perawat-lansia"]
    assert no_match.is_hidden()
    # The two downloads made to fail, and nothing else.
    assert watch.console_errors == ["Failed to load resource: net::ERR_TIMED_OUT"] * 2
    assert sorted(watch.failed) == sorted(f"{u} net::ERR_TIMED_OUT" for u in failed)
    assert watch.page_errors == []


def test_the_words_of_a_shared_search_survive_a_reload_when_the_gallery_script_failed(demo_server, new_page):
    """The page's head takes ?q= out of the address before Material starts, for gallery.js to put back: where
    gallery.js failed to download, a reload once the Wi-Fi is back lost the words."""
    page, watch = new_page(PHONE)
    page.route("**/assets/gallery/gallery.js", lambda route: route.abort("timedout"))
    page.goto(demo_server.url + "?role=alumni&q=kopi")
    assert query(page) == "?role=alumni"  # Material's search must not see q
    page.unroute("**/assets/gallery/gallery.js")
    page.reload()
    page.wait_for_selector(".pg-grid[data-gallery-grid]")
    assert page.input_value("#pg-q") == "kopi"
    assert visible_slugs(page) == ["barista-kopi-gayo-kedai-sendiri"]
    page.wait_for_function("location.search === '?q=kopi&role=alumni'")
    # Once the box is emptied, a reload brings nothing back.
    page.fill("#pg-q", "")
    page.wait_for_function("location.search === '?role=alumni'")
    page.reload()
    page.wait_for_selector(".pg-grid[data-gallery-grid]")
    assert page.input_value("#pg-q") == ""
    assert len(visible_slugs(page)) == 4
    assert watch.page_errors == []


def test_words_typed_before_the_script_has_run_are_kept_and_filter_at_once(demo_server, new_page):
    """On slow Wi-Fi the filter box shows well before gallery.js has arrived, and a visitor types into it. When
    the script starts, the words stay in the box (the address's filters with them) and filter at once; the
    visitor goes on typing in the same history entry."""
    page, watch = new_page(PHONE)
    held: list = []
    page.route("**/assets/gallery/gallery.js", lambda route: held.append(route))  # arrives when released
    page.goto(demo_server.url + "?role=alumni", wait_until="commit")  # a module script holds back DOMContentLoaded
    page.locator("#pg-q").press_sequentially("kopi ")
    status = page.locator(".pg-filters__status")
    assert status.inner_text() == "Menampilkan semua 11 poster"  # nothing filters yet
    length = page.evaluate("history.length")
    until_routed(page, held)
    held[0].continue_()
    page.wait_for_selector(".pg-grid[data-gallery-grid]")
    assert page.input_value("#pg-q") == "kopi "
    assert visible_slugs(page) == ["barista-kopi-gayo-kedai-sendiri"]
    assert status.inner_text() == "Menampilkan 1 dari 11 poster"
    assert query(page) == "?q=kopi&role=alumni"
    assert page.input_value("#pg-role") == "alumni"
    page.locator("#pg-q").press_sequentially("gayo")
    assert page.input_value("#pg-q") == "kopi gayo"
    assert query(page) == "?q=kopi+gayo&role=alumni"
    assert visible_slugs(page) == ["barista-kopi-gayo-kedai-sendiri"]
    assert page.evaluate("history.length") == length
    assert watch.problems() == []


def test_the_filters_work_before_the_rest_of_the_page_has_arrived(demo_server, new_page):
    """On a crowded network Material's bundle, at the end of the page, takes seconds to arrive. gallery.js comes
    right after the cards and runs as soon as it has arrived: the filters work while the page still loads. The
    words stay out of the address until the bundle has run, or Material would open its own search with them."""
    page, watch = new_page(PHONE)
    held: list = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))  # hangs until released
    page.goto(demo_server.url + "?q=kopi&role=alumni", wait_until="commit")
    page.wait_for_selector(".pg-grid[data-gallery-grid]")
    assert page.evaluate("document.readyState") == "loading" and len(held) == 1
    assert visible_slugs(page) == ["barista-kopi-gayo-kedai-sendiri"]
    assert page.input_value("#pg-q") == "kopi" and query(page) == "?role=alumni"
    page.select_option("#pg-role", "")
    page.locator("#pg-q").fill("web")
    assert visible_slugs(page) == ["web-kasir-umkm-desa"]
    assert page.locator(".pg-filters__status").inner_text() == "Menampilkan 1 dari 11 poster"
    assert query(page) == ""
    held[0].continue_()
    page.unroute("**/assets/javascripts/bundle.*.min.js")
    page.wait_for_load_state("load")
    page.wait_for_function("location.search === '?q=web'")
    assert page.evaluate("window.document$ !== undefined")  # Material has started
    assert not page.locator("#__search").is_checked()  # and has not opened its search dialog
    assert page.input_value(".md-search__input") == ""
    page.reload()
    assert visible_slugs(page) == ["web-kasir-umkm-desa"] and not page.locator("#__search").is_checked()
    assert watch.problems() == []


def test_the_filters_module_is_fetched_beside_gallery_js_and_the_zoom_viewer_only_on_poster_pages(
    demo_server, new_page
):
    """On slow Wi-Fi a module that only gallery.js names arrives long after it, behind the pictures, and the filters
    do nothing meanwhile: the page names filters.js itself, so it is on its way while gallery.js still is. The zoom
    viewer is for poster pages: the gallery never fetches it; a poster page does, and zooms."""
    page, watch = new_page(PHONE)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]))
    held: list = []
    page.route("**/assets/gallery/gallery.js", lambda route: held.append(route))  # arrives when released
    page.goto(demo_server.url, wait_until="commit")
    until_routed(page, held)
    page.wait_for_function(
        "() => performance.getEntriesByName(new URL('assets/gallery/filters.js', location).href).length"
    )
    assert "filters.js" in asked  # while gallery.js has not arrived
    held[0].continue_()
    page.unroute("**/assets/gallery/gallery.js")
    page.wait_for_selector(".pg-grid[data-gallery-grid]")
    page.wait_for_load_state("load")
    assert "zoom.js" not in asked
    page.goto(demo_server.url + KAIGO)
    page.click("a.pg-zoom")
    expect(page.locator(".pswp")).to_be_visible()
    assert "zoom.js" in asked
    assert watch.problems() == []


def test_no_match_says_so(demo_server, new_page):
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + "?q=zzzz")
    # Said once the summaries and poster texts the words are also looked for in have come in.
    page.locator(".pg-nomatch").wait_for(state="visible")
    assert visible_slugs(page) == []
    assert page.locator(".pg-filters__status").inner_text() == "Menampilkan 0 dari 11 poster"


def test_sorting_by_newest_and_by_centre(demo_server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(demo_server.url + "?sort=newest")
    dates = page.locator(".pg-card").evaluate_all("els => els.map(e => e.dataset.date)")
    assert dates == sorted(dates, reverse=True)
    page.select_option("#pg-sort", "center")
    centers = page.locator(".pg-card__center").all_inner_texts()
    assert centers == sorted(centers, key=str.casefold)
    assert query(page) == "?sort=center"


def test_the_count_reads_right_for_a_gallery_of_one_poster(one_poster_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(one_poster_server.url)
    status = page.locator(".pg-filters__status")
    assert status.inner_text() == "Showing 1 poster"
    page.fill("#pg-q", "kopi")
    assert status.inner_text() == "Showing 0 of 1 poster"
    page.fill("#pg-q", "las")
    assert status.inner_text() == "Showing 1 poster"
    assert watch.problems() == []


def test_reload_and_back_button_restore_the_filter(demo_server, new_page):
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + "?role=trainee&q=web")
    assert query(page) == "?q=web&role=trainee"  # put back in the gallery's order
    assert visible_slugs(page) == ["web-kasir-umkm-desa"]
    assert page.input_value("#pg-q") == "web" and page.input_value("#pg-role") == "trainee"
    assert page.locator(".pg-filters").evaluate("f => f.classList.contains('is-open')")
    page.reload()
    assert visible_slugs(page) == ["web-kasir-umkm-desa"]
    page.select_option("#pg-role", "")
    page.fill("#pg-q", "")
    assert len(visible_slugs(page)) == 11
    page.go_back()  # each change is one step back
    page.wait_for_function("location.search === '?q=web'")
    assert visible_slugs(page) == ["web-kasir-umkm-desa"] and page.input_value("#pg-role") == ""
    page.go_back()
    page.wait_for_function("location.search === '?q=web&role=trainee'")
    assert visible_slugs(page) == ["web-kasir-umkm-desa"] and page.input_value("#pg-q") == "web"
    clear = page.locator(".pg-filters button[type=reset]")
    clear.click()
    assert len(visible_slugs(page)) == 11 and query(page) == ""
    # Nothing left to clear: the button is gone (on a phone it took a line of its own), focus is in the search box.
    assert clear.is_hidden() and page.evaluate("document.activeElement.id") == "pg-q"
    page.select_option("#pg-sort", "newest")
    assert clear.is_visible()


CARD_ORDER = "[...document.querySelectorAll('.pg-grid > .pg-card[data-hit]')].map(c => c.dataset.slug)"


def test_words_typed_after_back_are_a_new_search_and_back_again_leads_to_the_whole_gallery(demo_server, new_page):
    """A phone's first Back only closes the keyboard: the box keeps its focus. The words typed then replaced the
    entry gone back to (the whole gallery), so the next Back left the gallery."""
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + "guide/")
    page.goto(demo_server.url)
    page.click("#pg-q")
    page.keyboard.type("kopi")
    page.wait_for_function("location.search === '?q=kopi'")
    page.go_back()
    page.wait_for_function("location.search === '' && document.querySelector('#pg-q').value === ''")
    assert page.evaluate("document.activeElement.id") == "pg-q"
    page.keyboard.type("las")
    page.wait_for_function("location.search === '?q=las'")
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert page.url == demo_server.url and len(visible_slugs(page)) == 11


def test_two_quick_changes_of_the_sort_leave_the_cards_in_the_order_chosen_last(demo_server, new_page):
    """Arrow keys on the sort box, or two quick Backs: the cards moved for the first change stayed in its order."""
    page, _ = new_page(PHONE)
    page.goto(demo_server.url)
    by_title = page.evaluate(CARD_ORDER)
    page.evaluate("""() => { const sort = document.querySelector('#pg-sort');
        for (const value of ['newest', 'title']) {
            sort.value = value;
            sort.dispatchEvent(new Event('change', {bubbles: true}));
        } }""")
    page.evaluate("new Promise(done => setTimeout(done, 200))")  # the hidden cards' batches are 16 ms apart
    assert page.input_value("#pg-sort") == "title" and query(page) == ""
    assert page.evaluate(CARD_ORDER) == by_title


def test_boxes_show_the_filters_of_the_address_gone_back_to_when_the_page_loads_again(demo_server, new_page):
    """A phone that had dropped the page from memory loads it again on Back, and put the choices it had kept back
    in the boxes after the script had applied the address: the grid was in one order, the box said another."""
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + "?sort=newest")
    newest = page.evaluate(CARD_ORDER)
    page.select_option("#pg-sort", "center")
    page.wait_for_function("location.search === '?sort=center'")
    page.locator(".pg-card[data-hit] .pg-card__link").first.click()
    page.wait_for_url("**/poster/*/")
    back_to_another_document(page, 2)
    page.wait_for_function("location.search === '?sort=newest'")
    page.wait_for_load_state("load")
    assert page.evaluate(CARD_ORDER) == newest
    assert page.input_value("#pg-sort") == "newest"


def test_the_clear_button_shows_only_when_something_is_filtered(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url)
    clear = page.locator(".pg-filters button[type=reset]")
    expect(page.locator(".pg-filters__status")).to_have_text("Menampilkan semua 11 poster")
    assert clear.is_hidden()
    page.fill("#pg-q", "kopi")
    assert clear.is_visible()
    page.fill("#pg-q", "")
    assert clear.is_hidden()
    page.goto(demo_server.url + "?center=bbpvp-serang")
    assert clear.is_visible()
    assert watch.problems() == []


def test_clearing_the_filters_on_a_touch_screen_keeps_the_keyboard_closed(demo_server, new_page):
    """Focus went to the search box, which on a phone opens the keyboard over half the posters just brought back:
    it goes to the sentence that counts them (the search box keeps it with a mouse: the test above)."""
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url + "?center=bbpvp-serang")
    page.locator(".pg-filters button[type=reset]").tap()
    assert len(visible_slugs(page)) == 11 and query(page) == ""
    focused = "[document.activeElement.className, document.activeElement.textContent]"
    assert page.evaluate(focused) == ["pg-filters__status", "Menampilkan semua 11 poster"]
    assert watch.problems() == []


def roles_shown(page):
    return sorted(
        page.locator(".pg-card").evaluate_all("els => els.filter(e => e.checkVisibility()).map(e => e.dataset.role)")
    )


def test_several_roles_in_the_address_show_both_in_the_grid_and_the_form(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url + "?role=trainee,alumni")
    assert roles_shown(page) == ["alumni"] * 4 + ["trainee"] * 3
    assert query(page) == "?role=trainee,alumni"
    assert page.locator(".pg-filters__status").inner_text() == "Menampilkan 7 dari 11 poster"
    # The form is open and its role field names both roles, as one more choice of the list.
    assert page.locator(".pg-filters").evaluate("f => f.classList.contains('is-open')")
    assert page.input_value("#pg-role") == "trainee,alumni"
    assert page.locator("#pg-role option:checked").inner_text() == "Peserta Pelatihan (3), Alumni (4)"
    assert page.locator("#pg-role option").all_inner_texts() == [
        "Semua peran",
        "Instruktur (4)",
        "Peserta Pelatihan (3)",
        "Alumni (4)",
        "Peserta Pelatihan (3), Alumni (4)",
    ]
    # The other filters narrow both roles; a choice of one role replaces the two, and back brings them again.
    page.select_option("#pg-center", "bpvp-semarang")
    assert visible_slugs(page) == ["web-kasir-umkm-desa"]
    assert query(page) == "?role=trainee,alumni&center=bpvp-semarang"
    page.select_option("#pg-role", "alumni")
    assert visible_slugs(page) == [] and query(page) == "?role=alumni&center=bpvp-semarang"
    page.go_back()
    page.wait_for_function("location.search === '?role=trainee,alumni&center=bpvp-semarang'")
    assert visible_slugs(page) == ["web-kasir-umkm-desa"] and page.input_value("#pg-role") == "trainee,alumni"
    page.select_option("#pg-center", "")
    page.select_option("#pg-role", "trainee,alumni")  # the visitor can choose the two roles again
    assert roles_shown(page) == ["alumni"] * 4 + ["trainee"] * 3 and query(page) == "?role=trainee,alumni"
    assert watch.problems() == []


@pytest.mark.parametrize(
    "address, written, roles",
    [
        ("?role=alumni&role=trainee", "?role=alumni,trainee", ["alumni"] * 4 + ["trainee"] * 3),  # repeated
        ("?role=trainee%2Calumni", "?role=trainee,alumni", ["alumni"] * 4 + ["trainee"] * 3),  # an encoded comma
        ("?role=Trainee,%20nobody", "?role=trainee", ["trainee"] * 3),  # a role the gallery does not know is left out
        (
            "?role=instructor,trainee,alumni&tag=kewirausahaan,k3",
            "?role=instructor,trainee,alumni&tag=kewirausahaan,k3",
            ["alumni", "alumni", "instructor", "trainee"],
        ),
    ],
)
def test_role_lists_are_read_as_the_kiosk_and_the_labels_read_them(demo_server, new_page, address, written, roles):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + address)
    assert roles_shown(page) == roles
    assert query(page) == written
    page.reload()  # the address written reads back the same
    assert roles_shown(page) == roles and query(page) == written
    assert watch.problems() == []


def test_unknown_filter_values_in_the_url_are_ignored(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url + "?role=%3Cscript%3E&center=nowhere&sort=random")
    assert len(visible_slugs(page)) == 11
    assert query(page) == ""  # the address says what the form shows
    assert watch.problems() == []


def test_without_javascript_the_full_grid_shows_and_links_work(demo_server, new_page):
    page, watch = new_page(PHONE, java_script_enabled=False)
    page.goto(demo_server.url + "?role=alumni")
    assert page.locator(".pg-card").count() == 11
    assert page.locator(".pg-card:visible").count() == 11
    assert not page.locator(".pg-filters").is_visible()
    page.click("a[href='role/alumni/']")
    page.wait_for_url("**/role/alumni/")
    page.wait_for_load_state()  # count() does not wait: the listing is read once it has loaded
    assert page.locator(".pg-card").count() == 4
    page.locator(".pg-card__link").first.click()
    page.wait_for_url("**/poster/*/")
    assert page.locator("h1").first.inner_text()
    zoom = page.locator("a.pg-zoom")
    width = int(zoom.get_attribute("data-width"))
    page.goto(page.url + zoom.get_attribute("href"))  # the zoom link opens the big image itself
    assert page.evaluate("document.images[0].naturalWidth") == width
    assert watch.problems() == []


def test_previous_and_next_follow_the_filtered_list(demo_server, new_page):
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + "?role=alumni")
    alumni = visible_slugs(page)
    page.locator(f".pg-card[data-slug='{alumni[1]}'] .pg-card__link").click()
    page.wait_for_url(f"**/poster/{alumni[1]}/")
    assert page.locator(".pg-context__position").inner_text() == "Poster 2 dari 4"
    assert page.locator(".pg-context a").inner_text() == "← Kembali ke hasil saringan"
    page.click("[data-nav=next]")
    page.wait_for_url(f"**/poster/{alumni[2]}/")
    page.click("[data-nav=prev]")
    page.wait_for_url(f"**/poster/{alumni[1]}/")
    page.click(".pg-context a")
    page.wait_for_url("**/poster-gallery/?role=alumni")
    assert visible_slugs(page) == alumni


def test_back_to_the_results_straight_from_the_list_returns_to_where_the_visitor_was(demo_server, new_page):
    """A card far down the list tapped, then "back to the results": the list as it was left, scrolled to that
    card, as the phone's back button gives it; before, the link loaded the list again at its top."""
    page, watch = new_page(PHONE)
    page.goto(demo_server.url + "?sort=newest")
    last = page.locator(".pg-card__link").last
    last.scroll_into_view_if_needed()
    assert page.evaluate("scrollY") > 500
    last.click()
    page.wait_for_url("**/poster/*/")
    length = page.evaluate("history.length")
    page.click(".pg-context a")
    page.wait_for_url("**/poster-gallery/?sort=newest")
    page.wait_for_function(  # the card tapped is on the screen
        "() => { const r = [...document.querySelectorAll('.pg-card__link')].pop().getBoundingClientRect();"
        " return scrollY > 500 && r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert page.evaluate("history.length") == length  # back in the history, not a new entry
    assert watch.problems() == []


def test_previous_and_next_without_a_filter_go_through_all_posters(demo_server, new_page):
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + KAIGO)
    prev_title = page.locator("[data-nav=prev] .pg-prevnext__title").inner_text()
    next_title = page.locator("[data-nav=next] .pg-prevnext__title").inner_text()
    assert (prev_title, next_title) == (
        "Hidroponik NFT untuk Pekarangan Rumah",
        "Keselamatan Kerja di Bengkel Sepeda Motor",
    )


# The poster's width in the zoom viewer, as drawn (the viewer keeps a placeholder image beside it).
VIEWER_WIDTH = "document.querySelector('.pswp__img:not(.pswp__img--placeholder)').getBoundingClientRect().width"


def _open_viewer(page):
    page.click("a.pg-zoom")
    page.wait_for_selector(".pswp--open .pswp__img:not(.pswp__img--placeholder)")
    page.wait_for_function(
        "() => { const i = document.querySelector('.pswp__img:not(.pswp__img--placeholder)');"
        " return i && i.complete && i.naturalWidth > 0 }"
    )
    return page.evaluate("() => document.querySelector('.pswp__img:not(.pswp__img--placeholder)').naturalWidth")


def _settled(page):
    """Waits until the viewer's opening or zoom animation is over: no finite CSS transition or animation
    runs (its loading spinner turns forever) and the poster kept its size over two frames (momentum is
    animated from script)."""
    assert page.evaluate(
        """async () => {
        const frame = () => new Promise(done => requestAnimationFrame(done));
        const width = () => """
        + VIEWER_WIDTH
        + """;
        const busy = () => document.getAnimations().some(a => a.effect.getComputedTiming().iterations !== Infinity);
        for (const end = performance.now() + 5000; performance.now() < end;) {
            const before = width();
            await frame(); await frame();
            if (!busy() && width() === before) return true;
        }
        return false;
    }"""
    ), "the zoom viewer was still moving after 5 s"


def _displayed_width(page):
    return page.evaluate(f"() => {VIEWER_WIDTH}")


def test_zoom_with_keyboard_and_mouse_wheel_then_escape_returns_focus(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + KAIGO)
    page.focus("a.pg-zoom")
    natural = _open_viewer(page)
    assert natural >= 2400  # the zoom rendition, not the display one
    fit = _displayed_width(page)
    page.keyboard.press("z")  # full resolution
    page.wait_for_function(f"() => Math.abs({VIEWER_WIDTH} - {natural}) < 2")
    page.keyboard.press("0")
    page.wait_for_function(f"() => Math.abs({VIEWER_WIDTH} - {fit}) < 2")
    page.mouse.move(960, 540)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => {VIEWER_WIDTH} > {fit * 1.2}")
    screenshot(page, "poster-zoomed-desktop")
    page.keyboard.press("Escape")
    page.wait_for_selector(".pswp", state="detached")
    assert page.evaluate("document.activeElement.classList.contains('pg-zoom')")
    assert watch.problems() == [] and watch.external == []


def test_pinch_and_double_tap_zoom_on_a_touch_phone(demo_server, new_page):
    page, watch = new_page(PHONE, **TOUCH, device_scale_factor=3)
    page.goto(demo_server.url + KAIGO)
    page.locator("a.pg-zoom").tap()
    page.wait_for_selector(".pswp--open .pswp__img:not(.pswp__img--placeholder)")
    _settled(page)  # the opening animation
    fit = _displayed_width(page)
    cdp = page.context.new_cdp_session(page)

    def touch(kind, points):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
        )

    touch("touchStart", [(175, 420), (215, 420)])
    for step in range(1, 11):
        touch("touchMove", [(175 - step * 12, 420), (215 + step * 12, 420)])
        page.wait_for_timeout(16)
    touch("touchEnd", [])
    _settled(page)
    pinched = _displayed_width(page)
    assert pinched > fit * 2  # fingers moved 6x further apart: the poster grew
    page.keyboard.press("0")
    page.wait_for_function(f"() => Math.abs({VIEWER_WIDTH} - {fit}) < 2")
    _settled(page)
    # A double tap made by the browser itself, its two taps timed by the browser: taps sent one by one over the
    # DevTools connection can arrive further apart than a double tap on a busy machine, and read as two taps.
    cdp.send("Input.synthesizeTapGesture", {"x": 195, "y": 420, "tapCount": 2, "gestureSourceType": "touch"})
    page.wait_for_function(f"() => {VIEWER_WIDTH} > {fit * 3}", timeout=5000)
    screenshot(page, "poster-zoomed-phone")
    assert watch.problems() == []


def test_share_copies_the_link_when_the_share_sheet_is_missing(demo_server, new_page):
    page, _ = new_page(DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(demo_server.url + KAIGO)
    page.evaluate("() => { delete Navigator.prototype.share; }")
    page.click(".pg-share__button")
    # The page says so once the clipboard has taken the link (an asynchronous call).
    page.wait_for_function("document.querySelector('.pg-share__status').textContent !== ''")
    assert page.locator(".pg-share__status").inner_text() == "Tautan disalin."
    assert page.evaluate("navigator.clipboard.readText()") == demo_server.url + KAIGO


def test_share_uses_the_web_share_api_when_there_is_one(demo_server, new_page):
    page, _ = new_page(PHONE)
    page.goto(demo_server.url + KAIGO)
    page.evaluate(
        "() => { window.__shared = null; navigator.share = d => { window.__shared = d; return Promise.resolve(); }; }"
    )
    page.click(".pg-share__button")
    assert page.evaluate("window.__shared") == {
        "title": "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia",
        "url": demo_server.url + KAIGO,
    }


def test_material_search_finds_posters_by_author_centre_and_summary(demo_server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(demo_server.url + "about/")
    for words, title in [
        ("Hasanah", "Menjahit Busana Muslim"),
        ("Lombok", "Hidroponik NFT"),
        ("galangan kapal", "Dari Nol ke Sertifikasi"),
    ]:
        page.click(".md-search__input")
        page.fill(".md-search__input", "")
        page.locator(".md-search__input").press_sequentially(words)  # Material searches on key events
        # Material answers every key: the first result is read once the answer to the whole words is shown.
        expect(page.locator(".md-search-result__item").first).to_contain_text(title, timeout=15_000)
        page.keyboard.press("Escape")


def test_page_titles_descriptions_and_social_cards(demo_site):
    pages = {
        "index.html": ("Galeri Poster Dialog Nasional Vokasi", "Poster instruktur"),
        "about/index.html": ("Tentang Acara - Galeri Poster Dialog Nasional Vokasi", "Dialog Nasional"),
        "role/alumni/index.html": ("Poster Alumni - Galeri Poster Dialog Nasional Vokasi", "4 poster: Alumni."),
        "center/bpvp-padang/index.html": (
            "Poster dari BPVP Padang - Galeri Poster Dialog Nasional Vokasi",
            "1 poster: BPVP Padang.",
        ),
        KAIGO + "index.html": (
            "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia - Galeri Poster Dialog Nasional Vokasi",
            "Pelatihan bahasa Jepang",
        ),
    }
    for path, (title, description) in pages.items():
        html = (demo_site / path).read_text()
        assert f"<title>{title}</title>" in html, path
        match = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert match and match.group(1).startswith(description), path
    html = (demo_site / KAIGO / "index.html").read_text()
    base = "https://example.github.io/poster-gallery/" + KAIGO
    assert f'<meta property="og:url" content="{base}">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith(base + "social.") and image.endswith(".jpg")
    assert (demo_site / KAIGO / image[len(base) :]).is_file()
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:type" content="article">' in html


def test_keyboard_focus_is_always_visible_on_the_gallery(demo_server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(demo_server.url)
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement, s = getComputedStyle(el);
            return {tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 30),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    shadow: s.boxShadow !== 'none'};
        }""")
        seen.append(info)
        assert info["outline"] or info["shadow"], info
    tags = {i["tag"] for i in seen}
    assert {"INPUT", "SELECT", "BUTTON", "A"} <= tags


def test_back_closes_the_zoom_viewer_and_stays_on_the_poster(demo_server, new_page):
    """The phone's back gesture is history.back(): it closes the viewer, and a second one leaves the page."""
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url)
    page.goto(demo_server.url + KAIGO)
    poster = page.url
    length = page.evaluate("history.length")
    page.locator("a.pg-zoom").tap()
    page.wait_for_selector(".pswp--open")
    assert page.url == poster + "#zoom"
    assert page.evaluate("history.length") == length + 1
    page.evaluate("history.back()")
    page.wait_for_selector(".pswp", state="detached")
    assert page.url == poster
    assert page.locator("article.pg-poster").is_visible()
    # Closed with its button, the viewer takes its entry off again: back then leaves the page.
    page.locator("a.pg-zoom").tap()
    page.wait_for_selector(".pswp--open .pswp__img:not(.pswp__img--placeholder)")
    _settled(page)  # the viewer's own button does nothing while it is still opening
    page.locator(".pswp__button--close").tap()
    page.wait_for_selector(".pswp", state="detached")
    page.wait_for_function(f"location.href === {poster!r}")
    back_to_another_document(page)
    page.wait_for_url(demo_server.url)
    assert watch.problems() == []


def test_a_reload_while_zoomed_adds_no_history_entry(demo_server, new_page):
    """A reload (or a tab the phone discarded, loaded again) keeps the viewer's own entry: back closes the
    viewer, and the next back leaves the page, as before the reload."""
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url)
    page.goto(demo_server.url + KAIGO)
    length = page.evaluate("history.length")
    page.locator("a.pg-zoom").tap()
    page.wait_for_selector(".pswp--open")
    page.reload()
    page.wait_for_selector(".pswp--open")
    assert page.evaluate("history.length") == length + 1
    page.evaluate("history.back()")
    page.wait_for_selector(".pswp", state="detached")
    assert page.url == demo_server.url + KAIGO
    back_to_another_document(page)
    page.wait_for_url(demo_server.url)
    assert watch.problems() == []


@pytest.mark.parametrize("part", ["photoswipe.esm.min.js", "photoswipe.css"])
def test_a_viewer_that_cannot_be_downloaded_leaves_the_poster_s_image_to_the_plain_link(demo_server, new_page, part):
    """On a first visit over failing Wi-Fi, a tap on the poster did nothing (the address gained #zoom); the
    image now opens as the link would, and back returns to the poster page. Without its stylesheet the viewer lay
    in the page's flow, a second poster and bare buttons under the first, for good."""
    page, watch = new_page(PHONE, **TOUCH)
    page.route(f"**/{part}", lambda route: route.abort("timedout"))
    page.goto(demo_server.url)
    page.goto(demo_server.url + KAIGO)
    image = page.locator("a.pg-zoom").evaluate("a => a.href")
    length = page.evaluate("history.length")
    page.locator("a.pg-zoom").tap()
    page.wait_for_url(image)
    assert page.evaluate("history.length") == length + 1  # the image took the viewer's entry
    page.go_back()
    assert page.url == demo_server.url + KAIGO
    assert page.locator("article.pg-poster").is_visible()
    # The download made to fail, and nothing else (no error left unhandled in the page).
    assert watch.failed == [demo_server.url + f"assets/gallery/vendor/photoswipe/{part} net::ERR_TIMED_OUT"]
    assert watch.console_errors == ["Failed to load resource: net::ERR_TIMED_OUT"]
    assert watch.page_errors == []


def test_the_viewer_opens_once_its_stylesheet_has_arrived(demo_server, new_page):
    """The viewer waited for its script alone: on a slow connection it opened before its stylesheet arrived, laid
    out in the page's flow until then."""
    page, _ = new_page(PHONE, **TOUCH)
    held = []
    page.route("**/photoswipe.css", lambda route: held.append(route))
    page.goto(demo_server.url + KAIGO)
    page.locator("a.pg-zoom").tap()
    until_routed(page, held)
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.endsWith('.esm.min.js'))")
    page.evaluate("new Promise(done => setTimeout(done, 300))")  # the script is in; the viewer would open now
    assert page.locator(".pswp").count() == 0
    held[0].continue_()
    page.wait_for_selector(".pswp--open")
    assert page.locator(".pswp").evaluate("el => getComputedStyle(el).position") == "fixed"


ACTIVE = "document.activeElement.tagName + '.' + (document.activeElement.classList[0] || '')"  # e.g. A.pg-zoom


def test_an_address_ending_in_zoom_opens_the_viewer_over_the_poster_page(demo_server, new_page):
    """Opened without a tap (a #zoom link, the forward button), the viewer has no element to hand focus back to:
    closing it, by back or by its button, puts focus on the poster's zoom link all the same."""
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url + KAIGO + "#zoom")
    page.wait_for_selector(".pswp--open .pswp__img:not(.pswp__img--placeholder)")
    assert page.evaluate("history.state && history.state.pgZoom") is True
    # The dialog is named after the poster.
    assert page.locator(".pswp[role=dialog]").get_attribute("aria-label") == (
        "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia"
    )
    page.evaluate("history.back()")
    page.wait_for_selector(".pswp", state="detached")
    assert page.url == demo_server.url + KAIGO
    assert page.locator("article.pg-poster").is_visible()
    assert page.evaluate(ACTIVE) == "A.pg-zoom"
    page.evaluate("document.activeElement.blur()")
    page.evaluate("history.forward()")  # opens the viewer again
    page.wait_for_selector(".pswp--open .pswp__img:not(.pswp__img--placeholder)")
    _settled(page)  # the viewer's own button does nothing while it is still opening
    page.locator(".pswp__button--close").tap()
    page.wait_for_selector(".pswp", state="detached")
    page.wait_for_function(f"location.href === {demo_server.url + KAIGO!r}")
    assert page.evaluate(ACTIVE) == "A.pg-zoom"
    assert watch.problems() == []


def test_long_words_of_a_card_title_are_not_broken_on_the_narrowest_phone(demo_server, new_page):
    """At 320 px, two cards across: "Produktivitas" broke as "Produktivita / s"."""
    page, watch = new_page({"width": 320, "height": 640}, device_scale_factor=2, **TOUCH)
    page.goto(demo_server.url)
    page.add_style_tag(content=".md-typeset ul.pg-grid > .pg-card { content-visibility: visible !important; }")
    broken = page.evaluate(
        """words => [...document.querySelectorAll('.pg-card__title')].flatMap(title => {
            title.textContent = words;  // the longest words of real titles
            const text = title.firstChild;
            return [...words.matchAll(/\\S+/g)].filter(m => {
                const range = document.createRange();
                range.setStart(text, m.index);
                range.setEnd(text, m.index + m[0].length);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
            }).map(m => m[0]);
        })""",
        "Peningkatan Produktivitas Berkelanjutan Keterampilan Pemberdayaan",
    )
    assert broken == []
    assert watch.problems() == []


def test_the_gallery_page_does_not_shift_as_its_script_starts(demo_server, new_page):
    """The clear button, shown by the page and hidden by the script, moved every card up on each load (Lighthouse:
    CLS 0.014 on the reference corpus)."""
    page, watch = new_page(PHONE, **TOUCH)
    held: list = []
    page.route("**/assets/gallery/gallery.js", lambda route: held.append(route))  # arrives when released
    page.goto(demo_server.url, wait_until="commit")
    until_routed(page, held)
    # The page as a slow connection shows it before the script: painted, cards and all.
    page.wait_for_function("() => document.querySelector('.pg-card__img')")
    page.evaluate("() => new Promise(painted => requestAnimationFrame(() => requestAnimationFrame(painted)))")
    where = (
        "() => [...document.querySelectorAll('.pg-filters__status, .pg-grid')].map(e => e.getBoundingClientRect().top)"
    )
    before = page.evaluate(where)
    held[0].continue_()
    page.wait_for_selector("[data-gallery-grid]", state="attached")
    assert page.evaluate(where) == before
    assert watch.problems() == []

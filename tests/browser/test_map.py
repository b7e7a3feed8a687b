"""The floor plan page (map/) as a visitor at the venue uses it: from a poster's page to its board on the
plan, from a board to its poster, on a phone and from the keyboard; and the gallery sorted by board."""

from __future__ import annotations

import pytest

from browserkit import DESKTOP, PHONE, TOUCH, screenshot

# What these pages do online: the site's worker, saving the site for offline, has tests of its own.
pytestmark = pytest.mark.without_site_worker

K3 = "poster/k3-bengkel-otomotif/"
K3_TITLE = "Keselamatan Kerja di Bengkel Sepeda Motor"
BOARDS = ["A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3", "B4"]


def in_view(page, selector: str) -> bool:
    """Whether the element lies wholly inside the plan's scrolling area and the window."""
    return page.locator(selector).evaluate("""el => {
        const r = el.getBoundingClientRect(), s = el.closest('.pg-map__scroll').getBoundingClientRect();
        return r.left >= s.left && r.right <= s.right && r.top >= s.top && r.bottom <= s.bottom
            && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
    }""")


def test_see_on_the_map_leads_to_the_board_highlighted_and_in_view_on_a_phone(demo_server, new_page):
    page, watch = new_page(PHONE, **TOUCH)
    page.goto(demo_server.url + K3)
    link = page.get_by_role("link", name="Lihat di denah")
    assert page.locator(".pg-meta").inner_text().count("B3") == 1
    link.click()
    page.wait_for_url("**/map/#board-B3")
    mark = page.locator("#board-B3")
    assert mark.evaluate("el => el.matches(':target') && el.classList.contains('pg-map__mark--chosen')")
    # Highlighted by its colour, not by the script alone: the :target rule holds without it.
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 213, 79)"
    assert page.locator("[data-pg-map-chosen]").inner_text() == f"Papan B3: {K3_TITLE}"
    page.wait_for_function("() => { const s = document.querySelector('.pg-map__scroll'); return s.scrollLeft > 0; }")
    page.wait_for_timeout(600)  # the smooth scroll settles
    assert in_view(page, "#board-B3")
    # The sentence naming the board is on the screen, below the page's header (it was under it).
    header, sentence = (page.locator(css).bounding_box() for css in (".md-header", "[data-pg-map-chosen]"))
    assert header["y"] + header["height"] <= sentence["y"] and sentence["y"] + sentence["height"] <= PHONE["height"]
    # The plan is wider than the phone: it scrolls sideways inside its frame, the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.locator(".pg-map__scroll").evaluate("el => el.scrollWidth > el.clientWidth")
    chosen = page.locator(".pg-map__list li.pg-map__list--chosen")
    assert chosen.get_by_role("link").evaluate("a => a.textContent") == f"B3 {K3_TITLE}"
    assert chosen.get_by_role("link", name=f"B3 {K3_TITLE}").count() == 1  # as a screen reader says it
    # The list: each title beside its number, wrapping under itself; only the title is underlined.
    rows = page.locator(".pg-map__list a").evaluate_all("""links => links.map(a => {
        const num = a.querySelector('.pg-map__list-num'), title = a.querySelector('.pg-map__list-title');
        return [getComputedStyle(a).textDecorationLine, getComputedStyle(num).textDecorationLine,
                getComputedStyle(title).textDecorationLine, Math.round(title.getBoundingClientRect().left),
                title.getClientRects().length];
    })""")
    assert {tuple(row[:4]) for row in rows} == {("none", "none", "underline", rows[0][3])}
    assert rows[0][3] >= round(
        page.locator(".pg-map__list-num").first.evaluate("el => el.getBoundingClientRect().right")
    )
    assert max(row[4] for row in rows) == 1  # a title's wrapped lines stay one box, beside the number
    screenshot(page, "map-chosen-phone")
    assert watch.problems() == [] and watch.external == []


def test_every_marker_names_its_board_and_poster_and_opens_it(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "map/")
    marks = page.locator(".pg-map__mark")
    assert marks.evaluate_all("els => els.map(e => e.dataset.board)") == BOARDS
    titles = {}
    for board in BOARDS:
        mark = page.locator(f"#board-{board}")
        assert mark.inner_text() == board and mark.is_visible()
        titles[board] = mark.get_attribute("data-title")
        # Its accessible name (what a screen reader reads, what get_by_role finds) is the board and the title.
        assert page.get_by_role("link", name=f"{board}: {titles[board]}", exact=True).count() == 1
    # The plain list links the same posters, the poster without a board left out.
    listed = page.locator(".pg-map__list a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert listed == marks.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "alat-peraga-mekatronika-barang-bekas" not in page.content()
    for board in ("A1", "B4"):
        page.goto(demo_server.url + "map/")
        page.locator(f"#board-{board}").click()
        assert page.locator("h1").inner_text() == titles[board]
        assert page.locator(".pg-board").inner_text() == board
    # Markers sit where the plan's boards are drawn: B3 at 43.75% across and 62.5% down the drawing.
    page.goto(demo_server.url + "map/")
    centre = page.evaluate("""() => {
        const img = document.querySelector('.pg-map__img').getBoundingClientRect();
        const m = document.querySelector('#board-B3').getBoundingClientRect();
        return [(m.left + m.width / 2 - img.left) / img.width, (m.top + m.height / 2 - img.top) / img.height];
    }""")
    assert abs(centre[0] - 0.4375) < 0.005 and abs(centre[1] - 0.625) < 0.005, centre
    screenshot(page, "map-desktop")
    assert watch.problems() == [] and watch.external == []


def test_the_plan_and_its_boards_work_from_the_keyboard(demo_server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(demo_server.url + "map/")
    page.locator(".pg-counts a").focus()  # "Kembali ke galeri", just before the plan
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('pg-map__scroll')")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Denah lokasi acara"
    for board in BOARDS[:3]:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == f"board-{board}"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url("**/poster/barista-kopi-gayo-kedai-sendiri/")


def test_the_gallery_sorts_by_board_with_the_unboarded_poster_last(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "?sort=board")
    order = page.locator(".pg-card").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.board || '-')"
    )
    assert order == BOARDS + ["-"]
    assert page.locator("#pg-sort").input_value() == "board"
    card = page.locator('.pg-card[data-slug="k3-bengkel-otomotif"] .pg-card__board')
    assert card.text_content() == "Papan B3"  # (innerText is empty for a card below the fold: content-visibility)
    assert watch.problems() == []

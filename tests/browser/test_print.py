"""Printable labels printed to PDF by Chromium: pages counted, every QR code on every page read back.

Also the QR code on the poster page, read back from a screenshot.
"""

from __future__ import annotations

import io
import json
import math

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from browserkit import DESKTOP, PHONE, QR_ONLY, screenshot

# What these pages do online: the site's worker, saving the site for offline, has tests of its own.
pytestmark = pytest.mark.without_site_worker

SITE_URL = "https://example.github.io/poster-gallery/"
A4_POINTS = (595, 842)  # 210 x 297 mm, rounded to whole points as Chromium does


def demo_posters(server) -> list[dict]:
    return json.loads((server.root / "poster/posters.json").read_text("utf-8"))["posters"]


def printed_pages(page) -> list[tuple[tuple[float, float], list[str]]]:
    """Print ``page`` to PDF as Chromium does; (page size in points, QR codes read on it) per page."""
    pdf = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True, print_background=True))
    pages = []
    try:
        for number in range(len(pdf)):
            sheet = pdf[number]
            image = sheet.render(scale=2).to_pil()  # 144 dpi, as a phone camera would see it up close
            codes = [r.text for r in zxingcpp.read_barcodes(image, formats=QR_ONLY) if r.valid]
            pages.append((tuple(round(v) for v in sheet.get_size()), sorted(codes)))
            sheet.close()
    finally:
        pdf.close()
    return pages


def sheets_on_screen(page) -> list[list[str]]:
    """The slugs of the cards on each sheet, as laid out by print.js."""
    return page.evaluate("""[...document.querySelectorAll('.labels__sheet')].map(
        s => [...s.querySelectorAll('.label')].map(c => c.dataset.slug))""")


def url_of(slug: str) -> str:
    return f"{SITE_URL}poster/{slug}/"


def test_a6_labels_print_four_to_a_page_and_every_code_reads_back(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "print/")
    everything = demo_posters(demo_server)
    assert page.locator(".labels__count").inner_text() == f"{len(everything)} kartu, 3 halaman A4"
    sheets = sheets_on_screen(page)
    assert [len(s) for s in sheets] == [4, 4, 3]
    screenshot(page, "print-a6-screen")
    pages = printed_pages(page)
    assert len(pages) == math.ceil(len(everything) / 4) == 3
    for (size, codes), cards in zip(pages, sheets):
        assert size == A4_POINTS
        assert codes == sorted(url_of(slug) for slug in cards)  # each card whole, on its own sheet's page
    assert sorted(c for _, codes in pages for c in codes) == sorted(url_of(p["slug"]) for p in everything)
    assert watch.problems() == [] and watch.external == []


def test_a5_labels_for_one_role_and_for_one_centre(demo_server, new_page):
    alumni = [p["slug"] for p in demo_posters(demo_server) if p["role"] == "alumni"]
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "print/?size=a5&role=alumni")
    assert page.locator(".labels__count").inner_text() == f"{len(alumni)} kartu, 2 halaman A4"
    pages = printed_pages(page)
    assert [len(codes) for _, codes in pages] == [2, 2]
    assert sorted(c for _, codes in pages for c in codes) == sorted(url_of(s) for s in alumni)
    screenshot(page, "print-a5-screen")

    page.goto(demo_server.url + "print/?size=a5&center=bbpvp-serang")
    assert printed_pages(page) == [(A4_POINTS, [url_of("las-smaw-dari-nol-ke-sertifikasi")])]
    assert page.locator("select[name=center]").input_value() == "bbpvp-serang"
    assert page.locator("select[name=size]").input_value() == "a5"
    # A5 cards: the QR code is at least 8 cm wide, for a poster seen from a step away.
    assert page.locator(".label__qr").bounding_box()["width"] >= 80 / 25.4 * 96
    assert watch.problems() == []


def test_the_form_changes_the_address_and_regroups_the_cards(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "print/")
    page.select_option("select[name=size]", "a5")
    assert page.url.endswith("print/?size=a5")
    assert [len(s) for s in sheets_on_screen(page)] == [2] * 5 + [1]
    page.select_option("select[name=role]", "trainee")
    assert page.url.endswith("print/?size=a5&role=trainee")
    assert page.locator(".labels__count").inner_text() == "3 kartu, 2 halaman A4"
    page.select_option("select[name=center]", "bpvp-kendari")  # an instructor's centre: nothing left
    assert page.locator(".labels__empty").is_visible()
    assert page.locator(".labels__count").inner_text() == "0 kartu, 0 halaman A4"
    page.select_option("select[name=role]", "")
    page.select_option("select[name=size]", "a6")
    assert page.url.endswith("print/?center=bpvp-kendari")
    assert sheets_on_screen(page) == [["papan-simulasi-instalasi-listrik"]]
    # Several values from an address stay selectable, named as in the list.
    page.goto(demo_server.url + "print/?center=bpvp-kendari,bbpvp-serang")
    assert page.locator("select[name=center]").input_value() == "bpvp-kendari,bbpvp-serang"
    assert page.locator("select[name=center] option:checked").inner_text() == "BPVP Kendari, BBPVP Serang"
    assert len(sheets_on_screen(page)[0]) == 2
    assert watch.problems() == []


def test_several_roles_in_the_address_stay_through_the_form(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(
        demo_server.url + "print/?role=trainee&role=alumni&poster=las-smaw-dari-nol-ke-sertifikasi,"
        "web-kasir-umkm-desa,k3-bengkel-otomotif"
    )
    assert sorted(sum(sheets_on_screen(page), [])) == ["las-smaw-dari-nol-ke-sertifikasi", "web-kasir-umkm-desa"]
    assert page.locator("select[name=role] option:checked").inner_text() == "Peserta Pelatihan, Alumni"
    page.select_option("select[name=size]", "a5")  # the rest of the address is kept, written as the gallery writes it
    assert page.url.endswith(
        "print/?size=a5&role=trainee,alumni&poster=las-smaw-dari-nol-ke-sertifikasi,"
        "web-kasir-umkm-desa,k3-bengkel-otomotif"
    )
    assert sheets_on_screen(page) == [["las-smaw-dari-nol-ke-sertifikasi", "web-kasir-umkm-desa"]]
    page.select_option("select[name=role]", "")
    assert len(sum(sheets_on_screen(page), [])) == 3


def test_the_count_of_cards_and_pages_reads_right_for_one_and_for_none(one_poster_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(one_poster_server.url + "print/")
    assert page.locator(".labels__count").inner_text() == "1 card, 1 A4 page"
    page.goto(one_poster_server.url + "print/?role=trainee")  # no trainee's poster
    assert page.locator(".labels__count").inner_text() == "0 cards, 0 A4 pages"
    assert watch.problems() == []


def test_long_titles_and_many_authors_keep_the_code_large_and_whole(demo_server, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + "print/?center=bbpvp-serang,bbpvp-medan")
    # The longest text poster.yml accepts: a 200-character title and 30 authors.
    page.evaluate("""() => {
        const card = document.querySelector('.label');
        card.classList.add('label--long');
        card.querySelector('.label__title').textContent = 'Pelatihan Vokasi '.repeat(12).slice(0, 200);
        card.querySelector('.label__authors').textContent =
            Array.from({length: 30}, (_, i) => 'Nama Penulis Ke-' + (i + 1) + ', S.Pd.').join(', ');
    }""")
    for size in ("a6", "a5"):
        page.select_option("select[name=size]", size)
        cards = page.locator(".label")
        for i in range(cards.count()):
            fits = cards.nth(i).evaluate("c => c.scrollHeight <= c.clientHeight && c.scrollWidth <= c.clientWidth")
            assert fits, (size, i)
            qr = cards.nth(i).locator(".label__qr").bounding_box()
            assert qr["width"] >= 40 / 25.4 * 96 and qr["width"] == qr["height"]  # at least 4 cm, square
            scan = cards.nth(i).locator(".label__url").bounding_box()
            card = cards.nth(i).bounding_box()
            assert scan["y"] + scan["height"] <= card["y"] + card["height"]  # the address is printed too
        pages = printed_pages(page)
        assert len(pages) == 1
        assert pages[0][1] == sorted(
            url_of(s) for s in ("alat-peraga-mekatronika-barang-bekas", "las-smaw-dari-nol-ke-sertifikasi")
        )
    assert watch.problems() == []


def test_a_board_number_of_eight_characters_never_covers_the_role(demo_server, new_page):
    """On an A5 card 'Papan HALL-B12' was printed over 'Peserta Pelatihan', the longest role."""
    page, watch = new_page(DESKTOP)
    for size in ("a6", "a5"):
        page.goto(demo_server.url + f"print/?size={size}&role=trainee")
        page.evaluate(
            "() => document.querySelectorAll('.label__board').forEach(b => { b.textContent = 'Papan HALL-B12'; })"
        )
        boards = page.locator(".label__board")
        assert boards.count() >= 3 and page.locator(".label__role").first.inner_text() == "Peserta Pelatihan"
        for i in range(boards.count()):
            card = page.locator(".label").filter(has=page.locator(".label__board")).nth(i)
            role, board = card.locator(".label__role").bounding_box(), card.locator(".label__board").bounding_box()
            apart = role["x"] + role["width"] <= board["x"] or role["y"] + role["height"] <= board["y"]
            assert apart, (size, i, role, board)
            fits = card.evaluate("c => c.scrollHeight <= c.clientHeight && c.scrollWidth <= c.clientWidth")
            assert fits, (size, i)
    assert watch.problems() == []


def test_poster_page_shows_its_qr_code_and_links_to_its_label(demo_server, new_page):
    slug = "kaigo-bahasa-jepang-perawat-lansia"
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + f"poster/{slug}/")
    details = page.locator("details.pg-qr")
    assert details.locator("summary").inner_text() == "Kode QR halaman ini"
    details.locator("summary").click()
    image = details.locator("img")
    image.wait_for(state="visible")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.get_attribute("alt") == f"Kode QR menuju {url_of(slug)}"
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())), formats=QR_ONLY)
    assert [c.text for c in codes] == [url_of(slug)]
    details.get_by_role("link", name="Cetak label poster ini").click()
    page.wait_for_url("**/print/?poster=" + slug)
    assert sheets_on_screen(page) == [[slug]]
    assert watch.problems() == []


def test_label_page_on_a_phone(demo_server, new_page):
    page, watch = new_page(PHONE)
    page.goto(demo_server.url + "print/?center=bbpvp-serang")
    assert page.locator(".labels__form button").inner_text() == "Cetak"
    screenshot(page, "print-phone")
    assert watch.problems() == []


@pytest.mark.parametrize(
    "slug, title",
    [
        ("las-smaw-dari-nol-ke-sertifikasi", None),  # a title of one line
        ("kaigo-bahasa-jepang-perawat-lansia", None),  # two lines, and the text on the poster
        # The longest title poster.yml takes (200 characters): four lines.
        ("k3-bengkel-otomotif", ("Keselamatan dan Kesehatan Kerja di Bengkel Sepeda Motor " * 4)[:200]),
    ],
)
def test_a_poster_page_prints_on_two_a4_sheets_with_its_qr_code_and_no_buttons(demo_server, new_page, slug, title):
    """It took four sheets, the first holding the title alone, with the save, share and vote buttons printed. Then,
    for a title of two lines, three sheets, the first holding the title alone; five with the text on the poster,
    which Material opens to print."""
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + f"poster/{slug}/")
    page.wait_for_function("document.querySelector('.pg-poster__img').complete")
    if title:
        page.locator(".pg-poster__title").evaluate("(h, title) => { h.textContent = title; }", title.strip())
    title = page.locator(".pg-poster__title").inner_text()
    pdf = pdfium.PdfDocument(page.pdf(format="A4", print_background=True))
    texts, codes, pictures = [], [], []
    try:
        for number in range(len(pdf)):
            texts.append(" ".join(pdf[number].get_textpage().get_text_range().split()))
            image = pdf[number].render(scale=2).to_pil()
            codes.append([r.text for r in zxingcpp.read_barcodes(image, formats=QR_ONLY) if r.valid])
            pictures.append(len(list(pdf[number].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))))
    finally:
        pdf.close()
    assert codes == [[], [url_of(slug)]]  # the poster on the first sheet, its details and QR code on the second
    assert pictures[0] == 1 and title in texts[0] and "Ringkasan" in texts[1]
    assert not any("Teks poster" in text for text in texts)
    for screen_only in ("Kembali ke galeri", "Simpan ke daftar saya", "Bagikan", "Pilih poster ini", "Berikutnya"):
        assert not any(screen_only in text for text in texts), screen_only
    assert watch.problems() == []


def pdf_pages(page) -> list[tuple[str, int]]:
    """Each A4 sheet of the page printed: its words (spaces made single) and how many pictures it holds."""
    pdf = pdfium.PdfDocument(page.pdf(format="A4", print_background=True))
    try:
        return [
            (
                " ".join(pdf[n].get_textpage().get_text_range().split()),
                len(list(pdf[n].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))),
            )
            for n in range(len(pdf))
        ]
    finally:
        pdf.close()


@pytest.mark.parametrize("path", ["", "poster/"])
def test_the_gallery_printed_keeps_every_card_whole_on_one_sheet(demo_server, new_page, path):
    """Printed, the gallery cut cards between two sheets: a picture at the foot of one, its title and authors at the
    top of the next, the bookmark buttons printed over empty frames; seven sheets for eleven posters."""
    page, watch = new_page(DESKTOP)
    page.goto(demo_server.url + path)
    page.wait_for_function("[...document.images].every(i => i.complete)")
    sheets = pdf_pages(page)
    assert len(sheets) <= 3
    cards = page.evaluate(
        """[...document.querySelectorAll('.pg-card')].map(c => [c.querySelector('.pg-card__title').textContent,
             c.querySelector('.pg-card__authors').textContent])"""
    )
    assert len(cards) == len(demo_posters(demo_server)) == 11
    on_sheet = []
    for title, authors in cards:
        sheet = [n for n, (text, _) in enumerate(sheets) if title in text]
        assert sheet == [n for n, (text, _) in enumerate(sheets) if authors in text] and len(sheet) == 1, title
        on_sheet.append(sheet[0])
    # Each card's picture on its title's sheet: as many pictures on a sheet as titles.
    assert [pictures for _, pictures in sheets] == [on_sheet.count(n) for n in range(len(sheets))]
    assert not any("Cari judul" in text for text, _ in sheets)  # the filters are for the screen
    assert watch.problems() == []


def test_the_floor_plan_printed_is_whole_however_narrow_the_page(demo_server, new_page):
    """On a screen the plan keeps a width at which its numbers can be tapped and scrolls sideways; printed, the part
    beyond the box's edge was cut off."""
    page, watch = new_page(PHONE)
    page.emulate_media(media="print")
    page.goto(demo_server.url + "map/")
    page.wait_for_function("document.querySelector('.pg-map__img').complete")
    box = page.evaluate(
        """(() => { const s = document.querySelector('.pg-map__scroll'), p = s.querySelector('.pg-map__plan');
                  return [s.scrollWidth - s.clientWidth, s.scrollHeight - s.clientHeight,
                          p.getBoundingClientRect().right <= document.documentElement.clientWidth]; })()"""
    )
    assert box == [0, 0, True]
    page.emulate_media(media="screen")
    sheets = pdf_pages(page)
    boards = page.evaluate("[...document.querySelectorAll('.pg-map__mark')].map(m => m.textContent)")
    assert len(boards) == 10 and all(board in sheets[0][0] for board in boards)
    assert watch.problems() == []

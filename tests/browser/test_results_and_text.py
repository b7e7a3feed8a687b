"""Published results and the posters' own text in Chromium: the slideshow's results (on the page's own
clock), award badges on the cards and poster pages, the poster text section, the gallery's filter over it,
and a flat heap over hundreds of slides with the results among them.

One small Indonesian site, built once for the module: five posters (one a PDF with a text layer), a vote
per role counted with `gallery.py tally`, and `results: true`.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from postergallery.commands.demo import TextRun, pdf_with_text

from browserkit import DESKTOP, PHONE, build_site, heap_after_slides, screenshot
from projectkit import Project
from siteserver import SiteServer

KIOSK = "kiosk/"
START = dt.datetime(2024, 1, 30, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # after voting closed
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
POSTERS = (  # slug, title, role; one vote per token below
    ("las-smaw", "Las SMAW dari Nol", "alumni"),
    ("kopi-gayo", "Kedai Kopi Gayo", "trainee"),
    ("ac-hemat", "Perawatan AC Hemat Energi", "trainee"),
    ("kasir-umkm", "Web Kasir UMKM Desa", "instructor"),
    ("kaigo", "Kaigo untuk Perawat Lansia", "alumni"),
)
VOTES = ("kasir-umkm", "kopi-gayo", "kopi-gayo", "ac-hemat", "kaigo", "las-smaw")
GALLERY = """
results: true
vote:
  provider: google_forms
  url: https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse
  fields: {poster: entry.111, token: entry.222}
  opens: "2024-01-30T08:00:00+07:00"
  closes: "2024-01-30T16:00:00+07:00"
  per_role: true
"""
# The results, in the order the slideshow shows them: per role (instructors, trainees, alumni), first place
# first, a tie by folder name.
HONOURS = [
    ("kasir-umkm", "Juara 1 — Instruktur", "1 suara"),
    ("kopi-gayo", "Juara 1 — Peserta Pelatihan", "2 suara"),
    ("ac-hemat", "Juara 2 — Peserta Pelatihan", "1 suara"),
    ("kaigo", "Juara 1 (seri) — Alumni", "1 suara"),
    ("las-smaw", "Juara 1 (seri) — Alumni", "1 suara"),
]
BY_TITLE = [s for _, s in sorted((t.lower(), s) for s, t, _ in POSTERS)]
RECORD = """
window.__slides = [];
document.addEventListener('kiosk:slide', function (e) {
  var slide = document.querySelector('.kiosk__slide.is-front');
  var award = slide.querySelector('.kiosk__award'), votes = slide.querySelector('.kiosk__votes');
  window.__slides.push({slug: e.detail.slug, award: e.detail.award, results: document.body.dataset.results,
                        shownAward: award.hidden ? null : award.textContent,
                        votes: votes.hidden ? null : votes.textContent});
});
"""


@pytest.fixture(scope="module")
def results_site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("results") / "project")
    for i, (slug, title, role) in enumerate(POSTERS):
        yml = f"title: {title}\nauthors: [Ani Lestari]\nrole: {role}\ncenter: BPVP Surakarta\nalt: Poster {title}.\n"
        project.add_poster(slug, yml, image=None if slug == "kaigo" else "poster.jpg", colour=(40 * i, 90, 160))
    runs = [
        TextRun(60, 50, 60, "Kaigo untuk Perawat Lansia"),
        TextRun(60, 400, 28, "Semangat omotenashi di panti wreda"),
        TextRun(640, 400, 28, "Ujian bahasa N4 lulus"),
    ]
    (project.root / "posters/kaigo/poster.pdf").write_bytes(
        pdf_with_text(Image.new("RGB", (1240, 1754), (250, 248, 244)), runs, "Kaigo")
    )
    project.write_config(GALLERY, language="id")
    export = project.root / "export.csv"
    rows = "".join(f"2024-01-30 09:0{i}:00,{slug},{i:032x}\n" for i, slug in enumerate(VOTES))
    export.write_text("Timestamp,poster,token\n" + rows, "utf-8")
    done = project.cli("tally", str(export))
    assert done.returncode == 0, done.stdout + done.stderr
    server = SiteServer(build_site(project.root), "/poster-gallery/").start()
    yield server
    server.stop()


def open_kiosk(new_page, server, query):
    page, watch = new_page(DESKTOP, service_workers="block")
    # The page's own clock, stopped: a slide changes only when the test moves the clock on.
    page.clock.install(time=START)
    page.clock.pause_at(START + dt.timedelta(seconds=1))
    page.add_init_script(RECORD)
    page.goto(server.url + KIOSK + query)
    return page, watch


def wait_slides(page, count: int) -> list[dict]:
    page.wait_for_function("n => window.__slides.length >= n", arg=count, polling=50)
    return page.evaluate("window.__slides")


def test_the_results_come_first_then_the_usual_slideshow_then_the_results_again(results_site, new_page):
    page, watch = open_kiosk(new_page, results_site, "?mode=results&order=title&interval=30&transition=0")
    shown = wait_slides(page, 1)
    for n in range(2, 12):
        page.clock.run_for(29_000)
        assert len(page.evaluate("window.__slides")) == n - 1  # not a moment before the interval is over
        if n == 2:
            screenshot(page, "kiosk-results")
        page.clock.run_for(1_000)
        shown = wait_slides(page, n)
    honours = [(s["slug"], s["award"], s["votes"]) for s in shown[:5]]
    assert honours == HONOURS
    assert [s["shownAward"] for s in shown[:5]] == [label for _, label, _ in HONOURS]
    assert {s["results"] for s in shown[:5]} == {"true"}
    assert [s["slug"] for s in shown[5:10]] == BY_TITLE  # then every poster once, as usual
    assert {(s["award"], s["shownAward"], s["votes"], s["results"]) for s in shown[5:10]} == {("", None, None, "false")}
    assert (shown[10]["slug"], shown[10]["award"]) == HONOURS[0][:2]  # and the results again
    assert watch.problems() == []


def test_without_mode_results_the_slideshow_shows_no_results(results_site, new_page):
    page, watch = open_kiosk(new_page, results_site, "?order=title&interval=30&transition=0")
    wait_slides(page, 1)
    page.clock.run_for(30_000)
    shown = wait_slides(page, 2)
    assert [(s["slug"], s["award"], s["shownAward"]) for s in shown] == [(slug, "", None) for slug in BY_TITLE[:2]]
    assert watch.problems() == []


def test_the_results_follow_the_address_filters(results_site, new_page):
    page, watch = open_kiosk(new_page, results_site, "?mode=results&role=trainee&order=title&interval=30&transition=0")
    wait_slides(page, 1)
    for n in (2, 3):
        page.clock.run_for(30_000)
        wait_slides(page, n)
    shown = page.evaluate("window.__slides")
    assert [(s["slug"], s["award"]) for s in shown] == [
        ("kopi-gayo", "Juara 1 — Peserta Pelatihan"),
        ("ac-hemat", "Juara 2 — Peserta Pelatihan"),
        ("kopi-gayo", ""),  # Kedai Kopi Gayo before Perawatan AC: the usual order
    ]
    assert watch.problems() == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_award_badges_on_the_cards_and_the_poster_page(results_site, new_page, viewport):
    page, watch = new_page(viewport)
    page.goto(results_site.url)
    badges = {
        card.get_attribute("data-slug"): card.locator(".pg-award").all_text_contents()
        for card in page.locator(".pg-card").all()
    }
    assert badges == {slug: [f"★ {label}"] for slug, label, _ in HONOURS}
    assert page.locator(".pg-card").first.locator(".pg-award").is_visible()
    page.goto(results_site.url + "poster/las-smaw/")
    assert page.locator(".pg-poster .pg-awards").inner_text() == "★ Juara 1 (seri) — Alumni"
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    assert watch.problems() == []


def test_the_poster_text_opens_by_keyboard_is_searched_and_filters_the_gallery(results_site, new_page):
    page, watch = new_page(DESKTOP)
    page.goto(results_site.url + "poster/kaigo/")
    details = page.locator("details.pg-postertext")
    text = page.locator(".pg-postertext__body")
    assert not details.evaluate("d => d.open") and not text.is_visible()
    page.locator("details.pg-postertext > summary").focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    assert text.inner_text() == (
        "Kaigo untuk Perawat Lansia\n\nSemangat omotenashi di panti wreda\n\nUjian bahasa N4 lulus"
    )
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    screenshot(page, "poster-text-desktop")
    # Material's search has the text: its index holds the word, on the poster's page.
    index = json.loads((results_site.root / "search/search_index.json").read_text("utf-8"))
    assert [d["location"] for d in index["docs"] if "omotenashi" in d["text"].lower()] == ["poster/kaigo/"]
    # The gallery's filter asks for the posters' words once a visitor types, and finds the word only there.
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(results_site.url)
    assert not [u for u in requests if u.endswith("texts.json")]
    page.fill("#pg-q", "Omotenashi")
    page.wait_for_function("document.querySelectorAll('.pg-card[data-hit]').length === 1")
    assert page.locator(".pg-card[data-hit]").get_attribute("data-slug") == "kaigo"
    assert [u for u in requests if u.endswith("texts.json")] == [results_site.url + "poster/texts.json"]
    assert watch.problems() == []


def test_memory_stays_flat_over_hundreds_of_slides_with_the_results(results_site, new_page):
    page, watch = new_page({"width": 1280, "height": 720}, service_workers="block")
    page.add_init_script(
        "window.__count = 0; window.__results = 0; document.addEventListener('kiosk:slide', e => {"
        " window.__count++; if (e.detail.award) window.__results++; });"
    )
    page.goto(results_site.url + KIOSK + "?mode=results&interval=0.01&transition=0&order=title")
    cdp = page.context.new_cdp_session(page)
    heap_50, nodes_50 = heap_after_slides(page, cdp, 50)
    heap_500, nodes_500 = heap_after_slides(page, cdp, 500)
    assert page.evaluate("window.__results") >= 200  # half of every round is the results
    assert nodes_500 == nodes_50  # the two slides are reused, nothing is added
    assert heap_500 <= heap_50 * 1.05 + 100_000, (heap_50, heap_500)
    assert watch.problems() == []

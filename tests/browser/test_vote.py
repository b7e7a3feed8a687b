"""Voting in a real browser, against local stand-ins of the form services (tests/standins.py).

Each site is built with `mkdocs build --strict` from a throw-away project whose vote section
points at the stand-ins, and served under a GitHub Pages-like sub-path on another port, so
every vote is a real cross-origin request as on the published site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import shutil
import urllib.parse

import pytest
from axe_playwright_python.sync_playwright import Axe

from postergallery.features.vote import LATE_ARRIVAL

from browserkit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    RECORD_PAGESHOWS,
    SAVED_PAGES,
    back_to_the_kept_page,
    build_site,
    screenshot,
    until,
    until_holds,
    until_routed,
)
from projectkit import Project
from siteserver import SiteServer
from standins import FormServices

WIB = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime.now(WIB).replace(microsecond=0)
# Deep inside the window, where the phone's clock decides without asking the site's (less than a day from an
# edge, the page asks: see the tests of phones whose clock is off).
OPENS = NOW - dt.timedelta(days=3)
CLOSES = NOW + dt.timedelta(days=3)
POSTERS = {
    "las-smaw": ("Las SMAW dari Nol", "alumni", "BPVP Bandung"),
    "kopi-gayo": ("Kedai Kopi Gayo", "trainee", "BPVP Banda Aceh"),
    "kasir-umkm": ("Web Kasir UMKM Desa", "instructor", "BBPVP Bekasi"),
    "ac-hemat": ("Perawatan AC Hemat Energi", "trainee", "BPVP Surakarta"),
}
CODE = "ABCD2345"  # well formed (see test_codes.py); its check symbol is the last one
INSTANT = "  features:\n    - navigation.instant\n"


def _poster_yml(title, role, center):
    return f"title: {title}\nauthors:\n  - Siti Rahma\nrole: {role}\ncenter: {center}\nalt: A poster.\n"


@pytest.fixture(scope="module")
def services():
    stand_ins = FormServices().start()
    yield stand_ins
    stand_ins.stop()


@pytest.fixture(autouse=True)
def _clean(services):
    services.clear()


@pytest.fixture(scope="module")
def sites(tmp_path_factory, services):
    """sites(name) -> SiteServer of a site built once per module with that vote configuration."""
    built, servers = {}, []
    base = services.url
    configs = {
        "google": (
            "id",
            f"""
            vote:
              provider: google_forms
              url: {base}forms/d/e/1FAIpQLSfStandIn123/formResponse
              fields: {{poster: entry.111, token: entry.222}}
              opens: {OPENS.isoformat()}
              closes: {CLOSES.isoformat()}
            """,
        ),
        "formspree": (
            "en",
            f"""
            vote:
              provider: formspree
              url: {base}f/xyzzyabc
              fields: {{poster: poster, token: token, code: code}}
              per_role: true
              codes: true
            """,
        ),
        "form": (
            "id",
            f"""
            vote:
              provider: form
              url: {base}form/vote
              fields: {{poster: poster, token: token}}
            """,
        ),
        "tally": (
            "id",
            f"""
            vote:
              provider: tally
              url: {base}r/wAbc12
              fields: {{poster: poster, token: token}}
            """,
        ),
    }
    configs["tally-roles"] = ("id", configs["tally"][1] + "  per_role: true\n")
    configs["form-session"] = ("en", configs["form"][1].replace("form/vote", "form/session"))
    configs["form-stored"] = ("en", configs["form"][1].replace("form/vote", "form/stored"))
    configs["instant"] = configs["formspree"]  # with Material's instant navigation (INSTANT, below)

    def get(name):
        if name not in built:
            language, gallery = configs[name]
            project = Project(tmp_path_factory.mktemp(name) / "site-project")
            for slug, details in POSTERS.items():
                project.add_poster(slug, _poster_yml(*details))
            project.write_config(gallery, language=language)
            server = SiteServer(project.root / "site", "/poster-gallery/").start()
            if name == "instant":
                # Material swaps in only the pages of the sitemap, at the addresses it lists but for the host
                # name: the site is built for the address it is served at.
                text = project.config.read_text("utf-8").replace("  font: false\n", "  font: false\n" + INSTANT)
                project.config.write_text(text.replace("https://example.org/gallery/", server.url), "utf-8")
            build_site(project.root)
            servers.append(server)
            built[name] = server
        return built[name]

    yield get
    for server in servers:
        server.stop()


def _token(page) -> str:
    return page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':token')).map(k => localStorage[k])[0]")


def _problems(watch) -> list[str]:
    """Page problems, less one that is expected: Chromium's Opaque Response Blocking stops the
    no-cors HTML answer of formResponse from reaching the page (the request itself completed,
    which is all the page can know) and reports it as net::ERR_ABORTED."""
    return [p for p in watch.problems() if not p.endswith("/formResponse net::ERR_ABORTED")]


def _status(page) -> str:
    return page.locator("[data-pg-vote-status]").first.inner_text().strip()


@contextlib.contextmanager
def _site_clock(site, moment: dt.datetime):
    """The site's server tells the time as ``moment`` (its answers' Date header) while in the block."""
    site.clock_offset = (moment - dt.datetime.now(WIB)).total_seconds()
    try:
        yield
    finally:
        site.clock_offset = 0.0


# ------------------------------------------------------------ Google Forms ---


def test_vote_from_a_poster_page_sends_poster_and_token_and_remembers_the_choice(sites, services, new_page):
    site = sites("google")
    page, watch = new_page(PHONE)
    page.goto(site.url + "poster/las-smaw/")
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert _status(page) == "Terima kasih! Pilihan Anda sudah terkirim."
    token = _token(page)
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    [record] = services.of("google")
    assert record["fields"] == {"entry.111": "las-smaw", "entry.222": token}
    assert record["content_type"].startswith("application/x-www-form-urlencoded")
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    # The choice survives a reload, and the vote page shows it too, with the same token.
    page.goto(site.url + "vote/")
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert page.locator(".pg-vote__item--mine").get_attribute("data-slug") == "las-smaw"
    assert page.locator("[data-pg-vote-token]").input_value() == token
    assert _problems(watch) == [] and watch.external == []


def test_a_tap_before_the_vote_script_has_run_posts_nothing(sites, services, new_page):
    """On a slow first visit the page shows before vote.js has run. Its button is disabled until then: a tap
    must not post the bare form, whose vote has no token (the count rejects it) while Google says it was
    recorded. Once the script has run, the same button sends the vote with its token."""
    site = sites("google")
    page, watch = new_page(PHONE)
    held = []
    # The script's download hangs until released.
    page.route("**/assets/gallery/vote.js", lambda route: held.append(route))
    page.goto(site.url + "poster/las-smaw/", wait_until="commit")  # a module script holds back DOMContentLoaded
    send = page.get_by_role("button", name="Pilih poster ini")
    send.wait_for()
    assert send.is_disabled()
    send.click(force=True)  # the tap lands on the greyed button
    assert page.evaluate("window.pgVoteLoaded") is None
    assert page.url == site.url + "poster/las-smaw/"
    assert services.of("google") == []
    [script] = held
    script.continue_()
    send.click()  # Playwright waits until it is enabled
    page.locator(".pg-vote__status--ok").wait_for()
    [record] = services.of("google")
    assert record["fields"] == {"entry.111": "las-smaw", "entry.222": _token(page)}
    assert _problems(watch) == []


def test_without_the_vote_stylesheet_no_second_button_posts_the_bare_form(sites, services, new_page):
    """vote.css lost on the venue's Wi-Fi while vote.js was still on its way: the button for browsers without
    JavaScript, hidden only by that stylesheet, showed live beside the greyed one, and a tap on it posted the form
    without a token, which Google said it recorded and the count rejects."""
    site = sites("google")
    page, watch = new_page(PHONE)
    held = []
    page.route("**/assets/gallery/vote.css", lambda route: route.abort())
    page.route("**/assets/gallery/vote.js", lambda route: held.append(route))
    page.goto(site.url + "poster/las-smaw/", wait_until="commit")
    page.get_by_role("button", name="Pilih poster ini").wait_for()
    buttons = page.locator("form[data-pg-vote-form] button[type=submit]")
    assert [(b.is_visible(), b.is_disabled()) for b in buttons.all()] == [(True, True)]
    held[0].continue_()
    page.get_by_role("button", name="Pilih poster ini").click()  # once vote.js has run: the vote, with its token
    page.locator(".pg-vote__status--ok").wait_for()
    [record] = services.of("google")
    assert record["fields"] == {"entry.111": "las-smaw", "entry.222": _token(page)}
    # The stylesheet's loss itself, as the request and as the console report it.
    assert [p for p in _problems(watch) if "vote.css" not in p] == ["Failed to load resource: net::ERR_FAILED"]


@pytest.mark.parametrize("lost", ["vote.js", "ballot.js"])
def test_a_vote_script_that_cannot_be_fetched_is_said_with_a_way_to_load_the_page_again(sites, new_page, lost):
    """vote.js, or a module it imports, lost on the venue's Wi-Fi: the button stayed greyed for good, and nothing
    said why."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.route(f"**/assets/gallery/{lost}", lambda route: route.abort())
    page.goto(site.url + "poster/las-smaw/")
    notice = page.locator("[data-pg-vote-notice]")
    notice.wait_for()
    assert (
        notice.inner_text()
        == "Halaman ini belum termuat sepenuhnya, jadi belum bisa mengirim suara. Muat ulang halaman"
    )
    assert page.get_by_role("button", name="Pilih poster ini").is_disabled()
    page.unroute(f"**/assets/gallery/{lost}")
    notice.get_by_role("link", name="Muat ulang halaman").click()
    page.get_by_role("button", name="Pilih poster ini").click()  # loaded in full this time: enabled
    page.locator(".pg-vote__status--ok").wait_for()
    assert page.url == site.url + "poster/las-smaw/"


def test_a_tap_in_the_seconds_after_closing_says_voting_has_closed_at_once(sites, services, new_page):
    """The window is shown again every 15 s; a tap in between, after 'closes', was answered by nothing: the button
    still live, no word, no vote sent (rightly)."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.clock.install(time=CLOSES - dt.timedelta(seconds=3))
    with _site_clock(site, CLOSES - dt.timedelta(seconds=3)):
        page.goto(site.url + "poster/las-smaw/", wait_until="networkidle")
        _until(page, "() => !document.querySelector('[data-pg-vote-send]').disabled")
    page.clock.set_system_time(CLOSES + dt.timedelta(seconds=2))  # no timer has run since
    assert page.locator("[data-pg-vote-notice]").is_hidden()
    page.get_by_role("button", name="Pilih poster ini").click()
    assert page.locator("[data-pg-vote-notice]").inner_text().startswith("Pemungutan suara sudah ditutup (")
    assert page.get_by_role("button", name="Pilih poster ini").is_disabled()
    assert services.records == []


@pytest.mark.parametrize(
    "path, button, poster",
    [("poster/las-smaw/", "Pilih poster ini", "las-smaw"), ("vote/?poster=kopi-gayo", "Kirim pilihan", "kopi-gayo")],
)
def test_a_vote_goes_before_the_rest_of_the_page_has_arrived(sites, services, new_page, path, button, poster):
    """On a crowded network Material's bundle, at the end of the page, takes seconds to arrive. The ballot and its
    script come before it, and the script runs as soon as it has arrived: the vote goes while the page still
    loads, instead of the button staying disabled until the whole page is in."""
    site = sites("google")
    page, watch = new_page(PHONE)
    held = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))  # hangs until released
    page.goto(site.url + path, wait_until="commit")
    page.get_by_role("button", name=button).click()  # Playwright waits until it is enabled
    page.locator(".pg-vote__status--ok").wait_for()
    assert page.evaluate("document.readyState") == "loading" and len(held) == 1
    [record] = services.of("google")
    assert record["fields"] == {"entry.111": poster, "entry.222": _token(page)}
    held[0].continue_()
    page.wait_for_load_state("load")
    assert page.locator("[data-pg-vote-chosen]").inner_text() == f"Anda memilih: {POSTERS[poster][0]}"
    assert _problems(watch) == []


def test_vote_page_preselects_the_poster_and_asks_before_a_second_vote(sites, services, new_page):
    site = sites("google")
    page, watch = new_page(PHONE)
    page.goto(site.url + "vote/?poster=kopi-gayo")
    assert page.locator("#pg-vote-poster-kopi-gayo").is_checked()
    assert page.locator(".pg-vote__radio:checked").count() == 1
    page.get_by_role("button", name="Kirim pilihan").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo"]

    page.locator("label[for=pg-vote-poster-las-smaw]").click()
    page.get_by_role("button", name="Kirim pilihan").click()
    assert _status(page).startswith(
        "Anda sudah memilih “Kedai Kopi Gayo” dari browser ini. Hanya pilihan "
        "pertama dari browser ini yang dihitung. Tetap kirim?"
    )
    page.get_by_role("button", name="Batal").click()
    assert _status(page) == ""
    assert len(services.of("google")) == 1

    page.get_by_role("button", name="Kirim pilihan").click()
    page.get_by_role("button", name="Ya, kirim").click()
    page.locator(".pg-vote__status--ok").wait_for()
    records = services.of("google")
    assert [r["fields"]["entry.111"] for r in records] == ["kopi-gayo", "las-smaw"]
    assert records[0]["fields"]["entry.222"] == records[1]["fields"]["entry.222"] == _token(page)
    # The count keeps the first vote of this browser, as the question said: the page says so too.
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Kedai Kopi Gayo"
    assert page.locator(".pg-vote__item--mine").get_attribute("data-slug") == "kopi-gayo"
    assert _problems(watch) == [], _problems(watch)


def test_a_failed_google_vote_is_kept_and_offers_retry_and_the_prefilled_form(sites, services, new_page):
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)  # the automatic retry waits; the visitor's press is the only one
    page.goto(site.url + "poster/kopi-gayo/")
    services.fail("google", times=1)
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--queued").wait_for()
    assert _status(page).startswith(KEPT_ID)
    assert services.of("google") == []
    assert page.locator("[data-pg-vote-chosen]").is_hidden()
    token = _token(page)
    link = page.get_by_role("link", name="Atau buka formulir yang sudah terisi dan kirim dari sana")
    href = link.get_attribute("href")
    assert href == (
        f"{services.url}forms/d/e/1FAIpQLSfStandIn123/viewform?usp=pp_url&entry.111=kopi-gayo&entry.222={token}"
    )
    page.get_by_role("button", name="Coba lagi").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "kopi-gayo", "entry.222": token}]
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Kedai Kopi Gayo"


@pytest.mark.parametrize(
    "moment, notice",
    [
        (OPENS - dt.timedelta(minutes=1), "Pemungutan suara belum dibuka. Dibuka {opens}."),
        (
            CLOSES + dt.timedelta(minutes=1),
            "Pemungutan suara sudah ditutup ({closes}). Terima kasih atas partisipasi Anda.",
        ),
    ],
)
def test_outside_the_voting_window_the_buttons_are_disabled_with_a_message(sites, services, new_page, moment, notice):
    """By the phone's clock and the site's (which the page asks for, as the phone's says voting is shut)."""
    from postergallery.features.vote import WIB as ZONE
    from postergallery.i18n import Translator

    site = sites("google")
    page, _ = new_page(PHONE)
    page.clock.install(time=moment)  # and running: the site's answer is waited for with a timer
    tr = Translator("id")
    expected = notice.format(opens=tr.moment_text(OPENS, ZONE.tzinfo), closes=tr.moment_text(CLOSES, ZONE.tzinfo))
    with _site_clock(site, moment):
        for path in ("poster/las-smaw/", "vote/"):
            with page.expect_request_finished(lambda r: r.url == site.url + "vote/index.html") as asked:
                page.goto(site.url + path)
            assert asked.value.method == "HEAD"
            page.evaluate("new Promise(r => setTimeout(r, 100))")  # the answer is weighed
            assert page.locator("[data-pg-vote-notice]").inner_text() == expected
            assert page.locator("[data-pg-vote-send]").first.is_disabled()
    assert re.search(r"pukul \d\d\.\d\d WIB", expected)
    page.clock.set_system_time(NOW)
    site.requests.clear()
    page.goto(site.url + "vote/")
    assert page.locator("[data-pg-vote-notice]").is_hidden()
    assert page.locator("[data-pg-vote-send]").is_enabled()
    assert "/poster-gallery/vote/index.html" not in site.paths()  # within the window the phone's clock decides


@pytest.mark.parametrize("hours", [-1, 1, -50, 50, 30 * 24])
def test_a_phone_whose_clock_is_hours_off_votes_by_the_site_s_clock(sites, services, new_page, hours):
    """A phone set by hand in the wrong time zone: an hour before opening or after closing by its own clock
    while the site's says voting is open; or to the wrong date, days or a month away (HTTPS lets that pass within
    the months a site's certificate holds). The buttons come on once the site's time is in, and the vote goes."""
    site = sites("google")
    page, _ = new_page(PHONE)
    wrong = (OPENS if hours < 0 else CLOSES) + dt.timedelta(hours=hours)
    page.clock.install(time=wrong)
    page.goto(site.url + "poster/las-smaw/")
    button = page.get_by_role("button", name="Pilih poster ini")
    _until(page, "() => !document.querySelector('[data-pg-vote-send]').disabled")
    assert page.locator("[data-pg-vote-notice]").is_hidden()
    button.click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": _token(page)}]


def _hold_the_time(page, site) -> list:
    """The page's HEAD request for the site's time, held until the test continues it (other requests go)."""
    held: list = []
    page.route(
        site.url + "vote/index.html",
        lambda route: held.append(route) if route.request.method == "HEAD" else route.continue_(),
    )
    return held


def _site_gives_no_time(page, site) -> None:
    """The page's HEAD request for the site's time is answered without a Date header (other requests go)."""
    page.route(
        site.url + "vote/index.html",
        lambda route: (
            route.fulfill(status=200, headers={"Content-Type": "text/html"}, body="")
            if route.request.method == "HEAD"
            else route.continue_()
        ),
    )


def _wait_for_a_send(context, services, seconds: int = 30):
    """Waits until ``services`` received something, at most ``seconds`` by the clock of a new page of ``context``
    (the voting page is closed); returns that page. Half a minute: on a machine loaded with three test workers, a
    request carried on after its page closed once had not arrived after ten seconds; it returns as soon as one does."""
    clock = context.new_page()
    for _ in range(seconds * 10):
        if services.received:
            break
        clock.evaluate("new Promise(r => setTimeout(r, 100))")
    return clock


def _vote_before_the_site_s_time_is_in(site, new_page, phone_time: dt.datetime):
    """A phone whose clock says ``phone_time`` votes while the page's ask for the site's time is held (near an
    edge of the window); returns the page and the held ask."""
    page, _ = new_page(PHONE)
    held = _hold_the_time(page, site)
    page.clock.install(time=phone_time)
    page.goto(site.url + "poster/las-smaw/")
    _until(page, "() => document.querySelector('[data-pg-vote]').dataset.pgVoteReady === '1'")
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--busy").wait_for()
    assert len(held) == 1
    return page, held


def test_a_phone_whose_clock_runs_ahead_sends_no_vote_before_voting_opens_by_the_site_s_clock(
    sites, services, new_page
):
    """The phone says voting opened five minutes ago; the site says it opens in ten. A vote the form took now
    would be rejected by the count while the page said "sent": it waits on the phone until voting opens."""
    site = sites("google")
    page, held = _vote_before_the_site_s_time_is_in(site, new_page, OPENS + dt.timedelta(minutes=5))
    assert services.records == []
    with _site_clock(site, OPENS - dt.timedelta(minutes=10)):
        held[0].continue_()
        page.locator(".pg-vote__status--queued").wait_for()
    assert page.locator("[data-pg-vote-notice]").inner_text().startswith("Pemungutan suara belum dibuka. Dibuka ")
    assert page.get_by_role("button", name="Pilih poster ini").is_disabled()
    assert list(_waiting(page)) == ["all"] and services.records == []
    page.clock.fast_forward("11:00")  # voting opens by the site's clock: the vote goes by itself
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": _token(page)}]
    assert _waiting(page) == {} and page.locator("[data-pg-vote-notice]").is_hidden()


def test_a_vote_near_an_edge_waits_when_the_site_s_clock_could_not_be_read(sites, services, new_page):
    """The phone says voting opened half an hour ago; the site says it opens in half an hour. The page's ask for
    the site's time is lost on the venue's Wi-Fi: the vote must not then go by the phone's clock (the form would
    take it before voting opened, the count reject it, and the page say "sent"). It waits, and asks again."""
    site = sites("google")
    page, held = _vote_before_the_site_s_time_is_in(site, new_page, OPENS + dt.timedelta(minutes=30))
    held[0].abort("connectionreset")
    page.locator(".pg-vote__status--queued").wait_for()
    assert services.records == [] and list(_waiting(page)) == ["all"]
    page.clock.run_for(5_000)  # the first retry asks again, by itself
    until_holds(page, lambda: len(held) == 2, "the site's time asked for again")
    with _site_clock(site, OPENS - dt.timedelta(minutes=30)):
        held[1].continue_()
        page.locator("[data-pg-vote-notice]").wait_for()
    assert page.locator("[data-pg-vote-notice]").inner_text().startswith("Pemungutan suara belum dibuka. Dibuka ")
    assert services.records == [] and list(_waiting(page)) == ["all"]
    page.clock.fast_forward("31:00")  # voting opens by the site's clock: the vote goes by itself
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": _token(page)}]


def test_a_phone_whose_clock_is_set_right_while_a_vote_waits_still_sends_it(sites, services, new_page):
    """A phone three hours behind reads the site's clock (three hours ahead of its own) and keeps a vote made
    offline; then the visitor sets the phone's clock right. The difference read before no longer holds: kept, it
    put the page three hours ahead of the site, which dropped the vote as late with an hour of voting left."""
    site = sites("google")
    page, _ = new_page(PHONE)
    site_time = CLOSES - dt.timedelta(hours=1)  # voting open for another hour
    page.clock.install(time=site_time - dt.timedelta(hours=3))
    with _site_clock(site, site_time):
        page.goto(site.url + "poster/las-smaw/", wait_until="networkidle")
        _until(page, "() => !document.querySelector('[data-pg-vote-send]').disabled")  # by the site's clock
    page.context.set_offline(True)
    _until(page, "() => navigator.onLine === false")
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--queued").wait_for()
    page.clock.set_system_time(site_time + dt.timedelta(minutes=1))  # the phone's clock set right
    with _site_clock(site, site_time + dt.timedelta(minutes=1)):
        page.context.set_offline(False)
        page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["las-smaw"]
    assert _waiting(page) == {}


def test_a_phone_whose_clock_is_hours_fast_takes_a_vote_after_sleeping_offline(sites, services, new_page):
    """A phone two hours fast reads the site's clock, then sleeps ten minutes (Android's performance.now() stops in
    sleep, Date does not: it looks as if the clock were set) and wakes offline. The page dropped the site's clock it
    had read and went by the phone's: "voting has closed", the button disabled, an hour before closing. It keeps the
    difference until it can read the site's clock again, and that is read before the vote goes."""
    site = sites("google")
    page, _ = new_page(PHONE)
    real = CLOSES - dt.timedelta(hours=1)
    phone = real + dt.timedelta(hours=2)
    page.clock.install(time=phone)
    page.clock.pause_at(phone + dt.timedelta(seconds=1))
    with _site_clock(site, real):
        with page.expect_request_finished(lambda r: r.url == site.url + "vote/index.html"):
            page.goto(site.url + "poster/las-smaw/")
        _until(page, "() => !document.querySelector('[data-pg-vote-send]').disabled")
    page.clock.set_system_time(phone + dt.timedelta(minutes=10))  # asleep: Date moves on, performance.now() not
    page.context.set_offline(True)
    _until(page, "() => navigator.onLine === false")
    page.clock.run_for(15_000)  # the page's look at the window
    assert page.locator("[data-pg-vote-notice]").is_hidden()
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--queued").wait_for()
    with _site_clock(site, real + dt.timedelta(minutes=10)):
        with page.expect_request_finished(lambda r: r.url == site.url + "vote/index.html"):  # asked again first
            page.context.set_offline(False)
        page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["las-smaw"]
    assert _waiting(page) == {}


def test_a_vote_made_just_before_closing_is_sent_though_the_site_s_time_came_after_it(sites, services, new_page):
    """Phone and site agree. The vote is made 5 s before 'closes'; near the edge the page asks the site's time first,
    and on the venue's Wi-Fi the answer comes 1 s after closing. Made in time by both clocks, it goes, and reaches the
    form while the count still takes it as sent in time (LATE_ARRIVAL). Before, the page dropped it as too late."""
    site = sites("google")
    page, held = _vote_before_the_site_s_time_is_in(site, new_page, CLOSES - dt.timedelta(seconds=5))
    page.clock.run_for(6_000)
    with _site_clock(site, CLOSES + dt.timedelta(seconds=1)):
        held[0].continue_()
        page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": _token(page)}]
    assert _waiting(page) == {}
    assert page.locator("[data-pg-vote-notice]").inner_text().startswith("Pemungutan suara sudah ditutup (")


def test_a_phone_whose_clock_runs_behind_says_a_vote_after_closing_was_not_sent(sites, services, new_page):
    """The phone says voting closes in five minutes; the site says it closed two minutes ago. The count would
    reject the vote: the page says it could not be sent in time, and sends nothing."""
    site = sites("google")
    page, held = _vote_before_the_site_s_time_is_in(site, new_page, CLOSES - dt.timedelta(minutes=5))
    with _site_clock(site, CLOSES + dt.timedelta(minutes=2)):
        held[0].continue_()
        page.locator(".pg-vote__status--error").wait_for()
    assert _status(page) == (
        "Pilihan Anda untuk “Las SMAW dari Nol” tidak dapat dikirim tepat waktu: pemungutan "
        "suara sudah ditutup sebelum pilihan itu terkirim."
    )
    assert page.locator("[data-pg-vote-notice]").inner_text().startswith("Pemungutan suara sudah ditutup (")
    assert services.records == [] and _waiting(page) == {}
    assert page.locator("[data-pg-vote-chosen]").is_hidden()


def test_a_vote_first_sent_after_closing_by_the_site_s_clock_is_not_said_to_count_if_it_arrived(
    sites, services, new_page
):
    """The phone runs five minutes behind: the visitor votes two minutes before closing by its clock, three after
    by the site's, and puts the phone away while the page asks the site's time. The vote goes all the same (the
    page's last chance); once the site's time is in, the page must not say it was sent before voting closed and
    counts if it arrived: the count rejects it."""
    site = sites("google")
    page, held = _vote_before_the_site_s_time_is_in(site, new_page, CLOSES - dt.timedelta(minutes=2))
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    _until(page, "() => Object.values(localStorage).some(v => v.includes('\"tried\":true'))")
    with _site_clock(site, CLOSES + dt.timedelta(minutes=3)):
        held[0].continue_()
        page.locator(".pg-vote__status--error").wait_for()
    assert len(services.of("google")) == 1  # it went, three minutes after closing by the site's clock
    assert _status(page) == (
        "Pilihan Anda untuk “Las SMAW dari Nol” tidak dapat dikirim tepat waktu: pemungutan "
        "suara sudah ditutup sebelum pilihan itu terkirim."
    )
    assert _waiting(page) == {}


def test_a_vote_waiting_for_the_site_s_clock_goes_when_the_page_is_closed(sites, services, new_page):
    """Near the window's edges a vote waits for the site's clock, which on a crowded network can be slow to
    answer. A visitor who closes the page meanwhile still has the vote sent, once, carried on after the page
    has gone; it stays on the phone, and the next page of the site sends it again (the count keeps one)."""
    site = sites("google")
    page, _ = _vote_before_the_site_s_time_is_in(site, new_page, CLOSES - dt.timedelta(hours=2))
    assert services.records == []  # waiting for the site's clock
    token, context = _token(page), page.context
    page.close()
    clock = _wait_for_a_send(context, services)
    vote = {"entry.111": "las-smaw", "entry.222": token}
    assert [r["fields"] for r in services.of("google")] == [vote]
    again: list = []
    # The next page's send, held until the test has looked.
    clock.route("**/formResponse", lambda route: again.append(route))
    with clock.expect_request("**/formResponse"):
        clock.goto(site.url + "poster/kopi-gayo/")  # deep inside the window by this page's clock: sent at once
    assert _waiting(clock)["all"]["tried"] is True
    until_routed(clock, again)
    again[0].continue_()
    clock.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [vote, vote]
    assert _waiting(clock) == {}


def test_a_site_that_gives_no_time_leaves_the_phone_s_clock_to_decide(sites, services, new_page):
    """Near an edge, an answer without a Date header must not hold the vote back for good."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _site_gives_no_time(page, site)
    page.clock.install(time=CLOSES - dt.timedelta(minutes=5))
    page.goto(site.url + "poster/las-smaw/")
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": _token(page)}]


def test_a_site_that_gives_no_time_leaves_the_phone_s_clock_to_drop_a_vote_after_closing(sites, services, new_page):
    """A vote kept offline; back online, the phone says voting closed ten minutes ago and the site answers without
    a time: the phone's clock decides, and the vote is dropped as late, where it was kept "waiting" for good."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _site_gives_no_time(page, site)
    page.clock.install(time=CLOSES - dt.timedelta(days=2))  # deep inside the window: the site's time not asked
    _vote_offline(page, site, "poster/las-smaw/")
    page.clock.set_system_time(CLOSES + dt.timedelta(minutes=10))
    page.context.set_offline(False)
    for _ in range(40):  # the page's retries, on its own clock
        if page.locator(".pg-vote__status--error").count():
            break
        page.clock.run_for(5_000)
    assert _status(page) == (
        "Pilihan Anda untuk “Las SMAW dari Nol” tidak dapat dikirim tepat waktu: pemungutan "
        "suara sudah ditutup sebelum pilihan itu terkirim."
    )
    assert services.records == [] and _waiting(page) == {}


def test_without_javascript_the_vote_page_posts_the_form_to_google(sites, services, new_page):
    site = sites("google")
    page, _ = new_page(PHONE, java_script_enabled=False)
    page.goto(site.url + "vote/")
    assert page.locator("[data-pg-vote-search]").is_hidden()
    assert page.locator("[data-pg-vote-send]").is_hidden()  # the script's button, disabled until it runs
    page.locator("label[for=pg-vote-poster-ac-hemat]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pilihan").click()
    assert page.url == f"{services.url}forms/d/e/1FAIpQLSfStandIn123/formResponse"
    assert "Tanggapan Anda telah direkam." in page.content()
    [record] = services.of("google")
    assert record["fields"] == {"entry.111": "ac-hemat", "entry.222": ""}


def test_the_vote_page_does_not_move_under_the_visitor_s_finger_as_it_starts(sites, new_page):
    """The search box was shown by the script once the page had started, which pushed the whole list down
    (a layout shift of 0.07 with 60 posters, Lighthouse's phone), just as a visitor may tap a poster."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.add_init_script(
        "window.__shifts = []; new PerformanceObserver(list => { for (const e of list.getEntries()) "
        "window.__shifts.push(e.value); }).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(site.url + "vote/", wait_until="networkidle")
    _until(page, "() => document.querySelector('[data-pg-vote]').dataset.pgVoteReady === '1'")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # laid out again
    assert page.locator("[data-pg-vote-search]").is_visible()
    assert page.evaluate("window.__shifts") == []


def test_vote_page_search_filters_the_posters(sites, new_page):
    site = sites("google")
    page, watch = new_page(PHONE)
    page.goto(site.url + "vote/")
    assert page.locator(".pg-vote__item").count() == 4
    page.get_by_label("Cari poster").fill("kopi  ACEH")
    assert page.locator("[data-pg-vote-count]").inner_text() == "1 poster cocok"
    assert page.locator(".pg-vote__item:not([hidden])").evaluate_all("els => els.map(e => e.dataset.slug)") == [
        "kopi-gayo"
    ]
    page.get_by_label("Cari poster").fill("tidak ada")
    assert page.locator("[data-pg-vote-none]").inner_text() == "Tidak ada poster yang cocok."
    page.get_by_label("Cari poster").fill("")
    assert page.locator(".pg-vote__item:not([hidden])").count() == 4
    page.get_by_label("Cari poster").fill("perawatan")
    screenshot(page, "vote-page-phone")
    assert _problems(watch) == [], _problems(watch)


def test_vote_page_search_says_how_many_match_in_english_for_one_and_for_more(sites, new_page):
    page, watch = new_page(PHONE)
    page.goto(sites("formspree").url + "vote/")
    search = page.get_by_label("Search posters")
    search.fill("kopi")
    assert page.locator("[data-pg-vote-count]").inner_text() == "1 poster matches"
    search.fill("bpvp")
    assert page.locator("[data-pg-vote-count]").inner_text() == "4 posters match"
    search.fill("nothing like this")
    assert page.locator("[data-pg-vote-count]").inner_text() == "0 posters match"
    assert _problems(watch) == [], _problems(watch)


# ---------------------------------------------------------------- Formspree ---


def test_formspree_vote_with_a_ballot_code_per_role_fails_then_succeeds_on_retry(sites, services, new_page):
    site = sites("formspree")
    page, _ = new_page(PHONE)
    page.goto(site.url + "vote/?poster=kopi-gayo")
    legends = page.locator(".pg-vote__legend").all_inner_texts()
    assert legends == ["Instructors", "Trainees", "Alumni"]
    trainees = page.locator("form[data-scope=trainee]")
    assert trainees.locator(".pg-vote__radio:checked").get_attribute("value") == "kopi-gayo"
    send = trainees.get_by_role("button", name="Send my vote")
    send.click()
    assert trainees.locator("[data-pg-vote-status]").inner_text() == "Enter your ballot code first."
    trainees.get_by_label("Ballot code (printed on your card)").fill("abcd-2347")
    send.click()
    assert (
        trainees.locator("[data-pg-vote-status]").inner_text()
        == "This ballot code is not valid; check its letters and digits again."
    )
    assert services.of("formspree") == []

    trainees.get_by_label("Ballot code (printed on your card)").fill("abcd-2345")
    services.fail("formspree", times=1, status=503)
    send.click()
    trainees.locator(".pg-vote__status--queued").wait_for()
    assert trainees.locator("[data-pg-vote-status] p").first.inner_text() == (
        "The form service cannot take your vote just now (the form service answered 503). It is saved on this "
        "phone and sent again by itself: in a moment while this page stays open, or when a page of the gallery is "
        "opened again."
    )
    assert trainees.locator(".pg-vote__prefilled").count() == 0
    trainees.get_by_role("button", name="Try again").click()
    trainees.locator(".pg-vote__status--ok").wait_for()
    [record] = services.of("formspree")
    assert record["fields"] == {"poster": "kopi-gayo", "token": _token(page), "code": CODE}
    assert record["accept"] == "application/json"
    assert trainees.locator("[data-pg-vote-chosen]").inner_text() == "You voted for: Kedai Kopi Gayo"
    # One vote per role: the alumni ballot is still open, and remembers nothing yet.
    assert page.locator("form[data-scope=alumni] [data-pg-vote-chosen]").is_hidden()


def test_same_code_asks_again_but_another_code_on_the_same_phone_does_not(sites, services, new_page):
    site = sites("formspree")
    page, _ = new_page(PHONE)
    page.goto(site.url + "poster/ac-hemat/")
    page.get_by_label("Ballot code (printed on your card)").fill(CODE)
    page.get_by_role("button", name="Vote for this poster").click()
    page.locator(".pg-vote__status--ok").wait_for()
    page.goto(site.url + "poster/kopi-gayo/")
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "You voted for: Perawatan AC Hemat Energi"
    page.get_by_label("Ballot code (printed on your card)").fill(CODE.lower())
    page.get_by_role("button", name="Vote for this poster").click()
    assert _status(page).startswith("This code was already used to vote for “Perawatan AC Hemat Energi”.")
    page.get_by_role("button", name="Cancel").click()
    page.get_by_label("Ballot code (printed on your card)").fill("ZZZZ-ZZZ9")
    page.get_by_role("button", name="Vote for this poster").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [(r["fields"]["poster"], r["fields"]["code"]) for r in services.of("formspree")] == [
        ("ac-hemat", CODE),
        ("kopi-gayo", "ZZZZZZZ9"),
    ]
    # The first code again, after another's vote: still asked, as the count keeps that code's first vote.
    page.goto(site.url + "poster/kopi-gayo/")
    page.get_by_label("Ballot code (printed on your card)").fill(CODE)
    page.get_by_role("button", name="Vote for this poster").click()
    assert _status(page).startswith("This code was already used to vote for “Perawatan AC Hemat Energi”.")
    assert len(services.of("formspree")) == 2


def test_another_code_on_the_same_phone_never_replaces_a_vote_still_waiting(sites, services, new_page):
    """Two people with ballot codes vote on one phone, the first vote could not be sent and waits: the second does
    not take its place (the waiting list holds one vote a ballot) but waits its turn, and both arrive."""
    site = sites("formspree")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "poster/kopi-gayo/")
    code = page.get_by_label("Ballot code (printed on your card)")
    send = page.get_by_role("button", name="Vote for this poster")
    code.fill(CODE)
    services.fail("formspree", times=1, status=503)  # "not now": the vote waits on the phone
    send.click()
    page.locator(".pg-vote__status--queued").wait_for()
    code.fill("ZZZZ-ZZZ9")
    send.click()
    assert _status(page) == (
        "A vote made on this phone with another ballot code is still waiting to be sent. Keep this page open "
        "and send yours once that one has gone."
    )
    [waiting] = _waiting(page).values()
    assert waiting["body"] == f"poster=kopi-gayo&token={_token(page)}&code={CODE}"
    page.clock.run_for(5_000)  # the first automatic retry sends the waiting vote
    page.locator(".pg-vote__status--ok").wait_for()
    send.click()
    _sends_settled(page, "trainee")
    assert [(r["fields"]["poster"], r["fields"]["code"]) for r in services.of("formspree")] == [
        ("kopi-gayo", CODE),
        ("kopi-gayo", "ZZZZZZZ9"),
    ]
    assert _waiting(page) == {}


def test_a_code_pasted_from_a_chat_is_sent_as_printed_and_look_alikes_are_refused(sites, services, new_page):
    site = sites("formspree")
    page, watch = new_page(PHONE)
    page.goto(site.url + "poster/kopi-gayo/")
    field = page.get_by_label("Ballot code (printed on your card)")
    field.fill("ABCD-2O45")  # an O, which no card has: not taken for a D or a Q
    page.get_by_role("button", name="Vote for this poster").click()
    assert _status(page) == "This ballot code is not valid; check its letters and digits again."
    assert field.get_attribute("aria-invalid") == "true"
    # A no-break space before, an en dash and a zero-width space inside, full-width digits: as phones paste it.
    field.fill("\u00a0abcd\u2013\u200b\uff12\uff13\uff14\uff15")
    page.get_by_role("button", name="Vote for this poster").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["code"] for r in services.of("formspree")] == [CODE]
    assert field.get_attribute("aria-invalid") == "false"
    # Typed with a space after every character (16 characters): cut to 12, it was called not valid.
    page.goto(site.url + "poster/las-smaw/")  # another role's ballot
    page.get_by_label("Ballot code (printed on your card)").fill("A B C D 2 3 4 5 ")
    page.get_by_role("button", name="Vote for this poster").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["code"] for r in services.of("formspree")] == [CODE, CODE]
    assert watch.problems() == []


def _ballot_ready(page, slug: str) -> None:
    """Wait until the ballot of ``slug``'s poster page is in the document and started. Material may change
    the address before it swaps the new page in: until then the previous poster's ballot is there."""
    page.wait_for_function(
        """(slug) => {
        const root = document.querySelector('[data-pg-vote]');
        return root?.dataset.pgVoteReady === '1' && root.querySelector('[data-pg-vote-poster]')?.value === slug;
    }""",
        arg=slug,
    )


@contextlib.contextmanager
def _swapping_in_from_here(page, site):
    """The block loads a page of the instant-navigation site; after it, Material swaps pages in, and
    ``window.__sameDocument`` is true until a page is loaded instead. Material swaps in only the pages its
    sitemap lists, fetched as it starts: a click before it is read is an ordinary link (as a busy machine showed)."""
    with page.expect_response(lambda response: response.url == site.url + "sitemap.xml") as sitemap:
        yield
    assert sitemap.value.finished() is None
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")  # (and read)
    page.evaluate("window.__sameDocument = true")


def test_instant_navigation_starts_the_ballot_of_every_page_it_swaps_in(sites, services, new_page):
    site = sites("instant")
    page, watch = new_page(DESKTOP)
    with _swapping_in_from_here(page, site):
        page.goto(site.url)
    page.locator(".pg-card__link", has_text="Kedai Kopi Gayo").click()
    page.wait_for_url("**/poster/kopi-gayo/")
    _ballot_ready(page, "kopi-gayo")
    token = page.input_value("[data-pg-vote-token]")
    assert re.fullmatch(r"[0-9a-f]{32}", token) and page.evaluate("window.__sameDocument") is True
    page.get_by_label("Ballot code (printed on your card)").fill("abcd-2347")
    page.get_by_role("button", name="Vote for this poster").click()
    assert _status(page) == "This ballot code is not valid; check its letters and digits again."
    # The next poster, swapped in too: vote.js does not run again (a module runs once), Material's
    # document$ starts its ballot, which sends in place.
    page.locator(".pg-prevnext a", has_text="Las SMAW dari Nol").click()
    page.wait_for_url("**/poster/las-smaw/")
    _ballot_ready(page, "las-smaw")
    assert page.input_value("[data-pg-vote-token]") == token and page.evaluate("window.__sameDocument") is True
    page.get_by_label("Ballot code (printed on your card)").fill("abcd-2345")
    page.get_by_role("button", name="Vote for this poster").click()
    # On a loaded machine the answer may take a while; when it does not come, say what the page shows.
    page.wait_for_function(
        "document.querySelector('.pg-vote__status--ok, .pg-vote__status--error, .pg-vote__status--queued')",
        timeout=30_000,
    )
    assert page.locator(".pg-vote__status--ok").count() == 1, (_status(page), services.of("formspree"))
    [record] = services.of("formspree")
    assert record["fields"] == {"poster": "las-smaw", "token": token, "code": CODE}
    # The vote page, swapped in from the poster's link to it: the poster is chosen, the search works.
    page.locator(".pg-vote__more a").click()
    page.wait_for_url("**/vote/?poster=las-smaw")
    page.wait_for_function("document.querySelector('.pg-vote__radio:checked')?.value === 'las-smaw'")
    page.locator("[data-pg-vote-query]").fill("kopi")
    assert page.locator(".pg-vote__item:not([hidden])").count() == 1
    assert page.evaluate("window.__sameDocument") is True
    assert _problems(watch) == []


def test_instant_navigation_from_a_poster_page_whose_ballot_started_before_material(sites, services, new_page):
    """A visitor comes straight to a poster page (its QR code) on a slow connection: vote.js starts its ballot
    before Material's bundle has arrived. The next poster, swapped in by Material's instant navigation, has its
    ballot started too: vote.js does not run again, so it follows Material's pages once the bundle is in."""
    site = sites("instant")
    page, watch = new_page(DESKTOP)
    held = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))  # hangs until released
    with _swapping_in_from_here(page, site):
        page.goto(site.url + "poster/kopi-gayo/", wait_until="commit")
        _ballot_ready(page, "kopi-gayo")
        assert page.evaluate("document.readyState") == "loading" and len(held) == 1  # before Material
        held[0].continue_()
    page.locator(".pg-prevnext a", has_text="Las SMAW dari Nol").click()
    page.wait_for_url("**/poster/las-smaw/")
    _ballot_ready(page, "las-smaw")
    assert page.evaluate("window.__sameDocument") is True
    assert _problems(watch) == []


def test_without_javascript_formspree_gets_a_plain_form_post(sites, services, new_page):
    site = sites("formspree")
    page, _ = new_page(PHONE, java_script_enabled=False)
    page.goto(site.url + "poster/las-smaw/")
    page.get_by_label("Ballot code (printed on your card)").fill("ABCD-2345")
    with page.expect_navigation():
        page.get_by_role("button", name="Vote for this poster").click()
    assert page.url == services.url + "thanks"
    [record] = services.of("formspree")
    assert record["fields"] == {"poster": "las-smaw", "token": "", "code": "ABCD-2345"}
    assert "application/json" not in record["accept"]


# ------------------------------------------------------------ form endpoint ---


@pytest.mark.parametrize(
    "status, shown, text, kept",
    [
        # "No": said with the service's status; the vote leaves the phone, and the retry button sends it again.
        (
            422,
            "error",
            "Pilihan Anda belum terkirim: layanan formulir menjawab 422. Mohon beri tahu panitia; setelah formulirnya "
            "diperbaiki, coba lagi.",
            [],
        ),
        # A no in words under a 200 ({"success": false}): a refusal, said as one, not as "answered 200".
        (
            200,
            "error",
            "Pilihan Anda belum terkirim: layanan formulir menolaknya. Mohon beri tahu panitia; setelah formulirnya "
            "diperbaiki, coba lagi.",
            [],
        ),
        # "Not now": the vote stays on the phone, the visitor is told so, and the page sends it again by itself.
        (
            500,
            "queued",
            "Layanan formulir belum dapat menerima pilihan Anda saat ini (layanan formulir menjawab 500). Pilihan "
            "Anda disimpan di ponsel ini dan dikirim ulang dengan sendirinya: sebentar lagi selama halaman ini "
            "terbuka, atau saat halaman galeri dibuka lagi.",
            ["kasir-umkm"],
        ),
    ],
)
def test_any_form_endpoint_gets_the_vote_and_its_answer_decides(sites, services, new_page, status, shown, text, kept):
    site = sites("form")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "poster/kasir-umkm/")
    services.fail("form", times=1, status=status)
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(f".pg-vote__status--{shown}").wait_for()
    assert page.locator("[data-pg-vote-status] p").first.inner_text() == text
    assert [entry["poster"] for entry in _waiting(page).values()] == kept
    assert page.locator(".pg-vote__prefilled").count() == 0
    if kept:
        page.clock.run_for(5_000)  # the first automatic retry
    else:
        page.get_by_role("button", name="Coba lagi").click()
    page.locator(".pg-vote__status--ok").wait_for()
    [record] = services.of("form")
    assert record["fields"] == {"poster": "kasir-umkm", "token": _token(page)}
    assert record["accept"] == "application/json"
    assert record["origin"] == site.origin
    assert _waiting(page) == {}


def test_a_yes_that_stalls_half_way_does_not_hold_the_send_for_good(sites, services, new_page):
    """The endpoint says yes, then its answer stops half-way (a stalled connection): after the send's time
    limit the page takes it as the yes it began as, says sent and lets go of the ballot."""
    site = sites("form")
    page, _ = new_page(PHONE)
    # Count the answers whose status and headers reached the page (fetch resolves then, before the body).
    page.add_init_script(
        "window.__answered = 0; const fetchAsIs = window.fetch;"
        "window.fetch = (...args) => fetchAsIs(...args).then((r) => { window.__answered++; return r; });"
    )
    _hold_timers(page)
    page.goto(site.url + "poster/kasir-umkm/")
    services.stall_answers = True
    page.get_by_role("button", name="Pilih poster ini").click()
    _until(page, "() => window.__answered === 1")
    assert page.locator(".pg-vote__status--busy").is_visible()
    assert [r["fields"]["poster"] for r in services.of("form")] == ["kasir-umkm"]
    page.clock.run_for(20_000)  # the send's time limit
    page.locator(".pg-vote__status--ok").wait_for()
    _sends_settled(page, "all")  # the ballot's lock is free again
    assert _waiting(page) == {}


def test_formspree_limiting_the_rate_keeps_the_vote_until_it_takes_it(sites, services, new_page):
    """Formspree answers 429 when too many votes come at once (a venue's phones share one address): the vote
    is kept and sent again by itself until Formspree takes it, once."""
    site = sites("formspree")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "poster/las-smaw/")
    page.get_by_label("Ballot code (printed on your card)").fill(CODE)
    services.formspree_forms["xyzzyabc"] = "busy"
    try:
        page.get_by_role("button", name="Vote for this poster").click()
        page.locator(".pg-vote__status--queued").wait_for()
        assert "(the form service answered 429)" in _status(page)
        page.clock.run_for(5_000)  # the first retry: still too many
        _sends_settled(page, "alumni")
        assert page.locator(".pg-vote__status--queued").is_visible()
        assert [r["fields"]["poster"] for r in services.received if r["service"] == "formspree"] == ["las-smaw"] * 2
        services.formspree_forms["xyzzyabc"] = "active"
        page.clock.run_for(10_000)  # the second retry, after twice the wait
        page.locator(".pg-vote__status--ok").wait_for()
    finally:
        services.formspree_forms["xyzzyabc"] = "active"
    [record] = services.of("formspree")
    assert record["fields"] == {"poster": "las-smaw", "token": _token(page), "code": CODE}
    assert _waiting(page) == {}


def _vote_for_kasir_umkm(site, new_page, shown: str):
    """A phone (its timers held) that votes for kasir-umkm on an English site; returns the page once it says
    ``shown`` (ok, queued, error)."""
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "poster/kasir-umkm/")
    page.get_by_role("button", name="Vote for this poster").click()
    page.locator(f".pg-vote__status--{shown}").wait_for()
    return page


def test_an_endpoint_that_sends_the_vote_on_to_its_sign_in_page_keeps_the_vote(sites, services, new_page):
    """An endpoint that wants an account sends a post on to its sign-in page, both answers readable by the site:
    the page took the sign-in page's 200 for a yes, said "sent" and let the vote go, and nothing was stored."""
    page = _vote_for_kasir_umkm(sites("form-session"), new_page, "queued")
    assert page.locator("[data-pg-vote-status] p").first.inner_text() == (
        "The form service cannot take your vote just now (it was sent on to a sign-in page instead of being taken). "
        "It is saved on this phone and sent again by itself: in a moment while this page stays open, or when a page "
        "of the gallery is opened again."
    )
    assert [r["fields"]["poster"] for r in services.received if r["service"] == "form"] == ["kasir-umkm"]
    assert services.of("form") == [] and [e["poster"] for e in _waiting(page).values()] == ["kasir-umkm"]
    assert page.locator("[data-pg-vote-chosen]").is_hidden()
    page.clock.run_for(5_000)  # sent again, on to the sign-in page again: still kept
    until_holds(page, lambda: len([r for r in services.received if r["service"] == "form"]) == 2, "the retry")
    assert [e["poster"] for e in _waiting(page).values()] == ["kasir-umkm"]


def test_an_endpoint_that_stores_the_vote_and_shows_its_thank_you_page_has_taken_it(sites, services, new_page):
    """The same redirect to a web page, not a sign-in page: a thank-you page after the vote was stored. That is a
    yes, said once, not a vote kept and sent again and again."""
    page = _vote_for_kasir_umkm(sites("form-stored"), new_page, "ok")
    assert [r["fields"]["poster"] for r in services.of("form")] == ["kasir-umkm"] and _waiting(page) == {}


# -------------------------------------------------------------------- Tally ---


def test_tally_form_is_embedded_with_poster_and_token_as_hidden_fields(sites, services, new_page):
    site = sites("tally")
    page, _ = new_page(PHONE)
    page.goto(site.url + "vote/?poster=las-smaw")
    page.get_by_role("button", name="Lanjut ke formulir").click()
    frame = page.locator("iframe.pg-vote__frame")
    src = urllib.parse.urlsplit(frame.get_attribute("src"))
    token = _token(page)
    assert f"{src.scheme}://{src.netloc}{src.path}" == services.url + "embed/wAbc12"
    assert urllib.parse.parse_qs(src.query)["poster"] == ["las-smaw"]
    assert urllib.parse.parse_qs(src.query)["token"] == [token]
    assert frame.get_attribute("title") == "Formulir pemungutan suara"
    page.frame_locator("iframe.pg-vote__frame").get_by_role("button", name="Submit").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert _status(page) == "Terima kasih! Formulir Anda sudah terkirim."
    [record] = services.of("tally")
    assert record["fields"] == {"poster": "las-smaw", "token": token}
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"


def test_two_embedded_tally_forms_of_two_roles_are_each_followed_until_sent(sites, services, new_page):
    """One ballot a role: the trainees' form opened, then the alumni's. Sending the first is said and remembered in
    its ballot (before, only the form opened last was followed: the vote Tally took went unsaid, and a second one in
    that ballot was sent without asking)."""
    site = sites("tally-roles")
    page, _ = new_page(PHONE)
    page.goto(site.url + "vote/")
    trainee, alumni = page.locator("form[data-scope=trainee]"), page.locator("form[data-scope=alumni]")
    trainee.locator("label[for=pg-vote-poster-kopi-gayo]").click()
    trainee.get_by_role("button", name="Lanjut ke formulir").click()
    alumni.locator("label[for=pg-vote-poster-las-smaw]").click()
    alumni.get_by_role("button", name="Lanjut ke formulir").click()
    alumni.locator("iframe.pg-vote__frame").wait_for()
    assert page.locator("iframe.pg-vote__frame").count() == 2
    trainee.frame_locator("iframe.pg-vote__frame").get_by_role("button", name="Submit").click()
    trainee.locator(".pg-vote__status--ok").wait_for()
    assert trainee.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Kedai Kopi Gayo"
    assert [r["fields"]["poster"] for r in services.of("tally")] == ["kopi-gayo"]
    trainee.locator("label[for=pg-vote-poster-ac-hemat]").click()
    trainee.get_by_role("button", name="Lanjut ke formulir").click()
    trainee.locator(".pg-vote__status--ask").wait_for()  # "only the first counts": asked first
    alumni.frame_locator("iframe.pg-vote__frame").get_by_role("button", name="Submit").click()
    alumni.locator(".pg-vote__status--ok").wait_for()
    assert alumni.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert [r["fields"]["poster"] for r in services.of("tally")] == ["kopi-gayo", "las-smaw"]


def test_without_javascript_the_tally_form_opens_with_the_poster_filled_in(sites, services, new_page):
    site = sites("tally")
    page, _ = new_page(PHONE, java_script_enabled=False)
    page.goto(site.url + "poster/kopi-gayo/")
    with page.expect_navigation():
        page.get_by_role("button", name="Pilih poster ini").click()
    assert page.url == services.url + "r/wAbc12?poster=kopi-gayo&token="
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(services.url + "tally-submit/wAbc12")
    assert services.of("tally")[0]["fields"] == {"poster": "kopi-gayo", "token": ""}


# ------------------------------------------------- votes kept on the phone ---

KEPT_ID = "Pilihan Anda disimpan di ponsel ini dan akan dikirim saat tersambung lagi."
KEPT_EN = "Your vote is saved on this phone and will be sent when you are back online."


def _hold_timers(page):
    """Install the page's fake clock at NOW and stop it: the automatic retry fires only when the test
    moves the clock on (page.clock.run_for), never on its own."""
    page.clock.install(time=NOW)
    page.clock.pause_at(NOW + dt.timedelta(seconds=1))


def _waiting(page) -> dict:
    """The votes waiting in this browser's localStorage: scope -> entry."""
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage).filter(k => k.includes(':queue:'))
        .map(k => [k.split(':queue:')[1], JSON.parse(localStorage.getItem(k))]))""")


def _sends_settled(page, scope: str) -> None:
    """Returns once every send of ``scope`` this page started has finished: a send holds the scope's
    lock for its whole request, and the lock is granted in the order asked for."""
    page.evaluate(
        """async (scope) => {
        const ballot = JSON.parse(document.querySelector('[data-pg-vote]').dataset.pgVote).ballot;
        await navigator.locks.request('pg-vote:' + ballot + ':send:' + scope, () => true);
    }""",
        scope,
    )


def _until(page, condition: str) -> None:
    """Wait until ``condition`` holds in the page, checking every 100 ms of real time (the default
    checks on animation frames, which stop while the page's clock is held)."""
    page.wait_for_function(condition, polling=100)


@contextlib.contextmanager
def _phone_tabs(browser, site, paths, first_script: str | None = None, tab_scripts: tuple[str, ...] = ()):
    """(context, tabs): a phone's browser whose clock is held a second after NOW (timers move only when the test
    moves them), with a tab open at each of ``paths`` of ``site``; ``first_script`` runs in each page before its
    own scripts, and ``tab_scripts[i]``, where given, after it in tab i alone. Closed after the block."""
    context = browser.new_context(viewport=PHONE)
    try:
        if first_script:
            context.add_init_script(first_script)
        context.clock.install(time=NOW)
        context.clock.pause_at(NOW + dt.timedelta(seconds=1))
        tabs = [context.new_page() for _ in paths]
        for tab, script in zip(tabs, tab_scripts):
            tab.add_init_script(script)
        for tab, path in zip(tabs, paths):
            tab.set_default_timeout(10_000)
            tab.goto(site.url + path)
        yield context, tabs
    finally:
        context.close()


# A browser without the Web Locks API (older phones): the lease in localStorage takes its place.
NO_WEB_LOCKS = "Object.defineProperty(Navigator.prototype, 'locks', {get: () => undefined})"


def _vote_offline_in_the_first_tab(context, tabs, locks: bool) -> None:
    """With the connection cut, a vote from the first tab's ballot; returns once every tab shows it waiting.
    ``locks``: whether the browser has the Web Locks API (else the lease in localStorage stands in)."""
    context.set_offline(True)
    for tab in tabs:
        _until(tab, "() => navigator.onLine === false")
    tabs[0].get_by_role("button", name="Pilih poster ini").click()
    if not locks:
        context.clock.run_for(1_000)  # the lease is checked again after a pause
    for tab in tabs:
        tab.locator(".pg-vote__status--queued").wait_for()


def _every_send_over(tabs, locks: bool) -> None:
    """Returns once no tab has a send of the vote page's scope under way."""
    for tab in tabs:
        if locks:
            _sends_settled(tab, "all")
        else:  # a send holds its lease until its request is over
            _until(tab, "() => !Object.keys(localStorage).some(k => k.includes(':send:'))")


# The send lease as a tab's copy of localStorage holds it (its JSON), or null.
SEND_LEASE = "Object.keys(localStorage).filter(k => k.includes(':send:')).map(k => localStorage.getItem(k))[0] || null"


def _leases_agree(tabs) -> None:
    """The pause before a lease is checked again is there for the tabs' storage to agree on the last writer; with
    the clock held, the test waits for that agreement itself."""
    _same_in_every_tab(tabs, SEND_LEASE)


def _same_in_every_tab(tabs, expression: str) -> None:
    """Wait until every tab reads the same value (not null) from ``expression``: their copies of
    localStorage agree. Each try is a round trip to the pages, no sleep."""
    for _ in range(2000):
        values = {tab.evaluate(expression) for tab in tabs}
        if len(values) == 1 and None not in values:
            return
    raise AssertionError(f"the tabs never agreed: {values}")


def _vote_offline(page, site, path, code=None, button="Pilih poster ini"):
    page.goto(site.url + path, wait_until="networkidle")  # the page's own loads (search index, images) are done
    page.context.set_offline(True)
    # Playwright's answer can come before the page itself hears of it: vote.js asks navigator.onLine.
    _until(page, "() => navigator.onLine === false")
    if code:
        page.get_by_label("Ballot code (printed on your card)").fill(code)
    page.get_by_role("button", name=button).click()
    try:
        page.locator(".pg-vote__status--queued").wait_for()
    except Exception as error:  # say what the page shows instead
        raise AssertionError(f"not kept on the phone: {_status(page)!r}, waiting: {_waiting(page)}") from error


@pytest.mark.parametrize(
    "name, path, code, button, kept, sent, service, expected",
    [
        (
            "google",
            "poster/las-smaw/",
            None,
            "Pilih poster ini",
            KEPT_ID,
            "Terima kasih! Pilihan Anda sudah terkirim.",
            "google",
            {"entry.111": "las-smaw", "entry.222": "{token}"},
        ),
        (
            "formspree",
            "poster/kopi-gayo/",
            "abcd 2345",
            "Vote for this poster",
            KEPT_EN,
            "Thank you! Your vote has been sent.",
            "formspree",
            {"poster": "kopi-gayo", "token": "{token}", "code": CODE},
        ),
    ],
)
def test_a_vote_made_offline_is_kept_and_sent_once_when_back_online(
    sites, services, new_page, name, path, code, button, kept, sent, service, expected
):
    site = sites(name)
    page, watch = new_page(PHONE)
    _hold_timers(page)  # only the browser's "online" can send it
    _vote_offline(page, site, path, code, button)
    assert page.locator("[data-pg-vote-status] p").first.inner_text() == kept
    assert page.get_by_role("button", name="Coba lagi" if name == "google" else "Try again").is_visible()
    assert page.locator("[data-pg-vote-chosen]").is_hidden()
    token = _token(page)
    fields = {k: v.format(token=token) for k, v in expected.items()}
    scope = "all" if name == "google" else "trainee"
    [(waiting_scope, entry)] = _waiting(page).items()
    assert waiting_scope == scope and entry["body"] == urllib.parse.urlencode(fields)
    assert services.records == []

    page.context.set_offline(False)
    page.locator(".pg-vote__status--ok").wait_for()
    assert _status(page) == sent
    assert [r["fields"] for r in services.of(service)] == [fields] and len(services.records) == 1
    assert _waiting(page) == {}
    assert page.locator("[data-pg-vote-chosen]").is_visible()

    # Loading the page again sends nothing more.
    requests = []
    page.on("request", lambda r: r.url.startswith(services.url) and requests.append(r.url))
    page.reload()
    _sends_settled(page, scope)
    assert requests == [] and len(services.records) == 1
    # Offline, the browser's own favicon request failed; no request of the page did.
    offline = "net::ERR_INTERNET_DISCONNECTED"
    problems = [
        p
        for p in _problems(watch)
        if not (p == f"Failed to load resource: {offline}" or p.endswith(f"/favicon.png {offline}"))
    ]
    assert problems == []


def test_a_vote_on_its_way_when_the_page_is_closed_still_reaches_the_form(tmp_path_factory, new_page):
    """On a crowded network a phone's first tries to reach the form service go unanswered. A visitor who taps
    the button and closes the page while the vote is on its way still has it sent: the browser carries the request on after
    the page has gone (fetch's keepalive), here a second or so later, when its next try to connect is taken."""
    held = FormServices().start(held=True)
    project = Project(tmp_path_factory.mktemp("held") / "site-project")
    for slug, details in POSTERS.items():
        project.add_poster(slug, _poster_yml(*details))
    project.write_config(
        f"""
        vote:
          provider: google_forms
          url: {held.url}forms/d/e/1FAIpQLSfStandIn123/formResponse
          fields: {{poster: entry.111, token: entry.222}}
        """,
        language="id",
    )
    build_site(project.root)
    server = SiteServer(project.root / "site", "/poster-gallery/").start()
    try:
        page, _ = new_page(PHONE)
        page.goto(server.url + "poster/las-smaw/", wait_until="networkidle")
        # On its way: the request itself made (the page says "sending" a moment before, while it takes the lock).
        with page.expect_request("**/formResponse"):
            page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--busy").wait_for()
        token, context = _token(page), page.context
        page.close()
        assert held.received == []
        held.release()
        _wait_for_a_send(context, held, seconds=15)
        assert [r["fields"] for r in held.of("google")] == [{"entry.111": "las-smaw", "entry.222": token}]
    finally:
        server.stop()
        held.stop()


def test_the_kept_vote_message_is_accessible_and_stays_put_while_offline(sites, services, new_page):
    """Real timers here (axe-core needs them): offline, the automatic retry cannot start, and the
    message with its buttons is left as it is rather than built again under the visitor's finger."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _vote_offline(page, site, "poster/las-smaw/")
    page.evaluate("""() => { window.rebuilt = 0; new MutationObserver(() => window.rebuilt++)
        .observe(document.querySelector('[data-pg-vote-status]'), {childList: true}); }""")
    retry = page.get_by_role("button", name="Coba lagi")
    # Offline: nothing to do but keep saying so. Pressed without pointer or focus, and the pointer
    # moved off the send button: the theme's hover and focus colours are not this test's business.
    retry.dispatch_event("click")
    page.mouse.move(0, 0)
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime < Infinity)
        .map(a => a.finished.catch(() => null)))""")
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    violations = Axe().run(page, context=".pg-vote", options=wcag).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    screenshot(page, "vote-kept-phone")
    assert page.evaluate("window.rebuilt") == 0 and retry.is_visible()
    assert _status(page).startswith(KEPT_ID) and services.records == []


def test_a_vote_left_waiting_is_sent_when_another_poster_page_opens(sites, services, new_page):
    site = sites("google")
    page, _ = new_page(PHONE)
    _vote_offline(page, site, "poster/las-smaw/")
    token = _token(page)
    later = _back_online_in_a_new_page(page, new_page)
    assert services.records == []
    later.goto(site.url + "poster/ac-hemat/")
    later.locator(".pg-vote__status--ok").wait_for()
    assert later.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": token}]
    later.goto(site.url + "vote/")
    _sends_settled(later, "all")
    assert len(services.records) == 1
    assert later.locator(".pg-vote__item--mine").get_attribute("data-slug") == "las-smaw"


def test_a_vote_left_waiting_is_sent_though_another_site_of_the_host_filled_the_storage(sites, services, new_page):
    """Every site under one github.io host shares localStorage. Another one filled it to the brim while a vote waited
    on the phone: the next page still reads it, sends it with its token, and asks before another vote. Before, a page
    that could not write a probe read nothing either: the vote stayed unsent, and a new token took a second vote."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _vote_offline(page, site, "poster/las-smaw/")
    token = _token(page)
    later = _back_online_in_a_new_page(page, new_page)
    later.goto(site.origin + "/another-site/")  # a page of the same host, outside this gallery
    assert later.evaluate("""() => { let size = 1 << 20, i = 0, refused = 0;
        while (size >= 1) { try { localStorage.setItem('another-site:' + i++, 'x'.repeat(size)); }
                            catch (e) { size >>= 1; refused++; } }
        try { localStorage.setItem('pg-vote:probe', 'pg-vote:probe'); return false; } catch (e) { return refused > 0; } }""")
    later.goto(site.url + "poster/ac-hemat/")
    later.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": token}]
    assert later.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert _token(later) == token


def _back_online_in_a_new_page(page, new_page):
    """The visitor leaves ``page`` while offline and, back online, opens a new page in the same browser.

    The page left goes blank (its pagehide runs with the network cut) and stays so, offline; the new page is the same
    phone in a context of its own (new_page.same_phone), so the old document can never hear the network come back."""
    page.goto("about:blank")
    later, _ = new_page.same_phone(page)
    return later


def test_a_vote_of_one_role_waiting_is_sent_from_a_page_of_another_role(sites, services, new_page):
    site = sites("formspree")
    page, _ = new_page(PHONE)
    _vote_offline(page, site, "poster/kopi-gayo/", CODE, "Vote for this poster")  # a trainee's poster
    later = _back_online_in_a_new_page(page, new_page)
    later.goto(site.url + "poster/las-smaw/")  # an alumni poster: its ballot is another one
    _until(later, "() => !Object.keys(localStorage).some(k => k.includes(':queue:'))")
    [record] = services.of("formspree")
    assert record["fields"] == {"poster": "kopi-gayo", "token": _token(later), "code": CODE}
    assert later.locator("[data-pg-vote-status]").inner_text() == ""  # this page's own ballot has nothing to say
    later.goto(site.url + "vote/")
    assert (
        later.locator("form[data-scope=trainee] [data-pg-vote-chosen]").inner_text() == "You voted for: Kedai Kopi Gayo"
    )
    assert later.locator("form[data-scope=alumni] [data-pg-vote-chosen]").is_hidden()


def _trainee_vote_refused_on_an_alumni_page(site, services, new_page):
    """A trainee vote kept offline, sent from an alumni poster page opened later, which the service refuses (403):
    (that page, the refusal told there)."""
    page, _ = new_page(PHONE)
    _vote_offline(page, site, "poster/kopi-gayo/", CODE, "Vote for this poster")
    later = _back_online_in_a_new_page(page, new_page)
    services.fail("formspree", times=1, status=403)
    later.goto(site.url + "poster/las-smaw/")
    told = later.locator("[data-pg-vote-status] p.pg-vote__status--error")
    told.wait_for()
    return later, told


def test_a_vote_of_one_role_refused_from_a_page_of_another_role_is_told_there_with_a_retry(sites, services, new_page):
    """The trainee vote waiting on the phone is sent from an alumni poster page, and the form service refuses it
    (a form switched off for a while). It leaves the phone: told nowhere, it was gone without a word."""
    site = sites("formspree")
    later, told = _trainee_vote_refused_on_an_alumni_page(site, services, new_page)
    assert told.inner_text() == (
        "Your vote for “Kedai Kopi Gayo” was not sent: the form service answered 403. Please tell the committee; "
        "once the form is fixed, try again."
    )
    assert services.of("formspree") == [] and _waiting(later) == {}
    later.get_by_role("button", name="Try again").click()
    _until(later, "() => !Object.keys(localStorage).some(k => k.includes(':queue:'))")
    [record] = services.of("formspree")
    assert record["fields"] == {"poster": "kopi-gayo", "token": _token(later), "code": CODE}
    assert told.count() == 0 and later.get_by_role("button", name="Try again").count() == 0


def test_a_refused_vote_of_another_role_is_not_sent_over_one_counted_since_without_asking(sites, services, new_page):
    """The trainee vote refused on an alumni page (told there with a retry); meanwhile the same code voted for
    another trainee poster in another tab. Retried unasked, the page said the refused vote was sent, while the
    count keeps the first vote of the code: the retry now asks, as a new vote would."""
    site = sites("formspree")
    later, told = _trainee_vote_refused_on_an_alumni_page(site, services, new_page)
    other = later.context.new_page()
    other.goto(site.url + "poster/ac-hemat/")
    other.get_by_label("Ballot code (printed on your card)").fill(CODE)
    other.get_by_role("button", name="Vote for this poster").click()
    other.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["poster"] for r in services.of("formspree")] == ["ac-hemat"]
    later.get_by_role("button", name="Try again").click()
    assert told.inner_text() == (
        "This code was already used to vote for “Perawatan AC Hemat Energi”. Only the first vote counts. Send anyway?"
    )
    assert later.evaluate("document.activeElement.textContent") == "Yes, send"
    later.get_by_role("button", name="Cancel").click()
    assert told.count() == 0 and later.get_by_role("button", name="Try again").count() == 0
    assert [r["fields"]["poster"] for r in services.of("formspree")] == ["ac-hemat"] and _waiting(later) == {}


def _a_kept_page_whose_vote_the_service_answers(site, services, new_page, status: int, shown: str):
    """las-smaw's page in a browser that keeps the pages left (back/forward cache), its clock held, after a vote
    the form endpoint answered with ``status`` (the page showing its ``shown`` state)."""
    page, _ = new_page(PHONE, bfcache=True)
    page.add_init_script(RECORD_PAGESHOWS)
    _hold_timers(page)
    page.goto(site.url + "poster/las-smaw/")
    services.fail("form", times=1, status=status)
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(f".pg-vote__status--{shown}").wait_for()
    return page


def test_back_to_a_page_the_browser_kept_after_voting_elsewhere_shows_the_vote_that_counts(sites, services, new_page):
    """Phones keep a page left in their back/forward cache: back on it, a refusal shown before another vote was
    sent from the next page offered to send the refused choice over it, unasked."""
    site = sites("form")
    page = _a_kept_page_whose_vote_the_service_answers(site, services, new_page, 400, "error")
    page.goto(site.url + "poster/kopi-gayo/")
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["poster"] for r in services.of("form")] == ["kopi-gayo"]
    back_to_the_kept_page(page)
    _until(
        page, "() => document.querySelector('[data-pg-vote-chosen]').textContent === 'Anda memilih: Kedai Kopi Gayo'"
    )
    assert _status(page) == "" and page.get_by_role("button", name="Coba lagi").count() == 0


def test_a_vote_sent_as_the_page_was_left_is_not_sent_again_when_the_browser_brings_the_page_back(
    sites, services, new_page
):
    """The vote waits (the service said "too many at once"); leaving the page sends it once more, and the service
    takes it. Back on the page the browser kept, that answer has reached it: the vote is done, not sent again (the
    count would keep one, but each send uses up a free plan's quota)."""
    site = sites("form")
    page = _a_kept_page_whose_vote_the_service_answers(site, services, new_page, 429, "queued")
    assert services.of("form") == []
    page.goto(site.url)  # leaving sends it (lastChance)
    until_holds(page, lambda: services.of("form"), "the vote sent on leaving reached the service")
    [record] = services.of("form")
    assert record["fields"]["poster"] == "las-smaw"
    back_to_the_kept_page(page)
    page.locator(".pg-vote__status--ok").wait_for()
    assert _status(page) == "Terima kasih! Pilihan Anda sudah terkirim."
    assert _waiting(page) == {}
    page.clock.run_for(60_000)  # any retry would have gone by now
    _sends_settled(page, "all")
    assert len(services.of("form")) == 1


@pytest.mark.parametrize("locks", [True, False], ids=["web-locks", "storage-lease"])
def test_two_tabs_send_a_waiting_vote_once(sites, services, browser, locks):
    site = sites("google")
    no_locks = None if locks else NO_WEB_LOCKS
    with _phone_tabs(browser, site, ("poster/las-smaw/", "vote/"), first_script=no_locks) as (context, tabs):
        assert tabs[0].evaluate("typeof navigator.locks") == ("object" if locks else "undefined")
        _vote_offline_in_the_first_tab(context, tabs, locks)  # the other tab learns of it too
        assert _status(tabs[1]).startswith(KEPT_ID)

        context.set_offline(False)  # both tabs hear "online" and both try
        if not locks:
            _leases_agree(tabs)
        context.clock.run_for(1_000)
        for tab in tabs:
            tab.locator(".pg-vote__status--ok").wait_for()
            assert tab.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
        assert [r["fields"]["entry.111"] for r in services.of("google")] == ["las-smaw"]
        # The automatic retries that follow find nothing left to send.
        context.clock.run_for(120_000)
        _every_send_over(tabs, locks)
        assert len(services.records) == 1


# What every tab that showed the vote waiting says once the form service refused it with a 400.
REFUSED_400 = (
    "Pilihan Anda belum terkirim: layanan formulir menjawab 400. Mohon beri tahu panitia; setelah formulirnya "
    "diperbaiki, coba lagi."
)


@pytest.mark.parametrize("locks", [True, False], ids=["web-locks", "storage-lease"])
def test_a_vote_refused_in_one_tab_is_told_in_the_other_tab_that_showed_it_waiting(sites, services, browser, locks):
    """Two tabs show the vote waiting (no connection); back online, one of them sends it and the form service
    refuses it. The tab that sent it told the refusal; the other one cleared its message and said nothing, so the
    voter looking at it saw the waiting vote go as if it had been sent. Both tell the refusal now, each with a
    retry (whichever tab sent it), and a retry from one of them sends the vote once."""
    site = sites("form")
    no_locks = None if locks else NO_WEB_LOCKS
    with _phone_tabs(browser, site, ("poster/las-smaw/", "vote/"), first_script=no_locks) as (context, tabs):
        _vote_offline_in_the_first_tab(context, tabs, locks)
        services.fail("form", times=1, status=400)
        context.set_offline(False)  # both tabs hear "online"; the lock lets one of them send
        if not locks:
            _leases_agree(tabs)
        context.clock.run_for(1_000)
        for tab in tabs:
            tab.locator(".pg-vote__status--error").wait_for()
            assert tab.locator("[data-pg-vote-status] p").first.inner_text() == REFUSED_400
            assert tab.get_by_role("button", name="Coba lagi").count() == 1
        assert services.of("form") == [] and _waiting(tabs[0]) == {}
        tabs[1].get_by_role("button", name="Coba lagi").click()
        if not locks:
            context.clock.run_for(1_000)  # the lease is checked again after a pause
        for tab in tabs:
            tab.locator(".pg-vote__status--ok").wait_for()
            assert tab.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
        [record] = services.of("form")
        assert record["fields"]["poster"] == "las-smaw"
        context.clock.run_for(120_000)  # the automatic retries that follow find nothing left to send
        _every_send_over(tabs, locks)
        assert len(services.of("form")) == 1


# Tab one, without Web Locks: its "online" handlers wait while window.__holdOnline is set, until the test calls
# window.__releaseOnline(); with window.__missLease set, its next read of a send lease finds none (its copy of
# localStorage had not yet heard of the other tab's).
LATE_TAB = """
(() => {
  const add = EventTarget.prototype.addEventListener, get = Storage.prototype.getItem;
  let held = [];
  window.__releaseOnline = () => { const now = held; held = []; now.forEach(f => f()); };
  window.addEventListener = function (type, handler, options) {
    if (type !== 'online') return add.call(this, type, handler, options);
    return add.call(this, type, e => window.__holdOnline ? held.push(() => handler(e)) : handler(e), options);
  };
  Storage.prototype.getItem = function (key) {
    if (window.__missLease && String(key).includes(':send:')) { window.__missLease = false; return null; }
    return get.call(this, key);
  };
})();
"""
# Tab two: looks at its lease again 450 ms after writing it rather than 150 ms (LEASE_SETTLE_MS).
SLOW_SETTLE_TAB = """
(() => {
  const later = window.setTimeout;
  window.setTimeout = function (f, ms, ...rest) { return later.call(window, f, ms === 150 ? 450 : ms, ...rest); };
})();
"""


def test_a_tab_that_gives_way_tells_the_refusal_that_came_while_it_waited_on_its_lease(sites, services, browser):
    """Without Web Locks, two tabs back online both write the send lease; the later write wins, and its tab sends
    while the other still waits to look at its lease again. The refusal reached that tab in the meantime, while it
    counted itself the sender (and so left the telling to itself); on giving way it only set a retry, so its
    voter saw the vote waiting, not refused, until the retry a few seconds on. It tells the refusal as it gives
    way now."""
    site = sites("form")
    paths, scripts = ("poster/las-smaw/", "vote/"), (LATE_TAB, SLOW_SETTLE_TAB)
    with _phone_tabs(browser, site, paths, first_script=NO_WEB_LOCKS, tab_scripts=scripts) as (context, tabs):
        _vote_offline_in_the_first_tab(context, tabs, locks=False)
        services.fail("form", times=1, status=400)
        tabs[0].evaluate("window.__holdOnline = true")
        context.set_offline(False)
        _same_in_every_tab(tabs, SEND_LEASE)  # tab two wrote its lease, and waits 450 ms to look at it again
        second = tabs[1].evaluate(SEND_LEASE)
        tabs[0].evaluate("window.__missLease = true; window.__holdOnline = false; window.__releaseOnline()")
        _same_in_every_tab(
            tabs, f"(() => {{ const v = {SEND_LEASE}; return v === {json.dumps(second)} ? null : v; }})()"
        )
        context.clock.run_for(200)  # tab one's lease is still there after its pause: it sends, and is refused
        tabs[0].locator(".pg-vote__status--error").wait_for()
        _until(tabs[1], "() => !Object.keys(localStorage).some(k => k.includes(':queue:'))")
        context.clock.run_for(1_000)  # tab two looks at its lease again, finds it gone, and gives way
        for tab in tabs:
            tab.locator(".pg-vote__status--error").wait_for()
            assert tab.locator("[data-pg-vote-status] p").first.inner_text() == REFUSED_400
        assert services.of("form") == [] and _waiting(tabs[1]) == {}


@pytest.mark.parametrize("status", [451, "<img src=x onerror=alert(1)>", 451.5], ids=["status", "markup", "fraction"])
def test_a_refusal_noted_for_other_tabs_is_read_for_its_status_alone(sites, services, new_page, status):
    """The tab that sent a refused vote notes it in localStorage for the tabs that showed it waiting, which anything
    on this origin can write too. A note with a whole-number status is told in the site's own words; any other is not
    read, and the vote shows as gone elsewhere, as it did before there were notes."""
    site = sites("form")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    _vote_offline(page, site, "poster/las-smaw/")
    page.evaluate(
        """(status) => {
        const key = Object.keys(localStorage).find(k => k.includes(':queue:'));
        const entry = JSON.parse(localStorage.getItem(key));
        localStorage.setItem(key.replace(':queue:', ':refused:'), JSON.stringify({id: entry.id, status: status}));
        localStorage.removeItem(key);
    }""",
        status,
    )
    page.context.set_offline(False)
    page.get_by_role("button", name="Coba lagi").click()  # the page looks at its list: the vote has left it
    if status == 451:
        page.locator(".pg-vote__status--error").wait_for()
        assert _status(page) == (
            "Pilihan Anda belum terkirim: layanan formulir menjawab 451. Mohon beri tahu panitia; setelah formulirnya "
            "diperbaiki, coba lagi."
            "\n\nCoba lagi"
        )
    else:
        _until(page, "() => !document.querySelector('[data-pg-vote-status]').textContent")
        assert page.locator("[data-pg-vote-status] *").count() == 0
    assert services.of("form") == [] and _waiting(page) == {}


def test_a_newer_choice_replaces_the_waiting_one(sites, services, new_page):
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    _vote_offline(page, site, "vote/?poster=kopi-gayo", button="Kirim pilihan")
    assert _waiting(page)["all"]["poster"] == "kopi-gayo"
    page.locator("label[for=pg-vote-poster-las-smaw]").click()
    page.get_by_role("button", name="Kirim pilihan").click()  # nothing was sent yet, so no question
    _until(
        page,
        "() => Object.keys(localStorage).some(k => k.includes(':queue:') && "
        "JSON.parse(localStorage.getItem(k)).poster === 'las-smaw')",
    )
    [entry] = _waiting(page).values()
    assert entry["body"] == f"entry.111=las-smaw&entry.222={_token(page)}"
    page.locator(".pg-vote__status--queued").wait_for()
    page.context.set_offline(False)
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["las-smaw"]
    assert page.locator(".pg-vote__item--mine").get_attribute("data-slug") == "las-smaw"


def _lose_the_first_answer(page) -> list:
    """The form service records the first vote the page sends, and its answer never reaches the phone; later
    votes go through. Returns the answers lost."""
    lost: list = []

    def answer_lost(route):
        if lost:
            route.continue_()
            return
        lost.append(route.fetch())
        route.abort("connectionreset")

    page.route("**/formResponse", answer_lost)
    return lost


def _kopi_gayo_sent_without_an_answer(site, new_page):
    """A phone (its timers held) whose vote for kopi-gayo the form took, its answer lost: the vote waits, marked.
    Returns the page and the answers lost."""
    page, _ = new_page(PHONE)
    _hold_timers(page)
    lost = _lose_the_first_answer(page)
    page.goto(site.url + "vote/?poster=kopi-gayo")
    page.get_by_role("button", name="Kirim pilihan").click()
    page.locator(".pg-vote__status--queued").wait_for()
    return page, lost


def test_a_vote_sent_without_an_answer_is_not_replaced_by_a_newer_choice(sites, services, new_page):
    """The form took the vote, but its answer was lost on the venue's Wi-Fi: the count will keep it. Another
    choice made now must not replace it, or the page would say "you voted for" a poster the count does not have."""
    site = sites("google")
    page, _ = _kopi_gayo_sent_without_an_answer(site, new_page)
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo"]
    assert _waiting(page)["all"]["tried"] is True
    page.locator("label[for=pg-vote-poster-las-smaw]").click()
    page.get_by_role("button", name="Kirim pilihan").click()
    assert _status(page) == TRIED_KOPI
    assert _waiting(page)["all"]["poster"] == "kopi-gayo"
    page.clock.run_for(5_000)  # the retry: the same vote again, which the count takes as one
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo", "kopi-gayo"]
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Kedai Kopi Gayo"
    assert _waiting(page) == {}


def test_the_same_poster_sent_again_keeps_the_mark_that_its_vote_may_have_arrived(sites, services, new_page):
    """The form took kopi-gayo but its answer was lost; offline, the visitor presses send again for the same poster
    ("did it go?"). That new entry must keep the mark, or a later choice replaces a vote the count may have, and
    the page names a poster the count does not keep."""
    site = sites("google")
    page, _ = _kopi_gayo_sent_without_an_answer(site, new_page)
    page.context.set_offline(True)
    _until(page, "() => navigator.onLine === false")
    page.get_by_role("button", name="Kirim pilihan").click()  # the same poster again
    _until(page, "() => document.querySelector('[data-pg-vote-send]').form.dataset.pgVoteBusy !== '1'")
    assert _waiting(page)["all"]["poster"] == "kopi-gayo" and _waiting(page)["all"]["tried"] is True
    page.locator("label[for=pg-vote-poster-las-smaw]").click()
    page.get_by_role("button", name="Kirim pilihan").click()
    assert _status(page) == TRIED_KOPI
    page.context.set_offline(False)
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo", "kopi-gayo"]
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Kedai Kopi Gayo"


def test_a_vote_whose_connection_dropped_before_closing_is_sent_again_while_the_count_still_takes_it(
    sites, services, new_page
):
    """The connection dropped before the form took anything, and the retry came three seconds after closing: the
    vote, once sent, was not sent again and was lost, though the count takes one that arrives within 30 seconds
    of closing (LATE_ARRIVAL), and sent again with its token it counts once whatever became of the first."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    services.fail("google", times=1)
    page.goto(site.url + "vote/?poster=kopi-gayo")
    page.get_by_role("button", name="Kirim pilihan").click()
    page.locator(".pg-vote__status--queued").wait_for()
    assert services.of("google") == [] and _waiting(page)["all"]["tried"] is True
    page.clock.set_system_time(CLOSES + dt.timedelta(seconds=3))
    with _site_clock(site, CLOSES + dt.timedelta(seconds=3)):
        page.clock.run_for(5_000)  # the retry, after closing by the phone's clock and the site's
        page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo"]
    assert _waiting(page) == {}


def test_a_vote_sent_without_an_answer_before_voting_closed_is_not_said_to_be_unsent(sites, services, new_page):
    """The form took the vote just before closing, but its answer was lost; then voting closed, and the seconds
    in which the count still takes a vote on its way went by. The count takes such a vote (it arrived in time), so
    the page must not say it could not be sent: it says it counts if it arrived, and sends nothing more."""
    site = sites("google")
    page, lost = _kopi_gayo_sent_without_an_answer(site, new_page)
    assert _waiting(page)["all"]["tried"] is True
    page.clock.set_system_time(AFTER_THE_LAST_ARRIVAL)
    with _site_clock(site, AFTER_THE_LAST_ARRIVAL):
        page.clock.run_for(5_000)  # the retry finds voting closed, by the phone's clock and the site's
        page.locator(".pg-vote__status--error").wait_for()
    assert _status(page) == LATE_TRIED_KOPI
    assert len(lost) == 1 and [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo"]
    assert _waiting(page) == {}


def test_a_vote_sent_without_an_answer_dropped_at_closing_by_another_tab_is_not_said_to_be_unsent(
    sites, services, new_page
):
    """The same, with the vote dropped by another page of the phone, opened after closing: the page that sent it
    hears that the vote left the list, and says what that page says, not that the vote was never sent."""
    site = sites("google")
    page, lost = _kopi_gayo_sent_without_an_answer(site, new_page)
    assert _waiting(page)["all"]["tried"] is True
    page.clock.set_system_time(AFTER_THE_LAST_ARRIVAL)
    with _site_clock(site, AFTER_THE_LAST_ARRIVAL):
        later = page.context.new_page()  # another tab of the same phone: its storage, its clock
        later.goto(site.url + "poster/kopi-gayo/")
        later.locator(".pg-vote__status--error").wait_for()
    assert _status(later) == LATE_TRIED_KOPI and _waiting(later) == {}
    page.locator(".pg-vote__status--error").wait_for()
    assert _status(page) == LATE_TRIED_KOPI
    assert len(lost) == 1 and [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo"]


# Past the seconds after 'closes' in which the count still takes a vote on its way.
AFTER_THE_LAST_ARRIVAL = CLOSES + LATE_ARRIVAL + dt.timedelta(seconds=5)

LATE_TRIED_KOPI = (
    "Pilihan Anda untuk “Kedai Kopi Gayo” sudah dikirim sebelum pemungutan suara ditutup, tetapi layanan formulir "
    "tidak pernah memastikan menerimanya: pilihan itu dihitung jika sudah sampai. Pemungutan suara sudah ditutup, "
    "jadi pilihan itu tidak dikirim lagi."
)


TRIED_KOPI = (
    "Pilihan Anda untuk “Kedai Kopi Gayo” sudah dikirim dari ponsel ini, tetapi layanan formulir belum memastikan "
    "menerimanya, jadi mungkin pilihan itu sudah sampai, dan hanya pilihan pertama yang dihitung. Pilihan itu tetap "
    "tersimpan di ponsel ini dan dikirim lagi dengan sendirinya sampai layanan formulir memastikan menerimanya."
)


@pytest.mark.parametrize(
    "status, stored",
    [
        (504, True),  # a gateway's time limit, in front of a service that stored the vote meanwhile
        (500, True),
        (408, True),
        (429, False),  # too many votes from this address: nothing was taken
        (425, False),
    ],
)
def test_a_not_now_answer_that_may_follow_the_vote_keeps_a_newer_choice_from_replacing_it(
    sites, services, new_page, status, stored
):
    """A 5xx (or 408) may come after the service behind it stored the vote: the count may keep it, so a newer choice
    must not replace it. A 429 or 425 says nothing was taken: a newer choice replaces it."""
    site = sites("form")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "vote/?poster=kopi-gayo")
    answers = []

    def not_now(route):
        if answers:
            route.continue_()
            return
        if stored:
            answers.append(route.fetch())  # the form endpoint records it ...
        else:
            answers.append(None)
        # ... and what stands in front of it answers "not now" (readable by the page)
        route.fulfill(status=status, body="not now", headers={"Access-Control-Allow-Origin": "*"})

    page.route("**/form/vote", not_now)
    page.get_by_role("button", name="Kirim pilihan").click()
    page.locator(".pg-vote__status--queued").wait_for()
    assert f"(layanan formulir menjawab {status})" in _status(page)
    assert [r["fields"]["poster"] for r in services.of("form")] == (["kopi-gayo"] if stored else [])
    assert _waiting(page)["all"].get("tried") is (True if stored else None)
    page.locator("label[for=pg-vote-poster-las-smaw]").click()
    page.get_by_role("button", name="Kirim pilihan").click()
    if stored:
        assert _status(page) == TRIED_KOPI
        assert _waiting(page)["all"]["poster"] == "kopi-gayo"
        page.clock.run_for(5_000)  # the retry: the same vote again, which the count takes as one
    page.locator(".pg-vote__status--ok").wait_for()
    sent = ["kopi-gayo", "kopi-gayo"] if stored else ["las-smaw"]
    assert [r["fields"]["poster"] for r in services.of("form")] == sent
    assert page.locator("[data-pg-vote-chosen]").inner_text() == f"Anda memilih: {POSTERS[sent[0]][0]}"
    assert _waiting(page) == {}


def test_without_an_answer_the_page_sends_again_by_itself_after_a_while(sites, services, new_page):
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "poster/kasir-umkm/")
    services.fail("google", times=1)  # the connection drops: no answer, though the phone is online
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--queued").wait_for()
    assert services.records == []
    page.clock.run_for(5_000)  # the first automatic retry
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "kasir-umkm", "entry.222": _token(page)}]
    assert _waiting(page) == {}


def test_where_the_browser_keeps_nothing_the_page_says_to_stay_and_sends_the_vote_itself(sites, services, new_page):
    """Storage refused (site data blocked, storage full): the vote waits in the page alone, so the page must
    not promise that it is kept on the phone; it asks the visitor to stay, and sends it by itself."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    _hold_timers(page)
    page.goto(site.url + "poster/kasir-umkm/")
    services.fail("google", times=1)  # the connection drops: no answer
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--queued").wait_for()
    assert page.locator("[data-pg-vote-status] p").first.inner_text() == (
        "Pilihan Anda belum terkirim, dan peramban ini tidak mengizinkan situs menyimpannya di ponsel. Biarkan "
        "halaman ini terbuka: pilihan akan dikirim dengan sendirinya begitu bisa."
    )
    assert _waiting(page) == {}
    page.clock.run_for(5_000)  # the first automatic retry
    page.locator(".pg-vote__status--ok").wait_for()
    [record] = services.of("google")
    assert record["fields"]["entry.111"] == "kasir-umkm"
    assert re.fullmatch(r"[0-9a-f]{32}", record["fields"]["entry.222"])


# For add_init_script: once the page sets window.full, the storage has no room left for a waiting vote, as where
# the site shares it with the organisation's other sites on ORG.github.io and they filled it.
QUEUE_FULL = """(() => { const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
        if (window.full && k.includes(':queue:')) throw new DOMException('full', 'QuotaExceededError');
        return set.call(this, k, v); }; })()"""


def test_a_choice_replaced_while_storage_is_full_is_never_sent_by_a_later_page(sites, services, new_page):
    """A vote for one poster waits on the phone; then the storage fills (on ORG.github.io the site shares it with
    the organisation's other sites) and the visitor picks another poster instead. The new choice cannot be
    written: the old one must not stay behind in its place, to be sent by the next page as if still chosen."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.context.add_init_script(QUEUE_FULL)
    _vote_offline(page, site, "vote/?poster=kopi-gayo", button="Kirim pilihan")
    assert [entry["poster"] for entry in _waiting(page).values()] == ["kopi-gayo"]
    page.evaluate("window.full = true")
    page.locator("label[for=pg-vote-poster-las-smaw]").click()
    page.get_by_role("button", name="Kirim pilihan").click()
    page.locator(".pg-vote__status--queued").wait_for()
    assert _waiting(page) == {}  # the replaced choice is gone from the phone; the new one waits in this page
    assert "Biarkan halaman ini terbuka" in _status(page)
    later = _back_online_in_a_new_page(page, new_page)  # left while offline; later another page, online
    later.goto(site.url + "poster/ac-hemat/")
    _until(
        later,
        "() => document.querySelector('[data-pg-vote-send]') && !document.querySelector('[data-pg-vote-send]').disabled",
    )
    assert services.of("google") == [] and _waiting(later) == {}


def test_a_vote_on_its_way_while_the_storage_is_full_stays_on_the_phone(sites, services, new_page):
    """A vote waits on the phone and the storage fills to the brim. Back online, the page marks the vote as sent once
    before it goes (a few characters more, for which there is no room) and sends it. The failed write once took the
    vote off the phone, kept by this page alone: the visitor closed it with the vote still on its way, the request
    never arrived, and the vote was lost. It stays on the phone as it was, and the next page sends it."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.context.add_init_script(QUEUE_FULL)
    _hold_timers(page)  # no retry from this page: the visitor leaves it
    _vote_offline(page, site, "poster/kopi-gayo/")
    token, waiting = _token(page), _waiting(page)
    assert [entry["poster"] for entry in waiting.values()] == ["kopi-gayo"]
    page.evaluate("window.full = true")
    services.fail("google", times=1)  # the connection drops: the request never arrives
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/formResponse")):
        page.context.set_offline(False)  # the page sends the vote at once
    _until(page, "() => document.querySelector('.pg-vote__status--queued')")  # and tells it waits again
    assert _status(page).startswith(KEPT_ID)  # on the phone: not "keep this page open", as where it was in it alone
    assert _waiting(page) == waiting  # as it was: the mark of its first send is in this page alone
    later, _ = new_page.same_phone(page)
    page.close()
    later.goto(site.url + "poster/ac-hemat/")
    _until(later, "() => !Object.keys(localStorage).some(k => k.includes(':queue:'))")
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "kopi-gayo", "entry.222": token}]


def test_a_send_lease_planted_far_ahead_does_not_hold_the_vote(sites, services, new_page):
    """Without the Web Locks API a lease in localStorage keeps two tabs from sending at once. One reaching further
    ahead than any tab takes (written by another site on the same origin, or left by a clock set back) is not
    honoured: it would keep every vote on this phone from being sent."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'locks', {get: () => undefined})")
    page.goto(site.url + "poster/las-smaw/")
    ballot = json.loads(page.locator("[data-pg-vote]").get_attribute("data-pg-vote"))["ballot"]
    page.evaluate(
        "(key) => localStorage.setItem(key, JSON.stringify({owner: 'someone', until: Date.now() + 365 * 864e5}))",
        f"pg-vote:{ballot}:send:all",
    )
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["las-smaw"]


def test_where_chromium_blocks_site_data_the_vote_is_still_sent(sites, services, playwright_instance, tmp_path):
    """Chromium's "Don't allow sites to save data": localStorage throws, and the Web Locks API refuses every
    request. The page kept the vote in its memory, but the refused lock left it "sending" for good and never
    sent it. A lease in the page's memory stands in for the lock, as where the browser has no locks."""
    site = sites("google")
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    blocked = {"profile": {"default_content_setting_values": {"cookies": 2}}}  # 2: blocked, as the settings page
    (profile / "Default" / "Preferences").write_text(json.dumps(blocked))
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(site.url + "poster/las-smaw/")
        blocked_here = "() => { try { localStorage.length; return 'kept'; } catch (e) { return e.name; } }"
        assert page.evaluate(blocked_here) == "SecurityError"
        assert page.evaluate("navigator.locks.request('x', () => 1).then(() => 'granted', (e) => e.name)") != "granted"
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--ok").wait_for()
        [record] = services.of("google")
        assert record["fields"]["entry.111"] == "las-smaw"
        assert re.fullmatch(r"[0-9a-f]{32}", record["fields"]["entry.222"])
    finally:
        context.close()


@pytest.mark.parametrize("kept", [True, False], ids=["storage", "storage-full"])
def test_a_vote_sent_from_a_browser_that_keeps_nothing_says_so_beside_sent(sites, services, new_page, kept):
    """Storage refused or full: every page makes a new token and knows of no vote, so the next poster page takes
    another vote without a question, and the count takes both. The page says so once the vote is sent."""
    site = sites("google")
    page, _ = new_page(PHONE)
    if not kept:
        page.add_init_script(
            "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
        )
    for slug in ("las-smaw", "kopi-gayo"):
        page.goto(site.url + f"poster/{slug}/")
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--ok, .pg-vote__status--ask").first.wait_for()
        if kept and slug == "kopi-gayo":  # the first vote is remembered: the page asks
            assert page.locator(".pg-vote__status--ask p").first.inner_text() == AGAIN_LAS
            break
        assert page.locator("[data-pg-vote-status] p").all_inner_texts() == [
            "Terima kasih! Pilihan Anda sudah terkirim."
        ] + (
            []
            if kept
            else [
                "Peramban ini tidak mengizinkan situs mengingat pilihan Anda (penyimpanannya dimatikan atau penuh), jadi "
                "halaman lain di situs ini tidak mengetahuinya dan akan menerima pilihan lagi: pilihlah sekali saja."
            ]
        )
    posters = [r["fields"]["entry.111"] for r in services.of("google")]
    assert posters == (["las-smaw"] if kept else ["las-smaw", "kopi-gayo"])


def test_a_vote_still_waiting_when_voting_closes_is_dropped_and_the_visitor_told(sites, services, new_page):
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    _vote_offline(page, site, "poster/kopi-gayo/")
    page.clock.set_system_time(CLOSES + dt.timedelta(minutes=1))
    # Past 'closes' by the phone's clock alone, and the site cannot be asked for its time: kept, not dropped.
    with page.expect_event("requestfailed", lambda r: r.url == site.url + "vote/index.html"):
        page.evaluate("window.dispatchEvent(new Event('online'))")
    _sends_settled(page, "all")
    assert list(_waiting(page)) == ["all"] and page.locator(".pg-vote__status--queued").is_visible()
    with _site_clock(site, CLOSES + dt.timedelta(minutes=1)):  # the site's clock agrees
        page.context.set_offline(False)
        page.locator(".pg-vote__status--error").wait_for()
    assert _status(page) == (
        "Pilihan Anda untuk “Kedai Kopi Gayo” tidak dapat dikirim tepat waktu: pemungutan "
        "suara sudah ditutup sebelum pilihan itu terkirim."
    )
    assert _waiting(page) == {} and services.records == []
    assert page.locator("[data-pg-vote-chosen]").is_hidden()


def test_a_vote_waiting_on_a_phone_whose_clock_runs_past_closes_is_sent_while_the_site_s_is_not(
    sites, services, new_page
):
    """The phone's clock alone says voting has closed: the site's says not, so the vote is sent, not dropped."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    _vote_offline(page, site, "poster/kopi-gayo/")
    page.clock.set_system_time(CLOSES + dt.timedelta(hours=1))
    page.context.set_offline(False)
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "kopi-gayo", "entry.222": _token(page)}]
    assert _waiting(page) == {} and page.locator("[data-pg-vote-notice]").is_hidden()


def test_a_waiting_vote_planted_by_another_site_is_never_sent(sites, services, new_page):
    """Any site on the same host can write this site's localStorage: only what vote.js writes is sent."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.goto(site.url + "poster/las-smaw/")
    ballot = json.loads(page.locator("[data-pg-vote]").get_attribute("data-pg-vote"))["ballot"]
    token = _token(page)
    good = {"id": "0123456789abcdef", "poster": "las-smaw", "title": "x", "code": ""}
    planted = {
        "all": dict(good, body=f"entry.111=las-smaw&entry.222={token}&entry.999=extra"),
        "alumni": dict(good, body="entry.111=las-smaw&entry.222=" + "f" * 32),  # someone else's token
        "trainee": dict(good, body=f"entry.111=kopi-gayo&entry.222={token}"),  # not the poster it names
        "instructor": dict(good, id="<img>", body=f"entry.111=las-smaw&entry.222={token}"),
        'x"]': "not json",
        "big": dict(good, body=f"entry.111=las-smaw&entry.222={token}", title="t" * 5000),
    }
    page.evaluate(
        """([ballot, planted]) => { for (const [scope, entry] of Object.entries(planted))
        localStorage.setItem('pg-vote:' + ballot + ':queue:' + scope,
                             typeof entry === 'string' ? entry : JSON.stringify(entry)); }""",
        [ballot, planted],
    )
    page.reload()
    _until(page, "() => !Object.keys(localStorage).some(k => k.includes(':queue:'))")
    _sends_settled(page, "all")
    assert services.records == []
    assert _status(page) == ""


def test_a_waiting_vote_written_for_renamed_fields_is_sent_under_the_new_names(sites, services, new_page):
    """The committee made the form's questions again (Google gives them new entry numbers) and a deploy
    renamed the fields: a vote waiting from before still goes, under the names the form has now."""
    site = sites("google")
    page, _ = new_page(PHONE)
    page.goto(site.url + "poster/las-smaw/")
    ballot, token = _ballot(page), _token(page)
    # Sent once before without an answer (else the page sends it as it is left, for the reload, as well).
    entry = {"id": "0123456789abcdef", "poster": "kopi-gayo", "title": "Kedai Kopi Gayo", "code": "", "tried": True}
    page.evaluate(
        "([key, entry]) => localStorage.setItem(key, JSON.stringify(entry))",
        [f"pg-vote:{ballot}:queue:all", dict(entry, body=f"entry.555=kopi-gayo&entry.666={token}")],
    )
    held = []
    page.route("**/formResponse", lambda route: held.append(route))
    with page.expect_request("**/formResponse") as sent:
        page.reload()
    assert urllib.parse.parse_qs(sent.value.post_data) == {"entry.111": ["kopi-gayo"], "entry.222": [token]}
    until_routed(page, held)
    # Kept as it was written while it is on its way: a tab of the other deploy reads it too.
    assert _waiting(page)["all"]["body"] == f"entry.555=kopi-gayo&entry.666={token}"
    held[0].continue_()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "kopi-gayo", "entry.222": token}]
    assert _waiting(page) == {}


@pytest.mark.parametrize("phone_ahead", [0, 2], ids=["right-clock", "clock-2h-ahead"])
def test_a_vote_waiting_for_an_older_form_whose_voting_closed_is_dropped(sites, services, new_page, phone_ahead):
    """The site's older forms hand their waiting votes on only while voting on them was open, by the site's
    clock: a phone two hours ahead thinks the old form closed an hour ago; the site says it closes in an hour."""
    site = sites("google")
    page, _ = new_page(PHONE)
    if phone_ahead:
        page.clock.install(time=NOW + dt.timedelta(hours=phone_ahead))
    page.goto(site.url + "poster/las-smaw/")
    ballot = _ballot(page)
    closes = NOW + dt.timedelta(hours=1) if phone_ahead else NOW - dt.timedelta(hours=1)
    older = "a" * 12
    entry = {"id": "0123456789abcdef", "poster": "kopi-gayo", "title": "Kedai Kopi Gayo", "code": ""}
    page.evaluate(
        """([key, list, ballot, entry]) => { localStorage.setItem(key, JSON.stringify(list));
        localStorage.setItem('pg-vote:' + ballot + ':token', entry.body.split('token=')[1]);
        localStorage.setItem('pg-vote:' + ballot + ':queue:all', JSON.stringify(entry)); }""",
        [
            "pg-vote:site:/poster-gallery/",
            [{"ballot": older, "closes": int(closes.timestamp() * 1000)}, {"ballot": ballot, "closes": None}],
            older,
            dict(entry, body="entry.111=kopi-gayo&token=" + "c" * 32),
        ],
    )
    page.reload()
    if phone_ahead:
        page.locator(".pg-vote__status--ok").wait_for()
        token = _token_of(page, ballot)  # this browser's token on the form the site has now
        assert [r["fields"] for r in services.of("google")] == [{"entry.111": "kopi-gayo", "entry.222": token}]
    else:
        page.locator(".pg-vote__status--error").wait_for()
        assert _status(page) == (
            "Pilihan Anda untuk “Kedai Kopi Gayo” tidak dapat dikirim tepat waktu: pemungutan "
            "suara sudah ditutup sebelum pilihan itu terkirim."
        )
        _sends_settled(page, "all")
        assert services.records == []
    assert _waiting(page) == {}


TRIED_LAS = TRIED_KOPI.replace("Kedai Kopi Gayo", "Las SMAW dari Nol")


@pytest.mark.parametrize("answer", ["arrives", "lost", "lost-after-another-tab-replaced-it"])
def test_a_newer_choice_made_while_the_older_is_on_its_way_never_takes_its_place(sites, services, browser, answer):
    """Phones open each poster's QR code in a new tab. The older request cannot be called back, and it may arrive
    whatever becomes of its answer: the count keeps it. So a newer choice from another tab does not take its place
    while it is on its way, and the page says so; with its answer lost, it is sent again, and the pages name it. Where
    another tab put its choice in its place before it was marked (it read the list a moment before), the lost vote
    goes back ahead of that choice."""
    site = sites("google")
    with _phone_tabs(browser, site, ("poster/las-smaw/", "poster/kopi-gayo/")) as (context, tabs):
        held = []
        tabs[0].route("**/formResponse", lambda route: held.append(route))  # the first tab's request stays on its way
        with tabs[0].expect_request("**/formResponse"):
            tabs[0].get_by_role("button", name="Pilih poster ini").click()
        tabs[0].locator(".pg-vote__status--busy").wait_for()
        # The second tab's copy of localStorage follows the first's a moment later (the moment the last case is about).
        _until(
            tabs[1],
            "() => Object.keys(localStorage).some(k => k.includes(':queue:') && "
            "JSON.parse(localStorage.getItem(k)).tried === true)",
        )
        assert _waiting(tabs[1])["all"]["poster"] == "las-smaw"
        if answer == "lost-after-another-tab-replaced-it":
            tabs[1].evaluate(
                """() => { const key = Object.keys(localStorage).find(k => k.includes(':queue:'));
                const older = JSON.parse(localStorage[key]);
                localStorage.setItem(key, JSON.stringify({id: '0123456789abcdef', poster: 'kopi-gayo',
                  title: 'Kedai Kopi Gayo', code: '', body: older.body.replace('las-smaw', 'kopi-gayo')})); }"""
            )
        else:
            tabs[1].get_by_role("button", name="Pilih poster ini").click()
            assert tabs[1].locator(".pg-vote__status--error p").first.inner_text() == TRIED_LAS
            assert _waiting(tabs[1])["all"]["poster"] == "las-smaw"
        assert len(held) == 1 and services.records == []
        if answer == "arrives":
            held[0].continue_()
            sent = ["las-smaw"]
        else:
            held[0].fetch()  # the form service records the vote ...
            held[0].abort("connectionreset")  # ... and its answer never reaches the phone
            tabs[0].locator(".pg-vote__status--queued").wait_for()
            assert _waiting(tabs[0])["all"]["poster"] == "las-smaw" and _waiting(tabs[0])["all"]["tried"] is True
            # When it was made is kept with it, put back or not: made before closing, it still goes in the seconds
            # after it (madeInTime); put back without it, it was dropped there as late.
            assert isinstance(_waiting(tabs[0])["all"].get("madeAt"), (int, float))
            tabs[0].unroute("**/formResponse")
            context.clock.run_for(5_000)  # the first tab's retry: the same vote again, which the count takes as one
            sent = ["las-smaw", "las-smaw"]
        for tab in tabs:
            tab.locator(".pg-vote__status--ok").wait_for()
            assert _status(tab) == "Terima kasih! Pilihan Anda sudah terkirim."
            assert tab.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
        assert [r["fields"]["entry.111"] for r in services.of("google")] == sent
        assert _waiting(tabs[1]) == {}


def test_the_timer_gives_up_after_ten_tries_and_the_button_still_sends(sites, services, new_page):
    """An endpoint that hides its answer makes every vote look unanswered though it arrived: the timer
    must not resend it without end. Coming back to the page, the button (and going online, and the
    next page) still send it."""
    site = sites("google")
    page, _ = new_page(PHONE)
    _hold_timers(page)
    page.goto(site.url + "poster/las-smaw/")
    requests = []
    page.on("request", lambda r: r.url.endswith("/formResponse") and requests.append(r.url))
    page.evaluate("""() => { window.kept = 0; const box = document.querySelector('[data-pg-vote-status]');
        new MutationObserver(() => { if (box.classList.contains('pg-vote__status--queued')) window.kept++; })
            .observe(box, {attributes: true}); }""")
    services.fail("google", times=100)
    page.get_by_role("button", name="Pilih poster ini").click()
    _until(page, "() => window.kept === 1")
    # 5 s, 10 s, 20 s, 40 s, then every minute. (A minute of the page's clock may hold more than one
    # try: the clock gives the page time to see a failure while it runs.)
    for _ in range(20):
        page.clock.run_for(60_000)
        _sends_settled(page, "all")
    assert len(requests) == 11 and page.evaluate("window.kept") == 11
    page.clock.run_for(3_600_000)
    _sends_settled(page, "all")
    assert len(requests) == 11 and page.evaluate("window.kept") == 11
    assert _status(page).startswith(KEPT_ID) and _waiting(page)["all"]["poster"] == "las-smaw"
    # Coming back to the page (a phone's screen on again) tries once more, and restarts the timer.
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    _until(page, "() => window.kept === 12")
    assert len(requests) == 12
    services.clear()
    page.get_by_role("button", name="Coba lagi").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["entry.111"] for r in services.of("google")] == ["las-smaw"] and len(requests) == 13


def test_a_vote_made_on_a_page_the_site_worker_opened_offline_is_kept_and_sent(sites, services, browser):
    """The site's service worker (features/offline.py) opens a poster page with the network cut; the vote made
    there waits on the phone and goes out once the Wi-Fi is back."""
    from postergallery.features import offline

    from browserkit import SAVED

    site = sites("google")
    context = browser.new_context(viewport=PHONE)  # no request interception: Chromium would bypass the worker
    try:
        page = context.new_page()
        page.goto(site.url + "poster/las-smaw/")
        assert page.evaluate(SAVED, len(offline.plan(site.root, 30_000_000).images))
        context.set_offline(True)
        response = page.goto(site.url + "poster/kopi-gayo/")
        assert response is not None and response.ok  # the network is cut: the worker answered
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--queued").wait_for()
        assert page.locator("[data-pg-vote-status] p").first.inner_text() == KEPT_ID
        [(scope, entry)] = _waiting(page).items()
        assert scope == "all" and "entry.111=kopi-gayo" in entry["body"]
        assert services.records == []
        context.set_offline(False)
        page.locator(".pg-vote__status--ok").wait_for()
        assert [r["fields"]["entry.111"] for r in services.of("google")] == ["kopi-gayo"]
        assert _waiting(page) == {}
    finally:
        context.close()


# ------------------------------------------- a new deploy with another form ---

OLD_FORM, NEW_FORM = "oldform1", "newform2"
REPLACED_ID = (
    "Pemungutan suara telah diubah sejak halaman ini dibuka (formulirnya, atau waktu buka atau tutupnya). Muat ulang "
    "halaman untuk memilih; pilihan yang masih tersimpan di ponsel ini lalu dikirim sesuai halaman yang baru."
)


def _deploys(root, galleries: list[str]):
    """(server, publish): a site served under the sub-path, and publish(n) putting there its deploy n, built
    with the vote section ``galleries[n - 1]``."""
    project = Project(root / "site-project")
    for slug, details in POSTERS.items():
        project.add_poster(slug, _poster_yml(*details))
    deploys = []
    for gallery in galleries:
        project.write_config(gallery, language="id")
        deploys.append(shutil.copytree(build_site(project.root), root / f"deploy-{len(deploys) + 1}"))
    served = root / "served"

    def publish(n: int) -> None:
        shutil.rmtree(served, ignore_errors=True)
        shutil.copytree(deploys[n - 1], served)

    publish(1)
    return SiteServer(served, "/poster-gallery/").start(), publish


@pytest.fixture(scope="module")
def redeploy(tmp_path_factory, services):
    """(server, publish): the first deploy sends votes to one Formspree form, the second (the committee moved
    to a new form) to another."""
    services.formspree_forms.update({OLD_FORM: "active", NEW_FORM: "active"})
    galleries = [
        f"""
        vote:
          provider: formspree
          url: {services.url}f/{form}
          fields: {{poster: poster, token: token}}
        """
        for form in (OLD_FORM, NEW_FORM)
    ]
    server, publish = _deploys(tmp_path_factory.mktemp("redeploy"), galleries)
    yield server, publish
    server.stop()


def _sent_to(services) -> list[tuple[str, str]]:
    """(the form's path, the poster) of each submission the stand-ins received, in order."""
    return [(r["path"], r["fields"]["poster"]) for r in services.received]


def _ballot(page) -> str:
    return json.loads(page.locator("[data-pg-vote]").first.get_attribute("data-pg-vote"))["ballot"]


def _token_of(page, ballot: str) -> str:
    return page.evaluate("(ballot) => localStorage.getItem('pg-vote:' + ballot + ':token')", ballot)


def test_a_vote_waiting_for_a_form_a_new_deploy_replaced_is_sent_to_the_new_one(redeploy, services, new_page):
    """The old pages are gone and the old form may be closed: the new pages send what still waits, with
    the new form's token. A vote waiting for another site on the same host is left alone."""
    server, publish = redeploy
    publish(1)
    page, _ = new_page(PHONE, service_workers="block")  # every page from the network: the new deploy, once out
    _vote_offline(page, server, "poster/las-smaw/")
    old_ballot = _ballot(page)
    [(scope, entry)] = _waiting(page).items()
    assert scope == "all" and entry["body"] == f"poster=las-smaw&token={_token_of(page, old_ballot)}"
    other = {"id": "0123456789abcdef", "poster": "las-smaw", "title": "x", "code": ""}
    page.evaluate(
        """(entry) => { localStorage.setItem('pg-vote:0123456789ab:token', 'ab'.repeat(16));
        localStorage.setItem('pg-vote:0123456789ab:queue:all', JSON.stringify(entry)); }""",
        dict(other, body="poster=las-smaw&token=" + "ab" * 16),
    )
    publish(2)
    later = _back_online_in_a_new_page(page, new_page)
    later.goto(server.url + "poster/ac-hemat/")
    later.locator(".pg-vote__status--ok").wait_for()
    new_ballot = _ballot(later)
    assert new_ballot != old_ballot
    assert later.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    [record] = services.of("formspree")
    assert record["path"] == f"/f/{NEW_FORM}"
    assert record["fields"] == {"poster": "las-smaw", "token": _token_of(later, new_ballot)}
    assert _token_of(later, new_ballot) == _token_of(later, old_ballot)  # one browser, one voter, across forms
    assert _waiting(later) == {"all": dict(other, body="poster=las-smaw&token=" + "ab" * 16)}


def test_a_vote_sent_once_to_the_old_form_keeps_that_mark_on_its_way_to_the_new_one(redeploy, services, new_page):
    """A vote sent to the old form without an answer may have arrived there: moved to the new form, it is still
    marked so (a newer choice does not replace it, and the page is not left before it is sent once)."""
    server, publish = redeploy
    publish(1)
    page, _ = new_page(PHONE, service_workers="block")  # every page from the network: the new deploy, once out
    _vote_offline(page, server, "poster/las-smaw/")
    page.evaluate(  # as a send that got no answer leaves it
        """() => { const key = Object.keys(localStorage).find(k => k.includes(':queue:'));
        localStorage.setItem(key, JSON.stringify(Object.assign(JSON.parse(localStorage[key]), {tried: true}))); }"""
    )
    publish(2)
    later = _back_online_in_a_new_page(page, new_page)
    held: list = []
    later.route(f"**/f/{NEW_FORM}", lambda route: held.append(route))
    with later.expect_request(f"**/f/{NEW_FORM}"):
        later.goto(server.url + "poster/ac-hemat/")
    [(scope, entry)] = _waiting(later).items()
    assert scope == "all" and entry["tried"] is True
    assert entry["body"] == f"poster=las-smaw&token={_token_of(later, _ballot(later))}"
    until_routed(later, held)
    held[0].continue_()
    later.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"]["poster"] for r in services.of("formspree")] == ["las-smaw"]


AGAIN_LAS = (
    "Anda sudah memilih “Las SMAW dari Nol” dari browser ini. Hanya pilihan pertama dari browser ini yang dihitung. "
    "Tetap kirim?"
)


def test_after_a_deploy_moves_the_vote_to_a_new_form_the_pages_still_name_the_vote_and_ask_before_another(
    redeploy, services, new_page
):
    """The count takes both forms' exports, the first form's first, and keeps a browser's first vote: the new pages
    name the vote sent to the old form and ask before another, which does not change what they name."""
    server, publish = redeploy
    publish(1)
    page, _ = new_page(PHONE, service_workers="block")  # every page from the network: the new deploy, once out
    page.goto(server.url + "poster/las-smaw/")
    page.get_by_role("button", name="Pilih poster ini").click()
    page.locator(".pg-vote__status--ok").wait_for()
    old_ballot = _ballot(page)
    publish(2)
    page.goto(server.url + "poster/kopi-gayo/")
    assert _ballot(page) != old_ballot
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    page.get_by_role("button", name="Pilih poster ini").click()
    assert page.locator(".pg-vote__status--ask p").first.inner_text() == AGAIN_LAS
    page.get_by_role("button", name="Ya, kirim").click()
    page.locator(".pg-vote__status--ok").wait_for()
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    token = _token_of(page, old_ballot)
    assert [(r["path"], r["fields"]) for r in services.of("formspree")] == [
        (f"/f/{OLD_FORM}", {"poster": "las-smaw", "token": token}),
        (f"/f/{NEW_FORM}", {"poster": "kopi-gayo", "token": token}),
    ]
    page.goto(server.url + "vote/")
    assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert page.locator(".pg-vote__item--mine").get_attribute("data-slug") == "las-smaw"


def test_a_vote_sent_once_to_the_old_form_is_not_replaced_by_one_waiting_unsent_for_the_new_form(
    redeploy, services, new_page
):
    """A vote sent to the old form without an answer may have arrived there, and the count keeps it: a choice still
    waiting unsent for the new form (made while the old vote's move waited, say for the site's clock) must not
    replace it, or the page would name a choice the count does not have."""
    server, publish = redeploy
    publish(1)
    page, _ = new_page(PHONE, service_workers="block")  # every page from the network: the new deploy, once out
    _vote_offline(page, server, "poster/las-smaw/")
    token = _token_of(page, _ballot(page))
    new_ballot = hashlib.sha256(f"formspree {services.url}f/{NEW_FORM}".encode()).hexdigest()[:12]
    newer = {"id": "0123456789abcdef", "poster": "kopi-gayo", "title": "Kedai Kopi Gayo", "code": ""}
    page.evaluate(
        """([ballot, token, newer]) => {
        const key = Object.keys(localStorage).find(k => k.includes(':queue:'));  // as a send without an answer leaves it
        localStorage.setItem(key, JSON.stringify(Object.assign(JSON.parse(localStorage[key]), {tried: true})));
        localStorage.setItem('pg-vote:' + ballot + ':token', token);
        localStorage.setItem('pg-vote:' + ballot + ':queue:all', JSON.stringify(newer)); }""",
        [new_ballot, token, dict(newer, body=f"poster=kopi-gayo&token={token}")],
    )
    publish(2)
    later = _back_online_in_a_new_page(page, new_page)
    later.goto(server.url + "poster/ac-hemat/")
    assert _ballot(later) == new_ballot
    later.locator(".pg-vote__status--ok").wait_for()
    assert [(r["path"], r["fields"]) for r in services.of("formspree")] == [
        (f"/f/{NEW_FORM}", {"poster": "las-smaw", "token": token})
    ]
    assert later.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert _waiting(later) == {}


SITE_BALLOTS = "JSON.parse(localStorage.getItem('pg-vote:site:/poster-gallery/')).map(b => b.ballot)"


def _vote_for_the_second_form_offline(redeploy, new_page):
    """A phone that met deploy 1's form, then made a vote on deploy 2's page (another form) while offline;
    returns (context, first ballot, second ballot) with that page left and the phone back online."""
    server, publish = redeploy
    publish(1)
    page, _ = new_page(PHONE, service_workers="block")  # every page from the network
    page.goto(server.url + "poster/kopi-gayo/")
    first = _ballot(page)
    publish(2)
    _vote_offline(page, server, "poster/las-smaw/")
    second = _ballot(page)
    assert second != first and list(_waiting(page)) == ["all"]
    assert page.evaluate(SITE_BALLOTS) == [first, second]
    return _back_online_in_a_new_page(page, new_page).context, first, second


def test_a_vote_waiting_for_a_later_form_goes_to_the_earlier_one_the_site_went_back_to(redeploy, services, new_page):
    """The committee moved the vote to a new form and then back to the first: the vote still waiting for the
    new form goes to the first, as the site's own vote page shows that form again."""
    server, publish = redeploy
    context, first, second = _vote_for_the_second_form_offline(redeploy, new_page)
    publish(1)
    back = context.new_page()
    back.goto(server.url + "poster/ac-hemat/")
    back.locator(".pg-vote__status--ok").wait_for()
    assert _ballot(back) == first
    [record] = services.of("formspree")
    assert record["path"] == f"/f/{OLD_FORM}"
    assert record["fields"] == {"poster": "las-smaw", "token": _token_of(back, first)}
    assert _token_of(back, first) == _token_of(back, second)
    assert _waiting(back) == {}
    assert back.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    assert back.evaluate(SITE_BALLOTS) == [second, first]


def test_an_old_copy_of_a_page_leaves_a_later_form_s_vote_to_the_site_s_own_pages(redeploy, services, new_page):
    """A page of the first deploy from the browser's cache after the site moved to a new form: the site's vote
    page shows the new form, so the old page leaves the vote waiting for it, and the site's pages send it there."""
    server, publish = redeploy
    publish(1)
    old_copy = (server.root / "poster" / "kopi-gayo" / "index.html").read_text("utf-8")
    context, first, second = _vote_for_the_second_form_offline(redeploy, new_page)
    stale = context.new_page()
    stale.route(
        server.url + "poster/kopi-gayo/",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=old_copy),
    )
    with stale.expect_request_finished(lambda r: r.url == server.url + "vote/index.html"):
        stale.goto(server.url + "poster/kopi-gayo/")
    assert _ballot(stale) == first
    stale.evaluate("new Promise(r => setTimeout(r, 100))")  # the answer is read and weighed
    assert services.received == []
    assert stale.evaluate(SITE_BALLOTS) == [first, second]
    assert stale.evaluate("Object.keys(localStorage).filter(k => k.includes(':queue:'))") == [
        f"pg-vote:{second}:queue:all"
    ]

    stale.goto(server.url + "poster/ac-hemat/")
    stale.locator(".pg-vote__status--ok").wait_for()
    assert _sent_to(services) == [(f"/f/{NEW_FORM}", "las-smaw")]
    assert _waiting(stale) == {}


def _controlled_page(context, url: str):
    """A page of ``context`` at ``url``, once the site's service worker controls it."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", polling=100, timeout=60_000)
    return page


def test_a_vote_from_a_page_the_site_s_worker_controls_goes_straight_to_the_network(redeploy, services, browser):
    """The site's worker lets votes pass, but a browser still wakes it for each request of a page it controls and
    waits on it first; on a busy phone, a vote sent as the page closes could outlast the page and never leave.
    The worker has the browser send every POST straight to the network (static routing): the page's own record
    of the vote's request says which way it went."""
    server, publish = redeploy
    publish(1)
    context = browser.new_context(viewport=PHONE)  # no request interception: Chromium would bypass the worker
    try:
        page = _controlled_page(context, server.url + "poster/las-smaw/")
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--ok").wait_for()
        assert _sent_to(services) == [(f"/f/{OLD_FORM}", "las-smaw")]
        routes = page.wait_for_function(
            """(action) => {
                const entries = performance.getEntriesByName(action);
                return entries.length > 0 && entries.map(e => [e.workerMatchedSourceType, e.workerFinalSourceType]);
            }""",
            arg=f"{services.url}f/{OLD_FORM}",
            polling=100,
        ).json_value()
        assert routes == [["network", "network"]]
    finally:
        context.close()


def test_a_page_of_the_old_deploy_stops_sending_once_the_new_one_takes_over(redeploy, services, browser):
    """The site's service worker serves the saved pages first. Once a deploy with another form takes over,
    an old page still open says so and sends nothing; reloaded, it is the new page, and the vote that waited
    (the old form was not taking votes) goes to the new form."""
    server, publish = redeploy
    publish(1)
    context = browser.new_context(viewport=PHONE)  # no request interception: Chromium would bypass the worker
    try:
        page = _controlled_page(context, server.url + "poster/las-smaw/")
        page.clock.install(time=NOW)
        page.clock.pause_at(NOW + dt.timedelta(seconds=1))  # no automatic retry: only what the test does
        services.fail("formspree", times=100, status=503)
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--queued").wait_for()
        publish(2)
        page.evaluate("""async () => {
            navigator.serviceWorker.addEventListener('controllerchange', () => { window.changed = true; });
            await (await navigator.serviceWorker.ready).update();
        }""")
        # The new deploy is saved and its worker takes over (waited for in real time: the page's clock is held).
        page.wait_for_function("() => window.changed === true", polling=100, timeout=30_000)
        notice = page.locator("[data-pg-vote-notice]")
        notice.get_by_role("button", name="Muat ulang halaman").wait_for()
        assert notice.inner_text().startswith(REPLACED_ID)
        assert page.get_by_role("button", name="Pilih poster ini").is_disabled()
        screenshot(page, "vote-form-replaced-phone")
        services.fail("formspree", times=0)
        page.evaluate("window.dispatchEvent(new Event('online'))")  # what would send a waiting vote: not here
        _sends_settled(page, "all")
        assert services.of("formspree") == [] and len(_waiting(page)) == 1

        notice.get_by_role("button", name="Muat ulang halaman").click()
        page.locator(".pg-vote__status--ok").wait_for()
        new_ballot = _ballot(page)
        [record] = services.of("formspree")
        assert record["path"] == f"/f/{NEW_FORM}"
        assert record["fields"] == {"poster": "las-smaw", "token": _token_of(page, new_ballot)}
        assert _waiting(page) == {} and notice.is_hidden()
        assert page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    finally:
        context.close()


def _waits_unsent(page, services) -> None:
    """Two seconds of the page's clock with the vote waiting for the new deploy: nothing sent."""
    for _ in range(20):
        page.evaluate("new Promise(r => setTimeout(r, 100))")
        assert services.received == [] and page.locator(".pg-vote__status--busy").is_visible()


def test_a_vote_made_while_a_new_deploy_is_being_saved_waits_for_it(redeploy, services, browser):
    """A page from the saved copy while the worker saves a deploy with another form: the vote waits on the
    phone until that install ends. Here it fails (the deploy is only half published), so the deploy in place
    stays, and the vote goes to its form. (A new deploy that takes over: the test before.)"""
    server, publish = redeploy
    publish(1)
    context = browser.new_context(viewport=PHONE)  # no request interception: Chromium would bypass the worker
    try:
        page = _controlled_page(context, server.url + "poster/las-smaw/")
        [in_place] = page.evaluate(SAVED_PAGES)
        publish(2)
        held = "/poster-gallery/poster/kopi-gayo/"  # a page of the new deploy (its vote changed) is slow to come
        server.stalled.add(held)
        page.reload()  # the saved page
        # The browser looks for a new worker after a navigation (Chromium a moment later): at once, here.
        assert page.evaluate("""async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            await registration.update();
            return !!registration.installing;
        }""")
        assert _ballot(page) != "" and page.locator("[data-pg-vote-notice]").is_hidden()
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--busy").wait_for()
        assert [entry["poster"] for entry in _waiting(page).values()] == ["las-smaw"]
        _waits_unsent(page, services)
        (server.root / "poster" / "kopi-gayo" / "index.html").unlink()  # the held page turns out missing
        server.stalled.discard(held)
        page.locator(".pg-vote__status--ok").wait_for(timeout=30_000)
        assert _sent_to(services) == [(f"/f/{OLD_FORM}", "las-smaw")]
        # The deploy in place stays. (Chromium's own look for a new worker after the reload may come later and
        # fail the same way: waited for.)
        until(
            page,
            "async () => { const r = await navigator.serviceWorker.getRegistration(); "
            "return !r.installing && !r.waiting && r.active.state === 'activated'; }",
            None,
            20_000,
        )
        assert in_place in page.evaluate(SAVED_PAGES)
        assert page.locator("[data-pg-vote-notice]").is_hidden()
    finally:
        context.close()


def test_a_vote_made_while_a_saved_new_deploy_waits_to_take_over_waits_for_it(redeploy, services, browser):
    """The new deploy is saved, and its worker waits while the one in place still answers another tab (a slow image
    on crowded Wi-Fi). A page opened then, from the saved copy, sent its vote at once to the form the new deploy
    replaced (here closed: Formspree refuses it), and after the takeover nothing was sent to the new form. It waits
    as it does while the new deploy is being saved, and goes to the new form once its pages are in."""
    server, publish = redeploy
    services.formspree_forms[OLD_FORM] = "inactive"  # the committee moved the vote because this form was closed
    publish(1)
    context = browser.new_context(viewport=PHONE)  # no request interception: Chromium would bypass the worker
    slow = "/poster-gallery/poster/las-smaw/zoom.0123456789.jpg"
    try:
        busy = _controlled_page(context, server.url + "poster/kopi-gayo/")
        publish(2)
        server.stalled.add(slow)  # the worker in place answers this tab's download, which does not end
        busy.evaluate("(url) => { fetch(url).catch(() => {}); }", server.origin + slow)
        busy.evaluate("async () => { await (await navigator.serviceWorker.ready).update(); }")
        until(busy, "async () => !!(await navigator.serviceWorker.getRegistration()).waiting", None, 30_000)
        page = context.new_page()
        page.goto(server.url + "poster/las-smaw/")
        assert page.evaluate("""async () => { const r = await navigator.serviceWorker.getRegistration();
            return [!!r.installing, r.waiting && r.waiting.state, !!navigator.serviceWorker.controller]; }""") == [
            False,
            "installed",
            True,
        ]
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--busy").wait_for()
        _waits_unsent(page, services)
        server.stalled.discard(slow)  # the download ends: the new deploy takes over
        notice = page.locator("[data-pg-vote-notice]")
        notice.get_by_role("button", name="Muat ulang halaman").wait_for(timeout=30_000)
        assert notice.inner_text().startswith(REPLACED_ID) and services.received == []
        notice.get_by_role("button", name="Muat ulang halaman").click()
        page.locator(".pg-vote__status--ok").wait_for()
        assert _sent_to(services) == [(f"/f/{NEW_FORM}", "las-smaw")]
    finally:
        server.stalled.clear()
        services.formspree_forms[OLD_FORM] = "active"
        context.close()


def test_a_vote_made_while_a_new_deploy_is_being_saved_goes_when_the_page_is_closed(redeploy, services, browser):
    """The vote waits for the new deploy being saved; the visitor closes the tab meanwhile. The page may never run
    again before voting closes: the vote goes to the form of this page once, as any vote waiting when the page
    goes, and stays on the phone, marked, for the new deploy's pages. (The old form takes votes until the
    committee closes it, a minute after 'closes'.)"""
    server, publish = redeploy
    publish(1)
    context = browser.new_context(viewport=PHONE)  # no request interception: Chromium would bypass the worker
    held = "/poster-gallery/poster/kopi-gayo/"
    try:
        page = _controlled_page(context, server.url + "poster/las-smaw/")
        publish(2)
        server.stalled.add(held)  # the new deploy is slow to save
        page.reload()
        assert page.evaluate("""async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            await registration.update();
            return !!registration.installing;
        }""")
        page.get_by_role("button", name="Pilih poster ini").click()
        page.locator(".pg-vote__status--busy").wait_for()
        assert services.received == []
        page.close()
        _wait_for_a_send(context, services)
        assert _sent_to(services) == [(f"/f/{OLD_FORM}", "las-smaw")]
        [origin] = context.storage_state()["origins"]
        [kept] = [json.loads(item["value"]) for item in origin["localStorage"] if ":queue:" in item["name"]]
        assert (kept["poster"], kept["tried"]) == ("las-smaw", True)
    finally:
        server.stalled.discard(held)
        context.close()


# ------------------------------------------- a new deploy that extends the vote ---

EXTENDED = CLOSES + dt.timedelta(hours=2)


@pytest.fixture(scope="module")
def extended(tmp_path_factory, services):
    """(server, publish): the first deploy closes voting at CLOSES; the second (the committee gave the visitors
    two more hours) at EXTENDED. The same form."""
    galleries = [
        f"""
        vote:
          provider: google_forms
          url: {services.url}forms/d/e/1FAIpQLSfStandIn123/formResponse
          fields: {{poster: entry.111, token: entry.222}}
          opens: {OPENS.isoformat()}
          closes: {closes.isoformat()}
        """
        for closes in (CLOSES, EXTENDED)
    ]
    server, publish = _deploys(tmp_path_factory.mktemp("extended"), galleries)
    yield server, publish
    server.stop()


def test_a_vote_waiting_past_the_old_closing_time_is_kept_when_a_new_deploy_moved_it_on(extended, services, new_page):
    """Past 'closes' as this page has it, and the site's clock agrees; but the site now closes voting two hours
    later. The vote is not dropped as late: the page asks to be reloaded, and the new page sends it."""
    server, publish = extended
    publish(1)
    page, _ = new_page(PHONE, service_workers="block")  # a reload comes from the network: the new deploy
    _hold_timers(page)
    _vote_offline(page, server, "poster/las-smaw/")
    publish(2)
    late = CLOSES + dt.timedelta(minutes=1)
    page.clock.set_system_time(late)
    with _site_clock(server, late):
        page.context.set_offline(False)
        notice = page.locator("[data-pg-vote-notice]")
        notice.get_by_role("button", name="Muat ulang halaman").wait_for()
        assert notice.inner_text().startswith(REPLACED_ID)
        assert list(_waiting(page)) == ["all"] and services.records == []
        assert page.locator(".pg-vote__status--error").count() == 0
        notice.get_by_role("button", name="Muat ulang halaman").click()
        page.locator(".pg-vote__status--ok").wait_for()
    assert [r["fields"] for r in services.of("google")] == [{"entry.111": "las-smaw", "entry.222": _token(page)}]
    assert (
        _waiting(page) == {} and page.locator("[data-pg-vote-chosen]").inner_text() == "Anda memilih: Las SMAW dari Nol"
    )

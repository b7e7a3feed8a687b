"""The hostile gallery in Chromium: every page loaded, nothing runs, nothing is injected, nothing leaves the host.

Every payload of the hostile corpus (tests/hostilekit.py) that could run a script sets ``window.__pwned``
(a trap defined before any page script records even an attempt), every one that could load something
points at evil.example, and every dialog is recorded; the pages' own scripts must meet hostile text in
the page, in their address (?q=, ?poster=, ?center=) and in the browser's storage without harm.
"""

from __future__ import annotations

import json

import pytest

from postergallery.model import slugify

from browserkit import DESKTOP, PHONE, watch_external
from hostilekit import build_hostile_project
from siteserver import SiteServer

TRAP = """
(() => {
  let value;
  Object.defineProperty(window, '__pwned', {configurable: false, get: () => value,
    set: (v) => { value = v; (window.__attempts = window.__attempts || []).push(String(v)); }});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { (window.__attempts = window.__attempts || []).push(name + ':' + args); };
  }
})();
"""
# What an injected payload would have added to a page; the site's own markup has none of it.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(el.tagName + '[' + a.name + ']');
      if (/^\\s*(javascript|data|vbscript):/i.test(a.value) && ['href', 'src', 'action', 'data', 'formaction', 'srcdoc']
          .includes(a.name) && a.value !== 'data:,') found.push(el.tagName + '[' + a.name + '=' + a.value + ']');
    }
  }
  for (const sel of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]', 'img[src="x"]', 'math', 'mglyph',
                     'details[ontoggle]', 'link[href*="evil.example"]', 'textarea']) {
    document.querySelectorAll(sel).forEach((el) => found.push(sel));
  }
  for (const style of document.querySelectorAll('style')) {
    if (style.textContent.includes('evil.example')) found.push('style');
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project, corpus = build_hostile_project(tmp_path_factory.mktemp("hostile-site") / "site-project")
    server = SiteServer(project.root / "site", "/gallery/").start()
    yield server, corpus
    server.stop()


@pytest.fixture
def visit(new_page):
    """visit(path, viewport) -> page; afterwards the page must show no sign of a payload having worked."""
    pages = []

    def open_page(url, viewport=PHONE, **options):
        page, watch = new_page(viewport, **options)
        page.context.add_init_script(TRAP)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pages.append((page, watch, dialogs))
        page.goto(url)
        page.wait_for_load_state("load")
        return page

    yield open_page
    for page, watch, dialogs in pages:
        assert_clean(page, watch, dialogs)


def assert_clean(page, watch, dialogs):
    seen = page.evaluate(
        """(injected) => ({attempts: window.__attempts || [], pwned: window.__pwned ?? null,
                                            injected: new Function('return ' + injected)()()})""",
        INJECTED,
    )
    assert seen == {"attempts": [], "pwned": None, "injected": []}, page.url
    assert dialogs == [] and watch.external == [] and watch.page_errors == [], (
        page.url,
        dialogs,
        watch.external,
        watch.page_errors,
    )


def all_pages(server) -> list[str]:
    return sorted(p.relative_to(server.root).as_posix()[: -len("index.html")] for p in server.root.rglob("index.html"))


def test_every_page_of_the_hostile_gallery_loads_with_nothing_run_injected_or_fetched(hostile_site, browser):
    server, _ = hostile_site
    paths = all_pages(server)
    assert len(paths) > 120 and {"", "vote/", "kiosk/", "kiosk/all/", "print/", "results/"} <= set(paths)
    # One page for all of them, watching only what fails: no host name but 127.0.0.1 resolves (CHROMIUM_ARGS), so
    # every request to another host fails (routing or watching every request would double the time).
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.context.add_init_script(TRAP)
        watch = type("Watch", (), {"external": [], "page_errors": []})()
        watch_external(context, watch.external)
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in paths:
            page.goto(server.url + path, wait_until="load")
            assert_clean(page, watch, dialogs)
        # The checks see what they look for: a planted attempt, element and request are all caught.
        page.evaluate("""() => { window.__pwned = 'control';
            document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="1">');
            return fetch('https://evil.example/control').catch(() => {}); }""")
        assert page.evaluate("window.__attempts") == ["control"]
        assert page.evaluate(INJECTED) == ["IMG[onerror]", 'img[src="x"]']
        assert watch.external == ["https://evil.example/control"]
    finally:
        context.close()


def test_hostile_titles_show_as_text_in_the_title_bar_header_cards_and_material_search(hostile_site, visit):
    server, corpus = hostile_site
    page = visit(server.url + "poster/hostile-00/")
    title = corpus["hostile-00"]["title"]
    assert page.title() == f"{title} - Test Gallery"
    assert page.locator(".pg-poster__title").inner_text() == title
    assert page.locator(".md-header__topic").last.inner_text() == title  # Material's own header
    # Material's navigation, for poster pages the site owner put in it.
    nav = page.eval_on_selector_all(".md-nav--primary .md-nav__link", "links => links.map(l => l.textContent.trim())")
    assert title in nav and corpus["hostile-04"]["title"] in nav
    # Material's search, with a word of a hostile title: the results list the titles as text.
    page = visit(server.url, DESKTOP)
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially("Budi")  # an author of every hostile poster
    page.wait_for_selector(".md-search-result__item")
    shown = page.locator(".md-search-result__item h1").all_inner_texts()
    hostile_titles = {v["title"] for v in corpus.values() if v}
    assert len(set(shown) & hostile_titles) >= 5, shown
    assert "<script>window.__pwned=1</script>" in shown


def test_the_gallery_filter_vote_page_kiosk_and_labels_take_hostile_addresses_harmlessly(hostile_site, visit):
    server, corpus = hostile_site
    payload = "<img src=x onerror=window.__pwned=90>"
    page = visit(server.url + "?q=" + payload + "&role=<svg/onload=window.__pwned=91>&sort=</script>")
    assert page.locator("#pg-q").input_value() == payload
    assert page.locator(".pg-filters__status").inner_text() == "Showing 0 of 29 posters"
    page = visit(server.url + "?q=pwned=14")
    hits = page.eval_on_selector_all(".pg-card[data-hit]", "cards => cards.map(c => c.dataset.slug)")
    assert "hostile-21" in hits and len(hits) < 29  # the poster with that title, and those quoting it

    page = visit(server.url + 'vote/?poster="><img src=x onerror=window.__pwned=92>')
    assert page.locator(".pg-vote__radio:checked").count() == 0
    page = visit(server.url + "vote/?poster=hostile-04")
    assert page.locator(".pg-vote__radio:checked").get_attribute("data-title") == corpus["hostile-04"]["title"]
    page.locator("[data-pg-vote-query]").first.fill("<script>")
    assert page.locator(".pg-vote__item:not([hidden])").count() >= 2

    page = visit(
        server.url
        + "kiosk/?interval=3&order=title&center=<svg/onload=window.__pwned=93>,"
        + "script-window-pwned-1-script-bpvp&start=</script>",
        DESKTOP,
        service_workers="block",
    )
    page.wait_for_function("document.body.dataset.state === 'playing'")
    shown = next(v for v in corpus.values() if v and slugify(v["center"]) == "script-window-pwned-1-script-bpvp")
    slide = page.locator(".kiosk__slide:not([aria-hidden=true])")
    assert slide.locator(".kiosk__title").evaluate("e => e.textContent") == shown["title"]
    assert slide.locator(".kiosk__center").evaluate("e => e.textContent") == shown["center"]

    page = visit(server.url + "print/?poster=hostile-07,<b>&size=<script>", DESKTOP)
    assert page.locator(".labels__sheet .label").count() == 1
    assert page.locator(".labels__sheet .label__title").evaluate("e => e.textContent") == corpus["hostile-07"]["title"]
    page = visit(server.url + 'print/?center="><svg onload=alert(1)>&role=<script>alert(2)</script>', DESKTOP)
    assert page.locator(".labels__sheet .label").count() == 0 and page.locator(".labels__empty").is_visible()


@pytest.mark.parametrize(
    "back, target",
    [
        ("javascript:window.__pwned=95", "javascript:window.__pwned=96"),
        ("data:text/html,<script>parent.__pwned=97</script>", "https://evil.example/phish/"),
        ("  JAVASCRIPT:window.__pwned=98", "//evil.example/x"),
    ],
)
def test_previous_and_next_restored_from_session_storage_never_become_script_or_foreign_links(
    hostile_site, visit, back, target
):
    """Every site under one github.io host shares sessionStorage: what is read back may have been planted."""
    server, corpus = hostile_site
    planted = {
        "from": back,
        "label": "x",
        "list": [
            {"slug": "hostile-00", "title": "<img src=x onerror=window.__pwned=99>", "href": target},
            {"slug": "hostile-01", "title": corpus["hostile-01"]["title"], "href": target},
            {"slug": "hostile-02", "title": "ok", "href": target},
        ],
    }
    page = visit(server.url)
    page.evaluate("data => sessionStorage.setItem('pg-browse', data)", json.dumps(planted))
    page.goto(server.url + "poster/hostile-01/")
    page.wait_for_load_state("load")
    hrefs = page.evaluate("[...document.querySelectorAll('.pg-context a, .pg-prevnext a')].map(a => a.href)")
    assert hrefs and all(h.startswith(server.url) for h in hrefs), hrefs
    assert page.locator(".pg-context__position").count() == 0  # the planted list is not used at all


def test_the_browsing_list_of_another_gallery_on_the_same_host_is_not_taken_for_this_one_s(hostile_site, visit):
    """Two galleries under one github.io host share sessionStorage and its key; the other's posters may have the
    same slugs. Its list leads to its own pages, so this gallery's poster page keeps its own previous and next."""
    server, _ = hostile_site
    page = visit(server.url + "poster/hostile-01/")
    own = page.evaluate("[...document.querySelectorAll('.pg-context a, .pg-prevnext a')].map(a => a.href)")
    other = server.url.replace("/gallery/", "/other-gallery/")
    assert other != server.url
    elsewhere = {
        "from": other + "?role=alumni",
        "label": "x",
        "list": [{"slug": f"hostile-0{i}", "title": f"T{i}", "href": f"{other}poster/hostile-0{i}/"} for i in range(4)],
    }
    page.evaluate("data => sessionStorage.setItem('pg-browse', data)", json.dumps(elsewhere))
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator(".pg-context__position").count() == 0
    assert page.evaluate("[...document.querySelectorAll('.pg-context a, .pg-prevnext a')].map(a => a.href)") == own
    assert all(h.startswith(server.url) for h in own), own


def test_a_genuine_browsing_list_still_gives_previous_and_next(hostile_site, visit):
    server, _ = hostile_site
    page = visit(server.url + "role/instructor/")
    slugs = page.eval_on_selector_all(".pg-card", "cards => cards.map(c => c.dataset.slug)")
    titles = page.eval_on_selector_all(".pg-card__title", "spans => spans.map(s => s.textContent)")
    page.locator(".pg-card__link").nth(1).click()
    page.wait_for_selector(".pg-context__position")
    assert page.url == f"{server.url}poster/{slugs[1]}/"
    assert page.locator(".pg-context__position").inner_text() == f"Poster 2 of {len(slugs)}"
    assert page.locator(".pg-context a").get_attribute("href") == f"{server.url}role/instructor/"
    for direction, index in (("prev", 0), ("next", 2)):
        link = page.locator(f".pg-prevnext__{direction}")
        assert link.get_attribute("href") == f"{server.url}poster/{slugs[index]}/"
        assert link.locator(".pg-prevnext__title").evaluate("e => e.textContent") == titles[index]


def test_a_choice_planted_in_local_storage_shows_as_text_on_the_vote_page(hostile_site, visit):
    """vote.js shows what this browser voted for from localStorage, which any site on the host can write."""
    server, _ = hostile_site
    page = visit(server.url + "vote/")
    ballot = json.loads(page.locator("[data-pg-vote]").first.get_attribute("data-pg-vote"))["ballot"]
    planted = "<img src=x onerror=window.__pwned=100>"
    page.evaluate(
        """([ballot, title]) => { for (const scope of ['all', 'instructor', 'trainee', 'alumni']) {
        localStorage.setItem('pg-vote:' + ballot + ':choice:' + scope,
                             JSON.stringify({poster: '"><svg onload=window.__pwned=101>', title, code: ''})); } }""",
        [ballot, planted],
    )
    page.reload(wait_until="load")
    chosen = page.locator("[data-pg-vote-chosen]:not([hidden])")
    assert chosen.count() == 3 and set(chosen.all_inner_texts()) == {f"You voted for: {planted}"}

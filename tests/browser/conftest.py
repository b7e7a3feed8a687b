"""Browser fixtures: Debian's Chromium through Playwright, the demo site served under a sub-path.

Without Chromium the browser tests are skipped with the reason; with
GALLERY_REQUIRE_BROWSER=1 (set by .ci/run) a missing Chromium fails them
instead, so CI never reports skipped browser checks as passing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browserkit import CHROMIUM, CHROMIUM_ARGS, PHONE, PageWatch, build_site, lean_chromium, watch_external
from siteserver import SiteServer


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (install it: apt-get install chromium)"
        if os.environ.get("GALLERY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; GALLERY_REQUIRE_BROWSER=1 requires the browser tests to run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=lean_chromium(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def bfcache_browser(playwright_instance):
    """The full Chromium keeping the pages left in its back/forward cache, as phones do (Playwright's default turns
    that off; the headless shell loads the page again on Back); launched only for the tests that ask for it
    (new_page(..., bfcache=True))."""
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def demo_site() -> Path:
    """The demo gallery of this repository, built once per test run (tests only read it)."""
    from projectkit import copy_demo, made_once

    return made_once("demo-site", lambda folder: build_site(copy_demo(folder))) / "demo" / "site"


@pytest.fixture(scope="session")
def demo_server(demo_site):
    server = SiteServer(demo_site, "/poster-gallery/").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def one_poster_server(tmp_path_factory):
    """An English gallery of a single poster: the sentences the pages' scripts fill in with a count of one."""
    from projectkit import Project

    project = Project(tmp_path_factory.mktemp("one") / "project")
    project.add_poster("las-smaw")
    project.write_config(language="en")
    server = SiteServer(build_site(project.root), "/poster-gallery/").start()
    yield server
    server.stop()


class NewPage:
    """new_page(viewport=PHONE, bfcache=False, **context_options) -> (page, watch), each in a context of its own,
    closed after the test. In a test marked ``without_site_worker``, service workers are blocked unless the options
    say otherwise. With bfcache=True, Back and Forward restore the pages kept in the browser's back/forward
    cache. ``same_phone(page)``: the same, made as ``page``'s context was and holding its storage."""

    def __init__(self, browser, request):
        self._browser = browser
        self._request = request
        self._made: dict = {}  # context -> (viewport, bfcache, options)

    def __call__(self, viewport=PHONE, bfcache=False, **options):
        chromium = self._request.getfixturevalue("bfcache_browser") if bfcache else self._browser
        # The site's worker downloads the whole site for offline after a page's load: about a third of the CPU of a
        # test of the filters, zoom or My list. Only for tests of what a page does online; the offline, vote and
        # slideshow tests keep it.
        if self._request.node.get_closest_marker("without_site_worker"):
            options = dict({"service_workers": "block"}, **options)
        context = chromium.new_context(viewport=viewport, **options)
        self._made[context] = (viewport, bfcache, options)
        page = context.new_page()
        page.set_default_timeout(10_000)  # everything is local: waiting longer only hides a failure
        watch = PageWatch(page, scripts=options.get("java_script_enabled", True))
        watch_external(context, watch.external)
        return page, watch

    def same_phone(self, page):
        """A page in a new context made as ``page``'s was, with its cookies and localStorage (votes waiting, the
        voter's token): the same phone, where the pages it had open must be gone for good. (A page closed, or brought
        back online, is still being torn down after Playwright says it is gone, and the old document, told the network
        is back as its emulation ends, can still run: a phone never does that.)"""
        viewport, bfcache, options = self._made[page.context]
        return self(viewport, bfcache, **dict(options, storage_state=page.context.storage_state()))

    def close(self):
        for context in self._made:
            context.close()


@pytest.fixture
def new_page(browser, request):
    """A NewPage: pages of their own context each, closed after the test."""
    make = NewPage(browser, request)
    yield make
    make.close()

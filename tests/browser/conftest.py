"""Browser fixtures: Debian's Chromium through Playwright, the demo site served under a sub-path.

Without Chromium the browser tests are skipped with the reason; with
GALLERY_REQUIRE_BROWSER=1 (set by .ci/run) a missing Chromium fails them
instead, so CI never reports skipped browser checks as passing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browserkit import CHROMIUM, CHROMIUM_ARGS, PHONE, PageWatch, block_external, build_site, lean_chromium
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
def demo_site(tmp_path_factory) -> Path:
    """The demo gallery of this repository, built once per test session."""
    from projectkit import copy_demo

    return build_site(copy_demo(tmp_path_factory.mktemp("demo")))


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


@pytest.fixture
def new_page(browser, request):
    """new_page(viewport=PHONE, bfcache=False, **context_options) -> (page, watch); closed after the test.
    With bfcache=True, Back and Forward restore the pages kept in the browser's back/forward cache."""
    contexts = []

    def make(viewport=PHONE, bfcache=False, **options):
        chromium = request.getfixturevalue("bfcache_browser") if bfcache else browser
        context = chromium.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)  # everything is local: waiting longer only hides a failure
        watch = PageWatch(page, scripts=options.get("java_script_enabled", True))
        block_external(context, watch.external)
        return page, watch

    yield make
    for context in contexts:
        context.close()

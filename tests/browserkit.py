"""Helpers for the browser tests: Chromium settings, page watching, screenshots, building a site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import zxingcpp

# What the tests read from a screenshot: QR codes only. Asked for every format, the reader may take a run of a QR
# code's modules for a one-dimensional barcode as well ('5222' beside the address).
QR_ONLY = zxingcpp.BarcodeFormat.QRCode

CHROMIUM = os.environ.get("GALLERY_CHROMIUM", "/usr/bin/chromium")
# Debian's chromium-headless-shell: the same Chromium (same version, engine, service workers, storage) without the
# desktop browser around it, which Playwright itself runs for headless tests by default. It takes about a third
# less CPU a test, so the browser tests run in it; the full browser still runs what only it has (the back/forward
# cache, a profile's own settings), and every test where the shell is not installed.
HEADLESS_SHELL = os.environ.get("GALLERY_HEADLESS_SHELL", "/usr/bin/chromium-headless-shell")


def lean_chromium() -> str:
    """The browser for tests that need nothing only the full Chromium has: the headless shell where it is installed,
    else the full Chromium."""
    return HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else CHROMIUM


# The only hosts a test's browser reaches (its servers and stand-ins listen on 127.0.0.1).
LOCAL_HOSTS = ("127.0.0.1", "localhost")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    # No host name but LOCAL_HOSTS resolves: a request that would leave the machine fails in the browser itself,
    # whatever made it (a page, a frame, a service worker). See watch_external for how the tests hear of it.
    "--host-resolver-rules=MAP * ~NOTFOUND, " + ", ".join(f"EXCLUDE {host}" for host in LOCAL_HOSTS),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
TOUCH = {"has_touch": True, "is_mobile": True}  # a touch screen without a mouse (CSS `hover: none`)
DESKTOP = {"width": 1920, "height": 1080}


# For page.evaluate(UNTIL, [source, arg, ms]): true once the async function ``source`` (JavaScript source text)
# resolves to a true value for ``arg``, trying every 50 ms of the page's own clock; false after ``ms``.
# (page.wait_for_function does not wait for a promise: an async predicate would hold at once.)
UNTIL = """async ([source, arg, ms]) => {
    const predicate = (0, eval)('(' + source + ')');
    for (const end = performance.now() + ms; performance.now() < end;) {
        if (await predicate(arg)) return true;
        await new Promise(r => setTimeout(r, 50));
    }
    return false;
}"""


def until(page, source: str, arg=None, ms: int = 10_000) -> None:
    """Wait until the async function ``source`` holds in the page (see UNTIL); fail with it otherwise."""
    assert page.evaluate(UNTIL, [source, arg, ms]), f"never held within {ms} ms: {source}"


def until_holds(page, holds, what: str) -> None:
    """Wait until ``holds()``, checked in the test (a route handler's requests, what a server received), is true;
    each try is a round trip to ``page``, no sleep. Fails saying ``what`` never happened."""
    for _ in range(2000):
        if holds():
            return
        page.evaluate("1")
    raise AssertionError(f"never happened: {what}")


def until_routed(page, held: list) -> None:
    """Wait until the route handler that appends to ``held`` has the request the page made (its handler runs a
    moment after the request is seen)."""
    until_holds(page, lambda: held, "the request reached the route's handler")


def run_clock_until_asked(page, url_end: str, ms: int, *, step_ms: int = 100, most_ms: int = 30_000) -> None:
    """Run the page's clock (installed) ``ms`` ahead, then on a step at a time until the page has asked for an
    address ending in ``url_end``; fails if it has not within ``most_ms`` more of its clock.

    A page that sets the timer of its next request only once the answer to the last one is handled (the kiosk's
    reads of the poster list) may not have set it yet when the clock runs: that request would then come ``ms`` of
    real time later, the clock flowing at its own pace between calls, and the test wait for it."""
    asked: list = []

    def note(request) -> None:
        if request.url.endswith(url_end):
            asked.append(request)

    page.on("request", note)
    try:
        page.clock.run_for(ms)
        page.evaluate("1")  # a round trip: the requests made meanwhile have been reported
        for _ in range(most_ms // step_ms):
            if asked:
                return
            page.clock.run_for(step_ms)
    finally:
        page.remove_listener("request", note)
    assert asked, f"the page did not ask for ...{url_end} within {ms + most_ms} ms of its clock"


# For page.add_init_script: the page records each pageshow, true where the browser showed it from its back/forward
# cache (new_page(..., bfcache=True)); see back_to_the_kept_page.
RECORD_PAGESHOWS = "window.__shows = []; addEventListener('pageshow', (e) => window.__shows.push(e.persisted));"


def back_to_the_kept_page(page) -> None:
    """Back to the page left last, and check the browser showed it as it was left, not loaded again (a page
    opened with RECORD_PAGESHOWS)."""
    page.go_back(wait_until="commit")  # a page restored from the cache fires no load event
    page.wait_for_function("() => window.__shows.length === 2", polling=100)
    assert page.evaluate("window.__shows") == [False, True]


# For page.evaluate(SAVED_PAGES): the names of the site worker's caches of pages, one per deploy saved (a failed
# install's is kept for its next try; a deploy taking over deletes the others).
SAVED_PAGES = "async () => (await caches.keys()).filter(n => n.startsWith('poster-site-pages '))"
# For until(page, TOOK_OVER, old): a new deploy has taken over from the one whose cache of pages is ``old``.
TOOK_OVER = f"async (old) => {{ const p = await ({SAVED_PAGES})(); return p.length === 1 && p[0] !== old; }}"


# For page.evaluate(SAVED, count): true once the site's service worker controls the page and has saved every image
# on its list (``count``), checking every 100 ms of the page's own clock; false after 60 s.
SAVED = """async (count) => {
    const done = async () => {
        if (!navigator.serviceWorker.controller) return false;
        const scope = (await navigator.serviceWorker.ready).scope;
        if (!(await caches.has('poster-site-images ' + scope))) return false;
        return (await (await caches.open('poster-site-images ' + scope)).keys()).length >= count;
    };
    for (const end = performance.now() + 60000; performance.now() < end;) {
        if (await done()) return true;
        await new Promise(r => setTimeout(r, 100));
    }
    return false;
}"""


def build_site(project_dir: Path) -> Path:
    """Run `mkdocs build --strict` in ``project_dir``; return the site folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project_dir, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project_dir / "site"


class PageWatch:
    """Console errors, page errors and failed requests seen by one page."""

    def __init__(self, page, scripts: bool = True):
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        # An aborted request (an image the browser no longer needs) is not a failure; nor, with scripts off, a
        # module the page names for preloading, which Chromium then refuses before asking the server (as "csp").
        ignored = {"net::ERR_ABORTED"} if scripts else {"net::ERR_ABORTED", "csp"}
        page.on("requestfailed", lambda r: r.failure not in ignored and self.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} {r.status}"))

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + self.failed


def watch_external(context, watch_list: list[str]) -> None:
    """Record in ``watch_list`` every request of ``context`` to a host not in LOCAL_HOSTS (each fails: Chromium
    resolves no other name, CHROMIUM_ARGS). Only failed requests are reported to the test, and nothing is
    intercepted: Playwright's routing would keep the browser's HTTP cache and service workers out of every request,
    and cost a round trip to the test for each (a sixth of the browser tests' time)."""

    def note(request) -> None:
        url = request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if not url.startswith(("data:", "blob:")) and host not in LOCAL_HOSTS:
            watch_list.append(url)

    context.on("requestfailed", note)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (kept by CI)."""
    target = ARTIFACTS / "screenshots" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return target


def heap_after_slides(page, cdp, count: int) -> tuple[int, int]:
    """The slideshow's JavaScript heap after garbage collection, and its element count, once it has shown
    ``count`` slides (``window.__count``, counted by the test's own script)."""
    page.wait_for_function("n => window.__count >= n", arg=count, timeout=120000, polling=100)
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    nodes = page.evaluate("document.getElementsByTagName('*').length")
    return used, nodes

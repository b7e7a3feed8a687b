#!/usr/bin/env python3
"""Benchmark: how soon a page's vote button or the gallery's filters work on a slow phone connection, built sites
side by side.

    python benchmarks/ready_on_slow_wifi.py --reps 3 --page poster/SLUG/ before=/tmp/a/site after=/tmp/b/site
    python benchmarks/ready_on_slow_wifi.py --reps 3 --page "" before=/tmp/a/site after=/tmp/b/site

Each NAME=SITE is a built site folder, served as GitHub Pages serves a project site (tests/siteserver.py: gzip
for text, the sub-path). Chromium on a phone viewport, the network throttled to 400 kbit/s down, 150 kbit/s up
and 600 ms of latency (a crowded venue's Wi-Fi); the sites take turns in each repetition. Measured with the
page's own clock (``performance.now()`` from the start of the navigation): when the send button, or on the gallery
page the whole filter form and grid, is first in the page ("shown"), when vote.js has set the ballot up and the
button works, or gallery.js has taken the grid over ("ready"), DOMContentLoaded, and when Material's bundle has run
("material"). Prints each load, then the medians per site.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browserkit import CHROMIUM, CHROMIUM_ARGS, PHONE, TOUCH  # noqa: E402
from siteserver import SiteServer  # noqa: E402

THROTTLE = {"offline": False, "latency": 600, "downloadThroughput": 400 * 1024 / 8, "uploadThroughput": 150 * 1024 / 8}
MOMENTS = ("shown", "ready", "dcl", "material")

# Installed before the page's own scripts: notes each moment the first time it is seen.
WATCH = """(() => {
  const t = window.__voteTimes = {};
  const mark = () => {
    const now = performance.now();
    if (!t.shown && document.querySelector('[data-pg-vote-send], .pg-more')) t.shown = now;
    const root = document.querySelector('[data-pg-vote]');
    const ready = root ? root.dataset.pgVoteReady === '1' : document.querySelector('.pg-grid[data-gallery-grid]');
    if (!t.ready && ready) t.ready = now;
    if (!t.material && window.document$) t.material = now;
  };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener('DOMContentLoaded', () => { t.dcl = performance.now(); mark(); });
  const timer = setInterval(() => { mark(); if (t.ready && t.material && t.dcl) clearInterval(timer); }, 20);
})()"""


def measure(sites: dict[str, Path], page_path: str, reps: int) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    servers = {name: SiteServer(root).start() for name, root in sites.items()}
    loads: dict[str, list[dict]] = {name: [] for name in sites}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(reps):
                for name, server in servers.items():
                    context = browser.new_context(viewport=PHONE, device_scale_factor=3, locale="id-ID", **TOUCH)
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", THROTTLE)
                    page.add_init_script(WATCH)
                    page.goto(server.url + page_path, wait_until="commit")
                    done = "() => ['shown', 'ready', 'dcl', 'material'].every(k => window.__voteTimes?.[k])"
                    page.wait_for_function(done, timeout=120_000, polling=100)
                    times = page.evaluate("() => window.__voteTimes")
                    loads[name].append(times)
                    print(name, {k: round(times[k]) for k in MOMENTS}, flush=True)
                    context.close()
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    return loads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--page",
        required=True,
        help='under the site: a page with a ballot (poster/SLUG/ or vote/) or "" for the gallery',
    )
    parser.add_argument("sites", nargs="+", metavar="NAME=SITE")
    args = parser.parse_args()
    sites = {name: Path(root).resolve() for name, root in (s.split("=", 1) for s in args.sites)}
    for name, rows in measure(sites, args.page, args.reps).items():
        medians = {k: round(statistics.median(row[k] for row in rows)) for k in MOMENTS}
        waits = [round(row["ready"] - row["shown"]) for row in rows]
        print(f"{name}: medians (ms) {medians}; ready after shown (ms) {waits}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

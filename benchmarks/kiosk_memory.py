#!/usr/bin/env python3
"""Benchmark: the kiosk slideshow's memory over thousands of slides (a day at the venue is ~3000).

    python benchmarks/kiosk_memory.py [--slides 5000] [--site site/]

Builds the demo site into a temporary folder (or uses --site, an already built site), serves it under
/poster-gallery/ and runs the slideshow in Chromium as fast as it goes (interval 0.01 s, no fade), then
prints, at a few slide counts, the JavaScript heap after a forced garbage collection, the DOM element
count and the resident memory of the renderer processes (decoded images live there, not in the JS heap).
At the end it sends the memory-pressure signal a device low on memory would send, to show how much of
the renderer's memory is cache that the browser gives back.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browserkit import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from projectkit import copy_demo  # noqa: E402
from siteserver import SiteServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=5000)
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_site(copy_demo(Path(tmp)))
        server = SiteServer(site).start()
        try:
            run(server, args.slides)
        finally:
            server.stop()
    return 0


def run(server: SiteServer, total: int) -> None:
    from playwright.sync_api import sync_playwright

    checkpoints = sorted({c for c in (50, 500, 1000, 2000, 5000, 10000, total) if c <= total})
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.add_init_script("window.__count = 0; document.addEventListener('kiosk:slide', () => window.__count++);")
        started = time.monotonic()
        page.goto(server.url + "kiosk/?interval=0.01&transition=0&order=title")
        cdp = context.new_cdp_session(page)
        browser_cdp = browser.new_browser_cdp_session()
        print(f"{'slides':>7} {'seconds':>8} {'JS heap used (KB)':>18} {'elements':>9} {'renderer RSS (MB)':>18}")
        for count in checkpoints:
            page.wait_for_function("n => window.__count >= n", arg=count, timeout=0, polling=200)
            cdp.send("HeapProfiler.collectGarbage")
            cdp.send("HeapProfiler.collectGarbage")
            heap = cdp.send("Runtime.getHeapUsage")
            elements = page.evaluate("document.getElementsByTagName('*').length")
            rss = renderer_rss_mb(browser_cdp)
            print(
                f"{count:>7} {time.monotonic() - started:>8.1f} {heap['usedSize'] / 1024:>18.0f} "
                f"{elements:>9} {rss:>18}",
                flush=True,
            )
        cdp.send("Memory.simulatePressureNotification", {"level": "critical"})
        cdp.send("HeapProfiler.collectGarbage")
        time.sleep(3)
        print(f"after a memory-pressure signal: renderer RSS {renderer_rss_mb(browser_cdp)} MB")
        print(f"console errors: {len(errors)}")
        browser.close()


def renderer_rss_mb(browser_cdp) -> str:
    """Resident memory of Chromium's renderer processes, from /proc (Linux); "-" elsewhere."""
    total = 0
    for process in browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]:
        if process["type"] != "renderer":
            continue
        try:
            status = Path(f"/proc/{process['id']}/status").read_text()
        except OSError:
            return "-"
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return f"{total / 1024:.0f}"


if __name__ == "__main__":
    sys.exit(main())

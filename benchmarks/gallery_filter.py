#!/usr/bin/env python3
"""Benchmark: how fast the gallery page answers a filter with many posters, in Chromium on a phone viewport.

    python benchmarks/gallery_filter.py [--posters 1000] [--rounds 5] [--site SITE]

Builds a gallery of N posters (the demo images reused, as the tests do), serves it like
GitHub Pages, and for each filter step measures the time from the change to the end of the
frame that shows the result (rendering included), with the CPU at full speed and slowed
down 4x (Lighthouse's phone setting). Prints the median and the slowest of each step.
A benchmark, not a test: timings depend on the machine and what else it is doing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browserkit import CHROMIUM, CHROMIUM_ARGS, PHONE, build_site  # noqa: E402
from projectkit import make_large_gallery  # noqa: E402
from siteserver import SiteServer  # noqa: E402

STEPS = [
    ["role", "alumni"],
    ["center", "bpvp-medan"],
    ["role", ""],
    ["center", ""],
    ["tag", "kopi"],
    ["tag", ""],
    ["q", "poster 12"],
    ["q", "pelatihan las"],
    ["q", ""],
    ["sort", "newest"],
    ["sort", "title"],
]

MEASURE = """async (steps) => {
    const form = document.querySelector('[data-filters]');
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const out = [];
    for (const [name, value] of steps) {
        await new Promise(r => setTimeout(r, 400));  // let the previous step settle, as a visitor would
        await frame();
        const t0 = performance.now();
        form.elements[name].value = value;
        form.elements[name].dispatchEvent(new Event(name === 'q' ? 'input' : 'change', {bubbles: true}));
        await frame();
        out.push(performance.now() - t0);
    }
    return out;
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posters", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--site", type=Path, help="an already built site to use instead of building one")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = args.site or build_site(make_large_gallery(Path(tempfile.mkdtemp()), args.posters))
    server = SiteServer(site, "/poster-gallery/").start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for rate in (1, 4):
                runs = []
                for _ in range(args.rounds):
                    page = browser.new_page(viewport=PHONE)
                    page.goto(server.url, wait_until="networkidle")
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                    runs.append(page.evaluate(MEASURE, STEPS))
                    page.close()
                print(f"CPU {rate}x slower, {args.rounds} rounds, ms from change to the frame showing the result:")
                for i, (name, value) in enumerate(STEPS):
                    times = [r[i] for r in runs]
                    print(f"  {name}={value!r:<18} median {statistics.median(times):6.1f}  max {max(times):6.1f}")
                every = [t for r in runs for t in r]
                print(f"  all steps: median {statistics.median(every):.1f}, slowest {max(every):.1f}")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

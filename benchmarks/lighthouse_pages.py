#!/usr/bin/env python3
"""Benchmark: Lighthouse (mobile) on built sites, served with gzip under /poster-gallery/, runs interleaved.

    npm install --prefix /tmp/lh lighthouse@12.2.3
    python benchmarks/lighthouse_pages.py --reps 5 --page "" before=/tmp/a/site after=/tmp/b/site

Each NAME=SITE is a built site folder (``mkdocs build`` of a project, e.g. one made from the reference
corpus as ``scripts/bench.py`` makes it). The sites are served as GitHub Pages serves a project site
(tests/siteserver.py: gzip for text, the sub-path) and measured one after the other in each repetition,
so that every site sees the same machine load; Lighthouse's phone (412 × 823 CSS px at 1.75, simulated
slow 4G and 4× slower CPU) as its defaults have it. Prints each run with the CPU pressure
(``/proc/pressure/cpu``, "some" avg10) before and after it, then the medians per site.
"""

from __future__ import annotations

import argparse
import json
import os
import socketserver
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from siteserver import SiteServer  # noqa: E402

_report_error = socketserver.BaseServer.handle_error


def _handle_error(self, request, client_address):
    """Lighthouse drops its connections when a run ends: not an error worth a traceback."""
    if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
        _report_error(self, request, client_address)


socketserver.BaseServer.handle_error = _handle_error

METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "si": "speed-index",
    "bytes": "total-byte-weight",
}


def pressure() -> str:
    return Path("/proc/pressure/cpu").read_text().split()[1].removeprefix("avg10=")


def lighthouse(binary: str, url: str, out: Path) -> dict:
    subprocess.run(
        [
            binary,
            url,
            "--form-factor=mobile",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=True,
        env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium")),
    )
    report = json.loads(out.read_text())
    row = {
        k: round(report["categories"][c]["score"] * 100)
        for k, c in (("perf", "performance"), ("a11y", "accessibility"), ("bp", "best-practices"), ("seo", "seo"))
    }
    for key, audit in METRICS.items():
        row[key] = round(report["audits"][audit]["numericValue"], 3)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", help="NAME=SITE_FOLDER")
    parser.add_argument("--page", default="", help="path under /poster-gallery/ (default: the home page)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    args = parser.parse_args()
    sites = dict(s.split("=", 1) for s in args.sites)
    servers = {name: SiteServer(Path(folder)).start() for name, folder in sites.items()}
    runs: dict[str, list[dict]] = {name: [] for name in sites}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for rep in range(args.reps):
                for name, server in servers.items():
                    before = pressure()
                    row = lighthouse(args.lighthouse, server.url + args.page, Path(tmp) / f"{name}-{rep}.json")
                    row["pressure"] = f"{before}-{pressure()} %"
                    runs[name].append(row)
                    print(name, rep, json.dumps(row), flush=True)
    finally:
        for server in servers.values():
            server.stop()
    for name, rows in runs.items():
        medians = {k: statistics.median(r[k] for r in rows) for k in rows[0] if k != "pressure"}
        print(f"median of {len(rows)}, {name}: {json.dumps(medians)}; performance {[r['perf'] for r in rows]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

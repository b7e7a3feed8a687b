#!/usr/bin/env python3
"""Benchmark: how long and how much memory hostile or huge input costs before it is refused (SECURITY.md).

    python benchmarks/hostile_input.py [--posters 5000] [--scripts DIR] [--timeout 120]

``--scripts`` measures another copy of the gallery's code (e.g. an older commit checked out with
``git worktree add``), so figures before and after a change come from the same inputs.

Each case runs in a fresh Python process, which reports its own time and peak resident memory (VmHWM, or its
children's where they are larger: a PDF's page is drawn in a process of its own):

* the metadata of N poster folders (``load_posters``), with a typical poster.yml (a 430-character summary);
* the worst single poster.yml within the 64 KB limit: thousands of repeated fields, of tags, of authors, and
  lines that are long runs of spaces;
* poster files at the limits: a 5,000-page PDF, a PDF page of 1 × 1,000,000 points, a PDF page whose 0.3 MB
  unpack into 105 MB of drawing instructions, a PNG of 1 × 5,000,000
  pixels, a 1,420 × 140,845 PNG (200 megapixels, as tall as allowed), a PNG claiming 30,000 × 30,000 pixels
  in 1 KB;
* a vote export row whose time cell holds 2,000 spaces, and cells of 200 KB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = textwrap.dedent("""\
    import json, re, sys, time
    from pathlib import Path
    sys.path[:0] = [{scripts!r}, {tests!r}]
    start = time.perf_counter()
    {body}
    seconds = time.perf_counter() - start
    peak = int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text())[1]) / 1024
    import resource  # a PDF is drawn in a process of its own: its peak counts
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(json.dumps({{"seconds": seconds, "peak_mb": peak, "result": result}}))
    """)


def measure(body: str, scripts: Path, timeout: float) -> dict:
    code = RUN.format(scripts=str(scripts), tests=str(ROOT / "tests"), body=body)
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "peak_mb": float("nan"), "result": f"still running after {timeout:.0f} s"}
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"seconds": float("nan"), "peak_mb": float("nan"), "result": "crashed: " + last[:90]}
    return json.loads(proc.stdout.splitlines()[-1])


def metadata(root: Path) -> str:
    return f"""
from postergallery.i18n import Translator
from postergallery.build import reserved_slugs
from postergallery.stages.load import load_posters
posters, problems = load_posters(Path({str(root)!r}), "posters", Translator("en"), reserved=reserved_slugs())
result = f"{{len(posters)}} posters, {{len(problems)}} problems"
"""


def image(path: Path) -> str:
    return f"""
from postergallery.stages.images import PosterImageError, RenditionSettings, make_renditions
try:
    made = make_renditions(Path({str(path)!r}), RenditionSettings())
    result = "made " + ", ".join(f"{{k}} {{v.width}}x{{v.height}}" for k, v in made.renditions.items())
except PosterImageError as exc:
    result = "refused: " + str(exc)[:90]
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posters", type=int, default=5000, help="poster folders for the metadata case")
    parser.add_argument("--scripts", type=Path, default=ROOT / "scripts", help="the code to measure")
    parser.add_argument("--timeout", type=float, default=120, help="seconds after which a case is stopped")
    args = parser.parse_args()

    def run(body: str) -> dict:
        return measure(body, args.scripts.resolve(), args.timeout)

    sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]
    from hostilekit import pdf_bytes, write_many_posters
    from imagefiles import png_bytes, write_png_bomb

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        many = tmp / "many"
        write_many_posters(many, args.posters, summary="Ringkasan pengalaman peserta selama pelatihan vokasi. " * 8)
        rows.append((f"metadata of {args.posters} posters", run(metadata(many))))
        for name, text in (
            ("6,500 repeated fields", "title: x\n" * 6500),
            ("9,000 tags", "tags: [" + ",".join(f"t{i}" for i in range(9000)) + "]\n"),
            ("6,000 authors", "authors:\n" + "".join(f"  - Nama {i}\n" for i in range(6000))),
            # Long runs of spaces and tabs inside lines, where a pattern that rescans them costs the square.
            (
                "lines of 16,000 spaces",
                "".join(f"{start}{' ' * 16000}x\n" for start in ("title", "summary: | a", "tags: > a", "alt: b \t")),
            ),
        ):
            folder = tmp / name.replace(" ", "-").replace(",", "") / "posters" / "p"
            folder.mkdir(parents=True)
            (folder / "poster.yml").write_text(text[: 64 * 1024])
            (folder / "poster.jpg").write_bytes(b"\xff\xd8\xff")
            rows.append((f"one poster.yml of {name}", run(metadata(folder.parents[1]))))
        files = {
            "PDF of 5,000 pages": ("many.pdf", pdf_bytes(pages=5000)),
            "PDF page of 1 x 1,000,000 pt": ("sliver.pdf", pdf_bytes(box=(0, 0, 1, 1_000_000))),
            "PDF page of 3,000,000 fills (0.3 MB)": ("fills.pdf", pdf_bytes(fills=3_000_000)),
            "PNG 1 x 5,000,000 (a sliver)": ("sliver.png", png_bytes(1, 5_000_000, 8, 0, b"\0\x80" * 5_000_000)),
            "PNG 1420 x 140845 (200 MP)": (
                "tall.png",
                png_bytes(1420, 140845, 8, 0, (b"\0" + b"\x80" * 1420) * 140845),
            ),
        }
        for name, (file_name, data) in files.items():
            (tmp / file_name).write_bytes(data)
            rows.append((name, run(image(tmp / file_name))))
        write_png_bomb(tmp / "bomb.png")
        rows.append(("PNG claiming 30000 x 30000 in 1 KB", run(image(tmp / "bomb.png"))))
        count = """
from postergallery.i18n import Translator
from postergallery.model import Poster
from postergallery.commands.tally import count_votes
from postergallery.features.vote import VoteSettings
vote = VoteSettings("google_forms", "https://docs.google.com/forms/d/e/x/formResponse",
                    {{"poster": "entry.1", "token": "entry.2"}},
                    columns={{"time": ("Timestamp",), "poster": ("poster",), "token": ("token",)}})
posters = [Poster("a", "x", "T", ("A",), "alumni", "C", "alt")]
counted = count_votes(Path({export!r}).read_bytes(), vote, posters, Translator("en"))
result = f"{{counted.rows}} rows, {{len(counted.rejected)}} rejected"
"""
        exports = {
            "export: a time cell with 2,000 spaces": f"2024/01/30 9:00:00{' ' * 2000}x,a,\n",
            "export: 50 cells of 200 KB": f'2024/01/30 9:00:00 AM GMT+7,a,"{"x" * 200_000}"\n' * 50,
        }
        for name, body in exports.items():
            export = tmp / "export.csv"
            export.write_text("Timestamp,poster,token\n" + body)
            rows.append((name, run(count.format(export=str(export)))))
    width = max(len(name) for name, _ in rows)
    for name, row in rows:
        print(f"{name:<{width}}  {row['seconds']:7.2f} s  {row['peak_mb']:6.0f} MB  {row['result']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

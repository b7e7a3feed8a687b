#!/usr/bin/env python3
"""Benchmark: reading a PDF poster's text, and the weight of the gallery filter's words (poster/texts.json).

    python benchmarks/poster_text.py [--reps 20]

Times ``page_text`` (PDFium's text layer put in reading order) on the demo's PDF poster and on a PDF with
2,400 text runs (more than a poster holds; cut at 5,000 characters), then weighs ``poster/texts.json`` as
the build writes it for 60 and 1,000 posters: of the demo PDF's kind, and all at the 2,000-character bound
(random words, so that compression has nothing shared to find), raw and gzip-compressed as GitHub Pages
sends it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402

from postergallery.commands.demo import TextRun, pdf_with_text  # noqa: E402
from postergallery.features.postertext import search_words  # noqa: E402
from postergallery.stages.pdftext import page_text  # noqa: E402

DEMO_PDF = ROOT / "posters/kaigo-bahasa-jepang-perawat-lansia/poster.pdf"


def timed(path: Path, reps: int) -> tuple[float, str]:
    times, text = [], ""
    for _ in range(reps):
        pdf = pdfium.PdfDocument(str(path))
        start = time.perf_counter()
        text = page_text(pdf[0])
        times.append(time.perf_counter() - start)
        pdf.close()
    return statistics.median(times), text


def weight(texts: dict[str, str]) -> str:
    data = json.dumps({"texts": texts}, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{len(data) / 1024:.0f} KB, {len(gzip.compress(data)) / 1024:.0f} KB compressed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20)
    reps = parser.parse_args().reps
    seconds, demo = timed(DEMO_PDF, reps)
    print(f"demo PDF: {len(demo)} characters of text, {len(search_words(demo))} of words, {seconds * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [TextRun(60 + 300 * (i % 4), 20 + 3 * (i // 4), 3, "kata panjang sekali " * 6) for i in range(2400)]
        heavy = Path(tmp) / "heavy.pdf"
        heavy.write_bytes(pdf_with_text(Image.new("RGB", (1240, 1754), "white"), runs, "heavy"))
        seconds, text = timed(heavy, reps)
        print(f"2400 text runs: {len(text)} characters kept, {seconds * 1000:.1f} ms")
    rng = random.Random(1)
    vocabulary = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10))) for _ in range(20000)]
    for count in (60, 1000):
        alike = {f"poster-{i}": search_words(demo) for i in range(count)}
        bound = {f"poster-{i}": search_words(" ".join(rng.choices(vocabulary, k=900))) for i in range(count)}
        print(f"texts.json, {count} posters: like the demo PDF {weight(alike)}; all at the bound {weight(bound)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark: the steps of the "Poster dan situs" job on a pull request that adds one poster to the demo.

    python benchmarks/pull_request_steps.py [--reps 3]

Makes the demo gallery as the repository's main branch, builds it once (the rendition cache the
pull request restores from main's runs), then a pull request that adds one poster, merged as GitHub
merges it. Each repetition starts from a fresh copy of that checkout with main's cache, and times the
job's own commands one after the other, as the workflow runs them:

    python3 scripts/pull_request_scope.py --base HEAD^1
    python scripts/gallery.py check --format github
    python scripts/gallery.py build --format github
    mkdocs build --strict
    python scripts/gallery.py changes --base HEAD^1 --preview URL

What GitHub does around them (starting the runner, checkout, setup-python, pip install from its cache,
restoring and uploading artifacts) is not measured here. Prints each step's times and median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from gitkit import GitRepo  # noqa: E402
from imagefiles import write_jpeg  # noqa: E402
from projectkit import GOOD_POSTER, copy_demo  # noqa: E402

STEPS = [
    ("scope", ["python3", "scripts/pull_request_scope.py", "--base", "HEAD^1"]),
    ("check", [sys.executable, "scripts/gallery.py", "check", "--format", "github"]),
    ("build, warm cache", [sys.executable, "scripts/gallery.py", "build", "--format", "github"]),
    ("mkdocs build --strict", [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]),
    (
        "summary",
        [
            sys.executable,
            "scripts/gallery.py",
            "changes",
            "--base",
            "HEAD^1",
            "--preview",
            "https://github.com/panitia/galeri/actions/runs/1/artifacts/2",
        ],
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="pr-steps-") as scratch:
        base = copy_demo(Path(scratch))
        repo = GitRepo.init(base)
        shutil.copy(HERE.parent / ".gitignore", base / ".gitignore")
        repo.commit_all("Gallery")
        subprocess.run(
            [sys.executable, "scripts/gallery.py", "build"], cwd=base, check=True, env=env, capture_output=True
        )
        main_cache = Path(scratch) / "main-cache"
        shutil.copytree(base / ".cache" / "gallery", main_cache)
        repo.git("checkout", "-q", "-b", "poster-baru")
        folder = base / "posters" / "poster-baru"
        folder.mkdir()
        (folder / "poster.yml").write_text(GOOD_POSTER, "utf-8")
        write_jpeg(folder / "poster.jpg", size=(2480, 3508), colour=(30, 120, 60))  # A4 at 300 dpi
        repo.commit_all("Poster baru")
        repo.pull_request_merge("poster-baru")
        times: dict[str, list[float]] = {name: [] for name, _ in STEPS}
        for rep in range(args.reps):
            work = Path(scratch) / f"run-{rep}"
            # What actions/checkout leaves: the merge commit, detached.
            subprocess.run(["git", "-c", "advice.detachedHead=false", "clone", "-q", str(base), str(work)], check=True)
            shutil.copytree(main_cache, work / ".cache" / "gallery")
            for name, command in STEPS:
                started = time.perf_counter()
                proc = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
                times[name].append(time.perf_counter() - started)
                if proc.returncode != 0 or (name == "scope" and proc.stdout != "posters-only=true\n"):
                    print(f"{name} failed:\n{proc.stdout}{proc.stderr}", file=sys.stderr)
                    return 1
            shutil.rmtree(work)
    total = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        total += median
        print(f"{name:24} median {median:6.2f} s   runs " + ", ".join(f"{v:.2f}" for v in values))
    print(f"{'sum of medians':24}        {total:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fixtures shared by all tests (helpers live in projectkit.py, browserkit.py, imagefiles.py)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import projectkit
from projectkit import SCRIPTS, Project, copy_demo

# Commands the tests run (gallery.py, mkdocs with the hook, image workers) use this checkout's package,
# whichever copy of it is installed.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SCRIPTS), os.environ.get("PYTHONPATH")]))


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config):
    """``-n auto`` (pytest.ini) starts half as many test processes again as there are cores: with one a core, the
    cores stood idle about a tenth of the time while tests waited on browsers, servers and builds in other processes
    (/proc/stat over a whole run); a third process on two cores takes that up (10:10 against 9:23, back to back).
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides where it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores * 3 // 2)


@pytest.fixture(scope="session", autouse=True)
def _run_folder(tmp_path_factory, pytestconfig) -> None:
    """projectkit.RUN_FOLDER: under pytest-xdist, the folder of this run that holds each worker's own temporary
    folder (kept and removed by pytest as they are), so the demo posters, their renditions and the built demo site
    are made once for all workers, not once by each (about 25 s of CPU each time)."""
    worker = hasattr(pytestconfig, "workerinput")
    projectkit.RUN_FOLDER = tmp_path_factory.getbasetemp().parent if worker else None


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "site-project")


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    return copy_demo(tmp_path)


# Three demo posters (a JPG, a PNG and a PDF) are enough for the Zensical build and keep it fast.
ZENSICAL_POSTERS = (
    "hidroponik-nft-pekarangan",
    "kaigo-bahasa-jepang-perawat-lansia",
    "las-smaw-dari-nol-ke-sertifikasi",
)


@pytest.fixture(scope="session")
def zensical_site() -> Path:
    """The demo gallery built the README's Zensical way: `python scripts/gallery.py build && zensical build`, once
    per test run (tests only read it).

    Skipped without zensical, unless GALLERY_REQUIRE_TOOLS=1 (set by .ci/run), where that fails.
    """
    if importlib.util.find_spec("zensical") is None:
        if os.environ.get("GALLERY_REQUIRE_TOOLS") == "1":
            pytest.fail("zensical is not installed; GALLERY_REQUIRE_TOOLS=1 requires the Zensical tests to run")
        pytest.skip("zensical is not installed (pip install -r requirements.txt)")
    return projectkit.made_once("zensical-site", _build_with_zensical) / "demo" / "site"


def _build_with_zensical(folder: Path) -> None:
    project = copy_demo(folder)
    for poster in (project / "posters").iterdir():
        if poster.is_dir() and poster.name not in ZENSICAL_POSTERS:
            shutil.rmtree(poster)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for command in ([sys.executable, "scripts/gallery.py", "build"], [sys.executable, "-m", "zensical", "build"]):
        proc = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr

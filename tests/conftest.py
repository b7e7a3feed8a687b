"""Fixtures shared by all tests (helpers live in projectkit.py, browserkit.py, imagefiles.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from projectkit import Project, copy_demo  # noqa: E402


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "site-project")


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    return copy_demo(tmp_path)

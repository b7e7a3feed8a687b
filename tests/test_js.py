"""The JavaScript unit tests (tests/js/*.test.mjs, Node's built-in test runner), run from pytest so that the
README's one test command covers them; `.ci/run` also runs them on their own first.

They test the site's pure modules (overrides/assets/gallery/filters.js, ballot.js, playlist.js) and the kiosk's
service worker, and hold the JavaScript to the rules as the Python package states them (tests/js/python_rules.py,
run with this interpreter). Without Node 18.19 or newer they are skipped, unless GALLERY_REQUIRE_TOOLS=1
(set by .ci/run), where that fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from projectkit import ROOT

NODE_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
MIN_NODE = (18, 19)  # module hooks (tests/js/esm-hooks.mjs) and a stable node:test


def node_or_skip() -> str:
    node = shutil.which("node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout if node else ""
    found = re.match(r"v(\d+)\.(\d+)", version)
    if found and tuple(map(int, found.groups())) >= MIN_NODE:
        return node
    problem = f"Node.js {'.'.join(map(str, MIN_NODE))} or newer is needed ({version.strip() or 'no node'} found)"
    if os.environ.get("GALLERY_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{problem}; GALLERY_REQUIRE_TOOLS=1 requires the JavaScript tests to run")
    pytest.skip(problem)


def test_the_javascript_unit_tests_pass():
    node = node_or_skip()
    assert NODE_TESTS
    proc = subprocess.run(
        [node, "--test", "--test-reporter=tap", *map(str, NODE_TESTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, GALLERY_PYTHON=sys.executable),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
    summary = dict(re.findall(r"^# (tests|pass|fail|skipped|todo) (\d+)$", proc.stdout, re.M))
    assert int(summary["tests"]) >= 16 and summary["pass"] == summary["tests"], proc.stdout[-3000:]
    assert summary["fail"] == summary["skipped"] == summary["todo"] == "0"

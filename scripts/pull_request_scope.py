#!/usr/bin/env python3
"""Does a pull request change only posters? For the workflow, which then skips the test suite.

    python3 scripts/pull_request_scope.py [--base HEAD^1] [--posters posters]

prints ``posters-only=true`` when every file the pull request adds, changes, removes or renames lies
under ``posters/``, else ``posters-only=false``, in the form ``$GITHUB_OUTPUT`` takes. The pull request
is GitHub's merge commit, compared with its first parent (the base branch): ``git diff --name-only
--no-renames``, so that a file moved out of ``posters/`` counts with both its names. The test suite
never reads ``posters/``, so a change there cannot change its outcome; the poster checks and the build
still run on it.

When git cannot answer, the answer is ``false``: everything runs. Standard library only, so the workflow
runs it before installing anything.
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def changed_paths(base: str, cwd: str | None = None) -> list[str]:
    """The paths that differ between ``base`` and HEAD, each name of a renamed file included."""
    proc = subprocess.run(
        ["git", "-c", "core.quotePath=false", "diff", "--name-only", "--no-renames", "-z", base, "HEAD", "--"],
        cwd=cwd,
        capture_output=True,
        timeout=120,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip() or f"git exited with {proc.returncode}")
    return [p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def posters_only(paths: list[str], posters: str = "posters") -> bool:
    """Whether there are changes and all of them lie under the ``posters`` folder."""
    prefix = posters.strip("/") + "/"
    return bool(paths) and all(path.startswith(prefix) for path in paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base",
        default="HEAD^1",
        help="the commit to compare with (default: HEAD^1, the base branch of GitHub's merge commit)",
    )
    parser.add_argument("--posters", default="posters", help="the posters folder (default: posters)")
    args = parser.parse_args(argv)
    try:
        answer = posters_only(changed_paths(args.base), args.posters)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"cannot compare with {args.base} ({exc}); running every check", file=sys.stderr)
        answer = False
    print(f"posters-only={'true' if answer else 'false'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

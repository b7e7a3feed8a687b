"""A throw-away git repository for tests, with the merge commit GitHub makes for a pull request."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Commits must not depend on the machine's git configuration (identity, signing, hooks).
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Panitia",
    "GIT_AUTHOR_EMAIL": "panitia@example.org",
    "GIT_COMMITTER_NAME": "Panitia",
    "GIT_COMMITTER_EMAIL": "panitia@example.org",
}


class GitRepo:
    """``git`` in ``root``; every call raises with git's own words when it fails."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        repo = cls(root)
        repo.git("init", "-q", "-b", "main")
        return repo

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, env=dict(os.environ, **GIT_ENV)
        )
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
        return proc.stdout

    def commit_all(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def pull_request_merge(self, branch: str, base: str = "main") -> None:
        """Check out what GitHub checks out for a pull request: a merge of ``branch`` into ``base``,
        whose first parent (``HEAD^1``) is the base branch."""
        self.git("checkout", "-q", "--detach", base)
        self.git("merge", "-q", "--no-ff", "-m", f"Merge {branch} into {base}", branch)

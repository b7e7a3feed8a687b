#!/usr/bin/env python3
"""Benchmark of the image stage and of the whole `mkdocs build`, against sigal and a Pillow floor.

    python scripts/bench.py [--work DIR] [--count 60] [--jobs 2] [--reps 1] [--pairs N [--against CHECKOUT]]
                            [--corpus DIR] [--extra DIR] [--sigal VENV] [--big]
    python scripts/bench.py --sizes [--corpus DIR] [--work DIR] [--jobs 2]
    python scripts/bench.py --encoders [--corpus DIR]
    python scripts/bench.py --steps [--corpus DIR]

It makes a realistic corpus of its own (``--count`` posters at A-series
poster resolutions: JPEG A3/A2 and PNG A4/A3, with five awkward files: EXIF
orientation 6, CMYK, progressive, RGBA, 16-bit grey; about 200 MB for 60),
or uses ``--corpus`` (folders with poster.yml and one image each). Then, in
the same run, it times:

* this project: clean build, no-change rebuild and add-one-poster rebuild,
  for the image stage alone (through the API: stage seconds and the peak
  memory of a worker) and for the whole ``mkdocs build``;
* sigal 2.6 (``--sigal`` = a virtualenv holding it; it is a yardstick, not
  a dependency) building the same images at 1600 px + 400 px JPEG;
* the Pillow floor: the least work Pillow can do for those two sizes;
* with ``--big``: one 200-megapixel PNG through the renditions, peak memory.

and prints every figure with the ratio to sigal. It is a benchmark, not a
test: run it by hand and record the figures in BENCHMARKS.md.

``--encoders`` only compares libvips' WebP encoder with the gallery's (Pillow's) on the corpus's
display images and thumbnails: CPU seconds, and whether the files are the same.

``--steps`` only measures the CPU of each step of making a poster's renditions (decoding, resizing,
the average colour and social card, each encoding), one process, one poster after the other.

``--sizes`` instead weighs the site the corpus makes with each ``originals``
choice: the renditions, the originals and the rest per poster and in total
(as the build counts them, and the built ``site/`` as measured), and how
many such posters fit in ``site_budget_mb`` (GitHub Pages: 1 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------ corpus ---

KINDS = [
    ("JPEG", (3508, 4961), 0.50, True),
    ("JPEG", (4961, 7016), 0.25, True),
    ("PNG", (2480, 3508), 0.15, False),
    ("PNG", (3508, 4961), 0.10, True),
]
AWKWARD = ["exif6", "cmyk", "progressive", "rgba", "gray16"]
CORPUS_VERSION = 2  # bump when the generated posters change
WORDS = [
    "pelatihan",
    "peserta",
    "instruktur",
    "kompetensi",
    "workshop",
    "praktik",
    "modul",
    "evaluasi",
    "hasil",
    "kerja",
    "industri",
    "sertifikasi",
    "keselamatan",
    "bahan",
    "proses",
    "kualitas",
    "efisiensi",
    "produktivitas",
    "lulusan",
    "magang",
    "usaha",
    "produk",
    "layanan",
    "digital",
    "data",
    "analisis",
    "laporan",
    "presentasi",
    "perbaikan",
    "hemat",
    "energi",
    "desa",
]
PALETTES = [
    ((16, 42, 94), (244, 132, 33), (246, 247, 251)),
    ((0, 105, 92), (255, 193, 7), (241, 248, 233)),
    ((128, 0, 32), (212, 175, 55), (250, 245, 235)),
    ((74, 20, 140), (236, 64, 122), (248, 244, 252)),
    ((13, 71, 161), (0, 188, 212), (255, 255, 255)),
    ((27, 94, 32), (139, 195, 74), (253, 253, 245)),
]


def _poster_image(rng: random.Random, size, photo: bool):
    """A poster as Canva or PowerPoint export it: title band, paragraphs, a photo, a chart."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    w, h = size
    primary, accent, background = rng.choice(PALETTES)
    im = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(im)
    unit = w / 100
    draw.rectangle((0, 0, w, int(h * 0.14)), fill=primary)
    title = ImageFont.load_default(size=int(unit * 4.2))
    body = ImageFont.load_default(size=int(unit * 1.25))
    words = [rng.choice(WORDS).capitalize() for _ in range(rng.randint(3, 6))]
    draw.text((int(unit * 5), int(h * 0.04)), " ".join(words), font=title, fill=(255, 255, 255))
    y = int(h * 0.17)
    if photo:  # smooth shapes, texture and grain, like a photograph
        ph, pw = int(h * 0.25), int(w * 0.9)
        small = Image.effect_noise((pw // 16, ph // 16), 60).convert("RGB").resize((pw, ph), Image.Resampling.BICUBIC)
        tint = Image.new("RGB", (pw, ph), tuple(rng.randrange(60, 200) for _ in range(3)))
        grain = Image.effect_noise((pw, ph), 18).convert("RGB")
        picture = Image.blend(Image.blend(small, tint, 0.5), grain, 0.18).filter(ImageFilter.SMOOTH)
        im.paste(picture, (int(w * 0.05), y))
        y += ph + int(unit * 3)
    for col in range(2):
        x, yy = int(w * 0.05) + col * int(w * 0.47), y
        while yy < h * 0.82:
            draw.text((x, yy), rng.choice(WORDS).upper(), font=body, fill=primary)
            yy += int(unit * 2.2)
            for _ in range(rng.randint(4, 9)):
                line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(7, 10)))
                draw.text((x, yy), line, font=body, fill=(30, 30, 40))
                yy += int(unit * 1.7)
            yy += int(unit * 1.5)
    base = int(h * 0.95)
    for i in range(8):  # a bar chart
        bar = rng.randint(int(unit * 2), int(unit * 9))
        draw.rectangle(
            (int(w * 0.1) + i * int(unit * 6), base - bar, int(w * 0.1) + i * int(unit * 6) + int(unit * 4), base),
            fill=accent if i % 2 else primary,
        )
    return im


def _make_poster(job) -> tuple[str, int]:
    from PIL import Image

    folder, index, seed, kind, awkward = job
    fmt, size, _, photo = KINDS[kind]
    rng = random.Random(f"{seed}-{index}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    title = " ".join(rng.choice(WORDS) for _ in range(4)).title()
    (folder / "poster.yml").write_text(
        textwrap.dedent(f"""\
        title: "{title}"
        authors:
          - "Peserta {index}"
        role: {rng.choice(["instructor", "trainee", "alumni"])}
        center: "BPVP {rng.choice(["Bandung", "Medan", "Makassar", "Semarang", "Sorong"])}"
        alt: "Poster berjudul {title}: judul di atas, foto, teks dan grafik."
        """),
        "utf-8",
    )
    im = _poster_image(rng, size, photo or awkward == "rgba")
    if fmt == "JPEG":
        save: dict[str, object] = {"quality": 93}
        path = folder / "poster.jpg"
        if awkward == "exif6":
            exif = Image.Exif()
            exif[0x0112] = 6
            im, save["exif"] = im.transpose(Image.Transpose.ROTATE_90), exif
        elif awkward == "cmyk":
            im = im.convert("CMYK")
        elif awkward == "progressive":
            save["progressive"] = True
        im.save(path, "JPEG", **save)
    else:
        path = folder / "poster.png"
        if awkward == "rgba":
            alpha = Image.new("L", size, 255)
            alpha.paste(0, (0, 0, size[0], size[1] // 20))
            im.putalpha(alpha)
        elif awkward == "gray16":
            im = im.convert("L").point(lambda v: v * 257, "I").convert("I;16")
        im.save(path, "PNG", compress_level=6)
    return str(path), path.stat().st_size


def make_corpus(out: Path, count: int, seed: int, jobs: int, awkward: bool = True, first: int = 1) -> Path:
    """``count`` poster folders in ``out`` (deterministic for a seed); kept if already complete."""
    done = out / ".complete"
    stamp = f"{count} {seed} {awkward} v{CORPUS_VERSION}"
    if done.is_file() and done.read_text() == stamp:
        return out
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(seed)
    kinds = [k for k, (_, _, share, _) in enumerate(KINDS) for _ in range(round(share * count))][:count]
    kinds += [0] * (count - len(kinds))
    rng.shuffle(kinds)
    odd: list[str | None] = [None] * count
    if awkward and count >= 10:
        for name, allowed in zip(AWKWARD, ([0, 1], [0, 1], [1, 0], [2, 3], [2, 3])):
            slot = next(i for i in range(count) if odd[i] is None and kinds[i] in allowed)
            odd[slot] = name
    jobs_list = [(str(out / f"{first + i:03d}-poster"), first + i, seed, kinds[i], odd[i]) for i in range(count)]
    with Pool(jobs) as pool:
        sizes = pool.map(_make_poster, jobs_list)
    done.write_text(stamp)
    print(f"corpus: {count} posters, {sum(s for _, s in sizes) / 1e6:.0f} MB in {out}", file=sys.stderr)
    return out


SCALE_SIZE = (1240, 1754)  # A4 at 150 dpi: what a committee exports from Canva or PowerPoint for screens


def _make_scale_poster(job) -> int:
    from PIL import Image

    folder, index, seed = job
    rng = random.Random(f"scale-{seed}-{index}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    title = " ".join(rng.choice(WORDS) for _ in range(4)).title()
    tags = ", ".join(f'"{t}"' for t in rng.sample(WORDS[:12], 2))
    (folder / "poster.yml").write_text(
        textwrap.dedent(f"""\
        title: "{title} {index}"
        authors:
          - "Peserta {index}"
        role: {rng.choice(["instructor", "trainee", "alumni"])}
        center: "BPVP {rng.choice(["Bandung", "Medan", "Makassar", "Semarang", "Sorong"])}"
        tags: [{tags}]
        alt: "Poster berjudul {title}: judul di atas, foto, teks dan grafik."
        """),
        "utf-8",
    )
    im = _poster_image(rng, SCALE_SIZE, rng.random() < 0.7)
    path = folder / "poster.jpg"
    im.save(path, "JPEG", quality=90)
    del Image
    return path.stat().st_size


def make_scale_corpus(out: Path, count: int, seed: int, jobs: int, first: int = 1) -> Path:
    """``count`` A4 poster folders of 150 dpi JPEGs in ``out`` (deterministic for a seed); kept if complete."""
    done = out / ".complete"
    stamp = f"scale {count} {seed} {first} v{CORPUS_VERSION}"
    if done.is_file() and done.read_text() == stamp:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    jobs_list = [(str(out / f"{first + i:04d}-poster"), first + i, seed) for i in range(count)]
    with Pool(jobs) as pool:
        sizes = pool.map(_make_scale_poster, jobs_list, chunksize=8)
    done.write_text(stamp)
    print(f"scale corpus: {count} posters, {sum(sizes) / 1e6:.0f} MB in {out}", file=sys.stderr)
    return out


def make_big_png(path: Path, megapixels: int = 200) -> Path:
    """One PNG of about ``megapixels`` (A-series proportions)."""
    from PIL import Image

    if path.is_file():
        return path
    width = int((megapixels * 1e6 / 2**0.5) ** 0.5)
    height = int(width * 2**0.5)
    tile = _poster_image(random.Random(7), (width // 4, height // 4), True)
    im = tile.resize((width, height), Image.Resampling.NEAREST)
    del tile
    im.save(path, "PNG", compress_level=1)
    return path


# --------------------------------------------------------------- the runs ---


def _timed(cmd: list[str], cwd: Path, env=None) -> dict:
    """Wall time and the largest resident memory of any process the command ran."""
    runner = (
        "import resource, subprocess, sys, time, json; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
        "wall = time.perf_counter() - t; "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(json.dumps({'wall': wall, 'rc': r.returncode, 'err': r.stderr.decode()[-2000:], "
        "'max_rss_mb': u.ru_maxrss / 1024, 'cpu': u.ru_utime + u.ru_stime}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", runner, *cmd], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result['err']}")
    return result


STAGE = """
import json, sys, time
sys.path.insert(0, {scripts!r})
from pathlib import Path
from postergallery.build import build
t = time.perf_counter()
r = build(Path("mkdocs.yml"), jobs={jobs})
assert r.ok, [p.format_text() for p in r.problems]
print(json.dumps({{"stage": r.images.seconds, "processed": r.images.processed, "cached": r.images.cached,
                  "peak_worker_mb": r.images.peak_worker_mb, "build": time.perf_counter() - t}}))
"""


def _stage(project: Path, jobs: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", STAGE.format(scripts=str(ROOT / "scripts"), jobs=jobs)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


# What the gallery writes into docs/ (git-ignored): removed for a clean build.
GENERATED = (
    "index.md",
    "poster",
    "role",
    "center",
    "tag",
    "vote",
    "kiosk",
    "print",
    "results",
    "app",  # the offline copy's app files (features/offline.py APP_DIR)
    ".gallery-generated.json",
)


def _link_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, copy_function=os.link, ignore=shutil.ignore_patterns(".complete"))


def _fresh_project(work: Path, corpus: Path, posters: list[Path] | None = None, root: Path = ROOT) -> Path:
    """A project in ``work``/project with the corpus (or ``posters``) as its posters and the code of ``root``."""
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for name in ("overrides", "scripts"):
        (project / name).symlink_to(root / name)
    shutil.copytree(root / "docs", project / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    shutil.copy(root / "mkdocs.yml", project / "mkdocs.yml")
    if posters is None:
        _link_tree(corpus, project / "posters")
    else:
        for folder in posters:
            _link_tree(folder, project / "posters" / folder.name)
    return project


def _clean(project: Path) -> None:
    for name in (".cache", "site"):
        shutil.rmtree(project / name, ignore_errors=True)
    for name in GENERATED:
        target = project / "docs" / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def run_project(work: Path, corpus: Path, extra: Path, jobs: int) -> dict:
    project = _fresh_project(work, corpus)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    added = project / "posters" / extra.name
    out = {}
    _clean(project)
    out["stage clean"] = _stage(project, jobs)
    out["stage no-change"] = _stage(project, jobs)
    _link_tree(extra, added)
    out["stage add-one"] = _stage(project, jobs)
    shutil.rmtree(added)
    _clean(project)
    out["mkdocs clean"] = _timed(mkdocs, project, env)
    out["mkdocs no-change"] = _timed(mkdocs, project, env)
    _link_tree(extra, added)
    out["mkdocs add-one"] = _timed(mkdocs, project, env)
    shutil.rmtree(added)
    return out


# ------------------------------------------------------------------- scale ---


def _rewrite(path: Path, text: str) -> None:
    """Replace a file that may be a hard link into the corpus, leaving the corpus as it is."""
    path.unlink()
    path.write_text(text, "utf-8")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


class Serve:
    """``mkdocs serve`` in the project (with ``options``), its log (``serve.log`` beside the project) read for
    builds. Also what tests/test_hook.py serves with."""

    def __init__(self, project: Path, env: dict, *options: str):
        self.log_path = project.parent / "serve.log"
        self.log = open(self.log_path, "w")
        port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *options],
            cwd=project,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            # Stopped by Ctrl-C (stop): MkDocs would otherwise serve on until killed a minute later.
            preexec_fn=ctrl_c_as_in_a_terminal if os.name == "posix" else None,
        )
        self.base: str = ""
        deadline = time.monotonic() + 900
        while not self.base:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not start:\n" + self.text()[-3000:])
            for line in self.text().splitlines():
                if "Serving on " in line:
                    self.base = line.split("Serving on ", 1)[1].strip().rstrip("/") + "/"
            time.sleep(0.2)

    def text(self) -> str:
        return self.log_path.read_text("utf-8", "replace")

    def builds(self) -> int:
        return serve_builds(self.text())[1]

    def wait(self, path: str, ready, timeout: float = 900) -> float:
        """Seconds until ``ready(status, body)`` holds for the page at ``path`` (polled every 50 ms)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout and self.proc.poll() is None:
            status, body = _fetch(self.base + path)
            if ready(status, body):
                return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit(f"mkdocs serve: {path} not as expected (or it stopped):\n" + self.text()[-3000:])

    def settle(self, quiet: float = 4.0, timeout: float = 600) -> tuple[int, int]:
        """Wait until every build has finished and none has started for ``quiet`` seconds, so that a build
        the first one set off is counted too; return (builds started, builds finished)."""
        state, since, start = None, time.monotonic(), time.monotonic()
        while time.monotonic() - start < timeout and self.proc.poll() is None:
            now = serve_builds(self.text())
            if now != state:
                state, since = now, time.monotonic()
            elif now[0] == now[1] and time.monotonic() - since >= quiet:
                return now
            time.sleep(0.2)
        raise SystemExit("mkdocs serve did not settle:\n" + self.text()[-3000:])

    def stop(self) -> None:
        import signal

        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def ctrl_c_as_in_a_terminal() -> None:
    """For a child process's preexec_fn: it stops at Ctrl-C (SIGINT) as in a terminal, even where this runs in the
    background of a shell, which ignores Ctrl-C for its children (and they inherit that)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def serve_builds(log: str) -> tuple[int, int]:
    """(builds started, builds finished) in a ``mkdocs serve`` log. MkDocs says "Documentation built in N
    seconds" only once for each N (its build logger drops a message it has said before), so a finished
    rebuild is counted by the "Reloading browsers" that follows it; the first build has no such line."""
    return log.count("Building documentation"), min(1, log.count("Documentation built in")) + log.count(
        "Reloading browsers"
    )


def run_serve(project: Path, extra: Path, env: dict, edits: int = 3) -> dict:
    """Under ``mkdocs serve``: seconds from saving a poster.yml to the served page showing it, and the builds
    each edit caused; then adding and removing a poster."""
    serve = Serve(project, env)
    out: dict = {}
    try:
        serve.settle()
        os.sync()  # the first build's site written out before the edits are timed
        poster = sorted(p for p in (project / "posters").iterdir() if p.is_dir())[0]
        yml = poster / "poster.yml"
        original = yml.read_text("utf-8")
        for i in range(edits):
            token = f"Suntingan{i}x{int(time.time() * 1000) % 100000}"
            before = serve.builds()
            _rewrite(yml, original.replace('title: "', f'title: "{token} ', 1))
            seconds = serve.wait(f"poster/{poster.name}/", lambda status, body, t=token: t in body)
            serve.settle()
            out.setdefault("serve edit", []).append({"wall": seconds, "builds": serve.builds() - before})
        before = serve.builds()
        added = project / "posters" / extra.name
        _link_tree(extra, added)
        out["serve add-one"] = [{"wall": serve.wait(f"poster/{extra.name}/", lambda status, body: status == 200)}]
        serve.settle()
        out["serve add-one"][0]["builds"] = serve.builds() - before
        before = serve.builds()
        shutil.rmtree(added)
        out["serve remove-one"] = [{"wall": serve.wait(f"poster/{extra.name}/", lambda status, body: status == 404)}]
        serve.settle()
        out["serve remove-one"][0]["builds"] = serve.builds() - before
        _rewrite(yml, original)
    finally:
        serve.stop()
    if "Traceback" in serve.text():
        raise SystemExit("mkdocs serve failed:\n" + serve.text()[-3000:])
    return out


def _scale_project(work: Path, corpus: Path, count: int) -> Path:
    """A project with the first ``count`` posters of ``corpus`` (hard links)."""
    project = _fresh_project(work, corpus, posters=sorted(p for p in corpus.iterdir() if p.is_dir())[:count])
    # 1,000 such posters weigh about 850 MB: a larger budget, so that 2,000 are built too (a benchmark, not a site).
    _set_gallery_options(project, "site_budget_mb: 10000")
    return project


def run_scale(work: Path, corpus: Path, count: int, extra: Path, jobs: int, serve: bool) -> dict:
    project = _scale_project(work, corpus, count)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    out: dict = {}
    _clean(project)
    out["mkdocs clean"] = [_timed(mkdocs, project, env)]
    # The clean build leaves gigabytes of renditions in the page cache, written out over the next half
    # minute or so; the rebuilds below are timed once that is done, as a committee's would be.
    os.sync()
    out["mkdocs no-change"] = [_timed(mkdocs, project, env)]
    added = project / "posters" / extra.name
    _link_tree(extra, added)
    out["mkdocs add-one"] = [_timed(mkdocs, project, env)]
    shutil.rmtree(added)
    out["mkdocs remove-one"] = [_timed(mkdocs, project, env)]
    yml = sorted((project / "posters").glob("*/poster.yml"))[-1]
    original = yml.read_text("utf-8")
    _rewrite(yml, original.replace('title: "', 'title: "Diubah ', 1))
    out["mkdocs change-one"] = [_timed(mkdocs, project, env)]
    _rewrite(yml, original)
    for name, figures in out.items():  # as measured, in case serve does not get through
        print(
            f"{count} posters: {name} {figures[0]['wall']:.2f} s, CPU {figures[0]['cpu']:.2f} s",
            file=sys.stderr,
            flush=True,
        )
    if serve:
        out.update(run_serve(project, extra, env))
    return out


SIGAL_CONF = """\
# The yardstick's settings: a ~1600 px wide JPEG (q85) and a 400 px thumbnail per poster.
title = "Poster gallery benchmark (sigal)"
theme = "colorbox"
img_extensions = [".jpg", ".jpeg", ".png"]
video_extensions = []
img_processor = "ResizeToFit"
img_size = (2400, 1600)
img_format = "JPEG"
jpg_options = {"quality": 85, "optimize": True, "progressive": True}
autorotate_images = True
copy_exif_data = False
make_thumbs = True
thumb_size = (400, 566)
thumb_fit = False
keep_orig = False
use_orig = False
orig_link = False
zip_gallery = False
write_html = True
show_map = False
plugins = []
"""


def run_sigal(work: Path, corpus: Path, extra: Path, venv: Path, jobs: int) -> dict:
    conf = work / "sigal.conf.py"
    conf.write_text(SIGAL_CONF)
    src, dst = work / "sigal-src", work / "sigal-out"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(dst, ignore_errors=True)
    _link_tree(corpus, src)
    cmd = [str(venv / "bin" / "sigal"), "build", "-c", str(conf), "-n", str(jobs), str(src), str(dst)]
    out = {"sigal clean": _timed(cmd, work), "sigal no-change": _timed(cmd, work)}
    _link_tree(extra, src / extra.name)
    out["sigal add-one"] = _timed(cmd, work)
    return out


def run_pairs(work: Path, corpus: Path, venv: Path, jobs: int, pairs: int, against: Path | None = None) -> list[dict]:
    """Clean sigal builds and clean whole ``mkdocs build``s, alternately: each ratio from two runs a few
    seconds apart, so a change in the machine's speed affects both alike. ``against``: another checkout of
    the project (an older commit, say), whose clean build runs in the same rounds, before or after this
    one's in turn."""
    conf = work / "sigal.conf.py"
    conf.write_text(SIGAL_CONF)
    src, dst = work / "sigal-src", work / "sigal-out"
    shutil.rmtree(src, ignore_errors=True)
    _link_tree(corpus, src)
    projects = {"mkdocs": _fresh_project(work, corpus)}
    if against:
        projects["against"] = _fresh_project(work / "against", corpus, root=against)
    sigal = [str(venv / "bin" / "sigal"), "build", "-c", str(conf), "-n", str(jobs), str(src), str(dst)]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    out = []
    for round_ in range(pairs):
        shutil.rmtree(dst, ignore_errors=True)
        row = {"sigal": _timed(sigal, work)["wall"]}
        for name in list(projects)[:: 1 if round_ % 2 == 0 else -1]:
            _clean(projects[name])
            row[name] = _timed(mkdocs, projects[name], env)["wall"]
        row["ratio"] = row["mkdocs"] / row["sigal"]
        text = f"pair: sigal clean {row['sigal']:.2f} s, mkdocs clean {row['mkdocs']:.2f} s, ratio {row['ratio']:.3f}"
        if against:
            row["against_ratio"] = row["against"] / row["sigal"]
            text += f"; {against} {row['against']:.2f} s, ratio {row['against_ratio']:.3f}"
        out.append(row)
        print(text, file=sys.stderr, flush=True)
    return out


def poster_files(corpus: Path) -> list[Path]:
    """The poster files of a corpus (each folder's poster.jpg, .png...), in the folders' order."""
    return sorted(p for p in corpus.glob("*/poster.*") if p.suffix != ".yml")


def _cpu_seconds() -> float:
    """CPU seconds this process has used (user and system)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _images_module():
    """The gallery's image stage, imported into this process (for the measures made in it)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from postergallery.stages import images

    return images


def run_steps(corpus: Path) -> dict:
    """CPU seconds of each step of ``make_renditions`` for every poster of the corpus, in one process, made
    the way a build makes them (the same functions, one after the other), and the number of posters."""
    images = _images_module()
    settings = images.RenditionSettings()
    spent: dict[str, float] = {}

    def step(name: str, work, *args):
        start = _cpu_seconds()
        made = work(*args)
        spent[name] = spent.get(name, 0.0) + _cpu_seconds() - start
        return made

    def card(thumb, colour):
        return images.social_card(thumb, settings.social_size, colour).copy_memory()  # made here, not lazily

    sources = poster_files(corpus)
    for source in sources:
        zoom = step("decode", images.open_poster, source, settings)[0]
        sized = step("resize", images.resized, zoom, settings)
        colour = step("average colour", images.average_colour, sized["thumb"])
        sized["social"] = step("social card", card, sized["thumb"], colour)
        for kind in images.KINDS:
            step(f"encode {kind}", images.encoded_as, kind, sized[kind], settings)
    return {"cpu_s": spent, "posters": len(sources)}


def run_encoders(corpus: Path, reps: int = 3) -> dict:
    """CPU of the WebP renditions of every poster, libvips' ``webpsave`` and the gallery's encoder (Pillow)
    taking turns on the same images, and how many files came out the same."""
    images = _images_module()
    settings = images.RenditionSettings()
    spent = {"libvips webpsave": 0.0, "gallery (Pillow)": 0.0}
    same = total = 0
    for source in poster_files(corpus):
        sized = images.resized(images.open_poster(source, settings)[0], settings)
        for image in (sized["display"], sized["thumb2x"], sized["thumb"]):
            for _ in range(reps):
                t = _cpu_seconds()
                by_vips = image.webpsave_buffer(Q=settings.webp_quality, effort=settings.webp_effort, keep="none")
                spent["libvips webpsave"] += _cpu_seconds() - t
                t = _cpu_seconds()
                ours = images._webp(image, settings)
                spent["gallery (Pillow)"] += _cpu_seconds() - t
                same += ours == by_vips
                total += 1
    return {"cpu_s": {k: v / reps for k, v in spent.items()}, "same_files": same, "files": total}


def _floor_one(job):
    from PIL import Image, ImageOps

    src, dst = job
    im: Image.Image = Image.open(src)
    orientation = im.getexif().get(0x0112, 1)
    if im.format == "JPEG":
        im.draft("RGB" if im.mode == "RGB" else None, (1600, 1) if orientation < 5 else (1, 1600))
    im.load()
    im = ImageOps.exif_transpose(im)
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v * (1 / 257)).convert("L")
    if im.mode in ("RGBA", "LA", "PA"):
        flat = Image.new("RGB", im.size, (255, 255, 255))
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    im = im.convert("RGB")
    large = im.resize((1600, round(im.height * 1600 / im.width)), Image.Resampling.LANCZOS, reducing_gap=3.0)
    thumb = large.resize((400, round(large.height * 400 / 1600)), Image.Resampling.LANCZOS)
    os.makedirs(dst, exist_ok=True)
    large.save(os.path.join(dst, "large.jpg"), quality=85)
    thumb.save(os.path.join(dst, "thumb.jpg"), quality=85)


def run_floor(work: Path, corpus: Path, jobs: int) -> dict:
    out_dir = work / "floor-out"
    shutil.rmtree(out_dir, ignore_errors=True)
    sources = sorted(
        (p for p in corpus.glob("*/poster.*") if p.suffix in (".jpg", ".png")), key=lambda p: -p.stat().st_size
    )
    t = time.perf_counter()
    with Pool(jobs) as pool:
        pool.map(_floor_one, [(str(p), str(out_dir / p.parent.name)) for p in sources], chunksize=1)
    return {"pillow floor clean": {"wall": time.perf_counter() - t}}


BIG = """
import json, resource, sys, time
sys.path.insert(0, {scripts!r})
from pathlib import Path
from postergallery.stages.images import RenditionSettings, make_renditions
t = time.perf_counter()
made = make_renditions(Path({path!r}), RenditionSettings(), threads=1)
print(json.dumps({{"wall": time.perf_counter() - t, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "zoom": [made.renditions["zoom"].width, made.renditions["zoom"].height]}}))
"""


def run_big(work: Path) -> dict:
    path = make_big_png(work / "big-200mp.png")
    out = subprocess.run(
        [sys.executable, "-c", BIG.format(scripts=str(ROOT / "scripts"), path=str(path))],
        capture_output=True,
        text=True,
        check=True,
    )
    return {"200 MP PNG renditions": json.loads(out.stdout)}


# ------------------------------------------------------------------- sizes ---

# What a poster page offers for download: the defaults first, then each other choice.
ORIGINALS_CHOICES = [
    ("defaults (originals: pdf, originals_max_mb: 5)", ""),
    ("originals: all (originals_max_mb: 5)", "originals: all"),
    ("originals: all, originals_max_mb: 25 (every original)", "originals: all\noriginals_max_mb: 25"),
    ("originals: none", "originals: none"),
]

WEIGH = """
import json, sys
sys.path.insert(0, {scripts!r})
from pathlib import Path
from postergallery.build import build
r = build(Path("mkdocs.yml"), jobs={jobs})
w = r.site_weight
assert w is not None, [p.format_text() for p in r.problems]
print(json.dumps({{"posters": len(w.posters), "images": sum(p.images for p in w.posters),
                  "originals": w.originals, "pages": sum(p.page for p in w.posters) + w.shared, "rest": w.rest,
                  "estimate": w.total, "budget": r.settings.site_budget_bytes,
                  "problems": [p.format_text() for p in r.problems]}}))
"""


def _set_gallery_options(project: Path, options: str) -> None:
    """The project's mkdocs.yml with ``options`` (YAML lines) added under extra.gallery."""
    config = project / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    lines = "".join(f"    {line}\n" for line in options.splitlines())
    config.write_text(text.replace("  gallery:\n", "  gallery:\n" + lines, 1), "utf-8")


def run_sizes(work: Path, corpus: Path, jobs: int) -> list[dict]:
    """The site's weight with each ``originals`` choice: the gallery's count and the measured ``site/``."""
    project = _fresh_project(work, corpus)
    _clean(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    rows = []
    for name, options in ORIGINALS_CHOICES:
        _set_gallery_options(project, options)
        out = subprocess.run(
            [sys.executable, "-c", WEIGH.format(scripts=str(ROOT / "scripts"), jobs=jobs)],
            cwd=project,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        row = {"choice": name, **json.loads(out.stdout.strip().splitlines()[-1])}
        for problem in row["problems"]:  # the budget's warning or error
            print(f"sizes: {name}: {problem[:160]}...", file=sys.stderr)
        row["site"] = None  # over the budget, mkdocs build stops before writing site/
        if row["estimate"] <= row["budget"]:
            _timed([sys.executable, "-m", "mkdocs", "build", "-q"], project, env)
            row["site"] = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
        print(f"sizes: {name} done", file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def print_sizes(rows: list[dict]) -> None:
    mb = 1e6
    print(
        "| originals | renditions MB | originals MB | pages MB | rest MB | estimate MB | site/ MB "
        "| per poster MB (renditions + originals + pages) | posters in the budget |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        n = r["posters"]
        per = (r["images"] + r["originals"] + r["pages"]) / n
        # The rest (theme, hand-written pages) is fixed; what each poster adds, as measured in site/:
        per_site = (r["site"] - r["rest"]) / n if r["site"] else per
        fits = int((r["budget"] - r["rest"]) // max(per, per_site))
        site = f"{r['site'] / mb:.1f}" if r["site"] else "(over the budget: not built)"
        print(
            f"| {r['choice']} | {r['images'] / mb:.1f} | {r['originals'] / mb:.1f} | {r['pages'] / mb:.1f} "
            f"| {r['rest'] / mb:.1f} | {r['estimate'] / mb:.1f} | {site} "
            f"| {per / mb:.2f} ({r['images'] / n / mb:.2f} + {r['originals'] / n / mb:.2f} + "
            f"{r['pages'] / n / mb:.3f}) | {fits} |"
        )


# ------------------------------------------------------------------ report ---


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    import pyvips
    from PIL import __version__ as pillow

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Pillow {pillow}, libvips {pyvips.version(0)}.{pyvips.version(1)}."
        f"{pyvips.version(2)}"
    )


def print_run(argv) -> None:
    """The first lines of every report: the machine, and the command that made it (for BENCHMARKS.md)."""
    print(f"machine: {machine()}")
    print(f"command: python scripts/bench.py {' '.join(argv if argv is not None else sys.argv[1:])}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/gallery-bench"))
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="use these poster folders instead of generating them")
    parser.add_argument("--extra", type=Path, help="the poster folder added in the add-one scenario")
    parser.add_argument("--sigal", type=Path, help="a virtualenv with sigal 2.6 installed")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--big", action="store_true", help="also process a 200-megapixel PNG")
    parser.add_argument(
        "--pairs", type=int, default=0, help="then N clean sigal and clean mkdocs builds, alternately (needs --sigal)"
    )
    parser.add_argument(
        "--scale",
        type=int,
        action="append",
        metavar="N",
        help="time mkdocs build (clean, no change, add one, remove one, change one) and mkdocs serve (edit to page, "
        "builds per edit) with N generated A4 posters at 150 dpi; repeat for several N",
    )
    parser.add_argument(
        "--against", type=Path, help="with --pairs: another checkout of the project, built in the same rounds"
    )
    parser.add_argument(
        "--encoders", action="store_true", help="only compare the WebP encoders on the corpus (CPU, same files)"
    )
    parser.add_argument(
        "--steps", action="store_true", help="only the CPU of each step of making the renditions (one process)"
    )
    parser.add_argument("--no-serve", action="store_true", help="with --scale: leave out mkdocs serve")
    parser.add_argument(
        "--sizes", action="store_true", help="only weigh the site with each 'originals' choice (no timing)"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.scale:
        return scale_main(args, argv)
    corpus = args.corpus or make_corpus(args.work / "corpus", args.count, args.seed, args.jobs)
    if args.encoders:
        found = run_encoders(corpus)
        print_run(argv)
        for name, seconds in found["cpu_s"].items():
            print(f"{name:24s} {seconds:7.2f} s of CPU for the corpus's WebP renditions")
        print(f"{'the same files':24s} {found['same_files']} of {found['files']}")
        return 0
    if args.steps:
        found = run_steps(corpus)
        print_run(argv)
        total = sum(found["cpu_s"].values())
        for name, seconds in found["cpu_s"].items():
            print(f"{name:16s} {seconds:6.2f} s  {seconds / total:5.1%}")
        print(f"{'all':16s} {total:6.2f} s  for {found['posters']} posters")
        return 0
    if args.sizes:
        rows = run_sizes(args.work, corpus, args.jobs)
        print_run(argv)
        images = poster_files(corpus)
        print(f"corpus: {len(images)} posters, {sum(p.stat().st_size for p in images) / 1e6:.0f} MB")
        print_sizes(rows)
        (args.work / "sizes.json").write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))
        return 0
    extra = args.extra or next(
        make_corpus(args.work / "extra", 1, args.seed + 1, 1, awkward=False, first=args.count + 1).glob("*-poster")
    )
    subprocess.run(["cat", *map(str, corpus.glob("*/poster.*"))], stdout=subprocess.DEVNULL)  # same page cache
    runs: dict[str, list] = {}
    for _rep in range(args.reps):
        parts = []
        if args.sigal:
            parts.append(run_sigal(args.work, corpus, extra, args.sigal, args.jobs))
        parts.append(run_project(args.work, corpus, extra, args.jobs))
        if not args.no_floor:
            parts.append(run_floor(args.work, corpus, args.jobs))
        for part in parts:
            for name, figures in part.items():
                runs.setdefault(name, []).append(figures)
    if args.big:
        runs.update({k: [v] for k, v in run_big(args.work).items()})
    print_run(argv)
    images = poster_files(corpus)
    print(
        f"corpus: {len(images)} posters, {sum(p.stat().st_size for p in images) / 1e6:.0f} MB; "
        f"jobs={args.jobs}, reps={args.reps} (medians)"
    )
    med = {
        name: {k: statistics.median(f[k] for f in figs) for k in figs[0] if isinstance(figs[0][k], (int, float))}
        for name, figs in runs.items()
    }
    for name, m in med.items():
        wall = m.get("wall", m.get("stage"))
        scenario = name.split(" ", 1)[1] if " " in name else ""
        sigal = med.get(f"sigal {scenario}", {}).get("wall")
        ratio = f"  = {wall / sigal:.2f} x sigal" if sigal and not name.startswith("sigal") and wall is not None else ""
        extra_figs = ", ".join(f"{k} {v:.2f}" for k, v in m.items() if k not in ("wall", "rc"))
        print(f"{name:24s} {wall:7.2f} s{ratio}   ({extra_figs})")
    pairs = (
        run_pairs(args.work, corpus, args.sigal, args.jobs, args.pairs, args.against)
        if args.pairs and args.sigal
        else []
    )
    for key, label in (("ratio", "pairs, clean"), ("against_ratio", "pairs, --against")):
        if pairs and key in pairs[0]:
            ratios = ", ".join(f"{p[key]:.3f}" for p in pairs)
            print(f"{label:24s} mkdocs / sigal: median {statistics.median(p[key] for p in pairs):.3f} ({ratios})")
    (args.work / "results.json").write_text(json.dumps({"machine": machine(), "runs": runs, "pairs": pairs}, indent=1))
    return 0


def scale_main(args, argv) -> int:
    """``--scale N``: the builds and ``mkdocs serve`` with N posters of a generated A4 corpus."""
    largest = max(args.scale)
    corpus = args.corpus or make_scale_corpus(args.work / "scale-corpus", largest, args.seed, args.jobs)
    extra_folder = make_scale_corpus(args.work / "scale-extra", 1, args.seed + 1, 1, first=largest + 1)
    extra = next(p for p in extra_folder.iterdir() if p.is_dir())
    results: dict = {}
    for count in args.scale:
        runs: dict = {}
        for _rep in range(args.reps):
            for name, figures in run_scale(args.work, corpus, count, extra, args.jobs, not args.no_serve).items():
                runs.setdefault(name, []).extend(figures)
        results[count] = runs
        print_run(argv)
        print(f"{count} posters (A4, 150 dpi JPEG); jobs={args.jobs}, reps={args.reps} (medians)")
        for name, figs in runs.items():
            walls = [f["wall"] for f in figs]
            cpu = [f["cpu"] for f in figs if "cpu" in f]
            cpu_text = f"   CPU {statistics.median(cpu):.2f} s" if cpu else ""
            builds = [f["builds"] for f in figs if "builds" in f]
            per = f"   builds: {', '.join(map(str, builds))}" if builds else ""
            each = ", ".join(f"{w:.2f}" for w in walls)
            print(f"{name:24s} {statistics.median(walls):7.2f} s   ({each}){cpu_text}{per}", flush=True)
        (args.work / "scale.json").write_text(json.dumps({"machine": machine(), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

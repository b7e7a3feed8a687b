"""The image stage in a real project: cache hits, invalidation, removal, killed builds, bad files in check."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from PIL import Image

from postergallery.i18n import Translator
from postergallery.stages.images import PIPELINE_VERSION

import imagefiles as F
from projectkit import SCRIPTS, messages

KINDS = ("zoom", "display", "thumb2x", "thumb", "mini", "social")


def published(project, slug) -> dict[str, str]:
    """kind -> published file name in docs/poster/<slug>/."""
    folder = project.root / "docs" / "poster" / slug
    return {name.split(".")[0]: name for name in os.listdir(folder) if name.split(".")[0] in KINDS}


def cache_files(project) -> set[str]:
    base = project.root / ".cache" / "gallery" / "files"
    return set(os.listdir(base)) if base.is_dir() else set()


def three_posters(project):
    project.add_poster("alpha", colour=(200, 40, 40))
    project.add_poster("beta", colour=(40, 160, 40))
    project.add_poster("gamma", colour=(40, 40, 200))


def test_a_rebuild_with_nothing_changed_does_no_image_work_and_writes_nothing(project):
    three_posters(project)
    first = project.build()
    assert first.ok, messages(first)
    assert (first.images.posters, first.images.processed, first.images.cached) == (3, 3, 0)
    manifest = project.root / ".cache" / "gallery" / "manifest.json"
    stamp = manifest.stat().st_mtime_ns
    second = project.build()
    assert (second.images.processed, second.images.cached) == (0, 3)
    assert second.written.written == [] and second.written.removed == []
    assert manifest.stat().st_mtime_ns == stamp
    assert second.images.summary(Translator("en")).startswith("3 posters, 0 processed, 3 cached, ")


def test_posters_with_the_same_file_share_one_set_of_renditions_made_once(project):
    alpha = project.add_poster("alpha", colour=(200, 40, 40))
    project.add_poster("beta", image=None)
    (project.root / "posters/beta/poster.jpg").write_bytes((alpha / "poster.jpg").read_bytes())
    project.add_poster("gamma", colour=(40, 40, 200))
    result = project.build(jobs=2)
    assert result.ok and [p.path for p in result.problems] == ["posters/alpha/poster.jpg", "posters/beta/poster.jpg"]
    assert (result.images.posters, result.images.processed, result.images.cached) == (3, 2, 1)
    assert published(project, "alpha") == published(project, "beta") != published(project, "gamma")
    for name in published(project, "beta").values():
        assert (project.root / "docs/poster/beta" / name).is_file()


def test_what_workers_report_is_recorded_in_the_manifest_as_before(project):
    """Worker results cross process boundaries as typed records; the manifest on disk keeps its format."""
    project.add_poster("alpha", colour=(200, 40, 40))
    project.add_poster("beta", image=None)
    F.write_encrypted_pdf(project.root / "posters" / "beta" / "poster.pdf")
    result = project.build(jobs=2)
    assert messages(result) == [
        "posters/beta/poster.pdf: 'poster.pdf' is protected with a password, so the gallery "
        "cannot open it. Export the PDF again without a password."
    ]
    assert (result.images.processed, result.images.failed) == (2, 1) and result.images.peak_worker_mb > 0
    manifest = json.loads((project.root / ".cache" / "gallery" / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == 3
    records = {source.split("/")[1]: manifest["posters"][stamp[3]] for source, stamp in manifest["sources"].items()}
    assert records["beta"] == {
        "failure": {
            "template": "'{name}' is protected with a password, so the gallery cannot open it. Export the PDF again "
            "without a password.",
            "params": {"name": "poster.pdf"},
            "pipeline": PIPELINE_VERSION,  # a failure made by another version is looked at again
            "max_pixels": 200_000_000,
        }
    }
    alpha = records["alpha"]
    assert alpha["info"] == {"format": "JPEG", "source_width": 240, "source_height": 340, "pages": 1, "location": False}
    assert re.fullmatch(r"#[0-9a-f]{6}", alpha["placeholder"]) and sorted(alpha["renditions"]) == sorted(KINDS)
    for kind, made in alpha["renditions"].items():
        assert sorted(made) == ["ext", "height", "key", "mime", "width"], kind
        with Image.open(project.root / "docs" / "poster" / "alpha" / published(project, "alpha")[kind]) as im:
            assert im.size == (made["width"], made["height"]) and im.get_format_mimetype() == made["mime"]
    again = project.build(jobs=2)  # both remembered: nothing is decoded again
    assert (again.images.processed, again.images.cached, again.images.failed) == (0, 1, 1)
    assert messages(again) == messages(result)


def test_published_renditions_are_hard_links_to_the_cache_with_cache_busting_names(project):
    project.add_poster("alpha")
    project.build()
    names = published(project, "alpha")
    assert sorted(names) == sorted(KINDS)
    for kind, name in names.items():
        stem, digest, ext = name.split(".")
        assert stem == kind and len(digest) == 10 and ext == ("jpg" if kind in ("zoom", "social") else "webp")
        path = project.root / "docs" / "poster" / "alpha" / name
        assert path.stat().st_nlink == 2  # the cache's file and this one
    page = (project.root / "docs" / "poster" / "alpha" / "index.md").read_text("utf-8")
    assert names["display"] in page and names["zoom"] in page


def test_changing_one_poster_redoes_only_that_poster(project):
    three_posters(project)
    project.build()
    before = {slug: published(project, slug) for slug in ("alpha", "beta", "gamma")}
    F.write_jpeg(project.root / "posters" / "beta" / "poster.jpg", colour=(10, 10, 10))
    result = project.build()
    assert (result.images.processed, result.images.cached) == (1, 2)
    after = {slug: published(project, slug) for slug in ("alpha", "beta", "gamma")}
    assert after["alpha"] == before["alpha"] and after["gamma"] == before["gamma"]
    assert all(after["beta"][k] != before["beta"][k] for k in KINDS)
    display = Image.open(project.root / "docs" / "poster" / "beta" / after["beta"]["display"]).convert("RGB")
    assert F.distance(display.getpixel((50, 50)), (10, 10, 10)) < 6
    # The old files are gone from docs/ and from the cache.
    assert len(cache_files(project)) == 3 * len(KINDS)


def test_a_file_touched_without_changing_its_content_is_not_processed_again(project):
    project.add_poster("alpha")
    project.build()
    path = project.root / "posters" / "alpha" / "poster.jpg"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    result = project.build()
    assert (result.images.processed, result.images.cached) == (0, 1)


def test_changing_one_setting_redoes_only_the_renditions_that_depend_on_it(project):
    three_posters(project)
    project.build()
    before = published(project, "alpha")
    zoom_file = project.root / "docs" / "poster" / "alpha" / before["zoom"]
    zoom_inode = zoom_file.stat().st_ino
    project.write_config("posters: posters\nwebp_quality: 60")
    result = project.build()
    assert result.ok, messages(result)
    after = published(project, "alpha")
    assert after["zoom"] == before["zoom"] and after["social"] == before["social"]
    assert zoom_file.stat().st_ino == zoom_inode  # not rewritten
    for kind in ("display", "thumb2x", "thumb", "mini"):
        assert after[kind] != before[kind]
        assert not (project.root / "docs" / "poster" / "alpha" / before[kind]).exists()
    assert len(cache_files(project)) == 3 * len(KINDS)


def test_a_removed_poster_disappears_from_the_output_and_the_cache(project):
    three_posters(project)
    project.build()
    gone = project.root / "docs" / "poster" / "beta"
    assert gone.is_dir()
    import shutil

    shutil.rmtree(project.root / "posters" / "beta")
    kept = sorted(p.relative_to(project.root) for p in (project.root / "posters").rglob("*"))
    result = project.build()
    assert (result.images.posters, result.images.processed) == (2, 0)
    assert not gone.exists()
    assert len(cache_files(project)) == 2 * len(KINDS)
    assert sorted(p.relative_to(project.root) for p in (project.root / "posters").rglob("*")) == kept
    manifest = json.loads((project.root / ".cache" / "gallery" / "manifest.json").read_text("utf-8"))
    assert sorted(manifest["sources"]) == ["posters/alpha/poster.jpg", "posters/gamma/poster.jpg"]


def test_a_poster_yml_wrong_for_a_while_keeps_its_renditions_until_mended(project):
    """Under `mkdocs serve` a poster.yml is often saved half-typed: its poster leaves the site until the next
    save, but its renditions stay in the cache, so mending it makes nothing again. A poster file changed
    meanwhile is not kept on the strength of its old renditions."""
    three_posters(project)
    assert project.build().ok
    before = cache_files(project)
    yml = project.root / "posters" / "beta" / "poster.yml"
    good = yml.read_text("utf-8")
    yml.write_text(good.replace("title:", "title: Las: SMAW", 1), "utf-8")  # a colon in the title, unquoted
    broken = project.build()
    assert not broken.ok and [p.path for p in broken.problems if p.is_error] == ["posters/beta/poster.yml"]
    assert (broken.images.posters, broken.images.processed) == (2, 0)
    assert not (project.root / "docs" / "poster" / "beta").exists()
    assert cache_files(project) == before
    yml.write_text(good, "utf-8")
    mended = project.build()
    assert mended.ok and (mended.images.posters, mended.images.processed, mended.images.cached) == (3, 0, 3)
    assert cache_files(project) == before
    # A poster file replaced while its poster.yml is wrong: the old renditions go, the new ones are made once mended.
    yml.write_text(good.replace("title:", "title: Las: SMAW", 1), "utf-8")
    project.add_poster("beta", yml=None, colour=(90, 90, 90))
    assert not project.build().ok
    assert len(cache_files(project)) == 2 * len(KINDS)
    yml.write_text(good, "utf-8")
    assert project.build().images.processed == 1


def test_the_cache_folder_is_a_setting(project):
    project.add_poster("alpha")
    project.write_config("posters: posters\ncache_dir: ci-cache/images")
    result = project.build()
    assert result.ok, messages(result)
    assert len(os.listdir(project.root / "ci-cache" / "images" / "files")) == len(KINDS)
    assert not (project.root / ".cache").exists()


def test_a_cache_with_a_rendition_kind_no_longer_made_keeps_the_others(project):
    """A cache from a version that made one more kind (the phone thumbnail): nothing is made again, and the
    retired kind's files leave the cache."""
    three_posters(project)
    assert project.build().ok
    manifest_path = project.root / ".cache" / "gallery" / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    retired = project.root / ".cache" / "gallery" / "files" / "0123456789abcdef0123456789abcdef.webp"
    retired.write_bytes(b"RIFF")
    for record in manifest["posters"].values():
        thumb = record["renditions"]["thumb"]
        record["renditions"]["thumbphone"] = dict(thumb, key="0" * 16, width=680)
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    result = project.build()
    assert result.ok, messages(result)
    assert (result.images.processed, result.images.cached) == (0, 3)
    assert not retired.exists()
    assert len(cache_files(project)) == 3 * len(KINDS)


def test_a_damaged_manifest_is_rebuilt_not_fatal(project):
    project.add_poster("alpha")
    project.build()
    (project.root / ".cache" / "gallery" / "manifest.json").write_text("{not json", "utf-8")
    result = project.build()
    assert result.ok and result.images.processed == 1


def test_a_bad_poster_stops_only_that_poster_and_is_remembered(project):
    project.add_poster("alpha")
    project.add_poster("broken", image=None)
    data = F.write_jpeg(project.root / "posters" / "broken" / "poster.jpg", size=(400, 600)).read_bytes()
    (project.root / "posters" / "broken" / "poster.jpg").write_bytes(data[: len(data) // 2])
    expected = (
        "posters/broken/poster.jpg: 'poster.jpg' is incomplete: the file ends before the image does, "
        "probably because an upload or a copy was interrupted. Upload the poster file again."
    )
    result = project.build()
    assert messages(result) == [expected]
    assert (project.root / "docs" / "poster" / "alpha" / "index.md").is_file()
    assert not (project.root / "docs" / "poster" / "broken").exists()
    again = project.build()
    assert messages(again) == [expected]
    assert again.images.processed == 0  # the failure is remembered: the file is not decoded again
    assert again.images.summary(Translator("en")).startswith("2 posters, 0 processed, 1 cached, 1 failed")


def test_lowering_the_pixel_limit_rejects_a_cached_poster(project):
    project.add_poster("alpha", size=(1500, 1000))
    assert project.build().ok
    project.write_config("posters: posters\nmax_megapixels: 1")
    result = project.build()
    assert messages(result) == [
        "posters/alpha/poster.jpg: 'poster.jpg' is 1500 × 1000 pixels (2 megapixels), more than the limit of 1 "
        "megapixels. Export it smaller: about 7000 pixels on the long side is plenty for reading the poster on a "
        "screen."
    ]


BAD = {
    "bomb": (
        lambda d: F.write_png_bomb(d / "poster.png"),
        "poster.png",
        "'poster.png' claims to be 30000 × 30000 pixels (900 megapixels) in a file of only 1 KB: no real "
        "poster is like that. The file is damaged or made to crash image programs; export the poster again "
        "from the original design.",
    ),
    "text": (
        lambda d: (d / "poster.jpg").write_text("just some notes\n") and d / "poster.jpg",
        "poster.jpg",
        "'poster.jpg' is a text file, not an image (it begins with \"just some notes\"); perhaps a web page "
        "or a link was saved instead of the poster. Save the poster file itself and add it again.",
    ),
    "encrypted": (
        lambda d: F.write_encrypted_pdf(d / "poster.pdf"),
        "poster.pdf",
        "'poster.pdf' is protected with a password, so the gallery cannot open it. Export the PDF again "
        "without a password.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_check_reports_bad_poster_files_naming_the_file(project, case):
    make, name, message = BAD[case]
    project.add_poster("good")
    folder = project.add_poster("bad", image=None)
    make(folder)
    result = project.check()
    assert messages(result) == [f"posters/bad/{name}: {message}"]
    assert [p.slug for p in result.posters] == ["good"]
    cli = project.cli("--lang", "en", "check")
    assert cli.returncode == 1
    assert f"posters/bad/{name}: {message}" in cli.stdout
    assert "Traceback" not in cli.stderr + cli.stdout
    built = project.build()
    assert messages(built) == [f"posters/bad/{name}: {message}"]


def test_zero_byte_poster_is_reported_by_check_and_build(project):
    project.add_poster("good")
    folder = project.add_poster("empty", image=None)
    (folder / "poster.jpg").write_bytes(b"")
    # Found while reading the folder, so reported against poster.yml; the message names the file.
    expected = ["posters/empty/poster.yml: 'poster.jpg' is empty (0 bytes); upload the poster file again."]
    assert messages(project.check()) == expected
    assert messages(project.build()) == expected


def test_check_in_indonesian(project):
    folder = project.add_poster("bad", image=None)
    F.write_encrypted_pdf(folder / "poster.pdf")
    result = project.check(lang="id")
    assert messages(result) == [
        "posters/bad/poster.pdf: 'poster.pdf' dilindungi kata sandi, sehingga galeri tidak "
        "dapat membukanya. Ekspor lagi PDF-nya tanpa kata sandi."
    ]


def test_check_does_not_decode_posters_the_cache_already_knows(project, monkeypatch):
    three_posters(project)
    project.build()
    from postergallery.stages import cache

    def refuse(*args, **kwargs):
        raise AssertionError("decoded a poster the cache knows")

    monkeypatch.setattr(cache, "probe", refuse)
    result = project.check()
    assert result.ok and len(result.posters) == 3


def test_pdf_poster_offers_the_original_pdf(project):
    folder = project.add_poster("paper", image=None)
    F.write_pdf(folder / "poster.pdf", colours=((200, 40, 40), (40, 40, 200)))
    result = project.build()
    assert result.ok, messages(result)
    out = project.root / "docs" / "poster" / "paper"
    assert (out / "paper.pdf").read_bytes() == (folder / "poster.pdf").read_bytes()
    page = (out / "index.md").read_text("utf-8")
    assert 'href="paper.pdf" download' in page and "(PDF," in page
    display = Image.open(out / published(project, "paper")["display"]).convert("RGB")
    assert F.distance(display.getpixel((800, 1100)), (200, 40, 40)) < 8


@pytest.mark.parametrize(
    "busy",
    [
        {"WALL_SECONDS": 0.001},  # a machine so busy that the drawing ran out of wall-clock time
        {"_CHILD": "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"},  # the system's out-of-memory killer
    ],
)
def test_a_pdf_stopped_by_the_machine_not_by_its_own_limits_is_drawn_again_next_build(project, monkeypatch, busy):
    """Either was remembered as the PDF's own failure: the poster stayed out of the site on that computer, and the
    committee was told to export again a file that was fine."""
    from postergallery.stages import pdfpage

    folder = project.add_poster("paper", image=None)
    F.write_pdf(folder / "poster.pdf")
    with monkeypatch.context() as patched:
        for name, value in busy.items():
            patched.setattr(pdfpage, name, value)
        result = project.build()
    assert [m.split(": ", 1)[1][:44] for m in messages(result)] == ["drawing the first page of 'poster.pdf' takes"]
    result = project.build()
    assert result.ok, messages(result)
    assert (result.images.processed, result.images.failed) == (1, 0)


def test_a_build_killed_mid_stage_leaves_no_partial_file_and_the_next_build_repairs_it(project):
    for i in range(8):
        folder = project.add_poster(f"poster-{i}", image=None)
        gradient = Image.linear_gradient("L").resize((2600, 3600)).point(lambda v, i=i: (v + 20 * i) % 256)
        Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM), gradient)).save(
            folder / "poster.jpg", quality=92
        )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(project.config), "build", "--jobs", "1"],
        cwd=project.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    files = project.root / ".cache" / "gallery" / "files"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (files.is_dir() and len(os.listdir(files)) >= 7):
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = set(os.listdir(files))
    assert 7 <= len(done) < 8 * len(KINDS), "the kill should land while posters are being processed"
    for name in done:  # every file in the cache is complete
        with Image.open(files / name) as im:
            im.load()
    assert not (project.root / "docs" / "poster").exists()  # nothing published from a half-done stage
    result = project.build()
    assert result.ok, messages(result)
    assert result.images.processed + result.images.cached == 8 and result.images.processed >= 6
    assert not (project.root / ".cache" / "gallery" / "tmp").exists() or not os.listdir(
        project.root / ".cache" / "gallery" / "tmp"
    )
    for i in range(8):
        for name in published(project, f"poster-{i}").values():
            with Image.open(project.root / "docs" / "poster" / f"poster-{i}" / name) as im:
                im.load()


def test_check_gives_the_same_answer_for_tiny_jpegs_before_and_after_a_build(project):
    """Valid JPEGs under 8 px on a side: check used to call them damaged until a build had cached them."""
    for i, size in enumerate([(1, 1), (3, 5), (7, 7), (7, 100), (100, 7), (6, 500)]):
        folder = project.add_poster(f"kecil-{i}", image=None)
        F.write_jpeg(folder / "poster.jpg", size=size)
    before = project.check()
    assert messages(before) == [] and len(before.posters) == 6
    assert project.build().ok
    assert messages(project.check()) == []


def small_image_warning(path: str, width: int, height: int) -> str:
    return (
        f"{path}: warning: the poster image is only {width} × {height} pixels: its small text will be blurred, even "
        "zoomed in. Use the original file if there is one (a JPG about 5000 pixels tall, or the PDF), not a picture "
        "saved from a chat or a web page."
    )


def warned_by_check_build_and_cache(project, monkeypatch, expected: list[str], posters: int, shown: str) -> None:
    """``expected`` from ``check`` (the files read by the probe), from the build, and from ``check`` again (what
    the cache noted: the probe is not called); all ``posters`` pass, and ``shown`` is published."""
    first = project.check()
    assert (messages(first), first.ok, len(first.posters)) == (expected, True, posters)
    built = project.build()
    assert (messages(built), built.ok) == (expected, True)
    assert published(project, shown)["display"].startswith("display.")
    from postergallery.stages import cache

    def refuse(*args, **kwargs):
        raise AssertionError("read a poster file the cache knows")

    with monkeypatch.context() as m:
        m.setattr(cache, "probe", refuse)
        assert messages(project.check()) == expected


def test_a_poster_image_too_small_to_read_is_warned_of_by_check_and_build_and_still_published(project, monkeypatch):
    project.write_config("posters: posters\nsmall_image_px: 1200")
    project.add_poster("pratinjau", size=(848, 1199))  # a chat app's preview: one pixel short
    project.add_poster("cukup", size=(849, 1200))
    project.add_poster("mendatar", size=(1199, 700))  # landscape: its longer side is its width
    F.write_vector_pdf(project.add_poster("kertas", image=None) / "poster.pdf")  # drawn at any size: never small
    expected = [
        small_image_warning("posters/mendatar/poster.jpg", 1199, 700),
        small_image_warning("posters/pratinjau/poster.jpg", 848, 1199),
    ]
    warned_by_check_build_and_cache(project, monkeypatch, expected, posters=4, shown="pratinjau")
    in_indonesian = project.check(lang="id").problems[1]
    assert in_indonesian.format_text(Translator("id")) == (
        "posters/pratinjau/poster.jpg: peringatan: gambar poster hanya 848 × 1199 piksel: tulisan kecilnya akan "
        "buram, meski diperbesar. Pakai berkas aslinya bila ada (JPG dengan tinggi sekitar 5000 piksel, atau "
        "PDF-nya), bukan gambar yang disimpan dari obrolan atau halaman web."
    )
    checked = project.cli("check")
    assert (checked.returncode, checked.stdout.splitlines()[-1]) == (
        0,
        "All good: 4 posters checked, no problems found. (2 warnings)",
    )
    project.write_config("posters: posters\nsmall_image_px: 0")  # an event that knows its posters are small
    assert messages(project.check()) == [] and messages(project.build()) == []


def test_a_pdf_that_is_only_a_small_picture_is_warned_of_and_one_with_its_words_as_text_is_not(project, monkeypatch):
    project.write_config("posters: posters\nsmall_image_px: 1200")
    # A chat app's picture printed to PDF: an A5 page covered by 840 x 1190 pixels, 2 a point.
    F.write_picture_pdf(project.add_poster("cetak", image=None) / "poster.pdf", picture=(840, 1190), page=(420, 595))
    # The same picture behind words written as text: the words are sharp, whatever the picture.
    words = "Kolaborasi untuk Pelatihan Vokasi dan Produktivitas\n" * 40
    F.write_picture_pdf(project.add_poster("desain", image=None) / "poster.pdf", picture=(840, 1190), text=words)
    # A scan at 150 dpi with its text recognised (invisible text): the picture is all there is, and it is enough.
    F.write_picture_pdf(
        project.add_poster("pindaian", image=None) / "poster.pdf", picture=(1240, 1754), text=words, text_mode=3
    )
    expected = [
        "posters/cetak/poster.pdf: warning: the PDF holds the poster as a picture of only 840 × 1190 pixels: its "
        "small text will be blurred, even zoomed in. Export the PDF again from the original design (in Canva: PDF "
        "Print), not from a picture saved from a chat or a web page."
    ]
    warned_by_check_build_and_cache(project, monkeypatch, expected, posters=3, shown="cetak")
    assert project.check(lang="id").problems[0].format_text(Translator("id")) == (
        "posters/cetak/poster.pdf: peringatan: PDF ini memuat poster sebagai gambar berukuran hanya 840 × 1190 "
        "piksel: tulisan kecilnya akan buram, meski diperbesar. Ekspor ulang PDF dari desain aslinya (di Canva: PDF "
        "Cetak), bukan dari gambar yang disimpan dari obrolan atau halaman web."
    )
    # A cache made before it noted whether a PDF's page is a picture: the PDFs are looked at again, once.
    manifest_file = project.root / ".cache" / "gallery" / "manifest.json"
    manifest = json.loads(manifest_file.read_text("utf-8"))
    for record in manifest["posters"].values():
        del record["info"]["picture"]
    manifest_file.write_text(json.dumps(manifest), "utf-8")
    assert messages(project.check()) == expected
    again = project.build()
    assert (messages(again), again.images.processed) == (expected, 3)
    assert project.build().images.processed == 0


def test_the_same_poster_file_in_two_folders_is_warned_of_in_both_and_both_are_published(project, monkeypatch):
    """An issue form sent twice with the same file, or a folder copied to start another: two pages, two counts of
    votes for one poster."""
    first = project.add_poster("las-smaw")
    project.add_poster("las-tig", colour=(20, 90, 200))
    copy = project.add_poster("las-smaw-2", image=None)
    (copy / "poster.jpeg").write_bytes((first / "poster.jpg").read_bytes())  # the same bytes, another name
    expected = [
        "posters/las-smaw-2/poster.jpeg: warning: the poster file is the same as posters/las-smaw/poster.jpg: the "
        "poster is in the gallery twice, and its votes are split between the two. Remove one of the two folders.",
        "posters/las-smaw/poster.jpg: warning: the poster file is the same as posters/las-smaw-2/poster.jpeg: the "
        "poster is in the gallery twice, and its votes are split between the two. Remove one of the two folders.",
    ]
    warned_by_check_build_and_cache(project, monkeypatch, expected, posters=3, shown="las-smaw-2")
    assert published(project, "las-smaw")["display"].startswith("display.")
    assert project.check(lang="id").problems[0].format_text(Translator("id")) == (
        "posters/las-smaw-2/poster.jpeg: peringatan: berkas poster ini sama dengan posters/las-smaw/poster.jpg: "
        "poster tampil dua kali di galeri, dan suaranya terbagi di antara keduanya. Hapus salah satu dari kedua "
        "folder itu."
    )
    # The same pixels in another file are another export: said only if the bytes are the same.
    project.add_poster("las-smaw-2", image="poster.jpg")
    (copy / "poster.jpeg").unlink()
    assert messages(project.check()) == [] and messages(project.build()) == []


def test_a_pdf_of_several_pages_is_said_and_its_first_page_shown(project, monkeypatch):
    """A whole slide deck exported to PDF, the poster on one of its slides: page 1 alone was shown, said nowhere."""
    deck = project.add_poster("slides", image=None) / "poster.pdf"
    F.write_pdf(deck, colours=((200, 40, 40), (40, 40, 200), (40, 200, 40)))
    F.write_vector_pdf(project.add_poster("satu", image=None) / "poster.pdf")
    expected = [
        "posters/slides/poster.pdf: warning: 'poster.pdf' has 3 pages, and only the first is shown in the gallery. "
        "If the poster is on another page, export that page alone as a PDF."
    ]
    warned_by_check_build_and_cache(project, monkeypatch, expected, posters=2, shown="slides")
    display = Image.open(project.root / "docs/poster/slides" / published(project, "slides")["display"])
    assert F.distance(display.convert("RGB").getpixel((display.width // 2, display.height // 2)), (200, 40, 40)) < 10
    assert project.check(lang="id").problems[0].format_text(Translator("id")) == (
        "posters/slides/poster.pdf: peringatan: 'poster.pdf' berisi 3 halaman, dan hanya halaman pertama yang "
        "ditampilkan di galeri. Bila posternya ada di halaman lain, ekspor halaman itu saja sebagai PDF."
    )


def test_check_reports_running_out_of_memory_instead_of_passing(project, monkeypatch):
    project.add_poster("besar")
    from postergallery.stages import images

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(images, "probe_poster", no_memory)
    result = project.check()
    assert messages(result) == [
        "posters/besar/poster.jpg: there was not enough memory to process 'poster.jpg'; close other programs and "
        "build again, or export the poster with fewer pixels."
    ]
    assert result.posters == []
    assert messages(project.check(lang="id")) == [
        "posters/besar/poster.jpg: memori tidak cukup untuk memproses 'poster.jpg'; tutup program lain lalu bangun "
        "ulang, atau ekspor poster dengan piksel lebih sedikit."
    ]


def test_an_avif_poster_is_found_checked_and_built(project):
    folder = project.add_poster("avif", image=None)
    F.write_avif(folder / "poster.avif", colour=(30, 90, 160))
    result = project.check()
    assert messages(result) == [] and result.posters[0].source == "posters/avif/poster.avif"
    built = project.build()
    assert built.ok, messages(built)
    display = Image.open(project.root / "docs" / "poster" / "avif" / published(project, "avif")["display"])
    assert F.distance(display.convert("RGB").getpixel((120, 170)), (30, 90, 160)) < 10


def test_image_workers_start_numpy_without_a_blas_thread_pool():
    """OpenBLAS would start a spinning thread per core in every worker; the workers' numpy uses none."""
    from postergallery.stages.cache import _worker_pool

    before = os.environ.get("OPENBLAS_NUM_THREADS")
    with _worker_pool(1) as pool:
        assert pool.submit(os.getenv, "OPENBLAS_NUM_THREADS").result() == "1"
    assert os.environ.get("OPENBLAS_NUM_THREADS") == before  # this process (MkDocs, serve) is left as it was


def test_the_progress_line_is_in_the_site_s_language_and_only_on_a_terminal():
    import io

    from postergallery.stages.cache import progress_printer

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert progress_printer(Translator("id"), io.StringIO()) is None  # a log file or a pipe: nothing
    screen = Terminal()
    show = progress_printer(Translator("id"), screen)
    show(1, 2, "las-smaw")
    show(2, 2, "kopi-gayo")
    assert screen.getvalue() == f"\rgambar: 1/2 {'las-smaw':<50}\rgambar: 2/2 {'kopi-gayo':<50}\n"


def _as_an_earlier_reading_noted_it(project, key: str, reading: int) -> None:
    """Every poster record of the cache (each found to record a location, noted by ``reading``) as a gallery
    before that reading wrote it: without ``key``, and no location."""
    manifest_file = project.root / ".cache" / "gallery" / "manifest.json"
    manifest = json.loads(manifest_file.read_text("utf-8"))
    for record in manifest["posters"].values():
        assert (record.pop(key), record["info"]["location"]) == (reading, True)
        record["info"]["location"] = False
    manifest_file.write_text(json.dumps(manifest), "utf-8")


def test_an_image_cached_before_the_gallery_looked_for_a_motion_photo_s_video_is_read_again_once(project):
    """A motion photo built by a gallery that offered it with ``originals: all``: the next build reads the file
    again, finds the video after the picture and offers the large image instead; the build after makes nothing."""
    project.write_config("posters: posters\noriginals: all")
    F.write_motion_photo(project.add_poster("gerak", image=None) / "poster.jpg")
    assert project.build().images.processed == 1
    _as_an_earlier_reading_noted_it(project, "image_reading", 1)
    page = project.root / "docs" / "poster" / "gerak" / "index.md"
    assert project.build().images.processed == 1
    assert 'download="gerak.jpg">Download the poster as a large image (JPG, ' in page.read_text("utf-8")
    assert project.build().images.processed == 0


def test_a_pdf_cached_before_the_gallery_read_its_location_is_read_again_once(project):
    """A phone photo printed to PDF, built by a gallery that offered every PDF: the next build reads the file
    again, finds the photo's GPS position and offers the large image instead; the build after makes nothing."""
    F.write_picture_pdf(project.add_poster("cetak", image=None) / "poster.pdf", (240, 340), exif=F.gps_exif())
    assert project.build().images.processed == 1
    _as_an_earlier_reading_noted_it(project, "pdf_reading", 2)
    page = project.root / "docs" / "poster" / "cetak" / "index.md"
    assert project.build().images.processed == 1
    assert 'download="cetak.jpg">Download the poster as a large image (JPG, ' in page.read_text("utf-8")
    assert not (page.parent / "cetak.pdf").exists()
    assert project.build().images.processed == 0


def test_a_poster_file_renamed_to_another_kind_is_judged_by_its_new_name_not_by_the_cache(project):
    """The cache knows a file by its bytes; the gallery reads a file named .pdf as a PDF and any other as an
    image. A JPG renamed to .pdf (and a PDF to .jpg) after a build was taken from the cache as it was, published
    as a "PDF" to download, and passed check and build alike; without the cache both refused it. Renamed back,
    it is the poster it was."""
    jpg = project.add_poster("photo")
    pdf = project.add_poster("paper", image=None)
    F.write_pdf(pdf / "poster.pdf", colours=((200, 40, 40), (40, 40, 200)))
    assert project.build().ok
    (jpg / "poster.jpg").rename(jpg / "poster.pdf")
    (pdf / "poster.pdf").rename(pdf / "poster.jpg")
    expected = [
        "posters/paper/poster.jpg: 'poster.jpg' is really a PDF file; rename it to end in .pdf.",
        "posters/photo/poster.pdf: 'poster.pdf' is really a JPG image, not a PDF; rename it to end in .jpg.",
    ]
    assert sorted(messages(project.check())) == expected
    assert sorted(messages(project.build())) == expected
    assert sorted(messages(project.check())) == expected  # the refusals, remembered, stay with those names
    (jpg / "poster.pdf").rename(jpg / "poster.jpg")
    (pdf / "poster.jpg").rename(pdf / "poster.pdf")
    assert project.check().ok and project.build().ok

"""What a poster page offers for download (originals), and the site's weight against site_budget_mb."""

from __future__ import annotations

import json
import random
import re
import shutil

import pytest
from PIL import Image

from postergallery.i18n import Translator
from postergallery.stages.settings import read_settings
from postergallery.stages.sitesize import PAGE_BYTES, THEME_BYTES, human_size

import imagefiles as F
from projectkit import ROOT, messages

EN, ID = Translator("en"), Translator("id")
ADVICE_EN = (
    "offer fewer originals for download (now originals: all and originals_max_mb: 5; with originals: none "
    "every poster offers its large image instead); export the largest poster files smaller (a JPG at "
    "quality 85 about 5000 pixels tall, a PDF with images compressed to 300 dpi); lower jpeg_quality (now "
    "82; the zoom images are most of the images' bytes) or webp_quality (now 80)"
)


def noise(size, seed: int) -> Image.Image:
    """An image that does not compress: its files weigh what a photo's do."""
    w, h = size
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(w * h * 3))


def add_posters(project) -> None:
    """A JPG, a PNG, a small PDF and a PDF of about 1.3 MB."""
    project.add_poster("photo")
    F.write_png(project.add_poster("chart", image=None) / "poster.png")
    F.write_pdf(project.add_poster("paper", image=None) / "poster.pdf", colours=((200, 40, 40), (40, 40, 200)))
    noise((900, 1270), 1).save(project.add_poster("thick-paper", image=None) / "poster.pdf", "PDF", quality=95)


def download_link(project, slug: str) -> str:
    page = (project.root / "docs/poster" / slug / "index.md").read_text("utf-8")
    found = re.findall(r'<p class="pg-download" data-search-exclude>(.*?)</p>', page)
    assert len(found) == 1, page
    return found[0]


def originals_in(project, slug: str) -> list[str]:
    """The files in the poster's output folder named like its original (``<slug>.<ext>``)."""
    return sorted(p.name for p in (project.root / "docs/poster" / slug).iterdir() if p.name.startswith(slug + "."))


def original_link(project, slug: str, ext: str, fmt: str) -> str:
    size = (project.root / "posters" / slug / f"poster.{ext}").stat().st_size
    return (
        f'<a class="md-button" href="{slug}.{ext}" download="{slug}.{ext}">Download the original poster '
        f"({fmt}, {human_size(size, EN)})</a>"
    )


def large_link(project, slug: str) -> str:
    zoom = next((project.root / "docs/poster" / slug).glob("zoom.*.jpg"))
    with Image.open(zoom) as image:
        width, height = image.size
    return (
        f'<a class="md-button" href="{zoom.name}" download="{slug}.jpg">Download the poster as a large image '
        f"(JPG, {width} × {height} px, {human_size(zoom.stat().st_size, EN)})</a>"
    )


@pytest.mark.parametrize(
    "gallery, offered",
    [
        ("", {"paper": "pdf", "thick-paper": "pdf"}),  # the defaults: originals: pdf, originals_max_mb: 5
        ("originals: all", {"photo": "jpg", "chart": "png", "paper": "pdf", "thick-paper": "pdf"}),
        ("originals: none", {}),
        ("originals: all\noriginals_max_mb: 1", {"photo": "jpg", "chart": "png", "paper": "pdf"}),
        ("originals: pdf\noriginals_max_mb: 1", {"paper": "pdf"}),
    ],
)
def test_originals_decide_what_each_poster_page_offers_for_download(project, gallery, offered):
    project.write_config("posters: posters\n" + gallery)
    add_posters(project)
    assert (project.root / "posters/thick-paper/poster.pdf").stat().st_size > 1_000_000
    result = project.build()
    assert result.ok, messages(result)
    formats = {"jpg": "JPG", "png": "PNG", "pdf": "PDF"}
    for slug in ("photo", "chart", "paper", "thick-paper"):
        ext = offered.get(slug)
        if ext:
            assert originals_in(project, slug) == [f"{slug}.{ext}"]
            assert (project.root / f"docs/poster/{slug}/{slug}.{ext}").read_bytes() == (
                project.root / f"posters/{slug}/poster.{ext}"
            ).read_bytes()
            assert download_link(project, slug) == original_link(project, slug, ext, formats[ext])
        else:
            assert originals_in(project, slug) == []
            assert download_link(project, slug) == large_link(project, slug)


def test_sizes_are_written_as_the_reader_s_language_writes_numbers():
    assert human_size(27_345_678, ID) == "27,3 MB"
    assert human_size(27_345_678, EN) == "27.3 MB"
    assert human_size(1_000_000, ID) == "1,0 MB"
    assert human_size(999_499, ID) == "999 KB"
    assert human_size(1, EN) == "1 KB" and human_size(0, EN) == "0 KB"


def test_the_large_image_link_in_indonesian(project):
    project.write_config("posters: posters", language="id")
    project.add_poster("photo")
    assert project.build().ok
    zoom = next((project.root / "docs/poster/photo").glob("zoom.*.jpg"))
    assert download_link(project, "photo") == (
        f'<a class="md-button" href="{zoom.name}" download="photo.jpg">Unduh poster sebagai gambar besar '
        f"(JPG, 240 × 340 piksel, {human_size(zoom.stat().st_size, ID)})</a>"
    )


# ------------------------------------------------------------------ budget ---


def heavy_gallery(project, budget: str = "") -> None:
    """Originals on, and two posters that weigh: JPGs of 0.8 and 0.6 MB (noise), and a light one."""
    set_budget(project, budget)
    noise((700, 990), 2).save(project.add_poster("heavy", image=None) / "poster.jpg", quality=95)
    noise((600, 850), 3).save(project.add_poster("medium", image=None) / "poster.jpg", quality=95)
    project.add_poster("light")


def set_budget(project, budget: str) -> None:
    project.write_config("posters: posters\noriginals: all\n" + budget)


def expected_weight(project) -> tuple[int, dict[str, tuple[int, int, int]]]:
    """What the build should count, from the files it wrote: the total estimate and, per poster, (total,
    original, images). Pages are counted with the theme's frame, the theme's files as a fixed allowance."""
    project.build()  # mkdocs build hands MkDocs the files from memory: gallery.py build writes the same ones
    docs = project.root / "docs"
    files = json.loads((docs / ".gallery-generated.json").read_text())["files"]
    total = THEME_BYTES + sum((docs / rel).stat().st_size + PAGE_BYTES * rel.endswith(".md") for rel in files)
    posters = {}
    for folder in (docs / "poster").iterdir():
        if folder.is_dir():
            slug = folder.name
            original = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith(slug + "."))
            images = sum(
                p.stat().st_size
                for p in folder.iterdir()
                if p.suffix in (".jpg", ".webp") and not p.name.startswith(slug + ".")
            )
            page = sum(p.stat().st_size for p in folder.iterdir() if p.suffix in (".md", ".svg")) + PAGE_BYTES
            posters[slug] = (original + images + page, original, images)
    return total, posters


def largest_text(posters) -> str:
    order = sorted(posters, key=lambda slug: (-posters[slug][0], slug))
    return ", ".join(
        f"{slug} {human_size(posters[slug][0], EN)} (original JPG {human_size(posters[slug][1], EN)}, "
        f"images {human_size(posters[slug][2], EN)})"
        for slug in order
    )


def test_the_build_warns_from_80_percent_of_the_budget_and_stops_over_it(project):
    heavy_gallery(project)
    first = project.build()
    assert first.ok and messages(first) == []
    total, posters = expected_weight(project)
    assert 7_100_000 < total < 8_400_000, total  # the budgets below are chosen around it
    assert first.site_weight.total == total

    set_budget(project, "site_budget_mb: 8.5")
    warned = project.build()
    assert warned.ok and warned.written.written == []  # a warning changes nothing in the site
    assert messages(warned) == [
        f"mkdocs.yml: warning: the site will take about {human_size(total, EN)}, {round(total / 85_000)} % of the budget of 8.5 MB "
        f"(site_budget_mb; GitHub Pages publishes at most 1 GB). Largest posters: {largest_text(posters)}. To make "
        f"room: {ADVICE_EN}."
    ]
    assert warned.problems[0].severity == "warning"
    cli = project.cli("build")
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert (
        f"site: about {human_size(total, EN)} of the 8.5 MB budget ({round(total / 85_000)} %), originals "
        f"{human_size(sum(p[1] for p in posters.values()), EN)}" in cli.stdout
    )
    assert f"mkdocs.yml: warning: the site will take about {human_size(total, EN)}," in cli.stdout

    set_budget(project, "site_budget_mb: 7")
    stopped = project.build()
    assert not stopped.ok
    assert messages(stopped) == [
        f"mkdocs.yml: the site would take about {human_size(total, EN)}, more than the budget of 7 MB (site_budget_mb; "
        f"GitHub Pages publishes at most 1 GB), so it cannot be published. Largest posters: {largest_text(posters)}. "
        f"To make it smaller: {ADVICE_EN}."
    ]
    cli = project.cli("build")
    assert cli.returncode == 1 and messages(stopped)[0] in cli.stdout

    # What the message says to do works: without originals the same posters fit (with a warning).
    project.write_config("posters: posters\noriginals: none\nsite_budget_mb: 7")
    fits = project.build()
    assert fits.ok and [p.severity for p in fits.problems] == ["warning"]
    assert not any((project.root / "docs/poster" / slug / f"{slug}.jpg").exists() for slug in posters)


def test_the_budget_message_in_indonesian_without_originals(project):
    project.write_config("posters: posters\noriginals: none\nsite_budget_mb: 3", language="id")
    noise((700, 990), 2).save(project.add_poster("heavy", image=None) / "poster.jpg", quality=95)
    project.add_poster("light")
    result = project.build(lang="id")
    total, posters = expected_weight(project)
    largest = ", ".join(
        f"{slug} {human_size(posters[slug][0], ID)} (gambar {human_size(posters[slug][2], ID)})"
        for slug in ("heavy", "light")
    )
    assert messages(result) == [
        f"mkdocs.yml: situs akan berukuran sekitar {human_size(total, ID)}, melebihi anggaran 3 MB (site_budget_mb; "
        f"GitHub Pages menerbitkan paling banyak 1 GB), sehingga tidak dapat diterbitkan. Poster terbesar: "
        f"{largest}. Untuk memperkecilnya: turunkan jpeg_quality (sekarang 82; gambar perbesaran adalah bagian "
        f"terbesar dari ukuran gambar) atau webp_quality (sekarang 80)."
    ]


def test_the_largest_five_posters_are_named(project):
    project.write_config("posters: posters\noriginals: all\nsite_budget_mb: 3")
    for i in range(7):
        noise((300, 420 + 40 * i), 10 + i).save(
            project.add_poster(f"poster-{i}", image=None) / "poster.jpg", quality=95
        )
    result = project.build()
    total, posters = expected_weight(project)
    named = re.search(r"Largest posters: (.*?)\. To make", messages(result)[0]).group(1)
    assert re.findall(r"(poster-\d) [0-9.]+ [KM]B \(", named) == [f"poster-{i}" for i in (6, 5, 4, 3, 2)]
    assert sorted(posters, key=lambda slug: -posters[slug][0])[:5] == [f"poster-{i}" for i in (6, 5, 4, 3, 2)]


def test_check_reports_what_it_can_know_without_renditions(project):
    heavy_gallery(project, "site_budget_mb: 1")
    # Nothing built yet: check knows no rendition, nor whether a JPG records a location, so it knows nothing.
    assert messages(project.check()) == []
    assert not project.build().ok
    # Now the cache knows the renditions and that the JPGs record no location: a lower bound, without the
    # pages and the theme, which only a build makes.
    total, posters = expected_weight(project)
    known = sum(original + images for _total, original, images in posters.values())
    largest = ", ".join(
        f"{slug} {human_size(posters[slug][1] + posters[slug][2], EN)} (original JPG "
        f"{human_size(posters[slug][1], EN)}, images {human_size(posters[slug][2], EN)})"
        for slug in ("heavy", "medium", "light")
    )
    assert messages(project.check()) == [
        f"mkdocs.yml: the site would take at least {human_size(known, EN)}, more than the budget of 1 MB "
        f"(site_budget_mb; GitHub Pages publishes at most 1 GB), so it cannot be published. Largest posters: "
        f"{largest}. To make it smaller: {ADVICE_EN}."
    ]


def test_a_pdf_counts_in_check_before_any_build(project):
    project.write_config("posters: posters\nsite_budget_mb: 1")  # originals: pdf
    noise((900, 1270), 1).save(project.add_poster("thick-paper", image=None) / "poster.pdf", "PDF", quality=95)
    size = (project.root / "posters/thick-paper/poster.pdf").stat().st_size
    assert messages(project.check())[0].startswith(
        f"mkdocs.yml: the site would take at least {human_size(size, EN)}, more than the budget of 1 MB "
    )


def test_hand_written_files_count_and_files_a_build_removes_do_not(project):
    heavy_gallery(project)
    project.build()
    total, _ = expected_weight(project)
    (project.root / "docs/programme.pdf").write_bytes(b"%PDF" + bytes(400_000))
    (project.root / "docs/about.md").write_text("# About\n", "utf-8")
    (project.root / "docs/.notes").write_bytes(bytes(300_000))  # MkDocs leaves out dot files
    project.write_config("posters: posters\noriginals: none")
    result = project.build()
    originals = sum((project.root / "posters" / s / "poster.jpg").stat().st_size for s in ("heavy", "medium", "light"))
    after, _ = expected_weight(project)
    assert after < total - originals + 1000  # the originals of the previous build are gone
    assert result.site_weight.total == after + 400_004 + len("# About\n") + PAGE_BYTES


# ------------------------------------------------------------------- mkdocs ---


def test_mkdocs_build_shows_the_warning_and_stops_over_the_budget(project):
    heavy_gallery(project, "site_budget_mb: 8.5")
    built = project.mkdocs("build")
    assert built.returncode == 0, built.stderr
    total, posters = expected_weight(project)
    assert re.search(
        r"INFO +- +mkdocs\.yml: warning: the site will take about " + re.escape(human_size(total, EN)), built.stderr
    )
    assert (project.root / "site/poster/heavy/heavy.jpg").read_bytes() == (
        project.root / "posters/heavy/poster.jpg"
    ).read_bytes()
    set_budget(project, "site_budget_mb: 7")
    shutil.rmtree(project.root / "site")
    stopped = project.mkdocs("build")
    assert stopped.returncode == 1
    assert re.search(
        r"ERROR +- +mkdocs\.yml: the site would take about " + re.escape(human_size(total, EN)), stopped.stderr
    )
    assert "gallery: 1 problem above; fix it" in stopped.stdout and "Traceback" not in stopped.stdout + stopped.stderr
    assert not (project.root / "site").exists()  # stopped before MkDocs wrote anything


def test_mkdocs_build_measures_the_site_and_reports_what_the_estimate_missed(project):
    """A large file in the theme's folder is published, and only the measure of site/ sees it."""
    overrides = project.root / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    (overrides / "assets" / "intro-video.bin").write_bytes(bytes(3_000_000))
    text = project.config.read_text().replace(f"custom_dir: {ROOT / 'overrides'}", "custom_dir: overrides")
    project.config.write_text(text.replace("    posters: posters\n", "    posters: posters\n    site_budget_mb: 5\n"))
    project.add_poster("light")
    built = project.mkdocs("build")
    assert built.returncode == 1
    site = sum(p.stat().st_size for p in (project.root / "site").rglob("*") if p.is_file())
    assert 5_000_000 < site < 7_000_000
    _, posters = expected_weight(project)
    assert [line for line in built.stderr.splitlines() if "mkdocs.yml:" in line] == [
        f"ERROR   -  mkdocs.yml: the site would take {human_size(site, EN)} (measured in the built site), more than the "
        f"budget of 5 MB (site_budget_mb; GitHub Pages publishes at most 1 GB), so it cannot be published. Largest "
        f"posters: light {human_size(posters['light'][0], EN)} (images {human_size(posters['light'][2], EN)}). To make it "
        f"smaller: lower jpeg_quality (now 82; the zoom images are most of the images' bytes) or webp_quality "
        f"(now 80)."
    ]
    assert "gallery: the built site is larger than site_budget_mb allows" in built.stdout
    assert "Traceback" not in built.stdout + built.stderr


# ----------------------------------------------------------------- settings ---


def test_defaults(project):
    settings, problems = read_settings(project.config)
    assert problems == []
    assert (settings.originals, settings.originals_max_mb, settings.site_budget_mb) == ("pdf", 5.0, 1000.0)


def test_wrong_download_and_budget_settings_are_reported_with_their_line(project):
    project.write_config("""\
        posters: posters
        originals: nnone
        originals_max_mb: 0
        site_budget_mb: one gigabyte
        """)
    settings, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:20:16: 'nnone' is not one of the values this setting takes: all, pdf, none. Did you mean 'none'?",
        "mkdocs.yml:21:23: 0 is out of range; use a value between 1 and 100.",
        "mkdocs.yml:22:21: this setting must be a number between 1 and 10000.",
    ]
    assert (settings.originals, settings.originals_max_mb, settings.site_budget_mb) == ("pdf", 5.0, 1000.0)
    project.write_config("originals: [pdf]\nsite_budget_mb: 20000", language="id")
    _, problems = read_settings(project.config)
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:19:16: pengaturan ini harus berupa salah satu dari: all, pdf, none.",
        "mkdocs.yml:20:21: 20000 di luar batas; gunakan nilai antara 1 dan 10000.",
    ]


def test_wrong_settings_stop_check_and_build_with_their_line(project):
    project.write_config("posters: posters\noriginals: false")
    project.add_poster("photo")
    expected = ["mkdocs.yml:20:16: 'false' is not one of the values this setting takes: all, pdf, none."]
    assert messages(project.check()) == expected and messages(project.build()) == expected
    assert not (project.root / "docs/poster").exists()

""" "Use this for your event" (README): the steps on a copy of the repository, then a build of the result."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from postergallery.commands.demo import DEMO_POSTERS
from postergallery.stages import settings as gallery_settings

from gitkit import GitRepo
from imagefiles import write_png

NEW_FORM = "https://docs.google.com/forms/d/e/1FAIpQLSe-acara-baru/formResponse"
OWN_POSTER = """\
title: "Robot Pemilah Sampah dari Kelas Mekatronika"
authors:
  - "Andi Wijaya"
role: trainee
center: "BPVP Ternate"
alt: "Poster biru dengan foto robot lengan di atas konveyor dan diagram alur."
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        timeout=600,
    )


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def set_event(config: Path) -> None:
    """What the README asks the next event to change in mkdocs.yml, edited as a person would."""
    text = config.read_text("utf-8")
    text = re.sub(r"^site_name: .*$", "site_name: Galeri Poster Temu Alumni BPVP 2025", text, count=1, flags=re.M)
    text = re.sub(
        r"^site_url: .*$", "site_url: https://panitia-bpvp.github.io/temu-alumni-2025/", text, count=1, flags=re.M
    )
    vote = (yaml.safe_load(text).get("extra") or {}).get("gallery", {}).get("vote")
    if isinstance(vote, dict) and vote.get("url"):
        text = text.replace(str(vote["url"]), NEW_FORM)
    elif "vote" in gallery_settings.SECTIONS:
        # The vote form as the README describes it (Google Forms: the formResponse address and entry ids).
        text = text.rstrip("\n") + (
            "\n    vote:\n      provider: google_forms\n"
            f"      url: {NEW_FORM}\n"
            "      fields: {poster: entry.1111111111, token: entry.2222222222}\n"
        )
    config.write_text(text, "utf-8")


def test_use_this_for_your_event(demo_copy):
    repo = GitRepo.init(demo_copy)
    repo.commit_all("Created from the template")
    set_event(demo_copy / "mkdocs.yml")
    # The committee already added one poster of its own and touched two demo posters.
    own = demo_copy / "posters" / "robot-pemilah-sampah"
    own.mkdir()
    (own / "poster.yml").write_text(OWN_POSTER, "utf-8")
    write_png(own / "poster.png")
    edited = demo_copy / "posters" / "web-kasir-umkm-desa" / "poster.yml"
    edited.write_text(edited.read_text("utf-8").replace("UMKM Desa", "UMKM Desa Bawen"), "utf-8")
    extra_file = demo_copy / "posters" / "hidroponik-nft-pekarangan" / "catatan.txt"
    extra_file.write_text("foto asli ada di panitia\n", "utf-8")

    before = tree_digest(demo_copy)
    proc = run(demo_copy, "scripts/gallery.py", "demo", "--remove")
    assert proc.returncode == 0, proc.stderr
    kept = {"hidroponik-nft-pekarangan", "web-kasir-umkm-desa"}
    removed = sorted(p.slug for p in DEMO_POSTERS if p.slug not in kept)
    assert proc.stdout.splitlines() == (
        [f"posters/{slug}/ dihapus" for slug in removed]
        + ["posters/_map.yml dihapus"]  # the demo hall's board positions, unchanged
        + [
            f"posters/{slug}/ dibiarkan: isinya sudah diubah sejak dibuat oleh demo; hapus sendiri jika tidak "
            "diperlukan"
            for slug in sorted(kept)
        ]
        + ["9 poster demo dihapus."]
    )
    # Exactly the unchanged demo posters are gone; every other byte of the repository is as it was.
    after = tree_digest(demo_copy)
    assert after == {
        path: digest
        for path, digest in before.items()
        if not any(path.startswith(f"posters/{slug}/") for slug in removed) and path != "posters/_map.yml"
    }
    assert sorted(p.name for p in (demo_copy / "posters").iterdir()) == [
        "hidroponik-nft-pekarangan",
        "robot-pemilah-sampah",
        "web-kasir-umkm-desa",
    ]

    proc = run(demo_copy, "scripts/gallery.py", "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run(demo_copy, "-m", "mkdocs", "build", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = demo_copy / "site"
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Galeri Poster Temu Alumni BPVP 2025</title>" in home
    assert '<link rel="canonical" href="https://panitia-bpvp.github.io/temu-alumni-2025/">' in home
    assert sorted(re.findall(r'<li class="pg-card" data-slug="([^"]+)"', home)) == [
        "hidroponik-nft-pekarangan",
        "robot-pemilah-sampah",
        "web-kasir-umkm-desa",
    ]
    assert "Aplikasi Kasir Web untuk UMKM Desa Bawen" in home
    assert sorted(p.name for p in (site / "poster").iterdir() if p.is_dir()) == [
        "hidroponik-nft-pekarangan",
        "robot-pemilah-sampah",
        "web-kasir-umkm-desa",
    ]
    if (site / "vote" / "index.html").is_file():
        assert any(NEW_FORM in p.read_text("utf-8", "replace") for p in site.rglob("*.html")) or any(
            NEW_FORM in p.read_text("utf-8", "replace") for p in site.rglob("*.json")
        )


def test_removing_every_demo_poster_keeps_the_posters_folder_for_git(tmp_path, demo_copy):
    repo = GitRepo.init(demo_copy)
    proc = run(demo_copy, "scripts/gallery.py", "demo", "--remove")
    # The demo's vote section, kept: check finds nothing wrong with its ended window, so this is where it is said.
    # Its site_url too: check says so only once there is a poster.
    assert proc.stdout.splitlines()[-3:-1] == [
        "11 poster demo dihapus.",
        "Bagian vote di mkdocs.yml masih milik demo: formulir contoh dan masa pemungutan suara yang sudah berakhir, "
        "sehingga tombol pilih di situs menyatakan pemungutan suara sudah ditutup. Sebelum acara Anda, buat formulir "
        "sendiri dan tuliskan dengan: python scripts/gallery.py vote setup TAUTAN --write, lalu tulis 'opens' dan "
        "'closes' acara Anda. Bila tidak ada pemungutan suara, hapus bagian vote.",
    ]
    assert [p.name for p in (demo_copy / "posters").iterdir()] == [".gitkeep"]
    repo.commit_all("Without the demo posters")

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", demo_copy.as_uri(), str(clone)], check=True)
    proc = run(clone, "scripts/gallery.py", "check")
    assert (proc.returncode, proc.stdout) == (0, "Semua beres: 0 poster diperiksa, tidak ada masalah.\n")
    proc = run(clone, "-m", "mkdocs", "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "Belum ada poster." in (clone / "site" / "index.html").read_text("utf-8")


def test_remove_twice_changes_nothing_more(demo_copy):
    run(demo_copy, "scripts/gallery.py", "demo", "--remove")
    before = tree_digest(demo_copy)
    proc = run(demo_copy, "scripts/gallery.py", "demo", "--remove")
    assert (proc.returncode, proc.stdout) == (0, "0 poster demo dihapus.\n")
    assert tree_digest(demo_copy) == before


def test_the_demo_command_counts_its_posters_in_english_for_one_and_for_more(demo_copy):
    run(demo_copy, "scripts/gallery.py", "demo", "--remove")
    proc = run(demo_copy, "scripts/gallery.py", "--lang", "en", "demo")
    assert proc.stdout.splitlines() == ["11 demo posters written to posters/."]
    for poster in DEMO_POSTERS[1:]:  # changed since the demo wrote them: kept
        yml = demo_copy / "posters" / poster.slug / "poster.yml"
        yml.write_text(yml.read_text("utf-8") + "# diubah\n", "utf-8")
    proc = run(demo_copy, "scripts/gallery.py", "--lang", "en", "demo", "--remove")
    assert proc.stdout.splitlines()[0] == f"removed posters/{DEMO_POSTERS[0].slug}/"
    assert proc.stdout.splitlines()[-3] == "1 demo poster removed."
    assert proc.stdout.splitlines()[-2].startswith("The vote section in mkdocs.yml is still the demo's: ")
    assert proc.stdout.splitlines()[-1] == (
        "site_url in mkdocs.yml is still the demo's example address (https://example.github.io/poster-gallery/); "
        "the QR codes and printed labels are made from it: write the address your site is published at, e.g. "
        "https://ORG.github.io/REPO/"
    )

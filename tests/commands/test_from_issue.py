"""`gallery.py from-issue`: a poster from the issue form, on recorded issue events, with the attached file
served by stand-ins for GitHub's attachment hosts on 127.0.0.1 (only GALLERY_ATTACHMENT_HOSTS points there)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from postergallery.commands.attachment import (
    GITHUB_ATTACHMENT_HOSTS,
    AllowedHosts,
    AttachmentError,
    allowed_hosts,
    download,
    find_links,
)
from postergallery.commands.issueform import CONSENT_TEXT, ROLE_CHOICES, FormProblem, read_answers
from postergallery.commands.scaffold import PosterValues, poster_yml
from postergallery.i18n import Translator

from attachmenthosts import AttachmentHosts, StoredFile
from imagefiles import write_jpeg, write_pdf
from issuekit import GOOD, INTRO, NO_FILE, issue_body, issue_event
from projectkit import SCRIPTS, Project

WJ = "\u2060"  # the word joiner that keeps GitHub from linking @mentions, #references and addresses


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, with the digest of each file's bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


# The same values, as `gallery.py new` takes them.
GOOD_AS_NEW = [
    "--title",
    "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G",
    "--author",
    "Rizky Pratama",
    "--author",
    "Dewi Lestari, S.T.",
    "--role",
    "alumni",
    "--center",
    "BBPVP Serang",
    "--alt",
    "Poster merah dengan foto peserta mengelas pelat dan grafik hasil uji.",
    "--program",
    "Teknik Las SMAW",
    "--date",
    "2024-01-30",
    "--summary",
    "Sebelum pelatihan saya bekerja serabutan. Kini saya welder di Cilegon.",
    "--tag",
    "las",
    "--tag",
    "sertifikasi",
    "--tag",
    "penempatan kerja",
    "--link",
    "Skema sertifikasi BNSP | https://bnsp.go.id/",
    "--link",
    "https://www.youtube.com/watch?v=contoh",
]
RUN_URL = "https://github.com/panitia/galeri/actions/runs/77"


@pytest.fixture
def hosts():
    standins = AttachmentHosts()
    yield standins
    standins.close()


@pytest.fixture
def site(tmp_path) -> Project:
    project = Project(tmp_path / "galeri")
    project.write_config("max_file_mb: 1\njobs: 1", language="id")
    project.add_poster("poster-lama")  # a poster already in the gallery
    return project


def from_issue(project: Project, hosts: AttachmentHosts, event: dict, *args: str):
    """Run `gallery.py from-issue` as the workflow does: the event file, the result file, the run's address.

    Returns the finished process and the result it wrote (an empty dict when it wrote none)."""
    event_file = project.root.parent / "event.json"
    event_file.write_text(json.dumps(event), "utf-8")
    result_file = project.root.parent / "result" / "result.json"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **hosts.environ)
    proc = subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "gallery.py"),
            "--config",
            str(project.config),
            "from-issue",
            str(event_file),
            "--out-json",
            str(result_file),
            "--run-url",
            RUN_URL,
            *args,
        ],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    result = json.loads(result_file.read_text("utf-8")) if result_file.exists() else {}
    return proc, result


# ------------------------------------------------------------- good issues ---


@pytest.mark.parametrize("kind", ["jpeg", "pdf"])
def test_a_good_issue_makes_exactly_the_folder_gallery_py_new_makes(site, hosts, tmp_path, kind):
    original = tmp_path / ("poster-las.jpg" if kind == "jpeg" else "poster-las.pdf")
    if kind == "jpeg":
        write_jpeg(original, size=(300, 420))
        link = hosts.image("6f1c1c52-2b5e-4f0a-9d0e-0b8f3c1d9a11", original.read_bytes())
        field = f'<img width="300" height="420" alt="Image" src="{link}" />'
    else:
        write_pdf(original)
        link = hosts.file(19876543, "poster-las.pdf", original.read_bytes())
        field = f"[poster-las.pdf]({link})"
    before = tree(site.root)
    proc, result = from_issue(site, hosts, issue_event(issue_body({**GOOD, "Berkas poster": field})))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    suffix = original.suffix
    slug = "dari-nol-ke-sertifikasi-las-smaw-posisi"
    assert proc.stdout == f"posters/{slug}/ sudah dibuat, berisi poster{suffix}, poster.yml.\n"
    assert (result["ok"], result["slug"], result["folder"], result["branch"], result["files"]) == (
        True,
        slug,
        f"posters/{slug}",
        f"poster/{slug}",
        [f"poster{suffix}", "poster.yml"],
    )
    # Only the poster's folder is new; the poster already there is untouched.
    after = tree(site.root)
    assert {k: v for k, v in after.items() if not k.startswith(f"posters/{slug}")} == before
    # The downloads went to the github host, then to the storage host it redirected to, and nowhere else.
    bucket = "github-production-user-asset-6210df" if kind == "jpeg" else "github-production-repository-file-5c1aeb"
    assert [(host, path.split("?")[0].rsplit("/", 1)[0]) for host, path in hosts.requests] == [
        ("github", link.split(hosts.github.origin)[1].rsplit("/", 1)[0]),
        ("storage", f"/{bucket}"),
    ]

    # `gallery.py new` with the same values and the same file makes the same folder, byte for byte.
    twin = Project(tmp_path / "kembar")
    twin.write_config("max_file_mb: 1", language="id")
    made = twin.cli("new", slug, "--image", str(original), *GOOD_AS_NEW)
    assert made.returncode == 0, made.stderr
    assert tree(site.root / "posters" / slug) == tree(twin.root / "posters" / slug)
    for name in (f"poster{suffix}", "poster.yml"):
        assert (site.root / "posters" / slug / name).read_bytes() == (twin.root / "posters" / slug / name).read_bytes()
    assert site.check().problems == []


def test_the_result_tells_the_workflow_the_pull_request_to_open(site, hosts, tmp_path):
    link = hosts.image("0d3b", write_jpeg(tmp_path / "p.jpg").read_bytes())
    proc, result = from_issue(site, hosts, issue_event(issue_body({**GOOD, "Berkas poster": f"![Image]({link})"})))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert result["commit_message"] == "Tambah poster posters/dari-nol-ke-sertifikasi-las-smaw-posisi/ dari isu #12"
    assert result["pull_request"] == {
        "title": "Tambah poster: Dari Nol ke Sertifikasi: Las SMAW Posisi 3G",
        "number": None,
        "expected_head": "",
        "body": (
            "Poster baru dari isu #12: **Dari Nol ke Sertifikasi\\: Las SMAW Posisi 3G**, di "
            "`posters/dari-nol-ke-sertifikasi-las-smaw-posisi/`.\n\n"
            "| | |\n|---|---|\n"
            "| Penulis | Rizky Pratama, Dewi Lestari, S.T. |\n"
            "| Peran | Alumni |\n"
            "| Balai (BPVP) | BBPVP Serang |\n"
            "| Berkas | poster.jpg, poster.yml |\n\n"
            f"Pemeriksaan poster (`gallery.py check`, yang juga membuka berkas posternya) sudah lolos di alur kerja "
            f"isu: {RUN_URL}\n\n"
            "Pull request yang dibuka dengan token alur kerja sendiri tidak menjalankan alur kerja lain (aturan "
            "GitHub), jadi **Periksa pull request** belum berjalan di sini. Untuk menjalankan semua pemeriksaan, "
            "tutup pull request ini lalu buka kembali. Jangan mengubah cabang ini langsung: setiap suntingan isu "
            "membuatnya lagi dari jawaban isu.\n\n"
            "Closes #12\n"
        ),
    }
    assert result["replaces"] == []
    assert result["comment"] == (
        "Terima kasih! Poster lolos pemeriksaan, dan pull request {pull_request} menambahkannya sebagai "
        "`posters/dari-nol-ke-sertifikasi-las-smaw-posisi/`. Anggota panitia lain meninjau lalu menggabungkannya; "
        "beberapa menit kemudian poster tampil di galeri. Untuk mengubah sesuatu sebelum pull request "
        "digabungkan, sunting isu ini: pull request ikut diperbarui. Setelah digabungkan, isu ini ditutup, dan "
        'perubahan dibuat lewat pull request (panduan panitia, "Cara 2").\n'
    )
    assert result["comment_failed"] == (
        "Poster lolos pemeriksaan, tetapi pull request-nya tidak dapat dibuat atau diperbarui. Pengelola "
        f"repositori dapat melihat sebabnya di catatan alur kerja: {RUN_URL}\n"
    )


def test_a_warning_of_the_checks_reaches_the_comment_and_the_pull_request_in_the_form_s_words(site, hosts, tmp_path):
    link = hosts.image("7a7a", write_jpeg(tmp_path / "p.jpg").read_bytes())
    answers = {**GOOD, "Penulis": "Rizky Pratama dan Dewi Lestari", "Berkas poster": f"![Image]({link})"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warning = (
        "- **Penulis**: 'Rizky Pratama dan Dewi Lestari' tampaknya berisi 2 nama dalam satu baris; tulis satu "
        "nama per baris, misalnya 'Rizky Pratama' di satu baris dan 'Dewi Lestari' di baris berikutnya.\n"
    )
    assert result["comment"].endswith(
        "ikut diperbarui. Setelah digabungkan, isu ini ditutup, dan perubahan dibuat lewat pull request "
        '(panduan panitia, "Cara 2").'
        "\n\nMohon periksa juga hal berikut; ini tidak menghalangi poster ditambahkan:\n\n" + warning
    )
    assert (
        "\n\nPemeriksaan memberi peringatan tentang hal berikut; lihatlah sebelum menggabungkan:\n\n" + warning + "\n"
        "Closes #12\n"
    ) in result["pull_request"]["body"]
    # With an error, the warning follows the errors in the comment, said once (not again in poster.yml's words).
    shutil.rmtree(site.root / result["folder"])  # as the workflow's fresh checkout of the default branch
    proc, _ = from_issue(site, hosts, issue_event(issue_body({**answers, "Tanggal": "2024-02-30"})))
    assert (proc.returncode, proc.stdout) == (
        1,
        INTRO
        + "\n\n"
        + "- **Tanggal**: berisi 2024-02-30, padahal tanggal itu tidak ada; periksa hari dan bulannya \\(ditulis "
        "TTTT-BB-HH\\).\n\nMohon periksa juga hal berikut; ini tidak menghalangi poster ditambahkan:\n\n" + warning,
    )


def test_a_title_without_latin_letters_is_warned_that_its_address_says_nothing(site, hosts, tmp_path):
    """'溶接の基礎' became posters/poster-baru/, the poster's address for good, without a word."""
    link = hosts.image("7b7b", write_jpeg(tmp_path / "p.jpg").read_bytes())
    answers = {**GOOD, "Judul poster": "溶接の基礎", "Berkas poster": f"![Image]({link})"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert result["folder"] == "posters/poster-baru"
    assert result["comment"].endswith(
        "\n\nMohon periksa juga hal berikut; ini tidak menghalangi poster ditambahkan:\n\n"
        "- **Judul poster**: tidak memuat huruf Latin \\(a-z\\) atau angka, bahan alamat web poster, sehingga "
        "foldernya posters/poster-baru/ dan alamatnya tidak menyebut apa pun tentang poster itu. Agar alamatnya "
        "menamai poster, tambahkan beberapa kata berhuruf Latin pada judulnya, misalnya namanya dalam bahasa "
        "Indonesia di dalam kurung.\n"
    )
    # With a number, the folder is the number alone: said too.
    shutil.rmtree(site.root / result["folder"])
    link = hosts.image("7b7c", write_jpeg(tmp_path / "q.jpg", colour=(10, 200, 10)).read_bytes())
    numbered = {**answers, "Judul poster": "溶接の基礎 2", "Berkas poster": f"![Image]({link})"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(numbered)))
    assert result["folder"] == "posters/2" and "foldernya posters/2/ dan alamatnya" in result["comment"]


def test_a_date_answered_as_people_write_it_is_written_as_yyyy_mm_dd(site, hosts, tmp_path):
    link = hosts.image("7c7c", write_jpeg(tmp_path / "p.jpg").read_bytes())
    answers = {**GOOD, "Berkas poster": f"![Image]({link})", "Tanggal": "17 Agustus 2024"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (site.root / result["folder"] / "poster.yml").read_text("utf-8")
    assert "\ndate: 2024-08-17\n" in text
    # Two numbers that could each be the day or the month are not guessed: the comment asks.
    proc, _ = from_issue(site, hosts, issue_event(issue_body({**answers, "Tanggal": "01/02/2024"})))
    assert proc.returncode == 1
    assert (
        "- **Tanggal**: harus berupa tanggal yang ditulis TTTT-BB-HH, misalnya 2024-01-30 \\(tertulis "
        "'01/02/2024'\\).\n"
    ) in proc.stdout


def test_an_attached_picture_too_small_to_read_is_warned_of_under_its_question(site, hosts, tmp_path):
    site.write_config("max_file_mb: 1\njobs: 1\nsmall_image_px: 1200", language="id")
    link = hosts.image("7b7b", write_jpeg(tmp_path / "p.jpg", size=(480, 679)).read_bytes())
    proc, result = from_issue(site, hosts, issue_event(issue_body({**GOOD, "Berkas poster": f"![Image]({link})"})))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert result["comment"].endswith(
        "ikut diperbarui. Setelah digabungkan, isu ini ditutup, dan perubahan dibuat lewat pull request "
        '(panduan panitia, "Cara 2").'
        "\n\nMohon periksa juga hal berikut; ini tidak menghalangi poster ditambahkan:\n\n"
        "- **Berkas poster**: gambar poster hanya 480 × 679 piksel\\: tulisan kecilnya akan buram, meski "
        "diperbesar. Pakai berkas aslinya bila ada \\(JPG dengan tinggi sekitar 5000 piksel, atau PDF-nya\\), "
        "bukan gambar yang disimpan dari obrolan atau halaman web.\n"
    )


def test_a_file_already_in_the_gallery_is_refused_saying_where_it_is_and_how_to_change_it(site, hosts):
    """The form sent again with the same file (the issue reopened and edited after its pull request was merged,
    or the poster added by hand): a second folder would show the poster twice and split its votes."""
    kept = site.root / "posters" / "poster-lama" / "poster.jpg"
    link = hosts.image("7b7c", kept.read_bytes())
    proc, result = from_issue(site, hosts, issue_event(issue_body({**GOOD, "Berkas poster": f"![Image]({link})"})))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert result["ok"] is False and not (site.root / "posters" / "dari-nol-ke-sertifikasi-las-smaw-posisi").exists()
    assert result["comment"] == (
        f"{INTRO}\n\n"
        "- **Berkas poster**: berkas poster ini sudah ada di galeri, di posters/poster-lama/ \\(pernah dikirim lewat "
        "formulir ini, atau ditambahkan langsung\\), dan poster yang sama tidak ditambahkan dua kali. Untuk mengubah "
        'poster itu, buat pull request yang menyunting foldernya \\(panduan panitia, "Cara 2"\\).\n'
    )
    # Another file of the same size is read, and is not the same.
    other = bytearray(kept.read_bytes())
    other[-3] ^= 1
    link = hosts.image("7b7d", bytes(other))
    proc, result = from_issue(site, hosts, issue_event(issue_body({**GOOD, "Berkas poster": f"![Image]({link})"})))
    assert proc.returncode == 0 and "Mohon periksa juga" not in result["comment"], result["comment"]


# ---------------------------------------------------------- hostile issues ---

HOSTILE = {
    "Judul poster": '$(touch /tmp/pwned) `id`; rm -rf ~ && echo "x" | sh <script>alert(1)</script> @octocat #1',
    "Penulis": "<img src=x onerror=alert(1)>\n@panitia/admins\n[klik](https://evil.example/)",
    "Peran penulis": "<b>Alumni</b> cc @octocat #1",
    "Balai pelatihan": "BPVP $(whoami) | rm ${HOME}",
    "Deskripsi tampilan poster": "![x](https://evil.example/t.png) <iframe src=//evil.example></iframe>",
    "Program pelatihan": "'; DROP TABLE posters; --",
    "Tanggal": "$(date)",
    "Ringkasan": "**tebal** <details open><summary>x</summary></details> ${{ github.token }} www.evil.example",
    "Topik": "<script>\n$HOME\n:+1:",
    "Tautan": "Klik | javascript:alert(1)\n@admin | https://evil.example/?q=<b>",
    "Berkas poster": '<img src="https://evil.example/x.png" onerror=alert(1)>',
    "Persetujuan": f"- [X] {CONSENT_TEXT}",
}


def hostile_case(name: str, hosts: AttachmentHosts, tmp_path: Path) -> tuple[dict, str]:
    """The answers of a hostile issue, and the one problem line its comment must hold (besides the intro)."""
    tmp_path.mkdir(exist_ok=True)
    jpeg = write_jpeg(tmp_path / "p.jpg").read_bytes()
    big = b"\xff\xd8\xff\xe0" + bytes(1_500_000)
    if name == "markup and shell metacharacters in every field":
        # Only what is wrong is listed; every value quoted is escaped: no HTML, link, mention or address.
        return HOSTILE, (
            f"- **Peran penulis**: '\\<b\\>Alumni\\</b\\> cc \\@{WJ}octocat \\#{WJ}1' bukan salah satu pilihan; pilih "
            "Instruktur, Peserta Pelatihan, Alumni.\n"
            "- **Tanggal**: harus berupa tanggal yang ditulis TTTT-BB-HH, misalnya 2024-01-30 \\(tertulis "
            "'\\$\\(date\\)'\\).\n"
            f"- **Tautan**: tautan 'javascript\\:alert\\(1\\)' tidak diperbolehkan\\: hanya alamat web yang diawali "
            f"https\\:{WJ}// atau http\\:{WJ}// yang boleh ditautkan.\n"
            f"- **Tautan**: tautan 'https\\:{WJ}//evil.example/?q=\\<b\\>' berisi spasi, tanda kutip atau karakter "
            "lain yang tidak boleh ada di alamat web.\n"
            f"- **Berkas poster**: https\\:{WJ}//evil.example/x.png\\: bukan berkas yang dilampirkan ke isu. Seret "
            "berkas posternya sendiri ke kotak ini \\(tautan ke Google Drive atau situs lain tidak bisa dipakai\\)."
        )
    if name == "a traversal in the title, and no file":
        return {**GOOD, "Judul poster": "../../etc", "Berkas poster": ""}, NO_FILE
    if name == "an attachment from another host":
        link = f"{hosts.elsewhere.origin}/user-attachments/assets/9a0e"
        hosts.elsewhere.files["/user-attachments/assets/9a0e"] = StoredFile(jpeg, "image/jpeg")  # it would answer
        return (
            {**GOOD, "Berkas poster": f"![Image]({link})"},
            f"- **Berkas poster**: http\\:{WJ}//127.0.0.1\\:{hosts.elsewhere.server.server_address[1]}"
            "/user-attachments/assets/9a0e\\: bukan berkas yang dilampirkan ke isu. Seret berkas posternya sendiri "
            "ke kotak ini \\(tautan ke Google Drive atau situs lain tidak bisa dipakai\\).",
        )
    if name == "a redirect to another host":
        link = hosts.image("5b7e", jpeg, redirect=f"{hosts.elsewhere.origin}/poster.jpg")
        return (
            {**GOOD, "Berkas poster": f"![Image]({link})"},
            f"- **Berkas poster**: GitHub meneruskan unduhan berkas lampiran ke 127.0.0.1\\:"
            f"{hosts.elsewhere.server.server_address[1]}, yang bukan alamat milik GitHub sendiri, jadi berkas itu "
            "tidak diunduh.",
        )
    if name == "an oversized attachment":
        link = hosts.image("2c4d", big)
        return {
            **GOOD,
            "Berkas poster": f"![Image]({link})",
        }, "- **Berkas poster**: berkas itu berukuran 1,5 MB, melebihi batas 1 MB."
    if name == "an oversized attachment without a length":
        link = hosts.image("2c4e", big, chunked=True)
        return {**GOOD, "Berkas poster": f"![Image]({link})"}, "- **Berkas poster**: berkas itu melebihi batas 1 MB."
    if name == "a non-image attachment":
        link = hosts.file(
            555,
            "laporan.docx",
            b"PK\x03\x04" + bytes(200),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        return (
            {**GOOD, "Berkas poster": f"[laporan.docx]({link})"},
            "- **Berkas poster**: berkas itu bukan berkas JPG, PNG, WebP, AVIF atau PDF; ekspor poster sebagai JPG atau "
            "PDF, lalu lampirkan berkas itu.",
        )
    if name == "a web page that says it is a JPEG":
        link = hosts.image("7d1f", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
        return (
            {**GOOD, "Berkas poster": f"![Image]({link})"},
            "- **Berkas poster**: berkas itu bukan berkas JPG, PNG, WebP, AVIF atau PDF; ekspor poster sebagai JPG atau "
            "PDF, lalu lampirkan berkas itu.",
        )
    if name == "two attachments":
        first, second = hosts.image("1111", jpeg), hosts.image("2222", jpeg)
        return (
            {**GOOD, "Berkas poster": f"![Image]({first})\n![Image]({second})"},
            "- **Berkas poster**: ada 2 berkas yang dilampirkan; sisakan berkas posternya saja \\(satu JPG, PNG "
            "atau PDF\\).",
        )
    if name == "no attachment":
        return {**GOOD, "Berkas poster": "poster-las-final.jpg"}, NO_FILE
    if name == "an attachment GitHub does not hand out":
        link = f"{hosts.github.origin}/user-attachments/assets/0000-private"
        return (
            {**GOOD, "Berkas poster": f"![Image]({link})"},
            "- **Berkas poster**: GitHub tidak memberikan berkas itu \\(HTTP 404\\). Lampirkan berkasnya lagi. \\(Di "
            "repositori privat, GitHub hanya memberikan berkas lampiran kepada orang yang sudah masuk ke akunnya; di "
            "sana, tambahkan poster lewat pull request seperti yang dijelaskan Panduan Panitia.\\)",
        )
    if name == "a JPEG that is not an image":
        link = hosts.image("3e3e", b"\xff\xd8\xff\xe0" + b"bukan gambar" * 50)
        return (
            {**GOOD, "Berkas poster": f"![Image]({link})"},
            "- **Berkas poster**: 'poster.jpg' bukan gambar yang dapat dibaca galeri, apa pun namanya. Ekspor lagi "
            "posternya sebagai berkas JPG, PNG, WebP, AVIF atau PDF.",
        )
    raise AssertionError(name)


HOSTILE_CASES = [
    "markup and shell metacharacters in every field",
    "a traversal in the title, and no file",
    "an attachment from another host",
    "a redirect to another host",
    "an oversized attachment",
    "an oversized attachment without a length",
    "a non-image attachment",
    "a web page that says it is a JPEG",
    "two attachments",
    "no attachment",
    "an attachment GitHub does not hand out",
    "a JPEG that is not an image",
]


@pytest.mark.parametrize("name", HOSTILE_CASES)
def test_a_hostile_issue_gets_a_comment_listing_every_problem_and_writes_nothing(site, hosts, tmp_path, name):
    answers, lines = hostile_case(name, hosts, tmp_path / "files")
    before = tree(tmp_path)
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    comment = f"{INTRO}\n\n{lines}\n"
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, comment, "")
    assert result == {
        "ok": False,
        "issue": 12,
        "comment": comment,
        "slug": "",
        "folder": "",
        "branch": "",
        "files": [],
        "commit_message": "",
        "pull_request": {},
        "replaces": [],
        "comment_failed": "",
    }
    # Nothing was written anywhere (the scratch copy is gone too), but the event and the result files.
    assert {k: v for k, v in tree(tmp_path).items() if not k.startswith(("event.json", "result"))} == before
    # No request ever reached a host that is not GitHub's, not even to follow a redirect.
    assert [host for host, _ in hosts.requests if host == "elsewhere"] == []


def test_hostile_values_that_pass_stay_data_in_the_folder_and_plain_text_in_the_pull_request(site, hosts, tmp_path):
    link = hosts.image("9c9c", write_jpeg(tmp_path / "p.jpg").read_bytes())
    answers = {
        **HOSTILE,
        "Peran penulis": "Alumni",
        "Tanggal": "2024-01-30",
        "Tautan": "<b>Klik</b> @admin #3 | https://evil.example/?a=1&b=$(id)",
        "Berkas poster": f"![<img src=x onerror=alert(1)>]({link})",
    }
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert proc.returncode == 0, proc.stdout
    slug = "touch-tmp-pwned-id-rm-rf-echo-x-sh"
    assert (result["slug"], result["folder"]) == (slug, f"posters/{slug}")
    # The poster.yml holds every value exactly as typed (written by the scaffold, read back by the check).
    [poster] = [p for p in site.check().posters if p.slug == slug]
    assert (
        poster.title,
        poster.authors,
        poster.center,
        poster.alt,
        poster.program,
        poster.summary,
        poster.tags,
        [(link.label, link.url) for link in poster.links],
    ) == (
        HOSTILE["Judul poster"],
        ("<img src=x onerror=alert(1)>", "@panitia/admins", "[klik](https://evil.example/)"),
        "BPVP $(whoami) | rm ${HOME}",
        HOSTILE["Deskripsi tampilan poster"],
        "'; DROP TABLE posters; --",
        HOSTILE["Ringkasan"],
        ("<script>", "$HOME", ":+1:"),
        [("<b>Klik</b> @admin #3", "https://evil.example/?a=1&b=$(id)")],
    )
    # In the pull request, mentions and references are broken by a word joiner; in its body everything
    # from the issue is escaped Markdown.
    assert result["pull_request"]["title"] == (
        f'Tambah poster: $(touch /tmp/pwned) `id`; rm -rf ~ && echo "x" | sh <script>alert(1)</script> @{WJ}octocat '
        f"#{WJ}1"
    )
    body = result["pull_request"]["body"].split("\n")
    assert body[:8] == [
        'Poster baru dari isu #12: **\\$\\(touch /tmp/pwned\\) \\`id\\`; rm -rf \\~ \\&\\& echo "x" \\| sh '
        f"\\<script\\>alert\\(1\\)\\</script\\> \\@{WJ}octocat \\#{WJ}1**, di `posters/{slug}/`.",
        "",
        "| | |",
        "|---|---|",
        f"| Penulis | \\<img src=x onerror=alert\\(1\\)\\>, \\@{WJ}panitia/admins, \\[klik\\]\\(https\\:{WJ}"
        "//evil.example/\\) |",
        "| Peran | Alumni |",
        "| Balai (BPVP) | BPVP \\$\\(whoami\\) \\| rm \\$\\{HOME\\} |",
        "| Berkas | poster.jpg, poster.yml |",
    ]


def test_a_traversal_in_the_title_becomes_a_folder_inside_posters(site, hosts, tmp_path):
    link = hosts.image("8e8e", write_jpeg(tmp_path / "p.jpg").read_bytes())
    outside = tree(tmp_path)
    proc, result = from_issue(
        site,
        hosts,
        issue_event(issue_body({**GOOD, "Judul poster": "../../etc", "Berkas poster": f"![Image]({link})"})),
    )
    assert proc.returncode == 0, proc.stdout
    assert (result["folder"], result["branch"]) == ("posters/etc", "poster/etc")
    written = {k for k in tree(tmp_path) if k not in outside and not k.startswith(("event.json", "result"))}
    assert written == {"galeri/posters/etc", "galeri/posters/etc/poster.jpg", "galeri/posters/etc/poster.yml"}
    assert yaml.safe_load((site.root / "posters" / "etc" / "poster.yml").read_text("utf-8"))["title"] == "../../etc"


def test_the_comment_is_in_english_on_an_english_site(site, hosts):
    site.write_config("max_file_mb: 1\njobs: 1", language="en")
    proc, _ = from_issue(site, hosts, issue_event(issue_body({**GOOD, "Peran penulis": "Guru", "Berkas poster": ""})))
    assert (proc.returncode, proc.stdout) == (
        1,
        (
            "The poster cannot be added yet. Please fix the following by editing this issue (the **...** button at the "
            "top right of the issue, then **Edit**); the checks run again when you save.\n\n"
            "- **Peran penulis**: 'Guru' is not one of the choices; choose Instruktur, Peserta Pelatihan, Alumni.\n"
            "- **Berkas poster**: no file is attached. Drag the poster file \\(a JPG or PNG up to 10 MB, or a PDF up to "
            "25 MB\\) into this field and wait until its link appears.\n"
        ),
    )


def test_half_a_character_pair_in_the_issue_is_a_sign_in_the_comment_not_a_traceback(site, hosts):
    """JSON can write half of a character pair (\\ud800), and GitHub's event passes on what was typed. Quoted in the
    comment, it could not be written as UTF-8: a traceback, a result file cut to nothing, and no comment."""
    site.write_config("max_file_mb: 1\njobs: 1", language="en")
    event = issue_event(issue_body({**GOOD, "Peran penulis": "Guru\ud800", "Berkas poster": ""}))
    proc, result = from_issue(site, hosts, event)
    assert proc.returncode == 1 and proc.stderr == ""
    assert "- **Peran penulis**: 'Guru\ufffd' is not one of the choices; choose Instruktur, Peserta Pelatihan, " in (
        proc.stdout
    )
    assert result["ok"] is False and result["comment"] == proc.stdout


def test_a_comment_listing_hundreds_of_problems_stays_within_what_github_takes(site, hosts):
    """400 lines starting with ### in the poster's text: the comment listed each, 66,070 characters, and GitHub refuses
    a comment over 65,536: the committee got no answer. A problem quoting 1,000 links took 46,000 characters alone."""
    site.write_config("max_file_mb: 1\njobs: 1", language="en")
    text = "\n".join(f"### Bagian {i}\nisi" for i in range(400))
    links = " ".join(f"https://drive.google.com/file/d/{i:06d}/view" for i in range(1000))
    proc, result = from_issue(
        site, hosts, issue_event(issue_body({**GOOD, "Teks poster": text, "Berkas poster": links}))
    )
    assert proc.returncode == 1 and result["comment"] == proc.stdout
    rows = [line for line in proc.stdout.splitlines() if line.startswith("- ")]
    assert len(rows) == 21 and rows[-1] == "- and 381 more"
    assert all(row.startswith("- the heading ") for row in rows[:19])
    assert "Bagian 0' is not a question of the form." in rows[0] and "Bagian 18' is not" in rows[18]
    # The answer's own problem is kept, cut short.
    assert rows[19].startswith("- **Berkas poster**: https\\:\u2060//drive.google.com/file/d/000000/view, ")
    assert len(rows[19]) < 1100 and rows[19].endswith("\u2026")
    assert len(proc.stdout) < 30_000


def test_every_problem_of_the_answers_and_of_the_check_is_listed_at_once(site, hosts, tmp_path):
    link = hosts.image("4f4f", write_jpeg(tmp_path / "p.jpg").read_bytes())
    answers = {
        **GOOD,
        "Judul poster": "",
        "Tanggal": "2024-02-30",
        "Ringkasan": "kata " * 130,
        "Topik": "\n".join(f"topik {i}" for i in range(21)),
        "Tautan": "Video | youtube.com/watch?v=1\nVideo kegiatan | ",
        "Persetujuan": f"- [ ] {CONSENT_TEXT}",
        "Berkas poster": f"![Image]({link})",
    }
    proc, _ = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert (proc.returncode, proc.stdout) == (
        1,
        INTRO
        + "\n\n"
        + (
            "- **Judul poster**: wajib diisi, tetapi masih kosong.\n"
            "- **Tanggal**: berisi 2024-02-30, padahal tanggal itu tidak ada; periksa hari dan bulannya \\(ditulis "
            "TTTT-BB-HH\\).\n"
            "- **Ringkasan**: panjangnya 649 karakter; persingkat menjadi paling banyak 600.\n"
            "- **Topik**: berisi 21 topik; paling banyak 20.\n"
            f"- **Tautan**: tautan 'youtube.com/watch?v=1' tidak diawali https\\:{WJ}//, sehingga tidak akan "
            f"membuka situsnya; tulis alamatnya dengan lengkap\\: 'https\\:{WJ}//youtube.com/watch?v=1'.\n"
            f"- **Tautan**: tautan 'Video kegiatan' belum punya alamat web; tambahkan alamatnya \\(https\\:{WJ}//...\\), "
            "atau hapus tautan itu.\n"
            "- **Persetujuan**: belum dicentang; poster hanya diterbitkan dengan persetujuan para penulis.\n"
        ),
    )
    assert not (site.root / "posters" / "poster-baru").exists()


# ------------------------------------------------- reading the form's body ---

GITHUB = AllowedHosts(frozenset(GITHUB_ATTACHMENT_HOSTS))
ID = Translator("id")


def test_the_body_is_read_whatever_the_line_ends_and_spaces():
    link = "https://github.com/user-attachments/assets/6f1c1c52-2b5e-4f0a-9d0e-0b8f3c1d9a11"
    body = issue_body({**GOOD, "Berkas poster": f'<img width="1024" alt="Image" src="{link}" />'})
    for variant in (
        body,
        body.replace("\r\n", "\n"),
        body.replace("\r\n", "\r"),
        body.replace("### ", "###   ").replace("\r\n\r\n", "\r\n  \r\n\r\n") + "\r\n\r\n",
    ):
        answers = read_answers(variant, GITHUB, ID)
        assert answers.problems == ()
        assert answers.attachment == link
        values = answers.values
        assert (values.title, values.authors, values.role, values.tags, values.links, values.program) == (
            "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G",
            ("Rizky Pratama", "Dewi Lestari, S.T."),
            "alumni",
            ("las", "sertifikasi", "penempatan kerja"),
            (("Skema sertifikasi BNSP", "https://bnsp.go.id/"), ("", "https://www.youtube.com/watch?v=contoh")),
            "Teknik Las SMAW",
        )
    empty = read_answers(issue_body({**GOOD, "Program pelatihan": "", "Tautan": "", "Berkas poster": link}), GITHUB, ID)
    assert (empty.values.program, empty.values.links, empty.problems) == ("", (), ())


def test_topics_written_as_hashtags_are_read_without_the_hash_sign():
    body = issue_body({**GOOD, "Topik": "#las #sertifikasi\n#penempatan kerja\nk3, #otomotif", "Berkas poster": ""})
    assert read_answers(body, GITHUB, ID).values.tags == ("las", "sertifikasi", "penempatan kerja", "k3", "otomotif")


def test_bullets_dashes_and_numbers_in_front_of_a_line_are_left_out():
    """'– Ani' (a dash as Word and phones write it) was published as '– Ani'; '- ', '1.' and '•' were left out."""
    authors = "– Ani\n— Budi\n−Eko\n‐ Dewi\n* Siti\n3) Wayan\n•Putu\n- Rizky – Pratama"
    body = issue_body({**GOOD, "Penulis": authors, "Topik": "– las\n• k3", "Berkas poster": ""})
    values = read_answers(body, GITHUB, ID).values
    assert values.authors == ("Ani", "Budi", "Eko", "Dewi", "Siti", "Wayan", "Putu", "Rizky – Pratama")
    assert values.tags == ("las", "k3")


def test_a_link_written_as_people_write_one_is_read_with_its_label():
    """Asked for 'Label | address', people write 'Video: https://…', a Markdown link, or the label after the
    address; each was refused as an address with spaces in it, and the message did not say what to write."""
    written = (
        "Video: https://youtu.be/abc\n"
        "[Video praktik](https://youtu.be/def)\n"
        "Profil balai – https://bpvp-padang.kemnaker.go.id/profil\n"
        "https://bnsp.go.id/skema (skema sertifikasi).\n"
        "https://id.wikipedia.org/wiki/Las_(teknik)\n"
        "Instagram: www.instagram.com/bpvp.padang"
    )
    answers = read_answers(issue_body({**GOOD, "Tautan": written, "Berkas poster": ""}), GITHUB, ID)
    assert answers.values.links == (
        ("Video", "https://youtu.be/abc"),
        ("Video praktik", "https://youtu.be/def"),
        ("Profil balai", "https://bpvp-padang.kemnaker.go.id/profil"),
        ("skema sertifikasi", "https://bnsp.go.id/skema"),
        ("", "https://id.wikipedia.org/wiki/Las_(teknik)"),  # an address alone keeps its brackets
        ("Instagram", "www.instagram.com/bpvp.padang"),  # the check asks for https:// in front
    )


def test_names_and_topics_copied_from_a_spreadsheet_s_row_are_one_a_cell():
    """'Budi Santoso<TAB>Siti Aminah', a row copied from Excel, was one author 'Budi Santoso Siti Aminah'."""
    body = issue_body({**GOOD, "Penulis": "Budi Santoso\tSiti Aminah\nAndi", "Topik": "las\tk3", "Berkas poster": ""})
    values = read_answers(body, GITHUB, ID).values
    assert (values.authors, values.tags) == (("Budi Santoso", "Siti Aminah", "Andi"), ("las", "k3"))


def test_a_dash_or_quotation_marks_to_get_past_a_required_question_are_not_an_answer():
    """A poster titled '-', by '-', described to a screen reader's user as '-', passed."""
    answers = {"Judul poster": "-", "Penulis": "—", "Deskripsi tampilan poster": '""', "Balai pelatihan": "..."}
    problems = read_answers(issue_body({**GOOD, **answers, "Berkas poster": ""}), GITHUB, ID).problems
    assert [(p.question, p.message) for p in problems if p.question != "poster_file"] == [
        ("title", "hanya berisi '-', yang bukan jawaban; tulis jawabannya sendiri."),
        ("authors", "hanya berisi '—', yang bukan jawaban; tulis jawabannya sendiri."),
        ("center", "hanya berisi '...', yang bukan jawaban; tulis jawabannya sendiri."),
        ("alt", "hanya berisi tanda kutip; tulis jawabannya di antara tanda kutip itu, atau tanpa tanda kutip."),
    ]
    # An optional question may be left so: the programme '-' is not asked for.
    optional = read_answers(issue_body({**GOOD, "Program pelatihan": "-", "Berkas poster": ""}), GITHUB, ID)
    assert [p.question for p in optional.problems] == ["poster_file"]


def test_topics_on_one_line_are_separated_by_semicolons_as_in_poster_yml():
    body = issue_body({**GOOD, "Topik": "Las; K3\nkeselamatan kerja, otomotif;", "Berkas poster": ""})
    assert read_answers(body, GITHUB, ID).values.tags == ("Las", "K3", "keselamatan kerja", "otomotif")


def test_every_dropdown_option_is_a_role_and_hand_written_roles_are_understood():
    assert ROLE_CHOICES == {"Instruktur": "instructor", "Peserta Pelatihan": "trainee", "Alumni": "alumni"}
    for written, role in (
        ("Peserta Pelatihan", "trainee"),
        ("  peserta   pelatihan ", "trainee"),
        ("instructor", "instructor"),
        ("Instruktur", "instructor"),
    ):
        assert read_answers(issue_body({**GOOD, "Peran penulis": written}), GITHUB, ID).values.role == role


def test_what_is_not_an_answer_of_the_form_is_a_problem_not_a_guess():
    body = (
        "Halo panitia!\r\n\r\n"
        + issue_body({**GOOD, "Ringkasan": "Pengalaman saya.\n### Hasil\nLulus."}).replace(
            "### Balai pelatihan\r\n\r\nBBPVP Serang\r\n\r\n", ""
        )
        + "\r\n\r\n### Penulis\r\n\r\nOrang Lain"
    )
    answers = read_answers(body, GITHUB, ID)
    assert [(p.question, p.message) for p in answers.problems] == [
        (
            None,
            "judul '### Hasil' bukan pertanyaan formulir. Baris yang diawali ### di dalam jawaban terbaca "
            "sebagai pertanyaan baru: hapus tanda ### itu.",
        ),
        ("authors", "pertanyaan ini muncul dua kali di isu; sisakan satu jawaban dan hapus yang lain."),
        (None, "isu ini berisi teks yang bukan jawaban atas pertanyaan formulir ('Halo panitia!'); hapus teks itu."),
        (
            "center",
            "pertanyaan ini tidak ada di isu (mungkin terhapus saat disunting). Tambahkan lagi sebagai "
            "baris '### Balai pelatihan', satu baris kosong, lalu jawabannya.",
        ),
        (
            "poster_file",
            "belum ada berkas yang dilampirkan. Seret berkas poster (JPG atau PNG paling besar 10 MB, "
            "atau PDF paling besar 25 MB) ke kotak ini dan tunggu sampai tautannya muncul.",
        ),
    ]
    assert answers.values.authors == ("Rizky Pratama", "Dewi Lestari, S.T.")  # the first answer counts
    assert answers.values.summary == "Pengalaman saya.\nLulus."


def test_a_heading_copied_from_the_comment_brings_the_question_back():
    """The comment writes '### Peran penulis' with word joiners after the # signs, so that GitHub shows it as text;
    a reader who copies it copies them along. The heading pasted back was read as part of the authors."""
    from postergallery.commands.fromissue import problems_comment

    body = issue_body(GOOD).replace("### Peran penulis\r\n\r\nAlumni\r\n\r\n", "")
    comment = problems_comment(list(read_answers(body, GITHUB, ID).problems), ID)
    copied = comment.split("sebagai baris '")[1].split("'")[0].replace("\\#", "#")  # as GitHub shows it
    assert copied == f"#{WJ}#{WJ}#{WJ} Peran penulis"
    answers = read_answers(body.replace("### Balai", f"{copied}\r\n\r\nAlumni\r\n\r\n### Balai"), GITHUB, ID)
    assert [p.question for p in answers.problems] == ["poster_file"]  # no file attached in this body
    assert (answers.values.authors, answers.values.role) == (("Rizky Pratama", "Dewi Lestari, S.T."), "alumni")


def test_the_placeholder_of_an_empty_answer_is_left_out_when_an_answer_is_typed_below_it():
    """Editing an issue shows '_No response_' where a question was left empty; typed under it, the answer was
    published as '_No response_ Teknik Las SMAW'."""
    typed = {"Program pelatihan": "Teknik Las SMAW", "Topik": "las\nk3", "Ringkasan": "Latar belakang.\n\nHasil."}
    body = issue_body({**GOOD, **typed})
    for question, answer in typed.items():
        body = body.replace(f"### {question}\r\n\r\n", f"### {question}\r\n\r\n_No response_\r\n\r\n")
        assert f"_No response_\r\n\r\n{answer.replace(chr(10), chr(13) + chr(10))}" in body
    values = read_answers(body, GITHUB, ID).values
    assert (values.program, values.tags, values.summary) == (
        "Teknik Las SMAW",
        ("las", "k3"),
        "Latar belakang.\n\nHasil.",
    )


def test_invisible_control_characters_are_a_problem():
    answers = read_answers(issue_body({**GOOD, "Balai pelatihan": "BPVP\x1b[31m Bandung\x7f"}), GITHUB, ID)
    assert [(p.question, p.message) for p in answers.problems if p.question == "center"] == [
        (
            "center",
            "berisi karakter kendali yang tidak terlihat (\\x1b \\x7f); ketik ulang jawaban ini tanpa karakter itu.",
        )
    ]
    assert answers.values.center == "BPVP[31m Bandung"


def test_only_github_attachment_addresses_count_as_attached_files():
    text = (
        "![Image](https://github.com/user-attachments/assets/0bec7adc-52c5-432f-bca7-c9a3186649b4)\n"
        "[poster.pdf](https://github.com/user-attachments/files/17654321/poster.pdf)\n"
        "https://github.com/panitia/galeri/assets/1234567/0bec7adc-52c5-432f-bca7-c9a3186649b4\n"
        "https://user-images.githubusercontent.com/452325/121538101-09e2e500.png, "
        "https://github.com/panitia/galeri/blob/main/poster.jpg "
        "http://github.com/user-attachments/assets/abc https://github.com.evil.example/user-attachments/assets/x "
        "https://user@github.com/user-attachments/assets/y https://github.com:8443/user-attachments/assets/z "
        "https://drive.google.com/file/d/1AbC/view"
    )
    attachments, others = find_links(text, GITHUB)
    assert attachments == [
        "https://github.com/user-attachments/assets/0bec7adc-52c5-432f-bca7-c9a3186649b4",
        "https://github.com/user-attachments/files/17654321/poster.pdf",
        "https://github.com/panitia/galeri/assets/1234567/0bec7adc-52c5-432f-bca7-c9a3186649b4",
        "https://user-images.githubusercontent.com/452325/121538101-09e2e500.png",
    ]
    assert others == [
        "https://github.com/panitia/galeri/blob/main/poster.jpg",
        "http://github.com/user-attachments/assets/abc",
        "https://github.com.evil.example/user-attachments/assets/x",
        "https://user@github.com/user-attachments/assets/y",
        "https://github.com:8443/user-attachments/assets/z",
        "https://drive.google.com/file/d/1AbC/view",
    ]


def test_the_hosts_are_github_s_unless_a_test_names_its_stand_ins():
    assert allowed_hosts({}) == GITHUB
    assert GITHUB.allows("https://objects.githubusercontent.com/github-production-repository-file-5c1aeb/1/2?X=1")
    assert GITHUB.allows("https://github.com:443/user-attachments/assets/a")
    assert not GITHUB.allows("http://objects.githubusercontent.com/x")  # never plain http for GitHub's hosts
    assert not GITHUB.allows("https://raw.githubusercontent.com/panitia/galeri/main/poster.jpg")
    standins = allowed_hosts({"GALLERY_ATTACHMENT_HOSTS": "127.0.0.1:8001, 127.0.0.1:8002"})
    assert standins == AllowedHosts(frozenset({"127.0.0.1:8001", "127.0.0.1:8002"}), plain_http=True)
    assert standins.allows("http://127.0.0.1:8001/user-attachments/assets/a")
    assert not standins.allows("http://127.0.0.1:8003/user-attachments/assets/a")
    assert not standins.allows("https://github.com/user-attachments/assets/a")  # the list is replaced, not extended


def test_a_download_that_trickles_is_given_up_at_the_deadline(hosts):
    # 100 KB, a byte every 50 ms: more than an hour for the whole file, which may not wait for one piece to fill.
    link = hosts.image("slow", b"\xff\xd8\xff" + bytes(100_000), trickle=0.05)
    standins = allowed_hosts(hosts.environ)
    with pytest.raises(AttachmentError) as refused:
        download(link, standins, 1_000_000, deadline=0.5)
    assert (refused.value.template, refused.value.params) == (
        "the file took more than {seconds} seconds to download; try again later by saving the issue again.",
        {"seconds": "0.5"},
    )


# --------------------------------------------- branches of other pull requests ---


def open_pull(number: int, branch: str, body: str, cross: bool = False) -> dict:
    return {
        "number": number,
        "headRefName": branch,
        "headRefOid": f"{number:040x}",
        "isCrossRepository": cross,
        "body": body,
    }


def test_only_a_merged_pull_request_that_closed_this_issue_stops_it(site, hosts, tmp_path):
    jpeg = write_jpeg(tmp_path / "p.jpg").read_bytes()
    answers = {**GOOD, "Judul poster": "Las SMAW", "Berkas poster": f"![Image]({hosts.image('a1', jpeg)})"}
    others = [
        open_pull(30, "poster/las-smaw", "Poster baru dari isu #9\n\nCloses #9\n"),  # another issue's
        open_pull(31, "poster/las-smaw-lama", "Closes #12", cross=True),  # a fork's: not the workflow's
        open_pull(32, "perbaikan", "Closes #12"),  # not a poster branch
    ]
    merged_file = tmp_path / "merged.json"
    merged_file.write_text(json.dumps(others), "utf-8")
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)), "--merged-pulls", str(merged_file))
    assert (proc.returncode, result["folder"]) == (0, "posters/las-smaw"), proc.stdout

    shutil.rmtree(site.root / "posters" / "las-smaw")
    mine = [
        open_pull(n, f"poster/las-smaw{s}", "Poster baru dari isu #12\n\nCloses #12\n")
        for n, s in ((33, ""), (35, "-2"))
    ]
    merged_file.write_text(json.dumps(others + mine), "utf-8")
    proc, result = from_issue(
        site, hosts, issue_event(issue_body(answers), action="edited"), "--merged-pulls", str(merged_file)
    )
    assert proc.returncode == 1
    assert (
        proc.stdout
        == result["comment"]
        == (
            "Poster dari isu ini sudah ada di galeri: pull request #33, #35 menambahkannya dan sudah digabung. Suntingan "
            "isu ini tidak mengubah apa pun lagi, jadi tidak ada yang dibuat. Untuk mengubah poster, buat pull request "
            'yang menyunting foldernya (panduan panitia, "Cara 2").\n'
        )
    )
    assert not (site.root / "posters" / "las-smaw").exists()


def test_the_branch_is_this_issue_s_own_and_never_another_pull_request_s(site, hosts, tmp_path):
    jpeg = write_jpeg(tmp_path / "p.jpg").read_bytes()
    (site.root / "posters" / "las-smaw").mkdir()  # a poster of that name is in the gallery already
    pulls = [
        open_pull(40, "poster/las-smaw-2", "Poster baru dari isu #9\n\nCloses #9\n"),  # another issue's
        open_pull(41, "poster/las-smaw-3", "dibuat sendiri oleh panitia"),  # someone's own branch
        open_pull(42, "poster/las-smaw-4", "Closes #12", cross=True),  # a fork's branch: not ours to push
        open_pull(43, "poster/las-smaw-lama", "Poster baru dari isu #12\n\nCloses #12\n"),
    ]  # this issue's
    pulls_file = tmp_path / "pulls.json"
    pulls_file.write_text(json.dumps(pulls), "utf-8")
    answers = {**GOOD, "Judul poster": "Las SMAW", "Berkas poster": f"![Image]({hosts.image('a1', jpeg)})"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)), "--open-pulls", str(pulls_file))
    assert proc.returncode == 0, proc.stdout
    assert (result["slug"], result["branch"]) == ("las-smaw-4", "poster/las-smaw-4")
    assert (result["pull_request"]["number"], result["pull_request"]["expected_head"]) == (None, "")
    assert result["replaces"] == [{"number": 43, "branch": "poster/las-smaw-lama"}]
    assert (
        "Pull request ini menggantikan #43, yang dibuat sebelum judul poster diubah.\n\nCloses #12\n"
        in result["pull_request"]["body"]
    )

    # Edited again with the same title: the same branch, and the pull request that is already open on it.
    shutil.rmtree(site.root / "posters" / "las-smaw-4")
    pulls_file.write_text(json.dumps(pulls[:3] + [open_pull(44, "poster/las-smaw-4", result["pull_request"]["body"])]))
    proc, result = from_issue(
        site, hosts, issue_event(issue_body(answers), action="edited"), "--open-pulls", str(pulls_file)
    )
    assert proc.returncode == 0, proc.stdout
    assert (result["branch"], result["replaces"]) == ("poster/las-smaw-4", [])
    assert result["pull_request"]["number"] == 44 and result["pull_request"]["expected_head"] == f"{44:040x}"


def test_a_second_issue_for_a_poster_of_the_same_title_is_warned_of_in_the_comment_and_the_pull_request(
    site, hosts, tmp_path
):
    """A corrected poster sent with the form again got the folder '...-2' without a word: merged, the poster was
    shown twice and its votes split. The same when two committee members send one poster while the first pull
    request is open."""
    answers = {**GOOD, "Judul poster": "Las SMAW"}
    first = {**answers, "Berkas poster": f"![Image]({hosts.image('b1', write_jpeg(tmp_path / 'a.jpg').read_bytes())})"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(first), number=11))
    assert (proc.returncode, result["folder"]) == (0, "posters/las-smaw"), proc.stdout  # merged: in the gallery
    corrected = write_jpeg(tmp_path / "b.jpg", size=(1240, 1754)).read_bytes()
    second = {**answers, "Berkas poster": f"![Image]({hosts.image('b2', corrected)})"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(second), number=20))
    warning = (
        "- **Judul poster**: poster dengan judul ini sudah ada di galeri, di posters/las-smaw/, sehingga poster ini "
        "mendapat folder posters/las-smaw-2/. Jika ini versi baru poster itu, jangan gabungkan pull request-nya\\: "
        'ubah folder poster itu saja \\(panduan panitia, "Cara 2"\\); kalau tidak, poster tampil dua kali dan '
        "suaranya terbagi.\n"
    )
    assert (proc.returncode, result["folder"]) == (0, "posters/las-smaw-2"), proc.stdout
    assert result["comment"].endswith(
        "\n\nMohon periksa juga hal berikut; ini tidak menghalangi poster ditambahkan:\n\n" + warning
    )
    assert f"lihatlah sebelum menggabungkan:\n\n{warning}\nCloses #20\n" in result["pull_request"]["body"]

    # Not merged yet: the first issue's poster waits in its pull request.
    shutil.rmtree(site.root / "posters" / "las-smaw")
    shutil.rmtree(site.root / "posters" / "las-smaw-2")
    pulls_file = tmp_path / "pulls.json"
    pulls_file.write_text(json.dumps([open_pull(51, "poster/las-smaw", "Poster baru dari isu #11\n\nCloses #11\n")]))
    proc, result = from_issue(site, hosts, issue_event(issue_body(second), number=20), "--open-pulls", str(pulls_file))
    assert (proc.returncode, result["folder"]) == (0, "posters/las-smaw-2"), proc.stdout
    assert result["comment"].endswith(
        f"- **Judul poster**: poster dengan judul ini menunggu di pull request \\#{WJ}51, di posters/las-smaw/, "
        "sehingga poster ini mendapat folder posters/las-smaw-2/. Jika keduanya poster yang sama, gabungkan hanya "
        "satu dari dua pull request itu dan tutup yang lain; kalau tidak, poster tampil dua kali dan suaranya "
        "terbagi.\n"
    )
    # A title of its own: no warning.
    shutil.rmtree(site.root / "posters" / "las-smaw-2")
    proc, result = from_issue(site, hosts, issue_event(issue_body({**second, "Judul poster": "Las TIG"}), number=21))
    assert (proc.returncode, result["folder"]) == (0, "posters/las-tig"), proc.stdout
    assert "Mohon periksa juga" not in result["comment"]


def test_an_edit_that_takes_consent_back_says_the_earlier_pull_request_must_not_be_merged(site, hosts, tmp_path):
    """The edit's problems stop the run before the pull request is touched: the one made from the earlier answers
    stayed open and mergeable, and the comment did not name it, so a reviewer could publish a poster whose authors
    had taken their consent back."""
    jpeg = write_jpeg(tmp_path / "p.jpg").read_bytes()
    answers = {**GOOD, "Judul poster": "Las SMAW", "Berkas poster": f"![Image]({hosts.image('a1', jpeg)})"}
    pulls_file = tmp_path / "pulls.json"
    pulls_file.write_text(json.dumps([open_pull(51, "poster/las-smaw", "Poster baru dari isu #12\n\nCloses #12\n")]))
    withdrawn = {**answers, "Persetujuan": f"- [ ] {CONSENT_TEXT}"}
    proc, result = from_issue(
        site, hosts, issue_event(issue_body(withdrawn), action="edited"), "--open-pulls", str(pulls_file)
    )
    assert (proc.returncode, result["ok"]) == (1, False)
    assert proc.stdout.endswith(
        "\nPull request #51 masih memuat isian isu ini yang sebelumnya dan tidak diubah sampai masalah di atas "
        "diperbaiki: jangan gabungkan sebelum itu.\n"
    )
    assert result["comment"] == proc.stdout


@pytest.mark.parametrize(
    "event",
    [
        {"action": "opened", "pull_request": {"number": 3}},
        {"issue": {"number": "12"}},
        {"issue": {"number": True}},
        [1, 2],
    ],
)
def test_a_file_that_is_not_an_issue_event_is_a_usage_error(site, hosts, event):
    proc, result = from_issue(site, hosts, event)
    event_file = site.root.parent / "event.json"
    assert (proc.returncode, proc.stdout, result) == (2, "", {})
    assert proc.stderr == (
        f"{event_file} bukan peristiwa isu: tidak ada nomor isunya. Berikan berkas yang ditulis "
        "GitHub ke $GITHUB_EVENT_PATH untuk peristiwa 'issues'.\n"
    )


@pytest.mark.parametrize(
    "content, reason",
    [
        ("### Judul poster", "Expecting value: line 1 column 1 (char 0)"),
        ("[" * 200_000 + "]" * 200_000, "susunannya bertingkat terlalu dalam"),
        (
            '{"issue": {"number": 12, "body": "\xff"}}'.encode("latin-1"),
            "'utf-8' codec can't decode byte 0xff in position 34: invalid start byte",
        ),
    ],
    ids=["markdown", "nested", "latin-1"],
)
def test_an_event_file_that_is_not_json_is_a_usage_error(site, tmp_path, content, reason):
    broken = tmp_path / "event.txt"
    broken.write_bytes(content if isinstance(content, bytes) else content.encode())
    proc = site.cli("from-issue", str(broken))
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"{broken} tidak dapat dibaca: {reason}.\n")


def test_the_bytes_decide_the_poster_format_avif_included():
    import pyvips

    from postergallery.stages.load import poster_suffix

    avif = pyvips.Image.black(8, 8).heifsave_buffer(compression="av1")
    assert poster_suffix(avif) == ".avif"
    assert poster_suffix(b"\x00\x00\x00\x18ftypheic" + bytes(8)) is None  # HEIC: not accepted from the form
    assert [
        poster_suffix(d) for d in (b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WEBPVP8 ", b"%PDF-1.7")
    ] == [".jpg", ".png", ".webp", ".pdf"]


def test_the_board_and_the_posters_text_are_read_from_the_issue():
    link = "https://github.com/user-attachments/assets/6f1c1c52-2b5e-4f0a-9d0e-0b8f3c1d9a11"
    body = issue_body(
        {
            **GOOD,
            "Berkas poster": link,
            "Nomor papan": " a 7 ",
            "Teks poster": "Latar belakang:\npekarangan sempit.\n\nHasil: panen.",
        }
    )
    answers = read_answers(body, GITHUB, ID)
    assert answers.problems == ()
    assert (answers.values.board, answers.values.text) == (
        "a 7",
        "Latar belakang:\npekarangan sempit.\n\nHasil: panen.",
    )
    empty = read_answers(issue_body({**GOOD, "Berkas poster": link}), GITHUB, ID)
    assert (empty.values.board, empty.values.text, empty.problems) == ("", "", ())


def test_a_wrong_board_number_is_said_under_its_question(project):
    from postergallery.commands.fromissue import _as_form_problem

    values = PosterValues(title="Las", authors=("Budi",), role="alumni", center="BPVP", alt="Poster.", board="a 7")
    text = poster_yml(values, ID)
    folder = project.poster_dir("las")
    (folder / "poster.yml").write_text(text, "utf-8")
    write_jpeg(folder / "poster.jpg")
    [problem] = project.check(lang="id").problems
    assert _as_form_problem(problem, "posters/las", text, ID) == FormProblem(
        "board",
        "berisi 'a 7', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan tanda hubung di "
        "antaranya, misalnya A-7.",
    )


def test_the_address_suggested_in_the_comment_can_be_pasted_back_into_the_form(site, hosts, tmp_path):
    """The comment writes addresses with word joiners, so that GitHub does not link them; a browser copies
    them along. Pasted back into the form, the suggested address is the address."""
    link = hosts.image("7c01", write_jpeg(tmp_path / "p.jpg", size=(1240, 1754)).read_bytes())
    answers = {**GOOD, "Berkas poster": f"![Image]({link})", "Tautan": "Video | www.youtube.com/watch?v=x"}
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert result["comment"] == (
        f"{INTRO}\n\n- **Tautan**: tautan 'www{WJ}.youtube.com/watch?v=x' tidak diawali https\\:{WJ}//, sehingga "
        "tidak akan membuka situsnya; tulis alamatnya dengan lengkap\\: "
        f"'https\\:{WJ}//www{WJ}.youtube.com/watch?v=x'.\n"
    )
    # What a reader copies from the rendered comment: GitHub shows "\:" as ":"; the word joiners stay.
    copied = result["comment"].split("lengkap\\: '")[1].split("'")[0].replace("\\:", ":")
    assert copied == f"https:{WJ}//www{WJ}.youtube.com/watch?v=x"
    proc, result = from_issue(site, hosts, issue_event(issue_body({**answers, "Tautan": f"Video | {copied}"})))
    assert proc.returncode == 0, result.get("comment")
    written = yaml.safe_load((site.root / result["folder"] / "poster.yml").read_text("utf-8"))
    assert written["links"] == [{"label": "Video", "url": "https://www.youtube.com/watch?v=x"}]


def test_a_zero_width_space_and_a_title_of_quotation_marks_are_said_in_the_form_s_words(site, hosts, tmp_path):
    link = hosts.image("7c02", write_jpeg(tmp_path / "p.jpg", size=(1240, 1754)).read_bytes())
    answers = {
        **GOOD,
        "Berkas poster": f"![Image]({link})",
        "Judul poster": "\u201c\u201d",
        "Balai pelatihan": "BBPVP\u200b Serang",
    }
    proc, result = from_issue(site, hosts, issue_event(issue_body(answers)))
    assert proc.returncode == 1
    assert result["comment"] == (
        f"{INTRO}\n\n"
        "- **Judul poster**: hanya berisi tanda kutip; tulis jawabannya di antara tanda kutip itu, atau tanpa tanda "
        "kutip.\n"
        "- **Balai pelatihan**: berisi karakter tak terlihat \\(spasi lebar-nol, sering ikut tersalin dari WhatsApp "
        "atau Word\\); ketik ulang jawaban ini, jangan ditempel.\n"
    )


def test_the_other_pull_requests_posters_and_branches_are_read_as_bounded_data():
    from postergallery.commands.fromissue import (
        BOT_EMAIL,
        LeftBranch,
        PullPoster,
        left_branches,
        pull_posters,
    )

    bomb = "a: &a [x]\nb: &b [*a, *a]\nboard: C7\n"
    posters = pull_posters(
        [
            {"number": 3, "path": "posters/satu/poster.yml", "text": 'title: "Satu"\npapan: " ｃ７ "\n'},
            {"number": 4, "path": "posters/dua/poster.yml", "text": bomb},  # aliases: not read at all
            {"number": 5, "path": "posters/tiga/poster.yml", "text": "board: C7\n" + "#" * 70_000},  # too long
            {"number": 6, "path": "posters/empat/catatan.yml", "text": "board: C7\n"},  # not a poster.yml
            {"number": "7", "path": "posters/lima/poster.yml", "text": "board: C7\n"},
            {"number": 8, "path": "posters/enam/poster.yml", "text": "board: [C7]\n"},
            {"number": 9, "path": "posters/tujuh/poster.yml", "text": "board: '$(id)'\n"},
            "posters/x/poster.yml",
        ]
    )
    assert posters == [PullPoster(3, "posters/satu", "C7")]
    assert pull_posters({"number": 3}) == []

    head = "a" * 40
    one = {"status": "ahead", "ahead_by": 1, "commits": [{"message": "Tambah poster x", "email": BOT_EMAIL}]}
    branches = left_branches(
        [
            {"name": "poster/las", "sha": head, "compare": one},
            {"name": "poster/dua", "sha": head, "compare": {**one, "ahead_by": 2}},
            {"name": "poster/tiga", "sha": head, "compare": {**one, "commits": [{"message": "x", "email": "a@b"}]}},
            {"name": "poster/empat", "sha": head, "compare": None},
            {"name": "poster/../main", "sha": head, "compare": one},
            {"name": "main", "sha": head, "compare": one},
            {"name": "poster/lima", "sha": "HEAD", "compare": one},
        ]
    )
    assert branches == [
        LeftBranch("las", head, "Tambah poster x"),
        LeftBranch("dua", head, None),
        LeftBranch("tiga", head, None),
        LeftBranch("empat", head, None),
    ]

"""`gallery.py new`: a poster folder with the image and a commented poster.yml; and the file-size policy."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from postergallery.commands import scaffold
from postergallery.commands.scaffold import PosterValues, poster_yml
from postergallery.i18n import Translator
from postergallery.stages.load import FIELDS

from imagefiles import write_avif, write_hevc_heic, write_jpeg, write_picture_pdf, write_png
from projectkit import ROOT


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def comment_above(text: str, field: str) -> str:
    """The explanation right above ``field:`` (or ``# field:``), joined into one sentence."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if re.match(rf"^(# )?{field}:", line))
    comment: list[str] = []
    for line in reversed(lines[:index]):
        if not line.startswith("# ") or line.startswith(("#   ", "# ---")):
            break
        comment.insert(0, line[2:])
    return " ".join(comment)


# ------------------------------------------------------------ the template ---


def test_blank_template_explains_every_field_in_indonesian():
    text = poster_yml(PosterValues(), Translator("id"))
    assert [f for f in FIELDS if not re.search(rf"^(# )?{f}:", text, re.M)] == []
    assert (
        comment_above(text, "title")
        == "Judul poster, sama seperti yang tertulis di poster (paling banyak 200 karakter)."
    )
    assert comment_above(text, "role") == (
        "Peran penulis, salah satu dari: instructor (Instruktur), trainee (Peserta Pelatihan), alumni (Alumni)."
    )
    assert comment_above(text, "date") == (
        "Tanggal pameran atau pembuatan poster, ditulis TTTT-BB-HH tanpa tanda kutip, misalnya 2024-01-30."
    )
    assert comment_above(text, "alt").startswith("Teks alternatif: satu atau dua kalimat")
    assert comment_above(text, "image").startswith("Nama berkas poster. Hanya perlu ditulis bila folder")
    assert all(len(line) <= scaffold.WIDTH for line in text.splitlines())
    assert '\ntitle: ""\n' in text and '\nauthors:\n  - ""\n' in text and '\nrole: ""\n' in text


def test_template_in_english_when_the_site_is_in_english():
    text = poster_yml(PosterValues(), Translator("en"))
    assert comment_above(text, "title") == "The poster's title, as written on the poster (at most 200 characters)."
    assert "Judul" not in text


def test_values_are_written_so_that_yaml_reads_them_back_exactly(project):
    values = PosterValues(
        title='Las: dari "Nol" # 1',
        authors=("Budi Santoso, S.T.", "Siti  Rahma"),
        role="alumni",
        center="BPVP Bandung",
        alt="Poster merah: foto pengelasan.",
        program="Teknik Las",
        date="2024-01-30",
        summary="Ringkas.\nDua baris.",
        tags=("las", "k3: aman"),
    )
    folder = project.poster_dir("las-nol")
    (folder / "poster.yml").write_text(poster_yml(values, Translator("id")), "utf-8")
    write_jpeg(folder / "poster.jpg")
    result = project.check()
    assert result.problems == []
    poster = result.posters[0]
    assert (
        poster.title,
        poster.authors,
        poster.role,
        poster.center,
        poster.alt,
        poster.program,
        str(poster.date),
        poster.summary,
        poster.tags,
    ) == (
        'Las: dari "Nol" # 1',
        ("Budi Santoso, S.T.", "Siti Rahma"),
        "alumni",
        "BPVP Bandung",
        "Poster merah: foto pengelasan.",
        "Teknik Las",
        "2024-01-30",
        "Ringkas. Dua baris.",
        ("las", "k3: aman"),
    )


def test_uncommented_examples_in_the_template_are_valid(project):
    """The committee is told to remove the '#' in front of the examples: that must give a valid file."""
    text = poster_yml(
        PosterValues(title="Judul", authors=("Budi",), role="trainee", center="BPVP Kendari", alt="Poster biru."),
        Translator("id"),
    )
    for example in (
        "#   - las",
        "#   - kewirausahaan",
        '#   - label: "Video praktik"',
        "#     url: https://www.youtube.com/watch?v=contoh",
        "# image: poster.jpg",
    ):
        assert example in text
        text = text.replace(example, example[2:])
    folder = project.poster_dir("contoh")
    (folder / "poster.yml").write_text(text, "utf-8")
    write_jpeg(folder / "poster.jpg")
    result = project.check()
    assert result.problems == []
    poster = result.posters[0]
    assert poster.tags == ("las", "kewirausahaan")
    assert [(link.label, link.url) for link in poster.links] == [
        ("Video praktik", "https://www.youtube.com/watch?v=contoh")
    ]


# ------------------------------------------------------------- the command ---


def test_new_with_an_image_then_filling_in_the_required_fields_passes_check(project, tmp_path):
    image = write_png(tmp_path / "Poster Final.PNG")
    proc = project.cli("--lang", "id", "new", "las-smaw-3g", "--image", str(image), "--title", "Las SMAW 3G")
    assert proc.returncode == 0, proc.stderr
    folder = project.root / "posters" / "las-smaw-3g"
    assert sorted(p.name for p in folder.iterdir()) == ["poster.png", "poster.yml"]
    assert (folder / "poster.png").read_bytes() == image.read_bytes()
    text = (folder / "poster.yml").read_text("utf-8")
    assert text == poster_yml(PosterValues(title="Las SMAW 3G"), Translator("id"))
    lines = text.splitlines()
    row = {key: lines.index(f'{key}: ""') + 1 for key in ("role", "center", "alt")}
    assert proc.stdout.splitlines() == [
        "posters/las-smaw-3g/ sudah dibuat, berisi poster.png, poster.yml.",
        "Yang masih perlu dilengkapi sebelum poster bisa tampil:",
        f"posters/las-smaw-3g/poster.yml:{lines.index('authors:') + 2}:5: ada baris kosong di 'authors'; "
        "tulis nama setelah tanda '-' atau hapus baris itu.",
        f"posters/las-smaw-3g/poster.yml:{row['role']}:1: isian 'role' kosong. Tulis instructor, trainee atau "
        "alumni setelah 'role:', misalnya role: alumni.",
        f"posters/las-smaw-3g/poster.yml:{row['center']}:1: isian 'center' kosong. Tulis nama balai pelatihan "
        "setelah 'center:', misalnya center: \"BPVP Bandung\".",
        f"posters/las-smaw-3g/poster.yml:{row['alt']}:1: isian 'alt' kosong. Tulis setelah 'alt:' satu kalimat "
        "yang menggambarkan tampilan poster, untuk pengunjung yang memakai pembaca layar, misalnya alt: "
        '"Poster merah dengan foto pengelasan dan tiga paragraf teks.".',
        "Lengkapi isian tersebut, lalu periksa lagi dengan: python scripts/gallery.py check",
    ]
    assert project.check().errors != []

    # What a committee member does next: fill in the blanks, nothing else.
    text = (
        text.replace('  - ""', '  - "Rizky Pratama"')
        .replace('role: ""', "role: alumni")
        .replace('center: ""', 'center: "BBPVP Serang"')
        .replace('alt: ""', 'alt: "Poster las berwarna merah."')
    )
    (folder / "poster.yml").write_text(text, "utf-8")
    result = project.check()
    assert result.problems == []
    assert [(p.slug, p.title, p.authors, p.source) for p in result.posters] == [
        ("las-smaw-3g", "Las SMAW 3G", ("Rizky Pratama",), "posters/las-smaw-3g/poster.png")
    ]


@pytest.mark.parametrize("name", ["IMG-20240130-WA0003.jfif", "foto.JPE"])
def test_new_copies_a_jpeg_saved_as_jfif_or_jpe_in_as_poster_jpg(project, tmp_path, name):
    """WhatsApp Web and Windows save JPEG photos as .jfif or .jpe: it was refused as not a supported format."""
    image = write_jpeg(tmp_path / name)
    proc = project.cli("new", "kopi", "--image", str(image))
    assert proc.returncode == 0, proc.stderr
    folder = project.root / "posters" / "kopi"
    assert sorted(p.name for p in folder.iterdir()) == ["poster.jpg", "poster.yml"]
    assert (folder / "poster.jpg").read_bytes() == image.read_bytes()
    assert [p.path for p in project.check().problems if "poster file" in p.message] == []


@pytest.mark.parametrize("name, copy", [("poster-kopi.png", "poster.jpg"), ("poster-kopi.jpeg", "poster.jpeg")])
def test_new_names_the_copy_after_what_the_file_is(project, tmp_path, name, copy):
    """A JPG saved as .png kept its wrong ending, and its page offered "the original poster (PNG)" of JPEG bytes."""
    image = write_jpeg(tmp_path / name)
    proc = project.cli("new", "kopi", "--image", str(image))
    assert proc.returncode == 0, proc.stderr
    folder = project.root / "posters" / "kopi"
    assert sorted(p.name for p in folder.iterdir()) == sorted([copy, "poster.yml"])
    assert (folder / copy).read_bytes() == image.read_bytes()


def test_new_names_a_png_saved_as_jpg_as_a_png(project, tmp_path):
    image = tmp_path / "poster.jpg"
    image.write_bytes((write_png(tmp_path / "p.png")).read_bytes())
    proc = project.cli("new", "kopi", "--image", str(image))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (project.root / "posters" / "kopi").iterdir()) == ["poster.png", "poster.yml"]


def test_new_decodes_a_jfif_file_before_it_takes_it(project, tmp_path):
    page = tmp_path / "poster.jfif"
    page.write_text("<!DOCTYPE html>\n<html><title>WhatsApp Web</title>\n")
    proc = project.cli("new", "kopi", "--image", str(page))
    assert (proc.returncode, proc.stderr) == (
        1,
        "'poster.jfif' is a text file, not an image (it begins with \"<!DOCTYPE html>\"); perhaps a web page or a "
        "link was saved instead of the poster. Save the poster file itself and add it again.\n",
    )
    assert not (project.root / "posters" / "kopi").exists()


def test_new_with_every_field_given_is_complete_at_once(project, tmp_path):
    image = write_jpeg(tmp_path / "a.jpeg")
    proc = project.cli(
        "new",
        "hidroponik",
        "--image",
        str(image),
        "--title",
        "Hidroponik: NFT",
        "--author",
        "Ni Luh Putu",
        "--author",
        "I Gede, S.P.",
        "--role",
        "peserta",
        "--center",
        "BPVP Lombok Timur",
        "--alt",
        "Poster hijau.",
        "--program",
        "Hidroponik",
        "--date",
        "2024-01-29",
        "--summary",
        "Selada 35 hari.",
        "--tag",
        "pertanian",
        "--tag",
        "hidroponik; sayur, ",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "Created posters/hidroponik/ with poster.jpeg, poster.yml.",
        "The poster is complete; see it in the gallery with: mkdocs serve",
    ]
    result = project.check()
    assert result.problems == []
    p = result.posters[0]
    assert (p.title, p.authors, p.role, p.center, str(p.date), p.tags) == (
        "Hidroponik: NFT",
        ("Ni Luh Putu", "I Gede, S.P."),
        "trainee",
        "BPVP Lombok Timur",
        "2024-01-29",
        ("pertanian", "hidroponik", "sayur"),
    )


def test_new_with_an_image_too_small_to_read_says_so_and_the_poster_is_still_complete(project, tmp_path):
    project.write_config("posters: posters\nsmall_image_px: 1200")
    image = write_jpeg(tmp_path / "IMG-20240130-WA0007.jpg", size=(320, 452))  # a chat app's preview
    fields = ("--title", "Kopi", "--author", "Budi", "--role", "alumni", "--center", "BPVP Aceh", "--alt", "Poster.")
    proc = project.cli("new", "kopi", "--image", str(image), *fields)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "Created posters/kopi/ with poster.jpg, poster.yml.",
        "posters/kopi/poster.jpg: warning: the poster image is only 320 × 452 pixels: its small text will be "
        "blurred, even zoomed in. Use the original file if there is one (a JPG about 5000 pixels tall, or the PDF), "
        "not a picture saved from a chat or a web page.",
        "The poster is complete; see it in the gallery with: mkdocs serve",
    ]
    # A chat app's picture printed to PDF: the same warning, in a PDF's words.
    printed = write_picture_pdf(tmp_path / "poster cetak.pdf", picture=(840, 1190), page=(420, 595))
    proc = project.cli("new", "susu", "--image", str(printed), *fields)
    assert proc.stdout.splitlines()[1:] == [
        "posters/susu/poster.pdf: warning: the PDF holds the poster as a picture of only 840 × 1190 pixels: its "
        "small text will be blurred, even zoomed in. Export the PDF again from the original design (in Canva: PDF "
        "Print), not from a picture saved from a chat or a web page.",
        "The poster is complete; see it in the gallery with: mkdocs serve",
    ]
    # Beside a field still to fill in, it is listed with the rest.
    proc = project.cli("new", "teh", "--image", str(image), *fields[:-2])
    assert proc.stdout.splitlines()[1:3] == [
        "Still to do before the poster can be published:",
        "posters/teh/poster.jpg: warning: the poster image is only 320 × 452 pixels: its small text will be "
        "blurred, even zoomed in. Use the original file if there is one (a JPG about 5000 pixels tall, or the PDF), "
        "not a picture saved from a chat or a web page.",
    ]


def test_new_with_links_writes_them_for_check_to_read(project, tmp_path):
    proc = project.cli(
        "new",
        "dengan-tautan",
        "--image",
        str(write_jpeg(tmp_path / "p.jpg")),
        "--title",
        "A",
        "--author",
        "B",
        "--role",
        "alumni",
        "--center",
        "\u201cBPVP Bandung\u201d",  # typed on a phone: the curly quotes go, as check would ask
        "--alt",
        "C",
        "--link",
        "Skema | BNSP: 2024 | https://bnsp.go.id/",
        "--link",
        " https://example.org/x ",
        "--link",
        "Data | https://example.org/grafik?kolom=a|b",  # the address holds a bar too
    )
    assert proc.returncode == 0, proc.stderr
    text = (project.root / "posters" / "dengan-tautan" / "poster.yml").read_text("utf-8")
    assert (
        '\nlinks:\n  - label: "Skema | BNSP: 2024"\n    url: "https://bnsp.go.id/"\n  - url: "https://example.org/x"\n'
        '  - label: "Data"\n    url: "https://example.org/grafik?kolom=a|b"\n#'
    ) in text
    assert "Video praktik" not in text  # the commented example only stands in for links not given
    assert '\ncenter: "BPVP Bandung"\n' in text
    [poster] = project.check().posters
    assert [(link.label, link.url) for link in poster.links] == [
        ("Skema | BNSP: 2024", "https://bnsp.go.id/"),
        ("example.org", "https://example.org/x"),
        ("Data", "https://example.org/grafik?kolom=a|b"),
    ]


def test_a_folder_name_suggested_from_a_title_is_always_valid():
    assert (
        scaffold.suggest_slug("Dari Nol ke Sertifikasi: Las SMAW Posisi 3G")
        == "dari-nol-ke-sertifikasi-las-smaw-posisi"
    )  # at most 40 characters, never ending in a dash
    # The poster's address for good: cut after a whole word ('...-dari-ru' was cut from 'rumah').
    assert (
        scaffold.suggest_slug('Pelatihan Menjahit "Busana Muslim" 🧵: Dari Rumah ke Pasar')
        == "pelatihan-menjahit-busana-muslim-dari"
    )
    assert scaffold.suggest_slug("Kewirausahaan" * 4) == "kewirausahaan" * 3 + "k"  # one word: cut where it must be
    assert scaffold.suggest_slug("../../etc") == "etc"
    assert scaffold.suggest_slug("Vote") == "poster-vote"
    assert scaffold.suggest_slug("!!!") == "poster-baru"
    assert scaffold.suggest_slug("Ñandú Über Čevapi") == "nandu-uber-cevapi"


def test_new_without_an_image_says_the_poster_file_is_still_missing(project):
    proc = project.cli(
        "new",
        "tanpa-gambar",
        "--title",
        "A",
        "--author",
        "B",
        "--role",
        "alumni",
        "--center",
        "BPVP Bandung",
        "--alt",
        "C",
    )
    assert proc.returncode == 0
    assert (
        "posters/tanpa-gambar/poster.yml: no poster file found in posters/tanpa-gambar/; add the poster "
        "as a JPG, PNG, WebP, AVIF or PDF file." in proc.stdout.splitlines()
    )


def test_new_creates_the_posters_folder_of_a_new_project(project, tmp_path):
    (project.root / "posters").rmdir()
    proc = project.cli("new", "pertama", "--image", str(write_jpeg(tmp_path / "p.jpg")))
    assert proc.returncode == 0, proc.stderr
    assert (project.root / "posters" / "pertama" / "poster.jpg").is_file()


def test_new_outside_a_project_refuses_as_check_does_and_makes_nothing(project, tmp_path):
    project.config.unlink()
    image = write_jpeg(tmp_path / "p.jpg")
    for lang, message in (
        (
            "en",
            "mkdocs.yml: mkdocs.yml was not found; run the command from the project folder (the one holding "
            "mkdocs.yml).",
        ),
        (
            "id",
            "mkdocs.yml: mkdocs.yml tidak ditemukan; jalankan perintah dari folder proyek (folder yang berisi "
            "mkdocs.yml).",
        ),
    ):
        proc = project.cli("--lang", lang, "new", "pertama", "--image", str(image))
        assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", message + "\n")
    assert not (project.root / "posters" / "pertama").exists()


@pytest.mark.parametrize(
    "slug, message",
    [
        (
            "Las SMAW 3G",
            "the folder name 'Las SMAW 3G' becomes the poster's web address, so it may contain only "
            "lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder to "
            "'las-smaw-3g'. For example: python scripts/gallery.py new las-smaw-3g",
        ),
        (
            "Kopi_Gayo",
            "the folder name 'Kopi_Gayo' becomes the poster's web address, so it may contain only "
            "lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder to "
            "'kopi-gayo'. For example: python scripts/gallery.py new kopi-gayo",
        ),
        (
            "vote",
            "the folder name 'vote' is used by the site itself; rename the folder, e.g. to 'poster-vote'. "
            "For example: python scripts/gallery.py new poster-vote",
        ),
        (
            "../luar",
            "the folder name '../luar' becomes the poster's web address, so it may contain only lowercase "
            "letters a-z, digits 0-9 and single dashes between words; rename the folder to 'luar'. "
            "For example: python scripts/gallery.py new luar",
        ),
        (
            "a" * 81,
            f"the folder name '{'a' * 81}' is too long (81 characters, at most 80); shorten it, e.g. "
            f"'{'a' * 40}'. For example: python scripts/gallery.py new {'a' * 40}",
        ),
    ],
)
def test_new_refuses_an_invalid_name_and_suggests_one(project, slug, message):
    before = tree_digest(project.root)
    proc = project.cli("new", slug)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", message + "\n")
    assert tree_digest(project.root) == before


def test_new_refuses_an_existing_folder_and_suggests_a_free_name(project):
    project.add_poster("las-smaw")
    project.add_poster("las-smaw-2")
    before = tree_digest(project.root)
    proc = project.cli("--lang", "id", "new", "las-smaw")
    assert proc.returncode == 1
    assert proc.stderr == (
        "folder posters/las-smaw/ sudah ada. Untuk mengubah poster itu, sunting poster.yml di "
        "dalamnya; untuk poster baru pilih nama lain, misalnya 'las-smaw-3'.\n"
    )
    assert tree_digest(project.root) == before


def test_suggested_free_name():
    assert scaffold.suggest_free_slug("las", {"las"}) == "las-2"
    assert scaffold.suggest_free_slug("las-2", {"las", "las-2", "las-3"}) == "las-4"
    # A number that is part of the title stays (the address is printed on the boards' QR codes).
    assert scaffold.suggest_free_slug("lulusan-angkatan-2024", {"lulusan-angkatan-2024"}) == "lulusan-angkatan-2024-2"
    assert scaffold.suggest_free_slug("angkatan-2", {"angkatan-2", "angkatan-3"}) == "angkatan-2-2"


def test_new_refuses_an_image_the_gallery_would_not_accept(project, tmp_path):
    project.write_config("max_file_mb: 1")
    big = tmp_path / "besar.jpg"
    with open(big, "wb") as fh:
        fh.truncate(1_500_000)
    empty = tmp_path / "kosong.png"
    empty.write_bytes(b"")
    doc = tmp_path / "poster.docx"
    doc.write_bytes(b"PK")
    (tmp_path / "kosong").mkdir()
    cases = {
        str(tmp_path / "tidak-ada.jpg"): f"the image '{tmp_path / 'tidak-ada.jpg'}' does not exist; check the path "
        "and the spelling of the file name.",
        str(tmp_path): f"'{tmp_path.name}' is a folder, not a poster file; give the poster file in it, for example "
        f"--image {tmp_path / 'besar.jpg'}.",
        str(tmp_path / "kosong"): f"'kosong' is a folder, not a poster file; give the poster file in it, for example "
        f"--image {tmp_path / 'kosong' / 'poster.jpg'}.",
        str(doc): "'poster.docx' is not a supported poster format; use a JPG, PNG, WebP, AVIF or PDF file.",
        str(empty): "'kosong.png' is empty (0 bytes); upload the poster file again.",
        str(big): "'besar.jpg' is 1.5 MB, more than the limit of 1 MB. Export a smaller file: save a JPG at "
        "quality 85 about 5000 pixels tall, or a PDF with images compressed to 300 dpi.",
        # A name from a zip made on Windows: the image library cannot open the file under it.
        str(_jpeg_named(tmp_path / os.fsdecode(b"caf\xe9.jpg"))): f"the name of '{tmp_path}/caf\\udce9.jpg' has "
        "letters that were not saved as UTF-8 (as happens when a zip made on Windows is unpacked elsewhere), so the "
        "file cannot be read; rename it, or the folder it is in, with plain letters.",
    }
    before = tree_digest(project.root)
    for image, message in cases.items():
        proc = project.cli("new", "poster-baru", "--image", image)
        assert (proc.returncode, proc.stderr) == (1, message + "\n"), image
    assert tree_digest(project.root) == before


def _jpeg_named(path: Path) -> Path:
    write_jpeg(path, size=(400, 600), colour=(1, 2, 3))
    return path


def _truncated_jpeg(path: Path) -> Path:
    write_jpeg(path, size=(400, 600), colour=(1, 2, 3))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


UNUSABLE_IMAGES = {
    "heic": (
        lambda d: write_hevc_heic(d / "IMG_2041.HEIC"),
        "'IMG_2041.HEIC' is a HEIC photo that the gallery cannot read. Set the phone's camera to save 'Most "
        "Compatible' (JPG) pictures, or export the photo as a JPG, and add it again.",
        "'IMG_2041.HEIC' adalah foto HEIC yang tidak dapat dibaca galeri. Atur kamera ponsel agar menyimpan "
        "foto 'Most Compatible' (JPG), atau ekspor fotonya sebagai JPG, lalu tambahkan lagi.",
    ),
    "text": (
        lambda d: (
            (d / "poster-final.jpg").write_text("<!DOCTYPE html>\n<html><title>Google Drive</title>\n")
            and d / "poster-final.jpg"
        ),
        "'poster-final.jpg' is a text file, not an image (it begins with \"<!DOCTYPE html>\"); perhaps a web "
        "page or a link was saved instead of the poster. Save the poster file itself and add it again.",
        "'poster-final.jpg' adalah berkas teks, bukan gambar (diawali \"<!DOCTYPE html>\"); mungkin yang "
        "tersimpan halaman web atau tautan, bukan posternya. Simpan berkas posternya sendiri lalu tambahkan "
        "lagi.",
    ),
    "empty": (
        lambda d: (d / "poster.png").write_bytes(b"") or d / "poster.png",
        "'poster.png' is empty (0 bytes); upload the poster file again.",
        "'poster.png' kosong (0 byte); unggah lagi berkas posternya.",
    ),
    "damaged": (
        lambda d: _truncated_jpeg(d / "poster.jpg"),
        "'poster.jpg' is incomplete: the file ends before the image does, probably because an upload or "
        "a copy was interrupted. Upload the poster file again.",
        "'poster.jpg' tidak lengkap: berkasnya berakhir sebelum gambarnya selesai, mungkin karena unggahan "
        "atau penyalinan terputus. Unggah lagi berkas posternya.",
    ),
}


@pytest.mark.parametrize("case", sorted(UNUSABLE_IMAGES))
def test_new_refuses_an_image_it_cannot_decode_before_making_the_folder(project, tmp_path, case):
    make, english, indonesian = UNUSABLE_IMAGES[case]
    source = tmp_path / "unggahan"
    source.mkdir()
    image = make(source)
    before = tree_digest(project.root)
    proc = project.cli("new", "las-smaw-3g", "--image", str(image), "--title", "Las SMAW 3G")
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", english + "\n")
    proc = project.cli("--lang", "id", "new", "las-smaw-3g", "--image", str(image))
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", indonesian + "\n")
    assert tree_digest(project.root) == before  # nothing left behind
    # The next try, with a good image, gets the same name.
    proc = project.cli("new", "las-smaw-3g", "--image", str(write_jpeg(source / "poster.jpg")))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (project.root / "posters" / "las-smaw-3g").iterdir()) == ["poster.jpg", "poster.yml"]


def test_create_poster_refuses_an_unusable_image_for_every_caller(project, tmp_path):
    """The refusal is in create_poster itself, so a caller other than the command gets it too."""
    outcome = scaffold.create_poster(
        project.root / "posters",
        "posters",
        "foto-hp",
        PosterValues(title="Foto"),
        write_hevc_heic(tmp_path / "foto.heic"),
        Translator("id"),
        max_file_bytes=25_000_000,
    )
    assert outcome == scaffold.Refusal(
        "'foto.heic' adalah foto HEIC yang tidak dapat dibaca galeri. Atur kamera ponsel agar menyimpan foto 'Most "
        "Compatible' (JPG), atau ekspor fotonya sebagai JPG, lalu tambahkan lagi."
    )
    assert list((project.root / "posters").iterdir()) == []


def test_create_poster_checks_the_sites_pixel_limit(project, tmp_path):
    from postergallery.stages.images import RenditionSettings

    image = write_jpeg(tmp_path / "besar.jpg", size=(2000, 1500))
    outcome = scaffold.create_poster(
        project.root / "posters",
        "posters",
        "besar",
        PosterValues(),
        image,
        Translator("en"),
        max_file_bytes=25_000_000,
        image_settings=RenditionSettings(max_pixels=1_000_000),
    )
    assert outcome == scaffold.Refusal(
        "'besar.jpg' is 2000 × 1500 pixels (3 megapixels), more than the limit of 1 megapixels. Export it smaller: "
        "about 7000 pixels on the long side is plenty for reading the poster on a screen."
    )


def test_new_takes_an_avif_poster(project, tmp_path):
    proc = project.cli("new", "avif", "--image", str(write_avif(tmp_path / "Poster.AVIF")))
    assert proc.returncode == 0, proc.stderr
    assert (project.root / "posters" / "avif" / "poster.avif").is_file()


def test_new_speaks_the_sites_language_in_its_help(project):
    project.write_config(language="id")
    proc = project.cli("new", "--help")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("cara pakai: gallery.py new [-h] [--image BERKAS] [--title TEKS]")
    assert "mulai poster baru: posters/SLUG/ berisi berkas poster dan poster.yml yang" in lines
    help_text = " ".join(proc.stdout.split())
    for text in (
        "argumen: slug nama folder, yang menjadi alamat web poster, misalnya las-smaw-3g",
        "pilihan: -h, --help tampilkan bantuan ini lalu selesai",
        "--image BERKAS berkas poster (JPG, PNG, WebP, AVIF atau PDF); disalin ke folder sebagai poster.EXT",
        "--author NAMA nama seorang penulis; ulangi untuk setiap penulis",
        "--date TANGGAL tanggal, ditulis TTTT-BB-HH",
    ):
        assert text in help_text
    english = " ".join(project.cli("--lang", "en", "new", "--help").stdout.split())
    assert english.startswith("usage: gallery.py new [-h] [--image FILE] [--title TEXT]")
    assert "--author NAME an author's name; repeat for each author" in english


def test_new_says_in_the_sites_language_what_is_missing_or_wrong(project):
    project.write_config(language="id")
    proc = project.cli("new")
    assert (proc.returncode, proc.stderr) == (
        2,
        "sebutkan nama folder poster, misalnya python scripts/gallery.py new las-smaw-3g\n",
    )
    proc = project.cli("new", "las", "--image")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == "gallery.py new: kesalahan: --image perlu diikuti sebuah nilai"


@pytest.mark.parametrize("stop", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_an_interrupted_new_leaves_nothing_behind(project, tmp_path, monkeypatch, stop):
    def fail(*args):
        raise stop

    monkeypatch.setattr(scaffold.os, "rename", fail)
    with pytest.raises(type(stop)):
        scaffold.create_poster(
            project.root / "posters",
            "posters",
            "poster-baru",
            PosterValues(),
            write_jpeg(tmp_path / "p.jpg"),
            Translator("en"),
            max_file_bytes=25_000_000,
        )
    assert list((project.root / "posters").iterdir()) == []


# ---------------------------------------------------- the file-size policy ---


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (the size check only looks at the size)."""
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def test_check_refuses_a_poster_file_over_the_default_25_mb(project):
    folder = project.add_poster("besar", image=None)
    sparse_file(folder / "poster.jpg", 26_000_000)
    assert [p.format_text() for p in project.check().problems] == [
        "posters/besar/poster.yml: 'poster.jpg' is 26 MB, more than the limit of 25 MB. Export a smaller file: "
        "save a JPG at quality 85 about 5000 pixels tall, or a PDF with images compressed to 300 dpi."
    ]
    assert [p.format_text() for p in project.check(lang="id").problems] == [
        "posters/besar/poster.yml: 'poster.jpg' berukuran 26 MB, melebihi batas 25 MB. Ekspor berkas yang lebih "
        "kecil: simpan sebagai JPG kualitas 85 dengan tinggi sekitar 5000 piksel, atau PDF dengan gambar "
        "dikompres ke 300 dpi."
    ]


def test_the_size_limit_is_configurable_and_points_at_the_image_line(project):
    project.write_config("max_file_mb: 2")
    folder = project.add_poster(
        "besar", "title: A\nauthors: [B]\nrole: alumni\ncenter: BPVP X\nalt: C\nimage: poster.pdf\n", image=None
    )
    sparse_file(folder / "poster.pdf", 2_450_000)
    assert [p.format_text() for p in project.check().problems] == [
        "posters/besar/poster.yml:6:8: 'poster.pdf' is 2.5 MB, more than the limit of 2 MB. Export a smaller "
        "file: save a JPG at quality 85 about 5000 pixels tall, or a PDF with images compressed to 300 dpi."
    ]
    # Exactly at the limit is allowed (the size is checked before the image is decoded).
    os.truncate(folder / "poster.pdf", 2_000_000)
    assert not any("limit" in p.message for p in project.check().problems)


# -------------------------------------------------------------- the guide ---


def guide_yaml_blocks() -> list[str]:
    text = (ROOT / "docs" / "guide.md").read_text("utf-8")
    return [block + "\n" for block in re.findall(r"^```yaml\n(.*?)\n```$", text, re.M | re.S)]


def test_the_guide_shows_the_same_blank_template_as_the_new_command():
    assert poster_yml(PosterValues(), Translator("id")) in guide_yaml_blocks()


def test_code_blocks_get_a_copy_button_on_the_site_and_in_the_demo():
    import yaml

    for config in (ROOT / "mkdocs.yml", ROOT / "tests" / "demo" / "mkdocs.yml"):
        assert "content.code.copy" in yaml.safe_load(config.read_text("utf-8"))["theme"]["features"], config


def test_the_pull_request_template_shows_what_to_replace_and_hides_nothing():
    text = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    # An HTML comment would swallow whatever is typed inside it: every placeholder is visible text.
    assert "<!--" not in text and "-->" not in text
    assert "(ganti baris ini)" in text
    # The checks are asked for only once the pull request exists.
    before, after = text.split("## Setelah pull request dibuat")
    assert "Periksa pull request" not in before and "- [ ] Pemeriksaan otomatis sudah hijau." in after


def test_the_complete_example_in_the_guide_passes_check(project):
    example = next(b for b in guide_yaml_blocks() if b.startswith('title: "Dari Nol'))
    folder = project.poster_dir("las-smaw-dari-nol")
    (folder / "poster.yml").write_text(example, "utf-8")
    write_jpeg(folder / "poster.jpg")
    result = project.check()
    assert result.problems == []
    poster = result.posters[0]
    assert poster.title == "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G"
    assert len(poster.links) == 1 and poster.tags and poster.summary and poster.date


def test_uncommented_board_and_text_in_the_template_are_valid(project):
    text = poster_yml(
        PosterValues(title="Judul", authors=("Budi",), role="trainee", center="BPVP Kendari", alt="Poster biru."),
        Translator("id"),
    )
    for example in ("# board: A12", '# text: "Pekarangan sempit pun bisa menghasilkan sayur setiap minggu."'):
        assert example in text
        text = text.replace(example, example[2:])
    folder = project.poster_dir("papan")
    (folder / "poster.yml").write_text(text, "utf-8")
    write_jpeg(folder / "poster.jpg")
    result = project.check()
    assert result.problems == []
    assert (result.posters[0].board, result.posters[0].text) == (
        "A12",
        "Pekarangan sempit pun bisa menghasilkan sayur setiap minggu.",
    )


def test_new_writes_the_board_and_the_text_it_is_given(project):
    proc = project.cli("new", "papan-b7", "--board", "b7", "--text", "Baris satu.")
    assert proc.returncode == 0, proc.stderr
    text = (project.root / "posters" / "papan-b7" / "poster.yml").read_text("utf-8")
    assert '\nboard: "b7"\n' in text and '\ntext: "Baris satu."\n' in text
    assert "# board:" not in text and "# text:" not in text


def test_new_refuses_text_the_terminal_could_not_decode_and_makes_nothing(project, tmp_path):
    """A terminal not set to UTF-8 hands over bytes that are no text: writing poster.yml with them stopped
    with a traceback and left a hidden half-made folder in posters/."""
    image = write_jpeg(tmp_path / "p.jpg")
    proc = project.cli(
        "--lang", "en", "new", "kopi", "--image", str(image), "--author", "Budi", "--author", "S\udcffiti"
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip() == (
        "the text given for --author holds bytes that are not text (the terminal is not set to UTF-8); type it "
        "again, or leave it out and write it in poster.yml afterwards."
    )
    assert list((project.root / "posters").iterdir()) == []

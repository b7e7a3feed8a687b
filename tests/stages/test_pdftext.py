"""A PDF poster's text: read in the order people read it, made plain, bounded, and kept in the cache."""

from __future__ import annotations

import json
import time

import pypdfium2 as pdfium
from PIL import Image

from postergallery.commands.demo import TextRun, pdf_with_text
from postergallery.stages.pdftext import MAX_CHARS, Segment, normalise, page_text, reading_order

from projectkit import messages

A4 = (1240, 1754)  # pixels at the demo PDF's 150 dpi


def write_text_pdf(path, runs, size=A4):
    path.write_bytes(pdf_with_text(Image.new("RGB", size, (250, 248, 244)), runs, "Poster"))
    return path


def text_of(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return page_text(pdf[0])
    finally:
        pdf.close()


# The lines of a two-column poster: a title across, two columns of two paragraphs, a footer across.
POSTER_LINES = [
    TextRun(60, 50, 60, "Las SMAW dari Nol"),
    TextRun(60, 130, 28, "Rizky Pratama, BBPVP Serang"),
    TextRun(60, 400, 32, "Latar Belakang"),
    TextRun(60, 450, 24, "Sebelum pelatihan saya"),
    TextRun(60, 482, 24, "bekerja serabutan."),
    TextRun(60, 600, 32, "Hasil"),
    TextRun(60, 650, 24, "Lulus uji kompetensi."),
    TextRun(640, 400, 32, "Manfaat"),
    TextRun(640, 450, 24, "Sertifikat dan jejaring"),
    TextRun(640, 482, 24, "dengan sesama alumni."),
    TextRun(640, 600, 32, "Rekomendasi"),
    TextRun(640, 650, 24, "Magang lebih lama."),
    TextRun(60, 1660, 26, "Dialog Nasional Pelatihan Vokasi"),
]
READ = (
    "Las SMAW dari Nol\n\nRizky Pratama, BBPVP Serang\n\n"
    "Latar Belakang\nSebelum pelatihan saya\nbekerja serabutan.\n\nHasil\nLulus uji kompetensi.\n\n"
    "Manfaat\nSertifikat dan jejaring\ndengan sesama alumni.\n\nRekomendasi\nMagang lebih lama.\n\n"
    "Dialog Nasional Pelatihan Vokasi"
)


def test_a_two_column_poster_is_read_column_by_column_whatever_order_the_file_drew_it_in(tmp_path):
    assert text_of(write_text_pdf(tmp_path / "a.pdf", POSTER_LINES)) == READ
    # The same page drawn bottom first and right column before left reads the same.
    assert text_of(write_text_pdf(tmp_path / "b.pdf", POSTER_LINES[::-1])) == READ


def test_words_on_one_line_are_read_left_to_right_and_a_line_split_in_runs_stays_one_line():
    segments = [
        Segment(300, 700, 420, 712, "kedua"),
        Segment(100, 700, 290, 712, "baris pertama,"),
        Segment(100, 684, 250, 696, "baris berikutnya"),
    ]
    assert reading_order(segments) == "baris pertama, kedua\nbaris berikutnya"
    assert reading_order([]) == ""


def test_a_pdf_without_text_has_none(tmp_path):
    assert text_of(write_text_pdf(tmp_path / "empty.pdf", [])) == ""


def test_the_text_is_made_plain_and_bounded():
    assert normalise("  a\u00a0\tb \x00c\x02\u202eevil\u202c \r\n\r\n\r\n\n d\ufeff  ") == "a b cevil\n\nd"
    long = ("kata " * 2000).strip()
    cut = normalise(long)
    assert len(cut) <= MAX_CHARS and cut.endswith("kata…") and cut.startswith("kata kata")
    assert normalise("x" * 6000) == "x" * (MAX_CHARS - 1) + "…"


def test_a_pdf_with_megabytes_of_text_gives_at_most_the_limit(tmp_path):
    runs = [TextRun(60 + 300 * (i % 4), 20 + 3 * (i // 4), 3, "<script>x</script> " * 8) for i in range(2400)]
    path = write_text_pdf(tmp_path / "huge.pdf", runs)  # 360,000 characters
    start = time.perf_counter()
    text = text_of(path)
    # Read once, character by character, and only so far: about 0.6 s on the project's machine (asking
    # PDFium for each run's text took 26 s).
    assert time.perf_counter() - start < 10
    assert 4000 < len(text) <= MAX_CHARS and "<script>x</script>" in text


def test_the_text_is_kept_in_the_cache_and_shown_on_the_poster_page_and_to_the_filter(project):
    folder = project.add_poster("paper", image=None)
    write_text_pdf(folder / "poster.pdf", POSTER_LINES)
    result = project.build()
    assert result.ok, messages(result)
    assert result.images.processed == 1
    page = (project.root / "docs/poster/paper/index.md").read_text("utf-8")
    assert (
        '<details class="pg-postertext">\n<summary class="pg-subhead">Poster text</summary>\n'
        '<div class="pg-postertext__body">\n<p>Las SMAW dari Nol</p>\n<p>Rizky Pratama, BBPVP Serang</p>\n'
        "<p>Latar Belakang<br>Sebelum pelatihan saya<br>bekerja serabutan.</p>\n"
    ) in page
    texts = json.loads((project.root / "docs/poster/texts.json").read_text("utf-8"))
    assert texts["texts"]["paper"].startswith("las smaw dari nol rizky pratama bbpvp serang latar belakang sebelum")
    manifest = json.loads((project.root / ".cache/gallery/manifest.json").read_text("utf-8"))
    (record,) = manifest["posters"].values()
    assert record["info"]["text"] == READ
    # Nothing changed: nothing is read again (the text comes from the cache) and nothing is written.
    again = project.build()
    assert again.images.processed == 0 and again.images.cached == 1
    assert again.written.written == [] and again.written.removed == []
    assert (project.root / "docs/poster/paper/index.md").read_text("utf-8") == page


def test_a_pdf_cached_before_its_text_was_kept_is_read_again_once(project):
    folder = project.add_poster("paper", image=None)
    write_text_pdf(folder / "poster.pdf", POSTER_LINES)
    assert project.build().ok
    path = project.root / ".cache/gallery/manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    for record in manifest["posters"].values():
        del record["info"]["text"]
    path.write_text(json.dumps(manifest), "utf-8")
    result = project.build()
    assert result.images.processed == 1
    assert "Magang lebih lama." in (project.root / "docs/poster/paper/index.md").read_text("utf-8")
    assert project.build().images.processed == 0


def test_the_committee_s_text_comes_before_the_pdf_s_own(project):
    folder = project.add_poster("paper", image=None)
    write_text_pdf(folder / "poster.pdf", POSTER_LINES)
    (folder / "poster.yml").write_text((folder / "poster.yml").read_text("utf-8") + "text: Teks dari panitia\n")
    assert project.build().ok
    page = (project.root / "docs/poster/paper/index.md").read_text("utf-8")
    assert "<p>Teks dari panitia</p>" in page and "Magang" not in page

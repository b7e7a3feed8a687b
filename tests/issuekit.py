"""Issue events as GitHub sends them for the issue form "Tambah poster", and the comment's fixed words."""

from __future__ import annotations

from postergallery.commands.issueform import CONSENT_TEXT, QUESTIONS


def issue_body(answers: dict[str, str]) -> str:
    """An issue form's body exactly as GitHub writes it: a heading per question, CRLF line ends,
    ``_No response_`` for an optional question left empty, the chosen option's text, ``- [X]`` ticks."""
    parts = []
    for question in QUESTIONS:
        value = answers.get(question.label, "")
        parts.append(f"### {question.label}\r\n\r\n{value.replace(chr(10), chr(13) + chr(10)) or '_No response_'}")
    return "\r\n\r\n".join(parts)


def issue_event(body: str, number: int = 12, action: str = "opened") -> dict:
    """The parts of GitHub's `issues` webhook payload that matter, as GitHub sends them."""
    return {
        "action": action,
        "issue": {
            "number": number,
            "title": "Poster: Las SMAW",
            "state": "open",
            "body": body,
            "author_association": "COLLABORATOR",
            "labels": [{"name": "poster-baru"}],
            "user": {"login": "panitia-budi", "type": "User"},
        },
        "repository": {"full_name": "panitia/galeri", "default_branch": "main"},
        "sender": {"login": "panitia-budi", "type": "User"},
    }


GOOD = {
    "Judul poster": "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G",
    "Penulis": "Rizky Pratama\n- Dewi Lestari, S.T.",
    "Peran penulis": "Alumni",
    "Balai pelatihan": "BBPVP Serang",
    "Deskripsi tampilan poster": "Poster merah dengan foto peserta mengelas pelat\ndan grafik hasil uji.",
    "Program pelatihan": "Teknik Las SMAW",
    "Tanggal": "2024-01-30",
    "Ringkasan": "Sebelum pelatihan saya bekerja serabutan.  Kini saya welder di Cilegon.",
    "Topik": "las\nsertifikasi, penempatan kerja",
    "Tautan": "Skema sertifikasi BNSP | https://bnsp.go.id/\nhttps://www.youtube.com/watch?v=contoh",
    "Persetujuan": f"- [X] {CONSENT_TEXT}",
}

NO_FILE = (
    "- **Berkas poster**: belum ada berkas yang dilampirkan. Seret berkas poster \\(JPG atau PNG paling besar "
    "10 MB, atau PDF paling besar 25 MB\\) ke kotak ini dan tunggu sampai tautannya muncul."
)
INTRO = (
    "Poster belum bisa ditambahkan. Perbaiki hal berikut dengan menyunting isu ini (tombol **...** di kanan atas "
    "isu, lalu **Edit**); pemeriksaan berjalan lagi setelah Anda menyimpan."
)

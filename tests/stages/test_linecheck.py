"""Mistakes people make writing poster.yml by hand, each found on its own line, said in Indonesian and English.

The files are the bytes a committee member would produce in GitHub's web editor, pasting from WhatsApp or
Word: non-breaking spaces (U+00A0), zero-width spaces (U+200B), curly quotes, tabs. Each test checks the
exact messages of `check` in both languages: the line and column of the mistake and the line as it
should be written, never YAML's own English words alone.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postergallery.commands.scaffold import PosterValues, poster_yml
from postergallery.i18n import Translator
from postergallery.stages.linecheck import _split_comment, check_lines
from postergallery.stages.load import KNOWN_KEYS

from hostilekit import HAND_WRITTEN_POSTER
from projectkit import GOOD_POSTER, ROOT, demo_posters, messages

NBSP = "\u00a0"
ZWSP = "\u200b"

# A poster.yml as a committee member writes it (the fields in their own order, comments, no quotes).
RIZKY = """\
# Poster Rizky untuk pameran 30 Januari
title: Las SMAW 3G
authors:
  - Rizky Pratama
role: alumni
center: BBPVP Serang
alt: Poster berlatar merah dengan foto peserta mengelas pelat.
program: Teknik Las SMAW
date: 2024-01-30
tags:
  - las
links:
  - label: Skema BNSP
    url: https://bnsp.go.id/
"""


def both(project, slug: str, text: str) -> tuple[list[str], list[str]]:
    """The messages of `check` for a poster folder holding ``text`` as poster.yml, in English and Indonesian."""
    project.add_poster(slug, text.encode("utf-8"))
    return messages(project.check("en")), messages(project.check("id"))


def replace_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_other_problems(text: str) -> str:
    """``text`` with two more problems, a wrong role and a date written the Indonesian way, which the loader
    reports only when YAML reads the file."""
    return replace_line(replace_line(text, "role: alumni", "role: guru"), "date: 2024-01-30", "date: 30/01/2024")


def other_problems(role_line: int, date_line: int) -> list[str]:
    """The messages (English) for the problems ``with_other_problems`` adds, on their lines."""
    return [
        f"posters/rizky/poster.yml:{role_line}:7: 'role' is 'guru', which is not one of the allowed values: "
        "instructor (Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        f"posters/rizky/poster.yml:{date_line}:7: 'date' must be a date written as YYYY-MM-DD (found "
        "'30/01/2024'); write it as 'date: 2024-01-30'.",
    ]


def places(found: list[str]) -> list[str]:
    """The file, line and column of each message."""
    return [m.split(": ", 1)[0] for m in found]


# ----------------------------------------------------- the colon and its space ---


def test_no_space_after_the_colon_is_reported_on_its_line(project):
    """YAML reports `title:"Las SMAW 3G"` on line 11 as "could not find expected ':'" on line 12."""
    text = """\
# Poster Rizky untuk pameran 30 Januari
authors:
  - Rizky Pratama
role: alumni
center: BBPVP Serang
alt: Poster berlatar merah dengan foto peserta mengelas pelat.
program: Teknik Las SMAW
date: 2024-01-30
tags:
  - las
title:"Las SMAW 3G"
# tautan ke skema sertifikasi
links:
  - label: Skema BNSP
    url: https://bnsp.go.id/
"""
    en, id_ = both(project, "las-smaw-3g", text)
    assert en == [
        "posters/las-smaw-3g/poster.yml:11:7: there is no space after 'title:', so YAML does not read this "
        "line as the field 'title'; put a space after the colon: 'title: \"Las SMAW 3G\"'."
    ]
    assert id_ == [
        "posters/las-smaw-3g/poster.yml:11:7: tidak ada spasi setelah 'title:', sehingga YAML tidak membaca "
        "baris ini sebagai isian 'title'; beri satu spasi setelah titik dua: 'title: \"Las SMAW 3G\"'."
    ]
    assert project.check().posters == []


def test_no_space_after_the_colon_before_a_comment_line(project):
    """YAML reports `role:alumni` at the comment line below it."""
    text = replace_line(RIZKY, "role: alumni\n", "role:alumni\n# peran: alumni pelatihan 2023\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:6: there is no space after 'role:', so YAML does not read this line as "
        "the field 'role'; put a space after the colon: 'role: alumni'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:6: tidak ada spasi setelah 'role:', sehingga YAML tidak membaca baris "
        "ini sebagai isian 'role'; beri satu spasi setelah titik dua: 'role: alumni'."
    ]


def test_no_space_after_the_colon_of_a_link_address(project):
    text = replace_line(RIZKY, "    url: https://bnsp.go.id/", "    url:https://bnsp.go.id/")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:14:9: there is no space after 'url:', so YAML does not read this line as "
        "the field 'url'; put a space after the colon: '    url: https://bnsp.go.id/'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:14:9: tidak ada spasi setelah 'url:', sehingga YAML tidak membaca baris "
        "ini sebagai isian 'url'; beri satu spasi setelah titik dua: '    url: https://bnsp.go.id/'."
    ]


@pytest.mark.parametrize(
    ("written", "col", "sign"),
    [
        ("role; alumni", 5, ";"),
        ("role = alumni", 6, "="),
        ("role\uff1a alumni", 5, "\uff1a"),
        ("role:: alumni", 5, "::"),
    ],
)
def test_a_semicolon_an_equals_sign_a_full_width_or_a_double_colon_after_a_field_name(project, written, col, sign):
    """Without the line check: "this line stands outside the list above it" and "'role' is missing"."""
    text = replace_line(RIZKY, "role: alumni\n", f"{written}\n") + "board: A 12\n"
    en, id_ = both(project, "rizky", text)
    assert en == [
        f"posters/rizky/poster.yml:5:{col}: 'role' is followed by '{sign}' instead of a colon, so YAML does not "
        "read this line as the field 'role'; write a colon and a space after the field name: 'role: alumni'.",
        "posters/rizky/poster.yml:15:8: 'board' is 'A 12', which is not a board number; a board number is made of "
        "letters (A-Z), digits and dashes between them, e.g. board: A-12.",
    ]
    assert id_[0] == (
        f"posters/rizky/poster.yml:5:{col}: setelah 'role' tertulis '{sign}', bukan titik dua, sehingga YAML tidak "
        "membaca baris ini sebagai isian 'role'; tulis titik dua dan satu spasi setelah nama isian: 'role: alumni'."
    )


def test_an_equals_sign_after_the_url_of_a_link(project):
    text = replace_line(RIZKY, "    url: https://bnsp.go.id/", "    url=https://bnsp.go.id/")
    en, _ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:14:8: 'url' is followed by '=' instead of a colon, so YAML does not read this "
        "line as the field 'url'; write a colon and a space after the field name: '    url: https://bnsp.go.id/'."
    ]


def test_addresses_and_times_are_not_mistaken_for_a_missing_space(project):
    project.add_poster(
        "rizky",
        replace_line(
            RIZKY,
            "links:\n",
            "summary: >-\n  Dibuka pukul 08:00 WIB;\n  tanya jawab 13:30.\nlinks:\n  - https://bnsp.go.id/\n",
        ),
    )
    result = project.check()
    assert messages(result) == []
    assert result.posters[0].summary == "Dibuka pukul 08:00 WIB; tanya jawab 13:30."
    assert [link.url for link in result.posters[0].links] == ["https://bnsp.go.id/", "https://bnsp.go.id/"]


# ------------------------------------------------ characters pasted from elsewhere ---


def test_a_tab_used_for_indenting(project):
    text = replace_line(RIZKY, "  - Rizky Pratama\n", "\t- Rizky Pratama\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:4:1: this line is indented with a tab; YAML only accepts spaces for "
        "indenting. Replace the tab with two spaces: '  - Rizky Pratama'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:4:1: baris ini dijorokkan dengan tab, padahal YAML hanya menerima spasi "
        "untuk menjorokkan baris. Ganti tab itu dengan dua spasi: '  - Rizky Pratama'."
    ]


def test_non_breaking_spaces_pasted_from_a_web_page_as_indentation(project):
    text = replace_line(RIZKY, "  - Rizky Pratama\n", f"  - Rizky Pratama\n{NBSP}{NBSP}- Dewi Lestari\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:1: this line is indented with non-breaking spaces (pasted from "
        "WhatsApp, Word or a web page), which YAML does not count as indentation; retype the spaces at "
        "the start of the line: '  - Dewi Lestari'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:1: baris ini dijorokkan dengan spasi tak-putus (non-breaking space, "
        "ikut tersalin dari WhatsApp, Word atau halaman web), yang tidak dihitung YAML sebagai spasi; "
        "ketik ulang spasi di awal baris: '  - Dewi Lestari'."
    ]


def test_a_non_breaking_space_after_the_colon(project):
    text = replace_line(RIZKY, "role: alumni", f"role:{NBSP}alumni")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:6: the space after 'role:' is a non-breaking space (pasted from "
        "WhatsApp, Word or a web page), so YAML does not read this line as the field 'role'; type an "
        "ordinary space after the colon: 'role: alumni'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:6: spasi setelah 'role:' adalah spasi tak-putus (ikut tersalin dari "
        "WhatsApp, Word atau halaman web), sehingga YAML tidak membaca baris ini sebagai isian 'role'; "
        "ketik spasi biasa setelah titik dua: 'role: alumni'."
    ]


def test_a_non_breaking_space_after_the_dash_of_a_list_entry(project):
    """Pasted from WhatsApp, where a list keeps a non-breaking space after its dash."""
    text = replace_line(RIZKY, "  - Rizky Pratama\n", f"  - Rizky Pratama\n  -{NBSP}Dewi Lestari, S.T.\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:4: the space after '-' is a non-breaking space (pasted from WhatsApp, "
        "Word or a web page), so YAML does not read this line as an entry of the list; type an ordinary "
        "space after the dash: '  - Dewi Lestari, S.T.'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:4: spasi setelah '-' adalah spasi tak-putus (ikut tersalin dari "
        "WhatsApp, Word atau halaman web), sehingga YAML tidak membaca baris ini sebagai entri daftar; "
        "ketik spasi biasa setelah tanda hubung: '  - Dewi Lestari, S.T.'."
    ]


def test_every_mistake_of_a_line_is_corrected_in_the_line_each_message_shows(project):
    text = replace_line(RIZKY, "center: BBPVP Serang", f"center:{NBSP}\u201cBBPVP Serang\u201d{ZWSP}")
    en, _ = both(project, "rizky", text)
    assert [m.split(": ", 1)[0] for m in en] == [
        "posters/rizky/poster.yml:6:8",
        "posters/rizky/poster.yml:6:9",
        "posters/rizky/poster.yml:6:23",
    ]
    assert all(m.endswith("'center: \"BBPVP Serang\"'.") for m in en)


def test_a_non_breaking_space_inside_a_name_is_read_as_a_space(project):
    """Inside a text it does no harm: the gallery reads it as an ordinary space, so the centre keeps its filter."""
    project.add_poster("rizky", replace_line(RIZKY, "center: BBPVP Serang", f"center: BBPVP{NBSP}Serang"))
    result = project.check()
    assert messages(result) == []
    assert (result.posters[0].center, result.posters[0].center_slug) == ("BBPVP Serang", "bbpvp-serang")


def test_a_zero_width_space_after_a_value(project):
    """Without the line check: "'role' is 'alumni\u200b' ... Did you mean 'alumni'?", the character unseen."""
    text = replace_line(RIZKY, "role: alumni", f"role: alumni{ZWSP}")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:13: an invisible character (a zero-width space, often pasted from "
        "WhatsApp or Word) is hidden here and would become part of the value; delete it, for example by "
        "typing the line again: 'role: alumni'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:13: ada karakter tak terlihat (spasi lebar-nol, sering ikut tersalin "
        "dari WhatsApp atau Word) di sini, yang akan menjadi bagian dari nilainya; hapus karakter itu, "
        "misalnya dengan mengetik ulang barisnya: 'role: alumni'."
    ]


@pytest.mark.parametrize("character", ["\u200c", "\u200d", "\u2060", "\ufeff"])
def test_other_zero_width_characters_inside_a_name(project, character):
    text = replace_line(RIZKY, "center: BBPVP Serang", f"center: BBPVP {character}Serang")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:6:15: an invisible character (a zero-width space, often pasted from "
        "WhatsApp or Word) is hidden here and would become part of the value; delete it, for example by "
        "typing the line again: 'center: BBPVP Serang'."
    ]
    assert id_[0].startswith("posters/rizky/poster.yml:6:15: ada karakter tak terlihat")


def test_a_line_break_from_word_inside_a_title(project):
    """YAML: "unacceptable character #x000b: special characters are not allowed in "<unicode string>", position
    27", with no line, and a hint about indentation."""
    text = replace_line(RIZKY, "title: Las SMAW 3G", "title: Las SMAW\x0b3G")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:16: an invisible special character (U+000B) is hidden here, often left by Word "
        "(its line break, Shift+Enter) or by copying from a PDF, and YAML cannot read the file with it; delete it, "
        "for example by typing the line again: 'title: Las SMAW 3G'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:2:16: ada karakter khusus tak terlihat (U+000B) tersembunyi di sini, yang sering "
        "terbawa dari Word (pindah baris dengan Shift+Enter) atau dari salinan PDF, dan YAML tidak dapat membaca "
        "berkas yang memuatnya; hapus karakter itu, misalnya dengan mengetik ulang barisnya: 'title: Las SMAW 3G'."
    ]


@pytest.mark.parametrize("character", ["\u2028", "\u0085", "\u2029"])
def test_a_line_separator_inside_a_title_and_the_lines_after_it(project, character):
    """YAML (and str.splitlines) take U+2028, U+0085 and U+2029 for line breaks, the editor does not: without the line
    check, "could not find expected ':'" two lines too low, and every later line number one too high."""
    text = replace_line(RIZKY, "title: Las SMAW 3G", f"title: Las SMAW{character}3G")
    text = replace_line(text, "role: alumni", "role: guru")
    en, id_ = both(project, "rizky", replace_line(text, "date: 2024-01-30", "date: 30/01/2024"))
    char = f"U+{ord(character):04X}"
    assert en == [
        f"posters/rizky/poster.yml:2:16: an invisible special character ({char}) is hidden here, often left by Word "
        "(its line break, Shift+Enter) or by copying from a PDF, and YAML cannot read the file with it; delete it, "
        "for example by typing the line again: 'title: Las SMAW 3G'.",
        "posters/rizky/poster.yml:5:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/rizky/poster.yml:9:7: 'date' must be a date written as YYYY-MM-DD (found '30/01/2024'); write it "
        "as 'date: 2024-01-30'.",
    ]
    assert id_[0] == (
        f"posters/rizky/poster.yml:2:16: ada karakter khusus tak terlihat ({char}) tersembunyi di sini, yang sering "
        "terbawa dari Word (pindah baris dengan Shift+Enter) atau dari salinan PDF, dan YAML tidak dapat membaca "
        "berkas yang memuatnya; hapus karakter itu, misalnya dengan mengetik ulang barisnya: 'title: Las SMAW 3G'."
    )
    assert [m.split(": ", 1)[0] for m in id_[1:]] == ["posters/rizky/poster.yml:5:7", "posters/rizky/poster.yml:9:7"]


def test_a_line_separator_in_a_comment_is_not_the_start_of_a_field(project):
    """After U+2028 YAML would read the rest of a comment as a line of its own: here a second 'title'."""
    text = replace_line(RIZKY, "title: Las SMAW 3G\n", "title: Las SMAW 3G\n# judul lama\u2028title: Las SMAW\n")
    en, _ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:3:13: an invisible special character (U+2028) is hidden here, often left by Word "
        "(its line break, Shift+Enter) or by copying from a PDF, and YAML cannot read the file with it; delete it, "
        "for example by typing the line again: '# judul lama title: Las SMAW'."
    ]


def test_a_control_character_alone_on_a_line_and_the_fields_after_it(project):
    text = replace_line(RIZKY, "role: alumni\n", "\x1a\nrole: guru\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:1: an invisible special character (U+001A) is on this line, often left by Word "
        "or by copying from a PDF, and YAML cannot read the file with it; delete the line.",
        "posters/rizky/poster.yml:6:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
    ]
    assert id_[0] == (
        "posters/rizky/poster.yml:5:1: ada karakter khusus tak terlihat (U+001A) di baris ini, yang sering terbawa "
        "dari Word atau dari salinan PDF, dan YAML tidak dapat membaca berkas yang memuatnya; hapus baris ini."
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_file_saved_as_utf16_without_its_byte_order_mark(project, newline):
    """Every other character a NUL: YAML said "unacceptable character #x0000 ... position 1". With Windows' line
    ends (CR, NUL, LF) each line counted twice: the role was said to be on line 9."""
    text = replace_line(RIZKY, "role: alumni", "role: guru").replace("\n", newline)
    project.add_poster("rizky", text.encode("utf-16-le"))
    assert messages(project.check("en")) == [
        "posters/rizky/poster.yml:1:2: poster.yml is saved as UTF-16 ('Unicode' in Notepad and Word), which puts an "
        "invisible null character after every letter; save it again as UTF-8 (in Notepad: File > Save As > "
        "Encoding: UTF-8).",
        "posters/rizky/poster.yml:5:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
    ]
    assert messages(project.check("id"))[0] == (
        "posters/rizky/poster.yml:1:2: poster.yml disimpan sebagai UTF-16 ('Unicode' di Notepad dan Word), yang "
        "menaruh karakter nol tak terlihat setelah setiap huruf; simpan lagi berkasnya sebagai UTF-8 (di Notepad: "
        "File > Save As > Encoding: UTF-8)."
    )


def test_a_file_saved_as_utf16_with_its_byte_order_mark(project):
    """Notepad's 'Unicode': said as such (not as one unreadable character), and the file read all the same."""
    project.add_poster("rizky", replace_line(RIZKY, "role: alumni", "role: guru").encode("utf-16"))
    assert messages(project.check("en")) == [
        "posters/rizky/poster.yml:1:1: poster.yml is saved as UTF-16 ('Unicode' in Notepad and Word), which puts an "
        "invisible null character after every letter; save it again as UTF-8 (in Notepad: File > Save As > "
        "Encoding: UTF-8).",
        "posters/rizky/poster.yml:5:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
    ]
    project.add_poster("rizky", codecs.BOM_UTF16_BE + RIZKY.encode("utf-16-be"))  # the other byte order
    assert len(messages(project.check("en"))) == 1 and project.check().posters == []


def test_joiners_inside_an_emoji_are_part_of_it(project):
    project.add_poster(
        "rizky", replace_line(RIZKY, "title: Las SMAW 3G", "title: Las SMAW 3G \U0001f469\u200d\U0001f527")
    )
    result = project.check()
    assert messages(result) == [] and result.posters[0].title == "Las SMAW 3G \U0001f469\u200d\U0001f527"


# ------------------------------------------------------------------ quotes ---


def test_curly_quotes_around_a_centre(project):
    """Kept as part of the text, they would make a centre of their own, with its own filter."""
    text = replace_line(RIZKY, "center: BBPVP Serang", "center: \u201cBBPVP Serang\u201d")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:6:9: the value is in curly quotes (\u201c...\u201d or \u2018...\u2019), "
        "which YAML keeps as part of the text; use straight double quotes instead: "
        "'center: \"BBPVP Serang\"'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:6:9: nilai ini diapit tanda kutip melengkung (\u201c...\u201d atau "
        "\u2018...\u2019), yang oleh YAML dianggap bagian dari teks; ganti dengan tanda kutip ganda lurus: "
        "'center: \"BBPVP Serang\"'."
    ]
    assert project.check().posters == []


def test_curly_quotes_inside_straight_ones_around_a_centre(project):
    """What `new --center "“BBPVP Serang”"` wrote before it took the curly quotes off."""
    text = replace_line(RIZKY, "center: BBPVP Serang", 'center: "\u201cBBPVP Serang\u201d"')
    en, _ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:6:9: the value is in curly quotes (\u201c...\u201d or \u2018...\u2019), "
        "which YAML keeps as part of the text; use straight double quotes instead: "
        "'center: \"BBPVP Serang\"'."
    ]


def test_curly_single_quotes_around_an_author(project):
    text = replace_line(RIZKY, "  - Rizky Pratama", "  - \u2018Rizky Pratama\u2019")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:4:5: the value is in curly quotes (\u201c...\u201d or \u2018...\u2019), "
        "which YAML keeps as part of the text; use straight double quotes instead: "
        "'  - \"Rizky Pratama\"'."
    ]
    assert id_[0].startswith("posters/rizky/poster.yml:4:5: nilai ini diapit tanda kutip melengkung")


@pytest.mark.parametrize(
    "title",
    [
        "Pelatihan \u201cLas\u201d untuk Pemula",
        "\u201cKopi\u201d dan \u201cTeh\u201d",  # two quoted words, not one text in quotes
        "\u2018Shalat Jum\u2019at\u2019 Bersama",
    ],
)
def test_curly_quotes_inside_a_title_are_text(project, title):
    project.add_poster("rizky", replace_line(RIZKY, "title: Las SMAW 3G", f"title: {title}"))
    result = project.check()
    assert messages(result) == [] and result.posters[0].title == title


def test_text_after_the_closing_quote(project):
    text = replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Dari Nol" ke Sertifikasi')
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:18: the text goes on after its closing quote, which YAML does not "
        'allow; put the whole text in double quotes, with \\" for a double quote inside it: '
        '\'title: "\\"Dari Nol\\" ke Sertifikasi"\'.'
    ]
    assert id_ == [
        "posters/rizky/poster.yml:2:18: teks berlanjut setelah tanda kutip penutupnya, padahal YAML tidak "
        'membolehkannya; apit seluruh teks dengan tanda kutip ganda, dan tulis \\" untuk tanda kutip '
        'ganda di dalamnya: \'title: "\\"Dari Nol\\" ke Sertifikasi"\'.'
    ]


def test_quotes_inside_a_quoted_text(project):
    text = replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Las "SMAW" 3G"')
    text = replace_line(text, "program: Teknik Las SMAW", 'program: "Teknik" dan "Las"')
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:14: the text goes on after its closing quote, which YAML does not "
        'allow; put the whole text in double quotes, with \\" for a double quote inside it: '
        '\'title: "Las \\"SMAW\\" 3G"\'.',
        "posters/rizky/poster.yml:8:18: the text goes on after its closing quote, which YAML does not "
        'allow; put the whole text in double quotes, with \\" for a double quote inside it: '
        '\'program: "\\"Teknik\\" dan \\"Las\\""\'.',
    ]
    assert id_[0].endswith('\'title: "Las \\"SMAW\\" 3G"\'.')


def test_an_apostrophe_inside_single_quotes(project):
    text = replace_line(RIZKY, "title: Las SMAW 3G", "title: 'Jum'at Berkah di Bengkel Las'")
    en, _ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:13: the text goes on after its closing quote, which YAML does not "
        'allow; put the whole text in double quotes, with \\" for a double quote inside it: '
        "'title: \"Jum'at Berkah di Bengkel Las\"'."
    ]


def test_a_backslash_inside_double_quotes(project):
    """Without the line check: "this line is not valid YAML (found unknown escape character 'd'). Check that every
    opening quote has a closing quote on the same line.", and no other problem of the file."""
    text = with_other_problems(replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Las \\d SMAW"'))
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:13: inside double quotes a backslash (\\) starts a special sign, and YAML does "
        "not know '\\d', so the file cannot be read; put the text in single quotes instead, where a backslash is an "
        "ordinary character: 'title: 'Las \\d SMAW''.",
        *other_problems(5, 9),
    ]
    assert id_[0] == (
        "posters/rizky/poster.yml:2:13: di dalam tanda kutip ganda, garis miring terbalik (\\) mengawali tanda "
        "khusus, dan YAML tidak mengenal '\\d', sehingga berkas tidak dapat dibaca; apit teksnya dengan tanda kutip "
        "tunggal, yang di dalamnya garis miring terbalik adalah karakter biasa: 'title: 'Las \\d SMAW''."
    )
    assert places(id_) == places(en)
    assert title_read_from(project, "'Las \\d SMAW'") == "Las \\d SMAW"


def test_a_backslash_inside_double_quotes_with_an_apostrophe_or_an_escape(project):
    """Single quotes would need the apostrophe written twice, and read \\" as two characters: the stray
    backslash is written twice instead, the rest kept."""
    text = replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Jum\'at \\"Las\\" C:\\Data"  # judul')
    en, id_ = both(project, "rizky", with_other_problems(text))
    assert en == [
        "posters/rizky/poster.yml:2:26: inside double quotes a backslash (\\) starts a special sign, and YAML does "
        "not know '\\D', so the file cannot be read; write each such backslash twice: "
        '\'title: "Jum\'at \\"Las\\" C:\\\\Data"  # judul\'.',
        *other_problems(5, 9),
    ]
    assert id_[0] == (
        "posters/rizky/poster.yml:2:26: di dalam tanda kutip ganda, garis miring terbalik (\\) mengawali tanda "
        "khusus, dan YAML tidak mengenal '\\D', sehingga berkas tidak dapat dibaca; tulis setiap garis miring "
        'terbalik seperti itu dua kali: \'title: "Jum\'at \\"Las\\" C:\\\\Data"  # judul\'.'
    )
    assert places(id_) == places(en)


def test_a_windows_folder_inside_double_quotes_is_said_whole_not_half_mended(project):
    """'\\b' is an escape YAML knows (a backspace): doubling only the '\\U' it refuses gave a line that passed, with
    an invisible backspace for the 'b' of the folder's name."""
    text = replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Folder C:\\Users\\budi"')
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:18: inside double quotes a backslash (\\) starts a special sign, and YAML does "
        "not know '\\U', so the file cannot be read; put the text in single quotes instead, where a backslash is an "
        "ordinary character: 'title: 'Folder C:\\Users\\budi''."
    ]
    assert places(id_) == places(en)
    assert title_read_from(project, "'Folder C:\\Users\\budi'") == "Folder C:\\Users\\budi"


@pytest.mark.parametrize(
    "written, fix, en_start, id_start",
    [
        (
            '"Las C:\\budi"',
            "put the text in single quotes instead, where a backslash is an ordinary character: "
            "'title: 'Las C:\\budi''.",
            "2:15: inside double quotes a backslash (\\) starts a special sign, and YAML reads '\\b' as an invisible "
            "control character, not as what is written; ",
            "2:15: di dalam tanda kutip ganda, garis miring terbalik (\\) mengawali tanda khusus, dan YAML membaca "
            "'\\b' sebagai karakter kendali yang tak terlihat, bukan seperti yang tertulis; ",
        ),
        (
            '"Jum\'at \\"Las\\" D:\\arsip"',
            'write each such backslash twice: \'title: "Jum\'at \\"Las\\" D:\\\\arsip"\'.',
            "2:26: inside double quotes a backslash (\\) starts a special sign, and YAML reads '\\a' as an invisible "
            "control character, not as what is written; ",
            "2:26: di dalam tanda kutip ganda, garis miring terbalik (\\) mengawali tanda khusus, dan YAML membaca "
            "'\\a' sebagai karakter kendali yang tak terlihat, bukan seperti yang tertulis; ",
        ),
    ],
)
def test_an_escape_that_makes_an_invisible_control_character_is_said(project, written, fix, en_start, id_start):
    """YAML reads "C:\\budi" without complaint, as 'C:', a backspace and 'udi': the text people see is not the
    one they wrote, and nothing said so."""
    en, id_ = both(project, "rizky", replace_line(RIZKY, "title: Las SMAW 3G", f"title: {written}"))
    assert en == [f"posters/rizky/poster.yml:{en_start}{fix}"]
    assert id_[0].startswith(f"posters/rizky/poster.yml:{id_start}")


def test_escapes_yaml_knows_inside_double_quotes_stay_as_they_are(project):
    assert title_read_from(project, '"Las \\"SMAW\\" \\u00e9 \\\\ 3G"') == 'Las "SMAW" \u00e9 \\ 3G'


def title_read_from(project, written: str) -> str:
    """The title read from RIZKY's poster.yml with its title written as ``written``, which passes the checks."""
    project.add_poster("rizky", RIZKY.replace("title: Las SMAW 3G", f"title: {written}"))
    result = project.check()
    assert messages(result) == []
    return result.posters[0].title


def test_a_quote_that_is_never_closed(project):
    text = replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Las SMAW 3G')
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:8: the quote \" opened after 'title:' is not closed; add the closing \" "
        "at the end of the line: 'title: \"Las SMAW 3G\"'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:2:8: tanda kutip \" yang dibuka setelah 'title:' tidak ditutup; "
        'tambahkan tanda kutip penutup " di akhir baris: \'title: "Las SMAW 3G"\'.'
    ]


def test_a_quote_left_open_over_indented_lines(project):
    text = replace_line(RIZKY, "title: Las SMAW 3G", 'title: "Las SMAW 3G:\n  dari Nol ke Sertifikasi')
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:2:8: the quote \" opened after 'title:' is not closed before the next "
        'field; add the closing " where the text ends, at the end of line 3: '
        "'  dari Nol ke Sertifikasi\"'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:2:8: tanda kutip \" yang dibuka setelah 'title:' tidak ditutup sebelum "
        'isian berikutnya; tambahkan tanda kutip penutup " di akhir teksnya, yaitu di akhir baris 3: '
        "'  dari Nol ke Sertifikasi\"'."
    ]


# ------------------------------------------------- a text over several lines ---


def test_a_list_of_topics_whose_bracket_is_never_closed(project):
    """Without the line check: "this line is not valid YAML (expected ',' or ']', but got ':')" on the next field's
    line, and no other problem of the file."""
    text = with_other_problems(replace_line(RIZKY, "tags:\n  - las\n", "tags: [las, k3   # topik\n"))
    en, id_ = both(project, "rizky", text)
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:7: the list opened with '[' after 'tags:' is not closed; add ']' at its end, or "
        "write each entry on a line of its own starting with '- ': 'tags: [las, k3]'.",
    ]
    assert id_[2] == (
        "posters/rizky/poster.yml:10:7: daftar yang dibuka dengan '[' setelah 'tags:' tidak ditutup; tambahkan ']' "
        "di akhirnya, atau tulis setiap entri di barisnya sendiri yang diawali '- ': 'tags: [las, k3]'."
    )
    assert places(id_) == places(en)


def test_a_list_of_topics_over_several_lines_whose_bracket_is_never_closed(project):
    text = replace_line(RIZKY, "tags:\n  - las\n", "tags: [las,\n  k3,\n\n  # lagi\n")
    en, id_ = both(project, "rizky", with_other_problems(text))
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:7: the list opened with '[' after 'tags:' is not closed before the next field; "
        "add ']' where the list ends, at the end of line 11: '  k3]'.",
    ]
    assert id_[2] == (
        "posters/rizky/poster.yml:10:7: daftar yang dibuka dengan '[' setelah 'tags:' tidak ditutup sebelum isian "
        "berikutnya; tambahkan ']' di akhir daftarnya, yaitu di akhir baris 11: '  k3]'."
    )


def test_a_list_of_topics_closed_on_a_later_line_is_valid(project):
    project.add_poster("rizky", replace_line(RIZKY, "tags:\n  - las\n", "tags: [las,\n  k3]\n"))
    result = project.check()
    assert messages(result) == [] and result.posters[0].tags == ("las", "k3")


def test_a_quote_left_open_inside_a_list_of_topics(project):
    """Without the line check: "this line is not valid YAML (found unexpected end of stream)" on the line after the
    last, and no other problem of the file: YAML read the rest of the file as the quoted topic."""
    text = with_other_problems(replace_line(RIZKY, "tags:\n  - las\n", 'tags: [las, "k3, otomotif]\n'))
    en, id_ = both(project, "rizky", text)
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:13: the quote \" opened before 'k3' in the list after 'tags:' is not closed; add "
        'the closing " where that entry ends: \'tags: [las, "k3", otomotif]\'.',
    ]
    assert id_[2] == (
        "posters/rizky/poster.yml:10:13: tanda kutip \" yang dibuka sebelum 'k3' di daftar setelah 'tags:' tidak "
        'ditutup; tambahkan tanda kutip penutup " di akhir entri itu: \'tags: [las, "k3", otomotif]\'.'
    )
    assert places(id_) == places(en)
    project.add_poster("rizky", replace_line(RIZKY, "tags:\n  - las\n", 'tags: [las, "k3", otomotif]\n'))
    result = project.check()  # the line written as said
    assert messages(result) == [] and result.posters[0].tags == ("las", "k3", "otomotif")


@pytest.mark.parametrize(
    "tags, expected",
    [
        # Over two lines: closed where the entry ends, before the list's ']'.
        (
            "tags: [las, 'k3\n  otomotif]\n",
            [
                "10:13: the quote ' opened before 'k3' in the list after 'tags:' is not closed; add the closing ' "
                "where that entry ends, on line 11: '  otomotif']'."
            ],
        ),
        # The quote and the list around it both left open: both said, each line shown with both closed.
        (
            'tags: [las, "k3\n',
            [
                "10:7: the list opened with '[' after 'tags:' is not closed; add ']' at its end, or write each entry "
                "on a line of its own starting with '- ': 'tags: [las, \"k3\"]'.",
                "10:13: the quote \" opened before 'k3' in the list after 'tags:' is not closed; add the closing \" "
                "where that entry ends: 'tags: [las, \"k3\"]'.",
            ],
        ),
        # A list left open before a field the gallery does not know: it was told to close the list at the end of
        # that field's line ('warna: merah]').
        (
            "tags: [las, k3\nwarna: merah\n",
            [
                "10:7: the list opened with '[' after 'tags:' is not closed; add ']' at its end, or write each entry "
                "on a line of its own starting with '- ': 'tags: [las, k3]'.",
                "11:1: unknown field 'warna'. The allowed fields are: title, authors, role, center, alt, program, "
                "date, summary, tags, links, image, board, text.",
            ],
        ),
    ],
)
def test_a_list_left_open_or_with_a_quote_left_open_ends_before_the_next_field(project, tags, expected):
    project.add_poster("rizky", replace_line(RIZKY, "tags:\n  - las\n", tags))
    assert messages(project.check()) == [f"posters/rizky/poster.yml:{message}" for message in expected]


def test_a_summary_pasted_over_several_lines(project):
    """Pasted from WhatsApp: paragraphs at the left edge. The role is wrong too: both show in the same run."""
    text = replace_line(
        RIZKY,
        "tags:\n",
        (
            "summary: Sebelum pelatihan saya bekerja serabutan.\n"
            "Dalam 320 jam saya belajar membaca gambar kerja dan mengelas pelat posisi 3G.\n"
            "\n"
            "Kini saya bekerja sebagai welder di galangan kapal di Cilegon.\n"
            "tags:\n"
        ),
    ).replace("role: alumni", "role: lulusan")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:7: 'role' is 'lulusan', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'alumni'?",
        "posters/rizky/poster.yml:11:1: lines 11 to 13 go on with the text of 'summary' from line 10, but YAML reads "
        "a line that starts at the left edge as a new field. Write 'summary: >-' on line 10, then the whole text "
        "on the lines below it, each indented by two spaces: '  Sebelum pelatihan saya bekerja serabutan.' and "
        "so on.",
    ]
    assert id_[1] == (
        "posters/rizky/poster.yml:11:1: baris 11 sampai 13 melanjutkan teks 'summary' dari baris 10, padahal YAML "
        "membaca baris yang dimulai di tepi kiri sebagai isian baru. Tulis 'summary: >-' di baris 10, lalu seluruh "
        "teksnya di baris-baris di bawahnya, masing-masing dijorokkan dua spasi: '  Sebelum pelatihan saya bekerja "
        "serabutan.' dan seterusnya."
    )


def test_one_pasted_line_with_a_colon_in_it(project):
    text = replace_line(RIZKY, "tags:\n", "summary: Uji kompetensi di BBPVP Serang.\nHasil akhir: lulus.\ntags:\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:11:1: line 11 goes on with the text of 'summary' from line 10, but YAML reads a "
        "line that starts at the left edge as a new field. Write 'summary: >-' on line 10, then the whole text on "
        "the lines below it, each indented by two spaces: '  Uji kompetensi di BBPVP Serang.' and so on."
    ]
    assert id_[0].startswith("posters/rizky/poster.yml:11:1: baris 11 melanjutkan teks 'summary' dari baris 10,")


def test_a_colon_inside_a_one_text_field_is_said_on_its_line_and_the_rest_of_the_file_is_read(project):
    text = replace_line(RIZKY, "title: Las SMAW 3G", "title: Las SMAW: dari Nol")
    text = replace_line(text, "    url: https://bnsp.go.id/", "    url: https://bnsp.go.id/\n  - label: Video: praktik")
    en, id_ = both(project, "rizky", replace_line(text, "role: alumni", "role: guru"))
    assert en == [
        "posters/rizky/poster.yml:2:16: a colon followed by a space (': ') inside a text makes YAML read the words "
        "before it as a field name, and the file cannot be read; put the whole text in double quotes: "
        "'title: \"Las SMAW: dari Nol\"'.",
        "posters/rizky/poster.yml:5:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/rizky/poster.yml:15:5: this link has no 'url'; add 'url: https://...'.",
        "posters/rizky/poster.yml:15:17: a colon followed by a space (': ') inside a text makes YAML read the words "
        "before it as a field name, and the file cannot be read; put the whole text in double quotes: "
        "'  - label: \"Video: praktik\"'.",
    ]
    assert id_[0] == (
        "posters/rizky/poster.yml:2:16: titik dua yang diikuti spasi (': ') di dalam teks membuat YAML membaca "
        "kata-kata sebelumnya sebagai nama isian, sehingga berkas tidak dapat dibaca; apit seluruh teks dengan tanda "
        "kutip ganda: 'title: \"Las SMAW: dari Nol\"'."
    )


def test_a_colon_inside_the_text_of_a_misspelt_field(project):
    """A name the schema does not know ('titel', 'author', 'catatan') with a colon in its text: YAML's refusal
    alone ("not valid YAML ... put the whole text in double quotes"), and the file's other problems, the
    misspelling among them, only once that was mended. ('Did you mean' says what to write for the title: not also
    "the required field 'title' is missing. Add a line ...", which followed as well gave the field twice.)"""
    text = replace_line(RIZKY, "title: Las SMAW 3G", "titel: Las SMAW: Posisi 3G")
    text = replace_line(text, "role: alumni", "role: guru")
    en, id_ = both(project, "rizky", replace_line(text, "date: 2024-01-30", "catatan: Revisi: ke-2\ndate: 30/01/2024"))
    assert en == [
        "posters/rizky/poster.yml:2:1: unknown field 'titel'. Did you mean 'title'?",
        "posters/rizky/poster.yml:2:16: a colon followed by a space (': ') inside a text makes YAML read the words "
        "before it as a field name, and the file cannot be read; put the whole text in double quotes: "
        "'titel: \"Las SMAW: Posisi 3G\"'.",
        "posters/rizky/poster.yml:5:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/rizky/poster.yml:9:1: unknown field 'catatan'. The allowed fields are: title, authors, role, "
        "center, alt, program, date, summary, tags, links, image, board, text.",
        "posters/rizky/poster.yml:9:16: a colon followed by a space (': ') inside a text makes YAML read the words "
        "before it as a field name, and the file cannot be read; put the whole text in double quotes: "
        "'catatan: \"Revisi: ke-2\"'.",
        "posters/rizky/poster.yml:10:7: 'date' must be a date written as YYYY-MM-DD (found '30/01/2024'); write it "
        "as 'date: 2024-01-30'.",
    ]
    assert len(id_) == len(en)


def test_a_colon_inside_the_text_of_a_field_written_with_its_indonesian_name(project):
    """Without the line check: "this line is not valid YAML (mapping values are not allowed here)", and neither
    the name 'judul' nor the file's other problems said."""
    text = replace_line(RIZKY, "title: Las SMAW 3G", "judul: Las SMAW: Posisi 3G")
    text = replace_line(text, "role: alumni", "role: guru")
    en, id_ = both(project, "rizky", replace_line(text, "date: 2024-01-30", "date: 30/01/2024"))
    assert en == [
        "posters/rizky/poster.yml:2:1: unknown field 'judul'. Did you mean 'title'?",
        "posters/rizky/poster.yml:2:16: a colon followed by a space (': ') inside a text makes YAML read the words "
        "before it as a field name, and the file cannot be read; put the whole text in double quotes: "
        "'judul: \"Las SMAW: Posisi 3G\"'.",
        "posters/rizky/poster.yml:5:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/rizky/poster.yml:9:7: 'date' must be a date written as YYYY-MM-DD (found '30/01/2024'); write it "
        "as 'date: 2024-01-30'.",
    ]
    assert id_[1] == (
        "posters/rizky/poster.yml:2:16: titik dua yang diikuti spasi (': ') di dalam teks membuat YAML membaca "
        "kata-kata sebelumnya sebagai nama isian, sehingga berkas tidak dapat dibaca; apit seluruh teks dengan tanda "
        "kutip ganda: 'judul: \"Las SMAW: Posisi 3G\"'."
    )
    assert len(id_) == 4 and id_[0].startswith("posters/rizky/poster.yml:2:1: ")


def test_a_text_indented_under_its_field_is_valid(project):
    project.add_poster(
        "rizky", replace_line(RIZKY, "tags:\n", "summary: Sebelum pelatihan saya bekerja\n  serabutan.\ntags:\n")
    )
    result = project.check()
    assert messages(result) == [] and result.posters[0].summary == "Sebelum pelatihan saya bekerja serabutan."


def test_a_block_text_that_is_not_indented(project):
    text = replace_line(RIZKY, "tags:\n", "summary: |\nSebelum pelatihan saya bekerja serabutan.\ntags:\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:11:1: the text of 'summary' (after '|' or '>' on line 10) must be "
        "indented by two spaces on every line, or YAML reads it as a new field: "
        "'  Sebelum pelatihan saya bekerja serabutan.'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:11:1: teks 'summary' (setelah '|' atau '>' di baris 10) harus "
        "dijorokkan dua spasi di setiap barisnya; tanpa itu YAML membacanya sebagai isian baru: "
        "'  Sebelum pelatihan saya bekerja serabutan.'."
    ]


def test_text_on_the_line_of_a_block_indicator(project):
    """Without the line check: "this line is not valid YAML (expected a comment or a line break, but found 'S')",
    and no other problem of the file."""
    text = replace_line(RIZKY, "tags:\n", "summary: >- Sebelum pelatihan saya bekerja serabutan.\ntags:\n")
    en, id_ = both(project, "rizky", with_other_problems(text))
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:13: the text after '>-' must start on the line below it: YAML does not allow "
        "text on the same line, and the file cannot be read. Write 'summary: >-', and below it the text, each line "
        "indented by two spaces: '  Sebelum pelatihan saya bekerja serabutan.'.",
    ]
    assert id_[2] == (
        "posters/rizky/poster.yml:10:13: teks setelah '>-' harus dimulai di baris di bawahnya: YAML tidak "
        "membolehkan teks di baris yang sama, sehingga berkas tidak dapat dibaca. Tulis 'summary: >-', lalu teksnya "
        "di bawahnya, setiap baris dijorokkan dua spasi: '  Sebelum pelatihan saya bekerja serabutan.'."
    )
    assert places(id_) == places(en)
    # The rest of the file is read with the text of 'summary' as written, without the '>-'.
    assert (
        check_lines(text, KNOWN_KEYS).repaired.split("\n")[9] == 'summary: "Sebelum pelatihan saya bekerja serabutan."'
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "col", "corrected", "below"),
    [
        # (With ': ' in the text, the colon rule's line to write kept the '|- ' inside the quotes.)
        (
            "tags:\n",
            "text: |- Latar belakang: banyak pemuda menganggur\ntags:\n",
            10,
            10,
            "text: |-",
            "  Latar belakang: banyak pemuda menganggur",
        ),
        ("title: Las SMAW 3G", "title: > Las", 2, 10, "title: >", "  Las"),
        ("title: Las SMAW 3G", "title: | Las SMAW", 2, 10, "title: |", "  Las SMAW"),
        (
            "    url: https://bnsp.go.id/",
            "    url: https://bnsp.go.id/\n  - label: |+ Video",
            15,
            15,
            "  - label: |+",
            "      Video",
        ),
    ],
)
def test_text_on_the_line_of_a_block_indicator_of_any_kind(project, old, new, line, col, corrected, below):
    en, id_ = both(project, "rizky", with_other_problems(replace_line(RIZKY, old, new)))
    indicator = corrected.rsplit(" ", 1)[1]
    said = (
        f"posters/rizky/poster.yml:{line}:{col}: the text after '{indicator}' must start on the line below it: YAML "
        "does not allow text on the same line, and the file cannot be read. Write "
        f"'{corrected}', and below it the text, each line indented by two spaces: '{below}'."
    )
    # (The link written on line 15 has no 'url': said too.)
    assert [m for m in en if m != said and not m.endswith("this link has no 'url'; add 'url: https://...'.")] == (
        other_problems(5, 9)
    )
    assert said in en
    assert places(id_) == places(en)


def test_text_on_the_line_of_a_block_indicator_and_the_lines_after_it(project):
    """Lines indented under it, and one at the left edge, are more of the same text."""
    text = replace_line(
        RIZKY, "tags:\n", 'summary: >- Sebelum pelatihan saya\n  bekerja "serabutan".\n\n  Kini\njuru las.\ntags:\n'
    )
    en, _ = both(project, "rizky", with_other_problems(text))
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:13: the text after '>-' must start on the line below it: YAML does not allow "
        "text on the same line, and the file cannot be read. Write 'summary: >-', and below it the text, each line "
        "indented by two spaces: '  Sebelum pelatihan saya'.",
        "posters/rizky/poster.yml:14:1: the text of 'summary' (after '|' or '>' on line 10) must be indented by two "
        "spaces on every line, or YAML reads it as a new field: '  juru las.'.",
    ]
    assert check_lines(text, KNOWN_KEYS).repaired.split("\n")[9:14] == [
        'summary: "Sebelum pelatihan saya',
        '  bekerja \\"serabutan\\".',
        "",
        "  Kini",
        '  juru las."',
    ]


def test_a_bullet_pasted_as_the_value_of_a_field(project):
    """Without the line check: "this line is not valid YAML (sequence entries are not allowed here)", or "(mapping
    keys are not allowed here)", and no other problem of the file."""
    text = replace_line(RIZKY, "tags:\n", "summary: - Belajar membaca gambar kerja\ntext: ? Las\ntags:\n")
    en, id_ = both(project, "rizky", with_other_problems(text))
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:10: a value starting with a dash and a space ('- ') is read by YAML as an entry "
        "of a list, which cannot stand after the field's name, and the file cannot be read; remove the dash, or put "
        "the whole text in double quotes: 'summary: \"- Belajar membaca gambar kerja\"'.",
        "posters/rizky/poster.yml:11:7: YAML does not allow a value to start with '? '; put the whole text in "
        "double quotes: 'text: \"? Las\"'.",
    ]
    assert id_[2:] == [
        "posters/rizky/poster.yml:10:10: nilai yang diawali tanda hubung dan spasi ('- ') dibaca YAML sebagai entri "
        "daftar, yang tidak boleh berada setelah nama isian, sehingga berkas tidak dapat dibaca; hapus tanda hubung "
        "itu, atau apit seluruh teks dengan tanda kutip ganda: 'summary: \"- Belajar membaca gambar kerja\"'.",
        "posters/rizky/poster.yml:11:7: YAML tidak membolehkan nilai diawali '? '; apit seluruh teks dengan tanda "
        "kutip ganda: 'text: \"? Las\"'.",
    ]


def test_a_list_entry_on_the_line_of_its_field(project):
    text = replace_line(RIZKY, "tags:\n  - las\n", "tags: - las\n")
    en, id_ = both(project, "rizky", with_other_problems(text))
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:10:7: the entries of 'tags' go on the lines below 'tags:', one on each line: YAML "
        "does not allow a list entry ('- ') on the field's own line, and the file cannot be read. Write 'tags:', and "
        "below it: '  - las'.",
    ]
    assert id_[2] == (
        "posters/rizky/poster.yml:10:7: entri-entri 'tags' ditulis di baris-baris di bawah 'tags:', satu entri per "
        "baris: YAML tidak membolehkan entri daftar ('- ') di baris isiannya sendiri, sehingga berkas tidak dapat "
        "dibaca. Tulis 'tags:', lalu di bawahnya: '  - las'."
    )


def test_a_name_outside_the_list_of_authors(project):
    text = replace_line(RIZKY, "  - Rizky Pratama\n", "  - Rizky Pratama\nDewi Lestari\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:1: this line stands outside the list above it; if it is another entry "
        "of 'authors', start it with a dash and a space like the line before: '  - Dewi Lestari'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:1: baris ini berada di luar daftar di atasnya; jika baris ini entri "
        "lain dari 'authors', awali dengan tanda hubung dan spasi seperti baris sebelumnya: "
        "'  - Dewi Lestari'."
    ]


BULLET_SAID = (
    "'{char}' is a bullet from WhatsApp or Word, which YAML does not read as an entry of the list; start the entry "
    "with a dash and a space: '{corrected}'."
)
DASH_SAID = (
    "'{char}' is not the hyphen '-' (Word and phones often put a longer dash or a minus sign in its place), so YAML "
    "does not read this line as an entry of the list; start the entry with the hyphen and a space: '{corrected}'."
)


@pytest.mark.parametrize(
    ("bullet", "indent"),
    # Without the line check: "expected alphabetic or numeric character, but found ' '" for '*' (an alias to
    # YAML); the authors read as one text "• Rizky Pratama • Dewi Lestari" with the lines to write '  - • Rizky
    # Pratama', '  - •\x09Dewi Lestari'; or, at the left edge, the names made into '# ' comments.
    [("*", "  "), ("*", ""), ("\u2022", "  "), ("\u2022", "")],
)
def test_authors_written_with_a_bullet_from_whatsapp_or_word(project, bullet, indent):
    text = replace_line(
        RIZKY, "  - Rizky Pratama\n", f"{indent}{bullet} Rizky Pratama\n{indent}{bullet}\tDewi Lestari\n"
    )
    en, id_ = both(project, "rizky", with_other_problems(text))
    col = len(indent) + 1
    assert en == [
        f"posters/rizky/poster.yml:4:{col}: " + BULLET_SAID.format(char=bullet, corrected="  - Rizky Pratama"),
        f"posters/rizky/poster.yml:5:{col}: " + BULLET_SAID.format(char=bullet, corrected="  - Dewi Lestari"),
        *other_problems(6, 10),
    ]
    assert id_[0] == (
        f"posters/rizky/poster.yml:4:{col}: '{bullet}' adalah tanda butir dari WhatsApp atau Word, yang tidak dibaca "
        "YAML sebagai entri daftar; awali entri dengan tanda hubung dan spasi: '  - Rizky Pratama'."
    )
    assert places(id_) == places(en)


def test_topics_written_with_a_bullet_from_whatsapp(project):
    en, _ = both(project, "rizky", with_other_problems(replace_line(RIZKY, "  - las\n", "  * las\n  * k3\n")))
    assert en == [
        *other_problems(5, 9),
        "posters/rizky/poster.yml:11:3: " + BULLET_SAID.format(char="*", corrected="  - las"),
        "posters/rizky/poster.yml:12:3: " + BULLET_SAID.format(char="*", corrected="  - k3"),
    ]


def test_entries_written_with_a_dash_that_is_not_the_hyphen(project):
    """Without the line check: "this line stands outside the list above it", with the line to write '  - – Dewi
    Lestari'. The entry written with the hyphen stays as it is."""
    entries = "  - Rizky Pratama\n  \u2013 Dewi Lestari\n  \u2014 Budi\n  \u2212 Siti\n  \u2010 Andi\n"
    en, id_ = both(project, "rizky", with_other_problems(replace_line(RIZKY, "  - Rizky Pratama\n", entries)))
    assert en == [
        "posters/rizky/poster.yml:5:3: " + DASH_SAID.format(char="\u2013", corrected="  - Dewi Lestari"),
        "posters/rizky/poster.yml:6:3: " + DASH_SAID.format(char="\u2014", corrected="  - Budi"),
        "posters/rizky/poster.yml:7:3: " + DASH_SAID.format(char="\u2212", corrected="  - Siti"),
        "posters/rizky/poster.yml:8:3: " + DASH_SAID.format(char="\u2010", corrected="  - Andi"),
        *other_problems(9, 13),
    ]
    assert id_[0] == (
        "posters/rizky/poster.yml:5:3: '\u2013' bukan tanda hubung '-' (Word dan ponsel sering menggantinya dengan "
        "tanda pisah yang lebih panjang atau tanda minus), sehingga YAML tidak membaca baris ini sebagai entri "
        "daftar; awali entri dengan tanda hubung dan spasi: '  - Dewi Lestari'."
    )
    assert places(id_) == places(en)


def test_a_tab_after_the_dash_of_an_entry(project):
    """Without the line check: "found character '\\t' that cannot start any token", and nothing else."""
    text = replace_line(RIZKY, "  - Rizky Pratama\n", "  -\tRizky Pratama\n")
    en, id_ = both(project, "rizky", with_other_problems(text))
    assert en == [
        "posters/rizky/poster.yml:4:4: the dash is followed by a tab, which YAML does not accept there; type a "
        "space after the dash: '  - Rizky Pratama'.",
        *other_problems(5, 9),
    ]
    assert id_[0] == (
        "posters/rizky/poster.yml:4:4: tanda hubung diikuti tab, padahal YAML tidak menerimanya di situ; ketik spasi "
        "setelah tanda hubung: '  - Rizky Pratama'."
    )


def test_bullets_in_a_text_are_part_of_it(project):
    text = replace_line(RIZKY, "tags:\n", "summary:\n  \u2022 Pelatihan dasar\n  \u2022 Uji kompetensi\ntags:\n")
    project.add_poster("rizky", text)
    result = project.check()
    assert messages(result) == [] and result.posters[0].summary == "\u2022 Pelatihan dasar \u2022 Uji kompetensi"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (  # (The lines to write were '  - • Rizky Pratama', '  - •\x09Dewi Lestari'.)
            "authors: \u2022 Rizky Pratama\n  \u2022\tDewi Lestari\n",
            "'authors' is read as the one text '\u2022 Rizky Pratama \u2022 Dewi Lestari': a list entry starts with a "
            "dash and a space ('- '), not '\u2022'. Write each entry on its own line under 'authors:', like this: "
            "'  - Rizky Pratama', '  - Dewi Lestari'.",
        ),
        (  # (The lines to write were '  - Rizky Pratama', '  - - Dewi Lestari', a list inside the list.)
            "authors: Rizky Pratama\n  - Dewi Lestari\n",
            "'authors' is read as the one text 'Rizky Pratama - Dewi Lestari', because its lines do not start with a "
            "dash and a space ('- '). Write each entry on its own line under 'authors:', like this: "
            "'  - Rizky Pratama', '  - Dewi Lestari'.",
        ),
    ],
)
def test_names_read_as_one_text_show_the_entries_without_their_bullets(project, written, said):
    text = replace_line(RIZKY, "authors:\n  - Rizky Pratama\n", written)
    en, _ = both(project, "rizky", with_other_problems(text))
    assert en == [f"posters/rizky/poster.yml:3:10: {said}", *other_problems(5, 9)]


def test_an_entry_indented_further_than_the_one_before(project):
    text = replace_line(RIZKY, "  - Rizky Pratama\n", "  - Rizky Pratama\n    - Dewi Lestari\n")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:5:5: this entry is indented further than the entry on line 4, so YAML reads "
        "it as more of that entry's text ('Rizky Pratama - Dewi Lestari'); indent it like the line before: "
        "'  - Dewi Lestari'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:5:5: entri ini dijorokkan lebih dalam daripada entri di baris 4, sehingga YAML "
        "membacanya sebagai lanjutan teks entri itu ('Rizky Pratama - Dewi Lestari'); jorokkan sama seperti "
        "baris sebelumnya: '  - Dewi Lestari'."
    ]


@pytest.mark.parametrize(
    ("old", "new", "en", "id_"),
    [
        (  # YAML: "expected <block end>, but found '?'"
            "role: alumni\n",
            "  role: alumni\n",
            "posters/rizky/poster.yml:5:3: 'role' is indented by 2 spaces, so YAML does not read it as a field of its "
            "own; the fields of poster.yml start at the left edge: 'role: alumni'.",
            "posters/rizky/poster.yml:5:3: 'role' dijorokkan 2 spasi, sehingga YAML tidak membacanya sebagai isian "
            "tersendiri; isian-isian poster.yml dimulai di tepi kiri: 'role: alumni'.",
        ),
        (  # YAML: "mapping values are not allowed here", with a hint about a colon inside a text
            "role: alumni\n",
            "    role: alumni\n",
            "posters/rizky/poster.yml:5:5: 'role' is indented by 4 spaces, so YAML does not read it as a field of its "
            "own; the fields of poster.yml start at the left edge: 'role: alumni'.",
            "posters/rizky/poster.yml:5:5: 'role' dijorokkan 4 spasi, sehingga YAML tidak membacanya sebagai isian "
            "tersendiri; isian-isian poster.yml dimulai di tepi kiri: 'role: alumni'.",
        ),
        (
            "center: BBPVP Serang\n",
            " center: BBPVP Serang\n",
            "posters/rizky/poster.yml:6:2: 'center' is indented by 1 space, so YAML does not read it as a field of its "
            "own; the fields of poster.yml start at the left edge: 'center: BBPVP Serang'.",
            "posters/rizky/poster.yml:6:2: 'center' dijorokkan 1 spasi, sehingga YAML tidak membacanya sebagai isian "
            "tersendiri; isian-isian poster.yml dimulai di tepi kiri: 'center: BBPVP Serang'.",
        ),
        (  # YAML: "expected <block end>, but found '?'"
            "    url: https://bnsp.go.id/",
            "  url: https://bnsp.go.id/",
            "posters/rizky/poster.yml:14:3: 'url' is not indented like 'label' on line 13, so YAML does not read them "
            "as one link; indent 'url' like 'label' above it: '    url: https://bnsp.go.id/'.",
            "posters/rizky/poster.yml:14:3: 'url' tidak dijorokkan sama seperti 'label' di baris 13, sehingga YAML "
            "tidak membaca keduanya sebagai satu tautan; jorokkan 'url' sama seperti 'label' di atasnya: "
            "'    url: https://bnsp.go.id/'.",
        ),
        (  # YAML: "expected <block end>, but found '<block sequence start>'"
            "  - Rizky Pratama\n",
            "  - Rizky Pratama\n - Dewi Lestari\n",
            "posters/rizky/poster.yml:5:2: this entry is indented less than the entry on line 4, so YAML cannot tell "
            "which list it belongs to; indent it like the line before: '  - Dewi Lestari'.",
            "posters/rizky/poster.yml:5:2: entri ini dijorokkan lebih sedikit daripada entri di baris 4, sehingga YAML "
            "tidak tahu entri ini milik daftar yang mana; jorokkan sama seperti baris sebelumnya: '  - Dewi Lestari'.",
        ),
        (  # YAML: "expected <block end>, but found '-'"
            "  - Rizky Pratama\n",
            "  - Rizky Pratama\n- Dewi Lestari\n",
            "posters/rizky/poster.yml:5:1: this entry is indented less than the entry on line 4, so YAML cannot tell "
            "which list it belongs to; indent it like the line before: '  - Dewi Lestari'.",
            "posters/rizky/poster.yml:5:1: entri ini dijorokkan lebih sedikit daripada entri di baris 4, sehingga YAML "
            "tidak tahu entri ini milik daftar yang mana; jorokkan sama seperti baris sebelumnya: '  - Dewi Lestari'.",
        ),
    ],
)
def test_a_field_or_an_entry_indented_unlike_its_neighbours(project, old, new, en, id_):
    """YAML stops at such a line in its own words; the line is said as it should be, and the rest is read."""
    text = replace_line(RIZKY, old, new) + "board: A 12\n"
    en_found, id_found = both(project, "rizky", text)
    board = (
        f"posters/rizky/poster.yml:{text.count(chr(10))}:8: 'board' is 'A 12', which is not a board number; a board "
        "number is made of letters (A-Z), digits and dashes between them, e.g. board: A-12."
    )
    assert en_found == [en, board]
    assert id_found[0] == id_


@pytest.mark.parametrize(
    ("old", "new", "en", "id_"),
    [
        (
            "title: Las SMAW 3G",
            "title: Las SMAW #1 dari Nol",
            "posters/rizky/poster.yml:2:17: a ' #' starts a note (a comment) that YAML ignores to the end of the "
            "line, so '#1 dari Nol' is not part of the value; put the whole text in double quotes: "
            "'title: \"Las SMAW #1 dari Nol\"'.",
            "posters/rizky/poster.yml:2:17: ' #' mengawali catatan (komentar) yang diabaikan YAML sampai akhir "
            "baris, sehingga '#1 dari Nol' tidak termasuk nilainya; apit seluruh teks dengan tanda kutip ganda: "
            "'title: \"Las SMAW #1 dari Nol\"'.",
        ),
        (
            "tags:\n  - las",
            "tags: #las #sertifikasi",
            "posters/rizky/poster.yml:10:7: a ' #' starts a note (a comment) that YAML ignores, so "
            "'#las #sertifikasi' is not read; write it without '#': 'tags: [las, sertifikasi]'.",
            "posters/rizky/poster.yml:10:7: ' #' mengawali catatan (komentar) yang diabaikan YAML, sehingga "
            "'#las #sertifikasi' tidak terbaca; tulis tanpa '#': 'tags: [las, sertifikasi]'.",
        ),
        (
            "  - las",
            "  - #las",
            "posters/rizky/poster.yml:11:5: a ' #' starts a note (a comment) that YAML ignores, so '#las' is not "
            "read; write it without '#': '  - las'.",
            "posters/rizky/poster.yml:11:5: ' #' mengawali catatan (komentar) yang diabaikan YAML, sehingga '#las' "
            "tidak terbaca; tulis tanpa '#': '  - las'.",
        ),
        (
            "date: 2024-01-30",
            "board: #12",
            "posters/rizky/poster.yml:9:8: a ' #' starts a note (a comment) that YAML ignores, so '#12' is not "
            "read; write it without '#': 'board: 12'.",
            "posters/rizky/poster.yml:9:8: ' #' mengawali catatan (komentar) yang diabaikan YAML, sehingga '#12' "
            "tidak terbaca; tulis tanpa '#': 'board: 12'.",
        ),
    ],
    ids=["title", "hashtags", "hashtag-entry", "board"],
)
def test_text_after_a_hash_sign_that_yaml_would_drop_as_a_comment(project, old, new, en, id_):
    assert both(project, "rizky", replace_line(RIZKY, old, new)) == ([en], [id_])


def test_a_long_text_after_a_hash_sign_is_quoted_cut_as_the_line_to_write_is(project):
    """The poster's text pasted with ' #' early in 4,500 characters: the message quotes the dropped words cut."""
    text = replace_line(RIZKY, "program: Teknik Las SMAW", "text: Latar #1 " + " ".join(["kata"] * 900))
    project.add_poster("rizky", text.encode("utf-8"))
    [message] = messages(project.check("en"))
    assert message == (
        "posters/rizky/poster.yml:8:13: a ' #' starts a note (a comment) that YAML ignores to the end of the line, "
        f"so '#1 {'kata ' * 19}ka...' is not part of the value; put the whole text in double quotes: "
        f"'text: \"Latar #1 {'kata ' * 16}kata...'."
    )


@given(st.text(alphabet=" \t#ab:", max_size=40))
def test_a_comment_starts_at_the_spaces_before_a_hash(value):
    """What YAML calls a comment (a '#' after a space or a tab), found without a pattern that rescans a long run
    of spaces from each of its places (a 62 KB line of spaces took 11 s)."""
    found = re.search(r"[ \t]+#", value)
    expected = (value[: found.start()].rstrip(" \t"), value[found.start() :]) if found else (value.rstrip(" \t"), "")
    assert _split_comment(value) == expected


def test_a_note_after_a_field_whose_value_follows_it_or_after_a_space_is_a_comment(project):
    text = replace_line(RIZKY, "tags:", "tags: #topik")
    text = replace_line(text, "role: alumni", "role: alumni # instructor | trainee | alumni")
    assert both(project, "rizky", text) == ([], [])


def test_a_note_that_is_not_a_comment(project):
    text = "Keterangan poster Rizky\n" + RIZKY
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:1:1: this line is neither a field ('name: value'), a list entry ('- ...') "
        "nor a comment; if it is a note, start it with '# ': '# Keterangan poster Rizky'. If it belongs to "
        "the text of a field, put that text in double quotes on the field's line."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:1:1: baris ini bukan isian ('nama: nilai'), bukan entri daftar ('- ...') "
        "dan bukan komentar; jika ini catatan, awali dengan '# ': '# Keterangan poster Rizky'. Jika baris "
        "ini bagian dari teks suatu isian, apit teks itu dengan tanda kutip ganda di baris isiannya."
    ]


# ------------------------------------------------------------- front matter ---


def test_front_matter_lines_around_the_fields(project):
    """Without the line check: PyYAML's "but found another document" and a hint about indentation."""
    en, id_ = both(project, "rizky", "---\n" + RIZKY + "---\n")
    message = (
        "'---' on a line of its own separates YAML documents (as around the front matter of a Markdown "
        "page); poster.yml holds just the fields: delete this line."
    )
    assert en == [f"posters/rizky/poster.yml:1:1: {message}", f"posters/rizky/poster.yml:16:1: {message}"]
    assert id_[0] == (
        "posters/rizky/poster.yml:1:1: '---' pada baris tersendiri memisahkan dokumen YAML (seperti di "
        "sekitar front matter halaman Markdown); poster.yml hanya berisi isian-isiannya: hapus baris ini."
    )


def test_a_document_start_line_alone_is_valid_yaml(project):
    project.add_poster("rizky", "---\n" + RIZKY)
    project.add_poster("ended", RIZKY + "...\n")
    assert messages(project.check()) == []


# ------------------------------------------------ values YAML reads otherwise ---


@pytest.mark.parametrize(
    "value, col, en, id_",
    [
        (
            "*Las* SMAW 3G",
            8,
            "a value starting with '*' is read by YAML as a reference to another value (an alias), not as text; put the "
            "whole text in double quotes: 'title: \"*Las* SMAW 3G\"'.",
            "nilai yang diawali '*' dibaca YAML sebagai rujukan ke nilai lain (alias), bukan sebagai teks; apit seluruh "
            "teks dengan tanda kutip ganda: 'title: \"*Las* SMAW 3G\"'.",
        ),
        (
            "&Co Bengkel Las",
            8,
            "a value starting with '&' is read by YAML as a name for the value (an anchor), not as text; put the whole "
            "text in double quotes: 'title: \"&Co Bengkel Las\"'.",
            "nilai yang diawali '&' dibaca YAML sebagai nama untuk nilai itu (anchor), bukan sebagai teks; apit seluruh "
            "teks dengan tanda kutip ganda: 'title: \"&Co Bengkel Las\"'.",
        ),
        (
            "!Penting: K3 di Bengkel",
            8,
            "a value starting with '!' is read by YAML as a type label (a tag) and that word is dropped from the text; "
            "put the whole text in double quotes: 'title: \"!Penting: K3 di Bengkel\"'.",
            "nilai yang diawali '!' dibaca YAML sebagai label jenis (tag), dan kata itu hilang dari teks; apit seluruh "
            "teks dengan tanda kutip ganda: 'title: \"!Penting: K3 di Bengkel\"'.",
        ),
        (
            "@bengkel.las.serang",
            8,
            "YAML does not allow a value to start with '@'; put the whole text in double quotes: "
            "'title: \"@bengkel.las.serang\"'.",
            "YAML tidak membolehkan nilai diawali '@'; apit seluruh teks dengan tanda kutip ganda: "
            "'title: \"@bengkel.las.serang\"'.",
        ),
        (
            "`Las` SMAW 3G",
            8,
            "YAML does not allow a value to start with '`'; put the whole text in double quotes: "
            "'title: \"`Las` SMAW 3G\"'.",
            "YAML tidak membolehkan nilai diawali '`'; apit seluruh teks dengan tanda kutip ganda: "
            "'title: \"`Las` SMAW 3G\"'.",
        ),
        (
            "[DRAFT] Las SMAW 3G",
            8,
            "a value starting with '[' is read by YAML as a list, not as text; put the whole text in double quotes: "
            "'title: \"[DRAFT] Las SMAW 3G\"'.",
            "nilai yang diawali '[' dibaca YAML sebagai daftar, bukan sebagai teks; apit seluruh teks dengan tanda kutip "
            "ganda: 'title: \"[DRAFT] Las SMAW 3G\"'.",
        ),
    ],
)
def test_a_value_starting_with_a_yaml_sign(project, value, col, en, id_):
    text = replace_line(RIZKY, "title: Las SMAW 3G", f"title: {value}")
    got_en, got_id = both(project, "rizky", text)
    assert got_en == [f"posters/rizky/poster.yml:2:{col}: {en}"]
    assert got_id == [f"posters/rizky/poster.yml:2:{col}: {id_}"]


def test_a_sign_at_the_start_of_an_author(project):
    text = replace_line(RIZKY, "  - Rizky Pratama", "  - @rizky.las # Instagram")
    en, _ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:4:5: YAML does not allow a value to start with '@'; put the whole text "
        "in double quotes: '  - \"@rizky.las\" # Instagram'."
    ]


def test_yaml_tags_written_on_purpose_stay_as_they_were(project):
    """`!ENV` and `!!python/...` are kept as the text written after them (test_hostile: never resolved)."""
    project.add_poster("rizky", replace_line(RIZKY, "program: Teknik Las SMAW", "program: !ENV HOME"))
    result = project.check()
    assert messages(result) == [] and result.posters[0].program == "HOME"


# ------------------------------------------------------------------ authors ---


def test_two_authors_in_one_entry_get_a_warning(project):
    text = replace_line(RIZKY, "  - Rizky Pratama", "  - Rizky Pratama dan Dewi Lestari")
    en, id_ = both(project, "rizky", text)
    assert en == [
        "posters/rizky/poster.yml:4:5: warning: 'Rizky Pratama dan Dewi Lestari' looks like 2 names in one "
        "entry; write each author on its own line starting with '- ', like '  - Rizky Pratama' and "
        "'  - Dewi Lestari'."
    ]
    assert id_ == [
        "posters/rizky/poster.yml:4:5: warning: 'Rizky Pratama dan Dewi Lestari' tampaknya berisi 2 nama "
        "dalam satu entri; tulis setiap penulis di barisnya sendiri, diawali '- ', misalnya "
        "'  - Rizky Pratama' dan '  - Dewi Lestari'."
    ]
    assert project.check().posters[0].authors == ("Rizky Pratama dan Dewi Lestari",)  # shown, as a warning


@pytest.mark.parametrize(
    "entry, names",
    [
        ("authors: Rizky Pratama and Dewi Lestari", ["Rizky Pratama", "Dewi Lestari"]),
        ("authors:\n  - Rizky Pratama & Dewi Lestari & Siti Rahma", ["Rizky Pratama", "Dewi Lestari"]),
        ("authors:\n  - Rizky Pratama, Dewi Lestari", ["Rizky Pratama", "Dewi Lestari"]),
        (
            "authors:\n  - Rizky Pratama, S.T. dan Dewi Lestari, S.Pd., M.Pd.",
            ["Rizky Pratama, S.T.", "Dewi Lestari, S.Pd., M.Pd."],
        ),
    ],
)
def test_names_joined_by_dan_and_ampersand_or_comma(project, entry, names):
    project.add_poster("rizky", replace_line(RIZKY, "authors:\n  - Rizky Pratama", entry))
    (problem,) = project.check().problems
    assert problem.severity == "warning" and problem.line in (3, 4)
    assert problem.message.endswith(f"like '  - {names[0]}' and '  - {names[1]}'.")


@pytest.mark.parametrize(
    "name",
    [
        "Budi Santoso, S.T.",
        "Ir. La Ode Safaruddin, M.T.",
        "Siti Rahma, S.Pd., M.Pd.",
        "Andi Wijaya, MBA",
        "I Gede Wirawan, S.P.",
        "Ramadan Saputra",
        "Dandi Anderson",
    ],
)
def test_one_name_with_its_degrees_is_one_author(project, name):
    project.add_poster("rizky", replace_line(RIZKY, "  - Rizky Pratama", f'  - "{name}"'))
    result = project.check()
    assert messages(result) == [] and result.posters[0].authors == (name,)


# ---------------------------------------------------------- no false alarms ---


def guide_yaml_blocks() -> list[str]:
    text = (ROOT / "docs" / "guide.md").read_text("utf-8")
    return [block + "\n" for block in re.findall(r"^```yaml\n(.*?)\n```$", text, re.M | re.S)]


def valid_files() -> dict[str, str]:
    """Every poster.yml the project itself writes or shows: none may get a finding."""
    # The demo generator's posters, not the repository's posters/: an event's own files are the committee's, checked
    # by `gallery.py check`, and a pull request that changes only them does not run the tests (pull_request_scope.py).
    files = {f"demo/{p.parent.name}": p.read_text("utf-8") for p in sorted(demo_posters().glob("*/poster.yml"))}
    files.update({f"guide/{i}": block for i, block in enumerate(guide_yaml_blocks())})
    for lang in ("id", "en"):
        files[f"new/{lang}"] = poster_yml(PosterValues(), Translator(lang))
        files[f"new/{lang}/filled"] = poster_yml(
            PosterValues(
                title='Las: dari "Nol" # 1',
                authors=("Budi Santoso, S.T.", "Siti  Rahma"),
                role="alumni",
                center="BPVP Bandung",
                alt="Poster merah: foto.",
                date="2024-01-30",
                summary="Satu.\nDua.",
                tags=("las", "k3: aman"),
            ),
            Translator(lang),
        )
    files["hand-written"] = HAND_WRITTEN_POSTER
    files["rizky"] = RIZKY
    files["good"] = GOOD_POSTER
    return files


def test_no_finding_in_any_poster_file_the_project_writes_or_shows():
    files = valid_files()
    assert len([k for k in files if k.startswith("demo/")]) == len(list(demo_posters().glob("*/poster.yml"))) == 11
    for name, text in files.items():
        report = check_lines(text, KNOWN_KEYS)
        assert (report.findings, report.repaired) == ([], text), name


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(
        st.sampled_from(
            list(":-[]{}&*!@`%#|>'\"\\ \t\n")
            + [
                NBSP,
                ZWSP,
                "\u200d",
                "\ufeff",
                "\x0b",
                "\x00",
                "\x85",
                "\u2028",
                "\u201c",
                "\u201d",
                "\u2018",
                "\u2019",
                "---",
                "...",
                "title",
                "authors",
                "role:",
                "url:",
                "  - ",
                "dan",
                "Rizky",
                "\n  ",
                "\n",
            ]
        ),
        max_size=80,
    ).map("".join)
)
def test_any_text_gives_findings_and_a_corrected_text_of_the_same_lines(text):
    report = check_lines(text, KNOWN_KEYS)
    assert report.repaired.count("\n") == text.count("\n")
    lines = text.split("\n")
    for finding in report.findings:
        assert 1 <= finding.line <= len(lines) and finding.col >= 1
        assert "\n" not in finding.message.format(**finding.params)
    if not report.findings:
        assert report.repaired == text


def test_the_demo_and_the_repository_posters_pass_check(tmp_path):
    """The same files through the whole loader: no problem, not even a warning."""
    from postergallery.build import check

    from projectkit import copy_demo

    demo = copy_demo(tmp_path)
    assert [p.format_text() for p in check(demo / "mkdocs.yml").problems] == []
    assert Path(demo / "posters").is_dir()

"""Reading poster folders: every kind of bad input gets its exact message, file, line and column."""

from __future__ import annotations

import io
import os
import shutil
import time
import tracemalloc
import zipfile

import pytest

from postergallery.build import reserved_slugs
from postergallery.i18n import Translator
from postergallery.stages.load import check_slug

from projectkit import GOOD_POSTER, messages


def only(result, slug):
    return messages(result, f"posters/{slug}/poster.yml") + messages(result, f"posters/{slug}/")


def test_a_good_poster_is_read_with_every_field(project):
    project.add_poster(
        "las-smaw",
        """\
        title: "Las SMAW: dari Nol"
        authors:
          - Budi Santoso, S.T.
          - Siti Rahma
        role: Instruktur
        center: "  BPVP   Bandung "
        alt: A red poster.
        program: Teknik Las
        date: 2024-01-30
        summary: |
          First paragraph,
          still the first.

          Second paragraph.
        tags: [las, Otomotif, las, "Las!", otomotif]
        links:
          - label: BNSP
            url: https://bnsp.go.id/
          - https://example.org/x
        """,
    )
    result = project.check()
    assert result.problems == []
    (poster,) = result.posters
    assert poster.slug == "las-smaw"
    assert poster.source == "posters/las-smaw/poster.jpg"
    assert poster.title == "Las SMAW: dari Nol"
    assert poster.authors == ("Budi Santoso, S.T.", "Siti Rahma")
    assert poster.role == "instructor"  # Indonesian role names are accepted
    assert poster.center == "BPVP Bandung" and poster.center_slug == "bpvp-bandung"
    assert str(poster.date) == "2024-01-30"
    assert poster.summary == "First paragraph, still the first.\n\nSecond paragraph."
    assert poster.tags == ("las", "Otomotif")  # one web address, one tag: the first written is kept
    assert [(link.label, link.url) for link in poster.links] == [
        ("BNSP", "https://bnsp.go.id/"),
        ("example.org", "https://example.org/x"),
    ]


def test_missing_poster_yml(project):
    project.add_poster("no-metadata", yml=None)
    assert messages(project.check()) == [
        "posters/no-metadata/: this poster folder has no poster.yml file describing the poster; add one "
        "(see the committee guide for a complete example)."
    ]


@pytest.mark.parametrize("name", ["Poster.yml", "POSTER.YML", "data.yaml"])
def test_poster_yml_under_another_name_gets_a_rename_hint(project, name):
    folder = project.add_poster("misnamed", yml=None)
    (folder / name).write_text(GOOD_POSTER)
    assert messages(project.check("en")) == [
        "posters/misnamed/: this poster folder has no poster.yml file describing the poster; add one "
        f"(see the committee guide for a complete example). Rename '{name}' to poster.yml."
    ]
    assert messages(project.check("id"))[0].endswith(f"Ganti nama '{name}' menjadi poster.yml.")


def test_files_put_directly_into_the_posters_folder_are_reported(project):
    project.add_poster("las-smaw")
    posters = project.root / "posters"
    (posters / "poster.yml").write_text(GOOD_POSTER)
    (posters / "x.jpg").write_bytes(b"\xff\xd8")
    (posters / "_map.yml").write_text("")  # the gallery's own files start with _ or .
    (posters / ".DS_Store").write_bytes(b"")
    (posters / "Thumbs.db").write_bytes(b"")  # made by the computer: said, without stopping the build
    assert messages(project.check("en")) == [
        "posters/Thumbs.db: warning: 'Thumbs.db' is directly in the folder posters/, where the gallery reads "
        "only folders, one per poster, so it is not on the site. If it belongs to a poster, move it into that "
        "poster's folder; if not, move it out of posters/, or start its name with _ to keep it here.",
        "posters/poster.yml: 'poster.yml' is directly in the folder posters/, where the gallery reads only "
        "folders, one per poster; move it into its poster's folder, posters/<name>/ (the name in lowercase "
        "letters, digits and dashes, e.g. posters/las-smaw-3g/).",
        "posters/x.jpg: 'x.jpg' is directly in the folder posters/, where the gallery reads only folders, one "
        "per poster; move it into its poster's folder, posters/<name>/ (the name in lowercase letters, digits "
        "and dashes, e.g. posters/las-smaw-3g/).",
    ]
    assert messages(project.check("id"))[1] == (
        "posters/poster.yml: 'poster.yml' ada langsung di folder posters/, padahal galeri hanya membaca folder, "
        "satu untuk setiap poster; pindahkan ke folder posternya, posters/<nama>/ (namanya dengan huruf kecil, "
        "angka dan tanda hubung, misalnya posters/las-smaw-3g/)."
    )
    (posters / "poster.yml").unlink()
    (posters / "x.jpg").unlink()
    result = project.check("en")
    assert [p.severity for p in result.problems] == ["warning"] and [p.slug for p in result.posters] == ["las-smaw"]


def test_misnamed_poster_yaml_gets_a_rename_hint(project):
    folder = project.add_poster("misnamed", yml=None)
    (folder / "poster.yaml").write_text(GOOD_POSTER)
    assert messages(project.check()) == [
        "posters/misnamed/: this poster folder has no poster.yml file describing the poster; add one "
        "(see the committee guide for a complete example). Rename 'poster.yaml' to poster.yml."
    ]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "~\n"])
def test_empty_file(project, content):
    project.add_poster("empty", content)
    assert messages(project.check()) == [
        "posters/empty/poster.yml:1:1: poster.yml is empty. Fill in at least these fields: title, authors, "
        "role, center and alt."
    ]


@pytest.mark.parametrize(
    "text, where, hint",
    [
        (
            "title: Las\n  dari: nol\n",  # a field under a text: what the line check leaves to YAML
            "2:7",
            "(mapping values are not allowed here). A common cause is a colon (:) inside a text; put the whole text "
            'in double quotes, e.g. title: "Las: dari nol".',
        ),
        (
            'tags: [las, "\n',  # a quote alone at the end: no entry the line check could close
            "2:1",
            "(found unexpected end of stream). Check that every opening quote has a closing quote on the same line.",
        ),
    ],
)
def test_yaml_syntax_errors_name_the_line(project, text, where, hint):
    project.add_poster("broken", text)
    assert messages(project.check()) == [f"posters/broken/poster.yml:{where}: this line is not valid YAML {hint}"]


def test_yaml_syntax_error_in_indonesian(project):
    """YAML's own English words are translated, not left inside the Indonesian message."""
    project.add_poster("broken", "title: Las\n  dari: nol\n")
    assert messages(project.check(lang="id")) == [
        "posters/broken/poster.yml:2:7: baris ini tidak sah sebagai YAML (ada titik dua yang tidak semestinya di "
        "sini). Penyebab yang sering terjadi: ada titik dua (:) di dalam teks; apit seluruh teks dengan tanda kutip "
        'ganda, misalnya title: "Las: dari nol".'
    ]


def test_yaml_words_without_a_translation_are_left_out_of_an_indonesian_message(project):
    project.add_poster("broken", 'judul: "Las\n  \\q"\n')
    assert messages(project.check(lang="id")) == [
        "posters/broken/poster.yml:2:4: baris ini tidak sah sebagai YAML. Di dalam tanda kutip ganda, garis miring "
        "terbalik (\\) mengawali tanda khusus: tulis dua kali (\\\\) garis miring terbalik yang menjadi bagian "
        "teks, atau apit seluruh teks dengan tanda kutip tunggal; dan pastikan setiap tanda kutip pembuka punya "
        "tanda kutip penutupnya."
    ]
    assert messages(project.check(lang="en")) == [
        "posters/broken/poster.yml:2:4: this line is not valid YAML (found unknown escape character 'q'). Inside "
        "double quotes a backslash (\\) starts a special sign: write a backslash that is part of the text twice "
        "(\\\\), or put the whole text in single quotes; and check that every opening quote has its closing quote."
    ]


def test_not_a_mapping(project):
    project.add_poster("a-list", "- title\n- authors\n")
    assert messages(project.check()) == [
        "posters/a-list/poster.yml:1:1: poster.yml must consist of lines like 'title: ...', one field per line; "
        "this file holds a list instead."
    ]


def test_missing_required_fields_are_all_reported(project):
    project.add_poster("partial", "title: Only a title\n")
    assert messages(project.check()) == [
        "posters/partial/poster.yml:1:1: the required field 'alt' is missing. Add a line 'alt: ' followed by a "
        "sentence describing what the poster shows, for visitors who use a screen reader.",
        "posters/partial/poster.yml:1:1: the required field 'authors' is missing. Add a line 'authors:' followed "
        "by one line '  - Name' for each author.",
        "posters/partial/poster.yml:1:1: the required field 'center' is missing. Add a line 'center: ' followed "
        "by the training centre, e.g. center: BPVP Bandung.",
        "posters/partial/poster.yml:1:1: the required field 'role' is missing. Add 'role: instructor', "
        "'role: trainee' or 'role: alumni'.",
    ]


def test_empty_required_value(project):
    project.add_poster("blank", GOOD_POSTER.replace("title: Las SMAW dari Nol", "title:"))
    assert messages(project.check()) == [
        "posters/blank/poster.yml:1:1: the field 'title' is empty. Write the poster's title after 'title:', e.g. "
        'title: "Las SMAW dari Nol".'
    ]


def test_authors_as_one_string_with_commas_is_refused_with_the_list_form(project):
    project.add_poster("authors", GOOD_POSTER.replace("authors:\n  - Budi Santoso", 'authors: "Budi, Siti"'))
    assert messages(project.check()) == [
        "posters/authors/poster.yml:2:10: 'authors' must be a list with one name per line, each starting with "
        "'- ', e.g. authors: then a line '  - Budi Santoso, S.T.' and a line '  - Siti Rahma'. (A comma may be "
        "part of a name, so the gallery does not split names at commas.)"
    ]


def test_an_author_with_a_colon_after_a_word_gets_the_name_alone_or_in_quotes(project):
    """YAML reads 'Ketua' as a field name; the message said only "must be a single text, not a group of fields"."""
    text = GOOD_POSTER.replace("  - Budi Santoso", "  - Ketua: Budi Santoso\n  - Siti Rahma")
    project.add_poster("authors", text.replace("role: alumni", "role: guru"))
    en = messages(project.check("en"))
    assert en[0] == (
        "posters/authors/poster.yml:3:5: the colon after 'Ketua' makes YAML read 'Ketua' as a field name, so this "
        "entry of 'authors' is not a name; write the name alone, or put the whole entry in double quotes: "
        "'  - \"Ketua: Budi Santoso\"'."
    )
    assert en[1].startswith("posters/authors/poster.yml:5:7: 'role' is 'guru'") and len(en) == 2
    assert messages(project.check("id"))[0] == (
        "posters/authors/poster.yml:3:5: titik dua setelah 'Ketua' membuat YAML membaca 'Ketua' sebagai nama isian, "
        "sehingga entri 'authors' ini bukan sebuah nama; tulis namanya saja, atau apit seluruh entri dengan tanda "
        "kutip ganda: '  - \"Ketua: Budi Santoso\"'."
    )


def test_an_author_with_a_colon_in_a_list_written_in_brackets_gets_the_entry_in_quotes(project):
    project.add_poster("authors", GOOD_POSTER.replace("authors:\n  - Budi Santoso", "authors: [Ketua: Budi, Siti]"))
    assert messages(project.check("en")) == [
        "posters/authors/poster.yml:2:11: the colon after 'Ketua' makes YAML read 'Ketua' as a field name, so this "
        "entry of 'authors' is not a name; write the name alone, or put the whole entry in double quotes: "
        "'\"Ketua: Budi\"'."
    ]


def test_authors_as_one_plain_name_is_accepted(project):
    project.add_poster("one-author", GOOD_POSTER.replace("authors:\n  - Budi Santoso", "authors: Budi Santoso"))
    result = project.check()
    assert result.problems == [] and result.posters[0].authors == ("Budi Santoso",)


@pytest.mark.parametrize(
    ("lines", "en", "id_"),
    [
        (
            "  Budi Santoso\n  Siti Rahma",
            "posters/authors/poster.yml:3:3: 'authors' is read as the one text 'Budi Santoso Siti Rahma', because "
            "its lines do not start with a dash and a space ('- '). Write each entry on its own line under "
            "'authors:', like this: '  - Budi Santoso', '  - Siti Rahma'.",
            "posters/authors/poster.yml:3:3: 'authors' terbaca sebagai satu teks 'Budi Santoso Siti Rahma', karena "
            "baris-barisnya tidak diawali tanda hubung dan spasi ('- '). Tulis setiap entri di barisnya sendiri di "
            "bawah 'authors:', seperti ini: '  - Budi Santoso', '  - Siti Rahma'.",
        ),
        (
            "  -Budi Santoso",
            "posters/authors/poster.yml:3:3: 'authors' is read as the one text '-Budi Santoso': a list entry starts "
            "with a dash and a space ('- '), not '-'. Write each entry on its own line under 'authors:', like "
            "this: '  - Budi Santoso'.",
            "posters/authors/poster.yml:3:3: 'authors' terbaca sebagai satu teks '-Budi Santoso': entri daftar "
            "diawali tanda hubung dan spasi ('- '), bukan '-'. Tulis setiap entri di barisnya sendiri di bawah "
            "'authors:', seperti ini: '  - Budi Santoso'.",
        ),
        (
            "  1. Budi\n  2. Siti",
            "posters/authors/poster.yml:3:3: 'authors' is read as the one text '1. Budi 2. Siti': a list entry "
            "starts with a dash and a space ('- '), not '1.'. Write each entry on its own line under 'authors:', "
            "like this: '  - Budi', '  - Siti'.",
            "posters/authors/poster.yml:3:3: 'authors' terbaca sebagai satu teks '1. Budi 2. Siti': entri daftar "
            "diawali tanda hubung dan spasi ('- '), bukan '1.'. Tulis setiap entri di barisnya sendiri di bawah "
            "'authors:', seperti ini: '  - Budi', '  - Siti'.",
        ),
    ],
    ids=["no-dash", "dash-glued", "numbered"],
)
def test_authors_written_without_dashes_are_refused_with_the_lines_to_write(project, lines, en, id_):
    project.add_poster("authors", GOOD_POSTER.replace("  - Budi Santoso", lines))
    assert messages(project.check("en")) == [en]
    assert messages(project.check("id")) == [id_]


def test_tags_written_without_dashes_are_refused_and_tags_over_lines_with_commas_are_read(project):
    project.add_poster("no-dash", GOOD_POSTER + "tags:\n  las\n  sertifikasi\n")
    project.add_poster("commas", GOOD_POSTER + "tags:\n  las,\n  sertifikasi\n")
    result = project.check("en")
    assert messages(result) == [
        "posters/no-dash/poster.yml:8:3: 'tags' is read as the one text 'las sertifikasi', because its lines do "
        "not start with a dash and a space ('- '). Write each entry on its own line under 'tags:', like this: "
        "'  - las', '  - sertifikasi'."
    ]
    assert [p.tags for p in result.posters] == [("las", "sertifikasi")]


def test_tags_on_one_line_are_separated_by_semicolons_as_by_commas(project):
    """'tags: Las; K3' was the one topic 'Las; K3', said nowhere."""
    project.add_poster("semicolons", GOOD_POSTER + "tags: Las; K3, keselamatan ;\n")
    project.add_poster("over-lines", GOOD_POSTER + "tags:\n  las;\n  k3\n")
    result = project.check("en")
    assert messages(result) == []
    assert [p.tags for p in result.posters] == [("las", "k3"), ("Las", "K3", "keselamatan")]


def test_a_bullet_dash_or_number_after_the_dash_of_an_entry_is_refused_with_the_line_to_write(project):
    """'  - – Ani' (a dash as Word and phones write it) was published as '– Ani', said nowhere."""
    project.add_poster(
        "bullets",
        GOOD_POSTER.replace("  - Budi Santoso", '  - – Ani\n  - • Budi\n  - 2. Siti\n  - "— Dewi"\n  - Rizky – Pratama')
        + "tags: [−las, k3]\n",
    )
    project.add_poster(
        "one-line", GOOD_POSTER.replace("authors:\n  - Budi Santoso", "authors: –Ani") + "tags: • las, k3\n"
    )
    assert messages(project.check("en")) == [
        "posters/bullets/poster.yml:3:5: the entry '– Ani' of 'authors' starts with '–', which would be published "
        "with it; write the entry without it: '  - Ani'.",
        "posters/bullets/poster.yml:4:5: the entry '• Budi' of 'authors' starts with '•', which would be published "
        "with it; write the entry without it: '  - Budi'.",
        "posters/bullets/poster.yml:5:5: the entry '2. Siti' of 'authors' starts with '2.', which would be "
        "published with it; write the entry without it: '  - Siti'.",
        "posters/bullets/poster.yml:6:5: the entry '— Dewi' of 'authors' starts with '—', which would be published "
        "with it; write the entry without it: '  - \"Dewi\"'.",
        "posters/bullets/poster.yml:11:8: the entry '−las' of 'tags' starts with '−', which would be published "
        "with it; write the entry without it: 'tags: [las, k3]'.",
        "posters/one-line/poster.yml:2:10: the entry '–Ani' of 'authors' starts with '–', which would be published "
        "with it; write the entry without it: 'authors: Ani'.",
        # A bullet in front of the topics on the field's line: the entries on lines of their own.
        "posters/one-line/poster.yml:6:7: 'tags' is read as the one text '• las, k3': a list entry starts with a "
        "dash and a space ('- '), not '•'. Write each entry on its own line under 'tags:', like this: '  - las', "
        "'  - k3'.",
    ]
    assert messages(project.check("id"))[0] == (
        "posters/bullets/poster.yml:3:5: isian '– Ani' di 'authors' diawali '–', yang akan ikut ditampilkan; "
        "tulis isian itu tanpa tanda tersebut: '  - Ani'."
    )


def test_an_empty_tag_entry_is_reported_as_an_empty_author_entry_is(project):
    project.add_poster("empty-tag", GOOD_POSTER + "tags:\n  - las\n  -\n")
    assert messages(project.check("en")) == [
        "posters/empty-tag/poster.yml:9:4: an entry in 'tags' is empty; write a topic after the dash or remove "
        "the line."
    ]
    assert messages(project.check("id")) == [
        "posters/empty-tag/poster.yml:9:4: ada baris kosong di 'tags'; tulis topik setelah tanda '-' atau hapus "
        "baris itu."
    ]


def test_wrong_types(project):
    project.add_poster(
        "types",
        """\
        title: [a, list]
        authors:
          - name: Budi
        role: alumni
        center: BPVP Bandung
        alt: Something.
        summary: {a: b}
        tags: {a: b}
        links: {a: b}
        """,
    )
    assert messages(project.check()) == [
        "posters/types/poster.yml:1:8: 'title' must be a single text, not a list.",
        "posters/types/poster.yml:3:5: the colon after 'name' makes YAML read 'name' as a field name, so this entry "
        "of 'authors' is not a name; write the name alone, or put the whole entry in double quotes: "
        "'  - \"name: Budi\"'.",
        "posters/types/poster.yml:7:10: 'summary' must be a text, not a group of fields.",
        "posters/types/poster.yml:8:7: 'tags' must be a list of short words, one per line starting with '- '.",
        "posters/types/poster.yml:9:8: 'links' must be a list; write each link as '- label: ...' with "
        "'url: https://...' on the next line.",
    ]


def test_a_role_written_among_other_words_is_suggested_alone(project):
    project.add_poster("role-centre", GOOD_POSTER.replace("role: alumni", "role: Alumni BPVP Bandung"))
    project.add_poster("role-year", GOOD_POSTER.replace("role: alumni", "role: Peserta angkatan 5"))
    project.add_poster("role-two", GOOD_POSTER.replace("role: alumni", "role: alumni dan instruktur"))
    allowed = "which is not one of the allowed values: instructor (Instructor), trainee (Trainee), alumni (Alumni)."
    assert messages(project.check()) == [
        f"posters/role-centre/poster.yml:4:7: 'role' is 'Alumni BPVP Bandung', {allowed} Did you mean 'alumni'?",
        f"posters/role-two/poster.yml:4:7: 'role' is 'alumni dan instruktur', {allowed}",  # two roles: no guess
        f"posters/role-year/poster.yml:4:7: 'role' is 'Peserta angkatan 5', {allowed} Did you mean 'trainee'?",
    ]


def test_unknown_role_with_suggestion(project):
    project.add_poster("role-x", GOOD_POSTER.replace("role: alumni", "role: teacher"))
    project.add_poster("role-typo", GOOD_POSTER.replace("role: alumni", "role: trainees"))
    project.add_poster("role-odd", GOOD_POSTER.replace("role: alumni", "role: visitor"))
    assert messages(project.check()) == [
        "posters/role-odd/poster.yml:4:7: 'role' is 'visitor', which is not one of the allowed values: "
        "instructor (Instructor), trainee (Trainee), alumni (Alumni).",
        "posters/role-typo/poster.yml:4:7: 'role' is 'trainees', which is not one of the allowed values: "
        "instructor (Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'trainee'?",
        "posters/role-x/poster.yml:4:7: 'role' is 'teacher', which is not one of the allowed values: "
        "instructor (Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
    ]


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "30-01-2024",
            "'date' must be a date written as YYYY-MM-DD (found '30-01-2024'); write it as 'date: 2024-01-30'.",
        ),
        ("01/02/2024", "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30 (found '01/02/2024')."),
        (
            "30 Januari 2024",
            "'date' must be a date written as YYYY-MM-DD (found '30 Januari 2024'); write it as 'date: 2024-01-30'.",
        ),
        (
            "31 Februari 2024",
            "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30 (found '31 Februari 2024').",
        ),
        (
            "2024-02-30",
            "'date' is 2024-02-30, which is not a real date; check the day and the month (written as YYYY-MM-DD).",
        ),
        ("January 2024", "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30 (found 'January 2024')."),
        (
            '"2024-02-30"',
            "'date' is 2024-02-30, which is not a real date; check the day and the month (written as YYYY-MM-DD).",
        ),
    ],
)
def test_invalid_dates(project, value, message):
    project.add_poster("dated", GOOD_POSTER + f"date: {value}\n")
    assert messages(project.check()) == [f"posters/dated/poster.yml:7:7: {message}"]


@pytest.mark.parametrize(
    "value, year",
    [("2204-01-30", "2204"), ('"0224-01-30"', "0224"), ("1024-01-30", "1024"), ("2100-01-01", "2100")],
)
def test_a_date_in_a_year_no_poster_is_from_is_a_warning(project, value, year):
    """2204 for 2024: the poster led the gallery's "newest" order for good, and nothing said why."""
    project.add_poster("dated", GOOD_POSTER + f"date: {value}\n")
    result = project.check()
    assert messages(result) == [
        f"posters/dated/poster.yml:7:7: warning: 'date' is {value.strip(chr(34))}, in the year {year}; check the year "
        "(a date is written YYYY-MM-DD, e.g. 2024-01-30)."
    ]
    assert [p.date.isoformat() for p in result.posters] == [value.strip('"')]  # still shown, with its date


@pytest.mark.parametrize("value", ["1950-01-01", "2099-12-31", "2024-01-30"])
def test_a_date_in_a_year_a_poster_can_be_from_is_taken_silently(project, value):
    project.add_poster("dated", GOOD_POSTER + f"date: {value}\n")
    assert messages(project.check()) == []


@pytest.mark.parametrize(
    "written, meant",
    [
        ("30 Januari 2024", "2024-01-30"),
        ("30 januari 2024", "2024-01-30"),
        ("17 Agt 2024", "2024-08-17"),
        ("17 Ags. 2024", "2024-08-17"),
        ("2 Mei 2024", "2024-05-02"),
        ("January 30, 2024", "2024-01-30"),
        ("Jan 30 2024", "2024-01-30"),
        ("30-01-2024", "2024-01-30"),  # the day first, as Indonesia writes dates
        ("30/1/2024", "2024-01-30"),
        ("30.01.2024", "2024-01-30"),
        ("1/30/2024", "2024-01-30"),  # 30 cannot be the month
        ("5/5/2024", "2024-05-05"),
        ("2024/01/30", "2024-01-30"),
        ("01/02/2024", None),  # 1 February or January 2: not guessed
        ("31 Februari 2024", None),
        ("Januari 2024", None),
        ("30-01-24", None),
        ("30 Bulan 2024", None),
        ("30-01/2024", None),
    ],
)
def test_a_date_written_another_way_is_read_for_the_line_to_write_only_when_it_is_certain(written, meant):
    from postergallery.stages.load import date_meant

    found = date_meant(written)
    assert (found.isoformat() if found else None) == meant


def test_a_date_written_another_way_is_said_with_the_line_to_write_in_indonesian(project):
    project.add_poster("dated", GOOD_POSTER + "date: 17 Agustus 2024\n")
    assert messages(project.check("id")) == [
        "posters/dated/poster.yml:7:7: 'date' harus berupa tanggal yang ditulis TTTT-BB-HH (tertulis "
        "'17 Agustus 2024'); tulis sebagai 'date: 2024-08-17'."
    ]


def test_indonesian_field_names_the_committee_tries_get_the_right_field(project):
    names = ["tahun", "instansi", "asal", "kategori", "tema", "topik", "foto", "nomor", "keterangan", "jurusan"]
    project.add_poster("indonesia", GOOD_POSTER + "".join(f"{name}: x\n" for name in names))
    fields = ["date", "center", "center", "tags", "tags", "tags", "image", "board", "summary", "program"]
    assert messages(project.check("id")) == [
        f"posters/indonesia/poster.yml:{line}:1: isian '{name}' tidak dikenal. Mungkin maksud Anda '{field}'?"
        for line, name, field in zip(range(7, 17), names, fields)
    ]


def test_a_date_in_quotes_is_still_a_date(project):
    project.add_poster("quoted", GOOD_POSTER + 'date: "2024-01-30"\n')
    result = project.check()
    assert result.problems == [] and str(result.posters[0].date) == "2024-01-30"


def test_full_width_digits_typed_with_an_asian_keyboard_are_the_date_and_board_they_stand_for(project):
    project.add_poster("wide", GOOD_POSTER + "date: ２０２４-０１-３０\nboard: Ａ１２\n")
    project.add_poster("wide-wrong", GOOD_POSTER + "date: ２０２４－０２－３０\n")
    result = project.check()
    assert messages(result) == [
        "posters/wide-wrong/poster.yml:7:7: 'date' is ２０２４－０２－３０, which is not a real date; check the day "
        "and the month (written as YYYY-MM-DD)."
    ]
    assert (str(result.posters[0].date), result.posters[0].board) == ("2024-01-30", "A12")
    # Digits of other scripts are not taken as the date: it is said to be written otherwise, with the line to write.
    project.add_poster("wide-wrong", GOOD_POSTER + "date: ٢٠٢٤-٠١-٣٠\n")
    assert messages(project.check()) == [
        "posters/wide-wrong/poster.yml:7:7: 'date' must be a date written as YYYY-MM-DD (found '٢٠٢٤-٠١-٣٠'); write "
        "it as 'date: 2024-01-30'."
    ]


def test_unknown_keys_suggest_the_right_one(project):
    project.add_poster("keys", GOOD_POSTER + "autor: x\njudul: y\nfoo: z\n")
    assert messages(project.check()) == [
        "posters/keys/poster.yml:7:1: unknown field 'autor'. Did you mean 'authors'?",
        "posters/keys/poster.yml:8:1: unknown field 'judul'. Did you mean 'title'?",
        "posters/keys/poster.yml:9:1: unknown field 'foo'. The allowed fields are: title, authors, role, center, "
        "alt, program, date, summary, tags, links, image, board, text.",
    ]


def test_deskripsi_suggests_alt_as_the_issue_form_and_the_guide_call_it(project):
    """The issue form and the guide call 'alt' "Deskripsi tampilan poster"; 'deskripsi' pointed to 'summary'."""
    project.add_poster("keys", GOOD_POSTER + "Deskripsi: x\ndeskripsi_poster: y\nringkasan: z\n")
    assert messages(project.check()) == [
        "posters/keys/poster.yml:7:1: unknown field 'Deskripsi'. Did you mean 'alt'?",
        "posters/keys/poster.yml:8:1: unknown field 'deskripsi_poster'. Did you mean 'alt'?",
        "posters/keys/poster.yml:9:1: unknown field 'ringkasan'. Did you mean 'summary'?",
    ]


def test_the_poster_text_keeps_its_paragraphs_and_is_bounded(project):
    project.add_poster(
        "text",
        GOOD_POSTER + "text: |\n  LAS   SMAW\n\n\n\n  Hasil:  90 %\n  <b>bold</b>\n",
    )
    result = project.check()
    assert result.problems == []
    assert result.posters[0].text == "LAS SMAW\n\nHasil: 90 % <b>bold</b>"  # paragraphs kept, lines joined
    project.add_poster("long-text", GOOD_POSTER + "text: " + "x" * 5001 + "\n")
    project.add_poster("list-text", GOOD_POSTER + "text: [a, b]\n")
    assert messages(project.check()) == [
        "posters/list-text/poster.yml:7:7: 'text' must be a text, not a list.",
        "posters/long-text/poster.yml:7:7: 'text' is 5001 characters long; shorten it to at most 5000.",
    ]


def test_a_board_number_is_kept_in_upper_case(project):
    project.add_poster("boarded", GOOD_POSTER + "board: a-12\n")
    result = project.check()
    assert result.problems == [] and result.posters[0].board == "A-12"


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "A 12",
            "'board' is 'A 12', which is not a board number; a board number is made of letters (A-Z), digits "
            "and dashes between them, e.g. board: A-12.",
        ),
        ("ABCDEFGHI", "'board' is 9 characters long; shorten it to at most 8."),
        ("[A1, A2]", "'board' must be a single text, not a list."),
    ],
)
def test_a_board_number_that_cannot_be_one(project, value, message):
    project.add_poster("boarded", GOOD_POSTER + f"board: {value}\n")
    assert messages(project.check()) == [f"posters/boarded/poster.yml:7:8: {message}"]


def test_duplicate_key(project):
    project.add_poster("twice", GOOD_POSTER + "title: Again\n")
    assert messages(project.check()) == [
        "posters/twice/poster.yml:7:1: the field 'title' appears twice (first on line 1); keep only one."
    ]


def test_too_long_values(project):
    project.add_poster(
        "long", GOOD_POSTER.replace("title: Las SMAW dari Nol", "title: " + "x" * 201) + "summary: " + "y" * 601 + "\n"
    )
    assert messages(project.check()) == [
        "posters/long/poster.yml:1:8: 'title' is 201 characters long; shorten it to at most 200.",
        "posters/long/poster.yml:7:10: 'summary' is 601 characters long; shorten it to at most 600.",
    ]


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "javascript:alert(1)",
            "the link 'javascript:alert(1)' is not allowed: only web addresses starting with "
            "https:// or http:// can be linked.",
        ),
        (
            "data:text/html,x",
            "the link 'data:text/html,x' is not allowed: only web addresses starting with https:// "
            "or http:// can be linked.",
        ),
        (
            "https://localhost",
            "the link 'https://localhost' has no valid site name; a web address names its site after the //, e.g. https://bnsp.go.id/.",
        ),
        (
            '"https://a.org/x y"',
            "the link 'https://a.org/x y' contains a space, which a web address cannot have; copy the address again "
            "from the browser's address bar, or write each space as %20: 'https://a.org/x%20y'.",
        ),
        (
            '"https://a.org/x y<b>"',
            "the link 'https://a.org/x y<b>' contains spaces, quotes or other characters a web address cannot have.",
        ),
    ],
)
def test_links_must_be_web_addresses(project, url, message):
    project.add_poster("links", GOOD_POSTER + f"links:\n  - label: x\n    url: {url}\n")
    assert messages(project.check()) == [f"posters/links/poster.yml:9:10: {message}"]


def test_a_link_without_its_address_is_named_by_its_label(project):
    """The issue form's "Video kegiatan | " (the address forgotten) was told "the link '' is not allowed", naming
    neither the link nor what to do."""
    project.add_poster(
        "links", GOOD_POSTER + 'links:\n  - label: Video kegiatan\n    url: ""\n  - label: Foto\n    url:\n  - ""\n'
    )
    assert messages(project.check("en")) == [
        "posters/links/poster.yml:9:10: the link 'Video kegiatan' has no web address; add it (https://...), or "
        "remove the link.",
        "posters/links/poster.yml:11:9: the link 'Foto' has no web address; add it (https://...), or remove the link.",
        "posters/links/poster.yml:12:5: this link has no web address; write it (https://...), or remove the line.",
    ]
    assert messages(project.check("id"))[0] == (
        "posters/links/poster.yml:9:10: tautan 'Video kegiatan' belum punya alamat web; tambahkan alamatnya "
        "(https://...), atau hapus tautan itu."
    )


def test_a_link_written_as_one_field_gets_the_list_to_write_in_one_round(project):
    """'link: https://...' was told "did you mean 'links'", and, renamed, then refused for not being a list."""
    project.add_poster("one", GOOD_POSTER + "link: https://bnsp.go.id/\n")
    project.add_poster("two", GOOD_POSTER + "links: https://bnsp.go.id/\n")
    project.add_poster("three", GOOD_POSTER + "tautan: www.bnsp.go.id/\n")  # the https:// it needs comes with it
    assert messages(project.check("en")) == [
        "posters/one/poster.yml:7:1: unknown field 'link'; links are written as a list under 'links': a line "
        "'links:' and under it '  - https://bnsp.go.id/'.",
        "posters/three/poster.yml:7:1: unknown field 'tautan'; links are written as a list under 'links': a line "
        "'links:' and under it '  - https://www.bnsp.go.id/'.",
        "posters/two/poster.yml:7:8: 'links' must be a list; write the address on the next line: "
        "'  - https://bnsp.go.id/'.",
    ]
    assert messages(project.check("id"))[0] == (
        "posters/one/poster.yml:7:1: isian 'link' tidak dikenal; tautan ditulis sebagai daftar di bawah 'links': "
        "satu baris 'links:' dan di bawahnya '  - https://bnsp.go.id/'."
    )
    # Written as told, the link is read.
    project.add_poster("one", GOOD_POSTER + "links:\n  - https://bnsp.go.id/\n")
    assert messages(project.check("en"), "one/poster.yml") == []


def test_a_links_names_are_read_in_any_case_like_the_fields(project):
    """'Label:' and 'URL:' were refused one by one with "remove 'Label'": following that deleted the link."""
    project.add_poster("links", GOOD_POSTER + "links:\n  - Label: Skema\n    URL: https://bnsp.go.id\n")
    result = project.check()
    assert messages(result) == []
    assert [(link.label, link.url) for link in result.posters[0].links] == [("Skema", "https://bnsp.go.id")]


def test_every_wrong_name_in_a_link_gets_the_name_to_write(project):
    """Each wrong name is said at once, with 'label' or 'url' to write in its place, never to delete it: from
    the synonyms (judul, alamat), the spelling (urll), or the value (a web address is the url)."""
    project.add_poster(
        "links",
        GOOD_POSTER
        + "links:\n  - judul: Skema\n    alamat: bnsp.go.id\n  - urll: https://a.org/\n"
        + "  - Keterangan web: https://b.org/\n    label: B\n  - label: C\n    Label: D\n    url: https://c.org/\n",
    )
    assert messages(project.check("en")) == [
        "posters/links/poster.yml:8:5: a link has only 'label' and 'url'; write 'label' instead of 'judul'.",
        "posters/links/poster.yml:9:5: a link has only 'label' and 'url'; write 'url' instead of 'alamat'.",
        # The address's own mistake comes in the same round.
        "posters/links/poster.yml:9:13: the link 'bnsp.go.id' does not start with https://, so it would not open "
        "the site; write the whole address: 'https://bnsp.go.id'.",
        "posters/links/poster.yml:10:5: a link has only 'label' and 'url'; write 'url' instead of 'urll'.",
        "posters/links/poster.yml:11:5: a link has only 'label' and 'url'; write 'url' instead of 'Keterangan web'.",
        "posters/links/poster.yml:14:5: a link has only 'label' and 'url', and this one already has its 'label' "
        "(line 13); keep the text that belongs there and remove 'Label'.",
    ]
    assert messages(project.check("id"))[:2] == [
        "posters/links/poster.yml:8:5: tautan hanya punya 'label' dan 'url'; tulis 'label', bukan 'judul'.",
        "posters/links/poster.yml:9:5: tautan hanya punya 'label' dan 'url'; tulis 'url', bukan 'alamat'.",
    ]
    assert messages(project.check("id"))[-1] == (
        "posters/links/poster.yml:14:5: tautan hanya punya 'label' dan 'url', dan tautan ini sudah punya 'label' "
        "(baris 13); sisakan teks yang memang untuk bagian itu, lalu hapus 'Label'."
    )


def test_a_link_s_second_name_that_is_also_a_field_s_is_read_as_the_link_s(project):
    """'tautan' and 'link' also name the field links, 'judul' the title: under a link's first name they are the
    link's parts, not fields indented by mistake (which would be moved to the left edge, and the rest lost)."""
    project.add_poster(
        "links",
        GOOD_POSTER
        + "links:\n  - judul: Skema BNSP\n    tautan: https://bnsp.go.id\n  - url: https://b.org/\n    judul: B\n"
        + "  - label: C\n    url: https://c.org/\n    board: A12\n",
    )
    assert messages(project.check("en")) == [
        "posters/links/poster.yml:8:5: a link has only 'label' and 'url'; write 'label' instead of 'judul'.",
        "posters/links/poster.yml:9:5: a link has only 'label' and 'url'; write 'url' instead of 'tautan'.",
        "posters/links/poster.yml:11:5: a link has only 'label' and 'url'; write 'label' instead of 'judul'.",
        # A field that is no name of a link's part is still one indented by mistake.
        "posters/links/poster.yml:14:5: 'board' is indented by 4 spaces, so YAML does not read it as a field of its "
        "own; the fields of poster.yml start at the left edge: 'board: A12'.",
    ]


def test_a_link_written_as_label_colon_address_gets_its_two_lines(project):
    """'- Skema BNSP: https://...' (the issue form's 'Label | address' in YAML): the name is the label."""
    project.add_poster("links", GOOD_POSTER + "links:\n  - Skema BNSP: https://bnsp.go.id/\n")
    assert messages(project.check("en")) == [
        "posters/links/poster.yml:8:5: this link is written as 'Skema BNSP: https://bnsp.go.id/'; write the label "
        "and the address on two lines: '- label: Skema BNSP' and under it '  url: https://bnsp.go.id/'."
    ]
    assert messages(project.check("id")) == [
        "posters/links/poster.yml:8:5: tautan ini ditulis 'Skema BNSP: https://bnsp.go.id/'; tulis label dan "
        "alamatnya di dua baris: '- label: Skema BNSP' dan di bawahnya '  url: https://bnsp.go.id/'."
    ]


def test_a_label_and_its_url_written_as_two_entries_get_the_line_without_the_dash(project):
    """'- label: ...' then '- url: ...': the second dash makes the url a link of its own, and the label a link
    without an address. It was told to add a url that was there."""
    text = "links:\n  - label: Video praktik\n  - url: https://youtu.be/abc\n  - label: Sertifikat\n"
    project.add_poster("links", GOOD_POSTER + text)
    assert messages(project.check("en")) == [
        "posters/links/poster.yml:8:5: this link's url is on the next line as a link of its own ('- url: ...'); "
        "take away that line's dash, so that 'url:' stands under 'label:': '    url: https://youtu.be/abc'.",
        "posters/links/poster.yml:10:5: this link has no 'url'; add 'url: https://...'.",  # nothing follows it
    ]
    assert messages(project.check("id"))[0] == (
        "posters/links/poster.yml:8:5: url tautan ini ada di baris berikutnya sebagai tautan tersendiri "
        "('- url: ...'); hapus tanda pisah di baris itu, sehingga 'url:' sejajar di bawah 'label:': "
        "'    url: https://youtu.be/abc'."
    )
    # The url under another name that means it ('alamat', 'link', a typing mistake): the same line, with 'url:'.
    project.add_poster("links", GOOD_POSTER + "links:\n  - label: Video praktik\n  - alamat: https://youtu.be/abc\n")
    assert messages(project.check("en")) == [
        "posters/links/poster.yml:8:5: this link's url is on the next line as a link of its own ('- alamat: ...'); "
        "take away that line's dash, so that 'url:' stands under 'label:': '    url: https://youtu.be/abc'.",
        "posters/links/poster.yml:9:5: a link has only 'label' and 'url'; write 'url' instead of 'alamat'.",
    ]
    project.add_poster("links", GOOD_POSTER + "links:\n  - label: Video praktik\n    url: https://youtu.be/abc\n")
    result = project.check("en")  # the line written as said
    assert messages(result) == []
    assert [(link.label, link.url) for link in result.posters[0].links] == [("Video praktik", "https://youtu.be/abc")]


@pytest.mark.parametrize("url", ["www.youtube.com/watch?v=abc", "bnsp.go.id"])
def test_a_link_without_https_gets_the_address_to_write(project, url):
    """It was refused as not a web address, without the line to write."""
    project.add_poster("links", GOOD_POSTER + f"links:\n  - label: x\n    url: {url}\n")
    assert messages(project.check("en")) == [
        f"posters/links/poster.yml:9:10: the link '{url}' does not start with https://, so it would not open the "
        f"site; write the whole address: 'https://{url}'."
    ]
    assert messages(project.check("id")) == [
        f"posters/links/poster.yml:9:10: tautan '{url}' tidak diawali https://, sehingga tidak akan membuka "
        f"situsnya; tulis alamatnya dengan lengkap: 'https://{url}'."
    ]


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "Poster A",
            "the folder name 'Poster A' becomes the poster's web address, so it may contain only lowercase "
            "letters a-z, digits 0-9 and single dashes between words; rename the folder to 'poster-a'.",
        ),
        (
            "las_smaw",
            "the folder name 'las_smaw' becomes the poster's web address, so it may contain only lowercase "
            "letters a-z, digits 0-9 and single dashes between words; rename the folder to 'las-smaw'.",
        ),
        ("vote", "the folder name 'vote' is used by the site itself; rename the folder, e.g. to 'poster-vote'."),
        ("assets", "the folder name 'assets' is used by the site itself; rename the folder, e.g. to 'poster-assets'."),
        (
            "a" * 81,
            f"the folder name '{'a' * 81}' is too long (81 characters, at most 80); shorten it, e.g. '{'a' * 40}'.",
        ),
    ],
)
def test_invalid_and_reserved_slugs(project, name, message):
    project.add_poster(name)
    assert messages(project.check()) == [f"posters/{name}/: {message}"]
    assert project.check().posters == []


def test_slugs_differing_only_in_case(project):
    project.add_poster("Poster-A")
    project.add_poster("poster-a")
    assert messages(project.check()) == [
        "posters/Poster-A/: the folder name 'Poster-A' becomes the poster's web address, so it may contain only "
        "lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder to 'poster-a-2'.",
        "posters/Poster-A/: the folders 'Poster-A' and 'poster-a' differ only in upper/lower case; web addresses "
        "and Windows or macOS computers treat them as the same. Rename or remove all but one.",
    ]


def test_the_name_a_misnamed_folder_is_told_to_take_is_no_other_poster_s(project):
    """Told to rename 'K3 Bengkel' to the name of another poster's folder, the committee would get a refusal, or
    on Windows the offer to merge the two folders, one poster.yml written over by the other."""
    project.add_poster("K3 Bengkel")
    project.add_poster("k3-bengkel")
    project.add_poster("k3-bengkel-2")
    expected = (
        "posters/K3 Bengkel/: the folder name 'K3 Bengkel' becomes the poster's web address, so it may contain only "
        "lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder to '{}'."
    )
    assert messages(project.check()) == [expected.format("k3-bengkel-3")]
    shutil.rmtree(project.root / "posters" / "k3-bengkel")
    shutil.rmtree(project.root / "posters" / "k3-bengkel-2")
    assert messages(project.check()) == [expected.format("k3-bengkel")]  # read again, though itself unchanged
    project.add_poster("vote")  # a name the site uses, beside the folder it would be told to take
    project.add_poster("poster-vote")
    assert messages(project.check())[-1] == (
        "posters/vote/: the folder name 'vote' is used by the site itself; rename the folder, e.g. to 'poster-vote-2'."
    )


def test_an_empty_folder_is_a_warning_as_it_is_not_in_the_repository_either(project):
    """Windows' "New folder" left in posters/: the build on the committee's computer stopped on it ("no poster.yml",
    "no poster file", under a poster.yml that is not there), while the site built from the repository, where git
    keeps no empty folder, went out."""
    project.add_poster("kopi")
    (project.root / "posters" / "kosong").mkdir()
    (project.root / "posters" / "New folder").mkdir()  # its name would be refused, were it not empty
    result = project.check()
    assert messages(result) == [
        "posters/New folder/: warning: the folder posters/New folder/ is empty, so it is not on the site; put the "
        "poster file and its poster.yml in it, or remove the folder.",
        "posters/kosong/: warning: the folder posters/kosong/ is empty, so it is not on the site; put the poster file "
        "and its poster.yml in it, or remove the folder.",
    ]
    assert result.ok and [p.slug for p in result.posters] == ["kopi"]
    in_indonesian = project.check("id").problems[1]
    assert [in_indonesian.format_text(Translator("id"))] == [
        "posters/kosong/: peringatan: folder posters/kosong/ kosong, sehingga tidak tampil di situs; taruh berkas "
        "poster dan poster.yml-nya di dalamnya, atau hapus foldernya."
    ]


def test_no_image_and_two_images(project):
    project.add_poster("none", image=None)
    folder = project.add_poster("two")
    (folder / "extra.png").write_bytes((folder / "poster.jpg").read_bytes())
    assert messages(project.check()) == [
        "posters/none/poster.yml: no poster file found in posters/none/; add the poster as a JPG, PNG, WebP, "
        "AVIF or PDF file.",
        "posters/two/poster.yml: posters/two/ holds 2 poster files (extra.png, poster.jpg); keep only one, or say "
        "which one to show with a line 'image: extra.png' in poster.yml.",
    ]


def test_two_poster_files_of_which_one_is_empty(project):
    """The line to write names a file that can be shown, and the empty one is said in the same run: the first by
    name was an empty 'Poster.JPG', whose line then brought 'is empty' in the next round."""
    folder = project.add_poster("two", image="poster.jpeg")
    (folder / "Poster.JPG").write_bytes(b"")
    assert messages(project.check()) == [
        "posters/two/poster.yml: 'Poster.JPG' is empty (0 bytes); upload the poster file again.",
        "posters/two/poster.yml: posters/two/ holds 2 poster files (Poster.JPG, poster.jpeg); keep only one, or say "
        "which one to show with a line 'image: poster.jpeg' in poster.yml.",
    ]


@pytest.mark.parametrize(
    ("name", "en", "id_"),
    [
        (
            "poster.pptx",
            "'poster.pptx' is a presentation, which the gallery cannot show; export it as a PDF (in PowerPoint: "
            "File > Export > Create PDF) and put the PDF in posters/kopi/.",
            "'poster.pptx' adalah berkas presentasi, yang tidak dapat ditampilkan galeri; ekspor sebagai PDF (di "
            "PowerPoint: File > Export > Create PDF) lalu taruh PDF-nya di posters/kopi/.",
        ),
        (
            "Poster Kopi.docx",
            "'Poster Kopi.docx' is a Word document, which the gallery cannot show; save it as a PDF (in Word: File > "
            "Save As > PDF) and put the PDF in posters/kopi/.",
            "'Poster Kopi.docx' adalah dokumen Word, yang tidak dapat ditampilkan galeri; simpan sebagai PDF (di "
            "Word: File > Save As > PDF) lalu taruh PDF-nya di posters/kopi/.",
        ),
        (
            "poster.gif",
            "'poster.gif' is an image format the gallery cannot show; save it as a PNG (for example in Paint: File > "
            "Save As > PNG picture) and put the PNG in posters/kopi/.",
            "'poster.gif' berformat gambar yang tidak dapat ditampilkan galeri; simpan sebagai PNG (misalnya di "
            "Paint: File > Save As > PNG picture) lalu taruh PNG-nya di posters/kopi/.",
        ),
        (
            "Poster Kopi FINAL.cdr",
            "'Poster Kopi FINAL.cdr' is a design program's own file, which the gallery cannot show; export the "
            "poster from that program as a PDF (File > Save As or Export > PDF; in Canva: Share > Download > PDF "
            "Print) and put the PDF in posters/kopi/.",
            "'Poster Kopi FINAL.cdr' adalah berkas asli program desain, yang tidak dapat ditampilkan galeri; ekspor "
            "poster dari program itu sebagai PDF (File > Save As atau Export > PDF; di Canva: Bagikan > Unduh > PDF "
            "Cetak) lalu taruh PDF-nya di posters/kopi/.",
        ),
        (
            "Poster Kopi.zip",
            "'Poster Kopi.zip' is a compressed archive, which the gallery does not open; take the poster file out "
            "of it (in Windows: right-click > Extract All) and put the poster file itself in posters/kopi/.",
            "'Poster Kopi.zip' adalah berkas arsip terkompresi, yang tidak dibuka galeri; keluarkan berkas poster "
            "dari dalamnya (di Windows: klik kanan > Extract All) lalu taruh berkas poster itu sendiri di "
            "posters/kopi/.",
        ),
    ],
)
def test_a_presentation_document_design_gif_or_archive_in_place_of_the_poster_is_named(project, name, en, id_):
    """It was "no poster file found", with no word about the file that is there."""
    folder = project.add_poster("kopi", image=None)
    (folder / name).write_bytes(b"PK\x03\x04")
    assert messages(project.check("en")) == [f"posters/kopi/poster.yml: no poster file found in posters/kopi/: {en}"]
    assert messages(project.check("id")) == [
        f"posters/kopi/poster.yml: tidak ada berkas poster di posters/kopi/: {id_}"
    ]


def test_a_poster_file_saved_without_an_ending_is_named_with_the_ending_its_bytes_give(project):
    """A download from a chat or a drive saved as "poster", with no ending: it was "no poster file found", with no
    word about the file that is there."""
    folder = project.add_poster("kopi", image="poster")
    (folder / "CATATAN").write_text("untuk panitia")  # a note without an ending is not taken for the poster
    assert messages(project.check("en")) == [
        "posters/kopi/poster.yml: no poster file found in posters/kopi/: 'poster' has no ending, though it is a JPG "
        "file; rename it to 'poster.jpg'."
    ]
    assert messages(project.check("id")) == [
        "posters/kopi/poster.yml: tidak ada berkas poster di posters/kopi/: nama 'poster' tidak berakhiran apa pun, "
        "padahal berkasnya berkas JPG; ganti namanya menjadi 'poster.jpg'."
    ]
    (folder / "poster").rename(folder / "poster.jpg")
    assert messages(project.check("en")) == []


def test_a_download_that_did_not_finish_is_named(project):
    folder = project.add_poster("kopi", image=None)
    (folder / "Poster Kopi.pdf.crdownload").write_bytes(b"%PDF-1.7\n")
    assert messages(project.check("en")) == [
        "posters/kopi/poster.yml: no poster file found in posters/kopi/: 'Poster Kopi.pdf.crdownload' is a download "
        "that did not finish (the browser names it so until it is done); download the poster again, and put the "
        "finished file in posters/kopi/."
    ]


@pytest.mark.parametrize("name", ["IMG-20240130-WA0003.jfif", "poster.JPE"])
def test_a_jpeg_saved_as_jfif_or_jpe_is_named_with_the_name_to_give_it(project, name):
    """It was "no poster file found ... add the poster as a JPG", with no word about the JPG photo that is there."""
    folder = project.add_poster("kopi", image=name)
    renamed = name.rsplit(".", 1)[0] + ".jpg"
    assert messages(project.check("en")) == [
        f"posters/kopi/poster.yml: no poster file found in posters/kopi/: '{name}' is a JPG photo under another "
        f"ending (as WhatsApp and Windows save some photos), which the gallery does not read; rename it to "
        f"'{renamed}'."
    ]
    assert messages(project.check("id")) == [
        f"posters/kopi/poster.yml: tidak ada berkas poster di posters/kopi/: '{name}' adalah foto JPG dengan "
        "akhiran nama lain (seperti yang disimpan WhatsApp dan Windows untuk sebagian foto), yang tidak dibaca "
        f"galeri; ganti namanya menjadi '{renamed}'."
    ]
    (folder / name).rename(folder / renamed)
    assert messages(project.check("en")) == []


def test_an_image_field_naming_a_jfif_file_gets_the_name_to_give_it(project):
    project.add_poster("kopi", GOOD_POSTER + "image: foto.jfif\n", image="foto.jfif")
    assert messages(project.check("en")) == [
        "posters/kopi/poster.yml:7:8: 'foto.jfif' is a JPG photo under another ending (as WhatsApp and Windows "
        "save some photos), which the gallery does not read; rename it to 'foto.jpg' and write 'image: foto.jpg'."
    ]
    assert messages(project.check("id")) == [
        "posters/kopi/poster.yml:7:8: 'foto.jfif' adalah foto JPG dengan akhiran nama lain (seperti yang disimpan "
        "WhatsApp dan Windows untuk sebagian foto), yang tidak dibaca galeri; ganti namanya menjadi 'foto.jpg' "
        "lalu tulis 'image: foto.jpg'."
    ]


def test_a_poster_folder_one_level_too_deep(project):
    """It was "no poster.yml" and "no poster file found", though both are there, in the inner folder."""
    project.add_poster("las-smaw/las-smaw")
    assert messages(project.check("en")) == [
        "posters/las-smaw/: the files of this poster are in the folder posters/las-smaw/las-smaw/ inside it, one "
        "level too deep; move poster.yml and the poster file up into posters/las-smaw/, then delete the empty "
        "folder posters/las-smaw/las-smaw/."
    ]
    assert messages(project.check("id")) == [
        "posters/las-smaw/: berkas-berkas poster ini ada di folder posters/las-smaw/las-smaw/ di dalamnya, satu "
        "tingkat terlalu dalam; pindahkan poster.yml dan berkas posternya ke atas, ke posters/las-smaw/, lalu "
        "hapus folder posters/las-smaw/las-smaw/ yang sudah kosong."
    ]


def test_image_field_picks_one_of_two(project):
    folder = project.add_poster("two", GOOD_POSTER + "image: poster.jpg\n")
    (folder / "draft.png").write_bytes(b"not used")
    result = project.check()
    assert result.problems == [] and result.posters[0].source == "posters/two/poster.jpg"


@pytest.mark.parametrize("value", ["../x.jpg", "/etc/passwd", "sub/poster.jpg", "..", "C:\\\\x.jpg"])
def test_image_outside_the_folder_is_refused(project, value):
    project.add_poster("escape", GOOD_POSTER + f'image: "{value}"\n')
    shown = value.replace("\\\\", "\\")
    assert messages(project.check()) == [
        f"posters/escape/poster.yml:7:8: 'image' must be just the name of a file in this folder, like poster.jpg, "
        f"without any folder in front ('{shown}' is not allowed)."
    ]


def test_image_named_but_missing_lists_what_is_there(project):
    project.add_poster("typo", GOOD_POSTER + "image: Poster.jpg\n")
    assert messages(project.check()) == [
        "posters/typo/poster.yml:7:8: 'image' names 'Poster.jpg', but there is no such file in posters/typo/ "
        "(files there: poster.jpg). Check the spelling, including upper and lower case."
    ]


def test_symlinked_image_and_folder_are_refused(project, tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"\xff\xd8secret")
    folder = project.add_poster("linked", image=None)
    os.symlink(outside, folder / "poster.jpg")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "poster.yml").write_text(GOOD_POSTER)
    os.symlink(elsewhere, project.root / "posters" / "linked-folder")
    assert messages(project.check()) == [
        "posters/linked-folder: 'linked-folder' is a link (symlink) to another folder; put the poster folder "
        "itself here.",
        "posters/linked/poster.yml: 'poster.jpg' is a link (symlink) to another file; put the poster file itself "
        "in the folder.",
    ]


def test_names_not_saved_as_utf8_are_refused_with_the_name_to_give_instead(project):
    """A zip made on Windows, unpacked elsewhere, leaves names in another encoding: the image library cannot open
    a file under such a name (check gave a traceback). The folder's name is refused as a web address; the file's
    name with the name to give it."""
    folder = project.add_poster("fail", image=None)
    (folder / os.fsdecode(b"poster\xe9.jpg")).write_bytes((project.add_poster("other") / "poster.jpg").read_bytes())
    project.add_poster(os.fsdecode(b"caf\xe9-poster"))
    result = project.check()
    assert messages(result) == [
        "posters/caf\\udce9-poster/: the folder name 'caf\\udce9-poster' becomes the poster's web address, so it may "
        "contain only lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder to "
        "'caf-poster'.",
        "posters/fail/poster.yml: the name of 'poster\\udce9.jpg' has letters that were not saved as UTF-8 (as happens "
        "when a zip made on Windows is unpacked elsewhere), so the file cannot be read; rename it with plain "
        "letters, e.g. 'poster.jpg'.",
    ]
    assert [p.slug for p in result.posters] == ["other"]


def test_an_image_named_as_typed_is_found_under_the_name_a_mac_gave_it(project):
    """macOS writes é in a file name as e and its accent; poster.yml, typed, has é as one character."""
    import unicodedata

    typed = "poster-café.jpg"
    on_disk = unicodedata.normalize("NFD", typed)
    project.add_poster("mac", GOOD_POSTER + f"image: {typed}\n", image=on_disk)
    result = project.check()
    assert result.problems == [] and result.posters[0].source == f"posters/mac/{on_disk}"


def test_empty_image_file(project):
    folder = project.add_poster("zero", image=None)
    (folder / "poster.png").write_bytes(b"")
    assert messages(project.check()) == [
        "posters/zero/poster.yml: 'poster.png' is empty (0 bytes); upload the poster file again."
    ]


def test_bom_and_crlf_are_accepted(project):
    project.add_poster("windows", b"\xef\xbb\xbf" + GOOD_POSTER.replace("\n", "\r\n").encode("utf-8"))
    project.add_poster("old-mac", GOOD_POSTER.replace("\n", "\r").encode("utf-8"))
    result = project.check()
    assert result.problems == []
    assert [p.title for p in result.posters] == ["Las SMAW dari Nol", "Las SMAW dari Nol"]


def test_not_utf8(project):
    project.add_poster("latin1", (GOOD_POSTER + "program: Tata Boga Caf\xe9\n").encode("latin-1"))
    assert messages(project.check()) == [
        "posters/latin1/poster.yml:7:23: poster.yml is not saved as UTF-8 text, so this character cannot be read. "
        "Save the file again with the UTF-8 encoding (in Notepad: File > Save As > Encoding: UTF-8)."
    ]


def _docx(text: str) -> bytes:
    """A Word document holding ``text`` as its paragraphs, as Word saves one (a zip of XML parts)."""
    body = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            "<?xml version='1.0' encoding='UTF-8'?><Types xmlns='http://schemas.openxmlformats.org/package/2006/"
            "content-types'><Override PartName='/word/document.xml' ContentType='application/vnd.openxmlformats-"
            "officedocument.wordprocessingml.document.main+xml'/></Types>",
        )
        z.writestr(
            "word/document.xml",
            "<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='http://schemas.openxmlformats.org/"
            f"wordprocessingml/2006/main'><w:body>{body}</w:body></w:document>",
        )
    return out.getvalue()


@pytest.mark.parametrize(
    "kind",
    [
        "docx",
        "doc",  # Word 97-2003: an OLE compound file
        "rtf",  # WordPad's and TextEdit's own format
    ],
)
def test_a_word_processor_s_document_saved_as_poster_yml_is_said_to_be_one(project, kind):
    """Told to save a .docx renamed to poster.yml 'again as UTF-8 in Notepad', the committee opens it in Notepad
    and sees no text; an RTF file was said to be a line that is not valid YAML."""
    data = {
        "docx": lambda: _docx(GOOD_POSTER),
        "doc": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + GOOD_POSTER.encode(),
        "rtf": lambda: (
            "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Calibri;}}\n\\pard " + GOOD_POSTER.replace("\n", "\\par\n") + "}\n"
        ).encode(),
    }[kind]()
    project.add_poster("kopi", data)
    assert messages(project.check()) == [
        "posters/kopi/poster.yml:1:1: poster.yml is a word processor's document (Word, WordPad or TextEdit), not "
        "plain text, so it cannot be read. Write the lines again as plain text, in GitHub's editor or in Notepad "
        "(on a Mac: TextEdit, Format > Make Plain Text), and save the file as UTF-8 under the name poster.yml."
    ]
    assert messages(project.check("id")) == [
        "posters/kopi/poster.yml:1:1: poster.yml adalah dokumen pengolah kata (Word, WordPad atau TextEdit), bukan "
        "teks biasa, sehingga tidak dapat dibaca. Tulis lagi baris-barisnya sebagai teks biasa, di editor GitHub "
        "atau di Notepad (di Mac: TextEdit, Format > Make Plain Text), lalu simpan berkasnya sebagai UTF-8 dengan "
        "nama poster.yml."
    ]


def test_a_file_saved_as_windows_ansi_is_said_and_read_all_the_same(project):
    """Notepad's 'ANSI' (Windows-1252): the first letter it cannot read was said, and nothing else until the file
    was saved again; the curly quotes and the role came one round later."""
    text = GOOD_POSTER.replace("title: Las SMAW dari Nol", "title: \u201cLas SMAW dari Nol\u201d")
    text = text.replace("role: alumni", "role: guru") + "program: Tata Boga Caf\u00e9\n"
    project.add_poster("ansi", text.encode("cp1252"))
    assert messages(project.check()) == [
        "posters/ansi/poster.yml:1:8: poster.yml is not saved as UTF-8 text, so this character cannot be read. "
        "Save the file again with the UTF-8 encoding (in Notepad: File > Save As > Encoding: UTF-8).",
        "posters/ansi/poster.yml:1:8: the value is in curly quotes (\u201c...\u201d or \u2018...\u2019), which YAML keeps "
        "as part of the text; use straight double quotes instead: 'title: \"Las SMAW dari Nol\"'.",
        "posters/ansi/poster.yml:4:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
    ]


def test_a_character_written_as_json_escapes_is_refused_with_the_character_to_write(project):
    """ "\\ud83d\\ude00" is how JSON writes 😀: YAML makes it two halves of a character, which passed the check
    and then stopped the build with a traceback when the page was written."""
    project.add_poster("emoji", GOOD_POSTER.replace("title: Las SMAW dari Nol", 'title: "Las \\ud83d\\ude00 SMAW"'))
    project.add_poster("half", GOOD_POSTER.replace("title: Las SMAW dari Nol", 'title: "Las \\ud800 SMAW"'))
    assert messages(project.check()) == [
        "posters/emoji/poster.yml:1:8: this text writes a character as two escapes such as \\ud83d\\ude00, which a "
        "file cannot hold; write the character itself (\U0001f600) instead.",
        "posters/half/poster.yml:1:8: this text holds an escape such as \\ud800, half of a character, which a file "
        "cannot hold; write the character itself instead.",
    ]
    assert project.cli("build").returncode == 1


def test_alias_bomb_is_refused_quickly_with_bounded_memory(project):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    project.add_poster("bomb", "\n".join(lines) + "\n")
    tracemalloc.start()
    start = time.perf_counter()
    result = project.check()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert messages(result) == [
        "posters/bomb/poster.yml:1:4: poster.yml uses a YAML anchor (&) or alias (*); write each value out in "
        "full instead."
    ]
    assert elapsed < 2 and peak < 20_000_000


def test_deep_nesting_and_huge_files_are_refused(project):
    project.add_poster("deep", "title: " + "[" * 5000 + "]" * 5000 + "\n")
    project.add_poster("huge", GOOD_POSTER + "summary: " + "x" * 70_000 + "\n")
    assert messages(project.check()) == [
        "posters/deep/poster.yml:1:39: poster.yml is nested too deeply; poster fields are at most two levels deep "
        "(for example links: - label: ... url: ...).",
        "posters/huge/poster.yml: poster.yml is 68 KB; a poster's details fit in a few lines (at most 64 KB). "
        "Check that this is the right file.",
    ]


def test_python_tags_are_never_executed(project):
    project.add_poster(
        "tagged",
        GOOD_POSTER.replace("title: Las SMAW dari Nol", "title: !!python/object/apply:os.system ['touch /tmp/pwned']"),
    )
    project.add_poster("name-tag", GOOD_POSTER.replace("title: Las SMAW dari Nol", "title: !!python/name:os.getcwd"))
    result = project.check()
    assert not os.path.exists("/tmp/pwned")
    # Tags are never resolved: the value is read as the plain text (or list) written after them.
    assert messages(result) == [
        "posters/name-tag/poster.yml:1:1: the field 'title' is empty. Write the poster's title after 'title:', "
        'e.g. title: "Las SMAW dari Nol".',
        "posters/tagged/poster.yml:1:8: 'title' must be a single text, not a list.",
    ]


def test_every_problem_in_every_poster_is_reported_at_once(project):
    project.add_poster("good")
    project.add_poster("bad-one", "title: x\n")
    project.add_poster("bad-two", GOOD_POSTER.replace("role: alumni", "role: x") + "autor: y\n")
    result = project.check()
    assert [p.slug for p in result.posters] == ["good"]
    assert len(only(result, "bad-one")) == 4 and len(only(result, "bad-two")) == 2


def test_check_slug_suggests_a_usable_name():
    tr = Translator("en")
    assert check_slug("las-smaw-3g", tr, reserved_slugs()) is None
    assert "rename the folder to 'bengkel-las-bu-siti'" in check_slug("Bengkel Las (Bu Siti)", tr, reserved_slugs())
    assert "rename the folder to 'poster-baru'" in check_slug("???", tr, reserved_slugs())


# ---------------------------------------- the poster file, in the same run ---
# A folder whose poster.yml is wrong still has its poster file checked (found, counted, sized, decoded),
# so that a committee member fixes both in one commit instead of finding the second after the first.

INCOMPLETE = (
    "'poster.jpg' is incomplete: the file ends before the image does, probably because an upload or "
    "a copy was interrupted. Upload the poster file again."
)


def truncated_jpeg(folder):
    from imagefiles import write_jpeg

    path = write_jpeg(folder / "poster.jpg", size=(400, 600), colour=(1, 2, 3))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def test_a_damaged_poster_file_is_reported_with_a_line_mistake(project):
    folder = project.add_poster("rizky", GOOD_POSTER.replace("role: alumni", "role:alumni"), image=None)
    truncated_jpeg(folder)
    assert messages(project.check()) == [
        "posters/rizky/poster.jpg: " + INCOMPLETE,
        "posters/rizky/poster.yml:4:6: there is no space after 'role:', so YAML does not read this line as the "
        "field 'role'; put a space after the colon: 'role: alumni'.",
    ]
    assert messages(project.check(lang="id")) == [
        "posters/rizky/poster.jpg: 'poster.jpg' tidak lengkap: berkasnya berakhir sebelum gambarnya selesai, "
        "mungkin karena unggahan atau penyalinan terputus. Unggah lagi berkas posternya.",
        "posters/rizky/poster.yml:4:6: tidak ada spasi setelah 'role:', sehingga YAML tidak membaca baris ini "
        "sebagai isian 'role'; beri satu spasi setelah titik dua: 'role: alumni'.",
    ]


def test_a_damaged_poster_file_is_reported_with_a_yaml_error(project):
    folder = project.add_poster("rizky", "title: Las\n  dari: nol\n", image=None)
    truncated_jpeg(folder)
    assert messages(project.check()) == [
        "posters/rizky/poster.jpg: " + INCOMPLETE,
        "posters/rizky/poster.yml:2:7: this line is not valid YAML (mapping values are not allowed here). A common "
        'cause is a colon (:) inside a text; put the whole text in double quotes, e.g. title: "Las: dari nol".',
    ]


def test_a_damaged_poster_file_is_reported_with_missing_fields(project):
    folder = project.add_poster("rizky", "title: Las SMAW\n", image=None)
    truncated_jpeg(folder)
    result = project.check()
    assert messages(result)[0] == "posters/rizky/poster.jpg: " + INCOMPLETE
    assert len(messages(result)) == 5  # and the four missing fields


def test_no_poster_file_is_reported_with_a_yaml_error(project):
    project.add_poster("rizky", "title: Las\n  dari: nol\n", image=None)
    assert messages(project.check()) == [
        "posters/rizky/poster.yml: no poster file found in posters/rizky/; add the poster as a JPG, PNG, WebP, AVIF "
        "or PDF file.",
        "posters/rizky/poster.yml:2:7: this line is not valid YAML (mapping values are not allowed here). A common "
        'cause is a colon (:) inside a text; put the whole text in double quotes, e.g. title: "Las: dari nol".',
    ]


def test_two_poster_files_and_a_text_file_named_jpg_without_poster_yml(project):
    folder = project.add_poster("dua", yml=None)
    (folder / "draft.png").write_bytes((folder / "poster.jpg").read_bytes())
    lone = project.add_poster("teks", yml=None, image=None)
    (lone / "poster.jpg").write_text("<!DOCTYPE html>\n<html><body>Login WhatsApp Web</body></html>\n")
    missing = (
        "this poster folder has no poster.yml file describing the poster; add one (see the committee guide "
        "for a complete example)."
    )
    assert messages(project.check()) == [
        "posters/dua/: " + missing,
        "posters/dua/poster.yml: posters/dua/ holds 2 poster files (draft.png, poster.jpg); keep only one, or say "
        "which one to show with a line 'image: draft.png' in poster.yml.",
        "posters/teks/: " + missing,
        "posters/teks/poster.jpg: 'poster.jpg' is a text file, not an image (it begins with \"<!DOCTYPE html>\"); "
        "perhaps a web page or a link was saved instead of the poster. Save the poster file itself and add it "
        "again.",
    ]


def test_the_image_line_of_an_unreadable_poster_yml_still_says_which_file(project):
    folder = project.add_poster("rizky", "title: Las\n  dari: nol\nimage: poster.png\n", image="poster.jpg")
    (folder / "poster.png").write_bytes(b"")
    assert messages(project.check()) == [
        "posters/rizky/poster.yml:2:7: this line is not valid YAML (mapping values are not allowed here). A common "
        'cause is a colon (:) inside a text; put the whole text in double quotes, e.g. title: "Las: dari nol".',
        "posters/rizky/poster.yml:3:8: 'poster.png' is empty (0 bytes); upload the poster file again.",
    ]


def test_a_poster_yml_not_in_utf8_and_a_poster_file_too_large(project):
    project.write_config("max_file_mb: 1")
    folder = project.add_poster("besar", (GOOD_POSTER + "program: Tata Boga Caf\xe9\n").encode("latin-1"), image=None)
    with open(folder / "poster.jpg", "wb") as fh:
        fh.truncate(1_500_000)
    assert messages(project.check()) == [
        "posters/besar/poster.yml: 'poster.jpg' is 1.5 MB, more than the limit of 1 MB. Export a smaller file: save "
        "a JPG at quality 85 about 5000 pixels tall, or a PDF with images compressed to 300 dpi.",
        "posters/besar/poster.yml:7:23: poster.yml is not saved as UTF-8 text, so this character cannot be read. "
        "Save the file again with the UTF-8 encoding (in Notepad: File > Save As > Encoding: UTF-8).",
    ]


def test_problems_past_the_limit_are_counted_in_one_line_for_one_and_for_more(project):
    twenty_six = GOOD_POSTER + "".join(f"extra{n}: x\n" for n in range(26))
    project.add_poster("one-more", twenty_six)
    project.add_poster("two-more", twenty_six + "extra26: x\n")
    said = "poster.yml:32:1: ... and {} in this file from here on; fix the ones above first, then check again."
    assert only(project.check(), "one-more")[-1] == "posters/one-more/" + said.format("1 more problem")
    assert only(project.check(), "two-more")[-1] == "posters/two-more/" + said.format("2 more problems")
    assert only(project.check(lang="id"), "one-more")[-1] == (
        "posters/one-more/poster.yml:32:1: ... dan 1 masalah lain di berkas ini mulai dari sini; perbaiki dulu yang "
        "di atas, lalu periksa lagi."
    )


# ------------------------------------------------------------ board and text ---


def test_board_and_text_are_read_and_the_board_is_kept_in_capitals(project):
    project.add_poster(
        "papan",
        GOOD_POSTER
        + "board: a-12\n"
        + "text: |-\n  Latar belakang:\n  pekarangan sempit.\n\n  Hasil: panen   tiap minggu.\n",
    )
    result = project.check()
    assert result.problems == []
    (poster,) = result.posters
    assert poster.board == "A-12"
    assert poster.text == "Latar belakang: pekarangan sempit.\n\nHasil: panen tiap minggu."


def test_board_and_text_may_be_left_out_or_empty(project):
    project.add_poster("tanpa", GOOD_POSTER)
    project.add_poster("kosong", GOOD_POSTER + 'board: ""\ntext:\n')
    project.add_poster("angka", GOOD_POSTER + "board: 12\n")
    result = project.check()
    assert result.problems == []
    assert [(p.slug, p.board, p.text) for p in result.posters] == [
        ("angka", "12", ""),
        ("kosong", "", ""),
        ("tanpa", "", ""),
    ]


@pytest.mark.parametrize(
    "line, en, id_",
    [
        (
            "board: A 12",
            "'board' is 'A 12', which is not a board number; a board number is made of letters (A-Z), digits and "
            "dashes between them, e.g. board: A-12.",
            "'board' berisi 'A 12', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan tanda "
            "hubung di antaranya, misalnya board: A-12.",
        ),
        (
            "board: papan#3",
            "'board' is 'papan#3', which is not a board number; a board number is made of letters (A-Z), digits and "
            "dashes between them, e.g. board: 3.",
            "'board' berisi 'papan#3', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan tanda "
            "hubung di antaranya, misalnya board: 3.",
        ),
        (  # longer than a board number may be: said as what it is, not 'shorten it to 8' (then 'PAPAN-12')
            "board: Papan no. 12",
            "'board' is 'Papan no. 12', which is not a board number; a board number is made of letters (A-Z), digits "
            "and dashes between them, e.g. board: 12.",
            "'board' berisi 'Papan no. 12', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan "
            "tanda hubung di antaranya, misalnya board: 12.",
        ),
        (
            "board: No. A12",
            "'board' is 'No. A12', which is not a board number; a board number is made of letters (A-Z), digits and "
            "dashes between them, e.g. board: A12.",
            "'board' berisi 'No. A12', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan tanda "
            "hubung di antaranya, misalnya board: A12.",
        ),
        (
            'board: "--"',
            "'board' is '--', which is not a board number; a board number is made of letters (A-Z), digits and "
            "dashes between them, e.g. board: A12.",
            "'board' berisi '--', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan tanda "
            "hubung di antaranya, misalnya board: A12.",
        ),
        (
            "board: Ä12",
            "'board' is 'Ä12', which is not a board number; a board number is made of letters (A-Z), digits and "
            "dashes between them, e.g. board: 12.",
            "'board' berisi 'Ä12', yang bukan nomor papan; nomor papan terdiri atas huruf (A-Z), angka dan tanda "
            "hubung di antaranya, misalnya board: 12.",
        ),
        (
            "board: HALL-A-12",
            "'board' is 9 characters long; shorten it to at most 8.",
            "'board' panjangnya 9 karakter; persingkat menjadi paling banyak 8.",
        ),
        (
            "board: [A1, A2]",
            "'board' must be a single text, not a list.",
            "'board' harus berupa satu teks, bukan sebuah daftar.",
        ),
        (
            "text: [Catatan, panen]",
            "'text' must be a text, not a list.",
            "'text' harus berupa teks, bukan sebuah daftar.",
        ),
        (
            "text: " + "x" * 5001,
            "'text' is 5001 characters long; shorten it to at most 5000.",
            "'text' panjangnya 5001 karakter; persingkat menjadi paling banyak 5000.",
        ),
        (
            "papan: A12",
            "unknown field 'papan'. Did you mean 'board'?",
            "isian 'papan' tidak dikenal. Mungkin maksud Anda 'board'?",
        ),
        (
            "teks_poster: Panen naik",
            "unknown field 'teks_poster'. Did you mean 'text'?",
            "isian 'teks_poster' tidak dikenal. Mungkin maksud Anda 'text'?",
        ),
    ],
)
def test_an_invalid_board_or_text_is_said_so_in_both_languages(project, line, en, id_):
    project.add_poster("papan", GOOD_POSTER + line + "\n")
    col = 1 if line.startswith(("papan", "teks")) else len(line.split(":")[0]) + 3
    assert messages(project.check()) == [f"posters/papan/poster.yml:7:{col}: {en}"]
    assert messages(project.check(lang="id")) == [f"posters/papan/poster.yml:7:{col}: {id_}"]
    assert project.check().posters == []


def test_a_folder_read_again_unchanged_is_taken_from_the_last_load_and_any_change_is_read(project, monkeypatch):
    """`mkdocs serve` loads every folder for every build: one whose files are as they were is not read again,
    with the same poster and the same problems; an edit of the same length, a new file, a removed one and
    another language are read."""
    from postergallery.stages import load

    project.add_poster("good")
    project.add_poster("bad", GOOD_POSTER.replace("role: alumni", "role: astronaut"))
    read = []
    load_one = load._load_one
    monkeypatch.setattr(load, "_load_one", lambda folder, *a: read.append(folder.name) or load_one(folder, *a))
    tr = Translator("en")

    def loaded(lang=tr):
        return load.load_gallery(project.root, "posters", lang, reserved=reserved_slugs())

    first = loaded()
    assert sorted(read) == ["bad", "good"] and [p.slug for p in first.posters] == ["good"]
    read.clear()
    again = loaded()
    assert read == [] and again == first  # the same posters, files and problems, none read
    yml = project.root / "posters/good/poster.yml"
    yml.write_text(yml.read_text("utf-8").replace("Las SMAW dari Nol", "Las SMAW dari Nul"), "utf-8")  # same length
    assert [p.title for p in loaded().posters] == ["Las SMAW dari Nul"] and read == ["good"]
    read.clear()
    (project.root / "posters/bad/catatan.txt").write_text("x", "utf-8")
    loaded()
    assert read == ["bad"]
    read.clear()
    (project.root / "posters/bad/catatan.txt").unlink()
    loaded()
    assert read == ["bad"]
    read.clear()
    in_indonesian = loaded(Translator("id"))
    assert sorted(read) == ["bad", "good"] and in_indonesian.problems != first.problems


def test_a_jpg_named_pdf_is_said_to_be_a_jpg(project):
    """It was "not a readable PDF: it is damaged ... export the PDF again", of a photo that is fine."""
    project.add_poster("foto", image="poster.pdf")
    assert messages(project.check("en")) == [
        "posters/foto/poster.pdf: 'poster.pdf' is really a JPG image, not a PDF; rename it to end in .jpg."
    ]
    assert messages(project.check("id")) == [
        "posters/foto/poster.pdf: 'poster.pdf' sebenarnya gambar JPG, bukan PDF; ganti namanya agar berakhiran .jpg."
    ]


def test_a_centre_or_topic_without_a_latin_letter_is_told_why_it_needs_one(project):
    """介護 is letters, but not ones a web address is made of: the message said it had no letters at all."""
    project.add_poster("kaigo", GOOD_POSTER + "tags: [介護, lansia, '---']\n")
    project.add_poster("arab", GOOD_POSTER.replace("center: BPVP Bandung", 'center: "مركز"'))
    assert messages(project.check()) == [
        "posters/arab/poster.yml:5:9: 'center' needs at least one Latin letter (a-z) or digit: its web address is "
        "made of them. Write it in Latin letters, e.g. center: BPVP Bandung.",
        "posters/kaigo/poster.yml:7:8: the tag '介護' needs at least one Latin letter (a-z) or digit: its web "
        "address is made of them. Write it in Latin letters, e.g. kaigo.",
        "posters/kaigo/poster.yml:7:20: the tag '---' needs at least one Latin letter (a-z) or digit: its web "
        "address is made of them. Write it in Latin letters, e.g. kaigo.",
    ]

"""The poster schema: every place that lists the fields of poster.yml agrees with ``schema.FIELDS``.

The code takes its fields from the schema; the hand-written files (the committee guide's field table, the
issue form) are checked against it here, so a field added to the schema fails these tests until they
describe it too.
"""

from __future__ import annotations

import dataclasses
import re
import string

import yaml

from postergallery import schema
from postergallery.commands.changes import PosterDetails, details_from_text
from postergallery.commands.issueform import CONSENT, POSTER_FILE, QUESTIONS
from postergallery.commands.scaffold import PosterValues, poster_yml
from postergallery.i18n import Translator
from postergallery.model import Poster
from postergallery.stages import linecheck, load

from projectkit import ROOT

GUIDE = ROOT / "docs" / "guide.md"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "tambah-poster.yml"


def guide_field_table() -> list[list[str]]:
    """The rows of the table under the guide's heading "Penjelasan setiap isian", as lists of cells."""
    text = GUIDE.read_text("utf-8")
    section = text.split("## Penjelasan setiap isian", 1)[1]
    lines = section.strip().split("\n")
    assert lines[0] == "| Isian | Wajib? | Isi | Contoh |" and lines[1] == "|---|---|---|---|"
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_the_guide_describes_every_field_as_the_schema_declares_it():
    rows = guide_field_table()
    assert [row[0] for row in rows] == [f"`{f.name}`" for f in schema.FIELDS]
    for row, field in zip(rows, schema.FIELDS):
        name, required, about, example = row
        expected = "wajib" if field.required else "jika perlu" if field.kind == schema.FILE else "boleh"
        assert required == expected, field.name
        if field.limit and field.kind != schema.CHOICE:  # (a choice is one of a few words)
            assert f"paling banyak {field.limit}" in about.lower(), field.name
        if field.example:
            assert example == f"`{field.example}`", field.name


def test_the_issue_form_asks_for_every_field_as_the_schema_declares_it():
    form = yaml.safe_load(FORM.read_text("utf-8"))
    questions = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    asked = [f for f in schema.FIELDS if f.question]
    # Every field but the poster file's name (the file itself is attached to the issue) is asked.
    assert [f.name for f in schema.FIELDS if not f.question] == ["image"]
    assert list(questions) == [f.name for f in asked] + [POSTER_FILE, CONSENT]
    assert [(q.key, q.label, q.required) for q in QUESTIONS[: len(asked)]] == [
        (f.name, f.question, f.required) for f in asked
    ]
    for field in asked:
        item = questions[field.name]
        assert item["attributes"]["label"] == field.question
        assert item.get("validations", {}).get("required", False) is field.required, field.name
        if field.is_list or field.kind == schema.PARAGRAPHS:
            assert item["type"] == "textarea", field.name  # one entry, or one paragraph, per line
        if field.limit and field.kind != schema.CHOICE:
            assert f"paling banyak {field.limit}" in item["attributes"]["description"].lower(), field.name
        if not field.required:
            assert item["attributes"]["description"].startswith("Boleh dikosongkan."), field.name


def test_the_poster_and_the_values_of_new_hold_every_field_of_the_schema():
    fields = [f.name for f in schema.FIELDS if f.kind != schema.FILE]
    assert [f.name for f in dataclasses.fields(Poster)][2:] == fields  # after slug and source
    assert [f.name for f in dataclasses.fields(PosterValues)] == fields
    assert [f.name for f in dataclasses.fields(PosterDetails)] == list(schema.CHANGES_FIELDS)
    optional = [
        f for f in dataclasses.fields(Poster) if f.name in schema.BY_NAME and not schema.BY_NAME[f.name].required
    ]
    assert all(f.default is not dataclasses.MISSING for f in optional)


def test_each_field_is_declared_completely():
    names = [f.name for f in schema.FIELDS]
    assert len(set(names)) == len(names)
    synonyms = [s for f in schema.FIELDS for s in f.synonyms]
    assert len(set(synonyms)) == len(synonyms) and not set(synonyms) & set(names)
    assert all(re.fullmatch(r"[a-z][a-z_]*", s) for s in synonyms)
    for field in schema.FIELDS:
        assert field.help and field.example or field.kind == schema.LINKS, field.name
        assert bool(field.missing_hint) is field.required, field.name
        assert bool(field.empty_hint) is field.required, field.name
        placeholders = {name for _, name, _, _ in string.Formatter().parse(field.help) if name}
        assert placeholders <= {"limit", "roles"} and ("limit" not in placeholders or field.limit), field.name
        assert field.max_count is None or field.is_list, field.name
    # The loader's and the line checks' lists are the schema's.
    assert tuple(names) == load.FIELDS and load.REQUIRED == ("title", "authors", "role", "center", "alt")
    assert (load.LIMITS["board"], load.LIMITS["text"], load.LIMITS["title"], load.MAX_AUTHORS) == (8, 5000, 200, 30)
    assert frozenset(names) - {"authors", "tags", "links"} | {"label", "url"} == linecheck.TEXT_FIELDS


def test_a_text_field_starting_with_a_bracket_is_caught_on_its_line():
    report = linecheck.check_lines("text: [Catatan] panen naik\nboard: *A1\n", load.KNOWN_KEYS)
    assert [(f.line, f.col, f.message.format(**f.params)) for f in report.findings] == [
        (
            1,
            7,
            "a value starting with '[' is read by YAML as a list, not as text; put the whole text in double quotes: "
            "'text: \"[Catatan] panen naik\"'.",
        ),
        (
            2,
            8,
            "a value starting with '*' is read by YAML as a reference to another value (an alias), not as text; put "
            "the whole text in double quotes: 'board: \"*A1\"'.",
        ),
    ]


def test_the_new_template_offers_board_and_text_as_commented_lines():
    text = poster_yml(PosterValues(), Translator("en"))
    assert text.endswith(
        "# image: poster.jpg\n"
        "# The number of the board where the poster hangs at the exhibition, e.g. A12:\n"
        "# at most 8 letters, digits and dashes, written in capitals in the gallery.\n"
        "# Remove the hash sign (#) in front of the next line and change the number.\n"
        "# board: A12\n"
        "# The text written on the poster, for searching and for visitors who use a\n"
        "# screen reader (at most 5000 characters); useful when the poster is an image.\n"
        "# Remove the hash sign (#) in front of the next line and write the text\n"
        "# between the quotes.\n"
        '# text: "Pekarangan sempit pun bisa menghasilkan sayur setiap minggu."\n'
    )
    given = poster_yml(PosterValues(board="B-7", text='Satu: "dua".\n\nTiga.'), Translator("en"))
    assert '\nboard: "B-7"\n' in given and '\ntext: "Satu: \\"dua\\".\\n\\nTiga."\n' in given


def test_the_changes_summary_reads_the_schemas_fields_from_a_poster_yml():
    details = details_from_text("title: Las\nauthors: Budi\nrole: ALUMNI\ncenter: BPVP\nboard: A1\n")
    assert details == PosterDetails(title="Las", authors=("Budi",), role="alumni", center="BPVP")

"""The fields of a ``poster.yml``, each declared once: what the loader accepts and everything that lists them.

A field is one ``Field``: its name, what kind of value it holds, whether it is required, its limits, the
words people write instead of its name, the explanation ``gallery.py new`` writes above it (English, marked
for translation; Indonesian from the catalog), and an example value. From ``FIELDS`` come:

* the loader's checks (``stages/load.py``): unknown, missing and empty fields, lengths and counts, the
  "did you mean" for a misspelt name, and the line checks' list of one-text fields (``stages/linecheck.py``);
* ``gallery.py new``'s ``poster.yml`` template (``commands/scaffold.py``);
* the fields the pull request's summary shows (``commands/changes.py``) and ``poster/posters.json``
  (``features/manifest.py``);
* the issue form's questions (``commands/issueform.py``); tests keep the form file
  ``.github/ISSUE_TEMPLATE/tambah-poster.yml`` and the field table of the committee guide (``docs/guide.md``)
  in line with the fields declared here.

Adding a field: declare it in ``FIELDS`` (and, for a kind of value not read yet, a reader in
``stages/load.py``), give ``model.Poster`` an attribute of the same name, then run
``scripts/update_catalogs.py`` and translate the new explanation; the tests name whatever else must follow
(the guide's table and template, the issue form).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from postergallery.i18n import N_

# The kinds of value a field holds, and how the loader reads each:
LINE = "line"  # one line of text (line breaks become spaces)
GROUP = "group"  # one line of text the gallery groups posters by: it must hold letters or digits
CHOICE = "choice"  # one of a few words (the role)
DATE = "date"  # a date written YYYY-MM-DD
PARAGRAPHS = "paragraphs"  # a text of one or more paragraphs (blank lines between them are kept)
NAMES = "names"  # a list of names, one per line
TOPICS = "topics"  # a list of short words (or one line of them separated by commas)
LINKS = "links"  # a list of links, each a label and a web address
FILE = "file"  # the name of a file in the poster's folder
BOARD = "board"  # a board number at the venue: letters, digits and dashes
LIST_KINDS = frozenset({NAMES, TOPICS, LINKS})

# What separates topics written on one line, in poster.yml ("tags: las, k3") and in the issue form's answer: a
# comma, or a semicolon as a list is written in Indonesian and in Excel; a topic holds neither.
TOPIC_SEPARATOR = re.compile(r"[,;]")
# Dashes that are not the hyphen (Unicode's own hyphens, figure dash, en and em dash, bar, minus sign), which Word
# and phones make of a typed "-", and the bullets WhatsApp ("*") and Word lists start a line with.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
BULLETS = "*\u2022\u2023\u2043\u2219\u25aa\u25cf\u25e6" + DASHES
# What people type in front of a list entry besides (or in place of) YAML's "- ": a bullet, a dash of another
# kind, a number ("1.", "2)"). Never part of a name or a topic: the issue form leaves it out of an answer's
# line; in poster.yml, which says what is published, it is an error.
LIST_MARKER = re.compile(rf"^(?:[{BULLETS}]\s*|[-+]\s+|\d{{1,3}}[.)]\s+)")
# A link's parts (the field ``links`` counts the links).
LINK_LABEL_LENGTH = 100
URL_LENGTH = 2000
# A board number: letters and digits, with single dashes between them ("A12", "B-3", "HALL2-10").
BOARD_RE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Field:
    """One field of ``poster.yml``."""

    name: str
    kind: str
    required: bool = False
    # Characters in the value, or in each entry of a list (None: no limit of its own).
    max_length: int | None = None
    # Entries in a list.
    max_count: int | None = None
    # Names people write instead of this one (Indonesian, English variants, misspellings): the loader says
    # "Did you mean '<name>'?" for them. Lower case, with underscores for spaces and dashes.
    synonyms: tuple[str, ...] = ()
    # The explanation above the field in gallery.py new's template (English; translated where it is shown).
    # Placeholders: {limit} (``limit``), {roles} (the allowed roles).
    help: str = ""
    # For a required field: what to add when it is missing, and what to write when its line is there but empty
    # (as gallery.py new leaves it for the committee to fill in).
    missing_hint: str = ""
    empty_hint: str = ""
    # A value as written in poster.yml; the committee guide's field table shows it.
    example: str = ""
    # The question of the issue form "Tambah poster" that fills the field (its heading), if it is asked there.
    question: str = ""
    # Shown for each poster in the pull request's summary of changes.
    in_changes: bool = False
    # In gallery.py new's template, an empty value is written as the example on a commented line, to be
    # uncommented when needed (a line "field:" with nothing after it would do just as well, but the example
    # shows how to write it).
    commented: bool = False
    # Written into poster/posters.json (for the kiosk and the gallery's filter); an empty optional field
    # without a value of its own in the manifest's format is left out.
    in_manifest: bool = False

    @property
    def limit(self) -> int | None:
        """The limit people are told about: the number of entries of a list, the length of anything else."""
        return self.max_count if self.kind in LIST_KINDS else self.max_length

    @property
    def is_list(self) -> bool:
        return self.kind in LIST_KINDS


FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        LINE,
        required=True,
        max_length=200,
        synonyms=("judul", "judul_poster", "nama_poster", "tajuk"),
        help=N_("The poster's title, as written on the poster (at most {limit} characters)."),
        missing_hint=N_("Add a line 'title: ' followed by the poster's title."),
        empty_hint=N_("Write the poster's title after 'title:', e.g. title: \"Las SMAW dari Nol\"."),
        example='"Hidroponik NFT untuk Pekarangan Rumah"',
        question="Judul poster",
        in_changes=True,
        in_manifest=True,
    ),
    Field(
        "authors",
        NAMES,
        required=True,
        max_length=120,
        max_count=30,
        synonyms=(
            "author",
            "penulis",
            "pengarang",
            "nama",
            "names",
            "nama_penulis",
            "penyusun",
            "pembuat",
            "anggota",
            "tim",
        ),
        help=N_(
            "The authors, one name per line. Each line starts with two spaces, a dash and a space. "
            'Academic titles may be written, e.g. "Budi Santoso, S.T.". Add a line for each further '
            "author."
        ),
        missing_hint=N_("Add a line 'authors:' followed by one line '  - Name' for each author."),
        empty_hint=N_("Under 'authors:', write one line '  - Name' for each author, e.g. '  - Budi Santoso'."),
        example='  - "Ir. La Ode Safaruddin, M.T."',
        question="Penulis",
        in_changes=True,
        in_manifest=True,
    ),
    Field(
        "role",
        CHOICE,
        required=True,
        max_length=40,
        synonyms=("peran", "peran_penulis", "status", "jabatan"),
        help=N_("The authors' role, one of: {roles}."),
        missing_hint=N_("Add 'role: instructor', 'role: trainee' or 'role: alumni'."),
        empty_hint=N_("Write instructor, trainee or alumni after 'role:', e.g. role: alumni."),
        example="alumni",
        question="Peran penulis",
        in_changes=True,
        in_manifest=True,
    ),
    Field(
        "center",
        GROUP,
        required=True,
        max_length=100,
        synonyms=(
            "balai",
            "balai_pelatihan",
            "bpvp",
            "bbpvp",
            "blk",
            "centre",
            "lembaga",
            "pusat",
            "instansi",
            "asal",
            "asal_balai",
            "unit_kerja",
        ),
        help=N_("The training centre, e.g. BPVP Bandung or BBPVP Serang."),
        missing_hint=N_("Add a line 'center: ' followed by the training centre, e.g. center: BPVP Bandung."),
        empty_hint=N_("Write the training centre after 'center:', e.g. center: \"BPVP Bandung\"."),
        example='"BPVP Bandung"',
        question="Balai pelatihan",
        in_changes=True,
        in_manifest=True,
    ),
    Field(
        "alt",
        LINE,
        required=True,
        max_length=1000,
        # "Deskripsi" is this field's name in the issue form and the committee guide ("Deskripsi tampilan poster").
        synonyms=(
            "deskripsi",
            "deskripsi_tampilan",
            "deskripsi_tampilan_poster",
            "deskripsi_poster",
            "deskripsi_gambar",
            "teks_alternatif",
            "alternatif",
            "alt_text",
        ),
        help=N_(
            "Alternative text: one or two sentences describing what the poster looks like, for blind "
            "visitors who use a screen reader (at most {limit} characters)."
        ),
        missing_hint=N_(
            "Add a line 'alt: ' followed by a sentence describing what the poster shows, "
            "for visitors who use a screen reader."
        ),
        empty_hint=N_(
            "Write after 'alt:' a sentence describing what the poster shows, for visitors who use a screen "
            'reader, e.g. alt: "A red poster with a welding photo and three paragraphs of text.".'
        ),
        example='"Poster hijau dengan foto instalasi hidroponik, grafik panen dan empat bagian teks."',
        question="Deskripsi tampilan poster",
    ),
    Field(
        "program",
        LINE,
        max_length=150,
        synonyms=("pelatihan", "program_pelatihan", "programme", "kejuruan", "jurusan"),
        help=N_("The training programme, e.g. Teknik Las SMAW."),
        example='"Budidaya Hidroponik"',
        question="Program pelatihan",
    ),
    Field(
        "date",
        DATE,
        synonyms=("tanggal", "tgl", "tahun", "waktu"),
        help=N_("The date of the exhibition or of the poster, written YYYY-MM-DD without quotes, e.g. 2024-01-30."),
        example="2024-01-30",
        question="Tanggal",
        in_manifest=True,
    ),
    Field(
        "summary",
        PARAGRAPHS,
        max_length=600,
        synonyms=("ringkasan", "ringkasan_poster", "description", "abstrak", "abstract", "keterangan", "uraian"),
        help=N_("A few sentences summarising the poster (at most {limit} characters), shown on the poster's page."),
        example='"Kami merakit instalasi NFT dari pipa bekas ..."',
        question="Ringkasan",
        in_manifest=True,
    ),
    Field(
        "tags",
        TOPICS,
        max_length=40,
        max_count=20,
        synonyms=("tag", "topik", "kata_kunci", "keywords", "kategori", "tema", "bidang"),
        help=N_(
            "Topics for filtering the gallery, one per line like the authors. Remove the hash sign (#) "
            "in front of the examples below and change them."
        ),
        example='  - "pertanian"',
        question="Topik",
        in_manifest=True,
    ),
    Field(
        "links",
        LINKS,
        max_count=10,
        synonyms=("tautan", "link", "url", "situs", "website", "video"),
        help=N_(
            "Related links (at most {limit}), e.g. a video or the programme's page. Write each link "
            "like the example below, without the hash sign (#) in front."
        ),
        question="Tautan",
    ),
    Field(
        "image",
        FILE,
        synonyms=("gambar", "file", "berkas", "foto", "berkas_poster", "file_poster"),
        help=N_(
            "The poster file's name. Only needed when this folder holds more than one image or PDF "
            "file; remove the hash sign (#) in front of the next line."
        ),
        example="poster.jpg",
        commented=True,
    ),
    Field(
        "board",
        BOARD,
        max_length=8,
        synonyms=("papan", "nomor_papan", "no_papan", "nomor", "board_number", "booth", "stand", "panel"),
        help=N_(
            "The number of the board where the poster hangs at the exhibition, e.g. A12: at most {limit} "
            "letters, digits and dashes, written in capitals in the gallery. Remove the hash sign (#) in "
            "front of the next line and change the number."
        ),
        example="A12",
        question="Nomor papan",
        commented=True,
        in_manifest=True,
    ),
    Field(
        "text",
        PARAGRAPHS,
        max_length=5000,
        synonyms=("teks", "teks_poster", "isi", "isi_poster", "transcript", "transkrip", "content"),
        help=N_(
            "The text written on the poster, for searching and for visitors who use a screen reader "
            "(at most {limit} characters); useful when the poster is an image. Remove the hash sign (#) in "
            "front of the next line and write the text between the quotes."
        ),
        example='"Pekarangan sempit pun bisa menghasilkan sayur setiap minggu."',
        question="Teks poster",
        commented=True,
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
NAMES_IN_ORDER: tuple[str, ...] = tuple(f.name for f in FIELDS)
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
# Each synonym -> the field's name.
SYNONYMS: dict[str, str] = {s: f.name for f in FIELDS for s in f.synonyms}
# The names inside a link (``- label: ...`` / ``url: ...``), read in any case like the fields' names.
LINK_KEYS = ("label", "url")
# Names people write instead of them (the issue form asks for "Label | alamat"): the loader says which of the
# two to write, never to delete the line, since its text is the link's label or address.
LINK_KEY_SYNONYMS = {
    **dict.fromkeys(("judul", "nama", "teks", "keterangan", "title", "name", "text", "judul_tautan"), "label"),
    **dict.fromkeys(("alamat", "tautan", "link", "situs", "website", "href", "address", "alamat_web"), "url"),
}
# Fields holding one text (not a list): a value for them starting with '[' or '{' is a text.
TEXT_FIELDS = frozenset(f.name for f in FIELDS if not f.is_list) | frozenset(LINK_KEYS)
CHANGES_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.in_changes)
MANIFEST_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.in_manifest)


def synonym_of(name: str) -> str | None:
    """The field a name people write stands for (``judul`` -> ``title``; ``deskripsi-poster`` and ``deskripsi
    poster`` read as ``deskripsi_poster``), or None."""
    return SYNONYMS.get(name.replace("-", "_").replace(" ", "_"))


def split_topics(text: str) -> list[str]:
    """The topics written on one line ("las, k3", "las; k3"), each with its spaces closed up; empty ones left out."""
    return [topic for topic in (" ".join(part.split()) for part in TOPIC_SEPARATOR.split(text)) if topic]


def length(name: str) -> int:
    """The most characters field ``name`` holds (for a list: each entry)."""
    value = BY_NAME[name].max_length
    if value is None:
        raise KeyError(f"{name} has no length limit")
    return value


def count(name: str) -> int:
    """The most entries the list field ``name`` holds."""
    value = BY_NAME[name].max_count
    if value is None:
        raise KeyError(f"{name} has no count limit")
    return value


def normal_board(value: str) -> str | None:
    """``value`` as the gallery keeps and compares board numbers, or None when it is not one: full-width letters
    and digits (a Chinese or Japanese keyboard's "Ａ１２") made the ordinary ones, in capitals ("a12" and "A12"
    are one board)."""
    value = unicodedata.normalize("NFKC", value.strip())
    return value.upper() if BOARD_RE.fullmatch(value) else None


def is_board(value: str) -> bool:
    """Whether ``value`` is a board number as ``board`` takes it (the floor plan's positions use the same rule)."""
    return len(value) <= length("board") and BOARD_RE.fullmatch(value) is not None

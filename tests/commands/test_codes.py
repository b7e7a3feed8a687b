"""Ballot codes: unique, hard to guess, easy to type, with a check symbol; the CSV and the card sheet."""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
from html.parser import HTMLParser

import pytest

from postergallery.commands import codes
from postergallery.i18n import Translator


def test_the_alphabet_has_no_look_alikes():
    assert len(codes.ALPHABET) == len(set(codes.ALPHABET)) == 32
    assert not set("0O1I") & set(codes.ALPHABET)


def test_codes_are_unique_well_formed_and_spread_over_the_alphabet():
    made = codes.make_codes(5000)
    assert len(set(made)) == 5000
    assert all(re.fullmatch(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}", c) for c in made)
    assert all(codes.is_well_formed(c) for c in made)
    used = {ch for c in made for ch in c[:-1]}
    assert used == set(codes.ALPHABET)


def test_make_codes_draws_again_on_a_collision():
    # A random source that repeats itself: the second code drawn equals the first and must be redrawn.
    values = itertools.cycle([0] * 7 + [0] * 7 + [1] * 7)
    made = codes.make_codes(2, randbelow=lambda n: next(values))
    assert made == ["2222222" + codes.check_symbol("2222222"), "3333333" + codes.check_symbol("3333333")]


def test_the_check_symbol_catches_every_single_typo_and_most_swaps():
    rng = random.Random(7)
    caught = missed_swaps = swaps = 0
    for code in codes.make_codes(300, randbelow=rng.randrange):
        for i in range(8):
            for ch in codes.ALPHABET:
                if ch != code[i]:
                    assert not codes.is_well_formed(code[:i] + ch + code[i + 1 :])
                    caught += 1
        for i in range(7):
            if code[i] != code[i + 1]:
                swaps += 1
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                missed_swaps += codes.is_well_formed(swapped)
    assert caught == 300 * 8 * 31
    assert missed_swaps / swaps < 0.05


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("abcd-2345", "ABCD2345"),
        (" ABCD 2345 ", "ABCD2345"),
        ("abcd\u00a02345", "ABCD2345"),
        ("ABCD\t2345\r\n", "ABCD2345"),
        ("ABCD\u20132345", "ABCD2345"),  # pasted from a chat: tab, line break, en dash
        ("ABCD\u2011\u200b2345", "ABCD2345"),  # a non-breaking hyphen and a zero-width space
        ("\uff21\uff22\uff23\uff24\uff0d\uff12\uff13\uff14\uff15", "ABCD2345"),  # full-width letters, dash and digits
        ("abcd\u30002345", "ABCD2345"),  # an ideographic space
    ],
)
def test_what_voters_type_is_normalised(typed, stored):
    assert codes.normalise(typed) == stored
    assert codes.is_well_formed(stored)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("ABCD_2345", "ABCD_2345"),
        ("ABCD.2345", "ABCD.2345"),  # not separators: the code stays malformed
        ("ABCD-2O45", "ABCD2O45"),
        ("abcd-2o45", "ABCD2O45"),  # O is never on a card: not guessed to be D or Q
        ("abcd-i345", "ABCDI345"),
        ("ABCD-l345", "ABCDL345"),  # lower-case l is the card's L
    ],
)
def test_look_alikes_are_not_guessed_and_other_marks_are_kept(typed, stored):
    assert codes.normalise(typed) == stored
    assert not codes.is_well_formed(stored)


def test_malformed_codes_are_refused():
    assert not codes.is_well_formed("ABCD234")  # too short
    assert not codes.is_well_formed("ABCD23450")  # too long
    assert not codes.is_well_formed("ABCD2O45")  # O is not in the alphabet
    assert not codes.is_well_formed("ABCD2346")  # wrong check symbol


def test_codes_csv_and_reading_it_back_with_extra_columns(tmp_path):
    made = codes.make_codes(20)
    text = codes.codes_csv(made, Translator("id"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["No", "Kode"]
    assert rows[1] == ["1", f"{made[0][:4]}-{made[0][4:]}"]
    assert len(rows) == 21
    # The committee opened it in a spreadsheet set to Indonesian, added a column and saved with semicolons.
    edited = "\ufeffNo;Kode;Dibagikan ke\n" + "".join(
        f"{i};{codes.display(c)};Meja {i}\n" for i, c in enumerate(made, 1)
    )
    path = tmp_path / "codes.csv"
    path.write_bytes(edited.encode("utf-8"))
    assert codes.read_codes_file(path, Translator("en")) == set(made)


def test_a_code_list_is_read_whatever_stands_above_its_header_and_whatever_its_cells_hold(tmp_path):
    made = codes.make_codes(3)
    path = tmp_path / "codes.csv"
    # A title row above the header, saved with semicolons, and names with commas in them.
    path.write_text(
        "Daftar kode suara\nNo;Code;Nama\n"
        + "".join(f'{i};"{codes.display(c)}";"Budi, Ani"\n' for i, c in enumerate(made, 1)),
        "utf-8",
    )
    assert codes.read_codes_file(path, Translator("en")) == set(made)


def test_a_name_beside_a_code_is_never_taken_for_one(tmp_path):
    """'Prasetya' in a column of who got which card passes the check symbol, as one eight-letter word in 32 does:
    it was read as a code handed out, and a vote with it counted."""
    assert codes.is_well_formed(codes.normalise("Prasetya")) and codes.is_well_formed(codes.normalise("Hendarta"))
    made = codes.make_codes(2)
    path = tmp_path / "codes.csv"
    path.write_text(
        f"No,Code,Diberikan kepada\n1,{codes.display(made[0])},Prasetya\n2,{codes.display(made[1])},HENDARTA\n", "utf-8"
    )
    assert codes.read_codes_file(path, Translator("en")) == set(made)
    # Codes added by hand below the list: without the dash (one with a digit, as nine codes in ten have), or with
    # spaces around it, or two dashes; all are read.
    by_hand = [c for c in codes.make_codes(200) if any(ch.isdigit() for ch in c)][:3]
    rows = [by_hand[0], f"{by_hand[1][:4]} - {by_hand[1][4:]}", f"{by_hand[2][:4]}--{by_hand[2][4:]}"]
    path.write_text(path.read_text("utf-8") + "".join(f"{3 + i},{row},\n" for i, row in enumerate(rows)), "utf-8")
    assert codes.read_codes_file(path, Translator("en")) == set(made) | set(by_hand)


def test_a_code_list_without_codes_or_that_is_the_export_is_refused(tmp_path):
    en = Translator("en")
    path = tmp_path / "codes.csv"
    for text in ("", "No,Kode\n", "No,Kode\n1,ABCD-2346\n"):  # the last: a code with the wrong check symbol
        path.write_text(text, "utf-8")
        with pytest.raises(codes.CodesError) as refused:
            codes.read_codes_file(path, en)
        assert refused.value.message == (
            f"{path} holds no ballot code (codes are written like K7QF-M2XW), so every vote would be rejected. "
            "Give --codes the list the codes command wrote (ballot-codes/codes.csv)."
        )
    made = codes.make_codes(2)
    path.write_text(
        '"Timestamp","Kode pada kartu","poster"\n'
        + "".join(f'"2024/01/30 9:00:00 AM GMT+7","{codes.display(c)}","las-smaw"\n' for c in made),
        "utf-8",
    )
    columns = {"time": ("Timestamp",), "poster": ("poster",), "token": ("token",), "code": ("Kode pada kartu",)}
    assert codes.read_codes_file(path, en) == set(made)  # without the export's columns it cannot tell
    for saved in (path.read_text("utf-8"), "sep=,\r\n" + path.read_text("utf-8")):  # the second: saved by Excel
        path.write_text(saved, "utf-8")
        with pytest.raises(codes.CodesError) as refused:
            codes.read_codes_file(path, en, columns)
        assert refused.value.message == (
            f"{path} is an export of the votes (its header has the columns Timestamp, poster), not the list of "
            "ballot codes: with it every code voted with would be taken as valid. Give --codes the list the codes "
            "command wrote (ballot-codes/codes.csv)."
        )


def test_a_code_list_with_a_date_column_is_the_list_for_a_form_endpoint_too(tmp_path):
    """The committee added the day each card was handed out: "Date" is also one of the titles a form endpoint's or
    Formspree's export may give its times, and the list was refused as the export."""
    made = codes.make_codes(2)
    path = tmp_path / "codes.csv"
    path.write_text(
        "No,Code,Nama,Date\n" + "".join(f"{n},{codes.display(c)},Ani,30/01/2024\n" for n, c in enumerate(made))
    )
    endpoint = {"time": ("_date", "Date", "Submitted at", "created_at"), "poster": ("poster",), "token": ("token",)}
    assert codes.read_codes_file(path, Translator("en"), endpoint) == set(made)


class _Cards(HTMLParser):
    def __init__(self):
        super().__init__()
        self.codes, self.styles, self._in = [], "", None

    def handle_starttag(self, tag, attrs):
        self._in = dict(attrs).get("class") if tag == "div" else ("style" if tag == "style" else None)

    def handle_data(self, data):
        if self._in == "card__code":
            self.codes.append(data)
        elif self._in == "style":
            self.styles += data


def test_the_codes_command_writes_the_list_and_a_printable_sheet_and_never_replaces_it(project):
    project.write_config("posters: posters", language="id")
    made = project.cli("codes", "30")
    assert made.returncode == 0, made.stderr
    folder = project.root / "ballot-codes"
    assert made.stdout.splitlines() == [
        f"30 kode suara ditulis ke {folder / 'codes.csv'} (simpan untuk penghitungan) dan {folder / 'codes.html'} "
        "(cetak, lalu gunting kartunya).",
        "Jaga kerahasiaan berkas ini: siapa pun yang memegangnya dapat memilih dengan kode-kode itu.",
        # Cards printed for a site without a vote would name a page that is not there, and count for nothing.
        "Catatan: mkdocs.yml belum punya bagian vote, jadi situs belum punya halaman pemungutan suara yang disebut di "
        "kartu. Tambahkan (README, Voting) dengan formulir yang punya pertanyaan 'code', agar kode suara diminta.",
    ]
    listed = [row[1] for row in csv.reader(io.StringIO((folder / "codes.csv").read_text("utf-8")))][1:]
    cards = _Cards()
    sheet = (folder / "codes.html").read_text("utf-8")
    cards.feed(sheet)
    assert cards.codes == listed and len(set(listed)) == 30
    assert "@page { size: A4 portrait" in cards.styles and "dashed" in cards.styles
    assert sheet.count("Kode suara Anda") == 30
    assert "Pilih poster favorit di https://example.org/gallery/vote/" in sheet

    again = project.cli("codes", "30")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        f"{folder / 'codes.csv'} sudah ada; kode pada kartu yang sudah dicetak akan "
        "berhenti berlaku. Gunakan folder --out lain, atau tambahkan --force untuk "
        "mengganti daftarnya."
    )
    assert [row[1] for row in csv.reader(io.StringIO((folder / "codes.csv").read_text("utf-8")))][1:] == listed
    assert project.cli("codes", "0").returncode == 2
    replaced = project.cli("codes", "5", "--force")
    assert replaced.returncode == 0
    assert len((folder / "codes.csv").read_text("utf-8").splitlines()) == 6


def test_the_codes_command_says_when_a_file_stands_where_its_folder_would_be(project):
    project.write_config("posters: posters")
    config = project.config.read_bytes()
    refused = project.cli("--lang", "en", "codes", "5", "--out", "mkdocs.yml")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        f"{project.config} is a file, not a folder, so nothing can be written into {project.config}; name another "
        "folder with --out (it is made when it does not exist yet).\n"
    )
    assert project.config.read_bytes() == config


def test_the_codes_command_says_how_many_codes_in_english_for_one_and_for_more(project, tmp_path):
    for count, said in (
        ("1", "1 ballot code written to {csv} (keep it for the count) and {sheet} (print it, cut the card)."),
        ("2", "2 ballot codes written to {csv} (keep it for the count) and {sheet} (print it, cut the cards)."),
    ):
        folder = tmp_path / count
        made = project.cli("--lang", "en", "codes", count, "--out", str(folder))
        assert made.returncode == 0, made.stderr
        assert made.stdout.splitlines()[0] == said.format(csv=folder / "codes.csv", sheet=folder / "codes.html")
        assert (folder / "codes.csv").read_text("utf-8").splitlines()[0] == "No,Code"


def test_a_code_list_not_saved_as_utf8_says_which_line_and_how_to_save_it(tmp_path):
    made = codes.make_codes(2)
    path = tmp_path / "codes.csv"
    path.write_bytes(f"No;Kode;Nama\r\n1;{codes.display(made[0])};Ani\r\n2;{made[1]};Andr\xe9\r\n".encode("cp1252"))
    with pytest.raises(codes.CodesError) as refused:
        codes.read_codes_file(path, Translator("en"))
    assert refused.value.message == (
        f"{path} is not saved as UTF-8 text (line 3 cannot be read). In Excel or another spreadsheet program save "
        "it as 'CSV UTF-8', then count again."
    )

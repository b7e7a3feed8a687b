"""The separator of the CSV files the committee hands over, decided the same way for exports and code lists."""

from __future__ import annotations

from postergallery.commands import codes
from postergallery.csvdialect import sniff_delimiter
from postergallery.i18n import Translator


def test_the_separator_that_splits_the_header_most():
    assert sniff_delimiter("No,Kode\n1,ABCD-2345\n") == ","
    assert sniff_delimiter("\ufeffNo;Kode;Catatan\r\n1;ABCD-2345;x,y\r\n") == ";"
    assert sniff_delimiter("No\tKode\n") == "\t"
    assert sniff_delimiter('"Nama; lengkap",Kode\n') == ","  # a semicolon inside quotes separates nothing
    assert sniff_delimiter("Kode\n") == "," and sniff_delimiter("") == ","


def test_the_columns_looked_for_count_first():
    def known(cells):
        return sum(cell in ("Timestamp", "poster") for cell in cells)

    # Split at commas the header has more cells, but only semicolons give the columns the count needs.
    assert sniff_delimiter("Timestamp;poster;a,b,c,d\n", known) == ";"
    assert sniff_delimiter("Timestamp;poster;a,b,c,d\n") == ","


def test_a_code_list_saved_with_tabs_is_read(tmp_path):
    made = codes.make_codes(3)
    path = tmp_path / "codes.csv"
    path.write_text(
        "No\tKode\tDibagikan ke\n" + "".join(f"{i}\t{codes.display(c)}\tMeja {i}\n" for i, c in enumerate(made, 1)),
        "utf-8",
    )
    assert codes.read_codes_file(path, Translator("en")) == set(made)


def test_the_first_line_ends_at_a_lone_cr_even_when_a_value_further_on_holds_a_line_break():
    text = 'Stempel waktu;poster;token;Komentar\r30/01/2024 8:15:32;las-smaw;;"bagus,\nrapi"\r'
    assert sniff_delimiter(text) == ";"
    assert sniff_delimiter("No\tKode\r\n1\tABCD-2345\r\n") == "\t"

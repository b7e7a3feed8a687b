"""Counting the votes from real-looking exports of Google Forms/Sheets, Tally and Formspree."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from postergallery.build import reserved_slugs
from postergallery.commands import codes, tally
from postergallery.i18n import Translator
from postergallery.stages.load import load_posters
from postergallery.timezones import parse_zone

from projectkit import at
from votekit import POSTERS, T1, T2, T3, T4, add_posters

GOOGLE = """
vote:
  provider: google_forms
  url: https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse
  fields: {poster: entry.111, token: entry.222, code: entry.333}
  opens: 2024-01-30T08:00:00+07:00
  closes: 2024-01-30T16:00:00+07:00
"""
EN = Translator("en")


def make(project, gallery=GOOGLE, extra=""):
    add_posters(project)
    project.write_config(gallery + extra)
    settings = project.check().settings
    posters, _ = load_posters(settings.root, settings.posters, EN, reserved=reserved_slugs())
    return settings.vote, posters


def count(project, text, gallery=GOOGLE, extra="", tr=EN, **options):
    vote, posters = make(project, gallery, extra)
    data = text.encode("utf-8") if isinstance(text, str) else text
    return tally.count_votes(data, vote, posters, tr, **options)


def reasons(result):
    return [(r.line, r.reason) for r in result.rejected]


def votes(result, scope="all"):
    return [(p.rank, p.tied, p.poster.slug, p.votes) for p in result.rankings[scope]]


# ----------------------------------------------------- export formats ---


def test_google_forms_download_with_am_pm_and_gmt_offset(project):
    text = (
        '"Timestamp","poster","token"\n'
        f'"2024/01/30 8:15:32 AM GMT+7","las-smaw","{T1}"\n'
        f'"2024/01/30 1:05:00 PM GMT+7","kopi-gayo","{T2}"\n'
        f'"2024/01/30 4:00:30 PM GMT+7","kopi-gayo","{T3}"\n'
        f'"2024/01/30 7:59:49 AM GMT+7","kopi-gayo","{T4}"\n'
    )
    result = count(project, text)
    assert reasons(result) == [
        (4, "sent 30 January 2024, 16:00:30 WIB, after voting closed (30 January 2024, 16:00:00 WIB)"),
        (5, "sent 30 January 2024, 07:59:49 WIB, before voting opened (30 January 2024, 08:00:00 WIB)"),
    ]
    assert votes(result)[:2] == [(1, True, "kopi-gayo", 1), (1, True, "las-smaw", 1)]
    assert result.rows == 4 and len(result.accepted) == 2


def test_indonesian_google_sheet_with_bom_semicolons_and_local_times(project):
    text = (
        "\ufeffStempel waktu;poster;token;Komentar\r\n"
        f'30/01/2024 8:15:32;las-smaw;{T1};"Bagus; rapi"\r\n'
        f"30/01/2024 15:59:59;kasir-umkm;{T2};\r\n"
        f"30/01/2024 16:00:31;kasir-umkm;{T3};\r\n"
    )
    result = count(project, text.encode("utf-8"))
    assert reasons(result) == [
        (4, "sent 30 January 2024, 16:00:31 WIB, after voting closed (30 January 2024, 16:00:00 WIB)")
    ]
    assert [b.line for b in result.accepted] == [2, 3]
    in_indonesian = count(project, text.encode("utf-8"), tr=Translator("id"))
    assert reasons(in_indonesian) == [
        (
            4,
            "dikirim 30 Januari 2024 pukul 16.00.31 WIB, setelah pemungutan suara "
            "ditutup (30 Januari 2024 pukul 16.00.00 WIB)",
        )
    ]


def test_a_vote_arriving_seconds_outside_the_window_counts_as_the_page_may_have_sent_it_inside(project):
    """The vote page sends nothing outside the window by the site's clock, but takes a phone's clock within 5 s of
    it as right, and a vote on its way may take 20 s to arrive: one that reaches the form service up to 10 s before
    'opens' or 30 s after 'closes' was sent in time, and the page said "sent"."""
    text = (
        "Timestamp,poster,token\n"
        f"2024-01-30 07:59:49,las-smaw,{T1}\n"  # 11 s early: not sent by the page
        f"2024-01-30 07:59:50,kopi-gayo,{T2}\n"
        f"2024-01-30 16:00:00,kopi-gayo,{T3}\n"
        f"2024-01-30 16:00:29,las-smaw,{T4}\n"
        f"2024-01-30 16:00:30,las-smaw,{'5' * 32}\n"  # 30 s late: sent after closing
    )
    result = count(project, text)
    assert reasons(result) == [
        (2, "sent 30 January 2024, 07:59:49 WIB, before voting opened (30 January 2024, 08:00:00 WIB)"),
        (6, "sent 30 January 2024, 16:00:30 WIB, after voting closed (30 January 2024, 16:00:00 WIB)"),
    ]
    assert [b.line for b in result.accepted] == [3, 4, 5]
    taken = "taken as sent in time, since a vote the page sent in the last seconds can take this long to arrive over "
    assert result.notes == [
        tally.Note(
            3,
            "edge",
            "sent 30 January 2024, 07:59:50 WIB, 10 s before voting opened (30 January 2024, 08:00:00 WIB): taken as "
            "sent in time, since the vote page takes a phone clock up to a few seconds fast as right",
        ),
        tally.Note(
            4,
            "edge",
            f"sent 30 January 2024, 16:00:00 WIB, 0 s after voting closed (30 January 2024, 16:00:00 WIB): {taken}"
            "a crowded network",
        ),
        tally.Note(
            5,
            "edge",
            f"sent 30 January 2024, 16:00:29 WIB, 29 s after voting closed (30 January 2024, 16:00:00 WIB): {taken}"
            "a crowded network",
        ),
    ]
    report = tally.report_lines(result, EN)
    assert report[2] == (
        f"line 4 (counted): sent 30 January 2024, 16:00:00 WIB, 0 s after voting closed (30 January 2024, 16:00:00 "
        f"WIB): {taken}a crowded network"
    )
    assert report[-2:] == [
        "3 votes reached the form service a few seconds outside the voting window and were taken as sent in time, "
        "as the vote page may have sent them in the window's last or first seconds (listed with the decisions).",
        "Rows read: 5 = accepted 3 + rejected 2 (outside the voting window 2) + ignored 0.",
    ]
    # Sent again by the page and arriving just after closing, a browser's second vote is a duplicate: not counted,
    # so not said to be "taken as sent in time" either.
    again = count(project, text + f"2024-01-30 16:00:10,kopi-gayo,{T2}\n")
    assert reasons(again)[-1] == (7, "duplicate: this browser already voted on line 3")
    assert again.notes == result.notes
    assert tally.report_lines(again, EN)[-2].startswith("3 votes reached the form service a few seconds outside")
    assert count(project, text, tr=Translator("id")).notes[2].text == (
        "dikirim 30 Januari 2024 pukul 16.00.29 WIB, 29 detik setelah pemungutan suara ditutup (30 Januari 2024 "
        "pukul 16.00.00 WIB): dianggap terkirim tepat waktu, karena pilihan yang dikirim halaman pada detik-detik "
        "terakhir bisa memerlukan waktu selama itu untuk sampai lewat jaringan yang padat"
    )
    # A time without seconds may be up to a minute later than it says: the window alone judges it.
    minutes = count(project, f"Timestamp,poster,token\n2024-01-30 16:00,las-smaw,{T1}\n")
    assert reasons(minutes) == [
        (2, "sent 30 January 2024, 16:00:00 WIB, after voting closed (30 January 2024, 16:00:00 WIB)")
    ]


def test_tally_export_times_are_utc(project):
    gallery = (
        GOOGLE.replace("google_forms", "tally")
        .replace("https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://tally.so/r/wAbc12")
        .replace("{poster: entry.111, token: entry.222, code: entry.333}", "{poster: poster, token: token}")
    )
    text = (
        '"Submission ID","Respondent ID","Submitted at","poster","token"\n'
        f'"X51KPE4","rjpPDQp","2024-01-30 01:00:00","ac-hemat","{T1}"\n'  # 08:00 WIB: open
        f'"X51KPE5","rjpPDQq","2024-01-30 08:59:00","ac-hemat","{T2}"\n'  # 15:59 WIB
        f'"X51KPE6","rjpPDQr","2024-01-30 09:00:30","ac-hemat","{T3}"\n'
    )  # 16:00:30 WIB: closed, and past the seconds a vote on its way may take
    result = count(project, text, gallery)
    assert reasons(result) == [
        (4, "sent 30 January 2024, 16:00:30 WIB, after voting closed (30 January 2024, 16:00:00 WIB)")
    ]
    assert votes(result)[0] == (1, False, "ac-hemat", 2)
    # Told that this export uses WIB instead, the same rows fall differently.
    vote, posters = make(project, gallery)
    local = tally.count_votes(text.encode(), vote, posters, EN, zone=parse_zone("WIB"))
    assert [r.line for r in local.rejected] == [2]


def test_a_tally_export_counted_for_a_vote_moved_to_a_form_endpoint_keeps_its_times_in_utc(project):
    """The vote moved from Tally to a form endpoint, whose usual time column ("Submitted at") a Tally export has
    too: read as the endpoint's own, its UTC times were taken as WIB, and a vote at 08:30 WIB was rejected as
    sent before voting opened. Tally's own columns tell its export apart."""
    form = TALLY.replace("https://tally.so/r/wAbc12", "https://example.org/vote").replace(
        "provider: tally", "provider: form"
    )
    text = (
        '"Submission ID","Respondent ID","Submitted at","poster","token"\n'
        f'"X51KPE4","rjpPDQp","2024-01-30 01:30:00","ac-hemat","{T1}"\n'  # 08:30 WIB
    )
    result = count(project, text, form)
    assert reasons(result) == [] and votes(result)[0] == (1, False, "ac-hemat", 1)
    assert [note.text for note in result.notes] == [
        "it has the columns of a Tally export (Submission ID, Respondent ID): it was read as one, its times written "
        "without a time zone taken as UTC."
    ]
    # An endpoint's own export with the same time column, and no Tally columns, is still read in the vote's zone.
    own = f'"Submitted at","poster","token"\n"2024-01-30 08:30:00","ac-hemat","{T1}"\n'
    assert reasons(count(project, own, form)) == [] and count(project, own, form).notes == []


def test_a_formspree_export_counted_for_a_vote_moved_to_a_form_endpoint_keeps_its_times_in_utc(project):
    """The vote moved from Formspree to a form endpoint, whose usual time columns include Formspree's "_date": read
    as the endpoint's own, its UTC times were taken as WIB, and a vote at 09:30 WIB was rejected as sent before
    voting opened. "_date" tells Formspree's export apart, unless the settings name it as the endpoint's column."""
    form = TALLY.replace("https://tally.so/r/wAbc12", "https://example.org/vote").replace(
        "provider: tally", "provider: form"
    )
    text = (
        "id,_date,poster,token\n"
        f"1,2024-01-30 02:30:00,kopi-gayo,{T1}\n"  # 09:30 WIB (02:30, before opening, were it WIB)
        f"2,2024-01-30 08:59:00,kasir-umkm,{T2}\n"  # 15:59 WIB
    )
    result = count(project, text, form)
    assert reasons(result) == [] and len(result.accepted) == 2
    assert [note.text for note in result.notes] == [
        "it has the columns of a Formspree export (_date): it was read as one, its times written without a time "
        "zone taken as UTC."
    ]
    # The settings name "_date" as the endpoint's own time column: its times are the vote's zone.
    named = count(project, text, form, "  columns: {time: _date}\n")
    assert named.notes == [] and reasons(named) == [
        (2, "sent 30 January 2024, 02:30:00 WIB, before voting opened (30 January 2024, 08:00:00 WIB)")
    ]


def test_a_spreadsheet_of_an_event_in_wita_is_read_in_wita_without_a_timezone_setting(project):
    """The committee in Makassar writes opens and closes with +08:00 and no 'timezone'; the linked spreadsheet
    writes the times in WITA without a zone. The last hour's votes are inside the window, not an hour late."""
    gallery = GOOGLE.replace("+07:00", "+08:00")
    text = (
        "Timestamp,poster,token\n"
        f"30/01/2024 08:30:00,las-smaw,{T1}\n"
        f"30/01/2024 15:45:10,las-smaw,{T2}\n"
        f"30/01/2024 16:00:40,las-smaw,{T3}\n"
    )
    result = count(project, text, gallery)
    assert reasons(result) == [
        (4, "sent 30 January 2024, 16:00:40 WITA, after voting closed (30 January 2024, 16:00:00 WITA)")
    ]
    assert votes(result)[0] == (1, False, "las-smaw", 2)


def test_formspree_export_with_iso_times_and_header_names_from_configuration(project):
    gallery = (
        GOOGLE.replace("google_forms", "formspree")
        .replace(
            "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://formspree.io/f/xyzzy"
        )
        .replace("{poster: entry.111, token: entry.222, code: entry.333}", "{poster: pilihan, token: token}")
    )
    text = (
        f"id,_date,pilihan,token\n1,2024-01-30T01:15:32.120Z,las-smaw,{T1}\n2,2024-01-30T08:15:32+07:00,las-smaw,{T2}\n"
    )
    result = count(project, text, gallery)
    assert result.rejected == [] and votes(result)[0] == (1, False, "las-smaw", 2)
    renamed = count(
        project,
        text.replace("pilihan", "Poster pilihan"),
        gallery,
        "  columns: {poster: Poster pilihan, time: _date}\n",
    )
    assert len(renamed.accepted) == 2


def test_fractions_of_a_second_order_one_browser_s_votes_whatever_the_order_of_the_lines(project):
    """Formspree's times have milliseconds: a browser's second vote of the same second, listed above its first
    (an export sorted newest first), is the duplicate."""
    gallery = GOOGLE.replace("google_forms", "formspree").replace(
        "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://formspree.io/f/xyzzy"
    )
    text = (
        f"_date,poster,token\n2024-01-30T03:00:00.9Z,kopi-gayo,{T1}\n2024-01-30T03:00:00.401Z,las-smaw,{T1}\n"
        f"2024-01-30T03:00:00.4009999Z,ac-hemat,{T2}\n2024-01-30T03:00:00,kasir-umkm,{T2}\n"
    )
    result = count(project, text, gallery)
    assert sorted((b.line, b.poster.slug) for b in result.accepted) == [(3, "las-smaw"), (5, "kasir-umkm")]
    assert reasons(result) == [
        (2, "duplicate: this browser already voted on line 3"),
        (4, "duplicate: this browser already voted on line 5"),
    ]
    assert {b.time.microsecond for b in result.accepted} == {401000, 0} and result.notes == []


def test_times_without_seconds_are_counted_with_a_note(project):
    """No form service writes times without seconds; a spreadsheet program does when the export is saved again."""
    text = f"Timestamp;poster;token\n30/01/2024 08:15;las-smaw;{T1}\n30/01/2024 08:15;kopi-gayo;{T1}\n"
    result = count(project, text)
    assert [b.poster.slug for b in result.accepted] == ["las-smaw"]
    assert reasons(result) == [(3, "duplicate: this browser already voted on line 2")]
    assert result.notes[-1] == tally.Note(
        None,
        "minutes",
        "the times have no seconds (line 2: '30/01/2024 08:15'), as a spreadsheet program writes them when the "
        "export is saved again: votes at the window's edges are judged to the minute, and of one voter's votes in "
        "the same minute the upper line counts. Count the export as downloaded from the form service where you can.",
    )
    assert tally.Note(None, "minutes", result.notes[-1].text) not in count(project, GOOGLE_CSV).notes


def test_times_without_seconds_in_an_export_listing_the_newest_votes_first_count_the_lower_line(project):
    """An export sorted newest first (as a service's table shows its submissions), saved again to the minute: of one
    browser's two votes in the same minute the upper line counted, the later vote."""
    text = (
        f"Timestamp;poster;token\n30/01/2024 09:40;ac-hemat;{T2}\n30/01/2024 08:15;kopi-gayo;{T1}\n"
        f"30/01/2024 08:15;las-smaw;{T1}\n"
    )
    result = count(project, text)
    assert sorted(b.poster.slug for b in result.accepted) == ["ac-hemat", "las-smaw"]
    assert reasons(result) == [(3, "duplicate: this browser already voted on line 4")]
    assert result.notes[-1].text == (
        "the times have no seconds (line 2: '30/01/2024 09:40'), as a spreadsheet program writes them when the "
        "export is saved again: votes at the window's edges are judged to the minute, and of one voter's votes in "
        "the same minute the lower line counts (the export lists the newest votes first). Count the export as "
        "downloaded from the form service where you can."
    )


def test_month_first_dates_are_recognised_and_mixed_orders_refused(project):
    text = f"Timestamp,poster,token\n1/30/2024 9:00:00,las-smaw,{T1}\n"
    result = count(project, text)
    assert result.rejected == [] and result.accepted[0].time.day == 30
    assert result.notes == [
        tally.Note(
            None,
            "dates",
            "dates are read month/day/year: line 2 has '1/30/2024 9:00:00', which can only be read that way.",
        )
    ]
    with pytest.raises(tally.ExportError) as error:
        count(project, f"Timestamp,poster,token\n30/01/2024 9:00:00,las-smaw,{T1}\n1/30/2024 9:00:00,las-smaw,{T2}\n")
    assert error.value.message == (
        "the export mixes day/month/year dates (line 2: '30/01/2024 9:00:00') and "
        "month/day/year dates (line 3: '1/30/2024 9:00:00'); say which it is with "
        "--date-order dmy or --date-order mdy."
    )


# ------------------------------------------------- what services really export ---

GOOGLE_CSV = (
    '"Timestamp","poster","token"\n'
    f'"2024/01/30 8:15:32 AM GMT+7","las-smaw","{T1}"\n'
    f'"2024/01/30 9:01:07 AM GMT+7","kopi-gayo","{T2}"\n'
    f'"2024/01/30 9:02:00 AM GMT+7","kopi-gayo","{T2}"\n'
)


def google_zip(*entries: tuple[str, str | bytes]) -> bytes:
    """A zip as Google Forms' "Download responses (.csv)" gives it: deflated, one CSV named after the form."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def refused(project, data, gallery=GOOGLE, **options) -> str:
    with pytest.raises(tally.ExportError) as error:
        count(project, data, gallery, **options)
    return error.value.message


def test_the_zip_google_forms_gives_is_read_directly_and_named_in_the_results(project, tmp_path):
    data = google_zip(("Pilih Poster.csv", GOOGLE_CSV))
    result = count(project, data, export_name="Pilih Poster.csv.zip")
    assert [b.line for b in result.accepted] == [2, 3]
    assert reasons(result) == [(4, "duplicate: this browser already voted on line 3")]
    assert result.export_member == "Pilih Poster.csv"
    assert result.digest == hashlib.sha256(data).hexdigest()  # of the file given, not of the CSV inside
    assert result.notes == [
        tally.Note(
            None, "zip", "the export is a zip file; the votes were read from Pilih Poster.csv, the CSV file inside it."
        )
    ]
    tally.write_results(result, make(project)[0], tmp_path, EN)
    page = (tmp_path / "results.md").read_text("utf-8")
    assert "The export is a zip file; the votes were read from Pilih Poster.csv, the CSV file inside it.\n" in page
    assert (
        f"Counted from Pilih Poster.csv inside the export Pilih Poster.csv.zip; the SHA-256 {result.digest} is "
        "that of Pilih Poster.csv.zip itself, the zip file as downloaded. Anyone holding that file can count "
        "again with python scripts/gallery.py tally."
    ) in page
    assert list(csv.reader(io.StringIO((tmp_path / "rejected.csv").read_text("utf-8"))))[1] == [
        "",
        "note",
        "zip",
        "the export is a zip file; the votes were read from Pilih Poster.csv, the CSV file inside it.",
    ]


def test_a_zip_is_known_by_its_bytes_and_refused_in_words_unless_it_holds_one_csv(project, monkeypatch):
    from postergallery.commands import exportfile

    assert refused(project, google_zip(("Pilih Poster.csv", GOOGLE_CSV), ("lama/Pilih Poster.csv", GOOGLE_CSV))) == (
        "the export is a zip file holding 2 CSV files: Pilih Poster.csv, lama/Pilih Poster.csv. Open the zip, take "
        "out the one to count and give that file to the tally command."
    )
    # The only .csv entry is counted, whatever else the zip holds.
    assert len(count(project, google_zip(("baca saya.txt", "x"), ("Pilih Poster.csv", GOOGLE_CSV))).accepted) == 2
    assert refused(project, google_zip(("Pilih Poster.txt", GOOGLE_CSV))) == (
        "the export is a zip file without a CSV file in it (it holds: Pilih Poster.txt); download the responses "
        "again as CSV from the form service."
    )
    assert refused(project, google_zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"))) == (
        "the export is a spreadsheet workbook (.xlsx or .ods), not a CSV file. Download the responses as CSV (in "
        "Google Forms: Responses, the three dots, Download responses (.csv)), or in the spreadsheet program save it "
        "as 'CSV UTF-8'."
    )
    cut = google_zip(("Pilih Poster.csv", GOOGLE_CSV))
    for damaged in (cut[:-30], cut[:40]):
        assert refused(project, damaged) == (
            "the export is a zip file that cannot be opened (it may be damaged or "
            "cut short); download it again from the form service."
        )
    # Damaged inside, with its list of files whole: the packed data (deflate, LZMA) or the version it says it needs.
    rows = "Timestamp,poster,token\n" + "".join(
        f"2024/01/30 10:00:{i % 60:02d} AM GMT+7,las,{i:032x}\n" for i in range(200)
    )
    for method in (zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", method) as archive:
            archive.writestr("Pilih Poster.csv", rows)
        data = bytearray(out.getvalue())
        start = 30 + len("Pilih Poster.csv") + 20  # into the packed data, past the entry's own header
        data[start : start + 20] = bytes(b ^ 0xFF for b in data[start : start + 20])
        with pytest.raises(tally.ExportError) as error:
            exportfile.read_zip(bytes(data), EN)
        assert error.value.message.startswith("the export is a zip file that cannot be opened")
    newer = bytearray(cut)
    central = newer.index(b"PK\x01\x02")
    newer[central + 6] = 99  # "needs zip version 9.9 to unpack"
    with pytest.raises(tally.ExportError) as error:
        exportfile.read_zip(bytes(newer), EN)
    assert error.value.message.startswith("the export is a zip file that cannot be opened")
    # 3 MB that pack into 3 KB: the shape of a zip bomb.
    bomb = google_zip(("Pilih Poster.csv", "Timestamp,poster,token\n" + "," * 3_000_000))
    [packed] = zipfile.ZipFile(io.BytesIO(bomb)).infolist()
    ratio = packed.file_size // packed.compress_size
    assert ratio > 1000 and refused(project, bomb) == (
        f"Pilih Poster.csv inside the zip file would unpack to {ratio} times its packed size, which no export does "
        "(it is made to fill the memory); this is not a form service's export."
    )
    locked = bytearray(google_zip(("Pilih Poster.csv", GOOGLE_CSV)))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # the "encrypted" flag, in the entry and in the directory
        at_flags = locked.index(header) + (6 if header == b"PK\x03\x04" else 8)
        locked[at_flags] |= 1
    assert refused(project, bytes(locked)) == (
        "Pilih Poster.csv inside the zip file is protected by a password; take "
        "it out of the zip and give that file to the tally command."
    )
    crowded = google_zip(*[(f"bagian-{n}.txt", "") for n in range(1001)])
    assert refused(project, crowded) == (
        "the export is a zip file holding 1001 files; an export holds one CSV file. "
        "Give the tally command the CSV file itself."
    )
    monkeypatch.setattr(exportfile, "MAX_CSV_BYTES", 2 * 1024 * 1024)
    big = "Timestamp,poster,token\n" + "".join(f"2024-01-30 09:00:00,las-smaw,{n:032x}\n" for n in range(50_000))
    assert refused(project, google_zip(("Pilih Poster.csv", big))) == (
        "Pilih Poster.csv inside the zip file would be 2 MB once unpacked, more than the 2 MB an export can be; this "
        "is not a form service's export."
    )


def test_repeated_headers_of_a_needed_column_are_refused_naming_both_columns(project):
    # A question deleted and added again in Google Forms: two columns titled 'poster', the old one empty.
    text = (
        "Timestamp,poster,Komentar,token,Komentar,poster\n"
        f"2024-01-30 09:00:00,,bagus,{T1},,las-smaw\n"
        f"2024-01-30 09:01:00,kopi-gayo,,{T2},ok,\n"
        f"2024-01-30 09:02:00,,,{T3},,kopi-gayo\n"
    )
    assert refused(project, text) == (
        "column 2 (B) and column 6 (F) are both titled 'poster' (1 and 2 rows filled in), so the count cannot tell "
        "which holds the votes for 'poster'. Keep the one that does: delete the other column (an old question's) "
        "from the export in a spreadsheet, or give it another title; if you give the column with the votes another "
        "title instead, write that title in mkdocs.yml under vote, columns, e.g. 'poster: poster 2'."
    )
    # Renamed as the message says, the count goes ahead; 'Komentar' twice never mattered.
    renamed = count(
        project, text.replace("Komentar,poster\n", "Komentar,poster 2\n"), extra="  columns: {poster: poster 2}\n"
    )
    assert [b.poster.slug for b in renamed.accepted] == ["las-smaw", "kopi-gayo"]
    assert reasons(renamed) == [(3, "no poster chosen")]
    three = "Stempel waktu,token,token,token,poster\n" + f"2024-01-30 09:00:00,{T1},,,las-smaw\n"
    assert refused(project, three).startswith(
        "column 2 (B), column 3 (C) and column 4 (D) are all titled 'token' (1, 0, 0 rows filled in), so the count "
        "cannot tell which holds the votes for 'token'."
    )
    # A repeated code column does not matter while the vote has no codes.
    assert len(count(project, f"Timestamp,poster,token,code,code\n2024-01-30 09:00:00,las-smaw,{T1},,\n").accepted) == 1


def test_short_rows_are_padded_and_counted_with_the_decision_reported_and_long_rows_stay_errors(project):
    # A spreadsheet program leaves out the empty cells at the end of a row.
    text = (
        "Timestamp,poster,token,Komentar,Nama\n"
        f"2024-01-30 09:00:00,las-smaw,{T1},bagus,Ani\n"
        f"2024-01-30 09:01:00,kopi-gayo,{T2}\n"
        f"2024-01-30 09:02:00,ac-hemat,{T3},,\n"
        "2024-01-30 09:03:00,ac-hemat\n"
        f"2024-01-30 09:04:00,ac-hemat,{T4},a,b,c\n"
    )
    result = count(project, text)
    assert [b.line for b in result.accepted] == [2, 3, 4]
    assert result.rows == 5 == len(result.accepted) + len(result.rejected)  # padding is a note, not a rejection
    assert result.notes == [
        tally.Note(3, "padded", "3 of 5 values; the missing trailing ones taken as empty"),
        tally.Note(5, "padded", "2 of 5 values; the missing trailing ones taken as empty"),
    ]
    assert reasons(result) == [
        (5, "no token, so this vote cannot be told apart from others; not counted (tokenless: reject)"),
        (6, "6 values where the header has 5; a value containing the separator may be missing its quotes"),
    ]
    assert tally.report_lines(result, EN)[:4] == [
        "line 3 (counted): 3 of 5 values; the missing trailing ones taken as empty",
        "line 5 (note): 2 of 5 values; the missing trailing ones taken as empty",  # not a second rejection
        "line 5: no token, so this vote cannot be told apart from others; not counted (tokenless: reject)",
        "line 6: 6 values where the header has 5; a value containing the separator may be missing its quotes",
    ]
    indonesian = count(project, text, tr=Translator("id"))
    assert list(csv.reader(io.StringIO(tally.rejected_csv(indonesian, Translator("id")))))[:3] == [
        ["Baris", "Hasil", "Jenis", "Alasan"],
        ["3", "dihitung", "padded", "3 dari 5 nilai; nilai terakhir yang tidak ada dianggap kosong"],
        ["5", "catatan", "padded", "2 dari 5 nilai; nilai terakhir yang tidak ada dianggap kosong"],
    ]
    # One 'rejected' a rejected row, as the totals count them.
    outcomes = [row[1] for row in csv.reader(io.StringIO(tally.rejected_csv(result, EN)))][1:]
    assert outcomes.count("rejected") == len(result.rejected) == 2


def test_a_quote_never_closed_is_reported_with_its_lines_and_nothing_inside_it_is_counted(project):
    rows = [f"2024-01-30 09:{n:02d}:00,las-smaw,{n:032x}" for n in range(1, 10)]
    # Line 4 opens a quote and never closes it: the csv module reads lines 4-10 as one value.
    broken = ["Timestamp,poster,token,Komentar"] + [r + ",ok" for r in rows]
    broken[3] = broken[3].replace(",ok", ',"bagus sekali')
    assert refused(project, "\n".join(broken) + "\n") == (
        'line 4: a quote (") opened on this line is never closed, so lines 4-10, to the end of the file, run '
        "together into one value and none of their votes can be read. Close the quote in the export (or download it "
        "again from the form service), then count again."
    )
    # Google quotes every value: the next quote closes the broken one, and counting would go on from there.
    good = ['"Timestamp","poster","token"'] + ['"{}","{}","{}"'.format(*r.split(",")) for r in rows]
    quoted = good[:]
    quoted[2] = quoted[2][:-1]  # line 3 loses its closing quote
    assert refused(project, "\n".join(quoted) + "\n") == (
        'line 3: a quote (") opened on this line is never closed, so lines 3-4 run together into one value and none '
        "of their votes can be read. Close the quote in the export (or download it again from the form service), "
        "then count again."
    )
    # The last line cut off inside a quote (a download that stopped short).
    assert refused(project, "\n".join(good[:-1] + [good[-1][:-8]])) == (
        'line 10: a quote (") opened on this line is never closed: the file ends inside it, so this row cannot be '
        "read. Download the export again from the form service (or close the quote), then count again."
    )
    # A quote left open in the header line: no column can be found, and the message says why.
    assert refused(project, 'Timestamp,"poster,token\n' + "\n".join(rows) + "\n") == (
        'line 1: a quote (") opened on this line is never closed, so lines 1-10 run together into one value and '
        "none of their votes can be read. Close the quote in the export (or download it again from the form "
        "service), then count again."
    )
    # Left open in a title the count does not need: before, the header took in the rows after it, and the count
    # said "0 rows read" and wrote its results (or, closed again by a later comment's quotes, counted the rest).
    titled = ['Timestamp,poster,token,"Komentar'] + [r + "," for r in rows]
    assert refused(project, "\n".join(titled) + "\n") == (
        'line 1: a quote (") opened on this line is never closed, so lines 1-10, to the end of the file, run '
        "together into one value and none of their votes can be read. Close the quote in the export (or download it "
        "again from the form service), then count again."
    )
    titled[4] += '"bagus"'
    assert refused(project, "\n".join(titled) + "\n") == (
        'line 1: a quote (") opened on this line is never closed, so lines 1-5 run together into one value and none '
        "of their votes can be read. Close the quote in the export (or download it again from the form service), "
        "then count again."
    )
    # A title written over two lines, its quotes closed, is a header like any other.
    two_lines = ['Timestamp,poster,token,"Komentar\n(boleh kosong)"'] + [r + "," for r in rows]
    assert len(count(project, "\n".join(two_lines) + "\n").accepted) == 9
    # Every broken place is reported at once, with the other problems of the file.
    both = good[:]
    both[2], both[6] = both[2][:-1], both[6][:-1]
    assert refused(project, "\n".join(both).replace('"token"', '"token","poster"') + "\n").split("\n") == [
        "column 2 (B) and column 4 (D) are both titled 'poster' (7 and 2 rows filled in), so the count cannot tell "
        "which holds the votes for 'poster'. Keep the one that does: delete the other column (an old question's) "
        "from the export in a spreadsheet, or give it another title; if you give the column with the votes another "
        "title instead, write that title in mkdocs.yml under vote, columns, e.g. 'poster: poster 2'.",
        'line 3: a quote (") opened on this line is never closed, so lines 3-4 run together into one value and none '
        "of their votes can be read. Close the quote in the export (or download it again from the form service), "
        "then count again.",
        'line 7: a quote (") opened on this line is never closed, so lines 7-8 run together into one value and none '
        "of their votes can be read. Close the quote in the export (or download it again from the form service), "
        "then count again.",
    ]


def test_a_comment_written_over_several_lines_is_not_a_broken_quote(project):
    text = (
        "Timestamp,poster,token,Komentar\n"
        f'2024-01-30 09:00:00,las-smaw,{T1},"Bagus!\n2024-01-30 saya datang lagi\n""Keren"", kata teman"\n'
        f"2024-01-30 09:01:00,kopi-gayo,{T2},\n"
    )
    result = count(project, text)
    assert [b.line for b in result.accepted] == [2, 5] and result.rejected == [] and result.rows == 2


def test_dates_that_read_both_ways_are_settled_by_the_window_only_when_it_really_decides(project):
    gallery = GOOGLE.replace("2024-01-30T08", "2024-03-05T08").replace("2024-01-30T16", "2024-03-05T16")
    # 5 March 2024: '5/3/2024' (day first) or '3/5/2024' (month first) read both ways.
    text = (
        "Timestamp,poster,token\n"
        f"5/3/2024 9:00:00,las-smaw,{T1}\n"
        f"5/3/2024 9:01:00,kopi-gayo,{T2}\n"
        f"5/3/2024 7:00:00,kopi-gayo,{T3}\n"
    )  # before opening, read either way
    result = count(project, text, gallery)
    assert [b.time.isoformat() for b in result.accepted] == ["2024-03-05T09:00:00+07:00", "2024-03-05T09:01:00+07:00"]
    decision = (
        "dates are read day/month/year: 3 dates could be read either way; read day/month/year, 2 of them fall "
        "inside the voting window, read month/day/year, 0."
    )
    assert result.notes == [tally.Note(None, "dates", decision)]
    assert tally.report_lines(result, EN)[-3] == decision[0].upper() + decision[1:]
    assert count(project, text.replace("5/3/", "3/5/"), gallery).notes == [
        tally.Note(
            None,
            "dates",
            (
                "dates are read month/day/year: 3 dates could be read either way; read month/day/year, 2 of them fall inside "
                "the voting window, read day/month/year, 0."
            ),
        )
    ]
    # Neither reading puts most of the dates inside the window: a tie, and the count asks.
    tie = (
        "Timestamp,poster,token\n"
        f"2/5/2024 9:00:00,las-smaw,{T1}\n"
        f"2/5/2024 9:05:00,las-smaw,{T2}\n"
        f"3/4/2024 10:00:00,kopi-gayo,{T3}\n"
    )
    assert refused(project, tie, gallery) == (
        "every date in the export can be read both as day/month/year and as month/day/year (line 2: '2/5/2024 "
        "9:00:00' is 2024-05-02 read day first, or 2024-02-05 read month first; line 4: '3/4/2024 10:00:00' is "
        "2024-04-03 read day first, or 2024-03-04 read month first), and the voting window does not settle it (read "
        "day first, 0 of the 3 dates fall inside the voting window; read month first, 0). Say which it is with "
        "--date-order dmy (30/01/2024) or --date-order mdy (01/30/2024)."
    )
    # A window so long that both readings fall inside it decides nothing either.
    long = GOOGLE.replace("2024-01-30T08", "2024-01-01T08").replace("2024-01-30T16", "2024-12-31T16")
    assert "(read day first, 3 of the 3 dates fall inside the voting window; read month first, 3)" in refused(
        project, tie, long
    )
    no_window = "\n".join(line for line in GOOGLE.split("\n") if not line.startswith(("  opens", "  closes")))
    assert refused(project, tie, no_window).endswith(
        "and the voting window does not settle it (the vote has no opens or closes). Say which it is with "
        "--date-order dmy (30/01/2024) or --date-order mdy (01/30/2024)."
    )
    told = count(project, tie, no_window, day_first=False)
    assert [b.time.date().isoformat() for b in told.accepted] == ["2024-02-05", "2024-02-05", "2024-03-04"]
    assert told.notes == [tally.Note(None, "dates", "dates are read month/day/year, as --date-order mdy says.")]
    # Told the order a date cannot be in: the count says so, not that the time cannot be read.
    assert refused(
        project,
        f"Timestamp,poster,token\n2/5/2024 9:00:00,las-smaw,{T1}\n30/01/2024 9:00:00,las-smaw,{T2}\n",
        no_window,
        day_first=False,
    ) == (
        "line 3: '30/01/2024 9:00:00' can only be read day/month/year, but --date-order mdy says month/day/year. "
        "Give --date-order dmy, or leave it out: the count then finds the order itself."
    )
    assert "line 2: '1/30/2024 9:00:00' can only be read month/day/year, but --date-order dmy" in refused(
        project, f"Timestamp,poster,token\n1/30/2024 9:00:00,las-smaw,{T1}\n", no_window, day_first=True
    )
    # Dates such as 1/1/2024 read the same both ways: nothing to settle, nothing to say.
    assert count(project, f"Timestamp,poster,token\n1/1/2024 9:00:00,las-smaw,{T1}\n", no_window).notes == []


def test_test_votes_are_ignored_neither_counted_nor_rejected_and_the_totals_still_add_up(project, tmp_path):
    text = (
        "Timestamp,poster,token\n"
        "2024-01-29 15:00:00,_test,\n"  # sent by the committee the day before: not 'before voting opened'
        f"2024-01-30 09:00:00,las-smaw,{T1}\n"
        f"2024-01-30 09:01:00,_TEST ,{T1}\n"  # not a duplicate of line 3 either
        f"2024-01-30 09:02:00,no-such-poster,{T2}\n"
    )
    result = count(project, text)
    assert result.ignored == [
        tally.Note(2, "test", "test vote (poster _test), not a visitor's vote"),
        tally.Note(4, "test", "test vote (poster _test), not a visitor's vote"),
    ]
    assert [b.line for b in result.accepted] == [3] and [r.line for r in result.rejected] == [5]
    assert result.rows == len(result.accepted) + len(result.rejected) + len(result.ignored) == 4
    report = tally.report_lines(result, EN)
    assert report[:3] == [
        "line 2 (ignored): test vote (poster _test), not a visitor's vote",
        "line 4 (ignored): test vote (poster _test), not a visitor's vote",
        "line 5: unknown poster 'no-such-poster' (no poster on the site has this id)",
    ]
    assert report[-3:] == [
        "2 test votes (poster _test) ignored.",
        "1 vote names a poster the site does not have (listed above). If a poster folder was renamed or removed "
        "after voting began, give it back its old name, or put it back, and count again: the votes for it are in "
        "the export.",
        "Rows read: 4 = accepted 1 + rejected 1 (unknown posters 1) + ignored 2 (test votes 2).",
    ]
    assert votes(result)[0] == (1, False, "las-smaw", 1)
    assert tally.report_lines(result, Translator("id"))[-1] == (
        "Baris dibaca: 4 = diterima 1 + ditolak 1 (poster tidak dikenal 1) + diabaikan 2 (suara uji 2)."
    )
    tally.write_results(result, make(project)[0], tmp_path, EN)
    assert "2 test votes (poster \\_test) ignored.\n" in (tmp_path / "results.md").read_text("utf-8")
    assert list(csv.reader(io.StringIO((tmp_path / "rejected.csv").read_text("utf-8"))))[1] == [
        "2",
        "ignored",
        "test",
        "test vote (poster _test), not a visitor's vote",
    ]


# ------------------------------------------------------------- the rules ---


def test_every_bad_row_is_rejected_with_its_line_and_reason(project):
    text = (
        "Timestamp,poster,token\n"
        f"2024-01-30 09:00:00,las-smaw,{T1}\n"
        ",,\n"
        "\n"
        f"2024-01-30 09:01:00,kopi-gayo,{T2},extra\n"
        f"2024-01-30 09:02:00,no-such-poster,{T3}\n"
        f"2024-01-30 09:03:00,,{T3}\n"
        f",kopi-gayo,{T3}\n"
        "2024-01-30 09:04:00,kopi-gayo,not-a-token\n"
        '"2024-01-30 09:05:00","Kopi-Gayo ",' + f'"{T4}"\n'
        '"2024-01-30 09:06:00","las-smaw\nwith a line break",' + f'"{T1}"\n'
        f"2024-01-30 09:07:00,las-smaw,{T2}\n"
    )
    result = count(project, text)
    assert reasons(result) == [
        (3, "empty row"),
        (4, "empty row"),
        (5, "4 values where the header has 3; a value containing the separator may be missing its quotes"),
        (6, "unknown poster 'no-such-poster' (no poster on the site has this id)"),
        (7, "no poster chosen"),
        (8, "no time"),
        (9, "token 'not-a-token' was not made by the vote page"),
        (11, "unknown poster 'las-smaw\nwith a line break' (no poster on the site has this id)"),
    ]
    assert [b.line for b in result.accepted] == [2, 10, 13]
    assert result.rows == 11 == len(result.accepted) + len(result.rejected)
    assert "(empty rows 2, malformed rows 1, unknown posters 3, without a time 1, invalid tokens 1)" in (
        tally.summary_sentence(result, EN)
    )


def test_one_vote_per_token_the_earliest_counts_even_when_the_file_is_not_in_time_order(project):
    text = (
        "Timestamp,poster,token\n"
        f"2024-01-30 10:00:00,las-smaw,{T1}\n"
        f"2024-01-30 09:00:00,kopi-gayo,{T1}\n"
        f"2024-01-30 11:00:00,kopi-gayo,{T1}\n"
        f"2024-01-30 11:00:00,kopi-gayo,{T2}\n"
    )
    result = count(project, text)
    assert reasons(result) == [
        (2, "duplicate: this browser already voted on line 3"),
        (4, "duplicate: this browser already voted on line 3"),
    ]
    assert votes(result)[0] == (1, False, "kopi-gayo", 2)


def test_with_per_role_one_vote_per_token_and_role(project):
    text = (
        "Timestamp,poster,token\n"
        f"2024-01-30 09:00:00,kopi-gayo,{T1}\n"
        f"2024-01-30 09:01:00,las-smaw,{T1}\n"
        f"2024-01-30 09:02:00,ac-hemat,{T1}\n"
        f"2024-01-30 09:03:00,ac-hemat,{T2}\n"
    )
    result = count(project, text, extra="  per_role: true\n")
    assert reasons(result) == [(4, "duplicate: this browser already voted for Trainees on line 2")]
    assert list(result.rankings) == ["instructor", "trainee", "alumni"]
    assert votes(result, "trainee") == [(1, True, "kopi-gayo", 1), (1, True, "ac-hemat", 1)]  # ties by title
    assert votes(result, "alumni") == [(1, False, "las-smaw", 1)]
    assert votes(result, "instructor") == [(1, False, "kasir-umkm", 0)]


TOKENLESS = (
    "Timestamp,poster,token\n"
    "2024-01-30 09:00:00,kopi-gayo,\n"
    f"2024-01-30 09:01:00,las-smaw,{T1}\n"
    "2024-01-30 09:02:00,kopi-gayo,\n"
    "2024-01-30 17:00:00,kopi-gayo,\n"
)  # after closing: rejected for that, not counted as tokenless


def test_votes_without_a_token_are_not_counted_by_default_and_the_results_say_how_to_count_them(project, tmp_path):
    result = count(project, TOKENLESS)
    assert reasons(result) == [
        (2, "no token, so this vote cannot be told apart from others; not counted (tokenless: reject)"),
        (4, "no token, so this vote cannot be told apart from others; not counted (tokenless: reject)"),
        (5, "sent 30 January 2024, 17:00:00 WIB, after voting closed (30 January 2024, 16:00:00 WIB)"),
    ]
    assert result.without_token == 2 and [b.line for b in result.accepted] == [3]
    said = (
        "2 votes came without a token (sent without JavaScript or typed into the form directly) and were not "
        "counted: a vote without a token cannot be matched to any other, so anyone could send the form again and "
        "again. To count them, write tokenless: count under vote in mkdocs.yml and count again; the export keeps "
        "them."
    )
    assert tally.report_lines(result, EN)[-2:] == [
        said,
        "Rows read: 4 = accepted 1 + rejected 3 (without a token 2, outside the voting window 1) + ignored 0.",
    ]
    tally.write_results(result, make(project)[0], tmp_path, EN)
    assert said in (tmp_path / "results.md").read_text("utf-8").split("\n")
    assert list(csv.reader(io.StringIO((tmp_path / "rejected.csv").read_text("utf-8")))) == [
        ["Line", "Outcome", "Kind", "Reason"],
        [
            "2",
            "rejected",
            "tokenless",
            "no token, so this vote cannot be told apart from others; not counted (tokenless: reject)",
        ],
        [
            "4",
            "rejected",
            "tokenless",
            "no token, so this vote cannot be told apart from others; not counted (tokenless: reject)",
        ],
        [
            "5",
            "rejected",
            "window",
            "sent 30 January 2024, 17:00:00 WIB, after voting closed (30 January 2024, 16:00:00 WIB)",
        ],
    ]
    assert tally.report_lines(result, Translator("id"))[-2].startswith(
        "2 suara datang tanpa token (dikirim tanpa JavaScript atau diisi langsung di formulir) dan tidak dihitung"
    )


def test_one_vote_without_a_token_is_counted_and_said_so_in_the_singular(project):
    one = count(project, TOKENLESS.replace("2024-01-30 09:02:00,kopi-gayo,\n", ""), extra="  tokenless: count\n")
    assert tally.report_lines(one, EN)[-2] == (
        "1 vote came without a token (sent without JavaScript or typed into the form directly) and was counted once "
        "(tokenless: count)."
    )
    assert tally.report_lines(one, Translator("id"))[-2] == (
        "1 suara datang tanpa token (dikirim tanpa JavaScript atau diisi langsung di formulir) dan masing-masing "
        "dihitung satu kali (tokenless: count)."
    )


def test_with_tokenless_count_each_vote_without_a_token_counts_once_and_every_one_is_listed(project, tmp_path):
    result = count(project, TOKENLESS, extra="  tokenless: count\n")
    assert reasons(result) == [
        (5, "sent 30 January 2024, 17:00:00 WIB, after voting closed (30 January 2024, 16:00:00 WIB)")
    ]
    assert result.without_token == 2 and [b.line for b in result.accepted] == [2, 3, 4]
    assert votes(result)[:2] == [(1, False, "kopi-gayo", 2), (2, False, "las-smaw", 1)]
    report = tally.report_lines(result, EN)
    assert report[:3] == [
        "line 2 (counted): no token; counted once (tokenless: count)",
        "line 4 (counted): no token; counted once (tokenless: count)",
        "line 5: sent 30 January 2024, 17:00:00 WIB, after voting closed (30 January 2024, 16:00:00 WIB)",
    ]
    assert report[-2:] == [
        "2 votes came without a token (sent without JavaScript or typed into the form directly) "
        "and were counted, each once (tokenless: count).",
        "Rows read: 4 = accepted 3 + rejected 1 (outside the voting window 1) + ignored 0.",
    ]
    rows = list(csv.reader(io.StringIO(tally.rejected_csv(result, EN))))
    assert rows[1:3] == [
        ["2", "counted", "tokenless", "no token; counted once (tokenless: count)"],
        ["4", "counted", "tokenless", "no token; counted once (tokenless: count)"],
    ]
    # Every vote carried a token: the results still say what happened to votes without one.
    plain = count(project, f"Timestamp,poster,token\n2024-01-30 09:00:00,las-smaw,{T1}\n")
    assert tally.report_lines(plain, EN)[-2] == "No vote came without a token."


def test_tokenless_setting_is_checked_with_its_line_and_does_not_apply_with_codes(project):
    make(project)
    project.write_config(GOOGLE + "  tokenless: counted\n")
    assert [p.format_text() for p in project.check().problems] == [
        f"{at(project, 'counted')}: 'tokenless' must be reject (votes without a token are not counted, the default) or count "
        "(each is counted once) (found 'counted'). Did you mean 'count'?"
    ]
    project.write_config(GOOGLE + "  codes: true\n  tokenless: count\n")
    result = project.check()
    assert [p.format_text() for p in result.problems] == [
        f"{at(project, 'count')}: warning: 'tokenless' does not apply with 'codes: true': the ballot code is the voter, and a "
        "vote without a code is never counted. Remove this line."
    ]
    assert result.settings.vote.codes is True  # a warning: the vote still works
    made = codes.make_codes(1)
    counted = tally.count_votes(
        f"Timestamp,poster,token,code\n2024-01-30 09:00:00,las-smaw,,{made[0]}\n".encode(),
        result.settings.vote,
        make(project, extra="  codes: true\n")[1],
        EN,
        valid_codes=set(made),
    )
    assert len(counted.accepted) == 1 and counted.tokenless == "" and counted.without_token == 0
    assert "token" not in " ".join(tally.report_lines(counted, EN))  # with codes, tokens are not the voter


def test_ballot_codes_one_vote_per_code_and_only_codes_on_the_list(project):
    made = codes.make_codes(3)
    other = codes.make_codes(1)[0]
    a, b, c = made
    text = (
        "Timestamp,poster,token,code\n"
        f"2024-01-30 09:00:00,kopi-gayo,{T1},{codes.display(a).lower()}\n"
        f"2024-01-30 09:01:00,las-smaw,{T1},{b}\n"  # same phone, another person
        f"2024-01-30 09:02:00,las-smaw,{T2},{a}\n"  # code used again elsewhere
        f"2024-01-30 09:03:00,las-smaw,{T3},{a[:-1] + ('2' if a[-1] != '2' else '3')}\n"
        f"2024-01-30 09:04:00,las-smaw,{T3},{other}\n"
        f"2024-01-30 09:05:00,las-smaw,{T3},\n"
    )
    result = count(project, text, extra="  codes: true\n", valid_codes=set(made) - ({other} & set(made)))
    typo = a[:-1] + ("2" if a[-1] != "2" else "3")
    assert reasons(result) == [
        (4, "duplicate: this ballot code already voted on line 2"),
        (5, f"ballot code '{typo}' is not valid (mistyped or made up)"),
        (6, f"ballot code '{other}' is not on the list of codes"),
        (7, "no ballot code"),
    ]
    assert votes(result)[:2] == [(1, True, "kopi-gayo", 1), (1, True, "las-smaw", 1)]
    assert c not in {b.voter for b in result.accepted}


def test_codes_on_but_no_list_given_is_explained(project):
    with pytest.raises(tally.ExportError) as error:
        count(project, "Timestamp,poster,token,code\n", extra="  codes: true\n")
    assert error.value.message == (
        "the vote uses ballot codes, so the count needs the list of codes: add --codes "
        "ballot-codes/codes.csv (the file written by the codes command)."
    )


def test_missing_columns_and_wrong_encoding_are_explained(project):
    with pytest.raises(tally.ExportError) as error:
        count(project, f"Timestamp,Poster pilihan,token\n2024-01-30 09:00:00,las-smaw,{T1}\n")
    assert error.value.message == (
        "the export has no column for 'poster' (looked for: poster); its columns are: "
        "Timestamp, Poster pilihan, token. If the column 'Poster pilihan' holds it, write in mkdocs.yml under "
        "vote, columns: 'poster: Poster pilihan'."
    )
    with pytest.raises(tally.ExportError) as error:
        count(project, "Timestamp,poster,token\n2024-01-30 09:00:00,caf\xe9,x\n".encode("cp1252"))
    assert error.value.message == (
        "the export is not saved as UTF-8 text (line 2 cannot be read). Download it again "
        "from the form service, or in Excel save it as 'CSV UTF-8'."
    )


def test_ties_are_explicit_in_competition_ranking(project):
    rows = [("las-smaw", 3), ("kopi-gayo", 3), ("ac-hemat", 1), ("kasir-umkm", 0)]
    lines = ["Timestamp,poster,token"]
    n = 0
    for slug, many in rows:
        for _ in range(many):
            n += 1
            lines.append(f"2024-01-30 09:{n:02d}:00,{slug},{n:032x}")
    result = count(project, "\n".join(lines) + "\n")
    assert votes(result) == [
        (1, True, "kopi-gayo", 3),
        (1, True, "las-smaw", 3),
        (3, False, "ac-hemat", 1),
        (4, False, "kasir-umkm", 0),
    ]
    report = tally.report_lines(result, EN)
    assert report[1:6] == [
        "Ranking: All posters",
        "   1=       3  Kedai Kopi Gayo (kopi-gayo) (tie)",
        "   1=       3  Las SMAW dari Nol (las-smaw) (tie)",
        "   3.       1  Perawatan AC Hemat Energi (ac-hemat)",
        "   4.       0  Web Kasir UMKM Desa (kasir-umkm)",
    ]
    assert report[-1] == "Rows read: 7 = accepted 7 + rejected 0 + ignored 0."


# ------------------------------------------------------------- the files ---


def test_results_files_neutralise_formulas_escape_markdown_and_draw_the_chart(project, tmp_path):
    project.add_poster(
        "las-smaw",
        'title: "=HYPERLINK(\\"http://x\\")"\nauthors: [Ani]\nrole: alumni\ncenter: BPVP Aceh\nalt: A poster.\n',
    )
    project.add_poster(
        "kopi-gayo",
        'title: "@Kopi *Gayo* | [link](x) {{ y }}"\nauthors: [Ani]\nrole: trainee\ncenter: BPVP Aceh\nalt: A poster.\n',
    )
    project.write_config(GOOGLE)
    settings = project.check().settings
    posters, _ = load_posters(settings.root, settings.posters, EN, reserved=reserved_slugs())
    text = (
        f"Timestamp,poster,token\n2024-01-30 09:00:00,las-smaw,{T1}\n2024-01-30 09:00:00,kopi-gayo,{T2}\n"
        f"2024-01-30 09:01:00,kopi-gayo,{T2}\n2024-01-30 09:02:00,-cmd,{T3}\n"
    )
    result = tally.count_votes(text.encode(), settings.vote, posters, EN, export_name="responses.csv")
    paths = tally.write_results(result, settings.vote, tmp_path / "results", EN)
    assert [p.name for p in paths] == ["results.md", "results.csv", "results.svg", "rejected.csv", "awards.json"]
    rows = list(csv.reader(io.StringIO((tmp_path / "results" / "results.csv").read_text("utf-8"))))
    assert rows == [
        ["Group", "Rank", "Tie", "Poster", "Title", "Votes"],
        ["All posters", "1", "yes", "las-smaw", '\'=HYPERLINK("http://x")', "1"],
        ["All posters", "1", "yes", "kopi-gayo", "'@Kopi *Gayo* | [link](x) {{ y }}", "1"],
    ]
    rejected = list(csv.reader(io.StringIO((tmp_path / "results" / "rejected.csv").read_text("utf-8"))))
    assert rejected == [
        ["Line", "Outcome", "Kind", "Reason"],
        ["4", "rejected", "duplicate", "duplicate: this browser already voted on line 3"],
        ["5", "rejected", "poster", "unknown poster '-cmd' (no poster on the site has this id)"],
    ]
    page = (tmp_path / "results" / "results.md").read_text("utf-8")
    assert (
        "| 1 (tie) | [@Kopi \\*Gayo\\* \\| \\[link\\](x) &#123;&#123; y &#125;&#125;](../poster/kopi-gayo/index.md)"
        " | 1 |"
    ) in page
    assert "Rows read: 4 = accepted 2 + rejected 2 (duplicates 1, unknown posters 1) + ignored 0." in page
    assert f"Counted from the export responses.csv (SHA-256 {result.digest})." in page
    svg = ET.fromstring((tmp_path / "results" / "results.svg").read_text("utf-8"))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[2:4] == ["1 (tie). @Kopi *Gayo* | [link](x) {{ y }}", "1"]
    bars = [float(r.get("width")) for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    assert bars == [330.0, 330.0]


def test_an_export_whose_file_name_is_not_utf_8_is_counted_and_named_with_escapes(project, tmp_path):
    """A file name from a zip made on Windows: its bytes are not UTF-8 (Python holds them as halves of characters,
    which a UTF-8 file cannot take). Before, the ranking printed, then a traceback, and no results were written."""
    make(project)
    export = tmp_path / os.fsdecode(b"suara-\xe9.csv")
    export.write_text(f"Timestamp,poster,token\n2024-01-30 09:00:00,las-smaw,{T1}\n", "utf-8")
    done = project.cli("tally", str(export))
    assert (done.returncode, done.stderr) == (0, "")
    assert "Rows read: 1 = accepted 1 + rejected 0 + ignored 0." in done.stdout.splitlines()
    # Its name escaped (the backslash itself escaped for Markdown): the page shows "suara-\\udce9.csv".
    assert r"the export suara-\\udce9.csv (SHA-256" in (project.root / "results" / "results.md").read_text("utf-8")


def test_the_tally_command_prints_rejections_ranking_and_totals_and_writes_results(project, tmp_path):
    make(project)
    export = tmp_path / "Pilih Poster (Jawaban) - Form Responses 1.csv"
    export.write_text(
        "Timestamp,poster,token\n"
        f"2024/01/30 9:00:00 AM GMT+7,las-smaw,{T1}\n"
        f"2024/01/30 9:01:00 AM GMT+7,las-smaw,{T1}\n"
        f"2024/01/30 9:02:00 AM GMT+7,kopi-gayo,{T2}\n",
        "utf-8",
    )
    done = project.cli("tally", str(export))
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0] == "line 3: duplicate: this browser already voted on line 2"
    assert out[1:4] == ["", "Ranking: All posters", "   1=       1  Kedai Kopi Gayo (kopi-gayo) (tie)"]
    assert out[-7:-5] == [
        "No vote came without a token.",
        "Rows read: 3 = accepted 2 + rejected 1 (duplicates 1) + ignored 0.",
    ]
    assert out[-5:] == [
        f"wrote {project.root / 'results' / name}"
        for name in ("results.md", "results.csv", "results.svg", "rejected.csv", "awards.json")
    ]
    first = (project.root / "results" / "results.md").read_bytes()
    assert project.cli("tally", str(export)).returncode == 0
    assert (project.root / "results" / "results.md").read_bytes() == first  # same export, same results

    bad = project.cli("tally", str(export), "--timezone", "Jakarta")
    assert bad.returncode == 2
    missing = project.cli("tally", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "nope.csv cannot be read: No such file or directory." in missing.stderr


def test_the_tally_command_reads_googles_zip_and_prints_every_problem_and_decision(project, tmp_path):
    make(project)
    export = tmp_path / "Pilih Poster.csv.zip"  # the name Google Forms gives its download
    export.write_bytes(
        google_zip(
            (
                "Pilih Poster.csv",
                GOOGLE_CSV.replace(f'"las-smaw","{T1}"', '"_test",""')
                + '"2024/01/30 9:03:00 AM GMT+7","las-smaw",""\n',
            )
        )
    )
    done = project.cli("--lang", "en", "tally", str(export))
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:3] == [
        "line 2 (ignored): test vote (poster _test), not a visitor's vote",
        "line 4: duplicate: this browser already voted on line 3",
        "line 5: no token, so this vote cannot be told apart from others; not counted (tokenless: reject)",
    ]
    assert out[-9:-5] == [
        "The export is a zip file; the votes were read from Pilih Poster.csv, the CSV file inside it.",
        "1 vote came without a token (sent without JavaScript or typed into the form directly) and was not "
        "counted: a vote without a token cannot be matched to any other, so anyone could send the form again and "
        "again. To count it, write tokenless: count under vote in mkdocs.yml and count again; the export keeps "
        "it.",
        "1 test vote (poster _test) ignored.",
        "Rows read: 4 = accepted 1 + rejected 2 (duplicates 1, without a token 1) + ignored 1 (test votes 1).",
    ]
    page = (project.root / "results" / "results.md").read_text("utf-8")
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    assert f"Counted from Pilih Poster.csv inside the export Pilih Poster.csv.zip; the SHA-256 {digest} is" in page

    # A file the count cannot trust: every problem on its own line, nothing written.
    broken = tmp_path / "broken.csv"
    broken.write_text(
        f'Timestamp,poster,token,poster\n2/5/2024 9:00:00,las-smaw,"{T1},\n3/4/2024 9:01:00,las-smaw,{T2},\n', "utf-8"
    )
    before = page
    done = project.cli("--lang", "en", "tally", str(broken))
    assert done.returncode == 1 and done.stdout == ""
    assert [line.split(": ", 1)[1][:60] for line in done.stderr.splitlines()] == [
        "column 2 (B) and column 4 (D) are both titled 'poster' (1 an",
        'line 2: a quote (") opened on this line is never closed, so ',
        "every date in the export can be read both as day/month/year ",
    ]
    assert all(line.startswith(f"{broken}: ") for line in done.stderr.splitlines())
    assert (project.root / "results" / "results.md").read_text("utf-8") == before
    # Told the order of the dates, and with the file mended, the count goes ahead and says why it read them so.
    broken.write_text(f"Timestamp,poster,token\n2/5/2024 9:00:00,las-smaw,{T1}\n", "utf-8")
    done = project.cli("--lang", "en", "tally", str(broken), "--date-order", "mdy", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "Dates are read month/day/year, as --date-order mdy says." in done.stdout.splitlines()
    assert done.stdout.splitlines()[0] == (
        "line 2: sent 5 February 2024, 09:00:00 WIB, after voting closed (30 January 2024, 16:00:00 WIB)"
    )


def test_the_tally_command_says_when_its_results_cannot_be_written_and_replaces_a_resaved_results_csv(
    project, tmp_path
):
    make(project)
    export = tmp_path / "export.csv"
    export.write_text(f"Timestamp,poster,token\n2024-01-30 09:00:00,las-smaw,{T1}\n", "utf-8")
    notes = project.root / "notes.txt"
    notes.write_text("the committee's notes\n", "utf-8")
    # A file where the folder would be, named or above it: said before anything is counted, the file kept.
    for out in ("notes.txt", "notes.txt/results"):
        done = project.cli("--lang", "en", "tally", str(export), "--out", out)
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == (
            f"{notes} is a file, not a folder, so nothing can be written into {project.root / out}; name another "
            "folder with --out (it is made when it does not exist yet).\n"
        )
    assert notes.read_text("utf-8") == "the committee's notes\n"
    assert project.cli("--lang", "id", "tally", str(export), "--out", "notes.txt").stderr == (
        f"{notes} adalah berkas, bukan folder, sehingga tidak ada yang dapat ditulis ke {notes}; sebutkan folder "
        "lain dengan --out (folder itu dibuat bila belum ada).\n"
    )
    # A file in the folder that cannot be replaced (here a folder of that name): said, not a traceback.
    (project.root / "results" / "results.svg").mkdir(parents=True)
    done = project.cli("--lang", "en", "tally", str(export))
    assert done.returncode == 1
    assert done.stderr == (
        f"nothing could be written into {project.root / 'results'} (Is a directory); check that the folder may "
        "be written to, or name another with --out.\n"
    )
    (project.root / "results" / "results.svg").rmdir()
    # results.csv opened in a spreadsheet and saved again in its own encoding: replaced by the count.
    assert project.cli("tally", str(export)).returncode == 0
    written = (project.root / "results" / "results.csv").read_bytes()
    (project.root / "results" / "results.csv").write_bytes(written.decode("utf-8").encode("utf-16"))
    again = project.cli("tally", str(export))
    assert again.returncode == 0, again.stderr
    assert (project.root / "results" / "results.csv").read_bytes() == written


def test_published_results_page_with_results_true(project):
    make(project)
    project.write_config(GOOGLE + "results: true\n")
    result = project.build()
    assert [p.format_text() for p in result.problems] == [
        "results/results.md: extra.gallery.results is true, but there are no results yet: count the votes first "
        "with python scripts/gallery.py tally EXPORT.csv, or set results: false in mkdocs.yml."
    ]
    export = project.root / "export.csv"
    export.write_text(f"Timestamp,poster,token\n2024-01-30 09:00:00,las-smaw,{T1}\n", "utf-8")
    assert project.cli("tally", str(export)).returncode == 0
    edited = project.root / "results" / "results.md"
    edited.write_bytes(edited.read_bytes().replace(b"\n", b"\r\n"))  # saved again on Windows
    result = project.build()
    assert result.problems == []
    page = (project.root / "docs" / "results" / "index.md").read_text("utf-8")
    assert page.startswith("---\ntitle: Vote results\n---\n<!-- generated by the poster gallery")
    assert "[Las SMAW dari Nol](../poster/las-smaw/index.md) | 1 |" in page
    assert (project.root / "docs" / "results" / "results.svg").read_bytes() == (
        project.root / "results" / "results.svg"
    ).read_bytes()
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    html = (project.root / "site" / "results" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="../poster/las-smaw/">Las SMAW dari Nol</a>', html)
    assert '<img alt="Chart of the votes per poster" src="results.svg"' in html


def test_a_hundred_thousand_rows_are_counted_exactly(project):
    """Scale, not speed (the speed is measured by tests/bench_tally.py): every row is accounted for."""
    from bench_tally import make_export

    data, expected_rejected = make_export(100_000, list(POSTERS))
    result = count(project, data)
    assert result.rows == 100_000
    assert len(result.accepted) + len(result.rejected) == 100_000
    assert len(result.rejected) == expected_rejected


def test_the_tally_command_counts_nothing_while_a_poster_folder_has_an_error(project, tmp_path):
    make(project)
    export = tmp_path / "export.csv"
    export.write_text(
        "Timestamp,poster,token\n"
        f"2024/01/30 9:00:00 AM GMT+7,kopi-gayo,{T1}\n"
        f"2024/01/30 9:01:00 AM GMT+7,kopi-gayo,{T2}\n"
        f"2024/01/30 9:02:00 AM GMT+7,las-smaw,{T3}\n",
        "utf-8",
    )
    assert project.cli("--lang", "en", "tally", str(export)).returncode == 0
    before = {p.name: p.read_bytes() for p in (project.root / "results").iterdir()}
    (project.root / "posters" / "kopi-gayo" / "poster.jpg").unlink()  # left behind when the folder was copied
    done = project.cli("--lang", "en", "tally", str(export))
    assert done.returncode == 1 and done.stdout == ""
    errors = done.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0] == (
        "posters/kopi-gayo/poster.yml: no poster file found in posters/kopi-gayo/; add the poster as a JPG, PNG, "
        "WebP, AVIF or PDF file."
    )
    assert errors[1] == (
        "Nothing was counted: 1 error in the poster folders (above). A poster with an error is left out of the "
        "site, and the votes for it would be rejected as for an unknown poster. Fix it (python scripts/gallery.py "
        "check lists the same), then count again."
    )
    assert {p.name: p.read_bytes() for p in (project.root / "results").iterdir()} == before


def test_the_tally_command_says_how_many_codes_it_read_and_refuses_the_export_as_the_list(project, tmp_path):
    make(project, extra="  codes: true\n")
    made = codes.make_codes(2)
    export = tmp_path / "export.csv"
    export.write_text(f"Timestamp,poster,code\n2024/01/30 9:00:00 AM GMT+7,las-smaw,{codes.display(made[0])}\n")
    listed = tmp_path / "codes.csv"
    listed.write_text(
        "Daftar kode suara\nNo;Code;Nama\n"
        + f"1;{codes.display(made[0])};Budi, Ani\n2;{codes.display(made[1])};Cut, Dewi\n"
    )
    done = project.cli("--lang", "en", "tally", str(export), "--codes", str(listed))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"2 ballot codes read from {listed}."
    assert "Rows read: 1 = accepted 1 + rejected 0 + ignored 0." in done.stdout.splitlines()
    before = {p.name: p.read_bytes() for p in (project.root / "results").iterdir()}
    done = project.cli("--lang", "en", "tally", str(export), "--codes", str(export))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{export} is an export of the votes (its header has the columns Timestamp, poster), not the list of "
        "ballot codes: with it every code voted with would be taken as valid. Give --codes the list the codes "
        "command wrote (ballot-codes/codes.csv)."
    ]
    assert {p.name: p.read_bytes() for p in (project.root / "results").iterdir()} == before
    listed.write_bytes(f"No;Code;Nama\n1;{made[0]};Andr\xe9\n".encode("cp1252"))
    done = project.cli("--lang", "en", "tally", str(export), "--codes", str(listed))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{listed} is not saved as UTF-8 text (line 2 cannot be read). In Excel or another spreadsheet program "
        "save it as 'CSV UTF-8', then count again."
    ]


def test_a_list_of_codes_for_a_vote_that_does_not_ask_for_them_is_refused(project, tmp_path):
    """With codes: false the count said "50 ballot codes read" and then left the list unused: a made-up code and no
    code at all were both accepted, and the committee believed one card was one vote."""
    make(project)
    export = tmp_path / "export.csv"
    export.write_text(f"Timestamp,poster,token,code\n2024/01/30 9:00:00 AM GMT+7,las-smaw,{T1},ZZZZ-ZZZZ\n")
    listed = tmp_path / "codes.csv"
    listed.write_text(f"No,Code\n1,{codes.make_codes(1)[0]}\n")
    done = project.cli("--lang", "en", "tally", str(export), "--codes", str(listed))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "the vote section does not ask for ballot codes (codes: true), so its votes carry none and --codes cannot "
        "check them: count without --codes. If the vote did ask for codes, write codes: true in the vote section, "
        "then count again."
    ]
    assert not (project.root / "results").exists()
    # The codes command says so of the cards it makes for such a vote, and of cards naming the demo's address.
    made = project.cli("--lang", "en", "codes", "2", "--out", str(tmp_path / "cards"))
    assert made.returncode == 0 and made.stdout.splitlines()[-1] == (
        "Note: the vote section does not ask for ballot codes (codes: true), so a vote needs no card and the cards "
        "count for nothing. Give the form a question 'code' and run vote setup LINK --write, which turns codes on."
    )
    assert "example.github.io" not in made.stdout
    project.config.write_text(
        project.config.read_text("utf-8").replace(
            "https://example.org/gallery/", "https://example.github.io/poster-gallery/"
        ),
        "utf-8",
    )
    made = project.cli("--lang", "en", "codes", "2", "--out", str(tmp_path / "cards"), "--force")
    assert made.returncode == 0 and made.stdout.splitlines()[-2] == (
        "Note: the cards name https://example.github.io/poster-gallery/vote/, the demo's example address in "
        "site_url: do not print them yet. Write the address your site is published at in site_url (mkdocs.yml), "
        "then make the cards again with --force."
    )


def test_a_time_that_cannot_be_read_stops_the_count_listing_every_one(project, tmp_path):
    make(project)
    export = tmp_path / "export.csv"
    export.write_text(f"Timestamp,poster,token\n2024/01/30 9:00:00 AM GMT+7,las-smaw,{T1}\n", "utf-8")
    assert project.cli("--lang", "en", "tally", str(export)).returncode == 0
    before = {p.name: p.read_bytes() for p in (project.root / "results").iterdir()}
    # Saved again by a spreadsheet program: two-digit years (ambiguous), and a month written as a word.
    export.write_text(
        "Timestamp,poster,token\n"
        f"30/01/24 09:00,las-smaw,{T1}\n"
        f"2024/01/30 9:01:00 AM GMT+7,kopi-gayo,{T2}\n"
        f"30-Jan-2024 09:02,kopi-gayo,{T3}\n",
        "utf-8",
    )
    done = project.cli("--lang", "en", "tally", str(export))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{export}: line 2: the time '30/01/24 09:00' cannot be read.",
        f"{export}: line 4: the time '30-Jan-2024 09:02' cannot be read.",
        f"{export}: Nothing was counted: 2 times cannot be read. The count reads the times as Google Forms, Google "
        "Sheets, Tally and Formspree write them, with the year in four digits, e.g. 2024/01/30 8:15:32 AM GMT+7, "
        "30/01/2024 08:15:32 or 2024-01-30T01:15:32Z. Download the export again from the form service and give that "
        "file, without opening and saving it in a spreadsheet program (which rewrites the times), then count again.",
    ]
    assert {p.name: p.read_bytes() for p in (project.root / "results").iterdir()} == before


def test_a_placeholder_time_at_the_ends_of_the_calendar_is_a_time_that_cannot_be_read(project, tmp_path):
    """A form endpoint's database may write '0001-01-01 00:00:00' for a time it did not keep: no moment of the vote,
    so not counted, and told as any other time that cannot be read (it once stopped the count with a traceback)."""
    make(project)
    export = tmp_path / "export.csv"
    export.write_text(
        "Timestamp,poster,token\n"
        f"2024/01/30 9:00:00 AM GMT+7,las-smaw,{T1}\n"
        f"0001-01-01 00:00:00,kopi-gayo,{T2}\n"
        f"9999-12-31T23:59:59Z,kopi-gayo,{T3}\n",
        "utf-8",
    )
    done = project.cli("--lang", "en", "tally", str(export))
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[:3] == [
        f"{export}: line 3: the time '0001-01-01 00:00:00' cannot be read.",
        f"{export}: line 4: the time '9999-12-31T23:59:59Z' cannot be read.",
        f"{export}: Nothing was counted: 2 times cannot be read. The count reads the times as Google Forms, Google "
        "Sheets, Tally and Formspree write them, with the year in four digits, e.g. 2024/01/30 8:15:32 AM GMT+7, "
        "30/01/2024 08:15:32 or 2024-01-30T01:15:32Z. Download the export again from the form service and give that "
        "file, without opening and saving it in a spreadsheet program (which rewrites the times), then count again.",
    ]


def test_with_tokenless_count_an_export_without_a_token_column_is_counted_vote_by_vote(project, tmp_path):
    gallery = GOOGLE.replace("google_forms", "form").replace(
        "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://example.org/vote"
    )
    gallery = gallery.replace(
        "{poster: entry.111, token: entry.222, code: entry.333}", "{poster: poster, token: token}"
    )
    text = (
        "Timestamp,poster\n2024-01-30 09:00:00,las-smaw\n2024-01-30 09:01:00,las-smaw\n2024-01-30 09:02:00,ac-hemat\n"
    )
    result = count(project, text, gallery, "  tokenless: count\n")
    assert result.rejected == [] and votes(result)[:2] == [(1, False, "las-smaw", 2), (2, False, "ac-hemat", 1)]
    assert result.without_token == 3
    assert tally.report_lines(result, EN)[-3:] == [
        "The export has no token column (looked for: token), so every vote in it is one without a token, counted "
        "once (tokenless: count).",
        "3 votes came without a token (sent without JavaScript or typed into the form directly) and were counted, "
        "each once (tokenless: count).",
        "Rows read: 3 = accepted 3 + rejected 0 + ignored 0.",
    ]
    rows = list(csv.reader(io.StringIO(tally.rejected_csv(result, EN))))
    assert rows[1:] == [
        [
            "",
            "note",
            "tokenless",
            "the export has no token column (looked for: token), so every vote in it is one without a token, "
            "counted once (tokenless: count).",
        ]
    ]
    # Without tokenless: count the column is needed: without it no vote could be matched to another.
    with pytest.raises(tally.ExportError) as refused:
        count(project, text, gallery)
    assert refused.value.message.startswith("the export has no column for 'token'")


def test_with_tokenless_count_a_token_column_under_another_title_stops_the_count_naming_it(project):
    """The question renamed 'Token browser' in the form: its column was not found, every vote was counted as one
    without a token, and one browser's five votes as five."""
    text = (
        "Timestamp,poster,Token browser\n"
        + "".join(f"2024-01-30 09:00:0{i},las-smaw,{T1}\n" for i in range(5))
        + f"2024-01-30 09:01:00,kopi-gayo,{T2}\n"
    )
    with pytest.raises(tally.ExportError) as refused:
        count(project, text, extra="  tokenless: count\n")
    assert refused.value.message == (
        "the export has no column titled as the token (looked for: token), but the column 'Token browser' holds "
        "tokens as the vote page makes them: without it every vote would count as one without a token, and one "
        "browser's votes as many. Write in mkdocs.yml under vote, columns: 'token: Token browser', then count again."
    )
    # A column without a title cannot be named under columns: the question is to be given one.
    with pytest.raises(tally.ExportError) as refused:
        count(project, text.replace("Token browser", ""), extra="  tokenless: count\n")
    assert refused.value.message.endswith(
        "but a column without a title holds tokens as the vote page makes them: without it every vote would count "
        "as one without a token, and one browser's votes as many. Give the form's question for the token the title "
        "'token', download the export again, then count again."
    )
    # Named under columns, the column is read: one vote a browser.
    result = count(project, text, extra="  tokenless: count\n  columns: {token: Token browser}\n")
    assert votes(result)[:2] == [(1, True, "kopi-gayo", 1), (1, True, "las-smaw", 1)]


def test_a_column_title_with_a_space_inside_is_found_as_vote_setup_and_doctor_find_its_question(project):
    """'vote setup' and 'vote doctor' take the question 'To ken' for token (case and spaces do not matter); the
    count, which compared titles with their spaces, then did not find its column."""
    from postergallery.commands.formpages import GoogleFormPage, Question

    form = GoogleFormPage("Pilih", "", (Question("To ken", "entry.222", 0, True, False, 1),), 1, "none", "")
    assert [q.entry for q in form.titled("token")] == ["entry.222"]
    result = count(project, f"Timestamp,Po ster,To ken\n2024-01-30 09:00:00,las-smaw,{T1}\n")
    assert result.rejected == [] and votes(result)[:1] == [(1, False, "las-smaw", 1)]


def test_most_votes_outside_the_window_with_times_without_a_zone_say_the_zone_they_were_read_in(project):
    """A Google Sheet kept in UTC: its times read as WIB put every vote seven hours early, and the count said only
    'outside the voting window 3'."""
    text = f"Timestamp,poster,token\n1/30/2024 2:15:30,las-smaw,{T1}\n1/30/2024 2:16:30,kopi-gayo,{T2}\n"
    text += f"1/30/2024 9:15:30,kopi-gayo,{T3}\n"
    result = count(project, text)
    assert [b.line for b in result.accepted] == [4]
    report = tally.report_lines(result, EN)
    assert (
        "2 of the export's 3 rows fall half an hour or more outside the voting window. Its times carry no time zone and were read as "
        "WIB: if the sheet or service that wrote them keeps another zone, count again with --timezone (e.g. "
        "--timezone UTC)." in report
    )
    # Read in the zone the sheet keeps, they count; with times that say their zone, or most votes inside the
    # window, nothing is said.
    assert [b.line for b in count(project, text, zone=parse_zone("UTC")).accepted] == [2, 3]
    assert not any("time zone" in line for line in tally.report_lines(count(project, text, zone=parse_zone("UTC")), EN))
    with_zone = text.replace(",las", " GMT+7,las").replace(",kopi", " GMT+7,kopi")  # as early, but said so
    in_their_zone = count(project, with_zone)
    assert [b.line for b in in_their_zone.accepted] == [4]
    assert not any("time zone" in line for line in tally.report_lines(in_their_zone, EN))
    # An event in WIT counted from a sheet in WIB, two hours behind: a vote at 08:00 WIT is written 6:00, and the
    # first two hours of an eight-hour day read as before opening (9 of them by half an hour or more).
    wit = GOOGLE.replace("+07:00", "+09:00")
    day = "Timestamp,poster,token\n" + "".join(
        f"1/30/2024 {6 + n // 6}:{n % 6}0:00,las-smaw,{n:032x}\n" for n in range(48)
    )
    counted = count(project, day, wit)
    assert len(counted.accepted) == 36 and (
        "9 of the export's 48 rows fall half an hour or more outside the voting window. Its times carry no time zone and were read as "
        "WIT: if the sheet or service that wrote them keeps another zone, count again with --timezone (e.g. "
        "--timezone UTC)."
    ) in tally.report_lines(counted, EN)
    # Read as UTC already, the example is another zone.
    as_utc = count(project, text.replace(" 2:1", " 12:1"), zone=parse_zone("UTC"))  # 19:15 WIB and later
    assert "were read as UTC" in " ".join(tally.report_lines(as_utc, EN))
    assert "(e.g. --timezone WIB)." in " ".join(tally.report_lines(as_utc, EN))


def test_an_export_with_cr_line_ends_and_a_comment_on_two_lines_is_counted(project):
    text = (
        "Stempel waktu;poster;token;Komentar\r"
        f'30/01/2024 8:15:32;las-smaw;{T1};"Bagus,\nrapi"\r'
        f"30/01/2024 9:00:00;kopi-gayo;{T2};\r"
    )
    result = count(project, text)
    assert result.rejected == [] and [b.line for b in result.accepted] == [2, 4]
    assert votes(result)[:2] == [(1, True, "kopi-gayo", 1), (1, True, "las-smaw", 1)]


def test_column_titles_match_whichever_way_their_accents_are_written(project):
    import unicodedata

    title = "Poster pilihan (karya terbaik é)"
    text = (
        f"Timestamp,{unicodedata.normalize('NFD', title)},token\n"
        f"2024-01-30 09:00:00,las-smaw,{T1}\n"
        f"2024-01-30 09:01:00,kopi-gayo,{T2}\n"
    )
    assert unicodedata.normalize("NFD", title) != title
    result = count(project, text, extra=f'  columns: {{poster: "{title}"}}\n')
    assert result.rejected == [] and len(result.accepted) == 2


TALLY = (
    GOOGLE.replace("google_forms", "tally")
    .replace("https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://tally.so/r/wAbc12")
    .replace("{poster: entry.111, token: entry.222, code: entry.333}", "{poster: poster, token: token}")
)


def test_every_missing_column_is_named_at_once_with_the_closest_title_or_none(project):
    # Tally: the hidden field renamed in the form, and the poster question given a title of its own.
    text = (
        '"Submission ID","Respondent ID","Submitted at","Poster favorit","voter"\n'
        f'"a","b","2024-01-30 01:00:00","ac-hemat","{T1}"\n'
    )
    with pytest.raises(tally.ExportError) as error:
        count(project, text, TALLY)
    columns = "Submission ID, Respondent ID, Submitted at, Poster favorit, voter"
    assert error.value.message.splitlines() == [
        f"the export has no column for 'poster' (looked for: poster); its columns are: {columns}. If the column "
        "'Poster favorit' holds it, write in mkdocs.yml under vote, columns: 'poster: Poster favorit'.",
        f"the export has no column for 'token' (looked for: token); its columns are: {columns}. Write the title of "
        "the column that holds it in mkdocs.yml under vote, columns, as 'token: the title'; if no column holds it, "
        "the form does not send it: see README.md (Voting).",
    ]


def test_a_json_export_is_refused_and_excels_separator_line_is_understood(project):
    formspree = TALLY.replace("https://tally.so/r/wAbc12", "https://formspree.io/f/xyzzy").replace(
        "provider: tally", "provider: formspree"
    )
    for text in (
        '{"submissions": [{"_date": "2024-01-30T01:15:32Z", "poster": "las-smaw", "token": "%s"}]}' % T1,
        ' [{"_date": "2024-01-30T01:15:32Z", "poster": "las-smaw"}]',
    ):
        with pytest.raises(tally.ExportError) as error:
            count(project, text, formspree)
        assert error.value.message == (
            "the export is a JSON file, not a CSV file; download the votes from the form service again, as CSV, "
            "and count that file."
        )
    # Excel's first line names the separator; the header is line 2 and the rows keep their own lines.
    text = f"sep=;\nStempel waktu;poster;token\n30/01/2024 08:15:32;las-smaw;{T1}\n30/01/2024 08:16:00;x;{T2}\n"
    result = count(project, text)
    assert reasons(result) == [(4, "unknown poster 'x' (no poster on the site has this id)")]
    assert [b.line for b in result.accepted] == [3]
    with pytest.raises(tally.ExportError) as error:
        count(project, "sep=,\n")
    assert error.value.message == "the export is empty; download it again from the form service."


def test_a_workbook_is_refused_with_the_way_to_a_csv_of_the_vote_s_own_form_service(project):
    workbook = google_zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"))
    start = "the export is a spreadsheet workbook (.xlsx or .ods), not a CSV file. "
    formspree = TALLY.replace("https://tally.so/r/wAbc12", "https://formspree.io/f/xyzzy").replace(
        "provider: tally", "provider: formspree"
    )
    form = TALLY.replace("https://tally.so/r/wAbc12", "https://example.org/vote").replace(
        "provider: tally", "provider: form"
    )
    assert refused(project, workbook, TALLY) == start + (
        "Download the submissions as CSV (in Tally: Submissions, Download, CSV), or in the spreadsheet program save "
        "it as 'CSV UTF-8'."
    )
    assert refused(project, workbook, formspree) == start + (
        "Download the submissions with Formspree's CSV export, or in the spreadsheet program save it as 'CSV UTF-8'."
    )
    assert refused(project, workbook, form) == start + "In the spreadsheet program, save it as 'CSV UTF-8'."


def test_characters_that_take_no_room_are_dropped_from_poster_and_token_and_shown_in_messages(project):
    from postergallery.model import visible

    assert visible("a\u200bb\u200e\u200f\u2060\ufeffc") == "a\\u200bb\\u200e\\u200f\\u2060\\ufeffc"
    mechanic = "\U0001f469\u200d\U0001f527"  # one emoji: woman, joiner, wrench
    assert visible(f"Las SMAW {mechanic} \u200c") == f"Las SMAW {mechanic} \u200c"  # joiners belong to the text
    text = (
        "Timestamp,poster,token\n"
        f"2024-01-30 09:00:00, \u200blas-smaw\u200e ,\ufeff{T1}\u2060\n"  # copied from a chat
        f"2024-01-30 09:01:00,las-smaw,{T1}\n"  # the same browser again: the first counted, this a duplicate
        f"2024-01-30 09:02:00,kopi\u200d-gayo,{T2}\n"
        f"2024-01-30 09:03:00,\u200fnope\u200b,{T3}\n"
    )
    result = count(project, text)
    assert reasons(result) == [
        (3, "duplicate: this browser already voted on line 2"),
        (5, "unknown poster 'nope' (no poster on the site has this id)"),
    ]
    assert votes(result)[:2] == [(1, True, "kopi-gayo", 1), (1, True, "las-smaw", 1)]


def test_a_long_comment_does_not_cost_its_row_the_vote_and_the_file_itself_is_bounded(project, monkeypatch):
    from postergallery.commands import exportfile

    comment = "Bagus sekali, " * 20_000  # 280,000 characters: more than Python's CSV reader takes by default
    text = (
        "Timestamp,poster,token,Komentar\n"
        f'2024-01-30 09:00:00,las-smaw,{T1},"{comment}"\n'
        f"2024-01-30 09:01:00,kopi-gayo,{T2},\n"
    )
    result = count(project, text)
    assert result.rejected == [] and [b.line for b in result.accepted] == [2, 3]
    monkeypatch.setattr(exportfile, "MAX_CSV_BYTES", 1024 * 1024)
    assert refused(project, text.replace(comment, comment * 4)) == (
        "the export is larger than the 1 MB an export can be (100,000 votes are about 8 MB); this is not a form "
        "service's export."
    )


# ------------------------------------------------ a vote on two forms ---

# The first form's export, downloaded after the event: a phone still showing an old page sent T4's vote here
# at 9:40, after that browser had voted on the second form at 9:30.
FIRST_FORM = (
    '"Timestamp","poster","token"\n'
    f'"2024/01/30 9:00:00 AM GMT+7","las-smaw","{T1}"\n'
    f'"2024/01/30 9:05:00 AM GMT+7","kopi-gayo","{T2}"\n'
    f'"2024/01/30 9:40:00 AM GMT+7","las-smaw","{T4}"\n'
)
SECOND_FORM = (
    '"Timestamp","poster","token"\n'
    f'"2024/01/30 10:00:00 AM GMT+7","kopi-gayo","{T1}"\n'
    f'"2024/01/30 10:01:00 AM GMT+7","kasir-umkm","{T3}"\n'
    f'"2024/01/30 9:30:00 AM GMT+7","kopi-gayo","{T4}"\n'
)


def test_the_exports_of_two_forms_are_counted_as_one_vote_each_decision_naming_its_export(project, tmp_path):
    make(project)
    # Both downloads are named after the form, and the second form is a copy of the first: the same name.
    first, second = tmp_path / "first" / "Pilih Poster.csv.zip", tmp_path / "second" / "Pilih Poster.csv.zip"
    for path, text in ((first, FIRST_FORM), (second, SECOND_FORM)):
        path.parent.mkdir()
        path.write_bytes(google_zip(("Pilih Poster.csv", text)))
    done = project.cli("--lang", "en", "tally", str(first), str(second))
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    # One vote per browser across both forms, the earliest: T1's on the first form, T4's on the second.
    assert out[:10] == [
        "export 1: Pilih Poster.csv.zip",
        "export 2: Pilih Poster.csv.zip",
        "export 1, line 4: duplicate: this browser already voted in export 2, line 4",
        "export 2, line 2: duplicate: this browser already voted in export 1, line 2",
        "",
        "Ranking: All posters",
        "   1.       2  Kedai Kopi Gayo (kopi-gayo)",
        "   2=       1  Las SMAW dari Nol (las-smaw) (tie)",
        "   2=       1  Web Kasir UMKM Desa (kasir-umkm) (tie)",
        "   4.       0  Perawatan AC Hemat Energi (ac-hemat)",
    ]
    zipped = "the export is a zip file; the votes were read from Pilih Poster.csv, the CSV file inside it."
    assert out[-10:-4] == [
        "",
        f"Export 1 (Pilih Poster.csv.zip): {zipped}",
        f"Export 2 (Pilih Poster.csv.zip): {zipped}",
        "No vote came without a token.",
        "Rows read: 6 = accepted 4 + rejected 2 (duplicates 2) + ignored 0.",
        f"wrote {project.root / 'results' / 'results.md'}",
    ]
    results = project.root / "results"
    page = (results / "results.md").read_text("utf-8")
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
    assert page.endswith(
        "Counted from 2 exports, one for each form the vote ran on; anyone holding those files can count again "
        "with python scripts/gallery.py tally, giving them in this order:\n\n"
        f"- export 1: Pilih Poster.csv inside Pilih Poster.csv.zip (SHA-256 of Pilih Poster.csv.zip, the zip file "
        f"as downloaded: {digests[0]})\n"
        f"- export 2: Pilih Poster.csv inside Pilih Poster.csv.zip (SHA-256 of Pilih Poster.csv.zip, the zip file "
        f"as downloaded: {digests[1]})\n"
    )
    assert list(csv.reader(io.StringIO((results / "rejected.csv").read_text("utf-8")))) == [
        ["Export", "Line", "Outcome", "Kind", "Reason"],
        ["1", "", "note", "zip", zipped],
        ["2", "", "note", "zip", zipped],
        ["1", "4", "rejected", "duplicate", "duplicate: this browser already voted in export 2, line 4"],
        ["2", "2", "rejected", "duplicate", "duplicate: this browser already voted in export 1, line 2"],
    ]
    # The awards follow the ranking of both forms together.
    assert list(csv.reader(io.StringIO((results / "results.csv").read_text("utf-8"))))[1:] == [
        ["All posters", "1", "", "kopi-gayo", "Kedai Kopi Gayo", "2"],
        ["All posters", "2", "yes", "las-smaw", "Las SMAW dari Nol", "1"],
        ["All posters", "2", "yes", "kasir-umkm", "Web Kasir UMKM Desa", "1"],
        ["All posters", "4", "", "ac-hemat", "Perawatan AC Hemat Energi", "0"],
    ]


def test_the_export_of_a_form_on_another_service_is_read_with_that_service_s_columns_and_time_zone(project, tmp_path):
    """The vote moved from Google Forms to Formspree (the settings now say Formspree): the first form's export is
    counted with the second's, each read with its own service's columns and zone, and the count says so."""
    gallery = (
        GOOGLE.replace("google_forms", "formspree")
        .replace(
            "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://formspree.io/f/xyzzy"
        )
        .replace("{poster: entry.111, token: entry.222, code: entry.333}", "{poster: poster, token: token}")
    )
    google = (  # a Google Sheet writes the form owner's time, without a zone: WIB here
        '"Timestamp","poster","token"\n'
        f'"2024/01/30 7:30:00","ac-hemat","{T3}"\n'  # 07:30 WIB: before voting opened (14:30 WIB, were it UTC)
        f'"2024/01/30 9:00:00","las-smaw","{T1}"\n'
    )
    formspree = (  # Formspree writes UTC
        "id,_date,poster,token\n"
        f"1,2024-01-30 02:30:00,kopi-gayo,{T1}\n"  # 09:30 WIB: this browser voted on the first form at 09:00
        f"2,2024-01-30 07:30:00,kasir-umkm,{T2}\n"  # 14:30 WIB (07:30, before opening, were it WIB)
    )
    vote, posters = make(project, gallery)
    exports = [("Pilih Poster.csv", google.encode()), ("formspree.csv", formspree.encode())]
    result = tally.count_exports(exports, vote, posters, EN)
    assert [(r.export, r.line, r.reason) for r in result.rejected] == [
        (0, 2, "sent 30 January 2024, 07:30:00 WIB, before voting opened (30 January 2024, 08:00:00 WIB)"),
        (1, 2, "duplicate: this browser already voted in export 1, line 3"),
    ]
    other = (
        "its columns are not those of Formspree, the vote's form service now, but those of a Google Forms export: "
        "it was read as one, its times written without a time zone taken as WIB."
    )
    assert [(n.export, n.kind, n.text) for n in result.notes] == [(0, "service", other)]
    # Ties are listed by title.
    assert votes(result) == [
        (1, True, "las-smaw", 1),
        (1, True, "kasir-umkm", 1),
        (3, True, "kopi-gayo", 0),
        (3, True, "ac-hemat", 0),
    ]

    # On the command line the note names its export; the vote's own export gets none.
    for name, text in exports:
        (tmp_path / name).write_bytes(text)
    done = project.cli("--lang", "en", "tally", *(str(tmp_path / name) for name, _ in exports))
    assert done.returncode == 0, done.stderr
    assert f"Export 1 (Pilih Poster.csv): {other}" in done.stdout.splitlines()
    assert "Export 2 (formspree.csv):" not in done.stdout
    # --timezone is the zone of the vote's own exports (here Formspree's, written in WITA); the other service's
    # export keeps its own: the Google Sheet's 07:30 is still 07:30 WIB, not 07:30 WITA (06:30 WIB).
    own = f"id,_date,poster,token\n1,2024-01-30 16:30:00,kopi-gayo,{T3}\n"  # 16:30 WITA: 15:30 WIB
    (tmp_path / "formspree-wita.csv").write_text(own)
    done = project.cli(
        "--lang",
        "en",
        "tally",
        "--timezone",
        "WITA",
        str(tmp_path / "Pilih Poster.csv"),
        str(tmp_path / "formspree-wita.csv"),
    )
    assert done.returncode == 0, done.stderr
    assert "Rows read: 3 = accepted 2 + rejected 1 (outside the voting window 1) + ignored 0." in done.stdout
    assert "export 1, line 2: sent 30 January 2024, 07:30:00 WIB, before voting opened" in done.stdout
    assert f"Export 1 (Pilih Poster.csv): {other}" in done.stdout.splitlines()
    # An export of no service's columns is still refused with the vote's own columns named.
    broken = google.replace('"poster"', '"Poster pilihan"')
    with pytest.raises(tally.ExportError) as refused:
        tally.count_exports([("Pilih Poster.csv", broken.encode())], vote, posters, EN)
    assert refused.value.message.splitlines() == [
        "the export has no column for 'time' (looked for: _date, Date, Submitted at, created_at); its columns are: "
        "Timestamp, Poster pilihan, token. If the column 'Timestamp' holds it, write in mkdocs.yml under vote, "
        "columns: 'time: Timestamp'.",
        "the export has no column for 'poster' (looked for: poster); its columns are: Timestamp, Poster pilihan, "
        "token. If the column 'Poster pilihan' holds it, write in mkdocs.yml under vote, columns: "
        "'poster: Poster pilihan'.",
    ]


def test_two_exports_report_every_problem_under_their_export_and_the_same_file_twice_is_refused(project, tmp_path):
    make(project)
    first, second = tmp_path / "form-1.csv", tmp_path / "form-2.csv"
    first.write_text(FIRST_FORM.replace('"token"', '"browser"'), "utf-8")  # its token column renamed by hand
    second.write_text(SECOND_FORM + f'"30/01/24 10:02","las-smaw","{T2}"\n', "utf-8")  # saved by a spreadsheet
    results = project.root / "results"
    done = project.cli("--lang", "en", "tally", str(first), str(second))
    assert done.returncode == 1 and done.stdout == "" and not results.exists()
    err = done.stderr.splitlines()
    assert err[0] == "In export 1 (form-1.csv):"
    assert err[1].startswith("the export has no column for 'token' (looked for: token); its columns are: Timestamp,")
    assert err[2:4] == ["In export 2 (form-2.csv):", "line 5: the time '30/01/24 10:02' cannot be read."]
    assert err[4].startswith("Nothing was counted: 1 time cannot be read.") and len(err) == 5

    first.write_text(FIRST_FORM, "utf-8")
    done = project.cli("--lang", "en", "tally", str(first), str(first))
    assert done.returncode == 1 and not results.exists()
    assert done.stderr == "export 1 and export 2 are the same file: give each form's export once.\n"
    # Google's zip and the CSV taken out of it are the same responses: counted twice, a vote without a token
    # (tokenless: count) would be two.
    packed = tmp_path / "Pilih Poster.csv.zip"
    packed.write_bytes(google_zip(("Pilih Poster.csv", FIRST_FORM)))
    done = project.cli("--lang", "en", "tally", str(packed), str(first))
    assert done.returncode == 1 and not results.exists()
    assert done.stderr == "export 1 and export 2 are the same file: give each form's export once.\n"


def test_one_form_downloaded_twice_is_refused_though_the_files_differ(project, tmp_path):
    """A download during the event and the last one after it: different files, mostly the same votes. Counted
    together, a vote without a token in both counted twice (tokenless: count); with tokens, the repeats were
    rejected one by one as a voter voting again. Two different forms share no votes."""
    make(project, extra="  tokenless: count\n")
    during, after = tmp_path / "unduhan-siang.csv", tmp_path / "unduhan-akhir.csv"
    during.write_text(FIRST_FORM + '"2024/01/30 9:50:00 AM GMT+7","kopi-gayo",""\n', "utf-8")
    after.write_text(
        FIRST_FORM
        + '"2024/01/30 9:50:00 AM GMT+7","kopi-gayo",""\n'
        + f'"2024/01/30 11:00:00 AM GMT+7","kasir-umkm","{T3}"\n',
        "utf-8",
    )
    results = project.root / "results"
    done = project.cli("--lang", "en", "tally", str(during), str(after))
    assert done.returncode == 1 and done.stdout == "" and not results.exists()
    assert done.stderr == (
        "export 1 and export 2 hold the same votes (the same time, poster and voter): one form downloaded twice. "
        "Give each form's export once, its last download, which holds every vote.\n"
    )
    done = project.cli("--lang", "id", "tally", str(after), str(during))  # in either order, and in Indonesian
    assert done.returncode == 1 and done.stderr == (
        "ekspor 1 dan ekspor 2 berisi suara yang sama (waktu, poster, dan pemilih yang sama): satu formulir yang "
        "diunduh dua kali. Berikan ekspor setiap formulir satu kali saja, unduhan terakhirnya, yang memuat semua "
        "suara.\n"
    )
    first, second = tmp_path / "form-1.csv", tmp_path / "form-2.csv"  # two forms: no vote in common
    first.write_text(FIRST_FORM, "utf-8")
    second.write_text(SECOND_FORM, "utf-8")
    assert project.cli("--lang", "en", "tally", str(first), str(second)).returncode == 0


def test_exports_pasted_one_after_another_into_one_file_are_refused_in_words(project, tmp_path):
    """Two downloads pasted into one sheet: the titles come again as a row. Said as such, where the time 'Timestamp'
    that cannot be read sent the committee looking for a spreadsheet that rewrote the times."""
    make(project)
    pasted = tmp_path / "semua-suara.csv"
    pasted.write_text(FIRST_FORM + FIRST_FORM + SECOND_FORM.replace('"Timestamp"', "Timestamp "), "utf-8")
    done = project.cli("--lang", "en", "tally", str(pasted))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        f"{pasted}: lines 5, 9 repeat the column titles of line 1: the file holds exports pasted one after another. Give each "
        "export as its own file, as downloaded (the count takes several: see README.md, Two forms, one count).\n"
    )


def test_two_downloads_joined_into_one_file_are_refused_in_words(project, tmp_path):
    """`copy /b a.csv+b.csv` or `cat`: the second download's byte order mark stands before its titles, which were
    then read as a vote whose time 'Timestamp' cannot be read, blamed on a spreadsheet that rewrote the times."""
    make(project)
    joined = tmp_path / "gabungan.csv"
    joined.write_bytes(("\ufeff" + FIRST_FORM).encode() + ("\ufeff" + SECOND_FORM).encode())
    done = project.cli("--lang", "en", "tally", str(joined))
    assert done.returncode == 1 and done.stdout == ""
    line = FIRST_FORM.count("\n") + 1
    assert done.stderr == (
        f"{joined}: line {line} repeats the column titles of line 1: the file holds exports pasted one after "
        "another. Give each export as its own file, as downloaded (the count takes several: see README.md, Two forms, "
        "one count).\n"
    )


def test_the_names_of_several_exports_are_shown_as_text_in_the_terminal_and_on_the_results_page(project, tmp_path):
    vote, posters = make(project)
    names = ["<img src=x onerror=window.__pwned=1>.csv", "form\u202e\x1b[31m2.csv"]
    result = tally.count_exports(
        list(zip(names, (FIRST_FORM.encode(), SECOND_FORM.encode()))), vote, posters, EN, day_first=None
    )
    printed = "\n".join(tally.report_lines(result, EN))
    assert "export 1: <img src=x onerror=window.__pwned=1>.csv\nexport 2: form\\u202e\\x1b[31m2.csv\n" in printed
    assert "\x1b" not in printed and "\u202e" not in printed
    tally.write_results(result, vote, tmp_path, EN)
    page = (tmp_path / "results.md").read_text("utf-8")
    assert "<img" not in page and "\x1b" not in page and "\u202e" not in page
    assert "- export 1: &lt;img src=x onerror=window.\\_\\_pwned=1&gt;.csv (SHA-256 " in page

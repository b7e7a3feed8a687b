"""Counting the votes from real-looking exports of Google Forms/Sheets, Tally and Formspree."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from postergallery import codes, tally
from postergallery.i18n import Translator
from postergallery.load import load_posters

T1, T2, T3, T4 = ("1" * 32, "2" * 32, "3" * 32, "4" * 32)
POSTERS = {
    "las-smaw": ("Las SMAW dari Nol", "alumni"),
    "kopi-gayo": ("Kedai Kopi Gayo", "trainee"),
    "kasir-umkm": ("Web Kasir UMKM Desa", "instructor"),
    "ac-hemat": ("Perawatan AC Hemat Energi", "trainee"),
}
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
    for slug, (title, role) in POSTERS.items():
        project.add_poster(slug, f"title: {title}\nauthors: [Ani]\nrole: {role}\ncenter: BPVP Aceh\nalt: A poster.\n")
    project.write_config(gallery + extra)
    settings = project.check().settings
    posters, _ = load_posters(settings.root, settings.posters, EN)
    return settings.sections["vote"], posters


def count(project, text, gallery=GOOGLE, extra="", **options):
    vote, posters = make(project, gallery, extra)
    data = text.encode("utf-8") if isinstance(text, str) else text
    return tally.count_votes(data, vote, posters, EN, **options)


def reasons(result):
    return [(r.line, r.reason) for r in result.rejected]


def votes(result, scope="all"):
    return [(p.rank, p.tied, p.poster.slug, p.votes) for p in result.rankings[scope]]


# ----------------------------------------------------- export formats ---

def test_google_forms_download_with_am_pm_and_gmt_offset(project):
    text = ('"Timestamp","poster","token"\n'
            f'"2024/01/30 8:15:32 AM GMT+7","las-smaw","{T1}"\n'
            f'"2024/01/30 1:05:00 PM GMT+7","kopi-gayo","{T2}"\n'
            f'"2024/01/30 4:00:00 PM GMT+7","kopi-gayo","{T3}"\n'
            f'"2024/01/30 7:59:59 AM GMT+7","kopi-gayo","{T4}"\n')
    result = count(project, text)
    assert reasons(result) == [
        (4, "sent 2024-01-30 16:00:00 WIB, after voting closed (2024-01-30 16:00:00 WIB)"),
        (5, "sent 2024-01-30 07:59:59 WIB, before voting opened (2024-01-30 08:00:00 WIB)"),
    ]
    assert votes(result)[:2] == [(1, True, "kopi-gayo", 1), (1, True, "las-smaw", 1)]
    assert result.rows == 4 and len(result.accepted) == 2


def test_indonesian_google_sheet_with_bom_semicolons_and_local_times(project):
    text = ("\ufeffStempel waktu;poster;token;Komentar\r\n"
            f"30/01/2024 8:15:32;las-smaw;{T1};\"Bagus; rapi\"\r\n"
            f"30/01/2024 15:59:59;kasir-umkm;{T2};\r\n"
            f"30/01/2024 16:00:01;kasir-umkm;{T3};\r\n")
    result = count(project, text.encode("utf-8"))
    assert reasons(result) == [(4, "sent 2024-01-30 16:00:01 WIB, after voting closed (2024-01-30 16:00:00 WIB)")]
    assert [b.line for b in result.accepted] == [2, 3]


def test_tally_export_times_are_utc(project):
    gallery = GOOGLE.replace("google_forms", "tally").replace(
        "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://tally.so/r/wAbc12").replace(
        "{poster: entry.111, token: entry.222, code: entry.333}", "{poster: poster, token: token}")
    text = ('"Submission ID","Respondent ID","Submitted at","poster","token"\n'
            f'"X51KPE4","rjpPDQp","2024-01-30 01:00:00","ac-hemat","{T1}"\n'     # 08:00 WIB: open
            f'"X51KPE5","rjpPDQq","2024-01-30 08:59:00","ac-hemat","{T2}"\n'     # 15:59 WIB
            f'"X51KPE6","rjpPDQr","2024-01-30 09:00:00","ac-hemat","{T3}"\n')    # 16:00 WIB: closed
    result = count(project, text, gallery)
    assert reasons(result) == [(4, "sent 2024-01-30 16:00:00 WIB, after voting closed (2024-01-30 16:00:00 WIB)")]
    assert votes(result)[0] == (1, False, "ac-hemat", 2)
    # Told that this export uses WIB instead, the same rows fall differently.
    vote, posters = make(project, gallery)
    local = tally.count_votes(text.encode(), vote, posters, EN, zone=tally.parse_zone("WIB"))
    assert [r.line for r in local.rejected] == [2]


def test_formspree_export_with_iso_times_and_header_names_from_configuration(project):
    gallery = GOOGLE.replace("google_forms", "formspree").replace(
        "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse", "https://formspree.io/f/xyzzy").replace(
        "{poster: entry.111, token: entry.222, code: entry.333}", "{poster: pilihan, token: token}")
    text = ("id,_date,pilihan,token\n"
            f"1,2024-01-30T01:15:32.120Z,las-smaw,{T1}\n"
            f"2,2024-01-30T08:15:32+07:00,las-smaw,{T2}\n")
    result = count(project, text, gallery)
    assert result.rejected == [] and votes(result)[0] == (1, False, "las-smaw", 2)
    renamed = count(project, text.replace("pilihan", "Poster pilihan"), gallery,
                    "  columns: {poster: Poster pilihan, time: _date}\n")
    assert len(renamed.accepted) == 2


def test_month_first_dates_are_recognised_and_mixed_orders_refused(project):
    text = ("Timestamp,poster,token\n"
            f"1/30/2024 9:00:00,las-smaw,{T1}\n")
    result = count(project, text)
    assert result.rejected == [] and result.accepted[0].time.day == 30
    # 1/2/2024 could be either; only 30 January puts it in the window... here no date settles it but
    # reading it day-first gives 1 February (outside), month-first gives 2 January (outside): both lose,
    # so day-first, the Indonesian order, is used and the row is rejected as out of the window.
    ambiguous = count(project, f"Timestamp,poster,token\n1/2/2024 9:00:00,las-smaw,{T1}\n")
    assert reasons(ambiguous) == [(2, "sent 2024-02-01 09:00:00 WIB, after voting closed (2024-01-30 16:00:00 WIB)")]
    with pytest.raises(tally.ExportError) as error:
        count(project, f"Timestamp,poster,token\n30/01/2024 9:00:00,las-smaw,{T1}\n1/30/2024 9:00:00,las-smaw,{T2}\n")
    assert error.value.message == ("the export mixes day/month/year and month/day/year dates; say which it is with "
                                   "--date-order dmy or --date-order mdy.")


# ------------------------------------------------------------- the rules ---

def test_every_bad_row_is_rejected_with_its_line_and_reason(project):
    text = ("Timestamp,poster,token\n"
            f"2024-01-30 09:00:00,las-smaw,{T1}\n"
            ",,\n"
            "\n"
            f"2024-01-30 09:01:00,kopi-gayo,{T2},extra\n"
            f"2024-01-30 09:02:00,no-such-poster,{T3}\n"
            f"2024-01-30 09:03:00,,{T3}\n"
            f"yesterday,kopi-gayo,{T3}\n"
            f",kopi-gayo,{T3}\n"
            "2024-01-30 09:04:00,kopi-gayo,not-a-token\n"
            '"2024-01-30 09:05:00","Kopi-Gayo ",' + f'"{T4}"\n'
            '"2024-01-30 09:06:00","las-smaw\nwith a line break",' + f'"{T1}"\n'
            f"2024-01-30 09:07:00,las-smaw,{T2}\n")
    result = count(project, text)
    assert reasons(result) == [
        (3, "empty row"),
        (4, "empty row"),
        (5, "4 values where the header has 3; a value containing the separator may be missing its quotes"),
        (6, "unknown poster 'no-such-poster' (no poster on the site has this id)"),
        (7, "no poster chosen"),
        (8, "the time 'yesterday' cannot be read"),
        (9, "no time"),
        (10, "token 'not-a-token' was not made by the vote page"),
        (12, "unknown poster 'las-smaw\nwith a line break' (no poster on the site has this id)"),
    ]
    assert [b.line for b in result.accepted] == [2, 11, 14]
    assert result.rows == 12 == len(result.accepted) + len(result.rejected)


def test_one_vote_per_token_the_earliest_counts_even_when_the_file_is_not_in_time_order(project):
    text = ("Timestamp,poster,token\n"
            f"2024-01-30 10:00:00,las-smaw,{T1}\n"
            f"2024-01-30 09:00:00,kopi-gayo,{T1}\n"
            f"2024-01-30 11:00:00,kopi-gayo,{T1}\n"
            f"2024-01-30 11:00:00,kopi-gayo,{T2}\n")
    result = count(project, text)
    assert reasons(result) == [(2, "duplicate: this browser already voted on line 3"),
                               (4, "duplicate: this browser already voted on line 3")]
    assert votes(result)[0] == (1, False, "kopi-gayo", 2)


def test_with_per_role_one_vote_per_token_and_role(project):
    text = ("Timestamp,poster,token\n"
            f"2024-01-30 09:00:00,kopi-gayo,{T1}\n"
            f"2024-01-30 09:01:00,las-smaw,{T1}\n"
            f"2024-01-30 09:02:00,ac-hemat,{T1}\n"
            f"2024-01-30 09:03:00,ac-hemat,{T2}\n")
    result = count(project, text, extra="  per_role: true\n")
    assert reasons(result) == [(4, "duplicate: this browser already voted for Trainees on line 2")]
    assert list(result.rankings) == ["instructor", "trainee", "alumni"]
    assert votes(result, "trainee") == [(1, True, "kopi-gayo", 1), (1, True, "ac-hemat", 1)]  # ties by title
    assert votes(result, "alumni") == [(1, False, "las-smaw", 1)]
    assert votes(result, "instructor") == [(1, False, "kasir-umkm", 0)]


def test_votes_without_a_token_count_once_each_and_are_reported(project):
    text = ("Timestamp,poster,token\n"
            "2024-01-30 09:00:00,kopi-gayo,\n"
            "2024-01-30 09:01:00,kopi-gayo,\n")
    result = count(project, text)
    assert result.without_token == 2 and len(result.accepted) == 2
    assert tally.report_lines(result, EN)[-2] == ("2 accepted votes carried no token (sent without JavaScript or "
                                                 "typed into the form directly); each counted once.")


def test_ballot_codes_one_vote_per_code_and_only_codes_on_the_list(project):
    made = codes.make_codes(3)
    other = codes.make_codes(1)[0]
    a, b, c = made
    text = ("Timestamp,poster,token,code\n"
            f"2024-01-30 09:00:00,kopi-gayo,{T1},{codes.display(a).lower()}\n"
            f"2024-01-30 09:01:00,las-smaw,{T1},{b}\n"                         # same phone, another person
            f"2024-01-30 09:02:00,las-smaw,{T2},{a}\n"                         # code used again elsewhere
            f"2024-01-30 09:03:00,las-smaw,{T3},{a[:-1] + ('2' if a[-1] != '2' else '3')}\n"
            f"2024-01-30 09:04:00,las-smaw,{T3},{other}\n"
            f"2024-01-30 09:05:00,las-smaw,{T3},\n")
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
    assert error.value.message == ("the vote uses ballot codes, so the count needs the list of codes: add --codes "
                                   "ballot-codes/codes.csv (the file written by the codes command).")


def test_missing_columns_and_wrong_encoding_are_explained(project):
    with pytest.raises(tally.ExportError) as error:
        count(project, f"Timestamp,Poster pilihan,token\n2024-01-30 09:00:00,las-smaw,{T1}\n")
    assert error.value.message == ("the export has no column for 'poster' (looked for: poster); its columns are: "
                                   "Timestamp, Poster pilihan, token. Write the right header in mkdocs.yml under "
                                   "vote, columns, e.g. 'poster: Timestamp'.")
    with pytest.raises(tally.ExportError) as error:
        count(project, "Timestamp,poster,token\n2024-01-30 09:00:00,caf\xe9,x\n".encode("cp1252"))
    assert error.value.message == ("the export is not saved as UTF-8 text (line 2 cannot be read). Download it again "
                                   "from the form service, or in Excel save it as 'CSV UTF-8'.")


def test_ties_are_explicit_in_competition_ranking(project):
    rows = [("las-smaw", 3), ("kopi-gayo", 3), ("ac-hemat", 1), ("kasir-umkm", 0)]
    lines = ["Timestamp,poster,token"]
    n = 0
    for slug, many in rows:
        for _ in range(many):
            n += 1
            lines.append(f"2024-01-30 09:{n:02d}:00,{slug},{n:032x}")
    result = count(project, "\n".join(lines) + "\n")
    assert votes(result) == [(1, True, "kopi-gayo", 3), (1, True, "las-smaw", 3), (3, False, "ac-hemat", 1),
                             (4, False, "kasir-umkm", 0)]
    report = tally.report_lines(result, EN)
    assert report[1:6] == ["Ranking: All posters",
                           "   1=       3  Kedai Kopi Gayo (kopi-gayo) (tie)",
                           "   1=       3  Las SMAW dari Nol (las-smaw) (tie)",
                           "   3.       1  Perawatan AC Hemat Energi (ac-hemat)",
                           "   4.       0  Web Kasir UMKM Desa (kasir-umkm)"]
    assert report[-1] == "Rows read: 7; accepted: 7; rejected: 0."


# ------------------------------------------------------------- the files ---

def test_results_files_neutralise_formulas_escape_markdown_and_draw_the_chart(project, tmp_path):
    project.add_poster("las-smaw", 'title: "=HYPERLINK(\\"http://x\\")"\nauthors: [Ani]\nrole: alumni\n'
                                   "center: BPVP Aceh\nalt: A poster.\n")
    project.add_poster("kopi-gayo", "title: \"@Kopi *Gayo* | [link](x) {{ y }}\"\nauthors: [Ani]\nrole: trainee\n"
                                    "center: BPVP Aceh\nalt: A poster.\n")
    project.write_config(GOOGLE)
    settings = project.check().settings
    posters, _ = load_posters(settings.root, settings.posters, EN)
    text = (f"Timestamp,poster,token\n2024-01-30 09:00:00,las-smaw,{T1}\n2024-01-30 09:00:00,kopi-gayo,{T2}\n"
            f"2024-01-30 09:01:00,kopi-gayo,{T2}\n2024-01-30 09:02:00,-cmd,{T3}\n")
    result = tally.count_votes(text.encode(), settings.sections["vote"], posters, EN, export_name="responses.csv")
    paths = tally.write_results(result, settings.sections["vote"], tmp_path / "results", EN)
    assert [p.name for p in paths] == ["results.md", "results.csv", "results.svg", "rejected.csv"]
    rows = list(csv.reader(io.StringIO((tmp_path / "results" / "results.csv").read_text("utf-8"))))
    assert rows == [["Group", "Rank", "Tie", "Poster", "Title", "Votes"],
                    ["All posters", "1", "yes", "las-smaw", "'=HYPERLINK(\"http://x\")", "1"],
                    ["All posters", "1", "yes", "kopi-gayo", "'@Kopi *Gayo* | [link](x) {{ y }}", "1"]]
    rejected = list(csv.reader(io.StringIO((tmp_path / "results" / "rejected.csv").read_text("utf-8"))))
    assert rejected == [["Line", "Reason"], ["4", "duplicate: this browser already voted on line 3"],
                        ["5", "unknown poster '-cmd' (no poster on the site has this id)"]]
    page = (tmp_path / "results" / "results.md").read_text("utf-8")
    assert ("| 1 (tie) | [@Kopi \\*Gayo\\* \\| \\[link\\](x) &#123;&#123; y &#125;&#125;](../poster/kopi-gayo/index.md)"
            " | 1 |") in page
    assert "Rows read: 4; accepted: 2; rejected: 2 (duplicates 1, unknown posters 1)." in page
    assert f"Counted from the export responses.csv (SHA-256 {result.digest})." in page
    svg = ET.fromstring((tmp_path / "results" / "results.svg").read_text("utf-8"))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[2:4] == ["1 (tie). @Kopi *Gayo* | [link](x) {{ y }}", "1"]
    bars = [float(r.get("width")) for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    assert bars == [330.0, 330.0]


def test_the_tally_command_prints_rejections_ranking_and_totals_and_writes_results(project, tmp_path):
    make(project)
    export = tmp_path / "Pilih Poster (Jawaban) - Form Responses 1.csv"
    export.write_text("Timestamp,poster,token\n"
                      f"2024/01/30 9:00:00 AM GMT+7,las-smaw,{T1}\n"
                      f"2024/01/30 9:01:00 AM GMT+7,las-smaw,{T1}\n"
                      f"2024/01/30 9:02:00 AM GMT+7,kopi-gayo,{T2}\n", "utf-8")
    done = project.cli("tally", str(export))
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0] == "line 3: duplicate: this browser already voted on line 2"
    assert out[1:4] == ["", "Ranking: All posters", "   1=       1  Kedai Kopi Gayo (kopi-gayo) (tie)"]
    assert "Rows read: 3; accepted: 2; rejected: 1 (duplicates 1)." in out
    assert out[-4:] == [f"wrote {project.root / 'results' / name}"
                        for name in ("results.md", "results.csv", "results.svg", "rejected.csv")]
    first = (project.root / "results" / "results.md").read_bytes()
    assert project.cli("tally", str(export)).returncode == 0
    assert (project.root / "results" / "results.md").read_bytes() == first  # same export, same results

    bad = project.cli("tally", str(export), "--timezone", "Jakarta")
    assert bad.returncode == 2
    missing = project.cli("tally", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "nope.csv cannot be read: No such file or directory." in missing.stderr


def test_published_results_page_with_results_true(project):
    make(project)
    project.write_config(GOOGLE + "results: true\n")
    result = project.build()
    assert [p.format_text() for p in result.problems] == [
        "results/results.md: extra.gallery.results is true, but there are no results yet: count the votes first "
        "with python scripts/gallery.py tally EXPORT.csv, or set results: false in mkdocs.yml."]
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
    assert (project.root / "docs" / "results" / "results.svg").read_bytes() == \
        (project.root / "results" / "results.svg").read_bytes()
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

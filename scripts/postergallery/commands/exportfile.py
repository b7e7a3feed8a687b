"""Read a form service's export: the bytes the committee downloaded, into a header and numbered rows.

What services really hand over, and what this module does with it:

* Google Forms' "Download responses (.csv)" gives a zip holding one CSV named after
  the form. A zip is recognised by its first bytes (not its name) and the one CSV
  inside is read in memory, within size limits; nothing is extracted to disk.
* UTF-8 with or without BOM; commas, semicolons (spreadsheets set to Indonesian)
  or tabs, or the separator Excel names on a first line ``sep=;``; lines ended by
  LF, CRLF or a lone CR; values as long as the file. A JSON export (Formspree
  offers one) is refused, asking for the CSV one.
* Columns are found by their header (``vote.columns``, compared in NFKC, spaces
  collapsed, case folded), never by position. Missing ones are all named at once,
  with the title closest to each as a suggestion. Two
  columns with the same title for a column the count needs (a question deleted and
  added again in Google Forms) are a problem: the count cannot know which holds the
  votes.
* A quote opened and never closed makes Python's CSV reader take every line after
  it into one value, up to the next quote or the end of the file. Such runs are
  found (by the lines inside them that read as rows of their own, and by a quote
  still open at the end of the file) and reported with their lines, never counted.

``read_export`` raises ``ExportError`` when nothing can be read at all, and lists the
problems that make the file unfit to count in ``Export.problems``, so that the count
can report them together with its own.
"""

from __future__ import annotations

import csv
import difflib
import io
import lzma
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from postergallery.csvdialect import sniff_delimiter
from postergallery.i18n import N_
from postergallery.model import visible

# Google's zip of 100,000 votes holds about 8 MB of CSV; far more is not an export but a mistake or a zip bomb.
MAX_CSV_BYTES = 50 * 1024 * 1024
# Python's CSV reader refuses a value over 128 KiB, so a row with a long comment lost its vote. A value can be
# as long as the export itself, which MAX_CSV_BYTES bounds: no row is refused for its length.
MAX_VALUE_CHARS = MAX_CSV_BYTES
# Real exports hold random tokens and compress about 3 times; a zip bomb compresses thousands of times.
MAX_ZIP_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # below this size the ratio does not matter: the CSV is small anyway
MAX_ZIP_ENTRIES = 1000
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first bytes (the second: an empty zip)
# How to get the votes as CSV from each form service, for an export given in another form.
CSV_ADVICE = {
    "google_forms": N_(
        "Download the responses as CSV (in Google Forms: Responses, the three dots, Download responses (.csv)), "
        "or in the spreadsheet program save it as 'CSV UTF-8'."
    ),
    "tally": N_(
        "Download the submissions as CSV (in Tally: Submissions, Download, CSV), or in the spreadsheet program "
        "save it as 'CSV UTF-8'."
    ),
    "formspree": N_(
        "Download the submissions with Formspree's CSV export, or in the spreadsheet program save it as 'CSV UTF-8'."
    ),
    "form": N_("In the spreadsheet program, save it as 'CSV UTF-8'."),
}
SHOWN_NAMES = 10  # names of zip entries or header cells listed in a message, at most
SHOWN_LENGTH = 60  # characters of each


class ExportError(Exception):
    """The export cannot be counted at all; ``message`` says how to fix it (one problem per line)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Export:
    """An export read: its header, the columns found, and every row with the line it starts on."""

    header: list[str]
    columns: dict[str, int]  # role (time, poster, token, code) -> index in the header
    rows: list[tuple[int, list[str] | None]]  # (line, cells); None: the row cannot be read as CSV
    member: str = ""  # the CSV's name inside the zip, when the export is one
    problems: list[str] = field(default_factory=list)  # what makes the file unfit to count, one message each


def cut(text: str) -> str:
    """A value for a message: at most SHOWN_LENGTH characters, the last an ellipsis when it is longer."""
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _shown(names: list[str]) -> str:
    """Names for a message: visible characters, each cut short, at most SHOWN_NAMES of them."""
    return ", ".join(visible(cut(n)) for n in names[:SHOWN_NAMES]) + (", …" if len(names) > SHOWN_NAMES else "")


# ------------------------------------------------------------------ zip ---


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def _zip_entry_count(data: bytes) -> int | None:
    """The number of entries the zip's end record announces, read before zipfile lists them all."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or end + 12 > len(data):
        return None
    return int.from_bytes(data[end + 10 : end + 12], "little")


def read_zip(data: bytes, tr, provider: str = "form") -> tuple[str, bytes]:
    """(name, bytes) of the one CSV inside a zip export; ``ExportError`` when there is not exactly one to read.

    ``provider`` (``vote.provider``) says where to find the CSV download when the zip is a workbook."""
    damaged = tr(
        "the export is a zip file that cannot be opened (it may be damaged or cut short); download it "
        "again from the form service."
    )
    entries = _zip_entry_count(data)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise ExportError(
            tr(
                "the export is a zip file holding {count} files; an export holds one CSV file. Give "
                "the tally command the CSV file itself.",
                count=entries,
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError):
        raise ExportError(damaged) from None
    names = [i.filename for i in infos]
    if any(n in ("[Content_Types].xml", "mimetype") for n in names):
        raise ExportError(
            tr(
                "the export is a spreadsheet workbook (.xlsx or .ods), not a CSV file. {advice}",
                advice=tr(CSV_ADVICE.get(provider, CSV_ADVICE["form"])),
            )
        )
    found = [i for i in infos if i.filename.lower().endswith(".csv") and not i.filename.startswith("__MACOSX/")]
    if not found:
        raise ExportError(
            tr(
                "the export is a zip file without a CSV file in it (it holds: {names}); download the "
                "responses again as CSV from the form service.",
                names=_shown(names) or "-",
            )
        )
    if len(found) > 1:
        raise ExportError(
            tr(
                "the export is a zip file holding {count} CSV files: {names}. Open the zip, take out "
                "the one to count and give that file to the tally command.",
                count=len(found),
                names=_shown([i.filename for i in found]),
            )
        )
    info = found[0]
    name = visible(info.filename)
    if info.flag_bits & 0x1:
        raise ExportError(
            tr(
                "{name} inside the zip file is protected by a password; take it out of the zip and "
                "give that file to the tally command.",
                name=name,
            )
        )
    if info.file_size > MAX_CSV_BYTES:
        raise ExportError(
            tr(
                "{name} inside the zip file would be {size} MB once unpacked, more than the {limit} MB "
                "an export can be; this is not a form service's export.",
                name=name,
                size=info.file_size // (1024 * 1024),
                limit=MAX_CSV_BYTES // (1024 * 1024),
            )
        )
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
        raise ExportError(
            tr(
                "{name} inside the zip file would unpack to {ratio} times its packed size, which no "
                "export does (it is made to fill the memory); this is not a form service's export.",
                name=name,
                ratio=info.file_size // max(info.compress_size, 1),
            )
        )
    try:
        with archive.open(info) as member:
            text = member.read(MAX_CSV_BYTES + 1)  # zipfile stops at the announced size; this is a second fence
    except (
        zipfile.BadZipFile,
        zlib.error,
        lzma.LZMAError,
        NotImplementedError,
        EOFError,
        ValueError,
        OSError,
        RuntimeError,
    ):
        raise ExportError(damaged) from None
    if len(text) > MAX_CSV_BYTES:
        raise ExportError(damaged)
    return info.filename, text


# ----------------------------------------------------------------- text ---


def decode_export(data: bytes, tr) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(
            tr(
                "the export is not saved as UTF-8 text (line {line} cannot be read). Download it "
                "again from the form service, or in Excel save it as 'CSV UTF-8'.",
                line=undecodable_line(data, exc),
            )
        ) from None


def undecodable_line(data: bytes, error: UnicodeDecodeError) -> int:
    """The line of ``data`` where decoding failed: lines end with LF or CRLF, or a lone CR (then the file has no LF)."""
    before = data[: error.start]
    return before.count(b"\n") + 1 if b"\n" in data else before.count(b"\r") + 1


def column_key(text: str) -> str:
    """A column title, or a form question's title, as compared: NFKC (an accent typed as its own character on a
    Mac, full-width letters), case folded, without spaces or byte order marks. ``vote setup`` and ``vote doctor``
    match the form's questions with it, so a question they accept is a column the count finds."""
    return "".join(unicodedata.normalize("NFKC", text.replace("\ufeff", "")).split()).casefold()


def find_columns(header: list[str], candidates: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Role -> index of the first column whose header is one of the role's candidates (the first one found)."""
    found = {}
    normalised = [column_key(h) for h in header]
    for role, names in candidates.items():
        for name in names:
            key = column_key(name)
            if key in normalised:
                found[role] = normalised.index(key)
                break
    return found


def column_name(index: int) -> str:
    """A spreadsheet's name of the column at ``index`` (0 -> A, 26 -> AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# -------------------------------------------------------------- reading ---


def read_export(
    data: bytes,
    candidates: dict[str, tuple[str, ...]],
    needed: list[str],
    is_time,
    tr,
    optional: tuple[str, ...] = (),
    provider: str = "form",
) -> Export:
    """Read an export's bytes: its header, the ``needed`` roles' columns (by ``candidates`` headers) and its rows.

    The ``optional`` roles' columns are found too when the header has them, and then checked as the needed
    ones. ``is_time(text)`` says whether a value is written like a time; it tells a row from a line of a comment.
    ``provider`` (``vote.provider``) words the advice for a file that is not a CSV export.
    """
    member = ""
    if is_zip(data):
        member, data = read_zip(data, tr, provider)
    elif len(data) > MAX_CSV_BYTES:
        raise ExportError(
            tr(
                "the export is larger than the {limit} MB an export can be (100,000 votes are about 8 MB); "
                "this is not a form service's export.",
                limit=MAX_CSV_BYTES // (1024 * 1024),
            )
        )
    csv.field_size_limit(max(csv.field_size_limit(), MAX_VALUE_CHARS))
    text = decode_export(data, tr)
    if not text.strip():
        raise ExportError(tr("the export is empty; download it again from the form service."))
    if text.lstrip()[:1] in ("{", "["):
        raise ExportError(
            tr(
                "the export is a JSON file, not a CSV file; download the votes from the form service again, "
                "as CSV, and count that file."
            )
        )
    if "\n" not in text:
        text = text.replace("\r", "\n")  # lines ended by a lone CR (old spreadsheets on a Mac)
    # Downloads joined into one file (`copy /b a.csv+b.csv`, `cat`): the second one's byte order mark stands before
    # its titles, and would keep them from being seen as titles (a quote after it is no quote to the CSV reader).
    text = text.replace("\n\ufeff", "\n")
    # Excel may write the separator on a line of its own above the header ("sep=;"); else the separator is
    # the one that makes the header name the most of the columns looked for.
    named = excel_separator(text)
    delimiter = named or sniff_delimiter(text, lambda header: len(find_columns(header, candidates)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if named:
            next(reader)
        header_line = reader.line_num + 1
        header = next(reader, None)
        header_end = reader.line_num
    except csv.Error:
        raise ExportError(
            tr(
                "the first line of the export cannot be read as CSV (a value is far too long, or its "
                "quotes do not match); download the export again from the form service."
            )
        ) from None
    if header is None:
        raise ExportError(tr("the export is empty; download it again from the form service."))
    columns = find_columns(header, candidates)
    missing = [role for role in needed if role not in columns]
    if missing:
        if reader.line_num > header_line:  # the header ran on over several lines: a quote in it is never closed
            raise ExportError(_quote_message(header_line, reader.line_num, tr))
        raise ExportError("\n".join(missing_column_messages(header, columns, missing, candidates, tr)))
    rows: list[tuple[int, list[str] | None]] = []
    runs: list[tuple[int, int]] = []  # (first, last line) of rows that run over several lines
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a value over the reader's size limit, a quote in the wrong place: this row only
            row = None
        end = reader.line_num
        if end > line:
            runs.append((line, end))
        rows.append((line, row))
        line = end + 1
    used = needed + [role for role in optional if role in columns]
    columns = {role: columns[role] for role in used}
    if header_end > header_line and _header_runs_over_rows(
        text, header_line, header_end, bool(rows), delimiter, columns, needed, is_time
    ):
        # A quote opened in a title the count does not need: the rows it swallowed would be lost without a word.
        raise ExportError(_quote_message(header_line, header_end, tr, at_end=not rows))
    # The column titles again further down: exports pasted one after another into one file in a spreadsheet.
    titles = [cell.strip() for cell in header]
    again = [line for line, row in rows if row is not None and [cell.strip() for cell in row] == titles]
    skipped = set(again)
    export = Export(header, columns, [(line, row) for line, row in rows if line not in skipped], member)
    if again:
        export.problems.append(
            tr.ngettext(
                "line {lines} repeats the column titles of line {header}: the file holds exports pasted one after "
                "another. Give each export as its own file, as downloaded (the count takes several: see README.md, "
                "Two forms, one count).",
                "lines {lines} repeat the column titles of line {header}: the file holds exports pasted one after "
                "another. Give each export as its own file, as downloaded (the count takes several: see README.md, "
                "Two forms, one count).",
                len(again),
                lines=", ".join(map(str, again)),
                header=header_line,
            )
        )
    export.problems += repeated_columns(header, columns, used, export.rows, tr)
    if rows:
        broken = unclosed_quotes(text, runs, rows[-1][0], reader.line_num, delimiter, columns, used, is_time)
        export.problems += [
            _quote_message(first, last, tr, at_end=last == reader.line_num and first == rows[-1][0])
            for first, last in broken
        ]
    return export


def missing_column_messages(header, columns, missing, candidates, tr) -> list[str]:
    """One message for each role in ``missing``, suggesting the unused column whose title is closest to the
    role's name or to one of its ``candidates`` titles, when one is close enough to be worth saying: first a
    title holding the name ('Poster favorit' for poster), else the most alike ('Timestamps' for Timestamp)."""
    used = set(columns.values())
    titles = {column_key(h): h for i, h in enumerate(header) if h.strip() and i not in used}
    found = _shown([h for h in header if h.strip()]) or "-"
    messages = []
    for role in missing:
        names = [column_key(name) for name in (role, *candidates[role])]
        close = [title for title in titles if any(name in title for name in names)] or [
            match for name in names for match in difflib.get_close_matches(name, list(titles), n=1)
        ]
        if close:
            advice = tr(
                "If the column '{title}' holds it, write in mkdocs.yml under vote, columns: '{role}: {title}'.",
                role=role,
                title=visible(titles[close[0]].strip()[:SHOWN_LENGTH]),
            )
        else:
            advice = tr(
                "Write the title of the column that holds it in mkdocs.yml under vote, columns, as "
                "'{role}: the title'; if no column holds it, the form does not send it: see README.md (Voting).",
                role=role,
            )
        messages.append(
            tr(
                "the export has no column for '{role}' (looked for: {wanted}); its columns are: {found}. {advice}",
                role=role,
                wanted=", ".join(candidates[role]),
                found=found,
                advice=advice,
            )
        )
    return messages


def excel_separator(text: str) -> str | None:
    """The separator Excel names on a first line of its own ("sep=;"), or None when the text has no such line."""
    match = _EXCEL_SEPARATOR.match(text)
    return match.group(1) if match else None


_EXCEL_SEPARATOR = re.compile(r'"?sep=([^\r\n"])"?(?:\r\n|\r|\n)', re.IGNORECASE)


def repeated_columns(header, columns, needed, rows, tr) -> list[str]:
    """A problem for each needed column whose title more than one column has (say, 'poster' in C and G)."""
    problems = []
    normalised = [column_key(h) for h in header]
    for role in needed:
        key = normalised[columns[role]]
        where = [i for i, h in enumerate(normalised) if h == key]
        if len(where) < 2:
            continue
        filled = [sum(1 for _, row in rows if row and len(row) > i and row[i].strip()) for i in where]
        names = [tr("column {number} ({letter})", number=i + 1, letter=column_name(i)) for i in where]
        title = visible(header[columns[role]].strip())[:SHOWN_LENGTH]
        if len(where) == 2:
            same = tr(
                "{first} and {second} are both titled '{title}' ({first_filled} and {second_filled} rows filled in)",
                first=names[0],
                second=names[1],
                title=title,
                first_filled=filled[0],
                second_filled=filled[1],
            )
        else:
            same = tr(
                "{columns} and {last} are all titled '{title}' ({filled} rows filled in)",
                columns=", ".join(names[:-1]),
                last=names[-1],
                title=title,
                filled=", ".join(str(n) for n in filled),
            )
        problems.append(
            tr(
                "{same}, so the count cannot tell which holds the votes for '{role}'. Keep the one that "
                "does: delete the other column (an old question's) from the export in a spreadsheet, "
                "or give it another title; if you give the column with the votes another title instead, "
                "write that title in mkdocs.yml under vote, columns, e.g. '{role}: {title} 2'.",
                same=same,
                role=role,
                title=title,
            )
        )
    return problems


def _looks_like_row(line: str, delimiter: str, time_col: int, widest: int, is_time) -> bool:
    """Whether one line, read on its own, is a row: enough values, and a time where the time goes."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return False
    return len(cells) > widest and is_time(cells[time_col])


def ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether CSV ``text`` ends inside a quoted value, following the csv module's own rules."""
    specials = re.compile('["\r\n' + re.escape(delimiter) + "]")
    field_start, quoted, at = 0, False, 0
    while (match := specials.search(text, at)) is not None:
        char, pos = match.group(), match.start()
        at = pos + 1
        if quoted:
            if char == '"':
                if text.startswith('"', at):
                    at += 1  # "" is a quote inside the value
                else:
                    quoted, field_start = False, -1  # closed; the csv module keeps what follows as plain text
        elif char == '"':
            quoted = pos == field_start  # a quote opens a value only as its first character
        else:
            field_start = at  # a separator or a line end starts the next value
    return quoted


def unclosed_quotes(text, runs, last_row, last_line, delimiter, columns, needed, is_time) -> list[tuple[int, int]]:
    """(first, last line) of each run of lines taken into one value by a quote that is never closed.

    ``runs`` are the (first, last line) of the rows that ran over several lines, ``last_row`` the line
    the file's last row starts on and ``last_line`` the file's last line. A value may rightly hold line
    breaks (a comment written on two lines); it is a quote left open when a line inside the run reads
    as a row of its own, or when the file ends inside the quote.
    """
    broken = []
    if runs:
        lines = io.StringIO(text, newline="").readlines()
        broken = [
            (first, last)
            for first, last in runs
            if _row_inside(lines, first, last, delimiter, columns, needed, is_time)
        ]
        tail = "".join(lines[last_row - 1 :])
    else:  # every row is one line: the last row is the last line
        body = text.rstrip("\r\n")
        tail = text[max(body.rfind("\n"), body.rfind("\r")) + 1 :]
    if (not broken or broken[-1][0] != last_row) and ends_inside_quotes(tail, delimiter):
        broken.append((last_row, last_line))
    return broken


def _header_runs_over_rows(text, header_line, header_end, rows_follow, delimiter, columns, needed, is_time) -> bool:
    """Whether the header, read over lines ``header_line``-``header_end``, holds a quote never closed: a line after
    its first reads as a row, or nothing follows it and the file ends inside the quote. A title may rightly hold a
    line break, in quotes that are closed."""
    lines = io.StringIO(text, newline="").readlines()
    if _row_inside(lines, header_line, header_end, delimiter, columns, needed, is_time):
        return True
    return not rows_follow and ends_inside_quotes("".join(lines[header_line - 1 :]), delimiter)


def _row_inside(lines, first, last, delimiter, columns, needed, is_time) -> bool:
    """Whether a line after the first of the run ``first``-``last`` (of ``lines``), read on its own, is a row."""
    time_col, widest = columns["time"], max(columns[role] for role in needed)
    return any(_looks_like_row(lines[n], delimiter, time_col, widest, is_time) for n in range(first, last))


def _quote_message(first: int, last: int, tr, at_end: bool = False) -> str:
    if first == last:
        return tr(
            'line {line}: a quote (") opened on this line is never closed: the file ends inside it, so this '
            "row cannot be read. Download the export again from the form service (or close the quote), then "
            "count again.",
            line=first,
        )
    if at_end:
        return tr(
            'line {line}: a quote (") opened on this line is never closed, so lines {line}-{last}, to the end '
            "of the file, run together into one value and none of their votes can be read. Close the quote in "
            "the export (or download it again from the form service), then count again.",
            line=first,
            last=last,
        )
    return tr(
        'line {line}: a quote (") opened on this line is never closed, so lines {line}-{last} run together '
        "into one value and none of their votes can be read. Close the quote in the export (or download it "
        "again from the form service), then count again.",
        line=first,
        last=last,
    )

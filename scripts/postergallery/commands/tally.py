"""Count the votes: read the form service's export and rank the posters, fairly and in the open.

The rules, applied to every row and reported row by row:

* a row must have a time inside the voting window (``opens`` to ``closes``,
  widened by the seconds a vote the page sent inside it may take to arrive:
  ``EARLY_ARRIVAL`` and ``LATE_ARRIVAL`` in ``features/vote.py``), a
  poster id the site knows, and, with ``codes: true``, a ballot code that is well
  formed and on the committee's list;
* a time written in no format the count reads stops the count: the file was
  saved again by a spreadsheet program, which rewrites the times, often all of
  them, so counting the rest would drop votes. Every such line is listed;
* one vote per voter: per ballot code when codes are on, else per browser
  token; with ``per_role`` one per role. The earliest valid vote counts and
  later ones are reported as duplicates (with the line of the one counted);
* a vote without a token (sent without JavaScript, or typed into the form by
  hand) cannot be matched to any other, so anyone could send the public form
  again and again: by default (``tokenless: reject``) it is not counted, with
  ``tokenless: count`` it counts once; either way the results say how many
  there were;
* a row for the poster ``_test`` is a test vote (the kind ``vote doctor
  --send-test`` sends): it is ignored, neither counted nor rejected;
* nothing is dropped silently: every row read is accepted, rejected with its
  line number and reason, or ignored, and accepted + rejected + ignored = rows
  read. Every decision the count takes for a row (a short row padded, a vote
  without a token counted) or for the file (the order of day and month, the
  CSV read from a zip) is reported too.

Where the vote moved to another form during the event, the exports of both forms
are counted together (``count_exports``), in the order the forms were used: the
rules apply across them, so a browser that voted on both counts once, by its
earliest vote, and every decision names its export as well as its line. An
export of another form service than the vote's (the vote moved from one service
to another) is read with that service's columns and zone, and said to be.

Reading the file (a zip from Google Forms, encodings, separators, columns by
their header, quotes never closed) is ``exportfile.py``'s job. Times are read
in the formats Google Forms, Google Sheets, Tally and Formspree write; a time
without a zone is read in the zone the export uses (see ``export_zone``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from postergallery.commands import codes as ballot_codes
from postergallery.commands.exportfile import Export, ExportError, cut, is_zip, read_export, read_zip
from postergallery.features.results import AWARDS_FILE, awards_data
from postergallery.features.vote import (
    PROVIDER_NAMES,
    TIME_COLUMNS,
    TOKEN_PATTERN,
    VoteSettings,
    usual_columns,
    window_text,
)
from postergallery.i18n import N_
from postergallery.model import ROLE_GROUPS, ROLES, Poster, visible, without_zero_width
from postergallery.stages.render import html_text
from postergallery.timezones import UTC, Zone, written_zone

TEST_POSTER = "_test"  # the poster id of test votes; no poster folder can have it (names starting with _ are skipped)
# How the totals name the kinds of rows rejected or ignored (see Rejected and Note), and what happened to a row.
KIND_NAMES = {
    "empty": N_("empty rows"),
    "malformed": N_("malformed rows"),
    "time": N_("without a time"),
    "window": N_("outside the voting window"),
    "poster": N_("unknown posters"),
    "code": N_("invalid ballot codes"),
    "token": N_("invalid tokens"),
    "duplicate": N_("duplicates"),
    "tokenless": N_("without a token"),
    "test": N_("test votes"),
}
OUTCOME_NAMES = {"rejected": N_("rejected"), "counted": N_("counted"), "ignored": N_("ignored"), "note": N_("note")}


@dataclass(frozen=True)
class Rejected:
    """A row that does not count, and why (``kind`` groups the reasons in the summary)."""

    line: int
    kind: str  # empty, malformed, time, window, poster, code, token, tokenless, duplicate
    reason: str
    export: int = 0  # which export the line is in (index into TallyResult.exports)


@dataclass(frozen=True)
class Note:
    """A decision the count took: about a row (``line``), or about the whole export (``line`` None)."""

    line: int | None
    # rows: padded, tokenless (counted), edge (just outside the window, taken as in it), test (ignored);
    # the export: zip, dates, tokenless (no column), service, zone (most votes outside the window, times without one)
    kind: str
    text: str
    export: int = 0


@dataclass(frozen=True)
class Ballot:
    """A valid vote before duplicates are removed."""

    line: int
    time: _dt.datetime
    poster: Poster
    voter: str  # code or token; "" when the row has neither
    export: int = 0
    # Its place in the order the votes came, where two of one voter's have the same time: its line, or minus its
    # line in an export that lists the newest votes first.
    order: int = 0


@dataclass(frozen=True)
class Place:
    """One poster's place in a ranking."""

    rank: int
    tied: bool
    poster: Poster
    votes: int


@dataclass(frozen=True)
class ExportFile:
    """One export file counted: the name it was given under, the CSV inside it if a zip, and its SHA-256."""

    name: str
    member: str
    digest: str  # of the file as given, so anyone can check the count was made from it


@dataclass
class TallyResult:
    rows: int = 0
    accepted: list[Ballot] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    ignored: list[Note] = field(default_factory=list)  # test votes: neither accepted nor rejected
    notes: list[Note] = field(default_factory=list)  # decisions about rows that stay counted, and about the file
    rankings: dict[str, list[Place]] = field(default_factory=dict)  # scope ("all" or a role) -> places
    without_token: int = 0  # valid votes that came without a token (counted or rejected, by ``tokenless``)
    tokenless: str = "reject"  # what was done with them; "" when the vote uses ballot codes (no tokens needed)
    exports: list[ExportFile] = field(default_factory=list)  # in the order given: the forms' order

    @property
    def several(self) -> bool:
        """Whether more than one export was counted: then every decision names its export."""
        return len(self.exports) > 1

    @property
    def digest(self) -> str:
        """SHA-256 of the (first) export file as given."""
        return self.exports[0].digest

    @property
    def export_name(self) -> str:
        return self.exports[0].name

    @property
    def export_member(self) -> str:
        """The CSV's name inside the zip, when the (first) export is Google's zip."""
        return self.exports[0].member


# ---------------------------------------------------------------- times ---

_TIME = re.compile(
    r"^\s*(?:(?P<Y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4}))"
    r"(?:[Tt]|[\s,]+)(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    r"\s*(?P<tz>[Zz]|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?|GMT|UTC|WIB|WITA|WIT)?\s*$"
)
# The longest time any export writes is about 40 characters. Longer text is not a time, and is not
# matched at all: the pattern's runs of optional spaces take cubic time on a cell of spaces.
MAX_TIME_LENGTH = 64


def _match_time(text: str):
    return _TIME.match(text) if len(text) <= MAX_TIME_LENGTH else None


def looks_like_time(text: str) -> bool:
    """Whether ``text`` is written like a time in one of the export formats (the date need not exist)."""
    return _match_time(text.strip()) is not None


# Columns that tell a service's export apart where a form endpoint's columns would take it too (see
# _read_as_any_service): every Tally export has these two, which no other service writes; Formspree keeps a
# submission's time under "_date" (its own name, in UTC without a zone), which a form endpoint's export may use only
# where the settings name it as the time column.
OWN_COLUMNS = {"tally": ("Submission ID", "Respondent ID"), "formspree": ("_date",)}


def export_zone(vote: VoteSettings, provider: str) -> Zone:
    """The zone of times written without one in an export of ``provider``: Tally and Formspree write UTC; a
    Google Sheet (and most form endpoints) write the owner's local time, which for this gallery is the vote's
    own zone."""
    return UTC if provider in ("tally", "formspree") else vote.zone


def parse_time(text: str, zone: Zone, day_first: bool = True) -> _dt.datetime | None:
    """An aware datetime from one of the export formats, or None when unreadable."""
    match = _match_time(text)
    return None if match is None else _time_of(match, zone, day_first)


def _csv_of(data: bytes, tr) -> bytes:
    """The CSV an export holds: the file inside a zip export, else the export itself."""
    if not is_zip(data):
        return data
    try:
        return read_zip(data, tr)[1]
    except ExportError:
        return data  # told when the export is read


def _time_of(match: re.Match, zone: Zone, day_first: bool) -> _dt.datetime | None:
    g = match.groupdict()
    if g["Y"]:
        year, month, day = int(g["Y"]), int(g["m"]), int(g["d"])
    else:
        first, second = int(g["a"]), int(g["b"])
        day, month = (first, second) if day_first else (second, first)
        year = int(g["y"])
    if not _dt.MINYEAR < year < _dt.MAXYEAR:
        return None  # a database's "no time" (0001-01-01, 9999-12-31), which no zone can be added to or taken from
    hour = int(g["H"])
    if g["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if g["ampm"][0] in "Pp" else 0)
    tz: _dt.tzinfo | None = _tzinfo(zone)
    if g["tz"]:
        tz = _written_zone(g["tz"])
        if tz is None:
            return None
    try:
        # The fraction of a second is kept (Formspree's and Tally's times have milliseconds): it orders one
        # browser's two votes of the same second, of which the first counts.
        micro = int(g["f"][:6].ljust(6, "0")) if g["f"] else 0
        return _dt.datetime(year, month, day, hour, int(g["M"]), int(g["S"] or 0), micro, tzinfo=tz)
    except ValueError:
        return None


# An export repeats one or two zones on every row: each is worked out once, not 100,000 times.
@functools.lru_cache(maxsize=64)
def _tzinfo(zone: Zone) -> _dt.tzinfo:
    return zone.tzinfo


@functools.lru_cache(maxsize=256)
def _written_zone(text: str) -> _dt.tzinfo | None:
    """The zone written in a time ('GMT+7', 'Z', 'WIB'); None when it is not one."""
    named = written_zone(text)
    return None if named is None else named.tzinfo


_ORDER_NAMES = {True: N_("day/month/year"), False: N_("month/day/year")}


def date_order(
    times: list[tuple[int, str]], vote: VoteSettings, zone: Zone, tr, given: bool | None = None
) -> tuple[bool, str]:
    """Whether ``30/01/2024``-style dates put the day first, and why (a sentence for the report, "" when no date
    in ``times`` (line, value) depends on it); ``ExportError`` when the file cannot settle it.

    A date whose first number is above 12 puts the day first, one whose second is, the month; a file
    with both is refused. When every date reads both ways (both numbers 12 or less), the voting window
    decides only when reading one way puts most of them inside it and reading the other way does not;
    otherwise (no window, a tie) the count asks for --date-order.
    """
    day_first_at = month_first_at = None
    both_ways: list[tuple[int, str, int, int, int]] = []  # line, value, first number, second, year
    for line, value in times:
        match = _match_time(value.strip())
        if match is None or match.group("Y"):
            continue
        a, b = int(match.group("a")), int(match.group("b"))
        if a > 12 and b <= 12:
            day_first_at = day_first_at or (line, value)
        elif b > 12 and a <= 12:
            month_first_at = month_first_at or (line, value)
        elif a != b and a <= 12:
            both_ways.append((line, value.strip(), a, b, int(match.group("y"))))
    if given is not None:
        option = "dmy" if given else "mdy"
        against = month_first_at if given else day_first_at
        if against:
            # Read as told, this date is no date at all: say why, rather than that the time cannot be read.
            raise ExportError(
                tr(
                    "line {line}: '{value}' can only be read {order}, but --date-order {option} says {given}. Give "
                    "--date-order {other}, or leave it out: the count then finds the order itself.",
                    line=against[0],
                    value=visible(against[1].strip()),
                    order=tr(_ORDER_NAMES[not given]),
                    option=option,
                    given=tr(_ORDER_NAMES[given]),
                    other="mdy" if given else "dmy",
                )
            )
        if not (day_first_at or month_first_at or both_ways):
            return given, ""
        return given, tr(
            "dates are read {order}, as --date-order {option} says.",
            order=tr(_ORDER_NAMES[given]),
            option=option,
        )
    if day_first_at and month_first_at:
        raise ExportError(
            tr(
                "the export mixes day/month/year dates (line {day_line}: '{day_value}') and "
                "month/day/year dates (line {month_line}: '{month_value}'); say which it is with "
                "--date-order dmy or --date-order mdy.",
                day_line=day_first_at[0],
                day_value=visible(day_first_at[1].strip()),
                month_line=month_first_at[0],
                month_value=visible(month_first_at[1].strip()),
            )
        )
    found = day_first_at or month_first_at
    if found:
        line, value = found
        return bool(day_first_at), tr(
            "dates are read {order}: line {line} has '{value}', which can only be read that way.",
            order=tr(_ORDER_NAMES[bool(day_first_at)]),
            line=line,
            value=visible(value.strip()),
        )
    if not both_ways:
        return True, ""  # no date, or only dates such as 1/1/2024 that read the same both ways

    def inside(day_first: bool) -> int:
        return sum(
            1 for _, value, _, _, _ in both_ways if (t := parse_time(value, zone, day_first)) and vote.is_open_at(t)
        )

    count, dmy, mdy = len(both_ways), inside(True), inside(False)
    if vote.opens is not None or vote.closes is not None:
        if (2 * dmy > count) != (2 * mdy > count):
            day_first = 2 * dmy > count
            return day_first, tr(
                "dates are read {order}: {count} dates could be read either way; read {order}, "
                "{inside} of them fall inside the voting window, read {other}, {outside}.",
                order=tr(_ORDER_NAMES[day_first]),
                count=count,
                inside=max(dmy, mdy),
                other=tr(_ORDER_NAMES[not day_first]),
                outside=min(dmy, mdy),
            )
        why = tr(
            "read day first, {dmy} of the {count} dates fall inside the voting window; read month first, {mdy}",
            dmy=dmy,
            mdy=mdy,
            count=count,
        )
    else:
        why = tr("the vote has no opens or closes")
    examples: list[tuple] = []
    for line, value, a, b, year in both_ways:
        if len(examples) == 2 or (examples and examples[0][2:4] == (a, b)):
            continue
        examples.append((line, value, a, b, year))
    shown = "; ".join(
        tr(
            "line {line}: '{value}' is {dmy} read day first, or {mdy} read month first",
            line=line,
            value=visible(value),
            dmy=f"{year:04d}-{b:02d}-{a:02d}",
            mdy=f"{year:04d}-{a:02d}-{b:02d}",
        )
        for line, value, a, b, year in examples
    )
    raise ExportError(
        tr(
            "every date in the export can be read both as day/month/year and as month/day/year ({shown}), "
            "and the voting window does not settle it ({why}). Say which it is with --date-order dmy "
            "(30/01/2024) or --date-order mdy (01/30/2024).",
            shown=shown,
            why=why,
        )
    )


# -------------------------------------------------------------- counting ---


def count_votes(
    data: bytes,
    vote: VoteSettings,
    posters: list[Poster],
    tr,
    *,
    valid_codes: set[str] | None = None,
    zone: Zone | None = None,
    day_first: bool | None = None,
    export_name: str = "",
) -> TallyResult:
    """Count an export (the bytes of the file given); raise ``ExportError`` when it cannot be counted at all."""
    return count_exports(
        [(export_name, data)], vote, posters, tr, valid_codes=valid_codes, zone=zone, day_first=day_first
    )


def count_exports(
    exports: list[tuple[str, bytes]],
    vote: VoteSettings,
    posters: list[Poster],
    tr,
    *,
    valid_codes: set[str] | None = None,
    zone: Zone | None = None,
    day_first: bool | None = None,
) -> TallyResult:
    """Count one export or several, ``(name, bytes)`` each in the order the forms were used, as one vote.

    Every export is read with the same vote settings (so the forms share their provider and column titles),
    and the dates of each are read in the order found for it. What stops the count is gathered from every
    export before ``ExportError`` is raised, each export's problems under its number and name.
    """
    # With tokenless: count a vote needs no token, so an export without a token column (a form endpoint
    # that keeps none) is counted too: every vote in it is one without a token.
    token_optional = not vote.codes and vote.tokenless == "count"
    needed = ["time", "poster"] + (["code"] if vote.codes else [] if token_optional else ["token"])
    optional = ("token",) if token_optional else ()
    digests = [hashlib.sha256(data).hexdigest() for _, data in exports]  # of each file as given, published
    # A zip and the CSV taken out of it are the same responses too: compared by the CSV they hold.
    held = [hashlib.sha256(_csv_of(data, tr)).digest() for _, data in exports]
    for index, digest in enumerate(held):
        if digest in held[:index]:
            raise ExportError(
                tr(
                    "export {first} and export {second} are the same file: give each form's export once.",
                    first=held.index(digest) + 1,
                    second=index + 1,
                )
            )
    # What stops the count, by export: an export that cannot be read, or whose times cannot be, does not keep
    # the others from being read, so every problem is told at once.
    read, failed = [], {}
    for index, (name, data) in enumerate(exports):
        try:
            export, provider = _read_as_any_service(data, vote, needed, optional, tr)
        except ExportError as exc:
            failed[index] = _in_export(exc.message, index, exports, tr)
            continue
        # --timezone is the zone of the vote's own form service's exports (a Sheet kept in WITA); an export of
        # another service keeps that service's (a Tally form used first still wrote UTC).
        export_in = zone if zone is not None and provider == vote.provider else export_zone(vote, provider)
        if vote.codes and valid_codes is None:
            raise ExportError(
                tr(
                    "the vote uses ballot codes, so the count needs the list of codes: add --codes "
                    "ballot-codes/codes.csv (the file written by the codes command)."
                )
            )
        problems = list(export.problems)
        time_col = export.columns["time"]
        order, why = True, ""
        try:
            order, why = date_order(
                [(line, r[time_col]) for line, r in export.rows if r and len(r) > time_col],
                vote,
                export_in,
                tr,
                day_first,
            )
        except ExportError as exc:
            problems.append(exc.message)
        if problems:
            failed[index] = _in_export("\n".join(problems), index, exports, tr)
            continue
        read.append((index, name, export, provider, export_in, order, why))
    result = TallyResult(tokenless="" if vote.codes else vote.tokenless)
    by_slug = {p.slug: p for p in posters}
    ballots: list[Ballot] = []
    for index, name, export, provider, export_in, order, why in read:
        result.rows += len(export.rows)
        result.exports.append(ExportFile(name, export.member, digests[index]))
        if provider != vote.provider:
            result.notes.append(Note(None, "service", _other_service(vote, provider, export_in, tr), index))
        if export.member:
            result.notes.append(
                Note(
                    None,
                    "zip",
                    tr(
                        "the export is a zip file; the votes were read from {member}, the CSV file inside it.",
                        member=visible(export.member),
                    ),
                    index,
                )
            )
        if why:
            result.notes.append(Note(None, "dates", why, index))
        if token_optional and "token" not in export.columns:
            if (token_title := _column_of_tokens(export)) is not None:
                # Counted without it, one browser's repeated votes would each count (tokenless: count).
                wanted = ", ".join(vote.columns["token"])
                if token_title:
                    message = tr(
                        "the export has no column titled as the token (looked for: {wanted}), but the column "
                        "'{title}' holds tokens as the vote page makes them: without it every vote would count as "
                        "one without a token, and one browser's votes as many. Write in mkdocs.yml under vote, "
                        "columns: 'token: {title}', then count again.",
                        wanted=wanted,
                        title=visible(cut(token_title)),
                    )
                else:  # a column without a title, which 'columns' cannot name
                    message = tr(
                        "the export has no column titled as the token (looked for: {wanted}), but a column without a "
                        "title holds tokens as the vote page makes them: without it every vote would count as one "
                        "without a token, and one browser's votes as many. Give the form's question for the token "
                        "the title 'token', download the export again, then count again.",
                        wanted=wanted,
                    )
                failed[index] = _in_export(message, index, exports, tr)
                continue
            result.notes.append(
                Note(
                    None,
                    "tokenless",
                    tr(
                        "the export has no token column (looked for: {wanted}), so every vote in it is one without a "
                        "token, counted once (tokenless: count).",
                        wanted=", ".join(vote.columns["token"]),
                    ),
                    index,
                )
            )
        try:
            ballots += _valid_ballots(export, vote, by_slug, valid_codes, export_in, order, tr, result, index)
        except ExportError as exc:
            failed[index] = _in_export(exc.message, index, exports, tr)
            continue
        if provider == vote.provider and (note := _zone_note(export, vote, export_in, order, index, tr)):
            result.notes.append(note)
    if failed:
        raise ExportError("\n".join(failed[index] for index in sorted(failed)))
    _refuse_one_form_twice(ballots, tr)
    _remove_duplicates(ballots, vote, tr, result)
    result.rejected.sort(key=lambda r: (r.export, r.line))
    result.rankings = rank(result.accepted, posters, vote.per_role)
    return result


def _column_of_tokens(export: Export) -> str | None:
    """The title of a column the count does not read whose values are, most of them, tokens as the vote page
    makes them (32 hex digits) ("" when it has none), or None."""
    used = set(export.columns.values())
    for index, title in enumerate(export.header):
        if index in used:
            continue
        values = [without_zero_width(cells[index]) for _, cells in export.rows if cells and index < len(cells)]
        filled = [value for value in values if value]
        if filled and sum(bool(TOKEN_PATTERN.fullmatch(value)) for value in filled) * 2 > len(filled):
            return title.strip()
    return None


def _read_as_any_service(data: bytes, vote: VoteSettings, needed: list[str], optional: tuple[str, ...], tr):
    """``(export, provider)``: the export read with the vote's own columns, or, where those are not all there,
    with the usual columns of the first other form service whose export it is (the vote moved from one service to
    another, and the first form's export is counted too). Raises the vote's own ``ExportError`` otherwise."""
    try:
        export = read_export(data, vote.columns, needed, looks_like_time, tr, optional, vote.provider)
    except ExportError as own:
        for provider in TIME_COLUMNS:
            if provider == vote.provider:
                continue
            columns = usual_columns(provider, vote.fields)
            try:
                return read_export(data, columns, needed, looks_like_time, tr, optional, provider), provider
            except ExportError:
                continue
        raise own
    # A form endpoint's usual columns are also those of a Tally export ("Submitted at") and of a Formspree one
    # ("_date"), whose times, written without a zone, are UTC: an export that bears one of those services' own
    # columns is read as that service's (the vote moved from it), unless the settings name "_date" as the time column.
    if vote.provider == "form":
        header = {title.strip() for title in export.header}
        named = set() if vote.columns["time"] == TIME_COLUMNS["form"] else set(vote.columns["time"])
        for provider, marks in OWN_COLUMNS.items():
            if set(marks) <= header and not set(marks) & named:
                try:
                    columns = usual_columns(provider, vote.fields)
                    return read_export(data, columns, needed, looks_like_time, tr, optional, provider), provider
                except ExportError:
                    pass
    return export, vote.provider


# How far outside the window a vote is before another time zone could explain it: no zone is closer than this.
_ZONE_GAP = _dt.timedelta(minutes=30)


def _zone_note(export: Export, vote: VoteSettings, zone: Zone, day_first: bool, index: int, tr) -> Note | None:
    """A note when one vote in twenty or more (and at least two) falls half an hour or more outside the voting
    window and the export's times carry no time zone: they were read in ``zone``, and a sheet kept in another zone
    (a Google Sheet set to UTC, an event in WIT counted from a sheet in WIB) puts them hours off, the votes at one
    end of the day rejected without a word about why. Votes seconds or minutes outside are the window's own (no
    zone is that close), and the page sends none far outside it."""
    time_col = export.columns["time"]
    written = [r[time_col].strip() for _, r in export.rows if r and len(r) > time_col and r[time_col].strip()]
    match = _match_time(written[0]) if written else None
    if match is None or match["tz"]:
        return None
    times = [parse_time(text, zone, day_first) for text in written]
    far = sum(
        1
        for t in times
        if t is not None
        and (
            (vote.opens is not None and t < vote.opens - _ZONE_GAP)
            or (vote.closes is not None and t >= vote.closes + _ZONE_GAP)
        )
    )
    if far < 2 or far * 20 < len(export.rows):
        return None
    return Note(
        None,
        "zone",
        tr.ngettext(
            "{outside} of the export's {rows} row falls half an hour or more outside the voting window. Its times "
            "carry no time zone and were read as {zone}: if the sheet or service that wrote them keeps another zone, "
            "count again with --timezone (e.g. --timezone {other}).",
            "{outside} of the export's {rows} rows fall half an hour or more outside the voting window. Its times "
            "carry no time zone and were read as {zone}: if the sheet or service that wrote them keeps another zone, "
            "count again with --timezone (e.g. --timezone {other}).",
            len(export.rows),
            outside=far,
            rows=len(export.rows),
            zone=zone.name,
            other="WIB" if zone.minutes == 0 else "UTC",
        ),
        index,
    )


def _other_service(vote: VoteSettings, provider: str, zone: Zone, tr) -> str:
    """The note on an export read with another form service's columns than the vote's own."""
    if vote.provider == "form" and provider in OWN_COLUMNS:  # (known by its own columns: _read_as_any_service)
        return tr(
            "it has the columns of a {other} export ({columns}): it was read as one, its times written without a time "
            "zone taken as {zone}.",
            other=PROVIDER_NAMES[provider],
            columns=", ".join(OWN_COLUMNS[provider]),
            zone=zone.name,
        )
    return tr(
        "its columns are not those of {service}, the vote's form service now, but those of a {other} export: it "
        "was read as one, its times written without a time zone taken as {zone}.",
        service=vote.service_name,
        other=PROVIDER_NAMES.get(provider) or tr("form endpoint"),
        zone=zone.name,
    )


def _refuse_one_form_twice(ballots: list[Ballot], tr) -> None:
    """Refuses two exports that share most of their votes (the same time, poster and voter): one form downloaded
    twice, during the event and after it. Their files differ, so they pass for two forms; counted together, every
    vote without a token in both would count twice (one with a token only shows as rejected twice over)."""
    votes: dict[int, set[tuple]] = {}
    for ballot in ballots:
        votes.setdefault(ballot.export, set()).add((ballot.time, ballot.poster.slug, ballot.voter))
    numbers = sorted(votes)
    for n, first in enumerate(numbers):
        for second in numbers[n + 1 :]:
            shared = len(votes[first] & votes[second])
            # Most of the smaller one: two forms of one event never share more than a vote by chance.
            if shared * 2 > min(len(votes[first]), len(votes[second])):
                raise ExportError(
                    tr(
                        "export {first} and export {second} hold the same votes (the same time, poster and voter): "
                        "one form downloaded twice. Give each form's export once, its last download, which holds "
                        "every vote.",
                        first=first + 1,
                        second=second + 1,
                    )
                )


def _in_export(message: str, index: int, exports: list[tuple[str, bytes]], tr) -> str:
    """The problems of ``exports[index]``, under its number and name when there are several exports."""
    if len(exports) == 1:
        return message
    return tr("In export {number} ({name}):", number=index + 1, name=visible(exports[index][0])) + "\n" + message


def _valid_ballots(export, vote, by_slug, valid_codes, zone, day_first, tr, result, index: int = 0) -> list[Ballot]:
    columns, width = export.columns, len(export.header)
    time_col, poster_col = columns["time"], columns["poster"]
    code_col = columns.get("code") if vote.codes else None
    token_col = None if vote.codes else columns.get("token")  # None without codes: an export without tokens

    def reject(rejected: Rejected) -> None:
        result.rejected.append(replace(rejected, export=index))

    def note(noted: Note) -> None:
        result.notes.append(replace(noted, export=index))

    count_tokenless = vote.tokenless == "count"
    ballots = []
    unreadable: list[tuple[int, str]] = []  # (line, time) of the times written in no format the count reads
    to_the_minute: tuple[int, str] | None = None  # the first time without seconds, which no form service writes
    for line, row in export.rows:
        if row is None:
            reject(
                Rejected(
                    line,
                    "malformed",
                    tr("this row cannot be read as CSV (a value is far too long, or its quotes do not match)"),
                )
            )
            continue
        if not any(cell.strip() for cell in row):
            reject(Rejected(line, "empty", tr("empty row")))
            continue
        if len(row) > width:
            reject(
                Rejected(
                    line,
                    "malformed",
                    tr(
                        "{count} values where the header has {expected}; a value "
                        "containing the separator may be missing its quotes",
                        count=len(row),
                        expected=width,
                    ),
                )
            )
            continue
        if len(row) < width:  # a spreadsheet program left out the empty cells at the end of the row
            note(
                Note(
                    line,
                    "padded",
                    tr(
                        "{count} of {expected} values; the missing trailing ones taken as empty",
                        count=len(row),
                        expected=width,
                    ),
                )
            )
            row = row + [""] * (width - len(row))
        raw_poster = without_zero_width(row[poster_col])
        if raw_poster.lower() == TEST_POSTER:  # before the window: test votes are sent before voting opens
            result.ignored.append(Note(line, "test", tr("test vote (poster _test), not a visitor's vote"), index))
            continue
        raw_time = row[time_col].strip()
        if not raw_time:
            reject(Rejected(line, "time", tr("no time")))
            continue
        match = _match_time(raw_time)
        moment = None if match is None else _time_of(match, zone, day_first)
        if moment is None:
            unreadable.append((line, raw_time))
            continue
        if match["S"] is None and to_the_minute is None:
            to_the_minute = (line, raw_time)
        edge = vote.arrival(moment, to_the_minute=match["S"] is None)
        if edge == "before":
            reject(
                Rejected(
                    line,
                    "window",
                    tr(
                        "sent {time}, before voting opened ({opens})",
                        time=_clock(moment, vote, tr),
                        opens=_clock(vote.opens, vote, tr),
                    ),
                )
            )
            continue
        if edge == "after":
            reject(
                Rejected(
                    line,
                    "window",
                    tr(
                        "sent {time}, after voting closed ({closes})",
                        time=_clock(moment, vote, tr),
                        closes=_clock(vote.closes, vote, tr),
                    ),
                )
            )
            continue
        poster = by_slug.get(raw_poster.lower())
        if poster is None:
            reason = (
                tr("unknown poster '{value}' (no poster on the site has this id)", value=cut(raw_poster))
                if raw_poster
                else tr("no poster chosen")
            )
            reject(Rejected(line, "poster", reason))
            continue
        voter = ""
        if code_col is not None:
            raw_code = row[code_col].strip()
            code = ballot_codes.normalise(raw_code)
            if not code:
                reject(Rejected(line, "code", tr("no ballot code")))
                continue
            if not ballot_codes.is_well_formed(code):
                reject(
                    Rejected(
                        line,
                        "code",
                        tr("ballot code '{value}' is not valid (mistyped or made up)", value=cut(raw_code)),
                    )
                )
                continue
            if code not in valid_codes:
                reject(
                    Rejected(line, "code", tr("ballot code '{value}' is not on the list of codes", value=cut(raw_code)))
                )
                continue
            voter = code
        else:
            token = without_zero_width(row[token_col]) if token_col is not None else ""
            if token and not TOKEN_PATTERN.fullmatch(token):
                reject(Rejected(line, "token", tr("token '{value}' was not made by the vote page", value=cut(token))))
                continue
            if not token:
                result.without_token += 1
                if not count_tokenless:
                    reject(
                        Rejected(
                            line,
                            "tokenless",
                            tr(
                                "no token, so this vote cannot be told apart from others; "
                                "not counted (tokenless: reject)"
                            ),
                        )
                    )
                    continue
                if token_col is not None:  # without the column, the note about the export says it for every row
                    note(Note(line, "tokenless", tr("no token; counted once (tokenless: count)")))
            voter = token
        if edge != "inside":
            note(Note(line, "edge", _edge_text(edge, moment, vote, tr)))
        ballots.append(Ballot(line, moment, poster, voter, index))
    if unreadable:
        raise ExportError(unreadable_times_message(unreadable, tr))
    # Of one voter's votes with the same time (a time to the minute, a second without its fraction), the one that
    # came first: the upper line, or the lower one where the export lists the newest votes first.
    newest_first = bool(ballots) and ballots[0].time > ballots[-1].time
    ballots = [replace(b, order=-b.line if newest_first else b.line) for b in ballots]
    if to_the_minute:
        template = (
            N_(
                "the times have no seconds (line {line}: '{value}'), as a spreadsheet program writes them when the "
                "export is saved again: votes at the window's edges are judged to the minute, and of one voter's votes "
                "in the same minute the lower line counts (the export lists the newest votes first). Count the export "
                "as downloaded from the form service where you can."
            )
            if newest_first
            else N_(
                "the times have no seconds (line {line}: '{value}'), as a spreadsheet program writes them when the "
                "export is saved again: votes at the window's edges are judged to the minute, and of one voter's votes "
                "in the same minute the upper line counts. Count the export as downloaded from the form service where "
                "you can."
            )
        )
        value = visible(cut(to_the_minute[1]))
        note(Note(None, "minutes", tr(template, line=to_the_minute[0], value=value)))
    return ballots


def _edge_text(edge: str, moment: _dt.datetime, vote: VoteSettings, tr) -> str:
    """Why a vote that reached the form service just outside the window is taken as sent inside it."""
    if edge == "early":
        assert vote.opens is not None
        return tr(
            "sent {time}, {seconds} s before voting opened ({opens}): taken as sent in time, since the vote page "
            "takes a phone clock up to a few seconds fast as right",
            time=_clock(moment, vote, tr),
            seconds=_seconds(vote.opens - moment),
            opens=_clock(vote.opens, vote, tr),
        )
    assert vote.closes is not None
    return tr(
        "sent {time}, {seconds} s after voting closed ({closes}): taken as sent in time, since a vote the page "
        "sent in the last seconds can take this long to arrive over a crowded network",
        time=_clock(moment, vote, tr),
        seconds=_seconds(moment - vote.closes),
        closes=_clock(vote.closes, vote, tr),
    )


def _seconds(span: _dt.timedelta) -> str:
    """Whole seconds, rounded down (a 0.4 s difference says 0 s)."""
    return str(int(span.total_seconds()))


def unreadable_times_message(unreadable: list[tuple[int, str]], tr) -> str:
    """Every time (line, value) the count cannot read, one line each, then what the count reads and what to do.

    One such time means the file was not written by the form service as downloaded (a spreadsheet program
    saved it again and rewrote the times, often all of them), so the whole file is refused rather than
    counted without those votes.
    """
    lines = [
        tr(
            "line {line}: the time '{value}' cannot be read.",
            line=line,
            value=visible(cut(value)),
        )
        for line, value in unreadable
    ]
    lines.append(
        tr.ngettext(
            "Nothing was counted: {count} time cannot be read. The count reads the times as Google Forms, "
            "Google Sheets, Tally and Formspree write them, with the year in four digits, e.g. "
            "2024/01/30 8:15:32 AM GMT+7, 30/01/2024 08:15:32 or 2024-01-30T01:15:32Z. Download the export "
            "again from the form service and give that file, without opening and saving it in a spreadsheet "
            "program (which rewrites the times), then count again.",
            "Nothing was counted: {count} times cannot be read. The count reads the times as Google Forms, "
            "Google Sheets, Tally and Formspree write them, with the year in four digits, e.g. "
            "2024/01/30 8:15:32 AM GMT+7, 30/01/2024 08:15:32 or 2024-01-30T01:15:32Z. Download the export "
            "again from the form service and give that file, without opening and saving it in a spreadsheet "
            "program (which rewrites the times), then count again.",
            len(unreadable),
            count=len(unreadable),
        )
    )
    return "\n".join(lines)


def _remove_duplicates(ballots: list[Ballot], vote: VoteSettings, tr, result: TallyResult) -> None:
    first: dict[tuple[str, str], Ballot] = {}
    if vote.codes:
        template = N_("duplicate: this ballot code already voted{scope} on line {line}")
        across = N_("duplicate: this ballot code already voted{scope} in export {export}, line {line}")
    else:
        template = N_("duplicate: this browser already voted{scope} on line {line}")
        across = N_("duplicate: this browser already voted{scope} in export {export}, line {line}")
    dropped: set[tuple[int, int]] = set()  # (export, line) of the duplicates
    for ballot in sorted(ballots, key=lambda b: (b.time, b.export, b.order)):
        if not ballot.voter:  # a vote without a token (tokenless: count) is matched to no other
            result.accepted.append(ballot)
            continue
        scope = ballot.poster.role if vote.per_role else ""
        seen = first.get((ballot.voter, scope))
        if seen is not None:
            where = tr(" for {role}", role=tr(ROLE_GROUPS[scope])) if scope else ""
            reason = (
                tr(across, scope=where, export=seen.export + 1, line=seen.line)
                if result.several
                else tr(template, scope=where, line=seen.line)
            )
            result.rejected.append(Rejected(ballot.line, "duplicate", reason, ballot.export))
            dropped.add((ballot.export, ballot.line))
            continue
        first[(ballot.voter, scope)] = ballot
        result.accepted.append(ballot)
    result.accepted.sort(key=lambda b: (b.export, b.line))
    # A duplicate that arrived just outside the window is not counted: it was not "taken as sent in time".
    result.notes = [n for n in result.notes if n.kind != "edge" or (n.export, n.line) not in dropped]


def _clock(moment: _dt.datetime, vote: VoteSettings, tr) -> str:
    """The moment in the vote's zone, to the second: a vote at 07:59:59 is not one at 08:00:00."""
    return tr.moment_text(moment, vote.zone.tzinfo, seconds=True)


def rank(accepted: list[Ballot], posters: list[Poster], per_role: bool) -> dict[str, list[Place]]:
    """Competition ranking ("1, 2, 2, 4") of every poster, ties marked; per role when ``per_role``."""
    votes = {p.slug: 0 for p in posters}
    for ballot in accepted:
        votes[ballot.poster.slug] += 1
    scopes = {r: [p for p in posters if p.role == r] for r in ROLES} if per_role else {"all": list(posters)}
    rankings = {}
    for scope, group in scopes.items():
        if not group:
            continue
        ordered = sorted(group, key=lambda p: (-votes[p.slug], p.title.casefold(), p.slug))
        counts = [votes[p.slug] for p in ordered]
        places = []
        for i, poster in enumerate(ordered):
            n = counts[i]
            rank_no = counts.index(n) + 1
            places.append(Place(rank_no, counts.count(n) > 1, poster, n))
        rankings[scope] = places
    return rankings


# -------------------------------------------------------------- writing ---

# What makes a spreadsheet read a cell as a formula: = + - @ (also in their full-width forms, which
# some spreadsheets take as well), or a tab or CR first. Leading spaces do not stop any of them.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: such a cell gets a ' in front."""
    text = str(value)
    risky = text[:1] in ("\t", "\r") or text.lstrip(" \t\r\n\u00a0\u3000")[:1] in _FORMULA_START
    return "'" + text if risky else text


def _csv_text(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise_cell(v) for v in row])
    return out.getvalue()


def _scope_label(scope: str, tr) -> str:
    return tr("All posters") if scope == "all" else tr(ROLE_GROUPS[scope])


def _rank_text(place: Place, tr) -> str:
    return tr("{rank} (tie)", rank=place.rank) if place.tied else str(place.rank)


def results_csv(result: TallyResult, tr) -> str:
    rows = [[tr("Group"), tr("Rank"), tr("Tie"), tr("Poster"), tr("Title"), tr("Votes")]]
    for scope, places in result.rankings.items():
        for place in places:
            rows.append(
                [
                    _scope_label(scope, tr),
                    place.rank,
                    tr("yes") if place.tied else "",
                    place.poster.slug,
                    place.poster.title,
                    place.votes,
                ]
            )
    return _csv_text(rows)


def decisions(result: TallyResult) -> list[tuple[int, int | None, str, str, str]]:
    """Every decision of the count, (export, line, outcome, kind, text): first those about an export (no line,
    outcome "note"), then row by row; outcome is what happened to the row: rejected, counted or ignored, or "note"
    for a note on a row rejected for its own reason."""
    fate: dict[tuple[int, int | None], str] = {(r.export, r.line): "rejected" for r in result.rejected}
    fate.update({(n.export, n.line): "ignored" for n in result.ignored})
    fate.update({(b.export, b.line): "counted" for b in result.accepted})
    notes: list[tuple[int, int | None, str, str, str]] = [
        (n.export, None, "note", n.kind, n.text) for n in result.notes if n.line is None
    ]
    rows: list[tuple[int, int | None, str, str, str]] = [
        (r.export, r.line, "rejected", r.kind, r.reason) for r in result.rejected
    ]
    rows += [(n.export, n.line, "ignored", n.kind, n.text) for n in result.ignored]
    # A note on a row rejected for another reason (a short row without a token) is a note, not a second rejection:
    # the rejections listed are the rejected rows, one each, as the totals count them.
    rows += [
        (n.export, n.line, "note" if fate[n.export, n.line] == "rejected" else fate[n.export, n.line], n.kind, n.text)
        for n in result.notes
        if n.line is not None
    ]
    # Within a line, the padding first: it came first.
    rows.sort(key=lambda d: (d[0], d[1] or 0, d[3] != "padded"))
    return notes + rows


def rejected_csv(result: TallyResult, tr) -> str:
    """Every row not simply counted as it stood, and every decision about the export: line, outcome, kind, why.

    With several exports, a first column gives the export's number (1 for the first given)."""
    several = result.several
    header = ([tr("Export")] if several else []) + [tr("Line"), tr("Outcome"), tr("Kind"), tr("Reason")]
    return _csv_text(
        [header]
        + [
            ([export + 1] if several else []) + ["" if line is None else line, tr(OUTCOME_NAMES[outcome]), kind, text]
            for export, line, outcome, kind, text in decisions(result)
        ]
    )


def _markdown_text(text: str) -> str:
    """Poster text inside Markdown: no emphasis, links, table breaks, HTML or template braces."""
    escaped = re.sub(r"([\\`*_\[\]|!#~])", r"\\\1", text)
    return str(html_text(escaped))


def results_markdown(result: TallyResult, vote: VoteSettings, tr) -> str:
    """The results page: the ranking with ties, the numbers behind it, and how to check them."""
    title = tr("Vote results")
    lines = ["---", f"title: {title}", "---", "", f"# {title}", ""]
    window = window_text(vote, tr, past=True)
    if window:
        lines += [window, ""]
    lines += [f"![{tr('Chart of the votes per poster')}](results.svg)", ""]
    for scope, places in result.rankings.items():
        if vote.per_role:
            lines += [f"## {_scope_label(scope, tr)}", ""]
        lines += [f"| {tr('Rank')} | {tr('Title')} | {tr('Votes')} |", "|---:|---|---:|"]
        for place in places:
            link = f"[{_markdown_text(place.poster.title)}](../poster/{place.poster.slug}/index.md)"
            lines.append(f"| {_rank_text(place, tr)} | {link} | {place.votes} |")
        lines.append("")
    lines += [f"## {tr('The numbers behind the results')}", "", _markdown_text(summary_sentence(result, tr)), ""]
    for sentence in _about_sentences(result, tr):
        lines += [_markdown_text(sentence), ""]
    return "\n".join(lines + _provenance(result, tr))


def _provenance(result: TallyResult, tr) -> list[str]:
    """Paragraphs naming the export file(s) counted, with their SHA-256, for the results page."""
    if result.several:
        lines = [
            tr(
                "Counted from {count} exports, one for each form the vote ran on; anyone holding those files can "
                "count again with python scripts/gallery.py tally, giving them in this order:",
                count=len(result.exports),
            ),
            "",
        ]
        for number, export in enumerate(result.exports, 1):
            name = _markdown_text(visible(export.name or "export"))
            if export.member:
                lines.append(
                    "- "
                    + tr(
                        "export {number}: {member} inside {name} (SHA-256 of {name}, the zip file as downloaded: "
                        "{digest})",
                        number=number,
                        name=name,
                        member=_markdown_text(visible(export.member)),
                        digest=export.digest,
                    )
                )
            else:
                lines.append(
                    "- "
                    + tr("export {number}: {name} (SHA-256 {digest})", number=number, name=name, digest=export.digest)
                )
        return lines + [""]
    lines = []
    name = _markdown_text(visible(result.export_name or "export"))
    if result.export_member:
        lines += [
            tr(
                "Counted from {member} inside the export {name}; the SHA-256 {digest} is that of {name} "
                "itself, the zip file as downloaded. Anyone holding that file can count again with python "
                "scripts/gallery.py tally.",
                name=name,
                member=_markdown_text(visible(result.export_member)),
                digest=result.digest,
            ),
            "",
        ]
    else:
        lines += [
            tr(
                "Counted from the export {name} (SHA-256 {digest}). Anyone holding that file can count again "
                "with python scripts/gallery.py tally.",
                name=name,
                digest=result.digest,
            ),
            "",
        ]
    return lines


def _about_sentences(result: TallyResult, tr) -> list[str]:
    """What the count decided for the whole export, what it did with votes without a token, and test votes."""
    if result.several:
        sentences = [
            tr(
                "Export {number} ({name}): {text}",
                number=n.export + 1,
                name=visible(result.exports[n.export].name),
                text=n.text,
            )
            for n in result.notes
            if n.line is None
        ]
    else:
        sentences = [n.text[:1].upper() + n.text[1:] for n in result.notes if n.line is None]
    if result.tokenless:  # no tokens are needed with ballot codes: nothing to say then
        count = result.without_token
        if not count:
            sentences.append(tr("No vote came without a token."))
        elif result.tokenless == "count":
            sentences.append(
                tr.ngettext(
                    "{count} vote came without a token (sent without JavaScript or typed into the form directly) and was "
                    "counted once (tokenless: count).",
                    "{count} votes came without a token (sent without JavaScript or typed into the form directly) and "
                    "were counted, each once (tokenless: count).",
                    count,
                    count=count,
                )
            )
        else:
            sentences.append(
                tr.ngettext(
                    "{count} vote came without a token (sent without JavaScript or typed into the form directly) and was "
                    "not counted: a vote without a token cannot be matched to any other, so anyone could send the form "
                    "again and again. To count it, write tokenless: count under vote in mkdocs.yml and count again; the "
                    "export keeps it.",
                    "{count} votes came without a token (sent without JavaScript or typed into the form directly) and "
                    "were not counted: a vote without a token cannot be matched to any other, so anyone could send the "
                    "form again and again. To count them, write tokenless: count under vote in mkdocs.yml and count "
                    "again; the export keeps them.",
                    count,
                    count=count,
                )
            )
    if result.ignored:
        count = len(result.ignored)
        sentences.append(
            tr.ngettext(
                "{count} test vote (poster _test) ignored.",
                "{count} test votes (poster _test) ignored.",
                count,
                count=count,
            )
        )
    edge = sum(1 for n in result.notes if n.kind == "edge")
    if edge:
        sentences.append(
            tr.ngettext(
                "{count} vote reached the form service a few seconds outside the voting window and was taken as sent "
                "in time, as the vote page may have sent it in the window's last or first seconds (listed with "
                "the decisions).",
                "{count} votes reached the form service a few seconds outside the voting window and were taken as "
                "sent in time, as the vote page may have sent them in the window's last or first seconds (listed "
                "with the decisions).",
                edge,
                count=edge,
            )
        )
    unknown = sum(1 for r in result.rejected if r.kind == "poster")
    if unknown:
        # The site's poster ids are the folder names: a folder renamed or taken out after voting began
        # turns its votes into votes for no poster, and the ranking goes on without it.
        sentences.append(
            tr.ngettext(
                "{count} vote names a poster the site does not have (listed above). If a poster folder was "
                "renamed or removed after voting began, give it back its old name, or put it back, and count "
                "again: the votes for it are in the export.",
                "{count} votes name posters the site does not have (listed above). If a poster folder was "
                "renamed or removed after voting began, give it back its old name, or put it back, and count "
                "again: the votes for it are in the export.",
                unknown,
                count=unknown,
            )
        )
    return sentences


def summary_sentence(result: TallyResult, tr) -> str:
    """The totals, as the sum they always make: rows read = accepted + rejected (by reason) + ignored."""

    def by_kind(items) -> str:
        kinds: dict[str, int] = {}
        for item in items:
            kinds[item.kind] = kinds.get(item.kind, 0) + 1
        parts = [f"{tr(KIND_NAMES[k])} {n}" for k, n in sorted(kinds.items())]
        return " (" + ", ".join(parts) + ")" if parts else ""

    return tr(
        "Rows read: {rows} = accepted {accepted} + rejected {rejected}{why_rejected} + ignored {ignored}{why_ignored}.",
        rows=result.rows,
        accepted=len(result.accepted),
        rejected=len(result.rejected),
        why_rejected=by_kind(result.rejected),
        ignored=len(result.ignored),
        why_ignored=by_kind(result.ignored),
    )


def results_svg(result: TallyResult, tr) -> str:
    """A horizontal bar chart of the ranking, one bar per poster (grouped by role when voting per role)."""
    width, label_w, bar_w, row_h, head_h = 760, 360, 330, 26, 30
    most = max([p.votes for places in result.rankings.values() for p in places] + [1])
    parts = []
    y = 10
    for scope, places in result.rankings.items():
        if len(result.rankings) > 1 or scope != "all":
            parts.append(
                f'<text x="0" y="{y + 18}" font-size="16" font-weight="bold">'
                f"{xml_escape(_scope_label(scope, tr))}</text>"
            )
            y += head_h
        for place in places:
            title = place.poster.title if len(place.poster.title) <= 46 else place.poster.title[:45].rstrip() + "…"
            length = round(bar_w * place.votes / most, 1)
            parts.append(
                f'<g transform="translate(0,{y})"><title>{xml_escape(place.poster.title)}: {place.votes}</title>'
                f'<text x="0" y="17" font-size="13">{xml_escape(_rank_text(place, tr))}. {xml_escape(title)}</text>'
                f'<rect x="{label_w}" y="4" width="{length}" height="{row_h - 8}" fill="#3f51b5"/>'
                f'<text x="{label_w + length + 6}" y="17" font-size="13">{place.votes}</text></g>'
            )
            y += row_h
        y += 10
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, Arial, sans-serif">'
        f"<title>{xml_escape(tr('Chart of the votes per poster'))}</title>" + "".join(parts) + "</svg>\n"
    )


def write_results(result: TallyResult, vote: VoteSettings, folder: Path, tr) -> list[Path]:
    """results.md, results.csv, results.svg, rejected.csv and awards.json in ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "results.md": results_markdown(result, vote, tr),
        "results.csv": results_csv(result, tr),
        "results.svg": results_svg(result, tr),
        "rejected.csv": rejected_csv(result, tr),
        AWARDS_FILE: json.dumps(awards_data(result.rankings), ensure_ascii=False, indent=1) + "\n",
    }
    paths = []
    for name, text in files.items():
        path, data = folder / name, text.encode("utf-8")
        # Compared as bytes: a results.csv saved again by a spreadsheet in another encoding is simply replaced.
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths


def report_lines(result: TallyResult, tr) -> list[str]:
    """What the tally command prints: the decisions about the export, each row not simply counted (rejected, or
    counted or ignored with the reason), the rankings, then votes without a token, test votes and the totals."""
    lines = []
    if result.several:
        lines += [
            tr("export {number}: {name}", number=number, name=visible(export.name))
            for number, export in enumerate(result.exports, 1)
        ]
    for export, line, outcome, _, text in decisions(result):
        if line is None:
            continue  # said with the totals
        if outcome == "rejected":
            said = tr("line {line}: {reason}", line=line, reason=visible(text))
        else:
            said = tr(
                "line {line} ({outcome}): {reason}", line=line, outcome=tr(OUTCOME_NAMES[outcome]), reason=visible(text)
            )
        lines.append(tr("export {number}, {said}", number=export + 1, said=said) if result.several else said)
    for scope, places in result.rankings.items():
        lines += ["", tr("Ranking: {group}", group=_scope_label(scope, tr))]
        for place in places:
            mark = tr(" (tie)") if place.tied else ""
            lines.append(
                f"{place.rank:>4}{'=' if place.tied else '.'} {place.votes:>7}  "
                f"{place.poster.title} ({place.poster.slug}){mark}"
            )
    lines.append("")
    lines += [visible(sentence) for sentence in _about_sentences(result, tr)]
    lines.append(summary_sentence(result, tr))
    return lines


# ----------------------------------------------------------- publishing ---

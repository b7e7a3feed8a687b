"""Count the votes: read the form service's CSV export and rank the posters, fairly and in the open.

The rules, applied to every row and reported row by row:

* a row must have a readable time inside the voting window (``opens`` to
  ``closes``), a poster id the site knows, and, with ``codes: true``, a ballot
  code that is well formed and on the committee's list;
* one vote per voter: per ballot code when codes are on, else per browser
  token; with ``per_role`` one per role. The earliest valid vote counts and
  later ones are reported as duplicates (with the line of the one counted);
* a vote without a token (sent without JavaScript, or typed into the form by
  hand) cannot be matched to others, so it counts once and the summary says
  how many there were;
* nothing is dropped silently: every row read is either accepted or rejected
  with its line number and reason, and accepted + rejected = rows read.

Columns are found by their header (``vote.columns`` in mkdocs.yml, with each
provider's usual headers as defaults), never by position. The file may be
UTF-8 with or without BOM, separated by commas, semicolons (spreadsheets set
to Indonesian write those) or tabs. Times are read in the formats Google
Forms, Google Sheets, Tally and Formspree write; a time without a zone is
read in the zone the export uses (see ``export_zone``).
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from . import codes as ballot_codes
from .i18n import N_, register
from .model import ROLES, Poster, Problem, visible
from .render import html_text
from .vote import TOKEN_PATTERN, VoteSettings, Zone, moment_text, parse_zone, window_text

RESULTS_DIR = "results"
UTC = Zone("UTC", 0)


@dataclass(frozen=True)
class Rejected:
    """A row that does not count, and why (``kind`` groups the reasons in the summary)."""

    line: int
    kind: str  # empty, malformed, time, window, poster, code, token, duplicate
    reason: str


@dataclass(frozen=True)
class Ballot:
    """A valid vote before duplicates are removed."""

    line: int
    time: _dt.datetime
    poster: Poster
    voter: str  # code or token; "" when the row has neither


@dataclass(frozen=True)
class Place:
    """One poster's place in a ranking."""

    rank: int
    tied: bool
    poster: Poster
    votes: int


@dataclass
class TallyResult:
    rows: int = 0
    accepted: list[Ballot] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    rankings: dict[str, list[Place]] = field(default_factory=dict)  # scope ("all" or a role) -> places
    without_token: int = 0
    digest: str = ""  # SHA-256 of the export file, so anyone can check the count was made from it
    export_name: str = ""


class ExportError(Exception):
    """The export cannot be counted at all (wrong encoding, columns missing); ``message`` says how to fix it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- times ---

_TIME = re.compile(
    r"^\s*(?:(?P<Y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4}))"
    r"(?:[Tt]|[\s,]+)(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    r"\s*(?P<tz>[Zz]|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?|GMT|UTC|WIB|WITA|WIT)?\s*$")
# The longest time any export writes is about 40 characters. Longer text is not a time, and is not
# matched at all: the pattern's runs of optional spaces take cubic time on a cell of spaces.
MAX_TIME_LENGTH = 64


def _match_time(text: str):
    return _TIME.match(text) if len(text) <= MAX_TIME_LENGTH else None


def export_zone(vote: VoteSettings) -> Zone:
    """The zone of times written without one: Tally and Formspree write UTC; a Google Sheet (and most
    form endpoints) write the owner's local time, which for this gallery is the vote's own zone."""
    return UTC if vote.provider in ("tally", "formspree") else vote.zone


def parse_time(text: str, zone: Zone, day_first: bool = True) -> _dt.datetime | None:
    """An aware datetime from one of the export formats, or None when unreadable."""
    match = _match_time(text)
    if match is None:
        return None
    g = match.groupdict()
    if g["Y"]:
        year, month, day = int(g["Y"]), int(g["m"]), int(g["d"])
    else:
        first, second = int(g["a"]), int(g["b"])
        day, month = (first, second) if day_first else (second, first)
        year = int(g["y"])
    hour = int(g["H"])
    if g["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if g["ampm"][0] in "Pp" else 0)
    tz = zone.tzinfo
    if g["tz"]:
        named = parse_zone(g["tz"].replace("GMT", "UTC")) if g["tz"] not in "Zz" else UTC
        if named is None:
            return None
        tz = named.tzinfo
    try:
        return _dt.datetime(year, month, day, hour, int(g["M"]), int(g["S"] or 0), tzinfo=tz)
    except ValueError:
        return None


def day_first_order(values: list[str], vote: VoteSettings, zone: Zone) -> bool | None:
    """Whether ``30/01/2024``-style dates put the day first; None when the file mixes both orders.

    A day above 12 settles it; when every date could be read both ways, the order that puts
    more times inside the voting window wins, and day-first (as in Indonesia) breaks a tie.
    """
    day_first_seen = month_first_seen = False
    ambiguous = []
    for value in values:
        match = _match_time(value.strip())
        if match is None or match.group("Y"):
            continue
        a, b = int(match.group("a")), int(match.group("b"))
        if a > 12:
            day_first_seen = True
        elif b > 12:
            month_first_seen = True
        elif a != b:
            ambiguous.append(value)
    if day_first_seen and month_first_seen:
        return None
    if day_first_seen or month_first_seen:
        return day_first_seen
    if not ambiguous or (vote.opens is None and vote.closes is None):
        return True

    def inside(day_first: bool) -> int:
        return sum(1 for v in ambiguous if (t := parse_time(v, zone, day_first)) and vote.is_open_at(t))

    return inside(True) >= inside(False)


# -------------------------------------------------------------- reading ---

def _norm_header(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _find_columns(header: list[str], vote: VoteSettings) -> dict[str, int]:
    found = {}
    normalised = [_norm_header(h) for h in header]
    for role, candidates in vote.columns.items():
        for candidate in candidates:
            key = _norm_header(candidate)
            if key in normalised:
                found[role] = normalised.index(key)
                break
    return found


def _sniff_delimiter(first_line: str, vote: VoteSettings) -> str:
    """The separator that makes the header line name the most expected columns (then the most columns)."""
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        try:
            header = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a stray CR inside the line: reading the header says so in words
            continue
        score = (len(_find_columns(header, vote)), len(header))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def decode_export(data: bytes, tr) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExportError(tr("the export is not saved as UTF-8 text (line {line} cannot be read). Download it "
                             "again from the form service, or in Excel save it as 'CSV UTF-8'.", line=line)) from None


def count_votes(data: bytes, vote: VoteSettings, posters: list[Poster], tr, *, valid_codes: set[str] | None = None,
                zone: Zone | None = None, day_first: bool | None = None, export_name: str = "") -> TallyResult:
    """Count an export (its bytes); raise ``ExportError`` when it cannot be counted at all."""
    text = decode_export(data, tr)
    if not text.strip():
        raise ExportError(tr("the export is empty; download it again from the form service."))
    zone = zone or export_zone(vote)
    if "\n" not in text:
        text = text.replace("\r", "\n")  # lines ended by a lone CR (old spreadsheets on a Mac)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line, vote))
    try:
        header = next(reader)
    except csv.Error:
        raise ExportError(tr("the first line of the export cannot be read as CSV (a value is far too long, or its "
                             "quotes do not match); download the export again from the form service.")) from None
    columns = _find_columns(header, vote)
    needed = ["time", "poster"] + (["code"] if vote.codes else ["token"])
    missing = [role for role in needed if role not in columns]
    if missing:
        role = missing[0]
        raise ExportError(tr("the export has no column for '{role}' (looked for: {wanted}); its columns are: "
                             "{found}. Write the right header in mkdocs.yml under vote, columns, e.g. "
                             "'{role}: {example}'.", role=role, wanted=", ".join(vote.columns[role]),
                             found=visible(", ".join(h for h in header if h.strip())) or "-",
                             example=next((h for h in header if h.strip()), role)))
    if vote.codes and valid_codes is None:
        raise ExportError(tr("the vote uses ballot codes, so the count needs the list of codes: add --codes "
                             "ballot-codes/codes.csv (the file written by the codes command)."))

    rows: list[tuple[int, list[str] | None]] = []  # None: a row the CSV reader could not read
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a value over the reader's size limit, a quote in the wrong place: this row only
            row = None
        rows.append((line, row))
        line = reader.line_num + 1
    if day_first is None:
        time_col = columns["time"]
        day_first = day_first_order([r[time_col] for _, r in rows if r and len(r) > time_col], vote, zone)
        if day_first is None:
            raise ExportError(tr("the export mixes day/month/year and month/day/year dates; say which it is with "
                                 "--date-order dmy or --date-order mdy."))
    result = TallyResult(rows=len(rows), digest=hashlib.sha256(data).hexdigest(), export_name=export_name)
    by_slug = {p.slug: p for p in posters}
    ballots = _valid_ballots(rows, len(header), columns, vote, by_slug, valid_codes, zone, day_first, tr, result)
    _remove_duplicates(ballots, vote, tr, result)
    result.rejected.sort(key=lambda r: r.line)
    result.rankings = rank(result.accepted, posters, vote.per_role)
    return result


def _valid_ballots(rows, width, columns, vote, by_slug, valid_codes, zone, day_first, tr, result) -> list[Ballot]:
    time_col, poster_col = columns["time"], columns["poster"]
    token_col, code_col = columns.get("token"), columns.get("code") if vote.codes else None
    reject = result.rejected.append
    ballots = []
    for line, row in rows:
        if row is None:
            reject(Rejected(line, "malformed", tr("this row cannot be read as CSV (a value is far too long, or its "
                                                  "quotes do not match)")))
            continue
        if not any(cell.strip() for cell in row):
            reject(Rejected(line, "empty", tr("empty row")))
            continue
        if len(row) != width:
            reject(Rejected(line, "malformed", tr("{count} values where the header has {expected}; a value "
                                                  "containing the separator may be missing its quotes",
                                                  count=len(row), expected=width)))
            continue
        raw_time = row[time_col].strip()
        moment = parse_time(raw_time, zone, day_first) if raw_time else None
        if moment is None:
            reason = tr("the time '{value}' cannot be read", value=raw_time) if raw_time else tr("no time")
            reject(Rejected(line, "time", reason))
            continue
        if vote.opens and moment < vote.opens:
            reject(Rejected(line, "window", tr("sent {time}, before voting opened ({opens})",
                                               time=_clock(moment, vote), opens=_clock(vote.opens, vote))))
            continue
        if vote.closes and moment >= vote.closes:
            reject(Rejected(line, "window", tr("sent {time}, after voting closed ({closes})",
                                               time=_clock(moment, vote), closes=_clock(vote.closes, vote))))
            continue
        raw_poster = row[poster_col].strip()
        poster = by_slug.get(raw_poster.lower())
        if poster is None:
            reason = tr("unknown poster '{value}' (no poster on the site has this id)", value=raw_poster) \
                if raw_poster else tr("no poster chosen")
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
                reject(Rejected(line, "code", tr("ballot code '{value}' is not valid (mistyped or made up)",
                                                 value=raw_code)))
                continue
            if code not in valid_codes:
                reject(Rejected(line, "code", tr("ballot code '{value}' is not on the list of codes",
                                                 value=raw_code)))
                continue
            voter = code
        elif token_col is not None:
            token = row[token_col].strip()
            if token and not TOKEN_PATTERN.match(token):
                reject(Rejected(line, "token", tr("token '{value}' was not made by the vote page", value=token)))
                continue
            voter = token
        ballots.append(Ballot(line, moment, poster, voter))
    return ballots


def _remove_duplicates(ballots: list[Ballot], vote: VoteSettings, tr, result: TallyResult) -> None:
    """Keep the earliest vote of each voter (per role with per_role); the rest are duplicates."""
    first: dict[tuple[str, str], int] = {}
    if vote.codes:
        template = N_("duplicate: this ballot code already voted{scope} on line {line}")
    else:
        template = N_("duplicate: this browser already voted{scope} on line {line}")
    for ballot in sorted(ballots, key=lambda b: (b.time, b.line)):
        if not ballot.voter:
            result.without_token += 1
            result.accepted.append(ballot)
            continue
        scope = ballot.poster.role if vote.per_role else ""
        seen = first.get((ballot.voter, scope))
        if seen is not None:
            where = tr(" for {role}", role=tr.label("roles." + scope)) if scope else ""
            result.rejected.append(Rejected(ballot.line, "duplicate", tr(template, scope=where, line=seen)))
            continue
        first[(ballot.voter, scope)] = ballot.line
        result.accepted.append(ballot)
    result.accepted.sort(key=lambda b: b.line)


def _clock(moment: _dt.datetime, vote: VoteSettings) -> str:
    local = moment.astimezone(vote.zone.tzinfo)
    return f"{local:%Y-%m-%d %H:%M:%S} {vote.zone.name}"


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
    return tr.label("tally.all") if scope == "all" else tr.label("roles." + scope)


def _rank_text(place: Place, tr) -> str:
    return tr.label("tally.rank.tied", rank=place.rank) if place.tied else str(place.rank)


def results_csv(result: TallyResult, tr) -> str:
    rows = [[tr.label("tally.col.group"), tr.label("tally.col.rank"), tr.label("tally.col.tied"),
             tr.label("tally.col.poster"), tr.label("tally.col.title"), tr.label("tally.col.votes")]]
    for scope, places in result.rankings.items():
        for place in places:
            rows.append([_scope_label(scope, tr), place.rank, tr.label("tally.yes") if place.tied else "",
                         place.poster.slug, place.poster.title, place.votes])
    return _csv_text(rows)


def rejected_csv(result: TallyResult, tr) -> str:
    return _csv_text([[tr.label("tally.col.line"), tr.label("tally.col.reason")]]
                     + [[r.line, r.reason] for r in result.rejected])


def _markdown_text(text: str) -> str:
    """Poster text inside Markdown: no emphasis, links, table breaks, HTML or template braces."""
    escaped = re.sub(r"([\\`*_\[\]|!#~])", r"\\\1", text)
    return str(html_text(escaped))


def results_markdown(result: TallyResult, vote: VoteSettings, tr) -> str:
    """The results page: the ranking with ties, the numbers behind it, and how to check them."""
    title = tr.label("tally.title")
    lines = ["---", f"title: {title}", "---", "", f"# {title}", ""]
    window = window_text(vote, tr)
    if window:
        lines += [window, ""]
    lines += [f"![{tr.label('tally.chart')}](results.svg)", ""]
    for scope, places in result.rankings.items():
        if vote.per_role:
            lines += [f"## {_scope_label(scope, tr)}", ""]
        lines += [f"| {tr.label('tally.col.rank')} | {tr.label('tally.col.title')} | {tr.label('tally.col.votes')} |",
                  "|---:|---|---:|"]
        for place in places:
            link = f"[{_markdown_text(place.poster.title)}](../poster/{place.poster.slug}/index.md)"
            lines.append(f"| {_rank_text(place, tr)} | {link} | {place.votes} |")
        lines.append("")
    lines += [f"## {tr.label('tally.numbers')}", "", summary_sentence(result, tr), ""]
    if result.without_token:
        lines += [tr.label("tally.without.token", count=result.without_token), ""]
    lines += [tr.label("tally.check", name=_markdown_text(result.export_name or "export"),
                       digest=result.digest), ""]
    return "\n".join(lines)


def summary_sentence(result: TallyResult, tr) -> str:
    text = tr.label("tally.summary", rows=result.rows, accepted=len(result.accepted), rejected=len(result.rejected))
    kinds = {}
    for r in result.rejected:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    if kinds:
        parts = [f"{tr.label('tally.kind.' + k)} {n}" for k, n in sorted(kinds.items())]
        text += " (" + ", ".join(parts) + ")"
    return text + "."


def results_svg(result: TallyResult, tr) -> str:
    """A horizontal bar chart of the ranking, one bar per poster (grouped by role when voting per role)."""
    width, label_w, bar_w, row_h, head_h = 760, 360, 330, 26, 30
    most = max([p.votes for places in result.rankings.values() for p in places] + [1])
    parts = []
    y = 10
    for scope, places in result.rankings.items():
        if len(result.rankings) > 1 or scope != "all":
            parts.append(f'<text x="0" y="{y + 18}" font-size="16" font-weight="bold">'
                         f'{xml_escape(_scope_label(scope, tr))}</text>')
            y += head_h
        for place in places:
            title = place.poster.title if len(place.poster.title) <= 46 else place.poster.title[:45].rstrip() + "…"
            length = round(bar_w * place.votes / most, 1)
            parts.append(
                f'<g transform="translate(0,{y})"><title>{xml_escape(place.poster.title)}: {place.votes}</title>'
                f'<text x="0" y="17" font-size="13">{xml_escape(_rank_text(place, tr))}. {xml_escape(title)}</text>'
                f'<rect x="{label_w}" y="4" width="{length}" height="{row_h - 8}" fill="#3f51b5"/>'
                f'<text x="{label_w + length + 6}" y="17" font-size="13">{place.votes}</text></g>')
            y += row_h
        y += 10
    height = y + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, Arial, sans-serif">'
            f'<title>{xml_escape(tr.label("tally.chart"))}</title>' + "".join(parts) + "</svg>\n")


def write_results(result: TallyResult, vote: VoteSettings, folder: Path, tr) -> list[Path]:
    """results.md, results.csv, results.svg and rejected.csv in ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "results.md": results_markdown(result, vote, tr),
        "results.csv": results_csv(result, tr),
        "results.svg": results_svg(result, tr),
        "rejected.csv": rejected_csv(result, tr),
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def report_lines(result: TallyResult, tr) -> list[str]:
    """What the tally command prints: each rejected row, the rankings, then the totals."""
    lines = [tr("line {line}: {reason}", line=r.line, reason=visible(r.reason)) for r in result.rejected]
    for scope, places in result.rankings.items():
        lines += ["", tr.label("tally.ranking", group=_scope_label(scope, tr))]
        for place in places:
            mark = tr.label("tally.tie") if place.tied else ""
            lines.append(f"{place.rank:>4}{'=' if place.tied else '.'} {place.votes:>7}  "
                         f"{place.poster.title} ({place.poster.slug}){mark}")
    lines.append("")
    if result.without_token:
        lines.append(tr.label("tally.without.token", count=result.without_token))
    lines.append(summary_sentence(result, tr))
    return lines


# ----------------------------------------------------------- publishing ---

def published_results(settings, tr) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """With ``results: true``: the results page (from results/results.md) and its chart, for docs/results/."""
    from .writer import GENERATED_MARKER

    folder = settings.root / RESULTS_DIR
    page = folder / "results.md"
    # Only the files themselves are published: a link (committed with git add -f like the results) could
    # lead anywhere on the machine that builds the site.
    linked = [path for path in (folder, page, folder / "results.svg") if path.is_symlink()]
    if linked:
        return [], [Problem(path.relative_to(settings.root).as_posix(), None, None, tr(
            "this is a link (symlink) to another place; the results are published only from the files "
            "themselves, so replace the link with the file.")) for path in linked]
    if not page.is_file():
        return [], [Problem(f"{RESULTS_DIR}/results.md", None, None, tr(
            "extra.gallery.results is true, but there are no results yet: count the votes first with "
            "python scripts/gallery.py tally EXPORT.csv, or set results: false in mkdocs.yml."))]
    try:
        text = page.read_text("utf-8-sig").replace("\r\n", "\n")  # the committee may have edited it on Windows
    except UnicodeDecodeError:
        return [], [Problem(f"{RESULTS_DIR}/results.md", None, None, tr(
            "results.md is not saved as UTF-8 text; save it again with the UTF-8 encoding (in Notepad: File > "
            "Save As > Encoding: UTF-8)."))]
    marker = f"<!-- {GENERATED_MARKER}: edit {RESULTS_DIR}/results.md, not this file -->\n"
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    head, body = (text[: match.end()], text[match.end():]) if match else ("", text)
    files = [("results/index.md", (head + marker + body).encode("utf-8"))]
    chart = folder / "results.svg"
    if chart.is_file():
        files.append(("results/results.svg", chart.read_bytes()))
    return files, []


register(
    labels={
        "tally.title": {"id": "Hasil Pemungutan Suara", "en": "Vote results"},
        "tally.chart": {"id": "Grafik jumlah suara per poster", "en": "Chart of the votes per poster"},
        "tally.all": {"id": "Semua poster", "en": "All posters"},
        "tally.ranking": {"id": "Peringkat: {group}", "en": "Ranking: {group}"},
        "tally.tie": {"id": " (seri)", "en": " (tie)"},
        "tally.rank.tied": {"id": "{rank} (seri)", "en": "{rank} (tie)"},
        "tally.yes": {"id": "ya", "en": "yes"},
        "tally.numbers": {"id": "Angka di balik hasil", "en": "The numbers behind the results"},
        "tally.summary": {"id": "Baris dibaca: {rows}; diterima: {accepted}; ditolak: {rejected}",
                          "en": "Rows read: {rows}; accepted: {accepted}; rejected: {rejected}"},
        "tally.kind.empty": {"id": "baris kosong", "en": "empty rows"},
        "tally.kind.malformed": {"id": "baris rusak", "en": "malformed rows"},
        "tally.kind.time": {"id": "waktu tak terbaca", "en": "unreadable times"},
        "tally.kind.window": {"id": "di luar waktu pemungutan suara", "en": "outside the voting window"},
        "tally.kind.poster": {"id": "poster tidak dikenal", "en": "unknown posters"},
        "tally.kind.code": {"id": "kode suara tidak sah", "en": "invalid ballot codes"},
        "tally.kind.token": {"id": "token tidak sah", "en": "invalid tokens"},
        "tally.kind.duplicate": {"id": "suara ganda", "en": "duplicates"},
        "tally.without.token": {"id": "{count} suara yang diterima tidak membawa token (dikirim tanpa JavaScript "
                                      "atau diisi langsung di formulir); masing-masing dihitung satu kali.",
                                "en": "{count} accepted votes carried no token (sent without JavaScript or typed "
                                      "into the form directly); each counted once."},
        "tally.check": {"id": "Dihitung dari berkas ekspor {name} (SHA-256 {digest}). Siapa pun yang memegang "
                              "berkas itu dapat menghitung ulang dengan python scripts/gallery.py tally.",
                        "en": "Counted from the export {name} (SHA-256 {digest}). Anyone holding that file can "
                              "count again with python scripts/gallery.py tally."},
        "tally.col.group": {"id": "Kelompok", "en": "Group"},
        "tally.col.rank": {"id": "Peringkat", "en": "Rank"},
        "tally.col.tied": {"id": "Seri", "en": "Tie"},
        "tally.col.poster": {"id": "Poster", "en": "Poster"},
        "tally.col.title": {"id": "Judul", "en": "Title"},
        "tally.col.votes": {"id": "Suara", "en": "Votes"},
        "tally.col.line": {"id": "Baris", "en": "Line"},
        "tally.col.reason": {"id": "Alasan", "en": "Reason"},
    },
    messages={
        "the export is not saved as UTF-8 text (line {line} cannot be read). Download it again from the form "
        "service, or in Excel save it as 'CSV UTF-8'.":
            "berkas ekspor tidak disimpan sebagai teks UTF-8 (baris {line} tidak terbaca). Unduh lagi dari layanan "
            "formulir, atau di Excel simpan sebagai 'CSV UTF-8'.",
        "the export is empty; download it again from the form service.":
            "berkas ekspor kosong; unduh lagi dari layanan formulir.",
        "the export has no column for '{role}' (looked for: {wanted}); its columns are: {found}. Write the right "
        "header in mkdocs.yml under vote, columns, e.g. '{role}: {example}'.":
            "berkas ekspor tidak punya kolom untuk '{role}' (yang dicari: {wanted}); kolom yang ada: {found}. "
            "Tuliskan judul kolom yang benar di mkdocs.yml di bawah vote, columns, misalnya '{role}: {example}'.",
        "the vote uses ballot codes, so the count needs the list of codes: add --codes ballot-codes/codes.csv (the "
        "file written by the codes command).":
            "pemungutan suara memakai kode suara, jadi penghitungan memerlukan daftar kodenya: tambahkan --codes "
            "ballot-codes/codes.csv (berkas yang ditulis perintah codes).",
        "the export mixes day/month/year and month/day/year dates; say which it is with --date-order dmy or "
        "--date-order mdy.":
            "berkas ekspor mencampur tanggal hari/bulan/tahun dan bulan/hari/tahun; sebutkan yang benar dengan "
            "--date-order dmy atau --date-order mdy.",
        "mkdocs.yml has no vote section under extra.gallery, so there is nothing to count; add it as described in "
        "README.md (Voting).":
            "mkdocs.yml tidak punya bagian vote di bawah extra.gallery, jadi tidak ada yang dihitung; tambahkan "
            "seperti dijelaskan di README.md (Voting).",
        "--timezone must be WIB, WITA, WIT, UTC or an offset such as +07:00 (found '{value}').":
            "--timezone harus WIB, WITA, WIT, UTC atau selisih seperti +07:00 (tertulis '{value}').",
        "{path} cannot be read: {reason}.": "{path} tidak dapat dibaca: {reason}.",
        "it is not UTF-8 text": "isinya bukan teks UTF-8",
        "wrote {path}": "{path} ditulis",
        "empty row": "baris kosong",
        "this row cannot be read as CSV (a value is far too long, or its quotes do not match)":
            "baris ini tidak dapat dibaca sebagai CSV (ada nilai yang terlalu panjang, atau tanda kutipnya tidak "
            "berpasangan)",
        "the first line of the export cannot be read as CSV (a value is far too long, or its quotes do not match); "
        "download the export again from the form service.":
            "baris pertama berkas ekspor tidak dapat dibaca sebagai CSV (ada nilai yang terlalu panjang, atau tanda "
            "kutipnya tidak berpasangan); unduh lagi berkas ekspor dari layanan formulir.",
        "{count} values where the header has {expected}; a value containing the separator may be missing its quotes":
            "{count} nilai padahal judul kolom ada {expected}; mungkin ada nilai berisi tanda pemisah yang tidak "
            "diapit tanda kutip",
        "the time '{value}' cannot be read": "waktu '{value}' tidak terbaca",
        "no time": "tidak ada waktu",
        "sent {time}, before voting opened ({opens})": "dikirim {time}, sebelum pemungutan suara dibuka ({opens})",
        "sent {time}, after voting closed ({closes})": "dikirim {time}, setelah pemungutan suara ditutup ({closes})",
        "unknown poster '{value}' (no poster on the site has this id)":
            "poster '{value}' tidak dikenal (tidak ada poster di situs dengan id ini)",
        "no poster chosen": "tidak ada poster yang dipilih",
        "no ballot code": "tidak ada kode suara",
        "ballot code '{value}' is not valid (mistyped or made up)":
            "kode suara '{value}' tidak sah (salah ketik atau dikarang)",
        "ballot code '{value}' is not on the list of codes": "kode suara '{value}' tidak ada di daftar kode",
        "token '{value}' was not made by the vote page": "token '{value}' tidak dibuat oleh halaman pemungutan suara",
        "duplicate: this ballot code already voted{scope} on line {line}":
            "suara ganda: kode suara ini sudah memilih{scope} di baris {line}",
        "duplicate: this browser already voted{scope} on line {line}":
            "suara ganda: browser ini sudah memilih{scope} di baris {line}",
        " for {role}": " untuk {role}",
        "line {line}: {reason}": "baris {line}: {reason}",
        "this is a link (symlink) to another place; the results are published only from the files themselves, so "
        "replace the link with the file.":
            "ini adalah tautan (symlink) ke tempat lain; hasil hanya diterbitkan dari berkasnya sendiri, jadi ganti "
            "tautan itu dengan berkasnya.",
        "results.md is not saved as UTF-8 text; save it again with the UTF-8 encoding (in Notepad: File > Save As > "
        "Encoding: UTF-8).":
            "results.md tidak disimpan sebagai teks UTF-8; simpan lagi dengan encoding UTF-8 (di Notepad: File > "
            "Save As > Encoding: UTF-8).",
        "extra.gallery.results is true, but there are no results yet: count the votes first with python "
        "scripts/gallery.py tally EXPORT.csv, or set results: false in mkdocs.yml.":
            "extra.gallery.results bernilai true, tetapi hasilnya belum ada: hitung suara dulu dengan python "
            "scripts/gallery.py tally EXPORT.csv, atau atur results: false di mkdocs.yml.",
    },
)

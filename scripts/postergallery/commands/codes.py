"""Ballot codes: one per visitor, printed on a card, typed into the vote form.

A code is eight characters written ``XXXX-XXXX`` from an alphabet without the
look-alikes 0/O and 1/I, so it is easy to read off a badge and to type on a
phone. Seven characters are random (32**7, about 34 billion possibilities,
drawn with the ``secrets`` module); the eighth is a check character
(Luhn mod 32), so the vote page can say "check your code" after a typo
instead of sending a vote the count would reject. Guessing is blind: votes
go to the form service, so nobody can test a guess, and with 500 valid
codes a random well-formed guess is right about once in 69 million tries.

The vote page checks a code in the browser (``overrides/assets/gallery/ballot.js``)
with the alphabet, length and separators it gets from here through the page's
configuration (``features/vote.py`` ``client_config``); the check symbol is
computed the same way there, which ``tests/js/ballot.test.mjs`` tests against
this module on every kind of input.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import unicodedata
from pathlib import Path

from postergallery.commands.exportfile import excel_separator, find_columns, undecodable_line
from postergallery.model import visible

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, O, 1 or I
LENGTH = 8  # seven random symbols and a check symbol
MAX_CODES = 100_000
# What may stand between the symbols of a typed code, once compatibility forms are folded (see normalise): the
# dash printed on the cards, and what phones and copies from a chat put in its place or around the code: spaces,
# line breaks, other dashes (hyphen, en and em dash, minus) and invisible characters (soft hyphen, zero-width
# space and joiners, byte order mark). A regular expression that reads the same in Python and JavaScript.
SEPARATORS = re.compile(r"[\t\n\r \-\u00ad\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff]")
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}


def check_symbol(payload: str) -> str:
    """The Luhn mod N check symbol for ``payload`` (all symbols from ALPHABET)."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for ch in reversed(payload):
        addend = factor * _INDEX[ch]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def normalise(text: str) -> str:
    """What a voter typed, as the code is stored: upper case, without separators.

    NFKC first folds what some keyboards and copies produce into the plain symbol: full-width
    letters and digits, and no-break, narrow and other wide spaces into a space. Look-alikes are
    not guessed: 0, O, 1 and I never appear on a card, so a typed one may stand for several
    symbols (D or Q, L or 7), and the check symbol asks the voter to look at the card again.
    """
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", text).upper())


def is_well_formed(code: str) -> bool:
    """True when a normalised code has the right length, alphabet and check symbol."""
    return len(code) == LENGTH and all(ch in _INDEX for ch in code) and check_symbol(code[:-1]) == code[-1]


def display(code: str) -> str:
    """``ABCD2345`` -> ``ABCD-2345``."""
    return f"{code[:4]}-{code[4:]}"


def make_codes(count: int, randbelow=secrets.randbelow) -> list[str]:
    """``count`` unique, well-formed codes (normalised), in the order drawn."""
    if not 1 <= count <= MAX_CODES:
        raise ValueError(f"count must be between 1 and {MAX_CODES}")
    made: dict[str, None] = {}
    while len(made) < count:
        payload = "".join(ALPHABET[randbelow(len(ALPHABET))] for _ in range(LENGTH - 1))
        made.setdefault(payload + check_symbol(payload), None)
    return list(made)


def codes_csv(codes: list[str], tr) -> str:
    """The committee's list: number and code, one per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([tr.pgettext("the column of row numbers", "No"), tr("Code")])
    for i, code in enumerate(codes, 1):
        writer.writerow([i, display(code)])
    return out.getvalue()


class CodesError(Exception):
    """The list of codes cannot be used for the count; ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# A code never holds a comma, a semicolon or a tab, so each of them ends a cell whichever the list was saved
# with: a title row above the header, or names with commas in a list saved with semicolons, hide no code.
_CELL_ENDS = re.compile(r"[,;\t\r\n]")
# The columns of a vote export that no list of codes has: a list with one of them is the export given by mistake.
_EXPORT_ROLES = ("time", "poster", "token")


def read_codes_file(path: Path, tr, export_columns: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """The valid codes in a codes CSV (any column; the committee may have added names or notes).

    ``export_columns`` are the export's column titles (``vote.columns``): a file whose header (its first
    line, or the second below Excel's "sep=;") has a poster or token column is the export, not the list.
    Raises ``CodesError`` when the file is not UTF-8 text, holds no code or is the export.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodesError(
            tr(
                "{path} is not saved as UTF-8 text (line {line} cannot be read). In Excel or another spreadsheet "
                "program save it as 'CSV UTF-8', then count again.",
                path=visible(str(path)),
                line=undecodable_line(data, exc),
            )
        ) from None
    lines = text.lstrip("\r\n").splitlines(keepends=True)
    if lines and excel_separator(lines[0]):
        lines = lines[1:]  # the line Excel writes above the header: "sep=;"
    header = [_cell_text(cell) for cell in _CELL_ENDS.split(lines[0])] if lines else []
    wanted = {role: names for role, names in (export_columns or {}).items() if role in _EXPORT_ROLES}
    found = find_columns(header, wanted)
    # A time column alone is no sign: a list the committee added to may have a "Date" (the day a card was handed
    # out), one of the titles a form endpoint's export may give its times.
    if found.keys() & {"poster", "token"}:
        raise CodesError(
            tr(
                "{path} is an export of the votes (its header has the columns {columns}), not the list of "
                "ballot codes: with it every code voted with would be taken as valid. Give --codes the list "
                "the codes command wrote (ballot-codes/codes.csv).",
                path=visible(str(path)),
                columns=", ".join(visible(header[i]) for i in sorted(found.values())),
            )
        )
    codes = {code for cell in _CELL_ENDS.split(text) if (code := _listed_code(_cell_text(cell)))}
    if not codes:
        raise CodesError(
            tr(
                "{path} holds no ballot code (codes are written like K7QF-M2XW), so every vote would be "
                "rejected. Give --codes the list the codes command wrote (ballot-codes/codes.csv).",
                path=visible(str(path)),
            )
        )
    return codes


def _listed_code(cell: str) -> str | None:
    """The code a cell of the list holds (normalised), or None: two halves of four symbols with a dash (or other
    separators) between them, as the list writes it, or the eight symbols together with a digit among them, as
    one may be added by hand. Eight letters alone are a word: a name in a column the committee added ('PRASETYA',
    'Hendarta') passes the check symbol one time in 32, and would be taken as a code handed out."""
    parts = [part for part in _SEPARATOR_RUNS.split(unicodedata.normalize("NFKC", cell).upper()) if part]
    shaped = len(parts) == 2 and all(len(part) == LENGTH // 2 for part in parts)
    typed = len(parts) == 1 and any(ch.isdigit() for ch in parts[0])
    code = normalise(cell)  # the parts joined: stored as a typed code is
    return code if (shaped or typed) and is_well_formed(code) else None


_SEPARATOR_RUNS = re.compile(f"(?:{SEPARATORS.pattern})+")


def _cell_text(cell: str) -> str:
    """A cell as a spreadsheet shows it: without the quotes a CSV file may put around it."""
    return cell.strip().strip('"').strip()


def render_sheet(codes: list[str], settings, tr) -> str:
    """A printable HTML page of cut-out cards, one code per card (A4, print CSS)."""
    from postergallery.stages.render import make_environment

    vote_url = settings.absolute_url("vote/")
    env = make_environment(tr)
    return env.get_template("codes.html.j2").render(
        codes=[(i, display(c)) for i, c in enumerate(codes, 1)],
        lang=tr.lang,
        site_name=settings.site_name,
        vote_url=vote_url,
    )


def write_codes(folder: Path, count: int, settings, tr, *, force: bool = False) -> tuple[Path, Path]:
    """Make ``count`` codes and write ``codes.csv`` and ``codes.html`` into ``folder``.

    Refuses (``FileExistsError``) to replace an existing list unless ``force``:
    codes already printed on badges must never silently stop being valid.
    """
    csv_path, sheet_path = folder / "codes.csv", folder / "codes.html"
    if csv_path.exists() and not force:
        raise FileExistsError(csv_path)
    codes = make_codes(count)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path.write_text(codes_csv(codes, tr), "utf-8")
    sheet_path.write_text(render_sheet(codes, settings, tr), "utf-8")
    return csv_path, sheet_path

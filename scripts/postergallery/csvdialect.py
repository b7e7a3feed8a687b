"""The separator of a CSV file a person hands over: a form service's export, or the list of ballot codes.

Spreadsheets write commas, or semicolons where the comma is the decimal mark (Indonesian settings),
and some write tabs; the file does not say which. The header line decides.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable

SEPARATORS = (",", ";", "\t")
_LINE_END = re.compile(r"\r\n|\r|\n")


def sniff_delimiter(text: str, known: Callable[[list[str]], int] = lambda cells: 0) -> str:
    """The separator that splits the first line of ``text`` into the most ``known`` cells, then the most cells.

    ``known(cells)`` counts the header cells the reader recognises (the columns it looks for); on a tie
    the comma wins, then the semicolon.
    """
    # Lines may end with LF, CRLF or a lone CR (old spreadsheets on a Mac); a file with CR line ends may still
    # hold an LF inside a quoted value further on, so the first line ends at whichever comes first.
    first_line = _LINE_END.split(text.lstrip("\ufeff"), maxsplit=1)[0]
    best, best_score = ",", (-1, -1)
    for delimiter in SEPARATORS:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a stray CR inside the line: reading the header says so in words
            continue
        score = (known(cells), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best

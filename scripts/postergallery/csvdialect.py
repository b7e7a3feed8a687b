"""The separator of a CSV file a person hands over: a form service's export, or the list of ballot codes.

Spreadsheets write commas, or semicolons where the comma is the decimal mark (Indonesian settings),
and some write tabs; the file does not say which. The header line decides.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

SEPARATORS = (",", ";", "\t")


def sniff_delimiter(text: str, known: Callable[[list[str]], int] = lambda cells: 0) -> str:
    """The separator that splits the first line of ``text`` into the most ``known`` cells, then the most cells.

    ``known(cells)`` counts the header cells the reader recognises (the columns it looks for); on a tie
    the comma wins, then the semicolon.
    """
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
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

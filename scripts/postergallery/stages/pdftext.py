"""The text of a PDF poster's first page, in the order people read it.

A poster is laid out in blocks: a title across the top, two or three columns, a footer. PDFium gives the
page's text as rectangles of text runs in the order the file drew them, which may be any order; the
runs are put in reading order by cutting the page recursively along the widest empty gap (an XY-cut):
a gap running from top to bottom splits columns, read left before right; a gap running across splits
bands, read top before bottom; what cannot be cut is read line by line. The text is then made plain
(one space between words, lines kept, no control characters) and bounded, so a hostile file with
megabytes of text gives at most ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

MAX_CHARS = 5000  # the text kept of a poster: more than a poster holds, little for search and the page
MAX_READ = 30000  # characters read from a page: a poster has a few thousand; the rest of a larger text is cut
MAX_DEPTH = 60  # cuts within cuts; past it, the rest is read line by line
COLUMN_GAP = 1.0  # an empty strip at least this many line heights wide separates columns
PARAGRAPH_GAP = 1.2  # an empty band at least this many line heights tall separates paragraphs
TIE = 0.9  # gaps at least this fraction of the widest are cut together

# Control characters (PDFium writes \x02 for a soft hyphen at the end of a line), the byte-order and
# non-characters, and the ones that reverse the direction of the text around them.
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True)
class Segment:
    """A run of text on the page, in PDF points (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


def page_text(page, limit: int = MAX_CHARS) -> str:
    """The text of a ``pypdfium2.PdfPage`` in reading order, normalised, at most ``limit`` characters."""
    textpage = page.get_textpage()
    try:
        return normalise(reading_order(_segments(textpage)), limit)
    finally:
        textpage.close()


def _segments(textpage) -> list[Segment]:
    """The page's characters (at most ``MAX_READ``) in runs: one run while the characters follow each other
    on a line, in the order the file drew them. Each character is read once, so the time grows with the
    characters, not with their square (as asking PDFium for the text of each of its rectangles would)."""
    import pypdfium2.raw as pdfium_c

    segments: list[Segment] = []
    run: list = []  # [left, bottom, right, top, characters]
    pending = 0  # a UTF-16 high surrogate waiting for its pair
    for index in range(min(textpage.count_chars(), MAX_READ)):
        unit = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if 0xD800 <= unit < 0xDC00:
            pending = unit
            continue
        if 0xDC00 <= unit < 0xE000:
            unit, pending = (0x10000 + ((pending - 0xD800) << 10) + (unit - 0xDC00) if pending else 0), 0
        char = chr(unit) if unit else ""
        if not char or char.isspace():
            if run:
                run[4].append(" ")
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if right <= left or top <= bottom:
            continue  # a character without a box (PDFium made it up): nowhere to put it
        if run and _continues(run, left, bottom, right, top):
            run[0], run[1], run[2], run[3] = (
                min(run[0], left),
                min(run[1], bottom),
                max(run[2], right),
                max(run[3], top),
            )
            run[4].append(char)
            continue
        if run:
            segments.append(Segment(run[0], run[1], run[2], run[3], "".join(run[4])))
        run = [left, bottom, right, top, [char]]
    if run:
        segments.append(Segment(run[0], run[1], run[2], run[3], "".join(run[4])))
    return segments


def _continues(run: list, left: float, bottom: float, right: float, top: float) -> bool:
    """Whether a character at this box goes on with ``run``: on its line, just after it."""
    height = max(run[3] - run[1], top - bottom)
    same_line = bottom < run[3] and top > run[1]  # overlapping heights: a comma reaches below the letters
    return same_line and -0.25 * height <= left - run[2] <= COLUMN_GAP * height


def reading_order(segments: list[Segment]) -> str:
    """The segments' text, read column by column and band by band: lines on their own line, blocks
    separated by an empty line."""
    if not segments:
        return ""
    line_height = statistics.median(s.height for s in segments) or 1.0
    blocks: list[tuple[bool, list[str]]] = []
    _cut(segments, line_height, 0, True, blocks)
    out: list[str] = []
    for new_paragraph, lines in blocks:
        if out:
            out.append("\n\n" if new_paragraph else "\n")
        out.append("\n".join(lines))
    return "".join(out)


def _cut(segments: list[Segment], line_height: float, depth: int, paragraph: bool, blocks: list) -> None:
    columns = bands = None
    if len(segments) > 1 and depth < MAX_DEPTH:
        columns = _split(segments, lambda s: (s.left, s.right), COLUMN_GAP * line_height)
        bands = _split(segments, lambda s: (-s.top, -s.bottom), 0.0)
    # The widest gap decides, as in any XY-cut: a footer under two columns is a wider gap than the one
    # between the columns, a paragraph's gap in one column is narrower than the gutter beside it.
    if columns and (not bands or columns[0] >= bands[0]):
        for part in columns[1]:
            _cut(part, line_height, depth + 1, True, blocks)
    elif bands:
        for i, part in enumerate(bands[1]):
            if i:
                gap = min(s.bottom for s in bands[1][i - 1]) - max(s.top for s in part)
                paragraph = gap >= PARAGRAPH_GAP * line_height
            _cut(part, line_height, depth + 1, paragraph, blocks)
    else:
        blocks.append((paragraph, _lines(segments)))


def _split(segments: list[Segment], span, least: float) -> tuple[float, list[list[Segment]]] | None:
    """The widest empty gap along one axis (``span`` gives a segment's start and end on it) and the
    segments in groups separated by it (and by gaps nearly as wide), or None when no gap is wider than
    ``least``."""
    ordered = sorted(segments, key=lambda s: (span(s), s.text))
    gaps = []  # (width, index of the first segment after the gap)
    reach = span(ordered[0])[1]
    for i, segment in enumerate(ordered[1:], 1):
        start, end = span(segment)
        if start - reach > least:
            gaps.append((start - reach, i))
        reach = max(reach, end)
    if not gaps:
        return None
    widest = max(width for width, _ in gaps)
    cuts = [i for width, i in gaps if width >= TIE * widest]
    bounds = [0, *cuts, len(ordered)]
    return widest, [ordered[a:b] for a, b in zip(bounds, bounds[1:])]


def _lines(segments: list[Segment]) -> list[str]:
    """Segments that share a line, left to right; lines from the top."""
    lines: list[list[Segment]] = []
    for segment in sorted(segments, key=lambda s: (-s.top, s.left)):
        middle = (segment.top + segment.bottom) / 2
        line = lines[-1] if lines else None
        if line and min(s.bottom for s in line) <= middle <= max(s.top for s in line):
            line.append(segment)
        else:
            lines.append([segment])
    return [" ".join(s.text.strip() for s in sorted(line, key=lambda s: s.left)) for line in lines]


def normalise(text: str, limit: int = MAX_CHARS) -> str:
    """Plain text: no control characters, one space between words, lines kept, at most one empty line
    in a row, and at most ``limit`` characters (cut between words, ending with "…")."""
    text = _DROP.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"

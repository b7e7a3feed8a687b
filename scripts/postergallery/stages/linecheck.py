"""Look at each line of a hand-written ``poster.yml`` for the mistakes people make, before YAML reads it.

The committee writes ``poster.yml`` in GitHub's web editor, often pasting from WhatsApp or Word. YAML
reports most of those mistakes lines away from where they are, in its own English words: a missing
space in ``title:"Las SMAW"`` comes out four lines further down as "expected '<document start>', but
found '<block mapping start>'"; a pasted non-breaking space or curly quote is read silently as part of a
value. These checks look at one line at a time, as the person sees it, and say what to change *on that
line*, showing the line as it should be.

``check_lines`` returns the findings and the text with every finding corrected on its own line (the
number of lines stays the same), so the loader can still read the fields from the corrected text and
report their problems in the same run. A poster with a finding is not published: the file must be
fixed, so that what the gallery shows is what the file says.

The checks only flag what YAML would refuse or misread; the demo posters, the guide's template and
examples and ``gallery.py new``'s output pass without a finding (a test keeps it so).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from postergallery import schema
from postergallery.i18n import N_

# Characters that take no room on screen. U+200C/U+200D (zero-width non-joiner and joiner) are also
# part of emoji sequences and some scripts: there they stand between two non-ASCII characters and stay.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
JOINERS = "\u200c\u200d"
NO_BREAK_SPACES = "\u00a0\u202f"
NO_BREAK_INDENT = N_(
    "this line is indented with non-breaking spaces (pasted from WhatsApp, Word or a web page), which YAML does "
    "not count as indentation; retype the spaces at the start of the line: '{corrected}'."
)
SPACE_LIKE = " \t" + NO_BREAK_SPACES
# Control characters, which YAML refuses anywhere in a file ("unacceptable character #x000b", with no line):
# Word's line break (U+000B) and page break (U+000C) stand between words and become a space; the others go.
# NEXT LINE (U+0085) and the line and paragraph separators (U+2028, U+2029), pasted from web pages and Word,
# are line breaks to YAML (and to str.splitlines) but not to the editor, the loader or these checks, which
# count lines by "\n": left in, they put every later line number off by one. They too become a space.
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff"
BREAKS = "\x0b\x0c\x85\u2028\u2029"
# Curly quotes that word processors and phones put around a text instead of the straight ones.
_CURLY_DOUBLE, _CURLY_SINGLE = "\u201c\u201d\u201e\u201f", "\u2018\u2019\u201a\u201b"
CURLY_OPEN = _CURLY_DOUBLE + _CURLY_SINGLE
CURLY_CLOSE = "\u201d\u201c\u201f\u2019\u2018\u201b"
# What starts a list entry pasted from WhatsApp or Word in place of "- ": a bullet, or a dash that is not the hyphen,
# followed by spaces or a tab; or the hyphen followed by a tab.
_BULLET = re.compile(f"(?P<bullet>[{schema.BULLETS}]|-(?=\t))[ \t]+(?=\\S)")
# Characters that YAML gives a meaning at the start of a value (alias, anchor, tag, reserved).
INDICATORS = "*&!@`%"
# Fields that hold one text: a value for them starting with '[' or '{' is a text, not a list.
TEXT_FIELDS = schema.TEXT_FIELDS
LIST_FIELDS = frozenset(f.name for f in schema.FIELDS if f.is_list)
SHOWN_CHARACTERS = 100  # a corrected line longer than this is shown around the place of the mistake

_TO_CLEAN = re.compile(f"[{ZERO_WIDTH}{CONTROLS}]|^ *[\t{NO_BREAK_SPACES}]")
_CONTROL = re.compile(f"[{CONTROLS}]")
# (A field's name is short: bounded, so that a long run of spaces after a word costs no more than a line's length.)
_KEY = re.compile(r"(?P<key>[^\W][^:#\t]{0,100}?)[ \t]*:(?=[ \t]|$)")
_QUOTED_KEY = re.compile(r"(?P<q>[\"'])(?P<key>[^\"']*)(?P=q)[ \t]*:(?=[ \t]|$)")
_KEY_NO_SPACE = re.compile(r"(?P<key>[A-Za-z_][\w-]*):(?P<after>[^ \t/].*)")
# A line that starts a field, known or not ("warna: merah"): where a list or a quote left open must end.
_FIELD_START = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")
# A field name followed by another sign in place of its colon: ';' next to it on the keyboard, '=' as in a
# settings file, the full-width colon of a Chinese or Japanese keyboard (and its look-alikes), a colon typed twice.
_NEAR_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*(?P<sep>::|[;=\uff1a\ufe55\u2236])[ \t]*(?P<after>.*)")
_BLOCK_INDICATOR = re.compile(r"(?P<indicator>[|>][-+1-9]{0,2})(?:[ \t]+#.*)?[ \t]*(?P<text>)")
# Text written after a block indicator on its own line, which YAML refuses ("expected a comment or a line break").
_BLOCK_WITH_TEXT = re.compile(r"(?P<indicator>[|>][-+1-9]{0,2})[ \t]+(?P<text>[^\s#](?:.*[^ \t])?)[ \t]*")
_MARKER = re.compile(r"(?P<marker>---|\.\.\.)(?:[ \t]+(?P<rest>.*))?")
_ALIAS_ONLY = re.compile(r"\*[^\s,\[\]{}]+")
_ANCHOR = re.compile(r"&[^\s,\[\]{}]+(?:[ \t].*)?")
# A value starting with a dash or a question mark and a space: to YAML a list entry, or a key, not text.
_ENTRY_SIGN = re.compile(r"[-?](?:[ \t]|$)")
# A comment that starts right after its '#' with a letter or a digit: "#1", "#las" are meant as text, not as a note.
_HASHTAG_COMMENT = re.compile(r"[ \t]*#[^\W_]")
# A value made only of hashtags: "#las #sertifikasi", "#las, #sertifikasi".
_HASHTAGS = re.compile(r"#[^\W_][^\s,#]*(?:[\s,]+#[^\W_][^\s,#]*)*[\s,]*")
# A colon that YAML reads as the end of a field name: followed by a space, or at the end of the value.
_COLON_IN_TEXT = re.compile(r":(?:[ \t]|$)")
# What a backslash starts inside double quotes: an escape YAML knows, or (``bad``) a backslash it refuses.
_ESCAPE = re.compile(r'\\(?:[0abtnvfre "/\\N_LP\t]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})|(?P<bad>\\)')
# Of those, the ones that stand for an invisible control character (a null, a bell, a backspace, a form feed, an
# escape, a line or paragraph separator...). Nobody means one in a poster's text: "C:\Users\budi" means a folder,
# not "C:\Users" and a backspace.
_CONTROL_ESCAPE = re.compile(r"\\(?:[0abvfreNLP]|x[01][0-9A-Fa-f]|x7[Ff]|x[89][0-9A-Fa-f])")
# Tags YAML itself defines (``!!str``, ``!!python/...``) and MkDocs' ``!ENV``: written on purpose, and kept
# as the text written after them (never resolved; see yamlsource).
_KNOWN_TAG = re.compile(r"(?:!![A-Za-z][\w/:.-]*|!ENV)(?:[ \t].*)?")


@dataclass(frozen=True)
class Finding:
    """A mistake on one line: an English message template (translated where it is reported) and its values."""

    line: int
    col: int
    message: str
    params: dict = field(default_factory=dict)


@dataclass
class LineReport:
    findings: list[Finding]
    repaired: str  # the text with every finding corrected, line for line
    values: dict[str, tuple[int, int, str]]  # top-level key -> (line, col, value) for one-line values


@dataclass
class _Owner:
    """The last line that holds a value: a field (``key: value``) or a list item (``- value``)."""

    key: str
    line: int  # 0-based
    indent: int
    kind: str  # "plain", "empty", "block", "quoted", "flow", "item"
    prefix: str = ""  # the corrected line up to the value
    text: str = ""  # a plain value without its comment
    comment: str = ""
    # A block's text read in double quotes (text written after its '|' or '>'): the line with its closing quote.
    closed: int | None = None


@dataclass
class _Group:
    """Lines that continue a text pasted over several lines (or otherwise stand outside the structure)."""

    owner: _Owner | None
    lines: list[int]  # 0-based line numbers of the stray lines, blank lines between them excluded


class _Checker:
    def __init__(self, text: str, known_keys: frozenset[str]):
        self.lines = text.split("\n")
        self.out = list(self.lines)
        self.known = known_keys
        self.findings: list[Finding] = []
        self.values: dict[str, tuple[int, int, str]] = {}
        self.mode = "normal"  # "block", "quote", "flow"
        self.block_indent = 0
        # A block whose text is read in double quotes, with the text written after its indicator: its field, and
        # the last line of its text so far.
        self.block_quoted: tuple[_Owner, int] | None = None
        self.quote = ""  # the open quote character in "quote" mode
        self.quote_owner: _Owner | None = None
        self.brackets: list[str] = []  # in "flow" mode: the closing brackets still to come, innermost last
        self.flow_owner: _Owner | None = None  # the field whose value the flow list is
        self.flow_quote: tuple[int, int] | None = None  # (line, column) of a quote open inside the flow list
        self.owner: _Owner | None = None
        self.top_key = ""
        self.group: _Group | None = None
        self.markers: list[tuple[int, str]] = []
        self.fields_seen = False
        self.top_indent: int | None = None  # the indentation of the first field
        self.entry: tuple[int, int] | None = None  # (line, indent) of the last entry of the current list
        self.entry_keys: tuple[int, int, str] | None = None  # (line, indent, key) of the last "- key: ..." entry
        self.orphans: list[_Group] = []  # stray lines before any field: reported if the file has fields
        self.shown_at: list[tuple[Finding, int, int]] = []  # findings showing their line, corrected
        # A file saved as UTF-16 without its byte order mark reads as UTF-8 with a NUL after every ASCII letter.
        self.utf16 = text.count("\0") * 3 >= len(text) > 0
        self.utf16_said = False

    # -- the walk ------------------------------------------------------------

    def run(self) -> LineReport:
        for n, original in enumerate(self.lines):
            line, where = self._clean(n, original)
            self.out[n] = line
            self._line(n, line, where)
        self._end_block()
        self._close_group()
        if self.mode == "quote" and self.flow_quote is not None and self.flow_owner is not None:
            self._unclosed_flow_quote(self.flow_owner, len(self.lines))
        if self.mode == "flow" and self.flow_owner is not None:
            self._unclosed_flow(self.flow_owner, len(self.lines))
        if self.mode == "quote" and self.quote_owner is not None:
            self._unclosed_quote(self.quote_owner, len(self.lines))
        if self.fields_seen:  # (a file of text alone is not a list of fields at all: the loader says so)
            for group in self.orphans:
                self._report_orphans(group)
        self._report_markers()
        for finding, n, at in self.shown_at:  # every mistake of a line corrected in the line each shows
            finding.params["corrected"] = _shown(self.out[n], at)
        self.findings.sort(key=lambda f: (f.line, f.col))
        return LineReport(self.findings, "\n".join(self.out), self.values)

    def _line(self, n: int, line: str, where: Sequence[int]) -> None:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if self.mode == "block":
            if not stripped or indent > self.block_indent:
                if stripped and self.block_quoted is not None:
                    self.out[n] = line[:indent] + _escape_double(stripped)
                    self.block_quoted = (self.block_quoted[0], n)
                return
            self._end_block()
            self.mode = "normal"
        if self.mode == "quote":
            flow = self.flow_owner if self.flow_quote else None
            if self.quote_owner and indent <= self.quote_owner.indent and self._is_known_key_line(stripped):
                self._unclosed_quote(self.quote_owner, n)  # the line is a field: the quote was never closed
            elif flow and indent <= flow.indent and self._is_field_line(stripped):
                self._unclosed_flow_quote(flow, n)  # the same, for a quote inside a list
            else:
                self._scan(stripped, n, indent)
                return
        if self.mode == "flow":
            owner = self.flow_owner
            if owner and indent <= owner.indent and self._is_field_line(stripped) and not self._closes(stripped):
                self._unclosed_flow(owner, n)  # the line is a field: the list was never closed
            else:
                self._scan(stripped, n, indent)
                return
        if not stripped or stripped.startswith("#"):
            return
        marker = _MARKER.fullmatch(stripped) if indent == 0 else None
        if marker:
            self._close_group()
            self.markers.append((n, marker["rest"] or ""))
            self.owner = None
            return
        self._content(n, line, indent, stripped, where)

    def _content(self, n: int, line: str, indent: int, stripped: str, where: Sequence[int]) -> None:
        """A line of the structure: a field, a list item, the start of a flow list, or a stray line."""
        bullet = _BULLET.match(stripped)
        if bullet and (bullet["bullet"] == "-" or self._entry_expected()):
            line, indent, where = self._bullet(n, line, indent, bullet, where)
            stripped = line[indent:]
        if stripped[:2] in ("-" + NO_BREAK_SPACES[0], "-" + NO_BREAK_SPACES[1]):
            content = stripped[1:].lstrip(NO_BREAK_SPACES + " ")
            fixed = line[:indent] + "- " + content
            self._find(
                n,
                where[indent + 1],
                N_(
                    "the space after '-' is a non-breaking space (pasted from WhatsApp, "
                    "Word or a web page), so YAML does not read this line as an entry "
                    "of the list; type an ordinary space after the dash: "
                    "'{corrected}'."
                ),
                fixed,
                indent,
            )
            self.out[n] = line = fixed
            removed = len(stripped) - 2 - len(content)
            where = [*where[: indent + 2], *where[indent + 2 + removed :]]
            stripped = line[indent:]
        if stripped == "-" or stripped.startswith("- ") or stripped[:2] == "-\t":
            self._close_group()
            owner = self.owner
            if owner is not None and owner.kind == "item" and indent > owner.indent:
                # Under a plain entry, a deeper "- " line is more of its text: "Budi - Siti", one author.
                fixed = line[: owner.indent] + stripped
                self._find(
                    n,
                    where[indent],
                    N_(
                        "this entry is indented further than the entry on line {line}, so YAML reads it as more "
                        "of that entry's text ('{joined}'); indent it like the line before: '{corrected}'."
                    ),
                    fixed,
                    owner.indent,
                    line=owner.line + 1,
                    joined=f"{owner.text} {stripped}",
                )
                self.out[n] = line = fixed
                where = [*where[: owner.indent], *where[indent:]]
                indent = owner.indent
            elif self.entry is not None and indent < self.entry[1]:
                # Less indented than the entry before (under the same field): YAML stops reading the file here.
                before, entry_indent = self.entry
                fixed = " " * entry_indent + stripped
                self._find(
                    n,
                    where[indent],
                    N_(
                        "this entry is indented less than the entry on line {line}, so YAML cannot tell which list "
                        "it belongs to; indent it like the line before: '{corrected}'."
                    ),
                    fixed,
                    entry_indent,
                    line=before + 1,
                )
                self.out[n] = line = fixed
                where = _reindented(where, indent, entry_indent)
                indent = entry_indent
            self.entry = (n, indent)
            self.entry_keys = None
            self._item(n, line, indent, stripped, where)
            return
        key = self._key_line(n, line, indent, stripped, where)
        if key:
            return
        if stripped[0] in "[{":
            self._close_group()
            self.brackets = []
            self.flow_owner = None
            self._scan(stripped, n, indent)
            if self.brackets:
                self.mode = "flow"
            return
        self._stray(n, indent, stripped)

    def _entry_expected(self) -> bool:
        """Whether the line being read stands where an entry of a list field would: under the field's line, or
        after an entry of it."""
        if _field(self.top_key) not in LIST_FIELDS:
            return False
        owner = self.owner
        return self.entry is not None or (owner is not None and owner.kind == "empty" and owner.indent == 0)

    def _bullet(self, n: int, line: str, indent: int, bullet: re.Match, where: Sequence[int]) -> tuple:
        """A list entry started with a bullet from WhatsApp or Word, a dash that is not the hyphen, or a dash
        followed by a tab: written with "- ", at the indentation of the list's other entries (said).

        YAML reads such lines as more of a text, as an alias ('*'), or refuses the file; the entries of the list
        written with "- " are left as they are.
        """
        sign = bullet["bullet"]
        target = self.entry[1] if self.entry is not None else (indent if sign == "-" else 2)
        fixed = " " * target + "- " + line[indent + bullet.end() :]
        if sign == "-":
            message = N_(
                "the dash is followed by a tab, which YAML does not accept there; type a space after the dash: "
                "'{corrected}'."
            )
        elif sign in schema.DASHES:
            message = N_(
                "'{char}' is not the hyphen '-' (Word and phones often put a longer dash or a minus sign in its place), "
                "so YAML does not read this line as an entry of the list; start the entry with the hyphen and a "
                "space: '{corrected}'."
            )
        else:
            message = N_(
                "'{char}' is a bullet from WhatsApp or Word, which YAML does not read as an entry of the list; start "
                "the entry with a dash and a space: '{corrected}'."
            )
        self._find(n, where[indent + (sign == "-")], message, fixed, target, char=sign)
        self.out[n] = fixed
        shifted = _reindented(where, indent, target)[:target]
        return fixed, target, [*shifted, where[indent], where[indent], *where[indent + bullet.end() :]]

    # -- characters ----------------------------------------------------------

    def _clean(self, n: int, original: str) -> tuple[str, Sequence[int]]:
        """The line without zero-width and control characters, its indentation in plain spaces; reported where
        found."""
        if not _TO_CLEAN.search(original):
            return original, range(len(original) + 1)  # (most lines: nothing to do)
        chars: list[str] = []
        where: list[int] = []
        invisible = tab = no_break = control = None
        # Inside a quoted text YAML folds the spaces starting a line, whatever they are; a comment is not read.
        leading = self.mode != "quote"
        comment = self.mode == "normal" and original.lstrip(SPACE_LIKE + ZERO_WIDTH).startswith("#")
        for i, ch in enumerate(original):
            if ch in ZERO_WIDTH and not comment and not (ch in JOINERS and _between_letters(original, i)):
                if invisible is None:
                    invisible = i
                continue
            if _CONTROL.match(ch):
                if ch == "\0" and self.utf16:
                    self._utf16(n, i)
                    continue
                control = i if control is None else control
                if ch in BREAKS:
                    chars.append(" ")
                    where.append(i)
                continue
            if leading and ch == "\t":
                tab = i if tab is None else tab
                chars += "  "
                where += [i, i]
                continue
            if leading and ch in NO_BREAK_SPACES:
                no_break = i if no_break is None else no_break
                chars.append(" ")
                where.append(i)
                continue
            if ch != " ":
                leading = False
            chars.append(ch)
            where.append(i)
        line = "".join(chars)
        if invisible is not None:
            self._find(
                n,
                invisible,
                N_(
                    "an invisible character (a zero-width space, often pasted from WhatsApp "
                    "or Word) is hidden here and would become part of the value; delete "
                    "it, for example by typing the line again: '{corrected}'."
                ),
                line,
                invisible,
            )
        if control is not None:
            self._find(
                n,
                control,
                N_(
                    "an invisible special character ({char}) is hidden here, often left by Word (its line break, "
                    "Shift+Enter) or by copying from a PDF, and YAML cannot read the file with it; delete it, for "
                    "example by typing the line again: '{corrected}'."
                )
                if line.strip()
                else N_(
                    "an invisible special character ({char}) is on this line, often left by Word or by copying from "
                    "a PDF, and YAML cannot read the file with it; delete the line."
                ),
                line,
                control,
                char=f"U+{ord(original[control]):04X}",
            )
        if tab is not None:
            self._find(
                n,
                tab,
                N_(
                    "this line is indented with a tab; YAML only accepts spaces for indenting. "
                    "Replace the tab with two spaces: '{corrected}'."
                ),
                line,
                tab,
            )
        if no_break is not None:
            self._find(
                n,
                no_break,
                NO_BREAK_INDENT,
                line,
                no_break,
            )
        return line, where

    def _utf16(self, n: int, col: int) -> None:
        """Said once, at the first NUL of a file saved as UTF-16: its NULs are dropped, so the rest is read."""
        if not self.utf16_said:
            self.utf16_said = True
            self.findings.append(Finding(n + 1, col + 1, UTF16_SAVED))

    # -- fields and list items -----------------------------------------------

    def _key_line(
        self, n: int, line: str, indent: int, stripped: str, where: Sequence[int], item: bool = False
    ) -> bool:
        """A ``key: value`` line (or one missing the space after its colon); False for anything else.

        ``item``: the key follows the dash of a list entry (``- label: ...``).
        """
        m = _KEY.match(stripped) or _QUOTED_KEY.match(stripped)
        near = self._near_key(stripped) if m is None else None
        if near is not None:
            line, where = self._separator(n, line, indent, near, where)
            stripped = line[indent:]
            m = _KEY.match(stripped)
        if m is None:
            m = _KEY_NO_SPACE.fullmatch(stripped)
            if m is None or not self._known(m["key"]):
                return False
            after = m["after"]
            colon = indent + len(m["key"])
            space = after[0] in NO_BREAK_SPACES
            value = after.lstrip(NO_BREAK_SPACES + " ")
            fixed = f"{line[: colon + 1]} {value}"
            message = (
                N_(
                    "the space after '{key}:' is a non-breaking space (pasted from WhatsApp, Word or a web "
                    "page), so YAML does not read this line as the field '{key}'; type an ordinary space "
                    "after the colon: '{corrected}'."
                )
                if space
                else N_(
                    "there is no space after '{key}:', so YAML does not read this line as the field "
                    "'{key}'; put a space after the colon: '{corrected}'."
                )
            )
            self._find(
                n, where[colon + 1] if colon + 1 < len(where) else colon + 1, message, fixed, colon + 1, key=m["key"]
            )
            self.out[n] = fixed
            removed = len(after) - len(value)
            where = [*where[: colon + 2], *where[colon + 1 + removed :]]
            line, stripped = fixed, fixed[indent:]
            m = _KEY.match(stripped)
            if m is None:
                return True
        key = m["key"].strip()
        if self._stray_key(indent, key):
            return False  # "Hasil uji: ..." inside a pasted text is text, not a field
        self._close_group()
        if item:
            self.entry_keys = (n, indent, key)
        else:
            new_indent = self._misplaced_key(n, line, indent, key, where)
            if new_indent is not None:
                line = self.out[n]
                where = _reindented(where, indent, new_indent)
                indent = new_indent
        self.fields_seen = True
        if self.top_indent is None:
            self.top_indent = indent
        if indent == 0:
            self.top_key = key.lower()
            self.entry = self.entry_keys = None
        start = m.end()
        rest = stripped[start:]
        value = rest.lstrip(" \t")
        value_at = indent + start + len(rest) - len(value)
        prefix = line[:value_at]
        self._value(n, line, indent, key, prefix, value, value_at, where)
        return True

    def _near_key(self, stripped: str) -> re.Match | None:
        """A known field name followed by ';', '=' or a full-width colon instead of its colon, or None."""
        m = _NEAR_KEY.fullmatch(stripped)
        return m if m is not None and self._known(m["key"]) else None

    def _separator(self, n: int, line: str, indent: int, near: re.Match, where: Sequence[int]) -> tuple[str, list[int]]:
        """The line with the colon written for the sign in ``near`` (said), and where its characters were."""
        key, after = near["key"], near["after"]
        sep = indent + near.start("sep")
        fixed = f"{line[:indent]}{key}:" + (f" {after}" if after else "")
        self._find(
            n,
            where[sep],
            N_(
                "'{key}' is followed by '{sign}' instead of a colon, so YAML does not read this line as the field "
                "'{key}'; write a colon and a space after the field name: '{corrected}'."
            ),
            fixed,
            indent + len(key),
            key=key,
            sign=near["sep"],
        )
        self.out[n] = fixed
        kept = [*where[: indent + len(key)], where[sep]]
        return fixed, [*kept, *([where[sep]] if after else []), *where[indent + near.start("after") :]]

    def _misplaced_key(self, n: int, line: str, indent: int, key: str, where: Sequence[int]) -> int | None:
        """The indentation a known field written at the wrong one belongs at (corrected and said), or None.

        YAML stops at such a line with "expected <block end>, but found '?'" or reads it as more of the text
        above it ("mapping values are not allowed here"), naming neither the field nor the indentation.
        """
        name = key.lower()
        if name in schema.LINK_KEYS:
            # A link's 'url' under its '- label: ...' belongs where 'label' starts.
            if self.entry_keys is None or indent == self.entry_keys[1]:
                return None
            before, new_indent, sibling = self.entry_keys
            message = N_(
                "'{key}' is not indented like '{sibling}' on line {line}, so YAML does not read them as one "
                "link; indent '{key}' like '{sibling}' above it: '{corrected}'."
            )
            params = {"sibling": sibling, "line": before + 1}
        elif (
            name in schema.LINK_KEY_SYNONYMS
            and self.entry_keys is not None
            and indent == self.entry_keys[1]
            and _field(self.top_key) == "links"
        ):
            # A name people give a link's part, under the link's first name ('- judul: ...' then 'tautan: https://...'),
            # though it is also a field's name: the loader says which of label and url to write.
            return None
        elif indent > 0 and self.top_indent == 0 and self._known(key):
            new_indent = 0
            message = (
                N_(
                    "'{key}' is indented by 1 space, so YAML does not read it as a field of its own; the fields of "
                    "poster.yml start at the left edge: '{corrected}'."
                )
                if indent == 1
                else N_(
                    "'{key}' is indented by {count} spaces, so YAML does not read it as a field of its own; the "
                    "fields of poster.yml start at the left edge: '{corrected}'."
                )
            )
            params = {"count": indent}
        else:
            return None
        fixed = " " * new_indent + line[indent:]
        self._find(n, where[indent], message, fixed, new_indent, key=key, **params)
        self.out[n] = fixed
        return new_indent

    def _item(self, n: int, line: str, indent: int, stripped: str, where: Sequence[int]) -> None:
        content = stripped[1:].lstrip(" \t")
        at = indent + len(stripped) - len(content)
        inner = line[at:]
        m = _KEY.match(inner) or _QUOTED_KEY.match(inner)
        if m is None and content:
            m2 = _KEY_NO_SPACE.fullmatch(inner)
            if (m2 is not None and self._known(m2["key"])) or self._near_key(inner):
                self._key_line(n, line, at, inner, where, item=True)
                return
        if m is not None:
            self._key_line(n, line, at, inner, where, item=True)  # "- label: ..." starts a mapping in the list
            return
        self._value(n, line, indent, self.top_key, line[:at], content, at, where, item=True)

    def _value(
        self,
        n: int,
        line: str,
        indent: int,
        key: str,
        prefix: str,
        value: str,
        at: int,
        where: Sequence[int],
        item: bool = False,
    ) -> None:
        """Check a value written after ``key:`` (or after ``- ``); note how it continues on later lines."""
        field_name = key.lower()
        kind_of = _field(field_name)  # the rules for a field's kind of value apply to its synonyms too
        text, comment = ("", value) if value.startswith("#") else _split_comment(value)
        owner = _Owner(key, n, indent, "item" if item else "plain", prefix, text, comment)
        self.owner = owner
        col = where[at] if at < len(where) else at
        if (
            value[:1] not in ('"', "'", "[", "{", "|", ">")  # (inside quotes and brackets a '#' is not a comment)
            and _HASHTAG_COMMENT.match(comment)
            and not (not text and self._has_nested_value(n, indent, item))
        ):
            self._hash_comment(n, owner, kind_of, value, at + len(value) - len(comment.lstrip(" \t")), where)
            return
        if not value or value.startswith("#"):
            owner.kind = "empty"
            return
        block = _BLOCK_INDICATOR.fullmatch(value) or _BLOCK_WITH_TEXT.fullmatch(value)
        if block:
            owner.kind = "block"
            self.mode = "block"
            self.block_indent = indent
            if block["text"]:
                self._text_after_indicator(n, owner, block, where[at + block.start("text")])
            return
        first = value[0]
        if not item and _ENTRY_SIGN.match(text):
            # A bullet pasted as the value ("summary: - Belajar ..."): YAML reads a list entry, or a key with '?',
            # where it cannot stand, and refuses the whole file.
            entry = text[1:].strip(" \t")
            if first == "-" and kind_of in LIST_FIELDS and entry:
                owner.kind = "flow"
                self.out[n] = owner.prefix + "[" + double_quoted(entry) + "]" + owner.comment
                self._lines_below(
                    n,
                    col,
                    N_(
                        "the entries of '{key}' go on the lines below '{key}:', one on each line: YAML does not allow "
                        "a list entry ('- ') on the field's own line, and the file cannot be read. Write '{corrected}', "
                        "and below it: '{below}'."
                    ),
                    owner.prefix.rstrip(" \t"),
                    " " * (indent + 2) + "- " + entry,
                    key=key,
                )
                return
            message = _INDICATOR_MESSAGES["-" if first == "-" else "@"]
            self._fix_value(n, owner, double_quoted(text), col, message, char=f"{first} ")
            return
        if first in "\"'":
            owner.kind = "quoted"
            self._quoted(n, owner, value, at, col, where)
            return
        if in_curly_quotes(text, closing=CURLY_CLOSE + "\"'"):
            # An error rather than quietly dropping the curly quotes: inside them YAML has already read a
            # ': ' or ' #' as structure, so the value may be cut short before anything could be dropped;
            # and the file should say what the gallery shows (a centre's name, its filter, is written the
            # same way in every poster).
            self._curly(n, owner, text[1:-1], col)
            return
        if first in "[{" and kind_of in TEXT_FIELDS and not item and not text.endswith("]" if first == "[" else "}"):
            self._fix_value(
                n,
                owner,
                double_quoted(text),
                col,
                N_(
                    "a value starting with '{char}' is read by YAML as a list, not as text; put the whole text in "
                    "double quotes: '{corrected}'."
                ),
                char=first,
            )
            return
        if first in "[{":
            owner.kind = "flow"
            self.brackets = []
            self._scan(value, n, at)
            self.flow_owner = owner if self.brackets else None
            if self.brackets and self.mode == "normal":
                self.mode = "flow"
            return
        if first in INDICATORS and self._indicator_mistake(field_name, text, item):
            self._fix_value(n, owner, double_quoted(text), col, _INDICATOR_MESSAGES[first], char=first)
            return
        colon = _COLON_IN_TEXT.search(text)
        unknown = kind_of not in schema.BY_NAME and kind_of not in schema.LINK_KEYS  # a misspelt name: 'titel'
        if colon and (kind_of in TEXT_FIELDS or unknown) and not item and not self._has_nested_value(n, indent, True):
            # YAML refuses the whole file at "key: text: more" and hides every other problem in it: said here on
            # its own line, and read on as the quoted text (a name the schema does not know is then said too).
            self._fix_value(
                n,
                owner,
                double_quoted(text),
                where[at + colon.start()] if at + colon.start() < len(where) else col,
                N_(
                    "a colon followed by a space (': ') inside a text makes YAML read the words before it as a "
                    "field name, and the file cannot be read; put the whole text in double quotes: '{corrected}'."
                ),
            )
            return
        if not item and indent == 0:
            self.values[field_name] = (n + 1, col + 1, text)

    def _text_after_indicator(self, n: int, owner: _Owner, block: re.Match, col: int) -> None:
        """``summary: >- Sebelum ...``: the text on the indicator's line, which YAML refuses with the whole file.

        The lines to write move the text to the line below; the corrected text keeps one line for each line and
        reads it, with any indented lines after it, as one text in double quotes, closed where the block ends.
        """
        text = block["text"]
        self.out[n] = owner.prefix + '"' + _escape_double(text)
        self.block_quoted = (owner, n)
        self._lines_below(
            n,
            col,
            N_(
                "the text after '{indicator}' must start on the line below it: YAML does not allow text on the same "
                "line, and the file cannot be read. Write '{corrected}', and below it the text, each line indented "
                "by two spaces: '{below}'."
            ),
            owner.prefix + block["indicator"],
            " " * (owner.indent + 2) + text,
            indicator=block["indicator"],
        )

    def _end_block(self) -> None:
        if self.block_quoted is not None:
            owner, last = self.block_quoted
            self.out[last] += '"'
            owner.closed = last
            self.block_quoted = None

    def _hash_comment(self, n: int, owner: _Owner, field_name: str, value: str, at: int, where: Sequence[int]) -> None:
        """A value whose words after ' #' YAML drops as a comment (``#1``, ``#las``): kept, in the line to write.

        Topics and board numbers written as hashtags (``#las``, ``#12``) are written without their '#' signs;
        any other text in double quotes.
        """
        ignored = owner.comment.strip()
        owner.comment = ""
        if field_name in ("tags", "board") and _HASHTAGS.fullmatch(value):
            words = [word.lstrip("#") for word in value.replace(",", " ").split()]
            one = len(words) == 1 and (owner.kind == "item" or field_name == "board")
            fixed = words[0] if one else f"[{', '.join(words)}]"
            message = N_(
                "a ' #' starts a note (a comment) that YAML ignores, so '{ignored}' is not read; write it without "
                "'#': '{corrected}'."
            )
        else:
            fixed = double_quoted(f"{owner.text} {ignored}".strip())
            message = N_(
                "a ' #' starts a note (a comment) that YAML ignores to the end of the line, so '{ignored}' is not "
                "part of the value; put the whole text in double quotes: '{corrected}'."
            )
        # (The words dropped are quoted as the corrected line is shown: a long text pasted after ' #' is cut.)
        shown = _shown(ignored, 0)
        self._fix_value(n, owner, fixed, where[at] if at < len(where) else at, message, ignored=shown)

    def _has_nested_value(self, n: int, indent: int, item: bool) -> bool:
        """Whether the lines after line ``n`` (a field, or a list entry, with nothing but a comment) hold its
        value: indented under it, or a list at its own indentation (``links:`` then ``- label: ...``)."""
        for line in self.lines[n + 1 :]:
            stripped = line.strip(SPACE_LIKE)
            if not stripped or stripped.startswith("#"):
                continue
            below = len(line) - len(line.lstrip(SPACE_LIKE))
            return below > indent or (not item and below == indent and stripped.startswith("-"))
        return False

    def _indicator_mistake(self, field_name: str, text: str, item: bool) -> bool:
        first = text[0]
        if first in "@`%":
            return True  # YAML reserves these: never the start of a plain value
        if first == "!":
            return not _KNOWN_TAG.fullmatch(text)
        # '*' and '&': a poster field cannot use aliases or anchors (they are refused), so there they are
        # text; elsewhere only what does not look like YAML's own alias or anchor is taken for text.
        if field_name in self.known or item:
            return True
        return not (_ALIAS_ONLY.fullmatch(text) if first == "*" else _ANCHOR.fullmatch(text))

    def _quoted(self, n: int, owner: _Owner, value: str, at: int, col: int, where: Sequence[int]) -> None:
        quote = value[0]
        end = _closing_quote(value, 1, quote)
        if end is None:
            self.brackets = []
            self.mode = "quote"
            self.quote = quote
            self.quote_owner = owner
            return
        after = value[end + 1 :].strip(" \t")
        if after and not after.startswith("#"):
            text, comment = _split_comment(value)
            # Quotes around the whole text go: 'Jum'at ...' (an apostrophe inside), "Las "SMAW" 3G" (quotes
            # inside quotes); "Dari Nol" ke "Sertifikasi" keeps both pairs.
            wrapped = text.endswith(quote) and (quote == "'" or _wraps_double(text))
            inner = text[1:-1] if len(text) > 1 and wrapped else text
            owner.comment = comment
            self._fix_value(
                n,
                owner,
                double_quoted(inner),
                col + end + 1,
                N_(
                    "the text goes on after its closing quote, which YAML does not allow; put the whole text in "
                    "double quotes, with \\\" for a double quote inside it: '{corrected}'."
                ),
            )
            return
        if quote == '"' and self._unknown_escape(n, owner, value, end, at, where):
            return
        inner = value[1:end]
        text = inner.replace("''", "'") if quote == "'" else _unescape_double(inner)
        if in_curly_quotes(text):  # "“BBPVP Serang”": straight quotes around curly ones
            self._curly(n, owner, text[1:-1], col)
            return
        if owner.indent == 0 and owner.kind != "item":
            self.values[owner.key.lower()] = (n + 1, col + 1, text)

    def _curly(self, n: int, owner: _Owner, inner: str, col: int) -> None:
        """The value is ``inner`` in curly quotes: said, with the line to write in straight ones."""
        self._fix_value(
            n,
            owner,
            double_quoted(inner),
            col,
            N_(
                "the value is in curly quotes (“...” or ‘...’), which YAML keeps as part of the text; use "
                "straight double quotes instead: '{corrected}'."
            ),
        )

    def _unknown_escape(self, n: int, owner: _Owner, value: str, end: int, at: int, where: Sequence[int]) -> bool:
        """A backslash in the double-quoted ``value`` (closed at ``end``) that starts no escape YAML knows (a
        Windows folder, "Las \\d"), said if so: YAML refuses the whole file at it ("found unknown escape
        character"), and the loader could only add that a quote may not be closed. One that makes an invisible
        control character ("C:\\budi": a backspace) is said too: the text would be read without it, quietly.

        Single quotes keep a backslash as it is: the simplest line to write when every backslash of the text is
        meant as one and it holds no apostrophe; otherwise the stray backslashes are written twice.
        """
        inner = value[1:end]
        escapes = list(_ESCAPE.finditer(inner))

        def literal(escape: re.Match) -> bool:  # a backslash meant as written
            return bool(escape["bad"] or _CONTROL_ESCAPE.fullmatch(escape[0]))

        stray = [m for m in escapes if literal(m)]
        if not stray:
            return False
        # The file cannot be read at an unknown escape: that one is said first.
        first = next((m for m in stray if m["bad"]), stray[0])
        unknown = bool(first["bad"])
        if "'" not in inner and len(stray) == len(escapes):
            fixed = f"'{inner}'"
            message = (
                N_(
                    "inside double quotes a backslash (\\) starts a special sign, and YAML does not know '\\{char}', "
                    "so the file cannot be read; put the text in single quotes instead, where a backslash is an "
                    "ordinary character: '{corrected}'."
                )
                if unknown
                else N_(
                    "inside double quotes a backslash (\\) starts a special sign, and YAML reads '\\{char}' as an "
                    "invisible control character, not as what is written; put the text in single quotes instead, "
                    "where a backslash is an ordinary character: '{corrected}'."
                )
            )
        else:
            fixed = '"' + _ESCAPE.sub(lambda m: "\\\\" + m[0][1:] if literal(m) else m[0], inner) + '"'
            message = (
                N_(
                    "inside double quotes a backslash (\\) starts a special sign, and YAML does not know '\\{char}', "
                    "so the file cannot be read; write each such backslash twice: '{corrected}'."
                )
                if unknown
                else N_(
                    "inside double quotes a backslash (\\) starts a special sign, and YAML reads '\\{char}' as an "
                    "invisible control character, not as what is written; write each such backslash twice: "
                    "'{corrected}'."
                )
            )
        owner.comment = value[end + 1 :]
        at += 1 + first.start()
        self._fix_value(n, owner, fixed, where[at] if at < len(where) else at, message, char=inner[first.start() + 1])
        return True

    def _unclosed_quote(self, owner: _Owner, stop: int) -> None:
        """The quote opened on ``owner``'s line runs to line ``stop`` (a field, or the end of the file): it is
        closed at the end of the last line of text before that."""
        last = max(
            (i for i in range(owner.line + 1, stop) if self.lines[i].strip(SPACE_LIKE + ZERO_WIDTH)), default=owner.line
        )
        fixed = self.out[last].rstrip(" \t") + self.quote
        if last > owner.line:
            message = N_(
                "the quote {quote} opened after '{key}:' is not closed before the next field; add the "
                "closing {quote} where the text ends, at the end of line {last}: '{corrected}'."
            )
        else:
            message = N_(
                "the quote {quote} opened after '{key}:' is not closed; add the closing {quote} at the "
                "end of the line: '{corrected}'."
            )
        self.findings.append(
            Finding(
                owner.line + 1,
                len(owner.prefix) + 1,
                message,
                {"quote": self.quote, "key": owner.key, "last": last + 1, "corrected": _shown(fixed, len(fixed) - 1)},
            )
        )
        self.out[last] = fixed
        self.mode = "normal"
        self.quote_owner = None

    def _closes(self, text: str) -> bool:
        """Whether ``text`` holds as many closing brackets as the flow list being read still needs."""
        return sum(text.count(c) for c in "]}") >= len(self.brackets)

    def _unclosed_flow(self, owner: _Owner, stop: int) -> None:
        """The list opened with '[' (or '{') on ``owner``'s line runs to line ``stop`` (a field, or the end of the
        file): it is closed at the end of the last line of it before that. YAML read on into the next field and
        refused the whole file ("expected ',' or ']', but got ':'")."""
        last = max((i for i in range(owner.line + 1, stop) if _is_content(self.lines[i])), default=owner.line)
        text, comment = _split_comment(self.out[last])
        closing = "".join(reversed(self.brackets))
        fixed = text.rstrip(" \t,") + closing
        if last > owner.line:
            message = N_(
                "the list opened with '{opening}' after '{key}:' is not closed before the next field; add "
                "'{closing}' where the list ends, at the end of line {last}: '{corrected}'."
            )
        else:
            message = N_(
                "the list opened with '{opening}' after '{key}:' is not closed; add '{closing}' at its end, or "
                "write each entry on a line of its own starting with '- ': '{corrected}'."
            )
        opening = self.out[owner.line][len(owner.prefix)]
        shown = _shown(fixed, len(fixed) - 1)
        params = {"opening": opening, "key": owner.key, "closing": closing, "last": last + 1, "corrected": shown}
        self.findings.append(Finding(owner.line + 1, len(owner.prefix) + 1, message, params))
        self.out[last] = fixed + comment
        self.mode = "normal"
        self.brackets = []
        self.flow_owner = None

    def _unclosed_flow_quote(self, owner: _Owner, stop: int) -> None:
        """A quote opened inside the list after ``owner``'s key runs to line ``stop`` (a field, or the end of the
        file): it is closed where its entry ends, before the next ',' or closing bracket (or at the end of the
        list's last line), and the list is followed again from its start, so that a list still not closed is
        said too. YAML reads such a quote on to the end of the file and says only "found unexpected end of
        stream", there."""
        assert self.flow_quote is not None
        at, col = self.flow_quote
        self.mode, self.brackets, self.flow_quote = "normal", [], None
        last, end = self._entry_end(at, col + 1, stop)
        entry = " ".join(self.out[at][col + 1 : end if last == at else None].split()[:6])
        if not entry:  # a quote alone at the end of a line: no entry to close, YAML's message stands
            self.flow_owner = None
            return
        fixed = self.out[last][:end] + self.quote + self.out[last][end:]
        if last > at:
            message = N_(
                "the quote {quote} opened before '{entry}' in the list after '{key}:' is not closed; add the "
                "closing {quote} where that entry ends, on line {last}: '{corrected}'."
            )
        else:
            message = N_(
                "the quote {quote} opened before '{entry}' in the list after '{key}:' is not closed; add the "
                "closing {quote} where that entry ends: '{corrected}'."
            )
        finding = Finding(
            at + 1, col + 1, message, {"quote": self.quote, "entry": entry, "key": owner.key, "last": last + 1}
        )
        self.findings.append(finding)
        self.shown_at.append((finding, last, end))  # shown with the list's own closing, if that is missing too
        self.out[last] = fixed
        for i in range(owner.line, stop):
            line = self.out[i]
            start = len(owner.prefix) if i == owner.line else len(line) - len(line.lstrip(" "))
            self._scan(line[start:], i, start)
            if self.brackets and self.mode == "normal":
                self.mode = "flow"
        if self.mode == "quote":  # another quote left open: YAML's message stands
            self.mode, self.brackets, self.flow_quote, self.flow_owner = "normal", [], None, None

    def _entry_end(self, line: int, col: int, stop: int) -> tuple[int, int]:
        """Where an entry of a flow list starting at ``col`` of ``line`` ends: before the next ',' or closing
        bracket, on that line or a later one before ``stop``; else at the end of the last line of text."""
        last = line
        for i in range(line, stop):
            text = self.out[i]
            if i > line and not _is_content(text):
                continue
            last = i
            ends = [j for j in (text.find(c, col if i == line else 0) for c in ",]}") if j >= 0]
            if ends:
                return i, len(text[: min(ends)].rstrip(" \t"))
        text = _split_comment(self.out[last])[0] if last > line else self.out[last]
        return last, len(text.rstrip(" \t"))

    # -- lines outside the structure -----------------------------------------

    def _stray_key(self, indent: int, key: str) -> bool:
        """A ``Words with spaces: ...`` line right after a pasted text is more of that text."""
        if self._known(key) or " " not in key.strip():
            return False
        if self.group is not None:
            return True
        owner = self.owner
        return owner is not None and owner.kind == "plain" and indent <= owner.indent

    def _stray(self, n: int, indent: int, stripped: str) -> None:
        owner = self.owner
        if owner is not None and indent > owner.indent and owner.kind in ("plain", "empty", "item"):
            return  # a text going on, indented under its field: valid YAML
        if self.group is None:
            self.group = _Group(owner, [])
        self.group.lines.append(n)

    def _close_group(self) -> None:
        group, self.group = self.group, None
        if group is None:
            return
        owner = group.owner
        first, last = group.lines[0], group.lines[-1]
        span = {"first": first + 1, "last": last + 1}
        if owner is not None and owner.kind == "plain":
            # A text pasted over several lines: keep it one value, in double quotes across the lines.
            pad = " " * (owner.indent + 2)
            self.out[owner.line] = owner.prefix + '"' + _escape_double(owner.text)
            for n in group.lines:
                self.out[n] = pad + _escape_double(self.out[n].strip())
            self.out[last] += '"'
            message = (
                N_(
                    "line {first} goes on with the text of '{key}' from line {line}, but YAML reads a "
                    "line that starts at the left edge as a new field. Write '{key}: >-' on line {line}, "
                    "then the whole text on the lines below it, each indented by two spaces: "
                    "'{corrected}' and so on."
                )
                if first == last
                else N_(
                    "lines {first} to {last} go on with the text of '{key}' from line {line}, but YAML reads "
                    "a line that starts at the left edge as a new field. Write '{key}: >-' on line {line}, "
                    "then the whole text on the lines below it, each indented by two spaces: "
                    "'{corrected}' and so on."
                )
            )
            corrected = pad + owner.text
            self.findings.append(
                Finding(
                    first + 1,
                    1,
                    message,
                    {**span, "key": owner.key, "line": owner.line + 1, "corrected": _shown(corrected, 0)},
                )
            )
            return
        if owner is not None and owner.kind == "block":
            pad = " " * (owner.indent + 2)
            for n in group.lines:
                self.out[n] = pad + self.out[n].strip()
            corrected = _shown(self.out[first], 0)
            if owner.closed is not None:  # read in double quotes: the text now ends on the last of these lines
                self.out[owner.closed] = self.out[owner.closed][:-1]
                for n in group.lines:
                    self.out[n] = pad + _escape_double(self.out[n].strip())
                self.out[last] += '"'
                owner.closed = last
            self.findings.append(
                Finding(
                    first + 1,
                    1,
                    N_(
                        "the text of '{key}' (after '|' or '>' on line {line}) must be indented by two spaces on every "
                        "line, or YAML reads it as a new field: '{corrected}'."
                    ),
                    {"key": owner.key, "line": owner.line + 1, "corrected": corrected},
                )
            )
            return
        if owner is not None and owner.kind == "item":
            pad = owner.prefix[: len(owner.prefix) - len(owner.prefix.lstrip(" "))]
            for n in group.lines:
                self.out[n] = pad + "- " + self.out[n].strip()
            self.findings.append(
                Finding(
                    first + 1,
                    1,
                    N_(
                        "this line stands outside the list above it; if it is another entry of '{key}', start it "
                        "with a dash and a space like the line before: '{corrected}'."
                    ),
                    {"key": owner.key, "corrected": _shown(self.out[first], 0)},
                )
            )
            return
        self.orphans.append(group)

    def _report_orphans(self, group: _Group) -> None:
        first = group.lines[0]
        for n in group.lines:
            self.out[n] = "# " + self.out[n].strip()
        self.findings.append(
            Finding(
                first + 1,
                1,
                N_(
                    "this line is neither a field ('name: value'), a list entry ('- ...') nor a comment; if it is a note, "
                    "start it with '# ': '{corrected}'. If it belongs to the text of a field, put that text in double "
                    "quotes on the field's line."
                ),
                {"corrected": _shown(self.out[first], 0)},
            )
        )

    def _report_markers(self) -> None:
        """``---`` and ``...`` lines: harmless alone at the start or end, front matter otherwise."""
        if not self.markers:
            return
        harmless = []
        for n, rest in self.markers:
            before = any(_is_content(line) for line in self.lines[:n])
            after = any(_is_content(line) for line in self.lines[n + 1 :])
            mark = self.lines[n].strip()[:3]
            harmless.append(not rest and ((mark == "---" and not before) or (mark == "..." and not after)))
        if all(harmless) and len(self.markers) <= 2:
            return
        for (n, rest), _ in zip(self.markers, harmless):
            mark = self.lines[n].strip()[:3]
            self.out[n] = rest
            if rest:
                message = N_(
                    "'{mark}' at the start of a line separates YAML documents (as around the front "
                    "matter of a Markdown page); poster.yml holds just the fields: remove '{mark}' and "
                    "keep the rest of the line: '{corrected}'."
                )
            else:
                message = N_(
                    "'{mark}' on a line of its own separates YAML documents (as around the front "
                    "matter of a Markdown page); poster.yml holds just the fields: delete this line."
                )
            self.findings.append(Finding(n + 1, 1, message, {"mark": mark, "corrected": _shown(rest, 0)}))

    # -- helpers -------------------------------------------------------------

    def _find(self, n: int, col: int, message: str, corrected: str, at: int, **params) -> None:
        """A finding on line ``n``; the line it shows is the line with all its findings corrected (see run)."""
        finding = Finding(n + 1, col + 1, message, {**params, "corrected": corrected})
        self.findings.append(finding)
        self.shown_at.append((finding, n, at))

    def _lines_below(self, n: int, col: int, message: str, corrected: str, below: str, **params) -> None:
        """A finding on line ``n`` whose lines to write are two, ``corrected`` and ``below`` it (the corrected text
        keeps one line for each line, so it holds neither)."""
        shown = {"corrected": _shown(corrected, 0), "below": _shown(below, 0)}
        self.findings.append(Finding(n + 1, col + 1, message, {**params, **shown}))

    def _fix_value(self, n: int, owner: _Owner, value: str, col: int, message: str, **params) -> None:
        fixed = owner.prefix + value + owner.comment
        self.out[n] = fixed
        owner.kind = "quoted"
        self._find(n, col, message, fixed, len(owner.prefix), **params)

    def _known(self, key: str) -> bool:
        return key.strip().lower() in self.known

    def _is_known_key_line(self, stripped: str) -> bool:
        m = _KEY.match(stripped) or _KEY_NO_SPACE.fullmatch(stripped)
        return m is not None and self._known(m["key"])

    def _is_field_line(self, stripped: str) -> bool:
        """A line that starts a field, known or not ("warna: merah" is no entry of a list left open above it)."""
        return self._is_known_key_line(stripped) or _FIELD_START.match(stripped) is not None

    def _scan(self, text: str, n: int, offset: int) -> None:
        """Follow quotes and brackets to the end of ``text`` (a line inside a quoted text or a flow list), which
        starts at column ``offset`` of line ``n``."""
        i = 0
        while i < len(text):
            ch = text[i]
            if self.mode == "quote":
                end = _closing_quote(text, i, self.quote)
                if end is None:
                    return
                self.mode = "flow" if self.brackets else "normal"
                self.quote_owner = None
                self.flow_quote = None
                i = end + 1
                continue
            if ch == "#" and (i == 0 or text[i - 1] in " \t"):
                return
            if ch in "\"'" and (i == 0 or text[i - 1] in " \t[{,:"):
                self.mode = "quote"
                self.quote = ch
                self.quote_owner = None
                self.flow_quote = (n, offset + i) if self.brackets else None
                i += 1
                continue
            if ch in "[{":
                self.brackets.append("]" if ch == "[" else "}")
            elif ch in "]}":
                if self.brackets:
                    self.brackets.pop()
                if not self.brackets:
                    self.mode = "normal"
            i += 1


UTF16_SAVED = N_(
    "poster.yml is saved as UTF-16 ('Unicode' in Notepad and Word), which puts an invisible null character after "
    "every letter; save it again as UTF-8 (in Notepad: File > Save As > Encoding: UTF-8)."
)
_INDICATOR_MESSAGES = {
    "*": N_(
        "a value starting with '*' is read by YAML as a reference to another value (an alias), not as "
        "text; put the whole text in double quotes: '{corrected}'."
    ),
    "&": N_(
        "a value starting with '&' is read by YAML as a name for the value (an anchor), not as text; put "
        "the whole text in double quotes: '{corrected}'."
    ),
    "!": N_(
        "a value starting with '!' is read by YAML as a type label (a tag) and that word is dropped from the "
        "text; put the whole text in double quotes: '{corrected}'."
    ),
    "@": N_("YAML does not allow a value to start with '{char}'; put the whole text in double quotes: '{corrected}'."),
    "-": N_(
        "a value starting with a dash and a space ('- ') is read by YAML as an entry of a list, which cannot stand "
        "after the field's name, and the file cannot be read; remove the dash, or put the whole text in double "
        "quotes: '{corrected}'."
    ),
}
_INDICATOR_MESSAGES["`"] = _INDICATOR_MESSAGES["%"] = _INDICATOR_MESSAGES["@"]


def check_lines(text: str, known_keys) -> LineReport:
    """The mistakes on each line of ``text`` (a ``poster.yml``), and the text with them corrected.

    ``known_keys``: the field names (lower case) whose lines are recognised even when written
    without the space after the colon.
    """
    return _Checker(text, frozenset(known_keys)).run()


def _field(name: str) -> str:
    """The field a name (lower case) stands for: a field's own name or a link's part, else the field of a synonym
    the schema knows (``judul`` -> ``title``); any other name as it is."""
    if name in schema.BY_NAME or name in schema.LINK_KEYS:
        return name
    return schema.synonym_of(name) or name


def _reindented(where: Sequence[int], indent: int, new_indent: int) -> list[int]:
    """``where`` (the original column of each character of a line) for the line indented by ``new_indent``."""
    return [*where[: min(indent, new_indent)], *[where[indent]] * max(0, new_indent - indent), *where[indent:]]


def in_curly_quotes(text: str, closing: str = CURLY_CLOSE) -> bool:
    """Whether ``text`` is wrapped whole in one pair of curly quotes (“BBPVP Serang”), not two quoted words
    (“Kopi” dan “Teh”, which is text)."""
    if len(text) < 2 or text[0] not in CURLY_OPEN or text[-1] not in closing:
        return False
    kind = _CURLY_DOUBLE if text[0] in _CURLY_DOUBLE else _CURLY_SINGLE  # (’ inside is an apostrophe: Jum’at)
    return not any(c in kind for c in text[1:-1])


def _between_letters(line: str, i: int) -> bool:
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return all(ord(c) > 127 and not c.isspace() and c not in ZERO_WIDTH for c in (before, after))


def _split_comment(value: str) -> tuple[str, str]:
    """A plain value and its trailing comment (`` # ...``, kept with the space before it)."""
    # A '#' after a space or a tab, found by hand: a pattern searching for "[ \t]+#" rescans a long run of
    # spaces from each of its places.
    at = value.find("#", 1)
    while at != -1 and value[at - 1] not in " \t":
        at = value.find("#", at + 1)
    if at == -1:
        return value.rstrip(" \t"), ""
    start = len(value[:at].rstrip(" \t"))
    return value[:start], value[start:]


def _closing_quote(text: str, start: int, quote: str) -> int | None:
    """Where the quote opened before ``start`` closes, or None: ``\\"`` inside "...", ``''`` inside '...'."""
    i = start
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _wraps_double(text: str) -> bool:
    """Whether the double quotes at both ends of ``text`` are one pair around all of it: a quote after a space
    (or at the start) opens, any other closes, and no pair closes before the end."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == '"':
            depth += 1 if i == 0 or text[i - 1] in " \t(" else -1
            if depth <= 0 and i < len(text) - 1:
                return False
    return depth == 0


def double_quoted(text: str) -> str:
    """``text`` as a YAML value in double quotes."""
    return '"' + _escape_double(text) + '"'


def _escape_double(text: str) -> str:
    """``text`` as it is written inside YAML double quotes (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _unescape_double(text: str) -> str:
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text


def _is_content(line: str) -> bool:
    stripped = line.strip(SPACE_LIKE + ZERO_WIDTH)
    return bool(stripped) and not stripped.startswith("#") and _MARKER.fullmatch(stripped) is None


def _shown(line: str, at: int) -> str:
    """The corrected line, or the part of a long one around ``at``."""
    if len(line) <= SHOWN_CHARACTERS:
        return line
    start = max(0, min(at - 30, len(line) - SHOWN_CHARACTERS))
    end = start + SHOWN_CHARACTERS
    return ("..." if start else "") + line[start:end] + ("..." if end < len(line) else "")

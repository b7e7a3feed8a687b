"""The data the gallery works with: posters, their renditions, and problems.

Everything here is a frozen dataclass: once loaded and validated, a poster
does not change, so the later stages (images, pages) can share it freely,
also across processes.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from postergallery.i18n import N_

ROLES = ("instructor", "trainee", "alumni")
# What the roles are called (translated where they are shown): one poster's role, and a group of posters.
ROLE_NAMES = {"instructor": N_("Instructor"), "trainee": N_("Trainee"), "alumni": N_("Alumni")}
ROLE_GROUPS = {"instructor": N_("Instructors"), "trainee": N_("Trainees"), "alumni": N_("Alumni")}


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, said so that the person who wrote it can fix it.

    ``path`` is relative to the project root and uses forward slashes;
    ``line`` and ``col`` are 1-based and point at the offending key or value.
    """

    path: str
    line: int | None
    col: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    def format_text(self, tr=None) -> str:
        """``posters/x/poster.yml:3:5: message``; a warning says so, in the language of ``tr`` where given (the
        message itself is in the language it was made in)."""
        prefix = "" if self.is_error else (tr("warning") if tr else "warning") + ": "
        return f"{visible(self.location())}: {prefix}{visible(self.message)}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown inline on a pull request."""
        props = [f"file={_gh_escape_property(visible(self.path))}"]
        if self.line is not None:
            props += [f"line={self.line}", f"col={self.col or 1}"]
        kind = "error" if self.is_error else "warning"
        return f"::{kind} {','.join(props)}::{_gh_escape_data(visible(self.message))}"

    def sort_key(self):
        return (self.path, self.line or 0, self.col or 0, self.message)


# Characters that take no room: zero-width space, non-joiner and joiner, the left-to-right and
# right-to-left marks, word joiner and byte order mark. Copies from a chat or a spreadsheet put them
# around a value, where nobody sees them.
ZERO_WIDTH = "\u200b-\u200f\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
# Of those, the joiners are part of text as written: an emoji such as a woman mechanic is three
# characters held together by the zero-width joiner. A message shows them as they are.
_UNSEEN = "\u200b\u200e\u200f\u2060\ufeff"
# Characters that move the cursor, colour or clear a terminal, start a new line in a log, or reverse
# the direction of the text around them, and those that take no room. A folder or file name, or a
# cell of a vote export, may hold any of them; a message quoting it shows them as escapes such as
# \x1b instead. So too the halves of a character (\udce9) that stand for the bytes of a file name not written
# in UTF-8 (a zip made on Windows): they cannot be written to a UTF-8 file or terminal.
_INVISIBLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{_UNSEEN}\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with control, direction-changing and zero-width characters written as escapes (\\x1b, \\u202e)."""
    return _INVISIBLE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def without_zero_width(text: str) -> str:
    """``text`` without the characters that take no room, and without spaces around it: a poster id or a
    token as typed or copied, as the site wrote it."""
    return _ZERO_WIDTH.sub("", text).strip()


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def read_as_pdf(path: object) -> bool:
    """Whether the gallery draws a poster file (a path or its text) as a PDF (named .pdf) or decodes it as an
    image (any other name): a file is taken for what its name says, and told so when its bytes say otherwise."""
    return str(path).lower().endswith(".pdf")


@dataclass(frozen=True)
class Poster:
    """One validated poster: the folder ``posters/<slug>/`` and its metadata.

    The attributes after ``source`` are the fields of ``poster.yml`` (``schema.FIELDS``, but ``image``).
    """

    slug: str
    source: str  # path of the poster file, relative to the project root
    title: str
    authors: tuple[str, ...]
    role: str  # one of ROLES
    center: str
    alt: str
    program: str = ""
    date: _dt.date | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    board: str = ""  # the board number at the venue, in capitals ("A12"); "" when not given
    text: str = ""  # the text written on the poster, paragraphs separated by an empty line; "" when not given

    @property
    def source_suffix(self) -> str:
        return PurePosixPath(self.source).suffix.lower()

    @property
    def is_pdf(self) -> bool:
        return read_as_pdf(self.source)

    @property
    def center_slug(self) -> str:
        return slugify(self.center)

    @property
    def tag_slugs(self) -> tuple[str, ...]:
        return tuple(slugify(t) for t in self.tags)


@dataclass(frozen=True)
class Rendition:
    """One image file made from a poster, as the pages refer to it."""

    kind: str  # "mini", "thumb", "thumb2x", "display", "zoom", "social"
    filename: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Download:
    """What a poster page offers for download: the poster file itself, or else its large image."""

    kind: str  # "original" (the poster file) or "large" (the zoom image, or the display image)
    filename: str  # the published file, in the poster's folder
    save_as: str  # the name the browser saves it under
    size: str  # for people: "2.4 MB"
    format: str  # for people: "PDF", "JPG"
    width: int = 0  # the large image's pixels; 0 for an original
    height: int = 0


@dataclass(frozen=True)
class PosterImages:
    """What the image stage made for one poster."""

    slug: str
    renditions: tuple[Rendition, ...]
    placeholder: str  # CSS colour shown while the thumbnail loads, e.g. "#a1b2c3"
    source_width: int = 0
    source_height: int = 0
    pages: int = 1  # PDF page count
    # Whether the poster file records where it was made (a phone photo's GPS position, or a motion photo's video
    # and sound): then it is never offered for download. True until the file has been read, to be safe.
    records_location: bool = field(default=True, compare=False)
    download: Download | None = field(default=None, compare=False)  # set when the poster is published
    text: str = field(default="", compare=False)  # a PDF poster's own text, read from the file
    # A PDF whose page is a picture of the poster: that picture's width and height in pixels.
    picture: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def source_size(self) -> tuple[int, int]:
        return self.source_width, self.source_height

    def get(self, kind: str) -> Rendition | None:
        for r in self.renditions:
            if r.kind == kind:
                return r
        return None


# "+" and "#" right after a letter or digit are part of a name (C++, C#, A+): spelled out, or "C#", "C++" and "C"
# would share one topic page. Elsewhere ("#las", "K3 + Lingkungan") they only separate words.
_NAMED_SIGNS = re.compile(r"(?<=[^\W_])[+#]+")
_SIGN_WORDS = {"+": " plus ", "#": " sharp "}


def slugify(text: str) -> str:
    """A URL-safe id made of ``[a-z0-9-]``: "BPVP Bandung" -> "bpvp-bandung", "C++" -> "c-plus-plus"."""
    import unicodedata

    text = _NAMED_SIGNS.sub(lambda m: "".join(_SIGN_WORDS[sign] for sign in m.group()), text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = []
    dash = False
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")

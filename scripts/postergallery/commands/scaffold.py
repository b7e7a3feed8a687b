"""``gallery.py new``: start a poster folder with the image and a commented ``poster.yml``.

``poster_yml`` is pure: values in, the text of ``poster.yml`` out, with a
comment above each field that explains it (in the site's language, Indonesian
by default). The same blank template is printed in the committee guide, and a
test keeps the two identical. ``create_poster`` refuses a name that is taken
or invalid (with a name to use instead), or an image the gallery would not
accept (decoded as ``check`` decodes it: a HEIC photo this libvips cannot
read, a text file named .jpg, a damaged file), before it writes anything; it
then writes the folder in one step, so a half-made poster folder is never
left behind, and a second try never finds the name taken by a failed one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shlex
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from postergallery import schema
from postergallery.build import reserved_slugs
from postergallery.i18n import Translator
from postergallery.model import ROLE_NAMES, ROLES
from postergallery.stages import load
from postergallery.stages.images import IMAGE_FORMATS, RenditionSettings, probe
from postergallery.stages.linecheck import in_curly_quotes
from postergallery.stages.load import (
    JPEG_OTHER_SUFFIXES,
    METADATA_NAME,
    POSTER_FILE_SUFFIXES,
    check_slug,
    file_size_problem,
    saved_as_utf8,
    suggest_free_slug,
)

WIDTH = 78  # comment lines wrap here, so the file reads well in GitHub's web editor
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PosterValues:
    """What the person already knows about the poster; empty fields are left for later."""

    title: str = ""
    authors: tuple[str, ...] = ()
    role: str = ""
    center: str = ""
    alt: str = ""
    program: str = ""
    date: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (label, url); an empty label shows the site's name
    board: str = ""
    text: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why the poster folder was not created, said so that the person can act on it."""

    message: str


@dataclass(frozen=True)
class Created:
    """The poster folder that was written, relative to the project root."""

    folder: str
    files: tuple[str, ...]


def poster_yml(values: PosterValues, tr: Translator) -> str:
    """The text of a ``poster.yml`` holding ``values``, each field explained by a comment (``schema.FIELDS``)."""
    roles = ", ".join(f"{r} ({tr(ROLE_NAMES[r])})" for r in ROLES)
    out: list[str] = []
    out += _comment(
        tr(
            "The poster's details for the gallery. Lines starting with # are explanations only; the "
            "gallery does not read them. Write each value after the colon and a space. Texts are put in "
            "double quotes as below, so that a colon (:) or # inside them is safe; a double quote "
            'inside a text is written \\".'
        )
    )
    out += ["#", f"# --- {tr('REQUIRED')} ---", "#"]
    optional = False
    for field in schema.FIELDS:
        if not field.required and not optional:
            out += ["#", f"# --- {tr('OPTIONAL (leave empty if there is nothing to say)')} ---", "#"]
            optional = True
        out += _comment(tr(field.help, limit=field.limit, roles=roles))
        out += _field_lines(field, getattr(values, field.name, ""), tr)
    return "\n".join(out) + "\n"


def _field_lines(field: schema.Field, value, tr: Translator) -> list[str]:
    """The lines of ``poster.yml`` that write ``value`` for ``field``."""
    name = field.name
    if not value and field.commented:
        return [f"# {name}: {field.example}"]
    if field.kind == schema.NAMES:
        return [f"{name}:"] + [f"  - {_quote(item)}" for item in value or ("",)]
    if field.kind == schema.TOPICS:
        # Examples to uncomment when there are none yet.
        return [f"{name}:"] + ([f"  - {_quote(item)}" for item in value] or ["#   - las", "#   - kewirausahaan"])
    if field.kind == schema.LINKS:
        out = [f"{name}:"]
        for label, url in value:
            out += [f"  - label: {_quote(label)}", f"    url: {_quote(url)}"] if label else [f"  - url: {_quote(url)}"]
        if not value:
            out += [f"#   - label: {_quote(tr('Practice video'))}", "#     url: https://www.youtube.com/watch?v=contoh"]
        return out
    if field.kind == schema.DATE:
        # A date is written bare so YAML reads it as a date: as given, or as YYYY-MM-DD where it was given another
        # way that leaves no doubt ("30 Januari 2024" in the issue form); anything else is quoted and check says
        # what is wrong.
        meant = None if not value or DATE_RE.match(value) else load.date_meant(value)
        value = meant.isoformat() if meant else value
        return [f"{name}:" + (f" {value}" if DATE_RE.match(value) else f" {_quote(value)}" if value else "")]
    if field.kind == schema.PARAGRAPHS:
        return [f"{name}: {_quote_paragraphs(value)}"]
    return [f"{name}: {_quote(value)}"]


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, WIDTH - 2, break_long_words=False, break_on_hyphens=False)]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML), one line; curly quotes around the whole
    text (typed on a phone: --center "“BBPVP Serang”") go, as check would ask."""
    text = " ".join(text.split())
    return json.dumps(text[1:-1] if in_curly_quotes(text) else text, ensure_ascii=False)


def _quote_paragraphs(text: str) -> str:
    """``_quote`` for a text of paragraphs: an empty line between two paragraphs is kept (as ``\\n\\n``)."""
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return json.dumps("\n\n".join(p for p in paragraphs if p), ensure_ascii=False)


_BAR_BEFORE_ADDRESS = re.compile(r"\|(?=\s*https?://)", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[(?P<label>[^\[\]]*)\]\((?P<url>https?://[^\s()]+)\)", re.IGNORECASE)
# An address among words, without the bracket or the punctuation that may close the sentence around it.
_ADDRESS_IN_WORDS = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)
_AROUND_AN_ADDRESS = " \t:;,.-\u2013\u2014()[]<>"  # the separators people put between a label and its address


def parse_link(text: str) -> tuple[str, str]:
    """``"Label | https://..."`` as ``(label, url)``; a line without ``|`` is the address alone, or the one
    address in it with the words around it as its label, as people write a link where they are asked for
    ``Label | address``: ``Video: https://...``, ``Video – https://...``, ``https://... (video)``, or Markdown's
    ``[Video](https://...)``.

    The address starts after the last ``|`` that an address starting with ``http://`` or ``https://`` follows,
    so both the label and the address may hold one (``...?kolom=a|b``); without such an address, it is what
    follows the last ``|``. Whether the address can be linked is left to the check, which says so in the same
    words as for a ``poster.yml`` written by hand.
    """
    before_address = [m.start() for m in _BAR_BEFORE_ADDRESS.finditer(text)]
    cut = before_address[-1] if before_address else text.rfind("|")
    if cut >= 0:
        return " ".join(text[:cut].split()), text[cut + 1 :].strip()
    if markdown := _MARKDOWN_LINK.fullmatch(text.strip()):
        return " ".join(markdown["label"].split()), markdown["url"]
    found = list(_ADDRESS_IN_WORDS.finditer(text))
    if len(text.split()) == 1 or len(found) != 1:  # an address alone keeps its brackets: .../Las_(teknik)
        return "", text.strip()
    url = found[0].group()
    around = (text[: found[0].start()] + " " + text[found[0].end() :]).strip(_AROUND_AN_ADDRESS)
    return " ".join(around.split()), url


def suggest_slug(text: str) -> str:
    """A valid folder name made from ``text`` (a poster's title, or a name that was refused), e.g.
    "Las SMAW 3G" -> "las-smaw-3g": ``load.suggest_slug`` with the names this site uses."""
    return load.suggest_slug(text, reserved_slugs())


def create_poster(
    posters_dir: Path,
    rel_posters: str,
    slug: str,
    values: PosterValues,
    image: Path | None,
    tr: Translator,
    *,
    max_file_bytes: int,
    image_settings: RenditionSettings | None = None,
) -> Created | Refusal:
    """Create ``posters_dir/slug/`` with a copy of ``image`` (as ``poster.<ext>``) and ``poster.yml``.

    Nothing is written when the answer is a ``Refusal``. ``image_settings``: the limits the image is
    checked against (the site's ``max_megapixels``; the defaults otherwise).
    """
    message = check_slug(slug, tr, reserved_slugs())
    if message:
        return Refusal(
            message + " " + tr("For example: python scripts/gallery.py new {suggestion}", suggestion=suggest_slug(slug))
        )
    taken = {p.name.lower() for p in posters_dir.iterdir()} if posters_dir.is_dir() else set()
    if slug in taken:
        return Refusal(
            tr(
                "the folder {folder}/ already exists. To change that poster, edit its poster.yml; "
                "for a new poster choose another name, e.g. '{suggestion}'.",
                folder=f"{rel_posters}/{slug}",
                suggestion=suggest_free_slug(slug, taken),
            )
        )
    unreadable = _not_text(values)
    if unreadable:
        return Refusal(
            tr(
                "the text given for --{field} holds bytes that are not text (the terminal is not set to UTF-8); "
                "type it again, or leave it out and write it in poster.yml afterwards.",
                field=unreadable,
            )
        )
    image_name = None
    if image is not None:
        refusal = _image_refusal(image, tr, max_file_bytes, image_settings or RenditionSettings())
        if refusal:
            return refusal
        image_name = "poster" + _copy_suffix(image)

    posters_dir.mkdir(parents=True, exist_ok=True)
    # Build the folder under a hidden name (the gallery skips names starting with '.') and rename it
    # into place, so an interrupted command leaves no half-made poster behind.
    staging = Path(tempfile.mkdtemp(prefix=f".new-{slug}-", dir=posters_dir))
    try:
        files = []
        if image is not None and image_name:
            shutil.copyfile(image, staging / image_name)
            files.append(image_name)
        (staging / METADATA_NAME).write_text(poster_yml(values, tr), "utf-8")
        files.append(METADATA_NAME)
        os.chmod(staging, 0o755)
        os.rename(staging, posters_dir / slug)  # fails if someone created the folder meanwhile
    except BaseException:  # nothing half-made stays in posters/, whatever stopped it (even Ctrl+C)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Created(f"{rel_posters}/{slug}", tuple(sorted(files)))


def _not_text(values: PosterValues) -> str | None:
    """The option whose text holds bytes the terminal could not decode (Python keeps them as halves of a
    character, with which no file can be written), or None."""
    for name, value in dataclasses.asdict(values).items():
        if _HALVES.search(json.dumps(value, ensure_ascii=False)):
            return _OPTION_OF.get(name, name)
    return None


_HALVES = re.compile("[\ud800-\udfff]")
_OPTION_OF = {"authors": "author", "tags": "tag", "links": "link"}  # the command's options repeat one at a time
_ALSO_NAMED = {".jpg": (".jpeg",)}  # endings, beside IMAGE_FORMATS' own, under which a file of that kind is kept


def _copy_suffix(image: Path) -> str:
    """The ending the poster file's copy gets: what its first bytes say it is (a JPG saved as .png, or a PNG as .jpg,
    as some apps and renamed downloads do), else its own; a JPEG saved as .jfif or .jpe (WhatsApp Web, Windows)
    as .jpg, the ending the gallery reads. The page then offers it for download under its real kind."""
    try:
        with open(image, "rb") as fh:
            head = fh.read(16)
    except OSError:
        head = b""
    suffix = image.suffix.lower()
    if suffix != ".pdf":  # (a PDF is refused earlier when it is not one)
        for magic, _kind, real in IMAGE_FORMATS:
            if head.startswith(magic) and suffix not in (real, *_ALSO_NAMED.get(real, ())):
                return real
    return ".jpg" if suffix in JPEG_OTHER_SUFFIXES else suffix


def _poster_file_in(folder: Path, looked_at: int = 1000) -> Path:
    """The first poster file by name among the first ``looked_at`` entries of ``folder``, else poster.jpg in it."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for _, e in zip(range(looked_at), entries))
    except OSError:
        names = []
    found = [n for n in names if n.lower().endswith(POSTER_FILE_SUFFIXES) and (folder / n).is_file()]
    return folder / (found[0] if found else "poster.jpg")


def _image_refusal(image: Path, tr: Translator, max_file_bytes: int, settings: RenditionSettings) -> Refusal | None:
    if not image.exists():
        return Refusal(
            tr("the image '{path}' does not exist; check the path and the spelling of the file name.", path=str(image))
        )
    if image.is_dir():
        return Refusal(
            tr(
                "'{name}' is a folder, not a poster file; give the poster file in it, for example --image {example}.",
                name=image.name,
                example=shlex.quote(str(_poster_file_in(image))),
            )
        )
    if not image.is_file():
        return Refusal(
            tr("'{name}' is not an ordinary file; put the poster file itself in the folder.", name=image.name)
        )
    if not image.name.lower().endswith((*POSTER_FILE_SUFFIXES, *JPEG_OTHER_SUFFIXES)):
        return Refusal(
            tr("'{name}' is not a supported poster format; use a JPG, PNG, WebP, AVIF or PDF file.", name=image.name)
        )
    size = image.stat().st_size
    if size == 0:
        return Refusal(tr("'{name}' is empty (0 bytes); upload the poster file again.", name=image.name))
    message = file_size_problem(image.name, size, max_file_bytes, tr)
    if message:
        return Refusal(message)
    if not saved_as_utf8(str(image)):
        return Refusal(
            tr(
                "the name of '{path}' has letters that were not saved as UTF-8 (as happens when a zip made on Windows "
                "is unpacked elsewhere), so the file cannot be read; rename it, or the folder it is in, with plain "
                "letters.",
                path=str(image),
            )
        )
    # Decoded the way `check` decodes a poster file: what `new` accepts, a build can use.
    failure = probe(image, settings).problem
    return Refusal(tr(failure.template, **failure.params)) if failure else None

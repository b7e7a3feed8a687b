"""Find the poster folders, read each ``poster.yml``, validate it, and say what is wrong.

``load_posters`` never stops at the first problem: it reads every folder and
returns the valid posters together with every problem found, each pointing
at a file, line and column, worded for a committee member, not a programmer.
Nothing here writes to disk.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import difflib
import functools
import os
import re
import stat
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from postergallery import schema, urls
from postergallery.i18n import N_, Translator, megabytes
from postergallery.model import ROLE_NAMES, ROLES, Link, Poster, Problem, slugify
from postergallery.stages.linecheck import UTF16_SAVED, check_lines, double_quoted
from postergallery.yamlsource import (
    YamlRefused,
    compose,
    decode_text,
    is_null,
    mapping_items,
    refusal_message,
    scalar_value,
    where,
    yaml_problem,
)

POSTER_FILE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".pdf", ".heic", ".heif")
# Other endings of a JPEG photo, as WhatsApp Web and Windows save one (IMG-20240130-WA0003.jfif). Not a poster
# file's ending: the original is published under its ending, as the download's name and type, so a JPEG has one
# ending everywhere. `check` says to rename the file to .jpg; `gallery.py new` copies it in as poster.jpg.
JPEG_OTHER_SUFFIXES = (".jfif", ".jpe", ".jfi")
METADATA_NAME = "poster.yml"
EMPTY_FILE = N_("'{name}' is empty (0 bytes); upload the poster file again.")
MAX_METADATA_BYTES = 64 * 1024
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
SUGGESTED_SLUG_LENGTH = 40  # a folder name the gallery suggests: short enough to type and to read in an address
# Names at the top of the site that belong to the theme, to MkDocs and to the hand-written pages. With the
# names the features write (build.reserved_slugs), no poster folder may take them.
SITE_NAMES = frozenset({"assets", "search", "404", "sitemap", "static", "javascripts", "stylesheets", "about", "guide"})

# Characters in a field's value (for a list: in each entry), from the schema; a link's label and address.
LIMITS = {f.name: schema.length(f.name) for f in schema.FIELDS if f.max_length and not f.is_list} | {
    "author": schema.length("authors"),
    "tag": schema.length("tags"),
    "link_label": schema.LINK_LABEL_LENGTH,
    "url": schema.URL_LENGTH,
}
MAX_AUTHORS = schema.count("authors")
MAX_TAGS = schema.count("tags")
MAX_LINKS = schema.count("links")
# Problems listed per poster.yml: a file of thousands of broken lines gets the first ones and a count,
# so that neither the output nor the memory of a check grows with what a hostile file repeats.
MAX_PROBLEMS_PER_FILE = 25

FIELDS = schema.NAMES_IN_ORDER
REQUIRED = schema.REQUIRED
# Words people commonly write instead of the field names (Indonesian, English variants).
KEY_SYNONYMS = schema.SYNONYMS
# Role values people write in Indonesian, accepted and stored as the English key.
# Words that are not roles but show what the writer meant, for "did you mean".
ROLE_HINTS = {
    "teacher": "instructor",
    "guru": "instructor",
    "trainer": "instructor",
    "pengajar": "instructor",
    "student": "trainee",
    "siswa": "trainee",
    "participant": "trainee",
    "murid": "trainee",
    "graduate": "alumni",
    "lulusan": "alumni",
    "alumnae": "alumni",
}
ROLE_SYNONYMS = {
    "instruktur": "instructor",
    "pelatih": "instructor",
    "peserta": "trainee",
    "peserta pelatihan": "trainee",
    "peserta-pelatihan": "trainee",
    "alumnus": "alumni",
    "alumna": "alumni",
}
# Names whose lines the line checks recognise even when written without the space after the colon.
KNOWN_KEYS = frozenset(FIELDS) | frozenset(KEY_SYNONYMS) | frozenset(schema.LINK_KEYS)


@dataclass
class LoadResult:
    """The valid posters, every problem, and the poster file and board found in each folder (valid poster or not).

    ``files`` (slug -> path of the poster file) lets ``check`` decode the poster file of a folder whose
    ``poster.yml`` is still wrong, so that both are reported in the same run. ``boards`` (slug -> board
    number, where ``board`` is given and right) lets the boards be checked against each other and the floor
    plan in that run too: a poster whose title is wrong still holds its board.
    """

    posters: list[Poster]
    problems: list[Problem]
    files: dict[str, str]
    boards: dict[str, str]


@dataclass
class _Reporter:
    """Collects problems for one file."""

    path: str
    problems: list
    tr: Translator
    errors: int = 0
    shown: int = 0
    not_shown: int = 0
    first_not_shown: tuple = (None, None)
    # The text YAML read (with the line checks' corrections), line for line: what a message shows as written.
    lines: tuple[str, ...] = ()

    def error(self, at, message: str, **params) -> None:
        self._add("error", at, message, params)

    def warning(self, at, message: str, **params) -> None:
        self._add("warning", at, message, params)

    def error_text(self, at, text: str) -> None:
        """Report a message that is already translated."""
        self._append("error", at, text)

    def _add(self, severity, at, message, params):
        self._append(severity, at, self.tr(message, **params))

    def close(self) -> None:
        """Say how many problems were left out of the list (see MAX_PROBLEMS_PER_FILE)."""
        if self.not_shown:
            line, col = self.first_not_shown
            self.problems.append(
                Problem(
                    self.path,
                    line,
                    col,
                    self.tr.ngettext(
                        "... and {count} more problem in this file from here on; fix the ones above first, then check "
                        "again.",
                        "... and {count} more problems in this file from here on; fix the ones above first, then check "
                        "again.",
                        self.not_shown,
                        count=self.not_shown,
                    ),
                )
            )

    def _append(self, severity, at, text):
        if severity == "error":
            self.errors += 1
        line = col = None
        if isinstance(at, Node):
            w = where(at)
            line, col = w.line, w.col
        elif isinstance(at, tuple):
            line, col = at
        if self.shown >= MAX_PROBLEMS_PER_FILE:
            if not self.not_shown:
                self.first_not_shown = (line, col)
            self.not_shown += 1
            return
        self.shown += 1
        self.problems.append(Problem(self.path, line, col, text, severity))


def load_posters(
    root: Path, posters_dir: str, tr: Translator, *, reserved: frozenset[str], max_file_bytes: int | None = None
):
    """Read every poster folder under ``root/posters_dir``.

    Returns ``(posters, problems)``: the posters that are valid, sorted by
    slug, and every problem found (errors and warnings), sorted by place.
    """
    result = load_gallery(root, posters_dir, tr, reserved=reserved, max_file_bytes=max_file_bytes)
    return result.posters, result.problems


def load_gallery(
    root: Path, posters_dir: str, tr: Translator, *, reserved: frozenset[str], max_file_bytes: int | None = None
) -> LoadResult:
    """``load_posters``, with the poster file found in every folder (see ``LoadResult``).

    ``reserved``: the folder names the site itself uses (``build.reserved_slugs()``).
    """
    problems: list[Problem] = []
    files: dict[str, str] = {}
    boards: dict[str, str] = {}
    base = root / posters_dir
    rel_base = posters_dir.strip("/")
    if not base.is_dir():
        problems.append(
            Problem(
                rel_base,
                None,
                None,
                tr(
                    "the posters folder '{folder}' does not exist. Create it and put one folder per poster in it, "
                    "or set extra.gallery.posters in mkdocs.yml to the right folder.",
                    folder=rel_base,
                ),
            )
        )
        return LoadResult([], problems, files, boards)

    entries = sorted((e for e in os.scandir(base) if not e.name.startswith((".", "_"))), key=lambda e: e.name)
    folders = [e for e in entries if e.is_dir(follow_symlinks=False)]
    for e in entries:
        if e.is_symlink() and e.is_dir():
            problems.append(
                Problem(
                    f"{rel_base}/{e.name}",
                    None,
                    None,
                    tr(
                        "'{name}' is a link (symlink) to another folder; put the poster folder itself here.",
                        name=e.name,
                    ),
                )
            )
        elif not e.is_dir():
            # Only folders are read: a poster.yml or poster file put directly here would be left out unsaid.
            # Anything else (a note to the committee, a file the computer made) is only pointed out: it takes
            # no poster off the site, so it does not stop the build.
            looks_like_a_poster = e.name.lower().endswith(
                (*POSTER_FILE_SUFFIXES, *JPEG_OTHER_SUFFIXES, ".yml", ".yaml")
            )
            if looks_like_a_poster:
                message = tr(
                    "'{name}' is directly in the folder {folder}/, where the gallery reads only folders, one per "
                    "poster; move it into its poster's folder, {folder}/<name>/ (the name in lowercase letters, "
                    "digits and dashes, e.g. {folder}/las-smaw-3g/).",
                    name=e.name,
                    folder=rel_base,
                )
            else:
                message = tr(
                    "'{name}' is directly in the folder {folder}/, where the gallery reads only folders, one per "
                    "poster, so it is not on the site. If it belongs to a poster, move it into that poster's "
                    "folder; if not, move it out of {folder}/, or start its name with _ to keep it here.",
                    name=e.name,
                    folder=rel_base,
                )
            severity = "error" if looks_like_a_poster else "warning"
            problems.append(Problem(f"{rel_base}/{e.name}", None, None, message, severity))

    _check_slug_clashes(folders, rel_base, problems, tr)
    posters = []
    seen = {}
    names = frozenset(e.name.lower() for e in folders)
    for entry in folders:
        rel = f"{rel_base}/{entry.name}"
        # The other folders' names, for the name a misnamed folder is told to take (only then: a folder read
        # before is not read again because another folder came or went).
        taken = names if check_slug(entry.name, tr, reserved) else frozenset()
        try:
            state = (rel, tr.lang, max_file_bytes, reserved, taken, _folder_state(entry.path))
        except OSError:
            state = None  # read as usual, which says what is wrong
        last = _LOADED.get(entry.path)
        if state is not None and last is not None and last[0] == state:
            poster, image, board, found = last[1]
            problems.extend(found)
        else:
            before = len(problems)
            poster, image, board = _load_one(
                Path(entry.path), rel, entry.name, problems, tr, max_file_bytes, reserved, taken
            )
            found = tuple(problems[before:])
        if state is not None:
            seen[entry.path] = (state, (poster, image, board, found))
        if poster is not None:
            posters.append(poster)
        if image is not None:
            files[entry.name] = f"{rel}/{image}"
        if board:
            boards[entry.name] = board
    _LOADED.clear()
    _LOADED.update(seen)
    posters.sort(key=lambda p: p.slug)
    problems.sort(key=Problem.sort_key)
    return LoadResult(posters, problems, files, boards)


# Under `mkdocs serve` one process builds again and again, reading every poster folder each time. A folder
# whose entries are as they were at the last load (names, kinds, sizes, times, inodes), read with the same
# language and limits, gives the same poster, poster file and problems: they are taken from here.
_LOADED: dict[str, tuple[tuple, tuple]] = {}


def _folder_state(path: str) -> tuple:
    """What a poster folder's reading depends on, as the file system says it without reading a file."""
    state = []
    for e in os.scandir(path):
        st = e.stat(follow_symlinks=False)
        state.append((e.name, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(sorted(state))


def _check_slug_clashes(folders, rel_base, problems, tr):
    by_lower: dict[str, list[str]] = {}
    for e in folders:
        by_lower.setdefault(e.name.lower(), []).append(e.name)
    for names in by_lower.values():
        if len(names) > 1:
            names = sorted(names)
            problems.append(
                Problem(
                    f"{rel_base}/{names[0]}/",
                    None,
                    None,
                    tr(
                        "the folders {names} differ only in upper/lower case; web addresses and Windows or macOS "
                        "computers treat them as the same. Rename or remove all but one.",
                        names=" and ".join(f"'{n}'" for n in names),
                    ),
                )
            )


def suggest_slug(text: str, reserved: frozenset[str]) -> str:
    """A valid folder name made from ``text`` (a poster's title, or a folder name that was refused), e.g.
    "Las SMAW 3G" -> "las-smaw-3g": whole words, at most SUGGESTED_SLUG_LENGTH characters, never ending in a
    dash, never one of the ``reserved`` names the site uses (those get "poster-" in front)."""
    slug = slugify(text)
    if len(slug) > SUGGESTED_SLUG_LENGTH:
        cut = slug[: SUGGESTED_SLUG_LENGTH + 1]  # with the character after: a dash there ends a whole word
        # The poster's address for good: cut after a whole word, unless the first word alone is too long.
        slug = cut.rsplit("-", 1)[0] if "-" in cut.strip("-") else cut[:SUGGESTED_SLUG_LENGTH]
    suggestion = slug.strip("-") or "poster-baru"
    return f"poster-{suggestion}" if suggestion in reserved else suggestion


def suggest_free_slug(slug: str, taken: Collection[str]) -> str:
    """``slug`` with the first free number appended: las-smaw -> las-smaw-2, and las-smaw-2 -> las-smaw-3 where
    las-smaw is taken (the number was one added so). A number of the title stays: lulusan-angkatan-2024 ->
    lulusan-angkatan-2024-2, not lulusan-angkatan-2, an address that would name another year for good."""
    counted = re.sub(r"-\d+$", "", slug)
    base = counted if counted and counted in taken else slug
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def check_slug(name: str, tr: Translator, reserved: frozenset[str], taken: Collection[str] = frozenset()) -> str | None:
    """A message saying why ``name`` cannot be a poster's folder name (``reserved``: the site's own), or None.
    The name it suggests is none of ``taken`` (the other folders' names, lowercase): renamed to one of them, the
    folder would be refused, or on Windows merged into the other poster's, its poster.yml written over."""
    if len(name) > MAX_SLUG_LENGTH:
        template = N_(
            "the folder name '{name}' is too long ({count} characters, at most {limit}); shorten it, e.g. '{suggestion}'."
        )
    elif not SLUG_RE.match(name):
        template = N_(
            "the folder name '{name}' becomes the poster's web address, so it may contain only "
            "lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder "
            "to '{suggestion}'."
        )
    elif name in reserved:
        template = N_("the folder name '{name}' is used by the site itself; rename the folder, e.g. to '{suggestion}'.")
    else:
        return None  # (the suggestion below is made only for a name refused: this runs for every folder, every build)
    suggestion = suggest_slug(name, reserved)  # a name the site uses gets "poster-" in front
    if suggestion in taken:
        suggestion = suggest_free_slug(suggestion, taken)
    return tr(template, name=name, count=len(name), limit=MAX_SLUG_LENGTH, suggestion=suggestion)


def _load_one(folder: Path, rel: str, slug: str, problems, tr, max_file_bytes, reserved, taken):
    """``(poster or None, name of the poster file or None, board number or None)`` for one folder."""
    rep = _Reporter(f"{rel}/{METADATA_NAME}", problems, tr)
    found = _read_poster(folder, rel, slug, problems, rep, tr, max_file_bytes, reserved, taken)
    rep.close()
    return found


def _read_poster(folder: Path, rel: str, slug: str, problems, rep: _Reporter, tr, max_file_bytes, reserved, taken):
    if _is_empty_folder(folder):
        # A folder just made (Windows' "New folder", whatever its name), or left when a poster's files were moved:
        # git keeps no empty folder, so the site built from the repository does not have it either. Said, not
        # refused.
        problems.append(
            Problem(
                f"{rel}/",
                None,
                None,
                tr(
                    "the folder {folder}/ is empty, so it is not on the site; put the poster file and its "
                    "poster.yml in it, or remove the folder.",
                    folder=rel,
                ),
                "warning",
            )
        )
        return None, None, None
    slug_message = check_slug(slug, tr, reserved, taken)
    if slug_message:
        problems.append(Problem(f"{rel}/", None, None, slug_message))

    def file_alone(named=None):
        """The poster file, looked for even though poster.yml cannot be read (mistakes come in one round)."""
        image = _find_image(folder, rel, named, rep, tr, max_file_bytes)
        return None, image, None

    meta_path = folder / METADATA_NAME
    if not meta_path.exists() and not meta_path.is_symlink():
        names = sorted(p.name for p in folder.iterdir())
        # The whole poster folder one level too deep (posters/x/x/poster.yml): an upload of a folder, or an
        # unzipped archive that had the folder inside.
        inner = [n for n in names if (folder / n / METADATA_NAME).is_file()]
        if inner:
            message = tr(
                "the files of this poster are in the folder {inner}/ inside it, one level too deep; move "
                "poster.yml and the poster file up into {folder}/, then delete the empty folder {inner}/.",
                inner=f"{rel}/{inner[0]}",
                folder=rel,
            )
        else:
            # The file under another name: Poster.yml, POSTER.YML, poster.yaml, poster.yml.txt, or any YAML file.
            others = [n for n in names if n.lower() in ("poster.yml", "poster.yaml", "poster.yml.txt", "poster.txt")]
            others = others or [n for n in names if n.lower().endswith((".yml", ".yaml"))]
            hint = tr(" Rename '{name}' to poster.yml.", name=others[0]) if others else ""
            message = (
                tr(
                    "this poster folder has no poster.yml file describing the poster; add one "
                    "(see the committee guide for a complete example)."
                )
                + hint
            )
        problems.append(Problem(f"{rel}/", None, None, message))
        if inner:
            return None, None, None  # the poster file is in there too: said by the message above
        return file_alone()
    if not _is_plain_file(meta_path):
        rep.error(None, "poster.yml must be an ordinary file, not a link (symlink) or a folder.")
        return file_alone()

    size = meta_path.stat().st_size
    if size > MAX_METADATA_BYTES:
        rep.error(
            None,
            "poster.yml is {size} KB; a poster's details fit in a few lines (at most {limit} KB). "
            "Check that this is the right file.",
            size=size // 1024,
            limit=MAX_METADATA_BYTES // 1024,
        )
        return file_alone()
    raw = meta_path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Saved as 'Unicode' in Notepad: said, and read all the same, so that the file's other problems come too.
        rep.error((1, 1), UTF16_SAVED)
        raw = raw.decode("utf-16", errors="replace").encode("utf-8")
    try:
        text = decode_text(raw)
    except YamlRefused as refused:
        _report_refused(rep, refused)
        if refused.kind != "encoding":
            return file_alone()
        # Saved as Windows' 'ANSI' (Notepad's default before 2019): said at its first letter that is not UTF-8, and
        # read as that all the same, so that the file's other problems come in the same round.
        text = decode_text(raw.decode("cp1252", errors="replace").encode("utf-8"))
    # Each line is looked at first, for the mistakes of hand-written and pasted text; the fields are then
    # read from the text with those mistakes corrected, so their own problems show in the same run.
    lines = check_lines(text, KNOWN_KEYS)
    for finding in lines.findings:
        rep.error((finding.line, finding.col), finding.message, **finding.params)
    rep.lines = tuple(lines.repaired.split("\n"))
    image_value = lines.values.get("image")
    named = (image_value[2], (image_value[0], image_value[1])) if image_value else None
    try:
        root = compose(lines.repaired, allow_aliases=False)
    except YamlRefused as refused:
        _report_refused(rep, refused)
        return file_alone(named)
    if root is None or is_null(root):
        rep.error((1, 1), "poster.yml is empty. Fill in at least these fields: title, authors, role, center and alt.")
        return file_alone()
    if not isinstance(root, MappingNode):
        rep.error(
            root,
            "poster.yml must consist of lines like 'title: ...', one field per line; this file holds {kind} instead.",
            kind=_kind(root, tr),
        )
        return file_alone(named)

    values = _read_fields(root, rep, tr)
    image_node = values.pop("_image_node", None)
    if image_node is None:
        image = _find_image(folder, rel, None, rep, tr, max_file_bytes)
    elif values.get("image") is None:
        image = None  # the field itself is wrong, and said so
    else:
        image = _find_image(folder, rel, (values["image"], image_node), rep, tr, max_file_bytes)
    missing = [k for k in REQUIRED if k not in values]
    for key in missing:
        rep.error((1, 1), "the required field '{key}' is missing. {hint}", key=key, hint=_required_hint(key, tr))
    board = values.get("board")
    if slug_message or missing or image is None or rep.errors:
        return None, image, board
    # Every field but the file's name is an attribute of the poster; an optional field left out keeps its default.
    fields = {f.name: values[f.name] for f in schema.FIELDS if f.kind != schema.FILE and f.name in values}
    return Poster(slug=slug, source=f"{rel}/{image}", **fields), image, board


def _report_refused(rep: _Reporter, refused: YamlRefused) -> None:
    at = (refused.line, refused.col) if refused.line else None
    # A poster's own words for the two refusals its fields explain best; the others as for any YAML file.
    if refused.kind not in ("depth", "syntax"):
        message, values = refusal_message(refused, "poster.yml", rep.tr)
        rep.error(at, message, **values)
    elif refused.kind == "depth":
        rep.error(
            at,
            "poster.yml is nested too deeply; poster fields are at most two levels deep "
            "(for example links: - label: ... url: ...).",
        )
    else:
        detail = yaml_problem(refused.detail, rep.tr)
        hint = _syntax_hint(refused.detail, rep.tr)
        if detail:
            rep.error(at, "this line is not valid YAML ({detail}). {hint}", detail=detail, hint=hint)
        else:
            rep.error(at, "this line is not valid YAML. {hint}", hint=hint)


def _syntax_hint(detail: str, tr: Translator) -> str:
    if "mapping values are not allowed" in detail:
        return tr(
            "A common cause is a colon (:) inside a text; put the whole text in double quotes, "
            'e.g. title: "Las: dari nol".'
        )
    if "'\\t'" in detail or "\\t" in detail:
        return tr("Use spaces, not tabs, to indent lines.")
    if "could not find expected ':'" in detail:
        return tr("Each line needs a field name followed by a colon and a space, e.g. center: BPVP Bandung.")
    if "found character" in detail and "'@'" in detail or "'`'" in detail:
        return tr("A text may not start with @ or `; put the whole text in double quotes.")
    if "found unknown escape character" in detail:
        # A backslash in a text that goes on over several lines (the line check mends those on one line), or
        # after a quote left open earlier.
        return tr(
            "Inside double quotes a backslash (\\) starts a special sign: write a backslash that is part of the "
            "text twice (\\\\), or put the whole text in single quotes; and check that every opening quote has "
            "its closing quote."
        )
    if "found unexpected end of stream" in detail:
        return tr("Check that every opening quote has a closing quote on the same line.")
    return tr("Check the indentation and quotes on this line and the line before it.")


def _kind(node: Node, tr: Translator) -> str:
    if isinstance(node, SequenceNode):
        return tr("a list")
    if isinstance(node, MappingNode):
        return tr("a group of fields")
    return tr("a single text")


def _required_hint(key: str, tr: Translator, *, empty: bool = False) -> str:
    """What to write for a required field that is missing, or (``empty``) whose line is there with no value."""
    field = schema.BY_NAME[key]
    return tr(field.empty_hint if empty else field.missing_hint)


def _read_fields(root: MappingNode, rep: _Reporter, tr: Translator) -> dict:
    values: dict = {}
    seen: dict[str, Node] = {}
    for key, key_node, value_node in mapping_items(root):
        norm = key.strip().lower()
        if key_node is not None and not isinstance(key_node, ScalarNode):
            rep.error(key_node, "a field name must be a plain word such as 'title'.")
            continue
        if norm not in FIELDS:
            target = _closest_field(norm)
            if target == "links" and (address := _address_alone(value_node)):
                # 'link: https://...': renamed to 'links' as told, it was then refused for not being a list.
                rep.error(
                    key_node,
                    "unknown field '{key}'; links are written as a list under 'links': a line 'links:' and under it "
                    "'  - {url}'.",
                    key=key,
                    url=address,
                )
                continue
            rep.error(key_node, "unknown field '{key}'.{suggestion}", key=key, suggestion=_did_you_mean(target, tr))
            if target in REQUIRED:
                # 'Did you mean' says what to write: not also 'the field is missing, add a line ...', which
                # followed as well gives the field twice.
                values.setdefault(target, None)
            continue
        if norm in seen:
            rep.error(
                key_node,
                "the field '{key}' appears twice (first on line {line}); keep only one.",
                key=norm,
                line=where(seen[norm]).line,
            )
            continue
        seen[norm] = key_node
        if is_null(value_node) or (isinstance(value_node, ScalarNode) and not value_node.value.strip()):
            if norm in REQUIRED:
                hint = _required_hint(norm, tr, empty=True)
                rep.error(key_node, "the field '{key}' is empty. {hint}", key=norm, hint=hint)
                values[norm] = None  # present but empty: do not also report it as missing
            continue
        reader = _FIELD_READERS[norm]
        value = reader(norm, value_node, rep, tr)
        if norm == "image":
            values["_image_node"] = value_node
        if value is not None:
            values[norm] = value
        elif norm in REQUIRED:
            values[norm] = None
    # A required field that is present but invalid stays in as None, so it is
    # not reported a second time as missing.
    return values


def _closest_field(key: str) -> str | None:
    """The field an unknown name (lower case) stands for: the schema's synonym ('judul'), else the field it is
    closest to as typed ('titel'), else None."""
    target = schema.synonym_of(key)
    if not target:
        close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
        target = close[0] if close else None
    return target


def _did_you_mean(target: str | None, tr: Translator) -> str:
    if target:
        return tr(" Did you mean '{target}'?", target=target)
    return tr(" The allowed fields are: {fields}.", fields=", ".join(FIELDS))


def _single_line(text: str) -> str:
    return " ".join(text.split())


def _text(key, node, rep, tr, *, limit_key=None, label=None):
    """A single line of text; numbers and dates are taken as written."""
    label = label or key
    if not isinstance(node, ScalarNode):
        rep.error(node, "'{key}' must be a single text, not {kind}.", key=label, kind=_kind(node, tr))
        return None
    value = _single_line(node.value)
    limit = LIMITS[limit_key or key]
    if len(value) > limit:
        rep.error(
            node,
            "'{key}' is {count} characters long; shorten it to at most {limit}.",
            key=label,
            count=len(value),
            limit=limit,
        )
        return None
    return value


def _read_authors(key, node, rep, tr):
    if isinstance(node, ScalarNode):
        if _not_a_list(key, node, rep):
            return None
        name = _single_line(node.value)
        if "," in name or ";" in name or "\n" in node.value.strip():
            rep.error(
                node,
                "'authors' must be a list with one name per line, each starting with '- ', "
                "e.g. authors: then a line '  - Budi Santoso, S.T.' and a line '  - Siti Rahma'. "
                "(A comma may be part of a name, so the gallery does not split names at commas.)",
            )
            return None
        items = [node]
    elif isinstance(node, SequenceNode):
        items = node.value
    else:
        rep.error(node, "'authors' must be a list of names, one per line starting with '- '.")
        return None
    names = []
    for item in items:
        if _name_with_a_colon(item, rep):
            continue
        name = _text("author", item, rep, tr, label="authors")
        if name is None:
            continue
        if not name:
            rep.error(item, "an entry in 'authors' is empty; write a name after the dash or remove the line.")
            continue
        if _list_marker(key, name, item, rep):
            continue
        joined = joined_names(name)
        if joined:
            # A warning, not an error: the entry may really be one name (a team, a shop), and the poster
            # can be shown as it is; but one card would then credit one author where there are two.
            rep.warning(
                item,
                "'{name}' looks like {count} names in one entry; write each author on its own "
                "line starting with '- ', like '  - {first}' and '  - {second}'.",
                name=name,
                count=len(joined),
                first=joined[0],
                second=joined[1],
            )
        names.append(name)
    if not names and items:
        return None
    if not items:
        rep.error(node, "'authors' is empty. {hint}", hint=_required_hint("authors", tr, empty=True))
        return None
    if len(names) > MAX_AUTHORS:
        rep.error(
            node,
            "'authors' lists {count} names; at most {limit} fit on a poster card.",
            count=len(names),
            limit=MAX_AUTHORS,
        )
        return None
    return tuple(names) if len(names) == len(items) else None


def _name_with_a_colon(item: Node, rep: _Reporter) -> bool:
    """Whether an author entry is one text cut at a colon (``- Ketua: Budi Santoso``), said if so.

    YAML reads the words before ': ' as a field name, so the entry is a group of one field, not a name.
    """
    if not (isinstance(item, MappingNode) and len(item.value) == 1):
        return False
    key, value = item.value[0]
    if not (isinstance(key, ScalarNode) and isinstance(value, ScalarNode) and key.style in (None, "")):
        return False
    line = rep.lines[item.start_mark.line] if item.start_mark.line < len(rep.lines) else ""
    start, end = item.start_mark.column, value.end_mark.column
    written = line[start:end] if value.end_mark.line == item.start_mark.line else f"{key.value}: {value.value}"
    rep.error(
        item,
        "the colon after '{name}' makes YAML read '{name}' as a field name, so this entry of 'authors' is not a "
        "name; write the name alone, or put the whole entry in double quotes: '{corrected}'.",
        name=key.value,
        # The line as it should be when the entry has one of its own ("  - Ketua: ..."), else the entry alone.
        corrected=(line[:start] if line[:start].strip() == "-" else "") + double_quoted(written.strip()),
    )
    return True


def _list_marker(key: str, entry: str, node: Node, rep: _Reporter) -> bool:
    """Whether an entry of the list ``key`` starts with a bullet, another dash or a number (``- – Ani``), said if so.

    YAML takes the "- " alone as the entry's start; what follows it would be published with the name or topic.
    """
    marker = schema.LIST_MARKER.match(entry)
    if marker is None:
        return False
    rest = entry[marker.end() :]
    line = rep.lines[node.start_mark.line] if node.start_mark.line < len(rep.lines) else ""
    start = node.start_mark.column
    if isinstance(node, ScalarNode) and node.start_mark.line == node.end_mark.line and entry == node.value.strip():
        # The line as written, without the marker (in its quotes, if the entry is quoted).
        text = double_quoted(rest) if node.style == '"' else rest
        corrected = line[:start] + text + line[node.end_mark.column :]
    else:
        corrected = f"  - {rest}"  # one of several topics on one line: the entry on a line of its own
    rep.error(
        node,
        "the entry '{entry}' of '{key}' starts with '{marker}', which would be published with it; write the entry "
        "without it: '{corrected}'.",
        entry=entry,
        key=key,
        marker=marker.group().strip(),
        corrected=corrected.rstrip(),
    )
    return True


# A list entry written without "- " in front: a dash glued to the text ("-Budi"), a number ("1. Budi"), or a bullet
# from WhatsApp or Word ("• Budi", "– Budi"). A "- " that starts a line of the text is taken off the entry too, or
# the line to write would be "  - - Budi", a list inside the list.
_GLUED_MARKER = re.compile(rf"(?:- |(?P<marker>-(?=[^\s-])|\d{{1,3}}[.)](?=\s)|[{schema.BULLETS}](?=\s)))\s*")


def _not_a_list(key: str, node: ScalarNode, rep: _Reporter) -> bool:
    """Whether the one text given to the list field ``key`` is a list written the wrong way, said if so.

    YAML joins the lines of a text into one: names written under ``authors:`` without "- " in front become
    a single author "Budi Santoso Siti Rahma", and a dash without a space after it ("-Budi") or a number
    ("1. Budi") is part of the name. Tags over several lines each ending in a comma (or semicolon) are still tags.
    """
    if node.style not in (None, ""):
        return False  # quoted or a block text: written as one text on purpose, read as such by the reader
    first, last = node.start_mark.line, node.end_mark.line
    if last >= len(rep.lines) or first > last:
        return False
    written = [rep.lines[first][node.start_mark.column :], *rep.lines[first + 1 : last + 1]]
    written = [line.strip() for line in written if line.strip()]
    glued = [_GLUED_MARKER.match(line) for line in written]
    marker = next((m["marker"] for m in glued if m and m["marker"]), None)
    several = len(written) > 1 and not (key == "tags" and all(line.endswith((",", ";")) for line in written[:-1]))
    if not several and not marker:
        return False
    # (A tab inside an entry would be shown as the escape "\x09": a space is what to type.)
    entries = [(line[m.end() :] if m else line).replace("\t", " ") for line, m in zip(written, glued)]
    if key == "tags":  # topics on a line are separated as in "tags: las, k3"
        entries = [topic for entry in entries for topic in schema.split_topics(entry)]
    shown = ", ".join(f"'  - {entry}'" for entry in entries)
    value = _single_line(node.value)
    if marker:
        rep.error(
            node,
            "'{key}' is read as the one text '{value}': a list entry starts with a dash and a space ('- '), "
            "not '{marker}'. Write each entry on its own line under '{key}:', like this: {lines}.",
            key=key,
            value=value,
            marker=marker,
            lines=shown,
        )
    else:
        rep.error(
            node,
            "'{key}' is read as the one text '{value}', because its lines do not start with a dash and a space "
            "('- '). Write each entry on its own line under '{key}:', like this: {lines}.",
            key=key,
            value=value,
            lines=shown,
        )
    return True


# Between two names: "dan"/"and"/"&" with spaces around, a comma or a semicolon.
_NAME_SEPARATOR = re.compile(r"(\s+(?:dan|and|&)\s+|\s*[,;]\s*)", re.IGNORECASE)
# An academic degree after a comma ("Budi Santoso, S.T.", "Siti, S.Pd., M.Pd.", "Andi, MBA") is not a name.
_DEGREE = re.compile(r"(?:[A-Za-z]{1,5}\.\s?)+[A-Za-z]{0,5}\.?|[A-Z]{2,5}")
_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .'\u2019-])*")


def joined_names(entry: str) -> list[str]:
    """The names in one author entry that holds more than one ("Rizky Pratama dan Dewi Lestari"), else [].

    A comma followed by an academic degree stays with the name before it; an entry is only split when
    every part looks like a name (letters, spaces, dots, apostrophes and dashes).
    """
    parts = _NAME_SEPARATOR.split(entry)
    names = [parts[0]]
    for separator, part in zip(parts[1::2], parts[2::2]):
        if separator.strip() in (",", ";") and _DEGREE.fullmatch(part.strip()):
            names[-1] += separator + part
        else:
            names.append(part)
    names = [n.strip() for n in names]
    bare = [re.split(r"[,;]", n)[0] for n in names]  # without the degrees
    if len(names) < 2 or not all(_NAME.fullmatch(b) and sum(c.isalpha() for c in b) >= 2 for b in bare):
        return []
    return names


def _read_role(key, node, rep, tr):
    text = _text(key, node, rep, tr)
    if text is None:
        return None
    value = text.lower()
    value = ROLE_SYNONYMS.get(value, value)
    if value in ROLES:
        return value
    allowed = ", ".join(f"{r} ({tr(ROLE_NAMES[r])})" for r in ROLES)
    hints = ROLE_HINTS | ROLE_SYNONYMS | {r: r for r in ROLES}
    # A role among other words ("Alumni BPVP Bandung", "peserta angkatan 5"), when only one role is named; with
    # two ("alumni dan instruktur") none is guessed; with none, the one the value looks like (a typing mistake).
    named = {hints[word] for word in re.findall(r"[^\W\d_]+", value) if word in hints}
    close = [] if named else difflib.get_close_matches(value, list(hints), n=1, cutoff=0.6)
    target = hints[close[0]] if close else named.pop() if len(named) == 1 else ""
    suggestion = tr(" Did you mean '{target}'?", target=target) if target else ""
    rep.error(
        node,
        "'role' is '{value}', which is not one of the allowed values: {allowed}.{suggestion}",
        value=text,
        allowed=allowed,
        suggestion=suggestion,
    )
    return None


def _read_center(key, node, rep, tr):
    value = _text(key, node, rep, tr)
    if value is not None and not slugify(value):
        rep.error(
            node,
            "'center' needs at least one Latin letter (a-z) or digit: its web address is made of them. Write it in "
            "Latin letters, e.g. center: BPVP Bandung.",
        )
        return None
    return value


# The years a poster's date can be in; one outside them is a slip of the keyboard (2204 for 2024, 0224), and the
# poster would lead the gallery's "newest" order for good, or trail it.
_DATE_YEARS = range(1950, 2100)


def _read_date(key, node, rep, tr):
    date = _read_any_date(node, rep)
    if date is not None and date.year not in _DATE_YEARS:
        rep.warning(
            node,
            "'date' is {value}, in the year {year}; check the year (a date is written YYYY-MM-DD, e.g. 2024-01-30).",
            value=date.isoformat(),
            year=f"{date.year:04d}",
        )
    return date


def _read_any_date(node, rep):
    if not isinstance(node, ScalarNode):
        rep.error(node, "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30.")
        return None
    try:
        value = scalar_value(node)
    except ValueError:
        rep.error(
            node,
            "'date' is {value}, which is not a real date; check the day and the month (written as YYYY-MM-DD).",
            value=node.value,
        )
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    written = _ordinary_digits(value).strip() if isinstance(value, str) else ""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", written):
        try:  # written in quotes, or with full-width digits: "2024-01-30" is still the date people meant
            return _dt.date.fromisoformat(written)
        except ValueError:
            rep.error(
                node,
                "'date' is {value}, which is not a real date; check the day and the month (written as YYYY-MM-DD).",
                value=value.strip(),
            )
            return None
    meant = date_meant(written)
    if meant:
        rep.error(
            node,
            "'date' must be a date written as YYYY-MM-DD (found '{value}'); write it as 'date: {meant}'.",
            value=_single_line(node.value),
            meant=meant.isoformat(),
        )
        return None
    rep.error(
        node,
        "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30 (found '{value}').",
        value=_single_line(node.value),
    )
    return None


_NUMBERS_DATE = re.compile(r"(\d{1,4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})")  # 30 Januari 2024
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")  # January 30, 2024
# Spellings of months people write besides the ones Babel knows (Indonesian "Agt" and "Ags", the old "Pebruari").
_MORE_MONTHS = {"agt": 8, "ags": 8, "pebruari": 2, "sept": 9, "nopember": 11, "nop": 11}


@functools.cache
def _month_numbers() -> dict[str, int]:
    """Month names and their short forms, in Indonesian and English, lower case -> 1-12."""
    from babel.dates import get_month_names

    names = dict(_MORE_MONTHS)
    for lang in ("id", "en"):
        for width in ("wide", "abbreviated"):
            names.update(
                {name.lower().rstrip("."): number for number, name in get_month_names(width, locale=lang).items()}
            )
    return names


def date_meant(text: str) -> _dt.date | None:
    """The date that ``text``, written otherwise than YYYY-MM-DD, means without a doubt, or None.

    "30 Januari 2024", "January 30, 2024", "2024/01/30", and numbers with the day first as Indonesia writes
    them ("30-01-2024", "30/1/2024"), or the month first where the first number cannot be a month
    ("1/30/2024"). Two numbers that could each be the day or the month ("01/02/2024") give None: the
    message then shows the form to write instead of a date that may be the wrong one.
    """
    text = " ".join(text.split())
    numbers = _NUMBERS_DATE.fullmatch(text)
    if numbers:
        first, _, middle, last = numbers.groups()
        if len(first) == 4:
            year, month, day = int(first), int(middle), int(last)
        elif len(last) == 4:
            a, b, year = int(first), int(middle), int(last)
            if a != b and a <= 12 and b <= 12:
                return None
            day, month = (a, b) if b <= 12 else (b, a)
        else:
            return None
        return _real_date(year, month, day)
    named = _DAY_MONTH_YEAR.fullmatch(text)
    if named:
        day_text, name, year_text = named.groups()
    else:
        named = _MONTH_DAY_YEAR.fullmatch(text)
        if not named:
            return None
        name, day_text, year_text = named.groups()
    number = _month_numbers().get(name.lower())
    return _real_date(int(year_text), number, int(day_text)) if number else None


def _real_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _ordinary_digits(text: str) -> str:
    """``text`` with full-width letters, digits and dashes (typed with a Chinese or Japanese keyboard: "２０２４",
    "Ａ１２") made the ordinary ones they stand for."""
    return unicodedata.normalize("NFKC", text)


def _read_paragraphs(key, node, rep, tr):
    """A text of one or more paragraphs: each paragraph on one line, one empty line between them."""
    if not isinstance(node, ScalarNode):
        rep.error(node, "'{key}' must be a text, not {kind}.", key=key, kind=_kind(node, tr))
        return None
    paragraphs = [_single_line(p) for p in re.split(r"\n\s*\n", node.value.strip())]
    value = "\n\n".join(p for p in paragraphs if p)
    if len(value) > LIMITS[key]:
        rep.error(
            node,
            "'{key}' is {count} characters long; shorten it to at most {limit}.",
            key=key,
            count=len(value),
            limit=LIMITS[key],
        )
        return None
    return value


def _read_board(key, node, rep, tr):
    """A board number ("A12"), kept in capitals: "a12" and "A12" are the same board."""
    if isinstance(node, ScalarNode):
        # "Papan no. 12" is not a board number, and not one too long either: told to shorten it to 8 characters,
        # the committee wrote "Papan 12", and was then offered PAPAN-12. The board number it holds is said at once.
        written = _ordinary_digits(_single_line(node.value))
        suggestion = _board_suggestion(written)
        if suggestion and suggestion != written.upper() and not schema.is_board(written):
            _not_a_board(node, rep, written, suggestion)
            return None
    value = _text(key, node, rep, tr)
    if value is None:
        return None
    board = schema.normal_board(value)
    if board is None:
        value = _ordinary_digits(value)
        _not_a_board(node, rep, value, _board_suggestion(value) or "A12")
        return None
    return board


# Words written with a board's number ("Papan no. 12", "No. 12", "Board #3"): the rest is the board number.
_BOARD_WORDS = re.compile(r"\b(?:papan|nomor|nomer|no|nr|board|stand|meja)\b\.?|#", re.IGNORECASE)


def _board_suggestion(written: str) -> str | None:
    """The board number ``written`` stands for ("Papan no. 12" -> "12", "A 12" -> "A-12"), or None."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", _BOARD_WORDS.sub(" ", written)).strip("-").upper()
    return cleaned if schema.is_board(cleaned) else None


def _not_a_board(node, rep, value: str, suggestion: str) -> None:
    rep.error(
        node,
        "'board' is '{value}', which is not a board number; a board number is made of letters (A-Z), digits "
        "and dashes between them, e.g. board: {suggestion}.",
        value=value,
        suggestion=suggestion,
    )


def _read_tags(key, node, rep, tr):
    if isinstance(node, ScalarNode):
        if _not_a_list(key, node, rep):
            return None
        # Tags never contain commas or semicolons, so "las, otomotif" and "las; otomotif" are read as two tags.
        items = [(t, node) for t in schema.split_topics(node.value)]
    elif isinstance(node, SequenceNode):
        items = []
        for item in node.value:
            text = _text("tag", item, rep, tr, label="tags")
            if text == "":
                rep.error(item, "an entry in 'tags' is empty; write a topic after the dash or remove the line.")
            elif text is not None:
                items.append((text, item))
    else:
        rep.error(node, "'tags' must be a list of short words, one per line starting with '- '.")
        return None
    tags: list[str] = []
    seen: set[str] = set()
    for text, at in items:
        if _list_marker(key, text, at, rep):
            continue
        if len(text) > LIMITS["tag"]:
            rep.error(
                at,
                "'{key}' is {count} characters long; shorten it to at most {limit}.",
                key="tags",
                count=len(text),
                limit=LIMITS["tag"],
            )
            continue
        if not slugify(text):
            rep.error(
                at,
                "the tag '{tag}' needs at least one Latin letter (a-z) or digit: its web address is made of them. "
                "Write it in Latin letters, e.g. kaigo.",
                tag=text,
            )
            continue
        if slugify(text) not in seen:  # 'Las!' and 'las' would be one topic page listing the poster twice
            seen.add(slugify(text))
            tags.append(text)
    if len(tags) > MAX_TAGS:
        rep.error(node, "'tags' lists {count} tags; use at most {limit}.", count=len(tags), limit=MAX_TAGS)
        return None
    return tuple(tags)


def _read_links(key, node, rep, tr):
    if address := _address_alone(node):
        rep.error(node, "'links' must be a list; write the address on the next line: '  - {url}'.", url=address)
        return None
    if not isinstance(node, SequenceNode):
        rep.error(
            node, "'links' must be a list; write each link as '- label: ...' with 'url: https://...' on the next line."
        )
        return None
    links = []
    ok = True
    for index, item in enumerate(node.value):
        link = _read_link(item, rep, tr, node.value[index + 1 : index + 2])
        if link is None:
            ok = False
        else:
            links.append(link)
    if len(links) > MAX_LINKS:
        rep.error(node, "'links' lists {count} links; use at most {limit}.", count=len(links), limit=MAX_LINKS)
        return None
    return tuple(links) if ok else None


def _read_link(item: Node, rep, tr, following: list[Node]):
    """One entry of ``links``, or None when it is wrong (said). ``following``: the entry after it, if any."""
    if isinstance(item, ScalarNode):
        url_node, label_node = item, None
        wrong = False
    elif isinstance(item, MappingNode):
        parts = _link_parts(item, rep)
        if parts is None:
            return None
        (label_node, url_node), wrong = parts
        if url_node is None:
            alone = _url_alone(following)
            if alone is not None:  # "- label: Video" then "- url: https://...": the dash made the url a link of its own
                name, address = alone
                rep.error(
                    item,
                    "this link's url is on the next line as a link of its own ('- {name}: ...'); take away that "
                    "line's dash, so that 'url:' stands under 'label:': '{line}'.",
                    name=name,
                    line=" " * item.start_mark.column + "url: " + address,
                )
            else:
                rep.error(item, "this link has no 'url'; add 'url: https://...'.")
            return None
    else:
        rep.error(item, "each entry in 'links' must be a label and a url.")
        return None
    url = _text("url", url_node, rep, tr, label="url")
    if url is None:
        return None
    if not url:  # 'url:' left empty, or the issue form's "Video | " with the address forgotten
        named = _single_line(label_node.value) if isinstance(label_node, ScalarNode) else ""
        if named:
            rep.error(
                url_node,
                "the link '{label}' has no web address; add it (https://...), or remove the link.",
                label=named,
            )
        else:
            rep.error(url_node, "this link has no web address; write it (https://...), or remove the line.")
        return None
    message = url_problem(url)
    if message:
        rep.error(url_node, message, url=url, encoded=_spaces_encoded(url))
        return None
    label = _text("link_label", label_node, rep, tr, label="label") if label_node is not None else None
    if label_node is not None and label is None:
        return None
    if wrong:
        return None  # its parts are read all the same, so that their own mistakes come in this round
    if not label:
        label = urls.host(url) or url
    return Link(label=label, url=url)


def _url_alone(entries: list[Node]) -> tuple[str, str] | None:
    """The name and the address of an entry of ``links`` that is a url and nothing else ("- url: https://...",
    or under a name that stands for url: "- alamat: ..."), or None."""
    if not entries or not isinstance(entries[0], MappingNode):
        return None
    names = mapping_items(entries[0])
    if len(names) != 1 or _link_key(names[0][0].strip().lower()) != "url" or not isinstance(names[0][2], ScalarNode):
        return None
    return _single_line(names[0][0]), _single_line(names[0][2].value)


# The start of a web address: what a link's value under a name that says nothing holds when it is the address.
_ADDRESS_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)


def _address_alone(node: Node) -> str | None:
    """The web address a field's value is when it is one address and nothing else ('link: https://...'), as it
    is to be written: 'www.bnsp.go.id' with the https:// a link needs."""
    if not isinstance(node, ScalarNode):
        return None
    value = node.value.strip()
    if not _ADDRESS_START.match(value) or len(value.split()) != 1:
        return None
    return value if value.lower().startswith(("http://", "https://")) else "https://" + value


def _link_parts(item: MappingNode, rep: _Reporter):
    """``((label node, url node), whether a name was wrong)`` for a link written as a group of names, or None.

    The names are read like the fields' names, in any case; a name that is neither (``judul:``, ``alamat:``,
    or one of no meaning) is an error that says which of the two to write, found from the synonyms, the
    spelling, or the value (a web address is the url), so that following the advice keeps the link's text.
    Every wrong name is said.
    """
    entries = mapping_items(item)
    if len(entries) == 1:
        key, knode, vnode = entries[0]
        norm = key.strip().lower()
        if isinstance(vnode, ScalarNode) and _link_key(norm) is None and _ADDRESS_START.match(vnode.value.strip()):
            # "- Skema BNSP: https://..." (the issue form's "Label | address" in YAML's words): the name is the label.
            rep.error(
                knode,
                "this link is written as '{key}: {url}'; write the label and the address on two lines: "
                "'- label: {key}' and under it '  url: {url}'.",
                key=_single_line(key),
                url=vnode.value.strip(),
            )
            return None
    # The right names first, so that a wrong one is never sent to a part the link already has.
    found: dict[str, tuple[Node, Node]] = {}  # label/url -> (name node, value node)
    wrong = []
    for key, knode, vnode in entries:
        norm = key.strip().lower()
        if norm in schema.LINK_KEYS and norm not in found:
            found[norm] = (knode, vnode)
        else:
            wrong.append((key, norm, knode, vnode))
    for key, norm, knode, vnode in wrong:
        if not isinstance(knode, ScalarNode):
            rep.error(knode, "a field name must be a plain word such as 'title'.")
            continue
        target = _link_key(norm)
        if target is None:
            is_address = isinstance(vnode, ScalarNode) and _ADDRESS_START.match(vnode.value.strip())
            target = "url" if is_address else "label"
        if target in found:
            rep.error(
                knode,
                "a link has only 'label' and 'url', and this one already has its '{target}' (line {line}); keep "
                "the text that belongs there and remove '{key}'.",
                target=target,
                line=where(found[target][0]).line,
                key=key,
            )
            continue
        rep.error(
            knode, "a link has only 'label' and 'url'; write '{target}' instead of '{key}'.", target=target, key=key
        )
        found[target] = (knode, vnode)
    label, url = (found[k][1] if k in found else None for k in schema.LINK_KEYS)
    return (label, url), bool(wrong)


def _link_key(name: str) -> str | None:
    """The part of a link (label or url) the name ``name`` (in lower case) stands for, if it says."""
    if name in schema.LINK_KEYS:
        return name
    if name in schema.LINK_KEY_SYNONYMS:
        return schema.LINK_KEY_SYNONYMS[name]
    close = difflib.get_close_matches(name, schema.LINK_KEYS, n=1, cutoff=0.6)
    return close[0] if close else None


def _spaces_encoded(url: str) -> str:
    """``url`` with each space written as a browser's address bar writes it (%20)."""
    return url.replace(" ", "%20")


def url_problem(url: str) -> str | None:
    """The (untranslated) message for a URL that may not be linked, or None if it is fine."""
    if urls.has_unsafe_characters(url):
        if " " in url and url_problem(_spaces_encoded(url)) is None:  # (only then: 'java script:' is no address)
            return N_(
                "the link '{url}' contains a space, which a web address cannot have; copy the address again from the "
                "browser's address bar, or write each space as %20: '{encoded}'."
            )
        return N_("the link '{url}' contains spaces, quotes or other characters a web address cannot have.")
    parts = urls.split(url)
    if parts is None:
        return N_("the link '{url}' is not a valid web address.")
    if not parts.scheme and "." in url.split("/")[0]:
        # "www.youtube.com/...", "bnsp.go.id": an address copied without its start, which a browser adds itself.
        # The address alone is shown: the same message is given under the issue form's "Label | address" line.
        return N_(
            "the link '{url}' does not start with https://, so it would not open the site; write the whole "
            "address: 'https://{url}'."
        )
    if parts.scheme not in urls.WEB_SCHEMES:
        return N_(
            "the link '{url}' is not allowed: only web addresses starting with https:// or http:// can be linked."
        )
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return N_(
            "the link '{url}' has no valid site name; a web address names its site after the //, e.g. https://bnsp.go.id/."
        )
    return None


def _read_image(key, node, rep, tr):
    if not isinstance(node, ScalarNode):
        rep.error(node, "'image' must be the name of the poster file in this folder, e.g. image: poster.jpg.")
        return None
    return node.value.strip()


# How each kind of field (schema.py) is read: each returns the value, or None after reporting why not.
_KIND_READERS = {
    schema.LINE: _text,
    schema.GROUP: _read_center,
    schema.CHOICE: _read_role,
    schema.DATE: _read_date,
    schema.PARAGRAPHS: _read_paragraphs,
    schema.NAMES: _read_authors,
    schema.TOPICS: _read_tags,
    schema.LINKS: _read_links,
    schema.FILE: _read_image,
    schema.BOARD: _read_board,
}
_FIELD_READERS = {f.name: _KIND_READERS[f.kind] for f in schema.FIELDS}


def _is_plain_file(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode)


# Files the committee puts in a poster folder in place of the poster, with what to make of each.
_TO_CONVERT = {
    (".pptx", ".ppt", ".odp", ".key"): N_(
        "no poster file found in {folder}/: '{name}' is a presentation, which the gallery cannot show; export it "
        "as a PDF (in PowerPoint: File > Export > Create PDF) and put the PDF in {folder}/."
    ),
    (".docx", ".doc", ".odt", ".rtf"): N_(
        "no poster file found in {folder}/: '{name}' is a Word document, which the gallery cannot show; save it "
        "as a PDF (in Word: File > Save As > PDF) and put the PDF in {folder}/."
    ),
    (".gif", ".bmp", ".tif", ".tiff"): N_(
        "no poster file found in {folder}/: '{name}' is an image format the gallery cannot show; save it as a "
        "PNG (for example in Paint: File > Save As > PNG picture) and put the PNG in {folder}/."
    ),
    JPEG_OTHER_SUFFIXES: N_(
        "no poster file found in {folder}/: '{name}' is a JPG photo under another ending (as WhatsApp and "
        "Windows save some photos), which the gallery does not read; rename it to '{renamed}'."
    ),
    # The design itself, as a designer or a print shop hands it over (an .ai file is usually a PDF inside).
    (".psd", ".ai", ".cdr", ".eps", ".svg", ".indd", ".xcf", ".afdesign", ".pub"): N_(
        "no poster file found in {folder}/: '{name}' is a design program's own file, which the gallery cannot "
        "show; export the poster from that program as a PDF (File > Save As or Export > PDF; in Canva: Share > "
        "Download > PDF Print) and put the PDF in {folder}/."
    ),
    # A browser names a download so until it is done: one cut off is left so.
    (".crdownload", ".part", ".partial", ".download"): N_(
        "no poster file found in {folder}/: '{name}' is a download that did not finish (the browser names it so "
        "until it is done); download the poster again, and put the finished file in {folder}/."
    ),
    # A poster sent packed (a download from a chat or a shared drive comes as a zip): never unpacked here.
    (".zip", ".rar", ".7z"): N_(
        "no poster file found in {folder}/: '{name}' is a compressed archive, which the gallery does not open; "
        "take the poster file out of it (in Windows: right-click > Extract All) and put the poster file itself "
        "in {folder}/."
    ),
}


def poster_suffix(data: bytes) -> str | None:
    """The file name suffix the bytes are (``.jpg``, ``.png``, ``.webp``, ``.avif``, ``.pdf``), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):  # an ISO media file whose brand is AVIF
        return ".avif"
    if data.startswith(b"%PDF-"):
        return ".pdf"
    return None


def _unnamed_kind(folder: Path, names: list[str]) -> tuple[str, str] | None:
    """``(name, ending)`` of a poster file saved without an ending (as some chat and drive downloads are), by its
    first bytes; None where there is none."""
    for name in names:
        if os.path.splitext(name)[1] or name.startswith(".") or not _is_plain_file(folder / name):
            continue
        try:
            with open(folder / name, "rb") as fh:
                suffix = poster_suffix(fh.read(16))
        except OSError:
            continue
        if suffix:
            return name, suffix
    return None


def _find_image(folder: Path, rel: str, named: tuple | None, rep: _Reporter, tr, max_file_bytes):
    """The poster file's name within the folder, or None after reporting why not.

    ``named``: ``(name, where)`` when poster.yml says which file (``where`` is its node, or a line and column).
    """
    names = sorted(p.name for p in folder.iterdir())
    if named is not None:
        candidate, at = named
        if (
            not candidate
            or "/" in candidate
            or "\\" in candidate
            or candidate in (".", "..")
            or os.path.isabs(candidate)
            or re.search(r"[\x00-\x1f\x7f]", candidate)
        ):
            rep.error(
                at,
                "'image' must be just the name of a file in this folder, like poster.jpg, "
                "without any folder in front ('{value}' is not allowed).",
                value=candidate,
            )
            return None
        # A name typed in poster.yml is composed (é as one character); a file from a Mac may be named with é as
        # e and its accent: the same name, found as the file has it.
        candidate = next(
            (n for n in names if unicodedata.normalize("NFC", n) == unicodedata.normalize("NFC", candidate)), candidate
        )
        if candidate not in names:
            others = ", ".join(n for n in names if n != METADATA_NAME) or tr("none")
            rep.error(
                at,
                "'image' names '{name}', but there is no such file in {folder}/ "
                "(files there: {others}). Check the spelling, including upper and lower case.",
                name=candidate,
                folder=rel,
                others=others,
            )
            return None
        if candidate.lower().endswith(JPEG_OTHER_SUFFIXES):
            rep.error(
                at,
                "'{name}' is a JPG photo under another ending (as WhatsApp and Windows save some photos), which "
                "the gallery does not read; rename it to '{renamed}' and write 'image: {renamed}'.",
                name=candidate,
                renamed=_as_jpg(candidate),
            )
            return None
        if not candidate.lower().endswith(POSTER_FILE_SUFFIXES):
            rep.error(
                at, "'{name}' is not a supported poster format; use a JPG, PNG, WebP, AVIF or PDF file.", name=candidate
            )
            return None
    else:
        found = [n for n in names if n.lower().endswith(POSTER_FILE_SUFFIXES) and not n.startswith(".")]
        other = next(
            ((n, message) for n in names for suffixes, message in _TO_CONVERT.items() if n.lower().endswith(suffixes)),
            None,
        )
        if not found and other is not None:
            rep.error(None, other[1], name=other[0], folder=rel, renamed=_as_jpg(other[0]))
            return None
        bare = None if found else _unnamed_kind(folder, names)
        if bare is not None:
            rep.error(
                None,
                "no poster file found in {folder}/: '{name}' has no ending, though it is a {kind} file; rename it to "
                "'{renamed}'.",
                folder=rel,
                name=bare[0],
                kind=bare[1].lstrip(".").upper(),
                renamed=bare[0] + bare[1],
            )
            return None
        if not found:
            rep.error(
                None,
                "no poster file found in {folder}/; add the poster as a JPG, PNG, WebP, AVIF or PDF file.",
                folder=rel,
            )
            return None
        if len(found) > 1:
            empty = [n for n in found if _is_empty(folder / n)]
            rep.error(
                None,
                "{folder}/ holds {count} poster files ({names}); keep only one, or say which one "
                "to show with a line 'image: {first}' in poster.yml.",
                folder=rel,
                count=len(found),
                names=", ".join(found),
                first=next((n for n in found if n not in empty), found[0]),
            )
            for name in empty:  # said now, not after the line above named it
                rep.error(None, EMPTY_FILE, name=name)
            return None
        candidate = found[0]
        at = None
    if not saved_as_utf8(folder.name):
        return None  # the folder's name is refused with the name to give it instead (check_slug)
    if not saved_as_utf8(candidate):
        rep.error(
            at,
            "the name of '{name}' has letters that were not saved as UTF-8 (as happens when a zip made on Windows "
            "is unpacked elsewhere), so the file cannot be read; rename it with plain letters, e.g. '{renamed}'.",
            name=candidate,
            renamed=_in_utf8(candidate),
        )
        return None
    path = folder / candidate
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        rep.error(
            at,
            "'{name}' is a link (symlink) to another file; put the poster file itself in the folder.",
            name=candidate,
        )
        return None
    if not stat.S_ISREG(st.st_mode):
        rep.error(at, "'{name}' is not an ordinary file; put the poster file itself in the folder.", name=candidate)
        return None
    if st.st_size == 0:
        rep.error(at, EMPTY_FILE, name=candidate)
        return None
    message = file_size_problem(candidate, st.st_size, max_file_bytes, tr)
    if message:
        rep.error_text(at, message)
        return None
    return candidate


def _is_empty_folder(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False  # read as any folder, which says what is wrong


def _is_empty(path: Path) -> bool:
    try:
        return os.lstat(path).st_size == 0
    except OSError:
        return False  # said when it is the file to show


def saved_as_utf8(name: str) -> bool:
    """Whether a file name read from the disk is text: a name in another encoding comes with lone surrogates
    (Python's surrogateescape), which the image library cannot take."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _in_utf8(name: str) -> str:
    """``name`` without the letters not saved as UTF-8 (``poster\udce9.jpg`` -> ``poster.jpg``)."""
    stem, ending = os.path.splitext(name.encode("utf-8", "ignore").decode("utf-8"))
    return (stem.strip(" .") or "poster") + ending


def _as_jpg(name: str) -> str:
    """``name`` with the ending .jpg in place of its own (``IMG-WA0003.jfif`` -> ``IMG-WA0003.jpg``)."""
    return os.path.splitext(name)[0] + ".jpg"


def file_size_problem(name: str, size: int, max_file_bytes: int | None, tr: Translator) -> str | None:
    """The message for a poster file over the size limit (``extra.gallery.max_file_mb``), or None.

    The limit (25 MB by default) is GitHub's limit for a file added in the web
    browser; GitHub refuses any file over 100 MB, and big originals make every
    clone and build slower without making the zoomed poster any sharper.
    """
    if not max_file_bytes or size <= max_file_bytes:
        return None
    return tr(
        "'{name}' is {size} MB, more than the limit of {limit} MB. Export a smaller file: "
        "save a JPG at quality 85 about 5000 pixels tall, or a PDF with images compressed "
        "to 300 dpi.",
        name=name,
        size=megabytes(size),
        limit=megabytes(max_file_bytes),
    )

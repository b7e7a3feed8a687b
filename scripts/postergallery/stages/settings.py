"""The site owner's settings: ``extra.gallery`` in ``mkdocs.yml``, declared once, validated in one place.

Like MkDocs' own config options, every setting is declared in ``OPTIONS``
with its default; unlike MkDocs, reading goes on after a problem so that
every mistake is reported at once, each with its line in ``mkdocs.yml``.

``mkdocs.yml`` files commonly carry tags such as ``!!python/name:`` (for
Markdown extensions) and ``!ENV``; they are kept as opaque values and never
executed. ``!ENV`` is resolved for the few values the gallery itself reads.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from postergallery.i18n import LANGUAGES, N_, Translator
from postergallery.model import Problem
from postergallery.yamlsource import OpaqueTag, YamlRefused, compose, decode_text, is_null, mapping_items, scalar_value, to_python, where

CONFIG_NAME = "mkdocs.yml"
# What a poster page offers for download (``originals``): every poster's own file, only PDFs (the
# large image for the rest), or the large image for every poster.
ORIGINALS = ("all", "pdf", "none")


@dataclass(frozen=True)
class Settings:
    """Everything the gallery needs to know about the site, with defaults filled in."""

    root: Path
    site_name: str = "Galeri Poster"
    site_url: str = ""  # absolute, ends with "/", or "" when not set
    site_description: str = ""
    docs_dir: str = "docs"
    language: str = "id"
    posters: str = "posters"
    title: str = ""
    intro: str = ""
    cache_dir: str = ".cache/gallery"
    jobs: int = 0  # 0: one worker per CPU core
    max_file_mb: float = 25.0
    max_megapixels: int = 200
    webp_quality: int = 80  # display and thumbnails
    jpeg_quality: int = 82  # zoom and social card
    originals: str = "pdf"  # what the poster page offers for download: "all", "pdf" or "none" (see ORIGINALS)
    originals_max_mb: float = 5.0  # a larger original is not offered; the large image is instead
    site_budget_mb: float = 1000.0  # the most the built site may weigh (GitHub Pages: 1 GB)
    results: bool = False
    sections: dict = field(default_factory=dict, compare=False)  # validated sub-sections: vote, kiosk, ...

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def originals_max_bytes(self) -> int:
        return int(self.originals_max_mb * 1_000_000)

    @property
    def site_budget_bytes(self) -> int:
        return int(self.site_budget_mb * 1_000_000)

    @property
    def heading(self) -> str:
        return self.title or self.site_name

    def absolute_url(self, path: str) -> str:
        """``site_url`` + ``path`` (a site-relative path like ``poster/x/``), or "" without site_url."""
        return self.site_url + path.lstrip("/") if self.site_url else ""


@dataclass(frozen=True)
class Option:
    """One setting under ``extra.gallery``: how to read it and its default."""

    read: Callable[[Node, "_Context"], Any]
    default: Any


class _Context:
    """Reporting helper: problems in ``mkdocs.yml`` with their line and column."""

    def __init__(self, path: str, tr: Translator, root: Path):
        self.path = path
        self.tr = tr
        self.root = root
        self.problems: list[Problem] = []

    def error(self, node: Node | None, message: str, **params) -> None:
        line = col = None
        if node is not None:
            w = where(node)
            line, col = w.line, w.col
        self.problems.append(Problem(self.path, line, col, self.tr(message, **params)))

    def warning(self, node: Node | None, message: str, **params) -> None:
        line = col = None
        if node is not None:
            w = where(node)
            line, col = w.line, w.col
        self.problems.append(Problem(self.path, line, col, self.tr(message, **params), "warning"))


# ---------------------------------------------------------------- readers ---

def _resolve_env(node: Node):
    """The value of an ``!ENV`` node (``!ENV NAME`` or ``!ENV [NAME, ..., default]``)."""
    if isinstance(node, ScalarNode):
        return os.environ.get(node.value)
    if isinstance(node, SequenceNode):
        names = [n.value for n in node.value if isinstance(n, ScalarNode)]
        for name in names[:-1]:
            if name in os.environ:
                return os.environ[name]
        if names:
            last = node.value[-1]
            return os.environ.get(names[-1], scalar_value(last) if len(names) > 1 else None)
    return None


def _plain(node: Node):
    if node.tag == "!ENV":
        return _resolve_env(node)
    if isinstance(node, ScalarNode):
        try:
            return scalar_value(node)
        except ValueError:
            return node.value
    return to_python(node)


def read_text(limit: int = 2000):
    def read(node: Node, ctx: _Context):
        value = _plain(node)
        if value is None:
            return ""
        if isinstance(value, (dict, list, OpaqueTag)):
            ctx.error(node, "this setting must be a text.")
            return None
        text = str(value).strip()
        if len(text) > limit:
            ctx.error(node, "this text is {count} characters long; at most {limit} are allowed.",
                      count=len(text), limit=limit)
            return None
        return text
    return read


def read_bool(node: Node, ctx: _Context):
    value = _plain(node)
    if isinstance(value, bool):
        return value
    ctx.error(node, "this setting must be true or false.")
    return None


def read_number(minimum: float, maximum: float, integer: bool = False):
    def read(node: Node, ctx: _Context):
        value = _plain(node)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            kind = N_("a whole number") if integer else N_("a number")
            ctx.error(node, "this setting must be {kind} between {minimum} and {maximum}.",
                      kind=ctx.tr(kind), minimum=minimum, maximum=maximum)
            return None
        if not minimum <= value <= maximum:
            ctx.error(node, "{value} is out of range; use a value between {minimum} and {maximum}.",
                      value=value, minimum=minimum, maximum=maximum)
            return None
        return value
    return read


def read_choice(choices: tuple[str, ...]):
    """A reader of one word out of ``choices`` (case does not matter)."""
    def read(node: Node, ctx: _Context):
        # The words as written: `none` is not YAML's null, but `false` would be read as a boolean.
        value = node.value if isinstance(node, ScalarNode) and node.tag != "!ENV" else _plain(node)
        if not isinstance(value, str):
            ctx.error(node, "this setting must be one of: {choices}.", choices=", ".join(choices))
            return None
        text = value.strip().lower()
        if text in choices:
            return text
        close = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
        hint = ctx.tr(" Did you mean '{target}'?", target=close[0]) if close else ""
        ctx.error(node, "'{value}' is not one of the values this setting takes: {choices}.{hint}",
                  value=value, choices=", ".join(choices), hint=hint)
        return None
    return read


def read_folder(node: Node, ctx: _Context):
    value = read_text(300)(node, ctx)
    if value is None:
        return None
    if not value or os.path.isabs(value) or ".." in Path(value).parts or "\\" in value:
        ctx.error(node, "use a folder inside the project, written relative to mkdocs.yml, e.g. posters "
                  "('{value}' is not allowed).", value=value)
        return None
    return value.strip("/")


def read_language(node: Node, ctx: _Context):
    value = read_text(10)(node, ctx)
    if value is None:
        return None
    value = value.lower()
    if value not in LANGUAGES:
        ctx.error(node, "the language '{value}' is not available; use 'id' (Indonesian) or 'en' (English).",
                  value=value)
        return None
    return value


OPTIONS: dict[str, Option] = {
    "posters": Option(read_folder, "posters"),
    "language": Option(read_language, None),
    "title": Option(read_text(200), ""),
    "intro": Option(read_text(2000), ""),
    "cache_dir": Option(read_folder, ".cache/gallery"),
    "jobs": Option(read_number(0, 256, integer=True), 0),
    "max_file_mb": Option(read_number(1, 100), 25.0),
    "max_megapixels": Option(read_number(1, 1000, integer=True), 200),
    "webp_quality": Option(read_number(30, 100, integer=True), 80),
    "jpeg_quality": Option(read_number(30, 100, integer=True), 82),
    "originals": Option(read_choice(ORIGINALS), "pdf"),
    "originals_max_mb": Option(read_number(1, 100), 5.0),
    # GitHub Pages publishes at most 1 GB; a pages artifact over 10 GB is not even tried.
    "site_budget_mb": Option(read_number(1, 10_000), 1000.0),
    "results": Option(read_bool, False),
}
# Sub-sections with their own module and reader, registered by those modules:
# reader(node, ctx, settings_so_far) -> value. See register_section.
SECTIONS: dict[str, Callable] = {}


def register_section(name: str, reader: Callable) -> None:
    SECTIONS[name] = reader


# ------------------------------------------------------------------ entry ---

def read_settings(config_file: Path, *, lang: str | None = None) -> tuple[Settings, list[Problem]]:
    """Read ``mkdocs.yml``; return the settings (defaults where invalid) and every problem."""
    root = config_file.parent.resolve()
    rel = config_file.name
    raw_lang = lang
    problems: list[Problem] = []
    try:
        text = decode_text(config_file.read_bytes())
        doc = compose(text, allow_aliases=True)
    except FileNotFoundError:
        tr = Translator(lang or "id")
        return Settings(root=root), [Problem(rel, None, None, tr(
            "mkdocs.yml was not found; run the command from the project folder (the one holding mkdocs.yml)."))]
    except YamlRefused as refused:
        tr = Translator(lang or "id")
        detail = refused.detail or refused.kind
        return Settings(root=root), [Problem(rel, refused.line, refused.col, tr(
            "mkdocs.yml is not valid YAML here ({detail}); check the indentation and quotes.", detail=detail))]
    top = _mapping(doc)
    gallery_node = None
    extra = top.get("extra")
    if extra is not None and isinstance(extra[1], MappingNode):
        gallery_node = _mapping(extra[1]).get("gallery")

    # Language first: it decides the language of every message that follows.
    theme = top.get("theme")
    theme_lang = None
    if theme is not None and isinstance(theme[1], MappingNode):
        tl = _mapping(theme[1]).get("language")
        if tl is not None and isinstance(tl[1], ScalarNode):
            theme_lang = str(tl[1].value).lower().split("_")[0].split("-")[0]
    gallery_lang = None
    if gallery_node is not None and isinstance(gallery_node[1], MappingNode):
        gl = _mapping(gallery_node[1]).get("language")
        if gl is not None and isinstance(gl[1], ScalarNode):
            gallery_lang = str(gl[1].value).lower()
    language = next((x for x in (gallery_lang, theme_lang) if x in LANGUAGES), "id")
    tr = Translator(raw_lang or language)
    ctx = _Context(rel, tr, root)

    values: dict[str, Any] = {"language": language}
    for key, reader in (("site_name", read_text(200)), ("site_description", read_text(500))):
        if key in top:
            value = reader(top[key][1], ctx)
            if value:
                values[key] = value
    if "docs_dir" in top:
        value = read_folder(top["docs_dir"][1], ctx)
        if value:
            values["docs_dir"] = value
    if "site_url" in top:
        values["site_url"] = _read_site_url(top["site_url"][1], ctx)

    sections: dict[str, Any] = {}
    if gallery_node is not None:
        knode, gnode = gallery_node
        if is_null(gnode):
            pass
        elif not isinstance(gnode, MappingNode):
            ctx.error(gnode, "extra.gallery must be a group of settings, one per line, indented under 'gallery:'.")
        else:
            _read_gallery(gnode, ctx, values, sections)
    settings = Settings(root=root, sections=sections, **{k: v for k, v in values.items() if v is not None})
    # Sections are read last: they may depend on the plain settings (site_url, language).
    if gallery_node is not None and isinstance(gallery_node[1], MappingNode):
        entries = _mapping(gallery_node[1])
        for name, reader in SECTIONS.items():
            node = entries.get(name)
            sections[name] = reader(node[1] if node else None, ctx, settings)
    else:
        for name, reader in SECTIONS.items():
            sections[name] = reader(None, ctx, settings)
    problems.extend(ctx.problems)
    problems.sort(key=Problem.sort_key)
    return settings, problems


def _mapping(node) -> dict[str, tuple[Node, Node]]:
    if not isinstance(node, MappingNode):
        return {}
    return {key: (k, v) for key, k, v in mapping_items(node)}


def section_entries(node: MappingNode, ctx: _Context, where: str, known) -> dict[str, tuple[Node, Node]]:
    """The entries of a group of settings by name (``where`` names the group, e.g. ``extra.gallery.kiosk``).

    A name given twice, or one not in ``known``, is reported (with a suggestion) and left out.
    """
    known = list(known)
    entries: dict[str, tuple[Node, Node]] = {}
    for key, knode, vnode in mapping_items(node):
        if key in entries:
            ctx.error(knode, "the setting '{key}' appears twice under {where}; keep only one.", key=key, where=where)
        elif key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = ctx.tr(" Did you mean '{target}'?", target=close[0]) if close else ctx.tr(
                " The known settings are: {names}.", names=", ".join(known))
            ctx.error(knode, "unknown setting '{key}' under {where}.{hint}", key=key, where=where, hint=hint)
        else:
            entries[key] = (knode, vnode)
    return entries


def _read_gallery(node: MappingNode, ctx: _Context, values: dict, sections: dict) -> None:
    entries = section_entries(node, ctx, "extra.gallery", sorted(set(OPTIONS) | set(SECTIONS)))
    for key, (knode, vnode) in entries.items():
        if key in SECTIONS:
            continue  # read by their own modules, below
        value = OPTIONS[key].read(vnode, ctx)
        if value is not None and value != "":
            values[key] = value


def _read_site_url(node: Node, ctx: _Context) -> str:
    value = read_text(500)(node, ctx)
    if not value:
        return ""
    message = site_url_problem(value)
    if message:
        ctx.error(node, message, url=value)
        return ""
    return value if value.endswith("/") else value + "/"


def site_url_problem(url: str) -> str | None:
    """The (untranslated) message for an unusable ``site_url``, or None."""
    if re.search(r"[\x00-\x20\x7f<>\"'`\\]", url):
        return N_("site_url '{url}' contains spaces, quotes or other characters a web address cannot have.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return N_("site_url '{url}' must be the full address of the published site, "
                  "e.g. https://ORG.github.io/REPO/.")
    if parts.query or parts.fragment:
        return N_("site_url '{url}' must not contain '?' or '#'; use the plain address of the site.")
    return None

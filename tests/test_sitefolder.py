"""The built site's poster folder kept from one build to the next (postergallery/sitefolder.py)."""

from __future__ import annotations

import os

from mkdocs.utils import clean_directory

from postergallery import sitefolder


def test_the_poster_pages_wait_out_mkdocs_emptying_the_site_folder_and_what_the_build_left_out_goes(tmp_path):
    site = tmp_path / "site"
    for rel in (
        "index.html",
        "poster/index.html",
        "poster/posters.json",
        "poster/stays/index.html",
        "poster/stays/display.0123456789.webp",
        "poster/removed/index.html",
        "role/alumni/index.html",
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel, "utf-8")
    inode = (site / "poster/stays/index.html").stat().st_ino
    sitefolder.keep_folder(site)
    clean_directory(str(site))  # what MkDocs does next
    assert sorted(p.name for p in site.iterdir()) == [sitefolder.KEPT]
    sitefolder.restore_folder(site)
    # The build writes over the files of the last build, then everything it did not write goes.
    for rel in ("index.html", "poster/index.html", "poster/posters.json", "poster/stays/index.html"):
        (site / rel).write_text("new " + rel, "utf-8")
    sitefolder.prune_folder(site, {"index.html", "poster/index.html", "poster/posters.json", "poster/stays/index.html"})
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "index.html",
        "poster",
        "poster/index.html",
        "poster/posters.json",
        "poster/stays",
        "poster/stays/index.html",
    ]
    assert (site / "poster/stays/index.html").stat().st_ino == inode  # the same file, written over
    # Left behind by a build that stopped half-way: the next build starts from the folder as it is.
    sitefolder.keep_folder(site)
    (site / "poster").mkdir()
    (site / "poster/half.html").write_text("half", "utf-8")
    sitefolder.keep_folder(site)
    assert not (site / "poster").exists() and sorted(p.name for p in (site / sitefolder.KEPT).iterdir()) == [
        "half.html"
    ]
    sitefolder.restore_folder(site)
    assert not (site / sitefolder.KEPT).exists() and (site / "poster/half.html").is_file()


def test_an_image_is_linked_once_and_found_linked_by_the_next_build(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    source = cache / "display.webp"
    source.write_bytes(b"rendition")
    dest = tmp_path / "site/poster/new/display.0123456789.webp"
    # A new poster's folder is made.
    assert sitefolder.link_into(str(source), str(dest)) is True
    assert os.path.samefile(source, dest) and os.stat(source).st_nlink == 2
    # The next build finds it linked there: nothing is made again.
    assert sitefolder.link_into(str(source), str(dest)) is True
    assert os.path.samefile(source, dest) and os.stat(source).st_nlink == 2
    # Another file under that name (left by something else) is replaced, never written into.
    other = tmp_path / "other.webp"
    other.write_bytes(b"other")
    dest.unlink()
    os.link(other, dest)
    assert sitefolder.link_into(str(source), str(dest)) is True
    assert os.path.samefile(source, dest) and other.read_bytes() == b"other" and os.stat(other).st_nlink == 1


def test_where_no_link_can_be_made_the_name_is_freed_for_mkdocs_copy(tmp_path, monkeypatch):
    source = tmp_path / "display.webp"
    source.write_bytes(b"rendition")
    other = tmp_path / "other.webp"
    other.write_bytes(b"other")
    dest = tmp_path / "site/display.webp"
    dest.parent.mkdir()
    os.link(other, dest)  # the name of another file too: a copy onto it would write into that file

    def cross_device(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(sitefolder.os, "link", cross_device)
    assert sitefolder.link_into(str(source), str(dest)) is False
    assert not dest.exists() and other.read_bytes() == b"other"


def test_unshare_removes_links_and_second_names_and_leaves_a_file_of_its_own(tmp_path):
    own = tmp_path / "own.pdf"
    own.write_bytes(b"copy of the last build")
    sitefolder.unshare(str(own))
    assert own.read_bytes() == b"copy of the last build"
    second = tmp_path / "second.pdf"
    os.link(own, second)
    sitefolder.unshare(str(second))
    assert not second.exists() and own.read_bytes() == b"copy of the last build"
    symlink = tmp_path / "symlink.pdf"
    symlink.symlink_to(own)
    sitefolder.unshare(str(symlink))
    assert not symlink.exists() and not symlink.is_symlink() and own.exists()
    sitefolder.unshare(str(tmp_path / "missing.pdf"))  # nothing there: nothing to do

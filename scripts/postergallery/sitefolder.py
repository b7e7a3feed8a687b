"""The built site's poster folder, kept from one MkDocs build to the next.

MkDocs empties its site folder before every build (``mkdocs build`` without ``--dirty``, and every build
of ``serve``). The hook would then link every rendition and QR code back into it and MkDocs would write
every poster page into a new folder: with a thousand posters, 1,000 folders and 7,000 files removed and
made again by a build in which nothing changed. On ext4, besides, making a file soon after thousands were
deleted costs more the more were deleted (the allocator skips recently freed inodes one by one), so each
build of ``serve`` was slower than the one before.

So the poster folder waits out the emptying under a hidden name, which MkDocs leaves alone
(``keep_folder``, ``restore_folder``); MkDocs writes each page over the file of the last build, the hook
finds each image linked where the last build linked it (``link_into``), and whatever this build did not
write goes afterwards (``prune_folder``). Only names are reused, never content: an image is kept only when
it is the cache's very file, and a file MkDocs copies or writes over is never another file's name too.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

# Where the poster pages wait while MkDocs empties the site folder: a hidden name, which it leaves alone.
KEPT = ".gallery-kept-poster"
FOLDER = "poster"  # the folder of the poster pages (features/posters.py)


def keep_folder(site: Path) -> None:
    """Before MkDocs empties ``site``: move its poster folder aside, under the hidden name."""
    kept = site / KEPT
    shutil.rmtree(kept, ignore_errors=True)  # left by a build that stopped half-way
    try:
        os.rename(site / FOLDER, kept)
    except OSError:
        pass  # none yet: MkDocs makes it


def restore_folder(site: Path) -> None:
    """Once MkDocs has emptied ``site``: the poster folder back in place, for this build to write over."""
    kept = site / KEPT
    try:
        os.rename(kept, site / FOLDER)
    except OSError:
        shutil.rmtree(kept, ignore_errors=True)


def link_into(source: str, dest: str) -> bool:
    """Hard-link ``source`` at ``dest`` (making its folder), or find it linked there by the last build.

    False where it cannot be linked (another disk, a file system without links): ``dest`` is then no other
    file's name too (``unshare``), so MkDocs' copy onto it cannot write into another file.
    """
    try:
        try:
            os.link(source, dest)
        except FileNotFoundError:  # a new poster's folder
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.link(source, dest)
        except FileExistsError:
            if os.path.samestat(os.stat(source), os.lstat(dest)):
                return True
            os.unlink(dest)  # another file under this name: not written into, replaced
            os.link(source, dest)
        return True
    except OSError:
        unshare(dest)
        return False


def unshare(dest: str) -> None:
    """Remove ``dest`` if it is a link or another name of a file (MkDocs copies and writes in place)."""
    try:
        mode = os.lstat(dest)
        if stat.S_ISLNK(mode.st_mode) or (stat.S_ISREG(mode.st_mode) and mode.st_nlink > 1):
            os.unlink(dest)
    except OSError:
        pass  # nothing there: MkDocs makes it


def prune_folder(site: Path, written: set[str]) -> None:
    """After the build: remove the files of the poster folder that it did not write (``written``: site-relative
    paths), such as the page of a poster removed since, and the folders left empty."""
    root = site / FOLDER
    for folder, _subfolders, filenames in os.walk(root, topdown=False):
        rel = Path(folder).relative_to(site).as_posix()
        for name in filenames:
            if f"{rel}/{name}" not in written:
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass
        if folder != str(root):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                pass

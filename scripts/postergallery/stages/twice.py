"""A poster in the gallery twice: the same poster file in two folders.

Each folder is a poster of its own, with its own page and its own votes, so a poster added twice (an issue
form sent again with the same file, a folder copied to start another and its file never changed) splits its
votes between the two. Both are said, each naming the other; neither is left out, as which one goes (each
may have votes already) is the committee's to say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from postergallery.i18n import Translator
from postergallery.model import Poster, Problem
from postergallery.stages.load import POSTER_FILE_SUFFIXES


def same_file_message(other: str, tr: Translator) -> str:
    """What is said of a poster file that is the same as the poster file ``other`` (its path)."""
    return tr(
        "the poster file is the same as {other}: the poster is in the gallery twice, and its votes are split "
        "between the two. Remove one of the two folders.",
        other=other,
    )


def same_file_in(posters_dir: Path, rel: str, data: bytes) -> str | None:
    """The path (``rel`` + folder + name) of a poster file in ``posters_dir`` whose bytes are ``data``, or None.
    Only files of the same size are read."""
    if not posters_dir.is_dir():
        return None
    for folder in sorted(posters_dir.iterdir()):
        if folder.name.startswith((".", "_")) or folder.is_symlink() or not folder.is_dir():
            continue
        for file in sorted(folder.iterdir()):
            if (
                file.suffix.lower() in POSTER_FILE_SUFFIXES
                and not file.is_symlink()
                and file.is_file()
                and file.stat().st_size == len(data)
                and file.read_bytes() == data
            ):
                return f"{rel}/{folder.name}/{file.name}"
    return None


def twice_problems(posters: Sequence[Poster], digests: Mapping[str, str], tr: Translator) -> list[Problem]:
    """A warning for each poster whose file is the same as another's (``digests``: slug -> SHA-256 of its file),
    naming the first other one (by folder)."""
    holders: dict[str, list[Poster]] = {}
    for poster in sorted(posters, key=lambda p: p.slug):
        holders.setdefault(digests[poster.slug], []).append(poster)
    return [
        Problem(
            poster.source,
            None,
            None,
            same_file_message(next(p for p in same if p is not poster).source, tr),
            "warning",
        )
        for same in holders.values()
        if len(same) > 1
        for poster in same
    ]

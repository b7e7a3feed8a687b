"""Pieces of pages kept between builds: a poster's page and its card, each under a digest of what it is made from.

With a thousand posters, rendering every poster page and every card of every listing again is most of a
rebuild in which one poster changed. A piece is made again only when its key changes: the key is a
digest of the build's *frame* (everything every page may depend on: the settings, the language, the
package's code and templates; see ``build.site_frame``) and of the piece's own parts (the poster, its
images, QR code and awards, its neighbours' titles). Within one build, a card used by several listings
is rendered once.

The store is a folder of JSON files in the gallery's cache, the pieces of a poster in one of them (JSON,
not pickle: a cache restored from elsewhere never runs code). A file that cannot be read (another
version's, or damaged) is ignored and replaced, which only costs the time of rendering its pieces again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Hashable
from pathlib import Path

from postergallery.stages.writer import atomic_write_bytes

FORMAT = "kept-pieces-2"  # changes when the files' layout does
# The store is split by poster (``group``) into this many files: an edit rewrites the files of the poster
# and its neighbours, a few hundred kilobytes, instead of the whole store (12 MB at 1,000 posters).
SHARDS = 64


class KeptPieces:
    """Rendered pieces under their keys, kept in ``folder``; in memory only without one (no reuse across builds)."""

    def __init__(self, folder: Path | None = None, frame: str = ""):
        self._folder = folder
        self._frame = frame.encode()
        self._before: list[dict[str, str]] = [_read(_shard_path(folder, i)) if folder else {} for i in range(SHARDS)]
        self._now: list[dict[str, str]] = [{} for _ in range(SHARDS)]
        self._made_in: set[int] = set()  # shards with a piece rendered this build

    def get(self, group: str, parts: tuple[Hashable, ...], make: Callable[[], str]) -> str:
        """The piece made from ``parts`` (values whose ``repr`` says everything they hold: strings, numbers,
        dataclasses, tuples): kept, or ``make()`` now. ``group`` (a poster's slug) only chooses where it is
        kept, with the poster's other pieces."""
        shard = int(hashlib.sha256(group.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % SHARDS
        key = hashlib.sha256(self._frame + b"\0" + repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
        now = self._now[shard]
        text = now.get(key)
        if text is None:
            text = self._before[shard].get(key)
        if text is None:
            text = make()
            self._made_in.add(shard)
        now[key] = text
        return text

    def save(self) -> None:
        """Keep this build's pieces (only those) for the next build: each file only when its pieces changed."""
        if self._folder is None:
            return
        try:
            for shard in range(SHARDS):
                now = self._now[shard]
                if shard not in self._made_in and now.keys() == self._before[shard].keys():
                    continue
                path = _shard_path(self._folder, shard)
                if now:
                    data = json.dumps({"format": FORMAT, "pieces": now}, ensure_ascii=False)
                    atomic_write_bytes(path, data.encode("utf-8", "surrogatepass"))
                else:
                    path.unlink(missing_ok=True)
            # The folder is the store's alone: anything else there is an older version's store.
            names = {_shard_path(self._folder, i).name for i in range(SHARDS)}
            for other in os.scandir(self._folder):
                if other.name not in names and not other.name.startswith(".") and other.is_file():
                    os.unlink(other.path)
        except OSError:
            pass  # not kept: only costs time next build


def _shard_path(folder: Path, shard: int) -> Path:
    return folder / f"pieces-{shard:02d}.json"


def _read(path: Path) -> dict[str, str]:
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8", "surrogatepass"))
    except (OSError, ValueError):
        return {}
    pieces = data.get("pieces") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(pieces, dict):
        return {}
    return {key: text for key, text in pieces.items() if isinstance(text, str)}

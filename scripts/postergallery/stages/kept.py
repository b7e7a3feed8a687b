"""Pieces of pages kept between builds: a poster's page and its card, each under a digest of what it is made from.

With a thousand posters, rendering every poster page and every card of every listing again is most of a
rebuild in which one poster changed. A piece is made again only when its key changes: the key is a
digest of the build's *frame* (everything every page may depend on: the settings, the language, the
package's code and templates; see ``build.site_frame``) and of the piece's own parts (the poster, its
images, QR code and awards, its neighbours' titles). Within one build, a card used by several listings
is rendered once.

The store is one JSON file in the gallery's cache (JSON, not pickle: a cache restored from elsewhere
never runs code). One that cannot be read (another version's, or damaged) is ignored and replaced,
which only costs the time of rendering everything once.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Hashable
from pathlib import Path

from postergallery.stages.writer import atomic_write_bytes

FORMAT = "kept-pieces-1"  # changes when the file's layout does


class KeptPieces:
    """Rendered pieces under their keys; in memory only without a ``path`` (no reuse across builds)."""

    def __init__(self, path: Path | None = None, frame: str = ""):
        self._path = path
        self._frame = frame.encode()
        self._before: dict[str, str] = _read(path) if path is not None else {}
        self._now: dict[str, str] = {}
        self.made = 0  # pieces rendered this build
        self.reused = 0  # pieces taken from this build or the last

    def get(self, parts: tuple[Hashable, ...], make: Callable[[], str]) -> str:
        """The piece made from ``parts`` (values whose ``repr`` says everything they hold: strings, numbers,
        dataclasses, tuples): kept, or ``make()`` now."""
        key = hashlib.sha256(self._frame + b"\0" + repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
        text = self._now.get(key)
        if text is None:
            text = self._before.get(key)
        if text is None:
            text = make()
            self.made += 1
        else:
            self.reused += 1
        self._now[key] = text
        return text

    def save(self) -> None:
        """Keep this build's pieces (only those) for the next build; write nothing when they are the same."""
        if self._path is None or (self.made == 0 and self._now.keys() == self._before.keys()):
            return
        data = json.dumps({"format": FORMAT, "pieces": self._now}, ensure_ascii=False)
        try:
            atomic_write_bytes(self._path, data.encode("utf-8", "surrogatepass"))
            # The folder is the store's alone: anything else there is an older version's store.
            for other in os.scandir(self._path.parent):
                if other.name != self._path.name and not other.name.startswith(".") and other.is_file():
                    os.unlink(other.path)
        except OSError:
            pass  # not kept: only costs time next build


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

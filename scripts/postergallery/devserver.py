"""Under ``mkdocs serve``: the gallery's images answered from where the gallery keeps them.

Under ``serve`` the hook does not link the renditions, QR codes and offered originals into the site folder
(7,000 files at a thousand posters, each checked or linked again for every saved edit).
Instead, the hook wraps the development server's WSGI application once (``on_serve``) in ``GalleryFiles``:
a request for a file of the last build that the gallery keeps elsewhere (renditions and QR codes in its
cache, originals in ``posters/``) is answered from there, by exact path; every other request goes to
MkDocs' own server, which serves the pages and the theme's files from its site folder as before.

Only the hook's ``on_serve`` installs it, so a ``mkdocs build`` (or ``serve`` without live reload, which
has no ``on_serve``) always gets the files in its site folder.

``posters/`` is watched through the operating system's notifications (inotify, FSEvents,
ReadDirectoryChangesW, through watchdog, as MkDocs itself) rather than by MkDocs' polling, which walks
and stats every file under it twice a second: with a thousand posters a fifth of the process's time,
taken from the builds, and up to half a second before an edit is noticed.

The poster pages themselves stay in the site folder from one build to the next (sitefolder.py), as they
do between two runs of ``mkdocs build``.
"""

from __future__ import annotations

import mimetypes
import os
import threading
import wsgiref.util
from collections.abc import Callable, Iterable
from pathlib import Path

# The wrapper of the running development server, set by the hook's on_serve (None under `mkdocs build`).
serving: GalleryFiles | None = None
_observer = None  # the watchdog observer of posters/ (watch_folder), stopped by stop_watching

# What changes a poster: files made, removed, renamed or written. Not a file read: inotify reports its
# opening and closing, and the access time the read updates (an attribute change), for the very files
# the build reads, which would start one build after another. (Also filtered where they arise: see
# watch_folder.)
CHANGES = frozenset({"created", "deleted", "moved", "modified", "closed"})


def watch_folder(server, folder: Path) -> bool:
    """Have ``server`` (MkDocs' LiveReloadServer) build again when anything under ``folder`` changes, as its
    own ``watch`` would, told by the operating system; False when that cannot be set up here (too many
    watches, an unsupported file system, another version of MkDocs), and the caller lets MkDocs poll."""
    global _observer
    condition = getattr(server, "_rebuild_cond", None)
    if not isinstance(condition, threading.Condition) or not hasattr(server, "_want_rebuild"):
        return False
    rebuild: threading.Condition = condition
    from watchdog import events
    from watchdog.observers import Observer

    class Changed(events.FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in CHANGES:
                with rebuild:
                    server._want_rebuild = True
                    rebuild.notify_all()

    observer = Observer()
    # Only the kinds of event that say a change, so that inotify does not even report the build's reads:
    # a written file's closing there (FileClosedEvent); elsewhere, where nothing reports reads or
    # closings, its modification.
    kinds: list[type[events.FileSystemEvent]] = [
        events.FileCreatedEvent,
        events.DirCreatedEvent,
        events.FileDeletedEvent,
        events.DirDeletedEvent,
        events.FileMovedEvent,
        events.DirMovedEvent,
    ]
    inotify = type(observer).__name__ == "InotifyObserver"
    kinds.append(events.FileClosedEvent if inotify else events.FileModifiedEvent)
    try:
        observer.schedule(Changed(), str(folder), recursive=True, event_filter=kinds)
        observer.start()
    except (OSError, RuntimeError):
        return False
    stop_watching()
    _observer = observer
    return True


def stop_watching() -> None:
    global _observer
    if _observer is not None:
        _observer.stop()
        _observer = None


class GalleryFiles:
    """A WSGI application: the files of ``files`` (site-relative path -> file on disk) under ``mount_path``,
    everything else from ``app``."""

    def __init__(self, app: Callable, mount_path: str):
        self.app = app
        self.mount_path = mount_path if mount_path.endswith("/") else mount_path + "/"
        self.files: dict[str, Path] = {}  # replaced whole by each build (see publish)

    def publish(self, files: dict[str, Path]) -> None:
        """The files of a finished build; those of the build before are no longer answered."""
        self.files = files

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        # As MkDocs' own server reads the path (PEP 3333 gives it as latin-1).
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        source = self.files.get(path[len(self.mount_path) :]) if path.startswith(self.mount_path) else None
        if source is not None:
            try:
                fh = open(source, "rb")
                size = os.fstat(fh.fileno()).st_size
            except OSError:
                pass  # gone since (a poster removed while the next build runs): MkDocs answers 404
            else:
                kind = mimetypes.guess_type(path)[0] or "application/octet-stream"  # the published name's
                start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(size))])
                return wsgiref.util.FileWrapper(fh)
        return self.app(environ, start_response)

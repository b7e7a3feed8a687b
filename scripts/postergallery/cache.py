"""The rendition cache: content-hash keys, a manifest, a lock, and a worker pool.

Like Material's social plugin: each poster's renditions live in a folder
named by a digest of the source bytes and the rendition settings. A folder
whose ``meta.json`` exists is complete (it is renamed into place only after
every file in it is written), so a build killed at any moment leaves either
a complete folder or none, and the next build picks up where it stopped.

To avoid reading every source on every build, the manifest remembers each
source file's size, modification time and inode with its digest, as Git's
index does; a file whose stat is unchanged keeps its digest.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import N_
from .images import PosterImageError, RenditionSettings, make_renditions
from .model import Poster, PosterImages, Rendition
from .writer import atomic_write_bytes

MANIFEST_VERSION = 1


@dataclass
class StageReport:
    posters: int = 0
    processed: int = 0
    cached: int = 0
    failed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.posters} posters, {self.processed} processed, {self.cached} cached"
                + (f", {self.failed} failed" if self.failed else "") + f", {self.seconds:.1f} s")


@dataclass
class StageResult:
    images: dict[str, PosterImages] = field(default_factory=dict)
    folders: dict[str, Path] = field(default_factory=dict)  # slug -> cache folder with its files
    failures: dict[str, PosterImageError] = field(default_factory=dict)
    report: StageReport = field(default_factory=StageReport)


@contextlib.contextmanager
def build_lock(cache_dir: Path, on_wait=None):
    """Hold an exclusive lock on the cache for the length of a build."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class RenditionCache:
    """Maps poster sources to finished rendition folders, making the missing ones."""

    def __init__(self, root: Path, cache_dir: Path, settings: RenditionSettings):
        self.root = root
        self.dir = cache_dir
        self.settings = settings
        self._settings_digest = hashlib.sha256(json.dumps(settings.key(), sort_keys=True).encode()).hexdigest()
        self._manifest = self._read_manifest()
        self._manifest_changed = False

    # -- digests -------------------------------------------------------------

    def digest(self, source_rel: str) -> str:
        path = self.root / source_rel
        st = os.stat(path)
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self._manifest["sources"].get(source_rel)
        if known and known[:3] == stamp:
            source_digest = known[3]
        else:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            source_digest = h.hexdigest()
            self._manifest["sources"][source_rel] = stamp + [source_digest]
            self._manifest_changed = True
        return hashlib.sha256((source_digest + self._settings_digest).encode()).hexdigest()[:32]

    # -- manifest ------------------------------------------------------------

    def _manifest_path(self) -> Path:
        return self.dir / "manifest.json"

    def _read_manifest(self) -> dict:
        try:
            data = json.loads(self._manifest_path().read_text("utf-8"))
            if data.get("version") == MANIFEST_VERSION and isinstance(data.get("sources"), dict):
                return data
        except (OSError, ValueError, AttributeError):
            pass
        # Missing, corrupt or from another version: start again (sources get re-hashed).
        return {"version": MANIFEST_VERSION, "sources": {}}

    def save_manifest(self, keep_sources: set[str]) -> None:
        sources = self._manifest["sources"]
        for rel in list(sources):
            if rel not in keep_sources:
                del sources[rel]
                self._manifest_changed = True
        if self._manifest_changed:
            data = json.dumps(self._manifest, sort_keys=True, indent=0).encode()
            atomic_write_bytes(self._manifest_path(), data)
            self._manifest_changed = False

    # -- folders -------------------------------------------------------------

    def folder(self, digest: str) -> Path:
        return self.dir / "renditions" / digest

    def load(self, digest: str) -> dict | None:
        try:
            meta = json.loads((self.folder(digest) / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        folder = self.folder(digest)
        if meta.get("ok") and all((folder / r["filename"]).is_file() for r in meta["renditions"]):
            return meta
        if meta.get("ok") is False:
            return meta
        return None

    def prune(self, keep: set[str]) -> None:
        """Remove rendition folders no poster uses any more, and leftovers of killed builds."""
        base = self.dir / "renditions"
        if not base.is_dir():
            return
        for entry in os.scandir(base):
            if entry.name not in keep:
                shutil.rmtree(entry.path, ignore_errors=True)
        tmp = self.dir / "tmp"
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)

    # -- the stage -----------------------------------------------------------

    def run(self, posters: list[Poster], jobs: int = 0, progress=None) -> StageResult:
        """Make sure every poster has its renditions; process the missing ones in a pool."""
        start = time.perf_counter()
        result = StageResult()
        result.report.posters = len(posters)
        todo = []
        digests = {}
        for poster in posters:
            digest = self.digest(poster.source)
            digests[poster.slug] = digest
            meta = self.load(digest)
            if meta is None:
                todo.append((poster, digest))
            else:
                result.report.cached += 1
                self._take(result, poster, digest, meta)
        # Largest files first, so one big poster does not finish alone at the end.
        todo.sort(key=lambda item: -os.stat(self.root / item[0].source).st_size)
        jobs = jobs or os.cpu_count() or 1
        jobs = max(1, min(jobs, len(todo)))
        args = [(str(self.root / p.source), str(self.folder(d)), str(self.dir / "tmp"), self.settings)
                for p, d in todo]
        done = 0
        if todo:
            if jobs == 1:
                outcomes = map(_process_one, args)
            else:
                pool = _worker_pool(jobs)
                outcomes = pool.map(_process_one, args)
            try:
                for (poster, digest), meta in zip(todo, outcomes):
                    done += 1
                    result.report.processed += 1
                    self._take(result, poster, digest, meta)
                    if progress:
                        progress(done, len(todo), poster.slug)
            finally:
                if jobs > 1:
                    pool.shutdown()
        self.save_manifest({p.source for p in posters})
        self.prune(set(digests.values()))
        result.report.failed = len(result.failures)
        result.report.seconds = time.perf_counter() - start
        return result

    def _take(self, result: StageResult, poster: Poster, digest: str, meta: dict) -> None:
        if not meta.get("ok"):
            result.failures[poster.slug] = PosterImageError(meta["template"], **meta.get("params", {}))
            return
        result.folders[poster.slug] = self.folder(digest)
        result.images[poster.slug] = PosterImages(
            slug=poster.slug,
            renditions=tuple(Rendition(**r) for r in meta["renditions"]),
            placeholder=meta["placeholder"],
            source_width=meta.get("source_width", 0),
            source_height=meta.get("source_height", 0),
            pages=meta.get("pages", 1),
        )


def _worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Fresh worker processes (spawn: safe even when the caller has threads, as `mkdocs serve` does)."""
    import multiprocessing

    # Workers find this package the way the parent did; MkDocs imports the hook
    # with a temporary sys.path, so make sure the package folder is on it now.
    package_parent = str(Path(__file__).resolve().parents[1])
    if package_parent not in sys.path:
        sys.path.insert(0, package_parent)
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))


def _process_one(args) -> dict:
    """Worker: make one poster's renditions in a temporary folder, then rename it into place."""
    source, final, tmp_base, settings = args
    final = Path(final)
    tmp = Path(tmp_base) / f"{final.name}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        meta = {"ok": True, **make_renditions(Path(source), tmp, settings)}
    except PosterImageError as exc:
        meta = {"ok": False, "template": exc.template, "params": exc.params}
    except MemoryError:
        meta = {"ok": False, "template": N_("there was not enough memory to process this image; export it "
                                            "with fewer pixels."), "params": {}}
    (tmp / "meta.json").write_text(json.dumps(meta, sort_keys=True), "utf-8")
    shutil.rmtree(final, ignore_errors=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(tmp, final)
    except OSError:
        # Another build made the same folder meanwhile: theirs is as good as ours.
        shutil.rmtree(tmp, ignore_errors=True)
    return meta


def progress_printer(stream=sys.stderr):
    """A progress line for terminals (rewritten in place), nothing otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int, slug: str) -> None:
        end = "\n" if done == total else ""
        stream.write(f"\rimages: {done}/{total} {slug[:50]:<50}{end}")
        stream.flush()
    return show

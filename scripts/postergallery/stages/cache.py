"""The rendition cache: content-hash keys, a manifest, atomic files, a lock, and a worker pool.

Like Material's social plugin, every rendition file is named by a digest
of what decides its bytes: the poster file's content (SHA-256) and the
settings that rendition depends on (``RenditionSettings.rendition_keys``).
So a changed poster redoes that poster only, and a changed setting redoes
only the renditions that depend on it (a new WebP quality leaves the zoom
JPEGs alone). Published names carry the first ten characters of that
digest (``display.1a2b3c4d5e.webp``), so browsers never see a stale file.

Layout of the cache folder (a setting, ``cache_dir``; CI can keep it)::

    manifest.json        sources: path -> [size, mtime_ns, inode, sha256]
                         posters: sha256 -> what was made from that content
    files/<digest>.<ext> the renditions (hard-linked into docs/ when published)
    tmp/                 files being written; renamed into files/ when complete
    lock                 held for the length of a build

To avoid reading every poster on every build, the manifest remembers each
file's size, modification time and inode with its digest, as Git's index
does; a file whose stat is unchanged keeps its digest.

Every file is written under ``tmp/`` and renamed into place when complete,
so a build killed at any moment leaves no partial file in ``files/``; the
manifest is saved as work completes, and the next build redoes whatever
is missing. Failures that will not go away by themselves (a damaged file)
are remembered too, so a rebuild does not decode a bad poster again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import resource
import secrets
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from postergallery import i18n
from postergallery.model import Poster, PosterImages, Rendition, read_as_pdf
from postergallery.stages.images import (
    KINDS,
    MIME,
    PIPELINE_VERSION,
    PosterImageError,
    Probe,
    Renditions,
    RenditionSettings,
    make_renditions,
    probe,
)
from postergallery.stages.pdftext import MAX_CHARS
from postergallery.stages.writer import DiskError, atomic_write_bytes

# 3: a file's digest says how it is read (source_digest), so each file is hashed and its renditions made again once.
MANIFEST_VERSION = 3
# What the digest of a file read as a PDF starts with; a file read as an image has its bytes alone.
AS_PDF = b"pdf\0"
DIGEST_CHARS = 10  # characters of the digest in a published name
# The shape of every name published_name makes, as a regular expression that reads the same in Python and
# JavaScript: the kiosk's service worker keeps the files so named for good (features/kiosk.py).
PUBLISHED_NAME = rf"[a-z0-9]+\.[0-9a-f]{{{DIGEST_CHARS}}}\.[a-z0-9]+"
# What reading a PDF poster notes beyond its pixels (its text, whether its page is a picture, whether it records a
# location) grows now and then: a PDF recorded by an earlier reading is read again, once. 2: the location.
PDF_READING = 2
# The same for an image file: 1, whether it is a motion photo (a video after the picture).
IMAGE_READING = 1
SAVE_EVERY_SECONDS = 1.0  # how often the manifest is saved while posters are being processed


@dataclass
class StageReport:
    posters: int = 0
    processed: int = 0
    cached: int = 0
    failed: int = 0
    seconds: float = 0.0
    peak_worker_mb: float = 0.0  # largest resident memory of a process that made renditions

    def summary(self, tr: i18n.Translator) -> str:
        """One line on the image stage, in the language of ``tr``: posters, made, from the cache, failed, time."""
        return tr.ngettext(
            "{count} poster, {processed} processed, {cached} cached{failed}, {seconds} s",
            "{count} posters, {processed} processed, {cached} cached{failed}, {seconds} s",
            self.posters,
            count=self.posters,
            processed=self.processed,
            cached=self.cached,
            failed=tr(", {count} failed", count=self.failed) if self.failed else "",
            seconds=tr.decimal(self.seconds),
        )


@dataclass
class StageResult:
    images: dict[str, PosterImages] = field(default_factory=dict)
    files: dict[str, dict[str, Path]] = field(default_factory=dict)  # slug -> published name -> cached file
    failures: dict[str, PosterImageError] = field(default_factory=dict)
    report: StageReport = field(default_factory=StageReport)


@dataclass(frozen=True)
class ImageFailure:
    """Why a poster file cannot be used, as plain values: a worker process sends it back, and an exception's
    keyword arguments (the message's parameters) do not survive the trip."""

    template: str
    params: dict
    lasting: bool = True

    @classmethod
    def of(cls, error: PosterImageError) -> ImageFailure:
        return cls(error.template, error.params, error.lasting)

    def error(self) -> PosterImageError:
        return PosterImageError(self.template, lasting=self.lasting, **self.params)


@dataclass(frozen=True)
class Processed:
    """A worker's report on one poster: the renditions it moved into the cache (described, without their
    bytes), or why it could not make them; and how much memory its process has needed so far."""

    made: Renditions | None
    failure: ImageFailure | None
    max_rss_mb: float


def published_name(stem: str, digest: str, ext: str) -> str:
    """``display.1a2b3c4d5e.webp``: the name of a file whose content ``digest`` decides, so it can be cached for good."""
    return f"{stem}.{digest[:DIGEST_CHARS]}.{ext}"


@contextlib.contextmanager
def build_lock(cache_dir: Path, on_wait=None):
    """Hold an exclusive lock on the cache for the length of a build."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fh = open(cache_dir / "lock", "a+")
    except OSError as exc:  # a read-only or full disk: said in words by the build
        raise DiskError(cache_dir, exc) from exc
    with fh:
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


@dataclass
class _Job:
    poster: Poster
    sha: str
    kinds: tuple[str, ...]  # the renditions to make
    size: int


class RenditionCache:
    """Maps poster files to finished renditions in the cache, making the missing ones."""

    def __init__(self, root: Path, cache_dir: Path, settings: RenditionSettings):
        self.root = root
        self.dir = cache_dir
        self._files = cache_dir / "files"
        self.settings = settings
        self.keys = settings.rendition_keys()
        self._manifest = self._read_manifest()
        self._changed = False

    # -- digests -------------------------------------------------------------

    def _stamp(self, source_rel: str) -> list[int]:
        st = os.stat(self.root / source_rel)
        return [st.st_size, st.st_mtime_ns, st.st_ino]

    def _known_digest(self, source_rel: str, stamp: list[int]) -> str | None:
        """The manifest's digest of the file, if its size, time and inode are the ones recorded."""
        known = self._manifest["sources"].get(source_rel)
        return known[3] if known and known[:3] == stamp else None

    def source_digest(self, source_rel: str) -> str:
        """SHA-256 of the poster file and of how the gallery reads it (read_as_pdf), from the manifest when its
        stat has not changed. The same bytes under a name of another kind are another entry: a JPG renamed to
        .pdf is refused as no PDF, where the renditions made of it as a JPG would have passed it."""
        stamp = self._stamp(source_rel)
        known = self._known_digest(source_rel, stamp)
        if known:
            return known
        h = hashlib.sha256(AS_PDF if read_as_pdf(source_rel) else b"")
        with open(self.root / source_rel, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        self._manifest["sources"][source_rel] = stamp + [h.hexdigest()]
        self._changed = True
        return h.hexdigest()

    def file_digest(self, sha: str, kind: str) -> str:
        return hashlib.sha256(f"{sha}:{self.keys[kind]}".encode()).hexdigest()[:32]

    def file_name(self, sha: str, kind: str, ext: str) -> str:
        return f"{self.file_digest(sha, kind)}.{ext}"

    def file_path(self, sha: str, kind: str, ext: str) -> Path:
        return self._files / self.file_name(sha, kind, ext)

    # -- manifest ------------------------------------------------------------

    def _manifest_path(self) -> Path:
        return self.dir / "manifest.json"

    def _read_manifest(self) -> dict:
        try:
            data = json.loads(self._manifest_path().read_text("utf-8"))
            if (
                data.get("version") == MANIFEST_VERSION
                and isinstance(data.get("sources"), dict)
                and isinstance(data.get("posters"), dict)
            ):
                # Entries of the wrong shape (a damaged or hand-edited file) are forgotten and made again.
                data["sources"] = {k: v for k, v in data["sources"].items() if _well_formed_stamp(v)}
                posters = ((k, _without_retired_kinds(v)) for k, v in data["posters"].items())
                data["posters"] = {k: v for k, v in posters if _well_formed_record(v)}
                return data
        except (OSError, ValueError, AttributeError):
            pass
        # Missing, damaged or from another version: start again (sources get re-hashed, files re-made).
        return {"version": MANIFEST_VERSION, "sources": {}, "posters": {}}

    def save_manifest(self) -> None:
        if self._changed:
            data = json.dumps(self._manifest, sort_keys=True, separators=(",", ":")).encode()
            atomic_write_bytes(self._manifest_path(), data)
            self._changed = False

    # -- looking up ----------------------------------------------------------

    def _failure(self, record: dict | None) -> PosterImageError | None:
        failure = (record or {}).get("failure")
        if (
            failure
            and failure.get("pipeline") == PIPELINE_VERSION
            and failure.get("max_pixels") == self.settings.max_pixels
        ):
            return PosterImageError(failure["template"], **failure.get("params", {}))
        return None

    def missing(self, sha: str) -> tuple[str, ...]:
        """The kinds of rendition not yet in the cache for this content (all of them for a new poster)."""
        record = self._manifest["posters"].get(sha) or {}
        info = record.get("info") or {}
        if (
            info.get("format") != "PDF"
            and info.get("source_width", 0) * info.get("source_height", 0) > self.settings.max_pixels
        ):
            return KINDS  # the pixel limit was lowered: decide again (and report it)
        if record.get("renditions") and not isinstance(info.get("location"), bool):
            return KINDS  # made before the cache noted whether the file records a location: look again
        if info.get("format") == "PDF" and not isinstance(info.get("text"), str):
            return KINDS  # made before the cache kept a PDF's text: read it again
        if info.get("format") == "PDF" and "picture" not in info:
            return KINDS  # made before the cache noted whether a PDF's page is a picture: look again
        key, reading = _reading(info.get("format", ""))
        if "format" in info and record.get(key) != reading:
            return KINDS  # read before the cache noted what it now does of such a file (PDF_READING): read again
        made = record.get("renditions") or {}
        return tuple(
            kind
            for kind in KINDS
            if made.get(kind, {}).get("key") != self.keys[kind]
            # (os.path, not a Path: this runs for every rendition of every poster in every build)
            or not os.path.isfile(os.path.join(self._files, self.file_name(sha, kind, made[kind]["ext"])))
        )

    def status(self, sources: dict[str, str]) -> dict[str, PosterImageError | bool]:
        """Read-only: per slug (of ``sources``, slug -> poster file), True (renditions cached), the remembered
        failure, or False (not known yet)."""
        out = {}
        for slug, source in sources.items():
            sha = self.source_digest(source)
            record = self._manifest["posters"].get(sha)
            failure = self._failure(record)
            out[slug] = failure if failure else not self.missing(sha)
        return out

    # -- the stage -----------------------------------------------------------

    def run(self, posters: list[Poster], jobs: int = 0, progress=None, *, keep: Iterable[str] = ()) -> StageResult:
        """Make sure every poster has its renditions; make the missing ones in a pool, largest first.

        ``keep``: the poster files (root-relative) of folders whose poster.yml is wrong for now. Their
        renditions stay in the cache, as long as the file is as it was, for when the poster.yml is mended:
        under `mkdocs serve` a poster.yml saved half-typed would otherwise cost its poster a fresh encoding
        on the next save. Renditions of posters that are gone are removed as before.
        """
        start = time.perf_counter()
        shutil.rmtree(self.dir / "tmp", ignore_errors=True)  # leftovers of a killed build
        # Workers take a moment to start (a fresh Python importing libvips): when files look new,
        # start them now, so they get ready while this process hashes the posters.
        pool = _early_pool(jobs, self._unknown_sources(posters))
        try:
            result = self._make_missing(posters, jobs, progress, pool, self._known_digests(keep))
        finally:
            if pool:
                pool.shutdown()
        result.report.seconds = time.perf_counter() - start
        return result

    def _unknown_sources(self, posters: list[Poster]) -> int:
        """How many poster files the manifest does not know by size, time and inode (cheap: no reading)."""
        return sum(sha is None for _source, sha in self._recorded_digests(p.source for p in posters))

    def _known_digests(self, sources: Iterable[str]) -> dict[str, str]:
        """The digests the manifest holds of these files, where their size, time and inode are as recorded
        (nothing is read: a file changed since is not kept)."""
        return {source: sha for source, sha in self._recorded_digests(sources) if sha is not None}

    def _recorded_digests(self, sources: Iterable[str]) -> Iterator[tuple[str, str | None]]:
        """Each file that can be looked at, with the manifest's digest of it or None (a file missing or
        unreadable is left out: hashing reports it)."""
        for source in sources:
            try:
                stamp = self._stamp(source)
            except OSError:
                continue
            yield source, self._known_digest(source, stamp)

    def _make_missing(self, posters: list[Poster], jobs: int, progress, pool, kept: dict[str, str]) -> StageResult:
        result = StageResult()
        result.report.posters = len(posters)
        todo: list[_Job] = []
        shas = {}
        # Posters whose file has the same content as one already on its way to a worker: they wait for
        # its renditions instead of making the same files again.
        same_content: dict[str, list[Poster]] = {}

        def tasks():
            """The posters to process, largest first (no big poster finishes alone at the end), hashed in
            that order as the pool asks for them: the workers start on the first poster while the
            rest are still being hashed."""
            for poster, size in sorted(((p, self._size(p)) for p in posters), key=lambda ps: (-ps[1], ps[0].slug)):
                sha = shas[poster.slug] = self.source_digest(poster.source)
                failure = self._failure(self._manifest["posters"].get(sha))
                kinds = () if failure else self.missing(sha)
                if not kinds:
                    result.report.cached += 0 if failure else 1
                    self._take(result, poster, sha)
                    continue
                if sha in same_content:
                    same_content[sha].append(poster)
                    continue
                same_content[sha] = []
                todo.append(_Job(poster, sha, kinds, size))
                yield (
                    str(self.root / poster.source),
                    kinds,
                    self.settings,
                    {k: str(self._files / self.file_digest(sha, k)) for k in kinds},
                    str(self.dir / "tmp"),
                )

        last_save = time.perf_counter()
        try:
            for done, (index, outcome) in enumerate(run_tasks(_process_one, tasks(), jobs, pool=pool), 1):
                job = todo[index]
                self._record(job.sha, outcome)
                result.report.processed += 1
                result.report.peak_worker_mb = max(result.report.peak_worker_mb, outcome.max_rss_mb)
                self._take(result, job.poster, job.sha, outcome)
                for twin in same_content[job.sha]:
                    result.report.cached += outcome.failure is None
                    self._take(result, twin, job.sha, outcome)
                if progress:
                    progress(done, len(todo), job.poster.slug)
                if time.perf_counter() - last_save > SAVE_EVERY_SECONDS:
                    self.save_manifest()
                    last_save = time.perf_counter()
            self._forget_except(set(shas.values()) | set(kept.values()), {p.source for p in posters} | set(kept))
            self.save_manifest()
        except OSError as exc:  # writing a rendition or the manifest: a full or read-only disk
            raise DiskError(self.dir, exc) from exc
        self.prune()
        result.report.failed = len(result.failures)
        return result

    def _size(self, poster: Poster) -> int:
        try:
            return os.stat(self.root / poster.source).st_size
        except OSError:
            return 0  # hashing it reports the problem

    def _record(self, sha: str, outcome: Processed) -> None:
        posters = self._manifest["posters"]
        if outcome.failure:
            failure = outcome.failure
            if failure.lasting:
                posters[sha] = {
                    "failure": {
                        "template": failure.template,
                        "params": failure.params,
                        "pipeline": PIPELINE_VERSION,
                        "max_pixels": self.settings.max_pixels,
                    }
                }
            else:
                posters.pop(sha, None)
        else:
            assert outcome.made is not None  # a worker's outcome is a failure or renditions
            record = posters.get(sha) or {}
            record.pop("failure", None)
            made = dict(record.get("renditions") or {})
            for kind, r in outcome.made.renditions.items():
                made[kind] = {
                    "key": self.keys[kind],
                    "width": r.width,
                    "height": r.height,
                    "ext": r.ext,
                    "mime": r.mime,
                }
            info = asdict(outcome.made.info)
            if info["format"] != "PDF":
                del info["text"], info["picture"]  # only a PDF has these: image records stay as they were
            posters[sha] = {
                "info": info,
                "placeholder": outcome.made.placeholder,
                "renditions": made,
            }
            key, reading = _reading(info["format"])
            posters[sha][key] = reading
        self._changed = True

    def _take(self, result: StageResult, poster: Poster, sha: str, outcome: Processed | None = None) -> None:
        if outcome and outcome.failure:
            result.failures[poster.slug] = outcome.failure.error()
            return
        record = self._manifest["posters"].get(sha) or {}
        failure = self._failure(record)
        if failure:
            result.failures[poster.slug] = failure
            return
        result.images[poster.slug], result.files[poster.slug] = self._published(poster, sha, record)

    def _published(self, poster: Poster, sha: str, record: dict) -> tuple[PosterImages, dict[str, Path]]:
        """What the pages need of a poster's renditions, and its files by published name."""
        renditions = []
        files = {}
        for kind in KINDS:
            r = record["renditions"][kind]
            name = published_name(kind, self.file_digest(sha, kind), r["ext"])
            renditions.append(Rendition(kind, name, r["width"], r["height"], r["mime"]))
            files[name] = self.file_path(sha, kind, r["ext"])
        info = record["info"]
        images = PosterImages(
            slug=poster.slug,
            renditions=tuple(renditions),
            placeholder=record["placeholder"],
            source_width=info.get("source_width", 0),
            source_height=info.get("source_height", 0),
            pages=info.get("pages", 1),
            records_location=info.get("location", True),
            text=info.get("text", ""),
            picture=_size(info.get("picture")),
        )
        return images, files

    def known(self, source_rel: str) -> Probe:
        """Read-only: what a probe would say of a file the cache knows, as the cache read it: the image's width
        and height (a PDF: of the picture its page is, SourceInfo.picture; None for a PDF drawn from text and
        shapes, or a file it does not know) and a PDF's pages."""
        try:
            record = self._manifest["posters"].get(self.source_digest(source_rel)) or {}
        except OSError:
            return Probe()
        info = record.get("info") or {}
        if info.get("format") == "PDF":
            return Probe(size=_size(info.get("picture")), pages=info.get("pages", 1))
        if not info.get("source_width"):
            return Probe()
        return Probe(size=(info["source_width"], info.get("source_height", 0)))

    def cached(self, poster: Poster) -> tuple[PosterImages, dict[str, Path]] | None:
        """Read-only: the poster's renditions and files when the cache holds all of them, else None."""
        try:
            sha = self.source_digest(poster.source)
        except OSError:
            return None
        record = self._manifest["posters"].get(sha)
        if not record or self._failure(record) or self.missing(sha):
            return None
        return self._published(poster, sha, record)

    def _forget_except(self, shas: set[str], sources: set[str]) -> None:
        for table, keep in (("posters", shas), ("sources", sources)):
            entries = self._manifest[table]
            for key in [k for k in entries if k not in keep]:
                del entries[key]
                self._changed = True

    def prune(self) -> None:
        """Remove rendition files that no current poster and setting uses."""
        keep = set()
        for sha, record in self._manifest["posters"].items():
            for kind, r in (record.get("renditions") or {}).items():
                if r.get("key") == self.keys[kind]:
                    keep.add(self.file_name(sha, kind, r["ext"]))
        base = self._files
        if base.is_dir():
            for entry in os.scandir(base):
                if entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _reading(file_format: str) -> tuple[str, int]:
    """Where a poster record notes which reading of its file it holds, and the reading this version does."""
    return ("pdf_reading", PDF_READING) if file_format == "PDF" else ("image_reading", IMAGE_READING)


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _size(value) -> tuple[int, int] | None:
    """``[width, height]`` as the manifest keeps a size, as a tuple; None for anything else."""
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(_count(v) for v in value):
        return value[0], value[1]
    return None


def _well_formed_stamp(stamp) -> bool:
    """``[size, mtime_ns, inode, sha256]`` as ``source_digest`` writes it."""
    return (
        isinstance(stamp, list)
        and len(stamp) == 4
        and all(_count(v) for v in stamp[:3])
        and isinstance(stamp[3], str)
        and re.fullmatch(r"[0-9a-f]{64}", stamp[3]) is not None
    )


def _without_retired_kinds(record):
    """The record without renditions of kinds this version no longer makes (a cache from before the phone
    thumbnail was dropped): the others stay valid, and prune() removes the retired files."""
    made = record.get("renditions") if isinstance(record, dict) else None
    if isinstance(made, dict) and any(kind not in KINDS for kind in made):
        return dict(record, renditions={kind: r for kind, r in made.items() if kind in KINDS})
    return record


def _well_formed_record(record) -> bool:
    """A poster record as ``_record`` writes it: renditions with their sizes, or a remembered failure.

    Its values reach the pages (sizes, the placeholder colour inside a style attribute, file names)
    and the messages (a failure's template), so nothing of another shape is used.
    """
    if not isinstance(record, dict):
        return False
    if "failure" in record:
        failure = record["failure"]
        return (
            isinstance(failure, dict)
            and isinstance(failure.get("template"), str)
            and i18n.is_known(failure["template"])
            and isinstance(failure.get("params", {}), dict)
            and all(isinstance(v, (str, int, float)) for v in failure.get("params", {}).values())
        )
    info, made = record.get("info"), record.get("renditions")
    return (
        isinstance(info, dict)
        and isinstance(info.get("format"), str)
        and all(_count(info.get(k)) for k in ("source_width", "source_height", "pages"))
        and isinstance(info.get("text", ""), str)
        and len(info.get("text", "")) <= MAX_CHARS
        and (info.get("picture") is None or _size(info["picture"]) is not None)
        and isinstance(record.get("placeholder"), str)
        and re.fullmatch(r"#[0-9a-f]{6}", record["placeholder"]) is not None
        and isinstance(made, dict)
        and all(kind in KINDS and _well_formed_rendition(r) for kind, r in made.items())
    )


def _well_formed_rendition(r) -> bool:
    return (
        isinstance(r, dict)
        and isinstance(r.get("key"), str)
        and r.get("ext") in MIME
        and r.get("mime") == MIME[r["ext"]]
        and _count(r.get("width"))
        and _count(r.get("height"))
    )


# ---------------------------------------------------------------- workers ---


def run_tasks(func, tasks, jobs: int = 0, pool: ProcessPoolExecutor | None = None):
    """Yield ``(index, func(task))`` as tasks finish, in a pool of worker processes.

    ``jobs`` 0 means one per CPU core. A single task, or a single job, runs
    in this process (starting a worker costs more than a poster takes) and
    lets libvips use every core instead. ``pool``: workers started already
    (see ``_early_pool``); the caller shuts it down. With a pool, ``tasks``
    may be a generator: each task is submitted as soon as it is produced.
    """
    if pool is None:
        tasks = list(tasks)
        if not tasks:
            return
    cores = jobs or os.cpu_count() or 1
    workers = min(cores, len(tasks)) if pool is None else cores
    if workers == 1:
        for index, task in enumerate(tasks):
            yield index, func(task, threads=cores)
        return
    with contextlib.ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(_worker_pool(workers))
        futures = {pool.submit(func, task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _early_pool(jobs: int, unknown: int) -> ProcessPoolExecutor | None:
    """Workers started ahead of the tasks, when at least two posters look new; else None."""
    workers = min(jobs or os.cpu_count() or 1, unknown)
    if workers < 2:
        return None
    pool = _worker_pool(workers)
    for _ in range(workers):
        pool.submit(_warm_up)  # each submit starts one worker, which imports libvips
    return pool


def _warm_up() -> None:
    from postergallery.stages.images import _vips

    _vips()


def _worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Fresh worker processes (spawn: safe even when the caller has threads, as `mkdocs serve` does)."""
    import multiprocessing

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_start)


def _worker_start() -> None:
    """Before a worker imports anything: numpy (simplejpeg's array type) without OpenBLAS' thread pool.

    The gallery does no linear algebra, and OpenBLAS starts a thread per core that spins for a while
    after numpy is imported: about 0.1 s of CPU per worker, taken from the other worker's poster.
    """
    os.environ["OPENBLAS_NUM_THREADS"] = "1"


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _process_one(task, threads: int = 1) -> Processed:
    """Worker: make one poster's missing renditions and move each into the cache when complete."""
    source, kinds, settings, targets, tmp_dir = task
    try:
        made = make_renditions(Path(source), settings, kinds, threads=threads)
    except PosterImageError as exc:
        return Processed(None, ImageFailure.of(exc), _max_rss_mb())
    except MemoryError:
        from postergallery.stages.images import _memory_error

        return Processed(None, ImageFailure.of(_memory_error(Path(source))), _max_rss_mb())
    tmp = Path(tmp_dir)
    tmp.mkdir(parents=True, exist_ok=True)
    renditions = {}
    for kind, r in made.renditions.items():
        final = Path(f"{targets[kind]}.{r.ext}")
        final.parent.mkdir(parents=True, exist_ok=True)
        part = tmp / f"{final.name}.{os.getpid()}.{secrets.token_hex(4)}"
        part.write_bytes(r.data)
        os.replace(part, final)  # complete files only, ever, under files/
        renditions[kind] = replace(r, data=b"")  # the bytes stay here: they are in the cache now
    return Processed(replace(made, renditions=renditions), None, _max_rss_mb())


def _probe_one(task, threads: int = 1) -> tuple[ImageFailure | None, Probe]:
    """A probe, its failure as plain values: an exception's keyword arguments do not survive the trip back."""
    source, settings = task
    found = probe(Path(source), settings)
    return (ImageFailure.of(found.problem) if found.problem else None), replace(found, problem=None)


@dataclass
class Probed:
    """What ``check`` learns of the poster files without making renditions, by slug."""

    failures: dict[str, PosterImageError] = field(default_factory=dict)  # why the file cannot be used
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # width and height (a PDF's picture's)
    pages: dict[str, int] = field(default_factory=dict)  # a PDF's pages, where it has more than one

    def note(self, slug: str, found: Probe) -> None:
        if found.size:
            self.sizes[slug] = found.size
        if found.pages > 1:
            self.pages[slug] = found.pages


def probe_posters(
    root: Path, sources: dict[str, str], settings: RenditionSettings, jobs: int = 0, cache: RenditionCache | None = None
) -> Probed:
    """For ``check``: the poster files (``sources``: slug -> path) that cannot be made into renditions, with
    the reason, and the size of the images.

    Files the cache already knows (made, or failed) are not decoded again.
    """
    probed = Probed()
    unknown = []
    known = cache.status(sources) if cache else {}
    for slug in sources:
        state = known.get(slug, False)
        if isinstance(state, PosterImageError):
            probed.failures[slug] = state
        elif state is False:
            unknown.append(slug)
        elif cache:
            probed.note(slug, cache.known(sources[slug]))
    tasks = [(str(root / sources[slug]), settings) for slug in unknown]
    for index, (failure, found) in run_tasks(_probe_one, tasks, jobs):
        if failure:
            probed.failures[unknown[index]] = failure.error()
        else:
            probed.note(unknown[index], found)
    return probed


def progress_printer(tr: i18n.Translator, stream=sys.stderr):
    """A progress line for terminals (rewritten in place), in the language of ``tr``; nothing otherwise."""
    if not stream.isatty():
        return None
    images = tr("images:")

    def show(done: int, total: int, slug: str) -> None:
        end = "\n" if done == total else ""
        stream.write(f"\r{images} {done}/{total} {slug[:50]:<50}{end}")
        stream.flush()

    return show

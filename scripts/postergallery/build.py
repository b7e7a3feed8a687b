"""Orchestration only: settings -> posters -> images -> pages -> files.

``check`` validates without writing anything; ``build`` also makes the
renditions and writes the generated part of ``docs/``. Both return every
problem found rather than stopping at the first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath

from postergallery.features import (
    Feature,
    kiosk,
    labels,
    manifest,
    mylist,
    offline,
    posters,
    postertext,
    qr,
    results,
    venuemap,
    vote,
)
from postergallery.i18n import Translator
from postergallery.model import Download, Poster, PosterImages, Problem, read_as_pdf
from postergallery.stages import sitesize
from postergallery.stages.cache import RenditionCache, StageReport, build_lock, probe_posters
from postergallery.stages.images import PosterImageError, RenditionSettings, hard_to_read
from postergallery.stages.kept import KeptPieces
from postergallery.stages.load import SITE_NAMES, load_gallery
from postergallery.stages.render import Site
from postergallery.stages.settings import Settings, read_settings
from postergallery.stages.spelling import center_spelling_problems
from postergallery.stages.twice import twice_problems
from postergallery.stages.writer import DiskError, OutputWriter, WriteReport

# What the build makes, in this order. Each feature declares its settings (if any), the names it writes
# at the top of docs/ and how it makes its pages; see features/__init__.py.
FEATURES: tuple[Feature, ...] = (
    posters.FEATURE,
    vote.FEATURE,
    results.FEATURE,
    kiosk.FEATURE,
    labels.FEATURE,
    mylist.FEATURE,
    qr.FEATURE,
    manifest.FEATURE,
    postertext.FEATURE,
    venuemap.FEATURE,
    offline.FEATURE,
)


def reserved_slugs() -> frozenset[str]:
    """Folder names no poster may take: the names the features write at the top of the site, and the
    theme's and the hand-written pages' own (see ``load.SITE_NAMES``)."""
    return SITE_NAMES | {name for feature in FEATURES for name in feature.names}


@dataclass
class BuildResult:
    settings: Settings
    posters: list[Poster] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    images: StageReport | None = None
    written: WriteReport | None = None
    site_weight: sitesize.SiteWeight | None = None  # what the site will weigh (a lower bound for check)
    # The generated Markdown pages that are HTML from the gallery's templates (all but the results page,
    # which is the committee's Markdown): MkDocs' Markdown pass returns them unchanged.
    html_pages: set[str] = field(default_factory=set)
    # slug -> the poster file found in each folder, also where poster.yml has errors (see load.LoadResult).
    poster_files: dict[str, str] = field(default_factory=dict)
    settings_ok: bool = True  # False: mkdocs.yml has errors, so nothing is probed or written
    # With ``build(in_memory=True)``: the files of the build (``written.generated`` names them), for a site
    # generator that takes them from memory instead of from docs/.
    output: OutputWriter | None = None
    venue_map: venuemap.VenueMap | None = None  # the floor plan, when posters/_map.yml gives a usable one

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def rendition_settings(settings: Settings) -> RenditionSettings:
    return RenditionSettings(
        max_pixels=settings.max_megapixels * 1_000_000,
        webp_quality=settings.webp_quality,
        jpeg_quality=settings.jpeg_quality,
    )


def check(config_file: Path, *, lang: str | None = None, jobs: int | None = None) -> BuildResult:
    """Validate the settings and every poster, including that each poster file can be decoded; write nothing.

    The poster file of a folder whose poster.yml has errors is decoded too, so that both kinds of
    problem are reported in one run. Poster files the rendition cache already knows are not decoded
    again; the others are decoded at the smallest scale their format allows.
    """
    result = check_metadata(config_file, lang=lang)
    settings = result.settings
    if not result.poster_files or not result.settings_ok:
        return result
    tr = Translator(lang or settings.language)
    cache = RenditionCache(settings.root, settings.cache_path, rendition_settings(settings))
    probed = probe_posters(
        settings.root,
        result.poster_files,
        rendition_settings(settings),
        jobs=settings.jobs if jobs is None else jobs,
        cache=cache,
    )
    result.problems.extend(
        _image_problem(result.poster_files[slug], failure, tr) for slug, failure in sorted(probed.failures.items())
    )
    result.problems += _small_image_problems(
        ((result.poster_files[slug], size) for slug, size in probed.sizes.items()), settings, tr
    )
    result.problems += _more_pages_problems(((result.poster_files[slug], n) for slug, n in probed.pages.items()), tr)
    result.posters = [p for p in result.posters if p.slug not in probed.failures]
    result.problems += twice_problems(
        result.posters, {p.slug: cache.source_digest(p.source) for p in result.posters}, tr
    )
    result.problems += center_spelling_problems(result.posters, tr)
    result.site_weight = _known_weight(settings, result.posters, cache)
    result.problems.extend(result.site_weight.problems(settings, settings.config_name, tr))
    result.problems.sort(key=Problem.sort_key)
    return result


def _known_weight(settings: Settings, posters: list[Poster], cache: RenditionCache) -> sitesize.SiteWeight:
    """For ``check``, which makes no renditions: the part of the site's weight known without them.

    The renditions the cache already holds, the originals the poster pages would offer (until the
    cache has read whether a file records a location, a PDF is counted as offered and an image file
    is not), and the hand-written files of ``docs/``.
    """
    weights = []
    for poster in posters:
        known = cache.cached(poster)
        images = sum(_file_size(f) for f in known[1].values()) if known else 0
        location = known[0].records_location if known else not poster.is_pdf
        size = _file_size(settings.root / poster.source)
        original = size if offers_original(poster, size, location, settings) else 0
        weights.append(
            sitesize.PosterWeight(
                poster.slug, images, original=original, original_format=_format_name(poster.source_suffix)
            )
        )
    handwritten, _pages = sitesize.handwritten_bytes(settings.docs_path, _generated_record(settings))
    return sitesize.SiteWeight(tuple(weights), 0, handwritten, sitesize.LOWER_BOUND)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _generated_record(settings: Settings) -> set[str]:
    """The files the last build wrote into ``docs/`` (not hand-written, so not counted by ``check``)."""
    return OutputWriter(settings.docs_path, settings.docs_dir, Translator(settings.language)).recorded()


def check_metadata(config_file: Path, *, lang: str | None = None) -> BuildResult:
    """Validate the settings and every poster.yml (the image files are left to the image stage)."""
    settings, problems = read_settings(config_file, lang=lang)
    settings_ok = not any(p.is_error for p in problems)
    tr = Translator(lang or settings.language)
    loaded = load_gallery(
        settings.root, settings.posters, tr, max_file_bytes=settings.max_file_bytes, reserved=reserved_slugs()
    )
    problems += qr.site_url_problems(settings, loaded.posters, tr)
    floor = venuemap.read_map(settings, loaded.boards, tr)
    return BuildResult(
        settings,
        loaded.posters,
        sorted(problems + loaded.problems + floor.problems, key=Problem.sort_key),
        poster_files=loaded.files,
        settings_ok=settings_ok,
        venue_map=floor.map,
    )


def build(
    config_file: Path,
    *,
    jobs: int | None = None,
    progress=None,
    on_wait=None,
    lang: str | None = None,
    in_memory: bool = False,
) -> BuildResult:
    """Check, make the renditions, and write the generated pages into ``docs/``.

    Posters with errors are left out of the site and their problems are
    returned; the rest of the gallery is still written, so ``mkdocs serve``
    keeps showing what works while the committee fixes what does not.

    ``in_memory=True`` (the MkDocs hook) writes nothing into ``docs/``: the files are in ``result.output``,
    and what earlier builds wrote there is removed (see ``OutputWriter.commit_in_memory``).
    """
    result = check_metadata(config_file, lang=lang)
    settings = result.settings
    tr = Translator(lang or settings.language)
    if not result.settings_ok:
        return result  # unusable settings: do not guess where to write
    if not (settings.root / settings.posters).is_dir():
        # A mistyped `posters:` (its problem is in the result): the image stage would empty the rendition cache,
        # and mending the name would cost a clean build, minutes at an event's scale.
        return result
    try:
        with build_lock(settings.cache_path, on_wait):
            cache = RenditionCache(settings.root, settings.cache_path, rendition_settings(settings))
            # QR codes are encoded in pure Python (tens of ms each): a thread makes them while the
            # image workers run, instead of after them.
            with ThreadPoolExecutor(1) as background:
                coding = background.submit(qr.poster_codes, settings, result.posters, settings.cache_path / "qr")
                valid = {p.slug for p in result.posters}
                stage = cache.run(
                    result.posters,
                    jobs=settings.jobs if jobs is None else jobs,
                    progress=progress,
                    keep=[file for slug, file in result.poster_files.items() if slug not in valid],
                )
                codes = coding.result()
            result.images = stage.report
            for slug, failure in sorted(stage.failures.items()):
                poster = next(p for p in result.posters if p.slug == slug)
                result.problems.append(_image_problem(poster.source, failure, tr))
            shown = [p for p in result.posters if p.slug in stage.images]
            result.problems += _small_image_problems(
                ((p.source, _detail_size(p, stage.images[p.slug])) for p in shown), settings, tr
            )
            result.problems += _more_pages_problems(((p.source, stage.images[p.slug].pages) for p in shown), tr)
            result.problems += twice_problems(shown, {p.slug: cache.source_digest(p.source) for p in shown}, tr)
            result.problems += center_spelling_problems(shown, tr)
            writer = OutputWriter(settings.docs_path, settings.docs_dir, tr)
            # The site speaks the site's language; `lang` only chooses the language of the messages.
            site_tr = Translator(settings.language)
            published = _publish_images(writer, shown, stage, settings, site_tr)
            awards, award_problems = results.read_awards(settings.root, settings.results, shown, tr)
            result.problems.extend(award_problems)
            site = Site(
                settings,
                site_tr,
                shown,
                published,
                qr={p.slug: codes[p.slug] for p in shown if p.slug in codes},
                vote=vote.vote_slot(settings.vote, site_tr),
                venue_map=result.venue_map,
                messages=tr,
                awards=awards,
            )
            site.kept = KeptPieces(settings.cache_path / "pages", site_frame(site))
            for feature in FEATURES:
                made = feature.make(site)
                result.problems.extend(made.problems)
                for file in made.files:
                    if isinstance(file.content, Path):
                        writer.add_file(file.path, file.content)
                    elif isinstance(file.content, bytes):
                        writer.add_bytes(file.path, file.content)
                    else:
                        writer.add_text(file.path, file.content)
                    if file.template_html:
                        result.html_pages.add(file.path)
            # Weighed before writing: the gallery is still written when it is too large to publish, so that
            # `mkdocs serve` keeps showing it, but the error fails the build and nothing is published.
            site.kept.save()
            result.site_weight = sitesize.gallery_weight(
                writer.sizes(), published, settings.docs_path, writer.recorded()
            )
            result.problems.extend(result.site_weight.problems(settings, settings.config_name, tr))
            if in_memory:
                result.written = writer.commit_in_memory()
                result.output = writer
            else:
                result.written = writer.commit()
            result.problems.extend(result.written.problems)
    except DiskError as exc:
        result.problems.append(_disk_problem(exc, settings, tr))
    result.problems.sort(key=Problem.sort_key)
    return result


# The Site's fields that hold one entry per poster: a kept piece of a page names its poster's entries in
# its own key (see stages/kept.py), so they stay out of the frame that every piece depends on.
PER_POSTER = frozenset({"posters", "images", "qr", "awards", "kept"})


def site_frame(site: Site) -> str:
    """A digest of what every kept piece of a page depends on: the Site's fields but the posters' own,
    the languages, and every file of the package (code, templates, catalogs)."""
    import hashlib

    digest = hashlib.sha256()
    # Every other field of the Site, so that one added later is never left out: the translators by their
    # language, mappings in a stable order, the rest (dataclasses, all of them) by their repr.
    for name in (f.name for f in fields(site) if f.name not in PER_POSTER):
        value = getattr(site, name)
        if isinstance(value, Translator):
            part = value.lang
        elif isinstance(value, dict):
            part = repr(sorted(value.items()))
        else:
            part = repr(value)
        digest.update(f"{name}={part}".encode("utf-8", "surrogatepass") + b"\0")
    package = Path(__file__).resolve().parent
    for folder, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            st = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name} {st.st_size} {st.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _image_problem(source: str, failure: PosterImageError, tr: Translator) -> Problem:
    return Problem(source, None, None, tr(failure.template, **failure.params))


def _detail_size(poster: Poster, images: PosterImages) -> tuple[int, int] | None:
    """The size in pixels of the detail a poster file has: an image's own; for a PDF, that of the picture its
    page is, or None when it is drawn from text and shapes (sharp at any size)."""
    return images.picture if poster.is_pdf else images.source_size


def _small_image_problems(
    sizes: Iterable[tuple[str, tuple[int, int] | None]], settings: Settings, tr: Translator
) -> list[Problem]:
    """A warning for each poster file, ``(source, (width, height))``, too small to read (``small_image_px``)."""
    return [
        Problem(source, None, None, _small_image_message(source, size, tr), "warning")
        for source, size in sizes
        if size and hard_to_read(size, settings.small_image_px)
    ]


def _more_pages_problems(pages: Iterable[tuple[str, int]], tr: Translator) -> list[Problem]:
    """A warning for each PDF poster file, ``(source, pages)``, of more than one page: page 1 alone is shown."""
    return [
        Problem(
            source,
            None,
            None,
            tr(
                "'{name}' has {pages} pages, and only the first is shown in the gallery. If the poster is on "
                "another page, export that page alone as a PDF.",
                name=PurePosixPath(source).name,
                pages=count,
            ),
            "warning",
        )
        for source, count in pages
        if count > 1
    ]


def _small_image_message(source: str, size: tuple[int, int], tr: Translator) -> str:
    if read_as_pdf(source):
        return tr(
            "the PDF holds the poster as a picture of only {width} × {height} pixels: its small text will be "
            "blurred, even zoomed in. Export the PDF again from the original design (in Canva: PDF Print), not "
            "from a picture saved from a chat or a web page.",
            width=size[0],
            height=size[1],
        )
    return tr(
        "the poster image is only {width} × {height} pixels: its small text will be blurred, even zoomed "
        "in. Use the original file if there is one (a JPG about 5000 pixels tall, or the PDF), not a picture "
        "saved from a chat or a web page.",
        width=size[0],
        height=size[1],
    )


def _disk_problem(exc: DiskError, settings: Settings, tr: Translator) -> Problem:
    try:
        where = str(exc.path.relative_to(settings.root))
    except ValueError:
        where = str(exc.path)
    import errno

    if exc.error.errno == errno.ENOSPC:
        message = tr("the disk is full, so the gallery could not be written. Free some space and build again.")
    elif exc.error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = tr("the gallery may not write here (the folder is read-only or belongs to another user).")
    else:
        message = tr("the gallery could not write this file: {reason}.", reason=exc.error.strerror or str(exc.error))
    return Problem(where, None, None, message)


def offers_original(poster: Poster, size: int, records_location: bool, settings: Settings) -> bool:
    """Whether the poster page offers the poster file itself for download; otherwise it offers the large image.

    Never a file that records where it was made (a phone photo's GPS position): renditions keep no
    metadata, the original is published as it is. Otherwise ``originals`` decides (every file, PDFs
    only, or none), and a file over ``originals_max_mb`` gives way to the large image.
    """
    if records_location or settings.originals == "none" or (settings.originals == "pdf" and not poster.is_pdf):
        return False
    return size <= settings.originals_max_bytes


def _publish_images(
    writer: OutputWriter, posters: list[Poster], stage, settings: Settings, tr: Translator
) -> dict[str, PosterImages]:
    """Add each poster's renditions, and what its page offers for download, to the output.

    Renditions go under cache-busting names. The download is the poster file itself (see
    ``offers_original``) or else the large image, which is published for zooming anyway.
    """
    published = {}
    for poster in posters:
        images = stage.images[poster.slug]
        files = stage.files[poster.slug]
        for name, cached in files.items():
            writer.add_file(f"poster/{poster.slug}/{name}", cached)
        source = settings.root / poster.source
        size = source.stat().st_size
        if offers_original(poster, size, images.records_location, settings):
            name = f"{poster.slug}{poster.source_suffix}"
            writer.add_file(f"poster/{poster.slug}/{name}", source, link=False)
            download = Download(
                "original", name, name, sitesize.human_size(size, tr), _format_name(poster.source_suffix)
            )
        else:
            large = images.get("zoom") or images.get("display")
            suffix = "." + large.filename.rsplit(".", 1)[-1]
            download = Download(
                "large",
                large.filename,
                poster.slug + suffix,
                sitesize.human_size(files[large.filename].stat().st_size, tr),
                _format_name(suffix),
                large.width,
                large.height,
            )
        published[poster.slug] = replace(images, download=download)
    return published


def _format_name(suffix: str) -> str:
    """What people call a file type: ".jpeg" -> "JPG", ".pdf" -> "PDF"."""
    return suffix.lstrip(".").upper().replace("JPEG", "JPG")

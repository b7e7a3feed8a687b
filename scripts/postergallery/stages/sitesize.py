"""What the published site weighs, against ``site_budget_mb`` (GitHub Pages publishes at most 1 GB).

GitHub Pages refuses a site over 1 GB, and a gallery is nearly all images:
about 1.8 MB of renditions a poster, plus the originals it offers for
download. The gallery knows those bytes exactly, because it writes them
into ``docs/``; the hand-written files of ``docs/`` are counted as they are;
what MkDocs adds around them (the theme's frame of every page, its scripts
and styles, the search index) is estimated from measured figures. So
``gallery.py build`` and the MkDocs hook can warn, or stop, before MkDocs
renders a site too large to publish. After a ``mkdocs build`` the hook
measures ``site/`` itself, which also counts what no estimate can see
(plugins, large files in the theme's folder), and reports what the
estimate missed.

A ``check`` makes no renditions, so it knows only part of the weight: the
originals the gallery would offer and the renditions already in the cache.
It reports that lower bound when the lower bound alone reaches a threshold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from postergallery.i18n import MB, Translator
from postergallery.model import PosterImages, Problem
from postergallery.stages.settings import Settings

WARN_SHARE = 0.8  # warn from 80 % of the budget
LARGEST = 5  # posters named in the message
# What MkDocs with Material adds to the gallery's files, from a build of the 60-poster reference corpus:
# the theme's scripts, styles and search worker with the gallery's own (2.65 MB), and around each
# Markdown page the theme's header, navigation and footer (11.8 to 12.9 KB) plus the page's share of
# the search index and sitemap (about 1.5 KB). Rounded up, so that the estimate errs on the large side.
THEME_BYTES = 3_000_000
PAGE_BYTES = 16_000

ESTIMATE, LOWER_BOUND, MEASURED = "estimate", "lower bound", "measured"
LEVELS = (None, "warning", "error")


@dataclass(frozen=True)
class PosterWeight:
    """The bytes one poster adds to the site: its renditions, its page and QR code, and its original."""

    slug: str
    images: int  # the renditions
    page: int = 0  # its page (with the theme's frame) and QR code
    original: int = 0  # the poster file offered for download, 0 when the large image is offered
    original_format: str = ""  # "PDF", "JPG", ...

    @property
    def total(self) -> int:
        return self.images + self.page + self.original


@dataclass(frozen=True)
class SiteWeight:
    """The weight of the whole site: per poster, the gallery's other files, and the rest of the site."""

    posters: tuple[PosterWeight, ...]
    shared: int  # the gallery's other files: home, listings, poster list, vote, slideshow, labels
    rest: int  # hand-written pages and files, and what MkDocs adds around everything
    kind: str = ESTIMATE  # ESTIMATE (build), LOWER_BOUND (check) or MEASURED (site/ after mkdocs build)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.posters) + self.shared + self.rest

    @property
    def originals(self) -> int:
        return sum(p.original for p in self.posters)

    def level(self, budget: int) -> str | None:
        """None, "warning" (from 80 % of ``budget`` bytes) or "error" (over it)."""
        if self.total > budget:
            return "error"
        if self.total >= budget * WARN_SHARE:
            return "warning"
        return None

    def measured(self, site_bytes: int) -> SiteWeight:
        """This weight with the rest of the site taken from ``site_bytes``, the measured size of ``site/``."""
        known = sum(p.total for p in self.posters) + self.shared
        return replace(self, rest=max(0, site_bytes - known), kind=MEASURED)

    def summary(self, settings: Settings, tr: Translator) -> str:
        """One line for the build's output: the size against the budget."""
        return tr(
            "site: {size} of the {budget} MB budget ({percent} %), originals {originals}",
            size=self._size_text(tr),
            budget=f"{settings.site_budget_mb:g}",
            percent=round(100 * self.total / settings.site_budget_bytes),
            originals=human_size(self.originals, tr),
        )

    def problems(self, settings: Settings, where: str, tr: Translator) -> list[Problem]:
        """A warning from 80 % of ``site_budget_mb``, an error over it; each names the largest posters and
        says what to do. ``where`` is the settings file (``mkdocs.yml``), where the remedies are set."""
        budget = settings.site_budget_bytes
        level = self.level(budget)
        if level is None:
            return []
        largest = sorted(self.posters, key=lambda p: (-p.total, p.slug))[:LARGEST]
        params = {
            "size": self._size_text(tr),
            "budget": f"{settings.site_budget_mb:g}",
            "percent": round(100 * self.total / budget),
            "largest": ", ".join(_poster_text(p, tr) for p in largest) or "-",
            "advice": "; ".join(_advice(self, settings, tr)),
        }
        if level == "error":
            message = tr(
                "the site would take {size}, more than the budget of {budget} MB (site_budget_mb; GitHub "
                "Pages publishes at most 1 GB), so it cannot be published. Largest posters: {largest}. "
                "To make it smaller: {advice}.",
                **params,
            )
        else:
            message = tr(
                "the site will take {size}, {percent} % of the budget of {budget} MB (site_budget_mb; "
                "GitHub Pages publishes at most 1 GB). Largest posters: {largest}. To make room: "
                "{advice}.",
                **params,
            )
        return [Problem(where, None, None, message, level)]

    def _size_text(self, tr: Translator) -> str:
        if self.kind == LOWER_BOUND:
            return tr("at least {size}", size=human_size(self.total, tr))
        if self.kind == MEASURED:
            return tr("{size} (measured in the built site)", size=human_size(self.total, tr))
        return tr("about {size}", size=human_size(self.total, tr))


def human_size(size: int, tr: Translator) -> str:
    """``1.2 MB`` (``1,2 MB`` in Indonesian) from a million bytes on, else ``34 KB`` (at least 1 KB for a file
    that is not empty)."""
    if size >= MB:
        return f"{tr.decimal(size / MB)} MB"
    return f"{max(1, round(size / 1000)) if size else 0} KB"


def _poster_text(poster: PosterWeight, tr: Translator) -> str:
    if poster.original:
        return tr(
            "{slug} {total} (original {format} {original}, images {images})",
            slug=poster.slug,
            total=human_size(poster.total, tr),
            format=poster.original_format,
            original=human_size(poster.original, tr),
            images=human_size(poster.images, tr),
        )
    return tr(
        "{slug} {total} (images {images})",
        slug=poster.slug,
        total=human_size(poster.total, tr),
        images=human_size(poster.images, tr),
    )


def _advice(weight: SiteWeight, settings: Settings, tr: Translator) -> list[str]:
    advice = []
    if weight.originals:
        advice.append(
            tr(
                "offer fewer originals for download (now originals: {originals} and originals_max_mb: "
                "{cap}; with originals: none every poster offers its large image instead)",
                originals=settings.originals,
                cap=f"{settings.originals_max_mb:g}",
            )
        )
        advice.append(
            tr(
                "export the largest poster files smaller (a JPG at quality 85 about 5000 pixels tall, a PDF "
                "with images compressed to 300 dpi)"
            )
        )
    advice.append(
        tr(
            "lower jpeg_quality (now {jpeg}; the zoom images are most of the images' bytes) or "
            "webp_quality (now {webp})",
            jpeg=settings.jpeg_quality,
            webp=settings.webp_quality,
        )
    )
    return advice


def gallery_weight(
    sizes: dict[str, int], published: dict[str, PosterImages], docs: Path, earlier: set[str]
) -> SiteWeight:
    """The estimated weight of the site a build makes.

    ``sizes``: every file the gallery writes (docs-relative path -> bytes); ``published``: the posters'
    images by slug, whose ``download`` names the original a page offers; ``earlier``: what
    the previous build wrote (removed unless written again, so not hand-written). The hand-written
    files of ``docs`` count as they are; the theme's frame of every page and its assets as measured.
    """
    parts: dict[str, dict[str, int]] = {slug: {"images": 0, "page": 0, "original": 0} for slug in published}
    shared = 0
    for rel, size in sizes.items():
        framed = size + (PAGE_BYTES if rel.endswith(".md") else 0)
        folder, _, name = rel.rpartition("/")
        slug = folder.removeprefix("poster/") if folder.startswith("poster/") else None
        if slug not in parts:
            shared += framed
            continue
        download = published[slug].download
        if download and download.kind == "original" and name == download.filename:
            parts[slug]["original"] += size
        elif name.endswith((".jpg", ".webp")):
            parts[slug]["images"] += size
        else:  # the page and its QR code
            parts[slug]["page"] += framed
    handwritten, pages = handwritten_bytes(docs, set(sizes) | earlier)
    formats = {slug: images.download.format if images.download else "" for slug, images in published.items()}
    posters = tuple(PosterWeight(slug, original_format=formats[slug], **parts[slug]) for slug in sorted(parts))
    return SiteWeight(posters, shared, THEME_BYTES + handwritten + pages * PAGE_BYTES, ESTIMATE)


def folder_bytes(folder: Path) -> int:
    """The bytes of every file under ``folder`` (the built site)."""
    size = 0
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            try:
                size += os.stat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue  # removed while we looked: not published either
    return size


def handwritten_bytes(docs: Path, generated: set[str]) -> tuple[int, int]:
    """The bytes of the hand-written files of ``docs/`` that MkDocs publishes, and how many are pages.

    ``generated``: the docs-relative paths the gallery writes (counted separately). Names starting
    with a dot are skipped, as MkDocs skips them.
    """
    size = pages = 0
    for dirpath, dirnames, filenames in os.walk(docs):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel_dir = os.path.relpath(dirpath, docs).replace(os.sep, "/")
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if name.startswith(".") or rel in generated:
                continue
            try:
                size += os.stat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue
            pages += name.endswith(".md")
    return size, pages

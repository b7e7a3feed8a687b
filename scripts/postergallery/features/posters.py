"""The gallery itself: the home page, one page per poster, the A-Z list and the listings per role,
training centre and topic.

The posters' images, QR codes and the poster list (``poster/posters.json``) are written into the
same ``poster/`` folder by the build and by the ``qr`` and ``manifest`` features.
"""

from __future__ import annotations

from collections.abc import Iterable

from postergallery.features import Feature, PageFile, Pages
from postergallery.i18n import N_
from postergallery.model import Poster
from postergallery.stages.render import Facet, PageRenderer, Site

LISTING_HEADINGS = {
    "role": N_("Posters: {label}"),
    "center": N_("Posters from {label}"),
    "tag": N_("Posters on {label}"),
}


class GalleryPages(PageRenderer):
    """Renders the gallery's pages."""

    def pages(self) -> Iterable[tuple[str, str]]:
        """(docs-relative path, text) for every generated page."""
        yield "index.md", self.home()
        yield "poster/index.md", self.all_posters()
        ordered = self.site.posters
        for i, poster in enumerate(ordered):
            prev_p = ordered[i - 1] if i > 0 else None
            next_p = ordered[i + 1] if i + 1 < len(ordered) else None
            yield f"poster/{poster.slug}/index.md", self.kept_poster(poster, prev_p, next_p)
        for facet in self.site.roles + self.site.centers + self.site.tags:
            if facet.posters:
                yield f"{facet.path}index.md", self.listing(facet)

    def home(self) -> str:
        s = self.site
        # No title: Material then uses the site name alone for the home page's <title>.
        meta = {
            "description": s.settings.site_description or self.description(),
            "hide": ["navigation", "toc"],
        }
        return self.render_page("home.html.j2", meta, here="", posters=s.posters)

    def all_posters(self) -> str:
        s = self.site
        meta = {
            "title": s.tr("All posters"),
            "description": self.description(),
            "hide": ["navigation", "toc"],
            "search": {"exclude": True},
        }
        return self.render_page("listing.html.j2", meta, here="poster/", heading=s.tr("All posters"), posters=s.posters)

    def description(self) -> str:
        count = len(self.site.posters)
        return self.site.tr.ngettext(
            "A gallery of {count} poster by instructors, trainees and alumni.",
            "A gallery of {count} posters by instructors, trainees and alumni.",
            count,
            count=count,
        )

    def listing(self, facet: Facet) -> str:
        s = self.site
        heading = s.tr(LISTING_HEADINGS[facet.kind], label=facet.label)
        count = len(facet.posters)
        # Listings repeat what the poster pages say; search finds the poster pages themselves.
        meta = {
            "title": heading,
            "description": s.tr.ngettext(
                "{count} poster: {label}.", "{count} posters: {label}.", count, count=count, label=facet.label
            ),
            "hide": ["navigation", "toc"],
            "search": {"exclude": True},
        }
        return self.render_page("listing.html.j2", meta, here=facet.path, heading=heading, posters=facet.posters)

    def kept_poster(self, poster: Poster, prev_p: Poster | None, next_p: Poster | None) -> str:
        """``poster()``, or its page from the last build when made from the same things: the poster, its
        images, QR code and awards, and its neighbours' slugs and titles (see ``Site.kept``)."""
        s = self.site
        slug = poster.slug
        parts = (
            "page",
            poster,
            s.images.get(slug),
            s.qr.get(slug),
            s.awards.get(slug),
            *((p.slug, p.title) if p else None for p in (prev_p, next_p)),
        )
        return s.kept.get(slug, parts, lambda: self.poster(poster, prev_p, next_p))

    def poster(self, poster: Poster, prev_p: Poster | None, next_p: Poster | None) -> str:
        s = self.site
        images = s.images.get(poster.slug)
        here = f"poster/{poster.slug}/"
        description = (
            poster.summary.split("\n\n")[0]
            if poster.summary
            else s.tr(
                "Poster by {authors} ({role}, {center}).",
                authors=", ".join(poster.authors),
                role=s.role_label(poster.role),
                center=poster.center,
            )
        )
        if len(description) > 300:
            description = description[:297].rsplit(" ", 1)[0] + "…"
        meta: dict[str, object] = {"title": poster.title, "description": description, "hide": ["navigation", "toc"]}
        social = images.get("social") if images else None
        if social and s.settings.site_url:
            meta["gallery"] = {
                "url": s.settings.absolute_url(here),
                "image": s.settings.absolute_url(here + social.filename),
                "image_width": social.width,
                "image_height": social.height,
            }
        return self.render_page(
            "poster.html.j2", meta, here=here, poster=poster, images=images, prev_poster=prev_p, next_poster=next_p
        )


def gallery_pages(site: Site) -> Pages:
    return Pages([PageFile(path, text) for path, text in GalleryPages(site).pages()])


FEATURE = Feature(
    "posters",
    ("index.md", "poster/", "role/", "center/", "tag/"),
    gallery_pages,
    hidden=("poster/", "role/", "center/", "tag/"),
)

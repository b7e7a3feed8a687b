"""Printable poster labels, ``print/``: cards to cut out and stick next to each poster at the venue.

Each card holds the title, authors, training centre, role, a large QR code
to the poster page, the page's short address and "Pindai untuk memilih" ("Pindai untuk melihat" on a site
without a vote). Like
the kiosk, the page is standalone HTML (no site header or footer to hide
from the printer). Cards are A6, four to an A4 sheet, or A5 with
``?size=a5``, two to a sheet; ``role``, ``center``, ``tag`` and ``poster``
choose the posters as in the gallery (``print.js`` regroups the cards into
sheets; without JavaScript every card prints as A6).
"""

from __future__ import annotations

from collections.abc import Iterable

from postergallery.features import Feature, PageFile, Pages
from postergallery.features.qr import leads_to_the_demo
from postergallery.stages.render import PageRenderer, relative

HERE = "print/"
CARDS_PER_SHEET = 4  # A6 on A4: the layout written into the page, before print.js applies the address
LONG_TITLE = 90  # characters; longer titles get a smaller type so the QR code keeps its size


class LabelPages(PageRenderer):
    """Renders the page of printable labels."""

    def files(self) -> Iterable[tuple[str, str]]:
        yield HERE + "index.html", self.labels()

    def labels(self) -> str:
        s = self.site
        codes = s.qr
        # Grouped by training centre, as the committee hands them out, then by title.
        posters = sorted(
            (p for p in s.posters if p.slug in codes), key=lambda p: (p.center.lower(), p.title.lower(), p.slug)
        )
        sheets = [posters[i : i + CARDS_PER_SHEET] for i in range(0, len(posters), CARDS_PER_SHEET)]
        return self.env.get_template("labels.html.j2").render(
            root=relative(HERE, ""),
            here=HERE,
            sheets=sheets,
            codes=codes,
            count=len(posters),
            pages=-(-len(posters) // CARDS_PER_SHEET),
            long_title=LONG_TITLE,
            demo_address=s.settings.site_url if leads_to_the_demo(s.settings, s.posters) else "",
        )


def label_pages(site) -> Pages:
    return Pages([PageFile(path, text) for path, text in LabelPages(site).files()])


FEATURE = Feature("labels", (HERE,), label_pages)

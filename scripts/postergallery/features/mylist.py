"""My list, ``list/``: the posters a visitor saved in this browser, and a list shared by a link.

The page is a frame that ``overrides/assets/gallery/mylist.js`` fills in from the poster list
(``poster/posters.json``, see ``manifest``): the saved posters live in the visitor's browser only
(localStorage), and a shared list travels in the address, ``list/?p=slug1,slug2`` (``savedlist.js``
reads and writes it, within bounds). The save buttons on the cards and poster pages and the "seen" marks
come from the same script, which the gallery's pages load with ``_mylist.html.j2``.
"""

from __future__ import annotations

import json

from postergallery.features import Feature, PageFile, Pages
from postergallery.i18n import N_
from postergallery.stages.render import PageRenderer, Site

LIST_DIR = "list/"

# The words the list page's script shows, by the name it knows them by.
SCRIPT_WORDS = {
    "partial": N_(
        "The link carries the first {count} of your {total} posters: a longer link would not fit in a QR code."
    ),
    "over": N_("The link carries more than {max} posters: the first {max} are shown."),
    "qr": N_("QR code leading to {url}"),
    "unreachable": N_("The poster list could not be loaded; check the connection and open this page again."),
}


def script_words(site: Site) -> dict[str, str]:
    """The list page's words for mylist.js, in the site's language. Those with a count come in the form for
    exactly one (name + "One") and for any other number."""
    tr = site.tr
    words = {key: tr(text) for key, text in SCRIPT_WORDS.items()}
    plurals = {
        "ownCount": tr.plural_forms("{count} poster in my list.", "{count} posters in my list."),
        "sharedCount": tr.plural_forms("This link carries {count} poster.", "This link carries {count} posters."),
        "unknown": tr.plural_forms(
            "{count} poster in the link is not in this gallery and was left out.",
            "{count} posters in the link are not in this gallery and were left out.",
        ),
        "added": tr.plural_forms("{count} poster added to my list.", "{count} posters added to my list."),
        "missing": tr.plural_forms(
            "{count} saved poster is not in the gallery any more.",
            "{count} saved posters are not in the gallery any more.",
        ),
        "missingRemoved": tr.plural_forms(
            "{count} poster taken out of my list.", "{count} posters taken out of my list."
        ),
    }
    for key, forms in plurals.items():
        words[key], words[key + "One"] = forms.other, forms.one
    return words


class ListPage(PageRenderer):
    def page(self) -> str:
        s = self.site
        heading = s.tr("My list")
        meta = {
            "title": heading,
            "description": s.tr("The posters saved in this browser, to look at again and to take along."),
            "hide": ["navigation", "toc"],
            "search": {"exclude": True},
        }
        config = json.dumps({"words": script_words(s)}, ensure_ascii=False, sort_keys=True)
        return self.render_page("mylist.html.j2", meta, here=LIST_DIR, heading=heading, config=config)


def list_page(site: Site) -> Pages:
    return Pages([PageFile(LIST_DIR + "index.md", ListPage(site).page())])


FEATURE = Feature("mylist", (LIST_DIR,), list_page, hidden=(LIST_DIR,))

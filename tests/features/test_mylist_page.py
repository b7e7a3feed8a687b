"""My list: the list page ``list/``, and what the gallery's pages carry for mylist.js (the save button, the words)."""

from __future__ import annotations

import html
import json
import re

import pytest

from postergallery.build import reserved_slugs
from postergallery.features import mylist

POSTER = """\
title: {title}
authors:
  - Budi Santoso
role: alumni
center: BPVP Bandung
alt: A poster.
"""


def built_docs(project, lang="en", posters=(("las-smaw", "Las SMAW"),)):
    for slug, title in posters:
        project.add_poster(slug, POSTER.format(title=json.dumps(title)))
    project.write_config("posters: posters", language=lang)
    result = project.build(lang=lang)
    assert result.ok, result.problems
    return project.root / "docs"


def attribute(text, name):
    """The (unescaped) value of the first ``name="..."`` attribute in ``text``."""
    return html.unescape(re.search(rf' {name}="([^"]*)"', text).group(1))


def test_the_list_page_is_a_feature_of_its_own_and_its_folder_is_reserved():
    assert mylist.FEATURE.paths == ("list/",) and mylist.FEATURE.hidden == ("list/",)
    assert "list" in reserved_slugs()


def test_the_list_page_carries_its_words_with_the_forms_for_one_and_for_more(project):
    docs = built_docs(project)
    text = (docs / "list/index.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "My list"\n')
    assert "search: {exclude: true}" in text
    config = json.loads(attribute(text, "data-pg-mylist-page"))
    assert config == {
        "words": {
            "added": "{count} posters added to my list.",
            "addedOne": "{count} poster added to my list.",
            "missing": "{count} saved posters are not in the gallery any more.",
            "missingOne": "{count} saved poster is not in the gallery any more.",
            "missingRemoved": "{count} posters taken out of my list.",
            "missingRemovedOne": "{count} poster taken out of my list.",
            "over": "The link carries more than {max} posters: the first {max} are shown.",
            "ownCount": "{count} posters in my list.",
            "ownCountOne": "{count} poster in my list.",
            "partial": "The link carries the first {count} of your {total} posters: a longer link would not fit in a "
            "QR code.",
            "qr": "QR code leading to {url}",
            "sharedCount": "This link carries {count} posters.",
            "sharedCountOne": "This link carries {count} poster.",
            "unknown": "{count} posters in the link are not in this gallery and were left out.",
            "unknownOne": "{count} poster in the link is not in this gallery and was left out.",
            "unreachable": "The poster list could not be loaded; check the connection and open this page again.",
        }
    }
    # Template braces in the words are entities in the page, so no later template engine sees them.
    assert "{count}" not in text and "&#123;count&#125;" in text
    assert '<script type="module" src="../assets/gallery/mylist.js"></script>' in text
    assert '<link rel="stylesheet" href="../assets/gallery/mylist.css">' in text
    assert 'data-root="../" data-manifest="../poster/posters.json"' in text
    assert "My list needs JavaScript, which is turned off in this browser." in text
    assert 'class="pg-mylist-nav"' not in text  # no link to itself
    assert "\n\n" not in text.split("-->", 1)[1].strip()  # one raw HTML block: no blank line inside


def test_the_list_page_speaks_indonesian_by_default(project):
    docs = built_docs(project, lang="id")
    text = (docs / "list/index.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "Daftar saya"\n')
    words = json.loads(attribute(text, "data-pg-mylist-page"))["words"]
    assert words["ownCount"] == words["ownCountOne"] == "{count} poster di daftar saya."
    assert words["unknown"] == "{count} poster dalam tautan tidak ada di galeri ini dan dilewati."
    assert "Bawa daftar ini" in text


@pytest.mark.parametrize(
    "page, root",
    [
        ("index.md", ""),
        ("poster/index.md", "../"),
        ("role/alumni/index.md", "../../"),
        ("center/bpvp-bandung/index.md", "../../"),
    ],
)
def test_every_page_with_cards_loads_my_list_with_its_words(project, page, root):
    text = (built_docs(project) / page).read_text("utf-8")
    assert text.count("data-pg-mylist ") == 1
    assert f'<p class="pg-mylist-nav" data-search-exclude><a href="{root}list/">My list</a>' in text
    assert f'data-root="{root or "./"}" data-manifest="{root}poster/posters.json"' in text
    assert attribute(text, "data-word-save") == "Save to my list: {title}"
    assert attribute(text, "data-word-seen") == "Already seen"
    assert attribute(text, "data-word-count") == "({count})"
    assert f'<script type="module" src="{root}assets/gallery/mylist.js"></script>' in text
    assert "pg-save" not in text  # the cards' buttons are made by the script


def test_the_poster_page_has_the_save_button_named_with_the_title_escaped(project):
    title = 'Las "3G" <b>& {{ x }}</b>'
    docs = built_docs(project, posters=(("las-smaw", title),))
    text = (docs / "poster/las-smaw/index.md").read_text("utf-8")
    button = re.search(r"<button [^>]*data-pg-save[^>]*>", text).group(0)
    assert attribute(button, "aria-label") == f"Save to my list: {title}"
    assert 'aria-pressed="false"' in button and 'type="button"' in button
    assert "<b>" not in text and "{{" not in text
    assert text.count('src="../../assets/gallery/mylist.js"') == 1
    # The button comes first among the poster's actions.
    assert text.index("data-pg-save") < text.index('class="pg-share"')

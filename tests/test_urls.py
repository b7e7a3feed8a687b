"""The checks every address people write goes through (site_url, poster links, the vote form, a form link)."""

from __future__ import annotations

import pytest

from postergallery import urls


@pytest.mark.parametrize(
    "url",
    [
        "https://x.org/a b",
        'https://x.org/"',
        "https://x.org/'",
        "https://x.org/<a>",
        "https://x.org/`",
        "https://x.org\\a",
        "https://x.org/\t",
        "https://x.org/\x7f",
    ],
)
def test_characters_that_end_an_attribute_or_are_no_part_of_an_address(url):
    assert urls.has_unsafe_characters(url)


def test_an_ordinary_address_has_none():
    assert not urls.has_unsafe_characters("https://docs.google.com/forms/d/e/1FAIpQLSd-x_9/formResponse?usp=a#b")


def test_an_address_python_cannot_split_is_none_not_a_traceback():
    assert urls.split("https://[x.org/") is None and urls.host("https://[x.org/") == ""


def test_web_addresses_host_and_origin():
    parts = urls.split("HTTPS://Docs.Google.com:8443/forms")
    assert urls.is_web(parts) and urls.origin(parts) == "https://Docs.Google.com:8443"
    assert urls.host("HTTPS://Docs.Google.com:8443/forms") == "docs.google.com"
    assert not urls.is_web(urls.split("javascript:alert(1)")) and not urls.is_web(urls.split("https:///x"))
    assert not urls.is_web(urls.split("ftp://x.org/")) and urls.host("mailto:a@x.org") == ""


@pytest.mark.parametrize(
    "rel, address",
    [
        ("index.md", ""),
        ("README.md", ""),
        ("map.md", "map/"),
        ("map/index.md", "map/"),
        ("map/README.md", "map/"),
        ("poster/las-smaw.md", "poster/las-smaw/"),
        ("poster/las-smaw/index.md", "poster/las-smaw/"),
        ("readme.md", "readme/"),  # only README in capitals stands for index.md, as MkDocs reads it
    ],
)
def test_the_address_of_a_page_follows_its_name_as_mkdocs_and_zensical_make_it(rel, address):
    assert urls.page_address(rel) == address

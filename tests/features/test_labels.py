"""The printable labels page: one card per poster, escaped, grouped into A4 sheets."""

from __future__ import annotations

from test_kiosk import HtmlPage, add, built_docs


def test_label_page_has_a_card_per_poster_grouped_by_centre(project):
    add(project, "zeta", "Zeta", center="BPVP Bandung", tags="las, k3")
    add(project, "alpha", "Alpha", role="instructor", center="BPVP Bandung")
    add(project, "web", "Web <b>Kasir</b> {{ x }}", role="trainee", center="BBPVP Serang", authors=("Dimas", "Putri"))
    docs = built_docs(project)
    text = (docs / "print/index.html").read_text("utf-8")
    page = HtmlPage(text)
    cards = page.find("article")
    assert [(c["data-slug"], c["data-role"], c["data-center"], c["data-tags"]) for c in cards] == [
        ("web", "trainee", "bbpvp-serang", ""),
        ("alpha", "instructor", "bpvp-bandung", ""),
        ("zeta", "alumni", "bpvp-bandung", "las k3"),
    ]
    assert text.count('<section class="labels__sheet">') == 1  # four A6 cards to a sheet
    card = text[text.index('data-slug="web"') : text.index('data-slug="alpha"')]
    [code] = (docs / "poster/web").glob("qr.*.svg")
    assert '<p class="label__role label__role--trainee">Trainee</p>' in card
    assert '<h2 class="label__title">Web &lt;b&gt;Kasir&lt;/b&gt; &#123;&#123; x &#125;&#125;</h2>' in card
    assert '<p class="label__authors">Dimas, Putri</p>' in card
    assert '<p class="label__center">BBPVP Serang</p>' in card
    assert (
        f'<img class="label__qr" src="../poster/web/{code.name}" '
        'alt="QR code leading to https://example.org/gallery/poster/web/" width="200" height="200">'
    ) in card
    assert '<p class="label__scan">Scan to view</p>' in card  # the site has no vote
    assert '<p class="label__url">example.org/gallery/poster/web</p>' in card
    assert "3 cards, 1 A4 page</p>" in text
    # print.js fills in the numbers after it applies the address, in the form for one or for any other number.
    assert (
        'data-template="&#123;cards&#125;, &#123;pages&#125;" data-cards="&#123;count&#125; cards" '
        'data-cards-one="&#123;count&#125; card" data-pages="&#123;count&#125; A4 pages" '
        'data-pages-one="&#123;count&#125; A4 page"'
    ) in text
    options = [a["value"] for a in page.find("option")]
    assert options == [
        "a6",
        "a5",
        "",
        "instructor",
        "trainee",
        "alumni",
        "",
        "bbpvp-serang",
        "bpvp-bandung",
        "",
        "k3",
        "las",
    ]


def test_label_page_in_indonesian_and_long_titles(project):
    add(project, "panjang", "Judul " * 30)
    docs = built_docs(project, lang="id")
    text = (docs / "print/index.html").read_text("utf-8")
    assert '<article class="label label--long"' in text
    assert "Pindai untuk melihat" in text and "Label poster untuk dicetak" in text  # (no vote on the site)
    assert "1 kartu, 1 halaman A4" in text


def test_a_label_asks_to_vote_on_a_site_with_a_vote(project):
    add(project, "las-smaw", "Las SMAW")
    vote = "vote:\n  provider: form\n  url: https://forms.example.org/vote\n  fields: {poster: poster, token: token}"
    text = (built_docs(project, vote, lang="id") / "print/index.html").read_text("utf-8")
    assert '<p class="label__scan">Pindai untuk memilih</p>' in text

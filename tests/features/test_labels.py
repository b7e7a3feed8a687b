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


def test_labels_made_for_the_demo_s_example_address_say_not_to_print_yet(project):
    """After demo --remove and the event's own posters, check said all good and the labels were printed with QR
    codes leading to https://example.github.io/poster-gallery/. The page says so above the cards, on the screen."""
    add(project, "las-bengkel-kami", "Las Bengkel Kami")

    def labels(site_url: str) -> str:
        project.write_config("posters: posters\n")
        config = project.config.read_text("utf-8")
        project.config.write_text(config.replace("https://example.org/gallery/", site_url), "utf-8")
        assert project.build().ok
        return (project.root / "docs/print/index.html").read_text("utf-8")

    text = labels("https://example.github.io/poster-gallery/")
    assert HtmlPage(text).find("p", class_="labels__warning") == [{"class": "labels__warning", "role": "alert"}]
    assert (
        "Do not print yet: the QR codes lead to https://example.github.io/poster-gallery/, the demo's example "
        "address in site_url (mkdocs.yml), not to your gallery. Write the address your site is published at, then "
        "print."
    ) in HtmlPage(text).text
    assert text.index("labels__warning") < text.index("</header>")  # in the toolbar, which is not printed
    assert "labels__warning" not in labels("https://x.org/g/")

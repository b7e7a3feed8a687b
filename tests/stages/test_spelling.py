"""One training centre written two ways: said, with the spelling most posters use."""

from __future__ import annotations

import json

from postergallery.i18n import Translator

from projectkit import GOOD_POSTER, messages


def test_a_centre_written_another_way_than_the_other_posters_write_it_is_warned_of(project):
    """The gallery groups centres by their address: 'bpvp  bandung' in the first folder, written so by one poster
    of three, once named the whole centre so, on its page and in the filter."""
    project.add_poster("kopi", GOOD_POSTER.replace("center: BPVP Bandung", "center: bpvp  bandung"))
    project.add_poster("las")
    project.add_poster("listrik")
    project.add_poster("tenun", GOOD_POSTER.replace("center: BPVP Bandung", "center: BPVP Kendari"))
    expected = (
        "posters/kopi/poster.yml: warning: 'center' is 'bpvp bandung', and posters/las/ writes the same centre "
        "'BPVP Bandung', the name the gallery shows for it; write it the same way: 'center: \"BPVP Bandung\"'."
    )
    checked = project.check()
    assert messages(checked) == [expected] and checked.ok
    built = project.build()
    assert messages(built) == [expected] and built.ok
    [in_indonesian] = project.check("id").problems
    assert in_indonesian.format_text(Translator("id")) == (
        "posters/kopi/poster.yml: peringatan: 'center' berisi 'bpvp bandung', sedangkan posters/las/ menulis balai "
        "yang sama 'BPVP Bandung', nama yang ditampilkan galeri untuk balai itu; tulis dengan cara yang sama: "
        "'center: \"BPVP Bandung\"'."
    )
    # The site names the centre as the warning says, not as the first poster by title writes it.
    docs = project.root / "docs"
    assert '<option value="bpvp-bandung">BPVP Bandung (3)</option>' in (docs / "index.md").read_text("utf-8")
    assert "<h1>Posters from BPVP Bandung</h1>" in (docs / "center/bpvp-bandung/index.md").read_text("utf-8")
    # And the poster written otherwise shows it so too: on its card and its page, in the list for the screens.
    home = (docs / "index.md").read_text("utf-8")
    assert home.count('<span class="pg-card__center">BPVP Bandung</span>') == 3 and "bpvp bandung" not in home
    page = (docs / "poster/kopi/index.md").read_text("utf-8")
    assert '<a href="../../center/bpvp-bandung/">BPVP Bandung</a>' in page and "bpvp bandung" not in page
    listed = json.loads((docs / "poster/posters.json").read_text("utf-8"))
    assert {p["center"] for p in listed["posters"]} == {"BPVP Bandung", "BPVP Kendari"}


def test_between_as_many_posters_the_spelling_with_more_capitals_is_the_one_to_write(project):
    """Centres write themselves 'BPVP', 'BBPVP': between two posters, the lower-case one is told to change, whichever
    folder comes first."""
    project.add_poster("a-kopi", GOOD_POSTER.replace("center: BPVP Bandung", "center: bpvp bandung"))
    project.add_poster("b-las")
    project.add_poster("c-tenun", GOOD_POSTER.replace("center: BPVP Bandung", "center: Bbpvp Serang"))
    project.add_poster("d-jahit", GOOD_POSTER.replace("center: BPVP Bandung", "center: BBPVP Serang"))
    assert messages(project.check()) == [
        "posters/a-kopi/poster.yml: warning: 'center' is 'bpvp bandung', and posters/b-las/ writes the same centre "
        "'BPVP Bandung', the name the gallery shows for it; write it the same way: 'center: \"BPVP Bandung\"'.",
        "posters/c-tenun/poster.yml: warning: 'center' is 'Bbpvp Serang', and posters/d-jahit/ writes the same "
        "centre 'BBPVP Serang', the name the gallery shows for it; write it the same way: 'center: \"BBPVP Serang\"'.",
    ]


def test_a_topic_is_named_as_most_posters_write_it(project):
    """No warning for topics (a tag is a free word), but its page and filter take the usual spelling too."""
    project.add_poster("a-kopi", GOOD_POSTER + "tags: [energi]\n")
    project.add_poster("b-las", GOOD_POSTER + "tags: [Energi]\n")
    project.add_poster("c-tenun", GOOD_POSTER + "tags: [Energi]\n")
    built = project.build()
    assert messages(built) == [] and built.ok
    docs = project.root / "docs"
    assert '<option value="energi">Energi (3)</option>' in (docs / "index.md").read_text("utf-8")
    assert "<h1>Posters on Energi</h1>" in (docs / "tag/energi/index.md").read_text("utf-8")
    assert "energi" not in (docs / "poster/a-kopi/index.md").read_text("utf-8").replace("tag/energi/", "")

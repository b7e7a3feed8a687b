"""One training centre written two ways: said, with the spelling most posters use."""

from __future__ import annotations

from postergallery.i18n import Translator

from projectkit import GOOD_POSTER, messages


def test_a_centre_written_another_way_than_the_other_posters_write_it_is_warned_of(project):
    """The gallery groups centres by their address and shows the first poster's spelling: 'bpvp  bandung' in the
    first folder named the whole centre so, on its page, in the filter and on the cards."""
    project.add_poster("kopi", GOOD_POSTER.replace("center: BPVP Bandung", "center: bpvp  bandung"))
    project.add_poster("las")
    project.add_poster("listrik")
    project.add_poster("tenun", GOOD_POSTER.replace("center: BPVP Bandung", "center: BPVP Kendari"))
    expected = (
        "posters/kopi/poster.yml: warning: 'center' is 'bpvp bandung', and posters/las/ writes the same centre "
        "'BPVP Bandung': the gallery lists them as one centre under one of the two names; write it the same way: "
        "'center: \"BPVP Bandung\"'."
    )
    checked = project.check()
    assert messages(checked) == [expected] and checked.ok
    built = project.build()
    assert messages(built) == [expected] and built.ok
    [in_indonesian] = project.check("id").problems
    assert in_indonesian.format_text(Translator("id")) == (
        "posters/kopi/poster.yml: peringatan: 'center' berisi 'bpvp bandung', sedangkan posters/las/ menulis balai "
        "yang sama 'BPVP Bandung': galeri mendaftarkan keduanya sebagai satu balai dengan salah satu dari kedua nama "
        "itu; tulis dengan cara yang sama: 'center: \"BPVP Bandung\"'."
    )


def test_between_as_many_posters_the_spelling_with_more_capitals_is_the_one_to_write(project):
    """Centres write themselves 'BPVP', 'BBPVP': between two posters, the lower-case one is told to change, whichever
    folder comes first."""
    project.add_poster("a-kopi", GOOD_POSTER.replace("center: BPVP Bandung", "center: bpvp bandung"))
    project.add_poster("b-las")
    project.add_poster("c-tenun", GOOD_POSTER.replace("center: BPVP Bandung", "center: Bbpvp Serang"))
    project.add_poster("d-jahit", GOOD_POSTER.replace("center: BPVP Bandung", "center: BBPVP Serang"))
    assert messages(project.check()) == [
        "posters/a-kopi/poster.yml: warning: 'center' is 'bpvp bandung', and posters/b-las/ writes the same centre "
        "'BPVP Bandung': the gallery lists them as one centre under one of the two names; write it the same way: "
        "'center: \"BPVP Bandung\"'.",
        "posters/c-tenun/poster.yml: warning: 'center' is 'Bbpvp Serang', and posters/d-jahit/ writes the same "
        "centre 'BBPVP Serang': the gallery lists them as one centre under one of the two names; write it the same "
        "way: 'center: \"BBPVP Serang\"'.",
    ]

"""Board numbers and the floor plan (features/venuemap.py): every mistake in posters/_map.yml and in the
boards gets its exact message at its line, and the map page marks each board as a link to its poster."""

from __future__ import annotations

import re
import textwrap

import pytest

from postergallery.features.venuemap import board_key

from imagefiles import write_jpeg
from projectkit import GOOD_POSTER, messages

PLAN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 500"><rect width="1000" height="500"/></svg>\n'


def hall(project, map_text: str, *, boards: dict[str, str | None], plan: str | None = PLAN):
    """Posters named after their boards (poster "a1" on board A1; None: a poster without a board), the plan
    docs/hall.svg and posters/_map.yml."""
    for slug, board in boards.items():
        text = GOOD_POSTER.replace("Las SMAW dari Nol", f"Poster {slug}")
        project.add_poster(slug, text + (f"board: {board}\n" if board else ""))
    if plan is not None:
        (project.root / "docs" / "hall.svg").write_text(plan, "utf-8")
    (project.root / "posters" / "_map.yml").write_text(textwrap.dedent(map_text), "utf-8")


def test_a_map_that_fits_has_no_problem_and_takes_plan_units_or_percent(project):
    hall(
        project,
        """\
        plan: hall.svg
        boards:
          A1: [100, 50]
          a2: ["50%", "25%"]
          B10: [1000, 500]
        """,
        boards={"a1": "A1", "a2": "a2", "b10": "B10", "none": None},
    )
    result = project.check()
    assert result.problems == []
    assert result.venue_map.positions == {"A1": (10.0, 10.0), "A2": (50.0, 25.0), "B10": (100.0, 100.0)}


def test_two_posters_on_one_board_are_both_told_even_without_a_map(project):
    project.add_poster("first", GOOD_POSTER + "board: A1\n")
    project.add_poster("second", GOOD_POSTER + "board: a1\n")
    assert messages(project.check()) == [
        "posters/first/poster.yml:7:8: board 'A1' is also given to posters/second/; one board holds one poster, so "
        "give each its own board number.",
        "posters/second/poster.yml:7:8: board 'A1' is also given to posters/first/; one board holds one poster, so "
        "give each its own board number.",
    ]


def test_boards_without_a_place_and_places_without_a_poster_are_warnings(project):
    hall(
        project,
        """\
        plan: hall.svg
        boards:
          A1: [100, 50]
          Z9: [200, 50]
        """,
        boards={"a1": "A1", "a3": "A3"},
    )
    result = project.check()
    assert result.ok
    assert messages(result) == [
        "posters/_map.yml:4:3: warning: no poster has board 'Z9'; check the number, or remove this line while the "
        "board stays empty.",
        "posters/a3/poster.yml:7:8: warning: board 'A3' has no place on the floor plan; add a line '  A3: [x, y]' "
        "under 'boards:' in posters/_map.yml.",
    ]


def test_a_poster_with_another_mistake_still_holds_its_board_in_the_same_run(project):
    """A mistake elsewhere takes a poster off the site until it is fixed, but not its board: the board is
    not called empty (A3), and a second poster given the same board is told now, not only after the fix."""
    hall(
        project,
        """\
        plan: hall.svg
        boards:
          A1: [100, 50]
          A2: [200, 50]
          A3: [300, 50]
        """,
        boards={"a1": "A1"},
    )
    project.add_poster("a2", GOOD_POSTER.replace("role: alumni", "role: guru") + "board: A2\n")
    project.add_poster("a3", GOOD_POSTER.replace("Budi Santoso", "") + "board: A3\n")
    project.add_poster("again", GOOD_POSTER + "board: a2\n")
    project.add_poster("elsewhere", GOOD_POSTER.replace("role: alumni", "role: guru") + "board: B7\n")
    result = project.check()
    assert [poster.slug for poster in result.posters] == ["a1", "again"]
    assert messages(result) == [
        "posters/a2/poster.yml:4:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/a2/poster.yml:7:8: board 'A2' is also given to posters/again/; one board holds one poster, so "
        "give each its own board number.",
        "posters/a3/poster.yml:3:4: an entry in 'authors' is empty; write a name after the dash or remove the line.",
        "posters/again/poster.yml:7:8: board 'A2' is also given to posters/a2/; one board holds one poster, so "
        "give each its own board number.",
        "posters/elsewhere/poster.yml:4:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/elsewhere/poster.yml:7:8: warning: board 'B7' has no place on the floor plan; add a line "
        "'  B7: [x, y]' under 'boards:' in posters/_map.yml.",
    ]


def test_places_outside_the_plan_or_not_a_place_at_all(project):
    hall(
        project,
        """\
        plan: hall.svg
        boards:
          A1: [1001, 50]
          A2: ["50%", "101%"]
          A3: [-11, 0]
          A4: 100, 50
          A5: [100]
          A6: [ten, 50]
          A7: [.nan, 1]
          "A 8": [1, 1]
          A1: [1, 1]
          A9: [100px, "50"]
        """,
        boards={f"a{n}": f"A{n}" for n in range(1, 10)} | {"a8": None},
        plan=PLAN.replace('viewBox="0 0 1000 500"', 'viewBox="-10 -20 1000 500"'),
    )
    outside = "outside the floor plan, which is 1000 × 500 (x from -10 to 990, y from -20 to 480; or 0% to 100%)."
    two_numbers = 'must be two numbers in brackets, x then y, like [120, 80] (or in percent, like ["40%", "25%"]).'
    assert messages(project.check(), "_map.yml") == [
        f"posters/_map.yml:3:7: board 'A1' is placed at [1001, 50], {outside}",
        f"posters/_map.yml:4:7: board 'A2' is placed at [50%, 101%], {outside}",
        f"posters/_map.yml:5:7: board 'A3' is placed at [-11, 0], {outside}",
        f"posters/_map.yml:6:7: the place of board 'A4' {two_numbers}",
        f"posters/_map.yml:7:7: the place of board 'A5' {two_numbers}",
        f"posters/_map.yml:8:7: the place of board 'A6' {two_numbers}",
        f"posters/_map.yml:9:7: the place of board 'A7' {two_numbers}",
        "posters/_map.yml:10:3: 'A 8' is not a board number: 1 to 8 letters, digits or dashes, e.g. A12.",
        "posters/_map.yml:11:3: board 'A1' is placed twice (first on line 3); keep only one.",
    ]


@pytest.mark.parametrize(
    "map_text, message",
    [
        (
            "boards: {}\n",
            "posters/_map.yml:1:1: 'plan' is missing: add a line 'plan: denah.svg' naming the floor "
            "plan's file in docs/.",
        ),
        (
            "plan: nowhere.svg\n",
            "posters/_map.yml:1:7: the floor plan 'docs/nowhere.svg' was not found; put the "
            "drawing there or correct the name (upper and lower case count).",
        ),
        (
            "plan: ../mkdocs.yml\n",
            "posters/_map.yml:1:7: 'plan' must be a file inside docs/, written from there, "
            "e.g. plan: denah.svg ('../mkdocs.yml' is not).",
        ),
        (
            "plan: hall.gif\n",
            "posters/_map.yml:1:7: the floor plan 'docs/hall.gif' must be an SVG drawing or a PNG, JPG or WebP image.",
        ),
        (
            "plan: [hall.svg]\n",
            "posters/_map.yml:1:7: 'plan' must be the name of the floor plan's file in docs/, e.g. plan: denah.svg.",
        ),
        (
            "plan: hall.svg\nscale: 2\n",
            "posters/_map.yml:2:1: unknown field 'scale'; posters/_map.yml has only 'plan' and 'boards'.",
        ),
        (
            "plan: hall.svg\nboards: [A1, A2]\n",
            "posters/_map.yml:2:9: 'boards' must list one board per line, like '  A12: [120, 80]'.",
        ),
        ("- plan: hall.svg\n", "posters/_map.yml:1:1: posters/_map.yml must hold the lines 'plan: ...' and 'boards:'."),
        (
            "plan: hall.svg\nboards:\n  A1: [1, 2\n",
            "posters/_map.yml:4:1: posters/_map.yml is not valid YAML here "
            "(expected ',' or ']', but got '<stream end>'); check the indentation and quotes.",
        ),
        (  # an empty name is not a line indented with pasted spaces
            'plan: hall.svg\n"": 2\n',
            "posters/_map.yml:2:1: unknown field ''; posters/_map.yml has only 'plan' and 'boards'.",
        ),
        (
            "plan: hall.svg\nboards:\n\u00a0\u00a0A1: [1, 2]\n",
            "posters/_map.yml:3:1: this line is indented with non-breaking spaces (pasted from WhatsApp, Word or a web "
            "page), which YAML does not count as indentation; retype the spaces at the start of the line: "
            "'  A1: [1, 2]'.",
        ),
        (
            "plan: hall.svg\nboards:\n\tA1: [1, 2]\n",
            "posters/_map.yml:3:1: posters/_map.yml is not valid YAML here (found character '\\t' that cannot start "
            "any token); check the indentation and quotes. Use spaces, not tabs, to indent lines.",
        ),
    ],
)
def test_mistakes_in_the_map_file(project, map_text, message):
    hall(project, map_text, boards={})
    assert messages(project.check()) == [message]


def test_hostile_map_and_plan_files_are_refused_quickly_with_a_message(project):
    import time

    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE svg [{laughs}]><svg width="&l9;" height="1"/>'
    hall(project, "plan: hall.svg\nboards: &b\n  A1: [1, 1]\nmore: *b\n", boards={"a1": "A1"}, plan=bomb)
    started = time.monotonic()
    assert messages(project.check()) == [
        "posters/_map.yml:2:9: posters/_map.yml uses a YAML anchor (&) or alias (*); write each value out in full "
        "instead."
    ]
    (project.root / "posters" / "_map.yml").write_text("plan: hall.svg\n", "utf-8")
    assert messages(project.check()) == [
        "posters/_map.yml:1:7: the floor plan 'docs/hall.svg' cannot be read: it is not an SVG drawing (the file is "
        "not valid XML); save it again from the drawing program."
    ]
    (project.root / "docs" / "hall.svg").unlink()
    (project.root / "docs" / "hall.svg").symlink_to(project.root / "mkdocs.yml")
    assert messages(project.check())[0].startswith("posters/_map.yml:1:7: the floor plan 'docs/hall.svg' was not found")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "name, content, reason",
    [
        (
            "hall.svg",
            b"<svg",
            "it is not an SVG drawing (the file is not valid XML); save it again from the drawing program",
        ),
        ("hall.svg", b"<html><body/></html>", "it is not an SVG drawing (its first element is not <svg>)"),
        (
            "hall.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="20cm" height="10cm"/>',
            "the drawing does not "
            'say its size; give its <svg> element a viewBox, e.g. viewBox="0 0 1200 800", or a width and a height '
            "in pixels",
        ),
        (
            "hall.png",
            b"\x89PNG\r\n\x1a\nnot really",
            "it is not a PNG, JPG or WebP image that can be opened; export it again from the drawing program",
        ),
    ],
)
def test_a_plan_that_cannot_be_read(project, name, content, reason):
    hall(project, f"plan: {name}\nboards:\n  A1: [1, 1]\n", boards={"a1": "A1"}, plan=None)
    (project.root / "docs" / name).write_bytes(content)
    result = project.check()
    assert messages(result) == [f"posters/_map.yml:1:7: the floor plan 'docs/{name}' cannot be read: {reason}."]
    assert result.venue_map is None


def test_a_raster_plan_is_measured_in_pixels_and_an_svg_without_viewbox_by_its_width_and_height(project):
    hall(project, "plan: hall.jpg\nboards:\n  A1: [60, 30]\n", boards={"a1": "A1"}, plan=None)
    write_jpeg(project.root / "docs" / "hall.jpg", (120, 60), (200, 200, 200))
    assert project.check().venue_map.positions == {"A1": (50.0, 50.0)}
    (project.root / "docs" / "hall.svg").write_text('<svg width="240px" height="120"></svg>', "utf-8")
    (project.root / "posters" / "_map.yml").write_text("plan: hall.svg\nboards:\n  A1: [60, 30]\n", "utf-8")
    assert project.check().venue_map.positions == {"A1": (25.0, 25.0)}


def test_messages_speak_indonesian_too(project):
    hall(project, "plan: hall.svg\nboards:\n  A1: [2000, 1]\n  Q1: [1, 1]\n", boards={"a1": "A1", "a2": "A2"})
    assert messages(project.check(lang="id")) == [
        "posters/_map.yml:3:7: papan 'A1' diletakkan di [2000, 1], di luar denah yang berukuran 1000 × 500 "
        "(x dari 0 sampai 1000, y dari 0 sampai 500; atau 0% sampai 100%).",
        "posters/_map.yml:4:3: warning: tidak ada poster dengan papan 'Q1'; periksa nomornya, atau hapus baris "
        "ini selama papan itu kosong.",
        "posters/a2/poster.yml:7:8: warning: papan 'A2' belum punya tempat di denah; tambahkan baris "
        "'  A2: [x, y]' di bawah 'boards:' dalam posters/_map.yml.",
    ]


def test_boards_sort_as_people_count_them():
    assert sorted(["B1", "A10", "A2", "10", "9", "A2-B", "A-1"], key=board_key) == [
        "9",
        "10",
        "A-1",
        "A2",
        "A2-B",
        "A10",
        "B1",
    ]


def test_the_map_page_links_every_board_and_the_poster_page_links_back(project):
    hall(
        project,
        """\
        plan: hall.svg
        boards:
          A10: [500, 250]
          A2: ["10%", "20%"]
        """,
        boards={"a10": "A10", "a2": "A2", "a3": "A3", "none": None},
    )
    project.add_poster("hostile", GOOD_POSTER.replace("Las SMAW dari Nol", '<b>"Hi"</b> {{ x }}') + "board: A2-X\n")
    result = project.build()
    assert [p.format_text() for p in result.errors] == []
    docs = project.root / "docs"
    page = (docs / "map" / "index.md").read_text("utf-8")
    assert page.startswith('---\ntitle: "Floor plan"\ndescription: "Where each poster hangs at the venue."\n')
    marks = re.findall(r'<a class="pg-map__mark"[^>]*>.*?</a>', page)
    assert marks == [
        '<a class="pg-map__mark" id="board-A2" href="../poster/a2/" style="left:10.0%;top:20.0%" data-board="A2" '
        'data-title="Poster a2" aria-label="A2: Poster a2">A2</a>',
        '<a class="pg-map__mark" id="board-A10" href="../poster/a10/" style="left:50.0%;top:50.0%" data-board="A10" '
        'data-title="Poster a10" aria-label="A10: Poster a10">A10</a>',
    ]
    assert '<img class="pg-map__img" src="../hall.svg" width="1000" height="500" alt="">' in page
    items = re.findall(r'<li data-board="([^"]+)"><a href="([^"]+)">.*?</li>', page)
    assert items == [
        ("A2", "../poster/a2/"),
        ("A2-X", "../poster/hostile/"),
        ("A3", "../poster/a3/"),
        ("A10", "../poster/a10/"),
    ]
    assert (
        '&lt;b&gt;&#34;Hi&#34;&lt;/b&gt; &#123;&#123; x &#125;&#125;</span></a> <span class="pg-map__off">'
        "(not on the plan yet)</span>" in page
    )
    poster = (docs / "poster" / "a2" / "index.md").read_text("utf-8")
    assert (
        '<dt>Board</dt><dd><span class="pg-board">A2</span> · <a class="pg-board__map" href="../../map/#board-A2">'
        "See on the map</a></dd>" in poster
    )
    unplaced = (docs / "poster" / "a3" / "index.md").read_text("utf-8")
    assert '<dt>Board</dt><dd><span class="pg-board">A3</span></dd>' in unplaced
    assert "<dt>Board</dt>" not in (docs / "poster" / "none" / "index.md").read_text("utf-8")
    home = (docs / "index.md").read_text("utf-8")
    assert '<span class="pg-card__board">Board A10</span>' in home and 'data-board="A10"' in home
    assert '<option value="board">Board number</option>' in home
    assert '<p><a href="map/">Floor plan: where each poster hangs</a></p>' in home
    labels = (docs / "print" / "index.html").read_text("utf-8")
    assert '<p class="label__board">Board A10</p>' in labels


def test_without_a_map_file_there_is_no_map_page_and_no_link_to_it(project):
    project.add_poster("a1", GOOD_POSTER + "board: A1\n")
    project.add_poster("plain")
    result = project.build()
    assert result.problems == [] and result.venue_map is None
    docs = project.root / "docs"
    assert not (docs / "map").exists()
    assert '<dt>Board</dt><dd><span class="pg-board">A1</span></dd>' in (docs / "poster/a1/index.md").read_text()
    assert "map/" not in (docs / "index.md").read_text("utf-8")
    project.add_poster("a1", GOOD_POSTER)
    project.build()
    home = (docs / "index.md").read_text("utf-8")
    assert 'value="board"' not in home and "pg-card__board" not in home

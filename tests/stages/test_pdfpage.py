"""Whether a PDF poster's page is a picture, and how many pixels of detail that picture holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from postergallery.stages.pdfpage import draw_first_page

import imagefiles as F

WORDS = "Kolaborasi untuk Pelatihan Vokasi dan Produktivitas\n" * 40


def picture(path: Path) -> tuple[int, int] | None:
    return draw_first_page(path, 200, 10**8, 16383).picture


@pytest.mark.parametrize(
    "options, expected",
    [
        # A picture printed to PDF: 840 x 1190 pixels over an A5 page of 420 x 595 points, 2 pixels a point.
        ({}, (840, 1190)),
        # The same inside a group of objects (a form XObject) that places it: the group's placing counts.
        ({"in_group": True}, (840, 1190)),
        # A page turned a quarter (/Rotate 90) is shown landscape, and its size in pixels is too.
        ({"rotate": 90}, (1190, 840)),
        # Half the page wide (a quarter of it covered, as a phone's screenshot is printed): the picture.
        ({"cover": 0.5}, (840, 1190)),
        # Two fifths (16 % covered): a picture on a page, not a picture of the page.
        ({"cover": 0.4}, None),
        # Words written as text over it: they are sharp, whatever the picture.
        ({"text": WORDS}, None),
        # Invisible words over it (a scan's text recognition): the picture is still all there is to see.
        ({"text": WORDS, "text_mode": 3}, (840, 1190)),
        # More than 5,000 objects (here invisible lines): a page drawn, not a picture, and not looked at further.
        ({"text": "x\n" * 5001, "text_mode": 3}, None),
        ({"text": "x\n" * 4999, "text_mode": 3}, (840, 1190)),
        # Words drawn as shapes (text "converted to curves" for a print shop): sharp, whatever the picture.
        ({"shapes": 101}, None),
        ({"shapes": 100}, (840, 1190)),  # a frame, a background, a few marks: still a picture
        # A line of visible text (a printed page's date or address): still a picture.
        ({"text": "5/12/2026 https://example.org/poster.jpg"}, (840, 1190)),
    ],
)
def test_a_page_that_is_a_picture_gives_the_pixels_it_holds(tmp_path, options, expected):
    options = {"picture": (840, 1190), "page": (420, 595), **options}
    assert picture(F.write_picture_pdf(tmp_path / "poster.pdf", **options)) == expected


def test_a_page_drawn_from_shapes_and_text_is_no_picture(tmp_path):
    assert picture(F.write_vector_pdf(tmp_path / "poster.pdf")) is None


def _edges(page) -> dict[str, tuple[int, int, int]]:
    """The colour just inside each corner of a drawn page."""
    width, height = page.width, page.height

    def at(x: int, y: int) -> tuple[int, int, int]:
        i = (y * width + x) * 3
        return tuple(page.rgb[i : i + 3])

    return {"top left": at(2, 2), "bottom right": at(width - 3, height - 3)}


YELLOW, BLUE = (255, 230, 0), (26, 77, 204)


@pytest.mark.parametrize("rotate, size, corners", [(0, (420, 595), (YELLOW, BLUE)), (90, (595, 420), (BLUE, YELLOW))])
def test_a_print_shop_pdf_is_shown_as_the_paper_is_cut(tmp_path, rotate, size, corners):
    """Bleed, crop marks and the printer's line outside the TrimBox are cut off; a page turned a quarter, too."""
    drawn = draw_first_page(F.write_print_shop_pdf(tmp_path / "cetak.pdf", rotate=rotate), 2 * size[0], 10**8, 16383)
    assert (drawn.width, drawn.height) == (2 * size[0], 2 * size[1])
    assert list(_edges(drawn).values()) == list(corners)  # the poster's own colours to its edges: no red, no marks


@pytest.mark.parametrize(
    "trim_box",
    [
        "/TrimBox [0 0 500 675]",  # the whole page (as most exporters write it)
        "/TrimBox [0.3 0.2 499.8 674.9]",  # the whole page, rounded
        "/TrimBox [-10 40 460 635]",  # past the page's edge: not where paper is cut
        "/TrimBox [40 40 240 300]",  # a stray one, far smaller than the page
    ],
)
def test_a_trim_box_that_does_not_cut_the_page_is_not_taken(tmp_path, trim_box):
    drawn = draw_first_page(F.write_print_shop_pdf(tmp_path / "p.pdf", trim_box=trim_box), 500, 10**8, 16383)
    assert (drawn.width, drawn.height) == (500, 675)
    assert _edges(drawn)["top left"] == (255, 255, 255)  # the page's white margin: drawn whole

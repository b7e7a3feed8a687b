"""Poster PDFs as a browser prints them: a chat picture printed to PDF is found out, a page of text is not, and
a phone photo's GPS position kept in the PDF is seen.

The PDFs are made by Chromium's own printing (Skia's PDF writer, the one Android's "Print > Save as PDF"
uses), so the page the gallery reads is laid out as a real one: margins, a picture placed by a matrix.
"""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageDraw

from postergallery.stages.images import RenditionSettings, probe_poster
from postergallery.stages.location import pdf_records_location

import imagefiles as F

# What these pages do online: the site's worker, saving the site for offline, has tests of its own.
pytestmark = pytest.mark.without_site_worker


def chat_picture(size=(720, 1020), exif: bytes = b"") -> str:
    """A poster as a chat app passes it on (a JPEG this small; a phone photo with ``exif``), as a data: address."""
    image = Image.new("RGB", size, (236, 232, 214))
    draw = ImageDraw.Draw(image)
    for y in range(40, size[1] - 40, 24):
        draw.text((40, y), "Kolaborasi untuk Pelatihan Vokasi dan Produktivitas", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, exif=exif)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def printed(page, html: str, path):
    page.set_content(html)
    page.wait_for_function("[...document.images].every(i => i.complete)")
    margin = {side: "1cm" for side in ("top", "right", "bottom", "left")}  # as a phone's print dialog leaves
    path.write_bytes(page.pdf(format="A4", print_background=True, margin=margin))
    return path


def test_a_chat_picture_printed_to_pdf_gives_its_pixels_and_a_page_of_text_gives_none(new_page, tmp_path):
    page, _ = new_page()
    picture = chat_picture()
    # The picture alone, as wide as the paper within its margins: its own 720 x 1020 pixels, whatever the paper.
    alone = printed(page, f'<body style="margin:0"><img src="{picture}" style="width:100%"></body>', tmp_path / "a.pdf")
    found = probe_poster(alone, RenditionSettings()).size
    assert found and all(abs(a - b) <= 8 for a, b in zip(found, (720, 1020))), found  # CSS pixels are rounded
    # A landscape picture on portrait paper (half of it covered): the picture.
    wide = chat_picture((1020, 720))
    across = printed(page, f'<body style="margin:0"><img src="{wide}" style="width:100%"></body>', tmp_path / "w.pdf")
    found = probe_poster(across, RenditionSettings()).size
    assert found and all(abs(a - b) <= 8 for a, b in zip(found, (1020, 720))), found
    # The same picture as the page's background, stretched over it: the page at its resolution.
    background = f'<body style="margin:0;min-height:100vh;background:url({picture}) center/cover">'
    assert probe_poster(printed(page, background + "</body>", tmp_path / "b.pdf"), RenditionSettings()).size
    # ... with a poster's words written over it as text: the words are sharp, whatever the picture.
    words = "<p style='font:14px sans-serif'>Kolaborasi untuk Pelatihan Vokasi dan Produktivitas BPVP</p>" * 40
    assert (
        probe_poster(printed(page, background + words + "</body>", tmp_path / "c.pdf"), RenditionSettings()).size
        is None
    )


def test_a_phone_photo_printed_to_pdf_keeps_its_position_and_the_gallery_sees_it(new_page, tmp_path):
    """Chromium stores a JPEG as the file it was, EXIF block and all: the PDF is not offered for download."""
    page, _ = new_page()
    html = '<body style="margin:0"><img src="{}" style="width:100%"></body>'
    photo = printed(page, html.format(chat_picture(exif=F.gps_exif())), tmp_path / "photo.pdf")
    assert b"Exif" in photo.read_bytes() and pdf_records_location(photo.read_bytes())
    # A photo taken with the phone's location off: its EXIF block names the camera alone.
    camera = Image.Exif()
    camera[0x010F] = "PhoneMaker"
    plain = printed(page, html.format(chat_picture(exif=camera.tobytes())), tmp_path / "plain.pdf")
    assert b"Exif" in plain.read_bytes() and not pdf_records_location(plain.read_bytes())

"""Whether a PDF poster records where a photo in it was taken (stages/location.py)."""

from __future__ import annotations

from PIL import Image

from postergallery.stages.location import (
    EXIF_START,
    MAX_EXIF_BLOCKS,
    exif_has_gps,
    file_holds_video,
    holds_video,
    pdf_records_location,
    raw_profile_records_location,
)

import imagefiles as F


def _tiff(exif: Image.Exif) -> bytes:
    block = exif.tobytes()
    assert block.startswith(EXIF_START)
    return block[len(EXIF_START) :]


def test_an_exif_block_with_a_gps_position_is_found_in_either_byte_order():
    big_endian = F.gps_exif()[len(EXIF_START) :]  # as Pillow writes it
    assert big_endian[:2] == b"MM" and exif_has_gps(big_endian)
    assert exif_has_gps(_little_endian_gps())


def _little_endian_gps() -> bytes:
    """A hand-made little-endian EXIF block: one IFD0 entry pointing to a GPS directory of one entry."""
    ifd0 = (1).to_bytes(2, "little") + (0x8825).to_bytes(2, "little") + (4).to_bytes(2, "little")
    ifd0 += (1).to_bytes(4, "little") + (26).to_bytes(4, "little") + (0).to_bytes(4, "little")
    gps = (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (2).to_bytes(2, "little")
    gps += (2).to_bytes(4, "little") + b"S\x00\x00\x00" + (0).to_bytes(4, "little")
    return b"II*\x00" + (8).to_bytes(4, "little") + ifd0 + gps


def test_exif_without_a_gps_position_or_malformed_holds_none():
    camera_only = Image.Exif()
    camera_only[0x010F] = "PhoneMaker"
    assert not exif_has_gps(_tiff(camera_only))
    empty_gps = bytearray(_little_endian_gps())
    empty_gps[26:28] = b"\x00\x00"  # the GPS directory has no entry
    assert not exif_has_gps(bytes(empty_gps))
    whole = _little_endian_gps()
    for cut in range(28):  # cut short before the GPS directory's count of entries: nothing read past the end
        assert not exif_has_gps(whole[:cut])
    assert exif_has_gps(whole[:28])
    pointing_away = bytearray(whole)
    pointing_away[18:22] = (10**6).to_bytes(4, "little")  # the GPS directory's place is past the block's end
    assert not exif_has_gps(bytes(pointing_away))
    assert not exif_has_gps(b"XX*\x00" + whole[4:])  # not a TIFF header


def test_a_pdf_holding_a_phone_photo_with_its_position_records_a_location(tmp_path):
    with_position = F.write_picture_pdf(tmp_path / "a.pdf", picture=(300, 420), exif=F.gps_exif())
    assert pdf_records_location(with_position.read_bytes())
    camera_only = Image.Exif()
    camera_only[0x010F] = "PhoneMaker"
    without = F.write_picture_pdf(tmp_path / "b.pdf", picture=(300, 420), exif=camera_only.tobytes())
    assert b"Exif" in without.read_bytes() and not pdf_records_location(without.read_bytes())
    assert not pdf_records_location(F.write_vector_pdf(tmp_path / "c.pdf").read_bytes())


def test_xmp_gps_fields_in_a_pdf_record_a_location():
    xmp = b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="6,10.5S"/>'
    assert pdf_records_location(b"%PDF-1.4\n" + xmp)
    assert pdf_records_location(b"%PDF-1.4\n<exif:GPSLongitude>106,49.0E</exif:GPSLongitude>")


def test_a_pdf_of_more_exif_blocks_than_a_poster_holds_is_taken_to_record_one():
    """Not looked through to the end: the large image is offered instead, which holds nothing of the file."""
    assert not pdf_records_location(b"%PDF-1.4\n" + EXIF_START * (MAX_EXIF_BLOCKS - 1))
    assert pdf_records_location(b"%PDF-1.4\n" + EXIF_START * (MAX_EXIF_BLOCKS + 1))


def test_a_png_raw_profile_holding_a_gps_position_records_a_location():
    """ImageMagick's text chunk: a line naming the profile, one with its length, then the bytes in hex."""
    exif = F.gps_exif()
    assert raw_profile_records_location(f"\nexif\n{len(exif):8d}\n{exif.hex()}\n")
    assert raw_profile_records_location(f"\nexif\n{len(exif) - 6:8d}\n{exif[6:].hex()}\n")  # without "Exif\0\0"
    xmp = b'<x:xmpmeta><rdf:Description exif:GPSLongitude="106,49.0E"/></x:xmpmeta>'
    assert raw_profile_records_location(f"\nxmp\n{len(xmp):8d}\n{xmp.hex()}\n")
    camera = Image.Exif()
    camera[0x010F] = "PhoneMaker"
    assert not raw_profile_records_location(f"\nexif\n{len(camera.tobytes()):8d}\n{camera.tobytes().hex()}\n")
    assert not raw_profile_records_location("\nexif\n     12\nnot hex at all\n")
    assert not raw_profile_records_location("exif")


def test_a_motion_photo_holds_a_video_after_its_picture(tmp_path):
    """Google's and Samsung's motion photos are found; a HEIF file's own first box, or "ftyp" in other bytes, is
    not a video."""
    for maker in ("google", "samsung"):
        assert holds_video(F.write_motion_photo(tmp_path / f"{maker}.jpg", maker).read_bytes()), maker
    plain = F.write_jpeg(tmp_path / "plain.jpg").read_bytes()
    assert not holds_video(plain)
    assert holds_video(plain + b"MotionPhoto_Data")  # Samsung's marker alone
    heic = F.write_hevc_heic(tmp_path / "photo.heic").read_bytes()
    assert heic[4:8] == b"ftyp" and not holds_video(heic)
    assert holds_video(heic + F.motion_clip())  # a HEIF motion photo
    assert not holds_video(F.write_png(tmp_path / "plain.png").read_bytes())
    # "ftyp" in a comment, not the start of a box: no size of 16 to 256 before it, or no brand after it.
    assert not holds_video(plain + b"\xff\xff\xff\xffftypmp42")
    assert not holds_video(plain + b"\x00\x00\x00\x18ftyp\x00\x01")


def test_a_file_is_looked_through_in_place(tmp_path):
    assert file_holds_video(F.write_motion_photo(tmp_path / "motion.jpg", "samsung"))
    assert not file_holds_video(F.write_jpeg(tmp_path / "plain.jpg"))
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert not file_holds_video(empty)

"""Whether a poster file records where a photo in it was taken, so that it is not offered for download as it is.

A phone photo printed to PDF (a browser's "Save as PDF", or the photo placed in a page and exported) is stored
in the PDF as the JPEG file it was, its EXIF block and the phone's GPS position included, and the PDF would be
published as it is (build.py ``offers_original``). Image files are read by libvips (images.py
``records_location``); a PDF is looked through here, as bytes: for EXIF blocks with a GPS directory and for
XMP GPS fields. Photos the PDF keeps packed inside another compression are not seen: the programs that keep a
photo's EXIF store the JPEG as it is. A PNG converted from a phone photo by ImageMagick keeps the photo's EXIF
block as hex text in a "Raw profile type exif" chunk, which libvips hands over as text (``raw_profile_records_location``).

A phone's "motion photo" keeps a few seconds of video, with the room's sound, after the picture in the same file
(``holds_video``): it shows and sounds where it was made as plainly as a GPS position, and is not offered either.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path

EXIF_START = b"Exif\x00\x00"  # how an EXIF block (a JPEG's APP1 segment) begins; its TIFF header follows
EXIF_MAX_BYTES = 65535  # a JPEG segment is at most this long
MAX_EXIF_BLOCKS = 1000  # a poster holds a few photos; a file of more is not offered rather than looked through
MAX_ENTRIES = 512  # entries read in an EXIF directory (real ones hold a few dozen)
GPS_DIRECTORY = 0x8825  # the EXIF tag that points to the GPS directory
MAX_RAW_PROFILE_BYTES = 1 << 20  # of a PNG's raw profile read (an EXIF block is at most 64 KB, XMP a few)
FTYP = b"ftyp"  # an MP4 (ISO base media) file's first box: its size (4 bytes), "ftyp", then its brand (4 letters)
MAX_FTYP_LOOKS = 1000  # "ftyp" found by chance in an image's compressed data: once in 4 GB
SAMSUNG_MOTION = b"MotionPhoto_Data"  # what Samsung phones write before a motion photo's video


def pdf_records_location(data: bytes) -> bool:
    """Whether the PDF file ``data`` holds a GPS position: an EXIF block whose GPS directory has an entry (a phone
    photo stored as its JPEG file), or XMP GPS fields (the document's metadata, or a photo's), stored unpacked."""
    if b"GPSLatitude" in data or b"GPSLongitude" in data:
        return True
    view = memoryview(data)
    start = 0
    for _ in range(MAX_EXIF_BLOCKS):
        at = data.find(EXIF_START, start)
        if at < 0:
            return False
        start = at + len(EXIF_START)
        if exif_has_gps(view[start : start + EXIF_MAX_BYTES]):
            return True
    return True


def exif_has_gps(tiff: bytes | memoryview) -> bool:
    """Whether an EXIF block (``tiff``: from its TIFF header on) has a GPS directory with at least one entry, as
    libvips reports ``exif-ifd3-*`` fields for an image file. A block cut short or malformed holds none."""
    order = {b"II": "little", b"MM": "big"}.get(bytes(tiff[:2]))
    if order is None:
        return False

    def number(at: int, size: int) -> int:
        if at < 0 or at + size > len(tiff):
            raise IndexError(at)
        return int.from_bytes(tiff[at : at + size], order)  # type: ignore[arg-type]

    try:
        if number(2, 2) != 42:
            return False
        first = number(4, 4)
        for n in range(min(number(first, 2), MAX_ENTRIES)):
            entry = first + 2 + 12 * n
            if number(entry, 2) == GPS_DIRECTORY:
                return number(number(entry + 8, 4), 2) > 0
    except IndexError:
        return False
    return False


def raw_profile_records_location(text: str) -> bool:
    """Whether a PNG's "Raw profile type ..." text (ImageMagick's way of keeping a photo's metadata: a line naming
    the profile, one giving its length, then its bytes in hex) holds a GPS position: an EXIF profile whose GPS
    directory has an entry, or XMP GPS fields."""
    parts = text[: 3 * MAX_RAW_PROFILE_BYTES].split()
    if len(parts) < 3:
        return False
    try:
        data = bytes.fromhex("".join(parts[2:])[: 2 * MAX_RAW_PROFILE_BYTES])
    except ValueError:
        return False
    if parts[0].lower() == "exif":
        return exif_has_gps(data[len(EXIF_START) :] if data.startswith(EXIF_START) else data)
    return b"GPSLatitude" in data or b"GPSLongitude" in data


def holds_video(data: bytes | mmap.mmap) -> bool:
    """Whether the image file ``data`` carries a video clip after its picture: a phone's motion photo (Samsung's,
    Google's and others': a JPEG or HEIF picture, then an MP4 file). Found by Samsung's marker, or by an MP4's
    first box (a size of 16 to 256 bytes, "ftyp", a brand of four letters) anywhere but at the file's own start,
    where a HEIF or AVIF file has its own."""
    if data.find(SAMSUNG_MOTION) >= 0:
        return True
    start = 0
    for _ in range(MAX_FTYP_LOOKS):
        at = data.find(FTYP, start)
        if at < 0:
            return False
        start = at + 1
        if at <= 4:
            continue  # the file's own first box (HEIF, AVIF), or no room for a size before it
        size = int.from_bytes(data[at - 4 : at], "big")
        brand = data[at + 4 : at + 8]
        if 16 <= size <= 256 and len(brand) == 4 and all(32 <= c < 127 for c in brand):
            return True
    return True  # a file with this many is not offered rather than looked through further


def file_holds_video(path: Path) -> bool:
    """``holds_video`` for the file ``path``, looked through in place (a poster file may be 100 MB)."""
    with path.open("rb") as file:
        if not os.fstat(file.fileno()).st_size:
            return False  # (nothing to map)
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return holds_video(data)

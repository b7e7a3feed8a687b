"""Small image files for tests, written with Pillow (and by hand where Pillow cannot write the format)."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageCms

# Quadrant colours of a test poster as it should be seen: top-left, top-right, bottom-left, bottom-right.
QUADRANTS = ((220, 30, 30), (30, 160, 30), (30, 60, 220), (240, 200, 20))
# Orientation tag value -> the Pillow transpose that turns the upright image into what the file stores.
STORED_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def write_jpeg(path: Path, size=(240, 340), colour=(200, 40, 40), **save) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG", quality=90, **save)
    return path


def write_png(path: Path, size=(240, 340), colour=(40, 120, 200), mode="RGB") -> Path:
    Image.new(mode, size, colour).save(path, "PNG")
    return path


def quadrant_image(size=(240, 340)) -> Image.Image:
    """An upright poster with four coloured quarters (see QUADRANTS)."""
    w, h = size
    im = Image.new("RGB", size)
    boxes = ((0, 0, w // 2, h // 2), (w // 2, 0, w, h // 2), (0, h // 2, w // 2, h), (w // 2, h // 2, w, h))
    for colour, box in zip(QUADRANTS, boxes):
        im.paste(colour, box)
    return im


def write_oriented_jpeg(path: Path, orientation: int, size=(240, 340)) -> Path:
    """A JPEG that shows ``quadrant_image(size)`` once its EXIF orientation is applied."""
    im = quadrant_image(size)
    if STORED_FOR_ORIENTATION[orientation] is not None:
        im = im.transpose(STORED_FOR_ORIENTATION[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, "JPEG", quality=95, exif=exif)
    return path


def write_jpeg_with_camera_metadata(path: Path, size=(240, 340)) -> Path:
    """A phone photo: EXIF with camera make/model, a GPS position and a comment."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x9286] = "secret comment"
    gps = {1: "S", 2: (6.0, 54.0, 0.0), 3: "E", 4: (107.0, 36.0, 0.0)}
    exif[0x8825] = gps
    Image.new("RGB", size, (90, 140, 60)).save(path, "JPEG", quality=90, exif=exif, comment=b"jpeg comment")
    return path


def gps_exif(orientation: int = 1) -> bytes:
    """A phone photo's EXIF block: the camera, and the GPS position where it was taken (a house in Jakarta)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    return exif.tobytes()


def vips_profile(name: str) -> bytes:
    """An ICC profile that libvips ships ("cmyk", "p3", "srgb")."""
    import pyvips

    return bytes(pyvips.Operation.call("profile_load", name))


def write_cmyk_jpeg(path: Path, cmyk=(0, 255, 255, 0), size=(240, 340), icc: bytes | None = None) -> Path:
    extra = {"icc_profile": icc} if icc else {}
    Image.new("CMYK", size, cmyk).save(path, "JPEG", quality=95, **extra)
    return path


def cmyk_to_srgb(cmyk, icc: bytes) -> tuple[int, int, int]:
    """What a colour-managed viewer shows for ``cmyk`` under the profile ``icc`` (relative colorimetric)."""
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    out = ImageCms.profileToProfile(
        Image.new("CMYK", (1, 1), cmyk),
        src,
        ImageCms.createProfile("sRGB"),
        outputMode="RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    return out.getpixel((0, 0))


def linear_srgb_profile() -> bytes:
    """LittleCMS's own sRGB profile with its tone curves made straight (gamma 1.0): sRGB's primaries and white in
    linear light, as GIMP's "Linear sRGB" and Krita's "sRGB-elle-V2-g10" are. Its name still says sRGB."""
    import struct

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    count = struct.unpack(">I", srgb[128:132])[0]
    tags = []
    for i in range(count):
        sig, offset, size = struct.unpack(">4sII", srgb[132 + 12 * i : 144 + 12 * i])
        linear = b"curv" + bytes(4) + struct.pack(">I", 0)  # a curve of no points: the identity
        tags.append((sig, linear if sig in (b"rTRC", b"gTRC", b"bTRC") else srgb[offset : offset + size]))
    table, body = b"", b""
    start = 132 + 12 * len(tags)
    for sig, data in tags:
        body += bytes(-len(body) % 4)
        table += struct.pack(">4sII", sig, start + len(body), len(data))
        body += data
    header = bytearray(srgb[:128])
    header[0:4] = struct.pack(">I", start + len(body))
    header[84:100] = bytes(16)  # the profile ID (an MD5 of the whole) no longer holds
    return bytes(header) + struct.pack(">I", len(tags)) + table + body


def srgb_of(values, icc: bytes) -> list[tuple[int, int, int]]:
    """What a colour-managed viewer shows for each RGB value of ``values`` in a file with profile ``icc``."""
    image = Image.frombytes("RGB", (len(values), 1), bytes(channel for value in values for channel in value))
    out = ImageCms.profileToProfile(
        image,
        ImageCms.ImageCmsProfile(io.BytesIO(icc)),
        ImageCms.createProfile("sRGB"),
        outputMode="RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    data = out.tobytes()
    return [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]


def write_patches(path: Path, values, icc: bytes | None, size=(240, 340), **save) -> Path:
    """A poster of ``values`` side by side in columns of equal width, with the profile ``icc`` embedded."""
    image = Image.new("RGB", size)
    width = size[0] // len(values)
    for i, value in enumerate(values):
        image.paste(value, (i * width, 0, (i + 1) * width, size[1]))
    image.save(path, icc_profile=icc, **save)
    return path


def write_p3_jpeg(path: Path, srgb=(200, 60, 40), size=(240, 340)) -> tuple[Path, tuple]:
    """A JPEG in Display P3 (as phones save them) showing ``srgb``; returns the path and the stored values."""
    p3 = vips_profile("p3")
    converted = ImageCms.profileToProfile(
        Image.new("RGB", size, srgb),
        ImageCms.createProfile("sRGB"),
        ImageCms.ImageCmsProfile(io.BytesIO(p3)),
        outputMode="RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    converted.save(path, "JPEG", quality=98, icc_profile=p3, subsampling=0)
    return path, converted.getpixel((0, 0))


def png_bytes(
    width: int, height: int, bit_depth: int, colour_type: int, rows: bytes | None = None, idat: bytes | None = None
) -> bytes:
    """A PNG written by hand (for 16-bit RGB, which Pillow cannot write, and for broken files)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    if idat is None:
        idat = zlib.compress(rows, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def write_png16_rgb(path: Path, rgb16=(30000, 45000, 65535), size=(120, 170)) -> Path:
    w, h = size
    row = b"\0" + struct.pack(">HHH", *rgb16) * w
    path.write_bytes(png_bytes(w, h, 16, 2, row * h))
    return path


def write_png16_grey(path: Path, value=30000, size=(120, 170)) -> Path:
    w, h = size
    Image.frombytes("I;16", size, struct.pack("<H", value) * (w * h)).save(path, "PNG")
    return path


def write_png_bomb(path: Path, width=30000, height=30000) -> Path:
    """A tiny PNG whose header claims a huge image (a 'decompression bomb')."""
    rows = (b"\0" + b"\xff" * width) * 4  # a few rows of data; the header claims far more
    path.write_bytes(png_bytes(width, height, 8, 0, rows))
    return path


def write_pdf(path: Path, colours=((200, 40, 40),), size=(420, 595)) -> Path:
    """A PDF with one page per colour (A-series proportions)."""
    pages = [Image.new("RGB", size, c) for c in colours]
    pages[0].save(path, "PDF", resolution=72.0, save_all=True, append_images=pages[1:])
    return path


def write_encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a password to open (standard security handler, unknown user password)."""
    o = os.urandom(32).hex()
    u = os.urandom(32).hex()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] >>",
        f"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <{o}> /U <{u}> >>".encode(),
    ]
    file_id = os.urandom(16).hex()
    path.write_bytes(_pdf_file(objects, f"/Encrypt 4 0 R /ID [<{file_id}> <{file_id}>]"))
    return path


def write_picture_pdf(
    path: Path,
    picture=(600, 850),
    page=(595, 842),
    *,
    cover=1.0,
    in_group=False,
    rotate=0,
    text="",
    text_mode=0,
    shapes=0,
    exif: bytes = b"",
) -> Path:
    """A one-page PDF, ``page`` points, holding a ``picture`` (pixels) as wide as ``cover`` of the page, as a phone
    prints a picture to PDF: drawn straight on the page, or (``in_group``) inside a group of objects (a form
    XObject) that places it at half the size times two; turned by ``rotate`` degrees (/Rotate); with ``text``
    written over it in 12 pt lines, visible (``text_mode`` 0) or invisible (3, a scan's text recognition); and
    ``shapes`` small filled shapes over it (words "converted to curves"). The picture is stored as a JPEG file,
    with the EXIF block ``exif`` (a phone photo's) if given."""
    pw, ph = page
    width = pw * cover
    height = width * picture[1] / picture[0]
    jpeg = io.BytesIO()
    Image.new("RGB", picture, (180, 60, 60)).save(jpeg, "JPEG", quality=60, exif=exif)
    place = f"q {width:.2f} 0 0 {height:.2f} 0 {ph - height:.2f} cm /Im0 Do Q"
    lines = [f"/F1 12 Tf 1 0 0 1 20 {ph - 20 - 14 * n:.2f} Tm ({line}) Tj" for n, line in enumerate(text.splitlines())]
    words = f"BT {text_mode} Tr " + " ".join(lines) + " ET" if lines else ""
    curves = " ".join(f"{20 + 6 * (n % 60)} {ph - 30 - 10 * (n // 60)} 4 6 re f" for n in range(shapes))
    content = ("q 2 0 0 2 0 0 cm /Fm0 Do Q" if in_group else place) + "\n" + words + "\n" + curves
    group = f"q {width / 2:.2f} 0 0 {height / 2:.2f} 0 {(ph - height) / 2:.2f} cm /Im0 Do Q".encode()
    path.write_bytes(
        _one_page_pdf(
            page,
            f"/Rotate {rotate}",
            "/XObject << /Im0 5 0 R /Fm0 6 0 R >> /Font << /F1 7 0 R >>",
            content.encode(),
            _stream(
                f"/Type /XObject /Subtype /Image /Width {picture[0]} /Height {picture[1]} /ColorSpace /DeviceRGB "
                "/BitsPerComponent 8 /Filter /DCTDecode".encode(),
                jpeg.getvalue(),
            ),
            _stream(
                f"/Type /XObject /Subtype /Form /BBox [0 0 {pw} {ph}] /Resources << /XObject << /Im0 5 0 R >> >>".encode(),
                group,
            ),
            HELVETICA,
        )
    )
    return path


def write_vector_pdf(path: Path, page=(595, 842)) -> Path:
    """A one-page PDF drawn from shapes and text alone, as a design program exports a poster: sharp at any size."""
    pw, ph = page
    lines = " ".join(
        f"1 0 0 1 30 {ph - 60 - 16 * n} Tm (Kolaborasi untuk pelatihan vokasi dan produktivitas) Tj" for n in range(45)
    )
    content = f"0.2 0.4 0.7 rg 0 {ph - 40} {pw} 40 re f 0 0 0 rg BT /F1 14 Tf {lines} ET".encode()
    path.write_bytes(_one_page_pdf(page, "", "/Font << /F1 5 0 R >>", content, HELVETICA))
    return path


def write_print_shop_pdf(path: Path, trim=(420, 595), margin=40, rotate=0, trim_box: str | None = None) -> Path:
    """A poster PDF as sent to a print shop: the poster (``trim`` points: blue, a yellow band across its top) on a
    page ``margin`` points larger on each side, its red background running 9 points past the trim (the bleed),
    crop marks and the printer's line of text outside; the TrimBox says where the paper is cut (``trim_box``
    instead, as written in the page dictionary)."""
    tw, th = trim
    pw, ph = tw + 2 * margin, th + 2 * margin
    bleed = 9
    marks = " ".join(
        f"{x} {y} m {x + dx} {y + dy} l S"
        for x, y, dx, dy in (
            (0, margin, margin - bleed, 0),
            (margin, 0, 0, margin - bleed),
            (pw, ph - margin, bleed - margin, 0),
            (pw - margin, ph, 0, bleed - margin),
        )
    )
    content = (
        f"1 0 0 rg {margin - bleed} {margin - bleed} {tw + 2 * bleed} {th + 2 * bleed} re f "
        f"0.1 0.3 0.8 rg {margin} {margin} {tw} {th} re f "
        f"1 0.9 0 rg {margin} {margin + th - 60} {tw} 60 re f "
        f"0 0 0 RG 0.5 w {marks} "
        f"0 0 0 rg BT /F1 6 Tf 1 0 0 1 {margin} 8 Tm (poster_final.pdf 12/08/2024 14:03 Page 1 CMYK) Tj ET"
    ).encode()
    box = trim_box if trim_box is not None else f"/TrimBox [{margin} {margin} {margin + tw} {margin + th}]"
    path.write_bytes(_one_page_pdf((pw, ph), f"{box} /Rotate {rotate}", "/Font << /F1 5 0 R >>", content, HELVETICA))
    return path


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page_pdf(page, entries: str, resources: str, content: bytes, *others: bytes) -> bytes:
    """A PDF file of one ``page`` (width and height in points, more ``entries`` in its dictionary) drawn by
    ``content``, with ``resources`` naming ``others``, objects 5 and on."""
    pw, ph = page
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw} {ph}] {entries} /Contents 4 0 R "
        f"/Resources << {resources} >> >>".encode(),
        _stream(b"", content),
        *others,
    ]
    return _pdf_file(objects)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf_file(objects: list[bytes], trailer: str = "") -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the first the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def distance(a, b) -> float:
    """Euclidean distance between two RGB colours."""
    return sum((x - y) ** 2 for x, y in zip(a[:3], b[:3])) ** 0.5


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_box(kind: bytes, version: int, payload: bytes) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + payload)


def write_hevc_heic(path: Path, size=(640, 480)) -> Path:
    """A HEIC photo as iPhones save it: one image item coded with HEVC (H.265), in the HEIF container.

    The container is complete (libvips reads its size); the picture is stand-in bytes, which makes no
    difference here: the libvips installed from PyPI has no HEVC decoder, and says so for any HEIC photo.
    """
    width, height = size
    hvcc = _box(
        b"hvcC",
        bytes([1, 0x01])
        + bytes.fromhex("60000000")
        + bytes.fromhex("900000000000")
        + bytes([0x5D])
        + bytes.fromhex("f000fcfdf8f80000")
        + bytes([0x0F, 0]),
    )  # Main profile, no parameter sets
    ispe = _full_box(b"ispe", 0, struct.pack(">II", width, height))
    iprp = _box(b"iprp", _box(b"ipco", hvcc + ispe) + _full_box(b"ipma", 0, struct.pack(">IHB", 1, 1, 2) + b"\x81\x02"))
    head = _full_box(b"hdlr", 0, b"\0\0\0\0pict" + b"\0" * 13) + _full_box(b"pitm", 0, struct.pack(">H", 1))
    iinf = _full_box(b"iinf", 0, struct.pack(">H", 1) + _full_box(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1\0"))
    picture = bytes(range(256)) * 8

    def meta(offset: int) -> bytes:
        iloc = _full_box(b"iloc", 0, b"\x44\x00" + struct.pack(">HHHHII", 1, 1, 0, 1, offset, len(picture)))
        return _full_box(b"meta", 0, head + iloc + iinf + iprp)

    ftyp = _box(b"ftyp", b"heic" + bytes(4) + b"mif1heic")
    offset = len(ftyp) + len(meta(0)) + 8
    path.write_bytes(ftyp + meta(offset) + _box(b"mdat", picture))
    return path


def motion_clip() -> bytes:
    """A motion photo's video as phones store it after the picture: an MP4 file (its ftyp box, brand mp42, then
    the media, stand-in bytes here)."""
    return _box(b"ftyp", b"mp42" + bytes(4) + b"isommp42") + _box(b"mdat", bytes(range(256)) * 16)


MOTION_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" GCamera:MotionPhoto="1" '
    b'GCamera:MotionPhotoVersion="1"/></rdf:RDF></x:xmpmeta>'
)


def write_motion_photo(path: Path, maker: str = "google", size=(240, 340)) -> Path:
    """A phone's motion photo: a JPEG, then a few seconds of video in the same file. Google's way names the clip in
    the picture's XMP and puts it straight after the picture; Samsung's puts its marker before the clip and a
    directory of what it added at the end."""
    picture = io.BytesIO()
    quadrant_image(size).save(picture, "JPEG", quality=90, **({"xmp": MOTION_XMP} if maker == "google" else {}))
    if maker == "google":
        path.write_bytes(picture.getvalue() + motion_clip())
    else:
        # Samsung's trailer (as ExifTool reads it): blocks of (type, name, data), then their directory ("SEFH",
        # each block's type, distance back from the directory and length), its length and "SEFT".
        name = b"MotionPhoto_Data"
        block = struct.pack("<HHI", 0, 0x0A30, len(name)) + name + motion_clip()
        directory = b"SEFH" + struct.pack("<II", 101, 1) + struct.pack("<HHII", 0, 0x0A30, len(block), len(block))
        path.write_bytes(picture.getvalue() + block + directory + struct.pack("<I", len(directory)) + b"SEFT")
    return path


def write_avif(path: Path, size=(240, 340), colour=(30, 90, 160)) -> Path:
    """An AVIF image (AV1 in the HEIF container), as libvips writes it."""
    import pyvips

    image = (pyvips.Image.black(*size, bands=3) + list(colour)).cast("uchar").copy(interpretation="srgb")
    path.write_bytes(image.heifsave_buffer(compression="av1", Q=95))
    return path

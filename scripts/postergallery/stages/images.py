"""Poster images: open any accepted poster file, make it upright 8-bit sRGB, and make the renditions.

Pure functions: a path and plain settings in, encoded image bytes and a
small description out; nothing here writes files (``cache.py`` does).

The pixel work is done by libvips (through pyvips) rather than Pillow,
because on the same posters it resizes several times faster with the same
Lanczos filter, streams large images in strips instead of holding them
whole (a 200-megapixel PNG stays well under the memory limit), and converts
colours through real ICC profiles, including a CMYK fallback profile for
print files that carry none. Measured in BENCHMARKS.md. PDF posters are
rendered by PDFium (pypdfium2), then go the same way.

How the renditions are made, cheapest first:

* one decode per poster, straight to the zoom size: JPEGs are decoded at
  the smallest n/8 scale that is still at least ``zoom_min`` wide (an A3 at
  300 dpi at 6/8, 2631 px; an A2 at half size, 2481 px), with no resizing
  at all; a source already between ``zoom_min`` and ``zoom_max`` wide is
  not resized;
* every smaller rendition is resized from the previous one (zoom -> display
  -> thumb2x -> thumb -> social card), never from
  the full-size source;
* the zoom rendition is a baseline JPEG: it is large and only fetched when a
  visitor zooms, and WebP costs about eight times as much to encode at that
  size for a 45 % smaller file. Display and thumbnails are WebP, encoded by
  Pillow (see ``_webp``).
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postergallery.i18n import N_
from postergallery.model import read_as_pdf
from postergallery.stages.location import file_holds_video, pdf_records_location, raw_profile_records_location
from postergallery.stages.pdfpage import CPU_SECONDS, MEMORY_LIMIT, PdfRefused, draw_first_page

PIPELINE_VERSION = 4  # bump when the output of the same input and settings changes (4: print-shop
# PDFs cut to their TrimBox, colour profiles other than sRGB under an sRGB name converted)
KINDS = ("zoom", "display", "thumb2x", "thumb", "mini", "social")
# What each rendition is resized from ("source": the decoded poster at zoom size).
# The social card is filled with the average colour of thumb, which is also the placeholder colour.
DERIVED_FROM = {
    "zoom": "source",
    "display": "zoom",
    "thumb2x": "display",
    "thumb": "thumb2x",
    "mini": "thumb",
    "social": "thumb",
}
MIME = {"jpg": "image/jpeg", "webp": "image/webp"}
# Loaders (libvips names) of the formats the gallery accepts, by what people call them.
# (A HEIF file is called AVIF when it is named or branded so: see _heif_format.)
ACCEPTED_LOADERS = {"jpegload": "JPEG", "pngload": "PNG", "webpload": "WebP", "heifload": "HEIC"}
# Loaders whose files are decoded at a reduced scale: libjpeg-turbo's n/8 (n = 1..8) for JPEG.
SCALED_DECODE = ("jpegload",)
# The only libvips loaders allowed to read a poster file (class names; each covers its file, buffer and
# source variants). libvips would otherwise parse whatever a file really is (SVG, TIFF, CSV, its own
# format...) before the gallery refuses it: code the gallery has no use for, run on untrusted files.
ALLOWED_LOADER_CLASSES = ("VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif")
# The images the gallery takes, by their first bytes, with the ending to give a file named otherwise (.pdf).
IMAGE_FORMATS = ((b"\xff\xd8\xff", "JPG", ".jpg"), (b"\x89PNG\r\n\x1a\n", "PNG", ".png"))
# Formats the gallery does not take, recognised by their first bytes to say what a refused file is.
OTHER_FORMATS = ((b"GIF8", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"), (b"8BPS", "PSD"))
# A real image, however plain, needs more than one byte per thousand pixels.
BOMB_BYTES_PER_PIXEL = 1 / 1000
# Posters, banners and roll-ups stay well within 1:10. A sliver of an image (1 × 50,000,000 pixels is
# within the pixel limit) costs a decode of every one of its rows for nothing anyone can look at, so
# proportions beyond 1:100 are refused, for images and PDF pages alike.
MAX_ASPECT = 100


@dataclass(frozen=True)
class RenditionSettings:
    """What to make from each poster. Each rendition's cache key uses only the settings it depends on."""

    thumb_width: int = 400
    # The vote list's picture beside each title: 3.5rem, 70 CSS px on a phone, sharp up to about 3 device
    # pixels per CSS pixel, for about a third of the thumbnail's bytes on the page a whole room opens at once.
    mini_width: int = 200
    display_width: int = 1600
    zoom_min: int = 2400  # a source between zoom_min and zoom_max wide is used as is for zoom
    zoom_max: int = 3200
    zoom_width: int = 2560  # what a wider source is resized to (and what PDF pages are rendered at)
    social_size: tuple[int, int] = (1200, 630)
    webp_quality: int = 80
    webp_effort: int = 2  # libwebp "method" 0-6: 2 is as small as 4 within 2 % and twice as fast
    jpeg_quality: int = 82
    max_pixels: int = 200_000_000

    def rendition_keys(self) -> dict[str, str]:
        """A digest per rendition kind of everything that decides its bytes (settings it depends on)."""
        pixels = {"source": {"pipeline": PIPELINE_VERSION, "zoom": [self.zoom_min, self.zoom_max, self.zoom_width]}}
        own: dict[str, dict[str, object]] = {
            "zoom": {},
            "display": {"width": self.display_width},
            "thumb2x": {"width": self.thumb_width * 2},
            "thumb": {"width": self.thumb_width},
            "mini": {"width": self.mini_width},
            "social": {"size": list(self.social_size)},
        }
        for kind in KINDS:  # in derivation order
            pixels[kind] = {"from": pixels[DERIVED_FROM[kind]], **own[kind]}
        encoding = {"zoom": ["jpg", self.jpeg_quality], "social": ["jpg", self.jpeg_quality]}
        keys = {}
        for kind in KINDS:
            spec = {
                "kind": kind,
                "pixels": pixels[kind],
                "encoding": encoding.get(kind, ["webp", self.webp_quality, self.webp_effort]),
            }
            keys[kind] = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]
        return keys


@dataclass(frozen=True)
class SourceInfo:
    """What the poster file is: its format, its size in pixels (for a PDF: page 1 as rendered), its pages.

    The cache's manifest keeps it under these names (``dataclasses.asdict``).
    """

    format: str  # what people call it: "JPEG", "PNG", "WebP", "AVIF", "HEIC", "PDF"
    source_width: int
    source_height: int
    pages: int = 1
    # The file records where it was made: a phone photo's GPS position, or a motion photo's video (location.py).
    location: bool = True
    text: str = ""  # a PDF's text layer, page 1 in reading order (stages/pdftext.py); "" for images
    # A PDF whose page is a picture of the poster: that picture's width and height in pixels
    # (stages/pdfpage.py picture_size); None for images and for pages drawn from text and shapes.
    picture: tuple[int, int] | None = None


@dataclass(frozen=True)
class Encoded:
    """One rendition as made: its size and type, and its bytes (empty once written to the cache)."""

    width: int
    height: int
    ext: str  # "jpg" or "webp"
    mime: str
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Renditions:
    """What ``make_renditions`` made of a poster file."""

    info: SourceInfo
    placeholder: str  # "#rrggbb": the thumbnail's average colour
    renditions: dict[str, Encoded]  # kind -> rendition, in the order of the kinds asked for


class PosterImageError(Exception):
    """The poster file cannot be used; the message (an English template) says why in plain words.

    ``lasting`` is False for failures that may go away by themselves (not
    enough memory), which are therefore not remembered in the cache.
    """

    def __init__(self, message: str, lasting: bool = True, **params: Any):
        super().__init__(message.format(**params) if params else message)
        self.template = message
        self.params = params
        self.lasting = lasting


# ------------------------------------------------------------------ opening ---


def _vips():
    """pyvips, imported on first use (a build with nothing to do never loads libvips)."""
    import pyvips

    # The operation cache keys files by name: under `mkdocs serve` a poster
    # replaced under the same name could come back from it. Renditions are
    # cached by content in cache.py instead.
    pyvips.cache_set_max(0)
    pyvips.operation_block_set("VipsForeignLoad", True)
    for name in ALLOWED_LOADER_CLASSES:
        pyvips.operation_block_set(name, False)
    return pyvips


def open_poster(path: Path, settings: RenditionSettings, *, threads: int = 1):
    """Decode ``path`` once into an upright 8-bit sRGB vips image at zoom size; return ``(image, info)``.

    RGB and grey JPEGs are decoded by libjpeg-turbo straight to (about) the
    zoom size; other files are read in strips (sequential access), with
    transparency flattened on white and the image shrunk to the zoom width
    before anything is held in memory whole. Rotation (EXIF orientation) and
    colour conversion then work on the smaller image.
    """
    if read_as_pdf(path):
        return _render_pdf(path, settings)
    pyvips = _vips()
    pyvips.concurrency_set(max(1, threads))
    head = _header(path)
    loader = head.get("vips-loader")
    _check_pixels(path, head.width, head.height, settings)
    turned = _turned(head)
    width, height = _upright_size(head)
    target = zoom_source_width(width, loader in SCALED_DECODE, settings)
    # Never decode taller than a rendition can be (WebP's limit): a tall poster is shrunk while it is
    # read, instead of being held whole first.
    target = max(1, min(target, width * WEBP_MAX_SIDE // height))
    try:
        scaled = _decode_jpeg_scaled(path, head, target, turned) if loader in SCALED_DECODE else None
        if loader == "jpegload" and not _simplejpeg_decodes(head):
            _check_jpeg_data(path)  # libvips decodes it, and would take damaged image data without a word
        image = scaled if scaled is not None else _decode_in_strips(path, loader, width, target)
        loaded_width = image.height if turned else image.width
        if loaded_width > target:
            image = image.resize(target / loaded_width)  # Lanczos 3
        if image is not scaled:  # (a scaled decode is in memory already)
            image = image.copy_memory()  # the one decode happens here
        if _orientation(image) > 1:
            image = image.autorot().copy_memory()
        image = _to_srgb8(image)
    except pyvips.Error as exc:
        raise _decode_error(path, loader, exc) from None
    kind = _heif_format(path) if loader == "heifload" else ACCEPTED_LOADERS[loader]
    location = records_location(head) or file_holds_video(path)
    return image, SourceInfo(kind, width, height, location=location)


def _decode_in_strips(path: Path, loader: str, width: int, target: int):
    """The poster as libvips reads it, in strips: a JPEG at 1/2, 1/4 or 1/8 scale where that is still at least
    ``target`` wide, transparency flattened on white; lazy (nothing is decoded until the pixels are used)."""
    pyvips = _vips()
    options = {}
    if loader == "jpegload":
        shrink = next((f for f in (8, 4, 2) if width // f >= target), 1)
        if shrink > 1:
            options["shrink"] = shrink  # libjpeg decodes at 1/shrink scale: far less work
    image = pyvips.Image.new_from_file(str(path), access="sequential", fail_on="truncated", **options)
    return _flatten(image)


def _simplejpeg_decodes(head) -> bool:
    """Whether ``_decode_jpeg_scaled`` decodes this JPEG (RGB or grey, 8 bits), rather than libvips."""
    return head.interpretation in ("srgb", "b-w") and head.bands in (1, 3) and head.format == "uchar"


def _decode_jpeg_scaled(path: Path, head, target: int, turned: bool):
    """An RGB or grey JPEG decoded by libjpeg-turbo at the smallest n/8 scale (n = 1..8) that is at least
    ``target`` wide upright; None when the file needs libvips' own decoder (CMYK, or anything else
    libjpeg-turbo reports: libvips then decides, and its messages say what is wrong). Image data that
    libjpeg-turbo reports damaged (``JPEG_DAMAGE``) is refused here: libvips would take it.

    Scaling inside the decoder (a smaller inverse DCT) costs less than decoding at full size, and the
    result is already the zoom size: for an A3 poster at 300 dpi, 3508 px wide decoded at 6/8 is 2631 px,
    where libvips could only decode at full size (1/2 would be too small) and then resize, which together
    cost about twice as much. Measured in BENCHMARKS.md.
    """
    if not _simplejpeg_decodes(head):
        return None
    import simplejpeg

    try:
        data = path.read_bytes()
        pixels = simplejpeg.decode_jpeg(
            data, colorspace="GRAY" if head.bands == 1 else "RGB", **{"min_height" if turned else "min_width": target}
        )
    except (ValueError, OSError) as exc:
        if _damaged_jpeg_data(str(exc)):
            raise _decode_error(path, "jpegload", exc) from None
        return None
    del data
    height, width = pixels.shape[:2]
    bands = 1 if pixels.ndim == 2 else pixels.shape[2]
    image = _vips().Image.new_from_memory(pixels, width, height, bands, "uchar")
    image = image.copy(interpretation="b-w" if bands == 1 else "srgb")
    # What the rest of the way needs from the file's header: its colour profile and which way is up.
    for name in ("icc-profile-data", "orientation"):
        if head.get_typeof(name):
            image.set_type(head.get_typeof(name), name, head.get(name))
    return image


# libjpeg-turbo's warnings (jerror.h, JWRN_*) that mean the compressed image data itself is damaged: bytes
# lost, flipped or overwritten in the middle of the file (a bad USB stick or memory card, a broken transfer).
# libjpeg only warns, and fills what it cannot decode with grey and smeared blocks, which libvips publishes
# (its fail_on="truncated" ignores warnings, and at a reduced scale it does not always see them). Its other
# warnings come from intact pictures that cameras and programs write every day (stray bytes between markers,
# an unknown JFIF version or Adobe colour code, a bad ICC marker) and still let libvips decide; "Premature end
# of JPEG file" is a file cut short (_looks_truncated). libjpeg stops at its first warning in strict mode, so
# a file whose first warning is a harmless one is read as before, whatever follows.
JPEG_DAMAGE = (
    "corrupt jpeg data: premature end of data segment",  # JWRN_HIT_MARKER: the data stops before the image
    "corrupt jpeg data: bad huffman code",  # JWRN_HUFF_BAD_CODE: bits no code of the file's tables begins with
    "corrupt jpeg data: bad arithmetic code",  # JWRN_ARITH_BAD_CODE: the same, for arithmetic coding
    "instead of rst",  # JWRN_MUST_RESYNC: a restart marker missing or out of order, so data was lost
    # Errors, not warnings, that libvips meets only if it reads on after the picture (it does not always):
    "unsupported marker type",  # JERR_UNKNOWN_MARKER: a byte flipped to 0xff in the data makes a bogus marker
    "dct coefficient out of range",  # JERR_BAD_DCT_COEF: progressive data decoded into impossible values
)
# JWRN_EXTRANEOUS_DATA before the end of the image (0xd9) or a restart marker (0xd0-0xd7), the markers that
# follow image data: the decoder had the whole image and data was left over. Damage that puts it out of step
# leaves thousands of bytes (a picture of fine detail, where lost data rarely stops it early); an encoder's
# slack is a byte or two (some cameras and webcams write "1 extraneous bytes before marker 0xd9").
JPEG_LEFTOVER = re.compile(r"corrupt jpeg data: (\d+) extraneous bytes before marker 0xd[0-79]")
JPEG_LEFTOVER_BYTES = 256


def _damaged_jpeg_data(detail: str) -> bool:
    """Whether a decoder's message is libjpeg-turbo's saying the compressed image data is damaged."""
    detail = detail.lower()
    leftover = JPEG_LEFTOVER.search(detail)
    return any(warning in detail for warning in JPEG_DAMAGE) or (
        leftover is not None and int(leftover.group(1)) >= JPEG_LEFTOVER_BYTES
    )


def _check_jpeg_data(path: Path) -> bool:
    """Decode the JPEG ``path`` strictly at 1/8 scale (all of its compressed data, little of the rest); raise the
    damaged-file error when libjpeg-turbo says its image data is damaged (``JPEG_DAMAGE``).

    Returns whether it decoded without a word; False when libjpeg-turbo said anything else (a file cut short,
    a harmless warning, a kind of JPEG it cannot decode here): libvips then decides, as it did before.
    """
    import simplejpeg

    try:
        data = path.read_bytes()
        colour = simplejpeg.decode_jpeg_header(data)[2]
        # Grey output decodes every component's data but transforms only the first; CMYK cannot be made grey.
        simplejpeg.decode_jpeg(
            data, colorspace="CMYK" if colour in ("CMYK", "YCCK") else "GRAY", min_width=1, min_height=1
        )
    except (ValueError, OSError) as exc:
        if _damaged_jpeg_data(str(exc)):
            raise _decode_error(path, "jpegload", exc) from None
        return False
    return True


def _flatten(image):
    """Transparency composited on white (before resizing, so no dark fringes appear)."""
    if not image.hasalpha():
        return image
    white = 65535 if image.format == "ushort" else 255
    return image.flatten(background=[white] * (image.bands - 1), max_alpha=white)


def _to_srgb8(image):
    """3-band 8-bit sRGB: CMYK and embedded ICC profiles converted, grey and 16-bit scaled (not clipped)."""
    pyvips = _vips()
    icc = bytes(image.get("icc-profile-data")) if image.get_typeof("icc-profile-data") else None
    converted = None
    if image.interpretation == "cmyk" or (icc and not _is_srgb(icc)):
        try:
            # A CMYK file without a profile gets libvips' standard press profile.
            converted = image.icc_transform(
                "srgb",
                input_profile="cmyk" if image.interpretation == "cmyk" else "srgb",
                embedded=True,
                intent="relative",
            ).copy_memory()
        except pyvips.Error:
            converted = None  # an unusable embedded profile: use the numbers as they are
    if converted is not None:
        image = converted
    ready = image.interpretation == "srgb" and image.format == "uchar" and image.bands == 3
    if ready:
        return image  # nothing to convert: no copy of the pixels
    if image.interpretation != "srgb" or image.format != "uchar":
        image = image.colourspace("srgb")
    if image.bands > 3:
        image = image[0:3]
    if image.format != "uchar":
        image = image.cast("uchar")
    return image.copy(interpretation="srgb").copy_memory()


# Colours whose numbers an sRGB profile leaves as they are: black, white, the primaries and secondaries, and
# greys across the range, where a profile with another tone curve ("GIMP built-in Linear sRGB", esRGB, scRGB:
# sRGB primaries, other curves) differs most.
SRGB_PROBES = (
    (0, 0, 0),
    (255, 255, 255),
    (255, 0, 0),
    (0, 255, 0),
    (0, 0, 255),
    (0, 255, 255),
    (255, 0, 255),
    (255, 255, 0),
    *((grey, grey, grey) for grey in (32, 64, 128, 192, 224)),
)
# How far (in 0-255 levels) a probe colour may come back and the profile still count as sRGB: copies of sRGB
# differ from LittleCMS's own in how their curves are stored (a 1024-entry table, a formula) and round a
# level apart here and there, which no one can see; any other curve moves the mid greys by tens of levels.
SRGB_TOLERANCE = 1
_srgb_verdicts: dict[bytes, bool] = {}  # profile digest -> _is_srgb (posters of one event share profiles)


def _is_srgb(icc: bytes) -> bool:
    """Whether an embedded profile is (a copy of) sRGB, so converting would change nothing.

    Decided by what the profile does, never by its name: every ``SRGB_PROBES`` colour, converted from the
    profile to sRGB by LittleCMS (as libvips would convert the poster), comes back within ``SRGB_TOLERANCE``.
    A profile LittleCMS cannot read is not sRGB (libvips then tries, and keeps the numbers if it fails too).
    """
    key = hashlib.sha256(icc).digest()
    if key not in _srgb_verdicts:
        if len(_srgb_verdicts) >= 64:  # a bound, should a build meet many profiles
            _srgb_verdicts.clear()
        _srgb_verdicts[key] = _converts_as_srgb(icc)
    return _srgb_verdicts[key]


def _converts_as_srgb(icc: bytes) -> bool:
    import io

    from PIL import Image, ImageCms

    sent = bytes(channel for colour in SRGB_PROBES for channel in colour)
    probes = Image.frombytes("RGB", (len(SRGB_PROBES), 1), sent)
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if profile.profile.xcolor_space.strip() != "RGB":  # a grey or CMYK profile: converted
            return False
        transform = ImageCms.buildTransform(
            profile,
            ImageCms.createProfile("sRGB"),
            "RGB",
            "RGB",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        )
        back = transform.apply(probes).tobytes()
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError):
        return False
    return all(abs(got - value) <= SRGB_TOLERANCE for value, got in zip(sent, back, strict=True))


def _header(path: Path):
    """The file's header, read lazily; bad files become a PosterImageError."""
    pyvips = _vips()
    try:
        head = pyvips.Image.new_from_file(str(path), fail_on="truncated")
        loader = head.get("vips-loader")
    except pyvips.Error as exc:
        raise _unreadable(path, exc) from None
    if loader not in ACCEPTED_LOADERS:
        raise _other_format(path, loader.removesuffix("load").removesuffix("_source").upper())
    return head


def _heif_format(path: Path) -> str:
    """What people call a file libvips reads as HEIF: AVIF or HEIC, by its name, else by its brand."""
    suffix = path.suffix.lower()
    if suffix in (".avif", ".heic", ".heif"):
        return "AVIF" if suffix == ".avif" else "HEIC"
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return "HEIC"
    return "AVIF" if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis") else "HEIC"


def _other_format(path: Path, kind: str) -> PosterImageError:
    return PosterImageError(
        N_(
            "'{name}' is a {kind} image, which the gallery does not take. Export the poster "
            "again as a JPG, PNG, WebP, AVIF or PDF file."
        ),
        name=path.name,
        kind=kind,
    )


def records_location(head) -> bool:
    """Whether an image file records where it was made: EXIF GPS fields, GPS in its XMP, or either in a PNG's raw
    profile text.

    Phones write the place a photo was taken into it. The renditions keep no metadata; this says
    whether the original file may be offered for download as it is (see build.py).
    """
    fields = head.get_fields()
    if any(name.startswith("exif-ifd3-") for name in fields):  # IFD3 is the GPS directory
        return True
    raw_profiles = (name for name in fields if name.startswith("png-comment-") and "raw profile type" in name.lower())
    if any(raw_profile_records_location(str(head.get(name))) for name in raw_profiles):
        return True  # a PNG converted by ImageMagick: the photo's EXIF or XMP as "Raw profile" text
    xmp = bytes(head.get("xmp-data")) if "xmp-data" in fields else b""
    return b"GPSLatitude" in xmp or b"GPSLongitude" in xmp


def _turned(head) -> bool:
    """Whether the image is stored sideways, with the EXIF tag that turns it upright (a phone photo)."""
    return _orientation(head) in (5, 6, 7, 8)


def _upright_size(head) -> tuple[int, int]:
    """Width and height as the poster is shown (see ``_turned``)."""
    return (head.height, head.width) if _turned(head) else (head.width, head.height)


def _orientation(head) -> int:
    try:
        return int(head.get("orientation")) if head.get_typeof("orientation") else 1
    except (ValueError, TypeError):
        return 1


def _check_pixels(path: Path, width: int, height: int, settings: RenditionSettings) -> None:
    _check_aspect(path, width, height)
    pixels = width * height
    if pixels <= settings.max_pixels:
        return
    size = path.stat().st_size
    params: dict[str, Any] = {
        "name": path.name,
        "width": width,
        "height": height,
        "mp": round(pixels / 1e6),
        "limit": round(settings.max_pixels / 1e6),
    }
    if size < pixels * BOMB_BYTES_PER_PIXEL:
        raise PosterImageError(
            N_(
                "'{name}' claims to be {width} × {height} pixels ({mp} megapixels) in a file of "
                "only {kb} KB: no real poster is like that. The file is damaged or made to "
                "crash image programs; export the poster again from the original design."
            ),
            kb=max(1, round(size / 1000)),
            **params,
        )
    raise PosterImageError(
        N_(
            "'{name}' is {width} × {height} pixels ({mp} megapixels), more than the limit of "
            "{limit} megapixels. Export it smaller: about 7000 pixels on the long side is "
            "plenty for reading the poster on a screen."
        ),
        **params,
    )


def _check_aspect(path: Path, width: float, height: float) -> None:
    problem = _aspect_problem(path, width, height)
    if problem is not None:
        raise problem


def _aspect_problem(path: Path, width: float, height: float) -> PosterImageError | None:
    """Why a poster of ``width`` × ``height`` cannot be one, or None."""
    if max(width, height) > MAX_ASPECT * min(width, height):
        return PosterImageError(
            N_(
                "'{name}' is {width} × {height} in size: its long side is more than {limit} times "
                "its short side, which no poster is. Export the whole poster as one page, in its "
                "real proportions."
            ),
            name=path.name,
            width=round(width),
            height=round(height),
            limit=MAX_ASPECT,
        )
    return None


def zoom_source_width(width: int, scaled_decode: bool, settings: RenditionSettings) -> int:
    """How wide the decoded poster (the zoom rendition) is, from the upright source width.

    Never wider than the source; no resize at all when the width is already
    within ``zoom_min``..``zoom_max``; otherwise, for formats decoded at a
    reduced scale, the smallest n/8 scale still at least ``zoom_min`` wide
    (libjpeg rounds scaled sizes up); else ``zoom_width``.
    """
    if width <= settings.zoom_max:
        return width
    if scaled_decode:
        for eighths in range(1, 8):
            reduced = -(-width * eighths // 8)
            if settings.zoom_min <= reduced <= settings.zoom_max:
                return reduced
    return settings.zoom_width


def _unreadable(path: Path, exc) -> PosterImageError:
    """The file is not an image the loaders recognise: say what it is instead, where that is clear."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        head = b""
    if not head:
        return PosterImageError(N_("'{name}' is empty (0 bytes); upload the poster file again."), name=path.name)
    if head.startswith(b"%PDF"):
        return PosterImageError(N_("'{name}' is really a PDF file; rename it to end in .pdf."), name=path.name)
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"):
        return _decode_error(path, "heifload", exc)
    for magic, kind in OTHER_FORMATS:
        if head.startswith(magic):
            return _other_format(path, kind)
    if _is_text(head) and b"<svg" in head.lower():
        return _other_format(path, "SVG")
    if _is_text(head):
        return _text_file(path, head)
    if "out of memory" in str(exc).lower():
        return _memory_error(path)
    return PosterImageError(
        N_(
            "'{name}' is not an image the gallery can read, whatever its name says. Export "
            "the poster again as a JPG, PNG, WebP, AVIF or PDF file."
        ),
        name=path.name,
    )


def _text_file(path: Path, head: bytes) -> PosterImageError:
    first = head.decode("utf-8", "replace").strip().splitlines()[0][:40]
    return PosterImageError(
        N_(
            "'{name}' is a text file, not an image (it begins with \"{start}\"); perhaps a "
            "web page or a link was saved instead of the poster. Save the poster file "
            "itself and add it again."
        ),
        name=path.name,
        start=first,
    )


def _is_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            return False
        text = head[: exc.start].decode("utf-8")
    return bool(text.strip()) and all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _decode_error(path: Path, loader: str, exc) -> PosterImageError:
    detail = str(exc).lower()
    if "out of memory" in detail:
        return _memory_error(path)
    if loader == "heifload" and _heif_format(path) == "AVIF":
        return PosterImageError(
            N_(
                "'{name}' is an AVIF image that the gallery cannot read here: the image "
                "library this build uses has no AVIF decoder, or the file is damaged. Export "
                "the poster as a JPG or PNG file and add it again."
            ),
            name=path.name,
        )
    if loader == "heifload":
        # libvips as installed from PyPI reads AV1 (AVIF) HEIF files but not HEVC ones, which is
        # what most phones save.
        return PosterImageError(
            N_(
                "'{name}' is a HEIC photo that the gallery cannot read. Set the phone's camera "
                "to save 'Most Compatible' (JPG) pictures, or export the photo as a JPG, and "
                "add it again."
            ),
            name=path.name,
        )
    truncated = _looks_truncated(path, loader)
    if not truncated and _damaged_jpeg_data(detail):  # "premature end of data segment" is damage, not an end
        return _damaged(path)
    if truncated or "premature end" in detail or "truncated" in detail:
        return PosterImageError(
            N_(
                "'{name}' is incomplete: the file ends before the image does, probably "
                "because an upload or a copy was interrupted. Upload the poster file again."
            ),
            name=path.name,
        )
    return _damaged(path)


def _damaged(path: Path) -> PosterImageError:
    return PosterImageError(
        N_(
            "'{name}' is damaged: part of its image data cannot be decoded. Export the poster "
            "again from the original design and upload the new file."
        ),
        name=path.name,
    )


def _looks_truncated(path: Path, loader: str) -> bool:
    """Whether the file lacks the end marker its format requires."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError:
        return False
    if loader == "jpegload":
        return b"\xff\xd9" not in tail
    if loader == "pngload":
        return b"IEND" not in tail[-16:]
    return False


def _memory_error(path: Path) -> PosterImageError:
    return PosterImageError(
        N_(
            "there was not enough memory to process '{name}'; close other programs and build "
            "again, or export the poster with fewer pixels."
        ),
        lasting=False,
        name=path.name,
    )


# --------------------------------------------------------------------- PDF ---


def _not_a_pdf(path: Path) -> PosterImageError:
    """Why a file named .pdf cannot be opened: what it really is, where its first bytes say (a JPG or PNG named
    .pdf, as a file saved under the wrong name is), else a damaged PDF."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        head = b""
    if not head.startswith(b"%PDF"):
        if head.startswith(b"PK\x03\x04"):  # what Word, PowerPoint and zip archives are made of
            return PosterImageError(
                N_(
                    "'{name}' is not a PDF but a Word or PowerPoint file, or a zip archive, under a PDF's name. "
                    "Open it in its program and save it as a PDF (File > Save As > PDF), or take the poster file "
                    "out of the archive."
                ),
                name=path.name,
            )
        if _is_text(head):  # a web page saved under the poster's name: a download link that had expired
            return _text_file(path, head)
        for magic, kind, suffix in IMAGE_FORMATS:
            if head.startswith(magic):
                return PosterImageError(
                    N_("'{name}' is really a {kind} image, not a PDF; rename it to end in {suffix}."),
                    name=path.name,
                    kind=kind,
                    suffix=suffix,
                )
        for magic, kind in OTHER_FORMATS:
            if head.startswith(magic):
                return _other_format(path, kind)
    return PosterImageError(
        N_(
            "'{name}' is not a readable PDF: it is damaged or incomplete. Export the PDF again and upload the new file."
        ),
        name=path.name,
    )


def _render_pdf(path: Path, settings: RenditionSettings):
    """Page 1 of a PDF, rendered on white at the zoom width (the original PDF is offered for download), in a
    process of its own with bounded memory and time (stages/pdfpage.py)."""
    pyvips = _vips()
    try:
        page = draw_first_page(path, settings.zoom_width, settings.max_pixels, WEBP_MAX_SIDE)
    except PdfRefused as refused:
        raise _pdf_refusal(path, refused) from None
    image = pyvips.Image.new_from_memory(page.rgb, page.width, page.height, 3, "uchar")
    image = image.copy(interpretation="srgb").copy_memory()
    location = pdf_records_location(path.read_bytes())
    info = SourceInfo(
        "PDF", image.width, image.height, page.pages, location=location, text=page.text, picture=page.picture
    )
    return image, info


def _pdf_refusal(path: Path, refused: PdfRefused) -> PosterImageError:
    if refused.kind == "aspect":
        return _aspect_problem(path, refused.params["width"], refused.params["height"]) or _not_a_pdf(path)
    if refused.kind == "password":
        return PosterImageError(
            N_(
                "'{name}' is protected with a password, so the gallery cannot open it. "
                "Export the PDF again without a password."
            ),
            name=path.name,
        )
    if refused.kind == "empty":
        return PosterImageError(N_("'{name}' is a PDF without pages; export the poster again."), name=path.name)
    if refused.kind == "no-size":
        return PosterImageError(N_("the first page of '{name}' has no size; export the PDF again."), name=path.name)
    if refused.kind == "limits":
        return PosterImageError(
            N_(
                "drawing the first page of '{name}' takes more than {mb} MB of memory or {seconds} seconds, which "
                "no poster needs: the PDF is damaged or made to overload the computers that open it. Export the "
                "poster again from the original design, as a PDF or as a JPG of about 5000 pixels on the long side."
            ),
            lasting=refused.lasting,
            name=path.name,
            mb=MEMORY_LIMIT // 2**20,
            seconds=CPU_SECONDS,
        )
    return _not_a_pdf(path)


# --------------------------------------------------------------- renditions ---

WEBP_MAX_SIDE = 16383  # the WebP format cannot hold more pixels on a side


def _smaller(image, width: int):
    """``image`` resized to ``width`` (Lanczos), or itself when it is not wider (never upscale).

    An absurdly tall poster is made short enough for WebP instead.
    """
    scale = min(width / image.width, WEBP_MAX_SIDE / image.height)
    if scale >= 1:
        return image
    return image.resize(scale).copy_memory()


def average_colour(image) -> list[int]:
    """The average colour of ``image`` (3 bands), each band rounded to 0-255: the placeholder colour."""
    return [round(image[band].avg()) for band in range(3)]


def social_card(image, size: tuple[int, int], colour: list[int]):
    """The poster whole, centred on a card of ``size`` filled with its own average colour."""
    pyvips = _vips()
    w, h = size
    scale = min((w - 40) / image.width, (h - 40) / image.height, 1.0)
    fitted = image.resize(scale) if scale < 1 else image
    card = (pyvips.Image.black(w, h, bands=3) + colour).cast("uchar").copy(interpretation="srgb")
    return card.insert(fitted, (w - fitted.width) // 2, (h - fitted.height) // 2)


def make_renditions(source: Path, settings: RenditionSettings, kinds=KINDS, *, threads: int = 1) -> Renditions:
    """Make the renditions ``kinds`` of ``source``; return their description and bytes.

    Raises PosterImageError when the file cannot be used.
    """
    zoom, info = open_poster(source, settings, threads=threads)
    try:
        return _encode_all(zoom, info, settings, kinds, threads)
    except _vips().Error as exc:
        raise _decode_error(source, "", exc) from None


def resized(zoom, settings: RenditionSettings) -> dict:
    """The decoded poster at the size of each rendition but the social card (kind -> vips image), each resized
    from the one before it (``DERIVED_FROM``)."""
    images = {"zoom": _smaller(zoom, zoom.width)}
    images["display"] = _smaller(images["zoom"], settings.display_width)
    images["thumb2x"] = _smaller(images["display"], settings.thumb_width * 2)
    images["thumb"] = _smaller(images["thumb2x"], settings.thumb_width)
    images["mini"] = _smaller(images["thumb"], settings.mini_width)
    return images


def _encode_all(zoom, info: SourceInfo, settings: RenditionSettings, kinds, threads: int = 1) -> Renditions:
    images = resized(zoom, settings)
    colour = average_colour(images["thumb"])
    if "social" in kinds:
        images["social"] = social_card(images["thumb"], settings.social_size, colour)

    def encode(kind: str) -> Encoded:
        return encoded_as(kind, images[kind], settings)

    if threads > 1 and len(kinds) > 1:
        # One poster alone (a poster added under `mkdocs serve`): the encoders are single-threaded, so
        # they run side by side, the display WebP (half the work) on its own core.
        from concurrent.futures import ThreadPoolExecutor

        order = sorted(kinds, key=_ENCODE_COST.index)
        with ThreadPoolExecutor(threads) as pool:
            encoded = dict(zip(order, pool.map(encode, order)))
    else:
        encoded = {kind: encode(kind) for kind in kinds}
    return Renditions(info, "#%02x%02x%02x" % tuple(colour), {kind: encoded[kind] for kind in kinds})


_ENCODE_COST = ("display", "thumb2x", "zoom", "thumb", "social", "mini")  # most expensive first


def encoded_as(kind: str, image, settings: RenditionSettings) -> Encoded:
    """``image`` encoded as the rendition ``kind`` is: zoom and social card as JPEG, the others as WebP."""
    if kind in ("zoom", "social"):
        ext = "jpg"
        data = image.jpegsave_buffer(Q=settings.jpeg_quality, keep="none", optimize_coding=kind == "social")
    else:
        ext = "webp"
        data = _webp(image, settings)
    return Encoded(image.width, image.height, ext, MIME[ext], data)


def _webp(image, settings: RenditionSettings) -> bytes:
    """``image`` (3-band 8-bit sRGB) as a lossy WebP, without metadata.

    Encoded by Pillow's libwebp, not libvips' webpsave: the same settings give the same bytes, for
    about 10 % less CPU (libvips' own build of libwebp is slower here), and the display WebP is the
    largest part of a clean build. Measured in BENCHMARKS.md.
    """
    import io

    from PIL import Image

    assert image.bands == 3 and image.format == "uchar"  # _to_srgb8 and the resizes keep it so
    pixels = Image.frombuffer("RGB", (image.width, image.height), image.write_to_memory(), "raw", "RGB", 0, 1)
    out = io.BytesIO()
    pixels.save(out, "WEBP", quality=settings.webp_quality, method=settings.webp_effort)
    return out.getvalue()


def probe_poster(source: Path, settings: RenditionSettings) -> Probe:
    """Check that ``source`` can be made into renditions, as cheaply as possible; raise PosterImageError if not.

    For ``check``: reads the header, applies the limits and decodes the image
    at the smallest scale the format allows (so a truncated or damaged file
    is found), without resizing or encoding anything; a PDF's page 1 is drawn
    small. Returns what it found (``Probe``): the image's width and height in
    pixels (a PDF's picture's, or None) and a PDF's pages.
    """
    if read_as_pdf(source):
        info = _render_pdf(source, RenditionSettings(zoom_width=200, max_pixels=settings.max_pixels))[1]
        return Probe(size=info.picture, pages=info.pages)
    pyvips = _vips()
    head = _header(source)
    loader = head.get("vips-loader")
    _check_pixels(source, head.width, head.height, settings)
    if loader == "jpegload" and _check_jpeg_data(source):
        return Probe(size=_upright_size(head))  # decoded by libjpeg-turbo at 1/8 scale without a word
    options = {}
    if loader == "jpegload":
        # libjpeg cannot scale a side below one pixel: a JPEG under 8 px on a side is decoded at the
        # largest reduction its sides allow (1/4, 1/2 or full size), as a build would read it.
        options["shrink"] = next(f for f in (8, 4, 2, 1) if min(head.width, head.height) >= f)
    try:
        pyvips.Image.new_from_file(str(source), access="sequential", fail_on="truncated", **options).avg()
    except pyvips.Error as exc:
        raise _decode_error(source, loader, exc) from None
    return Probe(size=_upright_size(head))


@dataclass(frozen=True)
class Probe:
    """What ``probe`` says of a poster file: why it cannot be used, or its size (and a PDF's pages)."""

    problem: PosterImageError | None = None
    # Width and height in pixels (a PDF: of the picture its page is, SourceInfo.picture); None for a PDF drawn
    # from text and shapes, or a file not usable.
    size: tuple[int, int] | None = None
    pages: int = 1


def probe(source: Path, settings: RenditionSettings) -> Probe:
    """``probe_poster``'s answer as a value (see ``Probe``).

    Running out of memory, or the system refusing to read the file, is a problem too (said so), never a
    pass: ``check`` and ``gallery.py new`` must not accept a file that a build would then fail on.
    """
    try:
        return probe_poster(source, settings)
    except PosterImageError as exc:
        return Probe(exc)
    except MemoryError:
        return Probe(_memory_error(source))
    except OSError as exc:
        if exc.errno == errno.ENOMEM:
            return Probe(_memory_error(source))
        return Probe(
            PosterImageError(
                N_(
                    "'{name}' could not be read ({reason}); check that the file is complete and "
                    "that it may be read, then try again."
                ),
                lasting=False,
                name=source.name,
                reason=exc.strerror or str(exc),
            )
        )


def hard_to_read(size: tuple[int, int] | None, smallest: int) -> bool:
    """Whether an image of ``size`` (width, height) is under ``smallest`` pixels on its longer side (0: never).

    Such a file (a chat app's preview, a picture saved from a web page) shows its small text blurred even
    zoomed in: ``check`` and the build warn, and it is still published.
    """
    return size is not None and all(size) and max(size) < smallest  # 0: a size not known

"""Poster images: open any accepted input, normalise it, and make the renditions.

Pure functions: a path and plain settings in, image files and a small
description out. No global Pillow state is changed (the pixel limit is
checked here, per call, instead of through ``Image.MAX_IMAGE_PIXELS``).
"""
from __future__ import annotations

import io
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

PIPELINE_VERSION = 1  # bump when the output of the same input and settings changes


@dataclass(frozen=True)
class RenditionSettings:
    """What to make from each poster; part of the cache key."""

    thumb_width: int = 400
    display_width: int = 1600
    zoom_width: int = 2800
    social_size: tuple[int, int] = (1200, 630)
    webp_quality: int = 80
    jpeg_quality: int = 82
    max_pixels: int = 200_000_000

    def key(self) -> dict:
        return asdict(self) | {"pipeline": PIPELINE_VERSION}


class PosterImageError(Exception):
    """The poster file cannot be used; the message says why in plain words (English template)."""

    def __init__(self, message: str, **params):
        super().__init__(message.format(**params) if params else message)
        self.template = message
        self.params = params


def open_poster(path: Path, settings: RenditionSettings, want_width: int) -> tuple[Image.Image, dict]:
    """Decode ``path`` into an upright 8-bit sRGB image at least ``want_width`` wide where the source allows."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _open_pdf(path, settings, want_width)
    try:
        im = Image.open(path)
    except Image.DecompressionBombError:
        raise PosterImageError("the image is too large to process safely; export it with fewer pixels.") from None
    except (OSError, SyntaxError, ValueError):
        raise PosterImageError("the file cannot be read as an image; it may be damaged or not really a "
                               "{suffix} file. Export the poster again.", suffix=suffix.lstrip(".").upper()) from None
    info = {"format": im.format, "source_width": im.width, "source_height": im.height, "pages": 1}
    if im.width * im.height > settings.max_pixels:
        raise PosterImageError("the image has {mp} megapixels, more than the limit of {limit}; export it "
                               "smaller (about 5000 pixels tall is plenty).",
                               mp=round(im.width * im.height / 1e6), limit=round(settings.max_pixels / 1e6))
    try:
        im = _upright_srgb(im)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PosterImageError("the file is damaged or incomplete (it could not be decoded to the end); "
                               "upload the poster file again.") from None
    return im, info


def _open_pdf(path: Path, settings: RenditionSettings, want_width: int):
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PosterImageError("the PDF is protected with a password; export it again without "
                                   "a password.") from None
        raise PosterImageError("the PDF cannot be opened; it may be damaged. Export it again.") from None
    try:
        pages = len(pdf)
        if pages == 0:
            raise PosterImageError("the PDF has no pages.")
        page = pdf[0]
        w_pt, h_pt = page.get_size()
        if w_pt <= 0 or h_pt <= 0:
            raise PosterImageError("the first page of the PDF has no size.")
        scale = want_width / w_pt
        if w_pt * scale * h_pt * scale > settings.max_pixels:
            scale = (settings.max_pixels / (w_pt * h_pt)) ** 0.5
        bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
        im = bitmap.to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    info = {"format": "PDF", "source_width": im.width, "source_height": im.height, "pages": pages}
    return im, info


def _upright_srgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    im = _to_rgb(im)
    if icc:
        im = _icc_to_srgb(im, icc)
    return im


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale to 8 bits; a plain convert would clip to white.
        return im.point(lambda v: v * (1 / 257)).convert("L").convert("RGB")
    if im.mode in ("RGBA", "LA", "PA", "RGBa") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        white = Image.new("RGB", im.size, (255, 255, 255))
        white.paste(im, mask=im.getchannel("A"))
        return white
    return im.convert("RGB")


def _icc_to_srgb(im: Image.Image, icc: bytes) -> Image.Image:
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        return im
    if src.profile.xcolor_space.strip() == "CMYK":
        return im  # already converted to RGB; a CMYK profile no longer applies
    try:
        return ImageCms.profileToProfile(im, src, _SRGB, outputMode="RGB")
    except ImageCms.PyCMSError:
        return im


_SRGB = ImageCms.createProfile("sRGB")


def _resized(im: Image.Image, width: int) -> Image.Image:
    if im.width <= width:
        return im
    height = max(1, round(im.height * width / im.width))
    return im.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def make_renditions(source: Path, out_dir: Path, settings: RenditionSettings) -> dict:
    """Write every rendition of ``source`` into ``out_dir``; return their description (JSON-able)."""
    im, info = open_poster(source, settings, settings.zoom_width)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    zoom = _resized(im, settings.zoom_width)
    display = _resized(zoom, settings.display_width)
    thumb2x = _resized(display, settings.thumb_width * 2)
    thumb = _resized(thumb2x, settings.thumb_width)
    for kind, image in (("zoom", zoom), ("display", display), ("thumb2x", thumb2x), ("thumb", thumb)):
        name = f"{kind}.webp"
        image.save(out_dir / name, "WEBP", quality=settings.webp_quality, method=4)
        made.append({"kind": kind, "filename": name, "width": image.width, "height": image.height,
                     "mime": "image/webp"})
    social = _social_card(display, settings.social_size)
    social.save(out_dir / "social.jpg", "JPEG", quality=settings.jpeg_quality, optimize=True)
    made.append({"kind": "social", "filename": "social.jpg", "width": social.width, "height": social.height,
                 "mime": "image/jpeg"})
    tiny = thumb.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return {"renditions": made, "placeholder": "#%02x%02x%02x" % tiny[:3], **info}


def _social_card(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The poster whole, centred on a card of ``size`` filled with its own average colour."""
    w, h = size
    colour = im.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    card = Image.new("RGB", size, colour)
    fitted = ImageOps.contain(im, (w - 40, h - 40), Image.Resampling.LANCZOS)
    card.paste(fitted, ((w - fitted.width) // 2, (h - fitted.height) // 2))
    return card


def file_size(path: Path) -> int:
    return os.stat(path).st_size

"""Renditions of every kind of poster file, checked by opening the outputs."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from postergallery.stages import images
from postergallery.stages.images import (
    KINDS,
    PosterImageError,
    Probe,
    Renditions,
    RenditionSettings,
    SourceInfo,
    hard_to_read,
    make_renditions,
    probe,
    probe_poster,
    zoom_source_width,
)

import imagefiles as F


def render(path, **settings) -> tuple[Renditions, dict[str, Image.Image]]:
    """make_renditions, with every output opened (fully decoded) by Pillow."""
    made = make_renditions(path, RenditionSettings(**settings))
    opened = {}
    for kind, r in made.renditions.items():
        im = Image.open(io.BytesIO(r.data))
        im.load()
        assert im.size == (r.width, r.height), kind
        assert im.format == {"jpg": "JPEG", "webp": "WEBP"}[r.ext]
        opened[kind] = im.convert("RGB")
    return made, opened


def centre(im: Image.Image) -> tuple:
    return im.getpixel((im.width // 2, im.height // 2))


# ------------------------------------------------------------- orientation ---


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_puts_the_top_of_the_poster_up(tmp_path, orientation):
    path = F.write_oriented_jpeg(tmp_path / "poster.jpg", orientation)
    # The fixture itself is right: Pillow's own EXIF handling shows the upright poster.
    from PIL import ImageOps

    assert ImageOps.exif_transpose(Image.open(path)).getpixel((10, 10)) == pytest.approx(F.QUADRANTS[0], abs=12)

    made, out = render(path)
    for kind in ("zoom", "display", "thumb"):
        im = out[kind]
        assert im.size == (240, 340), kind  # portrait, as the poster is meant to be seen
        w, h = im.size
        for colour, (x, y) in zip(
            F.QUADRANTS, ((w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4))
        ):
            assert F.distance(im.getpixel((x, y)), colour) < 20, (kind, orientation, (x, y))
    assert made.info.source_width == 240 and made.info.source_height == 340


# ----------------------------------------------------------------- colours ---


@pytest.mark.parametrize("progressive", [False, True])
def test_baseline_and_progressive_jpeg(tmp_path, progressive):
    path = F.write_jpeg(tmp_path / "poster.jpg", colour=(200, 40, 40), progressive=progressive)
    assert Image.open(path).info.get("progressive", 0) == int(progressive)
    made, out = render(path)
    for kind in KINDS:
        assert F.distance(centre(out[kind]), (200, 40, 40)) < 8, kind
    assert made.info.format == "JPEG"


@pytest.mark.parametrize("with_profile", [True, False])
def test_cmyk_jpeg_is_converted_through_a_cmyk_profile(tmp_path, with_profile):
    cmyk = (0, 255, 255, 0)  # full magenta and yellow: a print red
    profile = F.vips_profile("cmyk")
    path = F.write_cmyk_jpeg(tmp_path / "poster.jpg", cmyk, icc=profile if with_profile else None)
    expected = F.cmyk_to_srgb(cmyk, profile)  # without a profile, the same standard press profile is assumed
    made, out = render(path)
    got = centre(out["display"])
    assert F.distance(got, expected) < 10, (got, expected)
    # Not the naive 255 - C conversion, which shows a redder red than any press prints.
    assert F.distance(got, (255, 0, 0)) > 25


def test_embedded_display_p3_profile_is_converted_to_srgb(tmp_path):
    path, stored = F.write_p3_jpeg(tmp_path / "poster.jpg", srgb=(200, 60, 40))
    assert F.distance(stored, (200, 60, 40)) > 15  # the file's own numbers differ from what it shows
    made, out = render(path)
    for kind in ("zoom", "display", "thumb"):
        assert F.distance(centre(out[kind]), (200, 60, 40)) < 6, (kind, centre(out[kind]))


# Greys across the range and two saturated colours, as a poster file stores them.
PATCHES = [(32, 32, 32), (64, 64, 64), (128, 128, 128), (192, 192, 192), (224, 224, 224), (200, 60, 40), (40, 180, 90)]


def patch_colours(im: Image.Image) -> list[tuple]:
    """The colour at the middle of each of ``PATCHES``' columns in a rendition."""
    return [im.getpixel((int((i + 0.5) * im.width / len(PATCHES)), im.height // 2)) for i in range(len(PATCHES))]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_profile_named_srgb_whose_colours_are_not_srgb_is_converted(tmp_path, fmt):
    """GIMP's "Linear sRGB" (sRGB's primaries, straight tone curves) is not sRGB whatever its name: a colour-managed
    viewer shows the file's grey 128 as 188, and so must the gallery."""
    import io as _io

    from PIL import ImageCms

    linear = F.linear_srgb_profile()
    assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(_io.BytesIO(linear)))
    save = {"quality": 98, "subsampling": 0} if fmt == "JPEG" else {}
    path = F.write_patches(tmp_path / f"poster.{fmt.lower()}", PATCHES, linear, size=(280, 340), format=fmt, **save)
    expected = F.srgb_of(PATCHES, linear)
    assert expected[2] == (188, 188, 188)
    made, out = render(path)
    for kind in ("zoom", "display", "thumb"):
        for got, want in zip(patch_colours(out[kind]), expected):
            assert got == pytest.approx(want, abs=2), (kind, got, want)


@pytest.mark.parametrize("profile", ["Pillow's sRGB", "libvips' sRGB"])
def test_an_srgb_profile_leaves_the_poster_s_numbers_as_they_are(tmp_path, profile):
    """Converting from sRGB to sRGB would change nothing but the time it takes: the renditions are the very files
    made from the same poster without a profile."""
    from PIL import ImageCms

    icc = (
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        if profile == "Pillow's sRGB"
        else F.vips_profile("srgb")
    )
    for fmt in ("PNG", "JPEG"):
        plain = F.write_patches(tmp_path / f"plain.{fmt}", PATCHES, None, format=fmt)
        tagged = F.write_patches(tmp_path / f"tagged.{fmt}", PATCHES, icc, format=fmt)
        assert images.open_poster(tagged, RenditionSettings())[0].get("icc-profile-data") == icc
        made = {name: make_renditions(p, RenditionSettings()) for name, p in (("plain", plain), ("tagged", tagged))}
        for kind in KINDS:
            assert made["tagged"].renditions[kind].data == made["plain"].renditions[kind].data, (fmt, kind)


def test_a_profile_littlecms_cannot_read_leaves_the_numbers_as_they_are(tmp_path):
    path = F.write_patches(tmp_path / "poster.png", PATCHES, b"not a profile" * 20, format="PNG")
    made, out = render(path)
    for got, want in zip(patch_colours(out["zoom"]), PATCHES):
        assert got == pytest.approx(want, abs=2)


def test_rgba_png_is_flattened_on_white(tmp_path):
    im = Image.new("RGBA", (240, 340), (255, 0, 0, 0))  # fully transparent red: must not show
    im.paste((20, 40, 200, 255), (0, 0, 120, 340))
    im.paste((20, 40, 200, 128), (120, 0, 240, 170))  # half transparent blue over white
    im.save(tmp_path / "poster.png")
    made, out = render(tmp_path / "poster.png")
    d = out["display"]
    assert F.distance(d.getpixel((60, 170)), (20, 40, 200)) < 6
    assert F.distance(d.getpixel((180, 250)), (255, 255, 255)) < 4
    assert F.distance(d.getpixel((180, 80)), (137, 147, 227)) < 8


def test_palette_png_transparency_is_flattened_on_white(tmp_path):
    im = Image.new("P", (240, 340), 0)
    im.putpalette([0, 0, 0, 30, 160, 30] + [0] * 762)
    im.paste(1, (0, 0, 120, 340))
    im.save(tmp_path / "poster.png", transparency=0)  # index 0 (black) is transparent
    made, out = render(tmp_path / "poster.png")
    assert F.distance(out["display"].getpixel((60, 170)), (30, 160, 30)) < 6
    assert F.distance(out["display"].getpixel((180, 170)), (255, 255, 255)) < 4


def test_16_bit_grey_png_is_scaled_not_clipped(tmp_path):
    path = F.write_png16_grey(tmp_path / "poster.png", 30000)
    made, out = render(path)
    for kind in ("zoom", "display", "thumb"):
        assert F.distance(centre(out[kind]), (117, 117, 117)) < 3, kind  # 30000 / 257


def test_16_bit_rgb_png_is_scaled_not_clipped(tmp_path):
    path = F.write_png16_rgb(tmp_path / "poster.png", (30000, 45000, 65535))
    made, out = render(path)
    assert F.distance(centre(out["display"]), (117, 175, 255)) < 4


def test_8_bit_greyscale_png(tmp_path):
    path = F.write_png(tmp_path / "poster.png", colour=100, mode="L")
    made, out = render(path)
    assert F.distance(centre(out["display"]), (100, 100, 100)) < 3
    assert out["display"].mode == "RGB"


def test_webp_poster(tmp_path):
    Image.new("RGB", (240, 340), (30, 90, 160)).save(tmp_path / "poster.webp", "WEBP", quality=95)
    made, out = render(tmp_path / "poster.webp")
    assert made.info.format == "WebP"
    assert F.distance(centre(out["display"]), (30, 90, 160)) < 8


def _heic(path, size=(240, 340), colour=(30, 90, 160)):
    import pyvips

    image = (pyvips.Image.black(*size, bands=3) + list(colour)).cast("uchar").copy(interpretation="srgb")
    path.write_bytes(image.heifsave_buffer(compression="av1", Q=95))
    return path


def test_heic_poster_in_a_format_libvips_reads(tmp_path):
    made, out = render(_heic(tmp_path / "poster.heic"))
    assert made.info.format == "HEIC"
    assert F.distance(centre(out["display"]), (30, 90, 160)) < 10


def test_heic_poster_that_cannot_be_decoded(tmp_path):
    path = _heic(tmp_path / "poster.heic", size=(640, 900))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    with pytest.raises(PosterImageError) as raised:
        make_renditions(path, RenditionSettings())
    assert str(raised.value) == (
        "'poster.heic' is a HEIC photo that the gallery cannot read. Set the phone's camera to save 'Most "
        "Compatible' (JPG) pictures, or export the photo as a JPG, and add it again."
    )


def test_a_heic_photo_as_phones_save_it(tmp_path):
    """HEVC-coded, as iPhones save photos: libvips from PyPI reads its size but has no decoder for its picture."""
    path = F.write_hevc_heic(tmp_path / "IMG_2041.HEIC")
    refused_both_ways(
        path,
        "'IMG_2041.HEIC' is a HEIC photo that the gallery cannot read. Set the phone's camera "
        "to save 'Most Compatible' (JPG) pictures, or export the photo as a JPG, and add it again.",
    )


def refused_both_ways(path, message: str) -> None:
    """Both the build and check's probe refuse ``path`` with ``message``."""
    for call in (make_renditions, probe_poster):
        with pytest.raises(PosterImageError) as raised:
            call(path, RenditionSettings())
        assert str(raised.value) == message


def test_avif_poster(tmp_path):
    """The libvips installed from PyPI decodes AV1, so an AVIF poster is made into renditions like a JPG."""
    made, out = render(F.write_avif(tmp_path / "poster.avif"))
    assert made.info == SourceInfo(format="AVIF", source_width=240, source_height=340, pages=1, location=False)
    assert F.distance(centre(out["display"]), (30, 90, 160)) < 10
    probe_poster(tmp_path / "poster.avif", RenditionSettings())


def test_avif_poster_that_cannot_be_decoded_names_the_file_and_says_why(tmp_path):
    """What a build whose libvips has no AV1 decoder says, as it says it for a damaged AVIF file."""
    path = F.write_avif(tmp_path / "poster.avif", size=(640, 900))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    refused_both_ways(
        path,
        "'poster.avif' is an AVIF image that the gallery cannot read here: the image library "
        "this build uses has no AVIF decoder, or the file is damaged. Export the poster as a JPG "
        "or PNG file and add it again.",
    )


def test_pdf_first_page_is_rendered_at_the_zoom_width(tmp_path):
    path = F.write_pdf(tmp_path / "poster.pdf", colours=((200, 40, 40), (40, 40, 200), (40, 200, 40)))
    made, out = render(path)
    assert made.info == SourceInfo(
        format="PDF", source_width=2560, source_height=3627, pages=3, location=False, picture=(420, 595)
    )
    assert out["zoom"].size == (2560, 3627)
    assert out["display"].size == (1600, 2267)
    for kind in KINDS:
        assert F.distance(centre(out[kind]), (200, 40, 40)) < 8, kind  # page 1, not 2 or 3


# ---------------------------------------------------------------- metadata ---


def test_outputs_carry_no_exif_gps_or_comments(tmp_path):
    path = F.write_jpeg_with_camera_metadata(tmp_path / "poster.jpg")
    assert b"PhoneMaker" in path.read_bytes()
    made = make_renditions(path, RenditionSettings())
    for kind, r in made.renditions.items():
        data = r.data
        for secret in (b"Exif", b"PhoneMaker", b"Model X", b"secret comment", b"jpeg comment", b"GPS"):
            assert secret not in data, (kind, secret)
        im = Image.open(io.BytesIO(data))
        assert not im.getexif(), kind
        assert "exif" not in im.info and "comment" not in im.info and "xmp" not in im.info, kind


# ------------------------------------------------------------------- sizes ---


def test_zoom_width_prefers_no_resize_then_a_reduced_decode():
    s = RenditionSettings()
    assert zoom_source_width(2480, True, s) == 2480  # A4 at 300 dpi: as is
    assert zoom_source_width(3200, False, s) == 3200
    assert zoom_source_width(3508, True, s) == 2631  # A3 JPEG: decoded at 6/8 (1/2 would be too small to read)
    assert zoom_source_width(4961, True, s) == 2481  # A2 JPEG: decoded at half size (libjpeg rounds up)
    assert zoom_source_width(7016, True, s) == 2631  # A1 JPEG: 3/8
    assert zoom_source_width(9933, True, s) == 2484  # A0 JPEG: a quarter
    assert zoom_source_width(4961, False, s) == 2560  # a PNG has no reduced decode: resized
    assert zoom_source_width(3508, False, s) == 2560
    assert zoom_source_width(14000, True, s) == 2560  # 1/8 too small, 2/8 too wide: decoded at 2/8, resized
    assert zoom_source_width(900, True, s) == 900  # never upscaled


def test_a_jpeg_decoded_at_a_reduced_scale_keeps_its_colours_and_detail(tmp_path):
    """An A3 poster at 300 dpi is decoded at 6/8 straight to the zoom size: same colours, text still sharp."""
    im = Image.new("RGB", (3508, 4961), (246, 247, 251))
    im.paste((16, 42, 94), (0, 0, 3508, 700))  # the title band
    for x in range(200, 3300, 16):  # fine vertical lines, 8 px dark and 8 px light: detail to keep
        im.paste((30, 30, 40), (x, 1000, x + 8, 1400))
    path = tmp_path / "poster.jpg"
    im.save(path, "JPEG", quality=92)
    made, out = render(path)
    zoom = out["zoom"]
    assert zoom.size == (2631, 3721)
    assert F.distance(zoom.getpixel((1300, 200)), (16, 42, 94)) < 6
    assert F.distance(zoom.getpixel((1300, 2500)), (246, 247, 251)) < 6
    # 6 px lines and gaps at this scale: the contrast between them survives.
    row = [zoom.getpixel((x, 900))[0] for x in range(600, 700)]
    assert max(row) - min(row) > 150
    assert made.renditions["display"].width == 1600


def test_an_oriented_jpeg_decoded_at_a_reduced_scale_is_upright(tmp_path):
    path = F.write_oriented_jpeg(tmp_path / "poster.jpg", 6, size=(3508, 4961))
    made, out = render(path)
    zoom = out["zoom"]
    assert zoom.size == (2631, 3721)  # the upright width decides the scale
    w, h = zoom.size
    for colour, (x, y) in zip(
        F.QUADRANTS, ((w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4))
    ):
        assert F.distance(zoom.getpixel((x, y)), colour) < 20, (x, y)


def test_a_greyscale_jpeg(tmp_path):
    path = tmp_path / "poster.jpg"
    Image.new("L", (3508, 4961), 90).save(path, "JPEG", quality=95)
    made, out = render(path)
    assert out["zoom"].size == (2631, 3721)
    for kind in KINDS:
        assert F.distance(centre(out[kind]), (90, 90, 90)) < 4, kind


def test_a_jpeg_the_fast_decoder_calls_damaged_is_still_read_when_it_is_usable(tmp_path):
    """Stray bytes between two markers are only a warning to libjpeg: such a file is read as before."""
    path = F.write_jpeg(tmp_path / "poster.jpg", size=(3508, 4961), colour=(30, 150, 60))
    data = path.read_bytes()
    after_app0 = 4 + int.from_bytes(data[4:6], "big")
    assert data[after_app0 : after_app0 + 2] == b"\xff\xdb"
    path.write_bytes(data[:after_app0] + b"\x00\x17\x42\x99" + data[after_app0:])
    import simplejpeg

    with pytest.raises(ValueError, match="4 extraneous bytes before marker 0xdb"):
        simplejpeg.decode_jpeg(path.read_bytes())
    made, out = render(path)
    assert out["zoom"].size == (2631, 3721)
    assert F.distance(centre(out["zoom"]), (30, 150, 60)) < 6
    assert probe(path, RenditionSettings()) == Probe(size=(3508, 4961))


def _poster_jpeg(path, mode="RGB", size=(1200, 1700)):
    """A JPEG of four coloured quarters and lines of small text, as a poster is."""
    from PIL import ImageDraw

    image = F.quadrant_image(size).convert(mode)
    draw = ImageDraw.Draw(image)
    for y in range(0, size[1], 40):
        draw.text((20, y), f"Line {y} of the poster's text, small print", fill=(0, 0, 0, 255) if mode == "CMYK" else 0)
    image.save(path, "JPEG", quality=90)
    return path


def _noisy_jpeg(path, mode="RGB", size=(600, 800)):
    """A JPEG of random pixels (the same on every run): lost data rarely stops its decoder early, which finishes
    the picture with thousands of bytes of it unread instead."""
    import random

    pixels = random.Random(7).randbytes(size[0] * size[1] * len(mode))
    Image.frombytes(mode, size, pixels).save(path, "JPEG", quality=90)
    return path


def _zeroed_in_the_middle(path):
    """4 KB of the compressed image data overwritten with zeros: a bad copy, not a file cut short."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(4096)
    path.write_bytes(bytes(data))
    return path


def _bytes_flipped(path):
    """Twenty bytes of the compressed image data with bits flipped, as a failing memory card does."""
    data = bytearray(path.read_bytes())
    for i in range(20):
        data[len(data) // 3 + i * len(data) // 60] ^= 0x55
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "make, damage, mode",
    [
        (_poster_jpeg, _zeroed_in_the_middle, "RGB"),
        (_poster_jpeg, _bytes_flipped, "RGB"),
        (_poster_jpeg, _zeroed_in_the_middle, "CMYK"),  # decoded by libvips, not libjpeg-turbo's scaled decode
        (_poster_jpeg, _bytes_flipped, "L"),
        (_noisy_jpeg, _zeroed_in_the_middle, "RGB"),
        (_noisy_jpeg, _bytes_flipped, "CMYK"),
    ],
)
def test_a_jpeg_damaged_in_the_middle_is_refused_as_damaged(tmp_path, make, damage, mode):
    """libjpeg only warns of damaged image data, and fills it in with smeared blocks: refused, by the build
    and by check, with the message for a damaged file (not a file cut short: its end is there)."""
    path = damage(make(tmp_path / "poster.jpg", mode))
    assert path.read_bytes().endswith(b"\xff\xd9")
    message = (
        "'poster.jpg' is damaged: part of its image data cannot be decoded. Export the poster again from the "
        "original design and upload the new file."
    )
    refused_both_ways(path, message)
    assert str(probe(path, RenditionSettings()).problem) == message


@pytest.mark.parametrize(
    "size, fmt, zoom",
    [
        ((3000, 600), "JPEG", (3000, 600)),  # already within the zoom range: not resized
        ((5200, 700), "JPEG", (2600, 350)),  # reduced-scale decode at 1/2, nothing else
        ((3500, 500), "PNG", (2560, 366)),
    ],
)
def test_rendition_sizes(tmp_path, size, fmt, zoom):
    path = tmp_path / f"poster.{fmt.lower()}"
    Image.new("RGB", size, (120, 130, 140)).save(path, fmt)
    made, out = render(path)
    assert out["zoom"].size == zoom
    w, h = zoom
    for kind, width in (("display", 1600), ("thumb2x", 800), ("thumb", 400), ("mini", 200)):
        assert out[kind].width == width
        assert abs(out[kind].height - h * width / w) <= 1, kind  # each is resized from the one before
    assert out["social"].size == (1200, 630)


def test_small_posters_are_never_upscaled(tmp_path):
    path = F.write_jpeg(tmp_path / "poster.jpg", size=(300, 424), colour=(10, 120, 90))
    made, out = render(path)
    for kind in ("zoom", "display", "thumb2x"):
        assert out[kind].size == (300, 424), kind
    assert out["thumb"].size == (300, 424)  # 400 wanted, 300 available
    social = out["social"]
    assert social.size == (1200, 630)
    # The poster on the card is contained (at most 590 high), never blown up: the card's edges show the
    # poster's own average colour.
    assert F.distance(social.getpixel((5, 5)), (10, 120, 90)) < 8
    assert (
        made.placeholder == "#0a785a"
        or F.distance(tuple(int(made.placeholder[i : i + 2], 16) for i in (1, 3, 5)), (10, 120, 90)) < 6
    )


def test_an_absurdly_tall_poster_still_gets_renditions(tmp_path):
    path = F.write_png(tmp_path / "poster.png", size=(300, 20000), colour=(90, 90, 200))
    made, out = render(path)
    for kind in ("zoom", "display", "thumb2x"):
        assert out[kind].height <= 16383, kind  # what WebP can hold
    assert out["thumb"].size == out["zoom"].size  # nothing needed resizing after that


def test_social_card_has_the_poster_centred_on_its_average_colour(tmp_path):
    im = F.quadrant_image((800, 1131))
    im.save(tmp_path / "poster.png")
    made, out = render(tmp_path / "poster.png")
    card = out["social"]
    assert F.distance(card.getpixel((600 - 100, 200)), F.QUADRANTS[0]) < 15
    assert F.distance(card.getpixel((600 + 100, 450)), F.QUADRANTS[3]) < 15
    placeholder = tuple(int(made.placeholder[i : i + 2], 16) for i in (1, 3, 5))
    assert F.distance(card.getpixel((20, 20)), placeholder) < 4


# ------------------------------------------------------------ cache keys ---


@pytest.mark.parametrize(
    "change, affected",
    [
        ({"jpeg_quality": 70}, {"zoom", "social"}),
        ({"webp_quality": 60}, {"display", "thumb2x", "thumb", "mini"}),
        ({"webp_effort": 4}, {"display", "thumb2x", "thumb", "mini"}),
        ({"thumb_width": 300}, {"thumb2x", "thumb", "mini", "social"}),
        ({"display_width": 1400}, {"display", "thumb2x", "thumb", "mini", "social"}),
        ({"mini_width": 160}, {"mini"}),
        ({"zoom_width": 2400}, set(KINDS)),
        ({"max_pixels": 10}, set()),  # a limit decides whether a poster is accepted, not its pixels
    ],
)
def test_a_setting_changes_the_keys_of_the_renditions_that_depend_on_it(change, affected):
    before = RenditionSettings().rendition_keys()
    after = RenditionSettings(**change).rendition_keys()
    assert {k for k in KINDS if before[k] != after[k]} == affected


# -------------------------------------------------------------- bad input ---

BAD_INPUTS = {
    "truncated JPEG": (
        lambda d: _truncated(F.write_jpeg(d / "poster.jpg", size=(400, 600), colour=(1, 2, 3))),
        "'poster.jpg' is incomplete: the file ends before the image does, probably because an upload or a copy "
        "was interrupted. Upload the poster file again.",
    ),
    "damaged PNG": (
        lambda d: _damaged_png(d / "poster.png"),
        "'poster.png' is damaged: part of its image data cannot be decoded. Export the poster again from the "
        "original design and upload the new file.",
    ),
    "zero-byte": (
        lambda d: (d / "poster.jpg").write_bytes(b"") and None or d / "poster.jpg",
        "'poster.jpg' is empty (0 bytes); upload the poster file again.",
    ),
    "text named .jpg": (
        lambda d: _write(d / "poster.jpg", b"<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>\n"),
        "'poster.jpg' is a text file, not an image (it begins with \"<!DOCTYPE html>\"); perhaps a web page or "
        "a link was saved instead of the poster. Save the poster file itself and add it again.",
    ),
    "unknown binary": (
        lambda d: _write(d / "poster.png", bytes(range(256)) * 8),
        "'poster.png' is not an image the gallery can read, whatever its name says. Export the poster again as "
        "a JPG, PNG, WebP, AVIF or PDF file.",
    ),
    "decompression bomb": (
        lambda d: F.write_png_bomb(d / "poster.png"),
        "'poster.png' claims to be 30000 × 30000 pixels (900 megapixels) in a file of only 1 KB: no real poster "
        "is like that. The file is damaged or made to crash image programs; export the poster again from the "
        "original design.",
    ),
    "encrypted PDF": (
        lambda d: F.write_encrypted_pdf(d / "poster.pdf"),
        "'poster.pdf' is protected with a password, so the gallery cannot open it. Export the PDF again "
        "without a password.",
    ),
    "broken PDF": (
        lambda d: _write(d / "poster.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n%%EOF\n"),
        "'poster.pdf' is not a readable PDF: it is damaged or incomplete. Export the PDF again and upload the "
        "new file.",
    ),
    "JPG named .pdf": (
        lambda d: F.write_jpeg(d / "poster.pdf"),
        "'poster.pdf' is really a JPG image, not a PDF; rename it to end in .jpg.",
    ),
    "PNG named .pdf": (
        lambda d: F.write_png(d / "poster.pdf"),
        "'poster.pdf' is really a PNG image, not a PDF; rename it to end in .png.",
    ),
    "web page named .pdf": (  # a shared drive's link had expired: its page was saved under the poster's name
        lambda d: _write(d / "poster.pdf", b"<!DOCTYPE html>\n<html lang=id><title>Google Drive - Akses ditolak"),
        "'poster.pdf' is a text file, not an image (it begins with \"<!DOCTYPE html>\"); perhaps a web page or a link "
        "was saved instead of the poster. Save the poster file itself and add it again.",
    ),
    "Word file named .pdf": (
        lambda d: _write(d / "poster.pdf", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml" + bytes(200)),
        "'poster.pdf' is not a PDF but a Word or PowerPoint file, or a zip archive, under a PDF's name. Open it in "
        "its program and save it as a PDF (File > Save As > PDF), or take the poster file out of the archive.",
    ),
    "GIF named .pdf": (
        lambda d: _gif(d / "poster.pdf"),
        "'poster.pdf' is a GIF image, which the gallery does not take. Export the poster again as a JPG, PNG, "
        "WebP, AVIF or PDF file.",
    ),
    "GIF named .png": (
        lambda d: _gif(d / "poster.png"),
        "'poster.png' is a GIF image, which the gallery does not take. Export the poster again as a JPG, PNG, "
        "WebP, AVIF or PDF file.",
    ),
}


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _damaged_png(path):
    im = Image.effect_noise((300, 400), 60).convert("RGB")
    im.save(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # a block of zeros in the middle of the image data
    path.write_bytes(bytes(data))
    return path


def _gif(path):
    Image.new("P", (240, 340), 1).save(path, "GIF")
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_poster_files_give_a_clear_message(tmp_path, case):
    make, message = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(PosterImageError) as raised:
        make_renditions(path, RenditionSettings())
    assert str(raised.value) == message
    # check finds the same problem, cheaply.
    with pytest.raises(PosterImageError) as probed:
        probe_poster(path, RenditionSettings())
    assert str(probed.value) == message


def test_over_the_pixel_limit(tmp_path):
    path = tmp_path / "poster.jpg"
    Image.effect_noise((1500, 1000), 40).convert("RGB").save(path, quality=90)
    message = (
        "'poster.jpg' is 1500 × 1000 pixels (2 megapixels), more than the limit of 1 megapixels. Export it "
        "smaller: about 7000 pixels on the long side is plenty for reading the poster on a screen."
    )
    for call in (make_renditions, probe_poster):
        with pytest.raises(PosterImageError) as raised:
            call(path, RenditionSettings(max_pixels=1_000_000))
        assert str(raised.value) == message


@pytest.mark.parametrize("size", [(1, 1), (3, 5), (7, 7), (7, 100), (100, 7), (6, 500)])
def test_a_jpeg_under_8_pixels_on_a_side_passes_the_probe_as_it_passes_a_build(tmp_path, size):
    """libjpeg cannot decode below one pixel: 1/8 scale fails for these, so the probe takes a scale they allow."""
    path = F.write_jpeg(tmp_path / "tiny.jpg", size=size)
    assert probe(path, RenditionSettings()) == Probe(size=size)
    made = make_renditions(path, RenditionSettings())
    assert (made.info.source_width, made.info.source_height) == size


def test_running_out_of_memory_while_probing_is_a_problem_not_a_pass(tmp_path, monkeypatch):
    path = F.write_jpeg(tmp_path / "poster.jpg")

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(images, "_header", no_memory)
    failure = probe(path, RenditionSettings()).problem
    assert str(failure) == (
        "there was not enough memory to process 'poster.jpg'; close other programs and build "
        "again, or export the poster with fewer pixels."
    )
    assert failure.lasting is False  # not remembered: it may go away


def test_the_system_refusing_a_read_while_probing_is_a_problem_not_a_pass(tmp_path, monkeypatch):
    path = F.write_jpeg(tmp_path / "poster.jpg")

    def too_many_files(*args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(images, "_header", too_many_files)
    failure = probe(path, RenditionSettings()).problem
    assert str(failure) == (
        "'poster.jpg' could not be read (Too many open files); check that the file is complete "
        "and that it may be read, then try again."
    )
    monkeypatch.setattr(images, "_header", lambda *a: (_ for _ in ()).throw(OSError(12, "Cannot allocate memory")))
    assert probe(path, RenditionSettings()).problem.template == images._memory_error(path).template


def test_good_files_pass_the_probe_which_says_an_image_s_size(tmp_path):
    assert probe_poster(F.write_jpeg(tmp_path / "a.jpg", size=(240, 340)), RenditionSettings()).size == (240, 340)
    assert probe_poster(F.write_png16_grey(tmp_path / "b.png", size=(120, 170)), RenditionSettings()).size == (120, 170)
    # A PDF: the size of the picture its page is (420 x 595 pixels on as many points); None for one drawn from
    # shapes and text, which is drawn at the size each rendition needs.
    assert probe_poster(F.write_pdf(tmp_path / "c.pdf"), RenditionSettings()).size == (420, 595)
    assert probe_poster(F.write_vector_pdf(tmp_path / "d.pdf"), RenditionSettings()).size is None
    # A phone photo stored sideways with the EXIF tag that turns it: the size as it is shown, as a build says it.
    for orientation in range(1, 9):
        turned = F.write_oriented_jpeg(tmp_path / f"o{orientation}.jpg", orientation, size=(240, 340))
        made = make_renditions(turned, RenditionSettings())
        assert probe_poster(turned, RenditionSettings()).size == (made.info.source_width, made.info.source_height)
        assert (made.info.source_width, made.info.source_height) == (240, 340)


def test_an_image_is_hard_to_read_under_the_smallest_size_on_its_longer_side():
    assert [hard_to_read(size, 1200) for size in ((848, 1199), (1199, 700), (849, 1200), (1200, 400))] == [
        True,
        True,
        False,
        False,
    ]
    assert not hard_to_read((240, 340), 0)  # the warning turned off
    assert not hard_to_read(None, 1200) and not hard_to_read((0, 0), 1200)  # a PDF, a size not known


def test_messages_are_in_indonesian_by_default():
    from postergallery.i18n import Translator

    error = PosterImageError(
        "'{name}' is protected with a password, so the gallery cannot open it. Export the PDF "
        "again without a password.",
        name="poster.pdf",
    )
    assert Translator("id")(error.template, **error.params) == (
        "'poster.pdf' dilindungi kata sandi, sehingga galeri tidak dapat membukanya. Ekspor lagi PDF-nya tanpa "
        "kata sandi."
    )


def test_one_poster_made_with_threads_gives_the_same_bytes(tmp_path):
    """A poster alone is encoded on several threads; the files are the same as from one thread."""
    path = F.write_oriented_jpeg(tmp_path / "poster.jpg", 6, size=(1240, 1754))
    one = make_renditions(path, RenditionSettings(), threads=1)
    two = make_renditions(path, RenditionSettings(), threads=2)
    assert list(two.renditions) == list(KINDS)
    assert {k: r.data for k, r in one.renditions.items()} == {k: r.data for k, r in two.renditions.items()}
    assert one.placeholder == two.placeholder


def test_webp_renditions_are_the_bytes_libvips_would_make(tmp_path):
    """The WebPs are encoded by Pillow for less CPU; the files are byte for byte what libvips' webpsave makes
    with the same settings, so renditions cached before the change stay valid (PIPELINE_VERSION unchanged)."""
    path = F.write_oriented_jpeg(tmp_path / "poster.jpg", 1, size=(1240, 1754))
    settings = RenditionSettings()
    made = make_renditions(path, settings)
    sized = images.resized(images.open_poster(path, settings)[0], settings)
    for kind in ("display", "thumb2x", "thumb"):
        expected = sized[kind].webpsave_buffer(Q=settings.webp_quality, effort=settings.webp_effort, keep="none")
        assert made.renditions[kind].data == expected, kind

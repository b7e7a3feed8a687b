"""Page 1 of a poster PDF, drawn by PDFium in a process of its own, with bounded memory and time.

A PDF page is a program of drawing instructions, packed: 0.3 MB can unpack into 100 MB of them, which
PDFium holds and draws whole (1.6 GB and 100 s for that file, SECURITY.md). Drawn in a child process
under a limit of address space and of CPU time, such a file is refused with a message instead of
holding a check or a build, or the machine, for minutes. The child reads the file and writes, on its
standard output, one JSON line (the page's size and text, or why it refuses) and then the pixels.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# What drawing a real poster's page takes is far below these (a 5,000-page PDF: 0.3 s, under 200 MB).
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space the drawing process may hold
CPU_SECONDS = 30
WALL_SECONDS = 90  # also for a machine so busy that the CPU time is not used up
# A page is a picture of the poster (a phone's screenshot or a chat app's image printed to PDF) when pictures
# cover at least this much of it (a landscape picture printed on portrait paper covers about half, a phone's
# screenshot a third) and visible text (not the invisible text of a scan's text recognition) less than
# TEXT_COVER: its words are in the picture, and the picture's pixels are all the detail it has.
PICTURE_COVER = 0.25
TEXT_COVER = 0.05
# Nor is a page of more shapes than this: its words may be drawn as shapes (text "converted to curves", as print
# shops ask), sharp at any size. A picture printed to PDF has a few at most (a background, a frame).
MAX_SHAPES = 100
# A print shop's PDF is cut to its TrimBox (_cut_to_trim) when the TrimBox lies within the page (within TRIM_SLACK
# points: exporters round), at least TRIM_MIN_CUT points narrower or shorter (a 3 mm bleed is 8.5 points a side),
# and holds at least TRIM_MIN_SHARE of the page (printer's marks take a few centimetres round an A4 poster).
TRIM_SLACK = 0.5
TRIM_MIN_CUT = 2.0
TRIM_MIN_SHARE = 0.5
MAX_OBJECTS = 5000  # page objects looked at for that; a page of more is drawn, not a picture
MAX_FORM_DEPTH = 4  # groups of objects within groups (PDF form XObjects) looked into
_SCRIPTS = str(Path(__file__).resolve().parents[2])
_CHILD = f"import sys; sys.path.insert(0, {_SCRIPTS!r}); from postergallery.stages.pdfpage import _child; _child()"


@dataclass(frozen=True)
class DrawnPage:
    """Page 1 drawn on white: RGB pixels, 3 bytes each, row after row; the PDF's pages; the page's text; and,
    when the page is a picture of the poster, that picture's width and height in pixels (``picture_size``)."""

    rgb: bytes
    width: int
    height: int
    pages: int
    text: str
    picture: tuple[int, int] | None = None


class PdfRefused(Exception):
    """Why page 1 cannot be drawn: ``kind`` is "password", "unreadable", "empty", "no-size", "aspect" (with the
    page's ``width`` and ``height`` in points) or "limits" (it took more memory or time than any poster does).
    ``lasting`` is False where the cause may be the machine's rather than the file's."""

    def __init__(self, kind: str, *, lasting: bool = True, **params):
        super().__init__(kind)
        self.kind = kind
        self.lasting = lasting
        self.params = params


def draw_first_page(path: Path, zoom_width: int, max_pixels: int, max_side: int) -> DrawnPage:
    """Page 1 of the PDF at ``path``, ``zoom_width`` pixels wide (less for a page so tall that it would exceed
    ``max_pixels`` or ``max_side``); raises PdfRefused."""
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(zoom_width), str(max_pixels), str(max_side)],
            capture_output=True,
            timeout=WALL_SECONDS,
        )
    except subprocess.TimeoutExpired:
        # The wall clock's limit: on a machine busy enough the CPU time was not used up. Tried again next build.
        raise PdfRefused("limits", lasting=False) from None
    head, _, pixels = proc.stdout.partition(b"\n")
    try:
        answer = json.loads(head) if proc.returncode == 0 else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):  # killed at a limit, or out of memory within it
        # Killed from outside (the system short of memory for all its programs), not at a limit of its own: the
        # file may be fine, and is tried again next build instead of being refused for good.
        raise PdfRefused("limits", lasting=proc.returncode != -signal.SIGKILL)
    if "refused" in answer:
        raise PdfRefused(answer.pop("refused"), **answer)
    width, height = answer["width"], answer["height"]
    if len(pixels) != width * height * 3:
        raise PdfRefused("limits")
    found = answer.get("picture")
    picture = None
    if isinstance(found, list) and len(found) == 2 and all(isinstance(n, int) for n in found):
        picture = (found[0], found[1])
    return DrawnPage(pixels, width, height, answer["pages"], answer["text"], picture)


def _child() -> None:
    """The drawing process: limits first, then the page, written to standard output."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    except (ImportError, ValueError, OSError):
        pass  # (Windows has no such limits: the parent's time limit still holds)
    path, zoom_width, max_pixels, max_side = sys.argv[1], *map(int, sys.argv[2:5])
    out = sys.stdout.buffer
    try:
        page = _draw(Path(path), zoom_width, max_pixels, max_side)
    except PdfRefused as refused:
        out.write(json.dumps({"refused": refused.kind, **refused.params}).encode() + b"\n")
        return
    head = {"width": page.width, "height": page.height, "pages": page.pages, "text": page.text, "picture": page.picture}
    out.write(json.dumps(head).encode() + b"\n")
    out.write(page.rgb)


def _draw(path: Path, zoom_width: int, max_pixels: int, max_side: int) -> DrawnPage:
    import pypdfium2 as pdfium

    from postergallery.stages.images import MAX_ASPECT
    from postergallery.stages.pdftext import page_text

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfRefused("password" if "password" in str(exc).lower() else "unreadable") from None
    try:
        pages = len(pdf)
        if pages == 0:
            raise PdfRefused("empty")
        page = pdf[0]
        try:
            _cut_to_trim(page)
            w_pt, h_pt = page.get_size()
            if w_pt < 1 or h_pt < 1:
                raise PdfRefused("no-size")
            if max(w_pt, h_pt) > MAX_ASPECT * min(w_pt, h_pt):
                raise PdfRefused("aspect", width=w_pt, height=h_pt)
            # Very tall pages: keep the drawing within the pixel limit and what a rendition can hold.
            scale = min(zoom_width / w_pt, (max_pixels / (w_pt * h_pt)) ** 0.5, max_side / h_pt)
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
            rendered = bitmap.to_pil().convert("RGB")
            bitmap.close()
            try:
                text = page_text(page)
            except pdfium.PdfiumError:
                text = ""  # the page draws, its text cannot be read: the poster shows without it
            try:
                picture = picture_size(page)
            except pdfium.PdfiumError:
                picture = None  # an object that cannot be read: no warning, rather than no poster
        finally:
            page.close()
    finally:
        pdf.close()
    return DrawnPage(rendered.tobytes(), rendered.width, rendered.height, pages, text, picture)


def _cut_to_trim(page) -> None:
    """Show ``page`` (a pypdfium2 page) as the paper is cut: where its TrimBox lies within the part shown (the
    CropBox) and is smaller, the part shown becomes the TrimBox.

    A PDF made for a print shop ("with bleed and printer's marks") is larger than the poster: the colours
    run past the edge to be cut off, and crop marks and a line of the printer's text sit outside it. The
    TrimBox says where the paper is cut. One a little off, or a stray one much smaller than the page, is
    not taken (TRIM_*).
    """
    trim = page.get_trimbox(fallback_ok=False)
    if trim is None:
        return
    left, bottom, right, top = page.get_cropbox()
    t_left, t_bottom, t_right, t_top = trim
    inside = (
        t_left >= left - TRIM_SLACK
        and t_bottom >= bottom - TRIM_SLACK
        and t_right <= right + TRIM_SLACK
        and t_top <= top + TRIM_SLACK
    )
    width, height = right - left, top - bottom
    t_width, t_height = t_right - t_left, t_top - t_bottom
    smaller = width - t_width >= TRIM_MIN_CUT or height - t_height >= TRIM_MIN_CUT
    if inside and smaller and t_width * t_height >= TRIM_MIN_SHARE * width * height:
        page.set_cropbox(t_left, t_bottom, t_right, t_top)


def picture_size(page) -> tuple[int, int] | None:
    """When ``page`` (a pypdfium2 page) is a picture of the poster (PICTURE_COVER): the picture's width and height
    in pixels as the page shows it (of the box round the pictures, tiles of one picture too, at their resolution:
    their pixels per point, weighted by the area each covers); else None."""
    import pypdfium2.raw as raw

    left, bottom, right, top = page.get_cropbox()
    page_area = max(right - left, 0) * max(top - bottom, 0)
    found = _objects(page, raw)
    if page_area <= 0 or found is None:
        return None  # a page of more than MAX_OBJECTS objects is drawn, not a picture
    if sum(obj.type == raw.FPDF_PAGEOBJ_PATH for obj, _, _ in found) > MAX_SHAPES:
        return None
    pictures = text = resolution = 0.0
    box = [right, top, left, bottom]  # round the pictures, within the page
    for obj, matrix, placed in found:
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            continue  # counted above, and covering nothing of its own
        # The part of the page the object covers: its box within the page's, the parallelogram a turned
        # picture draws counted by its share of its box.
        x0, y0, x1, y1 = placed.on_rect(*obj.get_bounds())
        outer = (x1 - x0) * (y1 - y0)
        x0, y0, x1, y1 = max(x0, left), max(y0, bottom), min(x1, right), min(y1, top)
        inside = max(x1 - x0, 0) * max(y1 - y0, 0)
        if obj.type == raw.FPDF_PAGEOBJ_TEXT:
            if raw.FPDFTextObj_GetTextRenderMode(obj) not in (
                raw.FPDF_TEXTRENDERMODE_INVISIBLE,
                raw.FPDF_TEXTRENDERMODE_CLIP,
            ):
                text += inside
            continue
        area = abs(matrix.a * matrix.d - matrix.b * matrix.c) * (inside / outer if outer > 0 else 0)
        width, height = obj.get_px_size()
        wide, tall = (matrix.a**2 + matrix.b**2) ** 0.5, (matrix.c**2 + matrix.d**2) ** 0.5
        if area > 0 and wide > 0 and tall > 0:
            pictures += area
            resolution += area * min(width / wide, height / tall)
            box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    if pictures < PICTURE_COVER * page_area or text >= TEXT_COVER * page_area:
        return None
    per_point = resolution / pictures
    width, height = round((box[2] - box[0]) * per_point), round((box[3] - box[1]) * per_point)
    return (height, width) if page.get_rotation() % 180 else (width, height)  # a page turned by /Rotate


def _objects(page, raw) -> list | None:
    """The page's pictures, texts and shapes, each with the matrix that places it on the page and the one that places
    the group it is in, looking into groups of objects (form XObjects) to MAX_FORM_DEPTH; None for a page of
    more than MAX_OBJECTS objects."""
    import pypdfium2 as pdfium

    wanted = (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH)
    found, seen = [], 0
    pending = [(None, pdfium.PdfMatrix(), 0)]  # (group or None for the page, where it is placed, depth)
    while pending:
        form, placed, depth = pending.pop()
        for obj in page.get_objects(max_depth=0, form=form):
            seen += 1
            if seen > MAX_OBJECTS:
                return None
            matrix = obj.get_matrix().multiply(placed)
            if obj.type == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                pending.append((obj, matrix, depth + 1))
            elif obj.type in wanted:
                found.append((obj, matrix, placed))
    return found

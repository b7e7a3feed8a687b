"""The floor plan, ``map/``: where each poster hangs at the venue, every board a link to its poster.

A poster says which board it hangs on (``board: A12`` in its ``poster.yml``). The committee draws the hall
(an SVG drawing, or a PNG, JPG or WebP image) and puts it in ``docs/``; one file in the posters folder,
``posters/_map.yml``, names the drawing and says where each board is on it::

    plan: denah.svg            # the drawing, in docs/
    boards:
      A1: [120, 80]            # x, y from the drawing's top left corner, in its own units
      A2: ["40%", "25%"]       # or in percent of its width and height

Why a file beside the posters rather than a section of ``mkdocs.yml``: the people who hang the posters
keep the board list, in the same folder and the same kind of file as the posters they describe, and a
mistake in it is reported on its own line without touching the site's settings; a change to it is a
change to ``posters/`` only, checked like any poster (``pull_request_scope``). No such file: no map page.

The page shows the drawing with a marker per board, each a link naming the board and the poster's title,
and the same links as a plain list (for screen readers, and without the drawing). ``map/#board-A12``
highlights one board (CSS ``:target``, no script needed); the poster page links there. The drawing is
shown as an image (``<img>``), so nothing in it runs.

``check`` reports what does not fit (``map_problems``): two posters on one board, a board with no position,
a position outside the drawing or for a board no poster has, a drawing that is missing or cannot be read.
"""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from postergallery import schema
from postergallery.features import Feature, PageFile, Pages
from postergallery.i18n import N_, Translator, megabytes
from postergallery.model import Problem
from postergallery.stages.linecheck import NO_BREAK_INDENT, NO_BREAK_SPACES
from postergallery.stages.render import PageRenderer, Site
from postergallery.yamlsource import (
    YamlRefused,
    compose,
    decode_text,
    is_null,
    mapping_items,
    refusal_message,
    scalar_value,
    where,
)

HERE = "map/"
MAP_FILE = "_map.yml"  # in the posters folder
MAX_MAP_BYTES = 256 * 1024  # a thousand boards fit in a tenth of that
MAX_PLAN_BYTES = 10 * 1024 * 1024
PLAN_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(px)?\s*$")
_PERCENT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$")


def _with_plain_indent(line: str) -> str:
    """``line`` with the non-breaking spaces that begin it made plain spaces."""
    body = line.lstrip(" " + NO_BREAK_SPACES)
    return " " * (len(line) - len(body)) + body


@dataclass(frozen=True)
class Plan:
    """The drawing of the hall: its path in ``docs/`` and its size in its own units."""

    path: str  # relative to docs/, forward slashes, e.g. "denah.svg"
    width: float
    height: float
    left: float = 0.0  # an SVG's viewBox may not start at 0, 0
    top: float = 0.0


@dataclass(frozen=True)
class VenueMap:
    """The plan and where each board is on it, in percent of its width and height."""

    plan: Plan
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class MapReading:
    """What ``read_map`` found: the map (None when there is none, or its plan cannot be used) and its problems."""

    map: VenueMap | None
    problems: list[Problem]


def board_key(board: str) -> tuple:
    """Sorts boards as people count them, as the site's scripts do (a numeric collation): A-1, A2, A10, B1.
    A number counts as a whole; a dash comes before digits, digits before letters."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1 if part.isalpha() else -1, 0, part)
        for part in re.findall(r"\d+|\D", board)
    )


def map_path(settings) -> str:
    """``posters/_map.yml``, as problems name it."""
    return f"{settings.posters.strip('/')}/{MAP_FILE}"


def read_map(settings, boards: dict[str, str], tr: Translator) -> MapReading:
    """Read ``posters/_map.yml`` and its plan, and check the posters' boards (``boards``: poster folder name ->
    board number, ``LoadResult.boards``) against them.

    Every problem is returned: boards given to two posters (also without a map), and everything
    ``posters/_map.yml`` gets wrong, each at its line. The boards of posters with other mistakes count
    too, so that a mistake in a title does not also make its board look empty.
    """
    problems = _duplicate_boards(settings, boards, tr)
    rel = map_path(settings)
    path = settings.root / rel
    if not os.path.lexists(path):
        return MapReading(None, problems)
    reader = _MapReader(settings, rel, tr)
    venue_map = reader.read(path)
    problems += reader.problems
    if venue_map is not None:
        taken = set(boards.values())
        for board, at in reader.board_nodes.items():
            if board not in taken and board in venue_map.positions:
                problems.append(
                    reader.problem(
                        at,
                        tr(
                            "no poster has board '{board}'; check the number, or remove this line while the board "
                            "stays empty.",
                            board=board,
                        ),
                        "warning",
                    )
                )
        for slug, board in boards.items():
            if board not in reader.board_nodes:
                problems.append(
                    _poster_problem(
                        settings,
                        slug,
                        tr(
                            "board '{board}' has no place on the floor plan; add a line '  {board}: [x, y]' under "
                            "'boards:' in {file}.",
                            board=board,
                            file=rel,
                        ),
                        "warning",
                    )
                )
    problems.sort(key=Problem.sort_key)
    return MapReading(venue_map, problems)


def _duplicate_boards(settings, boards: dict[str, str], tr: Translator) -> list[Problem]:
    by_board: dict[str, list[str]] = {}
    for slug, board in boards.items():
        by_board.setdefault(board, []).append(slug)
    problems = []
    for board, holders in by_board.items():
        if len(holders) < 2:
            continue
        for slug in holders:
            others = ", ".join(f"{settings.posters.strip('/')}/{other}/" for other in holders if other != slug)
            problems.append(
                _poster_problem(
                    settings,
                    slug,
                    tr(
                        "board '{board}' is also given to {others}; one board holds one poster, so give each "
                        "its own board number.",
                        board=board,
                        others=others,
                    ),
                )
            )
    return problems


def _poster_problem(settings, slug: str, message: str, severity: str = "error") -> Problem:
    """A problem at the ``board`` line of the poster's ``poster.yml`` (or the file, if it cannot be found)."""
    rel = f"{settings.posters.strip('/')}/{slug}/poster.yml"
    line = col = None
    try:
        root = compose(decode_text((settings.root / rel).read_bytes()), allow_aliases=False)
    except (OSError, YamlRefused):
        root = None
    if isinstance(root, MappingNode):
        for key, _knode, vnode in mapping_items(root):
            if key.strip().lower() in ("board", "papan", "nomor_papan"):
                w = where(vnode)
                line, col = w.line, w.col
    return Problem(rel, line, col, message, severity)


class _MapReader:
    """Reads one ``_map.yml``, collecting its problems."""

    def __init__(self, settings, rel: str, tr: Translator):
        self.settings = settings
        self.rel = rel
        self.tr = tr
        self.problems: list[Problem] = []
        self.board_nodes: dict[str, Node] = {}  # each board given a position (valid or not), at its key

    def problem(self, at, message: str, severity: str = "error") -> Problem:
        line = col = None
        if isinstance(at, Node):
            w = where(at)
            line, col = w.line, w.col
        elif isinstance(at, tuple):
            line, col = at
        return Problem(self.rel, line, col, message, severity)

    def error(self, at, message: str, **params) -> None:
        self.problems.append(self.problem(at, self.tr(message, **params)))

    def read(self, path: Path) -> VenueMap | None:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            self.error(None, "{file} must be an ordinary file, not a link (symlink) or a folder.", file=self.rel)
            return None
        if st.st_size > MAX_MAP_BYTES:
            self.error(
                None,
                "{file} is {size} KB; the list of boards fits in far less (at most {limit} KB). "
                "Check that this is the right file.",
                file=self.rel,
                size=st.st_size // 1024,
                limit=MAX_MAP_BYTES // 1024,
            )
            return None
        text = ""
        try:
            text = decode_text(path.read_bytes())
            root = compose(text, allow_aliases=False)
        except YamlRefused as refused:
            message, params = refusal_message(refused, self.rel, self.tr)
            self.error((refused.line, refused.col) if refused.line else None, message, **params)
            return None
        if root is None or is_null(root):
            return None  # an empty file: no map yet
        if not isinstance(root, MappingNode):
            self.error(root, "{file} must hold the lines 'plan: ...' and 'boards:'.", file=self.rel)
            return None
        plan_node = boards_node = None
        for key, knode, vnode in mapping_items(root):
            if key == "plan":
                plan_node = vnode
            elif key == "boards":
                boards_node = vnode
            elif key.startswith(tuple(NO_BREAK_SPACES)):  # a board's line indented with spaces pasted from a chat
                self.error(
                    (knode.start_mark.line + 1, 1),
                    NO_BREAK_INDENT,
                    corrected=_with_plain_indent(text.splitlines()[knode.start_mark.line]),
                )
            else:
                self.error(knode, "unknown field '{key}'; {file} has only 'plan' and 'boards'.", key=key, file=self.rel)
        if plan_node is None:
            self.error((1, 1), "'plan' is missing: add a line 'plan: denah.svg' naming the floor plan's file in docs/.")
            plan = None
        else:
            plan = self.read_plan(plan_node)
        positions = self.read_boards(boards_node, plan) if boards_node is not None else {}
        return VenueMap(plan, positions) if plan is not None else None

    def read_plan(self, node: Node) -> Plan | None:
        docs = self.settings.docs_dir.strip("/")
        if not isinstance(node, ScalarNode) or not node.value.strip():
            self.error(
                node, "'plan' must be the name of the floor plan's file in {docs}/, e.g. plan: denah.svg.", docs=docs
            )
            return None
        name = node.value.strip()
        pure = PurePosixPath(name)
        if "\\" in name or pure.is_absolute() or ".." in pure.parts or re.search(r"[\x00-\x1f\x7f]", name):
            self.error(
                node,
                "'plan' must be a file inside {docs}/, written from there, e.g. plan: denah.svg ('{value}' is not).",
                docs=docs,
                value=name,
            )
            return None
        shown = f"{docs}/{pure}"
        if pure.suffix.lower() not in PLAN_SUFFIXES:
            self.error(node, "the floor plan '{file}' must be an SVG drawing or a PNG, JPG or WebP image.", file=shown)
            return None
        path = self.settings.docs_path / pure
        try:
            st = os.lstat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            self.error(
                node,
                "the floor plan '{file}' was not found; put the drawing there or correct the name "
                "(upper and lower case count).",
                file=shown,
            )
            return None
        if st.st_size > MAX_PLAN_BYTES:
            self.error(
                node,
                "the floor plan '{file}' is {size} MB; visitors open it on their phones, so keep it under {limit} MB.",
                file=shown,
                size=megabytes(st.st_size),
                limit=MAX_PLAN_BYTES // 1_000_000,
            )
            return None
        size = svg_size(path) if pure.suffix.lower() == ".svg" else image_size(path)
        if isinstance(size, str):
            self.error(node, "the floor plan '{file}' cannot be read: {reason}.", file=shown, reason=self.tr(size))
            return None
        left, top, width, height = size
        return Plan(str(pure), width, height, left, top)

    def read_boards(self, node: Node, plan: Plan | None) -> dict[str, tuple[float, float]]:
        if is_null(node):
            return {}
        if not isinstance(node, MappingNode):
            self.error(node, "'boards' must list one board per line, like '  A12: [120, 80]'.")
            return {}
        positions: dict[str, tuple[float, float]] = {}
        for key, knode, vnode in mapping_items(node):
            board = key.strip().upper()
            if not isinstance(knode, ScalarNode) or not schema.is_board(board):
                self.error(
                    knode, "'{value}' is not a board number: 1 to 8 letters, digits or dashes, e.g. A12.", value=key
                )
                continue
            if board in self.board_nodes:
                self.error(
                    knode,
                    "board '{board}' is placed twice (first on line {line}); keep only one.",
                    board=board,
                    line=where(self.board_nodes[board]).line,
                )
                continue
            self.board_nodes[board] = knode
            point = self.read_point(board, vnode, plan)
            if point is not None:
                positions[board] = point
        return positions

    def read_point(self, board: str, node: Node, plan: Plan | None) -> tuple[float, float] | None:
        values = [c for c in map(_coordinate, node.value) if c] if isinstance(node, SequenceNode) else []
        if len(values) != 2 or len(node.value) != 2:
            self.error(
                node,
                "the place of board '{board}' must be two numbers in brackets, x then y, like [120, 80] "
                '(or in percent, like ["40%", "25%"]).',
                board=board,
            )
            return None
        if plan is None:
            return None
        (x, x_percent), (y, y_percent) = values
        px = x if x_percent else (x - plan.left) / plan.width * 100
        py = y if y_percent else (y - plan.top) / plan.height * 100
        if not (0 <= px <= 100 and 0 <= py <= 100):
            self.error(
                node,
                "board '{board}' is placed at {place}, outside the floor plan, which is {width} × {height} "
                "(x from {left} to {right}, y from {top} to {bottom}; or 0% to 100%).",
                board=board,
                place=f"[{_number_text(node.value[0])}, {_number_text(node.value[1])}]",
                width=_num(plan.width),
                height=_num(plan.height),
                left=_num(plan.left),
                right=_num(plan.left + plan.width),
                top=_num(plan.top),
                bottom=_num(plan.top + plan.height),
            )
            return None
        return (round(px, 2), round(py, 2))


def _coordinate(node: Node) -> tuple[float, bool] | None:
    """(value, in percent?) of one coordinate, or None."""
    if not isinstance(node, ScalarNode):
        return None
    try:
        value = scalar_value(node)
    except ValueError:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return (float(value), False) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        if m := _PERCENT.match(value):
            return float(m.group(1)), True
        if m := _NUMBER.match(value):
            return float(m.group(1)), False
    return None


def _number_text(node: Node) -> str:
    return node.value if isinstance(node, ScalarNode) else "?"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# What keeps a plan from being read, said to the committee (translated where the problem is reported).
_SVG_NOT_XML = N_("it is not an SVG drawing (the file is not valid XML); save it again from the drawing program")
_SVG_NOT_SVG = N_("it is not an SVG drawing (its first element is not <svg>)")
_SVG_NO_SIZE = N_(
    'the drawing does not say its size; give its <svg> element a viewBox, e.g. viewBox="0 0 1200 800", '
    "or a width and a height in pixels"
)
_NOT_IMAGE = N_("it is not a PNG, JPG or WebP image that can be opened; export it again from the drawing program")


def svg_size(path: Path) -> tuple[float, float, float, float] | str:
    """(left, top, width, height) of an SVG drawing from its ``viewBox`` (else its width and height in pixels),
    or the (untranslated) reason it cannot be used. Only the root element is read."""
    try:
        with path.open("rb") as file:
            element = next((element for _event, element in ElementTree.iterparse(file, events=("start",))), None)
        if element is None:
            return _SVG_NOT_XML
    except (ElementTree.ParseError, OSError, ValueError):
        return _SVG_NOT_XML
    if element.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
        return _SVG_NOT_SVG
    box = (element.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            left, top, width, height = (float(v) for v in box)
        except ValueError:
            return _SVG_NO_SIZE
        if width > 0 and height > 0 and all(abs(v) < 1e9 for v in (left, top, width, height)):
            return left, top, width, height
        return _SVG_NO_SIZE
    sizes = [_NUMBER.match(element.get(name) or "") for name in ("width", "height")]
    if all(sizes):
        width, height = (float(m.group(1)) for m in sizes if m)
        if 0 < width < 1e9 and 0 < height < 1e9:
            return 0.0, 0.0, width, height
    return _SVG_NO_SIZE


def image_size(path: Path) -> tuple[float, float, float, float] | str:
    """(0, 0, width, height) of a PNG, JPG or WebP image that decodes, or the (untranslated) reason not."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG", "WEBP"):
                return _NOT_IMAGE
            image.load()
            return 0.0, 0.0, float(image.width), float(image.height)
    except Exception:  # Pillow raises many kinds for a broken file; each means the same here
        return _NOT_IMAGE


class MapPage(PageRenderer):
    """Renders the floor plan page."""

    def files(self) -> Iterable[tuple[str, str]]:
        venue_map = self.site.venue_map
        if venue_map is None:
            return
        s = self.site
        by_board = {p.board: p for p in s.posters if p.board}
        boards = sorted((b for b in venue_map.positions if b in by_board), key=board_key)
        marks = [(b, by_board[b], venue_map.positions[b]) for b in boards]
        heading = s.tr("Floor plan")
        meta = {
            "title": heading,
            "description": s.tr("Where each poster hangs at the venue."),
            "hide": ["navigation", "toc"],
        }
        plan = venue_map.plan
        yield (
            HERE + "index.md",
            self.render_page(
                "map.html.j2",
                meta,
                here=HERE,
                heading=heading,
                plan=plan,
                plan_src=self.relative_plan(plan),
                marks=marks,
                listed=sorted((p for p in s.posters if p.board), key=lambda p: board_key(p.board or "")),
            ),
        )

    @staticmethod
    def relative_plan(plan: Plan) -> str:
        return "../" + plan.path


def map_pages(site: Site) -> Pages:
    return Pages([PageFile(path, text) for path, text in MapPage(site).files()])


FEATURE = Feature("map", (HERE,), map_pages, hidden=(HERE,))

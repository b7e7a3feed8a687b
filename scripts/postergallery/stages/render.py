"""Turn posters into page files: Markdown pages with front matter and one raw HTML block.

Why raw HTML inside Markdown: MkDocs (and Zensical) then render the pages
with the Material theme, search indexes them, and nothing a committee
member writes is ever interpreted as Markdown, HTML or a template.

Escaping rules, in one place:

* Everything user-provided goes through Jinja with autoescape; ``finalize``
  also turns ``{`` and ``}`` into entities, so no template engine that runs
  later (a macros plugin) can see ``{{ ... }}`` in poster text.
* User text never starts a line of the Markdown file (it always follows an
  opening tag on the same line), so line-based Markdown preprocessors such
  as snippets (``--8<--``) never see it.
* Front-matter values are HTML-escaped strings written as double-quoted
  YAML scalars on one line: Material outputs ``page.meta`` values without
  escaping, so they must already be safe HTML.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from postergallery.i18n import Translator
from postergallery.model import ROLE_GROUPS, ROLE_NAMES, ROLES, Poster, PosterImages
from postergallery.stages.kept import KeptPieces
from postergallery.stages.spelling import as_most_write_them
from postergallery.stages.writer import GENERATED_MARKER

if TYPE_CHECKING:  # the settings stage reads the features' settings, whose pages render with this module
    from postergallery.features.qr import QrCode
    from postergallery.features.results import Award
    from postergallery.features.venuemap import VenueMap
    from postergallery.features.vote import VoteSlot
    from postergallery.stages.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def html_text(value) -> Markup:
    """Escape for HTML, and make template braces inert."""
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))


def _finalize(value):
    if isinstance(value, str) and not isinstance(value, Markup):
        return html_text(value)
    return value


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in ``folder`` between builds (Jinja recompiles a template whose source
    changed); None when the folder cannot be made, which only costs time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_environment(tr: Translator, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The templates' environment, speaking ``tr``'s language; with ``bytecode_dir``, compiled templates are
    kept there between builds.

    Templates write their words as the Python code does: ``_("Share")``, ``_("Poster {n} of {total}", n=...,
    total=...)``, ``ngettext("{count} poster", "{count} posters", n, count=n)``, translated by ``tr`` with
    ``{name}`` placeholders filled in after the lookup. (Jinja's ``{% trans %}`` blocks would fill
    ``%(name)s`` placeholders instead, so the templates do not use them.)
    """
    env = jinja2.Environment(
        bytecode_cache=None if bytecode_dir is None else bytecode_cache(bytecode_dir),
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the jinja2.ext.i18n extension
        tr, tr.ngettext, newstyle=False, pgettext=tr.pgettext
    )
    env.globals["plural_forms"] = tr.plural_forms
    return env


def front_matter(values: dict) -> str:
    """A YAML front-matter block; strings are HTML-escaped and written on one line."""
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {_yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# Characters YAML reads as a line break inside a quoted value (where '---' after one ends the front
# matter), or does not accept at all. Left raw, MkDocs cannot read the front matter and renders it
# as Markdown, links and all; written as escapes they stay part of the value.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _yaml_string(text: str) -> str:
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _yaml_value(value) -> str:
    if isinstance(value, Markup):
        return _yaml_string(str(value))
    if isinstance(value, str):
        return _yaml_string(str(html_text(value)))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    raise TypeError(f"cannot write {type(value).__name__} in front matter")


def relative(from_dir: str, to: str) -> str:
    """Relative URL from the page at ``from_dir`` (e.g. "poster/x/") to ``to`` (site path)."""
    depth = len([p for p in from_dir.split("/") if p])
    return "../" * depth + to if (depth or to) else "./"


@dataclass(frozen=True)
class Facet:
    """A way to group posters: by role, centre or tag; each value gets a listing page."""

    kind: str  # "role", "center", "tag"
    slug: str
    label: str
    posters: tuple[Poster, ...]

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.slug}/"


@dataclass
class Site:
    """All that the page templates need, computed once per build."""

    settings: Settings
    tr: Translator
    posters: list[Poster]
    images: dict[str, PosterImages]
    qr: dict[str, QrCode] = field(default_factory=dict)  # poster slug -> its page's QR code (none without site_url)
    vote: VoteSlot | None = None  # what a poster page's vote button needs; None: the site has no vote
    venue_map: VenueMap | None = None  # the floor plan and its boards (posters/_map.yml); None: no map page
    # The language of problems found while making pages (the command's --lang), which may differ from the site's.
    messages: Translator | None = None
    # poster slug -> the awards it won, once the results are published (features/results.py)
    awards: dict[str, tuple[Award, ...]] = field(default_factory=dict)
    # Poster pages and cards rendered in the last build, reused when made from the same things (stages/kept.py).
    kept: KeptPieces = field(default_factory=KeptPieces)

    def __post_init__(self):
        self.messages = self.messages or self.tr
        # Title order everywhere (grid, listings, previous/next): what visitors expect to browse by. A centre or
        # topic written two ways is shown one way, on every card, page, label and screen.
        self.posters = sorted(as_most_write_them(self.posters), key=lambda p: (p.title.casefold(), p.slug))
        self.roles = [
            Facet("role", r, self.tr(ROLE_GROUPS[r]), tuple(p for p in self.posters if p.role == r)) for r in ROLES
        ]
        self.centers = _facets("center", self.posters, lambda p: [(p.center_slug, p.center)])
        self.tags = _facets("tag", self.posters, lambda p: list(zip(p.tag_slugs, p.tags)))

    def role_label(self, role: str) -> str:
        return self.tr(ROLE_NAMES[role])

    def on_map(self, poster: Poster) -> bool:
        """Whether the floor plan shows the poster's board (its page then links there)."""
        return bool(poster.board and self.venue_map and poster.board in self.venue_map.positions)

    def date_text(self, date: _dt.date | None) -> str:
        return self.tr.date_text(date) if date else ""

    def award_labels(self, poster: Poster) -> list[str]:
        """What the poster won, in words: ["1st place — Alumni"]; empty before the results are published."""
        from postergallery.features.results import award_label

        return [award_label(award, self.tr) for award in self.awards.get(poster.slug, ())]

    def poster_text(self, poster: Poster) -> str:
        """The text on the poster: as the committee wrote it in poster.yml, else as read from its PDF."""
        if poster.text:
            return poster.text
        images = self.images.get(poster.slug)
        return images.text if images else ""


def _facets(kind, posters, values_of) -> list[Facet]:
    """Posters grouped by the web address of a value (written one way by then: ``Site.posters``)."""
    groups: dict[str, list] = {}
    labels: dict[str, str] = {}
    for p in posters:
        for slug, label in values_of(p):
            groups.setdefault(slug, []).append(p)
            labels.setdefault(slug, label)
    return [Facet(kind, s, labels[s], tuple(groups[s])) for s in sorted(groups, key=lambda s: labels[s].lower())]


class PageRenderer:
    """Renders each kind of generated page to text."""

    def __init__(self, site: Site):
        self.site = site
        self.env = make_environment(site.tr, site.settings.cache_path / "templates")
        self.env.globals.update(
            site=site, tr=site.tr, marker=GENERATED_MARKER, relative=relative, card_html=self.card_html
        )
        self._cards: dict[tuple[str, str, bool], Markup] = {}

    def card_html(self, poster: Poster, here: str, eager: bool) -> Markup:
        """A poster's card in a grid (the ``card`` macro): once per depth of the page that shows it, since its
        links are relative, and kept between builds (see ``Site.kept``)."""
        s = self.site
        up = relative(here, "")
        card = self._cards.get((poster.slug, up, eager))  # the same card in another listing at this depth
        if card is None:
            parts = ("card", up, eager, poster, s.images.get(poster.slug), s.awards.get(poster.slug))
            macros = self.env.get_template("_macros.html.j2").module
            made = s.kept.get(poster.slug, parts, lambda: str(macros.card(poster, here, eager)))  # type: ignore[attr-defined]
            card = self._cards[(poster.slug, up, eager)] = Markup(made)
        return card

    def render_page(self, template: str, meta: dict, **context) -> str:
        """A generated page: front matter from ``meta``, the marker, then ``template`` rendered with ``context``."""
        body = self.env.get_template(template).render(**context)
        return (
            front_matter(meta) + f"\n<!-- {GENERATED_MARKER}: edit posters/ or mkdocs.yml, not this file -->\n" + body
        )

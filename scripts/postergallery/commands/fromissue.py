"""``gallery.py from-issue``: a poster folder from an issue opened with the form "Tambah poster".

The issue event (the ``issues`` webhook payload GitHub writes to ``$GITHUB_EVENT_PATH``) is read as data.
The form's answers come from the issue's body (``issueform``), the attached poster file from GitHub's
attachment hosts (``attachment``). The folder is made with the code of ``gallery.py new``
(``scaffold.create_poster``), its name made from the title by the same suggestion code, first in a scratch
copy of the project, where the pull request's checks run on it (``build.check``, which also decodes the
poster file). Only when nothing is wrong is the same folder made in ``posters/``; otherwise nothing is
written at all.

The answer is an ``IssueResult``: for the workflow, the folder, the branch ``poster/<slug>`` and the pull
request's title and body; for the person, a comment listing every problem by the form's question, or
saying where the pull request is. Every text taken from the issue is escaped for Markdown there, so
mentions, links and HTML in it stay plain text.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from postergallery import schema
from postergallery.build import check, check_metadata
from postergallery.commands.attachment import AllowedHosts, AttachmentError, download
from postergallery.commands.issueform import LABELS, POSTER_FILE, FormProblem, read_answers, shorten
from postergallery.commands.scaffold import (
    Created,
    PosterValues,
    Refusal,
    create_poster,
    suggest_slug,
)
from postergallery.i18n import Translator
from postergallery.model import ROLE_NAMES, Problem, slugify, visible
from postergallery.stages.load import METADATA_NAME, SLUG_RE, suggest_free_slug
from postergallery.stages.settings import read_settings
from postergallery.stages.twice import same_file_in
from postergallery.yamlsource import MappingNode, ScalarNode, YamlRefused, compose, mapping_items

BRANCH_PREFIX = "poster/"
CLOSES = re.compile(r"^Closes #(\d+)\s*$", re.M)
PULL_REQUEST_PLACEHOLDER = "{pull_request}"  # the workflow puts the pull request's address here
MAX_TITLE = 256  # GitHub's limit for a pull request's title
# Markdown's punctuation that can start a link, an image, HTML, emphasis, code, a table cell, maths or a
# heading; every one is written with a backslash, which Markdown shows as the character itself.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>&~$:@])")
WORD_JOINER = "\u2060"
# What is read of the posters in other open pull requests (the workflow's step bounds it the same way): a
# poster.yml is a few KB; a longer one, or more of them, is not a poster this command needs to know about.
MAX_POSTER_YML_CHARS = 65536
MAX_PULL_POSTERS = 500
MAX_BRANCHES = 1000  # poster/<slug> branches without an open pull request read from the workflow's list
# The author of the workflow's commits (the publish job's git -c user.email).
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
MAX_MAIN_PROBLEMS = 5  # problems of the default branch named in the comment; the workflow run has them all
MAX_ROWS = 20  # the issue's problems, and its warnings, listed in the comment (then "and N more")
MAX_ROW_CHARS = 1000  # of a problem's message, which quotes what the issue holds


class EventError(Exception):
    """The event file is not an issue event; the command was called the wrong way."""


@dataclass(frozen=True)
class PullRequest:
    """The pull request that adds the poster: what the workflow creates, or updates when it is open already."""

    title: str
    body: str
    number: int | None  # this issue's open pull request for the same folder, if there is one
    expected_head: str  # that pull request's commit, so that the workflow does not overwrite a newer push


@dataclass(frozen=True)
class ReplacedPull:
    """This issue's pull request for the folder of an earlier title, which the new one replaces."""

    number: int
    branch: str


@dataclass
class IssueResult:
    """What ``from-issue`` found: ``ok`` with the folder it wrote, or the problems in ``comment``."""

    ok: bool
    issue: int
    comment: str
    slug: str = ""
    folder: str = ""
    branch: str = ""
    files: tuple[str, ...] = ()
    commit_message: str = ""
    pull_request: PullRequest | None = None
    replaces: list[ReplacedPull] = field(default_factory=list)
    comment_failed: str = ""

    def to_json(self) -> dict:
        """What the workflow reads (``pull_request`` is ``{}`` when there is none)."""
        return {**asdict(self), "pull_request": asdict(self.pull_request) if self.pull_request else {}}


@dataclass(frozen=True)
class PosterPull:
    """A pull request (open, or merged) from a branch of this repository named ``poster/<slug>``."""

    number: int
    slug: str
    head: str  # the branch's commit
    issue: int | None  # the issue it closes, if its body says ``Closes #N``


def poster_pulls(data) -> list[PosterPull]:
    """The ``poster/<slug>`` pull requests from this repository's branches in the answer of
    ``gh pr list --json number,headRefName,headRefOid,isCrossRepository,body``; anything else is left out."""
    pulls = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or item.get("isCrossRepository") is not False:
            continue
        branch, number, head = item.get("headRefName"), item.get("number"), item.get("headRefOid")
        if not (
            isinstance(branch, str)
            and branch.startswith(BRANCH_PREFIX)
            and isinstance(number, int)
            and isinstance(head, str)
            and SLUG_RE.match(branch[len(BRANCH_PREFIX) :])
        ):
            continue
        closes = CLOSES.search(item.get("body") or "") if isinstance(item.get("body"), str) else None
        pulls.append(PosterPull(number, branch[len(BRANCH_PREFIX) :], head, int(closes.group(1)) if closes else None))
    return pulls


@dataclass(frozen=True)
class PullPoster:
    """A ``poster.yml`` in an open pull request, and the board it gives."""

    number: int  # the pull request
    folder: str  # the poster's folder, e.g. ``posters/las-smaw``
    board: str


def pull_posters(data) -> list[PullPoster]:
    """The posters with a board in ``data``: ``[{"number": N, "path": "posters/x/poster.yml", "text": "..."}]``,
    what the workflow read from the open ``poster/*`` pull requests. The text is only parsed as YAML for its
    board; an entry that is not like that, too long, or not YAML is left out."""
    posters = []
    for item in (data if isinstance(data, list) else [])[:MAX_PULL_POSTERS]:
        if not isinstance(item, dict):
            continue
        number, path, text = item.get("number"), item.get("path"), item.get("text")
        if not (isinstance(number, int) and isinstance(path, str) and isinstance(text, str)):
            continue
        folder, _, name = path.rpartition("/")
        board = board_in(text) if name == METADATA_NAME and folder else None
        if board:
            posters.append(PullPoster(number, folder, board))
    return posters


def board_in(text: str) -> str | None:
    """The board a ``poster.yml``'s text gives (``board:`` or a synonym), as the checks compare boards; None
    when it gives none, or the text is too long or not YAML."""
    if len(text) > MAX_POSTER_YML_CHARS:
        return None
    try:
        root = compose(text, allow_aliases=False)
    except (YamlRefused, RecursionError):
        return None
    if not isinstance(root, MappingNode):
        return None
    for key, _node, value in mapping_items(root):
        name = key.strip().lower()
        if (name if name in schema.BY_NAME else schema.synonym_of(name)) == schema.BOARD:
            return schema.normal_board(value.value) if isinstance(value, ScalarNode) else None
    return None


def _board_problem(
    board: str,
    posters_dir: Path,
    rel_posters: str,
    others: list[PullPoster],
    tr: Translator,
    *,
    besides: str | None = None,
) -> FormProblem | None:
    """A problem when ``board`` is given already: to a poster in the gallery, or to one in another open pull
    request (both would pass their own checks, and the gallery would then have one board twice, an error
    that stops it from being published)."""
    folders = sorted(p for p in posters_dir.iterdir() if p.is_dir()) if posters_dir.is_dir() else []
    for folder in folders:
        if f"{rel_posters}/{folder.name}" == besides:
            continue
        file = folder / METADATA_NAME
        try:
            if file.stat().st_size > MAX_POSTER_YML_CHARS * 4:
                continue
            text = file.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if board_in(text) == board:
            return FormProblem(
                schema.BOARD,
                tr(
                    "board '{board}' is already given to the poster in {folder}/; one board holds one poster, so "
                    "choose another board number.",
                    board=board,
                    folder=f"{rel_posters}/{folder.name}",
                ),
            )
    for poster in others:
        if poster.board == board:
            return FormProblem(
                schema.BOARD,
                tr(
                    "board '{board}' is already given to the poster {folder}/ in pull request #{pull}, which is "
                    "not merged yet; one board holds one poster, so choose another board number.",
                    board=board,
                    folder=poster.folder,
                    pull=poster.number,
                ),
            )
    return None


@dataclass(frozen=True)
class LeftBranch:
    """A ``poster/<slug>`` branch no open pull request comes from: its pull request was closed with the branch
    kept, or a run stopped between pushing it and opening the pull request."""

    slug: str
    head: str
    bot_message: str | None  # the message of its only commit on the default branch's history, made by the workflow


def left_branches(data) -> list[LeftBranch]:
    """The branches in ``data``: ``[{"name": "poster/x", "sha": ..., "compare": {"status", "ahead_by",
    "commits": [{"message", "email"}]}}]``, what the workflow read of the ``poster/*`` branches without an open
    pull request (``compare`` is GitHub's comparison of the default branch with the branch, or null)."""
    branches = []
    for item in (data if isinstance(data, list) else [])[:MAX_BRANCHES]:
        if not isinstance(item, dict):
            continue
        name, head, compare = item.get("name"), item.get("sha"), item.get("compare")
        if not (
            isinstance(name, str)
            and name.startswith(BRANCH_PREFIX)
            and SLUG_RE.match(name[len(BRANCH_PREFIX) :])
            and isinstance(head, str)
            and re.fullmatch(r"[0-9a-f]{40}", head)
        ):
            continue
        message = None
        if (
            isinstance(compare, dict)
            and compare.get("ahead_by") == 1
            and compare.get("status") in ("ahead", "diverged")
        ):
            commits = compare.get("commits")
            only = commits[0] if isinstance(commits, list) and len(commits) == 1 else None
            if isinstance(only, dict) and only.get("email") == BOT_EMAIL and isinstance(only.get("message"), str):
                message = only["message"].strip()
        branches.append(LeftBranch(name[len(BRANCH_PREFIX) :], head, message))
    return branches


def poster_from_issue(
    event,
    config: Path,
    *,
    hosts: AllowedHosts,
    lang: str | None = None,
    open_pulls=(),
    pull_posters=(),
    branches=(),
    merged_pulls=(),
    run_url: str = "",
) -> IssueResult:
    """Make the poster folder an issue asks for, or say everything that stands in the way.

    ``open_pulls`` are the open ``poster/<slug>`` pull requests (``poster_pulls``), ``pull_posters`` the
    posters in them (``pull_posters``): their branches and boards count as taken, but this issue's own.
    ``branches`` are the ``poster/<slug>`` branches without an open pull request (``left_branches``): one
    holding only the workflow's commit for this issue is taken over, any other counts as taken.
    ``merged_pulls`` are the merged ``poster/<slug>`` pull requests: where one closes this issue, its poster is in
    the gallery already (the issue was reopened and edited), and nothing is made."""
    issue = event.get("issue") if isinstance(event, dict) else None
    number = issue.get("number") if isinstance(issue, dict) else None
    if not isinstance(issue, dict) or not isinstance(number, int) or isinstance(number, bool):
        raise EventError("not an issue event")
    body = issue.get("body")
    body = body if isinstance(body, str) else ""
    settings, _ = read_settings(config, lang=lang)
    tr = Translator(lang or settings.language)
    posters_dir = settings.root / settings.posters
    merged = sorted(p.number for p in merged_pulls if p.issue == number)
    if merged:
        # Edits after the merge change nothing (the README, the done comment): a corrected file would otherwise
        # become a second folder beside the merged one, the poster shown twice and its votes split.
        return IssueResult(False, number, merged_comment(merged, tr))

    answers = read_answers(body, hosts, tr)
    problems = list(answers.problems)
    data = suffix = None
    if answers.attachment:
        try:
            data, suffix = download(answers.attachment, hosts, settings.max_file_bytes)
        except AttachmentError as exc:
            problems.append(FormProblem(POSTER_FILE, exc.text(tr)))
    same = same_file_in(posters_dir, settings.posters, data) if data is not None else None
    if same:
        # In the gallery already: this issue reopened and edited after its pull request was merged, or the
        # folder made by hand. A second folder would show the poster twice and split its votes.
        problems.append(
            FormProblem(
                POSTER_FILE,
                tr(
                    "this poster file is already in the gallery, in {folder}/ (sent with this form before, or "
                    "added directly), and the same poster is not added twice. To change that poster, open a pull "
                    'request that edits its folder (the committee\'s guide, "Cara 2").',
                    folder=same.rpartition("/")[0],
                ),
            )
        )

    mine = [p for p in open_pulls if p.issue == number]
    board = schema.normal_board(answers.values.board) if answers.values.board else None
    if board:  # a board number that is not one is said by the checks below
        own_numbers = {p.number for p in mine}
        others = [p for p in pull_posters if p.number not in own_numbers]
        in_gallery = same.rpartition("/")[0] if same else None  # the poster's own board there is no conflict
        if taken_board := _board_problem(board, posters_dir, settings.posters, others, tr, besides=in_gallery):
            problems.append(taken_board)
    gallery_folders = {p.name.lower() for p in posters_dir.iterdir()} if posters_dir.is_dir() else set()
    taken = gallery_folders | {p.slug for p in open_pulls if p.issue != number}  # another issue's or someone's branch
    left = {b.slug: b for b in branches}
    own_left = {
        b.slug: b for b in branches if b.bot_message == commit_message(f"{settings.posters}/{b.slug}", number, tr)
    }
    taken |= left.keys() - own_left.keys()
    wanted = suggest_slug(answers.values.title)
    slug = suggest_free_slug(wanted, taken) if wanted in taken else wanted
    if slug != wanted and not same:
        other = f"{settings.posters}/{wanted}/"
        if wanted in gallery_folders:
            # A corrected poster sent with the form again: merged, it would be the poster shown twice, its votes split.
            problems.append(
                FormProblem(
                    "title",
                    tr(
                        "a poster with this title is already in the gallery, in {other}, so this one gets the folder "
                        "{folder}. If it is a new version of that poster, do not merge the pull request: change that "
                        "poster's folder instead (the committee's guide, \"Cara 2\"), or the poster is shown twice and "
                        "its votes are split.",
                        other=other,
                        folder=f"{settings.posters}/{slug}/",
                    ),
                    warning=True,
                )
            )
        elif pulls := sorted(p.number for p in open_pulls if p.slug == wanted and p.issue != number):
            problems.append(
                FormProblem(
                    "title",
                    tr(
                        "a poster with this title waits in pull request {pulls}, in {other}, so this one gets the "
                        "folder {folder}. If both are the same poster, merge only one of the two pull requests and "
                        "close the other, or the poster is shown twice and its votes are split.",
                        pulls=", ".join(f"#{n}" for n in pulls),
                        other=other,
                        folder=f"{settings.posters}/{slug}/",
                    ),
                    warning=True,
                )
            )
    if any(c.isalpha() for c in answers.values.title) and not re.search("[a-z]", slugify(answers.values.title)):
        # Letters of another script ('溶接の基礎', or '溶接の基礎 2', whose folder is '2'). The address is for good:
        # said while the title can still be given a few Latin words. (A title of quotation marks alone is said by
        # the checks; one of digits alone is its number.)
        problems.append(
            FormProblem(
                "title",
                tr(
                    "has no Latin letters (a-z) or digits, of which a poster's web address is made, so its folder is "
                    "{folder} and its address says nothing of it. For an address that names the poster, add a few "
                    "Latin words to the title, e.g. its name in Indonesian in brackets.",
                    folder=f"{settings.posters}/{slug}/",
                ),
                warning=True,
            )
        )

    with tempfile.TemporaryDirectory(prefix="poster-from-issue-") as scratch:
        image = None
        if data is not None:
            image = Path(scratch) / "attachment" / f"poster{suffix}"
            image.parent.mkdir()
            image.write_bytes(data)
        problems += _trial(
            Path(scratch) / "project",
            config,
            settings.posters,
            slug,
            answers.values,
            image,
            tr,
            settings.max_file_bytes,
            problems,
        )
        if all(p.warning for p in problems):
            outcome = create_poster(
                posters_dir, settings.posters, slug, answers.values, image, tr, max_file_bytes=settings.max_file_bytes
            )
            if isinstance(outcome, Refusal):
                problems.append(FormProblem(None, outcome.message))
    if any(not p.warning for p in problems):
        comment = problems_comment(problems, tr)
        if mine:
            # The pull request made from the answers before stays as it was, open and mergeable: whoever reviews it
            # must know that this issue no longer says what it holds (consent taken back, a file replaced).
            comment += (
                "\n"
                + tr.ngettext(
                    "The pull request {pulls} still holds this issue's earlier answers and is not changed until the "
                    "problems above are fixed: do not merge it before then.",
                    "The pull requests {pulls} still hold this issue's earlier answers and are not changed until the "
                    "problems above are fixed: do not merge them before then.",
                    len(mine),
                    pulls=", ".join(f"#{p.number}" for p in mine),
                )
                + "\n"
            )
        return IssueResult(False, number, comment)
    warnings = problems  # only warnings are left: the poster is added, and they are said with it

    assert isinstance(outcome, Created)  # no problems: the folder was made
    folder = f"{settings.posters}/{slug}"
    own = next((p for p in mine if p.slug == slug), None)
    replaced = [p for p in mine if p.slug != slug]
    notes = []
    if own is None and slug in own_left:
        notes.append(
            tr(
                "The branch {branch} had no open pull request any more (it was closed, or an earlier run stopped "
                "before opening it); it holds only this issue's poster, so it is used again.",
                branch=f"`{BRANCH_PREFIX}{slug}`",
            )
        )
    if slug != wanted and wanted in left and wanted not in own_left:
        notes.append(
            tr(
                "A branch {branch} that is not this issue's already exists, so the poster gets the folder "
                "`{folder}/` instead. A maintainer may delete that branch if nobody needs it.",
                branch=f"`{BRANCH_PREFIX}{wanted}`",
                folder=folder,
            )
        )
    return IssueResult(
        True,
        number,
        done_comment(folder, tr)
        + "".join(f"\n{note}\n" for note in notes)
        + "".join(f"{line}\n" for line in warnings_section(warnings, tr)),
        slug=slug,
        folder=folder,
        branch=BRANCH_PREFIX + slug,
        files=outcome.files,
        commit_message=commit_message(folder, number, tr),
        pull_request=PullRequest(
            pull_request_title(answers.values.title, tr),
            pull_request_body(
                answers.values, folder, outcome.files, number, run_url, [p.number for p in replaced], tr, warnings
            ),
            own.number if own else None,
            own.head if own else own_left[slug].head if slug in own_left else "",
        ),
        replaces=[ReplacedPull(p.number, BRANCH_PREFIX + p.slug) for p in replaced],
        comment_failed=failed_comment(config, folder, run_url, tr),
    )


def commit_message(folder: str, issue: int, tr: Translator) -> str:
    """The message of the workflow's commit, by which a branch left without a pull request is known as the
    issue's own."""
    return tr("Add poster {folder}/ from issue #{issue}", folder=folder, issue=issue)


def failed_comment(config: Path, folder: str, run_url: str, tr: Translator) -> str:
    """The comment for when the poster passed but no pull request came of it. The workflow checks the whole
    project before publishing: when the default branch itself has errors (two posters merged with one board,
    say), that step fails for every issue, and the comment says so and where, since no edit of the issue can
    fix it."""
    broken = [
        p for p in check_metadata(config, lang=tr.lang).problems if p.is_error and not p.path.startswith(folder + "/")
    ]
    if not broken:
        return (
            tr(
                "The poster passed the checks, but its pull request could not be created or updated. "
                "The repository's maintainers can see why in the workflow run: {url}",
                url=run_url,
            )
            + "\n"
        )
    lines = [
        tr(
            "Your poster itself passed the checks, but its pull request cannot be made yet: the gallery's main "
            "branch has a problem that a maintainer of the repository must fix first. Nothing needs changing in "
            "this issue."
        ),
        "",
        *(f"- {markdown_text(p.location())}: {markdown_text(p.message)}" for p in broken[:MAX_MAIN_PROBLEMS]),
    ]
    if len(broken) > MAX_MAIN_PROBLEMS:
        lines.append(tr("- and {count} more", count=len(broken) - MAX_MAIN_PROBLEMS))
    lines += [
        "",
        tr(
            "Once it is fixed, edit this issue again (for example add a word to its title) to run the checks "
            "again. The workflow run: {url}",
            url=run_url,
        ),
    ]
    return "\n".join(lines) + "\n"


def _trial(
    root: Path,
    config: Path,
    rel_posters: str,
    slug: str,
    values: PosterValues,
    image: Path | None,
    tr: Translator,
    max_file_bytes: int,
    known: list[FormProblem],
) -> list[FormProblem]:
    """Make the folder in a scratch copy of the project and run the pull request's checks on it.

    Returns the problems found there, warnings included, but for the questions the form's own reading already
    has a problem with (an empty title is said once, in the form's words, not again as an empty ``title:``
    line), or a warning about (two names on one line of the form, not in the words of ``poster.yml``'s list).
    """
    root.mkdir()
    (root / config.name).write_bytes(config.read_bytes())
    posters_dir = root / rel_posters
    answered = {p.question for p in known if p.question and not p.warning}
    warned = {p.question for p in known if p.question and p.warning}
    found: list[FormProblem] = []
    outcome = create_poster(posters_dir, rel_posters, slug, values, image, tr, max_file_bytes=max_file_bytes)
    if isinstance(outcome, Refusal) and image is not None:
        # The file was refused: say so, and still check the answers without it.
        found.append(FormProblem(POSTER_FILE, outcome.message))
        answered.add(POSTER_FILE)
        outcome = create_poster(posters_dir, rel_posters, slug, values, None, tr, max_file_bytes=max_file_bytes)
    if isinstance(outcome, Refusal):
        return found + [FormProblem(None, outcome.message)]
    text = (root / outcome.folder / METADATA_NAME).read_text("utf-8")
    for problem in check(root / config.name, lang=tr.lang).problems:
        if problem.path.startswith(outcome.folder + "/"):
            mapped = _as_form_problem(problem, outcome.folder, text, tr)
            if mapped.question is None or mapped.question not in (warned if mapped.warning else answered):
                found.append(mapped)
    return found


def _as_form_problem(problem: Problem, folder: str, text: str, tr: Translator) -> FormProblem:
    """A check's problem about the scratch folder, said about the form's question it comes from."""
    if problem.path == f"{folder}/{METADATA_NAME}" and problem.line is not None:
        key = _field_at(text, problem.line)
        message = problem.message
        field = schema.BY_NAME.get(key or "")
        if (
            key in LABELS
            and field is not None
            and field.empty_hint
            and message == tr("the field '{key}' is empty. {hint}", key=key, hint=tr(field.empty_hint))
        ):
            # The answer held text, and nothing is left of it in poster.yml: only the quotation marks around it.
            message = tr("holds only quotation marks; write the answer between them, or without them.")
        elif key in LABELS and message.startswith(f"'{key}' "):
            message = message[len(key) + 3 :]  # "'summary' is 700 characters long" under the question "Ringkasan"
        if key in LABELS:
            # "e.g. board: A-7" is what to write in poster.yml; under the form's question, the value alone is. Typed
            # into the form, "board: A-7" was refused again, as too long for a board number.
            message = re.sub(rf"(?<=\s){re.escape(key)}: (?=\S)", "", message)
        return FormProblem(key if key in LABELS else None, message, not problem.is_error)
    # Without a line, a problem with poster.yml is about the folder's files; or it is about the poster file.
    if problem.path == f"{folder}/{METADATA_NAME}" or problem.path.startswith(f"{folder}/poster."):
        return FormProblem(POSTER_FILE, problem.message, not problem.is_error)
    return FormProblem(None, problem.message, not problem.is_error)


def _field_at(text: str, line: int) -> str | None:
    """The top-level field of ``poster.yml`` that ``line`` (1-based) belongs to."""
    key = None
    for number, row in enumerate(text.splitlines(), 1):
        match = re.match(r"^([a-z_]+):", row)
        if match:
            key = match.group(1)
        if number == line:
            return key
    return None


# ----------------------------------------------------------------- texts ---


def markdown_text(text: str) -> str:
    """``text`` on one line, shown by GitHub as the text it is: no link, image, HTML, mention or reference.

    Markdown's special characters get a backslash. GitHub turns ``@name``, ``#12`` and web addresses into
    links after Markdown has run, so a word joiner (an invisible character) is put after ``@``, ``#`` and
    the colon of ``://``, and inside ``www.``.
    """
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", visible(" ".join(text.split())))
    escaped = escaped.replace("\\@", "\\@" + WORD_JOINER).replace("\\#", "\\#" + WORD_JOINER)
    escaped = escaped.replace("\\://", "\\:" + WORD_JOINER + "//")
    return re.sub(r"(?i)\b(www)\.", r"\1" + WORD_JOINER + ".", escaped)


def problems_comment(problems: list[FormProblem], tr: Translator) -> str:
    """The comment that lists every problem by the form's question, and says how to fix them; the warnings
    follow (see ``warnings_section``)."""
    lines = [
        tr(
            "The poster cannot be added yet. Please fix the following by editing this issue (the **...** "
            "button at the top right of the issue, then **Edit**); the checks run again when you save."
        ),
        "",
    ]
    lines += _rows([p for p in problems if not p.warning], tr)
    lines += warnings_section([p for p in problems if p.warning], tr)
    return "\n".join(lines) + "\n"


def warnings_section(warnings: list[FormProblem], tr: Translator) -> list[str]:
    """Lines that list the warnings by the form's question (none without warnings): what may be a mistake,
    such as two names on one line, which does not stop the poster from being added."""
    if not warnings:
        return []
    intro = tr("Please also check the following; it does not stop the poster from being added:")
    return ["", intro, "", *_rows(warnings, tr)]


def _rows(problems: list[FormProblem], tr: Translator) -> list[str]:
    """One Markdown list item per problem, in the order of the form's questions: the first MAX_ROWS, each cut at
    MAX_ROW_CHARS. An issue can hold hundreds of stray headings or links, each a problem quoting what it found, and
    GitHub refuses a comment over 65,536 characters: the committee would get no answer at all."""
    order = {key: index for index, key in enumerate(LABELS)}
    lines = []
    ordered = sorted(problems, key=lambda p: order.get(p.question or "", -1))  # the issue's as a whole first
    # Where some are left out, they are of the issue as a whole (hundreds of stray headings): each question's own
    # problems are few, and each names what to change in that answer.
    answered = [p for p in ordered if p.question][:MAX_ROWS]
    shown = [p for p in ordered if not p.question][: MAX_ROWS - len(answered)] + answered
    for problem in shown:
        text = markdown_text(shorten(problem.message, MAX_ROW_CHARS))
        lines.append(f"- **{LABELS[problem.question]}**: {text}" if problem.question else f"- {text}")
    if len(shown) < len(ordered):
        lines.append(tr("- and {count} more", count=len(ordered) - len(shown)))
    return lines


def merged_comment(pulls: list[int], tr: Translator) -> str:
    """The comment on an issue whose poster a merged pull request added: edits of the issue change nothing."""
    return (
        tr.ngettext(
            "This issue's poster is in the gallery already: the pull request {pulls} added it and was merged. "
            "Edits of this issue change nothing any more, so nothing was made. To change the poster, open a pull "
            'request that edits its folder (the committee\'s guide, "Cara 2").',
            "This issue's poster is in the gallery already: the pull requests {pulls} added it and were merged. "
            "Edits of this issue change nothing any more, so nothing was made. To change the poster, open a pull "
            'request that edits its folder (the committee\'s guide, "Cara 2").',
            len(pulls),
            pulls=", ".join(f"#{n}" for n in pulls),
        )
        + "\n"
    )


def done_comment(folder: str, tr: Translator) -> str:
    return (
        tr(
            "Thank you! The poster passed the checks, and the pull request {pull_request} adds it as `{folder}/`. "
            "Another committee member reviews and merges it; the poster shows in the gallery a few minutes "
            "later. To change something before the pull request is merged, edit this issue: the pull request "
            "follows. Once it is merged the issue is closed, and changes go through a pull request (the "
            'committee\'s guide, "Cara 2").',
            pull_request=PULL_REQUEST_PLACEHOLDER,
            folder=folder,
        )
        + "\n"
    )


def pull_request_title(title: str, tr: Translator) -> str:
    """``Add poster: <title>``, where a mention or reference in the title stays text."""
    plain = visible(" ".join(title.split())).replace("@", "@" + WORD_JOINER).replace("#", "#" + WORD_JOINER)
    text = tr("Add poster: {title}", title=plain)
    return shorten(text, MAX_TITLE)


def pull_request_body(
    values: PosterValues,
    folder: str,
    files: tuple[str, ...],
    issue: int,
    run_url: str,
    replaced: list[int],
    tr: Translator,
    warnings: list[FormProblem],
) -> str:
    role = tr(ROLE_NAMES[values.role]) if values.role else ""
    rows = [
        (tr("Authors"), ", ".join(values.authors)),
        (tr("Role"), role),
        (tr("Training centre (BPVP)"), values.center),
        (tr("Files"), ", ".join(files)),
    ]
    lines = [
        tr(
            "A new poster from issue #{issue}: **{title}**, in `{folder}/`.",
            issue=issue,
            title=markdown_text(values.title),
            folder=folder,
        ),
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {name} | {markdown_text(value)} |" for name, value in rows]
    lines += [
        "",
        tr(
            "The poster checks (`gallery.py check`, which also opens the poster file) passed in the "
            "issue's workflow run: {url}",
            url=run_url,
        ),
        "",
        tr(
            "A pull request opened with the workflow's own token does not start other workflows (a rule of "
            "GitHub), so **Periksa pull request** has not run here. To run all the checks, close this pull "
            "request and reopen it. Do not change this branch by hand: each edit of the issue makes it again from "
            "the issue's answers."
        ),
        "",
    ]
    if warnings:
        lines += [tr("The checks warn about the following; look at it before merging:"), "", *_rows(warnings, tr), ""]
    if replaced:
        lines += [
            tr(
                "It replaces {pulls}, made before the poster's title changed.",
                pulls=", ".join(f"#{n}" for n in replaced),
            ),
            "",
        ]
    lines.append(f"Closes #{issue}")
    return "\n".join(lines) + "\n"

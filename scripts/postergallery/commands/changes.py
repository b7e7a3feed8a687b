"""The posters a branch adds, changes or removes, as Markdown for a pull request's job summary.

The reviewer of a pull request sees at a glance which posters it touches
(title, authors, role, training centre) and what ``check`` found in each of
them. The core (``touched_slugs``, ``poster_changes``, ``render_summary``)
works on plain data; ``GitRepository`` is the thin adapter that asks git
what changed, and ``branch_summary`` puts the two together.

A branch is compared with the point where it left the base branch (the
merge base), so posters merged into the base meanwhile are not shown as
removed. Uncommitted and untracked files count too: the summary describes
the same files that ``check`` reads.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from postergallery import schema
from postergallery.build import BuildResult, check
from postergallery.i18n import N_, TemplateError, Translator
from postergallery.model import ROLE_NAMES, ROLES, Poster, Problem
from postergallery.stages.load import METADATA_NAME, SLUG_RE
from postergallery.yamlsource import YamlRefused, compose, decode_text, to_python

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
ICONS = {ADDED: "➕", CHANGED: "✏️", REMOVED: "🗑️"}
STATUS_NAMES = {ADDED: N_("Added"), CHANGED: N_("Changed"), REMOVED: N_("Removed")}
MAX_BLOB_BYTES = 64 * 1024  # a poster.yml is a few lines; anything bigger is not read for the summary


@dataclass(frozen=True)
class PosterDetails:
    """What the summary shows about a poster (``schema.CHANGES_FIELDS``); empty where the poster.yml does not say."""

    title: str = ""
    authors: tuple[str, ...] = ()
    role: str = ""
    center: str = ""


@dataclass(frozen=True)
class PosterChange:
    slug: str
    status: str  # ADDED, CHANGED or REMOVED
    details: PosterDetails
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


class GitError(TemplateError):
    """git could not answer; ``template`` and ``params`` make the message for the person."""


# ------------------------------------------------------------------ core ---


def touched_slugs(paths, posters_rel: str) -> set[str]:
    """The poster folders that ``paths`` (relative to the project root) fall into."""
    prefix = posters_rel.strip("/") + "/"
    slugs = set()
    for path in paths:
        if path.startswith(prefix):
            parts = path[len(prefix) :].split("/")
            if len(parts) > 1 and parts[0] and not parts[0].startswith((".", "_")):
                slugs.add(parts[0])
    return slugs


def details_from_poster(poster: Poster) -> PosterDetails:
    return PosterDetails(**{name: getattr(poster, name) for name in schema.CHANGES_FIELDS})


def details_from_text(text: str | None) -> PosterDetails:
    """Whatever can be read from a ``poster.yml`` that may be invalid; never raises."""
    if not text:
        return PosterDetails()
    try:
        data = to_python(compose(text, allow_aliases=False))
    except (YamlRefused, RecursionError):
        return PosterDetails()
    if not isinstance(data, dict):
        return PosterDetails()

    def one_line(key):
        value = data.get(key)
        return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""

    def names(key):
        value = data.get(key)
        if isinstance(value, str):
            value = [value]
        return (
            tuple(" ".join(str(a).split()) for a in value if isinstance(a, (str, int)))
            if isinstance(value, list)
            else ()
        )

    details = {}
    for name in schema.CHANGES_FIELDS:
        kind = schema.BY_NAME[name].kind
        details[name] = names(name) if kind == schema.NAMES else one_line(name)
        if kind == schema.CHOICE:
            details[name] = details[name].lower()
    return PosterDetails(**details)


def poster_changes(
    touched: set[str],
    base_slugs: set[str],
    present_slugs: set[str],
    result: BuildResult,
    current_text: dict[str, str | None],
    base_text: dict[str, str | None],
) -> list[PosterChange]:
    """One entry per touched poster folder, sorted by slug, with the problems ``check`` found in it."""
    posters_rel = result.settings.posters
    valid = {p.slug: p for p in result.posters}
    changes = []
    for slug in sorted(touched):
        before, now = slug in base_slugs, slug in present_slugs
        if now:
            status = CHANGED if before else ADDED
            details = details_from_poster(valid[slug]) if slug in valid else details_from_text(current_text.get(slug))
            problems = tuple(p for p in result.problems if _belongs(p, posters_rel, slug))
        elif before:
            status, details, problems = REMOVED, details_from_text(base_text.get(slug)), ()
        else:
            continue  # made and deleted again within the branch
        changes.append(PosterChange(slug, status, details, problems))
    return changes


def other_problems(result: BuildResult, changes: list[PosterChange]) -> list[Problem]:
    """Problems outside the posters the branch touches (settings, other posters)."""
    mine = {c.slug for c in changes}
    return [p for p in result.problems if not any(_belongs(p, result.settings.posters, slug) for slug in mine)]


def _belongs(problem: Problem, posters_rel: str, slug: str) -> bool:
    folder = f"{posters_rel}/{slug}"
    return problem.path == folder or problem.path.startswith(folder + "/")


def render_summary(
    changes: list[PosterChange], others: list[Problem], posters_rel: str, tr: Translator, preview: str = ""
) -> str:
    """The Markdown for ``$GITHUB_STEP_SUMMARY``."""
    out = [f"## {tr('Posters in this pull request')}", ""]
    errors = sum(c.errors for c in changes) + sum(1 for p in others if p.is_error)
    warnings = sum(c.warnings for c in changes) + sum(1 for p in others if not p.is_error)
    if changes:
        counts = {s: sum(1 for c in changes if c.status == s) for s in (ADDED, CHANGED, REMOVED)}
        out.append(tr("{added} added · {changed} changed · {removed} removed", **counts))
        out.append("")
    else:
        out += [tr("This pull request does not add, change or remove any poster."), ""]
    also_warnings = f" ⚠️ {_warnings(warnings, tr)}" if warnings else ""
    if errors:
        must_fix = tr.ngettext(
            "{count} problem must be fixed before this pull request is merged.",
            "{count} problems must be fixed before this pull request is merged.",
            errors,
            count=errors,
        )
        out += [
            f"❌ {must_fix}{also_warnings}",
            "",
            tr(
                "Open the **Files changed** tab to see each problem on its line. Fix poster.yml with the edit "
                "button (the pencil) on the same branch; the check runs again by itself."
            ),
            "",
        ]
    elif changes:
        out += [f"✅ {tr('Every poster in this pull request passed the check.')}{also_warnings}", ""]
    if changes:
        head = [tr("Change"), tr("Poster"), tr("Authors"), tr("Role"), tr("Training centre (BPVP)"), tr("Check")]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        for c in changes:
            out.append("| " + " | ".join(_row(c, posters_rel, tr)) + " |")
        out.append("")
    for old, new in renamed(changes):
        out += [
            "⚠️ "
            + tr(
                "{old} is removed and {new} added with the same title: if the poster was only renamed, the QR code "
                "on its printed label and the votes already made for it lead to {old}, which would be gone. Keep "
                "the folder's old name.",
                old=_folder(posters_rel, old.slug),
                new=_folder(posters_rel, new.slug),
            ),
            "",
        ]
    for c in changes:
        if c.problems:
            folder = f"{posters_rel}/{c.slug}"
            icon = "❌" if c.errors else "⚠️"
            out += [f"### {icon} {_folder(posters_rel, c.slug)}", ""]
            out += [_problem_item(p, folder, tr) for p in c.problems]
            out.append("")
    if others:
        out += [
            f"### {tr('Other problems')}",
            "",
            tr("These problems are not in the posters of this pull request, but they still make the check fail."),
            "",
        ]
        out += [_problem_item(p, "", tr) for p in others]
        out.append("")
    if preview and re.fullmatch(r"https://[^\s()<>\[\]]+", preview):
        out += [
            tr(
                "Site preview: [download the site archive]({url}), extract it and open it through a local web "
                "server (e.g. `python3 -m http.server` in the extracted folder).",
                url=preview,
            ),
            "",
        ]
    return "\n".join(out)


def renamed(changes: list[PosterChange]) -> list[tuple[PosterChange, PosterChange]]:
    """(removed, added) pairs of posters with the same title: most likely one poster whose folder was renamed."""
    removed = {c.details.title.casefold(): c for c in changes if c.status == REMOVED and c.details.title}
    return [
        (removed[c.details.title.casefold()], c)
        for c in changes
        if c.status == ADDED and c.details.title.casefold() in removed
    ]


def _row(c: PosterChange, posters_rel: str, tr: Translator) -> list[str]:
    d = c.details
    title = f"**{md(d.title)}**" if d.title else f"*{tr('no title yet')}*"
    role = tr(ROLE_NAMES[d.role]) if d.role in ROLES else md(d.role)
    if c.status == REMOVED:
        result = "—"
    elif c.errors:
        result = "❌ " + tr.ngettext("{count} problem", "{count} problems", c.errors, count=c.errors)
        if c.warnings:
            result += ", ⚠️ " + _warnings(c.warnings, tr)
    elif c.warnings:
        result = "⚠️ " + _warnings(c.warnings, tr)
    else:
        result = "✅ " + tr("passed")
    return [
        f"{ICONS[c.status]} {tr(STATUS_NAMES[c.status])}",
        f"{title}<br>{_folder(posters_rel, c.slug)}",
        md(", ".join(d.authors)),
        role,
        md(d.center),
        result,
    ]


def _warnings(count: int, tr: Translator) -> str:
    return tr.ngettext("{count} warning", "{count} warnings", count, count=count)


def _folder(posters_rel: str, slug: str) -> str:
    path = f"{posters_rel}/{slug}/"
    return f"`{path}`" if SLUG_RE.match(slug) and "`" not in posters_rel else md(path)


def _problem_item(p: Problem, folder: str, tr: Translator) -> str:
    """``- poster.yml, line 4: message``; the file is named relative to the poster's folder when inside it."""
    place = p.path[len(folder) + 1 :] if folder and p.path.startswith(folder + "/") else p.path
    where = md(place or p.path) + (f", {tr('line {line}', line=p.line)}" if p.line else "")
    warning = "⚠️ " if not p.is_error else ""
    return f"- {warning}{where}: {md(p.message)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md(text: str) -> str:
    """``text`` on one line, shown literally in GitHub Markdown (no links, emphasis, HTML or table breaks)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()).replace("&", "&amp;"))


# --------------------------------------------------------------- adapter ---


class GitRepository:
    """The few questions the summary asks git, with paths relative to ``root`` (the project folder)."""

    def __init__(self, root: Path):
        self.root = root

    def _git(self, *args: str, ok_codes=(0,)) -> subprocess.CompletedProcess:
        try:
            proc = subprocess.run(
                ["git", "-c", "core.quotepath=off", *args], cwd=self.root, capture_output=True, timeout=120
            )
        except FileNotFoundError:
            raise GitError(
                N_(
                    "git is not installed (or not on the PATH); the summary needs it to compare "
                    "the branch with its base."
                )
            ) from None
        if proc.returncode not in ok_codes:
            if b"not a git repository" in proc.stderr:
                raise GitError(
                    N_("the folder {folder} is not part of a git repository, so there is no branch to compare."),
                    folder=str(self.root),
                )
            lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(N_("git stopped with an error: {detail}"), detail=lines[-1] if lines else proc.returncode)
        return proc

    def base_commit(self, base: str) -> str:
        """Where the current branch left ``base`` (or ``base`` itself when history is too shallow to tell)."""
        if self._git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", ok_codes=(0, 1)).returncode:
            raise GitError(
                N_(
                    "'{base}' is not a branch or commit this repository knows; fetch it first "
                    "(git fetch origin {base}) or name another one with --base."
                ),
                base=base,
            )
        proc = self._git("merge-base", base, "HEAD", ok_codes=(0, 1))
        out = proc.stdout.decode().strip()
        if proc.returncode == 0 and out:
            return out
        return self._git("rev-parse", f"{base}^{{commit}}").stdout.decode().strip()

    def changed_paths(self, commit: str, under: str) -> set[str]:
        """Files under ``under`` that differ between ``commit`` and the working tree, untracked ones included."""
        diff = self._git("diff", "--name-only", "-z", "--no-renames", "--relative", commit, "--", under)
        untracked = self._git("ls-files", "--others", "--exclude-standard", "-z", "--", under)
        return {p for p in (diff.stdout + untracked.stdout).decode("utf-8", "replace").split("\0") if p}

    def folders(self, commit: str, under: str) -> set[str]:
        """Names of the folders directly inside ``under`` at ``commit``."""
        proc = self._git("ls-tree", "-z", "-d", "--name-only", commit, "--", under.rstrip("/") + "/")
        return {p.rsplit("/", 1)[-1] for p in proc.stdout.decode("utf-8", "replace").split("\0") if p}

    def read(self, commit: str, path: str) -> str | None:
        """The text of ``path`` at ``commit``, or None when it is missing, too big or not text."""
        size = self._git("cat-file", "-s", f"{commit}:./{path}", ok_codes=(0, 128))
        if size.returncode or int(size.stdout or 0) > MAX_BLOB_BYTES:
            return None
        try:
            return decode_text(self._git("cat-file", "blob", f"{commit}:./{path}").stdout)
        except YamlRefused:
            return None


def branch_summary(config: Path, base: str, *, lang: str | None = None, preview: str = "") -> str:
    """Check the project and describe, in Markdown, the posters changed since ``base``. Raises GitError."""
    result = check(config, lang=lang)
    settings = result.settings
    tr = Translator(lang or settings.language)
    repo = GitRepository(settings.root)
    commit = repo.base_commit(base)
    touched = touched_slugs(repo.changed_paths(commit, settings.posters), settings.posters)
    posters_dir = settings.root / settings.posters
    present = {s for s in touched if (posters_dir / s).is_dir() and not (posters_dir / s).is_symlink()}
    base_slugs = repo.folders(commit, settings.posters) & touched
    current = {s: _read_current(posters_dir / s / METADATA_NAME) for s in present}
    before = {s: repo.read(commit, f"{settings.posters}/{s}/{METADATA_NAME}") for s in base_slugs - present}
    changes = poster_changes(touched, base_slugs, present, result, current, before)
    return render_summary(changes, other_problems(result, changes), settings.posters, tr, preview)


def _read_current(path: Path) -> str | None:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BLOB_BYTES:
            return None
        return decode_text(path.read_bytes())
    except (OSError, YamlRefused):
        return None

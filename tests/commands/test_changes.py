"""The pull-request summary: which posters a branch adds, changes or removes, and what check found."""

from __future__ import annotations

import shutil

from postergallery.commands import changes
from postergallery.commands.changes import ADDED, CHANGED, REMOVED, PosterChange, PosterDetails, render_summary
from postergallery.i18n import Translator
from postergallery.model import Problem

from gitkit import GitRepo

EN = Translator("en")


def poster_yml(title: str, role: str = "alumni", center: str = "BPVP Bandung") -> str:
    return (
        f'title: "{title}"\nauthors:\n  - Budi Santoso\n  - "Siti Rahma, S.T."\nrole: {role}\n'
        f"center: {center}\nalt: A red poster.\n"
    )


# ------------------------------------------------------------------ core ---


def test_touched_slugs_are_the_poster_folders_of_the_changed_paths():
    paths = [
        "posters/a/poster.yml",
        "posters/a/poster.jpg",
        "posters/b/sub/x.png",
        "posters/README.md",
        "posters/.hidden/poster.yml",
        "posters/_template/poster.yml",
        "docs/about.md",
        "posterset/c/x",
    ]
    assert changes.touched_slugs(paths, "posters") == {"a", "b"}


def test_details_are_read_from_any_poster_yml_without_failing():
    assert changes.details_from_text(poster_yml("Las: SMAW", role="Instruktur")) == PosterDetails(
        "Las: SMAW", ("Budi Santoso", "Siti Rahma, S.T."), "instruktur", "BPVP Bandung"
    )
    assert changes.details_from_text("title: [unclosed\n") == PosterDetails()
    assert changes.details_from_text("- a list\n") == PosterDetails()
    assert changes.details_from_text("a: &x 1\nb: *x\n") == PosterDetails()
    assert changes.details_from_text(None) == PosterDetails()
    assert changes.details_from_text("title: 2024\nauthors: Budi\ncenter: {a: 1}\n") == PosterDetails(
        "2024", ("Budi",), "", ""
    )


def test_markdown_from_poster_text_is_shown_literally():
    assert changes.md("a|b *c* <b>x</b> [l](u) & `t` _u_ #h !i\nnext") == (
        r"a\|b \*c\* \<b\>x\</b\> \[l\]\(u\) &amp; \`t\` \_u\_ \#h \!i next"
    )


def sample_changes():
    broken = (
        Problem("posters/las-baru/poster.yml", 4, 7, "'role' is 'guru', which is not allowed."),
        Problem("posters/las-baru/", None, None, "no poster file found in posters/las-baru/."),
        Problem("posters/las-baru/poster.yml", 9, 1, "a long title.", "warning"),
    )
    return [
        PosterChange("kopi-gayo", REMOVED, PosterDetails("Kopi Gayo", ("Teuku",), "alumni", "BPVP Banda Aceh")),
        PosterChange(
            "las-baru", ADDED, PosterDetails("Las | *Baru*", ("Budi", "Siti"), "guru", "BPVP Bandung"), broken
        ),
        PosterChange("web-kasir", CHANGED, PosterDetails("Web Kasir", ("Dimas",), "trainee", "BPVP Semarang")),
        PosterChange(
            "tanpa-judul",
            ADDED,
            PosterDetails(),
            (Problem("posters/tanpa-judul/poster.yml", 1, 1, "the required field 'title' is missing."),),
        ),
    ]


def test_summary_markdown():
    others = [Problem("mkdocs.yml", 12, 5, "unknown setting 'vot' under extra.gallery.")]
    text = render_summary(
        sample_changes(), others, "posters", EN, preview="https://github.com/org/repo/actions/runs/1/artifacts/2"
    )
    assert text.splitlines() == [
        "## Posters in this pull request",
        "",
        "2 added · 1 changed · 1 removed",
        "",
        "❌ 4 problems must be fixed before this pull request is merged. ⚠️ 1 warning",
        "",
        "Open the **Files changed** tab to see each problem on its line. Fix poster.yml with the edit button "
        "(the pencil) on the same branch; the check runs again by itself.",
        "",
        "| Change | Poster | Authors | Role | Training centre (BPVP) | Check |",
        "|---|---|---|---|---|---|",
        "| 🗑️ Removed | **Kopi Gayo**<br>`posters/kopi-gayo/` | Teuku | Alumni | BPVP Banda Aceh | — |",
        r"| ➕ Added | **Las \| \*Baru\***<br>`posters/las-baru/` | Budi, Siti | guru | BPVP Bandung | "
        "❌ 2 problems, ⚠️ 1 warning |",
        "| ✏️ Changed | **Web Kasir**<br>`posters/web-kasir/` | Dimas | Trainee | BPVP Semarang | ✅ passed |",
        "| ➕ Added | *no title yet*<br>`posters/tanpa-judul/` |  |  |  | ❌ 1 problem |",
        "",
        "### ❌ `posters/las-baru/`",
        "",
        "- poster.yml, line 4: 'role' is 'guru', which is not allowed.",
        "- posters/las-baru/: no poster file found in posters/las-baru/.",
        "- ⚠️ poster.yml, line 9: a long title.",
        "",
        "### ❌ `posters/tanpa-judul/`",
        "",
        "- poster.yml, line 1: the required field 'title' is missing.",
        "",
        "### Other problems",
        "",
        "These problems are not in the posters of this pull request, but they still make the check fail.",
        "",
        "- mkdocs.yml, line 12: unknown setting 'vot' under extra.gallery.",
        "",
        "Site preview: [download the site archive](https://github.com/org/repo/actions/runs/1/artifacts/2), "
        "extract it and open it through a local web server (e.g. `python3 -m http.server` in the extracted "
        "folder).",
    ]


def test_summary_counts_one_problem_and_two_warnings():
    warnings = [Problem("mkdocs.yml", line, 1, "a warning.", "warning") for line in (3, 4)]
    text = render_summary([sample_changes()[3]], warnings, "posters", EN).splitlines()
    assert text[4] == "❌ 1 problem must be fixed before this pull request is merged. ⚠️ 2 warnings"
    assert render_summary([sample_changes()[3]], warnings, "posters", Translator("id")).splitlines()[4] == (
        "❌ 1 masalah harus diperbaiki sebelum pull request ini digabungkan. ⚠️ 2 peringatan"
    )


def test_summary_in_indonesian_when_all_is_well():
    text = render_summary([sample_changes()[2]], [], "posters", Translator("id"))
    assert text.splitlines()[:6] == [
        "## Poster dalam pull request ini",
        "",
        "0 ditambahkan · 1 diubah · 0 dihapus",
        "",
        "✅ Semua poster dalam pull request ini lolos pemeriksaan.",
        "",
    ]
    assert (
        "| ✏️ Diubah | **Web Kasir**<br>`posters/web-kasir/` | Dimas | Peserta Pelatihan | BPVP Semarang | "
        "✅ lolos |" in text.splitlines()
    )


def test_a_poster_removed_and_added_under_another_folder_name_is_said_to_lose_its_label_and_votes():
    """The folder is the poster's address: renamed after the labels were printed, their QR codes led nowhere and
    the votes made for it were counted as for an unknown poster, while the summary said 1 added, 1 removed."""
    kopi = PosterDetails("Kopi Gayo", ("Teuku",), "alumni", "BPVP Banda Aceh")
    changes = [
        PosterChange("kopi-gayo", REMOVED, kopi),
        PosterChange("kopi-gayo-2025", ADDED, PosterDetails("KOPI GAYO", ("Teuku",), "alumni", "BPVP Banda Aceh")),
        PosterChange("web-kasir", ADDED, PosterDetails("Web Kasir", ("Dimas",), "trainee", "BPVP Semarang")),
    ]
    text = render_summary(changes, [], "posters", EN).splitlines()
    assert text[2] == "2 added · 0 changed · 1 removed"
    assert text[10:] == [  # after the table: one notice, for the one pair
        "| ➕ Added | **Web Kasir**<br>`posters/web-kasir/` | Dimas | Trainee | BPVP Semarang | ✅ passed |",
        "",
        "⚠️ `posters/kopi-gayo/` is removed and `posters/kopi-gayo-2025/` added with the same title: if the poster "
        "was only renamed, the QR code on its printed label and the votes already made for it lead to "
        "`posters/kopi-gayo/`, which would be gone. Keep the folder's old name.",
    ]


def test_summary_without_poster_changes_and_unsafe_preview_links():
    for preview in ("javascript:alert(1)", "https://x.org/a b", "https://x.org/(y)", "http://x.org/"):
        text = render_summary([], [], "posters", EN, preview=preview)
        assert (
            text == "## Posters in this pull request\n\nThis pull request does not add, change or remove any poster.\n"
        )


# --------------------------------------------------- with a real repository ---


def test_branch_summary_compares_the_branch_with_where_it_left_main(project):
    project.add_poster("kopi-gayo", poster_yml("Kopi Gayo"))
    project.add_poster("web-kasir", poster_yml("Web Kasir", role="trainee"))
    project.add_poster("tetap", poster_yml("Tetap"))
    repo = GitRepo.init(project.root)
    repo.commit_all("Posters")
    repo.git("checkout", "-q", "-b", "poster-baru")
    project.add_poster("las-baru", poster_yml("Las Baru", role="guru"))
    (project.root / "posters" / "web-kasir" / "poster.yml").write_text(poster_yml("Web Kasir Desa", "trainee"))
    shutil.rmtree(project.root / "posters" / "kopi-gayo")
    project.add_poster("sementara", poster_yml("Sementara"))
    repo.commit_all("Add, change, remove")
    shutil.rmtree(project.root / "posters" / "sementara")
    repo.commit_all("Remove the temporary poster again")
    project.add_poster("belum-commit", poster_yml("Belum Di-commit"))  # untracked: check reads it, so do we
    # Main moves on after the branch left it: that poster is not the branch's doing.
    repo.git("stash", "-q", "-u")
    repo.git("checkout", "-q", "main")
    project.add_poster("di-main", poster_yml("Di Main"))
    repo.commit_all("Another poster on main")
    repo.git("checkout", "-q", "poster-baru")
    repo.git("stash", "pop", "-q")

    lines = changes.branch_summary(project.config, "main", lang="en").splitlines()
    assert lines[2] == "2 added · 1 changed · 1 removed"
    rows = [line for line in lines if line.startswith("| ") and "`" in line]
    assert rows == [
        "| ➕ Added | **Belum Di-commit**<br>`posters/belum-commit/` | Budi Santoso, Siti Rahma, S.T. | Alumni | "
        "BPVP Bandung | ✅ passed |",
        "| 🗑️ Removed | **Kopi Gayo**<br>`posters/kopi-gayo/` | Budi Santoso, Siti Rahma, S.T. | Alumni | "
        "BPVP Bandung | — |",
        "| ➕ Added | **Las Baru**<br>`posters/las-baru/` | Budi Santoso, Siti Rahma, S.T. | guru | BPVP Bandung | "
        "❌ 1 problem |",
        "| ✏️ Changed | **Web Kasir Desa**<br>`posters/web-kasir/` | Budi Santoso, Siti Rahma, S.T. | Trainee | "
        "BPVP Bandung | ✅ passed |",
    ]
    assert (
        "- poster.yml, line 5: 'role' is 'guru', which is not one of the allowed values: instructor "
        r"\(Instructor\), trainee \(Trainee\), alumni \(Alumni\). Did you mean 'instructor'?" in lines
    )


def test_changes_command_says_what_git_could_not_do(project, tmp_path):
    proc = project.cli("changes")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"the folder {project.root} is not part of a git repository, so there is no branch to compare.\n"
    )
    GitRepo.init(project.root).commit_all("Start")
    proc = project.cli("--lang", "id", "changes", "--base", "origin/main")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "'origin/main' bukan cabang atau commit yang dikenal repositori ini; ambil dulu "
        "(git fetch origin origin/main) atau sebutkan yang lain dengan --base.\n"
    )
    proc = project.cli("changes")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == (
        "## Posters in this pull request\n\nThis pull request does not add, change or remove any poster.\n\n"
    )

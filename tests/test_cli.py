"""The command line and the MkDocs hook, run as a committee member or CI would run them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bench import ctrl_c_as_in_a_terminal

from projectkit import GOOD_POSTER, SCRIPTS


def test_check_all_good_prints_a_one_line_summary(project):
    project.add_poster("one")
    project.add_poster("two")
    project.write_config(language="id")
    proc = project.cli("check")
    assert proc.returncode == 0
    assert proc.stdout == "Semua beres: 2 poster diperiksa, tidak ada masalah.\n"
    assert proc.stderr == ""


def test_check_with_problems_lists_them_all_and_exits_1(project):
    project.add_poster("good")
    project.add_poster("bad", GOOD_POSTER.replace("role: alumni", "role: guru") + "autor: x\n")
    proc = project.cli("--lang", "en", "check")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "posters/bad/poster.yml:4:7: 'role' is 'guru', which is not one of the allowed values: instructor "
        "(Instructor), trainee (Trainee), alumni (Alumni). Did you mean 'instructor'?",
        "posters/bad/poster.yml:7:1: unknown field 'autor'. Did you mean 'authors'?",
    ]
    assert proc.stderr == "2 problems to fix in 2 posters checked.\n"
    assert "Traceback" not in proc.stdout + proc.stderr
    (project.root / "posters" / "good" / "poster.yml").unlink()
    (project.root / "posters" / "good").rename(project.root / "posters" / "_old")  # skipped: not a poster
    project.add_poster("bad", GOOD_POSTER + "autor: x\n")
    one = project.cli("--lang", "en", "check")
    assert one.stderr == "1 problem to fix in 1 poster checked.\n"
    assert project.cli("--lang", "id", "check").stderr == "1 masalah perlu diperbaiki pada 1 poster yang diperiksa.\n"


def test_check_counts_posters_and_warnings_for_one_and_for_more(project):
    two_names = GOOD_POSTER.replace("  - Budi Santoso", "  - Budi Santoso dan Siti Rahma")  # a warning each
    project.add_poster("one", two_names)
    proc = project.cli("--lang", "en", "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "All good: 1 poster checked, no problems found. (1 warning)"
    project.add_poster("two", two_names)
    proc = project.cli("--lang", "en", "check")
    assert proc.stdout.splitlines()[-1] == "All good: 2 posters checked, no problems found. (2 warnings)"
    proc = project.cli("--lang", "id", "check")
    assert proc.stdout.splitlines()[-1] == "Semua beres: 2 poster diperiksa, tidak ada masalah. (2 peringatan)"


def test_check_github_annotations(project):
    project.add_poster("bad", GOOD_POSTER + 'date: 2024-13-01\nsummary: "50%, a: b"\n')
    proc = project.cli("--lang", "en", "check", "--format", "github")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "::error file=posters/bad/poster.yml,line=7,col=7::'date' is 2024-13-01, which is not a real date; check "
        "the day and the month (written as YYYY-MM-DD)."
    ]
    project.add_poster("comma,folder")
    proc = project.cli("--lang", "en", "check", "--format", "github")
    assert "::error file=posters/comma%2Cfolder/::the folder name 'comma,folder'" in proc.stdout


def test_build_prints_the_image_summary_page_counts_and_site_size(project):
    project.add_poster("one")
    proc = project.cli("--lang", "en", "build", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("1 poster, 1 processed, 0 cached, ") and lines[0].endswith(" s")
    assert lines[1].startswith("pages: ")
    # A JPG poster offers its large image, not the original (originals: pdf).
    assert re.fullmatch(r"site: about 3\.2 MB of the 1000 MB budget \(0 %\), originals 0 KB", lines[2]), lines[2]
    assert lines[3] == "All good: 1 poster checked, no problems found."
    again = project.cli("--lang", "en", "build").stdout.splitlines()
    assert again[0].startswith("1 poster, 0 processed, 1 cached, ")
    assert again[1] == f"pages: 0 written, 0 removed, {lines[1].split()[1]} unchanged"
    # In the site's language, every line.
    said = project.cli("--lang", "id", "build").stdout.splitlines()
    assert re.fullmatch(r"1 poster, 0 diolah, 1 diambil dari cache, \d+,\d detik", said[0]), said[0]
    assert said[1] == f"halaman: 0 ditulis, 0 dihapus, {lines[1].split()[1]} tidak berubah"


def test_lang_is_taken_before_the_command_and_after_it(project):
    """'check --lang en' was refused: "not understood: --lang en; see --help"."""
    project.write_config(language="id")
    project.add_poster("bad", GOOD_POSTER + "autor: x\n")
    english = "posters/bad/poster.yml:7:1: unknown field 'autor'. Did you mean 'authors'?"
    for args in (("--lang", "en", "check"), ("check", "--lang", "en"), ("check", "--lang=en", "--format", "text")):
        proc = project.cli(*args)
        assert (proc.returncode, proc.stdout.splitlines(), proc.stderr) == (
            1,
            [english],
            "1 problem to fix in 1 poster checked.\n",
        ), args
    # Written after the command, it says which language that command speaks; before it, a command without
    # its own still takes it.
    assert project.cli("--lang", "id", "check", "--lang", "en").stdout.splitlines() == [english]
    assert project.cli("--lang", "en", "check").stdout.splitlines() == [english]
    assert project.cli("check").stderr == "1 masalah perlu diperbaiki pada 1 poster yang diperiksa.\n"
    # The usage errors of a command, and its help, are in the language given after it too.
    proc = project.cli("tally", "--lang", "en")
    assert proc.stderr.splitlines()[-1] == (
        "gallery.py tally: error: EXPORT is missing; write it after the command (see --help)"
    )
    assert "--lang {id,en} language of the messages (default: the site's)" in " ".join(
        project.cli("vote", "doctor", "--lang", "en", "--help").stdout.split()
    )


def test_usage_errors_exit_2_and_say_what_to_write_in_the_site_s_language(project):
    commands = "'check', 'build', 'new', 'changes', 'from-issue', 'codes', 'tally', 'demo', 'vote'"
    said = {
        ("frobnicate",): f"gallery.py: error: COMMAND: 'frobnicate' is not one of {commands}",
        ("tally",): "gallery.py tally: error: EXPORT is missing; write it after the command (see --help)",
        ("codes", "lima"): "gallery.py codes: error: COUNT: 'lima' is not a whole number",
        ("tally", "x.csv", "--out"): "gallery.py tally: error: --out needs a value after it",
        ("check", "--foo"): "gallery.py: error: not understood: --foo; see --help for what the command takes",
    }
    for command, last_line in said.items():
        proc = project.cli("--lang", "en", *command)
        assert (proc.returncode, proc.stderr.splitlines()[-1]) == (2, last_line)
    project.write_config(language="id")
    proc = project.cli("tally")  # the site's language
    assert (proc.returncode, proc.stderr.splitlines()[-1]) == (
        2,
        "gallery.py tally: kesalahan: EKSPOR belum ditulis; tuliskan setelah perintahnya (lihat --help)",
    )
    listing = " ".join(project.cli("--help").stdout.split())  # as read, whatever the terminal's width
    assert "tally hitung suara dari ekspor CSV layanan formulir dan tulis hasilnya" in listing
    assert "--lang {id,en} bahasa pesan (bawaan: bahasa situs)" in listing


def test_a_settings_file_that_cannot_be_read_is_the_one_problem_said_about_it(project):
    """The posters are still checked, but the settings file's defaults stand in for what it says, so nothing
    else is blamed on it (such as a missing site_url the file may well have)."""
    project.add_poster("one")
    project.config.write_text("site_name: [unclosed\n", "utf-8")
    unreadable = project.cli("--lang", "en", "check")
    assert (unreadable.returncode, unreadable.stdout) == (
        1,
        "mkdocs.yml:2:1: mkdocs.yml is not valid YAML here (expected ',' or ']', but got '<stream end>'); "
        "check the indentation and quotes.\n",
    )
    said = (
        "posters: the settings file cannot be read (Is a directory); give the project's mkdocs.yml, or run "
        "the command from the project folder without --config.\n"
    )
    for command in (("check",), ("build",), ("tally", "export.csv"), ("codes", "5")):
        proc = project.cli("--lang", "en", *command, config=project.root / "posters")
        assert proc.returncode == 1, proc.stderr
        assert said in proc.stdout + proc.stderr and "Traceback" not in proc.stderr, command


def test_output_closed_early_ends_quietly_with_141(project):
    """`gallery.py check | head -1`: the reader stops, and the command stops without a traceback."""
    project.add_poster("good")
    project.add_poster("bad", GOOD_POSTER.replace("role: alumni", "role: guru") + "autor: x\n")
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before anything is printed: the first line meets a closed pipe
    try:
        proc = subprocess.run(
            [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(project.config), "--lang", "en", "check"],
            cwd=project.root,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(writer)
    assert (proc.returncode, proc.stderr) == (141, "")
    assert project.cli("--lang", "en", "check").returncode == 1  # the same project, read to the end: problems


def test_mkdocs_build_runs_the_gallery_and_is_warning_free(project):
    project.add_poster("one")
    (project.root / "docs" / "about.md").write_text("# About\n\nSee the [gallery](index.md).\n")
    proc = project.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    assert (project.root / "site/poster/one/index.html").is_file()
    assert (project.root / "site/index.html").is_file()


def test_mkdocs_build_fails_on_poster_problems_with_the_message(project):
    project.add_poster("bad", "title: x\n")
    proc = project.mkdocs("build")
    assert proc.returncode == 1
    assert "posters/bad/poster.yml:1:1: the required field 'alt' is missing." in proc.stderr
    assert "gallery: 4 problems above; fix them (python scripts/gallery.py check)." in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.mark.slow
def test_mkdocs_serve_rebuilds_when_a_poster_changes(project):
    project.add_poster("one")
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    url = f"http://127.0.0.1:{port}/gallery/poster/one/"
    try:
        deadline = time.time() + 60
        while "Las SMAW dari Nol" not in _fetch(url):
            assert time.time() < deadline and serve.poll() is None, "mkdocs serve did not come up"
            time.sleep(0.3)
        yml = project.root / "posters/one/poster.yml"
        yml.write_text(yml.read_text().replace("Las SMAW dari Nol", "Judul Sesudah Perubahan"))
        deadline = time.time() + 60
        while "Judul Sesudah Perubahan" not in _fetch(url):
            assert time.time() < deadline, "the change to posters/ was not picked up"
            time.sleep(0.3)
    finally:
        serve.send_signal(signal.SIGINT)  # stopped as a person stops it: MkDocs removes its temporary site folder
        serve.wait(10)


def test_the_core_does_not_import_mkdocs():
    code = (
        "import sys, postergallery.build, postergallery.cli, postergallery.stages.load; "
        "print(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "False\n"

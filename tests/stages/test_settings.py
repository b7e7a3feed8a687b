"""Reading mkdocs.yml: defaults, tags MkDocs users write, and every wrong setting reported with its line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from postergallery.stages.settings import read_settings

from projectkit import ROOT, messages


def test_defaults(project):
    settings, problems = read_settings(project.config)
    assert problems == []
    assert settings.posters == "posters" and settings.docs_dir == "docs"
    assert settings.site_name == "Test Gallery"
    assert settings.site_url == "https://example.org/gallery/"
    assert settings.language == "en"  # from theme.language in the test config
    assert settings.cache_dir == ".cache/gallery" and settings.jobs == 0
    assert settings.max_file_mb == 25 and settings.max_megapixels == 200
    assert settings.absolute_url("poster/x/") == "https://example.org/gallery/poster/x/"


def test_python_name_tags_and_env_are_read_without_running_anything(project, monkeypatch):
    monkeypatch.setenv("GALLERY_TEST_URL", "https://from-env.example.org/site")
    project.write_config(
        extra_top="""\
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
copyright: !ENV [NO_SUCH_VARIABLE, "fallback"]
anchors:
  base: &base {a: 1}
  copy: *base
"""
    )
    text = project.config.read_text().replace(
        "site_url: https://example.org/gallery/", "site_url: !ENV [GALLERY_TEST_URL, 'https://default.example.org/']"
    )
    project.config.write_text(text)
    settings, problems = read_settings(project.config)
    assert problems == []
    assert settings.site_url == "https://from-env.example.org/site/"


def test_env_default_when_the_variable_is_missing(project, monkeypatch):
    monkeypatch.delenv("GALLERY_TEST_URL", raising=False)
    text = project.config.read_text().replace(
        "site_url: https://example.org/gallery/", "site_url: !ENV [GALLERY_TEST_URL, 'https://default.example.org/x/']"
    )
    project.config.write_text(text)
    settings, problems = read_settings(project.config)
    assert problems == [] and settings.site_url == "https://default.example.org/x/"


def test_every_wrong_setting_is_reported_with_its_line(project):
    project.write_config("""\
        posters: ../elsewhere
        langauge: en
        jobs: many
        max_file_mb: 500
        intro: [not, text]
        results: maybe
        """)
    settings, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:19:14: use a folder inside the project, written relative to mkdocs.yml, e.g. posters "
        "('../elsewhere' is not allowed).",
        "mkdocs.yml:20:5: unknown setting 'langauge' under extra.gallery. Did you mean 'language'?",
        "mkdocs.yml:21:11: this setting must be a whole number between 0 and 256.",
        "mkdocs.yml:22:18: 500 is out of range; use a value between 1 and 100.",
        "mkdocs.yml:23:12: this setting must be a text.",
        "mkdocs.yml:24:14: this setting must be true or false.",
    ]
    assert settings.posters == "posters" and settings.jobs == 0 and settings.max_file_mb == 25


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "example.org",
            "site_url 'example.org' must be the full address of the published site, e.g. https://ORG.github.io/REPO/.",
        ),
        (
            "javascript:alert(1)",
            "site_url 'javascript:alert(1)' must be the full address of the published site, e.g. "
            "https://ORG.github.io/REPO/.",
        ),
        (
            "https://x.org/a?b=1",
            "site_url 'https://x.org/a?b=1' must not contain '?' or '#'; use the plain address of the site.",
        ),
        (  # an empty fragment: the "/" the build adds would be inside it
            '"https://x.org#"',
            "site_url 'https://x.org#' must not contain '?' or '#'; use the plain address of the site.",
        ),
        (  # every QR code would lead to https://x.org/galeri/index.html/poster/…
            "https://x.org/galeri/index.html",
            "site_url 'https://x.org/galeri/index.html' ends with the name of a page; write the address of the site "
            "without it, e.g. https://x.org/galeri/.",
        ),
        (
            "HTTPS://X.ORG/Home.HTM",
            "site_url 'HTTPS://X.ORG/Home.HTM' ends with the name of a page; write the address of the site "
            "without it, e.g. HTTPS://X.ORG/.",
        ),
        (
            '"https://x.org/<script>"',
            "site_url 'https://x.org/<script>' contains spaces, quotes or other characters a web address cannot have.",
        ),
    ],
)
def test_site_url_must_be_a_web_address(project, url, message):
    project.config.write_text(project.config.read_text().replace("https://example.org/gallery/", url))
    settings, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems] == [f"mkdocs.yml:2:11: {message}"]
    assert settings.site_url == ""


def test_language_comes_from_the_gallery_setting_then_the_theme(project):
    project.write_config("language: id", language="en")
    assert read_settings(project.config)[0].language == "id"
    project.write_config("posters: posters", language="id")
    assert read_settings(project.config)[0].language == "id"
    project.write_config("posters: posters", language="pt_BR")
    assert read_settings(project.config)[0].language == "id"  # not available: Indonesian


@pytest.mark.parametrize(
    "written, fixed",
    [("EN", "en"), ("pt_BR", "pt-BR"), ("english", "id (Indonesian) or language: en (English)")],
)
def test_a_theme_language_the_theme_does_not_know_is_said_with_what_to_write(project, written, fixed):
    """Material knows 'en', not 'EN' or 'english': given those, its own start stopped with a traceback."""
    project.write_config("posters: posters", language=written)
    _, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems] == [
        f"mkdocs.yml:5:13: theme.language '{written}' is not a language the theme knows; write language: {fixed}"
    ]


def test_material_s_instant_navigation_is_warned_of(project):
    """On a page it swaps in, the gallery's filters, My list, zoom and map did nothing, and nothing said why."""
    project.config.write_text(
        project.config.read_text("utf-8").replace(
            "  font: false\n", "  font: false\n  features:\n    - navigation.tabs\n    - navigation.instant\n"
        ),
        "utf-8",
    )
    _, problems = read_settings(project.config, lang="en")
    assert [(p.format_text(), p.is_error) for p in problems] == [
        (
            "mkdocs.yml:10:7: warning: navigation.instant makes the gallery's filters, My list, zoom and map stop working on the "
            "pages it opens; remove this line from theme.features.",
            False,
        )
    ]


@pytest.mark.parametrize(
    "gallery, top, line, key, other, written, default",
    [
        ("cache_dir: docs", "", "19:16", "cache_dir: docs", "docs_dir: docs", "cache_dir", ".cache/gallery"),
        ("cache_dir: docs/tmp", "", "19:16", "cache_dir: docs/tmp", "docs_dir: docs", "cache_dir", ".cache/gallery"),
        ("cache_dir: .", "", "19:16", "cache_dir: .", "docs_dir: docs", "cache_dir", ".cache/gallery"),
        (
            "posters: posters",
            "docs_dir: posters/site\n",
            "21:11",
            "docs_dir: posters/site",
            "posters: posters",
            "docs_dir",
            "docs",
        ),
        # MkDocs empties the built site at every build: a cache there gave a traceback halfway through.
        (
            "cache_dir: site/cache-galeri",
            "",
            "19:16",
            "site_dir: site",
            "cache_dir: site/cache-galeri",
            "cache_dir",
            ".cache/gallery",
        ),
        (
            "posters: posters",
            "site_dir: posters\n",
            "21:11",
            "site_dir: posters",
            "posters: posters",
            "site_dir",
            "site",
        ),
    ],
)
def test_the_posters_the_pages_and_the_cache_each_have_a_folder_of_their_own(
    project, gallery, top, line, key, other, written, default
):
    """A cache in docs/ once deleted the hand-written pages there: the build clears what it did not make."""
    project.write_config(gallery, extra_top=top)
    _, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems][:1] == [
        f"mkdocs.yml:{line}: '{key}' and '{other}' are the same folder, or one is inside the other: the build writes "
        f"files into '{key.split(':')[0]}' and removes old ones there, and would mix them with the files of "
        f"'{other.split(':')[0]}' or delete them. Give each its own folder, e.g. {written}: {default}"
    ]


def test_a_cache_in_docs_stops_the_build_before_it_touches_a_hand_written_page(project):
    project.add_poster("las-smaw")
    page = project.root / "docs" / "pages" / "kontak.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Kontak\n", "utf-8")
    project.write_config("cache_dir: docs")
    assert project.cli("build").returncode == 1
    assert page.read_text("utf-8") == "# Kontak\n" and sorted(p.name for p in page.parent.iterdir()) == ["kontak.md"]


def test_messages_follow_the_site_language(project):
    project.write_config("jobs: many", language="id")
    _, problems = read_settings(project.config)
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:19:11: pengaturan ini harus berupa sebuah bilangan bulat antara 0 dan 256."
    ]


def test_a_tab_or_another_encoding_in_mkdocs_yml_is_said_in_the_committee_s_words(project):
    text = project.config.read_text()
    project.config.write_text(text.replace("  name: material", "\tname: material"))
    _, problems = read_settings(project.config)
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:4:1: mkdocs.yml tidak sah sebagai YAML di sini (ada tab di tempat yang tidak boleh); periksa "
        "indentasi dan tanda kutip. Gunakan spasi, bukan tab, untuk menjorokkan baris."
    ]
    project.config.write_bytes(text.replace("Test Gallery", "Galeri Caf\xe9").encode("latin-1"))
    _, problems = read_settings(project.config)
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:1:22: mkdocs.yml tidak disimpan sebagai teks UTF-8, sehingga karakter ini tidak terbaca. Simpan "
        "lagi berkasnya dengan encoding UTF-8 (di Notepad: File > Save As > Encoding: UTF-8)."
    ]


def test_a_settings_file_nested_or_repeated_past_the_limits_is_said_in_words_with_its_own_name(project):
    """What the reader refuses to protect the build (nesting, anchors multiplied by aliases) is named in words
    the committee can act on, with the name of the file as given, not a bare "(depth)"."""
    text = project.config.read_text()
    deep = project.root / "deep.yml"
    deep.write_text(text + "nav_extra: " + "[" * 40 + "]" * 40 + "\n", "utf-8")
    _, problems = read_settings(deep, lang="en")
    assert [p.format_text() for p in problems] == [
        "deep.yml:21:43: deep.yml is nested more than 32 levels deep here, which no setting needs; check the "
        "indentation, and that every [ and { has its closing ] or }."
    ]
    rows = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" for n in range(1, 7))
    project.config.write_text(text + "l0: &l0 [1]\n" + rows, "utf-8")
    _, problems = read_settings(project.config)
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:1:1: mkdocs.yml mengulang isi anchor (&) lewat alias (*) menjadi jauh lebih banyak nilai daripada "
        "yang diperlukan berkas pengaturan mana pun; tulis pengaturannya secara lengkap saja."
    ]


def test_invalid_yaml_and_missing_file(project, tmp_path):
    project.config.write_text("site_name: [unclosed\n")
    _, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:2:1: mkdocs.yml is not valid YAML here (expected ',' or ']', but got '<stream end>'); "
        "check the indentation and quotes."
    ]
    _, problems = read_settings(tmp_path / "nowhere" / "mkdocs.yml", lang="en")
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml: mkdocs.yml was not found; run the command from the project folder (the one holding mkdocs.yml)."
    ]


def test_gallery_section_that_is_not_a_mapping(project):
    project.config.write_text(
        project.config.read_text().replace(
            "  gallery:\n    posters: posters\n    small_image_px: 0", "  gallery: yes please"
        )
    )
    _, problems = read_settings(project.config, lang="en")
    assert [p.format_text() for p in problems] == [
        "mkdocs.yml:18:12: extra.gallery must be a group of settings, one per line, indented under 'gallery:'."
    ]


def test_missing_posters_folder(project):
    project.write_config("posters: exhibits")
    assert messages(project.check()) == [
        "exhibits: the posters folder 'exhibits' does not exist. Create it and put one folder per poster in it, "
        "or set extra.gallery.posters in mkdocs.yml to the right folder."
    ]


def test_real_mkdocs_yml_of_this_repository_is_valid():
    # Whatever an event writes there, the site's own settings must read without a problem.
    settings, problems = read_settings(ROOT / "mkdocs.yml")
    assert problems == []


def test_the_demo_settings_read_alone_with_nothing_else_imported():
    """Every section of the demo's mkdocs.yml (the vote's and the slideshow's too) is known to the settings
    module by itself: no feature module has to be imported first for its settings to be read."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from postergallery.stages.settings import read_settings\n"
        "settings, problems = read_settings(Path(sys.argv[1]))\n"
        "print(json.dumps({'problems': [str(p) for p in problems], 'vote': settings.vote.provider,\n"
        "  'kiosk': settings.kiosk.interval}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "tests/demo/mkdocs.yml")],
        capture_output=True,
        text=True,
        check=True,
    )
    read = json.loads(out.stdout)
    assert read["problems"] == []
    assert read["vote"] == "google_forms"
    assert read["kiosk"] == 20

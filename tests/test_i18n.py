"""The translation catalogs match the code: every text the code and the templates use is translated into
Indonesian with the same placeholders, nothing in them is left over, and the Translator reads them."""

from __future__ import annotations

import datetime as _dt
import string
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from update_catalogs import extract

from postergallery.i18n import DOMAIN, LANGUAGES, Translator, catalog_path, is_known

USED = {(m.context, m.id): m for m in extract() if m.id}
HOW = "run python scripts/update_catalogs.py, then translate what it adds"


def _catalog(lang):
    with catalog_path(lang).open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


CATALOGS = {lang: _catalog(lang) for lang in LANGUAGES}


def _where(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations)


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _entries(lang):
    return [m for m in CATALOGS[lang] if m.id]


def test_the_extraction_finds_texts_in_python_code_and_templates():
    """The extractors see every way the code marks a text (a guard against extracting nothing)."""
    where = {m.id: {path for path, _ in m.locations} for m in USED.values()}
    assert "postergallery/templates/poster.html.j2" in where["Zoom into the poster"]  # _() in a template
    assert where[("{count} card", "{count} cards")] == {"postergallery/templates/labels.html.j2"}  # plural_forms()
    assert "postergallery/commands/changes.py" in where["Other problems"]  # tr() inside an f-string
    assert "postergallery/stages/load.py" in where["'authors' is empty. {hint}"]  # rep.error(node, "...", ...)
    assert "postergallery/stages/images.py" in where["'{name}' is empty (0 bytes); upload the poster file again."]
    assert ("the column of row numbers", "No") in USED  # pgettext's context
    assert len(USED) > 600


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_the_code_uses_is_in_the_catalog(lang):
    missing = [f"{_where(m)}: {m.id!r}" for m in USED.values() if CATALOGS[lang].get(m.id, context=m.context) is None]
    assert not missing, f"not in the {lang} catalog ({HOW}):\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_in_the_catalog_is_left_over(lang):
    unused = [repr(m.id) for m in _entries(lang) if (m.context, m.id) not in USED]
    assert not unused, f"in the {lang} catalog but used nowhere ({HOW}):\n" + "\n".join(unused)


def test_every_text_has_an_indonesian_translation_in_each_form():
    untranslated = [
        repr(m.id)
        for m in _entries("id")
        if not m.string or not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert not untranslated, "no Indonesian translation for:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    """A plural's two English forms and every translated form have the same {fields} as the text."""
    wrong = []
    for m in _entries(lang):
        texts = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = _fields(texts[0])
        if any(_fields(t) != expected for t in texts) or any(f and _fields(f) != expected for f in forms):
            wrong.append(f"{m.id!r}: {m.string!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_is_fuzzy(lang):
    """A fuzzy entry is one the update guessed after its English changed; it is not used until checked."""
    fuzzy = [repr(m.id) for m in _entries(lang) if m.fuzzy]
    assert not fuzzy, f"check these {lang} translations, then remove their '#, fuzzy' line:\n" + "\n".join(fuzzy)


def test_the_catalogs_say_how_many_plural_forms_each_language_has():
    assert CATALOGS["id"].plural_forms == "nplurals=1; plural=0;"
    assert CATALOGS["en"].plural_forms == "nplurals=2; plural=(n != 1);"


def test_plural_forms_for_one_and_for_many():
    en, id_ = Translator("en"), Translator("id")
    forms = (
        "{count} problem must be fixed before this pull request is merged.",
        "{count} problems must be fixed before this pull request is merged.",
    )
    assert en.ngettext(*forms, 1, count=1) == "1 problem must be fixed before this pull request is merged."
    assert en.ngettext(*forms, 2, count=2) == "2 problems must be fixed before this pull request is merged."
    assert en.ngettext(*forms, 0, count=0) == "0 problems must be fixed before this pull request is merged."
    assert id_.ngettext(*forms, 1, count=1) == "1 masalah harus diperbaiki sebelum pull request ini digabungkan."
    assert id_.ngettext(*forms, 7, count=7) == "7 masalah harus diperbaiki sebelum pull request ini digabungkan."
    assert en.plural_forms("{count} poster matches", "{count} posters match") == (
        "{count} poster matches",
        "{count} posters match",
    )
    assert id_.plural_forms("{count} poster matches", "{count} posters match") == (
        "{count} poster cocok",
        "{count} poster cocok",
    )


def test_a_context_tells_apart_the_same_english():
    assert Translator("id").pgettext("the column of row numbers", "No") == "No"
    assert Translator("id")("No") == "No"  # not in the catalog without its context: the English as written


def test_translator_falls_back_to_indonesian_for_an_unknown_language_and_to_the_english_for_an_unknown_text():
    assert Translator("fr").lang == "id"
    assert Translator("id")("Share") == "Bagikan"
    assert Translator("id")("a text in no catalog, {x}", x=1) == "a text in no catalog, 1"
    assert Translator("en")("unknown field '{key}'.{suggestion}", key="x", suggestion="") == "unknown field 'x'."


def test_a_stored_message_is_known_when_the_catalog_has_it():
    assert is_known("'{name}' is empty (0 bytes); upload the poster file again.")
    assert not is_known("'{name}' was fine in an older version")


def test_dates_and_times_are_written_the_way_each_language_writes_them():
    wib = _dt.timezone(_dt.timedelta(hours=7), "WIB")
    moment = _dt.datetime(2024, 1, 30, 1, 0, 5, tzinfo=_dt.UTC)
    id_, en = Translator("id"), Translator("en")
    assert id_.date_text(_dt.date(2024, 3, 5)) == "5 Maret 2024"
    assert en.date_text(_dt.date(2024, 3, 5)) == "5 March 2024"
    assert id_.moment_text(moment, wib) == "30 Januari 2024 pukul 08.00 WIB"
    assert en.moment_text(moment, wib) == "30 January 2024, 08:00 WIB"
    assert id_.moment_text(moment, wib, with_date=False) == "08.00 WIB"
    assert id_.moment_text(moment, wib, seconds=True) == "30 Januari 2024 pukul 08.00.05 WIB"
    assert en.moment_text(moment, wib, seconds=True) == "30 January 2024, 08:00:05 WIB"


def test_a_message_is_translated_whatever_was_imported():
    """Nothing registers words by being imported: a fresh process that imports only the Translator
    translates a message of the tally command and a word of the vote page."""
    code = (
        "from postergallery.i18n import Translator; import sys; tr = Translator('id');"
        "print(tr('wrote {path}', path='x')); print(tr('Vote for this poster'));"
        "print(sorted(m for m in sys.modules if m.startswith('postergallery')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["x ditulis", "Pilih poster ini", "['postergallery', 'postergallery.i18n']"]

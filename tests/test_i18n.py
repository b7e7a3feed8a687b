"""Every message the code can show has an Indonesian translation, with the same placeholders."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import postergallery
from postergallery import i18n

# Every module registers its own words when imported, including the ones the build does not use
# (the `new` command, the pull-request summary), so import them all.
for _module in pkgutil.walk_packages(postergallery.__path__, "postergallery."):
    importlib.import_module(_module.name)

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "postergallery"
TRANSLATING_CALLS = {"tr", "N_", "PosterImageError"}
REPORTING_METHODS = {"error", "warning"}


def used_messages() -> dict[str, str]:
    """English message templates found in the code -> where."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.parent.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args
            if name in TRANSLATING_CALLS and args:
                candidate = args[0]
            elif name in REPORTING_METHODS and len(args) >= 2:
                candidate = args[1]
            else:
                continue
            if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                found[candidate.value] = f"{path.name}:{node.lineno}"
    return found


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_is_translated_to_indonesian():
    missing = {m: where for m, where in used_messages().items() if m not in i18n.MESSAGES}
    assert not missing, "no Indonesian translation for:\n" + "\n".join(f"{w}: {m!r}" for m, w in missing.items())


def test_translations_keep_the_placeholders():
    wrong = [m for m, t in i18n.MESSAGES.items() if _fields(m) != _fields(t)]
    assert not wrong


def test_no_translation_is_left_over_from_removed_messages():
    used = used_messages()
    assert sorted(m for m in i18n.MESSAGES if m not in used) == []


def test_labels_exist_in_both_languages():
    for key, texts in i18n.LABELS.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert _fields(texts["id"]) == _fields(texts["en"]), key


def test_translator_falls_back_to_english_for_unknown_language():
    tr = i18n.Translator("fr")
    assert tr.lang == "id"
    assert i18n.Translator("en")("unknown field '{key}'.", key="x") == "unknown field 'x'."

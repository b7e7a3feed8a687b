"""Bring the translation catalogs up to date with the code: ``python scripts/update_catalogs.py``.

Finds every text the package marks for translation, in the Python code and in the page templates, with
Babel's extractors (the calls named in ``KEYWORDS``), and updates each language's catalog
``scripts/postergallery/locale/<lang>/LC_MESSAGES/postergallery.po``:

* a new text is added with an empty translation: write the Indonesian one (the English one may stay
  empty, which means the text as the code writes it);
* a text whose English changed keeps its old translation, marked ``#, fuzzy``: check the translation,
  then delete that line (fuzzy translations are not used);
* a text nothing uses any more is dropped.

``tests/test_i18n.py`` then says what is still to translate.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from postergallery.i18n import DOMAIN, LANGUAGES, catalog_path

SCRIPTS = Path(__file__).resolve().parent
# The calls whose text is translated, and which of their arguments it is (gettext's keyword specs: the
# plural's text second, the context first and marked "c").
KEYWORDS = {
    "tr": None,  # tr("...", **params); also a Site's or a command's translator, self.tr(...)
    "N_": None,  # marked now, translated where it is shown
    "_": None,  # the templates' tr
    "ngettext": (1, 2),
    "plural_forms": (1, 2),
    "pgettext": ((1, "c"), 2),
    # Problems reported while reading a file: ctx.error(node, "...", **params), rep.warning(at, "...").
    "error": (2,),
    "warning": (2,),
}
WIDTH = 116


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel's extraction method for Python, reading the syntax tree rather than the tokens.

    Babel's own extractor works on tokens: it takes a keyword passed as a value (``_kind(node, tr)``) for
    the start of a call, and before Python 3.12 it does not look inside f-strings
    (``f"## {tr('Other problems')}"``); both are common here. Yields what Babel's extractors yield: the
    line, the function's name and its positional arguments (a string literal, or None for anything else);
    Babel then picks the texts by the keyword's spec.
    """
    tree = ast.parse(fileobj.read(), getattr(fileobj, "name", "<unknown>"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name not in keywords:
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        if any(args):
            yield node.lineno, name, args if len(args) > 1 else args[0], []


METHODS: list[tuple[str, Any]] = [
    ("postergallery/templates/**.j2", "jinja2.ext:babel_extract"),
    ("postergallery/**.py", extract_python),
    ("mkdocs_hooks.py", extract_python),  # the MkDocs adapter's own few words in MkDocs' log
]


def extract() -> Catalog:
    """Every text the package (and the MkDocs hook) marks for translation, as a catalog without translations; each message's
    locations are where the code uses it (paths relative to ``scripts/``)."""
    template = Catalog(domain=DOMAIN)
    for filename, line, message, comments, context in extract_from_dir(SCRIPTS, METHODS, keywords=KEYWORDS):
        template.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return template


def update(template: Catalog) -> list[Path]:
    """Update every language's catalog from ``template``; returns the catalogs written."""
    written = []
    for lang in LANGUAGES:
        path = catalog_path(lang)
        with path.open("rb") as po:
            catalog = read_po(po, locale=lang, domain=DOMAIN)
        created = catalog.creation_date
        catalog.update(template)
        catalog.creation_date = created  # the catalog's own date, so that an update changing nothing changes no line
        with path.open("wb") as po:
            # Locations without line numbers: they would change with every edit of the code.
            write_po(po, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True, sort_output=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in update(extract()):
        print(f"updated {path.relative_to(SCRIPTS.parent)}")

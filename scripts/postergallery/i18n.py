"""Words the gallery shows or prints, in Indonesian (the default) and English, from gettext catalogs.

The code is written in English, gettext style: every text a person reads is written in English where it
is used, marked for translation, and looked up in the catalog of the language in use:

* ``tr("Share")``, ``tr("unknown field '{key}'.", key=key)``: a text; its placeholders are ``{name}``
  fields, filled in (``str.format``) after the lookup;
* ``tr.ngettext("{count} poster", "{count} posters", n, count=n)``: a text with a number in it, in the
  form the language uses for ``n`` (English: "1 poster", "2 posters"; Indonesian has one form);
* ``tr.plural_forms(singular, plural)``: both forms, for a script in the page that fills in the number;
* ``tr.pgettext(context, text)``: for an English text that needs two different translations;
* ``N_("...")``: marks a text chosen now and translated later, where it is shown (a problem kept with
  its parameters, a word picked from a mapping such as ``model.ROLE_NAMES``);
* the page templates call ``_("...")`` and ``ngettext(...)`` the same way (see ``stages/render.py``).

The catalogs are ``locale/<lang>/LC_MESSAGES/postergallery.po``, read with Babel and compiled in memory
once per process (only the ``.po`` files are kept). ``scripts/update_catalogs.py`` brings them up to date
after the code's words change; ``tests/test_i18n.py`` fails on a text without its Indonesian translation
and on a translation nothing uses. English is the source language: an English entry left empty means the
text as the code writes it.

Dates and times are written by Babel in the language's own way (``Translator.date_text``,
``Translator.moment_text``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
import io
from pathlib import Path
from typing import NamedTuple

from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol

LANGUAGES = ("id", "en")
DOMAIN = "postergallery"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The locale whose dates and times each language uses: the gallery's English is British (centre,
# programme), so its dates are too: day first, 24-hour clock ("30 January 2024, 08:00").
DATE_LOCALES = {"id": "id", "en": "en_GB"}


def base_language(value: object) -> str:
    """The language part of a theme's language setting, in lower case: "en" for "en_US", "EN-gb" or "en"."""
    return str(value or "").lower().replace("_", "-").split("-")[0]


def catalog_path(lang: str) -> Path:
    """The ``.po`` file holding the translations into ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


@functools.cache
def _translations(lang: str) -> gettext.GNUTranslations:
    """The catalog of ``lang``, compiled once per process; its fuzzy entries are left out, as msgfmt does."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(lang))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Amount(float):
    """A number with a decimal part (a size in MB), for a message whose language is chosen when it is shown:
    written as that language writes numbers, "27,3" in Indonesian and "27.3" in English, a whole one without
    its ".0"."""


MB = 1_000_000  # sizes are told in MB of a million bytes, as file managers and phones show them


def megabytes(size: int) -> Amount:
    """``size`` bytes in MB, for a message: "1,5" in Indonesian, "1.5" in English."""
    return Amount(size / MB)


def _decimal(value: float, lang: str, *, fixed: bool) -> str:
    written = f"{value:.1f}" if fixed else f"{value:.1f}".rstrip("0").rstrip(".")
    return written.replace(".", get_decimal_symbol(DATE_LOCALES[lang]))


def _filled(text: str, params: dict, lang: str) -> str:
    if not params:
        return text
    return text.format(**{k: _decimal(v, lang, fixed=False) if isinstance(v, Amount) else v for k, v in params.items()})


class PluralForms(NamedTuple):
    one: str
    other: str


class Translator:
    """Turns the code's English texts into the chosen language (Indonesian for an unknown one)."""

    def __init__(self, lang: str = "id"):
        self.lang = lang if lang in LANGUAGES else "id"

    def __call__(self, message: str, **params) -> str:
        return _filled(_translations(self.lang).gettext(message), params, self.lang)

    def ngettext(self, singular: str, plural: str, n: int, **params) -> str:
        """The text for the number ``n``: ``singular`` or ``plural`` in English, the language's own form otherwise."""
        return _filled(_translations(self.lang).ngettext(singular, plural, n), params, self.lang)

    def plural_forms(self, singular: str, plural: str, **params) -> PluralForms:
        """The text for exactly one and for any other number, for a script that fills in the number itself
        (it takes ``one`` for 1 and ``other`` otherwise, which is all that Indonesian and English need)."""
        return PluralForms(self.ngettext(singular, plural, 1, **params), self.ngettext(singular, plural, 2, **params))

    def pgettext(self, context: str, message: str, **params) -> str:
        """``message`` in the sense ``context`` names (the same English may need different translations)."""
        return _filled(_translations(self.lang).pgettext(context, message), params, self.lang)

    def decimal(self, value: float) -> str:
        """``value`` with one decimal, as the language writes it: "27,3" in Indonesian, "27.3" in English."""
        return _decimal(value, self.lang, fixed=True)

    def date_text(self, date: _dt.date) -> str:
        """A day, written out: '30 Januari 2024' / '30 January 2024'."""
        return format_date(date, "long", locale=DATE_LOCALES[self.lang])

    def moment_text(
        self, moment: _dt.datetime, zone: _dt.timezone, *, with_date: bool = True, seconds: bool = False
    ) -> str:
        """A moment in the time zone ``zone``, named as the zone names itself:
        '30 Januari 2024 pukul 08.00 WIB' / '30 January 2024, 08:00 WIB' (the clock alone without ``with_date``)."""
        local = moment.astimezone(zone)
        clock = format_time(local, "medium" if seconds else "short", tzinfo=zone, locale=DATE_LOCALES[self.lang])
        clock = f"{clock} {local.tzname()}"
        if not with_date:
            return clock
        # Babel's date-and-time pattern for Indonesian leaves out the "pukul" that people write, so the
        # two parts are joined by a translated text.
        return self(N_("{date}, {time}"), date=self.date_text(local.date()), time=clock)


class TemplateError(Exception):
    """An error whose message is an English template with its parameters, translated where it is shown."""

    def __init__(self, template: str, **params):
        super().__init__(template)
        self.template = template
        self.params = params

    def text(self, tr: Translator) -> str:
        return tr(self.template, **self.params)


def N_(message: str) -> str:
    """Marks a message template that is translated later, where it is reported."""
    return message


def is_known(message: str) -> bool:
    """Whether ``message`` is a text of the catalogs: the test a stored message (a problem remembered in a
    cache) must pass before it is shown again."""
    return message in _catalog("id")


def english_plural(singular: str, plural: str, n: int, **params) -> str:
    """For the few lines printed in English whatever the language (the build's log lines): ``singular`` for
    exactly one, as the English catalog does. These lines are not translated, so not marked either."""
    return _filled(singular if n == 1 else plural, params, "en")

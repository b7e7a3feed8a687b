"""Read a form service's public page into a plain description of the form: pure, no network.

* Google Forms: the ``viewform`` page carries the whole form as a JavaScript array,
  ``var FB_PUBLIC_LOAD_DATA_ = [...];``. Google does not document it; its layout, as the
  people who parse it describe it and as real pages show:

  - ``data[1][1]``: the items, each ``[item id, title, description, type, answers, ...]``;
    type 8 is a section (page) break, 6, 11 and 12 are text, image and video without answers;
  - ``answers``: one entry per answer box (several for a grid), each
    ``[entry id, options, required (1/0), labels, validation rules, ...]``; the form posts the
    answer as ``entry.<entry id>``; ``validation rules`` is a non-empty list when the question
    has "Response validation";
  - ``data[1][2][0]``: the confirmation message when the owner wrote one ("" for Google's own);
  - ``data[1][8]``: the title; ``data[1][10][6]``: email collection, 1 none, 2 verified
    (responders must sign in), 3 responder input (a required email box);
  - ``data[14]``: ``"e/<published form id>"``, the id in the voters' address.

* Tally: the form page (``/r/ID``) is a Next.js page whose ``<script id="__NEXT_DATA__">``
  JSON carries the form's blocks; a "Hidden fields" block is
  ``{"type": "HIDDEN_FIELDS", "payload": {"hiddenFields": [{"uuid": ..., "name": "poster"}, ...]}}``.
  The blocks are searched for anywhere in that JSON, so a move inside Next's props does not matter.

The page is untrusted: it is read with the JSON parser only (never evaluated), its size is
bounded by the caller, the JSON walk is bounded, and a page that does not look as expected is
a ``PageUnreadable`` with the reason, never an exception from deep inside.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from postergallery.commands.exportfile import column_key
from postergallery.i18n import N_, TemplateError

SECTION_BREAK = 8
NOT_QUESTIONS = (6, 8, 11, 12)  # text, section break, image, video: nothing to answer
TEXT_QUESTIONS = (0, 1)  # short answer, paragraph: any text is accepted
EMAIL_COLLECTION = {2: "verified", 3: "input"}  # anything else: none
MAX_JSON_NODES = 200_000


class PageUnreadable(TemplateError):
    """The page does not hold a readable form; ``template``/``params`` say why (an English message)."""


@dataclass(frozen=True)
class Question:
    """One answer box of a Google Form."""

    title: str
    entry: str  # the name the answer is posted under, e.g. "entry.1234567890"
    kind: int  # Google's item type: 0 short answer, 1 paragraph, 2 multiple choice, ...
    required: bool
    validated: bool  # has "Response validation"
    section: int  # 1 for the first section

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_QUESTIONS


@dataclass(frozen=True)
class GoogleFormPage:
    """What a Google Form's public page says about the form."""

    title: str
    published_id: str  # the id in .../forms/d/e/<id>/viewform ("" when the page does not say)
    questions: tuple[Question, ...]
    sections: int
    email: str  # "none", "verified" or "input"
    confirmation: str  # the owner's confirmation message, "" for Google's own

    def question(self, entry: str) -> Question | None:
        return next((q for q in self.questions if q.entry == entry), None)

    def titled(self, title: str) -> list[Question]:
        """The questions whose title is ``title``, ignoring case and spaces."""
        wanted = column_key(title)
        return [q for q in self.questions if column_key(q.title) == wanted]


@dataclass(frozen=True)
class TallyFormPage:
    """What a Tally form's public page says: the names of its hidden fields."""

    hidden_fields: tuple[str, ...]


# ------------------------------------------------------------ Google ---

_LOAD_DATA = re.compile(r"\bFB_PUBLIC_LOAD_DATA_\s*=\s*")


def read_google_form(page: str) -> GoogleFormPage:
    """The form described by a ``viewform`` page; ``PageUnreadable`` when it holds no readable form."""
    data = google_load_data(page)
    if data is None:
        raise PageUnreadable(N_("the page holds no form data (FB_PUBLIC_LOAD_DATA_); it is not a form's page"))
    form = _at(data, 1)
    items = _at(form, 1)
    if not isinstance(form, list) or not isinstance(items, list):
        raise PageUnreadable(N_("the form data does not have the layout Google uses; the page may have changed"))
    questions: list[Question] = []
    section = 1
    for item in items:
        if not isinstance(item, list):
            continue
        kind = _at(item, 3)
        if kind == SECTION_BREAK:
            section += 1
            continue
        if not isinstance(kind, int) or kind in NOT_QUESTIONS:
            continue
        title = _at(item, 1)
        answers = _at(item, 4)
        for answer in answers if isinstance(answers, list) else ():
            entry = _at(answer, 0)
            if not isinstance(entry, int) or isinstance(entry, bool):
                continue
            rules = _at(answer, 4)
            questions.append(
                Question(
                    title=title if isinstance(title, str) else "",
                    entry=f"entry.{entry}",
                    kind=kind,
                    required=_at(answer, 2) == 1,
                    validated=isinstance(rules, list) and len(rules) > 0,
                    section=section,
                )
            )
    published = _at(data, 14)
    published_id = published[2:] if isinstance(published, str) and published.startswith("e/") else ""
    title = _at(form, 8)
    confirmation = _at(_at(form, 2), 0)
    email = _at(_at(form, 10), 6)
    return GoogleFormPage(
        title=title if isinstance(title, str) else "",
        published_id=published_id if re.fullmatch(r"[A-Za-z0-9_-]{10,200}", published_id) else "",
        questions=tuple(questions),
        sections=section,
        email=EMAIL_COLLECTION.get(email, "none") if isinstance(email, int) else "none",
        confirmation=confirmation if isinstance(confirmation, str) else "",
    )


def google_load_data(page: str):
    """The ``FB_PUBLIC_LOAD_DATA_`` array of a page (JSON, never evaluated), or None."""
    match = _LOAD_DATA.search(page)
    if match is None or not page.startswith("[", match.end()):
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(page, match.end())
    except (ValueError, RecursionError) as exc:
        raise PageUnreadable(
            N_("the form data in the page could not be read ({detail})"), detail=type(exc).__name__
        ) from None
    return value


def _at(value, index: int):
    """``value[index]`` for a list long enough, else None: Google leaves trailing slots out."""
    return value[index] if isinstance(value, list) and len(value) > index else None


# ------------------------------------------------------------- Tally ---

_NEXT_DATA = re.compile(r"<script\b[^>]*\bid=[\"']__NEXT_DATA__[\"'][^>]*>(.*?)</script>", re.S | re.I)


def read_tally_form(page: str) -> TallyFormPage:
    """The hidden fields of a Tally form page; ``PageUnreadable`` when the page holds no form data."""
    match = _NEXT_DATA.search(page)
    if match is None:
        raise PageUnreadable(N_("the page holds no form data (__NEXT_DATA__); it is not a Tally form's page"))
    try:
        data = json.loads(match.group(1))
    except (ValueError, RecursionError) as exc:
        raise PageUnreadable(
            N_("the form data in the page could not be read ({detail})"), detail=type(exc).__name__
        ) from None
    names: list[str] = []
    blocks = 0
    for node in _walk(data):
        if isinstance(node, dict) and node.get("type") == "HIDDEN_FIELDS":
            blocks += 1
            payload = node.get("payload")
            fields = payload.get("hiddenFields") if isinstance(payload, dict) else None
            for hidden in fields if isinstance(fields, list) else ():
                name = hidden.get("name") if isinstance(hidden, dict) else None
                if isinstance(name, str) and name and name not in names:
                    names.append(name)
    if not blocks and not _mentions_blocks(data):
        raise PageUnreadable(N_("the form data does not have the layout Tally uses; the page may have changed"))
    return TallyFormPage(tuple(names))


def _mentions_blocks(data) -> bool:
    """True when the JSON holds Tally blocks at all (a form without hidden fields still has a title block)."""
    return any(
        isinstance(node, dict) and isinstance(node.get("type"), str) and "groupUuid" in node for node in _walk(data)
    )


def _walk(root):
    """Every dict and list in a JSON value, depth first, at most MAX_JSON_NODES of them."""
    stack, seen = [root], 0
    while stack and seen < MAX_JSON_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            yield node
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            yield node
            stack.extend(v for v in reversed(node) if isinstance(v, (dict, list)))

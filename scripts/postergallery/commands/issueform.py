"""The issue form "Tambah poster" (``.github/ISSUE_TEMPLATE/tambah-poster.yml``) read back from an issue.

GitHub writes the answers of an issue form into the issue's body as Markdown: for each question a heading
``### <label>``, an empty line and the answer; ``_No response_`` for an optional question left empty; the
chosen option's text for a dropdown; ``- [X] <label>`` for a ticked checkbox; a link for a file dropped
into a text area. People may edit the body afterwards, so ``read_answers`` takes it apart by its headings,
tolerates Windows line ends and stray whitespace, and reports whatever it does not recognise as a problem
instead of guessing. Nothing here touches the disk or the network.

``QUESTIONS`` holds the form's labels; a test keeps them identical to the form file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from postergallery import schema
from postergallery.commands.attachment import AllowedHosts, find_links
from postergallery.commands.scaffold import PosterValues, parse_link
from postergallery.i18n import Translator
from postergallery.model import ROLE_NAMES, ROLES, visible
from postergallery.stages.load import ROLE_SYNONYMS, joined_names


@dataclass(frozen=True)
class Question:
    """One question of the form: the ``poster.yml`` field it fills (or the poster file, or the consent)."""

    key: str
    label: str  # the heading GitHub writes above the answer
    required: bool


POSTER_FILE = "poster_file"
CONSENT = "consent"
# The questions that fill a poster.yml field are those of schema.FIELDS with a question, in their order.
QUESTIONS = tuple(Question(f.name, f.question, f.required) for f in schema.FIELDS if f.question) + (
    Question(POSTER_FILE, "Berkas poster", True),
    Question(CONSENT, "Persetujuan", True),
)
LABELS = {q.key: q.label for q in QUESTIONS}
CONSENT_TEXT = "Para penulis setuju posternya ditampilkan di situs yang terbuka untuk umum."
# The dropdown's options are the site's Indonesian role names.
ROLE_CHOICES = {Translator("id")(ROLE_NAMES[role]): role for role in ROLES}
NO_RESPONSE = "_No response_"
MAX_BODY = 65536  # characters: GitHub's limit for an issue's body
HEADING = re.compile(r"^ {0,3}###[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
HASHTAGS = re.compile(r"#\S+(?:\s+#\S+)*")  # topics written "#las #sertifikasi", as on social media
CHECKBOX = re.compile(r"^[-*+]\s+\[([ xX])\]\s*(.*)$")
# Characters no answer needs and YAML cannot hold: C0 and C1 controls (but tab and line ends), DEL,
# surrogates and the non-characters U+FFFE and U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The word joiner, which the bot's own comments put into addresses and mentions so that GitHub does not link
# them: copied from a comment back into the form, it goes without a word (no answer needs it).
WORD_JOINER = "\u2060"
# Zero-width spaces and byte order marks, pasted from WhatsApp or Word: they would become part of the value.
ZERO_WIDTH_SPACE = re.compile("[\u200b\ufeff]")


@dataclass(frozen=True)
class FormProblem:
    """Something to fix in the issue; ``question`` is the key of the question it is about, or None."""

    question: str | None
    message: str
    warning: bool = False  # worth a look, but the poster is added all the same


@dataclass(frozen=True)
class FormAnswers:
    """The poster's values as the form gives them, the attached file's address, and what is wrong."""

    values: PosterValues
    attachment: str | None
    problems: tuple[FormProblem, ...]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


_BY_LABEL = {_norm(q.label): q for q in QUESTIONS}


def read_answers(body: str, hosts: AllowedHosts, tr: Translator) -> FormAnswers:
    """The answers in an issue's ``body``, with every problem found (an empty tuple when there is none)."""
    problems: list[FormProblem] = []
    if len(body) > MAX_BODY:
        problems.append(
            FormProblem(
                None,
                tr(
                    "the issue's text is {count} characters long, more than GitHub allows ({limit}); open the issue "
                    "again with the form.",
                    count=len(body),
                    limit=MAX_BODY,
                ),
            )
        )
        body = body[:MAX_BODY]
    answers = _sections(body, problems, tr)
    present = set(answers)
    for question in QUESTIONS:
        text = answers.get(question.key)
        if text is None:
            if question.required:
                problems.append(
                    FormProblem(
                        question.key,
                        tr(
                            "this question is missing from the issue (perhaps it was removed while editing). Add it back "
                            "as a line '### {label}', an empty line, and the answer.",
                            label=question.label,
                        ),
                    )
                )
            answers[question.key] = ""
        elif question.required and not text and question.key != POSTER_FILE:  # an empty file field: below
            problems.append(FormProblem(question.key, tr("required, but not filled in.")))
        elif question.required and question.key != POSTER_FILE and not any(c.isalnum() for c in text):
            # "-" or '""' to get past a required question: published, a poster titled "-", and "-" read aloud as
            # the poster's description to a screen reader's user.
            quotes = all(c in "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb" or c.isspace() for c in text)
            message = (
                tr("holds only quotation marks; write the answer between them, or without them.")
                if quotes
                else tr(
                    "holds only '{text}', which is not an answer; write the answer itself.", text=_single_line(text)
                )
            )
            problems.append(FormProblem(question.key, message))
        answers[question.key] = answers[question.key].replace(WORD_JOINER, "")
        if ZERO_WIDTH_SPACE.search(answers[question.key]):
            problems.append(
                FormProblem(
                    question.key,
                    tr(
                        "contains an invisible character (a zero-width space, often copied along from WhatsApp or "
                        "Word); type this answer again instead of pasting it."
                    ),
                )
            )
            answers[question.key] = ZERO_WIDTH_SPACE.sub("", answers[question.key])
        found = CONTROL.findall(answers[question.key])
        if found:
            problems.append(
                FormProblem(
                    question.key,
                    tr(
                        "contains invisible control characters ({chars}); type this answer again without them.",
                        chars=" ".join(dict.fromkeys(visible(ch) for ch in found)),
                    ),
                )
            )
            answers[question.key] = CONTROL.sub("", answers[question.key])

    role = ""
    if answers["role"]:
        choice = _norm(answers["role"])
        known = {_norm(label): key for label, key in ROLE_CHOICES.items()}
        known.update({key: key for key in ROLES} | ROLE_SYNONYMS)
        role = known.get(choice, "")
        if not role:
            problems.append(
                FormProblem(
                    "role",
                    tr(
                        "'{value}' is not one of the choices; choose {choices}.",
                        value=_single_line(answers["role"]),
                        choices=", ".join(ROLE_CHOICES),
                    ),
                )
            )
    values = PosterValues(
        title=answers["title"],
        authors=_lines(answers["authors"].replace("\t", "\n")),  # a row copied from a spreadsheet: a name a cell
        role=role,
        center=answers["center"],
        alt=answers["alt"],
        program=answers["program"],
        date=answers["date"],
        summary=answers["summary"],
        tags=tuple(tag for line in _lines(answers["tags"].replace("\t", "\n")) for tag in _topics(line)),
        links=tuple(parse_link(line) for line in _lines(answers["links"])),
        board=_single_line(answers["board"]),
        text=answers["text"],
    )
    for name in values.authors:
        joined = joined_names(name)
        if joined:
            problems.append(
                FormProblem(
                    "authors",
                    tr(
                        "'{name}' looks like {count} names on one line; write one name per line, e.g. '{first}' on "
                        "one line and '{second}' on the next.",
                        name=name,
                        count=len(joined),
                        first=joined[0],
                        second=joined[1],
                    ),
                    warning=True,
                )
            )

    attachment = None
    if POSTER_FILE in present:
        attachments, others = find_links(answers[POSTER_FILE], hosts)
        if others:
            problems.append(
                FormProblem(
                    POSTER_FILE,
                    tr(
                        "{links}: not a file attached to the issue. Drag the poster file itself into this field (a link "
                        "to Google Drive or another site cannot be used).",
                        links=", ".join(others),
                    ),
                )
            )
        if len(attachments) > 1:
            problems.append(
                FormProblem(
                    POSTER_FILE,
                    tr(
                        "{count} files are attached; keep only the poster's file (one JPG, PNG or PDF).",
                        count=len(attachments),
                    ),
                )
            )
        elif attachments:
            attachment = attachments[0]
        elif not others:
            problems.append(
                FormProblem(
                    POSTER_FILE,
                    tr(
                        "no file is attached. Drag the poster file (a JPG or PNG up to 10 MB, or a PDF up to 25 MB) into "
                        "this field and wait until its link appears."
                    ),
                )
            )
    if answers[CONSENT] and not _consent_ticked(answers[CONSENT]):
        problems.append(FormProblem(CONSENT, tr("not ticked; the poster is published only with the authors' consent.")))
    return FormAnswers(values, attachment, tuple(problems))


def _sections(body: str, problems: list[FormProblem], tr: Translator) -> dict[str, str]:
    """The answer under each known heading; unknown headings, text before the first one and repeats are problems."""
    answers: dict[str, str] = {}
    current: str | None = None  # the question whose answer the lines belong to
    repeated = False  # inside a question's second answer, which is left out
    lines: list[str] = []
    preamble: list[str] = []

    def close() -> None:
        if current is not None:
            # GitHub's placeholder for an empty answer stays where an answer is typed below it while editing.
            answers[current] = "\n".join(line for line in lines if line.strip() != NO_RESPONSE).strip()

    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # A heading copied from the comment, which writes it with word joiners so that GitHub shows it as text.
        match = HEADING.match(line.replace(WORD_JOINER, ""))
        question = _BY_LABEL.get(_norm(match.group(1))) if match else None
        if question is not None:
            close()
            lines = []
            repeated = question.key in answers
            current = None if repeated else question.key
            if repeated:
                problems.append(
                    FormProblem(
                        question.key,
                        tr("this question appears twice in the issue; keep one answer and remove the other."),
                    )
                )
            continue
        if match:
            problems.append(
                FormProblem(
                    None,
                    tr(
                        "the heading '### {heading}' is not a question of the form. A line starting with ### inside an "
                        "answer looks like a new question: remove the ### signs.",
                        heading=_single_line(match.group(1)),
                    ),
                )
            )
        elif current is not None:
            lines.append(line)
        elif not repeated and line.strip():
            preamble.append(line.strip())
    close()
    if preamble:
        problems.append(
            FormProblem(
                None,
                tr(
                    "the issue holds text that is not an answer to a question of the form ('{text}'); remove it.",
                    text=shorten(" ".join(preamble)),
                ),
            )
        )
    return answers


def _lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of an answer, without list bullets people like to type."""
    return tuple(
        item for item in (schema.LIST_MARKER.sub("", line.strip()).strip() for line in text.split("\n")) if item
    )


def _topics(line: str) -> list[str]:
    """The topics on one line of the answer: separated as in poster.yml (commas, semicolons), or written as
    hashtags ("#las #sertifikasi"), each without its '#', which in poster.yml would start a comment."""
    parts = line.split() if HASHTAGS.fullmatch(line) else schema.split_topics(line)
    return [topic for topic in (part.lstrip("#").strip() for part in parts) if topic]


def _consent_ticked(text: str) -> bool:
    for line in text.split("\n"):
        match = CHECKBOX.match(line.strip())
        if match and match.group(1) in "xX" and _norm(match.group(2)) == _norm(CONSENT_TEXT):
            return True
    return False


def _single_line(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, limit: int = 80) -> str:
    """``text``, cut to ``limit`` characters with "…" at the end where it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"

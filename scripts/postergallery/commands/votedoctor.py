"""``vote doctor``: will the votes sent from the site reach the form? A checklist, over HTTP.

The vote page cannot see a Google Form's answer (Google sends no CORS headers), so a form
that refuses every vote looks exactly like one that records them. The committee runs this
before the event from their own computer: it reads the form's public page as an anonymous
voter would and checks what makes Google refuse a vote (sign-in, a closed or restricted form,
several sections, another required question, response validation, email collection, field
names that are not the form's questions); for Tally, Formspree and any form endpoint, what
they need in turn. ``--send-test`` sends one vote exactly as the browser does (poster
``_test``, a fresh 32-hex token) and reports what the service answered.

Each check is a ``Check``: passed, failed with what to change in the service's own
interface, or a note. ``Report.exit_code``: 0 all good, 1 something would lose votes,
2 the service could not be reached.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from postergallery import urls
from postergallery.commands import codes as ballot_codes
from postergallery.commands import formservice
from postergallery.commands.exportfile import column_key
from postergallery.commands.formpages import (
    GoogleFormPage,
    PageUnreadable,
    read_google_form,
    read_tally_form,
)
from postergallery.commands.formservice import (
    MAX_REDIRECTS,
    Answer,
    Origins,
    Unreachable,
    open_page,
    post_form,
    request,
)
from postergallery.features.vote import SERVICE_HOSTS, SIGN_IN_PATH, VoteSettings, is_placeholder
from postergallery.i18n import N_
from postergallery.model import visible

TEST_POSTER = "_test"  # the count leaves this poster out
SEND_TEST = "python scripts/gallery.py vote doctor --send-test"
GOOGLE_HOSTS = frozenset({"docs.google.com"})
TALLY_HOSTS = SERVICE_HOSTS["tally"]
GOOGLE_STOPS = ("/closedform", "/formrestricted")
# Google's own confirmation, in the two languages the committee's forms are written in.
GOOGLE_CONFIRMATIONS = ("Your response has been recorded", "Tanggapan Anda telah direkam")
# Formspree reads these as the sender's email address and refuses a submission where they are not one.
FORMSPREE_EMAIL_FIELDS = ("email", "_replyto")


@dataclass(frozen=True)
class Check:
    """One line of the checklist: ``ok`` True (✓), False (✗, with ``fix``), None (a note)."""

    ok: bool | None
    text: str
    fix: str = ""


@dataclass
class Report:
    title: str
    checks: list[Check] = field(default_factory=list)
    unreachable: bool = False

    @property
    def problems(self) -> int:
        return sum(1 for c in self.checks if c.ok is False)

    @property
    def exit_code(self) -> int:
        return 2 if self.unreachable else 1 if self.problems else 0


CHECK_MARKS = {True: "✓", False: "✗", None: "•"}


def checklist_lines(checks) -> list[str]:
    """A checklist as printed: ✓ passed, ✗ failed (with what to do on the next line), • a note. Texts that quote
    a service's page show its invisible characters as escapes."""
    lines = []
    for check in checks:
        lines.append(f"{CHECK_MARKS[check.ok]} {visible(check.text)}")
        if check.ok is False and check.fix:
            lines.append(f"  → {visible(check.fix)}")
    return lines


@dataclass(frozen=True)
class Visit:
    """Who the test vote comes from: the published site's origin and vote page, as the browser sends them."""

    site_origin: str = ""
    referer: str = ""

    @classmethod
    def of_site(cls, site_url: str) -> Visit:
        if not site_url:
            return cls()
        return cls(urls.origin(urlsplit(site_url)), site_url + "vote/")


def doctor(
    vote: VoteSettings,
    tr,
    origins: Origins,
    *,
    send_test: bool = False,
    visit: Visit = Visit(),
    now: _dt.datetime | None = None,
) -> Report:
    """The checklist for the vote section's form service, and whether the voting window is still ahead (``now``:
    the time, aware; the clock's by default)."""
    report = Report(tr("Checking the vote form: {service}, {url}", service=vote.service_name, url=vote.url))
    run = {"google_forms": _google, "tally": _tally, "formspree": _formspree, "form": _form_endpoint}[vote.provider]
    try:
        run(vote, tr, origins, report, send_test, visit)
    except Unreachable as exc:
        report.unreachable = True
        report.checks.append(
            Check(
                False,
                exc.text(tr) + ".",
                tr(
                    "Check the internet connection (open {url} in a browser), then run the command again.", url=vote.url
                ),
            )
        )
    closed = window_check(vote, tr, now or _dt.datetime.now(_dt.UTC))
    if closed:
        report.checks.append(closed)
    return report


def window_check(vote: VoteSettings, tr, now: _dt.datetime) -> Check | None:
    """A ✗ when the voting window has ended by ``now``: the site's vote buttons are off, however well the form takes
    votes (a vote section copied from the demo, or last year's event, keeps its old 'closes')."""
    if vote.closes is None or now < vote.closes:
        return None
    return Check(
        False,
        tr(
            "Voting closed at {closes} ('closes' in the vote section), so the site's vote buttons are off and it "
            "sends no vote.",
            closes=tr.moment_text(vote.closes, vote.zone.tzinfo),
        ),
        tr(
            "Write your event's times in 'opens' and 'closes' of the vote section in mkdocs.yml, then publish the site."
        ),
    )


def sample_vote(vote: VoteSettings) -> list[tuple[str, str]]:
    """The fields of a test vote, in the order vote.js sends them: poster, token, and the code with codes on."""
    values = [(vote.fields["poster"], TEST_POSTER), (vote.fields["token"], secrets.token_hex(16))]
    if vote.codes and "code" in vote.fields:
        values.append((vote.fields["code"], ballot_codes.make_codes(1)[0]))
    return values


def _hosts(base, vote: VoteSettings) -> frozenset:
    host = urls.host(vote.url)
    return base | {host} if host in urls.LOCAL_HOSTS else base


def setup_command(tr) -> str:
    return tr("python scripts/gallery.py vote setup LINK --write")


def _count_note(tr) -> Check:
    return Check(
        None,
        tr(
            "The count leaves out votes for the poster '{poster}'; you may also delete the test row "
            "from the responses.",
            poster=TEST_POSTER,
        ),
    )


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------- Google ---


def google_refusal(answer: Answer) -> str | None:
    """Where a Google redirect leads: "signin", "restricted", "closed", "elsewhere", or None (no redirect)."""
    target = answer.location
    if target is None:
        return None
    parts = urlsplit(target)
    host = parts.hostname or ""
    path = parts.path.rstrip("/")
    if host == "accounts.google.com":
        return "signin"
    if path.endswith("/formrestricted"):
        return "restricted"
    if path.endswith("/closedform"):
        return "closed"
    return "elsewhere"


def refusal_check(kind: str, answer: Answer, tr) -> Check:
    """The ✗ for a form page Google does not show to an anonymous voter."""
    if kind == "signin":
        return Check(
            False,
            tr(
                "Google asks voters to sign in before they can answer (it sends them to "
                "accounts.google.com), so every vote from the site is refused."
            ),
            _signin_fix(tr),
        )
    if kind == "restricted":
        return Check(
            False,
            tr(
                "Google lets only people of one organisation answer this form (it sends others to "
                "its formrestricted page), so every vote from the site is refused."
            ),
            tr(
                "In the form's Settings turn off 'Restrict to users in ... and its trusted organisations'; "
                "press Publish and set Responders to 'Anyone with the link'."
            ),
        )
    if kind == "closed":
        return Check(
            False,
            tr(
                "The form is not accepting responses (Google shows its closedform page), so every "
                "vote would be refused."
            ),
            tr("In the form's Responses tab turn on 'Accepting responses', and leave it on until voting closes."),
        )
    return Check(
        False,
        tr("Google sends the form's page to {location} instead of showing the form.", location=answer.location),
        tr("Open {url} in a private browser window to see what voters see.", url=answer.url),
    )


def _signin_fix(tr) -> str:
    return tr(
        "In the form's Settings, under Responses, set 'Collect email addresses' to 'Do not collect' and turn "
        "off 'Limit to 1 response'; turn off 'Restrict to users in ...' if it is there. Press Publish and set "
        "Responders to 'Anyone with the link'."
    )


def _google(vote, tr, origins, report, send_test, visit) -> None:
    if is_placeholder(vote.url):
        report.checks.append(
            Check(
                False,
                tr("The vote's url is still the demo's placeholder form, which does not exist."),
                tr("Make your own Google Form (README, Voting), then run: {command}", command=setup_command(tr)),
            )
        )
        return
    page_url = vote.prefilled_url()
    answer = open_page(page_url, origins, _hosts(GOOGLE_HOSTS, vote), stop_paths=GOOGLE_STOPS)
    form = None
    kind = google_refusal(answer)
    if kind:
        report.checks.append(refusal_check(kind, answer, tr))
    elif answer.status == 404:
        report.checks.append(
            Check(
                False,
                tr(
                    "Google has no form at {url} (it answered 404): the address is wrong, "
                    "the form was deleted, or it is not published.",
                    url=page_url,
                ),
                tr(
                    "In the form editor press Publish (Responders: 'Anyone with the link'), copy "
                    "the responder link and run: {command}",
                    command=setup_command(tr),
                ),
            )
        )
    elif answer.status != 200:
        report.checks.append(_not_shown("Google", answer, tr))
    else:
        form = _read_form(
            answer,
            read_google_form,
            report,
            tr,
            tr(
                "Open {url} in a private browser window: if it shows the form, check the vote section "
                "by hand as README.md describes (Voting, Google Forms).",
                url=page_url,
            ),
        )
        if form is not None:
            report.checks.append(
                Check(
                    True,
                    tr(
                        "The form opens without signing in and accepts responses (so "
                        "'Limit to 1 response' and verified email collection are off)."
                    ),
                )
            )
            # The fields a vote fills in (sample_vote): without ballot codes the code question gets no answer.
            sent = {role: name for role, name in vote.fields.items() if role != "code" or vote.codes}
            report.checks.extend(google_form_checks(form, sent, vote.columns, tr))
    if send_test:
        report.checks.append(_google_send(vote, form, tr, origins, visit))
        report.checks.append(_count_note(tr))


def _not_shown(service: str, answer: Answer, tr) -> Check:
    return Check(
        False,
        tr(
            "{service} answered {status} for the form's page instead of showing the form.",
            service=service,
            status=answer.status,
        ),
        tr("Open {url} in a private browser window to see what voters see.", url=answer.url),
    )


def _read_form(answer: Answer, reader, report: Report, tr, fix: str):
    """The form a page describes, or None with a ✗ saying why it could not be read and ``fix``."""
    try:
        return read_page(answer, reader)
    except PageUnreadable as exc:
        report.checks.append(Check(False, tr("The form's page could not be read: {reason}.", reason=exc.text(tr)), fix))
        return None


def read_page(answer: Answer, reader):
    """``reader`` applied to a page that was not cut off at the size limit."""
    if answer.too_large:
        raise PageUnreadable(
            N_("the page is larger than {megabytes} MB"), megabytes=f"{formservice.MAX_BYTES / 1_000_000:g}"
        )
    return reader(answer.text)


def google_form_checks(form: GoogleFormPage, fields: dict, columns: dict, tr) -> list[Check]:
    """What in the form itself makes Google refuse or lose a vote sent with ``fields``."""
    checks = []
    if form.sections > 1:
        checks.append(
            Check(
                False,
                tr(
                    "The form has {count} sections; a vote from the site answers only the first "
                    "one, and Google refuses it.",
                    count=form.sections,
                ),
                tr(
                    "Put all questions in one section: on each section after the first, open its ⋮ menu "
                    "and choose 'Merge with above'."
                ),
            )
        )
    else:
        checks.append(Check(True, tr("The form has one section.")))
    email_fix = tr("In the form's Settings, under Responses, set 'Collect email addresses' to 'Do not collect'.")
    if form.email == "input":
        checks.append(
            Check(
                False,
                tr(
                    "The form asks every responder for an email address; votes from the site have "
                    "none, so Google refuses them."
                ),
                email_fix,
            )
        )
    elif form.email == "verified":
        checks.append(
            Check(
                False,
                tr(
                    "The form collects verified email addresses, which makes voters sign in to "
                    "Google; votes from the site are refused."
                ),
                email_fix,
            )
        )
    else:
        checks.append(Check(True, tr("The form does not ask for an email address.")))
    for role, name in fields.items():
        checks.extend(_field_checks(form, role, name, columns.get(role) or (role,), tr))
    others = [q for q in form.questions if q.required and q.entry not in fields.values()]
    for question in others:
        checks.append(
            Check(
                False,
                tr(
                    "The question '{title}' ({entry}) is required, but votes from the site do not "
                    "answer it: Google refuses every vote.",
                    title=question.title,
                    entry=question.entry,
                ),
                tr("Turn off 'Required' on that question, or delete it."),
            )
        )
    if not others:
        checks.append(Check(True, tr("No other question is required.")))
    return checks


def _field_checks(form: GoogleFormPage, role: str, name: str, headers, tr) -> list[Check]:
    question = form.question(name)
    if question is None:
        titled = form.titled(headers[0])
        if len(titled) == 1:
            fix = tr(
                "The question '{title}' is {entry}: write {role}: {entry} under vote.fields, or run: {command}",
                title=titled[0].title,
                entry=titled[0].entry,
                role=role,
                command=setup_command(tr),
            )
        else:
            fix = tr(
                "Add a Short answer question titled '{title}' to the form, then run: {command}",
                title=headers[0],
                command=setup_command(tr),
            )
        return [
            Check(
                False,
                tr(
                    "vote.fields.{role} is {name}, but the form has no question {name}: Google would drop that answer.",
                    role=role,
                    name=name,
                ),
                fix,
            )
        ]
    checks = []
    if column_key(question.title) not in {column_key(h) for h in headers}:
        checks.append(
            Check(
                False,
                tr(
                    "{name} ({role}) is the question '{title}', but the count looks for a column titled '{expected}'.",
                    name=name,
                    role=role,
                    title=question.title,
                    expected=headers[0],
                ),
                tr(
                    "Rename the question to '{expected}' (the export names each column after its question).",
                    expected=headers[0],
                ),
            )
        )
    if not question.is_text:
        checks.append(
            Check(
                False,
                tr(
                    "{name} ({role}), the question '{title}', is not a Short answer question; "
                    "Google refuses answers that are not among its choices.",
                    name=name,
                    role=role,
                    title=question.title,
                ),
                tr("Change the question's type to Short answer."),
            )
        )
    if question.validated:
        checks.append(
            Check(
                False,
                tr(
                    "The question '{title}' ({name}) has response validation; Google refuses "
                    "votes whose {role} does not pass it.",
                    title=question.title,
                    name=name,
                    role=role,
                ),
                tr("Open the question's ⋮ menu and turn off 'Response validation'."),
            )
        )
    if role == "token" and question.required:
        checks.append(
            Check(
                False,
                tr(
                    "The question '{title}' ({name}) is required; a vote sent from a browser "
                    "without JavaScript has no token, and Google refuses it.",
                    title=question.title,
                    name=name,
                ),
                tr("Turn off 'Required' on that question."),
            )
        )
    if not checks:
        checks.append(
            Check(True, tr("{role}: {name} is the question '{title}'.", role=role, name=name, title=question.title))
        )
    return checks


def _google_send(vote, form: GoogleFormPage | None, tr, origins, visit) -> Check:
    values = sample_vote(vote)
    answer = post_form(
        vote.url, values, origins, accept_json=False, site_origin=visit.site_origin, referer=visit.referer
    )
    kind = google_refusal(answer)
    if kind:
        refused = refusal_check(kind, answer, tr)
        return Check(False, tr("Test vote refused: {reason}", reason=refused.text), refused.fix)
    message = confirmation_in(answer.text, form.confirmation if form else "")
    if answer.status == 200 and message:
        unknown = [name for name, _ in values if form is not None and form.question(name) is None]
        if unknown:
            return Check(
                False,
                tr(
                    "Test vote sent, and Google recorded a response, but without {names}: the form "
                    "has no such question, so that part of every vote is lost.",
                    names=", ".join(unknown),
                ),
                tr("Correct vote.fields as the checks above say, then send a test vote again."),
            )
        return Check(True, tr("Test vote sent: Google recorded it (its page says “{said}”).", said=message))
    fix = tr("Fix the problems above, then send a test vote again.")
    if answer.status == 404:
        return Check(False, tr("Test vote refused: Google has no form at {url} (404).", url=vote.url), fix)
    if answer.status == 400 or "FB_PUBLIC_LOAD_DATA_" in answer.text:
        return Check(
            False,
            tr(
                "Test vote refused: Google showed the form again (HTTP {status}), which it does when a "
                "required question is unanswered or an answer is not accepted.",
                status=answer.status,
            ),
            fix,
        )
    return Check(
        False,
        tr(
            "Test vote not confirmed: Google answered {status} without saying the response was recorded.",
            status=answer.status,
        ),
        fix,
    )


def confirmation_in(page: str, custom: str) -> str:
    """The confirmation message a Google answer page shows (the owner's or Google's own), or "". Only what the page
    shows: the form's own page holds the owner's message too, in its script data, and is no confirmation."""
    shown = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", page, flags=re.S | re.I)
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", shown)).split()).casefold()
    for message in ((custom,) if custom.strip() else ()) + GOOGLE_CONFIRMATIONS:
        wanted = " ".join(message.split())
        if wanted and wanted.casefold() in text:
            return _snippet(wanted)
    return ""


# ------------------------------------------------------------ Tally ---


def _tally(vote, tr, origins, report, send_test, visit) -> None:
    share = vote.tally_urls()[0]
    answer = open_page(share, origins, _hosts(TALLY_HOSTS, vote))
    if answer.status == 404:
        report.checks.append(
            Check(
                False,
                tr("Tally has no published form at {url} (it answered 404).", url=share),
                tr("Publish the form on tally.so and copy its link from Share: url: https://tally.so/r/FORM_ID"),
            )
        )
    elif answer.status != 200:
        report.checks.append(_not_shown("Tally", answer, tr))
    else:
        form = _read_form(
            answer,
            read_tally_form,
            report,
            tr,
            tr(
                "Open {url} in a private browser window and check the form's Hidden fields block by "
                "hand (README, Voting, Tally).",
                url=share,
            ),
        )
        if form is not None:
            report.checks.append(Check(True, tr("The Tally form opens without signing in.")))
            report.checks.extend(_hidden_field_check(form, role, name, tr) for role, name in vote.fields.items())
    if send_test:
        link = share + "?" + urlencode(sample_vote(vote), quote_via=quote)
        report.checks.append(
            Check(
                None,
                tr(
                    "A Tally form cannot be sent from here: open this link, press Submit, "
                    "and check that the row appears under Submissions: {link}",
                    link=link,
                ),
            )
        )
        report.checks.append(_count_note(tr))


def _hidden_field_check(form, role: str, name: str, tr) -> Check:
    if name in form.hidden_fields:
        return Check(True, tr("{role}: the form has the hidden field '{name}'.", role=role, name=name))
    if form.hidden_fields:
        fix = tr(
            "The form's hidden fields are: {names}. Write one of them under vote.fields, or add '{name}' to the "
            "form's Hidden fields block.",
            names=", ".join(form.hidden_fields),
            name=name,
        )
    else:
        fix = tr(
            "In the Tally editor type /hidden to add a Hidden fields block with the fields poster and token (and "
            "code with ballot codes), then publish the form."
        )
    return Check(
        False,
        tr("{role}: the form has no hidden field '{name}', so Tally would not record it.", role=role, name=name),
        fix,
    )


# -------------------------------------------------------- Formspree ---


def _json_answer(answer: Answer):
    try:
        value = json.loads(answer.text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _formspree_error(answer: Answer) -> tuple[set, str]:
    """(error codes, message) of a Formspree JSON answer."""
    value = _json_answer(answer) or {}
    codes, messages = set(), []
    if isinstance(value.get("error"), str):
        messages.append(value["error"])
    errors = value.get("errors")
    for item in errors if isinstance(errors, list) else []:
        if isinstance(item, dict):
            if isinstance(item.get("code"), str):
                codes.add(item["code"])
            if isinstance(item.get("message"), str) and item["message"] not in messages:
                messages.append(item["message"])
    return codes, _snippet("; ".join(messages) or answer.text or str(answer.status))


def _formspree(vote, tr, origins, report, send_test, visit) -> None:
    # An empty submission: Formspree refuses it without storing anything, and its refusal says whether the
    # form exists (FORM_NOT_FOUND) and is switched on (INACTIVE) or would take a real one (EMPTY).
    answer = post_form(vote.url, [], origins, accept_json=True, site_origin=visit.site_origin, referer=visit.referer)
    codes, message = _formspree_error(answer)
    form_id = vote.url.rstrip("/").rsplit("/", 1)[-1]
    if answer.status == 404 or "FORM_NOT_FOUND" in codes:
        report.checks.append(
            Check(
                False,
                tr(
                    "Formspree has no form {id} (it answered {status}: {said}).",
                    id=form_id,
                    status=answer.status,
                    said=message,
                ),
                tr(
                    "Copy the endpoint from the form's Integration tab on formspree.io: "
                    "url: https://formspree.io/f/FORM_ID"
                ),
            )
        )
    elif "INACTIVE" in codes:
        report.checks.append(
            Check(
                False,
                tr("The Formspree form is disabled, so it refuses every vote ({said}).", said=message),
                tr("In the form's Settings on formspree.io, turn the form back on."),
            )
        )
    elif answer.status == 429:
        report.checks.append(_formspree_busy(answer, message, tr))
    elif "EMPTY" in codes or answer.status in (400, 422) or 200 <= answer.status < 300:
        report.checks.append(Check(True, tr("Formspree knows the form and it accepts submissions.")))
    else:
        report.checks.append(
            Check(
                False,
                tr("Formspree answered {status}: {said}.", status=answer.status, said=message),
                tr("Open the form on formspree.io and check its settings."),
            )
        )
    email_like = [(role, name) for role, name in vote.fields.items() if name.lower() in FORMSPREE_EMAIL_FIELDS]
    for role, name in email_like:
        report.checks.append(
            Check(
                False,
                tr(
                    "Formspree reads a field named '{name}' as the sender's email address "
                    "and refuses votes where it is not one.",
                    name=name,
                ),
                tr("Use another name, e.g. {role}: {role}", role=role),
            )
        )
    if not email_like:
        report.checks.append(
            Check(True, tr("The field names ({names}) are fine for Formspree.", names=", ".join(vote.fields.values())))
        )
    if send_test:
        report.checks.append(_json_send(vote, tr, origins, visit, "Formspree"))
        report.checks.append(_count_note(tr))


def _formspree_busy(answer, message, tr) -> Check:
    return Check(
        False,
        tr(
            "Formspree refuses submissions to this form for now ({status}: {said}).", status=answer.status, said=message
        ),
        tr(
            "Check the plan's monthly submission limit on formspree.io and wait a few minutes, then run the "
            "command again."
        ),
    )


def _json_send(vote, tr, origins, visit, service: str) -> Check:
    """A test vote sent as vote.js sends it to Formspree or a form endpoint (it reads the JSON answer)."""
    fields = sample_vote(vote)
    answer = post_form(
        vote.url, fields, origins, accept_json=True, site_origin=visit.site_origin, referer=visit.referer
    )
    answer, origin, blocked = _followed(answer, vote.url, fields, origins, visit)
    if blocked is not None:
        return Check(
            False,
            tr(
                "Test vote: {host} answered with a redirect (HTTP {status}) that does not let the site ({origin}) "
                "read it (no Access-Control-Allow-Origin), so the vote page's request stops there and it shows "
                "every vote as failed.",
                host=urls.host(blocked.url),
                status=blocked.status,
                origin=visit.site_origin,
            ),
            tr(
                "Make the endpoint's redirect carry the header Access-Control-Allow-Origin: * (or {origin}).",
                origin=visit.site_origin,
            ),
        )
    if answer.url != vote.url and 200 <= answer.status < 300 and _is_sign_in_page(answer):
        # Its 200 is the sign-in page's. The vote page keeps such a vote on the phone (vote.js signInPage).
        return Check(
            False,
            tr(
                "Test vote: {host} sent it on to a sign-in page ({url}) instead of taking it; the vote page keeps "
                "every vote so answered on the phone, and none reaches the form.",
                host=urls.host(vote.url),
                url=answer.url,
            ),
            tr("Make the endpoint take a post without signing in, then send a test vote again."),
        )
    value = _json_answer(answer)
    refused = value is not None and (
        value.get("ok") is False
        or value.get("success") is False
        or bool(value.get("errors"))
        or bool(value.get("error"))
    )
    shown = _snippet(answer.text) or str(answer.status)
    if answer.status == 429 and service == "Formspree":
        return _formspree_busy(answer, _formspree_error(answer)[1], tr)
    if not 200 <= answer.status < 300 or refused:
        return Check(
            False,
            tr(
                "Test vote refused: {service} answered {status} ({answer}).",
                service=service,
                status=answer.status,
                answer=shown,
            ),
            tr(
                "Fix what {service} says (for Formspree, e.g. switch off reCAPTCHA in the form's settings), "
                "then send a test vote again.",
                service=service,
            ),
        )
    allowed = answer.headers.get("access-control-allow-origin", "")
    if visit.site_origin and allowed not in ("*", origin):
        return Check(
            False,
            tr(
                "Test vote accepted, but the answer does not let the site ({origin}) read it (no "
                "Access-Control-Allow-Origin), so the vote page shows every vote as failed.",
                origin=visit.site_origin,
            ),
            tr(
                "Make the endpoint answer with the header Access-Control-Allow-Origin: {origin} (or *).",
                origin=visit.site_origin,
            ),
        )
    sent = tr("Test vote sent: {service} accepted it ({answer}).", service=service, answer=shown)
    if not visit.site_origin:
        # Without site_url there is no origin to ask for: an answer the vote page may not read shows every vote as
        # failed, and the page sends it again and again.
        sent += " " + tr(
            "site_url is not set, so whether the vote page may read the answer (Access-Control-Allow-Origin) was "
            "not checked."
        )
    return Check(True, sent)


def _is_sign_in_page(answer: Answer) -> bool:
    """Whether an answer is an HTML page at a sign-in address, as vote.js tells one (signInPage)."""
    is_page = answer.headers.get("content-type", "").strip().lower().startswith("text/html")
    return is_page and SIGN_IN_PATH.search(urlsplit(answer.url).path) is not None


def _followed(answer: Answer, url: str, fields, origins: Origins, visit) -> tuple[Answer, str, Answer | None]:
    """Where the page's fetch ends up: the answer after the redirects it follows (a Google Apps Script web app
    answers a post with one, to its answer on another host), the Origin it sends by then ("null" once it has left
    the first origin), and the redirect that does not let the site read it, where the browser stops (else None)."""
    origin = visit.site_origin
    for _ in range(MAX_REDIRECTS):
        target = answer.location
        if target is None or not urls.is_web(parts := urlsplit(target)):
            break
        if origin and answer.headers.get("access-control-allow-origin", "") not in ("*", origin):
            return answer, origin, answer
        if origin and urls.origin(parts).lower() != urls.origin(urlsplit(url)).lower():
            origin = "null"
        if answer.status in (307, 308):  # the same post again; the others become a GET, as fetch does
            answer = post_form(target, fields, origins, accept_json=True, site_origin=origin, referer=visit.referer)
        else:
            answer = request(
                "GET", target, origins, headers={"Accept": "application/json", **({"Origin": origin} if origin else {})}
            )
        url = target
    return answer, origin, None


# ---------------------------------------------------- form endpoint ---


def _form_endpoint(vote, tr, origins, report, send_test, visit) -> None:
    host = urls.host(vote.url)
    answer = open_page(vote.url, origins, frozenset({host}))
    if answer.status in (404, 410):
        report.checks.append(
            Check(
                False,
                tr("Nothing at {url}: it answered {status}.", url=vote.url, status=answer.status),
                tr("Check the address in vote.url."),
            )
        )
    elif answer.status in (401, 403) or answer.location is not None:
        # Asking for a sign-in, refusing, or sending visitors to another host: an endpoint may answer a visit so
        # and still take votes, which only a test vote shows; without one, it is not "all good".
        refused = tr("The address does not take a visit (HTTP {status}).", status=answer.status)
        if send_test:
            report.checks.append(Check(None, refused + " " + tr("The test vote shows whether it takes votes.")))
        else:
            report.checks.append(
                Check(
                    False,
                    refused + " " + tr("An endpoint that asks for a sign-in refuses every vote."),
                    tr("Send a test vote, which shows whether it takes votes: {command}", command=SEND_TEST),
                )
            )
    else:
        report.checks.append(Check(True, tr("The address answers (HTTP {status}).", status=answer.status)))
    if send_test:
        report.checks.append(_json_send(vote, tr, origins, visit, host))
        report.checks.append(_count_note(tr))

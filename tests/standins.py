"""Local stand-ins on 127.0.0.1 for the form services a vote goes to, answering as the real ones do.

* Google Forms, with each form described by a ``GoogleForm`` (questions, sections, email
  collection, who may answer) and served the way Google builds and answers it:

  - ``GET /forms/d/e/ID/viewform`` is the form's page, an HTML page whose
    ``<script>var FB_PUBLIC_LOAD_DATA_ = [...]</script>`` holds the form in Google's own layout
    (see ``GoogleForm.load_data``); with ``?usp=pp_url&entry.N=...`` it is the pre-filled form;
  - a form that needs signing in answers every request with a redirect to
    ``https://accounts.google.com/ServiceLogin?...``, one restricted to an organisation with a
    redirect to ``.../formrestricted``, a closed one with a redirect to ``.../closedform``;
  - ``POST /forms/d/e/ID/formResponse`` takes form-encoded ``entry.N`` fields and answers with an HTML
    page and no CORS headers (so a browser can only see that the request completed): 200 and the
    confirmation ("Tanggapan Anda telah direkam.") when the response is recorded; 400 and the form
    page again when a required question is unanswered, an answer fails the question's validation or
    is not among its choices, the email address it asks for is missing, or the form has several
    sections (the page posts them one by one, with ``pageHistory``); names that are not questions of
    the form are dropped, as Google drops them;
  - ``GET /forms/d/EDIT_ID/viewform`` (the editor's id) shows the same form; ``/forms/d/EDIT_ID/edit``
    needs signing in; ``GET /SHORT`` is a forms.gle short link: a redirect to the form's viewform;
  - an unknown form is a 404 page.

  Redirects point at https://docs.google.com, as Google's do; a client under test maps that origin
  to this server (``GALLERY_GOOGLE_FORMS_ORIGIN``).
* Formspree: ``POST /f/ID`` answers ``{"ok": true, "next": ...}`` with CORS headers when asked for JSON
  (``Accept: application/json``), and redirects to a thank-you page for a plain HTML form post; an
  unknown form is a 404 ``FORM_NOT_FOUND``, a disabled one a 403 ``INACTIVE``, one over its limit a
  429, an empty submission a 422 ``EMPTY`` (nothing stored), each with Formspree's JSON error body.
* A generic form endpoint: ``POST /form/vote``, JSON ``{"success": true, "errors": []}`` with CORS, or an HTML page;
  ``GET /form/vote`` is a 405, as an endpoint that only takes posts answers. ``/form/members`` is one behind a
  sign-in: a visit is sent to another host's sign-in page, a post is a 401 (nothing stored); ``/form/session``
  another, which sends a post on to its own sign-in page (``/form/login``, 200 HTML), both with CORS (nothing
  stored); ``/form/stored`` one that stores a post and sends it on to its thank-you page (``/form/thanks``), both
  with CORS. ``POST /form/script``
  answers as a Google Apps Script web app: a redirect to ``SCRIPT_ECHO/macros/echo`` (JSON), with
  ``Access-Control-Allow-Origin: *``, or without it at ``/form/script-without-cors``.
* Tally: ``GET /r/ID`` and ``/embed/ID`` show a form with the URL's query parameters as hidden fields,
  and carry the form's blocks, with its Hidden fields block, in a Next.js ``__NEXT_DATA__`` script;
  sending it records them, and the embedded one tells the page around it with
  ``postMessage('{"event":"Tally.FormSubmitted","payload":...}')``, as Tally's embed does.

Every accepted submission is recorded (service, fields, headers) in ``records``; every POST, accepted
or not, in ``received``. ``fail(service, times, status)`` makes the next submissions to a service fail:
Google's by dropping the connection (a network error, the only failure a no-cors request can see),
the others with an HTTP error and a JSON error body. ``start(held=True)`` takes no connection until
``release()``: the kernel drops a browser's requests to connect, as a server or network overwhelmed does.
"""

from __future__ import annotations

import html
import http.server
import json
import re
import socket
import threading
import urllib.parse
from dataclasses import dataclass

GOOGLE = "https://docs.google.com"
# Where a Google Apps Script web app sends the answer to a post; a client under test maps it to this server.
SCRIPT_ECHO = "https://script.googleusercontent.com"


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "FormStandIns/1"

    def log_message(self, *args):
        pass

    # -- helpers --
    def _body_fields(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        return dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))

    def _send(
        self,
        status: int,
        body: str,
        content_type: str = "text/html; charset=utf-8",
        cors: bool = False,
        headers: dict | None = None,
        stall: bool = False,
    ):
        """Answer with ``status`` and ``body``; with ``stall``, the body stops half-way, as on a connection that
        stalls: the rest never comes (until the stand-in stops)."""
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if cors:
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
            self.send_header("Vary", "Origin")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not stall:
            self.wfile.write(data)
            return
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.server.owner.stopping.wait(60)
        self.close_connection = True

    def _request_record(self, service: str, fields: dict[str, str]) -> dict:
        return {
            "service": service,
            "path": self.path,
            "fields": fields,
            "accept": self.headers.get("Accept", ""),
            "origin": self.headers.get("Origin", ""),
            "content_type": self.headers.get("Content-Type", ""),
            "referer": self.headers.get("Referer", ""),
            "cookie": self.headers.get("Cookie", ""),
            "user_agent": self.headers.get("User-Agent", ""),
        }

    def _received(self, service: str, fields: dict[str, str]):
        self.server.owner.received.append(self._request_record(service, fields))

    def _record(self, service: str, fields: dict[str, str]):
        self.server.owner.records.append(self._request_record(service, fields))

    def _failing(self, service: str):
        """The status to fail with (0: drop the connection), or None to answer normally."""
        return self.server.owner._take_failure(service)

    # -- routes --
    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.end_headers()

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        parts = path.strip("/").split("/")
        wants_json = "application/json" in self.headers.get("Accept", "")
        google = _GOOGLE_PATH.match(path)
        if google and google.group(2) == "formResponse":
            fields = self._body_fields()
            if self._failing("google") is not None:
                self.close_connection = True  # no answer at all: the browser sees a network error
                return
            self._received("google", fields)
            form = self.server.owner.google_forms.get(google.group(1))
            if form is None:
                self._send(404, _google_missing_page())
                return
            status, body, location = form.answer(fields, "formResponse")
            if status == 200:
                self._record("google", form.recorded(fields))
            self._send(status, body, headers={"Location": location} if location else None)
        elif len(parts) == 2 and parts[0] == "f":
            fields = self._body_fields()
            status = self._failing("formspree")
            if status is not None:
                self._send(
                    status,
                    json.dumps({"errors": [{"code": "UNAVAILABLE", "message": "Try again later"}]}),
                    "application/json",
                    cors=True,
                )
                return
            self._received("formspree", fields)
            refusal = _formspree_refusal(self.server.owner.formspree_forms.get(parts[1]), fields)
            if refusal:
                status, error = refusal
                if wants_json:
                    self._send(status, json.dumps(error), "application/json", cors=True)
                else:
                    self._send(status, f"<!doctype html><title>Formspree</title><p>{html.escape(error['error'])}</p>")
                return
            self._record("formspree", fields)
            if wants_json:
                self._send(200, json.dumps({"ok": True, "next": "/thanks"}), "application/json", cors=True)
            else:
                self._send(302, "", headers={"Location": "/thanks"})
        elif path == "/form/members":
            self._received("form", self._body_fields())
            self._send(401, json.dumps({"error": "Sign in to send this form."}), "application/json", cors=True)
        elif path in ("/form/script", "/form/script-without-cors"):
            # As a Google Apps Script web app answers a post: a redirect to its answer on another host, which the
            # page's fetch follows (with the Origin "null" from there on). The redirect allows any site to read it,
            # or (the second) it does not, and the browser stops there.
            fields = self._body_fields()
            self._received("form", fields)
            self._record("form", fields)
            allow = {"Access-Control-Allow-Origin": "*"} if path == "/form/script" else {}
            self._send(302, "", headers={"Location": f"{SCRIPT_ECHO}/macros/echo?user_content_key=abc", **allow})
        elif path == "/form/session":
            # An endpoint that wants an account: a post goes on to its own sign-in page, both answers readable by
            # any site; nothing is stored.
            self._received("form", self._body_fields())
            self._send(302, "", headers={"Location": "/form/login?next=/form/session"}, cors=True)
        elif path == "/form/stored":
            # An endpoint that stores the post, then sends the browser on to its thank-you page (both with CORS).
            fields = self._body_fields()
            self._received("form", fields)
            self._record("form", fields)
            self._send(303, "", headers={"Location": "/form/thanks"}, cors=True)
        elif path == "/form/vote":
            fields = self._body_fields()
            self._received("form", fields)
            status = self._failing("form")
            if status is not None:
                self._send(status, json.dumps({"success": False}), "application/json", cors=True)
                return
            self._record("form", fields)
            if wants_json:
                # As some form backends answer: an empty list of errors beside the yes.
                self._send(
                    200,
                    json.dumps({"success": True, "errors": []}),
                    "application/json",
                    cors=True,
                    stall=self.server.owner.stall_answers,
                )
            else:
                self._send(200, "<!doctype html><title>Thanks</title><p>Thank you, received.</p>")
        elif len(parts) == 2 and parts[0] == "tally-submit":
            fields = self._body_fields()
            self._record("tally", fields)
            self._send(
                200,
                json.dumps({"ok": True})
                if wants_json
                else "<!doctype html><title>Tally</title><p>Thanks for completing this form!</p>",
                "application/json" if wants_json else "text/html; charset=utf-8",
                cors=True,
            )
        else:
            self._send(404, "not found")

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        parts = split.path.strip("/").split("/")
        query = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        owner = self.server.owner
        google = _GOOGLE_PATH.match(split.path)
        editor = _GOOGLE_EDITOR_PATH.match(split.path)
        if google:
            form = owner.google_forms.get(google.group(1))
            if google.group(2) == "viewform":
                owner.prefilled_views.append(dict(query))
            if form is None:
                self._send(404, _google_missing_page())
                return
            status, body, location = form.answer({}, google.group(2))
            self._send(status, body, headers={"Location": location} if location else None)
        elif editor:
            form = next((f for f in owner.google_forms.values() if f.edit_id == editor.group(1)), None)
            if form is None:
                self._send(404, _google_missing_page())
            elif editor.group(2) == "viewform":
                status, body, location = form.answer({}, "viewform")
                self._send(status, body, headers={"Location": location} if location else None)
            else:  # the editor itself needs the owner's account
                self._send(302, "", headers={"Location": _signin(f"{GOOGLE}{split.path}")})
        elif len(parts) == 1 and any(f.short == parts[0] for f in owner.google_forms.values() if f.short):
            form = next(f for f in owner.google_forms.values() if f.short == parts[0])
            self._send(302, "", headers={"Location": f"{GOOGLE}/forms/d/e/{form.form_id}/viewform?usp=send_form"})
        elif split.path == "/form/members":
            self._send(302, "", headers={"Location": "https://login.example.org/?next=/form/members"})
        elif split.path == "/form/thanks":
            self._send(200, "<!doctype html><title>Thanks</title><p>Your answer was saved.</p>", cors=True)
        elif split.path == "/form/login":
            self._send(200, "<!doctype html><title>Sign in</title><form><input type=password></form>", cors=True)
        elif split.path == "/form/vote":
            self._send(
                405,
                "<!doctype html><title>Method Not Allowed</title><p>Send the form with POST.</p>",
                headers={"Allow": "POST"},
            )
        elif split.path in ("/form/script", "/form/script-without-cors"):
            # A script without a doGet function, as one that only takes posts: a page saying so.
            self._send(200, "<!doctype html><title>Error</title><p>Script function not found: doGet</p>")
        elif split.path == "/macros/echo":
            self._send(
                200, json.dumps({"result": "success"}), "application/json", headers={"Access-Control-Allow-Origin": "*"}
            )
        elif split.path == "/thanks":
            self._send(200, "<!doctype html><title>Thanks</title><p>The form was submitted successfully.</p>")
        elif len(parts) == 2 and parts[0] in ("r", "embed"):
            hidden = owner.tally_forms.get(parts[1])
            if hidden is None:
                self._send(404, "<!doctype html><title>Tally</title><p>This form does not exist.</p>")
            else:
                self._send(200, _tally_page(parts[1], query, embedded=parts[0] == "embed", hidden_fields=hidden))
        else:
            self._send(404, "not found")


def _tally_page(form_id: str, query: list[tuple[str, str]], embedded: bool, hidden_fields=()) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query
        if k not in ("alignLeft", "hideTitle", "transparentBackground", "dynamicHeight")
    )
    script = ""
    if embedded:
        script = (
            """<script>
document.querySelector("form").addEventListener("submit", function (e) {
  e.preventDefault();
  var data = new URLSearchParams(new FormData(e.target));
  fetch(e.target.action, {method: "POST", body: data, headers: {Accept: "application/json"}}).then(function () {
    var fields = Array.from(data.entries()).map(function (p) { return {key: p[0], value: p[1]}; });
    window.parent.postMessage(JSON.stringify({event: "Tally.FormSubmitted",
      payload: {formId: "%s", fields: fields}}), "*");
    document.body.textContent = "Thanks for completing this form!";
  });
});
</script>"""
            % form_id
        )
    return (
        f"<!doctype html><html><head><title>Tally form</title></head><body><h1>Vote</h1>"
        f'<form method="post" action="/tally-submit/{html.escape(form_id)}">{hidden}'
        f'<button type="submit">Submit</button></form>{script}'
        f'<script id="__NEXT_DATA__" type="application/json">{_tally_next_data(form_id, hidden_fields)}</script>'
        f"</body></html>"
    )


def _tally_next_data(form_id: str, hidden_fields) -> str:
    """The Next.js page data of a Tally form: its blocks, with a Hidden fields block when it has any."""

    def block(number: int, kind: str, payload: dict) -> dict:
        uuid = f"00000000-0000-4000-8000-{number:012d}"
        return {"uuid": uuid, "type": kind, "groupUuid": uuid, "groupType": kind, "payload": payload}

    blocks = [block(1, "FORM_TITLE", {"title": "Pilih poster favorit", "html": "Pilih poster favorit"})]
    if hidden_fields:
        blocks.append(
            block(
                2,
                "HIDDEN_FIELDS",
                {
                    "hiddenFields": [
                        {"uuid": f"00000000-0000-4000-9000-{i:012d}", "name": name}
                        for i, name in enumerate(hidden_fields)
                    ]
                },
            )
        )
    data = {
        "props": {
            "pageProps": {
                "formId": form_id,
                "name": "Pilih poster favorit",
                "status": "PUBLISHED",
                "blocks": blocks,
                "settings": {"language": "id"},
            },
            "__N_SSP": True,
        },
        "page": "/r/[formId]",
        "query": {"formId": form_id},
        "buildId": "standin",
        "isFallback": False,
        "gssp": True,
        "scriptLoader": [],
    }
    # Next.js writes the JSON as it is, with "<" escaped so that no "</script>" can end the script early.
    return json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")


# ------------------------------------------------------ Google Forms ---

_GOOGLE_PATH = re.compile(r"^/forms/d/e/([A-Za-z0-9_-]+)/(viewform|formResponse|closedform|formrestricted)$")
_GOOGLE_EDITOR_PATH = re.compile(r"^/forms/d/(?!e/)([A-Za-z0-9_-]+)/(viewform|edit)$")
SECTION_BREAK = 8


@dataclass
class GoogleQuestion:
    """A question of a stand-in Google Form; ``entry`` is the number after ``entry.``."""

    title: str
    entry: int
    required: bool = False
    kind: int = 0  # 0 short answer, 1 paragraph, 2 multiple choice
    choices: tuple = ()
    regex: str = ""  # "Response validation" with a regular expression the answer must match
    section_break: bool = False  # a new section starts with this question


@dataclass
class GoogleForm:
    """A stand-in Google Form: its page built as Google builds it, its answers given as Google gives them."""

    form_id: str  # the published id, in /forms/d/e/<form_id>/...
    questions: list
    title: str = "Pilih Poster Favorit"
    edit_id: str = ""  # the editor's id, in /forms/d/<edit_id>/edit
    short: str = ""  # the forms.gle short link's path
    email: int = 1  # email collection: 1 none, 2 verified (needs signing in), 3 responder input
    access: str = "public"  # public | signin | restricted | closed
    confirmation: str = ""  # the owner's confirmation message; "" for Google's own

    @property
    def sections(self) -> int:
        return 1 + sum(1 for q in self.questions if q.section_break)

    def load_data(self) -> list:
        """``FB_PUBLIC_LOAD_DATA_`` in Google's layout: [null, form, "/forms", file name, ..., "e/<id>", ...]."""
        items, item_id = [], 1_900_000_000
        for number, question in enumerate(self.questions):
            if question.section_break:
                section = f"Bagian {sum(1 for q in self.questions[: number + 1] if q.section_break) + 1}"
                items.append(
                    [
                        item_id + 500 + number,
                        section,
                        None,
                        SECTION_BREAK,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        [None, section],
                    ]
                )
            options = [[choice, None, None, None, 0] for choice in question.choices] or None
            answer = [question.entry, options, 1 if question.required else 0]
            if question.regex:
                answer += [None, [[4, 302, [question.regex], "Jawaban tidak sesuai format."]]]
            items.append(
                [
                    item_id + number,
                    question.title,
                    None,
                    question.kind,
                    [answer],
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    [None, question.title],
                ]
            )
        form = (
            [""]
            + [items, [self.confirmation, 1, 0, 1, 0]]
            + [None] * 5
            + [self.title, 70, [None, None, None, 2, None, None, self.email]]
            + [None] * 4
            + [[2], [[1, 1, 1, 1, 1], 1, 0, 1, 0]]
            + [None] * 6
            + [[None, ""], [None, ""], [None, self.title]]
        )
        return [
            None,
            form,
            "/forms",
            self.title,
            None,
            None,
            None,
            "",
            None,
            0,
            0,
            None,
            "",
            0,
            f"e/{self.form_id}",
            0,
            "[]",
            0,
            0,
            1,
        ]

    def page(self, message: str = "") -> str:
        """The viewform page (``message``: an error shown above the questions, as after a refused response)."""
        first = []
        for question in self.questions:
            if question.section_break:
                break
            mark = ' <span aria-label="Pertanyaan wajib">*</span>' if question.required else ""
            first.append(
                f'<div role="listitem"><div role="heading" aria-level="3">{html.escape(question.title)}{mark}'
                f'</div><input type="text" name="entry.{question.entry}" value=""></div>'
            )
        if self.email == 3:
            first.insert(
                0,
                '<div role="listitem"><div role="heading">Email *</div>'
                '<input type="email" name="emailAddress" value=""></div>',
            )
        alert = f'<div role="alert">{html.escape(message)}</div>' if message else ""
        action = f"{GOOGLE}/forms/d/e/{self.form_id}/formResponse"
        return (
            f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(self.title)}</title>'
            f'<meta property="og:title" content="{html.escape(self.title)}"></head><body dir="ltr">'
            f'<div role="heading" aria-level="1">{html.escape(self.title)}</div>{alert}'
            f'<form action="{action}" target="_self" method="POST" id="mG61Hd"><div role="list">{"".join(first)}'
            f'</div><input type="hidden" name="fvv" value="1"><input type="hidden" name="partialResponse" '
            f'value="[null,null,&quot;-4426951233405931346&quot;]"><input type="hidden" name="pageHistory" '
            f'value="0"><input type="hidden" name="fbzx" value="-4426951233405931346"><div role="button">Kirim</div>'
            f'</form><script type="text/javascript" nonce="standin">var FB_PUBLIC_LOAD_DATA_ = '
            f"{_google_json(self.load_data())};</script></body></html>"
        )

    def answer(self, fields: dict[str, str], action: str) -> tuple[int, str, str]:
        """(status, page, redirect) for a GET of a page (``action``) or a response POSTed with ``fields``."""
        here = f"{GOOGLE}/forms/d/e/{self.form_id}"
        if self.access == "signin" or self.email == 2:
            return 302, "", _signin(f"{here}/{action}")
        if self.access == "restricted" and action != "formrestricted":
            return 302, "", f"{here}/formrestricted"
        if self.access == "closed" and action != "closedform":
            return 302, "", f"{here}/closedform"
        if action == "closedform":
            return (
                200,
                (
                    f'<!DOCTYPE html><html lang="id"><title>{html.escape(self.title)}</title><p>Formulir '
                    f"{html.escape(self.title)} tidak lagi menerima tanggapan.</p><p>Coba hubungi pemilik "
                    "formulir jika menurut Anda hal ini keliru.</p></html>"
                ),
                "",
            )
        if action == "formrestricted":
            return (
                200,
                (
                    '<!DOCTYPE html><html lang="id"><title>Anda memerlukan izin</title><p>Formulir ini hanya '
                    "dapat dilihat oleh pengguna di organisasi pemilik.</p></html>"
                ),
                "",
            )
        if action == "viewform":
            return 200, self.page(), ""
        problem = self.refusal(fields)
        if problem:
            return 400, self.page(problem), ""
        message = self.confirmation or "Tanggapan Anda telah direkam."
        return (
            200,
            (
                f'<!DOCTYPE html><html lang="id"><head><title>{html.escape(self.title)}</title></head><body>'
                f'<div role="heading" aria-level="1">{html.escape(self.title)}</div>'
                f'<div class="vHW8K">{html.escape(message)}</div>'
                f'<a href="{here}/viewform?usp=form_confirm">Kirim tanggapan lain</a></body></html>'
            ),
            "",
        )

    def refusal(self, fields: dict[str, str]) -> str:
        """Why Google would not record a response with ``fields`` ("" when it records it)."""
        if self.sections > 1 and fields.get("pageHistory") != ",".join(str(i) for i in range(self.sections)):
            return "Pertanyaan ini wajib diisi."  # the first page again: the others were never answered
        if self.email == 3 and not fields.get("emailAddress", "").strip():
            return "Pertanyaan ini wajib diisi."
        for question in self.questions:
            value = fields.get(f"entry.{question.entry}", "")
            if question.required and not value.strip():
                return "Pertanyaan ini wajib diisi."
            if value and question.choices and value not in question.choices:
                return "Jawaban tidak valid."
            if value and question.regex and not re.fullmatch(question.regex, value):
                return "Jawaban tidak sesuai format."
        return ""

    def recorded(self, fields: dict[str, str]) -> dict[str, str]:
        """The answers a recorded response keeps: only those of the form's questions."""
        known = {f"entry.{q.entry}" for q in self.questions}
        return {name: value for name, value in fields.items() if name in known}


def _google_json(value) -> str:
    """JSON the way Google writes FB_PUBLIC_LOAD_DATA_: a line break after each closing bracket, and the
    characters that could end the script or an HTML attribute written as \\u escapes."""
    if isinstance(value, list):
        return "[" + ",".join(_google_json(v) for v in value) + "]\n"
    text = json.dumps(value)
    for char in "<>&='":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _signin(target: str) -> str:
    quoted = urllib.parse.quote(target, safe="")
    return (
        f"https://accounts.google.com/ServiceLogin?service=wise&passive=1209600&continue={quoted}"
        f"&followup={quoted}&ltmpl=forms"
    )


def _google_missing_page() -> str:
    return (
        '<!DOCTYPE html><html lang="id"><title>Google Dokumen - File tidak tersedia</title><p>Maaf, file yang '
        "Anda minta tidak ada.</p><p>Pastikan URL sudah benar dan file tersebut ada.</p></html>"
    )


# -------------------------------------------------------- Formspree ---


def _formspree_refusal(state: str | None, fields: dict[str, str]):
    """(status, JSON body) with which Formspree refuses a submission, or None when it takes it."""
    if state is None:
        return 404, {"error": "Form not found", "errors": [{"code": "FORM_NOT_FOUND", "message": "Form not found"}]}
    if state == "inactive":
        return 403, {
            "error": "Form not active",
            "errors": [{"code": "INACTIVE", "message": "This form has been disabled by its owner"}],
        }
    if state == "busy":
        return 429, {"error": "Too many submissions; try again later"}
    if not fields:
        return 422, {"error": "Can't send an empty form", "errors": [{"code": "EMPTY", "message": "empty form"}]}
    return None


class FormServices:
    """All the stand-ins on one port: ``url`` + ``forms/d/e/ID/formResponse``, ``f/ID``, ``form/vote``, ``r/ID``."""

    def __init__(self):
        self.records: list[dict] = []
        self.received: list[dict] = []
        self.prefilled_views: list[dict] = []
        # The forms the services know; tests add their own (add_google_form, ...).
        self.google_forms: dict[str, GoogleForm] = {}
        self.add_google_form(
            GoogleForm(
                "1FAIpQLSfStandIn123", [GoogleQuestion("poster", 111, required=True), GoogleQuestion("token", 222)]
            )
        )
        self.tally_forms: dict[str, tuple[str, ...]] = {"wAbc12": ("poster", "token")}
        self.formspree_forms: dict[str, str] = {"xyzzyabc": "active"}
        self._failures: dict[str, list] = {}
        self._lock = threading.Lock()
        self._httpd = None
        self._plug = None  # the connection that fills a held server's queue
        # The generic endpoint's yes stops half-way (its body never ends) while this is true.
        self.stall_answers = False
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def add_google_form(self, form: GoogleForm) -> GoogleForm:
        self.google_forms[form.form_id] = form
        return form

    def start(self, *, held: bool = False) -> FormServices:
        """Serve; ``held``: not until ``release()``, with every connection refused in the meantime the way an
        overloaded server refuses it: the kernel drops the browser's connection request (the listening queue
        is full), and the browser asks again a second or so later, as it would on a network losing packets."""
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler, bind_and_activate=False)
        self._httpd.daemon_threads = True
        self._httpd.owner = self
        self._httpd.server_bind()
        self._httpd.socket.listen(0)  # a queue of one connection ...
        self._plug = socket.create_connection(self._httpd.server_address) if held else None  # ... held by this
        if not held:
            self.release()
        return self

    def release(self) -> None:
        """Start taking connections (once): a held server empties its queue and serves from now on."""
        if self._plug is not None:
            self._httpd.socket.accept()[0].close()
            self._plug.close()
            self._plug = None
        self._httpd.socket.listen(16)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        if self._plug is not None:  # held, never served
            self._plug.close()
        elif self._httpd:
            self._httpd.shutdown()
        if self._httpd:
            self._httpd.server_close()

    def fail(self, service: str, times: int = 1, status: int = 0) -> None:
        """Make the next ``times`` submissions to ``service`` fail (status 0: drop the connection)."""
        with self._lock:
            self._failures[service] = [status] * times

    def _take_failure(self, service: str):
        with self._lock:
            pending = self._failures.get(service)
            return pending.pop() if pending else None

    def of(self, service: str) -> list[dict]:
        return [r for r in self.records if r["service"] == service]

    def clear(self) -> None:
        self.stall_answers = False
        self.records.clear()
        self.received.clear()
        self.prefilled_views.clear()
        self._failures.clear()

"""Local stand-ins on 127.0.0.1 for the form services a vote goes to, answering as the real ones do.

* Google Forms: ``POST /forms/d/e/ID/formResponse`` takes form-encoded ``entry.N`` fields and answers
  with an HTML page and no CORS headers (so a browser can only see that the request completed);
  ``GET .../viewform?usp=pp_url&entry.N=...`` shows the form filled in.
* Formspree: ``POST /f/ID`` answers ``{"ok": true, "next": ...}`` with CORS headers when asked for JSON
  (``Accept: application/json``), and redirects to a thank-you page for a plain HTML form post.
* A generic form endpoint: ``POST /form/vote``, JSON ``{"success": true}`` with CORS, or an HTML page.
* Tally: ``GET /r/ID`` and ``/embed/ID`` show a form with the URL's query parameters as hidden fields;
  sending it records them, and the embedded one tells the page around it with
  ``postMessage('{"event":"Tally.FormSubmitted","payload":...}')``, as Tally's embed does.

Every accepted submission is recorded (service, fields, headers). ``fail(service, times, status)``
makes the next submissions to a service fail: Google's by dropping the connection (a network error,
the only failure a no-cors request can see), the others with an HTTP error and a JSON error body.
"""
from __future__ import annotations

import html
import http.server
import json
import threading
import urllib.parse


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "FormStandIns/1"

    def log_message(self, *args):
        pass

    # -- helpers --
    def _body_fields(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        return dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))

    def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8", cors: bool = False,
              headers: dict | None = None):
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
        self.wfile.write(data)

    def _record(self, service: str, fields: dict[str, str]):
        self.server.owner.records.append({
            "service": service, "path": self.path, "fields": fields,
            "accept": self.headers.get("Accept", ""), "origin": self.headers.get("Origin", ""),
            "content_type": self.headers.get("Content-Type", ""),
        })

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
        if path.startswith("/forms/d/e/") and path.endswith("/formResponse"):
            fields = self._body_fields()
            if self._failing("google") is not None:
                self.close_connection = True  # no answer at all: the browser sees a network error
                return
            self._record("google", fields)
            self._send(200, "<!doctype html><title>Formulir</title><p>Tanggapan Anda telah direkam.</p>")
        elif len(parts) == 2 and parts[0] == "f":
            fields = self._body_fields()
            status = self._failing("formspree")
            if status is not None:
                self._send(status, json.dumps({"errors": [{"code": "UNAVAILABLE", "message": "Try again later"}]}),
                           "application/json", cors=True)
                return
            self._record("formspree", fields)
            if wants_json:
                self._send(200, json.dumps({"ok": True, "next": "/thanks"}), "application/json", cors=True)
            else:
                self._send(302, "", headers={"Location": "/thanks"})
        elif path == "/form/vote":
            fields = self._body_fields()
            status = self._failing("form")
            if status is not None:
                self._send(status, json.dumps({"success": False}), "application/json", cors=True)
                return
            self._record("form", fields)
            if wants_json:
                self._send(200, json.dumps({"success": True}), "application/json", cors=True)
            else:
                self._send(200, "<!doctype html><title>Thanks</title><p>Thank you, received.</p>")
        elif len(parts) == 2 and parts[0] == "tally-submit":
            fields = self._body_fields()
            self._record("tally", fields)
            self._send(200, json.dumps({"ok": True}) if wants_json else
                       "<!doctype html><title>Tally</title><p>Thanks for completing this form!</p>",
                       "application/json" if wants_json else "text/html; charset=utf-8", cors=True)
        else:
            self._send(404, "not found")

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        parts = split.path.strip("/").split("/")
        query = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        if split.path.startswith("/forms/d/e/") and split.path.endswith("/viewform"):
            self.server.owner.prefilled_views.append(dict(query))
            items = "".join(f"<li>{html.escape(k)}={html.escape(v)}</li>" for k, v in query)
            self._send(200, f"<!doctype html><title>Formulir</title><ul>{items}</ul>")
        elif split.path == "/thanks":
            self._send(200, "<!doctype html><title>Thanks</title><p>The form was submitted successfully.</p>")
        elif len(parts) == 2 and parts[0] in ("r", "embed"):
            self._send(200, _tally_page(parts[1], query, embedded=parts[0] == "embed"))
        else:
            self._send(404, "not found")


def _tally_page(form_id: str, query: list[tuple[str, str]], embedded: bool) -> str:
    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in query
                     if k not in ("alignLeft", "hideTitle", "transparentBackground", "dynamicHeight"))
    script = ""
    if embedded:
        script = """<script>
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
</script>""" % form_id
    return (f'<!doctype html><html><head><title>Tally form</title></head><body><h1>Vote</h1>'
            f'<form method="post" action="/tally-submit/{html.escape(form_id)}">{hidden}'
            f'<button type="submit">Submit</button></form>{script}</body></html>')


class FormServices:
    """All the stand-ins on one port: ``url`` + ``forms/d/e/ID/formResponse``, ``f/ID``, ``form/vote``, ``r/ID``."""

    def __init__(self):
        self.records: list[dict] = []
        self.prefilled_views: list[dict] = []
        self._failures: dict[str, list] = {}
        self._lock = threading.Lock()
        self._httpd = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def start(self) -> "FormServices":
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
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
        self.records.clear()
        self.prefilled_views.clear()
        self._failures.clear()

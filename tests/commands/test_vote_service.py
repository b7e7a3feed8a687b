"""`vote setup` and `vote doctor` against local stand-ins of the form services (tests/standins.py).

The stand-ins serve Google Forms' pages built as Google builds them and answer as Google
answers (sign-in and formrestricted redirects, closed forms, 400 for a refused response),
Tally's Next.js page with its Hidden fields block, and Formspree's JSON refusals. The
commands reach them only through GALLERY_GOOGLE_FORMS_ORIGIN, GALLERY_TALLY_ORIGIN and
GALLERY_FORMSPREE_ORIGIN; mkdocs.yml keeps the real https addresses.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench import ctrl_c_as_in_a_terminal
from postergallery.commands.codes import is_well_formed
from postergallery.commands.formpages import PageUnreadable, read_google_form, read_tally_form
from postergallery.commands.formservice import Origins
from postergallery.commands.votedoctor import Check, Visit, confirmation_in, doctor
from postergallery.commands.votesetup import ConfigRefused, Found, edit_vote_section
from postergallery.commands.votewatch import page_ballots, round_lines, rounds, site_check, watch_report
from postergallery.features.vote import client_config
from postergallery.i18n import Translator
from postergallery.stages.settings import read_settings
from postergallery.timezones import WIB

from browserkit import build_site
from projectkit import SCRIPTS, copy_demo
from siteserver import SiteServer
from standins import SCRIPT_ECHO, FormServices, GoogleForm, GoogleQuestion, _tally_page

DOCS = "https://docs.google.com/forms/d/e"
GOOD = "1FAIpQLSeGoodForm0000001"
CODES = "1FAIpQLSeCodesForm000002"
CASES = {  # the stand-in Google Forms, each refusing votes in its own way
    GOOD: dict(
        questions=[GoogleQuestion("Poster", 1111, required=True), GoogleQuestion("token", 2222)],
        edit_id="1EditGoodForm000000000",
        short="GoodLnk1",
        title="Pilih Poster Favorit 2024",
    ),
    CODES: dict(
        questions=[
            GoogleQuestion("poster", 31, required=True),
            GoogleQuestion("token", 32),
            GoogleQuestion("code", 33),
        ],
        confirmation="Terima kasih, pilihan Anda tercatat!",
    ),
    "1FAIpQLSeSignIn000000003": dict(
        questions=[GoogleQuestion("poster", 1), GoogleQuestion("token", 2)], access="signin"
    ),
    "1FAIpQLSeRestricted00004": dict(
        questions=[GoogleQuestion("poster", 1), GoogleQuestion("token", 2)], access="restricted"
    ),
    "1FAIpQLSeClosed000000005": dict(
        questions=[GoogleQuestion("poster", 1), GoogleQuestion("token", 2)], access="closed"
    ),
    "1FAIpQLSeTwoSections0006": dict(
        questions=[GoogleQuestion("poster", 1), GoogleQuestion("token", 2, section_break=True)]
    ),
    "1FAIpQLSeExtraRequired07": dict(
        questions=[
            GoogleQuestion("poster", 1),
            GoogleQuestion("token", 2),
            GoogleQuestion("Nama lengkap", 3, required=True),
        ]
    ),
    "1FAIpQLSeEmail0000000008": dict(questions=[GoogleQuestion("poster", 1), GoogleQuestion("token", 2)], email=3),
    "1FAIpQLSeValidated000009": dict(
        questions=[GoogleQuestion("poster", 1, regex="[a-z0-9-]+"), GoogleQuestion("token", 2, required=True)]
    ),
    "1FAIpQLSeNoToken00000010": dict(questions=[GoogleQuestion("poster", 1), GoogleQuestion("Nama", 2)]),
    "1FAIpQLSeCodeRequired011": dict(
        questions=[GoogleQuestion("poster", 31), GoogleQuestion("token", 32), GoogleQuestion("code", 33, required=True)]
    ),
}
EN = Translator("en")


@pytest.fixture(scope="module")
def services():
    stand_ins = FormServices().start()
    for form_id, spec in CASES.items():
        stand_ins.add_google_form(GoogleForm(form_id, **spec))
    stand_ins.tally_forms["tNoCode1"] = ("Poster", "token", "utm_source")
    stand_ins.tally_forms["tBare2"] = ()
    stand_ins.formspree_forms.update({"mati1234": "inactive", "ramai5678": "busy"})
    yield stand_ins
    stand_ins.stop()


@pytest.fixture(autouse=True)
def _clean(services):
    services.clear()


@pytest.fixture
def origins(services) -> Origins:
    return Origins(
        {
            "https://docs.google.com": services.origin,
            "https://forms.gle": services.origin,
            "https://tally.so": services.origin,
            "https://formspree.io": services.origin,
        }
    )


def run(folder, services, *args, origin: str | None = None, site: str = "") -> subprocess.CompletedProcess:
    """`python scripts/gallery.py ARGS` in ``folder``, the services pointed at the stand-ins by the environment;
    the published site (``vote doctor --watch``) at the origin ``site``, or at one where nothing listens."""
    origin = origin or services.origin
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        GALLERY_GOOGLE_FORMS_ORIGIN=origin,
        GALLERY_TALLY_ORIGIN=origin,
        GALLERY_FORMSPREE_ORIGIN=origin,
        GALLERY_SITE_ORIGIN=site or closed_port(),
    )
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(folder / "mkdocs.yml"), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def closed_port() -> str:
    """An origin where nothing listens: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def vote_of(project, section: str):
    project.add_poster("las-smaw")
    project.write_config(section)
    result = project.check()
    assert [p for p in result.problems if p.is_error] == []
    return result.settings.vote


def google_vote(project, form_id: str, fields: str = "{poster: entry.1, token: entry.2}", extra: str = ""):
    return vote_of(
        project, f"vote:\n  provider: google_forms\n  url: {DOCS}/{form_id}/formResponse\n  fields: {fields}\n{extra}"
    )


def checks(report) -> list[tuple]:
    return [(c.ok, c.text, c.fix) for c in report.checks]


# ------------------------------------------------------------ reading the pages ---


def test_the_google_page_is_read_into_questions_sections_and_settings(services):
    form = read_google_form(services.google_forms["1FAIpQLSeTwoSections0006"].page())
    assert [(q.title, q.entry, q.required, q.section) for q in form.questions] == [
        ("poster", "entry.1", False, 1),
        ("token", "entry.2", False, 2),
    ]
    assert (form.sections, form.email, form.published_id) == (2, "none", "1FAIpQLSeTwoSections0006")
    email = read_google_form(services.google_forms["1FAIpQLSeEmail0000000008"].page())
    assert email.email == "input"
    validated = read_google_form(services.google_forms["1FAIpQLSeValidated000009"].page())
    assert [(q.validated, q.required) for q in validated.questions] == [(True, False), (False, True)]
    codes = read_google_form(services.google_forms[CODES].page())
    assert codes.confirmation == "Terima kasih, pilihan Anda tercatat!"


def test_any_slot_of_the_google_form_data_in_another_shape_reads_or_is_unreadable_never_a_traceback(services):
    """Google changes its page now and then: every slot of a form's data, in turn, given a value of another type (a
    number where a list was, a list where a number was...), is read or refused with PageUnreadable. A number for a
    question's answers and a list for the email setting gave a TypeError, which the doctor did not catch."""
    page = services.google_forms[CODES].page()
    start = page.index("FB_PUBLIC_LOAD_DATA_ = ") + len("FB_PUBLIC_LOAD_DATA_ = ")
    data, end = json.JSONDecoder().raw_decode(page, start)

    def slots(value, path=()):
        yield path
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from slots(item, path + (index,))

    tried = 0
    for path in list(slots(data))[1:]:
        for other in (7, "x", [], [[1]], None, True):
            changed = json.loads(json.dumps(data))
            holder = changed
            for index in path[:-1]:
                holder = holder[index]
            holder[path[-1]] = other
            with contextlib.suppress(PageUnreadable):
                read_google_form(page[:start] + json.dumps(changed) + page[end:])
            tried += 1
    assert tried > 300


def test_a_confirmation_is_what_the_answer_page_shows_not_what_its_script_holds(services):
    """Google's form page holds the owner's confirmation message in its script data: the form shown again with
    status 200 read as "recorded"."""
    page = services.google_forms[CODES].page()
    custom = "Terima kasih, pilihan Anda tercatat!"
    assert custom in page and confirmation_in(page, custom) == ""
    shown = f"<html><body><div class='vHW8K'>{html.escape(custom)}</div></body></html>"
    assert confirmation_in(shown, custom) == custom
    assert confirmation_in(shown.replace("<body>", "<body><script>var x = 1;</script>"), custom) == custom


def test_a_real_google_array_with_its_line_breaks_and_escapes_is_read():
    # As Google writes it: a line break after every closing bracket, "<" and "=" as \u escapes.
    page = (
        '<script type="text/javascript" nonce="x">var FB_PUBLIC_LOAD_DATA_ = [null,["",[[822815793,'
        '"Poster \\u003cb\\u003e",null,0,[[1703190952,null,1]\n]\n]\n,[873269195,"Phone",null,0,[[1350082266,'
        'null,0,null,[[1,9,[""]\n]\n]\n]\n]\n]\n,[1,"Grid",null,7,[[11,[["a"]],1,["row 1"]],[12,[["a"]],0,'
        '["row 2"]]]]]\n,["",1,0,1,0]\n,null,null,null,null,null,"A \\u003d B",48,[null,null,null,null,0]\n]\n'
        ',"/forms","file",null,null,null,"",null,0,0,null,"",0,"e/1FAIpQLSdAbCdEfGhIjK",0,"[]",0,0,1]\n;'
        "</script>"
    )
    form = read_google_form(page)
    assert [(q.title, q.entry, q.required, q.validated, q.kind) for q in form.questions] == [
        ("Poster <b>", "entry.1703190952", True, False, 0),
        ("Phone", "entry.1350082266", False, True, 0),
        ("Grid", "entry.11", True, False, 7),
        ("Grid", "entry.12", False, False, 7),
    ]
    assert (form.title, form.email, form.published_id, form.sections) == ("A = B", "none", "1FAIpQLSdAbCdEfGhIjK", 1)


@pytest.mark.parametrize(
    "page, reason",
    [
        ("<html><p>Sign in</p></html>", "the page holds no form data (FB_PUBLIC_LOAD_DATA_); it is not a form's page"),
        (
            '<script>var FB_PUBLIC_LOAD_DATA_ = [null,["x", 5]];</script>',
            "the form data does not have the layout Google uses; the page may have changed",
        ),
        (
            "<script>var FB_PUBLIC_LOAD_DATA_ = [null,[1,2;</script>",
            "the form data in the page could not be read (JSONDecodeError)",
        ),
        (
            "<script>var FB_PUBLIC_LOAD_DATA_ = " + "[" * 100_000 + "</script>",
            "the form data in the page could not be read (RecursionError)",
        ),
    ],
)
def test_a_google_page_that_is_not_a_form_is_said_so(page, reason):
    with pytest.raises(PageUnreadable) as caught:
        read_google_form(page)
    assert caught.value.text(EN) == reason


def test_tally_hidden_fields_are_read_from_the_next_data():
    page = _tally_page("tNoCode1", [], False, ("Poster", "token", "utm"))
    assert read_tally_form(page).hidden_fields == ("Poster", "token", "utm")
    assert read_tally_form(_tally_page("x", [], False, ())).hidden_fields == ()
    with pytest.raises(PageUnreadable) as caught:
        read_tally_form(page.replace("__NEXT_DATA__", "other"))
    assert caught.value.text(EN) == ("the page holds no form data (__NEXT_DATA__); it is not a Tally form's page")


# ------------------------------------------------------------------ vote setup ---


def demo_voting_ahead(tmp_path) -> Path:
    """The demo project with its voting window moved on to 2099, an event still to come (the demo's own window
    ended in 2024, which setup and the doctor point out)."""
    demo = copy_demo(tmp_path)
    config = demo / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("2024-01-30T", "2099-01-30T"), "utf-8")
    return demo


DEMO_SECTION = [
    "vote:",
    "  provider: google_forms",
    f"  url: {DOCS}/{GOOD}/formResponse",
    "  fields: {poster: entry.1111, token: entry.2222}",
    '  # In quotes: Zensical cannot read a bare YAML date-time in `extra` (README, "Zensical").',
    '  opens: "2099-01-30T08:00:00+07:00"',
    '  closes: "2099-01-30T16:00:00+07:00"',
]
GOOD_CHECKS = [
    "✓ The form has one section.",
    "✓ The form does not ask for an email address.",
    "✓ poster: entry.1111 is the question 'Poster'.",
    "✓ token: entry.2222 is the question 'token'.",
    "✓ No other question is required.",
]


@pytest.mark.parametrize(
    "link, page",
    [
        ("https://forms.gle/GoodLnk1", f"{DOCS}/{GOOD}/viewform?usp=send_form"),
        (f"{DOCS}/{GOOD}/viewform?usp=sf_link", f"{DOCS}/{GOOD}/viewform"),
        (
            "https://docs.google.com/forms/d/1EditGoodForm000000000/edit",
            "https://docs.google.com/forms/d/1EditGoodForm000000000/viewform",
        ),
    ],
)
def test_setup_prints_the_vote_section_from_every_kind_of_link(tmp_path, services, link, page):
    demo = demo_voting_ahead(tmp_path)
    before = (demo / "mkdocs.yml").read_bytes()
    proc = run(demo, services, "--lang", "en", "vote", "setup", link)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"Form: Pilih Poster Favorit 2024 ({page})",
        *GOOD_CHECKS,
        f"Put this section under extra.gallery in {demo / 'mkdocs.yml'}, or run the command again with --write:",
        *DEMO_SECTION,
    ]
    assert proc.stderr == ""
    assert (demo / "mkdocs.yml").read_bytes() == before  # nothing written without --write
    assert services.received == [] and services.records == []  # reading the form sends nothing


@pytest.mark.slow
def test_setup_write_changes_only_the_vote_section_then_check_and_mkdocs_build_pass(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    config = demo / "mkdocs.yml"
    # An event to come: with the demo's placeholder form, check refuses the site.
    original = config.read_text("utf-8")
    refused = run(demo, services, "--lang", "en", "check")
    assert refused.returncode == 1 and "is still the demo's placeholder form" in refused.stdout

    vote_at = original.splitlines().index("    vote:")  # the section's first line is vote_at + 1
    proc = run(demo, services, "--lang", "en", "vote", "setup", "https://forms.gle/GoodLnk1", "--write")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-2:] == [
        f"Wrote the vote section into {config} (lines {vote_at + 1}-{vote_at + 7}); every other line is as it was.",
        "Before the event, check the form with: python scripts/gallery.py vote doctor --send-test",
    ]
    old_lines, new_lines = original.splitlines(keepends=True), config.read_text("utf-8").splitlines(keepends=True)
    assert len(new_lines) == len(old_lines)
    changed = [i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed == [vote_at + 3, vote_at + 4]
    assert new_lines[vote_at + 2 : vote_at + 4] == [
        f"      url: {DOCS}/{GOOD}/formResponse\n",
        "      fields: {poster: entry.1111, token: entry.2222}\n",
    ]

    check = run(demo, services, "--lang", "en", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=demo,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    page = (demo / "site" / "vote" / "index.html").read_text("utf-8")
    assert f'action="{DOCS}/{GOOD}/formResponse"' in page and 'name="entry.1111"' in page
    # Running it again changes nothing.
    again = run(demo, services, "--lang", "en", "vote", "setup", f"{DOCS}/{GOOD}/viewform", "--write")
    assert again.returncode == 0 and config.read_text("utf-8") == "".join(new_lines)


def test_setup_with_a_code_question_writes_codes_true_next_to_the_fields(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    proc = run(demo, services, "--lang", "en", "vote", "setup", f"{DOCS}/{CODES}/viewform", "--write")
    assert proc.returncode == 0, proc.stderr
    lines = (demo / "mkdocs.yml").read_text("utf-8").splitlines()
    vote_at = lines.index("    vote:")
    assert lines[vote_at : vote_at + 8] == [
        "    vote:",
        "      provider: google_forms",
        f"      url: {DOCS}/{CODES}/formResponse",
        "      fields: {poster: entry.31, token: entry.32, code: entry.33}",
        "      codes: true",
        '      # In quotes: Zensical cannot read a bare YAML date-time in `extra` (README, "Zensical").',
        '      opens: "2099-01-30T08:00:00+07:00"',
        '      closes: "2099-01-30T16:00:00+07:00"',
    ]
    vote = run(demo, services, "check")
    assert vote.returncode == 0, vote.stdout
    assert (
        "• The form has a question 'code', so ballot codes are turned on (codes: true): each vote needs a code from a "
        "printed card (README, One vote per person)."
    ) in proc.stdout.splitlines()


def test_setup_does_not_turn_ballot_codes_off_because_the_form_has_no_code_question(tmp_path, services):
    """The settings asked for codes, the new form had no 'code' question, and setup wrote codes: false without a
    word: the printed cards stopped counting."""
    demo = demo_voting_ahead(tmp_path)
    config = demo / "mkdocs.yml"
    assert run(demo, services, "vote", "setup", f"{DOCS}/{CODES}/viewform", "--write").returncode == 0
    before = config.read_bytes()
    proc = run(demo, services, "--lang", "en", "vote", "setup", "https://forms.gle/GoodLnk1", "--write")
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[-2:] == [
        "✗ mkdocs.yml asks for ballot codes (codes: true), but the form has no question 'code': the votes would be "
        "sent without their codes, and the printed cards would count for nothing. Nothing was written.",
        "  → Add a short-answer question titled 'code' to the form, then run this command again; to vote without "
        "cards, write codes: false in mkdocs.yml first.",
    ]
    assert config.read_bytes() == before
    config.write_text(config.read_text("utf-8").replace("codes: true", "codes: false"), "utf-8")
    proc = run(demo, services, "--lang", "en", "vote", "setup", "https://forms.gle/GoodLnk1", "--write")
    assert proc.returncode == 0 and "codes: false" in config.read_text("utf-8")


def test_setup_does_not_turn_ballot_codes_off_in_a_section_check_refuses(tmp_path, services):
    """A new project: the vote section still has the demo's placeholder form, which check refuses, and the committee
    wrote codes: true. Setup read no settings at all, took codes as off, and wrote codes: false."""
    demo = demo_voting_ahead(tmp_path)
    config = demo / "mkdocs.yml"
    fields = "      fields: {poster: entry.1000001, token: entry.1000002}\n"
    config.write_text(config.read_text("utf-8").replace(fields, fields + "      codes: true\n"), "utf-8")
    assert "codes: true" in config.read_text("utf-8") and run(demo, services, "check").returncode == 1
    before = config.read_bytes()
    proc = run(demo, services, "--lang", "en", "vote", "setup", "https://forms.gle/GoodLnk1", "--write")
    assert proc.returncode == 1
    assert "the printed cards would count for nothing. Nothing was written." in proc.stdout
    assert config.read_bytes() == before


def test_setup_reads_a_tally_form_s_hidden_fields(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    proc = run(demo, services, "--lang", "en", "vote", "setup", "https://tally.so/forms/tNoCode1/edit")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "Form: - (https://tally.so/r/tNoCode1)",
        "✓ poster: the form has the hidden field 'Poster'.",
        "✓ token: the form has the hidden field 'token'.",
        f"Put this section under extra.gallery in {demo / 'mkdocs.yml'}, or run the command again with --write:",
        "vote:",
        "  provider: tally",
        "  url: https://tally.so/r/tNoCode1",
        "  fields: {poster: Poster, token: token}",
        *DEMO_SECTION[4:],
    ]


@pytest.mark.parametrize(
    "link, lines",
    [
        (
            f"{DOCS}/1FAIpQLSeSignIn000000003/viewform",
            [
                "Google asks voters to sign in before they can answer (it sends them to accounts.google.com), so every vote "
                "from the site is refused.",
                "In the form's Settings, under Responses, set 'Collect email addresses' to 'Do not collect' and turn off "
                "'Limit to 1 response'; turn off 'Restrict to users in ...' if it is there. Press Publish and set Responders "
                "to 'Anyone with the link'.",
            ],
        ),
        (
            f"{DOCS}/1FAIpQLSeNoToken00000010/viewform",
            [
                "The form has no question titled 'token'. Its questions: 'poster' (entry.1), 'Nama' (entry.2).",
                "Add a Short answer question titled 'token' (not required), then run this command again.",
                "To write the vote section by hand: in the form editor open ⋮ → Get pre-filled link, answer P to poster and T "
                "to token (C to code), press Get link and copy it; it holds entry.N=P and entry.M=T, so write fields: "
                "{poster: entry.N, token: entry.M}. The url is the form's link with formResponse in place of viewform "
                "(README.md, Voting, Google Forms).",
            ],
        ),
        (
            f"{DOCS}/1FAIpQLSeUnknown00000099/viewform",
            [
                f"Google answered 404 for {DOCS}/1FAIpQLSeUnknown00000099/viewform instead of showing the form: the link is "
                "wrong, the form was deleted, or it is not published.",
                "To write the vote section by hand: in the form editor open ⋮ → Get pre-filled link, answer P to poster and T "
                "to token (C to code), press Get link and copy it; it holds entry.N=P and entry.M=T, so write fields: "
                "{poster: entry.N, token: entry.M}. The url is the form's link with formResponse in place of viewform "
                "(README.md, Voting, Google Forms).",
            ],
        ),
        (
            "https://docs.google.com/forms/d/1EditUnknown0000000000/edit",
            [
                "Google answered 404 for https://docs.google.com/forms/d/1EditUnknown0000000000/viewform instead of showing "
                "the form: the link is wrong, the form was deleted, or it is not published.",
                "To get the voters' link: in the form editor press Publish (Responders: 'Anyone with the link'), copy the "
                "responder link, and run this command with it.",
                "To write the vote section by hand: in the form editor open ⋮ → Get pre-filled link, answer P to poster and T "
                "to token (C to code), press Get link and copy it; it holds entry.N=P and entry.M=T, so write fields: "
                "{poster: entry.N, token: entry.M}. The url is the form's link with formResponse in place of viewform "
                "(README.md, Voting, Google Forms).",
            ],
        ),
        (
            "https://tally.so/r/tBare2",
            [
                "The form has no hidden field named 'poster'.",
                "In the Tally editor type /hidden to add a Hidden fields block with the fields poster and token (and code with "
                "ballot codes), publish the form, then run this command again.",
                "To write the vote section by hand: the url is the form's share link (https://tally.so/r/FORM_ID) and fields "
                "names its hidden fields, e.g. fields: {poster: poster, token: token} (README.md, Voting, Tally).",
            ],
        ),
        (
            "https://example.org/form",
            [
                "'https://example.org/form' is neither a Google Forms nor a Tally link. vote setup reads those two; for "
                "another service write the vote section by hand (README.md, Voting)."
            ],
        ),
        (
            "forms.gle/GoodLnk1",
            [
                "'forms.gle/GoodLnk1' is not a web address; give the link to your form, e.g. https://forms.gle/... or "
                "https://tally.so/r/..."
            ],
        ),
    ],
)
def test_setup_says_in_words_why_it_cannot_fill_the_section(tmp_path, services, link, lines):
    demo = demo_voting_ahead(tmp_path)
    before = (demo / "mkdocs.yml").read_bytes()
    proc = run(demo, services, "--lang", "en", "vote", "setup", link, "--write")
    assert proc.returncode == 1
    assert proc.stdout == "" and proc.stderr.splitlines() == lines
    assert (demo / "mkdocs.yml").read_bytes() == before


def test_setup_speaks_indonesian_on_an_indonesian_site(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)  # the demo's theme language is id
    proc = run(demo, services, "vote", "setup", f"{DOCS}/1FAIpQLSeClosed000000005/viewform")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "Formulir tidak menerima tanggapan (Google menampilkan halaman closedform), sehingga setiap suara akan "
        "ditolak.",
        "Di tab Tanggapan formulir, nyalakan 'Menerima tanggapan', dan biarkan menyala sampai pemungutan suara ditutup.",
    ]


def test_setup_without_a_connection_exits_2(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    origin = closed_port()
    proc = run(demo, services, "--lang", "en", "vote", "setup", "https://forms.gle/GoodLnk1", origin=origin)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert re.fullmatch(r"forms\.gle cannot be reached \(.*[Cc]onnection refused.*\)\.", lines[0]), lines
    assert lines[1:] == ["The form could not be read. Check the internet connection, then run the command again."]
    assert "Traceback" not in proc.stderr


# ------------------------------------------------ writing mkdocs.yml in place ---

FOUND = Found("google_forms", f"{DOCS}/{GOOD}/formResponse", {"poster": "entry.1", "token": "entry.2"}, "")


def test_the_vote_section_is_added_under_extra_gallery_when_there_is_none():
    text = "site_name: X\r\nextra:\r\n  gallery:\r\n    posters: posters   # the folder\r\n\r\n# end\r\n"
    edit = edit_vote_section(text, FOUND)
    assert edit.text == (
        "site_name: X\r\nextra:\r\n  gallery:\r\n    posters: posters   # the folder\r\n"
        "    vote:\r\n      provider: google_forms\r\n"
        f"      url: {DOCS}/{GOOD}/formResponse\r\n"
        "      fields: {poster: entry.1, token: entry.2}\r\n\r\n# end\r\n"
    )
    assert (edit.first_line, edit.last_line) == (5, 8)
    assert edit_vote_section("site_name: X\n", FOUND).text == (
        "site_name: X\nextra:\n  gallery:\n    vote:\n      provider: google_forms\n"
        f"      url: {DOCS}/{GOOD}/formResponse\n      fields: {{poster: entry.1, token: entry.2}}\n"
    )
    assert edit_vote_section("extra:\n  generator: false\n", FOUND).text == (
        "extra:\n  generator: false\n  gallery:\n    vote:\n      provider: google_forms\n"
        f"      url: {DOCS}/{GOOD}/formResponse\n      fields: {{poster: entry.1, token: entry.2}}\n"
    )


def test_only_the_managed_lines_change_and_their_comments_stay():
    text = (
        "extra:\n  gallery:\n    vote:\n      # the form\n      provider: google_forms  # google_forms | tally\n"
        "      url: https://docs.google.com/forms/d/e/OLD_FORM_ID_123/formResponse\n      fields:\n"
        "        poster: entry.9\n        token: entry.8\n      codes: true\n      per_role: true\n"
        "    kiosk:\n      interval: 20\n"
    )
    edit = edit_vote_section(text, FOUND)
    assert edit.text == (
        "extra:\n  gallery:\n    vote:\n      # the form\n"
        "      provider: google_forms  # google_forms | tally\n"
        f"      url: {DOCS}/{GOOD}/formResponse\n      fields: {{poster: entry.1, token: entry.2}}\n"
        "      codes: false\n      per_role: true\n    kiosk:\n      interval: 20\n"
    )
    assert edit.section == (
        "vote:\n  # the form\n  provider: google_forms  # google_forms | tally\n"
        f"  url: {DOCS}/{GOOD}/formResponse\n  fields: {{poster: entry.1, token: entry.2}}\n"
        "  codes: false\n  per_role: true"
    )


def test_a_one_line_or_empty_vote_section_becomes_a_block_keeping_its_other_settings():
    text = (
        'extra:\n  gallery:\n    vote: {provider: formspree, url: "https://formspree.io/f/x", '
        'closes: "2099-01-01T00:00:00+07:00"}\n    kiosk: {interval: 20}\n'
    )
    assert edit_vote_section(text, FOUND).text == (
        "extra:\n  gallery:\n    vote:\n      provider: google_forms\n"
        f"      url: {DOCS}/{GOOD}/formResponse\n      fields: {{poster: entry.1, token: entry.2}}\n"
        '      closes: "2099-01-01T00:00:00+07:00"\n    kiosk: {interval: 20}\n'
    )
    assert edit_vote_section("extra:\n  gallery:\n    vote:\n", FOUND).text == (
        "extra:\n  gallery:\n    vote:\n      provider: google_forms\n"
        f"      url: {DOCS}/{GOOD}/formResponse\n      fields: {{poster: entry.1, token: entry.2}}\n"
    )


def test_a_broken_mkdocs_yml_is_not_edited():
    with pytest.raises(ConfigRefused) as caught:
        edit_vote_section("extra:\n  gallery: [\n", FOUND)
    assert caught.value.text(EN).startswith("mkdocs.yml is not valid YAML at line 3")
    with pytest.raises(ConfigRefused) as caught:
        edit_vote_section("extra:\n  gallery: {posters: posters}\n", FOUND)
    assert caught.value.text(EN) == (
        "extra.gallery in mkdocs.yml (line 2) is written on one line; write its settings one per line, then run "
        "this command again."
    )


def test_setup_edits_the_extra_mkdocs_reads_where_it_is_written_twice():
    """MkDocs and the gallery read the last of two 'extra:' entries; setup wrote the new form into the first, where
    nothing read it, and said it had written it."""
    text = (
        "extra:\n  social: []\nextra:\n  gallery:\n    vote:\n      provider: google_forms\n"
        f"      url: {DOCS}/{CODES}/formResponse\n      fields: {{poster: entry.31, token: entry.32}}\n"
    )
    edit = edit_vote_section(text, FOUND)
    assert edit.text == (
        "extra:\n  social: []\nextra:\n  gallery:\n    vote:\n      provider: google_forms\n"
        f"      url: {DOCS}/{GOOD}/formResponse\n      fields: {{poster: entry.1, token: entry.2}}\n"
    )
    assert (edit.first_line, edit.last_line) == (5, 8)


def test_a_url_another_line_refers_to_is_not_rewritten_and_says_so():
    """The url's &anchor, which another line refers to, went with the old address: reading the edit back raised an
    error no one caught, and setup ended in a traceback (mkdocs.yml untouched)."""
    text = (
        f"extra:\n  gallery:\n    vote:\n      provider: google_forms\n      url: &form {DOCS}/{CODES}/formResponse\n"
        "      fields: {poster: entry.31, token: entry.32}\n  links:\n    vote_form: *form\n"
    )
    with pytest.raises(ConfigRefused) as caught:
        edit_vote_section(text, FOUND)
    assert caught.value.text(EN) == (
        "the vote section could not be written into mkdocs.yml safely; write it by hand (the lines printed above)."
    )


# ------------------------------------------------------------- vote doctor ---

OK_OPEN = (
    True,
    "The form opens without signing in and accepts responses (so 'Limit to 1 response' and verified "
    "email collection are off).",
    "",
)
OK_ONE_SECTION = (True, "The form has one section.", "")
OK_NO_EMAIL = (True, "The form does not ask for an email address.", "")
OK_NO_OTHER = (True, "No other question is required.", "")
SIGNIN_FIX = (
    "In the form's Settings, under Responses, set 'Collect email addresses' to 'Do not collect' and turn "
    "off 'Limit to 1 response'; turn off 'Restrict to users in ...' if it is there. Press Publish and set "
    "Responders to 'Anyone with the link'."
)
COUNT_NOTE = (
    None,
    "The count leaves out votes for the poster '_test'; you may also delete the test row from the responses.",
    "",
)
REFUSED_AGAIN = (
    False,
    "Test vote refused: Google showed the form again (HTTP 400), which it does when a required "
    "question is unanswered or an answer is not accepted.",
    "Fix the problems above, then send a test vote again.",
)
SITE = Visit.of_site("https://example.org/gallery/")


def test_doctor_passes_a_good_form_and_its_test_vote_is_recorded_as_the_browser_sends_it(project, services, origins):
    vote = google_vote(project, GOOD, "{poster: entry.1111, token: entry.2222}")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report) == [
        OK_OPEN,
        OK_ONE_SECTION,
        OK_NO_EMAIL,
        (True, "poster: entry.1111 is the question 'Poster'.", ""),
        (True, "token: entry.2222 is the question 'token'.", ""),
        OK_NO_OTHER,
        (True, "Test vote sent: Google recorded it (its page says “Tanggapan Anda telah direkam”).", ""),
        COUNT_NOTE,
    ]
    assert report.exit_code == 0
    [record] = services.records
    assert record["path"] == f"/forms/d/e/{GOOD}/formResponse"
    assert list(record["fields"]) == ["entry.1111", "entry.2222"]
    assert record["fields"]["entry.1111"] == "_test" and re.fullmatch(r"[0-9a-f]{32}", record["fields"]["entry.2222"])
    assert record["content_type"] == "application/x-www-form-urlencoded;charset=UTF-8"
    assert (record["origin"], record["referer"], record["cookie"]) == (
        "https://example.org",
        "https://example.org/gallery/vote/",
        "",
    )


def test_doctor_sends_the_code_too_and_knows_the_owner_s_confirmation(project, services, origins):
    vote = google_vote(project, CODES, "{poster: entry.31, token: entry.32, code: entry.33}", "  codes: true\n")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert report.checks[-2] == Check(
        True, "Test vote sent: Google recorded it (its page says “Terima kasih, pilihan Anda tercatat!”)."
    )
    [record] = services.records
    assert list(record["fields"]) == ["entry.31", "entry.32", "entry.33"]
    assert is_well_formed(record["fields"]["entry.33"])


def test_a_required_code_question_without_ballot_codes_is_a_question_no_vote_answers(project, services, origins):
    """The code question left in the form and under vote.fields, and 'codes: false' written by hand: the page sends
    no code, so Google refuses every vote. The doctor said all good, and its test vote was refused with "fix the
    problems above" above nothing."""
    vote = google_vote(project, "1FAIpQLSeCodeRequired011", "{poster: entry.31, token: entry.32, code: entry.33}")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report) == [
        OK_OPEN,
        OK_ONE_SECTION,
        OK_NO_EMAIL,
        (True, "poster: entry.31 is the question 'poster'.", ""),
        (True, "token: entry.32 is the question 'token'.", ""),
        (
            False,
            "The question 'code' (entry.33) is required, but votes from the site do not answer it: Google refuses "
            "every vote.",
            "Turn off 'Required' on that question, or delete it.",
        ),
        REFUSED_AGAIN,
        COUNT_NOTE,
    ]
    assert report.exit_code == 1
    # With ballot codes on, the page answers it.
    vote = google_vote(
        project, "1FAIpQLSeCodeRequired011", "{poster: entry.31, token: entry.32, code: entry.33}", "  codes: true\n"
    )
    assert doctor(vote, EN, origins, send_test=True, visit=SITE).exit_code == 0


@pytest.mark.parametrize(
    "form_id, expected",
    [
        (
            "1FAIpQLSeSignIn000000003",
            [
                (
                    False,
                    "Google asks voters to sign in before they can answer (it sends them to accounts.google.com), so "
                    "every vote from the site is refused.",
                    SIGNIN_FIX,
                ),
                (
                    False,
                    "Test vote refused: Google asks voters to sign in before they can answer (it sends them to "
                    "accounts.google.com), so every vote from the site is refused.",
                    SIGNIN_FIX,
                ),
                COUNT_NOTE,
            ],
        ),
        (
            "1FAIpQLSeRestricted00004",
            [
                (
                    False,
                    "Google lets only people of one organisation answer this form (it sends others to its formrestricted "
                    "page), so every vote from the site is refused.",
                    "In the form's Settings turn off 'Restrict to users in ... and its trusted organisations'; press Publish and "
                    "set Responders to 'Anyone with the link'.",
                ),
                (
                    False,
                    "Test vote refused: Google lets only people of one organisation answer this form (it sends others to "
                    "its formrestricted page), so every vote from the site is refused.",
                    "In the form's Settings turn off 'Restrict to users in ... and its trusted organisations'; press Publish and "
                    "set Responders to 'Anyone with the link'.",
                ),
                COUNT_NOTE,
            ],
        ),
        (
            "1FAIpQLSeClosed000000005",
            [
                (
                    False,
                    "The form is not accepting responses (Google shows its closedform page), so every vote would be "
                    "refused.",
                    "In the form's Responses tab turn on 'Accepting responses', and leave it on until voting closes.",
                ),
                (
                    False,
                    "Test vote refused: The form is not accepting responses (Google shows its closedform page), so every "
                    "vote would be refused.",
                    "In the form's Responses tab turn on 'Accepting responses', and leave it on until voting closes.",
                ),
                COUNT_NOTE,
            ],
        ),
        (
            "1FAIpQLSeTwoSections0006",
            [
                OK_OPEN,
                (
                    False,
                    "The form has 2 sections; a vote from the site answers only the first one, and Google refuses it.",
                    "Put all questions in one section: on each section after the first, open its ⋮ menu and choose 'Merge with "
                    "above'.",
                ),
                OK_NO_EMAIL,
                (True, "poster: entry.1 is the question 'poster'.", ""),
                (True, "token: entry.2 is the question 'token'.", ""),
                OK_NO_OTHER,
                REFUSED_AGAIN,
                COUNT_NOTE,
            ],
        ),
        (
            "1FAIpQLSeExtraRequired07",
            [
                OK_OPEN,
                OK_ONE_SECTION,
                OK_NO_EMAIL,
                (True, "poster: entry.1 is the question 'poster'.", ""),
                (True, "token: entry.2 is the question 'token'.", ""),
                (
                    False,
                    "The question 'Nama lengkap' (entry.3) is required, but votes from the site do not answer it: Google "
                    "refuses every vote.",
                    "Turn off 'Required' on that question, or delete it.",
                ),
                REFUSED_AGAIN,
                COUNT_NOTE,
            ],
        ),
        (
            "1FAIpQLSeEmail0000000008",
            [
                OK_OPEN,
                OK_ONE_SECTION,
                (
                    False,
                    "The form asks every responder for an email address; votes from the site have none, so Google "
                    "refuses them.",
                    "In the form's Settings, under Responses, set 'Collect email addresses' to 'Do not collect'.",
                ),
                (True, "poster: entry.1 is the question 'poster'.", ""),
                (True, "token: entry.2 is the question 'token'.", ""),
                OK_NO_OTHER,
                REFUSED_AGAIN,
                COUNT_NOTE,
            ],
        ),
        (
            "1FAIpQLSeValidated000009",
            [
                OK_OPEN,
                OK_ONE_SECTION,
                OK_NO_EMAIL,
                (
                    False,
                    "The question 'poster' (entry.1) has response validation; Google refuses votes whose poster does not "
                    "pass it.",
                    "Open the question's ⋮ menu and turn off 'Response validation'.",
                ),
                (
                    False,
                    "The question 'token' (entry.2) is required; a vote sent from a browser without JavaScript has no "
                    "token, and Google refuses it.",
                    "Turn off 'Required' on that question.",
                ),
                OK_NO_OTHER,
                REFUSED_AGAIN,
                COUNT_NOTE,
            ],
        ),
    ],
)
def test_doctor_names_what_makes_google_refuse_the_votes(project, services, origins, form_id, expected):
    vote = google_vote(project, form_id)
    without = doctor(vote, EN, origins, visit=SITE)
    assert checks(without) == expected[:-2] and without.exit_code == 1
    assert services.received == []  # only reading: nothing is posted without --send-test
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report) == expected
    assert report.exit_code == 1
    assert services.records == []  # Google recorded nothing
    [received] = services.received  # the one test vote, as sent
    assert received["fields"]["entry.1"] == "_test" and list(received["fields"]) == ["entry.1", "entry.2"]


def test_doctor_finds_field_names_that_are_not_the_form_s_questions(project, services, origins):
    vote = google_vote(project, GOOD, "{poster: entry.1000001, token: entry.2222}")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[3:5] == [
        (
            False,
            "vote.fields.poster is entry.1000001, but the form has no question entry.1000001: Google would drop "
            "that answer.",
            "The question 'Poster' is entry.1111: write poster: entry.1111 under vote.fields, or run: "
            "python scripts/gallery.py vote setup LINK --write",
        ),
        (True, "token: entry.2222 is the question 'token'.", ""),
    ]
    # Google refuses the test vote: the required poster question got no answer.
    assert checks(report)[-2] == REFUSED_AGAIN
    assert services.received[0]["fields"]["entry.1000001"] == "_test"


def test_doctor_says_when_google_records_a_vote_without_its_poster(project, services, origins):
    # Google drops answers under names that are not questions of the form, and records the rest.
    services.add_google_form(
        GoogleForm("1FAIpQLSeLoose00000000011", [GoogleQuestion("poster", 5), GoogleQuestion("token", 2)])
    )
    vote = google_vote(project, "1FAIpQLSeLoose00000000011")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[-2] == (
        False,
        "Test vote sent, and Google recorded a response, but without entry.1: the form has no such question, "
        "so that part of every vote is lost.",
        "Correct vote.fields as the checks above say, then send a test vote again.",
    )
    [record] = services.records
    assert list(record["fields"]) == ["entry.2"]  # the poster is lost
    del services.google_forms["1FAIpQLSeLoose00000000011"]


def test_doctor_does_not_ask_google_about_the_demo_placeholder(project, services, origins):
    vote = google_vote(project, "1FAIpQLSe-CONTOH-GANTI-DENGAN-FORMULIR-ANDA", extra="  closes: 2024-01-30T16:00:00Z\n")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report) == [
        (
            False,
            "The vote's url is still the demo's placeholder form, which does not exist.",
            "Make your own Google Form (README, Voting), then run: python scripts/gallery.py vote setup LINK --write",
        ),
        (
            False,
            "Voting closed at 30 January 2024, 16:00 UTC ('closes' in the vote section), so the site's vote buttons "
            "are off and it sends no vote.",
            "Write your event's times in 'opens' and 'closes' of the vote section in mkdocs.yml, then publish the site.",
        ),
    ]
    assert report.exit_code == 1 and services.received == []


def test_a_page_larger_than_the_limit_is_not_read(project, services, origins, monkeypatch):
    import postergallery.commands.formservice as formservice

    monkeypatch.setattr(formservice, "MAX_BYTES", 1000)  # the stand-in form page is 1.6 KB
    report = doctor(google_vote(project, GOOD, "{poster: entry.1111, token: entry.2222}"), EN, origins)
    assert checks(report) == [
        (
            False,
            "The form's page could not be read: the page is larger than 0.001 MB.",
            f"Open {DOCS}/{GOOD}/viewform in a private browser window: if it shows the form, "
            "check the vote section by hand as README.md describes (Voting, Google Forms).",
        )
    ]


def test_doctor_through_the_command_line_good_form(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    assert run(demo, services, "vote", "setup", "https://forms.gle/GoodLnk1", "--write").returncode == 0
    proc = run(demo, services, "--lang", "en", "vote", "doctor", "--send-test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        f"Checking the vote form: Google Forms, {DOCS}/{GOOD}/formResponse",
        "✓ The form opens without signing in and accepts responses (so 'Limit to 1 response' and verified email "
        "collection are off).",
        *GOOD_CHECKS,
        "✓ Test vote sent: Google recorded it (its page says “Tanggapan Anda telah direkam”).",
        "• The count leaves out votes for the poster '_test'; you may also delete the test row from the responses.",
        "All good: votes sent from the site will reach Google Forms.",
    ]
    assert proc.stderr == ""
    [record] = services.records
    assert record["fields"]["entry.1111"] == "_test"
    assert record["origin"] == "https://example.github.io"  # the demo's site_url


def test_setup_and_doctor_say_when_the_voting_window_has_ended(tmp_path, services):
    """The demo's window ended in 2024. Setup keeps the window as it is written, so a committee that copied the demo
    and set up its own form had a form that takes votes, a clean check and an "All good", and on the day every button
    said voting had closed."""
    demo = copy_demo(tmp_path)
    config = demo / "mkdocs.yml"
    closed = [
        "✗ Pemungutan suara sudah ditutup 30 Januari 2024 pukul 16.00 WIB ('closes' di bagian vote), jadi tombol "
        "pilih di situs mati dan situs tidak mengirim suara apa pun.",
        "  → Tulis waktu acara Anda di 'opens' dan 'closes' pada bagian vote di mkdocs.yml, lalu terbitkan situsnya.",
    ]
    printed = run(demo, services, "vote", "setup", "https://forms.gle/GoodLnk1")
    assert printed.returncode == 1 and printed.stdout.splitlines()[-2:] == closed
    written = run(demo, services, "vote", "setup", "https://forms.gle/GoodLnk1", "--write")
    assert written.returncode == 1
    assert written.stdout.splitlines()[-2:] == closed
    assert written.stderr == (
        "Perbaiki yang ditandai di atas, lalu periksa formulir lagi dengan: python scripts/gallery.py vote doctor "
        "--send-test\n"
    )
    assert f"url: {DOCS}/{GOOD}/formResponse" in config.read_text("utf-8")  # the form is written all the same
    proc = run(demo, services, "vote", "doctor")
    assert proc.returncode == 1 and proc.stdout.splitlines()[-2:] == closed
    assert proc.stdout.splitlines()[1].startswith("✓ ")  # the form itself takes votes
    config.write_text(config.read_text("utf-8").replace("2024-01-30T", "2099-01-30T"), "utf-8")
    assert run(demo, services, "vote", "doctor").returncode == 0


def test_doctor_through_the_command_line_refused_form_in_indonesian(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    config = demo / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("1FAIpQLSe-CONTOH-GANTI-DENGAN-FORMULIR-ANDA", "1FAIpQLSeSignIn000000003"),
        "utf-8",
    )
    proc = run(demo, services, "vote", "doctor")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"Memeriksa formulir pemungutan suara: Google Forms, {DOCS}/1FAIpQLSeSignIn000000003/formResponse",
        "✗ Google meminta pemilih login sebelum bisa menjawab (mereka diarahkan ke accounts.google.com), sehingga "
        "setiap suara dari situs ditolak.",
        "  → Di Setelan formulir, bagian Tanggapan, atur 'Kumpulkan alamat email' ke 'Jangan kumpulkan' dan matikan "
        "'Batasi ke 1 tanggapan'; matikan juga 'Batasi ke pengguna di ...' bila ada. Tekan Publikasikan dan atur "
        "Responden ke 'Siapa saja yang memiliki link'.",
    ]
    assert (
        proc.stderr == "1 masalah akan membuat suara hilang. Perbaiki, lalu jalankan: "
        "python scripts/gallery.py vote doctor\n"
    )
    assert services.received == []  # without --send-test nothing is posted
    english = run(demo, services, "--lang", "en", "vote", "doctor")
    assert english.stderr == "1 problem would lose votes. Fix it, then run: python scripts/gallery.py vote doctor\n"


def test_doctor_exits_2_when_the_service_cannot_be_reached(tmp_path, services):
    demo = demo_voting_ahead(tmp_path)
    config = demo / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("1FAIpQLSe-CONTOH-GANTI-DENGAN-FORMULIR-ANDA", GOOD), "utf-8")
    proc = run(demo, services, "--lang", "en", "vote", "doctor", "--send-test", origin=closed_port())
    assert proc.returncode == 2
    lines = proc.stdout.splitlines()
    assert lines[0] == f"Checking the vote form: Google Forms, {DOCS}/{GOOD}/formResponse"
    assert re.fullmatch(r"✗ docs\.google\.com cannot be reached \(.*[Cc]onnection refused.*\)\.", lines[1]), lines
    assert lines[2:] == [
        f"  → Check the internet connection (open {DOCS}/{GOOD}/formResponse in a browser), then run the command again."
    ]
    assert proc.stderr == (
        "Google Forms could not be reached, so the form was not checked. Check the internet "
        "connection, then run the command again.\n"
    )


def test_doctor_without_a_vote_section_or_with_a_broken_one(project, services):
    project.add_poster("las-smaw")
    proc = run(project.root, services, "--lang", "en", "vote", "doctor")
    assert proc.returncode == 1
    assert proc.stderr == (
        "mkdocs.yml has no vote section under extra.gallery, so there is no form to check; add it "
        "with: python scripts/gallery.py vote setup LINK --write\n"
    )
    project.write_config(
        f"vote:\n  provider: google_forms\n  url: {DOCS}/{GOOD}/formrestricted\n"
        "  fields: {poster: entry.1, token: entry.2}\n"
    )
    proc = run(project.root, services, "--lang", "en", "vote", "doctor")
    assert (
        proc.returncode == 1 and "is the page Google shows when a form accepts only people who sign in" in proc.stderr
    )
    assert services.received == []


# ------------------------------------------------------- vote doctor --watch ---

WATCHED = "1FAIpQLSeWatched00000011"
OPEN_LINE = (
    "✓ The form opens without signing in and accepts responses (so 'Limit to 1 response' and verified email "
    "collection are off)."
)
WATCHED_CHECKS = [
    "✓ The form has one section.",
    "✓ The form does not ask for an email address.",
    "✓ poster: entry.1 is the question 'poster'.",
    "✓ token: entry.2 is the question 'token'.",
    "✓ No other question is required.",
]


SITE_VOTE = "https://example.github.io/poster-gallery/vote/"  # the demo's site_url, and its vote page


def demo_with_form(tmp_path, form_id: str, *, closes: str | dt.timedelta) -> Path:
    """The demo project, its vote on the stand-in Google Form ``form_id``, closing at ``closes`` (a time, or a
    duration from when the copy is made: the first copy in a test process builds the demo's images, seconds)."""
    demo = copy_demo(tmp_path)
    if isinstance(closes, dt.timedelta):
        closes = (dt.datetime.now(dt.UTC) + closes).replace(microsecond=0).isoformat()
    config = demo / "mkdocs.yml"
    text = config.read_text("utf-8").replace("1FAIpQLSe-CONTOH-GANTI-DENGAN-FORMULIR-ANDA", form_id)
    # GOOD's questions (a form refused before its fields are read takes any).
    text = text.replace("entry.1000001", "entry.1111").replace("entry.1000002", "entry.2222")
    text, replaced = re.subn(r'closes: "[^"]+"', f'closes: "{closes}"', text)
    assert replaced == 1
    config.write_text(text, "utf-8")
    return demo


def serve_vote_page(folder: Path, config: dict) -> SiteServer:
    """A published site whose vote page holds ``config`` as a page's data-pg-vote attribute, served (started)."""
    page = folder / "vote" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<div data-pg-vote="{html.escape(json.dumps(config))}"></div>', "utf-8")
    return SiteServer(folder, "/poster-gallery/").start()


class StandInClock:
    """The watch's clock: sleeping moves it on by exactly the seconds asked, and each wait is noted."""

    def __init__(self, start):
        self.time = start
        self.waits = []

    def now(self):
        return self.time

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.time += dt.timedelta(seconds=seconds)


def test_watch_says_at_once_when_the_form_stops_taking_votes_and_when_it_takes_them_again(project, services, origins):
    form = services.add_google_form(
        GoogleForm(WATCHED, questions=[GoogleQuestion("poster", 1), GoogleQuestion("token", 2)])
    )
    vote = google_vote(project, WATCHED, extra='  closes: "2026-12-04T16:00:00+07:00"\n')
    clock = StandInClock(dt.datetime(2026, 12, 4, 15, 30, tzinfo=WIB.tzinfo))
    # What the form is like at each round, as the committee changes it: someone turns off 'Accepting
    # responses', the committee's own connection drops, the form is opened again.
    states = iter(["public", "public", "closed", "closed", "offline", "public"])
    unreachable = Origins({"https://docs.google.com": closed_port()})

    def check():
        state = next(states)
        form.access = "public" if state == "offline" else state
        return doctor(vote, EN, unreachable if state == "offline" else origins, now=clock.now())

    found = list(rounds(check, 5, until=vote.closes, now=clock.now, sleep=clock.sleep))

    assert [f.at.strftime("%H:%M") for f in found] == ["15:30", "15:35", "15:40", "15:45", "15:50", "15:55"]
    assert [f.changed for f in found] == [True, False, True, False, True, True]
    assert [f.report.exit_code for f in found] == [0, 0, 1, 1, 2, 0]
    assert clock.waits == [30.0] * 60  # naps; the last wait ends at 16:00, when voting closes and the watch stops
    assert next(states, None) is None  # no round after closing
    assert services.received == []  # the watch sends nothing
    lines = [round_lines(f, vote, EN) for f in found]
    title = f"Checking the vote form: Google Forms, {DOCS}/{WATCHED}/formResponse"
    assert lines[0] == [
        f"[15:30 WIB] {title}",
        OPEN_LINE,
        *WATCHED_CHECKS,
        "All good: votes sent from the site will reach Google Forms.",
    ]
    assert lines[1] == ["[15:35 WIB] ✓ Still all good."]
    assert lines[2] == [
        f"[15:40 WIB] {title}",
        "✗ The form is not accepting responses (Google shows its closedform page), so every vote would be refused.",
        "  → In the form's Responses tab turn on 'Accepting responses', and leave it on until voting closes.",
        "VOTES ARE BEING LOST: 1 problem marked ✗ loses the votes sent from the site. Fix it at once; this window "
        "says when it is mended.",
    ]
    assert lines[3] == ["[15:45 WIB] ✗ Still losing votes: fix what is marked ✗ above."]
    assert lines[4][0] == f"[15:50 WIB] {title}"
    assert lines[4][-1] == (
        "Google Forms could not be reached from this computer, so the form was not checked this time; the next "
        "round tries again."
    )
    assert lines[5][0] == f"[15:55 WIB] {title}" and lines[5][-1].startswith("All good")
    indonesian = round_lines(found[2], vote, Translator("id"))
    assert indonesian[0] == f"[15.40 WIB] {title}"  # the report's own words are those it was made in
    assert indonesian[-1] == (
        "SUARA SEDANG HILANG: 1 masalah bertanda ✗ membuat suara yang dikirim dari situs hilang. Segera perbaiki; "
        "jendela ini akan memberi tahu bila sudah beres."
    )
    assert round_lines(found[3], vote, Translator("id")) == [
        "[15.45 WIB] ✗ Suara masih hilang: perbaiki yang bertanda ✗ di atas."
    ]


def test_watch_counts_its_minutes_from_the_start_of_each_round(project, services, origins):
    """A slow answer does not push the rounds later and later; voting closing ends the wait early."""
    vote = google_vote(project, GOOD, extra='  closes: "2026-12-04T16:00:00+07:00"\n')
    clock = StandInClock(dt.datetime(2026, 12, 4, 15, 51, tzinfo=WIB.tzinfo))

    def slow_check():
        clock.time += dt.timedelta(seconds=40)  # the service takes 40 s to answer
        return doctor(vote, EN, origins)

    found = list(rounds(slow_check, 5, until=vote.closes, now=clock.now, sleep=clock.sleep))
    assert [f.at.strftime("%H:%M:%S") for f in found] == ["15:51:00", "15:56:00"]
    assert sum(clock.waits[:9]) == 260.0  # to 15:56
    assert sum(clock.waits[9:]) == 200.0  # then to 16:00 (not 16:01)
    assert max(clock.waits) == 30.0


def test_after_the_computer_slept_the_next_round_comes_soon_after_it_wakes(project, services, origins):
    vote = google_vote(project, GOOD, extra='  closes: "2026-12-04T16:00:00+07:00"\n')
    clock = StandInClock(dt.datetime(2026, 12, 4, 15, 30, tzinfo=WIB.tzinfo))
    naps = 0

    def sleep(seconds):
        nonlocal naps
        naps += 1
        clock.sleep(seconds)
        if naps == 2:
            clock.time += dt.timedelta(minutes=17)  # the lid closed during this nap: the wall clock moved on

    found = list(rounds(lambda: doctor(vote, EN, origins), 5, until=vote.closes, now=clock.now, sleep=sleep))
    # 15:30, asleep from 15:31 to 15:48 (the rounds of 15:35-15:45 never ran), then at once, not five minutes later
    assert [f.at.strftime("%H:%M:%S") for f in found][:3] == ["15:30:00", "15:48:00", "15:53:00"]


def test_watch_through_the_command_line_ends_when_voting_closes(tmp_path, services):
    demo = demo_with_form(tmp_path, GOOD, closes=dt.timedelta(seconds=5))
    settings, _ = read_settings(demo / "mkdocs.yml")
    # The published vote page holding the settings as the build writes them (a whole build would outlast the
    # few seconds to closing; the test above reads a built one).
    site = serve_vote_page(tmp_path / "site", client_config(settings.vote, EN))
    try:
        proc = run(demo, services, "--lang", "en", "vote", "doctor", "--watch", site=site.origin)
    finally:
        site.stop()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Watching the vote form every 5 minutes until voting closes (")
    assert lines[0].endswith("); nothing is sent. Leave this window open; press Ctrl+C to stop.")
    assert re.fullmatch(r"\[\d\d:\d\d WIB\] Checking the vote form: Google Forms, .*", lines[1])
    assert lines[2:-1] == [
        OPEN_LINE,
        *GOOD_CHECKS,
        f"✓ The published site's vote page ({SITE_VOTE}) sends the votes to this form.",
        "All good: votes sent from the site will reach Google Forms.",
    ]
    assert re.fullmatch(
        r"Voting closed at .* WIB; the watch ends\. Leave the form taking responses for another minute: votes sent "
        r"in the last seconds may still be on their way\.",
        lines[-1],
    )
    assert proc.stderr == ""
    assert services.received == []
    assert site.paths() == ["/poster-gallery/vote/"]
    again = run(demo, services, "--lang", "en", "vote", "doctor", "--watch")
    assert again.returncode == 0
    assert re.fullmatch(r"Voting closed at .* WIB; there is nothing to watch\.\n", again.stdout)


def test_watch_stops_on_ctrl_c_without_a_traceback(tmp_path, services):
    config = demo_with_form(tmp_path, "1FAIpQLSeClosed000000005", closes="2099-01-01T00:00:00+07:00") / "mkdocs.yml"
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        GALLERY_GOOGLE_FORMS_ORIGIN=services.origin,
        GALLERY_SITE_ORIGIN=closed_port(),
    )
    with subprocess.Popen(
        [sys.executable, str(SCRIPTS / "gallery.py"), "--config", str(config), "vote", "doctor", "--watch", "1"],
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=ctrl_c_as_in_a_terminal,
    ) as watch:
        seen = []
        stuck = threading.Timer(60, watch.kill)  # a first round that never ends fails the test, not the run
        stuck.start()
        while not (seen and seen[-1].startswith("SUARA SEDANG HILANG")):
            line = watch.stdout.readline()
            assert line, (seen, watch.stderr.read())
            seen.append(line.rstrip("\n"))
        watch.send_signal(signal.SIGINT)
        rest, errors = watch.communicate(timeout=30)
        stuck.cancel()
    assert seen[0] == (
        "Memantau formulir pemungutan suara setiap 1 menit sampai pemungutan suara ditutup (1 Januari 2099 pukul "
        "00.00 WIB); tidak ada yang dikirim. Biarkan jendela ini terbuka; tekan Ctrl+C untuk berhenti."
    )
    assert "\a" not in "".join(seen)  # not a terminal: no bell in the output
    assert seen[2].startswith("✗ Formulir tidak menerima tanggapan")
    assert rest == "Berhenti memantau.\n"
    assert errors == ""
    assert watch.returncode == 1  # the last round's finding


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--watch", "--send-test"],
            "--watch sends nothing, so it does not go with --send-test: send a test vote once with python "
            "scripts/gallery.py vote doctor --send-test, then watch with --watch.\n",
        ),
        (["--watch", "0"], "--watch takes a number of minutes from 1 to 60, for example --watch 5.\n"),
        (["--watch", "61"], "--watch takes a number of minutes from 1 to 60, for example --watch 5.\n"),
    ],
)
def test_watch_options_that_cannot_be(tmp_path, services, options, message):
    demo = copy_demo(tmp_path)
    proc = run(demo, services, "--lang", "en", "vote", "doctor", *options)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", message)


def test_watch_reads_the_published_vote_page_built_from_the_same_settings(tmp_path, services, origins):
    demo = demo_with_form(tmp_path, GOOD, closes="2099-01-30T16:00:00+07:00")
    site = SiteServer(build_site(demo), "/poster-gallery/").start()
    try:
        to_site = Origins({**origins.overrides, "https://example.github.io": site.origin})
        config = demo / "mkdocs.yml"

        def found():
            settings, problems = read_settings(config)
            assert [p for p in problems if p.is_error] == []
            report = watch_report(settings.vote, settings.site_url, EN, to_site)
            return report, (report.checks[-1].ok, report.checks[-1].text, report.checks[-1].fix)

        report, site_line = found()
        assert site_line == (True, f"The published site's vote page ({SITE_VOTE}) sends the votes to this form.", "")
        assert report.exit_code == 0 and report.checks[0].text == OPEN_LINE[2:]
        assert site.paths()[-1] == "/poster-gallery/vote/"

        # The committee moves voting's end in mkdocs.yml, and the publish has not happened (or failed).
        config.write_text(config.read_text("utf-8").replace("2099-01-30T16:00", "2099-01-30T17:00"), "utf-8")
        report, site_line = found()
        assert site_line == (
            False,
            f"The published site's vote page ({SITE_VOTE}) has another voting window than mkdocs.yml: its 'closes' "
            "is 30 January 2099, 16:00 WIB, mkdocs.yml's 30 January 2099, 17:00 WIB.",
            "The site's buttons follow the published window. If mkdocs.yml is right, publish the site again (or "
            "see on GitHub, under Actions, why the last publish did not finish).",
        )
        assert report.exit_code == 1

        # ... or moves the vote to another form.
        config.write_text(config.read_text("utf-8").replace(GOOD, CODES), "utf-8")
        report, site_line = found()
        assert site_line == (
            False,
            f"The published site's vote page ({SITE_VOTE}) sends the votes to {DOCS}/{GOOD}/formResponse, not to "
            "the form mkdocs.yml names.",
            "If mkdocs.yml is right, the site was not published again since it changed: on GitHub, under Actions, "
            "see why the last publish did not finish. Until it is, votes go to the form the site names.",
        )

        # A site_url that names another project: GitHub Pages answers 404.
        config.write_text(config.read_text("utf-8").replace("/poster-gallery/", "/pameran-poster/", 1), "utf-8")
        _, site_line = found()
        assert site_line == (
            False,
            "The published site's vote page https://example.github.io/pameran-poster/vote/ answered 404 instead of "
            "showing the vote.",
            "Check site_url in mkdocs.yml, and on GitHub, under Actions, that the site's last publish finished.",
        )
    finally:
        site.stop()
    config.write_text(config.read_text("utf-8").replace("/pameran-poster/", "/poster-gallery/", 1), "utf-8")
    _, site_line = found()  # the site is down (or this computer cannot reach it)
    assert site_line[0] is False
    assert re.fullmatch(
        r"The published site's vote page cannot be read: example\.github\.io cannot be reached \(.*\)\.", site_line[1]
    ), site_line
    assert site_line[2] == f"Open {SITE_VOTE} in a browser: where it does not open, visitors cannot vote either."


@pytest.mark.parametrize(
    ("key", "published", "shown", "written"),
    [
        (
            "fields",
            {"poster": "entry.1", "token": "entry.2"},
            "{poster: entry.1, token: entry.2}",
            "{poster: entry.1111, token: entry.2222}",
        ),
        ("codes", True, "true", "false"),
        ("fields", ["<b>", 1], "['<b>', 1]", "{poster: entry.1111, token: entry.2222}"),
    ],
)
def test_watch_says_when_the_published_site_sends_the_votes_with_other_fields_or_codes(
    tmp_path, project, services, origins, key, published, shown, written
):
    """The committee made the form's questions again and set it up (new entry numbers), and the publish failed: the
    site sent every vote under the old names, Google dropped the answers, and the watch said ✓."""
    vote = google_vote(project, GOOD, "{poster: entry.1111, token: entry.2222}")
    found = []
    for config in (client_config(vote, EN), dict(client_config(vote, EN), **{key: published})):
        site = serve_vote_page(tmp_path / f"site{len(found)}", config)
        try:
            to_site = Origins({"https://example.github.io": site.origin})
            check = site_check(vote, "https://example.github.io/poster-gallery/", EN, to_site)
        finally:
            site.stop()
        found.append((check.ok, check.text, check.fix))
    assert found == [
        (True, f"The published site's vote page ({SITE_VOTE}) sends the votes to this form.", ""),
        (
            False,
            f"The published site's vote page ({SITE_VOTE}) has another '{key}' than mkdocs.yml: {shown} there, "
            f"{written} in mkdocs.yml.",
            "The site sends the votes as it was published. If mkdocs.yml is right, publish the site again (or see on "
            "GitHub, under Actions, why the last publish did not finish).",
        ),
    ]


def test_the_vote_settings_of_a_page_are_read_as_vote_js_reads_them():
    page = (
        '<div data-pg-vote="{&quot;ballot&quot;: &quot;abc123abc123&quot;, &quot;action&quot;: &quot;x&quot;}"></div>'
        '<div data-pg-vote="not json"></div><div data-pg-vote="[1, 2]"></div><div data-pg-vote></div>'
        '<p data-other=\'{"ballot": "zzz"}\'></p>'
    )
    assert page_ballots(page) == [{"ballot": "abc123abc123", "action": "x"}]
    assert page_ballots("<html><body>Tidak ada pemungutan suara</body></html>") == []


@pytest.mark.parametrize(
    ("opens", "shown"),
    [
        (9 * 10**14, "?"),  # the year 30489: more than a datetime holds
        (-(10**18), "?"),
        (1.5e12, "?"),
        ("2099-01-30", "?"),
        (True, "?"),
        (int(dt.datetime(2099, 1, 30, 1, tzinfo=dt.UTC).timestamp() * 1000), "30 January 2099, 08:00 WIB"),
    ],
)
def test_a_published_window_of_any_shape_is_a_message_not_a_crash(tmp_path, project, services, origins, opens, shown):
    vote = google_vote(project, GOOD, extra='  opens: "2099-01-30T09:00:00+07:00"\n')
    site = serve_vote_page(
        tmp_path / "site", {"ballot": vote.ballot, "action": vote.url, "opens": opens, "closes": None}
    )
    try:
        to_site = Origins({"https://example.github.io": site.origin})
        check = site_check(vote, "https://example.github.io/poster-gallery/", EN, to_site)
    finally:
        site.stop()
    assert (check.ok, check.text) == (
        False,
        f"The published site's vote page ({SITE_VOTE}) has another voting window than mkdocs.yml: its 'opens' is "
        f"{shown}, mkdocs.yml's 30 January 2099, 09:00 WIB.",
    )


def test_watch_without_site_url_says_the_site_is_not_read(project, services, origins):
    vote = google_vote(project, GOOD, "{poster: entry.1111, token: entry.2222}")
    report = watch_report(vote, "", EN, origins)
    assert checks(report)[-1] == (None, "site_url is not set in mkdocs.yml, so the published site is not read.", "")
    assert report.exit_code == 0


# ---------------------------------------------------------- Tally, Formspree ---


def test_doctor_tally_checks_the_hidden_fields_and_gives_the_test_link(project, services, origins):
    vote = vote_of(
        project,
        "vote:\n  provider: tally\n  url: https://tally.so/r/tNoCode1\n  fields: {poster: poster, token: token}\n",
    )
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[:3] == [
        (True, "The Tally form opens without signing in.", ""),
        (
            False,
            "poster: the form has no hidden field 'poster', so Tally would not record it.",
            "The form's hidden fields are: Poster, token, utm_source. Write one of them under vote.fields, or add "
            "'poster' to the form's Hidden fields block.",
        ),
        (True, "token: the form has the hidden field 'token'.", ""),
    ]
    note = checks(report)[3]
    assert note[0] is None and re.fullmatch(
        r"A Tally form cannot be sent from here: open this link, press Submit, and check that the row appears under "
        r"Submissions: https://tally\.so/r/tNoCode1\?poster=_test&token=[0-9a-f]{32}",
        note[1],
    ), note
    assert checks(report)[4] == COUNT_NOTE and report.exit_code == 1
    good = vote_of(
        project,
        "vote:\n  provider: tally\n  url: https://tally.so/r/tNoCode1\n  fields: {poster: Poster, token: token}\n",
    )
    report = doctor(good, EN, origins, visit=SITE)
    assert checks(report) == [
        (True, "The Tally form opens without signing in.", ""),
        (True, "poster: the form has the hidden field 'Poster'.", ""),
        (True, "token: the form has the hidden field 'token'.", ""),
    ]
    assert report.exit_code == 0 and services.received == []
    unknown = vote_of(
        project,
        "vote:\n  provider: tally\n  url: https://tally.so/r/nOnE99\n  fields: {poster: poster, token: token}\n",
    )
    assert checks(doctor(unknown, EN, origins)) == [
        (
            False,
            "Tally has no published form at https://tally.so/r/nOnE99 (it answered 404).",
            "Publish the form on tally.so and copy its link from Share: url: https://tally.so/r/FORM_ID",
        )
    ]


FORMSPREE = (
    "vote:\n  provider: formspree\n  url: https://formspree.io/f/{id}\n  fields: {{poster: {poster}, token: token}}\n"
)


@pytest.mark.parametrize(
    "form_id, first",
    [
        ("xyzzyabc", (True, "Formspree knows the form and it accepts submissions.", "")),
        (
            "nOsuchform",
            (
                False,
                "Formspree has no form nOsuchform (it answered 404: Form not found).",
                "Copy the endpoint from the form's Integration tab on formspree.io: "
                "url: https://formspree.io/f/FORM_ID",
            ),
        ),
        (
            "mati1234",
            (
                False,
                "The Formspree form is disabled, so it refuses every vote (Form not active; This form has "
                "been disabled by its owner).",
                "In the form's Settings on formspree.io, turn the form back on.",
            ),
        ),
        (
            "ramai5678",
            (
                False,
                "Formspree refuses submissions to this form for now (429: Too many submissions; try again later).",
                "Check the plan's monthly submission limit on formspree.io and wait a few "
                "minutes, then run the command again.",
            ),
        ),
    ],
)
def test_doctor_formspree_asks_with_an_empty_submission_that_stores_nothing(project, services, origins, form_id, first):
    vote = vote_of(project, FORMSPREE.format(id=form_id, poster="poster"))
    report = doctor(vote, EN, origins, visit=SITE)
    assert checks(report) == [first, (True, "The field names (poster, token) are fine for Formspree.", "")]
    assert [(r["fields"], r["accept"]) for r in services.received] == [({}, "application/json")]
    assert services.records == []


def test_doctor_formspree_test_vote_and_an_email_field(project, services, origins):
    vote = vote_of(project, FORMSPREE.format(id="xyzzyabc", poster="email"))
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[1] == (
        False,
        "Formspree reads a field named 'email' as the sender's email address and refuses votes where it is not one.",
        "Use another name, e.g. poster: poster",
    )
    assert checks(report)[2] == (True, 'Test vote sent: Formspree accepted it ({"ok": true, "next": "/thanks"}).', "")
    [record] = services.records
    assert list(record["fields"]) == ["email", "token"] and record["fields"]["email"] == "_test"
    assert record["accept"] == "application/json" and record["origin"] == "https://example.org"
    refused = doctor(
        vote_of(project, FORMSPREE.format(id="mati1234", poster="poster")), EN, origins, send_test=True, visit=SITE
    )
    assert checks(refused)[2] == (
        False,
        'Test vote refused: Formspree answered 403 ({"error": "Form not active", "errors": [{"code": '
        '"INACTIVE", "message": "This form has been disabled by its owner"}]}).',
        "Fix what Formspree says (for Formspree, e.g. switch off reCAPTCHA in the form's settings), then send a test "
        "vote again.",
    )


def test_doctor_formspree_failing_with_503_exits_2(tmp_path, services):
    project_dir = tmp_path / "p"
    project_dir.mkdir()
    (project_dir / "mkdocs.yml").write_text(
        "site_name: X\nextra:\n  gallery:\n    "
        + FORMSPREE.format(id="xyzzyabc", poster="poster").replace("\n  ", "\n      ").rstrip()
        + "\n",
        "utf-8",
    )
    services.fail("formspree", times=1, status=503)
    proc = run(project_dir, services, "--lang", "en", "vote", "doctor")
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[1:] == [
        "✗ formspree.io answered 503: the service has a problem of its own; try again later.",
        "  → Check the internet connection (open https://formspree.io/f/xyzzyabc in a browser), then run the command "
        "again.",
    ]


def endpoint_vote(project, services, path: str):
    """The vote settings of a form endpoint at ``path`` of the stand-ins."""
    return vote_of(
        project,
        f"vote:\n  provider: form\n  url: http://127.0.0.1:{services.url.split(':')[2]}{path}\n"
        "  fields: {poster: poster, token: token}\n",
    )


def test_doctor_any_form_endpoint_answers_and_takes_a_test_vote(project, services, origins):
    vote = endpoint_vote(project, services, "form/vote")
    assert checks(doctor(vote, EN, origins, visit=SITE)) == [(True, "The address answers (HTTP 405).", "")]
    assert services.received == []
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report) == [
        (True, "The address answers (HTTP 405).", ""),
        (True, 'Test vote sent: 127.0.0.1 accepted it ({"success": true, "errors": []}).', ""),
        COUNT_NOTE,
    ]
    [record] = services.records
    assert record["fields"]["poster"] == "_test" and record["accept"] == "application/json"
    # Without site_url there is no origin to ask for: the test vote says what it could not check.
    assert checks(doctor(vote, EN, origins, send_test=True))[1] == (
        True,
        'Test vote sent: 127.0.0.1 accepted it ({"success": true, "errors": []}). site_url is not set, so whether the '
        "vote page may read the answer (Access-Control-Allow-Origin) was not checked.",
        "",
    )


def test_a_google_apps_script_endpoint_that_answers_with_a_redirect_takes_the_test_vote(project, services):
    """A Google Apps Script web app answers a post with a redirect to its answer on another host, which the page's
    fetch follows. The doctor took the redirect for the answer: "refused: answered 302", for an endpoint that had
    stored the vote. It follows as fetch does, with the CORS check at each step and the Origin "null" once the
    answer is on another host."""
    origins = Origins({SCRIPT_ECHO: services.origin})
    vote = endpoint_vote(project, services, "form/script")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert report.checks[1] == Check(True, 'Test vote sent: 127.0.0.1 accepted it ({"result": "success"}).')
    assert report.exit_code == 0 and [r["fields"]["poster"] for r in services.records] == ["_test"]
    # A redirect that does not let the site read it: the browser stops there, and every vote shows as failed.
    vote = endpoint_vote(project, services, "form/script-without-cors")
    assert checks(doctor(vote, EN, origins, send_test=True, visit=SITE))[1] == (
        False,
        "Test vote: 127.0.0.1 answered with a redirect (HTTP 302) that does not let the site (https://example.org) "
        "read it (no Access-Control-Allow-Origin), so the vote page's request stops there and it shows every vote "
        "as failed.",
        "Make the endpoint's redirect carry the header Access-Control-Allow-Origin: * (or https://example.org).",
    )


def test_a_test_vote_sent_on_to_a_sign_in_page_is_not_taken_for_a_yes(project, services, origins):
    """An endpoint that sends a post on to its sign-in page (both readable by the site): the doctor, as the vote
    page did, took that page's 200 for the vote taken."""
    vote = endpoint_vote(project, services, "form/session")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[1] == (
        False,
        f"Test vote: 127.0.0.1 sent it on to a sign-in page ({services.url}form/login?next=/form/session) instead "
        "of taking it; the vote page keeps every vote so answered on the phone, and none reaches the form.",
        "Make the endpoint take a post without signing in, then send a test vote again.",
    )
    assert report.exit_code == 1 and services.records == []
    # A thank-you page reached so, after the vote was stored, is a yes.
    vote = endpoint_vote(project, services, "form/stored")
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[1][0] is True and [r["fields"]["poster"] for r in services.records] == ["_test"]


def test_the_doctor_of_a_form_endpoint_says_all_good_only_after_a_test_vote(project, services):
    """A visit shows only that the address answers: the doctor said "All good: votes sent from the site will reach
    127.0.0.1" of an address that refuses every vote (here: the stand-in's thank-you page, which takes no post)."""
    port = services.url.split(":")[2].split("/")[0]
    project.write_config(
        f"vote:\n  provider: form\n  url: http://127.0.0.1:{port}/thanks\n  fields: {{poster: poster, token: token}}\n"
    )
    proc = run(project.root, services, "--lang", "en", "vote", "doctor")
    assert proc.returncode == 0 and proc.stdout.splitlines()[-1] == (
        "Nothing wrong found, but only a test vote shows that 127.0.0.1 takes votes: python scripts/gallery.py vote "
        "doctor --send-test"
    )
    proc = run(project.root, services, "--lang", "en", "vote", "doctor", "--send-test")
    assert proc.returncode == 1 and "✗ Test vote refused: 127.0.0.1 answered 404" in proc.stdout


def test_doctor_does_not_call_an_endpoint_behind_a_sign_in_all_good(project, services, origins):
    """Any answer but a 404 was a ✓, and the doctor ended "All good" for an endpoint that sends every visitor to a
    sign-in page and refuses every vote."""
    vote = endpoint_vote(project, services, "form/members")
    report = doctor(vote, EN, origins, visit=SITE)
    assert checks(report) == [
        (
            False,
            "The address does not take a visit (HTTP 302). An endpoint that asks for a sign-in refuses every vote.",
            "Send a test vote, which shows whether it takes votes: python scripts/gallery.py vote doctor --send-test",
        )
    ]
    assert report.exit_code == 1 and services.received == []
    report = doctor(vote, EN, origins, send_test=True, visit=SITE)
    assert checks(report)[:2] == [
        (None, "The address does not take a visit (HTTP 302). The test vote shows whether it takes votes.", ""),
        (
            False,
            'Test vote refused: 127.0.0.1 answered 401 ({"error": "Sign in to send this form."}).',
            "Fix what 127.0.0.1 says (for Formspree, e.g. switch off reCAPTCHA in the form's settings), then send a "
            "test vote again.",
        ),
    ]
    assert report.exit_code == 1 and services.records == []


@pytest.mark.parametrize(
    ("url", "service", "provider"),
    [
        ("https://docs.google.com/forms/d/e/1FAIpQLSeGoodForm0000001/formResponse", "Google Forms", "google_forms"),
        ("https://tally.so/r/wAbCd1", "Tally", "tally"),
        ("https://formspree.io/f/xyzzyabc", "Formspree", "formspree"),
    ],
)
def test_a_service_s_own_address_under_provider_form_is_refused(project, url, service, provider):
    """The page reads a form endpoint's answer, which these services do not give another site: every vote was told
    as failed, and sent again."""
    project.write_config(f"vote:\n  provider: form\n  url: {url}\n  fields: {{poster: poster, token: token}}\n")
    assert [p.format_text() for p in project.check().problems] == [
        f"mkdocs.yml:21:12: '{url}' is a {service} address, and 'provider: form' does not send votes the way "
        f"{service} takes them. Write provider: {provider}, or run: python scripts/gallery.py vote setup LINK --write"
    ]


def test_a_redirect_to_an_address_no_one_can_follow_is_an_answer_not_a_crash():
    import http.server
    import threading

    from postergallery.commands.formservice import request

    class BadRedirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://[bad/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BadRedirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        answer = request(
            "GET", "https://docs.google.com/forms/d/e/X/viewform", Origins({"https://docs.google.com": origin})
        )
    finally:
        server.shutdown()
        server.server_close()
    assert (answer.status, answer.location) == (302, None)

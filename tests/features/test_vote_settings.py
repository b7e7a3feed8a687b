"""The vote section of mkdocs.yml: every mistake reported with its line and what to write instead;
the vote page and the poster-page button appear only when the section is there."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest

from postergallery.commands import codes
from postergallery.features import vote as vote_module
from postergallery.features.vote import TOKEN_PATTERN
from postergallery.i18n import Translator

from projectkit import DEMO_CONFIG, ROOT, at, messages

GOOGLE = "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formResponse"
VALID = f"""
vote:
  provider: google_forms
  url: {GOOGLE}
  fields: {{poster: entry.111, token: entry.222}}
  opens: 2024-01-30T08:00:00+07:00
  closes: 2024-01-30T16:00:00+07:00
"""


def vote_problems(project, gallery: str, lang: str = "en") -> list[str]:
    project.add_poster("las-smaw")
    project.write_config(gallery)
    return messages(project.check(lang=lang), "mkdocs.yml")


# ---------------------------------------------------------------- no vote ---


def test_without_a_vote_section_there_is_no_vote_page_no_button_and_no_warning(project):
    project.add_poster("las-smaw")
    result = project.build()
    assert result.problems == []
    assert not (project.root / "docs" / "vote").exists()
    page = (project.root / "docs" / "poster" / "las-smaw" / "index.md").read_text("utf-8")
    assert "pg-vote" not in page and "vote.js" not in page
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr


def test_an_empty_vote_section_means_no_vote(project):
    assert vote_problems(project, "vote:\n") == []
    assert project.check().settings.vote is None


# ------------------------------------------------------------- valid vote ---


def test_a_valid_google_forms_vote_builds_the_vote_page_and_a_button_on_every_poster(project):
    project.add_poster("las-smaw")
    project.add_poster("kopi", "title: Kopi\nauthors: [Ani]\nrole: trainee\ncenter: BPVP Aceh\nalt: A poster.\n")
    project.write_config(VALID)
    result = project.build()
    assert result.problems == []
    vote = result.settings.vote
    assert vote.provider == "google_forms" and vote.url == GOOGLE
    assert vote.fields == {"poster": "entry.111", "token": "entry.222"}
    assert vote.opens == dt.datetime(2024, 1, 30, 1, tzinfo=dt.UTC)
    assert vote.closes == dt.datetime(2024, 1, 30, 9, tzinfo=dt.UTC)
    page = (project.root / "docs" / "vote" / "index.md").read_text("utf-8")
    assert 'title: "Vote for your favourite poster"' in page
    assert f'<form class="pg-vote__ballot" method="post" action="{GOOGLE}"' in page
    assert re.findall(r'name="entry.111" value="([a-z-]+)"', page) == ["kopi", "las-smaw"]
    assert '<p class="pg-vote__window">Voting: from 30 January 2024, 08:00 WIB to 16:00 WIB.</p>' in page
    assert "It goes to Google Forms, the form service the committee uses" in page
    # Only what the token does: the first choice from this browser counts (not "one device").
    assert (
        "What is sent: the poster you chose and a random code made by this browser (a token), so that only the "
        "first choice from this browser counts. It goes to"
    ) in page
    assert "and keeps a vote that could not be sent yet to send it later." in page
    config = json.loads(unescape(re.search(r'data-pg-vote="([^"]+)"', page).group(1)))
    assert config["opens"] == 1706576400000 and config["closes"] == 1706605200000
    assert config["prefilled"] == GOOGLE.replace("formResponse", "viewform")
    # The rules the page checks codes and tokens by, as the count applies them (tests/js/ballot.test.mjs).
    assert (config["alphabet"], config["codeLength"], config["tokenPattern"]) == (
        codes.ALPHABET,
        codes.LENGTH,
        TOKEN_PATTERN.pattern,
    )
    assert config["codeSeparators"] == codes.SEPARATORS.pattern
    assert config["text"]["before"] == "Voting has not started yet. It opens 30 January 2024, 08:00 WIB."
    assert config["text"]["queued"] == "Your vote is saved on this phone and will be sent when you are back online."
    for slug in ("las-smaw", "kopi"):
        poster = (project.root / "docs" / "poster" / slug / "index.md").read_text("utf-8")
        assert f'<input type="hidden" name="entry.111" value="{slug}"' in poster
        assert f'href="../../vote/?poster={slug}"' in poster
        assert (
            '<link rel="modulepreload" href="../../assets/gallery/ballot.js">\n'
            '<link rel="modulepreload" href="../../assets/gallery/siteclock.js">\n<script>addEventListener("error", '
        ) in poster
        assert (
            '\n<script type="module" async src="../../assets/gallery/vote.js" data-pg-vote-script data-failed='
            in poster
        )
    again = project.build()
    assert again.written.written == [] and again.written.removed == []


def test_every_id_on_the_vote_page_is_its_own_whatever_the_posters_are_called(project):
    """Posters named like the page's own controls ("q" beside the search box, "code-all" beside the ballot
    code) must not share their ids: a label would then pick the wrong control."""
    details = "title: {}\nauthors: [Ani]\nrole: trainee\ncenter: BPVP Aceh\nalt: A poster.\n"
    for slug in ("q", "code-all", "code-trainee"):
        project.add_poster(slug, details.format(slug))
    project.write_config(
        VALID.replace("  opens:", "  codes: true\n  opens:").replace(
            "fields: {poster: entry.111, token: entry.222}",
            "fields: {poster: entry.111, token: entry.222, code: entry.333}",
        )
    )
    result = project.build()
    assert result.problems == []
    page = (project.root / "docs" / "vote" / "index.md").read_text("utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    labelled = re.findall(r'<label[^>]*\sfor="([^"]+)"', page)
    assert labelled and set(labelled) <= set(ids)


def test_the_vote_page_speaks_indonesian_by_default(project):
    project.add_poster("las-smaw")
    project.write_config(VALID + "  per_role: true\n", language="id")
    project.build(lang="id")
    page = (project.root / "docs" / "vote" / "index.md").read_text("utf-8")
    assert "Pemungutan suara dibuka 30 Januari 2024 pukul 08.00 WIB sampai 16.00 WIB." in page
    assert '<legend class="pg-vote__legend">Alumni</legend>' in page
    assert 'data-scope="alumni"' in page and 'data-scope="trainee"' not in page  # roles without posters are left out
    assert "Anda tidak perlu menuliskan nama." in page
    assert "(token), sehingga hanya pilihan pertama dari browser ini yang dihitung. Data ini dikirim ke" in page
    assert "dan menyimpan pilihan yang belum terkirim untuk dikirim nanti." in page


@pytest.mark.parametrize(
    "provider, url, method, action",
    [
        ("formspree", "https://formspree.io/f/xyzzyabc", "post", "https://formspree.io/f/xyzzyabc"),
        ("form", "https://forms.example.org/vote?event=1", "post", "https://forms.example.org/vote?event=1"),
        ("tally", "https://tally.so/r/wAbc12", "get", "https://tally.so/r/wAbc12"),
    ],
)
def test_other_providers_build_a_plain_html_form(project, provider, url, method, action):
    project.add_poster("las-smaw")
    project.write_config(f"vote:\n  provider: {provider}\n  url: {url}\n  fields: {{poster: poster, token: token}}\n")
    assert project.build().problems == []
    page = (project.root / "docs" / "vote" / "index.md").read_text("utf-8")
    assert f'method="{method}" action="{action.replace("&", "&amp;")}"' in page


def test_times_are_shown_in_the_configured_zone(project):
    project.add_poster("las-smaw")
    project.write_config(VALID.replace("+07:00", "Z") + "  timezone: WITA\n")
    vote = project.check().settings.vote
    assert vote.zone == vote_module.Zone("WITA", 480)
    assert (
        vote_module.window_text(vote, Translator("id"))
        == "Pemungutan suara dibuka 30 Januari 2024 pukul 16.00 WITA sampai 31 Januari 2024 pukul 00.00 WITA."
    )
    assert vote.is_open_at(dt.datetime(2024, 1, 30, 8, 0, tzinfo=dt.UTC))
    assert not vote.is_open_at(dt.datetime(2024, 1, 30, 16, 0, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    "offset, name, minutes", [("+07:00", "WIB", 420), ("+08:00", "WITA", 480), ("+09:00", "WIT", 540), ("Z", "UTC", 0)]
)
def test_without_a_timezone_the_vote_is_in_the_zone_its_times_are_written_in(project, offset, name, minutes):
    """An event in Makassar writes its times with +08:00 and no 'timezone': they are shown in WITA, not in WIB an
    hour off, and the count reads a spreadsheet's times without a zone in WITA."""
    project.add_poster("las-smaw")
    project.write_config(VALID.replace("+07:00", offset))
    vote = project.check().settings.vote
    assert vote.zone == vote_module.Zone(name, minutes)
    assert vote_module.window_text(vote, Translator("en")) == (
        f"Voting: from 30 January 2024, 08:00 {name} to 16:00 {name}."
    )


@pytest.mark.parametrize(
    "text, name, minutes",
    [
        ("WIB", "WIB", 420),
        ("wit", "WIT", 540),
        ("+07:00", "WIB", 420),
        ("UTC+8", "WITA", 480),
        ("+05:30", "UTC+05:30", 330),
        ("-03:00", "UTC-03:00", -180),
        ("UTC", "UTC", 0),
    ],
)
def test_parse_zone(text, name, minutes):
    assert vote_module.parse_zone(text) == vote_module.Zone(name, minutes)


def test_parse_zone_refuses_nonsense():
    assert vote_module.parse_zone("Jakarta") is None
    assert vote_module.parse_zone("+15:00") is None


# --------------------------------------------------------------- mistakes ---


def test_unknown_provider_is_reported_with_a_suggestion(project):
    got = vote_problems(project, VALID.replace("google_forms", "googleform"))
    assert got == [
        f"{at(project, 'googleform')}: unknown vote provider 'googleform'; use one of: google_forms, "
        "tally, formspree, form. Did you mean 'google_forms'?"
    ]


def test_a_viewform_link_is_refused_with_the_formresponse_address_to_write(project):
    viewform = "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/viewform?usp=sf_link"
    got = vote_problems(project, VALID.replace(GOOGLE, viewform))
    assert got == [
        f"{at(project, viewform)}: '{viewform}' is the page that shows the form; votes are sent to its "
        f"formResponse address. Write url: {GOOGLE}"
    ]


def test_a_short_link_is_refused_with_how_to_find_the_real_address(project):
    got = vote_problems(project, VALID.replace(GOOGLE, "https://forms.gle/AbCdEf123"))
    assert got == [
        f"{at(project, 'https://forms.gle')}: 'https://forms.gle/AbCdEf123' is a short link, which "
        "cannot receive votes. Open it in a browser: it leads to an address ending in /viewform. Write "
        "that address with formResponse in place of viewform, e.g. "
        "url: https://docs.google.com/forms/d/e/FORM_ID/formResponse"
    ]


def test_the_form_editor_address_is_refused(project):
    edit = "https://docs.google.com/forms/d/1AbCdEfGhIjKlMnOp/edit"
    got = vote_problems(project, VALID.replace(GOOGLE, edit))
    assert got == [
        f"{at(project, edit)}: '{edit}' is the address for editing the form, not the one voters use. In "
        "the form editor press Send, choose the link tab and open that link: write its address with "
        "formResponse in place of viewform, e.g. url: https://docs.google.com/forms/d/e/FORM_ID/formResponse"
    ]


def test_a_missing_poster_field_is_reported(project):
    got = vote_problems(project, VALID.replace("poster: entry.111, ", ""))
    assert got == [
        f"{at(project, '{token')}: vote.fields has no 'poster' (the vote cannot say which poster was "
        "chosen without it); add e.g. poster: entry.333"
    ]


def test_closes_before_opens_is_reported(project):
    got = vote_problems(project, VALID.replace("T16:00:00", "T07:00:00"))
    assert got == [
        f"{at(project, '2024-01-30T07:00:00+07:00')}: 'closes' (2024-01-30T07:00:00+07:00) is not after "
        "'opens' (2024-01-30T08:00:00+07:00); voting would never be open. Write the moment voting ends, "
        "later than 2024-01-30T08:00:00+07:00."
    ]


def test_a_time_without_a_zone_and_a_date_without_a_time_are_reported(project):
    got = vote_problems(
        project,
        VALID.replace("2024-01-30T08:00:00+07:00", "2024-01-30 08:00").replace(
            "2024-01-30T16:00:00+07:00", "2024-01-30"
        ),
    )
    assert got == [
        f"{at(project, '2024-01-30 08:00')}: 'opens' has no time zone, so it could mean different moments; add it "
        "at the end: opens: 2024-01-30T08:00:00+07:00 for WIB (WIB is +07:00, WITA +08:00, WIT +09:00).",
        f"{at(project, '2024-01-30', nth=1)}: 'closes' needs a time "
        "and a time zone, not only a date; write e.g. closes: 2024-01-30T08:00:00+07:00 for 08.00 WIB.",
    ]


@pytest.mark.parametrize(("offset", "zone"), [("+09:00", "WIT"), ("+08:00", "WITA"), ("+07:00", "WIB")])
def test_a_time_without_a_zone_is_told_to_take_the_zone_the_other_time_is_written_in(project, offset, zone):
    """Told to add WIB's +07:00 beside a 'closes' in WIT, an event in Jayapura would have opened two hours late."""
    got = vote_problems(
        project,
        VALID.replace("2024-01-30T08:00:00+07:00", "2024-01-30T08:00:00").replace("+07:00", offset),
    )
    assert got == [
        f"{at(project, '2024-01-30T08:00:00')}: 'opens' has no time zone, so it could mean different moments; add "
        f"it at the end: opens: 2024-01-30T08:00:00{offset} for {zone} (WIB is +07:00, WITA +08:00, WIT +09:00)."
    ]


def test_google_field_names_must_be_entry_ids(project):
    got = vote_problems(project, VALID.replace("entry.111", "111").replace("entry.222", "Token"))
    assert got == [
        f"{at(project, '111')}: Google Forms field names start with 'entry.'; write poster: entry.111",
        f"{at(project, 'Token')}: 'Token' is not a Google Forms field name; those look like entry.123456789. Find "
        "them with 'Get pre-filled link' in the form's menu (see README, Voting).",
    ]


def test_codes_need_a_code_field_and_settings_must_be_known(project):
    got = vote_problems(project, VALID + "  codes: true\n  close: 2024-01-30T17:00:00+07:00\n")
    assert got == [
        f"{at(project, '{poster')}: vote.fields has no 'code' ('codes: true' asks every voter for a ballot code); "
        "add e.g. code: entry.333",
        f"{at(project, 'close:')}: unknown setting 'close' under extra.gallery.vote. Did you mean 'closes'?",
    ]


def test_provider_and_url_are_required_and_urls_checked_per_provider(project):
    assert vote_problems(project, "vote:\n  fields: {poster: poster, token: token}\n") == [
        f"{at(project, 'fields')}: the vote has no 'provider'; add a line 'provider: google_forms' (or one of: "
        "google_forms, tally, formspree, form)."
    ]
    assert vote_problems(project, "vote:\n  provider: formspree\n  fields: {poster: poster, token: token}\n") == [
        f"{at(project, 'provider')}: the vote has no 'url'; add the address votes are sent to, e.g. "
        "url: https://formspree.io/f/FORM_ID"
    ]
    assert vote_problems(
        project,
        "vote:\n  provider: formspree\n  url: https://formspree.io/forms/xyz/submissions\n"
        "  fields: {poster: poster, token: token}\n",
    ) == [
        f"{at(project, 'https://formspree')}: write the form's endpoint exactly, url: https://formspree.io/f/xyz "
        "(found 'https://formspree.io/forms/xyz/submissions')."
    ]
    assert vote_problems(
        project,
        "vote:\n  provider: tally\n  url: https://tally.so/forms/wAbc12/edit\n"
        "  fields: {poster: poster, token: token}\n",
    ) == [
        f"{at(project, 'https://tally')}: write the form's share link exactly, url: https://tally.so/r/wAbc12 "
        "(found 'https://tally.so/forms/wAbc12/edit')."
    ]
    assert vote_problems(
        project, "vote:\n  provider: form\n  url: http://example.org/vote\n  fields: {poster: poster, token: token}\n"
    ) == [
        f"{at(project, 'http://example')}: 'url' must start with https:// (found 'http://example.org/vote'), e.g. "
        "https://example.org/vote"
    ]


def test_a_form_on_this_computer_for_a_published_site_is_a_warning(project):
    """A rehearsal's stand-in left in the vote section: check and the doctor said all good, and on the day every
    phone would have sent its vote to itself. Right for a rehearsal on this computer, so a warning."""
    section = "vote:\n  provider: form\n  url: http://localhost:8765/form\n  fields: {poster: poster, token: token}\n"
    assert vote_problems(project, section) == [
        f"{at(project, 'http://localhost')}: warning: 'url' is an address on this computer (localhost), but the site "
        "is published at https://example.org/gallery/: visitors' phones would send every vote to themselves, and it "
        "would be lost. Right for a rehearsal on this computer; before the event write your form's address: python "
        "scripts/gallery.py vote setup LINK --write"
    ]
    project.config.write_text(
        project.config.read_text("utf-8").replace("https://example.org/gallery/", "http://127.0.0.1:8000/"), "utf-8"
    )
    assert messages(project.check(), "mkdocs.yml") == []  # the site on this computer too: a rehearsal


def test_messages_are_in_indonesian_for_an_indonesian_site(project):
    got = vote_problems(project, VALID.replace("google_forms", "typeform"), lang="id")
    assert got == [
        f"{at(project, 'typeform')}: provider vote 'typeform' tidak dikenal; gunakan salah satu dari: "
        "google_forms, tally, formspree, form."
    ]


def test_a_wrong_vote_setting_fails_check_and_mkdocs_build(project):
    project.add_poster("las-smaw")
    project.write_config(VALID.replace(GOOGLE, "https://forms.gle/AbCdEf123"))
    check = project.cli("check")
    assert check.returncode == 1
    assert "'https://forms.gle/AbCdEf123' is a short link" in check.stdout
    built = project.mkdocs("build", "--strict")
    assert built.returncode == 1
    assert "'https://forms.gle/AbCdEf123' is a short link" in built.stderr


def test_the_demo_configuration_is_valid_and_shows_a_closed_vote():
    from postergallery.stages.settings import read_settings

    settings, problems = read_settings(DEMO_CONFIG)
    assert problems == []
    vote = settings.vote
    assert vote is not None and vote.provider == "google_forms"
    assert vote.closes < dt.datetime.now(dt.UTC)  # the demo event is over: buttons say voting closed


PLACEHOLDER = "https://docs.google.com/forms/d/e/1FAIpQLSe-CONTOH-GANTI-DENGAN-FORMULIR-ANDA/formResponse"
PLACEHOLDER_MESSAGE = (
    "'url' is still the demo's placeholder form, which does not exist: every vote would be lost. "
    "Make your own Google Form (README, Voting) and write its address with: "
    "python scripts/gallery.py vote setup LINK --write"
)


@pytest.mark.parametrize(
    "window",
    [
        "  opens: 2099-01-30T08:00:00+07:00\n  closes: 2099-01-30T16:00:00+07:00\n",  # the vote is to come
        "",  # always open
        "  opens: 2024-01-30T08:00:00+07:00\n",  # open since 2024, never closing
    ],
)
def test_the_demo_placeholder_form_is_refused_until_the_vote_is_over(project, window):
    config = f"vote:\n  provider: google_forms\n  url: {PLACEHOLDER}\n  fields: {{poster: entry.1, token: entry.2}}\n"
    got = vote_problems(project, config + window)
    assert got == [f"{at(project, PLACEHOLDER)}: {PLACEHOLDER_MESSAGE}"]
    indonesian = vote_problems(project, config + window, lang="id")
    assert indonesian == [
        f"{at(project, PLACEHOLDER)}: 'url' masih formulir contoh dari demo, yang sebenarnya tidak "
        "ada: setiap suara akan hilang. Buat Google Form Anda sendiri (README, bagian Voting) lalu "
        "tuliskan alamatnya dengan: python scripts/gallery.py vote setup TAUTAN --write"
    ]


def test_the_demo_placeholder_form_is_accepted_once_the_vote_has_closed(project):
    # A site kept online after its event shows a closed vote; nothing can be lost any more.
    config = (
        f"vote:\n  provider: google_forms\n  url: {PLACEHOLDER}\n  fields: {{poster: entry.1, token: entry.2}}\n"
        "  closes: 2024-01-30T16:00:00+07:00\n"
    )
    assert vote_problems(project, config) == []


def test_a_formrestricted_address_is_refused_with_the_settings_to_change(project):
    restricted = "https://docs.google.com/forms/d/e/1FAIpQLSdx9TestForm0123/formrestricted"
    got = vote_problems(project, VALID.replace(GOOGLE, restricted))
    assert got == [
        f"{at(project, restricted)}: '{restricted}' is the page Google shows when a form accepts only people who "
        "sign in, so every vote would be lost. In the form's Settings turn off 'Restrict to users in ...' and, under "
        "Responses, set 'Collect email addresses' to 'Do not collect' and turn off 'Limit to 1 response'; publish "
        "the form to 'Anyone with the link'. Then write its address with: "
        "python scripts/gallery.py vote setup LINK --write"
    ]
    # The same page under the editor's form id (docs.google.com/forms/d/ID/formrestricted) says the same.
    edit_restricted = "https://docs.google.com/forms/d/1AbCdEfGhIjKlMnOp/formrestricted"
    got = vote_problems(project, VALID.replace(GOOGLE, edit_restricted))
    assert len(got) == 1 and got[0].startswith(
        f"{at(project, edit_restricted)}: '{edit_restricted}' is the page "
        "Google shows when a form accepts only people who sign in"
    )


def test_the_count_takes_every_vote_the_page_may_send_at_the_window_s_edges():
    """The page sends no vote outside the window by the site's clock, give or take CLOCK_SLACK_MS (and the Date
    header's whole second), and a vote on its way may take TIMEOUT_MS to arrive: the count's margins cover both."""

    def milliseconds(module: str, name: str) -> int:
        script = (ROOT / "overrides/assets/gallery" / module).read_text("utf-8")
        found = re.search(rf"(?:var|const) {name} = (\d+);", script)
        assert found, name
        return int(found[1])

    slack = milliseconds("siteclock.js", "CLOCK_SLACK_MS") + 1000
    timeout = milliseconds("vote.js", "TIMEOUT_MS")
    assert dt.timedelta(milliseconds=slack) < vote_module.EARLY_ARRIVAL
    assert dt.timedelta(milliseconds=slack + timeout) < vote_module.LATE_ARRIVAL

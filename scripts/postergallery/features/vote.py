"""The people's-choice vote: the ``vote`` settings, the form services it talks to, and the vote page.

The site is static, so a vote is a form post to an external form service
that the committee already uses (the *provider*):

* ``google_forms``: a Google Form's ``formResponse`` address, fields ``entry.N``;
* ``formspree``: a Formspree form, ``https://formspree.io/f/ID``;
* ``form``: any address that accepts an ordinary form post;
* ``tally``: a Tally form, opened or embedded with hidden fields in the URL.

Everything the browser needs (where to send, the field names, the voting
window, the words to show) is written into the pages as one JSON attribute
that ``overrides/assets/gallery/vote.js`` reads; without JavaScript the same
markup is a plain HTML form that posts (or, for Tally, opens) the form.

``read_vote`` validates the section with a message for every mistake, each
saying what to write instead; ``tally.py`` counts the export afterwards with
the same settings, so the site and the count always agree on the window,
the field names and the rules.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from markupsafe import Markup
from yaml.nodes import MappingNode, Node, ScalarNode

from postergallery import urls
from postergallery.commands import codes as ballot_codes
from postergallery.features import Feature, PageFile, Pages
from postergallery.i18n import N_
from postergallery.model import Poster
from postergallery.readers import SettingsContext, read_bool, section_entries
from postergallery.stages.render import PageRenderer, html_text
from postergallery.timezones import (
    FIRST_YEAR,
    LAST_YEAR,
    WIB,
    MomentError,
    Zone,
    parse_moment,
    parse_zone,
    zone_of,
)
from postergallery.yamlsource import is_null, mapping_items

PROVIDERS = ("google_forms", "tally", "formspree", "form")

# How far outside the voting window a vote may reach the form service and still count. The vote page sends no
# vote outside the window by the site's clock, but it takes a phone's clock within vote.js' CLOCK_SLACK_MS (5 s,
# plus the site's whole-second Date header) of the site's as right, and a vote on its way may take up to its
# TIMEOUT_MS (20 s) to arrive over a crowded network: the page says "sent" for such a vote, so the count keeps it.
# tests/features/test_vote_settings.py holds these above vote.js' figures.
EARLY_ARRIVAL = _dt.timedelta(seconds=10)
LATE_ARRIVAL = _dt.timedelta(seconds=30)
PROVIDER_NAMES = {"google_forms": "Google Forms", "tally": "Tally", "formspree": "Formspree"}
FIELD_ROLES = ("poster", "token", "code")
COLUMN_ROLES = ("time", "poster", "token", "code")
HERE = "vote/"  # the vote page, from the site root
KEYS = (
    "provider",
    "url",
    "fields",
    "opens",
    "closes",
    "timezone",
    "per_role",
    "codes",
    "embed",
    "columns",
    "tokenless",
)
# What the count does with a vote that carries no token (see tally.py): such a vote cannot be matched to any
# other, so anyone could send the public form by hand again and again; "reject" is therefore the default.
TOKENLESS = ("reject", "count")
# Headers of the time column in each provider's CSV export. Google Forms names it in the
# language of the form owner's account ("Stempel waktu" in Indonesian).
TIME_COLUMNS = {
    "google_forms": ("Timestamp", "Stempel waktu"),
    "tally": ("Submitted at",),
    "formspree": ("_date", "Date", "Submitted at", "created_at"),
    "form": ("Timestamp", "Submitted at", "_date", "Date", "created_at"),
}
# What vote.js makes: 128 random bits in hex. The page checks a stored token with this same pattern (its
# configuration carries it); match it with fullmatch, as `$` alone would let a final line break through.
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
# The path of a sign-in page ('/login', '/signin', '/auth/...', Google's '/ServiceLogin'): an answer to a vote that
# a redirect has taken to one is the sign-in page's, not the endpoint's, and the vote was not taken. Read by
# vote.js (its configuration carries it) and by vote doctor; case does not matter. (Any other page reached so,
# a thank-you page after the vote was stored, is a yes.)
SIGN_IN_PATH = re.compile(r"(?:log|sign)[-_]?(?:in|on)|(?:^|/)(?:auth|sso|accounts?)(?:/|$)", re.IGNORECASE)
# The form id in the demo's mkdocs.yml: no such form exists, so a vote sent there is lost.
PLACEHOLDER_FORM_ID = "1FAIpQLSe-CONTOH-GANTI-DENGAN-FORMULIR-ANDA"


@dataclass(frozen=True)
class VoteSettings:
    """A validated ``extra.gallery.vote`` section."""

    provider: str
    url: str  # where the vote goes: formResponse, formspree /f/ID, the form endpoint, or Tally's /r/ID
    fields: dict = field(default_factory=dict, compare=False)  # poster/token/code -> name sent to the service
    opens: _dt.datetime | None = None
    closes: _dt.datetime | None = None
    zone: Zone = WIB
    per_role: bool = False
    codes: bool = False
    embed: bool = True  # tally: embed the form in the page (else open it in a new tab)
    columns: dict = field(default_factory=dict, compare=False)  # time/poster/token/code -> accepted export headers
    tokenless: str = "reject"  # votes without a token: "reject" or "count" (not used with codes: the code is the voter)

    @property
    def ballot(self) -> str:
        """A short id of this ballot; keeps one site's browser memory apart from another's on the same origin."""
        return hashlib.sha256(f"{self.provider} {self.url}".encode()).hexdigest()[:12]

    @property
    def service_name(self) -> str:
        return PROVIDER_NAMES.get(self.provider) or urls.host(self.url) or self.url

    @property
    def method(self) -> str:
        return "get" if self.provider == "tally" else "post"

    def prefilled_url(self) -> str:
        """Google Forms: the ``viewform`` address that opens the form with the answers filled in."""
        return self.url[: -len("formResponse")] + "viewform" if self.provider == "google_forms" else ""

    def tally_urls(self) -> tuple[str, str, str]:
        """Tally: (share link, embed link, origin of the messages the embed sends)."""
        parts = urls.split(self.url)
        assert parts is not None  # the settings accept only addresses that split
        origin = urls.origin(parts)
        form_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return f"{origin}/r/{form_id}", f"{origin}/embed/{form_id}", origin

    def is_open_at(self, moment: _dt.datetime) -> bool:
        return (self.opens is None or moment >= self.opens) and (self.closes is None or moment < self.closes)

    def closes_after(self, moment: _dt.datetime) -> bool:
        """Whether voting has a closing time still to come at ``moment``: a count then is of part of the votes."""
        return self.closes is not None and moment < self.closes

    def arrival(self, moment: _dt.datetime, *, to_the_minute: bool = False) -> str:
        """When a vote that reached the form service at ``moment`` came: "before" voting opened, "early" (within
        EARLY_ARRIVAL of it), "inside" the window, "late" (within LATE_ARRIVAL after it closed) or "after".

        "early" and "late" votes count (the vote page may have sent them inside the window). A time written
        without seconds (``to_the_minute``) may be up to a minute later than it says, so it is judged by the
        window alone.
        """
        if self.opens is not None and moment < self.opens:
            return "early" if not to_the_minute and moment >= self.opens - EARLY_ARRIVAL else "before"
        if self.closes is not None and moment >= self.closes:
            return "late" if not to_the_minute and moment < self.closes + LATE_ARRIVAL else "after"
        return "inside"


# ------------------------------------------------------------------ reading ---


def read_vote(node: Node | None, ctx: SettingsContext) -> VoteSettings | None:
    """The ``vote`` section: None when absent (no vote buttons), else validated settings."""
    if node is None or is_null(node):
        return None
    if not isinstance(node, MappingNode):
        ctx.error(
            node,
            "vote must be a group of settings indented under 'vote:', e.g. provider, url and fields "
            "on their own lines.",
        )
        return None
    entries = section_entries(node, ctx, "extra.gallery.vote", KEYS)
    errors_before = len(ctx.problems)
    provider = _read_provider(node, entries, ctx)
    zone = _read_zone(entries.get("timezone"), ctx)
    url = _read_url(node, entries, provider, ctx) if provider else None
    codes = _read_flag(entries.get("codes"), ctx, False)
    fields = _read_fields(node, entries, provider, codes, ctx) if provider else {}
    if "timezone" not in entries:
        # Without 'timezone' the vote is in the zone its times are written in: an event in Makassar that writes
        # +08:00 shows its times in WITA, and the count reads a spreadsheet's times without a zone in WITA too. Taken
        # before the times are read, so that one written without its zone is told to add the other's: an event in
        # Jayapura told to add WIB's +07:00 would open two hours late.
        zone = next(filter(None, (_zone_written(entries.get(key)) for key in ("opens", "closes"))), zone)
    opens = _read_moment(entries.get("opens"), "opens", zone, ctx)
    closes = _read_moment(entries.get("closes"), "closes", zone, ctx)
    if url and is_placeholder(url) and (closes is None or closes > _dt.datetime.now(_dt.UTC)):
        ctx.error(
            entries["url"][1],
            "'url' is still the demo's placeholder form, which does not exist: every vote "
            "would be lost. Make your own Google Form (README, Voting) and write its address with: "
            "python scripts/gallery.py vote setup LINK --write",
        )
    if opens and closes and closes <= opens:
        ctx.error(
            entries["closes"][1],
            "'closes' ({closes}) is not after 'opens' ({opens}); voting would never be "
            "open. Write the moment voting ends, later than {opens}.",
            closes=entries["closes"][1].value,
            opens=entries["opens"][1].value,
        )
    per_role = _read_flag(entries.get("per_role"), ctx, False)
    embed = _read_flag(entries.get("embed"), ctx, True)
    columns = _read_columns(entries.get("columns"), provider, fields, ctx) if provider else {}
    tokenless = _read_tokenless(entries.get("tokenless"), codes, ctx)
    if sum(p.is_error for p in ctx.problems[errors_before:]) or not provider or not url:
        return None
    return VoteSettings(provider, url, fields, opens, closes, zone, per_role, codes, embed, columns, tokenless)


def is_placeholder(url: str) -> bool:
    """True for the demo's placeholder Google Form, which receives no votes."""
    return f"/d/e/{PLACEHOLDER_FORM_ID}/" in url


def _suggest(ctx, key: str, known) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return ctx.tr(" Did you mean '{target}'?", target=close[0])
    return ctx.tr(" The known settings are: {names}.", names=", ".join(known))


def _text(node: Node) -> str | None:
    if not isinstance(node, ScalarNode) or is_null(node):
        return None
    return str(node.value).strip()


def _read_flag(entry, ctx, default: bool) -> bool:
    if entry is None:
        return default
    value = read_bool(entry[1], ctx)
    return default if value is None else value


def _read_tokenless(entry, codes: bool, ctx) -> str:
    """``tokenless: reject | count``; with ballot codes it does not apply, and a warning says so."""
    if entry is None:
        return "reject"
    node = entry[1]
    value = (_text(node) or "").lower()
    if value not in TOKENLESS:
        close = difflib.get_close_matches(value, TOKENLESS, n=1, cutoff=0.6)
        hint = ctx.tr(" Did you mean '{target}'?", target=close[0]) if close else ""
        ctx.error(
            node,
            "'tokenless' must be reject (votes without a token are not counted, the default) or count "
            "(each is counted once) (found '{value}').{hint}",
            value=_text(node) or "",
            hint=hint,
        )
        return "reject"
    if codes:
        ctx.warning(
            node,
            "'tokenless' does not apply with 'codes: true': the ballot code is the voter, and a vote "
            "without a code is never counted. Remove this line.",
        )
    return value


def _read_provider(section: Node, entries, ctx) -> str | None:
    choices = ", ".join(PROVIDERS)
    if "provider" not in entries:
        ctx.error(
            section,
            "the vote has no 'provider'; add a line 'provider: google_forms' (or one of: {choices}).",
            choices=choices,
        )
        return None
    node = entries["provider"][1]
    value = (_text(node) or "").lower().replace("-", "_").replace(" ", "_")
    if value in PROVIDERS:
        return value
    aliases = {
        "google": "google_forms",
        "googleforms": "google_forms",
        "google_form": "google_forms",
        "gforms": "google_forms",
        "tally_so": "tally",
    }
    suggestion = aliases.get(value) or next(iter(difflib.get_close_matches(value, PROVIDERS, n=1, cutoff=0.75)), None)
    hint = ctx.tr(" Did you mean '{target}'?", target=suggestion) if suggestion else ""
    ctx.error(
        node,
        "unknown vote provider '{value}'; use one of: {choices}.{hint}",
        value=_text(node) or "",
        choices=choices,
        hint=hint,
    )
    return None


# The hosts of the form addresses of each service with a provider of its own.
SERVICE_HOSTS = {
    "google_forms": frozenset({"docs.google.com", "forms.gle", "goo.gl"}),  # the form, and its short links
    "tally": frozenset({"tally.so", "www.tally.so"}),
    "formspree": frozenset({"formspree.io", "www.formspree.io"}),
}


def _read_url(section: Node, entries, provider: str, ctx) -> str | None:
    example = {
        "google_forms": "https://docs.google.com/forms/d/e/FORM_ID/formResponse",
        "formspree": "https://formspree.io/f/FORM_ID",
        "tally": "https://tally.so/r/FORM_ID",
        "form": "https://example.org/vote",
    }[provider]
    if "url" not in entries:
        ctx.error(
            section, "the vote has no 'url'; add the address votes are sent to, e.g. url: {example}", example=example
        )
        return None
    node = entries["url"][1]
    url = _text(node) or ""
    parts = urls.split(url)
    if not url or urls.has_unsafe_characters(url) or parts is None:
        ctx.error(node, "'url' must be a web address without spaces or quotes, e.g. {example}", example=example)
        return None
    local = (parts.hostname or "") in urls.LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        ctx.error(node, "'url' must start with https:// (found '{url}'), e.g. {example}", url=url, example=example)
        return None
    reader = {"google_forms": _google_url, "formspree": _formspree_url, "tally": _tally_url}.get(provider)
    if reader is None:
        service = next((name for name, hosts in SERVICE_HOSTS.items() if parts.hostname in hosts), None)
        if service:
            # vote.js reads a form endpoint's answer, which these services do not give another site the way it
            # needs: every vote would be told as failed, and sent again.
            ctx.error(
                node,
                "'{url}' is a {service} address, and 'provider: form' does not send votes the way {service} takes "
                "them. Write provider: {provider}, or run: python scripts/gallery.py vote setup LINK --write",
                url=url,
                service=PROVIDER_NAMES[service],
                provider=service,
            )
            return None
        if parts.fragment:
            ctx.error(node, "'url' must not contain '#'; use the address the form posts to.")
            return None
        return url
    return reader(url, parts, local, node, ctx)


_GOOGLE_PATH = re.compile(r"^/forms(?:/u/\d+)?/d/e/([A-Za-z0-9_-]{10,})/(formResponse|viewform)/?$")


def _google_url(url, parts, local, node, ctx) -> str | None:
    host = parts.hostname or ""
    if host in ("forms.gle", "goo.gl"):
        ctx.error(
            node,
            "'{url}' is a short link, which cannot receive votes. Open it in a browser: it leads to an "
            "address ending in /viewform. Write that address with formResponse in place of viewform, "
            "e.g. url: https://docs.google.com/forms/d/e/FORM_ID/formResponse",
            url=url,
        )
        return None
    if host != "docs.google.com" and not local:
        ctx.error(
            node,
            "a Google Forms 'url' starts with https://docs.google.com/forms/d/e/ (found '{url}'); "
            "write url: https://docs.google.com/forms/d/e/FORM_ID/formResponse",
            url=url,
        )
        return None
    if re.match(r"^/forms(?:/u/\d+)?/d/.+/formrestricted/?$", parts.path):
        # Google sends people here when the form accepts only signed-in accounts (of an organisation):
        # a vote posted from the site is refused there, silently.
        ctx.error(
            node,
            "'{url}' is the page Google shows when a form accepts only people who sign in, so every "
            "vote would be lost. In the form's Settings turn off 'Restrict to users in ...' and, under "
            "Responses, set 'Collect email addresses' to 'Do not collect' and turn off 'Limit to 1 response'; "
            "publish the form to 'Anyone with the link'. Then write its address with: "
            "python scripts/gallery.py vote setup LINK --write",
            url=url,
        )
        return None
    match = _GOOGLE_PATH.match(parts.path)
    if match is None:
        if re.match(r"^/forms(?:/u/\d+)?/d/(?!e/)[^/]+", parts.path):
            ctx.error(
                node,
                "'{url}' is the address for editing the form, not the one voters use. In the form editor "
                "press Send, choose the link tab and open that link: write its address with formResponse in "
                "place of viewform, e.g. url: https://docs.google.com/forms/d/e/FORM_ID/formResponse",
                url=url,
            )
        else:
            ctx.error(
                node,
                "'{url}' is not a Google Form's address; write "
                "url: https://docs.google.com/forms/d/e/FORM_ID/formResponse",
                url=url,
            )
        return None
    fixed = f"{urls.origin(parts)}/forms/d/e/{match.group(1)}/formResponse"
    if match.group(2) != "formResponse":
        ctx.error(
            node,
            "'{url}' is the page that shows the form; votes are sent to its formResponse address. Write url: {fixed}",
            url=url,
            fixed=fixed,
        )
        return None
    if parts.query or parts.fragment:
        ctx.error(
            node, "'url' must end with /formResponse, without '?' or '#' after it; write url: {fixed}", fixed=fixed
        )
        return None
    return fixed


def _formspree_url(url, parts, local, node, ctx) -> str | None:
    host = parts.hostname or ""
    match = re.match(r"^/(?:f|forms)/([A-Za-z0-9]+)(?:/.*)?$", parts.path)
    if (host not in SERVICE_HOSTS["formspree"] and not local) or match is None:
        ctx.error(
            node,
            "a Formspree 'url' looks like https://formspree.io/f/FORM_ID (found '{url}'); copy it from "
            "the form's Integration tab on formspree.io.",
            url=url,
        )
        return None
    fixed = f"{urls.origin(parts)}/f/{match.group(1)}"
    if url != fixed:
        ctx.error(node, "write the form's endpoint exactly, url: {fixed} (found '{url}').", fixed=fixed, url=url)
        return None
    return fixed


def _tally_url(url, parts, local, node, ctx) -> str | None:
    host = parts.hostname or ""
    match = re.match(r"^/(?:r|embed|forms)/([A-Za-z0-9]+)(?:/edit)?/?$", parts.path)
    if (host not in SERVICE_HOSTS["tally"] and not local) or match is None:
        ctx.error(
            node,
            "a Tally 'url' is the form's share link, like https://tally.so/r/FORM_ID (found '{url}'); "
            "copy it from the form's Share page on tally.so.",
            url=url,
        )
        return None
    fixed = f"{urls.origin(parts)}/r/{match.group(1)}"
    if url != fixed:
        ctx.error(node, "write the form's share link exactly, url: {fixed} (found '{url}').", fixed=fixed, url=url)
        return None
    return fixed


def _read_fields(section: Node, entries, provider: str, codes: bool, ctx) -> dict:
    google = provider == "google_forms"
    example = "fields: {poster: entry.111, token: entry.222}" if google else "fields: {poster: poster, token: token}"
    if "fields" not in entries:
        ctx.error(
            section,
            "the vote has no 'fields': the names under which the form receives the poster and the "
            "voter token. Add e.g. {example}",
            example=example,
        )
        return {}
    node = entries["fields"][1]
    if not isinstance(node, MappingNode):
        ctx.error(node, "'fields' must name the form's fields, e.g. {example}", example=example)
        return {}
    fields: dict[str, str] = {}
    for key, knode, vnode in mapping_items(node):
        if key not in FIELD_ROLES:
            ctx.error(
                knode,
                "unknown field '{key}' under vote.fields; the fields are: {names}.{hint}",
                key=key,
                names=", ".join(FIELD_ROLES),
                hint=_suggest(ctx, key, FIELD_ROLES),
            )
            continue
        value = _text(vnode)
        if not value:
            ctx.error(
                vnode,
                "write the name the form uses for '{key}', e.g. {key}: {sample}",
                key=key,
                sample="entry.111" if google else key,
            )
            continue
        if google and not re.fullmatch(r"entry\.\d+", value):
            if re.fullmatch(r"\d+", value):
                ctx.error(
                    vnode,
                    "Google Forms field names start with 'entry.'; write {key}: entry.{value}",
                    key=key,
                    value=value,
                )
            else:
                ctx.error(
                    vnode,
                    "'{value}' is not a Google Forms field name; those look like entry.123456789. "
                    "Find them with 'Get pre-filled link' in the form's menu (see README, Voting).",
                    value=value,
                )
            continue
        if not google and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,63}", value):
            ctx.error(
                vnode,
                "the field name '{value}' may contain only letters, digits, '_', '.' and '-', starting "
                "with a letter (names starting with '_' mean something special to form services).",
                value=value,
            )
            continue
        if value in fields.values():
            ctx.error(vnode, "'{value}' is already used for another field; each field needs its own name.", value=value)
            continue
        fields[key] = value
    for key in ("poster", "token") + (("code",) if codes else ()):
        if key not in fields and not any(k == key for k, _, _ in mapping_items(node)):
            why = {
                "poster": N_("the vote cannot say which poster was chosen without it"),
                "token": N_("the count needs it to keep one vote per browser"),
                "code": N_("'codes: true' asks every voter for a ballot code"),
            }[key]
            ctx.error(
                node,
                "vote.fields has no '{key}' ({why}); add e.g. {key}: {sample}",
                key=key,
                why=ctx.tr(why),
                sample="entry.333" if google else key,
            )
    return fields


def _zone_written(entry) -> Zone | None:
    """The zone a window's edge is written in, where it reads as a moment; else None (reading it tells why)."""
    try:
        return zone_of(parse_moment(_text(entry[1]) or "")) if entry else None
    except MomentError:
        return None


def _read_moment(entry, key: str, zone: Zone, ctx) -> _dt.datetime | None:
    if entry is None:
        return None
    node = entry[1]
    text = _text(node) or ""
    try:
        return parse_moment(text)
    except MomentError as wrong:
        kind, local, written_fixed = wrong.kind, wrong.local, wrong.fixed
    if kind == "format":
        ctx.error(
            node,
            "'{key}' must be a date and time with its time zone, e.g. {key}: {example} (found '{value}').",
            key=key,
            example=f"2024-01-30T08:00:00{zone.offset_text}",
            value=text,
        )
    elif kind == "date":
        ctx.error(
            node,
            "'{key}' needs a time and a time zone, not only a date; write e.g. "
            "{key}: {date}T08:00:00{offset} for 08.00 {zone}.",
            key=key,
            date=text,
            offset=zone.offset_text,
            zone=zone.name,
        )
    elif kind == "zone":
        assert local is not None  # a moment without a zone has its local time
        ctx.error(
            node,
            "'{key}' has no time zone, so it could mean different moments; add it at the end: "
            "{key}: {fixed} for {zone} (WIB is +07:00, WITA +08:00, WIT +09:00).",
            key=key,
            fixed=local.isoformat(timespec="seconds") + zone.offset_text,
            zone=zone.name,
        )
    elif kind == "dots":
        assert written_fixed is not None  # the text with colons
        fixed = written_fixed
        try:
            parse_moment(fixed)
        except MomentError as still:
            fixed += zone.offset_text if still.kind == "zone" else ""
        ctx.error(
            node,
            "'{key}' writes the time with dots ('{value}'), which is read as another time; write hours, minutes "
            "and seconds with colons: {key}: {fixed}",
            key=key,
            value=text,
            fixed=fixed,
        )
    elif kind == "year":
        ctx.error(
            node,
            "'{key}' is not in a year between {first} and {last} ('{value}'); write the real date and time, or "
            "leave '{key}' out for no limit.",
            key=key,
            value=text,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    else:
        ctx.error(
            node, "'{key}' is not a real date and time ('{value}'); check the day, month and hour.", key=key, value=text
        )
    return None


def _read_zone(entry, ctx) -> Zone:
    if entry is None:
        return WIB
    node = entry[1]
    zone = parse_zone(_text(node) or "")
    if zone is None:
        ctx.error(
            node,
            "'timezone' must be WIB, WITA, WIT or an offset from UTC such as +07:00 (found '{value}').",
            value=_text(node) or "",
        )
        return WIB
    return zone


def usual_columns(provider: str, fields: dict) -> dict[str, tuple[str, ...]]:
    """The headers an export of ``provider`` gives each column (time, poster, token, code), for the form's
    ``fields``."""
    columns = {"time": TIME_COLUMNS[provider]}
    for key in FIELD_ROLES:
        # Google Forms exports name a column after the question's title; the README asks for these titles.
        columns[key] = (key,) if provider == "google_forms" else tuple(dict.fromkeys((fields.get(key, key), key)))
    return columns


def _read_columns(entry, provider: str, fields: dict, ctx) -> dict:
    """Export headers per column: given ones, else the provider's usual ones."""
    columns = usual_columns(provider, fields)
    if entry is None:
        return columns
    node = entry[1]
    if not isinstance(node, MappingNode):
        ctx.error(
            node,
            "'columns' must be a group of lines such as 'poster: Poster pilihan', one for each column "
            "of the export to name: time, poster, token, code.",
        )
        return columns
    for key, knode, vnode in mapping_items(node):
        if key not in COLUMN_ROLES:
            ctx.error(
                knode,
                "unknown column '{key}' under vote.columns; the columns are: {names}.{hint}",
                key=key,
                names=", ".join(COLUMN_ROLES),
                hint=_suggest(ctx, key, COLUMN_ROLES),
            )
            continue
        value = _text(vnode)
        if not value:
            ctx.error(vnode, "write the header of the export's '{key}' column as it appears in the first row.", key=key)
            continue
        columns[key] = (value,)
    return columns


# ---------------------------------------------------------- dates shown ---


def window_text(vote: VoteSettings, tr, *, past: bool = False) -> str:
    """One sentence saying when voting is open (``past``: was open, as the results page says it), in the vote's
    time zone. Without ``past`` it is in no tense: the pages that show it are built before voting and still read
    after it ("Voting is open from ..." stood under "Voting has closed")."""
    zone = vote.zone.tzinfo
    if vote.opens and vote.closes:
        a, b = vote.opens.astimezone(zone), vote.closes.astimezone(zone)
        closes = tr.moment_text(b, zone, with_date=a.date() != b.date())  # on the same day: the time alone
        sentence = N_("Voting was open from {opens} to {closes}.") if past else N_("Voting: from {opens} to {closes}.")
        return tr(sentence, opens=tr.moment_text(a, zone), closes=closes)
    if vote.opens:
        return tr(
            N_("Voting opened {opens}.") if past else N_("Voting: from {opens}."),
            opens=tr.moment_text(vote.opens, zone),
        )
    if vote.closes:
        return tr(
            N_("Voting closed {closes}.") if past else N_("Voting: until {closes}."),
            closes=tr.moment_text(vote.closes, zone),
        )
    return ""


# ------------------------------------------------------------- the pages ---


def epoch_ms(moment: _dt.datetime | None) -> int | None:
    """A window's edge as the page's JSON holds it (milliseconds since 1970, as JavaScript counts), or None."""
    return None if moment is None else int(moment.timestamp() * 1000)


def client_config(vote: VoteSettings, tr) -> dict:
    """What vote.js needs, written into the page as JSON: where to send, field names, window, words."""
    config = {
        "provider": vote.provider,
        "action": vote.url,
        "fields": vote.fields,
        "opens": epoch_ms(vote.opens),
        "closes": epoch_ms(vote.closes),
        # How long after 'closes' the count takes a vote as sent in time: a vote made before closing still goes.
        "lateMs": int(LATE_ARRIVAL.total_seconds() * 1000),
        "codes": vote.codes,
        "ballot": vote.ballot,
        # The rules the page shares with the count (codes.py, TOKEN_PATTERN): written here, read there.
        "alphabet": ballot_codes.ALPHABET,
        "codeLength": ballot_codes.LENGTH,
        "codeSeparators": ballot_codes.SEPARATORS.pattern,
        "tokenPattern": TOKEN_PATTERN.pattern,
        "signInPath": SIGN_IN_PATH.pattern,
    }
    if vote.provider == "google_forms":
        config["prefilled"] = vote.prefilled_url()
    if vote.provider == "tally":
        share, embed, origin = vote.tally_urls()
        config.update(tallyOpen=share, tallyEmbed=embed, tallyOrigin=origin, embed=vote.embed)
    texts = {key: tr(text) for key, text in SCRIPT_WORDS.items()}
    # vote.js fills in how many posters the search finds, in the ".one" form for exactly one.
    found = tr.plural_forms("{count} poster matches", "{count} posters match")
    texts["search.count"], texts["search.count.one"] = found.other, found.one
    if vote.opens:
        texts["before"] = tr(
            "Voting has not started yet. It opens {opens}.", opens=tr.moment_text(vote.opens, vote.zone.tzinfo)
        )
    if vote.closes:
        texts["after"] = tr(
            "Voting has closed ({closes}). Thank you for taking part.",
            closes=tr.moment_text(vote.closes, vote.zone.tzinfo),
        )
    config["text"] = texts
    return config


# The words vote.js shows, by the name it knows them by.
SCRIPT_WORDS = {
    "sending": N_("Sending your vote…"),
    "sent": N_("Thank you! Your vote has been sent."),
    "sent.forgotten": N_(
        "This browser does not let the site remember your vote (its storage is off or full), so the site's other "
        "pages do not know of it and would take another: vote only once."
    ),
    # A refusal (400, 403, 422: a form switched off, a vote its checks turn down) comes over a working connection,
    # and the same vote is refused again until the committee mends the form.
    "failed": N_("Your vote was not sent: {reason}. Please tell the committee; once the form is fixed, try again."),
    "failed.other": N_(
        "Your vote for “{title}” was not sent: {reason}. Please tell the committee; once the form is fixed, try again."
    ),
    "queued": N_("Your vote is saved on this phone and will be sent when you are back online."),
    "queued.busy": N_(
        "The form service cannot take your vote just now ({reason}). It is saved on this phone and sent again by "
        "itself: in a moment while this page stays open, or when a page of the gallery is opened again."
    ),
    "queued.page": N_(
        "Your vote is not sent yet, and this browser does not let the site keep it on the phone. Keep this "
        "page open: it sends the vote by itself as soon as it can."
    ),
    "queued.other": N_(
        "A vote made on this phone with another ballot code is still waiting to be sent. Keep this page open "
        "and send yours once that one has gone."
    ),
    "queued.tried": N_(
        "Your vote for “{title}” was already sent from this phone, and the form service has not confirmed it, so "
        "it may already have arrived, and only the first vote counts. It stays on this phone and is sent again by "
        "itself until the form service confirms it."
    ),
    "late": N_("Your vote for “{title}” could not be sent in time: voting closed before it could be sent."),
    "late.tried": N_(
        "Your vote for “{title}” was sent before voting closed, but the form service never confirmed it: it counts "
        "if it arrived. Voting has closed, so it is not sent again."
    ),
    "replaced": N_(
        "The vote has changed since this page was opened (its form, or when it opens or closes). Reload the page "
        "to vote; a vote waiting on this phone is then sent as the new page says."
    ),
    "reload": N_("Reload the page"),
    "retry": N_("Try again"),
    "prefilled": N_("Or open the form already filled in and send it from there"),
    "chosen": N_("You voted for: {title}"),
    "again": N_(
        "You already voted for “{title}” from this browser. Only the first choice from this browser "
        "counts. Send anyway?"
    ),
    "again.code": N_("This code was already used to vote for “{title}”. Only the first vote counts. Send anyway?"),
    "again.yes": N_("Yes, send"),
    "again.no": N_("Cancel"),
    "pick": N_("Choose a poster first."),
    "code.missing": N_("Enter your ballot code first."),
    "code.invalid": N_("This ballot code is not valid; check its letters and digits again."),
    "search.none": N_("No poster matches."),
    "reason.status": N_("the form service answered {status}"),
    "reason.said": N_("the form service turned it down"),
    "reason.page": N_("it was sent on to a sign-in page instead of being taken"),
    "tally.opened": N_("The form opened in a new tab; send your vote there."),
    "tally.newtab": N_("Open the form in a new tab"),
    "tally.title": N_("Voting form"),
    "tally.sent": N_("Thank you! Your form has been sent."),
    "chosen.here": N_("Your vote"),
}


@dataclass
class VoteGroup:
    """One ballot on the vote page: all posters, or the posters of one role when voting per role."""

    scope: str  # "all" or a role
    heading: str
    posters: list[Poster]


@dataclass(frozen=True)
class VoteSlot:
    """What every page with a vote button needs: the settings, the client's configuration, the window."""

    settings: VoteSettings
    config: Markup  # the JSON for vote.js, escaped for an attribute
    window: str  # when voting is open, in the vote's zone; "" when always open


def vote_slot(vote: VoteSettings | None, tr) -> VoteSlot | None:
    """The vote slot of the site's pages (None without a vote section: no buttons, no vote page)."""
    if vote is None:
        return None
    return VoteSlot(vote, html_text(_attribute_json(client_config(vote, tr))), window_text(vote, tr))


def _attribute_json(value: dict) -> str:
    """JSON for a data attribute: sorted keys (stable output); escaped by the template like any text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def vote_pages(site) -> Pages:
    """The ``vote/index.md`` page, or nothing when the site has no vote section."""
    slot = site.vote
    if slot is None:
        return Pages()
    vote = slot.settings
    if vote.per_role:
        groups = [VoteGroup(f.slug, f.label, list(f.posters)) for f in site.roles if f.posters]
    else:
        groups = [VoteGroup("all", "", list(site.posters))]
    meta = {
        "title": site.tr("Vote for your favourite poster"),
        "description": site.tr("Vote for your favourite poster from your phone."),
        "hide": ["navigation", "toc"],
    }
    searches = {p.slug: search_text(p, site.role_label(p.role)) for p in site.posters}
    text = PageRenderer(site).render_page(
        "vote.html.j2",
        meta,
        here=HERE,
        vote=vote,
        groups=groups,
        searches=searches,
        config=slot.config,
        window=slot.window,
        privacy=privacy_text(vote, site.tr),
    )
    return Pages([PageFile(HERE + "index.md", text)])


FEATURE = Feature("vote", (HERE,), vote_pages)


def privacy_text(vote: VoteSettings, tr) -> str:
    if vote.codes:
        sent = tr(
            "the poster you chose, the ballot code from your card, and a random code made by this browser (a token)."
        )
    else:
        sent = tr(
            "the poster you chose and a random code made by this browser (a token), so that only the first "
            "choice from this browser counts."
        )
    return tr(
        "What is sent: {sent} It goes to {service}, the form service the committee uses; this site itself "
        "stores nothing. You do not need to give your name. This browser remembers your vote so that it can "
        "show it to you again, and keeps a vote that could not be sent yet to send it later.",
        sent=sent,
        service=vote.service_name,
    )


def search_text(poster: Poster, role_label: str) -> str:
    """What the vote page's search looks in, lower-case: title, authors, centre, role, programme, tags."""
    parts = [poster.title, *poster.authors, poster.center, role_label, poster.program, *poster.tags]
    return " ".join(p for p in parts if p).lower()

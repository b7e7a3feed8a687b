"""``vote setup``: from the form's link to the vote section of mkdocs.yml.

The committee has a link to its form; the vote section needs the address votes are posted
to and the names the form receives them under, which Google shows nowhere in its interface.
``find_form`` reads them from the form's public page (``formpages``): for Google Forms the
questions titled ``poster``, ``token`` and ``code`` (case and spaces do not matter), for
Tally the hidden fields of those names.

``edit_vote_section`` writes them into mkdocs.yml in place. It changes only the lines of
``provider``, ``url``, ``fields`` and ``codes`` inside ``extra.gallery.vote`` (found through
the YAML node marks), keeps every other line of the file byte for byte (the vote's
``opens``/``closes``, comments, line endings), and adds the section under ``extra.gallery``
when there is none.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode

from postergallery import urls
from postergallery.commands.formpages import PageUnreadable, read_google_form, read_tally_form
from postergallery.commands.formservice import Origins, open_page
from postergallery.commands.votedoctor import (
    GOOGLE_STOPS,
    TALLY_HOSTS,
    Check,
    google_form_checks,
    google_refusal,
    read_page,
    refusal_check,
)
from postergallery.features.vote import FIELD_ROLES
from postergallery.i18n import N_, TemplateError
from postergallery.readers import plain_value
from postergallery.stages.writer import atomic_write_bytes
from postergallery.yamlsource import YamlRefused, compose, is_null, mapping_items

GOOGLE_PAGE_HOSTS = frozenset({"docs.google.com", "forms.gle", "goo.gl"})
MANAGED = ("provider", "url", "fields", "codes")  # the vote settings setup writes; the others are kept
BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks: the node marks count lines by these


class SetupRefused(Exception):
    """Nothing can be written: ``lines`` say why and what to do (already translated)."""

    def __init__(self, lines: list[str]):
        super().__init__(lines[0] if lines else "")
        self.lines = lines


@dataclass(frozen=True)
class Found:
    """What the form's page says the vote section should hold."""

    provider: str
    url: str  # the real address for mkdocs.yml (never a stand-in's)
    fields: dict  # role -> the name the form receives it under
    page: str  # the page that was read
    title: str = ""
    checks: list = field(default_factory=list)  # Google: what else in the form would refuse votes

    @property
    def codes(self) -> bool:
        return "code" in self.fields


# ------------------------------------------------------------ reading the form ---


def find_form(link: str, tr, origins: Origins) -> Found:
    """The vote settings of the form behind ``link``; ``SetupRefused`` (or ``Unreachable``) otherwise."""
    link = link.strip()
    parts = urls.split(link)
    if parts is None or not urls.is_web(parts):
        raise SetupRefused(
            [
                tr(
                    "'{link}' is not a web address; give the link to your form, e.g. "
                    "https://forms.gle/... or https://tally.so/r/...",
                    link=link,
                )
            ]
        )
    host = parts.hostname
    if host in ("forms.gle", "goo.gl"):
        return _google(link, tr, origins, editor=False)
    if host == "docs.google.com":
        match = re.match(r"^/forms(?:/u/\d+)?/d/(e/)?([A-Za-z0-9_-]{10,200})(?:/|$)", parts.path)
        if match is None:
            raise SetupRefused([tr("'{link}' is not a Google Form's link.", link=link), _google_manual(tr)])
        published, form_id = match.groups()
        if published:
            return _google(f"https://docs.google.com/forms/d/e/{form_id}/viewform", tr, origins, editor=False)
        # The editor's address: Google shows the form to voters under the editor's id too, and the page
        # carries the published id the votes go to.
        return _google(f"https://docs.google.com/forms/d/{form_id}/viewform", tr, origins, editor=True)
    if host in TALLY_HOSTS:
        match = re.match(r"^/(?:r|embed|forms)/([A-Za-z0-9]+)(?:/|$)", parts.path)
        if match is None:
            raise SetupRefused(
                [
                    tr(
                        "'{link}' is not a Tally form's link; copy it from the form's Share page, e.g. "
                        "https://tally.so/r/FORM_ID",
                        link=link,
                    ),
                    _tally_manual(tr),
                ]
            )
        return _tally(f"https://tally.so/r/{match.group(1)}", tr, origins)
    if host in ("formspree.io", "www.formspree.io"):
        raise SetupRefused(
            [
                tr(
                    "A Formspree form has no questions to read: write the vote section by hand, with the "
                    "field names you choose (README.md, Voting, Formspree)."
                )
            ]
        )
    raise SetupRefused(
        [
            tr(
                "'{link}' is neither a Google Forms nor a Tally link. vote setup reads those two; for "
                "another service write the vote section by hand (README.md, Voting).",
                link=link,
            )
        ]
    )


def _google(page: str, tr, origins: Origins, *, editor: bool) -> Found:
    answer = open_page(page, origins, GOOGLE_PAGE_HOSTS, stop_paths=GOOGLE_STOPS)
    editor_help = (
        tr(
            "To get the voters' link: in the form editor press Publish (Responders: 'Anyone with the "
            "link'), copy the responder link, and run this command with it."
        )
        if editor
        else ""
    )
    kind = google_refusal(answer)
    if kind:
        refused = refusal_check(kind, answer, tr)
        raise SetupRefused([line for line in (refused.text, refused.fix, editor_help) if line])
    if answer.status != 200:
        raise SetupRefused(
            [
                line
                for line in (
                    tr(
                        "Google answered {status} for {url} instead of showing the form: the link is wrong, the form was "
                        "deleted, or it is not published.",
                        status=answer.status,
                        url=answer.url,
                    ),
                    editor_help,
                    _google_manual(tr),
                )
                if line
            ]
        )
    try:
        form = read_page(answer, read_google_form)
    except PageUnreadable as exc:
        raise SetupRefused(
            [tr("The form's page could not be read: {reason}.", reason=exc.text(tr)), _google_manual(tr)]
        ) from None
    match = re.match(r"^/forms(?:/u/\d+)?/d/e/([A-Za-z0-9_-]{10,200})/", urlsplit(answer.url).path)
    published_id = match.group(1) if match else form.published_id
    if not published_id:
        raise SetupRefused(
            [
                line
                for line in (
                    tr("The form's page does not say the address votes are sent to."),
                    editor_help,
                    _google_manual(tr),
                )
                if line
            ]
        )
    fields = {}
    for role in FIELD_ROLES:
        questions = form.titled(role)
        if len(questions) > 1:
            raise SetupRefused(
                [
                    tr(
                        "The form has {count} questions titled '{title}' ({entries}); keep only one, then "
                        "run this command again.",
                        count=len(questions),
                        title=role,
                        entries=", ".join(q.entry for q in questions),
                    )
                ]
            )
        if questions:
            fields[role] = questions[0].entry
        elif role != "code":
            listed = ", ".join(f"'{q.title}' ({q.entry})" for q in form.questions) or tr("none")
            raise SetupRefused(
                [
                    tr(
                        "The form has no question titled '{title}'. Its questions: {questions}.",
                        title=role,
                        questions=listed,
                    ),
                    tr(
                        "Add a Short answer question titled '{title}' (not required), then run this command again.",
                        title=role,
                    ),
                    _google_manual(tr),
                ]
            )
    return Found(
        "google_forms",
        f"https://docs.google.com/forms/d/e/{published_id}/formResponse",
        fields,
        answer.url,
        form.title,
        google_form_checks(form, fields, {}, tr),
    )


def _tally(share: str, tr, origins: Origins) -> Found:
    answer = open_page(share, origins, TALLY_HOSTS)
    if answer.status != 200:
        raise SetupRefused(
            [
                tr(
                    "Tally answered {status} for {url} instead of showing the form: the link is wrong or "
                    "the form is not published.",
                    status=answer.status,
                    url=share,
                ),
                _tally_manual(tr),
            ]
        )
    try:
        form = read_page(answer, read_tally_form)
    except PageUnreadable as exc:
        raise SetupRefused(
            [tr("The form's page could not be read: {reason}.", reason=exc.text(tr)), _tally_manual(tr)]
        ) from None
    fields = {}
    for role in FIELD_ROLES:
        names = [name for name in form.hidden_fields if name.casefold() == role]
        if names:
            fields[role] = names[0]
        elif role != "code":
            listed = ", ".join(form.hidden_fields)
            raise SetupRefused(
                [
                    tr("The form has no hidden field named '{name}'.", name=role)
                    + (" " + tr("Its hidden fields: {names}.", names=listed) if listed else ""),
                    tr(
                        "In the Tally editor type /hidden to add a Hidden fields block with the fields poster and token (and "
                        "code with ballot codes), publish the form, then run this command again."
                    ),
                    _tally_manual(tr),
                ]
            )
    checks = [
        Check(True, tr("{role}: the form has the hidden field '{name}'.", role=role, name=name))
        for role, name in fields.items()
    ]
    return Found("tally", share, fields, share, checks=checks)


def _google_manual(tr) -> str:
    return tr(
        "To write the vote section by hand: in the form editor open ⋮ → Get pre-filled link, answer P to "
        "poster and T to token (C to code), press Get link and copy it; it holds entry.N=P and entry.M=T, so "
        "write fields: {poster: entry.N, token: entry.M}. The url is the form's link with formResponse in "
        "place of viewform (README.md, Voting, Google Forms)."
    )


def _tally_manual(tr) -> str:
    return tr(
        "To write the vote section by hand: the url is the form's share link (https://tally.so/r/FORM_ID) and "
        "fields names its hidden fields, e.g. fields: {poster: poster, token: token} (README.md, Voting, "
        "Tally)."
    )


# --------------------------------------------------------- writing mkdocs.yml ---


@dataclass(frozen=True)
class Edit:
    """mkdocs.yml with the vote section written: the whole ``text``, and ``section`` (its lines, unindented)."""

    text: str
    first_line: int  # 1-based lines of the vote section in the new text
    last_line: int
    section: str


class ConfigRefused(TemplateError):
    """mkdocs.yml cannot be edited safely; ``template``/``params`` say why."""


def read_config(path: Path) -> str:
    """The text of mkdocs.yml (without a byte-order mark); ``ConfigRefused`` when it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigRefused(
            N_(
                "mkdocs.yml is not saved as UTF-8 text; save it again with the UTF-8 encoding, then "
                "run this command again."
            )
        ) from None


def write_vote_section(path: Path, found: Found) -> Edit:
    """Write the vote section into the mkdocs.yml at ``path`` (its byte-order mark and line breaks kept)."""
    data = path.read_bytes()
    edit = edit_vote_section(read_config(path), found)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    atomic_write_bytes(path, bom + edit.text.encode("utf-8"))
    return edit


def fresh_section(found: Found) -> str:
    """The vote section on its own, for a site without a readable mkdocs.yml."""
    return "\n".join(["vote:"] + _block(managed_values(found, False), 2))


def managed_values(found: Found, codes_line: bool) -> dict[str, str]:
    """The YAML text of the settings setup writes (``codes`` only when it is on, or when a line says it)."""
    values = {
        "provider": found.provider,
        "url": found.url,
        "fields": "{" + ", ".join(f"{role}: {_yaml_plain(name)}" for role, name in found.fields.items()) + "}",
    }
    if found.codes or codes_line:
        values["codes"] = "true" if found.codes else "false"
    return values


def _yaml_plain(text: str) -> str:
    return (
        text
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", text)
        else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    )


def codes_asked(text: str) -> bool:
    """Whether the vote section of ``text`` (mkdocs.yml) says ``codes: true``, read even where other settings of the
    section are wrong (check then reads none of it): the demo's placeholder form is one such setting."""
    try:
        root = compose(_normal(text), allow_aliases=True)
    except YamlRefused:
        return False
    vote = _vote_path(root)[2]
    codes = _entry(vote[1], "codes") if vote else None
    return codes is not None and plain_value(codes[1]) is True


def edit_vote_section(text: str, found: Found) -> Edit:
    """``text`` (mkdocs.yml) with the vote section holding ``found``; every other line unchanged."""
    lines = _lines(text)
    try:
        root = compose(_normal(text), allow_aliases=True)
    except YamlRefused as exc:
        raise ConfigRefused(
            N_("mkdocs.yml is not valid YAML at line {line} ({detail}); fix it first, then run this command again."),
            line=exc.line or "?",
            detail=exc.detail or exc.kind,
        ) from None
    newline = _newline(lines)
    extra, gallery, vote = _vote_path(root)
    if vote is not None and isinstance(vote[1], MappingNode) and not vote[1].flow_style:
        lines = _edit_block(lines, vote, found, newline)
    elif vote is not None:
        if not (is_null(vote[1]) or isinstance(vote[1], MappingNode)):
            raise ConfigRefused(
                N_(
                    "extra.gallery.vote in mkdocs.yml (line {line}) is not a group of settings; "
                    "remove that line, then run this command again."
                ),
                line=vote[0].start_mark.line + 1,
            )
        lines = _replace_flow(lines, vote, found, newline, _normal(text))
    elif gallery is not None:
        if not (is_null(gallery[1]) or (isinstance(gallery[1], MappingNode) and not gallery[1].flow_style)):
            raise ConfigRefused(
                N_(
                    "extra.gallery in mkdocs.yml (line {line}) is written on one line; write its "
                    "settings one per line, then run this command again."
                ),
                line=gallery[0].start_mark.line + 1,
            )
        lines = _insert_under(lines, gallery, ["vote:"] + _block(managed_values(found, False), 2), newline)
    elif extra is not None:
        if not (is_null(extra[1]) or (isinstance(extra[1], MappingNode) and not extra[1].flow_style)):
            raise ConfigRefused(
                N_(
                    "extra in mkdocs.yml (line {line}) is written on one line; write its settings one "
                    "per line, then run this command again."
                ),
                line=extra[0].start_mark.line + 1,
            )
        lines = _insert_under(lines, extra, ["gallery:", "  vote:"] + _block(managed_values(found, False), 4), newline)
    else:
        if lines and not _ending(lines[-1], ""):
            lines[-1] += newline
        lines += [
            line + newline for line in ["extra:", "  gallery:", "    vote:"] + _block(managed_values(found, False), 6)
        ]
    new_text = "".join(lines)
    return _located(new_text, found)


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their own line breaks, split where YAML sees a line break."""
    out, start = [], 0
    for match in BREAK.finditer(text):
        out.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _newline(lines: list[str]) -> str:
    for line in lines:
        match = BREAK.search(line)
        if match:
            return match.group()
    return "\n"


def _ending(line: str, default: str) -> str:
    """The line break ``line`` ends with, or ``default`` when it has none (the last line of a file)."""
    match = BREAK.search(line)
    return match.group() if match else default


def _content(line: str) -> str:
    return BREAK.sub("", line)


def _indent(line: str) -> int | None:
    """The indentation of a line with content (comments count), None for a blank line."""
    body = _content(line)
    stripped = body.lstrip(" ")
    return None if not stripped.strip() else len(body) - len(stripped)


def _vote_path(root):
    """The entries (key and value nodes, or None) ``extra``, ``extra.gallery`` and ``extra.gallery.vote`` of
    mkdocs.yml's nodes."""
    extra = _entry(root, "extra")
    gallery = _entry(extra[1], "gallery") if extra else None
    return extra, gallery, _entry(gallery[1], "vote") if gallery else None


def _entry(mapping: Node, key: str):
    """The entry ``key`` of ``mapping``: the last, where it is written twice, as MkDocs and the gallery read it (an
    edit of the first would go where nothing reads it)."""
    if not isinstance(mapping, MappingNode):
        return None
    found = None
    for name, knode, vnode in mapping_items(mapping):
        if name == key:
            found = knode, vnode
    return found


def _span_end(lines: list[str], first: int, column: int, limit: int | None = None) -> int:
    """The last line (0-based) of the entry whose key is on line ``first`` at ``column``: the lines after it that
    are indented deeper, without the blank lines at the end."""
    last = first
    end = len(lines) if limit is None else limit + 1
    for index in range(first + 1, end):
        indent = _indent(lines[index])
        if indent is None:
            continue
        if indent <= column:
            break
        last = index
    return last


def _block(values: dict[str, str], indent: int) -> list[str]:
    return [" " * indent + f"{key}: {value}" for key, value in values.items()]


def _edit_block(lines: list[str], vote, found: Found, newline: str) -> list[str]:
    """Rewrite provider/url/fields/codes inside a block-style vote section, in place."""
    key_node, section = vote
    section_end = _span_end(lines, key_node.start_mark.line, key_node.start_mark.column)
    items = mapping_items(section)
    column = items[0][1].start_mark.column if items else key_node.start_mark.column + 2
    spans = {}
    for name, knode, vnode in items:
        if name in MANAGED and name not in spans:
            first = knode.start_mark.line
            last = _span_end(lines, first, knode.start_mark.column, section_end)
            spans[name] = (first, last, vnode)
    values = managed_values(found, "codes" in spans)
    replacements: dict[int, tuple[int, list[str]]] = {}  # first line -> (last line, new lines)
    insert_after: dict[int, list[str]] = {}
    anchor = key_node.start_mark.line if not spans else min(first for first, _, _ in spans.values()) - 1
    for name in MANAGED:
        if name not in values:
            continue
        line = " " * column + f"{name}: {values[name]}"
        if name in spans:
            first, last, vnode = spans[name]
            replacements[first] = (
                last,
                [line + _kept_comment(lines, first, last, vnode) + _ending(lines[last], newline)],
            )
            anchor = last
        else:
            insert_after.setdefault(anchor, []).append(line + newline)
    out = []
    index = 0
    while index < len(lines):
        if index in replacements:
            last, new = replacements[index]
            out.extend(new)
            index = last + 1
            tail = last
        else:
            out.append(lines[index])
            tail = index
            index += 1
        if tail in insert_after:
            if out and not _ending(out[-1], ""):
                out[-1] += newline
            out.extend(insert_after.pop(tail))
    return out


def _kept_comment(lines: list[str], first: int, last: int, vnode: Node) -> str:
    """A comment after a one-line value (``provider: google_forms   # google_forms | tally``), to keep it."""
    if first != last or vnode.end_mark.line != first:
        return ""
    rest = _content(lines[first])[vnode.end_mark.column :]
    return rest if re.match(r"\s+#", rest) else ""


def _replace_flow(lines: list[str], vote, found: Found, newline: str, normal: str) -> list[str]:
    """An empty or one-line vote section becomes a block, its other settings kept as they were written."""
    key_node, section = vote
    first = key_node.start_mark.line
    last = _span_end(lines, first, key_node.start_mark.column)
    column = key_node.start_mark.column
    kept = []
    if isinstance(section, MappingNode):
        for name, _knode, vnode in mapping_items(section):
            if name not in MANAGED:
                source = " ".join(
                    part.strip() for part in normal[vnode.start_mark.index : vnode.end_mark.index].split("\n")
                )
                kept.append(" " * (column + 2) + f"{name}: {source}")
    head = _content(lines[first])[: key_node.end_mark.column]
    block = [head + ":"] + _block(managed_values(found, False), column + 2) + kept
    endings = [newline] * (len(block) - 1) + [_ending(lines[last], newline)]
    return lines[:first] + [line + end for line, end in zip(block, endings)] + lines[last + 1 :]


def _insert_under(lines: list[str], parent, new: list[str], newline: str) -> list[str]:
    """``new`` (indented relative to the children of ``parent``) added as the last entry of ``parent``."""
    key_node, mapping = parent
    items = mapping_items(mapping) if isinstance(mapping, MappingNode) else []
    column = items[0][1].start_mark.column if items else key_node.start_mark.column + 2
    last = _span_end(lines, key_node.start_mark.line, key_node.start_mark.column)
    added = [" " * column + line + newline for line in new]
    head = lines[: last + 1]
    if head and not _ending(head[-1], ""):
        head[-1] += newline
    return head + added + lines[last + 1 :]


UNSAFE_EDIT = N_(
    "the vote section could not be written into mkdocs.yml safely; write it by hand (the lines printed above)."
)


def _located(text: str, found: Found) -> Edit:
    """The edit, checked by reading it back: the section must hold what was written."""
    try:
        root = compose(_normal(text), allow_aliases=True)
    except YamlRefused:  # e.g. a line rewritten held an &anchor that another line refers to
        raise ConfigRefused(UNSAFE_EDIT) from None
    extra = _entry(root, "extra")
    gallery = _entry(extra[1], "gallery") if extra else None
    vote = _entry(gallery[1], "vote") if gallery else None
    section = vote[1] if vote else None
    values = {name: vnode for name, _, vnode in mapping_items(section)} if isinstance(section, MappingNode) else {}
    written = {name: _scalar(values.get(name)) for name in ("provider", "url")}
    fields = values.get("fields")
    written_fields = (
        {name: _scalar(vnode) for name, _, vnode in mapping_items(fields)} if isinstance(fields, MappingNode) else {}
    )
    if written != {"provider": found.provider, "url": found.url} or written_fields != found.fields:
        raise ConfigRefused(UNSAFE_EDIT)
    assert vote is not None  # else nothing was read back, refused above
    lines = _lines(text)
    first = vote[0].start_mark.line
    last = _span_end(lines, first, vote[0].start_mark.column)
    column = vote[0].start_mark.column
    section_text = "\n".join(
        _content(line)[column:] if _content(line)[:column].strip() == "" else _content(line)
        for line in lines[first : last + 1]
    )
    return Edit(text, first + 1, last + 1, section_text)


def _scalar(node) -> str | None:
    return str(node.value) if isinstance(node, ScalarNode) else None

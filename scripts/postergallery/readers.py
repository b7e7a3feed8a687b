"""Reading groups of settings from ``mkdocs.yml``: one reader per kind of value, each reporting its own mistakes.

Every settings section (``extra.gallery`` itself, ``vote``, ``kiosk``) reads its values with these, so a
number out of range, a text where a group is expected or an unknown name is said the same way
everywhere, with its line and column, and reading goes on to find every other mistake.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from postergallery.i18n import N_, Translator
from postergallery.model import Problem
from postergallery.yamlsource import OpaqueTag, mapping_items, scalar_value, to_python, where


class SettingsContext:
    """Reporting helper: problems in ``mkdocs.yml`` with their line and column."""

    def __init__(self, path: str, tr: Translator, root: Path):
        self.path = path
        self.tr = tr
        self.root = root
        self.problems: list[Problem] = []

    def error(self, node: Node | None, message: str, **params) -> None:
        self._add(node, self.tr(message, **params), "error")

    def warning(self, node: Node | None, message: str, **params) -> None:
        self._add(node, self.tr(message, **params), "warning")

    def _add(self, node: Node | None, text: str, severity: str) -> None:
        line = col = None
        if node is not None:
            w = where(node)
            line, col = w.line, w.col
        self.problems.append(Problem(self.path, line, col, text, severity))


def _resolve_env(node: Node):
    """The value of an ``!ENV`` node (``!ENV NAME`` or ``!ENV [NAME, ..., default]``)."""
    if isinstance(node, ScalarNode):
        return os.environ.get(node.value)
    if isinstance(node, SequenceNode):
        names = [n.value for n in node.value if isinstance(n, ScalarNode)]
        for name in names[:-1]:
            if name in os.environ:
                return os.environ[name]
        if names:
            last = node.value[-1]
            return os.environ.get(names[-1], scalar_value(last) if len(names) > 1 else None)
    return None


def plain_value(node: Node):
    """A setting's value as Python data, with ``!ENV`` resolved; other tags stay opaque, never run."""
    if node.tag == "!ENV":
        return _resolve_env(node)
    return to_python(node)


def read_text(limit: int = 2000):
    def read(node: Node, ctx: SettingsContext):
        value = plain_value(node)
        if value is None:
            return ""
        if isinstance(value, (dict, list, OpaqueTag)):
            ctx.error(node, "this setting must be a text.")
            return None
        text = str(value).strip()
        if len(text) > limit:
            ctx.error(
                node, "this text is {count} characters long; at most {limit} are allowed.", count=len(text), limit=limit
            )
            return None
        return text

    return read


def read_bool(node: Node, ctx: SettingsContext):
    value = plain_value(node)
    if isinstance(value, bool):
        return value
    ctx.error(node, "this setting must be true or false.")
    return None


def read_number(minimum: float, maximum: float, integer: bool = False):
    def read(node: Node, ctx: SettingsContext):
        value = plain_value(node)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            kind = N_("a whole number") if integer else N_("a number")
            ctx.error(
                node,
                "this setting must be {kind} between {minimum} and {maximum}.",
                kind=ctx.tr(kind),
                minimum=minimum,
                maximum=maximum,
            )
            return None
        if not minimum <= value <= maximum:
            ctx.error(
                node,
                "{value} is out of range; use a value between {minimum} and {maximum}.",
                value=value,
                minimum=minimum,
                maximum=maximum,
            )
            return None
        return value

    return read


def read_choice(choices: tuple[str, ...]):
    """A reader of one word out of ``choices`` (case does not matter)."""

    def read(node: Node, ctx: SettingsContext):
        # The words as written: `none` is not YAML's null, but `false` would be read as a boolean.
        value = node.value if isinstance(node, ScalarNode) and node.tag != "!ENV" else plain_value(node)
        if not isinstance(value, str):
            ctx.error(node, "this setting must be one of: {choices}.", choices=", ".join(choices))
            return None
        text = value.strip().lower()
        if text in choices:
            return text
        close = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
        hint = ctx.tr(" Did you mean '{target}'?", target=close[0]) if close else ""
        ctx.error(
            node,
            "'{value}' is not one of the values this setting takes: {choices}.{hint}",
            value=value,
            choices=", ".join(choices),
            hint=hint,
        )
        return None

    return read


def read_folder(node: Node, ctx: SettingsContext):
    value = read_text(300)(node, ctx)
    if value is None:
        return None
    if not value or os.path.isabs(value) or ".." in Path(value).parts or "\\" in value:
        ctx.error(
            node,
            "use a folder inside the project, written relative to mkdocs.yml, e.g. posters ('{value}' is not allowed).",
            value=value,
        )
        return None
    return value.strip("/")


def entries_by_name(node) -> dict[str, tuple[Node, Node]]:
    """A mapping's (key node, value node) pairs by key; {} for anything else."""
    if not isinstance(node, MappingNode):
        return {}
    return {key: (k, v) for key, k, v in mapping_items(node)}


def section_entries(node: MappingNode, ctx: SettingsContext, where: str, known) -> dict[str, tuple[Node, Node]]:
    """The entries of a group of settings by name (``where`` names the group, e.g. ``extra.gallery.kiosk``).

    A name given twice, or one not in ``known``, is reported (with a suggestion) and left out.
    """
    known = list(known)
    entries: dict[str, tuple[Node, Node]] = {}
    for key, knode, vnode in mapping_items(node):
        if key in entries:
            ctx.error(knode, "the setting '{key}' appears twice under {where}; keep only one.", key=key, where=where)
        elif key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = (
                ctx.tr(" Did you mean '{target}'?", target=close[0])
                if close
                else ctx.tr(" The known settings are: {names}.", names=", ".join(known))
            )
            ctx.error(knode, "unknown setting '{key}' under {where}.{hint}", key=key, where=where, hint=hint)
        else:
            entries[key] = (knode, vnode)
    return entries

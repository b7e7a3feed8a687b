"""Read YAML the careful way: keep line numbers, bound the work, run nothing.

The committee writes ``poster.yml`` by hand, often in the GitHub web editor,
so every problem must point at a line. We therefore validate the *node
graph* (which carries marks) rather than plain Python values.

Safety: only PyYAML's safe machinery is used; nesting depth, document size
and alias expansion are bounded before anything is built, so a hostile
file (an alias "billion laughs" bomb, ten thousand nested brackets) is
refused quickly with a message instead of eating memory or the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from postergallery.i18n import N_

MAX_DEPTH = 32


class YamlRefused(Exception):
    """The text is not acceptable YAML; ``line``/``col`` are 1-based."""

    def __init__(self, kind: str, line: int | None, col: int | None, detail: str = ""):
        super().__init__(kind)
        self.kind = kind  # "syntax", "alias", "depth", "expansion", "encoding", "document", "tag", "surrogate"
        self.line = line
        self.col = col
        self.detail = detail


@dataclass(frozen=True)
class Where:
    line: int
    col: int


def where(node: Node) -> Where:
    return Where(node.start_mark.line + 1, node.start_mark.column + 1)


# How the documents of word processors start: Word's .docx (a zip), Word 97-2003's .doc (an OLE compound file),
# and RTF (WordPad's and TextEdit's own format).
WORD_PROCESSOR_DOCUMENTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM; CRLF and CR become LF (also CR, NUL, LF: Windows' line end in a file saved as
    UTF-16 without its byte order mark, whose NULs the line checks drop and say once). A word processor's
    document (Word's, or RTF) is refused as one: its bytes are not the text its author sees."""
    if data.startswith(WORD_PROCESSOR_DOCUMENTS):
        raise YamlRefused("document", 1, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlRefused("encoding", line, col) from None
    return text.replace("\r\x00\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that keeps unknown tags (``!!python/name:``, ``!ENV``) as opaque values."""


def _construct_opaque(loader, tag_suffix, node):
    if isinstance(node, ScalarNode):
        return OpaqueTag(node.tag, node.value)
    return OpaqueTag(node.tag, None)


_TolerantLoader.add_multi_constructor("", _construct_opaque)


@dataclass(frozen=True)
class OpaqueTag:
    """A value carrying a tag that safe YAML does not run (kept, never executed)."""

    tag: str
    value: str | None


# libyaml parses a poster file about twenty times faster than PyYAML's pure-Python parser, with the
# same nodes and marks; its error texts differ, so a file it refuses is parsed again by the Python
# parser, whose messages the committee's hints are written for.
_FAST_LOADER = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else None


def compose(text: str, *, allow_aliases: bool, max_nodes: int = 200_000) -> Node | None:
    """Parse ``text`` into a node graph, bounded in depth, aliases and size.

    With ``allow_aliases=False`` any anchor or alias is refused (poster files
    never need them; refusing them closes the alias-bomb door entirely).
    With aliases allowed (``mkdocs.yml`` uses them), the number of nodes
    reachable through aliases is capped at ``max_nodes``.
    """
    node = None
    if _FAST_LOADER is not None:
        try:
            node = _compose_with(_FAST_LOADER, text, allow_aliases)
        except yaml.YAMLError:
            pass  # the Python parser below says what is wrong
    try:
        if node is None:  # no libyaml, a refused file, or an empty one
            node = _compose_with(_TolerantLoader, text, allow_aliases)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise YamlRefused("syntax", line, col, exc.problem or str(exc)) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not accept (a control character): its message gives only a position in the text.
        start = text.rfind("\n", 0, exc.position) + 1
        detail = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        raise YamlRefused("syntax", text.count("\n", 0, exc.position) + 1, exc.position - start + 1, detail) from None
    except yaml.YAMLError as exc:
        raise YamlRefused("syntax", None, None, str(exc)) from None
    if node is not None and allow_aliases:
        _count_nodes(node, max_nodes)
    if node is not None and _SURROGATE.search(text):  # only an escape such as "\\ud83d" makes one
        _refuse_surrogates(node)
    return node


# Half of a character: a double-quoted "\ud83d\ude00" (JSON's way to write 😀) makes two, which no file can hold.
_SURROGATE = re.compile(r"\\[uU]0*[dD][89a-fA-F]")
_HALVES = re.compile("[\ud800-\udfff]+")


# PyYAML's words for what it could not read, as it says them for a poster.yml, translated where they are shown.
_YAML_PROBLEMS = frozenset(
    {
        N_("mapping values are not allowed here"),
        N_("could not find expected ':'"),
        N_("found unexpected end of stream"),
        N_("found character '\\t' that cannot start any token"),
        N_("expected <block end>, but found '?'"),
        N_("expected <block end>, but found '<block sequence start>'"),
        N_("expected <block end>, but found '<block mapping start>'"),
        N_("expected <block end>, but found '<scalar>'"),
    }
)
TAB_PROBLEM = "found character '\\t' that cannot start any token"


def yaml_problem(detail: str, tr) -> str:
    """PyYAML's words for a refusal, in the language of ``tr`` (a Translator): translated when they are one of
    the usual ones; any other is YAML's English, given in English only (the hint after it says what to do)."""
    if detail in _YAML_PROBLEMS:
        return tr(detail)
    return detail if tr.lang == "en" else ""


def refusal_detail(refused: YamlRefused, tr) -> str:
    """What a settings file's refusal says in brackets: PyYAML's words, translated where they are known."""
    return yaml_problem(refused.detail, tr) or refused.detail or refused.kind


def refusal_hint(refused: YamlRefused, tr) -> str:
    """A sentence to add after a settings file's refusal (with its leading space), or ""."""
    return " " + tr("Use spaces, not tabs, to indent lines.") if refused.detail == TAB_PROBLEM else ""


def refusal_message(refused: YamlRefused, file: str, tr) -> tuple[str, dict[str, object]]:
    """What to tell the person who wrote ``file`` (its name as they know it) when it cannot be read: the message,
    untranslated, and its values, some already in the language of ``tr`` (a Translator). The one place that
    words each kind of refusal, for every YAML file the committee writes."""
    if refused.kind == "encoding":
        return (
            N_(
                "{file} is not saved as UTF-8 text, so this character cannot be read. Save the file again with the "
                "UTF-8 encoding (in Notepad: File > Save As > Encoding: UTF-8)."
            ),
            {"file": file},
        )
    if refused.kind == "document":
        return (
            N_(
                "{file} is a word processor's document (Word, WordPad or TextEdit), not plain text, so it cannot be "
                "read. Write the lines again as plain text, in GitHub's editor or in Notepad (on a Mac: TextEdit, "
                "Format > Make Plain Text), and save the file as UTF-8 under the name {file}."
            ),
            {"file": file},
        )
    if refused.kind == "alias":
        return N_("{file} uses a YAML anchor (&) or alias (*); write each value out in full instead."), {"file": file}
    if refused.kind == "surrogate":
        return surrogate_message(refused)
    if refused.kind == "depth":
        return (
            N_(
                "{file} is nested more than {limit} levels deep here, which no setting needs; check the "
                "indentation, and that every [ and {{ has its closing ] or }}."
            ),
            {"file": file, "limit": MAX_DEPTH},
        )
    if refused.kind == "expansion":
        return (
            N_(
                "{file} repeats what its anchors (&) hold through its aliases (*) into far more values than any "
                "settings file needs; write the settings out instead."
            ),
            {"file": file},
        )
    return (
        N_("{file} is not valid YAML here ({detail}); check the indentation and quotes.{hint}"),
        {"file": file, "detail": refusal_detail(refused, tr), "hint": refusal_hint(refused, tr)},
    )


def surrogate_message(refused: YamlRefused) -> tuple[str, dict[str, object]]:
    """The message (untranslated, and its values) for a text refused as halves of a character."""
    if refused.detail:
        return (
            N_(
                "this text writes a character as two escapes such as \\ud83d\\ude00, which a file cannot hold; "
                "write the character itself ({char}) instead."
            ),
            {"char": refused.detail},
        )
    return (
        N_(
            "this text holds an escape such as \\ud800, half of a character, which a file cannot hold; write the "
            "character itself instead."
        ),
        {},
    )


def _refuse_surrogates(root: Node) -> None:
    """Refuses a text holding halves of a character, as YamlRefused("surrogate") whose detail is the character
    they make together ("" when they make none): writing such a text stopped the build with a traceback."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            halves = _HALVES.search(node.value)
            if halves:
                try:
                    whole = halves.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")
                except UnicodeDecodeError:
                    whole = ""
                mark = node.start_mark
                raise YamlRefused("surrogate", mark.line + 1, mark.column + 1, whole)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _compose_with(loader_class, text: str, allow_aliases: bool) -> Node | None:
    # First pass over events: depth and anchors, without building anything.
    # The parser is iterative, so deep nesting cannot overflow the stack here.
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                raise YamlRefused("depth", m.line + 1, m.column + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if not allow_aliases:
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                m = event.start_mark
                raise YamlRefused("alias", m.line + 1, m.column + 1)
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _count_nodes(root: Node, limit: int) -> None:
    """Walk the graph as a consumer would (aliases expanded), stop past ``limit``."""
    stack = [root]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > limit:
            raise YamlRefused("expansion", root.start_mark.line + 1, root.start_mark.column + 1)
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


_SCALAR_LOADER = _TolerantLoader("")  # only its constructor functions are used


def scalar_value(node: ScalarNode):
    """The Python value of a scalar node (str, int, float, bool, None, date).

    A value its tag cannot hold raises ValueError: an impossible date such as
    ``2024-02-30``, or an explicit tag on the wrong text (``!!timestamp " x"``,
    ``!!bool maybe``, ``!!binary ***``), on which PyYAML's constructors fail
    with other exceptions.
    """
    construct = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if construct is None or not node.tag.startswith("tag:yaml.org,2002:"):
        return OpaqueTag(node.tag, node.value)
    # Called directly rather than through construct_object, which would
    # remember every node it has seen for the life of the process.
    try:
        return construct(_SCALAR_LOADER, node)
    except (AttributeError, KeyError, TypeError, IndexError, yaml.YAMLError) as exc:
        raise ValueError(node.value) from exc


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def to_python(node: Node, budget: list[int] | None = None):
    """Plain Python values for a (bounded) node graph; unknown tags stay opaque."""
    if budget is None:
        budget = [200_000]
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlRefused("expansion", node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        try:
            return scalar_value(node)
        except ValueError:
            return node.value
    if isinstance(node, SequenceNode):
        return [to_python(n, budget) for n in node.value]
    if isinstance(node, MappingNode):
        out = {}
        for k, v in node.value:
            key = to_python(k, budget)
            try:
                out[key] = to_python(v, budget)
            except TypeError:  # unhashable key: keep it as text
                out[str(key)] = to_python(v, budget)
        return out
    return None


def mapping_items(node: MappingNode) -> list[tuple[str, ScalarNode, Node]]:
    """(key text, key node, value node) for each entry, in file order."""
    items = []
    for k, v in node.value:
        key = k.value if isinstance(k, ScalarNode) else ""
        items.append((str(key), k, v))
    return items

"""YAML reading: libyaml and PyYAML's Python parser give the same nodes, marks and refusals.

libyaml reads the files (it is much faster); a file it refuses is read again by the Python parser,
whose error texts the committee's hints are written for. These tests run both ways on the same text.
"""

from __future__ import annotations

import pytest
import yaml

from postergallery import yamlsource
from postergallery.yamlsource import YamlRefused, compose

VALID = [
    "title: Las SMAW 3G\nauthors:\n  - Budi Santoso\n  - 'Siti Aminah'\nrole: alumni\ndate: 2024-01-30\n",
    "\ufefftitle: \"Kopi Gayo \\u00e9\"\nsummary: |\n  Dua baris\n  teks ✓ 😀\ntags: [las, 'kopi', {a: b}]\n",
    "links:\n  - {label: Video, url: 'https://example.org/v'}\n  # a comment\nalt: >-\n  folded\n  text\n",
    "a: !!python/name:os.system x\nb: !ENV HOME\nc: !!binary aGVsbG8=\nd: ~\ne: 1.5\nf: no\n",
    "base: &b {x: 1}\nuse: *b\n",  # aliases: allowed in mkdocs.yml
    "",
    "# only a comment\n",
]
REFUSED = [
    ("title: a: b\n", "syntax"),
    ("title: 'not closed\nrole: alumni\n", "syntax"),
    ("authors:\n  - A\n - B\n", "syntax"),
    ("tags: [las\nrole: x\n", "syntax"),
    ("x: " + "[" * 40 + "]" * 40 + "\n", "depth"),
]


def _shape(node):
    """Everything the gallery reads from a node: kind, tag, value and where it starts and ends."""
    if node is None:
        return None
    out = [
        type(node).__name__,
        node.tag,
        node.start_mark.line,
        node.start_mark.column,
        node.end_mark.line,
        node.end_mark.column,
    ]
    if isinstance(node, yaml.ScalarNode):
        return out + [node.value]
    if isinstance(node, yaml.SequenceNode):
        return out + [[_shape(n) for n in node.value]]
    return out + [[(_shape(k), _shape(v)) for k, v in node.value]]


def _both(text, monkeypatch, **options):
    """The result of compose() with libyaml, then with the Python parser alone (node or refusal)."""
    results = []
    for loader in (yaml.CSafeLoader, None):
        monkeypatch.setattr(yamlsource, "_FAST_LOADER", loader)
        try:
            results.append(_shape(compose(text, **options)))
        except YamlRefused as refused:
            results.append((refused.kind, refused.line, refused.col, refused.detail))
    return results


def test_libyaml_is_used_here():
    assert yaml.__with_libyaml__ and yamlsource._FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("text", VALID)
def test_valid_files_give_the_same_nodes_and_marks(text, monkeypatch):
    fast, python = _both(text, monkeypatch, allow_aliases=True)
    assert fast == python


@pytest.mark.parametrize("text,kind", REFUSED)
def test_refused_files_give_the_python_parsers_message(text, kind, monkeypatch):
    fast, python = _both(text, monkeypatch, allow_aliases=False)
    assert fast == python
    if kind:
        assert fast[0] == kind
    if fast[0] == "syntax":  # PyYAML's wording, which the hints in load.py recognise
        with pytest.raises(yaml.MarkedYAMLError) as exc:
            yaml.compose(text, Loader=yaml.SafeLoader)
        assert fast[3] == exc.value.problem


def test_a_tab_inside_a_key_is_read_as_yaml_allows_it():
    """The one difference seen: the Python parser refuses a tab inside a plain key, libyaml reads it as
    YAML allows; the key is then an unknown field, which the checks name with a suggestion."""
    node = compose("a: 1\na\tb: 2\n", allow_aliases=False)
    assert [k.value for k, _ in node.value] == ["a", "a\tb"]


def test_aliases_are_refused_in_poster_files_either_way(monkeypatch):
    fast, python = _both("base: &b {x: 1}\nuse: *b\n", monkeypatch, allow_aliases=False)
    assert fast == python == ("alias", 1, 7, "")


def test_a_control_character_is_refused_with_its_line_and_column(monkeypatch):
    """PyYAML says only "position 21 of <unicode string>" for a character it does not accept."""
    fast, python = _both("title: Las\nrole: alu\x0bmni\n", monkeypatch, allow_aliases=False)
    detail = "unacceptable character #x000b: special characters are not allowed"
    assert fast == python == ("syntax", 2, 10, detail)


def test_halves_of_a_character_are_refused_where_they_are_written():
    """JSON writes 😀 as "\\ud83d\\ude00"; YAML reads that as two halves of a character, which no file can hold."""
    with pytest.raises(YamlRefused) as refused:
        compose('title: ok\nalt: "Las \\ud83d\\ude00"\n', allow_aliases=False)
    assert (refused.value.kind, refused.value.line, refused.value.col, refused.value.detail) == (
        "surrogate",
        2,
        6,
        "😀",
    )
    with pytest.raises(YamlRefused) as refused:
        compose('- "\\ud800"\n', allow_aliases=True)
    assert (refused.value.kind, refused.value.detail) == ("surrogate", "")
    # The character itself, or YAML's own escape for it, is a character.
    for text in ('title: "Las 😀"\n', 'title: "Las \\U0001F600"\n', "title: Las \\ud83d\n"):
        node = compose(text, allow_aliases=False)
        assert node is not None

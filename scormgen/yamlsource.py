"""YAML read with line numbers, so that every problem can point at its line.

PyYAML composes the document into nodes that carry their position; we turn the nodes
into plain ``dict``/``list``/``str`` subclasses that remember their line. Every scalar
stays the text the designer typed (``version: 1.10`` is ``"1.10"``, not ``1.1``);
fields decide what the text means. Empty values and ``~`` are ``None``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

# libyaml's parser when PyYAML was built with it: the same nodes and marks, 15 times
# faster (a course.yml of 1,000 pages: 2 ms instead of 30); a document it refuses is read
# again by PyYAML's own parser, so that the problem said is the same on every machine.
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Text(str):
    """A scalar as typed, with its line."""

    line: int


class Map(dict[str, Any]):
    """A mapping with its line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class Seq(list[Any]):
    """A sequence with its line and the line of each item."""

    line: int
    item_lines: list[int]


def line_of(value: object, default: int | None = None) -> int | None:
    line: int | None = getattr(value, "line", default)
    return line


def parse_yaml(text: str, path: Path, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse one YAML document; return (value, problems).

    ``first_line`` is the line of ``text``'s first line in ``path`` (for YAML embedded
    in a Markdown page). A syntax error is one problem, and the value is then ``None``.
    """
    try:
        try:
            anchored, node = _compose(text, FAST_LOADER)
        except yaml.YAMLError:
            # the same document again in PyYAML's own parser, whose messages we know
            anchored, node = _compose(text, yaml.SafeLoader)
        if anchored is not None:
            return None, [Problem(path, first_line + anchored, "SG107", "YAML anchors and aliases (& and *) "
                                  "are not allowed in a course.", "Write the value out where it is needed.")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        if exc.context_mark is not None and exc.problem_mark is not None \
                and exc.context_mark.line != exc.problem_mark.line:
            what += f" (the construct starts on line {first_line + exc.context_mark.line})"
        return None, [_syntax_problem(text, path, line, line - first_line, what)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises Marked errors for text input
        return None, [Problem(path, first_line, "SG103", f"YAML error: {exc}.", "Fix the YAML syntax.")]
    problems: list[Problem] = []
    if node is None:
        return None, problems
    return _convert(node, path, first_line - 1, problems), problems


def _syntax_problem(text: str, path: Path, line: int, index: int, what: str) -> Problem:
    """SG103 for a syntax error; a tab in the indentation (invisible in most editors, and
    the commonest mistake) is named as such."""
    lines = text.split("\n")
    near = lines[max(0, index - 1):index + 1]
    tabbed = next((i for i, row in enumerate(near) if "\t" in row[:len(row) - len(row.lstrip())]), None)
    if tabbed is not None or "'\\t'" in what:
        where = line - len(near) + 1 + tabbed if tabbed is not None else line
        return Problem(path, where, "SG103", "YAML syntax error: a tab in the indentation.",
                       "Indent with spaces only (YAML does not allow tabs); set your editor to insert spaces.")
    return Problem(path, line, "SG103", f"YAML syntax error: {what}.",
                   "Check the indentation and quoting there (a value containing "
                   "': ' or starting with a quote must be quoted, and quotes closed).")


def _compose(text: str, loader: Any) -> tuple[int | None, yaml.Node | None]:
    """(the line of the first anchor or alias, else None and the document's node)."""
    anchored = _first_anchor(text, loader)
    return (anchored, None) if anchored is not None else (None, yaml.compose(text, Loader=loader))


def _first_anchor(text: str, loader: Any) -> int | None:
    """The line (from 0) of the first anchor or alias, found from the parser's events
    alone: an alias is never expanded, so a "billion laughs" document costs nothing."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return int(event.start_mark.line) if event.start_mark is not None else 0
    return None


def _convert(node: yaml.Node, path: Path, offset: int, problems: list[Problem]) -> Text | Seq | Map | None:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        value = Text(node.value)
        value.line = line
        return value
    if isinstance(node, yaml.SequenceNode):
        seq = Seq(_convert(item, path, offset, problems) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 + offset for item in node.value]
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = Map()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(path, key_line, "SG104", "a key must be plain text.",
                                        "Write the key as a word followed by ':'."))
                continue
            key = key_node.value
            if key in mapping:
                problems.append(Problem(path, key_line, "SG105", f"'{key}' is given twice "
                                        f"(first on line {mapping.key_lines[key]}).",
                                        "Keep one of them."))
                continue
            mapping[key] = _convert(value_node, path, offset, problems)
            mapping.key_lines[key] = key_line
        return mapping
    raise AssertionError(f"unexpected YAML node {node!r}")  # aliases are resolved by compose

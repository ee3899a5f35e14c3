"""Records of a course source declared once, as dataclasses, and read with every problem.

A record (the course, a person, the theme...) is a dataclass whose fields are declared
with ``setting()``: the rule its value follows, its doc, whether it is required, its
default and an example. That one declaration is the schema: ``Reader`` checks a YAML
mapping against it and builds the dataclass, ``docs/course-source.md`` documents it (a
test keeps the two in step), ``scormgen init`` shows it. Nested records and lists of
them are rules too (``Nested``, ``ListOf``), as in mkdocs' config options.

Reading never stops at the first problem: an unknown key (with the nearest known one),
a missing required key, a value of the wrong kind, a duplicate id are each reported
with file, line and a fix, and reading goes on.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import Problem, did_you_mean
from ..yamlsource import Map, Seq, line_of
from .values import Invalid

_MISSING: Any = dataclasses.MISSING


@dataclass
class Located:
    """Where a record was written: its line, and the line of each of its keys."""

    source_line: int | None = field(default=None, kw_only=True, repr=False, compare=False)
    key_lines: dict[str, int] = field(default_factory=dict, kw_only=True, repr=False, compare=False)

    def line_for(self, key: str) -> int | None:
        return self.key_lines.get(key, self.source_line)


class Structured(Protocol):
    """A rule that reads a whole YAML value with the reader (a nested record, a list)."""

    def read(self, reader: Reader, raw: Any, what: str, line: int | None) -> Any: ...


@dataclass(frozen=True)
class Setting:
    """One key of a record: the rule of its value, its doc, and how it is shown."""

    rule: Any
    doc: str
    required: bool = False
    example: str = ""
    key: str | None = None          # the key in the YAML when it is not the field's name


def setting(rule: Any, doc: str, *, required: bool = False, default: Any = _MISSING,
            example: str = "", key: str | None = None) -> Any:
    """A dataclass field that is a key of the record (see the module's docstring)."""
    meta = {"setting": Setting(rule, doc, required, example, key)}
    if required:
        return field(metadata=meta)
    if isinstance(default, list):
        items = list(default)
        return field(default_factory=lambda: list(items), metadata=meta)
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        # a nested record's defaults: a fresh copy each time
        return field(default_factory=lambda: dataclasses.replace(default), metadata=meta)
    return field(default=None if default is _MISSING else default, metadata=meta)


@dataclass(frozen=True)
class Key:
    """A setting with its field's name and its YAML key."""

    name: str
    key: str
    setting: Setting
    default: Any

    @property
    def doc(self) -> str:
        return self.setting.doc


def keys_of(cls: type) -> list[Key]:
    """The keys of a record class, in declaration order."""
    found = []
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("setting")
        if spec is None:
            continue
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        found.append(Key(f.name, spec.key or f.name, spec, default))
    return found


R = TypeVar("R", bound=Located)


@dataclass
class Values:
    """A mapping checked against a record's keys: the values by field name (the default
    where a value is missing or wrong), the lines, and whether every required key is there."""

    values: dict[str, Any]
    key_lines: dict[str, int]
    line: int | None
    complete: bool

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def line_for(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)

    def make(self, cls: type[R], **extra: Any) -> R:
        return cls(**self.values, **extra, source_line=self.line, key_lines=dict(self.key_lines))


class Reader:
    """Reads records from one source file, collecting every problem into ``problems``."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def problem(self, line: int | None, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, code, message, hint))

    def values(self, cls: type, raw: Any, what: str, line: int | None = None) -> Values | None:
        """Check the mapping ``raw`` against the keys of ``cls``; None if it is no mapping."""
        if not isinstance(raw, Map):
            self.problem(line_of(raw, line), "SG110", f"{what} must be a mapping of 'key: value' lines.",
                         "Indent its keys under it, for example 'name: ...'.")
            return None
        keys = keys_of(cls)
        known = {k.key: k for k in keys}
        for name in raw:
            if name not in known:
                self.problem(raw.key_lines[name], "SG111", f"unknown key '{name}' in {what}.",
                             did_you_mean(name, known).strip() or "Known keys: " + ", ".join(known) + ".")
        result = Values({}, dict(raw.key_lines), raw.line, complete=True)
        for k in keys:
            result.values[k.name] = self._value(k, raw, what, result)
        return result

    def _value(self, k: Key, raw: Map, what: str, result: Values) -> Any:
        if k.key not in raw or raw[k.key] is None:
            if k.setting.required:
                doc = k.doc[0].lower() + k.doc[1:].rstrip(".")
                self.problem(raw.line, "SG112", f"{what} has no '{k.key}'.", f"Add '{k.key}:' ({doc}).")
                result.complete = False
            return k.default
        value = raw[k.key]
        rule = k.setting.rule
        if hasattr(rule, "read"):
            read = rule.read(self, value, k.key, raw.key_lines[k.key])
            if read is None and k.setting.required:
                result.complete = False
            return k.default if read is None else read
        try:
            return rule(value)
        except Invalid as exc:
            self.problem(line_of(value, raw.key_lines[k.key]), "SG113", f"'{k.key}' in {what}: {exc.message}",
                         exc.hint)
            if k.setting.required:
                result.complete = False
            return k.default

    def record(self, cls: type[R], raw: Any, what: str, line: int | None = None) -> R | None:
        """The record ``cls`` read from ``raw``, or None when it is incomplete."""
        values = self.values(cls, raw, what, line)
        if values is None or not values.complete:
            return None
        return values.make(cls)

    def items(self, raw: Any, what: str, line: int | None) -> Iterator[tuple[int, Any, int | None]]:
        """(index, item, line) of a YAML list; a problem when ``raw`` is something else."""
        if raw is None:
            return
        if not isinstance(raw, Seq):
            self.problem(line_of(raw, line), "SG114", f"'{what}' must be a list.",
                         "Write each entry on its own line starting with '- '.")
            return
        for index, item in enumerate(raw):
            yield index, item, raw.item_lines[index]


@dataclass(frozen=True)
class Nested:
    """A key whose value is a record of its own (``theme:`` with its keys)."""

    cls: type

    def read(self, reader: Reader, raw: Any, what: str, line: int | None) -> Any:
        return reader.record(self.cls, raw, what, line)


@dataclass(frozen=True)
class Unique:
    """Items of a list must differ in ``attribute``; ``message`` has {value} and {first}."""

    attribute: str
    message: str
    hint: str


@dataclass(frozen=True)
class ListOf:
    """A key whose value is a list of items, each read by ``item`` (a rule or a
    structured rule); ``label`` names an item in messages ({key} and {n} filled in).
    Items with problems are left out; the problems are reported."""

    item: Any
    label: str = "{key} entry {n}"
    unique: Unique | None = None

    def read(self, reader: Reader, raw: Any, what: str, line: int | None) -> list[Any]:
        found: list[Any] = []
        seen: dict[Any, int | None] = {}
        for index, item, item_line in reader.items(raw, what, line):
            label = self.label.format(key=what, n=index + 1)
            value = self._item(reader, item, label, item_line)
            if value is None:
                continue
            if self.unique is not None:
                ident = getattr(value, self.unique.attribute)
                where = value.line_for(self.unique.attribute) if isinstance(value, Located) else item_line
                if ident in seen:
                    reader.problem(where, "SG115", self.unique.message.format(value=ident, first=seen[ident]),
                                   self.unique.hint)
                    continue
                seen[ident] = where
            found.append(value)
        return found

    def _item(self, reader: Reader, item: Any, label: str, line: int | None) -> Any:
        if hasattr(self.item, "read"):
            return self.item.read(reader, item, label, line)
        try:
            return self.item(item)
        except Invalid as exc:
            reader.problem(line_of(item, line), "SG113", f"{label}: {exc.message}", exc.hint)
            return None


__all__ = ["Key", "ListOf", "Located", "Nested", "Reader", "Setting", "Unique", "Values", "keys_of", "setting"]

"""Value rules of course.yml, table-tested: each valid value and each invalid one."""
from __future__ import annotations

from pathlib import Path

import pytest

from scormgen.course import values as config
from scormgen.course.model import RECORDS
from scormgen.course.schema import keys_of
from scormgen.course.values import Invalid
from scormgen.yamlsource import parse_yaml

ROOT = Path(__file__).resolve().parent.parent


def yaml_value(text: str):
    value, problems = parse_yaml(f"v: {text}\n", Path("x.yml"))
    assert problems == []
    return value["v"]


@pytest.mark.parametrize("parser,text,expected", [
    (config.identifier, "welcome", "welcome"),
    (config.identifier, "Obj_1.2-b", "Obj_1.2-b"),
    (config.language, "en", "en"),
    (config.language, "fr-CA", "fr-CA"),
    (config.date, '"2016"', "2016"),
    (config.date, '"2016-09"', "2016-09"),
    (config.date, "2016-09-30", "2016-09-30"),
    (config.text, "1.10", "1.10"),          # a version stays the text typed, never 1.1
    (config.roles, "author", ["author"]),
    (config.roles, "[editor, subject matter expert]", ["editor", "subject matter expert"]),
    (config.text_list, "[a, b]", ["a", "b"]),
])
def test_valid_values(parser, text, expected):
    assert parser(yaml_value(text)) == expected


@pytest.mark.parametrize("parser,text,message", [
    (config.identifier, "1st", "'1st' cannot be used as an identifier."),
    (config.identifier, "two words", "'two words' cannot be used as an identifier."),
    (config.identifier, "caf\u00e9", "'caf\u00e9' cannot be used as an identifier."),
    (config.identifier, "a@b", "'a@b' cannot be used as an identifier."),
    (config.identifier, "x" * 101, f"'{'x' * 101}' cannot be used as an identifier."),
    (config.language, "english", "'english' is not a language code."),
    (config.date, "Sept 2016", "'Sept 2016' is not a date."),
    (config.date, '"2016-00"', "'2016-00' is not a date."),
    (config.text, '""', "is empty."),
    (config.text, "[a]", "must be text, not a list or mapping."),
    (config.roles, "teacher", "'teacher' is not allowed."),
    (config.text_list, "one", "must be a list."),
])
def test_invalid_values(parser, text, message):
    with pytest.raises(Invalid) as info:
        parser(yaml_value(text))
    assert info.value.message == message
    assert info.value.hint


def test_yaml_keeps_lines_of_keys_and_items():
    value, problems = parse_yaml("a: 1\nb:\n  - x\n  - y\n", Path("c.yml"))
    assert problems == []
    assert value.key_lines == {"a": 1, "b": 2}
    assert value["b"].item_lines == [3, 4]
    assert value["a"].line == 1


def test_duplicate_yaml_key_is_a_problem():
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", Path("c.yml"))
    assert [p.format() for p in problems] == [
        "c.yml:3: 'a' is given twice (first on line 1). Keep one of them. [SG105]"]


def test_every_course_field_is_documented():
    doc = (ROOT / "docs" / "course-source.md").read_text(encoding="utf-8")
    keys = [key.key for record in RECORDS for key in keys_of(record)]
    assert len(keys) > 40
    missing = [key for key in keys if f"`{key}`" not in doc]
    assert missing == []


def test_defaults_are_declared_once_in_the_model():
    """The theme's and the completion rule's defaults come from the model's declaration
    (the docs show the same values)."""
    from scormgen.course.model import Completion, Theme
    doc = (ROOT / "docs" / "course-source.md").read_text(encoding="utf-8")
    theme = Theme()
    for name in ("accent", "text", "background", "surface"):
        assert f'| `{name}` | `"{getattr(theme, name)}"` |' in doc
    assert (Completion().pages, Completion().reflections) == ("all", "all")

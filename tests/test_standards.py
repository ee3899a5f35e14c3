"""The SCORM data models in scormgen/standards/: what they say, that the
runtime's and the preview's tables agree with them, and that no other file of the
package holds a data-model limit of its own."""
from __future__ import annotations

import fnmatch
import json
import re

import pytest

from conftest import ROOT
from scormgen.course import load_course
from scormgen.render import Renderer
from scormgen.standards.datamodel import (
    DATA_MODELS,
    element_limit,
    local_limits,
    runtime_table,
    strict_model,
    suspend_limit,
)
from scormgen.targets import TARGETS

SCORM_TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th"]


# --- what the standards say ---------------------------------------------------------------

def test_suspend_limits_of_each_target():
    assert suspend_limit("scorm12") == (4096, 0)
    assert suspend_limit("scorm2004-3rd") == (4000, 0)
    assert suspend_limit("scorm2004-4th") == (64000, 24000)
    assert suspend_limit("cmi5") is None and suspend_limit("xapi") is None
    assert local_limits() == {"suspendData": 64000}
    with pytest.raises(KeyError):
        suspend_limit("scorm2004-2nd")


@pytest.mark.parametrize("standard, element, limit", [
    ("scorm12", "cmi.core.lesson_location", 255), ("scorm12", "cmi.suspend_data", 4096),
    ("scorm12", "cmi.comments", 4096), ("scorm12", "cmi.interactions.n.student_response", 255),
    ("scorm12", "cmi.interactions.n.id", 255),
    ("scorm2004", "cmi.location", 1000), ("scorm2004", "cmi.suspend_data", 64000),
    ("scorm2004", "cmi.interactions.n.learner_response", 4000), ("scorm2004", "cmi.interactions.n.description", 250),
    ("scorm2004", "cmi.comments_from_learner.n.comment", 4000), ("scorm2004", "cmi.interactions.n.id", 4000),
])
def test_element_limits(standard, element, limit):
    assert element_limit(standard, element) == limit


def test_an_element_without_a_limit_or_outside_the_model_says_so():
    with pytest.raises(ValueError, match="cmi.completion_status has no size limit in SCORM 2004"):
        element_limit("scorm2004", "cmi.completion_status")
    with pytest.raises(KeyError, match="cmi.core.lesson_location is not in the SCORM 2004 data model"):
        element_limit("scorm2004", "cmi.core.lesson_location")


@pytest.mark.parametrize("standard", list(DATA_MODELS))
def test_every_element_is_fully_described(standard):
    model = DATA_MODELS[standard]
    assert len({element.name for element in model.elements}) == len(model.elements)
    for element in model.elements:
        assert element.section.startswith("RTE "), element.name
        assert element.access in ("r", "w", "rw")
        assert bool(element.vocabulary) == (element.type.kind == "vocabulary"), element.name
        assert element.range is None or element.type.kind == "real", element.name
        assert set(element.lms_rules) <= {"line-break", "leading-brace", "centiseconds"}, element.name
        assert element.type.rule and (element.type.label or element.type.kind in ("text", "vocabulary"))
        if element.type.kind == "text" and "w" in element.access:
            assert element.max_length, f"{element.name}: a writable text needs its limit"
    assert set(model.codes.values()) <= set(model.errors), "every code the preview gives has its text"


@pytest.mark.parametrize("type_name, good, bad", [
    ("CMITimespan", ["00:00:01", "0000:01:02.5", "12:34:56.78"], ["PT1M", "00:00:01.555", "1:00:00"]),
    ("CMITime", ["07:08:09.12", "23:59:59"], ["24:00:00", "7:08:09", "07:08:09.123"]),
    ("CMIIdentifier", ["r-goals", "x" * 255], ["with space", "", "x" * 256, "caf\u00e9"]),
    ("timeinterval (second,10,2)", ["PT1H2M3.45S", "PT0S", "P1DT2H"], ["PT1.555S", "1:00", "1H"]),
    ("time (second,10,0)", ["2024-05-06T07:08:09.12Z", "2024", "2024-05-06T07:08:09+01:00"],
     ["2024-05-06 07:08", "06/05/2024"]),
    ("long_identifier_type", ["urn:scormgen:x", "x" * 4000], ["a b", "x" * 4001]),
    ("real(10,7)", ["0.5", "-1", "100"], ["1e3", "abc", ".5"]),
    ("CMIVocabulary (Result)", ["correct", "wrong", "-2.5"], ["incorrect", "yes"]),
    ("result", ["incorrect", "neutral", "3"], ["wrong"]),
])
def test_the_value_rules_of_the_data_types(type_name, good, bad):
    kinds = {element.type.name: element.type for model in DATA_MODELS.values() for element in model.elements}
    pattern = re.compile(kinds[type_name].pattern)
    assert [value for value in good if not pattern.search(value)] == []
    assert [value for value in bad if pattern.search(value)] == []


# --- what the runtime is given -------------------------------------------------------------

def generic(element: str) -> str:
    return re.sub(r"\.\d+\.", ".n.", element)


@pytest.mark.parametrize("target", SCORM_TARGETS)
def test_the_runtime_table_agrees_with_the_model(target):
    table = runtime_table(target)
    assert table is not None
    model = DATA_MODELS["scorm12" if target == "scorm12" else "scorm2004"]
    written = {"status", "exit", "location", "suspendData", "sessionTime", "notes", "progress", "notesTime"}
    for role, name in table["elements"].items():
        if role in ("interactions", "objectives"):
            assert model.element(f"{name}._count").access == "r"
            continue
        element = model.element(generic(name))
        if role in written:
            assert "w" in element.access, (role, name)
        else:
            assert "r" in element.access, (role, name)
    for role, field in table["interaction"].items():
        assert "w" in model.element(f"cmi.interactions.n.{field}").access, role
    words = table["vocabulary"]
    assert words["interactionType"] in model.element("cmi.interactions.n.type").vocabulary
    status = model.element(generic(table["elements"]["status"])).vocabulary
    assert {words["incomplete"], words["completed"], *words["done"]} <= set(status)
    assert set(words["notStarted"]) - {""} <= set(status)
    assert words["suspend"] in model.element(table["elements"]["exit"]).vocabulary
    assert words["resume"] in model.element(table["elements"]["entry"]).vocabulary
    assert {words["completed"], words["incomplete"]} <= set(
        model.element(f"cmi.objectives.n.{table['objectiveStatus']}").vocabulary)
    for role, type_name in table["times"].items():
        element = table["elements"][role] if role != "interactionTime" else \
            f"cmi.interactions.n.{table['interaction']['time']}"
        assert model.element(generic(element)).type.name == type_name, role
    limits = table["limits"]
    assert (limits.pop("suspendData"), limits.pop("suspendBytes")) == suspend_limit(target)
    assert limits == {name: element_limit(model.name, element) for name, element in model.runtime.limits.items()}


@pytest.mark.parametrize("target", list(TARGETS))
def test_the_build_writes_the_table_into_the_launch_page(target):
    course = load_course(ROOT / "course_source")
    config = Renderer(course).runtime_config(TARGETS[target])
    assert config["dataModel"] == runtime_table(target, scored=course.scored)
    assert config["localLimits"] == local_limits()
    assert (config["dataModel"] is None) == (target in ("cmi5", "xapi"))


def test_the_runtime_table_stays_small():
    for target in SCORM_TARGETS:
        assert len(json.dumps(runtime_table(target), separators=(",", ":"))) < 1600, target
        assert len(json.dumps(runtime_table(target, scored=True), separators=(",", ":"))) < 2200, target


@pytest.mark.parametrize("target", SCORM_TARGETS)
def test_a_course_without_questions_gets_the_table_it_always_had(target):
    table = runtime_table(target)
    assert table is not None and "scoring" not in table
    assert runtime_table(target, scored=True) == {**table, "scoring": runtime_table(target, scored=True)["scoring"]}


@pytest.mark.parametrize("target", SCORM_TARGETS)
def test_the_scoring_table_agrees_with_the_model(target):
    table = runtime_table(target, scored=True)
    assert table is not None
    scoring = table["scoring"]
    model = DATA_MODELS["scorm12" if target == "scorm12" else "scorm2004"]
    elements = scoring["elements"]
    for role in ("scoreRaw", "scoreMin", "scoreMax", "scoreScaled", "success"):
        if role in elements:
            assert "w" in model.element(elements[role]).access, role
    assert "r" in model.element(elements["mastery"]).access
    for role, field in scoring["interaction"].items():
        assert "w" in model.element(generic(f"cmi.interactions.n.{field}")).access, role
    words = scoring["vocabulary"]
    assert {words["correct"], words["incorrect"]} <= {"correct", "wrong", "incorrect"}
    result = re.compile(model.element("cmi.interactions.n.result").type.pattern)
    assert result.match(words["correct"]) and result.match(words["incorrect"])
    verdicts = model.element(elements["success"]).vocabulary if "success" in elements else \
        model.element(table["elements"]["status"]).vocabulary
    assert {words["passed"], words["failed"], *([words["unknown"]] if "unknown" in words else [])} <= set(verdicts)
    assert set(scoring["responses"]) <= set(model.element("cmi.interactions.n.type").vocabulary)
    assert model.element(f"cmi.interactions.n.{scoring['interaction']['latency']}").type.name == \
        scoring["times"]["latency"]


@pytest.mark.parametrize("target, choice, true_false, scale", [
    ("scorm12", {"by": "letter", "delimiter": ","}, {"true": "t", "false": "f"}, 1),
    ("scorm2004-3rd", {"by": "id", "delimiter": "[,]"}, {"true": "true", "false": "false"}, 100),
    ("scorm2004-4th", {"by": "id", "delimiter": "[,]"}, {"true": "true", "false": "false"}, 100),
])
def test_how_each_standard_writes_a_response(target, choice, true_false, scale):
    """SCORM 1.2 RTE 3.4.4 (choice: letters a-z by comma; true-false: t, f); SCORM 2004 RTE
    4.2.9 (choice: short identifiers by [,]; true-false: true, false)."""
    scoring = runtime_table(target, scored=True)["scoring"]
    assert scoring["responses"] == {"choice": choice, "true-false": true_false}
    assert scoring["masteryScale"] == scale
    strict = strict_model(target)["responses"]
    for kind, written in scoring["responses"].items():
        item = re.compile(strict[kind]["item"])
        words = [written["true"], written["false"]] if kind == "true-false" else ["a", "z", "goals", "q_1-b"]
        if written.get("by") == "letter":
            words = ["a", "c", "z"]
        assert all(item.match(word) for word in words), (kind, words)
        assert strict[kind]["delimiter"] == written.get("delimiter", "")


@pytest.mark.parametrize("target, kind, good, bad", [
    ("scorm12", "choice", ["a", "b", "0"], ["A", "ab", "goals", ""]),
    ("scorm12", "true-false", ["t", "f", "0", "1"], ["true", "x"]),
    ("scorm2004-4th", "choice", ["goals", "a-b_c", "x" * 250, "urn:x"], ["x" * 251, "a b", "a[,]b", ""]),
    ("scorm2004-4th", "true-false", ["true", "false"], ["t", "1", "True"]),
])
def test_the_strict_response_items(target, kind, good, bad):
    item = re.compile(strict_model(target)["responses"][kind]["item"])
    assert [value for value in good if not item.match(value)] == []
    assert [value for value in bad if item.match(value)] == []


# --- what the preview plays ----------------------------------------------------------------

@pytest.mark.parametrize("target, limit, unit", [
    ("scorm12", 4096, "characters"), ("scorm2004-3rd", 4000, "characters"), ("scorm2004-4th", 24000, "bytes"),
    ("cmi5", 64000, "characters"), ("xapi", 64000, "characters"),
])
def test_the_strict_model_of_each_target(target, limit, unit):
    model = strict_model(target)
    json.dumps(model)
    assert model["suspend"] == {"limit": limit, "unit": unit}
    suspend = next(element for element in model["elements"] if element["name"] == "cmi.suspend_data")
    assert suspend["limit"] == limit
    assert all(element["type"] in model["types"] for element in model["elements"])
    assert model["apiName"] == ("API" if target == "scorm12" else "API_1484_11")
    assert set(model["codes"].values()) <= {int(code) for code in model["errors"]}


# --- no limit anywhere else ------------------------------------------------------------------

# Numbers equal to a limit that mean something else: (file pattern, line pattern, why).
ALLOWED = [
    ("scormgen/cli.py", r"size (<|/=) 1000\b", "file sizes in decimal units (KB, MB, GB)"),
    ("scormgen/runtime/outbox.js", r"Math\.max\(1000, delay \* 2\)", "the first retry after one second (ms)"),
    ("scormgen/runtime/work.js", r"revokeObjectURL\(link\.href\); \}, 1000\)", "one second (ms) before the "
     "downloaded file's link is released"),
    ("scormgen/runtime/main.js", r"retryMs / 1000\)", "milliseconds to seconds, in a message"),
    ("scormgen/build.py", r"budget\.room < 1000\b", "the room left for the learner under which the build warns, "
     "not a limit of the data model"),
    ("scormgen/course*", r"value / 255\b", "a colour channel's maximum (sRGB contrast)"),
]
SCANNED = (".py", ".js", ".html", ".css")


def limit_values() -> set[int]:
    values = {element.max_length for model in DATA_MODELS.values() for element in model.elements if element.max_length}
    values |= {number for target in TARGETS for number in suspend_limit(target) or () if number}
    values |= {number for number in local_limits().values() if isinstance(number, int)}
    return values


def scanned_lines():
    """(file, line number, line) of every source file of the package outside scormgen/standards/."""
    standards = ROOT / "scormgen" / "standards"
    for folder in (ROOT / "scormgen", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in SCANNED and standards not in path.parents and "__pycache__" not in path.parts:
                name = path.relative_to(ROOT).as_posix()
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    yield name, number, line


def allowed(name: str, line: str) -> bool:
    return any(fnmatch.fnmatch(name, where) and re.search(pattern, line) for where, pattern, _why in ALLOWED)


def test_no_limit_literal_outside_standards():
    values = sorted(limit_values())
    assert {255, 250, 1000, 4000, 4096, 24000, 64000} <= set(values)
    token = re.compile(r"(?<![\w.])(" + "|".join(map(str, values)) + r")(?![\w.])")
    hits = [f"{name}:{number}: {line.strip()}" for name, number, line in scanned_lines()
            if token.search(line) and not allowed(name, line)]
    assert hits == [], ("data-model limits belong in scormgen/standards/ (or, for a number that "
                        "means something else, in ALLOWED with why):\n" + "\n".join(hits))


def test_every_allowance_is_still_needed():
    """An allowance whose line is gone would let a new limit in unseen: remove it then."""
    lines = list(scanned_lines())
    for where, pattern, _why in ALLOWED:
        assert any(fnmatch.fnmatch(name, where) and re.search(pattern, line) for name, _, line in lines), where

"""The resume-data budget the build reports matches what the runtime does."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from conftest import ROOT, need_node, write_quiz_course
from scormgen.budget import MAX_REVISION, kept_answer, protect_json, suspend_budget
from scormgen.cli import cli
from scormgen.course import load_course
from scormgen.render import Renderer
from scormgen.standards import datamodel
from scormgen.targets import TARGETS

NODE_SCRIPT = r"""
import { readFileSync } from "node:fs";
const { decodeState, encodeState, protectJson } = await import(process.argv[1]);
const input = JSON.parse(readFileSync(0, "utf8"));
const config = input.config;
const ids = config.pages.flatMap((p) => p.reflections);
// every question answered at the longest: all the options of a multiple choice, every attempt used
const questions = config.questions || {};
const answers = Object.fromEntries((config.questionOrder || []).map((id) => {
  const q = questions[id];
  const response = !q.options.length ? ["false"] : q.multiple ? q.options : [q.options[q.options.length - 1]];
  return [id, { response, attempts: q.attempts, correct: false }];
}));
const state = { rev: input.rev, pagesSeen: config.pages.map((p) => p.id), notes: "x".repeat(100000),
                reflections: Object.fromEntries(ids.map((id) => [id, "y".repeat(100000)])),
                questions: answers, outcome: "passed" };
const tight = encodeState(config, state, input.structure + 40);
const decoded = decodeState(config, tight.data);
// what the runtime keeps suspend_data to: the table the build wrote into the launch page
const limits = config.dataModel.limits;
process.stdout.write(JSON.stringify({
  limits: [limits.suspendData, limits.suspendBytes],
  tightLength: tight.data.length, tightTruncated: tight.truncated.length,
  tightAnswers: Object.keys(decoded.reflections).length,
  tightQuestions: Object.entries(decoded.questions || {}).filter(([id, a]) =>
    JSON.stringify(a.response) === JSON.stringify(answers[id].response) && a.attempts === answers[id].attempts).length,
  tightOutcome: decoded.outcome || "",
  protected: protectJson(JSON.stringify(input.sample || "")),
}));
"""
SUSPEND = (ROOT / "scormgen" / "runtime" / "suspend.js").as_uri()


def run_node(payload: dict) -> dict:
    proc = subprocess.run([need_node(), "--input-type=module", "-e", NODE_SCRIPT, SUSPEND],
                          input=json.dumps(payload), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.node
@pytest.mark.parametrize("target", [name for name in TARGETS if datamodel.suspend_limit(name)])
def test_limits_of_the_runtime_and_of_the_report_agree(target):
    course = load_course(ROOT / "course_source")
    config = Renderer(course).runtime_config(TARGETS[target])
    result = run_node({"config": config, "rev": MAX_REVISION, "structure": 1000})
    assert tuple(result["limits"]) == datamodel.suspend_limit(target)


@pytest.fixture(scope="module")
def quiz_course(tmp_path_factory):
    """A scored course whose questions take room: a multiple choice with 26 options and 120
    attempts in place of the fixture's true-false question, besides its single and multiple."""
    options = "".join(f"  - id: option-{n}\n    text: Option {n}\n    correct: {str(n < 3).lower()}\n"
                      for n in range(26))
    many = f"# Many\n\n```question\nid: q-many\ntype: multiple\nprompt: Which?\nattempts: 120\noptions:\n{options}```\n"
    root = write_quiz_course(tmp_path_factory.mktemp("budget") / "quiz", files={"pages/true-or-false.md": None})
    yml = (root / "course.yml").read_text(encoding="utf-8")
    (root / "course.yml").write_text(yml.replace("  - true-or-false\n", "  - many\n"), encoding="utf-8")
    (root / "pages" / "many.md").write_text(many, encoding="utf-8")
    return load_course(root)


@pytest.mark.node
@pytest.mark.parametrize("which", ["module", "quiz"])
@pytest.mark.parametrize("target", [name for name in TARGETS if datamodel.suspend_limit(name)])
def test_the_reported_structure_is_enough_for_the_runtime(target, which, quiz_course):
    course = load_course(ROOT / "course_source") if which == "module" else quiz_course
    assert course.questions
    budget = suspend_budget(course, TARGETS[target])
    config = Renderer(course).runtime_config(TARGETS[target])
    result = run_node({"config": config, "rev": MAX_REVISION, "structure": budget.structure})
    # with only the reported structure (and a few characters) available, the runtime
    # still stores every page seen, every question's answer and attempts, the verdict sent,
    # and every reflection (shortened to nothing or little)
    assert result["tightLength"] <= budget.structure + 40
    assert result["tightTruncated"] == len(course.reflections) + 1
    assert result["tightAnswers"] == len(course.reflections)
    assert result["tightQuestions"] == len(course.questions)
    assert result["tightOutcome"] == "passed"
    assert budget.room > 3000


def test_the_structure_counts_each_question_at_its_longest(quiz_course):
    """A 26-option multiple choice with 120 attempts keeps 26 letters and '120'; a single
    choice one letter and its attempts."""
    kept = {q.id: kept_answer(q) for q in quiz_course.questions}
    assert kept == {"q-single": "a1", "q-multiple": "aaa2", "q-many": "a" * 26 + "120"}
    budget = suspend_budget(quiz_course, TARGETS["scorm12"])
    assert budget.questions == 3
    assert budget.describe().startswith("resume data: the structure (with the answers to 3 questions) takes ")


@pytest.mark.node
def test_the_report_encodes_as_the_runtime_does():
    course = load_course(ROOT / "course_source")
    config = Renderer(course).runtime_config(TARGETS["scorm12"])
    sample = "say \"hi\" it's C:\\dir ~a ~~ \n\t \u2028\u2029 \u00e9 \U0001f60a"
    result = run_node({"config": config, "rev": 1, "structure": 1000, "sample": sample})
    expected = protect_json(json.dumps(sample, ensure_ascii=False, separators=(",", ":")))
    assert result["protected"] == expected
    assert "\\" not in expected and '"' not in expected


def test_build_prints_the_budget_for_each_target(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # (the module's eight questions: their answers are part of the structure, never shortened)
    assert ("               resume data: the structure (with the answers to 8 questions) takes 661 of 4,096 "
            "characters; 3,435 are left for the learner's 5 reflections and notes") in lines
    assert any(line.strip().startswith("resume data: the structure (with the answers to 8 questions) takes 661 "
                                       "of 24,000 bytes;") for line in lines)
    # where else the LMS keeps the texts (read back on a resume)
    assert lines.count("               beyond it, a resume in another browser also gets back each answer whole in "
                       "its interaction (up to 4,000 characters) and the notes in the LMS's comments (up to 4,000 "
                       "characters)") == 2  # 2004 3rd and 4th Edition
    assert ("               beyond it, a resume in another browser also gets back the notes in the LMS's comments "
            "(up to 4,096 characters)") in lines

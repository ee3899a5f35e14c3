"""The resume-data budget the build reports matches what the runtime does."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from conftest import ROOT, need_node
from scormgen.budget import MAX_REVISION, protect_json, suspend_budget
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
const state = { rev: input.rev, pagesSeen: config.pages.map((p) => p.id), notes: "x".repeat(100000),
                reflections: Object.fromEntries(ids.map((id) => [id, "y".repeat(100000)])) };
const tight = encodeState(config, state, input.structure + 40);
// what the runtime keeps suspend_data to: the table the build wrote into the launch page
const limits = config.dataModel.limits;
process.stdout.write(JSON.stringify({
  limits: [limits.suspendData, limits.suspendBytes],
  tightLength: tight.data.length, tightTruncated: tight.truncated.length,
  tightAnswers: Object.keys(decodeState(config, tight.data).reflections).length,
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


@pytest.mark.node
@pytest.mark.parametrize("target", [name for name in TARGETS if datamodel.suspend_limit(name)])
def test_the_reported_structure_is_enough_for_the_runtime(target):
    course = load_course(ROOT / "course_source")
    budget = suspend_budget(course, TARGETS[target])
    config = Renderer(course).runtime_config(TARGETS[target])
    result = run_node({"config": config, "rev": MAX_REVISION, "structure": budget.structure})
    # with only the reported structure (and a few characters) available, the runtime
    # still stores every page seen and every reflection (shortened to nothing or little)
    assert result["tightLength"] <= budget.structure + 40
    assert result["tightTruncated"] == len(course.reflections) + 1
    assert result["tightAnswers"] == len(course.reflections)
    assert budget.room > 3000


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
    assert ("               resume data: the structure takes 319 of 4,096 characters; 3,777 are left "
            "for the learner's 4 reflections and notes") in lines
    assert any(line.strip().startswith("resume data: the structure takes 319 of 24,000 bytes;")
               for line in lines)
    # where else the LMS keeps the texts (read back on a resume)
    assert lines.count("               beyond it, a resume in another browser also gets back each answer whole in "
                       "its interaction (up to 4,000 characters) and the notes in the LMS's comments (up to 4,000 "
                       "characters)") == 2  # 2004 3rd and 4th Edition
    assert ("               beyond it, a resume in another browser also gets back the notes in the LMS's comments "
            "(up to 4,096 characters)") in lines

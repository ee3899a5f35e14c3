"""Knowledge checks, the build's side: ```question blocks read and checked (every problem
with its exact message and place, nothing written), the runtime's configuration, the
block's HTML, the manifests (golden files, official schemas), the page cache, the LMS
setup card; and a course without questions built exactly as before."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from conftest import (
    COURSE_YML,
    GOLDEN,
    QUIZ_ANSWERS,
    QUIZ_PAGES,
    TRUE_OR_FALSE_MD,
    assert_golden,
    page_scripts,
    write_course,
    write_quiz_course,
)
from scormgen.build import build
from scormgen.cli import cli
from scormgen.course import load_course, pagecache
from scormgen.markdown.question import option_label, split_prompt
from scormgen.render import Renderer
from scormgen.targets import TARGETS

HEAD = "Error: the course has {n} problem{s}; nothing was written:\n"
PAGE = "course/pages/true-or-false.md"


def run_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["build", "course", "--out", "dist", *args])


def question(yaml: str) -> dict[str, str | bytes | None]:
    """The quiz course's last page holding one question block (its fence on line 3, its
    YAML from line 4)."""
    return {"pages/true-or-false.md": "# True or false\n\n```question\n" + yaml + "```\n"}


def config_of(archive: zipfile.ZipFile) -> dict:
    launch = archive.read("index.html").decode()
    found = re.search(r'<script type="application/json" id="sg-config">(.*?)</script>', launch)
    assert found
    return json.loads(found.group(1))


CHOICE = "id: q-x\ntype: single\nprompt: Which?\n"

# (files, every problem line the build prints) for each bad input of the issue, and more
BAD: dict[str, tuple[dict[str, str | bytes | None], list[str]]] = {
    "no option marked correct": (
        question(CHOICE + "options:\n  - id: a\n    text: A\n  - id: b\n    text: B\n"),
        [f"{PAGE}:7: the single question 'q-x' has no option marked correct. Add 'correct: true' to the right "
         "option. [SG176]"]),
    "multiple with no option marked correct": (
        question("id: q-x\ntype: multiple\nprompt: Which?\noptions:\n  - id: a\n    text: A\n  - id: b\n"
                 "    text: B\n    correct: false\n"),
        [f"{PAGE}:7: the multiple question 'q-x' has no option marked correct. Add 'correct: true' to the "
         "right options. [SG176]"]),
    "single with two correct options": (
        question(CHOICE + "options:\n  - id: a\n    text: A\n    correct: true\n  - id: b\n    text: B\n"
                 "    correct: yes\n"),
        [f"{PAGE}:13: the single question 'q-x' has 2 correct options ('a', 'b'); a single-choice question "
         "has one. Keep 'correct: true' on one option, or make it 'type: multiple'. [SG177]"]),
    "option id that is no interaction identifier": (
        question(CHOICE + "options:\n  - id: Agreement on goals\n    text: A\n    correct: true\n"
                 "  - id: b[,]c\n    text: B\n"),
        [f"{PAGE}:8: 'id' in option 1: 'Agreement on goals' cannot be used as an option id. Use 1 to 64 ASCII "
         "letters, digits, '-' or '_' (for example 'Agreement-on-goals'). [SG113]",
         f"{PAGE}:11: 'id' in option 2: 'b[,]c' cannot be used as an option id. Use 1 to 64 ASCII letters, "
         "digits, '-' or '_' (for example 'b-c'). [SG113]"]),
    "duplicate option ids": (
        question(CHOICE + "options:\n  - id: a\n    text: A\n    correct: true\n  - id: a\n    text: B\n"),
        [f"{PAGE}:11: the option id 'a' is used twice in the question (first on line 8). Give each option its "
         "own id. [SG115]"]),
    "id of a page": (
        question("id: choose-one\ntype: true-false\nprompt: True?\nanswer: true\n"),
        [f"{PAGE}:3: the question id 'choose-one' is also the id of a page (course.yml line 7). Give the "
         "question an id of its own (e.g. 'q-choose-one'). [SG115]"]),
    "id of a reflection": (
        question("id: r-quiz\ntype: true-false\nprompt: True?\nanswer: true\n"),
        [f"{PAGE}:3: the question id 'r-quiz' is also the id of a reflection (pages/choose-one.md line 22). "
         "Give each reflection and question its own id. [SG115]"]),
    "id of another question": (
        question("id: q-single\ntype: true-false\nprompt: True?\nanswer: true\n"),
        [f"{PAGE}:3: the question id 'q-single' is used twice (first in pages/choose-one.md line 5). Give "
         "each reflection and question its own id. [SG115]"]),
    "unknown type": (
        question("id: q-x\ntype: singel\nprompt: Which?\n"),
        [f"{PAGE}:5: 'type' in the question: 'singel' is not allowed. Use one of: 'single', 'multiple', "
         "'true-false'. Did you mean 'single'? [SG113]"]),
    "true-false without answer": (
        question("id: q-x\ntype: true-false\nprompt: True?\n"),
        [f"{PAGE}:4: the true-false question 'q-x' has no 'answer'. Add 'answer: true' or 'answer: false' "
         "(the right answer). [SG112]"]),
    "true-false answer left empty": (
        question("id: q-x\ntype: true-false\nprompt: True?\nanswer:\noptions:\n"),
        [f"{PAGE}:4: the true-false question 'q-x' has no 'answer'. Add 'answer: true' or 'answer: false' "
         "(the right answer). [SG112]"]),
    "true-false answer that is no boolean": (
        question("id: q-x\ntype: true-false\nprompt: True?\nanswer: maybe\n"),
        [f"{PAGE}:7: 'answer' in the question: 'maybe' is not true or false. Write true or false. [SG113]"]),
    "options for a true-false question": (
        question("id: q-x\ntype: true-false\nprompt: True?\nanswer: false\noptions:\n  - id: a\n    text: A\n"),
        [f"{PAGE}:8: the true-false question 'q-x' has 'options'; a true-false question has none (its choices "
         "are True and False). Remove 'options' and write 'answer: true' or 'answer: false', or make it "
         "'type: single'. [SG178]"]),
    "answer for a choice question": (
        question(CHOICE + "answer: true\noptions:\n  - id: a\n    text: A\n    correct: true\n  - id: b\n"
                 "    text: B\n"),
        [f"{PAGE}:7: the single question 'q-x' has 'answer', which only a true-false question has. Mark the "
         "right options with 'correct: true' instead, or make it 'type: true-false'. [SG178]"]),
    "choice question without options": (
        question(CHOICE),
        [f"{PAGE}:4: the single question 'q-x' has no 'options'. Add 'options:', a list of 2 to 26 options, "
         "each with 'id' and 'text' (and 'correct: true' on the right ones). [SG112]"]),
    "one option": (
        question(CHOICE + "options:\n  - id: a\n    text: A\n    correct: true\n"),
        [f"{PAGE}:7: the single question 'q-x' has 1 option; a question has 2 to 26. Add options. [SG179]"]),
    "27 options": (
        question(CHOICE + "options:\n" + "".join(f"  - id: o{n}\n    text: O{n}\n" for n in range(27))
                 + "    correct: true\n"),
        [f"{PAGE}:7: the single question 'q-x' has 27 options; a question has 2 to 26. Split it into several "
         "questions. [SG179]"]),
    "attempts below 1": (
        question("id: q-x\ntype: true-false\nprompt: True?\nanswer: true\nattempts: 0\n"),
        [f"{PAGE}:8: 'attempts' in the question: '0' is not a whole number of 1 or more. Write a number such as "
         "1, 2 or 3. [SG113]"]),
    "attempts not a number": (
        question("id: q-x\ntype: true-false\nprompt: True?\nanswer: true\nattempts: two\n"),
        [f"{PAGE}:8: 'attempts' in the question: 'two' is not a whole number of 1 or more. Write a number such "
         "as 1, 2 or 3. [SG113]"]),
    "every problem of a question at once": (
        question("id: q-x\ntype: true-false\nprompt: True?\nanswr: true\nattempts: 0\nshuffle: maybe\n"),
        [f"{PAGE}:4: the true-false question 'q-x' has no 'answer'. Add 'answer: true' or 'answer: false' "
         "(the right answer). [SG112]",
         f"{PAGE}:7: unknown key 'answr' in the question. Did you mean 'answer'? [SG111]",
         f"{PAGE}:8: 'attempts' in the question: '0' is not a whole number of 1 or more. Write a number such as "
         "1, 2 or 3. [SG113]",
         f"{PAGE}:9: 'shuffle' in the question: 'maybe' is not true or false. Write true or false. [SG113]"]),
    "option without text": (
        question(CHOICE + "options:\n  - id: a\n    correct: true\n  - id: b\n    text: B\n"),
        [f"{PAGE}:8: option 1 has no 'text'. Add 'text:' (the option as the learner reads it, in Markdown). "
         "[SG112]"]),
}

MASTERY = "course/course.yml:10: 'mastery_score' in course.yml: '{value}' is not a percentage from 0 to 100. " \
          "Write a number from 0 to 100 without '%', with at most two decimals (e.g. 80 or 72.5). [SG113]"


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_question_gives_its_exact_problems_and_writes_nothing(case, tmp_path, monkeypatch):
    files, expected = BAD[case]
    write_quiz_course(tmp_path / "course", files=files)
    result = run_build(tmp_path, monkeypatch)
    n = len(expected)
    assert result.exit_code == 1, result.output
    assert result.output == HEAD.format(n=n, s="s" if n != 1 else "") + "".join(f"  {line}\n" for line in expected)
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("value", ["120", "100.01", "-5", "eighty", '"80%"', "72.555"])
def test_a_mastery_score_out_of_range_or_not_a_number_is_refused(value, tmp_path, monkeypatch):
    write_quiz_course(tmp_path / "course", mastery=None)
    with open(tmp_path / "course" / "course.yml", "a", encoding="utf-8") as config:
        config.write(f"mastery_score: {value}\n")
    result = run_build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.output == HEAD.format(n=1, s="") + "  " + MASTERY.format(value=value.strip('"')) + "\n"
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("value, config, fraction", [("0", 0, "0"), ("72.5", 72.5, "0.725"), ("100", 100, "1"),
                                                      ("80.0", 80, "0.8"), ("33.33", 33.33, "0.3333")])
def test_a_mastery_score_reaches_the_runtime_and_the_manifests(value, config, fraction, tmp_path):
    course = write_quiz_course(tmp_path / "course", mastery=None)
    with open(course / "course.yml", "a", encoding="utf-8") as handle:
        handle.write(f"mastery_score: {value}\n")
    built = {p.target.name: p.path for p in build(course, tmp_path / "out", ["scorm12", "scorm2004-4th", "cmi5"])}
    with zipfile.ZipFile(built["scorm12"]) as archive:
        assert config_of(archive)["masteryScore"] == config
        percent = fraction if value == "0" else f"{float(value):g}"
        assert f"<adlcp:masteryscore>{percent}</adlcp:masteryscore>" in archive.read("imsmanifest.xml").decode()
    with zipfile.ZipFile(built["scorm2004-4th"]) as archive:
        manifest = archive.read("imsmanifest.xml").decode()
        assert f"<imsss:minNormalizedMeasure>{fraction}</imsss:minNormalizedMeasure>" in manifest
    with zipfile.ZipFile(built["cmi5"]) as archive:
        assert f'moveOn="CompletedAndPassed" masteryScore="{fraction}"' in archive.read("cmi5.xml").decode()


def test_valid_questions_build_with_defaults_and_yaml_booleans(tmp_path, monkeypatch):
    write_quiz_course(tmp_path / "course", files=question(
        "id: q-x\ntype: multiple\nprompt: |\n  A case first.\n\n  Then the *question*?\nshuffle: no\noptions:\n"
        "  - id: A_1\n    text: One\n    correct: yes\n  - id: b-2\n    text: |\n      Two\n    correct: True\n"
        "  - id: '3'\n    text: Three\n"))
    result = run_build(tmp_path, monkeypatch, "--target", "scorm12")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "dist" / "quiz-course-1.0-scorm12.zip") as archive:
        q = config_of(archive)["questions"]["q-x"]
        page = page_scripts(archive)["true-or-false"]
    assert q == {"page": "true-or-false", "type": "choice", "multiple": True, "options": ["A_1", "b-2", "3"],
                 "correct": ["A_1", "b-2"], "attempts": 1, "shuffle": False,
                 "prompt": "A case first. Then the question?", "choices": {"A_1": "One", "b-2": "Two", "3": "Three"}}
    # a prompt of several paragraphs: the case before the fieldset, the question its legend
    # (a legend holds phrasing content only); a one-paragraph option text is inline in its label
    assert '<div class="sg-question-case" id="sg-question-q-x-case">\n<p>A case first.</p>\n</div>\n' \
           '<fieldset class="sg-question" data-sg-quiz="q-x" aria-describedby="sg-question-q-x-case ' \
           'sg-question-q-x-status">\n<legend class="sg-question-prompt">Then the <em>question</em>?</legend>' in page
    assert '<label for="sg-question-q-x-b-2">Two</label>' in page


@pytest.mark.parametrize("prompt, case, legend, more", [
    ("<p>Which one?</p>\n", "", "Which one?", ""),
    ("<p>A case.</p>\n<p>Which <em>one</em>?</p>\n", "<p>A case.</p>", "Which <em>one</em>?", ""),
    ("<p>Case one.</p>\n<blockquote>\n<p>Quoted.</p>\n</blockquote>\n<p>Which?</p>\n",
     "<p>Case one.</p>\n<blockquote>\n<p>Quoted.</p>\n</blockquote>", "Which?", ""),
    ("<p>Which are right?</p>\n<ul>\n<li>One</li>\n</ul>\n", "", "Which are right?", "<ul>\n<li>One</li>\n</ul>"),
    ("<ul>\n<li>One</li>\n</ul>\n", "", "", "<ul>\n<li>One</li>\n</ul>\n"),
])
def test_a_prompt_is_split_so_that_the_legend_holds_the_question_alone(prompt, case, legend, more):
    assert split_prompt(prompt) == (case, legend, more)


@pytest.mark.parametrize("text, label", [
    ("<p>One <strong>word</strong></p>\n", "One <strong>word</strong>"),
    ("<p>First.</p>\n<p>Second.</p>\n", "First.<br>Second."),
    ("<p>Lead:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n", "Lead:<br>a b"),
])
def test_an_option_text_is_one_label(text, label):
    assert option_label(text) == label


# -- the runtime's configuration ------------------------------------------------------------

def test_the_configuration_of_a_scored_course(tmp_path):
    course = write_quiz_course(tmp_path / "course")
    built = build(course, tmp_path / "out", ["scorm2004-4th"])
    with zipfile.ZipFile(built[0].path) as archive:
        config = config_of(archive)
    assert config["questionOrder"] == ["q-single", "q-multiple", "q-truefalse"] == list(QUIZ_ANSWERS)
    assert config["masteryScore"] == 80
    assert [(p["id"], p["questions"]) for p in config["pages"]] == [
        (page_id, [q for q, a in QUIZ_ANSWERS.items() if a["page"] == page_id]) for page_id in QUIZ_PAGES]
    assert config["questions"] == {
        "q-single": {"page": "choose-one", "type": "choice", "multiple": False, "options": ["goals", "fees", "hours"],
                     "correct": ["goals"], "attempts": 1, "shuffle": False,
                     "prompt": "Which of these is one of Bordin's three components of the working alliance?",
                     "choices": {"goals": "Agreement on the goals of care", "fees": "Agreement on fees",
                                 "hours": "Agreement on office hours"}},
        "q-multiple": {"page": "choose-many", "type": "choice", "multiple": True, "options": ["goals", "tasks", "fees"],
                       "correct": ["goals", "tasks"], "attempts": 2, "shuffle": True,
                       "prompt": "Which two of these are components of the alliance?",
                       "choices": {"goals": "Goals", "tasks": "Tasks", "fees": "Fees"}},
        "q-truefalse": {"page": "true-or-false", "type": "true-false", "multiple": False, "options": [],
                        "correct": ["true"], "attempts": 1, "shuffle": False,
                        "prompt": "The working alliance predicts outcomes across therapies.", "choices": {}},
    }
    for name, answers in QUIZ_ANSWERS.items():
        assert config["questions"][name]["correct"] == answers["right"]


def test_without_a_mastery_score_the_configuration_says_null(tmp_path):
    course = write_quiz_course(tmp_path / "course", mastery=None)
    config = Renderer(load_course(course)).runtime_config(TARGETS["xapi"])
    assert config["masteryScore"] is None
    assert set(config["questions"]) == set(QUIZ_ANSWERS)


def test_a_false_answer_is_the_correct_response(tmp_path):
    course = write_quiz_course(tmp_path / "course", files={
        "pages/true-or-false.md": TRUE_OR_FALSE_MD.replace("answer: true", "answer: false")})
    config = Renderer(load_course(course)).runtime_config(TARGETS["cmi5"])
    assert config["questions"]["q-truefalse"]["correct"] == ["false"]


# -- the block's HTML (the runtime contract's hooks) -----------------------------------------

def test_each_question_is_a_fieldset_with_the_contracts_hooks(tmp_path):
    course = write_quiz_course(tmp_path / "course")
    built = build(course, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(built[0].path) as archive:
        pages = page_scripts(archive)
        launch = archive.read("index.html").decode()
    assert launch.count("data-sg-score") == 1 and '<p class="sg-score" data-sg-score hidden></p>' in launch
    for name, answers in QUIZ_ANSWERS.items():
        fragment = html.fragment_fromstring(pages[answers["page"]], create_parent="div")
        block = fragment.xpath(f'//fieldset[@data-sg-quiz="{name}"]')[0]
        assert block.get("class") == "sg-question"
        assert block.get("aria-describedby") == f"sg-question-{name}-status"
        assert block[0].tag == "legend" and block[0].get("class") == "sg-question-prompt"
        inputs = block.xpath(".//input")
        kind = "checkbox" if name == "q-multiple" else "radio"
        assert {i.get("type") for i in inputs} == {kind}
        assert {i.get("name") for i in inputs} == {f"sg-question-{name}"}
        for i in inputs:
            label = block.xpath(f'.//label[@for="{i.get("id")}"]')
            assert i.get("id") == f"sg-question-{name}-{i.get('value')}" and len(label) == 1
            assert i.getparent().get("data-sg-option") == i.get("value")
        assert set(answers["right"]) | set(answers["wrong"]) <= {i.get("value") for i in inputs}
        assert len(block.xpath('.//button[@data-sg-action="submit"]')) == 1
        status = block.xpath(".//p[@data-sg-attempts]")[0]
        assert status.get("id") == f"sg-question-{name}-status" and status.get("class") == "sg-question-status"
        area = block.xpath(".//div[@data-sg-feedback-area]")[0]
        assert (area.get("role"), area.get("aria-live"), area.text) == ("status", "polite", None)
        assert len(block.xpath(".//template[@data-sg-feedback-general]")) == 1
        assert len(block.xpath(".//template[@data-sg-correct-answer]")) == 1
        assert block.xpath(".//*[@data-sg-feedback]") == []  # present once checked (ui.js)
    one = html.fragment_fromstring(pages["choose-one"], create_parent="div")
    assert [t.get("data-sg-feedback-for") for t in one.xpath(".//template[@data-sg-feedback-for]")] == ["goals", "fees"]
    assert [i.get("value") for i in one.xpath('.//fieldset[@data-sg-quiz="q-single"]//input')] == [
        "goals", "fees", "hours"]
    answer = etree.tostring(one.xpath(".//template[@data-sg-correct-answer]")[0], encoding="unicode")
    assert "The correct answer: Agreement on the <em>goals</em> of care" in answer
    truefalse = html.fragment_fromstring(pages["true-or-false"], create_parent="div")
    assert [(i.get("value"), i.getnext().text) for i in truefalse.xpath(".//input")] == [
        ("true", "True"), ("false", "False")]


def test_a_french_course_says_the_questions_words_in_french(tmp_path):
    course = write_quiz_course(tmp_path / "course", language="fr-CA")
    built = build(course, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(built[0].path) as archive:
        pages = page_scripts(archive)
    assert "Vérifier ma réponse" in pages["choose-one"] and "Check my answer" not in pages["choose-one"]
    assert ">Vrai</label>" in pages["true-or-false"] and ">Faux</label>" in pages["true-or-false"]
    assert "La bonne réponse : Vrai" in pages["true-or-false"]
    assert "Les bonnes réponses :" in pages["choose-many"]


def test_the_stylesheet_has_the_question_rules_only_in_a_scored_course(tmp_path):
    plain = build(write_course(tmp_path / "plain"), tmp_path / "a", ["xapi"])[0].path
    scored = build(write_quiz_course(tmp_path / "quiz"), tmp_path / "b", ["xapi"])[0].path
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(scored) as b:
        css, quiz_css = a.read("assets/course.css").decode(), b.read("assets/course.css").decode()
    assert ".sg-question" not in css and "{%" not in css
    assert quiz_css.startswith(css) and ".sg-question {" in quiz_css[len(css):]
    assert '[data-sg-result="incorrect"]' in quiz_css


# -- manifests -------------------------------------------------------------------------------

MANIFESTS = {"scorm12": "imsmanifest.xml", "scorm2004-3rd": "imsmanifest.xml", "scorm2004-4th": "imsmanifest.xml",
             "cmi5": "cmi5.xml"}


@pytest.mark.schemas
@pytest.mark.parametrize("target", list(MANIFESTS))
def test_the_manifests_of_a_scored_course_match_their_golden_files(target, tmp_path, xsd_validator):
    """Regenerate with SCORMGEN_UPDATE_GOLDEN=1 (see test_manifest_golden.py) and review."""
    built = build(write_quiz_course(tmp_path / "course"), tmp_path / "out", [target])
    with zipfile.ZipFile(built[0].path) as archive:
        manifest = archive.read(MANIFESTS[target])
    assert_golden(manifest, f"quiz-course-{target}.xml", target, xsd_validator)


def test_the_scored_manifests_declare_the_mastery_score_where_each_standard_puts_it():
    scorm12 = (GOLDEN / "quiz-course-scorm12.xml").read_text()
    assert re.search(r"<title>Quiz course</title>\s*<adlcp:masteryscore>80</adlcp:masteryscore>\s*</item>", scorm12)
    for edition in ("3rd", "4th"):
        manifest = (GOLDEN / f"quiz-course-scorm2004-{edition}.xml").read_text()
        assert re.search(r'<imsss:primaryObjective objectiveID="quiz-course-completed" satisfiedByMeasure="true">\s*'
                         r"<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>", manifest)
    cmi5 = (GOLDEN / "quiz-course-cmi5.xml").read_text()
    assert '<au id="urn:scormgen:quiz-course/au" moveOn="CompletedAndPassed" masteryScore="0.8" ' in cmi5


def test_a_scored_course_without_mastery_score_declares_none(tmp_path):
    built = build(write_quiz_course(tmp_path / "course", mastery=None), tmp_path / "out",
                  ["scorm12", "scorm2004-4th", "cmi5"])
    text = ""
    for package in built:
        with zipfile.ZipFile(package.path) as archive:
            text += archive.read("cmi5.xml" if package.target.name == "cmi5" else "imsmanifest.xml").decode()
    assert "masteryscore" not in text.lower() and "imsss:sequencing" not in text and "minNormalizedMeasure" not in text
    assert 'moveOn="Completed" launchMethod' in text


def test_objectives_and_a_mastery_score_share_the_sequencing(tmp_path):
    course = write_quiz_course(tmp_path / "course")
    with open(course / "course.yml", "a", encoding="utf-8") as handle:
        handle.write("objectives:\n  - id: obj-one\n    text: Know it.\n")
    built = build(course, tmp_path / "out", ["scorm2004-4th"])
    with zipfile.ZipFile(built[0].path) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    ss = "{http://www.imsglobal.org/xsd/imsss}"
    objectives = manifest.findall(f".//{ss}sequencing/{ss}objectives/*")
    assert [(o.tag.removeprefix(ss), o.get("objectiveID"), o.get("satisfiedByMeasure")) for o in objectives] == [
        ("primaryObjective", "quiz-course-completed", "true"), ("objective", "obj-one", "false")]
    assert objectives[0][0].text == "0.8"


# -- a course without questions: exactly as before -------------------------------------------

def test_a_course_without_questions_gets_no_scoring_at_all(tmp_path):
    """No configuration key, no markup, no stylesheet rule, and the golden manifests of
    tests/test_manifest_golden.py unchanged (that test compares them byte for byte)."""
    built = build(write_course(tmp_path / "course"), tmp_path / "out")
    for package in built:
        with zipfile.ZipFile(package.path) as archive:
            config = config_of(archive)
            assert not {"questions", "questionOrder", "masteryScore"} & set(config)
            assert all(set(page) == {"id", "title", "reflections", "file"} for page in config["pages"])
            assert "scoring" not in (config["dataModel"] or {})
            text = "\n".join([archive.read("index.html").decode(), *page_scripts(archive).values(),
                              archive.read("assets/course.css").decode()])
            for mark in ("sg-question", "data-sg-quiz", "data-sg-score", "sg-score", "sg-feedback"):
                assert mark not in text, (package.target.name, mark)
            for name in ("imsmanifest.xml", "cmi5.xml"):
                if name in archive.namelist():
                    manifest = archive.read(name).decode()
                    assert "mastery" not in manifest.lower() and "CompletedAndPassed" not in manifest
                    assert 'satisfiedByMeasure="true"' not in manifest


def test_a_mastery_score_without_questions_is_a_warning_and_changes_no_byte(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    monkeypatch.chdir(tmp_path)
    plain = CliRunner().invoke(cli, ["build", "course", "--out", "plain"])
    assert plain.exit_code == 0, plain.output
    write_course(tmp_path / "course", {"course.yml": COURSE_YML + "mastery_score: 80\n"})
    scored = CliRunner().invoke(cli, ["build", "course", "--out", "with-mastery"])
    assert scored.exit_code == 0, scored.output
    warnings = [line for line in scored.output.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: course/course.yml:26: the course has no question, so 'mastery_score' is not "
                        "used: its packages report no score. Add questions (```question blocks in the pages), or "
                        "remove 'mastery_score'. [SG180]"]
    zips = sorted(p.name for p in (tmp_path / "plain").glob("*.zip"))
    assert len(zips) == 5
    for name in zips:
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "with-mastery" / name).read_bytes(), name
    card = (tmp_path / "with-mastery" / "fixture-course-1.0-lms-setup.txt").read_text()
    assert card == (tmp_path / "plain" / "fixture-course-1.0-lms-setup.txt").read_text()
    assert "They send no score, and never 'passed' or 'failed'." in " ".join(card.split())


# -- the page cache ----------------------------------------------------------------------------

def test_the_page_cache_keeps_questions_whole(tmp_path, monkeypatch):
    course = write_quiz_course(tmp_path / "course")
    monkeypatch.setenv("SCORMGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SCORMGEN_NO_CACHE", raising=False)
    first = {p.target.name: p.path.read_bytes() for p in build(course, tmp_path / "a")}
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 3
    parsed = load_course(course).pages  # from the cache now
    fresh = [pagecache.page_from_json(pagecache.page_to_json(p.parsed), course) for p in parsed]
    assert [page.questions for page in fresh] == [p.questions for p in parsed]
    assert [[(o.id, o.correct, o.text_html, o.feedback_html) for q in page.questions for o in q.options]
            for page in fresh] == [[(o.id, o.correct, o.text_html, o.feedback_html) for q in p.questions
                                    for o in q.options] for p in parsed]
    assert [q.line for q in parsed[0].questions] == [5] and parsed[0].parsed.blocks[0][1] is parsed[0].questions[0]
    second = {p.target.name: p.path.read_bytes() for p in build(course, tmp_path / "b")}
    assert first == second


def test_a_cache_entry_with_a_question_of_the_wrong_shape_is_a_miss(tmp_path):
    course = write_quiz_course(tmp_path / "course")
    page = load_course(course).pages[0].parsed
    entry = pagecache.page_to_json(page)
    entry["questions"][0]["attempts"] = "2"
    with pytest.raises(TypeError):
        pagecache.page_from_json(entry, course)


# -- the LMS setup card --------------------------------------------------------------------------

def card_of(tmp_path: Path, mastery: float | None, *targets: str) -> str:
    course = write_quiz_course(tmp_path / "course", mastery=mastery)
    build(course, tmp_path / "out", list(targets))
    return (tmp_path / "out" / "quiz-course-1.0-lms-setup.txt").read_text()


def test_the_setup_card_of_a_scored_course_with_a_mastery_score(tmp_path):
    card = card_of(tmp_path, 80, "scorm12", "scorm2004-4th", "cmi5", "xapi")
    flat = " ".join(card.split())
    assert "a score: the percentage of the 3 questions answered right" in flat
    assert "The passing score is 80%." in flat
    assert "Grade > Grading method: Highest grade; Maximum grade: 100" in card
    assert "Compatibility settings > Mastery score overrides status: No (SCORM 1.2)" in card
    assert "Activity completion > Require status: Completed and Passed (tick both)" in card
    assert "Require status: Passed only, or Require minimum score: 80" in card
    assert "Moodle's 'Completed' counts neither" in flat
    assert "moveOn = CompletedAndPassed, masteryScore = 0.8" in flat
    assert "Result: the 'passed' or 'failed' verb on it" in card
    assert "Learning objects" not in card and "not scored" not in card


def test_the_setup_card_of_a_scorm12_package_alone(tmp_path):
    card = card_of(tmp_path, 72.5, "scorm12")
    assert "Activity completion > Require status: Passed only, or Require minimum score: 73" in card
    assert "Completed and Passed" not in card and "(SCORM 1.2)" not in card


def test_the_setup_card_of_a_scored_course_without_mastery_score(tmp_path):
    card = card_of(tmp_path, None, "scorm2004-4th", "cmi5")
    flat = " ".join(card.split())
    assert "They never report 'passed' or 'failed' (course.yml sets no mastery_score)." in flat
    assert "Activity completion > Require status: Completed\n" in card
    assert "Mastery score overrides status" not in card and "moveOn = Completed)" in card


def test_an_unscored_course_keeps_its_card(tmp_path):
    built = build(write_course(tmp_path / "course"), tmp_path / "out", ["scorm12"])
    assert built
    card = (tmp_path / "out" / "fixture-course-1.0-lms-setup.txt").read_text()
    assert "Grade > Grading method: Learning objects; Maximum grade: 1 (or no grade)" in card
    assert "Compatibility settings > Mastery score overrides status: leave as is" in card
    assert "Activity completion > Require status: Completed\n" in card
    assert "every page viewed and the reflection submitted" in " ".join(card.split())

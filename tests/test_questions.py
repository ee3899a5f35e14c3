"""Knowledge checks end to end, on a small scored course (conftest.write_quiz_course: a
single, a multiple with two attempts, a true-false, mastery score 80):

- under scorm-again (the LMS-side runtime from npm) for SCORM 1.2, 2004 3rd and 4th
  Edition, a learner answers all right, another all wrong: every value the LMS holds
  (the interactions field by field, the score, lesson_status or completion and success
  status), with no call refused; the LMS's own mastery score wins over the course's;
  the answers and their feedback come back on resume, in another browser;
- against a real LRS (Ralph), behind a strict cmi5 LMS for cmi5: the `answered`,
  `passed` and `failed` statements field by field, and the cmi5 rules (one verdict,
  never in Browse mode, the launch's masteryScore wins and is said);
- axe-core finds no violation in any state of a question (unanswered, right, wrong, no
  attempt left) nor on the closing page with the score, in English and French; the
  keyboard alone answers every question.
"""
from __future__ import annotations

import json
import re
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from conftest import AXE, QUIZ_ANSWERS, QUIZ_PAGES, axe, tab_to, write_quiz_course
from lms_server import AU_ACTIVITY_ID, SCORM_AGAIN, LmsServer, ScoLaunch, interactions, next_launch, refused_calls
from scormgen.build import build
from story import ADL, CMI5_CATEGORY, CMI5_MOVEON, DURATION_RE, UUID_RE, new_learner

pytestmark = [pytest.mark.browser, pytest.mark.node]  # scorm-again and axe-core come from node_modules

COURSE_IRI = "urn:scormgen:quiz-course"
MASTERY_EXTENSION = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
QUESTIONS = list(QUIZ_ANSWERS)
# The second wrong answer to the question that allows two attempts (its last attempt).
WRONG_AGAIN = {"q-multiple": ["goals"]}
# Each question as the LMS must receive it: its type, its options in source order (SCORM 1.2
# writes them as the letters a, b, c... by that order), its prompt and its options' plain text.
EXPECTED = {
    "q-single": {"type": "choice", "options": ["goals", "fees", "hours"], "correct": ["goals"],
                 "prompt": "Which of these is one of Bordin's three components of the working alliance?",
                 "texts": ["Agreement on the goals of care", "Agreement on fees", "Agreement on office hours"]},
    "q-multiple": {"type": "choice", "options": ["goals", "tasks", "fees"], "correct": ["goals", "tasks"],
                   "prompt": "Which two of these are components of the alliance?", "texts": ["Goals", "Tasks", "Fees"]},
    "q-truefalse": {"type": "true-false", "options": [], "correct": ["true"],
                    "prompt": "The working alliance predicts outcomes across therapies."},
}


# --- the packages and the test LMS ---------------------------------------------------------------

@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> Path:
    """The quiz course built for every target: pkg/<target> (mastery 80), pkg/fr-<target>
    (the course in French), pkg/plain-<target> (no mastery score)."""
    root = tmp_path_factory.mktemp("quiz")
    courses = {"": write_quiz_course(root / "course"),
               "fr-": write_quiz_course(root / "course-fr", language="fr"),
               "plain-": write_quiz_course(root / "course-plain", mastery=None)}
    for prefix, course in courses.items():
        for package in build(course, root / f"dist-{prefix or 'en'}"):
            with zipfile.ZipFile(package.path) as archive:
                archive.extractall(root / "pkg" / f"{prefix}{package.target.name}")
    return root / "pkg"


@pytest.fixture(scope="module")
def lms(packages):
    if not (SCORM_AGAIN / "scorm12.js").is_file():
        pytest.skip("scorm-again is missing: run 'npm ci' at the repository root (see README, Set-up)")
    with LmsServer(packages) as server:
        yield server


def block(scope, question: str):
    return scope.locator(f'[data-sg-quiz="{question}"]')


def check(scope, question: str, options: list[str]) -> str:
    """As a learner: choose exactly ``options`` in the question's block, press Check; the
    result the feedback says ("correct" or "incorrect")."""
    fieldset = block(scope, question)
    for box in fieldset.locator("input").all():
        if box.get_attribute("value") in options:
            box.check()
        elif box.get_attribute("type") == "checkbox":
            box.uncheck()
    fieldset.locator('[data-sg-action="submit"]').click()
    feedback = fieldset.locator("[data-sg-feedback]")
    expect(feedback).to_have_count(1)
    expected = "correct" if sorted(options) == sorted(QUIZ_ANSWERS[question]["right"]) else "incorrect"
    expect(feedback).to_have_attribute("data-sg-result", expected)
    return expected


# --- SCORM under scorm-again --------------------------------------------------------------------

SCORM_TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th"]
LEARNER = {"scorm12": {"core": {"student_id": "u42", "student_name": "Doe, Jane"}},
           "scorm2004": {"learner_id": "u42", "learner_name": "Jane Doe"}}


def standard(target: str) -> str:
    return "scorm12" if target.endswith("scorm12") else "scorm2004"


def lms_mastery(target: str, mastery: float | None) -> dict:
    """What an LMS gives a launch of the package whose manifest says ``mastery`` (0 to 1)."""
    if mastery is None:
        return {}
    if standard(target) == "scorm12":
        return {"student_data": {"mastery_score": f"{mastery * 100:g}"}}
    return {"scaled_passing_score": f"{mastery:g}"}


class ScormLaunch(ScoLaunch):
    """One launch of the quiz course's SCORM package in the test LMS, from ``cmi``."""

    def __init__(self, lms: LmsServer, context, target: str, cmi: dict):
        self.target, self.std = target, standard(target)
        super().__init__(lms, context, target, self.std, {"cmi": cmi})

    def reflect(self) -> None:
        reflection = self.frame.locator('[data-sg-reflection="r-quiz"]')
        reflection.locator("textarea").fill("The bond.")
        reflection.locator('[data-sg-action="submit"]').click()


def score(cmi: dict, std: str) -> dict:
    return cmi["core"]["score"] if std == "scorm12" else cmi["score"]


def status(cmi: dict, std: str) -> tuple[str, str]:
    """(completion, success): SCORM 1.2's one lesson_status twice."""
    if std == "scorm12":
        return cmi["core"]["lesson_status"], cmi["core"]["lesson_status"]
    return cmi["completion_status"], cmi["success_status"]


def response(question: str, options: list[str], std: str) -> str:
    """A response as the standard writes it: SCORM 1.2 letters by source order (t/f), SCORM 2004
    option ids joined by [,] (true/false)."""
    expected = EXPECTED[question]
    if expected["type"] == "true-false":
        return options[0][0] if std == "scorm12" else options[0]
    ordered = [o for o in expected["options"] if o in options]
    if std == "scorm12":
        return ",".join("abcdefghijklmnopqrstuvwxyz"[expected["options"].index(o)] for o in ordered)
    return "[,]".join(ordered)


def assert_interaction(found: dict, question: str, options: list[str], right: bool, std: str) -> None:
    """One check's interaction, field by field."""
    expected = EXPECTED[question]
    assert found["id"] == question
    assert found["type"] == expected["type"]
    assert found["correct_responses"] == {"0": {"pattern": response(question, expected["correct"], std)}}
    assert found["weighting"] == "1"
    if std == "scorm12":
        assert found["student_response"] == response(question, options, std)
        assert found["result"] == ("correct" if right else "wrong")
        assert re.match(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$", found["time"]), found["time"]
        assert re.match(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$", found["latency"]), found["latency"]
    else:
        assert found["learner_response"] == response(question, options, std)
        assert found["result"] == ("correct" if right else "incorrect")
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", found["timestamp"]), found["timestamp"]
        assert re.match(r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$", found["latency"]), found["latency"]
        assert found["description"] == expected["prompt"]


def raw(correct: int) -> str:
    return f"{round(100 * correct / len(QUESTIONS), 2):g}"


def walk_scorm(launch: ScormLaunch, right: bool) -> list[tuple[str, list[str], bool]]:
    """Every page, the reflection, every question answered right (or wrong, the question with
    two attempts twice), checking after each check the score and that nothing is judged yet.
    Returns the checks made: (question, options, right)."""
    std, made, correct = launch.std, [], 0
    for index, page_id in enumerate(QUIZ_PAGES):
        if index:
            launch.frame.locator('[data-sg-nav="next"]').click()
        expect(launch.frame.locator(f'[data-sg-page-id="{page_id}"]')).to_be_visible()
        if page_id == "choose-one":
            launch.reflect()
        for question, answer in QUIZ_ANSWERS.items():
            if answer["page"] != page_id:
                continue
            tries = [answer["right"]] if right else [answer["wrong"], *([WRONG_AGAIN[question]]
                                                                        if question in WRONG_AGAIN else [])]
            for options in tries:
                check(launch.frame, question, options)
                made.append((question, options, right))
            correct += right
            cmi = launch.cmi()
            assert score(cmi, std)["raw"] == raw(correct)
            assert (score(cmi, std)["min"], score(cmi, std)["max"]) == ("0", "100")
            if std == "scorm2004":
                assert cmi["score"]["scaled"] == f"{round(correct / len(QUESTIONS), 4):g}"
            if question != QUESTIONS[-1]:
                assert status(cmi, std) == (("incomplete", "incomplete") if std == "scorm12"
                                            else ("incomplete", "unknown")), "not judged before every answer"
    return made


@pytest.mark.slow
@pytest.mark.parametrize("target", SCORM_TARGETS)
def test_all_right_then_all_wrong_under_scorm_again(lms, browser, target):
    std = standard(target)
    for right in (True, False):
        launch = ScormLaunch(lms, browser.new_context(), target, {**LEARNER[std], **lms_mastery(target, 0.8)})
        made = walk_scorm(launch, right)
        expect(launch.frame.locator("[data-sg-score]")).to_be_visible()
        expect(launch.frame.locator("[data-sg-score]")).to_have_text(
            "Your score: 100% (3 of 3 correct). Passing score: 80%. Result: passed." if right else
            "Your score: 0% (0 of 3 correct). Passing score: 80%. Result: failed.")
        cmi = launch.exit_activity()
        assert refused_calls(launch.calls()) == []
        verdict = "passed" if right else "failed"
        assert status(cmi, std) == ((verdict, verdict) if std == "scorm12" else ("completed", verdict))
        assert score(cmi, std) == {"raw": raw(3 if right else 0), "min": "0", "max": "100",
                                   **({"scaled": "1" if right else "0"} if std == "scorm2004" else {})}
        checks = [i for i in interactions(cmi) if i["id"] in QUESTIONS]
        assert [i["id"] for i in checks] == [question for question, _, _ in made], "one interaction per check"
        for found, (question, options, was_right) in zip(checks, made, strict=True):
            assert_interaction(found, question, options, was_right, std)
        reflection = [i for i in interactions(cmi) if i["id"] == "r-quiz"]
        assert len(reflection) == 1 and reflection[0]["type"] == ("fill-in" if std == "scorm12" else "long-fill-in")
        launch.page.close()


@pytest.mark.slow
@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4th"])
def test_the_lms_mastery_score_wins_over_the_course(lms, browser, target):
    """One right of three (33.33%): failed by the course's 80, passed by the LMS's 30."""
    std = standard(target)
    launch = ScormLaunch(lms, browser.new_context(), target, {**LEARNER[std], **lms_mastery(target, 0.3)})
    for index, page_id in enumerate(QUIZ_PAGES):
        if index:
            launch.frame.locator('[data-sg-nav="next"]').click()
        expect(launch.frame.locator(f'[data-sg-page-id="{page_id}"]')).to_be_visible()
    launch.goto("choose-one")
    launch.reflect()
    check(launch.frame, "q-single", ["goals"])
    launch.goto("choose-many")
    check(launch.frame, "q-multiple", ["fees"])
    check(launch.frame, "q-multiple", ["tasks"])
    launch.goto("true-or-false")
    check(launch.frame, "q-truefalse", ["false"])
    cmi = launch.exit_activity()
    assert refused_calls(launch.calls()) == []
    assert score(cmi, std)["raw"] == "33.33"
    assert status(cmi, std) == (("passed", "passed") if std == "scorm12" else ("completed", "passed"))


@pytest.mark.slow
@pytest.mark.parametrize("target", ["plain-scorm12", "plain-scorm2004-4th"])
def test_without_a_mastery_score_the_course_is_scored_not_judged(lms, browser, target):
    std = standard(target)
    launch = ScormLaunch(lms, browser.new_context(), target, dict(LEARNER[std]))
    walk_scorm(launch, True)
    expect(launch.frame.locator("[data-sg-score]")).to_contain_text("100%")
    cmi = launch.exit_activity()
    assert refused_calls(launch.calls()) == []
    assert score(cmi, std)["raw"] == "100"
    assert status(cmi, std) == (("completed", "completed") if std == "scorm12" else ("completed", "unknown"))


@pytest.mark.slow
@pytest.mark.parametrize("target", SCORM_TARGETS)
def test_answers_and_feedback_come_back_on_resume_in_another_browser(lms, browser, target):
    std = standard(target)
    first = ScormLaunch(lms, browser.new_context(), target, {**LEARNER[std], **lms_mastery(target, 0.8)})
    first.goto("choose-one")
    check(first.frame, "q-single", ["goals"])
    first.goto("choose-many")
    check(first.frame, "q-multiple", ["fees"])  # one attempt left
    first.goto("true-or-false")
    check(first.frame, "q-truefalse", ["false"])  # no attempt left
    cmi = first.exit_activity()
    assert refused_calls(first.calls()) == []

    second = ScormLaunch(lms, browser.new_context(), target, next_launch(cmi, std)["cmi"])
    for question, options, result, closed in (("q-single", ["goals"], "correct", True),
                                              ("q-multiple", ["fees"], "incorrect", False),
                                              ("q-truefalse", ["false"], "incorrect", True)):
        second.goto(QUIZ_ANSWERS[question]["page"])
        fieldset = block(second.frame, question)
        for box in fieldset.locator("input").all():
            (expect(box).to_be_checked if box.get_attribute("value") in options else expect(box).not_to_be_checked)()
            (expect(box).to_be_disabled if closed else expect(box).to_be_enabled)()
        expect(fieldset.locator("[data-sg-feedback]")).to_have_attribute("data-sg-result", result)
        if question == "q-truefalse":
            expect(fieldset.locator("[data-sg-feedback]")).to_contain_text("The correct answer:")
    # the question with an attempt left takes its last one, and the score counts it
    second.goto("choose-many")
    assert check(second.frame, "q-multiple", ["goals", "tasks"]) == "correct"
    second_cmi = second.exit_activity()
    assert refused_calls(second.calls()) == []
    assert score(second_cmi, std)["raw"] == raw(2)


# --- xAPI and cmi5 against Ralph -----------------------------------------------------------------

def statements_of(ralph, actor: dict, until, timeout: float = 60.0) -> list[dict]:
    """The learner's statements in Ralph, by time, once ``until(statements)`` holds."""
    deadline = time.monotonic() + timeout
    found: list[dict] = []
    while time.monotonic() < deadline:
        found = ralph.statements(agent={"mbox": actor["mbox"]})
        if until(found):
            time.sleep(1.0)  # anything more (a double) would arrive now
            break
        time.sleep(0.5)
    return sorted(ralph.statements(agent={"mbox": actor["mbox"]}), key=lambda s: (s["timestamp"], s["stored"]))


def verbs(statements: list[dict]) -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


def walk_xapi(page, right: bool) -> list[tuple[str, list[str], bool]]:
    made = []
    for index, page_id in enumerate(QUIZ_PAGES):
        if index:
            page.locator('[data-sg-nav="next"]').click()
        expect(page.locator(f'[data-sg-page-id="{page_id}"]')).to_be_visible()
        if page_id == "choose-one":
            reflection = page.locator('[data-sg-reflection="r-quiz"]')
            reflection.locator("textarea").fill("The bond.")
            reflection.locator('[data-sg-action="submit"]').click()
        for question, answer in QUIZ_ANSWERS.items():
            if answer["page"] == page_id:
                tries = [answer["right"]] if right else [answer["wrong"], *([WRONG_AGAIN[question]]
                                                                            if question in WRONG_AGAIN else [])]
                for options in tries:
                    check(page, question, options)
                    made.append((question, options, right))
    return made


def assert_answered(statement: dict, question: str, options: list[str], right: bool, parent: str) -> None:
    """A check's `answered` statement, field by field."""
    expected = EXPECTED[question]
    assert statement["verb"]["id"] == ADL + "answered"
    obj = statement["object"]
    assert obj["id"] == f"{COURSE_IRI}/questions/{question}"
    definition = obj["definition"]
    assert definition["type"] == INTERACTION_TYPE
    assert definition["interactionType"] == expected["type"]
    assert definition["name"] == definition["description"] == {"en": expected["prompt"]}
    assert definition["correctResponsesPattern"] == [response(question, expected["correct"], "scorm2004")]
    if expected["type"] == "choice":
        assert definition["choices"] == [{"id": o, "description": {"en": text}}
                                         for o, text in zip(expected["options"], expected["texts"], strict=True)]
    else:
        assert "choices" not in definition
    point = 1 if right else 0
    assert statement["result"] == {"response": response(question, options, "scorm2004"), "success": right,
                                   "score": {"scaled": point, "raw": point, "min": 0, "max": 1}}
    assert statement["context"]["contextActivities"]["parent"] == [{"objectType": "Activity", "id": parent}]
    assert UUID_RE.match(statement["id"])


def assert_verdict(statement: dict, right: bool, course: str) -> None:
    verdict = "passed" if right else "failed"
    assert statement["verb"]["id"] == ADL + verdict
    assert statement["object"]["id"] == course
    result = statement["result"]
    assert result["success"] is right
    assert result["score"] == {"scaled": 1 if right else 0, "raw": 3 if right else 0, "min": 0, "max": 3}
    assert DURATION_RE.match(result["duration"]), result["duration"]


@pytest.mark.lrs
@pytest.mark.slow
@pytest.mark.parametrize("right", [True, False], ids=["all right", "all wrong"])
def test_xapi_statements_field_by_field(lms, ralph, browser, right):
    lms.lrs_upstream = ralph.url
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(f"{lms.url}/pkg/xapi/index.html?" + urlencode({
        "endpoint": f"{lms.url}/xapi/", "auth": ralph.auth, "actor": json.dumps(actor), "registration": registration}))
    made = walk_xapi(page, right)
    page.close()
    statements = statements_of(ralph, actor, lambda found: "terminated" in verbs(found))
    answered = [s for s in statements if "/questions/" in s["object"]["id"]]
    assert len(answered) == len(made)
    for statement, (question, options, was_right) in zip(answered, made, strict=True):
        assert_answered(statement, question, options, was_right, COURSE_IRI)
        assert statement["context"]["registration"] == registration and statement["actor"]["mbox"] == actor["mbox"]
    verdicts = [s for s in statements if verbs([s])[0] in ("passed", "failed")]
    assert len(verdicts) == 1, "one verdict, once every question is answered"
    assert_verdict(verdicts[0], right, COURSE_IRI)
    assert statements.index(verdicts[0]) > statements.index(answered[-1])
    assert MASTERY_EXTENSION not in (verdicts[0]["context"].get("extensions") or {}), "no cmi5 launch"


@pytest.mark.lrs
@pytest.mark.slow
def test_each_answer_says_whether_the_lrs_took_it(lms, ralph, browser):
    """As a reflection does: a question whose `answered` statement the LRS took is marked
    delivered; one it refused is marked refused and says so in words, the answer kept."""
    lms.lrs_upstream = ralph.url
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(f"{lms.url}/pkg/xapi/index.html?" + urlencode({
        "endpoint": f"{lms.url}/xapi/", "auth": ralph.auth, "actor": json.dumps(actor), "registration": registration}))
    expect(page.locator('[data-sg-page-id="choose-one"]')).to_be_visible()
    check(page, "q-single", ["goals"])
    expect(block(page, "q-single")).to_have_attribute("data-sg-delivery", "delivered", timeout=15000)
    expect(block(page, "q-single").locator("[data-sg-delivery-note]")).to_have_count(0)
    lms.lrs_mode = "refuse"  # from now on the LRS answers 403 to every statement
    try:
        page.locator('[data-sg-nav="next"]').click()
        expect(page.locator('[data-sg-page-id="choose-many"]')).to_be_visible()
        check(page, "q-multiple", ["goals", "tasks"])
        refused = block(page, "q-multiple")
        expect(refused).to_have_attribute("data-sg-delivery", "refused", timeout=15000)
        expect(refused.locator("[data-sg-delivery-note]")).to_contain_text("refused it")
        expect(refused.locator("[data-sg-feedback]")).to_have_attribute("data-sg-result", "correct")
        # said again when the learner comes back to the page
        page.locator('[data-sg-nav="prev"]').click()
        page.locator('[data-sg-nav="next"]').click()
        expect(block(page, "q-multiple")).to_have_attribute("data-sg-delivery", "refused")
        assert axe(page) == []
    finally:
        lms.lrs_mode = "pass"
        page.close()


@pytest.fixture
def strict_cmi5(lms, ralph):
    """The test LMS's cmi5 side in front of Ralph; at the end, it refused nothing."""
    lms.lrs_upstream = ralph.url
    lms.lrs_mode = "pass"
    before = len(lms.cmi5.refusals)
    yield lms
    assert lms.cmi5.refusals[before:] == [], "the strict cmi5 LMS refused a request"


def cmi5_run(lms, ralph, browser, actor, registration, right: bool, **launch) -> tuple[list, list[dict]]:
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration, **launch))
    made = walk_xapi(page, right)
    page.locator('[data-sg-complete] [data-sg-action="exit"]').click()
    page.wait_for_url("**/cmi5/returned", timeout=15000)
    page.close()
    statements = statements_of(ralph, actor, lambda found: "terminated" in verbs(found))
    return made, statements


@pytest.mark.lrs
@pytest.mark.slow
@pytest.mark.parametrize("right", [True, False], ids=["all right", "all wrong"])
def test_cmi5_statements_field_by_field(strict_cmi5, ralph, browser, right):
    lms = strict_cmi5
    actor, registration = new_learner(), str(uuid.uuid4())
    made, statements = cmi5_run(lms, ralph, browser, actor, registration, right)
    mine = [s for s in statements if verbs([s])[0] not in ("launched", "satisfied", "abandoned")]
    launched = next(s for s in statements if verbs([s])[0] == "launched")
    assert launched["context"]["extensions"][MASTERY_EXTENSION] == 0.8, "cmi5.xml's masteryScore"
    assert launched["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/moveon"] == \
        "CompletedAndPassed"
    answered = [s for s in mine if "/questions/" in s["object"]["id"]]
    assert len(answered) == len(made)
    for statement, (question, options, was_right) in zip(answered, made, strict=True):
        assert_answered(statement, question, options, was_right, AU_ACTIVITY_ID)
        categories = [c["id"] for c in statement["context"]["contextActivities"].get("category", [])]
        assert CMI5_CATEGORY not in categories, "answered is a cmi5 allowed statement"
    [verdict] = [s for s in mine if verbs([s])[0] in ("passed", "failed")]
    assert_verdict(verdict, right, AU_ACTIVITY_ID)
    categories = [c["id"] for c in verdict["context"]["contextActivities"]["category"]]
    assert CMI5_CATEGORY in categories and CMI5_MOVEON in categories
    assert verdict["context"]["extensions"][MASTERY_EXTENSION] == 0.8
    assert verbs(mine)[0] == "initialized" and verbs(mine)[-1] == "terminated"
    assert verbs(mine).count("completed") == 1
    assert verbs(statements).count("satisfied") == (1 if right else 0), "CompletedAndPassed: met only when passed"


@pytest.mark.lrs
@pytest.mark.slow
def test_cmi5_launch_data_mastery_score_wins_and_one_verdict_a_registration(strict_cmi5, ralph, browser):
    """The LMS says 0.3 (cmi5.xml 0.8): one right of three passes, with 0.3 said; a relaunch
    sends no verdict again."""
    lms = strict_cmi5
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration, mastery_score=0.3))
    page.locator('[data-sg-toc] a[data-sg-goto="choose-one"]').click()
    check(page, "q-single", ["goals"])
    page.locator('[data-sg-toc] a[data-sg-goto="choose-many"]').click()
    check(page, "q-multiple", ["fees"])
    check(page, "q-multiple", ["tasks"])
    page.locator('[data-sg-toc] a[data-sg-goto="true-or-false"]').click()
    check(page, "q-truefalse", ["false"])
    statements = statements_of(ralph, actor, lambda found: "passed" in verbs(found) or "failed" in verbs(found))
    [verdict] = [s for s in statements if verbs([s])[0] in ("passed", "failed")]
    assert verbs([verdict]) == ["passed"]
    assert verdict["result"]["score"] == {"scaled": 0.3333, "raw": 1, "min": 0, "max": 3}
    assert verdict["context"]["extensions"][MASTERY_EXTENSION] == 0.3
    page.close()
    again = browser.new_context().new_page()
    again.goto(lms.cmi5_launch(actor, registration, mastery_score=0.3))
    again.locator('[data-sg-toc] a[data-sg-goto="true-or-false"]').click()
    expect(block(again, "q-truefalse").locator("[data-sg-feedback]")).to_have_attribute("data-sg-result", "incorrect")
    again.close()
    statements = statements_of(ralph, actor, lambda found: verbs(found).count("initialized") == 2)
    assert verbs(statements).count("passed") + verbs(statements).count("failed") == 1


@pytest.mark.lrs
@pytest.mark.slow
def test_cmi5_browse_mode_sends_answers_but_no_verdict(strict_cmi5, ralph, browser):
    lms = strict_cmi5
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration, launch_mode="Browse"))
    made = walk_xapi(page, True)
    expect(page.locator("[data-sg-score]")).to_contain_text("100%")
    page.close()
    statements = statements_of(ralph, actor, lambda found: "terminated" in verbs(found))
    mine = verbs(statements)
    assert mine.count("answered") == len(made) + 1, "the questions' and the reflection's answers"
    assert not {"passed", "failed", "completed"} & set(mine), "nothing satisfying in Browse mode"


# --- accessibility and the keyboard ----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axe_finds_no_violation_in_any_state_of_a_question(lms, browser, lang):
    if not AXE.is_file():
        pytest.skip("axe-core is missing: run 'npm ci' (see README, Set-up)")
    prefix = "fr-" if lang == "fr" else ""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{lms.url}/pkg/{prefix}scorm2004-4th/index.html")
    found: dict[str, list[str]] = {}
    expect(page.locator('[data-sg-page-id="choose-one"]')).to_be_visible()
    found["unanswered (single)"] = axe(page)
    check(page, "q-single", ["goals"])
    found["right"] = axe(page)
    page.locator('[data-sg-nav="next"]').click()
    expect(page.locator('[data-sg-page-id="choose-many"]')).to_be_visible()
    found["unanswered (multiple, shuffled)"] = axe(page)
    check(page, "q-multiple", ["fees"])
    expect(block(page, "q-multiple").locator("[data-sg-attempts]")).not_to_be_empty()
    found["wrong, an attempt left"] = axe(page)
    check(page, "q-multiple", ["goals"])
    found["wrong, no attempt left"] = axe(page)
    page.locator('[data-sg-nav="next"]').click()
    expect(page.locator('[data-sg-page-id="true-or-false"]')).to_be_visible()
    check(page, "q-truefalse", ["false"])
    expect(block(page, "q-truefalse").locator("[data-sg-feedback]")).to_contain_text(
        "La bonne réponse" if lang == "fr" else "The correct answer")
    found["wrong, the correct answer shown"] = axe(page)
    for box in block(page, "q-truefalse").locator("input").all():
        expect(box).to_be_disabled()
    page.locator('[data-sg-toc] a[data-sg-goto="choose-one"]').click()
    page.locator('[data-sg-reflection="r-quiz"] textarea').fill("The bond.")
    page.locator('[data-sg-reflection="r-quiz"] [data-sg-action="submit"]').click()
    page.locator('[data-sg-toc] a[data-sg-goto="true-or-false"]').click()
    expect(page.locator("[data-sg-score]")).to_be_visible()
    expect(page.locator("[data-sg-score]")).to_contain_text("33")
    found["the closing page with the score"] = axe(page)
    page.close()
    assert {where: v for where, v in found.items() if v} == {}


def focused(page) -> str:
    return page.evaluate("""() => { const e = document.activeElement;
        return e ? (e.getAttribute('data-sg-nav') || e.getAttribute('data-sg-action') ||
                    (e.tagName.toLowerCase() + (e.value ? ':' + e.value : ''))) : ''; }""")




@pytest.mark.slow
def test_every_question_with_the_keyboard_alone(lms, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{lms.url}/pkg/scorm12/index.html")
    expect(page.locator('[data-sg-page-id="choose-one"]')).to_be_visible()
    # a radio group: Tab reaches the first option, the arrows choose, Space checks
    tab_to(page, "input:goals", focused)
    page.keyboard.press("Space")
    tab_to(page, "submit", focused)
    page.keyboard.press("Enter")
    feedback = block(page, "q-single").locator("[data-sg-feedback]")
    expect(feedback).to_have_attribute("data-sg-result", "correct")
    assert focused(page) in ("submit", "div"), "the focus stays on Check or moves to the feedback"
    expect(block(page, "q-single").locator("input").first).to_be_disabled()
    tab_to(page, "next", focused)
    page.keyboard.press("Enter")
    expect(page.locator('[data-sg-page-id="choose-many"]')).to_be_visible()
    # checkboxes: each its own Tab stop, Space toggles
    for option in ("goals", "tasks"):
        tab_to(page, f"input:{option}", focused)
        page.keyboard.press("Space")
    tab_to(page, "submit", focused)
    page.keyboard.press("Enter")
    expect(block(page, "q-multiple").locator("[data-sg-feedback]")).to_have_attribute("data-sg-result", "correct")
    tab_to(page, "next", focused)
    page.keyboard.press("Enter")
    expect(page.locator('[data-sg-page-id="true-or-false"]')).to_be_visible()
    tab_to(page, "input:true", focused)
    page.keyboard.press("ArrowDown")  # the arrow moves to (and checks) False
    assert focused(page) == "input:false"
    page.keyboard.press("ArrowUp")
    tab_to(page, "submit", focused)
    page.keyboard.press("Enter")
    expect(block(page, "q-truefalse").locator("[data-sg-feedback]")).to_have_attribute("data-sg-result", "correct")
    page.close()

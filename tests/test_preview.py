"""`scormgen preview` in Debian's Chromium: the panel shows what the runtime set, a
data-model violation appears as an error, an edit to a page appears after the rebuild,
the learner's data survives a reload until reset, a cmi5 preview plays a strict cmi5
LMS (a new session for each launch, its refusals shown), and Ctrl-C stops the server."""
from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import QUIZ_ANSWERS, ROOT, write_course, write_quiz_course
from scormgen.preview.mastery import lms_values, package_mastery
from scormgen.preview.server import PreviewServer
from scormgen.standards.lmsprofiles import preview_model


@pytest.fixture
def preview(tmp_path):
    servers = []

    def start(course: Path, target: str = "scorm2004-4th", watch: bool = False, lms: str = "strict") -> PreviewServer:
        server = PreviewServer(course, target, 0, lms=lms)
        server.start(watch=watch)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.stop()


def open_shell(browser, server):
    """The preview's page, wide enough to show the course and the panel side by side."""
    page = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    page.goto(server.url)
    return page


def panel(page, name):
    return page.locator(f'[data-panel="{name}"]')


@pytest.mark.browser
def test_panel_shows_what_the_package_reports(preview, browser):
    server = preview(ROOT / "course_source")
    page = open_shell(browser, server)
    course = page.frame_locator("#pv-course")
    expect(panel(page, "status")).to_have_text("incomplete")
    course.locator('[data-sg-nav="next"]').click()
    course.locator('[data-sg-nav="next"]').click()
    expect(panel(page, "location")).to_have_text("what-is-integrative-medicine")
    expect(panel(page, "commits")).not_to_have_text("0")
    course.locator('[data-sg-goto="relationship-at-the-heart"]').click()
    block = course.locator("[data-sg-reflection]").first
    block.locator("textarea").fill("Two lines\nof answer")
    block.locator('[data-sg-action="submit"]').click()
    expect(panel(page, "interactions")).to_contain_text("reflect-strong-partnership: Two lines¶of answer")
    expect(panel(page, "suspend")).to_contain_text(" of 24000 bytes")
    expect(panel(page, "error-count")).to_have_text("(0)")


@pytest.mark.browser
def test_a_data_model_violation_appears_as_an_error(preview, browser):
    server = preview(ROOT / "course_source")
    page = open_shell(browser, server)
    expect(panel(page, "status")).to_have_text("incomplete")
    frame = page.frame(url=lambda url: "/pkg/" in url)
    frame.evaluate("window.parent.API_1484_11.SetValue('cmi.location', 'x'.repeat(1001))")
    frame.evaluate("window.parent.API_1484_11.SetValue('cmi.comments_from_learner.0.comment', 'a\\nb')")
    frame.evaluate("window.parent.API_1484_11.SetValue('cmi.interactions.7.id', 'skips')")
    errors = panel(page, "errors")
    expect(errors).to_contain_text("SetValue(\"cmi.location\"")
    expect(errors).to_contain_text("refused: 407 Data model element value out of range")
    expect(errors).to_contain_text("406 Data model element type mismatch (cmi.comments_from_learner.0.comment: "
                                   "a line break (Moodle and scorm-again refuse it))")
    expect(errors).to_contain_text("351 General set failure (index 7 skips past")
    expect(panel(page, "error-count")).to_have_text("(3)")


@pytest.mark.browser
def test_scorm12_rules_too(preview, browser):
    server = preview(ROOT / "course_source", "scorm12")
    page = open_shell(browser, server)
    expect(panel(page, "status")).to_have_text("incomplete")
    frame = page.frame(url=lambda url: "/pkg/" in url)
    frame.evaluate("window.parent.API.LMSSetValue('cmi.core.student_id', 'me')")
    frame.evaluate("window.parent.API.LMSSetValue('cmi.core.session_time', 'PT1M')")
    expect(panel(page, "errors")).to_contain_text("403 Element is read only")
    expect(panel(page, "errors")).to_contain_text("405 Incorrect data type")


@pytest.mark.browser
@pytest.mark.slow  # waits for the rebuild
def test_an_edit_appears_after_the_rebuild_and_a_broken_edit_is_shown(preview, browser, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "course_source", course)
    server = preview(course, watch=True)
    page = open_shell(browser, server)
    frame = page.frame_locator("#pv-course")
    expect(frame.locator("[data-sg-page-id] h1")).to_have_text("Welcome")
    welcome = course / "pages" / "welcome.md"
    welcome.write_text(welcome.read_text().replace("# Welcome", "# Welcome, edited"), encoding="utf-8")
    expect(frame.locator("[data-sg-page-id] h1")).to_have_text("Welcome, edited", timeout=20000)
    welcome.write_text("no title any more\n", encoding="utf-8")
    expect(panel(page, "build")).to_contain_text("The last build failed:", timeout=20000)
    expect(panel(page, "build")).to_contain_text("pages/welcome.md:1: the page does not start with a title.")
    expect(frame.locator("[data-sg-page-id] h1")).to_have_text("Welcome, edited")


@pytest.mark.browser
@pytest.mark.slow  # waits for the rebuild
def test_after_a_rebuild_on_page_two_the_new_build_runs_a_live_session(preview, browser, tmp_path):
    course = write_course(tmp_path / "course")
    server = preview(course, watch=True)
    page = open_shell(browser, server)
    frame = page.frame_locator("#pv-course")
    expect(panel(page, "build")).to_contain_text("Build 1")
    frame.locator('[data-sg-nav="next"]').click()
    expect(panel(page, "location")).to_have_text("second")
    second = course / "pages" / "second.md"
    second.write_text(second.read_text().replace("\n", "\n\nEdited.\n", 1), encoding="utf-8")
    expect(panel(page, "build")).to_contain_text("Build 2", timeout=20000)
    expect(frame.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "second")
    expect(panel(page, "session")).to_have_text("")
    frame.locator('[data-sg-nav="prev"]').click()
    expect(panel(page, "location")).to_have_text("intro")
    expect(panel(page, "session-time")).not_to_have_text("")
    expect(panel(page, "error-count")).to_have_text("(0)")


@pytest.mark.browser
def test_chamilo_runs_a_2004_package_on_the_12_api_without_comments(preview, browser, tmp_path):
    server = preview(write_course(tmp_path / "course"), lms="chamilo")
    page = open_shell(browser, server)
    expect(panel(page, "lms")).to_have_text("Chamilo")
    expect(panel(page, "standard")).to_contain_text("(run on the SCORM 1.2 API)")
    expect(panel(page, "status")).to_have_text("incomplete")
    assert page.evaluate("typeof window.API_1484_11") == "undefined"
    frame = page.frame(url=lambda url: "/pkg/" in url)
    assert frame.evaluate("window.parent.API.LMSGetValue('cmi._children')").split(",").count("comments") == 0
    assert frame.evaluate("window.parent.API.LMSGetValue('cmi.core.entry')") == "ab-initio"
    frame.evaluate("window.parent.API.LMSSetValue('cmi.comments', 'a note')")
    expect(panel(page, "errors")).to_contain_text('LMSSetValue("cmi.comments", "a note") refused: 401')
    # the only cmi.comments call is ours: the runtime read cmi._children and left them alone
    expect(panel(page, "error-count")).to_have_text("(1)")


@pytest.mark.browser
def test_ilias_refuses_a_commit_with_a_timestamp_it_cannot_read(preview, browser, tmp_path):
    server = preview(write_course(tmp_path / "course"), lms="ilias")
    page = open_shell(browser, server)
    expect(panel(page, "lms")).to_have_text("ILIAS 8.12")
    expect(panel(page, "status")).to_have_text("incomplete")
    frame = page.frame(url=lambda url: "/pkg/" in url)
    api = "window.parent.API_1484_11"
    n = int(frame.evaluate(f"{api}.GetValue('cmi.interactions._count')"))
    assert frame.evaluate(f"{api}.SetValue('cmi.interactions.{n}.id', 'dated')") == "true"
    at = f"cmi.interactions.{n}.timestamp"
    assert frame.evaluate(f"{api}.SetValue('{at}', '2026-01-02T03:04:05')") == "true"
    assert frame.evaluate(f"{api}.Commit('')") == "true"
    assert frame.evaluate(f"{api}.SetValue('{at}', '2026-01-02T03:04:05.5Z')") == "true"
    assert frame.evaluate(f"{api}.Commit('')") == "false"
    assert frame.evaluate(f"{api}.GetLastError()") == "391"
    expect(panel(page, "errors")).to_contain_text("refused: 391 General commit failure")


@pytest.mark.browser
def test_learner_data_survives_a_reload_until_reset(preview, browser, tmp_path):
    server = preview(write_course(tmp_path / "course"))
    page = open_shell(browser, server)
    frame = page.frame_locator("#pv-course")
    frame.locator('[data-sg-nav="next"]').click()
    expect(panel(page, "location")).to_have_text("second")
    page.reload()
    expect(frame.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "second")
    page.locator("#pv-reset").click()
    expect(panel(page, "location")).to_have_text("intro")
    expect(frame.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "intro")


@pytest.mark.browser
def test_xapi_statements_appear_in_the_panel(preview, browser, tmp_path):
    server = preview(write_course(tmp_path / "course"), "xapi")
    page = open_shell(browser, server)
    page.frame_locator("#pv-course").locator('[data-sg-nav="next"]').click()
    expect(panel(page, "statements")).to_contain_text("initialized urn:scormgen:fixture-course")
    expect(panel(page, "statements")).to_contain_text("experienced urn:scormgen:fixture-course/pages/second")


def answer_every_question(course, right: bool) -> None:
    """As a learner in the preview's frame: every question of the quiz course, right or wrong once,
    and the reflection."""
    for question, answer in QUIZ_ANSWERS.items():
        course.locator(f'[data-sg-toc] a[data-sg-goto="{answer["page"]}"]').click()
        if answer["page"] == "choose-one":
            course.locator('[data-sg-reflection="r-quiz"] textarea').fill("The bond.")
            course.locator('[data-sg-reflection="r-quiz"] [data-sg-action="submit"]').click()
        block = course.locator(f'[data-sg-quiz="{question}"]')
        for option in answer["right" if right else "wrong"]:
            block.locator(f'input[value="{option}"]').check()
        block.locator('[data-sg-action="submit"]').click()
        expect(block.locator("[data-sg-feedback]")).to_have_attribute(
            "data-sg-result", "correct" if right else "incorrect")


@pytest.mark.browser
@pytest.mark.parametrize("target,lms,status,success,score,passing", [
    ("scorm2004-4th", "strict", "completed", "passed", "100 (0 to 100), scaled 1", "0.8"),
    ("scorm12", "strict", "passed", "(SCORM 1.2: in the status)", "100 (0 to 100)", "80"),
    ("scorm2004-3rd", "chamilo", "passed", "(SCORM 1.2: in the status)", "100 (0 to 100)", "80"),
], ids=["2004", "1.2", "a 2004 package on Chamilo's 1.2 API"])
def test_panel_shows_the_score_the_verdict_and_each_question(preview, browser, tmp_path, target, lms, status,
                                                             success, score, passing):
    server = preview(write_quiz_course(tmp_path / "course"), target, lms=lms)
    page = open_shell(browser, server)
    expect(panel(page, "passing")).to_have_text(passing)
    expect(panel(page, "score")).to_have_text("")
    answer_every_question(page.frame_locator("#pv-course"), True)
    expect(panel(page, "status")).to_have_text(status)
    expect(panel(page, "success")).to_have_text(success)
    expect(panel(page, "score")).to_have_text(score)
    shown = panel(page, "interactions")
    if target == "scorm12" or lms == "chamilo":
        expect(shown).to_contain_text("q-multiple: a,b (choice) correct; correct: a,b, latency ")
        expect(shown).to_contain_text("q-truefalse: t (true-false) correct; correct: t")
    else:
        expect(shown).to_contain_text("q-multiple: goals[,]tasks (choice) correct; correct: goals[,]tasks, latency PT")
        expect(shown).to_contain_text("q-truefalse: true (true-false) correct; correct: true")
    expect(shown).to_contain_text("r-quiz: The bond.")
    expect(panel(page, "error-count")).to_have_text("(0)")


@pytest.mark.browser
@pytest.mark.slow  # waits for the rebuild
def test_a_new_mastery_score_reaches_the_course_after_the_rebuild(preview, browser, tmp_path):
    course = write_quiz_course(tmp_path / "course")
    server = preview(course, "scorm12", watch=True)
    page = open_shell(browser, server)
    expect(panel(page, "passing")).to_have_text("80")
    config = course / "course.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("mastery_score: 80", "mastery_score: 50"),
                      encoding="utf-8")
    expect(panel(page, "build")).to_contain_text("Build 2", timeout=20000)
    expect(panel(page, "passing")).to_have_text("50")
    frame = page.frame(url=lambda url: "/pkg/" in url)
    assert frame.evaluate("window.parent.API.LMSGetValue('cmi.student_data.mastery_score')") == "50"


@pytest.mark.browser
def test_a_cmi5_preview_takes_the_verdict_by_the_packages_mastery_score(preview, browser, tmp_path):
    server = preview(write_quiz_course(tmp_path / "course"), "cmi5")
    page = open_shell(browser, server)
    course = page.frame_locator("#pv-course")
    expect(course.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "choose-one")
    answer_every_question(course, False)
    statements = panel(page, "statements")
    expect(statements).to_contain_text("answered urn:scormgen:quiz-course/questions/q-single fees: incorrect")
    expect(statements).to_contain_text("failed ")
    expect(statements).to_contain_text(" score 0")
    failed = next(s for s in server.cmi5.statements if s["verb"]["id"].endswith("/failed"))
    assert failed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.8
    launched = next(s for s in server.cmi5.statements if s["verb"]["id"].endswith("/launched"))
    assert launched["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.8
    assert [refusal.as_json() for refusal in server.cmi5.refusals] == []
    expect(panel(page, "error-count")).to_have_text("(0)")


def post(server, path: str, body: bytes = b"{}", token: str = "") -> tuple[int, dict]:
    headers = {"X-Experience-API-Version": "1.0.3", **({"Authorization": f"Basic {token}"} if token else {})}
    request = urllib.request.Request(server.url.rstrip("/") + path, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def get(server, path: str, token: str = "") -> tuple[int, bytes]:
    headers = {"X-Experience-API-Version": "1.0.3", **({"Authorization": f"Basic {token}"} if token else {})}
    request = urllib.request.Request(server.url.rstrip("/") + path, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def test_a_cmi5_preview_makes_a_session_for_each_launch_and_counts_refusals(preview, tmp_path):
    server = preview(write_course(tmp_path / "course"), "cmi5")
    first, second, reset = (post(server, "/cmi5/launch", body)[1]["url"]
                            for body in (b"", b"{}", b'{"reset": true}'))
    launches = [{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()} for url in (first, second, reset)]
    assert len({launch["fetch"] for launch in launches}) == 3
    assert launches[0]["registration"] == launches[1]["registration"] != launches[2]["registration"]
    assert launches[0]["activityId"] == f"{server.url}cmi5/activities/urn:scormgen:fixture-course/au"
    token = post(server, urlsplit(launches[2]["fetch"]).path)[1]["auth-token"]
    query = urlencode({"stateId": "LMS.LaunchData", "activityId": launches[2]["activityId"],
                       "agent": launches[2]["actor"], "registration": launches[2]["registration"]})
    status, data = get(server, "/xapi/activities/state?" + query, token)
    launch_data = json.loads(data)
    assert status == 200 and launch_data["returnURL"] == f"{server.url}cmi5/returned"
    assert launch_data["contextTemplate"]["contextActivities"]["grouping"] == [
        {"objectType": "Activity", "id": "urn:scormgen:fixture-course/au"}]
    assert b"returned to the LMS" in get(server, "/cmi5/returned")[1]
    initialized = {"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", "verb": {"id": "http://adlnet.gov/expapi/verbs/initialized"}}
    assert post(server, "/xapi/statements", json.dumps([initialized]).encode(), token)[1]["requirement"] == "11.0.0.0-3"
    status = json.loads(get(server, "/status")[1])
    assert status["refusalCount"] == 1 and status["refusals"][0]["requirement"] == "11.0.0.0-3"
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in status["statements"]] == ["launched"] * 3
    config = re.search(rb'id="preview-config">(.*?)</script>', get(server, "/")[1])
    assert config is not None and json.loads(config[1])["cmi5"] is True


@pytest.mark.browser
def test_a_cmi5_preview_shows_what_the_lms_refuses(preview, browser, tmp_path):
    server = preview(write_course(tmp_path / "course"), "cmi5")
    page = open_shell(browser, server)
    frame = page.frame_locator("#pv-course")
    expect(frame.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "intro")
    course = page.frame(url=lambda url: "/pkg/" in url)
    course.evaluate("fetch('/xapi/statements', {method: 'POST', body: '[]', "
                    "headers: {'X-Experience-API-Version': '1.0.3'}})")
    expect(panel(page, "errors")).to_contain_text(
        "cmi5 LMS refused POST statements: 401 (requirement 8.1.2.0-5) the Authorization header")


@pytest.mark.browser
def test_a_cmi5_preview_runs_each_launch_as_a_cmi5_session_the_lms_accepts(preview, browser, tmp_path):
    server = preview(write_course(tmp_path / "course"), "cmi5")
    page = open_shell(browser, server)
    frame = page.frame_locator("#pv-course")
    au = f"{server.url}cmi5/activities/urn:scormgen:fixture-course/au"
    statements = panel(page, "statements")
    expect(statements).to_contain_text(f"initialized {au}")
    frame.locator('[data-sg-nav="next"]').click()
    expect(statements).to_contain_text("experienced urn:scormgen:fixture-course/pages/second")
    page.locator("#pv-relaunch").click()  # the session on screen terminates, a new one starts
    expect(frame.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "second")
    expect(panel(page, "statement-count")).not_to_have_text("(0)")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and sum(
            s["verb"]["id"].endswith("/initialized") for s in server.cmi5.statements) < 2:
        time.sleep(0.2)
    time.sleep(1.0)  # anything the first session sends after terminated would arrive now
    kept = [s["verb"]["id"].rsplit("/", 1)[1] for s in server.cmi5.statements]
    assert kept.count("launched") == 2 and kept.count("initialized") == 2 and "terminated" in kept
    assert "abandoned" not in kept, "the relaunch let the session on screen terminate"
    assert [refusal.as_json() for refusal in server.cmi5.refusals] == []
    expect(panel(page, "error-count")).to_have_text("(0)")
    registration = server.registration
    page.locator("#pv-reset").click()  # a new learner record: a new registration, from the start
    expect(frame.locator("[data-sg-page-id]")).to_have_attribute("data-sg-page-id", "intro")
    assert server.registration != registration


def test_the_command_prints_the_url_and_stops_cleanly_on_ctrl_c(tmp_path):
    course = write_course(tmp_path / "course")
    proc = subprocess.Popen([sys.executable, "-m", "scormgen", "preview", str(course), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        url_line = next(line for line in lines if line.startswith("Preview of "))
        url = url_line.rsplit(": ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as response:
            assert b"What the package reports" in response.read()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.rstrip().endswith("Stopped.")
    assert "Traceback" not in err
    time.sleep(0.2)


# --- the strict LMS's interaction rules, in Node (preview/strict-api.js on the real strict model) -------

STRICT_DRIVER = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
new Function(fs.readFileSync(input.script, "utf8"))();
const api = globalThis.createStrictApi(input.model, input.data, () => {}, () => {});
const m = input.model.methods;
api[m.initialize]("");
const out = input.calls.map(([method, ...args]) => {
  const result = api[m[method]](...args);
  return [String(result), api[m.getLastError](), api[m.getDiagnostic]("")];
});
process.stdout.write(JSON.stringify(out));
"""


def strict_calls(node, target, calls, data=None):
    """[result, error code, diagnostic] of each call (("setValue", element, value), ...) to the
    strict API of ``target``, after Initialize."""
    model = preview_model(target)
    payload = {"script": str(ROOT / "scormgen" / "preview" / "strict-api.js"), "model": model,
               "data": data or {}, "calls": calls}
    done = subprocess.run([node, "-e", STRICT_DRIVER], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def interaction(n, kind, *fields):
    """The calls that start interaction n of type ``kind``, then set each (field, value)."""
    return [("setValue", f"cmi.interactions.{n}.id", f"q-{n}"), ("setValue", f"cmi.interactions.{n}.type", kind),
            *[("setValue", f"cmi.interactions.{n}.{field}", value) for field, value in fields]]


# (name, target, calls, the last call's [result, error], a word of its diagnostic)
STRICT_RULES = [
    ("2004 choice response, ids joined by [,]", "scorm2004-4th",
     interaction(0, "choice", ("learner_response", "goals[,]tasks")), ["true", "0"], ""),
    ("2004 choice response of one id", "scorm2004-3rd",
     interaction(0, "choice", ("learner_response", "goals")), ["true", "0"], ""),
    ("2004 choice response naming an id twice", "scorm2004-4th",
     interaction(0, "choice", ("learner_response", "goals[,]goals")), ["false", "406"], "twice (a set)"),
    ("2004 choice response with an empty item", "scorm2004-4th",
     interaction(0, "choice", ("learner_response", "goals[,]")), ["false", "406"], "not a choice response"),
    ("2004 choice response with a space", "scorm2004-4th",
     interaction(0, "choice", ("learner_response", "goals[,]the tasks")), ["false", "406"], "not a choice response"),
    ("2004 choice response of 37 ids", "scorm2004-4th",
     interaction(0, "choice", ("learner_response", "[,]".join(f"o{i}" for i in range(37)))), ["false", "406"],
     "at most 36"),
    ("2004 true-false response true", "scorm2004-4th",
     interaction(0, "true-false", ("learner_response", "true")), ["true", "0"], ""),
    ("2004 true-false response t", "scorm2004-4th",
     interaction(0, "true-false", ("learner_response", "t")), ["false", "406"], "not a true-false response"),
    ("2004 true-false correct pattern 1", "scorm2004-4th",
     interaction(0, "true-false", ("correct_responses.0.pattern", "1")), ["false", "406"], "not a true-false"),
    ("2004 choice correct pattern", "scorm2004-4th",
     interaction(0, "choice", ("correct_responses.0.pattern", "goals[,]tasks")), ["true", "0"], ""),
    ("2004 correct pattern skipping an index", "scorm2004-4th",
     interaction(0, "choice", ("correct_responses.1.pattern", "goals")), ["false", "351"], "skips past"),
    ("2004 correct patterns counted", "scorm2004-4th",
     interaction(0, "choice", ("correct_responses.0.pattern", "goals"))
     + [("getValue", "cmi.interactions.0.correct_responses._count")], ["1", "0"], ""),
    ("2004 response before the type", "scorm2004-4th",
     [("setValue", "cmi.interactions.0.id", "q"), ("setValue", "cmi.interactions.0.learner_response", "goals")],
     ["false", "408"], "type before learner_response"),
    ("2004 correct pattern before the type", "scorm2004-4th",
     [("setValue", "cmi.interactions.0.id", "q"), ("setValue", "cmi.interactions.0.correct_responses.0.pattern",
                                                     "goals")], ["false", "408"], "type before correct_responses"),
    ("2004 a reflection's text keeps its commas", "scorm2004-4th",
     interaction(0, "long-fill-in", ("learner_response", "goals, tasks [,] and bond")), ["true", "0"], ""),
    ("2004 result incorrect", "scorm2004-4th", interaction(0, "choice", ("result", "incorrect")), ["true", "0"], ""),
    ("2004 result wrong (SCORM 1.2's word)", "scorm2004-4th", interaction(0, "choice", ("result", "wrong")),
     ["false", "406"], "not a result"),
    ("2004 an unknown type", "scorm2004-4th", interaction(0, "multiple-choice"), ["false", "406"], "not one of"),
    ("2004 weighting 1, latency", "scorm2004-4th",
     interaction(0, "choice", ("weighting", "1"), ("latency", "PT4.5S")), ["true", "0"], ""),
    ("2004 latency in SCORM 1.2's form", "scorm2004-4th", interaction(0, "choice", ("latency", "00:00:04")),
     ["false", "406"], "timeinterval"),
    ("2004 description of 251 characters", "scorm2004-4th", interaction(0, "choice", ("description", "x" * 251)),
     ["false", "407"], "the limit is 250"),
    ("2004 success_status passed", "scorm2004-4th", [("setValue", "cmi.success_status", "passed")], ["true", "0"], ""),
    ("2004 success_status pass", "scorm2004-4th", [("setValue", "cmi.success_status", "pass")], ["false", "406"],
     "not one of: passed, failed, unknown"),
    ("2004 score.scaled 0.8333", "scorm2004-4th", [("setValue", "cmi.score.scaled", "0.8333")], ["true", "0"], ""),
    ("2004 score.scaled 83", "scorm2004-4th", [("setValue", "cmi.score.scaled", "83")], ["false", "407"],
     "out of range"),
    ("2004 scaled_passing_score is the LMS's", "scorm2004-4th", [("setValue", "cmi.scaled_passing_score", "0.5")],
     ["false", "404"], "read-only"),
    ("2004 scaled_passing_score unset", "scorm2004-4th", [("getValue", "cmi.scaled_passing_score")],
     ["", "403"], "no value yet"),
    ("1.2 choice response in letters", "scorm12", interaction(0, "choice", ("student_response", "a,c")),
     ["true", "0"], ""),
    ("1.2 choice response in braces", "scorm12", interaction(0, "choice", ("student_response", "{a,c}")),
     ["true", "0"], ""),
    ("1.2 choice response of option ids", "scorm12", interaction(0, "choice", ("student_response", "goals")),
     ["false", "405"], "not a choice response"),
    ("1.2 choice response in capitals", "scorm12", interaction(0, "choice", ("student_response", "A")),
     ["false", "405"], "not a choice response"),
    ("1.2 choice response in SCORM 2004's form", "scorm12",
     interaction(0, "choice", ("student_response", "a[,]c")), ["false", "405"], "not a choice response"),
    ("1.2 true-false response t", "scorm12", interaction(0, "true-false", ("student_response", "t")),
     ["true", "0"], ""),
    ("1.2 true-false response true", "scorm12", interaction(0, "true-false", ("student_response", "true")),
     ["false", "405"], "not a true-false response"),
    ("1.2 choice correct pattern", "scorm12", interaction(0, "choice", ("correct_responses.0.pattern", "a,b")),
     ["true", "0"], ""),
    ("1.2 true-false correct pattern", "scorm12",
     interaction(0, "true-false", ("correct_responses.0.pattern", "false")), ["false", "405"], "not a true-false"),
    ("1.2 a response before the type is a CMIFeedback", "scorm12",
     [("setValue", "cmi.interactions.0.id", "q"), ("setValue", "cmi.interactions.0.student_response", "a")],
     ["true", "0"], ""),
    ("1.2 result wrong", "scorm12", interaction(0, "choice", ("result", "wrong")), ["true", "0"], ""),
    ("1.2 result incorrect (SCORM 2004's word)", "scorm12", interaction(0, "choice", ("result", "incorrect")),
     ["false", "405"], "not a CMIResult"),
    ("1.2 latency", "scorm12", interaction(0, "choice", ("latency", "0000:00:04.5")), ["true", "0"], ""),
    ("1.2 time with three decimals", "scorm12", interaction(0, "choice", ("time", "10:11:12.123")),
     ["false", "405"], "CMITime"),
    ("1.2 score.raw 83.33", "scorm12", [("setValue", "cmi.core.score.raw", "83.33")], ["true", "0"], ""),
    ("1.2 score.raw 101", "scorm12", [("setValue", "cmi.core.score.raw", "101")], ["false", "405"], "out of range"),
    ("1.2 lesson_status failed", "scorm12", [("setValue", "cmi.core.lesson_status", "failed")], ["true", "0"], ""),
    ("1.2 lesson_status fail", "scorm12", [("setValue", "cmi.core.lesson_status", "fail")], ["false", "405"],
     "not one of"),
    ("1.2 mastery_score is the LMS's", "scorm12", [("setValue", "cmi.student_data.mastery_score", "50")],
     ["false", "403"], "read-only"),
    ("1.2 correct_responses write-only", "scorm12",
     interaction(0, "choice", ("correct_responses.0.pattern", "a"))
     + [("getValue", "cmi.interactions.0.correct_responses.0.pattern")], ["", "404"], "write-only"),
]


@pytest.mark.node
@pytest.mark.parametrize("target,calls,last,said", [row[1:] for row in STRICT_RULES],
                         ids=[row[0] for row in STRICT_RULES])
def test_the_strict_lms_holds_interactions_to_their_type(node, target, calls, last, said):
    results = strict_calls(node, target, calls)
    assert [r[:2] for r in results[:-1]] == [["true", "0"]] * (len(calls) - 1), results
    assert results[-1][:2] == last and said in results[-1][2], results[-1]


@pytest.mark.node
def test_the_lms_gives_the_mastery_score_of_the_manifest(node):
    results = strict_calls(node, "scorm12", [("getValue", "cmi.student_data.mastery_score")],
                           lms_values(preview_model("scorm12"), 0.8))
    assert results == [["80", "0", ""]]
    results = strict_calls(node, "scorm2004-4th", [("getValue", "cmi.scaled_passing_score")],
                           lms_values(preview_model("scorm2004-4th"), 0.725))
    assert results == [["0.725", "0", ""]]
    assert lms_values(preview_model("scorm2004-3rd"), None) == {}
    assert lms_values(preview_model("scorm2004-3rd", "chamilo"), 0.5) == {"cmi.student_data.mastery_score": "50"}


@pytest.mark.parametrize("files,mastery", [
    ({"cmi5.xml": '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><au id="x" '
                  'masteryScore="0.8"/></courseStructure>'}, 0.8),
    ({"cmi5.xml": '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><au id="x"/>'
                  '</courseStructure>'}, None),
    ({"imsmanifest.xml": '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www'
                         '.adlnet.org/xsd/adlcp_rootv1p2"><item><adlcp:masteryscore>72.5</adlcp:masteryscore></item>'
                         '</manifest>'}, 0.725),
    ({"imsmanifest.xml": '<manifest xmlns:imsss="http://www.imsglobal.org/xsd/imsss"><imsss:primaryObjective '
                         'satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>'
                         '</imsss:primaryObjective></manifest>'}, 0.8),
    ({"imsmanifest.xml": '<manifest xmlns:imsss="http://www.imsglobal.org/xsd/imsss"><imsss:primaryObjective '
                         'satisfiedByMeasure="false"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>'
                         '</imsss:primaryObjective></manifest>'}, None),
    ({}, None),
], ids=["cmi5", "cmi5 without", "1.2", "2004", "2004 not by measure", "no manifest"])
def test_the_mastery_score_a_package_declares(tmp_path, files, mastery):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert package_mastery(tmp_path) == mastery

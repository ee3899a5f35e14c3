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

from conftest import ROOT, write_course
from scormgen.preview.server import PreviewServer


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

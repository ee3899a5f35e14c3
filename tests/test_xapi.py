"""The xapi package (and SCORM packages mirroring to an LRS) in Debian's Chromium against a real LRS (Ralph): the
statements the LRS receives, field by field against the package contract, and that
none is lost or doubled when the LRS is stopped, fails, hangs or is absent."""
from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from conftest import ROOT, submit_reflection
from story import (
    ADL,
    COURSE,
    COURSE_IRI,
    DURATION_RE,
    PAGE_IDS,
    PROMPTS,
    REFLECTIONS,
    UUID_RE,
    check_common,
    drain,
    new_learner,
    pending,
    verbs,
    wait_for,
    walk,
)

pytestmark = [pytest.mark.lrs, pytest.mark.browser]


@pytest.fixture
def lms(lrs_ready):
    return lrs_ready


def xapi_url(lms, ralph, actor, registration):
    return f"{lms.url}/pkg/xapi/index.html?" + urlencode({
        "endpoint": f"{lms.url}/xapi/", "auth": ralph.auth, "actor": json.dumps(actor),
        "registration": registration, "activity_id": COURSE_IRI})



@pytest.mark.slow
def test_xapi_package_sends_the_whole_story(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    answers = {rid: f"My answer to {rid}:\nfirst line, then a second one." for _, rid in REFLECTIONS}
    page = browser.new_context().new_page()
    page.goto(xapi_url(lms, ralph, actor, registration))
    walk(page, answers)
    expect(page.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
    page.close()
    expected = 1 + len(PAGE_IDS) + len(REFLECTIONS) + 1 + 1
    statements = wait_for(ralph, actor, expected)
    assert len(statements) == expected
    check_common(statements, actor, registration)
    order = verbs(statements)
    assert order[0] == "initialized" and order[-1] == "terminated"
    assert order.count("experienced") == len(PAGE_IDS)
    assert order.count("answered") == len(REFLECTIONS)
    assert order.count("completed") == 1
    by_verb: dict[str, list[dict]] = {}
    for s in statements:
        by_verb.setdefault(s["verb"]["id"].removeprefix(ADL), []).append(s)
    for s in by_verb["initialized"] + by_verb["completed"] + by_verb["terminated"]:
        assert s["object"]["id"] == COURSE_IRI
        assert s["object"]["definition"]["name"] == {"en": COURSE.title}
        assert {"objectType": "Activity", "id": COURSE_IRI} in s["context"]["contextActivities"]["grouping"]
    assert sorted(s["object"]["id"] for s in by_verb["experienced"]) == sorted(
        f"{COURSE_IRI}/pages/{p}" for p in PAGE_IDS)
    for s in by_verb["experienced"] + by_verb["answered"]:
        assert s["context"]["contextActivities"]["parent"] == [{"objectType": "Activity", "id": COURSE_IRI}]
    for s in by_verb["answered"]:
        rid = s["object"]["id"].rsplit("/", 1)[1]
        definition = s["object"]["definition"]
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == "long-fill-in"
        assert definition["description"] == {"en": PROMPTS[rid]}
        assert s["result"]["response"] == answers[rid], "the full text, line breaks included"
    [completed] = by_verb["completed"]
    assert completed["result"]["completion"] is True
    assert DURATION_RE.match(completed["result"]["duration"])
    [terminated] = by_verb["terminated"]
    assert DURATION_RE.match(terminated["result"]["duration"])


@pytest.mark.slow
def test_lrs_stopped_mid_session_and_restarted_loses_nothing_and_doubles_nothing(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(xapi_url(lms, ralph, actor, registration))
    for _ in range(3):
        page.locator('[data-sg-nav="next"]').click()
    drain(page)
    ralph.stop()
    for _ in range(3):
        page.locator('[data-sg-nav="next"]').click()
    page_id, rid = REFLECTIONS[1]
    submit_reflection(page, page_id, rid, "Written while the LRS was down.")
    time.sleep(2)
    assert pending(page) >= 5, "statements wait in the outbox"
    ralph.start()
    deadline = time.monotonic() + 90
    while pending(page) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert pending(page) == 0
    statements = wait_for(ralph, actor, 1 + 7 + 1 + 1)
    check_common(statements, actor, registration)
    assert verbs(statements).count("experienced") == 8  # first page, 6 nexts, the reflection's page
    answered = [s for s in statements if s["verb"]["id"] == ADL + "answered"]
    assert [s["result"]["response"] for s in answered] == ["Written while the LRS was down."]
    page.close()


@pytest.mark.slow
def test_lrs_errors_and_timeouts_are_retried(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    lms.lrs_mode = "hang"   # the first request gets no answer before the client gives up
    page = browser.new_context().new_page()
    page.goto(xapi_url(lms, ralph, actor, registration))
    time.sleep(1)
    lms.lrs_mode = "error"  # then HTTP 500 for a while
    page.locator('[data-sg-nav="next"]').click()
    time.sleep(18)
    assert pending(page) >= 3
    statuses = {status for _, status in lms.lrs_requests}
    assert 500 in statuses
    lms.lrs_mode = "pass"
    deadline = time.monotonic() + 90
    while pending(page) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert pending(page) == 0
    statements = wait_for(ralph, actor, 3)
    assert sorted(verbs(statements)) == ["experienced", "experienced", "initialized"]
    check_common(statements, actor, registration)
    page.close()


@pytest.mark.slow
def test_lrs_absent_for_the_whole_session_gets_everything_on_the_next_launch(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    context = browser.new_context()
    lms.lrs_mode = "error"
    page = context.new_page()
    page.goto(xapi_url(lms, ralph, actor, registration))
    page_id, rid = REFLECTIONS[0]
    submit_reflection(page, page_id, rid, "Nobody heard this yet.")
    page.close()
    time.sleep(1)
    assert ralph.statements(agent={"mbox": actor["mbox"]}) == []
    lms.lrs_mode = "pass"
    again = context.new_page()
    again.goto(xapi_url(lms, ralph, actor, registration))
    # first session: initialized, 2 pages, answered, terminated; second: initialized, 1 page
    statements = wait_for(ralph, actor, 7)
    assert sorted(verbs(statements)) == ["answered", "experienced", "experienced", "experienced", "initialized",
                                         "initialized", "terminated"]
    check_common(statements, actor, registration)
    assert [s["result"]["response"] for s in statements if s["verb"]["id"] == ADL + "answered"] == [
        "Nobody heard this yet."]
    again.close()


def test_window_closed_right_after_a_reflection(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(xapi_url(lms, ralph, actor, registration))
    page_id, rid = REFLECTIONS[2]
    submit_reflection(page, page_id, rid, "Then I closed the window.")
    page.close()
    statements = wait_for(ralph, actor, 5)
    assert sorted(verbs(statements)) == ["answered", "experienced", "experienced", "initialized", "terminated"]
    check_common(statements, actor, registration)


def test_scorm_package_mirrors_its_story_with_credentials_from_the_launch(lms, ralph, browser, tmp_path,
                                                                         real_packages_unpacked):
    import zipfile

    from scormgen.build import build
    [package] = build(ROOT / "course_source", tmp_path, ["scorm2004-4th"], lrs_endpoint=f"{lms.url}/xapi/")
    with zipfile.ZipFile(package.path) as archive:
        assert ralph.auth not in archive.read("index.html").decode(), "no credentials in the package"
        archive.extractall(real_packages_unpacked / "mirror2004")
    learner_id = "u-" + uuid.uuid4().hex[:8]
    lms.states["mirror"] = {"cmi": {"learner_id": learner_id, "learner_name": "Mirror, Mia"}}
    launch = "/pkg/mirror2004/index.html?" + urlencode({"auth": ralph.auth})
    page = browser.new_context().new_page()
    page.goto(f"{lms.url}/lms/lms.html?" + urlencode({"standard": "scorm2004", "key": "mirror", "launch": launch}))
    frame = page.frame_locator("iframe")
    page_id, rid = REFLECTIONS[0]
    submit_reflection(frame, page_id, rid, "Mirrored answer.")
    page.close()
    agent = {"account": {"homePage": lms.url, "name": learner_id}}
    deadline = time.monotonic() + 30
    statements: list[dict] = []
    while time.monotonic() < deadline:
        statements = [s for s in ralph.statements() if s["actor"].get("account", {}).get("name") == learner_id]
        if any(s["verb"]["id"] == ADL + "terminated" for s in statements):
            break
        time.sleep(0.5)
    assert sorted(verbs(statements)) == ["answered", "experienced", "experienced", "initialized", "terminated"]
    for s in statements:
        assert s["actor"]["account"] == agent["account"] and s["actor"]["name"] == "Mirror, Mia"
        assert UUID_RE.match(s["context"]["registration"])
    answered = next(s for s in statements if s["verb"]["id"] == ADL + "answered")
    assert answered["result"]["response"] == "Mirrored answer."


def test_an_xapi_learner_resumes_in_another_browser_from_the_lrs_state_api(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    first = browser.new_context().new_page()
    first.goto(xapi_url(lms, ralph, actor, registration))
    page_id, rid = REFLECTIONS[1]
    submit_reflection(first, page_id, rid, "Kept by the LRS,\nnot by this browser.")
    first.close()
    kept = lms.state_documents[("scormgen.resume", registration)]
    assert kept["location"] == page_id and kept["format"] == 1
    second = browser.new_context().new_page()  # another browser: an empty localStorage
    second.goto(xapi_url(lms, ralph, actor, registration))
    expect(second.locator(f'[data-sg-page-id="{page_id}"]')).to_be_visible()
    expect(second.locator(f'[data-sg-reflection="{rid}"] textarea')).to_have_value(
        "Kept by the LRS,\nnot by this browser.")
    second.close()

"""The xapi and cmi5 packages in Debian's Chromium against a real LRS (Ralph): the
statements the LRS receives, field by field against the package contract, and that
none is lost or doubled when the LRS is stopped, fails, hangs or is absent."""
from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from conftest import ROOT, submit_reflection
from lms_server import LmsServer
from scormgen.course import load_course

pytestmark = [pytest.mark.lrs, pytest.mark.browser]

COURSE = load_course(ROOT / "course_source")
PAGE_IDS = [p.id for p in COURSE.pages]
REFLECTIONS = [(p.id, r.id) for p in COURSE.pages for r in p.reflections]
PROMPTS = {r.id: " ".join(r.prompt.split()) for r in COURSE.reflections}
COURSE_IRI = "urn:scormgen:working-alliance"
AU_IRI = COURSE_IRI + "/au"
ADL = "http://adlnet.gov/expapi/verbs/"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CMI5_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
CMI5_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DURATION_RE = re.compile(r"^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$")


@pytest.fixture(scope="module")
def lms(real_packages_unpacked, ralph):
    with LmsServer(real_packages_unpacked) as server:
        server.lrs_upstream = ralph.url
        yield server


@pytest.fixture(autouse=True)
def lrs_healthy(lms, ralph):
    lms.lrs_mode = "pass"
    if ralph.process is None:
        ralph.start()
    yield


def new_learner() -> dict:
    tag = uuid.uuid4().hex[:10]
    return {"objectType": "Agent", "name": f"Learner {tag}", "mbox": f"mailto:learner-{tag}@example.org"}


def xapi_url(lms, ralph, actor, registration):
    return f"{lms.url}/pkg/xapi/index.html?" + urlencode({
        "endpoint": f"{lms.url}/xapi/", "auth": ralph.auth, "actor": json.dumps(actor),
        "registration": registration, "activity_id": COURSE_IRI})


def wait_for(ralph, actor, count, timeout=60.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    found: list[dict] = []
    while time.monotonic() < deadline:
        found = ralph.statements(agent={"mbox": actor["mbox"]})
        if len(found) >= count:
            time.sleep(1.0)  # anything more (a double) would arrive now
            return ralph.statements(agent={"mbox": actor["mbox"]})
        time.sleep(0.5)
    return found


def verbs(statements) -> list[str]:
    ordered = sorted(statements, key=lambda s: (s["timestamp"], s["stored"]))
    return [s["verb"]["id"].removeprefix(ADL) for s in ordered]


def walk(page, answers: dict[str, str]) -> None:
    """Every page with Next; every reflection answered on its page."""
    by_page = dict(REFLECTIONS)
    for index, page_id in enumerate(PAGE_IDS):
        if index:
            page.locator('[data-sg-nav="next"]').click()
        expect(page.locator(f'[data-sg-page-id="{page_id}"]')).to_be_visible()
        if page_id in by_page:
            block = page.locator(f'[data-sg-reflection="{by_page[page_id]}"]')
            block.locator("textarea").fill(answers[by_page[page_id]])
            block.locator('[data-sg-action="submit"]').click()


def pending(page) -> int:
    return page.evaluate("window.scormgen.outbox.pending()")


def check_common(statements, actor, registration):
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids)), "no statement twice"
    for s in statements:
        assert UUID_RE.match(s["id"]), s["id"]
        assert s["actor"]["mbox"] == actor["mbox"] and s["actor"]["name"] == actor["name"]
        assert s["verb"]["id"].startswith(ADL)
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", s["timestamp"])
        assert s["context"]["registration"] == registration
        assert s["context"]["language"] == "en"


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
def test_cmi5_package_follows_the_cmi5_rules(lms, ralph, browser):
    actor, registration, session_id = new_learner(), str(uuid.uuid4()), str(uuid.uuid4())
    publisher = "https://lms.example/courses/42"
    lms.state_documents[("LMS.LaunchData", registration)] = {
        "contextTemplate": {"contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher}]},
                            "extensions": {CMI5_SESSION: session_id}},
        "launchMode": "Normal", "moveOn": "Completed", "returnURL": f"{lms.url}/lms/lms.html"}
    key = registration
    lms.fetch_tokens[key] = lms.basic_token("scormgen-tests", "not-a-real-secret")
    url = f"{lms.url}/pkg/cmi5/index.html?" + urlencode({
        "endpoint": f"{lms.url}/xapi/", "fetch": f"{lms.url}/cmi5/fetch/{key}", "registration": registration,
        "activityId": AU_IRI, "actor": json.dumps(actor)})
    page = browser.new_context().new_page()
    page.goto(url)
    answers = {rid: f"cmi5 answer {rid}" for _, rid in REFLECTIONS}
    walk(page, answers)
    page.reload()  # a reload must not ask the fetch URL again (it answers once)
    expect(page.locator("[data-sg-notice]")).to_be_hidden()
    page.close()
    expected = 2 + len(PAGE_IDS) + 1 + len(REFLECTIONS) + 1 + 2  # 2 sessions; page shown again on reload
    statements = wait_for(ralph, actor, expected)
    assert lms.fetch_calls[key] == 1
    check_common(statements, actor, registration)
    order = verbs(statements)
    assert order.count("initialized") == 2 and order.count("terminated") == 2
    assert order.count("completed") == 1, "completed once per registration"
    for s in statements:
        ctx = s["context"]
        assert ctx["extensions"][CMI5_SESSION] == session_id
        assert {"objectType": "Activity", "id": publisher} in ctx["contextActivities"]["grouping"]
        categories = [c["id"] for c in ctx["contextActivities"].get("category", [])]
        verb = s["verb"]["id"].removeprefix(ADL)
        if verb in ("initialized", "completed", "terminated"):
            assert s["object"]["id"] == AU_IRI
            assert CMI5_CATEGORY in categories
            assert (CMI5_MOVEON in categories) == (verb == "completed")
        else:
            assert CMI5_CATEGORY not in categories, "cmi5 'allowed' statements carry no cmi5 category"
            assert ctx["contextActivities"]["parent"] == [{"objectType": "Activity", "id": AU_IRI}]
    completed = next(s for s in statements if s["verb"]["id"] == ADL + "completed")
    assert completed["result"]["completion"] is True and DURATION_RE.match(completed["result"]["duration"])
    for s in statements:
        if s["verb"]["id"] == ADL + "terminated":
            assert DURATION_RE.match(s["result"]["duration"])


@pytest.mark.slow
def test_lrs_stopped_mid_session_and_restarted_loses_nothing_and_doubles_nothing(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(xapi_url(lms, ralph, actor, registration))
    for _ in range(3):
        page.locator('[data-sg-nav="next"]').click()
    deadline = time.monotonic() + 20
    while pending(page) and time.monotonic() < deadline:
        time.sleep(0.2)
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
    assert len(statements) == 7
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

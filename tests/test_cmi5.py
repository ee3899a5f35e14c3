"""The cmi5 package in Debian's Chromium, launched by a strict cmi5 LMS (the rules of
ADL's reference player, scormgen/preview/cmi5.py, answering each violation with 403 and
the requirement id) in front of a real LRS (Ralph): the whole story, a relaunch in
another browser, Review mode, what an earlier session could not deliver, a refusal, and
Exit to the LMS's returnURL. Every test ends with the LMS having refused nothing."""
from __future__ import annotations

import json
import time
import uuid

import pytest
from playwright.sync_api import expect

from lms_server import AU_ACTIVITY_ID as AU_IRI
from story import (
    ADL,
    CMI5_CATEGORY,
    CMI5_MOVEON,
    CMI5_SESSION,
    DURATION_RE,
    PAGE_IDS,
    REFLECTIONS,
    check_common,
    drain,
    new_learner,
    wait_for,
    walk,
)

pytestmark = [pytest.mark.lrs, pytest.mark.browser]

REISSUED = "urn:scormgen:xapi:extension:reissued"
SATISFIED = ADL + "satisfied"
LAUNCHED = ADL + "launched"


@pytest.fixture
def lms(lrs_ready):
    return lrs_ready


@pytest.fixture(autouse=True)
def strict(lms):
    before = len(lms.cmi5.refusals)
    yield
    refused = lms.cmi5.refusals[before:]
    assert not refused, f"the cmi5 LMS refused: {refused}"


def by_time(statements) -> list[dict]:
    return sorted(statements, key=lambda s: (s["timestamp"], s["stored"]))


def au_statements(statements) -> list[dict]:
    """The AU's statements (not the LMS's launched, satisfied or abandoned)."""
    lms_made = (LAUNCHED, SATISFIED, "https://w3id.org/xapi/adl/verbs/abandoned")
    return [s for s in statements if s["verb"]["id"] not in lms_made]


def story(statements) -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in by_time(statements)]


def session_of(statement) -> str:
    return statement["context"]["extensions"][CMI5_SESSION]


@pytest.mark.slow
def test_the_whole_story_passes_the_strict_lms_and_exit_returns_to_the_lms(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    url = lms.cmi5_launch(actor, registration, return_url=f"{lms.url}/lms/lms.html?returned=1")
    page = browser.new_context().new_page()
    page.goto(url)
    answers = {rid: f"cmi5 answer to {rid}:\nwith a second line." for _, rid in REFLECTIONS}
    walk(page, answers)
    expect(page.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
    for _, rid in REFLECTIONS:  # each answer says the LRS has it
        expect(page.locator(f'[data-sg-reflection="{rid}"]')).to_have_attribute("data-sg-delivery", "delivered")
    back = page.locator('[data-sg-complete] [data-sg-action="exit"]')
    expect(back).to_be_visible()
    expect(back).to_have_text("Return to the course")
    back.click()
    page.wait_for_url("**/lms/lms.html?returned=1", timeout=15000)
    expected = 1 + 1 + len(PAGE_IDS) + len(REFLECTIONS) + 1 + 1 + 1  # launched ... satisfied, terminated
    statements = wait_for(ralph, actor, expected)
    assert story(statements)[:2] == ["launched", "initialized"], "launched, then initialized first"
    mine = au_statements(statements)
    check_common(mine, actor, registration)
    order = story(mine)
    assert order[0] == "initialized" and order[-1] == "terminated"
    assert order.count("experienced") == len(PAGE_IDS) and order.count("answered") == len(REFLECTIONS)
    assert order.count("completed") == 1
    assert [s["verb"]["id"] for s in statements].count(SATISFIED) == 1, "the LMS judged the AU satisfied"
    [session] = {session_of(s) for s in statements}
    for s in mine:
        assert s["actor"] == actor, "the launch's actor, exactly"
        categories = [c["id"] for c in s["context"]["contextActivities"].get("category", [])]
        verb = s["verb"]["id"].removeprefix(ADL)
        if verb in ("initialized", "completed", "terminated"):
            assert s["object"]["id"] == AU_IRI and CMI5_CATEGORY in categories
            assert (CMI5_MOVEON in categories) == (verb == "completed")
        else:
            assert CMI5_CATEGORY not in categories
            assert s["context"]["contextActivities"]["parent"] == [{"objectType": "Activity", "id": AU_IRI}]
    answered = {s["object"]["id"].rsplit("/", 1)[1]: s["result"]["response"] for s in mine
                if s["verb"]["id"] == ADL + "answered"}
    assert answered == answers, "every answer, in full"
    completed = next(s for s in mine if s["verb"]["id"] == ADL + "completed")
    assert completed["result"]["completion"] is True and DURATION_RE.match(completed["result"]["duration"])
    assert session and lms.cmi5.fetch_calls(url) == 1


@pytest.mark.slow
def test_a_relaunch_in_another_browser_resumes_the_page_and_the_answers(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    first = browser.new_context().new_page()
    first.goto(lms.cmi5_launch(actor, registration))
    rid_a, (page_b, rid_b) = REFLECTIONS[0][1], REFLECTIONS[1]
    walk_to = PAGE_IDS.index(page_b) + 1
    answers = {rid_a: "First browser, first answer.", rid_b: "First browser, second answer."}
    for index in range(walk_to + 1):
        if index:
            first.locator('[data-sg-nav="next"]').click()
        shown = PAGE_IDS[index]
        expect(first.locator(f'[data-sg-page-id="{shown}"]')).to_be_visible()
        for page_id, rid in REFLECTIONS:
            if page_id == shown:
                block = first.locator(f'[data-sg-reflection="{rid}"]')
                block.locator("textarea").fill(answers[rid])
                block.locator('[data-sg-action="submit"]').click()
    drain(first)
    first.close()  # the window closed: terminated by keepalive
    second = browser.new_context().new_page()  # another browser: nothing of the first in its storage
    second.goto(lms.cmi5_launch(actor, registration))
    expect(second.locator(f'[data-sg-page-id="{PAGE_IDS[walk_to]}"]')).to_be_visible()
    for page_id, rid in REFLECTIONS[:2]:
        second.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
        expect(second.locator(f'[data-sg-reflection="{rid}"] textarea')).to_have_value(answers[rid])
    second.close()
    statements = wait_for(ralph, actor, 2 + 2 + 2, timeout=30)
    mine = au_statements(statements)
    assert story(mine).count("initialized") == 2 and story(mine).count("terminated") == 2
    sessions = [session_of(s) for s in by_time(mine) if s["verb"]["id"] == ADL + "initialized"]
    assert len(set(sessions)) == 2, "each launch its own session"


@pytest.mark.slow
def test_a_relaunch_in_review_mode_sends_no_completed(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration))
    walk(page, {rid: "First time through." for _, rid in REFLECTIONS})
    page.locator('[data-sg-complete] [data-sg-action="exit"]').click()
    page.wait_for_url("**/cmi5/returned")
    review = browser.new_context().new_page()  # the learner reviews, from another browser
    review.goto(lms.cmi5_launch(actor, registration, launch_mode="Review"))
    expect(review.locator(f'[data-sg-page-id="{PAGE_IDS[-1]}"]')).to_be_visible()  # resumed at the end
    review.locator(f'[data-sg-toc] [data-sg-goto="{PAGE_IDS[0]}"]').click()
    page_id, rid = REFLECTIONS[0]
    review.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
    expect(review.locator(f'[data-sg-reflection="{rid}"] textarea')).to_have_value("First time through.")
    drain(review)
    review.close()
    statements = wait_for(ralph, actor, 2 + 2 + 2 + len(PAGE_IDS) + len(REFLECTIONS) + 1 + 1 + 2)
    order = story(au_statements(statements))
    assert order.count("initialized") == 2 and order.count("terminated") == 2
    assert order.count("completed") == 1, "the Normal session's only"
    assert [s["verb"]["id"] for s in statements].count(SATISFIED) == 1


@pytest.mark.slow
def test_a_first_launch_in_review_mode_completes_nothing(lms, ralph, browser):
    """The mode, not the learner's history, keeps `completed` back (cmi5 10.2.2.0-11)."""
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration, launch_mode="Review"))
    walk(page, {rid: "Reviewing." for _, rid in REFLECTIONS})
    expect(page.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
    page.close()
    statements = wait_for(ralph, actor, 1 + 1 + len(PAGE_IDS) + len(REFLECTIONS) + 1)
    order = story(au_statements(statements))
    assert order[0] == "initialized" and order[-1] == "terminated"
    assert "completed" not in order and SATISFIED not in [s["verb"]["id"] for s in statements]


def test_answers_an_earlier_session_could_not_deliver_go_in_the_next_one(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    context = browser.new_context()
    lms.lrs_mode = "error"  # the LMS's LRS fails for the whole first session
    page = context.new_page()
    page.goto(lms.cmi5_launch(actor, registration))
    page_id, rid = REFLECTIONS[0]
    page.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
    block = page.locator(f'[data-sg-reflection="{rid}"]')
    block.locator("textarea").fill("Written while nobody listened.")
    block.locator('[data-sg-action="submit"]').click()
    page.close()
    time.sleep(1)  # what the closing page sent has had its answer (500)
    lms.lrs_mode = "pass"
    again = context.new_page()  # the same browser, launched again by the LMS
    again.goto(lms.cmi5_launch(actor, registration))
    expect(again.locator(f'[data-sg-reflection="{rid}"] textarea')).to_have_count(1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answered = [s for s in ralph.statements(agent=actor) if s["verb"]["id"] == ADL + "answered"]
        if answered:
            break
        time.sleep(0.5)
    [answer] = answered
    assert answer["result"]["response"] == "Written while nobody listened."
    initialized = [s for s in by_time(ralph.statements(agent=actor)) if s["verb"]["id"] == ADL + "initialized"]
    assert len(initialized) == 1, "the first session never got its initialized in: it is not sent in another"
    assert session_of(answer) == session_of(initialized[0]), "sent as the second session's statement"
    assert answer["context"]["extensions"][REISSUED]["session"] != session_of(answer)
    again.close()


def test_a_refused_batch_is_never_sent_again_and_the_learner_is_told(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration))
    expect(page.locator(f'[data-sg-page-id="{PAGE_IDS[0]}"]')).to_be_visible()
    drain(page)
    lms.lrs_mode = "refuse"  # from now on the LRS answers 403 to every statement
    sent_before = lms.statement_posts()
    page_id, rid = REFLECTIONS[0]
    page.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
    block = page.locator(f'[data-sg-reflection="{rid}"]')
    block.locator("textarea").fill("Refused, but kept.")
    block.locator('[data-sg-action="submit"]').click()
    expect(block).to_have_attribute("data-sg-delivery", "refused", timeout=15000)
    expect(block.locator("[data-sg-message]")).to_contain_text("refused")
    posts = lms.statement_posts() - sent_before
    time.sleep(4)  # a retry, if there were one, comes after 1 s, 2 s ...
    assert lms.statement_posts() - sent_before == posts, "no request after a refusal"
    page.locator("[data-sg-debug] summary").click()
    expect(page.locator('[data-sg-action="download-refused"]')).to_be_visible()
    with page.expect_download() as download:
        page.locator('[data-sg-action="download-refused"]').click()
    kept = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert "Refused, but kept." in [s.get("result", {}).get("response") for s in kept]
    assert page.evaluate("window.scormgen.outbox.pending()") == 0
    lms.lrs_mode = "pass"
    page.close()


def test_learner_preferences_are_read_first_and_name_the_preferred_edition(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    url = lms.cmi5_launch(actor, registration, preferences={"languagePreference": "fr-CA,en", "audioPreference": "on"})
    page = browser.new_context().new_page()
    page.goto(url)
    expect(page.locator("[data-sg-notice]")).to_contain_text("Médecine intégrative")
    expect(page.locator("[data-sg-notice]")).to_contain_text("French")
    statements = wait_for(ralph, actor, 3)
    assert "initialized" in story(statements)
    page.close()


def test_a_reload_after_the_session_ended_sends_nothing_more(lms, ralph, browser):
    actor, registration = new_learner(), str(uuid.uuid4())
    page = browser.new_context().new_page()
    page.goto(lms.cmi5_launch(actor, registration))
    expect(page.locator(f'[data-sg-page-id="{PAGE_IDS[0]}"]')).to_be_visible()
    drain(page)
    page.reload()  # the page closed (terminated sent) and opened again in the same tab
    expect(page.locator("[data-sg-notice]")).to_contain_text("this session has ended")
    page.locator('[data-sg-nav="next"]').click()
    time.sleep(2)
    order = story(au_statements(ralph.statements(agent=actor)))
    assert order == ["initialized", "experienced", "terminated"]
    page.close()


@pytest.mark.slow
def test_closing_right_after_completing_then_relaunching_sends_completed_once(lms, ralph, browser):
    """What the closing page sent by keepalive is asked for by id on the next launch:
    a `completed` the LMS has is not sent again (a strict LMS refuses a second one)."""
    actor, registration = new_learner(), str(uuid.uuid4())
    context = browser.new_context()
    page = context.new_page()
    page.goto(lms.cmi5_launch(actor, registration))
    walk(page, {rid: "Quickly." for _, rid in REFLECTIONS})
    expect(page.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
    page.close()  # at once: what waits goes with keepalive, and stays stored
    again = context.new_page()
    again.goto(lms.cmi5_launch(actor, registration))
    expect(again.locator("[data-sg-page-id]")).to_have_count(1)
    drain(again)
    again.close()
    statements = wait_for(ralph, actor, 2 + 1 + len(PAGE_IDS) + len(REFLECTIONS) + 1 + 1 + 1 + 3)
    order = story(au_statements(statements))
    assert order.count("completed") == 1 and order.count("initialized") == 2 and order.count("terminated") == 2
    answered = [s for s in statements if s["verb"]["id"] == ADL + "answered"]
    assert len({s["id"] for s in answered}) == len(REFLECTIONS) == len(answered), "each answer once"

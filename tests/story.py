"""What the xapi and cmi5 browser tests share: the real module's pages and reflections,
a learner of one's own per test, walking the module as a learner, and reading back
what the LRS (Ralph) holds."""
from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import expect

from conftest import ROOT
from scormgen.course import load_course

COURSE = load_course(ROOT / "course_source")
PAGE_IDS = [p.id for p in COURSE.pages]
REFLECTIONS = [(p.id, r.id) for p in COURSE.pages for r in p.reflections]
PROMPTS = {r.id: " ".join(r.prompt.split()) for r in COURSE.reflections}
COURSE_IRI = "urn:scormgen:working-alliance"
ADL = "http://adlnet.gov/expapi/verbs/"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CMI5_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
CMI5_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DURATION_RE = re.compile(r"^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$")


def new_learner() -> dict:
    tag = uuid.uuid4().hex[:10]
    return {"objectType": "Agent", "name": f"Learner {tag}", "mbox": f"mailto:learner-{tag}@example.org"}


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


def drain(page, timeout: float = 20.0) -> int:
    """Wait until the page's outbox has sent what it holds (or ``timeout``); what is left."""
    deadline = time.monotonic() + timeout
    while pending(page) and time.monotonic() < deadline:
        time.sleep(0.2)
    return pending(page)


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

"""The built packages under a real LMS-side runtime (scorm-again, from npm) in Debian's
Chromium: what the LMS holds after a learner's sessions, and that nothing the learner
wrote is lost. The test server keeps every commit, as an LMS does, and starts each
launch from what the previous one left, as Moodle does (entry "resume" after exit
"suspend")."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from lms_server import SCORM_AGAIN, LmsServer, ScoLaunch, interactions, next_launch, refused_calls
from scormgen.course import load_course

pytestmark = [pytest.mark.browser, pytest.mark.node]  # scorm-again comes from node_modules

COURSE = load_course(ROOT / "course_source")
PAGE_IDS = [p.id for p in COURSE.pages]
REFLECTIONS = [(p.id, r.id) for p in COURSE.pages for r in p.reflections]
PROMPTS = {r.id: " ".join(r.prompt.split()) for r in COURSE.reflections}
OBJECTIVES = [o.id for o in COURSE.objectives]
MARKER = " [\u2026]"


def decode(value: str) -> str:
    """Undo the runtime's escaping of line breaks (written as a pilcrow), a literal
    pilcrow, a backslash and a leading '{' (codec.js)."""
    return re.sub(r"\\([nr\\{\u00b6])|\u00b6",
                  lambda m: {"n": "\n", "r": "\r", None: "\n"}.get(m.group(1), m.group(1)), value)


@dataclass(frozen=True)
class Standard:
    """Where each standard keeps what the tests check, and its limits."""

    name: str
    suspend_limit: int
    response_limit: int
    comments_limit: int
    status: Callable[[dict], str]
    location: Callable[[dict], str]
    exit: Callable[[dict], str]
    session_time: Callable[[dict], str]
    notes: Callable[[dict], str]
    response_key: str
    interaction_type: str
    time_key: str
    session_time_format: str
    learner: dict


SCORM12 = dict(
    response_limit=255, comments_limit=4096,
    status=lambda c: c["core"]["lesson_status"], location=lambda c: c["core"]["lesson_location"],
    exit=lambda c: c["core"]["exit"], session_time=lambda c: c["core"]["session_time"],
    notes=lambda c: c["comments"], response_key="student_response", interaction_type="fill-in",
    time_key="time", session_time_format=r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$",
    learner={"core": {"student_id": "u42", "student_name": "Doe, Jane"}},
)
SCORM2004 = dict(
    response_limit=4000, comments_limit=4000,
    status=lambda c: c["completion_status"], location=lambda c: c["location"],
    exit=lambda c: c["exit"], session_time=lambda c: c["session_time"],
    notes=lambda c: c["comments_from_learner"]["0"]["comment"], response_key="learner_response",
    interaction_type="long-fill-in", time_key="timestamp",
    session_time_format=r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$",
    learner={"learner_id": "u42", "learner_name": "Jane Doe"},
)
STANDARDS = {
    "scorm12": Standard("scorm12", 4096, **SCORM12),
    "scorm2004-3rd": Standard("scorm2004", 4000, **SCORM2004),
    "scorm2004-4th": Standard("scorm2004", 64000, **SCORM2004),
}
TARGETS = list(STANDARDS)


@pytest.fixture(scope="module")
def lms(real_packages_unpacked):
    if not (SCORM_AGAIN / "scorm12.js").is_file():
        pytest.skip("scorm-again is missing: run 'npm ci' at the repository root (see README, Set-up)")
    with LmsServer(real_packages_unpacked) as server:
        yield server


class Launch(ScoLaunch):
    """One launch of a package of the real module in the test LMS."""

    def __init__(self, lms: LmsServer, context, target: str, state: dict, fail: str = ""):
        self.target, self.std = target, STANDARDS[target]
        super().__init__(lms, context, target, self.std.name, state, fail)

    def reflection(self, reflection_id: str):
        """The reflection's block, on its page (a page's content is loaded when the learner
        goes there)."""
        page_id = next(p for p, r in REFLECTIONS if r == reflection_id)
        if self.shown() != page_id:
            self.goto(page_id)
        return self.frame.locator(f'[data-sg-reflection="{reflection_id}"]')

    def reflect(self, reflection_id: str, text: str) -> None:
        block = self.reflection(reflection_id)
        block.locator("textarea").fill(text)
        block.locator('[data-sg-action="submit"]').click()
        expect(block.locator("[data-sg-expert-answer]")).to_be_visible()

    def write_notes(self, text: str) -> None:
        toggle = self.frame.locator('[data-sg-action="toggle-notes"]')
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        self.frame.locator("[data-sg-notes] textarea").fill(text)


def assert_values_within_limits(std: Standard, cmi: dict) -> None:
    assert len(cmi["suspend_data"]) <= std.suspend_limit
    assert len(std.notes(cmi)) <= std.comments_limit
    assert not re.search(r"[\r\n]", std.notes(cmi))
    for interaction in interactions(cmi):
        response = interaction[std.response_key]
        assert len(response) <= std.response_limit
        assert not re.search(r"[\r\n]", response) and not response.startswith("{")
        if std.name == "scorm2004":
            assert len(interaction["description"]) <= 250
            assert not re.search(r"[\r\n]", interaction["description"])


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_two_sessions_reach_completion_and_resume_where_the_learner_left(target, lms, browser):
    std = STANDARDS[target]
    answers = {rid: f"Answer to {rid}.\nIt has a second line,\n{{braces}} and a \\ backslash."
               for _, rid in REFLECTIONS}
    notes = "Goals first.\n{Ask} what matters most\\today."
    context = browser.new_context()

    # -- first session: half the module, two reflections, notes ------------------------
    first = Launch(lms, context, target, {"cmi": std.learner})
    assert first.shown() == PAGE_IDS[0]
    for page_id in PAGE_IDS[1:6]:
        first.frame.locator('[data-sg-nav="next"]').click()
        assert first.shown() == page_id
    for _, rid in REFLECTIONS[:2]:
        first.reflect(rid, answers[rid])
    first.write_notes(notes)
    first.goto(PAGE_IDS[6])
    cmi = first.exit_activity()
    calls = first.calls()

    assert refused_calls(calls) == []
    methods = [c["method"] for c in calls]
    init, term = ("LMSInitialize", "LMSFinish") if std.name == "scorm12" else ("Initialize", "Terminate")
    assert methods.count(init) == 1 and methods.count(term) == 1
    assert methods[0] == init and methods[-1] == term
    # a commit right after each page shown (1 + 5 + 2 + 1) and each reflection (2), at
    # most one more when the notes were saved after a pause in typing
    commits = methods.count("LMSCommit" if std.name == "scorm12" else "Commit")
    assert 11 <= commits <= 12
    status_sets = [c["args"] for c in calls if "SetValue" in c["method"]
                   and c["args"][0] in ("cmi.core.lesson_status", "cmi.completion_status")]
    assert status_sets[0][1] == "incomplete", "incomplete from the first launch"
    assert std.status(cmi) == "incomplete"
    assert std.location(cmi) == PAGE_IDS[6]
    assert std.exit(cmi) == "suspend"
    assert re.match(std.session_time_format, std.session_time(cmi)), std.session_time(cmi)
    held = interactions(cmi)
    assert [i["id"] for i in held] == [rid for _, rid in REFLECTIONS[:2]]
    for interaction in held:
        assert interaction["type"] == std.interaction_type
        assert decode(interaction[std.response_key]) == answers[interaction["id"]]
        assert interaction[std.time_key]
        if std.name == "scorm2004":
            assert interaction["description"] == PROMPTS[interaction["id"]]
            # 19 characters, no fraction, no zone: what ILIAS's columns store
            assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", interaction["timestamp"])
    objectives = [cmi["objectives"][k]["id"] for k in sorted(cmi["objectives"], key=int)]
    assert objectives == OBJECTIVES
    assert decode(std.notes(cmi)) == notes
    if std.name == "scorm2004":
        assert 0 < float(cmi["progress_measure"]) < 1
    assert_values_within_limits(std, cmi)
    assert first.console == [] or all("scormgen" not in line for line in first.console)

    # -- second session, in another browser (no local copy): only the LMS's data -------
    second = Launch(lms, browser.new_context(), target, next_launch(cmi, std.name))
    assert second.shown() == PAGE_IDS[6], "resumes on the page where the learner left"
    for _, rid in REFLECTIONS[:2]:
        block = second.reflection(rid)
        expect(block.locator("textarea")).to_have_value(answers[rid])
        expect(block.locator("[data-sg-expert-answer]")).to_be_attached()
        assert block.locator("[data-sg-expert-answer]").get_attribute("hidden") is None
    second.frame.locator('[data-sg-action="toggle-notes"]').click()
    expect(second.frame.locator("[data-sg-notes] textarea")).to_have_value(notes)
    for page_id in PAGE_IDS[7:]:
        second.goto(page_id)
    for _, rid in REFLECTIONS[2:]:
        second.reflect(rid, answers[rid])
    expect(second.frame.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
    cmi = second.exit_activity()
    assert refused_calls(second.calls()) == []
    assert std.status(cmi) == "completed"
    if std.name == "scorm2004":
        assert float(cmi["progress_measure"]) == 1.0
        assert {o["completion_status"] for o in cmi["objectives"].values()} == {"completed"}
    else:
        assert {o["status"] for o in cmi["objectives"].values()} == {"completed"}
    assert [i["id"] for i in interactions(cmi)] == [rid for _, rid in REFLECTIONS]
    assert_values_within_limits(std, cmi)


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_very_long_texts_fit_every_limit_and_nothing_is_lost_in_the_same_browser(target, lms, browser):
    std = STANDARDS[target]
    note = "".join(f"Note line {i:05d}: the alliance is built visit after visit.\n" for i in range(400))[:20000]
    assert len(note) == 20000
    long_answer = "".join(f"Sentence {i} of a long, careful answer {{with braces}}.\n" for i in range(220))
    context = browser.new_context()
    first = Launch(lms, context, target, {"cmi": std.learner})
    for _, rid in REFLECTIONS:
        first.reflect(rid, long_answer)
    first.write_notes(note)
    first.goto(PAGE_IDS[-1])
    warning = first.frame.locator("[data-sg-notes-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("The LMS keeps a shortened copy")
    cmi = first.exit_activity()
    assert refused_calls(first.calls()) == []
    assert_values_within_limits(std, cmi)
    assert std.notes(cmi).endswith(MARKER)
    for interaction in interactions(cmi):
        response = decode(interaction[std.response_key])
        assert response.endswith(MARKER) and long_answer.startswith(response[:-len(MARKER)])

    # same browser: the full texts come back
    again = Launch(lms, context, target, next_launch(cmi, std.name))
    again.frame.locator('[data-sg-action="toggle-notes"]').click()
    expect(again.frame.locator("[data-sg-notes] textarea")).to_have_value(note)
    for _, rid in REFLECTIONS:
        expect(again.reflection(rid).locator("textarea")).to_have_value(long_answer)
    again.exit_activity()

    # another browser: what the LMS kept, marked as shortened where it was cut
    elsewhere = Launch(lms, browser.new_context(), target, next_launch(cmi, std.name))
    elsewhere.frame.locator('[data-sg-action="toggle-notes"]').click()
    kept = elsewhere.frame.locator("[data-sg-notes] textarea").input_value()
    assert kept.endswith(MARKER) and note.startswith(kept.removesuffix(MARKER))
    # the room is shared: the notes keep a fair part, not nothing
    assert len(kept) > std.suspend_limit // 10 if std.suspend_limit < 20000 else len(kept) > 2000
    elsewhere.page.close()


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4th"])
def test_window_closed_while_typing_notes_keeps_them(target, lms, browser):
    std = STANDARDS[target]
    launch = Launch(lms, browser.new_context(), target, {"cmi": std.learner})
    launch.goto(PAGE_IDS[2])
    launch.write_notes("Typed just before closing.\nSecond line.")
    cmi = launch.close_window()  # well within the pause after which notes are saved
    assert decode(std.notes(cmi)) == "Typed just before closing.\nSecond line."
    assert "'n':'Typed just before closing.~bnSecond line.'" in cmi["suspend_data"]
    assert std.location(cmi) == PAGE_IDS[2]


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-3rd"])
def test_window_closed_right_after_a_reflection_keeps_it(target, lms, browser):
    std = STANDARDS[target]
    launch = Launch(lms, browser.new_context(), target, {"cmi": std.learner})
    rid = REFLECTIONS[1][1]
    launch.reflect(rid, "Submitted, then the window closed.")
    cmi = launch.close_window()
    assert [i["id"] for i in interactions(cmi)] == [rid]
    assert decode(interactions(cmi)[0][std.response_key]) == "Submitted, then the window closed."
    assert std.exit(cmi) == "suspend"


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4th"])
def test_an_lms_whose_calls_fail_does_not_block_the_learner(target, lms, browser):
    std = STANDARDS[target]
    launch = Launch(lms, browser.new_context(), target, {"cmi": std.learner}, fail="writes")
    launch.frame.locator('[data-sg-nav="next"]').click()
    assert launch.shown() == PAGE_IDS[1]
    launch.reflect(REFLECTIONS[0][1], "Still works.")
    debug = launch.frame.locator("[data-sg-debug]")
    expect(debug).to_be_visible()
    expect(debug).to_contain_text("101 General exception (test LMS)")
    assert any("scormgen:" in line and "failed: 101" in line for line in launch.console)
    launch.page.close()


def test_an_lms_that_will_not_start_leaves_the_module_usable(lms, browser):
    launch = Launch(lms, browser.new_context(), "scorm2004-4th", {"cmi": SCORM2004["learner"]},
                    fail="initialize")
    expect(launch.frame.locator("[data-sg-notice]")).to_have_text(
        "The LMS did not answer: your progress is kept in this browser only, for now.")
    launch.frame.locator('[data-sg-nav="next"]').click()
    assert launch.shown() == PAGE_IDS[1]
    methods = [c["method"] for c in launch.calls()]
    assert methods == ["Initialize"], "after a refused Initialize nothing else is sent"
    launch.page.close()


def test_a_2004_package_speaks_scorm12_to_an_lms_with_only_the_12_api(lms, browser):
    """Chamilo offers only the SCORM 1.2 API (window.API): a 2004 package speaks 1.2 to it,
    and says so in the connection details, instead of keeping everything in the browser."""
    Launch.counter += 1
    key = f"only-12-{Launch.counter}"
    lms.states[key] = {"cmi": SCORM12["learner"]}
    page = browser.new_context().new_page()
    page.goto(f"{lms.url}/lms/lms.html?standard=scorm12&key={key}&launch=/pkg/scorm2004-4th/index.html&fail=")
    frame = page.frame_locator("iframe")
    expect(frame.locator("[data-sg-page-id]")).to_have_count(1)
    frame.locator('[data-sg-nav="next"]').click()
    expect(frame.locator(f'[data-sg-page-id="{PAGE_IDS[1]}"]')).to_be_visible()
    calls = page.evaluate("lms.calls")
    assert calls[0]["method"] == "LMSInitialize"
    assert any(c["method"] == "LMSSetValue" and c["args"][0] == "cmi.core.lesson_location"
               and c["args"][1] == PAGE_IDS[1] for c in calls)
    assert refused_calls(calls) == []
    expect(frame.locator("[data-sg-debug]")).to_contain_text("speaks SCORM 1.2")
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("target", ["scorm2004-3rd", "scorm2004-4th"])
def test_a_fresh_browser_gets_back_four_long_answers_in_full(target, lms, browser):
    """suspend_data (4,000 characters in the 3rd Edition) cannot hold four answers of
    3,000 characters; the interactions the LMS keeps can, and a relaunch in another
    browser restores each answer from them, whole."""
    std = STANDARDS[target]
    answers = {rid: f"{rid}: " + "".join(f"Thought {i} about the working alliance, in full. " for i in range(60))[:3000]
               for _, rid in REFLECTIONS}
    first = Launch(lms, browser.new_context(), target, {"cmi": std.learner})
    for _, rid in REFLECTIONS:
        first.reflect(rid, answers[rid])
    cmi = first.exit_activity()
    assert refused_calls(first.calls()) == []
    elsewhere = Launch(lms, browser.new_context(), target, next_launch(cmi, std.name))
    for _, rid in REFLECTIONS:
        elsewhere.goto(next(p for p, r in REFLECTIONS if r == rid))
        expect(elsewhere.frame.locator(f'[data-sg-reflection="{rid}"] textarea')).to_have_value(answers[rid])
    assert refused_calls(elsewhere.calls()) == []
    elsewhere.page.close()


def test_resume_data_the_module_cannot_read_is_kept_and_the_learner_told(lms, browser):
    """An LMS that hands back resume data mangled beyond repair: the module tells the
    learner, and never overwrites what the LMS holds."""
    garbage = '{"v":1,"n":"a note \\q broken'
    learner = {**SCORM2004["learner"], "entry": "resume", "suspend_data": garbage}
    launch = Launch(lms, browser.new_context(), "scorm2004-4th", {"cmi": learner})
    expect(launch.frame.locator("[data-sg-notice]")).to_contain_text("cannot read")
    launch.frame.locator('[data-sg-nav="next"]').click()
    cmi = launch.exit_activity()
    assert cmi["suspend_data"] == garbage
    assert not any(c["method"] == "SetValue" and c["args"][0] == "cmi.suspend_data" for c in launch.calls())

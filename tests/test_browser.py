"""The built module in a real browser (Debian's Chromium driven by Playwright), as a
learner uses it without an LMS: navigation, table of contents, reflections, notes,
progress, keyboard, phone-sized screen. The DOM hooks are the package contract's."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, submit_reflection
from lms_server import LmsServer
from scormgen.course import load_course

COURSE = load_course(ROOT / "course_source")
PAGE_IDS = [p.id for p in COURSE.pages]
REFLECTIONS = [(p.id, r.id) for p in COURSE.pages for r in p.reflections]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(real_packages_unpacked):
    """The unpacked packages served over HTTP on 127.0.0.1, as an LMS would serve them."""
    with LmsServer(real_packages_unpacked) as lms:
        yield f"{lms.url}/pkg"


@pytest.fixture
def open_course(browser, server):
    pages = []
    errors: list[str] = []

    def open_(target: str = "scorm2004-4th", viewport=None):
        page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{server}/{target}/index.html")
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()
    assert errors == [], "the page reported errors"


def shown_page(page) -> str:
    shown = page.locator("[data-sg-page-id]")
    expect(shown).to_have_count(1)
    expect(shown).to_be_visible()
    return shown.get_attribute("data-sg-page-id")


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-3rd", "scorm2004-4th"])
def test_next_and_previous_walk_the_whole_module(open_course, target):
    page = open_course(target)
    assert shown_page(page) == PAGE_IDS[0]
    prev, next_ = page.locator('[data-sg-nav="prev"]'), page.locator('[data-sg-nav="next"]')
    expect(prev).to_be_disabled()
    for expected in PAGE_IDS[1:]:
        next_.click()
        assert shown_page(page) == expected
        # focus moves to the new page's title, so a screen reader starts there
        assert page.evaluate("document.activeElement.id") == f"sg-title-{expected}"
    expect(next_).to_be_disabled()
    expect(next_).to_be_visible()
    prev.click()
    assert shown_page(page) == PAGE_IDS[-2]
    expect(page.locator("[data-sg-page-count]")).to_have_text(f"Page {len(PAGE_IDS) - 1} of {len(PAGE_IDS)}")


def test_table_of_contents_lists_every_page_and_goes_there(open_course):
    page = open_course()
    links = page.locator("[data-sg-toc] a[data-sg-goto]")
    assert links.evaluate_all("els => els.map(e => e.dataset.sgGoto)") == PAGE_IDS
    assert links.all_inner_texts() == [p.title for p in COURSE.pages]
    links.nth(9).click()
    assert shown_page(page) == PAGE_IDS[9]
    expect(links.nth(9)).to_have_attribute("aria-current", "page")
    expect(page.locator(f'[data-sg-page-id="{PAGE_IDS[9]}"] h1')).to_have_text(COURSE.pages[9].title)


def test_reflection_shows_the_expert_answer_only_after_a_real_answer(open_course):
    page = open_course()
    page_id, reflection_id = REFLECTIONS[0]
    page.locator(f'[data-sg-goto="{page_id}"]').click()
    block = page.locator(f'[data-sg-reflection="{reflection_id}"]')
    expert = block.locator("[data-sg-expert-answer]")
    expect(expert).to_be_hidden()
    block.locator("textarea").fill("   \n  ")
    block.locator('[data-sg-action="submit"]').click()
    expect(expert).to_be_hidden()
    expect(block.locator("[data-sg-message]")).to_have_text("Write your answer before you submit it.")
    answer = "Shared goals with Mrs. L.\nShe <b>trusted</b> the plan."
    block.locator("textarea").fill(answer)
    block.locator('[data-sg-action="submit"]').click()
    expect(expert).to_be_visible()
    # on revisit the expert answer and the learner's text are still there
    page.locator('[data-sg-nav="next"]').click()
    page.locator('[data-sg-nav="prev"]').click()
    expect(expert).to_be_visible()
    expect(block.locator("textarea")).to_have_value(answer)


def test_notes_open_close_and_keep_their_text(open_course):
    page = open_course()
    toggle = page.locator('[data-sg-action="toggle-notes"]')
    notes = page.locator("[data-sg-notes] textarea")
    expect(notes).to_be_hidden()
    toggle.click()
    expect(notes).to_be_visible()
    expect(notes).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    notes.type("Ask about goals at every visit.")
    page.keyboard.press("Escape")
    expect(notes).to_be_hidden()
    expect(toggle).to_be_focused()
    page.locator('[data-sg-nav="next"]').click()
    toggle.click()
    expect(notes).to_have_value("Ask about goals at every visit.")


def test_progress_reaches_100_when_every_page_is_seen_and_every_reflection_submitted(open_course):
    page = open_course()
    progress = page.locator("[data-sg-progress]")
    total = len(PAGE_IDS) + len(REFLECTIONS)
    assert int(progress.get_attribute("aria-valuenow")) == 100 * 1 // total
    for page_id, reflection_id in REFLECTIONS:
        submit_reflection(page, page_id, reflection_id, "My answer.")
    assert int(progress.get_attribute("aria-valuenow")) < 100
    for page_id in PAGE_IDS:
        page.locator(f'[data-sg-goto="{page_id}"]').click()
    expect(progress).to_have_attribute("aria-valuenow", "100")
    assert progress.evaluate("el => el.value") == 100


def test_keyboard_alone_operates_navigation_reflections_and_notes(open_course):
    page = open_course()
    page.locator('[data-sg-nav="next"]').focus()
    page.keyboard.press("Enter")
    assert shown_page(page) == PAGE_IDS[1]
    page.locator(f'[data-sg-goto="{PAGE_IDS[3]}"]').focus()
    page.keyboard.press("Enter")
    assert shown_page(page) == PAGE_IDS[3]
    # from the page title, Tab moves forward through the page in document order
    page_id, reflection_id = REFLECTIONS[0]
    page.locator(f'[data-sg-goto="{page_id}"]').focus()
    page.keyboard.press("Enter")
    textarea = page.locator(f'[data-sg-reflection="{reflection_id}"] textarea')
    textarea.focus()
    page.keyboard.type("Typed with the keyboard.")
    page.keyboard.press("Tab")
    submit = page.locator(f'[data-sg-reflection="{reflection_id}"] [data-sg-action="submit"]')
    expect(submit).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(f'[data-sg-reflection="{reflection_id}"] [data-sg-expert-answer]')).to_be_visible()
    page.locator('[data-sg-action="toggle-notes"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-sg-notes] textarea")).to_be_focused()


def test_images_load_from_the_package(open_course):
    page = open_course()
    page.locator('[data-sg-goto="three-components-of-the-alliance"]').click()
    image = page.locator('[data-sg-page-id] img[src="media/alliance-components.svg"]')
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.get_attribute("alt")


def test_phone_sized_screen_has_no_sideways_scrolling(open_course):
    page = open_course(viewport={"width": 360, "height": 740})
    for page_id in PAGE_IDS:
        page.locator('[data-sg-action="toggle-toc"]').click()
        page.locator(f'[data-sg-goto="{page_id}"]').click()
        assert shown_page(page) == page_id
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"page {page_id} scrolls sideways by {overflow}px"
    expect(page.locator('[data-sg-nav="next"]')).to_be_visible()


def test_package_opened_as_a_local_file_works(browser, real_packages_unpacked):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((real_packages_unpacked / "scorm12" / "index.html").as_uri())
    assert shown_page(page) == PAGE_IDS[0]
    page.locator('[data-sg-nav="next"]').click()
    assert shown_page(page) == PAGE_IDS[1]
    page.close()
    assert errors == []


def test_without_an_lms_the_learner_resumes_from_this_browser(open_course):
    page = open_course("scorm12")
    notice = page.locator("[data-sg-notice]")
    expect(notice).to_have_text("Not connected to an LMS: your progress is kept in this browser only.")
    page_id, reflection_id = REFLECTIONS[1]
    block = submit_reflection(page, page_id, reflection_id, "Kept in this browser.")
    page.locator('[data-sg-action="toggle-notes"]').click()
    page.locator("[data-sg-notes] textarea").fill("A note\non two lines")
    other = page.locator(f'[data-sg-reflection="{REFLECTIONS[2][1]}"] textarea')
    page.locator(f'[data-sg-goto="{REFLECTIONS[2][0]}"]').click()
    other.fill("A draft, not submitted")
    page.reload()
    assert shown_page(page) == REFLECTIONS[2][0]
    expect(other).to_have_value("A draft, not submitted")
    expect(page.locator(f'[data-sg-reflection="{REFLECTIONS[2][1]}"] [data-sg-expert-answer]')).to_be_hidden()
    page.locator(f'[data-sg-goto="{page_id}"]').click()
    expect(block.locator("textarea")).to_have_value("Kept in this browser.")
    expect(block.locator("[data-sg-expert-answer]")).to_be_visible()
    page.locator('[data-sg-action="toggle-notes"]').click()
    expect(page.locator("[data-sg-notes] textarea")).to_have_value("A note\non two lines")


def test_notes_download_as_text_and_web_page(open_course):
    page = open_course()
    page_id, reflection_id = REFLECTIONS[0]
    submit_reflection(page, page_id, reflection_id, "My <b>answer</b> & more")
    page.locator('[data-sg-action="toggle-notes"]').click()
    page.locator("[data-sg-notes] textarea").fill("Notes with <script>alert(1)</script>")
    with page.expect_download() as info:
        page.locator('[data-sg-action="download-notes"][data-sg-format="txt"]').click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "working-alliance-my-notes.txt"
    assert "Notes with <script>alert(1)</script>" in text
    assert "My <b>answer</b> & more" in text
    with page.expect_download() as info:
        page.locator('[data-sg-action="download-notes"][data-sg-format="html"]').click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "working-alliance-my-notes.html"
    assert "Notes with &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "My &lt;b&gt;answer&lt;/b&gt; &amp; more" in html
    assert "<script>" not in html


def test_learner_text_is_shown_as_text_never_as_html(open_course):
    page = open_course("scorm12")
    page_id, reflection_id = REFLECTIONS[0]
    block = submit_reflection(page, page_id, reflection_id, '<img src=x onerror="window.pwned=1">')
    page.reload()
    page.locator(f'[data-sg-goto="{page_id}"]').click()
    expect(block.locator("textarea")).to_have_value('<img src=x onerror="window.pwned=1">')
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("img[src=x]").count() == 0


@pytest.mark.parametrize("suffix", ["#%E0%A4%A", "?actor=%E0%A4%A&registration=%ZZ", "#%"])
def test_a_malformed_percent_escape_in_the_launch_url_still_opens_the_course(browser, server, suffix):
    """A launch URL cut short by an LMS or a mail client ("URI malformed") opens the
    course at its first page, with no script error."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server}/xapi/index.html{suffix}")
        assert shown_page(page) == PAGE_IDS[0]
        assert errors == []
    finally:
        page.close()


def test_the_last_page_says_whether_the_module_is_complete(open_course):
    """On the last page the learner reads whether the module is complete, what they did,
    and how to keep their notes; elsewhere nothing of it shows."""
    page = open_course()
    end = page.locator("[data-sg-complete]")
    expect(end).to_be_hidden()
    page.locator(f'[data-sg-toc] [data-sg-goto="{PAGE_IDS[-1]}"]').click()
    expect(end).to_be_visible()
    expect(end).to_have_attribute("data-sg-complete", "incomplete")
    expect(end.locator("h2")).to_have_text("You have reached the end of the module")
    for page_id, reflection_id in REFLECTIONS:
        submit_reflection(page, page_id, reflection_id, "My answer.")
    expect(end).to_be_hidden()
    for page_id in PAGE_IDS:
        page.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
    expect(end).to_be_visible()
    expect(end).to_have_attribute("data-sg-complete", "complete")
    expect(end.locator("h2")).to_have_text("You have completed this module")
    expect(end.locator("[data-sg-complete-summary]")).to_have_text(
        f"You viewed {len(PAGE_IDS)} of {len(PAGE_IDS)} pages and answered {len(REFLECTIONS)} of "
        f"{len(REFLECTIONS)} reflections.")
    expect(page.locator("[data-sg-status]")).to_contain_text("You have completed this module")
    end.locator('[data-sg-action="open-notes"]').click()
    expect(page.locator("[data-sg-notes] textarea")).to_be_focused()

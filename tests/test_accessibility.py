"""Every learner can use it: axe-core (WCAG 2.1 A/AA and best practices) finds no
violation on any page of any target, in English and French, in every state a learner
can reach; the whole module can be completed with the keyboard alone; 320 px wide and
200% zoom lose nothing."""
from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from conftest import AXE, ROOT, axe, tab_to
from lms_server import LmsServer
from scormgen.build import build
from scormgen.course import load_course

TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th", "cmi5", "xapi"]
EDITIONS = {"en": ROOT / "course_source", "fr": ROOT / "course_source" / "fr"}

pytestmark = [pytest.mark.browser, pytest.mark.node]  # axe-core comes from node_modules


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not AXE.is_file():
        pytest.skip("axe-core is missing: run 'npm ci' (see README, Set-up)")
    root = tmp_path_factory.mktemp("a11y")
    for lang, course in EDITIONS.items():
        for package in build(course, root / f"dist-{lang}"):
            with zipfile.ZipFile(package.path) as archive:
                archive.extractall(root / "pkg" / f"{lang}-{package.target.name}")
    with LmsServer(root / "pkg") as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(EDITIONS))
@pytest.mark.parametrize("target", TARGETS)
def test_axe_finds_no_violation_on_any_page(site, browser, lang, target):
    course = load_course(EDITIONS[lang])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{site.url}/pkg/{lang}-{target}/index.html")
    found: dict[str, list[str]] = {}
    for index, course_page in enumerate(course.pages):
        if index:
            page.locator('[data-sg-nav="next"]').click()
        expect(page.locator(f'[data-sg-page-id="{course_page.id}"]')).to_be_visible()
        if course_page.reflections:
            found[f"{course_page.id} (empty answer)"] = axe(page)
            block = page.locator(f'[data-sg-reflection="{course_page.reflections[0].id}"]')
            block.locator('[data-sg-action="submit"]').click()  # the "write your answer" message
            block.locator("textarea").fill("An answer.")
            block.locator('[data-sg-action="submit"]').click()
            expect(block.locator("[data-sg-expert-answer]")).to_be_visible()
        found[course_page.id] = axe(page)
    page.locator('[data-sg-action="toggle-notes"]').click()
    found["notes open"] = axe(page)
    page.close()
    assert {where: v for where, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_narrow_screen_and_zoom_lose_nothing(site, browser, lang):
    course = load_course(EDITIONS[lang])
    # 320 CSS pixels (WCAG 1.4.10 reflow) and a 1280-pixel window at 200% zoom
    for viewport, scale in (({"width": 320, "height": 640}, 1), ({"width": 640, "height": 450}, 2)):
        page = browser.new_context(viewport=viewport, device_scale_factor=scale).new_page()
        page.goto(f"{site.url}/pkg/{lang}-scorm2004-4th/index.html")
        for index, course_page in enumerate(course.pages):
            if index:
                page.locator('[data-sg-nav="next"]').click()
            expect(page.locator(f'[data-sg-page-id="{course_page.id}"]')).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{course_page.id} at {viewport['width']}px scrolls sideways by {overflow}px"
        page.locator('[data-sg-action="toggle-notes"]').click()
        expect(page.locator("[data-sg-notes] textarea")).to_be_visible()
        expect(page.locator('[data-sg-action="toggle-toc"]')).to_be_visible()
        page.close()


def focused(page) -> str:
    return page.evaluate("""() => { const e = document.activeElement;
        const block = e && e.closest('[data-sg-reflection]');
        return e ? (e.getAttribute('data-sg-nav') || e.getAttribute('data-sg-action') || e.tagName.toLowerCase()
                    + (block ? ':' + block.dataset.sgReflection : '')) : ''; }""")




@pytest.mark.parametrize("lang", list(EDITIONS))
def test_the_whole_module_with_the_keyboard_alone(site, browser, lang):
    course = load_course(EDITIONS[lang])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{site.url}/pkg/{lang}-scorm12/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('sg-skip-link')"), "a skip link comes first"
    for index, course_page in enumerate(course.pages):
        for reflection in course_page.reflections:
            tab_to(page, f"textarea:{reflection.id}", focused)
            page.keyboard.type("Written with the keyboard.\nSecond line.")
            page.keyboard.press("Tab")
            assert focused(page) == "submit"
            page.keyboard.press("Enter")
            expect(page.locator(f'[data-sg-reflection="{reflection.id}"] [data-sg-expert-answer]')).to_be_visible()
        if index < len(course.pages) - 1:
            tab_to(page, "next", focused)
            page.keyboard.press("Enter")
            expect(page.locator(f'[data-sg-page-id="{course.pages[index + 1].id}"]')).to_be_visible()
            assert page.evaluate("document.activeElement.tagName") == "H1", "focus moves to the new page's title"
    tab_to(page, "toggle-notes", focused)
    page.keyboard.press("Space")
    assert focused(page) == "textarea"
    page.keyboard.type("Notes typed with the keyboard.")
    page.keyboard.press("Escape")
    assert focused(page) == "toggle-notes"
    expect(page.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
    page.close()

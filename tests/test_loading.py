"""Pages loaded when the learner reaches them (the package contract's "Loading"): the
launch page holds each page's place, each page's content is a script of its own
(pages/<id>.js), and opening a package fetches the shell, the runtime and the page
shown first with its images, and nothing of any other page; a page and its images are
fetched when the learner goes there. Measured in Chromium on a generated course of
1,000 pages of about 20 KB of Markdown each, served over HTTP and opened from a folder."""
from __future__ import annotations

import http.client
import http.server
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import page_scripts, write_course
from scormgen.build import build
from scormgen.deflate import BLOCK, DeflatePool
from scormgen.package import Entry, deflate_entries, write_zip
from scormgen.preview.server import PreviewServer
from scormgen.render import page_files, page_script, plain_text
from synthetic import write_large_course

PAGES = 1000
# pages (from 0) with an image each: the first ones, the resume pages below, a few others
IMAGE_PAGES = [0, 1, 2, 3, 9, 99, 499, 500, 749, 999]
IMAGE_OF = {index: f"media/figure-{n:03d}.png" for n, index in enumerate(IMAGE_PAGES)}
TARGET = "scorm2004-4th"
MAX_BYTES_BEFORE_FIRST_PAGE = 2_000_000
SHELL = {"index.html", "assets/course.css", "assets/scormgen.js"}


def page_id(index: int) -> str:
    return f"part-{index + 1:04d}"


# --- the package: what is in the launch page, and what is in each page's script --------

def test_each_page_has_a_script_named_by_its_id_or_else_by_its_place():
    ids = ["intro", "readme", "Intro", "notes.lock", "clip", "next"]
    files = page_files(ids, taken={"media/x.png", "pages/clip.js", "pages/5.js"})
    assert files == {
        "intro": "pages/intro.js",
        "readme": "pages/2.js",        # Moodle's web server refuses /readme
        "Intro": "pages/3.js",         # the same file as intro.js where case does not count
        "notes.lock": "pages/4.js",    # ... and .lock
        "clip": "pages/5-2.js",        # a file of the course is there already, and the next one too
        "next": "pages/next.js",
    }


def test_a_page_script_hands_over_its_html_and_nothing_else():
    html = '<p class="x">Écoute “active”</p>\n<p>\u2028{braces} </script> \\ done</p>'
    script = page_script("intro", html)
    assert script.isascii(), "no server's idea of the character set can spoil it"
    text = script.decode("ascii")
    start = "(window.scormgenPages=window.scormgenPages||[]).push("
    assert text.startswith(start) and text.endswith(");\n") and text.count("\n") == 1
    assert json.loads(text[len(start):-3]) == ["intro", html]


def test_a_prompt_as_text_is_what_the_page_showed():
    assert plain_text("<p>What do\n<em>you</em>&nbsp;think &amp; <!-- not this -->feel?</p>\n") == \
        "What do you think & feel?"
    assert plain_text("\n<p> \u3000Spaces\u2009all\ufeff round </p>\n") == "Spaces all round"


@pytest.mark.parametrize("size", [0, 100, 70_000, BLOCK, BLOCK + 1])
@pytest.mark.parametrize("threads", [0, 2])
def test_entries_deflated_once_are_written_as_each_package_would(tmp_path, size, threads):
    data = (b"Pages loaded when the learner reaches them. " * (size // 40 + 1))[:size]
    entries = [Entry("pages/a.js", data=data), Entry("media/b.png", data=data), Entry("c.css", data=data[::-1])]
    write_zip(tmp_path / "plain.zip", entries)
    with DeflatePool(threads) as pool:
        ready = list(deflate_entries(entries, pool, in_flight=1))
        write_zip(tmp_path / "ready.zip", ready, pool=pool)
    assert (tmp_path / "ready.zip").read_bytes() == (tmp_path / "plain.zip").read_bytes()
    assert [e.name for e in ready] == [e.name for e in entries]
    assert [e.deflated is not None for e in ready] == [size <= BLOCK, False, size <= BLOCK]


def test_the_launch_page_holds_each_pages_place_and_its_script_the_rest(course_dir, tmp_path):
    [package] = build(course_dir, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(package.path) as archive:
        index = archive.read("index.html").decode()
        pages = page_scripts(archive)
        names = archive.namelist()
        manifest = archive.read("imsmanifest.xml").decode()
    assert '<h1 id="sg-title-intro" class="sg-page-title" tabindex="-1">Introduction</h1>\n    </section>' in index
    assert "Hello, this is the" not in index and "square.png" not in index, "no page content, no image"
    assert "data-sg-reflection" not in index
    assert set(pages) == {"intro", "second", "people"}
    assert "Hello, this is the <em>first</em> page." in pages["intro"]
    assert 'src="media/square.png"' in pages["intro"] and 'data-sg-reflection="r-one"' in pages["intro"]
    for name in ("pages/intro.js", "pages/second.js", "pages/people.js"):
        assert name in names and f'<file href="{name}"/>' in manifest
    config = json.loads(index.split('id="sg-config">')[1].split("</script>")[0])
    assert [(p["id"], p["file"]) for p in config["pages"]] == [
        ("intro", "pages/intro.js"), ("second", "pages/second.js"), ("people", "pages/people.js")]
    assert config["prompts"] == {"r-one": "What do you think?"}


def test_the_preview_serves_a_rebuilt_pages_script_never_a_cached_one(tmp_path):
    course = write_course(tmp_path / "course")
    preview = PreviewServer(course, "scorm12", 0)
    preview.start(watch=False)

    def get(path: str) -> tuple[bytes, list[str]]:
        connection = http.client.HTTPConnection("127.0.0.1", preview.httpd.server_address[1], timeout=10)
        try:  # two requests on one connection: what the first says is not carried to the second
            bodies, headers = [], []
            for asked in (path, "/status"):
                connection.request("GET", asked)
                response = connection.getresponse()
                bodies.append(response.read())
                assert response.status == 200
                headers.append(response.getheader("Cache-Control"))
            return bodies[0], headers
        finally:
            connection.close()
    try:
        first, headers = get("/pkg/pages/second.js")
        assert headers == ["no-store", "no-store"]
        assert b"Some text" in first
        (course / "pages" / "second.md").write_text("# Second page\n\nRewritten.\n", encoding="utf-8")
        preview.rebuild()
        assert preview.version == 2
        again, _ = get("/pkg/pages/second.js")
        assert b"Rewritten." in again
    finally:
        preview.stop()


# --- in Chromium: a course of 1,000 pages ---------------------------------------------

class Site:
    """The unpacked package over HTTP on 127.0.0.1: files can be made to fail (404) or
    to come late, as on a bad connection."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.missing: set[str] = set()
        self.delays: dict[str, float] = {}
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def log_message(self, format, *args):
                pass

            def do_GET(self):
                path = unquote(urlsplit(self.path).path).lstrip("/")
                time.sleep(site.delays.get(path, 0))
                if path in site.missing:
                    self.send_error(404)
                    return
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The 1,000-page course built for one target and unpacked, served over HTTP (a few
    seconds: the tests that use it are in the slow lane too)."""
    root = tmp_path_factory.mktemp("large")
    course = write_large_course(root / "course", pages=PAGES, media=len(IMAGE_PAGES), page_size=20_000,
                                media_size=64 * 1024, image_pages=IMAGE_PAGES)
    [package] = build(course, root / "dist", [TARGET])
    with zipfile.ZipFile(package.path) as archive:
        archive.extractall(root / "site")
    site = Site(root / "site")
    yield site
    site.close()


# Marks, in the page, the moment a page is first shown (data-sg-page-id set) and the
# bytes received by then (Resource Timing: every response completed before it).
FIRST_PAGE_PROBE = """(() => {
  const observer = new MutationObserver(() => {
    const shown = document.querySelector('[data-sg-page-id]');
    if (!shown || window.sgFirstPage) return;
    observer.disconnect();
    const at = performance.now();
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    window.sgFirstPage = { id: shown.getAttribute('data-sg-page-id'), at,
      bytes: entries.filter(e => e.responseEnd > 0 && e.responseEnd <= at).reduce((n, e) => n + e.transferSize, 0) };
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-sg-page-id'] });
})();"""


class Requests(list[str]):
    """The package's files a page asked for, in order (paths relative to the package)."""

    def __init__(self, page, base: str) -> None:
        super().__init__()
        page.on("request", lambda request: self.append(request.url.removeprefix(base).split("?")[0].split("#")[0])
                if request.url.startswith(base) else None)

    def scripts(self) -> set[str]:
        return {path for path in self if path.startswith("pages/")}

    def media(self) -> set[str]:
        return {path for path in self if path.startswith("media/")}


def open_module(context, site: Site, suffix: str = ""):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(FIRST_PAGE_PROBE)
    requests = Requests(page, site.url)
    page.goto(site.url + "index.html" + suffix)
    return page, requests, errors


@pytest.mark.browser
@pytest.mark.slow
def test_opening_fetches_the_shell_and_the_first_page_only(browser, large):
    context = browser.new_context()
    page, requests, errors = open_module(context, large)
    expect(page.locator(f'[data-sg-page-id="{page_id(0)}"] h2').first).to_be_visible()
    first = page.evaluate("window.sgFirstPage")
    assert first["id"] == page_id(0)
    assert 0 < first["bytes"] <= MAX_BYTES_BEFORE_FIRST_PAGE, first
    expect(page.locator(f'[data-sg-page-id="{page_id(0)}"] img')).to_have_js_property("complete", True)
    page.wait_for_load_state("networkidle")
    assert SHELL <= set(requests)
    assert requests.scripts() <= {f"pages/{page_id(0)}.js", f"pages/{page_id(1)}.js"}
    assert f"pages/{page_id(0)}.js" in requests.scripts()
    assert requests.media() == {IMAGE_OF[0]}, "the first page's image, and no other page's"
    assert set(requests) <= SHELL | requests.scripts() | requests.media()

    with page.expect_request(large.url + IMAGE_OF[1]):
        page.locator('[data-sg-nav="next"]').click()
    expect(page.locator(f'[data-sg-page-id="{page_id(1)}"] img')).to_be_visible()
    assert page.evaluate("document.activeElement.id") == f"sg-title-{page_id(1)}"
    page.wait_for_load_state("networkidle")
    assert requests.media() == {IMAGE_OF[0], IMAGE_OF[1]}
    assert requests.scripts() <= {f"pages/{page_id(i)}.js" for i in range(3)}
    assert requests.count(f"pages/{page_id(1)}.js") == 1, "a page prefetched is not fetched again"
    # nothing of the pages not shown is in the document: each of the others holds its title alone
    assert page.evaluate("[...document.querySelectorAll('[data-sg-page]')].filter(s => s.children.length > 1)"
                         ".map(s => s.dataset.sgPage)") == [page_id(0), page_id(1)]
    # the table of contents: every entry there (the first frame drew those a screen shows)
    expect(page.locator(f'[data-sg-toc] a[data-sg-goto="{page_id(PAGES - 1)}"]')).to_be_visible()
    assert page.locator("[data-sg-toc] a[data-sg-goto]").count() == PAGES
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("how", ["location", "hash"])
def test_a_resume_at_a_page_loads_that_page_only(browser, large, how):
    context = browser.new_context()
    index = 499 if how == "location" else 749
    if how == "location":  # where the learner left, as the browser's adapter keeps it
        earlier, _, _ = open_module(context, large)
        earlier.locator(f'[data-sg-toc] [data-sg-goto="{page_id(index)}"]').click()
        expect(earlier.locator(f'[data-sg-page-id="{page_id(index)}"]')).to_be_visible()
        earlier.close()
    page, requests, errors = open_module(context, large, "" if how == "location" else f"#{page_id(index)}")
    expect(page.locator(f'[data-sg-page-id="{page_id(index)}"] h2').first).to_be_visible()
    assert page.evaluate("window.sgFirstPage.id") == page_id(index), "no other page shown on the way"
    page.wait_for_load_state("networkidle")
    assert f"pages/{page_id(index)}.js" in requests.scripts()
    assert requests.scripts() <= {f"pages/{page_id(index)}.js", f"pages/{page_id(index + 1)}.js"}
    assert requests.media() == {IMAGE_OF[index]}
    expect(page.locator("[data-sg-page-count]")).to_have_text(f"Page {index + 1} of {PAGES}")
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_opened_from_a_folder_it_loads_its_pages(browser, large):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((large.folder / "index.html").as_uri())
    expect(page.locator(f'[data-sg-page-id="{page_id(0)}"] img')).to_be_visible()
    page.locator('[data-sg-nav="next"]').click()
    shown = page.locator(f'[data-sg-page-id="{page_id(1)}"]')
    expect(shown.locator("h2").first).to_have_text("Step 1")
    expect(shown.locator("img")).to_have_js_property("naturalWidth", 2)
    page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(6)}"]').click()
    expect(page.locator(f'[data-sg-page-id="{page_id(6)}"] [data-sg-reflection="think-0007"] textarea')).to_be_visible()
    assert errors == []
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_without_javascript_it_says_so_and_lists_every_page(browser, large):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(large.url + "index.html")
    expect(page.locator(".sg-notice", has_text="needs JavaScript")).to_be_visible()
    # the launch page starts with the first entries only (a quick first layout): without
    # the runtime to show the rest, the browser shows them all at once
    last = page.locator(f'[data-sg-toc] a[data-sg-goto="{page_id(PAGES - 1)}"]')
    expect(last).to_be_visible()
    assert page.locator("[data-sg-toc] a[data-sg-goto]:visible").count() == PAGES
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_a_page_that_does_not_come_offers_to_try_again_and_a_slow_one_says_loading(browser, large):
    context = browser.new_context()
    page, _, errors = open_module(context, large)
    expect(page.locator(f'[data-sg-page-id="{page_id(0)}"]')).to_be_visible()
    main = page.locator("main")
    large.missing.add(f"pages/{page_id(2)}.js")
    try:
        page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(2)}"]').click()
        failed = page.locator(f'[data-sg-page="{page_id(2)}"] [data-sg-load-failed]')
        expect(failed).to_be_visible()
        expect(failed).to_have_attribute("role", "alert")
        expect(failed.locator("p")).to_have_text("This page could not be loaded. Check your connection, "
                                                 "then try again.")
        expect(page.locator(f'[data-sg-page="{page_id(2)}"] h1')).to_be_focused()
        expect(page.locator("[data-sg-page-id]")).to_have_count(0)
        expect(page.locator("[data-sg-page-count]")).to_have_text(f"Page 3 of {PAGES}")
        assert main.get_attribute("aria-busy") is None
        with page.expect_response(large.url + f"pages/{page_id(2)}.js") as response:
            page.locator('[data-sg-action="retry-page"]').click()  # still missing
        assert response.value.status == 404
        expect(failed).to_be_visible()
        expect(page.locator("[data-sg-page-id]")).to_have_count(0)
    finally:
        large.missing.clear()
    page.locator('[data-sg-action="retry-page"]').click()
    expect(page.locator(f'[data-sg-page-id="{page_id(2)}"] img')).to_be_visible()
    expect(failed).to_have_count(0)
    expect(page.locator(f"#sg-title-{page_id(2)}")).to_be_focused()

    slow = f"pages/{page_id(40)}.js"
    large.delays[slow] = 1.5
    try:
        page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(40)}"]').click()
        assert main.get_attribute("aria-busy") == "true"
        expect(page.locator(".sg-loading")).to_be_visible()
        expect(page.locator(".sg-loading")).to_have_text("Loading…")
        expect(page.locator(f'[data-sg-page-id="{page_id(40)}"]')).to_be_visible(timeout=10_000)
    finally:
        large.delays.clear()
    expect(page.locator(".sg-loading")).to_be_hidden()
    assert main.get_attribute("aria-busy") is None
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_pages_asked_for_quickly_are_each_shown_in_turn(browser, large):
    """Clicks faster than the pages come: each page is shown in turn (as when every page
    was in the launch page), and Next goes on from the page asked for."""
    context = browser.new_context()
    page, _, errors = open_module(context, large)
    expect(page.locator(f'[data-sg-page-id="{page_id(0)}"]')).to_be_visible()
    large.delays[f"pages/{page_id(20)}.js"] = 0.8
    try:
        page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(20)}"]').click()
        page.locator('[data-sg-nav="next"]').click()
        page.locator('[data-sg-nav="next"]').click()
        expect(page.locator(f'[data-sg-page-id="{page_id(22)}"]')).to_be_visible(timeout=10_000)
    finally:
        large.delays.clear()
    seen = page.evaluate("window.scormgen.session.state().pagesSeen")
    assert seen == [page_id(0), page_id(20), page_id(21), page_id(22)]
    expect(page.locator("[data-sg-page-id]")).to_have_count(1)
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_answers_come_back_with_their_page_and_the_notes_name_every_reflection(browser, large, tmp_path):
    context = browser.new_context()
    page, _, errors = open_module(context, large)
    answers = {"think-0001": "First answer.", "think-0007": "Seventh answer.\nTwo lines."}
    for reflection, where in (("think-0001", 0), ("think-0007", 6)):
        page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(where)}"]').click()
        block = page.locator(f'[data-sg-page-id="{page_id(where)}"] [data-sg-reflection="{reflection}"]')
        block.locator("textarea").fill(answers[reflection])
        block.locator('[data-sg-action="submit"]').click()
        expect(block.locator("[data-sg-expert-answer]")).to_be_visible()
    page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(1)}"]').click()
    expect(page.locator(f'[data-sg-page-id="{page_id(1)}"]')).to_be_visible()
    page.close()

    page, requests, errors = open_module(context, large)  # resumes at the second page
    expect(page.locator(f'[data-sg-page-id="{page_id(1)}"]')).to_be_visible()
    assert page.locator("[data-sg-reflection]").count() == 0, "the reflections' pages are not loaded"
    page.locator('[data-sg-action="toggle-notes"]').click()
    with page.expect_download() as download:
        page.locator('[data-sg-action="download-notes"][data-sg-format="txt"]').click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert ("What would you do differently after part 1?\n\nFirst answer.\n\n"
            "What would you do differently after part 7?\n\nSeventh answer.\nTwo lines.\n") in text
    page.evaluate("window.scormgen.ui.preparePrint()")
    expect(page.locator("[data-sg-print-work] h3")).to_have_text(["What would you do differently after part 1?",
                                                                    "What would you do differently after part 7?"])
    page.locator('[data-sg-action="close-notes"]').click()
    page.locator(f'[data-sg-toc] [data-sg-goto="{page_id(6)}"]').click()
    block = page.locator('[data-sg-reflection="think-0007"]')
    expect(block.locator("textarea")).to_have_value(answers["think-0007"])
    expect(block.locator("[data-sg-expert-answer]")).to_be_visible()
    assert f"pages/{page_id(0)}.js" not in requests.scripts()
    assert errors == []
    context.close()


@pytest.mark.browser
def test_prompts_in_the_settings_are_the_prompts_the_pages_show(browser, real_packages_unpacked):
    """What goes to the LMS and the LRS as a reflection's prompt (and into the notes) is
    what the runtime read from the page before pages were loaded as they are reached."""
    page = browser.new_page()
    page.goto((real_packages_unpacked / "scorm12" / "index.html").as_uri())
    config = page.evaluate("window.scormgen.config")
    assert config["prompts"]
    for course_page in config["pages"]:
        if not course_page["reflections"]:
            continue
        page.locator(f'[data-sg-toc] [data-sg-goto="{course_page["id"]}"]').click()
        for reflection in course_page["reflections"]:
            prompt = page.locator(f'[data-sg-page-id] [data-sg-reflection="{reflection}"] .sg-reflection-prompt')
            shown = prompt.evaluate("el => el.textContent.replace(/\\s+/g, ' ').trim()")
            assert shown == config["prompts"][reflection]
    page.close()

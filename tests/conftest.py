"""Shared test fixtures: small courses written into tmp_path, the official schemas, the
tools some tests need (Chromium, Ralph, Node.js), each skipping its tests when it is
missing, and the rule that a CI run with a skipped test fails."""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Locator, Page

    from lms_server import LmsServer
    from ralph import Ralph

ROOT = Path(__file__).resolve().parent.parent
SHARED_XSD = ROOT.parent / "shared" / "xsd"
VALIDATE = SHARED_XSD / "validate.py"


def tiny_png() -> bytes:
    """A valid 2x2 red PNG, made here so no binary file is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


COURSE_YML = """\
id: fixture-course
title: Fixture course
version: "1.0"
language: en
description: A small course for tests.
keywords: [testing, fixtures]
produced: "2016-09"
authors:
  - name: Ada Example
    credentials: MD
    role: author
    bio: Writes *test* courses.
credits:
  - name: Bo Helper
    role: [editor, instructional designer]
    contribution: Editing
objectives:
  - id: obj-one
    text: Know the first thing.
  - id: obj-two
    text: Know the second thing.
pages:
  - intro
  - second
  - people
"""

INTRO_MD = """\
# Introduction

Hello, this is the *first* page. ![A red square](../media/square.png)

```reflection
id: r-one
prompt: |
  What do you think?
expert: |
  An expert's view.
```
"""

SECOND_MD = """\
# Second page

Some text, and a [link back](intro.md) and an [external one](https://example.org/).
"""

PEOPLE_MD = """\
# About the authors

```credits
```
"""


def write_course(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A valid fixture course in ``root``; ``files`` adds, replaces or (None) deletes files."""
    contents: dict[str, str | bytes | None] = {
        "course.yml": COURSE_YML,
        "pages/intro.md": INTRO_MD,
        "pages/second.md": SECOND_MD,
        "pages/people.md": PEOPLE_MD,
        "media/square.png": tiny_png(),
    }
    contents.update(files or {})
    for name, data in contents.items():
        path = root / name
        if data is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


QUIZ_COURSE_YML = """\
id: quiz-course
title: Quiz course
version: "1.0"
language: {language}
description: A small scored course for tests.
pages:
  - choose-one
  - choose-many
  - true-or-false
"""

QUIZ_PAGES = ["choose-one", "choose-many", "true-or-false"]

CHOOSE_ONE_MD = """\
# Choose one

Bordin (1979) described the working alliance through three components.

```question
id: q-single
type: single
prompt: Which of these is one of Bordin's three components of the working alliance?
options:
  - id: goals
    text: Agreement on the *goals* of care
    correct: true
    feedback: Yes. Goals, tasks and bond are the three components.
  - id: fees
    text: Agreement on fees
    feedback: No. Fees are not part of the alliance.
  - id: hours
    text: Agreement on office hours
feedback: See Bordin (1979).
```

```reflection
id: r-quiz
prompt: Which component is the hardest for you?
expert: Many clinicians find the bond the hardest.
```
"""

CHOOSE_MANY_MD = """\
# Choose many

```question
id: q-multiple
type: multiple
prompt: Which two of these are components of the alliance?
attempts: 2
shuffle: true
options:
  - id: goals
    text: Goals
    correct: true
  - id: tasks
    text: Tasks
    correct: true
  - id: fees
    text: Fees
    feedback: Fees are not a component.
feedback: Goals, tasks and bond.
```
"""

TRUE_OR_FALSE_MD = """\
# True or false

```question
id: q-truefalse
type: true-false
prompt: The working alliance predicts outcomes across therapies.
answer: true
feedback: Yes, in many meta-analyses.
```
"""

# Each question of the quiz course: its page, and the option ids of a right and a wrong answer.
QUIZ_ANSWERS = {
    "q-single": {"page": "choose-one", "right": ["goals"], "wrong": ["fees"]},
    "q-multiple": {"page": "choose-many", "right": ["goals", "tasks"], "wrong": ["fees"]},
    "q-truefalse": {"page": "true-or-false", "right": ["true"], "wrong": ["false"]},
}


def write_quiz_course(root: Path, mastery: float | None = 80, language: str = "en",
                      files: dict[str, str | bytes | None] | None = None) -> Path:
    """A valid scored course in ``root`` (id quiz-course): three pages with a single, a
    multiple and a true-false question (QUIZ_ANSWERS), and one reflection; ``mastery``
    None leaves mastery_score out; ``language`` is the course's (its texts stay English);
    ``files`` as in write_course."""
    config = QUIZ_COURSE_YML.format(language=language)
    if mastery is not None:
        config += f"mastery_score: {mastery:g}\n"
    contents: dict[str, str | bytes | None] = {
        "course.yml": config,
        "pages/choose-one.md": CHOOSE_ONE_MD,
        "pages/choose-many.md": CHOOSE_MANY_MD,
        "pages/true-or-false.md": TRUE_OR_FALSE_MD,
    }
    contents.update(files or {})
    return write_course(root, {"course.yml": None, "pages/intro.md": None, "pages/second.md": None,
                               "pages/people.md": None, "media/square.png": None, **contents})


PAGE_SCRIPT_START = "(window.scormgenPages=window.scormgenPages||[]).push("


def page_scripts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each page's HTML in a package, by page id, as its script (pages/*.js) hands it to
    the runtime."""
    pages = {}
    for name in sorted(archive.namelist()):
        if name.startswith("pages/") and name.endswith(".js"):
            script = archive.read(name).decode("ascii")
            assert script.startswith(PAGE_SCRIPT_START) and script.endswith(");\n"), name
            page_id, html = json.loads(script[len(PAGE_SCRIPT_START):-len(");\n")])
            pages[page_id] = html
    return pages


def package_html(archive: zipfile.ZipFile) -> str:
    """The launch page of a package followed by every page's content: all the HTML a
    learner may be shown (a page's content is in its own script since pages are loaded
    when the learner reaches them)."""
    return "\n".join([archive.read("index.html").decode(), *page_scripts(archive).values()])


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course")


@pytest.fixture(scope="session", autouse=True)
def page_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests keep scormgen's page cache to themselves: a fresh folder for each session,
    set in the environment so that the scormgen processes the tests start use it too,
    and restored when the session ends. A folder the caller chose is kept."""
    chosen = os.environ.get("SCORMGEN_CACHE_DIR")
    if chosen:
        yield Path(chosen)
        return
    folder = tmp_path_factory.mktemp("page-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCORMGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def xsd_validator() -> Callable[[Path, str], tuple[int, str]]:
    """Run ../shared/xsd/validate.py on a manifest; returns (exit status, output)."""
    if not VALIDATE.is_file():
        pytest.skip(f"the official schemas are missing from {SHARED_XSD}: put the shared folder "
                    "beside the checkout (../shared/xsd from the repository root)")

    def validate(manifest: Path, schema_set: str) -> tuple[int, str]:
        proc = subprocess.run([sys.executable, str(VALIDATE), str(manifest), schema_set],
                              capture_output=True, text=True, timeout=120)
        return proc.returncode, proc.stdout + proc.stderr
    return validate


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (which cannot download its own here)."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is missing from {CHROMIUM}: install Debian's chromium "
                    "(sudo apt-get install chromium; see README, Set-up)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def real_packages_unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real module built for every target and unpacked in <folder>/<target>/."""
    from scormgen.build import build
    out = tmp_path_factory.mktemp("dist")
    packages = out / "pkg"
    for package in build(ROOT / "course_source", out):
        with zipfile.ZipFile(package.path) as archive:
            archive.extractall(packages / package.target.name)
    return packages


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """A real LRS (Ralph) on 127.0.0.1, for the whole test session."""
    from ralph import RALPH_VENV, Ralph
    if not (RALPH_VENV / "bin" / "ralph").exists():
        pytest.skip(f"Ralph is missing from {RALPH_VENV}: install it with the README's second set-up "
                    "command (see README, Set-up)")
    lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    lrs.start()
    yield lrs
    lrs.stop()


@pytest.fixture(scope="module")
def lrs_lms(real_packages_unpacked: Path, ralph: Ralph) -> Iterator[LmsServer]:
    """The test LMS (tests/lms_server.py) serving the real module's packages, its LRS
    side passed to Ralph; its cmi5 side a strict cmi5 LMS."""
    from lms_server import LmsServer
    with LmsServer(real_packages_unpacked) as server:
        server.lrs_upstream = ralph.url
        yield server


@pytest.fixture
def lrs_ready(lrs_lms: LmsServer, ralph: Ralph) -> LmsServer:
    """The test LMS of the real module with its LRS answering: statements pass, and Ralph
    runs (a test before may have stopped it or left a fault set)."""
    lrs_lms.lrs_mode = "pass"
    if ralph.process is None:
        ralph.start()
    return lrs_lms


def need_node() -> str:
    """The path of Node.js, for the runtime's own unit tests and the scripts that load
    the runtime; skips the calling test when it is missing."""
    found = shutil.which("node")
    if found is None:
        pytest.skip("Node.js is missing: install it (sudo apt-get install nodejs npm; see README, Set-up)")
    return found


@pytest.fixture(scope="session")
def node() -> str:
    """Node.js (see need_node)."""
    return need_node()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def tab_to(page: Page, wanted: str, focused: Callable[[Page], str], limit: int = 60) -> None:
    """Press Tab until the element ``wanted`` has the focus, as ``focused`` names elements."""
    for _ in range(limit):
        if focused(page) == wanted:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{wanted} cannot be reached with Tab (focus is on {focused(page)})")


GOLDEN = ROOT / "tests" / "golden"


def assert_golden(actual: bytes, name: str, target: str,
                  xsd_validator: Callable[[Path, str], tuple[int, str]]) -> None:
    """``actual`` is the reviewed file ``tests/golden/<name>`` byte for byte (with
    SCORMGEN_UPDATE_GOLDEN=1 it is written there first: review the diff), and that file is
    valid against the official schemas of ``target``."""
    golden = GOLDEN / name
    if os.environ.get("SCORMGEN_UPDATE_GOLDEN") == "1":
        golden.write_bytes(actual)
    assert actual == golden.read_bytes(), f"{name} differs; see tests/test_manifest_golden.py"
    status, output = xsd_validator(golden, target)
    assert status == 0, output


def axe(page: Page) -> list[str]:
    """axe-core's violations on the page (WCAG 2.1 A/AA and best practices), each with up
    to three of its elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations: list[str] = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} -- ` +
                                     v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
    }""")
    return violations


def submit_reflection(scope: Page | Frame, page_id: str, reflection_id: str, text: str) -> Locator:
    """As a learner: open the reflection's page from the table of contents, write the
    answer, submit it. ``scope`` is a Playwright page or frame; returns the block."""
    scope.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
    block = scope.locator(f'[data-sg-reflection="{reflection_id}"]')
    block.locator("textarea").fill(text)
    block.locator('[data-sg-action="submit"]').click()
    return block


class SkipsFailInCI:
    """In CI every tool is installed, so a skipped test means a broken set-up, not a
    missing tool: the run fails and lists what was skipped. Locally a skip stays a skip,
    its reason shown by -ra."""

    def __init__(self) -> None:
        self.skipped: list[tuple[str, str]] = []

    def note(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        # an expected failure is reported as skipped too, but it is no skip
        if report.skipped and not hasattr(report, "wasxfail"):
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            self.skipped.append((report.nodeid, reason.removeprefix("Skipped: ")))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.note(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self.note(report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.skipped and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.skipped:
            return
        terminalreporter.section("skipped tests fail a CI run", sep="=", red=True, bold=True)
        for nodeid, reason in self.skipped:
            terminalreporter.line(f"SKIPPED in CI: {nodeid or '(collection)'}: {reason}", red=True)
        terminalreporter.line(f"{len(self.skipped)} skipped with CI=true: every tool the tests need must be "
                              "installed (README, Set-up)", red=True)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() == "true":
        config.pluginmanager.register(SkipsFailInCI(), "scormgen-skips-fail-in-ci")

"""Shared test fixtures: small courses written into tmp_path, the official schemas."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tests keep scormgen's page cache to themselves (a fresh one for every test session).
if "SCORMGEN_CACHE_DIR" not in os.environ:
    import tempfile
    os.environ["SCORMGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="scormgen-test-cache-")
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


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course")


@pytest.fixture(scope="session")
def xsd_validator():
    """Run ../shared/xsd/validate.py on a manifest; returns (exit status, output)."""
    if not VALIDATE.is_file():
        pytest.fail(f"the official schemas are expected at {SHARED_XSD} (../shared/xsd from the "
                    "repository root); put the shared folder beside the checkout")

    def validate(manifest: Path, schema_set: str) -> tuple[int, str]:
        proc = subprocess.run([sys.executable, str(VALIDATE), str(manifest), schema_set],
                              capture_output=True, text=True, timeout=120)
        return proc.returncode, proc.stdout + proc.stderr
    return validate


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (which cannot download its own here)."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see README, Set-up)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def real_packages_unpacked(tmp_path_factory) -> Path:
    """The real module built for every target and unpacked in <folder>/<target>/."""
    from scormgen.build import build
    out = tmp_path_factory.mktemp("dist")
    packages = out / "pkg"
    for package in build(ROOT / "course_source", out):
        with zipfile.ZipFile(package.path) as archive:
            archive.extractall(packages / package.target.name)
    return packages


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """A real LRS (Ralph) on 127.0.0.1, for the whole test session."""
    from ralph import RALPH_VENV, Ralph
    if not (RALPH_VENV / "bin" / "ralph").exists():
        pytest.fail(f"Ralph is missing from {RALPH_VENV}: run the README's set-up command")
    lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    lrs.start()
    yield lrs
    lrs.stop()


def submit_reflection(scope, page_id: str, reflection_id: str, text: str):
    """As a learner: open the reflection's page from the table of contents, write the
    answer, submit it. ``scope`` is a Playwright page or frame; returns the block."""
    scope.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
    block = scope.locator(f'[data-sg-reflection="{reflection_id}"]')
    block.locator("textarea").fill(text)
    block.locator('[data-sg-action="submit"]').click()
    return block

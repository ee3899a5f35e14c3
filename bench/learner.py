#!/usr/bin/env python3
"""The learner's side of a large course: how soon the first page shows, and what it costs.

    python bench/learner.py [--repeat 5] [--workdir DIR] [--tree DIR] [--target scorm2004-4th]

Builds two courses with one target, unpacks them side by side and serves them over
HTTP on 127.0.0.1 (http.server, in a process of its own): the benchmark's large
course (bench/run.py's: 1,000 pages of about 20 KB of Markdown, 300 media files of 1
to 4 MB) and the real module (course_source/, 15 pages). Then opens each in headless
Chromium (Debian's, through Playwright), alternately, each time in a new browser
context (nothing cached), and measures in the page:

- the time from the start of navigation to the first page visible: the animation frame
  after the runtime marks the page shown (data-sg-page-id), so after its content is in;
- the bytes received by then: the launch page and every response completed before that
  moment (Resource Timing's transferSize, headers included; HTTP without compression,
  as http.server serves it), and how many requests they were.

It prints the medians and checks the targets: the large course's first page within 1.5x
of the real module's, and at most 2 MB received before it. Exit status 0 when both
are met, 1 otherwise. `bench/run.py` runs it after the build figures; `--tree DIR`
builds with the scormgen of another checkout (e.g. `git archive` of an earlier commit
unpacked), to compare.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MAX_RATIO = 1.5
MAX_BYTES = 2_000_000

# Set in the page before anything runs: the moment the first page is visible (the frame
# after it is marked shown) and what had arrived by then.
PROBE = """(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-sg-page-id]') || window.sgFirstPage !== undefined) return;
    observer.disconnect();
    window.sgFirstPage = null;
    requestAnimationFrame(() => {
      const at = performance.now();
      const done = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .filter(e => e.responseEnd > 0 && e.responseEnd <= at);
      window.sgFirstPage = { at, bytes: done.reduce((n, e) => n + e.transferSize, 0), requests: done.length };
    });
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-sg-page-id'] });
})();"""


# The files of a folder over HTTP, in a process of its own (so that it does not wait
# for this one's lock); it prints its port. A browser closed mid-download is no error.
SERVER = r"""
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
print(httpd.server_address[1], flush=True)
httpd.serve_forever()
"""


def build_and_unpack(tree: Path, course: Path, target: str, into: Path) -> tuple[int, int]:
    """Build ``course`` for ``target`` with the scormgen of ``tree`` and unpack it into
    ``into``; returns (the launch page's size, the HTML of all pages, in bytes)."""
    out = into.with_name(into.name + "-dist")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "scormgen", "build", str(course), "-t", target, "-o", str(out), "-q"],
                   cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True)
    shutil.rmtree(into, ignore_errors=True)
    with zipfile.ZipFile(next(out.glob("*.zip"))) as archive:
        archive.extractall(into)
        html = sum(i.file_size for i in archive.infolist() if i.filename == "index.html" or
                   i.filename.startswith("pages/"))
    shutil.rmtree(out, ignore_errors=True)
    return (into / "index.html").stat().st_size, html


def first_page(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(url)
        page.wait_for_function("window.sgFirstPage", timeout=60_000)
        result: dict[str, float] = page.evaluate("window.sgFirstPage")
        return result
    finally:
        context.close()


def measure(courses: dict[str, Path], repeat: int) -> dict[str, list[dict[str, float]]]:
    """Each course opened ``repeat`` times (after one warm-up each), alternately."""
    from playwright.sync_api import sync_playwright
    root = next(iter(courses.values())).parent
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(root)], stdout=subprocess.PIPE, text=True)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in courses}
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{int(server.stdout.readline())}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(repeat + 1):
                for name, folder in courses.items():
                    result = first_page(browser, f"{base}/{folder.name}/index.html")
                    if run:  # the first round warms up Chromium and the disk cache
                        runs[name].append(result)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return runs


def report(tree: Path, course: Path, target: str, repeat: int, work: Path) -> bool:
    """Measure the large course in ``course`` against the real module; print; True when
    the targets are met."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium is missing from {CHROMIUM}: apt-get install chromium")
    site = work / "learner-site"
    large, small = site / "large", site / "module"
    large_sizes = build_and_unpack(tree, course, target, large)
    small_sizes = build_and_unpack(tree, ROOT / "course_source", target, small)
    module_pages = len(list((small / "pages").glob("*.js")))  # the real module: one script per page
    runs = measure({"large": large, "module": small}, repeat)
    medians = {name: {key: statistics.median(r[key] for r in results) for key in ("at", "bytes", "requests")}
               for name, results in runs.items()}
    ratio = medians["large"]["at"] / medians["module"]["at"]
    print(f"\nThe learner's side ({target}, over HTTP to headless Chromium, medians of {repeat}): the first "
          "page visible,\nand what was received before it")
    print(f"  {'course':<38}{'launch page':>12}{'first page':>12}{'received':>11}{'requests':>10}")
    for name, label, (index, html) in (("large", "1,000 pages", large_sizes),
                                       ("module", f"the {module_pages}-page module", small_sizes)):
        label = f"{label} ({html / 1e6:,.1f} MB of HTML)" if html > 1e6 else f"{label} ({html / 1e3:,.0f} KB of HTML)"
        m = medians[name]
        print(f"  {label:<38}{index / 1e3:>9,.0f} KB{m['at']:>9,.0f} ms{m['bytes'] / 1e3:>8,.0f} KB"
              f"{m['requests']:>10.0f}")
    print(f"  first page, 1,000 pages vs {module_pages}: {ratio:.2f}x")
    ok = ratio <= MAX_RATIO and medians["large"]["bytes"] <= MAX_BYTES
    print(f"Targets (first page within {MAX_RATIO}x of the real module's, at most {MAX_BYTES / 1e6:.0f} MB "
          f"before it): {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="openings of each course (the median is kept)")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose scormgen builds the courses")
    parser.add_argument("--target", default="scorm2004-4th")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from run import generate
    work = Path(args.workdir or tempfile.mkdtemp(prefix="scormgen-learner-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        course = work / "course"
        if not course.exists():
            print(f"Generating 1,000 pages and 300 media files in {course} ...", flush=True)
            generate(course, 1000, 300)
        return 0 if report(args.tree.resolve(), course, args.target, args.repeat, work) else 1
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

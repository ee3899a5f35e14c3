#!/usr/bin/env python3
"""scormgen's benchmark: how a large course builds, against raw zip speed.

    python bench/run.py [--scale 1.0] [--repeat 5] [--workdir DIR] [--keep]

Generates a synthetic course (at scale 1: 1,000 pages of about 20 KB of Markdown, each
fifth with a reflection, and 300 media files of 1 to 4 MB that do not compress, as
video and images do not), then measures, in one run:

- `scormgen build -t TARGET` for each target, against two baselines writing the same
  entries as the built package: Python's zipfile (media stored, text deflated) and
  `zip -r` (Info-ZIP, its defaults);
- the build time at three course sizes (is it linear?);
- the peak memory (RSS) of each build, read from the operating system;
- the CLI's start-up time and the size of the real module's packages;
- the learner's side (bench/learner.py): the course and the real module (15 pages) served
  over HTTP to headless Chromium, the time to the first page visible and the bytes
  received before it.

It prints the medians and checks the targets, for first builds and rebuilds alike:
within 1.2x of the zipfile baseline, at least 5x faster than `zip -r`, peak RSS under
100 MiB, time linear in the size; and for the learner, the first page within 1.5x of
the real module's, at most 2 MB before it. Exit status 0 when every target is met,
1 otherwise.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th", "cmi5", "xapi"]
STORED = {".mp4", ".png", ".jpg", ".webm", ".mp3", ".woff2"}
WORDS = ("alliance patient physician goals tasks bond trust listening care follow-up oncology "
         "relationship empathy decision adherence outcome measure inventory rupture repair").split()

BASELINE_ZIPFILE = r"""
import sys, zipfile, os
src, dest = sys.argv[1], sys.argv[2]
stored = set(sys.argv[3].split(","))
names = []
for folder, dirs, files in os.walk(src):
    dirs.sort()
    for name in sorted(files):
        names.append(os.path.relpath(os.path.join(folder, name), src))
names.sort(key=lambda n: (n != "imsmanifest.xml", n))
with zipfile.ZipFile(dest, "w") as archive:
    for name in names:
        kind = zipfile.ZIP_STORED if os.path.splitext(name)[1].lower() in stored else zipfile.ZIP_DEFLATED
        archive.write(os.path.join(src, name), name, compress_type=kind)
"""


def generate(course: Path, pages: int, media: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (course / "pages").mkdir(parents=True)
    (course / "media").mkdir()
    media_names = []
    for index in range(media):
        suffix = ".mp4" if index % 3 else ".png"
        name = f"clip-{index:04d}{suffix}"
        size = rng.randint(1 << 20, 4 << 20)
        with open(course / "media" / name, "wb") as handle:
            handle.write(rng.randbytes(size))
        if suffix == ".mp4":  # every video has its captions (the build requires them)
            (course / "media" / f"clip-{index:04d}.vtt").write_text(
                f"WEBVTT\n\n00:00.000 --> 00:04.000\nClip {index}: what the speaker says.\n", encoding="utf-8")
        media_names.append(name)
    page_ids = [f"page-{index:04d}" for index in range(pages)]
    for index, page_id in enumerate(page_ids):
        parts = [f"# Page {index + 1}: {' '.join(rng.choices(WORDS, k=4))}\n"]
        size = 0
        paragraph = 0
        while size < 20_000:
            paragraph += 1
            text = " ".join(rng.choices(WORDS, k=rng.randint(60, 120)))
            block = f"\n## Section {paragraph}\n\n{text.capitalize()}. *Note:* **{rng.choice(WORDS)}**.\n"
            if paragraph % 4 == 0:
                block += "\n- " + "\n- ".join(" ".join(rng.choices(WORDS, k=6)) for _ in range(4)) + "\n"
            parts.append(block)
            size += len(block)
        if index < media:
            parts.insert(2, f"\n![Illustration {index}](../media/{media_names[index]})\n")
        if index % 5 == 0:
            parts.append(f"\n```reflection\nid: reflect-{index:04d}\nprompt: |\n  What does page {index + 1} "
                         "change in your practice?\nexpert: |\n  An expert's view of it.\n```\n")
        (course / "pages" / f"{page_id}.md").write_text("".join(parts), encoding="utf-8")
    (course / "course.yml").write_text(
        "id: bench-course\ntitle: Benchmark course\nversion: \"1.0\"\nlanguage: en\n"
        "description: A large synthetic course for the benchmark.\npages:\n"
        + "".join(f"  - {page_id}\n" for page_id in page_ids), encoding="utf-8")


def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS in bytes) of a command and its children, from the operating
    system (the largest of the build and its page workers). What earlier runs wrote is
    flushed to disk first (not timed), so that no run pays for another's write-back."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss * 1024


def median(values):
    return statistics.median(values)


def mib(value: float) -> str:
    return f"{value / (1 << 20):.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="course size (1 = 1,000 pages, 300 media)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (the median is kept)")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    if shutil.which("zip") is None:
        raise SystemExit("zip is missing: install Info-ZIP (apt-get install zip)")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="scormgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    scormgen = [python, "-m", "scormgen"]
    ok = True
    try:
        pages, media = int(1000 * args.scale), int(300 * args.scale)
        course = work / "course"
        if not course.exists():
            print(f"Generating {pages} pages and {media} media files in {course} ...", flush=True)
            generate(course, pages, media)
        source_bytes = sum(p.stat().st_size for p in course.rglob("*") if p.is_file())
        print(f"Course: {pages} pages, {media} media files, {source_bytes / 1e6:,.0f} MB\n")

        cold_env = {"SCORMGEN_NO_CACHE": "1"}
        warm_env = {"SCORMGEN_CACHE_DIR": str(work / "page-cache")}
        timed(scormgen + ["build", str(course), "-t", "xapi", "-o", str(work / "warm-up"), "-q"], env=warm_env)
        print("'cold': a first build, every page parsed (SCORMGEN_NO_CACHE=1); 'build': a rebuild, pages\n"
              "from the page cache (the preview, a fix, another target). The targets hold for both.\n")
        print(f"{'target':<14}{'cold':>8}{'build':>8}{'zipfile':>9}{'zip -r':>9}{'vs zipfile':>12}"
              f"{'(cold)':>8}{'vs zip -r':>11}{'peak RSS':>10}")
        cold_ok = True
        for target in TARGETS:
            out = work / f"out-{target}"
            unpacked = work / f"unpacked-{target}"
            builds, rss, colds, raw = [], [], [], []
            for run in range(args.repeat):
                # build and baseline runs alternate, so that a slower moment of the
                # machine weighs on both
                shutil.rmtree(out, ignore_errors=True)
                seconds, peak = timed(scormgen + ["build", str(course), "-t", target, "-o", str(out), "-q"],
                                      env=cold_env)
                colds.append(seconds)
                rss.append(peak)
                shutil.rmtree(out, ignore_errors=True)
                seconds, peak = timed(scormgen + ["build", str(course), "-t", target, "-o", str(out), "-q"],
                                      env=warm_env)
                builds.append(seconds)
                rss.append(peak)
                if run == 0:
                    shutil.rmtree(unpacked, ignore_errors=True)
                    with zipfile.ZipFile(next(out.glob("*.zip"))) as archive:
                        archive.extractall(unpacked)
                (work / "baseline.zip").unlink(missing_ok=True)
                raw.append(timed([python, "-c", BASELINE_ZIPFILE, str(unpacked), str(work / "baseline.zip"),
                                  ",".join(sorted(STORED))])[0])
            # Info-ZIP is ten times slower: one run, its noise does not matter
            (work / "infozip.zip").unlink(missing_ok=True)
            i = timed(["zip", "-q", "-r", str(work / "infozip.zip"), "."], cwd=unpacked)[0]
            b, z, c = median(builds), median(raw), median(colds)
            print(f"{target:<14}{c:>7.2f}s{b:>7.2f}s{z:>8.2f}s{i:>8.2f}s{b / z:>11.2f}x{c / z:>7.2f}x"
                  f"{i / b:>10.1f}x{mib(max(rss)):>10}")
            ok &= b <= 1.2 * z and i >= 5 * b and max(rss) < 100 << 20
            cold_ok &= c <= 1.2 * z and i >= 5 * c
            shutil.rmtree(unpacked, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)

        print("\nGrowth with the course's size (scorm2004-4th, cold builds):")
        sizes, seconds = [], []
        for scale in (0.25, 0.5, 1.0):
            sub = work / f"course-{scale}"
            if not sub.exists():
                generate(sub, int(pages * scale), int(media * scale))
            runs = []
            for _ in range(args.repeat):
                shutil.rmtree(work / "out-size", ignore_errors=True)
                runs.append(timed(scormgen + ["build", str(sub), "-t", "scorm2004-4th", "-o",
                                              str(work / "out-size"), "-q"], env=cold_env)[0])
            sizes.append(int(pages * scale))
            seconds.append(median(runs))
            print(f"  {sizes[-1]:>5} pages, {int(media * scale):>4} media: {seconds[-1]:6.2f}s")
            shutil.rmtree(sub, ignore_errors=True) if scale != 1.0 and not args.keep else None
        # Linear: each added page costs the same (a fixed start-up cost aside): the cost
        # of a page from the small to the middle size and from the middle to the full size.
        marginal = [(seconds[k + 1] - seconds[k]) / (sizes[k + 1] - sizes[k]) for k in range(2)]
        linear = min(marginal) > 0 and max(marginal) <= 1.35 * min(marginal)
        print(f"  each added page: {1000 * marginal[0]:.2f} ms, then {1000 * marginal[1]:.2f} ms; fixed cost "
              f"{seconds[0] - marginal[0] * sizes[0]:.2f}s; linear: {'yes' if linear else 'NO'}")
        ok &= linear

        startup = median([timed(scormgen + ["--version"])[0] for _ in range(5)])
        print(f"\nCLI start-up (scormgen --version): {startup * 1000:.0f} ms")
        real = work / "real"
        timed(scormgen + ["build", str(ROOT / "course_source"), "-o", str(real), "-q"])
        print("The real module's packages:")
        for package in sorted(real.glob("*.zip")):
            print(f"  {package.name}: {package.stat().st_size / 1000:.1f} KB")
        print(f"\nTargets (within 1.2x of zipfile, 5x faster than zip -r, peak RSS < 100 MiB, linear): "
              f"{'all met' if ok else 'NOT all met'} by rebuilds; "
              f"{'met' if cold_ok else 'NOT met'} by first (cold) builds")
        from learner import report
        learner_ok = report(ROOT, course, "scorm2004-4th", args.repeat, work)
        return 0 if ok and cold_ok and learner_ok else 1
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

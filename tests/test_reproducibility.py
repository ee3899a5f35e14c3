"""Reproducibility under stress: builds in parallel processes, from copies with
shuffled file times and directory order, under other locales and time zones, give the
same bytes."""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT
from synthetic import write_large_course

TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th", "cmi5", "xapi"]


def digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.zip"))}


def shuffled_copy(source: Path, dest: Path, seed: int) -> Path:
    """A copy written in a random order, with random file times."""
    rng = random.Random(seed)
    files = [p for p in source.rglob("*") if p.is_file()]
    rng.shuffle(files)
    for path in files:
        target = dest / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        stamp = rng.randint(0, 2_000_000_000)
        os.utime(target, (stamp, stamp))
    return dest


def cli_build(args: tuple[str, str, dict], cores: set[int] | None = None) -> dict[str, str]:
    course, out, env = args
    subprocess.run([sys.executable, "-m", "scormgen", "build", course, "--out", out, "-q"],
                   check=True, env={**os.environ, **env}, capture_output=True,
                   preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if cores else None)
    return digests(Path(out))


def test_parallel_builds_from_shuffled_copies_in_other_locales_and_time_zones(tmp_path):
    environments = [{}, {"TZ": "Asia/Tokyo", "LC_ALL": "C"}, {"TZ": "America/St_Johns", "LANG": "fr_CA.UTF-8"},
                    {"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "123"}, {"TZ": "Pacific/Kiritimati"},
                    {"LANG": "de_DE.UTF-8", "PYTHONHASHSEED": "0"}]
    tasks = []
    for index, env in enumerate(environments):
        course = shuffled_copy(ROOT / "course_source", tmp_path / f"copy-{index}" / "deeper" / "course", index)
        tasks.append((str(course), str(tmp_path / f"out-{index}"), env))
    with ProcessPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(cli_build, tasks))
    assert len(results[0]) == len(TARGETS)
    assert all(result == results[0] for result in results), results


@pytest.mark.slow  # three builds of a large course
def test_large_course_built_in_parallel_workers_is_reproducible(tmp_path):
    """A course large enough for parallel page rendering and deflating gives the same
    bytes twice, and the same again on one core."""
    write_large_course(tmp_path / "course", pages=120, media=4)
    first = cli_build((str(tmp_path / "course"), str(tmp_path / "a"), {}))
    second = cli_build((str(shuffled_copy(tmp_path / "course", tmp_path / "copy", 3)), str(tmp_path / "b"),
                        {"TZ": "Asia/Kolkata"}))
    assert first == second
    with zipfile.ZipFile(next((tmp_path / "a").glob("*-xapi.zip"))) as archive:
        # each page's script is deflated on the build's threads (2 here), and on one core below
        assert sum(name.startswith("pages/") for name in archive.namelist()) == 120
    one_core = cli_build((str(tmp_path / "course"), str(tmp_path / "c"), {"SCORMGEN_NO_CACHE": "1"}), cores={0})
    assert one_core == first

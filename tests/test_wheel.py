"""A plain (non-editable) install carries the templates and the runtime and builds."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, write_course


def test_wheel_contains_templates_and_runtime_and_builds_a_course(tmp_path):
    wheels = tmp_path / "wheels"
    # --no-isolation: use the build backend (hatchling) already installed by the test
    # extra, so the test needs no network.
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                           "--outdir", str(wheels), str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [wheel] = wheels.glob("scormgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {f"scormgen/templates/{name}" for name in
                ("index.html", "page.html", "reflection.html", "credits.html", "course.css")}
    expected |= {"scormgen/runtime/ui.js", "scormgen/runtime/main.js", "scormgen/cli.py",
                 "scormgen/xsd/SOURCES.tsv", "scormgen/xsd/scorm2004-4th/imscp_v1p1.xsd",
                 "scormgen/docs/course-source.md", "scormgen/docs/errors.md"}
    assert expected <= names, sorted(expected - names)
    assert not any(name.startswith(("tests/", "course_source/")) for name in names)

    # install the wheel alone into a folder and build from there, away from the checkout
    target = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                           "--target", str(target), str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    course = write_course(tmp_path / "course")
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    code = ("import scormgen, sys; from scormgen.render import builtin_template_dir; "
            "print(scormgen.__file__); print(builtin_template_dir())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    module_file, template_dir = proc.stdout.split()
    assert Path(module_file).is_relative_to(target)
    assert Path(template_dir) == target / "scormgen" / "templates"
    proc = subprocess.run([sys.executable, "-m", "scormgen", "build", str(course), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "out").glob("fixture-course-1.0-*.zip"))) == 5

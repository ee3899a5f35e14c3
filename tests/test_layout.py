"""The shape of the code: small modules with one job, short functions, nothing unsafe,
and a command line that starts at once."""
from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scormgen"
PYTHON_FILES = sorted(PACKAGE.rglob("*.py"))
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_is_too_long():
    long = {p.relative_to(ROOT).as_posix(): n for p in PYTHON_FILES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert long == {}


def test_no_function_is_too_long():
    long = []
    for path in PYTHON_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_no_pickle_anywhere():
    users = [p.relative_to(ROOT).as_posix() for p in PYTHON_FILES
             if any(isinstance(node, (ast.Import, ast.ImportFrom))
                    and ("pickle" in [a.name for a in node.names] or getattr(node, "module", None) == "pickle")
                    for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))]
    assert users == []


HEAVY = ("lxml", "jinja2", "pyromark", "yaml", "babel", "watchfiles")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["build", "--help"]])
def test_help_and_version_do_not_import_the_build_stack(args):
    script = ("import sys, json\nfrom scormgen.cli import cli\n"
              f"try:\n    cli.main({args!r}, prog_name='scormgen')\nexcept SystemExit:\n    pass\n"
              "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))

"""The runtime's modules (text codec, time formats, suspend_data budget, completion
rule, the SCORM adapter on every data-model table, the outbox...), table-tested with
Node's own test runner (tests/js/*.test.mjs, which import the modules themselves); and
the runtime's and the preview's scripts type-checked by TypeScript."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.node, pytest.mark.usefixtures("node")]  # the fixture skips without Node.js

TSC = ROOT / "node_modules" / ".bin" / "tsc"


def test_node_unit_tests_pass(node: str) -> None:
    tests = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert len(tests) >= 6
    # the adapter's tests ask this Python for the data-model tables (tests/js/data_model.py)
    proc = subprocess.run([node, "--test", *tests], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "SCORMGEN_PYTHON": sys.executable})
    summary = [line for line in proc.stdout.splitlines() if line.startswith(("# pass", "# fail"))]
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert summary and summary[-1] == "# fail 0", summary


@pytest.mark.parametrize("project", ["scormgen/runtime/tsconfig.json", "scormgen/preview/tsconfig.json"])
def test_the_scripts_type_check(node: str, project: str) -> None:
    if not TSC.is_file():
        pytest.skip("TypeScript is missing: run 'npm ci' at the repository root (see README, Set-up)")
    proc = subprocess.run([node, str(TSC), "-p", project, "--pretty", "false"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]

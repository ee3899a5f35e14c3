"""The runtime's pure logic (text codec, time formats, suspend_data budget, completion
rule), table-tested with Node's own test runner (tests/js/*.test.js)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.node, pytest.mark.usefixtures("node")]  # the fixture skips without Node.js


def test_node_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Node.js (see README, Set-up)")
    tests = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.js"))
    assert len(tests) >= 3
    proc = subprocess.run([node, "--test", *tests], capture_output=True, text=True, cwd=ROOT, timeout=300)
    summary = [line for line in proc.stdout.splitlines() if line.startswith(("# pass", "# fail"))]
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert summary and summary[-1] == "# fail 0", summary

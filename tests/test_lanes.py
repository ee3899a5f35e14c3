"""The rules of the test lanes, checked on small test runs of their own: a missing tool
skips the tests that need it, saying how to install it; with CI=true a skipped test
fails the run and is listed; without CI the run passes and shows the reason."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import conftest
import ralph

pytest_plugins = ["pytester"]

ONE_PASS_ONE_SKIP = """
import pytest

def test_runs():
    pass

def test_needs_a_tool():
    pytest.skip("the tool is missing: install it")
"""


def run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str | None,
        source: str = ONE_PASS_ONE_SKIP) -> pytest.RunResult:
    """Run ``source`` as a test file with the project's conftest loaded as a plugin (the
    run's own folder has no conftest), with CI set to ``ci`` or unset."""
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    pytester.makepyfile(test_lane=source)
    return pytester.runpytest("-p", "conftest", "-ra")


def test_in_ci_a_skipped_test_fails_the_run_and_is_listed(pytester: pytest.Pytester,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(pytester, monkeypatch, "true")
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*skipped tests fail a CI run*",
                                 "SKIPPED in CI: test_lane.py::test_needs_a_tool: the tool is missing: install it",
                                 "1 skipped with CI=true*"])


def test_outside_ci_a_skip_passes_and_shows_its_reason(pytester: pytest.Pytester,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(pytester, monkeypatch, None)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] test_lane.py:*: the tool is missing: install it"])
    result.stdout.no_fnmatch_line("*SKIPPED in CI*")


def test_in_ci_a_run_without_skips_passes_and_an_expected_failure_is_no_skip(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    source = "import pytest\n\ndef test_runs():\n    pass\n\n" \
             "@pytest.mark.xfail(reason='known')\ndef test_known_failure():\n    assert False\n"
    result = run(pytester, monkeypatch, "true", source)
    result.assert_outcomes(passed=1, xfailed=1)
    assert result.ret == pytest.ExitCode.OK


# How each tool is made to look missing, and the start of the reason its fixture gives.
MISSING: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], str]] = {
    "browser": (lambda patch: patch.setattr(conftest, "CHROMIUM", "/nowhere/chromium"),
                "Chromium is missing from /nowhere/chromium: install*"),
    "xsd_validator": (lambda patch: patch.setattr(conftest, "VALIDATE", Path("/nowhere/validate.py")),
                      "the official schemas are missing from *: put the shared folder*"),
    "ralph": (lambda patch: patch.setattr(ralph, "RALPH_VENV", Path("/nowhere/.venv-lrs")),
              "Ralph is missing from /nowhere/.venv-lrs: install it*"),
    "node": (lambda patch: patch.setenv("PATH", "/nowhere"), "Node.js is missing: install it*"),
}


@pytest.mark.parametrize("fixture", list(MISSING))
def test_a_missing_tool_skips_the_tests_that_need_it_saying_how_to_install_it(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, fixture: str) -> None:
    make_missing, reason = MISSING[fixture]
    make_missing(monkeypatch)
    result = run(pytester, monkeypatch, None, f"def test_needs_it({fixture}):\n    raise AssertionError\n")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([f"SKIPPED [[]1[]] test_lane.py:*: {reason}"])


def test_the_page_cache_is_the_sessions_own_and_set_for_the_processes_tests_start(page_cache: Path) -> None:
    assert os.environ["SCORMGEN_CACHE_DIR"] == str(page_cache)
    shown = subprocess.run([sys.executable, "-c", "import os; print(os.environ['SCORMGEN_CACHE_DIR'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert shown == str(page_cache)


def test_importing_the_conftest_changes_no_environment_variable() -> None:
    script = ("import os, sys; before = dict(os.environ); sys.path.insert(0, sys.argv[1]); import conftest; "
              "print(sorted(set(os.environ.items()) ^ set(before.items())))")
    env = {k: v for k, v in os.environ.items() if k != "SCORMGEN_CACHE_DIR"}
    changed = subprocess.run([sys.executable, "-c", script, str(conftest.ROOT / "tests")], env=env,
                             capture_output=True, text=True, check=True).stdout.strip()
    assert changed == "[]"

"""Generated bad input (Hypothesis): a mutated course source either builds valid
packages or fails with scormgen's own error, never a traceback, never leaving a file
behind; `scormgen validate` fed mutated and truncated zips never crashes."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import COURSE_YML, INTRO_MD, PEOPLE_MD, SECOND_MD, write_course
from scormgen.build import build
from scormgen.cli import cli
from scormgen.validate import validate_package

SOURCES = {"course.yml": COURSE_YML, "pages/intro.md": INTRO_MD, "pages/second.md": SECOND_MD,
           "pages/people.md": PEOPLE_MD}
# Pieces that make mutations meaningful: YAML and Markdown syntax, fences, paths.
PIECES = st.sampled_from([":", "- ", "  ", "\n", "\t", '"', "'", "{", "[", "]", "#", "```", "```reflection\n",
                          "id: ", "../", "../../", "media/", "![x](", ")", "\u00e9", "\x00", "&", "<b>",
                          "pages:", "- missing-page", "title:", "role: nobody", "---", "\r\n", "\\"])


@st.composite
def mutated_sources(draw):
    sources = dict(SOURCES)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(sources)))
        text = sources[name]
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        piece = draw(st.one_of(PIECES, st.text(max_size=12)))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)):]
        elif action == "replace":
            text = text[:position] + piece + text[position + len(piece):]
        else:
            text = text[:position]
        sources[name] = text
    binary = draw(st.booleans()) and draw(st.integers(0, 9)) == 0
    return sources, binary


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_sources())
def test_a_mutated_course_builds_or_fails_cleanly(case):
    sources, binary = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = dict(sources)
        if binary:
            files["pages/second.md"] = b"# T\n\xff\xfe broken"
        write_course(root / "course", files)
        out = root / "out"
        result = CliRunner().invoke(cli, ["build", str(root / "course"), "-t", "scorm12", "-t", "cmi5",
                                          "--out", str(out)])
        assert "Traceback" not in result.output
        event("built" if result.exit_code == 0 else "refused")
        if result.exit_code == 0:
            zips = sorted(out.glob("*.zip"))
            assert len(zips) == 2
            for package in zips:
                report = validate_package(package)
                assert report.valid, report.to_text()
        else:
            assert result.exit_code == 1, result.output
            assert result.output.startswith("Error: "), result.output
            assert not out.exists() or list(out.iterdir()) == []
            assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def package_bytes(tmp_path_factory) -> bytes:
    root = tmp_path_factory.mktemp("prop")
    [package] = build(write_course(root / "course"), root / "out", ["scorm2004-4th"])
    return package.path.read_bytes()


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_validate_never_crashes_on_mutated_or_truncated_zips(package_bytes, data):
    blob = bytearray(package_bytes)
    kind = data.draw(st.sampled_from(["truncate", "flip", "splice"]))
    if kind == "truncate":
        blob = blob[:data.draw(st.integers(0, len(blob)))]
    elif kind == "flip":
        for _ in range(data.draw(st.integers(1, 20))):
            position = data.draw(st.integers(0, len(blob) - 1))
            blob[position] = data.draw(st.integers(0, 255))
    else:
        start = data.draw(st.integers(0, len(blob)))
        blob[start:start] = data.draw(st.binary(max_size=200))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "package.zip"
        path.write_bytes(bytes(blob))
        result = CliRunner().invoke(cli, ["validate", str(path)])
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2), result.output
        event(f"exit {result.exit_code}")
        assert result.output.rstrip().endswith(("VALID", "INVALID", "UNREADABLE")), result.output
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["package.zip"], "nothing extracted"


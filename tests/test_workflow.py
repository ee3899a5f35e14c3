"""The designer's workflow commands: init, and what build prints."""
from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from conftest import package_html, write_course
from scormgen.cli import cli


@pytest.mark.schemas
def test_init_makes_a_course_that_builds_at_once(tmp_path, monkeypatch, xsd_validator):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "new-course"])
    assert result.exit_code == 0, result.output
    course = tmp_path / "new-course"
    for name in ("course.yml", "GUIDE.md", "pages/welcome.md", "pages/first-idea.md", "media/example.svg"):
        assert (course / name).is_file(), name
    assert "Next: read GUIDE.md, then run 'scormgen preview new-course'" in result.output
    # every key of course.yml is explained by a comment
    text = (course / "course.yml").read_text()
    assert text.count("#") > 20
    result = CliRunner().invoke(cli, ["build", "new-course", "--out", "dist"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "dist" / "my-course-0.1.0-scorm12.zip") as archive:
        assert "media/example.svg" in archive.namelist()
        html = package_html(archive)
        archive.extract("imsmanifest.xml", tmp_path)
    assert 'data-sg-reflection="reflect-first-idea"' in html
    assert xsd_validator(tmp_path / "imsmanifest.xml", "scorm12")[0] == 0


def test_init_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "course.yml").write_text("mine\n")
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 1
    assert result.output == ("Error: course.yml already exists; nothing was written. Choose an empty "
                             "folder: scormgen init NEW-FOLDER.\n")
    assert (tmp_path / "course.yml").read_text() == "mine\n"
    assert not (tmp_path / "pages").exists()


def test_build_summary_warnings_quiet_and_verbose(tmp_path, monkeypatch):
    long_prompt = "Why? " * 60
    write_course(tmp_path / "course", {"pages/second.md": "# Second\n\n```reflection\nid: r-long\nprompt: "
                                       + long_prompt + "\nexpert: Because.\n```\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "course", "-t", "scorm12", "--out", "out"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("warning: course/pages/second.md:3: the prompt of 'r-long' has 299 characters;")
    assert "LMS setup card: out/fixture-course-1.0-lms-setup.txt" in lines
    assert lines[-1].startswith("Built 1 package (") and lines[-1].endswith(", 1 warning.")
    card = (tmp_path / "out" / "fixture-course-1.0-lms-setup.txt").read_text()
    assert "Activity completion > Require status: Completed" in card
    assert "Package file: fixture-course-1.0-scorm12.zip" in card
    quiet = CliRunner().invoke(cli, ["build", "course", "-t", "scorm12", "--out", "out", "-q"])
    assert quiet.exit_code == 0
    assert [line for line in quiet.output.splitlines() if not line.startswith("warning:")] == []
    verbose = CliRunner().invoke(cli, ["build", "course", "-t", "scorm12", "--out", "out", "-v"])
    assert "  imsmanifest.xml (" in verbose.output
    assert "Grade > Grading method: Learning objects" in verbose.output


def test_init_then_build_in_the_new_folder(tmp_path, monkeypatch):
    """'scormgen init mycourse && cd mycourse && scormgen build', as init's own "Next:" says."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "mycourse"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "mycourse")
    result = CliRunner().invoke(cli, ["build", "-t", "scorm12"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mycourse" / "dist" / "my-course-0.1.0-scorm12.zip").is_file()


def test_the_guides_are_reachable_from_the_tool():
    """A designer who installed scormgen with pip has no docs/ folder: `scormgen guide`
    prints the course reference and the problem codes."""
    course = CliRunner().invoke(cli, ["guide"])
    assert course.exit_code == 0
    assert course.output.startswith("# The course source: reference")
    assert "`logo_alt`" in course.output
    errors = CliRunner().invoke(cli, ["guide", "errors"])
    assert errors.exit_code == 0 and "## SG122 file missing" in errors.output

"""A broken course gives every problem, with file, line and a fix; exit 1; nothing written."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import COURSE_YML, INTRO_MD, write_course
from scormgen.cli import cli

HEAD = "Error: the course has {n} problem{s}; nothing was written:\n"


def run_build(tmp_path: Path, monkeypatch, *args: str):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "course", "--out", "dist", *args])
    return result


def expect_problems(result, *lines: str) -> None:
    n = len(lines)
    expected = HEAD.format(n=n, s="s" if n != 1 else "") + "".join(f"  {line}\n" for line in lines)
    assert result.output == expected
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


CASES = {
    "no course.yml": (
        {"course.yml": None},
        ["course/course.yml: there is no course.yml here. Run the command in a course folder, give the "
         "course folder's path (scormgen build PATH), or start one from the example in course_source/."],
    ),
    "YAML syntax error": (
        {"course.yml": COURSE_YML.replace("description: A small", "description: Note: a small")},
        ["course/course.yml:5: YAML syntax error: mapping values are not allowed here. Check the "
         "indentation and quoting there (a value containing ': ' or starting with a quote must be "
         "quoted, and quotes closed)."],
    ),
    "unknown key with suggestion": (
        {"course.yml": COURSE_YML.replace("keywords:", "keywrods:")},
        ["course/course.yml:6: unknown key 'keywrods' in course.yml. Did you mean 'keywords'?"],
    ),
    "missing required field": (
        {"course.yml": COURSE_YML.replace("language: en\n", "")},
        ["course/course.yml:1: course.yml has no 'language'. Add 'language:' (language of the "
         "course (BCP 47 code))."],
    ),
    "page listed but missing": (
        {"course.yml": COURSE_YML.replace("  - people\n", "  - people\n  - conclusion\n")},
        ["course/course.yml:26: the page 'conclusion': its file 'pages/conclusion.md' does not "
         "exist. Create pages/conclusion.md, or remove 'conclusion' from 'pages'."],
    ),
    "duplicate page id": (
        {"course.yml": COURSE_YML.replace("  - people\n", "  - people\n  - intro\n")},
        ["course/course.yml:26: the page id 'intro' is listed twice (first on line 23). Give each "
         "page its own id."],
    ),
    "duplicate reflection id": (
        {"pages/second.md": "# Second\n\n```reflection\nid: r-one\nprompt: Again?\nexpert: Yes.\n```\n"},
        ["course/pages/second.md:3: the reflection id 'r-one' is used twice (first in "
         "pages/intro.md line 5). Give each reflection its own id."],
    ),
    "id that cannot become an XML ID": (
        {"course.yml": COURSE_YML.replace("id: obj-one", "id: 1st objective")},
        ["course/course.yml:18: 'id' in objective 1: '1st objective' cannot be used as an "
         "identifier. Use ASCII letters, digits, '-', '_' or '.', start with a letter, at most 100 "
         "characters (for example 'p-1st-objective')."],
    ),
    "reflection without prompt or expert": (
        {"pages/intro.md": "# Introduction\n\n```reflection\nid: r-one\n```\n"},
        ["course/pages/intro.md:4: the reflection has no 'prompt'. Add 'prompt:' (the open "
         "question (Markdown)).",
         "course/pages/intro.md:4: the reflection has no 'expert'. Add 'expert:' (the expert's "
         "answer in Markdown, shown once the learner has submitted an answer)."],
    ),
    "missing media file": (
        {"media/square.png": None},
        ["course/pages/intro.md:3: the image '../media/square.png' does not exist. Check the file "
         "name and its folder (names are case-sensitive)."],
    ),
    "path escaping the course folder": (
        {"pages/second.md": "# Second\n\nSee [the file](../../secret.txt).\n", "../secret.txt": "x"},
        ["course/pages/second.md:3: the link '../../secret.txt' points outside the course folder. "
         "Copy the file into the course folder (e.g. media/) and link it there."],
    ),
    "file that is not UTF-8": (
        {"pages/second.md": "# Second\n\nCaf\u00e9 au lait.\n".encode("latin-1")},
        ["course/pages/second.md:3: the file is not UTF-8 text. Save the file as UTF-8 in your "
         "editor (\"Save with encoding\")."],
    ),
    "empty course": (
        {"course.yml": COURSE_YML.split("pages:")[0] + "pages: []\n"},
        ["course/course.yml:22: the course has no pages. List at least one page under 'pages:' "
         "(e.g. '- welcome' for pages/welcome.md)."],
    ),
    "page without title": (
        {"pages/second.md": "Some text first.\n\n# Late title\n"},
        ["course/pages/second.md:1: the page does not start with a title. Make the first line "
         "'# Title of the page'.",
         "course/pages/second.md:3: a page has one '# ' title only. Use '## ' for the sections of "
         "the page."],
    ),
    "image without text alternative": (
        {"pages/intro.md": INTRO_MD.replace("![A red square]", "![]")},
        ["course/pages/intro.md:3: the image '../media/square.png' has no text alternative. "
         "Describe the image between the brackets: ![what it shows](...)."],
    ),
    "link that would run code": (
        {"pages/second.md": "# Second\n\nA line.\n[Click](javascript:alert(1)) or\n[this](FILE:///etc/passwd).\n"},
        ["course/pages/second.md:4: the link 'javascript:alert(1)' would run code or open a file on the "
         "learner's computer. Link a web page (https://...) or a file of the course folder.",
         "course/pages/second.md:5: the link 'FILE:///etc/passwd' would run code or open a file on the "
         "learner's computer. Link a web page (https://...) or a file of the course folder."],
    ),
    "title with a second title in a Setext heading": (
        {"pages/second.md": "# Second\n\nLate title\n==========\n"},
        ["course/pages/second.md:3: a page has one '# ' title only. Use '## ' for the sections of "
         "the page."],
    ),
    "misspelt block type": (
        {"pages/second.md": "# Second\n\n```reflexion\nid: r-two\n```\n"},
        ["course/pages/second.md:3: unknown block type 'reflexion'. Did you mean 'reflection'?"],
    ),
    "file name Moodle refuses to serve": (
        {"pages/second.md": "# Second\n\n![Logo](../media/vendor/logo.png)\n",
         "media/vendor/logo.png": b"\x89PNG"},
        ["course/pages/second.md:3: the image '../media/vendor/logo.png' would be refused by "
         "Moodle's web server (its path matches '/vendor/'). Rename the file or its folder."],
    ),
    "wrong role and bad date": (
        {"course.yml": COURSE_YML.replace("role: author", "role: autor").replace('"2016-09"', '"2016-13"')},
        ["course/course.yml:7: 'produced' in course.yml: '2016-13' is not a date. Write it as "
         "YYYY, YYYY-MM or YYYY-MM-DD, in quotes.",
         "course/course.yml:11: 'role' in authors entry 1: 'autor' is not allowed. Use one of: "
         "'author', 'publisher', 'unknown', 'initiator', 'terminator', 'validator', 'editor', "
         "'graphical designer', 'technical implementer', 'content provider', 'technical validator', "
         "'educational validator', 'script writer', 'instructional designer', 'subject matter "
         "expert'. Did you mean 'author'?"],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_course_gives_clear_error_and_writes_nothing(case, tmp_path, monkeypatch):
    files, expected = CASES[case]
    write_course(tmp_path / "course", files)
    result = run_build(tmp_path, monkeypatch)
    expect_problems(result, *expected)
    assert not (tmp_path / "dist").exists()


def test_every_problem_is_collected_not_only_the_first(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {
        "course.yml": COURSE_YML.replace("title:", "titel:").replace("  - people\n", "  - people\n  - gone\n"),
        "pages/intro.md": INTRO_MD.replace("expert: |\n  An expert's view.\n", ""),
        "media/square.png": None,
    })
    result = run_build(tmp_path, monkeypatch)
    expect_problems(
        result,
        "course/course.yml:1: course.yml has no 'title'. Add 'title:' (title shown to learners "
        "and in the LMS).",
        "course/course.yml:2: unknown key 'titel' in course.yml. Did you mean 'title'?",
        "course/course.yml:26: the page 'gone': its file 'pages/gone.md' does not exist. Create "
        "pages/gone.md, or remove 'gone' from 'pages'.",
        "course/pages/intro.md:3: the image '../media/square.png' does not exist. Check the file "
        "name and its folder (names are case-sensitive).",
        "course/pages/intro.md:6: the reflection has no 'expert'. Add 'expert:' (the expert's "
        "answer in Markdown, shown once the learner has submitted an answer).",
    )


def test_existing_packages_are_left_untouched_by_a_failed_build(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    assert run_build(tmp_path, monkeypatch).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()}
    write_course(tmp_path / "course", {"pages/second.md": "no title\n"})
    result = run_build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()} == before


def test_unknown_target(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    result = run_build(tmp_path, monkeypatch, "--target", "scorm2004")
    assert result.exit_code == 1
    assert result.output == ("Error: unknown target 'scorm2004'. Did you mean 'scorm2004-4th'? "
                             "Targets: scorm12, scorm2004-3rd, scorm2004-4th, cmi5, xapi.\n")
    assert not (tmp_path / "dist").exists()


def test_missing_course_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.output == (HEAD.format(n=1, s="") + "  course_source: there is no such folder. Give "
                             "the path of a course folder (the one that holds course.yml).\n")


def test_template_error_in_a_designer_override_points_at_the_template(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"templates/reflection.html": "<div>\n{{ reflection.nope }}\n</div>\n"})
    result = run_build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.output.startswith(HEAD.format(n=1, s=""))
    assert "  course/templates/reflection.html:2: template error: " in result.output
    assert "has no attribute 'nope'" in result.output
    assert not (tmp_path / "dist").exists()


def test_internal_errors_have_no_traceback_unless_debug(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    monkeypatch.chdir(tmp_path)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("scormgen.cli.build", boom)
    result = CliRunner().invoke(cli, ["build", "course"])
    assert result.exit_code == 1
    assert result.output == ("Error: internal error: RuntimeError: disk on fire. Run again with "
                             "--debug for the traceback, and report it.\n")
    result = CliRunner().invoke(cli, ["--debug", "build", "course"])
    assert isinstance(result.exception, RuntimeError)

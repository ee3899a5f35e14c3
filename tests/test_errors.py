"""A broken course gives every problem, with file, line, code and a fix; exit 1; nothing written.

Problems are asserted by their code and place (``SG122`` at ``pages/intro.md:3``), as a
linter's rules are: a hint can be reworded without breaking a test. Every code is
documented in docs/errors.md and produced by a case here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import COURSE_YML, INTRO_MD, ROOT, package_html, write_course
from scormgen.cli import cli
from scormgen.errors import CODES

HEAD = "Error: the course has {n} problem{s}; nothing was written:\n"
# "  file:line: message hint [SGnnn]"
LINE = re.compile(r"^  (?P<where>[^:]+(?::\d+)?): (?P<text>.+) \[(?P<code>SG\d{3})\]$")


def run_build(tmp_path: Path, monkeypatch, *args: str):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["build", "course", "--out", "dist", *args])


def problems_of(result) -> list[tuple[str, str, str]]:
    """(code, where, text) of each problem the build printed; the output's form checked."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    head, *lines = result.output.splitlines()
    n = len(lines)
    assert head + "\n" == HEAD.format(n=n, s="s" if n != 1 else "")
    found = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not a problem line: {line!r}"
        text = match["text"]
        # what is wrong, then how to fix it: at least two sentences
        assert re.search(r"[.?)'] [A-Z\"(]", text), f"no hint in {line!r}"
        found.append((match["code"], match["where"], text))
    return found


def expect_problems(result, *expected: tuple[str, str]) -> list[str]:
    found = problems_of(result)
    assert [(code, where) for code, where, _ in found] == list(expected), result.output
    return [text for _, _, text in found]


CASES: dict[str, tuple[dict[str, str | bytes | None], list[tuple[str, str]]]] = {
    "no course.yml": ({"course.yml": None}, [("SG100", "course/course.yml")]),
    "YAML syntax error": (
        {"course.yml": COURSE_YML.replace("description: A small", "description: Note: a small")},
        [("SG103", "course/course.yml:5")]),
    "YAML key that is not text": ({"course.yml": COURSE_YML + "? [a, b]\n: c\n"}, [("SG104", "course/course.yml:26")]),
    "YAML key given twice": ({"course.yml": COURSE_YML + "title: Again\n"}, [("SG105", "course/course.yml:26")]),
    "empty course.yml": ({"course.yml": "# nothing yet\n"}, [("SG106", "course/course.yml:1")]),
    "YAML alias": ({"course.yml": COURSE_YML + "x: &a 1\ny: *a\n"}, [("SG107", "course/course.yml:26")]),
    "page too large": ({"pages/second.md": "# Second\n\n" + "x" * 4_000_001}, [("SG108", "course/pages/second.md")]),
    "section that is not a mapping": ({"course.yml": COURSE_YML + "theme: red\n"}, [("SG110", "course/course.yml:26")]),
    "unknown key with suggestion": (
        {"course.yml": COURSE_YML.replace("keywords:", "keywrods:")}, [("SG111", "course/course.yml:6")]),
    "missing required field": (
        {"course.yml": COURSE_YML.replace("language: en\n", "")}, [("SG112", "course/course.yml:1")]),
    "wrong role and bad date": (
        {"course.yml": COURSE_YML.replace("role: author", "role: autor").replace('"2016-09"', '"2016-13"')},
        [("SG113", "course/course.yml:7"), ("SG113", "course/course.yml:11")]),
    "id that cannot become an XML ID": (
        {"course.yml": COURSE_YML.replace("id: obj-one", "id: 1st objective")}, [("SG113", "course/course.yml:18")]),
    "list that is not a list": (
        {"course.yml": COURSE_YML.replace("credits:\n  - name: Bo Helper\n    role: [editor, instructional "
                                          "designer]\n    contribution: Editing\n", "credits: Bo Helper\n")},
        [("SG114", "course/course.yml:13")]),
    "page listed but missing": (
        {"course.yml": COURSE_YML.replace("  - people\n", "  - people\n  - conclusion\n")},
        [("SG122", "course/course.yml:26")]),
    "duplicate page id": (
        {"course.yml": COURSE_YML.replace("  - people\n", "  - people\n  - intro\n")},
        [("SG115", "course/course.yml:26")]),
    "duplicate objective id": (
        {"course.yml": COURSE_YML.replace("id: obj-two", "id: obj-one")}, [("SG115", "course/course.yml:20")]),
    "duplicate reflection id": (
        {"pages/second.md": "# Second\n\n```reflection\nid: r-one\nprompt: Again?\nexpert: Yes.\n```\n"},
        [("SG115", "course/pages/second.md:3")]),
    "empty course": (
        {"course.yml": COURSE_YML.split("pages:")[0] + "pages: []\n"}, [("SG116", "course/course.yml:22")]),
    "reflection without prompt or expert": (
        {"pages/intro.md": "# Introduction\n\n```reflection\nid: r-one\n```\n"},
        [("SG112", "course/pages/intro.md:4"), ("SG112", "course/pages/intro.md:4")]),
    "absolute path": (
        {"pages/second.md": "# Second\n\n![A square](/etc/square.png)\n"}, [("SG120", "course/pages/second.md:3")]),
    "path escaping the course folder": (
        {"pages/second.md": "# Second\n\nSee [the file](../../secret.txt).\n", "../secret.txt": "x"},
        [("SG121", "course/pages/second.md:3")]),
    "missing media file": ({"media/square.png": None}, [("SG122", "course/pages/intro.md:3")]),
    "file name Moodle refuses to serve": (
        {"pages/second.md": "# Second\n\n![Logo](../media/vendor/logo.png)\n", "media/vendor/logo.png": b"\x89PNG"},
        [("SG123", "course/pages/second.md:3")]),
    "path written with backslashes": (
        {"pages/second.md": "# Second\n\n![A square](..\\media\\square.png)\n"},
        [("SG124", "course/pages/second.md:3")]),
    "file that is not UTF-8": (
        {"pages/second.md": "# Second\n\nCaf\u00e9 au lait.\n".encode("latin-1")},
        [("SG102", "course/pages/second.md:3")]),
    "logo without text alternative": (
        {"course.yml": COURSE_YML + "theme:\n  logo: media/square.png\n"}, [("SG130", "course/course.yml:27")]),
    "low contrast": (
        {"course.yml": COURSE_YML + 'theme:\n  text: "#777777"\n'},
        [("SG131", "course/course.yml:27"), ("SG131", "course/course.yml:27")]),
    "page without title": (
        {"pages/second.md": "Some text first.\n\n# Late title\n"},
        [("SG140", "course/pages/second.md:1"), ("SG142", "course/pages/second.md:3")]),
    "empty title": ({"pages/second.md": "#\n\nText.\n"}, [("SG141", "course/pages/second.md:1")]),
    "title with a second title in a Setext heading": (
        {"pages/second.md": "# Second\n\nLate title\n==========\n"}, [("SG142", "course/pages/second.md:3")]),
    "misspelt block type": (
        {"pages/second.md": "# Second\n\n```reflexion\nid: r-two\n```\n"}, [("SG143", "course/pages/second.md:3")]),
    "image without text alternative": (
        {"pages/intro.md": INTRO_MD.replace("![A red square]", "![]")}, [("SG144", "course/pages/intro.md:3")]),
    "image from another site": (
        {"pages/second.md": "# Second\n\n![A chart](http://example.org/chart.png)\n"},
        [("SG145", "course/pages/second.md:3")]),
    "link that would run code": (
        {"pages/second.md": "# Second\n\nA line.\n[Click](javascript:alert(1)) or\n[this](FILE:///etc/passwd).\n"},
        [("SG146", "course/pages/second.md:4"), ("SG146", "course/pages/second.md:5")]),
    "address that is not valid": (
        {"pages/second.md": "# Second\n\nSee [the site](https://[example.org/),\n![a chart](//[x/c.png) and "
                            "[a file](//[y).\n"},
        [("SG164", "course/pages/second.md:3"), ("SG164", "course/pages/second.md:4"),
         ("SG164", "course/pages/second.md:4")]),
    "link to a Markdown file that is not a page": (
        {"pages/second.md": "# Second\n\nSee [the draft](draft.md).\n", "pages/draft.md": "# Draft\n"},
        [("SG147", "course/pages/second.md:3")]),
    "image path with a space": (
        {"pages/second.md": "# Second\n\nText.\n![Three stacked boxes](../media/my stages.png)\n",
         "media/my stages.png": b"\x89PNG"},
        [("SG148", "course/pages/second.md:4")]),
    "fence never closed": (
        {"pages/second.md": "# Second\n\n> ```python\n> print(1)\n\nMore text.\n"},
        [("SG149", "course/pages/second.md:3")]),
    "video without captions, audio without a transcript": (
        {"pages/second.md": "# Second\n\n![A consultation](../media/talk.webm)\n\n![A podcast](../media/cast.mp3)\n",
         "media/talk.webm": b"\x1aE\xdf\xa3", "media/cast.mp3": b"ID3"},
        [("SG165", "course/pages/second.md:3"), ("SG165", "course/pages/second.md:5")]),
    "caption file that is not WebVTT": (
        {"pages/second.md": "# Second\n\n![A consultation](../media/talk.webm)\n", "media/talk.webm": b"\x1aE",
         "media/talk.vtt": "1\n00:00:01,000 --> 00:00:04,000\nHello.\n"},
        [("SG166", "course/media/talk.vtt:1")]),
    "caption cue with a malformed time": (
        {"pages/second.md": "# Second\n\n![A consultation](../media/talk.webm)\n", "media/talk.webm": b"\x1aE",
         "media/talk.vtt": "WEBVTT\n\n00:01.000 --> 00:04.000\nHello.\n\n00:05,000 --> 00:06.000\nBye.\n\n"
                           "00:09.000 --> 00:07.000\nBack.\n"},
        [("SG167", "course/media/talk.vtt:6"), ("SG167", "course/media/talk.vtt:9")]),
    "caption file whose name is no language code": (
        {"pages/second.md": "# Second\n\n![A consultation](../media/talk.webm)\n", "media/talk.webm": b"\x1aE",
         "media/talk.english.vtt": "WEBVTT\n\n00:01.000 --> 00:04.000\nHello.\n"},
        [("SG168", "course/media/talk.english.vtt")]),
    "video format browsers do not all play": (
        {"pages/second.md": "# Second\n\n![A consultation](../media/talk.avi)\n"},
        [("SG169", "course/pages/second.md:3")]),
    "YouTube address that is not a video": (
        {"pages/second.md": "# Second\n\n<https://www.youtube.com/@medschool>\n\n[Our talks](https://vimeo.com/user42)\n"},
        [("SG170", "course/pages/second.md:3"), ("SG170", "course/pages/second.md:5")]),
    "media setting for a file no page plays": (
        {"course.yml": COURSE_YML + "media:\n  media/clp.mp4: {captions: none, reason: No speech at all.}\n"},
        [("SG171", "course/course.yml:27")]),
    "template error": (
        {"templates/credits.html": "{% if %}\n"}, [("SG150", "course/templates/credits.html:1")]),
    "template that is a link": ({"templates/credits.html": None, "templates/keep.txt": "x"},
                                [("SG152", "course/templates/credits.html")]),
    "template not found": (
        {"templates/credits.html": "{% include 'nowhere.html' %}\n"}, [("SG151", "templates/nowhere.html")]),
    # knowledge checks (every bad input, with its exact message: tests/test_questions_build.py)
    "question without a correct option": (
        {"pages/second.md": "# Second\n\n```question\nid: q-one\ntype: single\nprompt: Which?\noptions:\n"
                            "  - id: a\n    text: A\n  - id: b\n    text: B\n```\n"},
        [("SG176", "course/pages/second.md:7")]),
    "single-choice question with two correct options": (
        {"pages/second.md": "# Second\n\n```question\nid: q-one\ntype: single\nprompt: Which?\noptions:\n"
                            "  - id: a\n    text: A\n    correct: true\n  - id: b\n    text: B\n    correct: true\n"
                            "```\n"},
        [("SG177", "course/pages/second.md:13")]),
    "true-false question with options": (
        {"pages/second.md": "# Second\n\n```question\nid: q-one\ntype: true-false\nprompt: True?\nanswer: true\n"
                            "options:\n  - id: a\n    text: A\n```\n"},
        [("SG178", "course/pages/second.md:8")]),
    "question with one option": (
        {"pages/second.md": "# Second\n\n```question\nid: q-one\ntype: multiple\nprompt: Which?\noptions:\n"
                            "  - id: a\n    text: A\n    correct: true\n```\n"},
        [("SG179", "course/pages/second.md:7")]),
    "question with no attempt, mastery score over 100": (
        {"pages/second.md": "# Second\n\n```question\nid: q-one\ntype: true-false\nprompt: True?\nanswer: true\n"
                            "attempts: 0\n```\n", "course.yml": COURSE_YML + "mastery_score: 101\n"},
        [("SG113", "course/course.yml:26"), ("SG113", "course/pages/second.md:8")]),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_course_gives_clear_error_and_writes_nothing(case, tmp_path, monkeypatch):
    files, expected = CASES[case]
    write_course(tmp_path / "course", files)
    if case == "template that is a link":
        (tmp_path / "elsewhere.html").write_text("{{ course.title }}\n")
        (tmp_path / "course" / "templates" / "credits.html").symlink_to(tmp_path / "elsewhere.html")
    result = run_build(tmp_path, monkeypatch)
    expect_problems(result, *expected)
    assert not (tmp_path / "dist").exists()


def test_a_problem_reads_as_what_where_and_how_to_fix(tmp_path, monkeypatch):
    """The whole text of one problem, once: the form every problem follows."""
    write_course(tmp_path / "course", {"course.yml": COURSE_YML.replace("  - people\n", "  - people\n  - intro\n")})
    result = run_build(tmp_path, monkeypatch)
    assert result.output == (HEAD.format(n=1, s="") + "  course/course.yml:26: the page id 'intro' is listed "
                             "twice (first on line 23). Give each page its own id. [SG115]\n")


def test_messages_name_the_offending_values(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"course.yml": COURSE_YML.replace("keywords:", "keywrods:")
                                       .replace("role: author", "role: autor")})
    texts = expect_problems(run_build(tmp_path, monkeypatch), ("SG111", "course/course.yml:6"),
                            ("SG113", "course/course.yml:11"))
    assert "'keywrods'" in texts[0] and "Did you mean 'keywords'?" in texts[0]
    assert "'autor'" in texts[1] and "Did you mean 'author'?" in texts[1]


def test_unreadable_file(tmp_path, monkeypatch):
    """SG101: a file that exists but cannot be read (as root every file can: simulated)."""
    write_course(tmp_path / "course")
    from scormgen.course import sources
    original = sources.open_inside

    def open_inside(course_dir, path):
        if Path(path).name == "second.md":
            raise PermissionError(13, "Permission denied", str(path))
        return original(course_dir, path)
    monkeypatch.setattr(sources, "open_inside", open_inside)
    monkeypatch.setenv("SCORMGEN_NO_CACHE", "1")
    expect_problems(run_build(tmp_path, monkeypatch), ("SG101", "course/pages/second.md"))


def test_every_problem_is_collected_not_only_the_first(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {
        "course.yml": COURSE_YML.replace("title:", "titel:").replace("  - people\n", "  - people\n  - gone\n"),
        "pages/intro.md": INTRO_MD.replace("expert: |\n  An expert's view.\n", ""),
        "media/square.png": None,
    })
    expect_problems(run_build(tmp_path, monkeypatch),
                    ("SG112", "course/course.yml:1"), ("SG111", "course/course.yml:2"),
                    ("SG122", "course/course.yml:26"), ("SG122", "course/pages/intro.md:3"),
                    ("SG112", "course/pages/intro.md:6"))


def test_every_code_is_documented_and_tested():
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## (SG\d{3})\b", doc, flags=re.M))
    assert documented == set(CODES)
    # SG101 and the warnings are produced where they are tested (above; test_media.py: SG172-SG175;
    # test_questions_build.py: SG180)
    warnings = {"SG160", "SG161", "SG162", "SG163", "SG172", "SG173", "SG174", "SG175",
                "SG180"}  # test_questions_build.py
    tested = {code for _, expected in CASES.values() for code, _ in expected} | {"SG101"} | warnings
    assert set(CODES) == tested


def test_warnings_have_codes_and_do_not_stop_the_build(tmp_path, monkeypatch):
    ids = [f"r-{n:02d}-" + "x" * 90 for n in range(20)]
    blocks = "".join(f"```reflection\nid: {rid}\nprompt: Why?\nexpert: Because.\n```\n\n" for rid in ids)
    long_prompt = "```reflection\nid: r-long\nprompt: " + "Why " * 70 + "\nexpert: Yes.\n```\n"
    write_course(tmp_path / "course", {"pages/second.md": "# Second\n\n" + blocks + long_prompt})
    result = run_build(tmp_path, monkeypatch, "--target", "scorm12")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert [re.search(r"\[(SG\d+)\]$", w)[1] for w in warnings] == ["SG160", "SG161"], warnings


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
    assert result.output.startswith("Error: unknown target 'scorm2004'. Did you mean 'scorm2004-4th'?")
    assert "scorm12, scorm2004-3rd, scorm2004-4th, cmi5, xapi" in result.output
    assert not (tmp_path / "dist").exists()


def test_bad_lrs_endpoint_option_is_a_usage_error(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    result = run_build(tmp_path, monkeypatch, "--lrs-endpoint", "lrs.example/xapi")
    assert result.exit_code == 2
    assert "--lrs-endpoint" in result.output and "not an http(s) address" in result.output
    assert not (tmp_path / "dist").exists()


def test_unreadable_media_file_is_not_an_output_problem(tmp_path, monkeypatch):
    """A media file that cannot be read while the packages are written is named as such,
    never reported as a full or read-only output folder."""
    write_course(tmp_path / "course")
    import scormgen.build
    original = scormgen.build.open_inside

    def open_inside(course_dir, path):
        if Path(path).name == "square.png":
            raise PermissionError(13, "Permission denied", str(path))
        return original(course_dir, path)
    monkeypatch.setattr(scormgen.build, "open_inside", open_inside)
    result = run_build(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert "cannot read" in result.output and "square.png" in result.output
    assert "free space" not in result.output
    assert not (tmp_path / "dist").exists()


def test_missing_course_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert [(code, where) for code, where, _ in problems_of(result)] == [("SG100", "course_source")]


def test_template_error_in_a_designer_override_points_at_the_template(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"templates/reflection.html": "<div>\n{{ reflection.nope }}\n</div>\n"})
    texts = expect_problems(run_build(tmp_path, monkeypatch), ("SG150", "course/templates/reflection.html:2"))
    assert "has no attribute 'nope'" in texts[0]
    assert not (tmp_path / "dist").exists()


def test_internal_errors_exit_123_without_traceback_unless_debug(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    monkeypatch.chdir(tmp_path)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("scormgen.build.build", boom)
    result = CliRunner().invoke(cli, ["build", "course"])
    assert result.exit_code == 123
    assert result.output == ("Error: internal error: RuntimeError: disk on fire. Run again with "
                             "--debug for the traceback, and report it.\n")
    result = CliRunner().invoke(cli, ["--debug", "build", "course"])
    assert isinstance(result.exception, RuntimeError)


def test_internal_error_in_validate_exits_123(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("parser on fire")
    monkeypatch.setattr("scormgen.validate.validate_package", boom)
    (tmp_path / "p.zip").write_bytes(b"PK")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "p.zip")])
    assert result.exit_code == 123
    assert "internal error: RuntimeError: parser on fire" in result.output


def test_forgotten_and_empty_pages_are_warnings(tmp_path, monkeypatch):
    """A page file 'pages' does not list, a page with a title only: built, but said."""
    write_course(tmp_path / "course", {"pages/second.md": "# Second\n\n", "pages/draft.md": "# Draft\n\nText.\n"})
    result = run_build(tmp_path, monkeypatch, "--target", "scorm12")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert [re.search(r"^warning: (\S+): .*\[(SG\d+)\]$", w).groups() for w in warnings] == [
        ("course/pages/draft.md", "SG162"), ("course/pages/second.md:1", "SG163")], warnings
    assert "'- draft'" in warnings[0]
    assert result.output.splitlines()[-1].endswith(", 2 warnings.")


@pytest.mark.parametrize("path", ["<../media/my stages.png>", "../media/my%20stages.png"])
def test_a_path_with_a_space_in_angle_brackets_or_encoded_is_packaged(path, tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"pages/second.md": f"# Second\n\n![Three stacked boxes]({path})\n",
                                       "media/my stages.png": b"\x89PNG"})
    result = run_build(tmp_path, monkeypatch, "--target", "scorm12")
    assert result.exit_code == 0, result.output
    import zipfile
    with zipfile.ZipFile(tmp_path / "dist" / "fixture-course-1.0-scorm12.zip") as archive:
        assert "media/my stages.png" in archive.namelist()
        assert 'src="media/my%20stages.png"' in package_html(archive)


def test_tab_indentation_says_use_spaces(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"course.yml": COURSE_YML.replace("  - name: Ada", "\t- name: Ada")})
    texts = expect_problems(run_build(tmp_path, monkeypatch), ("SG103", "course/course.yml:9"))
    assert "a tab in the indentation" in texts[0] and "spaces" in texts[0]


def test_no_course_yml_suggests_init(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"course.yml": None})
    texts = expect_problems(run_build(tmp_path, monkeypatch), ("SG100", "course/course.yml"))
    assert "scormgen init" in texts[0]


def test_target_in_capitals_suggests_lower_case(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    result = run_build(tmp_path, monkeypatch, "--target", "SCORM12")
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown target 'SCORM12'. Did you mean 'scorm12'?")


def test_preview_unknown_target_is_worded_as_build(tmp_path, monkeypatch):
    write_course(tmp_path / "course")
    built = run_build(tmp_path, monkeypatch, "--target", "scorm2004")
    previewed = CliRunner().invoke(cli, ["preview", "course", "-t", "scorm2004"])
    assert (previewed.exit_code, previewed.output) == (built.exit_code, built.output) == (1, built.output)

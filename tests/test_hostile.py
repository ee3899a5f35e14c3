"""Hostile course folders are harmless: nothing outside the folder reaches a package, and
no input runs code on the building machine. One test per defect a security review found
(the row's number in its name), and a few more paths tried."""
from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import COURSE_YML, INTRO_MD, write_course
from scormgen.build import build
from scormgen.cli import cli
from scormgen.errors import CourseError, SourceFileError
from scormgen.paths import OutsideCourse, open_inside


def codes_of(course: Path, tmp_path: Path, targets=("scorm12",)) -> list[str]:
    with pytest.raises(CourseError) as info:
        build(course, tmp_path / "out", list(targets))
    assert not (tmp_path / "out").exists()
    return info.value.codes


def zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


# -- row 1: a media file swapped for a link, found by the page cache or not -------------------------

def test_row1_cached_page_whose_media_became_a_link_outside_leaks_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORMGEN_CACHE_DIR", str(tmp_path / "cache"))
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "first", ["scorm12"])
    secret = tmp_path / "environ"
    secret.write_text("SECRET=hunter2\n")
    (course / "media" / "square.png").unlink()
    (course / "media" / "square.png").symlink_to(secret)
    assert codes_of(course, tmp_path) == ["SG121"]


def test_row1_a_file_swapped_after_its_check_is_refused_when_opened(tmp_path):
    """The check is made again when the file is opened for copying, whatever came before."""
    course = write_course(tmp_path / "course")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"SECRET")
    inside = course / "media" / "square.png"
    assert open_inside(course, inside).read()[:4] == b"\x89PNG"
    inside.unlink()
    inside.symlink_to(secret)
    with pytest.raises(OutsideCourse):
        open_inside(course, inside)
    (course / "media").rename(course / "media-real")
    (course / "media").symlink_to(tmp_path)  # a folder on the way swapped for a link
    (tmp_path / "square.png").write_bytes(b"SECRET")
    with pytest.raises(OutsideCourse):
        open_inside(course, course / "media" / "square.png")


def test_row1_build_refuses_a_media_file_that_left_between_check_and_copy(tmp_path, monkeypatch):
    course = write_course(tmp_path / "course")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"SECRET")
    from scormgen.course import load as load_module
    real_finish = load_module.CourseLoading.finish

    def finish_then_swap(self):
        course_model = real_finish(self)
        (course / "media" / "square.png").unlink()  # after every check, before the copy
        (course / "media" / "square.png").symlink_to(secret)
        return course_model
    monkeypatch.setattr(load_module.CourseLoading, "finish", finish_then_swap)
    monkeypatch.setenv("SCORMGEN_NO_CACHE", "1")
    write_course(course, {"course.yml": COURSE_YML + "theme:\n  logo: media/square.png\n  logo_alt: Logo\n",
                          "pages/intro.md": INTRO_MD.replace("![A red square](../media/square.png)", "")})
    with pytest.raises(SourceFileError) as info:
        build(course, tmp_path / "out", ["scorm12"])
    assert "outside the course folder" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_row1_a_page_or_course_yml_that_is_a_link_outside_is_refused(tmp_path):
    course = write_course(tmp_path / "course")
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nSECRET\n")
    (course / "pages" / "second.md").unlink()
    (course / "pages" / "second.md").symlink_to(outside)
    assert codes_of(course, tmp_path) == ["SG121"]


# -- row 2: a course's templates run in the sandbox, and only from its templates/ folder -----------

@pytest.mark.parametrize("template", [
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/scormgen-owned').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ reflection.__class__.__init__.__globals__ }}",
    "{% set x = lipsum.__globals__ %}{{ x }}",
])
def test_row2_a_course_template_cannot_reach_python(tmp_path, template):
    course = write_course(tmp_path / "course", {"templates/reflection.html": template + "\n"})
    assert codes_of(course, tmp_path) == ["SG150"]
    assert not Path("/tmp/scormgen-owned").exists()


def test_row2_a_template_that_is_a_link_is_refused(tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text("{{ course.title }} SECRET\n")
    course = write_course(tmp_path / "course", {"templates/keep.txt": "x"})
    (course / "templates" / "credits.html").symlink_to(outside)
    assert codes_of(course, tmp_path) == ["SG152"]


def test_row2_an_include_through_a_linked_folder_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.html").write_text("SECRET\n")
    course = write_course(tmp_path / "course", {"templates/credits.html": "{% include 'parts/secret.html' %}\n"})
    (course / "templates" / "parts").symlink_to(tmp_path / "elsewhere")
    assert codes_of(course, tmp_path) == ["SG152"]


def test_row2_a_templates_folder_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "credits.html").write_text("SECRET\n")
    course = write_course(tmp_path / "course")
    (course / "templates").symlink_to(tmp_path / "elsewhere")
    assert codes_of(course, tmp_path) == ["SG152"]


def test_row2_ordinary_overrides_still_work(tmp_path):
    course = write_course(tmp_path / "course", {"templates/credits.html": "<p>Made by {{ course.publisher or "
                                                                         "'us' }} {{ _('My notes') }}</p>\n"})
    [package] = build(course, tmp_path / "out", ["scorm12"])
    assert "<p>Made by us My notes</p>" in zip_text(package.path)


# -- row 3: YAML anchors and aliases --------------------------------------------------------------

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize("where", ["course.yml", "reflection"])
@pytest.mark.parametrize("yaml_text", [LAUGHS, "x: &a [*a]\n", "x: &anchor 1\ny: *anchor\n"],
                         ids=["billion-laughs", "recursive", "plain-alias"])
def test_row3_yaml_anchors_and_aliases_are_refused_at_once(tmp_path, where, yaml_text):
    if where == "course.yml":
        files = {"course.yml": COURSE_YML + yaml_text}
    else:
        block = "```reflection\nid: r-two\nprompt: p\nexpert: e\n" + yaml_text + "```\n"
        files = {"pages/second.md": "# Second\n\n" + block}
    course = write_course(tmp_path / "course", files)
    started = time.monotonic()
    assert codes_of(course, tmp_path) == ["SG107"]
    assert time.monotonic() - started < 30  # never expanded (a bomb took minutes and gigabytes)


# -- row 9: LRS settings --------------------------------------------------------------------------

def test_row9_credentials_in_the_lrs_endpoint_are_refused(tmp_path, monkeypatch):
    course = write_course(tmp_path / "course", {"course.yml": COURSE_YML + "lrs:\n  endpoint: https://u:p@lrs.example/x/\n"})
    assert codes_of(course, tmp_path) == ["SG113"]
    write_course(course, {"course.yml": COURSE_YML})
    monkeypatch.chdir(tmp_path)
    for bad in ("https://user:secret@lrs.example/xapi/", "javascript:alert(1)", "file:///etc/passwd"):
        result = CliRunner().invoke(cli, ["build", "course", "--lrs-endpoint", bad])
        assert result.exit_code == 2, result.output
        assert "secret" not in result.output or "user:secret" in result.output.split("Error")[1]
    assert not (tmp_path / "dist").exists()


def test_row9_embedded_auth_goes_into_scorm_packages_only(tmp_path):
    course = write_course(tmp_path / "course")
    built = build(course, tmp_path / "out", lrs_endpoint="https://lrs.example/xapi/",
                  embedded_lrs_auth="Basic c2VjcmV0OnNlY3JldA==")
    where = {package.target.name: "c2VjcmV0OnNlY3JldA==" in zip_text(package.path) for package in built}
    assert where == {"scorm12": True, "scorm2004-3rd": True, "scorm2004-4th": True, "cmi5": False, "xapi": False}


# -- row 10: links that run code, in reflections and biographies ------------------------------------

@pytest.mark.parametrize("files", [
    {"pages/intro.md": INTRO_MD.replace("What do you think?", "See [this](javascript:alert(1))")},
    {"pages/intro.md": INTRO_MD.replace("An expert's view.", "![x](vbscript:msgbox)")},
    {"course.yml": COURSE_YML.replace("bio: Writes *test* courses.",
                                      "bio: A [site](data:text/html,<script>x</script>)")},
], ids=["prompt", "expert", "biography"])
def test_row10_links_that_run_code_in_prompts_answers_and_biographies(tmp_path, files):
    course = write_course(tmp_path / "course", files)
    assert codes_of(course, tmp_path) == ["SG146"]


# -- row 13: init, control characters, line breaks in names, huge pages ---------------------------------

def test_row13_init_never_writes_through_a_dangling_link(tmp_path, monkeypatch):
    target = tmp_path / "victim.txt"
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "course.yml").symlink_to(target)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "new"])
    assert result.exit_code == 1
    assert not target.exists()
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["course.yml"]


def test_row13_init_never_writes_through_a_linked_folder(tmp_path, monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "pages").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "new"])
    assert result.exit_code == 1
    assert list((tmp_path / "elsewhere").iterdir()) == []


@pytest.mark.parametrize("value", ["Fixture\x07course", "Fixture\x1b[31mcourse", "Fixture\u0085course"])
def test_row13_a_control_character_in_a_value_is_a_problem_not_an_internal_error(tmp_path, value):
    course = write_course(tmp_path / "course", {"course.yml": COURSE_YML.replace(
        "title: Fixture course", f'title: "{value}"'.replace("\x07", "\\a").replace("\x1b", "\\e")
        .replace("\u0085", "\\N"))})
    assert codes_of(course, tmp_path) == ["SG113"]


def test_row13_a_line_break_in_a_name_cannot_add_lines_to_its_vcard(tmp_path):
    course = write_course(tmp_path / "course", {"course.yml": COURSE_YML.replace(
        "  - name: Ada Example", '  - name: "Ada Example\\nEMAIL:evil@example.org"')})
    assert codes_of(course, tmp_path) == ["SG113"]
    from scormgen.course.model import Person
    from scormgen.manifest.lom import vcard
    card = vcard(Person(name="Ada\nEMAIL:evil@example.org", roles=["author"]))
    assert [line for line in card.split("\n") if line.startswith("EMAIL")] == []


def test_row13_a_huge_page_is_refused_before_it_is_read_whole(tmp_path):
    course = write_course(tmp_path / "course")
    with open(course / "pages" / "second.md", "w") as handle:
        handle.write("# Second\n\n")
        handle.write(("word " * 200 + "\n\n") * 5000)  # about 5 MB
    assert codes_of(course, tmp_path) == ["SG108"]


def test_nothing_outside_is_copied_through_a_link_to_a_folder_of_media(tmp_path):
    """Tried beyond the review's list: a media folder that is itself a link outside."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "square.png").write_bytes(b"SECRET")
    course = write_course(tmp_path / "course", {"media/square.png": None})
    if (course / "media").exists():
        (course / "media").rmdir()
    os.symlink(tmp_path / "elsewhere", course / "media")
    assert codes_of(course, tmp_path) == ["SG121"]

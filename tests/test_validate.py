"""`scormgen validate` on good and bad packages: ours in every target, broken variants,
hostile zips, and manifests written by hand in the styles of other tools."""
from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED_XSD
from scormgen.build import build
from scormgen.cli import cli

TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th", "cmi5", "xapi"]


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    from conftest import write_course
    root = tmp_path_factory.mktemp("validate")
    course = write_course(root / "course")
    return {p.target.name: p.path for p in build(course, root / "dist")}


def run(*args):
    result = CliRunner().invoke(cli, ["validate", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def findings(result) -> list[tuple[str, str]]:
    data = json.loads(result.output)
    return [(f["severity"], f["code"]) for f in data["findings"]]


def rezip(source: Path, dest: Path, change=None, add=(), drop=()) -> Path:
    """A copy of a package with the manifest changed, entries added or dropped."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            if change and info.filename in ("imsmanifest.xml", "cmi5.xml", "tincan.xml"):
                data = change(data.decode()).encode()
            zout.writestr(info.filename, data)
        for item in add:
            zout.writestr(*item) if isinstance(item, tuple) else zout.writestr(item, b"x")
    return dest


@pytest.mark.schemas
@pytest.mark.usefixtures("xsd_validator")  # skips when the schemas are missing
@pytest.mark.parametrize("target", TARGETS)
def test_our_packages_are_valid_with_schemas_and_the_moodle_profile(target, packages):
    result = run(packages[target], "--schemas", SHARED_XSD, "--lms", "moodle", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert data["valid"] is True and data["errors"] == 0
    assert data["standard"] == {"scorm12": "SCORM 1.2", "scorm2004-3rd": "SCORM 2004 3rd Edition",
                                "scorm2004-4th": "SCORM 2004 4th Edition", "cmi5": "cmi5",
                                "xapi": "xAPI (Tin Can)"}[target]


def test_an_unpacked_folder_too(packages, tmp_path):
    with zipfile.ZipFile(packages["scorm12"]) as archive:
        archive.extractall(tmp_path / "unpacked")
    assert run(tmp_path / "unpacked").exit_code == 0
    (tmp_path / "unpacked" / "index.html").unlink()
    result = run(tmp_path / "unpacked")
    assert result.exit_code == 1
    assert "error   imsmanifest.xml:" in result.output
    assert "'index.html' is named by the manifest but is not in the package." in result.output


BROKEN = {
    "listed file missing": (dict(drop=["assets/course.css"]), "LISTED_FILE_MISSING"),
    "launch file missing": (dict(drop=["index.html"]), "LAUNCH_FILE_MISSING"),
    "item points nowhere": (dict(change=lambda m: m.replace('identifierref="fixture-course-sco"',
                                                            'identifierref="nowhere"')), "ITEM_REFERENCE"),
    "not well-formed": (dict(change=lambda m: m.replace("</manifest>", "")), "XML_NOT_WELL_FORMED"),
    "no scormtype": (dict(change=lambda m: m.replace(' adlcp:scormtype="sco"', "")), "SCORMTYPE_MISSING"),
    "wrong schemaversion": (dict(change=lambda m: m.replace("<schemaversion>1.2<", "<schemaversion>1.3<")),
                            "SCHEMAVERSION"),
    "bad masteryscore": (dict(change=lambda m: m.replace("<title>Fixture course</title>\n      </item>",
                                                         "<title>Fixture course</title>\n        "
                                                         "<adlcp:masteryscore>eighty</adlcp:masteryscore>\n"
                                                         "      </item>")), "MASTERYSCORE"),
    "duplicate identifier": (dict(change=lambda m: m.replace('identifier="fixture-course-item"',
                                                             'identifier="fixture-course-org"')),
                             "IDENTIFIER_DUPLICATE"),
    "default organization": (dict(change=lambda m: m.replace('default="fixture-course-org"', 'default="x"')),
                             "DEFAULT_ORGANIZATION"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_scorm12_variants(case, packages, tmp_path):
    options, code = BROKEN[case]
    bad = rezip(packages["scorm12"], tmp_path / "bad.zip", **options)
    result = run(bad, "--json")
    assert result.exit_code == 1, result.output
    assert ("error", code) in findings(result)
    data = json.loads(result.output)
    finding = next(f for f in data["findings"] if f["code"] == code)
    assert finding["message"] and finding["fix"]
    if code not in ("LISTED_FILE_MISSING", "LAUNCH_FILE_MISSING"):
        assert finding["file"] == "imsmanifest.xml" and finding["line"]


@pytest.mark.schemas
@pytest.mark.usefixtures("xsd_validator")  # skips when the schemas are missing
def test_xsd_errors_need_the_schemas(packages, tmp_path):
    bad = rezip(packages["scorm2004-4th"], tmp_path / "bad.zip",
                change=lambda m: m.replace("<organizations ", "<organizations unexpected=\"1\" "))
    assert run(bad).exit_code == 0, "the attribute breaks no rule scormgen knows without the schemas"
    result = run(bad, "--schemas", SHARED_XSD, "--json")
    assert result.exit_code == 1
    assert ("error", "XSD") in findings(result)


def hostile(tmp_path: Path, entries) -> Path:
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            if isinstance(entry, zipfile.ZipInfo):
                archive.writestr(entry, b"target")
            else:
                archive.writestr(*entry)
    return path


MANIFEST_12 = (Path(__file__).parent / "golden" / "fixture-course-scorm12.xml").read_text()


def symlink_entry() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("index.html")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


HOSTILE = {
    "escapes with ..": ([("imsmanifest.xml", MANIFEST_12), ("../../evil.sh", "rm -rf /")], "ZIP_PATH_ESCAPES"),
    "absolute path": ([("imsmanifest.xml", MANIFEST_12), ("/etc/cron.d/evil", "x")], "ZIP_ABSOLUTE_PATH"),
    "drive letter": ([("imsmanifest.xml", MANIFEST_12), ("C:\\Windows\\evil.dll", "x")], "ZIP_ABSOLUTE_PATH"),
    "symlink": ([("imsmanifest.xml", MANIFEST_12), symlink_entry()], "ZIP_SYMLINK"),
    "case clash": ([("imsmanifest.xml", MANIFEST_12), ("index.html", "a"), ("INDEX.html", "b")], "ZIP_CASE_CLASH"),
    "compression bomb": ([("imsmanifest.xml", MANIFEST_12), ("index.html", b"\0" * (30 << 20))], "ZIP_BOMB_RATIO"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_zips_are_reported_and_nothing_is_extracted(case, tmp_path, monkeypatch):
    entries, code = HOSTILE[case]
    path = hostile(tmp_path, entries)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run(path, "--json")
    assert result.exit_code == 1, result.output
    assert ("error", code) in findings(result)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "nothing written anywhere"
    assert not Path("/etc/cron.d/evil").exists()


def test_duplicate_entries(tmp_path):
    path = tmp_path / "dup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST_12)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            archive.writestr("index.html", "one")
            archive.writestr("index.html", "two")
    assert ("error", "ZIP_DUPLICATE") in findings(run(path, "--json"))


def test_names_not_marked_utf8(tmp_path):
    path = tmp_path / "names.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST_12)
        archive.writestr("media/caf\u00e9.png", "x")
    data = buffer.getvalue()
    # clear the UTF-8 flag (bit 11) of every header: the names are then read as cp437
    data = data.replace(b"\x14\x00\x00\x08", b"\x14\x00\x00\x00")
    path.write_bytes(data)
    assert ("warning", "ZIP_NAME_NOT_UTF8") in findings(run(path, "--json"))


OTHER_TOOLS = {
    "prefixed core elements": (
        MANIFEST_12.replace('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
                            'xmlns:imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2"')
        .replace("<manifest ", "<imscp:manifest ").replace("</manifest>", "</imscp:manifest>")
        .replace("<metadata>", "<imscp:metadata>").replace("</metadata>", "</imscp:metadata>")
        .replace("<schema>", "<imscp:schema>").replace("</schema>", "</imscp:schema>")
        .replace("<schemaversion>", "<imscp:schemaversion>").replace("</schemaversion>", "</imscp:schemaversion>")
        .replace("<organizations ", "<imscp:organizations ").replace("</organizations>", "</imscp:organizations>")
        .replace("<organization ", "<imscp:organization ").replace("</organization>", "</imscp:organization>")
        .replace("<title>", "<imscp:title>").replace("</title>", "</imscp:title>")
        .replace("<item ", "<imscp:item ").replace("</item>", "</imscp:item>")
        .replace("<resources>", "<imscp:resources>").replace("</resources>", "</imscp:resources>")
        .replace("<resource ", "<imscp:resource ").replace("</resource>", "</imscp:resource>")
        .replace("<file ", "<imscp:file "),
        None, "MOODLE_PREFIXED_CORE"),
    "@ in identifiers": (MANIFEST_12.replace('"fixture-course-sco"', '"sco@1"'), "IDENTIFIER_SYNTAX", None),
    "other prefix for adlcp": (MANIFEST_12.replace("xmlns:adlcp=", "xmlns:adl=").replace("adlcp:", "adl:"),
                               None, "MOODLE_PREFIX"),
}


@pytest.mark.parametrize("case", list(OTHER_TOOLS), ids=list(OTHER_TOOLS))
def test_manifests_in_the_styles_of_other_tools(case, packages, tmp_path):
    manifest, standard_error, moodle_error = OTHER_TOOLS[case]
    path = rezip(packages["scorm12"], tmp_path / "other.zip", change=lambda m: manifest)
    plain = run(path, "--json")
    with_moodle = run(path, "--lms", "moodle", "--json")
    if standard_error:
        assert ("error", standard_error) in findings(plain)
    else:
        assert plain.exit_code == 0, plain.output
    if moodle_error:
        assert with_moodle.exit_code == 1
        assert ("error", moodle_error) in findings(with_moodle)


def test_second_edition_cam_1_3(packages, tmp_path):
    path = rezip(packages["scorm2004-3rd"], tmp_path / "cam.zip",
                 change=lambda m: m.replace("2004 3rd Edition", "CAM 1.3"))
    result = run(path, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["standard"] == "SCORM 2004 2nd Edition"
    assert ("info", "SCORM_2ND_EDITION") in findings(result)
    moodle = run(path, "--lms", "moodle", "--json")
    assert ("error", "MOODLE_SCHEMAVERSION") in findings(moodle)


@pytest.mark.parametrize("content,name", [(b"not a zip at all", "random.zip"), (None, "missing.zip")])
def test_unreadable_packages_exit_2(content, name, tmp_path):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "1 error, 0 warnings: UNREADABLE"


def test_a_zip_without_manifest_or_with_it_in_a_folder(packages, tmp_path):
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(packages["scorm12"]) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr("course/" + info.filename, zin.read(info))
    result = run(path)
    assert result.exit_code == 1
    assert "the manifest is at 'course/imsmanifest.xml', not at the package's root." in result.output
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("index.html", "x")
    assert "NO_MANIFEST" in run(empty, "--json").output


def test_text_report_reads_well(packages, tmp_path):
    bad = rezip(packages["scorm12"], tmp_path / "bad.zip", drop=["assets/course.css"])
    result = run(bad)
    lines = result.output.splitlines()
    assert lines[0] == f"package:  {bad}"
    assert lines[1] == "standard: SCORM 1.2 (imsmanifest.xml)"
    assert lines[2].startswith("error   imsmanifest.xml:")
    assert lines[2].endswith("'assets/course.css' is named by the manifest but is not in the package.")
    assert lines[3] == "        fix: Add the file, or correct the path (names are case-sensitive)."
    assert lines[-1] == "1 error, 0 warnings: INVALID"


def test_the_lms_choices_of_the_command_are_the_profiles():
    from scormgen.validate import PROFILES
    option = next(p for p in cli.commands["validate"].params if p.name == "lms")
    assert sorted(option.type.choices) == sorted(PROFILES)

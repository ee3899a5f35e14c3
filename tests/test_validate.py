"""`scormgen validate` on good and bad packages: ours in every target, broken variants,
hostile zips, and manifests written by hand in the styles of other tools."""
from __future__ import annotations

import io
import json
import re
import stat
import struct
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
    assert "'index.html' is named by the manifest but is not in the package (a rule beyond the schemas" \
        in result.output


BROKEN = {
    "listed file missing": (dict(drop=["assets/course.css"]), "LISTED_FILE_MISSING"),
    "launch file missing": (dict(drop=["index.html"]), "LAUNCH_FILE_MISSING"),
    "item points nowhere": (dict(change=lambda m: m.replace('identifierref="fixture-course-sco"',
                                                            'identifierref="nowhere"')), "ITEM_REFERENCE"),
    "not well-formed": (dict(change=lambda m: m.replace("</manifest>", "")), "XML_NOT_WELL_FORMED"),
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


ALLOWED_BY_THE_SCHEMAS = {
    "no scormtype": (lambda m: m.replace(' adlcp:scormtype="sco"', ""), "SCORMTYPE_MISSING"),
    "no schemaversion": (lambda m: m.replace("<schemaversion>1.2</schemaversion>", ""), "SCHEMAVERSION_MISSING"),
    "no organization": (lambda m: re.sub(r"<organization .*</organization>", "", m, flags=re.S), "NO_ORGANIZATION"),
}


@pytest.mark.parametrize("case", list(ALLOWED_BY_THE_SCHEMAS), ids=list(ALLOWED_BY_THE_SCHEMAS))
def test_what_the_schemas_allow_but_an_lms_mishandles_is_a_warning(case, packages, tmp_path):
    change, code = ALLOWED_BY_THE_SCHEMAS[case]
    bad = rezip(packages["scorm12"], tmp_path / "bad.zip", change=lambda m: change(m.replace(
        ' default="fixture-course-org"', "")))
    result = run(bad, "--json")
    assert result.exit_code == 0, result.output
    assert ("warning", code) in findings(result)
    finding = next(f for f in json.loads(result.output)["findings"] if f["code"] == code)
    assert "Moodle" in finding["message"] and "schemas allow" in finding["message"]
    assert json.loads(result.output)["schemas"] == "official schemas: SCORM 1.2: valid"


def test_the_shipped_schemas_are_checked_by_default(packages, tmp_path):
    result = run(packages["scorm2004-4th"])
    assert "official schemas: SCORM 2004 4th Edition: valid" in result.output
    assert "official schemas" not in run(packages["scorm2004-4th"], "--no-schemas").output
    bad = rezip(packages["scorm2004-4th"], tmp_path / "bad.zip",
                change=lambda m: m.replace("<organizations ", "<organizations unexpected=\"1\" "))
    result = run(bad, "--json")
    assert result.exit_code == 1 and ("error", "XSD") in findings(result)
    assert run(bad, "--no-schemas").exit_code == 0


def test_a_schemas_folder_without_schemas_is_a_usage_error(packages, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(packages["scorm12"], "--schemas", tmp_path / "empty")
    assert result.exit_code == 2
    assert "holds no official schemas" in result.output


@pytest.mark.schemas
@pytest.mark.usefixtures("xsd_validator")  # skips when the schemas are missing
def test_xsd_errors_need_the_schemas(packages, tmp_path):
    bad = rezip(packages["scorm2004-4th"], tmp_path / "bad.zip",
                change=lambda m: m.replace("<organizations ", "<organizations unexpected=\"1\" "))
    assert run(bad, "--no-schemas").exit_code == 0, "the attribute breaks no rule scormgen knows without the schemas"
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
    assert lines[2] == "official schemas: SCORM 1.2: valid"
    assert lines[3].startswith("error   imsmanifest.xml:")
    assert lines[3].endswith("'assets/course.css' is named by the manifest but is not in the package (a rule "
                             "beyond the schemas: the LMS cannot serve it).")
    assert lines[4] == "        fix: Add the file, or correct the path (names are case-sensitive)."
    assert lines[-1] == "1 error, 0 warnings: INVALID"


def test_the_lms_choices_of_the_command_are_the_profiles():
    from scormgen.validate import PROFILES
    option = next(p for p in cli.commands["validate"].params if p.name == "lms")
    assert sorted(option.type.choices) == sorted(PROFILES)


# -- hostile input: every check near-linear, every read bounded, the terminal safe -------

def copy_with_entries(source: Path, dest: Path, names) -> Path:
    """A copy of a package with many extra empty entries, stored, written in one pass."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        for name in names:
            zout.writestr(name, b"")
    return dest


def test_validate_of_100000_entries_is_fast(packages, tmp_path):
    # The case-clash check compared each name with every name before it: 100,000 entries
    # took minutes. One clash hides among the names: it must still be found, once.
    names = [f"media/file{i:06d}.txt" for i in range(100_000)] + ["MEDIA/file099999.TXT"]
    path = copy_with_entries(packages["scorm12"], tmp_path / "many.zip", names)
    result = run(path, "--json")
    assert result.exit_code == 1, result.output
    assert findings(result) == [("error", "ZIP_CASE_CLASH")]
    assert "'MEDIA/file099999.TXT' and 'media/file099999.txt'" in result.output


def test_validate_refuses_more_entries_than_its_limit_before_reading_them(packages, tmp_path, monkeypatch):
    from scormgen.validate import archive
    monkeypatch.setattr(archive, "MAX_ENTRIES", 1000)
    path = copy_with_entries(packages["scorm12"], tmp_path / "many.zip", [f"f{i}" for i in range(1000)])
    # the end record may lie about the count: the directory's own headers are counted
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = b"\x05\x00\x05\x00"
    path.write_bytes(bytes(data))

    def no_zipfile(*args, **kwargs):
        raise AssertionError("zipfile read the directory anyway")
    monkeypatch.setattr(archive.zipfile, "ZipFile", no_zipfile)
    result = run(path, "--json")
    assert result.exit_code == 1, result.output
    assert findings(result) == [("error", "PACKAGE_TOO_MANY_ENTRIES")]
    assert "more than 1,000 files" in result.output


def test_validate_refuses_a_folder_of_more_files_than_its_limit(tmp_path, monkeypatch):
    from scormgen.validate import archive
    monkeypatch.setattr(archive, "MAX_ENTRIES", 10)
    (tmp_path / "unpacked").mkdir()
    (tmp_path / "unpacked" / "imsmanifest.xml").write_text(MANIFEST_12)
    for i in range(11):
        (tmp_path / "unpacked" / f"f{i}.txt").write_text("x")
    assert findings(run(tmp_path / "unpacked", "--json")) == [("error", "PACKAGE_TOO_MANY_ENTRIES")]


def understating_zip(path: Path, manifest: bytes, declared: int) -> Path:
    """A zip whose headers (local and central) say the deflated manifest has `declared` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        archive.writestr("index.html", "<!doctype html>")
    data = bytearray(path.read_bytes())
    assert data[:4] == b"PK\x03\x04"
    struct.pack_into("<L", data, 22, declared)                    # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 24, declared)          # central header: uncompressed size
    path.write_bytes(bytes(data))
    return path


def test_validate_of_a_manifest_whose_headers_understate_its_size(tmp_path):
    # 30 MB of comment deflate to 30 KB; the headers claim 1,000 bytes. Reading stops at
    # the limit on the bytes actually inflated, and says so: no internal error, and never
    # the whole 30 MB (nor more) in memory.
    manifest = MANIFEST_12.replace("<metadata>", "<!--" + "x" * (30 << 20) + "--><metadata>").encode()
    path = understating_zip(tmp_path / "liar.zip", manifest, 1000)
    result = run(path, "--json")
    assert result.exit_code == 1, result.output
    assert findings(result) == [("error", "MANIFEST_TOO_LARGE")]
    assert "the manifest is over 16,777,216 bytes." in result.output


def test_validate_reads_a_manifest_under_the_limit_whatever_its_headers_say(tmp_path):
    path = understating_zip(tmp_path / "liar.zip", MANIFEST_12.encode(), 100)
    result = run(path, "--json")
    assert ("error", "ZIP_SIZE_MISMATCH") in findings(result)
    assert ("error", "XML_NOT_WELL_FORMED") not in findings(result)  # read whole, not cut at 100 bytes


def test_validate_of_a_manifest_over_the_limit_in_a_zip_or_a_folder(tmp_path):
    big = MANIFEST_12.replace("<metadata>", "<!--" + "x" * (17 << 20) + "--><metadata>")
    path = hostile(tmp_path, [("imsmanifest.xml", big)])
    assert ("error", "MANIFEST_TOO_LARGE") in findings(run(path, "--json"))  # as well as ZIP_BOMB_RATIO
    (tmp_path / "unpacked").mkdir()
    (tmp_path / "unpacked" / "imsmanifest.xml").write_text(big)
    assert findings(run(tmp_path / "unpacked", "--json")) == [("error", "MANIFEST_TOO_LARGE")]


def test_validate_does_not_inflate_a_bzip2_manifest(tmp_path):
    # zipfile inflates bzip2 without any output limit: a few KB could fill the memory
    path = tmp_path / "bzip2.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("imsmanifest.xml", MANIFEST_12)
    result = run(path, "--json")
    assert result.exit_code == 1
    assert findings(result) == [("error", "MANIFEST_COMPRESSION")]


@pytest.mark.parametrize("manifest", [
    "<a>" * 100_000 + "</a>" * 100_000,
    '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]><m>&j;</m>",
], ids=["deep nesting", "billion laughs"])
def test_validate_of_hostile_xml_is_a_finding(manifest, tmp_path):
    result = run(hostile(tmp_path, [("imsmanifest.xml", manifest)]), "--json")
    assert findings(result) == [("error", "XML_NOT_WELL_FORMED")]


def test_validate_text_report_shows_escape_sequences_escaped(tmp_path):
    evil = "../\x1b]0;owned\x07\x1b[2J\u202egnp.exe"
    path = hostile(tmp_path, [("imsmanifest.xml", MANIFEST_12), (evil, "x")])
    text = run(path).output
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "'../\\x1b]0;owned\\x07\\x1b[2J\\u202egnp.exe' points outside" in text
    data = json.loads(run(path, "--json").output)
    assert any(f["file"] == evil and evil in f["message"] for f in data["findings"])  # JSON stays exact

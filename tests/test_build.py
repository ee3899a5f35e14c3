"""Building packages: names, contents, schema validity, reproducibility, atomic writes."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ROOT, package_html, write_course
from scormgen import package
from scormgen.build import build
from scormgen.cli import cli
from scormgen.errors import OutputError
from scormgen.package import Entry, write_zip, zip_timestamp
from scormgen.paths import blocked_by_moodle
from scormgen.standards.packaging import CONTROL_DOCUMENTS, STANDARDS

TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th"]
ALL_TARGETS = TARGETS + ["cmi5", "xapi"]
REAL_COURSE = ROOT / "course_source"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_hrefs(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [el.get("href") for el in root.iter() if etree.QName(el).localname == "file"]


@pytest.fixture(scope="module")
def real_packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    built = build(REAL_COURSE, out)
    return {p.target.name: p.path for p in built}


def test_real_module_builds_every_target(real_packages):
    assert sorted(real_packages) == sorted(ALL_TARGETS)
    for target, path in real_packages.items():
        assert path.name == f"working-alliance-1.0.0-{target}.zip"


MANIFESTS = {"scorm12": ("imsmanifest.xml", "scorm12"), "scorm2004-3rd": ("imsmanifest.xml", "scorm2004-3rd"),
             "scorm2004-4th": ("imsmanifest.xml", "scorm2004-4th"), "cmi5": ("cmi5.xml", "cmi5"),
             "xapi": ("tincan.xml", "tincan")}


@pytest.mark.schemas
@pytest.mark.parametrize("target", ALL_TARGETS)
def test_manifest_validates_against_the_official_schemas(target, real_packages, tmp_path, xsd_validator):
    name, schema_set = MANIFESTS[target]
    with zipfile.ZipFile(real_packages[target]) as archive:
        assert name in archive.namelist(), "the manifest is at the zip's root"
        archive.extract(name, tmp_path)
    status, output = xsd_validator(tmp_path / name, schema_set)
    assert status == 0, output
    assert "result: VALID" in output


@pytest.mark.parametrize("target", TARGETS)
def test_every_file_listed_and_every_listed_file_present(target, real_packages):  # SCORM lists files
    with zipfile.ZipFile(real_packages[target]) as archive:
        names = archive.namelist()
        listed = manifest_hrefs(archive.read("imsmanifest.xml"))
    controls = set(CONTROL_DOCUMENTS[STANDARDS[target].schema_set or ""])
    assert "imsmanifest.xml" in names
    assert controls <= set(names), "the package carries its control documents"
    # the control documents serve the manifest: the SCO's resource lists every other file
    assert sorted(listed) == sorted(n for n in names if n != "imsmanifest.xml" and n not in controls)
    assert len(set(names)) == len(names)
    assert "media/alliance-components.svg" in names
    # nothing a Moodle behind its recommended web-server rules would refuse to serve
    assert [n for n in names if blocked_by_moodle(n)] == []


@pytest.mark.parametrize("target,schemaversion,scormtype", [
    ("scorm12", "1.2", "{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype"),
    ("scorm2004-3rd", "2004 3rd Edition", "{http://www.adlnet.org/xsd/adlcp_v1p3}scormType"),
    ("scorm2004-4th", "2004 4th Edition", "{http://www.adlnet.org/xsd/adlcp_v1p3}scormType"),
])
def test_manifest_keeps_to_what_moodle_reads(target, schemaversion, scormtype, real_packages):
    with zipfile.ZipFile(real_packages[target]) as archive:
        data = archive.read("imsmanifest.xml")
    root = etree.fromstring(data)
    # core IMS CP elements unprefixed; extension prefixes exactly as Moodle matches them
    assert root.prefix is None
    allowed = {None: None, "adlcp": None, "adlseq": None, "adlnav": None, "imsss": None,
               "imsmd": None, "lom": None, "xsi": None}
    assert set(root.nsmap) <= set(allowed)
    assert root.findtext(f"{{{root.nsmap[None]}}}metadata/{{{root.nsmap[None]}}}schemaversion") == schemaversion
    resources = [el for el in root.iter() if etree.QName(el).localname == "resource"]
    assert len(resources) == 1, "the whole module is one SCO"
    assert resources[0].get(scormtype) == "sco"
    assert resources[0].get("href") == "index.html"
    items = [el for el in root.iter() if etree.QName(el).localname == "item"]
    assert [i.get("identifier") for i in items] == ["working-alliance-item"]
    assert b'xmlns:adlcp="' in data and b"<manifest " in data


XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


@pytest.mark.parametrize("target", TARGETS)
def test_schema_location_names_a_carried_schema_for_every_namespace(target, real_packages):
    with zipfile.ZipFile(real_packages[target]) as archive:
        names = set(archive.namelist())
        root = etree.fromstring(archive.read("imsmanifest.xml"))
        pairs = root.get(XSI_SCHEMA_LOCATION, "").split()
        located = dict(zip(pairs[::2], pairs[1::2], strict=True))
        used = {etree.QName(el).namespace for el in root.iter() if isinstance(el.tag, str)}
        used |= {etree.QName(a).namespace for el in root.iter() for a in el.attrib}
        used -= {None, "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/XML/1998/namespace"}
        assert used <= set(located), sorted(used - set(located))
        assert set(located.values()) <= names
        # byte for byte as shipped with scormgen (itself checked against SOURCES.tsv)
        folder = ROOT / "scormgen" / "xsd" / STANDARDS[target].schema_set
        for name in CONTROL_DOCUMENTS[STANDARDS[target].schema_set]:
            assert archive.read(name) == (folder / name).read_bytes(), name


@pytest.mark.parametrize("target", ALL_TARGETS)
def test_real_module_packages_stay_under_150_kb(target, real_packages):
    assert real_packages[target].stat().st_size < 150_000


def test_cmi5_and_tincan_name_the_course_and_launch_page(real_packages):
    with zipfile.ZipFile(real_packages["cmi5"]) as archive:
        cmi5 = etree.fromstring(archive.read("cmi5.xml"))
        assert "index.html" in archive.namelist()
    ns = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}
    assert cmi5.find("c:course", ns).get("id") == "urn:scormgen:working-alliance"
    au = cmi5.find("c:au", ns)
    assert au.get("id") == "urn:scormgen:working-alliance/au"
    assert au.get("moveOn") == "Completed"
    assert au.findtext("c:url", namespaces=ns) == "index.html"
    assert len(au.findall("c:objectives/c:objective", ns)) == 4
    with zipfile.ZipFile(real_packages["xapi"]) as archive:
        tincan = etree.fromstring(archive.read("tincan.xml"))
    t = {"t": "http://projecttincan.com/tincan.xsd"}
    [activity] = tincan.findall("t:activities/t:activity", t)
    assert activity.get("id") == "urn:scormgen:working-alliance"
    assert activity.findtext("t:launch", namespaces=t) == "index.html"


def test_no_credentials_in_a_package_unless_explicitly_embedded(tmp_path, course_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(course_dir), "-t", "scorm12", "--out", "plain",
                                      "--lrs-endpoint", "https://lrs.example/xapi/"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next((tmp_path / "plain").glob("*.zip"))) as archive:
        html = archive.read("index.html").decode()
    assert '"endpoint":"https://lrs.example/xapi/"' in html
    assert '"auth":null' in html
    secret = "Basic c2VjcmV0OnNlY3JldA=="
    result = CliRunner().invoke(cli, ["build", str(course_dir), "-t", "scorm12", "--out", "unsafe",
                                      "--lrs-endpoint", "https://lrs.example/xapi/",
                                      "--embed-lrs-auth", secret])
    assert result.exit_code == 0
    assert "WARNING: --embed-lrs-auth writes LRS credentials into every package." in result.output
    with zipfile.ZipFile(next((tmp_path / "unsafe").glob("*.zip"))) as archive:
        assert secret in archive.read("index.html").decode()


def test_2004_manifest_declares_the_learning_objectives(real_packages):
    with zipfile.ZipFile(real_packages["scorm2004-4th"]) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    ids = [el.get("objectiveID") for el in root.iter("{http://www.imsglobal.org/xsd/imsss}objective")]
    assert ids == ["obj-integrative-medicine", "obj-working-alliance", "obj-alliance-in-follow-up",
                   "obj-foster-and-measure"]


def test_media_stored_text_deflated(tmp_path, course_dir):
    built = build(course_dir, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(built[0].path) as archive:
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
        perms = {info.external_attr >> 16 for info in archive.infolist()}
        times = {info.date_time for info in archive.infolist()}
    assert kinds["media/square.png"] == zipfile.ZIP_STORED
    assert kinds["index.html"] == zipfile.ZIP_DEFLATED
    assert kinds["imsmanifest.xml"] == zipfile.ZIP_DEFLATED
    assert perms == {0o100644}
    assert times == {(1980, 1, 1, 0, 0, 0)}


def _scramble_times(root: Path, seed: int) -> None:
    for index, path in enumerate(sorted(root.rglob("*"))):
        stamp = 1_000_000_000 + seed * 86_400 + index * 7_777
        os.utime(path, (stamp, stamp))


def test_two_copies_with_different_file_times_build_identical_zips(tmp_path):
    first = tmp_path / "a" / "course"
    second = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(REAL_COURSE, first)
    # the second copy is written file by file in reverse order, so that directories list
    # their entries differently
    for path in sorted(REAL_COURSE.rglob("*"), reverse=True):
        if path.is_file():
            dest = second / path.relative_to(REAL_COURSE)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    _scramble_times(first, 1)
    _scramble_times(second, 999)
    one = {p.target.name: p.sha256 for p in build(first, tmp_path / "out1")}
    two = {p.target.name: p.sha256 for p in build(second, tmp_path / "out2")}
    assert one == two
    for target in ALL_TARGETS:
        name = f"working-alliance-1.0.0-{target}.zip"
        assert sha256(tmp_path / "out1" / name) == sha256(tmp_path / "out2" / name)


def test_source_date_epoch_sets_every_entry_time(tmp_path, course_dir, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1474329600")  # 2016-09-20 00:00:00 UTC
    built = build(course_dir, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(built[0].path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2016, 9, 20, 0, 0, 0)}


def test_source_date_epoch_must_be_a_number():
    with pytest.raises(OutputError, match="SOURCE_DATE_EPOCH is 'yesterday', not a number"):
        zip_timestamp({"SOURCE_DATE_EPOCH": "yesterday"})


def test_a_failed_write_leaves_no_partial_zip(tmp_path, monkeypatch):
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(3 << 20))
    target = tmp_path / "out" / "pkg.zip"
    target.parent.mkdir()
    real_copy = shutil.copyfileobj

    def failing_copy(fsrc, fdst, length=0):
        fdst.write(fsrc.read(1 << 20))
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C in the middle of a file

    monkeypatch.setattr(package.shutil, "copyfileobj", failing_copy)
    with pytest.raises(KeyboardInterrupt):
        write_zip(target, [Entry("a.txt", data=b"hello"), Entry("big.bin", source=src)])
    assert list(target.parent.iterdir()) == []
    monkeypatch.setattr(package.shutil, "copyfileobj", real_copy)
    write_zip(target, [Entry("a.txt", data=b"hello"), Entry("big.bin", source=src)])
    assert [p.name for p in target.parent.iterdir()] == ["pkg.zip"]
    with zipfile.ZipFile(target) as archive:
        assert archive.read("big.bin") == src.read_bytes()


def test_build_with_no_argument_builds_course_source_into_dist(tmp_path, monkeypatch):
    write_course(tmp_path / "course_source")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.zip")) == [
        f"fixture-course-1.0-{t}.zip" for t in sorted(ALL_TARGETS)]
    for target in ALL_TARGETS:
        assert f"fixture-course-1.0-{target}.zip" in result.output


def test_target_option_repeats_and_out_option(tmp_path, course_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(course_dir), "-t", "scorm12", "--target",
                                      "scorm2004-4th", "--out", "packages"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "packages").iterdir()) == [
        "fixture-course-1.0-lms-setup.txt", "fixture-course-1.0-scorm12.zip",
        "fixture-course-1.0-scorm2004-4th.zip"]


def test_course_templates_override_the_builtin_ones(tmp_path):
    course = write_course(tmp_path / "course", {
        "templates/reflection.html": '<aside class="custom" data-sg-reflection="{{ reflection.id }}">'
                                     "{{ reflection.prompt_html | safe }}</aside>\n"})
    built = build(course, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(built[0].path) as archive:
        html = package_html(archive)
    assert '<aside class="custom" data-sg-reflection="r-one"><p>What do you think?</p>\n</aside>' in html


def test_help_describes_every_option():
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for word in ("build", "--debug", "--version"):
        assert word in top.output
    sub = runner.invoke(cli, ["build", "--help"])
    assert sub.exit_code == 0
    for word in ("--target", "--out", "COURSE", "scorm12", "scorm2004-3rd", "scorm2004-4th", "dist"):
        assert word in sub.output


def test_console_script_runs(tmp_path, course_dir):
    """The installed `scormgen` entry point (as a user runs it), not only the click object."""
    proc = subprocess.run([sys.executable, "-m", "scormgen", "build", str(course_dir), "--out",
                           str(tmp_path / "out"), "-t", "scorm12"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "scormgen", "build", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "there is no such folder" in proc.stderr


def test_page_entry_with_its_own_file(tmp_path):
    course = write_course(tmp_path / "course", {
        "course.yml": __import__("conftest").COURSE_YML.replace(
            "  - second\n", "  - id: second\n    file: chapters/two.md\n"),
        "pages/second.md": None,
        "chapters/two.md": "# Chapter two\n\n[Back to the start](../pages/intro.md)\n",
    })
    built = build(course, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(built[0].path) as archive:
        html = package_html(archive)
    assert '<h1 id="sg-title-second" class="sg-page-title" tabindex="-1">Chapter two</h1>' in html
    assert '<a href="#intro" data-sg-goto="intro">Back to the start</a>' in html


def test_raw_html_in_a_page_is_shown_as_text(tmp_path):
    course = write_course(tmp_path / "course", {"pages/second.md": "# Second\n\n<script>alert(1)</script>\n\n"
                                                                   "Some <b>bold</b> text.\n"})
    [package] = build(course, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(package.path) as archive:
        html = package_html(archive)
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "Some &lt;b&gt;bold&lt;/b&gt; text." in html
    assert "<script>alert(1)" not in html

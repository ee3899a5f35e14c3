"""Manifests of the fixture course, compared byte for byte with reviewed golden files.

When a change to the manifests is intended, regenerate them with
    SCORMGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_manifest_golden.py
and review the diff (each golden file is also checked against the official schemas).
"""
from __future__ import annotations

import zipfile

import pytest

from conftest import assert_golden
from scormgen.build import build

TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th"]

pytestmark = pytest.mark.schemas


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_matches_golden_file(target, course_dir, tmp_path, xsd_validator):
    built = build(course_dir, tmp_path / "out", [target])
    with zipfile.ZipFile(built[0].path) as archive:
        manifest = archive.read("imsmanifest.xml")
    assert_golden(manifest, f"fixture-course-{target}.xml", target, xsd_validator)

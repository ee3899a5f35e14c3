"""`scormgen validate`: check any package (ours or another tool's) before uploading it.

Order: read the package safely (archive.py), find and parse its manifest, detect the
standard and edition, check the standard's rules (manifests.py), then, on request, the
official schemas (schemas.py) and what a named LMS rejects (profiles.py).
"""
from __future__ import annotations

from pathlib import Path

from .archive import Unreadable, open_package
from .findings import ERROR, Report
from .manifests import SCHEMA_SETS, check_cmi5, check_scorm, check_tincan, detect, parse_manifest
from .profiles import PROFILES
from .schemas import validate_xsd


def validate_package(path: Path, schemas: Path | None = None, lms: str | None = None) -> Report:
    report = Report(package=str(path))
    try:
        source = open_package(Path(path), report)
        root = parse_manifest(source, report)
        if root is not None:
            standard = detect(root, report)
            report.standard = standard
            if standard == "cmi5":
                check_cmi5(root, source, report)
            elif standard == "xAPI (Tin Can)":
                check_tincan(root, source, report)
            elif standard is not None:
                check_scorm(root, standard, source, report)
            if schemas is not None and standard in SCHEMA_SETS:
                validate_xsd(root, SCHEMA_SETS[standard], schemas, report)
        if lms is not None:
            PROFILES[lms](root, source, report)
    except Unreadable as exc:
        report.unreadable = True
        report.add(ERROR, "UNREADABLE", str(exc), "Give the path of a package: a .zip file or an unpacked folder.")
    return report


__all__ = ["validate_package", "Report", "PROFILES"]

"""`scormgen validate`: check any package (ours or another tool's) before uploading it.

Order: read the package safely (archive.py), find and parse its manifest, detect the
standard and edition, check the standard's rules (manifests.py), then the official
schemas (schemas.py: those scormgen ships unless others are given, skipped with
``use_schemas=False``) and, on request, what a named LMS rejects (profiles.py).
"""
from __future__ import annotations

from pathlib import Path

from ..manifest.control import SCHEMAS_DIR
from ..standards.packaging import CMI5_STANDARD, XAPI
from .archive import PackageSource, Refused, Unreadable, open_package
from .findings import ERROR, Findings
from .manifests import check_cmi5, check_scorm, check_tincan, detect, parse_manifest
from .profiles import PROFILES
from .schemas import schema_sets, validate_xsd


def validate_package(path: Path, schemas: Path | None = None, lms: str | None = None,
                     use_schemas: bool = True) -> Findings:
    """Every finding about the package at ``path``; ``schemas`` is a folder of official
    schemas (default: the copies scormgen ships), ignored when ``use_schemas`` is False."""
    if use_schemas and schemas is None:
        schemas = SCHEMAS_DIR
    elif not use_schemas:
        schemas = None
    findings = Findings(package=str(path))
    try:
        source = open_package(Path(path), findings)
    except Unreadable as exc:
        findings.unreadable = True
        findings.add(ERROR, "UNREADABLE", str(exc), "Give the path of a package: a .zip file or an unpacked folder.")
        return findings
    except Refused as exc:  # past a limit: nothing more is read
        findings.add(ERROR, exc.code, exc.message, exc.fix)
        return findings
    try:
        _check(source, findings, schemas, lms)
    except Unreadable as exc:
        findings.unreadable = True
        findings.add(ERROR, "UNREADABLE", str(exc), "Re-create the zip with an ordinary zip tool.")
    return findings


def _check(source: PackageSource, findings: Findings, schemas: Path | None, lms: str | None) -> None:
    root = parse_manifest(source, findings)
    if root is not None:
        standard = detect(root, findings)
        findings.standard = standard
        if standard is CMI5_STANDARD:
            check_cmi5(root, source, findings)
        elif standard is XAPI:
            check_tincan(root, source, findings)
        elif standard is not None:
            check_scorm(root, standard, source, findings)
        if schemas is not None and standard is not None and standard.schema_set is not None:
            validate_xsd(root, standard.schema_set, schemas, findings)
    if lms is not None:
        PROFILES[lms](root, source, findings)


__all__ = ["validate_package", "schema_sets", "Findings", "PROFILES"]

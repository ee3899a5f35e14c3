"""The official schemas shipped as package data: exact copies of the published files,
each with its origin in SOURCES.tsv, and complete (every file they include, import or
name as a DTD is shipped too)."""
from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from conftest import SHARED_XSD
from scormgen.manifest.control import SCHEMAS_DIR, control_documents
from scormgen.standards.packaging import CONTROL_DOCUMENTS, SCHEMA_LOCATIONS

# schemaLocation="..." of an include or import, and the system id of a DOCTYPE or entity
REFERENCE = re.compile(rb'schemaLocation\s*=\s*"([^"]+)"|<!(?:DOCTYPE|ENTITY)[^>]*[\'"]([^\'"]+\.dtd)[\'"]\s*>')
COMMENT = re.compile(rb"<!--.*?-->", re.S)



def sources() -> dict[str, str]:
    """sha256 of every published file, by its path in the collection (set/file)."""
    with open(SCHEMAS_DIR / "SOURCES.tsv", encoding="utf-8", newline="") as handle:
        return {f"{row['set']}/{row['file']}": row["sha256"] for row in csv.DictReader(handle, delimiter="\t")}


def shipped() -> list[Path]:
    return sorted(p for p in SCHEMAS_DIR.rglob("*") if p.is_file() and p.name != "SOURCES.tsv")


def test_every_shipped_schema_matches_its_published_sha256():
    known = sources()
    files = shipped()
    assert files, "no schemas in the package data"
    for path in files:
        key = path.relative_to(SCHEMAS_DIR).as_posix()
        assert key in known, f"{key} has no row in SOURCES.tsv: only published files may be shipped"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == known[key], f"{key} is not the published file"


def test_exactly_the_control_documents_are_shipped():
    expected = {f"{schema_set}/{name}" for schema_set, names in CONTROL_DOCUMENTS.items() for name in names}
    assert {p.relative_to(SCHEMAS_DIR).as_posix() for p in shipped()} == expected


@pytest.mark.parametrize("schema_set", sorted(CONTROL_DOCUMENTS))
def test_control_documents_are_complete(schema_set):
    """Every local file a shipped schema refers to is shipped, so that the package
    validates offline; remote locations (the W3C's xml.xsd) are left to catalogs."""
    names = set(CONTROL_DOCUMENTS[schema_set])
    assert set(SCHEMA_LOCATIONS[schema_set].values()) <= names
    for name, data in control_documents(schema_set):
        folder = Path(name).parent
        for match in REFERENCE.finditer(COMMENT.sub(b"", data)):
            reference = (match.group(1) or match.group(2)).decode()
            if "://" in reference:
                continue
            assert (folder / reference).as_posix() in names, f"{name} needs {reference}"


@pytest.mark.schemas
def test_provenance_file_is_the_collections():
    if not (SHARED_XSD / "SOURCES.tsv").is_file():
        pytest.skip("../shared/xsd is not beside the repository")
    assert (SCHEMAS_DIR / "SOURCES.tsv").read_bytes() == (SHARED_XSD / "SOURCES.tsv").read_bytes()

"""The control documents: the official schemas a SCORM manifest names and its package carries.

They ship inside scormgen (``scormgen/xsd/``, laid out like the published collection,
with ``SOURCES.tsv`` giving each file's origin and sha256) exactly as published; the
build copies a set's files to the package's root, where the manifest's
``xsi:schemaLocation`` points, and ``scormgen validate`` reads them by default.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..standards.packaging import CONTROL_DOCUMENTS, SCHEMA_LOCATIONS, XML_NS, ContentPackaging

# The package data folder; a wheel carries it beside the modules.
SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "xsd"

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def schema_location(cp: ContentPackaging) -> str:
    """xsi:schemaLocation for an edition's manifest: each namespace it declares, then its
    schema's path in the package (the XML namespace is built in and never named)."""
    locations = SCHEMA_LOCATIONS[cp.schema_set]
    namespaces = [cp.cp_namespace, cp.adlcp_namespace, *cp.extra_namespaces.values(), cp.lom_namespace]
    return " ".join(f"{namespace} {locations[namespace]}" for namespace in namespaces if namespace != XML_NS)


@lru_cache(maxsize=4)
def control_documents(schema_set: str) -> tuple[tuple[str, bytes], ...]:
    """(path in the package, bytes) of every control document of a schema set, sorted
    by path; read once per process, since every build of that edition writes them."""
    folder = SCHEMAS_DIR / schema_set
    return tuple((name, (folder / name).read_bytes()) for name in sorted(CONTROL_DOCUMENTS[schema_set]))


__all__ = ["SCHEMAS_DIR", "XSI", "control_documents", "schema_location"]

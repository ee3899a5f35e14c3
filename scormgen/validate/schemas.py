"""Full XSD validation with the official schemas: by default the copies scormgen ships
(scormgen/xsd/), else those of --schemas DIR.

A folder of schemas is laid out like the collection of published schemas: one folder
per set (scorm12/, scorm2004-3rd/, scorm2004-4th/, cmi5/). Each set is read through a
wrapper schema made in memory that imports every namespace a manifest of that kind may
use (``SCHEMA_LOCATIONS``): IMS CP's strict wildcards reject an extension element whose
namespace the validator does not know. Nothing is fetched from the network: every
remote schema location is mapped to the file of the same name in the set's folder.
SCORM 1.2's published schemas are not valid XSD 1.0 as libxml2 reads them; two
corrections are made in memory (the files are never changed).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree

from ..standards.packaging import SCHEMA_LOCATIONS
from .findings import ERROR, Findings

# (file name, pattern, replacement): a correction made to a schema as it is read.
Fix = tuple[str, re.Pattern[bytes], bytes]

SCORM12_FIXES: list[Fix] = [
    # ims_xml.xsd binds the XML namespace as the default namespace, which is forbidden
    ("ims_xml.xsd", re.compile(rb'\sxmlns\s*=\s*"http://www\.w3\.org/XML/1998/namespace"'), b" "),
    # imsmd_rootv1p2p1.xsd's ##any wildcard makes its content models ambiguous
    ("imsmd_rootv1p2p1.xsd", re.compile(rb'(<xsd:any\s+namespace\s*=\s*")##any(")'), rb"\1##other\2"),
]


class _LocalResolver(etree.Resolver):
    def __init__(self, folder: Path, fixes: list[Fix]):
        super().__init__()
        self.folder = folder
        self.fixes = fixes

    # lxml-stubs declare resolve() without the context argument lxml passes it, and lack
    # resolve_filename(): the two ignores below are for those gaps in the stubs.
    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:  # type: ignore[override]
        parsed = urlparse(url or "")
        path = Path(unquote(parsed.path)) if parsed.scheme in ("", "file") else None
        if path is None or not path.is_file():
            path = self.folder / os.path.basename(unquote(parsed.path))
        if not path.is_file():
            return self.resolve_string("", context, base_url=None)  # never the network
        for name, pattern, replacement in self.fixes:
            if path.name == name:
                return self.resolve_string(pattern.sub(replacement, path.read_bytes()), context,
                                           base_url=str(path))
        return self.resolve_filename(str(path), context)  # type: ignore[attr-defined]


def schema_sets(folder: Path) -> list[str]:
    """The schema sets whose every schema is in ``folder`` (none: not a folder of schemas)."""
    return [name for name, locations in SCHEMA_LOCATIONS.items()
            if all((folder / name / location).is_file() for location in locations.values())]


def _wrapper(schema_set: str) -> bytes:
    """A schema that declares nothing and imports every namespace of ``schema_set``."""
    imports = "".join(f'<xs:import namespace="{namespace}" schemaLocation="{location}"/>'
                      for namespace, location in SCHEMA_LOCATIONS[schema_set].items())
    return f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'.encode()


@lru_cache(maxsize=8)
def load_schema(schemas_dir: str, schema_set: str) -> etree.XMLSchema:
    folder = Path(schemas_dir) / schema_set
    if schema_set not in schema_sets(Path(schemas_dir)):
        raise FileNotFoundError(folder)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalResolver(folder, SCORM12_FIXES if schema_set == "scorm12" else []))
    # the wrapper sits, in thought, in the set's folder: its locations are relative to it
    wrapper = etree.fromstring(_wrapper(schema_set), parser, base_url=str(folder / "wrapper.xsd"))
    return etree.XMLSchema(wrapper)


def validate_xsd(root: etree._Element, schema_set: str, schemas_dir: Path, findings: Findings) -> None:
    findings.schemas = f"official schemas: {findings.standard.title if findings.standard else schema_set}"
    try:
        schema = load_schema(str(schemas_dir), schema_set)
    except (FileNotFoundError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        findings.add(ERROR, "SCHEMAS_UNUSABLE", f"the schemas in {schemas_dir} could not be used for {schema_set} "
                   f"({exc}).", "Point --schemas at a folder laid out like the published schema collection "
                   "(scorm12/, scorm2004-3rd/, scorm2004-4th/, cmi5/).")
        findings.schemas += ": not checked"
        return
    valid = schema.validate(root.getroottree())
    findings.schemas += ": valid" if valid else ": invalid"
    if valid:
        return
    # lxml-stubs declare the error log as an empty class; lxml's can be iterated.
    for error in schema.error_log:  # type: ignore[attr-defined]
        findings.add(ERROR, "XSD", error.message, "Correct the element as the official schema requires.",
                   file=findings.manifest, line=error.line)

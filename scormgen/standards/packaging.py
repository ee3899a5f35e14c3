"""The standards' packages: what each standard and edition is, its manifest, its XML
namespaces and schema version, with the specification's section for each.

``STANDARDS`` holds every standard ``validate`` recognizes; the build's targets are the
ones with ``target=True``. A standard has a short ``name`` (the target's name:
``scorm2004-4th``) and a ``title`` for people ("SCORM 2004 4th Edition").
"""
from __future__ import annotations

from dataclasses import dataclass, field

# -- XML namespaces --------------------------------------------------------------------
# IMS Content Packaging: 1.1.2 for SCORM 1.2 (SCORM 1.2 CAM 2.3.2), 1.1.4 for SCORM 2004
# (SCORM 2004 CAM 3.4.1, whose namespace stays imscp_v1p1).
CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
# ADL content packaging extensions (SCORM 1.2 CAM 2.3.3; SCORM 2004 CAM 3.4.1.1)
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
# SCORM 2004 sequencing and navigation (SN 5.1, 5.2) and IMS Simple Sequencing
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
# Metadata: IMS Meta-data 1.2.1 (SCORM 1.2 CAM 2.2), IEEE LOM 1484.12.3 (SCORM 2004 CAM 4)
IMSMD_12 = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
IEEE_LOM = "http://ltsc.ieee.org/xsd/LOM"
# cmi5 course structure (cmi5 spec 13.1) and the Tin Can launch file (tincan.xsd)
CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN = "http://projecttincan.com/tincan.xsd"

# The XML namespace itself (xml:lang, xml:base): SCORM 2004's IMS CP schema imports it.
XML_NS = "http://www.w3.org/XML/1998/namespace"

# The prefixes every SCORM manifest of ours uses for the extensions. Moodle matches
# them literally (mod/scorm/datamodels/scormlib.php), so they are part of the format.
EXTENSION_PREFIXES = {ADLCP_12: "adlcp", ADLCP_2004: "adlcp", ADLSEQ: "adlseq", ADLNAV: "adlnav", IMSSS: "imsss"}


@dataclass(frozen=True)
class ContentPackaging:
    """What a SCORM edition's imsmanifest.xml is made of."""

    cp_namespace: str
    adlcp_namespace: str
    schemaversion: str                 # what we write in <metadata><schemaversion>
    scorm_type_attribute: str          # adlcp:scormtype (1.2) or adlcp:scormType (2004)
    lom_namespace: str
    extra_namespaces: dict[str, str] = field(default_factory=dict)
    sequencing_objectives: bool = False  # imsss objectives may be declared on an item
    schema_set: str = ""                 # the folder of its control documents (see SCHEMA_LOCATIONS)


@dataclass(frozen=True)
class Standard:
    name: str                  # short name; the build target's name for targets
    title: str                 # for people
    runtime: str               # what the runtime speaks: scorm12, scorm2004, cmi5 or xapi
    manifest: str              # the manifest's file name at the package's root
    schema_set: str | None     # folder of the official schemas (shared/xsd layout), if any
    spec: str                  # where the standard is defined
    packaging: ContentPackaging | None = None
    target: bool = True        # scormgen builds it (else: validate recognizes it only)


_SCORM_2004_NS = {"adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS}


def _scorm2004(schemaversion: str, schema_set: str) -> ContentPackaging:
    return ContentPackaging(cp_namespace=CP_2004, adlcp_namespace=ADLCP_2004, schemaversion=schemaversion,
                            scorm_type_attribute="scormType", lom_namespace=IEEE_LOM,
                            extra_namespaces=_SCORM_2004_NS, sequencing_objectives=True, schema_set=schema_set)


SCORM_12 = Standard(
    "scorm12", "SCORM 1.2", "scorm12", "imsmanifest.xml", "scorm12", "ADL SCORM Version 1.2 (2001), CAM and RTE",
    ContentPackaging(cp_namespace=CP_12, adlcp_namespace=ADLCP_12, schemaversion="1.2",
                     scorm_type_attribute="scormtype", lom_namespace=IMSMD_12, schema_set="scorm12"))
SCORM_2004_2ND = Standard(
    "scorm2004-2nd", "SCORM 2004 2nd Edition", "scorm2004", "imsmanifest.xml", "scorm2004-3rd",
    "ADL SCORM 2004 2nd Edition (2004); checked with the 3rd Edition's rules",
    _scorm2004("CAM 1.3", "scorm2004-3rd"), target=False)
SCORM_2004_3RD = Standard(
    "scorm2004-3rd", "SCORM 2004 3rd Edition", "scorm2004", "imsmanifest.xml", "scorm2004-3rd",
    "ADL SCORM 2004 3rd Edition (2006), CAM 1.0, RTE 1.0, SN 1.0", _scorm2004("2004 3rd Edition", "scorm2004-3rd"))
SCORM_2004_4TH = Standard(
    "scorm2004-4th", "SCORM 2004 4th Edition", "scorm2004", "imsmanifest.xml", "scorm2004-4th",
    "ADL SCORM 2004 4th Edition (2009), CAM 1.1, RTE 1.1, SN 1.1", _scorm2004("2004 4th Edition", "scorm2004-4th"))
CMI5_STANDARD = Standard(
    "cmi5", "cmi5", "cmi5", "cmi5.xml", "cmi5", "cmi5 (AICC/ADL, Quartz edition), section 13: course structure")
XAPI = Standard(
    "xapi", "xAPI (Tin Can)", "xapi", "tincan.xml", None, "xAPI 1.0.3, launched as Tin Can (tincan.xml)")

STANDARDS: dict[str, Standard] = {s.name: s for s in (
    SCORM_12, SCORM_2004_2ND, SCORM_2004_3RD, SCORM_2004_4TH, CMI5_STANDARD, XAPI)}

# <schemaversion> values and the edition each one names (SCORM 2004 CAM 2.3.2.1; 1.2 CAM 2.3.2).
SCHEMAVERSIONS: dict[str, Standard] = {
    "1.2": SCORM_12, "CAM 1.3": SCORM_2004_2ND, "2004 2nd Edition": SCORM_2004_2ND,
    "2004 3rd Edition": SCORM_2004_3RD, "2004 4th Edition": SCORM_2004_4TH,
}

MANIFEST_NAMES = ("imsmanifest.xml", "cmi5.xml", "tincan.xml")

# -- Control documents -----------------------------------------------------------------
# The schema of each namespace, as a path inside its schema set's folder (the layout of
# the published collection: scorm12/, scorm2004-3rd/, scorm2004-4th/, cmi5/). A SCORM
# manifest names these in xsi:schemaLocation, and its package carries them at its root,
# byte for byte as published: ADL's conformance test suite fails a package without them,
# and an LMS that validates offline needs them.
_SCORM_2004_LOCATIONS = {XML_NS: "xml.xsd", CP_2004: "imscp_v1p1.xsd", ADLCP_2004: "adlcp_v1p3.xsd",
                         ADLSEQ: "adlseq_v1p3.xsd", ADLNAV: "adlnav_v1p3.xsd", IMSSS: "imsss_v1p0.xsd",
                         IEEE_LOM: "lom.xsd"}
SCHEMA_LOCATIONS: dict[str, dict[str, str]] = {
    "scorm12": {CP_12: "imscp_rootv1p1p2.xsd", ADLCP_12: "adlcp_rootv1p2.xsd", IMSMD_12: "imsmd_rootv1p2p1.xsd"},
    "scorm2004-3rd": _SCORM_2004_LOCATIONS,
    "scorm2004-4th": _SCORM_2004_LOCATIONS,
    "cmi5": {CMI5: "CourseStructure.xsd"},
}

# Every file those schemas need, as they include and import one another (IMS SS's parts,
# the XML namespace's schema and the DTDs it names, the LOM binding with its strict
# vocabularies, since our metadata are inline). SCORM 2004 3rd Edition's published set
# also holds ims_xml.xsd, which ADL's test suite expects; the 4th Edition's does not.
_IMSSS_PARTS = tuple(f"imsss_v1p0{part}.xsd" for part in (
    "", "auxresource", "control", "delivery", "limit", "objective", "random", "rollup", "seqrule", "util"))
_LOM_2004 = ("lom.xsd", *(f"common/{name}.xsd" for name in (
    "anyElement", "dataTypes", "elementNames", "elementTypes", "rootElement", "vocabTypes", "vocabValues")),
    "extend/strict.xsd", "unique/strict.xsd", "vocab/strict.xsd")
_SCORM_2004_FILES = ("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", *_IMSSS_PARTS,
                     "xml.xsd", "XMLSchema.dtd", "datatypes.dtd", *_LOM_2004)
CONTROL_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "scorm12": ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"),
    "scorm2004-3rd": tuple(sorted((*_SCORM_2004_FILES, "ims_xml.xsd"))),
    "scorm2004-4th": tuple(sorted(_SCORM_2004_FILES)),
    "cmi5": ("CourseStructure.xsd",),
}


__all__ = ["STANDARDS", "SCHEMAVERSIONS", "Standard", "ContentPackaging", "MANIFEST_NAMES",
           "SCHEMA_LOCATIONS", "CONTROL_DOCUMENTS",
           "SCORM_12", "SCORM_2004_2ND", "SCORM_2004_3RD", "SCORM_2004_4TH", "CMI5_STANDARD", "XAPI"]

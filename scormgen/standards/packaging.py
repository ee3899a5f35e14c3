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


def _scorm2004(schemaversion: str) -> ContentPackaging:
    return ContentPackaging(cp_namespace=CP_2004, adlcp_namespace=ADLCP_2004, schemaversion=schemaversion,
                            scorm_type_attribute="scormType", lom_namespace=IEEE_LOM,
                            extra_namespaces=_SCORM_2004_NS, sequencing_objectives=True)


SCORM_12 = Standard(
    "scorm12", "SCORM 1.2", "scorm12", "imsmanifest.xml", "scorm12", "ADL SCORM Version 1.2 (2001), CAM and RTE",
    ContentPackaging(cp_namespace=CP_12, adlcp_namespace=ADLCP_12, schemaversion="1.2",
                     scorm_type_attribute="scormtype", lom_namespace=IMSMD_12))
SCORM_2004_2ND = Standard(
    "scorm2004-2nd", "SCORM 2004 2nd Edition", "scorm2004", "imsmanifest.xml", "scorm2004-3rd",
    "ADL SCORM 2004 2nd Edition (2004); checked with the 3rd Edition's rules",
    _scorm2004("CAM 1.3"), target=False)
SCORM_2004_3RD = Standard(
    "scorm2004-3rd", "SCORM 2004 3rd Edition", "scorm2004", "imsmanifest.xml", "scorm2004-3rd",
    "ADL SCORM 2004 3rd Edition (2006), CAM 1.0, RTE 1.0, SN 1.0", _scorm2004("2004 3rd Edition"))
SCORM_2004_4TH = Standard(
    "scorm2004-4th", "SCORM 2004 4th Edition", "scorm2004", "imsmanifest.xml", "scorm2004-4th",
    "ADL SCORM 2004 4th Edition (2009), CAM 1.1, RTE 1.1, SN 1.1", _scorm2004("2004 4th Edition"))
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


__all__ = ["STANDARDS", "SCHEMAVERSIONS", "Standard", "ContentPackaging", "MANIFEST_NAMES",
           "SCORM_12", "SCORM_2004_2ND", "SCORM_2004_3RD", "SCORM_2004_4TH", "CMI5_STANDARD", "XAPI"]

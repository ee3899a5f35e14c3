"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 (3rd and 4th Edition), written with lxml.

Each edition is one ``ContentPackaging`` record of ``scormgen.standards.packaging``
(namespaces, schema version, the name of the SCO-type attribute, the LOM namespace,
whether IMS Simple Sequencing objectives can be declared); one writer serves them all. What real LMSs demand beyond the
schemas is held here too: core IMS CP elements unprefixed, the extension prefixes
exactly ``adlcp``, ``adlseq``, ``adlnav``, ``imsss`` (Moodle matches them literally),
identifiers that are XML IDs derived from the course id, stable from build to build.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from ..course import Course
from ..standards.packaging import ADLCP_12, IMSSS, ContentPackaging
from .control import XSI, schema_location
from .lom import IEEE_LOM, IMSMD_12, lom_element

# The LOM binding of each metadata namespace.
LOM_BINDINGS = {IMSMD_12.namespace: IMSMD_12, IEEE_LOM.namespace: IEEE_LOM}


@dataclass(frozen=True)
class Identifiers:
    """The manifest's identifiers, derived from the course id only (stable across builds)."""

    manifest: str
    organization: str
    item: str
    resource: str

    @classmethod
    def for_course(cls, course: Course) -> Identifiers:
        return cls(manifest=course.id, organization=f"{course.id}-org",
                   item=f"{course.id}-item", resource=f"{course.id}-sco")


def decimal_text(value: float, scale: int = 1) -> str:
    """A number as the manifests write it: 80 as "80", 72.5 as "72.5", 80 / 100 as "0.8"."""
    number = Decimal(str(value)) / scale
    return f"{number.normalize():f}"


def _objectives(item: etree._Element, course: Course, mastery: float | None) -> None:
    """SCORM 2004: the primary objective, satisfied by the score when a mastery score is set
    (the LMS then gives minNormalizedMeasure to the SCO as cmi.scaled_passing_score), and
    the course's objectives."""
    sequencing = etree.SubElement(item, f"{{{IMSSS}}}sequencing")
    objectives = etree.SubElement(sequencing, f"{{{IMSSS}}}objectives")
    primary = etree.SubElement(objectives, f"{{{IMSSS}}}primaryObjective", objectiveID=f"{course.id}-completed",
                               satisfiedByMeasure="false" if mastery is None else "true")
    if mastery is not None:
        etree.SubElement(primary, f"{{{IMSSS}}}minNormalizedMeasure").text = decimal_text(mastery, 100)
    for objective in course.objectives:
        etree.SubElement(objectives, f"{{{IMSSS}}}objective", objectiveID=objective.id,
                         satisfiedByMeasure="false")


def write_manifest(course: Course, launch: str, files: list[str], *, cp: ContentPackaging) -> bytes:
    """The manifest of a one-SCO package whose launch page is ``launch``, listing ``files``."""
    ids = Identifiers.for_course(course)
    lom = LOM_BINDINGS[cp.lom_namespace]
    # lxml-stubs refuse None as a key of nsmap; lxml reads it as the default namespace.
    nsmap: dict[str, str] = {None: cp.cp_namespace,  # type: ignore[dict-item]
                             "adlcp": cp.adlcp_namespace, **cp.extra_namespaces, lom.prefix: lom.namespace,
                             "xsi": XSI}

    def cp_el(parent: etree._Element | None, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, f"{{{cp.cp_namespace}}}{name}", attrs) \
            if parent is not None else etree.Element(f"{{{cp.cp_namespace}}}{name}", attrs, nsmap=nsmap)
        if text is not None:
            element.text = text
        return element

    manifest = cp_el(None, "manifest", identifier=ids.manifest, version=course.version)
    # the control documents the package carries at its root (scormgen.manifest.control)
    manifest.set(f"{{{XSI}}}schemaLocation", schema_location(cp))

    metadata = cp_el(manifest, "metadata")
    cp_el(metadata, "schema", "ADL SCORM")
    cp_el(metadata, "schemaversion", cp.schemaversion)
    lom_element(metadata, course, lom)

    organizations = cp_el(manifest, "organizations", default=ids.organization)
    organization = cp_el(organizations, "organization", identifier=ids.organization)
    cp_el(organization, "title", course.title)
    item = cp_el(organization, "item", identifier=ids.item, identifierref=ids.resource,
                 isvisible="true")
    cp_el(item, "title", course.title)
    mastery = course.passing_score
    if mastery is not None and cp.adlcp_namespace == ADLCP_12:
        # the LMS gives it to the SCO as cmi.student_data.mastery_score (SCORM 1.2 CAM and RTE)
        etree.SubElement(item, f"{{{cp.adlcp_namespace}}}masteryscore").text = decimal_text(mastery)
    if cp.sequencing_objectives and (course.objectives or mastery is not None):
        _objectives(item, course, mastery)

    resources = cp_el(manifest, "resources")
    resource = cp_el(resources, "resource", identifier=ids.resource, type="webcontent", href=launch)
    resource.set(f"{{{cp.adlcp_namespace}}}{cp.scorm_type_attribute}", "sco")
    for name in files:
        cp_el(resource, "file", href=name)

    return etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)

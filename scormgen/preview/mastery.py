"""The mastery score a built package declares, read as an LMS reads it when it imports
the package: SCORM 1.2's ``adlcp:masteryscore`` on the item (a percent), SCORM 2004's
primary objective ``minNormalizedMeasure`` when it is satisfied by measure (0 to 1),
cmi5's ``masteryScore`` on the AU (0 to 1). The preview's LMS, and the test LMS, give it
to the course the way the standard says: ``cmi.student_data.mastery_score`` (SCORM 1.2,
a percent), ``cmi.scaled_passing_score`` (SCORM 2004), ``masteryScore`` in cmi5's
``LMS.LaunchData``.
"""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

# The element through which a SCORM LMS gives the mastery score, by standard, and whether
# it is a percent (SCORM 1.2) or a fraction.
LMS_ELEMENTS: dict[str, tuple[str, bool]] = {
    "scorm12": ("cmi.student_data.mastery_score", True),
    "scorm2004": ("cmi.scaled_passing_score", False),
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def package_mastery(site: Path) -> float | None:
    """The mastery score (0 to 1) of the unpacked package at ``site``; None when it declares
    none (or has neither manifest)."""
    cmi5 = site / "cmi5.xml"
    if cmi5.is_file():
        for element in ElementTree.parse(cmi5).getroot().iter():
            if _local(element.tag) == "au" and "masteryScore" in element.attrib:
                return float(element.attrib["masteryScore"])
        return None
    manifest = site / "imsmanifest.xml"
    if not manifest.is_file():
        return None
    root = ElementTree.parse(manifest).getroot()
    for element in root.iter():
        if _local(element.tag) == "masteryscore" and (element.text or "").strip():
            return float((element.text or "").strip()) / 100
        if _local(element.tag) == "primaryObjective" and element.get("satisfiedByMeasure") == "true":
            measure = next((e for e in element.iter() if _local(e.tag) == "minNormalizedMeasure"), None)
            if measure is not None and (measure.text or "").strip():
                return float((measure.text or "").strip())
    return None


def _number(value: float) -> str:
    """A real as SCORM writes it: no exponent, no trailing zeros ("80", "0.8")."""
    return f"{value:.7f}".rstrip("0").rstrip(".")


def lms_values(model: dict[str, object], mastery: float | None) -> dict[str, str]:
    """What the LMS gives the course for a mastery score in the data model ``model``
    (strict_model's): {element: value}, empty without a mastery score or when the model
    has no such element."""
    if mastery is None or model.get("standard") not in LMS_ELEMENTS:
        return {}
    element, percent = LMS_ELEMENTS[str(model["standard"])]
    elements = model.get("elements")
    names = {e.get("name") for e in elements if isinstance(e, dict)} if isinstance(elements, list) else set()
    if element not in names:
        return {}
    return {element: _number(mastery * 100 if percent else mastery)}

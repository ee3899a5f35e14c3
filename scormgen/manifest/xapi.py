"""``tincan.xml`` (xAPI "Tin Can" launch) and ``cmi5.xml`` (cmi5 course structure), with lxml.

Activity ids are IRIs derived from the course's ``activity_id`` (default
``urn:scormgen:<course id>``), so they stay the same from build to build: pages are
``<activity id>/pages/<page id>``, reflections ``<activity id>/reflections/<id>``,
questions ``<activity id>/questions/<id>``, objectives ``<activity id>/objectives/<id>``,
and the cmi5 AU ``<activity id>/au``.
"""
from __future__ import annotations

from lxml import etree

from ..course import Course
from ..standards.packaging import CMI5 as CMI5_NS
from ..standards.packaging import TINCAN as TINCAN_NS
from .scorm import decimal_text

COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"


def au_id(course: Course) -> str:
    return f"{course.activity_id}/au"


def objective_iri(course: Course, objective_id: str) -> str:
    return f"{course.activity_id}/objectives/{objective_id}"


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_tincan(course: Course, launch: str, files: list[str]) -> bytes:
    del files  # tincan.xml lists no files
    ns = f"{{{TINCAN_NS}}}"
    # lxml-stubs refuse None as a key of nsmap; lxml reads it as the default namespace.
    root = etree.Element(ns + "tincan", nsmap={None: TINCAN_NS})  # type: ignore[dict-item]
    activities = etree.SubElement(root, ns + "activities")
    activity = etree.SubElement(activities, ns + "activity", id=course.activity_id, type=COURSE_TYPE)
    for title, lang in course.in_all_languages("title"):
        etree.SubElement(activity, ns + "name", lang=lang).text = title
    for description, lang in course.in_all_languages("description"):
        etree.SubElement(activity, ns + "description", lang=lang).text = description
    etree.SubElement(activity, ns + "launch", lang=course.language).text = launch
    return _serialize(root)


def write_cmi5(course: Course, launch: str, files: list[str]) -> bytes:
    del files  # cmi5.xml lists no files
    ns = f"{{{CMI5_NS}}}"

    def text(parent: etree._Element, name: str, value: str | list[tuple[str, str]]) -> None:
        holder = etree.SubElement(parent, ns + name)
        for string, lang in ([(value, course.language)] if isinstance(value, str) else value):
            etree.SubElement(holder, ns + "langstring", lang=lang).text = string

    root = etree.Element(ns + "courseStructure", nsmap={None: CMI5_NS})  # type: ignore[dict-item]  # as above
    course_el = etree.SubElement(root, ns + "course", id=course.activity_id)
    text(course_el, "title", course.in_all_languages("title"))
    text(course_el, "description", course.in_all_languages("description"))
    if course.objectives:
        objectives = etree.SubElement(root, ns + "objectives")
        for objective in course.objectives:
            element = etree.SubElement(objectives, ns + "objective", id=objective_iri(course, objective.id))
            text(element, "title", objective.text)
            text(element, "description", objective.text)
    # An unscored module moves on when completed (the completion rule); one with a mastery
    # score when completed and passed (masteryScore from 0 to 1, as cmi5 has it).
    mastery = course.passing_score
    if mastery is None:
        au = etree.SubElement(root, ns + "au", id=au_id(course), moveOn="Completed", launchMethod="AnyWindow")
    else:
        au = etree.SubElement(root, ns + "au", id=au_id(course), moveOn="CompletedAndPassed",
                              masteryScore=decimal_text(mastery, 100), launchMethod="AnyWindow")
    text(au, "title", course.in_all_languages("title"))
    text(au, "description", course.in_all_languages("description"))
    if course.objectives:
        refs = etree.SubElement(au, ns + "objectives")
        for objective in course.objectives:
            etree.SubElement(refs, ns + "objective", idref=objective_iri(course, objective.id))
    etree.SubElement(au, ns + "url").text = launch
    return _serialize(root)

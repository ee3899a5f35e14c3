"""IEEE LOM metadata for the manifests, in the two bindings SCORM uses.

SCORM 1.2 uses the IMS Meta-data 1.2.1 binding (lower-case names, ``langstring`` with
``xml:lang``, vocabulary terms capitalised and wrapped in langstrings); SCORM 2004 uses
the IEEE LOM 1484.12.3 binding (camelCase names, ``string`` with ``language``, plain
vocabulary terms). One ``LomBinding`` describes each; ``lom_element`` writes the same
record with either.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..course import Course, Person
from ..standards import packaging

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class LomBinding:
    namespace: str
    prefix: str
    lifecycle: str
    metametadata: str
    metadata_schema: str
    metadata_schemes: tuple[str, ...]
    date_value: str
    contribute_entity: str
    vcard_element: str | None  # IMS MD 1.2.1 wraps the vCard in <vcard>; IEEE LOM does not
    langstring: Callable[[LomWriter, etree._Element, str, str], None]
    vocabulary: Callable[[LomWriter, etree._Element, str], None]
    term: Callable[[str], str]  # a LOMv1.0 vocabulary term as the binding writes it
    intended_end_user_role: str
    identifier: Callable[[LomWriter, etree._Element, Course], None]


class LomWriter:
    def __init__(self, binding: LomBinding):
        self.b = binding

    def el(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        child = etree.SubElement(parent, f"{{{self.b.namespace}}}{name}")
        if text is not None:
            child.text = text
        return child

    def string(self, parent: etree._Element, name: str, text: str, lang: str) -> etree._Element:
        return self.strings(parent, name, [(text, lang)])

    def strings(self, parent: etree._Element, name: str, texts: list[tuple[str, str]]) -> etree._Element:
        """One element holding the same text in several languages."""
        holder = self.el(parent, name)
        for text, lang in texts:
            self.b.langstring(self, holder, text, lang)
        return holder

    def vocab(self, parent: etree._Element, name: str, term: str) -> etree._Element:
        holder = self.el(parent, name)
        self.b.vocabulary(self, holder, term)
        return holder


# --- SCORM 1.2: IMS Meta-data 1.2.1 ------------------------------------------------

def _langstring_12(w: LomWriter, holder: etree._Element, text: str, lang: str) -> None:
    w.el(holder, "langstring", text).set(XML_LANG, lang)


def _vocabulary_12(w: LomWriter, holder: etree._Element, term: str) -> None:
    _langstring_12(w, w.el(holder, "source"), "LOMv1.0", "x-none")
    _langstring_12(w, w.el(holder, "value"), term, "x-none")


# IMS MD 1.2.1 capitalises its LOMv1.0 terms, and its role vocabulary has no
# "subject matter expert".
_TERM_12 = {"subject matter expert": "Content Provider"}


def _term_12(term: str) -> str:
    return _TERM_12.get(term, term.title())


def _identifier_12(w: LomWriter, general: etree._Element, course: Course) -> None:
    w.el(general, "identifier", course.id)


IMSMD_12 = LomBinding(
    namespace=packaging.IMSMD_12, prefix="imsmd",
    lifecycle="lifecycle", metametadata="metametadata", metadata_schema="metadatascheme",
    metadata_schemes=("ADL SCORM 1.2",), date_value="datetime", contribute_entity="centity", vcard_element="vcard",
    langstring=_langstring_12, vocabulary=_vocabulary_12, term=_term_12,
    intended_end_user_role="intendedenduserrole", identifier=_identifier_12,
)


# --- SCORM 2004: IEEE LOM ----------------------------------------------------------

def _langstring_2004(w: LomWriter, holder: etree._Element, text: str, lang: str) -> None:
    w.el(holder, "string", text).set("language", lang)


def _vocabulary_2004(w: LomWriter, holder: etree._Element, term: str) -> None:
    w.el(holder, "source", "LOMv1.0")
    w.el(holder, "value", term)


def _identifier_2004(w: LomWriter, general: etree._Element, course: Course) -> None:
    ident = w.el(general, "identifier")
    w.el(ident, "catalog", "scormgen")
    w.el(ident, "entry", course.id)


IEEE_LOM = LomBinding(
    namespace=packaging.IEEE_LOM, prefix="lom",
    lifecycle="lifeCycle", metametadata="metaMetadata", metadata_schema="metadataSchema",
    metadata_schemes=("LOMv1.0", "SCORM_CAM_v1.3"), date_value="dateTime",
    contribute_entity="entity", vcard_element=None, langstring=_langstring_2004, vocabulary=_vocabulary_2004,
    term=lambda term: term, intended_end_user_role="intendedEndUserRole",
    identifier=_identifier_2004,
)


def vcard(person: Person) -> str:
    """A vCard 3.0 for a contributor (LOM's entity format)."""
    def esc(value: str) -> str:
        # vCard 3.0 (RFC 2426) text values: backslash, comma, semicolon and line break escaped
        return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")

    given, _, family = person.name.rpartition(" ")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{esc(family)};{esc(given)};;;", f"FN:{esc(person.name)}"]
    if person.credentials:
        lines.append(f"TITLE:{esc(person.credentials)}")
    lines.append("END:VCARD")
    return "\n".join(lines)


def lom_element(parent: etree._Element, course: Course, binding: LomBinding) -> etree._Element:
    """Append the course's LOM record to ``parent`` (a manifest's <metadata>)."""
    w = LomWriter(binding)
    lang = course.language
    lom = w.el(parent, "lom")

    general = w.el(lom, "general")
    binding.identifier(w, general, course)
    w.strings(general, "title", course.in_all_languages("title"))
    w.el(general, "language", lang)
    w.strings(general, "description", course.in_all_languages("description"))
    for keyword in course.keywords:
        w.string(general, "keyword", keyword, lang)
    for translation in course.translations:
        for keyword in translation.keywords:
            w.string(general, "keyword", keyword, translation.language)

    lifecycle = w.el(lom, binding.lifecycle)
    w.string(lifecycle, "version", course.version, "x-none")
    w.vocab(lifecycle, "status", binding.term("final"))
    for person in course.people:
        for role in person.roles:
            contribute = w.el(lifecycle, "contribute")
            w.vocab(contribute, "role", binding.term(role))
            entity = w.el(contribute, binding.contribute_entity)
            if binding.vcard_element:
                entity = w.el(entity, binding.vcard_element)
            entity.text = vcard(person)
            if course.produced:
                w.el(w.el(contribute, "date"), binding.date_value, course.produced)

    meta = w.el(lom, binding.metametadata)
    for scheme in binding.metadata_schemes:
        w.el(meta, binding.metadata_schema, scheme)
    w.el(meta, "language", lang)

    technical = w.el(lom, "technical")
    w.el(technical, "format", "text/html")

    educational = w.el(lom, "educational")
    w.vocab(educational, binding.intended_end_user_role, binding.term("learner"))
    w.el(educational, "language", lang)

    for objective in course.objectives:
        classification = w.el(lom, "classification")
        w.vocab(classification, "purpose", binding.term("educational objective"))
        w.string(classification, "description", objective.text, lang)
    return lom

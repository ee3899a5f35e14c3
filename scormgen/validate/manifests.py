"""Manifest rules: SCORM 1.2, SCORM 2004 (2nd, 3rd, 4th Edition), cmi5 and tincan.xml.

Each check reads the manifest as the standard defines it (required elements and
attributes, identifiers that are XML IDs, references that resolve, data types and
vocabularies), and the package's file list (launch files and listed files present).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..standards.packaging import (
    ADLCP_12,
    CMI5,
    CMI5_STANDARD,
    CP_12,
    CP_2004,
    MANIFEST_NAMES,
    SCHEMAVERSIONS,
    SCORM_12,
    SCORM_2004_2ND,
    SCORM_2004_3RD,
    TINCAN,
    XAPI,
    Standard,
)
from .archive import PackageSource, Refused
from .findings import ERROR, INFO, WARNING, Findings, line_of

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

NCNAME = re.compile(r"^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$")

# The manifest's <resource> elements by identifier.
Resources = dict[str | None, etree._Element]


def parse_manifest(source: PackageSource, findings: Findings) -> etree._Element | None:
    found = [name for name in MANIFEST_NAMES if name in source.name_set]
    if not found:
        nested = [n for n in source.names if n.rsplit("/", 1)[-1] in MANIFEST_NAMES]
        if nested:
            findings.add(ERROR, "MANIFEST_NOT_AT_ROOT", f"the manifest is at '{nested[0]}', not at the package's root.",
                       "Zip the content of the course folder, not the folder itself.")
        else:
            findings.add(ERROR, "NO_MANIFEST", "no imsmanifest.xml, cmi5.xml or tincan.xml at the package's root.",
                       "Is this a SCORM, cmi5 or xAPI package? Build it with a tool that writes a manifest.")
        return None
    name = found[0]
    findings.manifest = name
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        # huge_tree=False keeps libxml2's own limits: 256 levels of nesting, 10 MB in one
        # text node, and no entity expanded (nor any DTD loaded) at all
        return etree.fromstring(source.read(name), parser)
    except Refused as exc:
        findings.add(ERROR, exc.code, exc.message, exc.fix, file=name)
        return None
    except etree.XMLSyntaxError as exc:
        findings.add(ERROR, "XML_NOT_WELL_FORMED", f"the manifest is not well-formed XML: {exc.msg}.",
                   "Fix the XML (an unclosed element, a stray '&' or '<').", file=name, line=exc.lineno)
        return None


def detect(root: etree._Element, findings: Findings) -> Standard | None:
    qname = etree.QName(root)
    if qname.localname == "courseStructure":
        return CMI5_STANDARD
    if qname.localname == "tincan":
        return XAPI
    if qname.localname != "manifest" or qname.namespace not in (CP_12, CP_2004):
        findings.add(ERROR, "UNKNOWN_MANIFEST", f"the manifest's root is {qname.text}, which no SCORM "
                   "edition uses.", "A SCORM manifest's root is <manifest> in the IMS CP namespace.",
                   file=findings.manifest, line=line_of(root))
        return None
    version = (root.findtext(f"{{{qname.namespace}}}metadata/{{{qname.namespace}}}schemaversion") or "").strip()
    edition = SCHEMAVERSIONS.get(version)
    if not version and qname.namespace == CP_12:
        # the SCORM 1.2 schemas make <metadata> optional, and many 1.2 tools omit it
        findings.add(WARNING, "SCHEMAVERSION_MISSING", "the SCORM 1.2 manifest has no schemaversion: the schemas "
                     "allow this, but Moodle reads the edition from it and refuses a package whose edition it "
                     "cannot tell.", "Add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>"
                     "</metadata>.", file=findings.manifest, line=line_of(root))
        return SCORM_12
    if edition is None:
        guess = SCORM_12 if qname.namespace == CP_12 else SCORM_2004_3RD
        findings.add(ERROR, "SCHEMAVERSION", f"schemaversion is '{version or 'missing'}', not one of "
                   + ", ".join(f"'{v}'" for v in SCHEMAVERSIONS) + ".",
                   "Write the exact value of your edition in <metadata><schemaversion>.", file=findings.manifest,
                   line=line_of(root))
        return guess
    if (edition is SCORM_12) != (qname.namespace == CP_12):
        findings.add(ERROR, "SCHEMAVERSION_NAMESPACE", f"schemaversion '{version}' does not match the "
                   f"manifest's namespace {qname.namespace}.",
                   "SCORM 1.2 uses imscp_rootv1p1p2, SCORM 2004 imscp_v1p1.", file=findings.manifest,
                   line=line_of(root))
    if edition is SCORM_2004_2ND:
        findings.add(INFO, "SCORM_2ND_EDITION", f"schemaversion '{version}' is SCORM 2004 2nd Edition; "
                   "its rules are checked with the 3rd Edition's.", file=findings.manifest, line=line_of(root))
    return edition


def _href_path(href: str) -> str | None:
    try:
        parts = urlsplit(href)
    except ValueError:  # "//[x": no address at all, so no file of the package either
        return None
    if parts.scheme or href.startswith("//"):
        return None  # on the web: not a file of the package
    return unquote(parts.path)


def check_scorm(root: etree._Element, edition: Standard, source: PackageSource, findings: Findings) -> None:
    cp = etree.QName(root).namespace
    _check_identifiers(root, cp, findings)
    organizations = root.find(f"{{{cp}}}organizations")
    resources_el = root.find(f"{{{cp}}}resources")
    if organizations is None or resources_el is None:
        findings.add(ERROR, "STRUCTURE", "the manifest needs <organizations> and <resources>.",
                     "Add them (see the IMS Content Packaging structure).", file=findings.manifest,
                     line=line_of(root))
        return
    resources = {r.get("identifier"): r for r in resources_el.findall(f"{{{cp}}}resource")}
    _check_organizations(root, organizations, resources, edition, findings)
    _check_resources(resources_el, resources, edition, source, findings)


def _check_identifiers(root: etree._Element, cp: str, findings: Findings) -> None:
    m = findings.manifest
    ids: dict[str, int | None] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("identifier")
        if ident is None:
            if etree.QName(element).localname in ("manifest", "organization", "item", "resource") \
                    and etree.QName(element).namespace == cp:
                findings.add(ERROR, "IDENTIFIER_MISSING", f"<{etree.QName(element).localname}> has no identifier.",
                           "Give it an identifier attribute.", file=m, line=line_of(element))
            continue
        if not NCNAME.match(ident):
            example = re.sub(r"[^A-Za-z0-9_.-]", "-", ident).lstrip("-.0123456789") or "id"
            findings.add(ERROR, "IDENTIFIER_SYNTAX", f"the identifier '{ident}' is not an XML ID (it must start "
                         "with a letter or '_' and contain no space, '@', '(', ':' ...).",
                         f"Use letters, digits, '-', '_', '.' only, e.g. '{example}'.",
                         file=m, line=line_of(element))
        if ident in ids:
            findings.add(ERROR, "IDENTIFIER_DUPLICATE", f"the identifier '{ident}' is used twice (first on line "
                       f"{ids[ident]}).", "Make every identifier unique.", file=m, line=line_of(element))
        else:
            ids[ident] = line_of(element)


def _check_organizations(root: etree._Element, organizations: etree._Element, resources: Resources,
                         edition: Standard, findings: Findings) -> None:
    cp = etree.QName(root).namespace
    m = findings.manifest
    orgs = {o.get("identifier"): o for o in organizations.findall(f"{{{cp}}}organization")}
    default = organizations.get("default")
    if default is not None and default not in orgs:
        findings.add(ERROR, "DEFAULT_ORGANIZATION", f"organizations/@default '{default}' names no organization.",
                   "Set it to the identifier of an <organization>.", file=m, line=line_of(organizations))
    if not orgs:
        findings.add(WARNING, "NO_ORGANIZATION", "there is no <organization>: the schemas allow this, but Moodle "
                     "then finds nothing to launch in the package.",
                   "Add an organization with an item pointing at the SCO.", file=m, line=line_of(organizations))
    for item in root.iter(f"{{{cp}}}item"):
        ref = item.get("identifierref")
        if ref is None:
            continue
        resource = resources.get(ref)
        if resource is None:
            findings.add(ERROR, "ITEM_REFERENCE", f"item '{item.get('identifier')}' points to resource '{ref}', "
                       "which does not exist.", "Point identifierref at a <resource> identifier.", file=m,
                       line=line_of(item))
            continue
        if resource.get("href") is None:
            findings.add(ERROR, "LAUNCH_MISSING", f"resource '{ref}' is launched by item '{item.get('identifier')}' "
                       "but has no href.", "Give the resource the path of its launch page in href.", file=m,
                       line=line_of(resource))
        if edition is SCORM_12:
            mastery = item.findtext(f"{{{ADLCP_12}}}masteryscore")
            if mastery is not None:
                try:
                    ok = Decimal(mastery.strip()) >= 0 and Decimal(mastery.strip()) <= 100
                except InvalidOperation:
                    ok = False
                if not ok:
                    findings.add(ERROR, "MASTERYSCORE", f"masteryscore '{mastery}' is not a number from 0 to 100.",
                               "Write a decimal such as 80.", file=m, line=line_of(item))


def _check_resources(resources_el: etree._Element, resources: Resources, edition: Standard, source: PackageSource,
                     findings: Findings) -> None:
    cp = etree.QName(resources_el).namespace
    m = findings.manifest
    assert edition.packaging is not None
    scorm_type = f"{{{edition.packaging.adlcp_namespace}}}{edition.packaging.scorm_type_attribute}"
    base = resources_el.get(XML_BASE, "")
    for ident, resource in resources.items():
        kind = resource.get(scorm_type)
        if kind is None:
            findings.add(WARNING, "SCORMTYPE_MISSING", f"resource '{ident}' has no "
                         f"{etree.QName(scorm_type).localname}: the schemas allow this, but Moodle then takes it "
                         "for an asset and records no progress from it.",
                         f'Add adlcp:{etree.QName(scorm_type).localname}="sco" to the resource the learner launches.',
                         file=m, line=line_of(resource))
        elif kind not in ("sco", "asset"):
            findings.add(ERROR, "SCORMTYPE_VALUE", f"resource '{ident}' has scormtype '{kind}'.",
                       "Use 'sco' or 'asset'.", file=m, line=line_of(resource))
        prefix = base + resource.get(XML_BASE, "")
        for element, what in [(resource, "href")] + [(f, "href") for f in resource.findall(f"{{{cp}}}file")]:
            href = element.get(what)
            if href is None:
                if element is not resource:
                    findings.add(ERROR, "FILE_HREF", "a <file> has no href.", "Give it the file's path.", file=m,
                               line=line_of(element))
                continue
            path = _href_path(prefix + href)
            if path is not None and path not in source.name_set:
                code = "LAUNCH_FILE_MISSING" if element is resource else "LISTED_FILE_MISSING"
                findings.add(ERROR, code, f"'{path}' is named by the manifest but is not in the package (a rule "
                             "beyond the schemas: the LMS cannot serve it).",
                           "Add the file, or correct the path (names are case-sensitive).", file=m,
                           line=line_of(element))
        for dependency in resource.findall(f"{{{cp}}}dependency"):
            if dependency.get("identifierref") not in resources:
                findings.add(ERROR, "DEPENDENCY_REFERENCE", f"a dependency of '{ident}' points to "
                           f"'{dependency.get('identifierref')}', which is no resource.",
                           "Point it at a <resource> identifier.", file=m, line=line_of(dependency))


def check_cmi5(root: etree._Element, source: PackageSource, findings: Findings) -> None:
    m = findings.manifest
    ns = {"c": CMI5}
    if etree.QName(root).namespace != CMI5:
        findings.add(ERROR, "CMI5_NAMESPACE", f"cmi5.xml's namespace is '{etree.QName(root).namespace}'.",
                   f"Use {CMI5}.", file=m, line=line_of(root))
        return
    course = root.find("c:course", ns)
    if course is None or not course.get("id"):
        findings.add(ERROR, "CMI5_COURSE", "cmi5.xml has no <course> with an id.", "Add one (an IRI).", file=m,
                   line=line_of(root))
    aus = root.findall(".//c:au", ns)
    if not aus:
        findings.add(ERROR, "CMI5_NO_AU", "cmi5.xml has no <au>: nothing to launch.", "Add an assignable unit.",
                   file=m, line=line_of(root))
    for au in aus:
        url = au.findtext("c:url", namespaces=ns)
        if not au.get("id") or not url:
            findings.add(ERROR, "CMI5_AU", "an <au> needs an id and a <url>.", "Add them.", file=m, line=line_of(au))
            continue
        path = _href_path(url.strip())
        if path is not None and path not in source.name_set:
            findings.add(ERROR, "LAUNCH_FILE_MISSING", f"the AU's url '{url.strip()}' is not in the package.",
                       "Add the file or correct the url.", file=m, line=line_of(au))


def check_tincan(root: etree._Element, source: PackageSource, findings: Findings) -> None:
    m = findings.manifest
    ns = {"t": TINCAN}
    activities = root.findall("t:activities/t:activity", ns)
    if etree.QName(root).namespace != TINCAN or not activities:
        findings.add(ERROR, "TINCAN_STRUCTURE", "tincan.xml needs <tincan><activities><activity> in the "
                   f"namespace {TINCAN}.", "Add them.", file=m, line=line_of(root))
        return
    launches = [a for a in activities if a.find("t:launch", ns) is not None]
    if len(launches) != 1:
        findings.add(ERROR, "TINCAN_LAUNCH", f"{len(launches)} activities have a <launch>; one must.",
                   "Give exactly one activity a <launch> element.", file=m, line=line_of(root))
    for activity in activities:
        if not activity.get("id"):
            findings.add(ERROR, "TINCAN_ACTIVITY_ID", "an activity has no id.", "Give it its IRI.", file=m,
                       line=line_of(activity))
    for activity in launches:
        path = _href_path((activity.findtext("t:launch", namespaces=ns) or "").strip())
        if path is not None and path not in source.name_set:
            findings.add(ERROR, "LAUNCH_FILE_MISSING", f"the launch file '{path}' is not in the package.",
                       "Add the file or correct <launch>.", file=m, line=line_of(activity))

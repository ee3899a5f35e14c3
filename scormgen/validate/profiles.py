"""What real LMSs reject although the schemas allow it: one named profile per LMS."""
from __future__ import annotations

from lxml import etree

from ..paths import blocked_by_moodle
from ..standards.packaging import CP_12, CP_2004, EXTENSION_PREFIXES
from .archive import PackageSource
from .findings import ERROR, Findings, line_of

# The <schemaversion> values Moodle recognizes.
MOODLE_SCHEMAVERSIONS = ("1.2", "2004 3rd Edition", "2004 4th Edition")


def moodle(root: etree._Element | None, source: PackageSource, findings: Findings) -> None:
    for name in source.names:
        pattern = blocked_by_moodle(name)
        if pattern:
            findings.add(ERROR, "MOODLE_BLOCKED_PATH", f"Moodle's recommended web-server rules refuse to serve "
                       f"'{name}' (it matches '{pattern}'): learners get HTTP 403.",
                       "Rename the file or its folder.", file=name)
    if root is None or etree.QName(root).localname != "manifest":
        return
    m = findings.manifest
    cp = etree.QName(root).namespace
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace in (CP_12, CP_2004) and element.prefix is not None:
            findings.add(ERROR, "MOODLE_PREFIXED_CORE", f"<{element.prefix}:{qname.localname}> has a prefix; Moodle "
                       "reads core IMS CP elements only without one, and ignores this one.",
                       f"Declare the IMS CP namespace as the default (xmlns=\"{cp}\") and drop the prefix.",
                       file=m, line=line_of(element))
            break
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in [element.tag, *element.attrib]:
            namespace = etree.QName(name).namespace
            expected = EXTENSION_PREFIXES.get(namespace)
            if expected is None:
                continue
            prefix = element.prefix if name == element.tag else next(
                (p for p, uri in element.nsmap.items() if uri == namespace), None)
            if prefix != expected:
                findings.add(ERROR, "MOODLE_PREFIX", f"the namespace {namespace} has the prefix '{prefix}'; Moodle "
                           f"matches '{expected}:' literally and misses this.",
                           f"Declare it as xmlns:{expected}=\"{namespace}\".", file=m, line=line_of(element))
                return
    version = (root.findtext(f"{{{cp}}}metadata/{{{cp}}}schemaversion") or "").strip()
    if version not in MOODLE_SCHEMAVERSIONS:
        findings.add(ERROR, "MOODLE_SCHEMAVERSION", f"schemaversion '{version}': Moodle recognizes only "
                   + ", ".join(f"'{v}'" for v in MOODLE_SCHEMAVERSIONS) + ".",
                   "Write one of these exactly.", file=m, line=line_of(root))


PROFILES = {"moodle": moodle}

"""The SCORM run-time data models in one place, SCORM 1.2 (Run-Time Environment 1.2) and
SCORM 2004 (RTE, 3rd and 4th Edition): the API and its methods, every element the runtime
or the preview uses (access, data type, limit or vocabulary, section of the RTE book: for
1.2 its part, 3.3 the API or 3.4 the data model; for 2004 the element's own, alike in both
editions), the error codes, which elements the runtime uses for what, and the runtime's
own choices with their reasons. The build, the runtime's configuration in each launch page
(``runtime_table``, read by runtime/adapter-scorm.js) and the preview's strict LMS
(``strict_model``, for preview/strict-api.js) read them: no other file holds a limit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rte import JSON, DataModel, Element, ResponseFormat, ScoringUse
from .rte12 import SCORM_12
from .rte2004 import SCORM_2004

DATA_MODELS: dict[str, DataModel] = {SCORM_12.name: SCORM_12, SCORM_2004.name: SCORM_2004}


def element_limit(standard: str, element: str) -> int:
    """The size limit of a generic element ("cmi.interactions.n.description") in "scorm12"
    or "scorm2004": the SPM in SCORM 2004, the data type's maximum in SCORM 1.2."""
    limit = DATA_MODELS[standard].element(element).max_length
    if limit is None:
        raise ValueError(f"{element} has no size limit in {DATA_MODELS[standard].title}")
    return limit


# --- the runtime's own choices ------------------------------------------------------------

# SCORM 2004 4th Edition: cmi.suspend_data is also kept under this many UTF-8 bytes. Many LMS
# runtimes send a session's last commit with navigator.sendBeacon, 64 KiB at most for the
# whole data model (64,000 characters may take 192,000 bytes): this leaves room for the rest.
SUSPEND_BYTES_4TH = 24000

# SCORM 2004 3rd Edition: suspend_data is kept to 4,000 characters, the SPM of the editions
# before; the 3rd Edition's is 64,000 (RTE 4.2.22), but these packages have always been
# built, budgeted and tested against 4,000.
SUSPEND_CHARS_3RD = 4000

# Without an LMS (the package opened from a folder, an xAPI or cmi5 launch) the resume
# state stays in the browser: it gets the room SCORM 2004 allows, the same record everywhere.
LOCAL_SUSPEND_CHARS = SUSPEND_SPM_2004 = element_limit("scorm2004", "cmi.suspend_data")


@dataclass(frozen=True)
class Profile:
    """What the runtime speaks and keeps to for one SCORM build target."""

    target: str
    model: DataModel
    suspend_chars: int   # cmi.suspend_data, in characters
    suspend_bytes: int   # and in UTF-8 bytes (0: no byte limit)


PROFILES: dict[str, Profile] = {p.target: p for p in (
    Profile("scorm12", SCORM_12, element_limit("scorm12", "cmi.suspend_data"), 0),
    Profile("scorm2004-3rd", SCORM_2004, SUSPEND_CHARS_3RD, 0),
    Profile("scorm2004-4th", SCORM_2004, SUSPEND_SPM_2004, SUSPEND_BYTES_4TH))}
# Targets that speak xAPI to an LRS: no SCORM API, the resume state stays in the browser.
XAPI_TARGETS = ("cmi5", "xapi")


def _profile(target_name: str) -> Profile | None:
    if target_name not in PROFILES and target_name not in XAPI_TARGETS:
        raise KeyError(f"unknown target '{target_name}'")
    return PROFILES.get(target_name)


def suspend_limit(target_name: str) -> tuple[int, int] | None:
    """cmi.suspend_data for a target: (characters, UTF-8 bytes the runtime keeps to or 0);
    None for the xAPI targets, whose resume state stays in the learner's browser."""
    profile = _profile(target_name)
    return None if profile is None else (profile.suspend_chars, profile.suspend_bytes)


def runtime_table(target_name: str, scored: bool = False) -> JSON | None:
    """What the runtime's SCORM adapter needs, as the build writes it into the launch page
    (``config.dataModel``); None for the xAPI targets. ``scored``: the course has questions,
    and the table gets what the adapter writes for them (``scoring``); without, the table is
    the same as before questions existed."""
    profile = _profile(target_name)
    if profile is None:
        return None
    model, use = profile.model, profile.model.runtime
    limits: JSON = {"suspendData": profile.suspend_chars, "suspendBytes": profile.suspend_bytes}
    limits.update((name, element_limit(model.name, element)) for name, element in use.limits.items())
    table: JSON = {
        "apiName": model.api_name, "methods": dict(model.methods), "elements": dict(use.elements),
        "interaction": dict(use.interaction), "objectiveStatus": use.objective_status,
        "vocabulary": {name: list(value) if isinstance(value, tuple) else value
                       for name, value in use.vocabulary.items()},
        "times": dict(use.times), "resumeOnly": list(use.resume_only), "limits": limits,
        "readBack": _read_back(model),
    }
    if scored and use.scoring is not None:
        table["scoring"] = _scoring_table(use.scoring)
    return table


def _scoring_table(scoring: ScoringUse) -> JSON:
    """What the adapter writes for a course with questions: the elements by role, each
    interaction type's response as the runtime writes it (``by`` letter or id, and the
    delimiter; true-false's words), and how the LMS's mastery value becomes a percentage."""
    responses: JSON = {}
    for kind, form in scoring.responses.items():
        written: JSON = dict(form.written)
        if form.max_items > 1:
            written["delimiter"] = form.delimiter
        responses[kind] = written
    return {"elements": dict(scoring.elements), "interaction": dict(scoring.interaction),
            "vocabulary": dict(scoring.vocabulary), "responses": responses,
            "masteryScale": scoring.mastery_scale, "times": dict(scoring.times)}


def _response_json(form: ResponseFormat) -> JSON:
    return {"item": form.item, "delimiter": form.delimiter, "maxItems": form.max_items, "unique": form.unique,
            "braces": form.braces}


def _read_back(model: DataModel) -> JSON:
    """What the adapter may read back to restore texts suspend_data had to shorten: the
    interactions' responses (SCORM 2004: read-write; SCORM 1.2: write-only) and the notes."""
    use = model.runtime
    response = model.element(f"{use.elements['interactions']}.n.{use.interaction['response']}")
    notes = model.element(re.sub(r"\.\d+\.", ".n.", use.elements["notes"]))
    return {"responses": "r" in response.access, "notes": "r" in notes.access}


def local_limits() -> JSON:
    """The limits of the runtime's adapter for a launch without an LMS (``config.localLimits``)."""
    return {"suspendData": LOCAL_SUSPEND_CHARS}


def _element_json(element: Element, limit: int | None) -> JSON:
    out = {"name": element.name, "access": element.access, "type": element.type.name,
           "limit": limit if element.type.kind == "text" else None, "vocabulary": list(element.vocabulary) or None,
           "range": None if element.range is None else list(element.range),
           "lmsRules": list(element.lms_rules) or None, "unsetError": element.unset_error or None}
    return {key: value for key, value in out.items() if value is not None}


def strict_model(target_name: str) -> JSON:
    """What the preview's strict LMS enforces for a target: the standard's elements, types and
    error codes, suspend_data held to what the runtime promises (its byte budget counted in
    characters, which a value within it meets). The xAPI targets get SCORM 2004's."""
    profile = _profile(target_name)
    model = SCORM_2004 if profile is None else profile.model
    limit = LOCAL_SUSPEND_CHARS if profile is None else profile.suspend_bytes or profile.suspend_chars
    kinds = {element.type.name: element.type for element in model.elements}
    scoring = model.runtime.scoring
    return {
        "standard": model.name, "title": model.title, "apiName": model.api_name, "methods": dict(model.methods),
        "elements": [_element_json(element, limit if element.name == "cmi.suspend_data" else element.max_length)
                     for element in model.elements],
        "types": {name: {key: getattr(kind, key) for key in ("kind", "label", "pattern") if getattr(kind, key)}
                  for name, kind in sorted(kinds.items())},
        "errors": {str(code): text for code, text in model.errors.items()}, "codes": dict(model.codes),
        "suspend": {"limit": limit, "unit": "bytes" if profile and profile.suspend_bytes else "characters"},
        # which element the preview's panel shows for what
        "roles": dict(model.runtime.elements, response=model.runtime.interaction["response"]),
        # each interaction type's response and correct-response format (a course with questions)
        "responses": {kind: _response_json(form) for kind, form in scoring.responses.items()} if scoring else {},
    }

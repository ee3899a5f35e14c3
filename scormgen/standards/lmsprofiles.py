"""What real LMSs do differently from the standard, as data for the preview's strict LMS
(``scormgen preview --lms``): which APIs each offers, which elements it lacks, what it
answers on its own, what it accepts but never keeps, and what its Commit refuses. The
"strict" profile is the standard with every narrower rule the data model names
(``Element.lms_rules``); the others keep only the rules known of that LMS.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .datamodel import strict_model
from .rte import JSON

# SCORM 1.2's list of the data model's parts (RTE 1.2 3.4.2), less cmi.comments.
_CHILDREN_12_WITHOUT_COMMENTS = ("core,suspend_data,launch_data,comments_from_lms,objectives,"
                                 "student_data,student_preference,interactions")
_TIMESTAMPS_2004 = ("cmi.interactions.n.timestamp", "cmi.comments_from_learner.n.timestamp")


@dataclass(frozen=True)
class LmsProfile:
    """One LMS as the preview plays it."""

    name: str
    title: str
    standards: tuple[str, ...]                        # the APIs it offers: "scorm12", "scorm2004"
    text_rules: tuple[str, ...] | None = None          # the elements' lms_rules kept (None: all)
    unimplemented: tuple[str, ...] = ()               # refused with "not implemented" (401)
    answers: dict[str, str] = field(default_factory=dict)  # what it gives, whatever was stored
    forgotten: tuple[str, ...] = ()                   # accepted, never stored
    commit_rules: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rule -> generic elements
    notes: tuple[str, ...] = ()                       # what the panel says of it


LMS_PROFILES: dict[str, LmsProfile] = {p.name: p for p in (
    LmsProfile("strict", "Strict (the standard, and every LMS rule below)", ("scorm12", "scorm2004"),
               notes=("Every rule of the data model, and what Moodle and scorm-again refuse in texts.",)),
    LmsProfile("moodle", "Moodle", ("scorm12", "scorm2004"), text_rules=("line-break", "centiseconds"),
               notes=("Refuses line breaks in text values.", "Refuses 3 decimals of seconds in times.")),
    LmsProfile("chamilo", "Chamilo", ("scorm12",), text_rules=(), unimplemented=("cmi.comments",),
               answers={"cmi._children": _CHILDREN_12_WITHOUT_COMMENTS, "cmi.core.entry": "ab-initio"},
               forgotten=("cmi.core.exit",),
               notes=("SCORM 1.2 only: window.API, no API_1484_11.", "No cmi.comments (401).",
                      "Never keeps cmi.core.exit: cmi.core.entry is always ab-initio.")),
    LmsProfile("ilias", "ILIAS 8.12", ("scorm12", "scorm2004"), text_rules=(),
               commit_rules={"plain-timestamp": _TIMESTAMPS_2004},
               notes=("Commit fails (391) when an interaction or comment timestamp has a fraction "
                      "of seconds or a time zone, or is longer than 19 characters.",)),
)}

# The error codes the profiles' refusals give, by standard.
_NOT_IMPLEMENTED = {"scorm12": 401, "scorm2004": 401}
_COMMIT_FAILED = {"scorm12": 101, "scorm2004": 391}


def preview_model(target_name: str, lms: str = "strict") -> JSON:
    """The strict model of a target (``strict_model``) as one LMS plays it: the SCORM 1.2
    model when the LMS offers no SCORM 2004 API (the runtime then speaks 1.2 to it), with
    the LMS's own behaviour under ``"lms"`` for preview/strict-api.js."""
    profile = LMS_PROFILES[lms]
    model: dict[str, Any] = copy.deepcopy(strict_model(target_name))
    if model["standard"] not in profile.standards:
        model = copy.deepcopy(strict_model("scorm12"))
    standard = model["standard"]
    if profile.text_rules is not None:
        for element in model["elements"]:
            kept = [rule for rule in element.pop("lmsRules", []) if rule in profile.text_rules]
            if kept:
                element["lmsRules"] = kept
    model["codes"].update(notImplemented=_NOT_IMPLEMENTED[standard], commitFailed=_COMMIT_FAILED[standard])
    model["lms"] = {
        "name": profile.name, "title": profile.title, "notes": list(profile.notes),
        "unimplemented": list(profile.unimplemented), "forgotten": list(profile.forgotten),
        "answers": dict(profile.answers),
        "commitRules": {rule: list(elements) for rule, elements in profile.commit_rules.items()},
    }
    return model


__all__ = ["LMS_PROFILES", "LmsProfile", "preview_model"]

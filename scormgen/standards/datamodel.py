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

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

Access = Literal["r", "w", "rw"]
# A value is checked by its length, a list of words, a number's range, or a regular expression.
Kind = Literal["text", "vocabulary", "real", "pattern"]
JSON = dict[str, object]


@dataclass(frozen=True)
class DataType:
    """A data type as the specification names it, with its value rule in its words;
    ``pattern`` reads the same in JavaScript and Python; ``label`` names it in a refusal."""

    name: str
    kind: Kind
    rule: str
    label: str = ""
    pattern: str = ""
    limit: int | None = None  # characters, where the type itself fixes them


@dataclass(frozen=True)
class Element:
    """One data-model element; ``n`` in its name stands for an array index."""

    name: str
    access: Access
    type: DataType
    section: str
    limit: int | None = None  # the element's smallest permitted maximum (SPM), if any
    vocabulary: tuple[str, ...] = ()
    range: tuple[float | None, float | None] | None = None
    # What LMSs refuse beyond the standard, and the preview too: "line-break" (Moodle, scorm-again),
    # "leading-brace" (scorm-again: a language tag), "centiseconds" (Moodle: 3 decimals of seconds)
    lms_rules: tuple[str, ...] = ()
    unset_error: bool = False  # SCORM 2004: read before anything was stored, error 403 (no default)

    @property
    def max_length(self) -> int | None:
        return self.limit if self.limit is not None else self.type.limit


@dataclass(frozen=True)
class RuntimeUse:
    """What the runtime's adapter reads and writes, by role (runtime/adapter-scorm.js)."""

    elements: Mapping[str, str]      # role -> element
    interaction: Mapping[str, str]   # role -> field of cmi.interactions.n, in the order written
    objective_status: str            # the status field of cmi.objectives.n
    vocabulary: Mapping[str, str | tuple[str, ...]]
    times: Mapping[str, str]         # role -> data type of the time value written
    resume_only: tuple[str, ...]     # roles read only when the learner resumes
    limits: Mapping[str, str]        # limit name -> the generic element it comes from


@dataclass(frozen=True)
class DataModel:
    """One standard's run-time data model: API, elements, error codes, and what the runtime uses."""

    name: str
    title: str
    api_name: str
    api_section: str
    methods: Mapping[str, str]       # role -> the API's method name
    elements: tuple[Element, ...]
    errors: Mapping[int, str]        # the codes the preview can give, with the standard's text
    error_section: str
    codes: Mapping[str, int]         # situation -> error code
    runtime: RuntimeUse

    def element(self, name: str) -> Element:
        """The element of this generic name ("cmi.interactions.n.id")."""
        found = next((element for element in self.elements if element.name == name), None)
        if found is None:
            raise KeyError(f"{name} is not in the {self.title} data model")
        return found


# --- SCORM 1.2 -------------------------------------------------------------------------

_DECIMAL = r"^-?\d+(\.\d+)?$"
_ID_12 = 255

CMI_STRING_255 = DataType("CMIString255", "text", "A set of ASCII characters, at most 255.", limit=255)
CMI_STRING_4096 = DataType("CMIString4096", "text", "A set of ASCII characters, at most 4096.", limit=4096)
CMI_IDENTIFIER = DataType("CMIIdentifier", "pattern", "Alphanumeric characters, no white space or unprintable one; "
                          f"at most {_ID_12}.", "CMIIdentifier", rf"^[\u0021-\u007E]{{1,{_ID_12}}}$", _ID_12)
CMI_FEEDBACK = DataType("CMIFeedback", "text", "The learner's response; for a fill-in, a CMIString255.", limit=255)
CMI_VOCABULARY = DataType("CMIVocabulary", "vocabulary", "One of the words the element's definition lists.")
CMI_RESULT = DataType("CMIVocabulary (Result)", "pattern", "correct, wrong, unanticipated, neutral, or a CMIDecimal.",
                      "CMIResult", r"^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$")
CMI_DECIMAL = DataType("CMIDecimal", "real", "A number, maybe with a decimal point and a minus sign.", "number",
                       _DECIMAL)
CMI_INTEGER = DataType("CMIInteger", "real", "An integer number from 0 to 65536.", "number", _DECIMAL)
CMI_TIMESPAN = DataType("CMITimespan", "pattern", "A length of time, HHHH:MM:SS.SS: 2 to 4 digits of hours, 1 or 2 "
                        "decimals.", "CMITimespan (HHHH:MM:SS.SS)", r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
CMI_TIME = DataType("CMITime", "pattern", "A time of day, HH:MM:SS.SS (24-hour clock, 1 or 2 decimals).",
                    "CMITime (HH:MM:SS.SS)", r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$")

_STATUS_12 = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
_SCORE_12 = (0.0, 100.0)
_e12 = partial(Element, section="RTE 1.2 3.4")  # every SCORM 1.2 element is in the data model part

SCORM_12 = DataModel(
    name="scorm12", title="SCORM 1.2", api_name="API", api_section="RTE 1.2 3.3",
    methods={"initialize": "LMSInitialize", "getValue": "LMSGetValue", "setValue": "LMSSetValue",
             "commit": "LMSCommit", "terminate": "LMSFinish", "getLastError": "LMSGetLastError",
             "getErrorString": "LMSGetErrorString", "getDiagnostic": "LMSGetDiagnostic"},
    elements=(
        _e12("cmi.core._children", "r", CMI_STRING_255), _e12("cmi.core.student_id", "r", CMI_IDENTIFIER),
        _e12("cmi.core.student_name", "r", CMI_STRING_255), _e12("cmi.core.lesson_location", "rw", CMI_STRING_255),
        _e12("cmi.core.credit", "r", CMI_VOCABULARY, vocabulary=("credit", "no-credit")),
        _e12("cmi.core.lesson_status", "rw", CMI_VOCABULARY, vocabulary=_STATUS_12),
        _e12("cmi.core.entry", "r", CMI_VOCABULARY, vocabulary=("ab-initio", "resume", "")),
        _e12("cmi.core.score._children", "r", CMI_STRING_255),
        *(_e12(f"cmi.core.score.{part}", "rw", CMI_DECIMAL, range=_SCORE_12) for part in ("raw", "min", "max")),
        _e12("cmi.core.total_time", "r", CMI_TIMESPAN),
        _e12("cmi.core.lesson_mode", "r", CMI_VOCABULARY, vocabulary=("browse", "normal", "review")),
        _e12("cmi.core.exit", "w", CMI_VOCABULARY, vocabulary=("time-out", "suspend", "logout", "")),
        _e12("cmi.core.session_time", "w", CMI_TIMESPAN),
        _e12("cmi.suspend_data", "rw", CMI_STRING_4096), _e12("cmi.launch_data", "r", CMI_STRING_4096),
        _e12("cmi.comments", "rw", CMI_STRING_4096, lms_rules=("line-break",)),
        _e12("cmi.comments_from_lms", "r", CMI_STRING_4096),
        _e12("cmi.objectives._children", "r", CMI_STRING_255), _e12("cmi.objectives._count", "r", CMI_INTEGER),
        _e12("cmi.objectives.n.id", "rw", CMI_IDENTIFIER),
        _e12("cmi.objectives.n.status", "rw", CMI_VOCABULARY, vocabulary=_STATUS_12),
        _e12("cmi.objectives.n.score.raw", "rw", CMI_DECIMAL, range=_SCORE_12),
        _e12("cmi.interactions._children", "r", CMI_STRING_255), _e12("cmi.interactions._count", "r", CMI_INTEGER),
        _e12("cmi.interactions.n.id", "w", CMI_IDENTIFIER),
        _e12("cmi.interactions.n.type", "w", CMI_VOCABULARY, vocabulary=(
            "true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric")),
        _e12("cmi.interactions.n.time", "w", CMI_TIME),
        _e12("cmi.interactions.n.student_response", "w", CMI_FEEDBACK, lms_rules=("line-break",)),
        _e12("cmi.interactions.n.result", "w", CMI_RESULT), _e12("cmi.interactions.n.latency", "w", CMI_TIMESPAN),
        _e12("cmi.interactions.n.weighting", "w", CMI_DECIMAL, range=(None, None)),
        _e12("cmi.student_data.mastery_score", "r", CMI_DECIMAL),
        _e12("cmi.student_preference.language", "rw", CMI_STRING_255),
    ),
    errors={0: "No error", 101: "General exception", 201: "Invalid argument error", 301: "Not initialized",
            401: "Not implemented error", 402: "Invalid set value, element is a keyword", 403: "Element is read only",
            404: "Element is write only", 405: "Incorrect data type"},
    error_section="RTE 1.2 3.3",
    # SCORM 1.2 has one code per kind of mistake, whatever the session's state.
    codes={"alreadyInitialized": 101, "initializeAfterEnd": 101, "getBeforeStart": 301, "getAfterEnd": 301,
           "setBeforeStart": 301, "setAfterEnd": 301, "commitBeforeStart": 301, "commitAfterEnd": 301,
           "endBeforeStart": 301, "endAfterEnd": 301, "undefinedElement": 201, "writeOnly": 404, "readOnly": 403,
           "indexSkipped": 201, "idFirst": 201, "typeMismatch": 405, "outOfRange": 405},
    runtime=RuntimeUse(
        elements={"entry": "cmi.core.entry", "status": "cmi.core.lesson_status", "exit": "cmi.core.exit",
                  "learnerId": "cmi.core.student_id", "learnerName": "cmi.core.student_name", "notes": "cmi.comments",
                  "location": "cmi.core.lesson_location", "suspendData": "cmi.suspend_data",
                  "sessionTime": "cmi.core.session_time", "interactions": "cmi.interactions",
                  "objectives": "cmi.objectives"},
        interaction={"id": "id", "type": "type", "time": "time", "response": "student_response"},
        objective_status="status",
        # notStarted: a status replaced by "incomplete" at the start; done: one "completed" leaves
        vocabulary={"interactionType": "fill-in", "incomplete": "incomplete", "completed": "completed",
                    "suspend": "suspend", "resume": "resume", "notStarted": ("", "not attempted"),
                    "done": ("completed", "passed")},
        times={"sessionTime": CMI_TIMESPAN.name, "interactionTime": CMI_TIME.name}, resume_only=(),
        limits={"location": "cmi.core.lesson_location", "response": "cmi.interactions.n.student_response",
                "comments": "cmi.comments"},
    ),
)


# --- SCORM 2004 (3rd and 4th Edition) ---------------------------------------------------

_LONG_ID = 4000
_TEXT = ("line-break", "leading-brace")  # what LMSs refuse in the learner's texts

CHARACTERSTRING = DataType("characterstring", "text", "ISO 10646 characters; the LMS keeps the element's SPM of them.")
LOCALIZED_STRING = DataType("localized_string_type", "text", "A characterstring, maybe preceded by a language tag "
                            "{lang=<language>}; the SPM counts the characters without the tag.")
LONG_IDENTIFIER = DataType("long_identifier_type", "pattern", f"A URI (RFC 3986), SPM {_LONG_ID} characters.",
                           "long_identifier_type", rf"^\S{{1,{_LONG_ID}}}$", _LONG_ID)
STATE = DataType("state", "vocabulary", "One of the words the element's definition lists.")
REAL = DataType("real(10,7)", "real", "A real number, kept to 7 digits after the point at least.", "number", _DECIMAL)
INTEGER = DataType("integer", "real", "A non-negative integer.", "number", _DECIMAL)
TIME = DataType("time (second,10,0)", "pattern", "A point in time, YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], to 0.01 s.",
                "time (second,10,0)",
                r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$")
TIMEINTERVAL = DataType("timeinterval (second,10,2)", "pattern", "A length of time, ISO 8601: "
                        "P[yY][mM][dD][T[hH][nM][s[.s]S]], to 0.01 s.", "timeinterval (PT1H2M3.45S)",
                        r"^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")
RESULT = DataType("result", "pattern", "correct, incorrect, unanticipated, neutral, or a real(10,7).", "result",
                  r"^(correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?)$")

_COMPLETION, _SUCCESS = ("completed", "incomplete", "not attempted", "unknown"), ("passed", "failed", "unknown")
_UNIT, _ANY = (0.0, 1.0), (None, None)

SCORM_2004 = DataModel(
    name="scorm2004", title="SCORM 2004", api_name="API_1484_11", api_section="RTE 3.1",
    methods={"initialize": "Initialize", "getValue": "GetValue", "setValue": "SetValue", "commit": "Commit",
             "terminate": "Terminate", "getLastError": "GetLastError", "getErrorString": "GetErrorString",
             "getDiagnostic": "GetDiagnostic"},
    elements=(
        Element("cmi._version", "r", CHARACTERSTRING, "RTE 4.2"),
        Element("cmi.learner_id", "r", LONG_IDENTIFIER, "RTE 4.2.10"),
        Element("cmi.learner_name", "r", LOCALIZED_STRING, "RTE 4.2.11", 250),
        Element("cmi.entry", "r", STATE, "RTE 4.2.6", vocabulary=("ab-initio", "resume", "")),
        Element("cmi.mode", "r", STATE, "RTE 4.2.15", vocabulary=("browse", "normal", "review")),
        Element("cmi.credit", "r", STATE, "RTE 4.2.5", vocabulary=("credit", "no-credit")),
        Element("cmi.total_time", "r", TIMEINTERVAL, "RTE 4.2.24"),
        Element("cmi.launch_data", "r", CHARACTERSTRING, "RTE 4.2.9", 4000),
        Element("cmi.location", "rw", CHARACTERSTRING, "RTE 4.2.13", 1000, unset_error=True),
        Element("cmi.completion_status", "rw", STATE, "RTE 4.2.3", vocabulary=_COMPLETION),
        Element("cmi.success_status", "rw", STATE, "RTE 4.2.21", vocabulary=_SUCCESS),
        Element("cmi.progress_measure", "rw", REAL, "RTE 4.2.17", range=_UNIT, unset_error=True),
        Element("cmi.score.scaled", "rw", REAL, "RTE 4.2.19", range=(-1.0, 1.0), unset_error=True),
        *(Element(f"cmi.score.{part}", "rw", REAL, "RTE 4.2.19", range=_ANY, unset_error=True)
          for part in ("raw", "min", "max")),
        Element("cmi.exit", "w", STATE, "RTE 4.2.7", vocabulary=("time-out", "suspend", "logout", "normal", "")),
        Element("cmi.session_time", "w", TIMEINTERVAL, "RTE 4.2.20"),
        Element("cmi.suspend_data", "rw", CHARACTERSTRING, "RTE 4.2.22", 64000, unset_error=True),
        Element("cmi.comments_from_learner._count", "r", INTEGER, "RTE 4.2.1"),
        Element("cmi.comments_from_learner.n.comment", "rw", LOCALIZED_STRING, "RTE 4.2.1", 4000, lms_rules=_TEXT),
        Element("cmi.comments_from_learner.n.location", "rw", CHARACTERSTRING, "RTE 4.2.1", 250),
        Element("cmi.comments_from_learner.n.timestamp", "rw", TIME, "RTE 4.2.1", lms_rules=("centiseconds",)),
        Element("cmi.objectives._count", "r", INTEGER, "RTE 4.2.16"),
        Element("cmi.objectives.n.id", "rw", LONG_IDENTIFIER, "RTE 4.2.16"),
        *(Element(f"cmi.objectives.n.{status}", "rw", STATE, "RTE 4.2.16", vocabulary=words)
          for status, words in (("completion_status", _COMPLETION), ("success_status", _SUCCESS))),
        Element("cmi.objectives.n.progress_measure", "rw", REAL, "RTE 4.2.16", range=_UNIT),
        Element("cmi.objectives.n.description", "rw", LOCALIZED_STRING, "RTE 4.2.16", 250, lms_rules=_TEXT),
        Element("cmi.interactions._count", "r", INTEGER, "RTE 4.2.8"),
        Element("cmi.interactions.n.id", "rw", LONG_IDENTIFIER, "RTE 4.2.8"),
        Element("cmi.interactions.n.type", "rw", STATE, "RTE 4.2.8", vocabulary=(
            "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert",
            "numeric", "other")),
        Element("cmi.interactions.n.timestamp", "rw", TIME, "RTE 4.2.8", lms_rules=("centiseconds",)),
        # a long-fill-in interaction's response is a localized_string_type
        Element("cmi.interactions.n.learner_response", "rw", LOCALIZED_STRING, "RTE 4.2.8", 4000, lms_rules=_TEXT),
        Element("cmi.interactions.n.description", "rw", LOCALIZED_STRING, "RTE 4.2.8", 250, lms_rules=_TEXT),
        Element("cmi.interactions.n.result", "rw", RESULT, "RTE 4.2.8"),
        Element("cmi.interactions.n.latency", "rw", TIMEINTERVAL, "RTE 4.2.8"),
        Element("cmi.interactions.n.weighting", "rw", REAL, "RTE 4.2.8", range=_ANY),
    ),
    errors={0: "No error", 101: "General exception", 103: "Already initialized", 104: "Content instance terminated",
            112: "Termination before initialization", 113: "Termination after termination",
            122: "Retrieve data before initialization", 123: "Retrieve data after termination",
            132: "Store data before initialization", 133: "Store data after termination",
            142: "Commit before initialization", 143: "Commit after termination", 201: "General argument error",
            301: "General get failure", 351: "General set failure", 391: "General commit failure",
            401: "Undefined data model element", 403: "Data model element value not initialized",
            404: "Data model element is read only", 405: "Data model element is write only",
            406: "Data model element type mismatch", 407: "Data model element value out of range",
            408: "Data model dependency not established"},
    error_section="RTE 3.1.7",
    codes={"alreadyInitialized": 103, "initializeAfterEnd": 104, "getBeforeStart": 122, "getAfterEnd": 123,
           "setBeforeStart": 132, "setAfterEnd": 133, "commitBeforeStart": 142, "commitAfterEnd": 143,
           "endBeforeStart": 112, "endAfterEnd": 113, "undefinedElement": 401, "writeOnly": 405, "readOnly": 404,
           "notInitialized": 403, "indexSkipped": 351, "idFirst": 408, "typeMismatch": 406, "outOfRange": 407},
    runtime=RuntimeUse(
        elements={"entry": "cmi.entry", "status": "cmi.completion_status", "exit": "cmi.exit",
                  "learnerId": "cmi.learner_id", "learnerName": "cmi.learner_name", "location": "cmi.location",
                  "suspendData": "cmi.suspend_data", "sessionTime": "cmi.session_time",
                  "progress": "cmi.progress_measure", "interactions": "cmi.interactions",
                  "objectives": "cmi.objectives",
                  # counted at the start like the other arrays; the learner's notes are
                  # always the first comment, rewritten in place, with its time
                  "notesCount": "cmi.comments_from_learner._count", "notes": "cmi.comments_from_learner.0.comment",
                  "notesTime": "cmi.comments_from_learner.0.timestamp"},
        interaction={"id": "id", "type": "type", "time": "timestamp", "response": "learner_response",
                     "description": "description"}, objective_status="completion_status",
        vocabulary={"interactionType": "long-fill-in", "incomplete": "incomplete", "completed": "completed",
                    "suspend": "suspend", "resume": "resume", "notStarted": ("", "unknown", "not attempted"),
                    "done": ("completed",)},
        times={"sessionTime": TIMEINTERVAL.name, "interactionTime": TIME.name, "notesTime": TIME.name},
        resume_only=("location", "suspendData"),  # read before anything was stored: error 403
        limits={"location": "cmi.location", "response": "cmi.interactions.n.learner_response",
                "description": "cmi.interactions.n.description", "comments": "cmi.comments_from_learner.n.comment"},
    ),
)

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


def runtime_table(target_name: str) -> JSON | None:
    """What the runtime's SCORM adapter needs, as the build writes it into the launch page
    (``config.dataModel``); None for the xAPI targets."""
    profile = _profile(target_name)
    if profile is None:
        return None
    model, use = profile.model, profile.model.runtime
    limits: JSON = {"suspendData": profile.suspend_chars, "suspendBytes": profile.suspend_bytes}
    limits.update((name, element_limit(model.name, element)) for name, element in use.limits.items())
    return {
        "apiName": model.api_name, "methods": dict(model.methods), "elements": dict(use.elements),
        "interaction": dict(use.interaction), "objectiveStatus": use.objective_status,
        "vocabulary": {name: list(value) if isinstance(value, tuple) else value
                       for name, value in use.vocabulary.items()},
        "times": dict(use.times), "resumeOnly": list(use.resume_only), "limits": limits,
    }


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
    }


"""SCORM 2004 (Run-Time Environment, 3rd and 4th Edition): the API and the data model
elements scormgen uses, with their data types, limits and vocabularies (each element's
section of the RTE book, alike in both editions)."""
from __future__ import annotations

from .rte import DECIMAL as _DECIMAL
from .rte import DataModel, DataType, Element, ResponseFormat, RuntimeUse, ScoringUse

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
# A correct-response pattern's format depends on the interaction's type (RTE 4.2.9.1); the
# largest SPM of any type's pattern is a long-fill-in's, 4,000 characters.
PATTERN = DataType("characterstring (pattern)", "text", "A correct response, written as the interaction's type "
                   "says (RTE 4.2.9.1).")
# cmi.interactions.n.learner_response and correct_responses.n.pattern by interaction type
# (RTE 4.2.9.1, 4.2.9.2): a choice is a set of short_identifier_type (a URI of at most 250
# characters, its SPM; at least 36 of them), separated by "[,]"; a true-false is "true" or "false".
# The URI's characters (RFC 3986) but "[" and "]", which only the separator has here.
_SHORT_ID = r"^[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]{1,250}$"
_RESPONSES_2004 = {
    "choice": ResponseFormat(_SHORT_ID, "[,]", 36, unique=True, written={"by": "id"}),
    "true-false": ResponseFormat(r"^(true|false)$", written={"true": "true", "false": "false"}),
}
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
        Element("cmi.interactions.n.correct_responses._count", "r", INTEGER, "RTE 4.2.8"),
        Element("cmi.interactions.n.correct_responses.n.pattern", "rw", PATTERN, "RTE 4.2.8", 4000),
        # set by the LMS from the primary objective's minNormalizedMeasure (satisfiedByMeasure)
        Element("cmi.scaled_passing_score", "r", REAL, "RTE 4.2.18", range=(-1.0, 1.0), unset_error=True),
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
        # a course with questions: the score, and success apart from completion
        scoring=ScoringUse(
            elements={"scoreScaled": "cmi.score.scaled", "scoreRaw": "cmi.score.raw", "scoreMin": "cmi.score.min",
                      "scoreMax": "cmi.score.max", "success": "cmi.success_status",
                      "mastery": "cmi.scaled_passing_score"},
            interaction={"pattern": "correct_responses.0.pattern", "result": "result", "weighting": "weighting",
                         "latency": "latency"},
            vocabulary={"correct": "correct", "incorrect": "incorrect", "passed": "passed", "failed": "failed",
                        "unknown": "unknown"},
            responses=_RESPONSES_2004, mastery_scale=100, times={"latency": TIMEINTERVAL.name}),
    ),
)

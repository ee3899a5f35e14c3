"""SCORM 1.2 (Run-Time Environment 1.2): the API and the data model elements scormgen
uses, with their data types, limits and vocabularies (RTE 1.2, 3.3 the API, 3.4 the data
model)."""
from __future__ import annotations

from functools import partial

from .rte import DECIMAL as _DECIMAL
from .rte import DataModel, DataType, Element, ResponseFormat, RuntimeUse, ScoringUse

# --- SCORM 1.2 -------------------------------------------------------------------------

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
# cmi.interactions.n.student_response and correct_responses.n.pattern by interaction type
# (RTE 1.2 3.4.4, CMIFeedback): a choice is one or more single characters 0-9 or a-z separated
# by commas (a set of them may be written in braces, {a,c}); a true-false is 0, 1, t or f.
_RESPONSES_12 = {
    "choice": ResponseFormat(r"^[0-9a-z]$", ",", 36, braces=True, written={"by": "letter"}),
    "true-false": ResponseFormat(r"^[01tf]$", written={"true": "t", "false": "f"}),
}
_SCORE_12 = (0.0, 100.0)
_e12 = partial(Element, section="RTE 1.2 3.4")  # every SCORM 1.2 element is in the data model part

SCORM_12 = DataModel(
    name="scorm12", title="SCORM 1.2", api_name="API", api_section="RTE 1.2 3.3",
    methods={"initialize": "LMSInitialize", "getValue": "LMSGetValue", "setValue": "LMSSetValue",
             "commit": "LMSCommit", "terminate": "LMSFinish", "getLastError": "LMSGetLastError",
             "getErrorString": "LMSGetErrorString", "getDiagnostic": "LMSGetDiagnostic"},
    elements=(
        _e12("cmi._children", "r", CMI_STRING_255),
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
        _e12("cmi.interactions.n.correct_responses._count", "r", CMI_INTEGER),
        # its format depends on the interaction's type, as student_response's (_RESPONSES_12)
        _e12("cmi.interactions.n.correct_responses.n.pattern", "w", CMI_FEEDBACK),
        _e12("cmi.student_data.mastery_score", "r", CMI_DECIMAL, range=_SCORE_12),
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
                  "objectives": "cmi.objectives",
                  # what the LMS implements of the data model's optional parts (RTE 1.2 3.4: an LMS
                  # may leave out cmi.comments, cmi.objectives, cmi.interactions...)
                  "children": "cmi._children"},
        interaction={"id": "id", "type": "type", "time": "time", "response": "student_response"},
        objective_status="status",
        # notStarted: a status replaced by "incomplete" at the start; done: one "completed" leaves
        vocabulary={"interactionType": "fill-in", "incomplete": "incomplete", "completed": "completed",
                    "suspend": "suspend", "resume": "resume", "notStarted": ("", "not attempted"),
                    "done": ("completed", "passed")},
        times={"sessionTime": CMI_TIMESPAN.name, "interactionTime": CMI_TIME.name}, resume_only=(),
        limits={"location": "cmi.core.lesson_location", "response": "cmi.interactions.n.student_response",
                "comments": "cmi.comments"},
        # a course with questions: the score (0-100) and, in lesson_status, passed or failed
        scoring=ScoringUse(
            elements={"scoreRaw": "cmi.core.score.raw", "scoreMin": "cmi.core.score.min",
                      "scoreMax": "cmi.core.score.max", "mastery": "cmi.student_data.mastery_score"},
            interaction={"pattern": "correct_responses.0.pattern", "result": "result", "weighting": "weighting",
                         "latency": "latency"},
            vocabulary={"correct": "correct", "incorrect": "wrong", "passed": "passed", "failed": "failed"},
            responses=_RESPONSES_12, mastery_scale=1, times={"latency": CMI_TIMESPAN.name}),
    ),
)

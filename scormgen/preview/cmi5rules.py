"""cmi5's rules, as a strict LMS checks them: a batch of statements against the launch
and what the session has done so far, the AU's State API and agent profile requests,
and what the LMS's own statements (launched, abandoned, satisfied) hold.

The rules are those ADL's reference player (CATAPULT) enforces, each named by its id
in ADL's list of cmi5 requirements (the npm package ``@cmi5/requirements``; the tests
check every id used here exists there). The messages are ours. Pure functions: the
LMS (``cmi5.py``) keeps the sessions and says what was accepted.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
EXTENSIONS = "https://w3id.org/xapi/cmi5/context/extensions/"
SESSION_ID = EXTENSIONS + "sessionid"
MASTERY_SCORE = EXTENSIONS + "masteryscore"
LAUNCH_MODES = ("Normal", "Browse", "Review")
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
COURSE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/course"


class Violation(Exception):
    """A request refused: the requirement it breaks (None: an xAPI request error, not a
    cmi5 rule), in our words, and the HTTP status to answer with."""

    def __init__(self, requirement: str | None, detail: str, status: int = 403):
        super().__init__(f"{requirement}: {detail}" if requirement else detail)
        self.requirement = requirement
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class VerbRule:
    """What a cmi5 defined statement with this verb needs; each field names the
    requirement the statement breaks without it."""

    completion: tuple[bool, str] | None = None  # result.completion must be this value
    success: tuple[bool, str] | None = None     # result.success must be this value
    duration: str | None = None                 # result.duration is required
    once: str | None = None                     # once per registration
    not_after_passed: str | None = None         # never once the registration has passed
    satisfying: bool = False                    # not sent in Browse or Review mode
    judging: bool = False                       # passed or failed: one of them per session, by masteryScore


# The cmi5 defined verbs (all ADL's, http://adlnet.gov/expapi/verbs/<name>).
DEFINED_VERBS: dict[str, VerbRule] = {
    "initialized": VerbRule(),
    "completed": VerbRule(completion=(True, "9.5.3.0-1"), duration="9.5.4.1-2", once="9.3.0.0-6", satisfying=True),
    "passed": VerbRule(success=(True, "9.5.2.0-1"), duration="9.5.4.1-3", once="9.3.0.0-7", satisfying=True,
                       judging=True),
    "failed": VerbRule(success=(False, "9.5.2.0-2"), duration="9.5.4.1-4", not_after_passed="9.3.0.0-8",
                       satisfying=True, judging=True),
    "terminated": VerbRule(duration="9.5.4.1-1"),
}
# Result properties only some defined verbs may carry: requirement, the verbs.
RESULT_ONLY_ON: dict[str, tuple[str, frozenset[str]]] = {
    "completion": ("9.5.3.0-2", frozenset({"completed"})),
    "success": ("9.5.2.0-3", frozenset({"passed", "failed"})),
    "score": ("9.5.1.0-2", frozenset({"passed", "failed"})),
}
# Launch modes in which the satisfying verbs are refused.
NOT_SATISFYING_IN: dict[str, str] = {"Browse": "10.2.2.0-9", "Review": "10.2.2.0-11"}

# moveOn -> whether it is met, given (completed, passed) in the registration.
MOVED_ON: dict[str, Callable[[bool, bool], bool]] = {
    "Completed": lambda completed, passed: completed,
    "Passed": lambda completed, passed: passed,
    "CompletedAndPassed": lambda completed, passed: completed and passed,
    "CompletedOrPassed": lambda completed, passed: completed or passed,
    "NotApplicable": lambda completed, passed: True,
}
LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"

UTC_TIMESTAMP = re.compile(r"(Z|\+00(:?00)?)$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d(:?\d\d)?)$")
DURATION = re.compile(r"^P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
                      r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Launch:
    """What the LMS fixed when it launched the session, as the rules read it."""

    actor: dict[str, Any]
    registration: str
    activity_id: str
    launch_mode: str
    context_template: dict[str, Any]
    mastery_score: float | None = None  # LMS.LaunchData's masteryScore (0..1), if it gives one


@dataclass(frozen=True)
class Progress:
    """What the LMS has accepted so far: in this session, and (completed, passed) in the
    registration, across its sessions."""

    preferences_read: bool = False
    initialized: bool = False
    terminated: bool = False
    abandoned: bool = False
    completed: bool = False
    passed: bool = False
    judged: bool = False  # a passed or failed accepted in this session


def check_batch(launch: Launch, progress: Progress, batch: list[dict[str, Any]]) -> Progress:
    """The progress once ``batch`` is accepted; raises Violation for the first statement
    (in order) that breaks a rule, and then none of the batch may be kept."""
    if not progress.preferences_read:
        raise Violation("11.0.0.0-3", "statements came before the AU read the learner preferences "
                                      "(agent profile cmi5LearnerPreferences)")
    if not progress.initialized and not (len(batch) == 1 and verb_name(batch[0]) == "initialized"):
        raise Violation("9.3.0.0-4", "until initialized is accepted, a session's statement request "
                                     "must carry initialized and nothing else")
    for statement in batch:
        progress = check_statement(launch, progress, statement)
    return progress


def check_statement(launch: Launch, progress: Progress, statement: dict[str, Any]) -> Progress:
    """The progress once ``statement`` is accepted after ``progress``; raises Violation."""
    _check_shape(statement)
    verb = verb_name(statement)
    _check_order(progress, verb)
    if statement.get("actor") != launch.actor:
        raise Violation("8.1.3.0-3", "the actor is not exactly the launch's actor (compared as JSON)")
    context = statement.get("context")
    context = context if isinstance(context, dict) else {}
    if context.get("registration") != launch.registration:
        raise Violation("9.6.1.0-1", "context.registration is missing or not the launch's registration")
    _check_template(launch.context_template, context)
    categories = activity_ids(context, "category")
    defined = _defined_verb(statement, verb, categories, launch.activity_id)
    result = statement.get("result")
    result = result if isinstance(result, dict) else {}
    if defined is not None:
        _check_defined(launch, progress, defined, result, categories)
        if DEFINED_VERBS[defined].judging:
            _check_judgement(launch, progress, defined, result, context)
    elif MOVEON_CATEGORY in categories:
        raise Violation("9.6.2.2-2", "only cmi5 defined statements with result.completion or "
                                     "result.success carry the moveOn category")
    _check_score(result)
    _check_timestamp(statement.get("timestamp"))
    return replace(progress, initialized=progress.initialized or verb == "initialized",
                   terminated=progress.terminated or verb == "terminated",
                   completed=progress.completed or defined == "completed",
                   passed=progress.passed or defined == "passed",
                   judged=progress.judged or defined in ("passed", "failed"))


def verb_name(statement: dict[str, Any]) -> str:
    """"completed" for ADL's completed verb, the whole IRI for any other verb."""
    verb = statement.get("verb")
    iri = verb.get("id") if isinstance(verb, dict) else None
    iri = iri if isinstance(iri, str) else ""
    name = iri.removeprefix(ADL_VERBS)
    return name if name in DEFINED_VERBS else iri


def activity_ids(context: dict[str, Any], kind: str) -> list[Any]:
    """The ids of a context's activities of one kind (xAPI allows one object or a list)."""
    activities = context.get("contextActivities")
    found = activities.get(kind) if isinstance(activities, dict) else None
    listed = found if isinstance(found, list) else [found] if isinstance(found, dict) else []
    return [activity.get("id") for activity in listed if isinstance(activity, dict)]


def _check_shape(statement: dict[str, Any]) -> None:
    identifier = statement.get("id")
    if not isinstance(identifier, str) or not UUID.match(identifier):
        raise Violation("9.1.0.0-1", "every statement the AU sends has an id of its own, a UUID")
    if not isinstance(statement.get("verb"), dict) or not isinstance(statement.get("object"), dict):
        raise Violation("4.1.0.0-1", "an xAPI statement has a verb and an object", 400)
    if verb_name(statement) == ADL_VERBS + "voided":
        raise Violation("6.3.0.0-1", "the AU may not void statements")


def _check_order(progress: Progress, verb: str) -> None:
    if progress.abandoned:
        raise Violation("9.3.6.0-2", "the LMS recorded this session as abandoned: it takes nothing more from it")
    if progress.terminated:
        raise Violation("9.3.0.0-5", "this session has terminated: terminated is its last statement")
    if verb == "initialized" and progress.initialized:
        raise Violation("9.3.2.0-3", "initialized was already accepted in this session")


def _check_template(template: dict[str, Any], context: dict[str, Any]) -> None:
    extensions = context.get("extensions")
    extensions = extensions if isinstance(extensions, dict) else {}
    for key, value in (template.get("extensions") or {}).items():
        if key not in extensions:
            raise Violation("10.2.1.0-6", f"context.extensions lacks {key} of the launch's contextTemplate")
        if extensions[key] != value:
            raise Violation("10.2.1.0-7", f"context.extensions changes {key} of the launch's contextTemplate")
    for kind, activities in (template.get("contextActivities") or {}).items():
        present = activity_ids(context, kind)
        for activity in activities:
            if activity["id"] not in present:
                raise Violation("10.2.1.0-6", f"context.contextActivities.{kind} lacks {activity['id']} "
                                              "of the launch's contextTemplate")


def _defined_verb(statement: dict[str, Any], verb: str, categories: list[Any], activity_id: str) -> str | None:
    """The verb's name when the statement is cmi5 defined, None when it is cmi5 allowed;
    raises when it is half one, half the other."""
    about_au = statement["object"].get("id") == activity_id
    if CMI5_CATEGORY in categories:
        if verb not in DEFINED_VERBS:
            raise Violation("9.6.2.1-1", "the cmi5 category marks cmi5 defined statements, and this verb is not one")
        if not about_au:
            raise Violation("8.1.5.0-6", "a cmi5 defined statement's object is the launch's activityId")
        return verb
    if verb in DEFINED_VERBS and about_au:
        raise Violation("9.6.2.1-1", f"a cmi5 defined statement ({verb} of the AU) carries the cmi5 category")
    return None


def _check_defined(launch: Launch, progress: Progress, verb: str, result: dict[str, Any],
                   categories: list[Any]) -> None:
    rule = DEFINED_VERBS[verb]
    if rule.satisfying and launch.launch_mode in NOT_SATISFYING_IN:
        raise Violation(NOT_SATISFYING_IN[launch.launch_mode],
                        f"{verb} is not sent in a {launch.launch_mode} launch")
    for name, (requirement, verbs) in RESULT_ONLY_ON.items():
        if name in result and verb not in verbs:
            raise Violation(requirement, f"result.{name} belongs only on {' or '.join(sorted(verbs))}")
    for name, expected in (("completion", rule.completion), ("success", rule.success)):
        if expected is not None and result.get(name) is not expected[0]:
            raise Violation(expected[1], f"{verb} has result.{name} {str(expected[0]).lower()}")
    if rule.duration and not (isinstance(result.get("duration"), str) and DURATION.match(result["duration"])):
        raise Violation(rule.duration, f"{verb} has result.duration, an ISO 8601 duration")
    moves_on = "completion" in result or "success" in result
    if moves_on and MOVEON_CATEGORY not in categories:
        raise Violation("9.6.2.2-1", f"{verb} with result.completion or result.success carries the moveOn category")
    if not moves_on and MOVEON_CATEGORY in categories:
        raise Violation("9.6.2.2-2", f"{verb} without result.completion or result.success carries no moveOn category")
    if rule.once and _in_registration(progress, verb):
        raise Violation(rule.once, f"{verb} was already accepted in this registration")
    if rule.not_after_passed and progress.passed:
        raise Violation(rule.not_after_passed, f"{verb} after passed in the same registration")


def _in_registration(progress: Progress, verb: str) -> bool:
    """Whether the registration already has an accepted ``verb`` (completed or passed)."""
    return {"completed": progress.completed, "passed": progress.passed}.get(verb, False)


def _check_judgement(launch: Launch, progress: Progress, verb: str, result: dict[str, Any],
                     context: dict[str, Any]) -> None:
    """passed and failed: one of the two in a session, and with a score, consistent with the
    launch's masteryScore and saying it in the context."""
    if progress.judged:
        raise Violation("9.3.0.0-3", f"{verb}: this session already has its passed or failed; a session sends one")
    score, mastery = result.get("score"), launch.mastery_score
    if mastery is None or not isinstance(score, dict):
        return
    extensions = context.get("extensions")
    said = extensions.get(MASTERY_SCORE) if isinstance(extensions, dict) else None
    if _number(said) is None or said != mastery:
        raise Violation("9.6.3.2-2", f"{verb} with a score carries the launch's masteryScore ({mastery:g}) "
                                     f"as the context extension {MASTERY_SCORE}")
    scaled = _number(score.get("scaled"))
    if verb == "passed" and scaled is not None and scaled < mastery:
        raise Violation("9.3.4.0-2", f"passed with score.scaled {scaled:g}, under the launch's masteryScore "
                                     f"{mastery:g}")
    if verb == "failed" and scaled is not None and scaled >= mastery:
        raise Violation("9.3.5.0-2", f"failed with score.scaled {scaled:g}, not under the launch's masteryScore "
                                     f"{mastery:g}")


def _number(value: Any) -> float | None:
    """A JSON number as a float; None for anything else (true and false included)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _check_score(result: dict[str, Any]) -> None:
    score = result.get("score")
    if score is None:
        return
    if not isinstance(score, dict):
        raise Violation(None, "result.score is an object (scaled, raw, min, max)", 400)
    if "raw" in score and not ("min" in score and "max" in score):
        raise Violation("9.5.1.0-3", "a score with raw gives min and max too")
    numbers = {name: _number(score[name]) for name in ("scaled", "raw", "min", "max") if name in score}
    parts = {name: number for name, number in numbers.items() if number is not None}
    if len(parts) < len(numbers):
        raise Violation(None, "result.score's scaled, raw, min and max are numbers", 400)
    low, high = parts.get("min", float("-inf")), parts.get("max", float("inf"))
    if not -1 <= parts.get("scaled", 0) <= 1 or low >= high or not low <= parts.get("raw", low) <= high:
        raise Violation(None, "xAPI: score.scaled is from -1 to 1, min under max, and raw from min to max", 400)


def _check_timestamp(timestamp: Any) -> None:
    if not isinstance(timestamp, str) or not TIMESTAMP.match(timestamp):
        raise Violation("9.7.0.0-1", "every statement has a timestamp (ISO 8601, with its time zone)")
    try:
        datetime.strptime(timestamp[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise Violation("9.7.0.0-1", "the timestamp is not a date and time that exists") from None
    if not UTC_TIMESTAMP.search(timestamp):
        raise Violation("9.7.0.0-2", "timestamps are in UTC (Z or +00:00)")


# -- the other requests ---------------------------------------------------------------------------
def parse_statements(body: bytes) -> list[dict[str, Any]]:
    """The statements of a request: one JSON object or a list of them, as xAPI allows."""
    try:
        data = json.loads(body or b"[]")
    except ValueError:
        raise Violation(None, "the statements are not JSON", 400) from None
    batch = data if isinstance(data, list) else [data]
    if not all(isinstance(statement, dict) for statement in batch):
        raise Violation(None, "a statement is a JSON object; send one, or a list of them", 400)
    return batch


def check_agent(params: dict[str, str], requirement: str, actor: dict[str, Any]) -> None:
    """The ``agent`` parameter of a State API or agent profile request is the launch's actor."""
    try:
        agent = json.loads(params["agent"])
    except KeyError:
        raise Violation(requirement, "the request has no agent parameter") from None
    except ValueError:
        raise Violation(None, "the agent parameter is not JSON", 400) from None
    if agent != actor:
        raise Violation(requirement, "the agent parameter is not exactly the launch's actor (compared as JSON)")


def check_state_request(launch: Launch, method: str, params: dict[str, str]) -> str | None:
    """The stateId of a State API request made with the launch's agent, activity and registration."""
    check_agent(params, "8.1.3.0-3", launch.actor)
    if params.get("activityId") != launch.activity_id:
        raise Violation("10.1.0.0-3", "activityId is not the launch's activityId")
    if params.get("registration") != launch.registration:
        raise Violation("8.1.4.0-3", "registration is missing or not the launch's registration")
    state_id = params.get("stateId")
    if (state_id == LAUNCH_DATA and method != "GET") or (state_id is None and method == "DELETE"):
        raise Violation("10.2.1.0-5", "LMS.LaunchData is the LMS's: the AU reads it, never changes or deletes it")
    if state_id is None and method != "GET":
        raise Violation("4.1.0.0-1", "a State API request that writes names its stateId", 400)
    return state_id


def check_preferences(body: bytes) -> None:
    """A learner preferences document the AU would write has the two properties cmi5 defines."""
    document = json_object(body)
    if document is None or not {"languagePreference", "audioPreference"} <= document.keys():
        raise Violation("11.0.0.0-5", "the learner preferences are a JSON object with languagePreference "
                                      "and audioPreference")


def json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# -- what the LMS records itself ----------------------------------------------------------------
def lms_statement(launch: Launch, publisher_id: str, verb: str, activity: dict[str, Any] | None = None,
                  result: dict[str, Any] | None = None, extensions: dict[str, Any] | None = None) -> dict[str, Any]:
    """A statement the LMS makes about a session (launched, abandoned, satisfied): the cmi5
    category, the publisher id in grouping and the session id, as cmi5 9.6 asks."""
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()), "actor": launch.actor, "timestamp": utc_now(),
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[1]}},
        "object": activity or {"objectType": "Activity", "id": launch.activity_id},
        "context": {"registration": launch.registration,
                    "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}],
                                          "category": [{"objectType": "Activity", "id": CMI5_CATEGORY}]},
                    "extensions": {**launch.context_template["extensions"], **(extensions or {})}}}
    if result:
        statement["result"] = result
    return statement


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

"""What the report keeps of each statement, gathered as the pages arrive.

Statements are read once, in the LRS's order, and forgotten: per learner only what the
output needs is kept (name, first completion, total time, the latest answer to each
reflection and to each question with its result, the latest passed or failed with its
score). The result is the one of reading every statement sorted by timestamp, the LRS's
order breaking ties: each kept value carries the (timestamp, arrival) key it came with,
and a later key replaces it (or, for the completion, an earlier one).

An answer is a question's when its object is ``<course>/questions/<id>`` (the id
percent-encoded), a reflection's otherwise (``<course>/reflections/<id>``).

A statement not in the shape the report reads (a field of another type, a missing
actor or verb) is counted and skipped, never fatal: the warning names the first few.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import unquote

ADL = "http://adlnet.gov/expapi/verbs/"
SHOWN_SKIPPED = 5

Order = tuple[str, int]  # (timestamp, arrival): the order of a stable sort by timestamp


class Malformed(ValueError):
    """A statement not in the shape the report reads."""


@dataclass(slots=True)
class Answer:
    first: Order  # the item's place among the learner's answers: its first answer
    at: Order
    prompt: str
    response: str
    timestamp: str
    success: bool | None = None  # a question's result: right or wrong


@dataclass(slots=True)
class Judgement:
    """The course's latest passed or failed: whether passed, and its score (percent) if it has one."""

    at: Order
    passed: bool
    score: float | None


@dataclass(slots=True)
class Learner:
    key: str
    name: str = ""
    name_at: Order = ("", -1)
    completed: str | None = None
    completed_at: Order | None = None
    seconds: float = 0.0
    answers: dict[str, Answer] = field(default_factory=dict)  # by reflection id
    questions: dict[str, Answer] = field(default_factory=dict)  # by question id; result in .success
    judgement: Judgement | None = None
    score: float | None = None  # the course score, percent (set by Summary.sorted_learners)

    @property
    def passed(self) -> bool | None:
        return None if self.judgement is None else self.judgement.passed


class Fact(NamedTuple):
    """The part of one of the course's statements that the report reads."""

    learner: str
    name: str | None
    verb: str
    at: Order
    result: dict[str, Any]
    obj: dict[str, Any]


_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def duration_seconds(value: str) -> float:
    """An ISO 8601 duration (as xAPI's result.duration) in seconds; 0 for one it cannot read."""
    match = _DURATION.match(value or "")
    if not match:
        return 0.0
    days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


def _get(mapping: dict[str, Any], key: str, kind: type, required: bool = False) -> Any:
    """``mapping[key]`` when it is a ``kind``; None when absent or null (Malformed if required)."""
    value = mapping.get(key)
    if value is None:
        if required:
            raise Malformed(f"no {key}")
        return None
    if not isinstance(value, kind):
        words = {dict: "an object", str: "text", bool: "true or false"}.get(kind, "a list")
        raise Malformed(f"{key} is not {words}")
    return value


def _related(statement: dict[str, Any]) -> list[str]:
    """The IRIs of the statement's parent and grouping activities (a list, or one object, in xAPI)."""
    context = _get(statement, "context", dict) or {}
    activities = _get(context, "contextActivities", dict) or {}
    found: list[str] = []
    for key in ("parent", "grouping"):
        value = activities.get(key) or []
        for activity in [value] if isinstance(value, dict) else value if isinstance(value, list) else [None]:
            if not isinstance(activity, dict):
                raise Malformed(f"contextActivities.{key} is not a list of activities")
            iri = _get(activity, "id", str)
            if iri:
                found.append(iri)
    return found


def _learner_key(actor: dict[str, Any]) -> str:
    mbox: str | None = _get(actor, "mbox", str)
    if mbox:
        return mbox
    account = _get(actor, "account", dict)
    if account:
        return f"{_get(account, 'homePage', str) or ''}|{_get(account, 'name', str) or ''}"
    return _get(actor, "openid", str) or _get(actor, "mbox_sha1sum", str) or "unknown"


class Skipped:
    """The statements skipped for their shape: how many, and the first few ids with the reason."""

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def note(self, statement: Any, reason: str) -> None:
        self.count += 1
        if len(self.first) < SHOWN_SKIPPED:
            sid = statement.get("id") if isinstance(statement, dict) else None
            self.first.append(f"{sid[:80] if isinstance(sid, str) else '(no id)'} ({reason})")


class Summary:
    """The course's learners, built one statement at a time. ``questions``: the course's
    question ids, when the caller knows the course (the score of a learner without a
    passed or failed counts over them; else over every question some learner answered)."""

    def __init__(self, course_iri: str, questions: Iterable[str] | None = None) -> None:
        self.course_iri = course_iri
        self.questions = None if questions is None else list(questions)
        self.learners: dict[str, Learner] = {}
        self.statements = 0
        self.pages = 0
        self.skipped = Skipped()

    def add_page(self, statements: Iterable[Any]) -> None:
        self.pages += 1
        for statement in statements:
            self.statements += 1
            try:
                fact = self._fact(statement, self.statements)
            except Malformed as exc:
                self.skipped.note(statement, str(exc))
                continue
            if fact is not None:
                self._apply(fact)

    def sorted_learners(self) -> list[Learner]:
        """The learners by key, each with their score."""
        learners = sorted(self.learners.values(), key=lambda learner: learner.key)
        questions = self.questions
        if questions is None:
            questions = sorted({question for learner in learners for question in learner.questions})
        for learner in learners:
            learner.score = _score(learner, questions)
        return learners

    def _ours(self, iri: str | None) -> bool:
        return bool(iri) and (iri == self.course_iri or str(iri).startswith(self.course_iri + "/"))

    def _fact(self, statement: Any, arrival: int) -> Fact | None:
        """What the report reads of a statement about the course; None for another course's statement."""
        if not isinstance(statement, dict):
            raise Malformed("not an object")
        obj = _get(statement, "object", dict) or {}
        if not (self._ours(_get(obj, "id", str)) or any(self._ours(iri) for iri in _related(statement))):
            return None
        actor = _get(statement, "actor", dict, required=True)
        verb = _get(_get(statement, "verb", dict, required=True), "id", str, required=True)
        result = _get(statement, "result", dict) or {}
        for key in ("response", "duration"):
            _get(result, key, str)
        _get(result, "success", bool)
        _get(result, "score", dict)
        definition = _get(obj, "definition", dict) or {}
        for key in ("description", "name"):
            texts = _get(definition, key, dict) or {}
            if not all(isinstance(text, str) for text in texts.values()):
                raise Malformed(f"object.definition.{key} is not a language map")
        return Fact(_learner_key(actor), _get(actor, "name", str), verb.removeprefix(ADL),
                    (_get(statement, "timestamp", str, required=True), arrival), result, obj)

    def _apply(self, fact: Fact) -> None:
        learner = self.learners.get(fact.learner)
        if learner is None:
            learner = self.learners[fact.learner] = Learner(fact.learner)
        if fact.name is not None and fact.at > learner.name_at:
            learner.name, learner.name_at = fact.name, fact.at
        if fact.verb == "answered" and fact.result.get("response") is not None:
            self._answer(learner, fact)
        elif fact.verb == "completed" and (learner.completed_at is None or fact.at < learner.completed_at):
            learner.completed, learner.completed_at = fact.at[0], fact.at
        elif fact.verb == "terminated":
            learner.seconds += duration_seconds(fact.result.get("duration") or "")
        elif fact.verb in ("passed", "failed") and self._ours_course(fact) and (
                learner.judgement is None or fact.at > learner.judgement.at):
            learner.judgement = Judgement(fact.at, fact.verb == "passed", _percent(fact.result.get("score") or {}))

    def _ours_course(self, fact: Fact) -> bool:
        """Whether a statement is about the course itself (or its cmi5 AU), not one of its parts."""
        iri = str(fact.obj.get("id") or "")
        return not iri.startswith((f"{self.course_iri}/questions/", f"{self.course_iri}/reflections/",
                                   f"{self.course_iri}/pages/"))

    def _answer(self, learner: Learner, fact: Fact) -> None:
        iri = str(fact.obj.get("id") or "")
        question = iri.startswith(f"{self.course_iri}/questions/")
        item = unquote(iri.rsplit("/", 1)[-1]) if question else iri.rsplit("/", 1)[-1]
        definition = fact.obj.get("definition") or {}
        texts = definition.get("description") or definition.get("name") or {}
        prompt = next(iter(texts.values()), "")
        answers = learner.questions if question else learner.answers
        success = fact.result.get("success") if question else None
        kept = answers.get(item)
        if kept is None:
            answers[item] = Answer(fact.at, fact.at, prompt, fact.result["response"], fact.at[0], success)
        elif fact.at > kept.at:
            kept.at, kept.prompt, kept.response, kept.timestamp = fact.at, prompt, fact.result["response"], fact.at[0]
            kept.success = success
        elif fact.at < kept.first:
            kept.first = fact.at


def _score(learner: Learner, questions: list[str]) -> float | None:
    """The course score (percent): the latest passed or failed's, else the module's own reckoning
    from the latest answer to each question (right ones over all questions); None before any answer."""
    if learner.judgement is not None and learner.judgement.score is not None:
        return learner.judgement.score
    if not learner.questions or not questions:
        return None
    right = sum(1 for question in questions if question in learner.questions and learner.questions[question].success)
    return round(100 * right / len(questions), 2)


def _percent(score: dict[str, Any]) -> float | None:
    """A course score as a percent: raw within min and max (the runtime sends the questions
    answered right of all of them), else scaled x 100; None without either."""
    raw, low, high = (_number(score.get(name)) for name in ("raw", "min", "max"))
    if raw is not None and low is not None and high is not None and high > low:
        return round(100 * (raw - low) / (high - low), 2)
    scaled = _number(score.get("scaled"))
    return None if scaled is None else round(scaled * 100, 2)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

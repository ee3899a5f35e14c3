"""``scormgen report``: what learners wrote and did, read back from an LRS.

Built on the ``tincan`` library: statements are read page by page from the LRS's
statements resource and kept when they belong to the course (the course's IRI, or one
below it, as the object or as a parent or grouping activity), so the report does not
depend on an LRS's activity filter. For each learner it gives their reflections (the
latest answer to each), when they completed the course, and the time spent (the sum
of the durations of their sessions).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from tincan import RemoteLRS

from .errors import ScormgenError

ADL = "http://adlnet.gov/expapi/verbs/"
MAX_PAGES = 10_000


class ReportError(ScormgenError):
    """The LRS could not be read, or it holds nothing for the course."""


@dataclass
class Learner:
    key: str
    name: str = ""
    completed: str | None = None
    seconds: float = 0.0
    reflections: dict[str, dict[str, Any]] = field(default_factory=dict)


def fetch_statements(endpoint: str, username: str | None, password: str | None) -> list[dict[str, Any]]:
    """Every statement the LRS holds for these credentials, as plain JSON dicts."""
    lrs = RemoteLRS(endpoint=endpoint.rstrip("/") + "/", version="1.0.3", username=username, password=password)
    statements: list[dict[str, Any]] = []
    response = _call(lambda: lrs.query_statements({"limit": 500}), endpoint)
    for _ in range(MAX_PAGES):
        statements.extend(json.loads(response.data).get("statements", []))
        more = json.loads(response.data).get("more")
        if not more:
            break
        response = _call(partial(lrs.more_statements, more), endpoint)
    return statements


def _call(request: Callable[[], Any], endpoint: str) -> Any:
    try:
        response = request()
    except OSError as exc:
        raise ReportError(f"cannot reach the LRS at {endpoint} ({exc.strerror or exc}). Check --endpoint "
                          "(the xAPI endpoint, e.g. https://lrs.example/xAPI/).") from None
    except ValueError as exc:
        raise ReportError(f"{endpoint} did not answer like an LRS ({exc}). Check --endpoint.") from None
    status = response.response.status
    if status in (401, 403):
        raise ReportError(f"the LRS refused the credentials (HTTP {status}). Check --user and --password "
                          "(or SCORMGEN_LRS_USER and SCORMGEN_LRS_PASSWORD).")
    if not response.success:
        raise ReportError(f"the LRS answered HTTP {status} at {endpoint}statements. Check --endpoint.")
    try:
        json.loads(response.data)
    except ValueError:
        raise ReportError(f"{endpoint} did not answer like an LRS (not JSON). Check --endpoint.") from None
    return response


def _belongs(statement: dict[str, Any], course_iri: str) -> bool:
    def ours(iri: str | None) -> bool:
        if not iri:
            return False
        return iri == course_iri or iri.startswith(course_iri + "/")
    context = statement.get("context", {}).get("contextActivities", {})
    related = [a.get("id") for key in ("parent", "grouping") for a in context.get(key, []) or []]
    return ours(statement.get("object", {}).get("id")) or any(ours(iri) for iri in related)


def _learner_key(actor: dict[str, Any]) -> str:
    mbox: str | None = actor.get("mbox")
    if mbox:
        return mbox
    if actor.get("account"):
        return f"{actor['account'].get('homePage', '')}|{actor['account'].get('name', '')}"
    return actor.get("openid") or actor.get("mbox_sha1sum") or "unknown"


_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def duration_seconds(value: str) -> float:
    match = _DURATION.match(value or "")
    if not match:
        return 0.0
    days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


def summarize(statements: list[dict[str, Any]], course_iri: str) -> list[Learner]:
    learners: dict[str, Learner] = {}
    for statement in sorted(statements, key=lambda s: s.get("timestamp", "")):
        if not _belongs(statement, course_iri):
            continue
        actor = statement.get("actor", {})
        learner = learners.setdefault(_learner_key(actor), Learner(_learner_key(actor)))
        learner.name = actor.get("name", learner.name)
        verb = statement.get("verb", {}).get("id", "").removeprefix(ADL)
        result = statement.get("result", {}) or {}
        if verb == "answered" and "response" in result:
            obj = statement.get("object", {})
            reflection_id = obj.get("id", "").rsplit("/", 1)[-1]
            description = obj.get("definition", {}).get("description", {}) or {}
            learner.reflections[reflection_id] = {
                "id": reflection_id, "prompt": next(iter(description.values()), ""),
                "response": result["response"], "timestamp": statement.get("timestamp", "")}
        elif verb == "completed" and learner.completed is None:
            learner.completed = statement.get("timestamp")
        elif verb == "terminated":
            learner.seconds += duration_seconds(result.get("duration", ""))
    return sorted(learners.values(), key=lambda learner: learner.key)


def render_json(learners: list[Learner], course_iri: str) -> str:
    return json.dumps({"course": course_iri, "learners": [{
        "learner": x.key, "name": x.name, "completed": x.completed, "time_spent_seconds": round(x.seconds, 2),
        "reflections": list(x.reflections.values())} for x in learners]}, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ["learner", "name", "completed", "time_spent_seconds", "reflection_id", "prompt",
               "response", "answered_at"]


def render_csv(learners: list[Learner]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for learner in learners:
        head = [learner.key, learner.name, learner.completed or "", f"{learner.seconds:.2f}"]
        if not learner.reflections:
            writer.writerow(head + ["", "", "", ""])
        for r in learner.reflections.values():
            writer.writerow(head + [r["id"], r["prompt"], r["response"], r["timestamp"]])
    return out.getvalue()


def report(endpoint: str, username: str | None, password: str | None, course_iri: str, fmt: str) -> str:
    learners = summarize(fetch_statements(endpoint, username, password), course_iri)
    if not learners:
        raise ReportError(f"the LRS has no statements for the course {course_iri}. Check --activity-id "
                          "(or the course's activity_id in course.yml) and that learners have launched it.")
    return render_json(learners, course_iri) if fmt == "json" else render_csv(learners)

"""A strict cmi5 LMS, shared by ``scormgen preview`` and the browser tests.

It plays the LMS's side of a cmi5 launch as ADL's reference player (CATAPULT) does:
each launch is a new session with its own one-time fetch URL, auth token and
``LMS.LaunchData``; the xAPI endpoint (statements, State API, agent profile) takes only
what cmi5 allows (the rules are in ``cmi5rules.py``) and refuses the rest naming the
requirement; and it records what an LMS records itself: ``launched``, ``abandoned`` for
a session replaced before it terminated, ``satisfied`` once the AU's moveOn rule is met.
Statements go to a ``store`` (the preview's list, or a real LRS) before they count.
"""
from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from . import cmi5rules as rules
from .cmi5rules import Launch, Progress, Violation

MAX_DOCUMENT_BYTES = 1 << 20  # a State API or agent profile document

Store = Callable[[list[dict[str, Any]]], bool]


class StoreError(Exception):
    """Raised by a store to answer the AU with a status of its own (409: another
    statement already has one of these ids) instead of 502."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Answer:
    """What the endpoint answers: the HTTP status and body."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"

    @classmethod
    def json(cls, status: int, payload: Any) -> Answer:
        return cls(status, json.dumps(payload).encode())


@dataclass(frozen=True)
class Refusal:
    """A request the LMS refused: the cmi5 requirement (None for an xAPI request error),
    in our words, the status answered, and the request ("POST statements")."""

    requirement: str | None
    detail: str
    status: int
    request: str

    def as_json(self) -> dict[str, Any]:
        return {"requirement": self.requirement, "detail": self.detail, "status": self.status,
                "request": self.request}


@dataclass
class AuRecord:
    """One learner in one AU within one registration, across its sessions."""

    move_on: str
    course_id: str
    completed: bool = False
    passed: bool = False
    satisfied: bool = False
    session: Session | None = None  # the current one


@dataclass
class Session:
    launch: Launch
    token: str
    fetch_key: str
    publisher_id: str
    record: AuRecord
    progress: Progress = field(default_factory=Progress)
    fetch_calls: int = 0
    launched_at: float = field(default_factory=time.monotonic)
    last_statement_at: float = 0.0


def agent_key(agent: Any) -> str:
    return json.dumps(agent, sort_keys=True, separators=(",", ":"))


class Cmi5Lms:
    """The LMS: ``launch`` makes a session and its launch URL, ``fetch`` answers the
    fetch URL, ``handle`` one request to the xAPI endpoint. Thread-safe."""

    def __init__(self, store: Store, origin: str):
        self.store = store
        self.origin = origin.rstrip("/")
        self.refusals: list[Refusal] = []
        self.statements: list[dict[str, Any]] = []  # stored, the AU's and the LMS's, in order
        self._lock = threading.RLock()
        self._by_token: dict[str, Session] = {}
        self._by_fetch_key: dict[str, Session] = {}
        self._records: dict[tuple[str, str, str], AuRecord] = {}
        self._documents: dict[tuple[str, ...], tuple[bytes, str]] = {}  # key -> (body, content type)
        self._preferences: dict[str, dict[str, Any]] = {}               # learner -> document
        self._accepted: dict[str, dict[str, Any]] = {}                  # statement id -> statement

    # -- launching ------------------------------------------------------------------------------
    def launch(self, *, actor: dict[str, Any], registration: str, activity_id: str, publisher_id: str,
               endpoint: str, au_url: str, launch_mode: str = "Normal", move_on: str = "Completed",
               return_url: str = "", preferences: dict[str, Any] | None = None,
               mastery_score: float | None = None) -> str:
        """A new session: its fetch key and token, its LMS.LaunchData (with ``mastery_score``,
        0 to 1, when the course structure or the LMS gives one), the ``launched`` statement
        (after ``abandoned`` for the session it replaces, if that one started and never
        terminated); returns the launch URL: au_url with endpoint, fetch, actor,
        registration and activityId."""
        if launch_mode not in rules.LAUNCH_MODES or move_on not in rules.MOVED_ON:
            raise ValueError(f"launchMode is one of {rules.LAUNCH_MODES}, moveOn one of {list(rules.MOVED_ON)}")
        if mastery_score is not None and not 0 <= mastery_score <= 1:
            raise ValueError("masteryScore is a decimal from 0 to 1 (cmi5 10.0)")
        with self._lock:
            key = (agent_key(actor), registration, activity_id)
            record = self._records.setdefault(key, AuRecord(move_on, self._course_id(publisher_id)))
            session_id = str(uuid.uuid4())
            template = {"contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}]},
                        "extensions": {rules.SESSION_ID: session_id}}
            token = base64.b64encode(f"{session_id}:{secrets.token_hex(16)}".encode()).decode()
            session = Session(Launch(actor, registration, activity_id, launch_mode, template, mastery_score),
                              token, secrets.token_hex(16), publisher_id, record)
            if record.session is not None:
                self._end(record.session)
            record.session = session
            self._by_token[token] = session
            self._by_fetch_key[session.fetch_key] = session
            if preferences is not None:
                self._preferences[key[0]] = preferences
            data: dict[str, Any] = {"contextTemplate": template, "launchMode": launch_mode, "moveOn": move_on}
            if return_url:
                data["returnURL"] = return_url
            launched: dict[str, Any] = {rules.EXTENSIONS + "launchmode": launch_mode,
                                        rules.EXTENSIONS + "launchurl": au_url,
                                        rules.EXTENSIONS + "moveon": move_on}
            if mastery_score is not None:  # in the launch data, and said in launched (9.6.3.2-1)
                data["masteryScore"] = launched[rules.MASTERY_SCORE] = mastery_score
            self._documents[("state", activity_id, key[0], registration, rules.LAUNCH_DATA)] = (
                json.dumps(data).encode(), "application/json")
            self._keep([rules.lms_statement(session.launch, publisher_id, rules.ADL_VERBS + "launched",
                                            extensions=launched)])
            self._satisfy(session)
        query = urlencode({"endpoint": endpoint, "fetch": f"{self.origin}/cmi5/fetch/{session.fetch_key}",
                           "actor": json.dumps(actor), "registration": registration, "activityId": activity_id})
        return au_url + ("&" if "?" in au_url else "?") + query

    def fetch(self, key: str) -> dict[str, str]:
        """The answer to a POST to the fetch URL: the token once, an error after (cmi5 8.2.3)."""
        with self._lock:
            session = self._by_fetch_key.get(key)
            if session is None:
                return {"error-code": "2", "error-text": "this LMS gave out no such fetch URL"}
            session.fetch_calls += 1
            if session.fetch_calls > 1:
                self._refused(Violation("8.2.3.0-1", "the fetch URL gives its token once: ask it once per launch "
                                                     "and keep the token", 200), "POST fetch")
                return {"error-code": "1", "error-text": "this fetch URL was used already"}
            return {"auth-token": session.token}

    def fetch_calls(self, launch_url: str) -> int:
        """How many times the fetch URL of the launch ``launch_url`` was asked (1 is right)."""
        fetch = parse_qs(urlsplit(launch_url).query).get("fetch", [""])[0]
        with self._lock:
            session = self._by_fetch_key.get(fetch.rsplit("/", 1)[-1])
            return session.fetch_calls if session else 0

    def has_token(self, authorization: str) -> bool:
        """Whether an Authorization header carries a token of this LMS (of any session)."""
        scheme, _, token = authorization.strip().partition(" ")
        with self._lock:
            return scheme.lower() == "basic" and token.strip() in self._by_token

    def has_fetch_key(self, key: str) -> bool:
        with self._lock:
            return key in self._by_fetch_key

    def is_running(self, actor: dict[str, Any], registration: str, activity_id: str) -> bool:
        """Whether the learner's current session of the AU was initialized and has not terminated."""
        with self._lock:
            record = self._records.get((agent_key(actor), registration, activity_id))
            progress = record.session.progress if record and record.session else Progress()
            return progress.initialized and not progress.terminated and not progress.abandoned

    # -- the xAPI endpoint ----------------------------------------------------------------------
    def handle(self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """One request to the xAPI endpoint; ``path`` is relative to it ('statements',
        'activities/state', 'agents/profile'). Statements are given to the store and
        count (initialized, terminated...) only once it took them."""
        lowered = {name.lower(): value for name, value in headers.items()}
        params = {name: values[0] for name, values in parse_qs(query, keep_blank_values=True).items()}
        kind = lowered.get("content-type", "")
        with self._lock:
            try:
                session = self._authorize(lowered.get("authorization", ""), path)
                if not lowered.get("x-experience-api-version", "").startswith("1.0"):
                    raise Violation("4.1.0.0-1", "an xAPI request names its version "
                                                 "(X-Experience-API-Version: 1.0.3)", 400)
                if path == "statements":
                    return self._statements(session, method, params, body)
                if path == "activities/state":
                    state_id = rules.check_state_request(session.launch, method, params)
                    return self._state(session.launch, method, state_id, kind, body)
                if path == "agents/profile":
                    return self._profile(session, method, params, kind, body)
                return Answer.json(404, {"detail": "this endpoint serves statements, activities/state "
                                                   "and agents/profile"})
            except Violation as violation:
                return self._refused(violation, f"{method} {path}")

    def _refused(self, violation: Violation, request: str) -> Answer:
        self.refusals.append(Refusal(violation.requirement, violation.detail, violation.status, request))
        payload = {"detail": violation.detail}
        if violation.requirement:
            payload = {"requirement": violation.requirement, **payload}
        return Answer.json(violation.status, payload)

    def _authorize(self, authorization: str, path: str) -> Session:
        scheme, _, token = authorization.strip().partition(" ")
        session = self._by_token.get(token.strip()) if scheme.lower() == "basic" else None
        if session is None:
            raise Violation("8.1.2.0-5", "the Authorization header does not carry a token of this LMS "
                                         "(Basic <the auth-token from the fetch URL>)", 401)
        if not session.fetch_calls:
            raise Violation("8.1.2.0-2", "this token was not fetched yet", 401)
        current, progress = session.record.session is session, session.progress
        if path == "statements" and (progress.abandoned or (current and progress.terminated)):
            return session  # the statement rules refuse it, naming what ended the session
        if not current:
            raise Violation("8.1.2.0-2", "a newer launch of this AU replaced this token's session", 401)
        if progress.terminated:
            raise Violation("8.1.2.0-2", "this token's session has terminated", 401)
        return session

    def _statements(self, session: Session, method: str, params: dict[str, str], body: bytes) -> Answer:
        if method == "GET" and "statementId" in params:
            # (an LMS is an LRS to its AUs, cmi5 4.2.0.0-1: one statement of this learner's
            # registration, by id; the runtime asks whether one sent as a page closed arrived)
            found = self._accepted.get(params["statementId"])
            if found is None or found.get("context", {}).get("registration") != session.launch.registration:
                return Answer.json(404, {"detail": "no such statement"})
            return Answer.json(200, found)
        if method not in ("POST", "PUT"):
            raise Violation(None, "this LMS takes statements (POST, PUT) and serves one by its statementId only",
                            405)
        batch = rules.parse_statements(body)
        if method == "PUT":
            statement_id = params.get("statementId", "")
            if len(batch) != 1 or not statement_id or batch[0].get("id", statement_id) != statement_id:
                raise Violation("4.1.0.0-1", "a PUT carries one statement, its id in ?statementId=", 400)
            batch = [{**batch[0], "id": statement_id}]
        fresh = self._fresh(batch)
        if fresh:
            progress = rules.check_batch(session.launch, self._progress(session), fresh)
            try:
                if not self.store(fresh):
                    return Answer.json(502, {"detail": "the LRS behind this LMS did not take the statements; "
                                                       "send them again"})
            except StoreError as failure:
                return Answer.json(failure.status, {"detail": failure.detail})
            self._accept(session, fresh, progress)
        return Answer.json(200, [s["id"] for s in batch]) if method == "POST" else Answer(204)

    def _fresh(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The statements not stored yet; one sent again unchanged is taken once (xAPI)."""
        ids = [statement["id"] for statement in batch if isinstance(statement.get("id"), str)]
        if len(set(ids)) < len(ids):
            raise Violation("4.1.0.0-1", "two statements of one request have the same id", 400)
        fresh = []
        for statement in batch:
            known = self._accepted.get(statement["id"]) if isinstance(statement.get("id"), str) else None
            if known is None:
                fresh.append(statement)
            elif known != statement:
                raise Violation(None, f"another statement has the id {statement['id']} already", 409)
        return fresh

    def _progress(self, session: Session) -> Progress:
        return replace(session.progress, completed=session.record.completed, passed=session.record.passed)

    def _accept(self, session: Session, statements: list[dict[str, Any]], progress: Progress) -> None:
        self._accepted.update((statement["id"], statement) for statement in statements)
        self.statements.extend(statements)
        session.progress = progress
        session.record.completed, session.record.passed = progress.completed, progress.passed
        session.last_statement_at = time.monotonic()
        self._satisfy(session)

    # -- documents: the State API and the agent profile -------------------------------------------
    def _state(self, launch: Launch, method: str, state_id: str | None, kind: str, body: bytes) -> Answer:
        where = ("state", launch.activity_id, agent_key(launch.actor), launch.registration)
        if state_id is None:  # GET without stateId: the ids of the documents kept
            return Answer.json(200, sorted(key[-1] for key in self._documents if key[:-1] == where))
        return self._document((*where, state_id), method, kind, body)

    def _profile(self, session: Session, method: str, params: dict[str, str], kind: str, body: bytes) -> Answer:
        rules.check_agent(params, "11.0.0.0-1", session.launch.actor)
        learner, profile_id = agent_key(session.launch.actor), params.get("profileId")
        if not profile_id:
            raise Violation("4.1.0.0-1", "an agent profile request names its profileId", 400)
        if profile_id != rules.PREFERENCES:
            return self._document(("profile", learner, profile_id), method, kind, body)
        if method == "GET":
            session.progress = replace(session.progress, preferences_read=True)
            if learner not in self._preferences:
                return Answer.json(404, {"detail": "this LMS has no preferences for this learner"})
            return Answer.json(200, self._preferences[learner])
        if method in ("PUT", "POST"):
            rules.check_preferences(body)
        # cmi5 11.0: the LMS may refuse a change, and the AU must not take it as an error
        return Answer.json(403, {"detail": "this LMS keeps the learner preferences as the learner set them"})

    def _document(self, key: tuple[str, ...], method: str, kind: str, body: bytes) -> Answer:
        if method == "GET":
            if key not in self._documents:
                return Answer.json(404, {"detail": "no such document"})
            return Answer(200, *self._documents[key])
        if method == "DELETE":
            self._documents.pop(key, None)
            return Answer(204)
        if method not in ("PUT", "POST"):
            raise Violation(None, f"documents are read, written and deleted here, not {method}", 405)
        if len(body) > MAX_DOCUMENT_BYTES:
            raise Violation(None, f"a document is {MAX_DOCUMENT_BYTES:,} bytes at most", 413)
        if method == "POST" and key in self._documents:  # xAPI: a POST merges two JSON objects
            old, new = rules.json_object(self._documents[key][0]), rules.json_object(body)
            if old is None or new is None:
                raise Violation(None, "a POST merges JSON objects; send the whole document with PUT", 400)
            body, kind = json.dumps({**old, **new}).encode(), "application/json"
        self._documents[key] = (body, kind or "application/octet-stream")
        return Answer(204)

    # -- what the LMS records itself --------------------------------------------------------------
    def _course_id(self, publisher_id: str) -> str:
        return f"{self.origin}/cmi5/courses/{uuid.uuid5(uuid.NAMESPACE_URL, publisher_id)}"

    def _end(self, session: Session) -> None:
        """A new launch replaces ``session``: abandoned if it started and never terminated."""
        progress = session.progress
        if progress.initialized and not progress.terminated and not progress.abandoned:
            seconds = max(session.last_statement_at - session.launched_at, 0.0)
            self._keep([rules.lms_statement(session.launch, session.publisher_id, rules.ABANDONED,
                                            result={"duration": f"PT{seconds:.2f}S"})])
            session.progress = replace(progress, abandoned=True)

    def _satisfy(self, session: Session) -> None:
        record = session.record
        if not record.satisfied and rules.MOVED_ON[record.move_on](record.completed, record.passed):
            course = {"objectType": "Activity", "id": record.course_id, "definition": {"type": rules.COURSE_TYPE}}
            record.satisfied = self._keep([rules.lms_statement(session.launch, session.publisher_id,
                                                               rules.ADL_VERBS + "satisfied", course)])

    def _keep(self, statements: list[dict[str, Any]]) -> bool:
        """Stores the LMS's own statements; False if the store did not take them."""
        try:
            stored = self.store(statements)
        except StoreError:
            stored = False
        if stored:
            self.statements.extend(statements)
            self._accepted.update((statement["id"], statement) for statement in statements)
        return stored


__all__ = ["Answer", "Cmi5Lms", "Refusal", "Store", "StoreError"]

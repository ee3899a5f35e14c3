"""A small HTTP server that plays the LMS's web side for the browser tests.

It serves the unpacked packages (/pkg/<target>/...), scorm-again's browser builds from
node_modules (/scorm-again/...), the test LMS page (/lms/lms.html), and keeps what
each launch commits: GET /lms/state/<key> gives the data a launch starts from, POST
/lms/commit/<key> stores a commit (scorm-again sends the whole CMI as JSON; the last
one, on Terminate, by sendBeacon, marked ?terminate=true) and answers as an LMS does.

For xAPI it also plays the LMS's side of the LRS: /xapi/... is passed to a real LRS
(Ralph) unless a fault is set (``lrs_mode``: "pass", "error" for HTTP 500, "hang" to
answer only after ``hang_seconds``, "refuse" for HTTP 403 to statements), except the
State API, which Ralph lacks: /xapi/activities/state is served here from
``state_documents``. POST /cmi5/fetch/<key> hands out a token of ``fetch_tokens`` once
per key.

For cmi5 it is a strict cmi5 LMS (``cmi5``, scormgen.preview.cmi5.Cmi5Lms, which the
preview plays too): ``cmi5_launch`` makes a session and returns its launch URL; the
requests carrying one of its tokens, and its fetch URLs, go to it; it enforces the
cmi5 rules (``cmi5.refusals`` lists what it refused, with the requirement ids) and
stores what it accepts in Ralph. ``lrs_mode`` applies to its statements first.
"""
from __future__ import annotations

import base64
import http.server
import json
import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

from playwright.sync_api import expect

from ralph import PASSWORD, USER
from scormgen.preview.cmi5 import Cmi5Lms, StoreError
from scormgen.preview.mastery import package_mastery

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"
# the LMS's own id of the AU in cmi5 launches, not the publisher's (cmi5 8.1.5.0-3)
AU_ACTIVITY_ID = "https://lms.example/cmi5/activities/working-alliance-au"
RETURNED_PAGE = b"<!doctype html><title>Back in the LMS</title><p>The module has returned to the LMS.</p>"


def refused_calls(calls: list[dict]) -> list[dict]:
    """The calls of the test LMS's log (``lms.calls`` in its page) that the LMS refused:
    an error code, or a false answer to a call that must say true."""
    return [c for c in calls if c["error"] != "0"
            or (re.search(r"SetValue|Commit|Initialize|Terminate|Finish", c["method"]) and c["result"] != "true")]


def next_launch(cmi: dict, standard: str) -> dict:
    """What the LMS gives the next launch (its state): the stored data, entry 'resume'
    after a suspend, as Moodle does (``standard``: "scorm12" or "scorm2004")."""
    cmi = json.loads(json.dumps(cmi))
    holder = cmi["core"] if standard == "scorm12" else cmi
    suspended = holder.pop("exit", "") == "suspend"
    holder.pop("session_time", None)
    holder["entry"] = "resume" if suspended else ("" if standard == "scorm12" else "ab-initio")
    return {"cmi": cmi}


def interactions(cmi: dict) -> list[dict]:
    """The interactions an LMS holds, in their order."""
    return [cmi["interactions"][k] for k in sorted(cmi.get("interactions", {}), key=int)]


class ScoLaunch:
    """One launch of an unpacked SCORM package (``/pkg/<folder>/``) in the test LMS: the
    LMS page runs scorm-again, the package is in its frame. ``state`` is what the launch
    starts from ({"cmi": ...}); ``fail`` makes the LMS fail (see lms/lms.html)."""

    counter = 0

    def __init__(self, lms: LmsServer, context: Any, folder: str, standard: str, state: dict, fail: str = ""):
        ScoLaunch.counter += 1
        self.lms = lms
        self.key = f"{folder}-{ScoLaunch.counter}"
        lms.states[self.key] = state
        self.page = context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.goto(f"{lms.url}/lms/lms.html?standard={standard}&key={self.key}"
                       f"&launch=/pkg/{folder}/index.html&fail={fail}")
        self.frame = self.page.frame_locator("iframe")
        expect(self.frame.locator("[data-sg-page-id]")).to_have_count(1)

    def shown(self) -> str | None:
        return self.frame.locator("[data-sg-page-id]").get_attribute("data-sg-page-id")

    def goto(self, page_id: str) -> None:
        self.frame.locator(f'[data-sg-toc] a[data-sg-goto="{page_id}"]').click()
        expect(self.frame.locator(f'[data-sg-page-id="{page_id}"]')).to_be_visible()

    def cmi(self) -> dict:
        """What the LMS holds now."""
        cmi: dict = self.page.evaluate("lms.cmi()")
        return cmi

    def calls(self) -> list[dict]:
        """Every call the package made to the LMS, with its answer."""
        calls: list[dict] = self.page.evaluate("lms.calls")
        return calls

    def exit_activity(self) -> dict:
        """The LMS unloads the SCO (the learner leaves the activity); returns the final commit."""
        self.page.evaluate("document.querySelector('iframe').src = 'about:blank'")
        final = self.lms.wait_for_terminate(self.key)
        assert final is not None, "no commit on Terminate"
        return final["cmi"]

    def close_window(self) -> dict:
        """The learner closes the window: the whole page goes."""
        self.page.close()
        final = self.lms.wait_for_terminate(self.key)
        assert final is not None, "no commit on Terminate after the window closed"
        return final["cmi"]


class LmsServer:
    def __init__(self, packages: Path):
        self.packages = packages
        self.states: dict[str, dict] = {}
        self.commits: dict[str, list[dict]] = {}
        self.terminated: dict[str, dict] = {}
        self.lrs_upstream: str | None = None      # e.g. http://127.0.0.1:PORT/xAPI/
        self.lrs_mode = "pass"
        self.hang_seconds = 17.0
        self.lrs_requests: list[tuple[str, int]] = []  # (method path, status) of each /xapi call
        self.statement_requests = 0                    # POST and PUT /xapi/statements received
        self.lrs_auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        self.state_documents: dict[tuple[str, str], dict] = {}  # (stateId, registration) -> document
        self.fetch_tokens: dict[str, str] = {}    # key -> token, handed out once
        self.fetch_calls: dict[str, int] = {}
        self.lock = threading.Condition()
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def translate_path(self, path):
                parts = unquote(urlsplit(path).path)
                if parts.startswith("/pkg/"):
                    return str(server.packages / parts[len("/pkg/"):])
                if parts.startswith("/scorm-again/"):
                    return str(SCORM_AGAIN / Path(parts).name)
                if parts == "/lms/lms.html":
                    return str(HERE / "lms" / "lms.html")
                return str(server.packages / "__nothing__")

            def do_GET(self):
                path = unquote(urlsplit(self.path).path)
                if self._to_cmi5("GET", path, b""):
                    return
                if path == "/cmi5/returned":
                    self._reply(200, RETURNED_PAGE, "text/html; charset=utf-8")
                    return
                if path.startswith("/xapi/"):
                    self._xapi("GET", path, b"")
                    return
                if path.startswith("/lms/state/"):
                    key = path[len("/lms/state/"):]
                    self._json(server.states.get(key, {}))
                    return
                super().do_GET()

            def do_PUT(self):
                path = unquote(urlsplit(self.path).path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._count_statements(path)
                if self._to_cmi5("PUT", path, body):
                    return
                if path.startswith("/xapi/"):
                    self._xapi("PUT", path, body)
                    return
                self.send_error(404)

            def do_DELETE(self):
                path = unquote(urlsplit(self.path).path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not self._to_cmi5("DELETE", path, body):
                    self.send_error(404)

            def do_POST(self):
                path = unquote(urlsplit(self.path).path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                self._count_statements(path)
                if self._to_cmi5("POST", path, body):
                    return
                if path.startswith("/xapi/"):
                    self._xapi("POST", path, body)
                    return
                if path.startswith("/cmi5/fetch/") and server.cmi5.has_fetch_key(path[len("/cmi5/fetch/"):]):
                    self._json(server.cmi5.fetch(path[len("/cmi5/fetch/"):]))
                    return
                if path.startswith("/cmi5/fetch/"):
                    key = path[len("/cmi5/fetch/"):]
                    with server.lock:
                        server.fetch_calls[key] = server.fetch_calls.get(key, 0) + 1
                        first = server.fetch_calls[key] == 1
                    if first and key in server.fetch_tokens:
                        self._json({"auth-token": server.fetch_tokens[key]})
                    else:  # cmi5: the fetch URL may be used once only
                        self._json({"error-code": "1", "error-text": "already used"})
                    return
                if path.startswith("/lms/commit/"):
                    key = path[len("/lms/commit/"):]
                    try:
                        data = json.loads(body or b"{}")
                    except ValueError:
                        data = {"unparsed": body.decode("utf-8", "replace")}
                    with server.lock:
                        server.commits.setdefault(key, []).append(data)
                        if "terminate=true" in urlsplit(self.path).query:
                            server.terminated[key] = data
                        server.lock.notify_all()
                    self._json({"result": True, "errorCode": 0})
                    return
                self.send_error(404)

            def _count_statements(self, path):
                if path == "/xapi/statements":
                    with server.lock:
                        server.statement_requests += 1

            def _to_cmi5(self, method, path, body):
                """Whether the request was for the cmi5 LMS (a request carrying one of its
                tokens), which then answered it."""
                if not path.startswith("/xapi/") or not server.cmi5.has_token(self.headers.get("Authorization", "")):
                    return False
                if path == "/xapi/statements" and method in ("POST", "PUT") and self._lrs_fault(method, path):
                    return True
                answer = server.cmi5.handle(method, path[len("/xapi/"):], urlsplit(self.path).query,
                                            dict(self.headers.items()), body)
                self._reply(answer.status, answer.body, answer.content_type)
                return True

            def _lrs_fault(self, method, path):
                """Answers as a failing LRS when ``lrs_mode`` says so (True then)."""
                if server.lrs_mode == "refuse" and path == "/xapi/statements":
                    server.lrs_requests.append((f"{method} {path}", 403))
                    self._reply(403, b'{"detail": "test LRS refusal"}')
                    return True
                if server.lrs_mode == "hang":
                    time.sleep(server.hang_seconds)
                if server.lrs_mode in ("error", "hang"):
                    server.lrs_requests.append((f"{method} {path}", 500))
                    self._reply(500, b'{"detail": "test LRS failure"}')
                    return True
                return False

            def _xapi(self, method, path, body):
                query = parse_qs(urlsplit(self.path).query)
                if path == "/xapi/activities/state":
                    key = (query.get("stateId", [""])[0], query.get("registration", [""])[0])
                    if method == "GET":
                        if key in server.state_documents:
                            self._json(server.state_documents[key])
                        else:
                            self._reply(404, b"")
                    else:
                        server.state_documents[key] = json.loads(body or b"{}")
                        self._reply(204, b"")
                    return
                if self._lrs_fault(method, path):
                    return
                if not server.lrs_upstream:
                    server.lrs_requests.append((f"{method} {path}", 500))
                    self._reply(500, b'{"detail": "test LRS failure"}')
                    return
                url = server.lrs_upstream + path[len("/xapi/"):]
                if urlsplit(self.path).query:
                    url += "?" + urlsplit(self.path).query
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() in ("authorization", "x-experience-api-version", "content-type")}
                request = urllib.request.Request(url, data=body if method != "GET" else None,
                                                 headers=headers, method=method)
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, data = response.status, response.read()
                except urllib.error.HTTPError as exc:
                    status, data = exc.code, exc.read()
                except OSError:
                    status, data = 502, b'{"detail": "the LRS is down"}'
                server.lrs_requests.append((f"{method} {path}", status))
                self._reply(status, data)

            def _reply(self, status, data, kind="application/json"):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _json(self, payload):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # a beacon sent while its page closed does not wait for the answer

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.cmi5 = Cmi5Lms(self._store_in_lrs, self.url)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def cmi5_launch(self, actor: dict, registration: str, launch_mode: str = "Normal", move_on: str | None = None,
                    preferences: dict | None = None, return_url: str | None = None,
                    activity_id: str = AU_ACTIVITY_ID, publisher_id: str | None = None,
                    mastery_score: float | None | str = "package") -> str:
        """A new cmi5 session of the cmi5 package (/pkg/cmi5/index.html) for ``actor`` in
        ``registration``: its full launch URL. The publisher id (in the context template's
        grouping) is the AU's id in the package's cmi5.xml unless given, and so are moveOn
        and the masteryScore of LMS.LaunchData (``mastery_score``: "package", or the LMS's
        own value, or None for none); ``return_url`` None is a page of this server, "" none."""
        au = self.cmi5_au()
        mastery = package_mastery(self.packages / "cmi5") if mastery_score == "package" else mastery_score
        return self.cmi5.launch(
            actor=actor, registration=registration, activity_id=activity_id,
            publisher_id=publisher_id or au.attrib["id"], endpoint=f"{self.url}/xapi/",
            au_url=f"{self.url}/pkg/cmi5/index.html", launch_mode=launch_mode,
            move_on=move_on or au.attrib.get("moveOn", "NotApplicable"),
            return_url=f"{self.url}/cmi5/returned" if return_url is None else return_url, preferences=preferences,
            mastery_score=None if mastery is None else float(mastery))

    def cmi5_au(self) -> ElementTree.Element:
        """The AU of the cmi5 package's course structure (cmi5.xml)."""
        root = ElementTree.parse(self.packages / "cmi5" / "cmi5.xml").getroot()
        return next(element for element in root.iter() if element.tag.endswith("}au"))

    def cmi5_publisher_id(self) -> str:
        """The AU's id in the cmi5 package's course structure (cmi5.xml)."""
        return self.cmi5_au().attrib["id"]

    def _store_in_lrs(self, statements: list[dict]) -> bool:
        """The cmi5 LMS's store: the LRS (Ralph). True once it took the statements."""
        if not self.lrs_upstream:
            return False
        request = urllib.request.Request(
            self.lrs_upstream + "statements", data=json.dumps(statements).encode(), method="POST",
            headers={"Authorization": self.lrs_auth, "X-Experience-API-Version": "1.0.3",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 502
        self.lrs_requests.append(("POST /xapi/statements", status))
        if status == 409:
            raise StoreError(409, "the LRS has another statement with one of these ids")
        return status in (200, 204)

    def statement_posts(self) -> int:
        """How many statement requests (POST or PUT /xapi/statements) arrived so far."""
        with self.lock:
            return self.statement_requests

    def basic_token(self, user: str, password: str) -> str:
        return base64.b64encode(f"{user}:{password}".encode()).decode()

    def wait_for_terminate(self, key: str, timeout: float = 10.0) -> dict | None:
        """The commit launch ``key`` sent on Terminate (None if none came in time)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while key not in self.terminated:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)
            return self.terminated[key]

    def wait_for_commits(self, key: str, count: int, timeout: float = 10.0) -> list[dict]:
        """The commits of launch ``key`` once there are at least ``count`` of them."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while len(self.commits.get(key, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.lock.wait(left)
            return list(self.commits.get(key, []))

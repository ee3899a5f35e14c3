"""``scormgen preview``: build the course and serve it on 127.0.0.1 in a page that plays
the LMS, rebuilding whenever the course source changes.

Each build is unpacked into a folder of its own and served from there once complete,
so a learner never loads half of one build and half of another. A failed build keeps
the last good one on screen and shows the problems in the panel and the terminal.
"""
from __future__ import annotations

import http.server
import json
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from ..build import build
from ..errors import ScormgenError
from ..standards.lmsprofiles import LMS_PROFILES, preview_model
from ..targets import TARGETS
from .cmi5 import Cmi5Lms
from .cmi5rules import Violation, parse_statements
from .mastery import lms_values, package_mastery

HERE = Path(__file__).resolve().parent
STATIC = {"/preview/strict-api.js": "strict-api.js", "/preview/panel.js": "panel.js",
          "/preview/panel.css": "panel.css"}
PREVIEW_AUTH = "Basic cHJldmlldzpwcmV2aWV3"  # preview:preview, for the preview's own LRS only
PREVIEW_ACTOR = {"objectType": "Agent", "name": "Preview Learner", "mbox": "mailto:preview@scormgen.invalid"}


MAX_BODY_BYTES = 1 << 20  # a batch of statements is a few kilobytes
READ_TIMEOUT = 10.0        # seconds a request may take to arrive whole
TERMINATE_WAIT = 2.0       # seconds a relaunch waits for the cmi5 session on screen to send terminated
RETURNED_PAGE = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Back in the LMS</title>'
                 b'<link rel="stylesheet" href="/preview/panel.css"></head><body><p class="pv-returned">'
                 b'The module has returned to the LMS: its cmi5 session has ended. Relaunch to continue.'
                 b'</p></body></html>')


class PreviewServer:
    def __init__(self, course_dir: Path, target: str = "scorm2004-4th", port: int = 0,
                 on_build: Callable[[PreviewServer], None] | None = None, lms: str = "strict"):
        if lms not in LMS_PROFILES:
            raise ValueError(f"unknown LMS profile '{lms}'; one of: {', '.join(LMS_PROFILES)}")
        self.lms = lms
        self.course_dir = Path(course_dir)
        self.target = TARGETS[target]
        self.workdir = Path(tempfile.mkdtemp(prefix="scormgen-preview-"))
        self.site: Path | None = None
        self.version = 0
        self.built_at = ""
        self.error: str | None = None
        self.activity_id = ""  # of the last good build
        self.mastery: float | None = None  # the mastery score (0 to 1) its manifest declares
        self.given: dict[str, str] = {}     # what the SCORM LMS gives the course for it
        self.statements: list[dict[str, Any]] = []
        self.registration = str(uuid.uuid4())
        self.on_build = on_build or (lambda server: None)
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.threads: list[threading.Thread] = []
        # cmi5: a strict LMS, each launch a session of its own (the other targets need none)
        self.cmi5 = Cmi5Lms(self._store, self.url) if self.target.runtime == "cmi5" else None

    # -- building ---------------------------------------------------------------------
    def rebuild(self) -> None:
        out = self.workdir / f"out-{self.version + 1}"
        try:
            built = build(self.course_dir, out, [self.target.name])
        except Exception as exc:  # the course's problems, or a defect: shown, and watching goes on
            message = exc.format_message() if isinstance(exc, ScormgenError) else (
                f"internal error: {type(exc).__name__}: {exc}. The last good build stays on screen; "
                "report this with the course.")
            with self.lock:
                self.error = message
            shutil.rmtree(out, ignore_errors=True)
            self.on_build(self)
            return
        site = self.workdir / f"site-{self.version + 1}"
        with zipfile.ZipFile(built[0].path) as archive:
            archive.extractall(site)
        shutil.rmtree(out, ignore_errors=True)
        mastery = package_mastery(site)
        given = self.lms_values(mastery)
        with self.lock:
            old, self.site, self.mastery, self.given = self.site, site, mastery, given
            self.version += 1
            self.built_at = time.strftime("%H:%M:%S")
            self.error = None
            self.activity_id = built.course.activity_id
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.on_build(self)

    def _watch(self) -> None:
        from watchfiles import watch
        for _changes in watch(self.course_dir, stop_event=self._stop, debounce=300, rust_timeout=500):
            self.rebuild()

    # -- serving ------------------------------------------------------------------------
    def launch_url(self) -> str:
        base = "/pkg/index.html"
        activity = self.activity_id
        origin = self.url.rstrip("/")
        if self.target.runtime == "xapi":
            return base + "?" + urlencode({"endpoint": f"{origin}/xapi/", "auth": PREVIEW_AUTH,
                                           "actor": json.dumps(PREVIEW_ACTOR), "registration": self.registration,
                                           "activity_id": activity})
        if self.target.runtime == "cmi5":
            return ""  # each launch is a new cmi5 session: the page asks cmi5_launch() for its URL
        return base

    def cmi5_launch(self, reset: bool = False) -> str:
        """A new cmi5 session of the preview's learner (with a new registration if
        ``reset``): its launch URL. The session on screen has a moment to terminate first."""
        if self.cmi5 is None:
            raise RequestRefused(404, "only a cmi5 preview launches cmi5 sessions")
        origin = self.url.rstrip("/")
        with self.lock:
            if reset:
                self.registration = str(uuid.uuid4())
            registration, publisher_id = self.registration, f"{self.activity_id}/au"  # manifest.xapi.au_id
            mastery = self.mastery
        actor = {"objectType": "Agent", "name": PREVIEW_ACTOR["name"],
                 "account": {"homePage": origin, "name": "preview-learner"}}
        activity_id = f"{origin}/cmi5/activities/{publisher_id}"  # the LMS's own id, not the publisher's (8.1.5.0-3)
        deadline = time.monotonic() + TERMINATE_WAIT
        while self.cmi5.is_running(actor, registration, activity_id) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.cmi5.launch(actor=actor, registration=registration, activity_id=activity_id,
                                publisher_id=publisher_id, endpoint=f"{origin}/xapi/",
                                au_url=f"{origin}/pkg/index.html", return_url=f"{origin}/cmi5/returned",
                                mastery_score=mastery)

    def shell(self) -> bytes:
        # the LMS the page plays: the target's SCORM data model (SCORM 2004's for the
        # xAPI targets, whose runtime keeps its state in the browser), as the chosen
        # LMS profile offers it, giving the course the mastery score of the package's manifest
        model = preview_model(self.target.name, self.lms)
        config = {"target": self.target.name, "title": self.target.title, "model": model,
                  "lmsValues": self.given, "launchUrl": self.launch_url(), "cmi5": self.cmi5 is not None,
                  "courseId": self.course_dir.resolve().name}
        page = (HERE / "shell.html").read_text(encoding="utf-8")
        page = page.replace("__TITLE__", self.course_dir.name)
        page = page.replace("__CONFIG__", json.dumps(config).replace("<", "\\u003c"))
        return page.encode("utf-8")

    def lms_values(self, mastery: float | None) -> dict[str, str]:
        """What the SCORM LMS gives the course for a build whose manifest says ``mastery``."""
        if not self.target.runtime.startswith("scorm"):
            return {}
        return lms_values(preview_model(self.target.name, self.lms), mastery)

    def status(self) -> dict[str, Any]:
        refusals = list(self.cmi5.refusals) if self.cmi5 is not None else []
        with self.lock:
            return {"version": self.version, "ok": self.error is None, "error": self.error or "",
                    "built": self.built_at, "statementCount": len(self.statements),
                    "statements": self.statements[-50:], "refusalCount": len(refusals),
                    "refusals": [refusal.as_json() for refusal in refusals[-50:]],
                    "lmsValues": self.given}  # (a rebuild may change the mastery score)

    def _handler(self) -> type[PreviewHandler]:
        class Handler(PreviewHandler):
            preview = self
        return Handler

    def hosts(self) -> set[str]:
        """The Host values the preview answers to; its own pages' origins are these over http."""
        port = self.httpd.server_address[1]
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def record(self, batch: list[dict[str, Any]]) -> None:
        """Keep the statements the course sent, each once (the runtime resends what it is unsure of)."""
        with self.lock:
            known = {s.get("id") for s in self.statements}
            self.statements.extend(s for s in batch if s.get("id") not in known)

    def _store(self, batch: list[dict[str, Any]]) -> bool:
        """The cmi5 LMS's store: the preview's list."""
        self.record(batch)
        return True

    # -- life cycle -----------------------------------------------------------------------
    def start(self, watch: bool = True) -> None:
        self.rebuild()
        serve = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        serve.start()
        self.threads.append(serve)
        if watch:
            watcher = threading.Thread(target=self._watch, daemon=True)
            watcher.start()
            self.threads.append(watcher)

    def stop(self) -> None:
        self._stop.set()
        if self.threads:  # shutdown() waits for serve_forever(), which only start() runs
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
        shutil.rmtree(self.workdir, ignore_errors=True)


class RequestRefused(Exception):
    """A request the preview does not serve: the status and reason to answer with."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """The preview's pages, the built package and an xAPI endpoint (for the cmi5 target,
    the strict cmi5 LMS of cmi5.py: /cmi5/launch, /cmi5/fetch/<key>, /xapi/...), for this
    machine only.

    It answers only requests addressed to 127.0.0.1 or localhost at its port (a web page
    that has a domain of its own point at 127.0.0.1, DNS rebinding, still sends its own
    name as Host), and takes statements, documents and launches only from its own pages
    (another site's page can POST to 127.0.0.1, but its browser says where the request
    comes from in Origin).
    Bodies are small and must arrive within READ_TIMEOUT: a request that lies about its
    length, or never ends, costs a thread that long at most.
    """

    preview: PreviewServer
    timeout = READ_TIMEOUT
    package_file = False  # this request is for a file of the package (see end_headers)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def end_headers(self) -> None:
        # A package's files are never kept by the browser: a page's script (pages/<id>.js)
        # fetched after a rebuild is the new one, never an old one from the cache.
        if self.package_file:
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _refuse(self, refused: RequestRefused) -> None:
        self.close_connection = True  # what is left of the request is never read
        self._send(refused.status, json.dumps({"detail": refused.detail}).encode())

    def parse_request(self) -> bool:
        # every method passes here first, HEAD and OPTIONS included
        self.package_file = False  # (one connection may carry several requests)
        if not super().parse_request():
            return False
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.preview.hosts():
            self._refuse(RequestRefused(421, "this server answers only to 127.0.0.1 and localhost at its port"))
            return False
        return True

    def do_GET(self) -> None:
        server = self.preview
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            return self._send(200, server.shell(), "text/html; charset=utf-8")
        if path in STATIC:
            kind = "text/css" if path.endswith(".css") else "text/javascript"
            return self._send(200, (HERE / STATIC[path]).read_bytes(), kind)
        if path == "/status":
            return self._send(200, json.dumps(server.status()).encode())
        if server.cmi5 is not None and path.startswith("/xapi/"):
            return self._cmi5_endpoint("GET", b"")
        if server.cmi5 is not None and path == "/cmi5/returned":  # the launch's returnURL
            return self._send(200, RETURNED_PAGE, "text/html; charset=utf-8")
        if path.startswith("/pkg/") and server.site is not None:
            self.package_file = True
            return super().do_GET()
        return self._send(404, b'{"detail": "not found"}')

    def do_POST(self) -> None:
        self._change("POST")

    def do_PUT(self) -> None:
        self._change("PUT")

    def do_DELETE(self) -> None:
        self._change("DELETE")

    def _change(self, method: str) -> None:
        """A request that changes something: only from the preview's own pages."""
        path = unquote(urlsplit(self.path).path)
        cmi5 = self.preview.cmi5
        try:
            self._check_origin()
            body = self._read_body(required=method != "DELETE")
            if cmi5 is not None and path.startswith("/xapi/"):
                return self._cmi5_endpoint(method, body)
            if method == "POST" and path == "/cmi5/launch":
                url = self.preview.cmi5_launch(reset=_reset_asked(body))
                return self._send(200, json.dumps({"url": url}).encode())
            if cmi5 is not None and method == "POST" and path.startswith("/cmi5/fetch/"):
                return self._send(200, json.dumps(cmi5.fetch(path[len("/cmi5/fetch/"):])).encode())
            if cmi5 is None and method == "POST" and path == "/xapi/statements":
                try:
                    batch = parse_statements(body)
                except Violation as violation:
                    raise RequestRefused(violation.status, violation.detail) from None
                self.preview.record(batch)
                return self._send(200, json.dumps([s.get("id") for s in batch]).encode())
        except RequestRefused as refused:
            return self._refuse(refused)
        return self._send(404, b'{"detail": "not found"}')

    def _cmi5_endpoint(self, method: str, body: bytes) -> None:
        """A request to the cmi5 LMS's xAPI endpoint."""
        assert self.preview.cmi5 is not None
        parts = urlsplit(self.path)
        answer = self.preview.cmi5.handle(method, unquote(parts.path)[len("/xapi/"):], parts.query,
                                          dict(self.headers.items()), body)
        self._send(answer.status, answer.body, answer.content_type)

    def _check_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin is not None and origin.strip().lower() not in {f"http://{o}" for o in self.preview.hosts()}:
            raise RequestRefused(403, "the preview takes statements and launches only from its own pages")

    def _read_body(self, required: bool = True) -> bytes:
        declared = self.headers.get("Content-Length")
        if declared is None and not required:
            return b""
        if declared is None:
            raise RequestRefused(411, "a Content-Length is required")
        if not declared.strip().isdigit():
            raise RequestRefused(400, "the Content-Length is not a number of bytes")
        length = int(declared)
        if length > MAX_BODY_BYTES:
            raise RequestRefused(413, f"a request body is {MAX_BODY_BYTES:,} bytes at most")
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            raise RequestRefused(408, "the request body did not arrive in time") from None
        if len(body) < length:
            raise RequestRefused(400, "the request body is shorter than its Content-Length")
        return body

    def translate_path(self, path: str) -> str:
        server = self.preview
        outside, site = server.workdir / "__outside__", server.site
        root = (site or outside).resolve()
        target = (root / unquote(urlsplit(path).path)[len("/pkg/"):]).resolve()
        return str(target if target == root or root in target.parents else outside)


def _reset_asked(body: bytes) -> bool:
    """Whether a launch request asks for a new learner record: {"reset": true}."""
    try:
        asked = json.loads(body or b"{}")
    except ValueError:
        raise RequestRefused(400, 'a launch request is empty or {"reset": true}') from None
    return isinstance(asked, dict) and asked.get("reset") is True


__all__ = ["PreviewServer"]

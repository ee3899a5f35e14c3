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
from ..standards import datamodel
from ..targets import TARGETS

HERE = Path(__file__).resolve().parent
STATIC = {"/preview/strict-api.js": "strict-api.js", "/preview/panel.js": "panel.js",
          "/preview/panel.css": "panel.css"}
PREVIEW_AUTH = "Basic cHJldmlldzpwcmV2aWV3"  # preview:preview, for the preview's own LRS only
PREVIEW_ACTOR = {"objectType": "Agent", "name": "Preview Learner", "mbox": "mailto:preview@scormgen.invalid"}


class PreviewServer:
    def __init__(self, course_dir: Path, target: str = "scorm2004-4th", port: int = 0,
                 on_build: Callable[[PreviewServer], None] | None = None):
        self.course_dir = Path(course_dir)
        self.target = TARGETS[target]
        self.workdir = Path(tempfile.mkdtemp(prefix="scormgen-preview-"))
        self.site: Path | None = None
        self.version = 0
        self.built_at = ""
        self.error: str | None = None
        self.activity_id = ""  # of the last good build
        self.statements: list[dict[str, Any]] = []
        self.registration = str(uuid.uuid4())
        self.on_build = on_build or (lambda server: None)
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.threads: list[threading.Thread] = []

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
        with self.lock:
            old, self.site = self.site, site
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
            return base + "?" + urlencode({"endpoint": f"{origin}/xapi/", "fetch": f"{origin}/cmi5/fetch",
                                           "actor": json.dumps(PREVIEW_ACTOR), "registration": self.registration,
                                           "activityId": f"{activity}/au"})
        return base

    def shell(self) -> bytes:
        # the LMS the page plays: the target's SCORM data model (SCORM 2004's for the
        # xAPI targets, whose runtime keeps its state in the browser)
        config = {"target": self.target.name, "title": self.target.title,
                  "model": datamodel.strict_model(self.target.name),
                  "launchUrl": self.launch_url(), "courseId": self.course_dir.resolve().name}
        page = (HERE / "shell.html").read_text(encoding="utf-8")
        page = page.replace("__TITLE__", self.course_dir.name)
        page = page.replace("__CONFIG__", json.dumps(config).replace("<", "\\u003c"))
        return page.encode("utf-8")

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "ok": self.error is None, "error": self.error or "",
                    "built": self.built_at, "statementCount": len(self.statements),
                    "statements": self.statements[-50:]}

    def _handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
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

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                if path == "/":
                    return self._send(200, server.shell(), "text/html; charset=utf-8")
                if path in STATIC:
                    kind = "text/css" if path.endswith(".css") else "text/javascript"
                    return self._send(200, (HERE / STATIC[path]).read_bytes(), kind)
                if path == "/status":
                    return self._send(200, json.dumps(server.status()).encode())
                if path == "/xapi/activities/state":  # cmi5 launch data, for the cmi5 target
                    return self._send(200, json.dumps({"launchMode": "Normal", "moveOn": "Completed",
                                                       "contextTemplate": {"extensions": {
                                                           "https://w3id.org/xapi/cmi5/context/extensions/sessionid":
                                                               server.registration}}}).encode())
                if path.startswith("/pkg/") and server.site is not None:
                    return super().do_GET()
                return self._send(404, b'{"detail": "not found"}')

            def do_POST(self) -> None:
                path = unquote(urlsplit(self.path).path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if path == "/cmi5/fetch":
                    return self._send(200, json.dumps({"auth-token": PREVIEW_AUTH.split()[1]}).encode())
                if path == "/xapi/statements":
                    try:
                        data = json.loads(body or b"[]")
                    except ValueError:
                        return self._send(400, b'{"detail": "not JSON"}')
                    batch = data if isinstance(data, list) else [data]
                    with server.lock:
                        known = {s.get("id") for s in server.statements}
                        server.statements.extend(s for s in batch if s.get("id") not in known)
                    return self._send(200, json.dumps([s.get("id") for s in batch]).encode())
                return self._send(404, b'{"detail": "not found"}')

            def translate_path(self, path: str) -> str:
                outside, site = server.workdir / "__outside__", server.site
                root = (site or outside).resolve()
                target = (root / unquote(urlsplit(path).path)[len("/pkg/"):]).resolve()
                return str(target if target == root or root in target.parents else outside)

        return Handler

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


__all__ = ["PreviewServer"]

"""A small HTTP server that plays the LMS's web side for the browser tests.

It serves the unpacked packages (/pkg/<target>/...), scorm-again's browser builds from
node_modules (/scorm-again/...), the test LMS page (/lms/lms.html), and keeps what
each launch commits: GET /lms/state/<key> gives the data a launch starts from, POST
/lms/commit/<key> stores a commit (scorm-again sends the whole CMI as JSON; the last
one, on Terminate, by sendBeacon, marked ?terminate=true) and answers as an LMS does.
"""
from __future__ import annotations

import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"


class LmsServer:
    def __init__(self, packages: Path):
        self.packages = packages
        self.states: dict[str, dict] = {}
        self.commits: dict[str, list[dict]] = {}
        self.terminated: dict[str, dict] = {}
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
                if path.startswith("/lms/state/"):
                    key = path[len("/lms/state/"):]
                    self._json(server.states.get(key, {}))
                    return
                super().do_GET()

            def do_POST(self):
                path = unquote(urlsplit(self.path).path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
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

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

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

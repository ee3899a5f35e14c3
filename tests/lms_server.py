"""A small HTTP server that plays the LMS's web side for the browser tests.

It serves the unpacked packages (/pkg/<target>/...), scorm-again's browser builds from
node_modules (/scorm-again/...), the test LMS page (/lms/lms.html), and keeps what
each launch commits: GET /lms/state/<key> gives the data a launch starts from, POST
/lms/commit/<key> stores a commit (scorm-again sends the whole CMI as JSON; the last
one, on Terminate, by sendBeacon, marked ?terminate=true) and answers as an LMS does.

For xAPI and cmi5 it also plays the LMS's side of the LRS: /xapi/... is passed to a
real LRS (Ralph) unless a fault is set (``lrs_mode``: "pass", "error" for HTTP 500,
"hang" to answer only after ``hang_seconds``), except the State API, which Ralph lacks:
/xapi/activities/state is served here from ``state_documents``. POST /cmi5/fetch/<key>
hands out a cmi5 auth token once per key.
"""
from __future__ import annotations

import base64
import http.server
import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"


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
                if path.startswith("/xapi/"):
                    self._xapi("PUT", path, body)
                    return
                self.send_error(404)

            def do_POST(self):
                path = unquote(urlsplit(self.path).path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if path.startswith("/xapi/"):
                    self._xapi("POST", path, body)
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
                if server.lrs_mode == "hang":
                    time.sleep(server.hang_seconds)
                if server.lrs_mode in ("error", "hang") or not server.lrs_upstream:
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

            def _reply(self, status, data):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
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

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

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

"""A small fake LRS for the report's hostile cases: http.server on 127.0.0.1, in a thread.

Each path (with its query) answers what the test sets in ``replies``; every request is
recorded with its headers, so a test can show what reached which server.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0  # seconds to wait before answering (or until the server closes)
    chunks: int = 0  # send the body this many times, without a Content-Length


def page(statements: list[Any], more: str = "") -> Reply:
    return Reply(body=json.dumps({"statements": statements, "more": more}).encode())


class FakeLrs:
    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.closing = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                fake.requests.append((self.path, dict(self.headers)))
                reply = fake.replies.get(self.path, Reply(404, b"{}"))
                if reply.hang:
                    fake.closing.wait(reply.hang)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunks:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for _ in range(reply.chunks):
                        self.wfile.write(reply.body)
                    return
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.first = "/xAPI/statements?limit=500"

    def __enter__(self) -> FakeLrs:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

"""A real LRS for the tests: Ralph (ralph-malph 5.1.0), from its own virtual
environment (.venv-lrs, see README), on 127.0.0.1, filesystem backend, basic auth."""
from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RALPH_VENV = ROOT / ".venv-lrs"
USER, PASSWORD = "scormgen-tests", "not-a-real-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    def __init__(self, workdir: Path, cors_origin: str | None = None):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
            "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([cors_origin] if cors_origin else []),
        }
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run([str(RALPH_VENV / "bin" / "ralph"), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                        "-M", "mailto:lrs-admin@example.org", "-N", "LRS admin", "-w"],
                       env=self.env, check=True, capture_output=True, timeout=120)

    @property
    def auth(self) -> str:
        return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(RALPH_VENV / "bin" / "python"), str(ROOT / "tests" / "lrs" / "run_ralph.py"), str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=open(self.workdir / "ralph.log", "ab"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError("Ralph did not start; see " + str(self.workdir / "ralph.log"))

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def statements(self, **params) -> list[dict]:
        """Statements (all pages), filtered by agent and/or registration only."""
        query = {k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in params.items()}
        query["limit"] = 500
        url = self.url + "statements?" + urlencode(query)
        found: list[dict] = []
        while url:
            request = urllib.request.Request(url, headers={"Authorization": self.auth,
                                                           "X-Experience-API-Version": "1.0.3"})
            with urllib.request.urlopen(request, timeout=30) as response:
                body = json.load(response)
            found.extend(body["statements"])
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return found

#!/usr/bin/env python3
"""`scormgen report` at scale: wall time, statements per second and peak memory.

    python bench/report.py [--sizes 200000 2000000] [--learners 2000] [--tree DIR]

Starts a fake LRS on 127.0.0.1 (http.server, in a thread of this process) that serves
generated statements, 500 a page with `more` links, shaped as the runtime sends them
(scormgen/runtime/xapi.js): answered with a response of a few hundred characters,
experienced, initialized, completed and terminated with a duration, and one in ten
about another course. Then runs `scormgen report --format csv --output FILE` as a
subprocess for each size and prints its wall time, statements/s and peak RSS (from
the operating system, for that process alone), with a digest of the CSV so two trees
can be compared. `--tree DIR` runs the scormgen of another checkout (e.g. a
`git worktree` of an earlier commit). Loopback only; every loop is bounded.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COURSE = "https://medtech.example/courses/working-alliance"
OTHER = "https://medtech.example/courses/other"
ADL = "http://adlnet.gov/expapi/verbs/"
PAGE = 500
AUTH = "Basic " + base64.b64encode(b"bench:not-a-secret").decode()
WORDS = ("alliance patient physician goals tasks bond trust listening care follow-up oncology "
         "relationship empathy decision adherence outcome measure inventory rupture repair").split()
VERBS = ["experienced"] * 10 + ["answered"] * 5 + ["terminated"] * 2 + ["initialized"] * 2 + ["completed"]
START = datetime(2021, 1, 1, tzinfo=timezone.utc)


class Statements:
    """Page N of a fake LRS holding ``total`` statements: the same bytes for the same N, every run."""

    def __init__(self, total: int, learners: int) -> None:
        self.total = total
        rng = random.Random(1)
        self.actors = [json.dumps({"objectType": "Agent", "name": f"Learner {n}",
                                   "mbox": f"mailto:learner{n}@example.org"}) for n in range(learners)]
        self.texts = [json.dumps(" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60))))
                      for _ in range(64)]

    def pages(self) -> int:
        return -(-self.total // PAGE)

    def page(self, number: int) -> bytes:
        rng = random.Random(number)
        first = number * PAGE
        made = [self._statement(rng, index) for index in range(first, min(first + PAGE, self.total))]
        more = f'"/xAPI/statements?page={number + 1}"' if number + 1 < self.pages() else '""'
        return ('{"statements":[' + ",".join(made) + '],"more":' + more + "}").encode()

    def _statement(self, rng: random.Random, index: int) -> str:
        course = OTHER if rng.random() < 0.1 else COURSE
        verb = rng.choice(VERBS)
        stamp = (START + timedelta(seconds=index * 7)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        obj = f'{{"objectType":"Activity","id":"{course}"}}'
        result = ""
        if verb == "answered":
            reflection = rng.randint(1, 8)
            obj = (f'{{"objectType":"Activity","id":"{course}/reflections/r{reflection}","definition":'
                   f'{{"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":'
                   f'"long-fill-in","description":{{"en":"Reflection {reflection}: what did you notice?"}}}}}}')
            result = f',"result":{{"response":{rng.choice(self.texts)}}}'
        elif verb == "experienced":
            obj = f'{{"objectType":"Activity","id":"{course}/pages/p{rng.randint(1, 40)}"}}'
        elif verb in ("terminated", "completed"):
            result = f',"result":{{"duration":"PT{rng.randint(60, 3600)}.{rng.randint(0, 99)}S"}}'
        registration = uuid.UUID(int=index // 50 + 1, version=4)
        return (f'{{"id":"{uuid.UUID(int=rng.getrandbits(128), version=4)}","timestamp":"{stamp}","actor":'
                f'{self.actors[rng.randrange(len(self.actors))]},"verb":{{"id":"{ADL}{verb}","display":'
                f'{{"en-US":"{verb}"}}}},"object":{obj},"context":{{"registration":"{registration}",'
                f'"contextActivities":{{"parent":[{{"id":"{course}"}}]}}}}{result},"stored":"{stamp}"}}')


def serve(statements: Statements) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            if self.headers.get("Authorization") != AUTH:
                self.send_error(401)
                return
            number = int(self.path.rsplit("page=", 1)[1]) if "page=" in self.path else 0
            body = statements.page(number) if number < statements.pages() else b'{"statements":[],"more":""}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(tree: Path, size: int, learners: int, workdir: Path) -> dict[str, Any]:
    server = serve(Statements(size, learners))
    out = workdir / f"report-{size}.csv"
    env = {**os.environ, "PYTHONPATH": str(tree), "SCORMGEN_LRS_USER": "bench",
           "SCORMGEN_LRS_PASSWORD": "not-a-secret"}
    command = [sys.executable, "-c", "from scormgen.cli import main; main()", "report", "--endpoint",
               f"http://127.0.0.1:{server.server_address[1]}/xAPI/", "--activity-id", COURSE,
               "--format", "csv", "--output", str(out)]
    started = time.perf_counter()
    with (workdir / "stderr.txt").open("wb") as errors:
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        code, peak = _wait(process, timeout=3600)
    wall = time.perf_counter() - started
    server.shutdown()
    server.server_close()
    if code != 0:
        raise SystemExit(f"scormgen report failed ({code}): {(workdir / 'stderr.txt').read_text()[-2000:]}")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    return {"statements": size, "wall_s": round(wall, 1), "per_s": round(size / wall), "peak_rss_mib": peak,
            "csv_bytes": out.stat().st_size, "csv_sha256": digest}


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, float]:
    """Exit code and peak RSS (MiB) of that process alone, from wait4; killed past the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, round(usage.ru_maxrss / 1024, 1)
        if time.monotonic() > deadline:
            process.kill()
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 2_000_000])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose scormgen to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scormgen-report-bench-") as tmp:
        for size in args.sizes:
            row = measure(args.tree.resolve(), size, args.learners, Path(tmp))
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

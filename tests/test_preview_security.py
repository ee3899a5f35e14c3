"""The preview's server against hostile requests, without a browser: only this machine's
pages are served and heard, bodies are bounded, and no request can hold a thread."""
from __future__ import annotations

import http.client
import json
import socket

import pytest

from conftest import write_course
from scormgen.preview.server import PreviewServer

STATEMENT = {"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    course = write_course(tmp_path_factory.mktemp("security") / "course")
    preview = PreviewServer(course, "xapi", 0)
    preview.start(watch=False)
    yield preview
    preview.stop()


def request(server, method, path, body=None, headers=None, host=None):
    """The status and JSON (or raw) body of one request; `host` None sends the usual Host."""
    port = server.httpd.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None and "Content-Length" not in (headers or {}):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read()
        is_json = data and response.getheader("Content-Type") == "application/json"
        return response.status, (json.loads(data) if is_json else data)
    finally:
        connection.close()


def test_preview_answers_only_to_its_own_host_names(server):
    port = server.httpd.server_address[1]
    assert request(server, "GET", "/status")[0] == 200
    assert request(server, "GET", "/status", host=f"localhost:{port}")[0] == 200
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}"):
        status, body = request(server, "GET", "/status", host=host)
        assert status == 421 and "127.0.0.1 and localhost" in body["detail"], host
    assert request(server, "HEAD", "/pkg/index.html", host="attacker.example")[0] == 421
    assert request(server, "POST", "/xapi/statements", json.dumps(STATEMENT).encode(),
                   host="attacker.example")[0] == 421


def test_preview_refuses_statements_posted_by_another_site(server):
    port = server.httpd.server_address[1]
    before = server.status()["statementCount"]
    body = json.dumps(STATEMENT).encode()
    for origin in ("https://attacker.example", "null", f"http://127.0.0.1:{port + 1}"):
        status, answer = request(server, "POST", "/xapi/statements", body, {"Origin": origin})
        assert status == 403 and "own pages" in answer["detail"], origin
    assert server.status()["statementCount"] == before
    assert request(server, "POST", "/xapi/statements", body, {"Origin": f"http://localhost:{port}"})[0] == 200
    assert request(server, "POST", "/xapi/statements", body, {"Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert server.status()["statementCount"] == before + 1  # the same statement, kept once


def test_preview_refuses_a_body_over_1_mb_without_reading_it(server):
    # only the headers are sent: the answer comes without waiting for the body
    status, answer = request(server, "POST", "/xapi/statements", headers={"Content-Length": str(113 << 20)})
    assert status == 413 and "1,048,576 bytes at most" in answer["detail"]


@pytest.mark.parametrize("headers,status", [({}, 411), ({"Content-Length": "-5"}, 400),
                                            ({"Content-Length": "lots"}, 400)])
def test_preview_needs_a_true_content_length(server, headers, status):
    assert request(server, "POST", "/xapi/statements", headers=headers)[0] == status


def test_preview_does_not_wait_forever_for_a_body_that_never_comes(server, monkeypatch):
    monkeypatch.setattr(server.httpd.RequestHandlerClass, "timeout", 0.5)
    port = server.httpd.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"POST /xapi/statements HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Content-Length: 100\r\n\r\n{}".encode())
        answer = sock.makefile("rb").read()  # the server answers, then closes
    assert answer.startswith(b"HTTP/1.0 408 "), answer


@pytest.mark.parametrize("body", [b"42", b'"a string"', b"null", b"[1, 2]", b'[{"id": "x"}, []]', b"{not json"])
def test_preview_answers_400_to_statements_that_are_not_objects(server, body):
    status, answer = request(server, "POST", "/xapi/statements", body)
    assert status == 400 and answer["detail"]
    assert request(server, "GET", "/status")[0] == 200  # and the server goes on


@pytest.fixture(scope="module")
def cmi5_server(tmp_path_factory):
    course = write_course(tmp_path_factory.mktemp("security-cmi5") / "course")
    preview = PreviewServer(course, "cmi5", 0)
    preview.start(watch=False)
    yield preview
    preview.stop()


def test_preview_launches_cmi5_sessions_only_for_its_own_pages(cmi5_server, server):
    port = cmi5_server.httpd.server_address[1]
    for origin in ("https://attacker.example", "null"):
        status, answer = request(cmi5_server, "POST", "/cmi5/launch", b"{}", {"Origin": origin})
        assert status == 403 and "own pages" in answer["detail"], origin
    status, answer = request(cmi5_server, "POST", "/cmi5/launch", b"{}", {"Origin": f"http://127.0.0.1:{port}"})
    assert status == 200 and answer["url"].startswith(f"http://127.0.0.1:{port}/pkg/index.html?")
    assert request(cmi5_server, "POST", "/cmi5/launch", b"{}", host="attacker.example")[0] == 421
    assert request(cmi5_server, "POST", "/cmi5/launch", b"{not json")[0] == 400
    assert request(server, "POST", "/cmi5/launch", b"{}")[0] == 404, "only a cmi5 preview launches cmi5 sessions"


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_preview_takes_cmi5_documents_only_from_its_own_pages(cmi5_server, method):
    path = "/xapi/activities/state?stateId=scormgen.resume"
    status, answer = request(cmi5_server, method, path, b"{}", {"Origin": "https://attacker.example"})
    assert status == 403 and "own pages" in answer["detail"]


def test_preview_bounds_cmi5_requests_as_the_others(cmi5_server):
    status, answer = request(cmi5_server, "PUT", "/xapi/activities/state?stateId=scormgen.resume",
                             headers={"Content-Length": str(2 << 20)})
    assert status == 413 and "1,048,576 bytes at most" in answer["detail"]
    assert request(cmi5_server, "PUT", "/xapi/activities/state", headers={})[0] == 411
    status, answer = request(cmi5_server, "DELETE", "/xapi/activities/state?stateId=x")
    assert status == 401 and answer["requirement"] == "8.1.2.0-5", "no body needed, a token is"

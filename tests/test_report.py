"""`scormgen report` against a real LRS (Ralph), with statements a built package sent."""
from __future__ import annotations

import csv
import io
import json
import time
import uuid
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from conftest import ROOT
from fake_lrs import FakeLrs, Reply, page
from lms_server import LmsServer
from ralph import PASSWORD, USER
from scormgen.cli import cli
from scormgen.course import load_course
from scormgen.lrsreport import Limits, ReportError, duration_seconds
from scormgen.lrsreport.client import LrsClient

COURSE_IRI = "urn:scormgen:working-alliance"


@pytest.fixture(scope="module")
def learner_statements(real_packages_unpacked, ralph, browser):
    """Two learners take the xapi package; one finishes, one stops after a reflection."""
    with LmsServer(real_packages_unpacked) as lms:
        lms.lrs_upstream = ralph.url
        learners = []
        for finish in (True, False):
            tag = uuid.uuid4().hex[:8]
            actor = {"objectType": "Agent", "name": f"Report {tag}", "mbox": f"mailto:report-{tag}@example.org"}
            page = browser.new_context().new_page()
            page.goto(f"{lms.url}/pkg/xapi/index.html?" + urlencode({
                "endpoint": f"{lms.url}/xapi/", "auth": ralph.auth, "actor": json.dumps(actor),
                "registration": str(uuid.uuid4())}))
            # (a page's reflections are in the document once the learner goes there)
            reflections = [(p.id, r.id) for p in load_course(ROOT / "course_source").pages for r in p.reflections]
            count = len(reflections) if finish else 1
            for index, (page_id, reflection_id) in enumerate(reflections[:count]):
                page.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
                block = page.locator(f'[data-sg-reflection="{reflection_id}"]')
                block.locator("textarea").fill(f"{actor['name']} answer {index}\nline two, \"quoted\"")
                block.locator('[data-sg-action="submit"]').click()
            if finish:
                for link in page.locator("[data-sg-toc] a").all():
                    link.click()
                expect(page.locator("[data-sg-progress]")).to_have_attribute("aria-valuenow", "100")
            page.close()
            learners.append((actor, count, finish))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all(any(s["verb"]["id"].endswith("terminated") for s in ralph.statements(agent={"mbox": a["mbox"]}))
                   for a, _, _ in learners):
                break
            time.sleep(0.5)
        yield learners


def run(*args, env=None):
    return CliRunner().invoke(cli, ["report", *args], env=env)


@pytest.mark.lrs
@pytest.mark.browser
def test_report_as_json(ralph, learner_statements, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("--endpoint", ralph.url, "--user", USER, "--password", PASSWORD, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["course"] == COURSE_IRI
    by_learner = {learner["learner"]: learner for learner in data["learners"]}
    for actor, count, finish in learner_statements:
        entry = by_learner[actor["mbox"]]
        assert entry["name"] == actor["name"]
        assert len(entry["reflections"]) == count
        assert all(r["response"].startswith(f"{actor['name']} answer ") for r in entry["reflections"])
        assert all(r["prompt"] for r in entry["reflections"])
        assert (entry["completed"] is not None) == finish
        assert entry["time_spent_seconds"] > 0


@pytest.mark.lrs
@pytest.mark.browser
def test_report_as_csv_with_credentials_from_the_environment(ralph, learner_statements, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.csv"
    result = run("--output", str(out), env={"SCORMGEN_LRS_ENDPOINT": ralph.url, "SCORMGEN_LRS_USER": USER,
                                            "SCORMGEN_LRS_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    actor, count, _ = learner_statements[0]
    mine = [r for r in rows if r["learner"] == actor["mbox"]]
    assert len(mine) == count
    assert mine[0]["response"] == f"{actor['name']} answer 0\nline two, \"quoted\""


@pytest.mark.lrs
def test_wrong_endpoint(ralph, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("--endpoint", "http://127.0.0.1:9/xAPI/", "--user", USER, "--password", PASSWORD)
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the LRS at http://127.0.0.1:9/xAPI/ (")
    assert "Check --endpoint" in result.output
    result = run("--endpoint", ralph.url.replace("/xAPI/", "/nothing/"), "--user", USER, "--password", PASSWORD)
    assert result.exit_code == 1
    assert "Check --endpoint" in result.output


@pytest.mark.lrs
def test_wrong_credentials_are_refused_and_never_printed(ralph, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("--endpoint", ralph.url, "--user", USER, "--password", "wrong-password-xyz")
    assert result.exit_code == 1
    assert result.output == ("Error: the LRS refused the credentials (HTTP 401). Check --user and "
                             "--password (or SCORMGEN_LRS_USER and SCORMGEN_LRS_PASSWORD).\n")
    assert "wrong-password-xyz" not in result.output


@pytest.mark.lrs
@pytest.mark.browser
def test_no_statements_for_the_course(ralph, learner_statements, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("--endpoint", ralph.url, "--user", USER, "--password", PASSWORD,
                 "--activity-id", "https://nowhere.example/course")
    assert result.exit_code == 1
    assert result.output == ("Error: the LRS has no statements for the course https://nowhere.example/course. "
                             "Check --activity-id (or the course's activity_id in course.yml) and that "
                             "learners have launched it.\n")


@pytest.mark.parametrize("value,seconds", [("PT0S", 0), ("PT1.5S", 1.5), ("PT2M3.25S", 123.25),
                                           ("PT1H", 3600), ("P1DT1H", 90000), ("nonsense", 0)])
def test_duration_seconds(value, seconds):
    assert duration_seconds(value) == seconds


# --- A hostile or odd LRS: a fake one on 127.0.0.1 (tests/fake_lrs.py) -------------------------------------

ADL = "http://adlnet.gov/expapi/verbs/"


def statement(verb, learner=1, timestamp="2024-05-01T10:00:00.000Z", reflection=None, result=None, **extra):
    """A statement shaped as the runtime sends it (scormgen/runtime/xapi.js)."""
    obj = {"objectType": "Activity", "id": COURSE_IRI}
    if reflection is not None:
        obj = {"objectType": "Activity", "id": f"{COURSE_IRI}/reflections/{reflection}",
               "definition": {"description": {"en": f"Prompt {reflection}"}}}
    made = {"id": str(uuid.uuid4()), "timestamp": timestamp,
            "actor": {"objectType": "Agent", "name": f"Learner {learner}", "mbox": f"mailto:l{learner}@example.org"},
            "verb": {"id": ADL + verb}, "object": obj,
            "context": {"contextActivities": {"parent": [{"id": COURSE_IRI}]}}}
    if result is not None:
        made["result"] = result
    made.update(extra)
    return made


def answered(text, learner=1, reflection="r1", timestamp="2024-05-01T10:00:00.000Z"):
    return statement("answered", learner, timestamp, reflection, {"response": text})


def run_fake(lrs, *args):
    result = CliRunner().invoke(cli, ["report", "--endpoint", lrs.url, "--user", "u", "--password", "p",
                                      "--activity-id", COURSE_IRI, *args])
    return result


@pytest.fixture
def lrs():
    with FakeLrs() as server:
        yield server


@pytest.fixture
def other():
    with FakeLrs() as server:
        yield server


@pytest.mark.parametrize("more", ["//127.0.0.1:{other}/xAPI/statements?p=2", "http://127.0.0.1:{other}/xAPI/s",
                                  "https://127.0.0.1:{port}/xAPI/statements?p=2", "//localhost:{port}/xAPI/s",
                                  "//u:p@127.0.0.1:{port}/xAPI/s", "//[127.0.0.1:{port}/xAPI/s"],
                         ids=["port", "absolute", "scheme", "host", "userinfo", "no address"])
def test_more_link_to_another_host_is_refused(lrs, other, more):
    lrs.replies[lrs.first] = page([answered("hi")], more.format(other=other.port, port=lrs.port))
    result = run_fake(lrs)
    assert result.exit_code == 1
    assert "next-page link (more) leads to another server" in result.output
    assert other.requests == []
    assert len(lrs.requests) == 1


def test_more_link_with_an_at_sign_stays_on_the_endpoint_server(lrs, other):
    lrs.replies[lrs.first] = page([answered("hi")], f"@127.0.0.1:{other.port}/path")
    lrs.replies[f"/xAPI/@127.0.0.1:{other.port}/path"] = page([answered("again", 2)])
    result = run_fake(lrs, "--format", "json")
    assert result.exit_code == 0, result.output
    assert other.requests == []
    assert [path for path, _ in lrs.requests] == [lrs.first, f"/xAPI/@127.0.0.1:{other.port}/path"]
    assert all(headers["Authorization"] == "Basic dTpw" for _, headers in lrs.requests)
    assert len(json.loads(result.stdout)["learners"]) == 2


def test_more_link_that_loops_is_stopped(lrs):
    lrs.replies[lrs.first] = page([answered("hi")], "/xAPI/statements?page=2")
    lrs.replies["/xAPI/statements?page=2"] = page([answered("again")], "/xAPI/statements?limit=500")
    result = run_fake(lrs)
    assert result.exit_code == 1
    assert "leads back to a page already read" in result.output
    assert len(lrs.requests) == 2


def test_hanging_lrs_times_out(lrs):
    lrs.replies[lrs.first] = Reply(body=b"{}", hang=30)
    started = time.monotonic()
    result = run_fake(lrs, "--timeout", "0.5")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "did not answer within 0.5 s" in result.output


def test_oversize_response_is_refused(lrs):
    lrs.replies[lrs.first] = Reply(body=b" " * 1_000_000, chunks=51)  # no Content-Length: read until the cap
    result = run_fake(lrs)
    assert result.exit_code == 1
    assert "sent a page of statements over 50 MB; refused" in result.output


def test_oversize_response_is_refused_from_its_content_length(lrs):
    lrs.replies[lrs.first] = page([answered("x" * 2000)])
    client = LrsClient(lrs.url, None, None, Limits(max_bytes=1000))
    with pytest.raises(ReportError, match="over 0.001 MB"):
        next(client.pages())
    assert "Authorization" not in lrs.requests[0][1]


def test_redirect_is_not_followed(lrs, other):
    lrs.replies[lrs.first] = Reply(302, b"", {"Location": f"http://127.0.0.1:{other.port}/xAPI/statements"})
    result = run_fake(lrs)
    assert result.exit_code == 1
    assert "redirects are not followed" in result.output
    assert other.requests == []


def test_odd_statements_are_skipped_with_a_warning(lrs):
    upper = answered("kept")
    upper["id"] = upper["id"].upper()
    odd = [dict(answered("a"), verb="answered"), dict(answered("b"), result=["x"]), "not a statement",
           {k: v for k, v in answered("c").items() if k != "actor"}, dict(answered("d"), timestamp=12),
           dict(statement("completed", 3), object={"id": "urn:other"}, context={"contextActivities": {"parent": 1}})]
    lrs.replies[lrs.first] = page([upper, *odd, statement("completed", 2)])
    result = run_fake(lrs, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["response"] for r in data["learners"][0]["reflections"]] == ["kept"]
    assert data["learners"][1]["completed"] == "2024-05-01T10:00:00.000Z"
    assert result.stderr.startswith("warning: skipped 6 statements not in the shape of an xAPI statement; first: "
                                    f"{odd[0]['id']} (verb is not an object), {odd[1]['id']} (result is not an "
                                    "object), (no id) (not an object)")


def test_csv_formula_cells_are_made_safe(lrs, tmp_path):
    texts = ["=HYPERLINK(\"http://x.example\",\"x\")", "+SUM(1,1)", "-1+1", "@SUM(1)", "\tx", "\rx", "fine = ok"]
    lrs.replies[lrs.first] = page([answered(text, reflection=f"r{i}") for i, text in enumerate(texts)]
                                  + [dict(answered("y", 2), actor={"name": "=1+1", "mbox": "mailto:x@example.org"})])
    out = tmp_path / "report.csv"
    result = run_fake(lrs, "--output", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["response"] for row in rows[:7]] == ["'" + t for t in texts[:6]] + ["fine = ok"]
    assert rows[7]["name"] == "'=1+1"


CONTROL_TEXT = "red \x1b[31mRED\x1b[0m bell\x07 csi\x9b2J cr\r tab\t end\nline two"


def run_on_terminal(lrs, fmt):
    """``scormgen report`` with stdout and stderr on a pseudo-terminal: what the terminal received."""
    import os
    import pty
    import subprocess
    import sys
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "from scormgen.cli import main; main()", "report",
                             "--endpoint", lrs.url, "--activity-id", COURSE_IRI, "--format", fmt],
                            stdout=child, stderr=child, cwd=ROOT)
    os.close(child)
    received = b""
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        received += data
    os.close(main)
    assert proc.wait(timeout=60) == 0, received
    return received.decode("utf-8").replace("\r\n", "\n")


def test_control_characters_are_escaped_on_a_terminal(lrs):
    lrs.replies[lrs.first] = page([answered(CONTROL_TEXT)])
    shown = run_on_terminal(lrs, "csv")
    assert "read 1 statements in 1 page (" in shown
    report_text = shown[shown.index("learner,"):]
    assert "\x1b" not in report_text and "\x9b" not in report_text and "\x07" not in report_text
    assert "red \\x1b[31mRED\\x1b[0m bell\\x07 csi\\x9b2J cr\\x0d tab\t end\nline two" in report_text


def test_json_stays_exact_on_a_terminal_and_in_a_file(lrs, tmp_path):
    lrs.replies[lrs.first] = page([answered(CONTROL_TEXT)])
    shown = run_on_terminal(lrs, "json")
    report_text = shown[shown.index("{"):]
    assert "\x9b" not in report_text and "\x1b" not in report_text
    assert json.loads(report_text)["learners"][0]["reflections"][0]["response"] == CONTROL_TEXT
    out = tmp_path / "report.json"
    assert run_fake(lrs, "--format", "json", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["learners"][0]["reflections"][0]["response"] == CONTROL_TEXT
    csv_out = tmp_path / "report.csv"
    assert run_fake(lrs, "--output", str(csv_out)).exit_code == 0
    with csv_out.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle))[0]["response"] == CONTROL_TEXT


def reference_report(statements):
    """What the report gave when it sorted every statement by timestamp first (its former way)."""
    learners = {}
    for s in sorted(statements, key=lambda s: s["timestamp"]):
        entry = learners.setdefault(s["actor"]["mbox"], {"learner": s["actor"]["mbox"], "name": "",
                                                          "completed": None, "seconds": 0.0, "reflections": {}})
        entry["name"] = s["actor"].get("name", entry["name"])
        verb = s["verb"]["id"].removeprefix(ADL)
        if verb == "answered":
            rid = s["object"]["id"].rsplit("/", 1)[-1]
            entry["reflections"][rid] = {"id": rid, "prompt": s["object"]["definition"]["description"]["en"],
                                         "response": s["result"]["response"], "timestamp": s["timestamp"]}
        elif verb == "completed" and entry["completed"] is None:
            entry["completed"] = s["timestamp"]
        elif verb == "terminated":
            entry["seconds"] += duration_seconds(s["result"]["duration"])
    return [{"learner": e["learner"], "name": e["name"], "completed": e["completed"],
             "time_spent_seconds": round(e["seconds"], 2), "score": None, "passed": None,
             "reflections": list(e["reflections"].values()), "questions": []}
            for _, e in sorted(learners.items())]


def test_streaming_summary_matches_sorting_every_statement(lrs):
    import random
    rng = random.Random(5)
    made = []
    for _ in range(3000):
        learner, minute = rng.randint(1, 12), rng.randint(0, 40)  # many equal timestamps: ties keep LRS order
        stamp = f"2024-05-01T10:{minute:02d}:00.000Z"
        kind = rng.choice(["answered", "answered", "completed", "terminated", "experienced"])
        if kind == "answered":
            made.append(answered(f"answer {len(made)}", learner, f"r{rng.randint(1, 6)}", stamp))
        else:
            made.append(statement(kind, learner, stamp,
                                  result={"duration": f"PT{rng.randint(1, 900)}.{rng.randint(0, 99)}S"}))
        if rng.random() < 0.1:
            made[-1]["actor"]["name"] = f"Renamed {len(made)}"
    for start in range(0, len(made), 500):
        path = lrs.first if start == 0 else f"/xAPI/statements?from={start}"
        more = f"/xAPI/statements?from={start + 500}" if start + 500 < len(made) else ""
        lrs.replies[path] = page(made[start:start + 500], more)
    result = run_fake(lrs, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["learners"] == reference_report(made)


# --- knowledge checks: each question's latest answer and result, the score, passed or failed ----------------

def question(response, success, learner=1, qid="q-a", timestamp="2024-05-01T10:00:00.000Z", prompt=None):
    """A question's answered statement as the runtime sends it (contract: <course>/questions/<id>)."""
    made = statement("answered", learner, timestamp, result={
        "response": response, "success": success, "score": {"scaled": int(success), "raw": int(success),
                                                            "min": 0, "max": 1}})
    made["object"] = {"objectType": "Activity", "id": f"{COURSE_IRI}/questions/{qid}", "definition": {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
        "name": {"en": prompt or f"Prompt {qid}"}, "description": {"en": prompt or f"Prompt {qid}"}}}
    return made


def judgement(verb, scaled, learner=1, timestamp="2024-05-01T11:00:00.000Z", right=None, of=None):
    """The course's passed or failed as the runtime sends it: raw = the questions answered right,
    max = all of them (by default, scaled's share of 3), scaled to 4 decimals."""
    of = of or 3
    right = round(scaled * of) if right is None else right
    return statement(verb, learner, timestamp, result={
        "success": verb == "passed", "duration": "PT1M",
        "score": {"scaled": scaled, "raw": right, "min": 0, "max": of}})


def cmi5_judgement(verb, scaled, learner, timestamp):
    """cmi5: the object is the LMS's id of the AU; the course is the grouping (publisher id)."""
    made = judgement(verb, scaled, learner, timestamp)
    made["object"] = {"objectType": "Activity", "id": "https://lms.example/cmi5/activities/au-17"}
    made["context"] = {"contextActivities": {"grouping": [{"id": f"{COURSE_IRI}/au"}]}}
    return made


QUIZ = [
    answered("my reflection", 1, "r1", "2024-05-01T09:00:00.000Z"),
    question("fees", False, 1, "q-a", "2024-05-01T10:00:00.000Z"),
    question("goals", True, 1, "q-a", "2024-05-01T10:01:00.000Z"),           # the latest answer counts
    question("true", True, 1, "q-tf", "2024-05-01T10:02:00.000Z"),
    question("goals[,]fees", False, 1, "q-b", "2024-05-01T10:03:00.000Z"),
    judgement("passed", 0.6667, 1, "2024-05-01T10:03:00.500Z", right=2, of=3),
    question("fees", False, 2, "q-a", "2024-05-01T10:00:00.000Z"),
    cmi5_judgement("failed", 0.0, 2, "2024-05-01T10:05:00.000Z"),
    question("goals", True, 2, "q-a", "2024-05-02T10:00:00.000Z"),            # a later session
    cmi5_judgement("passed", 1.0, 2, "2024-05-02T10:05:00.000Z"),
    question("false", False, 3, "q-tf", "2024-05-01T10:00:00.000Z"),         # no mastery: no passed/failed
    question("goals", True, 3, "q-a", "2024-05-01T10:00:01.000Z"),
    question("x", True, 4, "q-%C3%A9t%C3%A9", "2024-05-01T10:00:00.000Z"),    # an id percent-encoded
    dict(judgement("passed", 1.0, 5), object={"id": f"{COURSE_IRI}/questions/q-a"}),  # not the course's
]


def test_questions_scores_and_passed_or_failed_as_json(lrs):
    lrs.replies[lrs.first] = page(QUIZ)
    result = run_fake(lrs, "--format", "json")
    assert result.exit_code == 0, result.output
    learners = {entry["learner"]: entry for entry in json.loads(result.stdout)["learners"]}
    one = learners["mailto:l1@example.org"]
    assert (one["score"], one["passed"]) == (66.67, True)
    assert [(q["id"], q["response"], q["result"], q["timestamp"]) for q in one["questions"]] == [
        ("q-a", "goals", "correct", "2024-05-01T10:01:00.000Z"),
        ("q-tf", "true", "correct", "2024-05-01T10:02:00.000Z"),
        ("q-b", "goals[,]fees", "incorrect", "2024-05-01T10:03:00.000Z")]
    assert one["questions"][0]["prompt"] == "Prompt q-a"
    assert [r["response"] for r in one["reflections"]] == ["my reflection"], "a question is no reflection"
    two = learners["mailto:l2@example.org"]
    assert (two["score"], two["passed"]) == (100.0, True), "the latest passed or failed counts (cmi5 too)"
    assert [q["result"] for q in two["questions"]] == ["correct"]
    three = learners["mailto:l3@example.org"]
    assert three["passed"] is None, "no passed or failed: no mastery score"
    # without the course, its questions are those some learner answered: q-a, q-tf, q-b, q-été
    assert three["score"] == 25.0
    assert [q["id"] for q in learners["mailto:l4@example.org"]["questions"]] == ["q-\u00e9t\u00e9"]
    five = learners["mailto:l5@example.org"]
    assert (five["score"], five["passed"]) == (None, None), "a passed about a question is not the course's"


def test_questions_as_csv_rows_after_the_reflections(lrs, tmp_path):
    lrs.replies[lrs.first] = page(QUIZ[:6])
    out = tmp_path / "report.csv"
    assert run_fake(lrs, "--output", str(out)).exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["learner", "name", "completed", "time_spent_seconds", "reflection_id", "prompt",
                             "response", "answered_at", "question_id", "result", "score", "passed"]
    assert [(r["reflection_id"], r["question_id"], r["response"], r["result"]) for r in rows] == [
        ("r1", "", "my reflection", ""), ("", "q-a", "goals", "correct"), ("", "q-tf", "true", "correct"),
        ("", "q-b", "goals[,]fees", "incorrect")]
    assert {(r["score"], r["passed"]) for r in rows} == {("66.67", "true")}


@pytest.mark.parametrize("known,score", [(["q-a", "q-b", "q-c", "q-d"], 25.0), (["q-a"], 100.0), (None, 50.0)],
                         ids=["over the course's four questions", "over one", "over those answered"])
def test_the_score_without_a_mastery_score_counts_over_the_course_questions(known, score):
    from scormgen.lrsreport import Summary
    summary = Summary(COURSE_IRI, known)
    summary.add_page([question("goals", True, 1, "q-a"), question("fees", False, 1, "q-b")])
    [learner] = summary.sorted_learners()
    assert (learner.score, learner.passed) == (score, None)


@pytest.mark.parametrize("score,percent", [
    ({"scaled": 0.8333, "raw": 5, "min": 0, "max": 6}, 83.33), ({"scaled": 0.8333}, 83.33),
    ({"scaled": 0.5, "raw": 50, "min": 0, "max": 100}, 50.0), ({"raw": 1, "min": 0, "max": 3}, 33.33),
    ({"raw": 1, "min": 1, "max": 1}, None), ({"scaled": "1"}, None)])
def test_the_course_score_of_a_passed_or_failed(score, percent):
    from scormgen.lrsreport import Summary
    summary = Summary(COURSE_IRI, [])
    failed = judgement("failed", 0.5)
    failed["result"]["score"] = score
    summary.add_page([failed])
    [learner] = summary.sorted_learners()
    assert (learner.score, learner.passed) == (percent, False)


def test_a_passed_without_a_score_leaves_the_score_to_the_questions():
    from scormgen.lrsreport import Summary
    summary = Summary(COURSE_IRI, ["q-a", "q-b"])
    passed = judgement("passed", 1.0)
    del passed["result"]["score"]
    summary.add_page([question("goals", True, 1, "q-a"), passed])
    [learner] = summary.sorted_learners()
    assert (learner.score, learner.passed) == (50.0, True)


def test_a_question_answer_of_the_wrong_shape_is_skipped(lrs):
    odd = question("goals", True)
    odd["result"]["success"] = "yes"
    lrs.replies[lrs.first] = page([odd, question("fees", False, 2)])
    result = run_fake(lrs, "--format", "json")
    assert result.exit_code == 0
    assert [entry["learner"] for entry in json.loads(result.stdout)["learners"]] == ["mailto:l2@example.org"]
    assert "(success is not true or false)" in result.stderr


def test_with_the_course_the_score_counts_over_all_its_questions(lrs, tmp_path):
    from conftest import write_quiz_course
    course = write_quiz_course(tmp_path / "quiz", mastery=None)
    iri = "urn:scormgen:quiz-course"
    answers = [question("goals", True, 1, "q-single"), question("x", True, 1, "q-unknown")]
    for made in answers:
        made["object"]["id"] = made["object"]["id"].replace(COURSE_IRI, iri)
        made["context"]["contextActivities"]["parent"] = [{"id": iri}]
    lrs.replies[lrs.first] = page(answers)
    result = CliRunner().invoke(cli, ["report", "--endpoint", lrs.url, "--course", str(course), "--format", "json"])
    assert result.exit_code == 0, result.output
    [learner] = json.loads(result.stdout)["learners"]
    assert (learner["score"], learner["passed"]) == (33.33, None), "one of the course's three questions"

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
from lms_server import LmsServer
from ralph import PASSWORD, USER
from scormgen.cli import cli
from scormgen.lrsreport import duration_seconds

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
            reflections = page.locator("[data-sg-reflection]")
            count = reflections.count() if finish else 1
            for index in range(count):
                block = reflections.nth(index)
                page_id = block.evaluate("el => el.closest('[data-sg-page]').dataset.sgPage")
                page.locator(f'[data-sg-toc] [data-sg-goto="{page_id}"]').click()
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

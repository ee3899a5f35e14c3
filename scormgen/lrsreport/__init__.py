"""``scormgen report``: what learners wrote and did, read back from an LRS.

Statements are read page by page from the LRS's statements resource as plain JSON
(client.py) and kept when they belong to the course (the course's IRI, or one below
it, as the object or as a parent or grouping activity), so the report does not depend
on an LRS's activity filter. Each page is folded into the summary and dropped
(summary.py), so memory stays the same however many statements the LRS holds. For
each learner the report gives their reflections (the latest answer to each), their
knowledge checks (the latest answer to each question and its result), their score and
whether they passed, when they completed the course, and the time spent (the sum of
the durations of their sessions), as CSV or JSON (output.py).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TextIO

from .client import Limits, LrsClient, ReportError
from .output import ProgressLine, write_csv, write_json
from .summary import Summary, duration_seconds
from .text import visible

__all__ = ["Limits", "ProgressLine", "ReportError", "Summary", "collect", "duration_seconds", "report",
           "skipped_warning", "write_report"]

Progress = Callable[[int, int], None]
DEFAULT_LIMITS = Limits()


def collect(endpoint: str, username: str | None, password: str | None, course_iri: str,
            limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None,
            questions: Iterable[str] | None = None) -> Summary:
    """Read every statement from the LRS into the course's summary; ReportError when it has none for the
    course. ``questions``: the course's question ids, when known (see Summary)."""
    summary = Summary(course_iri, questions)
    for page in LrsClient(endpoint, username, password, limits).pages():
        summary.add_page(page)
        if progress is not None:
            progress(summary.statements, summary.pages)
    if not summary.learners:
        raise ReportError(f"the LRS has no statements for the course {visible(course_iri)}. Check --activity-id "
                          "(or the course's activity_id in course.yml) and that learners have launched it.")
    return summary


def skipped_warning(summary: Summary) -> str | None:
    """The warning for statements skipped for their shape, or None when there were none."""
    skipped = summary.skipped
    if not skipped.count:
        return None
    noun = "statement" if skipped.count == 1 else "statements"
    return visible(f"warning: skipped {skipped.count:,} {noun} not in the shape of an xAPI statement; "
                   f"first: {', '.join(skipped.first)}")


def write_report(summary: Summary, fmt: str, out: TextIO, terminal: bool = False) -> None:
    """The report as CSV or JSON; ``terminal`` shows control characters in learner text as escapes."""
    learners = summary.sorted_learners()
    if fmt == "json":
        write_json(learners, summary.course_iri, out, terminal)
    else:
        write_csv(learners, out, terminal)


def report(endpoint: str, username: str | None, password: str | None, course_iri: str, fmt: str,
           limits: Limits = DEFAULT_LIMITS, questions: Iterable[str] | None = None) -> str:
    """The whole report as text (for callers that want a string rather than a stream)."""
    out = io.StringIO()
    write_report(collect(endpoint, username, password, course_iri, limits, questions=questions), fmt, out)
    return out.getvalue()

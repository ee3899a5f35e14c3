"""The report as CSV (one row per answer) or JSON, written learner by learner, and a progress line.

Every CSV cell is spreadsheet-safe (text.spreadsheet_safe), in a file as on a terminal.
On a terminal, control characters in learner text are shown as escapes rather than
obeyed; JSON keeps the exact values there too, written as JSON escapes.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TextIO

from .summary import Answer, Learner
from .text import json_for_terminal, spreadsheet_safe, visible

# The first eight columns are those of reports before questions; a question's row has its id
# under question_id (reflection_id empty) and its result.
CSV_COLUMNS = ["learner", "name", "completed", "time_spent_seconds", "reflection_id", "prompt",
               "response", "answered_at", "question_id", "result", "score", "passed"]


def _learner_json(learner: Learner) -> dict[str, Any]:
    return {"learner": learner.key, "name": learner.name, "completed": learner.completed,
            "time_spent_seconds": round(learner.seconds, 2), "score": learner.score, "passed": learner.passed,
            "reflections": [{"id": reflection, "prompt": answer.prompt, "response": answer.response,
                             "timestamp": answer.timestamp}
                            for reflection, answer in _in_order(learner.answers)],
            "questions": [{"id": question, "prompt": answer.prompt, "response": answer.response,
                           "result": _result(answer), "timestamp": answer.timestamp}
                          for question, answer in _in_order(learner.questions)]}


def _in_order(answers: dict[str, Answer]) -> list[tuple[str, Answer]]:
    """(id, latest answer), in the order the reflections (or questions) were first answered."""
    return sorted(answers.items(), key=lambda item: item[1].first)


def _result(answer: Answer) -> str:
    """A question's result in words: correct, incorrect, or "" when the statement said neither."""
    return "" if answer.success is None else "correct" if answer.success else "incorrect"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def write_json(learners: list[Learner], course_iri: str, out: TextIO, terminal: bool) -> None:
    """The text ``json.dumps({"course": ..., "learners": [...]}, indent=2)`` gives, one learner at a time."""
    clean: Callable[[str], str] = json_for_terminal if terminal else str
    dump = json.JSONEncoder(ensure_ascii=False, indent=2).encode
    out.write(clean(f'{{\n  "course": {dump(course_iri)},\n  "learners": ['))
    for index, learner in enumerate(learners):
        # json never writes a raw newline inside a string, so indenting its lines is safe
        out.write(("," if index else "") + "\n    " + clean(dump(_learner_json(learner))).replace("\n", "\n    "))
    out.write("\n  ]\n}\n" if learners else "]\n}\n")


def _csv_cell(cell: str) -> str:
    """RFC 4180 quoting, as the csv module's, but a carriage return is quoted too (csv leaves it bare)."""
    if any(char in cell for char in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_csv(learners: list[Learner], out: TextIO, terminal: bool) -> None:
    def row(cells: list[str]) -> None:
        safe = [spreadsheet_safe(cell) for cell in cells]
        out.write(",".join(_csv_cell(visible(cell) if terminal else cell) for cell in safe) + "\n")

    row(CSV_COLUMNS)
    for learner in learners:
        head = [learner.key, learner.name, learner.completed or "", f"{learner.seconds:.2f}"]
        tail = [_number(learner.score), "" if learner.passed is None else str(learner.passed).lower()]
        if not learner.answers and not learner.questions:
            row(head + ["", "", "", "", "", ""] + tail)
        for reflection, answer in _in_order(learner.answers):
            row(head + [reflection, answer.prompt, answer.response, answer.timestamp, "", ""] + tail)
        for question, answer in _in_order(learner.questions):
            row(head + ["", answer.prompt, answer.response, answer.timestamp, question, _result(answer)] + tail)


class ProgressLine:
    """``read 1,234,500 statements in 2,469 pages (41,000/s)`` on one line of a terminal.

    Redrawn at most five times a second, so a fast LRS is not slowed by the terminal."""

    def __init__(self, stream: TextIO, every: float = 0.2) -> None:
        self.stream = stream
        self.every = every
        self.start = time.monotonic()
        self.shown = 0.0
        self.drawn = False

    def __call__(self, statements: int, pages: int, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.shown < self.every:
            return
        self.shown = now
        rate = statements / max(now - self.start, 1e-6)
        plural = "" if pages == 1 else "s"
        self.stream.write(f"\rread {statements:,} statements in {pages:,} page{plural} ({rate:,.0f}/s)\x1b[K")
        self.drawn = True
        if final:
            self.close()
        self.stream.flush()

    def close(self) -> None:
        """End the line, once, if one was drawn."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

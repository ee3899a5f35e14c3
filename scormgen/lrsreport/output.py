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

from .summary import Learner
from .text import json_for_terminal, spreadsheet_safe, visible

CSV_COLUMNS = ["learner", "name", "completed", "time_spent_seconds", "reflection_id", "prompt",
               "response", "answered_at"]


def _learner_json(learner: Learner) -> dict[str, Any]:
    return {"learner": learner.key, "name": learner.name, "completed": learner.completed,
            "time_spent_seconds": round(learner.seconds, 2),
            "reflections": [{"id": reflection, "prompt": answer.prompt, "response": answer.response,
                             "timestamp": answer.timestamp}
                            for reflection, answer in _reflections(learner)]}


def _reflections(learner: Learner) -> list[tuple[str, Any]]:
    """(reflection id, latest answer), in the order the reflections were first answered."""
    return sorted(learner.answers.items(), key=lambda item: item[1].first)


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
        if not learner.answers:
            row(head + ["", "", "", ""])
        for reflection, answer in _reflections(learner):
            row(head + [reflection, answer.prompt, answer.response, answer.timestamp])


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

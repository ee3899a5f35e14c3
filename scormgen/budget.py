"""How much of cmi.suspend_data the module's own structure takes, at worst.

The runtime (runtime/suspend.js) keeps the learner's resume state in suspend_data:
the pages seen, each question's latest answer and attempts used, the verdict sent to
the LRS, each reflection's text and the notes, never over the standard's limit. What
the structure itself takes (keys, ids, the pages-seen bits, the questions' answers,
which are never shortened) is fixed by the course; the rest is the room the learner's
writing shares. This computes that structure for the worst case (every question
answered with as many options as it allows and every attempt used, every reflection
answered and every text shortened), in the same format, so the build can say how much
room a learner has.

The runtime writes format 2: the record's JSON with every double quote written as a
single quote, and a single quote, a backslash and a tilde as pairs starting with "~",
so that an LMS that mangles backslashes or quotes cannot damage it. protect_json()
is the same substitution, so the lengths counted here are the runtime's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .course import Course, Question
from .standards import datamodel
from .targets import Target

MAX_REVISION = 9_999_999_999  # the save counter, generously
HASH_WIDTH = 7                # a 32-bit hash in base 36
SUSPEND_FORMAT = 2            # the format runtime/suspend.js writes

# Format 2's substitution, character by character (runtime/suspend.js, PROTECT).
_PROTECT = str.maketrans({'"': "'", "'": "~a", "\\": "~b", "~": "~~",
                          "\u2028": "~bu2028", "\u2029": "~bu2029"})


def protect_json(text: str) -> str:
    """JSON text as format 2 stores it: no backslash, no double quote."""
    return text.translate(_PROTECT)


@dataclass(frozen=True)
class Budget:
    target: Target
    limit: int          # the limit the runtime keeps to (characters, or bytes in 4th Edition)
    standard_limit: int  # the standard's limit, in characters
    unit: str
    structure: int      # what the course's structure takes at worst
    texts: int          # how many texts share the rest (reflections and notes)
    questions: int = 0  # how many questions' answers the structure holds

    @property
    def room(self) -> int:
        return max(0, self.limit - self.structure)

    def describe(self) -> str:
        held = f" (with the answers to {self.questions:,} question{'s' if self.questions != 1 else ''})" \
            if self.questions else ""
        line = (f"resume data: the structure{held} takes {self.structure:,} of {self.limit:,} {self.unit}; "
                f"{self.room:,} are left for the learner's {self.texts - 1} reflection"
                f"{'s' if self.texts != 2 else ''} and notes")
        if self.unit == "bytes":
            line += (f" (SCORM allows {self.standard_limit:,} characters; scormgen keeps it lower "
                     "so the LMS's last commit of a session fits in one request)")
        return line

    def elsewhere(self) -> str | None:
        """Where else the LMS keeps the learner's texts, which a resume reads back when
        resume data had to shorten them (None when nowhere)."""
        table = datamodel.runtime_table(self.target.name) or {}
        can = table.get("readBack") or {}
        limits = table.get("limits") or {}
        assert isinstance(can, dict) and isinstance(limits, dict)
        kept = []
        if can.get("responses"):
            kept.append(f"each answer whole in its interaction (up to {limits['response']:,} characters)")
        if can.get("notes"):
            kept.append(f"the notes in the LMS's comments (up to {limits['comments']:,} characters)")
        if not kept:
            return None
        return "beyond it, a resume in another browser also gets back " + " and ".join(kept)


def kept_answer(question: Question) -> str:
    """A question's longest answer as suspend.js keeps it (quiz.js, keepAnswer): a letter per
    option chosen (every option of a multiple-choice question; one otherwise, t or f for
    true-false), then the attempts used, all of them."""
    chosen = len(question.options) if question.type == "multiple" else 1
    return "a" * chosen + str(question.attempts)


def worst_case_structure(course: Course) -> int:
    """The record's length in UTF-8 bytes with every text empty and marked as shortened,
    every question answered at the longest and a verdict sent."""
    reflection_ids = [r.id for r in course.reflections]
    record: dict[str, object] = {
        "v": SUSPEND_FORMAT,
        "r": MAX_REVISION,
        "h": "z" * HASH_WIDTH,
        "p": "f" * ((len(course.pages) + 3) // 4),
        "q": {q.id: kept_answer(q) for q in course.questions},
        "o": "p",
        "a": {rid: "" for rid in reflection_ids},
        "n": "",
        "x": [f"a:{rid}" for rid in reflection_ids] + ["n"],
    }
    if not course.questions:
        del record["q"], record["o"]
    if not reflection_ids:
        del record["a"]
    encoded = protect_json(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    return len(encoded.encode("utf-8"))


def suspend_budget(course: Course, target: Target) -> Budget | None:
    """None for targets whose resume state stays in the learner's browser (xAPI, cmi5)."""
    limits = datamodel.suspend_limit(target.name)
    if limits is None:
        return None
    characters, bytes_limit = limits
    limit = min(characters, bytes_limit) if bytes_limit else characters
    return Budget(target=target, limit=limit, standard_limit=characters, unit="bytes" if bytes_limit else "characters",
                  structure=worst_case_structure(course), texts=len(course.reflections) + 1,
                  questions=len(course.questions))

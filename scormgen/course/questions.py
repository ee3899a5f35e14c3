"""Knowledge checks: a page's ```` ```question ```` blocks, as records of the course model.

A question is read like any record (``scormgen.course.schema``: every key declared once
with its rule), then checked as a whole by ``check_question``: what one key cannot say
alone (a single-choice question has exactly one correct option, a true-false question
has an ``answer`` and no ``options``...). Each problem names the line of the key or of
the block, and reading goes on.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .schema import ListOf, Located, Nested, Reader, Unique, setting
from .values import boolean, identifier, markdown_text, one_of, option_id, positive_integer

QUESTION_TYPES = ("single", "multiple", "true-false")
# SCORM 1.2 writes a choice as the letters a..z (one per option, by its place): at most
# 26 options; fewer than 2 is no choice.
MIN_OPTIONS, MAX_OPTIONS = 2, 26
# The option ids of a true-false question, as its inputs' values and its responses.
TRUE_FALSE = ("true", "false")


@dataclass
class Option(Located):
    """One option of a single- or multiple-choice question."""

    id: str = setting(option_id, "Identifier of the option, unique in the question: 1 to 64 ASCII letters, "
                      "digits, `-` or `_`. It is what the learner's answer is recorded as (SCORM 2004, xAPI).",
                      required=True, example="goals")
    text: str = setting(markdown_text, "The option as the learner reads it, in Markdown.", required=True)
    correct: bool = setting(boolean, "`true` for a right option.", default=False, example="true")
    feedback: str | None = setting(markdown_text, "Shown when the learner chose this option, in Markdown.")
    text_html: str = ""
    feedback_html: str = ""


@dataclass
class Question(Located):
    """A knowledge check of a page (a fenced ```question block of YAML)."""

    id: str = setting(identifier, "Identifier of the question, unique in the course (no page or reflection "
                      "may have it either); becomes the SCORM interaction id.", required=True,
                      example="q-components")
    type: str = setting(one_of(*QUESTION_TYPES), "`single` (one right option, radio buttons), `multiple` "
                        "(right when exactly the correct options are chosen, checkboxes) or `true-false`.",
                        required=True, example="single")
    prompt: str = setting(markdown_text, "The question, in Markdown.", required=True)
    options: list[Option] = setting(
        ListOf(Nested(Option), label="option {n}",
               unique=Unique("id", "the option id '{value}' is used twice in the question (first on line {first}).",
                             "Give each option its own id.")),
        f"The options of a `single` or `multiple` question, {MIN_OPTIONS} to {MAX_OPTIONS}, in the order shown: "
        "a list of {id, text, correct, feedback}.", default=[])
    answer: bool | None = setting(boolean, "The right answer of a `true-false` question: `true` or `false`.",
                                  example="true")
    feedback: str | None = setting(markdown_text, "Shown after any answer, right or wrong, in Markdown: "
                                   "the explanation, a reference.")
    attempts: int = setting(positive_integer, "How many times the learner may check an answer; the last check "
                            "counts.", default=1, example="2")
    shuffle: bool = setting(boolean, "`true`: the options are shown in an order of their own for each learner "
                            "(the same one every time that learner comes back).", default=False, example="true")
    # filled in while the page is read
    page_id: str = ""
    file: Path = field(default_factory=Path)
    line: int = 0
    prompt_html: str = ""        # the question itself: the legend's inline HTML
    prompt_case_html: str = ""   # the prompt's blocks before it (a case), if any
    prompt_more_html: str = ""   # the prompt's blocks after it (statements to judge), if any
    feedback_html: str = ""

    @property
    def option_ids(self) -> list[str]:
        """The ids of the inputs, in source order (``true``, ``false`` for true-false)."""
        return list(TRUE_FALSE) if self.type == "true-false" else [option.id for option in self.options]

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(id, HTML of its text) of each option, in source order."""
        return [(option.id, option.text_html) for option in self.options]

    @property
    def correct_ids(self) -> list[str]:
        if self.type == "true-false":
            return ["true" if self.answer else "false"]
        return [option.id for option in self.options if option.correct]


def check_question(question: Question, reader: Reader, given: Collection[str], options_read: bool = True) -> bool:
    """What the question's keys say together; True when nothing is wrong. ``given``: the
    keys written with a value; ``options_read``: every option was read without a problem
    (else their number and which are correct are not known, and are not checked)."""
    before = len(reader.problems)
    name = f"the {question.type} question '{question.id}'"
    where = question.source_line
    if question.type == "true-false":
        if "options" in given:
            reader.problem(question.line_for("options"), "SG178", f"{name} has 'options'; a true-false "
                           "question has none (its choices are True and False).",
                           "Remove 'options' and write 'answer: true' or 'answer: false', or make it "
                           "'type: single'.")
        if "answer" not in given:
            reader.problem(where, "SG112", f"{name} has no 'answer'.",
                           "Add 'answer: true' or 'answer: false' (the right answer).")
        return len(reader.problems) == before
    if "answer" in given:
        reader.problem(question.line_for("answer"), "SG178", f"{name} has 'answer', which only a true-false "
                       "question has.", "Mark the right options with 'correct: true' instead, or make it "
                       "'type: true-false'.")
    count = len(question.options)
    if "options" not in given:
        reader.problem(where, "SG112", f"{name} has no 'options'.",
                       f"Add 'options:', a list of {MIN_OPTIONS} to {MAX_OPTIONS} options, each with 'id' and "
                       "'text' (and 'correct: true' on the right ones).")
    elif options_read and not MIN_OPTIONS <= count <= MAX_OPTIONS:
        reader.problem(question.line_for("options"), "SG179", f"{name} has {count} option"
                       f"{'' if count == 1 else 's'}; a question has {MIN_OPTIONS} to {MAX_OPTIONS}.",
                       "Add options." if count < MIN_OPTIONS else "Split it into several questions.")
    if len(reader.problems) > before or not options_read:
        return False
    right = [option for option in question.options if option.correct]
    if not right:
        reader.problem(question.line_for("options"), "SG176", f"{name} has no option marked correct.",
                       "Add 'correct: true' to the right option" + ("s." if question.type == "multiple" else "."))
    elif question.type == "single" and len(right) > 1:
        ids = ", ".join(f"'{option.id}'" for option in right)
        reader.problem(right[1].line_for("correct"), "SG177", f"{name} has {len(right)} correct options "
                       f"({ids}); a single-choice question has one.",
                       "Keep 'correct: true' on one option, or make it 'type: multiple'.")
    return len(reader.problems) == before


__all__ = ["MAX_OPTIONS", "MIN_OPTIONS", "QUESTION_TYPES", "TRUE_FALSE", "Option", "Question", "check_question"]

"""The LMS setup card: which LMS settings make tracking work for the packages just built.

Written beside the zips (``<course-id>-<version>-lms-setup.txt``) and shown at the end
of ``scormgen build -v``. Its advice follows from what the packages send (see the
README): completion as ``completed``, exit ``suspend``; for a course with questions a
score from 0 to 100 and, with a mastery score, passed or failed. The Moodle settings are
named as Moodle 4's SCORM activity form names them (mod/scorm: "Grading method",
"Require status", "Require minimum score", "Mastery score overrides status"), and its
completion rules are what Moodle checks: "Require status" with both boxes ticked needs a
learner's tracks to hold both a 'completed' and a 'passed'; SCORM 1.2 has one status,
so a 1.2 'passed' never meets "Completed".
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .course import Course
from .manifest.scorm import decimal_text


class _Target(Protocol):
    @property
    def name(self) -> str: ...


class BuiltPackageLike(Protocol):
    """What the card needs of a package built: its target's name and its path."""

    @property
    def target(self) -> _Target: ...

    @property
    def path(self) -> Path: ...


def setup_card(course: Course, built: Sequence[BuiltPackageLike], lrs_endpoint: str | None = None) -> str:
    """The card's text; ``lrs_endpoint``: where SCORM packages send statements, if anywhere."""
    names = {package.target.name: package.path.name for package in built}
    lines = [
        f"LMS setup card: {course.title} ({course.id} {course.version})",
        "=" * 72,
        "",
        *textwrap.wrap(_intro(course), 72),
        "",
        "Moodle (SCORM activity)",
        "-----------------------",
    ]
    lines += _moodle(names, course)
    mastery = course.passing_score
    if "cmi5" in names:
        move_on = "moveOn = Completed" if mastery is None else \
            f"moveOn = CompletedAndPassed,\n  masteryScore = {decimal_text(mastery, 100)}"
        lines += [
            "cmi5 LMS",
            "--------",
            f"Package file: {names['cmi5']} (one AU, {move_on}).",
            "The LMS gives the AU its LRS token at launch: nothing to configure.",
            "",
        ]
    if "xapi" in names:
        lines += [
            "xAPI (Tin Can launch, e.g. Moodle's TinCan Launch plugin)",
            "---------------------------------------------------------",
            f"Package file: {names['xapi']}; activity id: {course.activity_id}",
            "Completion: the 'completed' verb on that activity.",
        ]
        if mastery is not None:
            lines.append("Result: the 'passed' or 'failed' verb on it, with result.score.scaled.")
        lines.append("")
    if lrs_endpoint:
        lines += [
            "SCORM packages also send xAPI statements to:",
            f"  {lrs_endpoint}",
            "with the credentials the LMS adds to the launch URL as 'auth'.",
            "",
        ]
    return "\n".join(lines)


def _intro(course: Course) -> str:
    """What the packages report, in a few sentences."""
    rule = []
    if course.completion.pages == "all":
        rule.append("every page viewed")
    if course.completion.reflections == "all" and course.reflections:
        count = len(course.reflections)
        rule.append(f"all {count} reflections submitted" if count > 1 else "the reflection submitted")
    completion = " and ".join(rule) or "the first page viewed"
    resume = ("They set exit to 'suspend', so learners resume where they left and find their notes and "
              "answers again.")
    if not course.scored:
        return (f"The packages report 'completed' once {completion}. They send no score, and never 'passed' or "
                f"'failed'. {resume}")
    count = len(course.questions)
    score = (f"The packages report 'completed' once {completion}, and a score: the percentage of the {count} "
             f"question{'s' if count != 1 else ''} answered right (each question's last check counts), from 0 "
             "to 100, sent after each check.")
    if course.passing_score is None:
        return f"{score} They never report 'passed' or 'failed' (course.yml sets no mastery_score). {resume}"
    return (f"{score} The passing score is {decimal_text(course.passing_score)}%. Once the course is complete "
            "and every question answered, SCORM 1.2 packages report 'passed' or 'failed' in place of "
            "'completed'; SCORM 2004 packages report 'passed' or 'failed' as the success status, beside "
            f"'completed'; xAPI and cmi5 packages send 'passed' or 'failed'. {resume}")


def _moodle(names: dict[str, str], course: Course) -> list[str]:
    """The Moodle SCORM activity's settings."""
    lines = []
    scorm = [n for n in ("scorm2004-4th", "scorm2004-3rd", "scorm12") if n in names]
    if scorm:
        lines.append(f"Package file: {names[scorm[0]]}")
        if "scorm12" in names and scorm[0] != "scorm12":
            lines.append(f"  (for an LMS that only takes SCORM 1.2: {names['scorm12']})")
    lines += [
        "Appearance > Display package: Current window (or New window)",
        "Appearance > Display course structure in player: No; Show navigation: No",
        "  (the course has its own table of contents and Previous/Next buttons)",
    ]
    if not course.scored:
        return lines + [
            "Grade > Grading method: Learning objects; Maximum grade: 1 (or no grade)",
            "  (the course is not scored)",
            "Attempts management > Number of attempts: Unlimited; Force new attempt: No",
            "Compatibility settings > Mastery score overrides status: leave as is",
            "  (the packages declare no mastery score)",
            "Activity completion > Require status: Completed",
            "  (do not use 'Passed' or 'Require minimum score': there is no score)",
            "",
        ]
    lines += [
        "Grade > Grading method: Highest grade; Maximum grade: 100",
        "  (the learner's grade is then the package's score, 0 to 100)",
        "Attempts management > Number of attempts: Unlimited; Force new attempt: No",
    ]
    return lines + _moodle_scored(names, course) + [""]


def _moodle_scored(names: dict[str, str], course: Course) -> list[str]:
    """The mastery and completion settings of a scored course, for each SCORM version built."""
    mastery = course.passing_score
    scorm2004 = any(n.startswith("scorm2004") for n in names)
    scorm12 = "scorm12" in names
    if mastery is None:
        return [
            "Activity completion > Require status: Completed",
            "  (not 'Passed': without a mastery score the packages never report it;",
            "  'Require minimum score' may be added, to ask for a score as well)",
        ]
    minimum = math.ceil(mastery)  # Moodle takes a whole number there
    percent = decimal_text(mastery)
    lines = []
    if scorm12:
        lines += [
            "Compatibility settings > Mastery score overrides status: No" + (" (SCORM 1.2)" if scorm2004 else ""),
            "  (with Yes, Moodle's default, Moodle makes a SCORM 1.2 package 'passed' or",
            "  'failed' from its score at the end of every session, even before every",
            "  question is answered; with No it keeps what the package reports)",
        ]
    if scorm2004:
        lines += [
            "Activity completion > Require status: Completed and Passed (tick both)",
            f"  (the learner completed the course and scored {percent}% or more; 'Completed'",
            "  alone counts the course done whatever the score)",
        ]
    if scorm12:
        lines += [
            *(["  For the SCORM 1.2 package:"] if scorm2004 else []),
            ("  " if scorm2004 else "Activity completion > ")
            + f"Require status: Passed only, or Require minimum score: {minimum}",
            "  (not 'Completed': a SCORM 1.2 package with a mastery score reports 'passed' or",
            "  'failed' in place of 'completed', and Moodle's 'Completed' counts neither, so",
            "  'Require status: Completed' would never be met, whatever the result)",
        ]
    return lines

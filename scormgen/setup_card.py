"""The LMS setup card: which LMS settings make tracking work for the packages just built.

Written beside the zips (``<course-id>-<version>-lms-setup.txt``) and shown at the end
of ``scormgen build -v``. Its advice follows from what the packages send (see the
README): completion as ``completed`` (never ``passed``), no score, exit ``suspend``.
"""
from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .course import Course


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
    rule = []
    if course.completion.pages == "all":
        rule.append("every page viewed")
    if course.completion.reflections == "all" and course.reflections:
        rule.append(f"all {len(course.reflections)} reflections submitted")
    completion = " and ".join(rule) or "the first page viewed"
    intro = (f"The packages report 'completed' once {completion}. They send no score, and "
             "never 'passed' or 'failed'. They set exit to 'suspend', so learners resume where they "
             "left and find their notes and answers again.")
    lines = [
        f"LMS setup card: {course.title} ({course.id} {course.version})",
        "=" * 72,
        "",
        *textwrap.wrap(intro, 72),
        "",
        "Moodle (SCORM activity)",
        "-----------------------",
    ]
    lines += _moodle(names)
    if "cmi5" in names:
        lines += [
            "cmi5 LMS",
            "--------",
            f"Package file: {names['cmi5']} (one AU, moveOn = Completed).",
            "The LMS gives the AU its LRS token at launch: nothing to configure.",
            "",
        ]
    if "xapi" in names:
        lines += [
            "xAPI (Tin Can launch, e.g. Moodle's TinCan Launch plugin)",
            "---------------------------------------------------------",
            f"Package file: {names['xapi']}; activity id: {course.activity_id}",
            "Completion: the 'completed' verb on that activity.",
            "",
        ]
    if lrs_endpoint:
        lines += [
            "SCORM packages also send xAPI statements to:",
            f"  {lrs_endpoint}",
            "with the credentials the LMS adds to the launch URL as 'auth'.",
            "",
        ]
    return "\n".join(lines)


def _moodle(names: dict[str, str]) -> list[str]:
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
        "Grade > Grading method: Learning objects; Maximum grade: 1 (or no grade)",
        "  (the course is not scored)",
        "Attempts management > Number of attempts: Unlimited; Force new attempt: No",
        "Attempts management > Mastery score overrides status: leave as is",
        "  (the packages declare no mastery score)",
        "Activity completion > Require status: Completed",
        "  (do not use 'Passed' or 'Require minimum score': there is no score)",
        "",
    ]
    return lines

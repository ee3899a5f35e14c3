"""Every error a user can meet, as one exception family rooted in click.ClickException.

A message says what is wrong, where (file and line when there is one) and how to fix
it. The CLI prints it without a traceback unless ``--debug`` is given.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import click


class ScormgenError(click.ClickException):
    """Base of every error scormgen reports to a user (exit status 1)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a course source: where it is, what it is, how to fix it."""

    file: Path
    line: int | None
    message: str
    hint: str = ""

    def format(self, base: Path | None = None) -> str:
        where = _display_path(self.file, base)
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


def _display_path(path: Path, base: Path | None) -> str:
    """A path as short as possible: relative to the working directory when inside it."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class CourseError(ScormgenError):
    """The course source has one or more problems; nothing was built."""

    def __init__(self, problems: Iterable[Problem], course_dir: Path | None = None):
        self.problems = sorted(problems, key=lambda p: (str(Path(p.file).resolve()), p.line or 0))
        self.course_dir = course_dir
        count = len(self.problems)
        lines = [p.format() for p in self.problems]
        head = f"the course has {count} problem{'s' if count != 1 else ''}; nothing was written:"
        super().__init__("\n".join([head, *("  " + line for line in lines)]))


class TargetError(ScormgenError):
    """An unknown build target was asked for."""


class OutputError(ScormgenError):
    """The output folder cannot be written."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""

"""Every error a user can meet, as one exception family rooted in click.ClickException.

A message says what is wrong, where (file and line when there is one) and how to fix
it. Each problem in a course has a stable code (``SG103``), as a linter's rules do:
``docs/errors.md`` lists every code with an example and its fix, and tests assert
codes, not sentences, so a hint can be reworded freely. The CLI prints errors without
a traceback unless ``--debug`` is given.

Exit statuses: 1 for a problem in what the user gave (a course, a package, an
option), 2 for a command-line usage error (click's own), 123 for a defect in
scormgen itself (``InternalError``).
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

# Every problem code, with a short name. docs/errors.md documents each one (a test
# keeps the two in step); codes are never reused for another meaning.
CODES: dict[str, str] = {
    # the course folder and its files
    "SG100": "no course here",
    "SG101": "file cannot be read",
    "SG102": "file is not UTF-8",
    "SG103": "YAML syntax error",
    "SG104": "YAML key is not plain text",
    "SG105": "YAML key given twice",
    "SG106": "course.yml is empty",
    "SG107": "YAML anchor or alias",
    "SG108": "file too large",
    # the fields of course.yml and of blocks
    "SG110": "not a mapping",
    "SG111": "unknown key",
    "SG112": "required key missing",
    "SG113": "invalid value",
    "SG114": "not a list",
    "SG115": "identifier used twice",
    "SG116": "no pages",
    # paths a course names
    "SG120": "absolute path",
    "SG121": "path outside the course folder",
    "SG122": "file missing",
    "SG123": "path refused by Moodle's web server",
    "SG124": "path written with backslashes",
    # the theme
    "SG130": "logo without a text alternative",
    "SG131": "contrast below WCAG AA",
    # pages
    "SG140": "page without a title",
    "SG141": "empty page title",
    "SG142": "second page title",
    "SG143": "unknown block type",
    "SG144": "image, video or audio without a text alternative",
    "SG145": "image, video or audio from another site",
    "SG146": "link that runs code or opens a local file",
    "SG147": "link to a Markdown file that is not a page",
    "SG148": "path with a space left as text",
    "SG149": "fenced block never closed",
    # templates
    "SG150": "template error",
    "SG151": "template not found",
    "SG152": "template outside the course's templates folder",
    # warnings: the course builds, but deserves a look
    "SG160": "reflection prompt longer than SCORM 2004 keeps",
    "SG161": "little resume data left for learners",
    "SG162": "page file not listed in course.yml",
    "SG163": "page with only a title",
    "SG164": "link or image address that is not valid",
    # video and audio (SG172-SG175 are warnings)
    "SG165": "video without captions, or audio without a transcript",
    "SG166": "caption file that is not WebVTT",
    "SG167": "caption cue that browsers skip (malformed time)",
    "SG168": "caption file name without a language code",
    "SG169": "video or audio format browsers do not all play",
    "SG170": "YouTube or Vimeo address that is not a video",
    "SG171": "media setting for a file no page plays",
    "SG172": "video without captions or audio without a transcript, on the record",
    "SG173": "media file larger than media_size_warning",
    "SG174": "image far larger than shown",
    "SG175": "file in media/ that no page uses",
    # knowledge checks (SG180 is a warning)
    "SG176": "question without a correct option",
    "SG177": "single-choice question with several correct options",
    "SG178": "key that does not fit the question's type",
    "SG179": "question with too few or too many options",
    "SG180": "mastery score in a course without questions",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a course source: where it is, its code, what it is, how to fix it."""

    file: Path
    line: int | None
    code: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def format(self, base: Path | None = None) -> str:
        where = display_path(self.file, base)
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return f"{text} [{self.code}]"


def display_path(path: Path, base: Path | None) -> str:
    """A path as short as possible: relative to ``base``, else to the working directory,
    when inside it."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        # the path as named (a symbolic link shown as itself, never as what it points to)
        for candidate in (Path(os.path.abspath(path)), path.resolve()):
            try:
                return candidate.relative_to(Path(root).resolve()).as_posix()
            except ValueError:
                continue
    return path.as_posix()


class ScormgenError(click.ClickException):
    """Base of every error scormgen reports to a user (exit status 1)."""


class CourseError(ScormgenError):
    """The course source has one or more problems; nothing was built."""

    def __init__(self, problems: Iterable[Problem], course_dir: Path | None = None):
        self.problems = sorted(problems, key=lambda p: (str(Path(p.file).resolve()), p.line or 0))
        self.course_dir = course_dir
        count = len(self.problems)
        lines = [p.format() for p in self.problems]
        head = f"the course has {count} problem{'s' if count != 1 else ''}; nothing was written:"
        super().__init__("\n".join([head, *("  " + line for line in lines)]))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class TargetError(ScormgenError):
    """An unknown build target was asked for."""


class OptionError(ScormgenError):
    """A command-line option's value is wrong (checked beyond click's own types)."""


class OutputError(ScormgenError):
    """The output folder cannot be written."""


class SourceFileError(ScormgenError):
    """A file of the course could not be read while the packages were written."""


class InternalError(ScormgenError):
    """A defect in scormgen itself, not in what the user gave it."""

    exit_code = 123


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""

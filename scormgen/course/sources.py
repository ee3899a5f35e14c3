"""Reading a course's text files: inside the course folder, bounded in size, UTF-8, with a
problem (file and line) when they are not."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..paths import OutsideCourse, open_inside

# A page or course.yml larger than this is a mistake (a pasted file, a generated dump):
# a page of the real module is about 4 KB, the benchmark's 20 KB.
MAX_SOURCE_BYTES = 4_000_000


@dataclass(frozen=True)
class TextFile:
    """What kind of text file is read: its name in messages, its size limit, and the
    fixes said when it is too large or not UTF-8."""

    what: str = "the file"
    limit: int = MAX_SOURCE_BYTES
    outside_fix: str = "Copy the file into the course folder instead of linking to it."
    unreadable_fix: str = "Check that the file exists and that you may read it."
    large_problem: str = ""
    large_fix: str = "Split it into several pages, or move large content into media files."
    utf8_fix: str = "Save the file as UTF-8 in your editor (\"Save with encoding\")."


SOURCE = TextFile()


def read_text(path: Path, course_dir: Path, problems: list[Problem], kind: TextFile = SOURCE) -> str | None:
    """A text file (BOM and CR line ends removed); None and a problem if it is not inside
    ``course_dir`` when it is opened, cannot be read, is too large or is not UTF-8 (the
    line of the first bad byte)."""
    try:
        with open_inside(course_dir, path) as handle:
            data = handle.read(kind.limit + 1)
    except OutsideCourse:
        problems.append(Problem(path, None, "SG121", f"{kind.what} is outside the course folder.", kind.outside_fix))
        return None
    except OSError as exc:
        problems.append(Problem(path, None, "SG101", f"{kind.what} cannot be read ({exc.strerror}).",
                                kind.unreadable_fix))
        return None
    if len(data) > kind.limit:
        problems.append(Problem(path, None, "SG108", f"{kind.what} is larger than {kind.limit:,} bytes"
                                f"{kind.large_problem}.", kind.large_fix))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(Problem(path, line, "SG102", f"{kind.what} is not UTF-8 text.", kind.utf8_fix))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

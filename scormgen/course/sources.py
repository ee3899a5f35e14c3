"""Reading a course's text files: inside the course folder, bounded in size, UTF-8, with a
problem (file and line) when they are not."""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..paths import OutsideCourse, open_inside

# A page or course.yml larger than this is a mistake (a pasted file, a generated dump):
# a page of the real module is about 4 KB, the benchmark's 20 KB.
MAX_SOURCE_BYTES = 4_000_000


def read_text(path: Path, course_dir: Path, problems: list[Problem]) -> str | None:
    """A source file as text (BOM and CR line ends removed); None and a problem if it is
    not inside ``course_dir`` when it is opened, cannot be read, is too large or is not
    UTF-8 (the line of the first bad byte)."""
    try:
        with open_inside(course_dir, path) as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OutsideCourse:
        problems.append(Problem(path, None, "SG121", "the file is outside the course folder.",
                                "Copy the file into the course folder instead of linking to it."))
        return None
    except OSError as exc:
        problems.append(Problem(path, None, "SG101", f"the file cannot be read ({exc.strerror}).",
                                "Check that the file exists and that you may read it."))
        return None
    if len(data) > MAX_SOURCE_BYTES:
        problems.append(Problem(path, None, "SG108", f"the file is larger than {MAX_SOURCE_BYTES:,} bytes.",
                                "Split it into several pages, or move large content into media files."))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(Problem(path, line, "SG102", "the file is not UTF-8 text.",
                                "Save the file as UTF-8 in your editor (\"Save with encoding\")."))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

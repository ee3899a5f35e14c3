"""Reading a course's text files: UTF-8, with a problem (file and line) when they are not."""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A source file as text (BOM and CR line ends removed); None and a problem if it
    cannot be read or is not UTF-8 (the line of the first bad byte)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(path, None, "SG101", f"the file cannot be read ({exc.strerror}).",
                                "Check that the file exists and that you may read it."))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(Problem(path, line, "SG102", "the file is not UTF-8 text.",
                                "Save the file as UTF-8 in your editor (\"Save with encoding\")."))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

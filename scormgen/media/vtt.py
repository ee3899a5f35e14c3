"""WebVTT caption files, read as browsers read them (W3C WebVTT, "parsing"), with the
line of every problem.

Our own reader rather than a library: a designer needs every problem of a caption file
at once, each with its line, and the cues' text for the transcript; the libraries
available stop at the first problem without saying where. What is checked is what makes
a browser skip captions: the ``WEBVTT`` first line, and each cue's time line
(``00:01.000 --> 00:04.000``, hours optional, the end not before the start, on the
cue's first or second line).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..course.sources import TextFile, read_text
from ..errors import Problem

# A caption file is text: a feature film's captions take about 100 KB.
MAX_CAPTION_BYTES = 2_000_000

TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t].*)?$")
SPAN_TAG = re.compile(r"<(/?)([a-z]*)(?:\.[^ \t>]*)?(?:[ \t]([^>]*))?>")
TIME_HINT = "Write it as '00:01.000 --> 00:04.000' (minutes:seconds.milliseconds, hours optional: 01:02:03.000)."


@dataclass(frozen=True)
class Cue:
    start: float    # seconds
    end: float
    text: str       # the cue's text as written (tags and all)
    line: int


CAPTIONS = TextFile(
    what="the caption file", limit=MAX_CAPTION_BYTES,
    outside_fix="Copy it into the course folder instead of linking to it.",
    unreadable_fix="Check that you may read it.", large_problem=", which no captions need",
    large_fix="Check that it is the right file (a WebVTT text file, not a video).",
    utf8_fix="Save it as UTF-8 (WebVTT files are always UTF-8).")


def read_captions(path: Path, course_dir: Path, problems: list[Problem]) -> tuple[list[Cue], str] | None:
    """The cues of a caption file, and its text; None, with problems, when browsers
    would show none."""
    text = read_text(path, course_dir, problems, CAPTIONS)
    if text is None:
        return None
    cues = parse_vtt(text, path, problems)
    return None if cues is None else (cues, text)


def parse_vtt(text: str, path: Path, problems: list[Problem]) -> list[Cue] | None:
    lines = text.split("\n")
    first = lines[0]
    if first != "WEBVTT" and not first.startswith(("WEBVTT ", "WEBVTT\t")):
        problems.append(Problem(path, 1, "SG166", "the caption file does not start with the line 'WEBVTT', so "
                                "browsers show none of its captions.", "Make 'WEBVTT' its first line (a file "
                                "in another format, such as SubRip .srt, must be converted to WebVTT)."))
        return None
    cues: list[Cue] = []
    before = len(problems)
    for number, block in enumerate(_blocks(lines)):
        if number == 0:  # the header: WEBVTT and what follows it up to a blank line
            for line, content in block[1:]:
                if "-->" in content:
                    problems.append(Problem(path, line, "SG167", "this cue follows the WEBVTT line without a blank "
                                            "line, so browsers skip it.", "Leave a blank line after 'WEBVTT'."))
                    break
            continue
        cue = _cue(block, path, problems)
        if cue is not None:
            cues.append(cue)
    return cues if len(problems) == before else None


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """The file's blocks: runs of lines between blank lines, each line with its number."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, content in enumerate(lines, start=1):
        if content.strip():
            current.append((number, content))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue(block: list[tuple[int, str]], path: Path, problems: list[Problem]) -> Cue | None:
    line, first = block[0]
    if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", first) and "-->" not in first:
        return None  # a comment, a style sheet or a region: no cue
    arrows = [index for index, (_, content) in enumerate(block) if "-->" in content]
    if not arrows or arrows[0] > 1:
        where = block[arrows[0]][0] if arrows else line
        problems.append(Problem(path, where, "SG167", "this cue has no time line where browsers look for it (its "
                                "first line, or its second after an identifier), so they skip it.",
                                "Give it a time line such as '00:01.000 --> 00:04.000', with a blank line "
                                "before the cue."))
        return None
    line, timing = block[arrows[0]]
    match = TIMING.match(timing.strip())
    if not match:
        problems.append(Problem(path, line, "SG167", f"the cue time '{timing.strip()[:60]}' is malformed, so "
                                "browsers skip the cue.", TIME_HINT))
        return None
    start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
    if end < start:
        problems.append(Problem(path, line, "SG167", f"the cue '{timing.strip()[:60]}' ends before it starts.",
                                "Swap the two times, or correct the one that is wrong."))
        return None
    text = "\n".join(content for _, content in block[arrows[0] + 1:])
    return Cue(start, end, text, line)


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(f"{seconds}.{millis}")


def cue_text(text: str) -> tuple[str, str]:
    """(speaker, plain text) of a cue: tags removed, a voice's name kept as the speaker,
    character references decoded."""
    speaker = ""
    for closing, tag, annotation in SPAN_TAG.findall(text):
        if tag == "v" and not closing and annotation.strip() and not speaker:
            speaker = html.unescape(annotation.strip())
    plain = re.sub(r"<[^>]*>", "", text)
    return speaker, " ".join(html.unescape(plain).split())


def data_url(text: str) -> str:
    """A caption file as a data: address. A page names its captions so, not by the file's
    path: Chromium refuses a track from a file: address (a package opened from disk), and
    a data: address is read everywhere, over http, in an LMS's frame and from disk."""
    return "data:text/vtt;charset=utf-8," + quote(text, safe=" !$'()*+,;=:@/?~-._")

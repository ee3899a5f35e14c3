"""Checked pages kept between builds, as inert JSON, so that rebuilding a large course
(and the preview's rebuilds) parses only the pages that changed.

A page is found again only if nothing it depends on changed: its source, its file and
id, the course's page files and language, scormgen's own code and message catalogues,
and the versions of the libraries that shape a page (pyromark, PyYAML, Babel, Jinja2).
Pages with problems are never kept. An entry is data only (never code): one that is
corrupt, from another key or of another shape is a miss. On a hit, every media file
the page names is resolved again inside the course folder, as on a first build, so a
file replaced by a link to somewhere else is never followed.

Location: $SCORMGEN_CACHE_DIR, else $XDG_CACHE_HOME/scormgen, else ~/.cache/scormgen;
SCORMGEN_NO_CACHE=1 turns it off. It changes nothing in the packages' bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..paths import PathProblem, resolve_inside
from .model import ParsedPage, Reflection
from .questions import Option, Question

FORMAT = 2
# The libraries whose version can change a page's HTML or its checks.
LIBRARIES = ("pyromark", "PyYAML", "Babel", "Jinja2")


class PageCache:
    def __init__(self, folder: Path, context: str):
        self.folder = folder
        self.context = context

    @classmethod
    def open(cls, course_dir: Path, page_files: dict[Path, str], language: str) -> PageCache | None:
        """The cache for a course with these page files (file -> page id), or None when off."""
        if os.environ.get("SCORMGEN_NO_CACHE"):
            return None
        base = os.environ.get("SCORMGEN_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "scormgen")
        folder = Path(base) / "pages-json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        pages = repr(sorted((str(k), v) for k, v in page_files.items()))
        return cls(folder, "\0".join([fingerprint(), str(Path(course_dir).resolve()), language, pages]))

    def _key(self, page_id: str, page_file: Path) -> str | None:
        try:
            source = Path(page_file).read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256("\0".join([self.context, page_id, str(page_file)]).encode() + b"\0" + source)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, page_id: str, page_file: Path, course_dir: Path) -> ParsedPage | None:
        key = self._key(page_id, page_file)
        if key is None:
            return None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            if entry.get("format") != FORMAT or entry.get("key") != key:
                return None
            return page_from_json(entry["page"], Path(course_dir))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, PathProblem):
            return None

    def put(self, page_id: str, page_file: Path, page: ParsedPage) -> None:
        key = self._key(page_id, page_file)
        if key is None:
            return
        path = self._path(key)
        entry = {"format": FORMAT, "key": key, "page": page_to_json(page)}
        try:
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What a page's processing depends on: scormgen's code and catalogues, and the
    versions of the libraries in LIBRARIES."""
    from .. import __version__
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    files = [*package.glob("*.py"), *package.glob("*/*.py"), *(package / "locale").glob("*.po")]
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# -- a page as JSON, and back (checking every value's type) ------------------------------

_REFLECTION_TEXT = ("id", "prompt", "expert", "page_id", "prompt_html", "expert_html")
_QUESTION_TEXT = ("id", "type", "prompt", "page_id", "prompt_html", "prompt_case_html", "prompt_more_html",
                  "feedback_html")
_OPTION_TEXT = ("id", "text", "text_html", "feedback_html")


def _where(block: Reflection | Question) -> dict[str, Any]:
    return {"file": str(block.file), "line": block.line, "source_line": block.source_line,
            "key_lines": block.key_lines}


def _question_to_json(q: Question) -> dict[str, Any]:
    return {**{k: getattr(q, k) for k in _QUESTION_TEXT}, **_where(q), "feedback": q.feedback, "answer": q.answer,
            "attempts": q.attempts, "shuffle": q.shuffle,
            "options": [{**{k: getattr(o, k) for k in _OPTION_TEXT}, "correct": o.correct, "feedback": o.feedback,
                         "source_line": o.source_line, "key_lines": o.key_lines} for o in q.options]}


def page_to_json(page: ParsedPage) -> dict[str, Any]:
    indexes = {id(block): n for blocks in (page.reflections, page.questions) for n, block in enumerate(blocks)}
    return {
        "title": page.title,
        "html": page.html,
        "blocks": [[name, None if block is None else indexes[id(block)]] for name, block in page.blocks],
        "reflections": [{**{k: getattr(r, k) for k in _REFLECTION_TEXT}, **_where(r)} for r in page.reflections],
        "questions": [_question_to_json(q) for q in page.questions],
        "media": sorted(page.media),
    }


def _text(value: Any, optional: bool = False) -> Any:
    if (value is None and optional) or isinstance(value, str):
        return value
    raise TypeError("not text")


def _int(value: Any, optional: bool = False) -> Any:
    if (value is None and optional) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError("not a number")


def _bool(value: Any, optional: bool = False) -> Any:
    if (value is None and optional) or isinstance(value, bool):
        return value
    raise TypeError("not true or false")


def _lines(data: dict[str, Any]) -> dict[str, Any]:
    lines = data["key_lines"]
    if not isinstance(lines, dict):
        raise TypeError("not a mapping")
    return {"source_line": _int(data["source_line"], optional=True),
            "key_lines": {_text(k): _int(v) for k, v in lines.items()}}


def _reflection(data: dict[str, Any]) -> Reflection:
    return Reflection(**{k: _text(data[k]) for k in _REFLECTION_TEXT}, file=Path(_text(data["file"])),
                      line=_int(data["line"]), **_lines(data))


def _option(data: dict[str, Any]) -> Option:
    return Option(**{k: _text(data[k]) for k in _OPTION_TEXT}, correct=_bool(data["correct"]),
                  feedback=_text(data["feedback"], optional=True), **_lines(data))


def _question(data: dict[str, Any]) -> Question:
    return Question(**{k: _text(data[k]) for k in _QUESTION_TEXT}, file=Path(_text(data["file"])),
                    line=_int(data["line"]), feedback=_text(data["feedback"], optional=True),
                    answer=_bool(data["answer"], optional=True), attempts=_int(data["attempts"]),
                    shuffle=_bool(data["shuffle"]), options=[_option(o) for o in data["options"]], **_lines(data))


def page_from_json(data: dict[str, Any], course_dir: Path) -> ParsedPage:
    reflections = [_reflection(r) for r in data["reflections"]]
    questions = [_question(q) for q in data["questions"]]
    blocks: list[tuple[str, Reflection | Question | None]] = []
    for name, index in data["blocks"]:
        kept: list[Reflection] | list[Question] = questions if name == "question" else reflections
        blocks.append((_text(name), None if index is None else kept[_int(index)]))
    # every media file found again inside the course folder, as on a first build
    media = {_text(name): resolve_inside(course_dir, course_dir, name) for name in data["media"]}
    return ParsedPage(title=_text(data["title"]), html=_text(data["html"]), blocks=blocks,
                      reflections=reflections, questions=questions, media=media)

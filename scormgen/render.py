"""Rendering a checked course into the files of a package, with Jinja2 templates.

The templates come from ``templates/`` next to the course's ``course.yml`` first (a
designer overrides any template by putting a file of the same name there), then from
scormgen's own ``templates/``. Pages are rendered once; the launch page is rendered per
target, since it tells the runtime which standard to speak.

The launch page holds the course's shell and, for each page, only its place (its
section and title): each page's content is a script of its own, ``pages/<page id>.js``,
that hands its HTML to the runtime when the runtime asks for it (the learner goes to
the page). So opening a package fetches one page, not the whole course with every
image. A script rather than a JSON file, because browsers refuse ``fetch()`` of a
``file://`` address, and a package must also work opened from a folder.
"""
from __future__ import annotations

import json
import re
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import __version__
from .course import Course, Page, Question, Reflection
from .errors import CourseError, Problem, ScormgenError
from .i18n import human_date, runtime_messages, translations
from .markdown import BLOCK_RE
from .markdown.text import plain_text
from .package import Entry
from .paths import blocked_by_moodle
from .runtime import RUNTIME_NAME, assemble_runtime
from .standards import datamodel
from .targets import LAUNCH_PAGE, Target
from .templates_loader import CourseTemplateLoader, Refused

TEMPLATE_FOLDER = "templates"
STYLESHEET = "assets/course.css"
PAGES_FOLDER = "pages"
# What a page's script does, and all it does: hand its [id, HTML] to the runtime's queue
# (pages.js), which the runtime drains; the queue is made here if the runtime is not there yet.
PAGE_SCRIPT = "(window.scormgenPages=window.scormgenPages||[]).push({entry});\n"


def builtin_template_dir() -> Path:
    """scormgen's own templates: inside the package when installed, at the repository top otherwise."""
    here = Path(__file__).resolve().parent
    for candidate in (here / TEMPLATE_FOLDER, here.parent / TEMPLATE_FOLDER):
        if (candidate / LAUNCH_PAGE).is_file():
            return candidate
    raise ScormgenError("scormgen's templates are missing from its installation. "
                        "Reinstall it: pip install --force-reinstall scormgen.")


@dataclass(frozen=True)
class LrsSettings:
    """Where SCORM packages mirror their statements. ``auth`` is set only when the
    designer explicitly embeds credentials (and is warned)."""

    endpoint: str | None = None
    home_page: str | None = None
    auth: str | None = None

    @classmethod
    def from_course(cls, course: Course) -> LrsSettings:
        return cls(endpoint=course.lrs.endpoint, home_page=course.lrs.home_page)


@dataclass
class RenderedPage:
    page: Page
    body: str


@dataclass(frozen=True)
class PagePlace:
    """A page as the launch page shows it: its place, without its content (``body``
    stays empty, for the templates a course overrides that still print it)."""

    page: Page
    body: str = ""


def page_files(page_ids: Iterable[str], taken: Collection[str] = ()) -> dict[str, str]:
    """Each page's script in the package: ``pages/<page id>.js``. A page id is a safe
    file name (ASCII letters, digits, '-', '_', '.'), but not always a good one: a
    name Moodle's web server refuses (an id such as 'readme'), one that differs from
    another page's only by case (the same file on Windows and macOS), or a file of the
    course already there (``taken``) gets ``pages/<position>.js`` instead (no id starts
    with a digit), else ``pages/<position>-<n>.js``."""
    used = {name.lower() for name in taken}
    files: dict[str, str] = {}
    for position, page_id in enumerate(page_ids, start=1):
        candidates = [f"{PAGES_FOLDER}/{page_id}.js", f"{PAGES_FOLDER}/{position}.js"]
        name = next((c for c in candidates if c.lower() not in used and not blocked_by_moodle(c)), "")
        suffix = 2
        while not name:
            candidate = f"{PAGES_FOLDER}/{position}-{suffix}.js"
            name = "" if candidate.lower() in used else candidate
            suffix += 1
        used.add(name.lower())
        files[page_id] = name
    return files


def page_script(page_id: str, body: str) -> bytes:
    """The script of one page: ASCII only (\\u escapes), so that no server's idea of its
    character set can spoil it."""
    entry = json.dumps([page_id, body], ensure_ascii=True, separators=(",", ":"))
    return PAGE_SCRIPT.format(entry=entry).encode("ascii")


def json_number(value: float | None) -> int | float | None:
    """80.0 as 80 (what the JSON says), 72.5 as it is."""
    return int(value) if value is not None and value.is_integer() else value


def question_config(question: Question) -> dict[str, Any]:
    """A question as the runtime checks and reports it (see ``runtime/types.d.ts``, Config)."""
    choice = question.type != "true-false"
    return {
        "page": question.page_id,
        "type": "choice" if choice else "true-false",
        "multiple": question.type == "multiple",
        "options": question.option_ids if choice else [],
        "correct": question.correct_ids,
        "attempts": question.attempts,
        "shuffle": question.shuffle,
        # the whole prompt (a case, the question, statements): the interaction's description
        "prompt": plain_text(" ".join((question.prompt_case_html, question.prompt_html, question.prompt_more_html))),
        "choices": {o.id: plain_text(o.text_html) for o in question.options} if choice else {},
    }


class Renderer:
    def __init__(self, course: Course):
        self.course = course
        self.template_folders = [course.dir / TEMPLATE_FOLDER, builtin_template_dir()]
        # A course's templates are not trusted: the sandbox keeps them from reaching Python.
        self.env = SandboxedEnvironment(
            loader=CourseTemplateLoader(course.dir, TEMPLATE_FOLDER, self.template_folders[1]),
            extensions=["jinja2.ext.i18n"],
            autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.translations = translations(course.language)
        # The i18n extension adds this method when the environment is made: jinja2's types
        # cannot declare it.
        self.env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        self.env.globals.update(course=course, scormgen_version=__version__)
        self.env.filters["human_date"] = lambda value: human_date(value, course.language)
        self.page_files = page_files((page.id for page in course.pages), taken=course.media)

    # -- errors in (designer) templates become problems with file and line ---------
    def _template_problem(self, exc: Exception) -> Problem:
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = Path(exc.filename) if exc.filename else Path(exc.name or "template")
            return Problem(where, exc.lineno, "SG150", f"template error: {exc.message}.",
                           "Fix the template (see templates/ in scormgen for the originals).")
        what = str(exc).rstrip(".")
        frames = traceback.extract_tb(exc.__traceback__)
        for frame in reversed(frames):
            if any(str(frame.filename).startswith(str(folder)) for folder in self.template_folders):
                return Problem(Path(frame.filename), frame.lineno, "SG150", f"template error: {what}.",
                               "Fix the template, or remove it to use scormgen's own.")
        return Problem(Path("templates"), None, "SG150", f"template error: {what}.", "Fix the template.")

    def _render(self, name: str, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateError as exc:
            raise CourseError([self._problem_of(exc)]) from None

    def _problem_of(self, exc: jinja2.TemplateError) -> Problem:
        if isinstance(exc, Refused):
            return Problem(self.course.dir / TEMPLATE_FOLDER / str(exc.name), None, "SG152",
                           f"{exc.message}: scormgen reads a course's templates only from its own templates/ "
                           "folder.", "Copy the template into the course's templates/ folder instead of linking it.")
        if isinstance(exc, jinja2.TemplateNotFound):
            return Problem(Path(TEMPLATE_FOLDER) / str(exc.name), None, "SG151", "template not found.",
                           "Restore it, or remove the template that includes it.")
        return self._template_problem(exc)

    # -- the package's files ---------------------------------------------------------
    def render_pages(self, progress: Callable[[int], None] | None = None) -> list[RenderedPage]:
        """Each page's body, with its special blocks rendered by the templates (in place:
        a large course's pages are held once)."""
        rendered = []
        for index, page in enumerate(self.course.pages):
            blocks = page.parsed.blocks

            def block(match: re.Match[str], blocks: list[tuple[str, Reflection | Question | None]] = blocks) -> str:
                name, item = blocks[int(match.group(1))]  # a reflection or a question: its template's name
                return self._render(f"{name}.html", **({name: item} if item else {}))
            if blocks:
                page.parsed.html = BLOCK_RE.sub(block, page.parsed.html)
                page.parsed.blocks = []
            rendered.append(RenderedPage(page, page.parsed.html))
            if progress:
                progress(index + 1)
        return rendered

    def runtime_config(self, target: Target, lrs: LrsSettings | None = None) -> dict[str, Any]:
        course = self.course
        lrs = lrs or LrsSettings.from_course(course)
        # Only SCORM packages send to an endpoint of the build's; cmi5 and xapi packages
        # get theirs, with its credentials, from the launch: nothing embedded there.
        mirrors = target.standard.packaging is not None
        # the knowledge checks' words and data-model elements, for a course with questions only
        scored = course.scored
        return {
            "format": 1,
            "standard": target.runtime,
            "target": target.name,
            "course": {"id": course.id, "title": course.title, "version": course.version,
                       "language": course.language, "description": course.description,
                       "editions": [{"language": t.language, "title": t.title} for t in course.translations]},
            "xapi": {"activityId": course.activity_id, "activityBase": course.activity_id,
                     "endpoint": lrs.endpoint, "auth": lrs.auth if mirrors else None, "homePage": lrs.home_page},
            "completion": {"pages": course.completion.pages,
                           "reflections": course.completion.reflections},
            "objectives": [o.id for o in course.objectives],
            "messages": runtime_messages(course.language, scored=scored),
            "pages": [{"id": p.id, "title": p.title, "reflections": [r.id for r in p.reflections],
                       "file": self.page_files[p.id],
                       **({"questions": [q.id for q in p.questions]} if scored else {})}
                      for p in course.pages],
            # the notes download and print name each reflection, whose page may not be loaded
            "prompts": {r.id: plain_text(r.prompt_html) for r in course.reflections},
            "dataModel": datamodel.runtime_table(target.name, scored=scored),
            # A SCORM 2004 package in an LMS that offers only the SCORM 1.2 API (Chamilo)
            # speaks SCORM 1.2 to it rather than nothing at all.
            "dataModel12": (datamodel.runtime_table("scorm12", scored=scored) if target.runtime == "scorm2004"
                            else None),
            "localLimits": datamodel.local_limits(),
            # a course with questions only: one without is built exactly as before they came
            **(self._scoring() if scored else {}),
        }

    def _scoring(self) -> dict[str, Any]:
        """What the runtime needs to check answers and report a score (a scored course)."""
        course = self.course
        return {
            "questions": {q.id: question_config(q) for q in course.questions},
            "questionOrder": [q.id for q in course.questions],
            "masteryScore": json_number(course.passing_score),
        }

    def page_scripts(self, pages: list[RenderedPage]) -> Iterator[Entry]:
        """Each page's script (``pages/<page id>.js``), made as it is asked for."""
        for item in pages:
            yield Entry(self.page_files[item.page.id], data=page_script(item.page.id, item.body))

    def _launch_context(self, target: Target, pages: list[RenderedPage], lrs: LrsSettings | None) -> dict[str, Any]:
        config = json.dumps(self.runtime_config(target, lrs), ensure_ascii=False, sort_keys=True,
                            separators=(",", ":"))
        # safe inside <script>: no '<' can close the element early
        config = config.replace("<", "\\u003c")
        theme_css = "".join(f"{name}:{value};" for name, value in self.course.theme.css_variables().items())
        # the launch page holds each page's place; its content is in the page's script
        places = [PagePlace(item.page) for item in pages]
        return dict(pages=places, target=target, theme_css=Markup(f":root{{{theme_css}}}"),
                    runtime_config=Markup(config), stylesheet=STYLESHEET,
                    runtime_script=RUNTIME_NAME)

    def check_launch_page(self, target: Target, lrs: LrsSettings | None = None) -> None:
        """Render the launch page without its pages, so a broken template is reported
        before any package is written."""
        self._render(LAUNCH_PAGE, **self._launch_context(target, [], lrs))

    def _launch_chunks(self, target: Target, pages: list[RenderedPage], lrs: LrsSettings | None) -> Iterator[str]:
        try:
            yield from self.env.get_template(LAUNCH_PAGE).generate(**self._launch_context(target, pages, lrs))
        except jinja2.TemplateError as exc:
            raise CourseError([self._problem_of(exc)]) from None

    def launch_page_stream(self, target: Target, pages: list[RenderedPage],
                           lrs: LrsSettings | None = None) -> Callable[[], Iterator[bytes]]:
        """The launch page in UTF-8 chunks of about 256 KB, made as it is written."""
        def stream() -> Iterator[bytes]:
            buffer: list[str] = []
            size = 0
            for chunk in self._launch_chunks(target, pages, lrs):
                buffer.append(chunk)
                size += len(chunk)
                if size >= 1 << 18:
                    yield "".join(buffer).encode("utf-8")
                    buffer, size = [], 0
            yield "".join(buffer).encode("utf-8")
        return stream

    def shared_files(self) -> list[Entry]:
        """Files every target carries unchanged."""
        css = self._render("course.css").encode("utf-8")
        return [Entry(STYLESHEET, data=css), Entry(RUNTIME_NAME, data=assemble_runtime())]

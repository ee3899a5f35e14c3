"""Loading a course: read and check ``course.yml`` and every page, collecting every problem.

Loading is a stage the build walks through::

    loading = CourseLoading(course_dir)   # course.yml read and checked
    for page in loading.pages():          # each page as it is ready, in course order
        ...                               # (the build streams its media meanwhile)
    course = loading.finish()             # a Course, or CourseError listing every problem

``load_course`` does all three at once. Nothing is ever written here.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import CourseError, Problem, display_path
from ..i18n import translations
from ..markdown.html import render_markdown
from ..media.stage import MediaStage
from ..paths import Folders, PathProblem, resolve_inside
from ..yamlsource import Map, Seq, parse_yaml
from .colors import AA_CONTRAST, contrast
from .model import Course, Page, ParsedPage, Reflection, Theme
from .pages import PageTask, process_pages
from .questions import Question
from .schema import Reader, Values
from .sources import read_text

COURSE_FILE = "course.yml"

# (foreground, background, what) pairs that must reach WCAG AA contrast
CONTRAST_PAIRS = (("text", "background", "the text on the background"),
                  ("text", "surface", "the text on the boxes (surface)"),
                  ("accent", "background", "links (accent) on the background"),
                  ("#ffffff", "accent", "white text on the header and buttons (accent)"))


class CourseLoading:
    """One course being loaded (see the module's docstring)."""

    def __init__(self, course_dir: Path):
        self.dir = Path(course_dir)
        self.config = self.dir / COURSE_FILE
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # the course builds, but these deserve a look
        self.settings = self._read_settings()
        self.language = self.settings["language"] or "en"
        self.theme_media: dict[str, Path] = {}
        self.theme = self._theme(self.settings["theme"])
        self._pages: list[Page] = []
        self.media = MediaStage(self.dir, self.config, self.language, self.settings["media_files"] or {},
                                self.settings["embeds"], self.settings["media_size_warning"], self.problems,
                                self.warnings)

    @property
    def ok(self) -> bool:
        """No problem found so far."""
        return not self.problems

    def _read_settings(self) -> Values:
        if not self.dir.is_dir():
            raise CourseError([Problem(self.dir, None, "SG100", "there is no such folder.",
                                       "Give the path of a course folder (the one that holds course.yml), "
                                       "or start a new course with 'scormgen init NEW-FOLDER'.")])
        if not self.config.is_file():
            raise CourseError([Problem(self.config, None, "SG100", "there is no course.yml here.",
                                       "Run the command in a course folder, give the course folder's path "
                                       "(scormgen build PATH), or start a new course with 'scormgen init "
                                       "NEW-FOLDER'.")])
        source = read_text(self.config, self.dir, self.problems)
        if source is None:
            raise CourseError(self.problems)
        data, yaml_problems = parse_yaml(source, self.config)
        if yaml_problems:
            raise CourseError(yaml_problems)
        if data is None:
            raise CourseError([Problem(self.config, 1, "SG106", "course.yml is empty.",
                                       "Fill it in ('scormgen guide' explains every key), or start from "
                                       "'scormgen init NEW-FOLDER'.")])
        values = Reader(self.config, self.problems).values(Course, data, "course.yml", line=1)
        if values is None:
            raise CourseError(self.problems)
        assert isinstance(data, Map)  # values() reads nothing else
        if isinstance(data.get("pages"), Seq) and not data["pages"]:
            self.problems.append(Problem(self.config, values.line_for("pages"), "SG116", "the course has no pages.",
                                         "List at least one page under 'pages:' (e.g. '- welcome' for "
                                         "pages/welcome.md)."))
        return values

    # -- the theme: its logo is a file of the course, its colours must be readable ----------
    def _theme(self, theme: Theme) -> Theme:
        if theme.logo:
            try:
                source = resolve_inside(self.dir, self.dir, theme.logo)
                package_path = source.relative_to(self.dir.resolve()).as_posix()
                self.theme_media[package_path] = source
            except PathProblem as exc:
                self.problems.append(Problem(self.config, theme.line_for("logo"), exc.code,
                                             f"the logo '{theme.logo}' {exc.message}", exc.hint))
                package_path = theme.logo
            if not theme.logo_alt:
                self.problems.append(Problem(self.config, theme.line_for("logo"), "SG130",
                                             "the logo has no text alternative.",
                                             "Add 'logo_alt:' with what the logo says (e.g. the institution's "
                                             "name)."))
            theme.logo = package_path
        for fore, back, what in CONTRAST_PAIRS:
            ratio = contrast(fore if fore.startswith("#") else getattr(theme, fore), getattr(theme, back))
            if ratio < AA_CONTRAST:
                named = [key for key in (fore, back) if key in theme.key_lines]
                self.problems.append(Problem(self.config, theme.line_for(named[0]) if named else theme.source_line,
                                             "SG131", f"the theme's colours give {what} a contrast of "
                                             f"{ratio:.2f}:1; WCAG AA asks for {AA_CONTRAST}:1.",
                                             "Choose a darker or lighter colour."))
        return theme

    # -- the pages ----------------------------------------------------------------------
    def _tasks(self) -> list[PageTask]:
        tasks: list[tuple[str, Path]] = []
        folders = Folders()
        for entry in self.settings["page_entries"] or []:
            try:
                page_file = resolve_inside(self.dir, self.dir, entry.path, folders)
            except PathProblem as exc:
                hint = exc.hint if exc.code != "SG122" else f"Create {entry.path}, or remove '{entry.id}' from 'pages'."
                self.problems.append(Problem(self.config, entry.source_line, exc.code,
                                             f"the page '{entry.id}': its file '{entry.path}' {exc.message}", hint))
                continue
            tasks.append((entry.id, page_file))
        page_files = {page_file: page_id for page_id, page_file in tasks}
        self._warn_unlisted(set(page_files))
        return [PageTask(page_id, page_file, self.dir, page_files, self.language) for page_id, page_file in tasks]

    def pages(self) -> Iterator[ParsedPage | None]:
        """Each page, parsed and checked, as soon as it is ready (None for a page that
        could not be read); ``ok`` says whether any problem was found so far."""
        tasks = self._tasks()
        blocks: dict[str, Reflection | Question] = {}
        page_lines = {entry.id: entry.source_line for entry in self.settings["page_entries"] or []}
        for task, (parsed, problems) in zip(tasks, process_pages(tasks), strict=True):
            self.problems.extend(problems)
            if parsed is not None:
                self.media.page(parsed, task.file)  # players, captions, image sizes, embeds
                self._check_ids(parsed, blocks, page_lines)
                if not parsed.html.strip():
                    self.warnings.append(Problem(task.file, 1, "SG163", f"the page '{task.page_id}' has a "
                                                 "title and nothing else.", "Write its content under the title, "
                                                 "or remove it from 'pages' in course.yml."))
                self._pages.append(Page(id=task.page_id, title=parsed.title, file=task.file, parsed=parsed))
            yield parsed

    def _warn_unlisted(self, listed: set[Path]) -> None:
        """A Markdown file beside the pages that 'pages' does not list is never built:
        often a page written and forgotten in course.yml."""
        root = self.dir.resolve()
        folders = {page_file.parent for page_file in listed} - {root}
        for folder in sorted(folders):
            for path in sorted(folder.glob("*.md")):
                if path not in listed and path.resolve() not in listed and path.is_file():
                    self.warnings.append(Problem(path, None, "SG162", "this page is not listed in course.yml, "
                                                 "so it is not in the course.", f"Add '- {path.stem}' under "
                                                 "'pages:' (or delete the file if it is a draft)."))

    def _check_ids(self, parsed: ParsedPage, seen: dict[str, Reflection | Question],
                   page_lines: dict[str, int | None]) -> None:
        """Reflections and questions share one space of ids (each is an interaction id in
        SCORM), which a question shares with the pages too (``page_lines``: each page id's
        line in course.yml)."""
        blocks: list[Reflection | Question] = [*parsed.reflections, *parsed.questions]
        for block in sorted(blocks, key=lambda b: b.line):
            kind = "reflection" if isinstance(block, Reflection) else "question"
            first = seen.get(block.id)
            if kind == "question" and block.id in page_lines:
                self.problems.append(Problem(block.file, block.line, "SG115", f"the question id '{block.id}' is "
                                             f"also the id of a page (course.yml line {page_lines[block.id]}).",
                                             "Give the question an id of its own (e.g. 'q-" + block.id + "')."))
            elif first is not None:
                where = f"{display_path(first.file, self.dir)} line {first.line}"
                first_kind = "reflection" if isinstance(first, Reflection) else "question"
                if first_kind == kind:
                    message = f"the {kind} id '{block.id}' is used twice (first in {where})."
                else:
                    message = f"the {kind} id '{block.id}' is also the id of a {first_kind} ({where})."
                hint = ("Give each reflection its own id." if kind == first_kind == "reflection"
                        else "Give each reflection and question its own id.")
                self.problems.append(Problem(block.file, block.line, "SG115", message, hint))
            else:
                seen[block.id] = block

    def finish(self) -> Course:
        """The course, once every page was read; CourseError listing every problem."""
        self._render_bios()
        used = dict(self.theme_media)
        for page in self._pages:
            used.update(page.parsed.media)
        self.media.finish(used)
        if self.settings["mastery_score"] is not None and not any(page.questions for page in self._pages):
            self.warnings.append(Problem(self.config, self.settings.line_for("mastery_score"), "SG180",
                                         "the course has no question, so 'mastery_score' is not used: its "
                                         "packages report no score.", "Add questions (```question blocks in "
                                         "the pages), or remove 'mastery_score'."))
        if self.problems:
            raise CourseError(self.problems)
        return self.settings.make(Course, dir=self.dir, pages=self._pages, theme_media=self.theme_media,
                                  warnings=self.warnings)

    def _render_bios(self) -> None:
        gettext = translations(self.language).gettext  # for the words the HTML adds
        for person in [*self.settings["authors"], *self.settings["credits"]]:
            if not person.bio:
                continue

            def unsafe(url: str, line: int | None = person.line_for("bio")) -> None:
                self.problems.append(Problem(self.config, line, "SG146", f"the link '{url[:60]}' in a biography "
                                             "would run code or open a file on the learner's computer.",
                                             "Link a web page (https://...) instead."))
            person.bio_html = render_markdown(person.bio, gettext, unsafe)


def load_course(course_dir: Path) -> Course:
    """Read and check the course in ``course_dir``; raise CourseError listing every problem."""
    loading = CourseLoading(course_dir)
    for _page in loading.pages():
        pass
    return loading.finish()

"""The course model, and ``load_course``, which reads and checks a whole course source.

Everything is read and checked before anything is written: ``load_course`` collects
every problem in ``course.yml`` and in every page and raises one ``CourseError`` that
lists them all, or returns a ``Course`` that the build can trust.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import (COMPLETION_FIELDS, COURSE_FIELDS, LRS_FIELDS, OBJECTIVE_FIELDS, PAGE_FIELDS,
                     THEME_FIELDS, TRANSLATION_FIELDS,
                     PERSON_FIELDS, Record, identifier, Invalid, read_list, read_record)
from .errors import CourseError, Problem
from .markdown import ParsedPage, Reflection, parse_page, render_markdown
from .paths import PathProblem, resolve_inside
from .i18n import translations
from .yamlsource import Seq, Text, line_of, parse_yaml

COURSE_FILE = "course.yml"


@dataclass
class Person:
    name: str
    roles: list[str]
    credentials: str | None = None
    contribution: str | None = None
    bio: str | None = None
    bio_html: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass
class Objective:
    id: str
    text: str


@dataclass
class Completion:
    pages: str = "all"
    reflections: str = "all"


DEFAULT_THEME = {"accent": "#0b4f8a", "text": "#1c1c1e", "background": "#ffffff", "surface": "#f3f5f8"}


@dataclass
class Theme:
    accent: str = DEFAULT_THEME["accent"]
    text: str = DEFAULT_THEME["text"]
    background: str = DEFAULT_THEME["background"]
    surface: str = DEFAULT_THEME["surface"]
    font: str | None = None
    heading_font: str | None = None
    logo: str | None = None        # package path
    logo_alt: str | None = None

    def css_variables(self) -> dict[str, str]:
        values = {"--sg-accent": self.accent, "--sg-text": self.text, "--sg-background": self.background,
                  "--sg-surface": self.surface}
        if self.font:
            values["--sg-font"] = self.font
        if self.heading_font:
            values["--sg-heading-font"] = self.heading_font
        return values


def relative_luminance(hex_color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class Translation:
    language: str
    title: str
    description: str
    keywords: list[str]


@dataclass
class Lrs:
    endpoint: str | None = None
    home_page: str | None = None


@dataclass
class Page:
    id: str
    title: str
    file: Path
    parsed: ParsedPage

    @property
    def reflections(self) -> list[Reflection]:
        return self.parsed.reflections


@dataclass
class Course:
    dir: Path
    id: str
    title: str
    version: str
    language: str
    description: str
    keywords: list[str]
    series: str | None
    publisher: str | None
    produced: str | None
    authors: list[Person]
    credits: list[Person]
    objectives: list[Objective]
    pages: list[Page]
    completion: Completion
    activity_iri: str | None = None
    lrs: Lrs = field(default_factory=Lrs)
    translations: list[Translation] = field(default_factory=list)
    theme: Theme = field(default_factory=Theme)
    theme_media: dict[str, Path] = field(default_factory=dict)

    def in_all_languages(self, attribute: str) -> list[tuple[str, str]]:
        """(text, language) of a metadata field: the course's own, then its translations'."""
        return [(getattr(self, attribute), self.language)] + [
            (getattr(t, attribute), t.language) for t in self.translations]

    @property
    def activity_id(self) -> str:
        """The course's IRI in xAPI statements, cmi5.xml and tincan.xml."""
        return self.activity_iri or f"urn:scormgen:{self.id}"

    @property
    def reflections(self) -> list[Reflection]:
        return [r for page in self.pages for r in page.reflections]

    @property
    def media(self) -> dict[str, Path]:
        """Every media file the pages use: package path -> source file (sorted)."""
        found: dict[str, Path] = dict(self.theme_media)
        for page in self.pages:
            found.update(page.parsed.media)
        return dict(sorted(found.items()))

    @property
    def people(self) -> list[Person]:
        return self.authors + self.credits


def load_course(course_dir: Path, on_page=None) -> Course:
    """Read and check the course in ``course_dir``; raise CourseError listing every problem.

    ``on_page(parsed, ok_so_far)``, if given, is called as each page is ready, in course
    order (the build starts writing a page's media then)."""
    course_dir = Path(course_dir)
    config_path = course_dir / COURSE_FILE
    problems: list[Problem] = []
    if not course_dir.is_dir():
        raise CourseError([Problem(course_dir, None, "there is no such folder.",
                                   "Give the path of a course folder (the one that holds course.yml).")])
    if not config_path.is_file():
        raise CourseError([Problem(config_path, None, "there is no course.yml here.",
                                   "Run the command in a course folder, give the course folder's path "
                                   "(scormgen build PATH), or start one from the example in course_source/.")])
    source = read_text(config_path, problems)
    if source is None:
        raise CourseError(problems)
    data, yaml_problems = parse_yaml(source, config_path)
    problems.extend(yaml_problems)
    if yaml_problems:
        raise CourseError(problems)
    if data is None:
        raise CourseError([Problem(config_path, 1, "course.yml is empty.",
                                   "Fill it in: see docs/course-source.md or course_source/course.yml.")])
    record = read_record(data, COURSE_FIELDS, config_path, problems, "course.yml", line=1)
    if record is None:
        raise CourseError(problems)

    gettext = translations(record["language"] or "en").gettext  # for the words the HTML adds
    authors = _people(record, "authors", config_path, problems, gettext)
    credits = _people(record, "credits", config_path, problems, gettext)
    objectives = _objectives(record, config_path, problems)
    completion = _completion(record, config_path, problems)
    lrs = _lrs(record, config_path, problems)
    translated = _translations(record, config_path, problems)
    theme, theme_media = _theme(record, course_dir, config_path, problems)
    pages = _pages(record, course_dir, config_path, problems, on_page)

    if problems:
        raise CourseError(problems)
    return Course(
        dir=course_dir, id=record["id"], title=record["title"], version=record["version"],
        language=record["language"], description=record["description"],
        keywords=record["keywords"], series=record["series"], publisher=record["publisher"],
        produced=record["produced"], authors=authors, credits=credits, objectives=objectives,
        pages=pages, completion=completion, activity_iri=record["activity_id"], lrs=lrs,
        translations=translated, theme=theme, theme_media=theme_media,
    )


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A source file as text; a problem (with the line of the first bad byte) if not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(path, None, f"the file cannot be read ({exc.strerror}).",
                                "Check that the file exists and that you may read it."))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(Problem(path, line, "the file is not UTF-8 text.",
                                "Save the file as UTF-8 in your editor (\"Save with encoding\")."))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _people(record: Record, key: str, path: Path, problems: list[Problem], gettext) -> list[Person]:
    people = []
    for index, item in enumerate(read_list(record[key], path, problems, key, record.line_for(key))):
        person = read_record(item, PERSON_FIELDS, path, problems, f"{key} entry {index + 1}",
                             line=record.line_for(key))
        if person is None or not person["name"] or not person["role"]:
            continue
        bio_html = render_markdown(person["bio"], gettext) if person["bio"] else ""
        people.append(Person(name=person["name"], roles=person["role"],
                             credentials=person["credentials"], contribution=person["contribution"],
                             bio=person["bio"], bio_html=bio_html))
    return people


def _objectives(record: Record, path: Path, problems: list[Problem]) -> list[Objective]:
    objectives: list[Objective] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(read_list(record["objectives"], path, problems, "objectives",
                                           record.line_for("objectives"))):
        obj = read_record(item, OBJECTIVE_FIELDS, path, problems, f"objective {index + 1}",
                          line=record.line_for("objectives"))
        if obj is None or not obj["id"] or not obj["text"]:
            continue
        line = obj.line_for("id")
        if obj["id"] in seen:
            problems.append(Problem(path, line, f"the objective id '{obj['id']}' is used twice "
                                    f"(first on line {seen[obj['id']]}).", "Give each objective its own id."))
            continue
        seen[obj["id"]] = line
        objectives.append(Objective(id=obj["id"], text=obj["text"]))
    return objectives


def _completion(record: Record, path: Path, problems: list[Problem]) -> Completion:
    if record["completion"] is None:
        return Completion()
    rule = read_record(record["completion"], COMPLETION_FIELDS, path, problems, "completion",
                       line=record.line_for("completion"))
    return Completion(pages=rule["pages"], reflections=rule["reflections"]) if rule else Completion()


# (foreground, background, what) pairs that must reach WCAG AA contrast (4.5:1)
CONTRAST_PAIRS = (("text", "background", "the text on the background"),
                  ("text", "surface", "the text on the boxes (surface)"),
                  ("accent", "background", "links (accent) on the background"),
                  ("#ffffff", "accent", "white text on the header and buttons (accent)"))


def _theme(record: Record, course_dir: Path, path: Path, problems: list[Problem]) -> tuple[Theme, dict[str, Path]]:
    if record["theme"] is None:
        return Theme(), {}
    line = record.line_for("theme")
    entry = read_record(record["theme"], THEME_FIELDS, path, problems, "theme", line=line)
    if entry is None:
        return Theme(), {}
    theme = Theme(**{k: entry[k] for k in ("accent", "text", "background", "surface") if entry[k]},
                  font=entry["font"], heading_font=entry["heading_font"], logo_alt=entry["logo_alt"])
    media: dict[str, Path] = {}
    if entry["logo"]:
        try:
            source = resolve_inside(course_dir, course_dir, entry["logo"])
            theme.logo = source.relative_to(course_dir.resolve()).as_posix()
            media[theme.logo] = source
        except PathProblem as exc:
            problems.append(Problem(path, entry.line_for("logo"), f"the logo '{entry['logo']}' {exc.message}",
                                    exc.hint))
        if not entry["logo_alt"]:
            problems.append(Problem(path, entry.line_for("logo"), "the logo has no text alternative.",
                                    "Add 'logo_alt:' with what the logo says (e.g. the institution's name)."))
    for fore, back, what in CONTRAST_PAIRS:
        fg = fore if fore.startswith("#") else getattr(theme, fore)
        ratio = contrast(fg, getattr(theme, back))
        if ratio < 4.5:
            named = [key for key in (fore, back) if key in entry.lines]
            problems.append(Problem(path, entry.line_for(named[0]) if named else entry.line,
                                    f"the theme's colours give {what} a contrast of {ratio:.2f}:1; WCAG AA "
                                    "asks for 4.5:1.", "Choose a darker or lighter colour."))
    return theme, media


def _translations(record: Record, path: Path, problems: list[Problem]) -> list[Translation]:
    found = []
    for index, item in enumerate(read_list(record["translations"], path, problems, "translations",
                                           record.line_for("translations"))):
        entry = read_record(item, TRANSLATION_FIELDS, path, problems, f"translation {index + 1}",
                            line=record.line_for("translations"))
        if entry and entry["language"] and entry["title"] and entry["description"]:
            found.append(Translation(entry["language"], entry["title"], entry["description"], entry["keywords"]))
    return found


def _lrs(record: Record, path: Path, problems: list[Problem]) -> Lrs:
    if record["lrs"] is None:
        return Lrs()
    lrs = read_record(record["lrs"], LRS_FIELDS, path, problems, "lrs", line=record.line_for("lrs"))
    return Lrs(endpoint=lrs["endpoint"], home_page=lrs["home_page"]) if lrs else Lrs()


def _page_entries(record: Record, course_dir: Path, path: Path,
                  problems: list[Problem]) -> list[tuple[str, Path, int]]:
    """(page id, file, line in course.yml) for each well-formed entry of 'pages'."""
    entries = []
    seen: dict[str, int] = {}
    items = read_list(record["pages"], path, problems, "pages", record.line_for("pages"))
    if isinstance(record["pages"], Seq) and not items:
        problems.append(Problem(path, record.line_for("pages"), "the course has no pages.",
                                "List at least one page under 'pages:' (e.g. '- welcome' for pages/welcome.md)."))
    for index, item in enumerate(items):
        line = record["pages"].item_lines[index]
        if isinstance(item, Text):
            try:
                page_id = identifier(item)
            except Invalid as exc:
                problems.append(Problem(path, line, f"page {index + 1}: {exc.message}", exc.hint))
                continue
            file_name = f"pages/{page_id}.md"
        else:
            entry = read_record(item, PAGE_FIELDS, path, problems, f"page {index + 1}", line=line)
            if entry is None or not entry["id"]:
                continue
            page_id, file_name = entry["id"], entry["file"] or f"pages/{entry['id']}.md"
        if page_id in seen:
            problems.append(Problem(path, line, f"the page id '{page_id}' is listed twice "
                                    f"(first on line {seen[page_id]}).", "Give each page its own id."))
            continue
        seen[page_id] = line
        try:
            page_file = resolve_inside(course_dir, course_dir, file_name)
        except PathProblem as exc:
            problems.append(Problem(path, line, f"the page '{page_id}': its file '{file_name}' {exc.message}",
                                    exc.hint if "exist" not in exc.message else
                                    f"Create {file_name}, or remove '{page_id}' from 'pages'."))
            continue
        entries.append((page_id, page_file, line))
    return entries


# Pages are parsed, checked and rendered in worker processes when a course has this
# many: the workers turn Markdown into HTML while the build process writes the media
# the pages already read (for 1,000 pages, a first build takes 1.7 s instead of 1.9 s).
PARALLEL_PAGES = 64


def _process_page(task) -> tuple[ParsedPage | None, list[Problem]]:
    """Read, parse, check and render one page (in this process or a worker)."""
    page_id, page_file, course_dir, by_file, language = task
    problems: list[Problem] = []
    source = read_text(page_file, problems)
    if source is None:
        return None, problems
    parsed = parse_page(source, page_file, course_dir, page_id, by_file, problems,
                        translations(language).gettext)
    return parsed, problems


def _process_pages(tasks: list):
    """Every page processed, yielded in course order as it is ready: from the page cache
    when it holds the page, else parsed (in worker processes when there are many), and
    cached when it has no problem."""
    cache = PageCache.open(tasks[0][3] if tasks else {})
    cached = [cache.get(task) if cache else None for task in tasks]
    todo = [task for task, hit in zip(tasks, cached) if hit is None]
    workers = min(os.cpu_count() or 1, 8)
    pool = None
    if len(todo) >= PARALLEL_PAGES and workers >= 2:
        from concurrent.futures import ProcessPoolExecutor
        pool = ProcessPoolExecutor(max_workers=workers)
        fresh = pool.map(_process_page, todo, chunksize=max(1, len(todo) // (workers * 16)))
    else:
        fresh = map(_process_page, todo)
    try:
        for task, hit in zip(tasks, cached):
            if hit is not None:
                yield hit
                continue
            result = next(fresh)
            if cache and result[0] is not None and not result[1]:
                cache.put(task, result[0])
            yield result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


class PageCache:
    """Checked and rendered pages kept between builds, so that rebuilding a large course
    (and the preview's rebuilds) parses only the pages that changed.

    A page is found again only if nothing it depends on changed: its source, its file,
    the course's page files, the course's language, and scormgen's own code and message
    catalogues. The media it uses must still exist. Pages with problems are never kept.
    Location: $SCORMGEN_CACHE_DIR, else $XDG_CACHE_HOME/scormgen, else ~/.cache/scormgen;
    SCORMGEN_NO_CACHE=1 turns it off. It changes nothing in the packages' bytes.
    """

    def __init__(self, folder: Path, context: str):
        self.folder = folder
        self.context = context

    @classmethod
    def open(cls, by_file: dict) -> "PageCache | None":
        if os.environ.get("SCORMGEN_NO_CACHE"):
            return None
        base = os.environ.get("SCORMGEN_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "scormgen")
        folder = Path(base) / "pages"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        pages = hashlib.sha256(repr(sorted((str(k), v) for k, v in by_file.items())).encode()).hexdigest()
        return cls(folder, _code_fingerprint() + pages)

    def _key(self, task) -> tuple[str, bytes] | None:
        page_id, page_file, course_dir, _by_file, language = task
        try:
            source = Path(page_file).read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256("\0".join([self.context, language, page_id, str(page_file),
                                            str(Path(course_dir).resolve())]).encode() + b"\0" + source)
        return digest.hexdigest(), source

    def get(self, task):
        key = self._key(task)
        if key is None:
            return None
        path = self.folder / key[0][:2] / f"{key[0]}.pickle"
        try:
            parsed = pickle.loads(path.read_bytes())
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
            return None
        if not all(Path(source).is_file() for source in parsed.media.values()):
            return None
        return parsed, []

    def put(self, task, parsed: ParsedPage) -> None:
        key = self._key(task)
        if key is None:
            return
        path = self.folder / key[0][:2] / f"{key[0]}.pickle"
        try:
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """What a page's processing depends on in scormgen itself."""
    from . import __version__
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*here.glob("*.py"), *(here / "locale").glob("*.po")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _pages(record: Record, course_dir: Path, path: Path, problems: list[Problem],
           on_page=None) -> list[Page]:
    if record["pages"] is None:
        return []
    entries = _page_entries(record, course_dir, path, problems)
    by_file = {page_file: page_id for page_id, page_file, _ in entries}
    pages: list[Page] = []
    reflection_seen: dict[str, Reflection] = {}
    language = record["language"] or "en"
    tasks = [(page_id, page_file, course_dir, by_file, language) for page_id, page_file, _ in entries]
    for (page_id, page_file, _line), (parsed, page_problems) in zip(entries, _process_pages(tasks)):
        problems.extend(page_problems)
        if on_page is not None:
            on_page(parsed, not problems)
        if parsed is None:
            continue
        for reflection in parsed.reflections:
            first = reflection_seen.get(reflection.id)
            if first is not None:
                where = _short(first.file, course_dir)
                problems.append(Problem(reflection.file, reflection.line,
                                        f"the reflection id '{reflection.id}' is used twice "
                                        f"(first in {where} line {first.line}).",
                                        "Give each reflection its own id."))
            else:
                reflection_seen[reflection.id] = reflection
        pages.append(Page(id=page_id, title=parsed.title, file=page_file, parsed=parsed))
    return pages


def _short(path: Path, course_dir: Path) -> str:
    try:
        return path.resolve().relative_to(course_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


__all__ = ["Course", "Page", "Person", "Objective", "Completion", "load_course", "COURSE_FILE",
           "line_of"]

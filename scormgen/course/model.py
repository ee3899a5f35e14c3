"""The course model: every record of a course source, each key declared once.

A field declared with ``setting()`` is a key of ``course.yml`` (or of a block in a
page) with its rule, doc, default and example (see ``scormgen.course.schema``); the
other fields are filled in while the course is loaded (a page's parsed content, a
biography's HTML). Defaults live here and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..yamlsource import Map, line_of
from .questions import Option, Question
from .schema import ListOf, Located, Nested, Reader, Unique, setting
from .values import (
    LOM_ROLES,
    Invalid,
    boolean,
    color,
    date,
    font,
    identifier,
    iri,
    language,
    line,
    markdown_text,
    megabytes,
    one_of,
    percent,
    roles,
    text,
    text_list,
    url,
)


@dataclass
class Person(Located):
    name: str = setting(line, "Full name of the person or organisation.", required=True,
                        example="Audrey-Anne Lalande")
    roles: list[str] = setting(roles, "One role or a list of roles from the LOM vocabulary: "
                               + ", ".join(LOM_ROLES) + ".", required=True, example="subject matter expert",
                               key="role")
    credentials: str | None = setting(line, "Degrees or titles shown after the name.", example="D.Ps.")
    contribution: str | None = setting(text, "What they did, as shown to learners.",
                                       example="Concept development and project management")
    bio: str | None = setting(markdown_text, "A short biography (Markdown), shown by the `credits` block.")
    bio_html: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass
class Objective(Located):
    id: str = setting(identifier, "Identifier of the objective; becomes the SCORM objective id.",
                      required=True, example="obj-working-alliance")
    text: str = setting(text, "The objective as the learner reads it.", required=True)


@dataclass
class PageEntry(Located):
    """A page as ``pages`` lists it (its file is read by the loader)."""

    id: str = setting(identifier, "Identifier of the page (stable: LMSs store it as the learner's location).",
                      required=True, example="welcome")
    file: str | None = setting(text, "Markdown file of the page, relative to course.yml. Default: pages/<id>.md.",
                               example="pages/welcome.md")

    @property
    def path(self) -> str:
        return self.file or f"pages/{self.id}.md"


class PageRef:
    """An item of ``pages``: a page id alone (its file is pages/<id>.md), or {id, file}."""

    def read(self, reader: Reader, raw: Any, what: str, line: int | None) -> PageEntry | None:
        if isinstance(raw, str):
            try:
                return PageEntry(id=identifier(raw), source_line=line)
            except Invalid as exc:
                reader.problem(line, "SG113", f"{what}: {exc.message}", exc.hint)
                return None
        entry = reader.record(PageEntry, raw, what, line)
        if entry is not None:
            entry.source_line = line  # duplicates are reported on the item's line
        return entry


@dataclass
class Completion(Located):
    pages: str = setting(one_of("all", "none"), "'all': every page must be viewed.", default="all")
    reflections: str = setting(one_of("all", "none"), "'all': every pause-and-reflect answer must be submitted.",
                               default="all")


@dataclass
class Theme(Located):
    logo: str | None = setting(text, "An image shown in the header (path relative to course.yml, inside the "
                               "course folder).", example="media/logo.svg")
    logo_alt: str | None = setting(line, "What the logo says, for screen readers (required with a logo).",
                                   example="Faculty of Medicine, University of Ottawa")
    accent: str = setting(color, "Colour of the header, buttons and links; white text must be readable on it "
                          "and it must be readable on the background (WCAG AA contrast, checked).",
                          default="#0b4f8a", example='"#8f001a"')
    text: str = setting(color, "Colour of the text (checked against the background).", default="#1c1c1e",
                        example='"#1c1c1e"')
    background: str = setting(color, "Colour of the page.", default="#ffffff", example='"#ffffff"')
    surface: str = setting(color, "Colour of the table of contents, notes and reflection boxes.",
                           default="#f3f5f8", example='"#f3f5f8"')
    font: str | None = setting(font, "Font list of the text.", example='"Georgia, serif"')
    heading_font: str | None = setting(font, "Font list of the headings (default: the text's).",
                                       example='"Lato, sans-serif"')

    def css_variables(self) -> dict[str, str]:
        values = {"--sg-accent": self.accent, "--sg-text": self.text, "--sg-background": self.background,
                  "--sg-surface": self.surface}
        if self.font:
            values["--sg-font"] = self.font
        if self.heading_font:
            values["--sg-heading-font"] = self.heading_font
        return values


@dataclass
class Translation(Located):
    language: str = setting(language, "Language of this translation of the metadata.", required=True,
                            example="fr-CA")
    title: str = setting(line, "The title in that language.", required=True)
    description: str = setting(text, "The description in that language.", required=True)
    keywords: list[str] = setting(text_list, "The keywords in that language.", default=[])


@dataclass
class Lrs(Located):
    endpoint: str | None = setting(url, "xAPI endpoint that SCORM packages also send their statements to "
                                   "(the LMS's relay, or an LRS that takes the LMS's token). No credentials "
                                   "here: they come from the launch.", example="https://lrs.example/xapi/")
    home_page: str | None = setting(url, "homePage of the learners' xAPI accounts in statements from SCORM "
                                    "packages. Default: the address of the LMS the package runs in.",
                                    example="https://moodle.example")


@dataclass
class MediaFile(Located):
    """A video or an audio without captions or transcript, on the record (``media:``)."""

    reason: str = setting(line, "Why learners who cannot hear it miss nothing.", required=True,
                          example='"No speech: music and images only."')
    captions: str | None = setting(one_of("none"), "`none`: this video has no captions; the build says so, "
                                   "with the reason, as a warning.", example="none")
    transcript: str | None = setting(one_of("none"), "`none`: this audio has no transcript (nor captions); "
                                     "the build says so, with the reason, as a warning.", example="none")


class MediaFiles:
    """``media:``: a mapping of video and audio files (their path relative to the course
    folder, or to media/) to their settings."""

    def read(self, reader: Reader, raw: Any, what: str, line: int | None) -> dict[str, MediaFile] | None:
        if not isinstance(raw, Map):
            reader.problem(line_of(raw, line), "SG110", f"'{what}' must be a mapping of files to their settings.",
                           "Write each file on its own line, e.g. 'media/clip.mp4: {captions: none, reason: "
                           "\"...\"}'.")
            return None
        found: dict[str, MediaFile] = {}
        for name, value in raw.items():
            record = reader.record(MediaFile, value, f"'{name}' under '{what}'", raw.key_lines[name])
            if record is not None:
                record.source_line = raw.key_lines[name]
                found[name] = record
        return found


@dataclass
class Reflection(Located):
    """A "pause and reflect" block of a page (a fenced ```reflection block of YAML)."""

    id: str = setting(identifier, "Identifier of the reflection, unique in the course; becomes the SCORM "
                      "interaction id.", required=True, example="reflect-own-practice")
    prompt: str = setting(text, "The open question (Markdown).", required=True)
    expert: str = setting(text, "An answer to compare with the learner's, in Markdown, shown once the learner "
                          "has submitted an answer.", required=True)
    page_id: str = ""
    file: Path = field(default_factory=Path)
    line: int = 0
    prompt_html: str = ""
    expert_html: str = ""


@dataclass
class ParsedPage:
    """A checked page: its title, its body as HTML (special blocks as placeholders, see
    ``scormgen.markdown.BLOCK_RE``), its reflections, questions and media. No parse tree
    is kept: a course of a thousand pages must fit in little memory."""

    title: str
    html: str = ""
    blocks: list[tuple[str, Reflection | Question | None]] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    media: dict[str, Path] = field(default_factory=dict)  # package path -> source file


@dataclass
class Page:
    id: str
    title: str
    file: Path
    parsed: ParsedPage

    @property
    def reflections(self) -> list[Reflection]:
        return self.parsed.reflections

    @property
    def questions(self) -> list[Question]:
        return self.parsed.questions


@dataclass
class Course(Located):
    id: str = setting(identifier, "Identifier of the course: used in package file names and manifest "
                      "identifiers, so keep it stable from version to version.", required=True,
                      example="working-alliance")
    title: str = setting(line, "Title shown to learners and in the LMS.", required=True)
    version: str = setting(line, "Version of the course, e.g. \"1.0.0\"; part of the package file name.",
                           required=True, example='"1.0.0"')
    language: str = setting(language, "Language of the course (BCP 47 code).", required=True, example="en")
    description: str = setting(text, "Two to four sentences for the LMS catalogue.", required=True)
    page_entries: list[PageEntry] = setting(
        ListOf(PageRef(), label="page {n}",
               unique=Unique("id", "the page id '{value}' is listed twice (first on line {first}).",
                             "Give each page its own id.")),
        "The pages in order: each a page id (file pages/<id>.md) or {id, file}.", required=True, key="pages")
    keywords: list[str] = setting(text_list, "Keywords for the catalogue.", default=[])
    series: str | None = setting(line, "Name of the series the course belongs to.")
    publisher: str | None = setting(line, "Institution that publishes the course.")
    produced: str | None = setting(date, "When the course was produced (YYYY, YYYY-MM or YYYY-MM-DD).",
                                   example='"2016-09"')
    authors: list[Person] = setting(ListOf(Nested(Person)), "The authors, shown with their biographies: a list "
                                    "of people.", default=[])
    credits: list[Person] = setting(ListOf(Nested(Person)), "Everyone else credited: a list of people.", default=[])
    objectives: list[Objective] = setting(
        ListOf(Nested(Objective), label="objective {n}",
               unique=Unique("id", "the objective id '{value}' is used twice (first on line {first}).",
                             "Give each objective its own id.")),
        "The learning objectives: a list of {id, text}.", default=[])
    completion: Completion = setting(Nested(Completion), "When the course counts as completed.",
                                     default=Completion())
    mastery_score: float | None = setting(percent, "The score (percent of the questions answered right) a "
                                          "learner needs to pass; without it a course with questions reports "
                                          "a score but neither passed nor failed.", example="80")
    activity_iri: str | None = setting(iri, "IRI of the course in xAPI statements and in cmi5.xml/tincan.xml. "
                                       "Default: urn:scormgen:<id>. Keep it stable.", key="activity_id",
                                       example="https://medtech.example/courses/working-alliance")
    lrs: Lrs = setting(Nested(Lrs), "Where SCORM packages also send xAPI statements (optional).", default=Lrs())
    theme: Theme = setting(Nested(Theme), "The institution's look: logo, colours, fonts (below).",
                           default=Theme())
    translations: list[Translation] = setting(ListOf(Nested(Translation), label="translation {n}"),
                                              "The title, description and keywords in other languages, "
                                              "written into the metadata beside the course's own (a list).",
                                              default=[])
    media_files: dict[str, MediaFile] | None = setting(
        MediaFiles(), "Videos without captions and audio without transcript, each on the record with its reason: "
        "a mapping of files (paths relative to the course folder) to {captions: none, reason} or "
        "{transcript: none, reason} (below).", key="media")
    embeds: bool = setting(boolean, "`true`: a YouTube or Vimeo link alone on its line becomes the video's "
                           "player, loaded when the learner presses play; `false` keeps such links as links (a "
                           "course used offline).", default=True, example="false")
    media_size_warning: float = setting(megabytes, "The build warns about a media file larger than this many "
                                        "megabytes.", default=20, example="50")
    # filled in by the loader
    dir: Path = field(default_factory=Path)
    pages: list[Page] = field(default_factory=list)
    theme_media: dict[str, Path] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # what builds but deserves a look

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
    def questions(self) -> list[Question]:
        return [q for page in self.pages for q in page.questions]

    @property
    def scored(self) -> bool:
        """The course has questions: it reports a score (and, with a mastery score, passed
        or failed). A course without questions is unscored, whatever course.yml says."""
        return any(page.questions for page in self.pages)

    @property
    def passing_score(self) -> float | None:
        """The mastery score the packages declare: only a scored course has one."""
        return self.mastery_score if self.scored else None

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


# Every record a course source has, for the documentation test and `scormgen init`.
RECORDS: tuple[type, ...] = (Course, Person, Objective, PageEntry, Completion, Lrs, Theme, Translation, MediaFile,
                             Reflection, Question, Option)

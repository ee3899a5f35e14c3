"""The fields of ``course.yml``, each declared once with its type, default and doc.

``read_record`` checks a mapping against a list of fields and collects every problem
(unknown key with the nearest known one, missing required field, wrong type, bad
value) instead of stopping at the first. The course model (``scormgen.course``) builds
on what it returns. ``docs/course-source.md`` documents the same fields; a test keeps
the two in step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import Problem, did_you_mean
from .yamlsource import Map, Seq, Text, line_of

# An identifier must be usable as an XML ID (an NCName) in every manifest, as a SCORM
# interaction or objective id, and in a file name: ASCII letters, digits, '-', '_', '.',
# starting with a letter.
IDENTIFIER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,99}$")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

# The LOM contributor roles (IEEE LOM 2.3.1, LOMv1.0 vocabulary) a course may use.
LOM_ROLES = (
    "author", "publisher", "unknown", "initiator", "terminator", "validator", "editor",
    "graphical designer", "technical implementer", "content provider",
    "technical validator", "educational validator", "script writer",
    "instructional designer", "subject matter expert",
)


class Invalid(Exception):
    """A value is wrong: ``message`` says what, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    name: str
    parse: Parser
    doc: str
    required: bool = False
    default: Any = None
    example: str = ""


def slug_suggestion(value: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", value.strip()).strip("-.") or "page"
    if not slug[0].isalpha():
        slug = "p-" + slug
    return slug[:100]


# --- value parsers -----------------------------------------------------------------

def text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("must be text, not a list or mapping.", "Write the value on the same line after ':'.")
    if not value.strip():
        raise Invalid("is empty.", "Give it a value.")
    return str(value).strip()


def identifier(value: Any) -> str:
    value = text(value)
    if not IDENTIFIER_RE.match(value):
        raise Invalid(
            f"'{value}' cannot be used as an identifier.",
            "Use ASCII letters, digits, '-', '_' or '.', start with a letter, at most 100 "
            f"characters (for example '{slug_suggestion(value)}').")
    return value


def language(value: Any) -> str:
    value = text(value)
    if not LANGUAGE_RE.match(value):
        raise Invalid(f"'{value}' is not a language code.", "Use a code such as 'en', 'fr' or 'fr-CA'.")
    return value


def date(value: Any) -> str:
    value = text(value)
    if not DATE_RE.match(value):
        raise Invalid(f"'{value}' is not a date.", "Write it as YYYY, YYYY-MM or YYYY-MM-DD, in quotes.")
    return value


IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s#<>\"{}|\\^`]+$")
URL_RE = re.compile(r"^https?://[^\s#<>\"{}|\\^`]+$")


def iri(value: Any) -> str:
    value = text(value)
    if not IRI_RE.match(value):
        raise Invalid(f"'{value}' is not an IRI.",
                      "Use an address such as https://your-institution.example/courses/my-course "
                      "(no spaces, no '#').")
    return value.rstrip("/")


def url(value: Any) -> str:
    value = text(value)
    if not URL_RE.match(value):
        raise Invalid(f"'{value}' is not an http(s) address.", "Use an address such as https://lrs.example/xapi/.")
    return value


def one_of(*choices: str) -> Parser:
    def parse(value: Any) -> str:
        value = text(value)
        if value not in choices:
            raise Invalid(f"'{value}' is not allowed.",
                          "Use one of: " + ", ".join(f"'{c}'" for c in choices) + "."
                          + did_you_mean(value, choices))
        return value
    return parse


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        raise Invalid("must be a list.", "Write it as [a, b] or as lines starting with '- '.")
    return [text(item) for item in value]


def roles(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise Invalid("must be a role or a list of roles.", "For example: role: author")
    return [one_of(*LOM_ROLES)(item) for item in items]


def markdown_text(value: Any) -> str:
    return text(value)


# --- records -----------------------------------------------------------------------

PERSON_FIELDS = [
    Field("name", text, "Full name of the person or organisation.", required=True,
          example="Audrey-Anne Lalande"),
    Field("credentials", text, "Degrees or titles shown after the name.", example="D.Ps."),
    Field("role", roles, "One role or a list of roles from the LOM vocabulary: "
          + ", ".join(LOM_ROLES) + ".", required=True, example="subject matter expert"),
    Field("contribution", text, "What they did, as shown to learners.",
          example="Concept development and project management"),
    Field("bio", markdown_text, "A short biography (Markdown), shown by the `credits` block."),
]

OBJECTIVE_FIELDS = [
    Field("id", identifier, "Identifier of the objective; becomes the SCORM objective id.",
          required=True, example="obj-working-alliance"),
    Field("text", text, "The objective as the learner reads it.", required=True),
]

PAGE_FIELDS = [
    Field("id", identifier, "Identifier of the page (stable: LMSs store it as the learner's location).",
          required=True, example="welcome"),
    Field("file", text, "Markdown file of the page, relative to course.yml. Default: pages/<id>.md.",
          example="pages/welcome.md"),
]

COMPLETION_FIELDS = [
    Field("pages", one_of("all", "none"), "'all': every page must be viewed.", default="all"),
    Field("reflections", one_of("all", "none"),
          "'all': every pause-and-reflect answer must be submitted.", default="all"),
]

COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


def color(value: Any) -> str:
    value = text(value)
    if not COLOR_RE.match(value):
        raise Invalid(f"'{value}' is not a colour.", 'Write it as "#RRGGBB", in quotes (e.g. "#8f001a").')
    return value.lower()


def font(value: Any) -> str:
    value = text(value)
    if re.search(r"[;{}<>]", value):
        raise Invalid(f"'{value}' is not a font list.", 'Write font names separated by commas, e.g. "Georgia, serif".')
    return value


THEME_FIELDS = [
    Field("logo", text, "An image shown in the header (path relative to course.yml, inside the course folder).",
          example="media/logo.svg"),
    Field("logo_alt", text, "What the logo says, for screen readers (required with a logo).",
          example="Faculty of Medicine, University of Ottawa"),
    Field("accent", color, "Colour of the header, buttons and links; white text must be readable on it "
          "and it must be readable on the background (WCAG AA contrast, checked).", example='"#8f001a"'),
    Field("text", color, "Colour of the text (checked against the background).", example='"#1c1c1e"'),
    Field("background", color, "Colour of the page.", example='"#ffffff"'),
    Field("surface", color, "Colour of the table of contents, notes and reflection boxes.", example='"#f3f5f8"'),
    Field("font", font, "Font list of the text.", example='"Georgia, serif"'),
    Field("heading_font", font, "Font list of the headings (default: the text's).", example='"Lato, sans-serif"'),
]

TRANSLATION_FIELDS = [
    Field("language", language, "Language of this translation of the metadata.", required=True, example="fr-CA"),
    Field("title", text, "The title in that language.", required=True),
    Field("description", text, "The description in that language.", required=True),
    Field("keywords", text_list, "The keywords in that language.", default=[]),
]

LRS_FIELDS = [
    Field("endpoint", url, "xAPI endpoint that SCORM packages also send their statements to "
          "(the LMS's relay, or an LRS that takes the LMS's token). No credentials here: they "
          "come from the launch.", example="https://lrs.example/xapi/"),
    Field("home_page", url, "homePage of the learners' xAPI accounts in statements from SCORM "
          "packages. Default: the address of the LMS the package runs in.",
          example="https://moodle.example"),
]

COURSE_FIELDS = [
    Field("id", identifier, "Identifier of the course: used in package file names and manifest "
          "identifiers, so keep it stable from version to version.", required=True,
          example="working-alliance"),
    Field("title", text, "Title shown to learners and in the LMS.", required=True),
    Field("version", text, "Version of the course, e.g. \"1.0.0\"; part of the package file name.",
          required=True, example='"1.0.0"'),
    Field("language", language, "Language of the course (BCP 47 code).", required=True, example="en"),
    Field("description", text, "Two to four sentences for the LMS catalogue.", required=True),
    Field("keywords", text_list, "Keywords for the catalogue.", default=[]),
    Field("series", text, "Name of the series the course belongs to.", default=None),
    Field("publisher", text, "Institution that publishes the course.", default=None),
    Field("produced", date, "When the course was produced (YYYY, YYYY-MM or YYYY-MM-DD).",
          default=None, example='"2016-09"'),
    Field("authors", lambda v: v, "The authors, shown with their biographies: a list of people.",
          default=[]),
    Field("credits", lambda v: v, "Everyone else credited: a list of people.", default=[]),
    Field("objectives", lambda v: v, "The learning objectives: a list of {id, text}.", default=[]),
    Field("pages", lambda v: v, "The pages in order: each a page id (file pages/<id>.md) or {id, file}.",
          required=True),
    Field("completion", lambda v: v, "When the course counts as completed.", default=None),
    Field("activity_id", iri, "IRI of the course in xAPI statements and in cmi5.xml/tincan.xml. "
          "Default: urn:scormgen:<id>. Keep it stable.", default=None,
          example="https://medtech.example/courses/working-alliance"),
    Field("lrs", lambda v: v, "Where SCORM packages also send xAPI statements (optional).",
          default=None),
    Field("theme", lambda v: v, "The institution's look: logo, colours, fonts (below).", default=None),
    Field("translations", lambda v: v, "The title, description and keywords in other languages, "
          "written into the metadata beside the course's own (a list).", default=[]),
]


@dataclass
class Record:
    """A checked mapping: values by field name, and the line of each key."""

    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    line: int | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def line_for(self, name: str) -> int | None:
        return self.lines.get(name, self.line)


def read_record(value: Any, fields: list[Field], path: Path, problems: list[Problem],
                what: str, line: int | None = None) -> Record | None:
    """Check ``value`` (a mapping from YAML) against ``fields``; report into ``problems``."""
    if not isinstance(value, Map):
        problems.append(Problem(path, line_of(value, line), f"{what} must be a mapping of 'key: value' lines.",
                                "Indent its keys under it, for example 'name: ...'."))
        return None
    known = {f.name: f for f in fields}
    result = Record(values={}, lines=dict(value.key_lines), line=value.line)
    for key in value:
        if key not in known:
            problems.append(Problem(path, value.key_lines[key], f"unknown key '{key}' in {what}.",
                                    (did_you_mean(key, known).strip() or
                                     "Known keys: " + ", ".join(known) + ".")))
    for f in fields:
        if f.name not in value or value[f.name] is None:
            if f.required:
                problems.append(Problem(path, value.line, f"{what} has no '{f.name}'.",
                                        f"Add '{f.name}:' ({f.doc[0].lower() + f.doc[1:].rstrip('.')})."))
            result.values[f.name] = f.default
            continue
        raw = value[f.name]
        try:
            result.values[f.name] = f.parse(raw)
        except Invalid as exc:
            problems.append(Problem(path, line_of(raw, value.key_lines[f.name]),
                                    f"'{f.name}' in {what}: {exc.message}", exc.hint))
            result.values[f.name] = f.default
    return result


def read_list(value: Any, path: Path, problems: list[Problem], what: str, line: int | None) -> list:
    """A YAML list, with a problem reported when it is something else."""
    if value is None:
        return []
    if isinstance(value, list) and not isinstance(value, Seq):
        return list(value)  # a field's default
    if not isinstance(value, Seq):
        problems.append(Problem(path, line_of(value, line), f"'{what}' must be a list.",
                                "Write each entry on its own line starting with '- '."))
        return []
    return list(value)


__all__ = [
    "COURSE_FIELDS", "LRS_FIELDS", "TRANSLATION_FIELDS", "THEME_FIELDS", "PERSON_FIELDS", "OBJECTIVE_FIELDS", "PAGE_FIELDS", "COMPLETION_FIELDS",
    "Field", "Invalid", "Record", "read_record", "read_list", "identifier", "Text", "LOM_ROLES",
]

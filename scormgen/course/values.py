"""The value rules of a course source: what a text, an identifier, a language, a date,
a colour... may be. Each rule takes the value as YAML gave it (a ``Text``, a ``Seq``...)
and returns it checked, or raises ``Invalid`` saying what is wrong and how to fix it.

The records that use these rules are declared in ``scormgen.course.model``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..errors import did_you_mean

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


def slug_suggestion(value: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", value.strip()).strip("-.") or "page"
    if not slug[0].isalpha():
        slug = "p-" + slug
    return slug[:100]


# --- value parsers -----------------------------------------------------------------

# Characters no text of a course may hold: control characters (but tab and line break),
# which XML refuses or which would reach a terminal, and the non-characters U+FFFE, U+FFFF.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def text(value: object) -> str:
    if not isinstance(value, str):
        raise Invalid("must be text, not a list or mapping.", "Write the value on the same line after ':'.")
    if not value.strip():
        raise Invalid("is empty.", "Give it a value.")
    control = CONTROL_RE.search(value)
    if control:
        raise Invalid(f"contains the control character U+{ord(control.group()):04X}.",
                      "Remove it (it is invisible in most editors: retype the line).")
    return str(value).strip()


def line(value: object) -> str:
    """Text on one line: a title, a name (a line break in a name would start a new line
    of its vCard in the metadata)."""
    value = text(value)
    if "\n" in value:
        raise Invalid("is on several lines.", "Write it on one line (a '|' or '>' block keeps line breaks).")
    return value


def identifier(value: object) -> str:
    value = text(value)
    if not IDENTIFIER_RE.match(value):
        raise Invalid(
            f"'{value}' cannot be used as an identifier.",
            "Use ASCII letters, digits, '-', '_' or '.', start with a letter, at most 100 "
            f"characters (for example '{slug_suggestion(value)}').")
    return value


def language(value: object) -> str:
    value = text(value)
    if not LANGUAGE_RE.match(value):
        raise Invalid(f"'{value}' is not a language code.", "Use a code such as 'en', 'fr' or 'fr-CA'.")
    return value


def date(value: object) -> str:
    value = text(value)
    if not DATE_RE.match(value):
        raise Invalid(f"'{value}' is not a date.", "Write it as YYYY, YYYY-MM or YYYY-MM-DD, in quotes.")
    return value


IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s#<>\"{}|\\^`]+$")
URL_RE = re.compile(r"^https?://[^\s#<>\"{}|\\^`]+$")


def iri(value: object) -> str:
    value = text(value)
    if not IRI_RE.match(value):
        raise Invalid(f"'{value}' is not an IRI.",
                      "Use an address such as https://your-institution.example/courses/my-course "
                      "(no spaces, no '#').")
    return value.rstrip("/")


def url(value: object) -> str:
    value = text(value)
    if not URL_RE.match(value):
        raise Invalid(f"'{value}' is not an http(s) address.", "Use an address such as https://lrs.example/xapi/.")
    if "@" in value.split("//", 1)[1].split("/", 1)[0]:
        raise Invalid("holds credentials (user:password@): they would be written into every package, "
                      "where anyone can read them.", "Give the address alone; credentials come from the "
                      "launch (see the README: 'Credentials never go into a package').")
    return value


def one_of(*choices: str) -> Parser:
    def parse(value: object) -> str:
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
    return [line(item) for item in value]


def roles(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise Invalid("must be a role or a list of roles.", "For example: role: author")
    return [one_of(*LOM_ROLES)(item) for item in items]


def boolean(value: object) -> bool:
    value = text(value)
    if value.lower() in ("true", "yes"):
        return True
    if value.lower() in ("false", "no"):
        return False
    raise Invalid(f"'{value}' is not true or false.", "Write true or false.")


def megabytes(value: object) -> float:
    """A size in megabytes (1 MB = 1,000,000 bytes), more than zero."""
    value = text(value)
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not re.fullmatch(r"\d+(\.\d+)?", value) or number <= 0:
        raise Invalid(f"'{value}' is not a size in MB.", "Write a number of megabytes, e.g. 20 or 2.5.")
    return number


PERCENT_RE = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def percent(value: object) -> float:
    """A percentage from 0 to 100, with at most two decimals (what SCORM 1.2's CMIDecimal
    takes as LMSs check it: Moodle refuses a third decimal)."""
    value = text(value)
    if not PERCENT_RE.match(value) or float(value) > 100:
        raise Invalid(f"'{value}' is not a percentage from 0 to 100.",
                      "Write a number from 0 to 100 without '%', with at most two decimals (e.g. 80 or 72.5).")
    return float(value)


def positive_integer(value: object) -> int:
    """A whole number, 1 or more."""
    value = text(value)
    if not re.fullmatch(r"[0-9]+", value) or int(value) < 1:
        raise Invalid(f"'{value}' is not a whole number of 1 or more.", "Write a number such as 1, 2 or 3.")
    return int(value)


# An option of a question is a SCORM 2004 short_identifier_type that needs no escaping
# where the runtime joins several with '[,]' (ASCII letters, digits, '-', '_').
OPTION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def option_id(value: object) -> str:
    value = text(value)
    if not OPTION_ID_RE.match(value):
        suggestion = re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-")[:64] or "a"
        raise Invalid(f"'{value}' cannot be used as an option id.",
                      f"Use 1 to 64 ASCII letters, digits, '-' or '_' (for example '{suggestion}').")
    return value


def markdown_text(value: object) -> str:
    return text(value)


COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


def color(value: object) -> str:
    value = text(value)
    if not COLOR_RE.match(value):
        raise Invalid(f"'{value}' is not a colour.", 'Write it as "#RRGGBB", in quotes (e.g. "#8f001a").')
    return value.lower()


def font(value: object) -> str:
    value = text(value)
    if re.search(r"[;{}<>]", value):
        raise Invalid(f"'{value}' is not a font list.", 'Write font names separated by commas, e.g. "Georgia, serif".')
    return value

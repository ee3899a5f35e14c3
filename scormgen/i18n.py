"""The interface's words in the course's language, from message catalogues.

Catalogues are gettext ``.po`` files in ``scormgen/locale/<language>.po``, read with
Babel. The course's ``language`` chooses one by its primary subtag (``fr-CA`` -> ``fr``);
English, the language of the message ids, needs none. Templates use ``_()`` (Jinja2's
i18n extension); the runtime's messages are rendered into the launch page, translated,
so the browser code stays small.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# The knowledge checks' words (runtime/quiz-ui.js): in the launch page of a course with
# questions only, so that a course without any builds exactly as before.
QUIZ_MESSAGES = (
    "Correct.",
    "Incorrect.",
    "1 attempt left",
    "{n} attempts left",
    "No attempts left",
    "Choose an answer before you check it.",
    "Your score: {percent}% ({correct} of {total} correct).",
    "Passing score: {mastery}%. Result: passed.",
    "Passing score: {mastery}%. Result: failed.",
    "Passing score: {mastery}%. Answer every question to get your result.",
    "Your answer is saved in this browser, but the learning record store refused it. Tell your course administrator.",
)

# Every message the browser runtime shows or sends; {name} marks a value filled in there.
RUNTIME_MESSAGES = (
    "Page {n} of {total}",
    "Page {n} of {total}: {title}",
    "Write your answer before you submit it.",
    "Your answer is saved. An answer to compare with yours is below.",
    "Update my answer",
    "Not connected to an LMS: your progress is kept in this browser only.",
    "The LMS did not answer: your progress is kept in this browser only, for now.",
    "The LMS holds earlier progress this module cannot read. It is kept as it is; what you do now "
    "is kept in this browser. Download your notes to keep them.",
    "Not connected to a learning record store ({reason}): your progress is kept in this browser only.",
    "Your notes and answers are longer than this LMS can store ({limit} characters). The LMS keeps a "
    "shortened copy; the full text is kept in this browser. Download your notes to keep everything.",
    "My notes",
    "My reflections",
    "Pause and reflect",
    "You have completed this module",
    "You have reached the end of the module",
    "You viewed {seen} of {pages} pages and answered {answered} of {reflections} reflections.",
    "You viewed {seen} of {pages} pages.",
    "The module is not complete yet ({percent}% done): the table of contents marks the pages you have seen.",
    "Saving your work and returning to the course…",
    "This module also exists in another language you prefer ({language}): “{title}”. Ask your course for "
    "that edition.",
    "Your answer is saved in this browser, but the learning record store refused it. Download your notes "
    "to keep it, and tell your course administrator.",
    # a page's content, loaded when the learner goes there (runtime/pages.js)
    "Loading…",
    "This page could not be loaded. Check your connection, then try again.",
    "Try again",
    *QUIZ_MESSAGES,
)


class CatalogTranslations(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]):
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def catalogue_language(language: str) -> str:
    return language.split("-")[0].lower()


@lru_cache(maxsize=8)
def translations(language: str) -> CatalogTranslations:
    path = LOCALE_DIR / f"{catalogue_language(language)}.po"
    if not path.is_file():
        return CatalogTranslations({})
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    # Plural messages (a tuple for an id, a list for a translation) are left out: the
    # runtime and the templates use none.
    return CatalogTranslations({m.id: m.string for m in catalog
                                if m.id and isinstance(m.id, str) and m.string and isinstance(m.string, str)})


def available_languages() -> list[str]:
    return ["en"] + sorted(p.stem for p in LOCALE_DIR.glob("*.po"))


def runtime_messages(language: str, scored: bool = False) -> dict[str, str]:
    """The runtime's words in ``language``; the knowledge checks' only when ``scored`` (the
    course has questions)."""
    t = translations(language)
    return {message: t.gettext(message) for message in RUNTIME_MESSAGES if scored or message not in QUIZ_MESSAGES}


def human_date(value: str, language: str) -> str:
    """'2016-09' as 'September 2016' / 'septembre 2016' (YYYY, YYYY-MM or YYYY-MM-DD)."""
    import datetime

    from babel.dates import format_date  # here: a build that shows no date does without it
    parts = [int(p) for p in value.split("-")]
    locale = Locale.parse(language.replace("-", "_"))
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return format_date(datetime.date(parts[0], parts[1], 1), "LLLL y", locale=locale)
    return format_date(datetime.date(*parts), "long", locale=locale)

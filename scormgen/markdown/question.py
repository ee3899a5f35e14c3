"""A ```` ```question ```` block of a page: its YAML read and checked into a ``Question``,
its Markdown (prompt, options, feedback) written as HTML.

A prompt or an option's text of one paragraph becomes inline HTML, since it goes into
a ``<legend>`` or a ``<label>``, which hold phrasing content; one of several blocks (a
case, then the question) keeps its blocks.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..course.questions import Question, check_question
from ..course.schema import Reader
from ..errors import Problem
from ..yamlsource import Map, parse_yaml
from .html import Gettext, render_markdown

_ONE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\n?\Z", re.S)


def inline(html: str) -> str:
    """The HTML of a paragraph alone without its <p>, else the HTML as it is."""
    match = _ONE_PARAGRAPH.match(html)
    return match.group(1) if match else html


def read_question(content: str, line: int, path: Path, page_id: str, gettext: Gettext,
                  problems: list[Problem]) -> Question | None:
    """The question written in a block opened on ``line``, or None (its problems added)."""
    data, yaml_problems = parse_yaml(content, path, first_line=line + 1)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    reader = Reader(path, problems)
    before = len(problems)
    values = reader.values(Question, data, "the question", line=line)
    if values is None or not values.complete:
        return None
    question = values.make(Question, page_id=page_id, file=path, line=line)
    assert isinstance(data, Map)  # values() reads nothing else
    given = {key for key, value in data.items() if value is not None}
    if not check_question(question, reader, given, options_read=len(problems) == before):
        return None
    if len(problems) > before:
        return None

    def markdown(source: str) -> str:
        return render_markdown(source, gettext, unsafe)

    def unsafe(url: str) -> None:
        problems.append(Problem(path, line, "SG146", f"the link '{url[:60]}' in the question would run code "
                                "or open a file on the learner's computer.", "Link a web page (https://...) "
                                "instead."))
    question.prompt_html = inline(markdown(question.prompt))
    question.feedback_html = markdown(question.feedback) if question.feedback else ""
    for option in question.options:
        option.text_html = inline(markdown(option.text))
        option.feedback_html = markdown(option.feedback) if option.feedback else ""
    return question


__all__ = ["inline", "read_question"]

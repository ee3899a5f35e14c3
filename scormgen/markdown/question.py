"""A ```` ```question ```` block of a page: its YAML read and checked into a ``Question``,
its Markdown (prompt, options, feedback) written as HTML.

A prompt or an option's text goes into a ``<legend>`` or a ``<label>``, which hold
phrasing content only (HTML), so a paragraph goes in without its ``<p>``. A prompt of
several blocks (a case, then the question) is split: its last paragraph, the question,
is the legend, and the blocks before it are the case, shown before the question's
fieldset (or, when the prompt ends with another block, such as a list of statements,
its first paragraph is the legend and the blocks after it follow the legend). An
option's text of several paragraphs is one label, its paragraphs joined by line breaks.
"""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from ..course.questions import Question, check_question
from ..course.schema import Reader
from ..errors import Problem
from ..yamlsource import Map, parse_yaml
from .html import Gettext, render_markdown
from .text import plain_text

_ONE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\n?\Z", re.S)


def inline(html: str) -> str:
    """The HTML of a paragraph alone without its <p>, else the HTML as it is."""
    match = _ONE_PARAGRAPH.match(html)
    return match.group(1) if match else html


def _blocks(html: str) -> list[str]:
    """The top-level blocks of an HTML fragment, each as HTML."""
    return [lxml.html.tostring(element, encoding="unicode").strip()
            for element in lxml.html.fragments_fromstring(html) if not isinstance(element, str)]


def _is_paragraph(block: str) -> bool:
    return block.startswith("<p>") and _ONE_PARAGRAPH.match(block) is not None


def split_prompt(html: str) -> tuple[str, str, str]:
    """(the blocks before the question, the question as the legend's inline HTML, the
    blocks after it) of a prompt's HTML."""
    if _ONE_PARAGRAPH.match(html):
        return "", inline(html), ""
    blocks = _blocks(html)
    if blocks and _is_paragraph(blocks[-1]):
        return "\n".join(blocks[:-1]), inline(blocks[-1]), ""
    if blocks and _is_paragraph(blocks[0]):
        return "", inline(blocks[0]), "\n".join(blocks[1:])
    return "", "", html  # no paragraph to be the legend: the template names the question


def option_label(html: str) -> str:
    """An option's text as a label's inline HTML."""
    if _ONE_PARAGRAPH.match(html):
        return inline(html)
    return "<br>".join(inline(block) if _is_paragraph(block) else plain_text(block) for block in _blocks(html))


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
    question.prompt_case_html, question.prompt_html, question.prompt_more_html = split_prompt(
        markdown(question.prompt))
    question.feedback_html = markdown(question.feedback) if question.feedback else ""
    for option in question.options:
        option.text_html = option_label(markdown(option.text))
        option.feedback_html = markdown(option.feedback) if option.feedback else ""
    return question


__all__ = ["inline", "option_label", "read_question", "split_prompt"]

"""The text of an HTML fragment, on one line: what a prompt, an option or a label says
where no markup may go (an interaction's description, an xAPI definition, a <label>)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# What JavaScript's \s matches: the runtime collapsed prompts with it when it read them
# from the page, and the text sent to the LMS and the LRS must not change.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_SPACES = re.compile(f"[{_JS_SPACE}]+")


class _TextContent(HTMLParser):
    """The text of an HTML fragment, as the DOM's textContent gives it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """An HTML fragment's text on one line, every run of white space one space."""
    parser = _TextContent()
    parser.feed(html)
    parser.close()
    return _JS_SPACES.sub(" ", "".join(parser.parts)).strip(" ")

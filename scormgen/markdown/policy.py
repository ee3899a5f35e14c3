"""What a piece of Markdown's links, images, fenced blocks and headings become: ``Policy``
decides, ``HtmlWriter`` (``scormgen.markdown.html``) asks. Plain Markdown (a prompt, a
biography) uses ``Policy`` itself; pages use ``scormgen.markdown.page.PagePolicy``."""
from __future__ import annotations

from collections.abc import Callable

from .urls import escape, escape_url, is_external, is_unsafe


class Policy:
    """What links, images, fenced blocks and headings become in plain Markdown (a prompt,
    an expert's answer, a biography). A link or image that would run code or open a local
    file becomes "#", and ``on_unsafe(url)`` is told, to report it."""

    def __init__(self, on_unsafe: Callable[[str], None] | None = None):
        self.on_unsafe = on_unsafe

    def _refused(self, url: str) -> bool:
        if not is_unsafe(url):
            return False
        if self.on_unsafe is not None:
            self.on_unsafe(url)
        return True

    def image(self, url: str, alt: str, line: int) -> str:
        """The src of an image."""
        return "#" if self._refused(url) else escape_url(url)

    def image_element(self, url: str, alt: str, title: str, line: int) -> tuple[str, bool]:
        """The HTML of ``![alt](url "title")``, and whether it is a block (a player),
        shown after the paragraph it was written in."""
        return img_tag(self.image(url, alt, line), alt, title), False

    def lone_link(self, url: str, text: str, html: str, line: int) -> str | None:
        """HTML that replaces a paragraph holding one link and nothing else (``html``:
        that paragraph as written), or None to keep it."""
        return None

    def link(self, url: str, line: int) -> tuple[str, bool]:
        """(the attributes of <a>, whether it opens a new tab)."""
        if self._refused(url):
            return 'href="#"', False
        if is_external(url):
            return f'href="{escape_url(url)}" target="_blank" rel="noopener noreferrer"', True
        return f'href="{escape_url(url)}"', False

    def code_block(self, info: str, content: str, line: int) -> str | None:
        """HTML that replaces a fenced block with an info string, or None to show it as code."""
        return None

    def heading(self, level: int, source: str, line: int) -> bool:
        """False to leave the heading out of the HTML (``source``: its Markdown)."""
        return True

    def spaced_target(self, target: str, image: bool, line: int) -> None:
        """Told of "[text](a path with spaces)", which Markdown leaves as plain text."""

    def unclosed_fence(self, fence: str, line: int) -> None:
        """Told of a fenced block that runs to the end of the page (or of its quote or list)."""


def img_tag(src: str, alt: str, title: str) -> str:
    """``<img>`` with ``src`` as given (already an attribute value)."""
    return f'<img src="{src}" alt="{escape(alt)}"' + (f' title="{escape(title)}" />' if title else " />")

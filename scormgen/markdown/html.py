"""Markdown to HTML, in one pass over pulldown-cmark's events (through pyromark).

``HtmlWriter`` dispatches each event to a small handler by its kind and tag; what a
link, an image, a fenced block or a heading becomes is decided by a ``Policy`` passed
in (``Policy`` itself: plain Markdown from course.yml or a reflection; the page policy
in ``scormgen.markdown.page``: checks, media, links between pages, special blocks).

The HTML is ours, so that it is what learners need: raw HTML is shown as text (a page
can never break the course shell), a wide table scrolls in its own keyboard-reachable
region, a link that opens a new tab says so to screen readers.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pyromark

if TYPE_CHECKING:
    from pyromark.event import Range

OPTIONS = pyromark.Options.ENABLE_TABLES

# The elements whose tags depend on nothing but the event (the others have handlers).
OPEN = {"Paragraph": "<p>", "Emphasis": "<em>", "Strong": "<strong>", "Item": "<li>",
        "BlockQuote": "<blockquote>\n"}
CLOSE = {"Paragraph": "</p>\n", "Emphasis": "</em>", "Strong": "</strong>", "Item": "</li>\n",
         "BlockQuote": "</blockquote>\n", "TableRow": "</tr>\n"}
BREAKS = {"SoftBreak": "\n", "HardBreak": "<br />\n", "Rule": "<hr />\n"}

Gettext = Callable[[str], str]

# The text Markdown leaves after "[alt]" when a link's path holds a space it did not
# expect: "(../media/my stages.svg)" stays plain text, and the file is never packaged.
SPACED_TARGET = re.compile(r"\(([^()\s]+(?:[ \t]+[^()\s\"']+)+)(?:[ \t]+\"[^\"]*\")?\)")


def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def escape_url(url: str) -> str:
    """A URL as an attribute: characters not allowed in a URL percent-encoded (an
    existing %XX kept), then HTML-escaped."""
    return escape(quote(url, safe="%/:=&?~#+!$,;'@()*[]"))


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(url: str) -> str:
    """The scheme of a URL, lower-case ("" for a relative one), as a browser reads it,
    also from a URL Python's parser refuses ("https://[example.org/")."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        found = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", url))
        return found.group(1).lower() if found else ""


def url_error(url: str) -> str | None:
    """Why a URL is not one ("Invalid IPv6 URL"), or None."""
    try:
        urlsplit(url)
    except ValueError as exc:
        return str(exc)
    return None


def is_external(url: str) -> bool:
    return bool(url_scheme(url)) or url.startswith("//")


# URL schemes that run code or reach the learner's own disk: never a link in a course.
UNSAFE_SCHEMES = ("javascript", "vbscript", "file", "data")


def is_unsafe(url: str) -> bool:
    return url_scheme(url) in UNSAFE_SCHEMES


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


class _Image:
    """An image being read: its alt text is the text of the events inside it."""

    def __init__(self, value: dict[str, Any], line: int):
        self.url: str = value["dest_url"]
        self.title: str = value["title"]
        self.line = line
        self.alt: list[str] = []
        self.depth = 1


class HtmlWriter:
    """One document's HTML (see the module's docstring)."""

    def __init__(self, source: str, policy: Policy | None = None, gettext: Gettext | None = None):
        self.source = source
        self.encoded = source.encode("utf-8")
        self.policy = policy or Policy()
        self.gettext: Gettext = gettext or (lambda message: message)
        self._line_starts: list[int] | None = None
        self.out: list[str] = []
        self.links: list[bool] = []          # for each open link: does it open a new tab?
        self.image: _Image | None = None
        self.code: tuple[str, list[str], int] | None = None   # (info, text, line) of a code block
        self.html_block: list[str] | None = None
        self.table_aligns: list[str] = []
        self.cell = 0
        self.in_head = False
        self.skipping = False                # inside a heading the policy left out
        self.brackets: list[str] = []        # the last texts, to spot "[alt](a b.svg)" left as text

    def line_of(self, offset: int) -> int:
        if self._line_starts is None:
            starts = [0]
            find = self.encoded.find
            position = find(b"\n")
            while position != -1:
                starts.append(position + 1)
                position = find(b"\n", position + 1)
            self._line_starts = starts
        return bisect_right(self._line_starts, offset)

    def write(self) -> str:
        handlers: dict[str, Callable[[Any, Range], None]] = {
            "Start": self._start, "End": self._end, "Text": self._text, "Code": self._code,
            "Html": self._html, "InlineHtml": self._inline_html}
        for event, span in pyromark.events_with_range(self.source, options=OPTIONS):
            if isinstance(event, str):  # SoftBreak, HardBreak, Rule
                self._break(event)
                continue
            (kind, value), = event.items()
            handler = handlers.get(kind)
            if handler is not None:  # others are extensions that are not enabled
                handler(value, span)
        return "".join(self.out)

    # -- leaves ------------------------------------------------------------------------
    def _break(self, event: str) -> None:
        if self.skipping:
            return
        if self.image is not None:
            self.image.alt.append(" ")
        elif event in BREAKS:
            self.out.append(BREAKS[event])

    def _text(self, value: str, span: Range) -> None:
        if self.code is not None:
            self.code[1].append(value)
        elif self.image is not None:
            self.image.alt.append(value)
        elif not self.skipping:
            self.out.append(escape(value))
            self._spot_spaced_target(value, span)

    def _spot_spaced_target(self, value: str, span: Range) -> None:
        """pulldown-cmark splits text at brackets: "![" or "[", the alt, "]", then the
        rest; a rest that starts with "(a path with spaces)" was meant as a link."""
        if self.brackets and self.brackets[-1] == "]" and value.startswith("("):
            match = SPACED_TARGET.match(value)
            opener = next((t for t in reversed(self.brackets) if t in ("[", "![")), "[")
            if match:
                self.policy.spaced_target(match[1], opener == "![", self.line_of(span["start"]))
        self.brackets = [*self.brackets[-20:], value]

    def _code(self, value: str, span: Range) -> None:
        if self.image is not None:
            self.image.alt.append(value)
        elif not self.skipping:
            self.out.append(f"<code>{escape(value)}</code>")

    def _html(self, value: str, span: Range) -> None:
        if self.html_block is not None:
            self.html_block.append(value)
        else:
            self.out.append(escape(value))

    def _inline_html(self, value: str, span: Range) -> None:
        if self.image is not None:
            self.image.alt.append(value)
        elif not self.skipping:
            self.out.append(escape(value))

    # -- containers: Start ---------------------------------------------------------------
    def _start(self, value: Any, span: Range) -> None:
        if self.skipping:
            return
        tag = value if type(value) is str else next(iter(value))
        if self.image is not None:
            if tag == "Image":
                self.image.depth += 1
            return
        if tag in OPEN:
            self.out.append(OPEN[tag])
            return
        start = self.START.get(tag)
        if start is not None:
            start(self, value, span)

    def _start_link(self, value: Any, span: Range) -> None:
        link = value["Link"]
        url = "mailto:" + link["dest_url"] if link["link_type"] == "Email" else link["dest_url"]
        attrs, new_tab = self.policy.link(url, self.line_of(span["start"]))
        title = link["title"]
        self.out.append(f"<a {attrs}" + (f' title="{escape(title)}">' if title else ">"))
        self.links.append(new_tab)

    def _start_image(self, value: Any, span: Range) -> None:
        self.image = _Image(value["Image"], self.line_of(span["start"]))

    def _start_heading(self, value: Any, span: Range) -> None:
        level = int(value["Heading"]["level"][1])
        source = self.encoded[span["start"]:span["end"]].decode("utf-8")
        if not self.policy.heading(level, source, self.line_of(span["start"])):
            self.skipping = True
            return
        self.out.append(f"<h{level}>")

    def _start_list(self, value: Any, span: Range) -> None:
        start = value["List"]
        if start is None:
            self.out.append("<ul>\n")
        else:
            self.out.append("<ol>\n" if start == 1 else f'<ol start="{start}">\n')

    def _start_code_block(self, value: Any, span: Range) -> None:
        block = value["CodeBlock"]
        info = block["Fenced"] if type(block) is dict else ""
        self.code = (info, [], self.line_of(span["start"]))
        if type(block) is dict:
            self._check_fence_closed(span)

    def _check_fence_closed(self, span: Range) -> None:
        """A fenced block's range ends with its closing fence, when it has one."""
        lines = self.encoded[span["start"]:span["end"]].decode("utf-8").split("\n")
        opening = lines[0].strip()
        fence = opening[:len(opening) - len(opening.lstrip(opening[0]))]
        closing = lines[-1].lstrip(" >").rstrip()
        if len(lines) < 2 or not closing.startswith(fence) or closing.strip(fence[0]):
            self.policy.unclosed_fence(opening, self.line_of(span["start"]))

    def _start_html_block(self, value: Any, span: Range) -> None:
        self.html_block = []

    def _start_table(self, value: Any, span: Range) -> None:
        self.table_aligns = value["Table"]
        label = escape(self.gettext("Table"))
        # A wide table scrolls inside its own box (reachable by keyboard), never the page.
        self.out.append(f'<div class="sg-table-scroll" role="region" tabindex="0" aria-label="{label}">\n'
                        "<table>\n")

    def _start_table_head(self, value: Any, span: Range) -> None:
        self.in_head, self.cell = True, 0
        self.out.append("<thead>\n<tr>\n")

    def _start_table_row(self, value: Any, span: Range) -> None:
        self.cell = 0
        self.out.append("<tr>\n")

    def _start_table_cell(self, value: Any, span: Range) -> None:
        align = self.table_aligns[self.cell] if self.cell < len(self.table_aligns) else "None"
        style = f' style="text-align:{align.lower()}"' if align != "None" else ""
        self.out.append(f"<th{style}>" if self.in_head else f"<td{style}>")
        self.cell += 1

    START: dict[str, Callable[[HtmlWriter, Any, Range], None]] = {
        "Link": _start_link, "Image": _start_image, "Heading": _start_heading, "List": _start_list,
        "CodeBlock": _start_code_block, "HtmlBlock": _start_html_block, "Table": _start_table,
        "TableHead": _start_table_head, "TableRow": _start_table_row, "TableCell": _start_table_cell,
    }

    # -- containers: End -----------------------------------------------------------------
    def _end(self, value: Any, span: Range) -> None:
        tag = value if type(value) is str else next(iter(value))
        if self.skipping:
            self.skipping = tag != "Heading"
            return
        if self.image is not None:
            if tag == "Image":
                self._end_image()
            return
        if tag in CLOSE:
            self.out.append(CLOSE[tag])
            return
        end = self.END.get(tag)
        if end is not None:
            end(self, value)

    def _end_image(self) -> None:
        image = self.image
        assert image is not None
        image.depth -= 1
        if image.depth:
            return
        alt = "".join(image.alt)
        src = self.policy.image(image.url, alt, image.line)
        self.out.append(f'<img src="{src}" alt="{escape(alt)}"'
                        + (f' title="{escape(image.title)}" />' if image.title else " />"))
        self.image = None

    def _end_link(self, value: Any) -> None:
        if self.links.pop():
            hint = escape(self.gettext("(opens in a new tab)"))
            self.out.append(f'<span class="sg-visually-hidden"> {hint}</span>')
        self.out.append("</a>")

    def _end_heading(self, value: Any) -> None:
        self.out.append(f"</h{value['Heading'][1]}>\n")

    def _end_list(self, value: Any) -> None:
        self.out.append("</ol>\n" if value["List"] else "</ul>\n")

    def _end_code_block(self, value: Any) -> None:
        assert self.code is not None
        info, parts, line = self.code
        self.code = None
        content = "".join(parts)
        if content and not content.endswith("\n"):  # a block at the very end of the file
            content += "\n"
        replaced = self.policy.code_block(info, content, line) if info else None
        if replaced is not None:
            self.out.append(replaced)
            return
        language = info.split()[0] if info.strip() else ""
        attrs = f' class="language-{escape(language)}"' if language else ""
        self.out.append(f"<pre><code{attrs}>{escape(content)}</code></pre>\n")

    def _end_html_block(self, value: Any) -> None:
        # raw HTML is shown as text, in a paragraph of its own
        self.out.append(f"<p>{escape(''.join(self.html_block or []).rstrip())}</p>\n")
        self.html_block = None

    def _end_table(self, value: Any) -> None:
        self.out.append("</tbody>\n</table>\n</div>\n" if not self.in_head else "</table>\n</div>\n")

    def _end_table_head(self, value: Any) -> None:
        self.in_head = False
        self.out.append("</tr>\n</thead>\n<tbody>\n")

    def _end_table_cell(self, value: Any) -> None:
        self.out.append("</th>\n" if self.in_head else "</td>\n")

    END: dict[str, Callable[[HtmlWriter, Any], None]] = {
        "Link": _end_link, "Heading": _end_heading, "List": _end_list, "CodeBlock": _end_code_block,
        "HtmlBlock": _end_html_block, "Table": _end_table, "TableHead": _end_table_head,
        "TableCell": _end_table_cell,
    }


def render_markdown(source: str, gettext: Gettext | None = None,
                    on_unsafe: Callable[[str], None] | None = None) -> str:
    """HTML of a piece of Markdown from course.yml or a reflection (a prompt, an expert's
    answer, a biography); ``on_unsafe(url)`` hears of each link refused (see Policy)."""
    return HtmlWriter(source, Policy(on_unsafe), gettext).write()

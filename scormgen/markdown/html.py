"""Markdown to HTML, in one pass over pulldown-cmark's events (through pyromark).

``HtmlWriter`` dispatches each event to a small handler by its kind and tag; what a
link, an image, a fenced block or a heading becomes is decided by a ``Policy`` passed
in (``scormgen.markdown.policy``: plain Markdown from course.yml or a reflection; the
page policy in ``scormgen.markdown.page``: checks, media, links between pages, special
blocks). A player (a video, an audio) is a block: it is shown after the paragraph it
was written in; a paragraph holding one link alone may become a block too (an embed).

The HTML is ours, so that it is what learners need: raw HTML is shown as text (a page
can never break the course shell), a wide table scrolls in its own keyboard-reachable
region, a link that opens a new tab says so to screen readers.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyromark

from .policy import Policy
from .urls import escape

if TYPE_CHECKING:
    from pyromark.event import Range

OPTIONS = pyromark.Options.ENABLE_TABLES

# The elements whose tags depend on nothing but the event (the others have handlers).
OPEN = {"Emphasis": "<em>", "Strong": "<strong>", "Item": "<li>",
        "BlockQuote": "<blockquote>\n"}
CLOSE = {"Emphasis": "</em>", "Strong": "</strong>", "Item": "</li>\n",
         "BlockQuote": "</blockquote>\n", "TableRow": "</tr>\n"}
BREAKS = {"SoftBreak": "\n", "HardBreak": "<br />\n", "Rule": "<hr />\n"}

Gettext = Callable[[str], str]

# The text Markdown leaves after "[alt]" when a link's path holds a space it did not
# expect: "(../media/my stages.svg)" stays plain text, and the file is never packaged.
SPACED_TARGET = re.compile(r"\(([^()\s]+(?:[ \t]+[^()\s\"']+)+)(?:[ \t]+\"[^\"]*\")?\)")


class _Image:
    """An image being read: its alt text is the text of the events inside it."""

    def __init__(self, value: dict[str, Any], line: int):
        self.url: str = value["dest_url"]
        self.title: str = value["title"]
        self.line = line
        self.alt: list[str] = []
        self.depth = 1


class _Paragraph:
    """A paragraph being written: where it starts in the output, the players written in
    it (shown after it), and the link it opens with (it may hold nothing else)."""

    def __init__(self, start: int):
        self.start = start
        self.blocks: list[str] = []
        self.link: tuple[str, int] | None = None   # (url, line)
        self.link_text: list[str] = []
        self.link_end = -1                         # the output's length when that link closed


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
        self.paragraph: _Paragraph | None = None
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
            self._note_link_text(value)
            self._spot_spaced_target(value, span)

    def _note_link_text(self, value: str) -> None:
        paragraph = self.paragraph
        if paragraph is not None and paragraph.link is not None and paragraph.link_end < 0:
            paragraph.link_text.append(value)

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
            self._note_link_text(value)

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
        paragraph = self.paragraph
        if paragraph is not None and not self.links and len(self.out) == paragraph.start + 1:
            paragraph.link = (url, self.line_of(span["start"]))
        attrs, new_tab = self.policy.link(url, self.line_of(span["start"]))
        title = link["title"]
        self.out.append(f"<a {attrs}" + (f' title="{escape(title)}">' if title else ">"))
        self.links.append(new_tab)

    def _start_paragraph(self, value: Any, span: Range) -> None:
        self.paragraph = _Paragraph(len(self.out))
        self.out.append("<p>")

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
        "Paragraph": _start_paragraph, "Link": _start_link, "Image": _start_image, "Heading": _start_heading,
        "List": _start_list, "CodeBlock": _start_code_block, "HtmlBlock": _start_html_block, "Table": _start_table,
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
        html, block = self.policy.image_element(image.url, alt, image.title, image.line)
        if block and self.paragraph is not None:
            self.paragraph.blocks.append(html)
        else:
            self.out.append(html)
        self.image = None

    def _end_paragraph(self, value: Any) -> None:
        paragraph, self.paragraph = self.paragraph, None
        assert paragraph is not None
        start = paragraph.start
        if paragraph.link is not None and paragraph.link_end == len(self.out) and not paragraph.blocks:
            html = "".join(self.out[start:]) + "</p>\n"
            replaced = self.policy.lone_link(paragraph.link[0], "".join(paragraph.link_text), html,
                                             paragraph.link[1])
            if replaced is not None:
                del self.out[start:]
                self.out.append(replaced)
                return
        if paragraph.blocks and not "".join(self.out[start + 1:]).strip():  # players alone
            del self.out[start:]
        else:
            self.out.append("</p>\n")
        self.out.extend(paragraph.blocks)

    def _end_link(self, value: Any) -> None:
        if self.links.pop():
            hint = escape(self.gettext("(opens in a new tab)"))
            self.out.append(f'<span class="sg-visually-hidden"> {hint}</span>')
        self.out.append("</a>")
        paragraph = self.paragraph
        if paragraph is not None and paragraph.link is not None and paragraph.link_end < 0 and not self.links:
            paragraph.link_end = len(self.out)

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
        "Paragraph": _end_paragraph, "Link": _end_link, "Heading": _end_heading, "List": _end_list,
        "CodeBlock": _end_code_block, "HtmlBlock": _end_html_block, "Table": _end_table, "TableHead": _end_table_head,
        "TableCell": _end_table_cell,
    }


def render_markdown(source: str, gettext: Gettext | None = None,
                    on_unsafe: Callable[[str], None] | None = None) -> str:
    """HTML of a piece of Markdown from course.yml or a reflection (a prompt, an expert's
    answer, a biography); ``on_unsafe(url)`` hears of each link refused (see Policy)."""
    return HtmlWriter(source, Policy(on_unsafe), gettext).write()

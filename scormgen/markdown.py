"""Markdown pages: parsed, checked and turned into HTML in one pass.

A page is CommonMark with tables, parsed by pulldown-cmark (through pyromark: a page
of 20 KB takes a tenth of a millisecond). Raw HTML is not interpreted (it is shown as
text), so a page can never break the course shell. Two fenced blocks have a meaning of
their own:

- ```` ```reflection ```` holds YAML with ``id``, ``prompt`` and ``expert`` (Markdown):
  a "pause and reflect" block;
- ```` ```credits ```` (empty) shows the course's authors and credits from course.yml.

``parse_page`` reads the parser's events once: it checks the page, resolves every
local image and link (media are copied into the package; a link to another page's
Markdown file becomes a link to that page) and writes the page's HTML, in which each
special block is a placeholder (``BLOCK_RE``) that the templates fill in later.
The HTML is ours, so that it is what learners need: a wide table scrolls in its own
keyboard-reachable region, a link that opens a new tab says so to screen readers.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import pyromark

from .config import Field, identifier, read_record, text
from .errors import Problem, did_you_mean
from .paths import PathProblem, resolve_inside
from .yamlsource import parse_yaml

REFLECTION_FIELDS = [
    Field("id", identifier, "Identifier of the reflection, unique in the course; becomes the "
          "SCORM interaction id.", required=True, example="reflect-own-practice"),
    Field("prompt", text, "The open question (Markdown).", required=True),
    Field("expert", text, "The expert's answer in Markdown, shown once the learner has "
          "submitted an answer.", required=True),
]

SPECIAL_BLOCKS = ("reflection", "credits")
OPTIONS = pyromark.Options.ENABLE_TABLES

# Where a special block goes in a page's HTML. Markdown cannot produce it (raw HTML is
# escaped), so it cannot be forged by a page.
BLOCK_RE = re.compile(r"<!--sg-block:(\d+)-->")

# The elements whose tags depend on nothing but the event (the others are written below).
OPEN = {"Paragraph": "<p>", "Emphasis": "<em>", "Strong": "<strong>", "Item": "<li>",
        "BlockQuote": "<blockquote>\n"}
CLOSE = {"Paragraph": "</p>\n", "Emphasis": "</em>", "Strong": "</strong>", "Item": "</li>\n",
         "BlockQuote": "</blockquote>\n", "TableRow": "</tr>\n"}

# URL schemes that run code or reach the learner's own disk: never a link in a course.
UNSAFE_SCHEMES = ("javascript", "vbscript", "file", "data")


@dataclass
class Reflection:
    id: str
    prompt: str
    expert: str
    page_id: str
    file: Path
    line: int
    prompt_html: str = ""
    expert_html: str = ""


@dataclass
class ParsedPage:
    """A checked page: its title, its body as HTML (special blocks as placeholders,
    see ``BLOCK_RE``), its reflections and media. No parse tree is kept: a course of a
    thousand pages must fit in little memory."""

    title: str
    html: str = ""
    blocks: list[tuple[str, Reflection | None]] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    media: dict[str, Path] = field(default_factory=dict)  # package path -> source file


def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def escape_url(url: str) -> str:
    """A URL as an attribute: characters not allowed in a URL percent-encoded (an
    existing %XX kept), then HTML-escaped."""
    return escape(quote(url, safe="%/:=&?~#+!$,;'@()*[]"))


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def _scheme(url: str) -> str:
    return urlsplit(url).scheme.lower()


class _Writer:
    """Walks one document's events, writing its HTML; a page's checks hook into it."""

    def __init__(self, source: str, gettext=None):
        self.source = source
        self.encoded = source.encode("utf-8")
        self.gettext = gettext or (lambda message: message)
        self._line_starts: list[int] | None = None

    # -- what a page adds (overridden by _PageWriter) -----------------------------------
    def image_src(self, url: str, alt: str, line: int) -> str:
        return escape_url(url)

    def link_attrs(self, url: str, line: int) -> tuple[str, bool]:
        """(the attributes of <a>, whether it opens a new tab)."""
        if _is_external(url):
            return f'href="{escape_url(url)}" target="_blank" rel="noopener noreferrer"', True
        return f'href="{escape_url(url)}"', False

    def code_block(self, info: str, content: str, line: int) -> str | None:
        """HTML that replaces a fenced block, or None to show it as code."""
        return None

    def heading(self, level: int, start: int, end: int, line: int) -> bool:
        """False to leave the heading out of the HTML (the page title)."""
        return True

    # -- the walk ------------------------------------------------------------------------
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
        out: list[str] = []
        append = out.append
        links: list[bool] = []        # for each open link: does it open a new tab?
        alt: list[str] | None = None  # the text of the image being read
        image_depth = 0
        image: dict = {}
        image_line = 0
        code: tuple[str, list[str], int] | None = None  # (info, text, line) of a code block
        html_block: list[str] | None = None
        table_aligns: tuple = ()
        cell = 0
        in_head = False
        skipping = False              # inside the page title
        for event, span in pyromark.events_with_range(self.source, options=OPTIONS):
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if skipping:
                    continue
                if alt is not None:
                    alt.append(" ")
                elif event == "SoftBreak":
                    append("\n")
                elif event == "HardBreak":
                    append("<br />\n")
                elif event == "Rule":
                    append("<hr />\n")
                continue
            (kind, value), = event.items()
            if kind == "Text":
                if code is not None:
                    code[1].append(value)
                elif alt is not None:
                    alt.append(value)
                elif not skipping:
                    append(escape(value))
            elif kind == "Start":
                if skipping:
                    continue
                if alt is not None:
                    if value == "Image" or (type(value) is dict and "Image" in value):
                        image_depth += 1
                    continue
                tag = value if type(value) is str else next(iter(value))
                if tag in OPEN:
                    append(OPEN[tag])
                elif tag == "Link":
                    url = value["Link"]["dest_url"]
                    if value["Link"]["link_type"] == "Email":
                        url = "mailto:" + url
                    attrs, new_tab = self.link_attrs(url, self.line_of(span["start"]))
                    title = value["Link"]["title"]
                    append(f"<a {attrs}" + (f' title="{escape(title)}">' if title else ">"))
                    links.append(new_tab)
                elif tag == "Image":
                    image = value["Image"]
                    image_line = self.line_of(span["start"])
                    alt = []
                    image_depth = 1
                elif tag == "Heading":
                    level = int(value["Heading"]["level"][1])
                    if not self.heading(level, span["start"], span["end"], self.line_of(span["start"])):
                        skipping = True
                        continue
                    append(f"<h{level}>")
                elif tag == "List":
                    start = value["List"]
                    if start is None:
                        append("<ul>\n")
                    else:
                        append("<ol>\n" if start == 1 else f'<ol start="{start}">\n')
                elif tag == "CodeBlock":
                    block = value["CodeBlock"]
                    info = block["Fenced"] if type(block) is dict else ""
                    code = (info, [], self.line_of(span["start"]))
                elif tag == "HtmlBlock":
                    html_block = []
                elif tag == "Table":
                    table_aligns = value["Table"]
                    label = escape(self.gettext("Table"))
                    # A wide table scrolls inside its own box (reachable by keyboard), never the page.
                    append(f'<div class="sg-table-scroll" role="region" tabindex="0" aria-label="{label}">\n'
                           "<table>\n")
                elif tag == "TableHead":
                    in_head, cell = True, 0
                    append("<thead>\n<tr>\n")
                elif tag == "TableRow":
                    cell = 0
                    append("<tr>\n")
                elif tag == "TableCell":
                    align = table_aligns[cell] if cell < len(table_aligns) else "None"
                    style = f' style="text-align:{align.lower()}"' if align != "None" else ""
                    append(f"<th{style}>" if in_head else f"<td{style}>")
                    cell += 1
                else:  # an event of an extension that is not enabled: keep its text
                    continue
            elif kind == "End":
                tag = value if type(value) is str else next(iter(value))
                if skipping:
                    if tag == "Heading":
                        skipping = False
                    continue
                if alt is not None:
                    if tag == "Image":
                        image_depth -= 1
                        if image_depth == 0:
                            text = "".join(alt)
                            src = self.image_src(image["dest_url"], text, image_line)
                            title = image["title"]
                            append(f'<img src="{src}" alt="{escape(text)}"'
                                   + (f' title="{escape(title)}" />' if title else " />"))
                            alt = None
                    continue
                if tag in CLOSE:
                    append(CLOSE[tag])
                elif tag == "Link":
                    if links.pop():
                        hint = escape(self.gettext("(opens in a new tab)"))
                        append(f'<span class="sg-visually-hidden"> {hint}</span>')
                    append("</a>")
                elif tag == "Heading":
                    append(f"</h{value['Heading'][1]}>\n")
                elif tag == "List":
                    append("</ol>\n" if value["List"] else "</ul>\n")
                elif tag == "CodeBlock":
                    info, parts, line = code
                    content = "".join(parts)
                    if content and not content.endswith("\n"):  # a block at the very end of the file
                        content += "\n"
                    code = None
                    replaced = self.code_block(info, content, line) if info else None
                    if replaced is not None:
                        append(replaced)
                    else:
                        language = info.split()[0] if info.strip() else ""
                        attrs = f' class="language-{escape(language)}"' if language else ""
                        append(f"<pre><code{attrs}>{escape(content)}</code></pre>\n")
                elif tag == "HtmlBlock":
                    # raw HTML is shown as text, in a paragraph of its own
                    append(f"<p>{escape(''.join(html_block).rstrip())}</p>\n")
                    html_block = None
                elif tag == "Table":
                    append("</tbody>\n</table>\n</div>\n" if not in_head else "</table>\n</div>\n")
                elif tag == "TableHead":
                    in_head = False
                    append("</tr>\n</thead>\n<tbody>\n")
                elif tag == "TableCell":
                    append("</th>\n" if in_head else "</td>\n")
            elif kind == "Code":
                if alt is not None:
                    alt.append(value)
                elif not skipping:
                    append(f"<code>{escape(value)}</code>")
            elif kind == "Html":
                if html_block is not None:
                    html_block.append(value)
                else:
                    append(escape(value))
            elif kind == "InlineHtml":
                if alt is not None:
                    alt.append(value)
                elif not skipping:
                    append(escape(value))
        return "".join(out)


def render_markdown(source: str, gettext=None) -> str:
    """HTML of a piece of Markdown from course.yml or a reflection (a prompt, an expert's
    answer, a biography)."""
    return _Writer(source, gettext).write()


class _PageWriter(_Writer):
    def __init__(self, source: str, path: Path, course_dir: Path, page_id: str,
                 page_ids_by_file: dict[Path, str], problems: list[Problem], gettext=None):
        super().__init__(source, gettext)
        self.path = path
        self.course_dir = course_dir
        self.page_id = page_id
        self.page_ids_by_file = page_ids_by_file
        self.problems = problems
        self.page = ParsedPage(title="")
        self.has_title = False

    def problem(self, line: int | None, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def heading(self, level: int, start: int, end: int, line: int) -> bool:
        if level != 1:
            return True
        if line == 1:  # the first line: the page title, shown by the course shell
            self.has_title = True
            self.page.title = _heading_text(self.encoded[start:end].decode("utf-8"))
            if not self.page.title:
                self.problem(1, "the page title is empty.", "Write the title after '# '.")
            return False
        self.problem(line, "a page has one '# ' title only.", "Use '## ' for the sections of the page.")
        return True

    def code_block(self, info: str, content: str, line: int) -> str | None:
        kind = info.split()[0] if info.strip() else ""
        if kind == "credits":
            return self._placeholder("credits", None)
        if kind != "reflection":
            close = did_you_mean(kind, SPECIAL_BLOCKS) if kind else ""
            if close:
                self.problem(line, f"unknown block type '{kind}'.", close.strip())
            return None
        data, yaml_problems = parse_yaml(content, self.path, first_line=line + 1)
        self.problems.extend(yaml_problems)
        if yaml_problems:
            return ""
        record = read_record(data, REFLECTION_FIELDS, self.path, self.problems, "the reflection", line=line)
        if record is None or not record["id"] or not record["prompt"] or not record["expert"]:
            return ""
        reflection = Reflection(id=record["id"], prompt=record["prompt"], expert=record["expert"],
                                page_id=self.page_id, file=self.path, line=line,
                                prompt_html=render_markdown(record["prompt"], self.gettext),
                                expert_html=render_markdown(record["expert"], self.gettext))
        self.page.reflections.append(reflection)
        return self._placeholder("reflection", reflection)

    def _placeholder(self, name: str, reflection: Reflection | None) -> str:
        self.page.blocks.append((name, reflection))
        return f"<!--sg-block:{len(self.page.blocks) - 1}-->"

    def _local_target(self, url: str, line: int, what: str) -> tuple[Path, str] | None:
        """Resolve a relative URL of a page to (source file, package path), or report why not."""
        target = unquote(urlsplit(url).path)
        if not target:
            return None
        try:
            source = resolve_inside(self.course_dir, self.path.parent, target)
        except PathProblem as exc:
            self.problem(line, f"{what} '{url}' {exc.message}", exc.hint)
            return None
        package_path = PurePosixPath(source.relative_to(self.course_dir.resolve()).as_posix())
        return source, str(package_path)

    def image_src(self, url: str, alt: str, line: int) -> str:
        if not alt.strip():
            self.problem(line, f"the image '{url}' has no text alternative.",
                         "Describe the image between the brackets: ![what it shows](...).")
        if _is_external(url):
            if not url.startswith(("https:", "data:")):
                self.problem(line, f"the image '{url}' is loaded from another site.",
                             "Copy the image into the course folder (e.g. media/) and link it by "
                             "relative path, so the package works offline.")
            return escape_url(url)
        resolved = self._local_target(url, line, "the image")
        if not resolved:
            return escape_url(url)
        source, package_path = resolved
        self.page.media[package_path] = source
        return escape(quote(package_path, safe="/"))

    def link_attrs(self, url: str, line: int) -> tuple[str, bool]:
        if url.startswith("#") or not url:
            return f'href="{escape_url(url)}"', False
        if _scheme(url) in UNSAFE_SCHEMES:
            self.problem(line, f"the link '{url[:60]}' would run code or open a file on the learner's "
                         "computer.", "Link a web page (https://...) or a file of the course folder.")
            return 'href="#"', False
        if _is_external(url):
            return super().link_attrs(url, line)
        resolved = self._local_target(url, line, "the link")
        if not resolved:
            return f'href="{escape_url(url)}"', False
        source, package_path = resolved
        if source in self.page_ids_by_file:
            target_id = self.page_ids_by_file[source]
            return f'href="#{escape(target_id)}" data-sg-goto="{escape(target_id)}"', False
        if source.suffix.lower() == ".md":
            self.problem(line, f"the link '{url}' points to a Markdown file that is not a page of the "
                         "course.", "Add the page to 'pages' in course.yml or link another page.")
            return f'href="{escape_url(url)}"', False
        self.page.media[package_path] = source
        return f'href="{escape(quote(package_path, safe="/"))}" target="_blank" rel="noopener"', True

    def write_page(self) -> ParsedPage:
        self.page.html = self.write()
        if not self.has_title:
            self.problems.insert(0, Problem(self.path, 1, "the page does not start with a title.",
                                            "Make the first line '# Title of the page'."))
        return self.page


def _heading_text(source: str) -> str:
    """The text of a heading as written (an ATX or a Setext heading), without its marks."""
    lines = source.strip().split("\n")
    if len(lines) > 1 and set(lines[-1].strip()) <= {"=", "-"}:  # Setext: text, then ===
        return " ".join(line.strip() for line in lines[:-1])
    line = re.sub(r"^ {0,3}#+", "", lines[0])
    line = re.sub(r"(^|[ \t]+)#+[ \t]*$", "", line)
    return line.strip()


def parse_page(source: str, path: Path, course_dir: Path, page_id: str, page_ids_by_file: dict[Path, str],
               problems: list[Problem], gettext=None) -> ParsedPage:
    """Parse, check and render one page; report every problem found into ``problems``."""
    page_problems: list[Problem] = []
    page = _PageWriter(source, path, course_dir, page_id, page_ids_by_file, page_problems, gettext).write_page()
    problems.extend(page_problems)
    return page

"""Markdown pages: parsed and checked first, rendered to HTML later.

A page is CommonMark with tables. Raw HTML is not interpreted (it is shown as text),
so a page can never break the course shell. Two fenced blocks have a meaning of their
own:

- ```` ```reflection ```` holds YAML with ``id``, ``prompt`` and ``expert`` (Markdown):
  a "pause and reflect" block;
- ```` ```credits ```` (empty) shows the course's authors and credits from course.yml.

``parse_page`` reads a page, checks it and resolves every local image and link (media
are copied into the package; a link to another page's Markdown file becomes a link to
that page). ``render_page`` turns the checked tokens into HTML, using the Jinja2
templates for the special blocks.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

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


def new_markdown() -> MarkdownIt:
    """The Markdown dialect of course pages, with the renderers of the special blocks."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # With html off these rules only ever decline; leaving them out parses ~20% faster.
    md.disable(["html_block", "html_inline"])
    default_fence = md.renderer.rules["fence"]

    def render_fence(self, tokens, idx, options, env):
        token = tokens[idx]
        block = token.meta.get("block") if token.meta else None
        if block == "reflection":
            return env["render_block"]("reflection", {"reflection": token.meta["reflection"]})
        if block == "credits":
            return env["render_block"]("credits", {})
        return default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", render_fence)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    md.add_render_rule("link_close", _render_link_close)
    return md


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
    see ``BLOCK_RE``), its reflections and media. Tokens are not kept: a course of a
    thousand pages must fit in little memory."""

    title: str
    html: str = ""
    blocks: list[tuple[str, Reflection | None]] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    media: dict[str, Path] = field(default_factory=dict)  # package path -> source file


# Where a special block goes in a page's HTML. Markdown cannot produce it (raw HTML is
# escaped), so it cannot be forged by a page.
BLOCK_RE = re.compile(r"<!--sg-block:(\d+)-->")


def parse_page(md: MarkdownIt, source: str, path: Path, course_dir: Path, page_id: str,
               page_ids_by_file: dict[Path, str], problems: list[Problem], gettext=None) -> ParsedPage:
    """Parse, check and render one page; report every problem found into ``problems``."""
    tokens = md.parse(source, {})
    page = ParsedPage(title="")

    title_at = _title_index(tokens)
    if title_at is None:
        problems.append(Problem(path, 1, "the page does not start with a title.",
                                "Make the first line '# Title of the page'."))
    else:
        page.title = tokens[title_at + 1].content.strip()
        del tokens[title_at:title_at + 3]
        if not page.title:
            problems.append(Problem(path, 1, "the page title is empty.", "Write the title after '# '."))

    for token in tokens:
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open" and token.tag == "h1":
            problems.append(Problem(path, line, "a page has one '# ' title only.",
                                    "Use '## ' for the sections of the page."))
        elif token.type == "fence":
            _check_fence(md, token, path, line, page_id, page, problems)
        elif token.type == "inline" and token.children:
            child_line = line
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    child_line += 1
                elif child.type == "image":
                    _resolve_image(child, path, child_line, course_dir, page, problems)
                elif child.type == "link_open":
                    _resolve_link(child, path, child_line, course_dir, page, page_ids_by_file, problems)

    def placeholder(name: str, context: dict) -> str:
        page.blocks.append((name, context.get("reflection")))
        return f"<!--sg-block:{len(page.blocks) - 1}-->"
    page.html = render_page(md, tokens, placeholder, gettext)
    return page


def _title_index(tokens: list[Token]) -> int | None:
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and token.map and token.map[0] == 0:
            return index
        if token.type not in ("heading_open",):
            return None
    return None


def _check_fence(md: MarkdownIt, token: Token, path: Path, line: int, page_id: str,
                 page: ParsedPage, problems: list[Problem]) -> None:
    kind = token.info.strip().split(" ")[0] if token.info.strip() else ""
    if kind == "credits":
        token.meta["block"] = "credits"
        return
    if kind != "reflection":
        close = did_you_mean(kind, SPECIAL_BLOCKS) if kind else ""
        if close:
            problems.append(Problem(path, line, f"unknown block type '{kind}'.", close.strip()))
        return
    data, yaml_problems = parse_yaml(token.content, path, first_line=line + 1)
    problems.extend(yaml_problems)
    if yaml_problems:
        return
    record = read_record(data, REFLECTION_FIELDS, path, problems, "the reflection", line=line)
    if record is None:
        return
    if not record["id"] or not record["prompt"] or not record["expert"]:
        return
    reflection = Reflection(id=record["id"], prompt=record["prompt"], expert=record["expert"],
                            page_id=page_id, file=path, line=line)
    reflection.prompt_html = md.render(reflection.prompt)
    reflection.expert_html = md.render(reflection.expert)
    token.meta["block"] = "reflection"
    token.meta["reflection"] = reflection
    page.reflections.append(reflection)


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def _local_target(url: str, path: Path, line: int, course_dir: Path,
                  problems: list[Problem], what: str) -> tuple[Path, str] | None:
    """Resolve a relative URL of a page to (source file, package path), or report why not."""
    target = unquote(urlsplit(url).path)
    if not target:
        return None
    try:
        source = resolve_inside(course_dir, path.parent, target)
    except PathProblem as exc:
        problems.append(Problem(path, line, f"{what} '{url}' {exc.message}", exc.hint))
        return None
    package_path = PurePosixPath(source.relative_to(course_dir.resolve()).as_posix())
    return source, str(package_path)


def _resolve_image(token: Token, path: Path, line: int, course_dir: Path, page: ParsedPage,
                   problems: list[Problem]) -> None:
    src = str(token.attrs.get("src", ""))
    if not token.children and not token.content.strip():
        problems.append(Problem(path, line, f"the image '{src}' has no text alternative.",
                                "Describe the image between the brackets: ![what it shows](...)."))
    if _is_external(src):
        if not src.startswith(("https:", "data:")):
            problems.append(Problem(path, line, f"the image '{src}' is loaded from another site.",
                                    "Copy the image into the course folder (e.g. media/) and "
                                    "link it by relative path, so the package works offline."))
        return
    resolved = _local_target(src, path, line, course_dir, problems, "the image")
    if resolved:
        source, package_path = resolved
        page.media[package_path] = source
        token.attrs["src"] = package_path


def _resolve_link(token: Token, path: Path, line: int, course_dir: Path, page: ParsedPage,
                  page_ids_by_file: dict[Path, str], problems: list[Problem]) -> None:
    href = str(token.attrs.get("href", ""))
    if href.startswith("#") or not href:
        return
    if _is_external(href):
        token.attrs["target"] = "_blank"
        token.attrs["rel"] = "noopener noreferrer"
        token.meta["external"] = True
        return
    resolved = _local_target(href, path, line, course_dir, problems, "the link")
    if not resolved:
        return
    source, package_path = resolved
    if source in page_ids_by_file:
        target_id = page_ids_by_file[source]
        token.attrs["href"] = "#" + target_id
        token.attrs["data-sg-goto"] = target_id
        return
    if source.suffix.lower() == ".md":
        problems.append(Problem(path, line, f"the link '{href}' points to a Markdown file that is "
                                "not a page of the course.", "Add the page to 'pages' in course.yml "
                                "or link another page."))
        return
    page.media[package_path] = source
    token.attrs["href"] = package_path
    token.attrs["target"] = "_blank"
    token.attrs["rel"] = "noopener"


# --- rendering ---------------------------------------------------------------------

BlockRenderer = Callable[[str, dict], str]


def render_page(md: MarkdownIt, tokens: list[Token], render_block: BlockRenderer, gettext=None) -> str:
    """HTML of a checked page; special blocks go through ``render_block(name, context)``;
    ``gettext`` translates the few words the renderer adds."""
    return md.renderer.render(tokens, md.options, {"render_block": render_block,
                                                    "gettext": gettext or (lambda text: text)})


def _render_table_open(self, tokens, idx, options, env):
    # A wide table scrolls inside its own box (reachable by keyboard), never the page.
    label = html_lib.escape(env.get("gettext", str)("Table"))
    return (f'<div class="sg-table-scroll" role="region" tabindex="0" aria-label="{label}">\n'
            + self.renderToken(tokens, idx, options, env))


def _render_table_close(self, tokens, idx, options, env):
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _render_link_close(self, tokens, idx, options, env):
    # An external link says it opens a new tab (for screen-reader users).
    opening = None
    depth = 0
    for back in range(idx - 1, -1, -1):
        if tokens[back].type == "link_close":
            depth += 1
        elif tokens[back].type == "link_open":
            if depth == 0:
                opening = tokens[back]
                break
            depth -= 1
    suffix = ""
    if opening is not None and opening.meta and opening.meta.get("external"):
        suffix = f'<span class="sg-visually-hidden"> {html_lib.escape(env.get("gettext", str)("(opens in a new tab)"))}</span>'
    return suffix + "</a>"

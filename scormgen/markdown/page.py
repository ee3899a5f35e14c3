"""A page of the course: Markdown checked, its media and links resolved, its blocks placed.

``PagePolicy`` is what a page's links, images, fenced blocks and headings become (see
``scormgen.markdown.html.Policy``):

- the first line's ``# Title`` is the page title, shown by the course shell; a second
  one is a problem;
- a local image or file is resolved inside the course folder and copied into the
  package; a link to another page's Markdown file becomes a link to that page;
- a video or an audio (``![text](../media/clip.mp4)``) becomes a player, shown after
  its paragraph; a YouTube or Vimeo link alone on its line, an embed; players, images
  and embeds are left as markers that ``scormgen.media.stage`` writes (they depend on
  files beside them and on course.yml, which the page cache does not see);
- three fenced blocks have a meaning of their own: ```` ```reflection ```` (YAML with
  ``id``, ``prompt``, ``expert``), ```` ```question ```` (a knowledge check, see
  ``scormgen.markdown.question``) and ```` ```credits ```` (the course's people). Each
  becomes a placeholder (``BLOCK_RE``) that the templates fill in later.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from ..course.model import ParsedPage, Reflection
from ..course.questions import Question
from ..course.schema import Reader
from ..errors import Problem, did_you_mean
from ..media.embeds import video_site
from ..media.kinds import PLAYABLE, UNSUPPORTED, media_kind, suffix_of
from ..media.markers import marker
from ..paths import PathProblem, resolve_inside
from ..yamlsource import parse_yaml
from .html import Gettext, HtmlWriter, render_markdown
from .policy import Policy, img_tag
from .question import read_question
from .urls import escape, escape_url, is_external, is_unsafe, url_error

SPECIAL_BLOCKS = ("reflection", "question", "credits")

# Where a special block goes in a page's HTML. Markdown cannot produce it (raw HTML is
# escaped), so it cannot be forged by a page.
BLOCK_RE = re.compile(r"<!--sg-block:(\d+)-->")



class PagePolicy(Policy):
    def __init__(self, path: Path, course_dir: Path, page_id: str, page_files: dict[Path, str],
                 problems: list[Problem], gettext: Gettext):
        super().__init__()
        self.path = path
        self.course_dir = course_dir
        self.page_id = page_id
        self.page_files = page_files
        self.problems = problems
        self.gettext = gettext
        self.page = ParsedPage(title="")
        self.has_title = False

    def problem(self, line: int | None, code: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, code, message, hint))

    # -- the title -------------------------------------------------------------------------
    def heading(self, level: int, source: str, line: int) -> bool:
        if level != 1:
            return True
        if line == 1:  # the first line: the page title, shown by the course shell
            self.has_title = True
            self.page.title = heading_text(source)
            if not self.page.title:
                self.problem(1, "SG141", "the page title is empty.", "Write the title after '# '.")
            return False
        self.problem(line, "SG142", "a page has one '# ' title only.", "Use '## ' for the sections of the page.")
        return True

    # -- special blocks --------------------------------------------------------------------
    def code_block(self, info: str, content: str, line: int) -> str | None:
        kind = info.split()[0] if info.strip() else ""
        if kind == "credits":
            return self._placeholder("credits", None)
        if kind == "reflection":
            return self._reflection(content, line)
        if kind == "question":
            question = read_question(content, line, self.path, self.page_id, self.gettext, self.problems)
            if question is None:
                return ""
            self.page.questions.append(question)
            return self._placeholder("question", question)
        close = did_you_mean(kind, SPECIAL_BLOCKS) if kind else ""
        if close:
            self.problem(line, "SG143", f"unknown block type '{kind}'.", close.strip())
        return None

    def unclosed_fence(self, fence: str, line: int) -> None:
        self.problem(line, "SG149", f"the block opened by '{fence}' on line {line} is never closed, so the "
                     "rest of the page shows as code.",
                     f"Close it with a line '{fence_run(fence)}' where the block ends.")

    def _reflection(self, content: str, line: int) -> str:
        data, yaml_problems = parse_yaml(content, self.path, first_line=line + 1)
        self.problems.extend(yaml_problems)
        if yaml_problems:
            return ""
        values = Reader(self.path, self.problems).values(Reflection, data, "the reflection", line=line)
        if values is None or not values.complete:
            return ""

        def unsafe(url: str) -> None:
            self.problem(line, "SG146", f"the link '{url[:60]}' in the reflection would run code or open a file "
                         "on the learner's computer.", "Link a web page (https://...) instead.")
        reflection = values.make(Reflection, page_id=self.page_id, file=self.path, line=line,
                                 prompt_html=render_markdown(values["prompt"], self.gettext, unsafe),
                                 expert_html=render_markdown(values["expert"], self.gettext, unsafe))
        self.page.reflections.append(reflection)
        return self._placeholder("reflection", reflection)

    def _placeholder(self, name: str, block: Reflection | Question | None) -> str:
        self.page.blocks.append((name, block))
        return f"<!--sg-block:{len(self.page.blocks) - 1}-->"

    # -- images and links ----------------------------------------------------------------
    def spaced_target(self, target: str, image: bool, line: int) -> None:
        what = "image" if image else "link"
        self.problem(line, "SG148", f"the {what} '{target}' has a space in its path, so Markdown shows it "
                     "as text.", f"Write each space as %20 ({quote(target, safe='/%')}) or put the path in "
                     f"angle brackets (<{target}>).")

    def malformed(self, url: str, line: int, what: str) -> bool:
        """Report a URL that is no address at all ("https://[example.org/"); True if so."""
        error = url_error(url)
        if error is not None:
            self.problem(line, "SG164", f"{what} '{url[:80]}' is not a valid address ({error}).",
                         "Check the address: copy it again from the browser's address bar, or "
                         "percent-encode characters such as [ and ] (%5B, %5D).")
        return error is not None

    def _local_target(self, url: str, line: int, what: str) -> tuple[Path, str] | None:
        """Resolve a relative URL of a page to (source file, package path), or report why not."""
        if self.malformed(url, line, what):
            return None
        target = unquote(urlsplit(url).path)
        if not target:
            return None
        if "\\" in target:
            self.problem(line, "SG124", f"{what} '{url}' is written with backslashes (\\).",
                         f"Separate folders with '/', on Windows too: '{target.replace(chr(92), '/')}'.")
            return None
        try:
            source = resolve_inside(self.course_dir, self.path.parent, target)
        except PathProblem as exc:
            self.problem(line, exc.code, f"{what} '{url}' {exc.message}", exc.hint)
            return None
        package_path = PurePosixPath(source.relative_to(self.course_dir.resolve()).as_posix())
        return source, str(package_path)

    def image_element(self, url: str, alt: str, title: str, line: int) -> tuple[str, bool]:
        kind = media_kind(url)
        what = {"video": "the video", "audio": "the audio"}.get(kind or "", "the image")
        if kind == "unsupported":
            self.problem(line, "SG169", f"the file '{url[:80]}' is in {UNSUPPORTED[suffix_of(url)]} format, which "
                         "browsers do not all play.", f"Convert it to a format they all play: {PLAYABLE}.")
            return img_tag(escape_url(url), alt, title), False
        if not alt.strip():
            self.problem(line, "SG144", f"{what} '{url}' has no text alternative.",
                         f"Describe {what} between the brackets: ![what it shows](...).")
        if is_external(url):
            if self.malformed(url, line, what):
                return img_tag("#", alt, title), False
            if not url.startswith(("https:", "data:")) or kind:
                self.problem(line, "SG145", f"{what} '{url}' is loaded from another site.",
                             f"Copy {what} into the course folder (e.g. media/) and link it by relative path, "
                             "so the package works offline" + (" (a YouTube or Vimeo video: link it alone on its "
                                                               "line)." if kind else "."))
            return img_tag(escape_url(url), alt, title), False
        resolved = self._local_target(url, line, what)
        if not resolved:
            return img_tag(escape_url(url), alt, title), False
        source, package_path = resolved
        self.page.media[package_path] = source
        if kind:  # a player: a block, written by the media stage
            return marker(kind=kind, src=package_path, alt=alt, line=line), True
        return marker(kind="image", src=package_path, alt=alt, title=title, line=line), False

    def lone_link(self, url: str, text: str, html: str, line: int) -> str | None:
        """A YouTube or Vimeo link alone on its line: an embed (or, with 'embeds: false'
        in course.yml, the link), written by the media stage."""
        if video_site(url) is None:
            return None
        return marker(kind="embed", url=url, title=text.strip(), fallback=html, line=line)

    def link(self, url: str, line: int) -> tuple[str, bool]:
        if url.startswith("#") or not url:  # an anchor on the page
            return f'href="{escape_url(url)}"', False
        if is_unsafe(url):
            self.problem(line, "SG146", f"the link '{url[:60]}' would run code or open a file on the learner's "
                         "computer.", "Link a web page (https://...) or a file of the course folder.")
            return 'href="#"', False
        if is_external(url):
            return ('href="#"', False) if self.malformed(url, line, "the link") else super().link(url, line)
        resolved = self._local_target(url, line, "the link")
        if not resolved:  # reported: the link stays as written
            return f'href="{escape_url(url)}"', False
        source, package_path = resolved
        if source in self.page_files:
            target_id = self.page_files[source]
            return f'href="#{escape(target_id)}" data-sg-goto="{escape(target_id)}"', False
        if source.suffix.lower() == ".md":
            self.problem(line, "SG147", f"the link '{url}' points to a Markdown file that is not a page of the "
                         "course.", "Add the page to 'pages' in course.yml or link another page.")
            return f'href="{escape_url(url)}"', False
        self.page.media[package_path] = source
        return f'href="{escape(quote(package_path, safe="/"))}" target="_blank" rel="noopener"', True


def fence_run(fence: str) -> str:
    """The backticks or tildes that open a fenced block (without its info string)."""
    return fence[:len(fence) - len(fence.lstrip(fence[:1]))]


def heading_text(source: str) -> str:
    """The text of a heading as written (an ATX or a Setext heading), without its marks."""
    lines = source.strip().split("\n")
    if len(lines) > 1 and set(lines[-1].strip()) <= {"=", "-"}:  # Setext: text, then ===
        return " ".join(line.strip() for line in lines[:-1])
    line = re.sub(r"^ {0,3}#+", "", lines[0])
    line = re.sub(r"(^|[ \t]+)#+[ \t]*$", "", line)
    return line.strip()


def parse_page(source: str, path: Path, course_dir: Path, page_id: str, page_files: dict[Path, str],
               problems: list[Problem], gettext: Gettext | None = None) -> ParsedPage:
    """Parse, check and render one page; report every problem found into ``problems``."""
    page_problems: list[Problem] = []
    policy = PagePolicy(path, course_dir, page_id, page_files, page_problems, gettext or (lambda m: m))
    policy.page.html = HtmlWriter(source, policy, policy.gettext).write()
    if not policy.has_title:
        page_problems.insert(0, Problem(path, 1, "SG140", "the page does not start with a title.",
                                        "Make the first line '# Title of the page'."))
    problems.extend(page_problems)
    return policy.page

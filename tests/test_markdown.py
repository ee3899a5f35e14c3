"""The HTML a page's Markdown becomes: what each construct gives (table-tested), and,
for any input, balanced HTML in which nothing the page wrote became a tag."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scormgen.markdown import parse_page, render_markdown

NEW_TAB = '<span class="sg-visually-hidden"> (opens in a new tab)</span>'

CASES = [
    ("Some *em*, **strong** and `a < b`.",
     "<p>Some <em>em</em>, <strong>strong</strong> and <code>a &lt; b</code>.</p>\n"),
    ("a&amp;b &copy; \\*not em\\*", "<p>a&amp;b © *not em*</p>\n"),
    ("line one  \nline two\nline three", "<p>line one<br />\nline two\nline three</p>\n"),
    ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'),
    ("- a\n\n- b", "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n"),
    ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n"),
    ("    indented <x>", "<pre><code>indented &lt;x&gt;\n</code></pre>\n"),
    ("```python\nif a < b:\n    pass\n```",
     '<pre><code class="language-python">if a &lt; b:\n    pass\n</code></pre>\n'),
    ("---", "<hr />\n"),
    ("## Section", "<h2>Section</h2>\n"),
    ("Some <b>bold</b> text.", "<p>Some &lt;b&gt;bold&lt;/b&gt; text.</p>\n"),
    ("<div>\n*x*\n</div>", "<p>&lt;div&gt;\n*x*\n&lt;/div&gt;</p>\n"),
    ("[site](https://example.org/a b?c=1&d=2 \"The site\")",
     "<p>[site](https://example.org/a b?c=1&amp;d=2 &quot;The site&quot;)</p>\n"),
    ("[site](<https://example.org/a b?c=1&d=2> \"The site\")",
     '<p><a href="https://example.org/a%20b?c=1&amp;d=2" target="_blank" rel="noopener noreferrer" '
     f'title="The site">site{NEW_TAB}</a></p>\n'),
    ("<https://example.org> and <me@example.org>",
     '<p><a href="https://example.org" target="_blank" rel="noopener noreferrer">'
     f'https://example.org{NEW_TAB}</a> '
     'and <a href="mailto:me@example.org" target="_blank" rel="noopener noreferrer">'
     f'me@example.org{NEW_TAB}</a></p>\n'),
    ("[here](#part)", '<p><a href="#part">here</a></p>\n'),
    ("![A *red* \"square\"](https://example.org/s.png \"T\")",
     '<p><img src="https://example.org/s.png" alt="A red &quot;square&quot;" title="T" /></p>\n'),
    ("| left | centre | right | none |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |",
     '<div class="sg-table-scroll" role="region" tabindex="0" aria-label="Table">\n<table>\n<thead>\n<tr>\n'
     '<th style="text-align:left">left</th>\n<th style="text-align:center">centre</th>\n'
     '<th style="text-align:right">right</th>\n<th>none</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
     '<td style="text-align:left">1</td>\n<td style="text-align:center">2</td>\n'
     '<td style="text-align:right">3</td>\n<td>4</td>\n</tr>\n</tbody>\n</table>\n</div>\n'),
]


@pytest.mark.parametrize("source, html", CASES, ids=[c[0][:30] for c in CASES])
def test_each_construct_gives_this_html(source, html):
    assert render_markdown(source) == html


def test_the_words_added_for_learners_are_translated():
    french = {"Table": "Tableau", "(opens in a new tab)": "(s'ouvre dans un nouvel onglet)"}.get
    html = render_markdown("[a](https://example.org)\n\n| a |\n|---|\n| 1 |\n", lambda m: french(m) or m)
    assert 'aria-label="Tableau"' in html and "(s'ouvre dans un nouvel onglet)" in html


@pytest.mark.parametrize("first_lines, title", [
    ("# The title", "The title"),
    ("#   The title ##  ", "The title"),
    ("# Title with *emphasis* & `code`", "Title with *emphasis* & `code`"),
    ("The title\n=========", "The title"),
    ("# C# and F#", "C# and F#"),
])
def test_the_page_title_is_the_first_line_as_written(tmp_path, first_lines, title):
    problems = []
    page = parse_page(first_lines + "\n\nText.\n", tmp_path / "p.md", tmp_path, "p", {}, problems)
    assert problems == []
    assert page.title == title
    assert page.html == "<p>Text.</p>\n"


class Balance(HTMLParser):
    VOID = {"br", "hr", "img"}
    OURS = {"p", "em", "strong", "code", "pre", "a", "img", "br", "hr", "ul", "ol", "li", "blockquote",
            "h1", "h2", "h3", "h4", "h5", "h6", "div", "table", "thead", "tbody", "tr", "th", "td", "span"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.OURS:
            self.errors.append(f"unexpected <{tag}>")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):  # <br />: no end tag to wait for
        if tag not in self.VOID:
            self.errors.append(f"<{tag} /> is not a void element")

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")


PIECES = st.sampled_from(["*", "**", "_", "`", "```", "\n", "\n\n", "# ", "## ", "> ", "- ", "1. ", "    ",
                          "[", "](", ")", "![", "<", ">", "<b>", "</div>", "<script>", "&", "&amp;", "|",
                          "|---|", "\\", "https://x.org", "mailto:a@b.c", "javascript:x", "\"", "'", "~~~",
                          "word ", "\u00e9", "  \n", "===", "---"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_any_markdown_gives_balanced_html_where_the_page_made_no_tag(source):
    checker = Balance()
    checker.feed(render_markdown(source))
    checker.close()
    assert checker.errors == [] and checker.stack == [], (source, render_markdown(source))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_any_page_is_checked_without_a_crash(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("page")
    problems = []
    page = parse_page("# Title\n\n" + source, folder / "p.md", folder, "p", {}, problems)
    checker = Balance()
    checker.feed(page.html)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert all(problem.file == folder / "p.md" and (problem.line or 1) >= 1 for problem in problems)


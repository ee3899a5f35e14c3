"""Markdown: pages (``page``: checks, media, links, special blocks) written as HTML in one
pass over the parser's events (``html``)."""
from __future__ import annotations

from .html import HtmlWriter, Policy, escape, render_markdown
from .page import BLOCK_RE, PagePolicy, parse_page

__all__ = ["BLOCK_RE", "HtmlWriter", "PagePolicy", "Policy", "escape", "parse_page", "render_markdown"]

"""Markdown: pages (``page``: checks, media, links, special blocks) written as HTML in one
pass over the parser's events (``html``)."""
from __future__ import annotations

from .html import HtmlWriter, render_markdown
from .page import BLOCK_RE, PagePolicy, parse_page
from .policy import Policy
from .urls import escape

__all__ = ["BLOCK_RE", "HtmlWriter", "PagePolicy", "Policy", "escape", "parse_page", "render_markdown"]

"""Where a player, an image or an embed goes in a page's HTML, until the media stage
writes it (see the package's docstring).

A marker is an HTML comment holding JSON. Markdown cannot produce one (raw HTML is
escaped), so a page cannot forge it; '<' and '>' are escaped in the JSON, so the
comment ends where the marker does.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

MARKER = "<!--sg-media "
MARKER_RE = re.compile(r"<!--sg-media (\{[^>]*\})-->")


def marker(**data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return MARKER + text.replace("<", "\\u003c").replace(">", "\\u003e") + "-->"


def replace_markers(html: str, write: Callable[[dict[str, Any]], str]) -> str:
    """``html`` with each marker replaced by ``write(its data)``."""
    if MARKER not in html:
        return html
    return MARKER_RE.sub(lambda match: write(json.loads(match.group(1))), html)

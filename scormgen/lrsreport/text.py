"""Learner text made safe to show: in a terminal, and in a spreadsheet.

Statements are written by browsers and LRSs that scormgen does not control, so their
text may hold escape sequences (which a terminal obeys) or start like a formula (which
a spreadsheet runs). Files keep the text exact but for the spreadsheet guard; the
terminal gets visible escapes instead of control characters.
"""
from __future__ import annotations

import re

from ..terminal import printable

# What JSON (with ensure_ascii=False) leaves raw: DEL and the C1 range; C0 it escapes itself.
_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f]")
# A cell starting with one of these is a formula in Excel, LibreOffice or Google Sheets (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def visible(text: str) -> str:
    """``text`` as a terminal shows it, never obeys it: newline and tab kept as layout,
    every other unsafe character escaped (``scormgen.terminal``)."""
    return printable(text, keep="\n\t")


def json_for_terminal(text: str) -> str:
    """JSON text with DEL and C1 characters as ``\\u00NN`` escapes: the same JSON value, safe on a terminal."""
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading ``'`` when it would start a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell

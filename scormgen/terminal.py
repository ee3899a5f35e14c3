"""Text from outside (a package's names and values, an LRS's statements) made safe to
print on a terminal: every character a terminal would act on rather than show is
written as a visible escape.

The unsafe characters are the C0 and C1 controls and DEL (ESC starts the sequences that
recolour, move the cursor or retitle the window), and the bidirectional marks and
overrides that make text read in another order than it is written.
"""
from __future__ import annotations

from functools import lru_cache

UNSAFE = (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F),
          *range(0x2066, 0x206A))


@lru_cache(maxsize=4)
def _escapes(keep: str) -> dict[int, str]:
    kept = {ord(c) for c in keep}
    return {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in UNSAFE if code not in kept}


def printable(text: str, keep: str = "") -> str:
    """``text`` with each unsafe character shown as ``\\x1b`` or ``\\u202e``, never obeyed;
    the characters of ``keep`` (e.g. a line break and a tab, as layout) are left as they are."""
    return text.translate(_escapes(keep))

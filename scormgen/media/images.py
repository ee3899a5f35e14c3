"""An image's width and height (so that the page does not jump while it loads), and how
wide the reading column shows it (to spot an image far larger than it is shown)."""
from __future__ import annotations

import re
from pathlib import Path

from ..paths import open_inside

# A length in CSS pixels: "480", "480px", "480.5" (not "100%", "20em").
SVG_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:px)?\s*$")
SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
READING_WIDTH = re.compile(r"--sg-reading-width:\s*(\d+(?:\.\d+)?)(rem|em|px)\b")
ROOT_FONT_PX = 16     # what 1rem is in every browser unless the learner changes it
DEFAULT_READING_PX = 704


def image_size(source: Path, course_dir: Path) -> tuple[int, int] | None:
    """(width, height) in pixels, or None when the file does not say (or is no image
    imagesize reads). Only the file's first bytes are read."""
    import imagesize  # type: ignore[import-untyped]  # here: it brings http.client and email along
    try:
        with open_inside(course_dir, source) as handle:
            if source.suffix.lower() == ".svg":
                return _svg_size(handle.read(16_384))
            # a file object, never a path: given a string imagesize would also fetch http:// addresses
            width, height = imagesize.get(handle)
    except OSError:
        return None
    return (int(width), int(height)) if width > 0 and height > 0 else None


def _svg_size(head: bytes) -> tuple[int, int] | None:
    """The width and height of an SVG's root element, when both are lengths in pixels.
    Read here rather than by imagesize, which takes the first width= of the file (a
    shape's when the root has none)."""
    root = SVG_ROOT.search(head)
    if root is None:
        return None
    tag = root.group(0).decode("utf-8", "replace")
    found = {}
    for name in ("width", "height"):
        match = re.search(rf"""\s{name}\s*=\s*(["'])(.*?)\1""", tag)
        length = SVG_LENGTH.match(match.group(2)) if match else None
        if length is None:
            return None
        found[name] = round(float(length.group(1)))
    return (found["width"], found["height"]) if found["width"] > 0 and found["height"] > 0 else None


def reading_width_px(stylesheet: str) -> int:
    """The reading column's widest, in CSS pixels, as the stylesheet sets it
    (``--sg-reading-width``); the stylesheet is the one place it is written."""
    match = READING_WIDTH.search(stylesheet)
    if match is None:
        return DEFAULT_READING_PX
    value = float(match.group(1))
    return round(value if match.group(2) == "px" else value * ROOT_FONT_PX)

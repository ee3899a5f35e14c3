"""``scormgen guide``: the references a designer needs, shipped with the tool itself
(a designer who ran ``pip install scormgen`` has no checkout of the repository)."""
from __future__ import annotations

from pathlib import Path

from .errors import ScormgenError

# name -> (file, what it is)
GUIDES = {
    "course": ("course-source.md", "course.yml field by field, pages, media, blocks (reflections, knowledge "
               "checks, credits), templates"),
    "errors": ("errors.md", "every problem code, with an example and its fix"),
}


def guide_text(name: str) -> str:
    """The text of a guide: inside the package when installed, in docs/ of a checkout."""
    file_name = GUIDES[name][0]
    here = Path(__file__).resolve().parent
    for candidate in (here / "docs" / file_name, here.parent / "docs" / file_name):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise ScormgenError(f"the guide '{name}' is missing from this installation. "
                        "Reinstall scormgen: pip install --force-reinstall scormgen.")

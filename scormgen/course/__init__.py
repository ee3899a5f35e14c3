"""A course source, read and checked: the model (``model``, ``questions``), its schema
(``schema``, ``values``), loading (``load``, ``pages``, ``pagecache``) and the colour rules
(``colors``).

Loading is imported when first asked for: the model is the lowest layer (the Markdown
pages use it), loading the highest (it uses the Markdown pages).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .colors import contrast
from .model import Completion, Course, Objective, Page, ParsedPage, Person, Reflection, Theme
from .questions import Option, Question

if TYPE_CHECKING:  # for the type checker; at run time, __getattr__ below imports loading
    from .load import COURSE_FILE, CourseLoading, load_course

_LOADING = ("COURSE_FILE", "CourseLoading", "load_course")


def __getattr__(name: str) -> Any:
    if name in _LOADING:
        from . import load
        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COURSE_FILE", "Completion", "Course", "CourseLoading", "Objective", "Option", "Page", "ParsedPage",
           "Person", "Question", "Reflection", "Theme", "contrast", "load_course"]

"""Where templates come from: a course's own ``templates/`` folder first, then scormgen's.

A course folder is not trusted (a faculty builds many designers' folders on one
machine), so a course's templates are rendered in Jinja2's sandbox (the renderer's job)
and found here only as regular files inside the course's ``templates/`` folder: a
template that is a symbolic link, or reached through one, is refused (``Refused``),
never followed out of the course. The check is made when the template is read.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from .paths import OutsideCourse, open_inside


class Refused(jinja2.TemplateNotFound):
    """A template of the course that is a symbolic link or lies outside its folder."""


class CourseTemplateLoader(jinja2.BaseLoader):
    def __init__(self, course_dir: Path, folder_name: str, builtin: Path):
        self.course_dir = Path(course_dir)
        self.folder = self.course_dir / folder_name
        self.builtin = jinja2.FileSystemLoader(str(builtin))

    def _course_file(self, template: str) -> Path | None:
        """The course's own file for ``template``, if it has one; Refused if it is a link."""
        if not os.path.lexists(self.folder):
            return None
        parts = split_template_path(template)
        path = self.folder.joinpath(*parts)
        if not os.path.lexists(path):
            return None
        root = self.course_dir.resolve()
        # every step from the course's templates folder to the file is a real folder or file
        steps = [self.folder] + [self.folder.joinpath(*parts[:i + 1]) for i in range(len(parts))]
        if any(step.is_symlink() for step in steps):
            raise Refused(template, f"templates/{template} is a symbolic link")
        if not path.resolve().is_relative_to(root):
            raise Refused(template, f"templates/{template} is outside the course folder")
        return path

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        path = self._course_file(template)
        if path is None:
            return self.builtin.get_source(environment, template)
        try:
            with open_inside(self.course_dir, path) as handle:
                source = handle.read().decode("utf-8")
        except OutsideCourse:
            raise Refused(template, f"templates/{template} is outside the course folder") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise jinja2.TemplateNotFound(template, f"templates/{template} cannot be read ({exc})") from None
        return source, str(path), lambda: False

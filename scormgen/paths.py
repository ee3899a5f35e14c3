"""Paths a course source may name: inside the course folder, and servable by every LMS."""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO


class PathProblem(Exception):
    """A path a course names cannot be used: ``code`` (see scormgen.errors), what and how to fix it."""

    def __init__(self, code: str, message: str, hint: str):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


# Moodle's recommended web-server configuration answers 403 for any served path that
# matches one of these (case as written); a package file named so never reaches the
# learner in such a Moodle (Moodle's recommended nginx/Apache rules).
MOODLE_BLOCKED_PATTERNS = [
    re.compile(p) for p in (
        r"/vendor/", r"/node_modules/", r"/readme", r"/README", r"readme\.txt",
        r"composer\.json", r"/fixtures/", r"/behat/", r"\.lock", r"environment\.xml",
        r"/upgrade\.txt", r"/UPGRADING\.md", r"db/install\.xml", r"phpunit\.xml",
    )
]


def blocked_by_moodle(package_path: str) -> str | None:
    """The pattern that makes Moodle refuse to serve ``package_path``, if any."""
    probe = "/" + package_path
    for pattern in MOODLE_BLOCKED_PATTERNS:
        if pattern.search(probe):
            return pattern.pattern.replace("\\", "")
    return None


class Folders:
    """Real paths of many files of one course, each folder asked of the system once.

    A course of 1,000 pages names 1,000 files in one or two folders: resolving every path
    whole asks the system about every folder above each file again (5,000 look-ups for
    the pages alone). This resolves each folder once, then only the file's own last
    step (a symbolic link there is followed). It gives what ``Path.resolve`` gives. Keep
    one for one pass over a course and drop it: what it saw is never trusted later (a
    file is checked again when it is opened, see ``open_inside``)."""

    def __init__(self) -> None:
        self.real: dict[str, str] = {}        # folder -> its real path
        self.seen: dict[Path, Path] = {}      # path -> its real path (the course folder, asked often)

    def resolve(self, path: Path) -> Path:
        known = self.seen.get(path)
        if known is not None:
            return known
        folder, name = os.path.split(path)
        if name in ("", ".", ".."):
            real_path = path.resolve()
        else:
            real = self.real.get(folder)
            if real is None:
                real = self.real[folder] = os.path.realpath(folder)
            full = os.path.join(real, name)
            real_path = Path(os.path.realpath(full) if os.path.islink(full) else full)
        self.seen[path] = real_path
        return real_path


def resolve_inside(course_dir: Path, base: Path, relative: str, folders: Folders | None = None) -> Path:
    """The file ``relative`` (to ``base``) names, which must lie inside ``course_dir``
    (``folders``: resolve many paths of one pass at a lower cost)."""
    if PureWindowsPath(relative).drive or PurePosixPath(relative).is_absolute() or relative.startswith("\\"):
        raise PathProblem("SG120", "is an absolute path.",
                          "Use a path relative to the page, inside the course folder (e.g. ../media/x.png).")
    resolve = folders.resolve if folders is not None else Path.resolve
    root = resolve(course_dir)
    target = resolve(base / relative)
    try:
        rel = target.relative_to(root)
    except ValueError:
        raise PathProblem("SG121", "points outside the course folder.",
                          "Copy the file into the course folder (e.g. media/) and link it there.") from None
    if not target.is_file():
        raise PathProblem("SG122", "does not exist." if not target.exists() else "is not a file.",
                          "Check the file name and its folder (names are case-sensitive).")
    blocked = blocked_by_moodle(rel.as_posix())
    if blocked:
        raise PathProblem("SG123", f"would be refused by Moodle's web server (its path matches '{blocked}').",
                          "Rename the file or its folder.")
    return target


class OutsideCourse(OSError):
    """A file that was inside the course folder when it was checked is not when it is opened."""


def open_inside(course_dir: Path, path: Path) -> BinaryIO:
    """Open ``path`` for reading, checking at that moment (not when it was once seen) that
    the file opened lies inside ``course_dir``: the path is resolved again, the last step
    is never a symbolic link, and on Linux the file really opened is asked of the kernel,
    so a folder swapped for a link between the check and the open is caught too."""
    root = Path(course_dir).resolve()
    target = Path(path).resolve()
    if not target.is_relative_to(root):
        raise OutsideCourse(errno.EACCES, "the file is now outside the course folder", str(path))
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        opened = Path(os.readlink(f"/proc/self/fd/{fd}")) if os.path.isdir("/proc/self/fd") else target
        if not opened.is_relative_to(root) or not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OutsideCourse(errno.EACCES, "the file is now outside the course folder", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

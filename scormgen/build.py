"""The build: one function the CLI calls.

1. resolve the targets and load the whole course, collecting every problem; while the
   pages are parsed (in worker processes for a large course), the media they name
   already stream into each target's package, a hidden temporary file outside the
   output folder unless it exists, discarded at the first problem;
2. render the launch page and the other files, add them and the manifest (last, when
   the file list is complete);
3. only then create the output folder and rename each package into it.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .budget import Budget, suspend_budget
from .course import load_course
from .errors import OutputError, Problem
from .package import Entry, ZipWriter, staging_folder, zip_timestamp
from .render import LrsSettings, Renderer
from .setup_card import setup_card
from .targets import LAUNCH_PAGE, Target, resolve_targets


@dataclass(frozen=True)
class BuiltPackage:
    """A package written. Its sha256 is computed when asked for (reading a large
    package again costs time a build need not spend)."""

    target: Target
    path: Path
    size: int
    files: int
    budget: Budget | None

    @property
    def sha256(self) -> str:
        return _sha256_of(self.path)


def package_name(course_id: str, version: str, target: Target) -> str:
    return f"{course_id}-{version}-{target.name}.zip"


class BuildResult(list):
    """The packages built (a list), with the course, the build's warnings and its LMS
    setup card."""

    warnings: list[Problem]
    card: Path | None

    def __init__(self, packages=(), warnings=None, card=None, course=None):
        super().__init__(packages)
        self.warnings = warnings or []
        self.card = card
        self.course = course


# progress(stage, done, total): stage is "pages" while rendering, then "packages"
Progress = Callable[[str, int, int], None]

DESCRIPTION_LIMIT = 250  # SCORM 2004 interaction description


def course_warnings(course) -> list[Problem]:
    """What builds but deserves the designer's attention."""
    warnings = []
    for reflection in course.reflections:
        prompt = " ".join(reflection.prompt.split())
        if len(prompt) > DESCRIPTION_LIMIT:
            warnings.append(Problem(reflection.file, reflection.line,
                                    f"the prompt of '{reflection.id}' has {len(prompt)} characters; SCORM 2004 "
                                    f"LMSs keep the first {DESCRIPTION_LIMIT} as the interaction's description.",
                                    "Shorten it if the course team reads answers in the LMS."))
    return warnings


def build(course_dir: Path, out_dir: Path, target_names: list[str] | tuple[str, ...] | None = None,
          *, lrs_endpoint: str | None = None, embedded_lrs_auth: str | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the course in ``course_dir`` into one zip per target in ``out_dir``.

    ``lrs_endpoint`` (else the course's ``lrs.endpoint``) makes SCORM packages mirror
    their statements to an LRS; ``embedded_lrs_auth`` writes an Authorization value into
    the packages, which anyone holding a package can read (the CLI warns loudly).
    """
    targets = resolve_targets(target_names)
    date_time = zip_timestamp()
    out_dir = Path(out_dir)
    staging = staging_folder(out_dir)
    writers: dict[str, ZipWriter] = {}
    seen: set[str] = set()  # media already in the packages

    def on_page(parsed, ok_so_far: bool) -> None:
        # While later pages are still being parsed, this page's media already stream into
        # every target's package (hidden temporary files, discarded if anything fails).
        if not ok_so_far:
            discard()
            return
        if not writers:
            for target in targets:
                writers[target.name] = ZipWriter(staging, target.name, date_time)
        for name, source in sorted(parsed.media.items()):
            if name not in seen:
                seen.add(name)
                for writer in writers.values():
                    writer.add(Entry(name, source=source))

    def discard() -> None:
        for writer in writers.values():
            writer.discard()
        writers.clear()

    failed = True
    try:
        course = load_course(Path(course_dir), on_page=on_page)
        base = LrsSettings.from_course(course)
        lrs = LrsSettings(endpoint=lrs_endpoint or base.endpoint, home_page=base.home_page,
                          auth=embedded_lrs_auth or None)
        renderer = Renderer(course)
        pages = renderer.render_pages(progress=(lambda done: progress("pages", done, len(course.pages)))
                                      if progress else None)
        for target in targets:
            renderer.check_launch_page(target, lrs)
        # media the pages did not name (the theme's logo), then the text files
        late_media = [Entry(name, source=source) for name, source in course.media.items() if name not in seen]
        shared = renderer.shared_files()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the output folder {out_dir} ({exc.strerror}). "
                              "Choose another one with --out DIR.") from None
        built = BuildResult(warnings=course_warnings(course), course=course)
        for index, target in enumerate(targets):
            if progress:
                progress("packages", index, len(targets))
            writer = writers[target.name]
            launch = Entry(LAUNCH_PAGE, stream=renderer.launch_page_stream(target, pages, lrs))
            for entry in sorted([*late_media, launch, *shared], key=lambda e: e.name):
                writer.add(entry)
            files = sorted(writer.names)
            writer.add(Entry(target.manifest_name, data=target.manifest(course, [quote(n, safe="/") for n in files])))
            path = out_dir / package_name(course.id, course.version, target)
            size = writer.commit(path)
            del writers[target.name]
            built.append(BuiltPackage(target, path, size, len(files) + 1, suspend_budget(course, target)))
            budget = built[-1].budget
            if budget is not None and budget.room < 1000:
                built.warnings.append(Problem(Path(course_dir) / "course.yml", None,
                                              f"{target.name}: only {budget.room} characters of resume data "
                                              "are left for what learners write.",
                                              "Fewer reflections or shorter ids leave more room."))
        failed = False
    except OSError as exc:
        raise OutputError(f"cannot write the packages in {out_dir} ({exc.strerror}). Check the free space "
                          "and permissions of the output folder, or use --out DIR.") from None
    finally:
        if failed:
            discard()
    if progress:
        progress("packages", len(targets), len(targets))
    card = out_dir / f"{course.id}-{course.version}-lms-setup.txt"
    _write_text_atomically(card, setup_card(course, built))
    built.card = card
    return built


def _write_text_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path} ({exc.strerror}). Use --out DIR.") from None


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

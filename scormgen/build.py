"""The build: one function the CLI calls.

1. resolve the targets and load the course (``CourseLoading``), collecting every
   problem; as each page is ready (in worker processes for a large course), the media
   it names already stream into each target's package, a hidden temporary file outside
   the output folder unless it exists, discarded at the first problem;
2. render the pages' scripts (deflated once for every target), the launch page and the
   other files, add them and the manifest (last, when the file list is complete);
3. only then create the output folder and rename each package into it.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import quote

from .budget import Budget, suspend_budget
from .course import Course, CourseLoading
from .deflate import DeflatePool
from .errors import OutputError, Problem, SourceFileError
from .manifest.control import control_documents
from .package import Entry, ZipWriter, deflate_entries, staging_folder, zip_timestamp
from .paths import OutsideCourse, open_inside
from .render import LrsSettings, Renderer
from .setup_card import setup_card
from .standards import datamodel
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


class BuildResult(list[BuiltPackage]):
    """The packages built (a list), with the course, the build's warnings and its LMS
    setup card."""

    def __init__(self, course: Course, warnings: list[Problem] | None = None) -> None:
        super().__init__()
        self.course = course
        self.warnings: list[Problem] = warnings or []
        self.card: Path | None = None


# progress(stage, done, total): stage is "pages" while rendering, then "packages"
Progress = Callable[[str, int, int], None]


def course_warnings(course: Course) -> list[Problem]:
    """What builds but deserves the designer's attention (what loading found, and more)."""
    warnings = list(course.warnings)
    limit = datamodel.element_limit("scorm2004", "cmi.interactions.n.description")
    for reflection in course.reflections:
        prompt = " ".join(reflection.prompt.split())
        if len(prompt) > limit:
            warnings.append(Problem(reflection.file, reflection.line, "SG160",
                                    f"the prompt of '{reflection.id}' has {len(prompt)} characters; SCORM 2004 "
                                    f"LMSs keep the first {limit} as the interaction's description.",
                                    "Shorten it if the course team reads answers in the LMS."))
    return warnings


class Packages:
    """One temporary package per target, written while the course is read; discarded
    unless committed."""

    def __init__(self, targets: list[Target], course_dir: Path, out_dir: Path, pool: DeflatePool):
        self.targets = targets
        self.course_dir = course_dir
        self.out_dir = out_dir
        self.staging = staging_folder(out_dir)
        self.date_time = zip_timestamp()
        self.pool = pool
        self.writers: dict[str, ZipWriter] = {}
        self.media: set[str] = set()  # media already in the packages

    def add_media(self, media: dict[str, Path]) -> None:
        if not self.writers:
            for target in self.targets:
                try:
                    self.writers[target.name] = ZipWriter(self.staging, target.name, self.date_time, pool=self.pool)
                except OSError as exc:
                    raise output_error(self.out_dir, exc) from None
        for name, source in sorted(media.items()):
            if name in self.media:
                continue
            self.media.add(name)
            for writer in self.writers.values():
                add(writer, self.media_entry(name, source), self.out_dir)

    def media_entry(self, name: str, source: Path) -> Entry:
        """A media file, opened only if it is still inside the course folder then."""
        return Entry(name, source=source, opener=partial(open_inside, self.course_dir, source))

    def discard(self) -> None:
        for writer in self.writers.values():
            writer.discard()
        self.writers.clear()


def add(writer: ZipWriter, entry: Entry, folder: Path) -> None:
    """Add an entry to a package being written in ``folder``: a source file that cannot
    be read is the course's problem, any other failure to write the output folder's."""
    try:
        writer.add(entry)
    except OutsideCourse:
        raise SourceFileError(f"{entry.source} is now outside the course folder (a symbolic link?). Copy the "
                              "file into the course folder, then build again.") from None
    except OSError as exc:
        if entry.source is not None and exc.filename is not None and Path(exc.filename) == Path(entry.source):
            raise SourceFileError(f"cannot read {entry.source} ({exc.strerror}). Check that the file is there "
                                  "and that you may read it, then build again.") from None
        raise output_error(folder, exc) from None


def output_error(folder: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write the packages in {folder} ({exc.strerror}). Check the free space and "
                       "permissions of the output folder, or use --out DIR.")


def build(course_dir: Path, out_dir: Path, target_names: Sequence[str] | None = None,
          *, lrs_endpoint: str | None = None, embedded_lrs_auth: str | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the course in ``course_dir`` into one zip per target in ``out_dir``.

    ``lrs_endpoint`` (else the course's ``lrs.endpoint``) makes SCORM packages mirror
    their statements to an LRS; ``embedded_lrs_auth`` writes an Authorization value into
    the packages, which anyone holding a package can read (the CLI warns loudly).
    """
    targets = resolve_targets(target_names)
    out_dir = Path(out_dir)
    with DeflatePool() as pool:
        packages = Packages(targets, Path(course_dir), out_dir, pool)
        try:
            course = _read_course(Path(course_dir), packages)
            lrs = LrsSettings(endpoint=lrs_endpoint or course.lrs.endpoint, home_page=course.lrs.home_page,
                              auth=embedded_lrs_auth or None)
            built = _write_packages(course, targets, packages, out_dir, lrs, progress)
        finally:
            packages.discard()
    card = out_dir / f"{course.id}-{course.version}-lms-setup.txt"
    _write_text_atomically(card, setup_card(course, built, lrs.endpoint))
    built.card = card
    return built


def _read_course(course_dir: Path, packages: Packages) -> Course:
    """Load the course; while later pages are still being parsed, each page's media
    already stream into every target's package (discarded if anything fails)."""
    loading = CourseLoading(course_dir)
    for parsed in loading.pages():
        if not loading.ok:
            packages.discard()
        elif parsed is not None:
            packages.add_media(parsed.media)
    course = loading.finish()
    packages.add_media({})  # a course whose pages name no media still gets its packages
    return course


def _write_packages(course: Course, targets: list[Target], packages: Packages, out_dir: Path,
                    lrs: LrsSettings, progress: Progress | None) -> BuildResult:
    """Finish every target's package, then (only then) rename them into ``out_dir``."""
    renderer = Renderer(course)
    pages = renderer.render_pages(progress=(lambda done: progress("pages", done, len(course.pages)))
                                  if progress else None)
    for target in targets:
        renderer.check_launch_page(target, lrs)
    # media the pages did not name (the theme's logo), and the text files
    late_media = [packages.media_entry(name, source) for name, source in course.media.items()
                  if name not in packages.media]
    # every target carries the same page scripts: deflated once, on every core
    shared = renderer.shared_files() + list(deflate_entries(renderer.page_scripts(pages), packages.pool))
    files: dict[str, int] = {}
    for index, target in enumerate(targets):
        if progress:
            progress("packages", index, len(targets))
        writer = packages.writers[target.name]
        launch = Entry(LAUNCH_PAGE, stream=renderer.launch_page_stream(target, pages, lrs))
        controls = _control_documents(target)
        for entry in sorted([*late_media, launch, *shared, *controls], key=lambda e: e.name):
            add(writer, entry, out_dir)
        # the control documents serve the manifest; they are no file of the SCO
        names = sorted(set(writer.names) - {entry.name for entry in controls})
        add(writer, Entry(target.manifest_name, data=target.manifest(course, [quote(n, safe="/") for n in names])),
            out_dir)
        files[target.name] = len(writer.names)
    built = _commit(course, targets, packages, out_dir, files)
    if progress:
        progress("packages", len(targets), len(targets))
    return built


def _control_documents(target: Target) -> list[Entry]:
    """The official schemas a SCORM package carries at its root, as its manifest's
    xsi:schemaLocation names them (none for cmi5 and xAPI packages)."""
    packaging = target.standard.packaging
    if packaging is None:
        return []
    return [Entry(name, data=data) for name, data in control_documents(packaging.schema_set)]


def _commit(course: Course, targets: list[Target], packages: Packages, out_dir: Path,
            files: dict[str, int]) -> BuildResult:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir} ({exc.strerror}). "
                          "Choose another one with --out DIR.") from None
    built = BuildResult(course, course_warnings(course))
    for target in targets:
        path = out_dir / package_name(course.id, course.version, target)
        try:
            size = packages.writers[target.name].commit(path)
        except OSError as exc:
            raise output_error(out_dir, exc) from None
        del packages.writers[target.name]
        budget = suspend_budget(course, target)
        built.append(BuiltPackage(target, path, size, files[target.name], budget))
        if budget is not None and budget.room < 1000:
            built.warnings.append(Problem(course.dir / "course.yml", None, "SG161",
                                          f"{target.name}: only {budget.room} characters of resume data "
                                          "are left for what learners write.",
                                          "Fewer reflections or shorter ids leave more room."))
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


__all__ = ["BuildResult", "BuiltPackage", "build", "course_warnings", "package_name"]

"""The build: one function the CLI calls.

1. resolve the targets and load the whole course, collecting every problem;
2. render every page and every target's files (still nothing written);
3. only then create the output folder and write one zip per target, each atomically.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .budget import Budget, suspend_budget
from .course import load_course
from .errors import OutputError
from .package import Entry, write_zip, zip_timestamp
from .render import LrsSettings, Renderer
from .targets import LAUNCH_PAGE, Target, resolve_targets


@dataclass(frozen=True)
class BuiltPackage:
    target: Target
    path: Path
    size: int
    files: int
    sha256: str
    budget: Budget | None


def package_name(course_id: str, version: str, target: Target) -> str:
    return f"{course_id}-{version}-{target.name}.zip"


def build(course_dir: Path, out_dir: Path, target_names: list[str] | tuple[str, ...] | None = None,
          *, lrs_endpoint: str | None = None, embedded_lrs_auth: str | None = None) -> list[BuiltPackage]:
    """Build the course in ``course_dir`` into one zip per target in ``out_dir``.

    ``lrs_endpoint`` (else the course's ``lrs.endpoint``) makes SCORM packages mirror
    their statements to an LRS; ``embedded_lrs_auth`` writes an Authorization value into
    the packages, which anyone holding a package can read (the CLI warns loudly).
    """
    targets = resolve_targets(target_names)
    date_time = zip_timestamp()
    course = load_course(Path(course_dir))
    base = LrsSettings.from_course(course)
    lrs = LrsSettings(endpoint=lrs_endpoint or base.endpoint, home_page=base.home_page,
                      auth=embedded_lrs_auth or None)

    renderer = Renderer(course)
    pages = renderer.render_pages()
    shared = renderer.shared_files()
    media = [Entry(name, source=source) for name, source in course.media.items()]
    plans = []
    for target in targets:
        content = sorted([Entry(LAUNCH_PAGE, data=renderer.launch_page(target, pages, lrs)), *shared, *media],
                         key=lambda e: e.name)
        manifest = target.manifest(course, [quote(e.name, safe="/") for e in content])
        plans.append((target, [Entry(target.manifest_name, data=manifest), *content]))

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir} ({exc.strerror}). "
                          "Choose another one with --out DIR.") from None
    built = []
    for target, entries in plans:
        path = out_dir / package_name(course.id, course.version, target)
        try:
            size = write_zip(path, entries, date_time)
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({exc.strerror}). Check the free space "
                              "and permissions of the output folder, or use --out DIR.") from None
        built.append(BuiltPackage(target, path, size, len(entries), _sha256(path),
                                  suspend_budget(course, target)))
    return built


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

"""The build targets: what each one is, and how its manifest is written.

Target names are fixed by the package contract (``scorm12``, ``scorm2004-3rd``,
``scorm2004-4th``; ``cmi5`` and ``xapi`` come with the xAPI work).
"""
from __future__ import annotations

from dataclasses import dataclass
from .course import Course
from .errors import TargetError, did_you_mean
from .manifest.scorm import SCORM_12, SCORM_2004_3RD, SCORM_2004_4TH, ContentPackaging, write_manifest

LAUNCH_PAGE = "index.html"


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    standard: str          # the runtime adapter the package uses: "scorm12" or "scorm2004"
    manifest_name: str
    packaging: ContentPackaging
    # cmi.suspend_data: the standard's limit in characters, and the lower limit in UTF-8
    # bytes the runtime keeps to (0: none). The runtime's adapters hold the same
    # numbers; tests/test_budget.py keeps the two in step.
    suspend_limit: int
    suspend_bytes: int = 0

    def manifest(self, course: Course, files: list[str]) -> bytes:
        return write_manifest(course, self.packaging, LAUNCH_PAGE, files)


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("scorm12", "SCORM 1.2", "scorm12", "imsmanifest.xml", SCORM_12, suspend_limit=4096),
    Target("scorm2004-3rd", "SCORM 2004 3rd Edition", "scorm2004", "imsmanifest.xml", SCORM_2004_3RD,
           suspend_limit=4000),
    Target("scorm2004-4th", "SCORM 2004 4th Edition", "scorm2004", "imsmanifest.xml", SCORM_2004_4TH,
           suspend_limit=64000, suspend_bytes=24000),
)}

DEFAULT_TARGETS = tuple(TARGETS)


def resolve_targets(names: tuple[str, ...] | list[str] | None) -> list[Target]:
    """The targets named (in the order of TARGETS, each once); all of them when none is."""
    if not names:
        return [TARGETS[name] for name in DEFAULT_TARGETS]
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        name = unknown[0]
        raise TargetError(f"unknown target '{name}'.{did_you_mean(name, TARGETS)} "
                          f"Targets: {', '.join(TARGETS)}.")
    return [target for target in TARGETS.values() if target.name in names]


__all__ = ["Target", "TARGETS", "DEFAULT_TARGETS", "resolve_targets", "LAUNCH_PAGE"]

"""The build targets: what each one is, and how its manifest is written.

Target names are fixed by the package contract: ``scorm12``, ``scorm2004-3rd``,
``scorm2004-4th``, ``cmi5``, ``xapi``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from .course import Course
from .errors import TargetError, did_you_mean
from .manifest.scorm import SCORM_12, SCORM_2004_3RD, SCORM_2004_4TH, write_manifest
from .manifest.xapi import write_cmi5, write_tincan

LAUNCH_PAGE = "index.html"


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    standard: str          # what the runtime speaks: "scorm12", "scorm2004", "xapi" or "cmi5"
    manifest_name: str
    write: Callable[[Course, str, list[str]], bytes]  # (course, launch page, files) -> manifest
    # cmi.suspend_data: the standard's limit in characters, and the lower limit in UTF-8
    # bytes the runtime keeps to (0: none); None where the resume state stays in the
    # learner's browser (xAPI and cmi5). The runtime's adapters hold the same numbers;
    # tests/test_budget.py keeps the two in step.
    suspend_limit: int | None
    suspend_bytes: int = 0

    def manifest(self, course: Course, files: list[str]) -> bytes:
        return self.write(course, LAUNCH_PAGE, files)


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("scorm12", "SCORM 1.2", "scorm12", "imsmanifest.xml",
           partial(write_manifest, cp=SCORM_12), suspend_limit=4096),
    Target("scorm2004-3rd", "SCORM 2004 3rd Edition", "scorm2004", "imsmanifest.xml",
           partial(write_manifest, cp=SCORM_2004_3RD), suspend_limit=4000),
    Target("scorm2004-4th", "SCORM 2004 4th Edition", "scorm2004", "imsmanifest.xml",
           partial(write_manifest, cp=SCORM_2004_4TH), suspend_limit=64000, suspend_bytes=24000),
    Target("cmi5", "cmi5", "cmi5", "cmi5.xml", write_cmi5, suspend_limit=None),
    Target("xapi", "xAPI (Tin Can)", "xapi", "tincan.xml", write_tincan, suspend_limit=None),
)}

# The contract's default: every SCORM and xAPI target.
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

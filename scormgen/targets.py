"""The build targets: each standard scormgen builds, bound to its manifest writer.

Target names are fixed by the package contract: ``scorm12``, ``scorm2004-3rd``,
``scorm2004-4th``, ``cmi5``, ``xapi`` (``scormgen.standards.packaging`` defines them).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from .course import Course
from .errors import TargetError, did_you_mean
from .manifest.scorm import write_manifest
from .manifest.xapi import write_cmi5, write_tincan
from .standards.packaging import STANDARDS, Standard

LAUNCH_PAGE = "index.html"


@dataclass(frozen=True)
class Target:
    standard: Standard
    write: Callable[[Course, str, list[str]], bytes]  # (course, launch page, files) -> manifest

    @property
    def name(self) -> str:
        return self.standard.name

    @property
    def title(self) -> str:
        return self.standard.title

    @property
    def runtime(self) -> str:
        """What the runtime speaks: "scorm12", "scorm2004", "cmi5" or "xapi"."""
        return self.standard.runtime

    @property
    def manifest_name(self) -> str:
        return self.standard.manifest

    def manifest(self, course: Course, files: list[str]) -> bytes:
        return self.write(course, LAUNCH_PAGE, files)


def _writer(standard: Standard) -> Callable[[Course, str, list[str]], bytes]:
    if standard.packaging is not None:
        return partial(write_manifest, cp=standard.packaging)
    return write_cmi5 if standard.runtime == "cmi5" else write_tincan


TARGETS: dict[str, Target] = {s.name: Target(s, _writer(s)) for s in STANDARDS.values() if s.target}

# The contract's default: every SCORM and xAPI target.
DEFAULT_TARGETS = tuple(TARGETS)


def resolve_targets(names: Sequence[str] | None) -> list[Target]:
    """The targets named (in the order of TARGETS, each once); all of them when none is."""
    if not names:
        return [TARGETS[name] for name in DEFAULT_TARGETS]
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        name = unknown[0]
        # compared in lower case: 'SCORM12' is 'scorm12' typed as the standard's name is written
        raise TargetError(f"unknown target '{name}'.{did_you_mean(name.lower(), TARGETS)} "
                          f"Targets: {', '.join(TARGETS)}.")
    return [target for target in TARGETS.values() if target.name in names]


__all__ = ["Target", "TARGETS", "DEFAULT_TARGETS", "resolve_targets", "LAUNCH_PAGE"]

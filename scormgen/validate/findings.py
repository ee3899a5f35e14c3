"""What `scormgen validate` finds: each finding with severity, where, what and how to fix it."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from lxml import etree

from ..standards.packaging import Standard
from ..terminal import printable

ERROR, WARNING, INFO = "error", "warning", "info"

def line_of(element: etree._Element) -> int | None:
    """The line of an element in its manifest, when lxml knows it."""
    # lxml-stubs give sourceline no type at all (a bare '...'); lxml's is an int or None.
    line: int | None = element.sourceline  # type: ignore[assignment]
    return line


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str
    fix: str = ""
    file: str | None = None
    line: int | None = None

    def where(self) -> str:
        if self.file is None:
            return "package"
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Findings:
    package: str
    standard: Standard | None = None
    manifest: str | None = None
    unreadable: bool = False
    schemas: str | None = None  # what the official schemas said: "official schemas: SCORM 1.2: valid"
    items: list[Finding] = field(default_factory=list)

    def add(self, severity: str, code: str, message: str, fix: str = "", file: str | None = None,
            line: int | None = None) -> None:
        self.items.append(Finding(severity, code, message, fix, file, line))

    def count(self, severity: str) -> int:
        return sum(1 for f in self.items if f.severity == severity)

    @property
    def valid(self) -> bool:
        return not self.unreadable and self.count(ERROR) == 0

    @property
    def exit_code(self) -> int:
        return 2 if self.unreadable else (0 if self.valid else 1)

    def to_json(self) -> str:
        return json.dumps({
            "package": self.package, "standard": self.standard.title if self.standard else None,
            "manifest": self.manifest, "schemas": self.schemas,
            "valid": self.valid, "unreadable": self.unreadable, "errors": self.count(ERROR),
            "warnings": self.count(WARNING), "findings": [asdict(f) for f in self.items],
        }, ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        lines = [f"package:  {self.package}"]
        if self.standard:
            lines.append(f"standard: {self.standard.title}" + (f" ({self.manifest})" if self.manifest else ""))
        if self.schemas:
            lines.append(self.schemas)
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        for f in sorted(self.items, key=lambda f: (order[f.severity], f.file or "", f.line or 0)):
            lines.append(f"{f.severity:<8}{f.where()}: {f.message}")
            if f.fix:
                lines.append(f"{'':<8}fix: {f.fix}")
        # names and values from the package: shown escaped, never obeyed (the JSON stays exact)
        lines = [printable(line) for line in lines]
        verdict = "UNREADABLE" if self.unreadable else ("VALID" if self.valid else "INVALID")
        errors, warnings = self.count(ERROR), self.count(WARNING)
        lines.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
                     f"{'s' if warnings != 1 else ''}: {verdict}")
        return "\n".join(lines) + "\n"

"""``scormgen init``: a new course from the scaffold, written without ever overwriting
anything or following a symbolic link out of the folder asked for."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import ScormgenError

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


def scaffold_files() -> list[Path]:
    return sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def init_course(directory: Path) -> list[Path]:
    """Write the scaffold into ``directory``; the files written (relative to it).

    Nothing is written if any file already exists, or is a symbolic link (even one that
    points nowhere), or if a folder on the way is a link: every file is created new
    (O_EXCL), so what already exists is never written through."""
    sources = scaffold_files()
    targets = [(source, directory / source.relative_to(SCAFFOLD)) for source in sources]
    taken = [t for _, t in targets if os.path.lexists(t)]
    if taken:
        listed = ", ".join(str(t) for t in taken)
        raise ScormgenError(f"{listed} already exist{'s' if len(taken) == 1 else ''}; nothing was "
                            "written. Choose an empty folder: scormgen init NEW-FOLDER.")
    folders = sorted({t.parent for _, t in targets} - {directory})
    linked = [f for f in [directory, *folders] if f.is_symlink()]
    if linked:
        raise ScormgenError(f"{linked[0]} is a symbolic link; nothing was written. Choose a plain folder: "
                            "scormgen init NEW-FOLDER.")
    for source, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent.is_symlink():
            raise ScormgenError(f"{target.parent} is a symbolic link; stopped. Choose a plain folder.")
        with open(target, "xb") as handle:  # O_EXCL: fails on anything there, a dangling link too
            handle.write(source.read_bytes())
    return [t.relative_to(directory) for _, t in targets]

"""Deterministic, streaming, atomic zip writing.

- Deterministic: entries in the order given (the build sorts them), every entry with
  the same timestamp (``SOURCE_DATE_EPOCH`` when set, else 1980-01-01), the same
  permissions (0644) and creator system, no extra fields; so the same inputs give the
  same bytes whatever the files' times, the build folder or the file system's order.
- Streaming: a file entry is copied from disk in chunks, never read whole.
- Compression by kind: media that are already compressed are stored, the rest deflated
  (zlib's default level).
- Atomic: written to a hidden temporary file beside the target, renamed at the end;
  on any failure (or Ctrl-C) the temporary file is removed and the target untouched.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import OutputError

# Already-compressed formats: deflating them costs time and saves nothing.
STORED_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".heic",
    ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac",
    ".mp4", ".m4v", ".mov", ".webm", ".ogv", ".mkv",
    ".woff", ".woff2", ".zip", ".gz", ".bz2", ".xz", ".7z", ".docx", ".pptx", ".xlsx",
})

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One file of a package: its path in the zip and either its bytes or its source file."""

    name: str
    data: bytes | None = None
    source: Path | None = None
    stream: Callable[[], Iterable[bytes]] | None = None  # made while it is written (a large page)


def zip_timestamp(environ: dict | None = None) -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: SOURCE_DATE_EPOCH (UTC) if set, else 1980-01-01."""
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return ZIP_EPOCH
    try:
        seconds = int(value)
    except ValueError:
        raise OutputError(f"SOURCE_DATE_EPOCH is '{value}', not a number of seconds. "
                          "Set it to an integer (e.g. $(git log -1 --format=%ct)) or unset it.") from None
    stamp = time.gmtime(max(seconds, 315532800))  # the zip format starts in 1980
    return tuple(stamp[:6])  # type: ignore[return-value]


def compression_for(name: str) -> int:
    return zipfile.ZIP_STORED if Path(name).suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def _info(name: str, date_time, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = compress_type
    info.create_system = 3  # Unix, so the permissions below are read
    info.external_attr = (0o100644 << 16)
    return info


def write_zip(path: Path, entries: Iterable[Entry], date_time=None) -> int:
    """Write ``entries`` to the zip ``path`` atomically; return its size in bytes."""
    date_time = date_time or zip_timestamp()
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
            for entry in entries:
                info = _info(entry.name, date_time, compression_for(entry.name))
                if entry.data is not None:
                    archive.writestr(info, entry.data)
                    continue
                if entry.stream is not None:
                    with archive.open(info, "w") as dst:
                        for chunk in entry.stream():
                            dst.write(chunk)
                    continue
                size = entry.source.stat().st_size
                with open(entry.source, "rb") as src, \
                        archive.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path.stat().st_size


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

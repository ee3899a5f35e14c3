"""Deterministic, streaming, atomic zip writing.

- Deterministic: entries in the order given (the build sorts them), every entry with
  the same timestamp (``SOURCE_DATE_EPOCH`` when set, else 1980-01-01), the same
  permissions (0644) and creator system, no extra fields; so the same inputs give the
  same bytes whatever the files' times, the build folder or the file system's order.
- Streaming: a file entry is copied from disk in chunks, never read whole.
- Compression by kind: media that are already compressed are stored, the rest deflated
  (zlib's default level), a large file on every core (``deflate.ParallelDeflate``:
  the same bytes whatever the number of cores).
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

from .deflate import new_compressor
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


class ZipWriter:
    """A package being written: entries go one at a time into a hidden temporary file in
    ``folder``; ``commit(path)`` renames it into place, ``discard()`` removes it."""

    def __init__(self, folder: Path, name: str, date_time):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        self.tmp = Path(tmp_name)
        self.date_time = date_time
        self.names: list[str] = []
        try:
            self.raw = os.fdopen(fd, "wb")
            self.archive = zipfile.ZipFile(self.raw, "w", allowZip64=True)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise

    def add(self, entry: Entry) -> None:
        info = _info(entry.name, self.date_time, compression_for(entry.name))
        self.names.append(entry.name)
        if entry.data is not None:
            info.file_size = len(entry.data)
            with self._open(info) as dst:
                dst.write(entry.data)
        elif entry.stream is not None:
            with self._open(info) as dst:
                for chunk in entry.stream():
                    dst.write(chunk)
        else:
            size = entry.source.stat().st_size
            with open(entry.source, "rb") as src, \
                    self._open(info, force_zip64=size >= zipfile.ZIP64_LIMIT) as dst:
                shutil.copyfileobj(src, dst, CHUNK)

    def _open(self, info: zipfile.ZipInfo, force_zip64: bool = False):
        dst = self.archive.open(info, "w", force_zip64=force_zip64)
        # zipfile deflates on one core and has no way to be given another compressor but
        # this attribute (the same from Python 3.8 to 3.14; tests/test_package.py fails
        # if it goes). Without it, the entry is still right, only slower.
        if info.compress_type == zipfile.ZIP_DEFLATED and getattr(dst, "_compressor", None) is not None:
            dst._compressor = new_compressor()
        return dst

    def commit(self, path: Path) -> int:
        self.archive.close()
        self.raw.close()
        os.chmod(self.tmp, 0o644 & ~_umask())
        try:
            os.replace(self.tmp, path)
        except OSError:
            shutil.move(str(self.tmp), str(path))  # another file system
        return Path(path).stat().st_size

    def discard(self) -> None:
        for close in (self.archive.close, self.raw.close):
            try:
                close()
            except Exception:
                pass
        self.tmp.unlink(missing_ok=True)


def write_zip(path: Path, entries: Iterable[Entry], date_time=None) -> int:
    """Write ``entries`` to the zip ``path`` atomically; return its size in bytes."""
    path = Path(path)
    writer = ZipWriter(path.parent, path.name, date_time or zip_timestamp())
    try:
        for entry in entries:
            writer.add(entry)
        return writer.commit(path)
    except BaseException:
        writer.discard()
        raise


def staging_folder(out_dir: Path) -> Path:
    """Where packages are written before they are renamed into ``out_dir``: the output
    folder itself when it exists, else its nearest existing parent, so that a failed
    build never creates the output folder nor leaves anything in it."""
    folder = Path(out_dir).resolve()
    while not folder.is_dir():
        folder = folder.parent
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

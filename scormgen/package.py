"""Deterministic, streaming, atomic zip writing.

- Deterministic: entries in the order given (the build sorts them), every entry with
  the same timestamp (``SOURCE_DATE_EPOCH`` when set, else 1980-01-01), the same
  permissions (0644) and creator system, no extra fields; so the same inputs give the
  same bytes whatever the files' times, the build folder or the file system's order.
- Streaming: a file entry is copied from disk in chunks, never read whole.
- Compression by kind: media that are already compressed are stored, the rest deflated
  (zlib's default level), a large file on every core when the writer is given a
  ``deflate.DeflatePool`` (``deflate.ParallelDeflate``: the same bytes whatever the
  number of cores, and with no pool). Many small files that every package of a build
  carries (each page's script) are deflated once, on every core (``deflate_entries``),
  and written as they are into each package: the same bytes as deflated there.
- Atomic: written to a hidden temporary file beside the target, renamed at the end;
  on any failure (or Ctrl-C) the temporary file is removed and the target untouched.

The zip format itself is written by ``zipwriter``, with the bytes Python's zipfile gave
the same entries.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import zipwriter
from .deflate import BLOCK, DeflatePool, ParallelDeflate, Pending, deflate_block
from .errors import OutputError
from .zipwriter import DEFLATED, STORED, DateTime, EntryWriter, ZipArchive

# Already-compressed formats: deflating them costs time and saves nothing.
STORED_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".heic",
    ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac",
    ".mp4", ".m4v", ".mov", ".webm", ".ogv", ".mkv",
    ".woff", ".woff2", ".zip", ".gz", ".bz2", ".xz", ".7z", ".docx", ".pptx", ".xlsx",
})

ZIP_EPOCH: DateTime = (1980, 1, 1, 0, 0, 0)
CHUNK = 1 << 20


@dataclass(frozen=True)
class Deflated:
    """A small file's bytes already deflated, as ``ZipWriter`` would have deflated them
    (one raw deflate stream), with what the zip records of the bytes themselves."""

    data: bytes
    crc: int
    size: int


@dataclass(frozen=True)
class Entry:
    """One file of a package: its path in the zip and either its bytes, its bytes already
    deflated, or its source file."""

    name: str
    data: bytes | None = None
    source: Path | None = None
    stream: Callable[[], Iterable[bytes]] | None = None  # made while it is written (a large page)
    opener: Callable[[], BinaryIO] | None = None  # opens ``source`` (checking where it is) instead of open()
    deflated: Deflated | None = None


class _Ready:
    """A "compressor" whose output is known already: an entry's deflated bytes."""

    def __init__(self, deflated: bytes) -> None:
        self.deflated = deflated

    def compress(self, data: bytes, /) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.deflated


def deflate_entries(entries: Iterable[Entry], pool: DeflatePool | None, in_flight: int = 64) -> Iterator[Entry]:
    """``entries`` (given by their bytes) with their bytes deflated, on the threads of
    ``pool``, at most ``in_flight`` at a time, in the order given. Only a file that the
    writer deflates and whose bytes fit in one block is deflated here, so that its
    bytes are the writer's (``deflate_block`` of one last block); any other comes back
    as it was, in its place."""
    running: deque[tuple[Entry, Pending | None]] = deque()

    def done(entry: Entry, pending: Pending | None) -> Entry:
        if pending is None or entry.data is None:
            return entry
        deflated = pending if isinstance(pending, bytes) else pending.result()
        return Entry(entry.name, deflated=Deflated(deflated, zlib.crc32(entry.data), len(entry.data)))

    for entry in entries:
        if entry.data is None or len(entry.data) > BLOCK or compression_for(entry.name) != DEFLATED:
            running.append((entry, None))
        elif pool is None:
            running.append((entry, deflate_block(entry.data, b"", True)))
        else:
            running.append((entry, pool.submit(entry.data, b"", True)))
        while len(running) > in_flight or (running and _ready(running[0][1])):
            yield done(*running.popleft())
    while running:
        yield done(*running.popleft())


def _ready(pending: Pending | None) -> bool:
    return pending is None or isinstance(pending, bytes) or pending.done()


def zip_timestamp(environ: Mapping[str, str] | None = None) -> DateTime:
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
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec)


def compression_for(name: str) -> int:
    """``zipwriter.STORED`` for a file whose suffix says it is already compressed, else
    ``zipwriter.DEFLATED`` (the values of zipfile's ZIP_STORED and ZIP_DEFLATED)."""
    return STORED if Path(name).suffix.lower() in STORED_SUFFIXES else DEFLATED


class ZipWriter:
    """A package being written: entries go one at a time into a hidden temporary file in
    ``folder``; ``commit(path)`` renames it into place, ``discard()`` removes it. Large
    files are deflated on the threads of ``pool`` if given, else in the caller's thread
    (the same bytes)."""

    def __init__(self, folder: Path, name: str, date_time: DateTime, *, pool: DeflatePool | None = None) -> None:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        self.tmp = Path(tmp_name)
        self.date_time = date_time
        self.pool = pool
        self.names: list[str] = []
        try:
            self.raw = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self.tmp.unlink(missing_ok=True)
            raise
        try:
            self.archive = ZipArchive(self.raw, date_time)
        except BaseException:
            self.raw.close()
            self.tmp.unlink(missing_ok=True)
            raise

    def add(self, entry: Entry) -> None:
        self.names.append(entry.name)
        if entry.deflated is not None:
            if compression_for(entry.name) != DEFLATED:
                raise ValueError(f"the entry '{entry.name}' is given deflated, but its kind is stored")
            dst = self.archive.open(entry.name, _Ready(entry.deflated.data))
            dst.record.crc, dst.record.size = entry.deflated.crc, entry.deflated.size
            dst.close()
        elif entry.data is not None:
            with self._open(entry.name, size_hint=len(entry.data)) as dst:
                dst.write(entry.data)
        elif entry.stream is not None:
            with self._open(entry.name) as dst:
                for chunk in entry.stream():
                    dst.write(chunk)
        elif entry.source is not None:
            with entry.opener() if entry.opener else open(entry.source, "rb") as src:
                size = os.fstat(src.fileno()).st_size
                with self._open(entry.name, force_zip64=size >= zipwriter.ZIP64_LIMIT) as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
        else:
            raise ValueError(f"the entry '{entry.name}' has no data, stream nor source")

    def _open(self, name: str, *, size_hint: int = 0, force_zip64: bool = False) -> EntryWriter:
        compressor = ParallelDeflate(self.pool) if compression_for(name) == DEFLATED else None
        return self.archive.open(name, compressor, size_hint=size_hint, force_zip64=force_zip64)

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
        """Remove the temporary file (the zip in it is left unfinished)."""
        try:
            self.raw.close()
        except Exception:
            pass
        self.tmp.unlink(missing_ok=True)


def write_zip(path: Path, entries: Iterable[Entry], date_time: DateTime | None = None, *,
              pool: DeflatePool | None = None) -> int:
    """Write ``entries`` to the zip ``path`` atomically; return its size in bytes."""
    path = Path(path)
    writer = ZipWriter(path.parent, path.name, date_time or zip_timestamp(), pool=pool)
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

"""Writing a zip archive, from PKWARE's .ZIP File Format Specification (APPNOTE.TXT).

Only what packages need: regular files, stored or deflated, written one after another
into a seekable file, with a fixed timestamp and fixed attributes. The archive is laid
out as the specification says:

    [local file header, file data] for each entry
    central directory: one record per entry
    ZIP64 end of central directory record and locator, when needed
    end of central directory record

An entry's data is streamed: its local header is written first with a zero CRC and
zero sizes, then the data as it comes (deflated by the compressor it is given: blocks
of ``deflate.ParallelDeflate`` go straight to the file), then the writer seeks back and
writes the header again with the CRC and sizes, so no data descriptor is needed.

The bytes are those Python's ``zipfile`` (3.11 to 3.13) writes to a seekable file for
the same entries (``ZipInfo`` with ``create_system`` 3 and ``external_attr`` 0o100644
<< 16, ``allowZip64``), in every field, the ZIP64 cases included, so packages kept
their bytes when scormgen stopped using ``zipfile``; and they no longer depend on
Python's version (3.10's zipfile wrote other ZIP64 headers for files of 2 GiB or more).
Hence two choices where the specification leaves room:

- ZIP64 fields are written past ``ZIP64_LIMIT`` = 2 GiB - 1 (zipfile's limit), not past
  4 GiB - 1 (where the 32-bit fields overflow);
- an entry whose size is not known when it starts (a stream) cannot grow past that
  limit, as its header has no room for ZIP64 sizes; one known to be large
  (``force_zip64``, or ``size_hint`` * 1.05 past the limit) gets them from the start.
"""
from __future__ import annotations

import struct
import warnings
import zlib
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO, Protocol

from .errors import OutputError

STORED = 0
DEFLATED = 8

ZIP64_LIMIT = (1 << 31) - 1   # sizes and offsets past this get ZIP64 fields
COUNT_LIMIT = 0xFFFF          # entries past this need the ZIP64 end record
MAX_32 = 0xFFFFFFFF           # "see the ZIP64 field" in a 32-bit field
VERSION = 20                  # 2.0: deflate; what every plain entry needs to be read
ZIP64_VERSION = 45            # 4.5: ZIP64
UNIX = 3                      # the system the attributes below are for
REGULAR_FILE_0644 = 0o100644 << 16  # external attributes: a regular file, rw-r--r--
UTF8_NAME = 0x800             # general purpose flag bit 11: the name is UTF-8

LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_RECORD = struct.Struct("<4s4B4HL2L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_SIZES = struct.Struct("<HHQQ")  # the local header's extra field: id 1, sizes

DateTime = tuple[int, int, int, int, int, int]


class Compressor(Protocol):
    """What deflates an entry: zlib's compressor object has this shape, and so has
    ``deflate.ParallelDeflate``."""

    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self) -> bytes: ...


def dos_time_and_date(date_time: DateTime) -> tuple[int, int]:
    """The MS-DOS time and date fields of a timestamp (seconds rounded down to even)."""
    year, month, day, hour, minute, second = date_time
    if not 1980 <= year <= 2107:
        raise ValueError(f"a zip timestamp is between 1980 and 2107, not {year}")
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


@dataclass
class Record:
    """What the central directory says of one entry, filled in as it is written."""

    name: bytes
    flags: int
    method: int
    offset: int
    zip64: bool       # the local header has ZIP64 sizes
    crc: int = 0
    compressed: int = 0
    size: int = 0


def encode_name(name: str) -> tuple[bytes, int]:
    """The name's bytes and flags: ASCII as is, anything else as UTF-8 with bit 11 set."""
    if "\0" in name:
        raise ValueError(f"a file name in a zip cannot hold a NUL character: {name!r}")
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_NAME


def local_header(record: Record, time_and_date: tuple[int, int]) -> bytes:
    """The local file header: with ZIP64 sizes in its extra field if it has room for them."""
    compressed, size, version, extra = record.compressed, record.size, VERSION, b""
    if record.zip64:
        extra = ZIP64_SIZES.pack(1, ZIP64_SIZES.size - 4, record.size, record.compressed)
        compressed = size = MAX_32
        version = ZIP64_VERSION
    time, date = time_and_date
    return LOCAL_HEADER.pack(b"PK\x03\x04", version, 0, record.flags, record.method, time, date,
                             record.crc, compressed, size, len(record.name), len(extra)) + record.name + extra


def central_record(record: Record, time_and_date: tuple[int, int]) -> bytes:
    """The entry's record in the central directory: ZIP64 fields for the values too large
    for 32 bits (sizes, then offset), and no others."""
    wide: list[int] = []
    compressed, size, offset = record.compressed, record.size, record.offset
    if size > ZIP64_LIMIT or compressed > ZIP64_LIMIT:
        wide += [size, compressed]
        compressed = size = MAX_32
    if offset > ZIP64_LIMIT:
        wide.append(offset)
        offset = MAX_32
    extra = struct.pack(f"<HH{len(wide)}Q", 1, 8 * len(wide), *wide) if wide else b""
    version = ZIP64_VERSION if wide or record.zip64 else VERSION
    time, date = time_and_date
    return CENTRAL_RECORD.pack(b"PK\x01\x02", version, UNIX, version, 0, record.flags, record.method, time, date,
                               record.crc, compressed, size, len(record.name), len(extra), 0, 0, 0,
                               REGULAR_FILE_0644, offset) + record.name + extra


def end_records(count: int, start: int, end: int) -> bytes:
    """The end of central directory record for a directory of ``count`` records from
    ``start`` to ``end``, preceded by the ZIP64 end record and its locator when a value
    does not fit its field."""
    size = end - start
    records = b""
    if count > COUNT_LIMIT or start > ZIP64_LIMIT or size > ZIP64_LIMIT:
        records = (ZIP64_END_RECORD.pack(b"PK\x06\x06", ZIP64_END_RECORD.size - 12, ZIP64_VERSION, ZIP64_VERSION,
                                         0, 0, count, count, size, start)
                   + ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, end, 1))
        count, size, start = min(count, 0xFFFF), min(size, MAX_32), min(start, MAX_32)
    return records + END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0)


class ZipArchive:
    """A zip being written into ``file`` (seekable, binary), every entry with the
    timestamp ``date_time``. ``close()`` writes the central directory; it does not
    close ``file``."""

    def __init__(self, file: BinaryIO, date_time: DateTime) -> None:
        self.file = file
        self.time_and_date = dos_time_and_date(date_time)
        self.records: list[Record] = []
        self.names: set[str] = set()
        self.writing: EntryWriter | None = None
        self.closed = False

    def open(self, name: str, compressor: Compressor | None = None, *,
             size_hint: int = 0, force_zip64: bool = False) -> EntryWriter:
        """Start the entry ``name``: deflated by ``compressor``, else stored. It gets
        ZIP64 sizes if ``force_zip64`` or if ``size_hint`` (its size, when known) is
        within 5% of the limit, since deflate can make data a little larger."""
        if self.closed or self.writing is not None:
            raise ValueError("the zip is closed or an entry is still being written")
        if name in self.names:
            warnings.warn(f"Duplicate name: {name!r}", stacklevel=2)
        encoded, flags = encode_name(name)
        zip64 = force_zip64 or size_hint * 1.05 > ZIP64_LIMIT
        record = Record(encoded, flags, DEFLATED if compressor is not None else STORED, self.file.tell(), zip64)
        self.file.write(local_header(record, self.time_and_date))  # a placeholder of the same length
        self.writing = EntryWriter(self, name, record, compressor)
        return self.writing

    def finish(self, name: str, record: Record) -> None:
        """Called by an entry when it is complete: its header is rewritten, and it is
        listed in the central directory."""
        end = self.file.tell()
        self.file.seek(record.offset)
        self.file.write(local_header(record, self.time_and_date))
        self.file.seek(end)
        self.records.append(record)
        self.names.add(name)
        self.writing = None

    def close(self) -> None:
        """Write the central directory and the end records (once)."""
        if self.closed:
            return
        if self.writing is not None:
            raise ValueError("an entry is still being written")
        start = self.file.tell()
        for record in self.records:
            self.file.write(central_record(record, self.time_and_date))
        self.file.write(end_records(len(self.records), start, self.file.tell()))
        self.file.flush()
        self.closed = True


class EntryWriter:
    """One entry being written: ``write`` its data (any number of times), then ``close``
    it, or use it in a ``with`` block (an exception in the block leaves the entry
    unfinished: the archive is then only good to be thrown away)."""

    def __init__(self, archive: ZipArchive, name: str, record: Record, compressor: Compressor | None) -> None:
        self.archive = archive
        self.name = name
        self.record = record
        self.compressor = compressor
        self.done = False

    def write(self, data: bytes) -> int:
        if self.done:
            raise ValueError(f"the entry '{self.name}' is already complete")
        record = self.record
        size = len(data)
        record.size += size
        record.crc = zlib.crc32(data, record.crc)
        if self.compressor is not None:
            data = self.compressor.compress(data)
        record.compressed += len(data)
        self.archive.file.write(data)
        return size

    def close(self) -> None:
        if self.done:
            return
        record = self.record
        if self.compressor is not None:
            tail = self.compressor.flush()
            record.compressed += len(tail)
            self.archive.file.write(tail)
        if not record.zip64 and (record.size > ZIP64_LIMIT or record.compressed > ZIP64_LIMIT):
            raise OutputError(f"'{self.name}' grew past {ZIP64_LIMIT:,} bytes, more than a zip entry "
                              "of unknown size can hold. Split the content into smaller files.")
        self.done = True
        self.archive.finish(self.name, record)

    def __enter__(self) -> EntryWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.close()

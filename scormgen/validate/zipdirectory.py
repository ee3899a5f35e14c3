"""How many entries a zip's central directory holds, counted before Python's zipfile reads it.

zipfile builds an object for every entry of the directory at once (about 500 bytes
each), trusting neither the count the end record declares nor any limit: a zip of a
few megabytes can hold millions of tiny entries and cost gigabytes before the first
check runs. This walk follows the same records zipfile will (the end record, its ZIP64
form, then one header after another) with constant memory, and stops as soon as the
count passes the limit, so the refusal costs at most that many small reads.
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

END_RECORD = struct.Struct("<4s4H2LH")          # end of central directory, 22 bytes
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")         # 20 bytes, just before the end record
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_RECORD = struct.Struct("<4sQ2H2L4Q")      # 56 bytes, just before the locator
ZIP64_SIGNATURE = b"PK\x06\x06"
HEADER = struct.Struct("<4s4B4HL2L5H2L")        # one central directory header, 46 bytes
HEADER_SIGNATURE = b"PK\x01\x02"
MAX_COMMENT = 0xFFFF


def _directory(stream: BinaryIO, size: int) -> tuple[int, int] | None:
    """Where the central directory starts and how many bytes it has, as zipfile reads them."""
    tail_size = min(size, END_RECORD.size + MAX_COMMENT)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        return None
    end = size - tail_size + at
    directory_size = END_RECORD.unpack_from(tail, at)[5]
    # zipfile places the directory just before the end records (the offset field is
    # only used to find data prepended to the zip, which shifts everything alike)
    start = end - directory_size
    if end >= ZIP64_LOCATOR.size + ZIP64_RECORD.size:
        stream.seek(end - ZIP64_LOCATOR.size)
        locator = stream.read(ZIP64_LOCATOR.size)
        if locator[:4] == ZIP64_LOCATOR_SIGNATURE:
            stream.seek(end - ZIP64_LOCATOR.size - ZIP64_RECORD.size)
            record = stream.read(ZIP64_RECORD.size)
            if record[:4] == ZIP64_SIGNATURE:
                directory_size = ZIP64_RECORD.unpack(record)[8]
                start = end - ZIP64_LOCATOR.size - ZIP64_RECORD.size - directory_size
    return (start, directory_size) if start >= 0 else None


def count_entries(path: Path, limit: int) -> int:
    """The entries zipfile would read from the zip at path, counting no further than limit + 1.

    A zip whose directory cannot be found or is damaged gives the count of the headers
    read so far: zipfile then refuses it with its own message.
    """
    with open(path, "rb") as stream:
        size = stream.seek(0, 2)
        found = _directory(stream, size)
        if found is None:
            return 0
        start, directory_size = found
        stream.seek(start)
        count = read = 0
        while read < directory_size and count <= limit:
            header = stream.read(HEADER.size)
            if len(header) < HEADER.size or header[:4] != HEADER_SIGNATURE:
                break
            name, extra, comment = HEADER.unpack(header)[12:15]
            stream.seek(name + extra + comment, 1)
            read += HEADER.size + name + extra + comment
            count += 1
        return count

"""Reading a package safely, zip or folder: nothing is ever extracted to disk.

A zip is checked before anything in it is read: entries escaping the package (``../``,
absolute paths, drive letters), symbolic links, duplicate and case-clashing names,
names that are not UTF-8, and compression bombs (total size and ratio limits). Every
check is one pass over the entries, and everything read has a limit that holds
whatever the zip's headers claim: the number of entries (counted before Python's
zipfile reads them) and the bytes the manifest inflates to.
"""
from __future__ import annotations

import copy
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .findings import ERROR, WARNING, Findings
from .zipdirectory import count_entries

MAX_TOTAL_BYTES = 4 << 30         # uncompressed size of the whole package
MAX_RATIO = 200                   # uncompressed/compressed, for entries over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 << 20
MAX_MANIFEST_BYTES = 16 << 20     # bytes actually produced when reading the manifest
MAX_ENTRIES = 200_000             # files in a package (a large course has a few thousand)
READ_CHUNK = 1 << 16
# The methods whose reading zipfile bounds chunk by chunk: it inflates bzip2 and LZMA
# data without an output limit, so a few kilobytes of them could fill the memory.
BOUNDED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
# Reading the manifest, its declared size is replaced by this, so that the bytes the
# data really inflates to, not the header, decide when to stop.
UNTRUSTED_SIZE = 1 << 62


class Unreadable(Exception):
    pass


class Refused(Exception):
    """The package, or its manifest, is past a limit of this check: an error finding."""

    def __init__(self, code: str, message: str, fix: str):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fix = fix


class PackageSource:
    """The names in a package and a way to read one small file (the manifest)."""

    def __init__(self, names: list[str], reader: Callable[[str], bytes]):
        self.names = names
        self._reader = reader
        self.name_set = set(names)

    def read(self, name: str) -> bytes:
        """The file's bytes; Refused past MAX_MANIFEST_BYTES, Unreadable if damaged."""
        return self._reader(name)


def too_many_entries() -> Refused:
    return Refused("PACKAGE_TOO_MANY_ENTRIES", f"the package has more than {MAX_ENTRIES:,} files, the most this "
                   "check reads.", "A course has at most a few thousand files; check where this one comes from.")


def manifest_too_large() -> Refused:
    return Refused("MANIFEST_TOO_LARGE", f"the manifest is over {MAX_MANIFEST_BYTES:,} bytes.",
                   "A manifest is a few kilobytes; check the tool that wrote this one, or where it comes from.")


def open_package(path: Path, findings: Findings) -> PackageSource:
    if path.is_dir():
        return _open_folder(path)
    if not path.exists():
        raise Unreadable(f"{path} does not exist.")
    try:
        if count_entries(path, MAX_ENTRIES) > MAX_ENTRIES:
            raise too_many_entries()
        archive = zipfile.ZipFile(path)
    except UnicodeDecodeError:
        findings.add(ERROR, "ZIP_NAME_ENCODING", "an entry's name is marked as UTF-8 but is not valid UTF-8.",
                   "Re-create the zip with a tool that writes UTF-8 names (e.g. 7-Zip, or zip on Linux/macOS).")
        raise Unreadable("the zip's entry names cannot be read.") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(f"{path} is not a readable zip file ({exc}).") from None
    with archive:
        infos = archive.infolist()
    names = _check_entries(infos, findings)
    by_name = {info.filename: info for info in reversed(infos)}  # a duplicated name: its first entry

    def read(name: str) -> bytes:
        info = by_name[name]
        try:
            with zipfile.ZipFile(path) as archive:
                return _read_capped(archive, info, findings)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            # a damaged entry, an unknown compression method, an encrypted entry
            raise Unreadable(f"{name} cannot be read from the zip ({exc}).") from None
    return PackageSource(names, read)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, findings: Findings) -> bytes:
    """The entry's bytes, never more than MAX_MANIFEST_BYTES in memory, whatever its headers say."""
    if info.file_size > MAX_MANIFEST_BYTES:
        raise manifest_too_large()
    if info.compress_type not in BOUNDED_METHODS:
        raise Refused("MANIFEST_COMPRESSION", f"the manifest is compressed with method {info.compress_type}, "
                      "which this check does not inflate, and not every LMS can.",
                      "Re-create the zip with the usual compression (deflate), as any zip tool does by default.")
    probe = copy.copy(info)
    probe.file_size = UNTRUSTED_SIZE
    chunks: list[bytes] = []
    produced = 0
    with archive.open(probe) as stream:
        while chunk := stream.read(READ_CHUNK):
            produced += len(chunk)
            if produced > MAX_MANIFEST_BYTES:
                raise manifest_too_large()
            chunks.append(chunk)
    if produced != info.file_size:
        findings.add(ERROR, "ZIP_SIZE_MISMATCH", f"the zip's headers give '{info.filename}' {info.file_size:,} "
                     f"bytes, but it holds {produced:,}: the zip is damaged or forged.",
                     "Re-create the zip with an ordinary zip tool.", file=info.filename)
    return b"".join(chunks)


def _open_folder(root: Path) -> PackageSource:
    files = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files.append(path)
            if len(files) > MAX_ENTRIES:
                raise too_many_entries()
    names = [path.relative_to(root).as_posix() for path in sorted(files)]

    def read(name: str) -> bytes:
        with open(root / name, "rb") as stream:
            data = stream.read(MAX_MANIFEST_BYTES + 1)
        if len(data) > MAX_MANIFEST_BYTES:
            raise manifest_too_large()
        return data
    return PackageSource(names, read)


def _check_entries(infos: list[zipfile.ZipInfo], findings: Findings) -> list[str]:
    """The package's file names, each entry checked once: every check is a lookup, not a search."""
    names: list[str] = []
    seen: set[str] = set()
    by_lower: dict[str, str] = {}  # each name in lower case -> the first entry spelled so
    total = 0
    for info in infos:
        name = info.filename
        if not _is_safe(info, findings):
            continue
        if name in seen:
            findings.add(ERROR, "ZIP_DUPLICATE", f"the entry '{name}' appears twice.",
                       "Re-create the zip: each file once.", file=name)
            continue
        clash = by_lower.setdefault(name.lower(), name)
        if clash != name:
            findings.add(ERROR, "ZIP_CASE_CLASH", f"'{name}' and '{clash}' differ only by case; on Windows "
                       "and macOS one replaces the other.", "Rename one of them.", file=name)
        seen.add(name)
        total += info.file_size
        if (info.file_size > RATIO_MIN_BYTES and info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO):
            findings.add(ERROR, "ZIP_BOMB_RATIO", f"'{name}' expands {info.file_size // info.compress_size}x "
                       f"(to {info.file_size:,} bytes): a compression bomb?",
                       "A real package does not compress this much; check where it comes from.", file=name)
        if not name.endswith("/"):
            names.append(name)
    if total > MAX_TOTAL_BYTES:
        findings.add(ERROR, "ZIP_BOMB_SIZE", f"the package expands to {total:,} bytes, over the "
                   f"{MAX_TOTAL_BYTES:,} this check allows.", "Check where the zip comes from.")
    return names


def _is_safe(info: zipfile.ZipInfo, findings: Findings) -> bool:
    """Whether the entry's name and type keep it inside the package; warns of names LMSs misread."""
    name = info.filename
    if info.flag_bits & 0x800 == 0 and any(ord(c) > 127 for c in name):
        findings.add(WARNING, "ZIP_NAME_NOT_UTF8", f"the name '{name}' is not marked as UTF-8; LMSs may "
                   "read it garbled and not find the file.",
                   "Re-create the zip with a tool that writes UTF-8 names, or use ASCII file names.",
                   file=name)
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":" and name[0].isalpha()):
        findings.add(ERROR, "ZIP_ABSOLUTE_PATH", f"the entry '{name}' has an absolute path.",
                   "Zip the package's files with paths relative to its root.", file=name)
        return False
    if ".." in parts:
        findings.add(ERROR, "ZIP_PATH_ESCAPES", f"the entry '{name}' points outside the package ('..').",
                   "Remove it: no file of a package may lie outside its folder.", file=name)
        return False
    if "\\" in name:
        findings.add(WARNING, "ZIP_BACKSLASH", f"the entry '{name}' uses '\\' as a folder separator.",
                   "Re-create the zip with '/' separators (any zip tool but old Windows ones).", file=name)
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        findings.add(ERROR, "ZIP_SYMLINK", f"the entry '{name}' is a symbolic link.",
                   "Put the file itself in the package.", file=name)
        return False
    return True

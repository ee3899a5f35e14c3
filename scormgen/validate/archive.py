"""Reading a package safely, zip or folder: nothing is ever extracted to disk.

A zip is checked before anything in it is read: entries escaping the package (``../``,
absolute paths, drive letters), symbolic links, duplicate and case-clashing names,
names that are not UTF-8, and compression bombs (total size and ratio limits).
"""
from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .findings import ERROR, WARNING, Findings

MAX_TOTAL_BYTES = 4 << 30         # uncompressed size of the whole package
MAX_RATIO = 200                   # uncompressed/compressed, for entries over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 << 20
MAX_MANIFEST_BYTES = 16 << 20


class Unreadable(Exception):
    pass


class PackageSource:
    """The names in a package and a way to read one small file (the manifest)."""

    def __init__(self, names: list[str], reader: Callable[[str], bytes]):
        self.names = names
        self._reader = reader
        self.name_set = set(names)

    def read(self, name: str) -> bytes:
        return self._reader(name)


def open_package(path: Path, findings: Findings) -> PackageSource:
    if path.is_dir():
        return _open_folder(path)
    if not path.exists():
        raise Unreadable(f"{path} does not exist.")
    try:
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

    def read(name: str) -> bytes:
        info = next(i for i in infos if i.filename == name)
        if info.file_size > MAX_MANIFEST_BYTES:
            raise Unreadable(f"{name} is {info.file_size} bytes, too large for a manifest.")
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            # a damaged entry, an unknown compression method, an encrypted entry
            raise Unreadable(f"{name} cannot be read from the zip ({exc}).") from None
    return PackageSource(names, read)


def _open_folder(root: Path) -> PackageSource:
    names = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            names.append(path.relative_to(root).as_posix())

    def read(name: str) -> bytes:
        return (root / name).read_bytes()[:MAX_MANIFEST_BYTES]
    return PackageSource(names, read)


def _check_entries(infos: list[zipfile.ZipInfo], findings: Findings) -> list[str]:
    names: list[str] = []
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
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
            continue
        if ".." in parts:
            findings.add(ERROR, "ZIP_PATH_ESCAPES", f"the entry '{name}' points outside the package ('..').",
                       "Remove it: no file of a package may lie outside its folder.", file=name)
            continue
        if "\\" in name:
            findings.add(WARNING, "ZIP_BACKSLASH", f"the entry '{name}' uses '\\' as a folder separator.",
                       "Re-create the zip with '/' separators (any zip tool but old Windows ones).", file=name)
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            findings.add(ERROR, "ZIP_SYMLINK", f"the entry '{name}' is a symbolic link.",
                       "Put the file itself in the package.", file=name)
            continue
        if name in seen:
            findings.add(ERROR, "ZIP_DUPLICATE", f"the entry '{name}' appears twice.",
                       "Re-create the zip: each file once.", file=name)
            continue
        lower = name.lower()
        clash = next((other for other in seen.values() if other.lower() == lower), None)
        if clash:
            findings.add(ERROR, "ZIP_CASE_CLASH", f"'{name}' and '{clash}' differ only by case; on Windows "
                       "and macOS one replaces the other.", "Rename one of them.", file=name)
        seen[name] = name
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

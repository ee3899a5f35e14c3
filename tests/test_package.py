"""Packages' zips: our writer gives the bytes Python's zipfile gives the same entries
(the ZIP64 cases included), reads back whole (CRCs checked, and by Info-ZIP's `unzip
-t`), writes atomically, and deflates large files in blocks on the threads of a pool
that a build opens and closes, with the same bytes whatever the number of threads.
And scormgen uses no private attribute of the standard library."""
from __future__ import annotations

import ast
import io
import random
import shutil
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, write_course
from scormgen import zipwriter
from scormgen.deflate import BLOCK, THREAD_NAME, DeflatePool, ParallelDeflate
from scormgen.errors import OutputError
from scormgen.package import Entry, ZipWriter, compression_for, write_zip
from scormgen.zipwriter import DateTime, ZipArchive

WORDS = [b"alliance ", b"patient ", b"<p>", b"</p>\n", b"\xc3\xa9coute ", b"goal ", b"bond "]
DATE: DateTime = (1980, 1, 1, 0, 0, 0)


def text_like(seed: int, size: int) -> bytes:
    """Compressible bytes, as HTML is, with some noise so that blocks differ."""
    rng = random.Random(seed)
    parts: list[bytes] = []
    total = 0
    while total < size:
        part = b"".join(rng.choices(WORDS, k=20)) if rng.random() < 0.9 else rng.randbytes(rng.randint(1, 40))
        parts.append(part)
        total += len(part)
    return b"".join(parts)[:size]


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    """``data`` in pieces of ``size`` bytes, as a stream or a file gives it."""
    return (data[start:start + size] for start in range(0, len(data), size))


def deflate(data: bytes, pool: DeflatePool | None, block: int, feed: int) -> bytes:
    compressor = ParallelDeflate(pool, block=block)
    return b"".join(compressor.compress(piece) for piece in pieces(data, feed)) + compressor.flush()


def single_stream(data: bytes) -> bytes:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


@pytest.fixture(scope="module")
def pools() -> Iterator[list[DeflatePool | None]]:
    with DeflatePool(2) as two, DeflatePool(3) as three:
        yield [None, two, three]


# -- deflating in blocks ---------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(0, 200_000), block=st.sampled_from([1024, 4096, 65536]),
       feed=st.sampled_from([1, 777, 4096, 1 << 20]))
def test_one_valid_stream_with_the_same_bytes_whatever_the_threads_and_the_feeding(
        pools: list[DeflatePool | None], seed: int, size: int, block: int, feed: int) -> None:
    data = text_like(seed, size)
    outputs = {deflate(data, pool, block, feed if size < 50_000 or feed > 1 else 4096) for pool in pools}
    reference = deflate(data, None, block, 1 << 30)
    assert outputs == {reference}
    assert zlib.decompress(reference, -15) == data


@pytest.mark.parametrize("size", [0, 1, 5000, BLOCK])
def test_a_file_of_one_block_gets_zlibs_single_stream(pools: list[DeflatePool | None], size: int) -> None:
    data = text_like(size, size)
    assert deflate(data, pools[2], BLOCK, 1000) == single_stream(data)


def test_the_size_cost_of_blocks_is_tiny() -> None:
    data = text_like(1, 6 * BLOCK + 123)
    assert len(deflate(data, None, BLOCK, 1 << 20)) <= len(single_stream(data)) * 1.005


def raw_entry(path: Path, name: str) -> bytes:
    """The compressed bytes of one entry, as they are in the zip."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    with open(path, "rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(30)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        return handle.read(info.compress_size)


def test_packages_deflate_a_large_file_in_blocks_and_read_back_whole(tmp_path: Path,
                                                                     pools: list[DeflatePool | None]) -> None:
    page = text_like(7, 3 * BLOCK + 10)
    small = text_like(8, 2000)
    zips = []
    for index, pool in enumerate(pools):
        target = tmp_path / f"pkg-{index}.zip"
        write_zip(target, [Entry("index.html", stream=lambda: pieces(page, 100_000)), Entry("small.css", data=small)],
                  pool=pool)
        zips.append(target.read_bytes())
    assert zips[1:] == zips[:-1], "the same bytes whatever the threads"
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.read("index.html") == page
        assert archive.getinfo("index.html").compress_type == zipfile.ZIP_DEFLATED
    # the zip holds the block-wise stream (so it is the same on any machine), not a
    # single stream, whose bytes differ
    assert raw_entry(target, "index.html") == deflate(page, None, BLOCK, 1 << 30)
    assert raw_entry(target, "index.html") != single_stream(page)
    assert raw_entry(target, "small.css") == single_stream(small)


# -- the pool's life -------------------------------------------------------------------

def deflate_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if thread.name.startswith(THREAD_NAME)}


def test_the_pool_starts_its_threads_with_the_first_large_file_and_stops_them_on_exit(tmp_path: Path) -> None:
    before = deflate_threads()
    page = text_like(3, 4 * BLOCK)
    started: list[set[threading.Thread]] = []

    def stream() -> Iterator[bytes]:
        yield page
        started.append(deflate_threads() - before)

    with DeflatePool(2) as pool:
        write_zip(tmp_path / "small.zip", [Entry("a.html", data=b"<p>small</p>")], pool=pool)
        assert deflate_threads() == before, "a small file starts no thread"
        write_zip(tmp_path / "big.zip", [Entry("index.html", stream=stream)], pool=pool)
        assert started[0], "the blocks of a large file are deflated on threads"
    assert deflate_threads() == before, "no thread is left once the pool is closed"
    with pytest.raises(RuntimeError, match="closed"):
        ParallelDeflate(pool).compress(page)


def test_a_pool_on_one_core_has_no_thread_and_gives_the_same_bytes() -> None:
    before = deflate_threads()
    data = text_like(5, 5 * BLOCK)
    with DeflatePool(1) as pool:
        assert deflate(data, pool, BLOCK, 1 << 16) == deflate(data, None, BLOCK, 1 << 16)
        assert deflate_threads() == before


def test_an_error_closes_the_pool_too() -> None:
    before = deflate_threads()
    with pytest.raises(KeyboardInterrupt), DeflatePool(2) as pool:
        ParallelDeflate(pool).compress(text_like(4, 8 * BLOCK))
        raise KeyboardInterrupt
    assert deflate_threads() == before


# -- the same bytes as zipfile ---------------------------------------------------------

NAME_CHARS = st.characters(codec="utf-8", exclude_characters="\0/\\", categories=("L", "M", "N", "P", "S", "Zs", "Cc"))
NAMES = st.lists(st.text(NAME_CHARS, min_size=1, max_size=12), min_size=1, max_size=3).map("/".join)
SUFFIXES = [".html", ".css", ".js", ".xml", ".svg", ".txt", ".png", ".mp4", ".woff2", ".JPG", ""]
KINDS = ["data", "stream", "source"]
DATES = st.tuples(st.integers(1980, 2107), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23),
                  st.integers(0, 59), st.integers(0, 59))


def zipfile_zip(entries: list[tuple[str, str, bool, bytes]], date_time: DateTime) -> bytes:
    """The zip Python's zipfile writes for ``entries`` (kind, name, deflated, data), with
    the settings packages were written with when scormgen used zipfile: each entry a
    ZipInfo of system 3 and mode 0644, its size known ahead for bytes ("data"), ZIP64
    forced for a file ("source") of ZIP64_LIMIT bytes or more."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        for kind, name, deflated, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if kind == "data":
                info.file_size = len(data)
            with archive.open(info, "w", force_zip64=kind == "source" and len(data) >= zipfile.ZIP64_LIMIT) as dst:
                for piece in pieces(data, 70_000):
                    dst.write(piece)
    return out.getvalue()


def our_zip(entries: list[tuple[str, str, bool, bytes]], date_time: DateTime) -> bytes:
    """The same entries through ``ZipArchive``, deflated by zlib as zipfile does."""
    out = io.BytesIO()
    archive = ZipArchive(out, date_time)
    for kind, name, deflated, data in entries:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15) if deflated else None
        with archive.open(name, compressor, size_hint=len(data) if kind == "data" else 0,
                          force_zip64=kind == "source" and len(data) >= zipwriter.ZIP64_LIMIT) as dst:
            for piece in pieces(data, 50_000):
                dst.write(piece)
    archive.close()
    return out.getvalue()


@st.composite
def archive_entries(draw: st.DrawFn, max_size: int = 1 << 20) -> list[tuple[str, str, bool, bytes]]:
    names = draw(st.lists(NAMES, min_size=0, max_size=6, unique=True))
    entries = []
    for name in names:
        low, high = draw(st.sampled_from([(0, 0), (1, 3000), (3000, max_size // 4), (max_size // 4, max_size)]))
        size = draw(st.integers(low, high))
        data = text_like(draw(st.integers(0, 1000)), size)
        entries.append((draw(st.sampled_from(KINDS)), name, draw(st.booleans()), data))
    return entries


def assert_reads_back(zip_bytes: bytes, entries: list[tuple[str, str, bool, bytes]]) -> None:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        assert archive.testzip() is None  # every CRC checked
        assert [(info.filename, archive.read(info)) for info in archive.infolist()] == \
            [(name, data) for _, name, _, data in entries]


@settings(max_examples=40, deadline=None)
@given(entries=archive_entries(), date_time=DATES)
def test_our_zip_has_zipfiles_bytes(entries: list[tuple[str, str, bool, bytes]], date_time: DateTime) -> None:
    ours = our_zip(entries, date_time)
    assert ours == zipfile_zip(entries, date_time)
    assert_reads_back(ours, entries)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="zipfile wrote other ZIP64 headers before Python 3.11 "
                    "(the sizes instead of 0xFFFFFFFF, version 2.0): ours are those of 3.11 to 3.13")
@settings(max_examples=40, deadline=None)
@given(entries=archive_entries(max_size=12_000), limit=st.integers(1000, 12_000), count_limit=st.integers(1, 6))
def test_our_zip64_records_are_zipfiles_too(entries: list[tuple[str, str, bool, bytes]], limit: int,
                                            count_limit: int) -> None:
    """The ZIP64 cases (a large file, offsets and sizes past the limit, many entries),
    with both writers' limits lowered so that small zips meet them."""
    entries = [entry for entry in entries if entry[0] != "stream" or len(entry[3]) <= limit * 0.9]
    with pytest.MonkeyPatch.context() as patch:
        for module, name, value in [(zipfile, "ZIP64_LIMIT", limit), (zipwriter, "ZIP64_LIMIT", limit),
                                    (zipfile, "ZIP_FILECOUNT_LIMIT", count_limit),
                                    (zipwriter, "COUNT_LIMIT", count_limit)]:
            patch.setattr(module, name, value)
        ours = our_zip(entries, DATE)
        assert ours == zipfile_zip(entries, DATE)
    assert_reads_back(ours, entries)


def test_a_stream_cannot_grow_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipwriter, "ZIP64_LIMIT", 1000)
    archive = ZipArchive(io.BytesIO(), DATE)
    with pytest.raises(OutputError, match="grew past 1,000 bytes"), archive.open("page.html") as dst:
        dst.write(b"x" * 1001)


@st.composite
def package_entries(draw: st.DrawFn) -> list[tuple[str, str, bool, bytes]]:
    """Entries as a package has them: deflated or stored by their suffix, the deflated
    ones of one block at most (``ParallelDeflate`` then gives zlib's single stream,
    whose bytes zipfile also gives)."""
    entries = {}
    for kind, name, _, data in draw(archive_entries()):
        name += draw(st.sampled_from(SUFFIXES))
        deflated = compression_for(name) == zipwriter.DEFLATED
        entries[name] = (kind, name, deflated, data[:BLOCK] if deflated else data)
    return list(entries.values())


@settings(max_examples=30, deadline=None)
@given(entries=package_entries(), threads=st.sampled_from([0, 2]))
def test_packages_have_the_bytes_zipfile_gave_them(tmp_path_factory: pytest.TempPathFactory,
                                                   entries: list[tuple[str, str, bool, bytes]], threads: int) -> None:
    """The package writer, with its compression by kind, its files and its streams."""
    folder = tmp_path_factory.mktemp("pkg")
    package = []
    for index, (kind, name, _, data) in enumerate(entries):
        if kind == "source":
            (folder / f"{index}.bin").write_bytes(data)
        package.append(Entry(name, data=data) if kind == "data" else
                       Entry(name, stream=partial(pieces, data, 30_000)) if kind == "stream" else
                       Entry(name, source=folder / f"{index}.bin"))
    with DeflatePool(threads) as pool:
        write_zip(folder / "package.zip", package, DATE, pool=pool)
    ours = (folder / "package.zip").read_bytes()
    assert ours == zipfile_zip(entries, DATE)
    assert_reads_back(ours, entries)


# -- read by another tool --------------------------------------------------------------

@pytest.fixture(scope="module")
def unzip() -> str:
    path = shutil.which("unzip")
    if path is None:
        pytest.skip("unzip is missing: install Info-ZIP's unzip (apt-get install unzip)")
    return path


def test_unzip_finds_every_entry_of_a_package_sound(tmp_path: Path, unzip: str) -> None:
    page = text_like(11, 5 * BLOCK + 17)
    media = tmp_path / "clip.mp4"
    media.write_bytes(random.Random(2).randbytes(700_000))
    with DeflatePool(2) as pool:
        write_zip(tmp_path / "pkg.zip", [Entry("index.html", stream=lambda: pieces(page, 65_536)),
                                         Entry("media/clip.mp4", source=media),
                                         Entry("media/écoute ünïcode.txt", data=b"bonjour"),
                                         Entry("empty.css", data=b"")], pool=pool)
    result = subprocess.run([unzip, "-t", str(tmp_path / "pkg.zip")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors detected" in result.stdout
    listing = subprocess.run([unzip, "-Z1", str(tmp_path / "pkg.zip")], capture_output=True, text=True).stdout
    assert listing.splitlines() == ["index.html", "media/clip.mp4", "media/écoute ünïcode.txt", "empty.css"]


def test_unzip_finds_a_built_course_sound(tmp_path: Path, unzip: str) -> None:
    from scormgen.build import build
    for package in build(write_course(tmp_path / "course"), tmp_path / "out"):
        result = subprocess.run([unzip, "-t", str(package.path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


# -- atomic ----------------------------------------------------------------------------

def test_a_failure_in_a_stream_leaves_the_previous_package_untouched(tmp_path: Path) -> None:
    target = tmp_path / "pkg.zip"
    target.write_bytes(b"the previous package")

    def failing() -> Iterator[bytes]:
        yield text_like(1, 3 * BLOCK)
        raise ValueError("a page cannot be rendered")

    with pytest.raises(ValueError, match="cannot be rendered"), DeflatePool(2) as pool:
        write_zip(target, [Entry("a.css", data=b"p{}"), Entry("index.html", stream=failing)], pool=pool)
    assert [p.name for p in tmp_path.iterdir()] == ["pkg.zip"]
    assert target.read_bytes() == b"the previous package"


def test_discard_removes_the_temporary_file(tmp_path: Path) -> None:
    writer = ZipWriter(tmp_path, "pkg.zip", DATE)
    writer.add(Entry("a.html", data=b"<p>a</p>"))
    assert len(list(tmp_path.iterdir())) == 1
    writer.discard()
    assert list(tmp_path.iterdir()) == []


# -- no private attribute of the standard library --------------------------------------

def private_uses(source: str, where: str) -> list[str]:
    """``x._name`` on anything but ``self``/``cls`` or a third-party module (lxml's
    ``etree._Element`` is its documented type), and ``getattr(x, "_name")`` and the like."""
    tree = ast.parse(source)
    third_party = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] not in sys.stdlib_module_names:
            third_party |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            third_party |= {(alias.asname or alias.name).split(".")[0] for alias in node.names
                            if alias.name.split(".")[0] not in sys.stdlib_module_names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr) and not (
                isinstance(node.value, ast.Name) and node.value.id in {"self", "cls", *third_party}):
            found.append(f"{where}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in {"getattr", "setattr", "hasattr", "delattr"} and len(node.args) > 1 \
                and isinstance(node.args[1], ast.Constant) and is_private(str(node.args[1].value)):
            found.append(f"{where}:{node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
    return found


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_scormgen_uses_no_private_attribute_of_the_standard_library() -> None:
    sources = {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
               for path in sorted((ROOT / "scormgen").rglob("*.py"))}
    assert [where for where, text in sources.items() if "zipfile._" in text] == []
    assert [use for where, text in sources.items() for use in private_uses(text, where)] == []


def test_the_private_attribute_check_finds_what_the_old_writer_did() -> None:
    sample = ("import zipfile\nfrom lxml import etree\n\n\ndef f(dst, el: etree._Element):\n"
              "    dst._compressor = None\n    return getattr(dst, '_compressor', None)\n")
    assert private_uses(sample, "sample.py") == ["sample.py:6: ._compressor",
                                                 "sample.py:7: getattr(..., '_compressor')"]

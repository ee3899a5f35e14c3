"""Deflating on every core: one valid stream, the same bytes whatever the number of
threads or the way the input arrives, and zipfile's own bytes for a small file."""
from __future__ import annotations

import struct
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scormgen.deflate import BLOCK, ParallelDeflate
from scormgen.package import Entry, write_zip

WORDS = [b"alliance ", b"patient ", b"<p>", b"</p>\n", b"\xc3\xa9coute ", b"goal ", b"bond "]


def deflate(data: bytes, pool, block: int, feed: int) -> bytes:
    compressor = ParallelDeflate(pool, block=block)
    out = [compressor.compress(data[start:start + feed]) for start in range(0, len(data), feed)]
    return b"".join(out) + compressor.flush()


def text_like(seed: int, size: int) -> bytes:
    """Compressible bytes, as HTML is, with some noise so that blocks differ."""
    import random
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        part = rng.choice(WORDS) if rng.random() < 0.9 else rng.randbytes(rng.randint(1, 40))
        parts.append(part)
        total += len(part)
    return b"".join(parts)[:size]


@pytest.fixture(scope="module")
def pools():
    with ThreadPoolExecutor(1) as one, ThreadPoolExecutor(3) as three:
        yield [None, one, three]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(0, 200_000), block=st.sampled_from([1024, 4096, 65536]),
       feed=st.sampled_from([1, 777, 4096, 1 << 20]))
def test_one_valid_stream_with_the_same_bytes_whatever_the_threads_and_the_feeding(pools, seed, size, block, feed):
    data = text_like(seed, size)
    outputs = {deflate(data, pool, block, feed if size < 50_000 or feed > 1 else 4096) for pool in pools}
    reference = deflate(data, None, block, 1 << 30)
    assert outputs == {reference}
    assert zlib.decompress(reference, -15) == data


@pytest.mark.parametrize("size", [0, 1, 5000, BLOCK])
def test_a_file_of_one_block_gets_zipfiles_own_bytes(pools, size):
    data = text_like(size, size)
    single = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    assert deflate(data, pools[2], BLOCK, 1000) == single.compress(data) + single.flush()


def test_the_size_cost_of_blocks_is_tiny():
    data = text_like(1, 6 * BLOCK + 123)
    single = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    one_stream = len(single.compress(data) + single.flush())
    assert len(deflate(data, None, BLOCK, 1 << 20)) <= one_stream * 1.005


def raw_entry(path, name) -> bytes:
    """The compressed bytes of one entry, as they are in the zip."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    with open(path, "rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(30)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        return handle.read(info.compress_size)


def test_packages_deflate_a_large_file_in_blocks_and_read_back_whole(tmp_path):
    page = text_like(7, 3 * BLOCK + 10)
    small = text_like(8, 2000)
    target = tmp_path / "pkg.zip"
    write_zip(target, [Entry("index.html", stream=lambda: (page[i:i + 100_000] for i in range(0, len(page), 100_000))),
                       Entry("small.css", data=small)])
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.read("index.html") == page
        assert archive.getinfo("index.html").compress_type == zipfile.ZIP_DEFLATED
    # the zip holds the block-wise stream (so it is the same on any machine), not
    # zipfile's single stream, whose bytes differ
    assert raw_entry(target, "index.html") == deflate(page, None, BLOCK, 1 << 30)
    single = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    assert raw_entry(target, "index.html") != single.compress(page) + single.flush()
    assert raw_entry(target, "small.css") == zlib.compress(small, wbits=-15)

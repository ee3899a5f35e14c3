"""Deflate on every core, with the same bytes on any machine.

A large course's launch page holds every page (tens of MB of HTML); deflating it on one
core is most of what a build does once its pages are parsed. ``ParallelDeflate`` cuts
what it is given into blocks of ``BLOCK`` bytes and deflates them on a pool of threads
(zlib lets go of Python's lock while it works), the way pigz does:

- each block is primed with the ``WINDOW`` bytes before it, so it finds the same
  matches a single stream would (the package is about 0.05% larger, not more);
- each block but the last ends on a byte boundary (a sync flush), the last one ends
  the stream: joined in order, the blocks are one valid raw deflate stream;
- the blocks are fixed by the input alone, never by the number of cores or by which
  thread finishes first, so the bytes are the same on a laptop and on a 64-core server;
- an input of one block is deflated in the caller's thread, exactly as zipfile would
  (the same bytes as before for every small file);
- at most 16 blocks (4 MiB) are in flight, so memory stays small.

It has the two methods of the compressor zipfile uses for an entry (``compress`` and
``flush``), and ``ZipWriter`` gives it to every deflated entry.
"""
from __future__ import annotations

import os
import threading
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

BLOCK = 1 << 18    # 256 KiB: small enough to share out, large enough to cost nothing
WINDOW = 1 << 15   # deflate's window: the dictionary a block starts with
LEVEL = zlib.Z_DEFAULT_COMPRESSION  # zipfile's own

_pool: ThreadPoolExecutor | None = None
_pool_started = False
_pool_lock = threading.Lock()


def threads() -> int:
    """The cores this process may use (at most 8: more adds nothing to one file)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _shared_pool() -> ThreadPoolExecutor | None:
    """The process's deflating threads, started by the first large file (none on one core)."""
    global _pool, _pool_started
    with _pool_lock:
        if not _pool_started:
            _pool_started = True
            count = threads()
            if count >= 2:
                _pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="scormgen-deflate")
        return _pool


def deflate_block(block: bytes, dictionary: bytes, last: bool) -> bytes:
    """One block of the stream: raw deflate primed with ``dictionary``, ending the stream
    if ``last``, else on a byte boundary."""
    if dictionary:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=dictionary)
    else:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(block) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


class ParallelDeflate:
    """A raw deflate compressor with zlib's ``compress``/``flush`` interface whose blocks
    are deflated on a thread pool (``pool=None``: all in the caller's thread, same bytes)."""

    def __init__(self, pool: ThreadPoolExecutor | None = None, *, block: int = BLOCK, in_flight: int = 16):
        self.pool = pool
        self.block = block
        self.limit = in_flight
        self.pending = bytearray()
        self.dictionary = b""
        self.running: deque[Future | bytes] = deque()

    def compress(self, data) -> bytes:
        self.pending += data
        # The last block is held back until flush(): only then is it known to be the last.
        while len(self.pending) > self.block:
            block = bytes(self.pending[:self.block])
            del self.pending[:self.block]
            self._start(block, last=False)
        return self._collect(finished=False)

    def flush(self) -> bytes:
        self._start(bytes(self.pending), last=True)
        self.pending = bytearray()
        return self._collect(finished=True)

    def _start(self, block: bytes, last: bool) -> None:
        dictionary = self.dictionary
        self.dictionary = (dictionary + block)[-WINDOW:]
        if self.pool is None or last:  # flush() waits anyway: the caller's thread does the last
            self.running.append(deflate_block(block, dictionary, last))
        else:
            self.running.append(self.pool.submit(deflate_block, block, dictionary, last))

    def _collect(self, finished: bool) -> bytes:
        """The blocks done at the head of the queue (all of them when ``finished``, and
        enough to stay within the limit)."""
        out = []
        while self.running:
            head = self.running[0]
            ready = isinstance(head, bytes) or head.done()
            if not (ready or finished or len(self.running) > self.limit):
                break
            self.running.popleft()
            out.append(head if isinstance(head, bytes) else head.result())
        return b"".join(out)


def new_compressor() -> ParallelDeflate:
    """A compressor for one zip entry, on the process's shared thread pool."""
    return ParallelDeflate(_shared_pool())

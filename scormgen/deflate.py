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
- an input of one block is deflated in the caller's thread as one zlib stream, with
  the bytes zipfile gave every small file when packages were written with it;
- at most 16 blocks (4 MiB) are in flight, so memory stays small.

It has the two methods of zlib's compressor (``compress`` and ``flush``), and
``zipwriter`` writes what they return straight into the entry.

The threads belong to a ``DeflatePool``, which one build opens and closes around the
writing of its packages (a context manager): they start with the first block given to
them (a course of small files starts none), none on one core, and they are stopped
when the build ends, so that a long-lived process (the preview, the tests) is left
with no thread of a build that is over.
"""
from __future__ import annotations

import threading
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeAlias

from .cores import available_cores

BLOCK = 1 << 18    # 256 KiB: small enough to share out, large enough to cost nothing
WINDOW = 1 << 15   # deflate's window: the dictionary a block starts with
LEVEL = zlib.Z_DEFAULT_COMPRESSION  # zipfile's own
MAX_THREADS = 8    # more adds nothing to one file
THREAD_NAME = "scormgen-deflate"

# A block being deflated: its bytes when done in the caller's thread, else a future.
Pending: TypeAlias = "Future[bytes] | bytes"


def default_threads() -> int:
    """The deflating threads worth having: one per core this process may use, at most 8."""
    return min(available_cores(), MAX_THREADS)


def deflate_block(block: bytes, dictionary: bytes, last: bool) -> bytes:
    """One block of the stream: raw deflate primed with ``dictionary``, ending the stream
    if ``last``, else on a byte boundary."""
    if dictionary:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=dictionary)
    else:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(block) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


class DeflatePool:
    """The threads that deflate the blocks of large entries, for one build (``threads``:
    how many; fewer than 2 means none, every block in the caller's thread).

    Use it as a context manager: its threads start with the first block given to them
    and are stopped on exit (blocks not started yet are dropped if the exit is on an
    error). It deflates nothing once closed."""

    def __init__(self, threads: int | None = None) -> None:
        self.threads = default_threads() if threads is None else threads
        self.executor: ThreadPoolExecutor | None = None
        self.lock = threading.Lock()
        self.closed = False

    def __enter__(self) -> DeflatePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close(cancel=kind is not None)

    def submit(self, block: bytes, dictionary: bytes, last: bool) -> Pending:
        """Deflate a block (``deflate_block``) on a thread, or here on one core."""
        with self.lock:
            if self.closed:
                raise RuntimeError("this DeflatePool is closed: open another one")
            if self.executor is None and self.threads >= 2:
                self.executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix=THREAD_NAME)
            executor = self.executor
        if executor is None:
            return deflate_block(block, dictionary, last)
        return executor.submit(deflate_block, block, dictionary, last)

    def close(self, cancel: bool = False) -> None:
        """Stop the threads, once the blocks given to them are done (or, if ``cancel``,
        once those already started are)."""
        with self.lock:
            self.closed = True
            executor, self.executor = self.executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=cancel)


class ParallelDeflate:
    """A raw deflate compressor with zlib's ``compress``/``flush`` interface whose blocks
    are deflated by a ``DeflatePool`` (``pool=None``: all in the caller's thread, same
    bytes)."""

    def __init__(self, pool: DeflatePool | None = None, *, block: int = BLOCK, in_flight: int = 16) -> None:
        self.pool = pool
        self.block = block
        self.limit = in_flight
        self.pending = bytearray()
        self.dictionary = b""
        self.running: deque[Pending] = deque()

    def compress(self, data: bytes) -> bytes:
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
            self.running.append(self.pool.submit(block, dictionary, last))

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

"""The pages of a course: each read, parsed, checked and rendered, in course order.

``process_pages`` yields each page as soon as it is ready: from the page cache when it
holds the page, else parsed in this process or, for a large course, in worker
processes (while the build writes the media of the pages already yielded).
"""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..cores import available_cores
from ..errors import Problem
from ..i18n import translations
from ..markdown.page import parse_page
from .model import ParsedPage
from .pagecache import PageCache
from .sources import read_text

# Pages are parsed in worker processes when a course has this many: the workers turn
# Markdown into HTML while the build process writes the media of the pages already
# read (for 1,000 pages, a first build takes 1.7 s instead of 1.9 s).
PARALLEL_PAGES = 64
MAX_WORKERS = 8
# Pages go to the workers in small chunks (1,000 pages on 2 cores: chunks of 7), so that
# the build has the first ones, and starts writing their media, soon after it starts.
CHUNKS_PER_WORKER = 64


@dataclass(frozen=True)
class PageTask:
    """What it takes to process one page (plain data, which a worker process can take)."""

    page_id: str
    file: Path
    course_dir: Path
    page_files: dict[Path, str]   # every page's file -> its id, for links between pages
    language: str


def process_page(task: PageTask) -> tuple[ParsedPage | None, list[Problem]]:
    """Read, parse, check and render one page (in this process or a worker)."""
    problems: list[Problem] = []
    source = read_text(task.file, task.course_dir, problems)
    if source is None:
        return None, problems
    parsed = parse_page(source, task.file, task.course_dir, task.page_id, task.page_files, problems,
                        translations(task.language).gettext)
    return parsed, problems


# What every page of the course shares (its folder, every page's file, its language),
# given to each worker process once when it starts, not with each page: a page sent to
# a worker is then two short values, and the first pages come back sooner.
_shared: PageTask | None = None


def _start_worker(shared: PageTask) -> None:
    global _shared
    _shared = shared


def _process_in_worker(page: tuple[str, Path]) -> tuple[ParsedPage | None, list[Problem]]:
    assert _shared is not None, "a page worker is started with the course's shared data"
    return process_page(replace(_shared, page_id=page[0], file=page[1]))


def process_pages(tasks: list[PageTask]) -> Iterator[tuple[ParsedPage | None, list[Problem]]]:
    """Every page processed, yielded in course order as it is ready; pages without
    problems are kept in the page cache."""
    if not tasks:
        return
    cache = PageCache.open(tasks[0].course_dir, tasks[0].page_files, tasks[0].language)
    cached = [cache.get(t.page_id, t.file, t.course_dir) if cache else None for t in tasks]
    todo = [task for task, hit in zip(tasks, cached, strict=True) if hit is None]
    workers = min(available_cores(), MAX_WORKERS)
    pool = None
    if len(todo) >= PARALLEL_PAGES and workers >= 2:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(todo[0],))
        fresh = pool.map(_process_in_worker, [(task.page_id, task.file) for task in todo],
                         chunksize=max(1, len(todo) // (workers * CHUNKS_PER_WORKER)))
    else:
        fresh = map(process_page, todo)
    try:
        for task, hit in zip(tasks, cached, strict=True):
            if hit is not None:
                yield hit, []
                continue
            parsed, problems = next(fresh)
            if cache and parsed is not None and not problems:
                cache.put(task.page_id, task.file, parsed)
            yield parsed, problems
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)

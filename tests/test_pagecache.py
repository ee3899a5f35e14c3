"""The page cache: a rebuild parses only changed pages; an entry is inert data, and one
that is tampered with, foreign, or made by other library versions is a miss, never a
crash or code run; it never changes a package's bytes."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

from conftest import write_course
from scormgen.build import build
from scormgen.course import pagecache, pages
from scormgen.errors import CourseError


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCORMGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SCORMGEN_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The ids of the pages actually parsed (not found in the cache)."""
    seen: list[str] = []
    original = pages.process_page

    def counting(task):
        seen.append(task.page_id)
        return original(task)
    monkeypatch.setattr(pages, "process_page", counting)
    return seen


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.zip"))}


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.rglob("*.json"))


def test_rebuild_parses_only_changed_pages_and_gives_the_same_bytes(tmp_path, cache_dir, parses):
    course = write_course(tmp_path / "course")
    first = build(course, tmp_path / "a")
    assert sorted(parses) == ["intro", "people", "second"]
    assert len(entries(cache_dir)) == 3
    parses.clear()
    build(course, tmp_path / "b")
    assert parses == []
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    (course / "pages" / "second.md").write_text("# Second page\n\nChanged.\n", encoding="utf-8")
    parses.clear()
    build(course, tmp_path / "c")
    assert parses == ["second"]
    assert len(first) == 5


def test_entries_are_json_data(tmp_path, cache_dir):
    build(write_course(tmp_path / "course"), tmp_path / "a", ["scorm12"])
    for entry in entries(cache_dir):
        data = json.loads(entry.read_text(encoding="utf-8"))
        assert set(data) == {"format", "key", "page"}
        assert data["key"] == entry.stem


class Boom:
    def __reduce__(self):
        return (os.system, ("touch /tmp/scormgen-pwned",))


@pytest.mark.parametrize("tamper", [
    lambda data: b"not json at all",
    lambda data: b"",
    lambda data: pickle.dumps(Boom()),
    lambda data: json.dumps({**json.loads(data), "key": "0" * 64}).encode(),
    lambda data: json.dumps({**json.loads(data), "format": 99}).encode(),
    lambda data: json.dumps({**json.loads(data), "page": {"title": 3}}).encode(),
    lambda data: json.dumps({**json.loads(data), "page": {**json.loads(data)["page"], "html": ["x"]}}).encode(),
    lambda data: json.dumps({**json.loads(data), "page": {**json.loads(data)["page"],
                                                          "media": ["../../../etc/passwd"]}}).encode(),
    lambda data: json.dumps([1, 2, 3]).encode(),
], ids=["garbage", "empty", "pickle", "foreign-key", "other-format", "wrong-type", "html-not-text",
        "media-outside", "not-a-mapping"])
def test_a_tampered_entry_is_a_miss(tmp_path, cache_dir, parses, tamper):
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "a", ["scorm12"])
    for entry in entries(cache_dir):
        entry.write_bytes(tamper(entry.read_bytes()))
    parses.clear()
    build(course, tmp_path / "b", ["scorm12"])
    assert sorted(parses) == ["intro", "people", "second"]  # every page parsed again
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert not Path("/tmp/scormgen-pwned").exists()


def test_another_library_version_is_a_miss(tmp_path, cache_dir, parses, monkeypatch):
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "a", ["scorm12"])
    real = pagecache.metadata.version
    monkeypatch.setattr(pagecache.metadata, "version",
                        lambda name: "999.0" if name == "pyromark" else real(name))
    pagecache.fingerprint.cache_clear()
    try:
        parses.clear()
        build(course, tmp_path / "b", ["scorm12"])
        assert sorted(parses) == ["intro", "people", "second"]
    finally:
        pagecache.fingerprint.cache_clear()


def test_a_media_file_swapped_for_a_link_outside_is_never_followed(tmp_path, cache_dir):
    """A cached page's media are resolved again: a file replaced by a symbolic link to a
    file outside the course is refused as on a first build, never copied into a package."""
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "a", ["scorm12"])
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"SECRET")
    (course / "media" / "square.png").unlink()
    (course / "media" / "square.png").symlink_to(secret)
    with pytest.raises(CourseError) as info:
        build(course, tmp_path / "b", ["scorm12"])
    assert info.value.codes == ["SG121"]
    assert not (tmp_path / "b").exists()


def test_the_cache_can_be_turned_off(tmp_path, cache_dir, parses, monkeypatch):
    monkeypatch.setenv("SCORMGEN_NO_CACHE", "1")
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "a", ["scorm12"])
    build(course, tmp_path / "b", ["scorm12"])
    assert len(parses) == 6
    assert entries(cache_dir) == []

"""The preview's rebuilds: whatever fails, the last good build stays and watching goes on."""
from __future__ import annotations

from conftest import write_course
from scormgen.preview import server as preview_server
from scormgen.preview.server import PreviewServer


def test_a_defect_in_a_rebuild_is_shown_and_the_next_rebuild_works(tmp_path, monkeypatch):
    course = write_course(tmp_path / "course")
    server = PreviewServer(course, "scorm2004-4th", 0)
    try:
        server.rebuild()
        assert server.error is None and server.version == 1
        good_site = server.site
        real_build = preview_server.build

        def broken(*args, **kwargs):
            raise RuntimeError("renderer on fire")
        monkeypatch.setattr(preview_server, "build", broken)
        server.rebuild()
        assert server.error is not None and "internal error: RuntimeError: renderer on fire" in server.error
        assert server.site == good_site and server.version == 1  # the last good build stays
        monkeypatch.setattr(preview_server, "build", real_build)
        server.rebuild()
        assert server.error is None and server.version == 2
    finally:
        server.stop()


def test_a_broken_course_is_shown_with_its_codes(tmp_path):
    course = write_course(tmp_path / "course", {"pages/second.md": "no title\n"})
    server = PreviewServer(course, "scorm12", 0)
    try:
        server.rebuild()
        assert server.error is not None and "[SG140]" in server.error
        assert server.site is None
    finally:
        server.stop()

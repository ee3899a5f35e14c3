"""Video and audio in a course: players with captions and transcripts, YouTube and Vimeo
embeds that ask nothing of the video site before the learner presses play, what the
build says about media (opt-outs, weight, oversized images, unused files), images with
their width and height; and, in Chromium, a real video with its captions and real audio
playing in every target, with axe-core finding nothing on the media page."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_markdown import Balance

from conftest import AXE, COURSE_YML, ROOT, axe, write_course
from scormgen.cli import cli
from scormgen.course import load_course
from scormgen.i18n import translations
from scormgen.markdown import parse_page
from scormgen.media.embeds import find_embed, video_site
from scormgen.media.html import MEDIA_MESSAGES
from scormgen.media.images import reading_width_px
from scormgen.media.stage import MediaStage
from scormgen.media.vtt import parse_vtt

TARGETS = ["scorm12", "scorm2004-3rd", "scorm2004-4th", "cmi5", "xapi"]
CAPTIONS_EN = ("WEBVTT\n\nNOTE written for the tests\n\n1\n00:00.000 --> 00:00.900 line:90%\n"
               "<v Dr. Lalande>What would you like to be different?\n\n"
               "00:01.000 --> 00:01.900\n<v Patient>To sleep &amp; rest.\n")
CAPTIONS_FR = "WEBVTT\n\n00:00.000 --> 00:01.900\nQu'aimeriez-vous changer ?\n"


# -- media files made here (no binary file in the repository) -------------------------------
def make_webm(path: Path, seconds: int = 2) -> Path:
    """A real VP8 WebM video (64x48, 10 frames a second) that browsers play."""
    import av
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(seconds * 10):
            frame = av.VideoFrame(64, 48, "yuv420p")
            for plane, value in zip(frame.planes, (40 + index * 8, 128, 128), strict=True):
                plane.update(bytes([value]) * plane.buffer_size)
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def make_audio(path: Path, codec: str, seconds: float = 1.5) -> Path:
    """A real audio file (a 440 Hz tone): WAV (pcm_s16le) or Ogg (libopus)."""
    import math

    import av
    rate = 48000
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        samples = int(rate * seconds)
        chunk = 960
        for start in range(0, samples, chunk):
            frame = av.AudioFrame(format="s16", layout="mono", samples=chunk)
            frame.planes[0].update(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * (start + n)
                                                                                     / rate))) for n in range(chunk)))
            frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of this size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# -- helpers --------------------------------------------------------------------------------
def load(tmp_path: Path, files: dict, yml: str = ""):
    course = load_course(write_course(tmp_path / "course", {"course.yml": COURSE_YML + yml, **files}))
    return course, {page.id: page for page in course.pages}


def fragment(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def build_cli(tmp_path: Path, monkeypatch, *args: str):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["build", "course", "--out", "dist", "--target", "scorm12", *args])


def warnings_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("warning:")]


VIDEO_PAGE = "# Second\n\nWatch them agree:\n![A physician and a patient agree on goals](../media/clip.mp4)\n\nAfter.\n"


# -- players, captions, transcripts -----------------------------------------------------------
def test_a_video_is_a_native_player_with_its_captions_and_transcript(tmp_path):
    course, pages = load(tmp_path, {"pages/second.md": VIDEO_PAGE, "media/clip.mp4": b"\0",
                                    "media/clip.vtt": CAPTIONS_EN, "media/clip.fr.vtt": CAPTIONS_FR})
    root = fragment(pages["second"].parsed.html)
    # the player comes after the paragraph it was written in, which keeps its text
    assert [child.tag for child in root] == ["p", "figure", "p"]
    assert root[0].text_content().strip() == "Watch them agree:"
    figure = root[1]
    assert figure.get("class") == "sg-media sg-media-video"
    video = figure.find("video")
    assert video.get("controls") is not None and video.get("preload") == "metadata"
    assert video.get("autoplay") is None
    assert video.get("aria-label") == "A physician and a patient agree on goals"
    assert [(s.get("src"), s.get("type")) for s in video.findall("source")] == [("media/clip.mp4", "video/mp4")]
    tracks = video.findall("track")
    assert [(t.get("kind"), t.get("srclang"), t.get("label"), t.get("default")) for t in tracks] == [
        ("captions", "en", "English", ""), ("captions", "fr", "French", None)]
    # the captions travel in the page (a data: address): Chromium refuses a track from file:
    assert tracks[0].get("src").startswith("data:text/vtt;charset=utf-8,WEBVTT")
    from urllib.parse import unquote
    assert unquote(tracks[0].get("src").split(",", 1)[1]) == CAPTIONS_EN
    assert figure.find("figcaption").text_content() == "A physician and a patient agree on goals"
    details = figure.find("details")
    assert details.get("class") == "sg-transcript" and details.find("summary").text == "Transcript"
    paragraphs = [p.text_content() for p in details.iter("p")]
    assert paragraphs == ["Dr. Lalande: What would you like to be different?", "Patient: To sleep & rest."]
    # the video is packaged, the caption files are not needed there
    assert "media/clip.mp4" in course.media and "media/clip.vtt" not in course.media


def test_in_a_french_course_the_captions_words_are_french(tmp_path):
    yml = "translations: []\n"
    course, pages = load(tmp_path, {
        "course.yml": COURSE_YML.replace("language: en", "language: fr-CA") + yml,
        "pages/second.md": VIDEO_PAGE, "media/clip.mp4": b"\0",
        "media/clip.vtt": CAPTIONS_FR, "media/clip.en.vtt": CAPTIONS_EN})
    video = fragment(pages["second"].parsed.html).find(".//video")
    assert [(t.get("srclang"), t.get("label"), t.get("default")) for t in video.findall("track")] == [
        ("fr-CA", "Français (Canada)", ""), ("en", "Anglais", None)]
    summary = fragment(pages["second"].parsed.html).find(".//summary")
    assert summary.text == "Transcription"


def test_an_audio_takes_its_transcript_from_markdown_or_from_captions(tmp_path):
    course, pages = load(tmp_path, {
        "pages/second.md": "# Second\n\n![The podcast](../media/cast.mp3)\n\n![The interview](../media/talk.ogg)\n",
        "media/cast.mp3": b"ID3", "media/cast.transcript.md": "**Host:** Welcome to *the show*.\n",
        "media/talk.ogg": b"OggS", "media/talk.vtt": CAPTIONS_EN})
    first, second = fragment(pages["second"].parsed.html).findall("figure")
    assert first.find("audio").get("aria-label") == "The podcast"
    assert first.find("audio/source").get("type") == "audio/mpeg"
    assert lxml.html.tostring(first.find(".//div[@class='sg-transcript-text']/p"), encoding="unicode") == (
        "<p><strong>Host:</strong> Welcome to <em>the show</em>.</p>\n")
    assert second.find("audio/source").get("type") == "audio/ogg"
    assert second.find("audio/track") is None, "an audio's captions serve its transcript only"
    assert "Patient: To sleep & rest." in second.find("details").text_content()


def test_a_changed_caption_file_changes_the_next_build_despite_the_page_cache(tmp_path):
    files = {"pages/second.md": VIDEO_PAGE, "media/clip.mp4": b"\0", "media/clip.vtt": CAPTIONS_EN}
    _, pages = load(tmp_path, files)
    assert "To sleep" in pages["second"].parsed.html
    (tmp_path / "course" / "media" / "clip.vtt").write_text(CAPTIONS_EN.replace("To sleep", "To walk"))
    _, pages = load(tmp_path, files | {"media/clip.vtt": CAPTIONS_EN.replace("To sleep", "To walk")})
    assert "To walk" in pages["second"].parsed.html and "To sleep" not in pages["second"].parsed.html


def test_a_video_without_speech_on_the_record_builds_with_a_warning_naming_the_reason(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {
        "course.yml": COURSE_YML + "media:\n  clip.mp4: {captions: none, reason: \"No speech: music only.\"}\n"
                                   "  media/jingle.mp3:\n    transcript: none\n    reason: A jingle, no words.\n",
        "pages/second.md": VIDEO_PAGE + "\n![The jingle](../media/jingle.mp3)\n",
        "media/clip.mp4": b"\0", "media/jingle.mp3": b"ID3"})
    result = build_cli(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert warnings_of(result.output) == [
        "warning: course/course.yml:27: the video 'media/clip.mp4' has no captions, on the record: \"No speech: "
        "music only.\". Add media/clip.vtt when it has speech: learners who cannot hear it would miss it. [SG172]",
        "warning: course/course.yml:28: the audio 'media/jingle.mp3' has no transcript, on the record: \"A jingle, "
        "no words.\". Add media/jingle.vtt when it has speech: learners who cannot hear it would miss it. [SG172]"]


# -- exact messages of the problems --------------------------------------------------------------
def test_media_problems_are_all_said_exactly_and_nothing_is_written(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {
        "course.yml": COURSE_YML + "media:\n  media/clp.mp4: {captions: none, reason: No speech.}\n",
        "pages/second.md": "# Second\n\n![A talk](../media/clip.mp4)\n\n![An old one](../media/old.mov)\n\n"
                           "[Our channel](https://www.youtube.com/channel/UC123)\n\n![A chat](../media/chat.webm)\n",
        "media/clip.mp4": b"\0", "media/chat.webm": b"\0",
        "media/chat.vtt": "WEBVTT\n\n00:01.000 -> 00:02.000\nHi.\n", "media/chat.es_MX.vtt": "WEBVTT\n"})
    result = build_cli(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "  course/course.yml:27: 'media/clp.mp4' under 'media' is no video or audio that a page plays. Did you "
        "mean 'media/clip.mp4'? [SG171]",
        "  course/media/chat.es_MX.vtt: the caption file's name gives 'es_MX' as its language, which is not a "
        "language code. Name it chat.<language>.vtt with a code such as en, fr or fr-CA (e.g. chat.fr.vtt), or "
        "chat.vtt for the course's language. [SG168]",
        "  course/media/chat.vtt:3: this cue has no time line where browsers look for it (its first line, or its "
        "second after an identifier), so they skip it. Give it a time line such as '00:01.000 --> 00:04.000', "
        "with a blank line before the cue. [SG167]",
        "  course/pages/second.md:3: the video 'media/clip.mp4' has no captions (media/clip.vtt). Write its "
        "captions in WebVTT as media/clip.vtt (or media/clip.<language>.vtt, one per language); if it has no "
        "speech, record why in course.yml: 'media:' then '  media/clip.mp4: {captions: none, reason: \"...\"}'. "
        "[SG165]",
        "  course/pages/second.md:5: the file '../media/old.mov' is in QuickTime format, which browsers do not "
        "all play. Convert it to a format they all play: videos in .mp4 (H.264), .webm or .m4v; audio in .mp3, "
        ".m4a, .ogg or .wav. [SG169]",
        "  course/pages/second.md:7: the address 'https://www.youtube.com/channel/UC123' is on YouTube but shows "
        "no single video (a channel, a playlist or a malformed video id), so it cannot be played in the page. "
        "Link the video itself (e.g. https://www.youtube.com/watch?v=... or https://vimeo.com/123456), or write "
        "the link inside a sentence to keep it a plain link. [SG170]"]
    assert not (tmp_path / "dist").exists()


def test_a_missing_video_keeps_the_missing_file_problem(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"pages/second.md": "# Second\n\n![A talk](../media/gone.webm)\n"})
    result = build_cli(tmp_path, monkeypatch)
    assert result.output.splitlines()[1:] == [
        "  course/pages/second.md:3: the video '../media/gone.webm' does not exist. Check the file name and its "
        "folder (names are case-sensitive). [SG122]"]


@pytest.mark.parametrize("source, problems", [
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", []),
    ("WEBVTT - a title\n\n01:00:01.000 --> 01:00:02.500 align:start\nHi.\n", []),
    ("WEBVTT\n\nNOTE a comment\nwith --> in it\n\nSTYLE\n::cue { color: yellow }\n\nid-1\n00:01.000 --> 00:01.000\n",
     []),
    ("WEBVTT\n\n00:01.000\t-->\t00:02.000\nHi.\n\n\n\n00:03.000 --> 00:04.000\n", []),
    ("webvtt\n", [(1, "SG166")]),
    ("WEBVTTX\n\n00:01.000 --> 00:02.000\n", [(1, "SG166")]),
    ("1\n00:00:01,000 --> 00:00:02,000\nSubRip.\n", [(1, "SG166")]),
    ("WEBVTT\n00:01.000 --> 00:02.000\nToo close.\n", [(2, "SG167")]),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nA.\n\n0:03.000 --> 00:04.000\nB.\n", [(6, "SG167")]),
    ("WEBVTT\n\n00:61.000 --> 00:62.000\nA.\n", [(3, "SG167")]),
    ("WEBVTT\n\n00:01.00 --> 00:02.000\nA.\n", [(3, "SG167")]),
    ("WEBVTT\n\n00:01.000-->00:02.000\nA.\n", [(3, "SG167")]),
    ("WEBVTT\n\n00:05.000 --> 00:04.000\nBackwards.\n", [(3, "SG167")]),
    ("WEBVTT\n\nid\nmore\n00:01.000 --> 00:02.000\nA.\n", [(5, "SG167")]),
    ("WEBVTT\n\nJust text.\n\n00:01.000 --> 00:02.000\nA.\n\n00:0x.000 --> 00:02.000\n",
     [(3, "SG167"), (8, "SG167")]),
])
def test_caption_files_are_checked_as_browsers_read_them(source, problems):
    found = []
    cues = parse_vtt(source, Path("c.vtt"), found)
    assert [(p.line, p.code) for p in found] == problems
    assert (cues is None) == bool(problems)


def test_cues_keep_their_times_and_text():
    cues = parse_vtt(CAPTIONS_EN, Path("c.vtt"), [])
    assert [(c.start, c.end, c.line) for c in cues] == [(0.0, 0.9, 6), (1.0, 1.9, 9)]
    assert cues[1].text == "<v Patient>To sleep &amp; rest."
    long = parse_vtt("WEBVTT\n\n123:04:05.678 --> 123:04:06.000\nx\n", Path("c.vtt"), [])
    assert long[0].start == pytest.approx(123 * 3600 + 4 * 60 + 5.678)


# -- YouTube and Vimeo ---------------------------------------------------------------------------
@pytest.mark.parametrize("url, player", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&list=PL1", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("http://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"),
    ("https://youtu.be/dQw4w9WgXcQ?t=42", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/live/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://vimeo.com/76979871/3a1b2c4d5e", "https://player.vimeo.com/video/76979871?dnt=1&h=3a1b2c4d5e"),
    ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://vimeo.com/groups/shortfilms/videos/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://player.vimeo.com/video/76979871?h=ab12", "https://player.vimeo.com/video/76979871?dnt=1&h=ab12"),
])
def test_video_addresses_give_the_privacy_enhanced_player(url, player):
    assert find_embed(url).player == player


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/@medschool", "https://www.youtube.com/channel/UCabc", "https://www.youtube.com/c/x",
    "https://www.youtube.com/playlist?list=PL1234", "https://www.youtube.com/watch?list=PL1234",
    "https://www.youtube.com/watch?v=short", "https://youtu.be/", "https://youtu.be/dQw4w9WgXcQ/extra",
    "https://vimeo.com/user42", "https://vimeo.com/channels/staffpicks", "https://vimeo.com/showcase/123",
    "https://player.vimeo.com/video/abc",
])
def test_addresses_on_video_sites_that_are_no_video(url):
    assert video_site(url) is not None and find_embed(url) is None


@pytest.mark.parametrize("url", ["https://example.org/watch?v=dQw4w9WgXcQ", "ftp://youtube.com/x",
                                 "https://notyoutube.com/watch?v=dQw4w9WgXcQ", "javascript:alert(1)"])
def test_other_addresses_are_no_video_site(url):
    assert video_site(url) is None


EMBED_PAGE = ("# Second\n\n[Motivational interviewing: a demonstration](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"
              "\n\n<https://vimeo.com/76979871>\n\nIn a sentence: [a video](https://youtu.be/dQw4w9WgXcQ) stays a link."
              "\n\n- [In a list](https://youtu.be/dQw4w9WgXcQ)\n")


def test_a_video_link_alone_on_its_line_is_a_button_that_loads_nothing(tmp_path):
    _, pages = load(tmp_path, {"pages/second.md": EMBED_PAGE})
    html = pages["second"].parsed.html
    root = fragment(html)
    figures = root.findall("figure")
    assert [f.get("data-sg-embed") for f in figures] == ["youtube", "vimeo"]
    button = figures[0].find(".//button")
    assert button.get("type") == "button" and button.get("data-sg-action") == "play-embed"
    assert button.text_content() == "Play video: Motivational interviewing: a demonstration"
    assert button.get("data-sg-embed-src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert figures[1].find(".//button").text_content() == "Play video: Vimeo video"
    # nothing that loads: no iframe, no image, no script; the video site named only in the link and the button
    assert root.find(".//iframe") is None and root.find(".//img") is None and "<script" not in html
    link = figures[0].find("figcaption/a")
    assert link.get("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert link.text_content() == "Watch on YouTube (opens in a new tab)"
    # a link in a sentence or a list stays a link
    assert [a.get("href") for a in root.xpath("./p//a | ./ul//a")] == ["https://youtu.be/dQw4w9WgXcQ"] * 2


def test_embeds_false_keeps_video_links_as_links(tmp_path):
    _, pages = load(tmp_path, {"pages/second.md": EMBED_PAGE + "\n<https://www.youtube.com/@channel>\n"},
                    "embeds: false\n")
    root = fragment(pages["second"].parsed.html)
    assert root.find(".//figure") is None and root.find(".//button") is None
    assert root[0].tag == "p" and root[0].find("a").get("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert root[0].find("a").text == "Motivational interviewing: a demonstration"


# -- images and what the build says about media ---------------------------------------------------
def test_images_carry_their_width_and_height(tmp_path):
    svg_root = '<svg xmlns="http://www.w3.org/2000/svg" width="480px" height="400" viewBox="0 0 480 400"></svg>'
    svg_box = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 40"><rect width="10" height="10"/></svg>'
    svg_pct = '<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%"></svg>'
    _, pages = load(tmp_path, {
        "pages/second.md": "# Second\n\n![A photo](../media/photo.png \"Taken in 2016\") ![A](../media/a.svg) "
                           "![B](../media/b.svg) ![C](../media/c.svg) ![D](../media/broken.png)\n",
        "media/photo.png": png(30, 20), "media/a.svg": svg_root, "media/b.svg": svg_box, "media/c.svg": svg_pct,
        "media/broken.png": b"\x89PNG"})
    images = fragment(pages["second"].parsed.html).findall(".//img")
    assert [(i.get("src"), i.get("width"), i.get("height")) for i in images] == [
        ("media/photo.png", "30", "20"), ("media/a.svg", "480", "400"), ("media/b.svg", None, None),
        ("media/c.svg", None, None), ("media/broken.png", None, None)]
    assert images[0].get("alt") == "A photo" and images[0].get("title") == "Taken in 2016"


def test_the_reading_column_is_read_from_the_stylesheet():
    stylesheet = (ROOT / "templates" / "course.css").read_text(encoding="utf-8")
    declared = re.search(r"--sg-reading-width:\s*([\d.]+)rem", stylesheet)
    assert reading_width_px(stylesheet) == round(float(declared.group(1)) * 16) == 704
    assert reading_width_px(":root { --sg-reading-width: 900px; }") == 900


def test_heavy_media_oversized_images_and_unused_files_are_warnings(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {
        "course.yml": COURSE_YML + "media_size_warning: 0.002\n",
        "pages/second.md": "# Second\n\n![A wide photo](../media/wide.png)\n\n![A wide photo](../media/wide.png)\n\n"
                           "[The handout](../media/handout.pdf)\n",
        "media/wide.png": png(1500, 2), "media/handout.pdf": b"%PDF" + b"\0" * 3000,
        "media/draft/old.png": png(2, 2), "media/.DS_Store": b"\0"})
    result = build_cli(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert warnings_of(result.output) == [
        "warning: course/pages/second.md:3: the image 'media/wide.png' is 1,500 px wide, but pages show it at most "
        "704 px wide (1,408 px on a high-density screen): learners download far more than they see. Resize it to "
        "1,408 px wide or less. [SG174]",
        "warning: course/pages/second.md: the file 'media/handout.pdf' weighs 0.003 MB, more than 0.002 MB: learners "
        "on a slow connection wait for it, and some LMSs refuse large packages. Compress it (a video at 720p is "
        "usually enough), or raise 'media_size_warning' in course.yml if it must stay this size. [SG173]",
        "warning: course/media/draft/old.png: no page uses this file, so it is not in the packages. Use it in a "
        "page, or delete it if it is left over. [SG175]"]


def test_a_large_video_is_named_with_its_size_in_megabytes(tmp_path, monkeypatch):
    big = tmp_path / "course" / "media" / "lecture.mp4"
    write_course(tmp_path / "course", {"pages/second.md": "# Second\n\n![The lecture](../media/lecture.mp4)\n",
                                       "media/lecture.vtt": CAPTIONS_EN})
    with open(big, "wb") as handle:  # 21.5 MB, sparse: nothing written but its length
        handle.truncate(21_500_000)
    result = build_cli(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert [w for w in warnings_of(result.output) if "[SG173]" in w] == [
        "warning: course/pages/second.md:3: the video 'media/lecture.mp4' weighs 21.5 MB, more than 20 MB: learners "
        "on a slow connection wait for it, and some LMSs refuse large packages. Compress it (a video at 720p is "
        "usually enough), or raise 'media_size_warning' in course.yml if it must stay this size. [SG173]"]


def test_media_settings_are_checked(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"course.yml": COURSE_YML + "embeds: maybe\nmedia_size_warning: lots\n"
                                                                  "media:\n  media/a.mp4: {captions: all}\n"})
    result = build_cli(tmp_path, monkeypatch)
    codes = re.findall(r"^  (\S+): .*\[(SG\d+)\]$", result.output, flags=re.M)
    assert codes == [("course/course.yml:26", "SG113"), ("course/course.yml:27", "SG113"),
                     ("course/course.yml:29", "SG112"), ("course/course.yml:29", "SG113")], result.output


def test_the_real_module_still_builds_without_a_media_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["build", "course_source", "--out", str(tmp_path), "--target", "scorm12"])
    assert result.exit_code == 0 and warnings_of(result.output) == [], result.output


def test_every_media_word_has_a_french_translation():
    french = translations("fr-CA")
    assert [m for m in MEDIA_MESSAGES if french.gettext(m) == m] == []


# -- in Chromium: every target, real media ---------------------------------------------------------
def write_media_course(folder: Path, language: str) -> Path:
    french = language.startswith("fr")
    write_course(folder, {
        "course.yml": COURSE_YML.replace("language: en", f"language: {language}").replace(
            "  - intro\n", "  - intro\n  - media\n"),
        "pages/media.md": ("# Vidéo et audio\n\n" if french else "# Video and audio\n\n")
        + "![A physician and a patient agree on goals](../media/clip.webm)\n\n"
          "![The tone of a consultation](../media/tone.wav)\n\n![A short reminder](../media/reminder.ogg)\n\n"
          "[Motivational interviewing: a demonstration](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n"
          "<https://vimeo.com/76979871>\n",
        "media/clip.vtt": CAPTIONS_FR if french else CAPTIONS_EN,
        "media/clip.fr.vtt" if not french else "media/clip.en.vtt": CAPTIONS_EN if french else CAPTIONS_FR,
        "media/tone.transcript.md": "A steady **tone**, then silence.\n",
        "media/reminder.vtt": CAPTIONS_EN,
    })
    make_webm(folder / "media" / "clip.webm")
    make_audio(folder / "media" / "tone.wav", "pcm_s16le")
    make_audio(folder / "media" / "reminder.ogg", "libopus")
    return folder


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    from lms_server import LmsServer
    from scormgen.build import build
    root = tmp_path_factory.mktemp("media-site")
    for language in ("en", "fr-CA"):
        course = write_media_course(root / f"course-{language}", language)
        for package in build(course, root / f"dist-{language}", TARGETS if language == "en" else ["scorm2004-4th"]):
            with zipfile.ZipFile(package.path) as archive:
                archive.extractall(root / "pkg" / f"{language}-{package.target.name}")
    with LmsServer(root / "pkg") as server:
        yield server


def open_media_page(media_site, browser, folder: str):
    """The media page of a package opened standalone over http, every request to
    another host recorded and refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()
    context.route(lambda url: not url.startswith(media_site.url), refuse)
    page = context.new_page()
    page.goto(f"{media_site.url}/pkg/{folder}/index.html")
    page.locator('[data-sg-toc] a[data-sg-goto="media"]').click()
    page.locator('[data-sg-page-id="media"] video').wait_for()
    return context, page, outside


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_video_and_audio_play_in_every_target(media_site, browser, target):
    from playwright.sync_api import expect
    context, page, outside = open_media_page(media_site, browser, f"en-{target}")
    shown = page.locator('[data-sg-page-id="media"]')
    video = shown.locator("video")
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())  # HAVE_METADATA
    tracks = video.evaluate("v => Array.from(v.textTracks, t => [t.kind, t.language, t.mode])")
    assert tracks == [["captions", "en", "showing"], ["captions", "fr", "disabled"]]
    page.wait_for_function("v => v.textTracks[0].cues && v.textTracks[0].cues.length === 2",
                           arg=video.element_handle())
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0.2", arg=video.element_handle())
    for audio in shown.locator("audio").element_handles():
        page.wait_for_function("a => a.readyState >= 1 && a.duration > 1", arg=audio)
    # the transcripts open
    transcript = shown.locator("details.sg-transcript").first
    transcript.locator("summary").click()
    expect(transcript.get_by_text("Patient: To sleep & rest.")).to_be_visible()
    # the embeds asked nothing of YouTube or Vimeo until pressed
    assert outside == []
    button = shown.get_by_role("button", name="Play video: Motivational interviewing: a demonstration")
    button.click()
    frame = shown.locator("iframe.sg-embed-player")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    expect(frame).to_have_attribute("title", "Motivational interviewing: a demonstration")
    expect(frame).to_have_attribute("allow", "autoplay; fullscreen")
    expect(frame).to_be_focused()
    expect(button).to_be_hidden()
    page.wait_for_timeout(200)
    assert outside and all(url.startswith("https://www.youtube-nocookie.com/") for url in outside), outside
    # leaving the page stops what plays on it, and puts the embed back to its button
    page.locator('[data-sg-nav="prev"]').click()
    page.wait_for_function("() => Array.from(document.querySelectorAll('video')).every(v => v.paused)")
    assert page.locator("iframe.sg-embed-player").count() == 0
    context.close()


@pytest.mark.browser
@pytest.mark.node
@pytest.mark.slow
@pytest.mark.parametrize("target", ["scorm12", "scorm2004-3rd", "scorm2004-4th"])
def test_video_plays_with_its_captions_under_an_lms_runtime(media_site, browser, target):
    """The package in the test LMS (scorm-again from npm, the module in its frame): the
    media page plays its video with its captions, and the LMS refuses no call."""
    from playwright.sync_api import expect

    from lms_server import ScoLaunch, refused_calls
    launch = ScoLaunch(media_site, browser.new_context(), f"en-{target}",
                       "scorm12" if target == "scorm12" else "scorm2004", {"cmi": {}})
    page, frame = launch.page, launch.frame
    launch.goto("media")
    video = frame.locator('[data-sg-page-id="media"] video')
    expect(video).to_be_visible()
    handle = video.element_handle()
    handle.wait_for_element_state("visible")
    page.wait_for_function("v => v.readyState >= 1 && v.textTracks[0].cues && v.textTracks[0].cues.length === 2",
                           arg=handle)
    assert video.evaluate("v => [v.textTracks[0].kind, v.textTracks[0].mode]") == ["captions", "showing"]
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0.2", arg=handle)
    calls = launch.calls()
    assert any(c["method"] in ("LMSInitialize", "Initialize") for c in calls)
    assert refused_calls(calls) == []
    page.close()


@pytest.mark.browser
@pytest.mark.node
@pytest.mark.slow
@pytest.mark.parametrize("folder", ["en-scorm2004-4th", "fr-CA-scorm2004-4th"])
def test_axe_finds_no_violation_on_the_media_page(media_site, browser, folder):
    if not AXE.is_file():
        pytest.skip("axe-core is missing: run 'npm ci' (see README, Set-up)")
    context, page, outside = open_media_page(media_site, browser, folder)
    page.wait_for_function("() => document.querySelector('[data-sg-page-id=\"media\"] video').readyState >= 1")
    found = {"media page": axe(page)}
    page.locator('[data-sg-page-id="media"] details.sg-transcript summary').first.click()
    found["transcript open"] = axe(page)
    context.close()
    assert outside == []
    assert {state: violations for state, violations in found.items() if violations} == {}


# -- any page with players and video links gives balanced HTML ------------------------------------
PIECES = st.sampled_from(["![A clip](../media/clip.mp4)", "![A tone](../media/tone.mp3)", "![A photo](../media/p.png)",
                          "[A talk](https://youtu.be/dQw4w9WgXcQ)", "<https://vimeo.com/76979871>",
                          "<https://www.youtube.com/@x>", "\n", "\n\n", "- ", "> ", "# ", "## ", "*", "[", "](",
                          ")", "`", "| a |\n|---|\n| ", "word ", "  \n", "1. ", "<b>"])


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_page_with_players_and_video_links_gives_balanced_html(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("page")
    (folder / "media").mkdir()
    for name, data in {"clip.mp4": b"\0", "clip.vtt": CAPTIONS_EN, "tone.mp3": b"ID3", "tone.transcript.md": "Hm.",
                       "p.png": png(3, 2)}.items():
        (folder / "media" / name).write_bytes(data.encode() if isinstance(data, str) else data)
    problems: list = []
    page = parse_page("# Title\n\n" + source, folder / "pages" / "p.md", folder, "p", {}, problems)
    MediaStage(folder, folder / "course.yml", "en", {}, True, 20, problems, []).page(page, folder / "pages" / "p.md")
    checker = Balance()
    checker.OURS = Balance.OURS | {"figure", "figcaption", "video", "audio", "source", "track", "details", "summary",
                                   "button"}
    checker.VOID = Balance.VOID | {"source", "track"}
    checker.feed(page.html)
    checker.close()
    assert checker.errors == [] and checker.stack == [], page.html
    assert "<!--sg-media" not in page.html
    media_codes = {"SG144", "SG145", "SG165", "SG166", "SG167", "SG168", "SG169", "SG171"}
    assert [p.format() for p in problems if p.code in media_codes] == []

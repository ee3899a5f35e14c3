"""The media stage of loading a course: each page's markers become players, images and
embeds (see the package's docstring), every problem and warning collected.

Per page: a video's captions (``clip.vtt``, ``clip.<language>.vtt``) are found beside
it, checked and written into the page (see ``vtt.data_url``); a transcript
(``clip.transcript.md``, else the captions' text) goes under the player; a video
without captions, or an audio without a transcript, is a problem unless ``course.yml``
records why (then a warning). An image gets its width and height. A YouTube or Vimeo
link alone on its line becomes an embed (or stays a link, with ``embeds: false``).
Once all pages are read: a ``media:`` entry that no page plays is a problem, and a
file of ``media/`` that no page uses a warning.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from ..course.model import MediaFile, ParsedPage
from ..course.sources import read_text
from ..course.values import Invalid, language
from ..errors import Problem, did_you_mean
from ..i18n import catalogue_language, translations
from ..markdown.html import render_markdown
from ..paths import Folders, PathProblem, resolve_inside
from . import html
from .embeds import find_embed, video_site
from .images import image_size, reading_width_px
from .kinds import AUDIO, VIDEO, media_kind, mime_type, suffix_of
from .markers import replace_markers
from .vtt import Cue, data_url, read_captions

MEGABYTE = 1_000_000
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")


class MediaStage:
    def __init__(self, course_dir: Path, config: Path, course_language: str, records: dict[str, MediaFile],
                 embeds: bool, size_warning_mb: float, problems: list[Problem], warnings: list[Problem]):
        self.dir = course_dir
        self.config = config
        self.language = course_language
        self.gettext = translations(course_language).gettext
        self.records = records
        self.embeds = embeds
        self.size_limit = size_warning_mb
        self.problems = problems
        self.warnings = warnings
        self.matched: set[str] = set()          # keys of `media:` a player used
        self.played: set[str] = set()           # package paths of every video and audio
        self.consumed: set[Path] = set()        # caption and transcript files read
        self.weighed: set[str] = set()          # media whose size was checked
        self.told: set[tuple[str, str]] = set()  # (code, file) of the warnings given once per file
        self.captions: dict[Path, tuple[list[Cue], str] | None] = {}
        self.caption_files: dict[Path, list[tuple[str | None, Path]]] = {}
        self.attempted: set[Path] = set()       # media beside which a caption file has a problem
        self.listings: dict[Path, dict[str, list[str]]] = {}  # folder -> stem -> its caption files
        self.reading_px: int | None = None
        self.ahead: dict[Path, Future[tuple[tuple[list[Cue], str] | None, list[Problem]]]] = {}
        self.sizes_ahead: dict[Path, Future[tuple[int, int] | None]] = {}
        self.urls: dict[Path, str] = {}         # caption file -> its data: address
        self.reader = ThreadPoolExecutor(1, thread_name_prefix="scormgen-captions")
        self.folders = Folders()                # this build's real folders (see paths.Folders)
        self._read_ahead(course_dir / "media")

    def _read_ahead(self, folder: Path) -> None:
        """The caption files and image sizes of media/ read and checked in a thread while
        the pages are parsed (the build process is then mostly waiting for the pages or
        writing media); each file's problems are kept apart and said where the file is
        used, in order, as if it were read then."""
        try:
            names = sorted(os.listdir(folder))[:5000]
        except OSError:
            return

        def read(path: Path) -> tuple[tuple[list[Cue], str] | None, list[Problem]]:
            problems: list[Problem] = []
            captions = read_captions(path, self.dir, problems)
            if captions is not None:
                self.urls[path] = data_url(captions[1])
            return captions, problems
        for name in names:
            lower = name.lower()
            if not lower.endswith((".vtt", *IMAGE_SUFFIXES)):
                continue  # a video or audio file: nothing to read ahead
            path = self.folders.resolve(folder / name)
            if lower.endswith(".vtt"):
                self.ahead[path] = self.reader.submit(read, path)
            else:
                self.sizes_ahead[path] = self.reader.submit(image_size, path, self.dir)
    # -- a page -------------------------------------------------------------------------
    def page(self, parsed: ParsedPage, page_file: Path) -> None:
        """Write the page's players, images and embeds in its HTML, and check the weight
        of every file it uses."""
        lines: dict[str, int] = {}

        def write(data: dict[str, Any]) -> str:
            kind, line = data["kind"], data["line"]
            if kind == "embed":
                return self._embed(data["url"], data["title"], data["fallback"], page_file, line)
            lines.setdefault(data["src"], line)
            source = parsed.media[data["src"]]
            if kind == "image":
                return self._image(data["src"], source, data["alt"], data["title"], page_file, line)
            return self._player(kind, data["src"], source, data["alt"], page_file, line)
        parsed.html = replace_markers(parsed.html, write)
        for name, source in sorted(parsed.media.items()):
            self._weigh(name, source, page_file, lines.get(name))

    def _image(self, src: str, source: Path, alt: str, title: str, page_file: Path, line: int) -> str:
        ahead = self.sizes_ahead.get(source)
        size = ahead.result() if ahead is not None else image_size(source, self.dir)
        if size and source.suffix.lower() != ".svg":
            shown = self._reading_width()
            if size[0] > 2 * shown and self._once("SG174", src):
                self.warnings.append(Problem(
                    page_file, line, "SG174", f"the image '{src}' is {size[0]:,} px wide, but pages show it at "
                    f"most {shown:,} px wide ({2 * shown:,} px on a high-density screen): learners download far "
                    "more than they see.", f"Resize it to {2 * shown:,} px wide or less."))
        return html.image_html(src, alt, title, size)

    def _once(self, code: str, src: str) -> bool:
        """True the first time a warning about this file is given."""
        if (code, src) in self.told:
            return False
        self.told.add((code, src))
        return True

    def _reading_width(self) -> int:
        if self.reading_px is None:
            from ..render import STYLESHEET, builtin_template_dir
            own = self.dir / "templates" / Path(STYLESHEET).name
            stylesheet = own if own.is_file() else builtin_template_dir() / Path(STYLESHEET).name
            text = read_text(stylesheet, stylesheet.parent, []) or ""
            self.reading_px = reading_width_px(text)
        return self.reading_px

    def _embed(self, url: str, title: str, fallback: str, page_file: Path, line: int) -> str:
        if not self.embeds:
            return fallback
        embed = find_embed(url)
        if embed is None:
            self.problems.append(Problem(
                page_file, line, "SG170", f"the address '{url[:80]}' is on {video_site(url)} but shows no single "
                "video (a channel, a playlist or a malformed video id), so it cannot be played in the page.",
                "Link the video itself (e.g. https://www.youtube.com/watch?v=... or https://vimeo.com/123456), "
                "or write the link inside a sentence to keep it a plain link."))
            return fallback
        return html.embed_html(embed, "" if title == url else title, url, self.gettext)

    # -- a video or an audio ------------------------------------------------------------------
    def _player(self, kind: str, src: str, source: Path, name: str, page_file: Path, line: int) -> str:
        self.played.add(src)
        record = self._record(src)
        tracks, cues = self._tracks(source)
        transcript = self._transcript_file(source)
        if transcript is None and cues:
            transcript = html.cues_html(cues)
        written = source in self.attempted  # a caption file with a problem is reported as such
        if kind == "video" and not tracks and not written:
            self._missing(src, record, "captions", page_file, line)
        elif kind == "audio" and transcript is None and not tracks and not written:
            self._missing(src, record, "transcript", page_file, line)
        return html.player_html(kind, src, mime_type(src), name, tracks if kind == "video" else [], transcript,
                                self.gettext)

    def _record(self, src: str) -> MediaFile | None:
        for key in (src, src.removeprefix("media/")):
            if key in self.records:
                self.matched.add(key)
                return self.records[key]
        return None

    def _missing(self, src: str, record: MediaFile | None, what: str, page_file: Path, line: int) -> None:
        stem = src.rsplit(".", 1)[0]
        kind = "video" if suffix_of(src) in VIDEO else "audio"
        if record is not None and getattr(record, what) == "none":
            if self._once("SG172", src):
                self.warnings.append(Problem(
                    self.config, record.source_line, "SG172", f"the {kind} '{src}' has no {what}, on the record: "
                    f"\"{record.reason}\".", f"Add {stem}.vtt when it has speech: learners who cannot hear it "
                    "would miss it."))
            return
        if what == "captions":
            self.problems.append(Problem(
                page_file, line, "SG165", f"the video '{src}' has no captions ({stem}.vtt).",
                f"Write its captions in WebVTT as {stem}.vtt (or {stem}.<language>.vtt, one per language); if it "
                f"has no speech, record why in course.yml: 'media:' then '  {src}: {{captions: none, reason: "
                "\"...\"}'."))
        else:
            self.problems.append(Problem(
                page_file, line, "SG165", f"the audio '{src}' has no transcript ({stem}.transcript.md or "
                f"{stem}.vtt).", f"Write its transcript in Markdown as {stem}.transcript.md, or its captions as "
                f"{stem}.vtt; if it has no speech, record why in course.yml: 'media:' then '  {src}: "
                "{transcript: none, reason: \"...\"}'."))

    def _transcript_file(self, source: Path) -> str | None:
        path = source.with_name(source.stem + ".transcript.md")
        if not path.is_file():
            return None
        self.consumed.add(path.resolve())
        text = read_text(path, self.dir, self.problems)
        if text is None:
            return None

        def unsafe(url: str) -> None:
            self.problems.append(Problem(path, None, "SG146", f"the link '{url[:60]}' in the transcript would run "
                                         "code or open a file on the learner's computer.",
                                         "Link a web page (https://...) instead."))
        return render_markdown(text, self.gettext, unsafe)

    # -- captions -------------------------------------------------------------------------
    def _tracks(self, source: Path) -> tuple[list[html.Track], list[Cue]]:
        """The caption tracks beside a media file (the course's language first, and
        shown by default), and the cues of the first."""
        # lower-case language -> (language, file, (cues, text))
        found: dict[str, tuple[str, Path, tuple[list[Cue], str]]] = {}
        for tag, path in self._caption_files(source):
            self.consumed.add(path)  # (resolved by resolve_inside)
            read = self._read(path)
            if read is None:
                self.attempted.add(source)
            key = (tag or self.language).lower()
            if key in found:
                self.problems.append(Problem(path, None, "SG168", f"two caption files are in the same language "
                                             f"('{tag or self.language}'): {found[key][1].name} and {path.name}.",
                                             "Keep one of them (a file without a language, "
                                             f"{source.stem}.vtt, is in the course's language)."))
            elif read is not None:
                found[key] = (tag or self.language, path, read)
        primary = catalogue_language(self.language)
        order = sorted(found, key=lambda key: (key != self.language.lower(), catalogue_language(key) != primary, key))
        tracks = [html.Track(found[key][0], language_name(found[key][0], self.language),
                             self.urls.get(found[key][1]) or data_url(found[key][2][1]),
                             index == 0 and catalogue_language(key) == primary)
                  for index, key in enumerate(order)]
        return tracks, found[order[0]][2][0] if order else []

    def _caption_files(self, source: Path) -> list[tuple[str | None, Path]]:
        """(language or None, file) of each caption file named after ``source`` (its
        problems said once, however many pages play it)."""
        if source not in self.caption_files:
            self.caption_files[source] = self._find_caption_files(source)
        return self.caption_files[source]

    def _caption_index(self, folder: Path) -> dict[str, list[str]]:
        """A folder's caption files by the stem of the media file they may belong to
        ('clip.fr.vtt' under 'clip' and 'clip.fr'), listed once per build."""
        if folder not in self.listings:
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                names = []
            index: dict[str, list[str]] = {}
            for name in names:
                if name.lower().endswith(".vtt"):
                    base = name[:-4]
                    index.setdefault(base, []).append(name)
                    if "." in base:
                        index.setdefault(base.rsplit(".", 1)[0], []).append(name)
            self.listings[folder] = index
        return self.listings[folder]

    def _find_caption_files(self, source: Path) -> list[tuple[str | None, Path]]:
        folder = source.parent
        stem, found = source.stem, []
        for name in self._caption_index(folder).get(stem, []):
            middle = name[len(stem) + 1:-4]
            if "." in middle:
                continue
            if middle:
                try:
                    language(middle)
                except Invalid:
                    self.attempted.add(source)
                    self.consumed.add((folder / name).resolve())
                    self.problems.append(Problem(folder / name, None, "SG168", f"the caption file's name gives "
                                                 f"'{middle}' as its language, which is not a language code.",
                                                 f"Name it {stem}.<language>.vtt with a code such as en, fr or "
                                                 f"fr-CA (e.g. {stem}.fr.vtt), or {stem}.vtt for the course's "
                                                 "language."))
                    continue
            try:
                found.append((middle or None, resolve_inside(self.dir, folder, name, self.folders)))
            except PathProblem as exc:
                self.attempted.add(source)
                self.problems.append(Problem(folder / name, None, exc.code, f"the caption file {exc.message}",
                                             exc.hint))
        return found

    def _read(self, path: Path) -> tuple[list[Cue], str] | None:
        if path not in self.captions:
            ahead = self.ahead.pop(path, None)
            if ahead is not None:
                self.captions[path], problems = ahead.result()
                self.problems.extend(problems)
            else:
                self.captions[path] = read_captions(path, self.dir, self.problems)
        return self.captions[path]

    # -- weight ---------------------------------------------------------------------------
    def _weigh(self, name: str, source: Path, page_file: Path, line: int | None) -> None:
        if name in self.weighed:
            return
        self.weighed.add(name)
        try:
            size = source.stat().st_size
        except OSError:
            return
        if size > self.size_limit * MEGABYTE:
            suffix = suffix_of(name)
            what = ("video" if suffix in VIDEO else "audio" if suffix in AUDIO
                    else "image" if suffix in IMAGE_SUFFIXES else "file")
            self.warnings.append(Problem(
                page_file, line, "SG173", f"the {what} '{name}' weighs {megabytes(size)} MB, more than "
                f"{self.size_limit:g} MB: learners on a slow connection wait for it, and some LMSs refuse large "
                "packages.", "Compress it (a video at 720p is usually enough), or raise 'media_size_warning' in "
                "course.yml if it must stay this size."))

    def close(self) -> None:
        """No more reading ahead (every page is read, or the build stopped)."""
        self.reader.shutdown(wait=False, cancel_futures=True)
        self.ahead.clear()
        self.sizes_ahead.clear()

    # -- once every page is read ------------------------------------------------------------
    def finish(self, used: dict[str, Path]) -> None:
        """``media:`` entries no page plays (problems), files of media/ no page uses
        (warnings); ``used``: every file the course's pages and theme use."""
        self.close()
        for key, record in self.records.items():
            if key not in self.matched:
                self.problems.append(Problem(
                    self.config, record.source_line, "SG171", f"'{key}' under 'media' is no video or audio that a "
                    "page plays.", did_you_mean(key, sorted(self.played)).strip() or "Give the path of a video "
                    "or audio file a page shows, relative to the course folder (e.g. media/clip.mp4)."))
        folder = self.dir / "media"
        if not folder.is_dir():
            return
        known = {path.resolve() for path in used.values()} | self.consumed
        for root, folders, files in os.walk(folder):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                path = Path(root) / name
                if not name.startswith(".") and path.resolve() not in known:
                    self.warnings.append(Problem(path, None, "SG175", "no page uses this file, so it is not in "
                                                 "the packages.", "Use it in a page, or delete it if it is left "
                                                 "over."))


def megabytes(size: int) -> str:
    """A size in MB for a message: "35.2", or "0.003" for a small one."""
    value = size / MEGABYTE
    return f"{value:,.1f}" if value >= 1 else f"{value:.2g}"


@lru_cache(maxsize=64)
def language_name(tag: str, course_language: str) -> str:
    """A language's name in the course's language ("Français", "English (Canada)")."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(Locale.parse(course_language.replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        name = None
    return name[:1].upper() + name[1:] if name else tag


__all__ = ["MediaStage", "language_name", "media_kind"]

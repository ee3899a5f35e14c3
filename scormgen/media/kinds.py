"""Which media files browsers play, by their extension, with their MIME types."""
from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

# What every current browser plays (HTML <video>/<audio> with these types).
VIDEO = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}
AUDIO = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".wav": "audio/wav"}
# Formats that some browsers, or none, play: refused, with what to convert them to.
UNSUPPORTED = {".avi": "AVI", ".flv": "Flash video", ".mov": "QuickTime", ".wmv": "Windows Media",
               ".mkv": "Matroska", ".mpg": "MPEG-1", ".mpeg": "MPEG-1", ".3gp": "3GP", ".wma": "Windows Media"}

PLAYABLE = "videos in .mp4 (H.264), .webm or .m4v; audio in .mp3, .m4a, .ogg or .wav"


def suffix_of(url: str) -> str:
    """The extension of the file an address names, in lower case ("" when none)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        path = url
    return PurePosixPath(unquote(path)).suffix.lower()


def media_kind(url: str) -> str | None:
    """'video', 'audio' or 'unsupported' (a video or audio format browsers do not all
    play); None for anything else (an image, a document)."""
    suffix = suffix_of(url)
    if suffix in VIDEO:
        return "video"
    if suffix in AUDIO:
        return "audio"
    return "unsupported" if suffix in UNSUPPORTED else None


def mime_type(path: str) -> str:
    suffix = suffix_of(path)
    return VIDEO.get(suffix) or AUDIO[suffix]

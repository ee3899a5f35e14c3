"""YouTube and Vimeo addresses: which ones are a video, and the address of that video's
privacy-enhanced player (YouTube's youtube-nocookie.com, Vimeo's "do not track")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be",
                 "www.youtu.be", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATH = re.compile(r"^/(?:embed|shorts|live|v)/([^/]+)/?$")
YOUTUBE_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
VIMEO_PATHS = (
    re.compile(r"^/(\d+)(?:/([0-9a-f]+))?/?$"),                               # vimeo.com/123, /123/hash
    re.compile(r"^/(?:channels/[\w-]+|groups/[\w-]+/videos|album/\d+/video|showcase/\d+/video)/(\d+)/?$"),
)
VIMEO_PLAYER_PATH = re.compile(r"^/video/(\d+)/?$")


@dataclass(frozen=True)
class Embed:
    site: str       # "YouTube" or "Vimeo"
    video_id: str
    player: str     # the privacy-enhanced player's address, for the iframe


def video_site(url: str) -> str | None:
    """"YouTube" or "Vimeo" for an http(s) address on their sites, else None."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if host in YOUTUBE_HOSTS:
        return "YouTube"
    return "Vimeo" if host in VIMEO_HOSTS else None


def find_embed(url: str) -> Embed | None:
    """The video an address on YouTube or Vimeo shows; None when it shows no single
    video (a channel, a playlist alone, a malformed id)."""
    site = video_site(url)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if site == "YouTube":
        return _youtube((parts.hostname or "").lower(), parts.path, query)
    if site == "Vimeo":
        return _vimeo((parts.hostname or "").lower(), parts.path, query)
    return None


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> Embed | None:
    if host.endswith("youtu.be"):
        video_id = path.strip("/")
    elif path.rstrip("/") == "/watch":
        video_id = (query.get("v") or [""])[0]
    else:
        match = YOUTUBE_PATH.match(path)
        video_id = match.group(1) if match else ""
    if not YOUTUBE_ID.match(video_id):
        return None
    params = {}
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    if start:
        params["start"] = str(start)
    player = f"https://www.youtube-nocookie.com/embed/{video_id}" + (f"?{urlencode(params)}" if params else "")
    return Embed("YouTube", video_id, player)


def _seconds(value: str) -> int:
    """YouTube's start time: "90", "90s", "1m30s", "1h2m3s"; 0 when absent or unreadable."""
    match = YOUTUBE_TIME.match(value) if value else None
    if not match:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _vimeo(host: str, path: str, query: dict[str, list[str]]) -> Embed | None:
    private_hash = (query.get("h") or [""])[0]
    if host == "player.vimeo.com":
        match = VIMEO_PLAYER_PATH.match(path)
    else:
        match = next((m for pattern in VIMEO_PATHS if (m := pattern.match(path))), None)
        if match and match.lastindex == 2 and match.group(2):
            private_hash = match.group(2)
    if not match:
        return None
    video_id = match.group(1)
    params = {"dnt": "1"}
    if re.fullmatch(r"[0-9a-f]+", private_hash):
        params["h"] = private_hash
    return Embed("Vimeo", video_id, f"https://player.vimeo.com/video/{video_id}?{urlencode(params)}")

"""The markup of a page's players, captions, transcripts, images and embeds.

Native elements only: ``<video>``/``<audio>`` with controls, metadata preloaded, never
autoplay; the designer's text is the player's accessible name and its visible caption.
An embedded video is a button until the learner presses it (``media.js`` in the
runtime then puts the site's player in its place): nothing is asked of YouTube or Vimeo
before, so no cookie and no tracking. The words come from the message catalogue.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..markdown.urls import escape, escape_url
from .embeds import Embed
from .vtt import Cue, cue_text

Gettext = Callable[[str], str]

# Every word the media markup adds, each translated in scormgen/locale/*.po.
MEDIA_MESSAGES = ("Transcript", "Play video: {title}", "Watch on YouTube", "Watch on Vimeo", "YouTube video",
                  "Vimeo video", "(opens in a new tab)")
# A pause this long between two cues starts a new paragraph of the transcript.
PARAGRAPH_PAUSE = 2.0


@dataclass(frozen=True)
class Track:
    language: str
    label: str
    url: str        # the captions, as a data: address (see vtt.data_url)
    default: bool


def package_url(path: str) -> str:
    return escape(quote(path, safe="/"))


def image_html(src: str, alt: str, title: str, size: tuple[int, int] | None) -> str:
    attrs = f'src="{package_url(src)}" alt="{escape(alt)}"'
    if size:
        attrs += f' width="{size[0]}" height="{size[1]}"'
    return f"<img {attrs}" + (f' title="{escape(title)}" />' if title else " />")


def player_html(kind: str, src: str, mime: str, name: str, tracks: Sequence[Track], transcript: str | None,
                gettext: Gettext) -> str:
    """A video or an audio, with its captions' tracks and its transcript (HTML) if any."""
    extra = " playsinline" if kind == "video" else ""
    parts = [f'<figure class="sg-media sg-media-{kind}">\n',
             f'<{kind} controls preload="metadata"{extra} aria-label="{escape(name)}">\n',
             f'<source src="{package_url(src)}" type="{mime}" />\n']
    for track in tracks:
        parts.append(f'<track kind="captions" srclang="{escape(track.language)}" label="{escape(track.label)}" '
                     f'src="{escape(track.url)}"' + (" default" if track.default else "") + " />\n")
    parts.append(f"</{kind}>\n<figcaption>{escape(name)}</figcaption>\n")
    if transcript is not None:
        parts.append(f'<details class="sg-transcript">\n<summary>{escape(gettext("Transcript"))}</summary>\n'
                     f'<div class="sg-transcript-text">\n{transcript}</div>\n</details>\n')
    parts.append("</figure>\n")
    return "".join(parts)


def cues_html(cues: Sequence[Cue]) -> str:
    """A transcript from captions: the cues' text in paragraphs, a new one where the
    speaker changes or after a pause, each speaker named (WebVTT's <v Name>)."""
    paragraphs: list[list[str]] = []
    speaker, last_end = "", None
    for cue in cues:
        who, text = cue_text(cue.text)
        if not text:
            continue
        new_speaker = bool(who) and who != speaker
        if not paragraphs or new_speaker or (last_end is not None and cue.start - last_end >= PARAGRAPH_PAUSE):
            paragraphs.append([f"<strong>{escape(who)}:</strong>"] if who else [])
        speaker = who or speaker
        last_end = cue.end
        paragraphs[-1].append(escape(text))
    return "".join(f"<p>{' '.join(words)}</p>\n" for words in paragraphs)


def embed_html(embed: Embed, title: str, url: str, gettext: Gettext) -> str:
    """A YouTube or Vimeo video: a button that loads the player, and a link to the video
    on its site (for a learner offline or without script)."""
    name = title or gettext(f"{embed.site} video")
    play = gettext("Play video: {title}").replace("{title}", name)
    watch = gettext(f"Watch on {embed.site}")
    new_tab = escape(gettext("(opens in a new tab)"))
    caption = f"{escape(title)} · " if title else ""
    return (f'<figure class="sg-media sg-embed" data-sg-embed="{embed.site.lower()}">\n'
            '<div class="sg-embed-frame">\n'
            f'<button type="button" class="sg-embed-play" data-sg-action="play-embed" '
            f'data-sg-embed-src="{escape(embed.player)}" data-sg-embed-title="{escape(name)}">'
            f'<span class="sg-embed-icon" aria-hidden="true"></span>{escape(play)}</button>\n'
            "</div>\n"
            f'<figcaption>{caption}<a href="{escape_url(url)}" target="_blank" rel="noopener noreferrer">'
            f'{escape(watch)}<span class="sg-visually-hidden"> {new_tab}</span></a></figcaption>\n'
            "</figure>\n")

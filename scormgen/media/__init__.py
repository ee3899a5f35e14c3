"""Video, audio and images in a course's pages.

A page's Markdown is parsed on its own (in a worker process, or found again in the page
cache); what a player or an image becomes also depends on other files (the captions
beside a video, its transcript, an image's size) and on ``course.yml`` (opt-outs,
embeds). So the page leaves a marker (``markers``) where each goes, and the loader's
media stage (``stage``) turns the markers into HTML on every build, reading those files
then: a changed caption file is never served from the page cache.

- ``kinds``: which files browsers play, and their MIME types;
- ``embeds``: a YouTube or Vimeo address, recognised as a video (or not);
- ``vtt``: WebVTT caption files, read with the line of every problem;
- ``images``: an image's width and height, and the reading column's width;
- ``html``: the markup of players, captions, transcripts and embeds.
"""

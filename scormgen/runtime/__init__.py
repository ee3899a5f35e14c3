"""The browser runtime every package carries, assembled from readable source files.

The sources are ES modules here, each with one job and explicit imports (see
assemble.py); the build joins them, each after the files it imports, into one script
wrapped in a function scope, so the package loads one file and leaks one global
(``scormgen``) only. The modules, by job:

- codec.js: text values as every LMS accepts them, and back
- time.js: times and durations in each standard's format
- progress.js: the completion rule and progress
- suspend.js: the resume state in cmi.suspend_data, within the limit
- api-finder.js: finding the LMS API (parent frames, then opener)
- lms.js: checked calls to the LMS, and the log of failures
- adapter-scorm.js: the SCORM data model (1.2, 2004), from the build's table
- adapter-local.js: no LMS: localStorage
- backup.js: the learner's full work kept in the browser
- uuid.js: statement ids made in the browser
- outbox.js: the durable queue of xAPI statements, and the LRS transport
- xapi.js: the learning story as xAPI statements (and the cmi5 rules)
- launch.js: launch parameters: Tin Can, cmi5, SCORM mirror
- quiz.js: knowledge checks, the pure part: right or wrong, the score and verdict, each
  standard's response format (from the build's table), shuffled options, their resume state
- session.js: what the learner does -> what the LMS holds
- ui.js: the interface (never calls the LMS); quiz-ui.js: its knowledge checks
- main.js: start-up
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .assemble import join_modules

RUNTIME_NAME = "assets/scormgen.js"
ENTRY = "main.js"

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def assemble_runtime() -> bytes:
    """The runtime as the package carries it (the same bytes every time)."""
    return join_modules(HERE, ENTRY).encode("utf-8")

"""The browser runtime every package carries, assembled from readable source files.

The sources stay separate files here (each with one job); the build joins them, in the
order below, into one script wrapped in a function scope, so the package loads one
file and leaks one global (``scormgen``) only.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

RUNTIME_NAME = "assets/scormgen.js"

# Order matters: each file may use what the files before it define.
SOURCES = (
    "codec.js",            # text values as every LMS accepts them, and back
    "time.js",             # times and durations in each standard's format
    "progress.js",         # the completion rule and progress
    "suspend.js",          # the resume state in cmi.suspend_data, within the limit
    "api-finder.js",       # finding the LMS API (parent frames, then opener)
    "lms.js",              # checked calls to the LMS, and the log of failures
    "adapter-scorm12.js",  # SCORM 1.2 data model
    "adapter-scorm2004.js",  # SCORM 2004 data model (3rd and 4th Edition)
    "adapter-local.js",    # no LMS: localStorage
    "backup.js",           # the learner's full work kept in the browser
    "uuid.js",             # statement ids made in the browser
    "outbox.js",           # the durable queue of xAPI statements, and the LRS transport
    "xapi.js",             # the learning story as xAPI statements (and the cmi5 rules)
    "launch.js",           # launch parameters: Tin Can, cmi5, SCORM mirror
    "session.js",          # what the learner does -> what the LMS holds
    "ui.js",               # the interface (never calls the LMS)
    "main.js",             # start-up
)

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def assemble_runtime() -> bytes:
    parts = ["/* scormgen runtime: assembled from scormgen/runtime/*.js at build time. */",
             "(function () {", '"use strict";']
    for name in SOURCES:
        parts.append(f"/* --- {name} --- */")
        parts.append((HERE / name).read_text(encoding="utf-8").rstrip())
    parts.append("})();")
    return ("\n".join(parts) + "\n").encode("utf-8")

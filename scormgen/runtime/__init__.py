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
    "ui.js",
    "main.js",
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

"""URLs and attribute values in the HTML of a page: escaping, and what a browser makes of
an address (its scheme, whether it is one at all, whether it would run code)."""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit


def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def escape_url(url: str) -> str:
    """A URL as an attribute: characters not allowed in a URL percent-encoded (an
    existing %XX kept), then HTML-escaped."""
    return escape(quote(url, safe="%/:=&?~#+!$,;'@()*[]"))


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(url: str) -> str:
    """The scheme of a URL, lower-case ("" for a relative one), as a browser reads it,
    also from a URL Python's parser refuses ("https://[example.org/")."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        found = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", url))
        return found.group(1).lower() if found else ""


def url_error(url: str) -> str | None:
    """Why a URL is not one ("Invalid IPv6 URL"), or None."""
    try:
        urlsplit(url)
    except ValueError as exc:
        return str(exc)
    return None


def is_external(url: str) -> bool:
    return bool(url_scheme(url)) or url.startswith("//")


# URL schemes that run code or reach the learner's own disk: never a link in a course.
UNSAFE_SCHEMES = ("javascript", "vbscript", "file", "data")


def is_unsafe(url: str) -> bool:
    return url_scheme(url) in UNSAFE_SCHEMES

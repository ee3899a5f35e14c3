"""Reading statements from an LRS: plain HTTP with Basic credentials, page by page, within limits.

The xAPI statements resource answers a page of statements and, when there are more, a
``more`` link, which the xAPI specification makes a relative IRL on the same server. It
is resolved against the endpoint as a browser resolves a link, and a link to another
scheme, host or port is refused: the credentials go to the endpoint's server and
nowhere else. Redirects are not followed, for the same reason. Each request has a
deadline, each answer a size cap, and a link followed twice stops the report, so a
slow, huge or looping LRS ends in a clear error instead of a hang.
"""
from __future__ import annotations

import base64
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any
from urllib.parse import SplitResult, urljoin, urlsplit

from ..errors import ScormgenError
from .text import visible

XAPI_VERSION = "1.0.3"
PAGE_SIZE = 500
CHUNK = 1 << 16


class ReportError(ScormgenError):
    """The LRS could not be read, or it holds nothing for the course."""


@dataclass(frozen=True)
class Limits:
    """What one report may cost: seconds per request, bytes per answer, pages in all."""

    timeout: float = 30.0
    max_bytes: int = 50_000_000
    max_pages: int = 200_000  # 100 million statements at 500 a page


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """An LRS answers its statements resource in place; a redirect could lead the credentials elsewhere."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: Message, newurl: str) -> urllib.request.Request | None:
        return None  # urllib then raises HTTPError with the 3xx status


def _origin(url: SplitResult) -> tuple[str, str, int | None]:
    """Scheme, host and port (the default port made explicit); ValueError for a port that is not one."""
    default = {"http": 80, "https": 443}.get(url.scheme.lower())
    return url.scheme.lower(), (url.hostname or "").lower(), url.port or default


class LrsClient:
    """One LRS endpoint and its credentials; ``pages()`` yields the statements a page at a time."""

    def __init__(self, endpoint: str, username: str | None, password: str | None, limits: Limits) -> None:
        self.endpoint = endpoint.rstrip("/") + "/"
        self.limits = limits
        self.auth: str | None = None
        if username is not None:
            token = base64.b64encode(f"{username}:{password or ''}".encode()).decode("ascii")
            self.auth = "Basic " + token
        self.opener = urllib.request.build_opener(_NoRedirect())

    def pages(self) -> Iterator[list[Any]]:
        """Every page of statements, first to last; stops with ReportError on a loop or past max_pages."""
        url = self.endpoint + f"statements?limit={PAGE_SIZE}"
        seen = {url}
        for _ in range(self.limits.max_pages):
            statements, more = self._page(url)
            yield statements
            del statements  # only one page is held at a time
            if not more:
                return
            url = self._follow(more)
            if url in seen:
                raise ReportError(f"the LRS's next-page link (more) leads back to a page already read "
                                  f"({visible(more)}): the LRS is looping; the report stopped.")
            seen.add(url)
        raise ReportError(f"the LRS still had more statements after {self.limits.max_pages:,} pages; "
                          "the report stopped.")

    def _follow(self, more: str) -> str:
        """The next page's address: ``more`` resolved against the endpoint, on the endpoint's server only."""
        try:  # ("//[x": no address at all, which Python's parser refuses with ValueError)
            target = urljoin(self.endpoint, more)
            parts = urlsplit(target)
            same = _origin(parts) == _origin(urlsplit(self.endpoint))
        except ValueError:
            target, parts, same = "", urlsplit(""), False
        if not same or parts.username is not None or parts.password is not None:
            raise ReportError(f"the LRS's next-page link (more) leads to another server ({visible(more[:200])}); "
                              f"refused, so the credentials go nowhere but {self.endpoint}. Check the LRS.")
        return target

    def _page(self, url: str) -> tuple[list[Any], str | None]:
        """One page: its statements and its ``more`` link, checked to be an xAPI StatementResult."""
        body = self._get(url)
        try:
            data = json.loads(body)
        except ValueError:
            raise self._not_lrs("not JSON") from None
        del body
        if not isinstance(data, dict) or not isinstance(data.get("statements", []), list):
            raise self._not_lrs("not a StatementResult")
        more = data.get("more")
        if more is not None and not isinstance(more, str):
            raise self._not_lrs("its more link is not text")
        statements: list[Any] = data.get("statements", [])
        return statements, more or None

    def _get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"X-Experience-API-Version": XAPI_VERSION,
                                                       "Accept": "application/json"})
        if self.auth:
            request.add_unredirected_header("Authorization", self.auth)
        deadline = time.monotonic() + self.limits.timeout
        try:
            with self.opener.open(request, timeout=self.limits.timeout) as response:
                return self._read(response, deadline)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise self._status_error(exc.code, exc.headers.get("Location")) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise self._too_slow() from None
            reason = exc.reason
            raise self._unreachable(getattr(reason, "strerror", None) or reason) from None
        except TimeoutError:
            raise self._too_slow() from None
        except OSError as exc:
            raise self._unreachable(exc.strerror or exc) from None
        except (http.client.HTTPException, ValueError) as exc:
            raise self._not_lrs(visible(str(exc))[:200] or type(exc).__name__) from None

    def _read(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The answer's body, refused past max_bytes or past the deadline, whatever the server sends."""
        if response.status != 200:
            raise self._status_error(response.status, None)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.limits.max_bytes:
            raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(CHUNK):
            size += len(chunk)
            if size > self.limits.max_bytes:
                raise self._too_large()
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        return b"".join(chunks)

    def _status_error(self, status: int, location: str | None) -> ReportError:
        if status in (401, 403):
            return ReportError(f"the LRS refused the credentials (HTTP {status}). Check --user and --password "
                               "(or SCORMGEN_LRS_USER and SCORMGEN_LRS_PASSWORD).")
        if 300 <= status < 400:
            return ReportError(f"the LRS redirected {self.endpoint}statements (HTTP {status}) to "
                               f"{visible((location or '?')[:200])}; redirects are not followed. "
                               "Check --endpoint.")
        return ReportError(f"the LRS answered HTTP {status} at {self.endpoint}statements. Check --endpoint.")

    def _unreachable(self, reason: object) -> ReportError:
        return ReportError(f"cannot reach the LRS at {self.endpoint} ({visible(str(reason))}). Check --endpoint "
                           "(the xAPI endpoint, e.g. https://lrs.example/xAPI/).")

    def _not_lrs(self, why: str) -> ReportError:
        return ReportError(f"{self.endpoint} did not answer like an LRS ({why}). Check --endpoint.")

    def _too_slow(self) -> ReportError:
        return ReportError(f"the LRS at {self.endpoint} did not answer within {self.limits.timeout:g} s; "
                           "the report stopped. Try again later, or a longer --timeout.")

    def _too_large(self) -> ReportError:
        return ReportError(f"the LRS at {self.endpoint} sent a page of statements over "
                           f"{self.limits.max_bytes / 1e6:g} MB; refused. Check the LRS.")

"""Fetching a listing from a URL: http(s) only, conditional, bounded in time and size. No Django imports."""

import http.client
import re
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from http import HTTPStatus
from typing import IO, Any
from urllib import request
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit

from core.text import decode, normalize_newlines

SCHEMES = {"http", "https"}
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
ACCEPT = "text/html, text/plain;q=0.9, application/x-bibtex;q=0.9, text/*;q=0.8"
TEXT_TYPES = {"application/x-bibtex", "application/xhtml+xml"}
# What the scholarly sources' APIs answer; a caller asks for them by name (fetch_url's `types`).
JSON_TYPES = frozenset({"application/json", "application/vnd.orcid+json"})
XML_TYPES = frozenset({"application/xml", "text/xml", "application/atom+xml"})
API_TYPES = JSON_TYPES | XML_TYPES | {"application/x-bibtex", "application/x-research-info-systems"}
# The statuses whose Retry-After a caller may honour: rate limits and announced downtime.
RETRY_AFTER_STATUSES = {HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Static servers label files they cannot type this way (or not at all); the suffix vouches for them.
UNTYPED = {"application/octet-stream", ""}
TEXT_SUFFIXES = (".bib", ".txt", ".md")
# Browsers read these labels as Windows-1252 (WHATWG): servers mean it, and latin-1 garbles quotes.
LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}
PHRASES = {status.value: status.phrase for status in HTTPStatus}
# Failures below HTTP, after timeouts: what to tell the user, and whether a retry may help.
NETWORK_FAILURES = (
    (ssl.SSLCertVerificationError, "the server's TLS certificate is not valid", False),
    (http.client.InvalidURL, "the URL is not valid", False),
    (socket.gaierror, "the host name could not be resolved", True),
    (ConnectionRefusedError, "the connection was refused", True),
    (ConnectionResetError, "the connection was reset", True),
)


@dataclass(frozen=True)
class Fetched:
    """A fetched listing: the body as bytes and what the response said about it."""

    status: int
    content: bytes
    content_type: str
    charset: str
    etag: str
    last_modified: str
    url: str

    @property
    def not_modified(self) -> bool:
        """The server answered 304: the listing is unchanged since the last fetch."""
        return self.status == HTTPStatus.NOT_MODIFIED


class FetchError(Exception):
    """A fetch that failed, with a message fit to show a user, and whether retrying may help;
    `status` is the HTTP status (0 below HTTP), `retry_after` the seconds a 429/503 asked for."""

    def __init__(
        self, message: str, *, transient: bool, status: int = 0, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


def fetch_url(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = 20.0,
    max_bytes: int = 10 * 1024 * 1024,
    user_agent: str = "pubtracker/1.0 (+listing fetcher)",
    accept: str = ACCEPT,
    types: frozenset[str] = frozenset(),
) -> Fetched:
    """GET a listing over http(s), conditionally, within timeout seconds and max_bytes; never decoded.

    `types`, when given, are the only content types taken (an API's JSON or XML); without, a text listing.
    """
    check_url(url)
    headers = {"User-Agent": user_agent, "Accept": accept, "Accept-Encoding": "identity"}
    headers |= {"If-None-Match": etag} if etag else {}
    headers |= {"If-Modified-Since": last_modified} if last_modified else {}
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request.Request(url, headers=headers), timeout=timeout) as response:
            return _read(response, deadline=deadline, timeout=timeout, max_bytes=max_bytes, types=types)
    except HTTPError as error:
        error.close()  # it holds the connection of the error response
        if error.code != HTTPStatus.NOT_MODIFIED:
            raise _status_error(error.filename or url, error) from None
        # A 304 may leave the validators out; the ones sent are then still the current ones.
        validators = error.headers.get("ETag", etag), error.headers.get("Last-Modified", last_modified)
        return Fetched(error.code, b"", "", "", *validators, url=error.filename or url)
    except (OSError, http.client.HTTPException) as error:  # URLError is an OSError
        raise _network_error(url, error, timeout) from error


def check_url(url: str) -> None:
    """Refuse anything but an http(s) URL with a host, before any connection is made."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # reading it validates the port
    except ValueError:
        raise FetchError(f"{url!r} is not a valid URL", transient=False) from None
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"{url!r} is not an http or https URL: only web pages are fetched", transient=False)
    if not parts.hostname:
        raise FetchError(f"{url!r} names no host", transient=False)


class _Redirects(request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http(s) URLs."""

    # urllib counts the hops in redirect_dict; its own checks would stop a loop with an obscure message.
    max_repeats = max_redirections = MAX_REDIRECTS + 1

    def http_error_302(
        self, req: request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> Any:
        location = (headers.get("Location") or headers.get("URI") or "").strip()
        problem = ""
        if location and urlsplit(urljoin(req.full_url, location)).scheme.lower() not in SCHEMES:
            problem = f"GET {req.full_url} redirects to {location}, which is not an http(s) URL"
        elif location and sum(getattr(req, "redirect_dict", {}).values()) >= MAX_REDIRECTS:
            problem = f"GET {req.full_url} was redirected more than {MAX_REDIRECTS} times (a redirect loop?)"
        if problem:
            fp.close()
            raise FetchError(problem, transient=False)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> request.OpenerDirector:
    """An opener with http(s) handlers only, so no redirect can reach file:, ftp: or data: URLs."""
    opener = request.OpenerDirector()
    for handler in (request.ProxyHandler(), request.HTTPHandler(), request.HTTPSHandler(), _Redirects()):
        opener.add_handler(handler)
    opener.add_handler(request.HTTPDefaultErrorHandler())
    opener.add_handler(request.HTTPErrorProcessor())
    return opener


def _read(
    response: http.client.HTTPResponse,
    *,
    deadline: float,
    timeout: float,
    max_bytes: int,
    types: frozenset[str],
) -> Fetched:
    """Check the response's type, encoding and declared size, then read its body."""
    url, headers = response.url, response.headers
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    _check_type(url, content_type, types)
    if headers.get("Content-Encoding", "identity").lower() != "identity":  # nothing would decompress it
        raise FetchError(f"{url} was sent compressed although no compression was asked for", transient=False)
    if response.length is not None and response.length > max_bytes:
        raise _too_large(url, max_bytes)
    content = _read_body(response, url, deadline=deadline, timeout=timeout, max_bytes=max_bytes)
    charset = headers.get_content_charset("")
    etag, last_modified = headers.get("ETag", ""), headers.get("Last-Modified", "")
    return Fetched(response.status, content, content_type, charset, etag, last_modified, url)


def _check_type(url: str, content_type: str, types: frozenset[str]) -> None:
    """Refuse a response that is not of the types asked for, by default a text listing (not a PDF,
    an image, an archive, JSON)."""
    if types:
        if content_type not in types:
            expected = " or ".join(sorted(types))
            raise FetchError(
                f"{url} is {content_type or 'of no declared type'}; expected {expected}", transient=False
            )
        return
    if content_type.startswith("text/") or content_type in TEXT_TYPES:
        return
    if content_type in UNTYPED and urlsplit(url).path.lower().endswith(TEXT_SUFFIXES):
        return
    raise FetchError(
        f"{url} is {content_type or 'of no declared type'}; expected a text listing", transient=False
    )


def _read_body(
    response: http.client.HTTPResponse, url: str, *, deadline: float, timeout: float, max_bytes: int
) -> bytes:
    """The body in chunks, stopped at the size limit or at the overall deadline."""
    chunks: list[bytes] = []
    size = 0
    # read1 returns what one receive brings, so a server trickling bytes cannot hold a read open.
    while chunk := response.read1(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout)
        chunks.append(chunk)
    if response.length:  # the connection closed before Content-Length bytes came
        raise FetchError(f"GET {url} was cut off before the whole listing arrived", transient=True)
    return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> FetchError:
    return FetchError(f"{url} is larger than the limit of {max_bytes:,} bytes", transient=False)


def _timed_out(url: str, timeout: float) -> FetchError:
    return FetchError(f"GET {url} timed out after {timeout:g} s", transient=True)


def _status_error(url: str, error: HTTPError) -> FetchError:
    """An HTTP error status as a FetchError: server trouble and rate limits are worth a retry."""
    code = error.code
    reason = error.reason or PHRASES.get(code, "")
    transient = code >= 500 or code in (HTTPStatus.REQUEST_TIMEOUT, HTTPStatus.TOO_MANY_REQUESTS)
    header = error.headers.get("Retry-After", "") if error.headers is not None else ""
    retry_after = retry_after_seconds(header) if code in RETRY_AFTER_STATUSES else None
    message = f"GET {url} answered {code} {reason}".rstrip()
    return FetchError(message, transient=transient, status=code, retry_after=retry_after)


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """A Retry-After header in seconds: "120" -> 120.0, an HTTP date -> the seconds until it (0 when
    past); None when absent or unreadable."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive one is read as UTC
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _network_error(url: str, error: Exception, timeout: float) -> FetchError:
    """A failure below HTTP as a FetchError: network trouble may pass, a bad certificate will not."""
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, TimeoutError):
        return _timed_out(url, timeout)
    for kind, what, transient in NETWORK_FAILURES:
        if isinstance(reason, kind):
            return FetchError(f"GET {url} failed: {what}", transient=transient)
    return FetchError(f"GET {url} failed: {reason or type(reason).__name__}", transient=True)


def is_html_page(fetched: Fetched) -> bool:
    return fetched.content_type in HTML_TYPES


def page_html(fetched: Fetched) -> str:
    """The page's HTML itself, decoded: for a reader of its structure (the homepage format)."""
    return _decode(fetched.content, fetched.charset)


def page_text(fetched: Fetched) -> str:
    """The listing as text; for HTML, the visible text with one line per block and list items as bullets."""
    text = _decode(fetched.content, fetched.charset)
    if fetched.content_type not in HTML_TYPES:
        return text
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return _tidy("".join(parser.parts))


def _decode(data: bytes, charset: str) -> str:
    """Bytes as text in the declared charset; without one (or when it is wrong), UTF-8 else cp1252."""
    if charset:
        try:
            return normalize_newlines(data.decode("cp1252" if charset in LATIN1_LABELS else charset))
        except (LookupError, ValueError):  # an unknown or wrong charset: guess instead
            pass
    return decode(data)


# Content that is not the page's text; "title" too, as it repeats the page's heading.
SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "title"}
# Tags that may sit in <head>; any other tag starts the body even when "</head>" is left out.
HEAD_TAGS = {"meta", "link", "base", "title", "script", "style", "noscript", "template"}
# Line breaks around a block; paragraphs and headings also leave a blank line, as a browser shows them.
BLOCK_BREAKS = {
    **dict.fromkeys(("div", "li", "tr", "section", "article", "ul", "ol", "table", "header", "footer"), 1),
    **dict.fromkeys(("dd", "dt", "dl", "main", "nav", "aside", "blockquote", "pre", "hr", "figure"), 1),
    **dict.fromkeys(("figcaption", "form", "address"), 1),
    **dict.fromkeys(("p", "h1", "h2", "h3", "h4", "h5", "h6"), 2),
}
BULLET = "\ue000"  # a private-use stand-in for "  • ", safe from the white-space clean-up
WHITESPACE_RE = re.compile(r"\s+")
BLANK_LINES_RE = re.compile(r"\n{4,}")


class _HtmlText(HTMLParser):
    """Collects the visible text of a page: blocks on their own lines, list items with a bullet."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the open skipped tags, innermost last
        self.breaks = 0  # line breaks owed before the next text
        self.bullet = False  # a list item opened and its text has not come yet
        self.lists = 0  # open lists: a paragraph in an item leaves no blank line ("</li>" is optional)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping == ["head"] and tag not in HEAD_TAGS:
            self.skipping.clear()
        if tag in SKIPPED_TAGS:
            self.skipping.append(tag)
        elif tag == "br" and not self.skipping:
            self.breaks += 1
        elif not self.skipping:
            self._block(tag)
            self.bullet = self.bullet or tag == "li"
            self.lists += tag in ("ul", "ol")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping.pop() != tag:  # closes what was left open inside it too
                pass
        elif tag in ("td", "th") and not self.skipping:
            self.parts.append(" ")  # the cells of a row stay on one line, apart
        elif not self.skipping:
            self._block(tag)
            self.bullet = self.bullet and tag != "li"  # an item without text gets no bullet
            self.lists -= tag in ("ul", "ol") and self.lists > 0

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = WHITESPACE_RE.sub(" ", data)  # line breaks in the source are spaces in HTML
        if not text.strip():
            self.parts.append(" ")
            return
        if self.breaks and self.parts:
            self.parts.append("\n" * self.breaks)
            text = text.lstrip()
        self.breaks = 0
        if self.bullet:
            self.parts.append(BULLET)
            self.bullet, text = False, text.lstrip()
        self.parts.append(text)

    def _block(self, tag: str) -> None:
        breaks = BLOCK_BREAKS.get(tag, 0)
        self.breaks = max(self.breaks, min(breaks, 1) if self.lists else breaks)


def _tidy(text: str) -> str:
    """Single spaces within lines, bullets written out, at most two blank lines in a row."""
    lines = (" ".join(line.split()).replace(BULLET, "  • ") for line in text.split("\n"))
    return BLANK_LINES_RE.sub("\n\n\n", "\n".join(lines)).strip("\n")

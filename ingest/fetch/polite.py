"""The polite client of the scholarly sources' APIs (ORCID, DBLP, OpenAlex, Semantic Scholar, arXiv,
Crossref): a User-Agent naming the site and a contact, a least interval between two requests to a
host, and retries of transient failures with exponential backoff that honour Retry-After.

Pure Python, no Django: the Django side builds ClientSettings from settings.py. Size limits,
timeouts, redirects and content types are fetch_url's (ingest.fetch.client).
"""

import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from types import MappingProxyType
from typing import Protocol
from urllib.parse import urlencode, urlsplit

from ingest.fetch.client import API_TYPES, Fetched, FetchError, check_url, fetch_url

# What each source asks of a client without a key: arXiv one request every 3 s, the others about 1/s.
DEFAULT_INTERVALS: Mapping[str, float] = MappingProxyType(
    {
        "export.arxiv.org": 3.0,
        "dblp.org": 1.0,
        "api.crossref.org": 1.0,
        "api.openalex.org": 0.5,
        "api.semanticscholar.org": 1.0,
        "pub.orcid.org": 0.5,
    }
)
# Worth another try: rate limits, server trouble, a gateway timing out.
RETRY_STATUSES = frozenset(
    {
        HTTPStatus.REQUEST_TIMEOUT,
        HTTPStatus.TOO_MANY_REQUESTS,
        HTTPStatus.INTERNAL_SERVER_ERROR,
        HTTPStatus.BAD_GATEWAY,
        HTTPStatus.SERVICE_UNAVAILABLE,
        HTTPStatus.GATEWAY_TIMEOUT,
    }
)
# Each pause grows by up to this share, so that workers which failed together do not retry together.
JITTER = 0.1
# Characters left as they are in query strings, for URLs a person can read in a log ("author.id:A1").
QUERY_SAFE = ":,*"


def user_agent(site_url: str, contact: str, product: str = "pubtracker/1.0") -> str:
    """ "pubtracker/1.0 (+https://lab.example.org; mailto:admin@lab.example.org)": whom to tell."""
    details = "; ".join(
        part for part in (f"+{site_url}" if site_url else "", contact and f"mailto:{contact}") if part
    )
    return f"{product} ({details})" if details else product


@dataclass(frozen=True)
class ClientSettings:
    """How the client behaves: whom it names, its limits, its retries and its pace per host."""

    user_agent: str
    timeout: float = 20.0  # seconds for one request, body included
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 4  # tries after the first one
    backoff: float = 1.0  # the first pause, doubled at each retry
    max_wait: float = 120.0  # the longest pause accepted; a longer Retry-After fails the request
    intervals: Mapping[str, float] = field(default_factory=lambda: DEFAULT_INTERVALS)
    default_interval: float = 1.0

    def interval(self, host: str) -> float:
        """The least seconds between two requests to `host`."""
        return self.intervals.get(host, self.default_interval)


class Limiter(Protocol):
    """Spaces the requests to a host; `wait` returns when the next one may go."""

    def wait(self, host: str, interval: float) -> None: ...


class IntervalLimiter:
    """Spaces the requests of one process to each host by at least its interval.

    Thread-safe: a caller reserves the next free slot of the host under a lock and sleeps outside
    it, so threads go one interval apart in the order they came. It knows only its own process;
    for workers on several machines, pass PoliteClient a limiter with the same `wait` that keeps
    the slots in a shared store (a Redis key per host, set with the time of its next free slot).
    """

    def __init__(
        self, *, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._sleep, self._clock = sleep, clock
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # host -> when its next request may go

    def wait(self, host: str, interval: float) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + max(interval, 0.0)
        if slot > now:
            self._sleep(slot - now)


# The pace of this process: every client on the real clock shares it, whoever built the client.
PROCESS_LIMITER = IntervalLimiter()


class PoliteClient:
    """GETs from the scholarly APIs at each host's pace, retrying what may pass and explaining what fails.

    Without a `limiter`, a client on the real clock shares the process's (PROCESS_LIMITER); one
    given another clock or sleep (a test's) gets its own on them. A cross-process limiter (Redis)
    plugs in as `limiter`: any object with `wait(host: str, interval: float)`.
    """

    def __init__(
        self,
        settings: ClientSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        limiter: Limiter | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        real_time = sleep is time.sleep and clock is time.monotonic
        self.limiter: Limiter = limiter or (
            PROCESS_LIMITER if real_time else IntervalLimiter(sleep=sleep, clock=clock)
        )

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        accept: str = "application/json",
        types: frozenset[str] = API_TYPES,
        etag: str = "",
        last_modified: str = "",
    ) -> Fetched:
        """GET url?params (conditionally with etag/last_modified), with retries; FetchError when it fails."""
        url = with_params(url, params)
        check_url(url)  # a bad URL fails before any wait
        host = (urlsplit(url).hostname or "").lower()
        settings, tries = self.settings, max(self.settings.retries, 0) + 1
        for attempt in range(tries):
            self.limiter.wait(host, settings.interval(host))
            try:
                return fetch_url(
                    url,
                    etag=etag,
                    last_modified=last_modified,
                    timeout=settings.timeout,
                    max_bytes=settings.max_bytes,
                    user_agent=settings.user_agent,
                    accept=accept,
                    types=types,
                )
            except FetchError as error:
                if not retryable(error):
                    raise
                if attempt + 1 == tries:
                    raise _gave_up(error, tries) from error
                self._sleep(self._pause(error, attempt))
        raise AssertionError("unreachable: the last try returns or raises")

    def _pause(self, error: FetchError, attempt: int) -> float:
        """The pause before the next try: what the server asked for, else the backoff, plus jitter."""
        max_wait = self.settings.max_wait
        if error.retry_after is not None:
            if error.retry_after > max_wait:
                raise FetchError(
                    f"{error.message} and asked to wait {error.retry_after:g} s, longer than the "
                    f"{max_wait:g} s this client waits; try again later",
                    transient=True,
                    status=error.status,
                    retry_after=error.retry_after,
                ) from error
            pause = error.retry_after
        else:
            pause = min(self.settings.backoff * 2**attempt, max_wait)
        return pause * (1 + JITTER * random.random())


def retryable(error: FetchError) -> bool:
    """A rate limit, server trouble, or a failure below HTTP that may pass (a timeout, a reset)."""
    if error.status:
        return error.status in RETRY_STATUSES
    return error.transient


def with_params(url: str, params: Mapping[str, str | int] | None) -> str:
    """The URL with `params` added to its query string."""
    if not params:
        return url
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode(params, safe=QUERY_SAFE)}"


def _gave_up(error: FetchError, tries: int) -> FetchError:
    message = f"{error.message}; gave up after {tries} {'try' if tries == 1 else 'tries'}"
    return FetchError(message, transient=error.transient, status=error.status, retry_after=error.retry_after)

"""The polite client of the scholarly APIs, against a real HTTP server on 127.0.0.1: its pace per
host, its retries and the Retry-After it honours, and the failures it explains."""

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from ingest.fetch.client import JSON_TYPES, FetchError, fetch_url, retry_after_seconds
from ingest.fetch.polite import ClientSettings, IntervalLimiter, PoliteClient, user_agent

UA = user_agent("https://lab.example.org", "admin@lab.example.org")
JSON_BODY = b'{"ok": true}'
Handler = BaseHTTPRequestHandler
VIEWS: dict[str, Callable[[Handler, str, int], None]] = {}
SEEN: list[tuple[str, dict[str, str]]] = []  # every request: its path and query, and its headers


def view(name: str) -> Callable:
    """Registers a page of the test server under /name/<argument>; it is told how many requests
    to its path came, this one included."""

    def register(function: Callable[[Handler, str, int], None]) -> Callable:
        VIEWS[name] = function
        return function

    return register


def answer(handler: Handler, body: bytes, content_type: str = "application/json", **headers) -> None:
    handler.send_response(headers.pop("status", 200))
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


@view("json")
def json_page(handler: Handler, argument: str, count: int) -> None:
    answer(
        handler,
        JSON_BODY,
        "application/vnd.orcid+json;charset=UTF-8" if argument == "orcid" else "application/json",
    )


@view("html")
def html_page(handler: Handler, argument: str, count: int) -> None:
    answer(handler, b"<html><body>Please sign in</body></html>", "text/html; charset=utf-8")


@view("busy")
def busy_page(handler: Handler, argument: str, count: int) -> None:
    """/busy/<status>/<seconds>: the first request is told to come back after <seconds>."""
    status, seconds = argument.split("/")
    if count == 1:
        answer(handler, b'{"message": "Too Many Requests"}', status=int(status), Retry_After=seconds)
    else:
        answer(handler, JSON_BODY)


@view("down")
def down_page(handler: Handler, argument: str, count: int) -> None:
    handler.send_error(int(argument))


@view("flaky")
def flaky_page(handler: Handler, argument: str, count: int) -> None:
    """/flaky/<n>: 500 for the first n requests, then the JSON."""
    if count <= int(argument):
        handler.send_error(500)
    else:
        answer(handler, JSON_BODY)


@view("big")
def big_page(handler: Handler, argument: str, count: int) -> None:
    answer(handler, b'{"x": "' + b"x" * 5000 + b'"}')


@view("cut")
def cut_page(handler: Handler, argument: str, count: int) -> None:
    """Promises 100 bytes, sends 10 and hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b'{"results"')


@view("silent")
def silent_page(handler: Handler, argument: str, count: int) -> None:
    time.sleep(1)  # longer than the client waits; the server thread is a daemon


@view("etag")
def etag_page(handler: Handler, argument: str, count: int) -> None:
    if handler.headers.get("If-None-Match") == '"v7"':
        handler.send_response(304)
        handler.send_header("ETag", '"v7"')
        handler.end_headers()
    else:
        answer(handler, JSON_BODY, ETag='"v7"')


class ApiHandler(BaseHTTPRequestHandler):
    """Serves the views above; anything else is a 404."""

    def do_GET(self) -> None:
        SEEN.append((self.path, dict(self.headers.items())))
        path = urlsplit(self.path).path
        count = sum(urlsplit(seen).path == path for seen, _ in SEEN)
        name, _, argument = path.strip("/").partition("/")
        with contextlib.suppress(ConnectionError):  # the client hangs up on what it refuses
            if name in VIEWS:
                VIEWS[name](self, argument, count)
            else:
                self.send_error(404)

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ApiHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh_log() -> None:
    SEEN.clear()


class FakeTime:
    """A clock that moves only when slept on, and the pauses slept."""

    def __init__(self) -> None:
        self.now = 100.0
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def settings(**changes) -> ClientSettings:
    values = dict(
        user_agent=UA, timeout=5.0, retries=4, backoff=1.0, max_wait=30.0, intervals={}, default_interval=0
    )
    return ClientSettings(**(values | changes))


def client(fake: FakeTime, **changes) -> PoliteClient:
    return PoliteClient(settings(**changes), sleep=fake.sleep, clock=fake.clock)


def requests_to(path: str) -> int:
    return sum(urlsplit(seen).path == path for seen, _ in SEEN)


def assert_backoff(pauses: list[float], expected: list[float]) -> None:
    """Each pause is the expected one plus at most 10 % of jitter."""
    assert len(pauses) == len(expected)
    for pause, least in zip(pauses, expected, strict=True):
        assert least <= pause <= least * 1.1


def test_user_agent_names_the_site_and_the_contact():
    assert UA == "pubtracker/1.0 (+https://lab.example.org; mailto:admin@lab.example.org)"
    assert user_agent("https://lab.example.org", "") == "pubtracker/1.0 (+https://lab.example.org)"


def test_json_is_fetched_with_the_user_agent_and_accept_asked_for(server):
    fetched = client(FakeTime()).get(f"{server}/json/orcid", accept="application/vnd.orcid+json")
    assert (fetched.status, fetched.content, fetched.content_type) == (
        200,
        JSON_BODY,
        "application/vnd.orcid+json",
    )
    [(_, headers)] = SEEN
    assert headers["User-Agent"] == "pubtracker/1.0 (+https://lab.example.org; mailto:admin@lab.example.org)"
    assert headers["Accept"] == "application/vnd.orcid+json"


def test_params_are_added_to_the_query_string(server):
    params = {"filter": "author.id:A5023888391", "per-page": 200, "cursor": "*", "mailto": "a@b.org"}
    fetched = client(FakeTime()).get(f"{server}/json/x", params=params)
    query = "filter=author.id:A5023888391&per-page=200&cursor=*&mailto=a%40b.org"
    assert [path for path, _ in SEEN] == [f"/json/x?{query}"]
    assert fetched.url == f"{server}/json/x?{query}"
    client(FakeTime()).get(f"{server}/json/x?a=1", params={"b": "two words"})
    assert SEEN[-1][0] == "/json/x?a=1&b=two+words"


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_waited_out_then_the_request_succeeds(server, status):
    fake = FakeTime()
    fetched = client(fake, backoff=0.01).get(f"{server}/busy/{status}/3")
    assert fetched.content == JSON_BODY
    assert requests_to(f"/busy/{status}/3") == 2
    assert_backoff(fake.pauses, [3.0])  # what the server asked for, not the 0.01 s backoff


def test_retry_after_is_honoured_in_real_time(server):
    started = time.monotonic()
    fetched = PoliteClient(settings(backoff=0.01)).get(f"{server}/busy/429/1")
    assert fetched.content == JSON_BODY
    assert 1.0 <= time.monotonic() - started < 3.0
    assert requests_to("/busy/429/1") == 2


def test_retry_after_longer_than_max_wait_fails_at_once(server):
    fake = FakeTime()
    with pytest.raises(FetchError) as caught:
        client(fake, max_wait=60).get(f"{server}/busy/429/3600")
    assert caught.value.message == (
        f"GET {server}/busy/429/3600 answered 429 Too Many Requests and asked to wait 3600 s, "
        "longer than the 60 s this client waits; try again later"
    )
    assert (caught.value.status, caught.value.retry_after, caught.value.transient) == (429, 3600.0, True)
    assert (requests_to("/busy/429/3600"), fake.pauses) == (1, [])


def test_server_trouble_is_retried_with_doubling_pauses_then_fails_clearly(server):
    fake = FakeTime()
    with pytest.raises(FetchError) as caught:
        client(fake, retries=4, backoff=0.5).get(f"{server}/down/503")
    assert (
        caught.value.message
        == f"GET {server}/down/503 answered 503 Service Unavailable; gave up after 5 tries"
    )
    assert (caught.value.status, caught.value.transient) == (503, True)
    assert requests_to("/down/503") == 5
    assert_backoff(fake.pauses, [0.5, 1.0, 2.0, 4.0])


@pytest.mark.parametrize("status", [500, 502, 504])
def test_each_transient_status_is_retried(server, status):
    with pytest.raises(FetchError, match=f"answered {status} .*; gave up after 3 tries$"):
        client(FakeTime(), retries=2).get(f"{server}/down/{status}")
    assert requests_to(f"/down/{status}") == 3


def test_backoff_is_capped_by_max_wait(server):
    fake = FakeTime()
    with pytest.raises(FetchError):
        client(fake, retries=3, backoff=4.0, max_wait=10.0).get(f"{server}/down/500")
    assert_backoff(fake.pauses, [4.0, 8.0, 10.0])


def test_a_failure_that_passes_is_retried_until_it_succeeds(server):
    fake = FakeTime()
    assert client(fake).get(f"{server}/flaky/2").content == JSON_BODY
    assert requests_to("/flaky/2") == 3
    assert_backoff(fake.pauses, [1.0, 2.0])


@pytest.mark.parametrize(
    ("status", "phrase"), [(404, "Not Found"), (400, "Bad Request"), (501, "Not Implemented")]
)
def test_a_client_error_fails_at_once(server, status, phrase):
    fake = FakeTime()
    with pytest.raises(FetchError) as caught:
        client(fake).get(f"{server}/down/{status}")
    assert caught.value.message == f"GET {server}/down/{status} answered {status} {phrase}"
    assert caught.value.status == status
    assert (requests_to(f"/down/{status}"), fake.pauses) == (1, [])


def test_a_refused_type_fails_at_once(server):
    with pytest.raises(FetchError) as caught:
        client(FakeTime()).get(f"{server}/html/login", types=JSON_TYPES)
    assert caught.value.message == (
        f"{server}/html/login is text/html; expected application/json or application/vnd.orcid+json"
    )
    assert requests_to("/html/login") == 1


def test_an_oversized_body_fails_at_once(server):
    with pytest.raises(FetchError, match=r"limit of 1,000 bytes$"):
        client(FakeTime(), max_bytes=1000).get(f"{server}/big/x")
    assert requests_to("/big/x") == 1


def test_a_truncated_body_is_retried_then_refused(server):
    with pytest.raises(FetchError) as caught:
        client(FakeTime(), retries=2).get(f"{server}/cut/x")
    assert caught.value.message == (
        f"GET {server}/cut/x was cut off before the whole listing arrived; gave up after 3 tries"
    )
    assert requests_to("/cut/x") == 3


def test_a_timeout_is_retried_then_reported(server, hang_guard):
    with pytest.raises(FetchError) as caught:
        client(FakeTime(), retries=1, timeout=0.2).get(f"{server}/silent/x")
    assert caught.value.message == f"GET {server}/silent/x timed out after 0.2 s; gave up after 2 tries"
    assert requests_to("/silent/x") == 2


def test_requests_to_a_host_are_spaced_by_its_interval(server):
    fake = FakeTime()
    polite = client(fake, intervals={"127.0.0.1": 2.5, "dblp.org": 1.0}, default_interval=9.0)
    polite.get(f"{server}/json/1")
    polite.get(f"{server}/json/2")
    assert fake.pauses == [2.5]  # the clock did not move between them
    fake.now += 2.0
    polite.get(f"{server}/json/3")
    assert fake.pauses == [2.5, 0.5]
    fake.now += 10.0
    polite.get(f"{server}/json/4")
    assert fake.pauses == [2.5, 0.5]  # long enough since the last one


def test_retries_keep_the_host_interval_too(server):
    fake = FakeTime()
    client(fake, intervals={"127.0.0.1": 2.0}, backoff=0.5).get(f"{server}/flaky/1")
    assert_backoff(fake.pauses[:1], [0.5])
    assert fake.pauses[1] == pytest.approx(2.0 - fake.pauses[0])  # the rest of the interval


def test_the_interval_is_kept_per_host():
    fake = FakeTime()
    limiter = IntervalLimiter(sleep=fake.sleep, clock=fake.clock)
    limiter.wait("dblp.org", 1.0)
    limiter.wait("export.arxiv.org", 3.0)
    limiter.wait("export.arxiv.org", 3.0)
    limiter.wait("dblp.org", 1.0)
    assert fake.pauses == [3.0]  # dblp.org's second request came after that pause


def test_threads_sharing_a_limiter_go_one_interval_apart():
    pauses: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            pauses.append(seconds)

    limiter = IntervalLimiter(sleep=sleep, clock=lambda: 50.0)  # time stands still: only slots count
    threads = [threading.Thread(target=limiter.wait, args=("api.openalex.org", 1.5)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(pauses) == [1.5, 3.0]


def test_a_limiter_passed_in_paces_the_requests(server):
    calls: list[tuple[str, float]] = []

    class Recording:
        def wait(self, host: str, interval: float) -> None:
            calls.append((host, interval))

    polite = PoliteClient(settings(intervals={"127.0.0.1": 0.75}), limiter=Recording())
    polite.get(f"{server}/json/a")
    polite.get(f"{server}/json/b")
    assert calls == [("127.0.0.1", 0.75), ("127.0.0.1", 0.75)]


def test_a_bad_url_fails_before_any_wait():
    fake = FakeTime()
    with pytest.raises(FetchError, match="not an http or https URL"):
        client(fake, default_interval=5.0).get("ftp://dblp.org/pid/35/7092-1.xml")
    assert fake.pauses == []


def test_a_conditional_get_answers_not_modified(server):
    polite = client(FakeTime())
    first = polite.get(f"{server}/etag/x")
    again = polite.get(f"{server}/etag/x", etag=first.etag)
    assert (first.etag, again.not_modified, again.content) == ('"v7"', True, b"")
    assert SEEN[-1][1]["If-None-Match"] == '"v7"'


def test_fetch_error_carries_the_status_and_the_retry_after(server):
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{server}/busy/429/7", types=JSON_TYPES)
    assert (caught.value.status, caught.value.retry_after, caught.value.transient) == (429, 7.0, True)
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{server}/down/500")
    assert (caught.value.status, caught.value.retry_after) == (500, None)


def test_fetch_url_still_refuses_json_unless_asked_for_it(server):
    with pytest.raises(FetchError, match="is application/json; expected a text listing"):
        fetch_url(f"{server}/json/x")
    assert fetch_url(f"{server}/json/x", accept="application/json", types=JSON_TYPES).content == JSON_BODY
    assert SEEN[-1][1]["Accept"] == "application/json"


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    now = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert retry_after_seconds("Wed, 01 May 2024 09:00:00 GMT", now) == 0.0  # already past
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds("", now) is None
    assert retry_after_seconds("-5", now) is None

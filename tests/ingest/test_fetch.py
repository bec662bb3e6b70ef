"""Fetching listings from URLs, against a real HTTP server on 127.0.0.1."""

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from ingest.fetch.client import Fetched, FetchError, fetch_url, page_text

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"
LISTING = "Bio\n\nQianru Sun, Bernt Schiele. Meta-Transfer Learning. CVPR 2019.\n"
PAGE = """<!DOCTYPE html>
<html><head><title>Qianru Sun</title>
<style>body { color: red; }</style>
<script>var news = "<li>not news</li>";</script>
</head>
<body>
<h2>News</h2>
<ul>
  <li>Our paper about  semantic
      scene completion has been accepted to CVPR &#39;24.</li>
  <li>Two papers <b>accepted</b> by NeurIPS &amp; ICLR. <a href="/x">[project]</a></li>
</ul>
<noscript>Please enable JavaScript.</noscript>
<p>Caf&eacute; meeting&nbsp;at&nbsp;noon.</p>
<div>Yaoyao Liu<br>2018 - 2022</div>
</body></html>
"""

Handler = BaseHTTPRequestHandler
VIEWS: dict[str, Callable[[Handler, str], None]] = {}


def view(name: str) -> Callable:
    """Registers a page of the test server under /name/<argument>."""

    def register(function: Callable[[Handler, str], None]) -> Callable:
        VIEWS[name] = function
        return function

    return register


def answer(handler: Handler, body: bytes, content_type: str = "text/plain; charset=utf-8", **headers) -> None:
    """A complete response with a Content-Length."""
    handler.send_response(headers.pop("status", 200))
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


@view("listing.txt")
def listing(handler: Handler, argument: str) -> None:
    answer(handler, LISTING.encode())


@view("etag")
def etag_page(handler: Handler, argument: str) -> None:
    if handler.headers.get("If-None-Match") == ETAG:
        handler.send_response(304)
        handler.send_header("ETag", ETAG)
        handler.end_headers()
    else:
        answer(handler, LISTING.encode(), ETag=ETAG)


@view("dated")
def dated_page(handler: Handler, argument: str) -> None:
    if handler.headers.get("If-Modified-Since") == LAST_MODIFIED:
        handler.send_response(304)
        handler.end_headers()  # no validators repeated: the client keeps the ones it sent
    else:
        answer(handler, LISTING.encode(), Last_Modified=LAST_MODIFIED)


@view("big")
def big_page(handler: Handler, argument: str) -> None:
    answer(handler, b"x" * 5000)


@view("unsized")
def unsized_page(handler: Handler, argument: str) -> None:
    """5000 bytes with no Content-Length: in chunks, or ended by closing the connection."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    if argument == "chunked":
        handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for _ in range(5):
        chunk = b"x" * 1000
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if argument == "chunked" else chunk)
    if argument == "chunked":
        handler.wfile.write(b"0\r\n\r\n")


@view("trickle")
def trickle_page(handler: Handler, argument: str) -> None:
    """One byte every 50 ms: each read is quick, the whole body would take a minute."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", "1200")
    handler.end_headers()
    for _ in range(1200):
        handler.wfile.write(b"x")
        time.sleep(0.05)


@view("cut")
def cut_page(handler: Handler, argument: str) -> None:
    """Promises 100 bytes, sends 10 and hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b"x" * 10)


@view("silent")
def silent_page(handler: Handler, argument: str) -> None:
    time.sleep(2)  # longer than the client waits; the server thread is a daemon


@view("paper.pdf")
def pdf_page(handler: Handler, argument: str) -> None:
    answer(handler, b"%PDF-1.7\n", "application/pdf")


@view("refs.bib")
def bib_page(handler: Handler, argument: str) -> None:
    answer(handler, b"@article{sun2019, title={Meta-Transfer Learning}}\n", "application/octet-stream")


@view("blob")
def blob_page(handler: Handler, argument: str) -> None:
    answer(handler, b"\x00\x01\x02", "application/octet-stream")


@view("status")
def status_page(handler: Handler, argument: str) -> None:
    handler.send_error(int(argument))


@view("hop")
def hop_page(handler: Handler, argument: str) -> None:
    """/hop/N redirects to /hop/N-1; /hop/0 redirects to the listing."""
    target = f"/hop/{int(argument) - 1}" if int(argument) else "/listing.txt"
    handler.send_response(302)
    handler.send_header("Location", target)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


@view("loop")
def loop_page(handler: Handler, argument: str) -> None:
    handler.send_response(301)
    handler.send_header("Location", "/loop")
    handler.end_headers()


@view("to-file")
def to_file_page(handler: Handler, argument: str) -> None:
    handler.send_response(302)
    handler.send_header("Location", "file:///etc/passwd")
    handler.end_headers()


@view("page.html")
def html_page(handler: Handler, argument: str) -> None:
    answer(handler, PAGE.encode(), "text/html; charset=utf-8")


@view("latin")
def latin_page(handler: Handler, argument: str) -> None:
    answer(handler, "<p>Jörg Müller – “Caché”</p>".encode("cp1252"), 'text/html; charset="windows-1252"')


class ListingHandler(BaseHTTPRequestHandler):
    """Serves the views above; anything else is a 404."""

    def do_GET(self) -> None:
        name, _, argument = urlsplit(self.path).path.strip("/").partition("/")
        # The client hangs up on a body over the limit or too slow, as it should.
        with contextlib.suppress(ConnectionError):
            if name in VIEWS:
                VIEWS[name](self, argument)
            else:
                self.send_error(404)

    def log_message(self, format: str, *args) -> None:
        pass  # keeps the test output clean


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of a real HTTP server on a free port of 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ListingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def fetched(content: bytes, content_type: str, charset: str = "") -> Fetched:
    """A Fetched as fetch_url would return it, for page_text alone."""
    return Fetched(200, content, content_type, charset, etag="", last_modified="", url="http://x/")


def test_text_page_is_returned_as_bytes_with_its_headers(server):
    result = fetch_url(f"{server}/listing.txt")
    assert result.status == 200
    assert not result.not_modified
    assert result.content == LISTING.encode()
    assert (result.content_type, result.charset) == ("text/plain", "utf-8")
    assert result.url == f"{server}/listing.txt"


def test_etag_round_trip_answers_not_modified(server):
    first = fetch_url(f"{server}/etag")
    assert first.etag == ETAG
    again = fetch_url(f"{server}/etag", etag=first.etag)
    assert again.not_modified
    assert (again.status, again.content, again.etag) == (304, b"", ETAG)


def test_last_modified_round_trip_keeps_the_validator_sent(server):
    first = fetch_url(f"{server}/dated")
    assert first.last_modified == LAST_MODIFIED
    again = fetch_url(f"{server}/dated", last_modified=first.last_modified)
    assert again.not_modified
    assert again.last_modified == LAST_MODIFIED


def test_declared_length_over_the_limit_is_refused(server):
    with pytest.raises(FetchError, match="limit of 1,000 bytes") as caught:
        fetch_url(f"{server}/big", max_bytes=1000)
    assert not caught.value.transient


@pytest.mark.parametrize("framing", ["chunked", "close"])
def test_undeclared_length_is_cut_off_at_the_limit(server, framing):
    with pytest.raises(FetchError, match="limit of 1,000 bytes") as caught:
        fetch_url(f"{server}/unsized/{framing}", max_bytes=1000)
    assert not caught.value.transient


@pytest.mark.parametrize("framing", ["chunked", "close"])
def test_undeclared_length_under_the_limit_is_read_whole(server, framing):
    assert fetch_url(f"{server}/unsized/{framing}").content == b"x" * 5000


def test_trickling_server_is_stopped_by_the_overall_deadline(server, hang_guard):
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s") as caught:
        fetch_url(f"{server}/trickle", timeout=0.5)
    assert caught.value.transient


def test_silent_server_times_out(server, hang_guard):
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s") as caught:
        fetch_url(f"{server}/silent", timeout=0.3)
    assert caught.value.transient


def test_body_cut_short_of_its_content_length_is_transient(server):
    with pytest.raises(FetchError, match="cut off") as caught:
        fetch_url(f"{server}/cut")
    assert caught.value.transient


def test_pdf_is_refused(server):
    with pytest.raises(FetchError, match="is application/pdf; expected a text listing") as caught:
        fetch_url(f"{server}/paper.pdf")
    assert not caught.value.transient


def test_bib_file_served_as_octet_stream_is_accepted(server):
    result = fetch_url(f"{server}/refs.bib")
    assert result.content.startswith(b"@article{")
    assert result.content_type == "application/octet-stream"


def test_octet_stream_without_a_text_suffix_is_refused(server):
    with pytest.raises(FetchError, match="application/octet-stream; expected a text listing"):
        fetch_url(f"{server}/blob")


def test_not_found_is_not_transient(server):
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{server}/nothing-here")
    assert caught.value.message == f"GET {server}/nothing-here answered 404 Not Found"
    assert not caught.value.transient


@pytest.mark.parametrize("status", [500, 503, 429])
def test_server_trouble_and_rate_limits_are_transient(server, status):
    with pytest.raises(FetchError, match=f"answered {status} ") as caught:
        fetch_url(f"{server}/status/{status}")
    assert caught.value.transient


def test_refused_connection_is_transient():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(FetchError, match="refused") as caught:
        fetch_url(f"http://127.0.0.1:{port}/listing.txt")
    assert caught.value.transient


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/refs.bib", "example.org/refs.bib", "javascript:alert(1)"]
)
def test_non_http_url_is_refused(url):
    with pytest.raises(FetchError, match="not an http or https URL") as caught:
        fetch_url(url)
    assert not caught.value.transient


def test_url_without_a_host_is_refused():
    with pytest.raises(FetchError, match="names no host"):
        fetch_url("http:///listing.txt")


def test_redirects_are_followed_and_the_final_url_reported(server):
    result = fetch_url(f"{server}/hop/4")  # five redirects: the limit
    assert result.url == f"{server}/listing.txt"
    assert result.content == LISTING.encode()


def test_more_than_five_redirects_are_refused(server):
    with pytest.raises(FetchError, match="redirected more than 5 times") as caught:
        fetch_url(f"{server}/hop/5")
    assert not caught.value.transient


def test_redirect_loop_is_refused(server, hang_guard):
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch_url(f"{server}/loop")


def test_redirect_to_a_file_url_is_refused(server):
    with pytest.raises(FetchError, match="not an http") as caught:
        fetch_url(f"{server}/to-file")
    assert not caught.value.transient


def test_html_page_becomes_text_with_bulleted_list_items(server):
    text = page_text(fetch_url(f"{server}/page.html"))
    assert text == (
        "News\n\n"
        "  • Our paper about semantic scene completion has been accepted to CVPR '24.\n"
        "  • Two papers accepted by NeurIPS & ICLR. [project]\n\n"
        "Café meeting at noon.\n\n"
        "Yaoyao Liu\n2018 - 2022"
    )


def test_html_without_a_closing_head_tag_keeps_its_body():
    page = b"<html><head><title>T</title><meta charset=utf-8><p>First paper.</p>"
    assert page_text(fetched(page, "text/html")) == "First paper."


def test_paragraphs_inside_list_items_stay_one_line_per_item():
    page = b"<ul><li><p>First <a>[pdf]</a></p><li><p>Second</p></ul><p>After</p>"
    assert page_text(fetched(page, "text/html")) == "  • First [pdf]\n  • Second\n\nAfter"


def test_many_line_breaks_leave_at_most_two_blank_lines():
    page = b"<p>Bio</p>" + b"<br>" * 10 + b"<p>News</p>"
    assert page_text(fetched(page, "text/html")) == "Bio\n\n\nNews"


def test_charset_from_the_header_is_honoured(server):
    result = fetch_url(f"{server}/latin")
    assert result.charset == "windows-1252"
    assert page_text(result) == "Jörg Müller – “Caché”"


def test_latin1_label_is_read_as_windows_1252():
    content = "Müller – “Caché”".encode("cp1252")
    assert page_text(fetched(content, "text/plain", "iso-8859-1")) == "Müller – “Caché”"


def test_text_without_a_charset_falls_back_from_utf8_to_cp1252():
    assert page_text(fetched("Müller".encode(), "text/plain")) == "Müller"
    assert page_text(fetched("Müller".encode("cp1252"), "text/plain")) == "Müller"


def test_unknown_charset_falls_back_to_guessing():
    assert page_text(fetched("Müller".encode(), "text/plain", "x-no-such-charset")) == "Müller"


def test_plain_text_is_returned_unchanged_but_for_line_ends():
    content = b"@article{a,\r\n  title = {<b>Bold</b>}\r\n}\r\n"
    assert page_text(fetched(content, "text/x-bibtex")) == "@article{a,\n  title = {<b>Bold</b>}\n}\n"

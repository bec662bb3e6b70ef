"""The polite client at the level of a harvest run, against a real HTTP server on 127.0.0.1: rate
limits and server trouble retried, pages changed since the last harvest ingested and unchanged ones
skipped, oversized and truncated bodies failing the run with a message that names the URL.

SourceServer, the stand-in for the scholarly APIs, is shared with the other test_harvest_* files.
"""

import contextlib
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from ingest.choices import RunStatus
from ingest.models import IngestionRun, Source
from papers.models import Paper
from tests.ingest.helpers import snapshot

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "harvest"
OWNER = "Ngozi Adeyemi-Brandt"
DBLP_PID = "123/4567"
DBLP_PATH = "/pid/123/4567.xml"
OPENALEX_ID = "A5012345678"
XML = "application/xml; charset=utf-8"


@dataclass
class Answer:
    """One response of the server. With `etag`, it carries an ETag of its body and a request that
    sends that ETag back (If-None-Match) gets 304. `declared` sends a Content-Length larger than the
    body, then closes the connection: a body cut off on the way."""

    body: str | bytes = b""
    type: str = "application/json; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    declared: int | None = None

    @property
    def content(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body

    @property
    def tag(self) -> str:
        return '"' + hashlib.sha256(self.content).hexdigest()[:20] + '"'


@dataclass(frozen=True)
class Seen:
    """A request the server received: its path, query, headers, when, and the status answered."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float
    status: int


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class SourceServer:
    """Answers by path (a regular expression) and query (the parameters a route requires); each
    route gives its answers in turn, the last one again and again."""

    def __init__(self) -> None:
        self.routes: list[tuple[re.Pattern, dict[str, str], list[Answer]]] = []
        self.seen: list[Seen] = []
        self.url = ""
        self._lock = threading.Lock()

    def route(self, path: str, *answers: Answer, query: dict[str, str] | None = None) -> None:
        self.routes.append((re.compile(path), dict(query or {}), list(answers)))

    def requests(self, path: str = "") -> list[Seen]:
        """The requests whose path starts with `path`, in the order they came."""
        return [seen for seen in self.seen if seen.path.startswith(path)]

    def answer(self, path: str, query: dict[str, str]) -> Answer:
        with self._lock:
            for pattern, wanted, answers in self.routes:
                if pattern.fullmatch(path) and all(query.get(k) == v for k, v in wanted.items()):
                    return answers.pop(0) if len(answers) > 1 else answers[0]
        return Answer(json.dumps({"error": f"no route for {path}?{query}"}), status=404, etag=False)

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator["SourceServer"]:
        server = cls()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        server.url = f"http://127.0.0.1:{httpd.server_port}"
        try:
            yield server
        finally:
            httpd.shutdown()
            httpd.server_close()


def _handler(server: SourceServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            at = time.monotonic()
            parts = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            answer = server.answer(parts.path, query)
            status, body = answer.status, answer.content
            if answer.etag and status == 200 and self.headers.get("If-None-Match") == answer.tag:
                status, body = 304, b""
            server.seen.append(Seen(parts.path, query, dict(self.headers.items()), at, status))
            with contextlib.suppress(ConnectionError):
                self.send_response(status)
                if status != 304:
                    self.send_header("Content-Type", answer.type)
                self.send_header("Content-Length", str(answer.declared or len(body)))
                if answer.etag:
                    self.send_header("ETag", answer.tag)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            pass

    return Handler


def point_harvest_at(settings, url: str) -> None:
    """Every source at the local server; quick retries; no enrichment from Crossref."""
    settings.HARVEST_BASE_URLS = dict.fromkeys(("orcid", "dblp", "crossref", "openalex", "s2", "arxiv"), url)
    settings.HARVEST_BACKOFF = 0.01
    settings.HARVEST_RETRIES = 2
    settings.HARVEST_MAX_WAIT = 10
    settings.HARVEST_ENRICH = False
    settings.SITE_URL = "https://pubs.lab.example.org"
    settings.HARVEST_CONTACT = "admin@lab.example.org"


def run_command(*args: str, fails: bool = False) -> list[dict]:
    """A management command with --json: its reports, one per line; `fails`: it must exit non-zero."""
    out = StringIO()
    if fails:
        with pytest.raises(CommandError):
            call_command(*args, "--json", stdout=out)
    else:
        call_command(*args, "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def counts(created=0, merged=0, unchanged=0, records=None, needs_review=0, rejected=0) -> dict:
    total = created + merged + unchanged + needs_review + rejected if records is None else records
    return {
        "records": total,
        "created": created,
        "merged": merged,
        "unchanged": unchanged,
        "needs_review": needs_review,
        "rejected": rejected,
    }


@pytest.fixture
def sources(settings) -> Iterator[SourceServer]:
    with SourceServer.running() as server:
        point_harvest_at(settings, server.url)
        yield server


def harvest_dblp(fails: bool = False) -> dict:
    (report,) = run_command("harvest", "--owner", OWNER, "--dblp", DBLP_PID, fails=fails)
    return report


def dblp_url(server: SourceServer) -> str:
    return server.url + DBLP_PATH


# A DBLP page of one record, and the same page a week later with a second one.
ONE_RECORD = """<?xml version="1.0" encoding="US-ASCII"?>
<dblpperson name="Ngozi Adeyemi-Brandt" pid="123/4567" n="1">
<person key="homepages/123/4567" mdate="2024-05-20">
<author pid="123/4567">Ngozi Adeyemi-Brandt</author>
</person>
<r><article key="journals/pami/AdeyemiBrandtB24" mdate="2024-05-20">
<author pid="123/4567">Ngozi Adeyemi-Brandt</author>
<author pid="77/9012">Lukas Brenner</author>
<title>Learning Shoreline Priors from Satellite Image Time Series.</title>
<pages>2101-2115</pages>
<year>2024</year>
<volume>46</volume>
<journal>IEEE Trans. Pattern Anal. Mach. Intell.</journal>
<ee>https://doi.org/10.1109/TPAMI.2024.3367012</ee>
</article>
</r>
</dblpperson>
"""
TWO_RECORDS = ONE_RECORD.replace(
    "</dblpperson>",
    """<r><inproceedings key="conf/wacv/BrennerA25" mdate="2025-02-01">
<author pid="77/9012">Lukas Brenner</author>
<author pid="123/4567">Ngozi Adeyemi-Brandt</author>
<title>Rip Currents from Shore Cameras.</title>
<pages>310-319</pages>
<year>2025</year>
<booktitle>WACV</booktitle>
<ee>https://doi.org/10.1109/WACV61041.2025.00038</ee>
</inproceedings>
</r>
</dblpperson>
""",
).replace('n="1"', 'n="2"')


def test_rate_limit_is_waited_out_as_retry_after_asks_then_the_harvest_succeeds(sources):
    # Retry-After: 2, not 1: this host's pace is already one request a second, so only a pause
    # longer than that shows the client honours what the server asked.
    limited = Answer('{"message": "Too Many Requests"}', status=429, headers={"Retry-After": "2"}, etag=False)
    sources.route(re.escape(DBLP_PATH), limited, Answer(ONE_RECORD, type=XML))

    report = harvest_dblp()

    first, second = sources.requests(DBLP_PATH)
    assert [first.status, second.status] == [429, 200]
    assert second.at - first.at >= 1.95
    assert (report["status"], report["error"]) == (RunStatus.SUCCEEDED, "")
    assert report["counts"] == counts(created=1, unchanged=1)  # the paper, and its owner as known
    assert Paper.objects.get().doi == "10.1109/tpami.2024.3367012"


def test_a_server_that_keeps_failing_fails_the_run_naming_the_url_and_the_tries(sources, settings):
    settings.HARVEST_RETRIES = 3
    sources.route(re.escape(DBLP_PATH), Answer("<h1>Service Unavailable</h1>", "text/html", 503, etag=False))

    report = harvest_dblp(fails=True)

    assert [seen.status for seen in sources.requests()] == [503, 503, 503, 503]
    message = (
        f"DBLP pid 123/4567 ({OWNER}): GET {dblp_url(sources)} answered 503 Service Unavailable; "
        "gave up after 4 tries"
    )
    run = IngestionRun.objects.get()
    assert (run.status, run.error) == (RunStatus.FAILED, message)
    assert (report["status"], report["error"], report["run"]) == (RunStatus.FAILED, message, run.pk)
    assert not Paper.objects.exists()


def test_a_changed_page_is_ingested_and_an_unchanged_one_skipped(sources):
    sources.route(re.escape(DBLP_PATH), Answer(ONE_RECORD, type=XML), Answer(TWO_RECORDS, type=XML))

    assert harvest_dblp()["counts"] == counts(created=1, unchanged=1)
    changed = harvest_dblp()
    after_change = snapshot()
    unchanged = harvest_dblp()

    first, second, third = sources.requests(DBLP_PATH)
    tags = Answer(ONE_RECORD).tag, Answer(TWO_RECORDS).tag
    assert [seen.headers.get("If-None-Match") for seen in (first, second, third)] == [None, *tags]
    assert [seen.status for seen in (first, second, third)] == [200, 200, 304]
    # The person and the TPAMI paper again (unchanged), and the WACV paper that is new.
    assert (changed["status"], changed["counts"]) == (RunStatus.SUCCEEDED, counts(created=1, unchanged=2))
    assert Paper.objects.filter(title="Rip Currents from Shore Cameras").count() == 1
    assert (unchanged["status"], unchanged["error"]) == (
        RunStatus.SUCCEEDED,
        "not modified since the last fetch",
    )
    assert unchanged["counts"] == counts()
    assert snapshot() == after_change
    run = IngestionRun.objects.get(pk=unchanged["run"])
    assert (run.input_text, run.outcomes.count()) == ("", 0)
    assert Source.objects.get().pages["dblp:person"]["etag"] == tags[1]


def openalex_page(works: list[dict], cursor: str | None) -> str:
    meta = {"count": 4, "db_response_time_ms": 21, "page": None, "per_page": 200, "next_cursor": cursor}
    return json.dumps({"meta": meta, "results": works, "group_by": []})


def test_only_the_pages_that_changed_go_into_the_run(sources):
    """OpenAlex's pages have no validators: a page is changed when its works' ids or dates are."""
    first_page = json.loads(fixture("openalex_page1.json"))
    second_page = json.loads(fixture("openalex_page2.json"))
    (updated,) = second_page["results"]
    newer = {**updated, "cited_by_count": 26, "updated_date": "2025-06-02T01:00:00.000000"}
    base = {"filter": f"author.id:{OPENALEX_ID}", "per-page": "200", "mailto": "admin@lab.example.org"}
    next_cursors = [first_page["meta"]["next_cursor"], second_page["meta"]["next_cursor"]]
    sources.route("/works", Answer(fixture("openalex_page1.json")), query={**base, "cursor": "*"})
    sources.route(
        "/works",
        Answer(openalex_page([updated], next_cursors[1])),
        Answer(openalex_page([newer], next_cursors[1])),
        query={**base, "cursor": next_cursors[0]},
    )
    sources.route("/works", Answer(openalex_page([], None)), query={**base, "cursor": next_cursors[1]})
    harvest = ("harvest", "--owner", OWNER, "--openalex", OPENALEX_ID)

    (first,) = run_command(*harvest)
    (second,) = run_command(*harvest)

    assert first["counts"] == counts(created=4)
    assert len(sources.requests("/works")) == 6  # three pages each time: the last one empty
    # Only page 2 went in: its one work, whose citation count moved.
    assert (second["status"], second["counts"]) == (RunStatus.SUCCEEDED, counts(merged=1))
    run = IngestionRun.objects.get(pk=second["run"])
    pages = json.loads(run.input_text)["pages"]
    assert [parse_qs(urlsplit(page["url"]).query)["cursor"] for page in pages] == [[next_cursors[0]]]
    paper = Paper.objects.get(doi="10.1007/s11263-021-01512-4")
    assert list(paper.citation_counts.values_list("source", "count")) == [("openalex", 26)]


def test_an_oversized_page_fails_the_run_with_the_limit(sources, settings):
    settings.INGEST_FETCH_MAX_BYTES = 2048
    sources.route(re.escape(DBLP_PATH), Answer(fixture("dblp_person.xml"), type=XML))

    report = harvest_dblp(fails=True)

    message = f"DBLP pid 123/4567 ({OWNER}): {dblp_url(sources)} is larger than the limit of 2,048 bytes"
    assert (report["status"], report["error"]) == (RunStatus.FAILED, message)
    assert IngestionRun.objects.get().error == message
    assert len(sources.requests()) == 1  # a size limit is not worth another try
    assert not Paper.objects.exists()


def test_a_body_cut_short_of_its_content_length_fails_the_run_after_the_retries(sources, settings):
    settings.HARVEST_RETRIES = 1
    cut = ONE_RECORD.encode("ascii")[:300]
    sources.route(re.escape(DBLP_PATH), Answer(cut, type=XML, declared=len(ONE_RECORD)))

    report = harvest_dblp(fails=True)

    message = (
        f"DBLP pid 123/4567 ({OWNER}): GET {dblp_url(sources)} was cut off before the whole listing "
        "arrived; gave up after 2 tries"
    )
    assert (report["status"], report["error"]) == (RunStatus.FAILED, message)
    assert IngestionRun.objects.get().error == message
    assert len(sources.requests()) == 2
    assert not Paper.objects.exists()

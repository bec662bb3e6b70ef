"""Sources: pages re-fetched on a schedule from a local HTTP server, with their errors on the run."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from ingest import tasks
from ingest.choices import RunStatus, Trigger
from ingest.models import IngestionRun, Source
from ingest.run import run_execute
from ingest.submit.sources import sources_due, sources_refresh
from papers.models import Paper

pytestmark = pytest.mark.django_db


class Site:
    """What the local server answers: path -> (status, content type, body), and what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, list[tuple[int, str, bytes]]] = {}
        self.requests: list[dict] = []

    def serve(self, path: str, *answers: tuple[int, str, bytes]) -> None:
        self.pages[path] = list(answers)


@pytest.fixture
def site():
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            site.requests.append({"path": self.path, **dict(self.headers)})
            answers = site.pages.get(self.path, [(404, "text/plain", b"missing")])
            status, content_type, body = answers.pop(0) if len(answers) > 1 else answers[0]
            etag = f'"{hash(body) & 0xFFFF:x}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_port}"
    yield site
    server.shutdown()
    server.server_close()


def refresh_and_run(django_capture_on_commit_callbacks) -> list[IngestionRun]:
    """What beat and a worker do: queue the due sources' runs, then execute each."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_ids = sources_refresh()
    assert len(callbacks) == len(run_ids)  # each run is enqueued once its transaction commits
    return [run_execute(run_id=run_id) for run_id in run_ids]


def test_a_due_source_is_fetched_and_ingested(site, fixture_text, django_capture_on_commit_callbacks):
    site.serve("/lab.bib", (200, "text/x-bibtex; charset=utf-8", fixture_text("bibtex_small.bib").encode()))
    source = Source.objects.create(name="Lab BibTeX", url=f"{site.url}/lab.bib", format="bibtex")
    [run] = refresh_and_run(django_capture_on_commit_callbacks)
    assert (run.status, run.trigger, run.source) == (RunStatus.SUCCEEDED, Trigger.SOURCE, source)
    assert run.created == run.records == Paper.objects.count() > 0
    source.refresh_from_db()
    assert source.etag and source.last_fetched_at is not None
    assert run.input_text.startswith(fixture_text("bibtex_small.bib")[:40])


def test_an_unchanged_page_is_asked_for_with_its_etag_and_not_ingested_again(
    site, fixture_text, django_capture_on_commit_callbacks
):
    site.serve("/lab.bib", (200, "text/plain", fixture_text("bibtex_small.bib").encode()))
    source = Source.objects.create(name="Lab", url=f"{site.url}/lab.bib", format="bibtex")
    refresh_and_run(django_capture_on_commit_callbacks)
    Source.objects.filter(pk=source.pk).update(last_fetched_at=timezone.now() - timedelta(days=8))
    [run] = refresh_and_run(django_capture_on_commit_callbacks)
    assert site.requests[-1]["If-None-Match"] == Source.objects.get().etag
    assert (run.status, run.records) == (RunStatus.SUCCEEDED, 0)
    assert "not modified" in run.error


def test_only_enabled_sources_past_their_interval_and_not_busy_are_due(site):
    now = timezone.now()
    due = Source.objects.create(name="due", url=f"{site.url}/a", last_fetched_at=now - timedelta(days=8))
    Source.objects.create(name="fresh", url=f"{site.url}/b", last_fetched_at=now - timedelta(days=1))
    Source.objects.create(name="off", url=f"{site.url}/c", enabled=False)
    busy = Source.objects.create(name="busy", url=f"{site.url}/d")
    IngestionRun.objects.create(source=busy, observed_at=now.date(), status=RunStatus.RUNNING)
    new = Source.objects.create(name="new", url=f"{site.url}/e")
    assert {s.name for s in sources_due(now=now)} == {due.name, new.name}


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((404, "text/html", b"gone"), "answered 404"),
        ((200, "application/pdf", b"%PDF-1.7"), "application/pdf"),
    ],
)
def test_a_page_that_cannot_be_ingested_fails_its_run_with_a_clear_error(
    site, answer, message, django_capture_on_commit_callbacks
):
    site.serve("/page", answer)
    Source.objects.create(name="Broken", url=f"{site.url}/page", format="homepage")
    [run] = refresh_and_run(django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED and message in run.error and site.url in run.error
    assert not Paper.objects.exists()


def test_a_server_error_is_retried_and_the_last_attempt_fails_the_run(
    site, django_capture_on_commit_callbacks
):
    site.serve("/down", (503, "text/plain", b"busy"))
    Source.objects.create(name="Down", url=f"{site.url}/down", format="bibtex")
    with django_capture_on_commit_callbacks(execute=False):
        [run_id] = sources_refresh()
    result = tasks.ingest_run.apply(args=[run_id], retries=tasks.MAX_RETRIES)
    assert result.get() == "failed"
    run = IngestionRun.objects.get(pk=run_id)
    assert run.status == RunStatus.FAILED and "503" in run.error


def test_an_html_homepage_is_read_without_its_scripts(site, fixture_text, django_capture_on_commit_callbacks):
    lines = fixture_text("homepage_small.txt").replace("&", "&amp;").replace("<", "&lt;").splitlines()
    html = "<html><head><title>x</title><script>var a;</script></head><body>"
    html += "".join(f"<div>{line}</div>" for line in lines) + "</body></html>"
    site.serve("/home", (200, "text/html; charset=utf-8", html.encode()))
    Source.objects.create(name="Home", url=f"{site.url}/home", format="homepage")
    [run] = refresh_and_run(django_capture_on_commit_callbacks)
    assert run.status in (RunStatus.SUCCEEDED, RunStatus.PARTIAL) and run.created > 0
    # The page is kept as HTML (the homepage reader uses its structure); its script is not read.
    assert not any("var a" in text for _, text in run.unread)
    assert not Paper.objects.filter(title__contains="var a").exists()


HOMEPAGE = """<!doctype html><html><body><nav><a href="/">Home</a> <a href="/pubs">Publications</a></nav>
<h2>Publications</h2><ul>
<li><b>Sorting Socks at Scale</b><br>Ana Lopes and <b>Jane Doe</b><br><i>CVPR</i>, 2023
[<a href="https://github.com/example/socks">code</a>] [<a href="https://example.org/socks.pdf">pdf</a>]</li>
</ul></body></html>"""


@pytest.mark.parametrize("listing_format", ["homepage", "auto"])
def test_a_homepage_source_is_read_as_html_with_its_links(
    site, listing_format, django_capture_on_commit_callbacks
):
    site.serve("/", (200, "text/html; charset=utf-8", HOMEPAGE.encode()))
    Source.objects.create(name="Jane's page", url=f"{site.url}/", format=listing_format)
    [run] = refresh_and_run(django_capture_on_commit_callbacks)
    assert run.status == RunStatus.SUCCEEDED and run.input_text.startswith("<!doctype html>")
    paper = Paper.objects.get()
    assert (paper.title, paper.year) == ("Sorting Socks at Scale", 2023)
    assert {(link.kind, link.url) for link in paper.links.all()} == {
        ("code", "https://github.com/example/socks"),
        ("pdf", "https://example.org/socks.pdf"),
    }

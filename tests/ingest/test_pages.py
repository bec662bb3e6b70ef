"""Walking every page of a person's works at each scholarly source, against a real HTTP server on
127.0.0.1 that answers in the sources' own shapes (invented people and papers)."""

import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from ingest.fetch.client import FetchError
from ingest.fetch.pages import Page, PageMark, walk
from ingest.fetch.pages.dblp import dblp_pid
from ingest.fetch.pages.orcid import put_codes
from ingest.fetch.polite import ClientSettings, PoliteClient, user_agent

ORCID_ID = "0000-0002-1825-0097"
CONTACT = "admin@lab.example.org"


@dataclass
class Reply:
    body: str | bytes = ""
    type: str = "application/json"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[re.Match, dict[str, str], dict[str, str]], Reply]  # match, query, request headers
ROUTES: list[tuple[re.Pattern, Route]] = []
SEEN: list[tuple[str, dict[str, str], dict[str, str]]] = []  # path, query, headers of each request


class SourceHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        headers = dict(self.headers.items())
        SEEN.append((parts.path, query, headers))
        for pattern, route in ROUTES:
            if match := pattern.fullmatch(parts.path):
                reply = route(match, query, headers)
                break
        else:
            reply = Reply('{"error": "not found"}', status=404)
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        with contextlib.suppress(ConnectionError):
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SourceHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh_routes() -> Iterator[None]:
    ROUTES.clear()
    SEEN.clear()
    yield
    ROUTES.clear()


def route(pattern: str) -> Callable[[Route], Route]:
    def register(function: Route) -> Route:
        ROUTES.append((re.compile(pattern), function))
        return function

    return register


@pytest.fixture
def client() -> PoliteClient:
    settings = ClientSettings(
        user_agent=user_agent("https://lab.example.org", CONTACT),
        timeout=5.0,
        retries=0,
        backoff=0.01,
        intervals={},
        default_interval=0.0,
    )
    return PoliteClient(settings)


@pytest.fixture
def bases(server) -> dict[str, str]:
    return {kind: server + "/" for kind in ("orcid", "dblp", "openalex", "s2", "arxiv", "crossref")}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def summary(page: Page) -> tuple:
    return page.key, page.format, page.changed


# --- ORCID ----------------------------------------------------------------------------------------


def orcid_group(code: int, *, versions: int = 1) -> dict:
    """A group of the works summary: one work, in `versions` versions from different sources."""
    doi = {
        "external-id-type": "doi",
        "external-id-value": f"10.5555/invented.{code}",
        "external-id-normalized": {"value": f"10.5555/invented.{code}", "transient": True},
        "external-id-url": {"value": f"https://doi.org/10.5555/invented.{code}"},
        "external-id-relationship": "self",
    }
    work_summaries = [
        {
            "put-code": code + 10000 * version,
            "created-date": {"value": 1600000000000},
            "last-modified-date": {"value": 1690000000000},
            "source": {"source-name": {"value": "Crossref" if version else "Ada Example"}},
            "title": {
                "title": {"value": f"Invented work {code}"},
                "subtitle": None,
                "translated-title": None,
            },
            "external-ids": {"external-id": [doi]},
            "url": None,
            "type": "journal-article",
            "publication-date": {"year": {"value": "2021"}, "month": {"value": "06"}, "day": None},
            "journal-title": {"value": "Journal of Invented Results"},
            "visibility": "public",
            "path": f"/{ORCID_ID}/work/{code + 10000 * version}",
            "display-index": str(version),
        }
        for version in range(versions)
    ]
    return {
        "last-modified-date": {"value": 1690000000000},
        "external-ids": {"external-id": [doi]},
        "work-summary": work_summaries,
    }


def orcid_summary(groups: list, modified: int | None = 1700000000000) -> str:
    return json.dumps(
        {
            "last-modified-date": {"value": modified} if modified else None,
            "group": groups,
            "path": f"/{ORCID_ID}/works",
        }
    )


def orcid_bulk(codes: list[str]) -> str:
    works = [
        {
            "work": {
                "put-code": int(code),
                "title": {"title": {"value": f"Invented work {code}"}},
                "contributors": {
                    "contributor": [
                        {"credit-name": {"value": "Ada Example"}, "contributor-orcid": {"path": ORCID_ID}}
                    ]
                },
                "type": "journal-article",
            }
        }
        for code in codes
    ]
    return json.dumps({"bulk": works})


def serve_orcid(summary_text: str, etag: str = "") -> None:
    @route(rf"/v3\.0/{ORCID_ID}/works")
    def works(match, query, headers):
        if etag and headers.get("If-None-Match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(
            summary_text, "application/vnd.orcid+json;charset=UTF-8", headers={"ETag": etag} if etag else {}
        )

    @route(rf"/v3\.0/{ORCID_ID}/works/([\d,]+)")
    def bulk(match, query, headers):
        return Reply(orcid_bulk(match.group(1).split(",")), "application/vnd.orcid+json;charset=UTF-8")


def detail_requests() -> list[list[str]]:
    return [path.rpartition("/")[2].split(",") for path, _, _ in SEEN if re.search(r"/works/\d", path)]


def test_orcid_walks_the_summary_then_the_details_in_chunks_of_100(client, bases):
    text = orcid_summary([orcid_group(1000 + i) for i in range(150)])
    serve_orcid(text)
    pages = walk("orcid", f"https://orcid.org/{ORCID_ID}", client, bases)
    assert [summary(page) for page in pages] == [
        ("orcid:works", "orcid", True),
        ("orcid:details:1", "orcid", True),
        ("orcid:details:2", "orcid", True),
    ]
    assert pages[0].text == text
    assert pages[0].marker == "1700000000000"  # the summary's last-modified-date
    assert detail_requests() == [[str(1000 + i) for i in range(100)], [str(1100 + i) for i in range(50)]]
    assert json.loads(pages[2].text)["bulk"][0]["work"]["put-code"] == 1100
    assert pages[2].marker == sha256(pages[2].text)
    assert {headers["Accept"] for _, _, headers in SEEN} == {"application/vnd.orcid+json"}


def test_orcid_takes_the_preferred_version_of_each_work_once():
    groups = [orcid_group(1, versions=3), orcid_group(2), orcid_group(1), None, {"work-summary": None}]
    groups.append({"work-summary": [{"put-code": None}, {"put-code": "abc"}, {"display-index": "5"}]})
    assert put_codes(json.loads(orcid_summary(groups))) == ["20001", "2", "1"]
    assert put_codes({"group": None}) == []


def test_orcid_unchanged_summary_skips_the_details(client, bases):
    serve_orcid(orcid_summary([orcid_group(1), orcid_group(2)]))
    known = {"orcid:works": PageMark(marker="1700000000000")}
    pages = walk("orcid", ORCID_ID, client, bases, known=known)
    assert [summary(page) for page in pages] == [("orcid:works", "orcid", False)]
    assert detail_requests() == []


def test_orcid_summary_not_modified_skips_the_details(client, bases):
    serve_orcid(orcid_summary([orcid_group(1)]), etag='"w1"')
    known = {"orcid:works": PageMark(etag='"w1"', marker="1700000000000")}
    [page] = walk("orcid", ORCID_ID, client, bases, known=known)
    assert (page.changed, page.text, page.marker, page.etag) == (False, "", "1700000000000", '"w1"')
    assert SEEN[0][2]["If-None-Match"] == '"w1"'
    assert detail_requests() == []


def test_orcid_changed_summary_fetches_the_details_again(client, bases):
    serve_orcid(orcid_summary([orcid_group(1), orcid_group(2)], modified=1710000000000))
    first = walk("orcid", ORCID_ID, client, bases)
    known = {"orcid:works": PageMark(marker="1700000000000"), "orcid:details:1": PageMark(marker="old")}
    pages = walk("orcid", ORCID_ID, client, bases, known=known)
    assert [summary(page) for page in pages] == [
        ("orcid:works", "orcid", True),
        ("orcid:details:1", "orcid", True),
    ]
    assert pages[0].marker == "1710000000000"
    same = {page.key: PageMark(marker=page.marker) for page in first} | {"orcid:works": PageMark(marker="1")}
    assert [page.changed for page in walk("orcid", ORCID_ID, client, bases, known=same)] == [True, False]


def test_orcid_without_works_is_one_summary_page(client, bases):
    text = orcid_summary([], modified=None)
    serve_orcid(text)
    [page] = walk("orcid", ORCID_ID, client, bases)
    assert (page.key, page.marker, page.changed) == ("orcid:works", sha256(text), True)


# --- DBLP -----------------------------------------------------------------------------------------

DBLP_PERSON = """<?xml version="1.0" encoding="US-ASCII"?>
<dblpperson name="Ada Q. Example" pid="99/1234-1" n="1">
<person key="homepages/99/1234-1" mdate="2024-01-05">
<author pid="99/1234-1">Ada Q. Example</author>
</person>
<r><inproceedings key="conf/ixyz/Example23" mdate="2023-11-02">
<author pid="99/1234-1">Ada Q. Example</author>
<author pid="98/7654">Bo Invented 0002</author>
<title>An Invented Result on Made-Up Graphs.</title>
<pages>1-10</pages>
<year>2023</year>
<booktitle>IXYZ</booktitle>
<ee type="oa">https://doi.org/10.5555/ixyz.2023.1</ee>
<crossref>conf/ixyz/2023</crossref>
<url>db/conf/ixyz/ixyz2023.html#Example23</url>
</inproceedings></r>
</dblpperson>
"""


def serve_dblp(text: str, etag: str = "") -> None:
    @route(r"/pid/99/1234-1\.xml")
    def person(match, query, headers):
        if etag and headers.get("If-None-Match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(text, "application/xml; charset=utf-8", headers={"ETag": etag} if etag else {})


def test_dblp_person_page_with_an_etag_is_skipped_when_not_modified(client, bases):
    serve_dblp(DBLP_PERSON, etag='"d-42"')
    [page] = walk("dblp", "https://dblp.org/pid/99/1234-1.html", client, bases)
    assert (page.key, page.format, page.text, page.marker, page.changed) == (
        "dblp:person",
        "dblp",
        DBLP_PERSON,
        '"d-42"',
        True,
    )
    known = {page.key: PageMark(etag=page.etag, last_modified=page.last_modified, marker=page.marker)}
    [again] = walk("dblp", "99/1234-1", client, bases, known=known)
    assert (again.changed, again.text, again.marker) == (False, "", '"d-42"')
    assert SEEN[-1][2]["If-None-Match"] == '"d-42"'
    assert SEEN[-1][2]["Accept"] == "application/xml"


def test_dblp_person_page_without_an_etag_is_compared_by_its_sha256(client, bases):
    serve_dblp(DBLP_PERSON)
    [page] = walk("dblp", "99/1234-1", client, bases)
    assert page.marker == sha256(DBLP_PERSON)
    [again] = walk("dblp", "99/1234-1", client, bases, known={"dblp:person": PageMark(marker=page.marker)})
    assert (again.changed, again.text) == (False, DBLP_PERSON)
    ROUTES.clear()
    serve_dblp(DBLP_PERSON.replace('n="1"', 'n="2"'))
    [changed] = walk("dblp", "99/1234-1", client, bases, known={"dblp:person": PageMark(marker=page.marker)})
    assert changed.changed


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("35/7092-1", "35/7092-1"),
        ("https://dblp.org/pid/35/7092-1.html", "35/7092-1"),
        ("dblp.org/pid/35/7092-1.xml", "35/7092-1"),
        ("homepages/35/7092-1", "35/7092-1"),
        ("h/KaimingHe", "h/KaimingHe"),
        ("Kaiming He", ""),
        ("https://dblp.org/pers/hd/h/He:Kaiming", ""),
    ],
)
def test_dblp_pid_is_read_from_a_pid_or_a_page_url(text, pid):
    assert dblp_pid(text) == pid


# --- OpenAlex -------------------------------------------------------------------------------------


def openalex_page(works: list[tuple[str, str]], next_cursor: str | None) -> str:
    results = [
        {
            "id": f"https://openalex.org/{work}",
            "doi": f"https://doi.org/10.5555/{work.lower()}",
            "title": f"Invented work {work}",
            "display_name": f"Invented work {work}",
            "publication_year": 2022,
            "type": "article",
            "authorships": [
                {"author_position": "first", "author": {"id": "https://openalex.org/A5000000001"}}
            ],
            "updated_date": updated,
        }
        for work, updated in works
    ]
    meta = {"count": 5, "db_response_time_ms": 21, "page": None, "per_page": 200, "next_cursor": next_cursor}
    return json.dumps({"meta": meta, "results": results, "group_by": []})


def serve_openalex(pages: dict[str, str]) -> None:
    @route(r"/works")
    def works(match, query, headers):
        return Reply(pages[query["cursor"]])


OPENALEX_PAGES = {
    "*": openalex_page([("W1", "2024-01-01T00:00:00"), ("W2", "2024-01-02T00:00:00")], "IlsxNjA5XSI="),
    "IlsxNjA5XSI=": openalex_page(
        [("W3", "2024-02-01T00:00:00"), ("W4", "2024-02-02T00:00:00")], "IlsxNzAwXSI="
    ),
    "IlsxNzAwXSI=": openalex_page([("W5", "2024-03-01T00:00:00")], None),
}


def test_openalex_follows_the_cursor_to_the_end(client, bases):
    serve_openalex(OPENALEX_PAGES)
    pages = walk("openalex", "https://openalex.org/a5000000001", client, bases, contact=CONTACT)
    assert [summary(page) for page in pages] == [
        ("openalex:1", "openalex", True),
        ("openalex:2", "openalex", True),
        ("openalex:3", "openalex", True),
    ]
    assert [page.text for page in pages] == list(OPENALEX_PAGES.values())
    assert [query for _, query, _ in SEEN] == [
        {"filter": "author.id:A5000000001", "per-page": "200", "mailto": CONTACT, "cursor": cursor}
        for cursor in OPENALEX_PAGES
    ]
    expected = "https://openalex.org/W5@2024-03-01T00:00:00"
    assert pages[2].marker == sha256(expected)


def test_openalex_stops_at_an_empty_page_and_leaves_it_out(client, bases):
    serve_openalex({"*": OPENALEX_PAGES["*"], "IlsxNjA5XSI=": openalex_page([], "IlsxNzAwXSI=")})
    pages = walk("openalex", "A5000000001", client, bases)
    assert [page.key for page in pages] == ["openalex:1"]
    assert len(SEEN) == 2
    assert "mailto" not in SEEN[0][1]  # no contact given


def test_openalex_without_works_is_one_empty_page(client, bases):
    serve_openalex({"*": openalex_page([], None)})
    [page] = walk("openalex", "A5000000001", client, bases)
    assert (page.key, page.marker) == ("openalex:1", sha256(""))


def test_openalex_marks_only_the_pages_whose_works_changed(client, bases):
    serve_openalex(OPENALEX_PAGES)
    first = walk("openalex", "A5000000001", client, bases)
    known = {page.key: PageMark(marker=page.marker) for page in first}
    ROUTES.clear()
    touched = OPENALEX_PAGES | {
        "IlsxNjA5XSI=": OPENALEX_PAGES["IlsxNjA5XSI="].replace("2024-02-02", "2024-06-30")
    }
    serve_openalex(touched)
    again = walk("openalex", "A5000000001", client, bases, known=known)
    assert [page.changed for page in again] == [False, True, False]
    assert again[0].text == OPENALEX_PAGES["*"]  # the text of an unchanged page is still there


def test_a_cursor_that_never_ends_stops_at_the_page_cap(client, bases, hang_guard):
    @route(r"/works")
    def works(match, query, headers):
        return Reply(openalex_page([("W1", "2024-01-01T00:00:00")], "c2VsZg=="))

    with pytest.raises(FetchError, match=r"has more than 3 pages for one walk; stopped there") as caught:
        walk("openalex", "A5000000001", client, bases, max_pages=3)
    assert not caught.value.transient
    assert len(SEEN) == 3


# --- Semantic Scholar -----------------------------------------------------------------------------


def s2_page(offset: int, papers: list[str], next_offset: int | None) -> str:
    data = [
        {
            "paperId": hashlib.sha1(paper.encode()).hexdigest(),
            "corpusId": 1000 + i,
            "externalIds": {"DOI": f"10.5555/{paper}", "CorpusId": 1000 + i},
            "title": f"Invented paper {paper}",
            "year": 2021,
            "authors": [{"authorId": "1741101", "name": "Ada Example"}],
            "citationCount": 3,
        }
        for i, paper in enumerate(papers)
    ]
    page: dict = {"offset": offset, "data": data}
    if next_offset is not None:
        page["next"] = next_offset
    return json.dumps(page)


S2_PAGES = {
    "0": s2_page(0, ["p1", "p2"], 100),
    "100": s2_page(100, ["p3", "p4"], 200),
    "200": s2_page(200, ["p5"], None),
}


def serve_s2(pages: dict[str, str]) -> None:
    @route(r"/graph/v1/author/1741101/papers")
    def papers(match, query, headers):
        return Reply(pages[query["offset"]])


def test_s2_follows_next_until_it_is_absent(client, bases):
    serve_s2(S2_PAGES)
    pages = walk("s2", "https://www.semanticscholar.org/author/Ada-Example/1741101", client, bases)
    assert [summary(page) for page in pages] == [
        ("s2:1", "s2", True),
        ("s2:2", "s2", True),
        ("s2:3", "s2", True),
    ]
    assert [page.text for page in pages] == list(S2_PAGES.values())
    assert [query["offset"] for _, query, _ in SEEN] == ["0", "100", "200"]
    assert {query["limit"] for _, query, _ in SEEN} == {"100"}
    assert SEEN[0][1]["fields"].split(",") == [
        "paperId", "corpusId", "externalIds", "title", "abstract", "venue", "publicationVenue", "year",
        "publicationDate", "publicationTypes", "journal", "authors", "citationCount", "url", "openAccessPdf",
    ]  # fmt: skip
    assert pages[0].marker == sha256(S2_PAGES["0"])


def test_s2_next_that_does_not_move_forward_is_refused(client, bases):
    serve_s2({"0": s2_page(0, ["p1"], 100), "100": s2_page(100, ["p2"], 100)})
    with pytest.raises(FetchError, match="answered a next offset 100 that does not move past 100"):
        walk("s2", "1741101", client, bases)


def test_s2_answer_that_is_not_a_list_of_papers_is_refused(client, bases, server):
    serve_s2({"0": json.dumps([{"paperId": "x"}])})
    with pytest.raises(FetchError) as caught:
        walk("s2", "1741101", client, bases)
    assert caught.value.message.startswith(f"{server}/graph/v1/author/1741101/papers?fields=")
    assert caught.value.message.endswith("answered JSON that is not a Semantic Scholar list of papers (list)")


# --- arXiv ----------------------------------------------------------------------------------------

ARXIV_TOTAL = 5


def arxiv_feed(start: int, count: int, total: int = ARXIV_TOTAL) -> str:
    entries = "".join(
        f"""
  <entry>
    <id>http://arxiv.org/abs/2401.{10000 + n}v1</id>
    <updated>2024-01-{10 + (n * 7) % 10:02d}T10:00:00Z</updated>
    <published>2024-01-01T10:00:00Z</published>
    <title>Invented preprint {n}</title>
    <summary>An abstract about nothing in particular.</summary>
    <author><name>Ada Lovelace</name></author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"
      scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""
        for n in range(start, start + count)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dau%3ALovelace_A" rel="self"
    type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=au:Lovelace_A&amp;id_list=&amp;start={start}</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-05-01T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">100</opensearch:itemsPerPage>
  {entries}
</feed>
"""


def serve_arxiv(per_page: int = 2, empty_from: int = 99) -> None:
    """Two entries a page (as arXiv sometimes sends fewer than asked for), none from `empty_from`."""

    @route(r"/api/query")
    def query_page(match, query, headers):
        start = int(query["start"])
        count = 0 if start >= empty_from else max(0, min(per_page, ARXIV_TOTAL - start))
        return Reply(arxiv_feed(start, count), "application/atom+xml; charset=utf-8")


def test_arxiv_pages_until_start_reaches_the_total(client, bases):
    serve_arxiv()
    pages = walk("arxiv", "au:Lovelace_A", client, bases)
    assert [summary(page) for page in pages] == [
        ("arxiv:1", "arxiv", True),
        ("arxiv:2", "arxiv", True),
        ("arxiv:3", "arxiv", True),
    ]
    assert [query["start"] for _, query, _ in SEEN] == ["0", "2", "4"]
    assert SEEN[0][1] == {
        "search_query": "au:Lovelace_A",
        "start": "0",
        "max_results": "100",
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    # Entries 0 and 1 were updated on the 10th and the 17th: the newest is the page's marker.
    assert [page.marker for page in pages] == [
        "2024-01-17T10:00:00Z",
        "2024-01-14T10:00:00Z",
        "2024-01-18T10:00:00Z",
    ]
    assert SEEN[0][2]["Accept"] == "application/atom+xml"


def test_arxiv_stops_at_a_page_without_entries(client, bases):
    serve_arxiv(empty_from=2)
    pages = walk("arxiv", "au:Lovelace_A", client, bases)
    assert [page.key for page in pages] == ["arxiv:1"]
    assert [query["start"] for _, query, _ in SEEN] == ["0", "2"]


def test_arxiv_error_feed_is_refused(client, bases):
    error = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
    <title>Error</title>
    <summary>incorrect id format for 1234</summary>
  </entry>
</feed>"""

    @route(r"/api/query")
    def query_page(match, query, headers):
        return Reply(error, "application/atom+xml")

    with pytest.raises(FetchError, match=r"answered an error: incorrect id format for 1234$"):
        walk("arxiv", "id:1234", client, bases)


# --- Crossref -------------------------------------------------------------------------------------

CROSSREF_WORK = json.dumps(
    {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": {
            "DOI": "10.5555/ixyz.2023.1",
            "type": "proceedings-article",
            "title": ["An Invented Result on Made-Up Graphs"],
            "author": [{"given": "Ada Q.", "family": "Example", "sequence": "first", "affiliation": []}],
            "container-title": ["Proceedings of the Invented Conference"],
            "deposited": {
                "date-parts": [[2023, 6, 18]],
                "date-time": "2023-06-18T08:15:30Z",
                "timestamp": 1687076130000,
            },
            "is-referenced-by-count": 7,
        },
    }
)


def test_crossref_work_is_one_page_marked_by_its_deposit(client, bases):
    @route(r"/works/10\.5555/ixyz\.2023\.1")
    def work(match, query, headers):
        return Reply(CROSSREF_WORK, "application/json")

    [page] = walk("crossref", "https://doi.org/10.5555/IXYZ.2023.1", client, bases, contact=CONTACT)
    assert (page.key, page.format, page.text, page.marker, page.changed) == (
        "crossref:work",
        "crossref",
        CROSSREF_WORK,
        "2023-06-18T08:15:30Z",
        True,
    )
    assert SEEN[0][1] == {"mailto": CONTACT}
    known = {"crossref:work": PageMark(marker="2023-06-18T08:15:30Z")}
    [again] = walk("crossref", "10.5555/ixyz.2023.1", client, bases, known=known)
    assert not again.changed


def test_crossref_unknown_doi_is_a_clear_failure(client, bases, server):
    with pytest.raises(FetchError) as caught:
        walk("crossref", "10.5555/nothing", client, bases)
    assert caught.value.message == f"GET {server}/works/10.5555/nothing answered 404 Not Found"


# --- what every walk refuses ----------------------------------------------------------------------


def test_a_body_that_is_not_json_fails_naming_the_url(client, bases, server):
    @route(r"/works")
    def works(match, query, headers):
        return Reply("<html><body>Maintenance</body></html>", "application/json")

    with pytest.raises(FetchError) as caught:
        walk("openalex", "A5000000001", client, bases)
    assert caught.value.message.startswith(
        f"{server}/works?filter=author.id:A5000000001&per-page=200&cursor=*"
    )
    assert "did not answer JSON" in caught.value.message
    assert caught.value.message.endswith("expected an OpenAlex list of works")


def test_a_body_that_is_the_wrong_xml_fails_naming_the_url(client, bases, server):
    serve_dblp("<html><body>Not here</body></html>")
    with pytest.raises(FetchError) as caught:
        walk("dblp", "99/1234-1", client, bases)
    assert caught.value.message == (
        f"{server}/pid/99/1234-1.xml answered XML <html>, not a DBLP person page (<dblpperson>)"
    )
    ROUTES.clear()
    serve_dblp("<dblpperson name='cut")
    with pytest.raises(
        FetchError, match=r"1234-1\.xml did not answer XML \(.*\); expected a DBLP person page"
    ):
        walk("dblp", "99/1234-1", client, bases)


def test_a_response_of_the_wrong_type_fails_at_once(client, bases, server):
    @route(r"/works")
    def works(match, query, headers):
        return Reply("<html>Sign in</html>", "text/html")

    with pytest.raises(
        FetchError, match=r"is text/html; expected application/json or application/vnd\.orcid"
    ):
        walk("openalex", "A5000000001", client, bases)
    assert len(SEEN) == 1


@pytest.mark.parametrize(
    ("kind", "identifier", "reason"),
    [
        ("orcid", "0000-0002-1825-0098", "is not an ORCID iD"),  # wrong check digit
        ("dblp", "Ada Example", "is not a DBLP pid"),
        ("openalex", "W2194775991", "is not an OpenAlex author id"),
        ("s2", "Ada Example", "is not a Semantic Scholar author id"),
        ("arxiv", "  ", "needs a search query"),
        ("crossref", "not a doi", "is not a DOI"),
        ("scholar", "abc", "'scholar' is not a source to harvest"),
    ],
)
def test_a_bad_identifier_fails_before_any_request(client, bases, kind, identifier, reason):
    with pytest.raises(FetchError, match=reason) as caught:
        walk(kind, identifier, client, bases)
    assert not caught.value.transient
    assert SEEN == []


def test_a_source_without_a_base_url_fails_clearly(client):
    with pytest.raises(FetchError, match="no base URL is set for the dblp source"):
        walk("dblp", "99/1234-1", client, {"orcid": "https://pub.orcid.org"})

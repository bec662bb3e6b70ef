"""BibTeX and CSL-JSON from the API: lists, details and a person's papers, parsed back the same."""

import pytest

from core.names import display_name
from ingest.parsers import parse
from papers.services import AuthorInput, paper_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    mira = factories.PersonFactory(full_name="Mira Okafor", slug="mira-okafor")
    made = [
        paper_create(title="Segment {Every} Object: 100% & More", authors=[AuthorInput("Mira Okafor", mira),
                     AuthorInput("Jun Tan")], year=2023, kind="conference", doi="10.5555/seg"),
        paper_create(title="Graph Kernels", authors=[AuthorInput("Ada Ruiz")], year=2021, kind="journal"),
    ]  # fmt: skip
    return made


def drafts(text: str) -> list[tuple]:
    """The papers the text holds, authors in "Given Family" order (BibTeX writes "Family, Given")."""
    found = parse(text, "bibtex").papers
    return sorted((d.title, tuple(display_name(a.name) for a in d.authors), d.year, d.doi) for d in found)


def test_a_list_exports_as_bibtex_that_parses_back_to_the_same_papers(api, papers):
    for response in (
        api.get("/api/v1/papers/?format=bibtex"),
        api.get("/api/v1/papers/", HTTP_ACCEPT="application/x-bibtex"),
    ):
        assert response.status_code == 200 and response["Content-Type"].startswith("application/x-bibtex")
        assert drafts(response.content.decode()) == [
            ("Graph Kernels", ("Ada Ruiz",), 2021, ""),
            ("Segment {Every} Object: 100% & More", ("Mira Okafor", "Jun Tan"), 2023, "10.5555/seg"),
        ]


def test_one_paper_and_a_persons_papers_export_with_the_filters_applied(api, papers):
    one = api.get(f"/api/v1/papers/{papers[1].pk}/?format=bibtex").content.decode()
    assert [d[0] for d in drafts(one)] == ["Graph Kernels"]
    theirs = api.get("/api/v1/people/mira-okafor/papers/?format=bibtex").content.decode()
    assert [d[0] for d in drafts(theirs)] == ["Segment {Every} Object: 100% & More"]
    none = api.get("/api/v1/people/mira-okafor/papers/?format=bibtex&year=1999")
    assert none.status_code == 200 and "@" not in none.content.decode()
    assert api.get("/api/v1/people/nobody/papers/?format=bibtex").status_code == 404


def test_csl_json(api, papers):
    items = api.get("/api/v1/papers/?format=csl&ordering=year").json()
    assert [item["type"] for item in items] == ["article-journal", "paper-conference"]
    assert items[1]["author"][0] == {"family": "Okafor", "given": "Mira"} and items[1]["DOI"] == "10.5555/seg"
    assert api.get(f"/api/v1/papers/{papers[0].pk}/?format=csl").json()["title"] == papers[0].title

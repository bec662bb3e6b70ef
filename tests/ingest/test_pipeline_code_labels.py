"""A "[code]" label without a URL still means the code exists: the API, the pages and re-ingesting agree."""

import pytest
from rest_framework.test import APIClient

from ingest.choices import Outcome
from ingest.models import RecordOutcome
from papers.models import Paper, PaperLink
from people.models import Person
from tests.api.conftest import client_for, user_with
from tests.ingest.helpers import ingest, snapshot

pytestmark = pytest.mark.django_db

VOXELS = "Sparse Voxel Completion without Dense Labels"  # "[paper] [code] [supp.]", no addresses
FRUGAL = "Frugal Prompts for Few-Shot Segmentation"  # "[pre-print]" only
CODE_URL = "https://github.com/example/sparse-voxels"
# The same paper later, from a listing that knows where its code is.
WITH_URL = f"""@inproceedings{{okafor2024voxels,
  title = {{{VOXELS}}},
  author = {{Okafor, Maren and Brandt, Felix and Holloway, Jane}},
  booktitle = {{CVPR}},
  year = {{2024}},
  code = {{{CODE_URL}}}
}}
"""


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def homepage(fixture_text):
    """homepage_small.txt ingested for its owner: its papers' labels have no addresses."""
    ingest(fixture_text("homepage_small.txt"), "homepage", owner="Jane Holloway")
    return fixture_text("homepage_small.txt")


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {paper["title"] for paper in response.json()["results"]}


def shown(api, title: str) -> dict:
    [paper] = [p for p in api.get("/api/v1/papers/", {"q": title}).json()["results"] if p["title"] == title]
    return paper


def test_the_api_has_code_filter_finds_a_paper_whose_code_link_has_no_url(api, homepage):
    assert VOXELS in titles(api.get("/api/v1/papers/?has_code=true"))
    assert FRUGAL not in titles(api.get("/api/v1/papers/?has_code=true"))
    assert VOXELS not in titles(api.get("/api/v1/papers/?has_code=false"))
    paper = shown(api, VOXELS)
    assert paper["has_code"] is True and paper["links"] == [{"kind": "code", "url": None}]
    assert shown(api, FRUGAL)["has_code"] is False and shown(api, FRUGAL)["links"] == []


def test_the_paper_page_shows_code_as_text_not_as_a_link(client, homepage):
    paper = Paper.objects.get(title=VOXELS)
    page = client.get(f"/papers/{paper.pk}/{paper.slug}/").content.decode()
    assert '<li>Code <span class="muted">(address not known)</span></li>' in page
    assert ">Code</a>" not in page and "Supplement" not in page  # other labels alone say nothing


def test_the_profile_row_shows_code_as_text_and_its_has_code_filter_agrees(client, homepage):
    owner = Person.objects.get(full_name="Jane Holloway")
    page = client.get(f"/people/{owner.slug}/", {"has_code": "true"}).content.decode()
    voxels = Paper.objects.get(title=VOXELS)
    row = page.split(f'id="paper-{voxels.pk}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="link code" title="Address not known">Code</span>' in row
    assert 'class="link code" href' not in row
    assert FRUGAL not in page.split('id="publications"', 1)[-1]


def test_reingesting_the_labels_changes_nothing(homepage):
    before = snapshot()
    run = ingest(homepage, "homepage", owner="Jane Holloway")
    assert snapshot() == before
    papers = RecordOutcome.objects.filter(run=run, kind="paper")
    assert set(papers.values_list("outcome", flat=True)) == {Outcome.UNCHANGED}


def test_a_later_listing_with_the_real_url_fills_it_in(api, client, homepage):
    run = ingest(WITH_URL, "bibtex")
    assert RecordOutcome.objects.get(run=run).outcome == Outcome.MERGED
    paper = Paper.objects.get(title=VOXELS)
    assert list(paper.links.filter(kind="code").values_list("url", flat=True)) == [CODE_URL]
    assert shown(api, VOXELS)["links"] == [{"kind": "code", "url": CODE_URL}]
    assert VOXELS in titles(api.get("/api/v1/papers/?has_code=true"))
    page = client.get(f"/papers/{paper.pk}/{paper.slug}/").content.decode()
    assert (
        f'<a href="{CODE_URL}" rel="nofollow noopener">Code</a>' in page and "address not known" not in page
    )


def test_the_label_does_not_come_back_once_the_url_is_known(homepage):
    ingest(WITH_URL, "bibtex")
    before = snapshot()
    ingest(homepage, "homepage", owner="Jane Holloway")
    assert snapshot() == before
    assert PaperLink.objects.filter(paper__title=VOXELS, kind="code").count() == 1


def test_one_code_link_is_shown_when_a_paper_has_both_a_label_and_an_address(api, homepage):
    paper = Paper.objects.get(title=VOXELS)
    PaperLink.objects.create(paper=paper, kind="code", url=CODE_URL)  # written outside ingestion
    assert shown(api, VOXELS)["links"] == [{"kind": "code", "url": CODE_URL}]


def test_a_script_may_write_a_code_link_whose_url_is_unknown_and_only_that():
    client = client_for(user_with("add_paper"))
    body = {"title": "Code Somewhere", "authors": ["Ada Ruiz"], "year": 2024}
    made = client.post("/api/v1/papers/", {**body, "links": [{"kind": "code", "url": None}]}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["has_code"] is True and made.json()["links"] == [{"kind": "code", "url": None}]
    refused = client.post("/api/v1/papers/", {**body, "links": [{"kind": "pdf", "url": None}]}, format="json")
    assert refused.status_code == 400 and "url" in str(refused.json())

"""Malformed query values get a 400 that names the parameter, never a silent default."""

import pytest

from papers.services import AuthorInput, paper_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    return [
        paper_create(title=title, authors=[AuthorInput("Mira Okafor")], year=year)
        for title, year in (("Beta", 2022), ("Alpha", 2022), ("Gamma", 2020))
    ]


@pytest.mark.parametrize("value", ["r", "0", "-1", "1.5", "", "٣"])
@pytest.mark.parametrize("name", ["page_size", "page"])
@pytest.mark.parametrize("url", ["/api/v1/papers/", "/api/v1/people/", "/api/v1/venues/"])
def test_a_malformed_page_or_page_size_is_refused_with_its_name(api, papers, url, name, value):
    response = api.get(url, {name: value})
    assert response.status_code == 400
    assert response.json()["errors"] == {name: [f"A whole number from 1, not {value!r}."]}


def test_page_size_is_capped_and_a_page_past_the_last_is_not_found(api, papers, settings):
    assert len(api.get("/api/v1/papers/", {"page_size": 100_000}).json()["results"]) == 3
    response = api.get("/api/v1/papers/", {"page_size": 2, "page": 3})
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page."
    assert [
        p["title"] for p in api.get("/api/v1/papers/", {"page_size": 2, "page": 2}).json()["results"]
    ] == ["Gamma"]


def test_ordering_takes_several_known_fields_and_refuses_any_other(api, papers):
    ordered = api.get("/api/v1/papers/", {"ordering": "-year,title"}).json()["results"]
    assert [p["title"] for p in ordered] == ["Alpha", "Beta", "Gamma"]
    default = api.get("/api/v1/papers/").json()["results"]
    assert api.get("/api/v1/papers/", {"ordering": ""}).json()["results"] == default
    for value in ("nope", "year,nope", " year", "year,", "--year"):
        response = api.get("/api/v1/papers/", {"ordering": value})
        assert response.status_code == 400, value
        assert "year, title, citation_count, created_at" in response.json()["errors"]["ordering"][0]


def test_the_schema_says_the_bounds_and_the_ordering_pattern(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/papers/"]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1}
    one = "-?(year|title|citation_count|created_at)"
    assert parameters["ordering"] == {"type": "string", "pattern": f"^({one}(,{one})*)?$"}


def test_an_unknown_choice_of_a_filter_is_refused(api, papers):
    response = api.get("/api/v1/papers/", {"kind": "poem"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    factories.VenueFactory()
    assert api.get("/api/v1/venues/", {"verified": "maybe"}).status_code == 400


@pytest.mark.parametrize("value", ["", "xml", "AAA"])
def test_a_blank_or_unknown_format_is_refused_with_the_formats(api, papers, value):
    for url in ("/api/v1/papers/", f"/api/v1/papers/{papers[0].pk}/"):
        response = api.get(url, {"format": value})
        assert response.status_code == 400
        (message,) = response.json()["errors"]["format"]
        assert message.startswith("One of json, ") and message.endswith(f"bibtex, csl, ris, not {value!r}.")
    assert api.get("/api/v1/papers/", {"format": "ris"}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing/", "/api/v1/labs/caf%C3%A9/members/", "/api/v1/people/a%C2%84/papers/"]
)
def test_an_address_under_the_api_that_names_nothing_is_a_json_404(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("No API endpoint at /api/v1/")


@pytest.mark.parametrize(
    ("params", "field"),
    [({"year": "2020.5"}, "year"), ({"year_min": "0.5"}, "year_min"), ({"author": "Not a slug"}, "author")],
)
def test_a_year_must_be_whole_and_a_slug_a_slug(api, papers, params, field):
    response = api.get("/api/v1/papers/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_nul_in_a_search_is_dropped_not_refused(api, papers):
    response = api.get("/api/v1/papers/", {"q": "Al\x00pha"})
    assert response.status_code == 200
    assert api.get("/api/v1/people/", {"q": "\x00"}).status_code == 200

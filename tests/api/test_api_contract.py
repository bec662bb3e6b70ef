"""What the schema says each operation answers is what it answers: nullable fields, documented
errors with their JSON body, a body that must hold a file or a text, and conflicts as 409."""

import pytest
from jsonschema import Draft4Validator

from ingest.choices import ReviewKind, ReviewStatus
from ingest.models import ReviewItem
from papers.models import Paper
from papers.services import AuthorInput, paper_create
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db
ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def schema(api) -> dict:
    return api.get("/api/schema/", {"format": "json"}).json()


@pytest.fixture
def admin_api():
    return client_for(factories.UserFactory(is_superuser=True, is_staff=True))


def component(schema: dict, name: str) -> dict:
    """A component with its references and OpenAPI's nullable made plain JSON Schema."""
    components = schema["components"]["schemas"]

    def plain(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return plain(components[node["$ref"].rsplit("/", 1)[1]])
            node = {key: plain(value) for key, value in node.items() if key not in ("readOnly", "writeOnly")}
            if node.pop("nullable", False):
                node = {"anyOf": [node, {"type": "null"}]}
            return node
        return [plain(item) for item in node] if isinstance(node, list) else node

    return plain(components[name])


def test_a_review_item_about_no_paper_shows_null_and_the_schema_allows_it(schema, admin_api):
    item = ReviewItem.objects.create(kind=ReviewKind.ORPHAN_ABSTRACT, summary="An abstract", payload={})
    shown = admin_api.get(f"/api/v1/review/{item.pk}/").json()
    assert (shown["paper"], shown["person"], shown["venue"], shown["lab"], shown["run"]) == (None,) * 5
    assert list(Draft4Validator(component(schema, "ReviewItem")).iter_errors(shown)) == []


def test_resolving_an_item_twice_is_a_documented_409_with_its_reason(schema, admin_api):
    item = ReviewItem.objects.create(
        kind=ReviewKind.ORPHAN_ABSTRACT, summary="An abstract", payload={}, status=ReviewStatus.REJECTED
    )
    response = admin_api.post(f"/api/v1/review/{item.pk}/resolve/", {"decision": "reject"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"]
    documented = schema["paths"]["/api/v1/review/{id}/resolve/"]["post"]["responses"]
    assert documented["409"]["content"]["application/json"]["schema"] == ERROR


def test_every_operation_documents_its_errors_with_the_error_body(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"401", "429"} <= codes, (method, path)
            if "requestBody" in operation:
                assert {"400", "404", "413", "415"} <= codes, (method, path)
            for code in codes - {"200", "201", "202", "204", "301"}:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                assert body == ERROR, (method, path, code)


def test_a_run_needs_a_file_or_a_text_and_the_schema_says_one_of_them(schema, admin_api):
    response = admin_api.post("/api/v1/ingest/runs/", {"format": "bibtex"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["Give a file or a text, one of them."]}
    body = schema["paths"]["/api/v1/ingest/runs/"]["post"]["requestBody"]
    assert body["required"] is True
    multipart = component(schema, "RunCreateRequest")
    assert [variant["required"] for variant in multipart["oneOf"]] == [["text"], ["file"]]
    forbidden = [variant["not"] for variant in multipart["oneOf"]]
    assert forbidden == [{"required": ["file"]}, {"required": ["text"]}]
    as_json = body["content"]["application/json"]["schema"]
    assert as_json == {"$ref": "#/components/schemas/RunFromTextRequest"}


def test_a_body_that_is_not_an_object_is_a_400_not_a_500(admin_api):
    for url in ("/api/v1/ingest/runs/", "/api/v1/papers/"):
        response = admin_api.post(url, [None, None], format="json")
        assert response.status_code == 400, url


def test_json_values_must_have_their_fields_types(schema, admin_api):
    typed = {"title": 7, "authors": ["Ann Lee"], "year": "2020"}
    response = admin_api.post("/api/v1/papers/", typed, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "year"}
    assert component(schema, "PaperWriteRequest")["properties"]["authors"]["minItems"] == 1


def test_a_doi_another_paper_holds_is_a_409_that_names_it(admin_api):
    held = paper_create(title="Held", authors=[AuthorInput("Ann Lee")], doi="10.1000/held")
    response = admin_api.post(
        "/api/v1/papers/",
        {"title": "Again", "authors": ["Bo Chen"], "doi": "https://doi.org/10.1000/HELD"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == f"Paper {held.pk} has this doi: /api/v1/papers/{held.pk}/."
    assert Paper.objects.count() == 1


def test_a_doi_is_stored_in_its_one_form_and_links_given_twice_are_one(admin_api):
    link = {"kind": "code", "url": "https://example.org/c"}
    response = admin_api.post(
        "/api/v1/papers/",
        {"title": "New", "authors": ["Bo Chen"], "doi": "doi:10.1000/ABC", "links": [link, link]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["doi"] == "10.1000/abc"
    assert response.json()["links"] == [{"kind": "code", "url": "https://example.org/c"}]


def test_the_same_stint_twice_is_a_409_and_an_unknown_lab_a_404(admin_api):
    lab = factories.LabFactory(slug="vll")
    person = factories.PersonFactory(slug="ann-lee")
    stint = {"person": "ann-lee", "role": "phd", "start": "2020"}
    first = admin_api.post(f"/api/v1/labs/{lab.slug}/members/", stint, format="json")
    assert first.status_code == 201, first.json()
    again = admin_api.post(f"/api/v1/labs/{lab.slug}/members/", stint, format="json")
    assert again.status_code == 409
    assert "one stint per lab, role and start" in again.json()["detail"]
    assert person.memberships.count() == 1
    run = admin_api.post("/api/v1/ingest/runs/", {"text": "x", "lab": "no-such-lab"}, format="json")
    assert run.status_code == 404
    assert run.json()["detail"] == "no lab has the slug 'no-such-lab'; create it in the admin first"


def test_a_venue_without_a_year_is_refused_and_the_schema_says_it_needs_one(schema, admin_api):
    factories.VenueFactory(slug="nvpr")
    body = {"title": "New", "authors": ["Bo Chen"], "venue": "nvpr"}
    response = admin_api.post("/api/v1/papers/", body, format="json")
    assert (response.status_code, response.json()["detail"]) == (400, "A venue needs a year.")
    rules = component(schema, "PaperWriteRequest")["anyOf"]
    assert {"not": {"required": ["venue"]}} in rules and any(r.get("required") == ["year"] for r in rules)

"""A paper's derived keys have one rule: the service, the admin and a BibTeX ingestion agree."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ingest.choices import Outcome
from ingest.models import RecordOutcome
from papers.models import Authorship, Paper
from papers.services import (
    AuthorInput,
    author_family_key,
    paper_abstract_offer,
    paper_create,
    paper_keys,
    paper_update,
)
from tests import factories
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

# 500 characters (the field's limit) whose folded key is longer: "ß" folds to "ss".
LONG_TITLE = ("Große Straßen " * 40)[:499] + "x"
LONG_FAMILY = "Oberhausen" * 12  # a family key of 120 letters; Authorship.family_key keeps 100
FIRST_AUTHOR = f"Ada {LONG_FAMILY}"
ABSTRACT = "We study streets, squares and the people who walk them, " * 4


def keys_of(paper: Paper) -> dict:
    paper.refresh_from_db()
    families = list(paper.authorships.order_by("position").values_list("family_key", flat=True))
    fields = ("title_key", "abstract_key", "first_author_key", "slug")
    return {**{name: getattr(paper, name) for name in fields}, "families": families}


def by_service() -> Paper:
    authors = [AuthorInput(FIRST_AUTHOR), AuthorInput("Jun Tan")]
    return paper_create(title=LONG_TITLE, authors=authors, abstract=ABSTRACT, year=2023, kind="conference")


def by_admin(client) -> Paper:
    form = factories.paper_admin_form(LONG_TITLE, [FIRST_AUTHOR, "Jun Tan"], abstract=ABSTRACT)
    response = client.post(reverse("admin:papers_paper_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Paper.objects.get()


def by_bibtex() -> Paper:
    entry = (
        f"@inproceedings{{k,\n  title={{{LONG_TITLE}}},\n  author={{{LONG_FAMILY}, Ada and Tan, Jun}},\n"
        f"  year={{2023}},\n  abstract={{{ABSTRACT.strip()}}}\n}}\n"
    )
    run = ingest(entry, "bibtex")
    assert run.created == 1, RecordOutcome.objects.filter(run=run).values_list("reason", flat=True)
    return Paper.objects.get()


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_a_long_title_gets_the_same_keys_from_the_service_the_admin_and_a_bibtex_ingestion(superuser_client):
    found = []
    for make in (by_service, lambda: by_admin(superuser_client), by_bibtex):
        paper = make()
        found.append(keys_of(paper))
        paper.delete()
    assert found[0] == found[1] == found[2]
    keys = found[0]
    assert len(keys["title_key"]) == 500 and keys["title_key"].startswith("grosse strassen")
    assert keys["first_author_key"] == LONG_FAMILY.lower()[:100] == keys["families"][0]
    assert keys["families"] == [author_family_key(FIRST_AUTHOR), "tan"]
    assert keys["slug"].startswith("groe-straen") and len(keys["slug"]) <= 120


def test_a_title_over_the_limit_is_refused_by_the_service_the_admin_and_ingestion(superuser_client):
    title = "Streets " * 75  # 600 characters
    with pytest.raises(ValidationError):
        paper_create(title=title, authors=[AuthorInput("Jun Tan")])
    response = superuser_client.post(reverse("admin:papers_paper_add"), {"title": title, "kind": "other"})
    assert response.status_code == 200 and Paper.objects.count() == 0
    run = ingest(f"@article{{k, title={{{title.strip()}}}, author={{Jun Tan}}, year={{2023}}}}", "bibtex")
    assert RecordOutcome.objects.get(run=run).outcome == Outcome.REJECTED
    assert Paper.objects.count() == 0


def test_keys_are_the_pure_function_of_title_abstract_and_first_author():
    keys = paper_keys(title="Segment {Every} Object", abstract="", first_author="Sun, Qianru")
    assert keys == {"title_key": "segment every object", "abstract_key": "", "first_author_key": "sun"}


def test_editing_the_title_through_the_service_rekeys_it_but_keeps_the_slug():
    paper = paper_create(title="Old Streets", authors=[AuthorInput("Jun Tan")])
    paper_update(paper=paper, title="Große Straßen")
    paper.refresh_from_db()
    assert (paper.title_key, paper.slug, paper.first_author_key) == ("grosse strassen", "old-streets", "tan")


def test_changing_the_first_author_in_the_admin_rekeys_the_paper_and_keeps_the_list(superuser_client):
    paper = paper_create(title="Streets", authors=[AuthorInput("Jun Tan")], kind="other")
    paper.provenance = {"authors": {"run": 1, "rank": 4}}
    paper.save()
    row = paper.authorships.get()
    response = superuser_client.post(
        reverse("admin:papers_authorship_change", args=[row.pk]),
        {"paper": paper.pk, "position": "1", "name": "Sun, Qianru", "person": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    paper.refresh_from_db()
    assert Authorship.objects.get(pk=row.pk).family_key == "sun" == paper.first_author_key
    assert "authors" not in paper.provenance  # fixed by hand: it outranks every listing


def test_an_abstract_offer_is_taken_only_when_longer_and_remembers_its_run():
    paper = paper_create(title="Streets", authors=[], abstract="We study streets.")
    assert not paper_abstract_offer(paper=paper, text="We study.", run_id=7, rank=1)
    assert paper_abstract_offer(paper=paper, text="We study streets and squares.", run_id=7, rank=1)
    paper.refresh_from_db()
    assert paper.abstract_key == "we study streets and squares"
    assert paper.provenance == {"abstract": {"run": 7, "rank": 1}, "runs": [7]}

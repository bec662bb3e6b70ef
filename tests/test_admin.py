"""A superuser can open every page of the admin, for every model, from the first run."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

FACTORY_BY_MODEL = {
    "auth.user": factories.UserFactory,
    "people.institution": factories.InstitutionFactory,
    "people.person": factories.PersonFactory,
    "people.personalias": factories.PersonAliasFactory,
    "people.metricreport": factories.MetricReportFactory,
    "people.lab": factories.LabFactory,
    "people.membership": factories.MembershipFactory,
    "people.profileentry": factories.ProfileEntryFactory,
    "people.personmerge": factories.PersonMergeFactory,
    "papers.paper": factories.PaperFactory,
    "papers.authorship": factories.AuthorshipFactory,
    "papers.paperlink": factories.PaperLinkFactory,
    "papers.citationcount": factories.CitationCountFactory,
    "venues.venue": factories.VenueFactory,
    "venues.venuealias": factories.VenueAliasFactory,
    "venues.venueedition": factories.VenueEditionFactory,
    "ingest.source": factories.SourceFactory,
    "ingest.ingestionrun": factories.IngestionRunFactory,
    "ingest.recordoutcome": factories.RecordOutcomeFactory,
    "ingest.reviewitem": factories.ReviewItemFactory,
    "ingest.writeclock": factories.WriteClockFactory,
}
APP_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"people", "papers", "venues", "ingest"}
]


def label(model) -> str:
    return model._meta.label_lower


@pytest.fixture
def superuser_client(client):
    user = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_every_model_of_the_apps_is_in_the_admin():
    from django.apps import apps

    app_models = {
        label(model)
        for model in apps.get_models()
        if model._meta.app_label in {"people", "papers", "venues", "ingest"}
    }
    assert app_models == {label(model) for model in APP_MODELS}
    assert app_models <= set(FACTORY_BY_MODEL)


@pytest.mark.parametrize("model", APP_MODELS, ids=label)
def test_changelist_change_form_and_add_form_load_for_a_superuser(superuser_client, model):
    obj = FACTORY_BY_MODEL[label(model)]()
    info = (model._meta.app_label, model._meta.model_name)
    # Filtered to the object, since the venue catalogue alone fills more than a page.
    changelist = superuser_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"id__exact": obj.pk})
    change = superuser_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert changelist.status_code == 200
    assert change.status_code == 200
    assert str(obj) in changelist.content.decode()
    if model_admin_allows_add(model):
        # Followed: a new ingestion run is added through the import page (its add URL leads there).
        added = superuser_client.get(reverse("admin:{}_{}_add".format(*info)), follow=True)
        assert added.status_code == 200


def model_admin_allows_add(model) -> bool:
    return admin.site._registry[model].has_add_permission.__func__ is admin.ModelAdmin.has_add_permission


@pytest.mark.parametrize("model", APP_MODELS, ids=label)
def test_admin_search_works_for_every_model(superuser_client, model):
    FACTORY_BY_MODEL[label(model)]()
    info = (model._meta.app_label, model._meta.model_name)
    response = superuser_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"})
    assert response.status_code == 200


def test_person_autocomplete_answers_by_alias(superuser_client):
    person = factories.PersonFactory(full_name="Hui Lv")
    factories.PersonAliasFactory(person=person, name="Lv Hui")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"term": "Lv Hui", "app_label": "papers", "model_name": "authorship", "field_name": "person"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Hui Lv"]


def test_a_lab_with_its_members_is_edited_inline(superuser_client):
    lab = factories.LabFactory(name="Vision Lab")
    member = factories.MembershipFactory(lab=lab, person=factories.PersonFactory(full_name="Tan Wang"))
    response = superuser_client.get(reverse("admin:people_lab_change", args=[lab.pk]))
    assert "Tan Wang" in response.content.decode()
    assert f'value="{member.start}"' in response.content.decode()


def test_adding_a_person_in_the_admin_derives_their_name_key(superuser_client):
    from people.models import Person

    response = superuser_client.post(
        reverse("admin:people_person_add"),
        {
            "full_name": "LOH Yi Lin",
            "slug": "loh-yi-lin",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Yi Lin Loh",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "metric_reports-TOTAL_FORMS": "0",
            "metric_reports-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(slug="loh-yi-lin")
    assert person.name_key == "lin loh yi"
    assert list(person.aliases.values_list("key", flat=True)) == ["lin loh yi"]


def test_a_venue_alias_owned_by_another_venue_is_refused_with_a_message(superuser_client):
    from venues.models import Venue

    cvpr = Venue.objects.get(acronym="CVPR")
    response = superuser_client.post(
        reverse("admin:venues_venuealias_add"),
        {"venue": cvpr.pk + 1 if cvpr.pk > 1 else 2, "text": "CVPR '25"},
    )
    assert response.status_code == 200
    assert "already reads the same" in response.content.decode()


def test_searching_people_by_alias_lists_each_person_once(superuser_client):
    person = factories.PersonFactory(full_name="Hui Lv")
    factories.PersonAliasFactory(person=person, name="Lv Hui")
    factories.PersonAliasFactory(person=person, name="H. Lv")
    response = superuser_client.get(reverse("admin:people_person_changelist"), {"q": "Lv"})
    assert response.context["cl"].result_count == 1
    assert list(response.context["cl"].result_list) == [person]


def test_a_paper_shows_its_citation_counts_read_only(superuser_client):
    paper = factories.PaperFactory()
    factories.CitationCountFactory(paper=paper, source="openalex", count=38, observed_on="2026-11-28")
    page = superuser_client.get(reverse("admin:papers_paper_change", args=[paper.pk])).content.decode()
    inline = page.split('id="citation_counts-group"', 1)[1].split("</fieldset>", 1)[0]
    inline = " ".join(inline.split())
    assert '<td class="field-count"> <p>38</p> </td>' in inline
    assert '<td class="field-source"> <p>OpenAlex</p> </td>' in inline
    assert 'name="citation_counts-0-count"' not in inline  # shown, not an input
    assert 'name="citation_counts-MAX_NUM_FORMS" value="0"' in inline  # none to add


def test_the_person_form_edits_every_identifier(superuser_client):
    person = factories.PersonFactory(dblp_name="Wei Wang 0001")
    page = superuser_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    ids = page.split("<h2", 1)[1].split("Links and ids", 1)[1].split("</fieldset>", 1)[0]
    for field in ("orcid", "dblp_pid", "dblp_name", "openalex_id", "s2_id", "scholar_id"):
        assert f'name="{field}"' in ids
    assert 'value="Wei Wang 0001"' in ids

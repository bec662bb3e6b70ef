"""The demo lab of `make run`: believable, complete, loaded once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from papers.models import Authorship, Paper
from people.models import Lab, Membership, Person

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Lab, Person, Membership, Paper, Authorship)}


def test_demo_is_a_lab_with_a_pi_a_dozen_members_and_about_eighty_papers():
    assert "Demo data loaded" in load_demo()
    lab = Lab.objects.get(slug="visual-learning-lab")
    members = Membership.objects.filter(lab=lab).exclude(person=lab.pi)
    assert members.values("person").distinct().count() >= 12
    assert members.filter(end="").exists() and members.exclude(end="").exists()
    assert 70 <= Paper.objects.count() <= 100
    assert Paper.objects.filter(venue_edition__isnull=False).count() == Paper.objects.count()
    assert Paper.objects.filter(authorships__person=lab.pi).count() >= 40
    assert lab.pi.selected_papers.exists()


def test_loading_the_demo_again_changes_nothing():
    load_demo()
    before = row_counts()
    assert "already present" in load_demo()
    assert row_counts() == before


def test_the_demo_lab_is_visible_in_the_admin(admin_client):
    load_demo()
    lab = Lab.objects.get(slug="visual-learning-lab")
    changelist = admin_client.get(reverse("admin:people_lab_changelist"))
    change = admin_client.get(reverse("admin:people_lab_change", args=[lab.pk]))
    assert "Visual Learning Lab" in changelist.content.decode()
    member = Membership.objects.filter(lab=lab).exclude(person=lab.pi).select_related("person").first()
    assert member.person.full_name in change.content.decode()

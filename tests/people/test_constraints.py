import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Membership, Person
from people.services import membership_create, person_create
from tests.factories import LabFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_membership_ending_before_it_starts():
    membership = MembershipFactory(start="2021-03", end="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(end="2020-12")


def test_service_refuses_a_membership_ending_before_it_starts_with_a_clear_message():
    with pytest.raises(ValidationError, match="The end is before the start"):
        membership_create(lab=LabFactory(), person=PersonFactory(), role="phd", start="2021-03", end="2020")
    assert not Membership.objects.filter(role="phd").exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [("2020-08", "2020"), ("2020", "2020-03"), ("2018", "2022"), ("2023-03", "2023-03"), ("", "2019")],
)
def test_an_end_that_may_follow_the_start_at_its_precision_is_accepted(start, end):
    membership = MembershipFactory(start=start, end=end)
    membership.full_clean()
    membership.refresh_from_db()
    assert (membership.start, membership.end) == (start, end)


@pytest.mark.parametrize("value", ["2020-13", "20-08", "2020/08", "Aug 2020", "2020-02-30x"])
def test_partial_dates_of_another_form_are_refused(value):
    membership = MembershipFactory.build(lab=LabFactory(), person=PersonFactory(), start=value)
    with pytest.raises(ValidationError, match="YYYY"):
        membership.full_clean()


def test_current_members_have_an_open_end():
    assert MembershipFactory(end="").is_current
    assert not MembershipFactory(end="2022").is_current


def test_the_same_stint_cannot_be_recorded_twice():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            person=membership.person, lab=membership.lab, role=membership.role, start=membership.start
        )


def test_an_orcid_identifies_one_person_only():
    PersonFactory(orcid="0000-0002-1825-0097")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(orcid="0000-0002-1825-0097")
    PersonFactory(orcid="")
    PersonFactory(orcid="")  # unknown ids do not clash


def test_two_people_may_share_a_name_and_get_distinct_slugs():
    first = person_create(full_name="Wei Zhang")
    second = person_create(full_name="Wei Zhang")
    assert (first.slug, second.slug) == ("wei-zhang", "wei-zhang-2")
    assert first.name_key == second.name_key == "wei zhang"
    assert Person.objects.filter(name_key="wei zhang").count() == 2


def test_a_new_person_keeps_their_name_as_an_alias():
    person = person_create(full_name="Lv Hui")
    assert list(person.aliases.values_list("name", "key")) == [("Lv Hui", "hui lv")]


def test_a_slug_addresses_one_person_and_one_lab_only():
    person = PersonFactory(slug="qianru-sun")
    LabFactory(slug="vision")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(slug=person.slug)
    with pytest.raises(IntegrityError), transaction.atomic():
        LabFactory(slug="vision")

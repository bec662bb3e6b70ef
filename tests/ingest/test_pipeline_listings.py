"""The real scraped listings of ../shared/listings, ingested through the whole pipeline."""

import random

import pytest

from ingest.choices import Outcome, RunStatus
from ingest.models import RecordOutcome
from papers.models import Paper
from people.models import Lab, Membership, MetricReport, Person, ProfileEntry
from tests.ingest.helpers import counts, ingest, snapshot
from venues.models import Venue

pytestmark = pytest.mark.django_db

LISTINGS = {
    "homepage_faculty.txt": "homepage",
    "profile_aggregator.txt": "profile",
    "proceedings_cvpr2023_part.md": "proceedings",
    "lab_papers.bib": "bibtex",
}
# What each listing holds, counted by hand from the files (see the notes in each test).
EXPECTED = {
    "homepage_faculty.txt": {"papers": 44, "people": 85, "memberships": 25, "venues": 11},
    "profile_aggregator.txt": {"papers": 50, "people": 62, "memberships": 0, "venues": 0},
    "proceedings_cvpr2023_part.md": {"papers": 100, "people": 622, "memberships": 0, "venues": 1},
    "lab_papers.bib": {"papers": 12, "people": 23, "memberships": 0, "venues": 9},
}


def figures() -> dict:
    return {
        "papers": Paper.objects.count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "venues": Venue.objects.filter(editions__papers__isnull=False).distinct().count(),
    }


@pytest.mark.parametrize("name", LISTINGS)
def test_each_listing_ingests_with_the_right_numbers(name, shared_listing):
    run = ingest(shared_listing(name), name=name)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.detected_format == LISTINGS[name]
    assert run.rejected == 0
    assert figures() == EXPECTED[name]
    assert run.records == RecordOutcome.objects.filter(run=run).count()


def test_the_faculty_homepage_fills_its_owner_lab_members_and_entries(shared_listing):
    ingest(shared_listing("homepage_faculty.txt"), name="homepage")
    owner = Person.objects.get(full_name="Qianru Sun")
    assert owner.position == "assistant professor of computer science"
    assert owner.affiliation == "Singapore Management University"
    assert owner.bio.startswith("I am an assistant professor")
    lab = Lab.objects.get(pi=owner)
    current = Membership.objects.filter(lab=lab, end="").values_list("person__full_name", "role")
    # The PI and the two Ph.D. students listed with "Since ..." are the current members.
    assert sorted(current) == [("Qianru Sun", "faculty"), ("Qing Wang", "phd"), ("Tan Wang", "phd")]
    yaoyao = Membership.objects.get(lab=lab, person__full_name="Yaoyao Liu")
    assert (yaoyao.role, yaoyao.start, yaoyao.end, yaoyao.email) == (
        "phd",
        "2018",
        "2022",
        "yaoyao.liu@mpi-inf.mpg.de",
    )
    assert [p.full_name for p in yaoyao.co_advisors.all()] == ["Bernt Schiele"]
    assert owner.selected_papers.count() == 44
    assert ProfileEntry.objects.filter(person=owner).count() == 80


def test_a_member_and_the_author_with_the_reordered_name_are_one_person(shared_listing):
    ingest(shared_listing("homepage_faculty.txt"), name="homepage")
    hui = Person.objects.get(aliases__name="Lv Hui")
    assert set(hui.aliases.values_list("name", flat=True)) == {"Lv Hui", "Hui Lv"}
    assert hui.memberships.get().role == "postdoc"
    assert hui.authorships.exists()


def test_the_profile_records_the_reported_metrics_with_source_and_day(shared_listing):
    run = ingest(shared_listing("profile_aggregator.txt"), name="profile")
    report = MetricReport.objects.get()
    assert (report.person.full_name, report.h_index, report.citation_count, report.paper_count) == (
        "Shiming Ge", 15, 1706, 54,
    )  # fmt: skip
    assert report.observed_on == run.observed_at and report.run == run.pk
    # The page says 54 papers but lists 50: both figures are kept.
    assert Paper.objects.filter(authorships__person=report.person).count() == 50
    assert Paper.objects.filter(authors_complete=False).count() == 47


@pytest.mark.parametrize("name", LISTINGS)
def test_a_listing_ingested_twice_changes_nothing(name, shared_listing):
    ingest(shared_listing(name), name=name)
    before = snapshot()
    again = ingest(shared_listing(name), name=name)
    assert counts(again)["unchanged"] == again.records
    assert snapshot() == before


def test_all_listings_in_any_order_give_the_same_database(shared_listing):
    names = list(LISTINGS)
    orders = [names, names[::-1], *(random.Random(seed).sample(names, len(names)) for seed in (1, 2))]
    pictures = []
    for order in orders:
        for name in order:
            run = ingest(shared_listing(name), name=name)
            assert run.status == RunStatus.SUCCEEDED
        pictures.append(snapshot())
        _empty_the_database()
    assert all(picture == pictures[0] for picture in pictures[1:])
    assert len(pictures[0]["papers"]) == sum(expected["papers"] for expected in EXPECTED.values())


def _empty_the_database():
    for model in (Paper, Lab, Person):
        model.objects.all().delete()


def test_every_record_has_an_outcome_with_its_line_and_raw_text(shared_listing):
    run = ingest(shared_listing("lab_papers.bib"), name="bib")
    outcomes = list(RecordOutcome.objects.filter(run=run))
    assert [o.index for o in outcomes] == list(range(run.records))
    assert all(o.line and o.raw.strip().startswith("@") for o in outcomes)
    assert {o.outcome for o in outcomes} == {Outcome.CREATED}

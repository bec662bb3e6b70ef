"""Resolving review items: accepting or rejecting applies the decision, once, and it sticks."""

import threading
import time

import pytest
from django.db import connection, transaction

from ingest.choices import Outcome, ReviewKind, ReviewStatus
from ingest.models import RecordOutcome, ReviewItem
from ingest.review import ReviewError, review_resolve
from papers.models import Authorship, Paper
from people.merging import person_merge_undo
from people.models import Person, PersonAlias, PersonMerge
from people.services import lab_create, membership_create, person_create
from tests.factories import UserFactory
from tests.ingest.helpers import ingest, snapshot
from venues.models import Venue, VenueAlias

pytestmark = pytest.mark.django_db

STORED = "Prototype Memory for Class-Incremental Learning"
CLOSE = "Prototype Memory for Class-Incremental Learning at Scale"  # too close to call: asked about


def entry(title: str, authors: str = "Mira Okafor and Jun Tan", year: int = 2023, key: str = "k", extra=""):
    fields = f"title={{{title}}},\n  author={{{authors}}},\n  year={{{year}}},{extra}"
    return f"@inproceedings{{{key},\n  {fields}\n}}\n"


DOI = "\n  doi={10.5555/one}"
ARXIV = "\n  eprint={2301.00001}, archivePrefix={arXiv}"


@pytest.fixture
def user():
    return UserFactory()


def item_of(kind: str) -> ReviewItem:
    return ReviewItem.objects.get(kind=kind, status=ReviewStatus.OPEN)


def resolve(item: ReviewItem, decision: str, **options) -> ReviewItem:
    return review_resolve(item=item, decision=decision, user=options.pop("user", None), **options)


# Possible duplicate papers ------------------------------------------------------


@pytest.fixture
def duplicate():
    """A stored paper with a DOI, and a listing of it under a close title with an arXiv id."""
    stored = ingest(entry(STORED, extra=DOI))
    listing = entry(CLOSE, extra=ARXIV)
    run = ingest(listing)
    assert run.needs_review == 1 and Paper.objects.count() == 1
    return RecordOutcome.objects.get(run=stored).paper, run, listing


def test_accepting_a_possible_duplicate_merges_the_record_into_the_paper(duplicate, user):
    paper, run, _ = duplicate
    item = resolve(item_of(ReviewKind.PAPER_MATCH), "accept", user=user, note="same paper, retitled")
    merged = Paper.objects.get()
    assert merged.pk == paper.pk
    assert (merged.doi, merged.arxiv_id) == ("10.5555/one", "2301.00001")
    assert merged.provenance["arxiv_id"]["run"] == run.pk
    assert (item.status, item.resolved_by, item.note) == (ReviewStatus.ACCEPTED, user, "same paper, retitled")
    assert item.resolved_at is not None
    record = RecordOutcome.objects.get(run=run)
    assert record.outcome == Outcome.MERGED and record.paper_id == paper.pk
    assert f"merged into paper {paper.pk} by review" in record.reason
    run.refresh_from_db()
    assert (run.merged, run.needs_review) == (1, 0)


def test_rejecting_a_possible_duplicate_creates_the_record_as_a_new_paper(duplicate, user):
    paper, run, _ = duplicate
    item = resolve(item_of(ReviewKind.PAPER_MATCH), "reject", user=user)
    assert item.status == ReviewStatus.REJECTED
    new = Paper.objects.exclude(pk=paper.pk).get()
    assert (new.title, new.arxiv_id, new.doi) == (CLOSE, "2301.00001", "")
    assert new.provenance["title"]["run"] == run.pk
    authors = list(new.authorships.values_list("name", "person__full_name"))
    assert authors == [("Mira Okafor", "Mira Okafor"), ("Jun Tan", "Jun Tan")]
    assert Person.objects.count() == 2  # the authors of both papers are the same two people
    record = RecordOutcome.objects.get(run=run)
    assert record.outcome == Outcome.CREATED and record.paper_id == new.pk
    assert "created as a new paper by review" in record.reason


@pytest.mark.parametrize(("decision", "papers"), [("accept", 1), ("reject", 2)])
def test_a_decided_duplicate_is_not_asked_about_again(duplicate, decision, papers):
    _, _, listing = duplicate
    resolve(item_of(ReviewKind.PAPER_MATCH), decision)
    again = ingest(listing)
    assert Paper.objects.count() == papers
    assert ReviewItem.objects.count() == 1 and again.needs_review == 0
    assert RecordOutcome.objects.get(run=again).outcome == Outcome.UNCHANGED


def test_a_paper_that_is_not_a_candidate_is_refused_and_changes_nothing(duplicate):
    other = ingest(entry("An Unrelated Paper", key="u"))
    before = snapshot()
    chosen = RecordOutcome.objects.get(run=other).paper_id
    with pytest.raises(ReviewError, match=f"paper {chosen} is not among the candidates"):
        resolve(item_of(ReviewKind.PAPER_MATCH), "accept", choice=chosen)
    assert snapshot() == before
    assert item_of(ReviewKind.PAPER_MATCH).resolved_at is None


def test_a_record_matching_two_papers_needs_a_choice_and_cannot_take_another_papers_id():
    ingest(entry("Alpha Net", "Ada Ruiz", 2020, extra=DOI))
    ingest(entry("Beta Net", "Ada Ruiz", 2020, extra=ARXIV))
    ingest(entry("Alpha Net", "Ada Ruiz", 2020, extra=DOI + "," + ARXIV))
    item = item_of(ReviewKind.PAPER_MATCH)
    with pytest.raises(ReviewError, match="choose which of the candidate papers"):
        resolve(item, "accept")
    alpha = Paper.objects.get(title="Alpha Net")
    with pytest.raises(ReviewError, match=f"belongs to paper {Paper.objects.get(title='Beta Net').pk}"):
        resolve(item, "accept", choice=alpha.pk)
    assert Paper.objects.get(pk=alpha.pk).arxiv_id == ""
    assert item_of(ReviewKind.PAPER_MATCH).pk == item.pk


def test_a_homepage_record_is_read_again_from_the_whole_listing(fixture_text):
    # A homepage record alone has lost its year heading: only the whole listing gives it back.
    ingest(entry("Sparse Voxel Completion without Sparse Labels", "Hui Lv and Felix Brandt", 2024, extra=DOI))
    run = ingest(fixture_text("merge/homepage.txt"), "homepage", owner="Jane Holloway")
    item = item_of(ReviewKind.PAPER_MATCH)
    resolve(item, "accept")
    paper = Paper.objects.get()
    assert paper.presentation == "highlight" and paper.venue_edition.venue.acronym == "CVPR"
    assert paper.abstract.startswith("We complete sparse voxel grids")
    assert paper.selected_by.get().full_name == "Jane Holloway"
    assert RecordOutcome.objects.get(run=run, kind="paper").outcome == Outcome.MERGED


def test_a_duplicate_of_a_paper_of_the_same_listing_names_it_and_can_be_merged():
    # The question is asked once the batch is written, when that paper has its id.
    run = ingest(entry(STORED, key="a") + entry(CLOSE, key="b"))
    item = item_of(ReviewKind.PAPER_MATCH)
    stored = Paper.objects.get()
    assert item.payload["candidates"] == [stored.pk] and item.paper == stored
    resolve(item, "accept")
    assert list(Paper.objects.values_list("pk", flat=True)) == [stored.pk]
    run.refresh_from_db()
    assert (run.created, run.merged, run.needs_review) == (1, 1, 0)


# Possibly the same person -------------------------------------------------------


@pytest.fixture
def hui():
    """Hui Lv, a member of Sun Lab; a listing writes him "Lv Hui" without context: asked about."""
    lab = lab_create(name="Sun Lab", pi=person_create(full_name="Qianru Sun"))
    hui = person_create(full_name="Hui Lv", given_name="Hui", family_name="Lv")
    membership_create(lab=lab, person=hui, role="postdoc", start="2023-03")
    ingest(entry("Paper Four", "Lv Hui and Ada Ruiz"))
    return hui


def author(title: str = "Paper Four", name: str = "Lv Hui") -> Authorship:
    return Authorship.objects.select_related("person").get(paper__title=title, name=name)


def test_accepting_a_possible_same_person_links_the_author_and_keeps_the_spelling(hui):
    item = resolve(item_of(ReviewKind.PERSON_MATCH), "accept")
    assert item.status == ReviewStatus.ACCEPTED
    assert author().person == hui
    alias = PersonAlias.objects.get(person=hui, name="Lv Hui")
    assert (alias.key, alias.initials) == ("hui lv", "l hui")
    ingest(entry("Paper Nine", "Lv Hui and Zoe Li", key="k9"))
    assert author("Paper Nine").person == hui  # the spelling now links without asking
    assert ReviewItem.objects.count() == 1


def test_rejecting_a_possible_same_person_makes_the_author_a_new_person(hui):
    resolve(item_of(ReviewKind.PERSON_MATCH), "reject")
    other = author().person
    assert other is not None and other != hui
    assert other.full_name == "Lv Hui" and list(other.aliases.values_list("name", flat=True)) == ["Lv Hui"]
    assert Person.objects.filter(name_key="hui lv").count() == 2


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_a_decided_person_is_not_asked_about_again(hui, decision):
    resolve(item_of(ReviewKind.PERSON_MATCH), decision)
    linked = author().person
    again = ingest(entry("Paper Four", "Lv Hui and Ada Ruiz"))
    assert ReviewItem.objects.count() == 1 and again.needs_review == 0
    assert author().person == linked


def test_a_person_who_is_not_a_candidate_is_refused_and_changes_nothing(hui):
    stranger = person_create(full_name="Zoe Li")
    before = snapshot()
    with pytest.raises(ReviewError, match=f"person {stranger.pk} is not among the candidates"):
        resolve(item_of(ReviewKind.PERSON_MATCH), "accept", choice=stranger.pk)
    assert snapshot() == before and author().person is None


def test_an_author_linked_to_someone_else_meanwhile_is_not_relinked(hui):
    other = person_create(full_name="Hui Lv")
    Authorship.objects.filter(name="Lv Hui").update(person=other)
    for decision in ("accept", "reject"):
        with pytest.raises(ReviewError, match="already linked to Hui Lv"):
            resolve(item_of(ReviewKind.PERSON_MATCH), decision)
    assert author().person == other and Person.objects.count() == 4


def wei_wang_twice_and_a_new_member() -> tuple[Person, Person, ReviewItem]:
    first, second = person_create(full_name="Wei Wang"), person_create(full_name="Wei Wang")
    members = "Bio\n\nI study robots.\n\nPh.D. Students\n\n    Wei Wang\n    Since Sep 2021\n"
    ingest(members, "homepage", owner="Jane Holloway")
    item = item_of(ReviewKind.PERSON_MATCH)
    assert sorted(item.payload["candidates"]) == sorted([first.pk, second.pk])
    return first, second, item


def test_a_member_who_may_be_a_known_person_is_kept_apart_by_rejecting():
    _, _, item = wei_wang_twice_and_a_new_member()
    before = snapshot()
    assert resolve(item, "reject").status == ReviewStatus.REJECTED
    assert snapshot() == before and Person.objects.filter(full_name="Wei Wang").count() == 3


def test_accepting_a_member_as_a_known_person_merges_them_and_the_merge_can_be_undone():
    first, _, item = wei_wang_twice_and_a_new_member()
    member = Person.objects.get(pk=item.payload["person"])
    with pytest.raises(ReviewError, match="choose which"):
        resolve(item, "accept")
    assert resolve(item, "accept", choice=first.pk).status == ReviewStatus.ACCEPTED
    assert not Person.objects.filter(pk=member.pk).exists()
    assert first.memberships.get().lab.pi.full_name == "Jane Holloway"
    merge = PersonMerge.objects.get()
    assert (merge.person, merge.other_slug) == (first, member.slug)
    person_merge_undo(record=merge)
    assert Person.objects.get(pk=member.pk).memberships.count() == 1 and not first.memberships.exists()


# Unknown venues -----------------------------------------------------------------

QUIET = "\n  booktitle={Workshop on Quiet Robots},"


@pytest.fixture
def unknown_venue() -> Venue:
    ingest(entry("Tiny Paper", "Ada Ruiz", 2024, extra=QUIET))
    return item_of(ReviewKind.UNKNOWN_VENUE).venue


def test_accepting_an_unknown_venue_verifies_it(unknown_venue):
    resolve(item_of(ReviewKind.UNKNOWN_VENUE), "accept")
    unknown_venue.refresh_from_db()
    assert unknown_venue.verified is True


def test_rejecting_an_unknown_venue_as_another_one_moves_its_papers_and_spellings(unknown_venue):
    cvpr = Venue.objects.get(acronym="CVPR")
    item = resolve(item_of(ReviewKind.UNKNOWN_VENUE), "reject", choice=cvpr.pk)
    assert not Venue.objects.filter(pk=unknown_venue.pk).exists()
    assert Paper.objects.get().venue_edition.venue == cvpr and Paper.objects.get().venue_edition.year == 2024
    assert VenueAlias.objects.get(text="Workshop on Quiet Robots").venue == cvpr
    assert item.venue == cvpr and ReviewItem.objects.get(pk=item.pk).status == ReviewStatus.REJECTED
    ingest(entry("Another Tiny Paper", "Ada Ruiz", 2025, key="k2", extra=QUIET))
    assert Paper.objects.get(title="Another Tiny Paper").venue_edition.venue == cvpr
    assert not Venue.objects.filter(verified=False).exists() and ReviewItem.objects.count() == 1


def test_rejecting_an_unknown_venue_alone_leaves_it_as_it_is(unknown_venue):
    resolve(item_of(ReviewKind.UNKNOWN_VENUE), "reject")
    venue = Venue.objects.get(pk=unknown_venue.pk)
    assert venue.verified is False and Paper.objects.get().venue_edition.venue == venue
    ingest(entry("Tiny Paper", "Ada Ruiz", 2024, extra=QUIET))
    assert ReviewItem.objects.count() == 1


# Abstracts without a paper ------------------------------------------------------

ABSTRACT = "Abstract: Nobody wrote a paper with this abstract about quiet robots, until now.\n"


@pytest.fixture
def orphan() -> ReviewItem:
    ingest(entry("Quiet Robots", "Ada Ruiz", 2024))
    ingest(ABSTRACT, "abstracts")
    return item_of(ReviewKind.ORPHAN_ABSTRACT)


def test_accepting_an_abstract_for_a_paper_sets_it_with_its_run(orphan):
    paper = Paper.objects.get()
    resolve(orphan, "accept", choice=paper.pk)
    paper.refresh_from_db()
    assert paper.abstract == orphan.payload["text"]
    assert paper.provenance["abstract"] == {"run": orphan.run_id, "rank": 1}
    again = ingest(ABSTRACT, "abstracts")
    assert again.unchanged == 1 and ReviewItem.objects.count() == 1


def test_an_abstract_never_replaces_a_longer_one(orphan):
    longer = orphan.payload["text"] + " And then some more words that the listing cut."
    Paper.objects.update(abstract=longer)
    resolve(orphan, "accept", choice=Paper.objects.get().pk)
    assert Paper.objects.get().abstract == longer


def test_rejecting_an_abstract_only_closes_the_item(orphan):
    before = snapshot()
    assert resolve(orphan, "reject").status == ReviewStatus.REJECTED
    assert snapshot() == before and Paper.objects.get().abstract == ""


def test_accepting_an_abstract_needs_a_paper(orphan):
    with pytest.raises(ReviewError, match="choose the paper"):
        resolve(orphan, "accept")


# Any item -----------------------------------------------------------------------


def test_a_resolved_item_cannot_be_resolved_again(unknown_venue):
    item = item_of(ReviewKind.UNKNOWN_VENUE)
    resolve(item, "reject")
    with pytest.raises(ReviewError, match=f"review item {item.pk} is already rejected"):
        resolve(item, "accept")
    assert Venue.objects.get(pk=unknown_venue.pk).verified is False


def test_a_decision_is_accept_or_reject(unknown_venue):
    with pytest.raises(ReviewError, match="must be 'accept' or 'reject'"):
        resolve(item_of(ReviewKind.UNKNOWN_VENUE), "maybe")


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite has no row locks: it serializes writes"
)
@pytest.mark.django_db(transaction=True)
def test_two_people_resolving_one_item_at_once_apply_it_once(unknown_venue):
    item = item_of(ReviewKind.UNKNOWN_VENUE)
    locked, release, errors = threading.Event(), threading.Event(), []

    def first() -> None:
        with transaction.atomic():
            resolve(item, "accept")
            locked.set()
            release.wait(10)
        connection.close()

    def second() -> None:
        try:
            resolve(item, "reject")
        except ReviewError as error:
            errors.append(str(error))
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    locked.wait(10)
    threads[1].start()
    time.sleep(0.5)  # the second waits on the lock; without it, it would resolve the item too
    release.set()
    for thread in threads:
        thread.join(20)
    assert errors == [f"review item {item.pk} is already accepted"]
    assert ReviewItem.objects.get(pk=item.pk).status == ReviewStatus.ACCEPTED

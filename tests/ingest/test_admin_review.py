"""The review queue in the admin: an item's question side by side, decided through review_resolve."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from ingest.choices import Outcome, ReviewKind, ReviewStatus
from ingest.models import RecordOutcome, ReviewItem
from papers.models import Authorship, Paper
from people.models import Person
from people.services import lab_admin_grant, lab_create, person_create
from tests import factories
from tests.ingest.helpers import ingest, snapshot
from tests.ingest.test_review import ARXIV, CLOSE, DOI, QUIET, STORED, entry, item_of
from venues.models import Venue, VenueAlias

pytestmark = pytest.mark.django_db


def change_url(item: ReviewItem) -> str:
    return reverse("admin:ingest_reviewitem_change", args=[item.pk])


def changelist_url() -> str:
    return reverse("admin:ingest_reviewitem_changelist")


def decide(client, item: ReviewItem, decision: str, **fields):
    return client.post(change_url(item), {"decision": decision, **fields})


def page_of(client, item: ReviewItem) -> str:
    response = client.get(change_url(item))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def root(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def duplicate():
    """A stored paper with a DOI, and a listing of it under a close title with an arXiv id: asked about."""
    ingest(entry(STORED, extra=DOI))
    run = ingest(entry(CLOSE, extra=ARXIV))
    assert run.needs_review == 1
    return Paper.objects.get(), run


# Possible duplicate papers ------------------------------------------------------


def test_the_page_shows_the_record_as_read_next_to_the_candidate_paper(root, duplicate):
    paper, _ = duplicate
    page = page_of(root, item_of(ReviewKind.PAPER_MATCH))
    record, candidate = page.split('class="review-side"')[1].split("<section")[1:3]
    assert CLOSE in record and "2301.00001" in record and "Mira Okafor, Jun Tan" in record
    assert STORED in candidate and "10.5555/one" in candidate and "Mira Okafor, Jun Tan" in candidate
    assert f'href="/papers/{paper.pk}/"' in candidate
    assert f'<input type="radio" name="choice" value="{paper.pk}">' in candidate
    assert 'name="decision" value="accept"' in page and 'name="decision" value="reject"' in page
    assert 'name="payload"' not in page and 'name="status"' not in page  # nothing raw to edit


def test_accepting_a_possible_duplicate_merges_it_as_the_api_would(root, duplicate):
    paper, run = duplicate
    item = item_of(ReviewKind.PAPER_MATCH)
    response = decide(root, item, "accept", note="same paper, retitled")
    assert response.status_code == 302 and response.url == changelist_url()
    merged = Paper.objects.get()
    assert merged.pk == paper.pk
    assert (merged.doi, merged.arxiv_id) == ("10.5555/one", "2301.00001")
    assert merged.provenance["arxiv_id"]["run"] == run.pk
    record = RecordOutcome.objects.get(run=run)
    assert record.outcome == Outcome.MERGED and record.paper_id == paper.pk
    run.refresh_from_db()
    assert (run.merged, run.needs_review) == (1, 0)
    item.refresh_from_db()
    assert (item.status, item.resolved_by.username, item.note) == ("accepted", "root", "same paper, retitled")
    queue = root.get(response.url).content.decode()
    assert f"Accepted: &quot;{CLOSE}&quot; may be" in queue.split('class="messagelist"')[1]
    assert f"/{item.pk}/change/" not in queue  # the queue lists what is still open


def test_a_paper_that_is_not_a_candidate_is_refused_with_the_reason_and_changes_nothing(root, duplicate):
    other = Paper.objects.get(pk=ingest(entry("An Unrelated Paper", key="u")).outcomes.get().paper_id)
    item = item_of(ReviewKind.PAPER_MATCH)
    before = snapshot()
    response = decide(root, item, "accept", choice=other.pk)
    assert response.status_code == 302 and response.url == change_url(item)
    page = root.get(response.url).content.decode()
    assert f"Nothing was changed: paper {other.pk} is not among the candidates" in page
    assert snapshot() == before
    assert ReviewItem.objects.get(pk=item.pk).status == ReviewStatus.OPEN
    assert not LogEntry.objects.exists()


def test_a_closed_item_cannot_be_decided_again_and_shows_its_decision_without_a_form(root, duplicate):
    item = item_of(ReviewKind.PAPER_MATCH)
    decide(root, item, "reject", note="two papers")
    before = snapshot()
    response = decide(root, item, "accept")
    page = root.get(response.url).content.decode()
    assert f"Nothing was changed: review item {item.pk} is already rejected" in page
    assert snapshot() == before and ReviewItem.objects.get(pk=item.pk).status == ReviewStatus.REJECTED
    assert LogEntry.objects.count() == 1
    assert 'name="decision"' not in page and 'type="radio"' not in page
    assert "Rejected" in page and "root" in page and "two papers" in page


def test_the_history_of_an_item_says_who_decided_what(root, duplicate):
    paper, _ = duplicate
    item = item_of(ReviewKind.PAPER_MATCH)
    decide(root, item, "accept", choice=paper.pk, note="same paper")
    history = root.get(reverse("admin:ingest_reviewitem_history", args=[item.pk])).content.decode()
    assert "root" in history
    assert f"Accepted (paper {paper.pk}): &quot;{CLOSE}&quot; may be" in history
    assert "Note: same paper" in history


# Possibly the same person -------------------------------------------------------


@pytest.fixture
def hui() -> Person:
    """Hui Lv of Sun Lab; a listing writes "Lv Hui" without context: asked about."""
    lab = lab_create(name="Sun Lab", pi=person_create(full_name="Qianru Sun"))
    hui = person_create(full_name="Hui Lv", given_name="Hui", family_name="Lv")
    factories.MembershipFactory(lab=lab, person=hui, role="postdoc", start="2023-03")
    ingest(entry("Paper Four", "Lv Hui and Ada Ruiz"))
    return hui


def test_the_page_shows_the_name_as_written_next_to_the_candidate_person(root, hui):
    page = page_of(root, item_of(ReviewKind.PERSON_MATCH))
    record, candidate = page.split('class="review-side"')[1].split("<section")[1:3]
    assert "Lv Hui" in record and "Paper Four" in record and "Lv Hui, Ada Ruiz" in record
    assert f'href="/people/{hui.slug}/"' in candidate and "Hui Lv" in candidate and "Sun Lab" in candidate


def test_rejecting_a_possible_same_person_makes_the_author_a_new_person(root, hui):
    response = decide(root, item_of(ReviewKind.PERSON_MATCH), "reject")
    assert response.status_code == 302
    author = Authorship.objects.select_related("person").get(name="Lv Hui")
    assert author.person is not None and author.person != hui and author.person.full_name == "Lv Hui"
    assert Person.objects.filter(name_key="hui lv").count() == 2


# Unknown venues and abstracts without a paper -----------------------------------


def test_an_unknown_venue_is_said_to_be_a_known_one_by_rejecting_with_it(root):
    ingest(entry("Tiny Paper", "Ada Ruiz", 2024, extra=QUIET))
    item = item_of(ReviewKind.UNKNOWN_VENUE)
    cvpr = Venue.objects.get(acronym="CVPR")
    page = page_of(root, item)
    assert "Workshop on Quiet Robots" in page and f'<option value="{cvpr.pk}">CVPR: ' in page
    decide(root, item, "reject", choice=cvpr.pk)
    assert Paper.objects.get().venue_edition.venue == cvpr
    assert VenueAlias.objects.get(text="Workshop on Quiet Robots").venue == cvpr


def test_an_abstract_goes_to_the_paper_whose_id_is_typed(root):
    ingest(entry("Quiet Robots", "Ada Ruiz", 2024))
    ingest("Abstract: Nobody wrote a paper with this abstract about quiet robots, until now.\n", "abstracts")
    item = item_of(ReviewKind.ORPHAN_ABSTRACT)
    assert "about quiet robots, until now." in page_of(root, item)
    decide(root, item, "accept", paper=Paper.objects.get().pk)
    assert Paper.objects.get().abstract == item.payload["text"]


# Lab admins ---------------------------------------------------------------------


def lab_duplicate(name: str, title: str, arxiv_id: str):
    """A lab whose listing asks whether a record (title "at Scale") is a paper the lab already has."""
    lab = lab_create(name=f"{name} Lab", pi=person_create(full_name=f"{name} Leader"))
    authors = f"{name} Leader and {name} Student"
    ingest(entry(title, authors), lab=lab)
    ingest(
        entry(f"{title} at Scale", authors, extra=f"\n  eprint={{{arxiv_id}}}, archivePrefix={{arXiv}}"),
        lab=lab,
    )
    return lab, ReviewItem.objects.get(lab=lab, kind=ReviewKind.PAPER_MATCH)


def test_a_lab_admin_decides_their_labs_items_and_not_another_labs(client):
    ours, our_item = lab_duplicate("Ours", STORED, "2301.00001")
    _, their_item = lab_duplicate(
        "Theirs", "Contrastive Prototypes for Open-World Object Detection", "2301.00002"
    )
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=ours)
    client.force_login(user)
    papers, ours_paper = Paper.objects.count(), Paper.objects.get(title=STORED)
    assert client.get(change_url(their_item)).status_code == 404
    assert decide(client, their_item, "accept").status_code == 404
    assert ReviewItem.objects.get(pk=their_item.pk).status == ReviewStatus.OPEN
    assert Paper.objects.count() == papers
    assert CLOSE in page_of(client, our_item)
    assert decide(client, our_item, "accept").status_code == 302
    our_item.refresh_from_db()
    assert (our_item.status, our_item.resolved_by) == (ReviewStatus.ACCEPTED, user)
    assert Paper.objects.count() == papers
    assert Paper.objects.get(arxiv_id="2301.00001").pk == ours_paper.pk
    assert not Paper.objects.filter(arxiv_id="2301.00002").exists()


def test_a_lab_admin_puts_an_abstract_on_their_labs_papers_only(client):
    ours, _ = lab_duplicate("Ours", STORED, "2301.00001")
    theirs = factories.PaperFactory(title="Quiet Robots")
    ingest(
        "Abstract: Nobody wrote a paper with this abstract about quiet robots, until now.\n",
        "abstracts",
        lab=ours,
    )
    item = item_of(ReviewKind.ORPHAN_ABSTRACT)
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=ours)
    client.force_login(user)
    refused = client.post(change_url(item), {"decision": "accept", "paper": theirs.pk}, follow=True)
    assert f"paper {theirs.pk} is not a paper of your labs" in refused.content.decode()
    assert Paper.objects.get(pk=theirs.pk).abstract == "" and item_of(ReviewKind.ORPHAN_ABSTRACT)
    ours_paper = Paper.objects.get(title=STORED)
    assert decide(client, item, "accept", paper=ours_paper.pk).status_code == 302
    assert Paper.objects.get(pk=ours_paper.pk).abstract == item.payload["text"]


# The queue and the page ---------------------------------------------------------


def test_the_queue_lists_open_items_unless_asked_for_others(root):
    factories.ReviewItemFactory(summary="Still to decide")
    factories.ReviewItemFactory(summary="Decided long ago", status=ReviewStatus.REJECTED)
    queue = root.get(changelist_url()).content.decode()
    assert "Still to decide" in queue and "Decided long ago" not in queue
    everything = root.get(changelist_url(), {"status": "all"}).content.decode()
    assert "Still to decide" in everything and "Decided long ago" in everything
    counted = root.get(changelist_url(), {"_facets": "1"}).content.decode()
    assert "Open (1)" in counted and "Rejected (1)" in counted and "All (2)" in counted


def test_scraped_text_is_shown_escaped(root):
    hostile = "<script>alert('x')</script>Robust Learning"
    paper = factories.PaperFactory(title=f"{hostile} Stored")
    item = factories.ReviewItemFactory(
        kind=ReviewKind.PAPER_MATCH,
        person=None,
        summary=f'"{hostile}" may be one paper',
        payload={"draft": {"title": hostile, "authors": ["<b>Eve</b>"]}, "candidates": [paper.pk]},
    )
    page = page_of(root, item)
    assert "<script>alert" not in page and "<b>Eve</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;Robust Learning" in page
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page


def candidate_papers(count: int) -> list[int]:
    ids = []
    for _ in range(count):
        paper = factories.PaperFactory()
        for position in (1, 2, 3):
            factories.AuthorshipFactory(paper=paper, position=position)
        factories.PaperLinkFactory(paper=paper)
        ids.append(paper.pk)
    return ids


def candidate_people(count: int) -> list[int]:
    ids = []
    for _ in range(count):
        person = factories.PersonFactory()
        factories.PersonAliasFactory(person=person)
        factories.MembershipFactory(person=person)
        for _ in range(4):
            factories.AuthorshipFactory(person=person)
        ids.append(person.pk)
    return ids


# Session, user, the item, its lab, and the question's reads: a paper match 4, a person match 6.
QUERIES = 10


@pytest.mark.parametrize(
    ("kind", "candidates"),
    [(ReviewKind.PAPER_MATCH, candidate_papers), (ReviewKind.PERSON_MATCH, candidate_people)],
)
def test_the_page_reads_a_constant_number_of_queries_however_many_candidates(
    root, django_assert_max_num_queries, kind, candidates
):
    paper = factories.PaperFactory()
    payload = {"draft": {"title": "A record"}, "name": "A. Name", "position": 1}
    items = [
        factories.ReviewItemFactory(
            kind=kind,
            paper=paper,
            lab=factories.LabFactory(),
            payload={**payload, "candidates": candidates(n)},
        )
        for n in (1, 6)
    ]
    page_of(root, items[0])  # the admin caches its content types on the first page
    counts = []
    for item in items:
        with django_assert_max_num_queries(QUERIES) as captured:
            page_of(root, item)
        counts.append(len(captured))
    assert counts[0] == counts[1]

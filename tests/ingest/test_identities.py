"""Identifiers drive matching: an author an ORCID iD, a DBLP pid, DBLP's homonym number or an
OpenAlex / Semantic Scholar id names is that person before any name rule; two people who share a
name are told apart by them; a harvested work that no author ties to its owner is asked about
("is this yours?") instead of going onto their page."""

from datetime import date

import pytest

from ingest.choices import Outcome, ReviewKind
from ingest.context import RunContext
from ingest.models import ReviewItem
from ingest.parsers.drafts import AuthorDraft, PaperDraft
from ingest.review import review_resolve
from ingest.submit import run_submit
from ingest.write.papers import papers_ingest
from papers.models import Authorship, CitationCount, Paper
from people.models import Person
from tests import factories
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

ADA_ORCID = "0000-0002-1825-0097"


def ingest_drafts(drafts: list[PaperDraft], *, owner: Person | None = None, day=date(2025, 6, 1)) -> list:
    """The drafts through the paper writer of a run of the owner's listing, as a batch goes."""
    run = run_submit(
        data="-", input_name="drafts", format="openalex", owner=owner, observed_at=day, enqueue=False
    )
    return papers_ingest(drafts, RunContext(run, "openalex"))


def draft(title: str, *authors: AuthorDraft, **fields) -> PaperDraft:
    return PaperDraft(line=1, title=title, authors=list(authors), year=fields.pop("year", 2023), **fields)


def authors_of(title: str) -> list[tuple[str, str | None]]:
    rows = Authorship.objects.filter(paper__title=title).select_related("person").order_by("position")
    return [(row.name, row.person.full_name if row.person else None) for row in rows]


def test_an_orcid_ties_an_author_to_their_person_whatever_the_spelling():
    ada = factories.PersonFactory(full_name="Ada Okonkwo-Lindqvist", orcid=ADA_ORCID)
    [result] = ingest_drafts(
        [draft("Sparse Mirrors", AuthorDraft("A. O. Lindqvist", ids={"orcid": ADA_ORCID}))]
    )
    assert result.outcome == Outcome.CREATED
    assert authors_of("Sparse Mirrors") == [("A. O. Lindqvist", "Ada Okonkwo-Lindqvist")]
    assert set(ada.aliases.values_list("name", flat=True)) >= {"A. O. Lindqvist"}


def test_dblp_homonym_numbers_are_two_people_never_merged_by_name():
    one = AuthorDraft("Wei Wang", ids={"dblp": "35/7092-1", "dblp_name": "Wei Wang 0001"})
    two = AuthorDraft("Wei Wang", ids={"dblp": "35/7092-2", "dblp_name": "Wei Wang 0002"})
    ingest_drafts([draft("Graph Tides", one, AuthorDraft("Li Qiu")), draft("Ocean Tensors", two)])
    people = Person.objects.filter(full_name="Wei Wang").order_by("dblp_name")
    assert [(p.dblp_pid, p.dblp_name) for p in people] == [
        ("35/7092-1", "Wei Wang 0001"),
        ("35/7092-2", "Wei Wang 0002"),
    ]
    # DBLP's BibTeX gives the number without the pid: it still names one of the two.
    ingest_drafts([draft("Harbour Signals", AuthorDraft("Wei Wang", ids={"dblp_name": "Wei Wang 0002"}))])
    assert Paper.objects.get(title="Harbour Signals").authorships.get().person == people[1]
    # The bare name could be either: asked about, never guessed.
    ingest_drafts([draft("Pelican Routing for Sparse Meshes", AuthorDraft("Wei Wang"))])
    assert Paper.objects.get(title="Pelican Routing for Sparse Meshes").authorships.get().person is None
    asked = ReviewItem.objects.get(kind=ReviewKind.PERSON_MATCH)
    assert set(asked.payload["candidates"]) == {person.pk for person in people}


def test_an_author_whose_identifier_differs_is_someone_else_despite_the_same_name():
    stored = factories.PersonFactory(full_name="Li Qiu", openalex_id="A5000000001")
    factories.PersonAliasFactory(person=stored, name="Li Qiu")
    ingest_drafts([draft("Quiet Lattices", AuthorDraft("Li Qiu", ids={"openalex": "A5000000002"}))])
    other = Paper.objects.get(title="Quiet Lattices").authorships.get().person
    assert other != stored and other.openalex_id == "A5000000002"
    # The same author met again is the same new person, by their id.
    ingest_drafts([draft("Amber Gradients", AuthorDraft("L. Qiu", ids={"openalex": "A5000000002"}))])
    assert Paper.objects.get(title="Amber Gradients").authorships.get().person == other
    assert Person.objects.filter(full_name="Li Qiu").count() == 2


def test_a_person_met_by_name_gets_the_identifiers_nobody_holds():
    li = factories.PersonFactory(full_name="Mirela Dascalu")
    factories.PersonAliasFactory(person=li, name="Mirela Dascalu")
    ingest_drafts([draft("Soft Anchors", AuthorDraft("Mirela Dascalu", ids={"s2": "2109876"}))])
    li.refresh_from_db()
    assert li.s2_id == "2109876"
    assert Person.objects.count() == 1


def test_the_owners_identifier_places_them_among_the_authors():
    owner = factories.PersonFactory(full_name="Ngozi Adeyemi", dblp_pid="123/4567")
    work = draft(
        "Folded Light",
        AuthorDraft("Tomás Ferreira"),
        AuthorDraft("N. A. Brandt", ids={"dblp": "123/4567"}),  # a spelling no name rule would tie
        owner_listed=True,
    )
    [result] = ingest_drafts([work], owner=owner)
    assert result.outcome == Outcome.CREATED
    assert authors_of("Folded Light") == [
        ("Tomás Ferreira", "Tomás Ferreira"),
        ("N. A. Brandt", "Ngozi Adeyemi"),
    ]


def test_a_listed_work_without_names_is_the_owners():
    owner = factories.PersonFactory(full_name="Ngozi Adeyemi", orcid=ADA_ORCID)
    ingest_drafts([draft("Summary Only", owner_listed=True, authors_complete=False)], owner=owner)
    paper = Paper.objects.get(title="Summary Only")
    assert authors_of("Summary Only") == [("Ngozi Adeyemi", "Ngozi Adeyemi")]
    assert paper.authors_complete is False


def test_a_work_of_a_homonym_goes_to_review_as_a_claim_and_not_onto_the_page(client):
    owner = factories.PersonFactory(full_name="Wei Wang", slug="wei-wang", dblp_pid="35/7092-1")
    factories.PersonAliasFactory(person=owner, name="Wei Wang")
    homonyms = draft(
        "Someone Else's Tides",
        AuthorDraft("Wei Wang", ids={"dblp": "35/7092-2", "dblp_name": "Wei Wang 0002"}),
        AuthorDraft("Li Qiu"),
        owner_listed=True,
    )
    [result] = ingest_drafts([homonyms], owner=owner)
    assert result.outcome == Outcome.NEEDS_REVIEW
    item = ReviewItem.objects.get(kind=ReviewKind.CLAIM)
    assert item.summary.startswith('Is "Someone Else\'s Tides" (Wei Wang, Li Qiu) by Wei Wang (wei-wang)?')
    assert not Paper.objects.filter(title="Someone Else's Tides").exists()
    assert "Someone Else&#x27;s Tides" not in client.get("/people/wei-wang/").content.decode()
    # Asked once: the same work met again finds its question.
    ingest_drafts([homonyms], owner=owner)
    assert ReviewItem.objects.filter(kind=ReviewKind.CLAIM).count() == 1


def test_citation_counts_are_kept_per_source_and_day_never_summed():
    counted = draft(
        "Counted Waves", AuthorDraft("Ines Duarte"), doi="10.1/waves", citation_counts={"openalex": 41}
    )
    ingest_drafts([counted])
    again = draft("Counted Waves", AuthorDraft("Ines Duarte"), doi="10.1/waves", citation_counts={"s2": 38})
    [result] = ingest_drafts([again])
    assert result.outcome == Outcome.MERGED
    rows = CitationCount.objects.order_by("source").values_list("source", "count", "observed_on")
    assert list(rows) == [("openalex", 41, date(2025, 6, 1)), ("s2", 38, date(2025, 6, 1))]
    [same] = ingest_drafts([again])
    assert same.outcome == Outcome.UNCHANGED
    # An older report never replaces a newer one; a newer one does.
    older = draft("Counted Waves", doi="10.1/waves", citation_counts={"s2": 50})
    ingest_drafts([older], day=date(2025, 1, 1))
    assert CitationCount.objects.get(source="s2").count == 38
    ingest_drafts([older], day=date(2025, 7, 1))
    assert CitationCount.objects.get(source="s2").observed_on == date(2025, 7, 1)


def test_every_sources_id_of_a_paper_is_kept():
    ingest_drafts([draft("Kept Ids", AuthorDraft("Ines Duarte"), doi="10.1/ids", ids={"openalex": "W1"})])
    ingest_drafts([draft("Kept Ids", AuthorDraft("Ines Duarte"), doi="10.1/ids", ids={"dblp": "conf/x/D23"})])
    assert Paper.objects.get(doi="10.1/ids").external_ids == {"dblp": "conf/x/D23", "openalex": "W1"}


def test_a_claim_accepted_in_review_puts_the_work_on_the_owners_page(fixture_text, client):
    owner = factories.PersonFactory(full_name="Marta Quill", slug="marta-quill", orcid=ADA_ORCID)
    run = ingest(fixture_text("orcid/work.json"), "orcid", owner="marta-quill")
    item = ReviewItem.objects.get(kind=ReviewKind.CLAIM)
    assert run.needs_review == 1 and item.payload["owner"] == owner.pk
    assert not Paper.objects.filter(title="Folding Light Fields With Sparse Voxel Priors").exists()
    review_resolve(item=item, decision="accept", user=None, choice=3)
    assert authors_of("Folding Light Fields With Sparse Voxel Priors") == [
        ("Tamsin Varga", "Tamsin Varga"),
        ("Ilyas Brennan", "Ilyas Brennan"),
        ("Q. Oduya", "Marta Quill"),
    ]
    page = client.get("/people/marta-quill/").content.decode()
    assert "Folding Light Fields With Sparse Voxel Priors" in page
    run.refresh_from_db()
    assert (run.needs_review, run.created) == (0, 1)

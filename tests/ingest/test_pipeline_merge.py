"""One paper from four listings: merged into one record that loses nothing, in any order."""

from itertools import permutations

import pytest

from ingest.choices import Outcome
from ingest.models import RecordOutcome
from papers.models import Paper
from people.models import Person
from tests.ingest.helpers import ingest, snapshot

pytestmark = pytest.mark.django_db

SOURCES = {
    "homepage": ("merge/homepage.txt", "Jane Holloway"),
    "proceedings": ("merge/proceedings.md", ""),
    "bibtex": ("merge/bibtex.bib", ""),
    "profile": ("merge/profile.txt", "Jane Holloway"),
}


def ingest_sources(fixture_text, order=tuple(SOURCES)) -> dict:
    runs = {}
    for name in order:
        path, owner = SOURCES[name]
        runs[name] = ingest(fixture_text(path), name, owner=owner, name=path)
    return runs


def test_a_paper_from_four_listings_is_one_paper_with_everything_combined(fixture_text):
    runs = ingest_sources(fixture_text)
    paper = Paper.objects.get()
    assert paper.doi == "10.5555/cvpr.2024.02001"  # from the proceedings
    assert paper.arxiv_id == "2403.04567"  # from the BibTeX
    assert paper.categories == ["cs.CV"]  # from the profile
    assert paper.pages == "2001--2010" or paper.pages == "2001-2010"
    assert paper.presentation == "highlight"  # from the homepage
    assert paper.authors_complete is True
    assert [a.name for a in paper.authorships.order_by("position")] == [
        "Hui Lv",
        "Felix Brandt",
        "Jane Holloway",
    ]
    assert sorted(paper.provenance["runs"]) == sorted(run.pk for run in runs.values())
    assert paper.provenance["doi"]["run"] == runs["proceedings"].pk
    assert paper.provenance["arxiv_id"]["run"] == runs["bibtex"].pk
    assert paper.provenance["categories"]["run"] == runs["profile"].pk
    assert paper.venue_edition.venue.acronym == "CVPR" and paper.venue_edition.year == 2024


def test_the_merged_paper_is_the_same_whatever_the_order(fixture_text):
    pictures = set()
    for order in list(permutations(SOURCES))[::5]:
        ingest_sources(fixture_text, order)
        picture = snapshot()
        pictures.add(repr(picture["papers"]))
        Paper.objects.all().delete()
        Person.objects.all().delete()
    assert len(pictures) == 1


def test_a_list_cut_with_et_al_never_replaces_a_complete_one(fixture_text):
    ingest_sources(fixture_text, ("bibtex", "profile"))
    paper = Paper.objects.get()
    assert paper.authors_complete is True
    assert paper.authorships.count() == 3


def test_the_longer_abstract_wins_and_links_accumulate(fixture_text):
    ingest_sources(fixture_text, ("profile", "homepage", "proceedings", "bibtex"))
    paper = Paper.objects.get()
    assert paper.abstract.endswith("halves the error of dense-label baselines on two benchmarks.")
    links = set(paper.links.values_list("kind", "url"))
    assert ("code", "https://github.com/example/sparse-voxel") in links
    assert ("doi", "https://doi.org/10.5555/CVPR.2024.02001") in links
    # The homepage's "[code]" label without a URL adds nothing next to a real code link.
    assert ("code", "") not in links


def test_the_published_venue_wins_over_the_preprint(fixture_text):
    preprint = (
        fixture_text("merge/bibtex.bib")
        .replace(
            "booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)},",  # noqa: E501
            "journal={arXiv preprint arXiv:2403.04567},",
        )
        .replace("year={2024}", "year={2023}")
        .replace("@inproceedings", "@article")
    )
    ingest(preprint, "bibtex")
    ingest(fixture_text("merge/proceedings.md"), "proceedings")
    paper = Paper.objects.get()
    assert (paper.venue_edition.venue.acronym, paper.year, paper.kind) == ("CVPR", 2024, "conference")
    assert (paper.doi, paper.arxiv_id) == ("10.5555/cvpr.2024.02001", "2403.04567")


def test_the_listing_owner_gets_their_selected_papers(fixture_text):
    ingest_sources(fixture_text, ("homepage",))
    owner = Person.objects.get(full_name="Jane Holloway")
    assert list(owner.selected_papers.values_list("title", flat=True)) == [
        "Sparse Voxel Completion without Dense Labels"
    ]


def test_every_field_records_the_run_that_gave_it(fixture_text):
    runs = ingest_sources(fixture_text, ("homepage",))
    paper = Paper.objects.get()
    for field in ("title", "year", "venue_edition", "presentation", "honors", "abstract", "authors"):
        assert paper.provenance[field]["run"] == runs["homepage"].pk, field


def test_a_second_source_that_adds_something_reports_merged(fixture_text):
    ingest_sources(fixture_text, ("homepage",))
    run = ingest(fixture_text("merge/proceedings.md"), "proceedings")
    outcome = RecordOutcome.objects.get(run=run)
    assert outcome.outcome == Outcome.MERGED and outcome.paper == Paper.objects.get()

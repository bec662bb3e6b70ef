"""A workshop held at a conference stays a workshop, under that conference, through ingestion."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from papers.models import Paper
from tests.ingest.helpers import ingest
from venues.choices import VenueKind
from venues.models import Venue

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "bibtex_workshops.bib"


def venue_of(title: str) -> Venue:
    return Paper.objects.select_related("venue_edition__venue__parent").get(title=title).venue_edition.venue


@pytest.fixture
def ingested() -> dict:
    out = StringIO()
    call_command("ingest", str(FIXTURE), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_ingest_command_takes_the_whole_file(ingested):
    assert ingested["status"] == "succeeded"
    assert ingested["counts"]["records"] == ingested["counts"]["created"] == 8


@pytest.mark.parametrize(
    "title",
    [
        "Shutter Priors for Event Cameras",  # the CVF's "(CVPR) Workshops"
        "Counting Cells under Motion Blur",  # DBLP's "CVPR Workshops 2022"
        "Relighting Benchmarks Revisited",  # a group file's "Proc.\ of CVPR - Workshops"
    ],
)
def test_a_cvpr_workshop_paper_is_stored_under_cvprw_whose_parent_is_cvpr(ingested, title):
    venue = venue_of(title)
    assert (venue.acronym, venue.kind, venue.verified) == ("CVPRW", VenueKind.WORKSHOP, True)
    assert venue.parent.acronym == "CVPR"
    assert Paper.objects.get(title=title).kind == "workshop"


def test_the_main_track_paper_stays_at_the_conference(ingested):
    main = venue_of("Rolling-Shutter Depth at Scale")
    assert (main.acronym, main.kind, main.parent) == ("CVPR", VenueKind.CONFERENCE, None)
    assert Paper.objects.get(title="Rolling-Shutter Depth at Scale").kind == "conference"
    assert venue_of("Depth from Shaking Hands").acronym == "ICCV"


@pytest.mark.parametrize(
    ("title", "workshops", "conference"),
    [
        ("Lattice Priors for Museum Lighting", "ECCVW", "ECCV"),
        ("Density Tokens Need Fewer Labels", "NeurIPSW", "NeurIPS"),
    ],
)
def test_a_named_workshop_goes_to_the_conference_workshops(ingested, title, workshops, conference):
    venue = venue_of(title)
    assert (venue.acronym, venue.kind, venue.parent.acronym) == (workshops, VenueKind.WORKSHOP, conference)


def test_a_workshop_of_a_conference_without_a_workshop_venue_is_made_under_it(ingested):
    venue = venue_of("Counting Overlapping Pollen Grains")
    assert (venue.kind, venue.verified) == (VenueKind.WORKSHOP, False)
    assert venue.parent == Venue.objects.get(acronym="BMVC", verified=True)
    assert venue.name == "BMVC Workshop on Computer Vision for Microscopy"


def test_no_workshop_paper_is_counted_in_a_main_track():
    ingest(FIXTURE.read_bytes(), name="workshops.bib")
    main_tracks = Paper.objects.filter(venue_edition__venue__acronym__in=["CVPR", "ECCV", "NeurIPS", "BMVC"])
    assert sorted(main_tracks.values_list("title", flat=True)) == ["Rolling-Shutter Depth at Scale"]


def test_ingesting_the_file_again_makes_no_new_venue():
    ingest(FIXTURE.read_bytes(), name="workshops.bib")
    venues = Venue.objects.count()
    again = ingest(FIXTURE.read_bytes(), name="workshops.bib")
    assert (again.created, Venue.objects.count()) == (0, venues)

"""Every list, on pages and in the API, runs the same number of queries for a few rows or many:
the lists of issue 18 and the API's exports (issue 20) that the other tests do not pin already
(profile, lab, edition, home, search and the pages' files pin theirs in their own files)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.services import AuthorInput, paper_create
from tests.factories import LabFactory, MembershipFactory, PersonFactory, VenueFactory
from venues.services import venue_edition_get_or_create

pytestmark = pytest.mark.django_db

LISTS = [
    "/people/",
    "/people/?q=okapi",
    "/api/v1/papers/?page_size=100",
    "/api/v1/papers/?page_size=100&year_min=2001&kind=conference&has_code=true&ordering=-year",
    "/api/v1/papers/?page_size=100&q=okapi",
    "/api/v1/papers/facets/?q=okapi",
    "/api/v1/people/?page_size=100",
    "/api/v1/people/ada-okapi/papers/?page_size=100",
    "/api/v1/papers/?page_size=100&format=bibtex",
    "/api/v1/papers/?page_size=100&format=csl",
    "/api/v1/people/ada-okapi/papers/?page_size=100&format=ris",
    "/api/v1/labs/okapi-lab/members/",
]


def grow(ada, lab, venue, size: int) -> None:
    """size more papers on okapis, each by Ada and a new co-author in her lab, with a code link."""
    for n in range(size):
        mate = PersonFactory.create(full_name=f"Okapi Mate{size}x{n}")
        MembershipFactory.create(lab=lab, person=mate, start="2000")
        year = 2000 + n % 20
        paper_create(
            title=f"Okapi Stripes {size}-{n}",
            authors=[
                AuthorInput(name=ada.full_name, person=ada),
                AuthorInput(name=mate.full_name, person=mate),
            ],
            links=[("code", f"https://example.org/{size}/{n}")],
            year=year,
            kind="conference",
            venue_edition=venue_edition_get_or_create(venue=venue, year=year),
        )


SMALL, LARGE = 3, 60


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def test_every_list_runs_the_same_queries_for_3_rows_or_63(client):
    ada = PersonFactory.create(full_name="Ada Okapi", slug="ada-okapi")
    lab, venue = LabFactory.create(slug="okapi-lab", pi=ada), VenueFactory.create()
    grow(ada, lab, venue, SMALL)
    small = {url: queries_of(client, url) for url in LISTS}
    grow(ada, lab, venue, LARGE)
    large = {url: queries_of(client, url) for url in LISTS}
    assert large == small

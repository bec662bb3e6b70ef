"""Lab pages: the PI, members by role, alumni, and the papers written while in the lab."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Lab, Person
from tests.factories import AuthorshipFactory, LabFactory, MembershipFactory, PersonFactory
from tests.ingest.helpers import ingest
from tests.pages.helpers import papers_by, shown_rows

pytestmark = pytest.mark.django_db


def lab_page(client, lab, query: str = "") -> str:
    response = client.get(f"/labs/{lab.slug}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_the_faculty_lab_page_shows_pi_members_by_role_and_alumni(client, shared_listing):
    ingest(shared_listing("homepage_faculty.txt"), name="homepage_faculty.txt")
    lab = Lab.objects.get(pi__full_name="Qianru Sun")
    page = lab_page(client, lab)
    assert f'Led by <a href="/people/{lab.pi.slug}/">Qianru Sun</a>' in page
    members = section(page, "members-heading")
    phd = members.split("<h3>Ph.D. student</h3>")[1].split("<h3>")[0]
    assert "Tan Wang" in phd and "Qing Wang" in phd
    alumni = section(page, "alumni-heading")
    yaoyao = re.search(r'<li class="member-row">((?:(?!</li>).)*Yaoyao Liu.*?)</li>', alumni, re.S).group(1)
    assert '<span class="dates">2018–2022</span>' in yaoyao
    assert "co-advised with" in yaoyao and "Bernt Schiele" in yaoyao
    assert "Yaoyao Liu" not in members


def test_papers_while_in_the_lab_count_only_the_member_years(client):
    lab = LabFactory()
    member = PersonFactory()
    MembershipFactory(lab=lab, person=member, role="phd", start="2019-08", end="2022")
    before = AuthorshipFactory(person=member, paper__year=2018, paper__title="Written Before Joining").paper
    during = AuthorshipFactory(person=member, paper__year=2020, paper__title="Written In The Lab").paper
    page = lab_page(client, lab)
    assert [pk for pk, _ in shown_rows(page)] == [during.pk]
    assert before.title not in page
    link = f'href="/people/{member.slug}/?year_min=2019&amp;year_max=2022">1 paper while in the lab</a>'
    assert link in page


def test_a_current_member_counts_papers_up_to_now_and_the_list_filters_by_year(client):
    lab = LabFactory()
    member = PersonFactory()
    MembershipFactory(lab=lab, person=member, role="postdoc", start="2010", end="")
    papers_by(member, 25)  # 2000-2024
    page = lab_page(client, lab)
    assert "15 papers while in the lab" in page  # 2010-2024
    rows = shown_rows(lab_page(client, lab, "?year=2015"))
    assert [year for _, year in rows] == ["2015"]


def test_lab_page_runs_the_same_queries_for_10_or_1000_papers(client, django_assert_num_queries):
    small, big = LabFactory(), LabFactory()
    for lab, count, start in ((small, 10, 0), (big, 1000, 10)):
        members = PersonFactory.create_batch(3)
        for member in members:
            MembershipFactory(lab=lab, person=member, start="1990", end="")
        advisor = PersonFactory()
        lab.memberships.first().co_advisors.add(advisor)
        papers_by(members[0], count, coauthors=members[1:], start=start)
    with CaptureQueriesContext(connection) as small_queries:
        lab_page(client, small)
    with django_assert_num_queries(len(small_queries)):
        lab_page(client, big)


def test_unknown_lab_is_404(client):
    assert client.get("/labs/no-such-lab/").status_code == 404
    assert Person.objects.count() == 0

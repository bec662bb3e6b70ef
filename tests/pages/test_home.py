import pytest
from django.core.management import call_command

from tests.factories import LabFactory, MembershipFactory, PaperFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_labs_recent_papers_and_totals(client):
    lab = LabFactory(name="Causal Vision Group")
    MembershipFactory(lab=lab, end="")
    PaperFactory(title="Counterfactual Zero-Shot Segmentation", year=2024)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Causal Vision Group" in page
    assert "1 current member" in page
    assert "Counterfactual Zero-Shot Segmentation" in page


def test_scraped_text_is_escaped_on_the_home_page(client):
    PaperFactory(title='<script>alert("x")</script> Robust Learning')
    page = client.get("/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_home_page_runs_the_same_queries_for_one_lab_or_twenty(client, django_assert_max_num_queries):
    LabFactory()
    with django_assert_max_num_queries(6):
        client.get("/")
    for _ in range(19):
        MembershipFactory(lab=LabFactory())
    with django_assert_max_num_queries(6):
        client.get("/")


def test_home_page_of_the_demo_data(client):
    call_command("load_demo", verbosity=0)
    page = client.get("/").content.decode()
    assert "Visual Learning Lab" in page
    assert "90</strong> papers" in page  # 80 of the lab, 10 more in the proceedings

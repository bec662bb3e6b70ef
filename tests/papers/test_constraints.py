import pytest
from django.db import IntegrityError, transaction

from papers.models import Paper
from papers.services import AuthorInput, paper_create
from tests.factories import AuthorshipFactory, PaperFactory, PaperLinkFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_duplicate_doi_is_refused():
    PaperFactory(doi="10.1109/cvpr52729.2023.01813")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(doi="10.1109/cvpr52729.2023.01813")
    assert Paper.objects.filter(doi="10.1109/cvpr52729.2023.01813").count() == 1


def test_papers_without_doi_or_arxiv_id_do_not_clash():
    PaperFactory(doi="", arxiv_id="")
    PaperFactory(doi="", arxiv_id="")
    assert Paper.objects.filter(doi="", arxiv_id="").count() == 2


def test_a_duplicate_arxiv_id_is_refused():
    PaperFactory(arxiv_id="2311.17486")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(arxiv_id="2311.17486")


def test_a_doi_in_upper_case_is_refused_so_that_lookups_stay_exact():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(doi="10.1109/CVPR52729.2023.01813")


def test_one_authorship_per_position():
    authorship = AuthorshipFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorshipFactory(paper=authorship.paper, position=1)


def test_one_person_appears_once_among_a_papers_authors():
    authorship = AuthorshipFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorshipFactory(paper=authorship.paper, person=authorship.person, position=2)


def test_unresolved_authors_may_share_a_paper():
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, person=None, position=1, name="A. Author")
    AuthorshipFactory(paper=paper, person=None, position=2, name="B. Author")
    assert paper.authorships.count() == 2


def test_the_same_link_is_kept_once():
    link = PaperLinkFactory(kind="code", url="https://example.org/x")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperLinkFactory(paper=link.paper, kind="code", url="https://example.org/x")


def test_paper_create_keeps_authors_in_order_with_names_as_written():
    person = PersonFactory(full_name="Hui Lv")
    paper = paper_create(
        title="A {Study} of Things",
        authors=[AuthorInput("Lv Hui", person, equal_contribution=True), AuthorInput("Q. Sun")],
        links=[("code", "https://example.org/code")],
        year=2024,
        kind="conference",
    )
    rows = list(paper.authorships.values_list("position", "name", "person", "equal_contribution"))
    assert rows == [(1, "Lv Hui", person.pk, True), (2, "Q. Sun", None, False)]
    assert paper.title_key == "a study of things"
    assert list(paper.links.values_list("kind", "url")) == [("code", "https://example.org/code")]

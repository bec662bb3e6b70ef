"""What assistive technology needs from every page: a language, landmarks, one h1, labelled controls."""

from html.parser import HTMLParser

import pytest

from papers.models import Paper
from people.models import Lab, Person
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """The parts of a page that accessibility checks read."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.label_for: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])

    def named(self, *names: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag in names]


def unlabelled_controls(outline: Outline) -> list[dict]:
    controls = [
        attrs
        for attrs in outline.named("input", "select", "textarea")
        if attrs.get("type") not in ("hidden", "submit", "button")
    ]
    return [
        attrs
        for attrs in controls
        if attrs.get("id") not in outline.label_for and not attrs.get("aria-label")
    ]


@pytest.fixture
def pages(shared_listing) -> list[str]:
    ingest(shared_listing("homepage_faculty.txt"), name="homepage_faculty.txt")
    ingest(shared_listing("proceedings_cvpr2023_part.md"), name="proceedings.md")
    owner = Person.objects.get(full_name="Qianru Sun")
    paper = Paper.objects.filter(authorships__person=owner).first()
    return [
        "/",
        "/search/?q=learning",
        "/people/",
        f"/people/{owner.slug}/",
        f"/labs/{Lab.objects.get(pi=owner).slug}/",
        f"/papers/{paper.pk}/{paper.slug}/",
        "/venues/",
        "/venues/cvpr/",
        "/venues/cvpr/2023/",
    ]


def test_every_page_has_a_language_landmarks_one_h1_and_labelled_controls(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        outline = Outline()
        outline.feed(response.content.decode())
        assert outline.named("html")[0].get("lang") == "en", path
        assert len(outline.named("main")) == 1 and outline.named("header") and outline.named("nav"), path
        assert len(outline.named("h1")) == 1, path
        assert unlabelled_controls(outline) == [], path
        assert all(attrs.get("alt") is not None for attrs in outline.named("img")), path
        svgs = [attrs for attrs in outline.named("svg") if attrs.get("role") == "img"]
        assert all(attrs.get("aria-labelledby") for attrs in svgs), path

"""Paper pages: the full record, BibTeX to copy, provenance; and scraped text kept inert."""

import bibtexparser
import pytest

from papers.models import Paper
from tests.factories import (
    AuthorshipFactory,
    PaperFactory,
    PaperLinkFactory,
    PersonFactory,
)
from tests.ingest.helpers import ingest
from tests.pages.helpers import active_content

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror="alert(1)"> Robust Learning'
HOSTILE_ABSTRACT = (
    'H<sub>2</sub>O <script>alert("a")</script><b onmouseover="alert(2)">bold</b> '
    '<a href="javascript:alert(3)">x</a>'
)


def paper_page(client, paper) -> str:
    response = client.get(f"/papers/{paper.pk}/{paper.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_paper_page_shows_the_record_authors_venue_ids_links_and_bibtex(client):
    person = PersonFactory(full_name="Qianru Sun")
    paper = PaperFactory(title="Meta-Transfer Learning for Few-Shot Learning", doi="10.1109/cvpr.2019.00049")
    paper.arxiv_id = "1812.02391"
    paper.save()
    AuthorshipFactory(paper=paper, person=person, position=1, name="Qianru Sun")
    AuthorshipFactory(paper=paper, person=None, position=2, name="Yaoyao Liu")
    PaperLinkFactory(paper=paper, kind="code", url="https://github.com/example/mtl")
    page = paper_page(client, paper)
    assert "<h1>Meta-Transfer Learning for Few-Shot Learning</h1>" in page
    assert f'<a href="/people/{person.slug}/">Qianru Sun</a>, Yaoyao Liu' in page
    assert '<a href="https://doi.org/10.1109/cvpr.2019.00049">' in page
    assert '<a href="https://arxiv.org/abs/1812.02391">' in page
    assert '<a href="https://github.com/example/mtl" rel="nofollow noopener">Code</a>' in page
    bibtex = page.split('<pre id="bibtex"', 1)[1].split(">", 1)[1].split("</pre>")[0]
    entry = bibtexparser.parse_string(bibtex.replace("&#x27;", "'").replace("&amp;", "&")).entries[0]
    assert entry["doi"] == "10.1109/cvpr.2019.00049"
    assert '<button type="button" class="copy" data-copy-target="bibtex" hidden>Copy BibTeX</button>' in page


def test_paper_page_tells_which_listing_gave_each_field(client, tmp_path):
    first = ingest(
        "@inproceedings{a, title={Causal Attention for Unbiased Visual Recognition}, "
        "author={Wang, Tan and Sun, Qianru}, booktitle={ICCV}, year={2021}}",
        name="lab.bib",
    )
    second = ingest(
        "@inproceedings{b, title={Causal Attention for Unbiased Visual Recognition}, "
        "author={Wang, Tan and Sun, Qianru}, booktitle={ICCV}, year={2021}, "
        "doi={10.1109/ICCV48922.2021.00304}}",
        name="dblp.bib",
    )
    paper = Paper.objects.get()
    page = paper_page(client, paper)
    provenance = page.split("Where this record came from")[1]
    assert f'<th scope="row">title</th><td>Run {first.pk}: lab.bib</td>' in provenance
    assert f'<th scope="row">doi</th><td>Run {second.pk}: dblp.bib</td>' in provenance
    assert "Seen in 2 listings" in provenance


def test_a_paper_url_with_a_wrong_or_missing_slug_redirects_to_the_right_one(client):
    paper = PaperFactory(slug="right-slug")
    for path in (f"/papers/{paper.pk}/", f"/papers/{paper.pk}/wrong-slug/"):
        response = client.get(path)
        assert response.status_code == 301 and response["Location"] == f"/papers/{paper.pk}/right-slug/"
    assert client.get("/papers/999999/any/").status_code == 404


def test_a_paper_bibtex_url_answers_the_entry_as_bibtex(client):
    paper = AuthorshipFactory(paper__title="Feature Pyramid Transformer").paper
    response = client.get(f"/papers/{paper.pk}/bibtex/")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    entry = bibtexparser.parse_string(response.content.decode()).entries[0]
    assert entry["title"].replace("{", "").replace("}", "") == "Feature Pyramid Transformer"


def test_scraped_scripts_and_handlers_render_inert_on_paper_and_profile_pages(client):
    person = PersonFactory(full_name='Eve <img src=x onerror="alert(9)">')
    paper = PaperFactory(title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT, honors=["<script>alert(4)</script>"])
    AuthorshipFactory(paper=paper, person=person, name=person.full_name)
    PaperLinkFactory(paper=paper, kind="code", url="javascript:alert(5)")
    for page in (paper_page(client, paper), client.get(f"/people/{person.slug}/").content.decode()):
        assert active_content(page) == []
        assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page
        assert "H<sub>2</sub>O" in page and "<b>bold</b>" in page  # the allow-list keeps these

"""BibTeX and CSL-JSON export: what goes out reads back the same through the project's own parser."""

import json

import bibtexparser
import pytest
from django.shortcuts import get_object_or_404
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.exceptions import ErrorDetail
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from core.names import display_name
from core.text import squash
from ingest.parsers import parse
from ingest.parsers.drafts import PaperDraft
from papers.api.renderers import BibTeXRenderer, CSLJSONRenderer
from papers.export import PAPER_FIELDS, VENUE_FIELDS, ExportPaper, bibtex_pieces, papers_bibtex
from papers.export_csl import csl_pieces, paper_csl, papers_csl
from papers.models import Paper
from papers.selectors import export_row, export_rows, export_rows_of, paper_detail
from papers.services import AuthorInput, paper_create
from tests.factories import AuthorshipFactory, PaperFactory, PaperLinkFactory, VenueEditionFactory

pytestmark = pytest.mark.django_db


def fetched(*papers: Paper) -> list[ExportPaper]:
    """The papers as the exports read them: rows, in this order."""
    return export_rows_of([paper.pk for paper in papers])


def create(title: str, authors: list[str], **fields) -> Paper:
    return paper_create(title=title, authors=[AuthorInput(name) for name in authors], **fields)


def edition(name: str, kind: str, year: int = 2023):
    return VenueEditionFactory(venue__name=name, venue__kind=kind, year=year)


def read_back(text: str) -> list[PaperDraft]:
    """The drafts the project's BibTeX parser reads from text; it must read every entry."""
    result = parse(text, "bibtex")
    assert result.errors == []
    return result.papers


def bare_blocks(text: str) -> bibtexparser.Library:
    """bibtexparser v2 with its default middleware; it must fail on no block."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def braces_balance(text: str) -> bool:
    """BibTeX's own count: every brace, escaped or not, and never below zero."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def author_names(paper: ExportPaper) -> list[str]:
    return [display_name(name) for name in paper.authors]


@pytest.fixture
def every_kind() -> list[Paper]:
    conference = create(
        "GANs & {Diffusion}: 50% Faster_Training with $\\alpha$ #1",
        ["Qianru Sun", "Luc Van Gool", "Ilse van der Berg"],
        kind="conference",
        venue_edition=edition("Conference on Computer Vision and Pattern Recognition", "conference"),
        year=2023,
        date="2023-06",
        doi="10.1109/cvpr52729.2023.01813",
        pages="659-669",
        presentation="oral",
        links=[("pdf", "https://example.org/papers/gan_diffusion.pdf"), ("code", "https://github.com/x/y")],
    )
    journal = create(
        "Density Tokens for Counting Overlapping Objects",
        ["René Duval", "Müller, Jürgen", "Marta Quintero"],
        kind="journal",
        venue_edition=edition("Transactions on Pattern Analysis & Machine Intelligence", "journal", 2022),
        year=2022,
        date="2022-08-03",
        volume="45",
        number="3",
        pages="1201-1210",
        publisher="IEEE",
        abstract="We count objects.  They overlap; {braces} stay, 100% of them.",
    )
    preprint = create(
        "Self-Supervised Depth from Rolling-Shutter Video",
        ["Kenji Okabe", "Priya Raman"],
        kind="preprint",
        year=2025,
        arxiv_id="2502.04321",
        categories=["cs.CV", "cs.LG"],
    )
    et_al = create(
        "Sparse Lattice Priors",
        ["Marta Quintero", "Oskar Lind"],
        kind="journal",
        venue_text="Pattern Recognition Letters",
        year=2024,
        authors_complete=False,
    )
    undated = create(
        "Notes on {Unbalanced Braces",
        ["Hana Novak"],
        kind="workshop",
        venue_text="Workshop on Reproducible Testing",
    )
    return fetched(conference, journal, preprint, et_al, undated)


def row(**fields) -> ExportPaper:
    """A row as export_rows reads one, blank but for these fields."""
    blank = {name: "" for name in (*PAPER_FIELDS, *VENUE_FIELDS)}
    defaults = {"pk": 1, "year": None, "categories": [], "honors": [], "authors_complete": True}
    return ExportPaper(**{**blank, **defaults, "has_venue": False, "authors": [], "links": [], **fields})


# Round trip through the project's own parser


def test_papers_of_every_kind_read_back_the_same(every_kind):
    text = papers_bibtex(every_kind)
    drafts = read_back(text)
    assert len(drafts) == len(every_kind)
    for paper, draft in zip(every_kind, drafts, strict=True):
        venue = paper.venue_name if paper.has_venue else paper.venue_text
        assert draft.title == paper.title
        assert [display_name(author.name) for author in draft.authors] == author_names(paper)
        assert draft.authors_complete == paper.authors_complete
        assert (draft.year, draft.doi, draft.arxiv_id) == (paper.year, paper.doi, paper.arxiv_id)
        assert (draft.pages, draft.volume, draft.number) == (paper.pages, paper.volume, paper.number)
        assert draft.venue_text == venue
        assert draft.abstract == squash(paper.abstract)
        # BibTeX keeps the year and the month, not the day.
        assert draft.date == (paper.date or str(paper.year or ""))[:7]
    assert [draft.kind for draft in drafts[:3]] == ["conference", "journal", "preprint"]
    assert drafts[2].categories == ["cs.CV"]  # the first category is the primary class
    assert len(bare_blocks(text).entries) == len(every_kind)
    assert braces_balance(text)


def test_entry_types_and_fields_follow_the_kind(every_kind):
    entries = bare_blocks(papers_bibtex(every_kind)).entries
    types = [entry.entry_type for entry in entries]
    assert types == ["inproceedings", "article", "misc", "article", "inproceedings"]
    conference, journal, preprint, et_al, undated = (entry.fields_dict for entry in entries)
    assert conference["booktitle"].value == "Conference on Computer Vision and Pattern Recognition"
    assert conference["url"].value == "https://example.org/papers/gan_diffusion.pdf"  # the PDF, not the code
    assert conference["pages"].value == "659--669"
    assert conference["note"].value == "Oral"
    assert conference["author"].value == "Sun, Qianru and Van Gool, Luc and van der Berg, Ilse"
    assert journal["month"].value == "aug"
    assert journal["publisher"].value == "IEEE"
    assert journal["journal"].value == r"Transactions on Pattern Analysis \& Machine Intelligence"
    assert (preprint["eprint"].value, preprint["archiveprefix"].value) == ("2502.04321", "arXiv")
    assert preprint["primaryclass"].value == "cs.CV"
    assert preprint["url"].value == "https://arxiv.org/abs/2502.04321"
    assert et_al["author"].value.endswith(" and others")
    assert "year" not in undated and "month" not in undated


def test_doi_gives_the_url_when_there_is_no_pdf():
    paper = create("Plain", ["Ada Lovelace"], kind="journal", year=2020, doi="10.1000/xyz<1>#2")
    entry = bare_blocks(papers_bibtex(fetched(paper))).entries[0]
    assert entry.fields_dict["doi"].value == "10.1000/xyz<1>#2"
    assert entry.fields_dict["url"].value == "https://doi.org/10.1000/xyz%3C1%3E%232"


def test_capitals_in_titles_are_protected_and_read_back_without_braces():
    paper = create("GAN Priors for ImageNet and 3D Scenes", ["Ada Lovelace"], kind="conference", year=2020)
    text = papers_bibtex(fetched(paper))
    assert "title = {{GAN} Priors for {ImageNet} and {3D} Scenes}," in text
    assert read_back(text)[0].title == paper.title


@pytest.mark.parametrize(
    "title",
    [
        "Dashes -- and --- rules & more",  # TeX would join "--" to an en dash once LaTeX is read
        "``Quoted'' & !`inverted?` marks",
        "Closing} before {opening, and one more {",
        "\\textbf{not bold} \\\\ 50% of $x^2$ ~ #1_a",
        "Carets ^ and tildes ~ alone",
    ],
)
def test_latex_specials_in_titles_read_back_as_written(title):
    paper = create(title, ["Ada Lovelace"], kind="journal", year=2020)
    text = papers_bibtex(fetched(paper))
    assert braces_balance(text)
    bare_blocks(text)
    assert read_back(text)[0].title == title


def test_unsplittable_and_tricky_names_keep_their_order_and_count():
    names = [
        "Plato",
        "Research and Development Team",
        "Ørsted, Hans {Christian}",
        "others",
        "Anne-Marie O'Neil",
    ]
    paper = create("Names", names, kind="journal", year=2020)
    text = papers_bibtex(fetched(paper))
    (draft,) = read_back(text)
    assert [display_name(author.name) for author in draft.authors] == [display_name(name) for name in names]
    assert draft.authors_complete
    assert len(bare_blocks(text).entries) == 1


def test_a_misc_paper_names_its_venue_in_howpublished():
    paper = create(
        "Lab Notes", ["Ada Lovelace"], kind="other", venue_text="Technical Report Series", year=2021
    )
    entry = bare_blocks(papers_bibtex(fetched(paper))).entries[0]
    assert entry.entry_type == "misc"
    assert entry.fields_dict["howpublished"].value == "Technical Report Series"


def test_an_other_paper_takes_its_venues_kind():
    paper = create(
        "Cast", ["Ada Lovelace"], kind="other", venue_edition=edition("Journal of Tests", "journal")
    )
    entry = bare_blocks(papers_bibtex(fetched(paper))).entries[0]
    assert (entry.entry_type, entry.fields_dict["journal"].value) == ("article", "Journal of Tests")


def test_nothing_gives_an_empty_file():
    assert papers_bibtex([]) == ""


# Any text survives


TRICKY = "{}\\%&#_$~^-`'!?\"@,=<> \n\t"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY), st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
    ),
    min_size=1,
    max_size=120,
).map(squash)


def test_any_title_and_abstract_survive_the_round_trip():
    (paper,) = fetched(create("Placeholder", ["Ada Lovelace", "Luc Van Gool"], kind="journal", year=2020))

    @given(title=TEXT.filter(bool), abstract=TEXT)
    def check(title: str, abstract: str) -> None:
        # The export reads only the row: change it in memory, no write per example.
        paper.title, paper.abstract = title, abstract
        text = papers_bibtex([paper])
        assert braces_balance(text)
        bare_blocks(text)
        (draft,) = read_back(text)
        assert (draft.title, draft.abstract) == (title, abstract)
        assert [display_name(author.name) for author in draft.authors] == ["Ada Lovelace", "Luc Van Gool"]

    check()


@given(name=TEXT.filter(bool))
def test_any_single_author_name_stays_one_author(name):
    # No database: a row built in memory.
    text = papers_bibtex([row(title="T", kind="journal", year=2020, authors=[name])])
    bare_blocks(text)
    assert braces_balance(text)
    (draft,) = read_back(text)
    # The reader drops marks and digits after a name ("Sun*", "Sun 1"), but never a letter.
    assert len(draft.authors) == 1 or (not draft.authors and not any(char.isalpha() for char in name))
    assert draft.authors_complete


# Citation keys


def test_keys_are_unique_for_the_same_author_year_and_first_word():
    first = create("Learning to Count", ["Qianru Sun"], kind="journal", year=2023)
    second = create("Learning from Shadows", ["Sun, Qianru", "Luc Van Gool"], kind="journal", year=2023)
    third = create("Anything", ["Someone Else"], kind="journal", year=2020, citation_key="sun2023learning")
    text = papers_bibtex(fetched(first, second, third))
    drafts = read_back(text)  # a duplicate key would be an error here
    assert [draft.citation_key for draft in drafts] == [
        "sun2023learning",
        "sun2023learninga",
        "sun2023learningb",
    ]
    assert [entry.key for entry in bare_blocks(text).entries] == [draft.citation_key for draft in drafts]


def test_generated_keys_are_folded_to_ascii_and_skip_articles():
    accented = create("3D-Aware Über Scenes", ["Jürgen Müller-Lüdenscheidt"], kind="journal", year=2021)
    article = create("A Survey of Surveys", ["Luc Van Gool"], kind="journal")
    nameless = create("中文 标题", [], kind="journal")
    unsafe = create("Kept", ["Ada Lovelace"], kind="journal", year=2020, citation_key="Lovelace 2020,{kept}")
    entries = bare_blocks(papers_bibtex(fetched(accented, article, nameless, unsafe))).entries
    assert [entry.key for entry in entries] == [
        "mullerludenscheidt20213d", "vangoolsurvey", f"paper{nameless.pk}", "Lovelace2020kept",
    ]  # fmt: skip


# CSL-JSON


def test_csl_items_have_types_dates_authors_and_identifiers(every_kind):
    conference, journal, preprint, et_al, undated = papers_csl(every_kind)
    assert [item["type"] for item in (conference, journal, preprint, undated)] == [
        "paper-conference", "article-journal", "article", "paper-conference",
    ]  # fmt: skip
    assert conference["issued"] == {"date-parts": [[2023, 6]]}
    assert journal["issued"] == {"date-parts": [[2022, 8, 3]]}
    assert "issued" not in undated
    assert conference["author"] == [
        {"family": "Sun", "given": "Qianru"},
        {"family": "Van Gool", "given": "Luc"},
        {"family": "van der Berg", "given": "Ilse"},
    ]
    assert journal["author"][1] == {"family": "Müller", "given": "Jürgen"}
    assert conference["DOI"] == "10.1109/cvpr52729.2023.01813"
    assert conference["title"] == every_kind[0].title  # plain text: no LaTeX in JSON
    assert conference["container-title"] == "Conference on Computer Vision and Pattern Recognition"
    assert (journal["volume"], journal["issue"], journal["page"]) == ("45", "3", "1201-1210")
    assert journal["abstract"] == "We count objects. They overlap; {braces} stay, 100% of them."
    assert preprint["URL"] == "https://arxiv.org/abs/2502.04321"
    assert et_al["container-title"] == "Pattern Recognition Letters"
    assert len({item["id"] for item in (conference, journal, preprint, et_al, undated)}) == 5


def test_csl_types_of_the_other_kinds_and_literal_names():
    thesis = create("A Thesis", ["Plato"], kind="thesis", year=2001, date="2001")
    chapter = create("A Chapter", ["Ada Lovelace"], kind="book", venue_text="Handbook of Tests", year=2002)
    book = create("A Book", ["Ada Lovelace"], kind="book", year=2003)
    items = papers_csl(fetched(thesis, chapter, book))
    assert [item["type"] for item in items] == ["thesis", "chapter", "book"]
    assert items[0]["author"] == [{"literal": "Plato"}]
    assert items[0]["issued"] == {"date-parts": [[2001]]}
    assert paper_csl(fetched(book)[0])["id"] == "lovelace2003book"


def test_csl_ids_are_unique_within_a_list():
    first = create("Learning to Count", ["Qianru Sun"], kind="journal", year=2023)
    second = create("Learning from Shadows", ["Qianru Sun"], kind="journal", year=2023)
    assert [item["id"] for item in papers_csl(fetched(first, second))] == [
        "sun2023learning",
        "sun2023learninga",
    ]


# No query per paper


def test_rows_of_any_number_of_papers_take_three_queries_and_writing_them_none(django_assert_num_queries):
    for number in range(20):
        paper = PaperFactory(title=f"Paper {number}", doi=f"10.1000/{number}")
        AuthorshipFactory.create_batch(3, paper=paper)
        PaperLinkFactory(paper=paper, kind="pdf")
        PaperLinkFactory(paper=paper, kind="code")
    one = Paper.objects.filter(title="Paper 0")
    for papers, count in ((one, 1), (Paper.objects.all(), 20), (Paper.objects.all()[5:9], 4)):
        with django_assert_num_queries(3):
            rows = export_rows(papers)
        assert len(rows) == count
        assert all(len(row.authors) == 3 and len(row.links) == 2 for row in rows)
    with django_assert_num_queries(0):
        text = papers_bibtex(rows)
        items = papers_csl(rows)
    assert len(read_back(text)) == len(items) == 4


def test_rows_keep_the_querys_order_and_each_papers_authors_in_their_order():
    first = create("Zebra Counting", ["Ada Lovelace", "Qianru Sun"], kind="journal", year=2020)
    second = create("Aardvark Tracking", ["Luc Van Gool"], kind="journal", year=2021)
    AuthorshipFactory(paper=first, position=3, name="Marta Quintero")
    rows = export_rows(Paper.objects.filter(pk__in=[first.pk, second.pk]).order_by("title"))
    assert [row.title for row in rows] == ["Aardvark Tracking", "Zebra Counting"]
    assert rows[1].authors == ["Ada Lovelace", "Qianru Sun", "Marta Quintero"]
    assert [row.title for row in export_rows_of([first.pk, 999_999, second.pk])] == [
        first.title,
        second.title,
    ]


def test_a_paper_read_for_its_page_is_the_same_row_as_the_exports_read(every_kind):
    for row in every_kind:
        paper = paper_detail().get(pk=row.pk)
        PaperLinkFactory(paper=paper, kind="pdf", url=f"https://example.org/{row.pk}/a.pdf")
        paper = paper_detail().get(pk=row.pk)
        assert export_row(paper) == export_rows_of([row.pk])[0]


def test_streamed_pieces_make_the_same_text_as_the_whole():
    papers = fetched(*(create(f"Paper {n}", ["Ada Lovelace"], kind="journal", year=2020) for n in range(5)))
    assert "".join(bibtex_pieces(papers)) == papers_bibtex(papers)
    assert json.loads("".join(csl_pieces(papers))) == papers_csl(papers)
    assert "".join(csl_pieces([])) == "[]"


# Renderers


def test_bibtex_renderer_passes_text_through_as_utf8():
    text = "@misc{key,\n  title = {Déjà vu},\n}\n"
    assert BibTeXRenderer().render(text) == text.encode("utf-8")


def test_bibtex_renderer_writes_an_error_as_a_comment():
    rendered = BibTeXRenderer().render({"detail": ErrorDetail("No Paper matches the given query.\n@misc{x,")})
    assert rendered == b"% No Paper matches the given query. (at)misc{x,\n"
    assert bibtexparser.parse_string(rendered.decode()).entries == []


def test_bibtex_renderer_names_the_fields_of_a_validation_error():
    rendered = BibTeXRenderer().render(
        {"detail": "Invalid value for: year.", "errors": {"year": ["Enter a number."]}}
    )
    assert rendered == b"% Invalid value for: year.\n% errors: year: Enter a number.\n"


def test_csl_renderer_writes_json():
    items = [{"id": "k", "title": "Déjà vu"}]
    assert json.loads(CSLJSONRenderer().render(items)) == items
    assert json.loads(CSLJSONRenderer().render({"detail": "Not found."})) == {"detail": "Not found."}


class ExportView(APIView):
    """A view as the API serves exports: the formats negotiated, the content made by papers.export."""

    renderer_classes = [JSONRenderer, BibTeXRenderer, CSLJSONRenderer]
    permission_classes = [AllowAny]
    throttle_classes = []

    def get(self, request, pk: int) -> Response:
        paper = get_object_or_404(Paper, pk=pk)
        if request.accepted_renderer.format == "bibtex":
            return Response(papers_bibtex(fetched(paper)))
        return Response(paper_csl(fetched(paper)[0]))


def test_format_and_accept_header_choose_the_export():
    paper = create("Déjà Vu & GANs", ["René Duval"], kind="journal", year=2020)
    factory, view = APIRequestFactory(), ExportView.as_view()
    by_format = view(factory.get("/", {"format": "bibtex"}), pk=paper.pk).render()
    by_accept = view(factory.get("/", HTTP_ACCEPT="application/x-bibtex"), pk=paper.pk).render()
    csl = view(factory.get("/", {"format": "csl"}), pk=paper.pk).render()
    assert by_format["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert by_format.content == by_accept.content
    assert read_back(by_format.content.decode("utf-8"))[0].title == "Déjà Vu & GANs"
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert json.loads(csl.content)["author"] == [{"family": "Duval", "given": "René"}]


def test_a_missing_paper_in_bibtex_is_a_comment_with_the_404():
    response = ExportView.as_view()(APIRequestFactory().get("/", {"format": "bibtex"}), pk=999999).render()
    assert response.status_code == 404
    assert response.content.startswith(b"% ")
    assert bibtexparser.parse_string(response.content.decode()).entries == []

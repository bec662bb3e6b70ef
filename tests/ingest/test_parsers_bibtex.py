"""The BibTeX parser: a lab's .bib file to paper drafts, through bibtexparser v2."""

from datetime import date

import bibtexparser
import pytest

from core.names import display_name
from ingest.parsers import bibtex
from ingest.parsers.bibtex import parse
from ingest.parsers.drafts import LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult

LAB_FILE = "lab_papers.bib"


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def lab(shared_listing, context) -> dict[str, PaperDraft]:
    result = parse(shared_listing(LAB_FILE), context)
    assert result.errors == []
    return {paper.citation_key: paper for paper in result.papers}


@pytest.fixture
def small(fixture_text, context) -> dict[str, PaperDraft]:
    result = parse(fixture_text("bibtex_small.bib"), context)
    assert result.errors == []
    return {paper.citation_key: paper for paper in result.papers}


@pytest.fixture
def broken(fixture_text, context) -> ParseResult:
    return parse(fixture_text("bibtex_broken.bib"), context)


def names(paper: PaperDraft) -> list[str]:
    return [author.name for author in paper.authors]


# The real file (../shared/listings)


def test_real_file_gives_twelve_papers_and_separator_lines_are_ignored(shared_listing, context):
    result = parse(shared_listing(LAB_FILE), context)
    assert result.errors == []
    assert [paper.line for paper in result.papers] == [8, 16, 33, 59, 68, 85, 124, 145, 161, 176, 192, 219]
    assert result.papers[0].citation_key == "maggioli2025volumetricfunctionalmaps"
    assert result.papers[0].raw.startswith("@inproceedings{maggioli2025volumetricfunctionalmaps,")


def test_key_on_the_line_after_the_entry_type_is_read(lab):
    paper = lab["baieri2025implicitarap"]
    assert paper.line == 59 and paper.raw.startswith("@inproceedings{\n    baieri2025implicitarap,")


def test_braces_in_titles_are_removed(lab):
    assert lab["baieri2025implicitarap"].title == (
        "Implicit-ARAP: Efficient Handle-Guided Neural Field Deformation via Local Patch Meshing"
    )
    assert lab["maccarone2024sfora"].title == "S4A: Scalable Spectral Statistical Shape Analysis"
    assert (
        lab["Hadgi_2025_CVPR"].title
        == "Escaping Plato's Cave: Towards the Alignment of 3D and Text Latent Spaces"
    )


def test_latex_and_unicode_accents_give_the_same_name(lab):
    assert "Rodolà, Emanuele" in names(lab["Hadgi_2025_CVPR"])  # written Rodol\`a
    assert "Rodolà, Emanuele" in names(lab["baieri2025implicitarap"])  # written Rodolà
    assert "Lähner, Zorah" in names(lab["baieri2025implicitarap"])
    assert "Rafael Peñaloza" in names(lab["blend25"])


def test_both_name_orders_are_kept_as_written_and_read_the_same(lab):
    last_first = names(lab["maggioli2024rematching"])
    first_last = names(lab["maggioli2025volumetricfunctionalmaps"])
    assert last_first[0] == "Maggioli, Filippo" and first_last[0] == "Filippo Maggioli"
    assert display_name(last_first[0]) == display_name(first_last[0]) == "Filippo Maggioli"
    assert names(lab["10.1007/978-3-032-05185-1_63"]) == [
        "Maccarone, Francesca", "Longari, Giorgio", "Arrigoni, Filippo", "Peruzzo, Denis", "Melzi, Simone",
    ]  # fmt: skip
    assert all(paper.authors_complete for paper in lab.values())


def test_dois_written_as_urls_are_normalized(lab):
    assert lab["vigano2025nam"].doi == "10.1145/3730943"
    assert lab["MARIANI2026104007"].doi == "10.1016/j.inffus.2025.104007"
    assert lab["maccarone2024sfora"].doi == "10.2312/stag.20241343"  # an upper-case DOI field
    assert lab["baieri2025implicitarap"].doi == ""


def test_a_latex_escaped_underscore_in_a_doi_is_an_underscore(context):
    text = "@inproceedings{DBLP:conf/x/Okafor97,\n  title = {Chapters},\n  author = {Mira Okafor},\n"
    text += "  url = {https://doi.org/10.1007/978-1-23-456789-0\\_7},\n  year = {1997}\n}\n"
    (paper,) = parse(text, context).papers
    assert paper.doi == "10.1007/978-1-23-456789-0_7"
    (paper,) = parse(text.replace("url", "doi"), context).papers
    assert paper.doi == "10.1007/978-1-23-456789-0_7"


def test_eprint_gives_the_arxiv_id_category_and_links(lab):
    paper = lab["blend25"]
    assert (paper.arxiv_id, paper.categories, paper.kind) == ("2506.23630", ["cs.CV"], "preprint")
    assert paper.links == [
        LinkDraft("arxiv", "https://arxiv.org/abs/2506.23630"),
        LinkDraft("pdf", "https://arxiv.org/pdf/2506.23630"),
    ]
    assert paper.abstract.startswith("Diffusion models have dramatically advanced text-to-image generation")


def test_arxiv_ids_come_from_urls_journals_and_arxiv_dois(lab):
    assert lab["maggioli2025volumetricfunctionalmaps"].arxiv_id == "2506.13212"
    assert lab["olearo2024blend"].arxiv_id == "2407.14280"
    assert lab["Hadgi_2025_CVPR"].arxiv_id == "2503.05283"
    assert lab["Hadgi_2025_CVPR"].doi == "10.48550/arxiv.2503.05283"


def test_venue_acronyms_come_from_the_catalogue(lab):
    assert {key: paper.venue_acronym for key, paper in lab.items()} == {
        "maggioli2025volumetricfunctionalmaps": "CVPR",
        "MARIANI2026104007": "Inf. Fusion",
        "10.1007/978-3-032-05185-1_63": "MICCAI",
        "baieri2025implicitarap": "NeurIPS",
        "vigano2025nam": "TOG",
        "blend25": "",  # a misc entry: no venue, and abbr says "Preprint"
        "Hadgi_2025_CVPR": "CVPR",
        "maggioli2024rematching": "ECCV",
        "maccarone2024sfora": "STAG",
        "vigano2024bule": "C&G",
        "olearo2024blend": "arXiv",
        "10.2312:stag.20241345": "STAG",
    }


def test_kinds_follow_the_entry_type_and_the_journal(lab):
    kinds = {key: paper.kind for key, paper in lab.items()}
    assert kinds["Hadgi_2025_CVPR"] == kinds["10.1007/978-3-032-05185-1_63"] == "conference"
    assert kinds["vigano2025nam"] == kinds["MARIANI2026104007"] == "journal"
    assert kinds["olearo2024blend"] == "preprint"  # an article in "arXiv preprint arXiv:2407.14280"
    assert kinds["blend25"] == "preprint"  # a misc entry with an arXiv eprint


def test_year_field_wins_over_the_year_in_the_booktitle(lab):
    miccai = lab["10.1007/978-3-032-05185-1_63"]
    assert (miccai.venue_text, miccai.year) == (
        "Medical Image Computing and Computer Assisted Intervention -- MICCAI 2025",
        2026,
    )
    assert lab["maggioli2024rematching"].year == 2025  # booktitle "Computer Vision -- ECCV 2024"
    assert lab["maggioli2025volumetricfunctionalmaps"].year == 2026  # the key says 2025


def test_month_gives_a_year_month_date(lab):
    assert lab["Hadgi_2025_CVPR"].date == "2025-06"
    assert lab["vigano2025nam"].date == "2025"


def test_pages_volume_and_publisher(lab):
    assert lab["10.1007/978-3-032-05185-1_63"].pages == "659-669"
    assert lab["maggioli2024rematching"].publisher == "Springer Nature Switzerland"
    assert (lab["vigano2025nam"].volume, lab["vigano2025nam"].pages) == ("122", "103985")
    assert lab["Hadgi_2025_CVPR"].pages == "19825-19835"


def test_only_entries_marked_selected_are_selected(lab):
    assert [key for key, paper in lab.items() if paper.selected] == ["vigano2025nam"]


def test_url_split_over_lines_becomes_one_pdf_link(lab):
    (link,) = lab["Hadgi_2025_CVPR"].links
    assert link.kind == "pdf"
    assert link.url.startswith("https://openaccess.thecvf.com/content/CVPR2025/papers/Hadgi_Escaping")


# Small fixtures written for these tests


def test_small_file_gives_every_entry(small):
    assert len(small) == 11


def test_latex_in_names_and_titles_becomes_unicode(small):
    assert names(small["quintero2024lattice"]) == ["Marta Quintero", "Ilse van der Berg", "René Duval"]
    assert names(small["DUVAL2025110021"]) == ["Duval, René", "Müller, Jürgen", "Quintero, Marta"]
    assert small["quintero2024lattice"].title == "Sparse Lattice Priors for Fast Scene Relighting"
    assert small["lind2024probe"].title == "PROBE: Probing Frozen Encoders for Dense Tasks"


def test_and_others_marks_the_author_list_incomplete(small):
    paper = small["okabe2025rolling"]
    assert names(paper) == ["Kenji Okabe", "Priya Raman", "Jonas Åkesson"]
    assert not paper.authors_complete
    assert paper.abstract.endswith("gain 12% in accuracy.")


def test_site_fields_give_links_selected_and_acronym(small):
    paper = small["quintero2024lattice"]
    assert paper.links == [
        LinkDraft("arxiv", "https://arxiv.org/abs/2501.01234"),
        LinkDraft("code", "https://github.com/example/lattice-relight"),
    ]
    assert (paper.selected, paper.venue_acronym, paper.date, paper.pages) == (
        True,
        "CVPR",
        "2025-06",
        "1201-1210",
    )
    assert small["novak2024graphs"].links == [
        LinkDraft("pdf", "https://example.org/papers/spectral_graphs.pdf")
    ]


def test_every_entry_type_gets_its_kind(small):
    assert {key: paper.kind for key, paper in small.items()} == {
        "quintero2024lattice": "conference",
        "DUVAL2025110021": "journal",
        "okabe2025rolling": "preprint",
        "10.1007/978-3-031-00001-1_7": "conference",
        "lind2024probe": "conference",
        "novak2024graphs": "journal",
        "wei2024corr": "preprint",
        "raman2023thesis": "thesis",
        "duval2023book": "book",
        "okabe2023chapter": "book",
        "lind2023report": "other",
    }


def test_unbalanced_brace_is_reported_and_the_entries_after_it_still_come_out(broken):
    assert [paper.citation_key for paper in broken.papers] == [
        "good2024first",
        "good2024second",
        "good2024last",
    ]
    assert broken.errors[0].line == 10
    assert broken.errors[0].reason.startswith("unreadable BibTeX: Unexpected block start: `@article`")
    assert "broken2024brace" in broken.errors[0].raw


def test_entry_without_title_is_reported(broken):
    assert ParseError(22, "the entry 'notitle2024' has no title") in broken.errors


def test_duplicate_key_keeps_the_first_entry_and_reports_the_second(broken):
    assert ParseError(27, "duplicate citation key 'good2024first' (first at line 3)") in broken.errors
    first = next(paper for paper in broken.papers if paper.citation_key == "good2024first")
    assert first.title == "The First Good Entry"


def test_extra_closing_brace_rejects_the_cut_entry(broken):
    error = broken.errors[-1]
    assert (error.line, error.reason) == (
        33,
        "an extra closing brace ends the entry early; the fields after it are outside",
    )
    assert "good2024third" in error.raw and "year = {2024}" in error.raw
    assert len(broken.errors) == 4


def test_string_macros_concatenation_and_month_macros_are_resolved(context):
    text = (
        '@string{tpami = "IEEE Transactions on Pattern Analysis and Machine Intelligence"}\n'
        '@article{k, title = "A " # {Title}, journal = tpami, year = 2020, month = sep,\n'
        '  author = "Ada Lovelace"}\n'
    )
    (paper,) = parse(text, context).papers
    assert (paper.title, paper.venue_acronym, paper.date, paper.line) == ("A Title", "TPAMI", "2020-09", 2)


def test_bare_percent_next_to_latex_does_not_cut_the_text(context):
    text = '@article{k, title={Gains of 5% with {\\"u}ber-nets and more}, year={2020}}'
    assert parse(text, context).papers[0].title == "Gains of 5% with über-nets and more"


def test_repeated_field_keeps_its_first_value(context):
    (paper,) = parse("@article{k, title={First}, title={Second}, year={2020}}", context).papers
    assert paper.title == "First"


def test_splitter_failure_falls_back_to_reading_entry_by_entry(context, monkeypatch):
    real_parse_string = bibtexparser.parse_string

    def fragile(text: str, **kwargs):
        if "@bug{" in text:
            raise RuntimeError("splitter bug")
        return real_parse_string(text, **kwargs)

    monkeypatch.setattr(bibtex.bibtexparser, "parse_string", fragile)
    text = "@article{a, title={A}}\n@bug{b, title={B}}\n@article{c, title={C}}\n"
    result = parse(text, context)
    assert [(paper.line, paper.title) for paper in result.papers] == [(1, "A"), (3, "C")]
    assert [(error.line, error.reason) for error in result.errors] == [(2, "unreadable BibTeX: splitter bug")]


@pytest.mark.parametrize("text", ["", "--- 2026\nnot bibtex at all\n", "@comment{only a comment}"])
def test_input_without_entries_is_unusable(context, text):
    with pytest.raises(ParseError) as caught:
        parse(text, context)
    assert caught.value.line == 0


@pytest.mark.parametrize(
    "text",
    [
        "@article{d, title={" + "{" * 5000 + "x" + "}" * 5000 + "}}",
        "@article{u, title={" + "x" * 500_000,
        "@article{a, title={" + "\\'e " * 20_000 + "}}",
        "@article{p, title={T}, url={http://[" + "a" * 100_000 + "}}",
    ],
)
def test_hostile_entries_end_without_an_exception(context, text, hang_guard):
    result = parse(text, context)
    assert len(result.papers) + len(result.errors) == 1


def test_an_entry_that_trips_a_normalizer_is_reported_and_the_others_still_come_out(context, monkeypatch):
    def fragile(text: str) -> str:
        if "boom" in text:
            raise ValueError("unexpected text")
        return ""

    monkeypatch.setattr(bibtex, "normalize_doi", fragile)
    text = "@article{a, title={A}}\n@article{b, title={B}, doi={boom}}\n@article{c, title={C}}\n"
    result = parse(text, context)
    assert [paper.title for paper in result.papers] == ["A", "C"]
    assert result.errors == [ParseError(2, "the entry could not be read: ValueError: unexpected text")]

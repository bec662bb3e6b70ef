"""Venue keys and venue lines, on a small catalogue written here (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.keys import venue_key
from venues.index import VenueAliases, build_index
from venues.names import parse_venue_line

CATALOGUE = {
    ("CVPR", "conference"): ["IEEE/CVF Conference on Computer Vision and Pattern Recognition"],
    ("CVPRW", "workshop"): [
        "CVPR Workshops",
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops",
    ],
    ("ICCV", "conference"): ["International Conference on Computer Vision"],
    ("ICML", "conference"): ["International Conference on Machine Learning"],
    ("MLJ", "journal"): ["Machine Learning"],
    ("PR", "journal"): ["Pattern Recognition"],
    ("TSP", "journal"): ["IEEE Transactions on Signal Processing"],
    ("TPAMI", "journal"): ["IEEE Transactions on Pattern Analysis and Machine Intelligence", "PAMI"],
    ("TMM", "journal"): ["IEEE Transactions on Multimedia"],
    ("TOMM", "journal"): ["ACM Transactions on Multimedia Computing, Communications and Applications"],
    ("KDD", "conference"): ["ACM SIGKDD Conference on Knowledge Discovery and Data Mining"],
    ("ICDM", "conference"): ["IEEE International Conference on Data Mining"],
    ("SDM", "conference"): ["SIAM International Conference on Data Mining"],
    ("CHI", "conference"): ["ACM CHI Conference on Human Factors in Computing Systems"],
    ("ACL", "conference"): ["Annual Meeting of the Association for Computational Linguistics"],
    ("ACL Findings", "conference"): [
        "Findings of the Association for Computational Linguistics",
        "ACL Findings",
    ],
    ("DC", "journal"): ["Distributed Computing"],
    ("IEEE Access", "journal"): ["IEEE Access"],
    ("JMLR", "journal"): ["Journal of Machine Learning Research", "J. Mach. Learn. Res."],
    ("arXiv", "preprint"): ["arXiv preprint", "CoRR"],
}


@pytest.fixture(scope="module")
def aliases() -> VenueAliases:
    keys = {}
    for (acronym, _), names in CATALOGUE.items():
        for text in (acronym, *names):
            keys.setdefault(venue_key(text), acronym)
    return VenueAliases(keys, kinds={acronym: kind for acronym, kind in CATALOGUE})


@pytest.mark.parametrize(
    ("spelling", "same_as"),
    [
        ("The 31st Conference on Computer Vision", "Conference on Computer Vision"),
        ("Thirty-Seventh Conference on Computer Vision", "Conference on Computer Vision"),
        ("The Twelfth Conference on Computer Vision", "Conference on Computer Vision"),
        ("Conference on Computer Vision 2023", "Conference on Computer Vision"),
        ("Conference on Computer Vision '23", "Conference on Computer Vision"),
        ("Conference on Computer Vision ’23", "Conference on Computer Vision"),
        ("Conference on Computer Vision V.2", "Conference on Computer Vision"),
        ("Conference on Computer Vision, Vol. 1", "Conference on Computer Vision"),
        ("Conference on Computer Vision, Part III", "Conference on Computer Vision"),
        ("ECCV (3)", "ECCV"),
        (
            "Advances in Neural Information Processing Systems 36",
            "Advances in Neural Information Processing Systems",
        ),
        ("Proceedings of the Conference on Computer Vision", "Conference on Computer Vision"),
        ("In: Proceedings of the Conference on Computer Vision", "Conference on Computer Vision"),
        ("Proc. of the Conference on Computer Vision", "Conference on Computer Vision"),
        (r"Proc.\ of CVPR", "CVPR"),
        ("In CVPR", "CVPR"),
        ("Int. Conf. on Machine Learning", "International Conference on Machine Learning"),
        ("Intl. Conf. on Machine Learning", "International Conference on Machine Learning"),
        ("Int'l Conf. on Machine Learning", "International Conference on Machine Learning"),
        ("IEEE Trans. on Multimedia", "IEEE Transactions on Multimedia"),
        ("J. of Vision", "Journal of Vision"),
        ("Symp. on Graphics", "Symposium on Graphics"),
        ("CVPR Workshop", "CVPR Workshops"),
        ("CVPR-WS", "CVPR Workshops"),
        (r"Computers \& Graphics", "Computers and Graphics"),
        ("{IEEE} {T}ransactions on {M}ultimedia", "IEEE Transactions on Multimedia"),
        ("Medicine &amp; Biology", "Medicine and Biology"),
        ("arXiv preprint arXiv:2301.00001", "arXiv preprint"),
        ("CoRR abs/2301.00001", "CoRR"),
    ],
)
def test_venue_keys_drop_what_venue_identity_does_not_carry(spelling, same_as):
    assert venue_key(spelling) == venue_key(same_as)


def test_a_proc_further_on_is_kept_for_it_may_be_processing():
    assert venue_key("Trans. on Audio, Speech, and Lang. Proc.").endswith("lang proc")


@pytest.mark.parametrize(
    ("line", "acronym"),
    [
        ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition", "CVPR"),
        ("Conference on Computer Vision and Pattern Recognition", "CVPR"),  # without its publishers
        ("IEEE Trans. Pattern Anal. Mach. Intell.", "TPAMI"),  # ISO4, word by word
        ("IEEE Trans Pattern Anal Mach Intell", "TPAMI"),
        ("Trans. on Pattern Analysis & Machine Intelligence", "TPAMI"),
        ("Proceedings of the 31st ACM SIGKDD Conference on Knowledge Discovery and Data Mining V.2", "KDD"),
        ("ACM Conference on Knowledge Discovery and Data Mining", "KDD"),  # without its SIG
        ("IEEE Transactions on Pattern Analysis and Machine Intelligence (TPAMI)", "TPAMI"),
        ("Proc. IEEE Int. Conf. on Computer Vision (ICCV)", "ICCV"),
        ("CVPR'23", "CVPR"),
        ("IEEE PAMI", "TPAMI"),
        ("International Conference on Machine Learning, ICML 2019, Long Beach, California, USA", "ICML"),
        ("Machine Learning", "MLJ"),
        ("ACL (Findings)", "ACL Findings"),
        (
            "Findings of the 60th Annual Meeting of the Association for Computational Linguistics (ACL)",
            "ACL Findings",
        ),
    ],
)
def test_lines_find_their_venue(aliases, line, acronym):
    assert parse_venue_line(line, aliases).acronym == acronym


def test_a_conference_line_is_not_taken_for_a_journal_one_part_spells(aliases):
    # "TSP" is IEEE Transactions on Signal Processing; this line names a conference of its own.
    assert (
        parse_venue_line(
            "Proc. of Conference on Telecommunications and Signal Processing (TSP)", aliases
        ).acronym
        == ""
    )
    # Springer's title for a DAGM symposium begins with a journal's name.
    assert parse_venue_line("Pattern Recognition, 31st DAGM Symposium, Jena, Germany", aliases).acronym == ""


def test_a_place_or_a_plain_word_is_no_venue(aliases):
    line = parse_venue_line("Symposium on Imaging Science, Washington, DC, USA, April 2007", aliases)
    assert line.acronym == ""  # DC here is the District of Columbia, not Distributed Computing
    assert parse_venue_line("Access", aliases).acronym == ""  # "IEEE Access" without IEEE is a word


def test_words_two_venues_share_name_neither(aliases):
    # "Conference on Data Mining" is both ICDM's and SDM's name once their publishers are gone.
    assert parse_venue_line("Conference on Data Mining", aliases).acronym == ""
    assert parse_venue_line("International Conference on Data Mining 2021", aliases).acronym == ""
    assert parse_venue_line("SIAM International Conference on Data Mining", aliases).acronym == "SDM"


def test_a_workshop_of_a_conference_with_a_workshop_venue_goes_to_it(aliases):
    for text in (
        "CVPR Workshops",
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR) Workshops",
        "CVPRW 2022",
        "CVPR 2023 Workshop on Event-based Vision",
        "Workshop on Event-based Vision, held in conjunction with CVPR 2023",
    ):
        line = parse_venue_line(text, aliases)
        assert (line.acronym, line.kind, line.parent) == ("CVPRW", "workshop", ""), text


def test_a_workshop_of_a_conference_without_one_names_the_conference_as_its_parent(aliases):
    line = parse_venue_line("ICML 2023 Workshop on Structured Probabilistic Inference", aliases)
    assert (line.acronym, line.kind, line.parent, line.year) == ("", "workshop", "ICML", 2023)
    assert parse_venue_line("ICCVW", aliases).parent == "ICCV"  # the W of an acronym the catalogue knows


def test_a_companion_volume_is_not_the_main_track(aliases):
    for text in (
        "Extended Abstracts of the 2023 CHI Conference on Human Factors in Computing Systems",
        "CHI '13 Extended Abstracts on Human Factors in Computing Systems",
    ):
        line = parse_venue_line(text, aliases)
        assert (line.acronym, line.parent) == ("", "CHI"), text


def test_an_unknown_workshop_is_a_workshop_without_a_parent(aliases):
    line = parse_venue_line("International Workshop on Things Nobody Heard Of", aliases)
    assert (line.acronym, line.kind, line.parent) == ("", "workshop", "")


def test_the_line_keeps_its_text_presentation_and_rate(aliases):
    line = parse_venue_line("CVPR '24 (Highlight, 2.8%)", aliases)
    assert (line.text, line.acronym, line.year, line.presentation, line.acceptance_rate) == (
        "CVPR '24",
        "CVPR",
        2024,
        "highlight",
        "2.8%",
    )


def test_a_plain_mapping_works_without_kinds(aliases):
    plain = dict(aliases)  # the shape tests and parsers pass: no kinds known
    assert parse_venue_line("CVPR 2023 Workshop on Event-based Vision", plain).acronym == "CVPRW"
    assert (
        parse_venue_line("IEEE Transactions on Pattern Analysis and Machine Intelligence", plain).acronym
        == "TPAMI"
    )


def test_abbreviations_match_only_one_venue():
    index = build_index(
        {
            venue_key(name): acronym
            for acronym, name in [("A", "Computer Vision"), ("B", "Computer Visualization")]
        }
    )
    assert index.find("Comput. Vis.") == ""  # both begin so
    assert index.find("Comput. Visualiz.") == "B"


@given(st.text(max_size=200))
def test_any_text_is_read_and_names_a_known_venue_or_none(text):
    known = {
        venue_key("CVPR"): "CVPR",
        venue_key("CVPR Workshops"): "CVPRW",
        venue_key("Machine Learning"): "MLJ",
    }
    line = parse_venue_line(text, known)
    assert line.acronym in {"", "CVPR", "CVPRW", "MLJ"}
    assert line.parent in {"", "CVPR", "CVPRW", "MLJ"}

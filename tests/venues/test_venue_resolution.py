"""Venue lines as real files write them resolve to their catalogue venue (and year).

Each spelling below has the shape of a field that a tool or a person writes: DBLP's BibTeX export,
the CVF's and IEEE Xplore's BibTeX, ACM's and Springer's, Google Scholar's "Cite", EndNote's
export, a group bibliography kept in JabRef ("Proc.\\ of ICASSP"), an al-folio site, a homepage's
venue line. They were written for this test from those shapes, not copied from one file.
"""

import pytest

from venues.names import parse_venue_line
from venues.selectors import venue_spellings

pytestmark = pytest.mark.django_db

# (venue line, acronym it must resolve to, year it names or None)
TABLE = [
    # DBLP
    ("CVPR", "CVPR", None),
    ("ECCV (3)", "ECCV", None),
    ("NeurIPS", "NeurIPS", None),
    ("ACL (1)", "ACL", None),
    ("ACL (Findings)", "ACL Findings", None),
    ("EMNLP (Findings)", "EMNLP Findings", None),
    ("CVPR Workshops", "CVPRW", None),
    ("ECCV Workshops (2)", "ECCVW", None),
    ("MICCAI (2)", "MICCAI", None),
    ("Interspeech", "Interspeech", None),
    ("IEEE Trans. Pattern Anal. Mach. Intell.", "TPAMI", None),
    ("Int. J. Comput. Vis.", "IJCV", None),
    ("J. Mach. Learn. Res.", "JMLR", None),
    ("Trans. Mach. Learn. Res.", "TMLR", None),
    ("IEEE Robotics Autom. Lett.", "RA-L", None),
    ("Proc. VLDB Endow.", "VLDB", None),
    ("SIGMOD Conference", "SIGMOD", None),
    ("CoRR", "arXiv", None),
    ("CoRR abs/2301.00001", "arXiv", None),
    ("Medical Image Anal.", "MedIA", None),
    (
        "{IEEE/CVF} Conference on Computer Vision and Pattern Recognition, {CVPR} 2022, New Orleans, "
        "LA, USA, June 18-24, 2022",
        "CVPR",
        2022,
    ),
    (
        "Proceedings of the 40th International Conference on Machine Learning, {ICML} 2023, 23-29 July 2023",
        "ICML",
        2023,
    ),
    # IEEE Xplore, the CVF, EndNote
    ("2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR", 2023),
    (
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR) Workshops",
        "CVPRW",
        None,
    ),
    ("2021 IEEE/CVF International Conference on Computer Vision Workshops (ICCVW)", "ICCVW", 2021),
    (
        "ICASSP 2023 - 2023 IEEE International Conference on Acoustics, Speech and Signal Processing "
        "(ICASSP)",
        "ICASSP",
        2023,
    ),
    ("2022 International Conference on Robotics and Automation (ICRA)", "ICRA", 2022),
    ("2020 IEEE/RSJ International Conference on Intelligent Robots and Systems (IROS)", "IROS", 2020),
    ("2019 IEEE Winter Conference on Applications of Computer Vision (WACV)", "WACV", 2019),
    ("2023 IEEE 20th International Symposium on Biomedical Imaging (ISBI)", "ISBI", 2023),
    ("2023 IEEE 39th International Conference on Data Engineering (ICDE)", "ICDE", 2023),
    ("2023 IEEE/ACM 45th International Conference on Software Engineering (ICSE)", "ICSE", 2023),
    ("IEEE INFOCOM 2023 - IEEE Conference on Computer Communications", "INFOCOM", 2023),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence (TPAMI)", "TPAMI", None),
    ("IEEE/ACM Transactions on Audio, Speech, and Language Processing", "TASLP", None),
    # ACM
    ("Proceedings of the 29th ACM International Conference on Multimedia", "ACM MM", None),
    ("Proceedings of the 31st ACM SIGKDD Conference on Knowledge Discovery and Data Mining V.2", "KDD", None),
    ("Proceedings of the 2023 CHI Conference on Human Factors in Computing Systems", "CHI", 2023),
    ("Proceedings of the ACM Web Conference 2023", "WWW", 2023),
    (
        "Proceedings of the 46th International ACM SIGIR Conference on Research and Development in "
        "Information Retrieval",
        "SIGIR",
        None,
    ),
    ("Proceedings of the 2023 ACM SIGSAC Conference on Computer and Communications Security", "CCS", 2023),
    (
        "UIST '23: Proceedings of the 36th Annual ACM Symposium on User Interface Software and Technology",
        "UIST",
        2023,
    ),
    ("STOC 2023: Proceedings of the 55th Annual ACM Symposium on Theory of Computing", "STOC", 2023),
    ("ACM Transactions on Graphics (TOG)", "TOG", None),
    ("Proceedings of the 16th ACM International Conference on Web Search and Data Mining", "WSDM", None),
    # Springer
    (
        "Computer Vision – ECCV 2022: 17th European Conference, Tel Aviv, Israel, October 23–27, 2022, "
        "Proceedings, Part III",
        "ECCV",
        2022,
    ),
    (
        "Medical Image Computing and Computer Assisted Intervention – MICCAI 2023: 26th International "
        "Conference, Vancouver, BC, Canada, October 8–12, 2023, Proceedings, Part I",
        "MICCAI",
        2023,
    ),
    (
        "Machine Learning and Knowledge Discovery in Databases: European Conference, ECML PKDD 2022, "
        "Grenoble, France, September 19–23, 2022, Proceedings, Part I",
        "ECML PKDD",
        2022,
    ),
    # Google Scholar
    ("Proceedings of the IEEE/CVF conference on computer vision and pattern recognition", "CVPR", None),
    ("Advances in neural information processing systems", "NeurIPS", None),
    ("Advances in Neural Information Processing Systems 36", "NeurIPS", None),
    ("arXiv preprint arXiv:2301.00001", "arXiv", None),
    ("International conference on machine learning", "ICML", None),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI", None),
    ("IEEE transactions on image processing", "TIP", None),
    ("Findings of the Association for Computational Linguistics: EMNLP 2023", "EMNLP Findings", 2023),
    ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing", "EMNLP", 2023),
    ("Pattern Recognition", "PR", None),
    ("Neurocomputing", "Neurocomputing", None),
    # Group bibliographies kept by hand (JabRef), LaTeX left in
    (r"Proc.\ of CVPR", "CVPR", None),
    ("Proc. of ICASSP", "ICASSP", None),
    (r"Proc.~of ICLR", "ICLR", None),
    (r"Proc.\ {o}{f} ICCV", "ICCV", None),
    ("Proc. IEEE Int. Conf. on Computer Vision (ICCV)", "ICCV", None),
    ("IEEE Trans. on Pattern Analysis and Machine Intelligence", "TPAMI", None),
    ("IEEE/ACM Transactions on Audio, Speech, and Lang. Proc.", "TASLP", None),
    ("{IEEE} Trans. on Image Processing", "TIP", None),
    ("Int'l Conf. on Machine Learning", "ICML", None),
    (r"Computers \& Graphics", "C&G", None),
    (r"Proc.\ of NIPS - Workshops", "NeurIPSW", None),
    ("Proc. of Interspeech 2021", "Interspeech", 2021),
    # al-folio sites and homepages
    ("In CVPR", "CVPR", None),
    ("CVPR'23", "CVPR", 2023),
    ("CVPR 2023", "CVPR", 2023),
    ("CVPR '24 (Highlight)", "CVPR", 2024),
    ("NeurIPS 2023 (Spotlight)", "NeurIPS", 2023),
    ("Interspeech 2021", "Interspeech", 2021),
    ("In Proc. of ICASSP 2022", "ICASSP", 2022),
    ("IEEE TPAMI", "TPAMI", None),
    ("ICCVW", "ICCVW", None),
    ("In CVPRW 2022", "CVPRW", 2022),
    ("ECCV Workshop on Visual Object Tracking", "ECCVW", None),
    ("NeurIPS Workshop on Machine Learning for Health", "NeurIPSW", None),
    ("The Thirty-Seventh AAAI Conference on Artificial Intelligence", "AAAI", None),
    ("Thirty-seventh Conference on Neural Information Processing Systems", "NeurIPS", None),
    ("The Twelfth International Conference on Learning Representations", "ICLR", None),
    # Other fields of computing
    ("17th USENIX Symposium on Operating Systems Design and Implementation (OSDI 23)", "OSDI", None),
    ("20th USENIX Symposium on Networked Systems Design and Implementation (NSDI 23)", "NSDI", None),
    ("USENIX Security Symposium", "USENIX Security", None),
    ("IEEE Symposium on Security and Privacy (SP)", "S&P", None),
    ("2023 IEEE 64th Annual Symposium on Foundations of Computer Science (FOCS)", "FOCS", 2023),
    ("SIGGRAPH Asia 2023 Conference Papers", "SIGGRAPH Asia", 2023),
    ("Computer Graphics Forum", "CGF", None),
    ("Bioinformatics", "Bioinform.", None),
    ("IEEE Transactions on Signal Processing", "TSP", None),
    ("IEEE Signal Processing Letters", "SPL", None),
    ("IEEE Transactions on Robotics", "T-RO", None),
    ("The International Journal of Robotics Research", "IJRR", None),
    ("IEEE Transactions on Medical Imaging", "TMI", None),
    ("2023 IEEE International Conference on Multimedia and Expo (ICME)", "ICME", 2023),
    ("Speech Communication", "SPECOM", None),
]


@pytest.fixture(scope="module")
def resolved(django_db_setup, django_db_blocker) -> list[tuple[str, str, str, int | None, int | None]]:
    """(line, expected acronym, acronym found, expected year, year found) for each line."""
    with django_db_blocker.unblock():
        aliases = venue_spellings()
    lines = ((text, acronym, year, parse_venue_line(text, aliases)) for text, acronym, year in TABLE)
    return [(text, acronym, line.acronym, year, line.year) for text, acronym, year, line in lines]


def test_the_table_has_sixty_lines_of_many_shapes():
    assert len(TABLE) >= 60
    assert len({acronym for _, acronym, _ in TABLE}) >= 50


def test_nine_lines_in_ten_resolve_to_their_venue_and_year(resolved):
    right = [row for row in resolved if row[1] == row[2] and (row[3] is None or row[3] == row[4])]
    assert len(right) / len(resolved) >= 0.9


def test_no_line_resolves_to_another_venue(resolved):
    # An unresolved line becomes an unverified venue a person reviews; a wrong one goes unnoticed.
    assert [(text, found) for text, expected, found, _, _ in resolved if found and found != expected] == []


def test_the_year_a_line_names_is_read(resolved):
    assert [(text, found) for text, _, _, year, found in resolved if year and found != year] == []

import pytest

from core.keys import venue_key
from venues.catalogue import catalogue_entries
from venues.models import Venue, VenueAlias
from venues.selectors import venue_by_spelling

pytestmark = pytest.mark.django_db

# Spellings as they stand in ../shared/listings and in the wild, with the venue they mean.
SPELLINGS_IN_THE_WILD = [
    ("The IEEE/CVF Computer Vision and Pattern Recognition Conference", "CVPR"),
    ("2023 Conference on Computer Vision and Pattern Recognition", "CVPR"),
    ("CVPR '23", "CVPR"),
    ("CVPR ’24", "CVPR"),
    ("cvpr 2023", "CVPR"),
    ("The IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR) 2026", "CVPR"),
    ("The Twelfth International Conference on Learning Representations", "ICLR"),
    ("ICLR '23", "ICLR"),
    ("NIPS'17", "NeurIPS"),
    ("The Thirty-ninth Annual Conference on Neural Information Processing Systems", "NeurIPS"),
    ("Advances in Neural Information Processing Systems", "NeurIPS"),
    ("Thirty-Seventh AAAI Conference on Artificial Intelligence", "AAAI"),
    ("IEEE Transactions on PAMI", "TPAMI"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"),
    ("ACM Multimedia '21", "ACM MM"),
    ("Medical Image Computing and Computer Assisted Intervention -- MICCAI 2025", "MICCAI"),
    ("International Journal of Computer Vision", "IJCV"),
    ("ArXiv 2311.17486", "arXiv"),
    ("arXiv preprint arXiv:2407.14280", "arXiv"),
    ("Pattern Recognition", "PR"),
]

REQUIRED_ACRONYMS = [
    "CVPR",
    "ICCV",
    "ECCV",
    "WACV",
    "BMVC",
    "NeurIPS",
    "ICML",
    "ICLR",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLING",
    "ICMR",
    "KDD",
    "WWW",
    "SIGIR",
    "CIKM",
    "WSDM",
    "SIGGRAPH",
    "MICCAI",
    "ICRA",
    "IROS",
    "CoRL",
    "ICASSP",
    "Interspeech",
    "TPAMI",
    "IJCV",
    "TIP",
    "TMM",
    "TCSVT",
    "TNNLS",
    "JMLR",
    "TMLR",
    "arXiv",
]


def test_catalogue_has_at_least_sixty_verified_venues_after_migrating():
    assert Venue.objects.filter(verified=True).count() >= 60
    acronyms = set(Venue.objects.values_list("acronym", flat=True))
    assert not set(REQUIRED_ACRONYMS) - acronyms
    assert Venue.objects.filter(acronym="ACM MM").exists()


@pytest.mark.parametrize(("spelling", "acronym"), SPELLINGS_IN_THE_WILD)
def test_spellings_seen_in_the_wild_resolve_to_their_venue(spelling, acronym):
    venue = venue_by_spelling(spelling)
    assert venue is not None, spelling
    assert venue.acronym == acronym


def test_plain_words_resolve_to_no_venue():
    assert venue_by_spelling("Lise Meitner Award") is None
    assert venue_by_spelling("2023") is None


def test_every_alias_of_the_catalogue_belongs_to_its_own_venue():
    owner_by_key = dict(VenueAlias.objects.values_list("key", "venue__slug"))
    for entry in catalogue_entries():
        for text in [entry["acronym"], entry["name"], *entry["aliases"]]:
            assert owner_by_key[venue_key(text)] == entry["slug"], text

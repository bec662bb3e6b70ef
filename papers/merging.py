"""What papers know about merging people: two authors of one paper are two people."""

from papers.models import Authorship
from people.models import Person


def shared_papers(first: Person, second: Person) -> list[int]:
    """Papers both people are authors of."""
    theirs = Authorship.objects.filter(person=second).values("paper_id")
    return list(
        Authorship.objects.filter(person=first, paper_id__in=theirs).values_list("paper_id", flat=True)
    )


def coauthors_refused(survivor: Person, merged: Person) -> str:
    """Why two co-authors are not merged (people.merging asks before every merge), or ""."""
    shared = shared_papers(survivor, merged)
    if not shared:
        return ""
    return (
        f"{survivor} and {merged} are both authors of paper {shared[0]}: two authors of one paper"
        " are two people, so they are not merged"
    )

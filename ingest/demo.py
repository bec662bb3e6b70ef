"""The demo lab of `make run`: what no listing carries, then the demo listings through the pipeline."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from ingest.choices import RunStatus, Trigger
from ingest.formats import Format
from ingest.models import IngestionRun
from ingest.run import run_execute
from ingest.submit import run_submit
from papers.models import Paper
from papers.spelling import refresh_title_words
from people.models import Lab, MetricReport, Person, ProfileEntry
from people.services import institution_get_or_create, lab_create, person_create

LISTINGS_DIR = Path(__file__).resolve().parent / "demo_listings"
# The day the listings were "scraped": the profile's dates without a year are of 2025.
OBSERVED_AT = date(2025, 6, 1)
# The homepage goes first: it names the members, so the later author lists link to them.
LISTINGS = (
    ("okafor_homepage.txt", Format.HOMEPAGE),
    ("vll_papers.bib", Format.BIBTEX),
    ("okafor_profile.txt", Format.PROFILE),
    ("cvpr_demo_proceedings.md", Format.PROCEEDINGS),
    ("okafor_abstracts.txt", Format.ABSTRACTS),
)
INSTITUTION = {"name": "Northbridge University", "short_name": "NBU", "country": "United Kingdom"}
# Bio, position and affiliation come from the homepage; these no listing carries.
PI = {
    "full_name": "Mira Okafor",
    "given_name": "Mira",
    "family_name": "Okafor",
    "homepage": "https://mira-okafor.example.org/",
    "email": "mira.okafor@nbu.example.org",
    "orcid": "0000-0002-7314-5089",
}
LAB_SLUG = "visual-learning-lab"
LAB = {
    "name": "Visual Learning Lab",
    "pi_start": "2016-09",
    "homepage": "https://vll.example.org/",
    "description": (
        "The Visual Learning Lab studies how machines can learn to see from little, messy and "
        "unevenly distributed data: few-shot and continual learning, long-tailed recognition, "
        "and models that connect images with language."
    ),
}


class DemoError(Exception):
    """A demo listing that could not be ingested; nothing of the demo was kept."""


@dataclass(frozen=True)
class DemoSummary:
    """What the demo lab holds, and the runs that built it (none when it was already there)."""

    lab: Lab
    people: int
    papers: int
    profile_entries: int
    metric_reports: int
    runs: tuple[IngestionRun, ...] = ()

    @property
    def created(self) -> bool:
        return bool(self.runs)

    def __str__(self) -> str:
        return (
            f"{self.lab.name}: {self.people} people, {self.papers} papers, "
            f"{self.profile_entries} profile entries, "
            f"{self.metric_reports} metric report{'' if self.metric_reports == 1 else 's'}"
        )


def demo_load() -> DemoSummary:
    """Create the demo lab and ingest the demo listings into it, unless the lab exists."""
    with transaction.atomic():
        lab = Lab.objects.filter(slug=LAB_SLUG).first()
        if lab is not None:
            return _summary(lab)
        lab = _create_lab()
        runs = tuple(_ingest(name, format, lab) for name, format in LISTINGS)
    refresh_title_words()  # a typo in a search finds the demo's papers at once
    return _summary(lab, runs)


def _create_lab() -> Lab:
    nbu = institution_get_or_create(**INSTITUTION)
    pi = person_create(**PI)
    lab = lab_create(pi=pi, institution=nbu, **LAB)
    # Two loads racing: the loser got "visual-learning-lab-2"; roll it back.
    if lab.slug != LAB_SLUG:
        raise DemoError(f"the demo lab got the slug {lab.slug!r}, not {LAB_SLUG!r}: another load won")
    return lab


def _ingest(name: str, format: str, lab: Lab) -> IngestionRun:
    run = run_submit(
        data=(LISTINGS_DIR / name).read_bytes(),
        input_name=f"demo/{name}",
        format=format,
        owner=lab.pi,
        lab=lab,
        observed_at=OBSERVED_AT,
        trigger=Trigger.DEMO,
        enqueue=False,
    )
    run = run_execute(run_id=run.pk)
    # The later listings build on the earlier ones: stop, and keep nothing, so a retry starts clean.
    if run.status == RunStatus.FAILED:
        raise DemoError(run.error if run.input_name in run.error else f"{run.input_name}: {run.error}")
    return run


def _summary(lab: Lab, runs: tuple[IngestionRun, ...] = ()) -> DemoSummary:
    return DemoSummary(
        lab=lab,
        people=Person.objects.filter(memberships__lab=lab).distinct().count(),
        papers=Paper.objects.filter(authorships__person__memberships__lab=lab).distinct().count(),
        profile_entries=ProfileEntry.objects.filter(person=lab.pi).count(),
        metric_reports=MetricReport.objects.filter(person=lab.pi).count(),
        runs=runs,
    )

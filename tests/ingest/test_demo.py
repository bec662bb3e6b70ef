"""The demo lab of `make run`: five listings ingested through the real pipeline, merged into one lab."""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from core.keys import title_key
from ingest import demo
from ingest.choices import Outcome, ReviewKind, ReviewStatus, RunStatus, Trigger
from ingest.demo import LISTINGS_DIR, OBSERVED_AT, demo_load
from ingest.models import IngestionRun, RecordOutcome, ReviewItem
from ingest.parsers import ParseResult, parse
from ingest.run import run_execute
from ingest.submit import run_submit
from papers.models import Authorship, Paper, PaperLink
from people.models import Lab, Membership, MetricReport, Person, PersonAlias, ProfileEntry

pytestmark = pytest.mark.django_db

HOMEPAGE, BIBTEX, PROFILE = "okafor_homepage.txt", "vll_papers.bib", "okafor_profile.txt"
PROCEEDINGS, ABSTRACTS = "cvpr_demo_proceedings.md", "okafor_abstracts.txt"
# The order the demo ingests them in: the homepage first names the members the others cite.
ORDER = [(HOMEPAGE, "homepage"), (BIBTEX, "bibtex"), (PROFILE, "profile"), (PROCEEDINGS, "proceedings")]
ORDER += [(ABSTRACTS, "abstracts")]
# The homepage's sections, in its own spellings: who is in the lab now, and who has left.
CURRENT = {"Zoë Ferreira-Lindqvist", "Qiyue Tan", "Marcus Oyelaran", "Elif Karadağ", "Jonas Brenneke"}
CURRENT |= {"Kenji Moriyama", "Nadia Benali"}
ALUMNI = {"Hana Kowalczyk", "Luca Ferraro", "Wielgosz Tomasz", "Priya Raghunathan", "TEO Shu Min"}
ALUMNI |= {"Rafael Quintero Ibáñez"}
ROW_MODELS = (Lab, Person, PersonAlias, Membership, Paper, Authorship, PaperLink, ProfileEntry)
ROW_MODELS += (MetricReport, IngestionRun, RecordOutcome, ReviewItem)


@dataclass
class Demo:
    output: str
    lab: Lab
    runs: dict[str, IngestionRun]  # by listing file name


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """`load_demo` run once for the module; rolled back after its last test (each test in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        runs = {run.input_name.removeprefix("demo/"): run for run in IngestionRun.objects.order_by("pk")}
        yield Demo(out.getvalue(), Lab.objects.select_related("pi").get(slug=demo.LAB_SLUG), runs)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def parsed(venue_aliases) -> dict[str, ParseResult]:
    """Every demo listing as its parser reads it, by file name."""
    return {
        name: parse((LISTINGS_DIR / name).read_text(encoding="utf-8"), fmt, observed_at=OBSERVED_AT,
                    venue_aliases=venue_aliases)
        for name, fmt in ORDER
    }  # fmt: skip


def person(name: str) -> Person:
    """The one person who has that spelling of a name (fails if none or several have it)."""
    return PersonAlias.objects.select_related("person").get(name=name).person


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ROW_MODELS}


def ingest_again(name: str, loaded: Demo) -> IngestionRun:
    format = dict(ORDER)[name]
    data = (LISTINGS_DIR / name).read_bytes()
    run = run_submit(
        data=data, format=format, owner=loaded.lab.pi, lab=loaded.lab, observed_at=OBSERVED_AT, enqueue=False
    )
    return run_execute(run_id=run.pk)


# The runs


def test_the_five_listings_run_in_order_as_the_pi_and_the_lab_and_all_succeed(loaded):
    runs = list(loaded.runs.values())
    assert [(run.input_name, run.format) for run in runs] == [(f"demo/{n}", f) for n, f in ORDER]
    assert {(run.trigger, run.owner_id, run.lab_id, run.observed_at) for run in runs} == {
        (Trigger.DEMO, loaded.lab.pi_id, loaded.lab.pk, OBSERVED_AT)
    }
    assert [(run.status, run.rejected) for run in runs] == [(RunStatus.SUCCEEDED, 0)] * 5


def test_load_demo_prints_every_runs_counts_and_what_the_lab_holds(loaded):
    lines = loaded.output.splitlines()
    for name, run in loaded.runs.items():
        line = next(line for line in lines if line.startswith(f"{name}: succeeded (run {run.pk}): "))
        counts = {"records": run.records, "created": run.created, "merged": run.merged}
        counts |= {"unchanged": run.unchanged, "needs review": run.needs_review, "rejected": run.rejected}
        assert [f"{n} {label}" for label, n in counts.items() if n] == line.split(": ")[-1].split(", ")
    bibtex = next(line for line in lines if line.startswith(BIBTEX))
    assert "63 records" in bibtex and "25 merged" in bibtex
    assert lines[-1].startswith("Demo data loaded: Visual Learning Lab: 14 people, ")


def test_load_demo_stops_with_the_error_of_a_failed_run_and_keeps_nothing(loaded, tmp_path, monkeypatch):
    (tmp_path / HOMEPAGE).write_bytes(b"Bio\x00\x00binary")
    monkeypatch.setattr(demo, "LISTINGS_DIR", tmp_path)
    # Another slug, so the load does not stop at the lab the module fixture loaded.
    monkeypatch.setattr(demo, "LAB_SLUG", "broken-demo-lab")
    monkeypatch.setattr(demo, "LAB", {**demo.LAB, "name": "Broken Demo Lab"})
    monkeypatch.setattr(demo, "PI", {**demo.PI, "orcid": ""})  # the PI's ORCID is unique
    before = row_counts()
    with pytest.raises(CommandError, match=f"could not be loaded: demo/{HOMEPAGE} is unreadable: .*binary"):
        call_command("load_demo", stdout=StringIO())
    assert row_counts() == before


# The lab and its members


def test_one_lab_holds_the_pi_and_the_thirteen_listed_members(loaded):
    assert Lab.objects.count() == 1
    lab = loaded.lab
    assert (lab.pi.full_name, lab.institution.name) == ("Mira Okafor", "Northbridge University")
    members = Membership.objects.filter(lab=lab).exclude(person=lab.pi)
    assert {m.person_id for m in members} == {person(name).pk for name in CURRENT | ALUMNI}
    assert {m.person_id for m in members.filter(end="")} == {person(name).pk for name in CURRENT}
    pi = Membership.objects.get(lab=lab, person=lab.pi)
    assert (pi.role, pi.start, pi.end) == ("faculty", "2016-09", "")


@pytest.mark.parametrize(
    ("name", "role", "start", "end"),
    [
        ("Qiyue Tan", "master", "2019-08", "2020-12"),
        ("Qiyue Tan", "phd", "2021-08", ""),
        ("TEO Shu Min", "phd", "2018-08", "2023-06"),
        ("Wielgosz Tomasz", "phd", "2016-09", "2020-12"),
        ("Luca Ferraro", "visiting_phd", "2023-09", "2024-02"),
        ("Kenji Moriyama", "research_engineer", "2018-06", ""),
        ("Jonas Brenneke", "postdoc", "2022-03", ""),
        ("Nadia Benali", "research_assistant", "2024-01", ""),
    ],
)
def test_a_member_has_the_role_and_dates_the_homepage_gives(loaded, name, role, start, end):
    stints = Membership.objects.filter(lab=loaded.lab, person=person(name))
    assert stints.filter(role=role, start=start, end=end).count() == 1


def test_members_keep_their_co_advisors_and_home_institution(loaded):
    lab = loaded.lab
    karadag = Membership.objects.get(lab=lab, person=person("Elif Karadağ"))
    assert [p.full_name for p in karadag.co_advisors.all()] == ["Clara Montague"]
    raghunathan = Membership.objects.get(lab=lab, person=person("Priya Raghunathan"))
    assert [p.full_name for p in raghunathan.co_advisors.all()] == ["Ingrid Halvorsen"]
    ferraro = Membership.objects.select_related("institution").get(lab=lab, person=person("Luca Ferraro"))
    assert ferraro.institution.name == "Politecnico di Valmarena"


def test_the_pi_profile_comes_from_the_homepage_and_the_ids_from_the_demo(loaded):
    pi = Person.objects.select_related("institution").get(pk=loaded.lab.pi_id)
    assert pi.bio.startswith("I am an Associate Professor of Computer Science at Northbridge University")
    assert pi.position == "Associate Professor of Computer Science"
    assert pi.affiliation == pi.institution.name == "Northbridge University"
    assert (pi.orcid, pi.email) == ("0000-0002-7314-5089", "mira.okafor@nbu.example.org")
    assert pi.provenance["bio"]["run"] == loaded.runs[HOMEPAGE].pk
    assert ProfileEntry.objects.filter(person=pi, run=loaded.runs[HOMEPAGE].pk).count() == 22


@pytest.mark.parametrize(
    "spellings",
    [
        ("TEO Shu Min", "Shu Min Teo", "Teo, Shu Min"),
        ("Wielgosz Tomasz", "Tomasz Wielgosz", "Wielgosz, Tomasz"),
        ("Zoë Ferreira-Lindqvist", "Zoe Ferreira-Lindqvist", "Ferreira-Lindqvist, Zoë"),
        ("Qiyue Tan", "Q. Tan", "Tan, Qiyue"),
        ("Mira Okafor", "M. Okafor", "Okafor, Mira"),
    ],
)
def test_every_spelling_of_a_member_is_one_person(loaded, spellings):
    aliases = PersonAlias.objects.filter(name__in=spellings)
    assert sorted(aliases.values_list("name", flat=True)) == sorted(spellings)
    assert len({alias.person_id for alias in aliases}) == 1
    written = Authorship.objects.filter(name__in=spellings)
    assert written.exists()
    assert set(written.values_list("person", flat=True)) == {aliases[0].person_id}


def test_a_member_listed_family_name_first_is_named_as_his_papers_name_him(loaded):
    wielgosz = person("Wielgosz Tomasz")
    assert (wielgosz.full_name, wielgosz.given_name, wielgosz.family_name) == (
        "Tomasz Wielgosz",
        "Tomasz",
        "Wielgosz",
    )


# Papers: merged across listings


def test_every_distinct_title_across_the_listings_is_one_paper(loaded, parsed):
    titles = {title_key(paper.title) for result in parsed.values() for paper in result.papers}
    assert len(titles) == 90  # the lab's 80, and 10 other CVPR 2024 papers of the proceedings
    assert sorted(Paper.objects.values_list("title_key", flat=True)) == sorted(titles)
    assert (loaded.runs[BIBTEX].created, loaded.runs[BIBTEX].merged) == (38, 25)


@pytest.mark.parametrize("field", ["title_key", "doi", "arxiv_id"])
def test_no_two_papers_share_a_title_doi_or_arxiv_id(loaded, field):
    values = [value for value in Paper.objects.values_list(field, flat=True) if value]
    assert len(values) > 10
    assert len(values) == len(set(values))


def test_a_paper_of_homepage_bibtex_and_profile_holds_the_best_of_each(loaded, parsed):
    title = "When Diffusion Guidance Meets Referring Image Segmentation"
    cut = next(p for p in parsed[PROFILE].papers if p.title == title)
    assert not cut.authors_complete  # the profile's list ends with "et al."
    paper = Paper.objects.get(title_key=title_key(title))
    runs = [loaded.runs[name].pk for name in (HOMEPAGE, BIBTEX, PROFILE)]
    assert paper.provenance["runs"] == runs
    assert set(RecordOutcome.objects.filter(paper=paper).values_list("run", flat=True)) == set(runs)
    authors = paper.authorships.order_by("position").values_list("person__full_name", flat=True)
    assert list(authors) == ["Qiyue Tan", "Elif Karadağ", "Luca Ferraro", "Kenji Moriyama", "Mira Okafor"]
    assert paper.authors_complete
    assert (paper.doi, paper.categories) == ("10.5555/vll.2025.079", ["cs.CV"])
    assert paper.provenance["doi"]["run"] == loaded.runs[BIBTEX].pk
    assert paper.provenance["categories"]["run"] == loaded.runs[PROFILE].pk


def test_the_pi_selected_papers_are_those_the_listings_mark(loaded, parsed):
    marked = {title_key(p.title) for result in parsed.values() for p in result.papers if p.selected}
    assert len(marked) == 9
    assert set(loaded.lab.pi.selected_papers.values_list("title_key", flat=True)) == marked


def test_ingesting_the_bibtex_again_changes_nothing(loaded):
    before = row_counts()
    run = ingest_again(BIBTEX, loaded)
    assert (run.records, run.unchanged) == (63, 63)
    assert row_counts() == {**before, "IngestionRun": before["IngestionRun"] + 1,
                            "RecordOutcome": before["RecordOutcome"] + 63}  # fmt: skip


@pytest.mark.parametrize("name", [HOMEPAGE, PROFILE])
def test_ingesting_the_pi_listings_again_leaves_every_record_unchanged(loaded, name):
    run = ingest_again(name, loaded)
    assert run.records == loaded.runs[name].records
    assert list(run.outcomes.exclude(outcome=Outcome.UNCHANGED).values_list("line", "kind")) == []


# The profile's metrics and the abstracts


def test_the_profile_figures_are_one_metric_report_of_the_pi(loaded):
    report = MetricReport.objects.get()
    assert (report.person_id, report.h_index, report.citation_count, report.paper_count) == (
        loaded.lab.pi_id,
        31,
        7864,
        97,
    )
    assert (report.observed_on, report.run) == (OBSERVED_AT, loaded.runs[PROFILE].pk)


def test_the_abstracts_listing_completes_the_four_cut_profile_abstracts(loaded, parsed):
    cut = [paper.abstract for paper in parsed[PROFILE].papers]
    texts = [abstract.text for abstract in parsed[ABSTRACTS].abstracts]
    full = [text for text in texts if any(text.startswith(start) and text != start for start in cut)]
    assert len(full) == 4
    run = loaded.runs[ABSTRACTS]
    for text in full:
        paper = Paper.objects.get(abstract=text)
        assert paper.provenance["abstract"]["run"] == run.pk
        assert run.pk in paper.provenance["runs"]
    assert run.merged == 4


def test_the_abstract_of_no_known_paper_waits_for_review(loaded):
    item = ReviewItem.objects.get(kind=ReviewKind.ORPHAN_ABSTRACT)
    assert (item.status, item.run_id, item.payload["candidates"]) == (
        ReviewStatus.OPEN,
        loaded.runs[ABSTRACTS].pk,
        [],
    )
    assert item.payload["text"].startswith("Event cameras report brightness changes instead of frames")
    assert loaded.runs[ABSTRACTS].needs_review == 1


# Loading again, and the admin


def test_loading_the_demo_again_changes_nothing(loaded):
    before = row_counts()
    assert demo_load().runs == ()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().startswith("Demo data already present: Visual Learning Lab: 14 people")
    assert "records" not in out.getvalue()
    assert row_counts() == before


def test_the_demo_lab_is_visible_in_the_admin(loaded, admin_client):
    changelist = admin_client.get(reverse("admin:people_lab_changelist"))
    change = admin_client.get(reverse("admin:people_lab_change", args=[loaded.lab.pk]))
    assert "Visual Learning Lab" in changelist.content.decode()
    assert "Priya Raghunathan" in change.content.decode()

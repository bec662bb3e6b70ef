"""Runs: bad input, an unreadable file, the dry run, the command's contract, resuming after a crash."""

import json

import pytest
from django.core.management import CommandError, call_command

from ingest import run as services
from ingest import submit
from ingest.choices import Outcome, ReviewKind, RunStatus
from ingest.models import IngestionRun, RecordOutcome, ReviewItem
from papers.models import Paper
from people.models import Person
from tests.ingest.helpers import counts, ingest, snapshot
from venues.models import Venue

pytestmark = pytest.mark.django_db


def test_broken_records_are_rejected_with_line_and_reason_and_the_rest_goes_in(fixture_text):
    run = ingest(fixture_text("bibtex_broken.bib"), "bibtex")
    assert run.status == RunStatus.PARTIAL
    rejected = RecordOutcome.objects.filter(run=run, outcome=Outcome.REJECTED)
    assert run.rejected == rejected.count() >= 2
    for outcome in rejected:
        assert outcome.line and outcome.reason and outcome.raw.strip()
    titles = set(Paper.objects.values_list("title", flat=True))
    assert {"The First Good Entry", "The Second Good Entry", "The Last Good Entry"} <= titles
    assert run.records == RecordOutcome.objects.filter(run=run).count()


def test_an_unreadable_file_fails_its_run_with_a_clear_message_and_writes_nothing():
    run = ingest(b"\x00\x01\x02\xff\xfe" * 200, "bibtex")
    assert run.status == RunStatus.FAILED
    assert "unreadable" in run.error or "could not be read" in run.error
    assert not RecordOutcome.objects.exists() and not Paper.objects.exists()


def test_a_file_whose_format_cannot_be_told_fails_and_says_to_name_it():
    run = ingest("Just a sentence about nothing in particular.\n")
    assert run.status == RunStatus.FAILED and "--format" in run.error
    assert not Paper.objects.exists()


def test_a_run_killed_between_batches_resumes_to_the_same_result(fixture_text, monkeypatch):
    listing = fixture_text("bibtex_small.bib")
    whole = ingest(listing, "bibtex", batch_size=2)
    expected_outcomes = list(RecordOutcome.objects.filter(run=whole).values_list("index", "outcome"))
    expected = snapshot()
    Paper.objects.all().delete()
    Person.objects.all().delete()

    real = services.process_batch
    calls = []

    def crash_on_the_third_batch(records, ctx):
        calls.append(len(records))
        if len(calls) == 3:
            raise SystemExit("worker killed")  # like SIGKILL: nothing of this batch is kept
        return real(records, ctx)

    monkeypatch.setattr(services, "process_batch", crash_on_the_third_batch)
    run = submit.run_submit(data=listing, format="bibtex", observed_at=whole.observed_at, enqueue=False)
    with pytest.raises(SystemExit):
        services.run_execute(run_id=run.pk, batch_size=2)
    run.refresh_from_db()
    assert (run.status, run.checkpoint) == (RunStatus.RUNNING, 4)
    monkeypatch.setattr(services, "process_batch", real)
    resumed = services.run_execute(run_id=run.pk, batch_size=2)  # the task delivered again
    assert resumed.status == whole.status and counts(resumed) == counts(whole)
    assert (
        list(RecordOutcome.objects.filter(run=resumed).values_list("index", "outcome")) == expected_outcomes
    )
    assert snapshot() == expected


def test_a_finished_run_delivered_again_does_nothing(fixture_text):
    run = ingest(fixture_text("bibtex_small.bib"), "bibtex")
    again = services.run_execute(run_id=run.pk)
    assert counts(again) == counts(run)
    assert RecordOutcome.objects.filter(run=run).count() == run.records


def test_the_dry_run_reports_what_would_change_and_writes_nothing(fixture_text):
    preview = submit.run_preview(data=fixture_text("bibtex_small.bib"), format="bibtex")
    assert preview.status == RunStatus.SUCCEEDED
    assert preview.counts["created"] == preview.counts["records"] > 0
    assert {o["outcome"] for o in preview.outcomes} == {Outcome.CREATED}
    assert all(o["label"] for o in preview.outcomes)
    assert not IngestionRun.objects.exists() and not Paper.objects.exists() and not Person.objects.exists()


def test_the_dry_run_of_a_known_listing_says_unchanged(fixture_text):
    ingest(fixture_text("bibtex_small.bib"), "bibtex")
    preview = submit.run_preview(data=fixture_text("bibtex_small.bib"), format="bibtex")
    assert preview.counts["unchanged"] == preview.counts["records"]
    assert IngestionRun.objects.count() == 1


def test_the_command_prints_one_json_object_per_file(tmp_path, fixture_text, capsys):
    first, second = tmp_path / "a.bib", tmp_path / "b.md"
    first.write_text(fixture_text("bibtex_small.bib"))
    second.write_text(fixture_text("proceedings_small.md"))
    call_command("ingest", str(first), str(second), "--json", "--observed-at", "2025-06-01")
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in reports] == [str(first), str(second)]
    assert [r["format"] for r in reports] == ["bibtex", "proceedings"]
    for report in reports:
        assert set(report) >= {"path", "run", "format", "status", "counts"}
        assert set(report["counts"]) == {
            "records",
            "created",
            "merged",
            "unchanged",
            "needs_review",
            "rejected",
        }
        run = IngestionRun.objects.get(pk=report["run"])
        assert report["counts"]["created"] == run.created and str(run.observed_at) == "2025-06-01"


def test_the_command_dry_run_writes_nothing(tmp_path, fixture_text, capsys):
    path = tmp_path / "a.bib"
    path.write_text(fixture_text("bibtex_small.bib"))
    call_command("ingest", str(path), "--dry-run", "--owner", "Ada Ruiz")
    out = capsys.readouterr().out
    assert "dry run, nothing written" in out and "created" in out
    assert not Paper.objects.exists() and not Person.objects.exists() and not IngestionRun.objects.exists()


def test_the_command_fails_only_when_a_file_cannot_be_ingested(tmp_path, fixture_text, capsys):
    good, missing = tmp_path / "a.bib", tmp_path / "missing.bib"
    good.write_text(fixture_text("bibtex_broken.bib"))
    call_command("ingest", str(good))  # some records rejected: still a success
    with pytest.raises(CommandError, match="1 of 2 files could not be ingested"):
        call_command("ingest", str(good), str(missing), "--json")
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert report["status"] == "failed" and "cannot read" in report["error"]


def test_the_command_refuses_a_bad_day_and_an_unknown_lab(tmp_path):
    path = tmp_path / "a.bib"
    path.write_text("@misc{a, title={A}, year={2020}}")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ingest", str(path), "--observed-at", "yesterday")
    with pytest.raises(CommandError, match="no lab has the slug"):
        call_command("ingest", str(path), "--lab", "nowhere")


def test_an_unknown_venue_is_created_unverified_and_flagged():
    entry = (
        "@inproceedings{a,\n title={Tiny Paper},\n author={Ada Ruiz},\n"
        " booktitle={Workshop on Quiet Robots},\n year={2024}}"
    )
    run = ingest(entry, "bibtex")
    venue = Paper.objects.get().venue_edition.venue
    assert venue.verified is False and "Quiet Robots" in venue.name
    assert ReviewItem.objects.get(kind=ReviewKind.UNKNOWN_VENUE).venue == venue
    ingest(entry.replace("Tiny Paper", "Another Tiny Paper"), "bibtex")
    assert Venue.objects.filter(verified=False).count() == 1  # the spelling now resolves
    assert run.needs_review == 0 and run.created == 1


def test_a_record_that_matches_two_papers_waits_for_review():
    ingest(
        "@article{a, title={Alpha Net}, author={Ada Ruiz}, journal={TPAMI}, year={2020}, doi={10.5555/one}}"
    )
    ingest(
        "@misc{b, title={Beta Net}, author={Ada Ruiz}, year={2020},"
        " eprint={2001.00001}, archivePrefix={arXiv}}"
    )
    run = ingest(
        "@article{c, title={Alpha Net}, author={Ada Ruiz}, journal={TPAMI}, year={2020}, doi={10.5555/one},"
        " eprint={2001.00001}, archivePrefix={arXiv}}"
    )
    assert run.needs_review == 1 and Paper.objects.count() == 2
    item = ReviewItem.objects.get(kind=ReviewKind.PAPER_MATCH)
    assert sorted(item.payload["candidates"]) == sorted(Paper.objects.values_list("pk", flat=True))


def test_an_abstract_completes_the_paper_whose_cut_abstract_it_continues(fixture_text):
    ingest(fixture_text("merge/profile.txt"), "profile", owner="Jane Holloway")
    full = (
        "We complete sparse voxel grids from a single depth map without dense labels, by letting two views"
        " of the same scene teach each other."
    )
    run = ingest(
        f"Abstract: {full}\n\nAbstract: Nobody wrote a paper with this abstract about quiet robots.\n"
    )
    paper = Paper.objects.get()
    assert paper.abstract == full
    assert paper.provenance["abstract"]["run"] == run.pk
    assert (run.merged, run.needs_review) == (1, 1)
    orphan = ReviewItem.objects.get(kind=ReviewKind.ORPHAN_ABSTRACT)
    assert "quiet robots" in orphan.payload["text"]
    again = ingest(
        f"Abstract: {full}\n\nAbstract: Nobody wrote a paper with this abstract about quiet robots.\n"
    )
    assert again.unchanged == 2 and ReviewItem.objects.count() == 1

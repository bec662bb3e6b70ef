"""A batch that collides with another writer is matched again and retried; one that cannot be
written, or a run stopped by an error, fails with a message instead of staying "running"."""

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection

from core.bulk import written_fields
from ingest import run as run_module
from ingest import tasks
from ingest.choices import RunStatus
from ingest.management.commands import ingest as ingest_command
from ingest.models import IngestionRun
from ingest.submit import run_submit
from ingest.write import papers as write_papers
from papers.models import Paper
from papers.services import set_paper_keys
from tests.conftest import database_url_of_the_test_database, missing_service

LISTING = """
@inproceedings{a, title={Sparse Voxel Routing}, author={Ada Ruiz and Bo Okafor}, booktitle={CVPR},
  year={2021}, doi={10.5555/retry.1}}
@inproceedings{b, title={Dense Prompt Tracking}, author={Ada Ruiz}, booktitle={ICCV}, year={2022}}
"""


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch):
    monkeypatch.setattr(run_module, "RETRY_PAUSE", 0)


def another_writer_stores(title: str, doi: str) -> None:
    """Commit a paper from a connection of its own, as another worker on another machine would."""
    paper = Paper(title=title, doi=doi, year=2021, kind="conference", provenance={})
    set_paper_keys(paper, "")
    fields = [field for field in written_fields(Paper) if not field.primary_key]
    values = [field.get_db_prep_save(field.pre_save(paper, True), connection) for field in fields]
    columns = ", ".join(field.column for field in fields)
    with psycopg2.connect(database_url_of_the_test_database()) as other, other.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO papers_paper ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",
            values,
        )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_batch_that_collides_with_another_writer_is_matched_again_and_merges(monkeypatch):
    if connection.vendor != "postgresql":
        missing_service("a second writer's collision is tested on PostgreSQL")
    real_write, calls = write_papers._write, []

    def write_after_another_writer(states):
        calls.append(len(states))
        if len(calls) == 1:  # between this batch's match and its write
            another_writer_stores("Sparse Voxel Routing", "10.5555/retry.1")
        real_write(states)

    monkeypatch.setattr(write_papers, "_write", write_after_another_writer)
    run = run_submit(data=LISTING, format="bibtex", enqueue=False)
    run = run_module.run_execute(run_id=run.pk)
    assert len(calls) == 2, "the colliding batch was written again"
    assert run.status == RunStatus.SUCCEEDED
    assert (run.created, run.merged) == (1, 1)  # the other writer's paper is not counted as created
    assert Paper.objects.filter(doi="10.5555/retry.1").count() == 1
    assert Paper.objects.count() == 2


def always_colliding(states):
    raise IntegrityError('duplicate key value violates unique constraint "paper_doi_unique"')


@pytest.mark.django_db
def test_a_batch_that_keeps_colliding_fails_the_run_with_what_is_in(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(write_papers, "_write", always_colliding)
    path = tmp_path / "lab.bib"
    path.write_text(LISTING, encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 1 files could not be ingested"):
        call_command("ingest", str(path))
    run = IngestionRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert f"after {run_module.BATCH_ATTEMPTS} attempts" in run.error
    assert "paper_doi_unique" in run.error and "ingest the listing again" in run.error
    assert run.checkpoint == 0 and Paper.objects.count() == 0  # nothing half-written
    out = capsys.readouterr()
    assert "could not be written" in out.out and "Traceback" not in out.out + out.err


def broken_batch(records, ctx):
    raise RuntimeError("a bug in a step")


@pytest.mark.django_db
def test_the_command_fails_a_run_stopped_by_an_error_instead_of_leaving_it_running(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(run_module, "process_batch", broken_batch)
    path = tmp_path / "lab.bib"
    path.write_text(LISTING, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest", str(path))
    run = IngestionRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert run.error == "Ingestion stopped on an error: RuntimeError: a bug in a step"
    out = capsys.readouterr()
    assert "RuntimeError: a bug in a step" in out.out and "Traceback" not in out.out + out.err


@pytest.mark.django_db
def test_a_task_stopped_by_an_error_fails_its_run(monkeypatch):
    monkeypatch.setattr(run_module, "process_batch", broken_batch)
    run = run_submit(data=LISTING, format="bibtex", enqueue=False)
    assert tasks.ingest_run.apply(args=[run.pk]).get() == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "a bug in a step" in run.error


@pytest.mark.django_db
def test_the_command_reports_a_database_that_refuses_the_listing_without_a_traceback(
    monkeypatch, tmp_path, capsys
):
    def refused(**_):
        raise OperationalError("could not connect to server: Connection refused\n\tIs the server running?")

    monkeypatch.setattr(ingest_command, "run_submit", refused)
    path = tmp_path / "lab.bib"
    path.write_text(LISTING, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest", str(path))
    out = capsys.readouterr()
    assert "the database did not take the listing: could not connect to server" in out.out
    assert "Traceback" not in out.out + out.err

"""Submitting a listing: one service for every entry point, the size limit before anything is stored."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from ingest.choices import RunStatus, Trigger
from ingest.models import IngestionRun
from ingest.submit import InputTooLarge, OwnerError, UnknownFormat, run_submit
from people.models import Person
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db
LISTING = "@article{a, title={A Title}, author={Ada Lovelace}, year={2020}, journal={Nature}}"


@override_settings(API_MAX_UPLOAD_BYTES=1024)
def test_a_listing_over_the_limit_is_refused_and_nothing_is_stored():
    with pytest.raises(InputTooLarge, match="the limit is 1,024"):
        run_submit(data=b"x" * 1025, format="bibtex", owner="Ada Lovelace", enqueue=False)
    assert not IngestionRun.objects.exists() and not Person.objects.exists()


@override_settings(API_MAX_UPLOAD_BYTES=1024)
def test_the_command_line_refuses_a_file_over_the_limit_before_storing_it(tmp_path, capsys):
    big, small = tmp_path / "big.bib", tmp_path / "small.bib"
    big.write_text(LISTING + " " * 2000)
    small.write_text(LISTING)
    with pytest.raises(CommandError, match="1 of 2 files"):
        call_command("ingest", str(big), str(small), "--json")
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert reports[0]["status"] == RunStatus.FAILED and reports[0]["run"] is None
    assert "the limit is 1,024" in reports[0]["error"]
    assert reports[1]["status"] == RunStatus.SUCCEEDED
    assert list(IngestionRun.objects.values_list("input_name", flat=True)) == [str(small)]


def test_an_owner_and_a_lab_given_by_name_and_slug_are_resolved():
    lab = LabFactory()
    run = run_submit(data=LISTING, format="bibtex", owner="Ada Lovelace", lab=lab.slug, enqueue=False)
    assert run.owner.full_name == "Ada Lovelace" and run.lab == lab and run.status == RunStatus.QUEUED


def test_an_unknown_lab_or_format_stores_nothing():
    with pytest.raises(OwnerError):
        run_submit(data=LISTING, lab="no-such-lab", enqueue=False)
    with pytest.raises(UnknownFormat, match="use one of auto"):
        run_submit(data=LISTING, format="xml", enqueue=False)
    assert not IngestionRun.objects.exists()


def test_an_undecodable_listing_is_a_failed_run_with_its_reason():
    run = run_submit(
        data=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100,
        input_name="x.bib",
        trigger=Trigger.API,
        enqueue=False,
    )
    assert run.status == RunStatus.FAILED and "x.bib is unreadable" in run.error

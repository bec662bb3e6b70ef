"""What a run understood: the report and warnings of a parse, on the run, in the command and the admin."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from ingest import parsers
from ingest.choices import RunStatus
from ingest.models import IngestionRun
from ingest.parsers import ParseResult, parse
from ingest.parsers.drafts import PaperDraft
from ingest.parsers.report import listing_report
from tests import factories
from tests.ingest.helpers import ingest, snapshot

# A faculty page without a single publication in it: bio, news, and a pointer elsewhere.
NO_PUBLICATIONS = """Bio

I am an associate professor of computer science at Lakeside Institute of Technology.

News

  • Jan 2024, Our group moved to the new engineering building.

Publications

My publications are listed on my Google Scholar page; a selection will appear here soon.
"""
SCHOLAR_LINE = "My publications are listed on my Google Scholar page; a selection will appear here soon."
HOSTILE = '<script>alert("unread")</script>'


def with_unread_lines(monkeypatch) -> list[tuple[int, str]]:
    """The homepage parser, with the unread lines it reports set to known ones (one of them hostile).

    The parser that finds unread lines is being rewritten; the plumbing is tested with lines of our own.
    """
    real = parsers.PARSERS["homepage"]
    lines = [(11, SCHOLAR_LINE), (12, HOSTILE)]

    def parse_with_unread(text, context):
        result = real(text, context)
        result.unread = list(lines)
        return result

    monkeypatch.setitem(parsers.PARSERS, "homepage", parse_with_unread)
    return lines


@pytest.fixture
def unread_lines(monkeypatch):
    return with_unread_lines(monkeypatch)


def test_a_page_without_publications_warns():
    result = parse(NO_PUBLICATIONS, "homepage")
    assert result.papers == []
    assert "no publications were found on this page" in result.warnings


@pytest.mark.parametrize(
    ("name", "format", "publications"),
    [("bibtex_small.bib", "bibtex", 11), ("homepage_small.txt", "homepage", 4)],
)
def test_a_normal_listing_reports_its_counts_and_no_warning(fixture_text, name, format, publications):
    result = parse(fixture_text(name), format)
    report = listing_report(result, format)
    assert report.warnings == result.warnings == []
    assert report.counts["publications"] == publications
    assert report.counts["members"] == len(result.memberships)
    assert report.counts["unread"] == len(result.unread) < report.counts["lines"]


def test_most_lines_not_understood_is_a_warning_with_the_share():
    paper = PaperDraft(line=1, title="A Paper", raw="A Paper\nAda Ruiz\nICCV 2021")
    result = ParseResult(format="homepage", papers=[paper], unread=[(n, f"line {n}") for n in range(5, 12)])
    report = listing_report(result, "homepage")
    assert report.counts["lines"] == 10 and report.counts["unread"] == 7
    assert report.warnings == ["7 of 10 lines (70%) were not understood"]


def test_half_the_lines_not_understood_is_no_warning_yet():
    paper = PaperDraft(line=1, title="A Paper", raw="A Paper\nAda Ruiz")
    result = ParseResult(format="homepage", papers=[paper], unread=[(4, "x"), (5, "y")])
    assert listing_report(result, "homepage").warnings == []


def test_the_parsers_own_warnings_come_first_and_each_only_once():
    result = ParseResult(format="bibtex", warnings=["an entry type was not known"])
    warnings = listing_report(result, "bibtex").warnings
    assert warnings == ["an entry type was not known", "no publications were found in this file"]
    result.warnings = warnings
    assert listing_report(result, "bibtex").warnings == warnings


def test_an_abstract_list_without_abstracts_warns():
    assert listing_report(ParseResult(format="abstracts"), "abstracts").warnings == [
        "no abstracts were found in this list"
    ]


@pytest.mark.django_db
def test_a_run_of_a_page_without_publications_is_partial_and_says_why():
    run = ingest(NO_PUBLICATIONS, "homepage", owner="Jane Holloway")
    assert run.status == RunStatus.PARTIAL and run.rejected == 0
    assert run.warnings == ["no publications were found on this page"]
    assert "no publications were found on this page" in run.error
    assert run.report["publications"] == 0 and run.report["entries"] == 1


@pytest.mark.django_db
def test_reingesting_a_page_with_warnings_changes_nothing_else():
    first = ingest(NO_PUBLICATIONS, "homepage", owner="Jane Holloway")
    before = snapshot()
    again = ingest(NO_PUBLICATIONS, "homepage", owner="Jane Holloway")
    assert snapshot() == before
    assert again.status == first.status == RunStatus.PARTIAL and again.created == again.merged == 0
    assert (again.report, again.warnings) == (first.report, first.warnings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "format"), [("bibtex_small.bib", "bibtex"), ("homepage_small.txt", "homepage")]
)
def test_a_normal_listing_succeeds_with_its_report_and_no_warning(fixture_text, name, format):
    text = fixture_text(name)
    expected = parse(text, format)
    run = ingest(text, format, owner="Jane Holloway")
    assert run.status == RunStatus.SUCCEEDED and run.error == "" and run.warnings == []
    assert run.report == listing_report(expected, format).counts
    assert run.unread == [[number, line] for number, line in expected.unread]


@pytest.mark.django_db
def test_rejected_records_alone_still_make_a_partial_run_without_warnings(fixture_text):
    run = ingest(fixture_text("bibtex_broken.bib"), "bibtex")
    assert run.status == RunStatus.PARTIAL and run.warnings == [] and run.error == ""


@pytest.mark.django_db
def test_a_run_keeps_the_unread_lines_with_their_numbers(unread_lines):
    run = ingest(NO_PUBLICATIONS, "homepage")
    stored = IngestionRun.objects.get(pk=run.pk)
    assert stored.unread == [list(line) for line in unread_lines]
    assert stored.report["unread"] == 2


@pytest.mark.django_db
def test_a_run_keeps_the_first_500_unread_lines_and_counts_them_all(monkeypatch):
    def unread_everywhere(text, context):
        return ParseResult(format="homepage", unread=[(n, "x" * 5000) for n in range(1, 701)])

    monkeypatch.setitem(parsers.PARSERS, "homepage", unread_everywhere)
    run = IngestionRun.objects.get(pk=ingest(NO_PUBLICATIONS, "homepage").pk)
    assert len(run.unread) == 500 and run.unread[-1][0] == 500 and len(run.unread[0][1]) == 1000
    assert run.report["unread"] == 700
    assert "700 of 700 lines (100%) were not understood" in run.warnings


# The command


@pytest.mark.django_db
def test_the_lines_the_homepage_parser_left_unread_reach_the_command_json(tmp_path, capsys):
    path = tmp_path / "page.txt"
    path.write_text(NO_PUBLICATIONS)
    call_command("ingest", str(path), "--format", "homepage", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "partial" and shown["warnings"] == ["no publications were found on this page"]
    assert {"line": 11, "text": SCHOLAR_LINE} in shown["unread"]
    assert shown["unread"] == [
        {"line": n, "text": text} for n, text in parse(NO_PUBLICATIONS, "homepage").unread
    ]


@pytest.mark.django_db
def test_the_command_json_shows_the_report_warnings_and_unread_lines(tmp_path, capsys, unread_lines):
    path = tmp_path / "page.txt"
    path.write_text(NO_PUBLICATIONS)
    call_command("ingest", str(path), "--format", "homepage", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert {"path", "run", "format", "status", "counts"} <= set(shown)
    assert shown["status"] == "partial"
    assert shown["warnings"] == ["no publications were found on this page"]
    assert shown["report"]["publications"] == 0 and shown["report"]["unread"] == 2
    assert shown["unread"] == [{"line": number, "text": text} for number, text in unread_lines]


@pytest.mark.django_db
def test_the_command_json_of_a_normal_listing_has_an_empty_warning_list(tmp_path, capsys, fixture_text):
    path = tmp_path / "papers.bib"
    path.write_text(fixture_text("bibtex_small.bib"))
    call_command("ingest", str(path), "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "succeeded" and shown["warnings"] == []
    assert shown["report"]["publications"] == 11


@pytest.mark.django_db
def test_the_command_prints_warnings_and_unread_lines(tmp_path, capsys, unread_lines):
    path = tmp_path / "page.txt"
    path.write_text(NO_PUBLICATIONS)
    call_command("ingest", str(path), "--format", "homepage")
    out = capsys.readouterr().out
    assert ": partial (run " in out
    assert "  warning: no publications were found on this page" in out
    assert "  line 11 not understood: My publications are listed" in out


@pytest.mark.django_db
def test_the_dry_run_json_shows_the_warnings_too(tmp_path, capsys, unread_lines):
    path = tmp_path / "page.txt"
    path.write_text(NO_PUBLICATIONS)
    call_command("ingest", str(path), "--format", "homepage", "--dry-run", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["dry_run"] and shown["warnings"] == ["no publications were found on this page"]
    assert [line["line"] for line in shown["unread"]] == [11, 12]
    assert not IngestionRun.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_file_has_no_report(tmp_path, capsys):
    with pytest.raises(CommandError, match="could not be ingested"):
        call_command("ingest", str(tmp_path / "missing.txt"), "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["report"] is None and shown["warnings"] == [] and shown["unread"] == []


# The admin


@pytest.mark.django_db
def test_the_admin_shows_the_report_warnings_and_unread_lines_escaped(client, unread_lines):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    run = ingest(NO_PUBLICATIONS, "homepage")
    page = client.get(f"/admin/ingest/ingestionrun/{run.pk}/change/").content.decode()
    assert "0 publications" in page and "2 of " in page and "lines not understood" in page
    assert "<li>no publications were found on this page</li>" in page
    assert "<td>11</td><td><code>My publications are listed" in page
    assert escape(HOSTILE) in page and HOSTILE not in page


@pytest.mark.django_db
def test_the_admin_says_when_only_the_first_unread_lines_are_kept(client, monkeypatch):
    def unread_everywhere(text, context):
        return ParseResult(format="homepage", unread=[(n, f"line {n}") for n in range(1, 601)])

    monkeypatch.setitem(parsers.PARSERS, "homepage", unread_everywhere)
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    run = ingest(NO_PUBLICATIONS, "homepage")
    page = client.get(f"/admin/ingest/ingestionrun/{run.pk}/change/").content.decode()
    assert "The first 500 of 600 lines are kept." in page

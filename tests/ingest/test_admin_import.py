"""Importing a listing in the admin: a form, a preview that writes nothing, a confirm that queues one run."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from ingest.models import IngestionRun
from ingest.run import run_execute
from papers.models import Paper
from people.models import Lab, Membership, Person
from people.services import lab_admin_grant
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:ingest_ingestionrun_import")
BIB = "@article{a, title={Scoped Ingestion}, author={Ada Ruiz}, journal={TPAMI}, year={2022}}\n"
ROW_RE = re.compile(
    r'<tr class="outcome-(\w+)">\s*<td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td>\s*'
    r"<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>"
)


class HiddenInputs(HTMLParser):
    """The hidden fields of the confirm form, as a browser would send them back."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_confirm = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.in_confirm = attrs.get("id") == "confirm_form"
        elif tag == "input" and self.in_confirm and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value") or ""


def hidden_fields(page: str) -> dict[str, str]:
    parser = HiddenInputs()
    parser.feed(page)
    return parser.fields


def rows(page: str) -> list[dict]:
    """The preview's table of records."""
    names = ("outcome", "index", "line", "kind", "outcome_label", "label", "reason")
    return [dict(zip(names, map(html.unescape, row), strict=True)) for row in ROW_RE.findall(page)]


def counts_shown(page: str) -> dict[str, int]:
    table = page.split('id="import-counts"', 1)[1].split("</table>", 1)[0]
    names = re.findall(r'<th scope="col">([^<]*)</th>', table)
    return dict(zip(names, map(int, re.findall(r"<td>(\d+)</td>", table)), strict=True))


def figures() -> dict:
    return {
        "papers": Paper.objects.count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "runs": IngestionRun.objects.count(),
        "log": LogEntry.objects.count(),
    }


def work_off_queued_runs() -> None:
    """What a worker does with the queued runs (a test is one transaction: on_commit never fires)."""
    for run in IngestionRun.objects.filter(status="queued"):
        run_execute(run_id=run.pk)


def upload(name: str, text: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode("utf-8"))


def preview(client, **fields) -> str:
    response = client.post(IMPORT, {"format": "auto", **fields})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, page: str, **changes):
    return client.post(IMPORT, {**hidden_fields(page), **changes, "_confirm": "Confirm the import"})


@pytest.fixture
def superuser(client):
    user = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def labs():
    ours = factories.LabFactory(name="Ours Lab", slug="ours", pi__full_name="Olga Ours", pi__slug="olga-ours")
    theirs = factories.LabFactory(name="Theirs Lab", slug="theirs")
    return ours, theirs


@pytest.fixture
def lab_admin(client, labs):
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=labs[0])
    client.force_login(user)
    return user


def test_a_bibtex_upload_is_previewed_without_writing_and_confirmed_as_one_admin_run(
    client, superuser, fixture_text
):
    before = figures()
    page = preview(client, file=upload("papers.bib", fixture_text("bibtex_small.bib")))
    assert '<dd id="import-format">BibTeX</dd>' in page
    shown = rows(page)
    papers = [row for row in shown if row["kind"] == "Paper"]
    assert len(papers) == 11 and all(row["outcome_label"] == "Created" for row in papers)
    assert "Sparse Lattice Priors for Fast Scene Relighting" in {row["label"] for row in papers}
    previewed = counts_shown(page)
    assert previewed["Records"] == len(shown) and previewed["Created"] == 11 and previewed["Rejected"] == 0
    assert figures() == before  # the preview rolled everything back

    response = confirm(client, page)
    run = IngestionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:ingest_ingestionrun_change", args=[run.pk]
    )
    assert (run.trigger, run.created_by, run.status, run.input_name) == (
        "admin",
        superuser,
        "queued",
        "papers.bib",
    )
    entry = LogEntry.objects.get(object_id=str(run.pk))
    assert entry.action_flag == ADDITION and entry.user == superuser and "papers.bib" in entry.change_message
    work_off_queued_runs()
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert {"Records": run.records, "Created": run.created, "Merged": run.merged, "Unchanged": run.unchanged,
            "Needs review": run.needs_review, "Rejected": run.rejected} == previewed  # fmt: skip
    assert Paper.objects.count() == previewed["Created"]
    followed = client.get(response["Location"]).content.decode()
    assert f"is queued as run {run.pk}" in followed


def test_a_homepage_previews_its_members_and_once_confirmed_the_lab_page_shows_them(
    client, superuser, shared_listing
):
    before = figures()
    page = preview(
        client,
        text=shared_listing("homepage_faculty.txt"),
        format="homepage",
        owner="Qianru Sun",
        observed_at="2025-06-01",
    )
    assert '<dd id="import-format">Faculty homepage</dd>' in page
    members = {row["label"] for row in rows(page) if row["kind"] == "Membership"}
    assert {"Tan Wang", "Qing Wang", "Yaoyao Liu"} <= members
    assert figures() == before

    assert confirm(client, page).status_code == 302
    work_off_queued_runs()
    lab = Lab.objects.get(pi__full_name="Qianru Sun")
    assert IngestionRun.objects.get().owner.full_name == "Qianru Sun"
    lab_page = client.get(f"/labs/{lab.slug}/").content.decode()
    assert "Tan Wang" in lab_page and "Qing Wang" in lab_page and "Yaoyao Liu" in lab_page


def test_broken_records_are_previewed_as_rejected_with_their_line_and_reason(client, superuser, fixture_text):
    page = preview(client, file=upload("broken.bib", fixture_text("bibtex_broken.bib")), format="bibtex")
    rejected = [row for row in rows(page) if row["outcome"] == "rejected"]
    assert len(rejected) >= 2 and counts_shown(page)["Rejected"] == len(rejected)
    assert all(int(row["line"]) > 0 and row["reason"] for row in rejected)
    assert any("no title" in row["reason"] for row in rejected)
    assert not IngestionRun.objects.exists() and not Paper.objects.exists()


def test_a_listing_the_parser_cannot_read_shows_the_runs_error_and_no_confirm_button(client, superuser):
    page = preview(client, text="Just a sentence about nothing in particular.\n", format="bibtex")
    error = re.search(r'<p class="errornote" id="import-error">([^<]*)</p>', page).group(1)
    assert "could not be read" in error and "BibTeX" in html.unescape(error)
    assert 'name="_confirm"' not in page and 'name="_back"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Give a file to upload or paste the listing"),
        ({"text": "  \n "}, "Give a file to upload or paste the listing"),
        ({"text": BIB, "file": upload("a.bib", BIB)}, "not both"),
        ({"file": upload("binary.bib", b"\x00\x01\x02" * 100)}, "binary.bib is unreadable"),
        ({"text": BIB, "observed_at": "next tuesday"}, "Enter a valid date"),
    ],
    ids=["nothing", "blank text", "both", "unreadable bytes", "bad date"],
)
def test_bad_input_is_a_form_error_and_writes_nothing(client, superuser, fields, message):
    response = client.post(IMPORT, {"format": "bibtex", **fields})
    page = response.content.decode()
    assert response.status_code == 200 and "Please correct the errors below." in page
    assert message in html.unescape(page)
    assert 'id="confirm_form"' not in page and not IngestionRun.objects.exists()


@override_settings(API_MAX_UPLOAD_BYTES=1024)
def test_a_file_over_the_upload_limit_is_a_form_error(client, superuser):
    page = preview(client, file=upload("big.bib", BIB * 20))
    assert "the limit is 1,024" in page and not IngestionRun.objects.exists()


def test_a_lab_admin_imports_for_their_lab(client, lab_admin, labs):
    page = preview(client, text=BIB, format="bibtex", lab=labs[0].pk)
    assert [row["label"] for row in rows(page)] == ["Scoped Ingestion"]
    response = confirm(client, page)
    run = IngestionRun.objects.get()
    assert (run.lab, run.created_by, run.trigger) == (labs[0], lab_admin, "admin")
    assert client.get(response["Location"]).status_code == 200  # the new run is in the lab admin's scope


def test_a_lab_admin_sees_only_their_labs_to_choose_from(client, lab_admin, labs):
    page = client.get(IMPORT).content.decode()
    assert ">Ours Lab</option>" in page and "Theirs Lab" not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lab": "theirs"}, "That lab is not one of yours"),
        ({"lab": ""}, "This field is required"),
        ({"lab": "ours", "owner": "stranger-slug", "format": "homepage"}, "stranger-slug"),
    ],
    ids=["another lab", "no lab", "another lab's person"],
)
def test_a_lab_admin_is_refused_outside_their_labs_and_nothing_is_written(
    client, lab_admin, labs, fields, message
):
    stranger = factories.MembershipFactory(lab=labs[1], person__slug="stranger-slug").person
    by_slug = {lab.slug: lab.pk for lab in labs}
    before = figures()
    fields = {**fields, "lab": by_slug.get(fields["lab"], "")}
    page = preview(client, text=BIB, **fields)
    assert message in html.unescape(page) and 'id="confirm_form"' not in page
    if "owner" in fields:
        assert "is not one of your labs' people" in html.unescape(page)
    assert figures() == before and not IngestionRun.objects.filter(owner=stranger).exists()


def test_a_lab_admin_may_import_the_homepage_of_their_pi_or_of_someone_new(client, lab_admin, labs):
    for owner in ("olga-ours", "Noor Newcomer"):
        page = preview(client, text=BIB, format="bibtex", lab=labs[0].pk, owner=owner)
        assert 'name="_confirm"' in page, owner


def test_a_confirmation_with_another_text_or_a_forged_digest_is_refused(client, superuser):
    page = preview(client, text=BIB, format="bibtex")
    tampered = BIB + "@article{b, title={Smuggled In}, author={Eve Intruder}, journal={TPAMI}, year={2021}}\n"
    refused = confirm(client, page, text=tampered).content.decode()
    assert "differ from the preview" in refused and "The import was not queued." in refused
    forged = confirm(client, page, digest="made-up").content.decode()
    assert "not one this site made" in forged
    assert not IngestionRun.objects.exists() and not Paper.objects.exists()


def test_a_confirmation_for_another_lab_than_previewed_is_refused(client, superuser, labs):
    page = preview(client, text=BIB, format="bibtex", lab=labs[0].pk)
    refused = confirm(client, page, lab=labs[1].pk).content.decode()
    assert "differ from the preview" in refused and not IngestionRun.objects.exists()


def test_a_lab_admin_confirmation_is_checked_against_their_labs_again(client, lab_admin, labs):
    page = preview(client, text=BIB, format="bibtex", lab=labs[0].pk)
    labs[0].admins.remove(lab_admin)  # no longer this lab's admin between preview and confirm
    lab_admin_grant(user=lab_admin, lab=factories.LabFactory(name="Another Lab Of Mine"))
    refused = confirm(client, page).content.decode()
    assert "That lab is not one of yours" in refused and not IngestionRun.objects.exists()


def test_the_browsers_crlf_line_ends_confirm_the_previewed_text(client, superuser):
    page = preview(client, text=BIB + BIB.replace("{a,", "{b,").replace("Scoped", "Scaled"), format="bibtex")
    sent = hidden_fields(page)
    response = confirm(client, page, text=sent["text"].replace("\n", "\r\n"))
    assert response.status_code == 302
    assert IngestionRun.objects.get().input_text == sent["text"]


def test_back_returns_to_the_form_filled_as_it_was(client, superuser, labs):
    page = preview(client, text=BIB, format="bibtex", lab=labs[0].pk, owner="Ada Ruiz")
    back = client.post(IMPORT, {**hidden_fields(page), "_back": "Back"}).content.decode()
    assert 'id="import_form"' in back and 'value="Ada Ruiz"' in back
    assert f'<option value="{labs[0].pk}" selected>' in back and "Scoped Ingestion" in back
    assert not IngestionRun.objects.exists()


def test_the_bare_add_form_leads_to_the_import_and_creates_nothing(client, lab_admin, labs):
    add = reverse("admin:ingest_ingestionrun_add")
    assert client.get(add)["Location"] == IMPORT
    form = {"format": "bibtex", "lab": labs[1].pk, "observed_at": "2025-06-01", "input_name": "x.bib"}
    response = client.post(add, form)
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not IngestionRun.objects.exists()
    changelist = client.get(reverse("admin:ingest_ingestionrun_changelist")).content.decode()
    assert f'href="{IMPORT}" class="addlink">Import a listing</a>' in changelist


def test_staff_without_the_add_permission_cannot_import(client):
    client.force_login(factories.UserFactory(username="reader", is_staff=True))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": BIB, "format": "bibtex"}).status_code == 403
    assert not IngestionRun.objects.exists()

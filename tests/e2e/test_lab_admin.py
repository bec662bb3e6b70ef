"""What a lab admin does in a real browser: add a member, mark one as alumni, see the lab page change."""

import re

import pytest
from django.utils import timezone

from people.models import Membership
from people.services import lab_admin_grant
from tests.e2e.conftest import screenshot
from tests.factories import LabFactory, MembershipFactory, PersonFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture then skips the tests, or fails them in CI, with the reason
    expect = None

# live_server reads committed data from its own thread: each test commits, then is flushed.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"  # UserFactory's
NEW_START = "2025-09"


@pytest.fixture
def lab_admin_world(lab_admins_group) -> dict:
    """Our lab (a PI, a current Ph.D. student), someone not yet in it, another lab, and our admin."""
    lab = LabFactory(name="Vision Lab", slug="vision-lab", pi=PersonFactory(full_name="Ada Leader"))
    leaving = MembershipFactory(lab=lab, person=PersonFactory(full_name="Bruno Leaving"), start="2020-08")
    other = LabFactory(name="Another Lab", slug="another-lab", pi=PersonFactory(full_name="Olga Other"))
    user = UserFactory(username="labadmin", password=PASSWORD)
    lab_admin_grant(user=user, lab=lab)
    newcomer = PersonFactory(full_name="Nadia Newcomer")
    return {"lab": lab, "leaving": leaving, "other": other, "user": user, "newcomer": newcomer}


def log_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form input[type=submit]").click()
    expect(page).to_have_url(base_url + "/admin/")


def pick_in_autocomplete(page, cell, text: str) -> None:
    """Types text into the select2 box of cell and picks the one result that names it."""
    cell.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()
    expect(cell.locator(".select2-selection__rendered")).to_have_text(re.compile(re.escape(text)))


def add_member(page, newcomer) -> None:
    """Fills the inline's empty row: the newcomer, as a Ph.D. student, from NEW_START."""
    row = page.locator("#memberships-group tr.form-row:not(.empty-form)").last
    pick_in_autocomplete(page, row.locator("td.field-person"), newcomer.full_name)
    row.locator("td.field-role select").select_option(label="Ph.D. student")
    row.locator("td.field-start input").fill(NEW_START)


def members_under(page, heading: str):
    """The names listed under a role's heading among the lab's current members."""
    section = page.locator("section[aria-labelledby=members-heading]")
    return section.locator(f"h3:text-is('{heading}') + ul.member-list li a.name")


def test_a_lab_admin_adds_a_member_and_marks_one_as_alumni(
    page, live_server, lab_admin_world, browser_errors
):
    world = lab_admin_world
    lab, leaving, newcomer = world["lab"], world["leaving"], world["newcomer"]
    base = live_server.url
    log_in(page, base, world["user"].username)

    page.goto(f"{base}/admin/people/lab/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(lab.name)
    assert page.goto(f"{base}/admin/people/lab/{world['other'].pk}/change/").status == 404
    browser_errors.seen.clear()  # that 404, which the browser reports too

    page.goto(f"{base}/admin/people/lab/{lab.pk}/change/")
    add_member(page, newcomer)
    screenshot(page, "admin-lab-change")
    page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist li.success")).to_contain_text("was changed successfully")

    page.goto(f"{base}/admin/people/membership/")
    page.locator(f"#result_list input.action-select[value='{leaving.pk}']").check()
    page.locator("select[name=action]").select_option("mark_as_alumni")
    page.locator("button[name=index]").click()
    expect(page.locator("ul.messagelist li")).to_have_text(["1 membership(s) ended this month."])
    screenshot(page, "admin-membership-alumni")

    this_month = timezone.localdate().strftime("%Y-%m")
    added = Membership.objects.get(lab=lab, person=newcomer)
    assert (added.role, added.start, added.end) == ("phd", NEW_START, "")
    leaving.refresh_from_db()
    assert leaving.end == this_month

    page.goto(f"{base}/labs/{lab.slug}/")
    expect(members_under(page, "Ph.D. student")).to_have_text([newcomer.full_name])
    alumnus = page.locator("section[aria-labelledby=alumni-heading] li.member-row")
    expect(alumnus).to_have_count(1)
    expect(alumnus.locator("a.name")).to_have_text(leaving.person.full_name)
    expect(alumnus.locator(".dates")).to_have_text(re.compile(rf"2020.*–.*\b{timezone.localdate().year}$"))
    screenshot(page, "lab-after-admin")
    assert browser_errors.seen == []

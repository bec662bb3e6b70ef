"""What the pages look like beyond the desktop screen: print, a phone, the keyboard, hostile text."""

import pytest

from people.models import Lab
from tests.e2e.conftest import SCREENSHOTS_DIR, screenshot
from tests.factories import AuthorshipFactory, PaperFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_profile_prints_as_a_clean_publication_list(page, live_server, owner):
    page.goto(f"{live_server.url}/people/{owner.slug}/")
    page.emulate_media(media="print")
    for hidden in ("header.site-header", "form#paper-filter", "figure.chart", "footer.site-footer"):
        assert not page.locator(hidden).is_visible(), f"{hidden} shows in print"
    assert page.locator("#publications li.paper").first.is_visible()
    assert not page.locator("#publications li.paper a.link").first.is_visible()
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SCREENSHOTS_DIR / "person-print.pdf"))
    screenshot(page, "person-print")


def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser, live_server, owner):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    lab = Lab.objects.get(pi=owner)
    for name, path in (("person-phone", f"/people/{owner.slug}/"), ("lab-phone", f"/labs/{lab.slug}/")):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone"
        screenshot(page, name)
    context.close()


def test_the_keyboard_reaches_the_skip_link_first_and_it_moves_to_the_content(page, live_server, owner):
    page.goto(f"{live_server.url}/people/{owner.slug}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_hostile_record_runs_nothing_in_the_browser(page, live_server, browser_errors):
    person = PersonFactory(full_name='Eve <img src=x onerror="alert(1)">')
    paper = PaperFactory(
        title='<script>alert("title")</script><b onmouseover="alert(2)">Robust</b> Learning',
        abstract='<img src=x onerror="alert(3)"><sub onclick="alert(4)">2</sub><script>alert(5)</script>',
    )
    AuthorshipFactory(paper=paper, person=person, name=person.full_name)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (f"/papers/{paper.pk}/{paper.slug}/", f"/people/{person.slug}/", "/search/?q=Robust"):
        page.goto(live_server.url + path)
        for element in page.locator("li.paper, h1, .abstract-text, details.abstract").all():
            element.hover()
            element.click()
    assert dialogs == []
    page.goto(f"{live_server.url}/papers/{paper.pk}/{paper.slug}/")
    assert page.locator("h1").inner_text().startswith('<script>alert("title")</script>')
    assert page.locator(".abstract-text sub").inner_text() == "2"

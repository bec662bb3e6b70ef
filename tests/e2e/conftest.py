"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is ever downloaded. Without chromium or playwright the tests skip; with
REQUIRE_BROWSER=1 (CI) they fail instead, the way REQUIRE_SERVICES works in tests/conftest.py.
"""

import inspect
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from people.models import Person
from people.services import LAB_ADMINS_GROUP
from tests.ingest.helpers import ingest
from venues.catalogue import catalogue_load
from venues.models import Venue, VenueAlias

# Every page a test visits is saved here, full page, as <name>.png.
SCREENSHOTS_DIR = settings.BASE_DIR / "var" / "screenshots"

REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER", "") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OWNER = "Qianru Sun"
# A missing element fails a test after this long instead of Playwright's 30 s.
TIMEOUT_MS = 10_000


def missing_browser(reason: str) -> None:
    """Skip, or fail when the run requires the browser tests."""
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """One headless Chromium for the browser tests, Debian's own build."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright is not installed: pip install -r requirements-dev.txt")
    executable = shutil.which("chromium")
    if not executable:
        missing_browser("chromium is not installed: apt-get install chromium")
    # Playwright's sync API keeps an asyncio event loop running in the test thread, so Django
    # takes the tests' own ORM calls (data set-up, the flush after each test) for calls from async
    # code and refuses them. They are plain synchronous calls: allow them while the browser runs.
    # Package scope rather than session: the running loop must not outlive tests/e2e, or later tests
    # that use asyncio or async_to_sync would find it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Errors:
    """What the browser reported as wrong: console errors and uncaught exceptions."""

    seen: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.console(message))
        page.on("pageerror", lambda error: self.seen.append(f"uncaught: {error}"))

    def console(self, message) -> None:
        # "Failed to load resource" alone does not say which: the location does.
        where = message.location.get("url", "")
        # Chromium asks for /favicon.ico once per browser, not once per page: whether a test
        # sees that 404 would depend on the order the tests run in.
        if where.endswith("/favicon.ico"):
            return
        self.seen.append(f"{message.text} ({where})" if where else message.text)


@pytest.fixture
def browser_errors() -> Errors:
    return Errors()


@pytest.fixture
def page(browser, browser_errors):
    """A page with JavaScript on, allowed to use the clipboard."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    browser_errors.watch(page)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, browser_errors):
    """A page with JavaScript off: what a reader without scripts gets."""
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    browser_errors.watch(page)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Saves the whole page as SCREENSHOTS_DIR/<name>.png."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS_DIR / f"{name}.png"), full_page=True)


@pytest.fixture
def owner(transactional_db, shared_listing) -> Person:
    """Qianru Sun, her lab, members and 44 papers, plus another lab's BibTeX file, ingested
    through the real pipeline."""
    # A transactional test's flush also empties the venue catalogue that a data migration
    # wrote, and serialized_rollback cannot bring it back here: under Playwright's sync API
    # Django's connection is another object than the one the rollback data was kept on.
    catalogue_load(Venue, VenueAlias)
    ingest(shared_listing("homepage_faculty.txt"), name="homepage")
    ingest(shared_listing("lab_papers.bib"), name="bib")
    return Person.objects.get(full_name=OWNER)


@pytest.fixture(scope="session")
def lab_admins_migrations() -> list[tuple[object, Callable]]:
    """(apps as the migration sees them, its forward code) for each data migration that writes the
    "Lab admins" group, its module saying so with GROUP, in the order migrate runs them."""
    loader = MigrationLoader(None)
    found = []
    seen = set()
    for leaf in loader.graph.leaf_nodes():
        for node in loader.graph.forwards_plan(leaf):
            if node in seen:
                continue
            seen.add(node)
            for operation in loader.graph.nodes[node].operations:
                module = inspect.getmodule(operation.code) if isinstance(operation, RunPython) else None
                if getattr(module, "GROUP", None) == LAB_ADMINS_GROUP:
                    found.append((loader.project_state(node, at_end=True).apps, operation.code))
    return found


@pytest.fixture
def lab_admins_group(transactional_db, lab_admins_migrations) -> None:
    """The "Lab admins" group with its permissions, as the migrations make it.

    A transactional test's flush empties it, as it empties the venue catalogue (see owner), so the
    migrations' own code writes it again. They write rows only: no schema editor.
    """
    for apps, forward in lab_admins_migrations:
        forward(apps, None)

"""The homepage reader on pages built with common templates, as HTML and as browser-copied text.

Each fixture under tests/fixtures/homepages/ is a page in the shape of a real template
(al-folio, academicpages, Hugo Blox, jemdoc, the one-page table template, ...), with
invented people and papers, and a JSON file of what a correct reader finds on it.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from core.keys import fold
from ingest.parsers.drafts import ParseContext, ParseResult
from ingest.parsers.homepage import parse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "homepages"
PAGES = sorted(
    (json_path.stem, kind)
    for json_path in FIXTURES.glob("*.json")
    for kind in ("html", "txt")
    if json_path.with_suffix(f".{kind}").exists()
)


def run_together(name: str) -> set[str]:
    """Members the page writes on one line with no separator ("Lena Hoffmann Kwame Asante"): no
    reader can tell where one name ends, so they are not asked of it."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    names = [member["name"] for member in expected(name).get("members", [])]
    lines = [line for line in text.splitlines() if sum(n in line for n in names) > 1]
    return {n for n in names for line in lines if n in line and "," not in line and ";" not in line}


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


RUN_TOGETHER = {name: run_together(name) for name, kind in PAGES if kind == "txt"}


@pytest.fixture(params=PAGES, ids=[f"{name}.{kind}" for name, kind in PAGES])
def page(request, venue_aliases) -> tuple[dict, ParseResult, str]:
    name, kind = request.param
    want = {**expected(name), "name": name}
    context = ParseContext(
        observed_at=date.fromisoformat(want.get("observed_at", "2025-06-01")),
        venue_aliases=venue_aliases,
        owner_name=want["owner"],
    )
    text = (FIXTURES / f"{name}.{kind}").read_text(encoding="utf-8")
    return want, parse(text, context), kind


def by_title(result: ParseResult) -> dict:
    return {fold(paper.title): paper for paper in result.papers}


def test_there_are_pages_of_many_templates():
    templates = {expected(name)["template"] for name, _ in PAGES}
    assert len(templates) >= 8
    assert {kind for _, kind in PAGES} == {"html", "txt"}


def test_every_publication_is_found(page):
    want, result, _ = page
    found = by_title(result)
    rejected = " ".join(error.raw for error in result.errors)
    for paper in want["papers"]:
        # A page that gives no authors for a paper has it rejected with its reason, not lost.
        assert fold(paper["title"]) in found or (not paper["authors"] and paper["title"] in rejected), paper


def test_nothing_but_publications_is_taken_for_one(page):
    want, result, _ = page
    titles = {fold(paper["title"]) for paper in want["papers"]}
    assert [paper.title for paper in result.papers if fold(paper.title) not in titles] == []
    for phrase in want.get("not_papers", []):
        assert not any(fold(phrase) in fold(paper.title) for paper in result.papers), phrase


def test_each_publication_has_its_authors_venue_and_year(page):
    want, result, _ = page
    found = by_title(result)
    for paper in want["papers"]:
        draft = found.get(fold(paper["title"]))
        if draft is None:
            continue
        assert [author.name for author in draft.authors] == paper["authors"], paper["title"]
        assert draft.authors_complete == paper.get("authors_complete", True), paper["title"]
        venue = f"{draft.venue_text} {draft.venue_acronym}".lower()
        assert paper["venue"].lower() in venue, (paper["title"], draft.venue_text)
        assert draft.year == paper["year"], paper["title"]


def test_each_publication_has_its_links(page):
    want, result, kind = page
    found = by_title(result)
    for paper in want["papers"]:
        draft = found.get(fold(paper["title"]))
        if draft is None:
            continue
        got = {(link.kind, link.url) for link in draft.links}
        if kind == "html":
            assert {(link["kind"], link["url"]) for link in paper["links"]} <= got, paper["title"]
        else:  # copied text keeps the labels, not the addresses behind a title or an "HTML" button
            kinds, seen = {link["kind"] for link in paper["links"]}, {kind for kind, _ in got}
            assert seen <= kinds | {"other", "pdf"}, paper["title"]
            assert {"code", "slides", "video", "poster"} & kinds <= seen, paper["title"]


def test_no_entry_is_made_from_a_publications_lines(page):
    """A news item may name a paper; one made of its title and its author list is the paper."""
    want, result, _ = page
    for paper in want["papers"]:
        title, names = fold(paper["title"]), [fold(name) for name in paper["authors"]]
        for entry in result.entries:
            text = fold(entry.raw)
            assert not (title in text and sum(name in text for name in names) >= 2), paper["title"]


def test_members_are_found_with_their_roles(page):
    want, result, _ = page
    members = {fold(member.name): member for member in result.memberships}
    for member in want.get("members", []):
        if member["name"] in RUN_TOGETHER[want["name"]]:
            continue
        draft = members.get(fold(member["name"]))
        assert draft is not None, member["name"]
        assert (draft.role, not draft.end) == (member["role"], member["current"]), member["name"]

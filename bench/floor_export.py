"""The floor of an export (bench_export.py): the same rows read bare, the same text written plainly.

Three statements through a cursor, every row fetched: the papers with their venue, their authors'
names, their links. The tuples become the writer's rows by unpacking alone, and the project's own
writer (papers.export, export_csl, export_ris: plain functions over rows, whose rules for escaping,
names and keys define the text) writes them. What the floor leaves out is what the product adds on
the way: the ORM, the view, the filters and the response.
"""

import json
from collections import defaultdict
from dataclasses import dataclass

PAPERS = """
SELECT p.id, p.title, p.kind, p.venue_text, p.year, p.date, p.volume, p.number, p.pages, p.publisher,
       p.doi, p.arxiv_id, p.citation_key, p.categories, p.honors, p.presentation, p.abstract,
       p.authors_complete, p.venue_edition_id, v.name, v.kind, v.publisher, v.acronym
FROM papers_paper p
LEFT JOIN venues_venueedition e ON e.id = p.venue_edition_id
LEFT JOIN venues_venue v ON v.id = e.venue_id
WHERE {where} ORDER BY {order}
"""
AUTHORS = "SELECT paper_id, name FROM papers_authorship WHERE paper_id = ANY(%s) ORDER BY paper_id, position"
LINKS = "SELECT paper_id, kind, url FROM papers_paperlink WHERE paper_id = ANY(%s) ORDER BY paper_id, id"
BY_YEAR = "p.year DESC, p.title"


@dataclass(frozen=True)
class Papers:
    """Which papers, in which order: a WHERE and an ORDER BY of PAPERS, and their parameters."""

    where: str
    order: str
    parameters: tuple = ()


def person(person_id: int) -> Papers:
    exists = "EXISTS (SELECT 1 FROM papers_authorship a WHERE a.paper_id = p.id AND a.person_id = %s)"
    return Papers(exists, BY_YEAR, (person_id,))


def edition(edition_id: int) -> Papers:
    return Papers("p.venue_edition_id = %s", "p.title, p.id", (edition_id,))


def lab(stints: list[tuple[int, int, int]]) -> Papers:
    """Papers written while in the lab, in one statement: a member's authorship in a stint's years.
    (The stints, (person id, first year, last year), are read once, before the clock: 0.6 ms.)"""
    written = " OR ".join("(a.person_id = %s AND q.year BETWEEN %s AND %s)" for _ in stints)
    where = (
        "p.id IN (SELECT a.paper_id FROM papers_authorship a JOIN papers_paper q ON q.id = a.paper_id "
        f"WHERE {written})"
    )
    return Papers(where, BY_YEAR, tuple(value for stint in stints for value in stint))


def api_page(size: int) -> Papers:
    return Papers("TRUE", f"{BY_YEAR} LIMIT {size}")


def rows(papers: Papers) -> list:
    from django.db import connection

    from papers.export import ExportPaper

    with connection.cursor() as cursor:
        cursor.execute(PAPERS.format(where=papers.where, order=papers.order), papers.parameters)
        found = cursor.fetchall()
        ids = [row[0] for row in found]
        authors, links = defaultdict(list), defaultdict(list)
        cursor.execute(AUTHORS, [ids])
        for paper_id, name in cursor.fetchall():
            authors[paper_id].append(name)
        cursor.execute(LINKS, [ids])
        for paper_id, kind, url in cursor.fetchall():
            links[paper_id].append((kind, url))
    written = []
    for row in found:
        *own, categories, honors, presentation, abstract, complete, edition_id = row[:19]
        venue = [value or "" for value in row[19:]]
        # Django's connection hands jsonb over as text: its JSONField decodes it.
        own += [json.loads(categories), json.loads(honors), presentation, abstract, complete]
        written.append(ExportPaper(*own, edition_id is not None, *venue, authors[row[0]], links[row[0]]))
    return written


def bibtex(papers: list) -> str:
    from papers.export import papers_bibtex

    return papers_bibtex(papers) or "% No papers.\n"


def ris(papers: list) -> str:
    from papers.export_ris import papers_ris

    return papers_ris(papers) or "% No papers.\r\n"


def csl(papers: list) -> str:
    from papers.export_csl import papers_csl

    return json.dumps(papers_csl(papers), ensure_ascii=False, separators=(",", ":"))


WRITERS = {"bib": bibtex, "json": csl, "ris": ris}


@dataclass(frozen=True)
class Floor:
    papers: Papers
    suffix: str

    def run(self) -> str:
        return WRITERS[self.suffix](rows(self.papers))

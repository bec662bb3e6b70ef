"""Overlapping BibTeX listings, as several labs' files of one field are: the same papers in
several files, with and without DOIs, arXiv ids, pages and links, their authors spelled each file's
way (accents, LaTeX escapes, "Family, Given"), some in venues no catalogue knows.

Every difference is one the pipeline settles the same way whatever the order of the files, so
a serial ingest in any order gives one database: the reference for parallel ingestion.
"""

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# (given, family, the family as LaTeX writes it): accents that files spell three ways.
PEOPLE = [
    ("José", "García", "Garc{\\'\\i}a"),
    ("Jürgen", "Müller", 'M{\\"u}ller'),
    ("Zoë", "Lefèvre", "Lef{\\`e}vre"),
    ("Søren", "Kierkegård", "Kierkeg{\\aa}rd"),
    ("Ana-Maria", "Popescu", "Popescu"),
    ("Wei", "Wang", "Wang"),
    ("Xiaoming", "Zhang", "Zhang"),
    ("Priya", "Raghavan", "Raghavan"),
    ("Kwame", "Osei", "Osei"),
    ("Hana", "Nováková", "Nov{\\'a}kov{\\'a}"),
    ("Lars", "Lindqvist", "Lindqvist"),
    ("Aiko", "Tanaka", "Tanaka"),
    ("Chidi", "Okafor", "Okafor"),
    ("Élodie", "Rousseau", "Rousseau"),
    ("Mateus", "Conceição", "Concei{\\c{c}}{\\~a}o"),
    ("Ingrid", "Sørensen", "S{\\o}rensen"),
]
WORDS = [
    *("sparse", "dense", "voxel", "prompt", "routing", "label", "noise", "depth", "scene", "graph"),
    *("token", "diffusion", "contrastive", "federated", "adversarial", "causal", "invariant"),
    *("segmentation", "tracking", "retrieval", "memory", "attention", "implicit", "neural", "fields"),
    *("grounding", "motion", "planning"),
]
# Venues outside the catalogue, each made once, unverified, and spelled each file's way: with the
# year, an edition, "Proc." (one venue key); the venue's name must not depend on which came first.
NEW_VENUES = [
    "Workshop on Frugal Perception Systems",
    "International Symposium on Quiet Robotics",
    "Journal of Improbable Datasets",
]
VENUE_SPELLINGS = [
    "{name}",
    "Proceedings of the {year} {name}",
    "Proc. {name} {year}",
    "{name} '{short}",
    "Proc. of the 3rd {name}",
]
CATALOGUE_VENUES = ["CVPR", "NeurIPS", "ICCV", "ECCV"]


@dataclass
class Paper:
    number: int
    title: str
    authors: list[int]
    year: int
    venue: str
    doi: str
    arxiv: str
    pages: str


def papers(count: int, rng: random.Random) -> list[Paper]:
    titles: set[str] = set()
    while len(titles) < count:
        titles.add(" ".join(rng.sample(WORDS, 5)).capitalize())
    result = []
    for number, title in enumerate(sorted(titles)):
        kind = number % 3  # a DOI, an arXiv id, or the title alone
        venue = rng.choice(NEW_VENUES) if number % 5 == 0 else rng.choice(CATALOGUE_VENUES)
        result.append(
            Paper(
                number=number,
                title=title,
                authors=rng.sample(range(len(PEOPLE)), rng.randint(1, 4)),
                year=2016 + number % 9,
                venue=venue,
                doi=f"10.5555/overlap.{number}" if kind == 0 else "",
                arxiv=f"{17 + number % 8}{number % 12 + 1:02d}.{10000 + number:05d}" if kind == 1 else "",
                pages=f"{number * 10 + 1}--{number * 10 + 9}",
            )
        )
    return result


def spelled(person: int, style: int) -> str:
    """A person as a file writes everyone: without accents, in LaTeX, "Family, Given", plainly.
    Each file has two of these styles, met in any of its batches; the name a person gets
    depends on all the spellings of all the files."""
    given, family, latex = PEOPLE[person]
    plain = f"{given} {family}"
    spellings = [unaccented(plain), f"{given} {latex}", f"{family}, {given}", plain]
    return spellings[style % len(spellings)]


def unaccented(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def venue_spelling(paper: Paper, rng: random.Random) -> str:
    if paper.venue not in NEW_VENUES:
        return paper.venue
    template = rng.choice(VENUE_SPELLINGS)
    return template.format(name=paper.venue, year=paper.year, short=str(paper.year)[2:])


def entry(paper: Paper, rng: random.Random, style: int) -> str:
    """One file's entry for the paper: its own spellings, with or without the optional fields."""
    title = (
        paper.title
        if rng.random() < 0.5
        else paper.title.upper()
        if rng.random() < 0.5
        else paper.title + "."
    )
    fields = {
        "title": f"{{{title}}}",
        "author": "{" + " and ".join(spelled(person, style) for person in paper.authors) + "}",
        "year": f"{{{paper.year}}}",
        "booktitle": f"{{{venue_spelling(paper, rng)}}}",
    }
    if paper.doi and rng.random() < 0.7:
        fields["doi"] = f"{{{paper.doi}}}"
    if paper.arxiv:
        fields["eprint"] = f"{{{paper.arxiv}}}"
        fields["archiveprefix"] = "{arXiv}"
    if rng.random() < 0.5:
        fields["pages"] = f"{{{paper.pages}}}"
    if paper.number % 4 == 0 and rng.random() < 0.7:
        fields["url"] = f"{{https://papers.example.org/{paper.number}}}"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@inproceedings{{p{paper.number},\n{body}\n}}\n"


def listings(
    folder: Path, *, files: int = 4, count: int = 120, share: float = 0.6, seed: int = 1
) -> list[Path]:
    """Write `files` BibTeX files, each holding about `share` of `count` papers, in its own order."""
    rng = random.Random(seed)
    pool = papers(count, rng)
    paths = []
    for number in range(files):
        chosen = [paper for paper in pool if rng.random() < share]
        rng.shuffle(chosen)
        path = folder / f"lab{number}.bib"
        entries = [entry(paper, rng, number + paper.number % 2) for paper in chosen]
        path.write_text("\n".join(entries), encoding="utf-8")
        paths.append(path)
    return paths

"""Load the invented demo lab of ingest.demo_data through the services, once."""

from collections import Counter
from dataclasses import dataclass, replace
from random import Random

from django.db import transaction

from ingest import demo_data as data
from ingest.normalize import fold
from papers.models import Paper
from papers.services import AuthorInput, paper_create
from people.models import Institution, Lab, MetricReport, Person, ProfileEntry
from people.services import (
    institution_get_or_create,
    lab_create,
    membership_create,
    person_alias_add,
    person_create,
)
from venues.models import VenueEdition
from venues.selectors import venue_by_spelling
from venues.services import venue_edition_get_or_create

LEAD_ROLES = {"phd", "master", "postdoc", "visiting_phd"}
ML_VENUES = {"NeurIPS", "ICML", "ICLR"}
DOI_VENUES = {"TPAMI", "IJCV", "TIP", "TMM", "ACM MM", "AAAI", "CVPR", "ICCV", "ECCV", "WACV"}
BY_KEY = {spec.key: spec for spec in (data.PI, *data.MEMBERS, *data.OUTSIDERS)}


@dataclass(frozen=True)
class DemoSummary:
    """What the demo lab holds after a load, and whether this load created it."""

    created: bool
    labs: int
    people: int
    papers: int
    profile_entries: int
    metric_reports: int

    def __str__(self) -> str:
        return (
            f"{self.labs} lab, {self.people} people, {self.papers} papers, "
            f"{self.profile_entries} profile entries, {self.metric_reports} metric report"
        )


@dataclass(frozen=True)
class AuthorSpec:
    """An author of a demo paper: who (a key of demo_data) and how the byline spells them."""

    key: str
    name: str
    equal_contribution: bool = False
    corresponding: bool = False


@dataclass(frozen=True)
class PaperSpec:
    """A demo paper before loading: paper_create's fields, plus its venue and authors."""

    venue: str
    authors: tuple[AuthorSpec, ...]
    fields: dict
    links: tuple[tuple[str, str], ...] = ()
    selected: bool = False


def demo_load() -> DemoSummary:
    """Create the demo lab with its people, papers and PI profile, unless it exists."""
    with transaction.atomic():
        lab = Lab.objects.filter(slug=data.LAB_SLUG).first()
        if lab is not None:
            return _summary(lab, created=False)
        return _summary(_load(), created=True)


def _load() -> Lab:
    nbu = institution_get_or_create(**data.INSTITUTION)
    people = _create_people()
    lab = lab_create(
        name=data.LAB_NAME,
        pi=people[data.PI.key],
        pi_start=data.LAB_OPENED,
        institution=nbu,
        description=data.LAB_DESCRIPTION,
        homepage=data.LAB_HOMEPAGE,
    )
    # Two loads racing: the loser got "visual-learning-lab-2"; roll it back.
    if lab.slug != data.LAB_SLUG:
        raise RuntimeError(f"Demo lab slug {lab.slug!r} is not {data.LAB_SLUG!r}; another load won.")
    _create_memberships(lab, people, nbu)
    _create_papers(people, build_papers(Random(data.SEED)))
    _create_profile(lab, people[data.PI.key])
    return lab


def _summary(lab: Lab, *, created: bool) -> DemoSummary:
    return DemoSummary(
        created=created,
        labs=1,
        people=Person.objects.filter(memberships__lab=lab).distinct().count(),
        papers=Paper.objects.filter(authorships__person__memberships__lab=lab).distinct().count(),
        profile_entries=ProfileEntry.objects.filter(person__led_labs=lab).count(),
        metric_reports=MetricReport.objects.filter(person__led_labs=lab).count(),
    )


# People and memberships


def _create_people() -> dict[str, Person]:
    people = {data.PI.key: _create_person(data.PI, **data.PI_FIELDS)}
    current = {stint.key for stint in data.STINTS if not stint.end}
    for spec in data.MEMBERS:
        email = _email(spec) if spec.key in current else ""
        people[spec.key] = _create_person(spec, email=email)
    for spec in data.OUTSIDERS:
        people[spec.key] = _create_person(spec)
    return people


def _create_person(spec: data.PersonSpec, **fields) -> Person:
    institution = institution_get_or_create(name=spec.affiliation) if spec.affiliation else None
    person = person_create(
        full_name=spec.full_name,
        given_name=spec.given_name,
        family_name=spec.family_name,
        position=spec.position,
        affiliation=spec.affiliation,
        institution=institution,
        **fields,
    )
    for alias in (*spec.aliases, *spec.bylines):
        person_alias_add(person=person, name=alias)
    return person


def _email(spec: data.PersonSpec) -> str:
    """zoe.ferreira-lindqvist@...: ASCII, words of the family name joined by hyphens."""
    given = fold(spec.given_name).replace(" ", "")
    family = fold(spec.family_name).replace(" ", "-")
    return f"{given}.{family}@{data.EMAIL_DOMAIN}"


def _create_memberships(lab: Lab, people: dict[str, Person], nbu: Institution) -> None:
    order = Counter()
    specs = {spec.key: spec for spec in data.MEMBERS}
    for stint in data.STINTS:
        home = institution_get_or_create(name=stint.home) if stint.home else nbu
        order[stint.role] += 1
        membership_create(
            lab=lab,
            person=people[stint.key],
            role=stint.role,
            title=stint.title,
            start=stint.start,
            end=stint.end,
            co_advisors=[people[key] for key in stint.co_advisors],
            institution=home,
            email=_email(specs[stint.key]),
            order=order[stint.role],
        )


# Papers: composed with a seeded Random so every load writes the same ones


def build_papers(rng: Random) -> list[PaperSpec]:
    """The demo papers in SCHEDULE order; a few keep only their first authors."""
    papers: list[PaperSpec] = []
    titles: set[str] = set()
    arxiv_ids: set[str] = set()
    for year, venues in data.SCHEDULE.items():
        nth = Counter()
        for venue in venues:
            extra = data.FEATURES.get((year, venue, nth[venue]), {})
            nth[venue] += 1
            doi = f"10.5555/vll.{year}.{len(papers) + 1:03d}"
            papers.append(_paper(rng, year, venue, doi, extra, titles, arxiv_ids))
    # Sources that cut the list after three names ("et al."): the demo shows such papers.
    long_ones = [i for i, paper in enumerate(papers) if len(paper.authors) >= 5]
    for i in rng.sample(long_ones, 4):
        cut = papers[i]
        papers[i] = replace(cut, authors=cut.authors[:3], fields={**cut.fields, "authors_complete": False})
    return papers


def _paper(
    rng: Random, year: int, venue: str, doi: str, extra: dict, titles: set[str], arxiv_ids: set[str]
) -> PaperSpec:
    kind, month, spelling = data.VENUES[venue]
    when = f"{year}-{month or f'{rng.randint(1, 12):02d}'}"
    title, abstract, slug = _title_and_abstract(rng, year, titles)
    arxiv_id = _arxiv_id(rng, when, arxiv_ids) if kind == "preprint" or rng.random() < 0.55 else ""
    fields = {
        "title": title,
        "abstract": abstract,
        "year": year,
        "date": when,
        "kind": kind,
        "doi": doi if venue in DOI_VENUES and (kind == "journal" or rng.random() < 0.5) else "",
        "arxiv_id": arxiv_id,
        "categories": (["cs.LG", "cs.CV"] if venue in ML_VENUES else ["cs.CV"]) if arxiv_id else [],
        "citation_count": _citations(rng, year, extra),
        "presentation": extra.get("presentation", ""),
        "honors": extra.get("honors", []),
        "venue_text": f"{spelling}, {year}",
    }
    if kind == "journal":
        fields.update(_journal_fields(rng, venue, year, spelling))
    if kind == "preprint":
        fields["venue_text"] = f"arXiv preprint arXiv:{arxiv_id}"
    return PaperSpec(
        venue=venue,
        authors=_authors(rng, year, when),
        fields=fields,
        links=_links(rng, year, slug),
        selected=extra.get("selected", False),
    )


def _title_and_abstract(rng: Random, year: int, titles: set[str]) -> tuple[str, str, str]:
    methods, tasks = next((m, t) for start, m, t in reversed(data.ERAS) if start <= year)
    while True:
        method, task = rng.choice(methods), rng.choice(sorted(tasks))
        article = "An" if method[0] in "AEIOU" else "A"
        title = rng.choice(data.TITLE_TEMPLATES).format(method=method, task=task, article=article)
        if title not in titles:
            break
    titles.add(title)
    phrase = task.lower()
    sentences = [
        rng.choice(data.PROBLEMS).format(Task=phrase[0].upper() + phrase[1:], task=phrase),
        rng.choice(data.IDEAS).format(method=method.lower()),
        rng.choice(data.RESULTS).format(benchmarks=tasks[task]),
    ]
    if rng.random() < 0.4:
        sentences.append(rng.choice(data.CLOSINGS))
    return title, " ".join(sentences), fold(title).replace(" ", "-")


def _arxiv_id(rng: Random, when: str, taken: set[str]) -> str:
    """An invented id from up to five months before the paper's date: 2306.01234."""
    year, month = int(when[:4]), int(when[5:7]) - rng.randint(0, 5)
    if month < 1:
        year, month = year - 1, month + 12
    while True:
        arxiv_id = f"{year % 100:02d}{month:02d}.{rng.randint(100, 19999):05d}"
        if arxiv_id not in taken:
            taken.add(arxiv_id)
            return arxiv_id


def _citations(rng: Random, year: int, extra: dict) -> int:
    count = (data.METRICS["observed_on"].year - year) * rng.randint(4, 45) + rng.randint(0, 12)
    if extra.get("honors"):
        count += 400
    return count * 2 if extra.get("selected") else count


def _journal_fields(rng: Random, venue: str, year: int, spelling: str) -> dict:
    publisher, volume_offset = data.JOURNALS[venue]
    volume = str(year - volume_offset)
    first_page = rng.randint(1, 9000)
    return {
        "publisher": publisher,
        "volume": volume,
        "number": str(rng.randint(1, 12)),
        "pages": f"{first_page}-{first_page + rng.randint(10, 16)}",
        "venue_text": f"{spelling}, vol. {volume}",
    }


def _links(rng: Random, year: int, slug: str) -> tuple[tuple[str, str], ...]:
    links = []
    if rng.random() < 0.8:
        links.append(("pdf", f"{data.LAB_HOMEPAGE}papers/{year}/{slug}.pdf"))
    if rng.random() < 0.5:
        links.append(("code", f"https://github.com/example-lab/{'-'.join(slug.split('-')[:5])}"))
    if rng.random() < 0.25:
        links.append(("project", f"{data.LAB_HOMEPAGE}projects/{slug}/"))
    return tuple(links)


def _authors(rng: Random, year: int, when: str) -> tuple[AuthorSpec, ...]:
    """A member first (the PI before any student has a year behind them), the PI usually last."""
    pi = data.PI.key
    active = [stint for stint in data.STINTS if _active(stint, when)]
    leads = sorted({stint.key for stint in active if _can_lead(stint, year)})
    first = rng.choice(leads) if leads else pi
    colleagues = sorted({stint.key for stint in active} - {first})
    members = rng.sample(colleagues, min(len(colleagues), rng.randint(0, 3)))
    outsiders = _outside_coauthors(rng, first, pi)
    middle = members + outsiders
    rng.shuffle(middle)
    keys = _close_list(rng, [first, *middle[:5]], outsiders, pi)
    # Equal contribution is only claimed by two lab members at the front.
    shared = first != pi and keys[1] in members and rng.random() < 0.25
    return tuple(
        _author(
            rng,
            key,
            equal_contribution=shared and position <= 2,
            corresponding=key == pi and rng.random() < 0.4,
        )
        for position, key in enumerate(keys, start=1)
    )


def _active(stint: data.StintSpec, when: str) -> bool:
    """In the lab at that date, or left the year before: papers outlive a stint."""
    if stint.start > when:
        return False
    return not stint.end or int(when[:4]) <= int(stint.end[:4]) + 1


def _close_list(rng: Random, keys: list[str], outsiders: list[str], pi: str) -> list[str]:
    """The PI closes the list, unless the senior author of a group the work was led with does."""
    if keys[0] == pi:
        return keys
    guest = outsiders[-1] if outsiders else None
    if guest in keys and rng.random() < 0.2:
        return [key for key in keys if key != guest] + [pi, guest]
    return [*keys, pi]


def _can_lead(stint: data.StintSpec, year: int) -> bool:
    """A first author has a year in the lab behind them; only Ph.D.s and postdocs lead after leaving."""
    if stint.role not in LEAD_ROLES or int(stint.start[:4]) >= year:
        return False
    return not stint.end or stint.role in {"phd", "postdoc"} or year <= int(stint.end[:4])


def _outside_coauthors(rng: Random, first: str, pi: str) -> list[str]:
    advisors = [key for stint in data.STINTS if stint.key == first for key in stint.co_advisors]
    chosen = [key for key in advisors if rng.random() < 0.7]
    if first == pi or rng.random() < 0.3:
        pool = sorted({spec.key for spec in data.OUTSIDERS} - set(chosen))
        chosen += rng.sample(pool, rng.randint(1, 2))
    return chosen


def _author(rng: Random, key: str, **flags: bool) -> AuthorSpec:
    spec = BY_KEY[key]
    name = rng.choice(spec.bylines) if spec.bylines and rng.random() < 0.25 else spec.full_name
    return AuthorSpec(key, name, **flags)


def _create_papers(people: dict[str, Person], specs: list[PaperSpec]) -> None:
    editions: dict[tuple[str, int], VenueEdition | None] = {}
    for spec in specs:
        year = spec.fields["year"]
        if (spec.venue, year) not in editions:
            editions[spec.venue, year] = _edition(spec.venue, year)
        authors = [
            AuthorInput(a.name, people[a.key], a.equal_contribution, a.corresponding) for a in spec.authors
        ]
        paper = paper_create(
            authors=authors, links=spec.links, venue_edition=editions[spec.venue, year], **spec.fields
        )
        if spec.selected:
            paper.selected_by.add(people[data.PI.key])


def _edition(acronym: str, year: int) -> VenueEdition | None:
    """The catalogue venue's edition; None (the paper keeps its venue_text) if the catalogue lacks it."""
    venue = venue_by_spelling(acronym) or venue_by_spelling(data.VENUES[acronym][2])
    return venue_edition_get_or_create(venue=venue, year=year) if venue else None


# The PI's profile


def _create_profile(lab: Lab, pi: Person) -> None:
    entries = [
        ProfileEntry(
            person=pi,
            lab=lab if kind == "news" else None,
            kind=kind,
            date=when,
            end=end,
            text=text,
            url=data.PROFILE_URLS.get(kind, ""),
            order=order,
        )
        for order, (kind, when, end, text) in enumerate(data.PROFILE_ENTRIES)
    ]
    for entry in entries:
        entry.full_clean()
    ProfileEntry.objects.bulk_create(entries)
    MetricReport.objects.create(person=pi, **data.METRICS)

"""End-to-end BibTeX ingestion on PostgreSQL: throughput, the floor ratio, and growth with the database.

    .venv/bin/python bench/bench_ingest.py                    # 100,000 entries; base 200,000; 10,000 new
    .venv/bin/python bench/bench_ingest.py --quick            # 5,000 / 20,000 / 1,000: a sanity run
    .venv/bin/python bench/bench_ingest.py --quick --diagnose # plus cProfile and SQL counts per batch

Measures (1) the floor: bibtexparser's bare parse of the file plus a COPY of the same rows into an
unlogged table; (2) the pipeline (run_submit + run_execute) on the same file into an empty
database: papers/s and the ratio to the floor; (3) --new new entries into a database that holds
--base papers against the same entries into an empty one.

Only databases named pubtracker_bench* are created and dropped (on 127.0.0.1:5432 unless
--server says otherwise). The base is ingested through the pipeline itself: the first --entries
are measurement (2), the rest are one more run. Prints markdown tables for bench/RESULTS.md.
"""

import argparse
import cProfile
import csv
import gc
import io
import itertools
import logging
import os
import platform
import pstats
import random
import re
import string
import subprocess
import sys
import time
from collections import Counter, defaultdict, deque
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bibtexparser  # noqa: E402
import psycopg2  # noqa: E402

from venues.catalogue import catalogue_entries  # noqa: E402

PREFIX = "pubtracker_bench"
EMPTY_DB, BASE_DB, RUN_DB = f"{PREFIX}_empty", f"{PREFIX}_base", f"{PREFIX}_run"
MAX_INPUT_BYTES = 50 * 1024 * 1024  # ingest.parsers.MAX_INPUT_BYTES: one file must fit


def words(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


# --- Names: cultures with their own given and family names; families drawn Zipf-like -----------

CHINESE_FAMILY = words(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie "
    "Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lv "
    "Ding Ren Lu Yao Shen Zhong Qian Fu Fan Jin Qiu Kong Bai Mao Hou Shi Meng Long Duan Lei Tan"
)
CHINESE_GIVEN_A = words(
    "Xiao Jian Yu Hao Zhi Ming Xin Jia Yi Tian Rui Zi Wen Hong Shu Qing Chun Jing Zhen Han"
)
CHINESE_GIVEN_B = words("ming feng xin ran yu hui ning jie hao yang chen lin tao kai qi wei long bo yan ting")
CHINESE_GIVEN_ONE = words("Jun Lei Bo Kai Jie Ying Fang Xin Tao Peng Rui Qiang Yan Ning Hui Chao")
WESTERN_FAMILY = [
    *words(
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Martin Jackson "
        "White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson "
        "Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart "
        "Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox "
        "Richardson Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
        "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Schiele "
        "Fritz Bernard Dubois Robert Richard Petit Durand Leroy Moreau Laurent Lefebvre Michel Bertrand "
        "Roux Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Mercier Guérin Faure Rossi Russo "
        "Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano "
        "Mancini Rodolà García Rodríguez Fernández López Martínez Sánchez Pérez Gómez Díaz Hernández "
        "Álvarez Romero Navarro Torres Ruiz Jansen Visser Bakker Peeters Tuytelaars Janssens Andersson "
        "Johansson Karlsson Nilsson Eriksson Larsson Hansen Nielsen Jensen Ivanov Smirnov Kuznetsov "
        "Popov Novak Kowalski Nowak Wiśniewski Dvořák Horváth Silva Santos Oliveira Pereira Ferreira "
        "Almeida"
    ),
    *["Van Gool", "de Vries", "van den Berg", "De Luca", "de la Torre", "von Luxburg"],
]
WESTERN_GIVEN = words(
    "James Mary John Patricia Michael Linda David Elizabeth Daniel Sarah Laura Matthew Emily Andrew "
    "Anna Christopher Julia Peter Sophie Benjamin Claire Alexander Emma Lukas Hannah Jonas Lena Felix "
    "Marie Jürgen Bernt Mario Luc Tinne Émilie Zoë François Pierre Camille Antoine Chloé Marco Giulia "
    "Luca Francesca Alessandro Sofia Javier Lucía Carlos Elena Pablo Inés João Beatriz Rafael Ana Erik "
    "Ingrid Lars Astrid Mikhail Olga Dmitri Katarzyna Piotr Tomáš Nicolas Isabelle Stefan Katharina "
    "Matthias Bastian Victor Helena Gabriel Olivia Samuel Rebecca"
)
CULTURES = {
    # culture: (share of people, family names in order of frequency, given names)
    "chinese": (0.45, CHINESE_FAMILY, None),
    "korean": (
        0.05,
        words("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Shin Kwon Hwang Ahn Oh Seo"),
        words(
            "Minho Jiwoo Seungwoo Hyunwoo Jaehyun Soyeon Jiyoung Dongwoo Sungjin Eunji Taehoon Yujin "
            "Hyejin Sanghoon Jinwoo Minji"
        ),
    ),
    "indian": (
        0.08,
        words(
            "Kumar Singh Sharma Gupta Patel Reddy Rao Iyer Nair Agarwal Mishra Banerjee Chatterjee "
            "Mukherjee Das Bose Ghosh Jain Mehta Krishnan Subramanian Raghavan Varma Pillai"
        ),
        words(
            "Arjun Priya Rahul Ananya Vikram Aditya Kavya Rohan Sneha Karthik Deepak Lakshmi Sanjay "
            "Meera Nikhil Pooja Varun Divya Abhishek Shreya Gaurav Neha"
        ),
    ),
    "japanese": (
        0.04,
        words(
            "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
            "Yamada Sasaki Matsumoto Inoue Kimura Hayashi Shimizu Mori Ikeda"
        ),
        words(
            "Hiroshi Yuki Takeshi Kenji Haruka Satoshi Naoko Ryo Daisuke Ayumi Kazuki Shota Emi "
            "Tomoya Yusuke Akiko"
        ),
    ),
    "western": (0.30, WESTERN_FAMILY, WESTERN_GIVEN),
    "other": (
        0.08,
        words(
            "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Cohen Levi Mizrahi Ahmed Hassan Ali Khan "
            "Hussain Rahman Karimi Hosseini Mohammadi Yilmaz Kaya Demir Çelik"
        ),
        words(
            "Minh Linh Thanh Huong Tuan Anh Duc Mai Omar Fatima Reza Leila Yosef Noa Mehmet Ayşe Ali Sara "
            "Hamid Zahra Emre Elif Amir Yasmin"
        ),
    ),
}
# LaTeX spellings of the accented letters above: BibTeX files often write names this way.
LATEX_ACCENTS = {
    "ü": '{\\"u}',
    "ä": '{\\"a}',
    "ö": '{\\"o}',
    "é": "{\\'e}",
    "è": "{\\`e}",
    "à": "{\\`a}",
    "á": "{\\'a}",
    "í": "{\\'i}",
    "ó": "{\\'o}",
    "ë": '{\\"e}',
    "ç": "{\\c{c}}",
    "ś": "{\\'s}",
    "ř": "{\\v{r}}",
    "š": "{\\v{s}}",
    "Á": "{\\'A}",
    "É": "{\\'E}",
    "Ç": "{\\c{C}}",
    "ã": "{\\~a}",
}

# --- Titles: several shapes over word lists; distinct by construction, realistic to read -------

ADJECTIVES = words(
    (
        "Efficient|Robust|Scalable|Self-Supervised|Unsupervised|Weakly-Supervised|Semi-Supervised|Few-Shot|"
        "Zero-Shot|Open-Vocabulary|Continual|Incremental|Adaptive|Hierarchical|Multi-Scale|Cross-Modal|"
        "Multimodal|Contrastive|Generative|Discriminative|Probabilistic|Bayesian|Causal|Interpretable|"
        "Explainable|Lightweight|Sparse|Dense|Federated|Differentiable|Equivariant|Implicit|Geometric|"
        "Temporal|Spatio-Temporal|Long-Tailed|Generalizable|Privacy-Preserving|Uncertainty-Aware|"
        "Physics-Informed|Compositional|Structured|Masked|Prompt-Based|Retrieval-Augmented|Training-Free|"
        "Label-Efficient|Data-Efficient|Score-Based|Memory-Augmented|Fine-Grained|Open-Set|Test-Time|"
        "Source-Free|Language-Guided|Object-Centric|Event-Based|Parameter-Efficient|Certified|Decoupled"
    ),
    "|",
)
METHODS = words(
    (
        "Transformers|Diffusion Models|Graph Neural Networks|Vision-Language Models|Large Language Models|"
        "Neural Radiance Fields|Gaussian Splatting|Normalizing Flows|Variational Autoencoders|"
        "Mixture of Experts|State Space Models|Prototypical Networks|Meta-Learning|Knowledge Distillation|"
        "Contrastive Learning|Reinforcement Learning|Optimal Transport|Hypernetworks|Spiking Neural Networks|"
        "Point Transformers|Implicit Neural Representations|Energy-Based Models|Graph Attention Networks|"
        "Recurrent Networks|Convolutional Networks|Adapters|Low-Rank Adaptation|Prompt Tuning|Token Pruning|"
        "Neural Architecture Search|Kernel Methods|Gaussian Processes|Dictionary Learning|"
        "Tensor Decomposition|Active Learning|Curriculum Learning|Self-Training|Pseudo-Labeling|"
        "Masked Autoencoders|Slot Attention|Neural ODEs|Deep Hashing|Capsule Networks|Random Features|"
        "Equilibrium Models|Neural Fields|Mamba Blocks|Dynamic Convolutions|Deformable Attention"
    ),
    "|",
)
TASKS = words(
    (
        "Semantic Segmentation|Object Detection|Instance Segmentation|Depth Estimation|Optical Flow|"
        "Image Captioning|Visual Question Answering|Person Re-Identification|Action Recognition|"
        "Video Understanding|3D Reconstruction|"
        "Human Pose Estimation|Image Retrieval|Text-to-Image Generation|"
        "Image Super-Resolution|Image Denoising|Anomaly Detection|Speech Recognition|Machine Translation|"
        "Open-Domain Question Answering|Named Entity Recognition|Relation Extraction|Code Generation|"
        "Link Prediction|Node Classification|Sequential Recommendation|Time Series Forecasting|"
        "Trajectory Prediction|Motion Planning|"
        "Scene Graph Generation|Visual Grounding|Referring Segmentation|"
        "Change Detection|Medical Image Segmentation|Lesion Detection|Protein Structure Prediction|"
        "Molecule Generation|Weather Forecasting|Document Understanding|Table Reasoning|Sentiment Analysis|"
        "Abstractive Summarization|Dialogue Generation|Program Synthesis|Theorem Proving|Robot Manipulation|"
        "Point Cloud Completion|Novel View Synthesis|Video Prediction|Audio Source Separation|Image Editing|"
        "Face Recognition|Gait Recognition|Crowd Counting|Multi-Object Tracking|Domain Adaptation|"
        "Class-Incremental Learning|Image Classification|Out-of-Distribution Detection|Stereo Matching|"
        "Image Inpainting|Video Captioning|Lane Detection|Hand-Object Interaction|Sign Language Translation"
    ),
    "|",
)
SETTINGS = words(
    (
        "in the Wild|at Scale|under Distribution Shift|with Noisy Labels|from Few Examples|on Edge Devices|"
        "in Low-Resource Settings|for Autonomous Driving|in Remote Sensing Imagery|from Monocular Video|"
        "with Limited Supervision|across Domains|in Medical Imaging|over Long Horizons|in Open Worlds|"
        "with Missing Modalities|under Adversarial Attacks|for Mobile Robots|from Event Cameras|"
        "in Crowded Scenes|with Synthetic Data|in Federated Settings|from Sparse Views|at High Resolution|"
        "in Real Time|without Labels|with Language Guidance|for Scientific Discovery|in Low Light|"
        "from Point Clouds|with Long Contexts|for Embodied Agents"
    ),
    "|",
)
PROPERTIES = words(
    "Robustness Generalization Calibration Expressivity Efficiency Convergence Stability Fairness "
    "Transferability Limits Role Pitfalls"
)
VERBS = words(
    "Segment Detect Track Reconstruct Retrieve Generate Forecast Localize Ground Edit Caption Align"
)
SYLLABLES_A = words("Proto Diff Seg Vi Uni Omni Mono Meta Neuro Graph Flow Dyna Hyper Pano Geo Poly Tri Ego")
SYLLABLES_B = words("Net Former Fuse Mix Diff GAN Seg Det Track Clip Match Scope Gen Loc Map Pose Rec Nav")


def title_of(rng: random.Random) -> str:
    adj, adj2 = rng.sample(ADJECTIVES, 2)
    method, task, where = rng.choice(METHODS), rng.choice(TASKS), rng.choice(SETTINGS)
    shapes = [
        f"{adj} {method} for {task} {where}",
        f"{adj} {task} with {method} {where}",
        f"Towards {adj} {task} {where} via {method}",
        f"Rethinking {method} for {adj} {task} {where}",
        f"On the {rng.choice(PROPERTIES)} of {adj} {method} for {task}",
        f"Learning to {rng.choice(VERBS)} {where.split(' ', 1)[1]} with {adj} {method}",
        f"{method} Meet {adj2} {rng.choice(METHODS)}: {adj} {task}",
        f"{adj} and {adj2} {task} via {method}",
    ]
    title = rng.choice(shapes)
    if rng.random() < 0.45:  # a system name: braces keep its capitals, as BibTeX files do
        name = rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B) + rng.choice(["", "", "++", "-2", "v2"])
        title = f"{{{name}}}: {title}"
    return title


ABSTRACT_SENTENCES = [
    "We propose {name}, a {adj} approach to {task} {where}.",
    "Existing methods based on {method} struggle {where}, because they ignore {prop_l} and scale poorly.",
    "Our key insight is that {method} can be made {adj_l} with a simple change to the training objective.",
    "Experiments on {n} benchmarks show gains of {gain}% over the state of the art in {task_l}.",
    "We further analyse the {prop_l} of the learned representations and release code and models.",
    "Extensive ablations confirm that each component contributes, at a cost of only {gain}% more compute.",
]


def abstract_of(rng: random.Random, title: str) -> str:
    words = {
        "name": title.split(":")[0].strip("{}") if ":" in title else "our method",
        "adj": rng.choice(ADJECTIVES).lower(),
        "adj_l": rng.choice(ADJECTIVES).lower(),
        "task": rng.choice(TASKS).lower(),
        "task_l": rng.choice(TASKS).lower(),
        "where": rng.choice(SETTINGS),
        "method": rng.choice(METHODS).lower(),
        "prop_l": rng.choice(PROPERTIES).lower(),
        "n": rng.randint(2, 9),
        "gain": rng.randint(1, 15),
    }
    count = rng.randint(3, len(ABSTRACT_SENTENCES))
    return " ".join(sentence.format(**words) for sentence in ABSTRACT_SENTENCES[:count])


# --- The corpus --------------------------------------------------------------------------------


@dataclass
class Person:
    given: str
    family: str


def people_pool(rng: random.Random, size: int, initials: bool = False) -> list[Person]:
    """size distinct people, each named within one culture; family names follow a Zipf-like law.

    The cultures hold about 43,000 distinct names; with initials, a name already taken gets a
    middle initial ("Wei J. Wang"), which makes room for about a million (bench_scale.py's 300,000).
    """
    cultures = list(CULTURES)
    shares = [CULTURES[name][0] for name in cultures]
    chinese_given = [a + b for a in CHINESE_GIVEN_A for b in CHINESE_GIVEN_B] + CHINESE_GIVEN_ONE
    seen, pool = set(), []
    while len(pool) < size:
        culture = rng.choices(cultures, shares)[0]
        _, families, givens = CULTURES[culture]
        family = rng.choices(families, [1 / (rank + 3) for rank in range(len(families))])[0]
        given = rng.choice(givens or chinese_given)
        if (given, family) in seen and initials:
            given = f"{given} {rng.choice(string.ascii_uppercase)}."
        if (given, family) not in seen:
            seen.add((given, family))
            pool.append(Person(given, family))
    return pool


def written(person: Person, rng: random.Random) -> str:
    """A name as a BibTeX file writes it: either order, accents sometimes in LaTeX."""
    name = f"{person.family}, {person.given}" if rng.random() < 0.5 else f"{person.given} {person.family}"
    if not name.isascii() and rng.random() < 0.4:
        name = "".join(LATEX_ACCENTS.get(char, char) for char in name)
    return name


@dataclass
class Corpus:
    """Entries as BibTeX text, all distinct papers (distinct titles, DOIs and arXiv ids)."""

    entries: list[str]

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.entries[start:end])


class Generator:
    """BibTeX entries of distinct papers by a fixed pool of people, the same for the same seed."""

    def __init__(self, seed: int, people: int) -> None:
        self.rng = random.Random(seed)
        self.pool = people_pool(self.rng, people)
        # Productivity is skewed: a few people write many papers, most write few.
        weights = [self.rng.lognormvariate(0, 1) for _ in self.pool]
        self.cum_weights = list(itertools.accumulate(weights))
        venues = catalogue_entries()
        self.conferences = [v for v in venues if v["kind"] in ("conference", "workshop")]
        self.journals = [v for v in venues if v["kind"] == "journal"]
        self.titles: set[str] = set()
        self.arxiv_months: Counter = Counter()

    def corpus(self, count: int) -> Corpus:
        years = list(range(2000, 2026))
        # More papers every year.
        year_weights = list(itertools.accumulate(1 + (year - 2000) * 0.4 for year in years))
        entries = []
        for n in range(count):
            year = self.rng.choices(years, cum_weights=year_weights)[0]
            entries.append(self.entry(n, year, self.unique_title()))
        return Corpus(entries)

    def unique_title(self) -> str:
        while True:
            title = title_of(self.rng)
            key = title.lower()
            if key not in self.titles:
                self.titles.add(key)
                return title

    def entry(self, n: int, year: int, title: str) -> str:
        rng = self.rng
        count = rng.choices(range(2, 9), [10, 18, 22, 20, 14, 9, 7])[0]
        authors = []
        for person in rng.choices(self.pool, cum_weights=self.cum_weights, k=count * 2):
            if person not in authors:
                authors.append(person)
        authors = authors[:count]
        fields = {"title": f"{{{title}}}", "author": " and ".join(written(p, rng) for p in authors)}
        entry_type = self.venue_fields(fields, year)
        fields["year"] = str(year)
        if rng.random() < 0.4:
            fields["month"] = rng.choice(["jan", "mar", "jun", "jul", "oct", "dec"])
        if rng.random() < 0.8:
            first = rng.randint(1, 12000)
            fields["pages"] = f"{first}--{first + rng.randint(6, 14)}"
        if rng.random() < 0.6:
            fields["doi"] = f"10.5555/bench.{year}.{n:07d}"
        arxiv = self.arxiv_id(year) if entry_type == "misc" or rng.random() < 0.3 else ""
        if arxiv:
            fields["eprint"], fields["archivePrefix"] = arxiv, "arXiv"
        if rng.random() < 0.15:
            fields["code"] = f"https://github.com/{authors[0].family.lower()}-lab/project-{n}"
        if rng.random() < 0.2:
            fields["abstract"] = abstract_of(rng, title)
        key = f"{re.sub(r'[^a-z]', '', authors[0].family.lower()) or 'anon'}{year}x{n}"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        return f"@{entry_type}{{{key},\n{body}\n}}\n"

    def venue_fields(self, fields: dict, year: int) -> str:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.08:  # an arXiv-only preprint
            return "misc"
        if roll < 0.11:  # a workshop the catalogue does not know: an unverified venue
            fields["booktitle"] = f"Proceedings of the {year} Workshop on {rng.choice(TASKS)}"
            return "inproceedings"
        if roll < 0.35:
            venue = rng.choice(self.journals)
            fields["journal"] = rng.choice([venue["name"], *venue["aliases"]])
            fields["volume"], fields["number"] = str(rng.randint(1, 60)), str(rng.randint(1, 12))
            return "article"
        venue = rng.choice(self.conferences)
        fields["booktitle"] = rng.choice(
            [venue["name"], f"Proceedings of the {venue['name']}", *venue["aliases"]]
        )
        return "inproceedings"

    def arxiv_id(self, year: int) -> str:
        month = self.rng.randint(1, 12)
        self.arxiv_months[(year, month)] += 1
        number, yymm = self.arxiv_months[(year, month)], f"{year % 100:02d}{month:02d}"
        if year < 2007:
            return f"cs/{yymm}{number:03d}"
        return f"{yymm}.{number:05d}" if year >= 2015 else f"{yymm}.{number:04d}"


# --- Databases ---------------------------------------------------------------------------------


class Server:
    """Creates and drops a benchmark's databases (names starting with prefix), and nothing else."""

    def __init__(self, url: str, prefix: str = PREFIX) -> None:
        self.url = url.rstrip("/")
        self.prefix = prefix

    def admin(self):
        connection = psycopg2.connect(f"{self.url}/postgres")
        connection.autocommit = True
        return connection

    def recreate(self, name: str, template: str | None = None) -> None:
        assert name.startswith(self.prefix), name
        with closing(self.admin()) as connection, connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
            for attempt in range(5):  # an autovacuum worker on the template delays the copy
                try:
                    cursor.execute(f'CREATE DATABASE "{name}"{clause}')
                    break
                except psycopg2.errors.ObjectInUse:
                    if attempt == 4:
                        raise
                    time.sleep(2)

    def drop(self, name: str) -> None:
        assert name.startswith(self.prefix), name
        with closing(self.admin()) as connection, connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrate(self, name: str) -> None:
        env = {**os.environ, "DATABASE_URL": f"{self.url}/{name}", "DEBUG": "1", "LOG_LEVEL": "WARNING"}
        command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(command, cwd=ROOT, env=env, check=True)

    def lock(self) -> None:
        """One benchmark at a time (every bench_* script takes this lock): two would share the cores."""
        self.holder = self.admin()  # the session lock lasts as long as this connection
        with self.holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [PREFIX])
            if not cursor.fetchone()[0]:
                sys.exit(f"another benchmark holds the {PREFIX} lock on this server; try again later")

    def version(self) -> str:
        with closing(self.admin()) as connection, connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            buffers = cursor.fetchone()[0]
        return f"PostgreSQL {version} (shared_buffers {buffers})"


def setup_django(url: str, batch_size: int | None, broker: str = "") -> None:
    os.environ.update(
        DATABASE_URL=f"{url}/{RUN_DB}",
        # DEBUG off as in production: Django then keeps no log of every query.
        DEBUG="0",
        SECRET_KEY="bench-only-key-not-secret-4c1f9e0b7a2d",
        LOG_LEVEL="WARNING",
        CELERY_BROKER_URL=broker,  # none: tasks run in this process
        # The 100,000-entry file is 48 MB: over the default limit of a listing (20 MiB), which a
        # deployment raises for files this size (`API_MAX_UPLOAD_BYTES`, checked at submit).
        API_MAX_UPLOAD_BYTES=str(64 * 1024 * 1024),
    )
    if batch_size:
        os.environ["INGEST_BATCH_SIZE"] = str(batch_size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubtracker.settings")
    import django

    django.setup()


def batch_size() -> int:
    from django.conf import settings

    return settings.INGEST_BATCH_SIZE


def use_database(name: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


# --- Measurements ------------------------------------------------------------------------------


class BatchClock(logging.Handler):
    """The moment each batch of a run committed (from the pipeline's own "ingest.batch" log line)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.times: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("ingest.batch"):
            self.times.append(time.perf_counter())
        elif record.levelno >= logging.WARNING:
            print(self.format(record), file=sys.stderr)


CLOCK = BatchClock()


@dataclass
class Ingest:
    """One measured run of the pipeline."""

    label: str
    entries: int
    seconds: float
    create: float
    parse: float
    counts: dict
    batch_times: list[float]
    load: tuple[float, float]
    cpu: float  # user + system seconds of this (Python) process: the rest is waiting on PostgreSQL

    @property
    def rate(self) -> float:
        return self.counts["created"] / self.seconds

    def batch_span(self, part: slice) -> float:
        """Mean seconds per batch over a part of the run's batches."""
        gaps = [b - a for a, b in zip(self.batch_times, self.batch_times[1:], strict=False)][part]
        return sum(gaps) / len(gaps) if gaps else float("nan")


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def timed_ingest(label: str, text: str, entries: int, profile: cProfile.Profile | None = None) -> Ingest:
    """run_submit + run_execute of one BibTeX text, in process, timed end to end."""
    import ingest.run as services
    import ingest.submit as submit

    parse_time = []
    real_parse = services.parse

    def timed_parse(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real_parse(*args, **kwargs)
        finally:
            parse_time.append(time.perf_counter() - start)

    services.parse = timed_parse
    data = text.encode("utf-8")
    gc.collect()
    load_before, cpu_before = os.getloadavg()[0], cpu_seconds()
    CLOCK.times = []
    try:
        if profile:
            profile.enable()
        start = time.perf_counter()
        run = submit.run_submit(data=data, input_name="bench.bib", format="bibtex", enqueue=False)
        created = time.perf_counter()
        CLOCK.times.append(created)
        run = services.run_execute(run_id=run.pk)
        seconds = time.perf_counter() - start
    finally:
        if profile:
            profile.disable()
        services.parse = real_parse
    assert run.status in ("succeeded", "partial"), f"{label}: run {run.pk} {run.status}: {run.error}"
    counts = services.run_counts(run)
    batch_times = [created + parse_time[0], *CLOCK.times[1:]]
    return Ingest(
        label,
        entries,
        seconds,
        created - start,
        parse_time[0],
        counts,
        batch_times,
        (load_before, os.getloadavg()[0]),
        cpu_seconds() - cpu_before,
    )


def floor(server: Server, text: str, runs: int) -> tuple[float, float, int]:
    """Best of runs: bibtexparser's bare parse, and a COPY of the same rows into an unlogged table."""
    best_parse, best_copy, rows = float("inf"), float("inf"), 0
    connection = psycopg2.connect(f"{server.url}/{RUN_DB}")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        library = bibtexparser.parse_string(text)
        parsed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_floor")
            cursor.execute(
                "CREATE UNLOGGED TABLE bench_floor (id serial PRIMARY KEY, citation_key text, title text, "
                "authors text, year int, venue text, doi text, arxiv_id text, pages text, abstract text)"
            )
            connection.commit()
            copy_start = time.perf_counter()
            rows = copy_rows(cursor, library.entries)
            connection.commit()
        done = time.perf_counter()
        best_parse = min(best_parse, parsed - start)
        best_copy = min(best_copy, done - copy_start)
    connection.close()
    return best_parse, best_copy, rows


def copy_rows(cursor, entries) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for entry in entries:
        f = {key.lower(): value.value for key, value in entry.fields_dict.items()}
        year = f.get("year", "")
        writer.writerow(
            [
                entry.key,
                f.get("title", ""),
                f.get("author", ""),
                year if year.isdigit() else "",
                f.get("booktitle") or f.get("journal", ""),
                f.get("doi", ""),
                f.get("eprint", ""),
                f.get("pages", ""),
                f.get("abstract", ""),
            ]
        )
    buffer.seek(0)
    cursor.copy_expert(
        "COPY bench_floor (citation_key, title, authors, year, venue, doi, arxiv_id, pages, abstract) "
        "FROM STDIN WITH (FORMAT csv)",
        buffer,
    )
    return len(entries)


def vacuum_analyze(server: Server, name: str) -> None:
    connection = psycopg2.connect(f"{server.url}/{name}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def database_size(server: Server, name: str) -> str:
    connection = psycopg2.connect(f"{server.url}/{name}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (SELECT count(*) FROM papers_paper), (SELECT count(*) FROM papers_authorship), "
            "(SELECT count(*) FROM people_person)"
        )
        papers, authorships, people = cursor.fetchone()
    connection.close()
    return f"{papers:,} papers, {authorships:,} authorships, {people:,} people, {size}"


# --- Diagnostics (not part of the recorded figures) --------------------------------------------

TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"(\w+)"', re.IGNORECASE)


def query_kind(sql: str) -> str:
    verb = sql.lstrip().split(None, 1)[0].upper()
    table = TABLE_RE.search(sql)
    return f"{verb} {table.group(1) if table else ''}".strip()


def count_queries(label: str, text: str, entries: int) -> list[str]:
    """Every SQL statement of one run, grouped by verb and table, per batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log = deque(maxlen=10_000_000)  # Django keeps only the last 9,000 otherwise
    with CaptureQueriesContext(connection) as captured:
        result = timed_ingest(label, text, entries)
    batches = max(1, len(result.batch_times) - 1)
    kinds: dict[str, list[float]] = defaultdict(list)
    for query in captured.captured_queries:
        kinds[query_kind(query["sql"])].append(float(query["time"]))
    lines = [
        f"{label}: {len(captured.captured_queries):,} queries in {batches} batches "
        f"({len(captured.captured_queries) / batches:.1f} per batch)",
        "| statement | per batch | total s (DB side, debug cursor) |",
        "| --- | --- | --- |",
    ]
    for kind, times in sorted(kinds.items(), key=lambda item: -sum(item[1])):
        lines.append(f"| {kind} | {len(times) / batches:.1f} | {sum(times):.2f} |")
    return lines


def block_probe(server: Server, text: str, template: str) -> list[str]:
    """What the matching index loads for one batch: rows of the fuzzy block, choices per probe."""
    from ingest.context import catalogue_aliases
    from ingest.match.papers import YEAR_WINDOW, PaperIndex, Probe, block_query
    from ingest.parsers import parse

    server.recreate(RUN_DB, template)
    use_database(RUN_DB)
    size = batch_size()
    drafts = parse(text, "bibtex", venue_aliases=catalogue_aliases()).papers[:size]
    probes = [Probe.of(draft) for draft in drafts]
    start = time.perf_counter()
    index = PaperIndex.load(probes)
    seconds = time.perf_counter() - start
    rows = sum(len(papers) for papers in index.edges.values())
    choices = sorted(
        sum(
            1
            for edge in set(probe.edges)
            for candidate in index.edges.get(edge, [])
            if candidate.year is not None and probe.year and abs(candidate.year - probe.year) <= YEAR_WINDOW
        )
        for probe in probes
    )
    lines = [
        f"{template}: PaperIndex.load for {len(probes)} probes took {seconds:.2f} s and loaded "
        f"{rows:,} block rows; fuzzy choices per probe: median {choices[len(choices) // 2]:,}, "
        f"max {choices[-1]:,}"
    ]
    if template == BASE_DB:  # the block query as PaperIndex._load_block makes it, explained
        query = block_query(probes)
        lines += ["block query:", "```", query.explain(analyze=True), "```"]
    return lines


def run_row_probe() -> list[str]:
    """What _run_batch pays at every batch to lock the run: the row comes with its whole input_text."""
    from django.db import transaction
    from django.db.models.functions import Length

    from ingest.models import IngestionRun

    use_database(BASE_DB)
    run = IngestionRun.objects.annotate(size=Length("input_text")).order_by("-size").only("pk").first()
    lines = [f"IngestionRun {run.pk} holds an input_text of {run.size / 1e6:.1f} M characters:"]
    shapes = {
        "select_for_update().get(pk=...), as _run_batch does": IngestionRun.objects.select_for_update(),
        'select_for_update().only("status", "checkpoint")': IngestionRun.objects.select_for_update().only(
            "status", "checkpoint"
        ),
    }
    for label, query in shapes.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            with transaction.atomic():
                query.get(pk=run.pk)
            times.append(time.perf_counter() - start)
        lines.append(f"- {label}: best {min(times) * 1000:,.0f} ms of 5")
    use_database(RUN_DB)
    return lines


def profile_top(profile: cProfile.Profile, limit: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


# --- Report ------------------------------------------------------------------------------------


def row(result: Ingest) -> str:
    c = result.counts
    first, last = result.batch_span(slice(0, 10)), result.batch_span(slice(-10, None))
    return (
        f"| {result.label} | {result.entries:,} | {result.seconds:.1f} | {result.create:.1f} | "
        f"{result.parse:.1f} | {result.cpu:.1f} | {c['created']:,} / {c['merged']:,} / {c['unchanged']:,} / "
        f"{c['needs_review']:,} / {c['rejected']:,} | **{result.rate:,.0f}** | {first:.2f} -> {last:.2f} | "
        f"{result.load[0]:.1f} -> {result.load[1]:.1f} |"
    )


HEADER = (
    "| run | entries | seconds | create | parse | Python CPU s "
    "| created / merged / unchanged / review / rejected | papers/s "
    "| s per batch (first 10 -> last 10) | load avg |\n" + "| --- " * 10 + "|"
)


def machine(server: Server) -> str:
    memory = next(
        line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    gib = int(memory.split()[1]) / 1024 / 1024
    return (
        f"{os.cpu_count()} CPUs, {gib:.0f} GiB, Python {platform.python_version()}, {server.version()}, "
        f"{platform.platform()}"
    )


def code_state() -> str:
    """The commit measured, and the uncommitted changes other people had in the tree at the time."""

    def git(*words: str) -> str:
        return subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True).stdout.rstrip()

    changed = [
        line[3:] for line in git("status", "--short").splitlines() if not line[3:].startswith("bench/")
    ]
    state = f"commit {git('rev-parse', '--short', 'HEAD')}"
    return f"{state} + uncommitted changes to {', '.join(changed)}" if changed else state


def sizes(args: argparse.Namespace) -> tuple[int, int, int]:
    if args.quick:
        return args.entries or 5_000, args.base or 20_000, args.new or 1_000
    return args.entries or 100_000, args.base or 200_000, args.new or 10_000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, help="entries ingested into an empty database (100,000)")
    parser.add_argument(
        "--base", type=int, help="papers already in the database for the scaling check (200,000)"
    )
    parser.add_argument("--new", type=int, help="new entries ingested into it and into an empty one (10,000)")
    parser.add_argument("--quick", action="store_true", help="5,000 / 20,000 / 1,000")
    parser.add_argument("--repeats", type=int, default=2, help="best of N for the floor and the --new runs")
    parser.add_argument("--people", type=int, default=20_000, help="distinct authors in the generated pool")
    parser.add_argument("--batch-size", type=int, help="INGEST_BATCH_SIZE (default: the setting's, 2,000)")
    parser.add_argument(
        "--diagnose", action="store_true", help="also profile and count queries of the --new runs"
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the pubtracker_bench_* databases")
    parser.add_argument(
        "--workers", type=int, nargs="?", const=2, help="instead: 1 against N worker processes (2)"
    )
    args = parser.parse_args()
    if args.workers:
        import bench_workers

        return bench_workers.main(args)
    entries, base, new = sizes(args)
    server = Server(args.server)
    server.lock()
    setup_django(server.url, args.batch_size)
    logger = logging.getLogger("ingest.run")
    logger.setLevel(logging.INFO)
    logger.addHandler(CLOCK)
    logger.propagate = False

    started = time.perf_counter()
    generator = Generator(seed=20261121, people=args.people)
    corpus = generator.corpus(max(entries, base) + new)
    main_text, new_text = corpus.text(0, entries), corpus.text(max(entries, base), max(entries, base) + new)
    megabytes = len(main_text.encode()) / 1e6
    print(
        f"generated {len(corpus.entries):,} entries in {time.perf_counter() - started:.0f} s; "
        f"main file {megabytes:.1f} MB, new file {len(new_text.encode()) / 1e6:.1f} MB",
        flush=True,
    )
    assert len(main_text.encode()) <= MAX_INPUT_BYTES, "the main file exceeds the pipeline's input limit"
    print(f"machine: {machine(server)}; load avg {os.getloadavg()}", flush=True)
    print(f"code: {code_state()}", flush=True)

    try:
        measure(server, args, corpus, entries, base, new, main_text, new_text)
    finally:
        use_database(RUN_DB)
        from django.db import connection

        connection.close()
        if not args.keep:
            for name in (RUN_DB, BASE_DB, EMPTY_DB):
                server.drop(name)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")


def measure(server, args, corpus, entries, base, new, main_text, new_text) -> None:
    server.recreate(EMPTY_DB)
    server.migrate(EMPTY_DB)
    server.recreate(RUN_DB, EMPTY_DB)
    floor_parse, floor_copy, floor_rows = floor(server, main_text, args.repeats)
    floor_total = floor_parse + floor_copy
    print(f"floor: parse {floor_parse:.2f} s + COPY {floor_copy:.2f} s of {floor_rows:,} rows", flush=True)

    server.recreate(BASE_DB, EMPTY_DB)
    use_database(BASE_DB)
    results = [timed_ingest(f"{entries:,} into an empty database", main_text, entries)]
    print(row(results[0]), flush=True)
    main_result = results[0]
    if base > entries:
        rest = corpus.text(entries, base)
        results.append(
            timed_ingest(f"{base - entries:,} more (database holds {entries:,})", rest, base - entries)
        )
        print(row(results[-1]), flush=True)
    elif base < entries:
        server.recreate(BASE_DB, EMPTY_DB)
        use_database(BASE_DB)
        results.append(timed_ingest(f"{base:,} (base)", corpus.text(0, base), base))
        print(row(results[-1]), flush=True)
    use_database(RUN_DB)
    vacuum_analyze(server, BASE_DB)
    base_facts = database_size(server, BASE_DB)
    print(f"base database: {base_facts}", flush=True)

    into_base, into_empty = [], []
    for attempt in range(args.repeats):
        for template, found in ((BASE_DB, into_base), (EMPTY_DB, into_empty)):
            server.recreate(RUN_DB, template)
            use_database(RUN_DB)
            where = f"base of {base:,}" if template == BASE_DB else "empty database"
            found.append(timed_ingest(f"{new:,} new into {where} (#{attempt + 1})", new_text, new))
            print(row(found[-1]), flush=True)
    best_base = min(into_base, key=lambda r: r.seconds)
    best_empty = min(into_empty, key=lambda r: r.seconds)

    report = [
        "",
        f"Data: {entries:,} entries ({len(main_text.encode()) / 1e6:.1f} MB); base {base:,}; new {new:,}; "
        f"{args.people:,} distinct authors; batch size {batch_size()}.",
        f"Base database after ingestion: {base_facts}.",
        f"Code: {code_state()}.",
        "",
        HEADER,
        *(row(r) for r in [*results, *into_base, *into_empty]),
        "",
        "| measure | seconds | figure | target |",
        "| --- | --- | --- | --- |",
        f"| floor: bibtexparser parse + COPY of {floor_rows:,} rows | {floor_parse:.2f} + {floor_copy:.2f} "
        f"= {floor_total:.2f} | {floor_rows / floor_total:,.0f} rows/s | |",
        f"| ingest {entries:,} into an empty database | {main_result.seconds:.1f} | "
        f"**{main_result.rate:,.0f} papers/s** | >= 1,000 papers/s |",
        f"| ratio to the floor | | **{main_result.seconds / floor_total:.1f}x** | <= 4x |",
        f"| {new:,} new into {base:,} vs into empty (best of {args.repeats}) | {best_base.seconds:.1f} vs "
        f"{best_empty.seconds:.1f} | **{best_base.seconds / best_empty.seconds:.2f}x** | <= 1.5x |",
    ]
    print("\n".join(report), flush=True)
    if args.diagnose:
        diagnose(server, new_text, new, corpus, entries)


def emit(lines: list[str]) -> None:
    """Diagnostics go out as they come: a long run that is stopped keeps what it found."""
    print("\n".join(lines), flush=True)


def diagnose(server: Server, new_text: str, new: int, corpus: Corpus, entries: int) -> None:
    emit(["", "## Diagnostics (cProfile and debug cursors inflate these times)"])
    emit(run_row_probe())
    for template in (BASE_DB, EMPTY_DB):
        emit(block_probe(server, new_text, template))
    for template in (BASE_DB, EMPTY_DB):
        server.recreate(RUN_DB, template)
        use_database(RUN_DB)
        emit(["", *count_queries(f"{new:,} new into {template}", new_text, new)])
    first = min(entries, 5000)  # per-paper costs while the database is still small
    cases = [
        (BASE_DB, f"{new:,} new into {BASE_DB}", new_text, new),
        (EMPTY_DB, f"{new:,} new into {EMPTY_DB}", new_text, new),
        (EMPTY_DB, f"the first {first:,} main entries into {EMPTY_DB}", corpus.text(0, first), first),
    ]
    for number, (template, label, text, count) in enumerate(cases):
        server.recreate(RUN_DB, template)
        use_database(RUN_DB)
        profile = cProfile.Profile()
        result = timed_ingest(f"profiled: {label}", text, count, profile)
        path = Path("/tmp") / f"bench_ingest_{number}.prof"
        profile.dump_stats(path)
        emit(["", f"### cProfile, {result.label}: {result.seconds:.1f} s (stats in {path})", "```"])
        emit([profile_top(profile), "```"])


if __name__ == "__main__":
    main()

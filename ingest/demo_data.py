"""The invented lab that `make run` shows: people, profile items, and what papers are made of.

Everything here is made up for the demo (names, titles, ids); DOIs use the 10.5555 test
prefix and URLs point at example domains. No Django import: ingest.demo loads it.
"""

from dataclasses import dataclass
from datetime import date

LAB_SLUG = "visual-learning-lab"
LAB_OPENED = "2016-09"
LAB_NAME = "Visual Learning Lab"
LAB_HOMEPAGE = "https://vll.example.org/"
LAB_DESCRIPTION = (
    "The Visual Learning Lab studies how machines can learn to see from little, messy and "
    "unevenly distributed data: few-shot and continual learning, long-tailed recognition, "
    "and models that connect images with language."
)
INSTITUTION = {"name": "Northbridge University", "short_name": "NBU", "country": "United Kingdom"}
EMAIL_DOMAIN = "nbu.example.org"
SEED = 20160901


@dataclass(frozen=True)
class PersonSpec:
    """A person of the demo; key is how the rest of this module refers to them."""

    key: str
    given_name: str
    family_name: str
    position: str = ""
    affiliation: str = ""
    aliases: tuple[str, ...] = ()
    # Spellings that some paper author lists use instead of full_name; recorded as aliases too.
    bylines: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class StintSpec:
    """One membership of a person in the lab."""

    key: str
    role: str
    title: str
    start: str
    end: str = ""
    co_advisors: tuple[str, ...] = ()
    home: str = ""  # an institution name other than the lab's


PI = PersonSpec(
    "okafor",
    "Mira",
    "Okafor",
    "Associate Professor of Computer Science",
    "Northbridge University",
    aliases=("M. Okafor", "Okafor, Mira"),
)
PI_FIELDS = {
    "bio": (
        "Mira Okafor is an Associate Professor of Computer Science at Northbridge University, "
        "where she founded the Visual Learning Lab in 2016. Her research asks how visual "
        "recognition systems can learn from few, biased or continually arriving examples. "
        "Before joining NBU she was a postdoctoral researcher working on metric learning and "
        "image retrieval. She serves regularly as an area chair for the main computer vision "
        "and machine learning conferences."
    ),
    "homepage": "https://mira-okafor.example.org/",
    "email": f"mira.okafor@{EMAIL_DOMAIN}",
    "orcid": "0000-0002-7314-5089",
}

OSTVALD = "Ostvald Institute of Technology"
VALMARENA = "Politecnico di Valmarena"
ELLERAU = "Technische Hochschule Ellerau"
HARROWGATE = "University of Harrowgate"
EASTBAY = "Eastbay Institute of Science"
HANSEO = "Hanseo Institute of Technology"
NBU = INSTITUTION["name"]

# Current members work at NBU; alumni are listed where they went.
MEMBERS = (
    PersonSpec(
        "wielgosz", "Tomasz", "Wielgosz", "Research Scientist", "Halverd Robotics", ("Wielgosz Tomasz",)
    ),
    PersonSpec("raghunathan", "Priya", "Raghunathan", "Assistant Professor", OSTVALD),
    PersonSpec("teo", "Shu Min", "Teo", "Applied Scientist", "Lumencraft", aliases=("TEO Shu Min",)),
    # An ASCII spelling that some author lists use.
    PersonSpec(
        "ferreira", "Zoë", "Ferreira-Lindqvist", "Ph.D. student", NBU, bylines=("Zoe Ferreira-Lindqvist",)
    ),
    PersonSpec("tan", "Qiyue", "Tan", "Ph.D. student", NBU, bylines=("Q. Tan",)),
    PersonSpec("oyelaran", "Marcus", "Oyelaran", "Ph.D. student", NBU),
    PersonSpec("karadag", "Elif", "Karadağ", "Ph.D. student", NBU),
    PersonSpec("brenneke", "Jonas", "Brenneke", "Postdoctoral Researcher", NBU),
    PersonSpec("kowalczyk", "Hana", "Kowalczyk", "Machine Learning Engineer", "Tessellate"),
    PersonSpec("quintero", "Rafael", "Quintero Ibáñez", "Ph.D. student", OSTVALD),
    PersonSpec("benali", "Nadia", "Benali", "Research Assistant", NBU),
    PersonSpec("moriyama", "Kenji", "Moriyama", "Research Engineer", NBU),
    PersonSpec("ferraro", "Luca", "Ferraro", "Ph.D. student", VALMARENA),
)

STINTS = (
    StintSpec("wielgosz", "phd", "Ph.D. Student", "2016-09", "2020-12"),
    StintSpec("raghunathan", "phd", "Ph.D. Student", "2017-08", "2022-05", co_advisors=("halvorsen",)),
    StintSpec("teo", "phd", "Ph.D. Student", "2018-08", "2023-06"),
    StintSpec("moriyama", "research_engineer", "Research Engineer", "2018-06"),
    StintSpec("quintero", "research_assistant", "Research Assistant", "2019-01", "2020-07"),
    StintSpec("tan", "master", "Master Student", "2019-08", "2020-12"),
    StintSpec("kowalczyk", "master", "Exchange Master Student", "2020-08", "2021-12", home=ELLERAU),
    StintSpec("ferreira", "phd", "Ph.D. Student", "2021-01", co_advisors=("adeyemi",)),
    StintSpec("tan", "phd", "Ph.D. Student", "2021-08"),
    StintSpec("brenneke", "postdoc", "Postdoctoral Researcher", "2022-03"),
    StintSpec("oyelaran", "phd", "Ph.D. Student", "2022-08"),
    StintSpec("karadag", "phd", "Ph.D. Student", "2023-08", co_advisors=("montague",)),
    StintSpec("ferraro", "visiting_phd", "Visiting Ph.D. Student", "2023-09", "2024-02", home=VALMARENA),
    StintSpec("benali", "research_assistant", "Research Assistant", "2024-01"),
)

# Co-authors and co-advisors from elsewhere.
OUTSIDERS = (
    PersonSpec("halvorsen", "Ingrid", "Halvorsen", "Professor", OSTVALD),
    PersonSpec("adeyemi", "Samuel", "Adeyemi-Clarke", "Reader in Statistics", NBU),
    PersonSpec("montague", "Clara", "Montague", "Senior Lecturer", HARROWGATE),
    PersonSpec("demirel", "Yusuf", "Demirel", "Research Scientist", "Lumencraft"),
    PersonSpec("fang", "Wei-Lun", "Fang", "Assistant Professor", EASTBAY),
    PersonSpec("sorensen", "Anika", "Sörensen", "Ph.D. student", OSTVALD),
    PersonSpec("mehtani", "Rohan", "Mehtani", "Staff Researcher", "Halverd Robotics"),
    PersonSpec("castellanos", "Olivia", "Castellanos", "Associate Professor", "Universidad de Montecal"),
    PersonSpec("volkonsky", "Dmitri", "Volkonsky", "Postdoctoral Researcher", HARROWGATE),
    PersonSpec("baek", "Hyejin", "Baek", "Assistant Professor", HANSEO),
    PersonSpec("lemaire", "Thomas", "Lemaire", "Research Scientist", "Tessellate"),
    PersonSpec("nwosu", "Amara", "Nwosu", "Ph.D. student", EASTBAY),
    PersonSpec("grunwald", "Felix", "Grünwald", "Professor", ELLERAU),
    PersonSpec("marchetti", "Sofia", "Marchetti", "Associate Professor", VALMARENA),
    PersonSpec("seong", "Jae-won", "Seong", "Ph.D. student", HANSEO),
)

# (kind, date, end, text); dates keep their precision.
PROFILE_ENTRIES = (
    ("news", "2025-06", "", "Two papers accepted to ICCV 2025."),
    ("news", "2024-09", "", "Our NeurIPS 2024 paper was selected for a spotlight presentation."),
    ("news", "2024-02", "", "Three papers accepted to CVPR 2024, one selected as a highlight."),
    ("news", "2024-01", "", "Nadia Benali joins the lab as a research assistant."),
    ("news", "2023-09", "", "Luca Ferraro from Politecnico di Valmarena visits the lab until February."),
    ("news", "2023-06", "", "Shu Min Teo defended her thesis and joins Lumencraft as an applied scientist."),
    ("news", "2022-06", "", "Our CVPR 2022 paper was selected as a Best Paper Award finalist."),
    ("news", "2022-05", "", "Priya Raghunathan defended her thesis and becomes an assistant professor."),
    ("news", "2021-01", "", "Welcome to Zoë Ferreira-Lindqvist, who joins as a Ph.D. student."),
    ("news", "2016-09", "", "The Visual Learning Lab opens at Northbridge University."),
    ("award", "2023", "", "NBU School of Computing Excellence in Research Award."),
    ("award", "2022-06", "", "CVPR 2022 Best Paper Award Finalist."),
    ("award", "2019", "", "Early Career Researcher Fellowship, Northbridge Science Foundation."),
    (
        "funding",
        "2024-01",
        "2027-12",
        "Principal investigator, Learning to See Continually (Northbridge Science Foundation).",
    ),
    (
        "funding",
        "2019-04",
        "2022-03",
        "Principal investigator, Recognition from Few and Skewed Examples (Lumencraft research gift).",
    ),
    ("service", "2025", "", "Area Chair, ICCV 2025."),
    ("service", "2024", "", "Area Chair, CVPR 2024 and NeurIPS 2024."),
    ("service", "2021", "2024", "Associate Editor, IEEE Transactions on Image Processing."),
    ("talk", "2024-11", "", "Invited talk, Workshop on Continual Vision, Ostvald Institute of Technology."),
    ("talk", "2022-10", "", "Keynote, Northern Vision and Learning Symposium."),
    ("teaching", "2023", "", "CS4242 Deep Learning for Visual Recognition (undergraduate, autumn)."),
    ("teaching", "2017", "", "CS6210 Advanced Topics in Machine Learning (graduate, spring)."),
)
PROFILE_URLS = {"news": LAB_HOMEPAGE + "news/", "talk": "https://mira-okafor.example.org/talks/"}

METRICS = {
    "source": "demo profile",
    "observed_on": date(2025, 6, 1),
    "h_index": 31,
    "citation_count": 7864,
    "paper_count": 97,
}

# Venue acronym -> (paper kind, month of the edition or "" when any month fits, source spelling).
VENUES = {
    "CVPR": (
        "conference",
        "06",
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    ),
    "ICCV": ("conference", "10", "IEEE/CVF International Conference on Computer Vision (ICCV)"),
    "ECCV": ("conference", "10", "European Conference on Computer Vision (ECCV)"),
    "NeurIPS": ("conference", "12", "Advances in Neural Information Processing Systems (NeurIPS)"),
    "ICML": ("conference", "07", "International Conference on Machine Learning (ICML)"),
    "ICLR": ("conference", "05", "International Conference on Learning Representations (ICLR)"),
    "AAAI": ("conference", "02", "AAAI Conference on Artificial Intelligence"),
    "ACM MM": ("conference", "10", "ACM International Conference on Multimedia (ACM MM)"),
    "WACV": ("conference", "01", "IEEE/CVF Winter Conference on Applications of Computer Vision (WACV)"),
    "BMVC": ("conference", "09", "British Machine Vision Conference (BMVC)"),
    "TPAMI": ("journal", "", "IEEE Transactions on Pattern Analysis and Machine Intelligence"),
    "IJCV": ("journal", "", "International Journal of Computer Vision"),
    "TIP": ("journal", "", "IEEE Transactions on Image Processing"),
    "TMM": ("journal", "", "IEEE Transactions on Multimedia"),
    "arXiv": ("preprint", "", "arXiv preprint"),
}
# Journal -> (publisher, volume of year 0): TPAMI's volume 45 is 2023, so 2023 - 45 = 1978.
JOURNALS = {"TPAMI": ("IEEE", 1978), "IJCV": ("Springer", 1892), "TIP": ("IEEE", 1991), "TMM": ("IEEE", 1998)}

# Where the lab published each year: ICCV in odd years, ECCV in even ones.
SCHEDULE = {
    2016: ("BMVC", "ECCV", "arXiv"),
    2017: ("CVPR", "ICCV", "TIP", "WACV"),
    2018: ("CVPR", "ECCV", "NeurIPS", "AAAI", "TMM", "arXiv"),
    2019: ("CVPR", "ICCV", "ICCV", "ICLR", "ACM MM", "TIP", "BMVC"),
    2020: ("CVPR", "CVPR", "ECCV", "NeurIPS", "AAAI", "TPAMI", "WACV", "arXiv"),
    2021: ("CVPR", "CVPR", "ICCV", "ICCV", "NeurIPS", "ICML", "ACM MM", "IJCV", "arXiv"),
    2022: ("CVPR", "CVPR", "ECCV", "ECCV", "NeurIPS", "ICLR", "AAAI", "TPAMI", "TIP", "arXiv"),
    2023: ("CVPR", "CVPR", "ICCV", "ICCV", "NeurIPS", "ICML", "ICLR", "ACM MM", "TPAMI", "WACV", "arXiv"),
    2024: ("CVPR", "CVPR", "CVPR", "ECCV", "ECCV", "NeurIPS", "ICLR", "AAAI", "IJCV", "TMM", "BMVC", "arXiv"),
    2025: ("CVPR", "CVPR", "ICCV", "ICCV", "ICML", "NeurIPS", "ICLR", "WACV", "TPAMI", "arXiv"),
}

# (year, venue, nth paper of that venue that year) -> what sets the paper apart.
FEATURES = {
    (2017, "ICCV", 0): {"presentation": "oral", "selected": True},
    (2019, "ICCV", 0): {"honors": ["Top 100 Most Cited ICCV Paper"], "selected": True},
    (2020, "CVPR", 0): {"presentation": "oral", "selected": True},
    (2020, "TPAMI", 0): {"selected": True},
    (2021, "NeurIPS", 0): {"presentation": "spotlight", "selected": True},
    (2022, "CVPR", 0): {"presentation": "oral", "honors": ["Best Paper Award Finalist"], "selected": True},
    (2023, "CVPR", 1): {"presentation": "highlight", "selected": True},
    (2023, "ICCV", 0): {"presentation": "oral"},
    (2024, "CVPR", 0): {"presentation": "highlight", "selected": True},
    (2024, "NeurIPS", 0): {"presentation": "spotlight"},
    (2025, "ICCV", 0): {"selected": True},
}

# Titles are composed from what the lab worked on in each period: (first year, methods, tasks).
# A task maps to the benchmarks its abstract mentions.
ERAS = (
    (
        2016,
        (
            "Episodic Metric Learning",
            "Prototype Refinement",
            "Attention Transfer",
            "Feature Hallucination",
            "Graph Label Propagation",
            "Self-Paced Sampling",
            "Residual Memory",
            "Hard Negative Mining",
        ),
        {
            "Few-Shot Image Classification": "miniImageNet and tieredImageNet",
            "Zero-Shot Recognition": "CUB-200 and AwA2",
            "Fine-Grained Recognition": "CUB-200 and Stanford Cars",
            "Weakly Supervised Object Localization": "CUB-200 and ILSVRC",
            "Unsupervised Domain Adaptation": "Office-31 and VisDA",
            "Instance-Level Image Retrieval": "Oxford5k and Paris6k",
        },
    ),
    (
        2019,
        (
            "Causal Intervention",
            "Contrastive Pretraining",
            "Meta-Transfer Learning",
            "Class-Balanced Distillation",
            "Exemplar Rehearsal",
            "Feature Debiasing",
            "Counterfactual Augmentation",
            "Momentum Prototyping",
        ),
        {
            "Long-Tailed Recognition": "ImageNet-LT and iNaturalist",
            "Class-Incremental Learning": "CIFAR-100 and ImageNet-Subset",
            "Few-Shot Semantic Segmentation": "PASCAL-5i and COCO-20i",
            "Weakly Supervised Semantic Segmentation": "PASCAL VOC and MS-COCO",
            "Scene Graph Generation": "Visual Genome",
            "Semi-Supervised Learning": "CIFAR-10 and STL-10",
        },
    ),
    (
        2022,
        (
            "Causal Prompting",
            "Visual Prompt Tuning",
            "Diffusion Guidance",
            "Language-Guided Adaptation",
            "Token Merging",
            "Mixture-of-Experts Routing",
            "Retrieval-Augmented Memory",
            "Score Distillation",
        ),
        {
            "Open-Vocabulary Segmentation": "ADE20K and PASCAL Context",
            "Rehearsal-Free Continual Learning": "Split ImageNet-R and CORe50",
            "Few-Shot Semantic Segmentation": "PASCAL-5i and COCO-20i",
            "Compositional Zero-Shot Learning": "MIT-States and C-GQA",
            "Video Question Answering": "NExT-QA and MSRVTT-QA",
            "Referring Image Segmentation": "RefCOCO and G-Ref",
        },
    ),
)
TITLE_TEMPLATES = (
    "{method} for {task}",
    "Rethinking {task} through {method}",
    "Towards Robust {task} with {method}",
    "When {method} Meets {task}",
    "On the Role of {method} in {task}",
    "Revisiting {task}: {article} {method} Perspective",
)
PROBLEMS = (
    "{Task} degrades sharply when labelled examples are scarce or unevenly spread across classes.",
    "Most methods for {task} rely on dense annotation that is costly to collect.",
    "Models trained for {task} tend to absorb spurious correlations from their training data.",
    "State-of-the-art approaches to {task} are tuned on curated benchmarks and transfer poorly.",
)
IDEAS = (
    "We propose {method}, which separates the cues a model should keep from those it should forget.",
    "We introduce {method}, a lightweight module that reuses a frozen backbone and learns few parameters.",
    "We present {method}, which estimates the bias of each class in training and removes it at inference.",
    "We show that {method} can be added to existing pipelines without changing their training schedule.",
)
RESULTS = (
    "Experiments on {benchmarks} show consistent gains over strong baselines.",
    "On {benchmarks}, it sets a new state of the art at a fraction of the training cost.",
    "Extensive experiments on {benchmarks} confirm the analysis.",
)
CLOSINGS = ("Code and models are publicly available.", "We also release the evaluation splits we used.")

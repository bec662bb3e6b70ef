from django.db import models


class Role(models.TextChoices):
    FACULTY = "faculty", "Faculty"
    POSTDOC = "postdoc", "Postdoc"
    RESEARCH_FELLOW = "research_fellow", "Research fellow"
    RESEARCH_ASSISTANT = "research_assistant", "Research assistant"
    RESEARCH_ENGINEER = "research_engineer", "Research engineer"
    RESEARCH_STUDENT = "research_student", "Research student"
    PHD = "phd", "Ph.D. student"
    MASTER = "master", "Master student"
    UNDERGRADUATE = "undergraduate", "Undergraduate"
    VISITING = "visiting", "Visiting researcher"
    VISITING_PHD = "visiting_phd", "Visiting Ph.D. student"
    OTHER = "other", "Other"


class EntryKind(models.TextChoices):
    NEWS = "news", "News"
    AWARD = "award", "Award"
    FUNDING = "funding", "Funding"
    SERVICE = "service", "Service"
    TALK = "talk", "Talk"
    SEMINAR = "seminar", "Seminar"
    TEACHING = "teaching", "Teaching"
    COLLABORATION = "collaboration", "Collaboration"


class MergeKind(models.TextChoices):
    MERGE = "merge", "Merge"
    SPLIT = "split", "Split"

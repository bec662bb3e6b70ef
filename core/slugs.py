"""Slugs for rows that are addressed by URL: one base rule, and unique slugs one row or many at a time."""

from collections.abc import Sequence

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

# What slug_base makes, and what a slug in a URL may be: ASCII letters, digits, "-" and "_".
SLUG_RE = r"[-a-zA-Z0-9_]+"


def slug_base(text: str, max_length: int = 80, fallback: str = "x") -> str:
    """The slug of text, cut to max_length, without a dash at either end ("Qianru Sun" -> "qianru-sun")."""
    return slugify(text)[:max_length].strip("-") or fallback


def unique_slug(model: type[models.Model], text: str, max_length: int = 80) -> str:
    """A slug of text that no row of model uses yet ("qianru-sun", "qianru-sun-2", ...)."""
    return unique_slugs(model, [slug_base(text, max_length)])[0]


def unique_slugs(model: type[models.Model], bases: Sequence[str]) -> list[str]:
    """A free slug for each base, distinct from each other: two queries, however many bases."""
    slugs = model._default_manager
    taken = set(slugs.filter(slug__in=set(bases)).values_list("slug", flat=True))
    if taken:
        numbered = Q()
        for base in taken:
            numbered |= Q(slug__startswith=f"{base}-")
        taken |= set(slugs.filter(numbered).values_list("slug", flat=True))
    chosen = []
    for base in bases:
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        chosen.append(slug)
    return chosen

"""Unique slugs for rows that are addressed by URL."""

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, max_length: int = 80) -> str:
    """A slug of text that no row of model uses yet ("qianru-sun", "qianru-sun-2", ...)."""
    base = slugify(text)[:max_length].strip("-") or "x"
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug

"""Filters shared by the apps' FilterSets."""

from typing import Any

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

TRUE, FALSE = ("true", "1"), ("false", "0")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    """true/false (or 1/0); anything else is a 400 rather than silently no filter."""

    field_class = forms.TypedChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [(value, value) for value in (*TRUE, *FALSE)])
        kwargs.setdefault("coerce", lambda value: value in TRUE)
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)

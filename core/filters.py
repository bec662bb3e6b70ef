"""Filters shared by the apps' FilterSets."""

from typing import Any

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.slugs import SLUG_RE

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


class NoNulField(forms.CharField):
    """A text parameter: NUL characters (which no stored text holds) are dropped, not a 400."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\x00", "")


class TextFilter(django_filters.CharFilter):
    """Free text (a search, a name): any string the schema allows is taken."""

    field_class = NoNulField


@extend_schema_field({"type": "string", "pattern": f"^({SLUG_RE})?$"})
class SlugFilter(django_filters.CharFilter):
    """A slug (a person's, a venue's), or blank for no filter: anything else is a 400, as the
    schema's pattern says."""

    field_class = forms.SlugField


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a year): "2020.5" is a 400, not a filter that matches nothing."""

    field_class = forms.IntegerField

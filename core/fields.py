"""Model fields shared by the apps."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length, Substr

# ASCII digits, the whole value ("\d" takes "٢٠٢٠", "$" a trailing newline); the API's schema says it too.
PARTIAL_DATE_PATTERN = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
PARTIAL_DATE_RE = re.compile(PARTIAL_DATE_PATTERN)


def validate_partial_date(value: str) -> None:
    """Accept "2018", "2020-08" or "2024-01-12": a date that keeps its precision."""
    if value and not PARTIAL_DATE_RE.fullmatch(value):
        raise ValidationError(
            "%(value)s is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.",
            code="invalid_partial_date",
            params={"value": value},
        )


class PartialDateField(models.CharField):
    """An ISO date cut to its known precision; "" when unknown.

    Stored as text, so that ordering the strings orders the dates and nothing is
    invented: "2020-08" stays a month, never becomes the 1st of August.
    """

    default_validators = [validate_partial_date]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)


def partial_range_check(start: str, end: str, name: str) -> models.CheckConstraint:
    """A constraint refusing an end that is surely before its start.

    The start is cut to the end's precision before comparing, so "2020-08" to "2020"
    passes (the end may be December) while "2020" to "2019-12" does not.
    """
    return models.CheckConstraint(
        condition=models.Q(**{start: ""})
        | models.Q(**{end: ""})
        | models.Q(**{f"{end}__gte": Substr(start, 1, Length(end))}),
        name=name,
        violation_error_message="The end is before the start.",
    )


def cut_to_field(model: type[models.Model], field: str, value: str) -> str:
    """The value cut to the length the model's field stores: the one rule for derived keys and names."""
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    return value[:max_length] if max_length else value

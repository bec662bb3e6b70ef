"""What every API view shares: pagination, errors as JSON with a reason, the routes."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.http import Http404, HttpRequest, JsonResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django_filters.filterset import BaseFilterSet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.counts import EstimatingPaginator
from core.fields import PARTIAL_DATE_PATTERN, validate_partial_date
from core.patterns import SPACE_CHARS


def page_url(context: dict[str, Any], path: str) -> str:
    """The absolute address of a page (the html_url of API objects), for the request being answered."""
    if "site_root" not in context:  # once per response, not once per object of a list
        request = context.get("request")
        context["site_root"] = request.build_absolute_uri("/")[:-1] if request else ""
    root: str = context["site_root"]
    return root + path


# A text that is more than spaces (DRF strips them, then finds it blank); the schema says it too.
NOT_BLANK = RegexValidator(f"[^{SPACE_CHARS}]", message="This field may not be blank.")


class TextInput(serializers.CharField):
    """Text a script sends (a listing): a NUL, which no stored text may hold, becomes U+FFFD (as
    browsers read one in a page), so the rest of the text still goes in."""

    def to_internal_value(self, data: Any) -> str:
        return super().to_internal_value(without_nul(data))


def without_nul(value: Any) -> Any:
    """A JSON value with each NUL of its texts (and of a list's texts) made U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def json_type_fits(field: serializers.Field, value: Any) -> bool:
    """Whether a JSON value has the type the field's schema says: DRF itself takes 0 for "0",
    "12" for 12 and "yes" for true, which a generated client (and the schema) does not."""
    if value is None:
        return True  # the field's allow_null decides
    if isinstance(field, serializers.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, serializers.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(field, serializers.CharField | serializers.ChoiceField):
        return isinstance(value, str)
    if isinstance(field, serializers.ListField):
        return isinstance(value, list) and all(json_type_fits(field.child, item) for item in value)
    if isinstance(field, serializers.ListSerializer | serializers.DictField):
        return isinstance(value, list if isinstance(field, serializers.ListSerializer) else dict)
    return True


class StrictJSONSerializer(serializers.Serializer):
    """A body a script writes: in JSON each value must have its field's type (a form's values are
    text, and DRF's own parsing of them stands), and a NUL in a text becomes U+FFFD (TextInput)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            data = {name: without_nul(value) for name, value in data.items()}
            wrong = {
                name: [f"Not a valid {type(field).__name__.removesuffix('Field').lower()}."]
                for name, field in self.fields.items()
                if name in data and not field.read_only and not json_type_fits(field, data[name])
            }
            if wrong:
                raise exceptions.ValidationError(wrong)
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "pattern": f"^{PARTIAL_DATE_PATTERN}$"})  # blank: allow_blank
class PartialDateInput(serializers.CharField):
    """A date to its precision ("2018", "2020-08", "2024-01-12") or blank, as the schema's pattern says."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(validators=[validate_partial_date], **kwargs)


class Pagination(PageNumberPagination):
    """`{"count","count_is_estimate","next","previous","results"}`, with `page_size` chosen up to a bound.

    The count of a whole large table (an unfiltered list of a million papers) is PostgreSQL's
    estimate (core.counts), and count_is_estimate says so; a filtered list's count is exact.
    """

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    django_paginator_class = EstimatingPaginator
    page_query_description = "A page number, from 1; a page past the last is a 404."
    page_size_query_description = (
        f"Results per page, from 1 (default {settings.API_PAGE_SIZE}); more than "
        f"{settings.API_MAX_PAGE_SIZE} gives {settings.API_MAX_PAGE_SIZE}."
    )

    def get_page_size(self, request: Request) -> int:
        size = positive_query_int(request, self.page_size_query_param)
        return settings.API_PAGE_SIZE if size is None else min(size, settings.API_MAX_PAGE_SIZE)

    def get_page_number(self, request: Request, paginator: Any) -> int:
        return positive_query_int(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page else None
        response.data = {
            "count": response.data["count"],
            "count_is_estimate": isinstance(paginator, EstimatingPaginator) and paginator.is_estimate,
            **{key: value for key, value in response.data.items() if key != "count"},
        }
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["properties"] = {
            "count": described["properties"]["count"],
            "count_is_estimate": {"type": "boolean", "description": "The count is PostgreSQL's estimate."},
            **{key: value for key, value in described["properties"].items() if key != "count"},
        }
        described["required"] = [*described.get("required", []), "count_is_estimate"]
        return described


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, but a request that sets none of a plain FilterSet's parameters gets
    the queryset as it is: what its filters would give (each leaves the queryset alone without a
    value), without building and validating their form (a twentieth of an unfiltered page of the
    papers API, bench/RESULTS.md). A FilterSet with its own qs or filter_queryset (a default
    filter, as review items' status) always runs."""

    def filter_queryset(self, request: Request, queryset: Any, view: APIView) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class is not None
            and plain(filterset_class)
            and not any(name in request.query_params for name in filterset_class.base_filters)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def plain(filterset_class: type[BaseFilterSet]) -> bool:
    """The FilterSet filters only through its filters: without values, it gives the queryset."""
    return (
        filterset_class.qs is BaseFilterSet.qs
        and filterset_class.filter_queryset is BaseFilterSet.filter_queryset
    )


class StrictOrdering(OrderingFilter):
    """?ordering= of the view's ordering_fields, comma-separated, each with an optional "-"; any
    other value (an unknown field, a space) is a 400 that lists the fields. Blank: the default order."""

    def get_ordering(self, request: Request, queryset: Any, view: APIView) -> list[str] | None:
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            default = self.get_default_ordering(view)
            return list(default) if default else None
        valid = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
        terms = raw.split(",")
        if not all(term.removeprefix("-") in valid for term in terms):
            choices = ", ".join(valid)
            raise exceptions.ValidationError(
                {self.ordering_param: [f"Order by one or more of {choices} (comma-separated, - to reverse)."]}
            )
        return terms

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, list | tuple):
            one = "-?(" + "|".join(fields) + ")"
            for parameter in parameters:
                parameter["schema"]["pattern"] = f"^({one}(,{one})*)?$"
                parameter["description"] = f"Order by {', '.join(fields)}: comma-separated, - to reverse."
        return parameters


def positive_query_int(request: Request, name: str) -> int | None:
    """The query parameter as a whole number from 1, None when absent; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise exceptions.ValidationError({name: [f"A whole number from 1, not {raw[:40]!r}."]})
    return int(raw)


@csrf_exempt  # a POST to no endpoint is a 404 too, not a CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/ that names no endpoint (or an object by a malformed slug)."""
    return JsonResponse({"detail": f"No API endpoint at {request.path[:200]}."}, status=404)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every error a JSON object that says what went wrong."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(f"The request is larger than {settings.API_MAX_UPLOAD_BYTES:,} bytes.")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You do not have permission to do this.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, list):
        response.data = {"detail": response.data}
    elif isinstance(response.data, dict) and "detail" not in response.data:
        # Field errors ({"year": ["Enter a number."]}): keep them, and say it in one line too.
        fields = ", ".join(response.data)
        response.data = {"detail": f"Invalid value for: {fields}.", "errors": response.data}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data.setdefault("detail", "Too many requests.")
    return response


class ModelPermissions(DjangoModelPermissions):
    """Signed in, and the model permission for the method, reading included (view_...)."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            if request.user and request.user.is_authenticated:
                raise exceptions.PermissionDenied(
                    f"Your account lacks the permission for {request.method} here; an admin can grant it."
                )
            return False
        return True


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is too large."
    default_code = "too_large"


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This contradicts what is stored."
    default_code = "conflict"


class UnsupportedFormat(exceptions.APIException):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_detail = "Unsupported format."
    default_code = "unsupported_format"


class ChangePermission(ModelPermissions):
    """For actions that POST a change to an existing object (resolving a review item)."""

    perms_map = {**ModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}

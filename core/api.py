"""What every API view shares: pagination, errors as JSON with a reason, the routes."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.counts import EstimatingPaginator


def page_url(context: dict[str, Any], path: str) -> str:
    """The absolute address of a page (the html_url of API objects), for the request being answered."""
    if "site_root" not in context:  # once per response, not once per object of a list
        request = context.get("request")
        context["site_root"] = request.build_absolute_uri("/")[:-1] if request else ""
    root: str = context["site_root"]
    return root + path


class Pagination(PageNumberPagination):
    """`{"count","count_is_estimate","next","previous","results"}`, with `page_size` chosen up to a bound.

    The count of a whole large table (an unfiltered list of a million papers) is PostgreSQL's
    estimate (core.counts), and count_is_estimate says so; a filtered list's count is exact.
    """

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    django_paginator_class = EstimatingPaginator

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


class UnsupportedFormat(exceptions.APIException):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_detail = "Unsupported format."
    default_code = "unsupported_format"


class ChangePermission(ModelPermissions):
    """For actions that POST a change to an existing object (resolving a review item)."""

    perms_map = {**ModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}

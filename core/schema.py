"""The OpenAPI schema says every error an operation can answer, each with its JSON body.

core.api.exception_handler makes every error `{"detail": "...", "errors": {...}}`; this schema
class documents it on each operation, for the statuses that operation can give (a generated
client then knows them, and schemathesis checks that no other status comes back).
"""

from http import HTTPStatus
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions, serializers

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ERROR_REF = "#/components/schemas/Error"
# Permissions under which anyone may read: a read never answers 403.
PUBLIC_READS = (
    permissions.AllowAny,
    permissions.DjangoModelPermissionsOrAnonReadOnly,
    permissions.IsAuthenticatedOrReadOnly,
)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, not Serializer.errors
        required=False,
        help_text='The invalid fields or parameters, each with its messages: {"year": ["Enter a number."]}.',
    )


def error_statuses(operation: dict, method: str, public_read: bool) -> list[int]:
    """The error statuses an operation can answer, from what it takes."""
    has_body = "requestBody" in operation
    parameters = operation.get("parameters", [])
    statuses = [401, 429]  # a wrong token; a client over its rate
    if has_body or any(p["in"] == "query" for p in parameters):
        statuses.append(400)
    if not (public_read and method in READ_METHODS):
        statuses.append(403)
    if has_body or any(p["in"] == "path" or p["name"] == "page" for p in parameters):
        statuses.append(404)  # an unknown object, or one the body names; a page past the last
    if has_body:
        statuses += [413, 415]  # a body over API_MAX_UPLOAD_BYTES; a media type not taken
    return sorted(statuses)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, with the error responses of each operation (error_statuses, and any
    a view declares itself with extend_schema, such as a 409)."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        public = all(is_public_read(permission) for permission in self.view.get_permissions())  # type: ignore[arg-type]
        if self.method == "POST" and "requestBody" in operation:
            operation["requestBody"]["required"] = True  # every POST here needs its body
        responses = operation["responses"]
        for code in error_statuses(operation, self.method, public):
            if str(code) not in responses:
                responses[str(code)] = self.error_response(code)
        add_error_media_types(responses)
        return operation

    def error_response(self, code: int) -> dict:
        response: dict = self._get_response_for_code(ErrorSerializer, str(code))
        response["description"] = HTTPStatus(code).phrase
        return response


def add_error_media_types(responses: dict) -> None:
    """An error asked for in another format comes in it: a text format's renderer writes it as
    text (BibTeX and RIS as comments), a JSON one as the error object."""
    formats: dict[str, dict] = {}
    for code, response in responses.items():
        if code.startswith("2"):
            for media_type, body in response.get("content", {}).items():
                if media_type != "application/json":
                    text = body.get("schema", {}).get("type") == "string"
                    formats[media_type] = {"type": "string"} if text else {"$ref": ERROR_REF}
    for code, response in responses.items():
        if code[0] in "45" and "content" in response:
            for media_type, schema in formats.items():
                response["content"][media_type] = {"schema": schema}


def is_public_read(permission: permissions.BasePermission) -> bool:
    return isinstance(permission, PUBLIC_READS) or getattr(permission, "public_reads", False)

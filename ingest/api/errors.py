"""The API's answer to what ingestion's submit refuses: one mapping for every endpoint."""

from rest_framework import exceptions

from core.api import ConflictError
from ingest.submit.owners import Conflict, OutsideLabs, OwnerError, UnknownLab


def api_error(error: OwnerError, field: str) -> exceptions.APIException:
    """403 outside the user's labs, 404 for an unknown lab, 409 for a conflict, else a 400 on field."""
    if isinstance(error, OutsideLabs):
        return exceptions.PermissionDenied(str(error))
    if isinstance(error, UnknownLab):
        return exceptions.NotFound(str(error))
    if isinstance(error, Conflict):
        return ConflictError(str(error))
    return exceptions.ValidationError({field: [str(error)]})

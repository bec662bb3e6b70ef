"""The people and labs endpoints, and a lab's members (written only by that lab's admins)."""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from core.api import ConflictError
from core.schema import ErrorSerializer
from core.slugs import SLUG_RE
from people.api.serializers import LabSerializer, MemberSerializer, MemberWriteSerializer, PersonSerializer
from people.filters import LabFilter, MembershipFilter, PersonFilter
from people.models import Lab, Membership, Person
from people.selectors import lab_list, membership_list, person_list
from people.services import membership_create, membership_update
from people.views import moved_or_404

MOVED = "The person was merged into another: Location is the same address with their slug."


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """Researchers, with their aliases and metrics; `people/{slug}/papers/` lists what each wrote."""

    queryset = person_list()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_RE
    ordering_fields = ["full_name", "family_name", "paper_count"]
    ordering = ["family_name", "full_name"]

    @extend_schema(responses={200: PersonSerializer, 301: OpenApiResponse(description=MOVED)})
    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            return moved_or_404(request, kwargs["slug"])  # a merged person's old slug leads on


class LabViewSet(viewsets.ReadOnlyModelViewSet):
    """Labs and their PIs."""

    queryset = lab_list()
    serializer_class = LabSerializer
    filterset_class = LabFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_RE
    ordering_fields = ["name"]
    ordering = ["name"]


class LabAdminOrReadOnly(permissions.BasePermission):
    """Anyone reads; a member is written by someone with the permission who administers the lab."""

    public_reads = True  # core.schema: a read never answers 403

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not user.is_authenticated:
            return False
        action = {"POST": "add", "DELETE": "delete"}.get(request.method, "change")
        if not user.has_perm(f"people.{action}_membership"):
            raise PermissionDenied(f"You need the permission to {action} memberships.")
        if not user.is_superuser and not view.lab.admins.filter(pk=user.pk).exists():
            raise PermissionDenied(f"You administer other labs, not {view.lab.name}.")
        return True


SAME_STINT = "A person holds one stint per lab, role and start: another one is a 409."


@contextmanager
def same_stint_conflict():
    """The stint (person, lab, role, start) already stored is a 409; any other invalid value a 400."""
    try:
        yield
    except DjangoValidationError as error:
        if any(e.code in ("unique", "unique_together") for e in error.error_dict.get(NON_FIELD_ERRORS, [])):
            raise ConflictError(SAME_STINT) from error
        raise


class MemberViewSet(viewsets.ModelViewSet):
    """A lab's members, past and present (`current=true` for members now)."""

    serializer_class = MemberSerializer
    filterset_class = MembershipFilter
    permission_classes = [LabAdminOrReadOnly]
    ordering_fields = ["start", "end", "role"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @property
    def lab(self) -> Lab:
        if not hasattr(self, "_lab"):
            self._lab = get_object_or_404(Lab, slug=self.kwargs["lab_slug"])
        return self._lab

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return membership_list(self.lab)

    @extend_schema(
        request=MemberWriteSerializer,
        responses={201: MemberSerializer, 409: ErrorSerializer},
        description=SAME_STINT,
    )
    def create(self, request, *args, **kwargs):
        data = self._given(request.data)
        with same_stint_conflict():
            membership = membership_create(lab=self.lab, **data)
        return Response(self._shown(membership), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MemberWriteSerializer(partial=True),
        responses={200: MemberSerializer, 409: ErrorSerializer},
        description=SAME_STINT,
    )
    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = self._given(request.data, partial=True)
        data.pop("person", None)
        with same_stint_conflict():
            membership_update(membership=membership, **data)
        return Response(self._shown(membership))

    def _given(self, data, partial: bool = False) -> dict:
        given = MemberWriteSerializer(data=data, partial=partial)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        if "person" in data:
            data["person"] = get_object_or_404(Person, slug=data["person"])
        if "co_advisors" in data:
            data["co_advisors"] = _people(data["co_advisors"])
        if "end" in data:
            data["end"] = data["end"] or ""
        return data

    def _shown(self, membership: Membership) -> dict:
        return self.get_serializer(membership_list(self.lab).get(pk=membership.pk)).data


def _people(slugs: list[str]) -> list[Person]:
    found = {person.slug: person for person in Person.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise NotFound(f"No person has the slug {', '.join(missing)} (co_advisors).")
    return [found[slug] for slug in slugs]

"""The people and labs endpoints, and a lab's members (written only by that lab's admins)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

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
    ordering_fields = ["name"]
    ordering = ["name"]


class LabAdminOrReadOnly(permissions.BasePermission):
    """Anyone reads; a member is written by someone with the permission who administers the lab."""

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

    @extend_schema(request=MemberWriteSerializer, responses={201: MemberSerializer})
    def create(self, request, *args, **kwargs):
        data = self._given(request.data)
        membership = membership_create(lab=self.lab, **data)
        return Response(self._shown(membership), status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberWriteSerializer(partial=True), responses=MemberSerializer)
    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = self._given(request.data, partial=True)
        data.pop("person", None)
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
        raise ValidationError({"co_advisors": [f"Unknown people: {', '.join(missing)}."]})
    return [found[slug] for slug in slugs]

"""/api/v1/: one router for every app's endpoints, the OpenAPI schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api import not_found
from core.slugs import SLUG_RE
from ingest.api.sources import SourceViewSet
from ingest.api.views import ReviewItemViewSet, RunViewSet
from papers.api.views import PaperViewSet, PersonPaperViewSet
from people.api.views import LabViewSet, MemberViewSet, PersonViewSet
from venues.api.views import VenueViewSet

router = DefaultRouter()
router.register("papers", PaperViewSet, basename="paper")
router.register("people", PersonViewSet, basename="person")
router.register(rf"people/(?P<person_slug>{SLUG_RE})/papers", PersonPaperViewSet, basename="person-paper")
router.register("labs", LabViewSet, basename="lab")
router.register(rf"labs/(?P<lab_slug>{SLUG_RE})/members", MemberViewSet, basename="lab-member")
router.register("venues", VenueViewSet, basename="venue")
router.register("ingest/runs", RunViewSet, basename="run")
router.register("ingest/sources", SourceViewSet, basename="source")
router.register("review", ReviewItemViewSet, basename="review")

urlpatterns = [
    # Namespaced: the router's names (person-detail, paper-detail...) are the pages' names too.
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/", not_found),  # any other address under /api/: a JSON 404, not a page
]

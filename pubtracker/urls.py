from django.contrib import admin
from django.urls import include, path

from papers.views import site
from pubtracker import views

admin.site.site_header = "pubtracker administration"
admin.site.site_title = "pubtracker admin"

urlpatterns = [
    path("", site.home, name="home"),
    path("search/", site.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("people.urls")),
    path("", include("papers.urls")),
    path("", include("venues.urls")),
    path("admin/", admin.site.urls),
    path("", include("pubtracker.api_urls")),
]

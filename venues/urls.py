from django.urls import path

from venues import views

# An edition's page lists its papers: papers.urls routes it.
urlpatterns = [
    path("venues/", views.venue_list, name="venue-list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue-detail"),
]

from django.urls import path

from venues import views

urlpatterns = [
    path("venues/", views.venue_list, name="venue-list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("venues/<slug:slug>/<int:year>/", views.edition_detail, name="venue-edition"),
]

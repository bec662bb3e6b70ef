from django.urls import path

from people import views

urlpatterns = [
    path("people/", views.person_list_page, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("people/<slug:slug>/publications.bib", views.person_bibtex, name="person-bibtex"),
    path("people/<slug:slug>/feed/", views.PersonFeed(), name="person-feed"),
    path("labs/<slug:slug>/", views.lab_detail, name="lab-detail"),
]

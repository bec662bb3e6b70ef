from django.urls import path

from papers.views import papers, people, venues

urlpatterns = [
    path("papers/<int:pk>/", papers.paper_detail, name="paper-short"),
    path("papers/<int:pk>/bibtex/", papers.paper_bibtex, name="paper-bibtex"),
    path("papers/<int:pk>/ris/", papers.paper_ris, name="paper-ris"),
    path("papers/<int:pk>/<slug:slug>/", papers.paper_detail, name="paper-detail"),
    # The pages of people, labs and venue editions that list their papers.
    path("people/<slug:slug>/", people.person_detail, name="person-detail"),
    path("people/<slug:slug>/publications.bib", people.person_bibtex, name="person-bibtex"),
    path("people/<slug:slug>/publications.ris", people.person_ris, name="person-ris"),
    path("people/<slug:slug>/feed/", people.PersonFeed(), name="person-feed"),
    path("labs/<slug:slug>/", people.lab_detail, name="lab-detail"),
    path("venues/<slug:slug>/<int:year>/", venues.edition_detail, name="venue-edition"),
]

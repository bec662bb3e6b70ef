from django.urls import path

from papers import views

urlpatterns = [
    path("papers/<int:pk>/", views.paper_detail, name="paper-short"),
    path("papers/<int:pk>/bibtex/", views.paper_bibtex, name="paper-bibtex"),
    path("papers/<int:pk>/<slug:slug>/", views.paper_detail, name="paper-detail"),
]

from django.urls import path

from people import views

# A person's and a lab's pages list their papers: papers.urls routes them.
urlpatterns = [
    path("people/", views.person_list_page, name="person-list"),
]

from django.urls import path, register_converter

from papers.views import exports, papers, people, venues


class FileSuffix:
    """The suffix of a paper file: one of the export formats (papers.views.exports.FILE_FORMATS)."""

    regex = "|".join(exports.FILE_FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FileSuffix, "file")

urlpatterns = [
    path("papers/<int:pk>/", papers.paper_detail, name="paper-short"),
    path("papers/<int:pk>/bibtex/", exports.paper_file, {"suffix": "bib"}, name="paper-bibtex"),
    path("papers/<int:pk>/ris/", exports.paper_file, {"suffix": "ris"}, name="paper-ris"),
    path("papers/<int:pk>/<slug:slug>/", papers.paper_detail, name="paper-detail"),
    # The pages of people, labs and venue editions that list their papers, and their files.
    path("people/<slug:slug>/", people.person_detail, name="person-detail"),
    path("people/<slug:slug>/publications.<file:suffix>", exports.person_file, name="person-file"),
    path("people/<slug:slug>/feed/", people.PersonFeed(), name="person-feed"),
    path("labs/<slug:slug>/", people.lab_detail, name="lab-detail"),
    path("labs/<slug:slug>/publications.<file:suffix>", exports.lab_file, name="lab-file"),
    path("venues/<slug:slug>/<int:year>/", venues.edition_detail, name="venue-edition"),
    path(
        "venues/<slug:slug>/<int:year>/publications.<file:suffix>", exports.edition_file, name="edition-file"
    ),
]
